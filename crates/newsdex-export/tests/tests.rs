//! Integration tests of newsdex-export: one test binary, one module per
//! concern. No OpenSearch, Elasticsearch or Quickwit server is reachable
//! here, so the contract is tested instead: golden files, the engines'
//! documented request structure, a round trip through the exported files,
//! and the analysis the files carry.

/// A counting allocator for the memory ratio tests (`memory`).
#[global_allocator]
static ALLOC: newsdex_testkit::CountingAlloc = newsdex_testkit::CountingAlloc;

/// Shared fixtures: the bundled articles, extracted or indexed, exported.
mod util;

/// The pre-analysed fields hold the terms newsdex indexes; the synonym
/// rules come from the variant table.
mod analysis;
/// Every emitted JSON checked against the engines' documented structure.
mod contract;
/// Golden files of the bundled five (`NEWSDEX_BLESS=1` rewrites them).
mod golden;
/// Comparing with a golden file, or rewriting it (shared with `translate.rs`).
#[path = "support/golden.rs"]
mod golden_files;
/// Memory stays flat in the number of articles.
mod memory;
/// Parsing an export back: ids, fields and counts match.
mod roundtrip;
