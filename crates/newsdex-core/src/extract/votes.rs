//! Vote extraction (placeholder until the votes issue lands: finds nothing).

use super::countries::CountryTagger;
use super::ExtractInput;
use crate::article::VoteEvent;

/// Finds vote events in article text.
#[derive(Debug, Default)]
pub struct VoteExtractor {}

impl VoteExtractor {
    /// Builds the extractor.
    pub fn new() -> Self {
        VoteExtractor {}
    }

    /// Vote events in one article.
    pub fn extract(&self, _input: &ExtractInput<'_>, _countries: &CountryTagger) -> Vec<VoteEvent> {
        Vec::new()
    }
}

/// Hierarchical facet paths (without the field) for vote events, e.g.
/// `adopted`, `vetoed/ru`.
pub fn vote_facets(_events: &[VoteEvent]) -> Vec<String> {
    Vec::new()
}
