//! [`IndexOptions`]: what an [`Indexer`](crate::Indexer) is configured
//! with, and its defaults.

use crate::index::writer::WriterOptions;
use crate::ingest::IngestOptions;

/// Default number of articles between commits.
pub const DEFAULT_COMMIT_EVERY: usize = 10_000;

/// How to index.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct IndexOptions {
    /// Reading options.
    pub ingest: IngestOptions,
    /// Writer options.
    pub writer: WriterOptions,
    /// Commit after this many new or updated articles (a crash loses at most
    /// one batch); 0 commits only at the end.
    pub commit_every: usize,
    /// Worker threads (parsing, cleaning, extraction, writing); 0 picks
    /// [`default_workers`].
    pub workers: usize,
    /// Find near-duplicates while indexing (signatures, band terms and
    /// `dup_group`s; see [`crate::dups`]). Default: on. Off, each article
    /// is its own group and has no signature: only for measuring what they
    /// cost (`newsdex bench index`).
    pub near_duplicates: bool,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            ingest: IngestOptions::default(),
            writer: WriterOptions::default(),
            commit_every: DEFAULT_COMMIT_EVERY,
            workers: 0,
            near_duplicates: true,
        }
    }
}

/// Number of worker threads used when [`IndexOptions::workers`] is 0: one
/// per available core (`std::thread::available_parallelism`), no cap. The
/// workers and tantivy's indexing threads share the cores: a worker waits
/// while tantivy's queue is full, so oversubscription costs little.
pub fn default_workers() -> usize {
    std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1)
        .max(1)
}
