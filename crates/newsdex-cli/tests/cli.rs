//! End-to-end tests of the `newsdex` binary on the bundled articles, each in
//! a temporary index. Expected ids come from the articles' text (see each
//! comment), not from the engine.

use crate::util::{bundled, newsdex, BundledIndex};

#[test]
fn rafah_from_the_ft_is_article_004_only() {
    let ix = BundledIndex::new();
    let run = ix.search("Rafah", &["--source", "ft"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.hit_ids(), bundled(&["004"]));
    // The human output too.
    let text = ix.run(&["search", "Rafah", "--source", "ft"]);
    assert_eq!(text.code, 0);
    assert!(
        text.stdout.contains("004_06944581988b0e46"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains("[Rafah]"),
        "matched word marked: {}",
        text.stdout
    );
}

#[test]
fn every_spelling_of_ceasefire_finds_all_five() {
    let ix = BundledIndex::new();
    let all = bundled(&[""]);
    assert_eq!(all.len(), 5);
    for query in ["ceasefire", "cease-fire", "\"cease fire\"", "Ceasefires"] {
        let run = ix.search(query, &[]);
        assert_eq!(run.code, 0, "{query}: {}", run.stderr);
        assert_eq!(run.hit_ids(), all, "{query}");
    }
}

#[test]
fn page_furniture_is_not_searchable_and_captions_are_separate() {
    let ix = BundledIndex::new();
    for query in [
        "\"Leave a Reply\"",
        "\"enter your comment\"",
        "\"Hot Topics\"",
        "\"Reuse this content\"",
    ] {
        let run = ix.search(query, &[]);
        assert_eq!(run.code, 0);
        assert_eq!(run.json()["total"], 0, "{query} should find nothing");
    }
    // Hockstein appears only in 002's photo credit.
    let run = ix.search("Hockstein", &[]);
    assert_eq!(run.hit_ids(), bundled(&["002"]));
    assert_eq!(run.json()["hits"][0]["snippet_field"], "caption");
    assert_eq!(
        ix.search("caption:Hockstein", &[]).hit_ids(),
        bundled(&["002"])
    );
    assert_eq!(ix.search("body:Hockstein", &[]).json()["total"], 0);
}

#[test]
fn json_has_the_documented_shape() {
    let ix = BundledIndex::new();
    let value = ix.search("ceasefire", &["--limit", "2"]).json();
    assert_eq!(value["query"], "ceasefire");
    assert_eq!(value["total"], 5);
    let hits = value["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 2);
    for key in ["id", "source", "title", "published", "score", "snippet"] {
        assert!(hits[0].get(key).is_some(), "hit lacks {key}");
    }
    assert!(hits[0]["snippet"].as_str().unwrap().contains("<mark>"));
    let sources = value["facets"]["source"].as_array().unwrap();
    assert_eq!(
        sources.len(),
        5,
        "facet counts cover all hits, not the page"
    );
    for s in sources {
        assert_eq!(s["count"], 1);
        assert!(s["value"].is_string() && s["label"].is_string());
    }
    let ft = sources.iter().find(|s| s["value"] == "ft").unwrap();
    assert_eq!(ft["label"], "Financial Times");
}

#[test]
fn reindexing_updates_in_place() {
    let ix = BundledIndex::new();
    let again = ix.run(&["index", "--json"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    let report = again.json();
    assert_eq!(report["added"], 0);
    assert_eq!(report["unchanged"], 5);
    assert_eq!(report["total"], 5);
    for speed in ["seconds", "articles_per_s", "mb_per_s"] {
        assert!(report[speed].as_f64().is_some_and(|v| v > 0.0), "{speed}");
    }
    // The summary ends with the speed.
    let text = ix.run(&["index"]);
    let first = text.stdout.lines().next().unwrap_or_default();
    assert!(
        first.ends_with(" MB/s") && first.contains(" articles/s, "),
        "{}",
        text.stdout
    );
    let stats = ix.run(&["stats", "--json"]).json();
    assert_eq!(stats["articles"], 5);
}

#[test]
fn changed_article_is_updated_not_duplicated() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    let index = dir.path().join("index");
    let index = index.to_str().unwrap();
    std::fs::write(
        articles.join("a.txt"),
        "First headline\n\nThe talks began in Doha.",
    )
    .unwrap();
    let args = [
        "index",
        "--json",
        "--index",
        index,
        articles.to_str().unwrap(),
    ];
    assert_eq!(newsdex(dir.path(), &args).json()["added"], 1);
    std::fs::write(
        articles.join("a.txt"),
        "Second headline\n\nThe talks ended in Cairo.",
    )
    .unwrap();
    let report = newsdex(dir.path(), &args).json();
    assert_eq!(
        (
            report["added"].as_u64(),
            report["updated"].as_u64(),
            report["total"].as_u64()
        ),
        (Some(0), Some(1), Some(1))
    );
    let run = newsdex(dir.path(), &["search", "--json", "Doha", "--index", index]);
    assert_eq!(run.json()["total"], 0, "the old version is gone");
    let run = newsdex(dir.path(), &["search", "--json", "Cairo", "--index", index]);
    assert_eq!(run.json()["total"], 1);
}

#[test]
fn bad_inputs_are_reported_and_the_rest_indexed() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(
        input.join("good.txt"),
        "Good headline\n\nA ceasefire was agreed in Gaza.",
    )
    .unwrap();
    std::fs::write(input.join("empty.txt"), "  \n").unwrap();
    std::fs::write(input.join("binary.txt"), b"\x00\x01\x02ELF\x00\x00").unwrap();
    std::fs::write(
        input.join("latin1.txt"),
        b"Caf\xe9 talks\n\nNegotiators met at a caf\xe9 in Doha.",
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(input.join("missing-target"), input.join("dangling.txt")).unwrap();
    std::fs::write(
        input.join("feed.jsonl"),
        "{\"id\":\"j1\",\"source\":\"wire\",\"title\":\"Wire one\",\"body\":\"Rafah crossing opened.\"}\n{not json\n{\"id\":\"j2\",\"title\":\"Wire two\",\"body\":\"Aid trucks entered.\"}\n",
    )
    .unwrap();
    let index = dir.path().join("index");
    let run = newsdex(
        dir.path(),
        &[
            "index",
            "--index",
            index.to_str().unwrap(),
            input.to_str().unwrap(),
        ],
    );
    assert_eq!(
        run.code, 2,
        "skipped inputs make exit code 2\n{}",
        run.stderr
    );
    let err = &run.stderr;
    assert!(err.contains("empty.txt: empty file"), "{err}");
    assert!(err.contains("binary.txt: binary file"), "{err}");
    assert!(err.contains("latin1.txt: invalid UTF-8 replaced"), "{err}");
    assert!(err.contains("feed.jsonl:2: malformed record"), "{err}");
    #[cfg(unix)]
    assert!(err.contains("dangling.txt: unreadable"), "{err}");
    assert!(run.stdout.contains("4 new"), "{}", run.stdout);
    for (query, want) in [
        ("ceasefire", "good"),
        ("Doha", "latin1"),
        ("Rafah", "j1"),
        ("trucks", "j2"),
    ] {
        let found = newsdex(
            dir.path(),
            &[
                "search",
                "--json",
                query,
                "--index",
                index.to_str().unwrap(),
            ],
        );
        assert_eq!(found.hit_ids(), vec![want.to_string()], "{query}");
    }
}

#[test]
fn missing_input_path_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let run = newsdex(
        dir.path(),
        &["index", "--index", index.to_str().unwrap(), "/no/such/path"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("input path does not exist: /no/such/path"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn explicit_index_without_an_index_is_an_error_not_filled() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let run = newsdex(
        dir.path(),
        &["search", "ceasefire", "--index", empty.to_str().unwrap()],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no newsdex index in"), "{}", run.stderr);
    assert!(
        run.stderr.contains("newsdex index --index"),
        "says how to create one: {}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_dir(&empty).unwrap().count(),
        0,
        "nothing was written"
    );
}

#[test]
fn default_index_is_built_on_first_search() {
    let dir = tempfile::tempdir().unwrap();
    let run = newsdex(dir.path(), &["search", "--json", "Rafah", "--source", "ft"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("no index yet: building it from"),
        "{}",
        run.stderr
    );
    assert_eq!(run.hit_ids(), bundled(&["004"]));
    let again = newsdex(dir.path(), &["search", "--json", "Rafah"]);
    assert!(
        !again.stderr.contains("building"),
        "second search builds nothing: {}",
        again.stderr
    );
}

#[test]
fn no_hits_is_success() {
    let ix = BundledIndex::new();
    let run = ix.search("zanzibar", &[]);
    assert_eq!(run.code, 0);
    assert_eq!(run.json()["total"], 0);
}

#[test]
fn second_writer_gets_the_locked_error() {
    let ix = BundledIndex::new();
    // Hold the writer lock in this process, then start the binary.
    let index = newsdex_core::NewsIndex::open_or_create(std::path::Path::new(&ix.index())).unwrap();
    let _writer = index.writer(&Default::default()).unwrap();
    let run = ix.run(&["index"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("is locked by another process"),
        "{}",
        run.stderr
    );
    // Readers keep working while the lock is held.
    let search = ix.search("ceasefire", &[]);
    assert_eq!(search.code, 0);
    assert_eq!(search.json()["total"], 5);
}

#[test]
fn unknown_source_suggests_close_matches() {
    let ix = BundledIndex::new();
    let run = ix.search("ceasefire", &["--source", "fx"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown source `fx`; did you mean ft"),
        "{}",
        run.stderr
    );
    let by_name = ix.search("ceasefire", &["--source", "Financial Times"]);
    assert_eq!(by_name.hit_ids(), bundled(&["004"]));
    let by_alias = ix.search("ceasefire", &["--source", "LA Times"]);
    assert_eq!(by_alias.hit_ids(), bundled(&["002"]));
}
