//! Ingestion: turns input paths into [`RawArticle`]s, one bad input at a time
//! never stopping the batch.
//!
//! Formats, chosen by file extension:
//! - `.jsonl` / `.ndjson`: JSON Lines, one article per line.
//! - `.sgm` / `.sgml`: Reuters-21578 SGML.
//! - `.csv` / `.tsv`: one article per row, the header naming the fields
//!   (`csv`).
//! - `.rss` / `.atom`, and `.xml` whose root element is a feed's: one
//!   article per item (`feed`; a directory walk skips other `.xml` files).
//! - `.warc` / `.warc.gz`: a crawl, one article per HTTP 200 HTML response
//!   (`warc`, each page read by `html`), streamed record by record.
//! - `.html` / `.htm`, and each with `.gz`: one web page, one article
//!   (`html`).
//! - anything else named explicitly, and `.txt` / `.text` found in a
//!   directory walk: one plain-text article per file (`text`), with
//!   per-article metadata from an `articles.toml` beside it (`sidecar`).
//!
//! Ids of plain-text articles come from their path: a file named on its own
//! is its stem; a file found in a walked folder is its path below that
//! folder without the extension (`ft/2024-03-25` for `ROOT/ft/2024-03-25.txt`,
//! and just the stem for a file directly in it). JSON Lines and SGML carry
//! their own ids. The pipeline notices an id read twice in one run.

pub(crate) mod csv;
pub(crate) mod error;
pub(crate) mod feed;
pub(crate) mod html;
pub(crate) mod jsonl;
pub mod markup;
mod raw;
pub(crate) mod reuters;
pub(crate) mod sidecar;
pub(crate) mod stream;
pub(crate) mod text;
// Read into pages; the HTML page reader turns them into articles.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) mod warc;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use self::csv::{CsvField, CsvMap};
pub use error::{IngestError, IngestErrorKind, Origin};
pub use raw::{Layout, RawArticle};
pub use sidecar::{Sidecar, SidecarEntry, SidecarProblem, SIDECAR_FILE_NAME};

use crate::article::ArticleId;
use crate::error::{Error, Result};

/// Default size limit for one input file (32 MiB).
pub const DEFAULT_MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// How inputs are read.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct IngestOptions {
    /// Plain-text files larger than this are skipped with a message; JSON
    /// Lines and SGML files of any size are streamed, and each of their
    /// records larger than this is skipped (read record by record).
    pub max_file_bytes: u64,
    /// Columns named for fields of CSV and TSV files (`--csv-map`), over
    /// the header names recognised ([`CsvField::columns`]).
    pub csv_map: CsvMap,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            csv_map: CsvMap::default(),
        }
    }
}

impl IngestOptions {
    /// These options with `map` naming CSV columns.
    ///
    /// ```
    /// use newsdex_core::ingest::{CsvField, CsvMap, IngestOptions};
    /// let mut map = CsvMap::new();
    /// map.set(CsvField::Body, "story");
    /// let options = IngestOptions::default().with_csv_map(map);
    /// assert_eq!(options.csv_map.get(CsvField::Body), Some("story"));
    /// ```
    pub fn with_csv_map(mut self, map: CsvMap) -> Self {
        self.csv_map = map;
        self
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
    /// CSV (`.csv`) or TSV (`.tsv`), one article per row.
    Csv,
    /// An RSS or Atom feed, one article per item.
    Feed,
    /// A WARC crawl (`.warc`, `.warc.gz`), one article per HTML page.
    Warc,
    /// One web page (HTML), possibly gzipped.
    Html,
}

impl Format {
    /// The format of `path` by its extension; `None` for files a directory
    /// walk does not take (they are only read when named explicitly).
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        if ext == "gz" {
            let inner = Path::new(path.file_stem()?).extension()?.to_str()?;
            return match inner.to_ascii_lowercase().as_str() {
                "html" | "htm" => Some(Format::Html),
                "warc" => Some(Format::Warc),
                _ => None,
            };
        }
        match ext.as_str() {
            "html" | "htm" => Some(Format::Html),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "sgm" | "sgml" => Some(Format::ReutersSgml),
            "txt" | "text" => Some(Format::Text),
            "csv" | "tsv" => Some(Format::Csv),
            "warc" => Some(Format::Warc),
            // An `.xml` file is a feed when its root element is one's; a
            // directory walk looks before taking it.
            "rss" | "atom" | "xml" => Some(Format::Feed),
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
    walk(paths)
        .into_iter()
        .map(|file| file.map(|f| (f.path, f.format)))
        .collect()
}

/// A file to read, with the id a plain-text article in it gets.
struct InputFile {
    path: PathBuf,
    format: Format,
    id: ArticleId,
}

/// The id of `path` found under the walked folder `root`: its path below
/// `root`, `/`-separated, without the extension.
fn id_below(root: &Path, path: &Path) -> ArticleId {
    let Ok(below) = path.strip_prefix(root) else {
        return html::stem_id(path);
    };
    let mut parts: Vec<String> = below
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.push(html::stem_id(path).0);
    ArticleId(parts.join("/"))
}

/// [`list_files`] with each file's plain-text id.
fn walk(paths: &[PathBuf]) -> Vec<Result<InputFile, IngestError>> {
    let mut out = Vec::new();
    for root in paths {
        if root.is_file() {
            out.push(Ok(InputFile {
                path: root.clone(),
                format: Format::of(root).unwrap_or(Format::Text),
                id: html::stem_id(root),
            }));
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
                    let format = Format::of(entry.path()).filter(|&f| {
                        f != Format::Feed
                            || !is_xml(entry.path())
                            || feed::looks_like_feed(entry.path())
                    });
                    if let Some(format) = format {
                        let id = id_below(root, entry.path());
                        out.push(Ok(InputFile {
                            path: entry.into_path(),
                            format,
                            id,
                        }));
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

fn is_xml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xml"))
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

/// Reads articles from input paths, lazily, file by file, JSON Lines and
/// SGML files a piece at a time (`stream::Pieces`, which the indexing
/// pipeline parses on its worker threads).
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
    stream::Pieces::new(paths, options).flat_map(stream::Piece::parse)
}

/// Parses the bytes of one file of `format` held in memory, `path` naming
/// it in errors and ids (a plain-text article gets `path`'s stem as its id
/// and no sidecar metadata).
///
/// ```
/// use std::path::Path;
/// use newsdex_core::ingest::{parse_bytes, Format};
/// let line = br#"{"id": "a1", "title": "Talks", "body": "Diplomats met."}"#;
/// let parsed = parse_bytes(Format::JsonLines, line, Path::new("feed.jsonl"));
/// assert_eq!(parsed[0].as_ref().unwrap().id.0, "a1");
/// ```
pub fn parse_bytes(
    format: Format,
    bytes: &[u8],
    path: &Path,
) -> Vec<Result<RawArticle, IngestError>> {
    match format {
        Format::JsonLines => jsonl::parse(bytes, path),
        Format::ReutersSgml => reuters::parse_sgml(bytes, path),
        Format::Text => vec![text::parse(bytes, path, text::stem_id(path), None)],
        Format::Csv => csv::parse(bytes, path, &CsvMap::default(), u64::MAX),
        Format::Feed => feed::parse(bytes, path),
        Format::Warc => {
            let pages = warc::WarcPages::from_reader(
                std::io::Cursor::new(bytes.to_vec()),
                path,
                DEFAULT_MAX_FILE_BYTES,
            );
            pages
                .map(|page| page.and_then(|page| warc::article(path, page)))
                .collect()
        }
        Format::Html => vec![html::parse_file_bytes(
            bytes.to_vec(),
            path,
            html::stem_id(path),
            DEFAULT_MAX_FILE_BYTES,
        )],
    }
}

/// Loads each directory's `articles.toml` once.
#[derive(Debug)]
pub(crate) struct SidecarCache {
    by_dir: HashMap<PathBuf, Option<Arc<Sidecar>>>,
    max_bytes: u64,
}

impl Default for SidecarCache {
    fn default() -> Self {
        SidecarCache::with_limit(DEFAULT_MAX_FILE_BYTES)
    }
}

impl SidecarCache {
    /// A cache that refuses sidecars larger than `max_bytes`.
    pub fn with_limit(max_bytes: u64) -> Self {
        SidecarCache {
            by_dir: HashMap::new(),
            max_bytes,
        }
    }

    /// The sidecar that applies to `file`, if its directory has one,
    /// shared (to hand to another thread), and, the first time that
    /// directory is asked for, what in the sidecar could not be used (by
    /// `articles.toml` path and line).
    pub fn for_file_shared(&mut self, file: &Path) -> (Option<Arc<Sidecar>>, Vec<IngestError>) {
        let dir = file.parent().unwrap_or(Path::new(".")).to_path_buf();
        let problems = self.load(dir.clone());
        let sidecar = self.by_dir.get(&dir).and_then(Clone::clone);
        (sidecar, problems)
    }

    /// Loads the sidecar of `dir` unless it is loaded; returns its problems
    /// the first time.
    fn load(&mut self, dir: PathBuf) -> Vec<IngestError> {
        let mut problems = Vec::new();
        let max_bytes = self.max_bytes;
        self.by_dir.entry(dir).or_insert_with_key(|dir| {
            let path = dir.join(SIDECAR_FILE_NAME);
            let at = |line| Origin {
                path: path.clone(),
                line,
            };
            match Sidecar::load_from_dir(dir, max_bytes) {
                Ok(sidecar) => {
                    for problem in sidecar.iter().flat_map(Sidecar::problems) {
                        problems.push(IngestError::new(
                            at(problem.line),
                            IngestErrorKind::Metadata(problem.message.clone()),
                        ));
                    }
                    sidecar.map(Arc::new)
                }
                Err(kind) => {
                    problems.push(IngestError::new(at(None), kind));
                    None
                }
            }
        });
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `files` (relative path, contents) under a new temp dir.
    fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    fn read(paths: &[PathBuf]) -> (Vec<RawArticle>, Vec<IngestError>) {
        let (mut ok, mut err) = (Vec::new(), Vec::new());
        for item in read_inputs(paths, &IngestOptions::default()) {
            match item {
                Ok(raw) => ok.push(raw),
                Err(e) => err.push(e),
            }
        }
        (ok, err)
    }

    /// Issue 13, item 6: two outlets' files of the same name get two ids
    /// (their paths relative to the indexed folder); files directly in it
    /// keep their stem, as the bundled `data/` does.
    #[test]
    fn ids_come_from_the_path_below_the_indexed_folder() {
        let dir = tree(&[
            (
                "ft/2024-03-25.txt",
                "Invented FT headline\n\nWidgets rose.\n",
            ),
            (
                "npr/2024-03-25.txt",
                "Invented NPR headline\n\nGadgets fell.\n",
            ),
            ("npr/deep/x.txt", "Deep headline\n\nSprockets held.\n"),
            ("top.txt", "Top headline\n\nCogs spun.\n"),
        ]);
        let (ok, err) = read(&[dir.path().to_path_buf()]);
        assert!(err.is_empty(), "{err:?}");
        let mut ids: Vec<_> = ok.iter().map(|a| a.id.as_str()).collect();
        ids.sort();
        assert_eq!(
            ids,
            ["ft/2024-03-25", "npr/2024-03-25", "npr/deep/x", "top"]
        );
        // A file named on its own is its stem; a subfolder given as the root
        // gives ids relative to it.
        let (ok, _) = read(&[dir.path().join("ft/2024-03-25.txt")]);
        assert_eq!(ok[0].id.as_str(), "2024-03-25");
        let (ok, _) = read(&[dir.path().join("npr")]);
        let mut ids: Vec<_> = ok.iter().map(|a| a.id.as_str()).collect();
        ids.sort();
        assert_eq!(ids, ["2024-03-25", "deep/x"]);
    }

    /// The bundled articles keep the ids the README shows (`004_…`).
    #[test]
    fn bundled_ids_are_file_stems() {
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        let (ok, err) = read(&[data]);
        assert!(err.is_empty(), "{err:?}");
        assert_eq!(ok.len(), 5);
        for raw in &ok {
            assert_eq!(
                Some(raw.id.as_str()),
                raw.origin.path.file_stem().and_then(|s| s.to_str())
            );
            assert!(raw.source.is_some() && raw.published.is_some(), "{raw:?}");
        }
    }

    /// Issue 13, item 7: one bad entry in `articles.toml` keeps the good
    /// entries' metadata and is reported by its id and line; an unquoted
    /// TOML date is a date.
    #[test]
    fn a_bad_sidecar_entry_loses_only_itself() {
        let dir = tree(&[
            ("a.txt", "Headline A\n\nText A.\n"),
            ("b.txt", "Headline B\n\nText B.\n"),
            ("c.txt", "Headline C\n\nText C.\n"),
            (
                SIDECAR_FILE_NAME,
                "[[article]]\nid = \"a\"\nsource = \"ft\"\npublished = \"2024-03-25\"\n\n\
                 [[article]]\nid = \"b\"\nsource = \"npr\"\npublished = 2024-03-26\n\n\
                 [[article]]\nid = \"c\"\nsource = \"abc\"\npublished = \"2024-13-45\"\n\n\
                 [[article]]\nid = \"d\"\nsauce = \"x\"\n",
            ),
        ]);
        let (ok, err) = read(&[dir.path().to_path_buf()]);
        let by_id = |id: &str| ok.iter().find(|a| a.id.as_str() == id).unwrap();
        let a = by_id("a");
        assert_eq!(a.source.as_ref().map(|s| s.id.as_str()), Some("ft"));
        assert_eq!(a.published, Some(time::macros::date!(2024 - 03 - 25)));
        let b = by_id("b");
        assert_eq!(b.source.as_ref().map(|s| s.id.as_str()), Some("npr"));
        assert_eq!(b.published, Some(time::macros::date!(2024 - 03 - 26)));
        // The entry with a bad date keeps its source, loses only the date.
        let c = by_id("c");
        assert_eq!(c.source.as_ref().map(|s| s.id.as_str()), Some("abc"));
        assert_eq!(c.published, None);
        let messages: Vec<String> = err.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].contains("articles.toml:11:") && messages[0].contains("`c`"),
            "{messages:?}"
        );
        assert!(
            messages[1].contains("articles.toml:16:")
                && messages[1].contains("`d`")
                && messages[1].contains("sauce"),
            "{messages:?}"
        );
    }

    /// A sidecar that is not TOML at all is one error with its line; the
    /// articles are still read, without metadata.
    #[test]
    fn a_broken_sidecar_is_one_error_and_the_articles_stay() {
        let dir = tree(&[
            ("a.txt", "Headline A\n\nText A.\n"),
            ("b.txt", "Headline B\n\nText B.\n"),
            (SIDECAR_FILE_NAME, "[[article]]\nid = \"a\"\nsource = \n"),
        ]);
        let (ok, err) = read(&[dir.path().to_path_buf()]);
        assert_eq!(ok.len(), 2);
        assert_eq!(err.len(), 1, "{err:?}");
        let message = err[0].to_string();
        assert!(message.contains("articles.toml:3:"), "{message}");
        assert!(!message.contains('\n'), "one line: {message}");
    }
}
