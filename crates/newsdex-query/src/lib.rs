//! # newsdex-query
//!
//! The read path of newsdex:
//!
//! ```text
//! query text ──parse──▶ QueryAst ──plan (+ filters)──▶ tantivy query ──search──▶ SearchResults ──render──▶ text / JSON
//! ```
//!
//! - [`syntax`] holds the grammar (phrases, `~N` proximity, AND/OR/NOT,
//!   `field:`, prefix `*`, fuzzy `~`, date ranges);
//! - [`plan`] turns it into a tantivy query with the core analyzer, with
//!   [`phrase`] matching phrases with slop and [`expansion`] bounding
//!   fuzzy and prefix words;
//! - [`facets`] resolves filter values and labels counts;
//! - [`facet_collector`] counts facet values over the hits;
//! - [`search()`] runs a [`SearchRequest`] in one pass;
//! - [`snippet`] and [`render`] shape the answer.
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

pub mod error;
pub mod expansion;
pub mod facet_collector;
pub mod facets;
#[cfg(any(test, feature = "fuzzing"))]
#[doc(hidden)]
pub mod fuzzing;
pub mod phrase;
pub mod plan;
mod printable;
pub mod render;
pub mod request;
pub mod search;
pub mod snippet;
pub mod syntax;

pub use error::{QueryError, QueryErrorKind, Result, SearchError};
pub use facets::FacetCount;
pub use request::{
    Filters, SearchRequest, Sort, DEFAULT_FACET_LIMIT, DEFAULT_LIMIT, DEFAULT_SNIPPET_CHARS,
};
pub use search::{facet_values, search, Hit, SearchResults};
pub use snippet::Snippet;
