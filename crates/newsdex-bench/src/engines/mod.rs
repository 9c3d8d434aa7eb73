//! The three indexers compared by the index benchmark. Each indexes the same
//! in-memory corpus into a fresh temporary directory (removed afterwards)
//! and reports an [`EngineRun`].
//!
//! - [`newsdex`]: the full pipeline (cleaning, extraction of countries,
//!   people, votes and quotes, every newsdex field) through
//!   `newsdex_core::Indexer::index_stream`;
//! - [`raw_tantivy`]: the ceiling: the same tantivy, the same `news_en`
//!   analyzer, `title` and `body` indexed with positions and stored, plus a
//!   stored `id`: no cleaning, no extraction;
//! - [`fts5`]: SQLite FTS5 from rusqlite's bundled SQLite, `porter
//!   unicode61` tokenizer, one transaction per batch.

pub mod fts5;
pub mod newsdex;
pub mod raw_tantivy;

use std::time::{Duration, Instant};

use serde::Serialize;

use crate::corpus::Corpus;
use crate::memory;
use crate::Progress;

/// Name of the newsdex engine in reports.
pub const NEWSDEX: &str = "newsdex";
/// Name of the raw tantivy reference in reports.
pub const RAW_TANTIVY: &str = "raw-tantivy";
/// Name of the SQLite FTS5 reference in reports.
pub const FTS5: &str = "fts5";

/// How every engine indexes, so they run under the same settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EngineSettings {
    /// Copies of the corpus to index (distinct ids).
    pub repeat: usize,
    /// tantivy indexing threads (newsdex and raw-tantivy).
    pub threads: usize,
    /// tantivy writer memory budget in bytes (newsdex and raw-tantivy).
    pub heap_bytes: usize,
    /// Articles per commit (tantivy) or per transaction (FTS5).
    pub commit_every: usize,
    /// newsdex cleaning/extraction worker threads.
    pub workers: usize,
}

/// One engine's figures for one run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EngineRun {
    /// Engine name ([`NEWSDEX`], [`RAW_TANTIVY`], [`FTS5`]).
    pub engine: String,
    /// Articles indexed.
    pub docs: u64,
    /// Bytes of article text indexed (title + body).
    pub text_bytes: u64,
    /// Wall time from creating the index to the last commit (and, for
    /// tantivy, the end of merges), in seconds. Excludes reading and
    /// parsing, which happened once before any engine ran.
    pub index_s: f64,
    /// Articles per second over `index_s`.
    pub docs_per_s: f64,
    /// MB (10^6 bytes) of article text per second over `index_s`.
    pub mb_per_s: f64,
    /// newsdex only: time in cleaning + extraction, summed over the worker
    /// threads (it overlaps tantivy's indexing).
    pub clean_extract_s: Option<f64>,
    /// newsdex only: CPU time of cleaning + extraction, summed over the
    /// worker threads (`clean_extract_s` less waiting for a core).
    pub clean_extract_cpu_s: Option<f64>,
    /// Time handing documents to the index (tantivy `add_document` or
    /// SQLite `INSERT`), in seconds: on the calling thread for the
    /// references, summed over the worker threads (document building
    /// included) for newsdex.
    pub write_s: f64,
    /// Time in commits, the final one and merges included, in seconds.
    pub commit_s: f64,
    /// newsdex only: time workers waited for a commit before writing an
    /// article of the next batch, summed over the workers, in seconds.
    pub wait_s: Option<f64>,
    /// CPU time of the process while this engine ran, user + system over
    /// all threads, in seconds.
    pub cpu_s: Option<f64>,
    /// Cores the run kept busy: `cpu_s` ÷ `index_s`.
    pub cores_busy: Option<f64>,
    /// Peak resident memory of the process while this engine ran (the
    /// in-memory corpus included), in bytes.
    pub peak_rss_bytes: Option<u64>,
    /// Resident memory when this engine started (mostly the in-memory
    /// corpus), in bytes.
    pub start_rss_bytes: Option<u64>,
    /// Size of the index on disk after the last commit, in bytes.
    pub index_bytes: u64,
}

impl EngineRun {
    fn finish(&mut self, elapsed: Duration) {
        self.index_s = elapsed.as_secs_f64();
        if self.index_s > 0.0 {
            self.docs_per_s = self.docs as f64 / self.index_s;
            self.mb_per_s = self.text_bytes as f64 / 1e6 / self.index_s;
        }
        if let (Some(before), Some(now)) = (self.cpu_s, memory::cpu_seconds()) {
            self.cpu_s = Some(now - before);
            self.cores_busy = (self.index_s > 0.0).then(|| (now - before) / self.index_s);
        }
        self.peak_rss_bytes = memory::peak_rss_bytes();
    }
}

/// Starts measuring an engine: resets the memory peak, notes the CPU time
/// used so far, starts the clock.
fn start(engine: &str) -> (EngineRun, Instant) {
    memory::reset_peak();
    let run = EngineRun {
        engine: engine.to_string(),
        start_rss_bytes: memory::current_rss_bytes(),
        // The CPU time at the start until `finish` makes it the run's.
        cpu_s: memory::cpu_seconds(),
        ..EngineRun::default()
    };
    (run, Instant::now())
}

/// Reports progress every this many articles.
const PROGRESS_EVERY: u64 = 1024;

/// Counts articles and reports progress now and then.
struct Ticker<'a> {
    stage: &'static str,
    done: u64,
    total: u64,
    progress: &'a mut dyn FnMut(Progress<'_>),
}

impl<'a> Ticker<'a> {
    fn new(
        stage: &'static str,
        corpus: &Corpus,
        settings: &EngineSettings,
        progress: &'a mut dyn FnMut(Progress<'_>),
    ) -> Self {
        let total = (corpus.len() * settings.repeat) as u64;
        progress(Progress {
            stage,
            done: 0,
            total,
        });
        Ticker {
            stage,
            done: 0,
            total,
            progress,
        }
    }

    fn tick(&mut self) {
        self.done += 1;
        if self.done.is_multiple_of(PROGRESS_EVERY) || self.done == self.total {
            (self.progress)(Progress {
                stage: self.stage,
                done: self.done,
                total: self.total,
            });
        }
    }
}

fn temp_dir(engine: &str) -> crate::Result<tempfile::TempDir> {
    tempfile::Builder::new()
        .prefix(&format!("newsdex-bench-{engine}-"))
        .tempdir()
        .map_err(|e| crate::Error::io("cannot create a temporary directory", e))
}
