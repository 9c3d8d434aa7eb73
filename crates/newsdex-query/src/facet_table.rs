//! Counting facets through facet tables: each segment's facet values
//! decoded once ([`FacetTable`]) and the dictionary of the segments
//! searched ([`FacetDictionary`]), both from `newsdex_core::facets`.
//!
//! Counting a hit is then one short slice read, and the segments' counts
//! are summed by dictionary number, with no term compared or copied; a term
//! is turned into text only when listed.
//!
//! A one-shot search uses the tables and dictionary the writer kept beside
//! the segments ([`Tables::kept`]), which opening maps without reading; when
//! a segment has none (an index written before them), it counts through
//! tantivy's columns instead ([`crate::facet_collector`]), with the same
//! counts. A [`crate::SearchCache`] keeps the tables between searches
//! ([`FacetTables`]) and builds those the writer did not keep.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

use newsdex_core::facets::{FacetDictionary, FacetTable};
use newsdex_core::schema::Facet;
use newsdex_core::NewsIndex;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader, TantivyError};

use crate::error::Result;
use crate::facet_collector::FacetValues;

/// The tables of a set of segments and their dictionary.
#[derive(Debug, Clone)]
pub(crate) struct Tables {
    by_segment: HashMap<SegmentId, Arc<FacetTable>>,
    dictionary: Arc<FacetDictionary>,
}

impl Tables {
    /// The tables the writer kept for every one of `segments` and their
    /// dictionary (built now if the writer kept none for these segments);
    /// `None` when a segment has no table.
    pub(crate) fn kept(index: &NewsIndex, segments: &[SegmentReader]) -> Option<Tables> {
        let by_segment = segments
            .iter()
            .map(|segment| Some((segment.segment_id(), index.facet_table(segment)?)))
            .collect::<Option<HashMap<_, _>>>()?;
        let ids: Vec<SegmentId> = segments.iter().map(SegmentReader::segment_id).collect();
        let dictionary = match index.facet_dictionary(&ids) {
            Some(dictionary) => dictionary,
            None => Arc::new(dictionary_of(&by_segment).ok()?),
        };
        Some(Tables {
            by_segment,
            dictionary,
        })
    }
}

fn dictionary_of(
    tables: &HashMap<SegmentId, Arc<FacetTable>>,
) -> newsdex_core::Result<FacetDictionary> {
    let tables: Vec<(SegmentId, &FacetTable)> = tables
        .iter()
        .map(|(id, table)| (*id, table.as_ref()))
        .collect();
    FacetDictionary::build(&tables)
}

/// The facet tables of the segments searched so far, by segment, and the
/// dictionary of the last set of segments searched (what a
/// [`crate::SearchCache`] keeps).
#[derive(Debug, Default)]
pub(crate) struct FacetTables {
    tables: Mutex<HashMap<SegmentId, Arc<FacetTable>>>,
    dictionary: Mutex<Option<Arc<FacetDictionary>>>,
}

impl FacetTables {
    /// The table of `segment`: kept here, else kept by the writer, else
    /// built now from the segment's columns.
    fn get(&self, index: &NewsIndex, segment: &SegmentReader) -> Result<Arc<FacetTable>> {
        let key = segment.segment_id();
        // A panic while another search held the lock left the map as it
        // was (tables are inserted whole), so a poisoned lock is still good.
        let mut tables = self.tables.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(table) = tables.get(&key) {
            return Ok(Arc::clone(table));
        }
        let table = match index.facet_table(segment) {
            Some(table) => table,
            None => Arc::new(FacetTable::build(segment)?),
        };
        tables.insert(key, Arc::clone(&table));
        Ok(table)
    }

    /// The tables of `segments` and their dictionary: the last one built
    /// when the segments are the same, else the writer's, else built now.
    pub(crate) fn tables(&self, index: &NewsIndex, segments: &[SegmentReader]) -> Result<Tables> {
        let by_segment = segments
            .iter()
            .map(|segment| Ok((segment.segment_id(), self.get(index, segment)?)))
            .collect::<Result<HashMap<_, _>>>()?;
        let ids: Vec<SegmentId> = segments.iter().map(SegmentReader::segment_id).collect();
        // As in `get`, a poisoned lock still holds a whole dictionary.
        let mut kept = self
            .dictionary
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let dictionary = match kept.as_ref().filter(|d| d.is_of(&ids)) {
            Some(dictionary) => Arc::clone(dictionary),
            None => {
                let dictionary = match index.facet_dictionary(&ids) {
                    Some(dictionary) => dictionary,
                    None => Arc::new(dictionary_of(&by_segment)?),
                };
                *kept = Some(Arc::clone(&dictionary));
                dictionary
            }
        };
        Ok(Tables {
            by_segment,
            dictionary,
        })
    }

    /// Drops the tables of segments not in `live` (merged away).
    pub(crate) fn retain(&self, live: &HashSet<SegmentId>) {
        let mut tables = self.tables.lock().unwrap_or_else(PoisonError::into_inner);
        tables.retain(|segment, _| live.contains(segment));
    }

    /// Number of tables kept.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.tables
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

/// Calls `each(index, count)` for every count above 0, in order. Most are
/// 0 for most searches: runs of 0 are skipped sixteen at a time (a test the
/// compiler turns into a few vector instructions).
fn for_each_counted(counts: &[u32], mut each: impl FnMut(usize, u32)) {
    const RUN: usize = 16;
    for (chunk_at, chunk) in counts.chunks(RUN).enumerate() {
        if chunk.iter().fold(0, |any, &count| any | count) == 0 {
            continue;
        }
        for (i, &count) in chunk.iter().enumerate() {
            if count > 0 {
                each(chunk_at * RUN + i, count);
            }
        }
    }
}

/// Counts the values of every facet field ([`Facet::ALL`]) at once through
/// [`Tables`]. The fruit has one [`FacetValues`] per field, in order, as
/// [`crate::facet_collector::FacetValueCollector`] would count each.
pub(crate) struct FacetTablesCollector {
    tables: Tables,
}

impl FacetTablesCollector {
    /// Counts through `tables` (of the segments searched).
    pub(crate) fn new(tables: Tables) -> Self {
        FacetTablesCollector { tables }
    }
}

/// Per-segment part of [`FacetTablesCollector`].
pub(crate) struct FacetTablesSegmentCollector {
    table: Arc<FacetTable>,
    /// Hits counted per id of the table.
    counts: Vec<u32>,
    dictionary: Arc<FacetDictionary>,
    segment: SegmentId,
}

impl Collector for FacetTablesCollector {
    type Fruit = Vec<FacetValues>;
    type Child = FacetTablesSegmentCollector;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<FacetTablesSegmentCollector> {
        let table = self
            .tables
            .by_segment
            .get(&segment.segment_id())
            .cloned()
            .ok_or_else(|| {
                TantivyError::InternalError("a segment searched has no facet table".into())
            })?;
        let counts = vec![0; table.num_ids()];
        Ok(FacetTablesSegmentCollector {
            table,
            counts,
            dictionary: Arc::clone(&self.tables.dictionary),
            segment: segment.segment_id(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        segments: Vec<tantivy::Result<Vec<(u32, u32)>>>,
    ) -> tantivy::Result<Vec<FacetValues>> {
        let dictionary = &self.tables.dictionary;
        let mut counted: Vec<(u32, u64)> = Vec::new();
        let mut lists = Vec::with_capacity(segments.len());
        for segment in segments {
            lists.push(segment?);
        }
        let pairs: usize = lists.iter().map(Vec::len).sum();
        if lists.len() == 1 || pairs.saturating_mul(16) < dictionary.num_terms() {
            // One segment (its pairs are by number already), or few values
            // counted (a rare term): sorted, not spread over an array of
            // every term.
            counted.extend(
                lists
                    .iter()
                    .flatten()
                    .map(|&(id, count)| (id, u64::from(count))),
            );
            if lists.len() > 1 {
                counted.sort_unstable_by_key(|&(id, _)| id);
                counted.dedup_by(|next, kept| {
                    let same = next.0 == kept.0;
                    if same {
                        kept.1 += next.1;
                    }
                    same
                });
            }
        } else {
            // Hits per term fit a u32: no search counts more hits than the
            // index holds documents.
            let mut totals = vec![0u32; dictionary.num_terms()];
            for &(id, count) in lists.iter().flatten() {
                if let Some(total) = totals.get_mut(id as usize) {
                    *total = total.saturating_add(count);
                }
            }
            for_each_counted(&totals, |id, count| {
                counted.push((u32::try_from(id).unwrap_or(u32::MAX), u64::from(count)));
            });
        }
        // Split by field: numbers are field by field.
        let mut fields = Vec::with_capacity(Facet::ALL.len());
        let mut rest = counted.as_slice();
        for field in 0..Facet::ALL.len() {
            let end = dictionary.ids_of_field(field).end;
            let split = rest.partition_point(|&(id, _)| (id as usize) < end);
            let (mine, after) = rest.split_at(split);
            fields.push(FacetValues::from_numbers(
                Arc::clone(dictionary),
                mine.to_vec(),
            ));
            rest = after;
        }
        Ok(fields)
    }
}

impl SegmentCollector for FacetTablesSegmentCollector {
    type Fruit = tantivy::Result<Vec<(u32, u32)>>;

    fn collect(&mut self, doc: DocId, _: Score) {
        for id in FacetTable::ids(self.table.values_of(doc)) {
            if let Some(count) = self.counts.get_mut(id as usize) {
                *count += 1;
            }
        }
    }

    /// (dictionary number, count) of each id counted, by number.
    fn harvest(self) -> tantivy::Result<Vec<(u32, u32)>> {
        let numbers = self.dictionary.numbers_of(self.segment).ok_or_else(|| {
            TantivyError::InternalError("a segment searched is not in the facet dictionary".into())
        })?;
        // A table's ids and the dictionary's numbers follow the same order
        // (field by field, each by term bytes), so the pairs come out sorted.
        let mut counted = Vec::new();
        for_each_counted(&self.counts, |id, count| {
            if let Some(number) = numbers.get(id) {
                counted.push((number, count));
            }
        });
        Ok(counted)
    }
}
