//! Writing an export folder: the engine's index definition, then the
//! articles as NDJSON files of at most N MiB, one article at a time.
//!
//! ```text
//! OUT/template.json        (OpenSearch/Elasticsearch: PUT _index_template/NAME)
//! OUT/index-config.json    (Quickwit: quickwit index create --index-config)
//! OUT/bulk-0001.ndjson     (POST _bulk, or quickwit index ingest --input-path)
//! OUT/bulk-0002.ndjson …
//! ```
//!
//! A file is closed before the article that would take it past the limit;
//! an article's lines are never split between two files, and an article
//! larger than the limit gets a file of its own. Memory holds one
//! article's lines, whatever the number of articles.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use newsdex_core::{Article, NewsIndex};
use newsdex_query::{for_each_article, SearchRequest};

use crate::error::{ExportError, Result};
use crate::{opensearch, quickwit, Engine};

/// Default most MiB per NDJSON file: under the request limits the engines
/// ship with (Quickwit's ingest API takes 10 MiB; OpenSearch's
/// `http.max_content_length` is 100 MB, and 5–15 MB bulk requests are what
/// its tuning guide recommends).
pub const DEFAULT_SHARD_MB: u64 = 10;

/// How an export is written.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// The index name (OpenSearch: the `_index` of every action and the
    /// template's pattern; Quickwit: the `index_id`). Default `newsdex`.
    pub name: String,
    /// Most bytes per NDJSON file (an article larger than this gets a file
    /// of its own). Default [`DEFAULT_SHARD_MB`] MiB.
    pub shard_bytes: u64,
    /// Whether to replace an export already in the folder (its definition
    /// and NDJSON files; other files are left alone). Default `false`: a
    /// folder that holds anything is refused.
    pub overwrite: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            name: "newsdex".to_string(),
            shard_bytes: DEFAULT_SHARD_MB * 1024 * 1024,
            overwrite: false,
        }
    }
}

impl Options {
    /// The default options with index name `name`.
    pub fn named(name: impl Into<String>) -> Self {
        Options {
            name: name.into(),
            ..Options::default()
        }
    }

    /// These options with at most `bytes` bytes per NDJSON file (at least
    /// 1).
    pub fn shard_bytes(mut self, bytes: u64) -> Self {
        self.shard_bytes = bytes.max(1);
        self
    }

    /// These options, replacing an export already in the folder or not.
    pub fn overwrite(mut self, on: bool) -> Self {
        self.overwrite = on;
        self
    }
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Summary {
    /// Articles written.
    pub articles: u64,
    /// The index definition (`template.json` or `index-config.json`).
    pub definition: PathBuf,
    /// The NDJSON files, in order.
    pub shards: Vec<PathBuf>,
    /// Bytes of the NDJSON files together.
    pub bytes: u64,
}

/// Writes an export folder, an article at a time (see the module docs).
#[derive(Debug)]
pub struct Exporter {
    engine: Engine,
    options: Options,
    dir: PathBuf,
    definition: PathBuf,
    /// The file being filled, its path and its size so far.
    current: Option<(BufWriter<File>, PathBuf, u64)>,
    shards: Vec<PathBuf>,
    bytes: u64,
    articles: u64,
    /// One article's lines, reused.
    lines: Vec<u8>,
}

/// The name of the index definition file of `engine`.
fn definition_name(engine: Engine) -> &'static str {
    match engine {
        Engine::OpenSearch => "template.json",
        Engine::Quickwit => "index-config.json",
    }
}

/// Whether `name` is one of the files an export writes.
fn is_export_file(name: &str) -> bool {
    let shard = name
        .strip_prefix("bulk-")
        .and_then(|rest| rest.strip_suffix(".ndjson"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    shard || name == "template.json" || name == "index-config.json"
}

impl Exporter {
    /// Starts an export for `engine` into `dir` (created when missing):
    /// checks the index name against the engine's rules, refuses a folder
    /// that holds anything unless `options.overwrite` (which removes a
    /// previous export's files there first, so no stale file is left
    /// behind), and writes the index definition.
    pub fn create(engine: Engine, dir: &Path, options: &Options) -> Result<Exporter> {
        let checked = match engine {
            Engine::OpenSearch => opensearch::check_name(&options.name),
            Engine::Quickwit => quickwit::check_name(&options.name),
        };
        checked.map_err(|rule| ExportError::InvalidName {
            name: options.name.clone(),
            engine: engine.as_str(),
            rule,
        })?;
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| ExportError::Write { path, source }
        };
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let mut occupied = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(io(dir))? {
            let entry = entry.map_err(io(dir))?;
            occupied.push(entry.path());
        }
        if !occupied.is_empty() {
            if !options.overwrite {
                return Err(ExportError::NotEmpty {
                    dir: dir.to_path_buf(),
                });
            }
            for path in occupied {
                let ours = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(is_export_file);
                if ours && path.is_file() {
                    std::fs::remove_file(&path).map_err(io(&path))?;
                }
            }
        }
        let definition_value = match engine {
            Engine::OpenSearch => opensearch::template(options),
            Engine::Quickwit => quickwit::index_config(options),
        };
        let definition = dir.join(definition_name(engine));
        let mut text = serde_json::to_string_pretty(&definition_value).unwrap_or_default();
        text.push('\n');
        std::fs::write(&definition, text).map_err(io(&definition))?;
        Ok(Exporter {
            engine,
            options: options.clone(),
            dir: dir.to_path_buf(),
            definition,
            current: None,
            shards: Vec::new(),
            bytes: 0,
            articles: 0,
            lines: Vec::new(),
        })
    }

    /// Writes `article`, in near-duplicate group `dup_group` (`None` when
    /// it does not come from an index).
    pub fn add(&mut self, article: &Article, dup_group: Option<u64>) -> Result<()> {
        self.lines.clear();
        let written = match self.engine {
            Engine::OpenSearch => {
                opensearch::bulk_lines(&mut self.lines, &self.options.name, article, dup_group)
            }
            Engine::Quickwit => quickwit::ndjson_line(&mut self.lines, article, dup_group),
        };
        // Serialising plain data into memory cannot fail; should it, the
        // article is not half-written.
        if let Err(err) = written {
            return Err(ExportError::Write {
                path: self.dir.clone(),
                source: std::io::Error::other(err),
            });
        }
        let size = self.lines.len() as u64;
        let full = self
            .current
            .as_ref()
            .is_some_and(|(_, _, used)| *used > 0 && used + size > self.options.shard_bytes);
        if full {
            self.close_current()?;
        }
        if self.current.is_none() {
            let path = self
                .dir
                .join(format!("bulk-{:04}.ndjson", self.shards.len() + 1));
            let file = File::create(&path).map_err(|source| ExportError::Write {
                path: path.clone(),
                source,
            })?;
            self.shards.push(path.clone());
            self.current = Some((BufWriter::new(file), path, 0));
        }
        if let Some((file, path, used)) = &mut self.current {
            file.write_all(&self.lines)
                .map_err(|source| ExportError::Write {
                    path: path.clone(),
                    source,
                })?;
            *used += size;
        }
        self.bytes += size;
        self.articles += 1;
        // One article's lines are kept for the next: a very large article
        // must not keep its buffer for the rest of the run.
        if self.lines.capacity() > 4 * 1024 * 1024 {
            self.lines = Vec::new();
        }
        Ok(())
    }

    /// Articles written so far.
    pub fn articles(&self) -> u64 {
        self.articles
    }

    fn close_current(&mut self) -> Result<()> {
        if let Some((mut file, path, _)) = self.current.take() {
            file.flush()
                .map_err(|source| ExportError::Write { path, source })?;
        }
        Ok(())
    }

    /// Closes the last file and says what was written.
    pub fn finish(mut self) -> Result<Summary> {
        self.close_current()?;
        Ok(Summary {
            articles: self.articles,
            definition: self.definition,
            shards: self.shards,
            bytes: self.bytes,
        })
    }
}

/// Writes every article of `index` to `exporter` with its near-duplicate
/// group, streamed in index order (one stored article decoded at a time,
/// [`newsdex_query::for_each_article`]); `progress` is called after each
/// with the count so far. Returns how many were written.
pub fn export_index(
    index: &NewsIndex,
    exporter: &mut Exporter,
    progress: &mut dyn FnMut(u64),
) -> Result<u64> {
    let mut failed: Option<ExportError> = None;
    let mut written = 0;
    let streamed =
        for_each_article(
            index,
            &SearchRequest::new("*"),
            &mut |article, group| match exporter.add(&article, group) {
                Ok(()) => {
                    written += 1;
                    progress(written);
                    Ok(())
                }
                Err(err) => {
                    let message = err.to_string();
                    failed = Some(err);
                    Err(std::io::Error::other(message))
                }
            },
        );
    if let Some(err) = failed {
        return Err(err);
    }
    streamed?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_files_are_told_from_others() {
        for ours in [
            "bulk-0001.ndjson",
            "bulk-12345.ndjson",
            "template.json",
            "index-config.json",
        ] {
            assert!(is_export_file(ours), "{ours}");
        }
        for theirs in [
            "bulk-.ndjson",
            "bulk-1a.ndjson",
            "notes.txt",
            "bulk-0001.json",
        ] {
            assert!(!is_export_file(theirs), "{theirs}");
        }
    }
}
