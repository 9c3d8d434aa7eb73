//! Errors of the read path: [`QueryError`] for a query the user can fix
//! (with the byte span it concerns), [`SearchError`] for everything else.

use std::ops::Range;

/// Result alias for newsdex-query.
pub type Result<T, E = SearchError> = std::result::Result<T, E>;

/// A problem with the user's query or filters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}")]
pub struct QueryError {
    /// What is wrong.
    pub kind: QueryErrorKind,
    /// Byte range of the query text concerned, when it is about the text.
    pub span: Option<Range<usize>>,
}

impl QueryError {
    /// An error about `span` of the query text.
    pub fn at(kind: QueryErrorKind, span: Range<usize>) -> Self {
        QueryError {
            kind,
            span: Some(span),
        }
    }

    /// An error not tied to the query text (e.g. a filter value).
    pub fn new(kind: QueryErrorKind) -> Self {
        QueryError { kind, span: None }
    }

    /// The message with the position, and a caret line under the query when
    /// `query` is given: what the CLI prints.
    pub fn render(&self, query: &str) -> String {
        match &self.span {
            Some(span) => {
                let start = span.start.min(query.len());
                let column = query
                    .get(..start)
                    .map_or(start, |prefix| prefix.chars().count());
                let width = query
                    .get(start..span.end.min(query.len()))
                    .map_or(1, |s| s.chars().count().max(1));
                format!(
                    "{} at position {}\n  {}\n  {}{}",
                    self.kind,
                    column + 1,
                    query,
                    " ".repeat(column),
                    "^".repeat(width)
                )
            }
            None => self.kind.to_string(),
        }
    }
}

/// Kinds of [`QueryError`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QueryErrorKind {
    /// Malformed syntax.
    #[error("syntax error: {0}")]
    Syntax(String),
    /// `field:` names no field.
    #[error("unknown field `{field}` (fields: {known})")]
    UnknownField {
        /// The field written.
        field: String,
        /// The fields that exist.
        known: String,
    },
    /// A facet value that is not in the index.
    #[error(
        "unknown {field} `{}`{}",
        crate::printable::printable_line(.value),
        did_you_mean(.suggestions)
    )]
    UnknownFacetValue {
        /// The facet.
        field: String,
        /// The value written.
        value: String,
        /// Close matches.
        suggestions: Vec<String>,
    },
    /// A date that does not parse.
    #[error("invalid date `{0}` (expected YYYY-MM-DD)")]
    InvalidDate(String),
    /// The query nests too deeply.
    #[error("query nests deeper than {0} levels")]
    TooDeep(usize),
    /// Nothing to search for.
    #[error("empty query (give search words, or filters such as --source)")]
    Empty,
    /// More fuzzy and prefix words than
    /// [`crate::expansion::MAX_EXPANDING_WORDS`].
    #[error("too many fuzzy or prefix words: at most {0} in one query")]
    TooManyExpandingWords(usize),
    /// A date range whose first day comes after its last.
    #[error("reversed date range: {from} is after {to}")]
    ReversedDateRange {
        /// The first day given.
        from: String,
        /// The last day given.
        to: String,
    },
}

fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        // Suggestions come from the index (outlet names): never let them
        // carry terminal escapes to stderr.
        let listed = suggestions.join(", ");
        format!(
            "; did you mean {}?",
            crate::printable::printable_line(&listed)
        )
    }
}

/// An error from a search.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SearchError {
    /// The query or a filter is wrong (a user error).
    #[error(transparent)]
    Query(#[from] QueryError),
    /// The index could not be used.
    #[error(transparent)]
    Core(#[from] newsdex_core::Error),
    /// Reading the index failed.
    #[error("I/O error while searching: {0}")]
    Io(#[from] std::io::Error),
    /// tantivy failed while searching.
    #[error("search failed: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

impl SearchError {
    /// Whether the user can fix it (exit code 2 in the CLI).
    pub fn is_user_error(&self) -> bool {
        match self {
            SearchError::Query(_) => true,
            SearchError::Core(e) => e.is_user_error(),
            SearchError::Tantivy(_) | SearchError::Io(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_points_at_the_span() {
        let err = QueryError::at(QueryErrorKind::Syntax("unclosed quote".into()), 4..11);
        let text = err.render("war \"unclos");
        assert!(
            text.starts_with("syntax error: unclosed quote at position 5"),
            "{text}"
        );
        assert!(text.ends_with("\n      ^^^^^^^"), "{text:?}");
    }

    #[test]
    fn messages() {
        let e = QueryErrorKind::UnknownFacetValue {
            field: "source".into(),
            value: "fx".into(),
            suggestions: vec!["ft".into()],
        };
        assert_eq!(e.to_string(), "unknown source `fx`; did you mean ft?");
        assert_eq!(
            QueryErrorKind::InvalidDate("2024-13-01".into()).to_string(),
            "invalid date `2024-13-01` (expected YYYY-MM-DD)"
        );
    }
}
