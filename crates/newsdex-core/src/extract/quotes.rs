//! Quote extraction (placeholder until the quotes issue lands: finds nothing).

use super::ExtractInput;
use crate::article::{Person, Quote};

/// Finds quoted statements and their speakers.
#[derive(Debug, Default)]
pub struct QuoteExtractor {}

impl QuoteExtractor {
    /// Builds the extractor.
    pub fn new() -> Self {
        QuoteExtractor {}
    }

    /// Quotes in one article; speakers resolved against `people`.
    pub fn extract(&self, _input: &ExtractInput<'_>, _people: &[Person]) -> Vec<Quote> {
        Vec::new()
    }
}
