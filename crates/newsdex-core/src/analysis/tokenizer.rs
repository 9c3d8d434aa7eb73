//! `NewsTokenizer`: splits news text into words and applies the spelling
//! rules of [`super::variants`] before lowercasing.
//!
//! Rules, in the order they apply:
//! - A word is a run of letters and digits, joined across apostrophes
//!   ("Israel’s"), hyphens ("cease-fire", "Thomas-Greenfield") and digit
//!   separators ("1,200" → `1200`).
//! - Dotted acronyms are one word ("U.N.", "U.S.-led"), folded by
//!   [`super::variants::fold_acronym`].
//! - A hyphenated word is one token, its parts joined ("cease-fire" →
//!   `ceasefire`), so it equals the solid spelling. In index mode each part
//!   is also emitted at the same position, so "Greenfield" finds
//!   "Thomas-Greenfield" while phrases keep one position per word.
//! - Multi-word variants fold to one token ("cease fire" → `ceasefire`).
//! - Words longer than [`MAX_WORD_BYTES`] are dropped (no position).
//!
//! The tokenizer is on the indexing hot path: it keeps its buffers (word and
//! part spans, token strings) between texts, so after warm-up it allocates
//! nothing per word.

use std::ops::Range;
use std::sync::Arc;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::variants::VariantTable;

/// Longest word indexed, in bytes; longer runs (base64, URLs with no
/// separators, garbage) are skipped so they cannot bloat the term dictionary.
pub const MAX_WORD_BYTES: usize = 64;

/// Tokenizer for news text. See the module docs for its rules.
#[derive(Clone, Debug)]
pub struct NewsTokenizer {
    variants: Arc<VariantTable>,
    emit_parts: bool,
    /// Token buffers; the first `len` are the current text's tokens.
    tokens: Vec<Token>,
    len: usize,
    words: Vec<WordSpan>,
    parts: Vec<Range<usize>>,
    scratch: Vec<String>,
}

/// A word: its byte range and the range of its parts in `parts`.
#[derive(Clone, Debug)]
struct WordSpan {
    bytes: Range<usize>,
    parts: Range<usize>,
}

impl NewsTokenizer {
    /// Tokenizer for indexing: hyphenated words also yield their parts.
    pub fn for_indexing(variants: Arc<VariantTable>) -> Self {
        NewsTokenizer {
            variants,
            emit_parts: true,
            tokens: Vec::new(),
            len: 0,
            words: Vec::new(),
            parts: Vec::new(),
            scratch: Vec::new(),
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

/// Token buffers for one text: reused between texts.
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
        if word.parts.len() != 1 {
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

/// Stream over the tokens of one text.
pub struct NewsTokenStream<'a> {
    tokens: &'a mut [Token],
    index: usize,
}

impl TokenStream for NewsTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if self.index < self.tokens.len() {
            self.index += 1;
            true
        } else {
            false
        }
    }

    // Like every tantivy token stream, `token()` is only valid after
    // `advance()` returned true.
    fn token(&self) -> &Token {
        &self.tokens[self.index - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.index - 1]
    }
}

impl Tokenizer for NewsTokenizer {
    type TokenStream<'a> = NewsTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> NewsTokenStream<'a> {
        let NewsTokenizer {
            variants,
            emit_parts,
            tokens,
            len,
            words,
            parts,
            scratch,
        } = self;
        split_words(text, words, parts);
        let check_variants = variants.max_words() > 1;
        let mut sink = TokenSink { tokens, len: 0 };
        let mut position = 0usize;
        let mut w = 0;
        while w < words.len() {
            let word = &words[w];
            let word_parts = &parts[word.parts.clone()];
            let token_index = sink.len;
            let buffer = sink.push(word.bytes.clone(), position);
            for range in word_parts {
                normalize_part(&text[range.clone()], buffer);
            }
            if buffer.len() > MAX_WORD_BYTES || buffer.is_empty() {
                sink.pop();
                w += 1;
                continue;
            }
            if word_parts.len() == 1 && check_variants && variants.is_head(buffer) {
                let first = std::mem::take(buffer);
                let folded = fold_variant(variants, text, &words[w..], &first, scratch);
                let token = &mut sink.tokens[token_index];
                match folded {
                    Some((consumed, canonical)) => {
                        token.text.clear();
                        token.text.push_str(canonical);
                        token.offset_to = words[w + consumed - 1].bytes.end;
                        if *emit_parts {
                            for k in w..w + consumed {
                                sink.push_parts(text, &parts[words[k].parts.clone()], position);
                            }
                        }
                        position += 1;
                        w += consumed;
                        continue;
                    }
                    None => token.text = first,
                }
            }
            if *emit_parts && word_parts.len() > 1 {
                sink.push_parts(text, word_parts, position);
            }
            position += 1;
            w += 1;
        }
        *len = sink.len;
        NewsTokenStream {
            tokens: &mut self.tokens[..*len],
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

/// The char starting at byte `i`, if any.
fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|rest| rest.chars().next())
}

/// Splits `text` into words and their hyphen-separated parts (byte ranges).
/// Never panics; every range is on char boundaries.
fn split_words(text: &str, words: &mut Vec<WordSpan>, parts: &mut Vec<Range<usize>>) {
    words.clear();
    parts.clear();
    let mut i = 0;
    while let Some(c) = char_at(text, i) {
        if !c.is_alphanumeric() {
            i += c.len_utf8();
            continue;
        }
        let word_start = i;
        let first_part = parts.len();
        loop {
            let end = scan_part(text, i);
            parts.push(i..end);
            i = end;
            // Continue across a hyphen followed by a letter or digit.
            match char_at(text, i) {
                Some(h) if is_hyphen(h) => {
                    let after = i + h.len_utf8();
                    if char_at(text, after).is_some_and(char::is_alphanumeric) {
                        i = after;
                        continue;
                    }
                }
                _ => {}
            }
            break;
        }
        words.push(WordSpan {
            bytes: word_start..i,
            parts: first_part..parts.len(),
        });
    }
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

/// Appends the normalised form of one part to `out`: acronyms folded
/// ("U.N." → `un`; "US", "U.S.", "USA" → `usa`), lower case, curly
/// apostrophes straightened, digit group commas dropped.
fn normalize_part(raw: &str, out: &mut String) {
    let start = out.len();
    let dotted_acronym =
        raw.len() >= 3 && raw.contains('.') && raw.chars().all(|c| c == '.' || c.is_uppercase());
    if raw.is_ascii() {
        for b in raw.bytes() {
            match b {
                b',' => {}
                b'.' if dotted_acronym => {}
                _ => out.push(b.to_ascii_lowercase() as char),
            }
        }
    } else {
        for c in raw.chars() {
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

    fn texts(tokenizer: &mut NewsTokenizer, text: &str) -> Vec<(String, usize)> {
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            assert!(text.is_char_boundary(t.offset_from) && text.is_char_boundary(t.offset_to));
            out.push((t.text.clone(), t.position));
        }
        out
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
