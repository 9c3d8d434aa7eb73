//! Near-duplicates among the articles of one indexing run, before they are
//! committed: an in-memory LSH table the workers share.
//!
//! Every slot of the run (a place in input order) is registered once its
//! worker has analysed it: with its signature and its best match in the
//! commit the run started from ([`super::DupLookup`]), or empty (unreadable,
//! unchanged, failed, or no text). A slot's group is decided only once
//! every slot before it is registered ([`RunTable::is_settled`]), from
//! those earlier slots and that one commit: so it depends on the input and
//! its order, never on the thread count or on which worker came first, and
//! never on the run's own commits.
//!
//! The rule: an article's parent is its most similar verified near-duplicate
//! among the earlier slots (the first slot holding each of its band keys)
//! and the commit's best match; its group is its parent's group, or, with
//! no parent, a hash of its own id ([`super::group_of_id`]). A group's id
//! is thus its first-indexed member's, and adding a copy renumbers nothing.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::Duration;

use rustc_hash::FxHashMap;

use super::lookup::Match;
use super::signature::{group_of_id, Signature};

/// What a registered slot holds.
#[derive(Debug)]
struct Entry {
    /// Its signature's place in [`State::sigs`].
    sig: Option<usize>,
    committed: Option<Match>,
    own: u64,
    group: Option<u64>,
}

#[derive(Debug, Default)]
struct State {
    /// Every slot below is registered.
    low: u64,
    /// Registered ranges at or above `low`, start → end.
    ahead: BTreeMap<u64, u64>,
    entries: FxHashMap<u64, Entry>,
    /// The registered signatures, side by side: one allocation that grows,
    /// not one box per article kept for the whole run (which fragmented
    /// the heap the workers allocate from, and slowed every allocation).
    sigs: Vec<Signature>,
    /// Band key → the first slot holding it.
    bands: FxHashMap<u64, u64>,
}

impl State {
    fn mark(&mut self, start: u64, end: u64) {
        if end <= start {
            return;
        }
        self.ahead.insert(start, end);
        while let Some(end) = self.ahead.remove(&self.low) {
            self.low = end.max(self.low);
        }
    }

    /// The parent of `slot`: an earlier slot or a committed group.
    fn parent(&self, slot: u64) -> Result<u64, u64> {
        let Some(entry) = self.entries.get(&slot) else {
            return Err(0);
        };
        let Some(sig) = entry.sig.and_then(|at| self.sigs.get(at)) else {
            return Err(entry.own);
        };
        // (similarity, committed first, earliest slot)
        let mut best: Option<(f64, Result<u64, u64>)> =
            entry.committed.map(|m| (m.jaccard, Err(m.group)));
        for band in &sig.bands {
            let Some(&earlier) = self.bands.get(band) else {
                continue;
            };
            if earlier >= slot {
                continue;
            }
            let Some(other) = self
                .entries
                .get(&earlier)
                .and_then(|e| e.sig)
                .and_then(|at| self.sigs.get(at))
            else {
                continue;
            };
            let Some(j) = sig.matches(other) else {
                continue;
            };
            let better = match &best {
                None => true,
                Some((bj, Err(_))) => j > *bj,
                Some((bj, Ok(s))) => j > *bj || (j == *bj && earlier < *s),
            };
            if better {
                best = Some((j, Ok(earlier)));
            }
        }
        match best {
            Some((_, Ok(earlier))) => Ok(earlier),
            Some((_, Err(group))) => Err(group),
            None => Err(entry.own),
        }
    }

    fn group(&mut self, slot: u64) -> u64 {
        let mut chain = Vec::new();
        let mut at = slot;
        let group = loop {
            if let Some(group) = self.entries.get(&at).and_then(|e| e.group) {
                break group;
            }
            chain.push(at);
            match self.parent(at) {
                Ok(earlier) => at = earlier,
                Err(group) => break group,
            }
        };
        for at in chain {
            if let Some(entry) = self.entries.get_mut(&at) {
                entry.group = Some(group);
            }
        }
        group
    }
}

/// The run's LSH table, shared by the workers.
#[derive(Debug, Default)]
pub struct RunTable {
    state: Mutex<State>,
    registered: Condvar,
    /// `State::low`, readable without the lock ([`RunTable::is_settled`]
    /// is asked for every record a worker drains).
    low: AtomicU64,
}

impl RunTable {
    /// An empty table.
    pub fn new() -> Self {
        RunTable::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Registers slots `start..end` as holding nothing to group.
    pub fn register_empty(&self, start: u64, end: u64) {
        let mut state = self.lock();
        state.mark(start, end);
        self.low.store(state.low, Ordering::Release);
        drop(state);
        self.registered.notify_all();
    }

    /// Registers `slot`: the article `id`, its signature (none for an
    /// article without text) and its best match in the commit the run
    /// started from.
    pub fn register(&self, slot: u64, id: &str, sig: Option<Signature>, committed: Option<Match>) {
        let mut state = self.lock();
        let at = sig.map(|sig| {
            for &band in &sig.bands {
                let first = state.bands.entry(band).or_insert(slot);
                *first = (*first).min(slot);
            }
            state.sigs.push(sig);
            state.sigs.len() - 1
        });
        state.entries.insert(
            slot,
            Entry {
                sig: at,
                committed,
                own: group_of_id(id),
                group: None,
            },
        );
        state.mark(slot, slot + 1);
        self.low.store(state.low, Ordering::Release);
        drop(state);
        self.registered.notify_all();
    }

    /// Whether every slot before `slot` is registered, so its group can be
    /// decided.
    pub fn is_settled(&self, slot: u64) -> bool {
        self.low.load(Ordering::Acquire) >= slot
    }

    /// Waits until [`RunTable::is_settled`] for `slot`, or `stopped` says
    /// the run is over (checked every few milliseconds); false then.
    pub fn wait(&self, slot: u64, stopped: impl Fn() -> bool) -> bool {
        if self.is_settled(slot) {
            return true;
        }
        let mut state = self.lock();
        while state.low < slot {
            if stopped() {
                return false;
            }
            state = self
                .registered
                .wait_timeout(state, Duration::from_millis(20))
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        true
    }

    /// The group of registered `slot`, once settled.
    pub fn group(&self, slot: u64) -> u64 {
        self.lock().group(slot)
    }
}
