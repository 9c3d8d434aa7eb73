//! The analyzer that turns a user's query text into terms
//! (`analysis::query_terms`, `analysis::unstemmed_terms`), on arbitrary
//! text: never a panic, no empty or over-long term, positions never go back.

use newsdex_core::analysis::{query_terms, unstemmed_terms, MAX_WORD_BYTES};
use proptest::prelude::*;

/// What users type into a search box: words of the bundled articles, every
/// operator, field and range of the query language (the analyzer sees them
/// as text), and hostile text (control characters, bidi overrides, emoji,
/// combining marks, ligatures, an over-long word).
const TEXT_PARTS: &[&str] = &[
    "ceasefire",
    "cease-fire",
    "Rafah",
    "Kirby",
    "U.N.",
    "US",
    "us",
    "Gaza",
    "immediate",
    "AND",
    "OR",
    "NOT",
    "TO",
    "and",
    "(",
    ")",
    "\"",
    "\"immediate ceasefire\"",
    "~",
    "~2",
    "~0",
    "~99999999999999999999",
    "*",
    "Rafa*",
    "*fah",
    "+",
    "-",
    ":",
    "title:",
    "body:",
    "caption:",
    "quote:",
    "source:",
    "source:ft",
    "country:",
    "country:qatar",
    "about:",
    "person:",
    "vote:vetoed/china",
    "said_by:",
    "published:",
    "published:[2024-03-25 TO *]",
    "published:[* TO 2024-03-22]",
    "published:2024-02-30",
    "published:[2024-03-25 TO",
    "[",
    "]",
    "{",
    "}",
    "nosuchfield:",
    "\\",
    " ",
    "  ",
    "\t",
    "\n",
    "\u{0}",
    "\u{202e}",
    "\u{1F600}",
    "\u{5e9}\u{5dc}\u{5d5}\u{5dd}",
    "e\u{301}",
    "\u{feff}",
    "ß",
    "İ",
    "ﬁ",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
];

/// Arbitrary strings, printable strings, and pieces glued together or
/// separated by spaces.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,60}",
        proptest::collection::vec(proptest::sample::select(TEXT_PARTS), 0..16)
            .prop_map(|parts| parts.concat()),
        proptest::collection::vec(proptest::sample::select(TEXT_PARTS), 0..12)
            .prop_map(|parts| parts.join(" ")),
    ]
}

proptest! {
    #[test]
    fn analyzer_never_panics_and_keeps_words_short(text in text()) {
        let terms = query_terms(&text);
        let mut last = None;
        for (position, term) in &terms {
            prop_assert!(!term.is_empty());
            // Stemming and folding may lengthen a word a little, never
            // past what tantivy accepts.
            prop_assert!(term.len() <= 4 * MAX_WORD_BYTES, "{term}");
            prop_assert!(last.is_none_or(|p| p <= *position), "positions go back");
            last = Some(*position);
        }
        let _ = unstemmed_terms(&text);
    }
}
