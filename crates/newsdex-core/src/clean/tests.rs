//! Cleaning tests on the bundled articles and on hand-written pages.

use std::path::PathBuf;

use super::*;
use crate::article::ArticleId;
use crate::ingest::Origin;

fn raw(text: &str, title: Option<&str>) -> RawArticle {
    let mut raw = RawArticle::new(
        ArticleId("t".into()),
        Origin {
            path: PathBuf::from("t.txt"),
            line: None,
        },
        Layout::PlainText,
        text.to_string(),
    );
    raw.title = title.map(str::to_string);
    raw
}

fn bundled(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn furniture_leaves_the_body() {
    for name in [
        "000_df541e715b24961e.txt",
        "001_cf887b448339b9f4.txt",
        "002_f1aa1cb7bbfa5214.txt",
        "004_06944581988b0e46.txt",
    ] {
        let text = bundled(name);
        let article = clean(raw(&text, None)).unwrap();
        for furniture in [
            "Leave a Reply",
            "SHARE NOW",
            "enter your comment",
            "Hot Topics",
            "Related Articles",
            "All rights reserved",
            "Reuse this content",
            "Comments have not been enabled",
        ] {
            assert!(!article.body.contains(furniture), "{name}: {furniture}");
        }
    }
}

#[test]
fn headline_is_the_first_line_unless_given() {
    let article = clean(raw(&bundled("002_f1aa1cb7bbfa5214.txt"), None)).unwrap();
    assert!(article
        .title
        .starts_with("Russia, China veto Gaza ceasefire resolution"));
    // The repeated headline and the credit are not body text.
    assert!(!article.body.contains("Blinken meets Israeli leaders"));
    assert_eq!(
        article.captions,
        vec!["(Evelyn Hockstein/Associated Press)".to_string()]
    );
    assert_eq!(
        article.authors,
        vec!["Laura King".to_string(), "Tracy Wilkinson".to_string()]
    );
    assert_eq!(article.published, Some(time::macros::date!(2024 - 03 - 22)));
    assert!(article
        .body
        .starts_with("Russia and China on Friday vetoed"));
}

#[test]
fn caption_then_credit_opening_goes_to_captions() {
    let text = bundled("003_5248f7319b62dc57.txt");
    let article = clean(raw(&text, Some("UN passes Gaza ceasefire resolution"))).unwrap();
    assert_eq!(article.captions.len(), 2, "{:?}", article.captions);
    assert!(article.captions[0].starts_with("The United Nations Security Council meets"));
    assert_eq!(article.captions[1], "Angela Weiss/AFP via Getty Images");
    assert!(article
        .body
        .starts_with("JERUSALEM The United Nations Security Council has voted"));
    assert_eq!(article.dateline.as_deref(), Some("JERUSALEM"));

    let text = bundled("004_06944581988b0e46.txt");
    let article = clean(raw(&text, Some("UN demands Gaza ceasefire"))).unwrap();
    assert_eq!(article.captions.len(), 2, "{:?}", article.captions);
    assert!(article.captions[1].ends_with("© AFP/Getty Images"));
    assert!(article
        .body
        .starts_with("The UN Security Council passed a resolution"));
}

#[test]
fn inline_captions_are_moved_and_deduplicated() {
    let article = clean(raw(&bundled("000_df541e715b24961e.txt"), None)).unwrap();
    assert_eq!(article.captions.len(), 2, "{:?}", article.captions);
    assert!(article.captions[0].starts_with("Smoke rises above buildings"));
    assert!(article.captions[1].contains("Alexi Rosenfeld"));
    assert!(!article.body.contains("Getty Images"));
    assert!(article
        .body
        .contains("Israel says 130 hostages remain in Gaza"));
}

#[test]
fn dateline_in_parentheses() {
    let article = clean(raw(&bundled("001_cf887b448339b9f4.txt"), None)).unwrap();
    assert_eq!(article.dateline.as_deref(), Some("WASHINGTON"));
}

#[test]
fn hand_written_page() {
    let page = "Storm hits coast\n\nBy Jane Doe\n\nThe storm made landfall on Tuesday night, officials said.\n\nA flooded street in the town\nJohn Roe/Reuters\n\nMore rain is expected.\n\nAdvertisement\n\nCopyright 2025 Example News.";
    let article = clean(raw(page, None)).unwrap();
    assert_eq!(article.title, "Storm hits coast");
    assert_eq!(article.authors, vec!["Jane Doe".to_string()]);
    assert_eq!(
        article.captions,
        vec![
            "A flooded street in the town".to_string(),
            "John Roe/Reuters".to_string()
        ]
    );
    assert_eq!(
        article.body,
        "The storm made landfall on Tuesday night, officials said.\n\nMore rain is expected."
    );
}

#[test]
fn nothing_left_is_an_error() {
    let err = clean(raw("SHARE NOW\n\nLeave a Reply", Some(""))).unwrap_err();
    assert_eq!(err.kind, IngestErrorKind::NoText);
}

/// Issue 13, item 5: a text file of "a a a ..." (one line, so all of it is
/// the headline) held 11 bytes per byte of text while being cleaned.
#[test]
fn memory_stays_a_small_multiple_of_the_text() {
    use crate::growth::{assert_linear, measure};
    let n = 1 << 20;
    let text = "a ".repeat(n / 2);
    let input = raw(&text, None);
    // The rules' regexes build their per-thread caches on first use.
    let _ = clean(raw(&"a ".repeat(1000), None));
    let (_, peak, article) = measure(|| clean(input).unwrap());
    assert_eq!(article.title.len(), n - 1);
    assert!(peak < 4 * n, "{peak} bytes held to clean {n} bytes");
    assert_linear(
        "cleaning one long line",
        1 << 18,
        |n| raw(&"a ".repeat(n / 2), None),
        |raw| {
            std::hint::black_box(clean(raw.clone()).unwrap());
        },
    );
}

/// Cleaning grows linearly on hostile pages (ratios at 4x the input; see
/// `crate::growth` and the extractors' `hostile_inputs`).
#[test]
fn hostile_pages_clean_in_linear_time_and_memory() {
    let repeat = |unit: &str, n: usize| unit.repeat(n / unit.len() + 1);
    let shapes = [
        ("paragraphs", "A short paragraph of plain text here.\n\n"),
        (
            "caption lines",
            "Smoke rises over the city\n(Jane Doe/Agency)\n",
        ),
        ("bylines and dates", "By Jane Doe\nMarch 22, 2024\n"),
        ("one long line", "word (© / "),
    ];
    for (name, unit) in shapes {
        // 64 KiB and 256 KiB: long enough (milliseconds) that a busy
        // machine's scheduling does not swamp the ratio.
        crate::extract::hostile_inputs::assert_linear(
            name,
            64 << 10,
            |n| raw(&repeat(unit, n), None),
            |r| {
                let _ = std::hint::black_box(clean(r.clone()));
            },
        );
    }
}

#[test]
fn captions_the_input_kept_apart_stay_out_of_the_body_once_each() {
    let mut input = raw(
        "Harbour reopens\n\nThe harbour reopened on Tuesday after a week of storms, officials said.",
        None,
    );
    input.captions = vec![
        "Boats wait outside the harbour wall.".to_string(),
        "A crane lifts a container at dawn.".to_string(),
        "Boats wait outside the harbour wall.".to_string(),
    ];
    let article = clean(input).unwrap();
    assert_eq!(
        article.captions,
        [
            "Boats wait outside the harbour wall.",
            "A crane lifts a container at dawn."
        ]
    );
    assert_eq!(
        article.body,
        "The harbour reopened on Tuesday after a week of storms, officials said."
    );
}
