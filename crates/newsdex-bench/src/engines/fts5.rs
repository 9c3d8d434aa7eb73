//! The SQLite FTS5 reference: rusqlite with its bundled SQLite, one FTS5
//! table (`id` and `published` unindexed, `title` and `body` indexed) with
//! the `porter unicode61` tokenizer, one transaction per batch.

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{params, Connection};

use super::{start, temp_dir, EngineRun, EngineSettings, Ticker, FTS5};
use crate::corpus::{repeat_id, Corpus};
use crate::memory::dir_size;
use crate::{Progress, Result};

/// The table definition shared by the index and the query benchmarks.
pub const CREATE_TABLE: &str = "CREATE VIRTUAL TABLE docs USING fts5(\
     id UNINDEXED, title, body, published UNINDEXED, \
     tokenize = 'porter unicode61')";

/// Opens (creating) the FTS5 database file `path` with the `docs` table.
pub fn create(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path)?;
    conn.execute_batch(CREATE_TABLE)?;
    Ok(conn)
}

/// Indexes `corpus` `settings.repeat` times over into a fresh FTS5 table.
pub fn run(
    corpus: &Corpus,
    settings: &EngineSettings,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<EngineRun> {
    let dir = temp_dir(FTS5)?;
    let mut ticker = Ticker::new(FTS5, corpus, settings, progress);
    let (mut run, started) = start(FTS5);
    let mut conn = create(&dir.path().join("fts5.db"))?;
    let mut write = Duration::ZERO;
    let mut commit = Duration::ZERO;
    let batch = if settings.commit_every == 0 {
        usize::MAX
    } else {
        settings.commit_every
    };
    let mut pending = corpus.repeated_refs(settings.repeat).peekable();
    while pending.peek().is_some() {
        let tx = conn.transaction()?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO docs (id, title, body, published) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (copy, raw) in pending.by_ref().take(batch) {
                let step = Instant::now();
                let published = raw.published.map(|d| d.to_string());
                insert.execute(params![
                    repeat_id(&raw.id, copy).as_str(),
                    raw.title.as_deref().unwrap_or(""),
                    raw.text,
                    published
                ])?;
                write += step.elapsed();
                run.docs += 1;
                ticker.tick();
            }
        }
        let step = Instant::now();
        tx.commit()?;
        commit += step.elapsed();
    }
    run.text_bytes = corpus.text_bytes * settings.repeat as u64;
    run.write_s = write.as_secs_f64();
    run.commit_s = commit.as_secs_f64();
    run.finish(started.elapsed());
    drop(conn);
    run.index_bytes = dir_size(dir.path());
    Ok(run)
}
