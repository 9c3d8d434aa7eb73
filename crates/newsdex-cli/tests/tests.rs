//! Integration tests of the real `newsdex` binary (`CARGO_BIN_EXE_newsdex`):
//! one test binary (`autotests = false` in Cargo.toml), one module per
//! concern, each test in its own temporary directory. Run one module with
//! `cargo test -p newsdex-cli --test integration reliability::`.
//!
//! Property tests of what the binary calls live beside the code they test:
//! the readers in newsdex-core (`ingest::{text,jsonl,reuters}::fuzz`), the
//! analyzer in newsdex-core's integration tests, the query parser and whole
//! searches in newsdex-query's.

/// Shared helpers: running the binary, the bundled articles, the Reuters
/// half.
mod util;

/// `newsdex bench`: the reports' fields, never speed.
mod bench;
/// The search page in headless Chromium through WebDriver (issue 20).
#[cfg(feature = "serve")]
mod browser;
/// Searching, indexing and errors on the bundled articles.
mod cli;
/// The country facet, Reuters SGML input and `newsdex eval places`.
mod countries;
/// `newsdex export` for OpenSearch/Elasticsearch and Quickwit (issue 21).
mod export;
/// CSV/TSV exports and RSS/Atom feeds (issue 16).
mod formats;
/// Web pages (`.html`, `.html.gz`) and `newsdex eval html`.
mod html;
/// The language facet, per-language stemming and `newsdex extract`.
mod language;
/// Where the default index is: --index, $NEWSDEX_INDEX, .newsdex, the data dir.
mod location;
/// The org facet, `--org`, `org:` and `facets org`.
mod orgs;
/// The person and said_by facets, quotes and `newsdex eval people`.
mod people;
/// The query language and filters.
mod query;
/// Regressions of issue 13: damaged, unreadable and read-only indexes; writer limits.
mod regress_index;
/// Regressions of issue 13: ingest (ids, duplicates, encodings, sidecars, dates).
mod regress_ingest;
/// Regressions of issue 13: query side (snippets, slop phrases, expansions, filters, escapes).
mod regress_query;
/// Crashes, concurrent use, bad input, incompatible indexes, a full disk.
mod reliability;
/// Concordances, timelines, full exports, several snippets, fingerprints (issue 19).
mod research;
/// `newsdex serve`: the HTTP API and the page's assets (issue 20).
#[cfg(feature = "serve")]
mod serve;
/// Stories, coverage, `--collapse` and near-duplicates in `show`.
mod stories;
/// `newsdex translate`: requests for OpenSearch and Quickwit (issue 21).
mod translate;
/// The vote facet and source detection.
mod votes;
