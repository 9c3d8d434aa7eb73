//! One module per subcommand, plus the index location rules they share.

#[cfg(feature = "bench")]
mod bench;
#[cfg(feature = "eval")]
mod eval;
mod facets;
mod index;
mod search;
mod show;
mod stats;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use newsdex_core::NewsIndex;

use crate::cli::{Command, IndexArg};
use crate::output::Output;

/// A usage error found by the CLI itself (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Runs a subcommand.
pub fn run(command: Command, out: Output) -> anyhow::Result<ExitCode> {
    match command {
        Command::Index(cmd) => index::run(cmd, out),
        Command::Search(cmd) => search::run(cmd, out),
        Command::Facets(cmd) => facets::run(cmd, out),
        Command::Show(cmd) => show::run(cmd, out),
        Command::Stats(cmd) => stats::run(cmd, out),
        #[cfg(feature = "eval")]
        Command::Eval(cmd) => eval::run(cmd, out),
        #[cfg(feature = "bench")]
        Command::Bench(cmd) => bench::run(cmd, out),
    }
}

/// The newsdex project directory (where `data/` lives), fixed at build time.
fn project_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The bundled articles: `$NEWSDEX_DATA`, else `data/` in the project.
pub fn bundled_data() -> PathBuf {
    std::env::var_os("NEWSDEX_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| project_dir().join("data"))
}

/// The default index: `$NEWSDEX_INDEX`, else `.newsdex/index` in the project.
pub fn default_index() -> PathBuf {
    std::env::var_os("NEWSDEX_INDEX")
        .map(PathBuf::from)
        .unwrap_or_else(|| project_dir().join(".newsdex/index"))
}

/// Opens the index for reading. An explicit `--index DIR` must hold an
/// index; the default index is built from the bundled articles the first
/// time it is needed.
pub fn open_for_reading(arg: &IndexArg, out: Output) -> anyhow::Result<NewsIndex> {
    if let Some(dir) = &arg.index {
        return Ok(NewsIndex::open(dir)?);
    }
    let dir = default_index();
    if !NewsIndex::exists(&dir) {
        let data = bundled_data();
        out.message(&format!(
            "no index yet at {}: building it from the bundled articles in {}",
            dir.display(),
            data.display()
        ));
        let index = NewsIndex::open_or_create(&dir)?;
        let report =
            newsdex_core::pipeline::index_paths(&index, &[data], &Default::default(), &mut |_| {})
                .context("building the default index")?;
        out.message(&format!("indexed {} articles", report.articles()));
        return Ok(index);
    }
    Ok(NewsIndex::open(&dir)?)
}
