//! The newsdex query language.
//!
//! ```text
//! query    := or_expr
//! or_expr  := and_expr ( "OR" and_expr )*
//! and_expr := near ( ["AND"] near )*            -- bare words are ANDed
//! near     := unary ( PROXIMITY unary )*         -- left to right
//! PROXIMITY := "w/" N                            -- right side within N words after the left
//!           | "near/" N                          -- within N words, either order
//!           | "/s"                               -- in one sentence
//!           | "/p"                               -- in one paragraph
//! unary    := ("NOT" | "-") unary | "+" unary | primary
//! primary  := "(" or_expr ")"
//!           | FIELD ":" primary                  -- title: body: caption: quote:
//!                                                -- source: country: about: person:
//!                                                -- vote: said_by: published:
//!           | "[" bound "TO" bound "]"           -- inclusive range, bound = WORD | "*"
//!           | PHRASE [ "~" N ]                   -- "immediate ceasefire"~2
//!           | WORD "*"                           -- prefix: Rafa*
//!           | WORD "~" [N]                       -- fuzzy, N = 1 or 2 (default 2)
//!           | WORD
//!           | "*"                                -- every article
//! ```
//!
//! - Words and phrases go through the same analyzer as the index: stemming,
//!   "cease-fire" = "ceasefire" = "cease fire", "U.S." = "US".
//! - `~N` after a phrase allows N extra positions between its words, in
//!   order (tantivy slop).
//! - Proximity binds tighter than AND and OR: `a b w/3 c OR d` is
//!   `a AND (b w/3 c) OR d`. `N` is 1 to [`MAX_PROXIMITY`] (`w/1`: the next
//!   word); operators are case-insensitive (`W/3`, `NEAR/3`). A side is a
//!   word, phrase, prefix or fuzzy word, a parenthesised OR of those, or
//!   another proximity (`a w/3 b w/5 c` reads `(a w/3 b) w/5 c`, whose
//!   matches span from `a` to `b`); never a negation, an AND, a date or a
//!   facet. Both sides are matched in the same text field (title, body,
//!   caption or quote) and paragraph; `w/N` counts the words from the end
//!   of the left side's match to the start of the right side's (sentence
//!   ends are not words).
//! - Sentences end at `.`, `!`, `?` followed by a capital or a digit, not
//!   after an abbreviation ("Mr.", "Oct.", "U.N."); paragraphs at blank
//!   lines (`newsdex_core::analysis::positions`). An exact phrase never
//!   matches across a sentence end or a paragraph break; a phrase with a
//!   slop may cross sentence ends of one paragraph, at the cost of one of
//!   its extra words.
//! - `+` marks a required term; since the default operator is AND it changes
//!   nothing and is accepted for familiarity.
//! - Parentheses and prefixes nest at most [`MAX_DEPTH`] deep.
//!
//! Malformed input is a [`crate::QueryError`] with the byte span at fault,
//! never a panic and never a silently different query.

pub(crate) mod ast;
pub(crate) mod lexer;
pub(crate) mod parser;

pub use ast::{Leaf, LeafKind, Proximity, QueryAst};
pub use lexer::MAX_PROXIMITY;
pub use parser::{parse, MAX_DEPTH};

#[cfg(test)]
mod tests {
    use super::*;

    fn json(input: &str) -> String {
        serde_json::to_string(&parse(input).unwrap().unwrap()).unwrap()
    }

    fn error_span(input: &str) -> std::ops::Range<usize> {
        parse(input).unwrap_err().span.unwrap()
    }

    #[test]
    fn precedence_and_default_and() {
        assert_eq!(
            json("a b OR c"),
            r#"{"type":"or","clauses":[{"type":"and","clauses":[{"type":"leaf","field":null,"kind":{"kind":"word","text":"a"}},{"type":"leaf","field":null,"kind":{"kind":"word","text":"b"}}]},{"type":"leaf","field":null,"kind":{"kind":"word","text":"c"}}]}"#
        );
        assert_eq!(json("a AND b"), json("a b"));
        assert_eq!(json("+a -b"), json("a NOT b"));
    }

    #[test]
    fn leaves() {
        assert_eq!(
            json("\"immediate ceasefire\"~2"),
            r#"{"type":"leaf","field":null,"kind":{"kind":"phrase","text":"immediate ceasefire","slop":2}}"#
        );
        assert_eq!(
            json("Rafa*"),
            r#"{"type":"leaf","field":null,"kind":{"kind":"prefix","text":"Rafa"}}"#
        );
        assert_eq!(
            json("Netanyahoo~2"),
            r#"{"type":"leaf","field":null,"kind":{"kind":"fuzzy","text":"Netanyahoo","distance":2}}"#
        );
        assert_eq!(
            json("published:[2024-03-22 TO 2024-03-24]"),
            r#"{"type":"leaf","field":"published","kind":{"kind":"range","lower":"2024-03-22","upper":"2024-03-24"}}"#
        );
        assert_eq!(
            json("title:(a OR b)"),
            r#"{"type":"or","clauses":[{"type":"leaf","field":"title","kind":{"kind":"word","text":"a"}},{"type":"leaf","field":"title","kind":{"kind":"word","text":"b"}}]}"#
        );
        assert_eq!(json("*"), r#"{"type":"all"}"#);
    }

    #[test]
    fn malformed_queries_name_the_position() {
        assert_eq!(error_span("\"unclosed"), 0..9);
        assert_eq!(error_span("title:"), 0..6);
        assert_eq!(error_span("(a OR"), 3..5);
        assert_eq!(error_span("(a b"), 0..1);
        assert_eq!(error_span("a b)"), 3..4);
        assert_eq!(error_span("OR a"), 0..2);
        assert_eq!(error_span("a AND"), 2..5);
        assert_eq!(error_span("ra*fah"), 0..6);
        assert_eq!(error_span("a~3"), 1..3);
        assert_eq!(error_span("\"a b\"~"), 5..6);
        assert_eq!(error_span("[a TO"), 0..1);
        assert_eq!(error_span("()"), 0..1);
    }

    #[test]
    fn proximity() {
        assert_eq!(
            json("\"security council\" w/5 (veto* OR \"voted against\")"),
            r#"{"type":"near","op":{"kind":"within","distance":5},"left":{"type":"leaf","field":null,"kind":{"kind":"phrase","text":"security council","slop":0}},"right":{"type":"or","clauses":[{"type":"leaf","field":null,"kind":{"kind":"prefix","text":"veto"}},{"type":"leaf","field":null,"kind":{"kind":"phrase","text":"voted against","slop":0}}]}}"#
        );
        // Tighter than AND and OR, left to right.
        assert_eq!(json("a b /s c OR d"), json("a AND (b /s c) OR d"));
        assert_eq!(
            json("a w/1 b near/2 c"),
            r#"{"type":"near","op":{"kind":"near","distance":2},"left":{"type":"near","op":{"kind":"within","distance":1},"left":{"type":"leaf","field":null,"kind":{"kind":"word","text":"a"}},"right":{"type":"leaf","field":null,"kind":{"kind":"word","text":"b"}}},"right":{"type":"leaf","field":null,"kind":{"kind":"word","text":"c"}}}"#
        );
        assert_eq!(json("title:(a /p b)"), json("title:a /p title:b"));
    }

    #[test]
    fn malformed_proximity_names_the_position() {
        assert_eq!(error_span("a w/ b"), 2..4);
        assert_eq!(error_span("a w/0 b"), 2..5);
        assert_eq!(error_span("a w/x b"), 2..5);
        assert_eq!(error_span("a near/201 b"), 2..10);
        assert_eq!(error_span("/s a"), 0..2);
        assert_eq!(error_span("a /p"), 2..4);
        assert_eq!(error_span("a w/3 /s b"), 2..5);
        assert_eq!(error_span("a AND /p b"), 2..5);
        assert_eq!(error_span("a w/3 -b"), 6..8);
        assert_eq!(error_span("(a b) w/3 c"), 0..5);
        assert_eq!(error_span("a near/2 *"), 9..10);
        assert_eq!(error_span("a /s published:[2024-01-01 TO *]"), 5..32);
        let chain = format!("a{}", " w/1 a".repeat(100));
        assert!(matches!(
            parse(&chain).unwrap_err().kind,
            crate::error::QueryErrorKind::TooDeep(_)
        ));
    }

    #[test]
    fn depth_is_capped() {
        let deep = format!("{}a{}", "(".repeat(100), ")".repeat(100));
        let err = parse(&deep).unwrap_err();
        assert!(matches!(err.kind, crate::error::QueryErrorKind::TooDeep(_)));
        let nots = "NOT ".repeat(100) + "a";
        assert!(parse(&nots).is_err());
    }

    #[test]
    fn blank_is_none() {
        assert_eq!(parse("   ").unwrap(), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn any_string_parses_or_errs(input in "\\PC{0,40}") {
            let _ = parse(&input);
        }

        #[test]
        fn query_like_strings_never_panic(input in "[a-z\"()\\[\\]:~*+/ -]{0,30}|(AND|OR|NOT|TO|title:|\"| |\\(|\\)|~2|\\*|-|w/3|near/2|/s|/p|w/|w/0){0,12}") {
            if let Err(err) = parse(&input) {
                if let Some(span) = err.span {
                    proptest::prop_assert!(span.start <= span.end && span.end <= input.len());
                }
            }
        }
    }
}
