//! The indexing pipeline: ingest → clean → extract → write, with an
//! [`IngestReport`] instead of stopping at the first bad input.
//!
//! - [`Indexer`] (`indexer`): the builder callers run it through;
//! - `options`: [`IndexOptions`] and the defaults;
//! - `report`: [`Event`], [`IngestReport`], [`PipelineStats`];
//! - `process`: the per-article work (content hash, clean, extract);
//! - `parallel`: the engine: workers clean and extract while the calling
//!   thread writes in input order.
//!
//! The children import each other, never this module, which only declares
//! them and re-exports what callers use.

mod indexer;
mod options;
mod parallel;
mod process;
mod report;

pub use indexer::Indexer;
pub use options::{default_workers, IndexOptions, DEFAULT_COMMIT_EVERY};
pub use process::process;
pub use report::{Event, IngestReport};
