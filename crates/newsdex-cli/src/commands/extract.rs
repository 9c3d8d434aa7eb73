//! `newsdex extract`: ingest → clean → extract, printed instead of indexed.

use std::process::ExitCode;

use newsdex_core::ingest::IngestOptions;
use newsdex_query::render;

use crate::cli::ExtractCmd;
use crate::output::{print, Output};

pub fn run(cmd: ExtractCmd, out: Output) -> anyhow::Result<ExitCode> {
    newsdex_core::ingest::check_inputs(&cmd.paths)?;
    let mut options = IngestOptions::default();
    options.max_file_bytes = cmd.max_file_mb.saturating_mul(1024 * 1024);
    let (mut printed, mut skipped) = (0usize, 0usize);
    for item in newsdex_core::extract_inputs(&cmd.paths, &options) {
        match item {
            Err(err) => {
                skipped += 1;
                out.message(&format!("skipped {err}"));
            }
            Ok(extracted) => {
                for warning in &extracted.warnings {
                    out.message(&format!("warning: {}: {warning}", extracted.origin));
                }
                let text = if cmd.json {
                    render::json::extracted(&extracted.article)?
                } else {
                    render::text::extracted(&extracted.article)
                };
                print(&text)?;
                printed += 1;
            }
        }
    }
    let noun = if printed == 1 { "article" } else { "articles" };
    out.message(&format!("extracted {printed} {noun}, {skipped} skipped"));
    Ok(if skipped == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}
