//! `NewsIndex`: opening, creating and reading a newsdex index on disk or in
//! memory; the writer lives in [`writer`] (with [`NewsIndex::writer`], so
//! that this module does not import its child back).
//!
//! Invariants: an index directory holds a tantivy index with exactly the
//! [`NewsSchema`] and a `newsdex.json` marker naming the format and
//! [`ANALYZER_VERSION`]; an index that disagrees is refused on open with
//! [`Error::IncompatibleIndex`], never half-read.

pub mod document;
pub mod writer;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::analysis::{self, ANALYZER_VERSION};
use crate::article::Article;
use crate::error::{Error, Result};
use crate::schema::NewsSchema;

/// Version of the on-disk layout (schema + stored JSON + tantivy features);
/// bump on any change. 3: facet dictionaries are no longer zstd-compressed
/// (tantivy's `columnar-zstd-compression` created a zstd context per block
/// read, 46% of query time once the person facet had thousands of values).
pub const FORMAT_VERSION: u32 = 3;

/// Name of the marker file in an index directory.
pub const MARKER_FILE: &str = "newsdex.json";

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
struct Marker {
    format: u32,
    analyzer: String,
}

impl Marker {
    fn current() -> Self {
        Marker {
            format: FORMAT_VERSION,
            analyzer: ANALYZER_VERSION.to_string(),
        }
    }

    fn describe(&self) -> String {
        format!("format {}, analyzer {}", self.format, self.analyzer)
    }
}

/// A newsdex index.
#[derive(Clone)]
pub struct NewsIndex {
    index: Index,
    schema: NewsSchema,
    reader: IndexReader,
    path: Option<PathBuf>,
}

impl std::fmt::Debug for NewsIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewsIndex")
            .field("path", &self.path)
            .finish()
    }
}

impl NewsIndex {
    /// An index in memory (tests, examples, benchmarks).
    pub fn create_in_ram() -> Result<Self> {
        let schema = NewsSchema::new();
        let index = Index::create_in_ram(schema.schema.clone());
        Self::wrap(index, schema, None)
    }

    /// Opens the index in `dir`, creating `dir` and an empty index if there is
    /// none.
    ///
    /// Safe to kill at any point: the marker is written first (atomically, by
    /// rename) and tantivy's `meta.json` last, so a killed first run leaves
    /// either a whole empty index or no `meta.json`, which the next run
    /// creates again.
    pub fn open_or_create(dir: &Path) -> Result<Self> {
        // `meta.json` is tantivy's commit point: without it nothing was ever
        // committed here.
        if dir.join("meta.json").is_file() {
            return Self::open(dir);
        }
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
        let marker_path = dir.join(MARKER_FILE);
        let partial = dir.join(format!("{MARKER_FILE}.partial"));
        let marker = serde_json::to_vec_pretty(&Marker::current()).unwrap_or_default();
        std::fs::write(&partial, marker)
            .and_then(|()| std::fs::rename(&partial, &marker_path))
            .map_err(|e| Error::io(format!("cannot write {}", marker_path.display()), e))?;
        let schema = NewsSchema::new();
        let directory = MmapDirectory::open(dir).map_err(|e| Error::InvalidData {
            what: format!("index directory {}", dir.display()),
            message: e.to_string(),
        })?;
        let index = Index::create(directory, schema.schema.clone(), Default::default())?;
        Self::wrap(index, schema, Some(dir.to_path_buf()))
    }

    /// Whether `dir` holds a newsdex (or any tantivy) index.
    pub fn exists(dir: &Path) -> bool {
        dir.join("meta.json").is_file() || dir.join(MARKER_FILE).is_file()
    }

    /// Opens an existing index; [`Error::NoIndex`] when `dir` holds none,
    /// [`Error::IncompatibleIndex`] when it was written by another version.
    pub fn open(dir: &Path) -> Result<Self> {
        if !Self::exists(dir) {
            return Err(Error::NoIndex {
                path: dir.to_path_buf(),
            });
        }
        let incompatible = |found: String| Error::IncompatibleIndex {
            path: dir.to_path_buf(),
            found,
            expected: Marker::current().describe(),
        };
        let marker: Marker = std::fs::read(dir.join(MARKER_FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .ok_or_else(|| incompatible("no readable newsdex.json marker".into()))?;
        if marker != Marker::current() {
            return Err(incompatible(marker.describe()));
        }
        let schema = NewsSchema::new();
        let index =
            Index::open_in_dir(dir).map_err(|e| incompatible(format!("unreadable index: {e}")))?;
        if index.schema() != schema.schema {
            return Err(incompatible("a different schema".into()));
        }
        Self::wrap(index, schema, Some(dir.to_path_buf()))
    }

    fn wrap(index: Index, schema: NewsSchema, path: Option<PathBuf>) -> Result<Self> {
        analysis::register(index.tokenizers());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(NewsIndex {
            index,
            schema,
            reader,
            path,
        })
    }

    /// The directory, for an on-disk index.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The schema.
    pub fn schema(&self) -> &NewsSchema {
        &self.schema
    }

    /// The underlying tantivy index.
    pub fn tantivy(&self) -> &Index {
        &self.index
    }

    /// A searcher over the last commit, made by this process or another.
    ///
    /// The reader is reloaded only when the committed segments differ from
    /// the ones it holds: reloading reopens every segment and drops the
    /// document store's block cache, which cost more than a small query.
    pub fn searcher(&self) -> Result<Searcher> {
        let searcher = self.reader.searcher();
        let metas = self.index.load_metas()?;
        let mut committed: Vec<(tantivy::index::SegmentId, u32)> = metas
            .segments
            .iter()
            .map(|segment| (segment.id(), segment.num_deleted_docs()))
            .collect();
        let mut held: Vec<(tantivy::index::SegmentId, u32)> = searcher
            .segment_readers()
            .iter()
            .map(|segment| (segment.segment_id(), segment.num_deleted_docs()))
            .collect();
        committed.sort_unstable();
        held.sort_unstable();
        if committed == held {
            return Ok(searcher);
        }
        self.reader.reload()?;
        Ok(self.reader.searcher())
    }

    /// Number of articles in the last commit.
    pub fn num_articles(&self) -> Result<u64> {
        Ok(self.searcher()?.num_docs())
    }

    /// The stored article with this id, if indexed.
    pub fn article(&self, id: &str) -> Result<Option<Article>> {
        let searcher = self.searcher()?;
        match find_by_id(&self.schema, &searcher, id)? {
            Some(doc) => Ok(Some(document::from_document(&self.schema, &doc)?)),
            None => Ok(None),
        }
    }
}

/// The stored document with id `id` in `searcher`.
pub fn find_by_id(
    schema: &NewsSchema,
    searcher: &Searcher,
    id: &str,
) -> Result<Option<TantivyDocument>> {
    let query = TermQuery::new(
        Term::from_field_text(schema.id, id),
        IndexRecordOption::Basic,
    );
    let hits = searcher.search(
        &query,
        &tantivy::collector::TopDocs::with_limit(1).order_by_score(),
    )?;
    match hits.first() {
        Some((_, address)) => Ok(Some(searcher.doc(*address)?)),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::writer::WriterOptions;
    use super::*;
    use crate::article::{ArticleId, Metadata, Source};

    fn article(id: &str, title: &str) -> Article {
        Article {
            id: ArticleId(id.to_string()),
            source: Source::unknown(),
            title: title.to_string(),
            published: None,
            dateline: None,
            body: format!("{title} body."),
            captions: Vec::new(),
            url: None,
            authors: Vec::new(),
            metadata: Metadata::default(),
        }
    }

    #[test]
    fn a_searcher_sees_commits_made_through_another_handle() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index");
        let writing = NewsIndex::open_or_create(&path).unwrap();
        let reading = NewsIndex::open(&path).unwrap();
        assert_eq!(reading.num_articles().unwrap(), 0);

        let mut writer = writing.writer(&WriterOptions::default()).unwrap();
        writer.upsert(&article("a", "First"), "h1").unwrap();
        writer.upsert(&article("b", "Second"), "h2").unwrap();
        writer.commit().unwrap();
        assert_eq!(reading.num_articles().unwrap(), 2);
        let held = reading.searcher().unwrap();

        // An update deletes in an existing segment: same segments, new deletes.
        writer
            .upsert(&article("a", "First, revised"), "h3")
            .unwrap();
        writer.commit().unwrap();
        assert_eq!(reading.num_articles().unwrap(), 2);
        let title = reading.article("a").unwrap().unwrap().title;
        assert_eq!(title, "First, revised");
        // A searcher taken earlier keeps its snapshot.
        assert_eq!(held.num_docs(), 2);
        writer.finish().unwrap();
    }
}
