//! `newsdex kwic`, and the filter flags the research tools share.

use std::process::ExitCode;

use newsdex_core::dates::parse_day;
use newsdex_core::schema::Facet;
use newsdex_query::render::research::{kwic_csv, kwic_json, kwic_text};
use newsdex_query::{kwic, Filters, KwicRequest, KwicSort, SearchError};

use super::{open_for_reading, UsageError};
use crate::output::{print, Output};
use crate::research_cli::{FilterArgs, KwicCmd, KwicSortArg};

/// The filters the flags ask for; a bad date is a usage error.
pub fn filters_of(args: &FilterArgs) -> anyhow::Result<Filters> {
    let mut filters = Filters::default();
    for (field, values) in [
        (Facet::Source, &args.source),
        (Facet::Country, &args.country),
        (Facet::About, &args.about),
        (Facet::Vote, &args.vote),
        (Facet::Person, &args.person),
        (Facet::SaidBy, &args.said_by),
        (Facet::Language, &args.language),
        (Facet::Org, &args.org),
    ] {
        if !values.is_empty() {
            filters
                .facets
                .entry(field)
                .or_default()
                .extend(values.iter().cloned());
        }
    }
    let date = |flag: &str, value: &Option<String>| -> anyhow::Result<Option<time::Date>> {
        match value {
            None => Ok(None),
            Some(text) => parse_day(text)
                .map(Some)
                .map_err(|err| UsageError(format!("{flag}: {err}")).into()),
        }
    };
    filters.from = date("--from", &args.from)?;
    filters.to = date("--to", &args.to)?;
    Ok(filters)
}

/// A query error with its caret line (exit 2); other errors as they are.
pub fn query_error(err: SearchError, query: &str) -> anyhow::Error {
    match err {
        SearchError::Query(err) => UsageError(err.render(query)).into(),
        other => other.into(),
    }
}

pub fn run(cmd: KwicCmd, out: Output) -> anyhow::Result<ExitCode> {
    let request = KwicRequest::new(cmd.query.clone())
        .filters(filters_of(&cmd.filters)?)
        .context_words(cmd.context)
        .sort(match cmd.sort {
            KwicSortArg::Date => KwicSort::Date,
            KwicSortArg::Source => KwicSort::Source,
            KwicSortArg::Left => KwicSort::Left,
            KwicSortArg::Right => KwicSort::Right,
        });
    let index = open_for_reading(&cmd.index, out)?;
    let lines = kwic(&index, &request).map_err(|err| query_error(err, &cmd.query))?;
    let rendered = if cmd.json {
        kwic_json(&lines)?
    } else if cmd.csv {
        kwic_csv(&lines)?
    } else {
        kwic_text(&lines, out.color)
    };
    print(&rendered)?;
    Ok(ExitCode::SUCCESS)
}
