//! People extraction: the person names an article mentions, with their
//! titles and roles, one canonical slug per person.
//!
//! # What counts as a person
//!
//! The text is split into words (`tokens`) and then into *runs*
//! (`runs`): consecutive capitalised words (with initials such as `J.`,
//! name particles such as `von`, and `of`/`the` inside a role such as
//! "Chancellor of the Exchequer"). A run is split into a role part and a
//! name part at its last role or organisation word (`role_heads` and
//! `role_words` in `gazetteer/people.toml`). The name part is a person when
//! (`evidence`)
//!
//! 1. a role comes with it, in the run ("Prime Minister Benjamin
//!    Netanyahu", "President Reagan") or just before it in lowercase
//!    ("national security adviser Jake Sullivan");
//! 2. it has two to four words and starts with a *name lead*, a given name
//!    or a Chinese family name from `gazetteer/given_names.txt` (generated
//!    from the faker person lists) and `gazetteer/names_curated.txt`
//!    ("Carl Icahn", "Wang Bingqian");
//! 3. it has two to four words and a role follows it in apposition ("Vassily
//!    Nebenzia, Russia's ambassador to the U.N."), or a speech verb is next
//!    to it ("said Tzachi Hanegbi", "Ron Dermer told").
//!
//! A one-word name with a role ("President Reagan") is linked to the full
//! name with that surname in the same article ("Ronald Reagan"), so both
//! mentions make one person; so are surname-only mentions in the headline
//! (`linking`). All-caps headlines (Reuters: "TREASURY'S BAKER SAYS ...")
//! and briefs with no body ("Sumita says ...") have their own rules, see
//! `headline`.
//!
//! The word lists (roles, organisation words, words that are never names,
//! speech and headline verbs) live in `gazetteer/people.toml` (`lexicon`),
//! parsed once, on the first extraction.
//!
//! # Slugs
//!
//! A slug is the name's words folded to ASCII (`deunicode`), lowercased and
//! joined by `-`, without initials and suffixes: "António Guterres" →
//! `antonio-guterres`, "Antony J. Blinken" → `antony-blinken`, "Linda
//! Thomas-Greenfield" → `linda-thomas-greenfield`. Search accepts any
//! hyphen-separated part of a slug (`--person blinken`).
//!
//! # Cost
//!
//! Linear in the text: every rule looks at a bounded number of words around
//! a run, people are merged through hash maps, and the headline rules read
//! at most `MAX_HEADLINE_WORDS` words.

mod candidate;
mod evidence;
mod headline;
mod lexicon;
mod linking;
mod runs;
mod tokens;

use crate::article::Person;
use crate::extract::countries::CountryTagger;
use crate::extract::input::ExtractInput;
use crate::extract::words::{tokenize, Word};

pub(crate) use lexicon::is_speech_verb;
pub use linking::{slug, surname_of};

/// A body shorter than this ("Blah blah blah.", the filler of Reuters
/// briefs) is no evidence about the headline's words.
const MIN_BODY_WORDS: usize = 8;

/// Finds person names in article text. Build once, share everywhere.
#[derive(Debug, Default)]
pub struct PeopleExtractor {}

impl PeopleExtractor {
    /// Builds the extractor. The word lists are parsed once per process, on
    /// first use, so programs that never extract (`newsdex search`) never
    /// pay for them.
    pub fn new() -> Self {
        PeopleExtractor {}
    }

    /// People named in one article, in order of first mention. Country and
    /// city names (through `countries`) are never taken for one-word names.
    ///
    /// ```
    /// use newsdex_core::extract::{CountryTagger, ExtractInput, PeopleExtractor};
    /// let input = ExtractInput {
    ///     title: "",
    ///     dateline: None,
    ///     body: "Secretary of State Antony Blinken met Prime Minister Benjamin Netanyahu. \
    ///            Blinken said the talks were frank.",
    ///     captions: &[],
    /// };
    /// let people = PeopleExtractor::new().extract(&input, &CountryTagger::new());
    /// let slugs: Vec<&str> = people.iter().map(|p| p.slug.as_str()).collect();
    /// assert_eq!(slugs, ["antony-blinken", "benjamin-netanyahu"]);
    /// assert_eq!(people[0].roles, ["Secretary of State"]);
    /// ```
    pub fn extract(&self, input: &ExtractInput<'_>, countries: &CountryTagger) -> Vec<Person> {
        self.extract_with(input, None, countries)
    }

    /// [`extract`](Self::extract), with the body's words when they were
    /// found already (see [`Extractor`](crate::extract::Extractor)); they
    /// are dropped as soon as read, before the title is tokenised (two
    /// texts' words are never held at once).
    pub(crate) fn extract_with(
        &self,
        input: &ExtractInput<'_>,
        body_words: Option<Vec<Word<'_>>>,
        countries: &CountryTagger,
    ) -> Vec<Person> {
        // The body first, so that its words are gone before the title's
        // are found; candidates stay in text order (title, body, captions).
        let body_words = body_words.unwrap_or_else(|| tokenize(input.body));
        let mut body_candidates = Vec::new();
        runs::text_candidates(input.body, &body_words, countries, &mut body_candidates);
        drop(body_words);
        let mut candidates = Vec::new();
        let shouting = !input.title.chars().any(char::is_lowercase);
        if !shouting {
            let title_words = tokenize(input.title);
            runs::text_candidates(input.title, &title_words, countries, &mut candidates);
        }
        candidates.append(&mut body_candidates);
        for caption in input.captions {
            runs::text_candidates(caption, &tokenize(caption), countries, &mut candidates);
        }
        // A brief's body is its headline again (Reuters BRIEF stories):
        // then there is no body to check headline words against.
        let own_body = input.body.trim() != input.title.trim()
            && input
                .body
                .split_whitespace()
                .nth(MIN_BODY_WORDS - 1)
                .is_some();
        let body_words = headline::BodyWords::new(if own_body { input.body } else { "" });
        headline::candidates(
            input.title,
            &tokenize(input.title),
            shouting,
            &body_words,
            countries,
            &mut candidates,
        );
        linking::merge(candidates)
    }
}

#[cfg(test)]
mod tests;
