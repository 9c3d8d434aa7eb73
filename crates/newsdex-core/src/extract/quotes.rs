//! Quote extraction: quoted statements and who made them.
//!
//! A quote is the text between a pair of quotation marks (curly `“…”` or
//! straight `"…"`) within one paragraph, of at least [`MIN_QUOTE_WORDS`]
//! words: shorter ones are scare quotes ("“perplexed”"), not statements.
//!
//! The speaker is looked for, in order:
//!
//! 1. after the closing mark, up to the end of the clause: `,” Guterres
//!    wrote`, `,” said Nate Evans, a spokesperson`, `,” UN secretary-general
//!    António Guterres wrote on X`;
//! 2. before the opening mark, in the same sentence: `Guterres said, “…”`,
//!    `Kirby said: “…”`;
//!
//! and resolved to one of the article's people (from
//! [`PeopleExtractor`](super::people::PeopleExtractor)) by full name or
//! surname. A pronoun (`,” he said`) is the person named last before the
//! quote. A speaker that is no person ("Hamas said", "Netanyahu's office
//! said") leaves the quote unattributed rather than guessed.

use aho_corasick::{AhoCorasick, MatchKind};
use rustc_hash::FxHashMap;

use super::input::ExtractInput;
use super::people::{is_speech_verb, slug, surname_of};
use crate::article::{Person, Quote};

/// Fewest words a quote must have.
pub const MIN_QUOTE_WORDS: usize = 3;
/// How far (bytes) after a quote the attribution may be.
const AFTER_WINDOW: usize = 160;
/// How far (bytes) before a quote the attribution may be.
const BEFORE_WINDOW: usize = 300;
/// A speech verb further than this many words before a quote attributes it
/// only to a person named as the verb's subject.
const NEAR_VERB_WORDS: usize = 6;

/// Finds quoted statements and their speakers.
#[derive(Debug, Default)]
pub struct QuoteExtractor {}

impl QuoteExtractor {
    /// Builds the extractor.
    pub fn new() -> Self {
        QuoteExtractor {}
    }

    /// Quotes in one article, in text order; speakers resolved against
    /// `people`.
    ///
    /// ```
    /// use newsdex_core::Person;
    /// use newsdex_core::extract::{ExtractInput, QuoteExtractor};
    /// let people = vec![Person {
    ///     slug: "john-kirby".into(),
    ///     name: "John Kirby".into(),
    ///     roles: vec![],
    /// }];
    /// let input = ExtractInput {
    ///     title: "",
    ///     dateline: None,
    ///     body: "“We have been clear and consistent,” Kirby said.",
    ///     captions: &[],
    /// };
    /// let quotes = QuoteExtractor::new().extract(&input, &people);
    /// assert_eq!(quotes[0].text, "We have been clear and consistent,");
    /// assert_eq!(quotes[0].speaker.as_deref(), Some("john-kirby"));
    /// ```
    pub fn extract(&self, input: &ExtractInput<'_>, people: &[Person]) -> Vec<Quote> {
        let body = input.body;
        if !body.contains(['“', '"']) {
            return Vec::new();
        }
        let names = Names::new(people);
        let mut quotes = Vec::new();
        let mut previous_paragraph = "";
        // The first person named in the previous paragraph, found once.
        let mut previous_first = FirstPerson::default();
        // Who spoke last in the previous paragraph, if one of its quotes
        // named them; else its last sentence decides (see
        // `last_sentence_speaker`), read only when a paragraph opens with
        // an unattributed quote, which continues them (news style).
        let mut previous_current: Option<usize> = None;
        for paragraph in body.split("\n\n") {
            // The speaker of the last quote in this paragraph: a quote with
            // no attribution of its own continues it.
            let mut current: Option<usize> = None;
            let mut first = FirstPerson::default();
            for (open, close) in quote_spans(paragraph) {
                let inner = paragraph[open..close].trim_matches(is_quote_mark);
                let text = inner.trim();
                if text.split_whitespace().count() < MIN_QUOTE_WORDS {
                    continue;
                }
                let speaker = match speaker_after(paragraph, close, &names)
                    .or_else(|| speaker_before(paragraph, open, &names))
                {
                    Some(Speaker::Person(i)) => Some(i),
                    Some(Speaker::Pronoun) => first
                        .before(paragraph, open, &names)
                        .or_else(|| previous_first.anywhere(previous_paragraph, &names)),
                    Some(Speaker::Other) => None,
                    None if open == 0 && quotes_before(paragraph, open) == 0 => previous_current
                        .or_else(|| last_sentence_speaker(previous_paragraph, &names)),
                    None => current,
                };
                current = speaker;
                quotes.push(Quote {
                    text: text.to_string(),
                    speaker: speaker.map(|i| people[i].slug.clone()),
                });
            }
            previous_current = current;
            previous_paragraph = paragraph;
            previous_first = first;
        }
        quotes
    }
}

/// How many quote marks stand before byte `at`.
fn quotes_before(paragraph: &str, at: usize) -> usize {
    paragraph[..at]
        .chars()
        .filter(|c| is_quote_mark(*c))
        .count()
}

/// The person a paragraph's last sentence reports as speaking ("…, Kirby
/// added, noting …"), if any.
fn last_sentence_speaker(paragraph: &str, people: &Names<'_>) -> Option<usize> {
    let trimmed = paragraph.trim_end().trim_end_matches(['.', '!', '?']);
    let sentence = trimmed.rsplit(['.', '?', '!']).next().unwrap_or("");
    match attribution(sentence, people)? {
        Speaker::Person(i) => Some(i),
        _ => None,
    }
}

/// The article's people as quotes look them up: by surname as written or by
/// its slug, the first person with it winning; and an automaton that finds
/// the first surname in a text. Lookups cost the same however many people
/// an article names.
struct Names<'p> {
    /// Surname as written → first person with it.
    by_surname: FxHashMap<&'p str, usize>,
    /// Slug of the surname → first person with it.
    by_key: FxHashMap<String, usize>,
    /// Every surname, in the order of the people (built when first needed).
    finder: std::cell::OnceCell<Option<Finder<'p>>>,
    people: &'p [Person],
}

impl<'p> Names<'p> {
    fn new(people: &'p [Person]) -> Self {
        let mut by_surname = FxHashMap::default();
        let mut by_key = FxHashMap::default();
        for (i, person) in people.iter().enumerate() {
            let surname = surname_of(person);
            if surname.is_empty() {
                continue;
            }
            by_surname.entry(surname).or_insert(i);
            by_key.entry(slug(&[surname])).or_insert(i);
        }
        Names {
            by_surname,
            by_key,
            finder: std::cell::OnceCell::new(),
            people,
        }
    }

    /// The first person whose surname is `word` (as written, or by slug
    /// for a word with accents).
    fn find(&self, word: &str) -> Option<usize> {
        let written = self.by_surname.get(word).copied();
        let folded = if word.is_ascii() {
            None
        } else {
            self.by_key.get(&slug(&[word])).copied()
        };
        match (written, folded) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The first surname in `text` (earliest start, then first person) and
    /// where it stands, as (start, end, person).
    fn first_in(&self, text: &str) -> Option<(usize, usize, usize)> {
        let finder = self.finder.get_or_init(|| {
            let (owners, surnames): (Vec<usize>, Vec<&'p str>) = self
                .people
                .iter()
                .enumerate()
                .map(|(i, p)| (i, surname_of(p)))
                .filter(|(_, s)| !s.is_empty())
                .unzip();
            if surnames.len() <= FEW_SURNAMES {
                return Some(Finder::Few(surnames, owners));
            }
            // Leftmost-first: of the surnames starting at the leftmost
            // match, the first person's wins.
            let automaton = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostFirst)
                .build(surnames)
                .ok()?;
            Some(Finder::Many(automaton, owners))
        });
        match finder.as_ref()? {
            // The same answer as the automaton's: the earliest first
            // occurrence, the first person on a tie.
            Finder::Few(surnames, owners) => surnames
                .iter()
                .zip(owners)
                .filter_map(|(surname, &owner)| {
                    text.find(surname)
                        .map(|start| (start, start + surname.len(), owner))
                })
                .min_by_key(|&(start, _, owner)| (start, owner)),
            Finder::Many(automaton, owners) => {
                let m = automaton.find(text)?;
                Some((m.start(), m.end(), owners[m.pattern().as_usize()]))
            }
        }
    }
}

/// Up to this many surnames an article's quotes search for each one in
/// turn (a few substring searches cost less than building an automaton per
/// article, and stay linear in the text); more share one automaton.
const FEW_SURNAMES: usize = 8;

/// How [`Names::first_in`] finds surnames.
enum Finder<'p> {
    /// A few surnames, each searched for, with their people.
    Few(Vec<&'p str>, Vec<usize>),
    /// Many, in one leftmost-first automaton, with their people.
    Many(AhoCorasick, Vec<usize>),
}

/// The person named first in a paragraph, for pronouns ("he said" refers to
/// the subject named first, in news style): searched once per paragraph,
/// however many quotes ask.
#[derive(Default)]
enum FirstPerson {
    /// Not searched yet.
    #[default]
    Unknown,
    /// The first surname, as (start, end, person), if any.
    Found(Option<(usize, usize, usize)>),
}

impl FirstPerson {
    /// Searches `paragraph`, the first time only (always the same
    /// paragraph).
    fn find(&mut self, paragraph: &str, names: &Names<'_>) {
        if matches!(self, FirstPerson::Unknown) {
            *self = FirstPerson::Found(names.first_in(paragraph));
        }
    }

    /// The person named first in the whole of `paragraph`.
    fn anywhere(&mut self, paragraph: &str, names: &Names<'_>) -> Option<usize> {
        self.find(paragraph, names);
        match self {
            FirstPerson::Found(Some((_, _, person))) => Some(*person),
            _ => None,
        }
    }

    /// The person named first in `paragraph[..at]`.
    fn before(&mut self, paragraph: &str, at: usize, names: &Names<'_>) -> Option<usize> {
        self.find(paragraph, names);
        let FirstPerson::Found(Some((start, end, person))) = *self else {
            return None;
        };
        if end <= at {
            return Some(person);
        }
        // No surname starts before `start`; one that ends by `at` starts at
        // or after it, so only `paragraph[start..at]` needs a look.
        let from = start.min(at);
        names
            .first_in(&paragraph[from..at])
            .map(|(_, _, person)| person)
    }
}

/// Who an attribution names.
enum Speaker {
    /// One of the article's people (index).
    Person(usize),
    /// "he", "she".
    Pronoun,
    /// Someone or something else ("Hamas", "the ministry").
    Other,
}

fn is_quote_mark(c: char) -> bool {
    matches!(c, '“' | '”' | '"')
}

/// Byte spans (opening mark, end of closing mark) of the quotes in one
/// paragraph. Curly marks pair by direction; straight marks pair in order.
/// An unclosed quote runs to the end of the paragraph (news style for a
/// quote continued in the next paragraph).
fn quote_spans(paragraph: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, c) in paragraph.char_indices() {
        // A mistyped closing mark: an opening “ right after a word and
        // before a space or punctuation ("would not go. “, says").
        let c = if c == '“' && open.is_some() && closes_word(paragraph, i) {
            '”'
        } else {
            c
        };
        match (open, c) {
            (None, '“') | (None, '"') => open = Some((i, c)),
            (Some((start, '“')), '”') | (Some((start, '"')), '"') => {
                spans.push((start, i + c.len_utf8()));
                open = None;
            }
            (Some((_, '“')), '“') => open = Some((i, c)),
            _ => {}
        }
    }
    if let Some((start, _)) = open {
        spans.push((start, paragraph.len()));
    }
    spans
}

/// Whether the mark at `i` closes rather than opens: punctuation right
/// after it, or a word before it and a space or the end after it.
fn closes_word(paragraph: &str, i: usize) -> bool {
    let before = paragraph[..i].chars().next_back();
    let after = paragraph[i..].chars().nth(1);
    after.is_some_and(|c| matches!(c, ',' | '.' | ';'))
        || (before.is_some_and(|c| !c.is_whitespace())
            && after.is_none_or(|c| c.is_whitespace() || c.is_ascii_punctuation()))
}

/// The clause after a closing mark: `,” Kirby said in a call` → attribution.
fn speaker_after(paragraph: &str, close: usize, people: &Names<'_>) -> Option<Speaker> {
    let rest = &paragraph[close..];
    let rest = &rest[..floor_boundary(rest, AFTER_WINDOW)];
    // Only a clause that continues the sentence: `,” he said` or `” said`.
    let trimmed = rest.trim_start();
    if trimmed.starts_with(char::is_uppercase) && !rest.starts_with([' ', ',']) {
        return None;
    }
    let clause = trimmed
        .split(['.', ';', '“', '"', '?', '!', ':', '('])
        .next()
        .unwrap_or("");
    attribution(clause, people)
}

/// The sentence part before an opening mark: `Guterres said, “` →
/// attribution.
fn speaker_before(paragraph: &str, open: usize, people: &Names<'_>) -> Option<Speaker> {
    let head = &paragraph[..open];
    let from = head.len().saturating_sub(BEFORE_WINDOW);
    let head = &head[ceil_boundary(head, from)..];
    let sentence = head
        .rsplit(['.', '?', '!'])
        .next()
        .unwrap_or("")
        .trim_end()
        .trim_end_matches([',', ':']);
    // The attribution must end the lead-in: "X said, “" / "said X: “".
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let verb_at = words.iter().rposition(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        is_speech_verb(w) || w == "saying"
    })?;
    let speaker = attribution(sentence, people)?;
    // A verb far from the quote ("Kirby said the White House was …
    // saying … “a ceasefire and the release of hostages come together”")
    // attributes a partial quote only to a person named as its subject.
    if words.len() - verb_at > NEAR_VERB_WORDS && !matches!(speaker, Speaker::Person(_)) {
        return None;
    }
    Some(speaker)
}

/// The speaker named in an attribution clause: the words next to its speech
/// verb.
fn attribution(clause: &str, people: &Names<'_>) -> Option<Speaker> {
    let words: Vec<&str> = clause
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '’' && c != '\'')
        })
        .collect();
    let verb = words
        .iter()
        .position(|w| is_speech_verb(w) || matches!(*w, "according" | "saying"))?;
    // "said X, a spokesperson" names X after the verb; "X said" before it.
    let before = &words[verb.saturating_sub(7)..verb];
    let after: Vec<&str> = words[verb + 1..]
        .iter()
        .copied()
        .skip_while(|w| *w == "to")
        .take(6)
        .collect();
    let pronoun =
        |w: Option<&&str>| w.is_some_and(|w| matches!(w.to_lowercase().as_str(), "he" | "she"));
    if pronoun(before.last()) || pronoun(after.first()) {
        return Some(Speaker::Pronoun);
    }
    // "X said", "X, the US spokesperson, said"; a possessive names no
    // person ("Netanyahu’s office said").
    if let Some(i) = find_person(before, people) {
        return Some(Speaker::Person(i));
    }
    // "said X, a spokesperson".
    if let Some(i) = find_person(&after, people) {
        return Some(Speaker::Person(i));
    }
    Some(Speaker::Other)
}

/// The person whose surname is among `words`, the one nearest the verb
/// first. Possessives ("Netanyahu’s") do not count.
fn find_person(words: &[&str], people: &Names<'_>) -> Option<usize> {
    words.iter().rev().find_map(|w| people.find(w))
}

fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::countries::CountryTagger;
    use crate::extract::people::PeopleExtractor;

    fn quotes(body: &str) -> Vec<(String, Option<String>)> {
        let input = ExtractInput {
            title: "",
            dateline: None,
            body,
            captions: &[],
        };
        let people = PeopleExtractor::new().extract(&input, &CountryTagger::new());
        QuoteExtractor::new()
            .extract(&input, &people)
            .into_iter()
            .map(|q| (q.text, q.speaker))
            .collect()
    }

    fn speaker(body: &str) -> Option<String> {
        let q = quotes(body);
        assert_eq!(q.len(), 1, "{q:?}");
        q[0].1.clone()
    }

    #[test]
    fn attribution_after_the_quote() {
        assert_eq!(
            speaker(
                "UN secretary-general António Guterres spoke. “This resolution must be \
                 implemented. Failure would be unforgivable,” UN secretary-general António \
                 Guterres wrote on X after the vote passed."
            )
            .as_deref(),
            Some("antonio-guterres")
        );
        assert_eq!(
            speaker(
                "“This resolution is an opportunity for the Council,” said Nate Evans, a \
                 spokesperson for the U.S. mission."
            )
            .as_deref(),
            Some("nate-evans")
        );
    }

    #[test]
    fn attribution_before_the_quote() {
        assert_eq!(
            speaker(
                "UN Secretary General Antonio Guterres said, “This resolution must be \
                 implemented. Failure to do so would be inexcusable.”"
            )
            .as_deref(),
            Some("antonio-guterres")
        );
    }

    #[test]
    fn partial_quotes_in_reported_speech() {
        assert_eq!(
            speaker(
                "John Kirby, the US National Security Council spokesperson, said the White \
                 House was surprised, saying the resolution reflected the view that “a \
                 ceasefire and the release of hostages come together”."
            )
            .as_deref(),
            Some("john-kirby")
        );
    }

    #[test]
    fn a_quote_paragraph_continues_the_previous_speaker() {
        let q = quotes(
            "John Kirby, the spokesperson, spoke.\n\nWashington abstained, Kirby added, \
             noting the policy.\n\n“The office seems to be indicating that we changed here. \
             We haven’t.”",
        );
        assert_eq!(q[0].1.as_deref(), Some("john-kirby"));
    }

    #[test]
    fn pronouns_resolve_to_the_subject_and_quotes_continue() {
        let q = quotes(
            "Secretary of State Antony Blinken visited Egypt, where he underscored the Biden \
             administration’s view.\n\n“A major ground operation there would mean more \
             civilian deaths,” he said. “There is a better way to deal with the threat.”",
        );
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].1.as_deref(), Some("antony-blinken"));
        assert_eq!(q[1].1.as_deref(), Some("antony-blinken"));
    }

    #[test]
    fn organisations_and_scare_quotes_stay_unattributed() {
        let q = quotes(
            "Prime Minister Benjamin Netanyahu was angry. “In light of the change, the \
             delegation will not travel,” Netanyahu’s office said. The White House was \
             “perplexed” by it. “We will keep fighting until the end,” Hamas said.",
        );
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(q[0].1, None);
        assert_eq!(q[1].1, None);
    }

    #[test]
    fn straight_quotes_and_reuters_style() {
        let q = quotes(
            "Treasury Secretary Helen Marsh said the talks went well.\n\n\"We are \
             quite sure that the plan will work,\" Marsh told reporters.",
        );
        assert_eq!(q[0].1.as_deref(), Some("helen-marsh"));
    }

    #[test]
    fn a_mistyped_closing_mark_still_closes() {
        let q = quotes(
            "“Prime Minister Netanyahu made it clear that he would not go. “, says a statement.",
        );
        assert_eq!(q.len(), 1);
        assert!(q[0].0.starts_with("Prime Minister Netanyahu"), "{q:?}");
    }

    #[test]
    fn unbalanced_marks_never_panic() {
        for body in [
            "“",
            "”",
            "\"",
            "“a b c",
            "a ” b “ c",
            "“é”",
            "he said “x y z",
            "a“ “b",
        ] {
            let _ = quotes(body);
        }
    }
}
