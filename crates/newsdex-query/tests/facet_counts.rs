//! Totals and facet counts are exact: on an index of many segments with
//! deleted documents, every count `search` gives equals a brute-force count
//! over the articles stored in the index (issue 15), counted through the
//! facet tables the writer keeps and, once those files are deleted, through
//! tantivy's columns (one-shot) and tables a cache builds.

use std::collections::{BTreeMap, BTreeSet};

use newsdex_core::schema::Facet;
use newsdex_core::{Article, NewsIndex, VoteEvent, WriterOptions};
use newsdex_query::{search, SearchCache, SearchRequest};
use proptest::prelude::RngExt;
use proptest::test_runner::{RngAlgorithm, TestRng};

const SOURCES: [&str; 4] = ["ft", "npr", "reuters", "al-jazeera"];
const COUNTRIES: [&str; 7] = [
    "France", "Germany", "Russia", "China", "Brazil", "Egypt", "Japan",
];
const PEOPLE: [&str; 5] = [
    "President Emmanuel Macron",
    "Secretary of State Antony Blinken",
    "Chancellor Olaf Scholz",
    "Foreign Minister Sergei Lavrov",
    "Prime Minister Fumio Kishida",
];
const VOTES: [&str; 4] = [
    "The Security Council adopted the resolution by 14-0-1, with Russia abstaining.",
    "Russia vetoed the draft resolution, and China abstained.",
    "The United States vetoed the draft resolution.",
    "The General Assembly adopted the text by 120 votes to 14.",
];
const WORDS: [&str; 6] = ["oil", "prices", "talks", "aid", "harvest", "shipping"];

fn seeded_rng(seed: u64) -> TestRng {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    TestRng::from_seed(RngAlgorithm::ChaCha, &bytes)
}

/// One JSON Lines record: a random outlet, words, countries, people, a vote
/// and a quote, so that every facet has several values.
fn record(rng: &mut TestRng, id: usize, version: usize) -> String {
    let mut pick = |list: &[&'static str]| list[rng.random_range(0..list.len())];
    let source = pick(&SOURCES);
    let (a, b) = (pick(&COUNTRIES), pick(&COUNTRIES));
    let person = pick(&PEOPLE);
    let vote = pick(&VOTES);
    let (w1, w2) = (pick(&WORDS), pick(&WORDS));
    let surname = person.rsplit(' ').next().unwrap_or(person);
    let body = format!(
        "Officials from {a} and {b} met on Monday to discuss {w1} and {w2}. \
         {person} said the meeting was useful.\n\n{vote}\n\n\
         \u{201c}We will keep working on {w1},\u{201d} {surname} said. Version {version}."
    );
    let title = format!("{a} and {b} discuss {w1}");
    serde_json::json!({
        "id": format!("story-{id}"),
        "source": source,
        "title": title,
        "body": body,
        "published": format!("2024-03-{:02}", 1 + id % 28),
    })
    .to_string()
}

/// Indexes `lines` into `index`, a commit every 7 articles.
fn index_lines(index: &NewsIndex, lines: &[String], name: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, lines.join("\n")).unwrap();
    let report = index
        .indexer()
        .writer_options(WriterOptions::default().threads(2))
        .commit_every(7)
        .workers(2)
        .index_paths(&[path])
        .unwrap();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
}

/// Each facet's values for one stored article, every level of the vote
/// and organisation hierarchies included (`vetoed` and `vetoed/ru`, `un`
/// and `un/security-council`).
fn facet_values(article: &Article) -> BTreeMap<Facet, BTreeSet<String>> {
    let meta = &article.metadata;
    let levels = |paths: Vec<String>| {
        let mut out = BTreeSet::new();
        for path in paths {
            let parts: Vec<&str> = path.split('/').collect();
            for level in 1..=parts.len() {
                out.insert(parts[..level].join("/"));
            }
        }
        out
    };
    let votes = levels(VoteEvent::facet_paths_of(&meta.votes).into_iter().collect());
    let orgs = levels(meta.orgs.iter().map(|o| o.slug.clone()).collect());
    BTreeMap::from([
        (Facet::Source, BTreeSet::from([article.source.id.clone()])),
        (
            Facet::Country,
            meta.countries_mentioned.iter().cloned().collect(),
        ),
        (Facet::About, meta.countries_about.iter().cloned().collect()),
        (
            Facet::Person,
            meta.people.iter().map(|p| p.slug.clone()).collect(),
        ),
        (Facet::Vote, votes),
        (Facet::Org, orgs),
        (
            Facet::SaidBy,
            meta.quotes
                .iter()
                .filter_map(|q| q.speaker.clone())
                .collect(),
        ),
        (Facet::Language, article.language.iter().cloned().collect()),
    ])
}

/// The analysed terms of an article's searchable text (by its language's
/// chain, as the index analyses it).
fn terms(article: &Article) -> BTreeSet<String> {
    let mut analyzer = newsdex_core::analysis::Analysis::of(article.language.as_deref()).indexing();
    let mut out = BTreeSet::new();
    let mut texts = vec![article.title.as_str(), article.body.as_str()];
    texts.extend(article.captions.iter().map(String::as_str));
    for text in texts {
        let mut stream = analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            out.insert(token.text.clone());
        }
    }
    out
}

/// Counts per facet value over `articles`.
fn brute_force_counts(articles: &[&Article]) -> BTreeMap<String, BTreeMap<String, u64>> {
    let mut counts: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for facet in Facet::ALL {
        counts.insert(facet.as_str().to_string(), BTreeMap::new());
    }
    for article in articles {
        for (facet, values) in facet_values(article) {
            let field = counts.entry(facet.as_str().to_string()).or_default();
            for value in values {
                *field.entry(value).or_default() += 1;
            }
        }
    }
    counts.retain(|_, values| !values.is_empty());
    counts
}

#[test]
fn totals_and_facet_counts_equal_a_brute_force_count_on_segments_with_deletes() {
    let mut rng = seeded_rng(0xface_c0de);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ix");
    let index = NewsIndex::open_or_create(&dir).unwrap();
    let first: Vec<String> = (0..120).map(|id| record(&mut rng, id, 1)).collect();
    index_lines(&index, &first, "first.jsonl");
    // A second run rewrites every third story (its old document is deleted)
    // and adds new ones.
    let second: Vec<String> = (0..160)
        .filter(|id| id % 3 == 0 || *id >= 120)
        .map(|id| record(&mut rng, id, 2))
        .collect();
    index_lines(&index, &second, "second.jsonl");
    // A last, small run rewrites a few stories once more: its deletes land
    // in segments that the merges above have already made (a merge drops
    // the deleted documents of the segments it merges).
    let third: Vec<String> = [1, 50, 100, 130, 155]
        .into_iter()
        .map(|id| record(&mut rng, id, 3))
        .collect();
    index_lines(&index, &third, "third.jsonl");

    let searcher = index.searcher().unwrap();
    let segments = searcher.segment_readers();
    assert!(segments.len() > 1, "{} segment(s)", segments.len());
    let deleted: u32 = segments.iter().map(|s| s.num_deleted_docs()).sum();
    assert!(deleted > 0, "the rewrite deleted documents");

    let articles: Vec<Article> = (0..160)
        .map(|id| {
            index
                .article(&format!("story-{id}"))
                .unwrap()
                .expect("every story is stored once")
        })
        .collect();
    assert_eq!(index.num_articles().unwrap(), 160);

    // Every segment has the facet table the writer keeps, and the commit
    // its dictionary; then the same index without them, where a one-shot
    // search counts through tantivy's columns and a cache builds tables.
    let ids: Vec<_> = segments.iter().map(|s| s.segment_id()).collect();
    assert!(segments.iter().all(|s| index.facet_table(s).is_some()));
    assert!(index.facet_dictionary(&ids).is_some());
    let kept = check_every_query(&index, &articles);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".facets") || name.ends_with(".dict") {
            std::fs::remove_file(&path).unwrap();
        }
    }
    let bare = NewsIndex::open(&dir).unwrap();
    assert!(segments.iter().all(|s| bare.facet_table(s).is_none()));
    let without = check_every_query(&bare, &articles);
    assert_eq!(kept, without);
    assert!(kept > 50, "only {kept} values compared");
}

/// Runs every query one-shot and twice through a cache, and compares each
/// total and facet count with a brute-force count over `articles`; gives
/// the number of values compared per run.
fn check_every_query(index: &NewsIndex, articles: &[Article]) -> usize {
    let mut checked_values = 0;
    let cache = SearchCache::default();
    let word_queries = WORDS.iter().map(|w| (w.to_string(), None));
    let filtered = [
        ("oil".to_string(), Some((Facet::Source, "ft"))),
        ("talks".to_string(), Some((Facet::Country, "fr"))),
        ("aid".to_string(), Some((Facet::Vote, "vetoed"))),
    ];
    for (word, filter) in word_queries.chain(filtered) {
        let term = newsdex_core::analysis::query_terms(&word)
            .into_iter()
            .map(|(_, t)| t)
            .next()
            .expect("a searchable word");
        let matching: Vec<&Article> = articles
            .iter()
            .filter(|a| terms(a).contains(&term))
            .filter(|a| {
                filter.is_none_or(|(facet, value)| {
                    facet_values(a)
                        .get(&facet)
                        .is_some_and(|v| v.contains(value))
                })
            })
            .collect();
        let mut request = SearchRequest::new(&word).limit(10).facet_limit(0);
        if let Some((facet, value)) = filter {
            request = request.filter(facet, value);
        }
        let expected = brute_force_counts(&matching);
        // The one-shot search, then a cached one twice: the first reads
        // the segments' facet tables, the second counts through them.
        let runs = [
            ("one-shot", search(index, &request).unwrap()),
            ("cache, first", cache.search(index, &request).unwrap()),
            ("cache, second", cache.search(index, &request).unwrap()),
        ];
        for (how, results) in runs {
            let context = format!("{word} {filter:?} ({how})");
            assert_eq!(results.total, matching.len(), "total of {context}");
            let counted: BTreeMap<String, BTreeMap<String, u64>> = results
                .facets
                .iter()
                .map(|(field, counts)| {
                    let values: BTreeMap<String, u64> =
                        counts.iter().map(|c| (c.value.clone(), c.count)).collect();
                    (field.clone(), values)
                })
                .filter(|(_, values)| !values.is_empty())
                .collect();
            assert_eq!(counted, expected, "facet counts of {context}");
        }
        checked_values += expected.values().map(BTreeMap::len).sum::<usize>();
    }
    checked_values
}
