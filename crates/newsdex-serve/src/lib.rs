//! # newsdex-serve
//!
//! newsdex over HTTP (`newsdex serve`): a JSON API that mirrors the library
//! and a faceted search page, both read-only.
//!
//! ```text
//! HTTP request ──router──▶ params (bounded) ──▶ SearchRequest ──SearchCache::search──▶ SearchResults ──▶ JSON
//!                    │                     └──▶ TimelineRequest ──timeline──▶ Timeline ──▶ JSON
//!                    └──▶ embedded page (index.html, app.js, style.css, api.html)
//! ```
//!
//! - [`router`] builds the axum [`Router`] over one open
//!   [`newsdex_core::NewsIndex`]: the API under `/api/` (see [`api`] for the
//!   endpoints) and the page's assets, compiled into the binary
//!   (`include_str!`); no other path is served.
//! - Searches run on tokio's blocking pool through one
//!   [`newsdex_query::SearchCache`], on the searcher of the published
//!   commit, so a response is consistent with one commit. A commit made
//!   meanwhile by another process (`newsdex index`) is seen without a
//!   restart: a warmer thread opens it, answers on it the questions most
//!   recently asked, and only then publishes it (see [`COMMIT_POLL`] and
//!   [`WARM_BUDGET`] for how soon); answers never go back to an older
//!   commit. `/api/search` answers say which commit they came from in the
//!   header `x-newsdex-generation` (a number that grows with each commit
//!   served) and how in `x-newsdex-answer` (`searched`, `kept` from an
//!   earlier identical request, or `warmed` before the commit was served).
//! - Every request is bounded: [`MAX_QUERY_BYTES`] of query text,
//!   [`MAX_LIMIT`] hits a page, [`MAX_OFFSET`], [`MAX_BODY_BYTES`] of body,
//!   [`REQUEST_TIMEOUT`]; responses are gzip-compressed when asked for.
//! - [`serve`] runs the router on a bound listener until Ctrl-C.
//!
//! ```no_run
//! let index = newsdex_core::NewsIndex::open(std::path::Path::new(".newsdex/index"))?;
//! let runtime = tokio::runtime::Runtime::new()?;
//! runtime.block_on(async {
//!     let listener = tokio::net::TcpListener::bind("127.0.0.1:7700").await?;
//!     newsdex_serve::serve(listener, index).await
//! })?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod answers;
pub mod api;
mod assets;
mod error;
mod generation;
mod params;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderValue};
use axum::Router;
use newsdex_core::NewsIndex;
use newsdex_query::SearchCache;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

pub use error::ApiError;
pub use generation::{COMMIT_POLL, WARM_BUDGET};
pub use params::{
    MAX_FACET_LIMIT, MAX_FILTER_VALUES, MAX_LIMIT, MAX_OFFSET, MAX_QUERY_BYTES, MAX_SNIPPET_CHARS,
};

/// Largest request body accepted (`POST /api/search`), in bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Longest a request may take before it is answered 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The address `newsdex serve` binds by default: localhost only.
pub const DEFAULT_ADDR: &str = "127.0.0.1:7700";

/// What every handler shares: the index, its search cache and the
/// published commit with its answers.
#[derive(Debug)]
pub(crate) struct AppState {
    index: NewsIndex,
    cache: SearchCache,
    generations: generation::Generations,
}

impl AppState {
    /// State over an open index.
    pub(crate) fn new(index: NewsIndex, options: &Options) -> Self {
        let generations =
            generation::Generations::new(&index, options.answer_cache_bytes, options.warm_answers);
        AppState {
            index,
            cache: SearchCache::default(),
            generations,
        }
    }
}

/// How the server runs.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Options {
    /// Most bytes of `/api/search` answers kept for the served commit
    /// (an identical search is answered from them until the next commit is
    /// served); 0 keeps none. Default: 32 MiB.
    pub answer_cache_bytes: usize,
    /// Most of the questions last asked of a commit that are answered again
    /// on a new commit before it is served (see [`WARM_BUDGET`]). Default: 64.
    pub warm_answers: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            answer_cache_bytes: answers::DEFAULT_ANSWER_BYTES,
            warm_answers: 64,
        }
    }
}

/// The whole service over `index`: the API, the page, and the layers that
/// bound and compress every exchange.
pub fn router(index: NewsIndex) -> Router {
    router_with(index, &Options::default())
}

/// [`router`] with `options`.
pub fn router_with(index: NewsIndex, options: &Options) -> Router {
    let state = Arc::new(AppState::new(index, options));
    generation::spawn_warmer(Arc::downgrade(&state));
    Router::new()
        .merge(api::routes())
        .merge(assets::routes())
        .with_state(state)
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(CompressionLayer::new())
        // The page's scripts and styles come only from this server.
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; object-src 'none'; \
                 base-uri 'none'; frame-ancestors 'none'",
            ),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
}

/// Serves `index` on `listener` until Ctrl-C (or SIGTERM) arrives.
pub async fn serve(listener: tokio::net::TcpListener, index: NewsIndex) -> std::io::Result<()> {
    serve_with(listener, index, Options::default()).await
}

/// [`serve`] with `options`.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    index: NewsIndex,
    options: Options,
) -> std::io::Result<()> {
    axum::serve(listener, router_with(index, &options))
        .with_graceful_shutdown(shutdown())
        .await
}

/// Whether serving on `addr` reaches only this machine (so that no
/// warning about the missing authentication is needed).
pub fn is_local(addr: &SocketAddr) -> bool {
    addr.ip().is_loopback()
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
