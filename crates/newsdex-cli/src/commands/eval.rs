//! `newsdex eval places|people`: the country tagger and the people extractor
//! scored against Reuters-21578 PLACES and PEOPLE labels (see
//! `newsdex_core::eval`).

use std::fmt::Display;
use std::process::ExitCode;

use serde::Serialize;

use newsdex_core::eval::{evaluate_people, evaluate_places};

use crate::cli::EvalCmd;
use crate::output::{print, Output};

pub fn run(cmd: EvalCmd, out: Output) -> anyhow::Result<ExitCode> {
    match cmd {
        EvalCmd::Places(cmd) => {
            out.message("reading and tagging Reuters-21578 stories...");
            report(&evaluate_places(&cmd.reuters)?, cmd.json)
        }
        EvalCmd::People(cmd) => {
            out.message("reading Reuters-21578 stories and extracting people...");
            report(&evaluate_people(&cmd.reuters)?, cmd.json)
        }
    }
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
