//! The query language and filters, end to end on the bundled articles.
//! Expected hits are computed from the article files by a small independent
//! evaluator (regular expressions over the text), not typed in.

use regex::Regex;

use crate::util::{bundled, data_dir, matching, BundledIndex};

/// Ids whose metadata gives a publication date on or after `day`.
fn published_since(day: &str) -> Vec<String> {
    let meta = std::fs::read_to_string(data_dir().join("articles.toml")).unwrap();
    let re = Regex::new(r#"id = "([^"]+)"[^\[]*published = "([0-9-]+)""#).unwrap();
    let mut ids: Vec<String> = re
        .captures_iter(&meta)
        .filter(|c| &c[2] >= day)
        .map(|c| c[1].to_string())
        .collect();
    ids.sort();
    ids
}

#[test]
fn phrase_and_proximity() {
    let ix = BundledIndex::new();
    let exact = matching(r"(?i)immediate\s+(cease-fire|ceasefire|cease\s+fire)");
    assert_eq!(exact, bundled(&["000", "001", "003"]), "evaluator sanity");
    assert_eq!(ix.search("\"immediate ceasefire\"", &[]).hit_ids(), exact);
    assert_eq!(ix.search("\"immediate cease-fire\"", &[]).hit_ids(), exact);
    // Within two extra words: "immediate and lasting ceasefire".
    let near = matching(r"(?i)immediate(\W+\w+){0,2}\W+(cease-fire|ceasefire|cease\s+fire)");
    assert_eq!(near, bundled(&[""]));
    assert_eq!(ix.search("\"immediate ceasefire\"~2", &[]).hit_ids(), near);
}

#[test]
fn source_filters_or_within_and_across() {
    let ix = BundledIndex::new();
    assert_eq!(
        ix.search("ceasefire", &["--source", "ft"]).hit_ids(),
        bundled(&["004"])
    );
    assert_eq!(
        ix.search("ceasefire", &["--source", "ft", "--source", "npr"])
            .hit_ids(),
        bundled(&["003", "004"])
    );
    // AND across filters: ft and a date before it was published.
    let none = ix.search("ceasefire", &["--source", "ft", "--to", "2024-03-22"]);
    assert_eq!(none.json()["total"], 0);
    // Source in the query language too.
    assert_eq!(
        ix.search("source:npr ceasefire", &[]).hit_ids(),
        bundled(&["003"])
    );
}

#[test]
fn prefix_and_fuzzy() {
    let ix = BundledIndex::new();
    assert_eq!(
        ix.search("Rafa*", &[]).hit_ids(),
        matching(r"(?i)\brafa\w*")
    );
    let netanyahu = matching("Netanyahu");
    assert!(!netanyahu.is_empty());
    let run = ix.search("Netanyahoo~2", &[]);
    assert_eq!(run.hit_ids(), netanyahu);
    assert!(run.json()["hits"][0]["snippet"]
        .as_str()
        .unwrap()
        .contains("<mark>Netanyahu"));
}

#[test]
fn boolean_operators_and_fields() {
    let ix = BundledIndex::new();
    let guyana = matching("Guyana");
    assert_eq!(ix.search("Guyana", &[]).hit_ids(), guyana);
    let kirby = matching("Kirby");
    let both: Vec<String> = kirby
        .iter()
        .filter(|id| guyana.contains(id))
        .cloned()
        .collect();
    let either: Vec<String> = {
        let mut v: Vec<String> = kirby.iter().chain(guyana.iter()).cloned().collect();
        v.sort();
        v.dedup();
        v
    };
    assert_eq!(ix.search("Kirby AND Guyana", &[]).hit_ids(), both);
    assert_eq!(
        ix.search("Kirby Guyana", &[]).hit_ids(),
        both,
        "default operator is AND"
    );
    assert_eq!(ix.search("Kirby OR Guyana", &[]).hit_ids(), either);
    let not_kirby: Vec<String> = bundled(&[""])
        .into_iter()
        .filter(|id| !kirby.contains(id))
        .collect();
    assert_eq!(ix.search("ceasefire -Kirby", &[]).hit_ids(), not_kirby);
    assert_eq!(ix.search("NOT Kirby", &[]).hit_ids(), not_kirby);
    assert_eq!(ix.search("(Kirby OR Guyana) AND Algeria", &[]).hit_ids(), {
        let algeria = matching("Algeria");
        either
            .iter()
            .filter(|id| algeria.contains(id))
            .cloned()
            .collect::<Vec<_>>()
    });
    // Title scope: only headlines that say "veto".
    assert_eq!(
        ix.search("title:veto", &[]).hit_ids(),
        bundled(&["001", "002"])
    );
}

#[test]
fn dates_filter_and_sort() {
    let ix = BundledIndex::new();
    let recent = published_since("2024-03-25");
    assert_eq!(recent, bundled(&["003", "004"]), "evaluator sanity");
    assert_eq!(ix.search("", &["--from", "2024-03-25"]).hit_ids(), recent);
    assert_eq!(
        ix.search("published:[2024-03-25 TO 2024-03-31]", &[])
            .hit_ids(),
        recent
    );
    assert_eq!(
        ix.search("published:[2024-03-22 TO 2024-03-24] ceasefire", &[])
            .json()["total"],
        3
    );
    let sorted = ix.search("ceasefire", &["--sort", "date"]).json();
    let first_two: Vec<String> = sorted["hits"].as_array().unwrap()[..2]
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect();
    let mut first_two_sorted = first_two.clone();
    first_two_sorted.sort();
    assert_eq!(first_two_sorted, recent, "newest first");
    let dates: Vec<&str> = sorted["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["published"].as_str().unwrap())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
}

#[test]
fn filters_alone_list_everything_matching() {
    let ix = BundledIndex::new();
    assert_eq!(
        ix.search("", &["--source", "latimes"]).hit_ids(),
        bundled(&["002"])
    );
    assert_eq!(ix.search("*", &[]).hit_ids(), bundled(&[""]));
    let run = ix.run(&["search"]);
    assert_eq!(run.code, 2, "no query and no filter is a usage error");
    assert!(run.stderr.contains("empty query"), "{}", run.stderr);
}

#[test]
fn paging_counts_all_hits() {
    let ix = BundledIndex::new();
    let page1 = ix.search("ceasefire", &["--limit", "2"]).json();
    let page2 = ix
        .search("ceasefire", &["--limit", "2", "--offset", "2"])
        .json();
    assert_eq!(page1["total"], 5);
    assert_eq!(page2["total"], 5);
    assert_eq!(page2["hits"][0]["rank"], 3);
    let ids = |v: &serde_json::Value| -> Vec<String> {
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(ids(&page1).iter().all(|id| !ids(&page2).contains(id)));
}

#[test]
fn malformed_queries_are_usage_errors_with_a_position() {
    let ix = BundledIndex::new();
    for (query, position) in [
        ("\"unclosed", 1),
        ("title:", 1),
        ("(a OR", 4),
        ("a AND", 3),
        ("Rafah)", 6),
    ] {
        let run = ix.search(query, &[]);
        assert_eq!(run.code, 2, "{query}");
        assert!(run.stdout.is_empty(), "{query}");
        assert!(
            run.stderr.contains(&format!("at position {position}")),
            "{query}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains('^'),
            "caret under the query: {}",
            run.stderr
        );
    }
    let unknown = ix.search("colour:red", &[]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("unknown field `colour`"),
        "{}",
        unknown.stderr
    );
    let bad_date = ix.search("published:[2024-13-01 TO *]", &[]);
    assert_eq!(bad_date.code, 2);
    assert!(
        bad_date.stderr.contains("invalid date"),
        "{}",
        bad_date.stderr
    );
    let bad_flag = ix.search("ceasefire", &["--from", "yesterday"]);
    assert_eq!(bad_flag.code, 2);
}

#[test]
fn snippets_mark_words_matched_through_variants() {
    let ix = BundledIndex::new();
    let run = ix.search("\"cease-fire\"", &["--limit", "5"]).json();
    let snippet_of = |id: &str| -> String {
        run["hits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["id"].as_str().unwrap().starts_with(id))
            .map(|h| h["snippet"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert!(
        snippet_of("002").contains("<mark>ceasefire</mark>"),
        "{}",
        snippet_of("002")
    );
    assert!(
        snippet_of("000").contains("<mark>cease-fire</mark>"),
        "{}",
        snippet_of("000")
    );
    // Stemming: "vetoed" is marked for the query "veto".
    let veto = ix.search("veto", &["--source", "latimes"]).json();
    assert!(veto["hits"][0]["snippet"]
        .as_str()
        .unwrap()
        .to_lowercase()
        .contains("<mark>veto"));
}

#[test]
fn ansi_bold_only_when_asked() {
    let ix = BundledIndex::new();
    let plain = ix.run(&["search", "Rafah", "--source", "ft"]);
    assert!(!plain.stdout.contains('\x1b'));
    let colored = ix.run(&["--color", "always", "search", "Rafah", "--source", "ft"]);
    assert!(
        colored.stdout.contains("\x1b[1mRafah\x1b[0m"),
        "{}",
        colored.stdout
    );
}

#[test]
fn explain_show_and_facets_commands() {
    let ix = BundledIndex::new();
    let explained = ix.search("Rafah", &["--source", "ft", "--explain"]).json();
    let explanation = explained["hits"][0]["explanation"].as_str().unwrap();
    assert!(
        explanation.contains("BM25") || explanation.contains("TermQuery"),
        "{explanation}"
    );

    let show = ix.run(&["show", "004_06944581988b0e46"]);
    assert_eq!(show.code, 0, "{}", show.stderr);
    assert!(show.stdout.contains("Financial Times"));
    assert!(show.stdout.contains("caption:"));
    assert!(!show.stdout.contains("Comments have not been enabled"));
    let show_json = ix.run(&["show", "004_06944581988b0e46", "--json"]).json();
    assert_eq!(show_json["source"]["id"], "ft");
    let missing = ix.run(&["show", "nope"]);
    assert_eq!(missing.code, 2);

    let facets = ix.run(&["facets", "source", "--json"]).json();
    let sources = facets["source"].as_array().unwrap();
    assert_eq!(sources.len(), 5);
    assert!(sources.iter().all(|s| s["count"] == 1));
    let bad = ix.run(&["facets", "colour"]);
    assert_eq!(bad.code, 2);
    let human = ix.run(&["search", "ceasefire", "--facets"]);
    assert!(human.stdout.contains("Financial Times"), "{}", human.stdout);
}

#[test]
fn facet_limit_lists_the_most_frequent_and_says_how_many_more() {
    let ix = BundledIndex::new();
    let all = ix.search("ceasefire", &["--facet-limit", "0"]).json();
    let people = all["facets"]["person"].as_array().unwrap();
    let distinct = all["facet_values"]["person"].as_u64().unwrap() as usize;
    assert!(people.len() > 2, "{people:?}");
    assert_eq!(people.len(), distinct);

    let two = ix.search("ceasefire", &["--facet-limit", "2"]).json();
    let top = two["facets"]["person"].as_array().unwrap();
    assert_eq!(top.len(), 2);
    assert_eq!(two["facet_values"]["person"], distinct);
    // The two listed are the two most frequent of the full list.
    assert!(top[1]["count"].as_u64() >= people[2]["count"].as_u64());
    assert_eq!(top[0], people[0]);

    let human = ix.run(&["search", "ceasefire", "--facets", "--facet-limit", "2"]);
    let more = format!("… {} more", distinct - 2);
    assert!(human.stdout.contains(&more), "{}", human.stdout);
}

/// `--explain` says how each hit matched: in 000, which writes "cease-fire",
/// that spelling is a variant match for `ceasefire`.
#[test]
fn explain_names_the_forms_that_matched_and_why() {
    let ix = BundledIndex::new();
    let id = bundled(&["000"]).remove(0);
    let text = std::fs::read_to_string(data_dir().join(format!("{id}.txt"))).unwrap();
    let hyphenated = Regex::new(r"(?i)\bcease-fire\b").unwrap();
    assert!(hyphenated.is_match(&text), "000 writes cease-fire");

    let json = ix.search("ceasefire", &["--explain"]).json();
    let hit = json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == id.as_str())
        .expect("000 is a hit");
    let forms = hit["matches"][0]["forms"].as_array().unwrap();
    assert_eq!(hit["matches"][0]["term"], "ceasefire");
    let variant = forms
        .iter()
        .find(|f| f["text"] == "cease-fire")
        .expect("cease-fire is listed");
    assert_eq!(variant["why"], "variant");
    // Never more than the file holds (cleaning may drop furniture).
    let count = variant["count"].as_u64().unwrap() as usize;
    assert!(count >= 1 && count <= hyphenated.find_iter(&text).count());

    // The text form: one line per term.
    let run = ix.run(&["search", "ceasefire", "--explain", "--source", "nbc"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .lines()
            .any(|l| l.trim_start().starts_with("ceasefire ← ")
                && l.contains("\"cease-fire\" (variant)")),
        "{}",
        run.stdout
    );
}

#[test]
fn explain_query_prints_the_tree_and_expansions() {
    let ix = BundledIndex::new();
    let run = ix.run(&[
        "search",
        "\"security council\" w/3 vote*",
        "--explain-query",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().map(str::trim).collect();
    assert!(lines.contains(&"w/3"), "{}", run.stdout);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("phrase \"security council\" → secur")),
        "{}",
        run.stdout
    );
    // The bundled articles say "vote": the prefix expands to its stem.
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("prefix vote* → ") && l.contains("vote")),
        "{}",
        run.stdout
    );
    let json = ix
        .run(&["search", "Rafa*", "--explain-query", "--json"])
        .json();
    assert_eq!(json["tree"]["kind"]["kind"], "prefix");
    assert_eq!(json["terms"][0]["expansions"][0], "rafah");
}

#[test]
fn malformed_proximity_is_a_usage_error_with_a_caret() {
    let ix = BundledIndex::new();
    for (query, column) in [("gaza w/0 rafah", 6), ("/s gaza", 1), ("gaza near/", 6)] {
        let run = ix.search(query, &[]);
        assert_eq!(run.code, 2, "{query}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("at position {column}")),
            "{query}: {}",
            run.stderr
        );
    }
}
