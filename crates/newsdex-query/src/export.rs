//! Full exports: every hit of a search with its metadata, streamed to a
//! sink as it is read (`newsdex search --all --format csv|jsonl`).
//!
//! Hits are read segment by segment in document order with the query's
//! own scorer, each stored article decoded, handed to the sink and dropped
//! before the next is read: memory does not grow with the number of hits
//! (tested as a ratio with a counting allocator). The order is the
//! index's, not relevance: ranking every hit would mean holding them all.

use newsdex_core::analysis::Analysis;
use newsdex_core::schema::names;
use newsdex_core::stored::article as article_from_document;
use newsdex_core::{Article, NewsIndex, VoteEvent};
use serde::Serialize;
use tantivy::collector::Count;
use tantivy::query::EnableScoring;
use tantivy::{DocAddress, DocSet, TantivyDocument, TERMINATED};

use crate::error::Result;
use crate::fingerprint::Fingerprint;
use crate::request::SearchRequest;
use crate::snippet::{make_passages_in, opening_snippet, Snippet, Window};
use crate::syntax::QueryAst;
use crate::whole::{guarded, Prepared};

/// What an export starts with.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct ExportHeader {
    /// The query text as given.
    pub query: String,
    /// The query as parsed.
    pub parsed_query: Option<QueryAst>,
    /// The index the hits came from.
    pub fingerprint: Fingerprint,
    /// Matching articles: the rows that follow.
    pub total: u64,
}

/// One exported hit.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct ExportRow {
    /// Article id.
    pub id: String,
    /// Canonical URL, when known.
    pub url: Option<String>,
    /// Source id.
    pub source: String,
    /// Source name.
    pub source_name: String,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Headline.
    pub title: String,
    /// The best passage, as search shows it.
    pub snippet: Snippet,
    /// Countries mentioned (ids).
    pub countries: Vec<String>,
    /// People named (names as written).
    pub people: Vec<String>,
    /// Vote facet values (`adopted`, `vetoed/ru`).
    pub votes: Vec<String>,
}

/// Where an export goes: a header, then one call per hit.
pub trait ExportSink {
    /// Called once, before the first row.
    fn start(&mut self, header: &ExportHeader) -> std::io::Result<()>;
    /// Called once per hit.
    fn row(&mut self, row: &ExportRow) -> std::io::Result<()>;
}

/// Streams every hit of `request` (its query, filters and snippet
/// settings; paging and sort are ignored) to `sink`, in index order, and
/// returns how many were written. An error of the sink stops the export
/// and is returned as [`crate::SearchError::Io`].
///
/// ```
/// use newsdex_core::NewsIndex;
/// use newsdex_query::{export, ExportHeader, ExportRow, ExportSink, SearchRequest};
/// struct Ids(Vec<String>);
/// impl ExportSink for Ids {
///     fn start(&mut self, header: &ExportHeader) -> std::io::Result<()> {
///         assert_eq!(header.total, 2);
///         Ok(())
///     }
///     fn row(&mut self, row: &ExportRow) -> std::io::Result<()> {
///         self.0.push(row.id.clone());
///         Ok(())
///     }
/// }
/// let dir = tempfile::tempdir()?;
/// for (name, text) in [("a", "Truce\n\nThe cease-fire held."), ("b", "Talks\n\nA ceasefire now."), ("c", "Grain\n\nWheat rose.")] {
///     std::fs::write(dir.path().join(format!("{name}.txt")), text)?;
/// }
/// let index = NewsIndex::create_in_ram()?;
/// index.indexer().index_paths(&[dir.path().into()])?;
/// let mut ids = Ids(Vec::new());
/// assert_eq!(export(&index, &SearchRequest::new("ceasefire"), &mut ids)?, 2);
/// ids.0.sort();
/// assert_eq!(ids.0, ["a", "b"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn export(
    index: &NewsIndex,
    request: &SearchRequest,
    sink: &mut dyn ExportSink,
) -> Result<u64> {
    guarded(index, || run(index, request, sink))
}

fn run(index: &NewsIndex, request: &SearchRequest, sink: &mut dyn ExportSink) -> Result<u64> {
    let prepared = Prepared::new(index, &request.query, &request.filters)?;
    let total = prepared
        .searcher
        .search(prepared.plan.query.as_ref(), &Count)? as u64;
    sink.start(&ExportHeader {
        query: request.query.clone(),
        parsed_query: prepared.parsed_query.clone(),
        fingerprint: prepared.fingerprint.clone(),
        total,
    })?;
    let terms = prepared.terms();
    let window = match request.context_words {
        Some(words) => Window::Words(words),
        None => Window::Chars(request.snippet_chars),
    };
    stream(index, &prepared, &mut |article, _| {
        let captions = article.captions.join("\n");
        let fields = [
            ("body", article.body.as_str()),
            ("caption", captions.as_str()),
            ("title", article.title.as_str()),
        ];
        let snippet = make_passages_in(
            Analysis::of(article.language.as_deref()),
            &fields,
            &terms,
            1,
            window,
        )
        .into_iter()
        .next()
        .unwrap_or_else(|| opening_snippet(&fields, request.snippet_chars));
        let meta = &article.metadata;
        sink.row(&ExportRow {
            url: article.url.clone(),
            source: article.source.id.clone(),
            source_name: article.source.name.clone(),
            published: article.published.map(|d| d.to_string()),
            title: article.title.clone(),
            snippet,
            countries: meta.countries_mentioned.clone(),
            people: meta.people.iter().map(|p| p.name.clone()).collect(),
            votes: VoteEvent::facet_paths_of(&meta.votes),
            id: article.id.0,
        })
    })
}

/// Streams every stored article matching `request` (its query and
/// filters; paging, sort and snippets are ignored) to `each` with its
/// near-duplicate group (`dup_group`), in index order, and returns how
/// many were handed over. Articles are decoded one at a time and dropped
/// after `each` returns, so memory does not grow with the number of hits.
/// An error of `each` stops the stream and is returned as
/// [`crate::SearchError::Io`]. `newsdex export --index` reads an index
/// through it with the query `*`.
///
/// ```
/// use newsdex_core::NewsIndex;
/// use newsdex_query::{for_each_article, SearchRequest};
/// let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join("a.txt"), "Truce\n\nThe cease-fire held.")?;
/// let index = NewsIndex::create_in_ram()?;
/// index.indexer().index_paths(&[dir.path().into()])?;
/// let mut ids = Vec::new();
/// let count = for_each_article(&index, &SearchRequest::new("*"), &mut |article, group| {
///     assert!(group.is_some());
///     ids.push(article.id.0);
///     Ok(())
/// })?;
/// assert_eq!((count, ids), (1, vec!["a".to_string()]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn for_each_article(
    index: &NewsIndex,
    request: &SearchRequest,
    each: &mut dyn FnMut(Article, Option<u64>) -> std::io::Result<()>,
) -> Result<u64> {
    guarded(index, || {
        let prepared = Prepared::new(index, &request.query, &request.filters)?;
        stream(index, &prepared, each)
    })
}

/// Hands every hit of `prepared`'s query to `each`, segment by segment in
/// document order: the query's own scorer per segment (deleted documents
/// skipped by the alive bitset), one stored article decoded at a time.
fn stream(
    index: &NewsIndex,
    prepared: &Prepared,
    each: &mut dyn FnMut(Article, Option<u64>) -> std::io::Result<()>,
) -> Result<u64> {
    let searcher = &prepared.searcher;
    let query = prepared.plan.query.as_ref();
    let schema = index.schema();
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut written = 0;
    for (ordinal, segment) in searcher.segment_readers().iter().enumerate() {
        let ordinal = u32::try_from(ordinal).unwrap_or(u32::MAX);
        let alive = segment.alive_bitset();
        let groups = segment.fast_fields().u64(names::DUP_GROUP)?;
        let mut scorer = weight.scorer(segment, 1.0)?;
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|bits| bits.is_alive(doc)) {
                let stored: TantivyDocument = searcher.doc(DocAddress::new(ordinal, doc))?;
                let article = article_from_document(schema, &stored)?;
                each(article, groups.first(doc))?;
                written += 1;
            }
            doc = scorer.advance();
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_alloc::peak_bytes;

    /// Counts rows and their bytes, keeping nothing.
    #[derive(Default)]
    struct Discard {
        rows: u64,
        bytes: usize,
        total: u64,
    }

    impl ExportSink for Discard {
        fn start(&mut self, header: &ExportHeader) -> std::io::Result<()> {
            self.total = header.total;
            Ok(())
        }

        fn row(&mut self, row: &ExportRow) -> std::io::Result<()> {
            self.rows += 1;
            self.bytes += row.title.len() + row.snippet.text.len();
            Ok(())
        }
    }

    fn index_of(articles: usize) -> NewsIndex {
        let dir = tempfile::tempdir().unwrap();
        let mut lines = String::new();
        for i in 0..articles {
            lines.push_str(&format!(
                "{{\"id\": \"a{i}\", \"published\": \"2024-03-{:02}\", \"body\": \"Story {i}: the truce held in Rafah, and talks on the truce went on for a {i}th day.\"}}\n",
                i % 28 + 1
            ));
        }
        std::fs::write(dir.path().join("a.jsonl"), lines).unwrap();
        let index = NewsIndex::create_in_ram().unwrap();
        index
            .indexer()
            .workers(1)
            .index_paths(&[dir.path().into()])
            .unwrap();
        index
    }

    #[test]
    fn an_export_writes_every_hit_and_its_memory_does_not_grow_with_them() {
        let small = index_of(100);
        let large = index_of(400);
        let request = SearchRequest::new("truce");
        let measure = |index: &NewsIndex| {
            // Warm-up: the searcher, the analyzers, the store's caches.
            export(index, &request, &mut Discard::default()).unwrap();
            let mut sink = Discard::default();
            let (peak, written) = peak_bytes(|| export(index, &request, &mut sink).unwrap());
            assert_eq!((written, sink.rows), (sink.total, sink.total));
            (peak, written)
        };
        let (peak_small, rows_small) = measure(&small);
        let (peak_large, rows_large) = measure(&large);
        assert_eq!((rows_small, rows_large), (100, 400));
        let ratio = peak_large as f64 / peak_small.max(1) as f64;
        eprintln!("export peak: {peak_small} B for 100 hits, {peak_large} B for 400 ({ratio:.2}x)");
        // Flat: 4x the hits, about the same peak (holding the rows would
        // be 4x).
        assert!(ratio < 2.0, "peak grew {ratio:.2}x on 4x the hits");
    }

    #[test]
    fn an_error_of_the_sink_stops_the_export() {
        struct Fails(u64);
        impl ExportSink for Fails {
            fn start(&mut self, _: &ExportHeader) -> std::io::Result<()> {
                Ok(())
            }
            fn row(&mut self, _: &ExportRow) -> std::io::Result<()> {
                self.0 += 1;
                Err(std::io::Error::other("disk full"))
            }
        }
        let index = index_of(5);
        let mut sink = Fails(0);
        let err = export(&index, &SearchRequest::new("truce"), &mut sink).unwrap_err();
        assert!(matches!(err, crate::SearchError::Io(_)), "{err:?}");
        assert_eq!(sink.0, 1);
    }
}
