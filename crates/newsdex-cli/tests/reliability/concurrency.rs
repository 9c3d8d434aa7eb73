//! Concurrent use: readers (in this process and others) see whole commits
//! while a writer runs; a second writer fails fast; a killed writer leaves no
//! stale lock.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use newsdex_core::NewsIndex;

use super::{committed_in_meta, spawn_indexer, stderr_of, wait_for_commit, Corpus, BATCH};
use crate::util::{self, newsdex};

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
