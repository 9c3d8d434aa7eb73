//! The shared Reuters-21578 half, for tests and measurements that need real
//! stories. Never copied into the project: read from `../shared/corpus` and
//! skipped with a visible message when absent.
//!
//! The one place core's unit tests take the corpus path from. Code outside
//! core (the benchmarks, `newsdex bench`, the CLI's integration tests) takes
//! it from `newsdex_bench::corpus::REUTERS_DIR`, which core cannot depend on;
//! both name the same directory relative to the workspace root.

use std::path::{Path, PathBuf};

use crate::ingest::{reuters, RawArticle};

/// Where the shared half lives, relative to the workspace root.
const REUTERS_DIR: &str = "../shared/corpus/reuters21578";

/// Where the corpus is looked for, whether or not it is there.
pub fn path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(REUTERS_DIR)
}

/// The corpus directory, or `None` (after printing `SKIPPED: …`) when it is
/// absent.
pub fn dir() -> Option<PathBuf> {
    let dir = path();
    if dir.join("reut2-000.sgm").is_file() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: Reuters-21578 corpus absent at {}", dir.display());
        None
    }
}

/// Every story of the shared half (files 000–010), or `None` when absent.
pub fn stories() -> Option<Vec<RawArticle>> {
    let dir = dir()?;
    let mut stories = Vec::new();
    for i in 0..=10 {
        let path = dir.join(format!("reut2-{i:03}.sgm"));
        let bytes = std::fs::read(&path).ok()?;
        stories.extend(reuters::parse_sgml(&bytes, &path).into_iter().flatten());
    }
    Some(stories)
}
