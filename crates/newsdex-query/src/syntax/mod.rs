//! The newsdex query language.
//!
//! ```text
//! query    := or_expr
//! or_expr  := and_expr ( "OR" and_expr )*
//! and_expr := unary ( ["AND"] unary )*          -- bare words are ANDed
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
//! - `+` marks a required term; since the default operator is AND it changes
//!   nothing and is accepted for familiarity.
//! - Parentheses and prefixes nest at most [`MAX_DEPTH`] deep.
//!
//! Malformed input is a [`crate::QueryError`] with the byte span at fault,
//! never a panic and never a silently different query.

pub(crate) mod ast;
pub(crate) mod lexer;
pub(crate) mod parser;

pub use ast::{Leaf, LeafKind, QueryAst};
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
        fn query_like_strings_never_panic(input in "[a-z\"()\\[\\]:~*+ -]{0,30}|(AND|OR|NOT|TO|title:|\"| |\\(|\\)|~2|\\*|-){0,12}") {
            if let Err(err) = parse(&input) {
                if let Some(span) = err.span {
                    proptest::prop_assert!(span.start <= span.end && span.end <= input.len());
                }
            }
        }
    }
}
