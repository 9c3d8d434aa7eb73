//! The org facet end to end on the bundled articles (issue 17's "done
//! when"), and the person the run splitting used to lose.

use crate::util::{bundled, BundledIndex};

#[test]
fn org_filters_scopes_and_facets() {
    let ix = BundledIndex::new();
    let all = bundled(&["000", "001", "002", "003", "004"]);
    // Every bundled story names Hamas and the Security Council.
    assert_eq!(ix.search("*", &["--org", "hamas"]).hit_ids(), all);
    for alias in [
        "un-security-council",
        "Security Council",
        "unsc",
        "un/security-council",
    ] {
        assert_eq!(ix.search("*", &["--org", alias]).hit_ids(), all, "{alias}");
    }
    // The parent holds its bodies; the field scope takes the same values.
    assert_eq!(ix.search("org:un", &[]).hit_ids(), all);
    assert_eq!(
        ix.search("*", &["--org", "white-house"]).hit_ids(),
        bundled(&["001", "004"])
    );
    // An organisation the index does not hold is an error, not nothing.
    let run = ix.search("*", &["--org", "zzyzx-holdings"]);
    assert_eq!(run.code, 2, "{}", run.stdout);

    let facets = ix.run(&["facets", "org"]);
    assert_eq!(facets.code, 0, "{}", facets.stderr);
    assert!(
        facets
            .stdout
            .lines()
            .any(|l| l.contains("5") && l.contains("un/security-council")),
        "{}",
        facets.stdout
    );
    let show = ix.run(&["show", &bundled(&["003"])[0]]);
    assert!(
        show.stdout.contains("Hamas (hamas)") && show.stdout.contains("(un/security-council)"),
        "{}",
        show.stdout
    );
}

#[test]
fn senator_after_odd_punctuation_is_a_person() {
    let ix = BundledIndex::new();
    assert_eq!(
        ix.search("*", &["--person", "schumer"]).hit_ids(),
        bundled(&["002"])
    );
}
