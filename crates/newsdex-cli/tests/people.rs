//! The person and said_by facets, quotes, and `newsdex eval people`, end to
//! end.

use crate::util::{bundled, BundledIndex};

#[test]
fn person_filters() {
    let ix = BundledIndex::new();
    assert_eq!(
        ix.search("ceasefire", &["--person", "kirby"]).hit_ids(),
        bundled(&["003", "004"])
    );
    // Every alias of one person finds the same articles.
    let blinken = ix.search("*", &["--person", "antony-blinken"]).hit_ids();
    assert_eq!(blinken, bundled(&["000", "001", "002", "003", "004"]));
    assert_eq!(ix.search("*", &["--person", "blinken"]).hit_ids(), blinken);
    assert_eq!(
        ix.search("*", &["--person", "Antony Blinken"]).hit_ids(),
        blinken
    );
    // Diacritics fold: "António Guterres" (004) and "Antonio Guterres" (003).
    assert_eq!(
        ix.search("*", &["--person", "antonio-guterres"]).hit_ids(),
        bundled(&["003", "004"])
    );
    assert_eq!(
        ix.search("person:thomas-greenfield", &[]).hit_ids(),
        bundled(&["000", "003"])
    );
    // Photo credits and bylines are not people of the story.
    let run = ix.search("*", &["--person", "angela-weiss"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
}

#[test]
fn said_by_and_quote_search() {
    let ix = BundledIndex::new();
    assert_eq!(
        ix.search("*", &["--said-by", "guterres"]).hit_ids(),
        bundled(&["003", "004"])
    );
    assert_eq!(
        ix.search("*", &["--said-by", "kirby"]).hit_ids(),
        bundled(&["003", "004"])
    );
    assert_eq!(
        ix.search("quote:\"must be implemented\"", &[]).hit_ids(),
        bundled(&["003", "004"])
    );
    // Quote text is searchable on its own field, narrowed by speaker.
    assert_eq!(
        ix.search("quote:ceasefire", &["--said-by", "thomas-greenfield"])
            .hit_ids(),
        bundled(&["003"])
    );
}

#[test]
fn show_lists_people_and_quotes() {
    let ix = BundledIndex::new();
    let article = ix.run(&["show", &bundled(&["003"])[0], "--json"]).json();
    let people = article["metadata"]["people"].as_array().unwrap();
    let kirby = people
        .iter()
        .find(|p| p["slug"] == "john-kirby")
        .expect("Kirby in 003");
    assert_eq!(kirby["name"], "John Kirby");
    assert!(
        kirby["roles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r.as_str().unwrap().contains("spokesman")),
        "{kirby}"
    );
    let quotes = article["metadata"]["quotes"].as_array().unwrap();
    assert!(quotes.iter().any(|q| q["speaker"] == "antonio-guterres"
        && q["text"]
            .as_str()
            .unwrap()
            .starts_with("This resolution must be implemented")));
    let text = ix.run(&["show", &bundled(&["003"])[0]]);
    assert!(
        text.stdout.contains("— antonio-guterres"),
        "{}",
        text.stdout
    );
}

#[cfg(feature = "eval")]
#[test]
fn eval_people_reports_recall_and_precision() {
    let Some(dir) = crate::util::reuters_dir() else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    let file = dir.join("reut2-000.sgm");
    let run = crate::util::newsdex(
        home.path(),
        &[
            "eval",
            "people",
            "--reuters",
            file.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    let recall = report["recall"].as_f64().unwrap();
    let precision = report["precision"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&recall) && recall > 0.8, "{report}");
    assert!(
        (0.0..=1.0).contains(&precision) && precision > 0.6,
        "{report}"
    );
}

#[cfg(feature = "eval")]
#[test]
fn eval_people_without_the_corpus_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    let run = crate::util::newsdex(
        home.path(),
        &["eval", "people", "--reuters", "/no/such/reuters"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    let last = run.stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("newsdex: error:") && last.contains("/no/such/reuters"),
        "{}",
        run.stderr
    );
}
