//! Errors of one input inside a batch: [`IngestError`] says where
//! ([`Origin`]) and why ([`IngestErrorKind`]). Reported, counted and
//! skipped; they never stop the batch. Every reader and the cleaner make
//! them; [`crate::Error`] wraps one when a caller wants a single input's
//! failure as a whole-operation error.

use std::fmt;
use std::path::PathBuf;

/// Where an article came from: a file, and a line for line-based formats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The input file.
    pub path: PathBuf,
    /// 1-based line number for JSON Lines and CSV (where the row starts);
    /// record number for SGML and WARC; item number for feeds.
    pub line: Option<usize>,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.path.display(), line),
            None => write!(f, "{}", self.path.display()),
        }
    }
}

/// One input that could not be (fully) ingested. Reported, counted, and
/// skipped; the rest of the batch goes on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}: {kind}")]
pub struct IngestError {
    /// Where.
    pub origin: Origin,
    /// What.
    pub kind: IngestErrorKind,
}

impl IngestError {
    /// An error at `origin`.
    pub fn new(origin: Origin, kind: IngestErrorKind) -> Self {
        IngestError { origin, kind }
    }
}

/// Why an input was skipped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IngestErrorKind {
    /// The file has no text.
    #[error("empty file")]
    Empty,
    /// The file looks binary (NUL bytes or mostly control bytes).
    #[error("binary file (not text)")]
    Binary,
    /// The file exceeds the size limit.
    #[error("file too large ({size} bytes; limit {limit} bytes)")]
    TooLarge {
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// One record of a streamed file (a JSON line, a Reuters record)
    /// exceeds the size limit; the other records are read.
    #[error("record too large ({size} bytes; limit {limit} bytes)")]
    RecordTooLarge {
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The path could not be read.
    #[error("unreadable: {0}")]
    Unreadable(String),
    /// A malformed record (bad JSON line, bad SGML).
    #[error("malformed record: {0}")]
    Malformed(String),
    /// A record lacks a field newsdex needs.
    #[error("missing field `{0}`")]
    MissingField(&'static str),
    /// The record has no article text after cleaning.
    #[error("no article text")]
    NoText,
    /// The file is in an encoding newsdex does not read.
    #[error("unsupported encoding: {0}")]
    Encoding(String),
    /// The file holds none of the records its format is made of.
    #[error("no {0} records found")]
    NoRecords(&'static str),
    /// An entry of a metadata file (`articles.toml`) could not be used; the
    /// articles it describes are still read.
    #[error("bad metadata: {0}")]
    Metadata(String),
    /// An input newsdex recognises but does not read (yet).
    #[error("not supported: {0}")]
    Unsupported(String),
    /// A gzipped file whose stream is truncated or corrupt.
    #[error("bad gzip stream: {0}")]
    Gzip(String),
}
