//! [`Fingerprint`]: what identifies the state of an index a result was
//! computed on, so that a cited count can be checked later.

use newsdex_core::analysis::ANALYZER_VERSION;
use newsdex_core::{NewsIndex, FORMAT_VERSION};
use serde::Serialize;
use tantivy::Searcher;

use crate::error::Result;

/// The index a result came from: its on-disk format and analyzer, the
/// articles it held and its last commit.
///
/// Two results with the same fingerprint were computed on the same
/// committed articles with the same analysis; `opstamp` grows with every
/// indexing operation that was committed, so an index changed since (even
/// with the same article count) has another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Fingerprint {
    /// The index format version (`newsdex_core::FORMAT_VERSION`).
    pub format: u32,
    /// The analyzer version the index was built with.
    pub analyzer: String,
    /// Articles in the searched commit.
    pub articles: u64,
    /// The opstamp of the last commit (tantivy's operation counter, stored
    /// in `meta.json`).
    pub opstamp: u64,
}

impl Fingerprint {
    /// The fingerprint of `index` as `searcher` sees it. The opstamp is
    /// the index's last commit's right after the searcher was taken (as
    /// [`NewsIndex::searcher`] last read it, when `meta.json` is unchanged
    /// since: re-reading it was 6% of a rare term's search).
    pub(crate) fn of(index: &NewsIndex, searcher: &Searcher) -> Result<Fingerprint> {
        Ok(Fingerprint {
            format: FORMAT_VERSION,
            analyzer: ANALYZER_VERSION.to_string(),
            articles: searcher.num_docs(),
            opstamp: index.last_opstamp()?,
        })
    }
}

/// The fingerprint of `index`'s last commit.
///
/// ```
/// let index = newsdex_core::NewsIndex::create_in_ram()?;
/// let fingerprint = newsdex_query::fingerprint(&index)?;
/// assert_eq!(fingerprint.articles, 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn fingerprint(index: &NewsIndex) -> Result<Fingerprint> {
    let searcher = index.searcher()?;
    Fingerprint::of(index, &searcher)
}
