//! Facet tables: every document's facet values of one segment, decoded from
//! tantivy's columns once, when the segment is written, and the dictionary
//! of a commit's segments.
//!
//! Counting a hit's facets through tantivy's columns costs a rank lookup,
//! two start-index reads and a value read per hit and field, then a walk of
//! each segment's dictionary to name the values counted, then a merge of the
//! segments' counts by term bytes. A [`FacetTable`] holds each document's
//! distinct value ids of all the facet fields side by side (4 bytes per
//! document plus 4 per value) and the terms of the ids, so that counting a
//! hit is one short slice read and naming a value one index. A
//! [`FacetDictionary`] numbers the terms of a set of segments' tables, each
//! field's sorted by bytes, and maps each segment's ids to its numbers: the
//! segments' counts are summed by number, with no term compared or copied.
//!
//! Both are plain byte layouts (little-endian `u32`s), read in place from a
//! memory map: opening one costs a few reads of its header, whatever its
//! size. Segments never change once written (deletes only hide documents,
//! and a collector never sees a deleted one), so a table stays right for as
//! long as its segment lives, and a dictionary for as long as its set of
//! segments does. The writer keeps them ([`super::facet_files`]).
//!
//! Nothing read here is trusted: every length is checked against the file
//! on open, and every later read is bounds-checked, so a damaged file gives
//! `None` or wrong counts, never a panic. Like tantivy's columns on read,
//! the files carry no checksum that a search verifies: hashing a table
//! would cost more than counting the hits of a broad query.

use std::ops::Range;

use tantivy::directory::OwnedBytes;
use tantivy::index::SegmentId;
use tantivy::{DocId, SegmentReader};

use crate::error::{Error, Result};
use crate::schema::Facet;

/// First bytes of a table file; the digit is the layout's version.
const TABLE_MAGIC: &[u8; 8] = b"NDXFTAB1";
/// First bytes of a dictionary file.
const DICTIONARY_MAGIC: &[u8; 8] = b"NDXFDIC1";

/// The facet fields a table holds, in order, as written in its header:
/// `source,country,…,vote/,…,org/` (a `/` marks a hierarchical field, whose
/// every level is a value). A table of other fields is not read.
fn fields_header() -> String {
    Facet::ALL
        .iter()
        .map(|f| {
            let slash = if f.is_hierarchical() { "/" } else { "" };
            format!("{}{slash}", f.as_str())
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Little-endian `u32` number `i` of the section starting at byte `at`.
fn u32_at(bytes: &[u8], at: usize, i: usize) -> Option<u32> {
    let start = at.checked_add(i.checked_mul(4)?)?;
    let word = bytes.get(start..start.checked_add(4)?)?;
    Some(u32::from_le_bytes([word[0], word[1], word[2], word[3]]))
}

/// The `u32`s of `bytes` (a section), in order.
#[inline]
fn words(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes
        .chunks_exact(4)
        .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
}

/// The error for a layout just written that does not read back (a bug).
fn not_read_back(what: &str) -> Error {
    Error::Tantivy(tantivy::TantivyError::InternalError(format!(
        "a facet {what} just built does not read back"
    )))
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Appends little-endian `u32`s.
fn put(out: &mut Vec<u8>, values: impl IntoIterator<Item = u32>) {
    for value in values {
        out.extend_from_slice(&value.to_le_bytes());
    }
}

/// Reads a layout front to back: `u32`s and byte sections, each checked
/// against the length left.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Cursor { bytes, at: 0 }
    }

    /// Reads `magic`, `None` when the bytes start otherwise.
    fn magic(&mut self, magic: &[u8; 8]) -> Option<()> {
        let at = self.bytes(magic.len())?;
        (self.slice(at, magic.len())? == magic).then_some(())
    }

    /// Reads the first id of each facet field and the number of ids,
    /// which must be `total`; `None` unless they ascend to it.
    fn bases(&mut self, total: usize) -> Option<Vec<u32>> {
        let n = Facet::ALL.len() + 1;
        let at = self.words(n)?;
        let bases: Vec<u32> = words(self.slice(at, 4 * n)?).collect();
        let ascending = bases.windows(2).all(|pair| pair[0] <= pair[1]);
        (ascending && bases.last().map(|&b| b as usize) == Some(total)).then_some(bases)
    }

    fn u32(&mut self) -> Option<u32> {
        let value = u32_at(self.bytes, self.at, 0)?;
        self.at += 4;
        Some(value)
    }

    fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.u32()?).ok()
    }

    /// Skips a section of `n` `u32`s, giving where it starts.
    fn words(&mut self, n: usize) -> Option<usize> {
        self.bytes(n.checked_mul(4)?)
    }

    /// Skips `n` bytes, giving where they start.
    fn bytes(&mut self, n: usize) -> Option<usize> {
        let start = self.at;
        let end = start.checked_add(n)?;
        (end <= self.bytes.len()).then(|| {
            self.at = end;
            start
        })
    }

    fn slice(&self, at: usize, len: usize) -> Option<&'a [u8]> {
        self.bytes.get(at..at.checked_add(len)?)
    }
}

/// Every level of a hierarchical facet term, the term itself last:
/// `vetoed\0ru` gives `vetoed` and `vetoed\0ru`.
fn levels_of(term: &[u8]) -> impl Iterator<Item = &[u8]> {
    term.iter()
        .enumerate()
        .filter(|&(_, &b)| b == 0)
        .map(move |(end, _)| &term[..end])
        .chain([term])
}

/// The ids of field number `field` given each field's first id (`bases`).
fn field_range(bases: &[u32], field: usize) -> Range<usize> {
    let at = |i: usize| bases.get(i).map_or(0, |&b| b as usize);
    at(field)..at(field + 1).max(at(field))
}

/// Terms stored as their end offsets, then their bytes one after the other.
#[derive(Clone)]
struct Terms {
    ends_at: usize,
    bytes_at: usize,
    count: usize,
}

impl Terms {
    fn get<'a>(&self, bytes: &'a [u8], id: usize) -> Option<&'a [u8]> {
        if id >= self.count {
            return None;
        }
        let start = match id {
            0 => 0,
            _ => u32_at(bytes, self.ends_at, id - 1)? as usize,
        };
        let end = u32_at(bytes, self.ends_at, id)? as usize;
        bytes.get(self.bytes_at.checked_add(start)?..self.bytes_at.checked_add(end)?)
    }

    /// Writes `terms` as a section.
    fn put<'t>(out: &mut Vec<u8>, terms: impl Iterator<Item = &'t [u8]> + Clone) {
        let mut end = 0usize;
        put(
            out,
            terms.clone().map(|term| {
                end += term.len();
                to_u32(end)
            }),
        );
        for term in terms {
            out.extend_from_slice(term);
        }
    }

    /// Reads a section of `count` terms holding `len` bytes: the last end
    /// must be `len`.
    fn read(cursor: &mut Cursor<'_>, count: usize, len: usize) -> Option<Terms> {
        let ends_at = cursor.words(count)?;
        let bytes_at = cursor.bytes(len)?;
        let last = match count {
            0 => 0,
            _ => u32_at(cursor.bytes, ends_at, count - 1)? as usize,
        };
        (last == len).then_some(Terms {
            ends_at,
            bytes_at,
            count,
        })
    }
}

/// One segment's facet values: for each document, the distinct value ids of
/// every facet field ([`Facet::ALL`], in order), and the encoded term of
/// each id (`ft`, or for a hierarchical field each level: `vetoed` and
/// `vetoed\0ru`). Field number `i` owns the ids
/// [`FacetTable::ids_of_field`]`(i)`, sorted by term bytes.
///
/// Layout (little-endian `u32`s unless said): the magic `NDXFTAB1`;
/// `max_doc`, the number of ids, of values, of term bytes and of header
/// bytes; the fields header (`source,…,vote/,…`); the first id of each
/// field and the number of ids; where each document's values start
/// (`max_doc + 1`); the values; each term's end; the terms' bytes.
#[derive(Clone)]
pub struct FacetTable {
    bytes: OwnedBytes,
    max_doc: u32,
    bases: Vec<u32>,
    starts_at: usize,
    values_at: usize,
    num_values: usize,
    terms: Terms,
}

impl std::fmt::Debug for FacetTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FacetTable")
            .field("max_doc", &self.max_doc)
            .field("ids", &self.terms.count)
            .field("values", &self.num_values)
            .finish()
    }
}

impl FacetTable {
    /// Reads the table of `segment` from its facet columns (one pass over
    /// its documents).
    pub fn build(segment: &SegmentReader) -> Result<FacetTable> {
        let max_doc = segment.max_doc();
        let docs = max_doc as usize;
        let mut terms: Vec<Vec<u8>> = Vec::new();
        let mut bases = Vec::with_capacity(Facet::ALL.len() + 1);
        // Per field: where each document's ids start, and the ids.
        let mut fields: Vec<(Vec<u32>, Vec<u32>)> = Vec::with_capacity(Facet::ALL.len());
        for facet in Facet::ALL {
            let base = to_u32(terms.len());
            bases.push(base);
            let mut starts = Vec::with_capacity(docs + 1);
            let mut values: Vec<u32> = Vec::new();
            starts.push(0);
            let Some(column) = segment.fast_fields().str(facet.as_str())? else {
                // No document of the segment holds a value.
                starts.resize(docs + 1, 0);
                fields.push((starts, values));
                continue;
            };
            let mut ord_terms: Vec<Vec<u8>> = Vec::with_capacity(column.num_terms());
            let mut stream = column
                .dictionary()
                .stream()
                .map_err(|e| Error::Tantivy(e.into()))?;
            while stream.advance() {
                ord_terms.push(stream.key().to_vec());
            }
            // The ids of each ordinal: itself, and for a hierarchical field
            // each level above it. Ids follow term order.
            let (field_terms, ids_of_ord): (Vec<Vec<u8>>, Vec<Vec<u32>>) =
                if facet.is_hierarchical() {
                    let mut levels: Vec<Vec<u8>> = ord_terms
                        .iter()
                        .flat_map(|term| levels_of(term).map(<[u8]>::to_vec))
                        .collect();
                    levels.sort_unstable();
                    levels.dedup();
                    let id = |level: &[u8]| {
                        levels
                            .binary_search_by(|l| l.as_slice().cmp(level))
                            .map_or(u32::MAX, |at| base.saturating_add(to_u32(at)))
                    };
                    let ids = ord_terms
                        .iter()
                        .map(|term| levels_of(term).map(id).collect())
                        .collect();
                    (levels, ids)
                } else {
                    let ids = (0..ord_terms.len())
                        .map(|ord| vec![base.saturating_add(to_u32(ord))])
                        .collect();
                    (ord_terms, ids)
                };
            let ords = column.ords();
            let mut of_doc: Vec<u32> = Vec::new();
            for doc in 0..max_doc {
                of_doc.clear();
                for ord in ords.values_for_doc(doc) {
                    if let Some(ids) = usize::try_from(ord).ok().and_then(|o| ids_of_ord.get(o)) {
                        of_doc.extend_from_slice(ids);
                    }
                }
                of_doc.sort_unstable();
                of_doc.dedup();
                values.extend_from_slice(&of_doc);
                starts.push(to_u32(values.len()));
            }
            terms.extend(field_terms);
            fields.push((starts, values));
        }
        bases.push(to_u32(terms.len()));
        let num_values: usize = fields.iter().map(|(_, values)| values.len()).sum();
        let term_bytes: usize = terms.iter().map(Vec::len).sum();
        let header = fields_header();
        let mut out = Vec::with_capacity(
            40 + header.len()
                + 4 * (bases.len() + docs + 1 + num_values + terms.len())
                + term_bytes,
        );
        out.extend_from_slice(TABLE_MAGIC);
        put(
            &mut out,
            [
                max_doc,
                to_u32(terms.len()),
                to_u32(num_values),
                to_u32(term_bytes),
                to_u32(header.len()),
            ],
        );
        out.extend_from_slice(header.as_bytes());
        put(&mut out, bases.iter().copied());
        // Each document's values, field after field.
        let mut end = 0u32;
        put(&mut out, [0]);
        for doc in 0..docs {
            for (starts, _) in &fields {
                end += starts[doc + 1] - starts[doc];
            }
            put(&mut out, [end]);
        }
        for doc in 0..docs {
            for (starts, values) in &fields {
                put(
                    &mut out,
                    values[starts[doc] as usize..starts[doc + 1] as usize]
                        .iter()
                        .copied(),
                );
            }
        }
        Terms::put(&mut out, terms.iter().map(Vec::as_slice));
        FacetTable::from_bytes(OwnedBytes::new(out)).ok_or_else(|| not_read_back("table"))
    }

    /// The table in `bytes` (as [`FacetTable::as_bytes`] gave them), or
    /// `None` when they do not hold one of [`Facet::ALL`]'s fields whose
    /// lengths agree.
    pub fn from_bytes(bytes: OwnedBytes) -> Option<FacetTable> {
        let table = {
            let mut cursor = Cursor::new(bytes.as_slice());
            cursor.magic(TABLE_MAGIC)?;
            let max_doc = cursor.u32()?;
            let num_ids = cursor.usize()?;
            let num_values = cursor.usize()?;
            let term_bytes = cursor.usize()?;
            let header_len = cursor.usize()?;
            let header_at = cursor.bytes(header_len)?;
            if cursor.slice(header_at, header_len)? != fields_header().as_bytes() {
                return None;
            }
            let bases = cursor.bases(num_ids)?;
            let starts_at = cursor.words((max_doc as usize).checked_add(1)?)?;
            if u32_at(cursor.bytes, starts_at, max_doc as usize)? as usize != num_values {
                return None;
            }
            let values_at = cursor.words(num_values)?;
            let terms = Terms::read(&mut cursor, num_ids, term_bytes)?;
            if cursor.at != cursor.bytes.len() {
                return None;
            }
            FacetTable {
                bytes: OwnedBytes::empty(),
                max_doc,
                bases,
                starts_at,
                values_at,
                num_values,
                terms,
            }
        };
        Some(FacetTable { bytes, ..table })
    }

    /// The layout, as written to a file.
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.as_slice()
    }

    /// Number of documents of the segment (deleted ones included).
    pub fn max_doc(&self) -> u32 {
        self.max_doc
    }

    /// Number of ids, all fields together.
    pub fn num_ids(&self) -> usize {
        self.terms.count
    }

    /// The ids of field number `field` (its place in [`Facet::ALL`]).
    pub fn ids_of_field(&self, field: usize) -> Range<usize> {
        field_range(&self.bases, field)
    }

    /// The distinct value ids of `doc`, all fields, field after field, as
    /// little-endian `u32`s (read them with [`FacetTable::ids`]; counting
    /// loops over these bytes directly).
    #[inline]
    pub fn values_of(&self, doc: DocId) -> &[u8] {
        let bytes = self.bytes.as_slice();
        let at = self.starts_at + 4 * doc as usize;
        let (Some(from), Some(to)) = (bytes.get(at..at + 4), bytes.get(at + 4..at + 8)) else {
            return &[];
        };
        let from = u32::from_le_bytes([from[0], from[1], from[2], from[3]]) as usize;
        let to = u32::from_le_bytes([to[0], to[1], to[2], to[3]]) as usize;
        bytes
            .get(self.values_at + 4 * from..self.values_at + 4 * to)
            .unwrap_or_default()
    }

    /// The ids in `values` (as [`FacetTable::values_of`] gives them).
    #[inline]
    pub fn ids(values: &[u8]) -> impl Iterator<Item = u32> + '_ {
        words(values)
    }

    /// The encoded term of an id.
    pub fn term(&self, id: usize) -> Option<&[u8]> {
        self.terms.get(self.bytes.as_slice(), id)
    }
}

/// The terms of a set of segments' [`FacetTable`]s, each once, numbered
/// field by field ([`Facet::ALL`]'s order), each field's sorted by bytes;
/// and per segment the number of each of its table's ids.
///
/// Layout (little-endian `u32`s unless said): the magic `NDXFDIC1`; the
/// number of segments, of terms and of term bytes; each segment's id (32
/// hex digits), sorted; per segment, its number of ids and their numbers;
/// the first number of each field and the number of terms; each term's
/// end; the terms' bytes.
#[derive(Clone)]
pub struct FacetDictionary {
    bytes: OwnedBytes,
    segments: Vec<SegmentId>,
    /// Where each segment's numbers start, and how many (same order).
    maps: Vec<(usize, usize)>,
    bases: Vec<u32>,
    terms: Terms,
}

impl std::fmt::Debug for FacetDictionary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FacetDictionary")
            .field("segments", &self.segments.len())
            .field("terms", &self.terms.count)
            .finish()
    }
}

/// The dictionary numbers of one segment's table ids.
#[derive(Debug, Clone, Copy)]
pub struct SegmentNumbers<'a> {
    bytes: &'a [u8],
    at: usize,
    len: usize,
}

impl SegmentNumbers<'_> {
    /// The dictionary number of table id `id`.
    pub fn get(&self, id: usize) -> Option<u32> {
        (id < self.len).then(|| u32_at(self.bytes, self.at, id))?
    }

    /// Number of table ids mapped.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the segment's table has no id.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl FacetDictionary {
    /// The dictionary of `tables` (segment, its table).
    pub fn build(tables: &[(SegmentId, &FacetTable)]) -> Result<FacetDictionary> {
        let mut tables = tables.to_vec();
        tables.sort_by_key(|(segment, _)| *segment);
        let mut numbers: Vec<Vec<u32>> = tables
            .iter()
            .map(|(_, table)| vec![u32::MAX; table.num_ids()])
            .collect();
        let mut terms: Vec<&[u8]> = Vec::new();
        let mut bases = Vec::with_capacity(Facet::ALL.len() + 1);
        for field in 0..Facet::ALL.len() {
            let base = terms.len();
            bases.push(to_u32(base));
            let mut field_terms: Vec<&[u8]> = tables
                .iter()
                .flat_map(|(_, table)| table.ids_of_field(field).filter_map(|id| table.term(id)))
                .collect();
            field_terms.sort_unstable();
            field_terms.dedup();
            for ((_, table), numbers) in tables.iter().zip(&mut numbers) {
                for id in table.ids_of_field(field) {
                    let at = table
                        .term(id)
                        .and_then(|term| field_terms.binary_search(&term).ok());
                    if let (Some(at), Some(slot)) = (at, numbers.get_mut(id)) {
                        *slot = to_u32(base + at);
                    }
                }
            }
            terms.extend(field_terms);
        }
        bases.push(to_u32(terms.len()));
        let term_bytes: usize = terms.iter().map(|t| t.len()).sum();
        let mut out = Vec::new();
        out.extend_from_slice(DICTIONARY_MAGIC);
        put(
            &mut out,
            [
                to_u32(tables.len()),
                to_u32(terms.len()),
                to_u32(term_bytes),
            ],
        );
        for (segment, _) in &tables {
            out.extend_from_slice(segment.uuid_string().as_bytes());
        }
        for numbers in &numbers {
            put(&mut out, [to_u32(numbers.len())]);
            put(&mut out, numbers.iter().copied());
        }
        put(&mut out, bases.iter().copied());
        Terms::put(&mut out, terms.iter().copied());
        FacetDictionary::from_bytes(OwnedBytes::new(out)).ok_or_else(|| not_read_back("dictionary"))
    }

    /// The dictionary in `bytes` (as [`FacetDictionary::as_bytes`] gave
    /// them), or `None` when their lengths disagree.
    pub fn from_bytes(bytes: OwnedBytes) -> Option<FacetDictionary> {
        let dictionary = {
            let mut cursor = Cursor::new(bytes.as_slice());
            cursor.magic(DICTIONARY_MAGIC)?;
            let num_segments = cursor.usize()?;
            let num_terms = cursor.usize()?;
            let term_bytes = cursor.usize()?;
            let ids_at = cursor.bytes(num_segments.checked_mul(32)?)?;
            let ids = cursor.slice(ids_at, num_segments * 32)?;
            let segments = ids
                .chunks_exact(32)
                .map(|id| SegmentId::from_uuid_string(std::str::from_utf8(id).ok()?).ok())
                .collect::<Option<Vec<SegmentId>>>()?;
            if segments.windows(2).any(|pair| pair[0] >= pair[1]) {
                return None;
            }
            let mut maps = Vec::with_capacity(num_segments);
            for _ in 0..num_segments {
                let len = cursor.usize()?;
                maps.push((cursor.words(len)?, len));
            }
            let bases = cursor.bases(num_terms)?;
            let terms = Terms::read(&mut cursor, num_terms, term_bytes)?;
            if cursor.at != cursor.bytes.len() {
                return None;
            }
            FacetDictionary {
                bytes: OwnedBytes::empty(),
                segments,
                maps,
                bases,
                terms,
            }
        };
        Some(FacetDictionary {
            bytes,
            ..dictionary
        })
    }

    /// The layout, as written to a file.
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.as_slice()
    }

    /// The segments, sorted.
    pub fn segments(&self) -> &[SegmentId] {
        &self.segments
    }

    /// Whether the dictionary is that of exactly `segments` (in any order).
    pub fn is_of(&self, segments: &[SegmentId]) -> bool {
        let mut sorted = segments.to_vec();
        sorted.sort_unstable();
        sorted == self.segments
    }

    /// The numbers of `segment`'s table ids, `None` for a segment not in
    /// the dictionary.
    pub fn numbers_of(&self, segment: SegmentId) -> Option<SegmentNumbers<'_>> {
        let at = self.segments.binary_search(&segment).ok()?;
        let &(at, len) = self.maps.get(at)?;
        Some(SegmentNumbers {
            bytes: self.bytes.as_slice(),
            at,
            len,
        })
    }

    /// Number of terms, all fields together.
    pub fn num_terms(&self) -> usize {
        self.terms.count
    }

    /// The numbers of field number `field` (its place in [`Facet::ALL`]),
    /// in the order of their terms' bytes.
    pub fn ids_of_field(&self, field: usize) -> Range<usize> {
        field_range(&self.bases, field)
    }

    /// The encoded term numbered `id`.
    pub fn term(&self, id: usize) -> Option<&[u8]> {
        self.terms.get(self.bytes.as_slice(), id)
    }
}
