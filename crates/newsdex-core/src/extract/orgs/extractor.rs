//! The extractor: a registry and, compiled on the first extraction, the
//! matcher; names and patterns found in each field, `ctx` names settled,
//! one [`Org`] per slug in order of first mention.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use super::matcher::{word_starts, Found, Matcher};
use super::patterns::{self, Shaped};
use super::registry::OrgRegistry;
use crate::article::Org;
use crate::extract::input::ExtractInput;
use crate::extract::words::{tokenize, Word};

/// Finds organisations in article text. Build once, share everywhere.
#[derive(Debug)]
pub struct OrgExtractor {
    registry: OrgRegistry,
    /// Built on the first extraction: resolving input never pays for it.
    matcher: OnceLock<Matcher>,
}

/// A mention: the field it is in (title 0, body 1, captions 2…) and where.
type At = (usize, usize);

impl OrgExtractor {
    /// Builds the extractor (the automaton is compiled on first use).
    pub fn new() -> Self {
        OrgExtractor {
            registry: OrgRegistry::new(),
            matcher: OnceLock::new(),
        }
    }

    /// The organisations this extractor knows by name.
    pub fn registry(&self) -> &OrgRegistry {
        &self.registry
    }

    /// Organisations named in one article, in order of first mention.
    ///
    /// ```
    /// use newsdex_core::extract::{ExtractInput, OrgExtractor};
    /// let input = ExtractInput {
    ///     title: "Council adopts truce resolution",
    ///     dateline: None,
    ///     body: "The U.N. Security Council voted on Monday. Hamas welcomed it, \
    ///            and shares of Diamond Shamrock Corp rose.",
    ///     captions: &[],
    /// };
    /// let orgs = OrgExtractor::new().extract(&input);
    /// let slugs: Vec<&str> = orgs.iter().map(|o| o.slug.as_str()).collect();
    /// assert_eq!(slugs, ["un/security-council", "hamas", "diamond-shamrock"]);
    /// ```
    pub fn extract(&self, input: &ExtractInput<'_>) -> Vec<Org> {
        self.extract_with(input, None)
    }

    /// [`extract`](Self::extract), with the body's words when they were
    /// found already (see [`Extractor`](crate::extract::Extractor)).
    pub(crate) fn extract_with(
        &self,
        input: &ExtractInput<'_>,
        body_words: Option<&[Word<'_>]>,
    ) -> Vec<Org> {
        let matcher = self.matcher.get_or_init(|| Matcher::new(&self.registry));
        let mut found: Vec<(At, Found)> = Vec::new();
        let mut shaped: Vec<(At, Shaped)> = Vec::new();
        let mut buf = Vec::new();
        let mut shapes = Vec::new();
        let mut field = |text: &str, n: usize, words: Option<&[Word<'_>]>, shouting: bool| {
            buf.clear();
            match words {
                Some(words) => {
                    matcher.scan(text, words.iter().map(|w| w.start), shouting, &mut buf)
                }
                None => matcher.scan(text, word_starts(text), shouting, &mut buf),
            }
            found.extend(buf.iter().map(|f| ((n, f.start), *f)));
            // Capitals say nothing in an all-capitals headline; a title's
            // words are never tokenised while the body's are held (the
            // memory bound of `extract::tests`), so the patterns read the
            // body and captions only.
            if !shouting && n > 0 {
                shapes.clear();
                match words {
                    Some(words) => patterns::find(text, words, &mut shapes),
                    None => patterns::find(text, &tokenize(text), &mut shapes),
                }
                shaped.extend(shapes.drain(..).map(|s| ((n, s.start), s)));
            }
        };
        let shouting = !input.title.chars().any(char::is_lowercase);
        field(input.title, 0, None, shouting);
        field(input.body, 1, body_words, false);
        for (i, caption) in input.captions.iter().enumerate() {
            field(caption, 2 + i, None, false);
        }
        self.settle(found, shaped)
    }

    /// One org per slug, in order of first mention; a `ctx` name counts
    /// only when its top-level organisation is named otherwise.
    fn settle(&self, found: Vec<(At, Found)>, shaped: Vec<(At, Shaped)>) -> Vec<Org> {
        let orgs = self.registry.all();
        let named: FxHashSet<&str> = found
            .iter()
            .filter(|(_, f)| !f.ctx)
            .map(|(_, f)| top(&orgs[f.org].slug))
            .collect();
        let mut all: Vec<(At, &str, &str)> = found
            .iter()
            .filter(|(_, f)| !f.ctx || named.contains(top(&orgs[f.org].slug)))
            .map(|(at, f)| (*at, orgs[f.org].slug.as_str(), orgs[f.org].label.as_str()))
            .collect();
        all.extend(shaped.iter().map(|(at, s)| {
            let label = self.registry.label(&s.slug).unwrap_or(&s.name);
            (*at, s.slug.as_str(), label)
        }));
        all.sort_by_key(|(at, _, _)| *at);
        let mut seen: FxHashSet<&str> = FxHashSet::default();
        all.into_iter()
            .filter(|(_, slug, _)| seen.insert(slug))
            .map(|(_, slug, name)| Org {
                slug: slug.to_string(),
                name: name.to_string(),
            })
            .collect()
    }
}

/// The top-level organisation of a slug (`un` of `un/security-council`).
fn top(slug: &str) -> &str {
    slug.split('/').next().unwrap_or(slug)
}

impl Default for OrgExtractor {
    fn default() -> Self {
        Self::new()
    }
}
