//! Golden files: the template, the Quickwit config and the NDJSON of the
//! bundled five, byte for byte. A change shows as a diff of these files;
//! `NEWSDEX_BLESS=1 cargo test -p newsdex-export --test integration golden`
//! rewrites them after a deliberate change.

use std::path::Path;

use newsdex_export::{Engine, Options};

use crate::util::{bundled_articles, export_articles};

/// Compares `actual` with the golden file `name` (the same helper as the
/// translation's golden tests), or rewrites it when `NEWSDEX_BLESS` is set.
fn check(name: &str, actual: &str) {
    crate::golden_files::assert_golden(name, actual);
}

fn export_and_check(engine: Engine, folder: &str, definition: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let summary = export_articles(engine, &out, &bundled_articles(), &Options::default());
    assert_eq!(summary.articles, 5);
    assert_eq!(summary.shards.len(), 1, "five articles fit one file");
    let read = |path: &Path| std::fs::read_to_string(path).unwrap();
    assert_eq!(summary.definition, out.join(definition));
    check(
        &format!("{folder}/{definition}"),
        &read(&summary.definition),
    );
    check(
        &format!("{folder}/bulk-0001.ndjson"),
        &read(&summary.shards[0]),
    );
}

#[test]
fn opensearch_template_and_bulk_of_the_bundled_five() {
    export_and_check(Engine::OpenSearch, "opensearch", "template.json");
}

#[test]
fn quickwit_config_and_documents_of_the_bundled_five() {
    export_and_check(Engine::Quickwit, "quickwit", "index-config.json");
}
