//! A killed indexer: SIGKILL at any moment leaves the last commit, whole,
//! and the next run resumes where it stopped.

use std::path::Path;
use std::time::{Duration, Instant};

use newsdex_core::NewsIndex;
use proptest::prelude::RngExt;

use super::{
    committed_in_meta, seeded_rng, spawn_indexer, stderr_of, wait_for_commit, Corpus, BATCH,
};
use crate::util::newsdex;

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
    for (n, id) in corpus.ids.iter().enumerate() {
        // A stored article that does not read back whole is an error here.
        let doc = ix
            .article(id)
            .unwrap_or_else(|e| panic!("article {id} is not whole: {e}"));
        if (n as u64) < count {
            let article = doc.unwrap_or_else(|| panic!("committed article {id} (#{n}) missing"));
            // A one-line wire story is all headline (its body is empty).
            assert!(
                !(article.body.trim().is_empty() && article.title.trim().is_empty()),
                "{id} has no text"
            );
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
/// SIGKILL `newsdex index --commit-every 500` at seeded random points over
/// several rounds, each resuming the last; after every kill the index holds
/// exactly the last commit; the final run completes and skips what earlier
/// rounds committed.
#[test]
fn killed_indexer_keeps_last_commit_and_resumes() {
    let corpus = Corpus::large();
    let home = tempfile::tempdir().expect("tempdir");
    let index = home.path().join("ix");
    let mut rng = seeded_rng(0x5eed_0007);
    let mut last = 0u64;
    let mut finished = false;
    for round in 0..4 {
        let mut child = spawn_indexer(&index, &corpus);
        // The first kill waits for a commit (so resuming is exercised);
        // the others land anywhere: analysis, flush, commit or merge.
        if round == 0 {
            let committed = wait_for_commit(&index, 1, &mut child, Duration::from_secs(120));
            assert!(committed, "no commit within two minutes");
            std::thread::sleep(Duration::from_millis(rng.random_range(0..=1500)));
        } else {
            let deadline = Instant::now() + Duration::from_millis(rng.random_range(100..=4000));
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
