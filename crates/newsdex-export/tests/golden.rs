//! Golden files: the template, the Quickwit config and the NDJSON of the
//! bundled five, byte for byte. A change shows as a diff of these files;
//! `NEWSDEX_BLESS=1 cargo test -p newsdex-export --test integration golden`
//! rewrites them after a deliberate change.

use std::path::{Path, PathBuf};

use newsdex_export::{Engine, Options};

use crate::util::{bundled_articles, export_articles};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Compares `actual` with the golden file `name`, or rewrites it when
/// `NEWSDEX_BLESS` is set.
fn check(name: &str, actual: &str) {
    let path = golden_dir().join(name);
    if std::env::var_os("NEWSDEX_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (NEWSDEX_BLESS=1 writes it)", path.display()));
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(e, a)| e != a)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the export, first at line {}:\n  golden: {}\n  export: {}\n\
             (NEWSDEX_BLESS=1 rewrites it after a deliberate change)",
            path.display(),
            first + 1,
            expected.lines().nth(first).unwrap_or("<end>"),
            actual.lines().nth(first).unwrap_or("<end>"),
        );
    }
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
