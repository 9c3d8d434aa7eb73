//! Snippets: the best passage of the field where a hit matched, with every
//! matched word located — including words matched through stemming or
//! spelling variants ("cease-fire" for `ceasefire`), because the passage is
//! re-tokenized with the index analyzer and compared term by term (the
//! analyzer of the article's language: see `newsdex_core::analysis::Analysis`).

use std::collections::BTreeSet;
use std::ops::Range;

use std::cell::RefCell;

use newsdex_core::analysis::{Analysis, TermLocator};
use serde::Serialize;

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
    /// The term locators (English first, then those of the languages
    /// met), kept per thread so their stem caches stay warm across hits and
    /// queries.
    static LOCATORS: RefCell<Vec<TermLocator>> =
        RefCell::new(vec![TermLocator::new(Analysis::English)]);
}

/// How wide a passage is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// At most this many characters, cut on word boundaries, the matches
    /// centred (the default snippet).
    Chars(usize),
    /// This many words each side of the matches (`--context W`). Matches
    /// closer than `2W + 1` words share one passage.
    Words(usize),
}

/// Builds the snippet of one hit: the first of `fields` (name, text) where a
/// term of `terms` occurs, cut to the `max_chars` window holding the most
/// matches; the opening of the first non-empty field when nothing matches.
/// The text is analysed as English (see [`make_snippet_in`]).
#[cfg(test)]
pub fn make_snippet(
    fields: &[(&str, &str)],
    terms: &BTreeSet<String>,
    max_chars: usize,
) -> Snippet {
    make_snippet_in(Analysis::English, fields, terms, max_chars)
}

/// [`make_snippet`] for an article whose text the index analysed with
/// `analysis` (its language's).
#[cfg(test)]
pub fn make_snippet_in(
    analysis: Analysis,
    fields: &[(&str, &str)],
    terms: &BTreeSet<String>,
    max_chars: usize,
) -> Snippet {
    let passages = make_passages_in(analysis, fields, terms, 1, Window::Chars(max_chars));
    match passages.into_iter().next() {
        Some(best) => best,
        None => opening_snippet(fields, max_chars),
    }
}

/// Up to `n` passages of one hit with their matched words located, best
/// (most matches) first, none overlapping another. Passages are taken from
/// the first of `fields` where a term of `terms` occurs, then from the next
/// ones while fewer than `n` were found. Empty when nothing matches.
pub fn make_passages_in(
    analysis: Analysis,
    fields: &[(&str, &str)],
    terms: &BTreeSet<String>,
    n: usize,
    window: Window,
) -> Vec<Snippet> {
    let mut out = Vec::new();
    if terms.is_empty() || n == 0 {
        return out;
    }
    for (name, text) in fields {
        if out.len() >= n {
            break;
        }
        let matches = matches_in(analysis, text, terms);
        if matches.is_empty() {
            continue;
        }
        out.extend(best_windows(name, text, &matches, n - out.len(), window));
    }
    out
}

/// The opening of the first non-empty field, when nothing matches (a
/// filter-only search, or a match in a field not shown).
pub fn opening_snippet(fields: &[(&str, &str)], max_chars: usize) -> Snippet {
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

/// Every match of `terms` in `text` (analysed with `analysis`) as byte
/// ranges of `text`, in order: what a concordance lists.
pub(crate) fn occurrences(
    analysis: Analysis,
    text: &str,
    terms: &BTreeSet<String>,
) -> Vec<Range<usize>> {
    if terms.is_empty() {
        return Vec::new();
    }
    matches_in(analysis, text, terms)
}

/// Byte ranges of the words of `text` whose index terms are in `terms`
/// (the same analyzer as the index, so "cease-fire" matches `ceasefir`).
fn matches_in(analysis: Analysis, text: &str, terms: &BTreeSet<String>) -> Vec<Range<usize>> {
    LOCATORS.with(|locators| {
        let mut locators = locators.borrow_mut();
        let at = match locators.iter().position(|l| l.analysis() == analysis) {
            Some(at) => at,
            None => {
                locators.push(TermLocator::new(analysis));
                locators.len() - 1
            }
        };
        let mut out: Vec<Range<usize>> = Vec::new();
        locators[at].locate(text, terms, |range| {
            let on_chars = range.start < range.end
                && text.is_char_boundary(range.start)
                && text.is_char_boundary(range.end);
            if !on_chars {
                return;
            }
            // A hyphenated word and its parts share offsets: keep the widest.
            match out.last_mut() {
                Some(last) if last.start <= range.start && range.end <= last.end => {}
                Some(last) if range.start <= last.start && last.end <= range.end => *last = range,
                _ => out.push(range),
            }
        });
        out
    })
}

/// Up to `n` non-overlapping passages of `text` around `matches`, most
/// matches first (ties: the earlier first).
fn best_windows(
    name: &str,
    text: &str,
    matches: &[Range<usize>],
    n: usize,
    window: Window,
) -> Vec<Snippet> {
    // One candidate per first match: the matches the window starting there
    // holds, and the text it shows.
    let mut candidates: Vec<(usize, usize, Range<usize>)> = Vec::with_capacity(matches.len());
    let mut end = 0;
    for start in 0..matches.len() {
        end = end.max(start);
        let fits = |last: usize| match window {
            Window::Chars(max_chars) => {
                char_len(text, matches[start].start, matches[last].end) <= max_chars
            }
            Window::Words(words) => {
                word_count(text, matches[start].start, matches[last].end)
                    <= words.saturating_mul(2).saturating_add(1)
            }
        };
        while end + 1 < matches.len() && fits(end + 1) {
            end += 1;
        }
        let range = match window {
            Window::Chars(max_chars) => {
                char_window(text, &matches[start], &matches[end], max_chars)
            }
            Window::Words(words) => {
                back_words(text, matches[start].start, words)
                    ..forward_words(text, matches[end].end, words)
            }
        };
        candidates.push((end - start + 1, start, range));
        if n == 1 && end + 1 == matches.len() {
            // No later start can hold more matches.
            break;
        }
    }
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut picked: Vec<Range<usize>> = Vec::new();
    for (_, _, range) in candidates {
        if picked.len() >= n {
            break;
        }
        if picked
            .iter()
            .any(|p| p.start < range.end && range.start < p.end)
        {
            continue;
        }
        picked.push(range);
    }
    picked
        .into_iter()
        .map(|range| {
            let highlights = matches
                .iter()
                .filter(|r| r.start >= range.start && r.end <= range.end)
                .map(|r| r.start - range.start..r.end - range.start)
                .collect();
            Snippet {
                field: name.to_string(),
                text: text.get(range).unwrap_or("").to_string(),
                highlights,
            }
        })
        .collect()
}

/// The byte range of the window of at most `max_chars` characters (widened
/// to whole words and the punctuation that closes them) around the matches
/// `first` to `last`, centred.
fn char_window(
    text: &str,
    first: &Range<usize>,
    last: &Range<usize>,
    max_chars: usize,
) -> Range<usize> {
    // Centre the matches in the window, on word boundaries.
    let used = char_len(text, first.start, last.end);
    let slack = max_chars.saturating_sub(used) / 2;
    let mut from = back_chars(text, first.start, slack);
    let mut to = forward_chars(
        text,
        last.end,
        max_chars.saturating_sub(used + (char_len(text, from, first.start))),
    );
    // Every index below is a char boundary: matches are (checked in
    // `matches_in`), `back_chars`/`forward_chars` step by chars, and a
    // whitespace character is skipped by its own UTF-8 length (U+00A0 is
    // two bytes, U+3000 three).
    if from > 0 {
        from = text
            .get(from..first.start)
            .and_then(|gap| gap.char_indices().find(|(_, c)| c.is_whitespace()))
            .map_or(first.start, |(i, c)| from + i + c.len_utf8());
    }
    if to < text.len() {
        to = text
            .get(last.end..to)
            .and_then(|gap| gap.rfind(char::is_whitespace))
            .map_or(last.end, |i| last.end + i);
        // Keep the punctuation that closes the last word ("held.", "Press)").
        to += text
            .get(to..)
            .unwrap_or("")
            .chars()
            .take(3)
            .take_while(|c| !c.is_alphanumeric() && !c.is_whitespace())
            .map(char::len_utf8)
            .sum::<usize>();
    }
    from..to
}

/// Whitespace-separated words touching `text[from..to]`.
fn word_count(text: &str, from: usize, to: usize) -> usize {
    text.get(from..to)
        .map_or(0, |s| s.split_whitespace().count())
}

/// The start of the `words`-th whitespace-separated word before `at` (a
/// char boundary); the characters glued to `at` ("(" before a word) belong
/// to its own word, not to the count.
pub(crate) fn back_words(text: &str, at: usize, words: usize) -> usize {
    let mut chars = text.get(..at).unwrap_or("").char_indices().rev().peekable();
    let mut start = at;
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            break;
        }
        start = i;
        chars.next();
    }
    for _ in 0..words {
        while chars.next_if(|&(_, c)| c.is_whitespace()).is_some() {}
        let mut found = false;
        while let Some((i, _)) = chars.next_if(|&(_, c)| !c.is_whitespace()) {
            start = i;
            found = true;
        }
        if !found {
            break;
        }
    }
    start
}

/// The end of the `words`-th whitespace-separated word after `at` (a char
/// boundary); the characters glued to `at` ("held." after a word) belong to
/// its own word.
pub(crate) fn forward_words(text: &str, at: usize, words: usize) -> usize {
    let rest = text.get(at..).unwrap_or("");
    let mut chars = rest.char_indices().peekable();
    let mut end = at;
    while let Some((i, c)) = chars.next_if(|&(_, c)| !c.is_whitespace()) {
        end = at + i + c.len_utf8();
    }
    for _ in 0..words {
        while chars.next_if(|&(_, c)| c.is_whitespace()).is_some() {}
        let mut found = false;
        while let Some((i, c)) = chars.next_if(|&(_, c)| !c.is_whitespace()) {
            end = at + i + c.len_utf8();
            found = true;
        }
        if !found {
            break;
        }
    }
    end
}

fn char_len(text: &str, from: usize, to: usize) -> usize {
    text.get(from..to).map_or(0, |s| s.chars().count())
}

/// The byte index `n` characters before `at` (or 0); `at` is a char
/// boundary.
fn back_chars(text: &str, at: usize, n: usize) -> usize {
    if n == 0 {
        return at;
    }
    text.get(..at)
        .and_then(|before| before.char_indices().rev().nth(n - 1))
        .map_or(0, |(i, _)| i)
}

/// The byte index `n` characters after `at` (or the end); `at` is a char
/// boundary.
fn forward_chars(text: &str, at: usize, n: usize) -> usize {
    text.get(at..)
        .and_then(|after| after.char_indices().nth(n))
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
    // `rfind` gives the whitespace's first byte: a boundary.
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
    use proptest::prelude::*;

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

    /// Every character for which `char::is_whitespace` holds.
    const UNICODE_WHITESPACE: [char; 25] = [
        '\t', '\n', '\u{b}', '\u{c}', '\r', ' ', '\u{85}', '\u{a0}', '\u{1680}', '\u{2000}',
        '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}', '\u{2005}', '\u{2006}', '\u{2007}',
        '\u{2008}', '\u{2009}', '\u{200a}', '\u{2028}', '\u{2029}', '\u{202f}', '\u{205f}',
        '\u{3000}',
    ];

    fn assert_on_char_boundaries(snippet: &Snippet) {
        let text = &snippet.text;
        let mut at = 0;
        for r in &snippet.highlights {
            assert!(
                at <= r.start && r.start < r.end && r.end <= text.len(),
                "{snippet:?}"
            );
            assert!(
                text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
                "{snippet:?}"
            );
            at = r.end;
        }
    }

    /// Regression (issue 13, item 1): a multi-byte space before the match
    /// in a long body made the window start inside that space and panic.
    #[test]
    fn multi_byte_whitespace_before_the_match() {
        let terms: BTreeSet<String> = ["rafah".to_string()].into_iter().collect();
        assert!(UNICODE_WHITESPACE.iter().all(|c| c.is_whitespace()));
        let multi_byte = UNICODE_WHITESPACE.iter().filter(|c| c.len_utf8() > 1);
        for &space in multi_byte {
            let body = format!("{}Rafah{space}now", format!("alpha{space}").repeat(60));
            let snippet = make_snippet(&[("body", &body)], &terms, 60);
            assert_on_char_boundaries(&snippet);
            let marked: Vec<&str> = snippet
                .highlights
                .iter()
                .map(|r| &snippet.text[r.clone()])
                .collect();
            assert_eq!(marked, ["Rafah"], "{space:?}: {snippet:?}");
            assert!(snippet.text.starts_with("alpha"), "{space:?}: {snippet:?}");
        }
    }

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            // Words of any characters (letters of every script, digits,
            // punctuation, symbols, controls).
            proptest::collection::vec(any::<char>(), 1..6)
                .prop_map(|chars| chars.into_iter().collect()),
            // ASCII letters, so that words repeat and match.
            "[a-zA-Z]{1,6}",
            proptest::sample::select(UNICODE_WHITESPACE.to_vec()).prop_map(String::from),
            // Combining marks (after a letter or alone), hyphens.
            proptest::collection::vec(
                prop_oneof![
                    0x300u32..0x370u32,
                    0x20d0u32..0x2100u32,
                    0xfe20u32..0xfe30u32
                ],
                1..3
            )
            .prop_map(|marks| marks.into_iter().filter_map(char::from_u32).collect()),
            Just("-".to_string()),
            Just("\u{2010}".to_string()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Random Unicode bodies and a word from them: a snippet never
        /// panics, and its highlights lie on char boundaries.
        #[test]
        fn snippets_of_any_unicode_stay_on_char_boundaries(
            pieces in proptest::collection::vec(piece(), 0..120),
            pick in any::<prop::sample::Index>(),
            max_chars in 0usize..120,
        ) {
            let body: String = pieces.concat();
            let words = newsdex_core::analysis::query_terms(&body);
            let terms: BTreeSet<String> = if words.is_empty() {
                BTreeSet::new()
            } else {
                [words[pick.index(words.len())].1.clone()].into_iter().collect()
            };
            let snippet = make_snippet(&[("body", &body), ("title", "t")], &terms, max_chars);
            assert_on_char_boundaries(&snippet);
            let _ = snippet.marked("<", ">", escape_html);
        }
    }
}

#[cfg(test)]
mod passage_tests {
    use super::*;

    fn terms(words: &[&str]) -> BTreeSet<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    fn marked(passages: &[Snippet]) -> Vec<String> {
        passages
            .iter()
            .map(|p| p.marked("[", "]", str::to_string))
            .collect()
    }

    #[test]
    fn several_passages_come_best_first_and_never_overlap() {
        let filler = "word ".repeat(40);
        let body =
            format!("Rafah once. {filler}Rafah twice and Rafah thrice here. {filler}Rafah last.");
        let passages = make_passages_in(
            Analysis::English,
            &[("body", &body)],
            &terms(&["rafah"]),
            3,
            Window::Words(2),
        );
        assert_eq!(
            marked(&passages),
            [
                "word word [Rafah] twice and [Rafah] thrice here.",
                "[Rafah] once. word",
                "word word [Rafah] last."
            ]
        );
        // One passage asked: the best only; a window of characters as before.
        let one = make_passages_in(
            Analysis::English,
            &[("body", &body)],
            &terms(&["rafah"]),
            1,
            Window::Chars(40),
        );
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].highlights.len(), 2, "{one:?}");
        // More passages than matches: one per match at most.
        let all = make_passages_in(
            Analysis::English,
            &[("body", &body)],
            &terms(&["rafah"]),
            10,
            Window::Words(0),
        );
        assert_eq!(all.len(), 4);
        let covered: usize = all.iter().map(|p| p.highlights.len()).sum();
        assert_eq!(covered, 4);
    }

    #[test]
    fn passages_continue_into_the_next_field() {
        let passages = make_passages_in(
            Analysis::English,
            &[("body", "The truce held."), ("title", "Truce holds")],
            &terms(&["truce"]),
            3,
            Window::Words(1),
        );
        let fields: Vec<&str> = passages.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["body", "title"]);
        assert_eq!(marked(&passages), ["The [truce] held.", "[Truce] holds"]);
    }

    #[test]
    fn word_contexts_keep_glued_punctuation_with_their_word() {
        let text = "He said: “(Rafah),” she wrote. Then left";
        let at = text.find("Rafah").unwrap();
        let end = at + "Rafah".len();
        assert_eq!(&text[back_words(text, at, 1)..at], "said: “(");
        assert_eq!(&text[end..forward_words(text, end, 2)], "),” she wrote.");
        assert_eq!(back_words(text, 0, 3), 0);
        assert_eq!(forward_words(text, text.len(), 3), text.len());
    }
}
