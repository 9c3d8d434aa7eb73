//! Integration tests of newsdex-core through its public API: one test
//! binary (`autotests = false` in Cargo.toml), one module per concern. Unit
//! tests, including the property tests of the readers
//! (`ingest::{text,jsonl,reuters}::fuzz`), sit beside their code.
//!
//! Property tests run `PROPTEST_CASES` cases (proptest's default, 256, in
//! CI); for a long local run:
//! `PROPTEST_CASES=100000 cargo test -p newsdex-core --test integration`.

/// The query-time analyzer on arbitrary text.
mod analysis;
/// No import cycles between the crate's file-modules.
mod module_graph;
