//! `newsdex eval places`: the country tagger scored against Reuters-21578
//! PLACES labels (see `newsdex_core::eval::places`).

use std::process::ExitCode;

use newsdex_core::eval::evaluate_places;

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
    }
}
