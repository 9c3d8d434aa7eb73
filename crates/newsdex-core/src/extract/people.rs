//! People extraction (placeholder until the people issue lands: finds nothing).

use super::ExtractInput;
use crate::article::Person;

/// Finds person names in article text.
#[derive(Debug, Default)]
pub struct PeopleExtractor {}

impl PeopleExtractor {
    /// Builds the extractor.
    pub fn new() -> Self {
        PeopleExtractor {}
    }

    /// People named in one article.
    pub fn extract(&self, _input: &ExtractInput<'_>) -> Vec<Person> {
        Vec::new()
    }
}
