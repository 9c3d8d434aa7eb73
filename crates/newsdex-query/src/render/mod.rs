//! Rendering results for people ([`text`]) and for programs ([`json`]).

pub mod json;
pub mod text;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Human-readable text, optionally with ANSI colour.
    Text {
        /// Emit ANSI escapes (bold highlights, dim metadata).
        color: bool,
    },
    /// One JSON object (see [`json`] for the wire format).
    Json,
}
