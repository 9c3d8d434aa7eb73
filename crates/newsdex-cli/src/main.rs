//! The `newsdex` command-line tool: a thin shell over newsdex-core and
//! newsdex-query. Each subcommand builds a library request, calls the
//! library, renders, and writes to stdout; `exit_code` maps the outcome.

mod cli;
mod commands;
mod location;
mod output;
mod research_cli;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::Cli;
use crate::output::Output;

/// Exit code for a usage or input error.
const EXIT_USAGE: u8 = 2;
/// Exit code for any other failure.
const EXIT_FAILURE: u8 = 1;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // clap prints help/version to stdout and usage errors to stderr.
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() { EXIT_USAGE } else { 0 });
        }
    };
    let out = Output::new(cli.quiet, cli.color);
    match commands::run(cli.command, out) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("newsdex: error: {err:#}");
            ExitCode::from(exit_code(&err))
        }
    }
}

/// 2 when the user can fix the problem (bad usage or input), 1 otherwise.
fn exit_code(err: &anyhow::Error) -> u8 {
    for cause in err.chain() {
        if let Some(e) = cause.downcast_ref::<newsdex_core::Error>() {
            return if e.is_user_error() {
                EXIT_USAGE
            } else {
                EXIT_FAILURE
            };
        }
        if let Some(e) = cause.downcast_ref::<newsdex_query::SearchError>() {
            return if e.is_user_error() {
                EXIT_USAGE
            } else {
                EXIT_FAILURE
            };
        }
        if cause.downcast_ref::<commands::UsageError>().is_some() {
            return EXIT_USAGE;
        }
    }
    EXIT_FAILURE
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
