//! The API's one error shape: a status code and `{"error": message}`, with
//! the query position (`"position"`, 1-based characters, and `"span"`, the
//! byte range) when the error is about the query text, as the CLI prints it.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use newsdex_query::{QueryError, SearchError};
use serde::Serialize;

/// An error answered as JSON: `{"error": "…"}` with its status code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiError {
    /// The HTTP status.
    #[serde(skip)]
    pub status: StatusCode,
    /// One line saying what is wrong (for a query: what `newsdex search`
    /// prints on its first error line, after `newsdex: error: `).
    pub error: String,
    /// 1-based character position in the query, when about its text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<usize>,
    /// Byte range of the query concerned, when about its text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<[usize; 2]>,
}

impl ApiError {
    /// A 400 Bad Request with `message`.
    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    /// A 404 Not Found with `message`.
    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }

    /// An error with any status.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            error: message.into(),
            position: None,
            span: None,
        }
    }

    /// A query error on `query`: the CLI's message and position.
    pub fn query(err: &QueryError, query: &str) -> Self {
        // `render` adds the query and a caret on further lines; the first
        // line is the message with its position.
        let rendered = err.render(query);
        let message = rendered.lines().next().unwrap_or_default().to_string();
        let (position, span) = match &err.span {
            Some(span) => {
                let start = span.start.min(query.len());
                let column = query
                    .get(..start)
                    .map_or(start, |prefix| prefix.chars().count());
                (Some(column + 1), Some([span.start, span.end]))
            }
            None => (None, None),
        };
        ApiError {
            status: StatusCode::BAD_REQUEST,
            error: message,
            position,
            span,
        }
    }

    /// A search error: 400 when the caller can fix it, 500 otherwise.
    pub fn search(err: SearchError, query: &str) -> Self {
        match err {
            SearchError::Query(err) => ApiError::query(&err, query),
            other if other.is_user_error() => ApiError::bad_request(other.to_string()),
            other => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, other.to_string()),
        }
    }
}

impl From<newsdex_core::Error> for ApiError {
    fn from(err: newsdex_core::Error) -> Self {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, err.to_string())
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.status.as_u16(), self.error)
    }
}

impl std::error::Error for ApiError {}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(&self)).into_response()
    }
}
