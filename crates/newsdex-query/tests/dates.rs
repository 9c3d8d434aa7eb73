//! Every entry point that reads a day accepts and rejects the same inputs
//! (`newsdex_core::dates::{ACCEPTED, REJECTED}`): the `articles.toml`
//! sidecar, JSON Lines `published`, and `published:` in the query language.
//! The CLI's `--from`/`--to` call `parse_day` itself.

use std::path::Path;

use newsdex_core::dates::{parse_day, ACCEPTED, REJECTED};
use newsdex_core::ingest::{parse_bytes, Format, Sidecar};
use newsdex_core::NewsIndex;
use newsdex_query::{search, QueryErrorKind, SearchError, SearchRequest};

fn sidecar_accepts(text: &str) -> bool {
    let toml = format!(
        "[[article]]\nid = \"a\"\npublished = {}\n",
        serde_json::to_string(text).unwrap()
    );
    Sidecar::parse(&toml).problems().is_empty()
}

fn jsonl_accepts(text: &str) -> bool {
    let line = serde_json::json!({"id": "a", "title": "T", "body": "B", "published": text});
    let parsed = parse_bytes(
        Format::JsonLines,
        line.to_string().as_bytes(),
        Path::new("a.jsonl"),
    );
    match parsed.as_slice() {
        [Ok(raw)] => raw.published.is_some(),
        other => panic!("{text:?}: {other:?}"),
    }
}

/// `None` when the query language cannot spell `text` as one word.
fn planner_accepts(index: &NewsIndex, text: &str) -> Option<bool> {
    if text.is_empty() || text.chars().any(char::is_whitespace) {
        return None;
    }
    match search(index, &SearchRequest::new(format!("published:{text}"))) {
        Ok(_) => Some(true),
        Err(SearchError::Query(err)) if matches!(err.kind, QueryErrorKind::InvalidDate(_)) => {
            Some(false)
        }
        Err(other) => panic!("published:{text}: {other}"),
    }
}

#[test]
fn ingest_and_query_accept_and_reject_the_same_days() {
    let index = NewsIndex::create_in_ram().unwrap();
    for (inputs, accepted) in [(ACCEPTED, true), (REJECTED, false)] {
        for text in inputs {
            assert_eq!(parse_day(text).is_ok(), accepted, "parse_day {text:?}");
            assert_eq!(sidecar_accepts(text), accepted, "sidecar {text:?}");
            assert_eq!(jsonl_accepts(text), accepted, "jsonl {text:?}");
            if let Some(planned) = planner_accepts(&index, text) {
                assert_eq!(planned, accepted, "published:{text}");
            }
        }
    }
}
