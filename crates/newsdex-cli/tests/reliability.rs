//! Reliability of the real `newsdex` binary: a killed indexer, concurrent
//! readers and writers, bad input, an incompatible index and a full disk.
//!
//! Every test runs the debug binary (`CARGO_BIN_EXE_newsdex`) in its own
//! temporary directory. The crash and concurrency tests use the Reuters-21578
//! half in `../shared/corpus/reuters21578` when it is present (read in place,
//! never copied) and otherwise a generated corpus of the same shape; either
//! way every expectation is derived from the corpus itself. Random kill
//! points come from a fixed seed. No assertion depends on timing except the
//! generous bound on how fast a second writer must give up.

mod util;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use newsdex_core::index::{document, find_by_id};
use newsdex_core::ingest::{read_inputs, IngestOptions};
use newsdex_core::NewsIndex;
use util::{newsdex, Run};

/// The batch size the crash and concurrency tests index with.
const BATCH: u64 = 500;

/// Articles in the generated corpus (a multiple of [`BATCH`]).
const GENERATED_ARTICLES: usize = 6000;

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

/// A deterministic pseudo-random sequence (xorshift64*), so kill points are
/// the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
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
        let mut rng = Rng(0x0bad_5eed);
        let mut files = Vec::new();
        let mut ids = Vec::new();
        for chunk in 0..n.div_ceil(500) {
            let mut text = String::new();
            for i in chunk * 500..((chunk + 1) * 500).min(n) {
                let id = format!("gen-{i:06}");
                let body: Vec<&str> = (0..400)
                    .map(|_| WORDS[rng.range(0, WORDS.len() as u64 - 1) as usize])
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

/// Checks that `index` holds exactly the last commit after a crash and
/// returns its article count:
/// - it opens without error and its count equals what `meta.json` records;
/// - the count is whole batches (or the whole corpus);
/// - the articles are exactly the first `count` of the corpus, in input order
///   (no committed article missing, none from the unfinished batch), and each
///   one reads back whole (every stored field present, a non-empty body);
/// - the CLI searches it: `*` and a source filter count the same.
fn check_committed_state(index: &Path, corpus: &Corpus, home: &Path) -> u64 {
    let Some(in_meta) = committed_in_meta(index) else {
        // Killed before the very first commit of a fresh index.
        return 0;
    };
    let ix = NewsIndex::open(index).unwrap_or_else(|e| panic!("reopen after kill: {e}"));
    let count = ix.num_articles().expect("count");
    assert_eq!(count, in_meta, "index count vs meta.json");
    let total = corpus.ids.len() as u64;
    assert!(
        count.is_multiple_of(BATCH) || count == total,
        "{count} articles is not a whole number of {BATCH}-article batches"
    );
    let searcher = ix.searcher().expect("searcher");
    for (n, id) in corpus.ids.iter().enumerate() {
        let doc = find_by_id(ix.schema(), &searcher, id).expect("lookup");
        if (n as u64) < count {
            let doc = doc.unwrap_or_else(|| panic!("committed article {id} (#{n}) missing"));
            let article = document::from_document(ix.schema(), &doc)
                .unwrap_or_else(|e| panic!("article {id} is not whole: {e}"));
            assert!(!article.body.trim().is_empty(), "{id} has an empty body");
        } else {
            assert!(doc.is_none(), "{id} (#{n}) is from an uncommitted batch");
            break;
        }
    }
    let dir = index.to_string_lossy();
    let all = newsdex(
        home,
        &["search", "--json", "*", "--limit", "1", "--index", &dir],
    );
    assert_eq!(all.code, 0, "search after kill: {}", all.stderr);
    assert_eq!(all.json()["total"].as_u64(), Some(count));
    if count > 0 {
        let by_source = newsdex(
            home,
            &[
                "search",
                "--json",
                "--source",
                corpus.source,
                "--index",
                &dir,
            ],
        );
        assert_eq!(by_source.code, 0, "{}", by_source.stderr);
        assert_eq!(by_source.json()["total"].as_u64(), Some(count));
    }
    count
}

fn stderr_of(child: &mut Child) -> String {
    let mut text = String::new();
    if let Some(mut err) = child.stderr.take() {
        let _ = err.read_to_string(&mut text);
    }
    text
}

/// A directory with one good plain-text article (id `good`, word `zebra`).
fn input_with_good_article() -> (tempfile::TempDir, PathBuf) {
    let home = tempfile::tempdir().expect("tempdir");
    let input = home.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    std::fs::write(
        input.join("good.txt"),
        "Zoo keepers count the herd\n\nThe zebra crossed the savanna at dawn.\n",
    )
    .expect("write");
    (home, input)
}

fn index_into(home: &Path, args: &[&str]) -> Run {
    let index = home.join("ix").to_string_lossy().into_owned();
    let mut all = vec!["index", "--index", &index];
    all.extend_from_slice(args);
    newsdex(home, &all)
}

fn search_ids(home: &Path, query: &str) -> Vec<String> {
    let index = home.join("ix").to_string_lossy().into_owned();
    let run = newsdex(home, &["search", "--json", query, "--index", &index]);
    assert_eq!(run.code, 0, "search {query:?}: {}", run.stderr);
    run.hit_ids()
}

fn assert_no_panic(run: &Run) {
    assert!(
        !run.stderr.contains("panicked"),
        "newsdex panicked:\n{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------
// Crash safety
// ---------------------------------------------------------------------------

/// SIGKILL `newsdex index --commit-every 500` at seeded random points over
/// several rounds, each resuming the last; after every kill the index holds
/// exactly the last commit; the final run completes and skips what earlier
/// rounds committed.
#[test]
fn killed_indexer_keeps_last_commit_and_resumes() {
    let corpus = Corpus::large();
    let home = tempfile::tempdir().expect("tempdir");
    let index = home.path().join("ix");
    let mut rng = Rng(0x5eed_0007);
    let mut last = 0u64;
    let mut finished = false;
    for round in 0..4 {
        let mut child = spawn_indexer(&index, &corpus);
        // The first kill waits for a commit (so resuming is exercised);
        // the others land anywhere: analysis, flush, commit or merge.
        if round == 0 {
            let committed = wait_for_commit(&index, 1, &mut child, Duration::from_secs(120));
            assert!(committed, "no commit within two minutes");
            std::thread::sleep(Duration::from_millis(rng.range(0, 1500)));
        } else {
            let deadline = Instant::now() + Duration::from_millis(rng.range(100, 4000));
            while Instant::now() < deadline && child.try_wait().expect("try_wait").is_none() {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        let status = child.try_wait().expect("try_wait");
        if let Some(status) = status {
            let stderr = stderr_of(&mut child);
            assert!(status.success(), "indexer failed: {stderr}");
            finished = true;
        } else {
            child.kill().expect("SIGKILL");
            child.wait().expect("reap");
        }
        let count = check_committed_state(&index, &corpus, home.path());
        eprintln!(
            "round {round}: {} with {count} committed",
            if finished { "finished" } else { "killed" }
        );
        assert!(
            count >= last,
            "a committed article was lost: {last} → {count}"
        );
        last = count;
        if finished {
            break;
        }
    }
    // Resume to completion: only the unfinished batches are analysed.
    let dir = index.to_string_lossy().into_owned();
    let mut args = vec![
        "index".to_string(),
        "--json".into(),
        "--commit-every".into(),
        BATCH.to_string(),
        "--index".into(),
        dir.clone(),
    ];
    args.extend(corpus.file_args());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = newsdex(home.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    let total = corpus.ids.len() as u64;
    assert_eq!(report["total"].as_u64(), Some(total));
    assert_eq!(
        report["unchanged"].as_u64(),
        Some(last),
        "resumed run re-analysed committed articles"
    );
    assert_eq!(report["added"].as_u64(), Some(total - last));
    assert!(last > 0, "no round was killed after a commit");
    assert_eq!(check_committed_state(&index, &corpus, home.path()), total);
}

/// A first run killed after writing the `newsdex.json` marker but before
/// tantivy's first `meta.json` (the marker goes first, by rename) leaves a
/// directory the next `newsdex index` simply creates the index in.
#[test]
fn index_killed_while_being_created_is_created_again() {
    let home = tempfile::tempdir().expect("tempdir");
    let index = home.path().join("ix");
    std::fs::create_dir(&index).expect("mkdir");
    std::fs::write(
        index.join("newsdex.json"),
        "{\"format\": 1, \"analyzer\": \"news_en/1 (rust-stemmers 1.2 english)\"}",
    )
    .expect("write");
    std::fs::write(index.join("newsdex.json.partial"), "{\"form").expect("write");
    let dir = index.to_string_lossy().into_owned();
    let run = newsdex(home.path(), &["index", "--json", "--index", &dir]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["total"].as_u64(), Some(5));
    assert!(NewsIndex::open(&index).is_ok());
}

// ---------------------------------------------------------------------------
// Concurrency
// ---------------------------------------------------------------------------

/// While one writer commits batch after batch, a reader in this process
/// (a long-lived `NewsIndex`) and reader processes (`newsdex search` in a
/// loop) never fail and see counts that only grow and are whole batches;
/// a second writer meanwhile fails fast with the lock message, writes
/// nothing, and the final index is complete.
#[test]
fn readers_see_whole_batches_while_a_writer_commits_and_a_second_writer_fails_fast() {
    // Six batches: enough to watch counts grow, small enough for CI.
    let corpus = Corpus::generated(3000);
    let home = tempfile::tempdir().expect("tempdir");
    let index = home.path().join("ix");
    let dir = index.to_string_lossy().into_owned();
    // An empty index first, so readers can open it before the first commit.
    let empty = home.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    let run = newsdex(
        home.path(),
        &["index", "--index", &dir, &empty.to_string_lossy()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let total = corpus.ids.len() as u64;
    let consistent = move |n: u64| n.is_multiple_of(BATCH) || n == total;

    let mut writer = spawn_indexer(&index, &corpus);
    let reader = {
        let index = index.clone();
        std::thread::spawn(move || {
            let ix = NewsIndex::open(&index).expect("open for reading");
            let (mut seen, mut last) = (Vec::new(), 0u64);
            // Until the writer's final count shows up.
            let started = Instant::now();
            while last < total && started.elapsed() < Duration::from_secs(300) {
                let n = ix.num_articles().expect("reader error");
                assert!(n >= last, "count went back: {last} → {n}");
                assert!(consistent(n), "reader saw a partial batch: {n}");
                if n != last || seen.is_empty() {
                    seen.push(n);
                }
                last = n;
                std::thread::sleep(Duration::from_millis(2));
            }
            seen
        })
    };

    // The second writer, once the first has committed (so it is mid-run).
    assert!(
        wait_for_commit(&index, 1, &mut writer, Duration::from_secs(120)),
        "no commit within two minutes"
    );
    let started = Instant::now();
    let mut second = Command::new(env!("CARGO_BIN_EXE_newsdex"))
        .args(["index", "--index", &dir])
        .arg(util::data_dir())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn second writer");
    let status = loop {
        if let Some(status) = second.try_wait().expect("try_wait") {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "second writer still waiting after 5 s"
        );
        std::thread::sleep(Duration::from_millis(5));
    };
    let waited = started.elapsed();
    let stderr = stderr_of(&mut second);
    assert!(
        writer.try_wait().expect("try_wait").is_none(),
        "the first writer finished before the second ran: the corpus is too small for this test"
    );
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is locked by another process"), "{stderr}");
    assert!(stderr.contains(&dir), "message names the index: {stderr}");
    eprintln!("second writer gave up after {waited:?}");

    // Reader processes, in a loop, while the writer runs.
    let mut last = 0u64;
    let mut runs = 0;
    while writer.try_wait().expect("try_wait").is_none() {
        let run = newsdex(
            home.path(),
            &["search", "--json", "*", "--limit", "1", "--index", &dir],
        );
        assert_eq!(run.code, 0, "reader process failed: {}", run.stderr);
        let n = run.json()["total"].as_u64().expect("total");
        assert!(n >= last, "count went back: {last} → {n}");
        assert!(consistent(n), "reader process saw a partial batch: {n}");
        last = n;
        runs += 1;
        // Leave the writer most of the two cores.
        std::thread::sleep(Duration::from_millis(50));
    }
    let status = writer.wait().expect("writer");
    assert!(status.success(), "writer: {}", stderr_of(&mut writer));
    let seen = reader.join().expect("in-process reader failed");
    eprintln!("in-process reader saw {seen:?}; {runs} reader processes");
    assert_eq!(seen.last(), Some(&total));
    // The second writer wrote nothing: no bundled article got in.
    let ix = NewsIndex::open(&index).expect("open");
    assert_eq!(ix.num_articles().expect("count"), total);
    for id in util::bundled(&[""]) {
        assert!(
            ix.article(&id).expect("lookup").is_none(),
            "{id} written by the locked-out writer"
        );
    }
}

/// The writer lock is an OS file lock: a SIGKILLed writer leaves the lock
/// file behind but no lock, so the next `newsdex index` runs at once,
/// resumes and completes. (Users never delete the lock file by hand.)
#[test]
fn killed_writer_leaves_no_stale_lock() {
    let corpus = Corpus::generated(1000);
    let home = tempfile::tempdir().expect("tempdir");
    let index = home.path().join("ix");
    let mut writer = spawn_indexer(&index, &corpus);
    assert!(
        wait_for_commit(&index, 1, &mut writer, Duration::from_secs(120)),
        "no commit within two minutes"
    );
    writer.kill().expect("SIGKILL");
    writer.wait().expect("reap");
    assert!(
        index.join(".tantivy-writer.lock").exists(),
        "the lock file stays on disk (it is the OS lock on it that counts)"
    );
    let committed = committed_in_meta(&index).expect("a commit");
    let dir = index.to_string_lossy().into_owned();
    let files = corpus.file_args();
    let mut args = vec!["index", "--json", "--index", &dir];
    args.extend(files.iter().map(String::as_str));
    let run = newsdex(home.path(), &args);
    assert_eq!(run.code, 0, "index right after a kill: {}", run.stderr);
    let report = run.json();
    assert_eq!(report["total"].as_u64(), Some(1000));
    assert_eq!(report["unchanged"].as_u64(), Some(committed));
}

// ---------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------

/// Files over `--max-file-mb` are skipped (plain text and JSON Lines alike)
/// with their size and the limit; the rest is indexed; exit code 2.
#[test]
fn files_over_max_file_mb_are_skipped_with_their_size() {
    let (home, input) = input_with_good_article();
    let big_text = "Big story\n\n".to_string() + &"elephant ".repeat(180_000);
    std::fs::write(input.join("big.txt"), &big_text).expect("write");
    let line = serde_json::json!({"id": "big-json", "body": "elephant ".repeat(250_000)});
    std::fs::write(input.join("big.jsonl"), line.to_string()).expect("write");
    let run = index_into(
        home.path(),
        &["--max-file-mb", "1", &input.to_string_lossy()],
    );
    assert_no_panic(&run);
    assert_eq!(run.code, 2, "{}", run.stderr);
    for name in ["big.txt", "big.jsonl"] {
        let size = std::fs::metadata(input.join(name)).expect("stat").len();
        let expected = format!("{name}: file too large ({size} bytes; limit 1048576 bytes)");
        assert!(
            run.stderr.contains(&expected),
            "{expected:?} in {}",
            run.stderr
        );
    }
    assert_eq!(search_ids(home.path(), "zebra"), ["good"]);
    assert!(search_ids(home.path(), "elephant").is_empty());
}

/// A 3 MiB single-line article holding a 1 MiB "word" is indexed by its
/// ordinary words; over-long words (> 64 bytes) are not terms, and querying
/// one is an empty result, not an error.
#[test]
fn extremely_long_lines_and_words_are_indexed_without_the_long_words() {
    let (home, input) = input_with_good_article();
    let long_word = "q".repeat(1 << 20);
    let text = format!(
        "Long line story\n\n{} giraffe {} {} okapi\n",
        "word ".repeat(200_000),
        long_word,
        "w".repeat(65)
    );
    std::fs::write(input.join("long.txt"), text).expect("write");
    let run = index_into(home.path(), &[&input.to_string_lossy()]);
    assert_no_panic(&run);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(search_ids(home.path(), "giraffe"), ["long"]);
    assert_eq!(search_ids(home.path(), "okapi"), ["long"]);
    assert_eq!(search_ids(home.path(), "zebra"), ["good"]);
    // The longest word kept is 64 bytes; longer ones were dropped.
    assert!(search_ids(home.path(), &"w".repeat(65)).is_empty());
    assert!(search_ids(home.path(), &"q".repeat(64)).is_empty());
    assert!(search_ids(home.path(), &"q".repeat(100_000)).is_empty());
}

/// JSON Lines: a line over 4 MiB and a line nested 10,000 deep are each
/// rejected with their line number; the lines around them (one of them a
/// 3 MiB article) are indexed.
#[test]
fn enormous_and_deeply_nested_json_lines_are_rejected_by_line_number() {
    let (home, input) = input_with_good_article();
    let good = |id: &str, body: &str| serde_json::json!({"id": id, "body": body}).to_string();
    let enormous = good("enormous", &"hippo ".repeat(800_000));
    let nested = format!(
        "{{\"id\":\"nested\",\"body\":\"x\",\"extra\":{}{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let big_but_fine = good("large", &("rhino ".repeat(500_000) + "tapir"));
    let lines = [
        good("first", "The lemur slept."),
        enormous.clone(),
        nested,
        big_but_fine,
        "{\"id\": \"broken\", \"body\": ".to_string(),
        good("last", "The lemur woke."),
    ];
    std::fs::write(input.join("feed.jsonl"), lines.join("\n")).expect("write");
    let run = index_into(home.path(), &[&input.to_string_lossy()]);
    assert_no_panic(&run);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let feed = input.join("feed.jsonl").to_string_lossy().into_owned();
    for expected in [
        format!(
            "{feed}:2: malformed record: line of {} bytes exceeds the 4194304-byte limit",
            enormous.len()
        ),
        format!("{feed}:3: malformed record: JSON nested deeper than 32 levels"),
        format!("{feed}:5: malformed record: EOF while parsing"),
    ] {
        assert!(
            run.stderr.contains(&expected),
            "{expected:?} in\n{}",
            run.stderr
        );
    }
    assert_eq!(search_ids(home.path(), "lemur"), ["first", "last"]);
    assert_eq!(search_ids(home.path(), "tapir"), ["large"]);
    assert!(search_ids(home.path(), "hippo").is_empty());
}

/// NUL bytes: a plain-text file holding one is binary and skipped with that
/// reason; a JSON string holding an escaped NUL and other control characters
/// is indexed. Control characters (bell, ANSI escapes, DEL) in a text file
/// are indexed around; a file that is mostly control bytes is binary.
#[test]
fn nul_bytes_and_control_characters_are_skipped_or_indexed_deliberately() {
    let (home, input) = input_with_good_article();
    std::fs::write(
        input.join("nul.txt"),
        b"Null story\n\nhello\x00world okapi\n",
    )
    .expect("write");
    std::fs::write(
        input.join("ctrl.txt"),
        b"Bell story\n\nhello \x07 world \x1b[31m red \x1b[0m giraffe \x0b\x7f \x01 done\n",
    )
    .expect("write");
    std::fs::write(
        input.join("noise.txt"),
        [0x01u8, 0x02, 0x03, 0x1b, b'a'].repeat(100),
    )
    .expect("write");
    let line = serde_json::json!({"id": "json-ctrl", "title": "Nul\u{0}title", "body": "ibex\u{0}\u{1}\u{1b}[2J ibex \u{7f}\u{85}\u{2028} end"});
    std::fs::write(input.join("ctrl.jsonl"), line.to_string()).expect("write");
    let run = index_into(home.path(), &[&input.to_string_lossy()]);
    assert_no_panic(&run);
    assert_eq!(run.code, 2, "{}", run.stderr);
    for name in ["nul.txt", "noise.txt"] {
        let expected = format!("{name}: binary file (not text)");
        assert!(
            run.stderr.contains(&expected),
            "{expected:?} in\n{}",
            run.stderr
        );
    }
    assert!(search_ids(home.path(), "okapi").is_empty());
    assert_eq!(search_ids(home.path(), "giraffe"), ["ctrl"]);
    assert_eq!(search_ids(home.path(), "ibex"), ["json-ctrl"]);
    let show = newsdex(
        home.path(),
        &[
            "show",
            "--json",
            "json-ctrl",
            "--index",
            &home.path().join("ix").to_string_lossy(),
        ],
    );
    assert_eq!(show.code, 0, "{}", show.stderr);
    assert!(show.json()["body"]
        .as_str()
        .unwrap_or_default()
        .contains("ibex"));
}

/// Encodings: Latin-1 and UTF-8 mixed with Latin-1 are decoded lossily and
/// indexed with a warning; a UTF-8 byte-order mark is dropped; UTF-16 (NUL
/// bytes in every other position) is skipped as binary, deliberately.
#[test]
fn mixed_encodings_are_indexed_lossily_or_skipped_as_binary() {
    let (home, input) = input_with_good_article();
    std::fs::write(
        input.join("latin1.txt"),
        b"Caf\xe9 society\n\nmeerkat r\xe9sum\xe9 na\xefve\n",
    )
    .expect("write");
    std::fs::write(
        input.join("mixed.txt"),
        "Mixed story\n\ncaf\u{e9} in UTF-8, then \u{201c}quotes\u{201d} and "
            .as_bytes()
            .iter()
            .chain(b"caf\xe9 \x93cp1252\x94 armadillo\n")
            .copied()
            .collect::<Vec<u8>>(),
    )
    .expect("write");
    std::fs::write(
        input.join("bom.txt"),
        "\u{feff}Pangolin headline\n\nThe pangolin hid.\n",
    )
    .expect("write");
    let utf16: Vec<u8> = "\u{feff}Wombat story\n\nwombat text\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    std::fs::write(input.join("utf16.txt"), utf16).expect("write");
    let run = index_into(home.path(), &[&input.to_string_lossy()]);
    assert_no_panic(&run);
    assert_eq!(run.code, 2, "{}", run.stderr);
    for name in ["latin1.txt", "mixed.txt"] {
        let expected = format!("{name}: invalid UTF-8 replaced with U+FFFD");
        assert!(
            run.stderr.contains(&expected),
            "{expected:?} in\n{}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains("utf16.txt: binary file (not text)"),
        "{}",
        run.stderr
    );
    assert_eq!(search_ids(home.path(), "meerkat"), ["latin1"]);
    assert_eq!(search_ids(home.path(), "armadillo"), ["mixed"]);
    assert_eq!(search_ids(home.path(), "title:pangolin"), ["bom"]);
    let show = newsdex(
        home.path(),
        &[
            "show",
            "--json",
            "bom",
            "--index",
            &home.path().join("ix").to_string_lossy(),
        ],
    );
    assert_eq!(
        show.json()["title"].as_str(),
        Some("Pangolin headline"),
        "BOM dropped"
    );
    assert!(search_ids(home.path(), "wombat").is_empty());
}

/// Right-to-left scripts are indexed and searchable word by word; emoji,
/// flags, ZWJ sequences and bidi control characters never break indexing
/// or querying (emoji are not words: searching one finds nothing).
#[test]
fn right_to_left_text_and_emoji_are_indexed() {
    let (home, input) = input_with_good_article();
    std::fs::write(
        input.join("rtl.txt"),
        "مرحبا بالعالم 🌍\n\nنص عربي عن الهدنة في غزة. שלום עולם. \u{202e}override\u{202c} \
         😀🇺🇸 family 👨\u{200d}👩\u{200d}👧 e\u{301}clair chinchilla\n",
    )
    .expect("write");
    std::fs::write(input.join("emoji.txt"), "🔥🔥🔥\n\n🎉🎉 🚀\n").expect("write");
    let run = index_into(home.path(), &[&input.to_string_lossy()]);
    assert_no_panic(&run);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(search_ids(home.path(), "عربي"), ["rtl"]);
    assert_eq!(search_ids(home.path(), "שלום"), ["rtl"]);
    assert_eq!(search_ids(home.path(), "chinchilla"), ["rtl"]);
    assert_eq!(search_ids(home.path(), "override"), ["rtl"]);
    for query in ["😀", "🔥", "\u{202e}", "👨\u{200d}👩\u{200d}👧", "title:🌍"] {
        assert!(search_ids(home.path(), query).is_empty(), "{query}");
    }
    // The emoji-only article is indexed (it has text), found by listing all.
    let all = search_ids(home.path(), "*");
    assert_eq!(all, ["emoji", "good", "rtl"]);
}

/// A symlink loop in a walk is reported ("symlink loop") and skipped; the
/// articles around it are indexed once each; a dangling link is reported.
#[test]
fn symlink_loops_in_a_walk_are_reported_and_skipped() {
    let (home, input) = input_with_good_article();
    let sub = input.join("sub");
    std::fs::create_dir(&sub).expect("mkdir");
    std::fs::write(sub.join("deeper.txt"), "Deeper\n\nThe yak grazed.\n").expect("write");
    std::os::unix::fs::symlink("..", sub.join("loop")).expect("symlink");
    std::os::unix::fs::symlink("nowhere.txt", input.join("dangling.txt")).expect("symlink");
    let run = index_into(home.path(), &[&input.to_string_lossy()]);
    assert_no_panic(&run);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "{}: unreadable: symlink loop",
            sub.join("loop").display()
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("dangling.txt: unreadable"),
        "{}",
        run.stderr
    );
    assert_eq!(search_ids(home.path(), "*"), ["deeper", "good"]);
}

/// An unreadable directory in a walk is reported and skipped. Root reads
/// anything, so under root the walk runs as user `nobody` (uid 65534); if
/// that is impossible the test says SKIPPED and why.
#[test]
fn unreadable_directories_in_a_walk_are_reported_and_skipped() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    use std::os::unix::process::CommandExt;
    let (home, input) = input_with_good_article();
    let locked = input.join("locked");
    std::fs::create_dir(&locked).expect("mkdir");
    std::fs::write(locked.join("secret.txt"), "Secret\n\nThe quokka smiled.\n").expect("write");
    let set_mode = |path: &Path, mode: u32| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod")
    };
    let as_root = std::fs::metadata(home.path()).expect("stat").uid() == 0;
    for dir in [home.path(), input.as_path()] {
        set_mode(dir, 0o777);
    }
    set_mode(&input.join("good.txt"), 0o644);
    set_mode(&locked, 0o000);
    let index = home.path().join("ix");
    let mut command = Command::new(env!("CARGO_BIN_EXE_newsdex"));
    command
        .arg("index")
        .arg("--index")
        .arg(&index)
        .arg(&input)
        .env("NEWSDEX_INDEX", home.path().join("default-index"));
    if as_root {
        command.uid(65534).gid(65534);
    }
    let output = match command.output() {
        Ok(output) => output,
        Err(err) => {
            set_mode(&locked, 0o755);
            eprintln!("SKIPPED: cannot run newsdex as uid 65534 to make a directory unreadable to it ({err})");
            return;
        }
    };
    set_mode(&locked, 0o755);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    if as_root && stderr.contains("Permission denied") && !stderr.contains("locked") {
        eprintln!("SKIPPED: user nobody cannot reach the test directory ({stderr})");
        return;
    }
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{}: unreadable: Permission denied",
            locked.display()
        )),
        "{stderr}"
    );
    assert_eq!(search_ids(home.path(), "*"), ["good"]);
}

/// An index written by another analyzer or format version, with no marker,
/// or with a different schema is refused by every command with a message
/// that says to re-index (exit 2), and is left untouched. (A damaged
/// `meta.json` is a corrupted index: tests/regress_index.rs.)
#[test]
fn incompatible_index_is_refused_with_a_reindex_message() {
    let home = tempfile::tempdir().expect("tempdir");
    let index = home.path().join("ix");
    let dir = index.to_string_lossy().into_owned();
    let run = newsdex(home.path(), &["index", "--index", &dir]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let marker = std::fs::read_to_string(index.join("newsdex.json")).expect("marker");
    let meta = std::fs::read_to_string(index.join("meta.json")).expect("meta");
    let old_analyzer = marker.replace("news_en/1", "news_en/0");
    assert_ne!(old_analyzer, marker, "marker names the analyzer: {marker}");
    let format = newsdex_core::index::FORMAT_VERSION;
    let old_format_message = format!("format {}", format + 1);
    let old_format = marker.replace(
        &format!("\"format\": {format}"),
        &format!("\"format\": {}", format + 1),
    );
    assert_ne!(old_format, marker, "marker names the format: {marker}");
    // A field renamed in the schema tantivy stores.
    let other_schema = meta.replacen("\"name\": \"title\"", "\"name\": \"headline\"", 1);
    assert_ne!(other_schema, meta, "meta.json lists the schema");
    let cases: [(&str, Option<&str>, Option<&str>, &str); 4] = [
        (
            "old analyzer",
            Some(&old_analyzer),
            None,
            "analyzer news_en/0",
        ),
        ("old format", Some(&old_format), None, &old_format_message),
        ("no marker", None, None, "no readable newsdex.json marker"),
        (
            "other schema",
            Some(&marker),
            Some(&other_schema),
            "a different schema",
        ),
    ];
    for (what, new_marker, new_meta, found) in cases {
        match new_marker {
            Some(text) => std::fs::write(index.join("newsdex.json"), text).expect("write"),
            None => std::fs::remove_file(index.join("newsdex.json")).expect("rm"),
        }
        std::fs::write(index.join("meta.json"), new_meta.unwrap_or(&meta)).expect("write");
        let before = std::fs::read(index.join("meta.json")).expect("read");
        for args in [
            vec!["search", "ceasefire", "--index", &dir],
            vec!["index", "--index", &dir],
            vec!["stats", "--index", &dir],
        ] {
            let run = newsdex(home.path(), &args);
            assert_no_panic(&run);
            assert_eq!(run.code, 2, "{what}, {}: {}", args[0], run.stderr);
            assert!(
                run.stderr.contains("incompatible newsdex"),
                "{what}: {}",
                run.stderr
            );
            assert!(
                run.stderr.contains(found),
                "{what}: {found:?} in {}",
                run.stderr
            );
            assert!(
                run.stderr.contains(&format!(
                    "re-index: delete {dir} and run `newsdex index --index {dir} PATH...`"
                )),
                "{what}: {}",
                run.stderr
            );
        }
        assert_eq!(
            std::fs::read(index.join("meta.json")).expect("read"),
            before,
            "{what}: index modified"
        );
    }
    // Put the real files back: the untouched index works again.
    std::fs::write(index.join("newsdex.json"), &marker).expect("write");
    std::fs::write(index.join("meta.json"), &meta).expect("write");
    let run = newsdex(home.path(), &["search", "--json", "*", "--index", &dir]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["total"].as_u64(), Some(5));
}

/// Unmounts the tmpfs when the test ends, even on failure.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(dir).ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(dir.to_path_buf()))
    }

    fn resize(&self, size: &str) -> bool {
        Command::new("mount")
            .args(["-o", &format!("remount,size={size}")])
            .arg(&self.0)
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// A full disk while indexing: on a 3 MiB tmpfs (or, where mounting is not
/// allowed, with a 50 KiB file-size limit (`ulimit -f 100`) as the injected write error) the
/// run fails with exit code 1 and a clear "No space left on device" (or
/// "File too large") error, without a panic; the index then holds exactly
/// its last commit (the bundled five plus whole batches) and answers
/// searches; with space again, the same command completes.
#[test]
fn full_disk_keeps_the_last_commit_and_fails_clearly() {
    let corpus = Corpus::generated(3000);
    let home = tempfile::tempdir().expect("tempdir");
    let disk = home.path().join("disk");
    // NEWSDEX_TEST_NO_MOUNT=1 exercises the fallback where mounting works.
    let tmpfs = match std::env::var_os("NEWSDEX_TEST_NO_MOUNT") {
        Some(_) => None,
        None => Tmpfs::mount(&disk, "3m"),
    };
    if tmpfs.is_none() {
        eprintln!(
            "note: cannot mount a tmpfs; injecting write errors with a file-size limit instead"
        );
        std::fs::create_dir_all(&disk).expect("mkdir");
    }
    let index = disk.join("ix");
    let dir = index.to_string_lossy().into_owned();
    let run = newsdex(home.path(), &["index", "--index", &dir]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut args = vec![
        "index".to_string(),
        "--commit-every".into(),
        BATCH.to_string(),
        "--index".into(),
        dir.clone(),
    ];
    args.extend(corpus.file_args());
    let output = match &tmpfs {
        Some(_) => Command::new(env!("CARGO_BIN_EXE_newsdex"))
            .args(&args)
            .output(),
        // SIGXFSZ ignored, so a write past the limit fails with EFBIG.
        None => Command::new("sh")
            .arg("-c")
            .arg("trap '' XFSZ; ulimit -f 100; exec \"$0\" \"$@\"")
            .arg(env!("CARGO_BIN_EXE_newsdex"))
            .args(&args)
            .output(),
    }
    .expect("run newsdex");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let expected = if tmpfs.is_some() {
        "No space left on device"
    } else {
        "File too large"
    };
    assert!(stderr.contains("newsdex: error: index error: "), "{stderr}");
    assert!(stderr.contains(expected), "{stderr}");
    assert_eq!(stderr.matches(expected).count(), 1, "said once: {stderr}");

    let ix = NewsIndex::open(&index).expect("reopen after a full disk");
    let count = ix.num_articles().expect("count");
    assert_eq!(Some(count), committed_in_meta(&index));
    assert!(
        count >= 5 && (count - 5).is_multiple_of(BATCH),
        "{count} is not the bundled five plus whole batches"
    );
    for id in util::bundled(&[""]) {
        assert!(ix.article(&id).expect("lookup").is_some(), "{id} lost");
    }
    let search = newsdex(
        home.path(),
        &["search", "--json", "*", "--limit", "1", "--index", &dir],
    );
    assert_eq!(search.code, 0, "{}", search.stderr);
    assert_eq!(search.json()["total"].as_u64(), Some(count));

    if let Some(tmpfs) = &tmpfs {
        assert!(tmpfs.resize("512m"), "remount larger");
        let run = newsdex(
            home.path(),
            &args.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let ix = NewsIndex::open(&index).expect("reopen");
        assert_eq!(
            ix.num_articles().expect("count"),
            5 + corpus.ids.len() as u64
        );
    }
}
