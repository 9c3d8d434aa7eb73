//! A worker thread: everything done per article, off the calling thread.
//!
//! For each record of a job, in slot order: hash it, look its id up once in
//! the commit the run started from ([`StoredHashes`]), skip it when the
//! index already holds the same content ([`Claims::check`]), otherwise
//! clean and extract it, build its tantivy document, wait until its slot is
//! inside the batch being committed ([`Gate`]) and write it under its id's
//! claim ([`Claims::write`]). Finished records go back to the calling
//! thread in parts, in slot order; a part is sent before waiting at the
//! gate, so the calling thread always sees everything before the wait.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use crossbeam_channel::{Receiver, Sender};

use super::claims::{id_key, Check, Claims};
use super::gate::Gate;
use super::job::{thread_cpu_time, Job, Message, Outcome, Part, Record, What, WorkerTimes};
use super::process::{content_hash, note_warnings, process};
use crate::dups::{DupLookup, RunTable, Signature};
use crate::error::Error;
use crate::index::writer::{NewsWriter, StoredHashes};
use crate::ingest::RawArticle;

/// Records a worker finishes before sending them back.
pub const PART_SIZE: usize = 32;

/// Why a run stopped early.
#[derive(Debug)]
pub enum Fatal {
    /// Writing to tantivy failed (its indexing threads stopped: a full disk,
    /// a file-size limit); [`NewsWriter::failure`] tells why.
    Write(Error),
    /// Any other error (reading a damaged index).
    Other(Error),
    /// A worker panicked (the scope re-raises the panic).
    Panic,
}

/// What the workers share.
pub struct Shared<'a> {
    /// The writer.
    pub writer: &'a NewsWriter,
    /// Hashes of the commit the run started from.
    pub stored: Arc<StoredHashes>,
    /// Which version of each id is in.
    pub claims: Claims,
    /// Which slots may be written.
    pub gate: Gate,
    /// Near-duplicates in the commit the run started from.
    pub committed: DupLookup,
    /// Near-duplicates among the run's articles (see `dups::run`); `None`
    /// when near-duplicates are off.
    pub dups: Option<RunTable>,
    /// Time spent, summed over the workers.
    pub times: Mutex<WorkerTimes>,
    /// The first reason the run stopped, if it did.
    pub fatal: Mutex<Option<Fatal>>,
}

impl<'a> Shared<'a> {
    /// State for workers writing with `writer`, the gate open below `bound`.
    pub fn new(
        writer: &'a NewsWriter,
        bound: u64,
        near_duplicates: bool,
    ) -> crate::error::Result<Self> {
        Ok(Shared {
            stored: writer.stored_hashes(),
            committed: writer.dup_lookup()?,
            dups: near_duplicates.then(RunTable::new),
            writer,
            claims: Claims::default(),
            gate: Gate::new(bound),
            times: Mutex::default(),
            fatal: Mutex::default(),
        })
    }

    /// Whether the record in `slot` may be written now: the gate lets it
    /// through and its near-duplicate group can be decided.
    fn writable(&self, slot: u64) -> bool {
        self.gate.is_open(slot) && self.dups.as_ref().is_none_or(|d| d.is_settled(slot))
    }

    /// Registers slots `start..end` as holding nothing to group.
    fn register_empty(&self, start: u64, end: u64) {
        if let Some(dups) = &self.dups {
            dups.register_empty(start, end);
        }
    }

    /// Stops the run for `fatal` (the first reason is kept).
    pub fn stop(&self, fatal: Fatal) {
        self.fatal
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get_or_insert(fatal);
        self.gate.stop();
    }
}

/// Sends [`Message::Stopped`] if the worker unwinds, so the calling thread
/// never waits for a part that will not come.
struct PanicGuard<'s, 'a> {
    shared: &'s Shared<'a>,
    done: &'s Sender<Message>,
}

impl Drop for PanicGuard<'_, '_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.shared.stop(Fatal::Panic);
            let _ = self.done.send(Message::Stopped);
        }
    }
}

/// Runs jobs until the job channel closes. Once the run is stopped, the
/// remaining jobs are taken and dropped.
pub fn work(shared: &Shared<'_>, jobs: Receiver<Job>, done: Sender<Message>) {
    let _guard = PanicGuard {
        shared,
        done: &done,
    };
    let mut times = WorkerTimes::default();
    for job in jobs.iter() {
        if shared.gate.is_stopped() {
            continue;
        }
        if let Err(fatal) = run(shared, job, &done, &mut times) {
            shared.stop(fatal);
            let _ = done.send(Message::Stopped);
        }
    }
    *shared.times.lock().unwrap_or_else(PoisonError::into_inner) += times;
}

/// A record ready to be written.
struct Ready {
    record: Record,
    doc: tantivy::TantivyDocument,
}

/// Runs one job.
///
/// A record whose slot the gate does not let through yet is parked (its
/// document built), and the worker goes on analysing the records after it,
/// so that a commit does not leave it idle; it waits only once
/// [`PARK_RECORDS`] records or [`PARK_BYTES`] of input are parked. Records
/// are written, and sent back, in slot order.
fn run(
    shared: &Shared<'_>,
    job: Job,
    done: &Sender<Message>,
    times: &mut WorkerTimes,
) -> std::result::Result<(), Fatal> {
    let started = Instant::now();
    let items = job.input.parse();
    times.read_parse += started.elapsed();
    // A piece may hold fewer records than the slots it covers: the rest
    // hold nothing to group.
    let filled = job.first + items.len() as u64;
    shared.register_empty(filled, job.first + job.slots);
    let mut part = Vec::with_capacity(PART_SIZE.min(items.len()));
    let send = |outcomes: Vec<Outcome>, through: u64, last: bool| {
        // The calling thread is gone only when the run is over.
        let _ = done.send(Message::Part(Part {
            job: job.number,
            outcomes,
            through,
            last,
        }));
    };
    let mut parked = Parked::default();
    for (slot, item) in (job.first..).zip(items) {
        let pending = match item {
            Err(err) => {
                shared.register_empty(slot, slot + 1);
                Pending::Done(What::Unreadable(err))
            }
            Ok(raw) => match prepare(shared, slot, raw, times)? {
                Prepared::Done(record) => Pending::Done(What::Article(Box::new(record))),
                Prepared::Ready(ready) => Pending::Ready(ready),
            },
        };
        parked.push(slot, pending);
        while parked.drain(shared, &mut part, times)? {
            // Everything finished before the parked record goes back now:
            // the calling thread may need it to commit.
            if let (false, Some(front)) = (part.is_empty(), parked.front()) {
                send(std::mem::take(&mut part), front, false);
            }
            if !parked.is_full() {
                break;
            }
            if !parked.wait(shared, times) {
                return Ok(());
            }
        }
        if part.len() >= PART_SIZE && parked.is_empty() {
            send(std::mem::take(&mut part), slot + 1, false);
        }
    }
    while parked.drain(shared, &mut part, times)? {
        if let (false, Some(front)) = (part.is_empty(), parked.front()) {
            send(std::mem::take(&mut part), front, false);
        }
        if !parked.wait(shared, times) {
            return Ok(());
        }
    }
    send(part, job.first + job.slots, true);
    Ok(())
}

/// Records parked at most per worker.
pub const PARK_RECORDS: usize = 256;

/// Input bytes parked at most per worker (2 MiB; a parked document holds
/// about three times its input: text, stored JSON, metadata).
pub const PARK_BYTES: usize = 2 << 20;

/// A record between analysis and being sent back.
enum Pending {
    /// Finished.
    Done(What),
    /// Waiting for the gate.
    Ready(Ready),
}

/// Records of a job analysed but not yet sent back, in slot order, the
/// first of them waiting for the gate.
#[derive(Default)]
struct Parked {
    queue: VecDeque<(u64, Pending)>,
    bytes: usize,
}

impl Parked {
    fn push(&mut self, slot: u64, pending: Pending) {
        if let Pending::Ready(ready) = &pending {
            self.bytes += ready.record.input_bytes;
        }
        self.queue.push_back((slot, pending));
    }

    fn front(&self) -> Option<u64> {
        self.queue.front().map(|(slot, _)| *slot)
    }

    fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }

    fn is_full(&self) -> bool {
        self.queue.len() >= PARK_RECORDS || self.bytes >= PARK_BYTES
    }

    /// Moves records into `part` from the front, writing those the gate
    /// lets through; true when one it does not let through is left.
    fn drain(
        &mut self,
        shared: &Shared<'_>,
        part: &mut Vec<Outcome>,
        times: &mut WorkerTimes,
    ) -> std::result::Result<bool, Fatal> {
        while let Some((slot, pending)) = self.queue.pop_front() {
            let what = match pending {
                Pending::Done(what) => what,
                Pending::Ready(ready) if shared.writable(slot) => {
                    self.bytes -= ready.record.input_bytes;
                    What::Article(Box::new(write(shared, slot, ready, times)?))
                }
                Pending::Ready(ready) => {
                    self.queue.push_front((slot, Pending::Ready(ready)));
                    return Ok(true);
                }
            };
            part.push(Outcome { slot, what });
        }
        Ok(false)
    }

    /// Waits until the gate lets the first record through; false when the
    /// run stops first.
    fn wait(&self, shared: &Shared<'_>, times: &mut WorkerTimes) -> bool {
        let Some(slot) = self.front() else {
            return true;
        };
        let started = Instant::now();
        let open = shared.gate.wait(slot)
            && shared
                .dups
                .as_ref()
                .is_none_or(|d| d.wait(slot, || shared.gate.is_stopped()));
        times.waiting += started.elapsed();
        open
    }
}

/// A record after analysis.
enum Prepared {
    /// Nothing to write (unchanged, or cleaning failed).
    Done(Record),
    /// To be written.
    Ready(Ready),
}

/// Hashes, looks up, and (unless unchanged) cleans, extracts and builds
/// the document of one article.
fn prepare(
    shared: &Shared<'_>,
    slot: u64,
    mut raw: RawArticle,
    times: &mut WorkerTimes,
) -> std::result::Result<Prepared, Fatal> {
    let started = Instant::now();
    let key = id_key(raw.id.as_str());
    let hash = content_hash(&raw);
    let stored = shared.stored.get(raw.id.as_str()).map_err(Fatal::Other)?;
    note_warnings(&mut raw);
    let mut record = Record {
        id: raw.id.clone(),
        origin: raw.origin.clone(),
        key,
        hash,
        stored,
        warnings: std::mem::take(&mut raw.warnings),
        input_bytes: raw.input_bytes,
        failed: None,
    };
    let check = shared.claims.check(key, slot, hash, stored);
    times.lookup += started.elapsed();
    if check == Check::Unchanged {
        shared.register_empty(slot, slot + 1);
        return Ok(Prepared::Done(record));
    }
    let (started, cpu) = (Instant::now(), thread_cpu_time());
    let processed = process(raw);
    times.clean_extract += started.elapsed();
    times.clean_extract_cpu += thread_cpu_time().saturating_sub(cpu);
    match processed {
        Err(err) => {
            record.failed = Some(err);
            shared.register_empty(slot, slot + 1);
            Ok(Prepared::Done(record))
        }
        Ok(article) => {
            let started = Instant::now();
            let mut doc = shared.writer.document(&article, hash);
            if let Some(dups) = &shared.dups {
                let sig = Signature::of(&article.title, &article.body);
                let committed = match (&sig, shared.committed.is_empty()) {
                    (Some(sig), false) => shared.committed.best(sig).map_err(Fatal::Other)?,
                    _ => None,
                };
                if let Some(sig) = &sig {
                    crate::dups::add_signature(shared.writer.schema(), &mut doc, sig);
                }
                dups.register(slot, article.id.as_str(), sig, committed);
            }
            times.write += started.elapsed();
            Ok(Prepared::Ready(Ready { record, doc }))
        }
    }
}

/// Writes a record under its id's claim (dropped when a later version of
/// the id is in).
fn write(
    shared: &Shared<'_>,
    slot: u64,
    ready: Ready,
    times: &mut WorkerTimes,
) -> std::result::Result<Record, Fatal> {
    let started = Instant::now();
    let Ready { record, mut doc } = ready;
    let group = match &shared.dups {
        Some(dups) => dups.group(slot),
        None => crate::dups::group_of_id(record.id.as_str()),
    };
    crate::dups::add_group(shared.writer.schema(), &mut doc, group);
    let id = record.id.as_str();
    shared
        .claims
        .write(
            record.key,
            slot,
            record.hash,
            record.stored.is_some(),
            |replace| shared.writer.write(doc, replace.then_some(id)),
        )
        .map_err(Fatal::Write)?;
    times.write += started.elapsed();
    Ok(record)
}
