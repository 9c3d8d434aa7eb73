//! `newsdex eval places|people`: the country tagger and the people extractor
//! scored against Reuters-21578 PLACES and PEOPLE labels (see
//! `newsdex_core::eval`).

use std::process::ExitCode;

use newsdex_core::eval::{evaluate_people, evaluate_places};

use crate::cli::EvalCmd;
use crate::output::{print, Output};

pub fn run(cmd: EvalCmd, out: Output) -> anyhow::Result<ExitCode> {
    match cmd {
        EvalCmd::Places(cmd) => {
            out.message("reading and tagging Reuters-21578 stories...");
            let report = evaluate_places(&cmd.reuters)?;
            if cmd.json {
                print(&serde_json::to_string_pretty(&report)?)?;
            } else {
                print(&report.to_string())?;
            }
            Ok(ExitCode::SUCCESS)
        }
        EvalCmd::People(cmd) => {
            out.message("reading Reuters-21578 stories and extracting people...");
            let report = evaluate_people(&cmd.reuters)?;
            if cmd.json {
                print(&serde_json::to_string_pretty(&report)?)?;
            } else {
                print(&report.to_string())?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
