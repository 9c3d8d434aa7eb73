//! Near-duplicates at index time.
//!
//! - `signature`: the [`Signature`] of an article (a one-permutation
//!   MinHash sketch of 128 values over the 5-word shingles of its cleaned
//!   body, 8 LSH bands of 3 with 32-bit keys), its
//!   estimated Jaccard similarity and the threshold
//!   ([`JACCARD_THRESHOLD`]: 0.8);
//! - `lookup`: [`DupLookup`], the near-duplicates of a signature in a
//!   commit, found by its band terms, never by a scan;
//! - `run`: [`RunTable`], the near-duplicates among articles of the same
//!   indexing run that are not committed yet, shared by the workers.
//!
//! Each article's `dup_group` is decided when it is written and never
//! changed afterwards: the group of its most similar earlier near-duplicate,
//! else a hash of its own id.

mod lookup;
mod run;
mod signature;

pub use lookup::{DupLookup, Match};
pub use run::RunTable;
pub use signature::{
    exact_jaccard, group_of_id, is_revision, mix64, shingle_hashes, stable_hash, topic_word_hashes,
    word_hashes, Signature, TopicSketch, BANDS, BAND_KEY_BITS, CONTAINMENT_THRESHOLD,
    CUT_CONTAINMENT_THRESHOLD, CUT_JACCARD_THRESHOLD, HASHES, JACCARD_THRESHOLD, ROWS,
    SHINGLE_WORDS, SIGNATURE_BYTES, TOPIC_HASHES,
};

use tantivy::TantivyDocument;

use crate::schema::NewsSchema;

/// Adds `sig`'s band terms and bytes to `doc`.
pub fn add_signature(schema: &NewsSchema, doc: &mut TantivyDocument, sig: &Signature) {
    for &band in &sig.bands {
        doc.add_u64(schema.dup_band, band);
    }
    doc.add_bytes(schema.dup_sig, &sig.to_bytes());
}

/// Adds the group id to `doc`.
pub fn add_group(schema: &NewsSchema, doc: &mut TantivyDocument, group: u64) {
    doc.add_u64(schema.dup_group, group);
}

/// A group id as shown: 16 hexadecimal digits.
pub fn group_label(group: u64) -> String {
    format!("{group:016x}")
}

#[cfg(test)]
mod tests;
