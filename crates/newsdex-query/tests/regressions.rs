//! Regression tests of the read path, one section per item of issue 13
//! ("Reliability, round two") that concerns queries: each failed before its
//! fix.
//!
//! This binary's global allocator counts bytes per thread, so a test can
//! bound the memory one search takes (as a figure, never a time).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use newsdex_core::schema::Facet;
use newsdex_core::NewsIndex;
use newsdex_core::WriterOptions;
use newsdex_query::{search, QueryErrorKind, SearchError, SearchRequest, Sort};
use newsdex_query::{MAX_EXPANDING_WORDS, MAX_EXPANSIONS};
use proptest::prelude::RngExt;
use proptest::test_runner::{RngAlgorithm, TestRng};

// ---------------------------------------------------------------------------
// Per-thread allocation counting.

#[global_allocator]
static ALLOC: newsdex_testkit::CountingAlloc = newsdex_testkit::CountingAlloc;

use newsdex_testkit::peak_bytes;

// ---------------------------------------------------------------------------
// Fixtures.

/// Indexes `files` (name, content) written into a temp dir.
fn index_files(files: &[(String, String)], threads: usize, commit_every: usize) -> NewsIndex {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in files {
        std::fs::write(dir.path().join(name), content).unwrap();
    }
    index_dir(dir.path(), threads, commit_every)
}

fn index_dir(dir: &Path, threads: usize, commit_every: usize) -> NewsIndex {
    let index = NewsIndex::create_in_ram().unwrap();
    index
        .indexer()
        .writer_options(WriterOptions::default().threads(threads))
        .commit_every(commit_every)
        .workers(1)
        .index_paths(&[dir.into()])
        .unwrap();
    index
}

/// proptest's RNG (ChaCha) from a fixed seed: the same articles every run.
fn seeded_rng(seed: u64) -> TestRng {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    TestRng::from_seed(RngAlgorithm::ChaCha, &bytes)
}

fn ids(results: &newsdex_query::SearchResults) -> BTreeSet<String> {
    results.hits.iter().map(|h| h.id.clone()).collect()
}

fn query_kind(err: SearchError) -> QueryErrorKind {
    match err {
        SearchError::Query(q) => q.kind,
        other => panic!("expected a query error, got {other}"),
    }
}

// ---------------------------------------------------------------------------
// Item 2: phrases with slop give the same, correct hits whatever the sort
// and however the index was built.

/// Articles of random words from a small vocabulary, so that every phrase
/// below has matches and near misses ("of x in y gaza" for "of in gaza"~1).
fn slop_articles() -> Vec<(String, String)> {
    const WORDS: [&str; 8] = ["of", "in", "the", "gaza", "talks", "aid", "x", "y"];
    let mut rng = seeded_rng(0x5eed_1234_abcd_0001);
    (0..48)
        .map(|i| {
            let mut words = |n: usize| {
                (0..n)
                    .map(|_| WORDS[rng.random_range(0..WORDS.len())])
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let title = words(4);
            let body = words(30);
            (format!("a{i:02}.txt"), format!("{title}\n\n{body}.\n"))
        })
        .collect()
}

const SLOP_PHRASES: [&str; 8] = [
    "\"of in gaza\"~1",
    "\"of the in gaza\"~2",
    "\"the of gaza\"~2",
    "\"in the of\"~1",
    "\"aid talks gaza\"~2",
    "\"gaza aid\"~1",
    "\"of of the\"~2",
    "\"talks x y aid\"~3",
];

/// Positions of each analysed term in `text`, as the index stores them.
fn term_positions(text: &str) -> BTreeMap<String, Vec<u32>> {
    let mut analyzer = newsdex_core::analysis::news_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    while let Some(token) = stream.next() {
        out.entry(token.text.clone())
            .or_default()
            .push(token.position as u32);
    }
    out
}

/// Whether the phrase (terms with their query offsets) occurs in `text`
/// within `slop`, by trying every choice of positions: one position per
/// word, strictly increasing, each gap at least the query's, and the extra
/// positions summed at most `slop`.
fn brute_force_match(text: &str, phrase: &[(usize, String)], slop: u32) -> bool {
    let positions = term_positions(text);
    let lists: Vec<&[u32]> = phrase
        .iter()
        .map(|(_, term)| positions.get(term).map_or(&[][..], |v| v.as_slice()))
        .collect();
    let shift = |i: usize, p: u32| i64::from(p) - phrase[i].0 as i64;
    fn choose(
        lists: &[&[u32]],
        shift: &dyn Fn(usize, u32) -> i64,
        slop: u32,
        chosen: &mut Vec<u32>,
    ) -> bool {
        let i = chosen.len();
        if i == lists.len() {
            return shift(i - 1, chosen[i - 1]) - shift(0, chosen[0]) <= i64::from(slop);
        }
        lists[i].iter().any(|&p| {
            let fits = chosen
                .last()
                .is_none_or(|&prev| p > prev && shift(i, p) >= shift(i - 1, prev));
            fits && {
                chosen.push(p);
                let found = choose(lists, shift, slop, chosen);
                chosen.pop();
                found
            }
        })
    }
    choose(&lists, &shift, slop, &mut Vec::new())
}

/// The articles where a phrase query matches, by brute force over the
/// stored title, body and captions.
fn expected_hits(index: &NewsIndex, ids: &[String], query: &str) -> BTreeSet<String> {
    let (text, slop) = query
        .trim_start_matches('"')
        .rsplit_once("\"~")
        .expect("a phrase with slop");
    let slop: u32 = slop.parse().unwrap();
    let phrase = newsdex_core::analysis::query_terms(text);
    ids.iter()
        .filter(|id| {
            let article = index.article(id).unwrap().expect("stored article");
            let mut fields = vec![article.title.clone(), article.body.clone()];
            fields.extend(article.captions.iter().cloned());
            // Positions step by WORD_STEP per word and one more at a
            // sentence end: a slop of N words is N steps
            // (newsdex_core::analysis::positions).
            let step = newsdex_core::analysis::positions::WORD_STEP;
            fields
                .iter()
                .any(|f| brute_force_match(f, &phrase, slop * step))
        })
        .cloned()
        .collect()
}

#[test]
fn slop_phrases_match_the_same_correct_articles_whatever_the_sort_and_segments() {
    let articles = slop_articles();
    let all_ids: Vec<String> = articles
        .iter()
        .map(|(name, _)| name.trim_end_matches(".txt").to_string())
        .collect();
    // One segment; several indexing threads; a commit per article (many
    // segments, where the words' frequencies differ from one to the next).
    let builds = [(1, 0), (4, 0), (1, 1)];
    let mut matched_somewhere = 0;
    for (threads, commit_every) in builds {
        let index = index_files(&articles, threads, commit_every);
        let segments = index.searcher().unwrap().segment_readers().len();
        for query in SLOP_PHRASES {
            let expected = expected_hits(&index, &all_ids, query);
            let request = SearchRequest::new(query).limit(100).facets(false);
            let by_score = search(&index, &request.clone()).unwrap();
            let by_date = search(&index, &request.clone().sort(Sort::Date)).unwrap();
            let context = format!("{query} ({threads} threads, {segments} segments)");
            assert_eq!(ids(&by_score), expected, "relevance: {context}");
            assert_eq!(ids(&by_date), expected, "date: {context}");
            assert_eq!(by_score.total, expected.len(), "{context}");
            assert_eq!(by_date.total, expected.len(), "{context}");
            // Every hit explains itself, sorted either way.
            let explained = search(&index, &request.sort(Sort::Date).explain(true)).unwrap();
            assert_eq!(explained.hits.len(), expected.len(), "{context}");
            matched_somewhere += expected.len();
        }
    }
    assert!(matched_somewhere > 0, "the fixture exercises matches");
}

// ---------------------------------------------------------------------------
// Item 5b: fuzzy and prefix words are bounded.

fn word_articles(words: &[String]) -> Vec<(String, String)> {
    words
        .chunks(10)
        .enumerate()
        .map(|(i, chunk)| {
            (
                format!("w{i:03}.txt"),
                format!("Notes {i}\n\nThe list reads {}.\n", chunk.join(" ")),
            )
        })
        .collect()
}

#[test]
fn too_many_fuzzy_words_are_a_user_error_naming_the_limit() {
    let index = index_files(&word_articles(&["alpha".to_string()]), 1, 0);
    let query = (0..500)
        .map(|i| format!("word{i}x~2"))
        .collect::<Vec<_>>()
        .join(" OR ");
    let (peak, result) = peak_bytes(|| search(&index, &SearchRequest::new(query.clone())));
    let err = result.expect_err("500 fuzzy words are refused");
    assert!(err.is_user_error());
    let kind = query_kind(err);
    assert_eq!(
        kind,
        QueryErrorKind::TooManyExpandingWords(MAX_EXPANDING_WORDS)
    );
    assert!(
        kind.to_string().contains(&MAX_EXPANDING_WORDS.to_string()),
        "{kind}"
    );
    // Refused before any automaton is built.
    assert!(peak < 8 << 20, "refusing took {peak} bytes");

    // The limit itself is fine; one more prefix word is not.
    let at_limit = (0..MAX_EXPANDING_WORDS)
        .map(|i| format!("alph{i}*"))
        .collect::<Vec<_>>()
        .join(" OR ");
    assert!(search(&index, &SearchRequest::new(at_limit.clone())).is_ok());
    let over = format!("{at_limit} OR alpha*");
    let err = search(&index, &SearchRequest::new(over)).expect_err("over the limit");
    assert_eq!(
        query_kind(err),
        QueryErrorKind::TooManyExpandingWords(MAX_EXPANDING_WORDS)
    );
}

#[test]
fn fuzzy_words_at_the_limit_take_bounded_memory() {
    // Words a fuzzy query can reach, so that expansion does real work.
    let words: Vec<String> = (0..200)
        .map(|i| format!("kestrel{}", (b'a' + (i % 26) as u8) as char))
        .chain((0..200).map(|i| format!("marigold{i}")))
        .collect();
    let index = index_files(&word_articles(&words), 1, 0);
    let query = (0..MAX_EXPANDING_WORDS)
        .map(|i| format!("kestrelmarig{i}~2"))
        .chain(std::iter::once("kestrel~2".to_string()))
        .take(MAX_EXPANDING_WORDS)
        .collect::<Vec<_>>()
        .join(" OR ");
    let (peak, result) = peak_bytes(|| search(&index, &SearchRequest::new(query)));
    result.unwrap();
    // tantivy's FuzzyTermQuery held one Levenshtein DFA per word and field
    // at once (96 here: 40 MB at the peak); newsdex holds one (1.4 MB).
    eprintln!("{MAX_EXPANDING_WORDS} fuzzy words: peak {peak} bytes");
    assert!(peak < 8 << 20, "peak {peak} bytes");
}

#[test]
fn a_prefix_matching_many_terms_is_cut_and_flagged() {
    let words: Vec<String> = (0..(MAX_EXPANSIONS + 30))
        .map(|i| format!("zephyr{i:03}"))
        .collect();
    let index = index_files(&word_articles(&words), 1, 1);
    let cut = search(&index, &SearchRequest::new("zephyr*").limit(100)).unwrap();
    assert!(cut.expansions_truncated);
    // The first MAX_EXPANSIONS terms (zephyr000 … zephyr049) are searched:
    // articles of ten words each.
    assert_eq!(cut.total, MAX_EXPANSIONS.div_ceil(10));
    let json = newsdex_query::render::json::render(&cut);
    assert!(json.contains("\"expansions_truncated\": true"), "{json}");

    let whole = search(&index, &SearchRequest::new("zephyr07*")).unwrap();
    assert!(!whole.expansions_truncated);
    assert_eq!(whole.total, 1);
    let json = newsdex_query::render::json::render(&whole);
    assert!(json.contains("\"expansions_truncated\": false"), "{json}");
}

#[test]
fn a_fuzzy_word_near_many_terms_keeps_the_closest() {
    // "kab" is one edit from each of these (and from nothing else here).
    let mut words: Vec<String> = ('a'..='z').map(|c| format!("kab{c}")).collect();
    words.extend(('a'..='z').filter(|c| *c != 'b').map(|c| format!("ka{c}")));
    words.extend(('c'..='z').map(|c| format!("{c}ab")));
    assert!(words.len() > MAX_EXPANSIONS);
    let index = index_files(&word_articles(&words), 1, 0);
    let results = search(&index, &SearchRequest::new("kab~1").limit(100)).unwrap();
    assert!(results.expansions_truncated);
    assert!(results.total > 0);
    // The exact word, when indexed, is the closest and always kept.
    let mut with_exact = words.clone();
    with_exact.push("kab".to_string());
    let index = index_files(&word_articles(&with_exact), 1, 0);
    let exact = search(&index, &SearchRequest::new("kab~1").limit(100)).unwrap();
    let last_article = format!("w{:03}", (with_exact.len() - 1) / 10);
    assert!(ids(&exact).contains(&last_article), "{:?}", ids(&exact));
}

// ---------------------------------------------------------------------------
// Item 8: facet values that filters cannot reach.

fn jsonl_index(lines: &[&str]) -> NewsIndex {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("in.jsonl"), lines.join("\n")).unwrap();
    index_dir(dir.path(), 1, 0)
}

#[test]
fn a_source_with_a_slash_is_found_by_its_listed_value() {
    let index = jsonl_index(&[
        r#"{"id": "s1", "source": "a/b", "title": "Slashes", "body": "Talks on slashes.", "published": "2024-03-02"}"#,
        r#"{"id": "s2", "source": "c", "title": "Plain", "body": "Talks without.", "published": "2024-03-03"}"#,
    ]);
    let listed = newsdex_query::facet_values(&index, Facet::Source).unwrap();
    let value = listed
        .iter()
        .map(|c| c.value.clone())
        .find(|v| v.contains('/'))
        .expect("the source is listed with its slash");
    for request in [
        SearchRequest::new("").filter(Facet::Source, value.clone()),
        SearchRequest::new(format!("talks source:\"{value}\"")),
    ] {
        let results = search(&index, &request).unwrap();
        assert_eq!(
            ids(&results),
            BTreeSet::from(["s1".to_string()]),
            "{request:?}"
        );
    }
}

#[test]
fn a_vote_outcome_with_a_member_is_an_unknown_vote() {
    let index = index_files(
        &[(
            "v.txt".to_string(),
            "Resolution passes\n\nThe Security Council adopted the resolution 14-0, \
             with the United States abstaining.\n"
                .to_string(),
        )],
        1,
        0,
    );
    for value in ["adopted/us", "failed/russia", "Adopted/US"] {
        let request = SearchRequest::new("").filter(Facet::Vote, value);
        let kind = query_kind(search(&index, &request).expect_err(value));
        assert!(
            matches!(&kind, QueryErrorKind::UnknownFacetValue { field, .. } if field == "vote"),
            "{value}: {kind:?}"
        );
        assert!(kind.to_string().starts_with("unknown vote"), "{kind}");
    }
    // A member of a ballot kind stays a filter.
    let request = SearchRequest::new("").filter(Facet::Vote, "adopted");
    assert!(search(&index, &request).is_ok());
}

#[test]
fn a_reversed_date_range_is_an_error_naming_both_dates() {
    let index = jsonl_index(&[
        r#"{"id": "d1", "source": "c", "title": "Early", "body": "Talks.", "published": "2024-03-05"}"#,
    ]);
    let day = |s: &str| newsdex_core::dates::parse_day(s).unwrap();
    let requests = [
        SearchRequest::new("talks published:[2024-03-25 TO 2024-03-01]"),
        SearchRequest::new("talks")
            .from(day("2024-03-25"))
            .to(day("2024-03-01")),
    ];
    for request in requests {
        let err = search(&index, &request).expect_err("reversed");
        assert!(err.is_user_error());
        let message = err.to_string();
        assert!(
            message.contains("2024-03-25") && message.contains("2024-03-01"),
            "{message}"
        );
        assert!(matches!(
            query_kind(err),
            QueryErrorKind::ReversedDateRange { .. }
        ));
    }
    // One day, both ends equal, still works.
    let one = SearchRequest::new("talks published:[2024-03-05 TO 2024-03-05]");
    assert_eq!(search(&index, &one).unwrap().total, 1);
}
