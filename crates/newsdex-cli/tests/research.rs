//! The research tools on the bundled articles: `--snippets`/`--context`,
//! `newsdex kwic`, `newsdex timeline`, `search --all --format csv|jsonl`,
//! and the fingerprint and parsed query of every `--json`. Expected counts
//! come from the article files themselves (a regex over the raw text, the
//! dates in `data/articles.toml`), not from the engine.

use std::collections::BTreeMap;

use regex::Regex;

use crate::util::{bundled, data_dir, BundledIndex};

/// Occurrences of `pattern` in each bundled article's raw text, by id.
fn occurrences(pattern: &str) -> BTreeMap<String, usize> {
    let re = Regex::new(pattern).unwrap();
    let mut counts = BTreeMap::new();
    for entry in std::fs::read_dir(data_dir()).unwrap().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|x| x == "txt") {
            let text = std::fs::read_to_string(&path).unwrap();
            let n = re.find_iter(&text).count();
            if n > 0 {
                let id = path.file_stem().unwrap().to_string_lossy().into_owned();
                counts.insert(id, n);
            }
        }
    }
    counts
}

/// Publication day of each bundled article, from `data/articles.toml`.
fn published() -> BTreeMap<String, String> {
    let sidecar = std::fs::read_to_string(data_dir().join("articles.toml")).unwrap();
    let id = Regex::new(r#"id = "([^"]+)""#).unwrap();
    let date = Regex::new(r#"published = "([^"]+)""#).unwrap();
    let ids = id.captures_iter(&sidecar).map(|c| c[1].to_string());
    let dates = date.captures_iter(&sidecar).map(|c| c[1].to_string());
    ids.zip(dates).collect()
}

#[test]
fn kwic_prints_one_line_per_occurrence() {
    let ix = BundledIndex::new();
    // "Rafah" is never furniture and never in a headline: every occurrence
    // in the files is one in the index.
    let expected = occurrences(r"(?i)\bRafah\b");
    let total: usize = expected.values().sum();
    assert!(total > 10, "{expected:?}");
    let run = ix.run(&["kwic", "Rafah", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value = run.json();
    let lines = value["lines"].as_array().unwrap();
    assert_eq!(lines.len(), total);
    let mut per_article: BTreeMap<String, usize> = BTreeMap::new();
    for line in lines {
        assert!(line["keyword"]
            .as_str()
            .unwrap()
            .eq_ignore_ascii_case("rafah"));
        *per_article
            .entry(line["id"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    assert_eq!(per_article, expected.into_iter().collect());
    assert_eq!(value["fingerprint"]["articles"], 5);
    assert_eq!(value["parsed_query"]["kind"]["text"], "Rafah");

    // The text form: one line per occurrence plus the count, the keyword
    // in one column.
    let text = ix.run(&["kwic", "Rafah", "--context", "4"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    let rows: Vec<&str> = text.stdout.lines().collect();
    assert_eq!(rows.len(), total + 1, "{}", text.stdout);
    assert!(rows[total].starts_with(&format!("{total} occurrences in 5")));
    // The keyword column: where the widest left context ends, plus two.
    let columns: Vec<Option<usize>> = rows[..total]
        .iter()
        .map(|row| {
            row.char_indices().position(|(i, _)| {
                row[..i].ends_with("  ") && row[i..].to_lowercase().starts_with("rafah")
            })
        })
        .collect();
    assert!(columns[0].is_some(), "{}", text.stdout);
    assert!(columns.windows(2).all(|w| w[0] == w[1]), "{}", text.stdout);

    // CSV: a header, then the same lines.
    let csv = ix.run(&["kwic", "Rafah", "--csv", "--sort", "right"]);
    let mut reader = csv::Reader::from_reader(csv.stdout.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
            "id",
            "source",
            "published",
            "field",
            "offset",
            "left",
            "keyword",
            "right"
        ]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), total);
    let rights: Vec<String> = records.iter().map(|r| r[7].to_lowercase()).collect();
    let mut sorted = rights.clone();
    sorted.sort_by(|a, b| {
        let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        words(a).cmp(&words(b))
    });
    assert_eq!(rights, sorted);
}

#[test]
fn kwic_finds_variants_and_stems() {
    let ix = BundledIndex::new();
    let value = ix
        .run(&["kwic", "veto*", "--json", "--source", "latimes"])
        .json();
    let mut keywords: Vec<String> = value["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["keyword"].as_str().unwrap().to_lowercase())
        .collect();
    keywords.sort();
    keywords.dedup();
    // 002's text has "veto", "vetoed" and "vetoes".
    assert_eq!(keywords, ["veto", "vetoed", "vetoes"]);
}

#[test]
fn timeline_buckets_sum_to_the_total() {
    let ix = BundledIndex::new();
    let dates = published();
    for (query, by) in [("ceasefire", "day"), ("Rafah", "week"), ("*", "month")] {
        let run = ix.run(&["timeline", query, "--by", by, "--json"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let value = run.json();
        let search = ix.search(query, &["--limit", "100"]).json();
        let total = value["total"].as_u64().unwrap();
        assert_eq!(total, search["total"].as_u64().unwrap(), "{query}");
        let sum: u64 = value["buckets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["count"].as_u64().unwrap())
            .sum();
        assert_eq!(sum + value["undated"].as_u64().unwrap(), total, "{query}");
        assert_eq!(value["fingerprint"]["articles"], 5);
    }
    // By day: the days of articles.toml, with the empty days between.
    let value = ix.run(&["timeline", "ceasefire", "--json"]).json();
    let days: Vec<(String, u64)> = value["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["label"].as_str().unwrap().to_string(),
                b["count"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut expected: BTreeMap<String, u64> = BTreeMap::new();
    for day in dates.values() {
        *expected.entry(day.clone()).or_default() += 1;
    }
    assert_eq!(days.first().map(|d| &d.0), expected.keys().next());
    assert_eq!(days.last().map(|d| &d.0), expected.keys().last());
    for (day, count) in &days {
        assert_eq!(*count, expected.get(day).copied().unwrap_or(0), "{day}");
    }

    // Split by source: each article is one source, so each day's series add
    // up to its count; normalised, every day's share is 1 (all five match).
    let split = ix
        .run(&[
            "timeline",
            "ceasefire",
            "--split",
            "source",
            "--normalize",
            "--json",
        ])
        .json();
    for bucket in split["buckets"].as_array().unwrap() {
        let series: u64 = bucket["series"]
            .as_object()
            .map(|m| m.values().map(|v| v.as_u64().unwrap()).sum())
            .unwrap_or(0);
        assert_eq!(series, bucket["count"].as_u64().unwrap());
        if bucket["count"].as_u64().unwrap() > 0 {
            assert_eq!(bucket["share"], 1.0);
        }
    }
    assert_eq!(split["series"].as_array().unwrap().len(), 5);

    // Text and CSV forms.
    let text = ix.run(&["timeline", "ceasefire"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(text.stdout.contains("2024-03-22  █"), "{}", text.stdout);
    assert!(
        text.stdout.contains("5 matching articles"),
        "{}",
        text.stdout
    );
    let csv = ix.run(&["timeline", "ceasefire", "--csv", "--split", "source"]);
    let mut reader = csv::Reader::from_reader(csv.stdout.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headers[..3], ["period", "start", "count"]);
    let counted: u64 = reader
        .records()
        .map(|r| r.unwrap()[2].parse::<u64>().unwrap())
        .sum();
    assert_eq!(counted, 5);

    // A bad split is a usage error.
    let bad = ix.run(&["timeline", "ceasefire", "--split", "colour"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}

#[cfg(feature = "charts")]
#[test]
fn timeline_draws_svg_and_png_charts() {
    let ix = BundledIndex::new();
    let svg = ix.dir.path().join("t.svg");
    let png = ix.dir.path().join("t.png");
    let run = ix.run(&[
        "timeline",
        "ceasefire",
        "--split",
        "source",
        "--svg",
        svg.to_str().unwrap(),
        "--png",
        png.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let svg = std::fs::read_to_string(svg).unwrap();
    for label in ["Financial Times", "NPR", "2024-03-22", "2024-03-25"] {
        assert!(svg.contains(label), "{label} not in the chart");
    }
    let png = std::fs::read(png).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert!(png.len() > 10_000, "a chart with text: {} bytes", png.len());
}

#[test]
fn all_as_csv_round_trips_with_the_ids_of_the_search() {
    let ix = BundledIndex::new();
    for query in ["ceasefire", "Kirby OR Guyana", "Rafah"] {
        let run = ix.run(&["search", query, "--all", "--format", "csv"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
        assert_eq!(
            reader.headers().unwrap().iter().collect::<Vec<_>>(),
            [
                "id",
                "url",
                "source",
                "source_name",
                "published",
                "title",
                "snippet",
                "countries",
                "people",
                "votes"
            ]
        );
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let mut ids: Vec<String> = records.iter().map(|r| r[0].to_string()).collect();
        ids.sort();
        assert_eq!(
            ids,
            ix.search(query, &["--limit", "100"]).hit_ids(),
            "{query}"
        );
        // Every cell quoted; one header row.
        assert!(run.stdout.starts_with("\"id\",\"url\""));
        for record in &records {
            assert_eq!(record[4], published()[&record[0]]);
        }
    }
    // Metadata: 002 reports Algeria voting against, and names Blinken.
    let run = ix.run(&["search", "Guyana", "--all", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let record = reader.records().next().unwrap().unwrap();
    assert_eq!(vec![record[0].to_string()], bundled(&["002"]));
    assert!(
        record[9].split("; ").any(|v| v == "against/dz"),
        "{:?}",
        &record[9]
    );
    assert!(record[8].contains("Blinken"), "{:?}", &record[8]);
    assert!(record[6].contains("[Guyana]"), "{:?}", &record[6]);
}

#[test]
fn all_as_jsonl_starts_with_the_fingerprint() {
    let ix = BundledIndex::new();
    let run = ix.run(&["search", "ceasefire", "--all", "--format", "jsonl"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let header = &lines[0]["export"];
    assert_eq!(header["total"], 5);
    assert_eq!(header["fingerprint"]["articles"], 5);
    assert!(header["fingerprint"]["opstamp"].as_u64().unwrap() > 0);
    assert_eq!(header["parsed_query"]["kind"]["text"], "ceasefire");
    assert_eq!(lines.len(), 6);
    for hit in &lines[1..] {
        assert!(hit["snippet"].as_str().unwrap().contains("<mark>"), "{hit}");
        assert!(hit["countries"].is_array() && hit["people"].is_array());
    }
    // --all needs a format, and takes no page.
    assert_eq!(ix.run(&["search", "ceasefire", "--all"]).code, 2);
    assert_eq!(
        ix.run(&["search", "x", "--all", "--format", "csv", "--limit", "3"])
            .code,
        2
    );
}

#[test]
fn several_snippets_per_hit_with_word_context() {
    let ix = BundledIndex::new();
    let value = ix
        .search(
            "Rafah",
            &["--snippets", "3", "--context", "3", "--source", "ft"],
        )
        .json();
    let passages = value["hits"][0]["snippets"].as_array().unwrap();
    let expected = occurrences(r"(?i)\bRafah\b")[&bundled(&["004"])[0]];
    assert_eq!(passages.len(), expected.min(3), "{value}");
    assert_eq!(passages[0]["text"], value["hits"][0]["snippet"]);
    let tag = Regex::new("</?mark>").unwrap();
    for passage in passages {
        let text = passage["text"].as_str().unwrap();
        assert!(text.contains("<mark>Rafah</mark>"), "{text}");
        // Three words each side at most, around one or two matches.
        let words = tag.replace_all(text, "").split_whitespace().count();
        assert!(words <= 3 + 3 + 7, "{text}");
    }
    // Without --snippets: one passage, no list.
    let one = ix.search("Rafah", &["--source", "ft"]).json();
    assert!(one["hits"][0].get("snippets").is_none());
}

#[test]
fn search_json_carries_the_fingerprint_and_the_parsed_query() {
    let ix = BundledIndex::new();
    let value = ix.search("ceasefire -Kirby", &[]).json();
    let fingerprint = &value["fingerprint"];
    assert_eq!(fingerprint["articles"], 5);
    assert!(fingerprint["format"].as_u64().unwrap() > 0);
    assert!(!fingerprint["analyzer"].as_str().unwrap().is_empty());
    assert_eq!(value["parsed_query"]["type"], "and");
    // Indexing again (nothing changes) keeps the articles; a changed
    // article moves the opstamp on.
    let before = fingerprint["opstamp"].as_u64().unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("extra.txt"), "Extra\n\nA ceasefire story.").unwrap();
    let index = ix.index();
    let run = crate::util::newsdex(
        ix.dir.path(),
        &[
            "index",
            "--quiet",
            "--index",
            &index,
            dir.path().to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = ix.search("ceasefire -Kirby", &[]).json();
    assert_eq!(after["fingerprint"]["articles"], 6);
    assert!(after["fingerprint"]["opstamp"].as_u64().unwrap() > before);
}
