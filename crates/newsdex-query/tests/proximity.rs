//! Proximity (`w/N`, `near/N`, `/s`, `/p`) and the sentence and paragraph
//! positions under it, on the bundled articles. Expectations come from an
//! independent, simple reading of the articles' text (paragraphs at blank
//! lines, sentences at `.`/`!`/`?` before a capital, words split at spaces),
//! never from ids typed in.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use newsdex_core::NewsIndex;
use newsdex_query::{search, SearchRequest};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

fn bundled_index() -> &'static NewsIndex {
    static INDEX: OnceLock<NewsIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let index = NewsIndex::create_in_ram().expect("index");
        index
            .indexer()
            .index_paths(&[data_dir()])
            .expect("index the bundled articles");
        index
    })
}

fn hits_in(index: &NewsIndex, query: &str) -> BTreeSet<String> {
    let results = search(index, &SearchRequest::new(query).limit(100)).expect(query);
    results.hits.into_iter().map(|h| h.id).collect()
}

fn hits(query: &str) -> BTreeSet<String> {
    hits_in(bundled_index(), query)
}

/// A bundled article read independently: its paragraphs, each a list of
/// sentences, each a list of lower-case words.
struct Article {
    id: String,
    paragraphs: Vec<Vec<Vec<String>>>,
}

impl Article {
    fn paragraph_words(&self) -> impl Iterator<Item = Vec<&str>> {
        self.paragraphs
            .iter()
            .map(|p| p.iter().flatten().map(String::as_str).collect())
    }

    fn sentences(&self) -> impl Iterator<Item = &Vec<String>> {
        self.paragraphs.iter().flatten()
    }
}

const ABBREVIATIONS: &[&str] = &["mr", "mrs", "ms", "dr", "sen", "gen", "st", "oct", "no"];

fn bundled() -> Vec<Article> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(data_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let id = path.file_stem().unwrap().to_string_lossy().into_owned();
        let paragraphs = text
            .replace("\r\n", "\n")
            .split("\n\n")
            .map(sentences_of)
            .filter(|p: &Vec<Vec<String>>| !p.is_empty())
            .collect();
        out.push(Article { id, paragraphs });
    }
    out
}

fn sentences_of(paragraph: &str) -> Vec<Vec<String>> {
    let raw: Vec<&str> = paragraph.split_whitespace().collect();
    let mut sentences = vec![Vec::new()];
    for (i, token) in raw.iter().enumerate() {
        let word = token
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        let word = word
            .strip_suffix("'s")
            .or_else(|| word.strip_suffix("’s"))
            .unwrap_or(&word)
            .to_string();
        if !word.is_empty() {
            sentences.last_mut().unwrap().push(word.clone());
        }
        let closed = token.trim_end_matches(['"', '”', '’', ')']);
        let ends = closed.ends_with(['.', '!', '?']);
        let bare = closed.trim_end_matches(['.', '!', '?']);
        let abbreviation = bare.chars().count() == 1
            || bare.contains('.')
            || ABBREVIATIONS.contains(&bare.to_lowercase().as_str());
        let next_starts = raw
            .get(i + 1)
            .and_then(|n| n.trim_start_matches(['"', '“']).chars().next())
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        if ends && next_starts && !abbreviation {
            sentences.push(Vec::new());
        }
    }
    sentences.retain(|s| !s.is_empty());
    sentences
}

fn ids_where(test: impl Fn(&Article) -> bool) -> BTreeSet<String> {
    bundled()
        .iter()
        .filter(|a| test(a))
        .map(|a| a.id.clone())
        .collect()
}

/// Asserts the operator's hits are what the text says, and that they are
/// some but not all of the articles holding both sides anywhere.
fn includes_and_excludes(query: &str, both: &str, expected: &BTreeSet<String>) {
    let got = hits(query);
    assert_eq!(&got, expected, "{query}");
    let anywhere = hits(both);
    assert!(!got.is_empty(), "{query} includes no article");
    assert!(
        got.is_subset(&anywhere) && got.len() < anywhere.len(),
        "{query} excludes none of {anywhere:?}"
    );
}

fn is_vote(word: &str) -> bool {
    // `vote*` is matched against stems: "voting" is stemmed to `vote`.
    word.split('-')
        .any(|part| part.starts_with("vote") || part.starts_with("voting"))
}

#[test]
fn security_council_within_three_words_of_a_vote() {
    let expected = ids_where(|a| {
        a.paragraph_words().any(|words| {
            (0..words.len().saturating_sub(1)).any(|i| {
                words[i] == "security"
                    && words[i + 1] == "council"
                    && (i + 2..(i + 5).min(words.len())).any(|j| is_vote(words[j]))
            })
        })
    });
    includes_and_excludes(
        "\"security council\" w/3 vote*",
        "\"security council\" vote*",
        &expected,
    );
}

#[test]
fn same_sentence_and_same_paragraph() {
    let has = |words: &[&str], w: &str| words.contains(&w);
    let in_sentence = ids_where(|a| {
        a.sentences().any(|s| {
            let words: Vec<&str> = s.iter().map(String::as_str).collect();
            has(&words, "blinken") && has(&words, "netanyahu")
        })
    });
    includes_and_excludes("blinken /s netanyahu", "blinken netanyahu", &in_sentence);
    let in_paragraph = ids_where(|a| {
        a.paragraph_words()
            .any(|words| has(&words, "blinken") && has(&words, "netanyahu"))
    });
    includes_and_excludes("blinken /p netanyahu", "blinken netanyahu", &in_paragraph);
    // Same paragraph, other sentences: what /p adds to /s.
    assert!(
        in_paragraph.len() > in_sentence.len(),
        "no article names both in one paragraph but not in one sentence"
    );
}

#[test]
fn near_takes_either_order_and_w_one() {
    let within = |first: &str, second: &str, n: usize| {
        ids_where(|a| {
            a.paragraph_words().any(|words| {
                (0..words.len()).any(|i| {
                    words[i] == first
                        && (i + 1..(i + 1 + n).min(words.len())).any(|j| words[j] == second)
                })
            })
        })
    };
    let russia_first = within("russia", "china", 3);
    let china_first = within("china", "russia", 3);
    assert_eq!(hits("china w/3 russia"), china_first);
    assert_eq!(hits("russia w/3 china"), russia_first);
    let either: BTreeSet<String> = russia_first.union(&china_first).cloned().collect();
    assert_eq!(hits("china near/3 russia"), either);
    assert!(
        china_first.len() < either.len(),
        "near/3 adds nothing to w/3"
    );
}

fn index_of(texts: &[&str]) -> (tempfile::TempDir, NewsIndex) {
    let dir = tempfile::tempdir().unwrap();
    for (i, text) in texts.iter().enumerate() {
        std::fs::write(dir.path().join(format!("{i}.txt")), text).unwrap();
    }
    let index = NewsIndex::create_in_ram().unwrap();
    index.indexer().index_paths(&[dir.path().into()]).unwrap();
    (dir, index)
}

/// Before sentence and paragraph positions (analyzer 2), positions ran on
/// across a blank line, so `"doha ceasefire"` matched "…in Doha" at the end
/// of one paragraph and "Ceasefire…" at the start of the next.
#[test]
fn phrases_and_proximity_stay_inside_a_paragraph() {
    let (_dir, index) = index_of(&[
        "Talks resume\n\nMediators from Qatar met in Doha\n\nCeasefire talks resumed on Monday in Doha",
    ]);
    let matches = |q: &str| !hits_in(&index, q).is_empty();
    assert!(!matches("\"doha ceasefire\""));
    assert!(!matches("\"doha ceasefire\"~5"));
    assert!(!matches("doha w/1 ceasefire"));
    assert!(!matches("qatar /p ceasefire"));
    // Within a paragraph, as before.
    assert!(matches("\"met in doha\""));
    assert!(matches("\"monday in doha\""));
    assert!(matches("qatar w/3 doha"));
    assert!(matches("qatar /p doha"));
    assert!(matches("monday /p ceasefire"));
}

#[test]
fn sentences_end_at_full_stops_not_at_abbreviations() {
    let (_dir, index) = index_of(&[
        "Vote\n\nThe U.N. envoy Mr. Lopez spoke on Oct. 7 after the vote failed. Talks resume today.",
    ]);
    let matches = |q: &str| !hits_in(&index, q).is_empty();
    // No sentence end after "U.N.", "Mr." or "Oct.".
    assert!(matches("\"U.N. envoy Mr. Lopez\""));
    assert!(matches("\"Oct. 7\""));
    assert!(matches("envoy /s failed"));
    // One after "failed.": an exact phrase does not cross it, a slop of one
    // does, and w/N counts words across it.
    assert!(!matches("\"failed talks\""));
    assert!(matches("\"failed talks\"~1"));
    assert!(matches("failed w/1 talks"));
    assert!(!matches("envoy /s talks"));
    assert!(matches("envoy /p talks"));
}

#[test]
fn sides_may_be_phrases_prefixes_groups_and_proximities() {
    let (_dir, index) = index_of(&[
        "One\n\nThe Security Council voted against the draft.",
        "Two\n\nThe Security Council met. Russia vetoed a draft.",
        "Three\n\nThe Security Council members then met again and later argued about a veto.",
    ]);
    let ids = |q: &str| -> Vec<String> {
        let mut v: Vec<String> = hits_in(&index, q).into_iter().collect();
        v.sort();
        v
    };
    assert_eq!(
        ids("\"security council\" w/5 (veto* OR \"voted against\")"),
        ["0", "1"]
    );
    assert_eq!(ids("\"security council\" /s veto*"), ["2"]);
    assert_eq!(ids("(council w/3 met) /p russia"), ["1"]);
    assert_eq!(ids("body:(council near/2 security)"), ["0", "1", "2"]);
    assert_eq!(ids("title:one w/2 two"), Vec::<String>::new());
}

#[test]
fn proximity_misuse_is_a_positioned_error() {
    for (query, span) in [
        ("a w/0 b", 2..5),
        ("title:a w/3 body:b", 8..11),
        ("source:ft /s b", 10..12),
    ] {
        let err = match search(bundled_index(), &SearchRequest::new(query)) {
            Err(newsdex_query::SearchError::Query(err)) => err,
            other => panic!("{query}: {other:?}"),
        };
        assert_eq!(err.span, Some(span), "{query}: {err}");
    }
}

mod scorer_against_brute_force {
    //! Whole searches of random proximity queries over random texts,
    //! against a brute-force check of every pair of matches, read from the
    //! positions the analyzer gives the stored body.

    use std::collections::{BTreeMap, BTreeSet};

    use newsdex_core::analysis::positions::{paragraph_of, sentence_of, word_of};
    use newsdex_core::analysis::{news_analyzer, query_terms};
    use proptest::prelude::*;

    use super::{hits_in, index_of};

    const WORDS: [&str; 4] = ["alpha", "bravo", "charlie", "delta"];

    /// A body: words, each followed by a space, a sentence end or a
    /// paragraph break.
    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec((0usize..4, 0u8..8), 1..30).prop_map(|items| {
            let mut out = String::from("Report\n\n");
            let mut capital = true;
            for (word, sep) in items {
                let word = WORDS[word];
                if capital {
                    out.push_str(&word[..1].to_uppercase());
                    out.push_str(&word[1..]);
                } else {
                    out.push_str(word);
                }
                let (sep, next_capital) = match sep {
                    0 => (". ", true),
                    1 => ("\n\n", false),
                    _ => (" ", false),
                };
                out.push_str(sep);
                capital = next_capital;
            }
            out
        })
    }

    #[derive(Debug, Clone)]
    enum Side {
        Word(usize),
        Phrase(usize, usize),
        Either(usize, usize),
    }

    impl Side {
        fn query(&self) -> String {
            match self {
                Side::Word(a) => WORDS[*a].to_string(),
                Side::Phrase(a, b) => format!("\"{} {}\"", WORDS[*a], WORDS[*b]),
                Side::Either(a, b) => format!("({} OR {})", WORDS[*a], WORDS[*b]),
            }
        }

        /// Its spans in a body whose terms are at `positions`.
        fn spans(&self, positions: &BTreeMap<String, Vec<u32>>) -> Vec<(u32, u32)> {
            let of = |w: usize| -> Vec<u32> {
                let term = &query_terms(WORDS[w])[0].1;
                positions.get(term).cloned().unwrap_or_default()
            };
            match self {
                Side::Word(a) => of(*a).into_iter().map(|p| (p, p)).collect(),
                Side::Either(a, b) => of(*a).into_iter().chain(of(*b)).map(|p| (p, p)).collect(),
                Side::Phrase(a, b) => {
                    let terms = query_terms(&format!("{} {}", WORDS[*a], WORDS[*b]));
                    let gap = (terms[1].0 - terms[0].0) as u32;
                    let second = of(*b);
                    of(*a)
                        .into_iter()
                        .filter(|p| second.contains(&(p + gap)))
                        .map(|p| (p, p + gap))
                        .collect()
                }
            }
        }
    }

    fn side() -> impl Strategy<Value = Side> {
        prop_oneof![
            (0usize..4).prop_map(Side::Word),
            (0usize..4, 0usize..4).prop_map(|(a, b)| Side::Phrase(a, b)),
            (0usize..4, 0usize..4).prop_map(|(a, b)| Side::Either(a, b)),
        ]
    }

    fn op() -> impl Strategy<Value = String> {
        prop_oneof![
            (1u32..5).prop_map(|n| format!("w/{n}")),
            (1u32..5).prop_map(|n| format!("near/{n}")),
            Just("/s".to_string()),
            Just("/p".to_string()),
        ]
    }

    fn holds(op: &str, a: (u32, u32), b: (u32, u32)) -> bool {
        let follows = |n: u32, a: (u32, u32), b: (u32, u32)| {
            word_of(b.0) > word_of(a.1) && word_of(b.0) - word_of(a.1) <= n
        };
        let same = |unit: fn(u32) -> u32| [a.1, b.0, b.1].iter().all(|&p| unit(p) == unit(a.0));
        match op {
            "/s" => same(sentence_of),
            "/p" => same(paragraph_of),
            _ => {
                let (kind, n) = op.split_once('/').unwrap();
                let n: u32 = n.parse().unwrap();
                follows(n, a, b) || (kind == "near" && follows(n, b, a))
            }
        }
    }

    fn body_positions(body: &str) -> BTreeMap<String, Vec<u32>> {
        let mut analyzer = news_analyzer();
        let mut stream = analyzer.token_stream(body);
        let mut out: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        while let Some(token) = stream.next() {
            out.entry(token.text.clone())
                .or_default()
                .push(token.position as u32);
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn search_agrees_with_every_pair(
            texts in proptest::collection::vec(text(), 6),
            queries in proptest::collection::vec((side(), op(), side()), 6),
        ) {
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            let (_dir, index) = index_of(&texts);
            for (left, op, right) in &queries {
                let query = format!("body:({} {op} {})", left.query(), right.query());
                let expected: BTreeSet<String> = (0..texts.len())
                    .map(|i| i.to_string())
                    .filter(|id| {
                        let article = index.article(id).unwrap().expect("stored");
                        let positions = body_positions(&article.body);
                        let (ls, rs) = (left.spans(&positions), right.spans(&positions));
                        ls.iter().any(|&a| rs.iter().any(|&b| holds(op, a, b)))
                    })
                    .collect();
                prop_assert_eq!(hits_in(&index, &query), expected, "{}\n{:?}", query, texts);
            }
        }
    }
}
