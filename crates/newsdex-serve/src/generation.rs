//! The commit the server answers from, and the warming of the next one.
//!
//! Searches are answered from one published [`Generation`]: a tantivy
//! searcher (a snapshot of the committed segments and their deletes) and
//! the answers computed on it. A warmer thread (never an async thread)
//! checks the index for a new commit every [`COMMIT_POLL`] (a stat of
//! `meta.json`). When one has landed, it opens the new segments, builds
//! their facet tables, and answers again on the new snapshot the questions
//! most recently asked of the current one (at most
//! [`crate::Options::warm_answers`], for at most [`WARM_BUDGET`]), while
//! requests are still answered from the current generation. Only then is
//! the new generation published, in one atomic swap: the first requests
//! after a commit find their answers kept rather than all searching at
//! once. This is what Solr does with `autowarmCount` and
//! `useColdSearcher=false`, and Elasticsearch with its warmers.
//!
//! - Every answer is computed on one snapshot, so it is consistent with one
//!   commit; its `fingerprint.opstamp` is that commit's.
//! - Generations are published in the order of their commits: once a
//!   request was answered from one, no later request is answered from an
//!   older one.
//! - A commit is served once it is warmed: after at most [`COMMIT_POLL`],
//!   the opening of its segments and the warming (typically milliseconds
//!   to tens of milliseconds; never more than [`WARM_BUDGET`] of searches).
//!   Commits that land during a warming are taken together by the next.

use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::{Duration, Instant};

use arc_swap::ArcSwapOption;
use axum::body::Bytes;
use newsdex_core::NewsIndex;
use newsdex_query::{SearchCache, SearchRequest, SearchResults};
use tantivy::Searcher;

use crate::answers::{AnswerCache, Origin};
use crate::error::ApiError;

/// How often the warmer checks the index for a new commit.
pub const COMMIT_POLL: Duration = Duration::from_millis(20);

/// Longest the warmer spends answering earlier questions on a new commit
/// before it publishes it (the rest are searched when asked).
pub const WARM_BUDGET: Duration = Duration::from_secs(1);

/// One commit as served: its searcher and the answers computed on it.
#[derive(Debug)]
pub(crate) struct Generation {
    /// The snapshot every answer of this generation is computed on.
    pub(crate) searcher: Searcher,
    /// tantivy's generation id: grows with every reload of the reader.
    pub(crate) id: u64,
    /// The opstamp of the commit `searcher` holds, when it could be read.
    opstamp: Option<u64>,
    /// Answers computed on `searcher`.
    pub(crate) answers: AnswerCache,
}

impl Generation {
    fn new(index: &NewsIndex, searcher: Searcher, answer_bytes: usize) -> Self {
        Generation {
            id: searcher.generation().generation_id(),
            opstamp: index.commit_opstamp(&searcher).ok().flatten(),
            searcher,
            answers: AnswerCache::new(answer_bytes),
        }
    }
}

/// The published generation and how the next is made.
#[derive(Debug)]
pub(crate) struct Generations {
    current: ArcSwapOption<Generation>,
    /// Held while publishing, so that ids only grow.
    publishing: Mutex<()>,
    answer_bytes: usize,
    warm_answers: usize,
}

impl Generations {
    /// The generation of `index`'s last commit, unwarmed (a server starts
    /// cold), or none when its searcher cannot be opened yet.
    pub(crate) fn new(index: &NewsIndex, answer_bytes: usize, warm_answers: usize) -> Self {
        let generations = Generations {
            current: ArcSwapOption::empty(),
            publishing: Mutex::new(()),
            answer_bytes,
            warm_answers,
        };
        if let Ok(searcher) = index.searcher() {
            generations.publish(Generation::new(index, searcher, answer_bytes));
        }
        generations
    }

    /// The published generation (opened now if none could be yet).
    pub(crate) fn current(&self, index: &NewsIndex) -> Result<Arc<Generation>, ApiError> {
        if let Some(current) = self.current.load_full() {
            return Ok(current);
        }
        let searcher = index.searcher()?;
        self.publish(Generation::new(index, searcher, self.answer_bytes));
        self.current.load_full().ok_or_else(crate::api::unexpected)
    }

    /// Makes `next` the generation answers come from, unless a newer one is.
    fn publish(&self, next: Generation) {
        let _publishing = self
            .publishing
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if self
            .current
            .load()
            .as_ref()
            .is_some_and(|c| c.id >= next.id)
        {
            return;
        }
        self.current.store(Some(Arc::new(next)));
    }

    /// Publishes the index's last commit, warmed, if it is newer than the
    /// published one. Errors leave the published generation in place (the
    /// next check tries again).
    pub(crate) fn refresh(&self, index: &NewsIndex, cache: &SearchCache) {
        let current = self.current.load_full();
        let mut next = None;
        // A commit landing between the reload and the read of its opstamp
        // is taken on the next try.
        for _ in 0..3 {
            let Ok(searcher) = index.searcher() else {
                return;
            };
            if current
                .as_ref()
                .is_some_and(|c| c.id >= searcher.generation().generation_id())
            {
                return;
            }
            let generation = Generation::new(index, searcher, self.answer_bytes);
            let read = generation.opstamp.is_some();
            next = Some(generation);
            if read {
                break;
            }
        }
        let Some(next) = next else {
            return;
        };
        let started = Instant::now();
        // Every faceted search builds the facet tables of the segments it
        // visits (all of them): built here, even when no answer is kept.
        let tables = SearchRequest::new("*").limit(0).facet_limit(0);
        let _ = answer(index, cache, &next, &tables);
        let recent = current.map_or_else(Vec::new, |c| c.answers.recent(self.warm_answers));
        for key in recent {
            if started.elapsed() > WARM_BUDGET {
                break;
            }
            let Ok(request) = serde_json::from_str::<SearchRequest>(&key) else {
                continue;
            };
            if let Ok(body) = answer(index, cache, &next, &request) {
                next.answers.put(key, body, Origin::Warmed);
            }
        }
        self.publish(next);
    }
}

/// Starts the thread that publishes each new commit once warmed; it ends
/// when the server's state is dropped.
pub(crate) fn spawn_warmer(state: Weak<crate::AppState>) {
    let warm = move || loop {
        std::thread::sleep(COMMIT_POLL);
        let Some(state) = state.upgrade() else {
            return;
        };
        // A panic is a bug, not a reason to stop seeing commits.
        let _ = std::panic::catch_unwind(AssertUnwindSafe(|| {
            state.generations.refresh(&state.index, &state.cache)
        }));
    };
    // Without the thread (none can be started), the server keeps answering
    // from the commit it opened.
    let _ = std::thread::Builder::new()
        .name("newsdex-warmer".into())
        .spawn(warm);
}

/// The JSON of the answer to `request` on `generation`'s snapshot.
pub(crate) fn answer(
    index: &NewsIndex,
    cache: &SearchCache,
    generation: &Generation,
    request: &SearchRequest,
) -> Result<Bytes, ApiError> {
    let mut results: SearchResults = cache
        .search_on(index, &generation.searcher, request)
        .map_err(|err| ApiError::search(err, &request.query))?;
    if let Some(opstamp) = generation.opstamp {
        results.fingerprint.opstamp = opstamp;
    }
    Ok(Bytes::from(
        serde_json::to_vec(&results).map_err(|_| crate::api::unexpected())?,
    ))
}
