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
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::facet_collector::{merge_segments, FacetValues, SegmentFacetCounts};
use crate::facet_columns::{read_value_ids, Ancestors};

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
        let reader = segment.facet_reader(field)?;
        let ancestors = if hierarchical {
            Some(Ancestors::read(&reader)?)
        } else {
            None
        };
        let terms = match &ancestors {
            Some(ancestors) => ancestors.paths.clone(),
            None => {
                let mut terms = Vec::with_capacity(reader.num_facets());
                let mut stream = reader.facet_dict().stream()?;
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
        let column = segment.fast_fields().str(field)?.map(|c| c.ords().clone());
        let mut next: DocId = 0;
        if let Some(column) = column {
            read_value_ids(&column, max_doc, |doc, ords| {
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
/// the same fields).
#[derive(Debug, Default)]
pub(crate) struct FacetTables {
    tables: Mutex<HashMap<SegmentId, Arc<FacetTable>>>,
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
/// [`FacetTables`] it keeps (read for a segment the first time it is
/// searched). The fruit has one [`FacetValues`] per field, in order, as
/// [`crate::facet_collector::FacetValueCollector`] would count each.
pub(crate) struct FacetTablesCollector {
    /// (field name, hierarchical), in the order of the fruit.
    fields: Vec<(String, bool)>,
    tables: Arc<FacetTables>,
}

impl FacetTablesCollector {
    /// Counts `fields` (name, hierarchical) through `tables`.
    pub(crate) fn new(fields: Vec<(String, bool)>, tables: Arc<FacetTables>) -> Self {
        FacetTablesCollector { fields, tables }
    }
}

/// Per-segment part of [`FacetTablesCollector`].
pub(crate) struct FacetTablesSegmentCollector {
    table: Arc<FacetTable>,
    /// Hits counted per id.
    counts: Vec<u32>,
    fields: usize,
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
        let counts = vec![0; table.num_ids()];
        Ok(FacetTablesSegmentCollector {
            table,
            counts,
            fields: self.fields.len(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        segments: Vec<Vec<SegmentFacetCounts>>,
    ) -> tantivy::Result<Vec<FacetValues>> {
        let mut by_field: Vec<Vec<SegmentFacetCounts>> =
            self.fields.iter().map(|_| Vec::new()).collect();
        for segment in segments {
            for (field, counts) in by_field.iter_mut().zip(segment) {
                field.push(counts);
            }
        }
        self.fields
            .iter()
            .zip(by_field)
            .map(|((name, _), segments)| merge_segments(name, segments))
            .collect()
    }
}

impl SegmentCollector for FacetTablesSegmentCollector {
    type Fruit = Vec<SegmentFacetCounts>;

    fn collect(&mut self, doc: DocId, _: Score) {
        for &id in self.table.values_of(doc) {
            if let Some(count) = self.counts.get_mut(id as usize) {
                *count += 1;
            }
        }
    }

    fn harvest(self) -> Vec<SegmentFacetCounts> {
        (0..self.fields)
            .map(|field| {
                let ids = self.table.ids_of_field(field);
                let mut values: Vec<(Vec<u8>, u64)> = self
                    .counts
                    .get(ids.clone())
                    .unwrap_or_default()
                    .iter()
                    .zip(ids)
                    .filter(|&(&count, _)| count > 0)
                    .filter_map(|(&count, id)| {
                        Some((self.table.term(id)?.to_vec(), u64::from(count)))
                    })
                    .collect();
                // Ids follow the dictionary's order, but sort anyway: the
                // merge needs it and a hierarchy's levels are only nearly so.
                values.sort_unstable();
                Ok(FacetValues::from_sorted(values))
            })
            .collect()
    }
}
