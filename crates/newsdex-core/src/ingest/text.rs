//! Plain-text articles: one file, one article. The id is given by the
//! caller: [`stem_id`] for a file on its own; [`super::read_inputs`] gives a
//! file found in a folder its path below that folder (`ft/2024-03-25`), so
//! two outlets' files of the same name never share an id.
//!
//! Bytes are decoded as UTF-8; invalid sequences are replaced (U+FFFD) with a
//! warning rather than losing the article. Empty and binary files are
//! rejected with a reason.

use std::path::Path;

use super::error::{IngestError, IngestErrorKind, Origin};
use super::raw::{Layout, RawArticle};
use super::sidecar::Sidecar;
use crate::article::{ArticleId, Source};

/// How many leading bytes are inspected to decide whether a file is binary.
const BINARY_SNIFF_BYTES: usize = 8192;

/// The id of a file read on its own: its stem (name without extension).
pub fn stem_id(path: &Path) -> ArticleId {
    ArticleId(
        path.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    )
}

/// Parses one plain-text article file as article `id`; its metadata is the
/// sidecar entry of the file's stem.
pub fn parse(
    bytes: &[u8],
    path: &Path,
    id: ArticleId,
    sidecar: Option<&Sidecar>,
) -> Result<RawArticle, IngestError> {
    let origin = Origin {
        path: path.to_path_buf(),
        line: None,
    };
    let fail = |kind| Err(IngestError::new(origin.clone(), kind));
    if is_binary(bytes) {
        return fail(IngestErrorKind::Binary);
    }
    let (text, lossy) = decode(bytes);
    if text.trim().is_empty() {
        return fail(IngestErrorKind::Empty);
    }
    let mut raw = RawArticle::new(id, origin, Layout::PlainText, text);
    raw.input_bytes = bytes.len();
    if lossy {
        raw.warnings
            .push("invalid UTF-8 replaced with U+FFFD".to_string());
    }
    let stem = stem_id(path);
    if let Some(entry) = sidecar.and_then(|s| s.get(stem.as_str())) {
        if let Some(source) = &entry.source {
            raw.source = Some(Source {
                id: source.to_lowercase(),
                name: entry.source_name.clone().unwrap_or_else(|| source.clone()),
            });
        }
        raw.published = entry
            .published
            .as_deref()
            .and_then(|d| crate::dates::parse_day(d).ok());
        raw.title = entry.title.clone();
        raw.url = entry.url.clone();
        raw.authors = entry.authors.clone();
    }
    Ok(raw)
}

/// A file is binary when its first bytes hold a NUL byte or are mostly
/// control characters (tabs, newlines and carriage returns excepted).
pub fn is_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(BINARY_SNIFF_BYTES)];
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    !head.is_empty() && control * 10 > head.len()
}

pub use super::raw::decode;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_binary_and_lossy() {
        let path = Path::new("x/a.txt");
        assert_eq!(
            parse(b"  \n\n", path, stem_id(path), None)
                .unwrap_err()
                .kind,
            IngestErrorKind::Empty
        );
        assert_eq!(
            parse(b"PK\x03\x04\x00\x00", path, stem_id(path), None)
                .unwrap_err()
                .kind,
            IngestErrorKind::Binary
        );
        let raw = parse(b"Caf\xe9 talks\n\nbody", path, stem_id(path), None).unwrap();
        assert_eq!(raw.id.as_str(), "a");
        assert!(raw.text.contains('\u{FFFD}'));
        assert_eq!(raw.warnings.len(), 1);
    }

    #[test]
    fn sidecar_fills_metadata() {
        let sidecar = Sidecar::parse(
            "[[article]]\nid = \"a\"\nsource = \"FT\"\nsource_name = \"Financial Times\"\npublished = \"2024-03-25\"\ntitle = \"T\"\n",
        );
        // The entry is the file stem's, whatever id the article gets.
        let raw = parse(
            b"text",
            Path::new("ft/a.txt"),
            ArticleId("ft/a".into()),
            Some(&sidecar),
        )
        .unwrap();
        assert_eq!(raw.id.as_str(), "ft/a");
        let source = raw.source.unwrap();
        assert_eq!(
            (source.id.as_str(), source.name.as_str()),
            ("ft", "Financial Times")
        );
        assert_eq!(raw.title.as_deref(), Some("T"));
        assert!(raw.published.is_some());
    }

    /// Issue 13, item 4: pathological texts read in linear time and memory:
    /// one huge line, many blank lines, invalid UTF-8 throughout. Reading a
    /// text is so cheap (well under a millisecond a MiB) that each timing
    /// reads it 32 times, to stay above the noise of a busy machine.
    #[test]
    fn pathological_texts_read_in_linear_time() {
        let path = Path::new("p.txt");
        let run = |bytes: &Vec<u8>| {
            for _ in 0..32 {
                let _ = std::hint::black_box(parse(bytes, path, stem_id(path), None));
            }
        };
        // 1 MiB and 4 MiB.
        let size = 1 << 20;
        crate::growth::assert_linear(
            "text huge line",
            size,
            |n| "word ".repeat(n / 5).into_bytes(),
            run,
        );
        crate::growth::assert_linear(
            "text blank lines",
            size,
            |n| format!("T\n{}x", "\r\n".repeat(n / 2)).into_bytes(),
            run,
        );
        crate::growth::assert_linear(
            "text invalid UTF-8",
            size,
            |n| b"ab\xe9 ".repeat(n / 4),
            run,
        );
    }
}

/// Property tests: no byte sequence makes reading, cleaning or extracting a
/// plain-text article panic. Runs `PROPTEST_CASES` cases (default 256);
/// `PROPTEST_CASES=100000 cargo test -p newsdex-core ingest::text::fuzz`
/// for a long local run.
#[cfg(test)]
mod fuzz {
    use super::*;
    use proptest::prelude::*;

    /// Pieces of real-looking articles and of the ways they go wrong.
    const FRAGMENTS: &[&[u8]] = &[
        b"Headline of the day\n",
        b"\n\n",
        b"\r\n",
        b"\t",
        b" ",
        b"SHARE NOW",
        b"Leave a Reply",
        b"Copyright 2024 Reuters. All rights reserved.",
        b"\xc2\xa9 2024 The Guardian",
        b"Photo: AP",
        b"(Photo by Jane Doe/Getty Images)",
        b"WASHINGTON (Reuters) - ",
        b"JERUSALEM, March 25 \xe2\x80\x94 ",
        b"\xe2\x80\x9cWe want a cease-fire now,\xe2\x80\x9d said John Kirby.",
        b"The U.N. Security Council vote was vetoed by Russia and China.",
        b"Georgia Jordan Chad turkey Guinea Papua New Guinea",
        b"U.S. USA us",
        b"\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7",
        b"\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d",
        b"\xf0\x9f\x98\x80\xf0\x9f\x87\xba\xf0\x9f\x87\xb8",
        b"e\xcc\x81",
        b"\xe2\x80\xae",
        b"\xef\xbb\xbf",
        b"\x00",
        b"\x07\x1b[31m",
        b"\xff\xfe",
        b"\xc3",
        b"\xe9",
        b"-",
        b"...",
        b"\"",
        b"'",
        b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    ];

    fn article_bytes() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..1024),
            any::<String>().prop_map(String::into_bytes),
            proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..48)
                .prop_map(|parts| parts.concat()),
        ]
    }

    proptest! {
        #[test]
        fn reading_cleaning_and_extracting_never_panic(bytes in article_bytes()) {
            let path = Path::new("in/a.txt");
            match parse(&bytes, path, stem_id(path), None) {
                Ok(raw) => {
                    prop_assert_eq!(raw.id.as_str(), "a");
                    prop_assert!(!raw.text.trim().is_empty());
                    if crate::clean::clean(raw.clone()).is_ok() {
                        let _ = crate::pipeline::process(raw);
                    }
                }
                Err(err) => prop_assert!(
                    matches!(err.kind, IngestErrorKind::Empty | IngestErrorKind::Binary),
                    "unexpected {err}"
                ),
            }
        }
    }
}
