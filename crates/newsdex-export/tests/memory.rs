//! An export streams: the memory it holds at its peak does not grow with
//! the number of articles (4x the articles, about the same peak; holding
//! them would be 4x). Measured with the counting allocator of this test
//! binary, on this thread.

use std::path::Path;

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
            "{{\"id\": \"s{i}\", \"source\": \"wire\", \"published\": \"2024-03-{:02}\", \"title\": \"Talks on the truce, day {i}\", \
             \"body\": \"GENEVA - Diplomats from France and Germany met for a {i}th day on Monday. \
             \\\"We are close to a cease-fire,\\\" said Foreign Minister Jean Dupont. \
             The U.N. Security Council adopted the resolution 14-0, with Russia abstaining.\"}}\n",
            i % 28 + 1
        ));
    }
    std::fs::write(path, lines).unwrap();
}

fn export_feed(engine: Engine, feed: &Path, out: &Path) -> u64 {
    let mut exporter = Exporter::create(engine, out, &Options::default()).unwrap();
    for item in newsdex_core::extract_inputs(&[feed.to_path_buf()], &IngestOptions::default()) {
        exporter.add(&item.unwrap().article, None).unwrap();
    }
    exporter.finish().unwrap().articles
}

#[test]
fn exporting_paths_holds_the_same_memory_for_4x_the_articles() {
    let dir = tempfile::tempdir().unwrap();
    // Both sizes well past one ingest piece (256 KiB), so that what is
    // measured is the stream, not a whole small file held at once.
    let (small, large) = (1_500, 6_000);
    write_feed(&dir.path().join("small.jsonl"), small);
    write_feed(&dir.path().join("large.jsonl"), large);
    for engine in [Engine::OpenSearch, Engine::Quickwit] {
        let out = |name: &str| dir.path().join(format!("{}-{name}", engine.as_str()));
        // Warm-up: gazetteers and analyzers are built once per process.
        export_feed(engine, &dir.path().join("small.jsonl"), &out("warm"));
        let (peak_small, n_small) =
            peak_bytes(|| export_feed(engine, &dir.path().join("small.jsonl"), &out("small")));
        let (peak_large, n_large) =
            peak_bytes(|| export_feed(engine, &dir.path().join("large.jsonl"), &out("large")));
        assert_eq!((n_small, n_large), (small as u64, large as u64));
        let ratio = peak_large as f64 / peak_small.max(1) as f64;
        eprintln!(
            "{engine:?} export of paths: peak {peak_small} B for {small} articles, \
             {peak_large} B for {large} ({ratio:.2}x)"
        );
        assert!(ratio < 1.5, "{engine:?}: peak grew {ratio:.2}x on 4x the articles");
    }
}

fn index_of(dir: &Path, articles: usize) -> NewsIndex {
    let feed = dir.join(format!("feed-{articles}.jsonl"));
    write_feed(&feed, articles);
    let index = NewsIndex::open_or_create(dir.join(format!("index-{articles}"))).unwrap();
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
    export(&small, "warm");
    let (peak_small, n_small) = peak_bytes(|| export(&small, "small"));
    let (peak_large, n_large) = peak_bytes(|| export(&large, "large"));
    assert_eq!((n_small, n_large), (200, 800));
    let ratio = peak_large as f64 / peak_small.max(1) as f64;
    eprintln!("export of an index: peak {peak_small} B for 200, {peak_large} B for 800 ({ratio:.2}x)");
    assert!(ratio < 2.0, "peak grew {ratio:.2}x on 4x the articles");
}
