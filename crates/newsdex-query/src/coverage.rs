//! `newsdex coverage`: for each value of a facet (an outlet, a country, a
//! person), how many articles match a query and what share of everything
//! that value holds they are (as GDELT's `timelinevol` normalises by
//! volume).

use newsdex_core::schema::Facet;
use newsdex_core::NewsIndex;
use serde::Serialize;

use crate::error::Result;
use crate::request::SearchRequest;
use crate::search::search;

/// One value's coverage.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CoverageRow {
    /// The facet value (what the filter flag accepts).
    pub value: String,
    /// Its label (an outlet's or a country's name).
    pub label: String,
    /// Matching articles holding it.
    pub matches: u64,
    /// Articles of the index holding it.
    pub total: u64,
    /// matches / total.
    pub share: f64,
}

/// The answer to [`coverage`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Coverage {
    /// The query text as given.
    pub query: String,
    /// The facet field.
    pub by: Facet,
    /// Matching articles.
    pub matches: usize,
    /// Whether rows are ordered by share rather than by matches.
    pub normalized: bool,
    /// One row per value holding a match: by matches (or, normalised, by
    /// share), then by value.
    pub rows: Vec<CoverageRow>,
}

/// The coverage of `request`'s matches by the values of `by`.
///
/// ```
/// use newsdex_core::{schema::Facet, NewsIndex};
/// use newsdex_query::{coverage, SearchRequest};
/// let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join("a.txt"), "Truce\n\nFrance backed the cease-fire.")?;
/// std::fs::write(dir.path().join("b.txt"), "Budget\n\nFrance cut spending.")?;
/// let index = NewsIndex::create_in_ram()?;
/// index.indexer().index_paths(&[dir.path().into()])?;
/// let found = coverage(&index, &SearchRequest::new("ceasefire"), Facet::Country, false)?;
/// assert_eq!((found.rows[0].value.as_str(), found.rows[0].matches, found.rows[0].total), ("fr", 1, 2));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn coverage(
    index: &NewsIndex,
    request: &SearchRequest,
    by: Facet,
    normalize: bool,
) -> Result<Coverage> {
    let counted = |request: SearchRequest| -> Result<(usize, Vec<crate::facets::FacetCount>)> {
        let results = search(index, &request.limit(0).facets(true).facet_limit(0))?;
        let counts = results.facets.get(by.as_str()).cloned().unwrap_or_default();
        Ok((results.total, counts))
    };
    let mut matching = request.clone();
    if matching.query.trim().is_empty() && matching.filters.is_empty() {
        matching.query = "*".into();
    }
    let (matches, hits) = counted(matching)?;
    let (_, all) = counted(SearchRequest::new("*"))?;
    let totals: std::collections::HashMap<&str, u64> =
        all.iter().map(|c| (c.value.as_str(), c.count)).collect();
    let mut rows: Vec<CoverageRow> = hits
        .into_iter()
        .map(|c| {
            let total = totals
                .get(c.value.as_str())
                .copied()
                .unwrap_or(c.count)
                .max(c.count);
            CoverageRow {
                share: if total == 0 {
                    0.0
                } else {
                    c.count as f64 / total as f64
                },
                value: c.value,
                label: c.label,
                matches: c.count,
                total,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        let key = if normalize {
            b.share.total_cmp(&a.share).then(b.matches.cmp(&a.matches))
        } else {
            b.matches.cmp(&a.matches).then(b.share.total_cmp(&a.share))
        };
        key.then_with(|| a.value.cmp(&b.value))
    });
    Ok(Coverage {
        query: request.query.clone(),
        by,
        matches,
        normalized: normalize,
        rows,
    })
}
