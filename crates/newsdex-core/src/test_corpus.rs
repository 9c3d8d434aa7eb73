//! The shared Reuters-21578 half, for tests and measurements that need real
//! stories. Never copied into the project: read from `../shared/corpus` and
//! skipped with a visible message when absent.
//!
//! The path comes from `newsdex_testkit`, the one place the workspace
//! spells it.

use std::path::PathBuf;

use crate::ingest::{reuters, RawArticle};

/// The corpus directory, or `None` (after printing `SKIPPED: …`) when it is
/// absent.
pub fn dir() -> Option<PathBuf> {
    newsdex_testkit::reuters_dir()
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
