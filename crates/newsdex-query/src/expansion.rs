//! Fuzzy (`Netanyahoo~2`) and prefix (`Rafa*`) words, expanded by newsdex
//! to the index terms they match, with bounds on the work one query may ask
//! for.
//!
//! Each such word builds at most one automaton (a Levenshtein DFA for a
//! fuzzy word, none for a prefix), shared by every field and segment, and
//! keeps at most [`MAX_EXPANSIONS`] terms per field, as Elasticsearch's
//! `max_expansions` does; a query holds at most [`MAX_EXPANDING_WORDS`] of
//! them. tantivy's `FuzzyTermQuery` would build one DFA per word and field
//! (megabytes each: 500 OR-ed fuzzy words took 2.6 GB) and keep every
//! matching term.

use std::collections::BTreeSet;

use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use crate::error::{QueryError, QueryErrorKind, Result};
use crate::syntax::{LeafKind, QueryAst};

/// Most index terms one fuzzy or prefix word expands to in one field (as
/// Elasticsearch's `max_expansions`, default 50). A fuzzy word keeps its
/// closest terms (fewest edits, then alphabetical order), a prefix its
/// first terms in alphabetical order; a cut sets
/// [`crate::SearchResults::expansions_truncated`].
pub const MAX_EXPANSIONS: usize = 50;

/// Most fuzzy and prefix words in one query; more is a
/// [`crate::QueryErrorKind::TooManyExpandingWords`] error.
pub const MAX_EXPANDING_WORDS: usize = 32;

/// Longest fuzzy word (in bytes) that is expanded: the index keeps no word
/// longer than `newsdex_core::analysis::MAX_WORD_BYTES`, and an edit
/// distance of 2 cannot bridge more than two 4-byte characters, so a longer
/// word matches nothing (and its automaton would only cost memory).
const MAX_FUZZY_WORD_BYTES: usize = 64 + 2 * 4;

/// The index terms a word expands to in one field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Expansion {
    /// The terms kept, at most [`MAX_EXPANSIONS`].
    pub terms: Vec<String>,
    /// Whether more terms matched than were kept.
    pub truncated: bool,
}

/// The terms of `field` starting with `prefix`: the first
/// [`MAX_EXPANSIONS`] in alphabetical order.
pub(crate) fn expand_prefix(searcher: &Searcher, field: Field, prefix: &str) -> Result<Expansion> {
    let mut found: BTreeSet<String> = BTreeSet::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted
            .terms()
            .range()
            .ge(prefix.as_bytes())
            .into_stream()?;
        let mut taken = 0;
        // Terms come sorted: a segment's terms after its first
        // MAX_EXPANSIONS + 1 can never be among the first overall.
        while taken <= MAX_EXPANSIONS && stream.advance() {
            let key = stream.key();
            if !key.starts_with(prefix.as_bytes()) {
                break;
            }
            if let Ok(term) = std::str::from_utf8(key) {
                found.insert(term.to_string());
                taken += 1;
            }
        }
        while found.len() > MAX_EXPANSIONS + 1 {
            found.pop_last();
        }
    }
    let truncated = found.len() > MAX_EXPANSIONS;
    Ok(Expansion {
        terms: found.into_iter().take(MAX_EXPANSIONS).collect(),
        truncated,
    })
}

/// The terms of each of `fields` within `distance` edits of `word`
/// (a transposition counts as one): the [`MAX_EXPANSIONS`] closest per
/// field. One automaton serves every field and segment.
pub(crate) fn expand_fuzzy(
    searcher: &Searcher,
    fields: &[Field],
    word: &str,
    distance: u8,
) -> Result<Vec<Expansion>> {
    let Some(&first) = fields.first() else {
        return Ok(Vec::new());
    };
    if word.len() > MAX_FUZZY_WORD_BYTES {
        return Ok(vec![Expansion::default(); fields.len()]);
    }
    let automaton =
        FuzzyTermQuery::new(Term::from_field_text(first, word), distance, true).automaton()?;
    let mut out = Vec::with_capacity(fields.len());
    for &field in fields {
        // (edits, term), the closest kept, bounded while streaming.
        let mut found: BTreeSet<(usize, String)> = BTreeSet::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted.terms().search(&automaton).into_stream()?;
            while stream.advance() {
                let Ok(term) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                let edits = strsim::osa_distance(term, word);
                if found.len() > MAX_EXPANSIONS {
                    match found.last() {
                        Some((worst, last)) if (edits, term) < (*worst, last.as_str()) => {}
                        _ => continue,
                    }
                }
                found.insert((edits, term.to_string()));
                while found.len() > MAX_EXPANSIONS + 1 {
                    found.pop_last();
                }
            }
        }
        let truncated = found.len() > MAX_EXPANSIONS;
        out.push(Expansion {
            terms: found
                .into_iter()
                .take(MAX_EXPANSIONS)
                .map(|(_, term)| term)
                .collect(),
            truncated,
        });
    }
    Ok(out)
}

/// Fails on the fuzzy or prefix word past [`MAX_EXPANDING_WORDS`] in
/// `ast`, with its span, before any word is expanded: the check `search`
/// makes, for a translation that must refuse what search refuses.
///
/// ```
/// use newsdex_query::{check_expanding_words, syntax::parse};
/// let ast = parse("Rafa* Netanyahoo~1")?.unwrap();
/// assert!(check_expanding_words(&ast).is_ok());
/// # Ok::<(), newsdex_query::QueryError>(())
/// ```
pub fn check_expanding_words(ast: &QueryAst) -> std::result::Result<(), QueryError> {
    fn walk(ast: &QueryAst, seen: &mut usize) -> std::result::Result<(), QueryError> {
        match ast {
            QueryAst::All => {}
            QueryAst::Leaf(leaf) => {
                if matches!(leaf.kind, LeafKind::Prefix { .. } | LeafKind::Fuzzy { .. }) {
                    *seen += 1;
                    if *seen > MAX_EXPANDING_WORDS {
                        return Err(QueryError::at(
                            QueryErrorKind::TooManyExpandingWords(MAX_EXPANDING_WORDS),
                            leaf.span.clone(),
                        ));
                    }
                }
            }
            QueryAst::Not { clause } => walk(clause, seen)?,
            QueryAst::Near { left, right, .. } => {
                walk(left, seen)?;
                walk(right, seen)?;
            }
            QueryAst::Or { clauses } | QueryAst::And { clauses } => {
                for clause in clauses {
                    walk(clause, seen)?;
                }
            }
        }
        Ok(())
    }
    walk(ast, &mut 0)
}
