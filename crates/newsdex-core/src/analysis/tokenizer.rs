//! `NewsTokenizer`: splits news text into words and applies the spelling
//! rules of [`super::variants`] before lowercasing.
//!
//! Rules, in the order they apply:
//! - A word is a run of letters and digits, joined across apostrophes
//!   ("Israel’s"), hyphens ("cease-fire", "Thomas-Greenfield") and digit
//!   separators ("1,200" → `1200`).
//! - Dotted acronyms are one word ("U.N.", "U.S.-led"), folded by
//!   [`fold_acronym`].
//! - A hyphenated word is one token, its parts joined ("cease-fire" →
//!   `ceasefire`), so it equals the solid spelling. In index mode each part
//!   is also emitted at the same position, so "Greenfield" finds
//!   "Thomas-Greenfield" while phrases keep one position per word.
//! - Multi-word variants fold to one token ("cease fire" → `ceasefire`).
//! - Words longer than [`MAX_WORD_BYTES`] are dropped (no position).

use std::sync::Arc;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::variants::{fold_acronym, VariantTable};

/// Longest word indexed, in bytes; longer runs (base64, URLs with no
/// separators, garbage) are skipped so they cannot bloat the term dictionary.
pub const MAX_WORD_BYTES: usize = 64;

/// Tokenizer for news text. See the module docs for its rules.
#[derive(Clone, Debug)]
pub struct NewsTokenizer {
    variants: Arc<VariantTable>,
    emit_parts: bool,
    tokens: Vec<Token>,
}

impl NewsTokenizer {
    /// Tokenizer for indexing: hyphenated words also yield their parts.
    pub fn for_indexing(variants: Arc<VariantTable>) -> Self {
        NewsTokenizer {
            variants,
            emit_parts: true,
            tokens: Vec::new(),
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

/// Stream over the tokens of one text.
pub struct NewsTokenStream<'a> {
    tokens: &'a mut Vec<Token>,
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
        self.tokens.clear();
        let words = split_words(text);
        let mut position = 0usize;
        let mut i = 0;
        let lookahead = self.variants.max_words().max(1);
        let mut window: Vec<&str> = Vec::with_capacity(lookahead);
        while i < words.len() {
            let word = &words[i];
            // Multi-word variants: only plain single-part words take part.
            if word.parts.len() == 1 && lookahead > 1 {
                window.clear();
                for w in words[i..].iter().take(lookahead) {
                    if w.parts.len() != 1 {
                        break;
                    }
                    window.push(&w.parts[0].text);
                }
                if let Some((consumed, canonical)) = self.variants.fold(&window) {
                    let last = &words[i + consumed - 1];
                    self.tokens.push(Token {
                        offset_from: word.from,
                        offset_to: last.to,
                        position,
                        text: canonical.to_string(),
                        position_length: 1,
                    });
                    if self.emit_parts {
                        for w in &words[i..i + consumed] {
                            push_part(&mut self.tokens, &w.parts[0], position);
                        }
                    }
                    position += 1;
                    i += consumed;
                    continue;
                }
            }
            let joined: String = word.parts.iter().map(|p| p.text.as_str()).collect();
            if joined.len() <= MAX_WORD_BYTES {
                self.tokens.push(Token {
                    offset_from: word.from,
                    offset_to: word.to,
                    position,
                    text: joined,
                    position_length: 1,
                });
                if self.emit_parts && word.parts.len() > 1 {
                    for part in &word.parts {
                        push_part(&mut self.tokens, part, position);
                    }
                }
                position += 1;
            }
            i += 1;
        }
        NewsTokenStream {
            tokens: &mut self.tokens,
            index: 0,
        }
    }
}

fn push_part(tokens: &mut Vec<Token>, part: &Part, position: usize) {
    if part.text.is_empty() || part.text.len() > MAX_WORD_BYTES {
        return;
    }
    tokens.push(Token {
        offset_from: part.from,
        offset_to: part.to,
        position,
        text: part.text.clone(),
        position_length: 1,
    });
}

/// One word of the text, with its hyphen-separated parts normalised.
#[derive(Debug)]
struct Word {
    from: usize,
    to: usize,
    parts: Vec<Part>,
}

#[derive(Debug)]
struct Part {
    from: usize,
    to: usize,
    /// Lowercased, acronym-folded text.
    text: String,
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

/// Splits `text` into words. Never panics; every offset is a char boundary.
fn split_words(text: &str) -> Vec<Word> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let mut words = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_alphanumeric() {
            i += 1;
            continue;
        }
        let word_start = i;
        let mut parts = Vec::new();
        loop {
            let next = scan_part(&chars, i);
            let from = chars[i].0;
            let to = end_of(next);
            parts.push(Part {
                from,
                to,
                text: normalize_part(&text[from..to]),
            });
            i = next;
            // Continue across a hyphen followed by a letter or digit.
            if i + 1 < chars.len() && is_hyphen(chars[i].1) && chars[i + 1].1.is_alphanumeric() {
                i += 1;
                continue;
            }
            break;
        }
        words.push(Word {
            from: chars[word_start].0,
            to: end_of(i),
            parts,
        });
    }
    words
}

/// Scans one hyphen-free part starting at `start` (an alphanumeric char);
/// returns the index just past it.
fn scan_part(chars: &[(usize, char)], start: usize) -> usize {
    // Dotted acronym: L.L. or L.L.L. (letters upper case), final dot optional.
    let is_upper = |i: usize| chars.get(i).is_some_and(|&(_, c)| c.is_uppercase());
    let is_dot = |i: usize| chars.get(i).is_some_and(|&(_, c)| c == '.');
    let is_alnum = |i: usize| chars.get(i).is_some_and(|&(_, c)| c.is_alphanumeric());
    if is_upper(start) && is_dot(start + 1) && is_upper(start + 2) && !is_alnum(start + 3) {
        let mut i = start;
        while is_upper(i) && !is_alnum(i + 1) {
            if is_dot(i + 1) {
                i += 2;
            } else {
                i += 1;
                break;
            }
        }
        return i;
    }
    let mut i = start;
    while i < chars.len() {
        let c = chars[i].1;
        let joins_word = is_apostrophe(c) && is_alnum(i + 1) && i > start;
        let joins_number = (c == ',' || c == '.')
            && i > start
            && chars[i - 1].1.is_ascii_digit()
            && chars.get(i + 1).is_some_and(|&(_, d)| d.is_ascii_digit());
        if c.is_alphanumeric() || joins_word || joins_number {
            i += 1;
        } else {
            break;
        }
    }
    i
}

fn normalize_part(raw: &str) -> String {
    if let Some(acronym) = fold_acronym(raw) {
        return acronym;
    }
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '\u{2019}' => out.push('\''),
            ',' => {}
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
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
