//! The parser on arbitrary text: never a panic, and a syntax error points
//! inside the query and says something.

use proptest::prelude::*;

use crate::arbitrary::query_text;

proptest! {
    #[test]
    fn query_parser_never_panics_and_points_inside_the_query(text in query_text()) {
        if let Err(err) = newsdex_query::syntax::parse(&text) {
            if let Some(span) = &err.span {
                prop_assert!(span.start <= span.end && span.end <= text.len());
            }
            prop_assert!(!err.to_string().is_empty());
        }
    }
}
