//! JSON Lines: one article per line.
//!
//! ```json
//! {"id": "a1", "source": "ft", "title": "…", "published": "2024-03-25", "body": "…",
//!  "url": "https://…", "authors": ["…"], "source_name": "Financial Times"}
//! ```
//! `id` (a string or a number) and `body` are required; `published` is
//! `YYYY-MM-DD` or RFC 3339 (an unreadable date is dropped with a warning
//! naming the field, and the article kept); `authors` is a list of names,
//! one name, or `null`. A UTF-8 byte-order mark is ignored. A malformed line
//! is reported with its line number and skipped; the other lines are still
//! read.

use std::path::Path;

use serde::{Deserialize, Deserializer};

use super::error::{IngestError, IngestErrorKind};
use super::{Layout, Origin, RawArticle};
use crate::article::{ArticleId, Source};

/// Longest JSON line accepted (4 MiB); longer lines are rejected by number.
pub const MAX_LINE_BYTES: usize = 4 * 1024 * 1024;

/// Deepest JSON nesting accepted; an article needs two levels.
pub const MAX_NESTING: usize = 32;

#[derive(Deserialize)]
struct JsonArticle {
    /// A string or a number, checked after parsing so that a wrong type
    /// gets a plain message (`null` is a missing id).
    #[serde(default)]
    id: Option<serde_json::Value>,
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
    #[serde(default, deserialize_with = "authors")]
    authors: Vec<String>,
}

/// `authors`: a list of names, one name, or `null` (none). Null items of a
/// list are skipped.
fn authors<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    struct Authors;
    impl<'de> serde::de::Visitor<'de> for Authors {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("authors as a list of names, one name, or null")
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Self::Value, E> {
            Ok(vec![name.to_string()])
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            let mut names = Vec::new();
            while let Some(name) = seq.next_element::<Option<String>>()? {
                names.extend(name);
            }
            Ok(names)
        }
    }
    deserializer.deserialize_any(Authors)
}

/// Parses a JSON Lines file.
pub fn parse(bytes: &[u8], path: &Path) -> Vec<Result<RawArticle, IngestError>> {
    // A byte-order mark would make the first line malformed.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut out = parse_chunk(bytes, path, 1, MAX_LINE_BYTES);
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

/// Parses whole lines of a JSON Lines file, the first of them line
/// `first_line`; blank lines are skipped and a line longer than `cap`
/// bytes is refused by its number ([`line_too_long`]). What a streamed file
/// is read with, a piece at a time ([`super::stream`]); the byte-order mark
/// and the "empty file" error are the caller's.
pub fn parse_chunk(
    bytes: &[u8],
    path: &Path,
    first_line: usize,
    cap: usize,
) -> Vec<Result<RawArticle, IngestError>> {
    let mut out = Vec::new();
    for (index, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let origin = Origin {
            path: path.to_path_buf(),
            line: Some(first_line + index),
        };
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        out.push(match line_too_long(line.len(), cap) {
            Some(kind) => Err(IngestError::new(origin, kind)),
            None => parse_line(line, origin),
        });
    }
    out
}

/// Why a line of `len` bytes is refused, if it is: longer than
/// [`MAX_LINE_BYTES`], or than `cap` (the per-record limit of a streamed
/// file, `--max-file-mb`).
pub fn line_too_long(len: usize, cap: usize) -> Option<IngestErrorKind> {
    if len > MAX_LINE_BYTES {
        Some(IngestErrorKind::Malformed(format!(
            "line of {len} bytes exceeds the {MAX_LINE_BYTES}-byte limit"
        )))
    } else if len > cap {
        Some(IngestErrorKind::RecordTooLarge {
            size: len as u64,
            limit: cap as u64,
        })
    } else {
        None
    }
}

fn parse_line(line: &[u8], origin: Origin) -> Result<RawArticle, IngestError> {
    let fail = |kind| Err(IngestError::new(origin.clone(), kind));
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
        Some(serde_json::Value::String(id)) if !id.trim().is_empty() => id,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        None | Some(serde_json::Value::String(_)) => {
            return fail(IngestErrorKind::MissingField("id"))
        }
        Some(_) => {
            return fail(IngestErrorKind::Malformed(
                "id must be a string or a number".to_string(),
            ))
        }
    };
    let mut warnings = Vec::new();
    let published = match record.published.as_deref() {
        Some(text) => {
            let date = crate::dates::parse_day(text).ok();
            if date.is_none() {
                warnings.push(format!(
                    "`published` {text:?} is not a date (YYYY-MM-DD or RFC 3339); indexed without a date"
                ));
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

    /// Issue 13, item 7: a UTF-8 byte-order mark does not lose the first line.
    #[test]
    fn byte_order_mark_does_not_lose_the_first_line() {
        let items = parse(
            b"\xEF\xBB\xBF{\"id\":\"a\",\"body\":\"B\"}\n{\"id\":\"b\",\"body\":\"C\"}\n",
            Path::new("bom.jsonl"),
        );
        let ids: Vec<_> = items
            .iter()
            .map(|i| {
                i.as_ref()
                    .map(|a| a.id.as_str())
                    .map_err(ToString::to_string)
            })
            .collect();
        assert_eq!(ids, [Ok("a"), Ok("b")]);
    }

    /// Issue 13, item 7: `"authors": null` means no authors (and one name
    /// as a plain string is one author), not a lost article.
    #[test]
    fn null_or_single_authors_are_accepted() {
        let items = parse(
            b"{\"id\":\"a\",\"body\":\"B\",\"authors\":null}\n{\"id\":\"b\",\"body\":\"B\",\"authors\":\"Jane Roe\"}\n",
            Path::new("f.jsonl"),
        );
        assert!(items[0].as_ref().unwrap().authors.is_empty());
        assert_eq!(items[1].as_ref().unwrap().authors, ["Jane Roe"]);
    }

    /// Issue 13, item 7: a date with trailing garbage is not a date; the
    /// article is indexed without it and a warning names the field (the
    /// warning's origin is the line).
    #[test]
    fn published_with_trailing_garbage_is_dropped_with_a_warning() {
        let line = |published: &str| {
            format!("{{\"id\":\"a\",\"body\":\"B\",\"published\":\"{published}\"}}")
        };
        let raw = parse(line("2024-03-25garbage").as_bytes(), Path::new("f.jsonl"))
            .remove(0)
            .unwrap();
        assert_eq!(raw.published, None);
        assert_eq!(raw.origin.line, Some(1));
        assert_eq!(raw.warnings.len(), 1);
        assert!(
            raw.warnings[0].contains("`published`")
                && raw.warnings[0].contains("2024-03-25garbage"),
            "{:?}",
            raw.warnings
        );
        for good in [
            "2024-03-25",
            "2024-03-25T10:00:00Z",
            "2024-03-25T23:30:00-05:00",
            "2024-03-25T10:00:00",
        ] {
            let raw = parse(line(good).as_bytes(), Path::new("f.jsonl"))
                .remove(0)
                .unwrap();
            assert_eq!(
                raw.published,
                Some(time::macros::date!(2024 - 03 - 25)),
                "{good}"
            );
            assert!(raw.warnings.is_empty(), "{good}: {:?}", raw.warnings);
        }
    }

    /// Issue 13, item 10: an id of the wrong type is named plainly, without
    /// serde's internals ("untagged enum IdValue").
    #[test]
    fn a_bad_id_type_is_named_plainly() {
        for id in ["true", "{}", "[1]"] {
            let line = format!("{{\"id\":{id},\"body\":\"B\"}}");
            let err = parse(line.as_bytes(), Path::new("f.jsonl"))
                .remove(0)
                .unwrap_err()
                .to_string();
            assert!(
                err.contains("id must be a string or a number"),
                "{id}: {err}"
            );
            assert!(
                !err.contains("untagged") && !err.contains("IdValue"),
                "{err}"
            );
        }
        for (id, read) in [("-3", "-3"), ("1.5", "1.5"), ("\"x\"", "x")] {
            let line = format!("{{\"id\":{id},\"body\":\"B\"}}");
            let raw = parse(line.as_bytes(), Path::new("f.jsonl"))
                .remove(0)
                .unwrap();
            assert_eq!(raw.id.as_str(), read);
        }
        let err = parse(b"{\"id\":null,\"body\":\"B\"}", Path::new("f.jsonl"))
            .remove(0)
            .unwrap_err();
        assert_eq!(err.kind, IngestErrorKind::MissingField("id"));
    }

    /// Issue 13, item 4: pathological lines read in linear time and memory:
    /// deep nesting (rejected), one huge line, many escapes, many lines.
    #[test]
    fn pathological_lines_read_in_linear_time() {
        let run = |bytes: &Vec<u8>| {
            std::hint::black_box(parse(bytes, Path::new("p.jsonl")));
        };
        // 1 MiB and 4 MiB, every line under the 4 MiB limit (so it is
        // parsed, not refused for its length).
        let size = 1 << 20;
        crate::growth::assert_linear(
            "JSONL deep nesting",
            size,
            // Just under the line limit at 4x, so that nesting is what
            // rejects the line.
            |n| format!("{{\"id\":\"a\",\"body\":\"b\",\"x\":{}", "[".repeat(n - 64)).into_bytes(),
            run,
        );
        crate::growth::assert_linear(
            "JSONL huge line",
            size,
            |n| {
                format!(
                    "{{\"id\":\"a\",\"body\":\"{}\"}}",
                    "word ".repeat((n - 64) / 5)
                )
                .into_bytes()
            },
            run,
        );
        crate::growth::assert_linear(
            "JSONL many escapes",
            size,
            |n| {
                format!(
                    "{{\"id\":\"a\",\"body\":\"{}\"}}",
                    "\\u00e9\\n\\\"".repeat((n - 64) / 10)
                )
                .into_bytes()
            },
            run,
        );
        crate::growth::assert_linear(
            "JSONL many short lines",
            size,
            |n| {
                "{\"id\":\"a\",\"body\":\"b\"}\n"
                    .repeat(n / 24)
                    .into_bytes()
            },
            run,
        );
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
