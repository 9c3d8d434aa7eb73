//! `newsdex coverage QUERY --by source|country|person [--normalize]`: the
//! matches per outlet, country or person, with their share of everything
//! that value holds (see `newsdex_query::coverage`).

use std::process::ExitCode;

use newsdex_core::schema::Facet;
use newsdex_query::coverage;
use newsdex_query::render::{json, stories as render};

use super::kwic::query_error;
use super::open_for_reading;
use super::stories::request;
use crate::cli::{ByArg, CoverageCmd};
use crate::output::{print, Output};

pub fn run(cmd: CoverageCmd, out: Output) -> anyhow::Result<ExitCode> {
    let search = request(&cmd.query, &cmd.filters)?;
    let index = open_for_reading(&cmd.index, out)?;
    let by = match cmd.by {
        ByArg::Source => Facet::Source,
        ByArg::Country => Facet::Country,
        ByArg::Person => Facet::Person,
    };
    let found =
        coverage(&index, &search, by, cmd.normalize).map_err(|err| query_error(err, &cmd.query))?;
    let rendered = if cmd.json {
        json::to_string_pretty(&found)?
    } else if cmd.csv {
        render::coverage_csv(&found)
    } else {
        render::coverage(&found)
    };
    print(&rendered)?;
    Ok(ExitCode::SUCCESS)
}
