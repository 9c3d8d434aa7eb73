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

use tantivy::index::SegmentId;
use tantivy::{DocId, SegmentReader};

use crate::facet_columns::{read_value_ids, Ancestors};

/// One segment's values of one facet field.
#[derive(Debug, Default)]
pub(crate) struct FacetTable {
    /// Where each document's values start in `values`; `max_doc + 1` long.
    starts: Vec<u32>,
    /// Each document's distinct value ids, ascending.
    values: Vec<u32>,
    /// The encoded term of each value id (for a hierarchical field, of each
    /// level: `vetoed` and `vetoed\0ru`).
    terms: Vec<Vec<u8>>,
}

impl FacetTable {
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
        Ok(FacetTable {
            starts,
            values,
            terms,
        })
    }

    /// Number of value ids.
    pub(crate) fn num_values(&self) -> usize {
        self.terms.len()
    }

    /// The distinct value ids of `doc`.
    pub(crate) fn values_of(&self, doc: DocId) -> &[u32] {
        let doc = doc as usize;
        match (self.starts.get(doc), self.starts.get(doc + 1)) {
            (Some(&from), Some(&to)) => self.values.get(from as usize..to as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The encoded term of a value id.
    pub(crate) fn term(&self, id: usize) -> Option<&[u8]> {
        self.terms.get(id).map(Vec::as_slice)
    }
}

fn len_u32(values: &[u32]) -> u32 {
    u32::try_from(values.len()).unwrap_or(u32::MAX)
}

/// The facet tables of the segments searched so far, by segment and field.
#[derive(Debug, Default)]
pub(crate) struct FacetTables {
    tables: Mutex<HashMap<(SegmentId, String), Arc<FacetTable>>>,
}

impl FacetTables {
    /// The table of `field` in `segment`, read now if it is not kept yet.
    pub(crate) fn get(
        &self,
        segment: &SegmentReader,
        field: &str,
        hierarchical: bool,
    ) -> tantivy::Result<Arc<FacetTable>> {
        let key = (segment.segment_id(), field.to_string());
        // A panic while another search held the lock left the map as it
        // was (tables are inserted whole), so a poisoned lock is still good.
        let mut tables = self.tables.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(table) = tables.get(&key) {
            return Ok(Arc::clone(table));
        }
        let table = Arc::new(FacetTable::read(segment, field, hierarchical)?);
        tables.insert(key, Arc::clone(&table));
        Ok(table)
    }

    /// Drops the tables of segments not in `live` (merged away).
    pub(crate) fn retain(&self, live: &HashSet<SegmentId>) {
        let mut tables = self.tables.lock().unwrap_or_else(PoisonError::into_inner);
        tables.retain(|(segment, _), _| live.contains(segment));
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
