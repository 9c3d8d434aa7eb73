//! # newsdex-core
//!
//! The write path of newsdex, a full-text search engine for news articles:
//!
//! ```text
//! paths ──ingest──▶ RawArticle ──clean──▶ Article ──extract──▶ Article+Metadata ──index──▶ tantivy
//! ```
//!
//! - [`ingest`] reads plain-text files, JSON Lines and Reuters-21578 SGML
//!   into [`ingest::RawArticle`]s;
//! - [`clean()`] removes page furniture and moves captions to their own
//!   field, and [`extract`] finds countries, people, votes and quotes
//!   ([`clean_and_extract`] runs both: an [`Article`] with its [`Metadata`]
//!   and language; [`extract_inputs`] reads paths and runs both on each
//!   article, writing nothing, as `newsdex extract` does);
//! - [`analysis`] is the English analyzer with news spelling variants;
//! - [`NewsIndex`] stores articles in tantivy, upserted by id, and its
//!   [`Indexer`] runs the whole write path on many threads;
//! - [`schema`] names the fields and [`schema::Facet`]s; [`dates`] is the
//!   one grammar of days; [`stored`] reads articles back from documents.
//!
//! Everything else is private: the public API is this page (see
//! `docs/public-api.md` for the list and why each item is public).
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
mod article;
mod clean;
pub mod dates;
pub mod dups;
mod error;
pub mod extract;
#[cfg(any(test, feature = "fuzzing"))]
#[doc(hidden)]
pub mod fuzzing;
#[cfg(test)]
mod growth;
mod index;
pub mod ingest;
mod pipeline;
pub mod schema;
mod tantivy_message;
#[cfg(test)]
mod test_corpus;

pub use article::{
    Article, ArticleId, Ballot, MemberBallot, Metadata, Org, Person, Quote, ReferenceLabels,
    Source, UnknownName, VoteEvent, VoteKind, VoteOutcome,
};
pub use clean::clean;
pub use error::{Error, Result};
pub use index::stats::IndexStats;
pub use index::writer::{
    NewsWriter, WriterOptions, DEFAULT_HEAP_BYTES, MAX_HEAP_MB, MAX_THREADS, MIN_HEAP_MB,
};
pub use index::{NewsIndex, FORMAT_VERSION};
pub use ingest::{IngestError, IngestErrorKind};
pub use pipeline::process as clean_and_extract;
pub use pipeline::{
    default_workers, Event, IndexOptions, Indexer, IngestReport, DEFAULT_COMMIT_EVERY,
};
pub use pipeline::{extract_inputs, Extracted};

/// Each segment's facet values decoded once, as the writer keeps them
/// beside the segment, for collectors that count facets (the query crate's
/// do); see [`NewsIndex::facet_table`] and [`NewsIndex::facet_dictionary`].
pub mod facets {
    pub use crate::index::facet_table::{FacetDictionary, FacetTable, SegmentNumbers};
}

/// Reading articles back from tantivy documents of a newsdex index, for
/// code that runs its own tantivy searches on [`NewsIndex::searcher`] (the
/// query crate does).
pub mod stored {
    pub use crate::index::document::{
        from_document as article, hit_from_document as hit, StoredHit,
    };
}
