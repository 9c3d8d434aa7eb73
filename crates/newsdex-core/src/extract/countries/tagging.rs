//! Tagging: the mentions of countries in an article's fields, found by
//! running an anchored automaton from each word start and checked against
//! word boundaries, case and the ambiguity rules; then the document-level
//! decisions (Georgia, historical states).

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};

use super::ambiguity::{cues, followed_by_surname, is_bird, preceded_by_forename, us_marker_near};
use super::gazetteer::{self, Pattern};
use super::model::{Hit, Rule, Zone};
use super::registry::CountryRegistry;
use crate::extract::input::{floor_char_boundary, ExtractInput};
use crate::extract::words::Word;

/// The lede ends at the first paragraph break, or after this many bytes.
pub const MAX_LEDE_BYTES: usize = 600;

/// What tagging needs beyond the registry: the text patterns and their
/// automaton, and the countries the document-level rules look for. Built
/// once, on a tagger's first tagging.
#[derive(Debug)]
pub(super) struct Matcher {
    /// Anchored searches only: the longest pattern that starts at a word.
    automaton: NFA,
    /// The patterns' first bytes: most words start no pattern and are
    /// passed over without a walk through the automaton.
    prefixes: Prefixes,
    /// The first bytes of the patterns that may match a word that does not
    /// start with a capital (`anycase` ones, and `exact` ones written so):
    /// the others fail the case check there.
    uncapitalised_prefixes: Prefixes,
    /// The text patterns, in automaton order.
    patterns: Vec<Pattern>,
    /// Countries whose presence makes "Georgia" the Caucasus country.
    georgia_context: Vec<usize>,
    us: Option<usize>,
    ge: Option<usize>,
}

/// Compiles the gazetteer into one automaton, for anchored searches from
/// word starts only. A pattern never matches inside a word, so the
/// unanchored pass over every byte this replaces (a DFA of a few MiB walked
/// byte by byte, a cache miss a byte on a busy machine: 20% of all cleaning
/// and extraction on Reuters) read the text for nothing. After the prefix
/// filters about one word start in fifteen is walked, a few bytes deep, so
/// the compact contiguous NFA (a fraction of the DFA's memory, and faster
/// to build) serves as well as a DFA.
fn build_automaton(patterns: &[Pattern]) -> NFA {
    NFA::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .build(patterns.iter().map(|p| p.text.as_str()))
        // The shipped gazetteer is compiled by every tagger test.
        .expect("the country gazetteer compiles into an automaton")
}

impl Matcher {
    /// Compiles the patterns of the gazetteer whose countries `registry`
    /// holds.
    pub(super) fn new(registry: &CountryRegistry) -> Self {
        let patterns = gazetteer::patterns(registry.ids());
        Matcher {
            automaton: build_automaton(&patterns),
            prefixes: Prefixes::new(patterns.iter().map(|p| p.text.as_bytes())),
            uncapitalised_prefixes: Prefixes::new(
                patterns
                    .iter()
                    .filter(|p| {
                        p.flags.anycase || p.flags.exact && !p.text.starts_with(char::is_uppercase)
                    })
                    .map(|p| p.text.as_bytes()),
            ),
            patterns,
            georgia_context: cues()
                .georgia
                .context
                .iter()
                .filter_map(|id| registry.index(id))
                .collect(),
            us: registry.index("us"),
            ge: registry.index("ge"),
        }
    }

    /// Every accepted mention in the article, after the document-level
    /// decisions.
    pub(super) fn hits(
        &self,
        input: &ExtractInput<'_>,
        body_words: Option<&[Word<'_>]>,
        registry: &CountryRegistry,
    ) -> Vec<Hit> {
        let mut hits = Vec::new();
        if let Some(dateline) = input.dateline {
            // The last place in a dateline decides ("CANTON, Ohio" is in
            // the US): keep only the final hit of the dateline.
            let mut dl = Vec::new();
            self.scan(dateline, Zone::Dateline, word_starts(dateline), &mut dl);
            hits.extend(dl.pop());
        }
        self.scan(
            input.title,
            Zone::Title,
            word_starts(input.title),
            &mut hits,
        );
        let body = input.body;
        let lede_end = lede_end(body);
        let (lede, rest) = body.split_at(lede_end);
        match body_words {
            Some(words) => {
                // The body's words were found once for every extractor:
                // its word starts come from them.
                let mut starts = starts_of_words(body, words).peekable();
                let in_lede = std::iter::from_fn(|| starts.next_if(|&(at, _)| at < lede_end));
                self.scan(lede, Zone::Lede, in_lede, &mut hits);
                // A lede cut inside a word (at MAX_LEDE_BYTES) leaves the
                // rest of that word as a word of its own.
                let cut = rest.chars().next().filter(|c| {
                    c.is_alphanumeric()
                        && lede.chars().next_back().is_some_and(char::is_alphanumeric)
                });
                let in_rest = cut
                    .map(|c| (0, c.is_uppercase()))
                    .into_iter()
                    .chain(starts.map(|(at, capital)| (at - lede_end, capital)));
                self.scan(rest, Zone::Body, in_rest, &mut hits);
            }
            None => {
                self.scan(lede, Zone::Lede, word_starts(lede), &mut hits);
                self.scan(rest, Zone::Body, word_starts(rest), &mut hits);
            }
        }
        for caption in input.captions {
            self.scan(caption, Zone::Body, word_starts(caption), &mut hits);
        }
        self.resolve_document(&mut hits, registry);
        hits
    }

    /// The longest pattern that matches `text` at `start`: its index and
    /// where it ends.
    fn longest_at(&self, text: &[u8], start: usize) -> Option<(usize, usize)> {
        let dfa = &self.automaton;
        let mut sid = dfa.start_state(Anchored::Yes).ok()?;
        let mut found = None;
        for (at, &byte) in text.iter().enumerate().skip(start) {
            sid = dfa.next_state(Anchored::Yes, sid, byte);
            if !dfa.is_special(sid) {
                continue;
            }
            if dfa.is_dead(sid) {
                break;
            }
            if dfa.is_match(sid) {
                // A match state may also carry a shorter pattern that
                // starts later (copied along a failure transition): only
                // one that starts here counts.
                let pattern = dfa.match_pattern(sid, 0);
                let end = at + 1;
                if end - dfa.pattern_len(pattern) == start {
                    found = Some((pattern.as_usize(), end));
                }
            }
        }
        found
    }

    /// Finds the mentions in one field, given its word starts (see
    /// [`word_starts`]): the longest pattern at each word start, left to right, never overlapping (as a leftmost-longest scan
    /// of the whole text finds them, less the matches inside words, which
    /// the word-boundary check drops anyway, and less the matches that the
    /// case check drops, which no longer hide a match that starts inside
    /// them: "the united States").
    fn scan(
        &self,
        text: &str,
        zone: Zone,
        starts: impl Iterator<Item = (usize, bool)>,
        hits: &mut Vec<Hit>,
    ) {
        let mut prev_end: Option<usize> = None;
        let mut resume = 0;
        for (start, capital) in starts {
            let prefixes = if capital {
                &self.prefixes
            } else {
                &self.uncapitalised_prefixes
            };
            if start < resume || !prefixes.may_start(&text.as_bytes()[start..]) {
                continue;
            }
            let Some((index, end)) = self.longest_at(text.as_bytes(), start) else {
                continue;
            };
            resume = end;
            let Some(pattern) = self.patterns.get(index) else {
                continue;
            };
            if !on_word_boundary(text, start, end) {
                continue;
            }
            let matched = &text[start..end];
            let flags = pattern.flags;
            if flags.dateline_only && zone != Zone::Dateline {
                continue;
            }
            let case_ok = if flags.exact {
                matched == pattern.text
            } else if flags.anycase {
                true
            } else {
                matched.chars().next().is_some_and(char::is_uppercase)
            };
            if !case_ok {
                continue;
            }
            let after_country = prev_end.is_some_and(|p| text[p..start].trim().len() <= 1);
            let Some(country) = pattern.country else {
                prev_end = Some(end);
                continue; // a block
            };
            let keep = match flags.rule {
                None | Some(Rule::Georgia) => true,
                Some(Rule::Surname) => !preceded_by_forename(text, start, matched, after_country),
                Some(Rule::Forename) => !followed_by_surname(text, end, matched),
                Some(Rule::Bird) => !is_bird(text, start, end),
            };
            if !keep {
                continue;
            }
            let georgia = flags.rule == Some(Rule::Georgia);
            let country = if georgia && us_marker_near(text, start, end) {
                match self.us {
                    Some(us) => us,
                    None => continue,
                }
            } else {
                country
            };
            prev_end = Some(end);
            hits.push(Hit {
                country,
                zone: if flags.minor { Zone::Body } else { zone },
                georgia: georgia && Some(country) == self.ge,
            });
        }
    }

    /// Document-level decisions: Georgia without Caucasus context is the
    /// US state; successors of a historical state named in the document are
    /// read as that state (Moscow in a story about the Soviet Union is `su`).
    fn resolve_document(&self, hits: &mut [Hit], registry: &CountryRegistry) {
        let context = &self.georgia_context;
        let caucasus = hits
            .iter()
            .any(|h| !h.georgia && context.contains(&h.country));
        if !caucasus {
            if let Some(us) = self.us {
                for h in hits.iter_mut().filter(|h| h.georgia) {
                    h.country = us;
                }
            }
        }
        for (hist, succ) in registry.successors() {
            if hits.iter().any(|h| h.country == *hist) {
                for h in hits.iter_mut().filter(|h| succ.contains(&h.country)) {
                    h.country = *hist;
                }
            }
        }
    }
}

/// Where the lede (first paragraph) of a body ends: at the first blank line
/// or indented line (the wire's paragraph mark), or after
/// [`MAX_LEDE_BYTES`].
fn lede_end(body: &str) -> usize {
    let cap = floor_char_boundary(body, MAX_LEDE_BYTES);
    let head = &body[..cap];
    let mut search = 0;
    while let Some(rel) = head[search..].find('\n') {
        let nl = search + rel;
        let next = head[nl + 1..].chars().next();
        if matches!(next, Some('\n' | ' ' | '\t')) && !head[..nl].trim().is_empty() {
            return nl;
        }
        search = nl + 1;
    }
    cap
}

/// The first [`Prefixes::LEN`] bytes of every pattern (all of a shorter
/// one), ASCII-lowercased, hashed into a bit set of 8 KiB: a filter that
/// stays in the L1 cache, where the automaton's table does not (a walk
/// through it from every word start cost more than all other tagging).
#[derive(Debug)]
struct Prefixes {
    bits: Vec<u64>,
    /// Bit `n` set when some pattern is `n` bytes long and shorter than
    /// [`Prefixes::LEN`], or `n` is [`Prefixes::LEN`].
    lengths: u8,
}

impl Prefixes {
    /// Bytes of a pattern's prefix.
    const LEN: usize = 4;
    /// Bits of the set (2^16).
    const BITS: u32 = 16;

    fn new<'a>(patterns: impl Iterator<Item = &'a [u8]>) -> Self {
        let mut prefixes = Prefixes {
            bits: vec![0; (1 << Self::BITS) / 64],
            lengths: 0,
        };
        for pattern in patterns {
            let n = pattern.len().min(Self::LEN);
            if n == 0 {
                continue;
            }
            let slot = Self::slot_of(&pattern[..n]);
            prefixes.bits[slot / 64] |= 1 << (slot % 64);
            prefixes.lengths |= 1 << n;
        }
        prefixes
    }

    /// The bit of the prefix packed in `key` (see [`Self::pack`]), `n`
    /// bytes long.
    fn slot(key: u64, n: usize) -> usize {
        let key = key | (n as u64) << 40;
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - Self::BITS)) as usize
    }

    /// `key` extended by one byte, ASCII-lowercased.
    fn pack(key: u64, byte: u8) -> u64 {
        key << 8 | u64::from(byte.to_ascii_lowercase())
    }

    fn slot_of(prefix: &[u8]) -> usize {
        Self::slot(
            prefix.iter().fold(0, |key, &b| Self::pack(key, b)),
            prefix.len(),
        )
    }

    /// Whether some pattern may match at the start of `text` (false only
    /// when none can).
    fn may_start(&self, text: &[u8]) -> bool {
        let mut key = 0;
        for (i, &byte) in text.iter().take(Self::LEN).enumerate() {
            key = Self::pack(key, byte);
            let n = i + 1;
            if self.lengths & (1 << n) != 0 {
                let slot = Self::slot(key, n);
                if self.bits[slot / 64] & (1 << (slot % 64)) != 0 {
                    return true;
                }
            }
        }
        false
    }
}

/// The byte offsets of the alphanumeric chars that follow a char that is
/// not (or start the text): where a word starts; with whether that char is
/// a capital. Runs of ASCII bytes are skipped without decoding.
fn word_starts(text: &str) -> impl Iterator<Item = (usize, bool)> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut previous_alphanumeric = false;
    std::iter::from_fn(move || {
        loop {
            // The rest of the current run: inside a word or between words.
            while let Some(&byte) = bytes.get(at) {
                if !byte.is_ascii() || byte.is_ascii_alphanumeric() != previous_alphanumeric {
                    break;
                }
                at += 1;
            }
            let &byte = bytes.get(at)?;
            let start = at;
            let (alphanumeric, capital) = if byte.is_ascii() {
                at += 1;
                (byte.is_ascii_alphanumeric(), byte.is_ascii_uppercase())
            } else {
                let c = text.get(at..)?.chars().next()?;
                at += c.len_utf8();
                (c.is_alphanumeric(), c.is_uppercase())
            };
            let starts = alphanumeric && !previous_alphanumeric;
            previous_alphanumeric = alphanumeric;
            if starts {
                return Some((start, capital));
            }
        }
    })
}

/// The word starts of `text` (see [`word_starts`]) from its words (see
/// [`tokenize`](crate::extract::words::tokenize)): where each word starts,
/// and where an inner mark ("Thomas-Greenfield", "U.S", "O'Brien") is
/// followed by more of it.
fn starts_of_words<'a>(
    text: &'a str,
    words: &'a [Word<'a>],
) -> impl Iterator<Item = (usize, bool)> + 'a {
    words.iter().flat_map(move |word| {
        let inner = word
            .inner_mark
            .then(|| {
                let span = &text[word.start..word.end];
                span.char_indices()
                    .filter(|&(_, c)| matches!(c, '-' | '\'' | '’' | '.'))
                    .filter_map(move |(i, c)| {
                        let next = word.start + i + c.len_utf8();
                        let after = text[next..].chars().next()?;
                        (next < word.end && after.is_alphanumeric())
                            .then(|| (next, after.is_uppercase()))
                    })
            })
            .into_iter()
            .flatten();
        std::iter::once((word.start, word.capital)).chain(inner)
    })
}

/// Whether `text[start..end]` stands as whole words.
fn on_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let last = text[..end].chars().next_back();
    let before_ok = before.is_none_or(|c| !c.is_alphanumeric());
    // "U.S." ends in a dot: what follows may be anything but a letter.
    let after_ok = after.is_none_or(|c| !c.is_alphanumeric())
        || last == Some('.') && after.is_some_and(|c| !c.is_alphabetic());
    before_ok && after_ok
}
