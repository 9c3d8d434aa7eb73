//! `newsdex stories [QUERY] [filters] [--window DAYS]`: the matching
//! articles grouped into stories (see `newsdex_query::stories`).

use std::process::ExitCode;

use newsdex_core::dates::parse_day;
use newsdex_core::schema::Facet;
use newsdex_query::render::{json, stories as render};
use newsdex_query::{stories, SearchRequest, StoriesRequest};

use super::{open_for_reading, UsageError};
use crate::cli::{FilterArgs, StoriesCmd};
use crate::output::{print, Output};

/// `query` with the filters of `args`.
pub fn request(query: &str, args: &FilterArgs) -> anyhow::Result<SearchRequest> {
    let mut request = SearchRequest::new(query);
    for (field, values) in [
        (Facet::Source, &args.source),
        (Facet::Country, &args.country),
        (Facet::About, &args.about),
        (Facet::Vote, &args.vote),
        (Facet::Person, &args.person),
        (Facet::Language, &args.language),
    ] {
        for value in values {
            request = request.filter(field, value.clone());
        }
    }
    for (flag, value, from) in [("--from", &args.from, true), ("--to", &args.to, false)] {
        if let Some(text) = value {
            let day = parse_day(text).map_err(|err| UsageError(format!("{flag}: {err}")))?;
            request = if from {
                request.from(day)
            } else {
                request.to(day)
            };
        }
    }
    Ok(request)
}

/// A query error is a usage error showing where it went wrong.
pub fn usage(query: &str, err: newsdex_query::SearchError) -> anyhow::Error {
    match err {
        newsdex_query::SearchError::Query(err) => UsageError(err.render(query)).into(),
        other => other.into(),
    }
}

pub fn run(cmd: StoriesCmd, out: Output) -> anyhow::Result<ExitCode> {
    let search = request(&cmd.query, &cmd.filters)?;
    let index = open_for_reading(&cmd.index, out)?;
    let request = StoriesRequest::new(search)
        .window(cmd.window)
        .limit(cmd.limit);
    let found = stories(&index, &request).map_err(|err| usage(&cmd.query, err))?;
    if cmd.json {
        print(&json::to_string_pretty(&found)?)?;
    } else {
        print(&render::stories(&found))?;
    }
    Ok(ExitCode::SUCCESS)
}
