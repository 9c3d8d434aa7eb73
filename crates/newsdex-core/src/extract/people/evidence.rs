//! The evidence that makes a name part a person or rules it out: a role
//! before it (in the run or in lowercase), a role in apposition, a speech
//! verb next to it; a place, a company marker, a photo credit or a byline.

use super::lexicon::{class, is_role_head, is_role_word, is_speech_verb, lexicon};
use super::tokens::{is_initial, join_words, Word};
use crate::extract::countries::CountryTagger;

/// The lowercase role right before the word at `i` ("national security
/// adviser" Jake Sullivan), if there is one.
pub(super) fn role_before(text: &str, words: &[Word<'_>], i: usize) -> Option<String> {
    let head = &words[i - 1];
    if !words[i].joined || head.possessive || !is_role_head(head.text) {
        return None;
    }
    let mut start = i - 1;
    while start > 0 && i - start < 5 {
        let w = &words[start - 1];
        if !words[start].joined
            || w.possessive
            || !(is_role_word(w.text) || w.cap || w.acronym)
            || matches!(w.text, "the" | "of" | "and" | "for")
        {
            break;
        }
        start -= 1;
    }
    Some(join_words(text, &words[start..i]))
}

/// Whether a role follows a name in apposition: ", Russia’s ambassador to
/// the U.N.", ", the US National Security Council spokesperson".
pub(super) fn apposition_follows(text: &str, end: usize) -> bool {
    let Some(rest) = text[end..].strip_prefix(',') else {
        return false;
    };
    let clause = rest
        .split([',', '.', ';', ':', '(', '“', '"'])
        .next()
        .unwrap_or("");
    clause.split_whitespace().take(8).any(|w| {
        is_role_head(w.trim_end_matches(['’', '\'']))
            || is_role_head(w.trim_end_matches("'s").trim_end_matches("’s"))
    })
}

/// Whether the name ending before word `next` is a photo credit or a byline
/// rather than a person in the story: "Angela Weiss/AFP", "(Alexi Rosenfeld
/// / Getty Images)", "Jaclyn Diaz reported from Jerusalem", "Laura King
/// contributed to this report".
pub(super) fn is_credit(text: &str, words: &[Word<'_>], next: usize) -> bool {
    let end = words[next - 1].end;
    if text[end..].trim_start_matches(' ').starts_with('/') {
        return true;
    }
    let after = |k: usize| words.get(next + k).map(|w| w.text);
    matches!(
        (after(0), after(1)),
        (Some("reported" | "reporting"), Some("from" | "in" | "by")) | (Some("contributed"), _)
    )
}

/// Whether a company marker follows the name ending before word `next`:
/// "Merrill Lynch and Co", "Morgan Stanley Inc", "Texaco <TX>".
pub(super) fn company_follows(text: &str, words: &[Word<'_>], next: usize) -> bool {
    if text[words[next - 1].end..]
        .trim_start()
        .starts_with(['<', '&'])
    {
        return true;
    }
    let org = |k: usize| {
        words
            .get(next + k)
            .is_some_and(|w| w.joined && lexicon().is(w.text, class::ORG_WORD))
    };
    // After "and", only a legal form: "Morgan Stanley and Co", but "Paul
    // Volcker and International Monetary Fund head ..." names a person.
    org(0)
        || (words.get(next).is_some_and(|w| w.joined && w.text == "and")
            && words
                .get(next + 1)
                .is_some_and(|w| w.joined && crate::extract::orgs::is_legal_form(w.text)))
}

/// Whether a speech verb is right before the name or right after it.
pub(super) fn speech_next_to(words: &[Word<'_>], start: usize, end: usize) -> bool {
    let is_verb = |w: &Word<'_>| is_speech_verb(w.text);
    (start > 0 && words[start].joined && is_verb(&words[start - 1]))
        || words.get(end).is_some_and(|w| w.joined && is_verb(w))
}

/// Whether a one-word name is a country, demonym or city instead.
pub(super) fn is_place(word: &str, countries: &CountryTagger) -> bool {
    countries.registry().lookup(word).is_some()
}

/// Whether a word is a country's own name ("China"; not "Ziyang", a
/// Chinese city that is also a given name).
pub(super) fn is_country_name(word: &str, countries: &CountryTagger) -> bool {
    countries
        .registry()
        .lookup(word)
        .is_some_and(|c| c.label.eq_ignore_ascii_case(word))
}

/// Whether the first word of a multi-word name is a place ("Gaza City";
/// but "Zhao Ziyang" and "Kenneth Douglas" are people though Ziyang and
/// Douglas are cities too).
pub(super) fn is_place_word(word: &str, countries: &CountryTagger) -> bool {
    !is_initial(word) && word.len() > 2 && is_place(word, countries)
}

/// Most names in a list read by [`in_spoken_list`].
const MAX_LIST_NAMES: usize = 8;

/// Whether the name at words `start..end` is a member of a list of names
/// that a speech verb ends: "Brown, Jones and Smith said", "Ana Ruiz, Tom
/// Hale, and Li Wei told reporters". Reads at most [`MAX_LIST_NAMES`] names
/// of at most four words on each side of the name.
pub(super) fn in_spoken_list(text: &str, words: &[Word<'_>], start: usize, end: usize) -> bool {
    // Capitalised name words from `k` on: where they end.
    let item_end = |k: usize| {
        let mut j = k;
        while j < words.len()
            && j - k < 4
            && words[j].cap
            && !words[j].possessive
            && (j == k || words[j].joined)
        {
            j += 1;
        }
        j
    };
    let comma_before = |k: usize| {
        k > 0
            && text
                .get(words[k - 1].end..words[k].start)
                .is_some_and(|gap| gap.trim() == ",")
    };
    // Forwards from the name: `, NAME` items, then `and NAME`, then a
    // speech verb.
    let mut k = end;
    let mut items = 1;
    let mut saw_and = false;
    while items <= MAX_LIST_NAMES && k < words.len() {
        if words[k].text == "and" && (words[k].joined || comma_before(k)) {
            saw_and = true;
            k += 1;
        } else if !comma_before(k) {
            break;
        }
        if k >= words.len() {
            return false;
        }
        let after = item_end(k);
        if after == k {
            return false;
        }
        k = after;
        items += 1;
        if saw_and {
            break;
        }
    }
    if items > 1 {
        return saw_and
            && words
                .get(k)
                .is_some_and(|w| w.joined && is_speech_verb(w.text));
    }
    // The name is the last of the list: `and NAME said`, with a name
    // before the `and`.
    start >= 2
        && words[start - 1].text == "and"
        && words[start - 2].cap
        && words
            .get(end)
            .is_some_and(|w| w.joined && is_speech_verb(w.text))
}
