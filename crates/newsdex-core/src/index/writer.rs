//! `NewsWriter`: the single writer of an index. Articles are upserted by id
//! (delete the id's term, then add), so re-indexing never grows the count.

use std::collections::HashMap;
use std::path::PathBuf;

use tantivy::directory::error::LockError;
use tantivy::{IndexWriter, Searcher, TantivyDocument, TantivyError, Term};

use super::document::{stored_str, to_document};
use super::{find_by_id, NewsIndex};
use crate::article::Article;
use crate::error::{Error, Result};
use crate::schema::NewsSchema;

/// Default writer memory budget, split across threads (128 MiB).
pub const DEFAULT_HEAP_BYTES: usize = 128 * 1024 * 1024;

/// Least memory budget per indexing thread that tantivy accepts (15 MB,
/// `MEMORY_BUDGET_NUM_BYTES_MIN` in tantivy 0.27's `index_writer.rs`).
pub const MIN_HEAP_BYTES_PER_THREAD: usize = 15_000_000;

/// Memory budget per indexing thread that tantivy refuses, and any above
/// (`MEMORY_BUDGET_NUM_BYTES_MAX`: about 4 GiB).
pub const MAX_HEAP_BYTES_PER_THREAD: usize = u32::MAX as usize - 1_000_000;

/// Most indexing threads newsdex asks tantivy for (tantivy's own default
/// stops at 8; more threads only split the memory budget thinner).
pub const MAX_THREADS: usize = 64;

/// Smallest memory budget in MiB that gives one thread what it needs: the
/// floor of `--heap-mb`.
pub const MIN_HEAP_MB: usize = MIN_HEAP_BYTES_PER_THREAD.div_ceil(MIB);

/// Largest memory budget in MiB that one thread may be given: the ceiling
/// of `--heap-mb`.
pub const MAX_HEAP_MB: usize = (MAX_HEAP_BYTES_PER_THREAD - 1) / MIB;

const MIB: usize = 1024 * 1024;

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

    /// The number of indexing threads these settings give, or
    /// [`Error::InvalidWriterOptions`] when tantivy would refuse them: more
    /// than [`MAX_THREADS`] threads, or a budget per thread outside
    /// `MIN_HEAP_BYTES_PER_THREAD`..`MAX_HEAP_BYTES_PER_THREAD`. With
    /// `threads == 0`, one per core (at most 8), fewer when the budget is
    /// too small for that many.
    pub fn resolve_threads(&self) -> Result<usize> {
        let mib = |bytes: usize| bytes as f64 / MIB as f64;
        let count = |n: usize| match n {
            1 => "1 indexing thread".to_string(),
            n => format!("{n} indexing threads"),
        };
        if self.threads > MAX_THREADS {
            return Err(Error::InvalidWriterOptions(format!(
                "{} indexing threads: at most {MAX_THREADS}",
                self.threads
            )));
        }
        if self.heap_bytes < MIN_HEAP_BYTES_PER_THREAD {
            return Err(Error::InvalidWriterOptions(format!(
                "a memory budget of {:.1} MiB is too small: tantivy needs at least {MIN_HEAP_MB} MiB",
                mib(self.heap_bytes)
            )));
        }
        let threads = match self.threads {
            0 => std::thread::available_parallelism()
                .map_or(1, usize::from)
                .min(8)
                .min(self.heap_bytes / MIN_HEAP_BYTES_PER_THREAD),
            n => n,
        };
        let per_thread = self.heap_bytes / threads;
        if per_thread < MIN_HEAP_BYTES_PER_THREAD {
            return Err(Error::InvalidWriterOptions(format!(
                "a memory budget of {:.0} MiB is too small for {}: \
                 tantivy needs {MIN_HEAP_MB} MiB per thread (give at least {} MiB, or fewer threads)",
                mib(self.heap_bytes),
                count(threads),
                (threads * MIN_HEAP_BYTES_PER_THREAD).div_ceil(MIB)
            )));
        }
        if per_thread >= MAX_HEAP_BYTES_PER_THREAD {
            return Err(Error::InvalidWriterOptions(format!(
                "a memory budget of {:.0} MiB is too large for {}: \
                 tantivy takes at most {MAX_HEAP_MB} MiB per thread",
                mib(self.heap_bytes),
                count(threads)
            )));
        }
        Ok(threads)
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
    /// The index directory, for messages.
    path: PathBuf,
}

impl NewsWriter {
    fn new(index: &NewsIndex, options: &WriterOptions) -> Result<Self> {
        let threads = options.resolve_threads()?;
        let writer = index
            .tantivy()
            .writer_with_num_threads(threads, options.heap_bytes)
            .map_err(|err| match err {
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
            path: super::guard::display_path(index.path()),
        })
    }

    /// The content hash stored for `id` (pending writes first, then the last
    /// commit).
    pub fn stored_hash(&self, id: &str) -> Result<Option<String>> {
        if let Some(hash) = self.pending.get(id) {
            return Ok(Some(hash.clone()));
        }
        // Reads the last commit, which may be damaged: see `NewsIndex::guard`.
        let index = self.writer.index();
        let doc = super::guard::catch(|| find_by_id(&self.schema, &self.committed, id))
            .map_err(|message| super::guard::panic_error(&self.path, Some(index), message))?
            .map_err(|err| match err {
                Error::Tantivy(err) => super::guard::read_error(&self.path, Some(index), err),
                other => other,
            })?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 13, item 10: `--threads 1000` reached tantivy, which answered
    /// "The memory arena in bytes per thread needs to be at least
    /// 15000000." Settings tantivy refuses are now a typed error saying
    /// which setting is wrong.
    #[test]
    fn settings_tantivy_refuses_are_a_typed_error() {
        let mib = 1024 * 1024;
        let err = |options: WriterOptions| match options.resolve_threads() {
            Err(Error::InvalidWriterOptions(message)) => message,
            other => panic!("{other:?}"),
        };
        let messages = [
            err(WriterOptions::default().threads(1000)),
            err(WriterOptions::default().threads(9)),
            err(WriterOptions::default().heap_bytes(mib)),
            err(WriterOptions::default().threads(1).heap_bytes(5000 * mib)),
        ];
        assert!(messages[0].contains("1000 indexing threads: at most 64"));
        assert!(messages[1].contains("too small for 9 indexing threads"));
        assert!(messages[1].contains("give at least 129 MiB, or fewer threads"));
        assert!(messages[2].contains("1.0 MiB is too small"));
        assert!(messages[3].contains("5000 MiB is too large for 1 indexing thread:"));
        for message in &messages {
            assert!(!message.contains("15000000"), "{message}");
            assert!(!message.contains('{'), "{message}");
        }

        assert_eq!(
            WriterOptions::default()
                .threads(8)
                .resolve_threads()
                .unwrap(),
            8
        );
        let auto = WriterOptions::default().heap_bytes(MIN_HEAP_MB * mib);
        assert_eq!(auto.resolve_threads().unwrap(), 1);
        assert!(WriterOptions::default().resolve_threads().unwrap() >= 1);
        assert!(WriterOptions::default()
            .threads(1)
            .heap_bytes(MAX_HEAP_MB * mib)
            .resolve_threads()
            .is_ok());
    }

    /// Every setting `resolve_threads` accepts, tantivy accepts too.
    #[test]
    fn accepted_settings_open_a_writer() {
        let index = NewsIndex::create_in_ram().unwrap();
        for (threads, heap_mb) in [(0, MIN_HEAP_MB), (1, MIN_HEAP_MB), (2, 29), (0, 128)] {
            let options = WriterOptions::default()
                .threads(threads)
                .heap_bytes(heap_mb * 1024 * 1024);
            let writer = index.writer(&options);
            assert!(writer.is_ok(), "{threads} threads, {heap_mb} MiB");
        }
    }
}
