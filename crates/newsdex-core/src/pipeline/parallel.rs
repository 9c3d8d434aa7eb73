//! The parallel core of the pipeline. The calling thread cuts the input
//! into jobs and reads the results back in input order; the workers do
//! everything done per article, tantivy's indexing threads tokenize what
//! they wrote.
//!
//! ```text
//!                    ┌─▶ worker: parse, hash, look up, clean, extract, build, write ─┐
//! source ─▶ caller ──┤                                                                ├─▶ caller: count, events, commit
//!   (jobs of slots)  └─▶ worker: …                                          ─▶ tantivy ┘
//! ```
//!
//! Invariants (the same as the serial loop this replaced):
//! - when an id appears twice, the later version is the one left in the
//!   index ([`Claims`](super::claims::Claims): writes of one id follow
//!   input order, an earlier version finishing later is dropped);
//! - the counts (added / updated / unchanged / skipped), warnings and
//!   events are the ones a serial run gives, in input order: the calling
//!   thread works them out from each record's hash and stored hash
//!   ([`Ledger`]);
//! - an article whose content hash equals the one in the index is counted
//!   unchanged without being cleaned or analysed;
//! - each commit holds exactly the first written articles of the input in
//!   whole batches of [`IndexOptions::commit_every`]: a worker writes a
//!   record only once its slot is certainly inside the batch
//!   ([`Gate`](super::gate::Gate)), and the calling thread commits once
//!   every slot up to the batch's last article has come back.
//!
//! At most [`WINDOW_PER_WORKER`] records per worker are in flight, so memory
//! does not grow with the input.

use std::collections::{BTreeMap, VecDeque};
use std::time::Instant;

use crossbeam_channel::{bounded, unbounded, Receiver, Sender};

use super::job::{Items, Job, Message, Outcome, Part, Source, What, ITEMS_PER_JOB};
use super::ledger::Ledger;
use super::options::{default_workers, IndexOptions};
use super::report::{Event, IngestReport, PipelineStats};
use super::worker::{self, Fatal, Shared};
use crate::error::Result;
use crate::index::writer::NewsWriter;
use crate::ingest::{IngestError, RawArticle};

/// Records in flight per worker thread (queued, being processed, or
/// waiting to be counted in order), about.
pub const WINDOW_PER_WORKER: usize = 64;

/// Indexes a stream of raw articles (or input errors) with `writer`:
/// everything per article on the worker threads, commits every
/// [`IndexOptions::commit_every`] articles, then [`NewsWriter::finish`].
///
/// Bad items are reported in the [`IngestReport`]; only an index or disk
/// error stops the run.
pub fn index_stream(
    writer: NewsWriter,
    items: impl Iterator<Item = std::result::Result<RawArticle, IngestError>>,
    options: &IndexOptions,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<(IngestReport, PipelineStats)> {
    index_source(writer, &mut Items::new(items), options, on_event)
}

/// Indexes the jobs `source` cuts (see [`index_stream`]).
pub(crate) fn index_source(
    writer: NewsWriter,
    source: &mut dyn Source,
    options: &IndexOptions,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<(IngestReport, PipelineStats)> {
    let started = Instant::now();
    let workers = if options.workers == 0 {
        default_workers()
    } else {
        options.workers
    };
    let max_jobs = (workers * WINDOW_PER_WORKER / ITEMS_PER_JOB).max(2);
    let batch = match options.commit_every {
        0 => u64::MAX,
        n => n as u64,
    };
    let mut stats = PipelineStats {
        workers,
        ..PipelineStats::default()
    };
    let shared = Shared::new(&writer, batch, options.near_duplicates)?;
    let (job_tx, job_rx) = bounded::<Job>(max_jobs);
    let (done_tx, done_rx) = unbounded::<Message>();
    let outcome = std::thread::scope(|scope| {
        for n in 0..workers {
            let (jobs, done, shared) = (job_rx.clone(), done_tx.clone(), &shared);
            let spawned = std::thread::Builder::new()
                .name(format!("newsdex-work-{n}"))
                .spawn_scoped(scope, move || worker::work(shared, jobs, done));
            if let Err(err) = spawned {
                // No thread to spare: the workers started so far do the work.
                if n == 0 {
                    return Err(crate::error::Error::io("cannot start a worker thread", err));
                }
                break;
            }
        }
        drop(job_rx);
        drop(done_tx);
        let mut caller = Caller {
            shared: &shared,
            batch,
            report: IngestReport::default(),
            ledger: Ledger::default(),
            waiting: BTreeMap::new(),
            next_job: 0,
            jobs_sent: 0,
            next_slot: 0,
            frontier: 0,
            written: 0,
            stats: &mut stats,
        };
        let result = caller.run(source, &job_tx, &done_rx, max_jobs, on_event);
        if result.is_err() {
            shared.gate.stop();
        }
        // Closing the job channel ends the workers.
        drop(job_tx);
        result.map(|()| caller.report)
    });
    let fatal = shared
        .fatal
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .take();
    let times = *shared
        .times
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    drop(shared);
    match fatal {
        Some(Fatal::Write(err)) => return Err(writer.failure().map_or(err, Into::into)),
        Some(Fatal::Other(err)) => return Err(err),
        // The scope has re-raised a worker's panic already.
        Some(Fatal::Panic) | None => {}
    }
    let report = outcome?;
    let commit_started = Instant::now();
    writer.finish()?;
    stats.commit += commit_started.elapsed();
    stats.read_parse = times.read_parse;
    stats.clean_extract = times.clean_extract;
    stats.clean_extract_cpu = times.clean_extract_cpu;
    stats.lookup = times.lookup;
    stats.write = times.write;
    stats.waiting = times.waiting;
    stats.wall = started.elapsed();
    Ok((report, stats))
}

/// The calling thread's state: sends jobs, counts results in input order,
/// commits.
struct Caller<'s, 'a> {
    shared: &'s Shared<'a>,
    /// Articles per commit (`u64::MAX`: only at the end).
    batch: u64,
    report: IngestReport,
    ledger: Ledger,
    /// Parts of jobs after `next_job`, waiting for their turn.
    waiting: BTreeMap<u64, VecDeque<Part>>,
    /// The job whose parts are counted next.
    next_job: u64,
    jobs_sent: u64,
    /// The first slot of the next job to send.
    next_slot: u64,
    /// Every slot below this one is counted.
    frontier: u64,
    /// Articles written in the current batch.
    written: u64,
    stats: &'s mut PipelineStats,
}

impl Caller<'_, '_> {
    fn run(
        &mut self,
        source: &mut dyn Source,
        job_tx: &Sender<Job>,
        done_rx: &Receiver<Message>,
        max_jobs: usize,
        on_event: &mut dyn FnMut(Event<'_>),
    ) -> Result<()> {
        let mut exhausted = false;
        loop {
            // Keep the window full: never more jobs out than the job channel
            // holds, so sending never blocks.
            while !exhausted && self.jobs_sent - self.next_job < max_jobs as u64 {
                let Some(input) = source.next_piece() else {
                    exhausted = true;
                    break;
                };
                let slots = input.slots();
                let job = Job {
                    number: self.jobs_sent,
                    first: self.next_slot,
                    slots,
                    input,
                };
                self.jobs_sent += 1;
                self.next_slot += slots;
                if job_tx.send(job).is_err() {
                    return Ok(());
                }
            }
            if exhausted && self.next_job == self.jobs_sent {
                return Ok(());
            }
            match done_rx.recv() {
                Ok(Message::Part(part)) => self.accept(part),
                // A worker stopped the run; the caller of `run` reports why.
                Ok(Message::Stopped) | Err(_) => return Ok(()),
            }
            while let Ok(message) = done_rx.try_recv() {
                match message {
                    Message::Part(part) => self.accept(part),
                    Message::Stopped => return Ok(()),
                }
            }
            self.count_ready(on_event)?;
        }
    }

    fn accept(&mut self, part: Part) {
        self.waiting.entry(part.job).or_default().push_back(part);
    }

    /// Counts every part whose predecessors are all counted, committing at
    /// each batch's end and moving the gate on.
    fn count_ready(&mut self, on_event: &mut dyn FnMut(Event<'_>)) -> Result<()> {
        while let Some(part) = self
            .waiting
            .get_mut(&self.next_job)
            .and_then(VecDeque::pop_front)
        {
            for outcome in part.outcomes {
                self.count(outcome, on_event)?;
            }
            self.frontier = self.frontier.max(part.through);
            if part.last {
                self.waiting.remove(&self.next_job);
                self.next_job += 1;
            }
            self.shared
                .gate
                .raise(self.frontier.saturating_add(self.batch - self.written));
        }
        Ok(())
    }

    /// Counts one record as a serial run would.
    fn count(&mut self, outcome: Outcome, on_event: &mut dyn FnMut(Event<'_>)) -> Result<()> {
        self.frontier = outcome.slot + 1;
        let record = match outcome.what {
            What::Unreadable(err) => {
                on_event(Event::Skipped(&err));
                self.report.skipped.push(err);
                return Ok(());
            }
            What::Article(record) => record,
        };
        self.report.input_bytes += record.input_bytes as u64;
        let (earlier, indexed) = self.ledger.note(record.key, &record.origin);
        if let Some(earlier) = earlier {
            let warning = format!(
                "duplicate id `{}` (also read at {earlier}); this later version is kept",
                record.id
            );
            on_event(Event::Warning(&record.origin, &warning));
            self.report
                .warnings
                .push((record.origin.to_string(), warning));
            self.report.duplicates += 1;
        }
        let current = indexed.or(record.stored);
        if current == Some(record.hash) {
            self.report.unchanged += 1;
            on_event(Event::Article(&record.id));
            return Ok(());
        }
        for warning in &record.warnings {
            on_event(Event::Warning(&record.origin, warning));
            self.report
                .warnings
                .push((record.origin.to_string(), warning.clone()));
        }
        if let Some(err) = record.failed {
            on_event(Event::Skipped(&err));
            self.report.skipped.push(err);
            return Ok(());
        }
        if current.is_some() {
            self.report.updated += 1;
        } else {
            self.report.added += 1;
        }
        self.ledger.indexed(record.key, record.hash);
        on_event(Event::Article(&record.id));
        self.written += 1;
        if self.written >= self.batch {
            // Every slot up to this one is counted, none after it written
            // (the gate held them): the commit holds exactly this batch.
            let started = Instant::now();
            self.shared.writer.commit_shared()?;
            self.stats.commit += started.elapsed();
            self.written = 0;
            self.shared
                .gate
                .raise(self.frontier.saturating_add(self.batch));
        }
        Ok(())
    }
}
