//! An export streams: the memory it holds at its peak does not grow with
//! the number of articles (4x the articles, about the same peak; holding
//! them would be 4x). Measured with the counting allocator of this test
//! binary, on this thread.

use std::path::{Path, PathBuf};

use newsdex_core::ingest::IngestOptions;
use newsdex_core::NewsIndex;
use newsdex_export::{export_index, Engine, Exporter, Options};
use newsdex_testkit::peak_bytes;

/// A JSON Lines file of `articles` invented stories with extractable
/// metadata (countries, people, quotes, a vote).
fn write_feed(path: &Path, articles: usize) {
    let mut lines = String::new();
    for i in 0..articles {
        lines.push_str(&format!(
            "{{\"id\": \"{}-{i}\", \"source\": \"wire\", \"published\": \"2024-03-{:02}\", \"title\": \"Talks on the truce, day {i}\", \
             \"body\": \"GENEVA - Diplomats from France and Germany met for a {i}th day on Monday. \
             \\\"We are close to a cease-fire,\\\" said Foreign Minister Jean Dupont. \
             The U.N. Security Council adopted the resolution 14-0, with Russia abstaining.\"}}\n",
            path.file_stem().unwrap().to_string_lossy(),
            i % 28 + 1
        ));
    }
    std::fs::write(path, lines).unwrap();
}

/// A folder of `files` feeds of 100 articles each.
fn write_feeds(dir: &Path, files: usize) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    for f in 0..files {
        write_feed(&dir.join(format!("feed{f:03}.jsonl")), 100);
    }
    dir.to_path_buf()
}

fn export_feeds(engine: Engine, feeds: &Path, out: &Path) -> u64 {
    let mut exporter = Exporter::create(engine, out, &Options::default()).unwrap();
    for item in newsdex_core::extract_inputs(&[feeds.to_path_buf()], &IngestOptions::default()) {
        exporter.add(&item.unwrap().article, None).unwrap();
    }
    exporter.finish().unwrap().articles
}

#[test]
fn exporting_paths_holds_the_same_memory_for_4x_the_articles() {
    let dir = tempfile::tempdir().unwrap();
    // Feeds are read a file (an ingest piece) at a time: 2 files of 100
    // articles, then 8.
    let warm = write_feeds(&dir.path().join("warm"), 1);
    let small = write_feeds(&dir.path().join("small"), 2);
    let large = write_feeds(&dir.path().join("large"), 8);
    for engine in [Engine::OpenSearch, Engine::Quickwit] {
        let out = |name: &str| dir.path().join(format!("{}-{name}", engine.as_str()));
        // Warm-up: gazetteers and analyzers are built once per process.
        export_feeds(engine, &warm, &out("warm"));
        let (peak_small, n_small) = peak_bytes(|| export_feeds(engine, &small, &out("small")));
        let (peak_large, n_large) = peak_bytes(|| export_feeds(engine, &large, &out("large")));
        assert_eq!((n_small, n_large), (200, 800));
        let ratio = peak_large as f64 / peak_small.max(1) as f64;
        eprintln!(
            "{engine:?} export of paths: peak {peak_small} B for 200 articles, \
             {peak_large} B for 800 ({ratio:.2}x)"
        );
        assert!(
            ratio < 1.5,
            "{engine:?}: peak grew {ratio:.2}x on 4x the articles"
        );
    }
}

fn index_of(dir: &Path, articles: usize) -> NewsIndex {
    let feed = dir.join(format!("feed-{articles}.jsonl"));
    write_feed(&feed, articles);
    let index = NewsIndex::open_or_create(&dir.join(format!("index-{articles}"))).unwrap();
    index.indexer().index_paths(&[feed]).unwrap();
    index
}

#[test]
fn exporting_an_index_holds_the_same_memory_for_4x_the_articles() {
    let dir = tempfile::tempdir().unwrap();
    let small = index_of(dir.path(), 200);
    let large = index_of(dir.path(), 800);
    let export = |index: &NewsIndex, name: &str| {
        let out = dir.path().join(name);
        let mut exporter = Exporter::create(Engine::Quickwit, &out, &Options::default()).unwrap();
        let written = export_index(index, &mut exporter, &mut |_| {}).unwrap();
        exporter.finish().unwrap();
        written
    };
    // Warm-up of each index: its searcher, readers and store caches.
    export(&small, "warm-small");
    export(&large, "warm-large");
    let (peak_small, n_small) = peak_bytes(|| export(&small, "small"));
    let (peak_large, n_large) = peak_bytes(|| export(&large, "large"));
    assert_eq!((n_small, n_large), (200, 800));
    let ratio = peak_large as f64 / peak_small.max(1) as f64;
    eprintln!(
        "export of an index: peak {peak_small} B for 200, {peak_large} B for 800 ({ratio:.2}x)"
    );
    assert!(ratio < 2.0, "peak grew {ratio:.2}x on 4x the articles");
}
