//! The indexing pipeline: ingest → clean → extract → write, with an
//! [`IngestReport`] instead of stopping at the first bad input. Cleaning and
//! extraction run on worker threads ([`parallel`]).

mod indexer;
pub mod parallel;

pub use indexer::Indexer;

use crate::article::{Article, ArticleId};
use crate::clean::Cleaner;
use crate::error::IngestError;
use crate::extract::Extractor;
use crate::index::WriterOptions;
use crate::ingest::{IngestOptions, Origin, RawArticle};

/// Default number of articles between commits.
pub const DEFAULT_COMMIT_EVERY: usize = 10_000;

/// How to index.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct IndexOptions {
    /// Reading options.
    pub ingest: IngestOptions,
    /// Writer options.
    pub writer: WriterOptions,
    /// Commit after this many new or updated articles (a crash loses at most
    /// one batch); 0 commits only at the end.
    pub commit_every: usize,
    /// Threads cleaning and extracting articles while tantivy indexes; 0
    /// picks [`parallel::default_workers`].
    pub workers: usize,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            ingest: IngestOptions::default(),
            writer: WriterOptions::default(),
            commit_every: DEFAULT_COMMIT_EVERY,
            workers: 0,
        }
    }
}

/// What happened to a batch.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct IngestReport {
    /// New articles.
    pub added: usize,
    /// Articles whose id existed and whose content changed.
    pub updated: usize,
    /// Articles already indexed with the same content (not re-analysed).
    pub unchanged: usize,
    /// Inputs skipped, with the reason.
    #[serde(serialize_with = "serialize_errors")]
    pub skipped: Vec<IngestError>,
    /// Non-fatal problems (the article was indexed).
    pub warnings: Vec<(String, String)>,
    /// Bytes of input read.
    pub input_bytes: u64,
}

fn serialize_errors<S: serde::Serializer>(
    errors: &[IngestError],
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.collect_seq(errors.iter().map(|e| e.to_string()))
}

impl IngestReport {
    /// Articles read successfully (added + updated + unchanged).
    pub fn articles(&self) -> usize {
        self.added + self.updated + self.unchanged
    }
}

/// Something that happened while indexing, for progress and messages.
#[derive(Debug)]
pub enum Event<'a> {
    /// An article was written or found unchanged.
    Article(&'a ArticleId),
    /// An input was skipped.
    Skipped(&'a IngestError),
    /// An article was indexed with a warning.
    Warning(&'a Origin, &'a str),
}

/// Content hash of a raw article plus the versions of what turns it into a
/// document: the same input indexed by the same newsdex hashes the same.
pub fn content_hash(raw: &RawArticle) -> String {
    let mut hasher = blake3::Hasher::new();
    for part in [
        crate::analysis::ANALYZER_VERSION,
        env!("CARGO_PKG_VERSION"),
        raw.id.as_str(),
        raw.title.as_deref().unwrap_or("\u{0}"),
        &raw.text,
        raw.dateline.as_deref().unwrap_or("\u{0}"),
        raw.url.as_deref().unwrap_or("\u{0}"),
    ] {
        hasher.update(part.as_bytes());
        hasher.update(&[0xff]);
    }
    if let Some(source) = &raw.source {
        hasher.update(source.id.as_bytes());
        hasher.update(source.name.as_bytes());
    }
    hasher.update(format!("{:?}{:?}{:?}", raw.published, raw.authors, raw.reference).as_bytes());
    hasher.finalize().to_hex().to_string()
}

/// Cleans and extracts one raw article: the whole per-article pipeline.
pub fn process(mut raw: RawArticle) -> std::result::Result<Article, IngestError> {
    let registry = crate::extract::source::SourceRegistry::shipped();
    match &mut raw.source {
        // Before cleaning: the copyright lines that tell are furniture.
        None => raw.source = Some(registry.detect(&raw.text)),
        // A bare id ("ft" in JSON Lines) gets the registry's name.
        Some(source) if source.name == source.id => {
            if let Some(name) = registry.name(&source.id) {
                source.name = name.to_string();
            }
        }
        Some(_) => {}
    }
    let mut article = Cleaner::shipped().clean(raw)?;
    article.metadata = Extractor::shared().extract(&article);
    Ok(article)
}
