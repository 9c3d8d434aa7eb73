//! `newsdex search`.

use std::process::ExitCode;

use newsdex_query::render::{json, text};
use newsdex_query::{search, SearchRequest, Sort};

use super::{open_for_reading, UsageError};
use crate::cli::{SearchCmd, SortArg};
use crate::output::{print, Output};

pub fn run(cmd: SearchCmd, out: Output) -> anyhow::Result<ExitCode> {
    let mut request = SearchRequest::new(cmd.query.clone())
        .sort(match cmd.sort {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Date => Sort::Date,
        })
        .limit(cmd.limit)
        .offset(cmd.offset)
        .facets(cmd.facets || cmd.json)
        .facet_limit(cmd.facet_limit)
        .explain(cmd.explain)
        .snippets(cmd.snippets)
        .collapse(cmd.collapse);
    if let Some(words) = cmd.context {
        request = request.context_words(words);
    }
    request.filters = super::kwic::filters_of(&cmd.filters)?;
    let index = open_for_reading(&cmd.index, out)?;
    if cmd.explain_query {
        let explained = match newsdex_query::explain_query(&index, &cmd.query) {
            Ok(explained) => explained,
            Err(newsdex_query::SearchError::Query(err)) => {
                return Err(UsageError(err.render(&cmd.query)).into());
            }
            Err(other) => return Err(other.into()),
        };
        print(&if cmd.json {
            json::query_explanation(&explained)
        } else {
            text::query_explanation(&explained)
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    if let (true, Some(format)) = (cmd.all, cmd.format) {
        super::export::run(&index, &request, format, out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let results = match search(&index, &request) {
        Ok(results) => results,
        Err(newsdex_query::SearchError::Query(err)) => {
            return Err(UsageError(err.render(&cmd.query)).into());
        }
        Err(other) => return Err(other.into()),
    };
    if results.expansions_truncated {
        out.message(&format!(
            "note: a fuzzy or prefix word matched more than {} words in a field; \
             only the closest were searched",
            newsdex_query::MAX_EXPANSIONS
        ));
    }
    let rendered = if cmd.json {
        json::render(&results)
    } else {
        text::render(&results, out.color, cmd.facets)
    };
    print(&rendered)?;
    Ok(ExitCode::SUCCESS)
}
