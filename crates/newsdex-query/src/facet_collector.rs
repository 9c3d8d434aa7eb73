//! Counting facet values over a result set without walking the facet
//! dictionary.
//!
//! tantivy's `FacetCollector` maps every term of a facet dictionary to the
//! facet it counts under before collecting a single document, once per
//! segment and per query. With thousands of people and speakers that walk
//! cost more than the search itself (about a third of query CPU, and most of
//! a query with few hits). [`FacetValueCollector`] counts term ordinals as
//! documents arrive and turns into text only the ordinals that were counted,
//! in one sorted pass over the dictionary blocks that hold them.
//!
//! Ordinals are read in blocks: hits are buffered ([`BLOCK`] at a time, in
//! document order) and their rows found with the column index's batch
//! lookup, then their values with one batched read, instead of a lookup
//! through the column index for every hit and field.
//!
//! It counts every level of a hierarchy: a document with `/vetoed/ru` and
//! `/vetoed/us` counts once for `vetoed`, once for `vetoed/ru` and once for
//! `vetoed/us`. A hit with one value is counted by ordinal, as for a flat
//! field; only the ordinals of hits with several values are kept, and at
//! harvest the ordinals counted are named in one sorted pass and spread
//! over their levels (a hit's levels counted once each). No hierarchical
//! field's dictionary is walked whole: the `org` field holds thousands of
//! terms, and a walk of them cost more than a rare term's whole search.

use itertools::Itertools;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader, TantivyError};

use std::collections::HashMap;
use std::sync::Arc;

use newsdex_core::facets::FacetDictionary;

use crate::facet_columns::{doc_groups, facet_column, RowScratch, BLOCK};

/// Counts the values of one facet field over the matching documents.
///
/// The fruit lists each value held by a matching document with the number
/// of matching documents holding it, sorted by value: a [`FacetValues`].
#[derive(Debug, Clone)]
pub struct FacetValueCollector {
    field: String,
    hierarchical: bool,
}

impl FacetValueCollector {
    /// Counts the values of a field whose values have one level (`ft`,
    /// `antony-blinken`).
    pub fn flat(field: &str) -> Self {
        FacetValueCollector {
            field: field.to_string(),
            hierarchical: false,
        }
    }

    /// Counts the values of a field at every level of its hierarchy
    /// (`vetoed` and `vetoed/ru`).
    pub fn hierarchical(field: &str) -> Self {
        FacetValueCollector {
            field: field.to_string(),
            hierarchical: true,
        }
    }
}

/// A value path from facet term bytes (segments separated by NUL).
fn path_of(encoded: &[u8]) -> String {
    String::from_utf8_lossy(encoded).replace('\0', "/")
}

/// Per-segment part of [`FacetValueCollector`].
pub struct FacetValueSegmentCollector {
    /// The field's column, for its dictionary, and its ordinals (both
    /// `None` when no document of the segment has a value).
    dictionary: Option<StrColumn>,
    column: Option<Column<u64>>,
    /// Per ordinal: matching documents holding it (for a hierarchical
    /// field, only those holding one value).
    counts: Vec<u32>,
    /// For a hierarchical field, the hits with several values.
    several: Option<SeveralValues>,
    /// Hits not read yet, in the order collected.
    docs: Vec<DocId>,
    rows: RowScratch,
    ords: Vec<u64>,
}

/// The distinct, sorted ordinals of each hit holding several values of a
/// hierarchical field, one after the other.
#[derive(Default)]
struct SeveralValues {
    ords: Vec<u64>,
    ends: Vec<usize>,
}

/// Facet values with their counts, sorted by encoded value.
#[derive(Debug, Clone, Default)]
pub struct FacetValues(Values);

#[derive(Debug, Clone)]
enum Values {
    /// Counted through the columns: the encoded facet terms one after the
    /// other (one buffer, not one allocation per value), and (where the
    /// term starts and ends in `bytes`, count), sorted by term bytes, no
    /// duplicates.
    Bytes {
        bytes: Vec<u8>,
        entries: Vec<(usize, usize, u64)>,
    },
    /// Counted through facet tables: the dictionary of the segments
    /// searched and (term number, count), by number (so by term, within a
    /// field), no duplicates; a term is copied only when listed.
    Numbered {
        dictionary: Arc<FacetDictionary>,
        counts: Vec<(u32, u64)>,
    },
}

impl Default for Values {
    fn default() -> Self {
        Values::Bytes {
            bytes: Vec::new(),
            entries: Vec::new(),
        }
    }
}

impl PartialEq for FacetValues {
    fn eq(&self, other: &Self) -> bool {
        self.pairs().eq(other.pairs())
    }
}

impl Eq for FacetValues {}

impl FacetValues {
    /// Counts already sorted by term, without duplicates.
    pub(crate) fn from_sorted(counts: Vec<(Vec<u8>, u64)>) -> Self {
        let mut values = FacetValues::default();
        for (term, count) in counts {
            values.push(&term, count);
        }
        values
    }

    /// Counts by number of `dictionary`, sorted by number, without
    /// duplicates.
    pub(crate) fn from_numbers(dictionary: Arc<FacetDictionary>, counts: Vec<(u32, u64)>) -> Self {
        FacetValues(Values::Numbered { dictionary, counts })
    }

    /// Adds `term` with `count` after the terms held (a term greater than
    /// all of them). Values counted by number take no term.
    fn push(&mut self, term: &[u8], count: u64) {
        if let Values::Bytes { bytes, entries } = &mut self.0 {
            let start = bytes.len();
            bytes.extend_from_slice(term);
            entries.push((start, bytes.len(), count));
        }
    }

    /// The (term, count) pairs held, in order.
    fn pairs(&self) -> Box<dyn Iterator<Item = (&[u8], u64)> + '_> {
        match &self.0 {
            Values::Bytes { bytes, entries } => Box::new(
                entries
                    .iter()
                    .map(|&(start, end, count)| (bytes.get(start..end).unwrap_or_default(), count)),
            ),
            Values::Numbered { dictionary, counts } => Box::new(
                counts
                    .iter()
                    .filter_map(|&(id, count)| Some((dictionary.term(id as usize)?, count))),
            ),
        }
    }

    /// Number of distinct values.
    pub fn len(&self) -> usize {
        match &self.0 {
            Values::Bytes { entries, .. } => entries.len(),
            Values::Numbered { counts, .. } => counts.len(),
        }
    }

    /// Whether no value was counted.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// (value path without the leading `/`, count) pairs: `ft`,
    /// `vetoed/ru`.
    pub fn into_paths(self) -> Vec<(String, u64)> {
        self.pairs()
            .map(|(term, count)| (path_of(term), count))
            .collect()
    }

    /// The values whose count is at least the `limit`-th highest, as
    /// [`FacetValues::into_paths`] gives them (all when `limit` is 0). Ties
    /// at the threshold are kept, so that a final order by count then label
    /// picks the same values as ordering everything would.
    pub fn most_frequent(mut self, limit: usize) -> Vec<(String, u64)> {
        if limit > 0 && self.len() > limit {
            let mut by_count: Vec<u64> = match &self.0 {
                Values::Bytes { entries, .. } => entries.iter().map(|&(_, _, c)| c).collect(),
                Values::Numbered { counts, .. } => counts.iter().map(|&(_, c)| c).collect(),
            };
            let (_, &mut threshold, _) =
                by_count.select_nth_unstable_by(limit - 1, |a, b| b.cmp(a));
            match &mut self.0 {
                Values::Bytes { entries, .. } => entries.retain(|&(_, _, c)| c >= threshold),
                Values::Numbered { counts, .. } => counts.retain(|&(_, c)| c >= threshold),
            }
        }
        self.into_paths()
    }
}

/// Counts of one segment. An error met while reading the dictionary is
/// carried to [`Collector::merge_fruits`], which reports it.
pub type SegmentFacetCounts = std::result::Result<FacetValues, String>;

impl Collector for FacetValueCollector {
    type Fruit = FacetValues;
    type Child = FacetValueSegmentCollector;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<FacetValueSegmentCollector> {
        let dictionary = facet_column(segment, &self.field)?;
        let column = dictionary.as_ref().map(|column| column.ords().clone());
        let counts = vec![0; dictionary.as_ref().map_or(0, |column| column.num_terms())];
        let several = self.hierarchical.then(SeveralValues::default);
        Ok(FacetValueSegmentCollector {
            dictionary,
            column,
            counts,
            several,
            docs: Vec::with_capacity(BLOCK),
            rows: RowScratch::default(),
            ords: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<SegmentFacetCounts>) -> tantivy::Result<FacetValues> {
        merge_segments(&self.field, segments)
    }
}

/// The counts of one field over all segments, from each segment's.
pub(crate) fn merge_segments(
    field: &str,
    segments: Vec<SegmentFacetCounts>,
) -> tantivy::Result<FacetValues> {
    let mut lists = Vec::with_capacity(segments.len());
    for segment in segments {
        let segment = segment
            .map_err(|e| TantivyError::InternalError(format!("facet counts of {field}: {e}")))?;
        if !segment.is_empty() {
            lists.push(segment);
        }
    }
    if lists.len() <= 1 {
        return Ok(lists.pop().unwrap_or_default());
    }
    let mut bytes = Vec::new();
    let mut entries: Vec<(usize, usize, u64)> = Vec::new();
    let mut last: Option<&[u8]> = None;
    for (term, count) in lists
        .iter()
        .map(FacetValues::pairs)
        .kmerge_by(|a, b| a.0 < b.0)
    {
        match entries.last_mut() {
            Some(entry) if last == Some(term) => entry.2 += count,
            _ => {
                let start = bytes.len();
                bytes.extend_from_slice(term);
                entries.push((start, bytes.len(), count));
                last = Some(term);
            }
        }
    }
    Ok(FacetValues(Values::Bytes { bytes, entries }))
}

impl FacetValueSegmentCollector {
    /// Counts the buffered hits: their value rows in one batch, their
    /// ordinals in one batched read, then each hit's distinct values.
    fn count_block(&mut self) {
        let Some(column) = &self.column else {
            self.docs.clear();
            return;
        };
        self.rows.read_ords(column, &self.docs, &mut self.ords);
        self.docs.clear();
        let row_docs = &self.rows.row_docs;
        if row_docs.windows(2).all(|pair| pair[0] != pair[1]) {
            // Each hit holds one value (or none): counted as read.
            for &ord in &self.ords {
                if let Some(count) = usize::try_from(ord)
                    .ok()
                    .and_then(|ord| self.counts.get_mut(ord))
                {
                    *count += 1;
                }
            }
            return;
        }
        for (_, range) in doc_groups(&self.rows.row_docs) {
            let ords = &mut self.ords[range];
            if ords.len() > 1 {
                ords.sort_unstable();
            }
            let distinct = ords
                .iter()
                .enumerate()
                .filter(|&(i, ord)| i == 0 || ords[i - 1] != *ord)
                .map(|(_, &ord)| ord);
            match &mut self.several {
                Some(several) if ords.len() > 1 && ords[0] != ords[ords.len() - 1] => {
                    several.ords.extend(distinct);
                    several.ends.push(several.ords.len());
                }
                _ => {
                    for ord in distinct {
                        if let Some(count) = usize::try_from(ord)
                            .ok()
                            .and_then(|ord| self.counts.get_mut(ord))
                        {
                            *count += 1;
                        }
                    }
                }
            }
        }
    }

    /// The counts of a hierarchical field: the ordinals counted and those
    /// of hits with several values named in one sorted pass, each
    /// ordinal's count added to every level of its path, and each hit with
    /// several values counted once per distinct level.
    fn harvest_levels(self, several: SeveralValues) -> SegmentFacetCounts {
        // The ordinals needed, marked in ordinal order (a sort of the
        // several values' ordinals cost more than the rest of a broad
        // search's harvest): `at[ord]` is the ordinal's index in `needed`.
        const NONE: u32 = u32::MAX;
        let mut at: Vec<u32> = self
            .counts
            .iter()
            .map(|&count| if count > 0 { 0 } else { NONE })
            .collect();
        for &ord in &several.ords {
            if let Some(slot) = usize::try_from(ord).ok().and_then(|ord| at.get_mut(ord)) {
                *slot = 0;
            }
        }
        let mut needed: Vec<u64> = Vec::new();
        for (ord, slot) in (0u64..).zip(at.iter_mut()) {
            if *slot != NONE {
                *slot = u32::try_from(needed.len()).unwrap_or(NONE);
                needed.push(ord);
            }
        }
        let index_of = |ord: u64| {
            usize::try_from(ord)
                .ok()
                .and_then(|ord| at.get(ord))
                .filter(|&&i| i != NONE)
                .map(|&i| i as usize)
        };
        // The needed terms, in ordinal (so byte) order, in one buffer.
        let mut bytes: Vec<u8> = Vec::new();
        let mut ends: Vec<usize> = Vec::with_capacity(needed.len());
        let Some(column) = &self.dictionary else {
            // No document of the segment holds a value: none was counted.
            return Ok(FacetValues::default());
        };
        let all_found = column
            .dictionary()
            .sorted_ords_to_term_cb(&needed, |term| {
                bytes.extend_from_slice(term);
                ends.push(bytes.len());
            })
            .map_err(|e| e.to_string())?;
        if !all_found || ends.len() != needed.len() {
            return Err("a counted value is missing from the dictionary".to_string());
        }
        let terms: Vec<&[u8]> = (0..ends.len())
            .map(|i| &bytes[if i == 0 { 0 } else { ends[i - 1] }..ends[i]])
            .collect();
        // Level ids: a needed term is its own (its index); a level that is
        // only an ancestor (`un` when just `un/security-council` is held)
        // gets one after them.
        let mut ancestors: Vec<&[u8]> = Vec::new();
        let mut ancestor_ids: HashMap<&[u8], u32> = HashMap::new();
        let mut level_ids: Vec<u32> = Vec::with_capacity(terms.len());
        let mut level_ends: Vec<usize> = Vec::with_capacity(terms.len());
        for (own, term) in terms.iter().enumerate() {
            for (end, _) in term.iter().enumerate().filter(|&(_, &b)| b == 0) {
                let prefix = &term[..end];
                let id = match terms.binary_search(&prefix) {
                    Ok(at) => at,
                    Err(_) => {
                        let next = terms.len() + ancestors.len();
                        *ancestor_ids.entry(prefix).or_insert_with(|| {
                            ancestors.push(prefix);
                            u32::try_from(next).unwrap_or(u32::MAX)
                        }) as usize
                    }
                };
                level_ids.push(u32::try_from(id).unwrap_or(u32::MAX));
            }
            level_ids.push(u32::try_from(own).unwrap_or(u32::MAX));
            level_ends.push(level_ids.len());
        }
        let levels_of = |at: usize| {
            let start = if at == 0 { 0 } else { level_ends[at - 1] };
            &level_ids[start..level_ends[at]]
        };
        let mut level_counts = vec![0u64; terms.len() + ancestors.len()];
        for (at, &ord) in needed.iter().enumerate() {
            let count = usize::try_from(ord)
                .ok()
                .and_then(|ord| self.counts.get(ord))
                .copied()
                .unwrap_or(0);
            if count > 0 {
                for &id in levels_of(at) {
                    level_counts[id as usize] += u64::from(count);
                }
            }
        }
        // Each level counted once per hit: `last_hit[level]` is the last
        // hit (numbered from 1) that counted it.
        let mut last_hit = vec![0usize; level_counts.len()];
        let mut start = 0;
        for (hit, &end) in (1usize..).zip(&several.ends) {
            for &ord in several.ords.get(start..end).unwrap_or_default() {
                if let Some(at) = index_of(ord) {
                    for &id in levels_of(at) {
                        let id = id as usize;
                        if let (Some(last), Some(count)) =
                            (last_hit.get_mut(id), level_counts.get_mut(id))
                        {
                            if *last != hit {
                                *last = hit;
                                *count += 1;
                            }
                        }
                    }
                }
            }
            start = end;
        }
        let mut counts: Vec<(Vec<u8>, u64)> = terms
            .iter()
            .chain(&ancestors)
            .zip(level_counts)
            .filter(|&(_, count)| count > 0)
            .map(|(term, count)| (term.to_vec(), count))
            .collect();
        counts.sort_unstable();
        Ok(FacetValues::from_sorted(counts))
    }
}

impl SegmentCollector for FacetValueSegmentCollector {
    type Fruit = SegmentFacetCounts;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.docs.push(doc);
        if self.docs.len() >= BLOCK {
            self.count_block();
        }
    }

    fn harvest(mut self) -> SegmentFacetCounts {
        self.count_block();
        if let Some(several) = self.several.take() {
            return self.harvest_levels(several);
        }
        let counted: Vec<(u64, u32)> = (0u64..)
            .zip(self.counts.iter().copied())
            .filter(|&(_, count)| count > 0)
            .collect();
        let ords: Vec<u64> = counted.iter().map(|&(ord, _)| ord).collect();
        // Ordinals are in term order, so the list comes out sorted.
        let mut counts = FacetValues::default();
        let mut next = counted.iter();
        let Some(column) = &self.dictionary else {
            // No document of the segment holds a value: none was counted.
            return Ok(FacetValues::default());
        };
        let all_found = column
            .dictionary()
            .sorted_ords_to_term_cb(&ords, |term| {
                if let Some(&(_, count)) = next.next() {
                    counts.push(term, u64::from(count));
                }
            })
            .map_err(|e| e.to_string())?;
        if !all_found {
            return Err("a counted value is missing from the dictionary".to_string());
        }
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_each_value_over_the_matches() -> Result<(), Box<dyn std::error::Error>> {
        use newsdex_core::{schema::names, NewsIndex};
        use tantivy::query::AllQuery;
        let dir = tempfile::tempdir()?;
        std::fs::write(
            dir.path().join("a.txt"),
            "Truce\n\nRussia vetoed the draft.",
        )?;
        std::fs::write(dir.path().join("b.txt"), "Talks\n\nDiplomats met in Doha.")?;
        let index = NewsIndex::create_in_ram()?;
        index.indexer().index_paths(&[dir.path().into()])?;
        let searcher = index.searcher()?;
        let counts = searcher.search(&AllQuery, &FacetValueCollector::flat(names::SOURCE))?;
        assert_eq!(counts.len(), 1);
        assert_eq!(counts.into_paths()[0].1, 2);
        Ok(())
    }
    use std::collections::BTreeMap;

    fn as_map(values: FacetValues) -> BTreeMap<String, u64> {
        values.into_paths().into_iter().collect()
    }
    use tantivy::collector::{FacetCollector, FacetCounts};
    use tantivy::query::{AllQuery, TermQuery};
    use tantivy::schema::{Facet, FacetOptions, IndexRecordOption, Schema};
    use tantivy::{doc, Index, Term};

    /// tantivy's own collector's counts at depth 1 and 2, as paths.
    fn reference(counts: &FacetCounts, parents: &[&str]) -> BTreeMap<String, u64> {
        let mut out = BTreeMap::new();
        for parent in parents {
            for (facet, count) in counts.get(*parent) {
                out.insert(facet.to_path().join("/"), count);
            }
        }
        out
    }

    /// Our counts of one field over every document.
    fn ours(searcher: &tantivy::Searcher, collector: FacetValueCollector) -> BTreeMap<String, u64> {
        as_map(searcher.search(&AllQuery, &collector).unwrap())
    }

    /// tantivy's own counts of `field` over every document: the top level,
    /// and the children of each of `parents`.
    fn theirs(
        searcher: &tantivy::Searcher,
        field: &str,
        parents: &[&str],
    ) -> BTreeMap<String, u64> {
        let mut top = FacetCollector::for_field(field);
        top.add_facet("/");
        let mut out = reference(&searcher.search(&AllQuery, &top).unwrap(), &["/"]);
        if !parents.is_empty() {
            let mut children = FacetCollector::for_field(field);
            for parent in parents {
                children.add_facet(*parent);
            }
            let children = searcher.search(&AllQuery, &children).unwrap();
            out.extend(reference(&children, parents));
        }
        out
    }

    /// Hits read in several blocks of [`BLOCK`], in segments where some
    /// documents have no value, some several (one twice) and some are
    /// deleted: the counts equal tantivy's own collector's.
    #[test]
    fn counts_over_many_blocks_match_tantivys_facet_collector() {
        let mut builder = Schema::builder();
        let vote = builder.add_facet_field("vote", FacetOptions::default());
        let person = builder.add_facet_field("person", FacetOptions::default());
        let id = builder.add_u64_field("id", tantivy::schema::INDEXED);
        let index = Index::create_in_ram(builder.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let kinds = ["vetoed", "adopted", "failed", "for"];
        let members = ["ru", "us", "cn", "fr", "gb"];
        for i in 0..(5 * BLOCK as u64 + 37) {
            let mut doc = doc!(id => i);
            if i % 5 != 0 {
                let kind = kinds[(i % 4) as usize];
                doc.add_facet(vote, Facet::from_path([kind, members[(i % 5) as usize]]));
                if i % 3 == 0 {
                    doc.add_facet(vote, Facet::from_path([kind]));
                }
            }
            for k in 0..(i % 4) {
                let name = format!("p{}", (i * 7 + k) % 50);
                doc.add_facet(person, Facet::from_path([name.as_str()]));
            }
            if i % 11 == 0 {
                doc.add_facet(person, Facet::from("/twice"));
                doc.add_facet(person, Facet::from("/twice"));
            }
            writer.add_document(doc).unwrap();
            if i % 2000 == 1999 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        for deleted in (0..5 * BLOCK as u64).step_by(13) {
            writer.delete_term(Term::from_field_u64(id, deleted));
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert!(searcher.segment_readers().len() > 1);
        assert!(searcher
            .segment_readers()
            .iter()
            .any(|s| s.num_deleted_docs() > 0));

        let people = ours(&searcher, FacetValueCollector::flat("person"));
        assert_eq!(people, theirs(&searcher, "person", &[]));

        let votes = ours(&searcher, FacetValueCollector::hierarchical("vote"));
        let parents: Vec<String> = kinds.iter().map(|k| format!("/{k}")).collect();
        let parents: Vec<&str> = parents.iter().map(String::as_str).collect();
        assert_eq!(votes, theirs(&searcher, "vote", &parents));
        assert!(votes.values().sum::<u64>() > 5 * BLOCK as u64);
    }

    #[test]
    fn counts_match_tantivys_facet_collector_across_segments() {
        let mut builder = Schema::builder();
        let vote = builder.add_facet_field("vote", FacetOptions::default());
        let person = builder.add_facet_field("person", FacetOptions::default());
        let index = Index::create_in_ram(builder.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let docs: Vec<(Vec<&str>, Vec<&str>)> = vec![
            (vec!["/vetoed/ru", "/vetoed/us", "/failed"], vec!["/a-b"]),
            (vec!["/vetoed/ru", "/adopted"], vec!["/a-b", "/c-d"]),
            (vec!["/abstained/cn"], vec![]),
            (vec![], vec!["/c-d", "/c-d"]),
            (vec!["/adopted", "/for/fr"], vec!["/e-f"]),
            (vec!["/for"], vec![]),
        ];
        for (i, (votes, people)) in docs.iter().enumerate() {
            let mut doc = doc!();
            for v in votes {
                doc.add_facet(vote, Facet::from(*v));
            }
            for p in people {
                doc.add_facet(person, Facet::from(*p));
            }
            writer.add_document(doc).unwrap();
            if i % 2 == 1 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert!(searcher.segment_readers().len() > 1);

        let votes = ours(&searcher, FacetValueCollector::hierarchical("vote"));
        let expected = theirs(
            &searcher,
            "vote",
            &["/vetoed", "/abstained", "/for", "/adopted", "/failed"],
        );
        assert_eq!(votes, expected);
        assert_eq!(votes["vetoed"], 2);
        assert_eq!(votes["vetoed/ru"], 2);
        assert_eq!(votes["vetoed/us"], 1);
        assert_eq!(votes["for"], 2, "a leaf and a child of the same value");

        let people = ours(&searcher, FacetValueCollector::flat("person"));
        assert_eq!(people, theirs(&searcher, "person", &[]));
        assert_eq!(
            people["c-d"], 2,
            "a value twice in one document counts once"
        );

        // Over a subset: only the matching documents count.
        let query = TermQuery::new(
            Term::from_facet(person, &Facet::from("/a-b")),
            IndexRecordOption::Basic,
        );
        let subset = as_map(
            searcher
                .search(&query, &FacetValueCollector::hierarchical("vote"))
                .unwrap(),
        );
        let expected: BTreeMap<String, u64> = [
            ("adopted", 1),
            ("failed", 1),
            ("vetoed", 2),
            ("vetoed/ru", 2),
            ("vetoed/us", 1),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        assert_eq!(subset, expected);
    }

    #[test]
    fn most_frequent_keeps_ties_at_the_threshold() {
        let values = FacetValues::from_sorted(vec![
            (b"a".to_vec(), 1),
            (b"b".to_vec(), 5),
            (b"c".to_vec(), 3),
            (b"d".to_vec(), 3),
            (b"e\0f".to_vec(), 2),
        ]);
        let top = |limit| {
            let mut v: Vec<String> = values
                .clone()
                .most_frequent(limit)
                .into_iter()
                .map(|(p, _)| p)
                .collect();
            v.sort();
            v
        };
        assert_eq!(top(1), ["b"]);
        assert_eq!(top(2), ["b", "c", "d"]);
        assert_eq!(top(4), ["b", "c", "d", "e/f"]);
        assert_eq!(top(0).len(), 5);
        assert_eq!(top(9).len(), 5);
    }

    #[test]
    fn a_field_that_is_not_a_facet_is_an_error() {
        let mut builder = Schema::builder();
        builder.add_facet_field("vote", FacetOptions::default());
        let index = Index::create_in_ram(builder.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.add_document(doc!()).unwrap();
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert!(searcher
            .search(&AllQuery, &FacetValueCollector::flat("nope"))
            .is_err());
    }
}
