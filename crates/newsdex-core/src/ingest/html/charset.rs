//! Decoding a page's bytes to text, in the order browsers use: a byte-order
//! mark, then the charset an HTTP header declared, then a `<meta charset>`
//! or `<meta http-equiv="Content-Type">` in the first [`PRESCAN_BYTES`],
//! then UTF-8 when the bytes are valid UTF-8, else Windows-1252 (which is
//! also what `ISO-8859-1` and `US-ASCII` labels mean on the web).
//!
//! A declaration the bytes contradict is overruled, with a warning: bytes
//! declared UTF-8 that are not valid UTF-8 are read as Windows-1252, and
//! bytes declared in a single-byte charset that are valid UTF-8 holding
//! multibyte sequences are read as UTF-8 (a Latin-1 page has no valid
//! multibyte sequences but by accident).

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// How many leading bytes are searched for a `<meta>` charset declaration
/// (the HTML standard's prescan reads 1024; pages with long `<head>`s put it
/// later, so a little more is read).
pub const PRESCAN_BYTES: usize = 4096;

/// A decoded page.
#[derive(Debug)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// The encoding the text was read in (its WHATWG name; the tests check it).
    #[cfg_attr(not(test), allow(dead_code))]
    pub encoding: &'static str,
    /// What was wrong with the declarations, if anything.
    pub warnings: Vec<String>,
}

/// Decodes `bytes`, `declared` being the charset an HTTP header gave, if any.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> Decoded {
    let mut warnings = Vec::new();
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or_default();
        return finish(encoding, body, warnings);
    }
    let header = declared.and_then(|label| known(label, "HTTP header", &mut warnings));
    let declaration = header.map(|e| (e, "HTTP header")).or_else(|| {
        prescan(bytes)
            .and_then(|label| known(&label, "<meta>", &mut warnings))
            // A <meta> cannot declare UTF-16 (it would not be readable as
            // ASCII); the standard reads such pages as UTF-8.
            .map(|e| {
                (
                    if e == UTF_16BE || e == UTF_16LE {
                        UTF_8
                    } else {
                        e
                    },
                    "<meta>",
                )
            })
    });
    let valid_utf8 = std::str::from_utf8(bytes).is_ok();
    let encoding = match declaration {
        Some((e, from)) if e == UTF_8 && !valid_utf8 => {
            warnings.push(format!(
                "charset declared UTF-8 ({from}) but the bytes are not UTF-8; read as Windows-1252"
            ));
            WINDOWS_1252
        }
        Some((e, from)) if e.is_single_byte() && valid_utf8 && !bytes.is_ascii() => {
            warnings.push(format!(
                "charset declared {} ({from}) but the bytes are UTF-8; read as UTF-8",
                e.name()
            ));
            UTF_8
        }
        Some((e, _)) => e,
        None if valid_utf8 => UTF_8,
        None => WINDOWS_1252,
    };
    finish(encoding, bytes, warnings)
}

fn finish(encoding: &'static Encoding, bytes: &[u8], mut warnings: Vec<String>) -> Decoded {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        warnings.push(format!(
            "bytes invalid in {} replaced with U+FFFD",
            encoding.name()
        ));
    }
    Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
        warnings,
    }
}

/// The encoding a label names, or a warning when it names none.
fn known(label: &str, from: &str, warnings: &mut Vec<String>) -> Option<&'static Encoding> {
    let encoding = Encoding::for_label(label.trim().as_bytes());
    if encoding.is_none() {
        let shown: String = label.chars().take(40).collect();
        warnings.push(format!("unknown charset {shown:?} ({from}) ignored"));
    }
    encoding
}

/// The charset label of the first `<meta>` in the page's first
/// [`PRESCAN_BYTES`] that declares one (`<meta charset=…>` or a
/// `content="text/html; charset=…"`).
fn prescan(bytes: &[u8]) -> Option<String> {
    let head = bytes.get(..bytes.len().min(PRESCAN_BYTES)).unwrap_or(bytes);
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"<meta") {
        let start = from + at + b"<meta".len();
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(pos) = find(tag, b"charset") {
            let rest = &tag[pos + b"charset".len()..];
            let rest = trim_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_start(rest);
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let label: Vec<u8> = rest
                    .iter()
                    .copied()
                    .take_while(|b| {
                        !matches!(b, b'"' | b'\'' | b';' | b'/' | b'>') && !b.is_ascii_whitespace()
                    })
                    .collect();
                if !label.is_empty() {
                    return Some(String::from_utf8_lossy(&label).into_owned());
                }
            }
        }
        from = end.max(start);
    }
    None
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let skip = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &bytes[skip..]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_wins_over_declarations() {
        let page = b"\xEF\xBB\xBF<meta charset=\"windows-1252\"><p>caf\xC3\xA9</p>";
        let decoded = decode(page, Some("iso-8859-2"));
        assert_eq!(decoded.encoding, "UTF-8");
        assert!(decoded.text.contains("café"));
        assert!(!decoded.text.starts_with('\u{FEFF}'));
        let utf16: Vec<u8> = b"\xFF\xFE"
            .iter()
            .copied()
            .chain("<p>été</p>".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert!(decode(&utf16, None).text.contains("été"));
    }

    #[test]
    fn meta_charset_in_either_form() {
        let page = b"<html><head><meta charset='ISO-8859-1'></head><p>caf\xE9</p>";
        let decoded = decode(page, None);
        assert_eq!(decoded.encoding, "windows-1252");
        assert!(decoded.text.contains("café"));
        assert!(decoded.warnings.is_empty());
        let page = b"<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=koi8-r\"><p>\xF0\xD2\xC9\xD7\xC5\xD4</p>";
        let decoded = decode(page, None);
        assert_eq!(decoded.encoding, "KOI8-R");
        assert!(decoded.text.contains("Привет"), "{}", decoded.text);
    }

    #[test]
    fn header_charset_comes_before_meta() {
        let page = b"<meta charset=utf-8><p>\xE9t\xE9</p>";
        let decoded = decode(page, Some("windows-1252"));
        assert_eq!(decoded.encoding, "windows-1252");
        assert!(decoded.warnings.is_empty());
        assert!(decoded.text.contains("été"));
    }

    #[test]
    fn undeclared_pages_are_utf8_when_valid_else_windows_1252() {
        assert_eq!(decode("<p>naïve</p>".as_bytes(), None).encoding, "UTF-8");
        let decoded = decode(b"<p>\x93quoted\x94 caf\xE9</p>", None);
        assert_eq!(decoded.encoding, "windows-1252");
        assert!(decoded.text.contains("\u{201C}quoted\u{201D} café"));
        assert!(decoded.warnings.is_empty());
    }

    #[test]
    fn lying_declarations_are_overruled_with_a_warning() {
        // Declared UTF-8, written in Windows-1252.
        let decoded = decode(b"<meta charset=utf-8><p>caf\xE9</p>", None);
        assert_eq!(decoded.encoding, "windows-1252");
        assert!(decoded.text.contains("café"));
        assert!(
            decoded.warnings[0].contains("declared UTF-8"),
            "{:?}",
            decoded.warnings
        );
        // Declared Latin-1, written in UTF-8.
        let decoded = decode("<meta charset=iso-8859-1><p>café</p>".as_bytes(), None);
        assert_eq!(decoded.encoding, "UTF-8");
        assert!(decoded.text.contains("café"));
        assert!(
            decoded.warnings[0].contains("bytes are UTF-8"),
            "{:?}",
            decoded.warnings
        );
        // An unknown label is ignored, said so.
        let decoded = decode(b"<meta charset=klingon-8><p>plain</p>", None);
        assert_eq!(decoded.encoding, "UTF-8");
        assert!(decoded.warnings[0].contains("klingon"));
    }

    #[test]
    fn a_meta_declaring_utf16_reads_as_utf8() {
        let decoded = decode("<meta charset=utf-16><p>é</p>".as_bytes(), None);
        assert_eq!(decoded.encoding, "UTF-8");
        assert!(decoded.text.contains('é'));
    }
}
