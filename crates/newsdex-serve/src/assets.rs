//! The search page: plain HTML, CSS and JavaScript compiled into the binary
//! (`include_str!`), served at fixed paths. No other path is served, so no
//! request can reach a file on disk.

use std::sync::Arc;

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

use crate::error::ApiError;
use crate::AppState;

/// (path, content type, body) of each embedded asset.
const ASSETS: &[(&str, &str, &str)] = &[
    (
        "/",
        "text/html; charset=utf-8",
        include_str!("../assets/index.html"),
    ),
    (
        "/api",
        "text/html; charset=utf-8",
        include_str!("../assets/api.html"),
    ),
    (
        "/app.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/app.js"),
    ),
    (
        "/style.css",
        "text/css; charset=utf-8",
        include_str!("../assets/style.css"),
    ),
];

/// One route per embedded asset, and a JSON 404 for every other path.
pub(crate) fn routes() -> Router<Arc<AppState>> {
    let mut router = Router::new();
    for &(path, content_type, body) in ASSETS {
        router = router.route(
            path,
            get(move || async move {
                (
                    [
                        (header::CONTENT_TYPE, content_type),
                        (header::CACHE_CONTROL, "no-cache"),
                    ],
                    body,
                )
                    .into_response()
            }),
        );
    }
    router.fallback(|| async { ApiError::not_found("no such page") })
}
