//! # newsdex-core
//!
//! The write path of newsdex, a full-text search engine for news articles:
//!
//! ```text
//! paths ──ingest──▶ RawArticle ──clean──▶ Article ──extract──▶ Article+Metadata ──index──▶ tantivy
//! ```
//!
//! - [`ingest`] reads plain-text files, JSON Lines and Reuters-21578 SGML;
//! - [`clean`] removes page furniture and moves captions to their own field;
//! - [`extract`] finds countries, people, votes and quotes;
//! - [`analysis`] is the English analyzer with news spelling variants;
//! - [`index`] stores articles in tantivy, upserted by id.
//!
//! ```
//! use newsdex_core::NewsIndex;
//! let dir = tempfile::tempdir()?;
//! std::fs::write(dir.path().join("a.txt"), "Truce talks\n\nThe cease-fire held on Monday.")?;
//! let index = NewsIndex::create_in_ram()?;
//! let report = index.indexer().index_paths(&[dir.path().into()])?;
//! assert_eq!(report.added, 1);
//! assert_eq!(index.num_articles()?, 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]
#![doc(test(attr(deny(warnings))))]

pub mod analysis;
pub mod article;
pub mod clean;
pub mod dates;
pub mod error;
pub mod extract;
#[cfg(any(test, feature = "fuzzing"))]
#[doc(hidden)]
pub mod fuzzing;
#[cfg(test)]
mod growth;
pub mod index;
pub mod ingest;
pub mod pipeline;
pub mod schema;
mod tantivy_message;
#[cfg(test)]
mod test_corpus;

pub use article::{Article, ArticleId, Metadata, Source};
pub use error::{Error, Result};
pub use index::stats::IndexStats;
pub use index::writer::{NewsWriter, WriterOptions};
pub use index::NewsIndex;
pub use ingest::{IngestError, IngestErrorKind};
pub use pipeline::{Event, IndexOptions, Indexer, IngestReport, DEFAULT_COMMIT_EVERY};
pub use schema::NewsSchema;
