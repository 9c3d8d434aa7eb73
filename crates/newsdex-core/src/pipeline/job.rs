//! What the calling thread hands the workers ([`Job`]) and what they hand
//! back ([`Message`]), and [`Source`], what jobs are cut from.
//!
//! Every record has a slot, its place in input order. A job is a
//! [`Piece`] of the input covering a range of slots known before it is
//! parsed (an upper bound on its records: one per item, line or `<REUTERS`
//! tag), so the calling thread can tell the workers which slots are
//! certainly inside the batch being committed (see `gate`) before anything
//! in between has been parsed.

use std::time::Duration;

use super::claims::IdKey;
use crate::article::ArticleId;
use crate::ingest::stream::{Piece, Pieces};
use crate::ingest::{IngestError, Origin, RawArticle};

/// Items an iterator-fed job holds.
pub const ITEMS_PER_JOB: usize = 16;

/// Work for one worker: a range of slots and what fills them.
#[derive(Debug)]
pub struct Job {
    /// Jobs are numbered in input order from 0.
    pub number: u64,
    /// The first slot of the job.
    pub first: u64,
    /// Slots the job covers (at least as many as it holds records).
    pub slots: u64,
    /// What to read the records from.
    pub input: Piece,
}

/// Cuts the input into pieces, in order, on the calling thread; the costly
/// reading and parsing is left to the workers.
pub trait Source {
    /// The next piece, or `None` at the end.
    fn next_piece(&mut self) -> Option<Piece>;
}

impl Source for Pieces {
    fn next_piece(&mut self) -> Option<Piece> {
        self.next()
    }
}

/// A [`Source`] over records already read.
pub struct Items<I> {
    items: I,
}

impl<I> Items<I> {
    /// Jobs of [`ITEMS_PER_JOB`] items from `items`.
    pub fn new(items: I) -> Self {
        Items { items }
    }
}

impl<I: Iterator<Item = Result<RawArticle, IngestError>>> Source for Items<I> {
    fn next_piece(&mut self) -> Option<Piece> {
        let batch: Vec<_> = self.items.by_ref().take(ITEMS_PER_JOB).collect();
        (!batch.is_empty()).then(|| Piece::items(batch))
    }
}

/// What a worker hands back.
#[derive(Debug)]
pub enum Message {
    /// Records of a job, finished, in slot order.
    Part(Part),
    /// A worker stopped the run (an index error or a panic); the reason is
    /// in the shared state.
    Stopped,
}

/// Finished records of one job: a job comes back in one or more parts, in
/// order, the last one marked.
#[derive(Debug)]
pub struct Part {
    /// The job's number.
    pub job: u64,
    /// The records, in slot order.
    pub outcomes: Vec<Outcome>,
    /// Every slot of the job below this one is finished.
    pub through: u64,
    /// Whether this is the job's last part.
    pub last: bool,
}

/// One finished record.
#[derive(Debug)]
pub struct Outcome {
    /// Its slot.
    pub slot: u64,
    /// What became of it.
    pub what: What,
}

/// What became of a record.
#[derive(Debug)]
pub enum What {
    /// It could not be read.
    Unreadable(IngestError),
    /// An article was read.
    Article(Box<Record>),
}

/// An article read by a worker, with what the calling thread needs to
/// count it as a serial run would.
#[derive(Debug)]
pub struct Record {
    /// Its id.
    pub id: ArticleId,
    /// Where it was read.
    pub origin: Origin,
    /// The id's key.
    pub key: IdKey,
    /// Its content hash.
    pub hash: u64,
    /// The hash the commit the run started from holds for the id.
    pub stored: Option<u64>,
    /// Problems met reading it (reported unless it is unchanged).
    pub warnings: Vec<String>,
    /// Bytes of input it came from.
    pub input_bytes: usize,
    /// Why it could not be indexed (cleaning found no article), if so.
    pub failed: Option<IngestError>,
}

/// Time the workers spent, summed over them.
#[derive(Debug, Clone, Copy, Default)]
pub struct WorkerTimes {
    /// Reading and parsing input.
    pub read_parse: Duration,
    /// Cleaning and extraction.
    pub clean_extract: Duration,
    /// CPU time of cleaning and extraction (the thread's own, so time spent
    /// waiting for a core is left out).
    pub clean_extract_cpu: Duration,
    /// Hashing and looking ids up.
    pub lookup: Duration,
    /// Building documents and handing them to tantivy.
    pub write: Duration,
    /// Waiting for a commit to let writes of the next batch through.
    pub waiting: Duration,
}

impl std::ops::AddAssign for WorkerTimes {
    fn add_assign(&mut self, other: Self) {
        self.read_parse += other.read_parse;
        self.clean_extract += other.clean_extract;
        self.clean_extract_cpu += other.clean_extract_cpu;
        self.lookup += other.lookup;
        self.write += other.write;
        self.waiting += other.waiting;
    }
}

/// CPU time the calling thread has used so far (zero where the platform
/// does not say).
pub fn thread_cpu_time() -> Duration {
    #[cfg(unix)]
    {
        let mut now = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `now` is a valid, writable timespec for the duration of
        // the call, and CLOCK_THREAD_CPUTIME_ID is a clock every supported
        // Unix has; on failure nothing is read from it.
        let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
        if status == 0 {
            let secs = u64::try_from(now.tv_sec).unwrap_or(0);
            let nanos = u32::try_from(now.tv_nsec).unwrap_or(0);
            return Duration::new(secs, nanos);
        }
    }
    Duration::ZERO
}
