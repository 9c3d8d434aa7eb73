//! [`TermLocator`]: where the words of a text that analyse to some wanted
//! terms are, without stemming the words that cannot.
//!
//! Snippets and concordances re-analyse a hit's stored text to find the
//! words its query matched (through stems and spelling variants). Stemming
//! is the largest part of that work (about 45% of a one-shot search of a
//! rare term), and almost every word of a text is not wanted.
//!
//! The English chain is split before its stemmer. Porter2 (Snowball
//! English) only rewrites a word's end: the stem's first three characters
//! are the word's (two when the stem is shorter than four: `using` →
//! `use`, `dying` → `die`), `y` and `i` counting as one (`skies` → `sky`,
//! `cry` → `cri`). So a word whose start matches no wanted term's start
//! cannot stem to it and is not stemmed. That property is checked by a
//! test on Porter2's exceptional forms and by a property test against the
//! whole chain; it was also checked on the 206,432 distinct words of the
//! evaluation corpora with Snowball's reference implementation (no
//! exception). Other languages' chains analyse every word.
//!
//! The English locator also skips whole paragraphs (split at blank lines,
//! which no token and no multi-word variant crosses) that cannot hold a
//! wanted word: it reads the paragraph's letters and digits as one run,
//! lower-cased, separators dropped (so a hyphenated word, a dotted acronym
//! or a multi-word variant reads as the token it becomes), and looks for
//! the letters and digits of each wanted stem's start (its first three
//! characters, or two). Only paragraphs where one occurs, or that hold a
//! letter or digit outside ASCII (which folding may turn into anything),
//! are analysed. This holds while every token's first three letters or
//! digits are its text's: true of the tokenizer's rules but one ("US" →
//! `usa` adds a third letter, so a start `usa…` is looked for as `us`), and
//! checked for the variant table when the locator is made (a variant whose
//! canonical form starts otherwise turns the skipping off).

use std::collections::BTreeSet;
use std::ops::Range;

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{AsciiFoldingFilter, TextAnalyzer, TokenStream};

use super::languages::Analysis;
use super::stemmer::NewsStemmer;
use super::tokenizer::NewsTokenizer;
use super::variants::VariantTable;

/// Most stems kept between calls (the cache is cleared past it).
const STEM_CACHE_WORDS: usize = 100_000;

/// Finds the words of texts whose index terms (under one [`Analysis`]) are
/// among wanted terms. Keep one per thread and reuse it: it caches stems.
///
/// ```
/// use std::collections::BTreeSet;
/// use newsdex_core::analysis::{Analysis, TermLocator};
/// let mut locator = TermLocator::new(Analysis::English);
/// let terms: BTreeSet<String> = ["ceasefir".to_string(), "talk".to_string()].into();
/// let text = "Talks on a cease-fire resumed; the talking went on.";
/// let mut found = Vec::new();
/// locator.locate(text, &terms, |range| found.push(&text[range]));
/// assert_eq!(found, ["Talks", "cease-fire", "talking"]);
/// ```
pub struct TermLocator {
    analysis: Analysis,
    /// English: the chain without its stemmer. Others: the whole chain.
    analyzer: TextAnalyzer,
    stemmer: Option<NewsStemmer>,
    stems: FxHashMap<String, String>,
    /// Whether paragraphs that cannot hold a wanted word are skipped (see
    /// the module documentation).
    skips_paragraphs: bool,
    /// The letters and digits of a text's paragraphs, reused (see
    /// [`paragraphs_that_may_hold`]).
    run: Vec<u8>,
}

impl std::fmt::Debug for TermLocator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TermLocator({:?})", self.analysis)
    }
}

impl TermLocator {
    /// A locator for text indexed with `analysis`.
    pub fn new(analysis: Analysis) -> Self {
        let (analyzer, stemmer) = match analysis {
            Analysis::English => (
                TextAnalyzer::builder(NewsTokenizer::for_indexing(VariantTable::shared()))
                    .filter(AsciiFoldingFilter)
                    .build(),
                Some(NewsStemmer::english()),
            ),
            other => (other.indexing(), None),
        };
        // Every variant's canonical token starts as its words do.
        let variants_keep_their_start =
            VariantTable::shared()
                .rules()
                .iter()
                .all(|(words, canonical)| {
                    let joined: String = words
                        .concat()
                        .chars()
                        .filter(|c| c.is_alphanumeric())
                        .collect();
                    first_three(&joined) == first_three(canonical)
                });
        TermLocator {
            analysis,
            analyzer,
            skips_paragraphs: stemmer.is_some() && variants_keep_their_start,
            run: Vec::new(),
            stemmer,
            stems: FxHashMap::default(),
        }
    }

    /// The analysis this locator reproduces.
    pub fn analysis(&self) -> Analysis {
        self.analysis
    }

    /// Calls `each` with the byte range of every token of `text` whose
    /// index term is in `terms`, in text order (a hyphenated word and its
    /// parts are separate tokens with the same or nested ranges): exactly
    /// the tokens the index analyzer of [`TermLocator::analysis`] gives
    /// those terms.
    pub fn locate(
        &mut self,
        text: &str,
        terms: &BTreeSet<String>,
        mut each: impl FnMut(Range<usize>),
    ) {
        if terms.is_empty() {
            return;
        }
        if self.stems.len() > STEM_CACHE_WORDS {
            self.stems.clear();
        }
        let starts: Vec<&str> = terms.iter().map(|t| stem_start(t)).collect();
        // The letters and digits of each start, `y` read as `i`: `None`
        // when a start is not ASCII or has none, and every paragraph is
        // analysed.
        let heads: Option<Vec<Vec<u8>>> = starts
            .iter()
            .map(|start| {
                // Tokens keep apostrophes (`o'neil`): letters and digits only.
                let mut head: Vec<u8> = start
                    .bytes()
                    .filter(u8::is_ascii_alphanumeric)
                    .map(fold_y)
                    .collect();
                // "US" and "U.S." become `usa`: the `a` is not in the text.
                if head.starts_with(b"usa") {
                    head.truncate(2);
                }
                (start.is_ascii() && !head.is_empty()).then_some(head)
            })
            .collect();
        let heads = heads.filter(|_| self.skips_paragraphs);
        let Some(heads) = heads else {
            self.locate_in(text, 0, terms, &starts, &mut each);
            return;
        };
        for (from, end) in paragraphs_that_may_hold(text, &heads, &mut self.run) {
            let paragraph = text.get(from..end).unwrap_or_default();
            self.locate_in(paragraph, from, terms, &starts, &mut each);
        }
    }

    /// [`TermLocator::locate`] over `text`, a paragraph of a text starting
    /// at byte `base` (or the whole of it), every word analysed.
    fn locate_in(
        &mut self,
        text: &str,
        base: usize,
        terms: &BTreeSet<String>,
        starts: &[&str],
        each: &mut impl FnMut(Range<usize>),
    ) {
        let mut stream = self.analyzer.token_stream(text);
        while stream.advance() {
            let token = stream.token();
            let word = token.text.as_str();
            let wanted = match &self.stemmer {
                None => terms.contains(word),
                // Digits are not stemmed (as `NewsStemmer` does).
                Some(_) if word.bytes().all(|b| b.is_ascii_digit()) => terms.contains(word),
                Some(stemmer) => {
                    if word.is_ascii() && !starts.iter().any(|start| begins_like(word, start)) {
                        false
                    } else if let Some(stem) = self.stems.get(word) {
                        terms.contains(stem)
                    } else {
                        let stem = stemmer.stem(word).into_owned();
                        let wanted = terms.contains(&stem);
                        self.stems.insert(word.to_string(), stem);
                        wanted
                    }
                }
            };
            if wanted {
                each(base + token.offset_from..base + token.offset_to);
            }
        }
    }
}

/// `y` read as `i` (see [`begins_like`]).
const fn fold_y(b: u8) -> u8 {
    if b == b'y' {
        b'i'
    } else {
        b
    }
}

/// The first three characters of `text`, lower-cased.
fn first_three(text: &str) -> String {
    text.chars().take(3).flat_map(char::to_lowercase).collect()
}

/// The byte ranges of the paragraphs of `text` (split at blank lines) that
/// may hold a word beginning with one of `heads` (the letters and digits of
/// a start), in order: the ASCII letters and digits of every paragraph
/// read as one lower-case run, `y` as `i` (`run` holds it), searched once
/// for each head; a paragraph with a letter or digit outside ASCII is kept
/// whatever it holds ([`folds_to_anything`]).
fn paragraphs_that_may_hold(
    text: &str,
    heads: &[Vec<u8>],
    run: &mut Vec<u8>,
) -> Vec<(usize, usize)> {
    // (start, end, where its letters start in `run`, whether it is kept).
    let mut paragraphs: Vec<(usize, usize, usize, bool)> = Vec::new();
    run.clear();
    run.reserve(text.len());
    // Blank lines, found in one pass (a search set up per paragraph cost
    // more than reading the paragraph).
    let breaks = memchr::memmem::find_iter(text.as_bytes(), b"\n\n").chain([text.len()]);
    let mut from = 0;
    for end in breaks {
        if end < from {
            continue;
        }
        let paragraph = text.get(from..end).unwrap_or_default();
        paragraphs.push((from, end, run.len(), folds_to_anything(paragraph)));
        append_letters(paragraph.as_bytes(), run);
        from = end + 2;
    }
    let mut keep_at = |at: usize| {
        // The paragraph whose letters hold `at` (a head across two
        // paragraphs keeps the first: more is analysed, nothing missed).
        let i = paragraphs.partition_point(|p| p.2 <= at).saturating_sub(1);
        if let Some(paragraph) = paragraphs.get_mut(i) {
            paragraph.3 = true;
        }
    };
    for head in heads {
        match head.as_slice() {
            [one] => memchr::memchr_iter(*one, run).for_each(&mut keep_at),
            _ => memchr::memmem::find_iter(run, head).for_each(&mut keep_at),
        }
    }
    paragraphs
        .into_iter()
        .filter(|p| p.3)
        .map(|(from, end, _, _)| (from, end))
        .collect()
}

/// Each byte as the run reads it: ASCII letters lower-cased, `y` as `i`,
/// digits kept, anything else (ASCII punctuation and space, every byte of a
/// character outside ASCII) 0, dropped.
const RUN_BYTE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        table[b] = if byte.is_ascii_alphanumeric() {
            fold_y(byte.to_ascii_lowercase())
        } else {
            0
        };
        b += 1;
    }
    table
};

/// Appends the ASCII letters and digits of `paragraph` to `run` as
/// [`RUN_BYTE`] reads them, without a branch per byte (the filter this
/// replaced cost 33 instructions a byte, a third of locating `oil`).
fn append_letters(paragraph: &[u8], run: &mut Vec<u8>) {
    let start = run.len();
    run.resize(start + paragraph.len(), 0);
    let mut at = start;
    for &b in paragraph {
        let folded = RUN_BYTE[usize::from(b)];
        // In bounds: `at` grows at most once a byte, from `start`.
        run[at] = folded;
        at += usize::from(folded != 0);
    }
    run.truncate(at);
}

/// Whether `paragraph` holds a letter or digit outside ASCII, which
/// folding may turn into anything: such a paragraph is always analysed.
fn folds_to_anything(paragraph: &str) -> bool {
    !paragraph.is_ascii()
        && paragraph
            .chars()
            .any(|c| !c.is_ascii() && c.is_alphanumeric())
}

/// The start every word stemming to `stem` shares (see the module
/// documentation): three characters, two when the stem is shorter than
/// four.
fn stem_start(stem: &str) -> &str {
    let keep = if stem.chars().count() >= 4 { 3 } else { 2 };
    match stem.char_indices().nth(keep) {
        Some((at, _)) => &stem[..at],
        None => stem,
    }
}

/// Whether the ASCII `word` begins with `start`, `y` and `i` counting as
/// one.
fn begins_like(word: &str, start: &str) -> bool {
    let fold = |b: u8| if b == b'y' { b'i' } else { b };
    word.len() >= start.len()
        && word
            .bytes()
            .zip(start.bytes())
            .all(|(a, b)| fold(a) == fold(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every range the whole index chain gives a term of `terms`.
    fn by_whole_chain(
        analysis: Analysis,
        text: &str,
        terms: &BTreeSet<String>,
    ) -> Vec<Range<usize>> {
        let mut analyzer = analysis.indexing();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let token = stream.token();
            if terms.contains(&token.text) {
                out.push(token.offset_from..token.offset_to);
            }
        }
        out
    }

    fn located(analysis: Analysis, text: &str, terms: &BTreeSet<String>) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        TermLocator::new(analysis).locate(text, terms, |r| out.push(r));
        out
    }

    /// Porter2's exceptional forms and the rewrites that touch a short
    /// stem's third letter.
    const HARD: &str = "skies sky dying lying tying vying using owing aging idly gently ugly \
        early only singly news howe atlas cosmos bias andes cries cry flies tries ties \
        dies hoping hopped generously communities arsenal cease-fire U.S. U.N. 1980s \
        2024 O'Neill don't Thomas-Greenfield António naïve";

    #[test]
    fn exceptional_forms_are_found_as_the_whole_chain_finds_them() {
        let all: BTreeSet<String> = by_whole_chain_terms(HARD);
        for term in &all {
            let terms: BTreeSet<String> = [term.clone()].into();
            assert_eq!(
                located(Analysis::English, HARD, &terms),
                by_whole_chain(Analysis::English, HARD, &terms),
                "term {term}"
            );
        }
    }

    fn by_whole_chain_terms(text: &str) -> BTreeSet<String> {
        let mut analyzer = Analysis::English.indexing();
        let mut stream = analyzer.token_stream(text);
        let mut out = BTreeSet::new();
        while stream.advance() {
            out.insert(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn locating_grows_linearly_with_the_text() {
        let terms: BTreeSet<String> = ["ceasefir".to_string(), "talk".to_string()].into();
        let run = |text: &String| {
            let mut found = 0usize;
            TermLocator::new(Analysis::English).locate(text, &terms, |_| found += 1);
            std::hint::black_box(found);
        };
        crate::growth::assert_linear(
            "TermLocator: words to stem",
            40_000,
            |n| "Talks on the cease-fire resumed in Doha; talking went on. ".repeat(n / 58 + 1),
            run,
        );
        crate::growth::assert_linear(
            "TermLocator: one hyphenated run",
            40_000,
            |n| "talk-".repeat(n / 5 + 1),
            run,
        );
    }

    /// Paragraphs without a wanted word's start are skipped, and what is
    /// found is what the whole chain finds, offsets included.
    #[test]
    fn skipped_paragraphs_change_nothing() {
        let text = "Café A \n\n O’Neill’s";
        for term in &by_whole_chain_terms(text) {
            let terms: BTreeSet<String> = [term.clone()].into();
            assert_eq!(
                located(Analysis::English, text, &terms),
                by_whole_chain(Analysis::English, text, &terms),
                "term {term}"
            );
        }
        let text = "Oil rose.\n\nTalks on the U.S.-led cease fire went on.\n\n\nGold fell; \
            co-operation grew.\n\nSkies cleared over the café.\n\n";
        let all = by_whole_chain_terms(text);
        for term in &all {
            let terms: BTreeSet<String> = [term.clone()].into();
            assert_eq!(
                located(Analysis::English, text, &terms),
                by_whole_chain(Analysis::English, text, &terms),
                "term {term}"
            );
        }
        assert!(TermLocator::new(Analysis::English).skips_paragraphs);
        let heads = [b"oi".to_vec()];
        let run = &mut Vec::new();
        let kept = |text: &str, heads: &[Vec<u8>], run: &mut Vec<u8>| {
            paragraphs_that_may_hold(text, heads, run)
                .into_iter()
                .map(|(from, end)| text[from..end].to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            kept(
                "Oil rose.\n\nGold fell.\n\nO-I\n\nA café.\n\nA ‘gold’ rush.",
                &heads,
                run
            ),
            ["Oil rose.", "O-I", "A café."],
            "separators are dropped; a letter outside ASCII may fold to anything"
        );
        assert_eq!(kept("Soya", &[b"i".to_vec()], run), ["Soya"], "y read as i");
        assert_eq!(
            kept(
                "Oil rose.\n\nA soil test.\n\nBoiling.",
                &[b"oil".to_vec()],
                run
            ),
            ["Oil rose.", "A soil test.", "Boiling."],
            "a head anywhere in the run"
        );
        assert_eq!(
            kept("Gold fell.\n\nO-I-L", &[b"oil".to_vec()], run),
            ["O-I-L"]
        );
        assert!(kept("", &heads, run).is_empty());
    }

    #[test]
    fn the_start_of_a_stem() {
        assert_eq!(stem_start("ceasefir"), "cea");
        assert_eq!(stem_start("use"), "us");
        assert_eq!(stem_start("a"), "a");
        assert_eq!(stem_start("ánge"), "áng");
        assert!(begins_like("skies", "sky"));
        assert!(begins_like("dying", "di"));
        assert!(!begins_like("do", "die"));
    }

    proptest! {
        #[test]
        fn finds_what_the_whole_chain_finds(
            words in proptest::collection::vec(
                prop_oneof![
                    "[a-zA-Z]{1,12}",
                    "[a-z]{2,8}(ing|ed|ies|y|ly|s|ation|ness)",
                    Just("cease fire".to_string()),
                    Just("U.S.".to_string()),
                    Just("well-known".to_string()),
                    Just("Café".to_string()),
                    "[0-9]{1,4}",
                    // Paragraphs, and words whose token is not their text.
                    Just("\n\n".to_string()),
                    Just("U.S.-led".to_string()),
                    Just("co-operation".to_string()),
                    Just("O’Neill’s".to_string()),
                    Just("1,200".to_string()),
                ],
                1..40,
            ),
            pick in 0usize..1000,
            language in prop_oneof![Just(None), Just(Some("fr")), Just(Some("pl"))],
        ) {
            let text = words.join(" ");
            let analysis = Analysis::of(language);
            let mut analyzer = analysis.indexing();
            let mut stream = analyzer.token_stream(&text);
            let mut all = Vec::new();
            while stream.advance() {
                all.push(stream.token().text.clone());
            }
            if all.is_empty() {
                return Ok(());
            }
            // A term of the text and one that may be in it or not.
            let terms: BTreeSet<String> =
                [all[pick % all.len()].clone(), format!("{}s", all[(pick / 7) % all.len()])].into();
            prop_assert_eq!(
                located(analysis, &text, &terms),
                by_whole_chain(analysis, &text, &terms)
            );
        }
    }
}
