//! Web pages end to end: `newsdex index` on a folder of good and broken
//! `.html`/`.html.gz` pages, and `newsdex eval html`. Every page is
//! invented; the WCXB pages are read in place and skipped visibly when
//! absent.

use std::io::Write;
use std::path::Path;

use crate::util::{newsdex, Run};

fn write(dir: &Path, path: &str, bytes: impl AsRef<[u8]>) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).expect("gzip");
    gz.finish().expect("gzip")
}

/// An invented news page: `word` appears in its story only.
fn page(title: &str, word: &str, head: &str) -> String {
    format!(
        "<!doctype html><html lang=en><head><title>{title} | Invented Daily</title>{head}</head><body>\
         <nav><a href=/>Home</a> <a href=/world>World</a> navlink</nav>\
         <article><h1>{title}</h1>\
         <p>The {word} was seen near the harbour on Tuesday morning by several fishermen, who said \
         they had never seen one so close to the shore in all their years at sea.</p>\
         <p>Local officials asked people to keep their distance and said the animal would likely \
         return to deeper water once the tide turned later in the day.</p>\
         <figure><img src=x.jpg><figcaption>The harbour at dawn.</figcaption></figure></article>\
         <footer>footerword All rights reserved.</footer></body></html>"
    )
}

fn index(home: &Path, input: &Path) -> Run {
    let ix = home.join("ix");
    let run = newsdex(
        home,
        &[
            "index",
            "--index",
            &ix.to_string_lossy(),
            &input.to_string_lossy(),
        ],
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

fn search(home: &Path, args: &[&str]) -> Vec<String> {
    let ix = home.join("ix");
    let mut all = vec!["search", "--json", "--index", ix.to_str().expect("utf-8")];
    all.extend_from_slice(args);
    let run = newsdex(home, &all);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    run.hit_ids()
}

#[test]
fn good_pages_are_indexed_and_broken_ones_reported_by_file() {
    let home = tempfile::tempdir().expect("tempdir");
    let input = home.path().join("in");
    let ft = r#"<link rel="canonical" href="https://www.ft.com/content/2024/04/02/seal">
        <meta property="article:published_time" content="2024-04-02T06:00:00Z">"#;
    write(&input, "a.html", page("Seal in the harbour", "seal", ft));
    write(
        &input,
        "world/b.html.gz",
        gzip(page("Otter spotted", "otter", "").as_bytes()),
    );
    write(
        &input,
        "c.htm",
        page("Heron returns", "heron", r#"<meta charset="utf-8">"#).replace("Heron", "H\u{e9}ron"),
    );
    let mut cut = gzip(page("Lost page", "walrus", "").as_bytes());
    cut.truncate(cut.len() / 2);
    write(&input, "cut.html.gz", cut);
    write(
        &input,
        "empty.html",
        "<html><body><nav><a href=/>Home</a></nav></body></html>",
    );
    write(&input, "notes.md", "not read");

    let run = index(home.path(), &input);
    assert_eq!(
        run.code, 2,
        "bad input exits 2 as with other readers:\n{}",
        run.stderr
    );
    let line = |name: &str| {
        run.stderr
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} not reported in\n{}", run.stderr))
            .to_string()
    };
    assert!(line("cut.html.gz").contains("truncated gzip stream"));
    assert!(line("empty.html").contains("no article text"));

    assert_eq!(search(home.path(), &["seal"]), ["a"]);
    assert_eq!(search(home.path(), &["otter"]), ["world/b"]);
    assert_eq!(search(home.path(), &["heron"]), ["c"]);
    assert!(search(home.path(), &["walrus"]).is_empty());
    // Furniture and captions are not body text.
    assert!(search(home.path(), &["navlink"]).is_empty());
    assert!(search(home.path(), &["footerword"]).is_empty());
    // The canonical URL's domain gives the outlet.
    assert_eq!(search(home.path(), &["harbour", "--source", "ft"]), ["a"]);
    assert_eq!(
        search(home.path(), &["harbour", "--from", "2024-04-01"]),
        ["a"]
    );

    let ix = home.path().join("ix");
    let show = newsdex(
        home.path(),
        &["show", "a", "--index", &ix.to_string_lossy()],
    );
    assert!(
        show.stdout.contains("Seal in the harbour"),
        "{}",
        show.stdout
    );
    assert!(
        show.stdout
            .contains("https://www.ft.com/content/2024/04/02/seal"),
        "{}",
        show.stdout
    );
}

#[test]
fn a_page_over_the_size_limit_is_skipped_with_a_message() {
    let home = tempfile::tempdir().expect("tempdir");
    let input = home.path().join("in");
    write(&input, "ok.html", page("Seal", "seal", ""));
    let mut big = page("Big", "bigpage", "");
    big.push_str(&"<p>filler</p>".repeat(200_000));
    write(&input, "big.html", big);
    let ix = home.path().join("ix");
    let run = newsdex(
        home.path(),
        &[
            "index",
            "--max-file-mb",
            "1",
            "--index",
            &ix.to_string_lossy(),
            &input.to_string_lossy(),
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .lines()
            .any(|l| l.contains("big.html") && l.contains("too large")),
        "{}",
        run.stderr
    );
    assert_eq!(search(home.path(), &["seal"]), ["ok"]);
}

/// `eval html` on an invented WCXB-format folder: the figures come out.
#[test]
fn eval_html_scores_an_invented_folder() {
    let home = tempfile::tempdir().expect("tempdir");
    let wcxb = home.path().join("wcxb");
    write(
        &wcxb,
        "html/0001.html.gz",
        gzip(page("Seal in the harbour", "seal", "").as_bytes()),
    );
    let gold = serde_json::json!({"ground_truth": {
        "title": "Seal in the harbour",
        "main_content": "The seal was seen near the harbour on Tuesday morning by several fishermen, who said \
         they had never seen one so close to the shore in all their years at sea.\n\nLocal officials asked \
         people to keep their distance and said the animal would likely return to deeper water once the tide \
         turned later in the day."}});
    write(&wcxb, "ground-truth/0001.json", gold.to_string());
    let run = newsdex(
        home.path(),
        &["eval", "html", "--wcxb", &wcxb.to_string_lossy(), "--json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    assert_eq!(report["pages"], 1);
    assert_eq!(report["failed"], 0);
    assert_eq!(report["body"]["f1"], 1.0, "{report}");
    assert_eq!(report["title"]["correct"], 1);

    let missing = newsdex(
        home.path(),
        &[
            "eval",
            "html",
            "--wcxb",
            &home.path().join("nope").to_string_lossy(),
        ],
    );
    assert_eq!(missing.code, 2, "{}", missing.stderr);
}

/// `eval html` on the first WCXB pages (linked in place, never copied):
/// the reader gets most of each body right.
#[test]
fn eval_html_on_wcxb_pages() {
    let Some(wcxb) = newsdex_testkit::wcxb_dir() else {
        return;
    };
    let home = tempfile::tempdir().expect("tempdir");
    let sample = home.path().join("sample");
    std::fs::create_dir_all(sample.join("html")).expect("mkdir");
    std::fs::create_dir_all(sample.join("ground-truth")).expect("mkdir");
    let mut pages: Vec<_> = std::fs::read_dir(wcxb.join("html"))
        .expect("wcxb html")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    pages.sort();
    for name in pages.iter().take(25) {
        let stem = name.split('.').next().expect("stem");
        std::os::unix::fs::symlink(wcxb.join("html").join(name), sample.join("html").join(name))
            .expect("link");
        let gold = format!("{stem}.json");
        std::os::unix::fs::symlink(
            wcxb.join("ground-truth").join(&gold),
            sample.join("ground-truth").join(&gold),
        )
        .expect("link");
    }
    let run = newsdex(
        home.path(),
        &[
            "eval",
            "html",
            "--wcxb",
            &sample.to_string_lossy(),
            "--json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    assert_eq!(report["pages"], 25);
    let f1 = report["body"]["f1"].as_f64().expect("f1");
    assert!(f1 > 0.8, "body F1 {f1}: {report}");
}
