//! Regression tests: on hostile inputs (one shape repeated until the text is
//! large), every extractor's time and peak memory grow at most linearly.
//!
//! Each shape is fed to the extractor it once made quadratic, at `size`
//! bytes and four times that, and the ratios are checked with
//! [`assert_linear`]; the last test runs the whole
//! [`Extractor`] over every shape. The sizes are small enough for a debug
//! build and large enough that the quadratic versions fail (the parts that
//! were quadratic are mostly in the optimised standard library, while a
//! debug build's linear work is slow): the ratio, not the time, is tested.

use super::{ExtractInput, Extractor};
use crate::article::{Article, ArticleId, Metadata, Person, Source};

pub(crate) use crate::growth::assert_linear;

/// Which extractor a test measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Countries,
    People,
    Votes,
    /// Quotes, given the article's people (found outside the measurement).
    Quotes,
    /// The whole [`Extractor`].
    All,
}

/// An article and, for [`Stage::Quotes`], its people.
struct Input {
    article: Article,
    people: Vec<Person>,
}

fn article(title: String, body: String) -> Article {
    Article {
        id: ArticleId("hostile".into()),
        source: Source::unknown(),
        title,
        published: None,
        dateline: None,
        body,
        captions: Vec::new(),
        url: None,
        authors: Vec::new(),
        language: None,
        metadata: Metadata::default(),
    }
}

/// `unit` repeated to about `n` bytes.
fn repeat(unit: &str, n: usize) -> String {
    unit.repeat(n / unit.len() + 1)
}

/// A distinct capitalised word for each `i` ("Bab", "Bac", …), so that
/// every repetition names someone new.
fn word(mut i: usize) -> String {
    let mut out = String::from("B");
    loop {
        out.push(char::from(b'a' + (i % 26) as u8));
        i /= 26;
        if i == 0 {
            break;
        }
    }
    out.push_str("ek");
    out
}

/// `make(i)` for i = 0, 1, … concatenated to about `n` bytes.
fn numbered(n: usize, make: impl Fn(usize) -> String) -> String {
    let mut out = String::new();
    let mut i = 0;
    while out.len() < n {
        out.push_str(&make(i));
        i += 1;
    }
    out
}

/// Asserts that `stage` grows linearly on the articles `make(n)` gives
/// (title and body of about `n` bytes), at `size` and `4 * size` bytes.
#[track_caller]
fn assert_stage_linear(
    name: &str,
    stage: Stage,
    size: usize,
    make: impl Fn(usize) -> (String, String),
) {
    let x = Extractor::shared();
    assert_linear(
        name,
        size,
        |n| {
            let (title, body) = make(n);
            let article = article(title, body);
            let people = if stage == Stage::Quotes {
                x.people
                    .extract(&ExtractInput::from_article(&article), &x.countries)
            } else {
                Vec::new()
            };
            Input { article, people }
        },
        |input| {
            let e = ExtractInput::from_article(&input.article);
            match stage {
                Stage::Countries => drop(std::hint::black_box(x.countries.tag(&e))),
                Stage::People => drop(std::hint::black_box(x.people.extract(&e, &x.countries))),
                Stage::Votes => drop(std::hint::black_box(x.votes.extract(&e, &x.countries))),
                Stage::Quotes => drop(std::hint::black_box(x.quotes.extract(&e, &input.people))),
                Stage::All => drop(std::hint::black_box(x.extract(&input.article))),
            }
        },
    );
}

/// A hostile shape: a name and the article it makes at about `n` bytes.
type Shape = (&'static str, fn(usize) -> (String, String));

fn vote_words(n: usize) -> (String, String) {
    (
        String::new(),
        format!("The draft passed with {}", repeat("abstention from ", n)),
    )
}

fn ballots(n: usize) -> (String, String) {
    (
        String::new(),
        repeat("France abstained and Russia voted against and vote ", n),
    )
}

fn failed_to_adopted(n: usize) -> (String, String) {
    (String::new(), repeat("failed to adopted ", n))
}

fn georgia(n: usize) -> (String, String) {
    // Accented words between the names make lowercasing (what was repeated)
    // slower than the rest of the tagging: a quadratic tagger fails at a
    // small size.
    (String::new(), repeat("Georgia ÉÉÉÉ ", n))
}

fn ambiguous_names(n: usize) -> (String, String) {
    (
        String::new(),
        repeat(
            "Michael Jordan met Chad Johnson over a Thanksgiving Turkey in Atlanta, \
             Georgia. ",
            n,
        ),
    )
}

fn distinct_people(n: usize) -> (String, String) {
    (
        String::new(),
        numbered(n, |i| format!("Minister Anna {} said so. ", word(i))),
    )
}

fn one_word_people(n: usize) -> (String, String) {
    (String::new(), numbered(n, |i| format!("Dr {}. ", word(i))))
}

fn many_roles(n: usize) -> (String, String) {
    (
        String::new(),
        numbered(n, |i| format!("Minister {} Dr Anna Berg. ", word(i))),
    )
}

fn capitalised_run(n: usize) -> (String, String) {
    (String::new(), repeat("Anna Berg Carl Dahl ", n))
}

fn role_words(n: usize) -> (String, String) {
    (
        String::new(),
        repeat("Minister Minister the minister Anna Berg, ", n),
    )
}

fn shouting_headline(n: usize) -> (String, String) {
    (
        repeat("OKAFOR ", n / 2),
        repeat("the cat sat on the mat. ", n / 2),
    )
}

fn quote_marks(n: usize) -> (String, String) {
    (String::new(), repeat("\"“a b c” ", n))
}

fn pronoun_quotes(n: usize) -> (String, String) {
    (
        String::new(),
        numbered(n, |i| {
            format!(
                "Minister Anna {} spoke. “We will not go back,” he said. ",
                word(i)
            )
        }),
    )
}

fn paragraphs(n: usize) -> (String, String) {
    (
        String::new(),
        numbered(n, |i| {
            format!(
                "Minister Anna {} said Russia voted against.\n\n“We will not go back,” \
                 she said.\n\n",
                word(i)
            )
        }),
    )
}

/// Every shape, for the whole-extractor test.
const SHAPES: &[Shape] = &[
    ("abstention from", vote_words),
    ("ballots", ballots),
    ("failed to adopted", failed_to_adopted),
    ("Georgia", georgia),
    ("ambiguous names", ambiguous_names),
    ("distinct people", distinct_people),
    ("many roles", many_roles),
    ("one-word people", one_word_people),
    ("capitalised run", capitalised_run),
    ("role words", role_words),
    ("shouting headline", shouting_headline),
    ("quote marks", quote_marks),
    ("pronoun quotes", pronoun_quotes),
    ("paragraphs", paragraphs),
];

#[test]
fn one_long_sentence_of_vote_words() {
    // Each "abstention from" read the rest of the sentence for members, and
    // each vote word looked for its sentence again.
    assert_stage_linear("abstention from", Stage::Votes, 256 << 10, vote_words);
}

#[test]
fn one_long_sentence_of_ballots_and_outcomes() {
    assert_stage_linear("ballots", Stage::Votes, 16 << 10, ballots);
    // Each outcome word lowercased the sentence before it.
    assert_stage_linear(
        "failed to adopted",
        Stage::Votes,
        32 << 10,
        failed_to_adopted,
    );
}

#[test]
fn georgia_repeated() {
    // Each "Georgia" lowercased the whole text before it.
    assert_stage_linear("Georgia", Stage::Countries, 256 << 10, georgia);
}

#[test]
fn ambiguous_country_names_repeated() {
    // 128 KiB: at 16 KiB one run took a few milliseconds, and other tests
    // running beside it pushed the ratio of a linear tagger to 9-19x.
    assert_stage_linear(
        "ambiguous names",
        Stage::Countries,
        128 << 10,
        ambiguous_names,
    );
}

#[test]
fn many_distinct_people() {
    // Each candidate was compared with every person found before it (see
    // also the tests of `people::linking`).
    assert_stage_linear("one-word people", Stage::People, 16 << 10, one_word_people);
    assert_stage_linear("distinct people", Stage::People, 16 << 10, distinct_people);
}

#[test]
fn one_person_with_many_roles() {
    // Each role was compared with every role of the person.
    assert_stage_linear("many roles", Stage::People, 32 << 10, many_roles);
}

#[test]
fn long_capitalised_runs_and_role_words() {
    assert_stage_linear("capitalised run", Stage::People, 16 << 10, capitalised_run);
    assert_stage_linear("role words", Stage::People, 16 << 10, role_words);
}

#[test]
fn long_shouting_headline_over_a_long_body() {
    // Each headline word was looked up in the whole body.
    assert_stage_linear(
        "shouting headline",
        Stage::People,
        16 << 10,
        shouting_headline,
    );
}

#[test]
fn many_quote_marks() {
    assert_stage_linear("quote marks", Stage::Quotes, 8 << 10, quote_marks);
}

#[test]
fn pronoun_quotes_among_many_people() {
    // Each "he said" searched the paragraph before it for every person.
    assert_stage_linear("pronoun quotes", Stage::Quotes, 16 << 10, pronoun_quotes);
}

#[test]
fn thousands_of_paragraphs() {
    // Each quote looked up every person of the article.
    assert_stage_linear("paragraphs", Stage::Quotes, 64 << 10, paragraphs);
}

#[test]
fn every_extractor_on_every_shape() {
    for (name, make) in SHAPES {
        assert_stage_linear(name, Stage::All, 4 << 10, make);
    }
}

#[test]
fn source_detection_on_repeated_credit_prefixes() {
    assert_linear(
        "source detection",
        8 << 10,
        |n| repeat("Copyright © 2024 The Financial Times Lim ", n),
        |text| {
            std::hint::black_box(super::source::detect_source(text));
        },
    );
}
