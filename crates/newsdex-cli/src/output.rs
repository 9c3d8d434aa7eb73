//! Where output goes: results to stdout, messages and progress to stderr
//! (prefixed `newsdex:`), colour and progress only on a terminal.

use std::io::{IsTerminal, Write};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::ColorChoice;

/// Output settings for one run.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    /// Suppress messages and progress.
    pub quiet: bool,
    /// Colour stdout.
    pub color: bool,
}

impl Output {
    /// Settings from the global flags and the environment.
    pub fn new(quiet: bool, choice: ColorChoice) -> Self {
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        };
        Output { quiet, color }
    }

    /// A message on stderr, unless quiet.
    pub fn message(&self, text: &str) {
        if !self.quiet {
            eprintln!("newsdex: {text}");
        }
    }

    /// A progress spinner on stderr when it is a terminal and not quiet;
    /// hidden otherwise.
    pub fn spinner(&self, what: &str) -> ProgressBar {
        if self.quiet || !std::io::stderr().is_terminal() {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} {pos} articles ({per_sec}, {elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(what.to_string());
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    }
}

/// Writes `text` to stdout (a closed pipe is handled by the caller).
pub fn print(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    if !text.ends_with('\n') {
        out.write_all(b"\n")?;
    }
    out.flush()
}
