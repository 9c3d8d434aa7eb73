//! `newsdex bench index|query|scaling`: a thin shell over newsdex-bench
//! (settings in, report out: text or JSON on stdout, progress on stderr).
//! Built with the `bench` feature (on by default).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use newsdex_bench::corpus::{self, Corpus};
use newsdex_bench::index_bench::{self, IndexBenchOptions};
use newsdex_bench::query_bench::{self, QueryBenchOptions};
use newsdex_bench::{scaling, Progress};
use newsdex_core::NewsIndex;

use super::{project_dir, UsageError};
use crate::cli::{BenchCmd, BenchIndexArgs, BenchQueryCmd};
use crate::output::{print, Output};

pub fn run(cmd: BenchCmd, out: Output) -> anyhow::Result<ExitCode> {
    if cfg!(debug_assertions) {
        out.message("warning: this is a debug build; use `cargo run --release -- bench ...` for real figures");
    }
    match cmd {
        BenchCmd::Index(cmd) => {
            let corpus = load(&cmd.args.paths, out)?;
            let mut options = index_options(&cmd.args);
            options.repeat = cmd.repeat;
            let report = with_progress(out, |progress| {
                index_bench::run(&corpus, &options, progress)
            })?;
            emit(&report, cmd.args.json)
        }
        BenchCmd::Scaling(cmd) => {
            let corpus = load(&cmd.args.paths, out)?;
            let options = index_options(&cmd.args);
            let report = with_progress(out, |progress| {
                let max_threads = match cmd.max_threads {
                    0 => std::thread::available_parallelism().map_or(1, usize::from),
                    n => n,
                };
                scaling::run(
                    &corpus,
                    &cmd.repeats,
                    &cmd.thread_repeats,
                    max_threads,
                    &options,
                    progress,
                )
            })?;
            if let Some(parent) = cmd.svg.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
            }
            scaling::draw_svg(&report, &cmd.svg).map_err(bench_error)?;
            out.message(&format!("chart written to {}", cmd.svg.display()));
            emit(&report, cmd.args.json)
        }
        BenchCmd::Query(cmd) => query(cmd, out),
    }
}

fn query(cmd: BenchQueryCmd, out: Output) -> anyhow::Result<ExitCode> {
    // Keeps the temporary index alive until the benchmark ends.
    let mut _temp = None;
    let index = match &cmd.index {
        Some(dir) => NewsIndex::open(dir)?,
        None => {
            let dir = tempfile::Builder::new()
                .prefix("newsdex-bench-query-")
                .tempdir()
                .context("cannot create a temporary directory")?;
            let index = match cmd.repeat {
                Some(repeat) => {
                    let corpus = load(&cmd.paths, out)?;
                    out.message(&format!(
                        "indexing the corpus {repeat} times over into a temporary index..."
                    ));
                    query_bench::build_repeated_index(&corpus, repeat as usize, dir.path())
                        .map_err(bench_error)?
                }
                None => {
                    let paths = corpus_paths(&cmd.paths, out);
                    out.message("indexing the corpus into a temporary index...");
                    query_bench::build_index(&paths, dir.path()).map_err(bench_error)?
                }
            };
            _temp = Some(dir);
            index
        }
    };
    let mut options = QueryBenchOptions::default();
    options.warmup = cmd.warmup;
    options.iterations = cmd.iterations;
    options.process_exe = std::env::current_exe().ok();
    let report = with_progress(out, |progress| query_bench::run(&index, &options, progress))?;
    emit(&report, cmd.json)
}

fn index_options(args: &BenchIndexArgs) -> IndexBenchOptions {
    let mut options = IndexBenchOptions::default();
    options.threads = args.threads;
    options.heap_bytes = args.heap_mb.saturating_mul(1024 * 1024);
    options.workers = args.workers;
    options.commit_every = args.commit_every;
    options.runs = args.runs;
    options
}

/// The given paths, or the default corpus (said on stderr).
fn corpus_paths(paths: &[PathBuf], out: Output) -> Vec<PathBuf> {
    if !paths.is_empty() {
        return paths.to_vec();
    }
    let (paths, description) = corpus::default_paths(&project_dir());
    out.message(&format!("corpus: {description}"));
    paths
}

fn load(paths: &[PathBuf], out: Output) -> anyhow::Result<Corpus> {
    let paths = corpus_paths(paths, out);
    let corpus = Corpus::load(&paths).map_err(bench_error)?;
    out.message(&format!(
        "read {} articles ({:.1} MB of text) in {:.2} s",
        corpus.len(),
        corpus.text_bytes as f64 / 1e6,
        corpus.read_parse.as_secs_f64()
    ));
    Ok(corpus)
}

/// Runs `f` with a progress bar on stderr when it is a terminal.
fn with_progress<T>(
    out: Output,
    f: impl FnOnce(&mut dyn FnMut(Progress<'_>)) -> newsdex_bench::Result<T>,
) -> anyhow::Result<T> {
    let bar = if out.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("newsdex: {msg:<12} {wide_bar} {pos}/{len} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    };
    let result = f(&mut |p: Progress<'_>| {
        bar.set_message(p.stage.to_string());
        bar.set_length(p.total);
        bar.set_position(p.done);
    });
    bar.finish_and_clear();
    result.map_err(bench_error)
}

/// A benchmark error, as a usage error (exit code 2) when the user can fix it.
fn bench_error(err: newsdex_bench::Error) -> anyhow::Error {
    if err.is_user_error() {
        anyhow::Error::new(UsageError(err.to_string()))
    } else {
        anyhow::Error::new(err)
    }
}

fn emit<R: serde::Serialize + std::fmt::Display>(
    report: &R,
    json: bool,
) -> anyhow::Result<ExitCode> {
    if json {
        print(&serde_json::to_string_pretty(report)?)?;
    } else {
        print(&report.to_string())?;
    }
    Ok(ExitCode::SUCCESS)
}
