//! Regressions of issue 13 ("Reliability, round two"), query side, through
//! the real binary: each of these failed before its fix.

use std::path::Path;

use crate::util::{newsdex, BundledIndex, Run};

/// Indexes the files `(name, content)` into `dir/index` and returns its path.
fn index_of(dir: &Path, files: &[(&str, &str)], extra: &[&str]) -> String {
    let input = dir.join("input");
    std::fs::create_dir_all(&input).unwrap();
    for (name, content) in files {
        std::fs::write(input.join(name), content).unwrap();
    }
    let index = dir.join("index").to_string_lossy().into_owned();
    let mut args = vec!["index", "--quiet", "--index", &index];
    args.extend_from_slice(extra);
    let input = input.to_string_lossy().into_owned();
    args.push(&input);
    let run = newsdex(dir, &args);
    assert_eq!(run.code, 0, "index failed: {}", run.stderr);
    index
}

fn assert_exit(run: &Run, code: i32, what: &str) {
    assert_eq!(
        run.code, code,
        "{what}: exit {}\nstdout:\n{}\nstderr:\n{}",
        run.code, run.stdout, run.stderr
    );
}

/// Item 1: a body with non-ASCII whitespace (U+00A0, U+2028, U+3000) before
/// the match made `search` panic while cutting the snippet.
#[test]
fn search_survives_non_ascii_whitespace_before_the_match() {
    let dir = tempfile::tempdir().unwrap();
    let body = format!(
        "Border talks\n\n{}Officials met in Rafah\u{3000}today.\u{2028}More later.\n",
        "Officials\u{a0}met\u{2028}again\u{3000}and\u{a0}again. ".repeat(20)
    );
    let index = index_of(dir.path(), &[("nbsp.txt", &body)], &[]);
    let run = newsdex(
        dir.path(),
        &["search", "rafah", "--index", &index, "--color", "never"],
    );
    assert_exit(&run, 0, "search");
    assert!(run.stdout.contains("[Rafah]"), "{}", run.stdout);
    let run = newsdex(
        dir.path(),
        &["search", "rafah", "--json", "--index", &index],
    );
    assert_exit(&run, 0, "search --json");
    assert_eq!(run.json()["total"], 1);
}

/// Item 2: a phrase with slop gave 0 hits by relevance, 1–2 by date, counts
/// that changed with the indexing threads, and `--explain --sort date`
/// failed with "Document does not match".
#[test]
fn slop_phrases_give_the_same_hits_whatever_the_sort_and_the_threads() {
    let queries = [
        "\"of in Gaza\"~1",
        "\"of the in Gaza\"~2",
        "\"the of Gaza\"~2",
        "\"in the of\"~1",
        "\"immediate ceasefire\"~2",
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut by_threads = Vec::new();
    for threads in ["1", "4"] {
        let index = dir.path().join(format!("index-{threads}"));
        let index = index.to_string_lossy().into_owned();
        let run = newsdex(
            dir.path(),
            &["index", "--quiet", "--threads", threads, "--index", &index],
        );
        assert_exit(&run, 0, "index");
        let mut hits = Vec::new();
        for query in queries {
            let search = |extra: &[&str]| {
                let mut args = vec![
                    "search", "--json", "--limit", "50", query, "--index", &index,
                ];
                args.extend_from_slice(extra);
                let run = newsdex(dir.path(), &args);
                assert_exit(&run, 0, query);
                run
            };
            let by_score = search(&[]);
            let by_date = search(&["--sort", "date"]);
            assert_eq!(
                by_score.hit_ids(),
                by_date.hit_ids(),
                "{query} with {threads} threads"
            );
            assert_eq!(by_score.json()["total"], by_date.json()["total"], "{query}");
            let explained = search(&["--sort", "date", "--explain"]);
            assert_eq!(explained.hit_ids(), by_date.hit_ids(), "{query}");
            hits.push(by_score.hit_ids());
        }
        by_threads.push(hits);
    }
    assert_eq!(by_threads[0], by_threads[1], "1 thread vs 4 threads");
    // The README's example still finds all five.
    assert_eq!(by_threads[0][4].len(), 5, "{:?}", by_threads[0][4]);
}

/// Item 5b: 500 OR-ed fuzzy words took 2.6 GB; now the query is refused
/// with the limit named, and a prefix matching too many words is cut and
/// flagged.
#[test]
fn fuzzy_and_prefix_words_are_bounded() {
    let index = BundledIndex::new();
    let query = (0..500)
        .map(|i| format!("ceasefir{i}~2"))
        .collect::<Vec<_>>()
        .join(" OR ");
    let run = index.search(&query, &[]);
    assert_exit(&run, 2, "500 fuzzy words");
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("too many fuzzy or prefix words: at most 32"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr
            .lines()
            .find(|l| !l.starts_with("newsdex: index: "))
            .map(|l| l.starts_with("newsdex: error:")),
        Some(true)
    );

    // The bundled articles hold more than 50 distinct words starting with `s`.
    let run = index.search("s*", &[]);
    assert_exit(&run, 0, "s*");
    assert_eq!(run.json()["expansions_truncated"], true, "{}", run.stdout);
    assert!(run.stderr.contains("more than 50 words"), "{}", run.stderr);
    let run = index.search("Rafa*", &[]);
    assert_exit(&run, 0, "Rafa*");
    assert_eq!(run.json()["expansions_truncated"], false);
    assert_eq!(run.json()["total"], 5);
}

/// Item 8: every listed facet value is reachable by its filter, a vote
/// outcome with a member is an unknown vote, and a reversed date range is
/// an error naming both dates.
#[test]
fn facet_filters_reach_listed_values_and_refuse_impossible_ones() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id": "s1", "source": "a/b", "title": "Slashes", "body": "Talks on slashes.", "published": "2024-03-02"}"#,
        r#"{"id": "s2", "source": "c", "title": "Plain", "body": "Talks without.", "published": "2024-03-20"}"#,
    ]
    .join("\n");
    let index = index_of(dir.path(), &[("in.jsonl", &lines)], &[]);
    let run = newsdex(dir.path(), &["facets", "source", "--index", &index]);
    assert_exit(&run, 0, "facets");
    assert!(run.stdout.contains("a/b"), "{}", run.stdout);
    let run = newsdex(
        dir.path(),
        &["search", "--json", "--source", "a/b", "--index", &index],
    );
    assert_exit(&run, 0, "--source a/b");
    assert_eq!(run.hit_ids(), ["s1"]);

    let run = newsdex(
        dir.path(),
        &["search", "talks", "--vote", "adopted/us", "--index", &index],
    );
    assert_exit(&run, 2, "--vote adopted/us");
    assert!(
        run.stderr.contains("unknown vote `adopted/us`"),
        "{}",
        run.stderr
    );

    for args in [
        vec!["search", "talks published:[2024-03-25 TO 2024-03-01]"],
        vec![
            "search",
            "talks",
            "--from",
            "2024-03-25",
            "--to",
            "2024-03-01",
        ],
    ] {
        let mut args = args.clone();
        args.extend(["--index", &index]);
        let run = newsdex(dir.path(), &args);
        assert_exit(&run, 2, "reversed range");
        assert!(
            run.stderr.contains("2024-03-25") && run.stderr.contains("2024-03-01"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("reversed date range"), "{}", run.stderr);
    }
}

/// Item 11: escape sequences in titles, bodies and sources reached the
/// terminal raw, even with `--color never`.
#[test]
fn article_text_never_sends_escapes_to_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let title = "Hello \u{1b}]0;pwned\u{7} world \u{202e}drow";
    let line = serde_json::json!({
        "id": "e1",
        "source": "evil\u{1b}[2J",
        "source_name": "Evil\u{9b}31m Times",
        "title": title,
        "published": "2024-03-01",
        "body": "Talks in Rafah \u{1b}[31mred\u{1b}[0m went on\u{7f} and on.\n\nA second\tparagraph.",
    });
    let index = index_of(dir.path(), &[("in.jsonl", &line.to_string())], &[]);
    let unsafe_chars = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    let colour = regex::Regex::new("\u{1b}\\[[0-9;]*m").unwrap();
    for args in [
        vec!["search", "talks", "--color", "never", "--facets"],
        vec!["search", "talks", "--color", "always", "--facets"],
        vec!["search", "talks", "--explain"],
        vec!["show", "e1"],
        vec!["facets"],
        vec!["facets", "source"],
    ] {
        let mut args = args.clone();
        args.extend(["--index", &index]);
        let run = newsdex(dir.path(), &args);
        assert_exit(&run, 0, &args.join(" "));
        // Colour escapes are newsdex's own (ESC followed by `[` and SGR
        // digits ending in `m`); everything else must be gone.
        let without_colour = colour.replace_all(&run.stdout, "");
        let bad: Vec<char> = without_colour
            .chars()
            .filter(|&c| unsafe_chars(c))
            .collect();
        assert!(bad.is_empty(), "{args:?} printed {bad:?}:\n{}", run.stdout);
    }
    let run = newsdex(dir.path(), &["show", "e1", "--index", &index]);
    assert!(run.stdout.contains("\\x1b]0;pwned\\x07"), "{}", run.stdout);
    assert!(run.stdout.contains("A second\tparagraph"), "{}", run.stdout);

    // JSON stays exact: those characters are JSON escapes, and the strings
    // read back are the stored ones.
    for args in [
        vec!["search", "talks", "--json"],
        vec!["show", "e1", "--json"],
        vec!["facets", "source", "--json"],
    ] {
        let mut args = args.clone();
        args.extend(["--index", &index]);
        let run = newsdex(dir.path(), &args);
        assert_exit(&run, 0, &args.join(" "));
        let bad: Vec<char> = run.stdout.chars().filter(|&c| unsafe_chars(c)).collect();
        assert!(bad.is_empty(), "{args:?} printed {bad:?}:\n{}", run.stdout);
        let json = run.json();
        let title_read = match args[0] {
            "search" => json["hits"][0]["title"].clone(),
            "show" => json["title"].clone(),
            _ => serde_json::Value::from(title),
        };
        assert_eq!(title_read, title, "{args:?}");
        if args[0] == "facets" {
            assert_eq!(json["source"][0]["label"], "Evil\u{9b}31m Times", "{json}");
        }
    }
}
