//! Organisations found by their shape rather than by name: capitalised
//! words ended by a legal form are a company ("Diamond Shamrock Corp",
//! "Merrill Lynch and Co", "Siemens AG"), by "Party" a party ("the Labour
//! Party"). Each rule reads the few words before its end word, so the pass
//! is linear in the words.

use super::gazetteer::{slug_of, word_lists};
use crate::extract::words::Word;

/// Most name words before a legal form or "Party".
const MAX_NAME_WORDS: usize = 4;

/// An organisation found by a pattern.
#[derive(Debug, Clone)]
pub(super) struct Shaped {
    /// Slug of the name (the legal form left out).
    pub(super) slug: String,
    /// The name as written, whitespace collapsed.
    pub(super) name: String,
    /// Byte offset in its text.
    pub(super) start: usize,
}

/// Lowercase ASCII key of a short word, dots dropped ("Corp." → "corp"),
/// on the stack; `None` for a word that is no legal form or party word
/// (longer than any).
fn key(word: &str, buf: &mut [u8; 16]) -> Option<usize> {
    if word.len() > buf.len() || !word.is_ascii() {
        return None;
    }
    let mut n = 0;
    for b in word.bytes().filter(|b| *b != b'.') {
        buf[n] = b.to_ascii_lowercase();
        n += 1;
    }
    Some(n)
}

/// Whether `word` (folded) is in `set`.
fn is_in(set: &rustc_hash::FxHashSet<String>, word: &str) -> bool {
    let mut buf = [0u8; 16];
    key(word, &mut buf)
        .and_then(|n| std::str::from_utf8(&buf[..n]).ok())
        .is_some_and(|k| set.contains(k))
}

/// The organisations the patterns find in `words` of `text`.
pub(super) fn find(text: &str, words: &[Word<'_>], out: &mut Vec<Shaped>) {
    let lists = word_lists();
    for (k, word) in words.iter().enumerate() {
        // Legal forms and "Party" are capitalised and short.
        if !word.capital
            || word.text.len() > 12
            || k == 0
            || !word.joined
            || !lists.may_end_name(word.text)
        {
            continue;
        }
        let company = is_in(&lists.corporate_suffixes, word.text);
        let party = !company && is_in(&lists.party_words, word.text);
        if !company && !party {
            continue;
        }
        // Back over "and" and further legal forms ("Merrill Lynch and Co
        // Inc"), then the name's capitalised words.
        let mut j = k;
        if company {
            // At most three ("and Co Inc"): a run of legal forms is read
            // once per word, not once per legal form in it.
            while j > 0
                && k - j < 3
                && words[j].joined
                && (words[j - 1].text == "and"
                    || is_in(&lists.corporate_suffixes, words[j - 1].text))
            {
                j -= 1;
            }
        }
        let last = j;
        while j > 0 && last - j < MAX_NAME_WORDS && words[j].joined {
            let w = &words[j - 1];
            if !(w.cap || w.acronym) || (w.possessive && j - 1 != last - 1) {
                break;
            }
            if is_in(&lists.not_name, w.text) {
                break;
            }
            j -= 1;
        }
        if j == last {
            continue;
        }
        let name_words = &words[j..last];
        let end = if party {
            word.start + word.text.len()
        } else {
            let w = &name_words[name_words.len() - 1];
            w.start + w.text.len()
        };
        let Some(name) = text.get(name_words[0].start..end) else {
            continue;
        };
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        let slug = slug_of(&name);
        if !slug.is_empty() {
            out.push(Shaped {
                slug,
                name,
                start: name_words[0].start,
            });
        }
    }
}
