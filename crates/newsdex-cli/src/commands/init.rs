//! `newsdex init`: make a folder a newsdex project (a `.newsdex` folder with
//! a commented `config.toml` and an empty index), as `git init` does.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use super::{build_new, UsageError};
use crate::cli::InitCmd;
use crate::location::{normalise, CONFIG_FILE, CONFIG_TEMPLATE, INDEX_DIR, PROJECT_DIR};
use crate::output::{print, Output};

pub fn run(cmd: InitCmd, _out: Output) -> anyhow::Result<ExitCode> {
    let folder = normalise(cmd.dir.as_deref().unwrap_or(Path::new(".")));
    let project = folder.join(PROJECT_DIR);
    if project.is_dir() {
        print(&format!(
            "{} already exists; nothing changed",
            project.display()
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    if project.exists() {
        return Err(UsageError(format!(
            "{} exists and is not a folder; nothing changed",
            project.display()
        ))
        .into());
    }
    let config = project.join(CONFIG_FILE);
    let index = project.join(INDEX_DIR);
    // If anything fails, build_new removes every folder it made: a failed
    // init leaves no half-made `.newsdex` behind.
    build_new(&index, |_| {
        std::fs::write(&config, CONFIG_TEMPLATE)
            .with_context(|| format!("cannot write {}", config.display()))
    })?;
    print(&format!(
        "created {}\ncreated {} (no seed)\ncreated {} (empty index)",
        project.display(),
        config.display(),
        index.display()
    ))?;
    Ok(ExitCode::SUCCESS)
}
