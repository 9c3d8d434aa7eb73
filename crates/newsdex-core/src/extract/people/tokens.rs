//! Tokenising: the words of a text, with their offsets, possessives and
//! whether they stand next to the previous word; the shape tests on one
//! word (initial, capitalised, acronym) and its lookup key.

/// One word of the text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Word<'a> {
    /// The word without a trailing possessive `'s` and without a trailing
    /// dot (except on initials and abbreviations).
    pub(super) text: &'a str,
    /// Byte offset of the word in its text.
    pub(super) start: usize,
    /// Byte offset after the word (possessive included).
    pub(super) end: usize,
    /// Followed by `'s` / `’s`.
    pub(super) possessive: bool,
    /// Separated from the previous word by spaces only (a single line break
    /// is a space; punctuation or a blank line is not).
    pub(super) joined: bool,
}

/// Splits text into words (see [`Word`]).
pub(super) fn tokenize(text: &str) -> Vec<Word<'_>> {
    let bytes = text.as_bytes();
    let mut words = Vec::new();
    let mut prev_end = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((start, c)) = iter.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, c)) = iter.peek() {
            if c.is_alphanumeric() {
                end = i + c.len_utf8();
                iter.next();
            } else if matches!(c, '-' | '\'' | '’' | '.')
                && text[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric)
            {
                // Inner punctuation: "Thomas-Greenfield", "O'Brien", "U.S".
                end = i + c.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        let mut word = &text[start..end];
        let mut word_end = end;
        // A trailing dot belongs to initials and abbreviations.
        if bytes.get(end) == Some(&b'.')
            && (is_initial_letter(word) || word.contains('.') || is_abbreviation(word))
        {
            word_end = end + 1;
            word = &text[start..word_end];
            while iter.peek().is_some_and(|&(i, _)| i < word_end) {
                iter.next();
            }
        }
        // Possessive: "Netanyahu's", "Blinken’s".
        let mut possessive = false;
        for suffix in ["'s", "’s", "'S", "’S"] {
            if let Some(stem) = word.strip_suffix(suffix) {
                if !stem.is_empty() {
                    word = stem;
                    possessive = true;
                }
                break;
            }
        }
        let gap = &text[prev_end..start];
        let joined = !words.is_empty()
            && gap.chars().all(char::is_whitespace)
            && gap.matches('\n').count() < 2;
        words.push(Word {
            text: word,
            start,
            end: word_end,
            possessive,
            joined,
        });
        prev_end = word_end;
    }
    words
}

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

/// One capital letter: "J" (of "J.").
pub(super) fn is_initial_letter(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.next().is_none()
}

/// A title or suffix written with a dot: "Mr", "Gov", "Jr".
fn is_abbreviation(word: &str) -> bool {
    matches!(
        word,
        "Mr" | "Mrs"
            | "Ms"
            | "Dr"
            | "Sen"
            | "Rep"
            | "Gov"
            | "Gen"
            | "Lt"
            | "Col"
            | "Capt"
            | "Adm"
            | "Sgt"
            | "Jr"
            | "Sr"
            | "St"
            | "Prof"
    )
}

/// An initial: "J.".
pub(super) fn is_initial(word: &str) -> bool {
    word.len() == 2 && word.ends_with('.') && word.starts_with(|c: char| c.is_ascii_uppercase())
}

/// A capitalised word with lowercase letters: "Blinken", "Thomas-Greenfield",
/// "McDonald", not "UN" or "U.S.".
pub(super) fn is_cap(word: &str) -> bool {
    word.starts_with(char::is_uppercase) && word.chars().any(char::is_lowercase)
}

/// An all-caps word or dotted abbreviation: "UN", "U.S.", "NATO".
pub(super) fn is_acronym(word: &str) -> bool {
    word.chars().any(char::is_alphabetic)
        && !word.chars().any(char::is_lowercase)
        && !is_initial(word)
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
