//! `NewsWriter`: the single writer of an index. Articles are upserted by id
//! (delete the id's term, then add), so re-indexing never grows the count;
//! [`StoredHashes`] reads the content hash of an id from the `hash` fast
//! field, so change detection reads no stored document.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};

use tantivy::directory::error::LockError;
use tantivy::fastfield::{AliveBitSet, Column};
use tantivy::index::InvertedIndexReader;
use tantivy::indexer::UserOperation;
use tantivy::schema::IndexRecordOption;
use tantivy::{
    DocSet, Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, TantivyError,
    Term, TERMINATED,
};

use super::document::to_document;
use super::NewsIndex;
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

/// Most indexing threads newsdex asks tantivy for.
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
    /// Indexing threads; 0: one per core, as many as the memory budget
    /// allows ([`WriterOptions::resolve_threads`]).
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
    /// `threads == 0`, one per core (`available_parallelism`), fewer when
    /// the budget is too small for that many: tantivy needs 15 MB per
    /// indexing thread, so the default 128 MiB allows 8 (give 256 MiB for
    /// 16). The budget is what bounds memory, so it is never raised
    /// silently; and each thread fills a segment of budget ÷ threads, so
    /// thinner slices only mean smaller segments and more merging.
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
                .min(self.heap_bytes / MIN_HEAP_BYTES_PER_THREAD)
                .clamp(1, MAX_THREADS),
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

/// The content hashes of one commit, looked up by article id: a term lookup
/// on `id` and a read of the `hash` fast field, per segment; no stored
/// document is read.
///
/// Made once per commit ([`NewsWriter::stored_hashes`]) and shared by every
/// thread: each segment's term dictionary, hash column and deletes are
/// fetched up front, so a lookup touches no lock and no shared cache.
pub struct StoredHashes {
    segments: Vec<SegmentHashes>,
    id_field: tantivy::schema::Field,
    index: Index,
    path: PathBuf,
}

struct SegmentHashes {
    ids: Arc<InvertedIndexReader>,
    hashes: Column<u64>,
    alive: Option<AliveBitSet>,
}

impl std::fmt::Debug for StoredHashes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredHashes")
            .field("segments", &self.segments.len())
            .finish_non_exhaustive()
    }
}

impl StoredHashes {
    /// The hashes of the commit `searcher` holds.
    fn new(schema: &NewsSchema, searcher: &Searcher, index: &Index, path: &Path) -> Result<Self> {
        let read = || -> Result<Vec<SegmentHashes>> {
            let mut segments = Vec::new();
            for segment in searcher.segment_readers() {
                if segment.num_docs() == 0 {
                    continue;
                }
                segments.push(SegmentHashes {
                    ids: segment.inverted_index(schema.id)?,
                    hashes: segment.fast_fields().u64(crate::schema::names::HASH)?,
                    alive: segment.alive_bitset().cloned(),
                });
            }
            Ok(segments)
        };
        let segments = super::guard::catch(read)
            .map_err(|message| super::guard::panic_error(path, Some(index), message))?
            .map_err(|err| read_error(path, index, err))?;
        Ok(StoredHashes {
            segments,
            id_field: schema.id,
            index: index.clone(),
            path: path.to_path_buf(),
        })
    }

    /// Whether the commit holds no article (a lookup is then free).
    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    /// The content hash stored for `id` in this commit, if it holds `id`.
    /// Any thread may call it; a damaged index is a typed error, never a
    /// panic.
    pub fn get(&self, id: &str) -> Result<Option<u64>> {
        if self.segments.is_empty() {
            return Ok(None);
        }
        let term = Term::from_field_text(self.id_field, id);
        let find = || -> std::io::Result<Option<u64>> {
            for segment in &self.segments {
                let Some(info) = segment.ids.get_term_info(&term)? else {
                    continue;
                };
                let mut postings = segment
                    .ids
                    .read_postings_from_terminfo(&info, IndexRecordOption::Basic)?;
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    if segment.alive.as_ref().is_none_or(|a| a.is_alive(doc)) {
                        return Ok(segment.hashes.first(doc));
                    }
                    doc = postings.advance();
                }
            }
            Ok(None)
        };
        super::guard::catch(find)
            .map_err(|message| super::guard::panic_error(&self.path, Some(&self.index), message))?
            .map_err(|err| read_error(&self.path, &self.index, TantivyError::from(err)))
    }
}

/// A tantivy error met reading the index in `path`, typed.
fn read_error(path: &Path, index: &Index, err: impl Into<Error>) -> Error {
    match err.into() {
        Error::Tantivy(err) => super::guard::read_error(path, Some(index), err),
        other => other,
    }
}

/// The index writer.
///
/// Two ways to write: [`NewsWriter::upsert`] (one article at a time, with
/// change detection) and, for writing from many threads at once,
/// [`NewsWriter::document`] + [`NewsWriter::write`] with
/// [`NewsWriter::stored_hashes`] for change detection: the caller then
/// decides which version of an id is written last (the parallel pipeline
/// does, by input order). Every method takes `&self` but
/// [`NewsWriter::upsert`]; a commit waits for writes in progress.
pub struct NewsWriter {
    /// Read-locked by writes, write-locked by commits (tantivy's commit
    /// takes `&mut`).
    writer: RwLock<IndexWriter<TantivyDocument>>,
    schema: NewsSchema,
    index: Index,
    reader: IndexReader,
    /// Hashes of the last commit.
    stored: RwLock<Arc<StoredHashes>>,
    /// Ids written by [`NewsWriter::upsert`] since the last commit, with
    /// their hashes.
    pending: HashMap<String, u64>,
    /// The index directory, for messages.
    path: PathBuf,
    /// Where the facet tables of committed segments are kept.
    facet_files: Arc<super::facet_files::FacetFiles>,
}

impl std::fmt::Debug for NewsWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewsWriter")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
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
        let path = super::guard::display_path(index.path());
        let reader = index
            .tantivy()
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|err| read_error(&path, index.tantivy(), err))?;
        let stored = StoredHashes::new(index.schema(), &index.searcher()?, index.tantivy(), &path)?;
        Ok(NewsWriter {
            writer: RwLock::new(writer),
            schema: index.schema().clone(),
            index: index.tantivy().clone(),
            reader,
            stored: RwLock::new(Arc::new(stored)),
            pending: HashMap::new(),
            path,
            facet_files: Arc::clone(&index.facet_files),
        })
    }

    /// The content hashes of the last commit, to look ids up from any
    /// thread.
    pub fn stored_hashes(&self) -> Arc<StoredHashes> {
        Arc::clone(&self.stored.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// The content hash stored for `id` (writes of [`NewsWriter::upsert`]
    /// since the last commit first, then the last commit).
    pub fn stored_hash(&self, id: &str) -> Result<Option<u64>> {
        if let Some(&hash) = self.pending.get(id) {
            return Ok(Some(hash));
        }
        self.stored_hashes().get(id)
    }

    /// Writes `article` (content hash `hash`), replacing any article with the
    /// same id, unless the id is stored with the same hash. Visible to
    /// searches after [`NewsWriter::commit`].
    pub fn upsert(&mut self, article: &Article, hash: u64) -> Result<Upsert> {
        let id = article.id.as_str();
        let outcome = match self.stored_hash(id)? {
            Some(old) if old == hash => return Ok(Upsert::Unchanged),
            Some(_) => Upsert::Updated,
            None => Upsert::Added,
        };
        let replace = (outcome == Upsert::Updated).then_some(id);
        // One article at a time: its signature is stored, and it is its own
        // near-duplicate group (the `Indexer` groups near-duplicates).
        let mut doc = self.document(article, hash);
        if let Some(sig) = crate::dups::Signature::of(&article.title, &article.body) {
            crate::dups::add_signature(&self.schema, &mut doc, &sig);
        }
        crate::dups::add_group(&self.schema, &mut doc, crate::dups::group_of_id(id));
        if let Err(err) = self.write(doc, replace) {
            return Err(self.failure().map_or(err, Error::Tantivy));
        }
        self.pending.insert(id.to_string(), hash);
        Ok(outcome)
    }

    /// The near-duplicate fields of the last commit, to find an article's
    /// near-duplicates in it from any thread.
    pub fn dup_lookup(&self) -> Result<crate::dups::DupLookup> {
        let searcher = self.reader.searcher();
        let read = || crate::dups::DupLookup::new(&self.schema, &searcher);
        super::guard::catch(read)
            .map_err(|message| super::guard::panic_error(&self.path, Some(&self.index), message))?
            .map_err(|err| read_error(&self.path, &self.index, err))
    }

    /// The schema the writer writes.
    pub fn schema(&self) -> &NewsSchema {
        &self.schema
    }

    /// The tantivy document of `article` with content hash `hash`.
    pub fn document(&self, article: &Article, hash: u64) -> TantivyDocument {
        to_document(&self.schema, article, hash)
    }

    /// Adds `doc`; with `replace`, first deletes every article with that id
    /// (one batch, so the delete comes right before the add). Callable from
    /// any thread; writes of one id must not race each other (the caller
    /// orders them). When tantivy's indexing threads have failed, the error
    /// says only that; [`NewsWriter::failure`] tells why.
    pub fn write(&self, doc: TantivyDocument, replace: Option<&str>) -> Result<()> {
        let writer = self.writer.read().unwrap_or_else(PoisonError::into_inner);
        let written = match replace {
            Some(id) => writer.run([
                UserOperation::Delete(Term::from_field_text(self.schema.id, id)),
                UserOperation::Add(doc),
            ]),
            None => writer.add_document(doc),
        };
        written.map(drop).map_err(Error::Tantivy)
    }

    /// Why tantivy's writer stopped. When an indexing thread fails (a full
    /// disk, a file-size limit), a write only says "an index writer was
    /// killed"; joining the threads, as preparing a commit does first,
    /// returns the real error. Nothing is committed: the prepared commit, if
    /// any, is dropped. Call it once no other thread writes.
    pub fn failure(&self) -> Option<TantivyError> {
        let mut writer = self.writer.write().unwrap_or_else(PoisonError::into_inner);
        writer.prepare_commit().err()
    }

    /// Commits: everything written so far becomes visible atomically and
    /// survives a crash. Waits for writes in progress on other threads.
    pub fn commit(&mut self) -> Result<()> {
        self.commit_shared()?;
        self.pending.clear();
        Ok(())
    }

    /// [`NewsWriter::commit`] through a shared reference, for a pipeline
    /// whose worker threads hold the writer: the caller makes sure that no
    /// write it does not want in this commit runs meanwhile.
    pub fn commit_shared(&self) -> Result<()> {
        self.writer
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .commit()?;
        self.reader
            .reload()
            .map_err(|err| read_error(&self.path, &self.index, err))?;
        let stored = StoredHashes::new(
            &self.schema,
            &self.reader.searcher(),
            &self.index,
            &self.path,
        )?;
        *self.stored.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(stored);
        self.refresh_facet_files()
    }

    /// Writes the facet tables of the committed segments that lack one
    /// (see `facet_files`): new segments, and those of merges that ended.
    fn refresh_facet_files(&self) -> Result<()> {
        let searcher = self.reader.searcher();
        self.facet_files.refresh(&searcher)
    }

    /// Commits, waits for background merges to finish, and writes the facet
    /// tables of the segments the merges made.
    pub fn finish(mut self) -> Result<()> {
        self.commit()?;
        self.writer
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
            .wait_merging_threads()?;
        self.reader
            .reload()
            .map_err(|err| read_error(&self.path, &self.index, err))?;
        self.facet_files.refresh(&self.reader.searcher())
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

    /// Change detection reads the hash fast field by id: a new id has
    /// none, a committed one its hash, an updated one its new hash (the old
    /// document's is deleted), across segments; a pending upsert counts
    /// before its commit.
    #[test]
    fn stored_hashes_follow_commits_and_updates() {
        use crate::article::{ArticleId, Metadata, Source};
        let article = |id: &str| Article {
            id: ArticleId(id.to_string()),
            source: Source::unknown(),
            title: format!("Title {id}"),
            published: None,
            dateline: None,
            body: format!("Body of {id}."),
            captions: Vec::new(),
            url: None,
            authors: Vec::new(),
            language: None,
            metadata: Metadata::default(),
        };
        let index = NewsIndex::create_in_ram().unwrap();
        let mut writer = index.writer(&WriterOptions::default().threads(1)).unwrap();
        assert!(writer.stored_hashes().is_empty());
        assert_eq!(writer.upsert(&article("a"), 11).unwrap(), Upsert::Added);
        assert_eq!(writer.stored_hash("a").unwrap(), Some(11));
        assert_eq!(writer.stored_hashes().get("a").unwrap(), None);
        writer.commit().unwrap();
        assert_eq!(writer.upsert(&article("b"), 22).unwrap(), Upsert::Added);
        assert_eq!(writer.upsert(&article("a"), 11).unwrap(), Upsert::Unchanged);
        assert_eq!(writer.upsert(&article("a"), 33).unwrap(), Upsert::Updated);
        writer.commit().unwrap();
        let stored = writer.stored_hashes();
        assert_eq!(stored.get("a").unwrap(), Some(33));
        assert_eq!(stored.get("b").unwrap(), Some(22));
        assert_eq!(stored.get("c").unwrap(), None);
        writer.finish().unwrap();
        assert_eq!(index.num_articles().unwrap(), 2);
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
