//! Integration tests of newsdex-query: one test binary (`autotests = false`
//! in Cargo.toml), one module per concern.
//!
//! Property tests run `PROPTEST_CASES` cases (proptest's default, 256, in
//! CI); for a long local run:
//! `PROPTEST_CASES=100000 cargo test -p newsdex-query --test integration`.

/// Generators of query text and search requests for the property tests.
mod arbitrary;
/// Ingest, the query planner and the CLI parse days alike.
mod dates;
/// Totals and facet counts against a brute-force count over stored
/// articles, on many segments with deletes.
mod facet_counts;
/// No import cycles between the crate's file-modules (the same check as
/// newsdex-core's, run against this crate's sources).
#[path = "../../newsdex-core/tests/module_graph.rs"]
mod module_graph;
/// Proximity operators and sentence and paragraph positions on the
/// bundled articles, against an independent reading of their text.
mod proximity;
/// Whole searches (parse → plan → search → snippets → facets) on the
/// bundled articles.
mod search;
/// `--collapse`, stories and coverage on invented syndicated copies and
/// the bundled five.
mod stories;
/// The query parser on arbitrary text.
mod syntax;

/// Regressions of issue 13 (query side), with a per-thread counting allocator.
mod regressions;
