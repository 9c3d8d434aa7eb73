//! `NewsWriter`: the single writer of an index. Articles are upserted by id
//! (delete the id's term, then add), so re-indexing never grows the count.

use std::collections::HashMap;

use tantivy::directory::error::LockError;
use tantivy::{IndexWriter, Searcher, TantivyDocument, TantivyError, Term};

use super::document::{stored_str, to_document};
use super::{find_by_id, NewsIndex};
use crate::article::Article;
use crate::error::{Error, Result};
use crate::schema::NewsSchema;

/// Default writer memory budget, split across threads (128 MiB).
pub const DEFAULT_HEAP_BYTES: usize = 128 * 1024 * 1024;

/// Writer settings.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct WriterOptions {
    /// Indexing threads; 0 picks tantivy's default (one per core, at most 8).
    pub threads: usize,
    /// Total memory budget in bytes.
    pub heap_bytes: usize,
}

impl Default for WriterOptions {
    fn default() -> Self {
        WriterOptions {
            threads: 0,
            heap_bytes: DEFAULT_HEAP_BYTES,
        }
    }
}

impl WriterOptions {
    /// Sets the thread count (0 = default).
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = threads;
        self
    }

    /// Sets the memory budget.
    pub fn heap_bytes(mut self, bytes: usize) -> Self {
        self.heap_bytes = bytes;
        self
    }
}

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upsert {
    /// A new id.
    Added,
    /// The id existed with other content and was replaced.
    Updated,
    /// The id existed with the same content hash: nothing written.
    Unchanged,
}

impl NewsIndex {
    /// Opens the single writer. [`Error::IndexLocked`] when another process
    /// (or another writer in this one) holds it.
    pub fn writer(&self, options: &WriterOptions) -> Result<NewsWriter> {
        NewsWriter::new(self, options)
    }
}

/// The index writer.
pub struct NewsWriter {
    writer: IndexWriter<TantivyDocument>,
    schema: NewsSchema,
    committed: Searcher,
    /// Ids written since the last commit, with their hashes.
    pending: HashMap<String, String>,
}

impl NewsWriter {
    fn new(index: &NewsIndex, options: &WriterOptions) -> Result<Self> {
        let tantivy = index.tantivy();
        let result = if options.threads == 0 {
            tantivy.writer(options.heap_bytes)
        } else {
            tantivy.writer_with_num_threads(options.threads, options.heap_bytes)
        };
        let writer = result.map_err(|err| match err {
            TantivyError::LockFailure(LockError::LockBusy, _) => Error::IndexLocked {
                path: index.path().map(ToOwned::to_owned).unwrap_or_default(),
            },
            other => Error::Tantivy(other),
        })?;
        Ok(NewsWriter {
            writer,
            schema: index.schema().clone(),
            committed: index.searcher()?,
            pending: HashMap::new(),
        })
    }

    /// The content hash stored for `id` (pending writes first, then the last
    /// commit).
    pub fn stored_hash(&self, id: &str) -> Result<Option<String>> {
        if let Some(hash) = self.pending.get(id) {
            return Ok(Some(hash.clone()));
        }
        let doc = find_by_id(&self.schema, &self.committed, id)?;
        Ok(doc.and_then(|d| stored_str(&d, self.schema.hash).map(str::to_string)))
    }

    /// Writes `article` (content hash `hash`), replacing any article with the
    /// same id. Visible to searches after [`NewsWriter::commit`].
    pub fn upsert(&mut self, article: &Article, hash: &str) -> Result<Upsert> {
        let id = article.id.as_str();
        let outcome = match self.stored_hash(id)? {
            Some(old) if old == hash => return Ok(Upsert::Unchanged),
            Some(_) => Upsert::Updated,
            None => Upsert::Added,
        };
        if outcome == Upsert::Updated {
            self.writer
                .delete_term(Term::from_field_text(self.schema.id, id));
        }
        if let Err(err) = self
            .writer
            .add_document(to_document(&self.schema, article, hash))
        {
            return Err(self.worker_error().unwrap_or(err).into());
        }
        self.pending.insert(id.to_string(), hash.to_string());
        Ok(outcome)
    }

    /// Why tantivy's writer stopped. When an indexing thread fails (a full
    /// disk, a file-size limit), `add_document` only says "an index writer
    /// was killed"; joining the threads, as preparing a commit does first,
    /// returns the real error. Nothing is committed: the prepared commit, if
    /// any, is dropped.
    fn worker_error(&mut self) -> Option<TantivyError> {
        self.writer.prepare_commit().err()
    }

    /// Commits: everything written so far becomes visible atomically and
    /// survives a crash.
    pub fn commit(&mut self) -> Result<()> {
        self.writer.commit()?;
        self.pending.clear();
        let reader = self.writer.index().reader()?;
        self.committed = reader.searcher();
        Ok(())
    }

    /// Commits and waits for background merges to finish.
    pub fn finish(mut self) -> Result<()> {
        self.commit()?;
        self.writer.wait_merging_threads()?;
        Ok(())
    }
}
