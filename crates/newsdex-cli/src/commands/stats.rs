//! `newsdex stats`: size and make-up of the index.

use std::process::ExitCode;

use newsdex_core::analysis::ANALYZER_VERSION;
use walkdir::WalkDir;

use super::open_for_reading;
use crate::cli::StatsCmd;
use crate::output::{print, Output};

pub fn run(cmd: StatsCmd, out: Output) -> anyhow::Result<ExitCode> {
    let index = open_for_reading(&cmd.index, out)?;
    let articles = index.num_articles()?;
    let path = index
        .path()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let bytes: u64 = index
        .path()
        .map(|p| {
            WalkDir::new(p)
                .into_iter()
                .filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0);
    let segments = index.searcher()?.segment_readers().len();
    let sources = newsdex_query::facet_values(&index, newsdex_core::schema::Facet::Source)?;
    if cmd.json {
        let value = serde_json::json!({
            "index": path,
            "articles": articles,
            "segments": segments,
            "bytes_on_disk": bytes,
            "analyzer": ANALYZER_VERSION,
            "sources": sources,
        });
        print(&serde_json::to_string_pretty(&value)?)?;
    } else {
        let mut text = format!(
            "index:     {path}\narticles:  {articles}\nsegments:  {segments}\non disk:   {:.1} MiB\nanalyzer:  {ANALYZER_VERSION}\nsources:\n",
            bytes as f64 / (1024.0 * 1024.0)
        );
        text.push_str(&newsdex_query::render::text::facet_lines(&sources));
        print(&text)?;
    }
    Ok(ExitCode::SUCCESS)
}
