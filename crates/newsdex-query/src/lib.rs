//! # newsdex-query
//!
//! The read path of newsdex:
//!
//! ```text
//! query text ──parse──▶ QueryAst ──plan (+ filters)──▶ tantivy query ──search──▶ SearchResults ──render──▶ text / JSON
//! ```
//!
//! - [`syntax`] holds the grammar (phrases, `~N` slop, AND/OR/NOT,
//!   proximity `w/N`, `near/N`, `/s`, `/p`, `field:`, prefix `*`, fuzzy
//!   `~`, date ranges) and its [`syntax::parse`];
//! - the planner turns it into a tantivy query with the core analyzer,
//!   matching phrases with slop itself and bounding fuzzy and prefix words
//!   ([`MAX_EXPANSIONS`], [`MAX_EXPANDING_WORDS`]);
//! - filter values are resolved and facet values counted over the hits;
//! - [`search()`] runs a [`SearchRequest`] in one pass into
//!   [`SearchResults`] (hits with a [`Snippet`], [`FacetCount`]s);
//! - [`explain_query`] says what a query looks up, and a hit of a request
//!   with [`SearchRequest::explain`] set says which of the article's words
//!   matched each term and why ([`TermMatches`]);
//! - [`render`] shapes the answer as text or JSON;
//! - the research tools read every hit: [`kwic()`] (a concordance line per
//!   occurrence), [`timeline()`] (exact counts per period, split and
//!   normalised) and [`export()`] (every hit streamed to an
//!   [`ExportSink`] in flat memory); their results, like
//!   [`SearchResults`], carry the parsed query and the index's
//!   [`Fingerprint`].
//!
//! The public API is this page: everything else is private to the crate
//! (see `docs/public-api.md` for the list and why each item is public).
//!
//! ```
//! use newsdex_core::NewsIndex;
//! use newsdex_query::{search, SearchRequest};
//! let dir = tempfile::tempdir()?;
//! std::fs::write(dir.path().join("a.txt"), "Vote fails\n\nRussia vetoed the cease-fire draft.")?;
//! std::fs::write(dir.path().join("b.txt"), "Talks go on\n\nDiplomats met in Doha.")?;
//! let index = NewsIndex::create_in_ram()?;
//! index.indexer().index_paths(&[dir.path().into()])?;
//! let results = search(&index, &SearchRequest::new("\"ceasefire draft\" OR doha"))?;
//! assert_eq!(results.total, 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]
#![doc(test(attr(deny(warnings))))]

mod collapse;
mod coverage;
mod error;
mod expansion;
mod explain;
mod export;
mod facet_collector;
mod facet_columns;
mod facet_table;
mod facets;
mod fingerprint;
#[cfg(any(test, feature = "fuzzing"))]
#[doc(hidden)]
pub mod fuzzing;
mod kwic;
mod phrase;
mod plan;
mod printable;
mod proximity;
pub mod render;
mod request;
mod search;
mod snippet;
mod stories;
pub mod syntax;
#[cfg(test)]
mod test_alloc;
mod timeline;
mod whole;

pub use collapse::{Copy, Counted, MAX_COPIES_LISTED};
pub use coverage::{coverage, Coverage, CoverageRow};
pub use error::{QueryError, QueryErrorKind, Result, SearchError};
pub use expansion::{check_expanding_words, MAX_EXPANDING_WORDS, MAX_EXPANSIONS};
pub use explain::{
    explain_query, MatchReason, QueryExplanation, SurfaceForm, TermExpansion, TermMatches,
};
pub use export::{export, for_each_article, ExportHeader, ExportRow, ExportSink};
pub use facets::FacetCount;
pub use fingerprint::{fingerprint, Fingerprint};
pub use kwic::{kwic, Kwic, KwicLine, KwicRequest, KwicSort, DEFAULT_KWIC_CONTEXT};
pub use request::{
    Filters, SearchRequest, Sort, DEFAULT_FACET_LIMIT, DEFAULT_LIMIT, DEFAULT_SNIPPET_CHARS,
};
pub use search::{facet_values, resolve_facet, search, Hit, SearchCache, SearchResults};
pub use snippet::Snippet;
pub use stories::{
    stories, OutletFirst, Stories, StoriesRequest, Story, StoryArticle, DEFAULT_WINDOW_DAYS,
    LINK_THRESHOLD,
};
pub use timeline::{
    timeline, Interval, Series, Timeline, TimelineBucket, TimelineRequest, MAX_FILLED_PERIODS,
};
