//! The tagger: a registry and, compiled on the first tagging, the matcher
//! that finds its countries in text.

use std::sync::OnceLock;

use super::about;
use super::model::{Country, CountryTags};
use super::registry::CountryRegistry;
use super::tagging::Matcher;
use crate::extract::input::ExtractInput;
use crate::extract::words::Word;

/// Finds countries in article text. Build once, share everywhere.
#[derive(Debug)]
pub struct CountryTagger {
    registry: CountryRegistry,
    /// Built on first [`CountryTagger::tag`]: resolving user input and
    /// labelling facets never pay for it.
    matcher: OnceLock<Matcher>,
}

impl CountryTagger {
    /// Builds the tagger: parses the gazetteers (the automaton is compiled
    /// on the first [`tag`](Self::tag)).
    pub fn new() -> Self {
        CountryTagger {
            registry: CountryRegistry::new(),
            matcher: OnceLock::new(),
        }
    }

    /// Tags one article: every country mentioned, and those it is about.
    pub fn tag(&self, input: &ExtractInput<'_>) -> CountryTags {
        self.tag_with(input, None)
    }

    /// [`tag`](Self::tag), with the body's words when they were found
    /// already (see [`Extractor`](crate::extract::Extractor)).
    pub(crate) fn tag_with(
        &self,
        input: &ExtractInput<'_>,
        body_words: Option<&[Word<'_>]>,
    ) -> CountryTags {
        let matcher = self.matcher.get_or_init(|| Matcher::new(&self.registry));
        let hits = matcher.hits(input, body_words, &self.registry);
        about::score(&hits, self.registry.countries())
    }

    /// The countries this tagger finds, their ids and aliases.
    pub fn registry(&self) -> &CountryRegistry {
        &self.registry
    }

    /// Resolves user input to a country (see [`CountryRegistry::resolve`]).
    pub fn resolve(&self, alias: &str) -> Option<Country> {
        self.registry.resolve(alias)
    }

    /// The country with canonical id `id`.
    pub fn by_id(&self, id: &str) -> Option<Country> {
        self.registry.by_id(id)
    }

    /// Close matches for unknown input (see [`CountryRegistry::suggest`]).
    pub fn suggest(&self, input: &str) -> Vec<Country> {
        self.registry.suggest(input)
    }

    /// Every known country, sorted by id.
    pub fn all(&self) -> Vec<Country> {
        self.registry.all()
    }
}

impl Default for CountryTagger {
    fn default() -> Self {
        Self::new()
    }
}
