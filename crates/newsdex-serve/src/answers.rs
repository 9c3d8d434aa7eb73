//! The answers of `/api/search` kept for the commit they were computed on.
//!
//! A search page asks the same questions again and again (every reader of
//! a shared link, every tick and untick of a facet box), and a news index
//! changes only when `newsdex index` commits. So the JSON of an answer is
//! kept, keyed by the request, for as long as the index's searcher
//! generation (the committed segments and their deletes) stays the same:
//! an answer from the cache is byte for byte the answer a new search of
//! that commit gives. The first search of a new generation empties the
//! cache. This is Elasticsearch's shard request cache, in one process.
//! At most [`crate::Options::answer_cache_bytes`] of answers are held
//! (32 MiB unless set); the least recently used go first.

use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Bytes;
use lru::LruCache;
use rustc_hash::FxHashMap;
use tokio::sync::OnceCell;

/// One search of a request on a generation that every request asking the
/// same meanwhile waits for.
pub(crate) type Flight = Arc<OnceCell<Bytes>>;

/// Bytes of answers held unless set otherwise.
pub(crate) const DEFAULT_ANSWER_BYTES: usize = 32 * 1024 * 1024;

/// Answers of one searcher generation, by request.
#[derive(Debug)]
pub(crate) struct AnswerCache {
    inner: Mutex<Held>,
    max_bytes: usize,
}

#[derive(Debug)]
struct Held {
    generation: u64,
    answers: LruCache<String, Bytes>,
    bytes: usize,
    /// Searches under way on `generation`, by request.
    flights: FxHashMap<String, Flight>,
}

impl AnswerCache {
    /// An empty cache holding at most `max_bytes` of answers (0: none).
    pub(crate) fn new(max_bytes: usize) -> Self {
        AnswerCache {
            inner: Mutex::new(Held {
                generation: 0,
                answers: LruCache::unbounded(),
                bytes: 0,
                flights: FxHashMap::default(),
            }),
            max_bytes,
        }
    }

    /// The answer to `key` computed on `generation`, if one is held.
    pub(crate) fn get(&self, generation: u64, key: &str) -> Option<Bytes> {
        let mut held = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if held.generation != generation {
            return None;
        }
        held.answers.get(key).cloned()
    }

    /// The search of `key` under way on `generation`, begun now if none is:
    /// after a commit, the requests that ask the same question at once
    /// search it once. `None` when `generation` is older than the held
    /// one (search alone, keep nothing).
    pub(crate) fn flight(&self, generation: u64, key: &str) -> Option<Flight> {
        let mut held = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if generation < held.generation || self.max_bytes == 0 {
            return None;
        }
        if generation > held.generation {
            held.move_to(generation);
        }
        Some(Arc::clone(
            held.flights
                .entry(key.to_string())
                .or_insert_with(|| Arc::new(OnceCell::new())),
        ))
    }

    /// Keeps `answer` to `key`, computed on `generation` or later. A newer
    /// generation than the held one replaces it; an answer of an older one
    /// is not kept.
    pub(crate) fn put(&self, generation: u64, key: String, answer: Bytes) {
        let mut held = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if generation < held.generation {
            return;
        }
        if answer.len() + key.len() > self.max_bytes {
            if generation == held.generation {
                held.flights.remove(&key);
            }
            return;
        }
        if generation > held.generation {
            held.move_to(generation);
        }
        held.flights.remove(&key);
        held.bytes += answer.len() + key.len();
        if let Some((old_key, old)) = held.answers.push(key, answer) {
            held.bytes -= old_key.len() + old.len();
        }
        while held.bytes > self.max_bytes {
            let Some((old_key, old)) = held.answers.pop_lru() else {
                break;
            };
            held.bytes -= old_key.len() + old.len();
        }
    }
}

impl Held {
    /// Forgets the answers and searches of the held generation.
    fn move_to(&mut self, generation: u64) {
        self.generation = generation;
        self.answers.clear();
        self.bytes = 0;
        self.flights.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_last_one_generation() {
        let cache = AnswerCache::new(1024);
        cache.put(3, "q=a".into(), Bytes::from_static(b"{\"total\":1}"));
        assert_eq!(cache.get(3, "q=a").as_deref(), Some(&b"{\"total\":1}"[..]));
        assert_eq!(cache.get(3, "q=b"), None);
        // Another generation never sees it, and a newer one empties it.
        assert_eq!(cache.get(4, "q=a"), None);
        cache.put(4, "q=b".into(), Bytes::from_static(b"2"));
        assert_eq!(cache.get(3, "q=a"), None);
        assert_eq!(cache.get(4, "q=b").as_deref(), Some(&b"2"[..]));
        // An answer of an older generation is not kept.
        cache.put(3, "q=c".into(), Bytes::from_static(b"3"));
        assert_eq!(cache.get(3, "q=c"), None);
        assert_eq!(cache.get(4, "q=c"), None);
    }

    #[test]
    fn one_search_per_question_and_generation() {
        let cache = AnswerCache::new(1024);
        let first = cache.flight(5, "q=a").unwrap();
        let second = cache.flight(5, "q=a").unwrap();
        assert!(Arc::ptr_eq(&first, &second));
        assert!(!Arc::ptr_eq(&first, &cache.flight(5, "q=b").unwrap()));
        // Kept: the next search of it is a new flight.
        cache.put(5, "q=a".into(), Bytes::from_static(b"1"));
        assert!(!Arc::ptr_eq(&first, &cache.flight(5, "q=a").unwrap()));
        // A newer generation ends every flight; an older one flies alone.
        let newer = cache.flight(6, "q=b").unwrap();
        assert!(!Arc::ptr_eq(&newer, &cache.flight(6, "q=a").unwrap()));
        assert!(cache.flight(5, "q=b").is_none());
        assert!(AnswerCache::new(0).flight(1, "q=a").is_none());
    }

    #[test]
    fn bytes_are_bounded_least_recently_used_first() {
        let cache = AnswerCache::new(10);
        cache.put(1, "a".into(), Bytes::from_static(b"1234"));
        cache.put(1, "b".into(), Bytes::from_static(b"1234"));
        assert!(cache.get(1, "a").is_some());
        // 15 bytes > 10: "b", the least recently used, goes.
        cache.put(1, "c".into(), Bytes::from_static(b"1234"));
        assert!(cache.get(1, "a").is_some());
        assert!(cache.get(1, "b").is_none());
        assert!(cache.get(1, "c").is_some());
        // Larger than the whole cache: never kept.
        cache.put(1, "d".into(), Bytes::from_static(b"12345678901"));
        assert!(cache.get(1, "d").is_none());
        let off = AnswerCache::new(0);
        off.put(1, "a".into(), Bytes::from_static(b"1"));
        assert!(off.get(1, "a").is_none());
    }
}
