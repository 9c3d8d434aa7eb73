//! The country facet end to end, and Reuters-21578 SGML ingestion (skipped
//! visibly when the research-only corpus is absent).

use crate::util::{bundled, matching, newsdex, reuters_dir, BundledIndex};

#[test]
fn country_filters_on_the_bundled_articles() {
    let ix = BundledIndex::new();
    let guyana = ix.search("ceasefire", &["--country", "guyana"]).hit_ids();
    assert_eq!(guyana, bundled(&["002"]));
    assert_eq!(guyana, matching("Guyana"));

    let qatar = ix.search("ceasefire", &["--country", "qatar"]).hit_ids();
    assert!(
        qatar.contains(&bundled(&["003"])[0]),
        "003 says Doha and Qatar: {qatar:?}"
    );
    assert_eq!(qatar, matching(r"Qatar|Doha"));

    let russia = ix.search("ceasefire", &["--country", "russia"]).hit_ids();
    for id in bundled(&["001", "002", "004"]) {
        assert!(russia.contains(&id), "{id} in {russia:?}");
    }
    assert!(!russia.contains(&bundled(&["003"])[0]));
    assert_eq!(russia, matching(r"Russia|Moscow|Kremlin"));
    // Every alias resolves to the same value.
    for alias in ["RU", "ru", "Russian", "Russia"] {
        assert_eq!(
            ix.search("ceasefire", &["--country", alias]).hit_ids(),
            russia,
            "{alias}"
        );
    }
    assert_eq!(ix.search("country:russia ceasefire", &[]).hit_ids(), russia);
}

#[test]
fn unknown_country_is_an_error_with_suggestions() {
    let ix = BundledIndex::new();
    let run = ix.search("ceasefire", &["--country", "Rusia"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown country `Rusia`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("Russia"),
        "suggests Russia: {}",
        run.stderr
    );
}

#[test]
fn about_is_a_subset_of_mentioned() {
    let ix = BundledIndex::new();
    for id in bundled(&[""]) {
        let article = ix.run(&["show", &id, "--json"]).json();
        let about = article["metadata"]["countries_about"].as_array().unwrap();
        let mentioned = article["metadata"]["countries_mentioned"]
            .as_array()
            .unwrap();
        assert!(!about.is_empty(), "{id} is about some country");
        assert!(
            about.iter().all(|c| mentioned.contains(c)),
            "{id}: {about:?} ⊄ {mentioned:?}"
        );
    }
}

#[test]
fn reuters_sgml_is_indexed_like_any_input() {
    let Some(dir) = reuters_dir() else { return };
    let file = dir.join("reut2-000.sgm");
    let bytes = std::fs::read(&file).unwrap();
    let stories = bytes.windows(9).filter(|w| w == b"<REUTERS ").count();
    let tmp = tempfile::tempdir().unwrap();
    let index = tmp.path().join("index");
    let index = index.to_str().unwrap();
    let run = newsdex(
        tmp.path(),
        &["index", "--json", "--index", index, file.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["total"].as_u64().unwrap() as usize, stories);
    // The first story of the file: id from NEWID, source reuters, date.
    let first = newsdex(
        tmp.path(),
        &["show", "reuters-1", "--json", "--index", index],
    )
    .json();
    assert_eq!(first["source"]["id"], "reuters");
    assert!(first["published"].is_array() || first["published"].is_string());
    let run = newsdex(
        tmp.path(),
        &[
            "search", "--json", "cocoa", "--source", "reuters", "--index", index,
        ],
    );
    assert!(run.json()["total"].as_u64().unwrap() > 0);
}

#[cfg(feature = "eval")]
#[test]
fn eval_places_meets_the_targets() {
    let Some(dir) = reuters_dir() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let run = newsdex(
        tmp.path(),
        &[
            "eval",
            "places",
            "--reuters",
            dir.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    let about_f1 = report["about"]["micro"]["f1"].as_f64().unwrap();
    let mentioned_recall = report["mentioned"]["micro"]["recall"].as_f64().unwrap();
    assert!(about_f1 >= 0.85, "about micro-F1 {about_f1}");
    assert!(
        mentioned_recall >= 0.95,
        "mentioned recall {mentioned_recall}"
    );
}

#[cfg(feature = "eval")]
#[test]
fn eval_without_the_corpus_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let run = newsdex(tmp.path(), &["eval", "places", "--reuters", "/no/such/dir"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

/// `--raw` scores the text as read: a furniture paragraph that cleaning
/// drops (here naming Norway in an invented story labelled `canada`) counts
/// as a mention only with it.
#[cfg(feature = "eval")]
#[test]
fn eval_raw_scores_the_uncleaned_text() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("reut2-901.sgm");
    let story = concat!(
        "<REUTERS NEWID=\"7\">\n<PLACES><D>canada</D></PLACES>\n<TEXT>&#2;\n",
        "<TITLE>CANADIAN LUMBER SALES CLIMB</TITLE>\n",
        "<BODY>Lumber sales in Canada climbed in May, a trade group said.\n",
        "    Copyright Norway Timber Review\n",
        " Reuter\n&#3;</BODY></TEXT>\n</REUTERS>\n",
    );
    std::fs::write(&file, story).unwrap();
    let mentioned_precision = |extra: &[&str]| {
        let mut args = vec!["eval", "places", "--json", "--reuters"];
        args.push(file.to_str().unwrap());
        args.extend_from_slice(extra);
        let run = newsdex(tmp.path(), &args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.json()["mentioned"]["micro"]["precision"]
            .as_f64()
            .unwrap()
    };
    assert_eq!(mentioned_precision(&[]), 1.0);
    assert_eq!(mentioned_precision(&["--raw"]), 0.5);
}
