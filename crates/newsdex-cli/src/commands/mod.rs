//! One module per subcommand, plus the index location rules they share.

#[cfg(feature = "bench")]
mod bench;
#[cfg(feature = "charts")]
mod chart;
mod coverage;
#[cfg(feature = "eval")]
mod eval;
mod export;
mod export_engine;
mod extract;
mod facets;
mod index;
mod init;
mod kwic;
mod search;
#[cfg(feature = "serve")]
mod serve;
mod show;
mod stats;
mod stories;
mod timeline;
mod translate;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use newsdex_core::NewsIndex;

use crate::cli::{Command, IndexArg};
use crate::location::{self, Location};
use crate::output::Output;

/// A usage error found by the CLI itself (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Runs a subcommand.
pub fn run(command: Command, out: Output) -> anyhow::Result<ExitCode> {
    match command {
        Command::Init(cmd) => init::run(cmd, out),
        Command::Index(cmd) => index::run(cmd, out),
        Command::Search(cmd) => search::run(cmd, out),
        Command::Extract(cmd) => extract::run(cmd, out),
        Command::Export(cmd) => export_engine::run(cmd, out),
        Command::Facets(cmd) => facets::run(cmd, out),
        Command::Show(cmd) => show::run(cmd, out),
        Command::Stats(cmd) => stats::run(cmd, out),
        Command::Kwic(cmd) => kwic::run(cmd, out),
        Command::Timeline(cmd) => timeline::run(cmd, out),
        Command::Stories(cmd) => stories::run(cmd, out),
        Command::Coverage(cmd) => coverage::run(cmd, out),
        Command::Translate(cmd) => translate::run(cmd, out),
        #[cfg(feature = "eval")]
        Command::Eval(cmd) => eval::run(cmd, out),
        #[cfg(feature = "bench")]
        Command::Bench(cmd) => bench::run(cmd, out),
        #[cfg(feature = "serve")]
        Command::Serve(cmd) => serve::run(cmd, out),
    }
}

/// The newsdex source checkout, fixed at build time. Only `newsdex bench`
/// uses it, to find the shared benchmark corpus beside the checkout; the
/// index location never depends on it (see [`crate::location`]).
#[cfg(feature = "bench")]
fn project_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Settles the index this run uses (see [`crate::location`]) and names it
/// on stderr.
pub fn locate(arg: &IndexArg, out: Output) -> anyhow::Result<Location> {
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    let data_dir =
        directories::ProjectDirs::from("", "", "newsdex").map(|dirs| dirs.data_dir().to_path_buf());
    let location = location::resolve(
        arg.index.as_deref(),
        &location::Env::from_process(),
        &cwd,
        data_dir.as_deref(),
    )
    .map_err(|err| UsageError(err.to_string()))?;
    out.message(&format!("index: {}", location.index.display()));
    Ok(location)
}

/// `index`, also held until the process exits: a one-shot command then
/// leaves its files mapped for the kernel to let go at exit, all at once,
/// instead of unmapping each of them (about fifty at 170,000 articles) when
/// the index is dropped, which took 1 ms of a 9 ms `newsdex search`
/// (`strace -c`). Only the first index a process opens is held.
fn kept_until_exit(index: NewsIndex) -> NewsIndex {
    static KEPT: std::sync::OnceLock<NewsIndex> = std::sync::OnceLock::new();
    let _ = KEPT.set(index.clone());
    index
}

/// Opens the index for reading. An explicit `--index DIR` must hold an
/// index; a default one that does not exist yet is built from the seed
/// paths, and without a seed it is an error that says how to make one.
pub fn open_for_reading(arg: &IndexArg, out: Output) -> anyhow::Result<NewsIndex> {
    let location = locate(arg, out)?;
    let dir = &location.index;
    if NewsIndex::exists(dir) || !location.builds_on_first_read() {
        return Ok(kept_until_exit(NewsIndex::open(dir)?));
    }
    let Some(seed) = &location.seed else {
        return Err(UsageError(format!(
            "no index at {} yet: index some articles with `newsdex index PATH...`, \
             or name seed paths in a .newsdex/config.toml (see `newsdex init`)",
            dir.display()
        ))
        .into());
    };
    let context = || format!("building the index from {}", seed.origin);
    newsdex_core::ingest::check_inputs(&seed.paths).with_context(context)?;
    let paths: Vec<String> = seed.paths.iter().map(|p| p.display().to_string()).collect();
    out.message(&format!(
        "no index yet: building it from {} ({})",
        paths.join(", "),
        seed.origin
    ));
    let (index, ()) = build_new(dir, |index| {
        let report = index
            .indexer()
            .index_paths(&seed.paths)
            .with_context(context)?;
        for err in &report.skipped {
            out.message(&format!("skipped {err}"));
        }
        if report.articles() == 0 {
            return Err(UsageError(format!(
                "{}: no articles found in {}; no index was made",
                context(),
                paths.join(", ")
            ))
            .into());
        }
        out.message(&format!("indexed {} articles", report.articles()));
        Ok(())
    })?;
    Ok(index)
}

/// Creates (or opens) the index at `dir` and runs `fill` on it. When that
/// fails, whatever this call created is removed again, so that a failed
/// first build leaves no empty index behind: the folders it made, or the
/// files it put in a folder that was empty before. Nothing is removed when
/// the index is locked: then another process created it and is filling it.
pub fn build_new<T>(
    dir: &Path,
    fill: impl FnOnce(&NewsIndex) -> anyhow::Result<T>,
) -> anyhow::Result<(NewsIndex, T)> {
    let undo = Undo::before_creating(dir);
    let result = NewsIndex::open_or_create(dir)
        .map_err(anyhow::Error::from)
        .and_then(|index| fill(&index).map(|filled| (index, filled)));
    if let Err(err) = &result {
        let locked = err.chain().any(|cause| {
            matches!(
                cause.downcast_ref::<newsdex_core::Error>(),
                Some(newsdex_core::Error::IndexLocked { .. })
            )
        });
        if !locked {
            undo.run();
        }
    }
    result
}

/// What to remove when creating an index fails.
enum Undo {
    /// The topmost folder that did not exist before.
    RemoveDir(PathBuf),
    /// A folder that existed and was empty: empty it again.
    EmptyDir(PathBuf),
    /// The folder held something already (an index, or files of the user's).
    Nothing,
}

impl Undo {
    fn before_creating(dir: &Path) -> Undo {
        if dir.exists() {
            let empty = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none());
            return if empty {
                Undo::EmptyDir(dir.to_path_buf())
            } else {
                Undo::Nothing
            };
        }
        let mut topmost = dir;
        while let Some(parent) = topmost.parent() {
            if parent.as_os_str().is_empty() || parent.exists() {
                break;
            }
            topmost = parent;
        }
        Undo::RemoveDir(topmost.to_path_buf())
    }

    /// Best effort: the error that made us undo is the one to report.
    fn run(self) {
        match self {
            Undo::RemoveDir(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Undo::EmptyDir(dir) => {
                for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                    let path = entry.path();
                    let _ = if entry.file_type().is_ok_and(|t| t.is_dir()) {
                        std::fs::remove_dir_all(path)
                    } else {
                        std::fs::remove_file(path)
                    };
                }
            }
            Undo::Nothing => {}
        }
    }
}
