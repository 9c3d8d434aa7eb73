//! Headline rules: the person shapes of headlines, where capitals say
//! nothing (all-caps wire titles) or a name stands alone ("Sumita says").

use super::candidate::Candidate;
use super::evidence::is_place;
use super::lexicon::{class, is_role_head, lexicon};
use super::tokens::{fold_key, Word};
use crate::extract::countries::CountryTagger;

/// Most words of a headline read for `ROLE NAME` and `LEAD NAME` pairs
/// (Reuters titles have at most 26; a longer title is a paragraph taken as
/// a title). Each word read is looked up in the body, so this bound keeps
/// the rules linear in the body.
pub(super) const MAX_HEADLINE_WORDS: usize = 64;

/// Candidates from a headline. Mixed-case headlines have had the
/// running-text rules already; this adds the headline shapes:
///
/// - `NAME says|sees|expects ...` at the start ("Sumita says", "VOLCKER
///   SEES"), when NAME is not a place, a headline noun ("REPORT SAYS"),
///   an acronym, or a word the body uses in lowercase;
/// - `... - NAME` / `..., NAME` at the end ("... - Subroto");
/// - in all-caps headlines, `ROLE NAME` ("PRESIDENT REAGAN"),
///   `ORG'S NAME VERB` ("TREASURY'S BAKER SAYS") and `LEAD NAME`
///   ("CARL ICAHN SAYS"), in the first [`MAX_HEADLINE_WORDS`] words.
pub(super) fn candidates(
    title: &str,
    words: &[Word<'_>],
    shouting: bool,
    body: &BodyWords<'_>,
    countries: &CountryTagger,
    out: &mut Vec<Candidate>,
) {
    if words.is_empty() {
        return;
    }
    let lex = lexicon();
    let usable = |w: &Word<'_>| {
        let key = fold_key(w.text);
        key.len() >= 3
            && w.text.chars().all(|c| c.is_alphabetic() || c == '-')
            && !lex.is(
                &key,
                class::NOT_NAME
                    | class::HEADLINE_SUBJECT
                    | class::ROLE_HEAD
                    | class::ROLE_WORD
                    | class::HEADLINE_VERB,
            )
            && !is_place(w.text, countries)
            && !body.contains_word(&key)
            && (body.is_empty() || body.contains_word(&title_case(w.text)))
            && (shouting || !w.acronym)
    };
    let push = |out: &mut Vec<Candidate>, words: &[&Word<'_>], role: Option<String>| {
        out.push(Candidate {
            words: words.iter().map(|w| title_case(w.text)).collect(),
            role,
            company: false,
            weak: false,
        });
    };
    let verb_at = |k: usize| {
        words
            .get(k)
            .is_some_and(|w| w.joined && lex.is(w.text, class::HEADLINE_VERB))
    };

    // NAME VERB at the start.
    if verb_at(1) && usable(&words[0]) && !words[0].possessive {
        push(out, &[&words[0]], None);
    }
    // ... - NAME / ..., NAME at the end.
    let last = &words[words.len() - 1];
    if words.len() > 2 && !last.joined {
        let gap = &title[words[words.len() - 2].end..last.start];
        if (gap.contains('-') || gap.contains(',')) && usable(last) {
            push(out, &[last], None);
        }
    }
    if !shouting {
        return;
    }
    for k in 0..words.len().saturating_sub(1).min(MAX_HEADLINE_WORDS) {
        let (a, b) = (&words[k], &words[k + 1]);
        if !b.joined {
            continue;
        }
        // The shape of the pair first: `usable` looks the word up in the
        // body, and most pairs are neither shape.
        let role_then_name = is_role_head(a.text) && !a.possessive;
        let org_then_name = a.possessive && verb_at(k + 2);
        if (role_then_name || org_then_name) && !b.possessive {
            if usable(b) {
                push(out, &[b], Some(title_case(a.text)));
            }
        } else if !a.possessive
            && lex.is(a.text, class::LEAD)
            && (k == 0 || !words[k - 1].joined || !is_role_head(words[k - 1].text))
            && usable(b)
        {
            push(out, &[a, b], None);
        }
    }
}

/// A body searched for whole words: "does the body use this headline word
/// in lowercase (an ordinary word) or capitalised (a name)?".
pub(super) struct BodyWords<'a> {
    text: &'a str,
}

impl<'a> BodyWords<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        BodyWords { text }
    }

    fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Whether `word` appears as a whole word, in exactly this case.
    fn contains_word(&self, word: &str) -> bool {
        let bytes = self.text.as_bytes();
        self.text.match_indices(word).any(|(i, m)| {
            let before = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
            let after = i + m.len() >= bytes.len() || !bytes[i + m.len()].is_ascii_alphanumeric();
            before && after
        })
    }
}

/// "REAGAN" → "Reagan", "THOMAS-GREENFIELD" → "Thomas-Greenfield".
fn title_case(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut upper = true;
    for c in word.chars() {
        if upper {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        upper = !c.is_alphanumeric();
    }
    out
}
