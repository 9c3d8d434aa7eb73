//! The cleaning rules, loaded from `rules.toml` and compiled once.

use regex::{Regex, RegexSet, RegexSetBuilder};
use serde::Deserialize;

use crate::error::{Error, Result};

const SHIPPED_RULES: &str = include_str!("rules.toml");

#[derive(Deserialize)]
struct RulesFile {
    furniture: FurnitureSection,
    captions: CaptionSection,
    header: HeaderSection,
    dateline: DatelineSection,
}

#[derive(Deserialize)]
struct FurnitureSection {
    exact: Vec<String>,
    patterns: Vec<String>,
}

#[derive(Deserialize)]
struct CaptionSection {
    prefixes: Vec<String>,
    credit_suffix: Vec<String>,
    credit_line: Vec<String>,
    max_caption_words: usize,
}

#[derive(Deserialize)]
struct HeaderSection {
    byline: String,
    date_line: String,
    body_min_words: usize,
}

#[derive(Deserialize)]
struct DatelineSection {
    pattern: String,
}

/// Memory the lazy DFA of the paragraph patterns may use per thread. The
/// regex crate's default (2 MiB) is too little for the Unicode classes of
/// the credit patterns: the DFA was rebuilt over and over and the search
/// fell back to the much slower PikeVM (7x the time per paragraph).
const DFA_SIZE_LIMIT: usize = 16 << 20;

/// Compiled cleaning rules.
#[derive(Debug, Clone)]
pub struct CleanRules {
    /// Lowercase.
    furniture_exact: Vec<String>,
    /// The longest entry of `furniture_exact`, in bytes.
    furniture_exact_max: usize,
    /// Lowercase, with the length in bytes of each as written.
    caption_prefixes: Vec<(String, usize)>,
    /// Every paragraph pattern in one set, searched once per paragraph:
    /// the furniture patterns, then the credit lines, then the credit
    /// suffixes (see the ranges).
    paragraph_patterns: RegexSet,
    furniture: std::ops::Range<usize>,
    credit_line: std::ops::Range<usize>,
    credit_suffix: std::ops::Range<usize>,
    pub(crate) max_caption_words: usize,
    byline: Regex,
    date_line: Regex,
    pub(crate) body_min_words: usize,
    dateline: Regex,
}

/// What a paragraph is, by the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParagraphKind {
    /// Page furniture: dropped.
    Furniture,
    /// A caption; the text has any caption prefix removed.
    Caption(String),
    /// A credit line on its own.
    Credit,
    /// Ordinary text.
    Text,
}

impl CleanRules {
    /// The rules shipped with newsdex.
    pub fn shipped() -> Result<Self> {
        Self::parse(SHIPPED_RULES)
    }

    /// Parses rules in the `rules.toml` format.
    pub fn parse(text: &str) -> Result<Self> {
        let invalid = |message: String| Error::InvalidData {
            what: "cleaning rules".into(),
            message,
        };
        let file: RulesFile = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        let one = |pattern: &str| Regex::new(pattern).map_err(|e| invalid(e.to_string()));
        let furniture_exact: Vec<String> = file
            .furniture
            .exact
            .iter()
            .map(|s| s.trim().to_lowercase())
            .collect();
        let mut patterns = Vec::new();
        let mut group = |list: Vec<String>| {
            let start = patterns.len();
            patterns.extend(list);
            start..patterns.len()
        };
        let furniture = group(file.furniture.patterns);
        let credit_line = group(file.captions.credit_line);
        let credit_suffix = group(file.captions.credit_suffix);
        let paragraph_patterns = RegexSetBuilder::new(&patterns)
            .dfa_size_limit(DFA_SIZE_LIMIT)
            .build()
            .map_err(|e| invalid(e.to_string()))?;
        Ok(CleanRules {
            furniture_exact_max: furniture_exact.iter().map(String::len).max().unwrap_or(0),
            furniture_exact,
            caption_prefixes: file
                .captions
                .prefixes
                .into_iter()
                .map(|p| (p.to_lowercase(), p.len()))
                .collect(),
            paragraph_patterns,
            furniture,
            credit_line,
            credit_suffix,
            max_caption_words: file.captions.max_caption_words,
            byline: one(&file.header.byline)?,
            date_line: one(&file.header.date_line)?,
            body_min_words: file.header.body_min_words,
            dateline: one(&file.dateline.pattern)?,
        })
    }

    /// Classifies one trimmed paragraph: one search of the pattern set, and
    /// a lowercase copy only of a paragraph short enough to be furniture
    /// word for word or that may start with a caption prefix.
    pub fn classify(&self, paragraph: &str) -> ParagraphKind {
        // Most paragraphs match no pattern: a plain search says so faster
        // than the overlapping one that tells which patterns match.
        let matched = self
            .paragraph_patterns
            .is_match(paragraph)
            .then(|| self.paragraph_patterns.matches(paragraph));
        let any = |range: &std::ops::Range<usize>| {
            matched
                .as_ref()
                .is_some_and(|m| range.clone().any(|i| m.matched(i)))
        };
        // Lowercasing shrinks a char at most threefold (the Kelvin sign, 3
        // bytes, is "k"): a longer paragraph never equals an entry.
        let exact = || {
            paragraph.len() <= 3 * self.furniture_exact_max
                && self.furniture_exact.contains(&paragraph.to_lowercase())
        };
        if any(&self.furniture) || exact() {
            return ParagraphKind::Furniture;
        }
        for (prefix, written_len) in &self.caption_prefixes {
            if starts_with_lowercase(paragraph, prefix) {
                let rest = paragraph.get(*written_len..).unwrap_or("").trim();
                return ParagraphKind::Caption(rest.to_string());
            }
        }
        if any(&self.credit_line) {
            return ParagraphKind::Credit;
        }
        if any(&self.credit_suffix) {
            return ParagraphKind::Caption(paragraph.to_string());
        }
        ParagraphKind::Text
    }

    /// Whether a paragraph of the opening is a byline.
    pub fn is_byline(&self, paragraph: &str) -> bool {
        self.byline.is_match(paragraph)
    }

    /// Whether a paragraph is a date on its own.
    pub fn is_date_line(&self, paragraph: &str) -> bool {
        self.date_line.is_match(paragraph)
    }

    /// The dateline place opening `paragraph`, if any.
    pub fn dateline<'a>(&self, paragraph: &'a str) -> Option<&'a str> {
        self.dateline
            .captures(paragraph)
            .and_then(|c| c.get(1))
            .map(|m| m.as_str())
    }
}

/// Whether `text.to_lowercase()` starts with `prefix` (lowercase), without
/// lowercasing more of `text` than the prefix can cover.
fn starts_with_lowercase(text: &str, prefix: &str) -> bool {
    // Every char lowercases to one char or more, so the prefix's chars come
    // from at most as many chars of the text. Only a capital sigma
    // lowercases by context (its form depends on what follows): then the
    // whole text decides.
    let chars = prefix.chars().count();
    let head_end = text
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i);
    let head = &text[..head_end];
    if head.contains('Σ') {
        return text.to_lowercase().starts_with(prefix);
    }
    let mut lower = head.chars().flat_map(char::to_lowercase);
    prefix.chars().all(|p| lower.next() == Some(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_compare_as_lowercase_text() {
        for (text, prefix, expected) in [
            ("Image: smoke", "image:", true),
            ("IMAGE:", "image:", true),
            ("Imag", "image:", false),
            ("", "image:", false),
            ("İmage: x", "i\u{307}mage:", true),
            ("ΣΑΣ: x", "σας:", true),
            ("ΣΑΣ: x", "σασ:", false),
        ] {
            assert_eq!(
                starts_with_lowercase(text, prefix),
                text.to_lowercase().starts_with(prefix),
                "{text:?} {prefix:?}"
            );
            assert_eq!(starts_with_lowercase(text, prefix), expected, "{text:?}");
        }
    }

    fn rules() -> CleanRules {
        CleanRules::shipped().expect("shipped rules compile")
    }

    /// See `rules.toml`: a Unicode `\b` sends every paragraph with a
    /// non-ASCII character to the regex crate's slowest engine.
    #[test]
    fn shipped_rules_use_ascii_word_boundaries() {
        for line in SHIPPED_RULES
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
        {
            assert!(
                !line.replace("(?-u:\\b)", "").contains("\\b"),
                "Unicode word boundary in {line}"
            );
        }
    }

    #[test]
    fn furniture() {
        let r = rules();
        for p in [
            "SHARE NOW",
            "Leave a Reply",
            "Your email address will not be published. Required fields are marked *",
            "Please enter your comment!",
            "Hot Topics",
            "Related Articles",
            "Copyright © 2024, ABC Audio. All rights reserved.",
            "Copyright The Financial Times Limited 2024. All rights reserved.",
            "Reuse this content (opens in new window) CommentsJump to comments section",
            "Comments have not been enabled for this article.",
        ] {
            assert_eq!(r.classify(p), ParagraphKind::Furniture, "{p}");
        }
        assert_eq!(
            r.classify("Russia and China vetoed the draft."),
            ParagraphKind::Text
        );
    }

    #[test]
    fn captions_and_credits() {
        let r = rules();
        assert_eq!(
            r.classify("Image: Smoke rises (AFP - Getty Images)"),
            ParagraphKind::Caption("Smoke rises (AFP - Getty Images)".into())
        );
        assert!(matches!(
            r.classify("israeli hamas conflict (Alexi Rosenfeld / Getty Images file)"),
            ParagraphKind::Caption(_)
        ));
        assert!(matches!(
            r.classify("The resolution calls for a truce © AFP/Getty Images"),
            ParagraphKind::Caption(_)
        ));
        assert_eq!(
            r.classify("(Evelyn Hockstein/Associated Press)"),
            ParagraphKind::Credit
        );
        assert_eq!(
            r.classify("Angela Weiss/AFP via Getty Images"),
            ParagraphKind::Credit
        );
        // A parenthetical aside in a sentence is not a credit.
        assert_eq!(
            r.classify("The vote (the fourth this year) failed, officials said on Friday."),
            ParagraphKind::Text
        );
    }

    #[test]
    fn header_lines() {
        let r = rules();
        assert!(r.is_byline("Laura King"));
        assert!(r.is_byline("By Jane Doe"));
        assert!(!r.is_byline("Russia vetoed it"));
        assert!(r.is_date_line("March 22, 2024"));
        assert_eq!(
            r.dateline("(WASHINGTON) — A U.S. effort"),
            Some("WASHINGTON")
        );
        assert_eq!(
            r.dateline("JERUSALEM The United Nations"),
            Some("JERUSALEM")
        );
        assert_eq!(
            r.dateline("NEW YORK, Feb 26 - Shares rose"),
            Some("NEW YORK")
        );
        assert_eq!(r.dateline("U.S. Ambassador Linda Thomas-Greenfield"), None);
        assert_eq!(r.dateline("The UN Security Council"), None);
    }
}
