//! Smoke tests of `newsdex bench` on the bundled articles: the reports have
//! their fields and sane values (counts, positive times); speed is never
//! checked here (see BENCHMARKS.md for the figures). Built with the
//! `bench` feature only.
#![cfg(feature = "bench")]

use crate::util::{bundled, data_dir, newsdex, BundledIndex};

fn positive(value: &serde_json::Value, what: &str) {
    let number = value
        .as_f64()
        .unwrap_or_else(|| panic!("{what} is not a number: {value}"));
    assert!(number > 0.0, "{what} = {number}");
}

#[test]
fn bench_index_json_reports_every_engine() {
    let home = tempfile::tempdir().unwrap();
    let data = data_dir();
    let run = newsdex(
        home.path(),
        &[
            "bench",
            "index",
            "--json",
            "--repeat",
            "2",
            "--heap-mb",
            "64",
            data.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    let articles = bundled(&[""]).len() as u64;
    assert_eq!(report["corpus"]["articles"].as_u64(), Some(articles));
    assert_eq!(report["settings"]["repeat"].as_u64(), Some(2));
    assert_eq!(report["runs"].as_array().map(Vec::len), Some(1));
    let median = &report["median"];
    for engine in ["newsdex", "raw_tantivy", "fts5"] {
        let e = &median[engine];
        assert_eq!(e["docs"].as_u64(), Some(2 * articles), "{engine}");
        for field in [
            "text_bytes",
            "index_s",
            "docs_per_s",
            "mb_per_s",
            "index_bytes",
        ] {
            positive(&e[field], &format!("{engine}.{field}"));
        }
        if cfg!(target_os = "linux") {
            positive(&e["peak_rss_bytes"], &format!("{engine}.peak_rss_bytes"));
            // CPU time is counted in 10 ms ticks: a tiny run may show none.
            assert!(
                e["cores_busy"].as_f64().is_some_and(|c| c >= 0.0),
                "{engine}"
            );
        }
    }
    positive(&median["newsdex"]["clean_extract_s"], "clean_extract_s");
    for field in [
        "read_parse_s",
        "clean_extract_s",
        "index_commit_s",
        "total_s",
    ] {
        assert!(median["newsdex_split"][field].is_number(), "{field}");
    }
    for field in [
        "newsdex_vs_raw_tantivy",
        "newsdex_vs_fts5",
        "size_vs_raw_tantivy",
        "size_vs_fts5",
    ] {
        positive(&median["ratios"][field], field);
    }
    // No progress bar off a terminal; results only on stdout.
    assert!(!run.stderr.contains('\r'), "{}", run.stderr);
}

#[test]
fn bench_index_text_prints_the_ratios() {
    let home = tempfile::tempdir().unwrap();
    let data = data_dir();
    let run = newsdex(home.path(), &["bench", "index", data.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("newsdex/raw-tantivy"), "{}", run.stdout);
    assert!(run.stdout.contains("newsdex/FTS5"), "{}", run.stdout);
}

#[test]
fn bench_query_json_reports_every_query() {
    let ix = BundledIndex::new();
    let index = ix.index();
    let run = newsdex(
        ix.dir.path(),
        &[
            "bench",
            "query",
            "--json",
            "--index",
            &index,
            "--warmup",
            "1",
            "--iterations",
            "5",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    assert_eq!(
        report["articles"].as_u64(),
        Some(bundled(&[""]).len() as u64)
    );
    let queries = report["queries"].as_array().expect("queries");
    assert_eq!(queries.len(), 10);
    let mut with_fts5 = 0;
    for q in queries {
        let name = q["query"]["name"].as_str().unwrap_or_default();
        assert!(q["hits"].is_u64(), "{name}");
        positive(&q["newsdex"]["p50_us"], name);
        assert!(
            q["newsdex"]["p99_us"].as_f64() >= q["newsdex"]["p50_us"].as_f64(),
            "{name}"
        );
        if q["query"]["fts5"].is_string() {
            with_fts5 += 1;
            positive(&q["fts5"]["p50_us"], name);
            assert!(q["speedup_vs_fts5"].is_number(), "{name}");
        } else {
            assert!(q["fts5"].is_null(), "{name}");
        }
    }
    assert_eq!(with_fts5, 7);
    positive(&report["process_search_ms"], "process_search_ms");
    // The ceasefire articles are all in the bundled set: the facet-counts
    // query over "said" must find some.
    let said = queries
        .iter()
        .find(|q| q["query"]["name"] == "facet counts")
        .expect("facet counts query");
    assert!(said["hits"].as_u64().unwrap_or(0) > 0);
}

#[test]
fn bench_with_a_missing_path_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    let run = newsdex(home.path(), &["bench", "index", "/nonexistent/corpus"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("newsdex: error: input path does not exist: /nonexistent/corpus"),
        "{}",
        run.stderr
    );
}
