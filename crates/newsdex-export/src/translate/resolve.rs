//! Facet values and languages: what a filter or a `field:` scope names, and
//! which analyses a word gets, with or without a newsdex index at hand.
//!
//! - **With an index** ([`Values::Index`]), a value is resolved exactly as
//!   `newsdex search` resolves it ([`newsdex_query::resolve_facet`]:
//!   names, aliases, parts of names, "did you mean"), and words are
//!   analysed for the languages of the index's articles.
//! - **Without one** ([`Values::Registries`]), newsdex's registries resolve
//!   what they know, the same way search does: countries (`qatar`, `QA`,
//!   `Qatari` → `qa`), votes (`vetoed/russia` → `vetoed/ru`), languages
//!   (`French` → `fr`), known organisations (`UNSC` →
//!   `un/security-council`) and known outlets (`Financial Times` → `ft`).
//!   Any other source, person, speaker or organisation is taken as the
//!   stored value it spells (lowercased; a person's name slugged, "Antony
//!   Blinken" → `antony-blinken`): search would also match a part of a
//!   name (`blinken` → `antony-blinken`) against the index's values, which
//!   only an index can list.

use newsdex_core::analysis::Analysis;
use newsdex_core::extract::{language, CountryRegistry, OrgRegistry, SourceRegistry};
use newsdex_core::schema::Facet;
use newsdex_core::{NewsIndex, VoteKind, VoteOutcome};
use newsdex_query::{QueryError, QueryErrorKind, SearchError};

use crate::error::{ExportError, Result};

/// Where facet values and languages come from.
#[derive(Clone, Copy)]
pub(crate) enum Values<'a> {
    /// A newsdex index of the same articles.
    Index(&'a NewsIndex),
    /// newsdex's registries only.
    Registries,
}

impl Values<'_> {
    /// The stored values `input` names for `facet` (several when a part of
    /// a name names several people). An unknown value is a
    /// [`QueryErrorKind::UnknownFacetValue`], as in search.
    pub(crate) fn resolve(&self, facet: Facet, input: &str) -> Result<Vec<String>> {
        match self {
            Values::Index(index) => {
                newsdex_query::resolve_facet(index, facet, input).map_err(from_search)
            }
            Values::Registries => offline(facet, input).map_err(ExportError::Query),
        }
    }

    /// The analysis chains, other than English, of the articles' languages:
    /// the index's (as search reads them), or those of `languages` given by
    /// the caller when there is no index.
    pub(crate) fn other_analyses(&self, languages: &[String]) -> Result<Vec<Analysis>> {
        let codes: Vec<String> = match self {
            Values::Index(index) => newsdex_query::facet_values(index, Facet::Language)
                .map_err(from_search)?
                .into_iter()
                .map(|count| count.value)
                .collect(),
            Values::Registries => languages.to_vec(),
        };
        let mut analyses: Vec<Analysis> = codes
            .iter()
            .map(|code| Analysis::of(Some(code.trim())))
            .filter(|analysis| *analysis != Analysis::English)
            .collect();
        analyses.sort();
        analyses.dedup();
        Ok(analyses)
    }
}

/// A search error as this crate's: a query error stays one.
pub(crate) fn from_search(err: SearchError) -> ExportError {
    match err {
        SearchError::Query(err) => ExportError::Query(err),
        other => ExportError::Index(other),
    }
}

/// Resolution without an index (see the module docs).
fn offline(facet: Facet, input: &str) -> std::result::Result<Vec<String>, QueryError> {
    let input = input.trim();
    let lower = input.to_lowercase();
    let unknown = |suggestions: Vec<String>| {
        QueryError::new(QueryErrorKind::UnknownFacetValue {
            field: facet.to_string(),
            value: input.to_string(),
            suggestions,
        })
    };
    match facet {
        Facet::Country | Facet::About => country(input).map(|id| vec![id]).map_err(unknown),
        Facet::Vote => {
            let (kind, member) = match lower.split_once('/') {
                Some((kind, member)) => (kind.trim().to_string(), Some(member.trim())),
                None => (lower.clone(), None),
            };
            if kind.parse::<VoteKind>().is_err() {
                return Err(unknown(
                    VoteKind::ALL.iter().map(|k| k.to_string()).collect(),
                ));
            }
            match member {
                None | Some("") => Ok(vec![kind]),
                // An outcome has no members (`adopted/us` could never match).
                Some(_) if kind.parse::<VoteOutcome>().is_ok() => Err(unknown(vec![kind])),
                Some(member) => match country(member) {
                    Ok(id) => Ok(vec![format!("{kind}/{id}")]),
                    Err(suggestions) => Err(QueryError::new(QueryErrorKind::UnknownFacetValue {
                        field: Facet::Country.to_string(),
                        value: member.to_string(),
                        suggestions,
                    })),
                },
            }
        }
        Facet::Language => language::normalise_declared(input)
            .map(|code| vec![code.to_string()])
            .ok_or_else(|| unknown(Vec::new())),
        Facet::Source => match SourceRegistry::shipped().resolve(input) {
            Some(known) => Ok(vec![known.id.clone()]),
            None if !lower.is_empty() => Ok(vec![lower]),
            None => Err(unknown(Vec::new())),
        },
        Facet::Org => match OrgRegistry::shared().resolve(input) {
            Some(known) => Ok(vec![known.slug.clone()]),
            None if !lower.is_empty() => Ok(vec![lower]),
            None => Err(unknown(Vec::new())),
        },
        Facet::Person | Facet::SaidBy => {
            let slug = slugify(input);
            if slug.is_empty() {
                return Err(unknown(Vec::new()));
            }
            Ok(vec![slug])
        }
    }
}

/// The canonical id of the country `input` names, or close matches
/// ("Label (id)"), as search resolves `--country`.
fn country(input: &str) -> std::result::Result<String, Vec<String>> {
    let countries = CountryRegistry::shared();
    match countries.resolve(input) {
        Some(country) => Ok(country.id),
        None => Err(countries
            .suggest(input)
            .into_iter()
            .map(|c| format!("{} ({})", c.label, c.id))
            .take(5)
            .collect()),
    }
}

/// A person's slug as the people extractor builds it ("Antony J. Blinken"
/// → `antony-blinken`), as search slugs `--person` input.
fn slugify(text: &str) -> String {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '_' || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    newsdex_core::extract::slug(&words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registries_resolve_what_search_resolves_without_an_index() {
        let values = Values::Registries;
        let one = |facet, input: &str| values.resolve(facet, input).unwrap();
        assert_eq!(one(Facet::Country, "Qatari"), ["qa"]);
        assert_eq!(one(Facet::About, "RU"), ["ru"]);
        assert_eq!(one(Facet::Vote, "vetoed/russia"), ["vetoed/ru"]);
        assert_eq!(one(Facet::Vote, "Vetoed"), ["vetoed"]);
        assert_eq!(one(Facet::Language, "French"), ["fr"]);
        assert_eq!(one(Facet::Source, "Financial Times"), ["ft"]);
        assert_eq!(one(Facet::Org, "UNSC"), ["un/security-council"]);
        assert_eq!(one(Facet::Person, "Antony J. Blinken"), ["antony-blinken"]);
        assert_eq!(one(Facet::SaidBy, "kirby"), ["kirby"]);
    }

    #[test]
    fn unknown_values_are_errors_with_suggestions() {
        let values = Values::Registries;
        for (facet, input) in [
            (Facet::Country, "Rusia"),
            (Facet::Vote, "vetod"),
            (Facet::Vote, "adopted/us"),
            (Facet::Vote, "vetoed/narnia"),
            (Facet::Language, "Klingon-ish"),
            (Facet::Person, "  "),
        ] {
            let err = values.resolve(facet, input).unwrap_err();
            assert!(
                matches!(
                    err,
                    ExportError::Query(QueryError {
                        kind: QueryErrorKind::UnknownFacetValue { .. },
                        ..
                    })
                ),
                "{facet} {input}: {err}"
            );
        }
        let err = values.resolve(Facet::Country, "Rusia").unwrap_err();
        assert!(err.to_string().contains("(ru)"), "{err}");
    }

    #[test]
    fn languages_become_distinct_analyses() {
        let codes = ["en", "fr", "fr", "pl", "cs", "de"].map(String::from);
        let analyses = Values::Registries.other_analyses(&codes).unwrap();
        assert_eq!(
            analyses,
            [
                Analysis::Snowball("de"),
                Analysis::Snowball("fr"),
                Analysis::Unstemmed
            ]
        );
    }
}
