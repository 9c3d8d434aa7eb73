//! Snippets: the best passage of the field where a hit matched, with every
//! matched word located — including words matched through stemming or
//! spelling variants ("cease-fire" for `ceasefire`), because the passage is
//! re-tokenized with the index analyzer and compared term by term.

use std::collections::BTreeSet;
use std::ops::Range;

use std::cell::RefCell;

use newsdex_core::analysis::news_analyzer;
use serde::Serialize;
use tantivy::tokenizer::TextAnalyzer;

/// A passage with highlighted byte ranges (no markup).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// Field the passage comes from: `body`, `caption` or `title`.
    pub field: String,
    /// The passage.
    pub text: String,
    /// Byte ranges of `text` that matched, sorted, non-overlapping.
    pub highlights: Vec<Range<usize>>,
}

impl Snippet {
    /// The passage with each highlight wrapped in `open`/`close`;
    /// `escape` is applied to the text between (e.g. HTML escaping).
    pub fn marked(&self, open: &str, close: &str, escape: fn(&str) -> String) -> String {
        let mut out = String::new();
        let mut at = 0;
        for range in &self.highlights {
            let (Some(before), Some(word)) =
                (self.text.get(at..range.start), self.text.get(range.clone()))
            else {
                continue;
            };
            out.push_str(&escape(before));
            out.push_str(open);
            out.push_str(&escape(word));
            out.push_str(close);
            at = range.end;
        }
        out.push_str(&escape(self.text.get(at..).unwrap_or("")));
        out
    }
}

thread_local! {
    /// The index analyzer, kept per thread so its stem cache stays warm
    /// across hits and queries.
    static ANALYZER: RefCell<TextAnalyzer> = RefCell::new(news_analyzer());
}

/// Builds the snippet of one hit: the first of `fields` (name, text) where a
/// term of `terms` occurs, cut to the `max_chars` window holding the most
/// matches; the opening of the first non-empty field when nothing matches.
pub fn make_snippet(
    fields: &[(&str, &str)],
    terms: &BTreeSet<String>,
    max_chars: usize,
) -> Snippet {
    if !terms.is_empty() {
        for (name, text) in fields {
            let matches = matches_in(text, terms);
            if !matches.is_empty() {
                return best_window(name, text, &matches, max_chars);
            }
        }
    }
    // Nothing to highlight (filter-only search, or a match in a field not
    // shown): the opening of the first non-empty field.
    let (name, text) = fields
        .iter()
        .find(|(_, t)| !t.is_empty())
        .copied()
        .unwrap_or(("body", ""));
    Snippet {
        field: name.to_string(),
        text: opening(text, max_chars),
        highlights: Vec::new(),
    }
}

/// Byte ranges of the words of `text` whose index terms are in `terms`
/// (the same analyzer as the index, so "cease-fire" matches `ceasefir`).
fn matches_in(text: &str, terms: &BTreeSet<String>) -> Vec<Range<usize>> {
    ANALYZER.with(|analyzer| {
        let mut analyzer = analyzer.borrow_mut();
        let mut stream = analyzer.token_stream(text);
        let mut out: Vec<Range<usize>> = Vec::new();
        while let Some(token) = stream.next() {
            if terms.contains(&token.text) {
                let range = token.offset_from..token.offset_to;
                // A hyphenated word and its parts share offsets: keep the widest.
                match out.last_mut() {
                    Some(last) if last.start <= range.start && range.end <= last.end => {}
                    Some(last) if range.start <= last.start && last.end <= range.end => {
                        *last = range
                    }
                    _ => out.push(range),
                }
            }
        }
        out
    })
}

/// The window of at most `max_chars` characters (widened to whole words and
/// the punctuation that closes them) that covers the most matches.
fn best_window(name: &str, text: &str, matches: &[Range<usize>], max_chars: usize) -> Snippet {
    let (mut best, mut best_count) = (0, 0);
    let mut end = 0;
    for start in 0..matches.len() {
        end = end.max(start);
        while end + 1 < matches.len()
            && char_len(text, matches[start].start, matches[end + 1].end) <= max_chars
        {
            end += 1;
        }
        if end - start + 1 > best_count {
            best_count = end - start + 1;
            best = start;
        }
    }
    let first = &matches[best];
    let last = &matches[best + best_count - 1];
    // Centre the matches in the window, on word boundaries.
    let used = char_len(text, first.start, last.end);
    let slack = max_chars.saturating_sub(used) / 2;
    let mut from = back_chars(text, first.start, slack);
    let mut to = forward_chars(
        text,
        last.end,
        max_chars.saturating_sub(used + (char_len(text, from, first.start))),
    );
    if from > 0 {
        from = text[from..first.start]
            .find(char::is_whitespace)
            .map_or(first.start, |i| from + i + 1);
    }
    if to < text.len() {
        to = text[last.end..to]
            .rfind(char::is_whitespace)
            .map_or(last.end, |i| last.end + i);
        // Keep the punctuation that closes the last word ("held.", "Press)").
        to += text[to..]
            .chars()
            .take(3)
            .take_while(|c| !c.is_alphanumeric() && !c.is_whitespace())
            .map(char::len_utf8)
            .sum::<usize>();
    }
    let highlights = matches[best..best + best_count]
        .iter()
        .filter(|r| r.start >= from && r.end <= to)
        .map(|r| r.start - from..r.end - from)
        .collect();
    Snippet {
        field: name.to_string(),
        text: text[from..to].to_string(),
        highlights,
    }
}

fn char_len(text: &str, from: usize, to: usize) -> usize {
    text.get(from..to).map_or(0, |s| s.chars().count())
}

/// The byte index `n` characters before `at` (or 0).
fn back_chars(text: &str, at: usize, n: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| if n == 0 { at } else { i })
}

/// The byte index `n` characters after `at` (or the end).
fn forward_chars(text: &str, at: usize, n: usize) -> usize {
    text[at..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| at + i)
}

/// The first `max_chars` characters of `text`, cut at a word boundary.
fn opening(text: &str, max_chars: usize) -> String {
    let end = text
        .char_indices()
        .nth(max_chars)
        .map_or(text.len(), |(i, _)| i);
    let cut = &text[..end];
    if end == text.len() {
        return cut.to_string();
    }
    match cut.rfind(char::is_whitespace) {
        Some(space) if space > 0 => cut[..space].to_string(),
        _ => cut.to_string(),
    }
}

/// Minimal HTML escaping for `<mark>` output.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_are_highlighted() {
        let terms: BTreeSet<String> = ["ceasefir".to_string()].into_iter().collect();
        let body = "They called for a cease-fire. Later, a ceasefire held.";
        let snippet = make_snippet(&[("body", body)], &terms, 200);
        let marked: Vec<&str> = snippet
            .highlights
            .iter()
            .map(|r| &snippet.text[r.clone()])
            .collect();
        assert_eq!(marked, vec!["cease-fire", "ceasefire"]);
        assert_eq!(
            snippet.marked("<mark>", "</mark>", escape_html),
            "They called for a <mark>cease-fire</mark>. Later, a <mark>ceasefire</mark> held."
        );
    }

    #[test]
    fn window_holds_the_most_matches_on_word_boundaries() {
        let terms: BTreeSet<String> = ["rafah".to_string()].into_iter().collect();
        let filler = "word ".repeat(60);
        let body =
            format!("Rafah once. {filler}Then Rafah and Rafah again, said officials. {filler}");
        let snippet = make_snippet(&[("body", &body)], &terms, 60);
        assert_eq!(snippet.highlights.len(), 2, "{snippet:?}");
        assert!(snippet.text.chars().count() <= 70, "{:?}", snippet.text);
        assert!(
            !snippet.text.starts_with("ord"),
            "cut on a word boundary: {:?}",
            snippet.text
        );
        for r in &snippet.highlights {
            assert_eq!(&snippet.text[r.clone()], "Rafah");
        }
    }

    #[test]
    fn falls_back_to_the_field_that_matched() {
        let terms: BTreeSet<String> = ["hockstein".to_string()].into_iter().collect();
        let snippet = make_snippet(
            &[
                ("body", "Nothing here."),
                ("caption", "(Evelyn Hockstein/AP)"),
            ],
            &terms,
            200,
        );
        assert_eq!(snippet.field, "caption");
        let none = make_snippet(&[("body", "one two three four")], &BTreeSet::new(), 9);
        assert_eq!(none.text, "one two");
    }
}
