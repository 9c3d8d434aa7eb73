//! The people extractor's word lists: `gazetteer/people.toml` (roles,
//! organisation words, words that are never names, speech and headline
//! verbs) and the name leads of `gazetteer/given_names.txt` and
//! `gazetteer/names_curated.txt`, compiled in and parsed once per process,
//! on the first extraction.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;
use serde::Deserialize;

use super::tokens::with_key;

/// The word lists (see the file's comments).
const WORD_LISTS: &str = include_str!("../gazetteer/people.toml");
/// Generated name leads (see `gazetteer/generate_names.py`).
const GIVEN_NAMES: &str = include_str!("../gazetteer/given_names.txt");
/// Hand-curated name leads.
const CURATED_NAMES: &str = include_str!("../gazetteer/names_curated.txt");

/// `people.toml` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WordLists {
    role_heads: Vec<String>,
    role_words: Vec<String>,
    org_words: Vec<String>,
    not_name: Vec<String>,
    particles: Vec<String>,
    speech_verbs: Vec<String>,
    headline_verbs: Vec<String>,
    headline_subjects: Vec<String>,
}

/// The word lists as hash sets.
pub(super) struct Lexicon {
    /// Words that end a role: the name follows them ("minister").
    pub(super) role_heads: FxHashSet<String>,
    /// Words of roles and organisations that are never in a name ("state").
    pub(super) role_words: FxHashSet<String>,
    /// Words that make a run a company or an institution ("securities").
    pub(super) org_words: FxHashSet<String>,
    /// Capitalised words that never belong to a name ("Friday").
    pub(super) not_name: FxHashSet<String>,
    /// Lowercase particles inside names ("von"), compared as written.
    pub(super) particles: FxHashSet<String>,
    /// Verbs of speech ("said"), compared as written.
    pub(super) speech_verbs: FxHashSet<String>,
    /// Verbs after a person at the start of a headline ("sees").
    pub(super) headline_verbs: FxHashSet<String>,
    /// Nouns that head headlines and are never names ("report").
    pub(super) headline_subjects: FxHashSet<String>,
    /// Name leads: given names and family names that come first.
    pub(super) leads: FxHashSet<&'static str>,
}

/// Parses the word lists and name leads.
fn parse() -> Lexicon {
    // Checked by a unit test: a failure here is a broken build.
    let lists: WordLists =
        toml::from_str(WORD_LISTS).expect("gazetteer/people.toml is a valid word list file");
    let set = |words: Vec<String>| words.into_iter().collect();
    Lexicon {
        role_heads: set(lists.role_heads),
        role_words: set(lists.role_words),
        org_words: set(lists.org_words),
        not_name: set(lists.not_name),
        particles: set(lists.particles),
        speech_verbs: set(lists.speech_verbs),
        headline_verbs: set(lists.headline_verbs),
        headline_subjects: set(lists.headline_subjects),
        leads: GIVEN_NAMES
            .lines()
            .chain(CURATED_NAMES.lines())
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect(),
    }
}

/// The process-wide lexicon, parsed on first use.
pub(super) fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(parse)
}

/// Whether the lookup key of `word` (see
/// [`fold_key`](super::tokens::fold_key)) is in `set`.
pub(super) fn key_in<S>(set: &FxHashSet<S>, word: &str) -> bool
where
    S: std::borrow::Borrow<str> + std::hash::Hash + Eq,
{
    with_key(word, |key| set.contains(key))
}

/// A word that ends a role ("Minister", "Gov.").
pub(super) fn is_role_head(word: &str) -> bool {
    key_in(&lexicon().role_heads, word)
}

/// A word that may stand in a role or an organisation's name.
pub(super) fn is_role_word(word: &str) -> bool {
    let lex = lexicon();
    with_key(word, |key| {
        lex.role_heads.contains(key) || lex.role_words.contains(key)
    })
}

/// A name particle as written ("von", "de").
pub(super) fn is_particle(word: &str) -> bool {
    lexicon().particles.contains(word)
}

/// A verb that attributes speech, as written ("said", "told").
pub(crate) fn is_speech_verb(word: &str) -> bool {
    lexicon().speech_verbs.contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_word_lists_parse() {
        let lex = parse();
        assert!(lex.role_heads.contains("minister"));
        assert!(lex.role_words.contains("exchequer"));
        assert!(lex.org_words.contains("securities"));
        assert!(lex.not_name.contains("friday"));
        assert!(lex.particles.contains("von"));
        assert!(lex.speech_verbs.contains("said"));
        assert!(lex.headline_verbs.contains("sees"));
        assert!(lex.headline_subjects.contains("report"));
        assert!(lex.leads.contains("satoshi"));
        // Entries are looked up folded or as written: lowercase only.
        for list in [
            &lex.role_heads,
            &lex.role_words,
            &lex.org_words,
            &lex.not_name,
            &lex.particles,
            &lex.speech_verbs,
            &lex.headline_verbs,
            &lex.headline_subjects,
        ] {
            for word in list {
                assert_eq!(*word, word.to_lowercase(), "{word}");
            }
        }
    }
}
