//! Word lookups for the people rules: the text a run of words spans, and
//! the folded key of a word that the word lists are looked up by. The words
//! themselves come from [`crate::extract::words`].

pub(super) use crate::extract::words::{is_initial, is_initial_letter, Word};

/// The text from the first to the last of `words`, whitespace collapsed.
pub(super) fn join_words(text: &str, words: &[Word<'_>]) -> String {
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return String::new();
    };
    let end = if last.possessive {
        last.start + last.text.len()
    } else {
        last.end
    };
    text[first.start..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lowercase ASCII fold of a word, dots dropped: "António" → "antonio",
/// "Gov." → "gov".
pub(super) fn fold_key(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    if word.is_ascii() {
        out.extend(
            word.chars()
                .filter(|c| *c != '.')
                .map(|c| c.to_ascii_lowercase()),
        );
    } else {
        for c in deunicode::deunicode(word).chars() {
            if c != '.' {
                out.push(c.to_ascii_lowercase());
            }
        }
    }
    out
}

/// Calls `f` with the lookup key of `word` (see [`fold_key`]); short ASCII
/// words, nearly all of them, are folded on the stack.
pub(super) fn with_key<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    // Most words are their own key: ASCII, lowercase, no dot.
    if word
        .bytes()
        .all(|b| b.is_ascii() && b != b'.' && !b.is_ascii_uppercase())
    {
        return f(word);
    }
    let mut buf = [0u8; 32];
    if word.is_ascii() && word.len() <= buf.len() {
        let mut n = 0;
        for b in word.bytes().filter(|b| *b != b'.') {
            buf[n] = b.to_ascii_lowercase();
            n += 1;
        }
        if let Ok(key) = std::str::from_utf8(&buf[..n]) {
            return f(key);
        }
    }
    f(&fold_key(word))
}
