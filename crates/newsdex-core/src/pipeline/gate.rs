//! [`Gate`]: keeps the workers' writes inside the batch being committed.
//!
//! A commit must hold exactly the first articles of the input, in whole
//! batches: tantivy commits every document added before it, so a worker
//! may write the record at slot `s` only once `s` is certainly inside the
//! current batch. The calling thread, which sees results in input order,
//! knows a bound: with `f` the first slot it has not seen yet and `w`
//! articles of the batch written before `f`, every slot below
//! `f + (N - w)` is in the batch (each slot holds at most one article).
//! The bound only grows; after a commit it moves a whole batch on.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};

/// Where workers may write up to, and a way to stop them.
#[derive(Debug)]
pub struct Gate {
    /// Slots below this may be written.
    bound: AtomicU64,
    stopped: AtomicBool,
    /// Workers waiting (so that raising the bound locks only when needed).
    waiting: AtomicUsize,
    lock: Mutex<()>,
    opened: Condvar,
}

impl Gate {
    /// A gate open below `bound`.
    pub fn new(bound: u64) -> Self {
        Gate {
            bound: AtomicU64::new(bound),
            stopped: AtomicBool::new(false),
            waiting: AtomicUsize::new(0),
            lock: Mutex::new(()),
            opened: Condvar::new(),
        }
    }

    /// Whether `slot` may be written now.
    pub fn is_open(&self, slot: u64) -> bool {
        slot < self.bound.load(Ordering::SeqCst)
    }

    /// Waits until `slot` may be written; false when the run stops first.
    pub fn wait(&self, slot: u64) -> bool {
        let mut guard = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
        self.waiting.fetch_add(1, Ordering::SeqCst);
        while !self.is_open(slot) && !self.is_stopped() {
            guard = self
                .opened
                .wait(guard)
                .unwrap_or_else(PoisonError::into_inner);
        }
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        !self.is_stopped()
    }

    /// Lets slots below `bound` through (a lower bound than the current one
    /// changes nothing).
    pub fn raise(&self, bound: u64) {
        let before = self.bound.fetch_max(bound, Ordering::SeqCst);
        if before < bound && self.waiting.load(Ordering::SeqCst) > 0 {
            let _guard = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
            self.opened.notify_all();
        }
    }

    /// Stops the run: every waiting worker returns, none waits again.
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        let _guard = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
        self.opened.notify_all();
    }

    /// Whether the run was stopped.
    pub fn is_stopped(&self) -> bool {
        self.stopped.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn a_waiting_worker_passes_once_the_bound_is_raised() {
        let gate = Arc::new(Gate::new(10));
        assert!(gate.is_open(9) && !gate.is_open(10));
        let waiter = {
            let gate = Arc::clone(&gate);
            std::thread::spawn(move || gate.wait(15))
        };
        while gate.waiting.load(Ordering::SeqCst) == 0 {
            std::thread::yield_now();
        }
        gate.raise(12);
        gate.raise(16);
        assert!(waiter.join().unwrap());
        gate.raise(3);
        assert!(gate.is_open(15), "the bound never goes down");
        let waiter = {
            let gate = Arc::clone(&gate);
            std::thread::spawn(move || gate.wait(100))
        };
        gate.stop();
        assert!(!waiter.join().unwrap());
    }
}
