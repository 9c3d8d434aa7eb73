//! `NewsTokenizer`: splits news text into words and applies the spelling
//! rules of [`super::variants`] before lowercasing.
//!
//! Rules, in the order they apply:
//! - A word is a run of letters and digits, joined across apostrophes
//!   ("Israel’s"), hyphens ("cease-fire", "Thomas-Greenfield") and digit
//!   separators ("1,200" → `1200`).
//! - Dotted acronyms are one word ("U.N.", "U.S.-led"), folded as
//!   they are read ("U.N." → `un`; "US", "U.S.", "USA" → `usa`).
//! - A hyphenated word is one token, its parts joined ("cease-fire" →
//!   `ceasefire`), so it equals the solid spelling. In index mode each part
//!   is also emitted at the same position, so "Greenfield" finds
//!   "Thomas-Greenfield" while phrases keep one position per word.
//! - Multi-word variants fold to one token ("cease fire" → `ceasefire`).
//! - Words longer than [`MAX_WORD_BYTES`] are dropped (no position).
//! - Positions carry sentences and paragraphs ([`super::positions`]): a
//!   sentence end between two words adds one to the position step, a blank
//!   line starts a new paragraph slot; a multi-word variant is never folded
//!   across either.
//!
//! The tokenizer is on the indexing hot path and must not grow with its
//! input: it streams, reading one word ahead of the current one only as far
//! as the longest variant needs, and keeps its few buffers (the current
//! word's tokens and parts, the words ahead) between texts, so after warm-up
//! it allocates nothing per word and holds the same few hundred bytes for a
//! 32 MB text as for a headline.

use std::collections::VecDeque;
use std::ops::Range;
use std::sync::Arc;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::positions::{boundary_between, Boundary, PositionCounter};
use super::variants::VariantTable;

/// Longest word indexed, in bytes; longer runs (base64, URLs with no
/// separators, garbage) are skipped so they cannot bloat the term dictionary.
pub const MAX_WORD_BYTES: usize = 64;

/// Tokenizer for news text. See the module docs for its rules.
#[derive(Clone, Debug)]
pub struct NewsTokenizer {
    variants: Arc<VariantTable>,
    emit_parts: bool,
    buffers: Buffers,
}

/// Buffers reused between words and texts; their size is bounded by
/// [`MAX_WORD_BYTES`] and the longest variant, never by the text.
#[derive(Clone, Debug, Default)]
struct Buffers {
    /// Token slots; the current word's tokens are the first few.
    tokens: Vec<Token>,
    /// The current word and the words after it that a variant may span.
    ahead: VecDeque<WordSpan>,
    /// The current word's hyphen-separated parts (at most
    /// `MAX_WORD_BYTES + 1`: a word with more is too long anyway).
    parts: Vec<Range<usize>>,
    /// Normalised words ahead, for variant folding.
    scratch: Vec<String>,
}

/// A word: its byte range, whether it has a single part (no hyphen), and
/// what separates it from the word before.
#[derive(Clone, Debug)]
struct WordSpan {
    bytes: Range<usize>,
    single: bool,
    boundary: Boundary,
}

impl NewsTokenizer {
    /// Tokenizer for indexing: hyphenated words also yield their parts.
    pub fn for_indexing(variants: Arc<VariantTable>) -> Self {
        NewsTokenizer {
            variants,
            emit_parts: true,
            buffers: Buffers::default(),
        }
    }

    /// Tokenizer for queries: one token per word, so a phrase has exactly one
    /// term per position.
    pub fn for_queries(variants: Arc<VariantTable>) -> Self {
        NewsTokenizer {
            emit_parts: false,
            ..Self::for_indexing(variants)
        }
    }
}

/// The token slots of one word.
struct TokenSink<'t> {
    tokens: &'t mut Vec<Token>,
    len: usize,
}

impl TokenSink<'_> {
    /// Starts a new token and returns its (cleared) text buffer.
    fn push(&mut self, bytes: Range<usize>, position: usize) -> &mut String {
        if self.len == self.tokens.len() {
            self.tokens.push(Token::default());
        }
        let token = &mut self.tokens[self.len];
        self.len += 1;
        token.offset_from = bytes.start;
        token.offset_to = bytes.end;
        token.position = position;
        token.position_length = 1;
        token.text.clear();
        &mut token.text
    }

    /// Drops the last token (empty or too long).
    fn pop(&mut self) {
        self.len -= 1;
    }

    /// Emits each part of a hyphenated word at `position`.
    fn push_parts(&mut self, text: &str, parts: &[Range<usize>], position: usize) {
        for range in parts {
            let buffer = self.push(range.clone(), position);
            normalize_part(&text[range.clone()], buffer);
            if buffer.is_empty() || buffer.len() > MAX_WORD_BYTES {
                self.pop();
            }
        }
    }
}

/// Tries to fold the words starting at `words[0]` (normalised to `first`)
/// into a multi-word variant; returns the words consumed and the canonical
/// token.
fn fold_variant<'v>(
    variants: &'v VariantTable,
    text: &str,
    words: &[WordSpan],
    first: &str,
    scratch: &mut Vec<String>,
) -> Option<(usize, &'v str)> {
    let mut count = 1;
    while count < variants.max_words() && count < words.len() {
        let word = &words[count];
        // A variant is never folded across a sentence end.
        if !word.single || word.boundary != Boundary::None {
            break;
        }
        if scratch.len() < count {
            scratch.push(String::new());
        }
        let buffer = &mut scratch[count - 1];
        buffer.clear();
        normalize_part(&text[word.bytes.clone()], buffer);
        count += 1;
    }
    let mut window: Vec<&str> = Vec::with_capacity(count);
    window.push(first);
    window.extend(scratch[..count - 1].iter().map(String::as_str));
    variants.fold(&window)
}

/// Stream over the tokens of one text, produced a word at a time.
pub struct NewsTokenStream<'a> {
    text: &'a str,
    variants: &'a VariantTable,
    emit_parts: bool,
    buffers: &'a mut Buffers,
    /// Byte offset where the search for the next word (after those in
    /// `buffers.ahead`) starts.
    cursor: usize,
    /// Whether a word was scanned already (the first has no boundary).
    scanned: bool,
    /// Where the next word goes (see [`super::positions`]).
    counter: PositionCounter,
    /// The current word's tokens are `buffers.tokens[..len]`; `index` of
    /// them have been returned.
    len: usize,
    index: usize,
}

impl TokenStream for NewsTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if self.index < self.len {
            self.index += 1;
            return true;
        }
        while self.next_word() {
            if self.len > 0 {
                self.index = 1;
                return true;
            }
        }
        false
    }

    // Like every tantivy token stream, `token()` is only valid after
    // `advance()` returned true.
    fn token(&self) -> &Token {
        &self.buffers.tokens[self.index - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.buffers.tokens[self.index - 1]
    }
}

impl NewsTokenStream<'_> {
    /// Tokenizes the next word (or multi-word variant) into the token
    /// slots; `false` at the end of the text. A word too long to index
    /// leaves no token (and takes no position).
    fn next_word(&mut self) -> bool {
        let text = self.text;
        let Buffers {
            tokens,
            ahead,
            parts,
            scratch,
        } = &mut *self.buffers;
        self.len = 0;
        self.index = 0;
        while ahead.len() < self.variants.max_words().max(1) {
            match scan_word(text, self.cursor) {
                Some(mut word) => {
                    if self.scanned {
                        word.boundary = boundary_between(text, self.cursor, word.bytes.start);
                    }
                    self.scanned = true;
                    self.cursor = word.bytes.end;
                    ahead.push_back(word);
                }
                None => {
                    self.cursor = text.len();
                    break;
                }
            }
        }
        let Some(word) = ahead.front().cloned() else {
            return false;
        };
        word_parts(text, word.bytes.start, parts);
        self.counter.cross(word.boundary);
        let position = self.counter.position() as usize;
        let mut sink = TokenSink { tokens, len: 0 };
        let buffer = sink.push(word.bytes.clone(), position);
        for range in parts.iter() {
            normalize_part(&text[range.clone()], buffer);
            if buffer.len() > MAX_WORD_BYTES {
                break;
            }
        }
        if buffer.len() > MAX_WORD_BYTES || buffer.is_empty() {
            ahead.pop_front();
            return true;
        }
        if word.single && self.variants.max_words() > 1 && self.variants.is_head(buffer) {
            let first = std::mem::take(buffer);
            let folded = fold_variant(
                self.variants,
                text,
                ahead.make_contiguous(),
                &first,
                scratch,
            );
            match folded {
                Some((consumed, canonical)) => {
                    let token = &mut sink.tokens[0];
                    token.text.clear();
                    token.text.push_str(canonical);
                    token.offset_to = ahead[consumed - 1].bytes.end;
                    if self.emit_parts {
                        // Each folded word is a single part.
                        for folded_word in ahead.iter().take(consumed) {
                            sink.push_parts(
                                text,
                                std::slice::from_ref(&folded_word.bytes),
                                position,
                            );
                        }
                    }
                    ahead.drain(..consumed);
                    self.counter.advance();
                    self.len = sink.len;
                    return true;
                }
                None => sink.tokens[0].text = first,
            }
        }
        if self.emit_parts && parts.len() > 1 {
            sink.push_parts(text, parts, position);
        }
        ahead.pop_front();
        self.counter.advance();
        self.len = sink.len;
        true
    }
}

impl Tokenizer for NewsTokenizer {
    type TokenStream<'a> = NewsTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> NewsTokenStream<'a> {
        self.buffers.ahead.clear();
        NewsTokenStream {
            text,
            variants: &self.variants,
            emit_parts: self.emit_parts,
            buffers: &mut self.buffers,
            cursor: 0,
            scanned: false,
            counter: PositionCounter::default(),
            len: 0,
            index: 0,
        }
    }
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

/// The char starting at byte `i`, if any (`None` past the end and inside
/// a multi-byte char). An ASCII byte is its own char, without decoding.
#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    match text.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        Some(_) => text.get(i..).and_then(|rest| rest.chars().next()),
        None => None,
    }
}

/// The next word of `text` at or after byte `from` (a char boundary). A
/// word is a run of parts joined by hyphens, each part starting with a
/// letter or digit. Never panics; the range is on char boundaries.
fn scan_word(text: &str, from: usize) -> Option<WordSpan> {
    let mut i = from;
    let bytes = text.as_bytes();
    // ASCII separators (spaces, punctuation) skipped a byte at a time.
    while bytes
        .get(i)
        .is_some_and(|b| b.is_ascii() && !b.is_ascii_alphanumeric())
    {
        i += 1;
    }
    loop {
        let c = char_at(text, i)?;
        if c.is_alphanumeric() {
            break;
        }
        i += c.len_utf8();
    }
    let start = i;
    let mut count = 0usize;
    loop {
        i = scan_part(text, i);
        count += 1;
        match hyphen_then_part(text, i) {
            Some(next) => i = next,
            None => break,
        }
    }
    Some(WordSpan {
        bytes: start..i,
        single: count == 1,
        boundary: Boundary::None,
    })
}

/// The parts of the word starting at byte `start`, at most
/// `MAX_WORD_BYTES + 1` of them (every part adds at least a byte to the
/// joined word, so a word with more is too long to index).
fn word_parts(text: &str, start: usize, parts: &mut Vec<Range<usize>>) {
    parts.clear();
    let mut i = start;
    while parts.len() <= MAX_WORD_BYTES {
        let end = scan_part(text, i);
        parts.push(i..end);
        match hyphen_then_part(text, end) {
            Some(next) => i = next,
            None => break,
        }
    }
}

/// When a hyphen at byte `i` is followed by a letter or digit, the byte
/// where that next part starts.
fn hyphen_then_part(text: &str, i: usize) -> Option<usize> {
    let h = char_at(text, i).filter(|c| is_hyphen(*c))?;
    let after = i + h.len_utf8();
    char_at(text, after)
        .is_some_and(char::is_alphanumeric)
        .then_some(after)
}

/// Scans one hyphen-free part starting at `start` (an alphanumeric char);
/// returns the byte index just past it.
fn scan_part(text: &str, start: usize) -> usize {
    let is_upper = |i: usize| char_at(text, i).is_some_and(char::is_uppercase);
    let is_dot = |i: usize| text.as_bytes().get(i) == Some(&b'.');
    let is_alnum = |i: usize| char_at(text, i).is_some_and(char::is_alphanumeric);
    let len_at = |i: usize| char_at(text, i).map_or(1, char::len_utf8);
    // Dotted acronym: L.L. or L.L.L. (upper-case letters), final dot optional.
    if is_upper(start) && is_dot(start + len_at(start)) {
        let second = start + len_at(start) + 1;
        if is_upper(second) && !is_alnum(second + len_at(second)) {
            let mut i = start;
            while is_upper(i) && !is_alnum(i + len_at(i)) {
                i += len_at(i);
                if is_dot(i) {
                    i += 1;
                } else {
                    break;
                }
            }
            return i;
        }
    }
    let bytes = text.as_bytes();
    let mut i = start;
    loop {
        // ASCII letters and digits a byte at a time; anything else (a
        // joining apostrophe or digit separator, a non-ASCII char, the end)
        // through the char rules below.
        while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
            i += 1;
        }
        let Some(c) = char_at(text, i) else { break };
        let width = c.len_utf8();
        let joins_word = is_apostrophe(c) && i > start && is_alnum(i + width);
        let joins_number = (c == ',' || c == '.')
            && i > start
            && bytes[i - 1].is_ascii_digit()
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        if c.is_alphanumeric() || joins_word || joins_number {
            i += width;
        } else {
            break;
        }
    }
    i
}

/// Appends the normalised form of one part to `out`: acronyms folded
/// ("U.N." → `un`; "US", "U.S.", "USA" → `usa`), lower case, curly
/// apostrophes straightened, digit group commas dropped.
fn normalize_part(raw: &str, out: &mut String) {
    let start = out.len();
    let dotted_acronym =
        raw.len() >= 3 && raw.contains('.') && raw.chars().all(|c| c == '.' || c.is_uppercase());
    // Stop once the part is too long to index: the token is dropped anyway,
    // and a 32 MB "word" must not become a 32 MB buffer.
    let too_long = |out: &String| out.len() - start > MAX_WORD_BYTES;
    if raw.is_ascii() && !raw.bytes().any(|b| b == b',' || b == b'.') {
        // Letters, digits and straight apostrophes: copied whole (up to one
        // byte past the limit, as the loop below stops), then lowercased.
        let kept = raw.get(..raw.len().min(MAX_WORD_BYTES + 1)).unwrap_or(raw);
        out.push_str(kept);
        if let Some(part) = out.get_mut(start..) {
            part.make_ascii_lowercase();
        }
    } else if raw.is_ascii() {
        for b in raw.bytes() {
            if too_long(out) {
                return;
            }
            match b {
                b',' => {}
                b'.' if dotted_acronym => {}
                _ => out.push(b.to_ascii_lowercase() as char),
            }
        }
    } else {
        for c in raw.chars() {
            if too_long(out) {
                return;
            }
            match c {
                '\u{2019}' => out.push('\''),
                ',' => {}
                '.' if dotted_acronym => {}
                _ => out.extend(c.to_lowercase()),
            }
        }
    }
    // The United States in capitals (never the pronoun "us"/"Us").
    let upper_us = raw == "US" || (dotted_acronym && &out[start..] == "us");
    if upper_us || &out[start..] == "usa" && raw.chars().all(|c| c == '.' || c.is_uppercase()) {
        out.truncate(start);
        out.push_str("usa");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scanners as first written, a char at a time: the reference the
    /// byte-at-a-time ASCII paths are checked against.
    mod by_chars {
        use super::super::{hyphen_then_part, is_apostrophe};

        fn char_at(text: &str, i: usize) -> Option<char> {
            text.get(i..).and_then(|rest| rest.chars().next())
        }

        pub fn scan_word(text: &str, from: usize) -> Option<(usize, usize)> {
            let mut i = from;
            loop {
                let c = char_at(text, i)?;
                if c.is_alphanumeric() {
                    break;
                }
                i += c.len_utf8();
            }
            let start = i;
            loop {
                i = scan_part(text, i);
                match hyphen_then_part(text, i) {
                    Some(next) => i = next,
                    None => break,
                }
            }
            Some((start, i))
        }

        pub fn scan_part(text: &str, start: usize) -> usize {
            let is_upper = |i: usize| char_at(text, i).is_some_and(char::is_uppercase);
            let is_dot = |i: usize| text.as_bytes().get(i) == Some(&b'.');
            let is_alnum = |i: usize| char_at(text, i).is_some_and(char::is_alphanumeric);
            let len_at = |i: usize| char_at(text, i).map_or(1, char::len_utf8);
            if is_upper(start) && is_dot(start + len_at(start)) {
                let second = start + len_at(start) + 1;
                if is_upper(second) && !is_alnum(second + len_at(second)) {
                    let mut i = start;
                    while is_upper(i) && !is_alnum(i + len_at(i)) {
                        i += len_at(i);
                        if is_dot(i) {
                            i += 1;
                        } else {
                            break;
                        }
                    }
                    return i;
                }
            }
            let bytes = text.as_bytes();
            let mut i = start;
            while let Some(c) = char_at(text, i) {
                let width = c.len_utf8();
                let joins_word = is_apostrophe(c) && i > start && is_alnum(i + width);
                let joins_number = (c == ',' || c == '.')
                    && i > start
                    && bytes[i - 1].is_ascii_digit()
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
                if c.is_alphanumeric() || joins_word || joins_number {
                    i += width;
                } else {
                    break;
                }
            }
            i
        }
    }

    /// `normalize_part` as first written (every ASCII byte pushed one at a
    /// time).
    fn normalize_by_bytes(raw: &str, out: &mut String) {
        let start = out.len();
        let dotted_acronym = raw.len() >= 3
            && raw.contains('.')
            && raw.chars().all(|c| c == '.' || c.is_uppercase());
        let too_long = |out: &String| out.len() - start > MAX_WORD_BYTES;
        if raw.is_ascii() {
            for b in raw.bytes() {
                if too_long(out) {
                    return;
                }
                match b {
                    b',' => {}
                    b'.' if dotted_acronym => {}
                    _ => out.push(b.to_ascii_lowercase() as char),
                }
            }
        } else {
            for c in raw.chars() {
                if too_long(out) {
                    return;
                }
                match c {
                    '\u{2019}' => out.push('\''),
                    ',' => {}
                    '.' if dotted_acronym => {}
                    _ => out.extend(c.to_lowercase()),
                }
            }
        }
        let upper_us = raw == "US" || (dotted_acronym && &out[start..] == "us");
        if upper_us || &out[start..] == "usa" && raw.chars().all(|c| c == '.' || c.is_uppercase()) {
            out.truncate(start);
            out.push_str("usa");
        }
    }

    proptest::proptest! {
        #[test]
        fn ascii_normalisation_copies_as_the_byte_at_a_time_loop(
            prefix in "[a-z]{0,3}",
            raw in "([a-zA-Z0-9']{1,30}|US|USA|U\\.S\\.|U\\.N\\.|1,200|3\\.5|[A-Z]{70}|é|’){1,4}"
        ) {
            let (mut ours, mut theirs) = (prefix.clone(), prefix);
            normalize_part(&raw, &mut ours);
            normalize_by_bytes(&raw, &mut theirs);
            proptest::prop_assert_eq!(ours, theirs);
        }

        #[test]
        fn ascii_fast_paths_scan_as_the_char_at_a_time_scanner(
            text in "([a-zA-Z0-9]{1,6}|[ .,'’\\-]|U\\.S\\.|1,200|é|ß|İ|Ω|٣|\u{2010}|\u{a0}){0,40}"
        ) {
            let mut from = 0;
            loop {
                let ours = scan_word(&text, from).map(|w| (w.bytes.start, w.bytes.end));
                proptest::prop_assert_eq!(ours, by_chars::scan_word(&text, from));
                let Some((start, end)) = ours else { break };
                proptest::prop_assert_eq!(scan_part(&text, start), by_chars::scan_part(&text, start));
                from = end;
            }
        }
    }

    fn texts(tokenizer: &mut NewsTokenizer, text: &str) -> Vec<(String, usize)> {
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            assert!(text.is_char_boundary(t.offset_from) && text.is_char_boundary(t.offset_to));
            out.push((
                t.text.clone(),
                t.position / super::super::positions::WORD_STEP as usize,
            ));
        }
        out
    }

    fn raw_positions(tokenizer: &mut NewsTokenizer, text: &str) -> Vec<(String, u32)> {
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.position as u32));
        }
        out
    }

    #[test]
    fn sentences_and_paragraphs_move_positions() {
        use super::super::positions::{encode, LAST_POSITION, MAX_PARAGRAPHS};
        let q = &mut query();
        let got = raw_positions(q, "Mr. Kirby spoke. Then U.N. staff left.\n\nLater, talks.");
        let want: Vec<(String, u32)> = [
            ("mr", encode(0, 0, 0)),
            ("kirby", encode(0, 1, 0)),
            ("spoke", encode(0, 2, 0)),
            ("then", encode(0, 3, 1)),
            ("un", encode(0, 4, 1)),
            ("staff", encode(0, 5, 1)),
            ("left", encode(0, 6, 1)),
            ("later", encode(1, 0, 0)),
            ("talks", encode(1, 1, 0)),
        ]
        .iter()
        .map(|(t, p)| (t.to_string(), *p))
        .collect();
        assert_eq!(got, want);
        // A variant is not folded across a sentence end.
        let got = texts(q, "They agreed to cease. Fire broke out.");
        assert!(got.iter().any(|(t, _)| t == "cease"), "{got:?}");
        // A long text's positions saturate instead of overflowing u32.
        let text = "a\n\n".repeat(MAX_PARAGRAPHS as usize + 2);
        let last = raw_positions(q, &text).last().unwrap().1;
        assert_eq!(last, LAST_POSITION);
    }

    fn index() -> NewsTokenizer {
        NewsTokenizer::for_indexing(Arc::new(VariantTable::shipped()))
    }

    fn query() -> NewsTokenizer {
        NewsTokenizer::for_queries(Arc::new(VariantTable::shipped()))
    }

    fn owned(v: &[(&str, usize)]) -> Vec<(String, usize)> {
        v.iter().map(|(s, p)| (s.to_string(), *p)).collect()
    }

    #[test]
    fn ceasefire_spellings_give_one_token_at_one_position() {
        let q = &mut query();
        let want = owned(&[("immediate", 0), ("ceasefire", 1), ("now", 2)]);
        assert_eq!(texts(q, "immediate ceasefire now"), want);
        assert_eq!(texts(q, "immediate cease-fire now"), want);
        assert_eq!(texts(q, "Immediate Cease Fire now"), want);
    }

    #[test]
    fn index_mode_adds_parts_at_the_same_position() {
        let got = texts(&mut index(), "Linda Thomas-Greenfield said");
        assert_eq!(
            got,
            owned(&[
                ("linda", 0),
                ("thomasgreenfield", 1),
                ("thomas", 1),
                ("greenfield", 1),
                ("said", 2)
            ])
        );
    }

    #[test]
    fn acronyms() {
        let q = &mut query();
        assert_eq!(
            texts(q, "the U.S.-led draft"),
            owned(&[("the", 0), ("usaled", 1), ("draft", 2)])
        );
        assert_eq!(
            texts(q, "U.N. and UN"),
            owned(&[("un", 0), ("and", 1), ("un", 2)])
        );
        assert_eq!(
            texts(q, "US told us"),
            owned(&[("usa", 0), ("told", 1), ("us", 2)])
        );
        assert_eq!(
            texts(q, "Antony J. Blinken"),
            owned(&[("antony", 0), ("j", 1), ("blinken", 2)])
        );
    }

    #[test]
    fn numbers_apostrophes_and_long_words() {
        let q = &mut query();
        assert_eq!(
            texts(q, "1,200 people"),
            owned(&[("1200", 0), ("people", 1)])
        );
        assert_eq!(texts(q, "Israel’s"), owned(&[("israel's", 0)]));
        let long = "x".repeat(MAX_WORD_BYTES + 1);
        assert_eq!(
            texts(q, &format!("a {long} b")),
            owned(&[("a", 0), ("b", 1)])
        );
    }

    /// Counts the tokens of `text`, as tantivy's indexer consumes them.
    fn count(tokenizer: &mut NewsTokenizer, text: &str) -> usize {
        let mut stream = tokenizer.token_stream(text);
        let mut n = 0;
        while stream.advance() {
            n += 1;
        }
        n
    }

    /// Issue 13, item 5: one 8 MB file of "a " peaked at 660 MB while being
    /// indexed. The tokenizer collected every token of a text (about 130
    /// bytes per word) in buffers it kept afterwards, in each indexing
    /// thread. It streams now: what it holds does not depend on the text.
    #[test]
    fn memory_does_not_grow_with_the_text() {
        use crate::growth::{assert_linear, measure};
        for (shape, unit) in [
            ("short words", "a "),
            ("hyphen chains", "a-"),
            ("one long word", "a"),
            ("variant heads", "cease "),
        ] {
            let mut tokenizer = index();
            let text = unit.repeat((1 << 20) / unit.len());
            count(&mut tokenizer, "warm-up cease fire");
            let (_, peak, tokens) = measure(|| count(&mut tokenizer, &text));
            assert!(
                peak < 16 * 1024,
                "{shape}: {peak} bytes held to tokenize 1 MiB ({tokens} tokens)"
            );
            // The buffers kept between texts stay as small.
            let (_, peak, _) = measure(|| count(&mut tokenizer, "after"));
            assert!(peak < 16 * 1024, "{shape}");
            assert_linear(
                &format!("tokenizer on {shape}"),
                1 << 18,
                |n| unit.repeat(n / unit.len()),
                |text| {
                    std::hint::black_box(count(&mut index(), text));
                },
            );
        }
    }

    #[test]
    fn streams_across_variant_lookahead_and_long_words() {
        let q = &mut query();
        let long = "y".repeat(100_000);
        assert_eq!(
            texts(q, &format!("cease {long} fire cease fire")),
            owned(&[("cease", 0), ("fire", 1), ("ceasefire", 2)])
        );
        let chain = vec!["b"; MAX_WORD_BYTES + 5].join("-");
        assert_eq!(
            texts(&mut index(), &format!("a {chain} c-d")),
            owned(&[("a", 0), ("cd", 1), ("c", 1), ("d", 1)])
        );
    }

    #[test]
    fn odd_input_never_panics() {
        let q = &mut query();
        for text in [
            "",
            "-",
            "U.",
            "U.S",
            "a-",
            "-a",
            "’s",
            "1,",
            "é-ü",
            "\u{0}x\u{200f}y",
            "🙂-🙂",
        ] {
            texts(q, text);
            texts(&mut index(), text);
        }
    }
}
