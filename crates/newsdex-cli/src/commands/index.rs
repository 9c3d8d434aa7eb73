//! `newsdex index`: ingest → clean → extract → index, with a summary.

use std::process::ExitCode;

use newsdex_core::{Event, WriterOptions};

use super::{build_new, locate, UsageError};
use crate::cli::IndexCmd;
use crate::output::{print, Output};

pub fn run(cmd: IndexCmd, out: Output) -> anyhow::Result<ExitCode> {
    let location = locate(&cmd.index, out)?;
    let paths = match (cmd.paths.is_empty(), location.seed) {
        (false, _) => cmd.paths,
        (true, Some(seed)) => seed.paths,
        (true, None) => {
            return Err(UsageError(
                "no PATH given and no seed paths to index: name the files or folders \
                 (`newsdex index PATH...`), set $NEWSDEX_DATA, or name seed paths in \
                 .newsdex/config.toml"
                    .into(),
            )
            .into())
        }
    };
    newsdex_core::ingest::check_inputs(&paths)?;
    let dir = location.index;
    let writer_options = WriterOptions::default()
        .threads(cmd.threads)
        .heap_bytes(cmd.heap_mb.max(16) * 1024 * 1024);
    let mut csv_map = newsdex_core::ingest::CsvMap::new();
    for (field, column) in cmd.csv_map {
        csv_map.set(field, column);
    }
    let started = std::time::Instant::now();
    let bar = out.spinner("indexing");
    let built = build_new(&dir, |index| {
        Ok(index
            .indexer()
            .commit_every(cmd.commit_every)
            .workers(cmd.workers)
            .writer_options(writer_options)
            .max_file_bytes(cmd.max_file_mb.saturating_mul(1024 * 1024))
            .csv_map(csv_map)
            .on_event(|event| match event {
                Event::Article(_) => bar.inc(1),
                Event::Skipped(err) => bar.suspend(|| out.message(&format!("skipped {err}"))),
                Event::Warning(origin, warning) => {
                    bar.suspend(|| out.message(&format!("warning: {origin}: {warning}")))
                }
            })
            .index_paths(&paths)?)
    });
    bar.finish_and_clear();
    let (index, report) = built?;
    let seconds = started.elapsed().as_secs_f64().max(1e-6);
    let total = index.num_articles()?;
    // Throughput over the whole run (reading, analysis, writing, the last
    // commit and merges): articles read, and MB (10^6 bytes) of their input.
    let articles_per_s = report.articles() as f64 / seconds;
    let mb_per_s = report.input_bytes as f64 / 1e6 / seconds;
    if cmd.json {
        let mut value = serde_json::to_value(&report)?;
        value["index"] = serde_json::json!(dir.display().to_string());
        value["total"] = serde_json::json!(total);
        value["seconds"] = serde_json::json!(seconds);
        value["articles_per_s"] = serde_json::json!(articles_per_s);
        value["mb_per_s"] = serde_json::json!(mb_per_s);
        print(&serde_json::to_string_pretty(&value)?)?;
    } else {
        let duplicates = match report.duplicates {
            0 => String::new(),
            1 => ", 1 duplicate id (the later version kept)".to_string(),
            n => format!(", {n} duplicate ids (the later versions kept)"),
        };
        let duplicates = match report.records_skipped {
            0 => duplicates,
            1 => format!("{duplicates}, 1 crawl record without a page"),
            n => format!("{duplicates}, {n} crawl records without a page"),
        };
        let mut summary = format!(
            "indexed {} new, {} updated, {} unchanged, {} skipped{duplicates}; {} articles in {}; \
             {:.1} s, {articles_per_s:.0} articles/s, {mb_per_s:.1} MB/s",
            report.added,
            report.updated,
            report.unchanged,
            report.skipped.len(),
            total,
            dir.display(),
            seconds
        );
        for err in &report.skipped {
            summary.push_str(&format!("\n  skipped {err}"));
        }
        print(&summary)?;
    }
    Ok(if report.skipped.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}
