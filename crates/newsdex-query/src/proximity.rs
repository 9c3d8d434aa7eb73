//! Proximity between two query parts (`A w/N B`, `A near/N B`, `A /s B`,
//! `A /p B`), matched by newsdex itself: tantivy 0.27 has no span queries.
//!
//! A [`ProximityQuery`] holds a tree of [`SpanTree`]s in one text field.
//! Each leaf yields, per document, its **spans**: the (first, last)
//! positions of each of its matches (a word: one position; a phrase: its
//! first and last word). A [`Proximity`] node keeps the documents where
//! both sides match (a leapfrog intersection of their candidates) and where
//! their spans stand as the operator asks, decided from the positions alone
//! (`newsdex_core::analysis::positions`):
//!
//! - `w/N`: a right span starts 1 to N words after a left span ends (words
//!   counted by [`word_of`]: sentence ends are not words, a paragraph break
//!   is more than any N allowed);
//! - `near/N`: `w/N` one way or the other;
//! - `/s`, `/p`: a left span and a right span each lie inside one sentence
//!   ([`sentence_of`] of their first and last positions agree), the same
//!   one; likewise for paragraphs.
//!
//! A proximity's own spans (what an enclosing proximity sees, and what is
//! counted as its frequency for BM25) are, for `w/N`, each right span with
//! a left one in reach, stretched back to the nearest such left span's
//! start; for `/s` and `/p`, the sides' spans inside the shared sentences
//! or paragraphs.
//!
//! **Cost**: every posting list only moves forward; a candidate document's
//! positions are read once per leaf; spans are merged with a sort that
//! finds the sorted runs its inputs already are, and paired with one
//! forward pass each. Words past the last position slot of a field
//! ([`LAST_POSITION`]) never take part in a proximity.

use newsdex_core::analysis::positions::{paragraph_of, sentence_of, word_of, LAST_POSITION};
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

use crate::phrase::phrase_matches;
use crate::syntax::Proximity;

/// A match: its first and last position (inclusive).
pub(crate) type Span = (u32, u32);

/// What one side of a proximity matches, in one field.
#[derive(Debug, Clone)]
pub(crate) enum SpanTree {
    /// Any of these terms (a word's analyses, a prefix's or fuzzy word's
    /// expansions): a span of one position each.
    Terms(Vec<Term>),
    /// A phrase: (offset in the query, term), two terms at least, with a
    /// slop in positions.
    Phrase {
        /// Terms with their query offsets, increasing.
        terms: Vec<(u32, Term)>,
        /// Extra positions allowed (see `crate::phrase`).
        slop: u32,
    },
    /// Any of these.
    Or(Vec<SpanTree>),
    /// Both sides, near each other.
    Near {
        /// How near.
        op: Proximity,
        /// First side.
        left: Box<SpanTree>,
        /// Second side.
        right: Box<SpanTree>,
    },
}

impl SpanTree {
    fn visit_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        match self {
            SpanTree::Terms(terms) => terms.iter().for_each(|t| visitor(t, true)),
            SpanTree::Phrase { terms, .. } => terms.iter().for_each(|(_, t)| visitor(t, true)),
            SpanTree::Or(children) => children.iter().for_each(|c| c.visit_terms(visitor)),
            SpanTree::Near { left, right, .. } => {
                left.visit_terms(visitor);
                right.visit_terms(visitor);
            }
        }
    }

    /// The terms BM25 weighs: words and phrases, not expansions (a prefix
    /// of fifty terms would outweigh everything else).
    fn scored_terms(&self, out: &mut Vec<Term>) {
        match self {
            SpanTree::Terms(terms) if terms.len() == 1 => out.extend(terms.iter().cloned()),
            SpanTree::Terms(_) => {}
            SpanTree::Phrase { terms, .. } => out.extend(terms.iter().map(|(_, t)| t.clone())),
            SpanTree::Or(children) => children.iter().for_each(|c| c.scored_terms(out)),
            SpanTree::Near { left, right, .. } => {
                left.scored_terms(out);
                right.scored_terms(out);
            }
        }
    }

    /// The segment's matcher for this tree, `None` when it can match
    /// nothing there.
    fn node(&self, reader: &SegmentReader, field: Field) -> tantivy::Result<Option<Node>> {
        let inverted = reader.inverted_index(field)?;
        let read =
            |term: &Term| inverted.read_postings(term, IndexRecordOption::WithFreqsAndPositions);
        Ok(match self {
            SpanTree::Terms(terms) => {
                let mut postings = Vec::new();
                for term in terms {
                    if let Some(p) = read(term)? {
                        postings.push(p);
                    }
                }
                (!postings.is_empty()).then_some(Node::Terms { postings })
            }
            SpanTree::Phrase { terms, slop } => {
                let mut postings = Vec::with_capacity(terms.len());
                for (_, term) in terms {
                    match read(term)? {
                        Some(p) => postings.push(p),
                        None => return Ok(None),
                    }
                }
                Some(Node::Phrase {
                    positions: vec![Vec::new(); postings.len()],
                    postings,
                    offsets: terms.iter().map(|(o, _)| *o).collect(),
                    slop: *slop,
                })
            }
            SpanTree::Or(children) => {
                let mut nodes = Vec::new();
                for child in children {
                    if let Some(node) = child.node(reader, field)? {
                        nodes.push(node);
                    }
                }
                (!nodes.is_empty()).then_some(Node::Or(nodes))
            }
            SpanTree::Near { op, left, right } => {
                let (Some(l), Some(r)) = (left.node(reader, field)?, right.node(reader, field)?)
                else {
                    return Ok(None);
                };
                Some(Node::Near {
                    op: *op,
                    left: Box::new(l),
                    right: Box::new(r),
                    scratch: (Vec::new(), Vec::new()),
                })
            }
        })
    }
}

/// The per-segment matcher of a [`SpanTree`].
enum Node {
    Terms {
        postings: Vec<SegmentPostings>,
    },
    Phrase {
        postings: Vec<SegmentPostings>,
        offsets: Vec<u32>,
        slop: u32,
        positions: Vec<Vec<u32>>,
    },
    Or(Vec<Node>),
    Near {
        op: Proximity,
        left: Box<Node>,
        right: Box<Node>,
        scratch: (Vec<Span>, Vec<Span>),
    },
}

impl Node {
    /// The first document `>= target` that holds every term this node needs
    /// (it may still not match there), or `TERMINATED`. Calling it again
    /// with the same or a smaller target returns the same document.
    fn candidate(&mut self, target: DocId) -> DocId {
        match self {
            Node::Terms { postings } => postings
                .iter_mut()
                .map(|p| seek(p, target))
                .min()
                .unwrap_or(TERMINATED),
            Node::Phrase { postings, .. } => {
                let mut target = target;
                'candidates: loop {
                    for p in postings.iter_mut() {
                        let doc = seek(p, target);
                        if doc == TERMINATED {
                            return TERMINATED;
                        }
                        if doc > target {
                            target = doc;
                            continue 'candidates;
                        }
                    }
                    return target;
                }
            }
            Node::Or(children) => children
                .iter_mut()
                .map(|c| c.candidate(target))
                .min()
                .unwrap_or(TERMINATED),
            Node::Near { left, right, .. } => {
                let mut target = target;
                loop {
                    let l = left.candidate(target);
                    if l == TERMINATED {
                        return TERMINATED;
                    }
                    let r = right.candidate(l);
                    if r == l {
                        return l;
                    }
                    if r == TERMINATED {
                        return TERMINATED;
                    }
                    target = r;
                }
            }
        }
    }

    /// Appends this node's spans in `doc` (where [`Node::candidate`] just
    /// stopped) to `out`, sorted.
    fn spans(&mut self, doc: DocId, out: &mut Vec<Span>) {
        match self {
            Node::Terms { postings } => {
                let from = out.len();
                let mut positions = Vec::new();
                for p in postings.iter_mut().filter(|p| p.doc() == doc) {
                    p.positions(&mut positions);
                    out.extend(positions.iter().map(|&q| (q, q)));
                }
                sort_from(out, from);
            }
            Node::Phrase {
                postings,
                offsets,
                slop,
                positions,
            } => {
                for (p, into) in postings.iter_mut().zip(positions.iter_mut()) {
                    p.positions(into);
                }
                phrase_matches(positions, offsets, *slop, |start, end| {
                    out.push((start, end));
                });
            }
            Node::Or(children) => {
                let from = out.len();
                for child in children.iter_mut() {
                    if child.candidate(doc) == doc {
                        child.spans(doc, out);
                    }
                }
                sort_from(out, from);
            }
            Node::Near {
                op,
                left,
                right,
                scratch: (ls, rs),
            } => {
                ls.clear();
                rs.clear();
                left.spans(doc, ls);
                right.spans(doc, rs);
                ls.retain(|s| s.1 != LAST_POSITION);
                rs.retain(|s| s.1 != LAST_POSITION);
                let from = out.len();
                near_spans(*op, ls, rs, out);
                sort_from(out, from);
            }
        }
    }
}

fn seek(postings: &mut SegmentPostings, target: DocId) -> DocId {
    if postings.doc() < target {
        postings.seek(target)
    } else {
        postings.doc()
    }
}

/// Sorts and dedups `out[from..]` (sorted runs are found, not re-sorted).
fn sort_from(out: &mut Vec<Span>, from: usize) {
    out[from..].sort();
    let mut kept = from;
    for i in from..out.len() {
        if kept == from || out[kept - 1] != out[i] {
            out[kept] = out[i];
            kept += 1;
        }
    }
    out.truncate(kept);
}

/// The spans of `op` over the sides' spans (each sorted by start), see the
/// module documentation. Appends to `out`, unsorted.
pub(crate) fn near_spans(op: Proximity, left: &[Span], right: &[Span], out: &mut Vec<Span>) {
    match op {
        Proximity::Within { distance } => within(distance, left, right, out),
        Proximity::Near { distance } => {
            within(distance, left, right, out);
            within(distance, right, left, out);
        }
        Proximity::Sentence => shared(sentence_of, left, right, out),
        Proximity::Paragraph => shared(paragraph_of, left, right, out),
    }
}

/// Each `after` span starting 1 to `distance` words after an `before` span
/// ends, from the nearest such span's start to its own end.
fn within(distance: u32, before: &[Span], after: &[Span], out: &mut Vec<Span>) {
    // By end: the `before` span ending last before a start is the nearest.
    let mut ends: Vec<Span> = before.iter().map(|&(s, e)| (e, s)).collect();
    ends.sort();
    let mut next = 0;
    let mut nearest: Option<Span> = None;
    for &(start, end) in after {
        let word = word_of(start);
        while let Some(&(e, s)) = ends.get(next) {
            if word_of(e) >= word {
                break;
            }
            nearest = Some((e, s));
            next += 1;
        }
        if let Some((e, s)) = nearest {
            if word - word_of(e) <= distance {
                out.push((s, end));
            }
        }
    }
}

/// The spans of either side that lie inside a unit (sentence or
/// paragraph, by `unit_of`) that holds a whole span of each side.
fn shared(unit_of: fn(u32) -> u32, left: &[Span], right: &[Span], out: &mut Vec<Span>) {
    let units = |spans: &[Span]| -> Vec<(u32, Span)> {
        spans
            .iter()
            .filter(|(s, e)| unit_of(*s) == unit_of(*e))
            .map(|&span| (unit_of(span.0), span))
            .collect()
    };
    // Sorted by start, so by unit too (positions grow with units).
    let (l, r) = (units(left), units(right));
    let (mut i, mut j) = (0, 0);
    while i < l.len() && j < r.len() {
        let (a, b) = (l[i].0, r[j].0);
        if a < b {
            i += 1;
        } else if b < a {
            j += 1;
        } else {
            while i < l.len() && l[i].0 == a {
                out.push(l[i].1);
                i += 1;
            }
            while j < r.len() && r[j].0 == a {
                out.push(r[j].1);
                j += 1;
            }
        }
    }
}

/// Two query parts near each other in one text field (see the module
/// documentation).
#[derive(Debug, Clone)]
pub(crate) struct ProximityQuery {
    field: Field,
    /// A [`SpanTree::Near`].
    tree: SpanTree,
}

impl ProximityQuery {
    /// `left op right` in `field`.
    pub(crate) fn new(field: Field, op: Proximity, left: SpanTree, right: SpanTree) -> Self {
        ProximityQuery {
            field,
            tree: SpanTree::Near {
                op,
                left: Box::new(left),
                right: Box::new(right),
            },
        }
    }
}

impl Query for ProximityQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let entry = scoring.schema().get_field_entry(self.field);
        let has_positions = entry
            .field_type()
            .get_index_record_option()
            .is_some_and(IndexRecordOption::has_positions);
        if !has_positions {
            return Err(TantivyError::SchemaError(format!(
                "proximity query on field {:?}, which has no positions",
                entry.name()
            )));
        }
        let bm25 = match scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => {
                let mut terms = Vec::new();
                self.tree.scored_terms(&mut terms);
                terms.sort();
                terms.dedup();
                if terms.is_empty() {
                    None
                } else {
                    Some(Bm25Weight::for_terms(statistics_provider, &terms)?)
                }
            }
            EnableScoring::Disabled { .. } => None,
        };
        Ok(Box::new(ProximityWeight {
            field: self.field,
            tree: self.tree.clone(),
            bm25,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.tree.visit_terms(visitor);
    }
}

struct ProximityWeight {
    field: Field,
    tree: SpanTree,
    bm25: Option<Bm25Weight>,
}

impl ProximityWeight {
    fn proximity_scorer(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Option<ProximityScorer>> {
        let Some(root) = self.tree.node(reader, self.field)? else {
            return Ok(None);
        };
        let fieldnorms = match &self.bm25 {
            Some(_) => reader.fieldnorms_readers().get_field(self.field)?,
            None => None,
        }
        .unwrap_or_else(|| FieldNormReader::constant(reader.max_doc(), 1));
        let mut scorer = ProximityScorer {
            root,
            doc: 0,
            freq: 0,
            spans: Vec::new(),
            fieldnorms,
            bm25: self.bm25.as_ref().map(|w| w.boost_by(boost)),
            boost,
        };
        scorer.find(0);
        Ok(Some(scorer))
    }
}

impl Weight for ProximityWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.proximity_scorer(reader, boost)? {
            Some(scorer) => Box::new(scorer),
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let does_not_match =
            || TantivyError::InvalidArgument(format!("Document #({doc}) does not match"));
        let mut scorer = self
            .proximity_scorer(reader, 1.0)?
            .ok_or_else(does_not_match)?;
        if scorer.seek(doc) != doc {
            return Err(does_not_match());
        }
        let mut explanation = Explanation::new("Proximity", scorer.score());
        if let Some(bm25) = &self.bm25 {
            let fieldnorm_id = scorer.fieldnorms.fieldnorm_id(doc);
            explanation.add_detail(bm25.explain(fieldnorm_id, scorer.freq));
        }
        Ok(explanation)
    }
}

/// The documents where the proximity holds, with its number of spans.
struct ProximityScorer {
    root: Node,
    doc: DocId,
    freq: u32,
    spans: Vec<Span>,
    fieldnorms: FieldNormReader,
    bm25: Option<Bm25Weight>,
    boost: Score,
}

impl ProximityScorer {
    fn find(&mut self, mut target: DocId) -> DocId {
        loop {
            let doc = self.root.candidate(target);
            if doc == TERMINATED {
                self.doc = TERMINATED;
                self.freq = 0;
                return TERMINATED;
            }
            self.spans.clear();
            self.root.spans(doc, &mut self.spans);
            if !self.spans.is_empty() {
                self.doc = doc;
                self.freq = u32::try_from(self.spans.len()).unwrap_or(u32::MAX);
                return doc;
            }
            target = doc + 1;
        }
    }
}

impl DocSet for ProximityScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        self.find(self.doc + 1)
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        self.find(target)
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        1
    }
}

impl Scorer for ProximityScorer {
    fn score(&mut self) -> Score {
        match &self.bm25 {
            Some(bm25) => bm25.score(self.fieldnorms.fieldnorm_id(self.doc), self.freq),
            None => self.boost,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsdex_core::analysis::positions::encode;
    use proptest::prelude::*;

    /// The definitions, over every pair of spans.
    fn brute_force(op: Proximity, left: &[Span], right: &[Span]) -> bool {
        let follows = |n: u32, a: &Span, b: &Span| {
            word_of(b.0) > word_of(a.1) && word_of(b.0) - word_of(a.1) <= n
        };
        left.iter().any(|a| {
            right.iter().any(|b| match op {
                Proximity::Within { distance } => follows(distance, a, b),
                Proximity::Near { distance } => follows(distance, a, b) || follows(distance, b, a),
                Proximity::Sentence => {
                    let s = sentence_of(a.0);
                    [a.1, b.0, b.1].iter().all(|&p| sentence_of(p) == s)
                }
                Proximity::Paragraph => {
                    let s = paragraph_of(a.0);
                    [a.1, b.0, b.1].iter().all(|&p| paragraph_of(p) == s)
                }
            })
        })
    }

    /// Spans of up to three words from (paragraph, word, sentence) triples
    /// that could come from one text: sorted, sentences growing with words.
    fn spans() -> impl Strategy<Value = Vec<Span>> {
        proptest::collection::btree_set((0u32..3, 0u32..12, 0u32..3, 0u32..3), 0..6).prop_map(
            |set| {
                let mut out: Vec<Span> = set
                    .into_iter()
                    .map(|(paragraph, word, length, extra_sentences)| {
                        // A sentence number that only grows with the word.
                        let sentence = |w: u32| w / 4;
                        let start = encode(paragraph, word, sentence(word));
                        let last = word + length;
                        let end = encode(
                            paragraph,
                            last,
                            sentence(last) + extra_sentences.min(1) * u32::from(length > 0),
                        );
                        (start, end.max(start))
                    })
                    .collect();
                out.sort();
                out
            },
        )
    }

    fn ops() -> impl Strategy<Value = Proximity> {
        prop_oneof![
            (1u32..6).prop_map(|distance| Proximity::Within { distance }),
            (1u32..6).prop_map(|distance| Proximity::Near { distance }),
            Just(Proximity::Sentence),
            Just(Proximity::Paragraph),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn pairing_agrees_with_brute_force(op in ops(), left in spans(), right in spans()) {
            let mut out = Vec::new();
            near_spans(op, &left, &right, &mut out);
            prop_assert_eq!(!out.is_empty(), brute_force(op, &left, &right),
                "{} {:?} {:?} -> {:?}", op, left, right, out);
        }
    }

    #[test]
    fn within_counts_words_across_sentences_not_paragraphs() {
        let word = |paragraph, w, sentence| {
            let p = encode(paragraph, w, sentence);
            (p, p)
        };
        let mut out = Vec::new();
        // "a x. b": b two words after a, across a sentence end.
        near_spans(
            Proximity::Within { distance: 2 },
            &[word(0, 0, 0)],
            &[word(0, 2, 1)],
            &mut out,
        );
        assert_eq!(out.len(), 1);
        out.clear();
        near_spans(
            Proximity::Within { distance: 1 },
            &[word(0, 0, 0)],
            &[word(0, 2, 1)],
            &mut out,
        );
        assert!(out.is_empty());
        // The last word of a paragraph and the first of the next.
        near_spans(
            Proximity::Within { distance: 200 },
            &[word(0, 5, 0)],
            &[word(1, 0, 0)],
            &mut out,
        );
        assert!(out.is_empty());
        near_spans(
            Proximity::Sentence,
            &[word(0, 0, 0)],
            &[word(0, 2, 1)],
            &mut out,
        );
        assert!(out.is_empty());
        near_spans(
            Proximity::Paragraph,
            &[word(0, 0, 0)],
            &[word(0, 2, 1)],
            &mut out,
        );
        assert_eq!(out.len(), 2);
    }
}
