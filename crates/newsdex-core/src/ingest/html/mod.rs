//! Web pages: one article per HTML page (`.html`, `.htm`, each also
//! gzipped).
//!
//! [`read_page`] turns a page's bytes into a [`RawArticle`] with
//! [`Layout::Fielded`]:
//! - `text`: the main text, found by [`dom_smoothie`] (a port of Mozilla's
//!   Readability) with navigation, ads, related links, comments and banners
//!   left out; one paragraph per block element, paragraphs separated by a
//!   blank line; the headline is not in it. When Readability finds fewer
//!   than [`blocks::FALLBACK_BELOW_WORDS`] words (a story in a hidden
//!   streaming boundary, or in blocks it scores as furniture), the element
//!   with the most words in paragraph-like blocks is taken instead when it
//!   holds more than twice as many ([`blocks`]);
//! - `title`, `published`, `authors`, `url` (canonical), `language` (as
//!   declared) and `captions` (`<figcaption>`), read by [`meta`] from the
//!   page's JSON-LD and `<meta>` tags before the extractor runs;
//! - `source`: the JSON-LD `publisher`, else `og:site_name`, resolved
//!   through the source registry by name; else the canonical URL's domain
//!   through the registry's `domains` (so `ft.com` pages are `ft`); else
//!   the publisher's name as given, or the bare domain.
//!
//! The publication date is the first of: JSON-LD `datePublished`,
//! `article:published_time` (and similar meta tags), `<time datetime>`, a
//! date in the URL's path, a day the page shows (a byline's, else the first
//! short date line of its text), the day it was last modified. Bytes are
//! decoded by [`charset`].

mod blocks;
pub(crate) mod charset;
pub(crate) mod meta;

use std::io::Read;
use std::path::Path;

use dom_query::Document;
use dom_smoothie::{Config, Readability, TextMode};
use time::Date;

use super::error::{IngestError, IngestErrorKind, Origin};
use super::raw::{read_limited, Layout, RawArticle};
use crate::article::{ArticleId, Source};
use crate::extract::source::SourceRegistry;

/// Most elements a page may have; the extractor refuses larger DOMs
/// (a runaway page is an error, not minutes of scoring).
pub const MAX_ELEMENTS: usize = 200_000;

/// Deepest element nesting read (as browsers' parsers cap it: Chromium's
/// at 512). The HTML5 tree builder and the main-text scoring both walk the
/// open elements per element, so time grows with the square of the depth
/// (16,000 nested `<div>`s took 35 s); real pages nest a few dozen deep.
pub const MAX_DEPTH: usize = 512;

/// Elements that never hold others (`<br>`) or that the next sibling closes
/// when left open (`<p>`, `<li>`): they add no depth.
const FLAT_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th",
    "thead", "tbody", "tfoot", "rt", "rp", "!doctype",
];

/// A cheap upper bound of the page's element depth (start tags less end
/// tags, not counting [`FLAT_ELEMENTS`], self-closed tags, comments or
/// script text), when it goes over [`MAX_DEPTH`]. Linear in the page.
fn too_deep(html: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut depth: usize = 0;
    let mut at = 0;
    while let Some(found) = memchr_lt(bytes, at) {
        at = found + 1;
        let rest = &bytes[at..];
        if rest.starts_with(b"!--") {
            // A comment: skip to its end.
            match find(rest, b"-->") {
                Some(end) => at += end + 3,
                None => return None,
            }
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = usize::from(closing);
        let name_len = rest[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'!')
            .count();
        if name_len == 0 {
            continue;
        }
        let name =
            String::from_utf8_lossy(&rest[name_start..name_start + name_len]).to_ascii_lowercase();
        if FLAT_ELEMENTS.contains(&name.as_str()) {
            continue;
        }
        let tag_end = rest.iter().position(|&b| b == b'>').unwrap_or(rest.len());
        if closing {
            depth = depth.saturating_sub(1);
        } else if rest.get(tag_end.wrapping_sub(1)) != Some(&b'/') {
            depth += 1;
            if depth > MAX_DEPTH {
                return Some(depth);
            }
            if matches!(name.as_str(), "script" | "style" | "textarea" | "title") {
                // Raw text: its `<` are not tags.
                let close = format!("</{name}");
                match find_ascii_ci(&bytes[at..], close.as_bytes()) {
                    Some(end) => at += end,
                    None => return None,
                }
            }
        }
    }
    None
}

fn memchr_lt(bytes: &[u8], from: usize) -> Option<usize> {
    bytes
        .get(from..)?
        .iter()
        .position(|&b| b == b'<')
        .map(|i| from + i)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn find_ascii_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// Fewer words than this in the extracted text (a menu, a lone link) is no
/// main text.
pub const MIN_WORDS: usize = 8;

/// What the caller knows about a page besides its bytes (a WARC record's
/// headers, for instance).
#[derive(Debug, Clone, Default)]
pub struct PageHints {
    /// The page's URL (a WARC record's target URI). A canonical URL the
    /// page declares wins over it; it is used for the date in the path and
    /// the outlet by domain when the page gives none.
    pub url: Option<String>,
    /// The day the page was fetched or published (a WARC record's date),
    /// used only when the page and its URL carry no date.
    pub date: Option<Date>,
    /// The charset an HTTP `Content-Type` header declared (`windows-1252`,
    /// `utf-8`…): after a byte-order mark, before a `<meta>` declaration.
    pub charset: Option<String>,
}

/// Reads one page (`bytes`, not compressed) as article `id`.
///
/// The page is decoded (see [`charset`]), parsed once with html5ever (which
/// repairs malformed and unclosed markup as browsers do), its metadata read,
/// then its main text extracted. Problems with the charset come back as
/// warnings on the article.
///
/// # Errors
/// [`IngestErrorKind::Empty`] for a blank page, [`IngestErrorKind::Binary`]
/// for bytes that are not text, [`IngestErrorKind::Malformed`] for a page
/// over [`MAX_ELEMENTS`] elements, and [`IngestErrorKind::NoText`] when the
/// page has no main text (under [`MIN_WORDS`] words were found), each at
/// `origin`.
pub(crate) fn read_page(
    bytes: &[u8],
    id: ArticleId,
    origin: Origin,
    hints: &PageHints,
) -> Result<RawArticle, IngestError> {
    let fail = |kind| Err(IngestError::new(origin.clone(), kind));
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return fail(IngestErrorKind::Empty);
    }
    // UTF-16 pages (with a byte-order mark) hold NULs; they are text.
    let utf16 =
        matches!(encoding_rs::Encoding::for_bom(bytes), Some((e, _)) if e != encoding_rs::UTF_8);
    if !utf16 && super::text::is_binary(bytes) {
        return fail(IngestErrorKind::Binary);
    }
    let decoded = charset::decode(bytes, hints.charset.as_deref());
    if let Some(depth) = too_deep(&decoded.text) {
        return fail(IngestErrorKind::Malformed(format!(
            "elements nested over {MAX_DEPTH} deep (at least {depth})"
        )));
    }
    let doc = Document::from(decoded.text.as_str());
    let page = meta::read(&doc);
    // Captions are kept apart: not body text.
    doc.select("figcaption").remove();
    // A line that is all a <time> element's text is a date line, not story.
    let date_lines: Vec<String> = doc
        .select("time")
        .iter()
        .map(|t| meta::squash(&t.text()))
        .filter(|t| !t.is_empty())
        .collect();

    let config = Config {
        text_mode: TextMode::Formatted,
        max_elements_to_parse: MAX_ELEMENTS,
        ..Config::default()
    };
    let text = match Readability::with_document(doc, None, Some(config)).and_then(|mut r| r.parse())
    {
        Ok(article) => paragraphs(&article.text_content, &date_lines),
        Err(dom_smoothie::ReadabilityError::TooManyElements(found, max)) => {
            return fail(IngestErrorKind::Malformed(format!(
                "page too complex ({found} elements; limit {max})"
            )))
        }
        Err(_) => String::new(),
    };
    let title = page.title.clone();
    let mut text = drop_leading_title(text, title.as_deref());
    let words = text.split_whitespace().count();
    if words < blocks::FALLBACK_BELOW_WORDS {
        // Readability found (almost) nothing: the densest run of paragraphs,
        // when it holds more than twice as many words.
        let dense = drop_leading_title(blocks::densest_blocks(&decoded.text), title.as_deref());
        if dense.split_whitespace().count() > 2 * words {
            text = dense;
        }
    }
    if text.split_whitespace().count() < MIN_WORDS {
        return fail(IngestErrorKind::NoText);
    }

    let mut raw = RawArticle::new(id, origin, Layout::Fielded, text);
    raw.input_bytes = bytes.len();
    raw.warnings = decoded.warnings;
    raw.title = title;
    raw.url = page.url.or_else(|| hints.url.clone());
    raw.published = page
        .published
        .or_else(|| raw.url.as_deref().and_then(meta::date_in_url))
        .or_else(|| hints.url.as_deref().and_then(meta::date_in_url))
        .or(page.shown_date)
        .or(page.modified)
        .or(hints.date);
    raw.authors = page.authors;
    raw.language = page.language;
    raw.captions = page.captions;
    raw.source = source(
        page.site_name.as_deref(),
        raw.url.as_deref().or(hints.url.as_deref()),
    );
    Ok(raw)
}

/// The outlet: a publisher or site name the registry knows, else the URL's
/// domain the registry knows, else the name as given (its id the name
/// lowercased), else the bare domain.
fn source(site_name: Option<&str>, url: Option<&str>) -> Option<Source> {
    let registry = SourceRegistry::shipped();
    let host = url.and_then(meta::host);
    if let Some(known) = site_name.and_then(|n| registry.resolve(n)) {
        return Some(known.clone());
    }
    if let Some(known) = host.as_deref().and_then(|h| registry.by_domain(h)) {
        return Some(known.clone());
    }
    if let Some(name) = site_name.filter(|n| !n.trim().is_empty()) {
        return Some(Source {
            id: meta::squash(name).to_lowercase(),
            name: meta::squash(name),
        });
    }
    host.map(|h| Source {
        id: h.clone(),
        name: h,
    })
}

/// The extractor's text as paragraphs: each block's lines kept, blocks
/// separated by one blank line; blank lines and `drop` lines (date lines)
/// left out.
fn paragraphs(text: &str, drop: &[String]) -> String {
    let mut out = String::with_capacity(text.len());
    for block in text.split("\n\n") {
        let lines: Vec<&str> = block
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !drop.iter().any(|d| d == l))
            .collect();
        if lines.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        // List items and <br> lines stay on their own lines.
        out.push_str(&lines.join("\n"));
    }
    out
}

/// Drops a first paragraph that repeats the headline (the extractor keeps
/// the `<h1>` when it sits inside the article's element).
fn drop_leading_title(text: String, title: Option<&str>) -> String {
    let Some(title) = title.map(meta::squash).filter(|t| !t.is_empty()) else {
        return text;
    };
    match text.split_once("\n\n") {
        Some((first, rest)) if meta::squash(first) == title => rest.to_string(),
        None if meta::squash(&text) == title => String::new(),
        _ => text,
    }
}

/// Whether `path` names a gzipped page (`.gz`).
fn is_gzip_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

/// The page bytes of a file's contents: gunzipped when they are a gzip
/// stream (whatever the name says), at most `max_bytes` of them.
///
/// # Errors
/// [`IngestErrorKind::Gzip`] for a truncated or corrupt stream,
/// [`IngestErrorKind::TooLarge`] when the page inflates past `max_bytes`
/// (reading stops there: a gzip bomb costs no more memory than the limit).
pub(crate) fn unpack(bytes: Vec<u8>, max_bytes: u64) -> Result<Vec<u8>, IngestErrorKind> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes);
    }
    let mut out = Vec::new();
    let mut reader =
        flate2::read::MultiGzDecoder::new(bytes.as_slice()).take(max_bytes.saturating_add(1));
    match reader.read_to_end(&mut out) {
        Ok(_) if out.len() as u64 > max_bytes => Err(IngestErrorKind::TooLarge {
            size: out.len() as u64,
            limit: max_bytes,
        }),
        Ok(_) => Ok(out),
        Err(err) if err.kind() == std::io::ErrorKind::UnexpectedEof => {
            Err(IngestErrorKind::Gzip("truncated gzip stream".to_string()))
        }
        Err(_) => Err(IngestErrorKind::Gzip("corrupt gzip stream".to_string())),
    }
}

/// Reads one page file (`.html`, `.htm`, or either gzipped) as article
/// `id`: refused when the file, or the page it inflates to, is over
/// `max_bytes`.
pub(crate) fn read_file(
    path: &Path,
    id: ArticleId,
    max_bytes: u64,
) -> Result<RawArticle, IngestError> {
    let bytes = read_limited(path, max_bytes).map_err(|kind| {
        IngestError::new(
            Origin {
                path: path.to_path_buf(),
                line: None,
            },
            kind,
        )
    })?;
    parse_file_bytes(bytes, path, id, max_bytes)
}

/// [`read_file`] on a file's contents already read.
pub(crate) fn parse_file_bytes(
    bytes: Vec<u8>,
    path: &Path,
    id: ArticleId,
    max_bytes: u64,
) -> Result<RawArticle, IngestError> {
    let origin = Origin {
        path: path.to_path_buf(),
        line: None,
    };
    if is_gzip_name(path) && !bytes.starts_with(&[0x1f, 0x8b]) && !bytes.is_empty() {
        return Err(IngestError::new(
            origin,
            IngestErrorKind::Gzip("not a gzip stream".to_string()),
        ));
    }
    let compressed = bytes.len();
    let page = unpack(bytes, max_bytes).map_err(|kind| IngestError::new(origin.clone(), kind))?;
    let mut raw = read_page(&page, id, origin, &PageHints::default())?;
    raw.input_bytes = compressed;
    Ok(raw)
}

/// The id of a page file read on its own: its name without `.html`,
/// `.htm` and `.gz`.
pub fn stem_id(path: &Path) -> ArticleId {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lower = name.to_ascii_lowercase();
    for suffix in [".html.gz", ".htm.gz", ".html", ".htm", ".gz"] {
        if lower.ends_with(suffix) && name.len() > suffix.len() {
            return ArticleId(name[..name.len() - suffix.len()].to_string());
        }
    }
    super::text::stem_id(path)
}

#[cfg(test)]
mod tests;
