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
    // `--to` is search's last publication day, and also names the engine
    // as in `newsdex export --to ENGINE`: a date is never an engine's name.
    let mut cmd = cmd;
    let named = cmd
        .filters
        .to
        .as_deref()
        .and_then(|to| <EngineArg as clap::ValueEnum>::from_str(to, true).ok());
    if named.is_some() {
        cmd.filters.to = None;
    }
    let engine = match (cmd.engine, named) {
        (Some(a), Some(b)) if a != b => {
            return Err(
                UsageError("two engines named: give one, with --to or --engine".into()).into(),
            )
        }
        (Some(engine), _) | (None, Some(engine)) => match engine {
            EngineArg::Opensearch => Engine::OpenSearch,
            EngineArg::Quickwit => Engine::Quickwit,
        },
        (None, None) => {
            return Err(UsageError(
                "name the engine: --to opensearch (or elasticsearch) or --to quickwit".into(),
            )
            .into())
        }
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
