//! Benchmark errors: whatever stops a benchmark run as a whole.

/// Result alias for newsdex-bench.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error that stops a benchmark.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// newsdex itself failed (index, input paths).
    #[error(transparent)]
    Core(#[from] newsdex_core::Error),
    /// A query failed.
    #[error(transparent)]
    Search(#[from] newsdex_query::SearchError),
    /// The raw-tantivy reference failed.
    #[error("raw tantivy: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The SQLite FTS5 reference failed.
    #[error("SQLite FTS5: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Filesystem error.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// Nothing to measure (no readable article in the input).
    #[error("no articles to benchmark in {0}")]
    EmptyCorpus(String),
    /// The chart could not be drawn.
    #[error("drawing the chart: {0}")]
    Chart(String),
    /// Invalid benchmark settings.
    #[error("{0}")]
    Usage(String),
    /// Two ways of running the same query disagreed (a bug, not input).
    #[error("inconsistent results: {0}")]
    Inconsistent(String),
}

impl Error {
    /// An [`Error::Io`] with context.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }

    /// Whether the user can fix it (bad paths or settings).
    pub fn is_user_error(&self) -> bool {
        match self {
            Error::Core(e) => e.is_user_error(),
            Error::Search(e) => e.is_user_error(),
            Error::EmptyCorpus(_) | Error::Usage(_) => true,
            _ => false,
        }
    }
}
