//! An index written by another version or with another schema is refused
//! with a re-index message and left untouched.

use super::assert_no_panic;
use crate::util::newsdex;

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
    // The analyzer before positions carried sentences and paragraphs
    // (issue 19).
    let old_analyzer = marker.replace("news_en/3", "news_en/2");
    assert_ne!(old_analyzer, marker, "marker names the analyzer: {marker}");
    let format = newsdex_core::FORMAT_VERSION;
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
            "analyzer news_en/2",
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
