//! Reuters-21578 SGML reader (`lewis.dtd`): one `<REUTERS>` record per story.
//!
//! The collection is a public research corpus and a real-world input format:
//! Latin-1 bytes, numeric character references (`&#3;`), `&lt;`/`&amp;`, and
//! stories without a `<BODY>` (types BRIEF and UNPROC). A hand-rolled tag
//! scanner reads it with no regex: the format is flat (no nested elements of
//! the same name), so finding `<TAG` and `</TAG>` is enough. Every search is
//! bounded (a record's close tag is looked for only up to the next record, a
//! reference's `;` only within a few bytes), so reading takes time linear in
//! the input whatever it holds.
//!
//! Encoding: UTF-16 with a byte-order mark and valid UTF-8 are decoded as
//! such; anything else is Latin-1, the collection's own encoding.
//!
//! Mapping: `NEWID` → id `reuters-<NEWID>`; source `reuters`; `DATE` →
//! `published`; `TITLE` → title; `DATELINE` → dateline (the place only, the
//! date dropped); `BODY` (or the bare `TEXT` of a story without one) → text,
//! [`Layout::Fielded`], with the trailing "Reuter" signature removed;
//! `PLACES`/`PEOPLE`/`TOPICS` `<D>` labels → [`ReferenceLabels`].
//!
//! A malformed record becomes an [`IngestError`] whose origin carries the
//! 1-based line of its `<REUTERS` tag; the records after it are still read.

use std::path::Path;

use time::{Date, Month};

use super::error::{IngestError, IngestErrorKind};
use super::{Layout, Origin, RawArticle};
use crate::article::{ArticleId, ReferenceLabels, Source};

/// Source id given to every Reuters story.
pub const SOURCE_ID: &str = "reuters";
/// Source name given to every Reuters story.
pub const SOURCE_NAME: &str = "Reuters";

/// Parses a Reuters-21578 SGML file into one item per `<REUTERS>` record.
/// Never panics; a bad record does not lose the others. A file with no
/// record at all is one error saying why (empty, UTF-16 without a
/// byte-order mark, or no record found).
pub fn parse_sgml(bytes: &[u8], path: &Path) -> Vec<Result<RawArticle, IngestError>> {
    let text = decode(bytes);
    let out = records(&text, path);
    if !out.is_empty() {
        return out;
    }
    let kind = if text.trim().is_empty() {
        IngestErrorKind::Empty
    } else if looks_like_utf16(bytes) {
        IngestErrorKind::Encoding("UTF-16 without a byte-order mark".to_string())
    } else {
        IngestErrorKind::NoRecords("<REUTERS>")
    };
    vec![Err(IngestError::new(
        Origin {
            path: path.to_path_buf(),
            line: None,
        },
        kind,
    ))]
}

/// Decodes the bytes of an SGML file: UTF-16 after its byte-order mark,
/// UTF-8 when the bytes are valid UTF-8 (a UTF-8 byte-order mark dropped),
/// else Latin-1, which maps each byte to the code point of the same value.
fn decode(bytes: &[u8]) -> String {
    let utf16 = |bytes: &[u8], unit: fn([u8; 2]) -> u16| {
        let units = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]]));
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, u16::from_be_bytes);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

/// Whether the first bytes look like UTF-16 text without a byte-order mark:
/// a NUL in the same half of most byte pairs.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let pairs: Vec<&[u8]> = bytes.chunks_exact(2).take(512).collect();
    let even = pairs.iter().filter(|p| p[0] == 0 && p[1] != 0).count();
    let odd = pairs.iter().filter(|p| p[1] == 0 && p[0] != 0).count();
    !pairs.is_empty() && even.max(odd) * 2 > pairs.len()
}

/// The tag every record starts with, as bytes.
pub const RECORD_START: &[u8] = b"<REUTERS";

/// How the bytes of a piece of an SGML file are decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoding {
    /// The whole file is valid UTF-8.
    Utf8,
    /// The file is not valid UTF-8: Latin-1, byte for byte.
    Latin1,
    /// A file too large to be checked whole: each record is decoded on its
    /// own, as UTF-8 when it is valid UTF-8, else as Latin-1.
    PerRecord,
}

impl Decoding {
    /// How a file whose bytes (after any UTF-8 byte-order mark) are `bytes`
    /// is decoded when read whole.
    pub fn of(bytes: &[u8]) -> Decoding {
        if std::str::from_utf8(bytes).is_ok() {
            Decoding::Utf8
        } else {
            Decoding::Latin1
        }
    }
}

/// Parses a piece of an SGML file: whole records, the first starting on
/// line `first_line` (anything before the first record is ignored, as it is
/// in a whole file). With [`Decoding::PerRecord`], a record longer than
/// `cap` bytes is refused by its line. What a file is read with a piece at
/// a time ([`super::stream`]); a file without any record is the caller's
/// error.
pub fn parse_chunk(
    bytes: &[u8],
    path: &Path,
    first_line: usize,
    decoding: Decoding,
    cap: usize,
) -> Vec<Result<RawArticle, IngestError>> {
    let whole = |bytes: &[u8]| match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    };
    match decoding {
        Decoding::Utf8 | Decoding::Latin1 => {
            let text = match decoding {
                Decoding::Latin1 => bytes.iter().map(|&b| char::from(b)).collect(),
                _ => whole(bytes),
            };
            records_from(&text, path, first_line)
        }
        Decoding::PerRecord => {
            let starts = record_starts(bytes);
            let mut out = Vec::new();
            let mut line =
                first_line + count_newline_bytes(&bytes[..starts.first().copied().unwrap_or(0)]);
            for (i, &start) in starts.iter().enumerate() {
                let end = starts.get(i + 1).copied().unwrap_or(bytes.len());
                let record = &bytes[start..end];
                if record.len() > cap {
                    let origin = Origin {
                        path: path.to_path_buf(),
                        line: Some(line),
                    };
                    let kind = IngestErrorKind::RecordTooLarge {
                        size: record.len() as u64,
                        limit: cap as u64,
                    };
                    out.push(Err(IngestError::new(origin, kind)));
                } else {
                    out.extend(records_from(&whole(record), path, line));
                }
                line += count_newline_bytes(record);
            }
            out
        }
    }
}

/// Where each record starts in `bytes` (the offsets of [`RECORD_START`]).
pub fn record_starts(bytes: &[u8]) -> Vec<usize> {
    static FINDER: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> =
        std::sync::LazyLock::new(|| aho_corasick::AhoCorasick::new([RECORD_START]).ok());
    match &*FINDER {
        Some(finder) => finder.find_iter(bytes).map(|m| m.start()).collect(),
        // Never: one short literal always builds.
        None => bytes
            .windows(RECORD_START.len())
            .enumerate()
            .filter(|(_, window)| *window == RECORD_START)
            .map(|(at, _)| at)
            .collect(),
    }
}

/// An upper bound on the items [`parse_sgml`] makes of `bytes` (one per
/// record tag, and one when there is none).
pub fn count_items(bytes: &[u8]) -> usize {
    let tags = if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        record_starts(decode(bytes).as_bytes()).len()
    } else {
        record_starts(bytes).len()
    };
    tags.max(1)
}

/// Newlines in `bytes`.
pub fn count_newline_bytes(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// Why an SGML file in which no record was found is skipped, from the
/// first bytes of the file and whether anything but white space was seen.
pub fn no_records_error(first_bytes: &[u8], any_text: bool) -> IngestErrorKind {
    if !any_text {
        IngestErrorKind::Empty
    } else if looks_like_utf16(first_bytes) {
        IngestErrorKind::Encoding("UTF-16 without a byte-order mark".to_string())
    } else {
        IngestErrorKind::NoRecords("<REUTERS>")
    }
}

/// The records of a decoded file, in order.
fn records(text: &str, path: &Path) -> Vec<Result<RawArticle, IngestError>> {
    records_from(text, path, 1)
}

/// The records of decoded text whose first line is line `first_line` of
/// its file, in order.
fn records_from(
    text: &str,
    path: &Path,
    first_line: usize,
) -> Vec<Result<RawArticle, IngestError>> {
    let mut out = Vec::new();
    let mut pos = 0;
    let mut line = first_line;
    let mut line_pos = 0;
    while let Some(rel) = text[pos..].find("<REUTERS") {
        let start = pos + rel;
        line += count_newlines(&text[line_pos..start]);
        line_pos = start;
        let origin = Origin {
            path: path.to_path_buf(),
            line: Some(line),
        };
        let after_open = start + "<REUTERS".len();
        // The record ends at its close tag, or (when that is missing) where
        // the next record starts, so one broken record loses only itself.
        // The close tag is looked for only up to the next record: searching
        // the rest of the file for each record made many unclosed records
        // quadratic.
        let next_open = text[after_open..].find("<REUTERS").map(|i| after_open + i);
        let limit = next_open.unwrap_or(text.len());
        let close = text[after_open..limit]
            .find("</REUTERS>")
            .map(|i| after_open + i);
        match close {
            Some(end) => {
                out.push(parse_record(&text[start..end], origin));
                pos = end + "</REUTERS>".len();
            }
            None => {
                out.push(Err(malformed(origin, "record has no </REUTERS> close tag")));
                pos = next_open.unwrap_or(text.len());
            }
        }
    }
    out
}

fn count_newlines(s: &str) -> usize {
    s.bytes().filter(|&b| b == b'\n').count()
}

fn malformed(origin: Origin, why: &str) -> IngestError {
    IngestError::new(origin, IngestErrorKind::Malformed(why.to_string()))
}

/// Parses one record: `record` runs from `<REUTERS` to just before
/// `</REUTERS>`.
fn parse_record(record: &str, origin: Origin) -> Result<RawArticle, IngestError> {
    let Some(tag_end) = record.find('>') else {
        return Err(malformed(origin, "unterminated <REUTERS> tag"));
    };
    let attrs = &record[..tag_end];
    let Some(newid) = attribute(attrs, "NEWID") else {
        return Err(IngestError::new(
            origin,
            IngestErrorKind::MissingField("NEWID"),
        ));
    };
    if newid.is_empty() || !newid.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed(origin, "NEWID is not a number"));
    }
    let inner = &record[tag_end + 1..];
    let Some(text_el) = element(inner, "TEXT") else {
        return Err(IngestError::new(
            origin,
            IngestErrorKind::MissingField("TEXT"),
        ));
    };
    let title = element(text_el.content, "TITLE")
        .map(|e| collapse_ws(&unescape(e.content)))
        .filter(|t| !t.is_empty());
    let dateline = element(text_el.content, "DATELINE")
        .map(|e| dateline_place(&unescape(e.content)))
        .filter(|d| !d.is_empty());
    let (title, body) = match element(text_el.content, "BODY") {
        Some(b) => (title, unescape(b.content)),
        None => {
            let bare = unescape(&strip_tags(text_el.content));
            match title {
                Some(title) => (Some(title), bare),
                // UNPROC: no TITLE, the headline is the first line.
                None => split_headline(&bare),
            }
        }
    };
    let body = reflow(strip_signature(&body));
    let body = if body.is_empty() {
        // A story with neither BODY nor bare text: its title is all it says.
        title.clone().unwrap_or_default()
    } else {
        body
    };
    let mut warnings = Vec::new();
    let published = match element(inner, "DATE") {
        Some(d) => {
            let parsed = parse_date(d.content);
            if parsed.is_none() {
                warnings.push(format!("unparsable DATE {:?}", d.content.trim()));
            }
            parsed
        }
        None => None,
    };
    let labels = |name| {
        element(inner, name)
            .map(|e| d_labels(e.content))
            .unwrap_or_default()
    };
    let reference = ReferenceLabels {
        places: labels("PLACES"),
        people: labels("PEOPLE"),
        topics: labels("TOPICS"),
        orgs: labels("ORGS"),
    };
    let input_bytes = record.len() + "</REUTERS>".len();
    let mut raw = RawArticle::new(
        ArticleId(format!("reuters-{newid}")),
        origin,
        Layout::Fielded,
        body,
    );
    raw.title = title;
    raw.dateline = dateline;
    raw.published = published;
    raw.source = Some(Source {
        id: SOURCE_ID.to_string(),
        name: SOURCE_NAME.to_string(),
    });
    raw.reference = reference;
    raw.input_bytes = input_bytes;
    raw.warnings = warnings;
    Ok(raw)
}

/// Splits off the first line of a story without TITLE when it reads as a
/// wire headline (letters, none of them lowercase): the title, and the
/// text after it. Otherwise no title and the whole text.
fn split_headline(text: &str) -> (Option<String>, String) {
    let start = text.len() - text.trim_start().len();
    let rest = &text[start..];
    let (line, after) = rest.split_once('\n').unwrap_or((rest, ""));
    let is_headline =
        line.chars().any(char::is_alphabetic) && !line.chars().any(char::is_lowercase);
    if is_headline {
        (Some(collapse_ws(line)), after.to_string())
    } else {
        (None, text.to_string())
    }
}

/// An element found by [`element`].
struct Element<'a> {
    /// Text between the open tag's `>` and the close tag.
    content: &'a str,
}

/// The first `<NAME ...>...</NAME>` in `s` (attributes ignored).
fn element<'a>(s: &'a str, name: &str) -> Option<Element<'a>> {
    let mut from = 0;
    loop {
        let rel = s[from..].find('<')?;
        let open = from + rel;
        let rest = &s[open + 1..];
        let is_match = rest.starts_with(name)
            && rest[name.len()..]
                .chars()
                .next()
                .is_some_and(|c| c == '>' || c.is_whitespace());
        if is_match {
            let gt = open + s[open..].find('>')?;
            let close_tag = format!("</{name}>");
            let end = gt + 1 + s[gt + 1..].find(&close_tag)?;
            return Some(Element {
                content: &s[gt + 1..end],
            });
        }
        from = open + 1;
    }
}

/// The value of `NAME="value"` in a tag's attribute text.
fn attribute<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(rel) = attrs[from..].find(name) {
        let at = from + rel;
        from = at + name.len();
        let before_ok = attrs[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_whitespace);
        let rest = attrs[from..].trim_start();
        if before_ok {
            if let Some(rest) = rest.strip_prefix('=') {
                let rest = rest.trim_start();
                if let Some(q) = rest.strip_prefix('"') {
                    return q.find('"').map(|end| &q[..end]);
                }
            }
        }
    }
    None
}

/// The `<D>` values of a label field, lowercased and trimmed.
fn d_labels(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find("<D>") {
        let after = &rest[open + 3..];
        let Some(close) = after.find("</D>") else {
            break;
        };
        let label = unescape(&after[..close]).trim().to_lowercase();
        if !label.is_empty() {
            out.push(label);
        }
        rest = &after[close + 4..];
    }
    out
}

/// Removes `<...>` tags (used for the bare TEXT of a story without BODY:
/// TITLE, DATELINE and AUTHOR elements are dropped with their content).
fn strip_tags(s: &str) -> String {
    let mut text = s.to_string();
    for name in ["TITLE", "DATELINE", "AUTHOR"] {
        let open = format!("<{name}");
        let close = format!("</{name}>");
        if let (Some(start), Some(end)) = (text.find(&open), text.find(&close)) {
            if start < end {
                text.replace_range(start..end + close.len(), " ");
            }
        }
    }
    strip_angle(&text)
}

/// Drops any remaining tags. A tag is `<` followed by a letter, `/` or `!`
/// and closed by `>` on the same line; any other `<` ("rates < 5 pct") is
/// text, so a stray one never swallows the rest of a story.
fn strip_angle(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let after = &rest[lt + 1..];
        let starts_tag = after
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'/' || b == b'!');
        // The tag's end: the first `>`, unless a `<` or a line break comes
        // first (then this `<` is text). Scanning stops at the next `<`, so
        // every byte is looked at a bounded number of times.
        let end = after
            .find(['<', '>', '\n'])
            .filter(|&i| after.as_bytes()[i] == b'>');
        match end {
            Some(i) if starts_tag => rest = &after[i + 1..],
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Longest reference name looked at after `&` (`#x10FFFF` is 8 bytes).
const MAX_ENTITY_BYTES: usize = 8;

/// Decodes `&#N;`, `&#xN;`, `&lt;`, `&gt;`, `&amp;` and `&quot;`. Control
/// characters (the wire's `&#2;`, `&#3;`) become spaces, so they never glue
/// two words together; an unknown or broken reference is kept as written.
/// The `;` of a reference is looked for only within [`MAX_ENTITY_BYTES`]
/// bytes (searching the rest of the text made a run of `&` quadratic).
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        push_text(&mut out, &rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = after
            .bytes()
            .take(MAX_ENTITY_BYTES + 1)
            .position(|b| b == b';');
        let decoded = semi.and_then(|i| decode_entity(&after[..i]));
        match (semi, decoded) {
            (Some(i), Some(c)) => {
                out.extend(text_char(c));
                rest = &after[i + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    push_text(&mut out, rest);
    out
}

/// Appends text, control characters made spaces or dropped ([`text_char`]).
fn push_text(out: &mut String, s: &str) {
    out.extend(s.chars().filter_map(text_char));
}

/// What a character of the wire becomes in the text: newline and tab stay;
/// other C0 controls (`STX`, `ETX`, the `&#5;` padding) separate words, so
/// they become a space; DEL (the wire's rubout, found inside words) and C1
/// controls are dropped.
fn text_char(c: char) -> Option<char> {
    match c {
        '\n' | '\t' => Some(c),
        c if u32::from(c) < 0x20 => Some(' '),
        c if c.is_control() => None,
        c => Some(c),
    }
}

fn decode_entity(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// Collapses runs of whitespace to one space and trims.
fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The place of a dateline: `"    NEW YORK, Feb 26 - "` → `"NEW YORK"`,
/// `"STAMFORD, Conn., March 3 - "` → `"STAMFORD, Conn."`.
fn dateline_place(s: &str) -> String {
    let s = collapse_ws(s);
    let s = s.trim_end_matches(|c: char| c == '-' || c.is_whitespace());
    // Drop the trailing ", <Month> <day>" part when present.
    if let Some(comma) = s.rfind(',') {
        let tail = s[comma + 1..].trim();
        let mut words = tail.split_whitespace();
        let month = words.next().unwrap_or("");
        let day = words.next().unwrap_or("");
        let is_date = month_of(month).is_some()
            && !day.is_empty()
            && day.bytes().all(|b| b.is_ascii_digit())
            && words.next().is_none();
        if is_date {
            return s[..comma].trim().to_string();
        }
    }
    s.to_string()
}

/// A month from an English name or abbreviation (`Feb`, `FEB`, `March`,
/// `Sept`); anything else, "Août" included, is `None`.
fn month_of(word: &str) -> Option<Month> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    // Only ASCII names can match; checking it first also keeps every byte
    // index below on a char boundary.
    if w.len() < 3 || !w.is_ascii() {
        return None;
    }
    const MONTHS: [(&str, Month); 12] = [
        ("january", Month::January),
        ("february", Month::February),
        ("march", Month::March),
        ("april", Month::April),
        ("may", Month::May),
        ("june", Month::June),
        ("july", Month::July),
        ("august", Month::August),
        ("september", Month::September),
        ("october", Month::October),
        ("november", Month::November),
        ("december", Month::December),
    ];
    MONTHS
        .iter()
        .find(|(name, _)| name.starts_with(w.as_str()) || w == "sept" && *name == "september")
        .map(|&(_, m)| m)
}

/// Parses `" 2-JAN-1987 08:30:00.00"` (the time is dropped).
fn parse_date(s: &str) -> Option<Date> {
    let day_part = s.split_whitespace().next()?;
    let mut parts = day_part.split('-');
    let day: u8 = parts.next()?.parse().ok()?;
    let month = month_of(parts.next()?)?;
    let year: i32 = parts.next()?.parse().ok()?;
    Date::from_calendar_date(year, month, day).ok()
}

/// Joins hard-wrapped lines into paragraphs. On the wire a paragraph starts
/// with an indented line (or follows a blank line); paragraphs come out
/// separated by one blank line, the layout every [`Layout::Fielded`] body
/// has.
fn reflow(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut paragraph_open = false;
    let mut blank_before = false;
    for line in body.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            blank_before = true;
            continue;
        }
        let starts_paragraph = line.starts_with([' ', '\t']) || blank_before;
        if paragraph_open {
            out.push_str(if starts_paragraph { "\n\n" } else { " " });
        }
        out.push_str(trimmed);
        paragraph_open = true;
        blank_before = false;
    }
    out
}

/// Removes the wire signature that ends most stories: a last line reading
/// "Reuter" or "REUTER" (the `&#3;` after it is already gone).
fn strip_signature(body: &str) -> &str {
    let trimmed = body.trim_end();
    for sig in ["Reuter", "REUTER"] {
        if let Some(head) = trimmed.strip_suffix(sig) {
            let boundary = head.chars().next_back().is_none_or(char::is_whitespace);
            if boundary {
                return head.trim_end();
            }
        }
    }
    trimmed
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// The collection's record element. Test input is assembled from
    /// invented fields with [`element`] and [`story`], so that no record of
    /// the collection (or anything shaped as a stored copy of one) sits in
    /// the source.
    const STORY: &str = "REUTERS";

    /// `<NAME attrs>content</NAME>`.
    fn element(name: &str, attrs: &str, content: &str) -> String {
        let open = if attrs.is_empty() {
            format!("<{name}>")
        } else {
            format!("<{name} {attrs}>")
        };
        format!("{open}{content}</{name}>")
    }

    /// One story record with `attrs` (e.g. `NEWID="7"`) around `content`.
    fn story(attrs: &str, content: &str) -> String {
        element(STORY, attrs, content)
    }

    /// A list element: `<PLACES><D>usa</D>…</PLACES>`.
    fn list(name: &str, values: &[&str]) -> String {
        let items: String = values.iter().map(|v| element("D", "", v)).collect();
        element(name, "", &items)
    }

    /// Two invented stories, the first on line 2, the second on line 15.
    fn fake() -> String {
        let full = [
            String::new(),
            element("DATE", "", " 3-MAR-1987 09:10:11.12"),
            list("TOPICS", &["grain", "wheat"]),
            list("PLACES", &["usa", "west-germany"]),
            list("PEOPLE", &["someone"]),
            element(
                "TEXT",
                "",
                &[
                    "&#2;".to_string(),
                    element("TITLE", "", "ACME &lt;ACM&gt; SELLS WIDGETS &amp; GADGETS"),
                    element("DATELINE", "", "    SPRINGFIELD, Ill., March 3 - ")
                        + &element(
                            "BODY",
                            "",
                            "Acme Corp said it sold\n\
widgets to a buyer in Bonn for 5 caf\u{e9} dlrs.\n    The sale closes in May.\n\
 Reuter\n&#3;",
                        ),
                ]
                .join("\n"),
            ),
            String::new(),
        ]
        .join("\n");
        let brief = [
            String::new(),
            element("DATE", "", "4-MAR-1987 10:00:00.00"),
            list("PLACES", &[]),
            element(
                "TEXT",
                "TYPE=\"BRIEF\"",
                &[
                    "&#2;".to_string(),
                    "******".to_string() + &element("TITLE", "", "BLAH CORP SETS DIVIDEND"),
                    "Blah text without body.".to_string(),
                    "&#3;".to_string(),
                    String::new(),
                ]
                .join("\n"),
            ),
            String::new(),
        ]
        .join("\n");
        format!(
            "\n{}\n{}\n",
            story("TOPICS=\"YES\" NEWID=\"90042\"", &full),
            story("TOPICS=\"NO\" NEWID=\"90043\"", &brief)
        )
    }

    fn parse(s: &str) -> Vec<Result<RawArticle, IngestError>> {
        // Latin-1: encode each char as one byte for the test input.
        let bytes: Vec<u8> = s.chars().map(|c| c as u32 as u8).collect();
        parse_sgml(&bytes, &PathBuf::from("fake.sgm"))
    }

    #[test]
    fn reads_fields_of_a_full_story() {
        let items = parse(&fake());
        assert_eq!(items.len(), 2);
        let a = items[0].as_ref().unwrap();
        assert_eq!(a.id.as_str(), "reuters-90042");
        assert_eq!(a.layout, Layout::Fielded);
        assert_eq!(
            a.title.as_deref(),
            Some("ACME <ACM> SELLS WIDGETS & GADGETS")
        );
        assert_eq!(a.dateline.as_deref(), Some("SPRINGFIELD, Ill."));
        assert_eq!(
            a.published,
            Date::from_calendar_date(1987, Month::March, 3).ok()
        );
        assert_eq!(a.source.as_ref().unwrap().id, "reuters");
        assert_eq!(a.reference.places, ["usa", "west-germany"]);
        assert_eq!(a.reference.topics, ["grain", "wheat"]);
        assert_eq!(a.reference.people, ["someone"]);
        assert!(a
            .text
            .starts_with("Acme Corp said it sold widgets to a buyer"));
        assert!(
            a.text.contains("dlrs.\n\nThe sale"),
            "reflowed: {:?}",
            a.text
        );
        assert!(a.text.contains("café"), "Latin-1 decoded: {}", a.text);
        assert!(
            a.text.ends_with("closes in May."),
            "signature stripped: {:?}",
            a.text
        );
        assert_eq!(a.origin.line, Some(2));
    }

    #[test]
    fn story_without_body_uses_bare_text() {
        let items = parse(&fake());
        let b = items[1].as_ref().unwrap();
        assert_eq!(b.id.as_str(), "reuters-90043");
        assert_eq!(b.title.as_deref(), Some("BLAH CORP SETS DIVIDEND"));
        assert!(b.text.contains("Blah text without body."), "{:?}", b.text);
        assert!(!b.text.contains("TITLE"));
        assert!(b.reference.places.is_empty());
        assert_eq!(b.origin.line, Some(15));
    }

    #[test]
    fn story_with_title_only_uses_title() {
        let title = element("TITLE", "", "ONLY A TITLE") + "&#3;";
        let s = story("NEWID=\"7\"", &element("TEXT", "", &title));
        let a = parse(&s).remove(0).unwrap();
        assert_eq!(a.text, "ONLY A TITLE");
    }

    #[test]
    fn bad_records_are_errors_and_do_not_lose_others() {
        let text = |t: &str| element("TEXT", "", t);
        let s = [
            story("TOPICS=\"NO\"", &text("x")),
            format!("<{STORY} NEWID=\"2\"><TEXT>unclosed"),
            story("NEWID=\"abc\"", &text("x")),
            story("NEWID=\"4\"", &element("DATE", "", "garbage")),
            story("NEWID=\"5\"", &text(&element("BODY", "", "fine"))),
        ]
        .join("\n");
        let items = parse(&s);
        assert_eq!(items.len(), 5);
        let lines: Vec<_> = items
            .iter()
            .map(|i| match i {
                Ok(a) => a.origin.line,
                Err(e) => e.origin.line,
            })
            .collect();
        assert_eq!(lines, [Some(1), Some(2), Some(3), Some(4), Some(5)]);
        assert!(matches!(
            items[0].as_ref().unwrap_err().kind,
            IngestErrorKind::MissingField("NEWID")
        ));
        assert!(items[1].is_err());
        assert!(items[2].is_err());
        assert!(matches!(
            items[3].as_ref().unwrap_err().kind,
            IngestErrorKind::MissingField("TEXT")
        ));
        assert_eq!(items[4].as_ref().unwrap().text, "fine");
    }

    #[test]
    fn unparsable_date_is_a_warning_not_an_error() {
        let content =
            element("DATE", "", "31-FOO-1987") + &element("TEXT", "", &element("BODY", "", "b"));
        let a = parse(&story("NEWID=\"9\"", &content)).remove(0).unwrap();
        assert_eq!(a.published, None);
        assert_eq!(a.warnings.len(), 1);
    }

    #[test]
    fn datelines_keep_the_place_only() {
        assert_eq!(dateline_place("    NEW YORK, Feb 26 - "), "NEW YORK");
        assert_eq!(
            dateline_place("STAMFORD, Conn., March 3 - "),
            "STAMFORD, Conn."
        );
        assert_eq!(dateline_place("LONDON"), "LONDON");
        assert_eq!(dateline_place(" - "), "");
    }

    #[test]
    fn entities_decode_and_broken_ones_survive() {
        assert_eq!(unescape("a &lt;b&gt; &amp; &#65;&#3;"), "a <b> & A ");
        assert_eq!(unescape("AT&T &#99999999999; &"), "AT&T &#99999999999; &");
    }

    #[test]
    fn dates_parse() {
        assert_eq!(
            parse_date(" 2-JAN-1987 08:30:00.00"),
            Date::from_calendar_date(1987, Month::January, 2).ok()
        );
        assert_eq!(parse_date("99-FEB-1987"), None);
        assert_eq!(parse_date(""), None);
    }

    #[test]
    fn never_panics_on_truncations() {
        let bytes: Vec<u8> = fake().bytes().collect();
        for cut in 0..bytes.len() {
            let _ = parse_sgml(&bytes[..cut], Path::new("t.sgm"));
        }
        let _ = parse_sgml(&[0xff, b'<', b'R', 0, 0xe9], Path::new("t.sgm"));
    }

    /// Issue 13, item 3: a Latin-1 month name ("Août", "Déc") in DATE or
    /// DATELINE is not a month, and never a panic (`&w[..3]` cut a
    /// two-byte char).
    #[test]
    fn latin1_month_names_are_not_dates_and_do_not_panic() {
        assert_eq!(month_of("Ao\u{fb}t"), None);
        assert_eq!(month_of("AO\u{db}T"), None);
        assert_eq!(month_of("D\u{e9}c"), None);
        assert_eq!(month_of("Sept"), Some(Month::September));
        assert_eq!(month_of("dec."), Some(Month::December));
        let content = element("DATE", "", "3-AO\u{db}T-1987 10:00:00.00")
            + &element(
                "TEXT",
                "",
                &(element("DATELINE", "", "    PARIS, Ao\u{fb}t 3 - ")
                    + &element("BODY", "", "Invented widgets sold well.")),
            );
        let a = parse(&story("NEWID=\"11\"", &content)).remove(0).unwrap();
        assert_eq!(a.published, None);
        assert_eq!(a.dateline.as_deref(), Some("PARIS, Ao\u{fb}t 3"));
        assert_eq!(a.warnings.len(), 1, "{:?}", a.warnings);
    }

    /// Issue 13, item 4: a body made of `&` (each looked for its `;` in the
    /// rest of the record) reads in linear time and memory.
    #[test]
    fn ampersand_runs_read_in_linear_time() {
        crate::growth::assert_linear(
            "SGML body of &",
            1 << 20,
            |n| {
                let body = element("BODY", "", &"&".repeat(n));
                story("NEWID=\"1\"", &element("TEXT", "", &body)).into_bytes()
            },
            |bytes| {
                std::hint::black_box(parse_sgml(bytes, Path::new("amp.sgm")));
            },
        );
    }

    /// Issue 13, item 4: many records without a close tag (each searched the
    /// rest of the file for one) read in linear time and memory.
    /// Measured from 4 MiB: from 1 MiB to 4 MiB a release build's time grew
    /// 8–10× as the records' allocations left the caches (4.0× from 4 to 16
    /// MiB), which failed the test in release builds.
    #[test]
    fn unclosed_records_read_in_linear_time() {
        let record = format!("<{STORY} NEWID=\"1\"><TEXT>x\n");
        crate::growth::assert_linear(
            "unclosed records",
            1 << 22,
            |n| record.repeat(n / record.len()).into_bytes(),
            |bytes| {
                std::hint::black_box(parse_sgml(bytes, Path::new("open.sgm")));
            },
        );
    }

    /// Issue 13, item 12: an UNPROC story whose text starts right after a
    /// control-character reference keeps its text through cleaning.
    #[test]
    fn unproc_text_right_after_a_control_reference_is_read() {
        for lead in ["&#2;", "&#5;&#5;&#5;", "&#3;", "&#2;\n", "&#2;&#127;"] {
            let text = format!(
                "{lead}INVENTED WIDGET REPORT - MARCH 3\n    Widgets sold......12 vs.....10\n Reuter\n&#3;"
            );
            let s = story("NEWID=\"12\"", &element("TEXT", "TYPE=\"UNPROC\"", &text));
            let a = parse(&s).remove(0).unwrap();
            assert_eq!(
                a.title.as_deref(),
                Some("INVENTED WIDGET REPORT - MARCH 3"),
                "{lead:?}"
            );
            let article = crate::pipeline::process(a).unwrap();
            assert!(article.body.starts_with("Widgets sold"), "{article:?}");
        }
    }

    /// An UNPROC story has no TITLE: its first line, in capitals, is the
    /// headline. Taken as the title, it keeps a one-line story that the
    /// cleaner would otherwise take for something else (here a photo
    /// credit, "WORD/WORD") from being skipped as "no article text".
    #[test]
    fn unproc_headline_is_the_title() {
        let text = "&#2;INVENTED WIDGET REPORT - MARCH 3\n    Widgets sold......12 vs.....10\n Reuter\n&#3;";
        let s = story("NEWID=\"15\"", &element("TEXT", "TYPE=\"UNPROC\"", text));
        let a = parse(&s).remove(0).unwrap();
        assert_eq!(a.title.as_deref(), Some("INVENTED WIDGET REPORT - MARCH 3"));
        assert_eq!(a.text, "Widgets sold......12 vs.....10");
        let text = "&#2;ACME WIDGETS/GADGETS MERGER OFF\n&#3;";
        let s = story("NEWID=\"16\"", &element("TEXT", "TYPE=\"UNPROC\"", text));
        let a = parse(&s).remove(0).unwrap();
        let article = crate::pipeline::process(a).unwrap();
        assert_eq!(article.title, "ACME WIDGETS/GADGETS MERGER OFF");
        // A first line in mixed case is text, not a headline.
        let text = "&#2;Acme said widgets sold well.\n&#3;";
        let s = story("NEWID=\"17\"", &element("TEXT", "TYPE=\"UNPROC\"", text));
        let a = parse(&s).remove(0).unwrap();
        assert_eq!(
            (a.title, a.text.as_str()),
            (None, "Acme said widgets sold well.")
        );
    }

    /// A control-character reference between two words separates them
    /// instead of gluing them ("3&#1;Widgets" is "3 Widgets"); DEL, the
    /// wire's rubout, is dropped inside a word.
    #[test]
    fn control_references_separate_words() {
        assert_eq!(unescape("MARCH 3&#1;Widgets"), "MARCH 3 Widgets");
        assert_eq!(unescape("wid&#127;gets"), "widgets");
    }

    /// A `<` that starts no tag ("rates < 5 pct", "<5 PCT") is text, not the
    /// start of markup that swallows the rest of a story without BODY.
    #[test]
    fn a_stray_angle_bracket_does_not_swallow_the_story() {
        for text in [
            "&#2;Invented rates < 5 pct held, the bank said.\n&#3;",
            "&#2;<5 PCT INVENTED RATES HELD BY THE BANK\n&#3;",
        ] {
            let s = story("NEWID=\"13\"", &element("TEXT", "TYPE=\"UNPROC\"", text));
            let a = parse(&s).remove(0).unwrap();
            assert!(
                a.text.contains("5 pct") || a.text.contains("5 PCT"),
                "{:?}",
                a.text
            );
            assert!(
                a.text.ends_with("BANK") || a.text.ends_with("said."),
                "{:?}",
                a.text
            );
        }
    }

    /// Issue 13, item 7: an empty file, or one with no record, is reported,
    /// not silently nothing.
    #[test]
    fn empty_and_recordless_files_are_reported() {
        for (bytes, why) in [
            (&b""[..], "empty file"),
            (&b"  \n\n"[..], "empty file"),
            (
                &b"<!DOCTYPE lewis>\nno records here\n"[..],
                "no <REUTERS> record",
            ),
        ] {
            let items = parse_sgml(bytes, Path::new("e.sgm"));
            assert_eq!(items.len(), 1, "{bytes:?}");
            let err = items[0].as_ref().unwrap_err();
            assert!(err.to_string().contains(why), "{err}");
        }
    }

    /// Issue 13, item 7: UTF-16 with a byte-order mark is decoded; without
    /// one it is refused with the reason; UTF-8 is read as UTF-8.
    #[test]
    fn utf16_and_utf8_files_are_decoded() {
        let text = story(
            "NEWID=\"14\"",
            &element(
                "TEXT",
                "",
                &element("BODY", "", "Caf\u{e9} widgets sold well."),
            ),
        );
        let le: Vec<u8> = "\u{feff}"
            .encode_utf16()
            .chain(text.encode_utf16())
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = "\u{feff}"
            .encode_utf16()
            .chain(text.encode_utf16())
            .flat_map(u16::to_be_bytes)
            .collect();
        for bytes in [le, be, text.clone().into_bytes()] {
            let items = parse_sgml(&bytes, Path::new("u.sgm"));
            assert_eq!(items.len(), 1);
            let a = items[0].as_ref().unwrap();
            assert_eq!(a.text, "Caf\u{e9} widgets sold well.");
        }
        let bare: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let items = parse_sgml(&bare, Path::new("u.sgm"));
        assert_eq!(items.len(), 1);
        let err = items[0].as_ref().unwrap_err();
        assert!(err.to_string().contains("UTF-16"), "{err}");
    }

    #[test]
    fn reads_the_shared_corpus_when_present() {
        let Some(dir) = crate::test_corpus::dir() else {
            return;
        };
        let file = dir.join("reut2-000.sgm");
        let bytes = std::fs::read(&file).unwrap();
        let items = parse_sgml(&bytes, &file);
        assert_eq!(items.len(), 1000);
        assert!(items.iter().all(Result::is_ok));
        let with_places = items
            .iter()
            .flatten()
            .filter(|a| !a.reference.places.is_empty())
            .count();
        assert!(with_places > 800, "{with_places}");
        assert!(items.iter().flatten().all(|a| !a.text.trim().is_empty()));
        assert!(items.iter().flatten().all(|a| !a.text.contains("&#")));
    }
}

/// Property tests: no byte sequence makes the SGML reader panic, and every
/// item points at a line of the input. Runs `PROPTEST_CASES` cases
/// (default 256).
#[cfg(test)]
mod fuzz {
    use super::*;
    use proptest::prelude::*;

    /// Invented pieces in the layout of Reuters-21578 records, whole and
    /// broken (no corpus text).
    const FRAGMENTS: &[&[u8]] = &[
        b"<REUTERS TOPICS=\"YES\" NEWID=\"",
        b"<REUTERS NEWID=\"7\">",
        b"<REUTERS",
        b"</REUTERS>",
        b"\">",
        b"12",
        b"<DATE>",
        b"2-JAN-1987 08:30:00.00",
        b"31-XYZ-99999 99:99",
        b"</DATE>",
        b"<TEXT>",
        b"<TEXT TYPE=\"BRIEF\">",
        b"</TEXT>",
        b"<TITLE>",
        b"</TITLE>",
        b"<DATELINE>",
        b"    SPRINGFIELD, Jan 2 - ",
        b"</DATELINE>",
        b"<BODY>",
        b"</BODY>",
        b"<PLACES><D>usa</D><D>",
        b"</D></PLACES>",
        b"<D>",
        b"</D>",
        b"&#3;",
        b"&#2;",
        b"&#",
        b"&#99999999999;",
        b"&#xD800;",
        b"&lt;",
        b"&amp",
        b"&",
        b"<",
        b">",
        b"\n",
        b" Reuter\n",
        b"Rain fell across the region all week.",
        b"\xe9\xff\x00",
    ];

    fn sgml_bytes() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..1024),
            proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..64)
                .prop_map(|parts| parts.concat()),
        ]
    }

    proptest! {
        #[test]
        fn any_input_reads_without_panicking(bytes in sgml_bytes()) {
            let lines = bytes.split(|&b| b == b'\n').count();
            for item in parse_sgml(&bytes, Path::new("f.sgm")) {
                match item {
                    Ok(raw) => {
                        prop_assert!(raw.id.as_str().starts_with("reuters-"));
                        prop_assert!(raw.origin.line.is_some_and(|l| l <= lines));
                        let _ = crate::pipeline::process(raw);
                    }
                    // A record's error names its line; a file without any
                    // record is one error for the whole file.
                    Err(err) => match err.origin.line {
                        Some(line) => prop_assert!((1..=lines).contains(&line)),
                        None => prop_assert!(matches!(
                            err.kind,
                            IngestErrorKind::Empty
                                | IngestErrorKind::Encoding(_)
                                | IngestErrorKind::NoRecords(_)
                        ), "{err}"),
                    },
                }
            }
        }
    }
}
