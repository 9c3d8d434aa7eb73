//! Running a [`SearchRequest`]: one pass over the index collects the total,
//! the requested page and the facet counts of every hit.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;

use newsdex_core::analysis::Analysis;
use newsdex_core::schema::{names, Facet};
use newsdex_core::stored::hit as hit_from_document;
use newsdex_core::NewsIndex;
use serde::Serialize;
use tantivy::collector::{Count, MultiCollector, TopDocs};
use tantivy::index::SegmentId;
use tantivy::{DateTime, DocAddress, Order, Searcher, SegmentReader, TantivyDocument};

use crate::error::{Result, SearchError};
use crate::explain::{negated_spans, term_matches, TermMatches};
use crate::facet_collector::{FacetValueCollector, FacetValues};
use crate::facet_table::{FacetTables, FacetTablesCollector, Tables};
use crate::facets::{source_labels, to_counts, FacetCount, Labels};
use crate::fingerprint::Fingerprint;
use crate::plan::plan;
use crate::request::{SearchRequest, Sort};
use crate::snippet::{make_passages_in, opening_snippet, Snippet, Window};
use crate::syntax::{self, QueryAst};

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct SearchResults {
    /// The query text as given.
    pub query: String,
    /// Number of matching articles (all pages).
    pub total: usize,
    /// With [`SearchRequest::collapse`]: the number of near-duplicate
    /// groups the matching articles form (each hit is one; `total` and the
    /// facet counts still count articles). `None` otherwise.
    pub groups: Option<usize>,
    /// With [`SearchRequest::collapse`]: what `total` and the facet counts
    /// count ([`crate::Counted::Articles`]); `None` otherwise.
    pub counts: Option<crate::collapse::Counted>,
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
    /// The index the results came from (for citing a count).
    pub fingerprint: Fingerprint,
    /// The query as parsed (`None` for a filter-only search).
    pub parsed_query: Option<QueryAst>,
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
    /// Up to [`SearchRequest::snippets`] passages with matches, best
    /// first (the first is `snippet`); empty when no shown field matched.
    pub snippets: Vec<Snippet>,
    /// Why it scored, when requested.
    pub explanation: Option<String>,
    /// With [`SearchRequest::explain`]: each query term's surface forms in
    /// this article and why they matched (empty otherwise).
    pub matches: Vec<TermMatches>,
    /// With [`SearchRequest::collapse`]: the other matching articles of its
    /// near-duplicate group, earliest first (at most
    /// [`crate::MAX_COPIES_LISTED`]; `copies_total` counts them all).
    pub copies: Vec<crate::collapse::Copy>,
    /// How many other matching articles its group holds (0 without
    /// collapse).
    pub copies_total: usize,
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
    guarded(index, None, request, None)
}

/// What a long-lived process keeps between searches of one index: each
/// segment's facet table (see [`SearchCache::search`]).
///
/// Both [`search()`] and a search through a cache count a hit's facets
/// with one short slice read, through the facet tables the writer keeps
/// beside each segment. Where a segment has none (an index written before
/// newsdex kept them), a one-shot [`search()`] reads the values it counts
/// from tantivy's columns, several times slower, while a cache builds the
/// segment's table at its first search (about one extra count over the
/// whole segment) and counts through it after. Memory for a built table: 4
/// bytes per document and per value of each facet field, plus each
/// segment's distinct values; a segment merged away is dropped at the next
/// search. Use one cache per index (`newsdex serve` and `newsdex bench
/// query` each hold one).
///
/// ```
/// use newsdex_core::NewsIndex;
/// use newsdex_query::{search, SearchCache, SearchRequest};
/// let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join("a.txt"), "Truce\n\nThe cease-fire held in Rafah.")?;
/// let index = NewsIndex::create_in_ram()?;
/// index.indexer().index_paths(&[dir.path().into()])?;
/// let cache = SearchCache::default();
/// let request = SearchRequest::new("ceasefire");
/// let cached = cache.search(&index, &request)?;
/// assert_eq!(cached.facets, search(&index, &request)?.facets);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Default, Clone)]
pub struct SearchCache {
    tables: Arc<FacetTables>,
}

impl SearchCache {
    /// Runs `request` against `index` as [`search()`] does, with the same
    /// results, counting facets through the kept tables.
    pub fn search(&self, index: &NewsIndex, request: &SearchRequest) -> Result<SearchResults> {
        guarded(index, None, request, Some(&self.tables))
    }

    /// [`SearchCache::search`] on `searcher`, a snapshot of `index` taken
    /// earlier by [`NewsIndex::searcher`], rather than on its last commit:
    /// searches given the same snapshot answer from the same commit however
    /// many commits land meanwhile (`newsdex serve` warms a new commit's
    /// answers on its snapshot before serving it).
    pub fn search_on(
        &self,
        index: &NewsIndex,
        searcher: &Searcher,
        request: &SearchRequest,
    ) -> Result<SearchResults> {
        guarded(index, Some(searcher), request, Some(&self.tables))
    }
}

fn guarded(
    index: &NewsIndex,
    searcher: Option<&Searcher>,
    request: &SearchRequest,
    tables: Option<&Arc<FacetTables>>,
) -> Result<SearchResults> {
    // A damaged index makes tantivy panic or fail deep inside a search: both
    // come back as a typed error naming the index (issue 13, item 9).
    index
        .guard(|| {
            let searcher = match searcher {
                Some(searcher) => searcher.clone(),
                None => index.searcher()?,
            };
            run(index, searcher, request, tables)
        })
        .map_err(|err| match err {
            SearchError::Tantivy(err) => SearchError::Core(index.read_error(err)),
            SearchError::Core(err) => SearchError::Core(index.read_error(err)),
            other => other,
        })
}

fn run(
    index: &NewsIndex,
    searcher: Searcher,
    request: &SearchRequest,
    tables: Option<&Arc<FacetTables>>,
) -> Result<SearchResults> {
    if let Some(tables) = tables {
        let live: HashSet<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(SegmentReader::segment_id)
            .collect();
        tables.retain(&live);
    }
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
    let grouped = request.collapse.then(|| {
        collectors.add_collector(crate::collapse::GroupCollector {
            scored: request.sort == Sort::Relevance,
        })
    });
    let (by_score, by_date) = match request.sort {
        _ if request.collapse => (None, None),
        Sort::Relevance => (Some(collectors.add_collector(page.order_by_score())), None),
        Sort::Date => (
            None,
            Some(collectors.add_collector(
                page.order_by_fast_field::<DateTime>(names::PUBLISHED, Order::Desc),
            )),
        ),
    };
    let fields: Vec<(Facet, bool)> = if request.facets {
        Facet::ALL
            .iter()
            .map(|&f| (f, f.is_hierarchical()))
            .collect()
    } else {
        Vec::new()
    };
    let mut facet_handles = Vec::new();
    let mut table_handle = None;
    if !fields.is_empty() {
        // Every facet field is counted, in `Facet::ALL`'s order, as the
        // tables hold them.
        let kept = match tables {
            Some(cache) => Some(cache.tables(index, searcher.segment_readers())?),
            None => Tables::kept(index, searcher.segment_readers()),
        };
        match kept {
            Some(kept) => {
                table_handle = Some(collectors.add_collector(FacetTablesCollector::new(kept)));
            }
            None => {
                for &(field, hierarchical) in &fields {
                    let collector = if hierarchical {
                        FacetValueCollector::hierarchical(field.as_str())
                    } else {
                        FacetValueCollector::flat(field.as_str())
                    };
                    facet_handles.push(collectors.add_collector(collector));
                }
            }
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
    type Shown = (Option<f32>, DocAddress, Vec<crate::collapse::Copy>, usize);
    let (page, groups): (Vec<Shown>, _) = match grouped {
        Some(handle) => {
            let members = handle.extract(&mut fruits);
            let collapsed =
                crate::collapse::page(members, request.sort == Sort::Date, request.offset, limit);
            let mut shown = Vec::with_capacity(collapsed.hits.len());
            for (score, members) in collapsed.hits {
                let (address, copies) = crate::collapse::resolve(&searcher, schema, &members)?;
                shown.push((score, address, copies, members.len() - 1));
            }
            (shown, Some(collapsed.groups))
        }
        None => (
            page.into_iter()
                .map(|(score, address)| (score, address, Vec::new(), 0))
                .collect(),
            None,
        ),
    };
    let page = if request.limit == 0 { Vec::new() } else { page };

    let mut facets = BTreeMap::new();
    let mut facet_values = BTreeMap::new();
    let counted: Vec<FacetValues> = match table_handle {
        Some(handle) => handle.extract(&mut fruits),
        None => facet_handles
            .into_iter()
            .map(|handle| handle.extract(&mut fruits))
            .collect(),
    };
    let mut listed = Vec::with_capacity(fields.len());
    for (&(field, _), counts) in fields.iter().zip(counted) {
        facet_values.insert(field.to_string(), counts.len());
        listed.push((field, counts.most_frequent(request.facet_limit)));
    }
    // Outlet names only for the outlets listed.
    let source_names = match listed.iter().find(|(field, _)| *field == Facet::Source) {
        Some((_, counts)) => {
            let listed: BTreeSet<String> = counts.iter().map(|(v, _)| v.clone()).collect();
            source_labels(&searcher, schema, &listed)?
        }
        None => BTreeMap::new(),
    };
    let shown = listed
        .iter()
        .flat_map(|(field, counts)| counts.iter().map(|(value, _)| (*field, value.as_str())));
    let labels = Labels::new(shown, source_names);
    for (field, counts) in listed {
        let mut counts = to_counts(field, counts, &labels);
        if request.facet_limit > 0 {
            counts.truncate(request.facet_limit);
        }
        facets.insert(field.to_string(), counts);
    }

    let highlight: BTreeSet<String> = plan.highlight.values().flatten().cloned().collect();
    let negated = ast.as_ref().map(negated_spans).unwrap_or_default();
    let mut hits = Vec::with_capacity(page.len());
    for (i, (score, address, copies, copies_total)) in page.into_iter().enumerate() {
        let doc: TantivyDocument = searcher.doc(address)?;
        let article = hit_from_document(schema, &doc)?;
        let captions = article.captions.join("\n");
        let fields = [
            ("body", article.body.as_str()),
            ("caption", captions.as_str()),
            ("title", article.title.as_str()),
        ];
        let window = match request.context_words {
            Some(words) => Window::Words(words),
            None => Window::Chars(request.snippet_chars),
        };
        let snippets = make_passages_in(
            Analysis::of(article.language.as_deref()),
            &fields,
            &highlight,
            request.snippets.max(1),
            window,
        );
        let snippet = snippets
            .first()
            .cloned()
            .unwrap_or_else(|| opening_snippet(&fields, request.snippet_chars));
        let (explanation, matches) = if request.explain {
            let captions = article.captions.join("\n\n");
            let texts = [
                (schema.title, article.title.as_str()),
                (schema.body, article.body.as_str()),
                (schema.caption, captions.as_str()),
            ];
            let analysis = Analysis::of(article.language.as_deref());
            (
                Some(explain(&searcher, plan.query.as_ref(), address)?),
                term_matches(&plan.leaves, &negated, analysis, &texts),
            )
        } else {
            (None, Vec::new())
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
            snippets,
            explanation,
            matches,
            copies,
            copies_total,
        });
    }
    Ok(SearchResults {
        query: request.query.clone(),
        total,
        groups,
        counts: groups.map(|_| crate::collapse::Counted::Articles),
        hits,
        facets,
        facet_values,
        expansions_truncated: plan.expansions_truncated,
        fingerprint: Fingerprint::of(index, &searcher)?,
        parsed_query: ast,
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

/// The stored values of `field` that `input` names, resolved as a filter
/// or a `field:` scope of [`search()`] resolves it (names, aliases, parts
/// of names: several values when a surname names several people); an
/// unknown value is a [`crate::QueryErrorKind::UnknownFacetValue`] with
/// close matches. What a front end sending the query elsewhere (a cluster)
/// resolves values with.
pub fn resolve_facet(index: &NewsIndex, field: Facet, input: &str) -> Result<Vec<String>> {
    index
        .guard(|| {
            let searcher = index.searcher()?;
            crate::facets::FacetResolver::new(&searcher, index.schema()).resolve(field, input)
        })
        .map_err(|err| match err {
            SearchError::Tantivy(err) => SearchError::Core(index.read_error(err)),
            other => other,
        })
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

    #[test]
    fn a_cache_keeps_one_table_per_live_segment() {
        let dir = tempfile::tempdir().unwrap();
        let index = NewsIndex::create_in_ram().unwrap();
        let cache = SearchCache::default();
        let request = SearchRequest::new("trade");
        let mut fewer_after_a_merge = false;
        let mut before = 0;
        for run in 0..12 {
            let path = dir.path().join(format!("{run}.txt"));
            std::fs::write(
                &path,
                format!("Talks {run}\n\nFrance and Germany met on trade."),
            )
            .unwrap();
            index.indexer().index_paths(&[path]).unwrap();
            let cached = cache.search(&index, &request).unwrap();
            let fresh = search(&index, &request).unwrap();
            assert_eq!(cached.total, run + 1);
            assert_eq!(cached.facets, fresh.facets);
            let segments = index.searcher().unwrap().segment_readers().len();
            assert_eq!(cache.tables.len(), segments, "run {run}");
            fewer_after_a_merge |= segments < before;
            before = segments;
        }
        assert!(
            fewer_after_a_merge,
            "no merge happened: nothing was dropped"
        );
    }
}
