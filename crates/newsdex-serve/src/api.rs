//! The JSON API. Every answer is JSON; every error is `{"error": "…"}`
//! with its status (see [`crate::ApiError`]). `GET /api` (the page
//! `assets/api.html`) lists each endpoint with an example.
//!
//! | endpoint | answer |
//! |---|---|
//! | `GET /api/search?q=…&source=…&sort=…&limit=…&offset=…&from=…&to=…` | [`newsdex_query::SearchResults`] as serde writes it: `query`, `total`, `hits` (`rank`, `id`, `source`, `source_name`, `title`, `published`, `language`, `score`, `snippet` `{field, text, highlights: [{start, end}]}` with byte ranges), `facets`, `facet_values`, `expansions_truncated` |
//! | `GET /api/search?…&collapse=true` | one hit per near-duplicate group (as `newsdex search --collapse`): `groups` (how many the matches form), `counts` (`"articles"`: `total` and `facets` still count articles), each hit's `copies_total` and `copies` (`{id, source, source_name, published}`, earliest first); `limit` and `offset` count groups |
//! | `POST /api/search` with a JSON [`newsdex_query::SearchRequest`] | the same |
//! | `GET /api/timeline?q=…&source=…&from=…&to=…&interval=week&split=FIELD&normalize=true` | [`newsdex_query::Timeline`] as serde writes it, as `newsdex timeline --json` (`interval`: `day`, the default, `week`, `month` or `year`): `total`, `undated`, `buckets` (`start`, `label`, `count`, with `normalize` `indexed` and `share`, with `split` `series`), `series`, `gaps_filled`, … |
//! | `GET /api/articles/{id}` | the article as `newsdex extract --json` writes it, plus `vote_facets` (the `vote` values it is filed under); 404 when no article has the id |
//! | `GET /api/facets/{field}?…` | `{"field": [{value, label, count}]}` over the articles the parameters match (all articles without any), every value unless `facet_limit` says otherwise, as `newsdex facets FIELD --json` |
//! | `GET /api/stats` | as `newsdex stats --json` |
//! | `GET /api/health` | `{"status": "ok", "articles": N}` |
//!
//! A bad query is a 400 whose `error` is the CLI's message with its
//! position (`"syntax error: … at position 4"`), with `position` (1-based
//! characters) and `span` (bytes); a bad parameter a 400 naming it.
//!
//! Searches, facets and health are answered from the published commit
//! (see [`crate::COMMIT_POLL`]: a new commit is published once warmed).
//! An `/api/search` answer names it in the header `x-newsdex-generation`
//! (it never decreases from one answer to the next) and says how it was
//! made in `x-newsdex-answer`: `searched`, `kept` (an identical earlier
//! request's) or `warmed` (answered before the commit was published).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use newsdex_core::schema::Facet;
use newsdex_core::VoteEvent;
use newsdex_query::{render, timeline, SearchRequest, Timeline};

use crate::answers::Origin;
use crate::error::ApiError;
use crate::generation::answer;
use crate::params::{self, MAX_FACET_LIMIT};
use crate::AppState;

type Shared = State<Arc<AppState>>;
type Params = Result<Query<Vec<(String, String)>>, QueryRejection>;

/// The `/api/…` routes.
pub(crate) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/api/search", get(search_get).post(search_post))
        .route("/api/articles/{*id}", get(article))
        .route("/api/facets/{field}", get(facets))
        .route("/api/timeline", get(timeline_get))
        .route("/api/stats", get(stats))
        .route("/api/health", get(health))
        .route("/api/{*rest}", get(no_endpoint).post(no_endpoint))
}

async fn search_get(State(state): Shared, query: Params) -> Result<Response, ApiError> {
    let request = params::search_request(&pairs(query)?)?;
    run_search(state, request).await
}

async fn search_post(
    State(state): Shared,
    body: Result<Json<SearchRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(request) = body.map_err(|err| ApiError::new(err.status(), err.body_text()))?;
    params::check(&request)?;
    run_search(state, request).await
}

async fn article(
    State(state): Shared,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let lookup = id.clone();
    let Some(article) = blocking(move || state.index.article(&lookup)).await?? else {
        return Err(ApiError::not_found(format!(
            "no article with id `{id}` in the index"
        )));
    };
    let mut value: serde_json::Value = render::json::extracted(&article)
        .ok()
        .and_then(|line| serde_json::from_str(&line).ok())
        .unwrap_or_default();
    if let Some(object) = value.as_object_mut() {
        object.insert(
            "vote_facets".into(),
            VoteEvent::facet_paths_of(&article.metadata.votes).into(),
        );
    }
    Ok(Json(value))
}

async fn facets(
    State(state): Shared,
    Path(field): Path<String>,
    query: Params,
) -> Result<Json<serde_json::Value>, ApiError> {
    let field: Facet = field
        .parse()
        .map_err(|err: newsdex_core::schema::UnknownFacet| ApiError::not_found(err.to_string()))?;
    let mut pairs = pairs(query)?;
    let mut facet_limit = 0;
    pairs.retain(|(name, value)| {
        if name == "facet_limit" {
            facet_limit = value.parse().unwrap_or(usize::MAX);
            false
        } else {
            true
        }
    });
    if facet_limit > MAX_FACET_LIMIT {
        return Err(ApiError::bad_request(format!(
            "facet_limit: expected a number from 0 to {MAX_FACET_LIMIT}"
        )));
    }
    let mut request = params::search_request(&pairs)?
        .limit(0)
        .facets(true)
        .facet_limit(facet_limit);
    if request.query.trim().is_empty() {
        request.query = "*".into();
    }
    let generation = state.generations.current(&state.index)?;
    let results = blocking(move || {
        state
            .cache
            .search_on(&state.index, &generation.searcher, &request)
            .map_err(|err| ApiError::search(err, &request.query))
    })
    .await??;
    let counts = results
        .facets
        .get(field.as_str())
        .cloned()
        .unwrap_or_default();
    let mut map = serde_json::Map::new();
    map.insert(
        field.as_str().to_string(),
        serde_json::to_value(counts).unwrap_or_default(),
    );
    Ok(Json(map.into()))
}

async fn timeline_get(State(state): Shared, query: Params) -> Result<Json<Timeline>, ApiError> {
    let request = params::timeline_request(&pairs(query)?)?;
    let counts = blocking(move || {
        timeline(&state.index, &request).map_err(|err| ApiError::search(err, &request.query))
    })
    .await??;
    Ok(Json(counts))
}

async fn stats(State(state): Shared) -> Result<Response, ApiError> {
    let body = blocking(move || -> Result<String, ApiError> {
        let stats = state.index.stats()?;
        let request = SearchRequest::new("*").limit(0).facet_limit(0);
        let results = state
            .cache
            .search(&state.index, &request)
            .map_err(|err| ApiError::search(err, "*"))?;
        let sources = results.facets.get("source").cloned().unwrap_or_default();
        render::json::stats(&stats, &sources)
            .map_err(|err| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, err.to_string()))
    })
    .await??;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

async fn health(State(state): Shared) -> Result<Json<serde_json::Value>, ApiError> {
    let articles = state.generations.current(&state.index)?.searcher.num_docs();
    Ok(Json(
        serde_json::json!({"status": "ok", "articles": articles}),
    ))
}

async fn no_endpoint() -> ApiError {
    ApiError::not_found("no such endpoint (GET /api lists them)")
}

fn pairs(query: Params) -> Result<Vec<(String, String)>, ApiError> {
    query
        .map(|Query(pairs)| pairs)
        .map_err(|err| ApiError::bad_request(err.body_text()))
}

/// The JSON of [`newsdex_query::SearchResults`] for `request` on the published commit
/// (see [`crate::generation`]): kept from an earlier identical request or
/// the warmer, or searched on the blocking pool (one searcher, so one
/// commit) and kept.
async fn run_search(state: Arc<AppState>, request: SearchRequest) -> Result<Response, ApiError> {
    let key = serde_json::to_string(&request).map_err(|_| unexpected())?;
    let generation = state.generations.current(&state.index)?;
    let json = |body: Bytes, how: &'static str| {
        (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                ),
                (GENERATION.clone(), HeaderValue::from(generation.id)),
                (ANSWER.clone(), HeaderValue::from_static(how)),
            ],
            body,
        )
            .into_response()
    };
    // A kept answer is sent from here: no search, no blocking thread.
    if let Some((body, origin)) = generation.answers.get(&key) {
        let how = match origin {
            Origin::Warmed => "warmed",
            Origin::Searched => "kept",
        };
        return Ok(json(body, how));
    }
    let search = {
        let (state, generation, key) = (Arc::clone(&state), Arc::clone(&generation), key.clone());
        move || async move {
            blocking(move || {
                let body = answer(&state.index, &state.cache, &generation, &request)?;
                generation.answers.put(key, body.clone(), Origin::Searched);
                Ok::<Bytes, ApiError>(body)
            })
            .await?
        }
    };
    // Requests asking the same question meanwhile wait for this search
    // rather than each searching.
    let body = match generation.answers.flight(&key) {
        Some(flight) => flight.get_or_try_init(search).await?.clone(),
        None => search().await?,
    };
    Ok(json(body, "searched"))
}

/// The header naming the commit an `/api/search` answer came from.
static GENERATION: HeaderName = HeaderName::from_static("x-newsdex-generation");

/// The header saying how an `/api/search` answer was made.
static ANSWER: HeaderName = HeaderName::from_static("x-newsdex-answer");

pub(crate) fn unexpected() -> ApiError {
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "the search failed unexpectedly",
    )
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work).await.map_err(|_| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the search failed unexpectedly",
        )
    })
}
