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
//!       "language": "en",
//!       "score": 1.23,
//!       "snippet": "… a <mark>ceasefire</mark> in Gaza …",
//!       "snippet_field": "body"
//!     }
//!   ],
//!   "facets": {
//!     "source": [{"value": "ft", "label": "Financial Times", "count": 1}],
//!     "country": [], "about": [], "person": [], "vote": [], "said_by": [],
//!     "language": [{"value": "en", "label": "English", "count": 1}]
//!   },
//!   "facet_values": {"source": 1, "country": 0, "about": 0, "person": 0, "vote": 0, "said_by": 0, "language": 1},
//!   "expansions_truncated": false,
//!   "parsed_query": {"type": "leaf", "field": null, "kind": {"kind": "word", "text": "ceasefire"}},
//!   "fingerprint": {"format": 5, "analyzer": "news_en-…", "articles": 5, "opstamp": 5}
//! }
//! ```
//!
//! - `total` counts every matching article; `hits` is the requested page.
//! - `published` is `YYYY-MM-DD` or `null`; `language` is the article's
//!   ISO 639-1 code or `null` (undecided); `score` is `null` when sorted by
//!   date.
//! - `snippet` is HTML-escaped text with matched words in `<mark>…</mark>`;
//!   `snippet_field` says whether it comes from `body`, `caption` or `title`.
//! - `snippets` (with `--snippets N`, when a hit has more than one
//!   passage): up to N passages, best first, each `{"text", "field"}`
//!   marked as `snippet` is; the first is `snippet`.
//! - `parsed_query` is the query as the parser read it (the syntax tree,
//!   `null` for a filter-only search) and `fingerprint` the index it ran
//!   on: format and analyzer versions, articles, and the opstamp of the
//!   last commit. A count cited with its fingerprint can be checked later:
//!   the same fingerprint means the same articles and analysis.
//! - `explanation` (a JSON string) appears on hits only with `--explain`,
//!   and `matches` with it: per query term (`term`, as written), the
//!   `forms` it takes in the article, each `{"text", "why", "count"}` with
//!   `why` one of `exact`, `variant`, `stem`, `prefix`, `fuzzy`
//!   (`[{"term": "ceasefire", "forms": [{"text": "cease-fire", "why":
//!   "variant", "count": 7}]}]`).
//! - `facets` maps each facet field to its most frequent values over all
//!   matching articles (10 unless `--facet-limit` says otherwise; `0` lists
//!   all), sorted by count then label; `value` is what the matching filter
//!   flag accepts. `facet_values` gives how many distinct values each field
//!   has over the matches, listed or not.
//! - `expansions_truncated` is `true` when a fuzzy or prefix word matched
//!   more index terms than [`crate::expansion::MAX_EXPANSIONS`] in a field
//!   and only the closest (fuzzy) or first (prefix) were searched.
//! - Strings are exact, and the output is safe to view on a terminal:
//!   control characters (C0, DEL, C1) and bidirectional overrides and
//!   isolates in article text come out as JSON escapes (`"\u001b"`,
//!   `"\u202e"`), which decode to the very same strings (see
//!   [`to_string_pretty`]).
//!
//! - With `--collapse` (one hit per near-duplicate group), the object
//!   also has `"groups"` (how many groups the matches form; `total` and
//!   `facets` still count articles, as `"counts": "articles"` says), and a
//!   hit whose group holds other matching articles has `"copies_total"`
//!   and `"copies"`: `[{"id", "source", "source_name", "published"}]`,
//!   earliest first.
//!
//! Fields may be added; existing ones keep their shape.

use std::io;

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

use newsdex_core::{Article, IndexStats};

use crate::facets::FacetCount;
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
    parsed_query: &'a Option<crate::syntax::QueryAst>,
    fingerprint: &'a crate::fingerprint::Fingerprint,
    #[serde(skip_serializing_if = "Option::is_none")]
    groups: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    counts: Option<crate::collapse::Counted>,
}

#[derive(Serialize)]
struct WireHit<'a> {
    rank: usize,
    id: &'a str,
    source: &'a str,
    source_name: &'a str,
    title: &'a str,
    published: Option<&'a str>,
    language: Option<&'a str>,
    score: Option<f32>,
    snippet: String,
    snippet_field: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    snippets: Vec<WirePassage<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    explanation: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    matches: &'a [crate::explain::TermMatches],
    #[serde(skip_serializing_if = "is_zero")]
    copies_total: usize,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    copies: &'a [crate::collapse::Copy],
}

/// One of `--snippets N` passages.
#[derive(Serialize)]
pub(crate) struct WirePassage<'a> {
    text: String,
    field: &'a str,
}

impl<'a> WirePassage<'a> {
    /// A passage as the wire shows it: HTML-escaped, matches in `<mark>`.
    pub(crate) fn of(snippet: &'a crate::snippet::Snippet) -> Self {
        WirePassage {
            text: snippet.marked("<mark>", "</mark>", escape_html),
            field: &snippet.field,
        }
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
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
                language: hit.language.as_deref(),
                score: hit.score,
                snippet: hit.snippet.marked("<mark>", "</mark>", escape_html),
                snippet_field: &hit.snippet.field,
                // Only when more than one passage was asked for.
                snippets: if hit.snippets.len() > 1 {
                    hit.snippets.iter().map(WirePassage::of).collect()
                } else {
                    Vec::new()
                },
                explanation: hit.explanation.as_deref(),
                matches: &hit.matches,
                copies_total: hit.copies_total,
                copies: &hit.copies,
            })
            .collect(),
        facets: &results.facets,
        facet_values: &results.facet_values,
        expansions_truncated: results.expansions_truncated,
        parsed_query: &results.parsed_query,
        fingerprint: &results.fingerprint,
        groups: results.groups,
        counts: results.counts,
    };
    // Plain data: serialisation cannot fail.
    to_string_pretty(&wire).unwrap_or_default()
}

/// The `--explain-query` object: `query`; `tree`, the parsed query (each
/// node `{"type": "and"|"or"|"not"|"near"|"leaf"|"all", …}`, a `near`
/// with `op` `{"kind": "within"|"near", "distance": N}` or
/// `{"kind": "sentence"|"paragraph"}`); `terms`, each word, phrase, prefix
/// or fuzzy word with `term`, `kind`, its byte range `start`/`end`,
/// `analyses` (words and phrases: the index terms of each analysis),
/// `expansions` (prefixes and fuzzy words) and `truncated`.
pub fn query_explanation(explained: &crate::explain::QueryExplanation) -> String {
    to_string_pretty(explained).unwrap_or_default()
}

/// `value` as pretty-printed JSON (as `serde_json::to_string_pretty`) in
/// which every character a terminal could act on is a `\uXXXX` escape:
/// serde_json escapes C0 controls only; this escapes DEL, C1 controls and
/// the bidirectional overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069) as well. A JSON reader gets exactly the same strings.
///
/// ```
/// let json = newsdex_query::render::json::to_string_pretty(&"a\u{1b}[2J\u{9b}\u{202e}b").unwrap();
/// assert_eq!(json, r#""a\u001b[2J\u009b\u202eb""#);
/// assert_eq!(serde_json::from_str::<String>(&json).unwrap(), "a\u{1b}[2J\u{9b}\u{202e}b");
/// ```
pub fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::new();
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut out, TerminalSafe(PrettyFormatter::new()));
    value.serialize(&mut serializer)?;
    // serde_json writes only UTF-8.
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// [`to_string_pretty`] on one line (as `serde_json::to_string`): for JSON
/// Lines.
pub fn to_string_line<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::new();
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut out, TerminalSafe(CompactFormatter));
    value.serialize(&mut serializer)?;
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// `newsdex extract --json`: one article as the index receives it, as one
/// line of JSON with exactly these fields:
///
/// | field | value |
/// |---|---|
/// | `id`, `title`, `body` | strings; `body` is the cleaned main text, without the title |
/// | `url`, `published`, `language` | string or `null`; `published` is `YYYY-MM-DD`, `language` ISO 639-1 |
/// | `source`, `source_name` | the outlet's id (the `--source` value) and name |
/// | `authors`, `captions` | lists of strings |
/// | `countries`, `about` | country ids mentioned / the article is about |
/// | `people` | `{"slug", "name", "roles"}` objects |
/// | `orgs` | `{"slug", "name"}` objects (`slug` the `--org` value, `un/security-council`) |
/// | `quotes` | `{"text", "speaker"}` objects (`speaker` a person slug or `null`) |
/// | `votes` | `{"body", "outcome", "tally", "ballots": [{"member", "ballot"}], …}` objects, as `show --json` |
pub fn extracted(article: &Article) -> serde_json::Result<String> {
    #[derive(Serialize)]
    struct Wire<'a> {
        id: &'a str,
        url: Option<&'a str>,
        source: &'a str,
        source_name: &'a str,
        title: &'a str,
        published: Option<String>,
        authors: &'a [String],
        language: Option<&'a str>,
        body: &'a str,
        captions: &'a [String],
        countries: &'a [String],
        about: &'a [String],
        people: &'a [newsdex_core::Person],
        orgs: &'a [newsdex_core::Org],
        quotes: &'a [newsdex_core::Quote],
        votes: &'a [newsdex_core::VoteEvent],
    }
    let meta = &article.metadata;
    to_string_line(&Wire {
        id: article.id.as_str(),
        url: article.url.as_deref(),
        source: &article.source.id,
        source_name: &article.source.name,
        title: &article.title,
        published: article.published.map(|d| d.to_string()),
        authors: &article.authors,
        language: article.language.as_deref(),
        body: &article.body,
        captions: &article.captions,
        countries: &meta.countries_mentioned,
        about: &meta.countries_about,
        people: &meta.people,
        orgs: &meta.orgs,
        quotes: &meta.quotes,
        votes: &meta.votes,
    })
}

/// serde_json's pretty or compact formatter, with the string fragments it
/// writes unescaped made terminal-safe.
struct TerminalSafe<F>(F);

macro_rules! delegate {
    ($($name:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            fn $name<W: ?Sized + io::Write>(&mut self, w: &mut W $(, $arg: $ty)*) -> io::Result<()> {
                self.0.$name(w $(, $arg)*)
            }
        )*
    };
}

impl<F: Formatter> Formatter for TerminalSafe<F> {
    delegate! {
        begin_array();
        end_array();
        begin_array_value(first: bool);
        end_array_value();
        begin_object();
        end_object();
        begin_object_key(first: bool);
        begin_object_value();
        end_object_value();
    }

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some((at, c)) = rest.char_indices().find(|&(_, c)| needs_escape(c)) {
            writer.write_all(&rest.as_bytes()[..at])?;
            write!(writer, "\\u{:04x}", u32::from(c))?;
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }
}

/// Characters a terminal could act on that serde_json leaves raw (it
/// escapes C0 itself). All are in the Basic Multilingual Plane, so one
/// `\uXXXX` escape each.
fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}
/// `newsdex stats --json`: `{"index", "articles", "segments",
/// "bytes_on_disk", "analyzer", "sources": [{"value", "label", "count"}]}`;
/// `index` is the directory (`""` for an index in memory).
pub fn stats(stats: &IndexStats, sources: &[FacetCount]) -> serde_json::Result<String> {
    #[derive(Serialize)]
    struct Stats<'a> {
        index: String,
        articles: u64,
        segments: usize,
        bytes_on_disk: u64,
        analyzer: &'a str,
        sources: &'a [FacetCount],
    }
    to_string_pretty(&Stats {
        index: stats
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        articles: stats.articles,
        segments: stats.segments,
        bytes_on_disk: stats.bytes_on_disk,
        analyzer: stats.analyzer,
        sources,
    })
}
