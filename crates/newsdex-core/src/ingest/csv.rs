//! CSV and TSV exports (Media Cloud, GDELT, a newsroom's CMS): one article
//! per row, the header row naming the fields.
//!
//! The header maps to the fields of JSON Lines ([`super::jsonl`]); names are
//! matched case-insensitively, trimmed, and the first recognised column of a
//! field wins:
//!
//! | field | recognised columns |
//! |---|---|
//! | `id` | `id`, `guid`, `article_id`, `stories_id` |
//! | `title` | `title`, `headline` |
//! | `body` (required) | `text`, `body`, `content`, `full_text`, `article_text`, `story_text` |
//! | `published` | `published`, `publish_date`, `pubdate`, `published_at`, `publication_date`, `date` |
//! | `source` | `source`, `media_name`, `domain`, `outlet` |
//! | `source_name` | `source_name` |
//! | `url` | `url`, `link` |
//! | `authors` | `authors`, `author`, `byline` |
//! | `language` | `language`, `lang` |
//!
//! [`CsvMap`] (`--csv-map field=column`) names the column of a field
//! outright. A row without an id (no id column, or an empty cell) gets
//! `<file stem>-<row number>`, the row number counting data rows from 1 (the
//! header is row 0), so it is stable across runs. `published` takes what
//! JSON Lines takes, and also `YYYY-MM-DD HH:MM:SS` (with a space, as Media
//! Cloud writes it) and RFC 2822 dates; an unreadable date is dropped with
//! a warning. `authors` is one cell holding a list: split on `;` or `|`
//! when the cell holds either, else on `,` (so `Jane Roe, John Doe` is two
//! authors; write `Roe, Jane; Doe, John` for names in "last, first" form).
//! `source` is resolved through the source registry (`Financial Times` is
//! `ft`), else lowercased, as JSON Lines' is.
//!
//! Files are streamed a record at a time; a record longer than the size
//! limit stops the file there, by line (the quoting state after it is
//! unknown). A ragged row is reported by its line and skipped; an
//! unterminated quote at the end of the file (which swallows the rest of
//! it into one cell) is reported by the line it opened on, and the rows
//! before it are read. A header without a body column is an error naming
//! the file and its columns.

use std::cell::Cell;
use std::collections::VecDeque;
use std::fmt;
use std::io::{self, Read, Seek};
use std::path::Path;
use std::rc::Rc;
use std::str::FromStr;

use super::error::{IngestError, IngestErrorKind, Origin};
use super::raw::{Layout, RawArticle};
use crate::article::{ArticleId, Source};
use crate::extract::source::SourceRegistry;

/// A field of an article a CSV column can fill (the JSON Lines field names;
/// `text` is accepted for `body`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CsvField {
    /// `id`.
    Id,
    /// `title`.
    Title,
    /// `body` (or `text`): the article text.
    Body,
    /// `published`: the publication date.
    Published,
    /// `source`: the outlet's id (or a name the registry knows).
    Source,
    /// `source_name`: the outlet's name.
    SourceName,
    /// `url`.
    Url,
    /// `authors`: a list in one cell.
    Authors,
    /// `language`: as declared.
    Language,
}

impl CsvField {
    /// Every field, in the order of the table in the module doc.
    pub const ALL: [CsvField; 9] = [
        CsvField::Id,
        CsvField::Title,
        CsvField::Body,
        CsvField::Published,
        CsvField::Source,
        CsvField::SourceName,
        CsvField::Url,
        CsvField::Authors,
        CsvField::Language,
    ];

    /// The field's name (`--csv-map NAME=column`).
    pub fn name(self) -> &'static str {
        match self {
            CsvField::Id => "id",
            CsvField::Title => "title",
            CsvField::Body => "body",
            CsvField::Published => "published",
            CsvField::Source => "source",
            CsvField::SourceName => "source_name",
            CsvField::Url => "url",
            CsvField::Authors => "authors",
            CsvField::Language => "language",
        }
    }

    /// The header names recognised for the field, in order of preference.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            CsvField::Id => &["id", "guid", "article_id", "stories_id"],
            CsvField::Title => &["title", "headline"],
            CsvField::Body => &[
                "text",
                "body",
                "content",
                "full_text",
                "article_text",
                "story_text",
            ],
            CsvField::Published => &[
                "published",
                "publish_date",
                "pubdate",
                "published_at",
                "publication_date",
                "date",
            ],
            CsvField::Source => &["source", "media_name", "domain", "outlet"],
            CsvField::SourceName => &["source_name"],
            CsvField::Url => &["url", "link"],
            CsvField::Authors => &["authors", "author", "byline"],
            CsvField::Language => &["language", "lang"],
        }
    }
}

impl fmt::Display for CsvField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for CsvField {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        let wanted = name.trim().to_ascii_lowercase();
        if wanted == "text" {
            return Ok(CsvField::Body);
        }
        CsvField::ALL
            .into_iter()
            .find(|f| f.name() == wanted)
            .ok_or_else(|| {
                let names: Vec<_> = CsvField::ALL.iter().map(|f| f.name()).collect();
                format!("unknown field `{name}`; fields are {}", names.join(", "))
            })
    }
}

/// Columns named outright for some fields (`--csv-map field=column`),
/// overriding the recognised header names. A named column missing from a
/// file's header makes that file an error.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CsvMap {
    columns: Vec<(CsvField, String)>,
}

impl CsvMap {
    /// No column named: the header names decide.
    pub fn new() -> Self {
        CsvMap::default()
    }

    /// Names `column` as the column of `field` (a later call for the same
    /// field replaces it).
    pub fn set(&mut self, field: CsvField, column: impl Into<String>) -> &mut Self {
        let column = column.into();
        self.columns.retain(|(f, _)| *f != field);
        self.columns.push((field, column));
        self
    }

    /// The column named for `field`, if any.
    pub fn get(&self, field: CsvField) -> Option<&str> {
        self.columns
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, c)| c.as_str())
    }

    /// Parses one `field=column` entry (`--csv-map`): an unknown field, or
    /// no `=`, or an empty column, is an error saying so.
    ///
    /// ```
    /// use newsdex_core::ingest::{CsvField, CsvMap};
    /// assert_eq!(CsvMap::parse_entry("body=story").unwrap(), (CsvField::Body, "story".to_string()));
    /// assert!(CsvMap::parse_entry("colour=x").is_err());
    /// ```
    pub fn parse_entry(entry: &str) -> Result<(CsvField, String), String> {
        let Some((field, column)) = entry.split_once('=') else {
            return Err(format!("`{entry}` is not FIELD=COLUMN"));
        };
        let field: CsvField = field.parse()?;
        let column = column.trim();
        if column.is_empty() {
            return Err(format!("`{entry}` names no column"));
        }
        Ok((field, column.to_string()))
    }
}

/// Which column fills which field in one file.
#[derive(Debug, Clone, Default)]
struct Columns {
    index: [Option<usize>; CsvField::ALL.len()],
}

impl Columns {
    fn of(&self, field: CsvField) -> Option<usize> {
        self.index[field as usize]
    }

    /// Maps a header row; an error names what is missing.
    fn from_header(header: &[String], map: &CsvMap) -> Result<Columns, String> {
        let names: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
        let mut columns = Columns::default();
        for field in CsvField::ALL {
            let found = match map.get(field) {
                Some(column) => {
                    let wanted = column.trim().to_lowercase();
                    let Some(at) = names.iter().position(|n| *n == wanted) else {
                        return Err(format!(
                            "--csv-map {field}={column}: no column `{column}` in the header \
                             (columns: {})",
                            list(header)
                        ));
                    };
                    Some(at)
                }
                None => field
                    .columns()
                    .iter()
                    .find_map(|c| names.iter().position(|n| n == c)),
            };
            columns.index[field as usize] = found;
        }
        if columns.of(CsvField::Body).is_none() {
            return Err(format!(
                "no body column in the header (one of {}, or --csv-map body=COLUMN); columns: {}",
                CsvField::Body.columns().join(", "),
                list(header)
            ));
        }
        Ok(columns)
    }
}

/// The header's names for a message, the first 20.
fn list(header: &[String]) -> String {
    let mut shown: Vec<String> = header.iter().take(20).map(|h| format!("`{h}`")).collect();
    if header.len() > 20 {
        shown.push(format!("and {} more", header.len() - 20));
    }
    if shown.is_empty() {
        "none".to_string()
    } else {
        shown.join(", ")
    }
}

/// Counts the bytes read from the file and refuses to read more than
/// `limit` past the start of the record being read, so that no record
/// (a never-closed quote included) is held longer than the limit.
struct Bounded<R> {
    inner: R,
    read: u64,
    record_start: Rc<Cell<u64>>,
    limit: u64,
}

/// What [`Bounded`] says when a record outgrows the limit.
#[derive(Debug)]
struct TooLong;

impl fmt::Display for TooLong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("record over the size limit")
    }
}

impl std::error::Error for TooLong {}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let held = self.read.saturating_sub(self.record_start.get());
        if held > self.limit.saturating_add(BUFFER_BYTES as u64) {
            return Err(io::Error::other(TooLong));
        }
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

/// The CSV reader's buffer.
const BUFFER_BYTES: usize = 64 * 1024;

/// Rows of one CSV or TSV file as articles (or errors), read record by
/// record from `R`.
pub struct CsvRows<R: Read> {
    reader: ::csv::Reader<Bounded<R>>,
    record_start: Rc<Cell<u64>>,
    path: std::path::PathBuf,
    stem: String,
    map: CsvMap,
    limit: u64,
    delimiter: u8,
    columns: Option<Columns>,
    /// The last row read, held back until the next one is read: at the end
    /// of the file it is checked for an unterminated quote.
    held: Option<Row>,
    /// Reads a record's raw bytes again (the end-of-file check).
    reread: Box<dyn FnMut(u64, usize) -> Option<Vec<u8>>>,
    queue: VecDeque<Result<RawArticle, IngestError>>,
    done: bool,
}

/// A row read: its line, row number, byte offset and length, and fields.
struct Row {
    line: usize,
    number: u64,
    offset: u64,
    len: usize,
    fields: ::csv::ByteRecord,
}

impl<R: Read> fmt::Debug for CsvRows<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CsvRows")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// Whether `path` is tab-separated (`.tsv`).
fn is_tsv(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv"))
}

impl CsvRows<std::fs::File> {
    /// Opens the CSV (or, for a `.tsv` path, TSV) file at `path`; a record
    /// longer than `limit` bytes ends the file with an error.
    pub fn open(path: &Path, map: &CsvMap, limit: u64) -> io::Result<Self> {
        let file = std::fs::File::open(path)?;
        let again = path.to_path_buf();
        let reread = move |offset: u64, len: usize| {
            let mut file = std::fs::File::open(&again).ok()?;
            file.seek(io::SeekFrom::Start(offset)).ok()?;
            let mut bytes = Vec::new();
            file.take(len as u64).read_to_end(&mut bytes).ok()?;
            Some(bytes)
        };
        Ok(CsvRows::new(file, path, map, limit, Box::new(reread)))
    }
}

impl<'a> CsvRows<&'a [u8]> {
    /// Reads CSV (TSV for a `.tsv` path) held in memory.
    pub fn from_bytes(bytes: &'a [u8], path: &Path, map: &CsvMap, limit: u64) -> Self {
        let owned: Rc<[u8]> = Rc::from(bytes);
        let reread = move |offset: u64, len: usize| {
            let start = usize::try_from(offset).ok()?;
            let end = start.checked_add(len)?.min(owned.len());
            owned.get(start..end).map(<[u8]>::to_vec)
        };
        CsvRows::new(bytes, path, map, limit, Box::new(reread))
    }
}

impl<R: Read> CsvRows<R> {
    fn new(
        inner: R,
        path: &Path,
        map: &CsvMap,
        limit: u64,
        reread: Box<dyn FnMut(u64, usize) -> Option<Vec<u8>>>,
    ) -> Self {
        let record_start = Rc::new(Cell::new(0));
        let bounded = Bounded {
            inner,
            read: 0,
            record_start: Rc::clone(&record_start),
            limit,
        };
        let delimiter = if is_tsv(path) { b'\t' } else { b',' };
        let reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(false)
            .delimiter(delimiter)
            .buffer_capacity(BUFFER_BYTES)
            .from_reader(bounded);
        CsvRows {
            reader,
            record_start,
            path: path.to_path_buf(),
            stem: super::text::stem_id(path).0,
            map: map.clone(),
            limit,
            delimiter,
            columns: None,
            held: None,
            reread,
            queue: VecDeque::new(),
            done: false,
        }
    }

    fn error(&self, line: Option<usize>, kind: IngestErrorKind) -> IngestError {
        IngestError::new(
            Origin {
                path: self.path.clone(),
                line,
            },
            kind,
        )
    }

    /// Reads the next record: `Ok(None)` at the end.
    fn read(&mut self) -> Result<Option<Row>, IngestError> {
        let start = self.reader.position().clone();
        self.record_start.set(start.byte());
        let line = usize::try_from(start.line()).unwrap_or(usize::MAX);
        let mut fields = ::csv::ByteRecord::new();
        match self.reader.read_byte_record(&mut fields) {
            Ok(false) => Ok(None),
            Ok(true) => {
                // The record's own start (blank lines before it skipped).
                let first = fields.position().cloned().unwrap_or(start);
                let end = self.reader.position().byte();
                Ok(Some(Row {
                    line: usize::try_from(first.line()).unwrap_or(usize::MAX),
                    number: first.record(),
                    offset: first.byte(),
                    len: usize::try_from(end.saturating_sub(first.byte())).unwrap_or(usize::MAX),
                    fields,
                }))
            }
            Err(err) => Err(self.csv_error(err, line)),
        }
    }

    /// A CSV error as an ingest error at `line` (where the record started).
    fn csv_error(&mut self, err: ::csv::Error, line: usize) -> IngestError {
        let at = err.position().cloned();
        let line = at
            .as_ref()
            .and_then(|p| usize::try_from(p.line()).ok())
            .unwrap_or(line);
        let kind = match err.kind() {
            ::csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => {
                // Only a record that ran to the end of the file can end
                // inside a quote.
                let unterminated = at.as_ref().is_some_and(|p| {
                    let end = self.reader.position().byte();
                    let len = usize::try_from(end.saturating_sub(p.byte())).unwrap_or(0);
                    self.ends_in_quote(p.byte(), len)
                });
                if unterminated {
                    unterminated_quote()
                } else {
                    IngestErrorKind::Malformed(format!(
                        "ragged row: {len} fields where the header has {expected_len} (the row is skipped)"
                    ))
                }
            }
            ::csv::ErrorKind::Io(io) if io.get_ref().is_some_and(|e| e.is::<TooLong>()) => {
                IngestErrorKind::Malformed(format!(
                    "record longer than the {}-byte limit (--max-file-mb; an unclosed quote?); \
                     the rest of the file is not read",
                    self.limit
                ))
            }
            ::csv::ErrorKind::Io(io) => IngestErrorKind::Unreadable(io.to_string()),
            _ => IngestErrorKind::Malformed(err.to_string()),
        };
        self.error(Some(line), kind)
    }

    /// Reads the header; an error ends the file.
    fn header(&mut self) -> Result<(), IngestError> {
        let Some(row) = self.read()? else {
            return Err(self.error(None, IngestErrorKind::Empty));
        };
        let mut header: Vec<String> = row
            .fields
            .iter()
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .collect();
        if let Some(first) = header.first_mut() {
            if let Some(rest) = first.strip_prefix('\u{feff}') {
                *first = rest.to_string();
            }
        }
        let columns = Columns::from_header(&header, &self.map)
            .map_err(|why| self.error(Some(row.line), IngestErrorKind::Malformed(why)))?;
        self.columns = Some(columns);
        Ok(())
    }

    /// Whether the raw bytes of a record end inside a quoted cell.
    fn ends_in_quote(&mut self, offset: u64, len: usize) -> bool {
        (self.reread)(offset, len).is_some_and(|bytes| open_quote_at_end(&bytes, self.delimiter))
    }

    /// Queues the held row, if any.
    fn release(&mut self) {
        if let Some(row) = self.held.take() {
            let article = self.article(row);
            self.queue.push_back(article);
        }
    }

    /// Reads until something is queued or the file ends.
    fn fill(&mut self) {
        if self.done {
            return;
        }
        if self.columns.is_none() {
            if let Err(err) = self.header() {
                self.done = true;
                self.queue.push_back(Err(err));
                return;
            }
        }
        while self.queue.is_empty() && !self.done {
            match self.read() {
                Ok(Some(row)) => {
                    self.release();
                    self.held = Some(row);
                }
                Ok(None) => {
                    self.done = true;
                    if let Some(row) = self.held.take() {
                        if self.ends_in_quote(row.offset, row.len) {
                            let err = self.error(Some(row.line), unterminated_quote());
                            self.queue.push_back(Err(err));
                        } else {
                            self.held = Some(row);
                            self.release();
                        }
                    }
                }
                Err(err) => {
                    // Over the limit or unreadable: the rest of the file
                    // cannot be read in step. A ragged row is skipped.
                    self.done = match &err.kind {
                        IngestErrorKind::Malformed(why) => why.starts_with("record longer"),
                        _ => true,
                    };
                    self.release();
                    self.queue.push_back(Err(err));
                }
            }
        }
    }

    /// One row as an article.
    fn article(&self, row: Row) -> Result<RawArticle, IngestError> {
        let origin = Origin {
            path: self.path.clone(),
            line: Some(row.line),
        };
        let Some(columns) = self.columns.as_ref() else {
            return Err(IngestError::new(
                origin,
                IngestErrorKind::MissingField("body"),
            ));
        };
        let mut warnings = Vec::new();
        let mut cell = |field: CsvField| -> Option<String> {
            let bytes = row.fields.get(columns.of(field)?)?;
            let text = match std::str::from_utf8(bytes) {
                Ok(text) => text.to_string(),
                Err(_) => {
                    warnings.push(format!(
                        "invalid UTF-8 in the `{field}` cell replaced with U+FFFD"
                    ));
                    String::from_utf8_lossy(bytes).into_owned()
                }
            };
            let trimmed = text.trim();
            (!trimmed.is_empty()).then(|| trimmed.to_string())
        };
        let id = cell(CsvField::Id).unwrap_or_else(|| format!("{}-{}", self.stem, row.number));
        let body = cell(CsvField::Body).unwrap_or_default();
        let title = cell(CsvField::Title);
        let published = cell(CsvField::Published);
        let source = cell(CsvField::Source);
        let source_name = cell(CsvField::SourceName);
        let url = cell(CsvField::Url);
        let authors = cell(CsvField::Authors);
        let language = cell(CsvField::Language);
        let mut raw = RawArticle::new(ArticleId(id), origin, Layout::Fielded, body);
        raw.input_bytes = row.len;
        raw.title = title;
        raw.published = published.as_deref().and_then(|text| {
            let date = parse_published(text);
            if date.is_none() {
                warnings.push(format!(
                    "`published` {text:?} is not a date (YYYY-MM-DD, RFC 3339 or RFC 2822); \
                     indexed without a date"
                ));
            }
            date
        });
        raw.source = source.map(|id| source_of(&id, source_name));
        raw.url = url;
        raw.authors = authors.map(|a| split_authors(&a)).unwrap_or_default();
        raw.language = language;
        raw.warnings = warnings;
        Ok(raw)
    }
}

impl<R: Read> Iterator for CsvRows<R> {
    type Item = Result<RawArticle, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.queue.is_empty() {
            self.fill();
        }
        self.queue.pop_front()
    }
}

fn unterminated_quote() -> IngestErrorKind {
    IngestErrorKind::Malformed(
        "unterminated quote: the cell opened in this row runs to the end of the file \
         (the row is skipped)"
            .to_string(),
    )
}

/// Whether a record's raw bytes end inside a quoted cell, by the rules of
/// the `csv` crate: a quote opens a cell only at its start, `""` inside a
/// quoted cell is a quote, and a quote closes the cell otherwise.
fn open_quote_at_end(bytes: &[u8], delimiter: u8) -> bool {
    let (mut quoted, mut at_start, mut i) = (false, true, 0);
    while let Some(&b) = bytes.get(i) {
        if quoted {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            }
        } else if b == b'"' && at_start {
            quoted = true;
        }
        at_start = !quoted && (b == delimiter || b == b'\n' || b == b'\r');
        i += 1;
    }
    quoted
}

/// A source from a `source` cell: the registry's when it knows the name
/// (`Financial Times` is `ft`), else the cell lowercased, named by
/// `source_name` or the cell.
pub(crate) fn source_of(cell: &str, name: Option<String>) -> Source {
    if let Some(known) = SourceRegistry::shipped().resolve(cell) {
        return known.clone();
    }
    Source {
        name: name.unwrap_or_else(|| cell.to_string()),
        id: cell.to_lowercase(),
    }
}

/// Splits an authors cell: on `;` or `|` when it holds either, else on `,`.
fn split_authors(cell: &str) -> Vec<String> {
    let split: Vec<&str> = if cell.contains([';', '|']) {
        cell.split([';', '|']).collect()
    } else {
        cell.split(',').collect()
    };
    split
        .into_iter()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_string)
        .collect()
}

/// A publication day: what JSON Lines takes, `YYYY-MM-DD HH:MM:SS[.f][±hh:mm]`
/// with a space, or RFC 2822.
fn parse_published(text: &str) -> Option<time::Date> {
    let text = text.trim();
    if let Ok(day) = crate::dates::parse_day(text) {
        return Some(day);
    }
    // `2024-03-25 10:00:00` (Media Cloud): the space as a `T`.
    if text.len() > 10 && text.is_char_boundary(10) && text.as_bytes().get(10) == Some(&b' ') {
        let joined = format!("{}T{}", &text[..10], &text[11..]);
        if let Ok(day) = crate::dates::parse_day(&joined) {
            return Some(day);
        }
        let joined = joined.replacen(' ', "", 1);
        if let Ok(day) = crate::dates::parse_day(&joined) {
            return Some(day);
        }
    }
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc2822)
        .ok()
        .map(time::OffsetDateTime::date)
}

/// Every row of a CSV (TSV for a `.tsv` path) held in memory.
pub fn parse(
    bytes: &[u8],
    path: &Path,
    map: &CsvMap,
    limit: u64,
) -> Vec<Result<RawArticle, IngestError>> {
    CsvRows::from_bytes(bytes, path, map, limit).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, name: &str) -> Vec<Result<RawArticle, IngestError>> {
        parse(
            text.as_bytes(),
            Path::new(name),
            &CsvMap::default(),
            1 << 30,
        )
    }

    fn ok(items: &[Result<RawArticle, IngestError>]) -> Vec<&RawArticle> {
        items.iter().filter_map(|i| i.as_ref().ok()).collect()
    }

    fn errors(items: &[Result<RawArticle, IngestError>]) -> Vec<String> {
        items
            .iter()
            .filter_map(|i| i.as_ref().err().map(ToString::to_string))
            .collect()
    }

    /// Every recognised field maps, case-insensitively and trimmed; quoted
    /// multi-line cells keep their lines; authors and dates parse.
    #[test]
    fn header_names_map_to_fields() {
        let text = "\u{feff} ID ,Headline,Body,Publish_Date,Media_Name,URL,Author,Lang\n\
                    a1,Grain talks,\"Wheat rose.\n\nMaize, \"\"too\"\", fell.\",2024-03-25 14:03:00,Financial Times,https://x.test/a1,Jane Roe; John Doe,en\n\
                    a2,Second,Plain body.,\"Mon, 25 Mar 2024 10:00:00 +0000\",Invented Daily,,\"Ann Lee, Bo Kim\",\n";
        let items = read(text, "export.csv");
        assert!(errors(&items).is_empty(), "{:?}", errors(&items));
        let got = ok(&items);
        assert_eq!(got.len(), 2);
        let a = got[0];
        assert_eq!(a.id.as_str(), "a1");
        assert_eq!(a.title.as_deref(), Some("Grain talks"));
        assert_eq!(a.text, "Wheat rose.\n\nMaize, \"too\", fell.");
        assert_eq!(a.published, Some(time::macros::date!(2024 - 03 - 25)));
        let source = a.source.as_ref().unwrap();
        assert_eq!(
            (source.id.as_str(), source.name.as_str()),
            ("ft", "Financial Times")
        );
        assert_eq!(a.url.as_deref(), Some("https://x.test/a1"));
        assert_eq!(a.authors, ["Jane Roe", "John Doe"]);
        assert_eq!(a.language.as_deref(), Some("en"));
        assert_eq!(a.layout, Layout::Fielded);
        assert_eq!(a.origin.line, Some(2));
        let b = got[1];
        assert_eq!(b.origin.line, Some(5), "after a three-line cell");
        assert_eq!(b.published, Some(time::macros::date!(2024 - 03 - 25)));
        assert_eq!(b.source.as_ref().unwrap().id, "invented daily");
        assert_eq!(b.authors, ["Ann Lee", "Bo Kim"]);
        assert_eq!((b.url.as_ref(), b.language.as_ref()), (None, None));
    }

    /// TSV is read by its extension; rows without an id get
    /// `<stem>-<row>`, the same on every read; a bad date is a warning.
    #[test]
    fn tsv_ids_and_bad_dates() {
        let text = "title\ttext\tdate\tid\nOne\tFirst body.\t2024-13-45\t\nTwo\tSecond body.\t2024-03-26\t\n";
        let items = read(text, "dump.tsv");
        let got = ok(&items);
        assert_eq!(got.len(), 2, "{:?}", errors(&items));
        assert_eq!(got[0].id.as_str(), "dump-1");
        assert_eq!(got[1].id.as_str(), "dump-2");
        assert_eq!(got[0].published, None);
        assert!(
            got[0].warnings[0].contains("2024-13-45"),
            "{:?}",
            got[0].warnings
        );
        assert_eq!(got[1].published, Some(time::macros::date!(2024 - 03 - 26)));
        let again = read(text, "dump.tsv");
        assert_eq!(ok(&again)[1].id, got[1].id);
    }

    /// A ragged row is reported by its line and skipped; the rows around it
    /// are read, and row numbers (ids) do not shift.
    #[test]
    fn a_ragged_row_is_reported_by_line() {
        let text = "title,body\nOne,First.\nTwo,Second.,extra\n\"Three\nspans\",Third.\nFour\nFive,Fifth.\n";
        let items = read(text, "r.csv");
        let ids: Vec<_> = ok(&items).iter().map(|a| a.id.to_string()).collect();
        assert_eq!(ids, ["r-1", "r-3", "r-5"]);
        let errs = errors(&items);
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(
            errs[0].starts_with("r.csv:3: malformed record: ragged row: 3 fields"),
            "{errs:?}"
        );
        assert!(
            errs[1].starts_with("r.csv:6: malformed record: ragged row: 1 fields"),
            "{errs:?}"
        );
        // In input order.
        let lines: Vec<_> = items
            .iter()
            .map(|i| i.as_ref().map_or_else(|e| e.origin.line, |a| a.origin.line))
            .collect();
        assert_eq!(lines, [Some(2), Some(3), Some(4), Some(6), Some(7)]);
    }

    /// A header without a body column is one error naming the file and the
    /// columns it has; an empty file is empty.
    #[test]
    fn a_missing_header_is_one_clear_error() {
        let items = read(
            "Wheat rose in March.,2024-03-25\nMaize fell.,2024-03-26\n",
            "nohead.csv",
        );
        let errs = errors(&items);
        assert_eq!(errs.len(), 1);
        assert!(
            errs[0].starts_with("nohead.csv:1: malformed record: no body column")
                && errs[0].contains("`Wheat rose in March.`"),
            "{errs:?}"
        );
        assert_eq!(errors(&read("", "e.csv")), ["e.csv: empty file"]);
    }

    /// An unterminated quote at the end swallows the rest of the file into
    /// one cell: that row is reported by the line it opened on and the
    /// rows before it are read (whether the swallowed row is ragged or not).
    #[test]
    fn an_unterminated_quote_is_reported_and_rows_before_it_kept() {
        for text in [
            "title,body\nOne,First.\nTwo,\"Second never closes.\nThree,Third.\n",
            "title,body\nOne,First.\n\"Two,Second never closes.\nThree,Third.\n",
        ] {
            let items = read(text, "q.csv");
            assert_eq!(ok(&items).len(), 1, "{text:?}");
            assert_eq!(ok(&items)[0].text, "First.");
            let errs = errors(&items);
            assert_eq!(errs.len(), 1, "{errs:?}");
            assert!(
                errs[0].starts_with("q.csv:3: malformed record: unterminated quote"),
                "{errs:?}"
            );
        }
        assert!(!open_quote_at_end(b"a,\"b \"\"c\"\" d\",e\n", b','));
        assert!(open_quote_at_end(b"a,\"b \"\"c\n", b','));
        assert!(!open_quote_at_end(b"a,b\"c,d\n", b','));
    }

    /// `--csv-map` names columns over the recognised names; a mapped column
    /// missing from the header is an error naming it; entries parse.
    #[test]
    fn a_csv_map_overrides_the_header_names() {
        let text = "Story,Text,Outlet Code\nThe real body.,Not the body.,npr\n";
        let mut map = CsvMap::new();
        map.set(CsvField::Body, "story")
            .set(CsvField::Source, "Outlet Code");
        let items = parse(text.as_bytes(), Path::new("m.csv"), &map, 1 << 30);
        let got = ok(&items);
        assert_eq!(got[0].text, "The real body.");
        assert_eq!(got[0].source.as_ref().unwrap().id, "npr");
        map.set(CsvField::Title, "headline");
        let errs = errors(&parse(text.as_bytes(), Path::new("m.csv"), &map, 1 << 30));
        assert!(
            errs[0].contains("--csv-map title=headline: no column `headline`"),
            "{errs:?}"
        );
        assert_eq!(
            CsvMap::parse_entry(" text = body ").unwrap(),
            (CsvField::Body, "body".to_string())
        );
        let bad = CsvMap::parse_entry("colour=x").unwrap_err();
        assert!(
            bad.contains("unknown field `colour`") && bad.contains("source_name"),
            "{bad}"
        );
        assert!(CsvMap::parse_entry("title").is_err());
        assert!(CsvMap::parse_entry("title=").is_err());
    }

    /// A record over the size limit ends the file there, by line, without
    /// being held whole; the rows before it are read.
    #[test]
    fn a_record_over_the_limit_ends_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        let text = format!(
            "title,body\nOne,First.\nTwo,\"{}\"\nThree,Third.\n",
            "word ".repeat(100_000)
        );
        std::fs::write(&path, &text).unwrap();
        let items: Vec<_> = CsvRows::open(&path, &CsvMap::default(), 200_000)
            .unwrap()
            .collect();
        assert_eq!(ok(&items).len(), 1);
        let errs = errors(&items);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(
            errs[0]
                .contains("big.csv:3: malformed record: record longer than the 200000-byte limit"),
            "{errs:?}"
        );
        // Under the limit, the same file reads whole.
        let items: Vec<_> = CsvRows::open(&path, &CsvMap::default(), 1 << 20)
            .unwrap()
            .collect();
        assert_eq!(ok(&items).len(), 3, "{:?}", errors(&items));
    }

    /// Many rows, one huge cell and many quoted cells read in linear time
    /// and memory.
    #[test]
    fn rows_read_in_linear_time() {
        let run = |bytes: &Vec<u8>| {
            std::hint::black_box(parse(
                bytes,
                Path::new("p.csv"),
                &CsvMap::default(),
                1 << 30,
            ));
        };
        let size = 1 << 20;
        crate::growth::assert_linear(
            "CSV many rows",
            size,
            |n| ("id,body\n".to_string() + &"a,Grain rose.\n".repeat(n / 14)).into_bytes(),
            run,
        );
        crate::growth::assert_linear(
            "CSV huge cell",
            size,
            |n| {
                format!(
                    "id,body\na,\"{}\"\n",
                    "word, \"\"quoted\"\"\n".repeat(n / 20)
                )
                .into_bytes()
            },
            run,
        );
        crate::growth::assert_linear(
            "CSV unterminated quote",
            size,
            |n| format!("id,body\na,b\nc,\"{}", "open text\n".repeat(n / 10)).into_bytes(),
            run,
        );
    }
}
