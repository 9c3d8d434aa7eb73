//! Ingestion: turns input paths into [`RawArticle`]s, one bad input at a time
//! never stopping the batch.
//!
//! Formats, chosen by file extension:
//! - `.jsonl` / `.ndjson`: JSON Lines, one article per line ([`jsonl`]).
//! - `.sgm` / `.sgml`: Reuters-21578 SGML.
//! - anything else named explicitly, and `.txt` / `.text` found in a
//!   directory walk: one plain-text article per file ([`text`]), with
//!   per-article metadata from an `articles.toml` beside it ([`sidecar`]).

pub(crate) mod error;
pub mod jsonl;
mod raw;
pub mod reuters;
pub mod sidecar;
pub mod text;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use error::{IngestError, IngestErrorKind, Origin};
pub use raw::{Layout, RawArticle};
pub use sidecar::{Sidecar, SidecarEntry, SIDECAR_FILE_NAME};

use crate::error::{Error, Result};

/// Default size limit for one input file (32 MiB).
pub const DEFAULT_MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// How inputs are read.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct IngestOptions {
    /// Files larger than this are skipped with a message.
    pub max_file_bytes: u64,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
        }
    }
}

/// The input format of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One plain-text article.
    Text,
    /// JSON Lines.
    JsonLines,
    /// Reuters-21578 SGML.
    ReutersSgml,
}

impl Format {
    /// The format of `path` by its extension; `None` for files a directory
    /// walk does not take (they are only read when named explicitly).
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "sgm" | "sgml" => Some(Format::ReutersSgml),
            "txt" | "text" => Some(Format::Text),
            _ => None,
        }
    }
}

/// Checks that every input path exists (a missing path is a usage error that
/// stops the run before anything is written).
pub fn check_inputs(paths: &[PathBuf]) -> Result<()> {
    for path in paths {
        if std::fs::symlink_metadata(path).is_err() {
            return Err(Error::MissingInput(path.clone()));
        }
    }
    Ok(())
}

/// Lists the files to read under `paths`, in a stable order. Walk errors
/// (unreadable directories, symlink loops) come back as items.
pub fn list_files(paths: &[PathBuf]) -> Vec<Result<(PathBuf, Format), IngestError>> {
    let mut out = Vec::new();
    for root in paths {
        if root.is_file() {
            out.push(Ok((root.clone(), Format::of(root).unwrap_or(Format::Text))));
            continue;
        }
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_file() => {
                    if let Some(format) = Format::of(entry.path()) {
                        out.push(Ok((entry.into_path(), format)));
                    }
                }
                Ok(_) => {}
                Err(err) => {
                    let path = err.path().unwrap_or(root).to_path_buf();
                    let why = if err.loop_ancestor().is_some() {
                        "symlink loop".to_string()
                    } else {
                        err.io_error()
                            .map_or_else(|| err.to_string(), ToString::to_string)
                    };
                    out.push(Err(IngestError::new(
                        Origin { path, line: None },
                        IngestErrorKind::Unreadable(why),
                    )));
                }
            }
        }
    }
    out
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

/// Reads articles from input paths, lazily, file by file.
///
/// ```no_run
/// use newsdex_core::ingest::{read_inputs, IngestOptions};
/// for item in read_inputs(&["data".into()], &IngestOptions::default()) {
///     match item {
///         Ok(raw) => println!("{}", raw.id),
///         Err(err) => eprintln!("skipped {err}"),
///     }
/// }
/// ```
pub fn read_inputs(
    paths: &[PathBuf],
    options: &IngestOptions,
) -> impl Iterator<Item = Result<RawArticle, IngestError>> {
    let options = options.clone();
    let mut sidecars = SidecarCache::default();
    list_files(paths)
        .into_iter()
        .flat_map(move |file| match file {
            Ok((path, format)) => read_file(&path, format, &options, &mut sidecars),
            Err(err) => vec![Err(err)],
        })
}

/// Reads one file of a known format.
pub fn read_file(
    path: &Path,
    format: Format,
    options: &IngestOptions,
    sidecars: &mut SidecarCache,
) -> Vec<Result<RawArticle, IngestError>> {
    let origin = Origin {
        path: path.to_path_buf(),
        line: None,
    };
    let fail = |kind| vec![Err(IngestError::new(origin.clone(), kind))];
    match std::fs::metadata(path) {
        Ok(meta) if meta.len() > options.max_file_bytes => {
            return fail(IngestErrorKind::TooLarge {
                size: meta.len(),
                limit: options.max_file_bytes,
            })
        }
        Ok(_) => {}
        Err(err) => return fail(IngestErrorKind::Unreadable(err.to_string())),
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => return fail(IngestErrorKind::Unreadable(err.to_string())),
    };
    match format {
        Format::JsonLines => jsonl::parse(&bytes, path),
        Format::ReutersSgml => reuters::parse_sgml(&bytes, path),
        Format::Text => {
            let mut results = Vec::with_capacity(1);
            match sidecars.for_file(path) {
                Ok(sidecar) => results.push(text::parse(&bytes, path, sidecar)),
                Err(err) => {
                    // A broken sidecar does not lose the article: index it
                    // without metadata and say why.
                    let mut item = text::parse(&bytes, path, None);
                    if let Ok(raw) = &mut item {
                        raw.warnings.push(err);
                    }
                    results.push(item);
                }
            }
            results
        }
    }
}

/// Loads each directory's `articles.toml` once.
#[derive(Debug, Default)]
pub struct SidecarCache {
    by_dir: HashMap<PathBuf, std::result::Result<Option<Sidecar>, String>>,
}

impl SidecarCache {
    /// The sidecar that applies to `file`, if its directory has one; an
    /// error message when that sidecar is malformed.
    pub fn for_file(&mut self, file: &Path) -> std::result::Result<Option<&Sidecar>, String> {
        let dir = file.parent().unwrap_or(Path::new(".")).to_path_buf();
        let entry = self
            .by_dir
            .entry(dir.clone())
            .or_insert_with(|| Sidecar::load_from_dir(&dir));
        match entry {
            Ok(sidecar) => Ok(sidecar.as_ref()),
            Err(err) => Err(err.clone()),
        }
    }
}
