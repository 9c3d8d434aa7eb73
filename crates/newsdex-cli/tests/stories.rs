//! `newsdex stories`, `coverage`, `search --collapse` and what `show` says
//! of near-duplicates and stories, on the bundled articles.

use crate::util::{bundled, BundledIndex};

#[test]
fn stories_json_gives_the_two_votes_of_the_bundled_five() {
    let ix = BundledIndex::new();
    let run = ix.run(&["stories", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    assert_eq!(json["articles"], 5);
    assert_eq!(json["total"], 2);
    let members = |n: usize| -> Vec<String> {
        let mut ids: Vec<String> = json["stories"][n]["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(members(0), bundled(&["000", "001", "002"]));
    assert_eq!(members(1), bundled(&["003", "004"]));
    let story = &json["stories"][0];
    for key in [
        "headline",
        "first",
        "outlets",
        "people",
        "countries",
        "votes",
        "timeline",
    ] {
        assert!(!story[key].is_null(), "{key} in {story}");
    }
    let text = ix.run(&["stories", "ceasefire"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(text.stdout.contains("first reported by"), "{}", text.stdout);
    assert!(text.stdout.contains("in 2 stories"), "{}", text.stdout);
    let bad = ix.run(&["stories", "(a OR"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}

#[test]
fn coverage_prints_a_table_json_and_csv() {
    let ix = BundledIndex::new();
    let csv = ix.run(&["coverage", "Kirby", "--by", "source", "--csv"]);
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    let lines: Vec<&str> = csv.stdout.lines().collect();
    assert_eq!(lines[0], "value,label,matches,total,share");
    assert_eq!(lines.len(), 3, "{}", csv.stdout);
    assert!(
        lines[1..].iter().all(|l| l.ends_with(",1,1,1.000000")),
        "{}",
        csv.stdout
    );
    let json = ix
        .run(&[
            "coverage",
            "ceasefire",
            "--by",
            "country",
            "--normalize",
            "--json",
        ])
        .json();
    assert_eq!(json["matches"], 5);
    assert_eq!(json["normalized"], true);
    let table = ix.run(&["coverage", "veto", "--by", "person"]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(table.stdout.contains("share"), "{}", table.stdout);
    let bad = ix.run(&["coverage", "veto", "--by", "colour"]);
    assert_eq!(bad.code, 2);
}

#[test]
fn collapse_says_what_it_counts_and_show_names_the_story() {
    let ix = BundledIndex::new();
    // The bundled five are five different reports: five groups of one.
    let run = ix.search("ceasefire", &["--collapse"]);
    let json = run.json();
    assert_eq!(json["total"], 5);
    assert_eq!(json["groups"], 5);
    assert_eq!(json["counts"], "articles");
    let text = ix.run(&["search", "ceasefire", "--collapse"]);
    assert!(
        text.stdout.contains("in 5 near-duplicate groups"),
        "{}",
        text.stdout
    );
    let id = &bundled(&["004"])[0];
    let show = ix.run(&["show", id]);
    assert_eq!(show.code, 0, "{}", show.stderr);
    assert!(
        show.stdout.contains("near-duplicates: none"),
        "{}",
        show.stdout
    );
    assert!(
        show.stdout.contains(&bundled(&["003"])[0]),
        "{}",
        show.stdout
    );
    let json = ix.run(&["show", id, "--json"]).json();
    assert_eq!(json["near_duplicates"].as_array().unwrap().len(), 0);
    assert_eq!(json["story"]["articles"], 2);
}
