//! The answers of `/api/search` kept for the searcher generation (the
//! committed segments and their deletes) they were computed on.
//!
//! A search page asks the same questions again and again (every reader of
//! a shared link, every tick and untick of a facet box), and a news index
//! changes only when `newsdex index` commits. So the JSON of an answer is
//! kept, keyed by the request, with the generation it was computed on
//! (each [`crate::generation::Generation`] holds its own cache): an answer
//! from the cache is byte for byte the answer a new search of that commit
//! gives. This is Elasticsearch's shard request cache, in one process.
//! At most [`crate::Options::answer_cache_bytes`] of answers are held
//! per generation (32 MiB unless set); the least recently used go first.
//! Before a new generation is served, its warmer fills its cache with the
//! answers to the questions most recently asked of the one it replaces
//! ([`AnswerCache::recent`]).

use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Bytes;
use lru::LruCache;
use rustc_hash::FxHashMap;
use tokio::sync::OnceCell;

/// One search of a request that every request asking the same meanwhile
/// waits for.
pub(crate) type Flight = Arc<OnceCell<Bytes>>;

/// Bytes of answers held unless set otherwise.
pub(crate) const DEFAULT_ANSWER_BYTES: usize = 32 * 1024 * 1024;

/// Who computed a kept answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// A request, after the generation was served.
    Searched,
    /// The warmer, before the generation was served.
    Warmed,
}

/// Answers of one searcher generation, by request.
#[derive(Debug)]
pub(crate) struct AnswerCache {
    inner: Mutex<Held>,
    max_bytes: usize,
}

#[derive(Debug)]
struct Held {
    answers: LruCache<String, (Bytes, Origin)>,
    bytes: usize,
    /// Searches under way, by request.
    flights: FxHashMap<String, Flight>,
}

impl AnswerCache {
    /// An empty cache holding at most `max_bytes` of answers (0: none).
    pub(crate) fn new(max_bytes: usize) -> Self {
        AnswerCache {
            inner: Mutex::new(Held {
                answers: LruCache::unbounded(),
                bytes: 0,
                flights: FxHashMap::default(),
            }),
            max_bytes,
        }
    }

    fn held(&self) -> std::sync::MutexGuard<'_, Held> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The answer to `key`, if one is held, and who computed it.
    pub(crate) fn get(&self, key: &str) -> Option<(Bytes, Origin)> {
        self.held().answers.get(key).cloned()
    }

    /// The search of `key` under way, begun now if none is: the requests
    /// that ask the same question at once search it once. `None` when no
    /// answer is kept (search alone).
    pub(crate) fn flight(&self, key: &str) -> Option<Flight> {
        if self.max_bytes == 0 {
            return None;
        }
        let mut held = self.held();
        Some(Arc::clone(
            held.flights
                .entry(key.to_string())
                .or_insert_with(|| Arc::new(OnceCell::new())),
        ))
    }

    /// Keeps `answer` to `key`, and ends its flight.
    pub(crate) fn put(&self, key: String, answer: Bytes, origin: Origin) {
        let mut held = self.held();
        held.flights.remove(&key);
        if answer.len() + key.len() > self.max_bytes {
            return;
        }
        held.bytes += answer.len() + key.len();
        if let Some((old_key, (old, _))) = held.answers.push(key, (answer, origin)) {
            held.bytes -= old_key.len() + old.len();
        }
        while held.bytes > self.max_bytes {
            let Some((old_key, (old, _))) = held.answers.pop_lru() else {
                break;
            };
            held.bytes -= old_key.len() + old.len();
        }
    }

    /// The keys of at most `n` kept answers, the most recently used first.
    pub(crate) fn recent(&self, n: usize) -> Vec<String> {
        self.held()
            .answers
            .iter()
            .take(n)
            .map(|(key, _)| key.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_kept_with_their_origin() {
        let cache = AnswerCache::new(1024);
        cache.put(
            "q=a".into(),
            Bytes::from_static(b"{\"total\":1}"),
            Origin::Warmed,
        );
        let (body, origin) = cache.get("q=a").unwrap();
        assert_eq!(&body[..], b"{\"total\":1}");
        assert_eq!(origin, Origin::Warmed);
        assert_eq!(cache.get("q=b"), None);
        cache.put("q=a".into(), Bytes::from_static(b"2"), Origin::Searched);
        assert_eq!(
            cache.get("q=a"),
            Some((Bytes::from_static(b"2"), Origin::Searched))
        );
    }

    #[test]
    fn one_search_per_question() {
        let cache = AnswerCache::new(1024);
        let first = cache.flight("q=a").unwrap();
        let second = cache.flight("q=a").unwrap();
        assert!(Arc::ptr_eq(&first, &second));
        assert!(!Arc::ptr_eq(&first, &cache.flight("q=b").unwrap()));
        // Kept: the next search of it is a new flight.
        cache.put("q=a".into(), Bytes::from_static(b"1"), Origin::Searched);
        assert!(!Arc::ptr_eq(&first, &cache.flight("q=a").unwrap()));
        assert!(AnswerCache::new(0).flight("q=a").is_none());
    }

    #[test]
    fn bytes_are_bounded_least_recently_used_first() {
        let cache = AnswerCache::new(10);
        let four = || Bytes::from_static(b"1234");
        cache.put("a".into(), four(), Origin::Searched);
        cache.put("b".into(), four(), Origin::Searched);
        assert!(cache.get("a").is_some());
        assert_eq!(cache.recent(5), ["a", "b"]);
        // 15 bytes > 10: "b", the least recently used, goes.
        cache.put("c".into(), four(), Origin::Searched);
        assert!(cache.get("a").is_some());
        assert!(cache.get("b").is_none());
        assert!(cache.get("c").is_some());
        assert_eq!(cache.recent(5), ["c", "a"]);
        assert_eq!(cache.recent(1), ["c"]);
        // Larger than the whole cache: never kept.
        cache.put(
            "d".into(),
            Bytes::from_static(b"12345678901"),
            Origin::Searched,
        );
        assert!(cache.get("d").is_none());
        let off = AnswerCache::new(0);
        off.put("a".into(), Bytes::from_static(b"1"), Origin::Searched);
        assert!(off.get("a").is_none());
        assert!(off.recent(5).is_empty());
    }
}
