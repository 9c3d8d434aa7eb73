//! The matcher: the gazetteers' names compiled into one anchored automaton,
//! run from word starts, with the case and word-boundary checks.

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
use rustc_hash::{FxHashMap, FxHashSet};

use super::gazetteer::{self, Kind};
use super::registry::OrgRegistry;

/// One name of the automaton.
#[derive(Debug, Clone)]
struct Pattern {
    /// The name; where it has an ASCII capital the text needs one.
    text: String,
    /// Registry index of its organisation.
    org: usize,
    exact: bool,
    ctx: bool,
    noshout: bool,
}

/// A name found in text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Found {
    /// Registry index.
    pub(super) org: usize,
    /// Byte offset in its text (for ordering mentions).
    pub(super) start: usize,
    /// Counts only with another mention of its top-level organisation.
    pub(super) ctx: bool,
}

/// The compiled names. Built once, on the first extraction.
#[derive(Debug)]
pub(super) struct Matcher {
    automaton: AhoCorasick,
    patterns: Vec<Pattern>,
    /// Bit per (first byte, second byte lowercased): whether a name starts
    /// so. Most words start none and are never walked.
    starts: Box<[u64; 1024]>,
    /// The names' first words (see [`first_word`]), lowercase: a word that
    /// passes `starts` is walked only when it is one of them.
    first_words: FxHashSet<Box<[u8]>>,
}

/// Longest first word [`first_word`] keys; longer words always pass.
const MAX_FIRST_WORD: usize = 24;

/// The first word of `text` from `at`, lowercased into `buf`: its bytes up
/// to the first that is no ASCII letter or digit. A name matches text only
/// where their first words are equal (the automaton ignores ASCII case
/// only). `None` when it is longer than [`MAX_FIRST_WORD`].
#[inline]
fn first_word<'b>(text: &[u8], at: usize, buf: &'b mut [u8; MAX_FIRST_WORD]) -> Option<&'b [u8]> {
    let mut n = 0;
    for &b in text
        .get(at..)?
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
    {
        *buf.get_mut(n)? = b.to_ascii_lowercase();
        n += 1;
    }
    Some(&buf[..n])
}

/// The filter key of a name or word starting with `a`, `b`.
#[inline]
fn start_key(a: u8, b: u8) -> usize {
    (usize::from(a) << 8) | usize::from(b.to_ascii_lowercase())
}

impl Matcher {
    /// Compiles the names of the gazetteers `registry` was built from.
    pub(super) fn new(registry: &OrgRegistry) -> Self {
        let mut patterns: Vec<Pattern> = Vec::new();
        // Lowercase text → pattern index: names that differ only in case
        // are one pattern (the automaton ignores ASCII case), needing a
        // capital only where all of them have one ("NATO" and "Nato").
        let mut by_text: FxHashMap<String, usize> = FxHashMap::default();
        let mut push = |text: &str, org: usize, exact: bool, ctx: bool, noshout: bool| match by_text
            .get(&text.to_ascii_lowercase())
        {
            Some(&i) => {
                let old = &mut patterns[i];
                if old.org == org && old.text != text {
                    old.text = old
                        .text
                        .bytes()
                        .zip(text.bytes())
                        .map(|(a, b)| char::from(if a == b { a } else { a.to_ascii_lowercase() }))
                        .collect();
                    old.exact &= exact;
                }
            }
            None => {
                by_text.insert(text.to_ascii_lowercase(), patterns.len());
                patterns.push(Pattern {
                    text: text.to_string(),
                    org,
                    exact,
                    ctx,
                    noshout,
                });
            }
        };
        for row in gazetteer::rows().filter(|r| r.kind != Kind::Input) {
            if let Some(org) = registry.index(row.slug) {
                push(row.text, org, row.exact, row.ctx, row.noshout);
            }
        }
        for name in gazetteer::companies() {
            if let Some(org) = registry.index(&gazetteer::slug_of(name)) {
                push(name, org, false, false, false);
            }
        }
        // Only names of two bytes or more, starting with a letter, can be
        // found from a word start.
        patterns.retain(|p| p.text.len() >= 2 && p.text.as_bytes()[0].is_ascii_alphabetic());
        // A name that starts with a capital needs one in the text (see
        // `case_fits`), so lowercase words ("the", "central") are never
        // walked for it; a name that starts in lowercase matches either.
        let mut starts = Box::new([0u64; 1024]);
        for p in &patterns {
            let (a, b) = (p.text.as_bytes()[0], p.text.as_bytes()[1]);
            let firsts = if p.exact || a.is_ascii_uppercase() {
                [a, a]
            } else {
                [a, a.to_ascii_uppercase()]
            };
            for first in firsts {
                let key = start_key(first, b);
                starts[key / 64] |= 1 << (key % 64);
            }
        }
        let mut first_words = FxHashSet::default();
        let mut buf = [0u8; MAX_FIRST_WORD];
        for p in &patterns {
            if let Some(word) = first_word(p.text.as_bytes(), 0, &mut buf) {
                first_words.insert(Box::from(word));
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .start_kind(StartKind::Anchored)
            .build(patterns.iter().map(|p| p.text.as_str()))
            // The shipped gazetteers are compiled by every org test.
            .expect("the organisation gazetteer compiles into an automaton");
        Matcher {
            automaton,
            patterns,
            starts,
            first_words,
        }
    }

    /// Whether a word starting with these bytes may start a name.
    #[inline]
    fn may_start(&self, text: &[u8], at: usize) -> bool {
        let (Some(&a), Some(&b)) = (text.get(at), text.get(at + 1)) else {
            return false;
        };
        let key = start_key(a, b);
        self.starts[key / 64] & (1 << (key % 64)) != 0
    }

    /// Finds the names in `text` from the given word starts (increasing
    /// byte offsets); `shouting` for an all-capitals headline.
    pub(super) fn scan(
        &self,
        text: &str,
        starts: impl Iterator<Item = usize>,
        shouting: bool,
        out: &mut Vec<Found>,
    ) {
        let bytes = text.as_bytes();
        let mut resume = 0;
        let mut buf = [0u8; MAX_FIRST_WORD];
        for start in starts {
            if start < resume || !self.may_start(bytes, start) {
                continue;
            }
            if let Some(word) = first_word(bytes, start, &mut buf) {
                if !self.first_words.contains(word) {
                    continue;
                }
            }
            let input = Input::new(bytes)
                .range(start..)
                .anchored(Anchored::Yes)
                .earliest(false);
            let Some(found) = self.automaton.find(input) else {
                continue;
            };
            let end = found.end();
            let Some(p) = self.patterns.get(found.pattern().as_usize()) else {
                continue;
            };
            if !ends_word(text, end) || (shouting && p.noshout) || !case_fits(p, &bytes[start..end])
            {
                continue;
            }
            resume = end;
            out.push(Found {
                org: p.org,
                start,
                ctx: p.ctx,
            });
        }
    }
}

/// Whether the text's case fits the name: a capital wherever the name has
/// one, or exactly the name's bytes for an `exact` name.
fn case_fits(p: &Pattern, text: &[u8]) -> bool {
    let name = p.text.as_bytes();
    if p.exact {
        return name == text;
    }
    name.len() == text.len()
        && name
            .iter()
            .zip(text)
            .all(|(n, t)| !n.is_ascii_uppercase() || t.is_ascii_uppercase())
}

/// Whether `end` is a word boundary of `text` (no letter or digit follows).
fn ends_word(text: &str, end: usize) -> bool {
    match text.as_bytes().get(end) {
        None => true,
        Some(b) if b.is_ascii() => !b.is_ascii_alphanumeric(),
        Some(_) => !text
            .get(end..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(char::is_alphanumeric),
    }
}

/// The word starts of `text`: every ASCII letter not preceded by a letter,
/// a digit or a non-ASCII byte.
pub(super) fn word_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    (0..bytes.len()).filter(move |&i| {
        bytes[i].is_ascii_alphabetic()
            && (i == 0 || {
                let p = bytes[i - 1];
                p.is_ascii() && !p.is_ascii_alphanumeric()
            })
    })
}
