//! # newsdex-bench
//!
//! The benchmarks behind `newsdex bench`: how fast newsdex indexes and
//! answers, measured side by side in one run against two references.
//!
//! ```text
//! corpus ──load once (timed: read+parse)──▶ Vec<RawArticle> in memory
//!    ├──▶ newsdex      clean + extract + index (newsdex-core's parallel pipeline)
//!    ├──▶ raw-tantivy  same tantivy, same `news_en` analyzer, title/body only
//!    └──▶ SQLite FTS5  rusqlite (bundled SQLite), `porter unicode61`
//! ```
//!
//! - [`corpus`] loads the input once, so every engine indexes the same
//!   parsed texts with equal disk-cache effects;
//! - [`engines`] holds the three indexers, each in a fresh temp directory;
//! - [`index_bench`] runs them and reports docs/s, MB/s, the time split, peak
//!   memory and size on disk, with ratios;
//! - [`query_bench`] runs the fixed [`query_bench::QUERY_SET`] with warm-up
//!   and p50/p99 latencies, against newsdex and FTS5;
//! - [`scaling`] repeats the index benchmark over growing corpora and draws
//!   the SVG chart;
//! - [`memory`] reads peak resident memory.
//!
//! ```
//! use newsdex_bench::corpus::Corpus;
//! use newsdex_bench::index_bench::{run, IndexBenchOptions};
//! let dir = tempfile::tempdir()?;
//! std::fs::write(dir.path().join("a.txt"), "Truce talks\n\nThe cease-fire held.")?;
//! let corpus = Corpus::load(&[dir.path().into()])?;
//! let report = run(&corpus, &IndexBenchOptions::default(), &mut |_| {})?;
//! assert_eq!(report.median.newsdex.docs, 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]
#![doc(test(attr(deny(warnings))))]

pub mod corpus;
pub mod engines;
pub mod error;
pub mod index_bench;
pub mod memory;
pub mod query_bench;
pub mod scaling;
mod stats;

pub use error::{Error, Result};

/// Progress of a long benchmark step, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub struct Progress<'a> {
    /// What is running (`newsdex`, `raw-tantivy`, `fts5`, `queries`...).
    pub stage: &'a str,
    /// Units done.
    pub done: u64,
    /// Units in all.
    pub total: u64,
}
