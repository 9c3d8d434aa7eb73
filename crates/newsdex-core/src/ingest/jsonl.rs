//! JSON Lines: one article per line.
//!
//! ```json
//! {"id": "a1", "source": "ft", "title": "…", "published": "2024-03-25", "body": "…",
//!  "url": "https://…", "authors": ["…"], "source_name": "Financial Times"}
//! ```
//! `id` and `body` are required; `published` is `YYYY-MM-DD` or RFC 3339.
//! A malformed line is reported with its line number and skipped; the other
//! lines are still read.

use std::path::Path;

use serde::Deserialize;

use super::error::{IngestError, IngestErrorKind};
use super::sidecar::parse_date;
use super::{Layout, Origin, RawArticle};
use crate::article::{ArticleId, Source};

/// Longest JSON line accepted (4 MiB); longer lines are rejected by number.
pub const MAX_LINE_BYTES: usize = 4 * 1024 * 1024;

/// Deepest JSON nesting accepted; an article needs two levels.
pub const MAX_NESTING: usize = 32;

#[derive(Deserialize)]
struct JsonArticle {
    id: IdValue,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    source_name: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    published: Option<String>,
    body: String,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    authors: Vec<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum IdValue {
    Text(String),
    Number(u64),
}

/// Parses a JSON Lines file.
pub fn parse(bytes: &[u8], path: &Path) -> Vec<Result<RawArticle, IngestError>> {
    let mut out = Vec::new();
    for (index, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let number = index + 1;
        let origin = Origin {
            path: path.to_path_buf(),
            line: Some(number),
        };
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        out.push(parse_line(line, origin));
    }
    if out.is_empty() {
        out.push(Err(IngestError::new(
            Origin {
                path: path.to_path_buf(),
                line: None,
            },
            IngestErrorKind::Empty,
        )));
    }
    out
}

fn parse_line(line: &[u8], origin: Origin) -> Result<RawArticle, IngestError> {
    let fail = |kind| Err(IngestError::new(origin.clone(), kind));
    if line.len() > MAX_LINE_BYTES {
        return fail(IngestErrorKind::Malformed(format!(
            "line of {} bytes exceeds the {MAX_LINE_BYTES}-byte limit",
            line.len()
        )));
    }
    if nesting_depth(line) > MAX_NESTING {
        return fail(IngestErrorKind::Malformed(format!(
            "JSON nested deeper than {MAX_NESTING} levels"
        )));
    }
    let record: JsonArticle = match serde_json::from_slice(line) {
        Ok(record) => record,
        Err(err) => return fail(IngestErrorKind::Malformed(err.to_string())),
    };
    let id = match record.id {
        IdValue::Text(id) if !id.trim().is_empty() => id,
        IdValue::Number(n) => n.to_string(),
        IdValue::Text(_) => return fail(IngestErrorKind::MissingField("id")),
    };
    let mut warnings = Vec::new();
    let published = match record.published.as_deref() {
        Some(text) => {
            let date = parse_date(text);
            if date.is_none() {
                warnings.push(format!("unparsable `published` {text:?} ignored"));
            }
            date
        }
        None => None,
    };
    let mut raw = RawArticle::new(ArticleId(id), origin, Layout::Fielded, record.body);
    raw.input_bytes = line.len();
    raw.title = record.title;
    raw.source = record
        .source
        .filter(|s| !s.trim().is_empty())
        .map(|id| Source {
            name: record.source_name.unwrap_or_else(|| id.clone()),
            id: id.to_lowercase(),
        });
    raw.published = published;
    raw.url = record.url;
    raw.authors = record.authors;
    raw.warnings = warnings;
    Ok(raw)
}

/// Deepest nesting of arrays and objects in `line` (outside strings).
fn nesting_depth(line: &[u8]) -> usize {
    let (mut depth, mut deepest, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for &b in line {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_bad_and_blank_lines() {
        let input = b"{\"id\":\"a\",\"source\":\"ft\",\"title\":\"T\",\"published\":\"2024-03-25\",\"body\":\"B\"}\n\nnot json\n{\"id\":7,\"body\":\"C\"}\n{\"title\":\"no id\",\"body\":\"x\"}\n";
        let items = parse(input, Path::new("f.jsonl"));
        assert_eq!(items.len(), 4);
        let first = items[0].as_ref().unwrap();
        assert_eq!(first.id.as_str(), "a");
        assert_eq!(first.source.as_ref().unwrap().id, "ft");
        let err = items[1].as_ref().unwrap_err();
        assert_eq!(err.origin.line, Some(3));
        assert!(
            err.to_string().starts_with("f.jsonl:3: malformed record"),
            "{err}"
        );
        assert_eq!(items[2].as_ref().unwrap().id.as_str(), "7");
        assert_eq!(items[3].as_ref().unwrap_err().origin.line, Some(5));
    }

    #[test]
    fn deep_nesting_is_rejected_not_a_crash() {
        let deep = format!(
            "{{\"id\":\"a\",\"body\":\"b\",\"x\":{}{}}}",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let items = parse(deep.as_bytes(), Path::new("f.jsonl"));
        let err = items[0].as_ref().unwrap_err();
        assert!(err.to_string().contains("nested deeper"), "{err}");
        assert_eq!(nesting_depth(br#"{"a":"[[[[","b":[1,{"c":2}]}"#), 3);
    }
}

/// Property tests: no input makes the JSON Lines reader panic, every error
/// names a line that exists, and any well-formed article line reads back
/// with its id and body. Runs `PROPTEST_CASES` cases (default 256).
#[cfg(test)]
mod fuzz {
    use super::*;
    use proptest::prelude::*;

    /// Pieces of JSON Lines, well- and ill-formed.
    const FRAGMENTS: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        "\"",
        ":",
        ",",
        "\n",
        "\r\n",
        " ",
        "\\",
        "\\u0000",
        "\\ud800",
        "\\\"",
        "\"id\"",
        "\"body\"",
        "\"title\"",
        "\"published\"",
        "\"authors\"",
        "\"source\"",
        "\"a1\"",
        "7",
        "-1",
        "1e999",
        "18446744073709551616",
        "null",
        "true",
        "\"2024-03-25\"",
        "\"2024-13-45T25:61:00Z\"",
        "\"text with \u{1F600} and \u{5e9}\"",
        "\u{feff}",
        "\u{0}",
        "{\"id\":\"x\",\"body\":\"ok\"}",
    ];

    fn jsonl_bytes() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..1024),
            proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..64)
                .prop_map(|parts| parts.concat().into_bytes()),
        ]
    }

    proptest! {
        #[test]
        fn any_input_reads_without_panicking(bytes in jsonl_bytes()) {
            let lines = bytes.split(|&b| b == b'\n').count();
            let items = parse(&bytes, Path::new("f.jsonl"));
            prop_assert!(!items.is_empty() && items.len() <= lines);
            for item in items {
                match item {
                    Ok(raw) => {
                        prop_assert!(!raw.id.as_str().trim().is_empty());
                        let _ = crate::pipeline::process(raw);
                    }
                    Err(err) => match err.origin.line {
                        Some(line) => prop_assert!((1..=lines).contains(&line)),
                        None => prop_assert_eq!(err.kind, IngestErrorKind::Empty),
                    },
                }
            }
        }

        #[test]
        fn well_formed_lines_read_back(
            id in "\\PC{0,20}",
            body in any::<String>(),
            title in proptest::option::of(any::<String>()),
        ) {
            let line = serde_json::json!({"id": id, "body": body, "title": title}).to_string();
            let items = parse(line.as_bytes(), Path::new("f.jsonl"));
            prop_assert_eq!(items.len(), 1);
            match &items[0] {
                Ok(raw) => {
                    prop_assert_eq!(raw.id.as_str(), id.as_str());
                    prop_assert_eq!(&raw.text, &body);
                    prop_assert_eq!(&raw.title, &title);
                }
                Err(err) => prop_assert!(
                    id.trim().is_empty() && err.kind == IngestErrorKind::MissingField("id"),
                    "{err}"
                ),
            }
        }
    }
}
