//! Facet tables: every document's facet values of one segment, decoded once
//! and kept for the searches after it.
//!
//! Counting through the columnar fast fields costs a rank lookup, two
//! start-index reads and a value read per hit and field, then a dictionary
//! walk to name the values counted. A [`FacetTable`] pays that once per
//! segment: each document's distinct value ids in one flat array (at most
//! 4 bytes per document plus 4 per value) and the names of the ids, so that
//! counting a hit is one slice read and naming a value one index.
//!
//! Segments never change once written (deletes only hide documents, and the
//! collector never sees a deleted one), so a table stays right for as long
//! as its segment lives. [`FacetTables`] keeps them by segment id and drops
//! the tables of segments that merges removed.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader, TantivyError};

use crate::facet_collector::FacetValues;
use crate::facet_columns::{facet_column, read_value_ids, Ancestors};

/// One segment's values of one facet field.
#[derive(Debug, Default)]
struct FieldTable {
    /// Where each document's values start in `values`; `max_doc + 1` long.
    starts: Vec<u32>,
    /// Each document's distinct value ids, ascending.
    values: Vec<u32>,
    /// The encoded term of each value id (for a hierarchical field, of each
    /// level: `vetoed` and `vetoed\0ru`).
    terms: Vec<Vec<u8>>,
}

impl FieldTable {
    /// Reads the table of `field` in `segment`; `hierarchical` counts every
    /// level of a value.
    fn read(segment: &SegmentReader, field: &str, hierarchical: bool) -> tantivy::Result<Self> {
        let Some(column) = facet_column(segment, field)? else {
            // No document of the segment holds a value.
            return Ok(FieldTable {
                starts: vec![0; segment.max_doc() as usize + 1],
                values: Vec::new(),
                terms: Vec::new(),
            });
        };
        let ancestors = if hierarchical {
            Some(Ancestors::read(&column)?)
        } else {
            None
        };
        let terms = match &ancestors {
            Some(ancestors) => ancestors.paths.clone(),
            None => {
                let mut terms = Vec::with_capacity(column.num_terms());
                let mut stream = column.dictionary().stream()?;
                while stream.advance() {
                    terms.push(stream.key().to_vec());
                }
                terms
            }
        };
        let max_doc = segment.max_doc();
        let mut starts = Vec::with_capacity(max_doc as usize + 1);
        let mut values: Vec<u32> = Vec::new();
        starts.push(0);
        let mut next: DocId = 0;
        {
            read_value_ids(column.ords(), max_doc, |doc, ords| {
                // Documents without values between the last one and this.
                while next < doc {
                    starts.push(len_u32(&values));
                    next += 1;
                }
                let from = values.len();
                for &ord in ords {
                    let Ok(ord) = usize::try_from(ord) else {
                        continue;
                    };
                    match &ancestors {
                        Some(ancestors) => {
                            if let Some(ids) = ancestors.of_ord.get(ord) {
                                values.extend_from_slice(ids);
                            }
                        }
                        None => values.extend(u32::try_from(ord).ok()),
                    }
                }
                values[from..].sort_unstable();
                let mut kept = from;
                for i in from..values.len() {
                    if i == from || values[i] != values[kept - 1] {
                        values[kept] = values[i];
                        kept += 1;
                    }
                }
                values.truncate(kept);
                starts.push(len_u32(&values));
                next = doc + 1;
            });
        }
        while next < max_doc {
            starts.push(len_u32(&values));
            next += 1;
        }
        Ok(FieldTable {
            starts,
            values,
            terms,
        })
    }

    /// The distinct value ids of `doc`.
    fn values_of(&self, doc: DocId) -> &[u32] {
        let doc = doc as usize;
        match (self.starts.get(doc), self.starts.get(doc + 1)) {
            (Some(&from), Some(&to)) => self.values.get(from as usize..to as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// One segment's values of several facet fields, each document's values of
/// all of them side by side: counting a hit reads one short slice (one or
/// two cache lines) instead of one per field.
#[derive(Debug, Default)]
pub(crate) struct FacetTable {
    /// Where each document's values start in `values`; `max_doc + 1` long.
    starts: Vec<u32>,
    /// Each document's distinct value ids, field by field. Field `i` owns
    /// the ids `bases[i]..bases[i + 1]`.
    values: Vec<u32>,
    /// The first id of each field, and the number of ids at the end.
    bases: Vec<u32>,
    /// The encoded term of each id.
    terms: Vec<Vec<u8>>,
}

impl FacetTable {
    /// Reads the table of `fields` (name, hierarchical) in `segment`.
    fn read(segment: &SegmentReader, fields: &[(String, bool)]) -> tantivy::Result<Self> {
        let mut tables = fields
            .iter()
            .map(|(field, hierarchical)| FieldTable::read(segment, field, *hierarchical))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let mut bases = Vec::with_capacity(tables.len() + 1);
        let mut terms: Vec<Vec<u8>> = Vec::new();
        for table in &mut tables {
            bases.push(len_u32(&terms));
            terms.append(&mut table.terms);
        }
        bases.push(len_u32(&terms));
        let max_doc = segment.max_doc();
        let mut starts = Vec::with_capacity(max_doc as usize + 1);
        let mut values = Vec::with_capacity(tables.iter().map(|t| t.values.len()).sum());
        starts.push(0);
        for doc in 0..max_doc {
            for (table, &base) in tables.iter().zip(&bases) {
                values.extend(
                    table
                        .values_of(doc)
                        .iter()
                        .map(|id| id.saturating_add(base)),
                );
            }
            starts.push(len_u32(&values));
        }
        Ok(FacetTable {
            starts,
            values,
            bases,
            terms,
        })
    }

    /// Number of ids, all fields together.
    pub(crate) fn num_ids(&self) -> usize {
        self.terms.len()
    }

    /// The ids of field number `field` (in the order the table was read).
    pub(crate) fn ids_of_field(&self, field: usize) -> std::ops::Range<usize> {
        let at = |i: usize| self.bases.get(i).map_or(0, |&b| b as usize);
        at(field)..at(field + 1).max(at(field))
    }

    /// The distinct value ids of `doc`, all fields.
    pub(crate) fn values_of(&self, doc: DocId) -> &[u32] {
        let doc = doc as usize;
        match (self.starts.get(doc), self.starts.get(doc + 1)) {
            (Some(&from), Some(&to)) => self.values.get(from as usize..to as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The encoded term of an id.
    pub(crate) fn term(&self, id: usize) -> Option<&[u8]> {
        self.terms.get(id).map(Vec::as_slice)
    }
}

fn len_u32<T>(items: &[T]) -> u32 {
    u32::try_from(items.len()).unwrap_or(u32::MAX)
}

/// The facet tables of the segments searched so far, by segment (all for
/// the same fields), and the dictionary of the last set of segments
/// searched.
#[derive(Debug, Default)]
pub(crate) struct FacetTables {
    tables: Mutex<HashMap<SegmentId, Arc<FacetTable>>>,
    dictionary: Mutex<Option<Arc<Dictionary>>>,
}

/// The terms of every table of a set of segments, each once: a segment's
/// hits are counted by its own ids, then summed by dictionary id, without
/// copying or comparing a term (a search used to spend a third of its
/// time copying each segment's counted terms and merging them by bytes).
#[derive(Debug)]
pub(crate) struct Dictionary {
    /// The segments, sorted.
    segments: Vec<SegmentId>,
    /// The terms, field by field, each field's sorted by bytes.
    terms: Arc<[Vec<u8>]>,
    /// The first id of each field, and the number of ids at the end.
    bases: Vec<u32>,
    /// Per segment: the dictionary id of each of its table's ids.
    ids: HashMap<SegmentId, Arc<[u32]>>,
}

impl Dictionary {
    /// The dictionary of `tables` (segment, table), all of `fields` fields.
    fn new(mut tables: Vec<(SegmentId, Arc<FacetTable>)>, fields: usize) -> Dictionary {
        tables.sort_by_key(|(segment, _)| *segment);
        let mut terms: Vec<Vec<u8>> = Vec::new();
        let mut bases = Vec::with_capacity(fields + 1);
        let mut ids: Vec<Vec<u32>> = tables
            .iter()
            .map(|(_, table)| vec![0; table.num_ids()])
            .collect();
        for field in 0..fields {
            let base = terms.len();
            bases.push(len_u32(&terms));
            let mut field_terms: Vec<&[u8]> = tables
                .iter()
                .flat_map(|(_, table)| table.ids_of_field(field).filter_map(|id| table.term(id)))
                .collect();
            field_terms.sort_unstable();
            field_terms.dedup();
            for ((_, table), ids) in tables.iter().zip(&mut ids) {
                for id in table.ids_of_field(field) {
                    let at = table
                        .term(id)
                        .and_then(|term| field_terms.binary_search(&term).ok());
                    if let (Some(at), Some(slot)) = (at, ids.get_mut(id)) {
                        *slot = u32::try_from(base + at).unwrap_or(u32::MAX);
                    }
                }
            }
            terms.extend(field_terms.into_iter().map(<[u8]>::to_vec));
        }
        bases.push(len_u32(&terms));
        Dictionary {
            segments: tables.iter().map(|(segment, _)| *segment).collect(),
            ids: tables
                .iter()
                .map(|(segment, _)| *segment)
                .zip(ids.into_iter().map(Arc::from))
                .collect(),
            terms: Arc::from(terms),
            bases,
        }
    }

    /// The ids of field number `field`.
    fn ids_of_field(&self, field: usize) -> std::ops::Range<usize> {
        let at = |i: usize| self.bases.get(i).map_or(0, |&b| b as usize);
        at(field)..at(field + 1).max(at(field))
    }
}

impl FacetTables {
    /// The table of `fields` in `segment`, read now if it is not kept yet.
    /// Every call passes the same fields.
    pub(crate) fn get(
        &self,
        segment: &SegmentReader,
        fields: &[(String, bool)],
    ) -> tantivy::Result<Arc<FacetTable>> {
        let key = segment.segment_id();
        // A panic while another search held the lock left the map as it
        // was (tables are inserted whole), so a poisoned lock is still good.
        let mut tables = self.tables.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(table) = tables.get(&key) {
            return Ok(Arc::clone(table));
        }
        let table = Arc::new(FacetTable::read(segment, fields)?);
        tables.insert(key, Arc::clone(&table));
        Ok(table)
    }

    /// The dictionary of `segments`' tables of `fields` (tables read now
    /// when not kept yet): the last one built when the segments are the
    /// same.
    pub(crate) fn dictionary(
        &self,
        segments: &[SegmentReader],
        fields: &[(String, bool)],
    ) -> tantivy::Result<Arc<Dictionary>> {
        let mut ids: Vec<SegmentId> = segments.iter().map(SegmentReader::segment_id).collect();
        ids.sort();
        // As in `get`, a poisoned lock still holds a whole dictionary.
        let mut kept = self
            .dictionary
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(dictionary) = kept.as_ref().filter(|d| d.segments == ids) {
            return Ok(Arc::clone(dictionary));
        }
        let tables = segments
            .iter()
            .map(|segment| Ok((segment.segment_id(), self.get(segment, fields)?)))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let dictionary = Arc::new(Dictionary::new(tables, fields.len()));
        *kept = Some(Arc::clone(&dictionary));
        Ok(dictionary)
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

/// Counts the values of several facet fields at once through the
/// [`FacetTables`] it keeps and a [`Dictionary`] of the segments searched
/// (see [`FacetTables::dictionary`]). The fruit has one [`FacetValues`] per
/// field, in order, as [`crate::facet_collector::FacetValueCollector`]
/// would count each.
pub(crate) struct FacetTablesCollector {
    /// (field name, hierarchical), in the order of the fruit.
    fields: Vec<(String, bool)>,
    tables: Arc<FacetTables>,
    dictionary: Arc<Dictionary>,
}

impl FacetTablesCollector {
    /// Counts `fields` (name, hierarchical) through `tables` and
    /// `dictionary` (of the segments searched, for the same fields).
    pub(crate) fn new(
        fields: Vec<(String, bool)>,
        tables: Arc<FacetTables>,
        dictionary: Arc<Dictionary>,
    ) -> Self {
        FacetTablesCollector {
            fields,
            tables,
            dictionary,
        }
    }
}

/// Per-segment part of [`FacetTablesCollector`].
pub(crate) struct FacetTablesSegmentCollector {
    table: Arc<FacetTable>,
    /// Hits counted per id of the table.
    counts: Vec<u32>,
    /// The dictionary id of each id of the table.
    ids: Arc<[u32]>,
}

impl Collector for FacetTablesCollector {
    type Fruit = Vec<FacetValues>;
    type Child = FacetTablesSegmentCollector;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<FacetTablesSegmentCollector> {
        let table = self.tables.get(segment, &self.fields)?;
        let ids = self
            .dictionary
            .ids
            .get(&segment.segment_id())
            .cloned()
            .ok_or_else(|| {
                TantivyError::InternalError(
                    "a segment searched is not in the facet dictionary".into(),
                )
            })?;
        let counts = vec![0; table.num_ids()];
        Ok(FacetTablesSegmentCollector { table, counts, ids })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<Vec<(u32, u32)>>) -> tantivy::Result<Vec<FacetValues>> {
        let mut counts = vec![0u64; self.dictionary.terms.len()];
        for (id, count) in segments.into_iter().flatten() {
            if let Some(total) = counts.get_mut(id as usize) {
                *total += u64::from(count);
            }
        }
        Ok((0..self.fields.len())
            .map(|field| {
                let ids = self.dictionary.ids_of_field(field);
                let counted = counts
                    .get(ids.clone())
                    .unwrap_or_default()
                    .iter()
                    .zip(ids)
                    .filter(|&(&count, _)| count > 0)
                    .map(|(&count, id)| (u32::try_from(id).unwrap_or(u32::MAX), count))
                    .collect();
                FacetValues::from_ids(Arc::clone(&self.dictionary.terms), counted)
            })
            .collect())
    }
}

impl SegmentCollector for FacetTablesSegmentCollector {
    type Fruit = Vec<(u32, u32)>;

    fn collect(&mut self, doc: DocId, _: Score) {
        for &id in self.table.values_of(doc) {
            if let Some(count) = self.counts.get_mut(id as usize) {
                *count += 1;
            }
        }
    }

    /// (dictionary id, count) of each id counted.
    fn harvest(self) -> Vec<(u32, u32)> {
        self.counts
            .iter()
            .zip(self.ids.iter())
            .filter(|&(&count, _)| count > 0)
            .map(|(&count, &id)| (id, count))
            .collect()
    }
}
