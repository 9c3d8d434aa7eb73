//! Candidates from running text: runs of name-like words, each split into
//! a role part and a name part, the name kept when the evidence rules
//! ([`super::evidence`]) accept it.

use super::candidate::{Candidate, MAX_NAME_WORDS};
use super::evidence::{
    apposition_follows, company_follows, in_spoken_list, is_country_name, is_credit, is_place,
    is_place_word, role_before, speech_next_to,
};
use super::lexicon::{is_particle, is_role_head, is_role_word, key_in, lexicon};
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
    let mut i = 0;
    while i < words.len() {
        let Some(run_end) = run_at(words, i) else {
            i += 1;
            continue;
        };
        let run = &words[i..run_end];
        i = run_end;

        // Split the run at its last role or organisation word.
        let split = run
            .iter()
            .rposition(|w| is_role_word(w.text) || w.acronym)
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
        let role_in_run = run[..split].iter().any(|w| is_role_head(w.text));
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
            let strong = key_in(&lex.leads, name[0].text)
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
            || name.iter().any(|w| key_in(&lex.org_words, w.text))
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

/// Whether a word may be part of a name run.
fn name_like(word: &Word<'_>) -> bool {
    (word.cap || word.initial) && !key_in(&lexicon().not_name, word.text)
}

/// The end of the run of name-like words starting at `i`, if one starts
/// there. Role connectors (`of`, `the`) may sit inside a run right after a
/// role word, acronyms ("UN", "U.S.") once a role word was seen; particles
/// inside a name.
fn run_at(words: &[Word<'_>], i: usize) -> Option<usize> {
    let starts = name_like(&words[i])
        || words[i].acronym && words.get(i + 1).is_some_and(|w| w.joined && w.cap);
    if !starts {
        return None;
    }
    let mut end = i + 1;
    let mut seen_role = is_role_word(words[i].text);
    while end < words.len() && !words[end - 1].possessive {
        let w = &words[end];
        if !w.joined {
            break;
        }
        let next_cap = words.get(end + 1).is_some_and(|n| n.joined && n.cap);
        // A connector continues a role ("Secretary of State", "Chancellor
        // of the Exchequer"), never a name: in "Senator Charles E. Schumer
        // of New York" the run ends at the surname.
        let connector = is_role_word(words[end - 1].text)
            && matches!(w.text, "of" | "the")
            && (next_cap || words.get(end + 1).is_some_and(|n| n.text == "the"));
        let particle = is_particle(w.text) && next_cap;
        if name_like(w) || connector || particle || (w.acronym && next_cap && seen_role) {
            seen_role |= is_role_word(w.text);
            end += 1;
        } else {
            break;
        }
    }
    Some(end)
}
