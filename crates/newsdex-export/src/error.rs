//! Errors of exports and translations.

use std::ops::Range;
use std::path::PathBuf;

use crate::Engine;

/// What can go wrong exporting or translating.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// Writing an output file failed.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The output folder holds files already, and overwriting was not asked
    /// for.
    #[error(
        "{dir} is not empty: choose an empty or new folder, or overwrite the export there with --force"
    )]
    NotEmpty {
        /// The folder.
        dir: PathBuf,
    },
    /// The index name is one the engine refuses.
    #[error("`{name}` is not a valid {engine} index name: {rule}")]
    InvalidName {
        /// The name as given.
        name: String,
        /// The engine (`opensearch`, `quickwit`).
        engine: &'static str,
        /// The engine's rule it breaks.
        rule: &'static str,
    },
    /// The query or a filter is wrong: the error `newsdex search` gives
    /// for it (with the byte span at fault when it is about the query
    /// text).
    #[error(transparent)]
    Query(#[from] newsdex_query::QueryError),
    /// Reading the index failed (the articles to export, or the values a
    /// translation resolves).
    #[error("cannot read the index: {0}")]
    Index(#[from] newsdex_query::SearchError),
    /// The query uses a construct the engine cannot express exactly; it is
    /// refused rather than approximated.
    #[error(
        "{} cannot express {construct}{}: {why}",
        engine_name(*.engine),
        .span.as_ref().map(|s| format!(" (bytes {}..{} of the query)", s.start, s.end)).unwrap_or_default()
    )]
    Unsupported {
        /// The construct, as the user wrote it or named (`proximity w/3`,
        /// `fuzzy word Netanyahoo~2`).
        construct: String,
        /// The engine.
        engine: Engine,
        /// Byte range of the construct in the query text, when it is part
        /// of the text.
        span: Option<Range<usize>>,
        /// Why the engine cannot express it.
        why: String,
    },
}

impl ExportError {
    /// Whether the user can fix it (a bad query or filter, a construct the
    /// engine lacks, a bad name, an occupied folder, an unusable index), as
    /// opposed to a failure of the machine (a full disk): exit code 2 in
    /// the CLI.
    pub fn is_user_error(&self) -> bool {
        match self {
            ExportError::Query(_) | ExportError::Unsupported { .. } => true,
            ExportError::NotEmpty { .. } | ExportError::InvalidName { .. } => true,
            ExportError::Index(err) => err.is_user_error(),
            ExportError::Write { .. } => false,
        }
    }

    /// The message as the CLI prints it for `query`: a query error with its
    /// position and caret line (as `newsdex search` prints it), an
    /// unsupported construct on one line with its position (1-based, in
    /// characters).
    pub fn render(&self, query: &str) -> String {
        match self {
            ExportError::Query(err) => err.render(query),
            ExportError::Unsupported {
                construct,
                engine,
                span,
                why,
            } => {
                let at = span
                    .as_ref()
                    .and_then(|span| query.get(..span.start.min(query.len())))
                    .map(|before| format!(" at position {}", before.chars().count() + 1))
                    .unwrap_or_default();
                format!(
                    "{} cannot express {construct}{at}: {why}",
                    engine_name(*engine)
                )
            }
            other => other.to_string(),
        }
    }
}

/// The engine's name in messages.
fn engine_name(engine: Engine) -> &'static str {
    match engine {
        Engine::OpenSearch => "OpenSearch/Elasticsearch",
        Engine::Quickwit => "Quickwit",
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = ExportError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_culprit_and_the_remedy() {
        let err = ExportError::NotEmpty { dir: "out".into() };
        assert!(err.to_string().contains("out is not empty"));
        assert!(err.to_string().contains("--force"));
        assert!(err.is_user_error());
        let err = ExportError::InvalidName {
            name: "A b".into(),
            engine: "opensearch",
            rule: "lowercase only",
        };
        assert_eq!(
            err.to_string(),
            "`A b` is not a valid opensearch index name: lowercase only"
        );
        let err = ExportError::Write {
            path: "out/bulk-0001.ndjson".into(),
            source: std::io::Error::other("disk full"),
        };
        assert_eq!(
            err.to_string(),
            "cannot write out/bulk-0001.ndjson: disk full"
        );
        assert!(!err.is_user_error());
    }
}
