//! Phrases with slop (`"immediate ceasefire"~2`), matched by newsdex itself.
//!
//! tantivy 0.27's `PhraseQuery` with a slop and three words or more gives
//! different hits with and without scoring (a date sort counts phrases that
//! a relevance sort rejects), and its answer depends on the words' document
//! frequencies in each segment, so on how the index was built (see
//! `docs/upstream/tantivy-phrase-slop.md`). [`SloppyPhraseQuery`] replaces
//! it for every phrase with a slop; exact phrases keep tantivy's query,
//! which is correct.
//!
//! **Semantics** (the query language's, see [`crate::syntax`]): the words
//! occur in query order at positions `p_0 < p_1 < …`, each gap at least as
//! wide as in the query, and the extra positions summed over all gaps are at
//! most the slop: `"a b c"~1` matches "a x b c" and "a b x c", not
//! "a x b x c" nor "b a c". One pass over each word's positions per document
//! ([`phrase_freq`]) decides it; the phrase frequency (matches counted by
//! their first word) feeds BM25 like tantivy's phrase scorer.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

/// A phrase whose words may stand up to `slop` extra positions apart, in
/// order (see the module documentation).
#[derive(Debug, Clone)]
pub struct SloppyPhraseQuery {
    /// (offset in the query, term), offsets strictly increasing; at least
    /// two terms, all of one field.
    terms: Vec<(usize, Term)>,
    slop: u32,
}

impl SloppyPhraseQuery {
    /// A phrase of `terms` (offset in the query, term), all of one field,
    /// with `slop` extra positions allowed in total.
    ///
    /// Returns `None` with fewer than two terms or terms of several fields
    /// (a single word is a term query).
    pub fn new(mut terms: Vec<(usize, Term)>, slop: u32) -> Option<Self> {
        terms.sort_by_key(|(offset, _)| *offset);
        let field = terms.first()?.1.field();
        if terms.len() < 2 || terms.iter().any(|(_, t)| t.field() != field) {
            return None;
        }
        Some(SloppyPhraseQuery { terms, slop })
    }
}

impl Query for SloppyPhraseQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let field = self.terms[0].1.field();
        let entry = scoring.schema().get_field_entry(field);
        let has_positions = entry
            .field_type()
            .get_index_record_option()
            .is_some_and(IndexRecordOption::has_positions);
        if !has_positions {
            return Err(TantivyError::SchemaError(format!(
                "phrase query on field {:?}, which has no positions",
                entry.name()
            )));
        }
        let bm25 = match scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => {
                let terms: Vec<Term> = self.terms.iter().map(|(_, t)| t.clone()).collect();
                Some(Bm25Weight::for_terms(statistics_provider, &terms)?)
            }
            EnableScoring::Disabled { .. } => None,
        };
        Ok(Box::new(SloppyPhraseWeight {
            terms: self.terms.clone(),
            slop: self.slop,
            bm25,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for (_, term) in &self.terms {
            visitor(term, true);
        }
    }
}

struct SloppyPhraseWeight {
    terms: Vec<(usize, Term)>,
    slop: u32,
    bm25: Option<Bm25Weight>,
}

impl SloppyPhraseWeight {
    fn phrase_scorer(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Option<SloppyPhraseScorer>> {
        let field = self.terms[0].1.field();
        let inverted = reader.inverted_index(field)?;
        let mut postings = Vec::with_capacity(self.terms.len());
        for (_, term) in &self.terms {
            match inverted.read_postings(term, IndexRecordOption::WithFreqsAndPositions)? {
                Some(p) => postings.push(p),
                None => return Ok(None),
            }
        }
        let fieldnorms = match &self.bm25 {
            Some(_) => reader.fieldnorms_readers().get_field(field)?,
            None => None,
        }
        .unwrap_or_else(|| FieldNormReader::constant(reader.max_doc(), 1));
        let offsets = self
            .terms
            .iter()
            .map(|(offset, _)| u32::try_from(*offset).unwrap_or(u32::MAX))
            .collect();
        let mut scorer = SloppyPhraseScorer {
            positions: vec![Vec::new(); postings.len()],
            postings,
            offsets,
            slop: self.slop,
            doc: 0,
            freq: 0,
            fieldnorms,
            bm25: self.bm25.as_ref().map(|w| w.boost_by(boost)),
        };
        let first = scorer.postings.iter().map(DocSet::doc).max().unwrap_or(0);
        scorer.find(first);
        Ok(Some(scorer))
    }
}

impl Weight for SloppyPhraseWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.phrase_scorer(reader, boost)? {
            Some(scorer) => Box::new(scorer),
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let does_not_match =
            || TantivyError::InvalidArgument(format!("Document #({doc}) does not match"));
        let mut scorer = self
            .phrase_scorer(reader, 1.0)?
            .ok_or_else(does_not_match)?;
        if scorer.seek(doc) != doc {
            return Err(does_not_match());
        }
        let mut explanation = Explanation::new("Phrase with slop", scorer.score());
        if let Some(bm25) = &self.bm25 {
            let fieldnorm_id = scorer.fieldnorms.fieldnorm_id(doc);
            explanation.add_detail(bm25.explain(fieldnorm_id, scorer.freq));
        }
        Ok(explanation)
    }
}

/// Walks the documents holding every word (a leapfrog intersection of the
/// postings, in phrase order) and keeps those where the phrase occurs.
struct SloppyPhraseScorer {
    postings: Vec<SegmentPostings>,
    offsets: Vec<u32>,
    slop: u32,
    doc: DocId,
    freq: u32,
    fieldnorms: FieldNormReader,
    bm25: Option<Bm25Weight>,
    positions: Vec<Vec<u32>>,
}

impl SloppyPhraseScorer {
    /// The first document `>= target` holding every word (or `TERMINATED`).
    fn align(&mut self, mut target: DocId) -> DocId {
        'candidates: loop {
            for postings in &mut self.postings {
                let doc = if postings.doc() < target {
                    postings.seek(target)
                } else {
                    postings.doc()
                };
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

    /// Moves to the first document `>= target` where the phrase occurs.
    fn find(&mut self, mut target: DocId) -> DocId {
        loop {
            let doc = self.align(target);
            if doc == TERMINATED {
                self.doc = TERMINATED;
                self.freq = 0;
                return TERMINATED;
            }
            for (postings, out) in self.postings.iter_mut().zip(&mut self.positions) {
                postings.positions(out);
            }
            let freq = phrase_freq(&self.positions, &self.offsets, self.slop);
            if freq > 0 {
                self.doc = doc;
                self.freq = freq;
                return doc;
            }
            target = doc + 1;
        }
    }
}

impl DocSet for SloppyPhraseScorer {
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
        self.postings
            .iter()
            .map(DocSet::size_hint)
            .min()
            .unwrap_or(0)
    }
}

impl Scorer for SloppyPhraseScorer {
    fn score(&mut self) -> Score {
        match &self.bm25 {
            Some(bm25) => bm25.score(self.fieldnorms.fieldnorm_id(self.doc), self.freq),
            None => 1.0,
        }
    }
}

/// How often a phrase occurs in one document: the number of positions of
/// its first word that start a match.
///
/// `positions[i]` holds the sorted positions of word `i` in the document,
/// `offsets[i]` its position in the query. A match picks one position per
/// word, strictly increasing, with each gap at least the query's gap
/// (`p_i - offsets[i]` never decreasing) and
/// `(p_last - offsets[last]) - (p_0 - offsets[0]) <= slop`.
///
/// For each start, each next word takes its earliest allowed position:
/// a later one can only widen the rest of the phrase. The earliest allowed
/// positions grow with the start, so one cursor per word walks its
/// positions once: linear in the positions.
pub fn phrase_freq(positions: &[Vec<u32>], offsets: &[u32], slop: u32) -> u32 {
    let mut freq = 0;
    phrase_matches(positions, offsets, slop, |_, _| freq += 1);
    freq
}

/// Calls `on_match(start, end)` for each match of a phrase in one document,
/// by start, with the positions of its first word and of its last word (the
/// earliest allowed, see [`phrase_freq`], which counts these matches).
pub(crate) fn phrase_matches(
    positions: &[Vec<u32>],
    offsets: &[u32],
    slop: u32,
    mut on_match: impl FnMut(u32, u32),
) {
    let Some((first, rest)) = positions.split_first() else {
        return;
    };
    if rest.is_empty() || offsets.len() != positions.len() {
        return;
    }
    let mut cursors = vec![0usize; rest.len()];
    'starts: for &start in first {
        let shift0 = i64::from(start) - i64::from(offsets[0]);
        let (mut shift, mut previous) = (shift0, i64::from(start));
        let mut end = start;
        for (i, word) in rest.iter().enumerate() {
            let offset = i64::from(offsets[i + 1]);
            let least = (shift + offset).max(previous + 1);
            let cursor = &mut cursors[i];
            while word.get(*cursor).is_some_and(|&p| i64::from(p) < least) {
                *cursor += 1;
            }
            let Some(&p) = word.get(*cursor) else {
                // No position left for this word: no later start matches.
                break 'starts;
            };
            end = p;
            previous = i64::from(p);
            shift = previous - offset;
            if shift - shift0 > i64::from(slop) {
                continue 'starts;
            }
        }
        on_match(start, end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The definition, by trying every choice of positions.
    fn brute_force_freq(positions: &[Vec<u32>], offsets: &[u32], slop: u32) -> u32 {
        fn extend(
            positions: &[Vec<u32>],
            offsets: &[u32],
            slop: u32,
            chosen: &mut Vec<u32>,
        ) -> bool {
            let i = chosen.len();
            if i == positions.len() {
                let shift = |k: usize| i64::from(chosen[k]) - i64::from(offsets[k]);
                return shift(i - 1) - shift(0) <= i64::from(slop);
            }
            for &p in &positions[i] {
                if let Some(&prev) = chosen.last() {
                    let gap_ok = p > prev
                        && i64::from(p) - i64::from(offsets[i])
                            >= i64::from(prev) - i64::from(offsets[i - 1]);
                    if !gap_ok {
                        continue;
                    }
                }
                chosen.push(p);
                let found = extend(positions, offsets, slop, chosen);
                chosen.pop();
                if found {
                    return true;
                }
            }
            false
        }
        positions[0]
            .iter()
            .filter(|&&start| extend(positions, offsets, slop, &mut vec![start]))
            .count() as u32
    }

    /// Positions of each word of `phrase` in `doc` (whitespace-separated).
    fn positions_of(doc: &str, phrase: &str) -> Vec<Vec<u32>> {
        phrase
            .split_whitespace()
            .map(|word| {
                doc.split_whitespace()
                    .enumerate()
                    .filter(|(_, w)| *w == word)
                    .map(|(i, _)| i as u32)
                    .collect()
            })
            .collect()
    }

    fn freq(doc: &str, phrase: &str, slop: u32) -> u32 {
        let positions = positions_of(doc, phrase);
        let offsets: Vec<u32> = (0..positions.len() as u32).collect();
        phrase_freq(&positions, &offsets, slop)
    }

    #[test]
    fn slop_is_a_budget_of_extra_positions_in_order() {
        assert_eq!(freq("a b c", "a b c", 0), 1);
        assert_eq!(freq("a x b c", "a b c", 1), 1);
        assert_eq!(freq("a b x c", "a b c", 1), 1);
        // Two extra positions in all: over a slop of 1 (tantivy 0.27
        // matches this one when scoring is off).
        assert_eq!(freq("a x b y c", "a b c", 1), 0);
        assert_eq!(freq("a x b y c", "a b c", 2), 1);
        // In order only.
        assert_eq!(freq("b a c", "a b c", 2), 0);
        assert_eq!(freq("c b a", "a b", 5), 0);
        // A repeated word needs two positions.
        assert_eq!(freq("a b", "a a b", 3), 0);
        assert_eq!(freq("a a x b", "a a b", 1), 1);
        // Counted by start.
        assert_eq!(freq("a b a x b", "a b", 1), 2);
    }

    #[test]
    fn query_gaps_are_kept() {
        // Query offsets 0 and 2 (a word between them analysed to nothing):
        // the document needs a gap of two at least.
        let positions = vec![vec![0], vec![1]];
        assert_eq!(phrase_freq(&positions, &[0, 2], 5), 0);
        let positions = vec![vec![0], vec![2]];
        assert_eq!(phrase_freq(&positions, &[0, 2], 0), 1);
        let positions = vec![vec![0], vec![3]];
        assert_eq!(phrase_freq(&positions, &[0, 2], 0), 0);
        assert_eq!(phrase_freq(&positions, &[0, 2], 1), 1);
    }

    fn sorted_positions(max_len: usize) -> impl Strategy<Value = Vec<u32>> {
        proptest::collection::btree_set(0u32..24, 0..max_len)
            .prop_map(|set| set.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn one_pass_agrees_with_brute_force(
            positions in proptest::collection::vec(sorted_positions(6), 2..5),
            gaps in proptest::collection::vec(1u32..3, 4),
            slop in 0u32..5,
        ) {
            let mut offsets = vec![0u32];
            for gap in gaps.iter().take(positions.len() - 1) {
                offsets.push(offsets.last().unwrap() + gap);
            }
            prop_assert_eq!(
                phrase_freq(&positions, &offsets, slop),
                brute_force_freq(&positions, &offsets, slop),
                "positions {:?} offsets {:?} slop {}", positions, offsets, slop
            );
        }
    }
}
