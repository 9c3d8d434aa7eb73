//! Fixtures: the bundled articles, extracted as `newsdex extract` does or
//! indexed, and exported into a temporary folder.

use std::path::{Path, PathBuf};

use newsdex_core::ingest::IngestOptions;
use newsdex_core::{Article, NewsIndex};
use newsdex_export::{export_index, Engine, Exporter, Options, Summary};
use serde_json::Value;

/// The bundled articles' folder.
pub fn data_dir() -> PathBuf {
    newsdex_testkit::workspace_root().join("data")
}

/// The bundled articles, cleaned and extracted.
pub fn bundled_articles() -> Vec<Article> {
    newsdex_core::extract_inputs(&[data_dir()], &IngestOptions::default())
        .map(|item| item.expect("bundled article reads").article)
        .collect()
}

/// An index of the bundled articles, in a temporary folder.
pub fn bundled_index() -> (tempfile::TempDir, NewsIndex) {
    let dir = tempfile::tempdir().unwrap();
    let index = NewsIndex::open_or_create(&dir.path().join("index")).unwrap();
    let report = index.indexer().index_paths(&[data_dir()]).unwrap();
    assert_eq!(report.articles(), 5);
    (dir, index)
}

/// `articles` exported for `engine` into `out`.
pub fn export_articles(
    engine: Engine,
    out: &Path,
    articles: &[Article],
    options: &Options,
) -> Summary {
    let mut exporter = Exporter::create(engine, out, options).unwrap();
    for article in articles {
        exporter.add(article, None).unwrap();
    }
    exporter.finish().unwrap()
}

/// `index` exported for `engine` into `out`.
pub fn export_from_index(engine: Engine, out: &Path, index: &NewsIndex) -> Summary {
    let mut exporter = Exporter::create(engine, out, &Options::default()).unwrap();
    export_index(index, &mut exporter, &mut |_| {}).unwrap();
    exporter.finish().unwrap()
}

/// The JSON lines of an export's NDJSON files, in order.
pub fn lines(summary: &Summary) -> Vec<Value> {
    let mut out = Vec::new();
    for path in &summary.shards {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(
            text.ends_with('\n'),
            "{} ends with a newline",
            path.display()
        );
        for line in text.lines() {
            out.push(
                serde_json::from_str(line)
                    .unwrap_or_else(|e| panic!("{}: not JSON ({e}): {line}", path.display())),
            );
        }
    }
    out
}

/// The documents of an export (for OpenSearch, the lines after each
/// action), with the `_id` of each (OpenSearch) or its `id` (Quickwit).
pub fn documents(engine: Engine, summary: &Summary) -> Vec<(String, Value)> {
    let lines = lines(summary);
    match engine {
        Engine::OpenSearch => {
            assert_eq!(lines.len() % 2, 0, "action and document pairs");
            lines
                .chunks(2)
                .map(|pair| {
                    let id = pair[0]["index"]["_id"].as_str().unwrap().to_string();
                    (id, pair[1].clone())
                })
                .collect()
        }
        Engine::Quickwit => lines
            .into_iter()
            .map(|doc| (doc["id"].as_str().unwrap().to_string(), doc))
            .collect(),
    }
}

/// The strings of a JSON array (empty for a missing field).
pub fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|v| v.as_str().expect("a string").to_string())
                .collect()
        })
        .unwrap_or_default()
}
