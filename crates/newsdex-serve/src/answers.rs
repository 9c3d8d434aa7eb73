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

use std::sync::{Mutex, PoisonError};

use axum::body::Bytes;
use lru::LruCache;

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
}

impl AnswerCache {
    /// An empty cache holding at most `max_bytes` of answers (0: none).
    pub(crate) fn new(max_bytes: usize) -> Self {
        AnswerCache {
            inner: Mutex::new(Held {
                generation: 0,
                answers: LruCache::unbounded(),
                bytes: 0,
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

    /// Keeps `answer` to `key`, computed on `generation` or later. A newer
    /// generation than the held one replaces it; an answer of an older one
    /// is not kept.
    pub(crate) fn put(&self, generation: u64, key: String, answer: Bytes) {
        if answer.len() + key.len() > self.max_bytes {
            return;
        }
        let mut held = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if generation < held.generation {
            return;
        }
        if generation > held.generation {
            held.generation = generation;
            held.answers.clear();
            held.bytes = 0;
        }
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
