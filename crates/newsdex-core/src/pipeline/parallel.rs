//! The parallel core of the pipeline: cleaning and extraction run on a small
//! pool of worker threads while the calling thread feeds them, writes the
//! finished articles in input order, and tantivy's own indexing threads
//! tokenize what was written.
//!
//! ```text
//!             ┌─▶ worker: process(raw) ─┐
//! items ─▶ caller (hash, skip unchanged) ├─▶ caller: reorder, upsert ─▶ tantivy indexing threads
//!             └─▶ worker: process(raw) ─┘
//! ```
//!
//! Invariants (the same as the serial loop it replaced):
//! - articles are upserted in input order, so when an id appears twice the
//!   later version wins and the counts (added / updated / unchanged) are the
//!   ones a serial run gives;
//! - an article whose content hash equals the stored or in-flight one is
//!   counted unchanged without being cleaned or analysed;
//! - commits happen every [`IndexOptions::commit_every`] written articles
//!   and at the end, on the calling thread only.
//!
//! At most [`WINDOW_PER_WORKER`] articles per worker are in flight, so memory
//! does not grow with the input.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use crossbeam_channel::{bounded, Receiver, Sender};

use super::options::{default_workers, IndexOptions};
use super::process::{content_hash, process};
use super::report::{Event, IngestReport, PipelineStats};
use crate::article::Article;
use crate::error::Result;
use crate::index::writer::NewsWriter;
use crate::index::writer::Upsert;
use crate::ingest::{IngestError, RawArticle, SeenIds};

/// Articles in flight per worker thread (queued, being processed, or
/// waiting to be written in order).
pub const WINDOW_PER_WORKER: usize = 64;

type Job = (u64, RawArticle);
type Done = (u64, std::result::Result<Article, IngestError>, Duration);

/// Indexes a stream of raw articles (or input errors) with `writer`:
/// cleaning and extraction in parallel, writes in order, commits every
/// [`IndexOptions::commit_every`] articles, then [`NewsWriter::finish`].
///
/// Bad items are reported in the [`IngestReport`]; only an index or disk
/// error stops the run.
pub fn index_stream(
    mut writer: NewsWriter,
    items: impl Iterator<Item = std::result::Result<RawArticle, IngestError>>,
    options: &IndexOptions,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<(IngestReport, PipelineStats)> {
    let started = Instant::now();
    let workers = if options.workers == 0 {
        default_workers()
    } else {
        options.workers
    };
    let window = workers * WINDOW_PER_WORKER;
    let (job_tx, job_rx) = bounded::<Job>(window);
    let (done_tx, done_rx) = bounded::<Done>(window);
    let mut stats = PipelineStats {
        workers,
        ..PipelineStats::default()
    };
    let outcome = std::thread::scope(|scope| {
        for _ in 0..workers {
            let job_rx = job_rx.clone();
            let done_tx = done_tx.clone();
            scope.spawn(move || work(job_rx, done_tx));
        }
        drop(job_rx);
        drop(done_tx);
        let mut feeder = Feeder {
            writer: &mut writer,
            options,
            report: IngestReport::default(),
            stats: &mut stats,
            in_flight: HashMap::new(),
            hashes: BTreeMap::new(),
            waiting: BTreeMap::new(),
            next_seq: 0,
            next_to_write: 0,
            since_commit: 0,
            seen: SeenIds::default(),
        };
        let result = feeder.run(items, &job_tx, &done_rx, window, on_event);
        // Closing the job channel ends the workers; drain what they still
        // send so none blocks on a full channel.
        drop(job_tx);
        for _ in done_rx.iter() {}
        result.map(|()| feeder.report)
    })?;
    let commit_started = Instant::now();
    writer.finish()?;
    stats.commit += commit_started.elapsed();
    stats.wall = started.elapsed();
    Ok((outcome, stats))
}

/// A worker: processes jobs until the job channel closes.
fn work(jobs: Receiver<Job>, done: Sender<Done>) {
    for (seq, raw) in jobs.iter() {
        let started = Instant::now();
        let result = process(raw);
        if done.send((seq, result, started.elapsed())).is_err() {
            return;
        }
    }
}

/// The calling thread's state: feeds the workers, writes in order.
struct Feeder<'a> {
    writer: &'a mut NewsWriter,
    options: &'a IndexOptions,
    report: IngestReport,
    stats: &'a mut PipelineStats,
    /// Id → hash of articles sent to the workers and not yet written, so a
    /// duplicate id in the stream is recognised as unchanged.
    in_flight: HashMap<String, u64>,
    /// Sequence number → (id, content hash) of the jobs in flight.
    hashes: BTreeMap<u64, (String, u64)>,
    /// Finished articles waiting for their turn to be written.
    waiting: BTreeMap<u64, std::result::Result<Article, IngestError>>,
    next_seq: u64,
    next_to_write: u64,
    since_commit: usize,
    /// Where each id was read in this run, to report duplicates.
    seen: SeenIds,
}

impl Feeder<'_> {
    fn run(
        &mut self,
        items: impl Iterator<Item = std::result::Result<RawArticle, IngestError>>,
        job_tx: &Sender<Job>,
        done_rx: &Receiver<Done>,
        window: usize,
        on_event: &mut dyn FnMut(Event<'_>),
    ) -> Result<()> {
        let mut items = items.fuse();
        let mut exhausted = false;
        loop {
            // Fill the window.
            while !exhausted && self.hashes.len() < window {
                match items.next() {
                    Some(item) => self.feed(item, job_tx, on_event)?,
                    None => exhausted = true,
                }
            }
            if self.hashes.is_empty() {
                return Ok(());
            }
            // Wait for one result, then take every other one ready, and
            // write what can be written in order.
            let Ok(done) = done_rx.recv() else {
                // The workers are gone (only if one panicked): nothing more
                // will come back.
                return Ok(());
            };
            self.accept(done);
            while let Ok(done) = done_rx.try_recv() {
                self.accept(done);
            }
            self.write_ready(on_event)?;
        }
    }

    fn accept(&mut self, (seq, result, took): Done) {
        self.stats.clean_extract += took;
        self.waiting.insert(seq, result);
    }

    /// Takes one input item: skipped, unchanged, or sent to a worker.
    fn feed(
        &mut self,
        item: std::result::Result<RawArticle, IngestError>,
        job_tx: &Sender<Job>,
        on_event: &mut dyn FnMut(Event<'_>),
    ) -> Result<()> {
        let mut raw = match item {
            Ok(raw) => raw,
            Err(err) => {
                on_event(Event::Skipped(&err));
                self.report.skipped.push(err);
                return Ok(());
            }
        };
        self.report.input_bytes += raw.input_bytes as u64;
        if let Some(earlier) = self.seen.note(&raw.id, &raw.origin) {
            let warning = format!(
                "duplicate id `{}` (also read at {earlier}); this later version is kept",
                raw.id
            );
            on_event(Event::Warning(&raw.origin, &warning));
            self.report.warnings.push((raw.origin.to_string(), warning));
            self.report.duplicates += 1;
        }
        let hash = content_hash(&raw);
        let known = match self.in_flight.get(raw.id.as_str()) {
            Some(&pending) => Some(pending),
            None => self.writer.stored_hash(raw.id.as_str())?,
        };
        if known == Some(hash) {
            self.report.unchanged += 1;
            on_event(Event::Article(&raw.id));
            return Ok(());
        }
        let limit = crate::extract::MAX_EXTRACT_BYTES;
        if raw.text.len() > limit || raw.title.as_ref().is_some_and(|t| t.len() > limit) {
            raw.warnings.push(format!(
                "longer than {} MiB: metadata (people, countries, votes, quotes) comes from its first {} MiB",
                limit >> 20,
                limit >> 20
            ));
        }
        for warning in &raw.warnings {
            on_event(Event::Warning(&raw.origin, warning));
            self.report
                .warnings
                .push((raw.origin.to_string(), warning.clone()));
        }
        let seq = self.next_seq;
        self.next_seq += 1;
        self.in_flight.insert(raw.id.0.clone(), hash);
        self.hashes.insert(seq, (raw.id.0.clone(), hash));
        if job_tx.send((seq, raw)).is_err() {
            // No worker is left (only if one panicked); the scope re-raises
            // that panic when it ends.
            self.hashes.remove(&seq);
        }
        Ok(())
    }

    /// Writes every finished article whose predecessors are all written.
    fn write_ready(&mut self, on_event: &mut dyn FnMut(Event<'_>)) -> Result<()> {
        while let Some(result) = self.waiting.remove(&self.next_to_write) {
            let seq = self.next_to_write;
            self.next_to_write += 1;
            let (id, hash) = self.hashes.remove(&seq).unwrap_or_default();
            let article = match result {
                Ok(article) => article,
                Err(err) => {
                    self.forget(&id, hash);
                    on_event(Event::Skipped(&err));
                    self.report.skipped.push(err);
                    continue;
                }
            };
            let started = Instant::now();
            let upsert = self.writer.upsert(&article, hash)?;
            self.stats.write += started.elapsed();
            self.forget(&id, hash);
            match upsert {
                Upsert::Added => self.report.added += 1,
                Upsert::Updated => self.report.updated += 1,
                Upsert::Unchanged => self.report.unchanged += 1,
            }
            on_event(Event::Article(&article.id));
            self.since_commit += 1;
            if self.options.commit_every > 0 && self.since_commit >= self.options.commit_every {
                let started = Instant::now();
                self.writer.commit()?;
                self.stats.commit += started.elapsed();
                self.since_commit = 0;
            }
        }
        Ok(())
    }

    /// Drops an id from the in-flight map once its last version is written
    /// (a later duplicate with another hash keeps its entry).
    fn forget(&mut self, id: &str, hash: u64) {
        if self.in_flight.get(id) == Some(&hash) {
            self.in_flight.remove(id);
        }
    }
}
