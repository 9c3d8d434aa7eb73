//! Planning: a [`QueryAst`] plus [`Filters`] become one tantivy query, and
//! the terms to highlight in snippets.
//!
//! - Unscoped words and phrases search `title` (boosted by
//!   [`TITLE_BOOST`]), `body` and `caption`.
//! - Words and phrases are analyzed exactly like the index (stemming and
//!   spelling variants), so a phrase across variants still matches.
//! - **Across languages**: the index analyses each article by its language
//!   (`newsdex_core::analysis::Analysis`: English and unknown-language text
//!   by `news_en`, others by their Snowball stemmer, or unstemmed). A query
//!   does not know which language its words are in, so a word or phrase is
//!   analysed once by `news_en` and once by the chain of each other
//!   language present in the index (read from the `language` facet's
//!   values), and matches any of the results: one term (or phrase) query
//!   per distinct analysis, joined by a disjunction scored as its best
//!   match (a `DisjunctionMaxQuery`, so a document matching two analyses is
//!   not counted twice). `cheval` thus finds a French article's
//!   "chevaux" (French stem `cheval`) while an English article is matched
//!   on its English stems as before. An index holding only English (or
//!   undetected) articles plans exactly the English query. Prefixes and
//!   fuzzy words are matched against the term dictionary, which holds every
//!   language's stems, so they need no expansion by language.
//! - Facet fields take values resolved by [`FacetResolver`]; `published`
//!   takes dates and inclusive date ranges.
//! - `NOT x` alone, or an AND of only negations, means "everything but x".

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

use newsdex_core::analysis::positions::WORD_STEP;
use newsdex_core::analysis::{query_terms, unstemmed_terms, Analysis};
use newsdex_core::schema::{names, Facet as FacetField, NewsSchema, TEXT_FIELDS};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, EmptyQuery, Occur,
    PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::{DateTime, Searcher, Term};
use time::{Date, Duration};

use crate::error::{QueryError, QueryErrorKind, Result};
use crate::expansion::{check_expanding_words, expand_fuzzy, expand_prefix, Expansion};
use crate::facets::FacetResolver;
use crate::phrase::SloppyPhraseQuery;
use crate::proximity::{ProximityQuery, SpanTree};
use crate::request::Filters;
use crate::syntax::{Leaf, LeafKind, QueryAst};

/// Score multiplier for matches in the headline.
pub const TITLE_BOOST: f32 = 2.0;

/// A planned query.
pub struct Plan {
    /// The tantivy query.
    pub query: Box<dyn Query>,
    /// Per text field, the indexed terms that should be highlighted.
    pub highlight: BTreeMap<Field, BTreeSet<String>>,
    /// Whether a fuzzy or prefix word matched more index terms than
    /// [`crate::expansion::MAX_EXPANSIONS`] and was cut.
    pub expansions_truncated: bool,
    /// Each text leaf of the query with the index terms it looks up, in
    /// query order (what `--explain` and `--explain-query` report).
    pub leaves: Vec<PlannedLeaf>,
}

/// A word, phrase, prefix or fuzzy word of the query as planned.
#[derive(Debug, Clone)]
pub struct PlannedLeaf {
    /// The leaf as parsed.
    pub leaf: Leaf,
    /// A word's or phrase's term sequences, one per distinct analysis.
    pub analyses: Vec<Vec<String>>,
    /// Per text field, the index terms looked up.
    pub terms: BTreeMap<Field, BTreeSet<String>>,
    /// Whether a prefix or fuzzy expansion was cut.
    pub truncated: bool,
}

/// Plans `ast` (if any) with `filters`.
pub fn plan(
    ast: Option<&QueryAst>,
    filters: &Filters,
    schema: &NewsSchema,
    searcher: &Searcher,
) -> Result<Plan> {
    if let Some(ast) = ast {
        check_expanding_words(ast)?;
    }
    let mut planner = Planner {
        schema,
        searcher,
        resolver: FacetResolver::new(searcher, schema),
        highlight: BTreeMap::new(),
        expansions_truncated: false,
        other_analyses: other_analyses(searcher, schema)?,
        leaves: Vec::new(),
        current: None,
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if let Some(ast) = ast {
        if let Some(query) = planner.node(ast)? {
            clauses.push((Occur::Must, query));
        }
    }
    for (field, values) in &filters.facets {
        if values.is_empty() {
            continue;
        }
        let mut any = Vec::new();
        for value in values {
            for resolved in planner.resolver.resolve(*field, value)? {
                any.push((Occur::Should, planner.facet_query(*field, &resolved)));
            }
        }
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
    }
    if filters.from.is_some() || filters.to.is_some() {
        let range =
            date_range(schema.published, filters.from, filters.to).map_err(QueryError::new)?;
        clauses.push((Occur::Must, range));
    }
    if clauses.is_empty() {
        if ast.is_some() {
            // Every word analyzed to nothing (punctuation only).
            return Ok(Plan {
                query: Box::new(EmptyQuery),
                highlight: planner.highlight,
                expansions_truncated: planner.expansions_truncated,
                leaves: planner.leaves,
            });
        }
        return Err(QueryError::new(QueryErrorKind::Empty).into());
    }
    let query: Box<dyn Query> = if clauses.len() == 1 {
        clauses.remove(0).1
    } else {
        Box::new(BooleanQuery::new(clauses))
    };
    Ok(Plan {
        query,
        highlight: planner.highlight,
        expansions_truncated: planner.expansions_truncated,
        leaves: planner.leaves,
    })
}

struct Planner<'a> {
    schema: &'a NewsSchema,
    searcher: &'a Searcher,
    resolver: FacetResolver<'a>,
    highlight: BTreeMap<Field, BTreeSet<String>>,
    expansions_truncated: bool,
    /// The analyses other than English of the languages in the index.
    other_analyses: Vec<Analysis>,
    /// The text leaves planned so far.
    leaves: Vec<PlannedLeaf>,
    /// The one being planned (index into `leaves`): marked terms go to it.
    current: Option<usize>,
}

/// The analysis chains, other than English, of the languages the index
/// holds (each once: every unstemmed language shares one).
fn other_analyses(searcher: &Searcher, schema: &NewsSchema) -> Result<Vec<Analysis>> {
    let languages = crate::facets::index_values(searcher, schema, FacetField::Language)?;
    let mut analyses: Vec<Analysis> = languages
        .iter()
        .map(|code| Analysis::of(Some(code)))
        .filter(|a| *a != Analysis::English)
        .collect();
    analyses.sort();
    analyses.dedup();
    Ok(analyses)
}

fn unknown_field(field: &str) -> QueryError {
    let mut known: Vec<&str> = TEXT_FIELDS.to_vec();
    known.extend(FacetField::ALL.map(FacetField::as_str));
    known.push(names::PUBLISHED);
    QueryError::new(QueryErrorKind::UnknownField {
        field: field.to_string(),
        known: known.join(", "),
    })
}

impl Planner<'_> {
    /// `None` when the node analyzes to nothing (e.g. punctuation).
    fn node(&mut self, ast: &QueryAst) -> Result<Option<Box<dyn Query>>> {
        Ok(match ast {
            QueryAst::All => Some(Box::new(AllQuery)),
            QueryAst::Leaf(leaf) => self.leaf(leaf)?,
            QueryAst::Near { .. } => self.near(ast)?,
            QueryAst::Not { clause } => self.node(clause)?.map(|q| everything_but(vec![q])),
            QueryAst::Or { clauses } => {
                let mut should = Vec::new();
                for clause in clauses {
                    if let Some(q) = self.node(clause)? {
                        should.push((Occur::Should, q));
                    }
                }
                (!should.is_empty()).then(|| Box::new(BooleanQuery::new(should)) as Box<dyn Query>)
            }
            QueryAst::And { clauses } => {
                let mut must = Vec::new();
                let mut must_not = Vec::new();
                for clause in clauses {
                    match clause {
                        QueryAst::Not { clause } => {
                            if let Some(q) = self.node(clause)? {
                                must_not.push(q);
                            }
                        }
                        other => {
                            if let Some(q) = self.node(other)? {
                                must.push(q);
                            }
                        }
                    }
                }
                if must.is_empty() && must_not.is_empty() {
                    None
                } else if must.is_empty() {
                    Some(everything_but(must_not))
                } else {
                    let mut all: Vec<(Occur, Box<dyn Query>)> =
                        must.into_iter().map(|q| (Occur::Must, q)).collect();
                    all.extend(must_not.into_iter().map(|q| (Occur::MustNot, q)));
                    Some(Box::new(BooleanQuery::new(all)))
                }
            }
        })
    }

    fn leaf(&mut self, leaf: &Leaf) -> Result<Option<Box<dyn Query>>> {
        let field_name = leaf.field.as_deref();
        let at = |kind: QueryErrorKind| QueryError::at(kind, leaf.span.clone());
        match field_name {
            None => self.text_leaf(
                leaf,
                &[self.schema.title, self.schema.body, self.schema.caption],
            ),
            Some(name) if self.schema.text_field(name).is_some() => {
                let field = self.schema.text_field(name).into_iter().collect::<Vec<_>>();
                self.text_leaf(leaf, &field)
            }
            Some(names::PUBLISHED) => {
                let parse = |text: &str| {
                    newsdex_core::dates::parse_day(text)
                        .map_err(|_| at(QueryErrorKind::InvalidDate(text.to_string())))
                };
                let (from, to) = match &leaf.kind {
                    LeafKind::Word { text } => {
                        let day = parse(text)?;
                        (Some(day), Some(day))
                    }
                    LeafKind::Range { lower, upper } => (
                        lower.as_deref().map(parse).transpose()?,
                        upper.as_deref().map(parse).transpose()?,
                    ),
                    _ => {
                        return Err(at(QueryErrorKind::Syntax(
                            "published: takes a date or a range [YYYY-MM-DD TO YYYY-MM-DD]".into(),
                        ))
                        .into())
                    }
                };
                let range = date_range(self.schema.published, from, to).map_err(at)?;
                Ok(Some(range))
            }
            Some(name) if name.parse::<FacetField>().is_ok() => {
                let facet = name
                    .parse::<FacetField>()
                    .map_err(|_| at(unknown_field(name).kind))?;
                let value = match &leaf.kind {
                    LeafKind::Word { text } | LeafKind::Phrase { text, .. } => text.clone(),
                    LeafKind::Range {
                        lower: None,
                        upper: None,
                    } => {
                        // `field:*`: any value.
                        let field = self.schema.facet(facet);
                        let term = Term::from_facet(field, &Facet::root());
                        return Ok(Some(Box::new(TermQuery::new(
                            term,
                            IndexRecordOption::Basic,
                        ))));
                    }
                    _ => {
                        return Err(at(QueryErrorKind::Syntax(format!(
                            "{name}: takes a value, not a prefix, fuzzy word or range"
                        )))
                        .into())
                    }
                };
                let resolved = self.resolver.resolve(facet, &value).map_err(|e| match e {
                    crate::error::SearchError::Query(mut q) => {
                        q.span = Some(leaf.span.clone());
                        crate::error::SearchError::Query(q)
                    }
                    other => other,
                })?;
                let should = resolved
                    .iter()
                    .map(|v| (Occur::Should, self.facet_query(facet, v)))
                    .collect();
                Ok(Some(Box::new(BooleanQuery::new(should))))
            }
            Some(name) => Err(QueryError {
                span: Some(leaf.span.clone()),
                ..unknown_field(name)
            }
            .into()),
        }
    }

    fn facet_query(&self, field: FacetField, value: &str) -> Box<dyn Query> {
        // `vote` and `org` are hierarchical (`vetoed/ru`,
        // `un/security-council`); a value of another facet is one path
        // segment, `/` included (a source `a/b`).
        let facet = if field.is_hierarchical() {
            Facet::from_path(value.split('/'))
        } else {
            Facet::from_path([value])
        };
        let field = self.schema.facet(field);
        Box::new(TermQuery::new(
            Term::from_facet(field, &facet),
            IndexRecordOption::Basic,
        ))
    }

    /// Makes `leaf` the one marked terms are recorded for.
    fn begin_leaf(&mut self, leaf: &Leaf) {
        let at = match self.leaves.iter().position(|p| p.leaf.span == leaf.span) {
            Some(at) => at,
            None => {
                self.leaves.push(PlannedLeaf {
                    leaf: leaf.clone(),
                    analyses: Vec::new(),
                    terms: BTreeMap::new(),
                    truncated: false,
                });
                self.leaves.len() - 1
            }
        };
        self.current = Some(at);
    }

    /// Records a term sequence of the current word or phrase.
    fn record_analysis(&mut self, terms: &[(usize, String)]) {
        if let Some(planned) = self.current.and_then(|at| self.leaves.get_mut(at)) {
            let sequence: Vec<String> = terms.iter().map(|(_, t)| t.clone()).collect();
            if !planned.analyses.contains(&sequence) {
                planned.analyses.push(sequence);
            }
        }
    }

    fn text_leaf(&mut self, leaf: &Leaf, fields: &[Field]) -> Result<Option<Box<dyn Query>>> {
        self.begin_leaf(leaf);
        // A fuzzy word builds one automaton for all its fields.
        let mut fuzzy = match &leaf.kind {
            LeafKind::Fuzzy { text, distance } => {
                let Some(word) = single_term(&query_terms(text)) else {
                    return Ok(None);
                };
                expand_fuzzy(self.searcher, fields, &word, *distance)?.into_iter()
            }
            _ => Vec::new().into_iter(),
        };
        let mut per_field: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for &field in fields {
            let query: Box<dyn Query> = match &leaf.kind {
                LeafKind::Word { text } | LeafKind::Phrase { text, .. } => {
                    let slop = match &leaf.kind {
                        LeafKind::Phrase { slop, .. } => *slop,
                        _ => 0,
                    };
                    let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
                    for terms in self.analysed(text) {
                        self.record_analysis(&terms);
                        alternatives.push(self.terms_query(field, &terms, slop));
                    }
                    match alternatives.len() {
                        0 => return Ok(None),
                        1 => alternatives.remove(0),
                        _ => Box::new(DisjunctionMaxQuery::new(alternatives)),
                    }
                }
                LeafKind::Prefix { text } => {
                    let Some(prefix) = single_term(&unstemmed_terms(text)) else {
                        return Ok(None);
                    };
                    let expansion = expand_prefix(self.searcher, field, &prefix)?;
                    self.expanded(field, expansion)
                }
                LeafKind::Fuzzy { .. } => {
                    let expansion = fuzzy.next().unwrap_or_default();
                    self.expanded(field, expansion)
                }
                LeafKind::Range { .. } => {
                    return Err(QueryError::at(
                        QueryErrorKind::Syntax("ranges apply to published: only".into()),
                        leaf.span.clone(),
                    )
                    .into())
                }
            };
            let query = if field == self.schema.title {
                Box::new(BoostQuery::new(query, TITLE_BOOST))
            } else {
                query
            };
            per_field.push((Occur::Should, query));
        }
        Ok(Some(if per_field.len() == 1 {
            per_field.remove(0).1
        } else {
            Box::new(BooleanQuery::new(per_field))
        }))
    }

    /// The distinct non-empty term sequences `text` analyses to: English
    /// first, then each other language's in the index (see the module docs).
    fn analysed(&self, text: &str) -> Vec<Vec<(usize, String)>> {
        let mut out = vec![query_terms(text)];
        for analysis in &self.other_analyses {
            let terms = analysis.query_terms(text);
            if !out.contains(&terms) {
                out.push(terms);
            }
        }
        out.retain(|terms| !terms.is_empty());
        out
    }

    /// The query for one analysis of a word or phrase in `field`: a term,
    /// or a phrase (sloppy with `slop` > 0). `terms` is not empty.
    fn terms_query(
        &mut self,
        field: Field,
        terms: &[(usize, String)],
        slop: u32,
    ) -> Box<dyn Query> {
        if let [(_, term)] = terms {
            self.mark(field, term);
            return Box::new(TermQuery::new(
                Term::from_field_text(field, term),
                IndexRecordOption::WithFreqs,
            ));
        }
        let with_offsets: Vec<(usize, Term)> = terms
            .iter()
            .map(|(pos, text)| {
                self.mark(field, text);
                (*pos, Term::from_field_text(field, text))
            })
            .collect();
        // tantivy's slop matching is wrong for three words or more (see
        // crate::phrase); exact phrases stay with tantivy.
        match slop {
            0 => Box::new(PhraseQuery::new_with_offset(with_offsets)),
            _ => match SloppyPhraseQuery::new(with_offsets, slop_positions(slop)) {
                Some(phrase) => Box::new(phrase),
                None => Box::new(EmptyQuery),
            },
        }
    }

    fn mark(&mut self, field: Field, term: &str) {
        self.mark_all(field, std::iter::once(term.to_string()), false);
    }

    /// Highlights `terms` in `field` and records them for the current leaf.
    fn mark_all(&mut self, field: Field, terms: impl IntoIterator<Item = String>, cut: bool) {
        let highlight = self.highlight.entry(field).or_default();
        match self.current.and_then(|at| self.leaves.get_mut(at)) {
            Some(planned) => {
                planned.truncated |= cut;
                let recorded = planned.terms.entry(field).or_default();
                for term in terms {
                    recorded.insert(term.clone());
                    highlight.insert(term);
                }
            }
            None => highlight.extend(terms),
        }
    }

    /// The query for the terms a fuzzy or prefix word expanded to in
    /// `field`: any of them, scored as one constant (as tantivy's fuzzy and
    /// prefix queries are); each is highlighted.
    fn expanded(&mut self, field: Field, expansion: Expansion) -> Box<dyn Query> {
        self.expansions_truncated |= expansion.truncated;
        if expansion.terms.is_empty() {
            return Box::new(EmptyQuery);
        }
        // A union of term queries, not a `TermSetQuery`: that one builds an
        // FST of its terms per search (a 10,000-cell registry allocated
        // each time), about a fifth of a fuzzy search's instructions, for
        // at most `MAX_EXPANSIONS` terms a field. Scoring is off inside
        // `ConstScoreQuery`, so the clauses read no statistics.
        let clauses: Vec<(Occur, Box<dyn Query>)> = expansion
            .terms
            .iter()
            .map(|t| {
                let term = Term::from_field_text(field, t);
                let query: Box<dyn Query> =
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                (Occur::Should, query)
            })
            .collect();
        self.mark_all(field, expansion.terms, expansion.truncated);
        Box::new(ConstScoreQuery::new(
            Box::new(BooleanQuery::new(clauses)),
            1.0,
        ))
    }
}

/// A phrase's slop in words as a slop in positions: words of a sentence are
/// [`WORD_STEP`] positions apart and a sentence end adds one position, so a
/// phrase with a slop may cross sentence ends at the cost of one extra word
/// (see `newsdex_core::analysis::positions`).
fn slop_positions(slop: u32) -> u32 {
    slop.saturating_mul(WORD_STEP)
}

/// Proximity (`A w/N B`…): planned per text field by [`Planner::near`].
impl Planner<'_> {
    /// One [`ProximityQuery`] per text field the proximity applies to (the
    /// one its leaves name, else title, body and caption), any of them.
    fn near(&mut self, ast: &QueryAst) -> Result<Option<Box<dyn Query>>> {
        let QueryAst::Near { op, span, .. } = ast else {
            return Ok(None);
        };
        let at = |message: String| -> crate::error::SearchError {
            QueryError::at(QueryErrorKind::Syntax(message), span.clone()).into()
        };
        let named = ast.leaf_fields();
        let fields: Vec<Field> = match named.len() {
            0 => vec![self.schema.title, self.schema.body, self.schema.caption],
            1 => {
                let name = named.first().map(String::as_str).unwrap_or_default();
                match self.schema.text_field(name) {
                    Some(field) => vec![field],
                    None if name.parse::<FacetField>().is_ok() || name == names::PUBLISHED => {
                        return Err(at(format!(
                            "`{op}` applies to text fields ({}), not to {name}:",
                            TEXT_FIELDS.join(", ")
                        )))
                    }
                    None => {
                        return Err(QueryError {
                            span: Some(span.clone()),
                            ..unknown_field(name)
                        }
                        .into())
                    }
                }
            }
            _ => {
                let listed: Vec<&str> = named.iter().map(String::as_str).collect();
                return Err(at(format!(
                    "both sides of `{op}` must be in one field, not {}",
                    listed.join(" and ")
                )));
            }
        };
        let mut per_field: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for field in fields {
            let Some(SpanTree::Near { op, left, right }) = self.span_tree(ast, field)? else {
                continue;
            };
            let query: Box<dyn Query> = Box::new(ProximityQuery::new(field, op, *left, *right));
            let query = if field == self.schema.title {
                Box::new(BoostQuery::new(query, TITLE_BOOST))
            } else {
                query
            };
            per_field.push((Occur::Should, query));
        }
        Ok(match per_field.len() {
            0 => None,
            1 => Some(per_field.remove(0).1),
            _ => Some(Box::new(BooleanQuery::new(per_field))),
        })
    }

    /// What a side of a proximity matches in `field`; `None` when it
    /// analyses to nothing.
    fn span_tree(&mut self, ast: &QueryAst, field: Field) -> Result<Option<SpanTree>> {
        Ok(match ast {
            QueryAst::Near {
                op, left, right, ..
            } => {
                let (Some(l), Some(r)) =
                    (self.span_tree(left, field)?, self.span_tree(right, field)?)
                else {
                    return Ok(None);
                };
                Some(SpanTree::Near {
                    op: *op,
                    left: Box::new(l),
                    right: Box::new(r),
                })
            }
            QueryAst::Or { clauses } => {
                let mut children = Vec::new();
                for clause in clauses {
                    children.extend(self.span_tree(clause, field)?);
                }
                match children.len() {
                    0 => None,
                    1 => children.pop(),
                    _ => Some(SpanTree::Or(children)),
                }
            }
            QueryAst::Leaf(leaf) => self.leaf_spans(leaf, field)?,
            // The parser lets no other node be a side.
            QueryAst::All | QueryAst::And { .. } | QueryAst::Not { .. } => None,
        })
    }

    fn leaf_spans(&mut self, leaf: &Leaf, field: Field) -> Result<Option<SpanTree>> {
        self.begin_leaf(leaf);
        let terms = |planner: &mut Self, found: Expansion| {
            let terms: Vec<Term> = found
                .terms
                .iter()
                .map(|t| Term::from_field_text(field, t))
                .collect();
            planner.mark_all(field, found.terms, found.truncated);
            (!terms.is_empty()).then_some(SpanTree::Terms(terms))
        };
        Ok(match &leaf.kind {
            LeafKind::Word { text } | LeafKind::Phrase { text, .. } => {
                let slop = match &leaf.kind {
                    LeafKind::Phrase { slop, .. } => slop_positions(*slop),
                    _ => 0,
                };
                let mut singles = Vec::new();
                let mut phrases = Vec::new();
                for analysed in self.analysed(text) {
                    self.record_analysis(&analysed);
                    for (_, term) in &analysed {
                        self.mark(field, term);
                    }
                    if let [(_, term)] = analysed.as_slice() {
                        singles.push(Term::from_field_text(field, term));
                    } else {
                        phrases.push(SpanTree::Phrase {
                            terms: analysed
                                .iter()
                                .map(|(offset, term)| {
                                    let offset = u32::try_from(*offset).unwrap_or(u32::MAX);
                                    (offset, Term::from_field_text(field, term))
                                })
                                .collect(),
                            slop,
                        });
                    }
                }
                if !singles.is_empty() {
                    phrases.push(SpanTree::Terms(singles));
                }
                match phrases.len() {
                    0 => None,
                    1 => phrases.pop(),
                    _ => Some(SpanTree::Or(phrases)),
                }
            }
            LeafKind::Prefix { text } => {
                let Some(prefix) = single_term(&unstemmed_terms(text)) else {
                    return Ok(None);
                };
                let expansion = expand_prefix(self.searcher, field, &prefix)?;
                self.expansions_truncated |= expansion.truncated;
                terms(self, expansion)
            }
            LeafKind::Fuzzy { text, distance } => {
                let Some(word) = single_term(&query_terms(text)) else {
                    return Ok(None);
                };
                let expansion = expand_fuzzy(self.searcher, &[field], &word, *distance)?
                    .pop()
                    .unwrap_or_default();
                self.expansions_truncated |= expansion.truncated;
                terms(self, expansion)
            }
            LeafKind::Range { .. } => None,
        })
    }
}

fn single_term(terms: &[(usize, String)]) -> Option<String> {
    // A prefix or fuzzy word that splits into several tokens uses its first.
    terms.first().map(|(_, t)| t.clone())
}

fn everything_but(excluded: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(AllQuery))];
    clauses.extend(excluded.into_iter().map(|q| (Occur::MustNot, q)));
    Box::new(BooleanQuery::new(clauses))
}

/// Inclusive range of days on the `published` field; a range whose first
/// day comes after its last is an error (it could match nothing).
fn date_range(
    field: Field,
    from: Option<Date>,
    to: Option<Date>,
) -> std::result::Result<Box<dyn Query>, QueryErrorKind> {
    if let (Some(from), Some(to)) = (from, to) {
        if from > to {
            return Err(QueryErrorKind::ReversedDateRange {
                from: from.to_string(),
                to: to.to_string(),
            });
        }
    }
    let at =
        |date: Date| Term::from_field_date(field, DateTime::from_utc(date.midnight().assume_utc()));
    let lower = from.map_or(Bound::Unbounded, |d| Bound::Included(at(d)));
    let upper = to.map_or(Bound::Unbounded, |d| {
        match d.checked_add(Duration::days(1)) {
            Some(next) => Bound::Excluded(at(next)),
            None => Bound::Included(at(d)),
        }
    });
    if matches!((&lower, &upper), (Bound::Unbounded, Bound::Unbounded)) {
        // An open range on a field every article may lack still means "has a date".
        return Ok(Box::new(RangeQuery::new(
            Bound::Included(at(Date::MIN)),
            Bound::Unbounded,
        )));
    }
    Ok(Box::new(RangeQuery::new(lower, upper)))
}
