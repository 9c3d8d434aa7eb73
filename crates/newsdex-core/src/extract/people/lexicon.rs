//! The people extractor's word lists: `gazetteer/people.toml` (roles,
//! organisation words, words that are never names, speech and headline
//! verbs) and the name leads of `gazetteer/given_names.txt` and
//! `gazetteer/names_curated.txt`, compiled in and parsed once per process,
//! on the first extraction.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};
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

/// What a folded word is in the word lists, as bits (a word may be in
/// several lists): one hash lookup answers every question about a word.
pub(super) mod class {
    /// Ends a role: the name follows it ("minister").
    pub(crate) const ROLE_HEAD: u8 = 1;
    /// Stands in roles and organisations' names, never in a name ("state").
    pub(crate) const ROLE_WORD: u8 = 1 << 1;
    /// Makes a run a company or an institution ("securities").
    pub(crate) const ORG_WORD: u8 = 1 << 2;
    /// A capitalised word that never belongs to a name ("Friday").
    pub(crate) const NOT_NAME: u8 = 1 << 3;
    /// A name lead: a given name or a family name that comes first.
    pub(crate) const LEAD: u8 = 1 << 4;
    /// A verb after a person at the start of a headline ("sees").
    pub(crate) const HEADLINE_VERB: u8 = 1 << 5;
    /// A noun that heads headlines and is never a name ("report").
    pub(crate) const HEADLINE_SUBJECT: u8 = 1 << 6;
}

/// The word lists.
pub(super) struct Lexicon {
    /// Folded word → its [`class`] bits.
    classes: FxHashMap<Box<str>, u8>,
    /// Lowercase particles inside names ("von"), compared as written.
    particles: FxHashSet<String>,
    /// Verbs of speech ("said"), compared as written.
    speech_verbs: FxHashSet<String>,
}

impl Lexicon {
    /// The [`class`] bits of `word`'s lookup key (see
    /// [`fold_key`](super::tokens::fold_key)); 0 for a word in no list.
    pub(super) fn class_of(&self, word: &str) -> u8 {
        with_key(word, |key| self.classes.get(key).copied().unwrap_or(0))
    }

    /// Whether `word` is in any of the lists of `classes`.
    pub(super) fn is(&self, word: &str, classes: u8) -> bool {
        self.class_of(word) & classes != 0
    }
}

/// Parses the word lists and name leads.
fn parse() -> Lexicon {
    // Checked by a unit test: a failure here is a broken build.
    let lists: WordLists =
        toml::from_str(WORD_LISTS).expect("gazetteer/people.toml is a valid word list file");
    let mut classes: FxHashMap<Box<str>, u8> = FxHashMap::default();
    let leads = GIVEN_NAMES
        .lines()
        .chain(CURATED_NAMES.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'));
    let lists_words = [
        (&lists.role_heads, class::ROLE_HEAD),
        (&lists.role_words, class::ROLE_WORD),
        (&lists.org_words, class::ORG_WORD),
        (&lists.not_name, class::NOT_NAME),
        (&lists.headline_verbs, class::HEADLINE_VERB),
        (&lists.headline_subjects, class::HEADLINE_SUBJECT),
    ]
    .into_iter()
    .flat_map(|(words, bits)| words.iter().map(move |w| (w.as_str(), bits)));
    for (word, bits) in lists_words.chain(leads.map(|w| (w, class::LEAD))) {
        *classes.entry(word.into()).or_default() |= bits;
    }
    let set = |words: Vec<String>| words.into_iter().collect();
    Lexicon {
        classes,
        particles: set(lists.particles),
        speech_verbs: set(lists.speech_verbs),
    }
}

/// The process-wide lexicon, parsed on first use.
pub(super) fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(parse)
}

/// A word that ends a role ("Minister", "Gov.").
pub(super) fn is_role_head(word: &str) -> bool {
    lexicon().is(word, class::ROLE_HEAD)
}

/// A word that may stand in a role or an organisation's name.
pub(super) fn is_role_word(word: &str) -> bool {
    lexicon().is(word, class::ROLE_HEAD | class::ROLE_WORD)
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
        for (word, bits) in [
            ("minister", class::ROLE_HEAD),
            ("exchequer", class::ROLE_WORD),
            ("securities", class::ORG_WORD),
            ("friday", class::NOT_NAME),
            ("sees", class::HEADLINE_VERB),
            ("report", class::HEADLINE_SUBJECT),
            ("satoshi", class::LEAD),
        ] {
            assert!(lex.is(word, bits), "{word}");
            // Looked up folded: as capitalised or dotted in text.
            let capitalised = format!("{}{}", word[..1].to_uppercase(), &word[1..]);
            assert!(lex.is(&capitalised, bits), "{capitalised}");
        }
        assert!(!lex.is("friday", class::LEAD | class::ROLE_HEAD));
        assert!(lex.particles.contains("von"));
        assert!(lex.speech_verbs.contains("said"));
        // Entries are looked up folded or as written: lowercase only.
        for word in lex
            .classes
            .keys()
            .map(|k| &**k)
            .chain(lex.particles.iter().map(String::as_str))
            .chain(lex.speech_verbs.iter().map(String::as_str))
        {
            assert_eq!(*word, word.to_lowercase(), "{word}");
        }
    }
}
