//! Errors of exports and translations.

use std::path::PathBuf;

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
    /// Reading the articles of an index failed.
    #[error("cannot read the index: {0}")]
    Index(#[from] newsdex_query::SearchError),
}

impl ExportError {
    /// Whether the user can fix it (bad name, occupied folder, unusable
    /// index), as opposed to a failure of the machine (a full disk).
    pub fn is_user_error(&self) -> bool {
        match self {
            ExportError::Write { .. } => false,
            ExportError::NotEmpty { .. } | ExportError::InvalidName { .. } => true,
            ExportError::Index(err) => err.is_user_error(),
        }
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
