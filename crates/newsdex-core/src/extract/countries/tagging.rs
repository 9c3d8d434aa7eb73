//! Tagging: the mentions of countries in an article's fields, found in one
//! automaton pass per field and checked against word boundaries, case and
//! the ambiguity rules; then the document-level decisions (Georgia,
//! historical states).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::ambiguity::{cues, followed_by_surname, is_bird, preceded_by_forename, us_marker_near};
use super::gazetteer::{self, Pattern};
use super::model::{Hit, Rule, Zone};
use super::registry::CountryRegistry;
use crate::extract::input::{floor_char_boundary, ExtractInput};

/// The lede ends at the first paragraph break, or after this many bytes.
pub const MAX_LEDE_BYTES: usize = 600;

/// What tagging needs beyond the registry: the text patterns and their
/// automaton, and the countries the document-level rules look for. Built
/// once, on a tagger's first tagging.
#[derive(Debug)]
pub(super) struct Matcher {
    automaton: AhoCorasick,
    /// The text patterns, in automaton order.
    patterns: Vec<Pattern>,
    /// Countries whose presence makes "Georgia" the Caucasus country.
    georgia_context: Vec<usize>,
    us: Option<usize>,
    ge: Option<usize>,
}

/// Compiles the gazetteer into one automaton: a full DFA, a few MiB built
/// once, the fastest search for thousands of patterns (measured 1.9x the
/// default NFA on Reuters).
fn build_automaton(patterns: &[Pattern]) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(patterns.iter().map(|p| p.text.as_str()))
        // The shipped gazetteer is compiled by every tagger test.
        .expect("the country gazetteer compiles into an automaton")
}

impl Matcher {
    /// Compiles the patterns of the gazetteer whose countries `registry`
    /// holds.
    pub(super) fn new(registry: &CountryRegistry) -> Self {
        let patterns = gazetteer::patterns(registry.ids());
        Matcher {
            automaton: build_automaton(&patterns),
            patterns,
            georgia_context: cues()
                .georgia
                .context
                .iter()
                .filter_map(|id| registry.index(id))
                .collect(),
            us: registry.index("us"),
            ge: registry.index("ge"),
        }
    }

    /// Every accepted mention in the article, after the document-level
    /// decisions.
    pub(super) fn hits(&self, input: &ExtractInput<'_>, registry: &CountryRegistry) -> Vec<Hit> {
        let mut hits = Vec::new();
        if let Some(dateline) = input.dateline {
            // The last place in a dateline decides ("CANTON, Ohio" is in
            // the US): keep only the final hit of the dateline.
            let mut dl = Vec::new();
            self.scan(dateline, Zone::Dateline, &mut dl);
            hits.extend(dl.pop());
        }
        self.scan(input.title, Zone::Title, &mut hits);
        let lede_end = lede_end(input.body);
        self.scan(&input.body[..lede_end], Zone::Lede, &mut hits);
        self.scan(&input.body[lede_end..], Zone::Body, &mut hits);
        for caption in input.captions {
            self.scan(caption, Zone::Body, &mut hits);
        }
        self.resolve_document(&mut hits, registry);
        hits
    }

    /// Finds the mentions in one field.
    fn scan(&self, text: &str, zone: Zone, hits: &mut Vec<Hit>) {
        let mut prev_end: Option<usize> = None;
        for m in self.automaton.find_iter(text) {
            let (start, end) = (m.start(), m.end());
            let Some(pattern) = self.patterns.get(m.pattern().as_usize()) else {
                continue;
            };
            if !on_word_boundary(text, start, end) {
                continue;
            }
            let matched = &text[start..end];
            let flags = pattern.flags;
            if flags.dateline_only && zone != Zone::Dateline {
                continue;
            }
            let case_ok = if flags.exact {
                matched == pattern.text
            } else if flags.anycase {
                true
            } else {
                matched.chars().next().is_some_and(char::is_uppercase)
            };
            if !case_ok {
                continue;
            }
            let after_country = prev_end.is_some_and(|p| text[p..start].trim().len() <= 1);
            let Some(country) = pattern.country else {
                prev_end = Some(end);
                continue; // a block
            };
            let keep = match flags.rule {
                None | Some(Rule::Georgia) => true,
                Some(Rule::Surname) => !preceded_by_forename(text, start, matched, after_country),
                Some(Rule::Forename) => !followed_by_surname(text, end, matched),
                Some(Rule::Bird) => !is_bird(text, start, end),
            };
            if !keep {
                continue;
            }
            let georgia = flags.rule == Some(Rule::Georgia);
            let country = if georgia && us_marker_near(text, start, end) {
                match self.us {
                    Some(us) => us,
                    None => continue,
                }
            } else {
                country
            };
            prev_end = Some(end);
            hits.push(Hit {
                country,
                zone: if flags.minor { Zone::Body } else { zone },
                georgia: georgia && Some(country) == self.ge,
            });
        }
    }

    /// Document-level decisions: Georgia without Caucasus context is the
    /// US state; successors of a historical state named in the document are
    /// read as that state (Moscow in a story about the Soviet Union is `su`).
    fn resolve_document(&self, hits: &mut [Hit], registry: &CountryRegistry) {
        let context = &self.georgia_context;
        let caucasus = hits
            .iter()
            .any(|h| !h.georgia && context.contains(&h.country));
        if !caucasus {
            if let Some(us) = self.us {
                for h in hits.iter_mut().filter(|h| h.georgia) {
                    h.country = us;
                }
            }
        }
        for (hist, succ) in registry.successors() {
            if hits.iter().any(|h| h.country == *hist) {
                for h in hits.iter_mut().filter(|h| succ.contains(&h.country)) {
                    h.country = *hist;
                }
            }
        }
    }
}

/// Where the lede (first paragraph) of a body ends: at the first blank line
/// or indented line (the wire's paragraph mark), or after
/// [`MAX_LEDE_BYTES`].
fn lede_end(body: &str) -> usize {
    let cap = floor_char_boundary(body, MAX_LEDE_BYTES);
    let head = &body[..cap];
    let mut search = 0;
    while let Some(rel) = head[search..].find('\n') {
        let nl = search + rel;
        let next = head[nl + 1..].chars().next();
        if matches!(next, Some('\n' | ' ' | '\t')) && !head[..nl].trim().is_empty() {
            return nl;
        }
        search = nl + 1;
    }
    cap
}

/// Whether `text[start..end]` stands as whole words.
fn on_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let last = text[..end].chars().next_back();
    let before_ok = before.is_none_or(|c| !c.is_alphanumeric());
    // "U.S." ends in a dot: what follows may be anything but a letter.
    let after_ok = after.is_none_or(|c| !c.is_alphanumeric())
        || last == Some('.') && after.is_some_and(|c| !c.is_alphabetic());
    before_ok && after_ok
}
