//! Source detection from text (placeholder until the sources issue lands:
//! always `unknown`).

use crate::article::Source;

/// Detects the publishing outlet from an article's raw text, or
/// [`Source::unknown`] when no rule decides.
pub fn detect_source(_raw_text: &str) -> Source {
    Source::unknown()
}
