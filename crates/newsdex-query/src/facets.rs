//! Facets: resolving what a user typed (`--source "Financial Times"`,
//! `--country RU`, `--vote vetoed/russia`, `--person blinken`) to the values
//! stored in the index, and counting values over a result set.
//!
//! Resolution is forgiving and never silently empty: a value that resolves to
//! nothing is a [`QueryErrorKind::UnknownFacetValue`] listing close matches.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use newsdex_core::extract::{CountryRegistry, OrgRegistry};
use newsdex_core::schema::{Facet, NewsSchema};
use newsdex_core::{VoteKind, VoteOutcome};
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{Facet as FacetPath, IndexRecordOption};
use tantivy::{Searcher, TantivyDocument, Term};

use crate::error::{QueryError, QueryErrorKind, Result};

/// One facet value with its count in a result set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    /// Value as stored and as accepted on input, e.g. `ft`, `vetoed/ru`.
    pub value: String,
    /// Human label, e.g. `Financial Times`, `vetoed: Russia`.
    pub label: String,
    /// Matching articles.
    pub count: u64,
}

/// Every value of a facet field present in the index (paths without the
/// leading `/`, all levels of the hierarchy).
pub fn index_values(
    searcher: &Searcher,
    schema: &NewsSchema,
    facet: Facet,
) -> Result<BTreeSet<String>> {
    let field = schema.facet(facet);
    let mut values = BTreeSet::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted.terms().stream()?;
        while stream.advance() {
            if let Ok(encoded) = std::str::from_utf8(stream.key()) {
                // Facet terms are their path segments separated by NUL.
                let path = encoded.split('\0').collect::<Vec<_>>().join("/");
                if !path.is_empty() {
                    values.insert(path);
                }
            }
        }
    }
    Ok(values)
}

/// Resolves user input for facet fields against one searcher.
pub struct FacetResolver<'a> {
    searcher: &'a Searcher,
    schema: &'a NewsSchema,
    cache: BTreeMap<Facet, BTreeSet<String>>,
}

impl<'a> FacetResolver<'a> {
    /// A resolver over `searcher`.
    pub fn new(searcher: &'a Searcher, schema: &'a NewsSchema) -> Self {
        FacetResolver {
            searcher,
            schema,
            cache: BTreeMap::new(),
        }
    }

    fn values(&mut self, field: Facet) -> Result<&BTreeSet<String>> {
        if !self.cache.contains_key(&field) {
            let values = index_values(self.searcher, self.schema, field)?;
            self.cache.insert(field, values);
        }
        Ok(&self.cache[&field])
    }

    /// Resolves `input` for `field` to one or more stored values (more than
    /// one when a short alias such as a surname names several people).
    pub fn resolve(&mut self, field: Facet, input: &str) -> Result<Vec<String>> {
        let input = input.trim();
        let lower = input.to_lowercase();
        let unknown = |suggestions: Vec<String>| {
            QueryError::new(QueryErrorKind::UnknownFacetValue {
                field: field.to_string(),
                value: input.to_string(),
                suggestions,
            })
        };
        match field {
            Facet::Country | Facet::About => resolve_country(input)
                .map(|id| vec![id])
                .map_err(|suggestions| unknown(suggestions).into()),
            Facet::Vote => {
                let (kind, member) = match lower.split_once('/') {
                    Some((kind, member)) => (kind.trim().to_string(), Some(member.trim())),
                    None => (lower.clone(), None),
                };
                if kind.parse::<VoteKind>().is_err() {
                    let names = VoteKind::ALL.iter().map(VoteKind::to_string);
                    return Err(unknown(close_matches(&kind, names)).into());
                }
                match member {
                    None | Some("") => Ok(vec![kind]),
                    Some(_) if kind.parse::<VoteOutcome>().is_ok() => {
                        // An outcome has no members: `adopted/us` could
                        // never match, so it is not a silent empty result.
                        Err(unknown(vec![kind]).into())
                    }
                    Some(member) => {
                        let country = self.resolve(Facet::Country, member)?;
                        Ok(country
                            .into_iter()
                            .map(|id| format!("{kind}/{id}"))
                            .collect())
                    }
                }
            }
            Facet::Source => {
                let values = self.values(field)?.clone();
                if values.contains(&lower) {
                    return Ok(vec![lower]);
                }
                let labels = source_labels(self.searcher, self.schema, &values)?;
                if let Some((value, _)) = labels
                    .iter()
                    .find(|(_, label)| label.to_lowercase() == lower)
                {
                    return Ok(vec![value.clone()]);
                }
                // Known outlets' aliases ("The Financial Times", "LA Times").
                let registry = newsdex_core::extract::SourceRegistry::shipped();
                if let Some(known) = registry.resolve(input).filter(|s| values.contains(&s.id)) {
                    return Ok(vec![known.id.clone()]);
                }
                let candidates = values.iter().cloned().chain(labels.values().cloned());
                Err(unknown(close_matches(&lower, candidates)).into())
            }
            Facet::Language => {
                // A code, a tag or a name ("fr", "fr-CA", "French").
                let values = self.values(field)?.clone();
                let code = newsdex_core::extract::language::normalise_declared(input)
                    .map_or(lower.clone(), str::to_string);
                if values.contains(&code) {
                    return Ok(vec![code]);
                }
                let names = values.iter().flat_map(|v| {
                    let name = newsdex_core::extract::language::name(v);
                    std::iter::once(v.clone()).chain(name.map(str::to_string))
                });
                Err(unknown(close_matches(&lower, names)).into())
            }
            Facet::Person | Facet::SaidBy => {
                // People and speakers: slugs. Accept the slug, the name
                // ("Antony Blinken"), or consecutive parts of it ("blinken",
                // "thomas-greenfield").
                let values = self.values(field)?.clone();
                let slug = slugify(input);
                if values.contains(&slug) {
                    return Ok(vec![slug]);
                }
                let by_part: Vec<String> = values
                    .iter()
                    .filter(|v| !slug.is_empty() && format!("-{v}-").contains(&format!("-{slug}-")))
                    .cloned()
                    .collect();
                if !by_part.is_empty() {
                    return Ok(by_part);
                }
                Err(unknown(close_matches(&slug, values.iter().cloned())).into())
            }
            Facet::Org => {
                let values = self.values(field)?.clone();
                resolve_org(input, &values).map_err(|s| unknown(s).into())
            }
        }
    }
}

/// The `org` values `input` names: a known organisation (slug, `-` for
/// `/`, name or acronym: `un-security-council`, `"Security Council"`,
/// `UNSC`), a value in the index written with `-` for `/`, or the values
/// that hold `input` as whole hyphen-separated parts (`security-council`,
/// `shamrock`); else close matches.
fn resolve_org(
    input: &str,
    values: &BTreeSet<String>,
) -> std::result::Result<Vec<String>, Vec<String>> {
    let registry = OrgRegistry::shared();
    if let Some(org) = registry.resolve(input) {
        return Ok(vec![org.slug.clone()]);
    }
    let lower = input.trim().to_lowercase();
    if values.contains(&lower) {
        return Ok(vec![lower]);
    }
    let key = slugify(&lower.replace('/', "-"));
    if key.is_empty() {
        return Err(Vec::new());
    }
    let dashed = |v: &String| v.replace('/', "-");
    if let Some(v) = values.iter().find(|v| dashed(v) == key) {
        return Ok(vec![v.clone()]);
    }
    let by_part: Vec<String> = values
        .iter()
        .filter(|v| format!("-{}-", dashed(v)).contains(&format!("-{key}-")))
        .cloned()
        .collect();
    if !by_part.is_empty() {
        return Ok(by_part);
    }
    Err(close_matches(&key, values.iter().map(dashed)))
}

/// The person slug of user input, as the people extractor builds it:
/// "Antony J. Blinken" → `antony-blinken`, "António Guterres" →
/// `antonio-guterres`, "thomas-greenfield" → `thomas-greenfield`.
pub fn slugify(text: &str) -> String {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '_' || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    newsdex_core::extract::slug(&words)
}

/// Up to five candidates within edit distance 2 of `input`, or starting
/// with it, closest first.
pub fn close_matches(input: &str, candidates: impl Iterator<Item = String>) -> Vec<String> {
    let input = input.to_lowercase();
    let mut scored: Vec<(usize, String)> = candidates
        .filter_map(|c| {
            let lower = c.to_lowercase();
            let distance = strsim::levenshtein(&input, &lower);
            let close = distance <= 2 || (!input.is_empty() && lower.starts_with(&input));
            close.then_some((distance, c))
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(5).map(|(_, c)| c).collect()
}

/// Source id → source name, read from one stored article per source.
pub fn source_labels(
    searcher: &Searcher,
    schema: &NewsSchema,
    values: &BTreeSet<String>,
) -> Result<BTreeMap<String, String>> {
    let mut labels = BTreeMap::new();
    for value in values {
        let term = Term::from_facet(schema.source, &FacetPath::from_path([value.as_str()]));
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        if let Some((_, address)) = top.first() {
            let doc: TantivyDocument = searcher.doc(*address)?;
            if let Ok(article) = newsdex_core::stored::hit(schema, &doc) {
                labels.insert(value.clone(), article.source.name);
            }
        }
    }
    Ok(labels)
}

/// The canonical id of the country `input` names, or else close matches
/// ("Label (id)", at most five). Uses the shared [`CountryRegistry`]: no
/// tagging automaton or word list is built to resolve input.
fn resolve_country(input: &str) -> std::result::Result<String, Vec<String>> {
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

/// Human label for a facet value (see [`Labels`], which labels several at
/// once).
#[cfg(test)]
pub fn label(field: Facet, value: &str, source_names: &BTreeMap<String, String>) -> String {
    Labels::new([(field, value)], source_names.clone()).label(field, value)
}

/// The labels of the facet values one answer shows, looked up together:
/// countries and organisations from their gazetteer rows alone
/// ([`CountryRegistry::labels_of`], [`OrgRegistry::labels_of`]), so that a
/// one-shot search builds neither registry (they cost more than a rare
/// term's whole search); outlets from `source_names`.
pub struct Labels {
    countries: HashMap<String, String>,
    orgs: HashMap<String, String>,
    sources: BTreeMap<String, String>,
}

impl Labels {
    /// The labels of `values` (field, value as stored); `source_names`
    /// names the outlets (see [`source_labels`]).
    pub fn new<'a>(
        values: impl IntoIterator<Item = (Facet, &'a str)>,
        source_names: BTreeMap<String, String>,
    ) -> Labels {
        let mut countries: BTreeSet<&str> = BTreeSet::new();
        let mut orgs: BTreeSet<&str> = BTreeSet::new();
        for (field, value) in values {
            match field {
                Facet::Country | Facet::About => {
                    countries.insert(value);
                }
                Facet::Vote => {
                    if let Some((_, member)) = value.split_once('/') {
                        countries.insert(member);
                    }
                }
                Facet::Org => {
                    orgs.insert(value);
                }
                Facet::Source | Facet::Language | Facet::Person | Facet::SaidBy => {}
            }
        }
        let named = |keys: BTreeSet<&str>, labels: Vec<Option<String>>| {
            keys.into_iter()
                .zip(labels)
                .filter_map(|(key, label)| Some((key.to_string(), label?)))
                .collect::<HashMap<String, String>>()
        };
        let country_ids: Vec<&str> = countries.iter().copied().collect();
        let org_slugs: Vec<&str> = orgs.iter().copied().collect();
        Labels {
            countries: named(countries, CountryRegistry::labels_of(&country_ids)),
            orgs: named(orgs, OrgRegistry::labels_of(&org_slugs)),
            sources: source_names,
        }
    }

    /// The label of `value` of `field` (the value itself when nothing
    /// better is known); `value` must be one [`Labels::new`] was given.
    pub fn label(&self, field: Facet, value: &str) -> String {
        let country_label = |id: &str| {
            self.countries
                .get(id)
                .map_or(id, String::as_str)
                .to_string()
        };
        match field {
            Facet::Source => self
                .sources
                .get(value)
                .cloned()
                .unwrap_or_else(|| value.to_string()),
            Facet::Country | Facet::About => country_label(value),
            Facet::Language => newsdex_core::extract::language::name(value)
                .unwrap_or(value)
                .to_string(),
            Facet::Vote => match value.split_once('/') {
                Some((kind, member)) => format!("{kind}: {}", country_label(member)),
                None => value.to_string(),
            },
            Facet::Org => match self.orgs.get(value) {
                Some(label) => label.clone(),
                None => person_label(value.rsplit('/').next().unwrap_or(value)),
            },
            Facet::Person | Facet::SaidBy => person_label(value),
        }
    }
}

/// A person slug as a name: `antony-blinken` → `Antony Blinken`.
fn person_label(value: &str) -> String {
    value
        .split('-')
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Counts by value path (as
/// [`FacetValueCollector`](crate::facet_collector::FacetValueCollector)
/// gives them) as labelled [`FacetCount`]s sorted by count, then label.
pub fn to_counts(field: Facet, counts: Vec<(String, u64)>, labels: &Labels) -> Vec<FacetCount> {
    let mut out: Vec<FacetCount> = counts
        .into_iter()
        .map(|(value, count)| FacetCount {
            label: labels.label(field, &value),
            value,
            count,
        })
        .collect();
    sort_counts(&mut out);
    out
}

/// Sorts by count (highest first), then label.
pub fn sort_counts(counts: &mut [FacetCount]) {
    counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_matches() {
        assert_eq!(slugify("Antony J. Blinken"), "antony-blinken");
        assert_eq!(slugify("António Guterres"), "antonio-guterres");
        assert_eq!(slugify("thomas-greenfield"), "thomas-greenfield");
        assert_eq!(slugify("  KIRBY "), "kirby");
        let sources = ["ft", "npr", "abc"].iter().map(|s| s.to_string());
        assert_eq!(close_matches("fx", sources), vec!["ft".to_string()]);
        let names = ["Financial Times".to_string(), "NPR".to_string()].into_iter();
        assert_eq!(
            close_matches("financial", names),
            vec!["Financial Times".to_string()]
        );
    }

    #[test]
    fn countries_resolve_and_label_through_the_registry() {
        for (input, id) in [
            ("Britain", "gb"),
            ("RU", "ru"),
            ("russian", "ru"),
            ("west-germany", "de"),
            ("Soviet Union", "su"),
        ] {
            assert_eq!(resolve_country(input).as_deref(), Ok(id), "{input}");
        }
        let suggestions = resolve_country("Rusia").unwrap_err();
        assert!(
            suggestions.iter().any(|s| s.ends_with("(ru)")),
            "{suggestions:?}"
        );
        let none = BTreeMap::new();
        assert_eq!(label(Facet::Country, "gb", &none), "United Kingdom");
        assert_eq!(label(Facet::Vote, "vetoed/ru", &none), "vetoed: Russia");
        assert_eq!(label(Facet::About, "zz", &none), "zz");
    }
}
