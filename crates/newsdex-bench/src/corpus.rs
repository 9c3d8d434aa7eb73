//! The benchmark corpus: read and parsed once into memory (timed), then
//! handed to every engine, optionally repeated with distinct ids.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use newsdex_core::ingest::{self, IngestOptions, RawArticle};
use newsdex_core::ArticleId;

use crate::error::{Error, Result};

/// Where the shared Reuters-21578 half lives, relative to the workspace root
/// (spelled once, in `newsdex-testkit`).
pub use newsdex_testkit::REUTERS_DIR;

/// The default corpus for a workspace at `root`: Reuters-21578 when present
/// (research-only licence: read in place, never copied), else the bundled
/// `data/`. Returns the paths and a one-line description for stderr.
pub fn default_paths(root: &Path) -> (Vec<PathBuf>, String) {
    let reuters = root.join(REUTERS_DIR);
    if reuters.is_dir() {
        let description = format!("Reuters-21578 at {}", reuters.display());
        (vec![reuters], description)
    } else {
        let data = root.join("data");
        let description = format!(
            "the bundled articles in {} (Reuters-21578 not found at {})",
            data.display(),
            reuters.display()
        );
        (vec![data], description)
    }
}

/// Articles read into memory, with what reading them cost.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// The input paths.
    pub paths: Vec<PathBuf>,
    /// The parsed articles, in input order.
    pub articles: Vec<RawArticle>,
    /// Bytes of input files read (SGML, JSON, text).
    pub input_bytes: u64,
    /// Bytes of article text (title + body), what every engine indexes.
    pub text_bytes: u64,
    /// Wall time to read and parse the input once.
    pub read_parse: Duration,
    /// Inputs that could not be read (skipped, as `newsdex index` does).
    pub skipped: usize,
}

impl Corpus {
    /// Reads and parses `paths` (files or directories, any format
    /// `newsdex index` takes), timing it.
    pub fn load(paths: &[PathBuf]) -> Result<Corpus> {
        ingest::check_inputs(paths)?;
        let started = Instant::now();
        let mut articles = Vec::new();
        let mut skipped = 0;
        let mut input_bytes = 0u64;
        for item in ingest::read_inputs(paths, &IngestOptions::default()) {
            match item {
                Ok(raw) => {
                    input_bytes += raw.input_bytes as u64;
                    articles.push(raw);
                }
                Err(_) => skipped += 1,
            }
        }
        let read_parse = started.elapsed();
        if articles.is_empty() {
            let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            return Err(Error::EmptyCorpus(names.join(", ")));
        }
        let text_bytes = articles.iter().map(text_len).sum::<usize>() as u64;
        Ok(Corpus {
            paths: paths.to_vec(),
            articles,
            input_bytes,
            text_bytes,
            read_parse,
            skipped,
        })
    }

    /// Number of articles.
    pub fn len(&self) -> usize {
        self.articles.len()
    }

    /// Whether there is no article (never true for a loaded corpus).
    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    /// The corpus `repeat` times over without copying: (copy number,
    /// article); copy `k` is meant to be indexed under [`repeat_id`].
    pub fn repeated_refs(&self, repeat: usize) -> impl Iterator<Item = (usize, &RawArticle)> + '_ {
        (0..repeat).flat_map(move |copy| self.articles.iter().map(move |raw| (copy, raw)))
    }

    /// The corpus `repeat` times over, cloned one article at a time (memory
    /// does not grow with `repeat`). Copy 0 keeps the ids; copy `k` gets the
    /// id suffix `~k`, so every copy is a distinct article.
    pub fn repeated(&self, repeat: usize) -> impl Iterator<Item = RawArticle> + '_ {
        (0..repeat).flat_map(move |copy| {
            self.articles.iter().map(move |raw| {
                let mut raw = raw.clone();
                if copy > 0 {
                    raw.id = repeat_id(&raw.id, copy);
                }
                raw
            })
        })
    }
}

/// The id of copy `copy` of an article.
pub fn repeat_id(id: &ArticleId, copy: usize) -> ArticleId {
    if copy == 0 {
        id.clone()
    } else {
        ArticleId(format!("{}~{copy}", id.as_str()))
    }
}

/// Bytes of text an engine indexes for one article: title + body.
pub fn text_len(raw: &RawArticle) -> usize {
    raw.title.as_deref().map_or(0, str::len) + raw.text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_with_distinct_ids() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Title\n\nBody text.").unwrap();
        std::fs::write(dir.path().join("b.txt"), "Other\n\nMore text.").unwrap();
        let corpus = Corpus::load(&[dir.path().into()]).unwrap();
        assert_eq!(corpus.len(), 2);
        let ids: Vec<String> = corpus.repeated(3).map(|r| r.id.0).collect();
        assert_eq!(ids, ["a", "b", "a~1", "b~1", "a~2", "b~2"]);
        assert!(corpus.text_bytes > 0);
    }

    #[test]
    fn empty_corpus_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            Corpus::load(&[dir.path().into()]),
            Err(Error::EmptyCorpus(_))
        ));
    }
}
