//! Snippets: the best passage of the field where a hit matched, with every
//! matched word located — including words matched through stemming or
//! spelling variants ("cease-fire" for `ceasefire`), because the passage is
//! re-tokenized with the index analyzer and compared term by term.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use newsdex_core::analysis::news_analyzer;
use serde::Serialize;
use tantivy::snippet::SnippetGenerator;

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

/// Builds snippets for one set of highlight terms.
pub fn make_snippet(
    fields: &[(&str, &str)],
    terms: &BTreeSet<String>,
    max_chars: usize,
) -> Snippet {
    let terms_text: BTreeMap<String, f32> = terms.iter().map(|t| (t.clone(), 1.0)).collect();
    // The field handle is irrelevant to `snippet(text)`; any will do.
    let field = tantivy::schema::Field::from_field_id(0);
    let generator = SnippetGenerator::new(terms_text, news_analyzer(), field, max_chars);
    for (name, text) in fields {
        if text.is_empty() {
            continue;
        }
        let snippet = generator.snippet(text);
        if !snippet.highlighted().is_empty() {
            // tantivy cuts the fragment at the last token; keep the
            // punctuation that closes it ("held.", "Press)").
            let range = snippet.fragment_range();
            let tail = text
                .get(range.end..)
                .unwrap_or("")
                .chars()
                .take_while(|c| !c.is_alphanumeric() && !c.is_whitespace())
                .map(char::len_utf8)
                .sum::<usize>();
            let fragment = text
                .get(range.start..range.end + tail)
                .unwrap_or(snippet.fragment())
                .to_string();
            // tantivy's ranges are relative to the fragment.
            let highlights = snippet
                .highlighted()
                .iter()
                .filter(|r| fragment.get((*r).clone()).is_some())
                .cloned()
                .collect();
            return Snippet {
                field: name.to_string(),
                text: fragment,
                highlights,
            };
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
