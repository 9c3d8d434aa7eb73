//! What an indexing run tells its caller: [`Event`]s as it goes, an
//! [`IngestReport`] and [`PipelineStats`] at the end.

use std::time::Duration;

use crate::article::ArticleId;
use crate::ingest::{IngestError, Origin};

/// What happened to a batch.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct IngestReport {
    /// New articles.
    pub added: usize,
    /// Articles whose id existed and whose content changed.
    pub updated: usize,
    /// Articles already indexed with the same content (not re-analysed).
    pub unchanged: usize,
    /// Inputs skipped, with the reason.
    #[serde(serialize_with = "serialize_errors")]
    pub skipped: Vec<IngestError>,
    /// Non-fatal problems (the article was indexed).
    pub warnings: Vec<(String, String)>,
    /// Articles whose id was already read earlier in the same run: the
    /// later version replaced the earlier one, and a warning names both
    /// places.
    pub duplicates: usize,
    /// Bytes of input read.
    pub input_bytes: u64,
    /// Records of container formats that hold no article, counted rather
    /// than reported one by one: a WARC file's requests, metadata and
    /// responses that are not HTTP 200 HTML pages.
    pub records_skipped: usize,
}

fn serialize_errors<S: serde::Serializer>(
    errors: &[IngestError],
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.collect_seq(errors.iter().map(|e| e.to_string()))
}

impl IngestReport {
    /// Articles read successfully (added + updated + unchanged).
    pub fn articles(&self) -> usize {
        self.added + self.updated + self.unchanged
    }
}

/// Something that happened while indexing, for progress and messages.
#[derive(Debug)]
pub enum Event<'a> {
    /// An article was written or found unchanged.
    Article(&'a ArticleId),
    /// An input was skipped.
    Skipped(&'a IngestError),
    /// An article was indexed with a warning.
    Warning(&'a Origin, &'a str),
}

/// Where the time of one indexing run went
/// ([`Indexer::index_stream`](crate::Indexer::index_stream) returns it).
///
/// The stages overlap, so the parts do not add up to the wall time: the
/// worker stages are summed over the worker threads.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
#[non_exhaustive]
pub struct PipelineStats {
    /// Worker threads used.
    pub workers: usize,
    /// Time spent reading and parsing input files, summed over the worker
    /// threads (zero for [`Indexer::index_stream`](crate::Indexer::index_stream),
    /// whose caller has read the articles).
    pub read_parse: Duration,
    /// Time spent hashing articles and looking their ids up in the index,
    /// summed over the worker threads.
    pub lookup: Duration,
    /// Time spent cleaning and extracting, summed over the worker threads.
    pub clean_extract: Duration,
    /// CPU time spent cleaning and extracting, summed over the worker
    /// threads: `clean_extract` less the time a worker waited for a core
    /// (zero where the platform has no thread CPU clock).
    pub clean_extract_cpu: Duration,
    /// Time spent building tantivy documents and handing them to tantivy
    /// (including waiting when tantivy's queue is full), summed over the
    /// worker threads.
    pub write: Duration,
    /// Time workers waited for a commit before writing an article of the
    /// next batch, summed over the worker threads.
    pub waiting: Duration,
    /// Time spent in commits, including the final one and waiting for merges.
    pub commit: Duration,
    /// Wall time of the whole run.
    pub wall: Duration,
}
