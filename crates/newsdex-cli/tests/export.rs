//! `newsdex export --to opensearch|quickwit OUT [PATH... | --index DIR]`:
//! the files written, exit codes, skipped inputs, shard sizes and the
//! refusal to overwrite.

use std::path::Path;

use crate::util::{data_dir, newsdex, BundledIndex};

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn ndjson_lines(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn bundled_articles_export_for_opensearch_and_quickwit() {
    let dir = tempfile::tempdir().unwrap();
    let data = data_dir();
    for (engine, definition) in [
        ("opensearch", "template.json"),
        ("quickwit", "index-config.json"),
    ] {
        let out = dir.path().join(engine);
        let run = newsdex(
            dir.path(),
            &[
                "export",
                "--to",
                engine,
                out.to_str().unwrap(),
                data.to_str().unwrap(),
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stdout.is_empty(), "nothing on stdout: {}", run.stdout);
        assert_eq!(files_in(&out), ["bulk-0001.ndjson", definition]);
        let last = run.stderr.lines().last().unwrap_or_default();
        assert!(
            last.starts_with("newsdex: exported 5 articles to ")
                && last.contains(&format!("{definition} and 1 NDJSON file"))
                && last.ends_with("0 skipped"),
            "{last}"
        );
        let lines = ndjson_lines(&out.join("bulk-0001.ndjson"));
        let docs = if engine == "opensearch" { 10 } else { 5 };
        assert_eq!(lines.len(), docs);
    }
    // `elasticsearch` is another name for the same export.
    let out = dir.path().join("es");
    let run = newsdex(
        dir.path(),
        &[
            "export",
            "--quiet",
            "--to",
            "elasticsearch",
            out.to_str().unwrap(),
            data.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.is_empty(), "--quiet: {}", run.stderr);
    assert_eq!(
        std::fs::read(out.join("template.json")).unwrap(),
        std::fs::read(dir.path().join("opensearch/template.json")).unwrap()
    );
}

#[test]
fn a_broken_input_is_skipped_and_the_rest_exported_with_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(
        input.join("good.txt"),
        "Truce holds\n\nThe cease-fire held in Gaza.",
    )
    .unwrap();
    std::fs::write(input.join("binary.txt"), b"\x00\x01\x02ELF\x00\x00").unwrap();
    std::fs::write(
        input.join("feed.jsonl"),
        "{not json\n{\"id\":\"j1\",\"title\":\"Wire\",\"body\":\"Aid trucks entered.\"}\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let run = newsdex(
        dir.path(),
        &[
            "export",
            "--to",
            "quickwit",
            out.to_str().unwrap(),
            input.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("binary.txt: binary file"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("feed.jsonl:1: malformed record"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("exported 2 articles"), "{}", run.stderr);
    assert!(run.stderr.contains("2 skipped"), "{}", run.stderr);
    let mut ids: Vec<String> = ndjson_lines(&out.join("bulk-0001.ndjson"))
        .iter()
        .map(|doc| doc["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    assert_eq!(ids, ["good", "j1"]);
}

#[test]
fn a_tiny_shard_size_splits_files_without_splitting_an_article() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let data = data_dir();
    // 4 KiB: smaller than most of the bundled articles' documents.
    let run = newsdex(
        dir.path(),
        &[
            "export",
            "--to",
            "opensearch",
            "--shard-mb",
            "0.00390625",
            out.to_str().unwrap(),
            data.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let shards: Vec<String> = files_in(&out)
        .into_iter()
        .filter(|n| n.starts_with("bulk-"))
        .collect();
    assert!(shards.len() > 1, "{shards:?}");
    let mut documents = 0;
    for (i, name) in shards.iter().enumerate() {
        assert_eq!(name, &format!("bulk-{:04}.ndjson", i + 1));
        let path = out.join(name);
        let lines = ndjson_lines(&path);
        assert_eq!(lines.len() % 2, 0, "{name}: whole action/document pairs");
        let size = std::fs::metadata(&path).unwrap().len();
        // Over the limit only when one article alone is.
        assert!(
            size <= 4096 || lines.len() == 2,
            "{name}: {size} bytes, {} lines",
            lines.len()
        );
        documents += lines.len() / 2;
    }
    assert_eq!(documents, 5);
    for bad in ["0", "-1", "nan"] {
        let run = newsdex(
            dir.path(),
            &[
                "export",
                "--to",
                "opensearch",
                "--shard-mb",
                bad,
                dir.path().join("x").to_str().unwrap(),
                data.to_str().unwrap(),
            ],
        );
        assert_eq!(run.code, 2, "{bad}: {}", run.stderr);
    }
}

#[test]
fn a_folder_in_use_is_refused_unless_forced_and_force_leaves_no_stale_shard() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    std::fs::write(out.join("bulk-0009.ndjson"), "{}\n").unwrap();
    let data = data_dir();
    let args = [
        "export",
        "--to",
        "opensearch",
        out.to_str().unwrap(),
        data.to_str().unwrap(),
    ];
    let run = newsdex(dir.path(), &args);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("is not empty") && run.stderr.contains("--force"),
        "{}",
        run.stderr
    );
    assert_eq!(
        files_in(&out),
        ["bulk-0009.ndjson", "notes.txt"],
        "nothing written"
    );
    let mut forced = args.to_vec();
    forced.push("--force");
    let run = newsdex(dir.path(), &forced);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        files_in(&out),
        ["bulk-0001.ndjson", "notes.txt", "template.json"]
    );
}

#[test]
fn an_index_exports_every_article_with_its_group() {
    let bundled = BundledIndex::new();
    let out = bundled.dir.path().join("out");
    let run = bundled.run(&["export", "--to", "quickwit", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("exported 5 articles"), "{}", run.stderr);
    let docs = ndjson_lines(&out.join("bulk-0001.ndjson"));
    assert_eq!(docs.len(), 5);
    assert!(docs
        .iter()
        .all(|d| d["dup_group"].is_string() && d["body_terms"].is_string()));
    // PATHs and --index together are a usage error.
    let data = data_dir();
    let run = bundled.run(&[
        "export",
        "--to",
        "quickwit",
        bundled.dir.path().join("x").to_str().unwrap(),
        data.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    // A name the engine refuses, before anything is written.
    let bad = bundled.dir.path().join("bad");
    let run = bundled.run(&[
        "export",
        "--to",
        "opensearch",
        "--name",
        "News",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("lowercase"), "{}", run.stderr);
    assert!(!bad.exists());
    // An explicit --index that holds no index is an error, not filled.
    let empty = bundled.dir.path().join("no-index");
    let run = newsdex(
        bundled.dir.path(),
        &[
            "export",
            "--to",
            "opensearch",
            bundled.dir.path().join("y").to_str().unwrap(),
            "--index",
            empty.to_str().unwrap(),
        ],
    );
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert!(!empty.exists());
}

#[test]
fn a_missing_input_path_is_a_usage_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let missing = dir.path().join("missing");
    let run = newsdex(
        dir.path(),
        &[
            "export",
            "--to",
            "opensearch",
            out.to_str().unwrap(),
            missing.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!out.exists());
    assert_eq!(run.stderr.lines().count(), 1, "one line: {}", run.stderr);
}
