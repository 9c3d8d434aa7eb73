//! [`Indexer`]: the one way to run the pipeline, configured with setters.

use std::path::PathBuf;

use super::options::IndexOptions;
use super::parallel;
use super::report::{Event, IngestReport, PipelineStats};
use crate::error::Result;
use crate::index::writer::WriterOptions;
use crate::index::NewsIndex;
use crate::ingest::{self, IngestError, RawArticle};

/// Indexes inputs into a [`NewsIndex`]: ingest → clean → extract → write,
/// with an [`IngestReport`] instead of stopping at the first bad input.
///
/// Made by [`NewsIndex::indexer`] or [`Indexer::new`]; every setting has a
/// default, so `index.indexer().index_paths(&paths)?` is a whole run.
///
/// ```
/// use newsdex_core::{Event, NewsIndex};
/// let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join("a.txt"), "Truce talks\n\nThe cease-fire held on Monday.")?;
/// let index = NewsIndex::create_in_ram()?;
/// let mut seen = 0;
/// let report = index
///     .indexer()
///     .commit_every(1_000)
///     .on_event(|event| if let Event::Article(_) = event { seen += 1 })
///     .index_paths(&[dir.path().into()])?;
/// assert_eq!((report.added, seen), (1, 1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an Indexer does nothing until `index_paths` or `index_stream` runs it"]
pub struct Indexer<'a> {
    index: &'a NewsIndex,
    options: IndexOptions,
    on_event: Box<dyn FnMut(Event<'_>) + 'a>,
}

impl std::fmt::Debug for Indexer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Indexer")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl NewsIndex {
    /// An [`Indexer`] writing into this index, with default settings.
    pub fn indexer(&self) -> Indexer<'_> {
        Indexer::new(self)
    }
}

impl<'a> Indexer<'a> {
    /// An indexer writing into `index`, with default settings.
    pub fn new(index: &'a NewsIndex) -> Self {
        Indexer {
            index,
            options: IndexOptions::default(),
            on_event: Box::new(|_| {}),
        }
    }

    /// Commits after this many new or updated articles (a crash loses at
    /// most one batch); 0 commits only at the end. Default
    /// [`DEFAULT_COMMIT_EVERY`](crate::DEFAULT_COMMIT_EVERY).
    pub fn commit_every(mut self, articles: usize) -> Self {
        self.options.commit_every = articles;
        self
    }

    /// Whether near-duplicates are found while indexing (default: yes;
    /// see [`IndexOptions::near_duplicates`](crate::IndexOptions)).
    pub fn near_duplicates(mut self, on: bool) -> Self {
        self.options.near_duplicates = on;
        self
    }

    /// Worker threads, which parse, clean, extract and hand documents to
    /// tantivy; 0 (the default) picks one per core
    /// ([`default_workers`](crate::pipeline::default_workers)).
    pub fn workers(mut self, threads: usize) -> Self {
        self.options.workers = threads;
        self
    }

    /// tantivy writer settings (indexing threads, memory budget).
    pub fn writer_options(mut self, options: WriterOptions) -> Self {
        self.options.writer = options;
        self
    }

    /// Files larger than this many bytes are skipped with a message.
    pub fn max_file_bytes(mut self, bytes: u64) -> Self {
        self.options.ingest.max_file_bytes = bytes;
        self
    }

    /// Columns named for fields of CSV and TSV files (`--csv-map`).
    pub fn csv_map(mut self, map: crate::ingest::CsvMap) -> Self {
        self.options.ingest.csv_map = map;
        self
    }

    /// Called for every article written or found unchanged, every input
    /// skipped and every warning, in input order, on the calling thread.
    pub fn on_event(mut self, on_event: impl FnMut(Event<'_>) + 'a) -> Self {
        self.on_event = Box::new(on_event);
        self
    }

    /// Indexes files and directories, committing every
    /// [`commit_every`](Self::commit_every) articles and at the end.
    ///
    /// Fails as a whole only for a missing input path (before writing
    /// anything), a locked index, or an index/disk error; bad inputs are
    /// reported in the [`IngestReport`].
    pub fn index_paths(self, paths: &[PathBuf]) -> Result<IngestReport> {
        let (report, _) = self.index_paths_with_stats(paths)?;
        Ok(report)
    }

    /// [`Indexer::index_paths`], also saying where the time went. Files are
    /// read and parsed on the worker threads: JSON Lines and SGML files in
    /// pieces of whole records, so one big file keeps every worker busy.
    pub fn index_paths_with_stats(
        mut self,
        paths: &[PathBuf],
    ) -> Result<(IngestReport, PipelineStats)> {
        ingest::check_inputs(paths)?;
        let mut pieces = ingest::stream::Pieces::new(paths, &self.options.ingest);
        let writer = self.index.writer(&self.options.writer)?;
        let (mut report, stats) =
            parallel::index_source(writer, &mut pieces, &self.options, &mut self.on_event)?;
        report.records_skipped = pieces.records_skipped();
        Ok((report, stats))
    }

    /// Indexes articles already read (or the errors met reading them), and
    /// says where the time went: for benchmarks and embedders with their
    /// own readers.
    pub fn index_stream(
        mut self,
        items: impl IntoIterator<Item = std::result::Result<RawArticle, IngestError>>,
    ) -> Result<(IngestReport, PipelineStats)> {
        let writer = self.index.writer(&self.options.writer)?;
        parallel::index_stream(writer, items.into_iter(), &self.options, &mut self.on_event)
    }
}
