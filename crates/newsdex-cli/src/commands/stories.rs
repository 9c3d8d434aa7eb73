//! `newsdex stories [QUERY] [filters] [--window DAYS]`: the matching
//! articles grouped into stories (see `newsdex_query::stories`).

use std::process::ExitCode;

use newsdex_query::render::{json, stories as render};
use newsdex_query::{stories, SearchRequest, StoriesRequest};

use super::kwic::{filters_of, query_error};
use super::open_for_reading;
use crate::cli::StoriesCmd;
use crate::output::{print, Output};
use crate::research_cli::FilterArgs;

/// `query` with the filters of `args` (the flags `kwic` and `timeline`
/// take); a bad date is a usage error.
pub fn request(query: &str, args: &FilterArgs) -> anyhow::Result<SearchRequest> {
    let mut request = SearchRequest::new(query);
    request.filters = filters_of(args)?;
    Ok(request)
}

pub fn run(cmd: StoriesCmd, out: Output) -> anyhow::Result<ExitCode> {
    let search = request(&cmd.query, &cmd.filters)?;
    let index = open_for_reading(&cmd.index, out)?;
    let request = StoriesRequest::new(search)
        .window(cmd.window)
        .limit(cmd.limit);
    let found = stories(&index, &request).map_err(|err| query_error(err, &cmd.query))?;
    if cmd.json {
        print(&json::to_string_pretty(&found)?)?;
    } else {
        print(&render::stories(&found))?;
    }
    Ok(ExitCode::SUCCESS)
}
