//! `newsdex translate` (issue 21): the engine's request on stdout, refusals
//! on one line with exit code 2, no index needed.

use crate::util::{newsdex, BundledIndex};

fn translate(home: &std::path::Path, args: &[&str]) -> crate::util::Run {
    let mut all = vec!["translate"];
    all.extend_from_slice(args);
    newsdex(home, &all)
}

#[test]
fn prints_the_engines_request_without_an_index() {
    let home = tempfile::tempdir().unwrap();
    let run = translate(home.path(), &["ceasefire -Kirby", "--engine", "opensearch"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "", "nothing on stderr");
    let body = run.json();
    let keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in ["query", "size", "track_total_hits", "aggs", "highlight"] {
        assert!(keys.contains(&key), "{key} missing: {keys:?}");
    }
    assert_eq!(body["size"], 10);
    assert_eq!(
        body["aggs"].as_object().unwrap().len(),
        8,
        "one aggregation per facet"
    );
    assert!(
        run.stdout.contains("\n  \"query\""),
        "pretty-printed: {}",
        run.stdout
    );
    // `elasticsearch` is the same engine.
    let es = translate(
        home.path(),
        &["ceasefire -Kirby", "--engine", "elasticsearch"],
    );
    assert_eq!(es.stdout, run.stdout);

    let run = translate(
        home.path(),
        &[
            "\"cease fire\" Rafa*",
            "--engine",
            "quickwit",
            "--limit",
            "3",
            "--sort",
            "date",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let body = run.json();
    let query = body["query"].as_str().unwrap();
    assert!(query.contains("body_terms:\"ceasefir\""), "{query}");
    assert!(query.contains("body_terms:rafa*"), "{query}");
    assert_eq!(body["max_hits"], 3);
    assert_eq!(body["sort_by"], "-published");
    // Translating neither builds nor reads the default index.
    assert!(!home.path().join("default-index").exists());
}

#[test]
fn takes_the_filter_flags_of_search() {
    let home = tempfile::tempdir().unwrap();
    let run = translate(
        home.path(),
        &[
            "--engine",
            "opensearch",
            "--country",
            "Qatari",
            "--org",
            "Security Council",
            "--vote",
            "vetoed/russia",
            "--language",
            "French",
            "--from",
            "2024-03-22",
            "--to",
            "2024-03-24",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let body = run.json();
    let filters = body["query"]["bool"]["filter"].as_array().unwrap().clone();
    let expected = [
        serde_json::json!({"terms": {"country": ["qa"]}}),
        serde_json::json!({"terms": {"vote_path": ["vetoed/ru"]}}),
        serde_json::json!({"terms": {"language": ["fr"]}}),
        serde_json::json!({"terms": {"org_path": ["un/security-council"]}}),
        serde_json::json!({"range": {"published": {"gte": "2024-03-22", "lt": "2024-03-25", "format": "strict_date"}}}),
    ];
    for filter in &expected {
        assert!(filters.contains(filter), "{filter} not in {filters:?}");
    }
    assert_eq!(
        body["query"]["bool"]["must"],
        serde_json::Value::Null,
        "filters only"
    );

    let bad = translate(
        home.path(),
        &["a", "--engine", "quickwit", "--from", "22/03/2024"],
    );
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("--from"), "{}", bad.stderr);
    let unknown = translate(
        home.path(),
        &["a", "--engine", "quickwit", "--country", "Narnia"],
    );
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("unknown country"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn what_the_engine_lacks_is_one_line_and_exit_code_2() {
    let home = tempfile::tempdir().unwrap();
    for (query, engine, needle) in [
        ("gaza china w/3 russia", "quickwit", "position 12"),
        ("Netanyahoo~2", "quickwit", "fuzzy"),
        ("blinken /s netanyahu", "opensearch", "position 9"),
    ] {
        let run = translate(home.path(), &[query, "--engine", engine]);
        assert_eq!(run.code, 2, "{query}: {}", run.stdout);
        assert_eq!(run.stdout, "", "{query}");
        assert_eq!(run.stderr.lines().count(), 1, "{query}: {}", run.stderr);
        assert!(run.stderr.starts_with("newsdex: error: "), "{}", run.stderr);
        assert!(run.stderr.contains(needle), "{query}: {}", run.stderr);
    }
    // A syntax error is search's, with its caret line.
    let run = translate(home.path(), &["(a OR", "--engine", "opensearch"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("position 4") && run.stderr.contains("^^"),
        "{}",
        run.stderr
    );
    // An engine newsdex does not know is clap's usage error.
    let run = translate(home.path(), &["a", "--engine", "solr"]);
    assert_eq!(run.code, 2);
    // No engine: one is required.
    let run = translate(home.path(), &["a"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--to quickwit"), "{}", run.stderr);
    // Two different engines.
    let run = translate(
        home.path(),
        &["a", "--to", "quickwit", "--engine", "opensearch"],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("two engines"), "{}", run.stderr);
}

#[test]
fn to_names_the_engine_as_export_does_and_a_date_stays_a_date() {
    let home = tempfile::tempdir().unwrap();
    let by_to = translate(home.path(), &["ceasefire", "--to", "quickwit"]);
    let by_engine = translate(home.path(), &["ceasefire", "--engine", "quickwit"]);
    assert_eq!(by_to.code, 0, "{}", by_to.stderr);
    assert_eq!(by_to.stdout, by_engine.stdout);
    // Named twice alike is fine; a date after `--to` is the last
    // publication day, the engine then named by `--engine`.
    let twice = translate(
        home.path(),
        &["ceasefire", "--to", "opensearch", "--engine", "opensearch"],
    );
    assert_eq!(twice.code, 0, "{}", twice.stderr);
    let run = translate(
        home.path(),
        &["ceasefire", "--engine", "opensearch", "--to", "2024-03-24"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("2024-03-25"), "{}", run.stdout);
}

#[test]
fn with_an_index_values_resolve_as_search_resolves_them() {
    let ix = BundledIndex::new();
    // The people search finds for `kirby`.
    let facets = ix.run(&["facets", "person", "--json"]);
    assert_eq!(facets.code, 0, "{}", facets.stderr);
    let kirbys: Vec<String> = facets.json()["person"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v["value"].as_str())
        .filter(|v| v.split('-').any(|part| part == "kirby"))
        .map(str::to_string)
        .collect();
    assert!(!kirbys.is_empty());
    let run = ix.run(&["translate", "person:kirby", "--engine", "opensearch"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("index:"), "{}", run.stderr);
    let mut resolved: Vec<String> = run.json()["query"]["terms"]["person"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    resolved.sort();
    let mut kirbys = kirbys;
    kirbys.sort();
    assert_eq!(resolved, kirbys);
    // A missing index named with --index is an error, not a silent
    // translation without one.
    let home = tempfile::tempdir().unwrap();
    let missing = home.path().join("nothing-here");
    let run = translate(
        home.path(),
        &[
            "a",
            "--engine",
            "quickwit",
            "--index",
            missing.to_str().unwrap(),
        ],
    );
    assert_ne!(run.code, 0);
}
