//! The ambiguity rules ([`Rule`]): whether a match of an ambiguous alias
//! ("Georgia", "Jordan", "Chad", "Turkey") names the country, judged from
//! the words next to it. The cue words live in `gazetteer/ambiguity.toml`,
//! parsed once, on the first tagging. Every rule reads a bounded stretch of
//! text around its match.
//!
//! [`Rule`]: super::model::Rule

use std::sync::OnceLock;

use rustc_hash::FxHashSet;
use serde::Deserialize;

use crate::extract::input::floor_char_boundary;

/// The cue words (see the file's comments).
const CUES: &str = include_str!("../gazetteer/ambiguity.toml");

/// `ambiguity.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Cues {
    pub(super) georgia: GeorgiaCues,
    surname: SurnameCues,
    forename: ForenameCues,
    bird: BirdCues,
}

/// Cues of [`Rule::Georgia`](super::model::Rule::Georgia).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct GeorgiaCues {
    /// Country ids that make "Georgia" the Caucasus country.
    pub(super) context: Vec<String>,
    /// Lowercase endings of the text before the match that mark the state.
    us_before: Vec<String>,
    /// Lowercase words after the match that mark the state.
    us_after: FxHashSet<String>,
}

/// Cues of [`Rule::Surname`](super::model::Rule::Surname).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SurnameCues {
    /// Capitalised words that are never a forename, as written.
    not_forename: FxHashSet<String>,
}

/// Cues of [`Rule::Forename`](super::model::Rule::Forename).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ForenameCues {
    /// Capitalised words that are never a surname, as written.
    not_surname: FxHashSet<String>,
}

/// Cues of [`Rule::Bird`](super::model::Rule::Bird).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BirdCues {
    /// Lowercase words before the match that make it the bird.
    before: FxHashSet<String>,
    /// Lowercase words after the match that make it the bird.
    after: FxHashSet<String>,
}

/// The process-wide cue words, parsed on first use.
pub(super) fn cues() -> &'static Cues {
    static CUE_WORDS: OnceLock<Cues> = OnceLock::new();
    CUE_WORDS.get_or_init(|| {
        // Checked by a unit test: a failure here is a broken build.
        toml::from_str(CUES).expect("gazetteer/ambiguity.toml is a valid cue file")
    })
}

/// Whether a match is written in capitals ("JORDAN" in a wire headline),
/// where capitalisation tells nothing about names.
fn is_all_caps(s: &str) -> bool {
    s.chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase)
}

/// The previous word, if it is separated from `start` by exactly one space.
fn previous_word(text: &str, start: usize) -> Option<&str> {
    let head = text[..start].strip_suffix(' ')?;
    let word_start = head
        .rfind(|c: char| !c.is_alphanumeric() && c != '.')
        .map_or(0, |i| {
            i + head[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &head[word_start..];
    (!word.is_empty()).then_some(word)
}

/// The next word, if it follows `end` after exactly one space.
fn next_word(text: &str, end: usize) -> Option<&str> {
    let tail = text[end..].strip_prefix(' ')?;
    let word_end = tail
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(tail.len());
    let word = &tail[..word_end];
    (!word.is_empty()).then_some(word)
}

/// A capitalised ordinary word: "Michael", not "IBM", "US" or "of".
fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && word.len() >= 2
        && chars.all(|c| c.is_lowercase() || c == '.')
}

/// [`Rule::Surname`](super::model::Rule::Surname): "Michael Jordan" is a person.
pub(super) fn preceded_by_forename(
    text: &str,
    start: usize,
    matched: &str,
    after_country: bool,
) -> bool {
    if is_all_caps(matched) || after_country {
        return false;
    }
    previous_word(text, start)
        .is_some_and(|w| is_capitalised(w) && !cues().surname.not_forename.contains(w))
}

/// [`Rule::Forename`](super::model::Rule::Forename): "Chad Johnson" is a person.
pub(super) fn followed_by_surname(text: &str, end: usize, matched: &str) -> bool {
    if is_all_caps(matched) {
        return false;
    }
    next_word(text, end)
        .is_some_and(|w| is_capitalised(w) && !cues().forename.not_surname.contains(w))
}

/// [`Rule::Bird`](super::model::Rule::Bird): "Thanksgiving turkey", "turkey
/// production".
pub(super) fn is_bird(text: &str, start: usize, end: usize) -> bool {
    let bird = &cues().bird;
    let before = previous_word(text, start).map(str::to_lowercase);
    let after = next_word(text, end).map(str::to_lowercase);
    before.is_some_and(|w| bird.before.contains(&w))
        || after.is_some_and(|w| bird.after.contains(&w))
}

/// [`Rule::Georgia`](super::model::Rule::Georgia) local markers of the US state:
/// "Atlanta, Georgia", "Gov. ... of Georgia", "Georgia state", "Georgia
/// Tech".
pub(super) fn us_marker_near(text: &str, start: usize, end: usize) -> bool {
    let georgia = &cues().georgia;
    let head = text[..start].trim_end();
    // Only the end of the text before the match can hold a marker: lowercase
    // that end, never the whole text (the match may recur in every word).
    // Each char lowercases to one char or more, and a char is at most four
    // bytes, so the last `4 * longest` bytes hold every char that can end
    // up in a marker's length of the lowercase text.
    let longest = georgia.us_before.iter().map(String::len).max().unwrap_or(0);
    let tail = &head[floor_char_boundary(head, head.len().saturating_sub(4 * longest))..];
    let tail = tail.to_lowercase();
    let before = georgia.us_before.iter().any(|b| tail.ends_with(b.as_str()));
    let after = next_word(text, end).is_some_and(|w| georgia.us_after.contains(&w.to_lowercase()));
    before || after
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_cues_parse() {
        let cues: Cues = toml::from_str(CUES).unwrap();
        assert!(cues.georgia.context.contains(&"ge".to_string()));
        assert!(cues.georgia.us_before.contains(&"atlanta,".to_string()));
        assert!(cues.georgia.us_after.contains("tech"));
        assert!(cues.surname.not_forename.contains("The"));
        assert!(cues.forename.not_surname.contains("Basin"));
        assert!(cues.bird.before.contains("thanksgiving"));
        assert!(cues.bird.after.contains("meat"));
        // Markers before "Georgia" are compared with lowercased text, ASCII
        // only (see `us_marker_near`); the words after it and the bird cues
        // with lowercased words.
        for word in cues
            .georgia
            .us_before
            .iter()
            .chain(&cues.georgia.us_after)
            .chain(&cues.bird.before)
            .chain(&cues.bird.after)
        {
            assert!(word.is_ascii() && *word == word.to_lowercase(), "{word}");
        }
    }

    #[test]
    fn us_marker_reads_only_the_end_of_the_text_before() {
        let text = format!("{}Atlanta, Georgia", "İ".repeat(100));
        let start = text.len() - "Georgia".len();
        assert!(us_marker_near(&text, start, text.len()));
        assert!(!us_marker_near("İ Georgia", 3, 10));
        assert!(us_marker_near("Gov.   Georgia", 7, 14));
        assert!(us_marker_near("in Georgia state", 3, 10));
    }
}
