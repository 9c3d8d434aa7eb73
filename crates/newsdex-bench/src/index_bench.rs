//! `newsdex bench index`: the corpus through newsdex, raw tantivy and SQLite
//! FTS5, side by side in one process, `runs` times, with medians and the
//! throughput and size ratios.
//!
//! Order within a run: raw-tantivy, newsdex, FTS5, each in a fresh temp
//! directory that is deleted before the next engine starts. The corpus is
//! read once before any of them, so all three index the same parsed texts
//! from memory; newsdex's own read+parse time is reported separately.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

use crate::corpus::Corpus;
use crate::engines::{self, EngineRun, EngineSettings};
use crate::error::{Error, Result};
use crate::stats::median;
use crate::Progress;

/// Default tantivy writer memory budget for benchmarks (128 MiB, newsdex's
/// default).
pub const DEFAULT_HEAP_BYTES: usize = newsdex_core::DEFAULT_HEAP_BYTES;

/// Settings of an index benchmark.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct IndexBenchOptions {
    /// Copies of the corpus (distinct ids).
    pub repeat: usize,
    /// tantivy indexing threads; 0: one per core, as many as the heap
    /// allows (newsdex's own rule, `WriterOptions::resolve_threads`).
    pub threads: usize,
    /// tantivy writer memory budget in bytes.
    pub heap_bytes: usize,
    /// Articles per commit / transaction.
    pub commit_every: usize,
    /// newsdex worker threads for cleaning + extraction; 0: one per core.
    pub workers: usize,
    /// Times to run every engine (figures are medians).
    pub runs: usize,
}

impl Default for IndexBenchOptions {
    fn default() -> Self {
        IndexBenchOptions {
            repeat: 1,
            threads: 0,
            heap_bytes: DEFAULT_HEAP_BYTES,
            commit_every: newsdex_core::DEFAULT_COMMIT_EVERY,
            workers: 0,
            runs: 1,
        }
    }
}

impl IndexBenchOptions {
    /// The settings every engine runs with, defaults resolved.
    pub fn settings(&self) -> Result<EngineSettings> {
        if self.repeat == 0 || self.runs == 0 {
            return Err(Error::Usage(
                "--repeat and --runs must be at least 1".into(),
            ));
        }
        // The thread count newsdex itself would use, so that raw tantivy
        // runs with the same; settings tantivy refuses are a usage error.
        let threads = newsdex_core::WriterOptions::default()
            .threads(self.threads)
            .heap_bytes(self.heap_bytes)
            .resolve_threads()
            .map_err(|err| Error::Usage(err.to_string()))?;
        let workers = if self.workers == 0 {
            newsdex_core::default_workers()
        } else {
            self.workers
        };
        Ok(EngineSettings {
            repeat: self.repeat,
            threads,
            heap_bytes: self.heap_bytes,
            commit_every: self.commit_every,
            workers,
        })
    }
}

/// What was indexed.
#[derive(Debug, Clone, Serialize)]
pub struct CorpusInfo {
    /// Input paths.
    pub paths: Vec<PathBuf>,
    /// Articles in one copy.
    pub articles: usize,
    /// Bytes of input files in one copy.
    pub input_bytes: u64,
    /// Bytes of article text (title + body) in one copy.
    pub text_bytes: u64,
    /// Inputs skipped while reading.
    pub skipped: usize,
    /// Wall time to read and parse one copy, in seconds.
    pub read_parse_s: f64,
}

/// Throughput and size ratios (newsdex over a reference).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Ratios {
    /// newsdex docs/s ÷ raw-tantivy docs/s (target ≥ 0.90).
    pub newsdex_vs_raw_tantivy: f64,
    /// newsdex docs/s ÷ FTS5 docs/s (target ≥ 1.3).
    pub newsdex_vs_fts5: f64,
    /// newsdex docs/s including its read+parse time ÷ raw-tantivy docs/s.
    pub newsdex_end_to_end_vs_raw_tantivy: f64,
    /// newsdex index size ÷ raw-tantivy index size (target ≤ 1.3).
    pub size_vs_raw_tantivy: f64,
    /// newsdex index size ÷ FTS5 database size (target ≤ 1).
    pub size_vs_fts5: f64,
    /// newsdex's indexing time with near-duplicate detection ÷ without,
    /// measured in the same run (target ≤ 1.10).
    pub near_duplicates_cost: f64,
    /// The same ratio of the process's CPU time (user + system, all
    /// threads), which other processes on a shared machine disturb less
    /// than wall time.
    pub near_duplicates_cpu_cost: f64,
}

/// newsdex's wall time split into stages, in seconds.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TimeSplit {
    /// Reading and parsing the input (one copy's time × repeat).
    pub read_parse_s: f64,
    /// Cleaning + extraction, summed over the worker threads (overlaps
    /// indexing).
    pub clean_extract_s: f64,
    /// Wall time of the overlapped clean/extract + tantivy indexing +
    /// commits stage.
    pub index_commit_s: f64,
    /// read+parse + index+commit.
    pub total_s: f64,
}

/// The figures of one run (or the medians of several).
#[derive(Debug, Clone, Default, Serialize)]
pub struct RunFigures {
    /// newsdex.
    pub newsdex: EngineRun,
    /// raw tantivy.
    pub raw_tantivy: EngineRun,
    /// SQLite FTS5.
    pub fts5: EngineRun,
    /// newsdex's time split.
    pub newsdex_split: TimeSplit,
    /// Ratios.
    pub ratios: Ratios,
}

/// The report of `newsdex bench index`.
#[derive(Debug, Clone, Serialize)]
pub struct IndexBenchReport {
    /// The corpus.
    pub corpus: CorpusInfo,
    /// Settings every engine used.
    pub settings: EngineSettings,
    /// Each run.
    pub runs: Vec<RunFigures>,
    /// Median of every figure over the runs.
    pub median: RunFigures,
}

/// Articles of the untimed warm-up run (see [`run`]).
const WARM_UP_ARTICLES: usize = 500;

/// Runs the index benchmark on a loaded corpus.
pub fn run(
    corpus: &Corpus,
    options: &IndexBenchOptions,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<IndexBenchReport> {
    let settings = options.settings()?;
    // One untimed newsdex run over the first articles: the word lists,
    // automata and allocator pools built once per process would otherwise
    // be charged to whichever newsdex run came first (the one with
    // near-duplicates, in every first run).
    let warm_up = Corpus {
        paths: corpus.paths.clone(),
        articles: corpus
            .articles
            .iter()
            .take(WARM_UP_ARTICLES)
            .cloned()
            .collect(),
        input_bytes: 0,
        text_bytes: 0,
        read_parse: std::time::Duration::ZERO,
        skipped: 0,
    };
    let once = EngineSettings {
        repeat: 1,
        ..settings
    };
    engines::newsdex::run_with(&warm_up, &once, &mut |_| {}, true)?;
    let mut runs = Vec::with_capacity(options.runs);
    for number in 0..options.runs {
        let raw_tantivy = engines::raw_tantivy::run(corpus, &settings, progress)?;
        // With and without near-duplicates back to back, in alternating
        // order from run to run, so neither always follows the other.
        let (newsdex, plain) = if number % 2 == 0 {
            let newsdex = engines::newsdex::run(corpus, &settings, progress)?;
            (
                newsdex,
                engines::newsdex::run_with(corpus, &settings, progress, false)?,
            )
        } else {
            let plain = engines::newsdex::run_with(corpus, &settings, progress, false)?;
            (engines::newsdex::run(corpus, &settings, progress)?, plain)
        };
        let fts5 = engines::fts5::run(corpus, &settings, progress)?;
        let mut figures = figures(corpus, &settings, newsdex, raw_tantivy, fts5);
        if plain.index_s > 0.0 {
            figures.ratios.near_duplicates_cost = figures.newsdex.index_s / plain.index_s;
        }
        if let (Some(with), Some(without)) = (figures.newsdex.cpu_s, plain.cpu_s) {
            if without > 0.0 {
                figures.ratios.near_duplicates_cpu_cost = with / without;
            }
        }
        runs.push(figures);
    }
    let median = median_figures(&runs);
    Ok(IndexBenchReport {
        corpus: CorpusInfo {
            paths: corpus.paths.clone(),
            articles: corpus.len(),
            input_bytes: corpus.input_bytes,
            text_bytes: corpus.text_bytes,
            skipped: corpus.skipped,
            read_parse_s: corpus.read_parse.as_secs_f64(),
        },
        settings,
        runs,
        median,
    })
}

fn figures(
    corpus: &Corpus,
    settings: &EngineSettings,
    newsdex: EngineRun,
    raw_tantivy: EngineRun,
    fts5: EngineRun,
) -> RunFigures {
    let read_parse_s = corpus.read_parse.as_secs_f64() * settings.repeat as f64;
    let split = TimeSplit {
        read_parse_s,
        clean_extract_s: newsdex.clean_extract_s.unwrap_or(0.0),
        index_commit_s: newsdex.index_s,
        total_s: read_parse_s + newsdex.index_s,
    };
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
    let end_to_end = ratio(newsdex.docs as f64, split.total_s);
    let ratios = Ratios {
        newsdex_vs_raw_tantivy: ratio(newsdex.docs_per_s, raw_tantivy.docs_per_s),
        newsdex_vs_fts5: ratio(newsdex.docs_per_s, fts5.docs_per_s),
        newsdex_end_to_end_vs_raw_tantivy: ratio(end_to_end, raw_tantivy.docs_per_s),
        size_vs_raw_tantivy: ratio(newsdex.index_bytes as f64, raw_tantivy.index_bytes as f64),
        size_vs_fts5: ratio(newsdex.index_bytes as f64, fts5.index_bytes as f64),
        near_duplicates_cost: 0.0,
        near_duplicates_cpu_cost: 0.0,
    };
    RunFigures {
        newsdex,
        raw_tantivy,
        fts5,
        newsdex_split: split,
        ratios,
    }
}

/// Medians of every figure, field by field.
fn median_figures(runs: &[RunFigures]) -> RunFigures {
    let m = |f: &dyn Fn(&RunFigures) -> f64| median(&runs.iter().map(f).collect::<Vec<_>>());
    let engine = |pick: &dyn Fn(&RunFigures) -> &EngineRun| {
        let first = runs.first().map(pick).cloned().unwrap_or_default();
        let mu = |f: &dyn Fn(&EngineRun) -> Option<u64>| -> Option<u64> {
            let values: Vec<f64> = runs
                .iter()
                .filter_map(|r| f(pick(r)))
                .map(|v| v as f64)
                .collect();
            (!values.is_empty()).then(|| median(&values) as u64)
        };
        EngineRun {
            engine: first.engine.clone(),
            docs: first.docs,
            text_bytes: first.text_bytes,
            index_s: m(&|r| pick(r).index_s),
            docs_per_s: m(&|r| pick(r).docs_per_s),
            mb_per_s: m(&|r| pick(r).mb_per_s),
            clean_extract_s: first
                .clean_extract_s
                .map(|_| m(&|r| pick(r).clean_extract_s.unwrap_or(0.0))),
            clean_extract_cpu_s: first
                .clean_extract_cpu_s
                .map(|_| m(&|r| pick(r).clean_extract_cpu_s.unwrap_or(0.0))),
            cpu_s: first.cpu_s.map(|_| m(&|r| pick(r).cpu_s.unwrap_or(0.0))),
            wait_s: first.wait_s.map(|_| m(&|r| pick(r).wait_s.unwrap_or(0.0))),
            cores_busy: first
                .cores_busy
                .map(|_| m(&|r| pick(r).cores_busy.unwrap_or(0.0))),
            write_s: m(&|r| pick(r).write_s),
            commit_s: m(&|r| pick(r).commit_s),
            peak_rss_bytes: mu(&|e| e.peak_rss_bytes),
            start_rss_bytes: mu(&|e| e.start_rss_bytes),
            index_bytes: mu(&|e| Some(e.index_bytes)).unwrap_or(0),
        }
    };
    RunFigures {
        newsdex: engine(&|r| &r.newsdex),
        raw_tantivy: engine(&|r| &r.raw_tantivy),
        fts5: engine(&|r| &r.fts5),
        newsdex_split: TimeSplit {
            read_parse_s: m(&|r| r.newsdex_split.read_parse_s),
            clean_extract_s: m(&|r| r.newsdex_split.clean_extract_s),
            index_commit_s: m(&|r| r.newsdex_split.index_commit_s),
            total_s: m(&|r| r.newsdex_split.total_s),
        },
        ratios: Ratios {
            newsdex_vs_raw_tantivy: m(&|r| r.ratios.newsdex_vs_raw_tantivy),
            newsdex_vs_fts5: m(&|r| r.ratios.newsdex_vs_fts5),
            newsdex_end_to_end_vs_raw_tantivy: m(&|r| r.ratios.newsdex_end_to_end_vs_raw_tantivy),
            size_vs_raw_tantivy: m(&|r| r.ratios.size_vs_raw_tantivy),
            size_vs_fts5: m(&|r| r.ratios.size_vs_fts5),
            near_duplicates_cost: m(&|r| r.ratios.near_duplicates_cost),
            near_duplicates_cpu_cost: m(&|r| r.ratios.near_duplicates_cpu_cost),
        },
    }
}

fn mib(bytes: Option<u64>) -> String {
    bytes.map_or_else(|| "n/a".into(), |b| format!("{:.0}", b as f64 / 1048576.0))
}

impl fmt::Display for IndexBenchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.corpus;
        let s = &self.settings;
        writeln!(
            f,
            "corpus: {} articles × {} = {} ({:.1} MB input, {:.1} MB text per copy; {} inputs skipped)",
            c.articles,
            s.repeat,
            c.articles * s.repeat,
            c.input_bytes as f64 / 1e6,
            c.text_bytes as f64 / 1e6,
            c.skipped
        )?;
        writeln!(
            f,
            "settings: {} tantivy threads, {} MiB writer heap, commit every {}, {} newsdex workers; {} run(s), medians shown",
            s.threads,
            s.heap_bytes / 1048576,
            s.commit_every,
            s.workers,
            self.runs.len()
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "{:<12} {:>9} {:>10} {:>8} {:>9} {:>10} {:>6} {:>9} {:>9}",
            "engine",
            "docs",
            "docs/s",
            "MB/s",
            "index s",
            "commit s",
            "cores",
            "peak MiB",
            "disk MiB"
        )?;
        let m = &self.median;
        for e in [&m.newsdex, &m.raw_tantivy, &m.fts5] {
            writeln!(
                f,
                "{:<12} {:>9} {:>10.0} {:>8.2} {:>9.2} {:>10.2} {:>6} {:>9} {:>9.1}",
                e.engine,
                e.docs,
                e.docs_per_s,
                e.mb_per_s,
                e.index_s,
                e.commit_s,
                e.cores_busy
                    .map_or_else(|| "n/a".into(), |c| format!("{c:.2}")),
                mib(e.peak_rss_bytes),
                e.index_bytes as f64 / 1048576.0
            )?;
        }
        let t = &m.newsdex_split;
        writeln!(f)?;
        let per_article = |s: f64| s * 1e6 / (m.newsdex.docs.max(1) as f64);
        writeln!(
            f,
            "newsdex time: read+parse {:.2} s | clean+extract {:.2} s (summed over workers, overlapped; {:.0} µs per article, {:.0} µs of it on a core) | workers waiting for commits {:.2} s | indexing+commit {:.2} s wall | total {:.2} s",
            t.read_parse_s,
            t.clean_extract_s,
            per_article(t.clean_extract_s),
            per_article(m.newsdex.clean_extract_cpu_s.unwrap_or(0.0)),
            m.newsdex.wait_s.unwrap_or(0.0),
            t.index_commit_s,
            t.total_s
        )?;
        let r = &m.ratios;
        writeln!(
            f,
            "ratios: newsdex/raw-tantivy {:.2}× (end to end with read+parse {:.2}×), newsdex/FTS5 {:.2}× throughput; index size {:.2}× raw-tantivy, {:.2}× FTS5",
            r.newsdex_vs_raw_tantivy,
            r.newsdex_end_to_end_vs_raw_tantivy,
            r.newsdex_vs_fts5,
            r.size_vs_raw_tantivy,
            r.size_vs_fts5
        )?;
        writeln!(
            f,
            "near-duplicates: newsdex indexing with signatures and groups ÷ without, same run: {:.3}× wall, {:.3}× CPU (target ≤ 1.10)",
            r.near_duplicates_cost, r.near_duplicates_cpu_cost
        )?;
        write!(
            f,
            "cores: CPU time (user + system, all threads) ÷ wall time; peak memory is the process's (the in-memory corpus included: {} MiB when newsdex started)",
            mib(m.newsdex.start_rss_bytes)
        )
    }
}
