//! The words of a text, found once per text and read by every extractor
//! that works word by word (people, and the word starts where country
//! names may begin): their offsets, possessives, whether they stand next
//! to the previous word, and their shape (capitalised, acronym, initial).

/// One word of the text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Word<'a> {
    /// The word without a trailing possessive `'s` and without a trailing
    /// dot (except on initials and abbreviations).
    pub(crate) text: &'a str,
    /// Byte offset of the word in its text.
    pub(crate) start: usize,
    /// Byte offset after the word (possessive included).
    pub(crate) end: usize,
    /// Followed by `'s` / `’s`.
    pub(crate) possessive: bool,
    /// Separated from the previous word by spaces only (a single line break
    /// is a space; punctuation or a blank line is not).
    pub(crate) joined: bool,
    /// Starts with a capital letter.
    pub(crate) capital: bool,
    /// Holds an inner mark followed by more of the word ("Thomas-Greenfield",
    /// "U.S", "O'Brien", "Blinken's").
    pub(crate) inner_mark: bool,
    /// A capitalised word with lowercase letters: "Blinken",
    /// "Thomas-Greenfield", "McDonald", not "UN" or "U.S." (found while
    /// tokenising).
    pub(crate) cap: bool,
    /// An all-caps word or dotted abbreviation: "UN", "U.S.", "NATO".
    pub(crate) acronym: bool,
    /// [`is_initial`] of `text`.
    pub(crate) initial: bool,
}

/// Splits text into words (see [`Word`]). One pass over the bytes: ASCII
/// bytes are classified without decoding, and the gap before each word is
/// judged as it is skipped.
pub(crate) fn tokenize(text: &str) -> Vec<Word<'_>> {
    let bytes = text.as_bytes();
    let mut words = Vec::new();
    // Since the previous word: only whitespace, and how many line breaks.
    let mut gap_blank = true;
    let mut gap_breaks = 0u32;
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        if byte.is_ascii() && !byte.is_ascii_alphanumeric() {
            // `char::is_whitespace` on ASCII: also the vertical tab.
            gap_blank &= matches!(byte, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r');
            gap_breaks += u32::from(byte == b'\n');
            at += 1;
            continue;
        }
        let (c, len) = char_at(text, at);
        if !c.is_alphanumeric() {
            gap_blank &= c.is_whitespace();
            gap_breaks += u32::from(c == '\n');
            at += len;
            continue;
        }
        let start = at;
        let mut end = at + len;
        // The shape of the word, counted on the way.
        let first_upper = c.is_uppercase();
        let mut lower = u32::from(c.is_lowercase());
        let mut alphabetic = u32::from(c.is_alphabetic());
        let mut inner_mark = false;
        while end < bytes.len() {
            let byte = bytes[end];
            if byte.is_ascii_alphanumeric() {
                lower += u32::from(byte.is_ascii_lowercase());
                alphabetic += u32::from(byte.is_ascii_alphabetic());
                end += 1;
                continue;
            }
            let (c, len) = char_at(text, end);
            if c.is_alphanumeric() {
                lower += u32::from(c.is_lowercase());
                alphabetic += u32::from(c.is_alphabetic());
                end += len;
            } else if matches!(c, '-' | '\'' | '’' | '.')
                && end + len < bytes.len()
                && char_at(text, end + len).0.is_alphanumeric()
            {
                // Inner punctuation: "Thomas-Greenfield", "O'Brien", "U.S".
                end += len;
                inner_mark = true;
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
        }
        // Possessive: "Netanyahu's", "Blinken’s".
        let mut possessive = false;
        let suffixes = if word.ends_with(['s', 'S']) {
            &["'s", "’s", "'S", "’S"][..]
        } else {
            &[]
        };
        for suffix in suffixes {
            if let Some(stem) = word.strip_suffix(suffix) {
                if !stem.is_empty() {
                    word = stem;
                    possessive = true;
                    // The "s" counted above is no part of the word.
                    alphabetic -= 1;
                    lower -= u32::from(suffix.ends_with('s'));
                }
                break;
            }
        }
        let joined = !words.is_empty() && gap_blank && gap_breaks < 2;
        let initial = is_initial(word);
        words.push(Word {
            text: word,
            start,
            end: word_end,
            possessive,
            joined,
            capital: first_upper,
            inner_mark,
            cap: first_upper && lower > 0,
            acronym: alphabetic > 0 && lower == 0 && !initial,
            initial,
        });
        gap_blank = true;
        gap_breaks = 0;
        at = word_end;
    }
    words
}

/// The char at byte `at` (a char boundary of `text`, before its end) and
/// its length; ASCII without decoding.
#[inline]
fn char_at(text: &str, at: usize) -> (char, usize) {
    match text.as_bytes()[at] {
        byte if byte.is_ascii() => (char::from(byte), 1),
        _ => {
            let c = text[at..].chars().next().unwrap_or('\0');
            (c, c.len_utf8())
        }
    }
}

/// One capital letter: "J" (of "J.").
pub(crate) fn is_initial_letter(word: &str) -> bool {
    if let [byte] = word.as_bytes() {
        return byte.is_ascii_uppercase();
    }
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
pub(crate) fn is_initial(word: &str) -> bool {
    word.len() == 2 && word.ends_with('.') && word.starts_with(|c: char| c.is_ascii_uppercase())
}

/// A capitalised word with lowercase letters: "Blinken", "Thomas-Greenfield",
/// "McDonald", not "UN" or "U.S.".
#[cfg(test)]
fn is_cap(word: &str) -> bool {
    word.starts_with(char::is_uppercase) && word.chars().any(char::is_lowercase)
}

/// An all-caps word or dotted abbreviation: "UN", "U.S.", "NATO".
#[cfg(test)]
fn is_acronym(word: &str) -> bool {
    word.chars().any(char::is_alphabetic)
        && !word.chars().any(char::is_lowercase)
        && !is_initial(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokenizer as first written, on chars: the reference the byte
    /// tokenizer must agree with.
    fn tokenize_chars(text: &str) -> Vec<Word<'_>> {
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
                    // Inner punctuation.
                    end = i + c.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
            let mut word = &text[start..end];
            let mut word_end = end;
            if bytes.get(end) == Some(&b'.')
                && (is_initial_letter(word) || word.contains('.') || is_abbreviation(word))
            {
                word_end = end + 1;
                word = &text[start..word_end];
                while iter.peek().is_some_and(|&(i, _)| i < word_end) {
                    iter.next();
                }
            }
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
                capital: word.starts_with(char::is_uppercase),
                inner_mark: text[start..end].contains(['-', '\'', '’', '.']),
                cap: is_cap(word),
                acronym: is_acronym(word),
                initial: is_initial(word),
            });
            prev_end = word_end;
        }
        words
    }

    type Summary<'a> = (&'a str, usize, usize, bool, bool, [bool; 5]);

    fn summary<'a>(words: &[Word<'a>]) -> Vec<Summary<'a>> {
        words
            .iter()
            .map(|w| {
                let shape = [w.capital, w.inner_mark, w.cap, w.acronym, w.initial];
                (w.text, w.start, w.end, w.possessive, w.joined, shape)
            })
            .collect()
    }

    #[test]
    fn bytes_and_chars_agree_on_news_shapes() {
        for text in [
            "Secretary of State Antony J. Blinken met Netanyahu's aides.",
            "Linda Thomas-Greenfield, O'Brien and the U.S.-led talks",
            "Mr. Gov. Jr. St.Kitts A.B.C. x.y. 'quoted' ‘curly’ Blinken’s",
            "Line one\nline two\n\nnew paragraph\r\n\u{b}vt \u{2003}em space",
            "António Guterres, Weizsäcker, İstanbul, ΣΑΣ's, 東京 2024",
            "trailing dot. - -- 's 's's 'S .. ...a a.b. U.S.",
            "IBM's NATO’S 1987's J.'s Blinken's O'S x'S",
        ] {
            assert_eq!(
                summary(&tokenize(text)),
                summary(&tokenize_chars(text)),
                "{text:?}"
            );
        }
    }

    #[test]
    fn shape_tests_agree_with_their_char_forms() {
        for word in [
            "Blinken", "UN", "U.S.", "J.", "J", "of", "McDonald", "É", "Étienne", "ÉU", "1987", "",
        ] {
            assert_eq!(
                is_cap(word),
                word.starts_with(char::is_uppercase) && word.chars().any(char::is_lowercase),
                "{word}"
            );
            assert_eq!(
                is_acronym(word),
                word.chars().any(char::is_alphabetic)
                    && !word.chars().any(char::is_lowercase)
                    && !is_initial(word),
                "{word}"
            );
            let mut chars = word.chars();
            assert_eq!(
                is_initial_letter(word),
                chars.next().is_some_and(char::is_uppercase) && chars.next().is_none(),
                "{word}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn bytes_and_chars_agree(text in "[a-zA-Z0-9 .,'’\n\t\u{b}éÉİΣ東-]{0,60}") {
            proptest::prop_assert_eq!(summary(&tokenize(&text)), summary(&tokenize_chars(&text)));
        }
    }
}
