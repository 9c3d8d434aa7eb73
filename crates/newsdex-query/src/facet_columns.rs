//! Reading facet ordinals from tantivy's columns in blocks: the rows of a
//! block of documents found with the column index's batch lookups, and
//! their ordinals in one batched read, for the counting of
//! [`crate::facet_collector`] (segments without a facet table).

use std::ops::Range;

use tantivy::columnar::column_index::MultiValueIndex;
use tantivy::columnar::{Column, ColumnIndex, ColumnValues, StrColumn};
use tantivy::schema::Type;
use tantivy::{DocId, SegmentReader, TantivyError};

/// Hits buffered per segment before their ordinals are read, in one batch.
pub(crate) const BLOCK: usize = 1024;

/// The column of facet field `field` in `segment`, opened once (tantivy's
/// `facet_reader` opens it, and a reader of its ordinals a second time):
/// its dictionary and ordinals, `None` when no document of the segment
/// holds a value. An error when `field` is not a facet field.
pub(crate) fn facet_column(
    segment: &SegmentReader,
    field: &str,
) -> tantivy::Result<Option<StrColumn>> {
    let schema = segment.schema();
    let handle = schema.get_field(field)?;
    if schema.get_field_entry(handle).field_type().value_type() != Type::Facet {
        return Err(TantivyError::SchemaError(format!(
            "`{field}` is not a facet field."
        )));
    }
    segment.fast_fields().str(field)
}

/// Buffers reused from block to block.
#[derive(Default)]
pub(crate) struct RowScratch {
    /// Hits that hold a value, and their rank in the column's index.
    pub(crate) docs_with_values: Vec<DocId>,
    pub(crate) ranks: Vec<u32>,
    pub(crate) rank_ends: Vec<u32>,
    pub(crate) starts: Vec<u32>,
    pub(crate) ends: Vec<u32>,
    /// Each value row, and the hit it belongs to (same index).
    pub(crate) row_docs: Vec<DocId>,
    pub(crate) rows: Vec<u32>,
}

impl RowScratch {
    /// Fills `row_docs` and `rows` for `docs` (see [`RowScratch::find_rows`])
    /// and `ords` with each row's ordinal, in one batched read.
    pub(crate) fn read_ords(&mut self, column: &Column<u64>, docs: &[DocId], ords: &mut Vec<u64>) {
        self.find_rows(&column.index, docs);
        // `get_vals` writes every slot: no need to zero them first.
        ords.resize(self.rows.len(), 0);
        column.values.get_vals(&self.rows, ords);
    }

    /// Fills `row_docs` and `rows` with the value rows of `docs` (sorted or
    /// not), grouped by hit in the order of `docs`.
    pub(crate) fn find_rows(&mut self, index: &ColumnIndex, docs: &[DocId]) {
        self.row_docs.clear();
        self.rows.clear();
        match index {
            // The multi-valued index of current segments: an optional index
            // (which documents hold values) and, per such document, where its
            // values start. Both read in batches.
            ColumnIndex::Multivalued(MultiValueIndex::MultiValueIndexV2(multi)) => {
                self.docs_with_values.clear();
                self.ranks.clear();
                multi.optional_index.rank_if_exists_batch(
                    docs,
                    &mut self.docs_with_values,
                    &mut self.ranks,
                );
                let n = self.ranks.len();
                self.rank_ends.clear();
                self.rank_ends.extend(self.ranks.iter().map(|r| r + 1));
                // `get_vals` writes every slot: no need to zero them first.
                self.starts.resize(n, 0);
                self.ends.resize(n, 0);
                multi
                    .start_index_column
                    .get_vals(&self.ranks, &mut self.starts);
                multi
                    .start_index_column
                    .get_vals(&self.rank_ends, &mut self.ends);
                for ((&doc, &start), &end) in self
                    .docs_with_values
                    .iter()
                    .zip(&self.starts)
                    .zip(&self.ends)
                {
                    for row in start..end {
                        self.row_docs.push(doc);
                        self.rows.push(row);
                    }
                }
            }
            other => other.docids_to_rowids(docs, &mut self.row_docs, &mut self.rows),
        }
    }
}

/// Each document of `row_docs` (grouped, as [`RowScratch::find_rows`] leaves
/// them) with the range of its rows.
pub(crate) fn doc_groups(row_docs: &[DocId]) -> impl Iterator<Item = (DocId, Range<usize>)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let &doc = row_docs.get(at)?;
        let mut end = at + 1;
        while row_docs.get(end) == Some(&doc) {
            end += 1;
        }
        let range = at..end;
        at = end;
        Some((doc, range))
    })
}
