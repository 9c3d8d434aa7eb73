//! The raw-tantivy reference: what tantivy alone costs for the same text.
//! Same tantivy version, same `news_en` analyzer, `title` and `body`
//! indexed with frequencies and positions and stored, a stored `id`; no
//! cleaning, no extraction, no other field.

use std::time::{Duration, Instant};

use newsdex_core::analysis::{self, NEWS_ANALYZER};
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED, STRING};
use tantivy::{Index, IndexWriter, TantivyDocument};

use super::{start, temp_dir, EngineRun, EngineSettings, Ticker, RAW_TANTIVY};
use crate::corpus::{repeat_id, Corpus};
use crate::memory::dir_size;
use crate::{Progress, Result};

/// Indexes `corpus` `settings.repeat` times over into a fresh tantivy index.
pub fn run(
    corpus: &Corpus,
    settings: &EngineSettings,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<EngineRun> {
    let dir = temp_dir(RAW_TANTIVY)?;
    let mut ticker = Ticker::new(RAW_TANTIVY, corpus, settings, progress);
    let (mut run, started) = start(RAW_TANTIVY);
    let mut builder = Schema::builder();
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(NEWS_ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let id = builder.add_text_field("id", STRING | STORED);
    let title = builder.add_text_field("title", text.clone());
    let body = builder.add_text_field("body", text);
    let index = Index::create_in_dir(dir.path(), builder.build())?;
    analysis::register(index.tokenizers());
    let mut writer: IndexWriter<TantivyDocument> =
        index.writer_with_num_threads(settings.threads, settings.heap_bytes)?;
    let mut write = Duration::ZERO;
    let mut commit = Duration::ZERO;
    let mut since_commit = 0;
    for copy in 0..settings.repeat {
        for raw in &corpus.articles {
            let step = Instant::now();
            let mut doc = TantivyDocument::default();
            doc.add_text(id, repeat_id(&raw.id, copy).as_str());
            doc.add_text(title, raw.title.as_deref().unwrap_or(""));
            doc.add_text(body, &raw.text);
            writer.add_document(doc)?;
            write += step.elapsed();
            run.docs += 1;
            ticker.tick();
            since_commit += 1;
            if settings.commit_every > 0 && since_commit >= settings.commit_every {
                let step = Instant::now();
                writer.commit()?;
                commit += step.elapsed();
                since_commit = 0;
            }
        }
    }
    let step = Instant::now();
    writer.commit()?;
    writer.wait_merging_threads()?;
    commit += step.elapsed();
    run.text_bytes = corpus.text_bytes * settings.repeat as u64;
    run.write_s = write.as_secs_f64();
    run.commit_s = commit.as_secs_f64();
    run.finish(started.elapsed());
    drop(index);
    run.index_bytes = dir_size(dir.path());
    Ok(run)
}
