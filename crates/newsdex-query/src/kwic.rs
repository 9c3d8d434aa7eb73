//! Concordance (keyword in context): one line per occurrence of a query's
//! terms in every matching article, with the words each side.
//!
//! Occurrences are found as snippets find their highlights: the stored
//! headline, body and captions are analysed again with the article's
//! language's chain and every token whose index term the query looks for
//! is an occurrence ("cease-fire" for `ceasefire`, "vetoed" for `veto*`).
//! A hyphenated word and its parts, or a multi-word variant ("cease fire"),
//! are one occurrence. Each word of a phrase is an occurrence of its own.

use std::cmp::Ordering;

use newsdex_core::analysis::Analysis;
use newsdex_core::stored::hit as hit_from_document;
use newsdex_core::NewsIndex;
use serde::Serialize;
use tantivy::TantivyDocument;

use crate::error::Result;
use crate::fingerprint::Fingerprint;
use crate::request::Filters;
use crate::snippet::{back_words, forward_words, occurrences};
use crate::syntax::QueryAst;
use crate::whole::{guarded, Prepared};

/// Default words of context each side of a concordance keyword.
pub const DEFAULT_KWIC_CONTEXT: usize = 6;

/// Order of concordance lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KwicSort {
    /// Oldest article first (undated last), then by id, then in text order.
    #[default]
    Date,
    /// By source id, then as `Date`.
    Source,
    /// By the words left of the keyword, nearest first (case folded).
    Left,
    /// By the words right of the keyword (case folded).
    Right,
}

/// A concordance request: build it, then pass it to [`kwic()`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct KwicRequest {
    /// Query text in the newsdex query language.
    pub query: String,
    /// Facet and date filters.
    pub filters: Filters,
    /// Words of context each side.
    pub context_words: usize,
    /// Line order.
    pub sort: KwicSort,
}

impl KwicRequest {
    /// A request for `query`: no filters, [`DEFAULT_KWIC_CONTEXT`] words,
    /// sorted by date.
    pub fn new(query: impl Into<String>) -> Self {
        KwicRequest {
            query: query.into(),
            filters: Filters::default(),
            context_words: DEFAULT_KWIC_CONTEXT,
            sort: KwicSort::Date,
        }
    }

    /// Only matching articles that pass these filters.
    pub fn filters(mut self, filters: Filters) -> Self {
        self.filters = filters;
        self
    }

    /// Sets the words of context each side.
    pub fn context_words(mut self, words: usize) -> Self {
        self.context_words = words;
        self
    }

    /// Sets the line order.
    pub fn sort(mut self, sort: KwicSort) -> Self {
        self.sort = sort;
        self
    }
}

/// One occurrence with its context. Whitespace runs in the context (line
/// and paragraph breaks included) are single spaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct KwicLine {
    /// The words before the keyword.
    pub left: String,
    /// The occurrence as written ("cease-fire").
    pub keyword: String,
    /// The words after the keyword.
    pub right: String,
    /// Article id.
    pub id: String,
    /// Source id.
    pub source: String,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Field of the occurrence: `title`, `body` or `caption`.
    pub field: String,
    /// Byte offset of the keyword in that field's stored text (captions
    /// joined by a newline).
    pub offset: usize,
}

/// A concordance: every occurrence in every matching article.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Kwic {
    /// The query text as given.
    pub query: String,
    /// The query as parsed.
    pub parsed_query: Option<QueryAst>,
    /// The index the lines came from.
    pub fingerprint: Fingerprint,
    /// Matching articles.
    pub articles: usize,
    /// One line per occurrence, in the requested order.
    pub lines: Vec<KwicLine>,
}

/// The concordance of `request` over every matching article.
///
/// ```
/// use newsdex_core::NewsIndex;
/// use newsdex_query::{kwic, KwicRequest};
/// let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join("a.txt"), "Truce\n\nThe cease-fire held. A ceasefire is fragile.")?;
/// let index = NewsIndex::create_in_ram()?;
/// index.indexer().index_paths(&[dir.path().into()])?;
/// let lines = kwic(&index, &KwicRequest::new("ceasefire").context_words(1))?.lines;
/// assert_eq!(lines.len(), 2);
/// assert_eq!((lines[0].left.as_str(), lines[0].keyword.as_str(), lines[0].right.as_str()),
///            ("The", "cease-fire", "held."));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn kwic(index: &NewsIndex, request: &KwicRequest) -> Result<Kwic> {
    guarded(index, || run(index, request))
}

fn run(index: &NewsIndex, request: &KwicRequest) -> Result<Kwic> {
    let prepared = Prepared::new(index, &request.query, &request.filters)?;
    let terms = prepared.terms();
    let hits = prepared.all_hits()?;
    let schema = index.schema();
    let mut lines = Vec::new();
    for address in &hits {
        let doc: TantivyDocument = prepared.searcher.doc(*address)?;
        let article = hit_from_document(schema, &doc)?;
        let analysis = Analysis::of(article.language.as_deref());
        let captions = article.captions.join("\n");
        let published = article.published.map(|d| d.to_string());
        for (field, text) in [
            ("title", article.title.as_str()),
            ("body", article.body.as_str()),
            ("caption", captions.as_str()),
        ] {
            for range in occurrences(analysis, text, &terms) {
                let from = back_words(text, range.start, request.context_words);
                let to = forward_words(text, range.end, request.context_words);
                lines.push(KwicLine {
                    left: one_line(text.get(from..range.start).unwrap_or("")),
                    keyword: one_line(text.get(range.clone()).unwrap_or("")),
                    right: one_line(text.get(range.end..to).unwrap_or("")),
                    id: article.id.0.clone(),
                    source: article.source.id.clone(),
                    published: published.clone(),
                    field: field.to_string(),
                    offset: range.start,
                });
            }
        }
    }
    sort_lines(&mut lines, request.sort);
    Ok(Kwic {
        query: request.query.clone(),
        parsed_query: prepared.parsed_query,
        fingerprint: prepared.fingerprint,
        articles: hits.len(),
        lines,
    })
}

/// `text` with every whitespace run a single space, trimmed.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn field_rank(field: &str) -> u8 {
    match field {
        "title" => 0,
        "body" => 1,
        _ => 2,
    }
}

/// Date (undated last), id, field, offset: the order of the text.
fn by_date(a: &KwicLine, b: &KwicLine) -> Ordering {
    let date = match (&a.published, &b.published) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    date.then_with(|| a.id.cmp(&b.id))
        .then_with(|| field_rank(&a.field).cmp(&field_rank(&b.field)))
        .then_with(|| a.offset.cmp(&b.offset))
}

/// The words of `text`, lowercased.
fn folded_words(text: &str) -> impl DoubleEndedIterator<Item = String> + '_ {
    text.split_whitespace().map(str::to_lowercase)
}

fn sort_lines(lines: &mut [KwicLine], sort: KwicSort) {
    // Date order first: the tie-breaker of every other order (the sorts
    // below are stable).
    lines.sort_by(by_date);
    match sort {
        KwicSort::Date => {}
        KwicSort::Source => lines.sort_by(|a, b| a.source.cmp(&b.source)),
        // Nearest word first; an empty context sorts first.
        KwicSort::Left => {
            lines.sort_by_cached_key(|line| folded_words(&line.left).rev().collect::<Vec<_>>())
        }
        KwicSort::Right => {
            lines.sort_by_cached_key(|line| folded_words(&line.right).collect::<Vec<_>>())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index_of(texts: &[(&str, &str)]) -> (tempfile::TempDir, NewsIndex) {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in texts {
            std::fs::write(dir.path().join(format!("{name}.txt")), text).unwrap();
        }
        let index = NewsIndex::create_in_ram().unwrap();
        index.indexer().index_paths(&[dir.path().into()]).unwrap();
        (dir, index)
    }

    #[test]
    fn one_line_per_occurrence_in_every_field_of_every_hit() {
        let (_dir, index) = index_of(&[
            (
                "a",
                "Truce in Rafah\n\nThe cease-fire held in Rafah. Zebra talks on a cease fire went on.",
            ),
            ("b", "Talks\n\nA ceasefire, then ceasefires, near Rafah."),
            ("c", "Grain\n\nWheat rose."),
        ]);
        let all = kwic(
            &index,
            &KwicRequest::new("ceasefire OR truce").context_words(2),
        )
        .unwrap();
        assert_eq!(all.articles, 2);
        let keywords: Vec<(&str, &str, &str)> = all
            .lines
            .iter()
            .map(|l| (l.id.as_str(), l.field.as_str(), l.keyword.as_str()))
            .collect();
        assert_eq!(
            keywords,
            [
                ("a", "title", "Truce"),
                ("a", "body", "cease-fire"),
                ("a", "body", "cease fire"),
                ("b", "body", "ceasefire"),
                ("b", "body", "ceasefires"),
            ]
        );
        let line = &all.lines[2];
        assert_eq!(
            (line.left.as_str(), line.right.as_str()),
            ("on a", "went on.")
        );
        assert_eq!(all.fingerprint.articles, 3);
        assert!(all.parsed_query.is_some());
    }

    #[test]
    fn lines_sort_by_the_words_left_or_right_of_the_keyword() {
        let (_dir, index) = index_of(&[(
            "a",
            "Notes\n\nbravo Rafah zulu. alpha Rafah yankee. Charlie Rafah xray.",
        )]);
        let sorted = |sort| -> Vec<String> {
            kwic(
                &index,
                &KwicRequest::new("rafah").context_words(1).sort(sort),
            )
            .unwrap()
            .lines
            .into_iter()
            .map(|l| format!("{} {}", l.left, l.right))
            .collect()
        };
        assert_eq!(
            sorted(KwicSort::Left),
            ["alpha yankee.", "bravo zulu.", "Charlie xray."]
        );
        assert_eq!(
            sorted(KwicSort::Right),
            ["Charlie xray.", "alpha yankee.", "bravo zulu."]
        );
        assert_eq!(
            sorted(KwicSort::Date),
            ["bravo zulu.", "alpha yankee.", "Charlie xray."]
        );
    }
}
