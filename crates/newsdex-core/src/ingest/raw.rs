//! The output of ingestion: one article's text and whatever fields its input
//! format carried, before cleaning.

use time::Date;

use super::error::{IngestErrorKind, Origin};
use crate::article::{ArticleId, ReferenceLabels, Source};

/// How the raw text is laid out, which tells the cleaner what to look for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A whole article as copied from a web page: the headline is the first
    /// line unless metadata gives one; captions, credits, bylines and page
    /// furniture are mixed into the text.
    PlainText,
    /// Title and body already separated by the input format (JSON Lines,
    /// Reuters SGML); the body is still cleaned of furniture and captions.
    Fielded,
}

/// One article as read from its input, before cleaning.
#[derive(Debug, Clone, PartialEq)]
pub struct RawArticle {
    /// Stable id.
    pub id: ArticleId,
    /// Where it was read from.
    pub origin: Origin,
    /// How `text` is laid out.
    pub layout: Layout,
    /// Headline, when the input format or metadata gives one.
    pub title: Option<String>,
    /// The article text (for [`Layout::PlainText`], the whole file).
    pub text: String,
    /// Source, when the input format or metadata gives one.
    pub source: Option<Source>,
    /// Publication date, when known.
    pub published: Option<Date>,
    /// Dateline, when the input format gives one.
    pub dateline: Option<String>,
    /// URL, when known.
    pub url: Option<String>,
    /// Bylines, when known.
    pub authors: Vec<String>,
    /// Photo captions the input format keeps apart from the text (an HTML
    /// `<figcaption>`); the cleaner adds the ones it finds in the text.
    pub captions: Vec<String>,
    /// Language the input declares (an HTML `lang`, a feed's `language`, a
    /// column), as given, when it declares one.
    pub language: Option<String>,
    /// Human labels carried by the input (Reuters PLACES, PEOPLE, TOPICS).
    pub reference: ReferenceLabels,
    /// Size of the input that produced this article, in bytes.
    pub input_bytes: usize,
    /// Non-fatal problems met while reading it (e.g. invalid UTF-8 replaced).
    pub warnings: Vec<String>,
}

impl RawArticle {
    /// A raw article with only id, origin, layout and text set.
    pub fn new(id: ArticleId, origin: Origin, layout: Layout, text: String) -> Self {
        let input_bytes = text.len();
        RawArticle {
            id,
            origin,
            layout,
            title: None,
            text,
            source: None,
            published: None,
            dateline: None,
            url: None,
            authors: Vec::new(),
            captions: Vec::new(),
            language: None,
            reference: ReferenceLabels::default(),
            input_bytes,
            warnings: Vec::new(),
        }
    }
}

/// Decodes UTF-8 lossily; the flag says whether anything was replaced.
/// A UTF-8 byte-order mark is dropped.
pub fn decode(bytes: &[u8]) -> (String, bool) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), false),
        Err(_) => (String::from_utf8_lossy(bytes).into_owned(), true),
    }
}

/// The bytes of the file at `path`, refused before reading when it is over
/// `max_bytes` (a plain-text article, a web page).
pub(crate) fn read_limited(
    path: &std::path::Path,
    max_bytes: u64,
) -> Result<Vec<u8>, IngestErrorKind> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.len() > max_bytes => Err(IngestErrorKind::TooLarge {
            size: meta.len(),
            limit: max_bytes,
        }),
        Ok(_) => std::fs::read(path).map_err(|err| IngestErrorKind::Unreadable(err.to_string())),
        Err(err) => Err(IngestErrorKind::Unreadable(err.to_string())),
    }
}
