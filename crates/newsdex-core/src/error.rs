//! [`Error`], for operations that fail as a whole. One bad input inside a
//! batch is an [`IngestError`](crate::ingest::error::IngestError) (in
//! `ingest::error`, beside the readers that make it), which never stops the
//! batch; `Error` wraps one through `From`.

use std::path::PathBuf;

use crate::ingest::error::IngestError;

/// Result alias for newsdex-core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error that stops an operation.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An input path given by the user does not exist.
    #[error("input path does not exist: {0}")]
    MissingInput(PathBuf),
    /// The directory holds no newsdex index.
    #[error("no newsdex index in {path} (create one with `newsdex index --index {path} PATH...`)")]
    NoIndex {
        /// The directory.
        path: PathBuf,
    },
    /// Another process holds the index writer lock.
    #[error("index at {path} is locked by another process (another `newsdex index` is running; a lock left by a killed process is released automatically by the OS)")]
    IndexLocked {
        /// The index directory.
        path: PathBuf,
    },
    /// The index was written by an incompatible version of newsdex.
    #[error("index at {path} was written by an incompatible newsdex ({found}; this build needs {expected}): re-index: delete {path} and run `newsdex index --index {path} PATH...` again")]
    IncompatibleIndex {
        /// The index directory.
        path: PathBuf,
        /// What the index says it is.
        found: String,
        /// What this build writes.
        expected: String,
    },
    /// The index's files are damaged (a segment file fails its checksum, a
    /// file is missing, or tantivy panicked on what it read).
    #[error("index corrupted at {path}: re-index ({detail})")]
    IndexCorrupted {
        /// The index directory.
        path: PathBuf,
        /// Which file, or what was found.
        detail: String,
    },
    /// The index exists but this user may not read it. Nothing is said
    /// about its contents: they could not be looked at.
    #[error("cannot read index at {path}: permission denied")]
    PermissionDenied {
        /// The index directory.
        path: PathBuf,
    },
    /// Reading the index failed in a way its files do not explain: they
    /// pass their checksums, yet tantivy or newsdex panicked.
    #[error("internal error while reading the index at {path}: {message} (please report this)")]
    ReadPanic {
        /// The index directory.
        path: PathBuf,
        /// The panic message.
        message: String,
    },
    /// Writer settings outside what tantivy accepts.
    #[error("invalid writer settings: {0}")]
    InvalidWriterOptions(String),
    /// A data file shipped with newsdex or given by the user is malformed.
    #[error("invalid {what}: {message}")]
    InvalidData {
        /// Which file or table.
        what: String,
        /// What is wrong.
        message: String,
    },
    /// Filesystem error.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// Error from tantivy. Its message, reworded into one line without
    /// tantivy's debug output, is part of this one, so it is not also a
    /// `source` (which would print it twice in a cause chain).
    #[error("index error: {}", crate::tantivy_message::describe(.0))]
    Tantivy(tantivy::TantivyError),
    /// One input could not be ingested, where the caller treats that as a
    /// failure of the whole operation.
    #[error(transparent)]
    Ingest(#[from] IngestError),
}

impl From<tantivy::TantivyError> for Error {
    fn from(err: tantivy::TantivyError) -> Self {
        Error::Tantivy(err)
    }
}

impl Error {
    /// An [`Error::Io`] with context.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }

    /// Whether the error comes from the user's input or usage (exit code 2 in
    /// the CLI) rather than from the system. An index that must be rebuilt
    /// (incompatible or corrupted) or may not be read counts as input.
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            Error::MissingInput(_)
                | Error::NoIndex { .. }
                | Error::IndexLocked { .. }
                | Error::IncompatibleIndex { .. }
                | Error::IndexCorrupted { .. }
                | Error::PermissionDenied { .. }
                | Error::InvalidWriterOptions(_)
                | Error::InvalidData { .. }
        )
    }
}
