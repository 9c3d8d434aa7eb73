//! `newsdex export`: articles (from PATHs, or the index) written for
//! OpenSearch/Elasticsearch or Quickwit by `newsdex_export`.

use std::process::ExitCode;

use newsdex_core::ingest::IngestOptions;
use newsdex_export::{export_index, Engine, ExportError, Exporter, Options, Summary};

use super::{open_for_reading, UsageError};
use crate::cli::{EngineArg, ExportCmd};
use crate::output::Output;

pub fn run(cmd: ExportCmd, out: Output) -> anyhow::Result<ExitCode> {
    let engine = match cmd.to {
        EngineArg::Opensearch => Engine::OpenSearch,
        EngineArg::Quickwit => Engine::Quickwit,
    };
    if !(cmd.shard_mb.is_finite() && cmd.shard_mb > 0.0) {
        return Err(UsageError(format!(
            "--shard-mb must be a number of MiB above 0, not {}",
            cmd.shard_mb
        ))
        .into());
    }
    let shard_bytes = (cmd.shard_mb * 1024.0 * 1024.0).round() as u64;
    let options = Options::named(cmd.name.clone())
        .shard_bytes(shard_bytes)
        .overwrite(cmd.force);
    let bar = out.spinner("exporting");
    let mut skipped = 0usize;
    let summary = if cmd.paths.is_empty() {
        let index = open_for_reading(&cmd.index, out)?;
        let mut exporter = Exporter::create(engine, &cmd.out, &options).map_err(cli_error)?;
        export_index(&index, &mut exporter, &mut |count| bar.set_position(count))
            .map_err(cli_error)?;
        exporter.finish().map_err(cli_error)?
    } else {
        newsdex_core::ingest::check_inputs(&cmd.paths)?;
        let mut ingest = IngestOptions::default();
        ingest.max_file_bytes = cmd.max_file_mb.saturating_mul(1024 * 1024);
        let mut exporter = Exporter::create(engine, &cmd.out, &options).map_err(cli_error)?;
        for item in newsdex_core::extract_inputs(&cmd.paths, &ingest) {
            match item {
                Err(err) => {
                    skipped += 1;
                    bar.suspend(|| out.message(&format!("skipped {err}")));
                }
                Ok(extracted) => {
                    for warning in &extracted.warnings {
                        let line = format!("warning: {}: {warning}", extracted.origin);
                        bar.suspend(|| out.message(&line));
                    }
                    exporter.add(&extracted.article, None).map_err(cli_error)?;
                    bar.inc(1);
                }
            }
        }
        exporter.finish().map_err(cli_error)?
    };
    bar.finish_and_clear();
    out.message(&report(&summary, skipped, &cmd.out));
    Ok(if skipped == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// An export error as the CLI reports it: one the user can fix is a usage
/// error (exit code 2).
fn cli_error(err: ExportError) -> anyhow::Error {
    if err.is_user_error() {
        UsageError(err.to_string()).into()
    } else {
        err.into()
    }
}

/// The last line: articles, files and bytes written, and where.
fn report(summary: &Summary, skipped: usize, out: &std::path::Path) -> String {
    let plural = |n: u64, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let definition = summary
        .definition
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(
        "exported {} to {}: {} and {} ({}), {skipped} skipped",
        plural(summary.articles, "article", "articles"),
        out.display(),
        definition,
        plural(summary.shards.len() as u64, "NDJSON file", "NDJSON files"),
        human_bytes(summary.bytes),
    )
}

fn human_bytes(bytes: u64) -> String {
    const KIB: f64 = 1024.0;
    let b = bytes as f64;
    if b >= KIB * KIB {
        format!("{:.1} MiB", b / (KIB * KIB))
    } else if b >= KIB {
        format!("{:.1} KiB", b / KIB)
    } else {
        format!("{bytes} bytes")
    }
}
