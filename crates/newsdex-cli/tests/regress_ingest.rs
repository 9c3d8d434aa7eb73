//! Regression tests for the ingest side of issue 13 ("Reliability, round
//! two"): inputs that were lost, mis-read or silently merged, each run
//! through the real binary. Every input is invented.

use std::path::{Path, PathBuf};

use crate::util::{newsdex, Run};

/// A temp home with an empty input folder `in/`.
fn home_with_input() -> (tempfile::TempDir, PathBuf) {
    let home = tempfile::tempdir().expect("tempdir");
    let input = home.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    (home, input)
}

/// Writes `bytes` at `dir/path`, creating folders.
fn write(dir: &Path, path: &str, bytes: impl AsRef<[u8]>) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

fn index_dir(home: &Path) -> String {
    home.join("ix").to_string_lossy().into_owned()
}

/// `newsdex index --index HOME/ix ARGS...`.
fn index(home: &Path, args: &[&str]) -> Run {
    let ix = index_dir(home);
    let mut all = vec!["index", "--index", &ix];
    all.extend_from_slice(args);
    let run = newsdex(home, &all);
    assert!(
        !run.stderr.contains("panicked"),
        "newsdex panicked:\n{}",
        run.stderr
    );
    run
}

/// Ids of the articles matching `query`.
fn search(home: &Path, query: &str) -> Vec<String> {
    let ix = index_dir(home);
    let run = newsdex(home, &["search", "--json", query, "--index", &ix]);
    assert_eq!(run.code, 0, "search {query:?}: {}", run.stderr);
    run.hit_ids()
}

/// `newsdex show ID` (text).
fn show(home: &Path, id: &str) -> Run {
    let ix = index_dir(home);
    newsdex(home, &["show", id, "--index", &ix])
}

/// Latin-1 bytes of `text` (every char below U+0100).
fn latin1(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).expect("Latin-1"))
        .collect()
}

/// One SGML story record with `NEWID`, a DATE and a TEXT element.
fn sgml_story(newid: u32, date: &str, text_attrs: &str, text: &str) -> String {
    let tag = "REUTERS";
    format!(
        "<{tag} NEWID=\"{newid}\">\n<DATE>{date}</DATE>\n<TEXT{text_attrs}>{text}</TEXT>\n</{tag}>\n"
    )
}

/// Issue 13, item 6: `ft/2024-03-25.txt` and `npr/2024-03-25.txt` were one
/// id ("1 new, 1 updated", one article kept). Ids are now the path below
/// the indexed folder; both articles stay and both can be shown.
#[test]
fn same_file_name_in_two_folders_keeps_two_articles() {
    let (home, input) = home_with_input();
    write(
        &input,
        "ft/2024-03-25.txt",
        "Invented FT story\n\nThe aardvark spoke.\n",
    );
    write(
        &input,
        "npr/2024-03-25.txt",
        "Invented NPR story\n\nThe okapi listened.\n",
    );
    let run = index(home.path(), &[&input.to_string_lossy()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("indexed 2 new, 0 updated"),
        "{}",
        run.stdout
    );
    assert_eq!(search(home.path(), "aardvark"), ["ft/2024-03-25"]);
    assert_eq!(search(home.path(), "okapi"), ["npr/2024-03-25"]);
    let shown = show(home.path(), "npr/2024-03-25");
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    assert!(
        shown.stdout.starts_with("Invented NPR story"),
        "{}",
        shown.stdout
    );
}

/// Issue 13, item 6: a repeated id in one run keeps the later version and
/// says so: a warning names both lines, the summary and `--json` count it.
#[test]
fn repeated_jsonl_id_keeps_the_later_and_names_both_lines() {
    let (home, input) = home_with_input();
    write(
        &input,
        "f.jsonl",
        "{\"id\":\"dup\",\"body\":\"The aardvark spoke first.\"}\n\
         {\"id\":\"other\",\"body\":\"The pangolin slept.\"}\n\
         {\"id\":\"dup\",\"body\":\"The okapi spoke last.\"}\n",
    );
    let file = input.join("f.jsonl");
    let run = index(home.path(), &[&file.to_string_lossy()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let warning = run
        .stderr
        .lines()
        .find(|l| l.contains("duplicate id"))
        .unwrap_or_else(|| panic!("no duplicate warning in\n{}", run.stderr));
    assert!(
        warning.contains("f.jsonl:3") && warning.contains("f.jsonl:1") && warning.contains("`dup`"),
        "{warning}"
    );
    assert!(run.stdout.contains("1 duplicate id"), "{}", run.stdout);
    assert_eq!(search(home.path(), "okapi"), ["dup"]);
    assert!(search(home.path(), "aardvark").is_empty());
    assert_eq!(search(home.path(), "*").len(), 2);

    let again = tempfile::tempdir().expect("tempdir");
    let run = index(again.path(), &["--json", &file.to_string_lossy()]);
    assert_eq!(run.json()["duplicates"], 1, "{}", run.stdout);
}

/// Issue 13, item 3: a Latin-1 month ("Août") in DATE or DATELINE made
/// `index` panic and lose the batch. It is now an unparsable date (a
/// warning) and the story is indexed.
#[test]
fn latin1_month_in_reuters_dates_does_not_panic() {
    let (home, input) = home_with_input();
    let text = "&#2;\n<DATELINE>    PARIS, Ao\u{fb}t 3 - </DATELINE><BODY>The invented \
                armadillo exported widgets.\n Reuter\n&#3;</BODY>";
    let sgml = sgml_story(1, " 3-AO\u{db}T-1987 10:00:00.00", "", text)
        + &sgml_story(
            2,
            " 3-MAR-1987 10:00:00.00",
            "",
            "<BODY>The invented ocelot.</BODY>",
        );
    write(&input, "a.sgm", latin1(&sgml));
    let run = index(home.path(), &[&input.to_string_lossy()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("unparsable DATE"), "{}", run.stderr);
    assert_eq!(search(home.path(), "armadillo"), ["reuters-1"]);
    assert_eq!(search(home.path(), "ocelot"), ["reuters-2"]);
}

/// Issue 13, item 7: a JSONL file starting with a byte-order mark lost its
/// first line.
#[test]
fn jsonl_with_a_byte_order_mark_keeps_its_first_line() {
    let (home, input) = home_with_input();
    write(
        &input,
        "bom.jsonl",
        "\u{feff}{\"id\":\"first\",\"body\":\"The aardvark spoke.\"}\n\
         {\"id\":\"second\",\"body\":\"The okapi spoke.\"}\n",
    );
    let run = index(home.path(), &[&input.to_string_lossy()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(search(home.path(), "aardvark"), ["first"]);
    assert_eq!(search(home.path(), "okapi"), ["second"]);
}

/// Issue 13, item 7: one bad entry in `articles.toml` dropped the whole
/// sidecar. The good entries keep their source and date; the bad one is
/// reported by its id (exit 2), and its article is still indexed.
#[test]
fn one_bad_sidecar_entry_keeps_the_good_ones() {
    let (home, input) = home_with_input();
    write(
        &input,
        "a.txt",
        "Invented headline A\n\nThe aardvark spoke.\n",
    );
    write(&input, "b.txt", "Invented headline B\n\nThe okapi spoke.\n");
    write(
        &input,
        "articles.toml",
        "[[article]]\nid = \"a\"\nsource = \"ft\"\nsource_name = \"Financial Times\"\n\
         published = \"2024-03-25\"\n\n[[article]]\nid = \"b\"\nsource = 7\n",
    );
    let run = index(home.path(), &[&input.to_string_lossy()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let line = run
        .stderr
        .lines()
        .find(|l| l.contains("articles.toml"))
        .unwrap_or_else(|| panic!("sidecar not reported in\n{}", run.stderr));
    assert!(
        line.contains("`b`") && line.contains("articles.toml:7"),
        "{line}"
    );
    let a = show(home.path(), "a");
    assert!(a.stdout.contains("(ft)"), "{}", a.stdout);
    assert!(a.stdout.contains("published:  2024-03-25"), "{}", a.stdout);
    assert_eq!(search(home.path(), "okapi"), ["b"]);
}

/// Issue 13, item 7: an unquoted TOML date (`published = 2024-03-25`) got
/// "invalid type: map"; it is a date.
#[test]
fn unquoted_toml_dates_are_dates() {
    let (home, input) = home_with_input();
    write(
        &input,
        "a.txt",
        "Invented headline A\n\nThe aardvark spoke.\n",
    );
    write(
        &input,
        "articles.toml",
        "[[article]]\nid = \"a\"\nsource = \"ft\"\npublished = 2024-03-25\n",
    );
    let run = index(home.path(), &[&input.to_string_lossy()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("invalid type"), "{}", run.stderr);
    let a = show(home.path(), "a");
    assert!(a.stdout.contains("published:  2024-03-25"), "{}", a.stdout);
    assert!(a.stdout.contains("(ft)"), "{}", a.stdout);
}

/// Issue 13, item 7: an empty `.sgm` gave nothing and exit 0; UTF-16 gave
/// nothing. Empty is a skipped input; UTF-16 with a byte-order mark is
/// decoded.
#[test]
fn empty_and_utf16_sgml_files_are_reported_or_read() {
    let (home, input) = home_with_input();
    write(&input, "empty.sgm", "");
    let story = sgml_story(
        5,
        " 3-MAR-1987 10:00:00.00",
        "",
        "<BODY>The invented quokka.</BODY>",
    );
    let utf16: Vec<u8> = "\u{feff}"
        .encode_utf16()
        .chain(story.encode_utf16())
        .flat_map(u16::to_le_bytes)
        .collect();
    write(&input, "utf16.sgm", utf16);
    let run = index(home.path(), &[&input.to_string_lossy()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("empty.sgm: empty file"),
        "{}",
        run.stderr
    );
    assert_eq!(search(home.path(), "quokka"), ["reuters-5"]);
}

/// Issue 13, item 7: `"authors": null` lost the article.
#[test]
fn null_authors_keep_the_article() {
    let (home, input) = home_with_input();
    write(
        &input,
        "f.jsonl",
        "{\"id\":\"n\",\"body\":\"The aardvark spoke.\",\"authors\":null}\n",
    );
    let run = index(home.path(), &[&input.to_string_lossy()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(search(home.path(), "aardvark"), ["n"]);
}

/// Issue 13, item 7: `"published": "2024-03-25garbage"` was read as
/// 2024-03-25. The article is indexed without a date, and a warning names
/// the field and the line.
#[test]
fn a_date_with_garbage_is_dropped_with_a_warning() {
    let (home, input) = home_with_input();
    write(
        &input,
        "f.jsonl",
        "{\"id\":\"ok\",\"body\":\"The okapi spoke.\",\"published\":\"2024-03-25\"}\n\
         {\"id\":\"g\",\"body\":\"The aardvark spoke.\",\"published\":\"2024-03-25garbage\"}\n",
    );
    let run = index(home.path(), &[&input.to_string_lossy()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let warning = run
        .stderr
        .lines()
        .find(|l| l.contains("garbage"))
        .unwrap_or_else(|| panic!("no warning in\n{}", run.stderr));
    assert!(
        warning.contains("f.jsonl:2") && warning.contains("`published`"),
        "{warning}"
    );
    assert_eq!(search(home.path(), "aardvark"), ["g"]);
    let g = show(home.path(), "g");
    assert!(!g.stdout.contains("published:"), "{}", g.stdout);
    let ok = show(home.path(), "ok");
    assert!(
        ok.stdout.contains("published:  2024-03-25"),
        "{}",
        ok.stdout
    );
}

/// Issue 13, item 10: an id of the wrong type said "untagged enum IdValue".
#[test]
fn a_bad_id_type_gets_a_plain_message() {
    let (home, input) = home_with_input();
    write(
        &input,
        "f.jsonl",
        "{\"id\":true,\"body\":\"The aardvark spoke.\"}\n",
    );
    let run = index(home.path(), &[&input.to_string_lossy()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("f.jsonl:1: ")
            && run.stderr.contains("id must be a string or a number"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("untagged"), "{}", run.stderr);
}

/// Issue 13, item 12: UNPROC stories (no TITLE, no BODY) whose text starts
/// right after a control-character reference are indexed with their text,
/// their first line (the wire headline) as the title. A one-line story
/// "WOMBAT/NUMBAT ..." was skipped as "no article text" (the cleaner took
/// the line for a photo credit).
#[test]
fn unproc_stories_after_a_control_reference_are_indexed() {
    let (home, input) = home_with_input();
    let mut sgml = String::new();
    for (newid, lead) in [(21, "&#2;"), (22, "&#5;&#5;&#5;"), (23, "&#2;\n")] {
        let text = format!(
            "{lead}INVENTED WOMBAT REPORT {newid} - MARCH 3\n    Wombats counted......12 vs.....10\n Reuter\n&#3;"
        );
        sgml += &sgml_story(newid, " 3-MAR-1987 10:00:00.00", " TYPE=\"UNPROC\"", &text);
    }
    sgml += &sgml_story(
        24,
        " 3-MAR-1987 10:00:00.00",
        " TYPE=\"UNPROC\"",
        "&#2;WOMBAT/NUMBAT TALKS END\n&#3;",
    );
    write(&input, "u.sgm", &sgml);
    let run = index(home.path(), &[&input.to_string_lossy()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("no article text"), "{}", run.stderr);
    // 24's headline names wombats too.
    assert_eq!(
        search(home.path(), "wombats"),
        ["reuters-21", "reuters-22", "reuters-23", "reuters-24"]
    );
    assert_eq!(search(home.path(), "numbat"), ["reuters-24"]);
    let shown = show(home.path(), "reuters-21");
    assert!(
        shown
            .stdout
            .starts_with("INVENTED WOMBAT REPORT 21 - MARCH 3\n"),
        "{}",
        shown.stdout
    );
}
