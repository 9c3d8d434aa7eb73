//! # newsdex
//!
//! Full-text search for news articles, on tantivy. This crate is a facade:
//! [`core`] is the write path (ingest → clean → extract → index) and
//! [`query`] the read path (parse → plan → search → snippets/facets →
//! render). The `newsdex` binary lives in `crates/newsdex-cli`.
//!
//! ```
//! use newsdex::core::NewsIndex;
//! use newsdex::query::{search, SearchRequest};
//!
//! let dir = tempfile::tempdir()?;
//! std::fs::write(dir.path().join("a.txt"), "Truce talks\n\nA cease-fire in Rafah was discussed.")?;
//! let index = NewsIndex::create_in_ram()?;
//! index.indexer().index_paths(&[dir.path().into()])?;
//! let results = search(&index, &SearchRequest::new("\"cease fire\" Rafah"))?;
//! assert_eq!(results.hits[0].title, "Truce talks");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

pub use newsdex_core as core;
pub use newsdex_query as query;
