//! `newsdex serve`: the search page and JSON API of `newsdex-serve` on one
//! address, until Ctrl-C.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;

use super::open_for_reading;
use crate::cli::ServeCmd;
use crate::output::Output;

pub fn run(cmd: ServeCmd, out: Output) -> anyhow::Result<ExitCode> {
    let index = open_for_reading(&cmd.index, out)?;
    if !newsdex_serve::is_local(&cmd.addr) {
        // Shown even with --quiet: it is about who can read the index.
        eprintln!(
            "newsdex: warning: serving on {}, which other machines may reach: \
             there is no authentication, anyone who reaches it can read the whole index",
            cmd.addr
        );
    }
    let runtime = tokio::runtime::Runtime::new().context("cannot start the server's runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(cmd.addr)
            .await
            .with_context(|| format!("cannot listen on {}", cmd.addr))?;
        let addr = listener
            .local_addr()
            .with_context(|| format!("cannot listen on {}", cmd.addr))?;
        // The address on stdout (port 0 picks one): what a script reads.
        let mut stdout = std::io::stdout();
        writeln!(stdout, "listening on http://{addr}/")?;
        stdout.flush()?;
        out.message("press Ctrl-C to stop");
        let mut options = newsdex_serve::Options::default();
        options.answer_cache_bytes = cmd.answer_cache_mb.saturating_mul(1024 * 1024);
        newsdex_serve::serve_with(listener, index, options)
            .await
            .context("the server stopped")
    })?;
    Ok(ExitCode::SUCCESS)
}
