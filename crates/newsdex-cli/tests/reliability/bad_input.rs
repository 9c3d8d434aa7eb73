//! Bad input never stops a run nor panics: each bad file or line is
//! reported with its reason, the rest is indexed, and the exit code is 2.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::assert_no_panic;
use crate::util::{newsdex, Run};

/// A directory with one good plain-text article (id `good`, word `zebra`).
fn input_with_good_article() -> (tempfile::TempDir, PathBuf) {
    let home = tempfile::tempdir().expect("tempdir");
    let input = home.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    std::fs::write(
        input.join("good.txt"),
        "Zoo keepers count the herd\n\nThe zebra crossed the savanna at dawn.\n",
    )
    .expect("write");
    (home, input)
}

fn index_into(home: &Path, args: &[&str]) -> Run {
    let index = home.join("ix").to_string_lossy().into_owned();
    let mut all = vec!["index", "--index", &index];
    all.extend_from_slice(args);
    newsdex(home, &all)
}

fn search_ids(home: &Path, query: &str) -> Vec<String> {
    let index = home.join("ix").to_string_lossy().into_owned();
    let run = newsdex(home, &["search", "--json", query, "--index", &index]);
    assert_eq!(run.code, 0, "search {query:?}: {}", run.stderr);
    run.hit_ids()
}
/// A plain-text file over `--max-file-mb` is skipped with its size and the
/// limit; a JSON Lines file is not (issue 14: streams are read record by
/// record): only a line over the limit is skipped, by its number, with its
/// size, and a file over the limit made of small lines is indexed whole;
/// the rest is indexed; exit code 2.
#[test]
fn files_over_max_file_mb_are_skipped_with_their_size() {
    let (home, input) = input_with_good_article();
    let big_text = "Big story\n\n".to_string() + &"elephant ".repeat(180_000);
    std::fs::write(input.join("big.txt"), &big_text).expect("write");
    let line = serde_json::json!({"id": "big-json", "body": "elephant ".repeat(250_000)});
    std::fs::write(input.join("big.jsonl"), line.to_string()).expect("write");
    let stream: String = (0..4000)
        .map(|i| {
            let body = format!(
                "Story {i} of the stream: the okapi walked {}.",
                "far ".repeat(60)
            );
            serde_json::json!({"id": format!("s{i}"), "body": body}).to_string() + "\n"
        })
        .collect();
    assert!(stream.len() > 1 << 20);
    std::fs::write(input.join("stream.jsonl"), &stream).expect("write");
    let run = index_into(
        home.path(),
        &["--max-file-mb", "1", &input.to_string_lossy()],
    );
    assert_no_panic(&run);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let size = |name: &str| std::fs::metadata(input.join(name)).expect("stat").len();
    for expected in [
        format!(
            "big.txt: file too large ({} bytes; limit 1048576 bytes)",
            size("big.txt")
        ),
        format!(
            "big.jsonl:1: record too large ({} bytes; limit 1048576 bytes)",
            size("big.jsonl")
        ),
    ] {
        assert!(
            run.stderr.contains(&expected),
            "{expected:?} in {}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains("stream.jsonl"), "{}", run.stderr);
    assert_eq!(search_ids(home.path(), "zebra"), ["good"]);
    assert!(search_ids(home.path(), "elephant").is_empty());
    let index = home.path().join("ix").to_string_lossy().into_owned();
    let okapi = newsdex(
        home.path(),
        &["search", "--json", "okapi", "--index", &index],
    );
    assert_eq!(okapi.json()["total"], 4000, "{}", okapi.stderr);
}

/// A 3 MiB single-line article holding a 1 MiB "word" is indexed by its
/// ordinary words; over-long words (> 64 bytes) are not terms, and querying
/// one is an empty result, not an error.
#[test]
fn extremely_long_lines_and_words_are_indexed_without_the_long_words() {
    let (home, input) = input_with_good_article();
    let long_word = "q".repeat(1 << 20);
    let text = format!(
        "Long line story\n\n{} giraffe {} {} okapi\n",
        "word ".repeat(200_000),
        long_word,
        "w".repeat(65)
    );
    std::fs::write(input.join("long.txt"), text).expect("write");
    let run = index_into(home.path(), &[&input.to_string_lossy()]);
    assert_no_panic(&run);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(search_ids(home.path(), "giraffe"), ["long"]);
    assert_eq!(search_ids(home.path(), "okapi"), ["long"]);
    assert_eq!(search_ids(home.path(), "zebra"), ["good"]);
    // The longest word kept is 64 bytes; longer ones were dropped.
    assert!(search_ids(home.path(), &"w".repeat(65)).is_empty());
    assert!(search_ids(home.path(), &"q".repeat(64)).is_empty());
    assert!(search_ids(home.path(), &"q".repeat(100_000)).is_empty());
}

/// JSON Lines: a line over 4 MiB and a line nested 10,000 deep are each
/// rejected with their line number; the lines around them (one of them a
/// 3 MiB article) are indexed.
#[test]
fn enormous_and_deeply_nested_json_lines_are_rejected_by_line_number() {
    let (home, input) = input_with_good_article();
    let good = |id: &str, body: &str| serde_json::json!({"id": id, "body": body}).to_string();
    let enormous = good("enormous", &"hippo ".repeat(800_000));
    let nested = format!(
        "{{\"id\":\"nested\",\"body\":\"x\",\"extra\":{}{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let big_but_fine = good("large", &("rhino ".repeat(500_000) + "tapir"));
    let lines = [
        good("first", "The lemur slept."),
        enormous.clone(),
        nested,
        big_but_fine,
        "{\"id\": \"broken\", \"body\": ".to_string(),
        good("last", "The lemur woke."),
    ];
    std::fs::write(input.join("feed.jsonl"), lines.join("\n")).expect("write");
    let run = index_into(home.path(), &[&input.to_string_lossy()]);
    assert_no_panic(&run);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let feed = input.join("feed.jsonl").to_string_lossy().into_owned();
    for expected in [
        format!(
            "{feed}:2: malformed record: line of {} bytes exceeds the 4194304-byte limit",
            enormous.len()
        ),
        format!("{feed}:3: malformed record: JSON nested deeper than 32 levels"),
        format!("{feed}:5: malformed record: EOF while parsing"),
    ] {
        assert!(
            run.stderr.contains(&expected),
            "{expected:?} in\n{}",
            run.stderr
        );
    }
    assert_eq!(search_ids(home.path(), "lemur"), ["first", "last"]);
    assert_eq!(search_ids(home.path(), "tapir"), ["large"]);
    assert!(search_ids(home.path(), "hippo").is_empty());
}

/// NUL bytes: a plain-text file holding one is binary and skipped with that
/// reason; a JSON string holding an escaped NUL and other control characters
/// is indexed. Control characters (bell, ANSI escapes, DEL) in a text file
/// are indexed around; a file that is mostly control bytes is binary.
#[test]
fn nul_bytes_and_control_characters_are_skipped_or_indexed_deliberately() {
    let (home, input) = input_with_good_article();
    std::fs::write(
        input.join("nul.txt"),
        b"Null story\n\nhello\x00world okapi\n",
    )
    .expect("write");
    std::fs::write(
        input.join("ctrl.txt"),
        b"Bell story\n\nhello \x07 world \x1b[31m red \x1b[0m giraffe \x0b\x7f \x01 done\n",
    )
    .expect("write");
    std::fs::write(
        input.join("noise.txt"),
        [0x01u8, 0x02, 0x03, 0x1b, b'a'].repeat(100),
    )
    .expect("write");
    let line = serde_json::json!({"id": "json-ctrl", "title": "Nul\u{0}title", "body": "ibex\u{0}\u{1}\u{1b}[2J ibex \u{7f}\u{85}\u{2028} end"});
    std::fs::write(input.join("ctrl.jsonl"), line.to_string()).expect("write");
    let run = index_into(home.path(), &[&input.to_string_lossy()]);
    assert_no_panic(&run);
    assert_eq!(run.code, 2, "{}", run.stderr);
    for name in ["nul.txt", "noise.txt"] {
        let expected = format!("{name}: binary file (not text)");
        assert!(
            run.stderr.contains(&expected),
            "{expected:?} in\n{}",
            run.stderr
        );
    }
    assert!(search_ids(home.path(), "okapi").is_empty());
    assert_eq!(search_ids(home.path(), "giraffe"), ["ctrl"]);
    assert_eq!(search_ids(home.path(), "ibex"), ["json-ctrl"]);
    let show = newsdex(
        home.path(),
        &[
            "show",
            "--json",
            "json-ctrl",
            "--index",
            &home.path().join("ix").to_string_lossy(),
        ],
    );
    assert_eq!(show.code, 0, "{}", show.stderr);
    assert!(show.json()["body"]
        .as_str()
        .unwrap_or_default()
        .contains("ibex"));
}

/// Encodings: Latin-1 and UTF-8 mixed with Latin-1 are decoded lossily and
/// indexed with a warning; a UTF-8 byte-order mark is dropped; UTF-16 (NUL
/// bytes in every other position) is skipped as binary, deliberately.
#[test]
fn mixed_encodings_are_indexed_lossily_or_skipped_as_binary() {
    let (home, input) = input_with_good_article();
    std::fs::write(
        input.join("latin1.txt"),
        b"Caf\xe9 society\n\nmeerkat r\xe9sum\xe9 na\xefve\n",
    )
    .expect("write");
    std::fs::write(
        input.join("mixed.txt"),
        "Mixed story\n\ncaf\u{e9} in UTF-8, then \u{201c}quotes\u{201d} and "
            .as_bytes()
            .iter()
            .chain(b"caf\xe9 \x93cp1252\x94 armadillo\n")
            .copied()
            .collect::<Vec<u8>>(),
    )
    .expect("write");
    std::fs::write(
        input.join("bom.txt"),
        "\u{feff}Pangolin headline\n\nThe pangolin hid.\n",
    )
    .expect("write");
    let utf16: Vec<u8> = "\u{feff}Wombat story\n\nwombat text\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    std::fs::write(input.join("utf16.txt"), utf16).expect("write");
    let run = index_into(home.path(), &[&input.to_string_lossy()]);
    assert_no_panic(&run);
    assert_eq!(run.code, 2, "{}", run.stderr);
    for name in ["latin1.txt", "mixed.txt"] {
        let expected = format!("{name}: invalid UTF-8 replaced with U+FFFD");
        assert!(
            run.stderr.contains(&expected),
            "{expected:?} in\n{}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains("utf16.txt: binary file (not text)"),
        "{}",
        run.stderr
    );
    assert_eq!(search_ids(home.path(), "meerkat"), ["latin1"]);
    assert_eq!(search_ids(home.path(), "armadillo"), ["mixed"]);
    assert_eq!(search_ids(home.path(), "title:pangolin"), ["bom"]);
    let show = newsdex(
        home.path(),
        &[
            "show",
            "--json",
            "bom",
            "--index",
            &home.path().join("ix").to_string_lossy(),
        ],
    );
    assert_eq!(
        show.json()["title"].as_str(),
        Some("Pangolin headline"),
        "BOM dropped"
    );
    assert!(search_ids(home.path(), "wombat").is_empty());
}

/// Right-to-left scripts are indexed and searchable word by word; emoji,
/// flags, ZWJ sequences and bidi control characters never break indexing
/// or querying (emoji are not words: searching one finds nothing).
#[test]
fn right_to_left_text_and_emoji_are_indexed() {
    let (home, input) = input_with_good_article();
    std::fs::write(
        input.join("rtl.txt"),
        "مرحبا بالعالم 🌍\n\nنص عربي عن الهدنة في غزة. שלום עולם. \u{202e}override\u{202c} \
         😀🇺🇸 family 👨\u{200d}👩\u{200d}👧 e\u{301}clair chinchilla\n",
    )
    .expect("write");
    std::fs::write(input.join("emoji.txt"), "🔥🔥🔥\n\n🎉🎉 🚀\n").expect("write");
    let run = index_into(home.path(), &[&input.to_string_lossy()]);
    assert_no_panic(&run);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(search_ids(home.path(), "عربي"), ["rtl"]);
    assert_eq!(search_ids(home.path(), "שלום"), ["rtl"]);
    assert_eq!(search_ids(home.path(), "chinchilla"), ["rtl"]);
    assert_eq!(search_ids(home.path(), "override"), ["rtl"]);
    for query in ["😀", "🔥", "\u{202e}", "👨\u{200d}👩\u{200d}👧", "title:🌍"] {
        assert!(search_ids(home.path(), query).is_empty(), "{query}");
    }
    // The emoji-only article is indexed (it has text), found by listing all.
    let all = search_ids(home.path(), "*");
    assert_eq!(all, ["emoji", "good", "rtl"]);
}

/// A symlink loop in a walk is reported ("symlink loop") and skipped; the
/// articles around it are indexed once each; a dangling link is reported.
#[test]
fn symlink_loops_in_a_walk_are_reported_and_skipped() {
    let (home, input) = input_with_good_article();
    let sub = input.join("sub");
    std::fs::create_dir(&sub).expect("mkdir");
    std::fs::write(sub.join("deeper.txt"), "Deeper\n\nThe yak grazed.\n").expect("write");
    std::os::unix::fs::symlink("..", sub.join("loop")).expect("symlink");
    std::os::unix::fs::symlink("nowhere.txt", input.join("dangling.txt")).expect("symlink");
    let run = index_into(home.path(), &[&input.to_string_lossy()]);
    assert_no_panic(&run);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "{}: unreadable: symlink loop",
            sub.join("loop").display()
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("dangling.txt: unreadable"),
        "{}",
        run.stderr
    );
    // Ids are paths relative to the indexed folder (issue 13, item 6).
    assert_eq!(search_ids(home.path(), "*"), ["good", "sub/deeper"]);
}

/// An unreadable directory in a walk is reported and skipped. Root reads
/// anything, so under root the walk runs as user `nobody` (uid 65534); if
/// that is impossible the test says SKIPPED and why.
#[test]
fn unreadable_directories_in_a_walk_are_reported_and_skipped() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    use std::os::unix::process::CommandExt;
    let (home, input) = input_with_good_article();
    let locked = input.join("locked");
    std::fs::create_dir(&locked).expect("mkdir");
    std::fs::write(locked.join("secret.txt"), "Secret\n\nThe quokka smiled.\n").expect("write");
    let set_mode = |path: &Path, mode: u32| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod")
    };
    let as_root = std::fs::metadata(home.path()).expect("stat").uid() == 0;
    for dir in [home.path(), input.as_path()] {
        set_mode(dir, 0o777);
    }
    set_mode(&input.join("good.txt"), 0o644);
    set_mode(&locked, 0o000);
    let index = home.path().join("ix");
    let mut command = Command::new(env!("CARGO_BIN_EXE_newsdex"));
    command
        .arg("index")
        .arg("--index")
        .arg(&index)
        .arg(&input)
        .env("NEWSDEX_INDEX", home.path().join("default-index"));
    if as_root {
        command.uid(65534).gid(65534);
    }
    let output = match command.output() {
        Ok(output) => output,
        Err(err) => {
            set_mode(&locked, 0o755);
            eprintln!("SKIPPED: cannot run newsdex as uid 65534 to make a directory unreadable to it ({err})");
            return;
        }
    };
    set_mode(&locked, 0o755);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    if as_root && stderr.contains("Permission denied") && !stderr.contains("locked") {
        eprintln!("SKIPPED: user nobody cannot reach the test directory ({stderr})");
        return;
    }
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{}: unreadable: Permission denied",
            locked.display()
        )),
        "{stderr}"
    );
    assert_eq!(search_ids(home.path(), "*"), ["good"]);
}
