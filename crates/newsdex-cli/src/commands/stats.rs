//! `newsdex stats`: size and make-up of the index.

use std::process::ExitCode;

use newsdex_core::schema::Facet;
use newsdex_query::render;

use super::open_for_reading;
use crate::cli::StatsCmd;
use crate::output::{print, Output};

pub fn run(cmd: StatsCmd, out: Output) -> anyhow::Result<ExitCode> {
    let index = open_for_reading(&cmd.index, out)?;
    let stats = index.stats()?;
    let sources = newsdex_query::facet_values(&index, Facet::Source)?;
    if cmd.json {
        print(&render::json::stats(&stats, &sources)?)?;
    } else {
        print(&render::text::stats(&stats, &sources))?;
    }
    Ok(ExitCode::SUCCESS)
}
