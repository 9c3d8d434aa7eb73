//! [`Claims`]: which version of each id the index holds, shared by the
//! worker threads, so that the later of two duplicates wins whichever
//! worker finishes first.
//!
//! Every record carries its slot (its place in input order). An id's claim
//! is the highest slot whose version is in the index, written or found
//! unchanged, with that version's hash. A write happens under the lock of
//! the id's shard and only when no higher slot holds the id: the tantivy
//! operations of one id (delete, then add) therefore follow input order,
//! and an earlier version that finishes late is dropped. 64 shards keyed by
//! the id's hash keep workers off each other's locks.

use std::sync::{Mutex, PoisonError};

use rustc_hash::FxHashMap;

/// An article id, hashed (128 bits of BLAKE3: no two ids of a run share
/// one in practice), so a claim holds no string.
pub type IdKey = u128;

/// The key of `id`.
pub fn id_key(id: &str) -> IdKey {
    let digest = blake3::hash(id.as_bytes());
    let mut first = [0u8; 16];
    first.copy_from_slice(&digest.as_bytes()[..16]);
    u128::from_le_bytes(first)
}

const SHARDS: usize = 64;

/// The version of an id that the index holds.
#[derive(Debug, Clone, Copy)]
struct Claim {
    slot: u64,
    hash: u64,
}

/// What a worker does with a record, as far as its id's claim tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// The index already holds this content for the id (claimed now, so an
    /// earlier version finishing later is dropped): nothing to analyse.
    Unchanged,
    /// Analyse it, then [`Claims::write`].
    Process,
}

/// Id → the version in the index, in 64 locked shards.
#[derive(Debug)]
pub struct Claims {
    shards: Box<[Mutex<FxHashMap<IdKey, Claim>>]>,
}

impl Default for Claims {
    fn default() -> Self {
        Claims {
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
        }
    }
}

impl Claims {
    fn shard(&self, key: IdKey) -> std::sync::MutexGuard<'_, FxHashMap<IdKey, Claim>> {
        self.shards[key as usize % SHARDS]
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether the record at `slot` (content `hash`) is already what the
    /// index holds for its id: the hash of the id's claim, or `stored` (the
    /// hash in the commit the run started from) when it has none. If so,
    /// the record claims the id.
    pub fn check(&self, key: IdKey, slot: u64, hash: u64, stored: Option<u64>) -> Check {
        let mut shard = self.shard(key);
        let current = match shard.get(&key) {
            // A later version is in: this one will not be written, but it
            // is still analysed, so that a problem with it is reported as a
            // serial run reports it.
            Some(claim) if claim.slot > slot => return Check::Process,
            Some(claim) => Some(claim.hash),
            None => stored,
        };
        if current == Some(hash) {
            shard.insert(key, Claim { slot, hash });
            Check::Unchanged
        } else {
            Check::Process
        }
    }

    /// Writes the record at `slot` through `write` unless a later version of
    /// its id is in; `write` is told whether an older version may be in the
    /// index (then it must delete it first): when `stored` says so or the
    /// id has a claim. Returns whether it wrote.
    pub fn write<E>(
        &self,
        key: IdKey,
        slot: u64,
        hash: u64,
        stored: bool,
        write: impl FnOnce(bool) -> Result<(), E>,
    ) -> Result<bool, E> {
        let mut shard = self.shard(key);
        let claim = shard.get(&key).copied();
        if claim.is_some_and(|c| c.slot > slot) {
            return Ok(false);
        }
        write(stored || claim.is_some())?;
        shard.insert(key, Claim { slot, hash });
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_highest_slot_wins_whatever_the_order() {
        let claims = Claims::default();
        let key = id_key("a");
        let mut log = Vec::new();
        // Slot 5 is written first; slot 3 finishes later and is dropped.
        let wrote = claims.write(key, 5, 50, false, |replace| {
            log.push((5, replace));
            Ok::<_, ()>(())
        });
        assert_eq!(wrote, Ok(true));
        let wrote = claims.write(key, 3, 30, false, |replace| {
            log.push((3, replace));
            Ok::<_, ()>(())
        });
        assert_eq!(wrote, Ok(false));
        // Slot 7 replaces slot 5's version.
        let wrote = claims.write(key, 7, 70, false, |replace| {
            log.push((7, replace));
            Ok::<_, ()>(())
        });
        assert_eq!(wrote, Ok(true));
        assert_eq!(log, [(5, false), (7, true)]);
        // The same content again is unchanged and claims the id.
        assert_eq!(claims.check(key, 9, 70, None), Check::Unchanged);
        assert_eq!(
            claims.write(key, 8, 80, false, |_| Ok::<_, ()>(())),
            Ok(false)
        );
    }

    #[test]
    fn stored_hashes_decide_for_ids_without_a_claim() {
        let claims = Claims::default();
        let key = id_key("b");
        assert_eq!(claims.check(key, 1, 10, Some(10)), Check::Unchanged);
        assert_eq!(claims.check(id_key("c"), 1, 10, Some(11)), Check::Process);
        assert_eq!(claims.check(id_key("d"), 1, 10, None), Check::Process);
        // An earlier slot than the claim is analysed but never written.
        assert_eq!(claims.check(key, 0, 10, Some(10)), Check::Process);
        assert_ne!(id_key("b"), id_key("c"));
    }
}
