//! The parsed query and the filters, lowered to an engine-neutral tree with
//! newsdex's semantics settled: which fields a leaf searches, what its
//! words analyse to, which stored values a facet scope names, what `NOT`
//! alone means. The engines' writers (`opensearch.rs`, `quickwit.rs`) only
//! spell this tree, and refuse what their engine cannot express.
//!
//! The rules are those of `newsdex_query`'s planner, one for one:
//! - an unscoped word, phrase, prefix or fuzzy word searches `title`
//!   (boosted by [`TITLE_BOOST`]), `body` and `caption`, any of them;
//!   `title:`, `body:`, `caption:`, `quote:` search that field alone
//!   (`title` boosted there too);
//! - a word or phrase is analysed by `news_en` and by each other
//!   language's chain of the articles ([`Values::other_analyses`]); a word
//!   analysing to several tokens is matched as a phrase; one analysing to
//!   nothing (punctuation) drops out of the query;
//! - a prefix is normalised by the unstemmed analyzer, a fuzzy word by the
//!   query analyzer (its first token each);
//! - `NOT x` alone, or an AND of negations only, is "every article but";
//! - facet scopes and filters take the values [`Values::resolve`] gives,
//!   any of them; `field:*` is "has a value"; `published:` takes a day or
//!   an inclusive range of days;
//! - both sides of a proximity lie in one text field: the one their leaves
//!   name, else title, body or caption;
//! - at most [`MAX_EXPANDING_WORDS`] prefix and fuzzy words.

use std::ops::Range;

use newsdex_core::analysis::{query_terms, unstemmed_terms, Analysis};
use newsdex_core::schema::{names, Facet, TEXT_FIELDS};
use newsdex_query::syntax::{Leaf, LeafKind, Proximity, QueryAst};
use newsdex_query::{check_expanding_words, Filters, QueryError, QueryErrorKind};
use time::Date;

use super::resolve::Values;
use crate::error::{ExportError, Result};

/// Score multiplier for matches in the headline (newsdex's `TITLE_BOOST`).
pub(crate) const TITLE_BOOST: f32 = 2.0;

/// A text field of the exported documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextField {
    Title,
    Body,
    Caption,
    Quote,
}

impl TextField {
    /// The fields an unscoped leaf searches.
    pub(crate) const UNSCOPED: [TextField; 3] =
        [TextField::Title, TextField::Body, TextField::Caption];

    fn named(name: &str) -> Option<TextField> {
        match name {
            names::TITLE => Some(TextField::Title),
            names::BODY => Some(TextField::Body),
            names::CAPTION => Some(TextField::Caption),
            names::QUOTE => Some(TextField::Quote),
            _ => None,
        }
    }

    /// The boost newsdex gives a match in this field.
    pub(crate) fn boost(self) -> Option<f32> {
        (self == TextField::Title).then_some(TITLE_BOOST)
    }
}

/// The query, engine-neutral.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// Every article.
    All,
    /// No article (the query's words all analysed to nothing).
    Nothing,
    /// All of `must` and none of `must_not`; `must` is never empty.
    And {
        must: Vec<Node>,
        must_not: Vec<Node>,
    },
    /// Every article but those matching any of these.
    AllBut(Vec<Node>),
    /// Any of these.
    Or(Vec<Node>),
    /// A word, phrase, prefix or fuzzy word in any of `fields`.
    Text(TextLeaf),
    /// A proximity in any of `fields`.
    Near { fields: Vec<TextField>, tree: Spans },
    /// Any of these stored values of a facet (a hierarchical facet's value
    /// also matches the values below it).
    Facet { facet: Facet, values: Vec<String> },
    /// Any value of a facet (`field:*`).
    FacetAny { facet: Facet },
    /// Published within these days, inclusive; both open: has a date.
    Published {
        from: Option<Date>,
        to: Option<Date>,
    },
}

/// A text leaf.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TextLeaf {
    pub fields: Vec<TextField>,
    pub kind: TextKind,
    /// Byte range of the leaf in the query text.
    pub span: Range<usize>,
}

/// What a text leaf matches.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TextKind {
    /// A word or phrase: `text` as written; its token sequences, one per
    /// distinct analysis (English first, never empty); extra words allowed
    /// between its words, in order.
    Words {
        text: String,
        analyses: Vec<Vec<String>>,
        slop: u32,
    },
    /// Index terms starting with `prefix` (unstemmed, folded).
    Prefix { prefix: String },
    /// Index terms within `distance` edits of `term` (stemmed, folded).
    Fuzzy { term: String, distance: u8 },
}

/// One side of a proximity.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Spans {
    /// A word, phrase, prefix or fuzzy word.
    Leaf { kind: TextKind, span: Range<usize> },
    /// Any of these.
    Or(Vec<Spans>),
    /// Both sides, near each other.
    Near {
        op: Proximity,
        left: Box<Spans>,
        right: Box<Spans>,
        /// Byte range of the operator.
        span: Range<usize>,
    },
}

/// The lowered request: the query (`None`: none given, or it analysed to
/// nothing while filters were given) and the filters, each a node all hits
/// must match.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Lowered {
    pub query: Option<Node>,
    pub filters: Vec<Node>,
}

/// Lowers `ast` (the parsed query, if any) and `filters`.
pub(crate) fn lower(
    ast: Option<&QueryAst>,
    filters: &Filters,
    values: Values<'_>,
    languages: &[String],
) -> Result<Lowered> {
    if let Some(ast) = ast {
        check_expanding_words(ast)?;
    }
    let lowerer = Lowerer {
        values,
        other_analyses: values.other_analyses(languages)?,
    };
    let query = ast.map(|ast| lowerer.node(ast)).transpose()?.flatten();
    let mut lowered_filters = Vec::new();
    for (facet, inputs) in &filters.facets {
        if inputs.is_empty() {
            continue;
        }
        let mut resolved = Vec::new();
        for input in inputs {
            for value in values.resolve(*facet, input)? {
                if !resolved.contains(&value) {
                    resolved.push(value);
                }
            }
        }
        lowered_filters.push(Node::Facet {
            facet: *facet,
            values: resolved,
        });
    }
    if filters.from.is_some() || filters.to.is_some() {
        lowered_filters.push(published(filters.from, filters.to).map_err(QueryError::new)?);
    }
    if query.is_none() && lowered_filters.is_empty() {
        if ast.is_some() {
            // Every word analysed to nothing (punctuation only).
            return Ok(Lowered {
                query: Some(Node::Nothing),
                filters: Vec::new(),
            });
        }
        return Err(QueryError::new(QueryErrorKind::Empty).into());
    }
    Ok(Lowered {
        query,
        filters: lowered_filters,
    })
}

struct Lowerer<'a> {
    values: Values<'a>,
    other_analyses: Vec<Analysis>,
}

fn unknown_field(field: &str, span: Option<Range<usize>>) -> ExportError {
    let mut known: Vec<&str> = TEXT_FIELDS.to_vec();
    known.extend(Facet::ALL.map(Facet::as_str));
    known.push(names::PUBLISHED);
    QueryError {
        kind: QueryErrorKind::UnknownField {
            field: field.to_string(),
            known: known.join(", "),
        },
        span,
    }
    .into()
}

fn syntax(message: String, span: &Range<usize>) -> ExportError {
    QueryError::at(QueryErrorKind::Syntax(message), span.clone()).into()
}

impl Lowerer<'_> {
    /// `None` when the node analyses to nothing.
    fn node(&self, ast: &QueryAst) -> Result<Option<Node>> {
        Ok(match ast {
            QueryAst::All => Some(Node::All),
            QueryAst::Leaf(leaf) => self.leaf(leaf)?,
            QueryAst::Near { .. } => self.near(ast)?,
            QueryAst::Not { clause } => self.node(clause)?.map(|n| Node::AllBut(vec![n])),
            QueryAst::Or { clauses } => {
                let mut any = Vec::new();
                for clause in clauses {
                    any.extend(self.node(clause)?);
                }
                (!any.is_empty()).then_some(Node::Or(any))
            }
            QueryAst::And { clauses } => {
                let mut must = Vec::new();
                let mut must_not = Vec::new();
                for clause in clauses {
                    match clause {
                        QueryAst::Not { clause } => must_not.extend(self.node(clause)?),
                        other => must.extend(self.node(other)?),
                    }
                }
                match (must.is_empty(), must_not.is_empty()) {
                    (true, true) => None,
                    (true, false) => Some(Node::AllBut(must_not)),
                    _ => Some(Node::And { must, must_not }),
                }
            }
        })
    }

    fn leaf(&self, leaf: &Leaf) -> Result<Option<Node>> {
        let Some(name) = leaf.field.as_deref() else {
            return self.text_leaf(leaf, TextField::UNSCOPED.to_vec());
        };
        if let Some(field) = TextField::named(name) {
            return self.text_leaf(leaf, vec![field]);
        }
        if name == names::PUBLISHED {
            let day = |text: &str| {
                newsdex_core::dates::parse_day(text).map_err(|_| {
                    QueryError::at(
                        QueryErrorKind::InvalidDate(text.to_string()),
                        leaf.span.clone(),
                    )
                })
            };
            let (from, to) = match &leaf.kind {
                LeafKind::Word { text } => {
                    let day = day(text)?;
                    (Some(day), Some(day))
                }
                LeafKind::Range { lower, upper } => (
                    lower.as_deref().map(day).transpose()?,
                    upper.as_deref().map(day).transpose()?,
                ),
                _ => {
                    return Err(syntax(
                        "published: takes a date or a range [YYYY-MM-DD TO YYYY-MM-DD]".into(),
                        &leaf.span,
                    ))
                }
            };
            let node =
                published(from, to).map_err(|kind| QueryError::at(kind, leaf.span.clone()))?;
            return Ok(Some(node));
        }
        let Ok(facet) = name.parse::<Facet>() else {
            return Err(unknown_field(name, Some(leaf.span.clone())));
        };
        let value = match &leaf.kind {
            LeafKind::Word { text } | LeafKind::Phrase { text, .. } => text,
            LeafKind::Range {
                lower: None,
                upper: None,
            } => return Ok(Some(Node::FacetAny { facet })),
            _ => {
                return Err(syntax(
                    format!("{name}: takes a value, not a prefix, fuzzy word or range"),
                    &leaf.span,
                ))
            }
        };
        let values = self.values.resolve(facet, value).map_err(|err| match err {
            ExportError::Query(mut q) => {
                q.span = Some(leaf.span.clone());
                ExportError::Query(q)
            }
            other => other,
        })?;
        Ok(Some(Node::Facet { facet, values }))
    }

    fn text_leaf(&self, leaf: &Leaf, fields: Vec<TextField>) -> Result<Option<Node>> {
        if let LeafKind::Range { .. } = leaf.kind {
            return Err(syntax("ranges apply to published: only".into(), &leaf.span));
        }
        Ok(self.text_kind(&leaf.kind).map(|kind| {
            Node::Text(TextLeaf {
                fields,
                kind,
                span: leaf.span.clone(),
            })
        }))
    }

    /// What a word, phrase, prefix or fuzzy word looks up; `None` when it
    /// analyses to nothing (ranges are not text).
    fn text_kind(&self, kind: &LeafKind) -> Option<TextKind> {
        match kind {
            LeafKind::Word { text } | LeafKind::Phrase { text, .. } => {
                let slop = match kind {
                    LeafKind::Phrase { slop, .. } => *slop,
                    _ => 0,
                };
                let analyses = self.analysed(text);
                (!analyses.is_empty()).then(|| TextKind::Words {
                    text: text.clone(),
                    analyses,
                    slop,
                })
            }
            LeafKind::Prefix { text } => {
                first_token(unstemmed_terms(text)).map(|prefix| TextKind::Prefix { prefix })
            }
            LeafKind::Fuzzy { text, distance } => {
                first_token(query_terms(text)).map(|term| TextKind::Fuzzy {
                    term,
                    distance: *distance,
                })
            }
            LeafKind::Range { .. } => None,
        }
    }

    /// The distinct non-empty token sequences `text` analyses to: English
    /// first, then each other language's.
    fn analysed(&self, text: &str) -> Vec<Vec<String>> {
        // The terms the export writes into Quickwit's `*_terms` fields.
        let mut out = vec![crate::terms::terms(Analysis::English, text)];
        for analysis in &self.other_analyses {
            let terms = crate::terms::terms(*analysis, text);
            if !out.contains(&terms) {
                out.push(terms);
            }
        }
        out.retain(|terms| !terms.is_empty());
        out
    }

    fn near(&self, ast: &QueryAst) -> Result<Option<Node>> {
        let QueryAst::Near { op, span, .. } = ast else {
            return Ok(None);
        };
        let named = ast.leaf_fields();
        let fields = match named.len() {
            0 => TextField::UNSCOPED.to_vec(),
            1 => {
                let name = named.first().map(String::as_str).unwrap_or_default();
                match TextField::named(name) {
                    Some(field) => vec![field],
                    None if name.parse::<Facet>().is_ok() || name == names::PUBLISHED => {
                        return Err(syntax(
                            format!(
                                "`{op}` applies to text fields ({}), not to {name}:",
                                TEXT_FIELDS.join(", ")
                            ),
                            span,
                        ))
                    }
                    None => return Err(unknown_field(name, Some(span.clone()))),
                }
            }
            _ => {
                let listed: Vec<&str> = named.iter().map(String::as_str).collect();
                return Err(syntax(
                    format!(
                        "both sides of `{op}` must be in one field, not {}",
                        listed.join(" and ")
                    ),
                    span,
                ));
            }
        };
        Ok(self.spans(ast).map(|tree| Node::Near { fields, tree }))
    }

    /// What a side of a proximity matches; `None` when it analyses to
    /// nothing.
    fn spans(&self, ast: &QueryAst) -> Option<Spans> {
        match ast {
            QueryAst::Near {
                op,
                left,
                right,
                span,
            } => {
                let (left, right) = (self.spans(left)?, self.spans(right)?);
                Some(Spans::Near {
                    op: *op,
                    left: Box::new(left),
                    right: Box::new(right),
                    span: span.clone(),
                })
            }
            QueryAst::Or { clauses } => {
                let mut any: Vec<Spans> = clauses.iter().filter_map(|c| self.spans(c)).collect();
                match any.len() {
                    0 => None,
                    1 => any.pop(),
                    _ => Some(Spans::Or(any)),
                }
            }
            QueryAst::Leaf(leaf) => self.text_kind(&leaf.kind).map(|kind| Spans::Leaf {
                kind,
                span: leaf.span.clone(),
            }),
            // The parser lets no other node be a side.
            QueryAst::All | QueryAst::And { .. } | QueryAst::Not { .. } => None,
        }
    }
}

/// A prefix or fuzzy word that splits into several tokens uses its first.
fn first_token(terms: Vec<(usize, String)>) -> Option<String> {
    terms.into_iter().next().map(|(_, t)| t)
}

/// An inclusive range of days; one whose first day comes after its last is
/// an error (it could match nothing).
fn published(from: Option<Date>, to: Option<Date>) -> std::result::Result<Node, QueryErrorKind> {
    if let (Some(from), Some(to)) = (from, to) {
        if from > to {
            return Err(QueryErrorKind::ReversedDateRange {
                from: from.to_string(),
                to: to.to_string(),
            });
        }
    }
    Ok(Node::Published { from, to })
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsdex_query::syntax::parse;

    fn lowered(query: &str) -> Node {
        let ast = parse(query).unwrap();
        lower(ast.as_ref(), &Filters::default(), Values::Registries, &[])
            .unwrap()
            .query
            .unwrap()
    }

    fn words(text: &str, analyses: &[&[&str]], slop: u32) -> TextKind {
        TextKind::Words {
            text: text.to_string(),
            analyses: analyses
                .iter()
                .map(|a| a.iter().map(|t| t.to_string()).collect())
                .collect(),
            slop,
        }
    }

    #[test]
    fn words_are_analysed_by_news_en_and_search_three_fields() {
        let Node::Text(leaf) = lowered("Cease-fires") else {
            panic!()
        };
        assert_eq!(leaf.fields, TextField::UNSCOPED);
        assert_eq!(leaf.kind, words("Cease-fires", &[&["ceasefir"]], 0));
        assert_eq!(leaf.span, 0..11);
        let Node::Text(leaf) = lowered("title:\"U.S. vetoes\"~2") else {
            panic!()
        };
        assert_eq!(leaf.fields, [TextField::Title]);
        assert_eq!(leaf.kind, words("U.S. vetoes", &[&["usa", "veto"]], 2));
    }

    #[test]
    fn not_alone_is_everything_but() {
        let Node::AllBut(excluded) = lowered("NOT kirby") else {
            panic!()
        };
        assert_eq!(excluded.len(), 1);
        assert!(matches!(lowered("-a -b"), Node::AllBut(v) if v.len() == 2));
        assert!(
            matches!(lowered("a -b"), Node::And { must, must_not } if must.len() == 1 && must_not.len() == 1)
        );
    }

    #[test]
    fn punctuation_drops_out() {
        assert!(matches!(lowered("a ..."), Node::And { must, .. } if must.len() == 1));
        let ast = parse("...").unwrap();
        let only = lower(ast.as_ref(), &Filters::default(), Values::Registries, &[]).unwrap();
        assert_eq!(only.query, Some(Node::Nothing));
    }

    #[test]
    fn other_languages_add_their_analyses() {
        let ast = parse("chevaux").unwrap();
        let fr = ["fr".to_string()];
        let lowered = lower(ast.as_ref(), &Filters::default(), Values::Registries, &fr).unwrap();
        let Some(Node::Text(leaf)) = lowered.query else {
            panic!()
        };
        assert_eq!(leaf.kind, words("chevaux", &[&["chevaux"], &["cheval"]], 0));
    }
}
