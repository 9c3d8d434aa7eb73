//! newsdex's terms of a text, for engines that cannot analyse it as
//! newsdex does (Quickwit): the document carries them pre-analysed, and a
//! query is analysed the same way before it is sent.
//!
//! The terms are those of newsdex's *query* chain for the text's language
//! ([`Analysis::query`]): one term per word position, a hyphenated word as
//! its joined form only (`Thomas-Greenfield` → `thomasgreenfield`). The
//! indexing chain also emits the parts of a hyphenated word at the same
//! position, which a space-joined field cannot express (each term takes the
//! next position); keeping one term per position keeps phrases exact, at a
//! price: a hyphenated word's part alone (`Greenfield`) does not find it.
//! Sentence and paragraph gaps are lost too: consecutive terms are one
//! position apart, across a sentence end as within a sentence.

use newsdex_core::analysis::Analysis;

/// newsdex's terms of `text` under `analysis`, one per word position, in
/// order: what a query's words become, and what a document's pre-analysed
/// field holds.
///
/// ```
/// use newsdex_core::analysis::Analysis;
/// let terms = newsdex_export::terms::terms(Analysis::English, "The U.N. cease-fire");
/// assert_eq!(terms, ["the", "un", "ceasefir"]);
/// ```
pub fn terms(analysis: Analysis, text: &str) -> Vec<String> {
    analysis
        .query_terms(text)
        .into_iter()
        .map(|(_, term)| term)
        .collect()
}

/// The pre-analysed form of `text` for an article in `language` (ISO
/// 639-1, `None` when unknown): [`terms`] under [`Analysis::of`] the
/// language, joined by single spaces. A term never holds whitespace, so a
/// whitespace tokenizer gives the terms back.
///
/// ```
/// let text = newsdex_export::terms::pre_analysed(Some("en"), "Immediate cease fire");
/// assert_eq!(text, "immedi ceasefir");
/// ```
pub fn pre_analysed(language: Option<&str>, text: &str) -> String {
    let mut out = String::new();
    for term in terms(Analysis::of(language), text) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&term);
    }
    out
}
