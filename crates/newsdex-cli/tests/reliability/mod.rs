//! Reliability of the real `newsdex` binary, one module per concern: a
//! killed indexer ([`crash`]), concurrent readers and writers
//! ([`concurrency`]), bad input ([`bad_input`]), an incompatible index
//! ([`incompatible_index`]) and a full disk ([`full_disk`]).
//!
//! Every test runs the debug binary (`CARGO_BIN_EXE_newsdex`) in its own
//! temporary directory. The crash and concurrency tests use the shared
//! Reuters-21578 half ([`util::reuters_path`]) when it is present (read in
//! place, never copied) and otherwise a generated corpus of the same shape;
//! either way every expectation is derived from the corpus itself. Random
//! kill points and generated text come from proptest's RNG with a fixed
//! seed. No assertion depends on timing except the generous bound on how
//! fast a second writer must give up.

mod bad_input;
mod concurrency;
mod crash;
mod full_disk;
mod incompatible_index;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use newsdex_core::ingest::{read_inputs, IngestOptions};
use proptest::prelude::RngExt;
use proptest::test_runner::{RngAlgorithm, TestRng};

use crate::util::{self, Run};

/// The batch size the crash and concurrency tests index with.
const BATCH: u64 = 500;

/// Articles in the generated corpus (a multiple of [`BATCH`]).
const GENERATED_ARTICLES: usize = 6000;

/// proptest's RNG (ChaCha) from a fixed seed, so kill points and generated
/// text are the same on every run.
fn seeded_rng(seed: u64) -> TestRng {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    TestRng::from_seed(RngAlgorithm::ChaCha, &bytes)
}

/// Input files plus the ids they hold, in input order.
struct Corpus {
    /// Keeps a generated corpus alive.
    _dir: Option<tempfile::TempDir>,
    files: Vec<PathBuf>,
    /// Ids in the order the pipeline writes them (it writes in input order).
    ids: Vec<String>,
    /// The source id every article carries.
    source: &'static str,
}

impl Corpus {
    /// The Reuters half when present, else [`Corpus::generated`].
    fn large() -> Corpus {
        let reuters = util::reuters_path();
        let mut files: Vec<PathBuf> = std::fs::read_dir(&reuters)
            .map(|dir| {
                dir.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|e| e == "sgm"))
                    .collect()
            })
            .unwrap_or_default();
        if files.is_empty() {
            eprintln!(
                "note: {} absent; using {GENERATED_ARTICLES} generated articles",
                reuters.display()
            );
            return Corpus::generated(GENERATED_ARTICLES);
        }
        files.sort();
        let ids = ids_of(&files);
        eprintln!(
            "corpus: {} Reuters stories in {} files",
            ids.len(),
            files.len()
        );
        Corpus {
            _dir: None,
            files,
            ids,
            source: "reuters",
        }
    }

    /// `n` invented articles in JSON Lines files of 500 lines each, with
    /// bodies of a few hundred words so indexing takes a while.
    fn generated(n: usize) -> Corpus {
        const WORDS: &[&str] = &[
            "minister",
            "council",
            "market",
            "election",
            "harbour",
            "treaty",
            "grain",
            "pipeline",
            "strike",
            "budget",
            "shares",
            "court",
            "storm",
            "refugees",
            "summit",
            "inflation",
            "bank",
            "ceasefire",
            "talks",
            "vote",
            "river",
            "mayor",
            "export",
            "tariff",
            "drought",
            "festival",
            "airport",
            "union",
            "reform",
            "senate",
        ];
        let dir = tempfile::tempdir().expect("tempdir");
        let mut rng = seeded_rng(0x0bad_5eed);
        let mut files = Vec::new();
        let mut ids = Vec::new();
        for chunk in 0..n.div_ceil(500) {
            let mut text = String::new();
            for i in chunk * 500..((chunk + 1) * 500).min(n) {
                let id = format!("gen-{i:06}");
                let body: Vec<&str> = (0..400)
                    .map(|_| WORDS[rng.random_range(0..WORDS.len())])
                    .collect();
                let line = serde_json::json!({
                    "id": id,
                    "source": "gen",
                    "title": format!("Story {i} about the {}", WORDS[i % WORDS.len()]),
                    "published": "2024-03-25",
                    "body": format!("{}. Serial marker s{i}x.", body.join(" ")),
                });
                text.push_str(&line.to_string());
                text.push('\n');
                ids.push(id);
            }
            let path = dir.path().join(format!("part-{chunk:03}.jsonl"));
            std::fs::write(&path, text).expect("write corpus");
            files.push(path);
        }
        Corpus {
            _dir: Some(dir),
            files,
            ids,
            source: "gen",
        }
    }

    fn file_args(&self) -> Vec<String> {
        self.files
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect()
    }
}

/// The ids newsdex reads from `files`, in order (through the library's own
/// reader, so the expectation follows the input, not the index).
fn ids_of(files: &[PathBuf]) -> Vec<String> {
    read_inputs(files, &IngestOptions::default())
        .filter_map(|item| item.ok().map(|raw| raw.id.0))
        .collect()
}

/// Starts `newsdex index --commit-every 500` on `corpus` into `index`.
fn spawn_indexer(index: &Path, corpus: &Corpus) -> Child {
    Command::new(env!("CARGO_BIN_EXE_newsdex"))
        .args(["index", "--quiet", "--commit-every", &BATCH.to_string()])
        .arg("--index")
        .arg(index)
        .args(corpus.file_args())
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn newsdex index")
}

/// Articles in the commit `meta.json` describes: the sum over its segments
/// of documents minus deletions. `None` before the first commit.
fn committed_in_meta(index: &Path) -> Option<u64> {
    let text = std::fs::read_to_string(index.join("meta.json")).ok()?;
    let meta: serde_json::Value = serde_json::from_str(&text).expect("meta.json is JSON");
    let segments = meta["segments"].as_array().expect("segments");
    Some(
        segments
            .iter()
            .map(|s| {
                let docs = s["max_doc"].as_u64().expect("max_doc");
                let deleted = s["deletes"]["num_deleted_docs"].as_u64().unwrap_or(0);
                docs - deleted
            })
            .sum(),
    )
}

/// Waits up to `limit` for `meta.json` to record at least `n` articles;
/// false when `child` exits first or time runs out.
fn wait_for_commit(index: &Path, n: u64, child: &mut Child, limit: Duration) -> bool {
    let started = Instant::now();
    while started.elapsed() < limit {
        if committed_in_meta(index).unwrap_or(0) >= n {
            return true;
        }
        if child.try_wait().expect("try_wait").is_some() {
            return committed_in_meta(index).unwrap_or(0) >= n;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    false
}
/// What `child` wrote to its piped stderr.
fn stderr_of(child: &mut Child) -> String {
    let mut text = String::new();
    if let Some(mut err) = child.stderr.take() {
        let _ = err.read_to_string(&mut text);
    }
    text
}
/// Fails when newsdex reported a panic on stderr.
fn assert_no_panic(run: &Run) {
    assert!(
        !run.stderr.contains("panicked"),
        "newsdex panicked:\n{}",
        run.stderr
    );
}
