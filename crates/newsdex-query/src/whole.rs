//! What the tools that read every hit share (concordance, timeline,
//! export): a guarded read, the planned query with its fingerprint, and
//! the hits in index order.

use std::collections::BTreeSet;

use newsdex_core::NewsIndex;
use tantivy::collector::DocSetCollector;
use tantivy::{DocAddress, Searcher};

use crate::error::{Result, SearchError};
use crate::fingerprint::Fingerprint;
use crate::plan::{plan, Plan};
use crate::request::Filters;
use crate::syntax::{self, QueryAst};

/// Runs `f`, a read of `index`, turning a panic or a tantivy error inside
/// it into newsdex's typed errors (as [`crate::search()`] does).
pub(crate) fn guarded<T>(index: &NewsIndex, f: impl FnOnce() -> Result<T>) -> Result<T> {
    index.guard(f).map_err(|err| match err {
        SearchError::Tantivy(err) => SearchError::Core(index.read_error(err)),
        SearchError::Core(err) => SearchError::Core(index.read_error(err)),
        other => other,
    })
}

/// A query planned against one searcher.
pub(crate) struct Prepared {
    pub searcher: Searcher,
    pub plan: Plan,
    pub parsed_query: Option<QueryAst>,
    pub fingerprint: Fingerprint,
}

impl Prepared {
    /// Parses and plans `query` with `filters` on `index`'s last commit.
    pub fn new(index: &NewsIndex, query: &str, filters: &Filters) -> Result<Prepared> {
        let searcher = index.searcher()?;
        let ast = syntax::parse(query)?;
        let plan = plan(ast.as_ref(), filters, index.schema(), &searcher)?;
        let fingerprint = Fingerprint::of(index, &searcher)?;
        Ok(Prepared {
            searcher,
            plan,
            parsed_query: ast,
            fingerprint,
        })
    }

    /// Every indexed term to mark, whatever the field.
    pub fn terms(&self) -> BTreeSet<String> {
        self.plan.highlight.values().flatten().cloned().collect()
    }

    /// Every matching document, in index order (segment, then document).
    pub fn all_hits(&self) -> Result<Vec<DocAddress>> {
        let mut hits: Vec<DocAddress> = self
            .searcher
            .search(self.plan.query.as_ref(), &DocSetCollector)?
            .into_iter()
            .collect();
        hits.sort_unstable();
        Ok(hits)
    }
}
