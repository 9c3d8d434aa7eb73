//! `newsdex timeline`.

use std::process::ExitCode;

use newsdex_core::schema::Facet;
use newsdex_query::render::research::{timeline_csv, timeline_json, timeline_text};
use newsdex_query::{timeline, Interval, TimelineRequest};

use super::kwic::{filters_of, query_error};
use super::{open_for_reading, UsageError};
use crate::output::{print, Output};
use crate::research_cli::{IntervalArg, TimelineCmd};

pub fn run(cmd: TimelineCmd, out: Output) -> anyhow::Result<ExitCode> {
    let filters = filters_of(&cmd.filters)?;
    if cmd.query.trim().is_empty() && filters.is_empty() {
        return Err(UsageError(
            "timeline needs a query or a filter (`*` counts every article)".into(),
        )
        .into());
    }
    let mut request = TimelineRequest::new(cmd.query.clone())
        .filters(filters)
        .interval(match cmd.by {
            IntervalArg::Day => Interval::Day,
            IntervalArg::Week => Interval::Week,
            IntervalArg::Month => Interval::Month,
            IntervalArg::Year => Interval::Year,
        })
        .normalize(cmd.normalize);
    if let Some(split) = &cmd.split {
        let facet: Facet = split
            .parse()
            .map_err(|err| UsageError(format!("--split: {err}")))?;
        request = request.split(facet);
    }
    let index = open_for_reading(&cmd.index, out)?;
    let counts = timeline(&index, &request).map_err(|err| query_error(err, &cmd.query))?;
    #[cfg(feature = "charts")]
    {
        if let Some(path) = &cmd.svg {
            super::chart::write_svg(&counts, path)?;
            out.message(&format!("chart: {}", path.display()));
        }
        if let Some(path) = &cmd.png {
            super::chart::write_png(&counts, path)?;
            out.message(&format!("chart: {}", path.display()));
        }
    }
    let rendered = if cmd.json {
        timeline_json(&counts)?
    } else if cmd.csv {
        timeline_csv(&counts)?
    } else {
        timeline_text(&counts, out.color)
    };
    print(&rendered)?;
    Ok(ExitCode::SUCCESS)
}
