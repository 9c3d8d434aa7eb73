//! Candidates from running text: runs of name-like words, each split into
//! a role part and a name part, the name kept when the evidence rules
//! ([`super::evidence`]) accept it.

use super::candidate::{Candidate, MAX_NAME_WORDS};
use super::evidence::{
    apposition_follows, company_follows, in_spoken_list, is_country_name, is_credit, is_place,
    is_place_word, role_before, speech_next_to,
};
use super::lexicon::{class, is_particle, lexicon, Lexicon};
use super::linking::is_suffix;
use super::tokens::{join_words, Word};
use crate::extract::countries::CountryTagger;
use crate::extract::orgs::{is_company_name, is_legal_form};

/// Candidates from running (mixed-case) text.
pub(super) fn text_candidates(
    text: &str,
    words: &[Word<'_>],
    countries: &CountryTagger,
    out: &mut Vec<Candidate>,
) {
    let lex = lexicon();
    // The class bits of the run's words, looked up once per word.
    let mut classes = Vec::new();
    let role = class::ROLE_HEAD | class::ROLE_WORD;
    let mut i = 0;
    while i < words.len() {
        let Some(run_end) = run_at(lex, words, i, &mut classes) else {
            i += 1;
            continue;
        };
        let run = &words[i..run_end];
        i = run_end;

        // Split the run at its last role or organisation word.
        let split = run
            .iter()
            .zip(&classes)
            .rposition(|(w, c)| c & role != 0 || w.acronym)
            .map_or(0, |r| r + 1);
        let mut name = &run[split..];
        // A run that ends on a possessive is a name only up to it
        // ("Netanyahu's office").
        if name.is_empty() || name.len() > MAX_NAME_WORDS + 1 {
            continue;
        }
        // Drop a trailing suffix for the checks below.
        let core_len =
            name.len() - usize::from(name.len() > 1 && is_suffix(name[name.len() - 1].text));
        name = &name[..core_len];
        // A place glued to the end is no part of the name ("George
        // Shultz China's troubles").
        while name.len() > 1 && is_country_name(name[name.len() - 1].text, countries) {
            name = &name[..name.len() - 1];
        }
        if name.len() > MAX_NAME_WORDS || !name[name.len() - 1].cap || is_particle(name[0].text) {
            continue;
        }
        let role_in_run = classes[..split].iter().any(|c| c & class::ROLE_HEAD != 0);
        let role = if role_in_run {
            Some(join_words(text, &run[..split]))
        } else if name[0].joined && i - run.len() > 0 {
            role_before(text, words, i - run.len())
        } else {
            None
        };

        let start = i - run.len() + split;
        // `weak`: a name without evidence of its own, kept only when a
        // one-word mention elsewhere in the story ties it to a person
        // ("Kerrigan Moss ... Moss said", see `linking`), or a one-word
        // name next to a speech verb, kept only when it ties to a full name.
        let (accepted, weak) = if role.is_some() {
            (name.len() > 1 || !is_place(name[0].text, countries), false)
        } else if name.len() >= 2 {
            let strong = classes[split] & class::LEAD != 0
                || apposition_follows(text, name[name.len() - 1].end)
                || speech_next_to(words, start, i)
                || in_spoken_list(text, words, start, start + name.len());
            (true, !strong)
        } else if in_spoken_list(text, words, start, start + 1) {
            (!is_place(name[0].text, countries), false)
        } else {
            let speech = speech_next_to(words, start, i) && !name[0].possessive;
            (speech && !is_place(name[0].text, countries), true)
        };
        if !accepted {
            continue;
        }
        let suffixed = company_follows(text, words, i);
        // A legal form right after the name ("Nathan Pryce Corp", "Merrill
        // Lynch and Co") makes it a company in the whole story; weaker
        // company markers ("Paul Volcker and International Monetary Fund")
        // only this mention.
        let legal = |k: usize| {
            words
                .get(k)
                .is_some_and(|w| w.joined && is_legal_form(w.text))
        };
        let legal_follows =
            legal(i) || (words.get(i).is_some_and(|w| w.joined && w.text == "and") && legal(i + 1));
        let company =
            name.len() > 1 && (legal_follows || is_company_name(name.iter().map(|w| w.text)));
        if company {
            // Kept as a company: the same words elsewhere in the story are
            // no person ("Diamond Shamrock Corp ... Diamond Shamrock said").
            out.push(Candidate {
                words: name.iter().map(|w| w.text.to_string()).collect(),
                role: None,
                company: true,
                weak: false,
            });
            continue;
        }
        if (name.len() > 1 && is_place_word(name[0].text, countries))
            || classes[split..split + name.len()]
                .iter()
                .any(|c| c & class::ORG_WORD != 0)
            || suffixed
            || is_credit(text, words, i)
            || (name.len() > 1 && is_place(&join_words(text, name), countries))
        {
            continue;
        }
        out.push(Candidate {
            words: name.iter().map(|w| w.text.to_string()).collect(),
            role,
            company: false,
            weak,
        });
    }
}

/// Whether a word of these class bits may be part of a name run.
fn name_like(word: &Word<'_>, class: u8) -> bool {
    (word.cap || word.initial) && class & class::NOT_NAME == 0
}

/// The end of the run of name-like words starting at `i`, if one starts
/// there, with the class bits of its words in `classes`. Role connectors
/// (`of`, `the`) may sit inside a run right after a role word, acronyms
/// ("UN", "U.S.") once a role word was seen; particles inside a name.
fn run_at(lex: &Lexicon, words: &[Word<'_>], i: usize, classes: &mut Vec<u8>) -> Option<usize> {
    let role = class::ROLE_HEAD | class::ROLE_WORD;
    let first = &words[i];
    if !(first.cap || first.initial || first.acronym) {
        return None;
    }
    let first_class = lex.class_of(first.text);
    let starts = name_like(first, first_class)
        || first.acronym && words.get(i + 1).is_some_and(|w| w.joined && w.cap);
    if !starts {
        return None;
    }
    classes.clear();
    classes.push(first_class);
    let mut end = i + 1;
    let mut seen_role = first_class & role != 0;
    while end < words.len() && !words[end - 1].possessive {
        let w = &words[end];
        if !w.joined {
            break;
        }
        let particle = is_particle(w.text);
        // Only these words may continue a run: never look up the others.
        if !(w.cap || w.initial || w.acronym || particle || matches!(w.text, "of" | "the")) {
            break;
        }
        let w_class = lex.class_of(w.text);
        let next_cap = words.get(end + 1).is_some_and(|n| n.joined && n.cap);
        // A connector continues a role ("Secretary of State", "Chancellor
        // of the Exchequer"), never a name: in "Senator Charles E. Schumer
        // of New York" the run ends at the surname.
        let connector = classes[classes.len() - 1] & role != 0
            && matches!(w.text, "of" | "the")
            && (next_cap || words.get(end + 1).is_some_and(|n| n.text == "the"));
        let particle = particle && next_cap;
        if name_like(w, w_class) || connector || particle || (w.acronym && next_cap && seen_role) {
            seen_role |= w_class & role != 0;
            classes.push(w_class);
            end += 1;
        } else {
            break;
        }
    }
    Some(end)
}
