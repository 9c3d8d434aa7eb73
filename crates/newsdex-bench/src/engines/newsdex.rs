//! newsdex's full pipeline: cleaning, extraction and indexing of every
//! newsdex field, through the same parallel pipeline `newsdex index` uses.

use newsdex_core::{Event, NewsIndex, WriterOptions};

use super::{start, temp_dir, EngineRun, EngineSettings, Ticker, NEWSDEX};
use crate::corpus::Corpus;
use crate::memory::dir_size;
use crate::{Progress, Result};

/// Indexes `corpus` `settings.repeat` times over into a fresh newsdex index.
pub fn run(
    corpus: &Corpus,
    settings: &EngineSettings,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<EngineRun> {
    run_with(corpus, settings, progress, true)
}

/// [`run`], with near-duplicate detection on or off (to measure its cost).
pub fn run_with(
    corpus: &Corpus,
    settings: &EngineSettings,
    progress: &mut dyn FnMut(Progress<'_>),
    near_duplicates: bool,
) -> Result<EngineRun> {
    let dir = temp_dir(NEWSDEX)?;
    let mut ticker = Ticker::new(NEWSDEX, corpus, settings, progress);
    let (mut run, started) = start(NEWSDEX);
    let index = NewsIndex::open_or_create(dir.path())?;
    let items = corpus.repeated(settings.repeat).map(Ok);
    let (report, stats) = index
        .indexer()
        .writer_options(
            WriterOptions::default()
                .threads(settings.threads)
                .heap_bytes(settings.heap_bytes),
        )
        .commit_every(settings.commit_every)
        .workers(settings.workers)
        .near_duplicates(near_duplicates)
        .on_event(|event| {
            if let Event::Article(_) = event {
                ticker.tick();
            }
        })
        .index_stream(items)?;
    let text_bytes = corpus.text_bytes * settings.repeat as u64;
    run.docs = report.articles() as u64;
    run.text_bytes = text_bytes;
    run.clean_extract_s = Some(stats.clean_extract.as_secs_f64());
    run.clean_extract_cpu_s = Some(stats.clean_extract_cpu.as_secs_f64());
    run.write_s = stats.write.as_secs_f64();
    run.commit_s = stats.commit.as_secs_f64();
    run.wait_s = Some(stats.waiting.as_secs_f64());
    run.finish(started.elapsed());
    drop(index);
    run.index_bytes = dir_size(dir.path());
    Ok(run)
}
