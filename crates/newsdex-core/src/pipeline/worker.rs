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

use crossbeam_channel::{Receiver, Sender, TryRecvError};

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
///
/// Records a job leaves parked (waiting for the gate or for their
/// near-duplicate group to be decided) stay parked while the worker takes
/// the next job, so that the wait for another worker's earlier records
/// never leaves this one idle; before waiting for a job, the worker
/// finishes everything it holds, so that no part the calling thread needs
/// is held back meanwhile.
pub fn work(shared: &Shared<'_>, jobs: Receiver<Job>, done: Sender<Message>) {
    let _guard = PanicGuard {
        shared,
        done: &done,
    };
    let mut times = WorkerTimes::default();
    let mut held = Held::default();
    loop {
        let job = match jobs.try_recv() {
            Ok(job) => job,
            Err(TryRecvError::Empty | TryRecvError::Disconnected) => {
                if let Err(fatal) = held.finish(shared, &done, &mut times) {
                    shared.stop(fatal);
                    let _ = done.send(Message::Stopped);
                }
                match jobs.recv() {
                    Ok(job) => job,
                    Err(_) => break,
                }
            }
        };
        if shared.gate.is_stopped() {
            held.clear();
            continue;
        }
        if let Err(fatal) = run(shared, job, &mut held, &done, &mut times) {
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

/// Runs one job: analyses its records in slot order and writes those the
/// gate lets through, leaving the others parked in `held`.
///
/// A record whose slot the gate does not let through yet is parked (its
/// document built), and the worker goes on analysing the records after it,
/// so that a commit does not leave it idle; it waits only once
/// [`PARK_RECORDS`] records or [`PARK_BYTES`] of input are parked. Records
/// are written, and sent back, in slot order.
fn run(
    shared: &Shared<'_>,
    job: Job,
    held: &mut Held,
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
        held.queue.push(Parked::Record {
            slot,
            job: job.number,
            pending,
        });
        if !held.advance(shared, done, times, false)? {
            return Ok(());
        }
        if held.part.len() >= PART_SIZE && held.queue.is_empty() {
            held.send(done, slot + 1, false);
        }
    }
    held.queue.push(Parked::End {
        job: job.number,
        through: job.first + job.slots,
    });
    held.advance(shared, done, times, false)?;
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

/// What a worker holds, in slot order: records analysed but not yet sent
/// back (the first of them waiting for the gate or its group), with the
/// ends of their jobs between them. Nearly every entry is a record, so the
/// size of the small `End` does not matter, and boxing the records would
/// cost an allocation each.
#[allow(clippy::large_enum_variant)]
enum Parked {
    Record {
        slot: u64,
        job: u64,
        pending: Pending,
    },
    End {
        job: u64,
        through: u64,
    },
}

/// A worker's parked records and the part being filled, across jobs.
#[derive(Default)]
struct Held {
    queue: Queue,
    /// Finished records not yet sent, all of job `part_job`.
    part: Vec<Outcome>,
    part_job: u64,
}

impl Held {
    /// Sends the part filled so far.
    fn send(&mut self, done: &Sender<Message>, through: u64, last: bool) {
        // The calling thread is gone only when the run is over.
        let _ = done.send(Message::Part(Part {
            job: self.part_job,
            outcomes: std::mem::take(&mut self.part),
            through,
            last,
        }));
    }

    /// Writes and sends back what the gate lets through. When a record it
    /// does not let through is left, sends everything finished before it
    /// (the calling thread may need it to commit) and, when the queue is
    /// full or `to_the_end`, waits for it. False when the run stopped
    /// while waiting.
    fn advance(
        &mut self,
        shared: &Shared<'_>,
        done: &Sender<Message>,
        times: &mut WorkerTimes,
        to_the_end: bool,
    ) -> std::result::Result<bool, Fatal> {
        loop {
            if shared.gate.is_stopped() {
                self.clear();
                return Ok(false);
            }
            let Some(front) = self.drain(shared, done, times)? else {
                return Ok(true);
            };
            if !self.part.is_empty() {
                self.send(done, front, false);
            }
            if !to_the_end && !self.queue.is_full() {
                return Ok(true);
            }
            if !wait(shared, front, times) {
                self.clear();
                return Ok(false);
            }
        }
    }

    /// Writes and sends back everything held, waiting as needed.
    fn finish(
        &mut self,
        shared: &Shared<'_>,
        done: &Sender<Message>,
        times: &mut WorkerTimes,
    ) -> std::result::Result<(), Fatal> {
        self.advance(shared, done, times, true).map(|_| ())
    }

    /// Moves records into the part from the front, writing those the gate
    /// lets through and sending each job's last part at its end; the slot
    /// of the first record it does not let through, if one is left.
    fn drain(
        &mut self,
        shared: &Shared<'_>,
        done: &Sender<Message>,
        times: &mut WorkerTimes,
    ) -> std::result::Result<Option<u64>, Fatal> {
        while let Some(front) = self.queue.items.front() {
            if let Parked::Record {
                slot,
                pending: Pending::Ready(_),
                ..
            } = front
            {
                if !shared.writable(*slot) {
                    return Ok(Some(*slot));
                }
            }
            let Some(parked) = self.queue.pop() else {
                break;
            };
            let (slot, job, what) = match parked {
                Parked::End { job, through } => {
                    self.part_job = job;
                    self.send(done, through, true);
                    continue;
                }
                Parked::Record {
                    slot,
                    job,
                    pending: Pending::Done(what),
                } => (slot, job, what),
                Parked::Record {
                    slot,
                    job,
                    pending: Pending::Ready(ready),
                } => (
                    slot,
                    job,
                    What::Article(Box::new(write(shared, slot, ready, times)?)),
                ),
            };
            self.part_job = job;
            self.part.push(Outcome { slot, what });
        }
        Ok(None)
    }

    /// Drops everything held (the run stopped).
    fn clear(&mut self) {
        self.queue = Queue::default();
        self.part.clear();
    }
}

/// The parked queue, with the input bytes its records hold.
#[derive(Default)]
struct Queue {
    items: VecDeque<Parked>,
    bytes: usize,
    records: usize,
}

impl Queue {
    fn size(parked: &Parked) -> Option<usize> {
        match parked {
            Parked::Record {
                pending: Pending::Ready(ready),
                ..
            } => Some(ready.record.input_bytes),
            Parked::Record { .. } => Some(0),
            Parked::End { .. } => None,
        }
    }

    fn push(&mut self, parked: Parked) {
        if let Some(bytes) = Self::size(&parked) {
            self.bytes += bytes;
            self.records += 1;
        }
        self.items.push_back(parked);
    }

    fn pop(&mut self) -> Option<Parked> {
        let parked = self.items.pop_front()?;
        if let Some(bytes) = Self::size(&parked) {
            self.bytes -= bytes;
            self.records -= 1;
        }
        Some(parked)
    }

    fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    fn is_full(&self) -> bool {
        self.records >= PARK_RECORDS || self.bytes >= PARK_BYTES
    }
}

/// Waits until the record in `slot` may be written: the gate lets it
/// through and its group can be decided; false when the run stops first.
fn wait(shared: &Shared<'_>, slot: u64, times: &mut WorkerTimes) -> bool {
    let started = Instant::now();
    let open = shared.gate.wait(slot)
        && shared
            .dups
            .as_ref()
            .is_none_or(|d| d.wait(slot, || shared.gate.is_stopped()));
    times.waiting += started.elapsed();
    open
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
