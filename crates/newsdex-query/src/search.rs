//! Running a [`SearchRequest`]: one pass over the index collects the total,
//! the requested page and the facet counts of every hit.

use std::collections::{BTreeMap, BTreeSet};

use newsdex_core::analysis::Analysis;
use newsdex_core::schema::{names, Facet};
use newsdex_core::stored::hit as hit_from_document;
use newsdex_core::NewsIndex;
use serde::Serialize;
use tantivy::collector::{Count, MultiCollector, TopDocs};
use tantivy::{DateTime, DocAddress, Order, Searcher, TantivyDocument};

use crate::error::{Result, SearchError};
use crate::facet_collector::FacetValueCollector;
use crate::facets::{source_labels, to_counts, FacetCount};
use crate::plan::plan;
use crate::request::{SearchRequest, Sort};
use crate::snippet::{make_snippet_in, Snippet};
use crate::syntax;

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct SearchResults {
    /// The query text as given.
    pub query: String,
    /// Number of matching articles (all pages).
    pub total: usize,
    /// The requested page.
    pub hits: Vec<Hit>,
    /// Facet field → value counts over all matching articles, the
    /// [`SearchRequest::facet_limit`] most frequent (empty when facets were
    /// not requested).
    pub facets: BTreeMap<String, Vec<FacetCount>>,
    /// Facet field → how many distinct values the matching articles hold
    /// (more than `facets` lists when the limit cut the list).
    pub facet_values: BTreeMap<String, usize>,
    /// Whether a fuzzy or prefix word matched more index terms than
    /// [`crate::expansion::MAX_EXPANSIONS`] in a field, so that only the
    /// closest (fuzzy) or first (prefix) ones were searched.
    pub expansions_truncated: bool,
}

/// One matching article.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Hit {
    /// 1-based rank across pages.
    pub rank: usize,
    /// Article id.
    pub id: String,
    /// Source id.
    pub source: String,
    /// Source name.
    pub source_name: String,
    /// Headline.
    pub title: String,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Language (ISO 639-1), when known.
    pub language: Option<String>,
    /// Relevance score (`None` when sorted by date).
    pub score: Option<f32>,
    /// Best passage with matched words located.
    pub snippet: Snippet,
    /// Why it scored, when requested.
    pub explanation: Option<String>,
}

/// Runs `request` against `index`.
///
/// ```
/// use newsdex_core::NewsIndex;
/// use newsdex_query::{search, SearchRequest};
/// let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join("a.txt"), "Truce\n\nThe cease-fire held in Rafah.")?;
/// let index = NewsIndex::create_in_ram()?;
/// index.indexer().index_paths(&[dir.path().into()])?;
/// let results = search(&index, &SearchRequest::new("ceasefire"))?;
/// assert_eq!(results.total, 1);
/// assert!(results.hits[0].snippet.text.contains("cease-fire"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn search(index: &NewsIndex, request: &SearchRequest) -> Result<SearchResults> {
    // A damaged index makes tantivy panic or fail deep inside a search: both
    // come back as a typed error naming the index (issue 13, item 9).
    index
        .guard(|| run(index, request))
        .map_err(|err| match err {
            SearchError::Tantivy(err) => SearchError::Core(index.read_error(err)),
            SearchError::Core(err) => SearchError::Core(index.read_error(err)),
            other => other,
        })
}

fn run(index: &NewsIndex, request: &SearchRequest) -> Result<SearchResults> {
    let searcher = index.searcher()?;
    let schema = index.schema();
    let ast = syntax::parse(&request.query)?;
    let plan = plan(ast.as_ref(), &request.filters, schema, &searcher)?;

    let mut collectors = MultiCollector::new();
    let count = collectors.add_collector(Count);
    // No page holds more than the index: tantivy allocates room for
    // 2 × (limit + offset) hits up front, so an unclamped huge --offset or
    // --limit aborts the process (found by tests/fuzz.rs in newsdex-cli).
    let docs = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
    let limit = request.limit.clamp(1, docs.max(1));
    let page = TopDocs::with_limit(limit).and_offset(request.offset.min(docs));
    let (by_score, by_date) = match request.sort {
        Sort::Relevance => (Some(collectors.add_collector(page.order_by_score())), None),
        Sort::Date => (
            None,
            Some(collectors.add_collector(
                page.order_by_fast_field::<DateTime>(names::PUBLISHED, Order::Desc),
            )),
        ),
    };
    let mut facet_handles = Vec::new();
    if request.facets {
        for field in Facet::ALL {
            let collector = if field == Facet::Vote {
                FacetValueCollector::hierarchical(field.as_str())
            } else {
                FacetValueCollector::flat(field.as_str())
            };
            facet_handles.push((field, collectors.add_collector(collector)));
        }
    }
    let mut fruits = searcher.search(plan.query.as_ref(), &collectors)?;
    let total = count.extract(&mut fruits);
    let page: Vec<(Option<f32>, DocAddress)> = match (by_score, by_date) {
        (Some(handle), _) => handle
            .extract(&mut fruits)
            .into_iter()
            .map(|(score, address)| (Some(score), address))
            .collect(),
        (_, Some(handle)) => handle
            .extract(&mut fruits)
            .into_iter()
            .map(|(_, address)| (None, address))
            .collect(),
        _ => Vec::new(),
    };
    let page = if request.limit == 0 { Vec::new() } else { page };

    let mut facets = BTreeMap::new();
    let mut facet_values = BTreeMap::new();
    for (field, handle) in facet_handles {
        let counts = handle.extract(&mut fruits);
        facet_values.insert(field.to_string(), counts.len());
        let counts = counts.most_frequent(request.facet_limit);
        // Outlet names only for the outlets listed.
        let source_names = if field == Facet::Source {
            let listed: BTreeSet<String> = counts.iter().map(|(v, _)| v.clone()).collect();
            source_labels(&searcher, schema, &listed)?
        } else {
            BTreeMap::new()
        };
        let mut counts = to_counts(field, counts, &source_names);
        if request.facet_limit > 0 {
            counts.truncate(request.facet_limit);
        }
        facets.insert(field.to_string(), counts);
    }

    let highlight: BTreeSet<String> = plan.highlight.values().flatten().cloned().collect();
    let mut hits = Vec::with_capacity(page.len());
    for (i, (score, address)) in page.into_iter().enumerate() {
        let doc: TantivyDocument = searcher.doc(address)?;
        let article = hit_from_document(schema, &doc)?;
        let captions = article.captions.join("\n");
        let snippet = make_snippet_in(
            Analysis::of(article.language.as_deref()),
            &[
                ("body", &article.body),
                ("caption", &captions),
                ("title", &article.title),
            ],
            &highlight,
            request.snippet_chars,
        );
        let explanation = if request.explain {
            Some(explain(&searcher, plan.query.as_ref(), address)?)
        } else {
            None
        };
        hits.push(Hit {
            rank: request.offset + i + 1,
            id: article.id.0,
            source: article.source.id,
            source_name: article.source.name,
            title: article.title,
            published: article.published.map(|d| d.to_string()),
            language: article.language,
            score,
            snippet,
            explanation,
        });
    }
    Ok(SearchResults {
        query: request.query.clone(),
        total,
        hits,
        facets,
        facet_values,
        expansions_truncated: plan.expansions_truncated,
    })
}

fn explain(
    searcher: &Searcher,
    query: &dyn tantivy::query::Query,
    address: DocAddress,
) -> Result<String> {
    let explanation = query.explain(searcher, address)?;
    Ok(explanation.to_pretty_json())
}

/// Every value of `field` in the index with its count (`newsdex facets`).
pub fn facet_values(index: &NewsIndex, field: Facet) -> Result<Vec<FacetCount>> {
    let request = SearchRequest::new("*").limit(0).facets(true).facet_limit(0);
    let results = search(index, &request)?;
    Ok(results
        .facets
        .get(field.as_str())
        .cloned()
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index_of(texts: &[&str]) -> (tempfile::TempDir, NewsIndex) {
        let dir = tempfile::tempdir().unwrap();
        for (i, text) in texts.iter().enumerate() {
            std::fs::write(dir.path().join(format!("{i}.txt")), text).unwrap();
        }
        let index = NewsIndex::create_in_ram().unwrap();
        index.indexer().index_paths(&[dir.path().into()]).unwrap();
        (dir, index)
    }

    #[test]
    fn facet_limit_lists_the_most_frequent_values_and_counts_them_all() {
        let (_dir, index) = index_of(&[
            "Talks\n\nMinisters from France, Germany and Italy met on trade.",
            "Summit\n\nFrance and Germany agreed a trade plan.",
            "Budget\n\nFrance cut its trade deficit.",
        ]);
        let values = |results: &SearchResults| -> Vec<(String, u64)> {
            results.facets["country"]
                .iter()
                .map(|c| (c.value.clone(), c.count))
                .collect()
        };
        let top = search(&index, &SearchRequest::new("trade").facet_limit(2)).unwrap();
        assert_eq!(top.total, 3);
        assert_eq!(values(&top), [("fr".to_string(), 3), ("de".to_string(), 2)]);
        assert_eq!(top.facet_values["country"], 3);

        let all = search(&index, &SearchRequest::new("trade").facet_limit(0)).unwrap();
        assert_eq!(values(&all).len(), 3);
        assert_eq!(values(&all)[2], ("it".to_string(), 1));

        // Counts follow the hits, not the index.
        let one = search(&index, &SearchRequest::new("deficit")).unwrap();
        assert_eq!(values(&one), [("fr".to_string(), 1)]);
        assert_eq!(one.facet_values["country"], 1);
    }
}
