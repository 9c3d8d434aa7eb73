//! [`IndexStats`]: the size and make-up of an index, for `newsdex stats`
//! and embedders.

use std::path::PathBuf;

use serde::Serialize;
use walkdir::WalkDir;

use super::NewsIndex;
use crate::analysis::ANALYZER_VERSION;
use crate::error::Result;

/// The size and make-up of an index (see [`NewsIndex::stats`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct IndexStats {
    /// The index directory; `None` for an index in memory.
    pub path: Option<PathBuf>,
    /// Articles stored (one per id).
    pub articles: u64,
    /// Tantivy segments searched.
    pub segments: usize,
    /// Bytes of every file in the index directory (0 in memory).
    pub bytes_on_disk: u64,
    /// The analyzer the index was built with.
    pub analyzer: &'static str,
}

impl NewsIndex {
    /// Counts the articles and segments and measures the directory.
    ///
    /// ```
    /// let index = newsdex_core::NewsIndex::create_in_ram()?;
    /// let stats = index.stats()?;
    /// assert_eq!((stats.articles, stats.bytes_on_disk), (0, 0));
    /// # Ok::<(), newsdex_core::Error>(())
    /// ```
    pub fn stats(&self) -> Result<IndexStats> {
        let searcher = self.searcher()?;
        let bytes_on_disk = self.path().map_or(0, |dir| {
            WalkDir::new(dir)
                .into_iter()
                .filter_map(|entry| entry.ok()?.metadata().ok())
                .filter(|meta| meta.is_file())
                .map(|meta| meta.len())
                .sum()
        });
        Ok(IndexStats {
            path: self.path().map(PathBuf::from),
            articles: searcher.num_docs(),
            segments: searcher.segment_readers().len(),
            bytes_on_disk,
            analyzer: ANALYZER_VERSION,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_articles_and_bytes_of_an_index_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let texts = dir.path().join("texts");
        std::fs::create_dir(&texts).unwrap();
        std::fs::write(texts.join("a.txt"), "One\n\nThe first article body.").unwrap();
        std::fs::write(texts.join("b.txt"), "Two\n\nThe second article body.").unwrap();
        let index = NewsIndex::open_or_create(&dir.path().join("index")).unwrap();
        index.indexer().index_paths(&[texts]).unwrap();
        let stats = index.stats().unwrap();
        assert_eq!(stats.articles, 2);
        assert!(stats.segments >= 1);
        assert!(stats.bytes_on_disk > 0);
        assert_eq!(stats.path.as_deref(), index.path());
    }
}
