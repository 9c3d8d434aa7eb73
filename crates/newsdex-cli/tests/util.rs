//! Helpers for running the real `newsdex` binary in tests, and for finding
//! their inputs: the bundled articles and the shared Reuters-21578 half.

use std::path::{Path, PathBuf};
use std::process::Command;

use regex::Regex;

/// The outcome of one run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    /// Ids of the hits of a `search --json` run.
    pub fn hit_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.json()["hits"]
            .as_array()
            .expect("hits array")
            .iter()
            .map(|h| h["id"].as_str().unwrap_or_default().to_string())
            .collect();
        ids.sort();
        ids
    }
}

/// The bundled articles.
pub fn data_dir() -> PathBuf {
    project_dir().join("data")
}

/// The workspace root.
fn project_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The shared Reuters-21578 half's folder (spelled once, in
/// `newsdex-testkit`).
pub fn reuters_path() -> PathBuf {
    newsdex_testkit::reuters_path()
}

/// The shared Reuters-21578 half, or `None` (after printing `SKIPPED: …`)
/// when it is absent.
pub fn reuters_dir() -> Option<PathBuf> {
    newsdex_testkit::reuters_dir()
}

/// Ids of the bundled articles whose file name starts with these prefixes.
pub fn bundled(prefixes: &[&str]) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(data_dir())
        .expect("data dir")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let stem = name.strip_suffix(".txt")?.to_string();
            prefixes.iter().any(|p| stem.starts_with(p)).then_some(stem)
        })
        .collect();
    ids.sort();
    ids
}

/// Ids of bundled articles whose raw text matches `pattern`: a small
/// evaluator independent of the engine, for expected hits.
pub fn matching(pattern: &str) -> Vec<String> {
    let re = Regex::new(pattern).unwrap();
    let mut ids: Vec<String> = std::fs::read_dir(data_dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .filter(|e| re.is_match(&std::fs::read_to_string(e.path()).unwrap()))
        .map(|e| e.path().file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    ids
}

/// Runs `newsdex` with `args`; the default index is redirected into `home`
/// so tests never touch the project's own index.
pub fn newsdex(home: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_newsdex"))
        .args(args)
        .env("NEWSDEX_INDEX", home.join("default-index"))
        .env_remove("NEWSDEX_DATA")
        .env("NO_COLOR", "1")
        .output()
        .expect("run newsdex");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A temp dir holding an index of the bundled articles at `dir/index`.
pub struct BundledIndex {
    pub dir: tempfile::TempDir,
}

impl BundledIndex {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = dir.path().join("index");
        let run = newsdex(
            dir.path(),
            &["index", "--quiet", "--index", index.to_str().unwrap()],
        );
        assert_eq!(run.code, 0, "index failed: {}", run.stderr);
        BundledIndex { dir }
    }

    pub fn index(&self) -> String {
        self.dir.path().join("index").to_string_lossy().into_owned()
    }

    /// `newsdex search --json QUERY ARGS... --index <this index>`.
    pub fn search(&self, query: &str, args: &[&str]) -> Run {
        let index = self.index();
        let mut all = vec!["search", "--json", query, "--index", &index];
        all.extend_from_slice(args);
        newsdex(self.dir.path(), &all)
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let index = self.index();
        let mut all = args.to_vec();
        all.extend_from_slice(&["--index", &index]);
        newsdex(self.dir.path(), &all)
    }
}
