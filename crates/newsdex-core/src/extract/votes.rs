//! Vote extraction: which body voted, how it went, the tally, and how each
//! member (a country) voted.
//!
//! The extractor works sentence by sentence, and only on sentences that
//! contain a vote word (found for the whole text in one Aho-Corasick pass),
//! so ordinary prose costs one automaton scan. In a vote sentence:
//!
//! - **Ballots** are verb phrases ("vetoed", "voted against", "abstained",
//!   "voted in favour", "abstention from"). Their members are the countries
//!   of the clause that governs the verb: the text since the previous ballot
//!   verb or clause boundary ("when", "as", "after", "but", ";" …), with
//!   relative clauses (", who are permanent members,") removed. So in "the
//!   resolution failed when Russia, China and Algeria voted against it" the
//!   members are Russia, China and Algeria, and in "Washington, which
//!   protects Israel at the U.N., has vetoed" only Washington.
//! - **Vetoes**: "vetoed" by anyone; and "voted against" by a permanent
//!   member of the UN Security Council (US, UK, France, Russia, China, and
//!   the USSR) in a Security Council vote that failed.
//! - **Outcome**: "failed", "rejected", "defeated" → failed; "passed",
//!   "adopted", "approved" → adopted; else a tally "350-73" decides by its
//!   majority; a veto alone means failed. "failed to pass" is failed.
//! - **Body**: Security Council, General Assembly, House, Senate, parliament,
//!   shareholders…, or the last body named in the article.
//!
//! Members are canonical country ids from the [`CountryTagger`]; ballots by
//! anything else (a senator, a shareholder) are not recorded per member.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use rustc_hash::FxHashSet;

use super::countries::CountryTagger;
use super::input::ExtractInput;
use crate::article::{Ballot, MemberBallot, VoteEvent, VoteOutcome};

/// Words that make a sentence worth reading for votes.
const VOTE_WORDS: &[&str] = &[
    "vote",
    "rejected",
    "defeated",
    "voting",
    "veto",
    "abstain",
    "abstention",
    "in favor",
    "in favour",
    "passed",
    "adopted",
    "approved",
];

/// Permanent members of the UN Security Council (canonical ids), whose
/// "no" in a failed Security Council vote is a veto.
const PERMANENT_MEMBERS: &[&str] = &["us", "gb", "fr", "ru", "cn", "su"];

/// Finds vote events in article text.
#[derive(Debug)]
pub struct VoteExtractor {
    vote_words: AhoCorasick,
    ballots: Vec<(Regex, Ballot, MemberSide)>,
    relative_clause: Regex,
    boundary: Regex,
    adopted: Regex,
    failed: Regex,
    tally: Regex,
    in_favour: Regex,
    vote_noun: Regex,
    bodies: Vec<(Regex, &'static str)>,
}

/// Where a ballot's members stand relative to its verb.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MemberSide {
    /// "Russia and China vetoed …"
    Before,
    /// "… one abstention from the United Kingdom"
    After,
}

impl Default for VoteExtractor {
    fn default() -> Self {
        Self::new()
    }
}

/// Compiles a pattern written in this file (a test checks every one).
fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("vote pattern {pattern:?}: {e}"))
}

impl VoteExtractor {
    /// Builds the extractor (automaton and patterns compiled once).
    pub fn new() -> Self {
        let vote_words = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostFirst)
            .build(VOTE_WORDS)
            .unwrap_or_else(|e| panic!("vote words: {e}"));
        use Ballot::*;
        use MemberSide::*;
        VoteExtractor {
            vote_words,
            ballots: vec![
                (re(r"(?i)(?-u:\b)vetoed(?-u:\b)"), Vetoed, Before),
                // Bare "veto" is a verb only right after a member ("Russia,
                // China veto US resolution"); see `is_member_verb`.
                (re(r"(?i)(?-u:\b)veto(?-u:\b)"), Vetoed, Before),
                (
                    re(
                        r"(?i)(?-u:\b)(?:voted|votes|vote|voting|cast (?:a|their|its) votes?) (?:against|no)(?-u:\b)",
                    ),
                    Against,
                    Before,
                ),
                (
                    re(r"(?i)(?-u:\b)abstain(?:ed|s|ing)?(?-u:\b)"),
                    Abstained,
                    Before,
                ),
                (
                    re(r"(?i)(?-u:\b)abstentions? (?:from|by)(?-u:\b)"),
                    Abstained,
                    After,
                ),
                (
                    re(r"(?i)(?-u:\b)(?:voted|votes|voting) (?:in favou?r|for|yes)(?-u:\b)"),
                    For,
                    Before,
                ),
            ],
            relative_clause: re(r",\s*(?:who|which|whose)(?-u:\b)[^,;]*,"),
            boundary: re(
                r"(?i)(?-u:\b)(?:when|as|while|but|after|because|although|though|since|that|which|who|whereas|before|where|than)(?-u:\b)|[;:—–(]",
            ),
            adopted: re(
                r"(?i)(?-u:\b)(?:passed|adopted|approved|passes|adopts|approves|was carried)(?-u:\b)",
            ),
            failed: re(
                r"(?i)(?-u:\b)(?:failed|fails|rejected|rejects|defeated|voted down)(?-u:\b)",
            ),
            // "14-0", "350 to 73"; then abstentions: "14-0-1", "13–1–1",
            // "14 to 0 with 1 abstention", "12-2, with one abstention".
            tally: re(concat!(
                r"(?-u:\b)(\d{1,3}) ?(?:-|–|to) ?(\d{1,3})",
                r"(?: ?(?:-|–) ?(\d{1,3})|,? (?:with|and) (\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen) abstentions?)?(?-u:\b)",
            )),
            in_favour: re(
                r"(?i)(?-u:\b)(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen)(?: members| votes| countries| nations)?(?: of the [A-Za-z ]+?)? (?:voted |votes )?(?:in favou?r|of approval)(?-u:\b)",
            ),
            vote_noun: re(r"(?i)(?-u:\b)(?:vote|voted|votes|voting|ballot|referendum)(?-u:\b)"),
            bodies: vec![
                (
                    re(r"(?i)(?-u:\b)security council(?-u:\b)"),
                    "UN Security Council",
                ),
                (
                    re(r"(?i)(?-u:\b)general assembly(?-u:\b)"),
                    "UN General Assembly",
                ),
                (
                    re(r"(?-u:\b)House(?: of Representatives)?(?-u:\b)"),
                    "House",
                ),
                (re(r"(?-u:\b)House of Commons(?-u:\b)"), "House of Commons"),
                (re(r"(?-u:\b)Senate(?-u:\b)"), "Senate"),
                (
                    re(r"(?i)(?-u:\b)(?:parliament|knesset|bundestag|duma|diet|congress)(?-u:\b)"),
                    "parliament",
                ),
                (
                    re(r"(?i)(?-u:\b)(?:shareholders|stockholders)(?-u:\b)"),
                    "shareholders",
                ),
                (re(r"(?i)(?-u:\b)board(?-u:\b)"), "board"),
            ],
        }
    }

    /// Vote events in one article, in text order.
    pub fn extract(&self, input: &ExtractInput<'_>, countries: &CountryTagger) -> Vec<VoteEvent> {
        let mut events = Vec::new();
        let mut last_body: Option<&'static str> = None;
        for text in [input.title, input.body] {
            for sentence in vote_sentences(text, &self.vote_words) {
                if let Some(event) = self.sentence(sentence, countries, &mut last_body) {
                    events.push(event);
                }
            }
        }
        events
    }

    fn sentence(
        &self,
        sentence: &str,
        countries: &CountryTagger,
        last_body: &mut Option<&'static str>,
    ) -> Option<VoteEvent> {
        let sentence_body = self
            .bodies
            .iter()
            .find(|(pattern, _)| pattern.is_match(sentence))
            .map(|(_, name)| *name);
        if sentence_body.is_some() {
            *last_body = sentence_body;
        }
        let body = sentence_body.or(*last_body);

        let failed = self.failed.find(sentence);
        let adopted = self.adopted.find_iter(sentence).find(|m| {
            !preceded_by(
                sentence,
                m.start(),
                &["failed to", "fails to", "failing to"],
            )
        });
        let tally = self.tally(sentence);

        let mut ballots: Vec<MemberBallot> = Vec::new();
        let mut recorded: FxHashSet<(String, Ballot)> = FxHashSet::default();
        let mut clause_start = 0;
        let mut verbs: Vec<(usize, usize, Ballot, MemberSide)> = self
            .ballots
            .iter()
            .flat_map(|(pattern, ballot, side)| {
                pattern
                    .find_iter(sentence)
                    .map(move |m| (m.start(), m.end(), *ballot, *side))
            })
            .collect();
        verbs.sort_by_key(|v| v.0);
        verbs.dedup_by_key(|v| v.0);
        // End of the clause read for the last "after" ballot ("abstention
        // from …"): a later one inside it reads the rest of the same clause,
        // whose members are already recorded.
        let mut after_clause_end = 0;
        for (start, end, ballot, side) in verbs {
            if start < clause_start {
                continue;
            }
            let members = match side {
                MemberSide::Before => trailing_members(
                    &self.governing_clause(&sentence[clause_start..start]),
                    countries,
                ),
                MemberSide::After if start < after_clause_end => Vec::new(),
                MemberSide::After => {
                    let window = next_clause(&sentence[end..], &self.boundary);
                    after_clause_end = end + window.len();
                    country_ids(window, countries)
                }
            };
            let bare_veto = ballot == Ballot::Vetoed
                && sentence[start..end].eq_ignore_ascii_case("veto")
                && !is_member_verb(&sentence[clause_start..start], countries);
            clause_start = end;
            if bare_veto {
                continue;
            }
            for member in members {
                let ballot = match ballot {
                    Ballot::Against
                        if failed.is_some()
                            && body == Some("UN Security Council")
                            && PERMANENT_MEMBERS.contains(&member.as_str()) =>
                    {
                        Ballot::Vetoed
                    }
                    other => other,
                };
                if recorded.insert((member.clone(), ballot)) {
                    ballots.push(MemberBallot { member, ballot });
                }
            }
        }

        let outcome = match (failed, adopted) {
            (Some(_), _) => Some(VoteOutcome::Failed),
            (None, Some(_)) => Some(VoteOutcome::Adopted),
            // Only a full tally ("350-73") decides; "11 in favour" alone
            // says nothing of the noes or a veto.
            (None, None) => match &tally {
                Some((yes, Some(no), _)) if yes > no => Some(VoteOutcome::Adopted),
                Some((yes, Some(no), _)) if yes < no => Some(VoteOutcome::Failed),
                _ if ballots.iter().any(|b| b.ballot == Ballot::Vetoed) => {
                    Some(VoteOutcome::Failed)
                }
                _ => None,
            },
        };
        // An outcome alone ("Netanyahu rejected the calls") is a vote only
        // in a sentence that names a voting body or a vote.
        let vote_context = sentence_body.is_some() || self.vote_noun.is_match(sentence);
        if ballots.is_empty() && tally.is_none() && !(outcome.is_some() && vote_context) {
            return None;
        }
        Some(VoteEvent {
            body: body.map(str::to_string),
            outcome,
            tally: tally.map(|(_, _, text)| text),
            ballots,
        })
    }

    /// The tally: "14-0", "350 to 73" (yes and no), "14-0-1", "14 to 0 with
    /// one abstention" (yes, no and abstentions, written "14-0-1"), or
    /// "eleven … in favour" (yes only).
    fn tally(&self, sentence: &str) -> Option<(u32, Option<u32>, String)> {
        if let Some(c) = self.tally.captures(sentence) {
            // A tally sits next to a vote word, not in a date or a score.
            let near_vote = sentence[..c.get(0)?.start()].rsplit(' ').take(4).any(|w| {
                let w = w.to_ascii_lowercase();
                w.starts_with("vot")
                    || w.starts_with("pass")
                    || w.starts_with("approv")
                    || w.starts_with("adopt")
                    || w.starts_with("reject")
            });
            if near_vote {
                let yes = c[1].parse().ok()?;
                let no = c[2].parse().ok()?;
                let abstained = c.get(3).or(c.get(4)).and_then(|m| number(m.as_str()));
                let text = match abstained {
                    Some(abstained) => format!("{yes}-{no}-{abstained}"),
                    None => format!("{yes}-{no}"),
                };
                return Some((yes, Some(no), text));
            }
        }
        let c = self.in_favour.captures(sentence)?;
        let yes = number(&c[1])?;
        Some((yes, None, format!("{yes} in favour")))
    }

    /// The part of `before` that governs a ballot verb: after the last
    /// clause boundary, with relative clauses removed.
    fn governing_clause(&self, before: &str) -> String {
        let without_relatives = self.relative_clause.replace_all(before, " ");
        let start = self
            .boundary
            .find_iter(&without_relatives)
            .last()
            .map_or(0, |m| m.end());
        without_relatives[start..].to_string()
    }
}

/// The clause after a verb ("from the United Kingdom, …" → "from the
/// United Kingdom"): up to the first clause boundary, '.' or ','. Reads no
/// further than that end.
fn next_clause<'a>(after: &'a str, boundary: &Regex) -> &'a str {
    let stop = after.find(['.', ',']).unwrap_or(after.len());
    // A boundary never spans a '.' or ',' (and `\b` reads the same at the
    // cut, before a non-word character): searching up to `stop` finds the
    // same first boundary as searching the whole rest.
    let end = boundary.find(&after[..stop]).map_or(stop, |m| m.start());
    &after[..end]
}

/// Words that may stand between the members of a list and their verb, or
/// between the members ("Russia and China on Friday vetoed").
const FILLERS: &[&str] = &[
    "and",
    "or",
    "also",
    "both",
    "the",
    "have",
    "has",
    "had",
    "all",
    "then",
    "too",
    "each",
    "on",
    "in",
    "last",
    "this",
    "yesterday",
    "today",
    "later",
    "again",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "week",
    "month",
];

/// The countries of the list that ends `window` ("… attacks, the US" → us;
/// "France, Italy and Japan" → fr, it, jp), read backwards word by word and
/// stopping at the first word that is neither a country nor a filler.
fn trailing_members(window: &str, countries: &CountryTagger) -> Vec<String> {
    let words: Vec<&str> = window
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let mut members = Vec::new();
    let mut end = words.len();
    'scan: while end > 0 {
        // The longest name (up to 3 words) ending at `end`.
        for len in (1..=3.min(end)).rev() {
            let name = words[end - len..end].join(" ");
            let name = name.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
            let capitalised = name.chars().next().is_some_and(char::is_uppercase);
            if capitalised {
                if let Some(country) = countries.registry().lookup(name) {
                    if !members.contains(&country.id) {
                        members.push(country.id.clone());
                    }
                    end -= len;
                    continue 'scan;
                }
            }
        }
        let word = words[end - 1]
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if FILLERS.contains(&word.as_str()) {
            end -= 1;
        } else {
            break;
        }
    }
    members.reverse();
    members
}

/// Whether the text right before a bare "veto" ends with a member, making
/// "veto" a verb ("Russia, China veto …") rather than a noun ("the veto").
fn is_member_verb(before: &str, countries: &CountryTagger) -> bool {
    let trimmed = before.trim_end();
    let last_word = trimmed
        .rsplit(|c: char| c.is_whitespace() || c == ',')
        .next()
        .unwrap_or("");
    !last_word.is_empty()
        && countries
            .registry()
            .lookup(last_word.trim_matches(|c: char| !c.is_alphanumeric()))
            .is_some()
}

fn country_ids(window: &str, countries: &CountryTagger) -> Vec<String> {
    if window.trim().is_empty() {
        return Vec::new();
    }
    let input = ExtractInput {
        title: "",
        dateline: None,
        body: window,
        captions: &[],
    };
    countries.tag(&input).mentioned
}

/// Whether the text before `at` ends with one of `phrases` (lowercase
/// ASCII), case aside. Reads only as much of the text as the longest phrase.
fn preceded_by(text: &str, at: usize, phrases: &[&str]) -> bool {
    let before = text[..at].trim_end();
    let longest = phrases.iter().map(|p| p.len()).max().unwrap_or(0);
    let mut from = before.len().saturating_sub(longest);
    while !before.is_char_boundary(from) {
        from -= 1;
    }
    let tail = before[from..].to_ascii_lowercase();
    phrases.iter().any(|p| tail.ends_with(p))
}

fn number(text: &str) -> Option<u32> {
    const WORDS: [&str; 15] = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "thirteen", "fourteen", "fifteen",
    ];
    let lower = text.to_ascii_lowercase();
    WORDS
        .iter()
        .position(|w| *w == lower)
        .map(|i| i as u32 + 1)
        .or_else(|| text.parse().ok())
}

/// The sentences of `text` that contain a vote word.
fn vote_sentences<'a>(text: &'a str, words: &AhoCorasick) -> Vec<&'a str> {
    let mut out: Vec<&'a str> = Vec::new();
    let mut last_start = usize::MAX;
    // End of the last sentence found: a vote word before it is in that
    // sentence, which is not looked for again (a sentence of many vote
    // words is read once).
    let mut last_end = 0;
    for m in words.find_iter(text) {
        if m.start() < last_end {
            continue;
        }
        let (start, end) = sentence_around(text, m.start());
        if start != last_start {
            out.push(&text[start..end]);
            last_start = start;
        }
        last_end = end;
    }
    out
}

/// Byte range of the sentence containing `at`: bounded by line breaks and by
/// '.', '!' or '?' followed by a space and a capital letter or a quote.
fn sentence_around(text: &str, at: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let is_end = |i: usize| -> bool {
        // `i` is the index of a '.', '!' or '?'.
        let rest = &text[i + 1..];
        let mut chars = rest.chars();
        matches!(chars.next(), Some(' '))
            && chars
                .next()
                .is_some_and(|c| c.is_uppercase() || c == '“' || c == '"')
            && !abbreviation_before(text, i)
    };
    let mut start = 0;
    for i in (0..at).rev() {
        match bytes[i] {
            b'\n' => {
                start = i + 1;
                break;
            }
            b'.' | b'!' | b'?' if is_end(i) => {
                start = i + 2;
                break;
            }
            _ => {}
        }
    }
    let mut end = text.len();
    for (i, &b) in bytes.iter().enumerate().skip(at) {
        match b {
            b'\n' => {
                end = i;
                break;
            }
            b'.' | b'!' | b'?' if is_end(i) => {
                end = i + 1;
                break;
            }
            _ => {}
        }
    }
    (start.min(at), end.max(at))
}

/// Whether the '.' at `i` ends an abbreviation ("U.S.", "Mr.", "Oct.").
fn abbreviation_before(text: &str, i: usize) -> bool {
    let word = text[..i]
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    word.len() <= 3 && word.chars().next().is_some_and(char::is_uppercase) || word.contains('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tagger() -> &'static CountryTagger {
        static TAGGER: std::sync::OnceLock<CountryTagger> = std::sync::OnceLock::new();
        TAGGER.get_or_init(CountryTagger::new)
    }

    fn facets_of(title: &str, body: &str) -> Vec<String> {
        let tagger = tagger();
        let input = ExtractInput {
            title,
            dateline: None,
            body,
            captions: &[],
        };
        VoteEvent::facet_paths_of(&VoteExtractor::new().extract(&input, tagger))
    }

    fn facets(body: &str) -> Vec<String> {
        facets_of("", body)
    }

    fn has(list: &[String], want: &[&str]) -> bool {
        want.iter().all(|w| list.iter().any(|l| l == w))
    }

    #[test]
    fn every_pattern_compiles() {
        VoteExtractor::new();
    }

    #[test]
    fn sentences_of_other_shapes() {
        let f = facets("The House voted 350-73 to override the veto.");
        assert_eq!(f, vec!["adopted"], "the noun 'veto' is no ballot");
        let input = ExtractInput {
            title: "",
            dateline: None,
            body: "The House voted 350-73 to override the veto.",
            captions: &[],
        };
        let events = VoteExtractor::new().extract(&input, tagger());
        assert_eq!(events[0].tally.as_deref(), Some("350-73"));
        assert_eq!(events[0].body.as_deref(), Some("House"));

        assert_eq!(
            facets("France, Italy and Japan abstained."),
            vec!["abstained/fr", "abstained/it", "abstained/jp"]
        );
        let f = facets(
            "The United States and Britain vetoed a Security Council resolution on Tuesday.",
        );
        assert!(has(&f, &["vetoed/us", "vetoed/gb", "failed"]), "{f:?}");
        assert_eq!(
            facets("The measure passed 92-1 after a short debate."),
            vec!["adopted"]
        );
        let f = facets("Shareholders rejected the merger by 60 to 40.");
        assert_eq!(f, vec!["failed"]);
    }

    #[test]
    fn permanent_members_voting_no_in_a_failed_council_vote_veto() {
        let f = facets("The draft failed to pass in the Security Council as Russia and China, who are permanent members, voted against the measure.");
        assert!(has(&f, &["vetoed/ru", "vetoed/cn", "failed"]), "{f:?}");
        assert!(
            !f.iter().any(|x| x == "adopted"),
            "failed to pass is not passed: {f:?}"
        );
        let f = facets("The resolution failed in the Security Council when Russia, China and Algeria voted against it.");
        assert!(has(&f, &["vetoed/ru", "vetoed/cn", "against/dz"]), "{f:?}");
        // A non-permanent member's no is just a no; so is any no outside the Council.
        let f =
            facets("In the General Assembly vote, which failed, Brazil and Russia voted against.");
        assert!(has(&f, &["against/br", "against/ru"]), "{f:?}");
    }

    #[test]
    fn members_come_from_the_governing_clause() {
        let f = facets("Washington, which traditionally protects Israel at the U.N., has vetoed three draft resolutions.");
        assert_eq!(f, vec!["failed", "vetoed/us"]);
        let f = facets("Algeria also voted against and Guyana abstained.");
        assert_eq!(f, vec!["abstained/gy", "against/dz"]);
        let f = facets("Because the text did not condemn Hamas for the attacks, the US abstained.");
        assert_eq!(
            f,
            vec!["abstained/us"],
            "only the list right before the verb"
        );
        let f = facets("Russia and China on Friday vetoed the draft.");
        assert!(has(&f, &["vetoed/ru", "vetoed/cn"]), "{f:?}");
        let f = facets("The resolution received 13 votes of approval and one abstention from the United Kingdom.");
        assert!(has(&f, &["abstained/gb"]), "{f:?}");
        let f = facets_of("Russia, China veto US resolution calling for a truce", "");
        assert!(
            has(&f, &["vetoed/ru", "vetoed/cn"]) && !f.contains(&"vetoed/us".to_string()),
            "{f:?}"
        );
    }

    #[test]
    fn tallies() {
        let x = VoteExtractor::new();
        let tally = |body: &str| {
            let input = ExtractInput {
                title: "",
                dateline: None,
                body,
                captions: &[],
            };
            x.extract(&input, tagger())
                .into_iter()
                .find_map(|e| e.tally)
        };
        assert_eq!(
            tally("The Security Council has voted 14-0 in favor of a resolution.").as_deref(),
            Some("14-0")
        );
        assert_eq!(
            tally("Eleven members of the Security Council voted in favour.").as_deref(),
            Some("11 in favour")
        );
        assert_eq!(tally("The vote came on March 14-15 2024.").as_deref(), None);
        // For, against and abstentions.
        for (text, want) in [
            ("The Security Council voted 14-0-1 to adopt it.", "14-0-1"),
            ("The Council voted 14 to 0 with 1 abstention.", "14-0-1"),
            ("The Council voted 14-0, with one abstention.", "14-0-1"),
            ("The draft was adopted 13-1-1 on Monday.", "13-1-1"),
            ("The council adopted it 13 - 1 - 1 on Monday.", "13-1-1"),
            (
                "Delegates voted 120 to 14 with 25 abstentions.",
                "120-14-25",
            ),
            ("The House voted 350 - 73 to override.", "350-73"),
        ] {
            assert_eq!(tally(text).as_deref(), Some(want), "{text}");
        }
        // The abstentions do not decide: 13-1-1 is adopted, 1-13-1 failed.
        assert_eq!(
            facets("The Council voted 13-1-1 on the draft."),
            ["adopted"]
        );
        assert_eq!(facets("The Council voted 1-13-1 on the draft."), ["failed"]);
        // "N in favour" alone does not decide the outcome (a veto may follow).
        assert_eq!(
            facets("The draft received 13 votes of approval."),
            Vec::<String>::new()
        );
        assert!(facets("Netanyahu rejected the calls.").is_empty());
    }

    #[test]
    fn bundled_articles() {
        let article = |text: &str| {
            let (title, body) = text.split_once('\n').unwrap_or(("", text));
            facets_of(title, body)
        };
        let a000 = article(include_str!("../../../../data/000_df541e715b24961e.txt"));
        let a001 = article(include_str!("../../../../data/001_cf887b448339b9f4.txt"));
        let a002 = article(include_str!("../../../../data/002_f1aa1cb7bbfa5214.txt"));
        let a003 = article(include_str!("../../../../data/003_5248f7319b62dc57.txt"));
        let a004 = article(include_str!("../../../../data/004_06944581988b0e46.txt"));
        for (name, f) in [("001", &a001), ("002", &a002)] {
            assert!(
                has(f, &["vetoed/ru", "vetoed/cn", "against/dz"]),
                "{name}: {f:?}"
            );
            assert!(!f.contains(&"adopted".to_string()), "{name}: {f:?}");
        }
        assert!(has(&a002, &["abstained/gy"]), "{a002:?}");
        for (name, f) in [("003", &a003), ("004", &a004)] {
            assert!(has(f, &["adopted", "abstained/us"]), "{name}: {f:?}");
            assert!(
                !f.contains(&"vetoed/cn".to_string()) || name == "004",
                "{name}: {f:?}"
            );
        }
        assert!(!a003.iter().any(|f| f.starts_with("vetoed")), "{a003:?}");
        assert!(!a000.contains(&"adopted".to_string()), "{a000:?}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        #[test]
        fn never_panics(body in "\\PC{0,200}", title in "[A-Za-z ,.0-9-]{0,60}") {
            static EXTRACTOR: std::sync::OnceLock<VoteExtractor> = std::sync::OnceLock::new();
            let x = EXTRACTOR.get_or_init(VoteExtractor::new);
            let _ = x.extract(&ExtractInput { title: &title, dateline: None, body: &body, captions: &[] }, tagger());
        }
    }
}
