//! The `--json` wire format of `newsdex search`: one JSON object.
//!
//! ## Wire format
//!
//! ```json
//! {
//!   "query": "ceasefire",
//!   "total": 5,
//!   "hits": [
//!     {
//!       "rank": 1,
//!       "id": "004_06944581988b0e46",
//!       "source": "ft",
//!       "source_name": "Financial Times",
//!       "title": "…",
//!       "published": "2024-03-25",
//!       "score": 1.23,
//!       "snippet": "… a <mark>ceasefire</mark> in Gaza …",
//!       "snippet_field": "body"
//!     }
//!   ],
//!   "facets": {
//!     "source": [{"value": "ft", "label": "Financial Times", "count": 1}],
//!     "country": [], "about": [], "person": [], "vote": [], "said_by": []
//!   },
//!   "facet_values": {"source": 1, "country": 0, "about": 0, "person": 0, "vote": 0, "said_by": 0},
//!   "expansions_truncated": false
//! }
//! ```
//!
//! - `total` counts every matching article; `hits` is the requested page.
//! - `published` is `YYYY-MM-DD` or `null`; `score` is `null` when sorted by
//!   date.
//! - `snippet` is HTML-escaped text with matched words in `<mark>…</mark>`;
//!   `snippet_field` says whether it comes from `body`, `caption` or `title`.
//! - `explanation` (a JSON string) appears on hits only with `--explain`.
//! - `facets` maps each facet field to its most frequent values over all
//!   matching articles (10 unless `--facet-limit` says otherwise; `0` lists
//!   all), sorted by count then label; `value` is what the matching filter
//!   flag accepts. `facet_values` gives how many distinct values each field
//!   has over the matches, listed or not.
//! - `expansions_truncated` is `true` when a fuzzy or prefix word matched
//!   more index terms than [`crate::expansion::MAX_EXPANSIONS`] in a field
//!   and only the closest (fuzzy) or first (prefix) were searched.
//! - Strings are exact: control characters in article text come out as
//!   JSON escapes (`"\u001b"`), never raw.
//!
//! Fields may be added; existing ones keep their shape.

use serde::Serialize;

use crate::search::SearchResults;
use crate::snippet::escape_html;

#[derive(Serialize)]
struct WireResults<'a> {
    query: &'a str,
    total: usize,
    hits: Vec<WireHit<'a>>,
    facets: &'a std::collections::BTreeMap<String, Vec<crate::facets::FacetCount>>,
    facet_values: &'a std::collections::BTreeMap<String, usize>,
    expansions_truncated: bool,
}

#[derive(Serialize)]
struct WireHit<'a> {
    rank: usize,
    id: &'a str,
    source: &'a str,
    source_name: &'a str,
    title: &'a str,
    published: Option<&'a str>,
    score: Option<f32>,
    snippet: String,
    snippet_field: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    explanation: Option<&'a str>,
}

/// Renders results as the documented JSON object.
pub fn render(results: &SearchResults) -> String {
    let wire = WireResults {
        query: &results.query,
        total: results.total,
        hits: results
            .hits
            .iter()
            .map(|hit| WireHit {
                rank: hit.rank,
                id: &hit.id,
                source: &hit.source,
                source_name: &hit.source_name,
                title: &hit.title,
                published: hit.published.as_deref(),
                score: hit.score,
                snippet: hit.snippet.marked("<mark>", "</mark>", escape_html),
                snippet_field: &hit.snippet.field,
                explanation: hit.explanation.as_deref(),
            })
            .collect(),
        facets: &results.facets,
        facet_values: &results.facet_values,
        expansions_truncated: results.expansions_truncated,
    };
    // Plain data: serialisation cannot fail.
    serde_json::to_string_pretty(&wire).unwrap_or_default()
}
