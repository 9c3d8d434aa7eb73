//! # newsdex-testkit
//!
//! The one place that spells where the shared evaluation corpora live:
//! `../shared/corpus/` beside the checkout. They are read in place, never
//! copied into the project (research-only licences), and a test that needs
//! one skips with a visible `SKIPPED: …` line on stderr when it is absent.
//!
//! Used by the tests of every crate, by `newsdex-bench` (its default
//! corpus) and by `newsdex-eval`. It depends on nothing, so every crate of
//! the workspace can use it.
//!
//! ```
//! let dir = newsdex_testkit::reuters_path();
//! assert!(dir.ends_with("shared/corpus/reuters21578"));
//! ```
#![deny(missing_docs)]

mod alloc;

pub use alloc::{peak_bytes, CountingAlloc};

use std::path::{Path, PathBuf};

/// The Reuters-21578 half, relative to the workspace root.
pub const REUTERS_DIR: &str = "../shared/corpus/reuters21578";

/// The web pages with gold main text, relative to the workspace root.
pub const WCXB_DIR: &str = "../shared/corpus/wcxb-articles";

/// The workspace root this crate was built in.
pub fn workspace_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

/// Where the Reuters-21578 half is looked for, whether or not it is there.
pub fn reuters_path() -> PathBuf {
    under_root(REUTERS_DIR)
}

/// The Reuters-21578 folder, or `None` (after printing `SKIPPED: …` on
/// stderr) when it is absent.
pub fn reuters_dir() -> Option<PathBuf> {
    present(reuters_path(), "reut2-000.sgm", "Reuters-21578 corpus")
}

/// Where the wcxb web pages are looked for, whether or not they are there.
pub fn wcxb_path() -> PathBuf {
    under_root(WCXB_DIR)
}

/// The wcxb folder, or `None` (after printing `SKIPPED: …` on stderr) when
/// it is absent.
pub fn wcxb_dir() -> Option<PathBuf> {
    present(wcxb_path(), "", "wcxb web pages")
}

fn under_root(relative: &str) -> PathBuf {
    let path = workspace_root().join(relative);
    path.canonicalize().unwrap_or(path)
}

fn present(dir: PathBuf, marker: &str, what: &str) -> Option<PathBuf> {
    if dir.join(marker).exists() && dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: {what} absent at {}", dir.display());
        None
    }
}
