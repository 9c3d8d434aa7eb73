//! The cleaning rules, loaded from `rules.toml` and compiled once.

use regex::{Regex, RegexSet};
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

/// Compiled cleaning rules.
#[derive(Debug, Clone)]
pub struct CleanRules {
    furniture_exact: Vec<String>,
    furniture: RegexSet,
    caption_prefixes: Vec<String>,
    credit_suffix: RegexSet,
    credit_line: RegexSet,
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
        let set = |patterns: &[String]| RegexSet::new(patterns).map_err(|e| invalid(e.to_string()));
        let one = |pattern: &str| Regex::new(pattern).map_err(|e| invalid(e.to_string()));
        Ok(CleanRules {
            furniture_exact: file
                .furniture
                .exact
                .iter()
                .map(|s| s.trim().to_lowercase())
                .collect(),
            furniture: set(&file.furniture.patterns)?,
            caption_prefixes: file.captions.prefixes,
            credit_suffix: set(&file.captions.credit_suffix)?,
            credit_line: set(&file.captions.credit_line)?,
            max_caption_words: file.captions.max_caption_words,
            byline: one(&file.header.byline)?,
            date_line: one(&file.header.date_line)?,
            body_min_words: file.header.body_min_words,
            dateline: one(&file.dateline.pattern)?,
        })
    }

    /// Classifies one trimmed paragraph.
    pub fn classify(&self, paragraph: &str) -> ParagraphKind {
        let lower = paragraph.to_lowercase();
        if self.furniture_exact.contains(&lower) || self.furniture.is_match(paragraph) {
            return ParagraphKind::Furniture;
        }
        for prefix in &self.caption_prefixes {
            if lower.starts_with(&prefix.to_lowercase()) {
                let rest = paragraph.get(prefix.len()..).unwrap_or("").trim();
                return ParagraphKind::Caption(rest.to_string());
            }
        }
        if self.credit_line.is_match(paragraph) {
            return ParagraphKind::Credit;
        }
        if self.credit_suffix.is_match(paragraph) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
