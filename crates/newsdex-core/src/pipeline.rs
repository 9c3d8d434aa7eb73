//! The indexing pipeline: ingest → clean → extract → write, with an
//! [`IngestReport`] instead of stopping at the first bad input.
//!
//! - [`Indexer`] (`indexer`): the builder callers run it through;
//! - `options`: [`IndexOptions`] and the defaults;
//! - `report`: [`Event`], [`IngestReport`], [`PipelineStats`];
//! - `process`: the per-article work (content hash, clean, extract);
//! - `parallel`: the engine: the calling thread cuts the input into jobs
//!   (`job`) and counts the results in input order (`ledger`), committing
//!   every N articles; `worker`s do everything per article, writing under
//!   each id's claim (`claims`) once the commit gate (`gate`) lets them.
//!
//! The children import each other, never this module, which only declares
//! them and re-exports what callers use.

mod claims;
mod gate;
mod indexer;
mod job;
mod ledger;
mod options;
mod parallel;
mod process;
mod report;
#[cfg(test)]
mod tests;
mod worker;

pub use indexer::Indexer;
pub use options::{default_workers, IndexOptions, DEFAULT_COMMIT_EVERY};
pub use process::{extract_inputs, process, Extracted};
pub use report::{Event, IngestReport};
