//! The vote facet and source detection, end to end on the bundled articles.

use crate::util::{bundled, data_dir, newsdex, BundledIndex};

#[test]
fn vote_filters() {
    let ix = BundledIndex::new();
    let china = ix
        .search("ceasefire", &["--vote", "vetoed/china"])
        .hit_ids();
    for id in bundled(&["001", "002"]) {
        assert!(china.contains(&id), "{id} reports China's veto: {china:?}");
    }
    assert!(
        !china.contains(&bundled(&["003"])[0]),
        "003 reports no veto: {china:?}"
    );
    assert_eq!(
        ix.search("ceasefire", &["--vote", "adopted"]).hit_ids(),
        bundled(&["003", "004"])
    );
    assert_eq!(
        ix.search("ceasefire", &["--vote", "abstained/guyana"])
            .hit_ids(),
        bundled(&["002"])
    );
    assert_eq!(
        ix.search("ceasefire", &["--vote", "against/algeria"])
            .hit_ids(),
        bundled(&["001", "002"])
    );
    assert_eq!(
        ix.search("ceasefire", &["--vote", "abstained/us"])
            .hit_ids(),
        bundled(&["003", "004"])
    );
    // Country aliases in the member part, and the hierarchy.
    let russia = ix
        .search("ceasefire", &["--vote", "vetoed/russia"])
        .hit_ids();
    assert_eq!(
        ix.search("ceasefire", &["--vote", "vetoed/RU"]).hit_ids(),
        russia
    );
    let any_veto = ix.search("ceasefire", &["--vote", "vetoed"]).hit_ids();
    assert!(china.iter().all(|id| any_veto.contains(id)));
    let west_germany = ix.search("ceasefire", &["--vote", "against/west-germany"]);
    assert_eq!(
        west_germany.code, 0,
        "a valid country with no votes: {}",
        west_germany.stderr
    );
    assert_eq!(ix.search("vote:vetoed/china", &[]).hit_ids(), china);
}

#[test]
fn unknown_vote_values_are_errors() {
    let ix = BundledIndex::new();
    let run = ix.search("ceasefire", &["--vote", "vetod"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("did you mean vetoed"), "{}", run.stderr);
    let run = ix.search("ceasefire", &["--vote", "vetoed/atlantis"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn show_lists_structured_votes() {
    let ix = BundledIndex::new();
    let article = ix.run(&["show", &bundled(&["002"])[0], "--json"]).json();
    let votes = article["metadata"]["votes"].as_array().unwrap();
    let ballots: Vec<(String, String)> = votes
        .iter()
        .flat_map(|v| v["ballots"].as_array().unwrap().clone())
        .map(|b| {
            (
                b["member"].as_str().unwrap().to_string(),
                b["ballot"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for want in [
        ("ru", "vetoed"),
        ("cn", "vetoed"),
        ("dz", "against"),
        ("gy", "abstained"),
    ] {
        assert!(
            ballots.contains(&(want.0.to_string(), want.1.to_string())),
            "{want:?} in {ballots:?}"
        );
    }
    let text = ix.run(&["show", &bundled(&["003"])[0]]);
    assert!(text.stdout.contains("adopted (14-0)"), "{}", text.stdout);
}

#[test]
fn sources_are_detected_without_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    std::fs::create_dir(&input).unwrap();
    for prefix in ["000", "001", "004"] {
        let id = &bundled(&[prefix])[0];
        std::fs::copy(
            data_dir().join(format!("{id}.txt")),
            input.join(format!("{id}.txt")),
        )
        .unwrap();
    }
    let index = dir.path().join("index");
    let index = index.to_str().unwrap();
    let run = newsdex(
        dir.path(),
        &["index", "--index", index, input.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let source_of = |prefix: &str| {
        let article = newsdex(
            dir.path(),
            &["show", &bundled(&[prefix])[0], "--json", "--index", index],
        )
        .json();
        article["source"]["id"].as_str().unwrap().to_string()
    };
    assert_eq!(source_of("001"), "abc");
    assert_eq!(source_of("004"), "ft");
    assert_eq!(
        source_of("000"),
        "unknown",
        "no outlet-specific clue: never a guess"
    );
}
