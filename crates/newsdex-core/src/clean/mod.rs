//! Cleaning: turns a [`RawArticle`] into an [`Article`] whose body holds only
//! the story: page furniture removed, captions and credits moved to their own
//! field, bylines and date lines of the opening taken out, the headline and
//! dateline found.
//!
//! Invariants: captions never stay in `body`; no paragraph is dropped unless
//! a rule in `rules.toml` names it furniture (or it repeats the headline).

mod rules;

use std::collections::HashSet;
use std::sync::OnceLock;

pub use rules::{CleanRules, ParagraphKind};
use time::Date;

use crate::article::{Article, Metadata, Source};
use crate::ingest::error::{IngestError, IngestErrorKind};
use crate::ingest::{Layout, RawArticle};

/// Cleans articles with a set of [`CleanRules`].
#[derive(Debug, Clone)]
pub struct Cleaner {
    rules: CleanRules,
}

impl Cleaner {
    /// A cleaner with the given rules.
    pub fn new(rules: CleanRules) -> Self {
        Cleaner { rules }
    }

    /// The cleaner with the shipped rules, built once per process.
    pub fn shipped() -> &'static Cleaner {
        static SHIPPED: OnceLock<Cleaner> = OnceLock::new();
        SHIPPED.get_or_init(|| {
            // The shipped rules are compiled by a unit test; failing here is a
            // broken build, not bad input.
            Cleaner::new(CleanRules::shipped().expect("shipped cleaning rules are valid"))
        })
    }

    /// Cleans one article. Fails only when nothing of the story is left.
    pub fn clean(&self, raw: RawArticle) -> Result<Article, IngestError> {
        let rules = &self.rules;
        let mut paragraphs = paragraphs(&raw.text);
        let mut title = raw.title.clone().unwrap_or_default();
        if title.trim().is_empty() && raw.layout == Layout::PlainText {
            // The headline is the first paragraph that is ordinary text.
            if let Some(pos) = paragraphs
                .iter()
                .position(|p| rules.classify(p.text) == ParagraphKind::Text)
            {
                if pos == 0 {
                    title = paragraphs.remove(0).text.to_string();
                }
            }
        }
        let title = collapse_spaces(&title);
        let title_key = key(&title);

        let mut body: Vec<&str> = Vec::new();
        let mut captions: Vec<String> = raw.captions.clone();
        let mut authors = raw.authors.clone();
        let mut published = raw.published;
        let mut in_opening = raw.layout == Layout::PlainText;
        // Whether the paragraph just before this one went to the body.
        let mut after_body = false;
        for paragraph in &paragraphs {
            let text = paragraph.text;
            let previous_was_body = std::mem::replace(&mut after_body, false);
            if !title_key.is_empty() && has_key(text, &title_key) {
                continue;
            }
            match rules.classify(text) {
                ParagraphKind::Furniture => {}
                ParagraphKind::Caption(caption) => {
                    // A caption ending in a credit claims the line right above
                    // it when no blank line separates them (a two-line caption).
                    if previous_was_body && paragraph.follows_directly {
                        take_last_as_caption(&mut body, &mut captions, rules.max_caption_words);
                    }
                    captions.push(caption);
                }
                ParagraphKind::Credit => {
                    // A credit on its own line credits the short paragraph
                    // above it: that paragraph is the photo's caption.
                    if previous_was_body {
                        take_last_as_caption(&mut body, &mut captions, rules.max_caption_words);
                    }
                    captions.push(text.to_string());
                }
                ParagraphKind::Text => {
                    if in_opening && rules.is_date_line(text) {
                        if published.is_none() {
                            published = parse_long_date(text);
                        }
                        continue;
                    }
                    if in_opening && rules.is_byline(text) {
                        authors.push(text.trim_start_matches("By ").to_string());
                        continue;
                    }
                    if in_opening && has_words(text, rules.body_min_words) {
                        in_opening = false;
                    }
                    body.push(text);
                    after_body = true;
                }
            }
        }
        dedup_captions(&mut captions);
        let dateline = raw
            .dateline
            .clone()
            .filter(|d| !d.trim().is_empty())
            .or_else(|| {
                body.first()
                    .and_then(|first| rules.dateline(first))
                    .map(str::to_string)
            });
        let body = body.join("\n\n");
        if body.trim().is_empty() && title.is_empty() {
            return Err(IngestError::new(raw.origin, IngestErrorKind::NoText));
        }
        Ok(Article {
            id: raw.id,
            source: raw.source.unwrap_or_else(Source::unknown),
            title,
            published,
            dateline,
            body,
            captions,
            url: raw.url,
            authors,
            // Decided after cleaning, by the pipeline (extract::language).
            language: None,
            metadata: Metadata {
                reference: raw.reference,
                ..Metadata::default()
            },
        })
    }
}

/// Cleans one article with the shipped rules.
pub fn clean(raw: RawArticle) -> Result<Article, IngestError> {
    Cleaner::shipped().clean(raw)
}

struct Paragraph<'a> {
    text: &'a str,
    /// True when the line before it was not blank.
    follows_directly: bool,
}

/// Non-empty trimmed lines, each with whether a blank line precedes it.
fn paragraphs(text: &str) -> Vec<Paragraph<'_>> {
    let mut out = Vec::new();
    let mut previous_blank = true;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            previous_blank = true;
            continue;
        }
        out.push(Paragraph {
            text: line,
            follows_directly: !previous_blank,
        });
        previous_blank = false;
    }
    out
}

fn take_last_as_caption(body: &mut Vec<&str>, captions: &mut Vec<String>, max_words: usize) {
    if let Some(last) = body.last() {
        if word_count(last) <= max_words {
            captions.push(last.to_string());
            body.pop();
        }
    }
}

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Words separated by single spaces. Built in place: collecting the words
/// first held 16 bytes per word (8x the text for "a a a ...").
fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether `text` has at least `n` words.
fn has_words(text: &str, n: usize) -> bool {
    text.split_whitespace().nth(n.saturating_sub(1)).is_some() || n == 0
}

/// The chars of the comparison key of `text`: lowercase letters and digits
/// only.
fn key_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
}

/// Comparison key (see [`key_chars`]).
fn key(text: &str) -> String {
    key_chars(text).collect()
}

/// Whether the key of `text` is `key`, compared char by char without
/// building it (most paragraphs differ from the headline at once).
fn has_key(text: &str, key: &str) -> bool {
    key_chars(text).eq(key.chars())
}

/// Drops captions that repeat an earlier one (pages often print a caption
/// twice, differing only in punctuation).
fn dedup_captions(captions: &mut Vec<String>) {
    let mut seen = HashSet::new();
    captions.retain(|c| seen.insert(key(c)));
}

/// Parses "March 22, 2024" (optionally after a weekday).
fn parse_long_date(text: &str) -> Option<Date> {
    let format = time::macros::format_description!(
        "[month repr:long case_sensitive:false] [day padding:none], [year]"
    );
    let text = text
        .split_once(", ")
        .filter(|(first, _)| first.ends_with("day"))
        .map_or(text, |(_, rest)| rest);
    Date::parse(text.trim(), format).ok()
}

#[cfg(test)]
mod tests;
