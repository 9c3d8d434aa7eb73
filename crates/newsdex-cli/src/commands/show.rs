//! `newsdex show ID`: one cleaned article with all its metadata.

use std::process::ExitCode;

use newsdex_query::render::text::printable_line;

use super::{open_for_reading, UsageError};
use crate::cli::ShowCmd;
use crate::output::{print, Output};

pub fn run(cmd: ShowCmd, out: Output) -> anyhow::Result<ExitCode> {
    let index = open_for_reading(&cmd.index, out)?;
    let Some(article) = index.article(&cmd.id)? else {
        return Err(UsageError(format!(
            "no article with id `{}` in the index",
            printable_line(&cmd.id)
        ))
        .into());
    };
    if cmd.json {
        print(&newsdex_query::render::json::to_string_pretty(&article)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    print(&newsdex_query::render::text::article(&article))?;
    Ok(ExitCode::SUCCESS)
}
