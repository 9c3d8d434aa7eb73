//! `newsdex eval places|people|orgs|html`: the country tagger, the people
//! and the organisation extractors scored against Reuters-21578 PLACES,
//! PEOPLE and ORGS labels, the
//! web-page reader against WCXB gold pages (see `newsdex_eval`). Built with the `eval` feature (on by default).

use std::fmt::Display;
use std::process::ExitCode;

use serde::Serialize;

use newsdex_eval::{
    evaluate_html, evaluate_orgs, evaluate_people, evaluate_places, score_duplicates, EvalOptions,
};

use crate::cli::{EvalCmd, EvalPlacesCmd};
use crate::output::{print, Output};

pub fn run(cmd: EvalCmd, out: Output) -> anyhow::Result<ExitCode> {
    match cmd {
        EvalCmd::Places(cmd) => {
            out.message("reading and tagging Reuters-21578 stories...");
            report(&evaluate_places(&cmd.reuters, &options(&cmd))?, cmd.json)
        }
        EvalCmd::People(cmd) => {
            out.message("reading Reuters-21578 stories and extracting people...");
            report(&evaluate_people(&cmd.reuters, &options(&cmd))?, cmd.json)
        }
        EvalCmd::Duplicates(cmd) => {
            out.message("indexing Reuters-21578 stories and comparing their groups...");
            let index = newsdex_core::NewsIndex::create_in_ram()?;
            index.indexer().index_paths(&cmd.reuters)?;
            let mut found = score_duplicates(&index)?;
            let all = newsdex_query::StoriesRequest::new(newsdex_query::SearchRequest::new(""));
            found.event_stories = Some(newsdex_query::stories(&index, &all.limit(1))?.total);
            report(&found, cmd.json)
        }
        EvalCmd::Orgs(cmd) => {
            out.message("reading Reuters-21578 stories and extracting organisations...");
            report(&evaluate_orgs(&cmd.reuters, &options(&cmd))?, cmd.json)
        }
        EvalCmd::Html(cmd) => {
            let dir = cmd
                .wcxb
                .unwrap_or_else(|| super::project_dir().join(newsdex_eval::WCXB_DIR));
            out.message(&format!(
                "reading and scoring the pages of {}...",
                dir.display()
            ));
            report(&evaluate_html(&dir)?, cmd.json)
        }
    }
}

fn options(cmd: &EvalPlacesCmd) -> EvalOptions {
    let mut options = EvalOptions::default();
    options.raw = cmd.raw;
    options
}

/// Prints a report as one JSON object or as text.
fn report<R: Serialize + Display>(report: &R, json: bool) -> anyhow::Result<ExitCode> {
    if json {
        print(&serde_json::to_string_pretty(report)?)?;
    } else {
        print(&report.to_string())?;
    }
    Ok(ExitCode::SUCCESS)
}
