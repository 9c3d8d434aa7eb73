//! Near-duplicates among the articles of one commit: one lookup per band
//! term in each segment's term dictionary (the query "any of these 20
//! bands"), never a scan; the best candidates' signatures are read from the
//! `dup_sig` fast field and verified.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::columnar::BytesColumn;
use tantivy::fastfield::{AliveBitSet, Column};
use tantivy::index::InvertedIndexReader;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Searcher, TantivyError, Term, TERMINATED};

use super::signature::Signature;
use crate::error::{Error, Result};
use crate::schema::{names, NewsSchema};

/// Documents read per band term at most: a band shared by a huge group is
/// held by many copies, and any of them names the group.
const POSTINGS_PER_BAND: usize = 64;

/// Candidates verified at most, those sharing the most bands first.
const VERIFIED: usize = 16;

/// A near-duplicate found in the index.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    /// Its group.
    pub group: u64,
    /// The estimated Jaccard similarity.
    pub jaccard: f64,
}

/// The near-duplicate fields of one commit's segments, fetched once and
/// shared by every thread.
pub struct DupLookup {
    segments: Vec<SegmentDups>,
    band: Field,
}

impl std::fmt::Debug for DupLookup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DupLookup")
            .field("segments", &self.segments.len())
            .finish_non_exhaustive()
    }
}

struct SegmentDups {
    bands: Arc<InvertedIndexReader>,
    groups: Column<u64>,
    sigs: Option<BytesColumn>,
    alive: Option<AliveBitSet>,
}

impl DupLookup {
    /// The near-duplicate fields of the commit `searcher` holds.
    pub fn new(schema: &NewsSchema, searcher: &Searcher) -> Result<Self> {
        let mut segments = Vec::new();
        for segment in searcher.segment_readers() {
            if segment.num_docs() == 0 {
                continue;
            }
            segments.push(SegmentDups {
                bands: segment.inverted_index(schema.dup_band)?,
                groups: segment.fast_fields().u64(names::DUP_GROUP)?,
                sigs: segment.fast_fields().bytes(names::DUP_SIG)?,
                alive: segment.alive_bitset().cloned(),
            });
        }
        Ok(DupLookup {
            segments,
            band: schema.dup_band,
        })
    }

    /// Whether the commit holds no article.
    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    /// The best verified near-duplicate of `sig` in the commit: the highest
    /// estimated similarity, then the smallest group id.
    pub fn best(&self, sig: &Signature) -> Result<Option<Match>> {
        Ok(self.matches(sig, VERIFIED)?.into_iter().max_by(|a, b| {
            a.jaccard
                .total_cmp(&b.jaccard)
                .then_with(|| b.group.cmp(&a.group))
        }))
    }

    /// Verified near-duplicates of `sig` among its `limit` best candidates
    /// (those sharing the most bands).
    pub fn matches(&self, sig: &Signature, limit: usize) -> Result<Vec<Match>> {
        let mut found = Vec::new();
        let mut buf = Vec::new();
        for segment in &self.segments {
            let mut shared: HashMap<DocId, u32> = HashMap::new();
            for &band in &sig.bands {
                let term = Term::from_field_u64(self.band, band);
                let Some(info) = segment.bands.get_term_info(&term).map_err(io)? else {
                    continue;
                };
                let mut postings = segment
                    .bands
                    .read_postings_from_terminfo(&info, IndexRecordOption::Basic)
                    .map_err(io)?;
                let mut doc = postings.doc();
                let mut read = 0;
                while doc != TERMINATED && read < POSTINGS_PER_BAND {
                    if segment.alive.as_ref().is_none_or(|a| a.is_alive(doc)) {
                        *shared.entry(doc).or_default() += 1;
                        read += 1;
                    }
                    doc = postings.advance();
                }
            }
            let mut candidates: Vec<(u32, DocId)> =
                shared.into_iter().map(|(doc, n)| (n, doc)).collect();
            candidates.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            let Some(sigs) = &segment.sigs else {
                continue;
            };
            for &(_, doc) in candidates.iter().take(limit) {
                let Some(ord) = sigs.ords().first(doc) else {
                    continue;
                };
                buf.clear();
                if !sigs.ord_to_bytes(ord, &mut buf).map_err(io)? {
                    continue;
                }
                let (Some(other), Some(group)) =
                    (Signature::from_bytes(&buf), segment.groups.first(doc))
                else {
                    continue;
                };
                if let Some(jaccard) = sig.matches(&other) {
                    found.push(Match { group, jaccard });
                }
            }
        }
        Ok(found)
    }
}

fn io(err: std::io::Error) -> Error {
    Error::Tantivy(TantivyError::from(err))
}
