//! `newsdex translate`: a search as the request an OpenSearch/Elasticsearch
//! or Quickwit cluster answers.

use std::process::ExitCode;

use anyhow::Context;
use newsdex_core::NewsIndex;
use newsdex_export::{Engine, Translator};
use newsdex_query::render::json::to_string_pretty;
use newsdex_query::{SearchRequest, Sort};

use super::kwic::filters_of;
use super::UsageError;
use crate::cli::{EngineArg, SortArg, TranslateCmd};
use crate::output::{print, Output};

pub fn run(cmd: TranslateCmd, out: Output) -> anyhow::Result<ExitCode> {
    // `newsdex export` names its engine with `--to`; here `--to` is the
    // date filter of search, so an engine there is a slip worth naming.
    let slip = cmd
        .filters
        .to
        .as_deref()
        .filter(|to| <EngineArg as clap::ValueEnum>::from_str(to, true).is_ok());
    let engine = match (cmd.engine, slip) {
        (_, Some(to)) => {
            return Err(UsageError(format!(
                "--to is the last publication day (as in `newsdex search`); \
                 name the engine with --engine {to}"
            ))
            .into())
        }
        (None, None) => {
            return Err(UsageError(
                "name the engine: --engine opensearch (or elasticsearch) or --engine quickwit"
                    .into(),
            )
            .into())
        }
        (Some(EngineArg::Opensearch), None) => Engine::OpenSearch,
        (Some(EngineArg::Quickwit), None) => Engine::Quickwit,
    };
    let mut request = SearchRequest::new(cmd.query.clone())
        .sort(match cmd.sort {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Date => Sort::Date,
        })
        .limit(cmd.limit)
        .offset(cmd.offset)
        .facet_limit(cmd.facet_limit);
    request.filters = filters_of(&cmd.filters)?;
    // Only an index named on the command line: translating never builds
    // or reads the default one.
    let index = match &cmd.index {
        Some(dir) => {
            out.message(&format!("index: {}", dir.display()));
            Some(NewsIndex::open(dir)?)
        }
        None => None,
    };
    let mut translator = Translator::new(engine);
    if let Some(index) = &index {
        translator = translator.index(index);
    }
    let translation = translator.translate(&request).map_err(|err| {
        if err.is_user_error() {
            anyhow::Error::from(UsageError(err.render(&cmd.query)))
        } else {
            anyhow::Error::from(err)
        }
    })?;
    let json = to_string_pretty(&translation.body).context("writing the request as JSON")?;
    print(&json)?;
    Ok(ExitCode::SUCCESS)
}
