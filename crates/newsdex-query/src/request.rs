//! `SearchRequest`: a builder carrying query text, filters, sort and paging.

use std::collections::BTreeMap;

use newsdex_core::schema::Facet;
use serde::{Deserialize, Serialize};
use time::Date;

/// Default number of hits returned.
pub const DEFAULT_LIMIT: usize = 10;

/// Default number of values listed per facet field: the most frequent,
/// as Elasticsearch's `terms` aggregation does. `0` lists them all.
pub const DEFAULT_FACET_LIMIT: usize = 10;

/// Default length of a snippet, in characters.
pub const DEFAULT_SNIPPET_CHARS: usize = 200;

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first (BM25, headline boosted).
    #[default]
    Relevance,
    /// Newest first; undated articles last.
    Date,
}

/// Facet and date filters: OR within one facet, AND across facets.
///
/// As JSON (`newsdex serve`'s `POST /api/search`): `{"facets": {"source":
/// ["ft", "npr"]}, "from": "2024-03-01", "to": null}`, every field optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Filters {
    /// Facet field → accepted values (as typed by the user).
    pub facets: BTreeMap<Facet, Vec<String>>,
    /// First publication day, inclusive.
    #[serde(with = "day::option")]
    pub from: Option<Date>,
    /// Last publication day, inclusive.
    #[serde(with = "day::option")]
    pub to: Option<Date>,
}

// Days as `YYYY-MM-DD` in JSON (time's own serde format is a tuple).
time::serde::format_description!(day, Date, "[year]-[month]-[day]");

impl Filters {
    /// Whether no filter is set.
    pub fn is_empty(&self) -> bool {
        self.facets.values().all(Vec::is_empty) && self.from.is_none() && self.to.is_none()
    }
}

/// A search: build it, then pass it to [`crate::search`].
///
/// ```
/// use newsdex_core::schema::Facet;
/// use newsdex_query::{SearchRequest, Sort};
/// let request = SearchRequest::new("ceasefire")
///     .filter(Facet::Source, "ft")
///     .filter("source".parse::<Facet>()?, "npr")
///     .sort(Sort::Date)
///     .limit(5);
/// assert_eq!(request.limit, 5);
/// assert_eq!(request.filters.facets[&Facet::Source], ["ft", "npr"]);
/// # Ok::<(), newsdex_core::schema::UnknownFacet>(())
/// ```
///
/// As JSON (`newsdex serve`'s `POST /api/search`), every field optional,
/// defaults as [`SearchRequest::new`]: `{"query": "ceasefire", "filters":
/// {"facets": {"source": ["ft"]}}, "sort": "date", "limit": 5}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct SearchRequest {
    /// Query text in the newsdex query language (may be empty when filters
    /// are given).
    pub query: String,
    /// Filters.
    pub filters: Filters,
    /// Order.
    pub sort: Sort,
    /// Hits to return.
    pub limit: usize,
    /// Hits to skip (paging).
    pub offset: usize,
    /// Compute facet counts over all hits.
    pub facets: bool,
    /// Values listed per facet field, most frequent first (`0`: all).
    /// [`crate::SearchResults::facet_values`] still says how many there
    /// are.
    pub facet_limit: usize,
    /// Attach a scoring explanation to each hit.
    pub explain: bool,
    /// Snippet length in characters.
    pub snippet_chars: usize,
    /// Passages per hit ([`crate::Hit::snippets`]), best first.
    pub snippets: usize,
    /// Words of context each side of the matches in a passage; `None`:
    /// passages of [`SearchRequest::snippet_chars`] characters.
    pub context_words: Option<usize>,
    /// One hit per near-duplicate group, its earliest copy shown and the
    /// other matching copies listed ([`crate::Hit::copies`]); `limit` and
    /// `offset` then count groups.
    pub collapse: bool,
}

impl Default for SearchRequest {
    /// [`SearchRequest::new`] with an empty query.
    fn default() -> Self {
        SearchRequest::new("")
    }
}

impl SearchRequest {
    /// A request for `query` with default settings.
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest {
            query: query.into(),
            filters: Filters::default(),
            sort: Sort::Relevance,
            limit: DEFAULT_LIMIT,
            offset: 0,
            facets: true,
            facet_limit: DEFAULT_FACET_LIMIT,
            explain: false,
            snippet_chars: DEFAULT_SNIPPET_CHARS,
            snippets: 1,
            context_words: None,
            collapse: false,
        }
    }

    /// One hit per near-duplicate group ([`SearchRequest::collapse`]).
    pub fn collapse(mut self, on: bool) -> Self {
        self.collapse = on;
        self
    }

    /// Adds an accepted value for a facet field.
    pub fn filter(mut self, field: Facet, value: impl Into<String>) -> Self {
        self.filters
            .facets
            .entry(field)
            .or_default()
            .push(value.into());
        self
    }

    /// Only articles published on or after `date`.
    pub fn from(mut self, date: Date) -> Self {
        self.filters.from = Some(date);
        self
    }

    /// Only articles published on or before `date`.
    pub fn to(mut self, date: Date) -> Self {
        self.filters.to = Some(date);
        self
    }

    /// Sets the order.
    pub fn sort(mut self, sort: Sort) -> Self {
        self.sort = sort;
        self
    }

    /// Sets how many hits to return.
    pub fn limit(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }

    /// Sets how many hits to skip.
    pub fn offset(mut self, offset: usize) -> Self {
        self.offset = offset;
        self
    }

    /// Turns facet counting on or off.
    pub fn facets(mut self, on: bool) -> Self {
        self.facets = on;
        self
    }

    /// Sets how many values to list per facet field (`0`: all).
    pub fn facet_limit(mut self, limit: usize) -> Self {
        self.facet_limit = limit;
        self
    }

    /// Turns scoring explanations on or off.
    pub fn explain(mut self, on: bool) -> Self {
        self.explain = on;
        self
    }

    /// Sets the snippet length.
    pub fn snippet_chars(mut self, chars: usize) -> Self {
        self.snippet_chars = chars;
        self
    }

    /// Sets how many passages each hit gets (at least one is shown: the
    /// opening when nothing matches).
    pub fn snippets(mut self, passages: usize) -> Self {
        self.snippets = passages;
        self
    }

    /// Cuts passages to `words` words each side of their matches instead
    /// of [`SearchRequest::snippet_chars`] characters.
    pub fn context_words(mut self, words: usize) -> Self {
        self.context_words = Some(words);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_reads_from_json_with_defaults_and_round_trips() {
        let request: SearchRequest = serde_json::from_str(
            r#"{"query": "ceasefire", "filters": {"facets": {"source": ["ft", "npr"]},
                "from": "2024-03-01"}, "sort": "date", "limit": 5}"#,
        )
        .unwrap();
        let expected = SearchRequest::new("ceasefire")
            .filter(Facet::Source, "ft")
            .filter(Facet::Source, "npr")
            .from(time::macros::date!(2024 - 03 - 01))
            .sort(Sort::Date)
            .limit(5);
        assert_eq!(request, expected);
        let json = serde_json::to_string(&request).unwrap();
        assert!(json.contains(r#""from":"2024-03-01""#), "{json}");
        assert_eq!(
            serde_json::from_str::<SearchRequest>(&json).unwrap(),
            request
        );
        assert_eq!(
            serde_json::from_str::<SearchRequest>("{}").unwrap(),
            SearchRequest::default()
        );
        for bad in [r#"{"qery": "x"}"#, r#"{"filters": {"from": "2024-13-01"}}"#] {
            assert!(serde_json::from_str::<SearchRequest>(bad).is_err(), "{bad}");
        }
    }
}
