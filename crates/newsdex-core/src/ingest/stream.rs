//! Reading inputs as [`Piece`]s: the parts of the input that can be parsed
//! on their own, on any thread, in any order, each with an upper bound on
//! the records it holds (its slots).
//!
//! [`Pieces`] cuts them, in input order, doing only what must happen in
//! order: walking the paths, loading each folder's `articles.toml`, and
//! reading JSON Lines and SGML files in blocks cut at record boundaries
//! (whole lines, whole `<REUTERS>` records), counting lines and records as
//! it goes. Parsing, decoding and reading plain-text files is left to
//! [`Piece::parse`].
//!
//! JSON Lines and SGML files are streamed: never read whole, whatever their
//! size, so `--max-file-mb` never refuses one; it limits each record
//! instead (a JSON line, a Reuters record), next to JSON Lines' own line
//! limit. An SGML file up to `--max-file-mb` is read whole, as before, so
//! that its encoding is decided for the whole file (UTF-8 when it all is,
//! else Latin-1); a larger one is decoded record by record, and one in
//! UTF-16 is refused. Plain-text files over `--max-file-mb` are skipped, and
//! so are web pages over it, compressed or once inflated.

use std::collections::VecDeque;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::csv::CsvRows;
use super::error::{IngestError, IngestErrorKind, Origin};
use super::raw::read_limited;
use super::reuters::{self, Decoding, RECORD_START};
use super::sidecar::Sidecar;
use super::warc::{self, AnyReader, WarcPage, WarcPages};
use super::{
    feed, html, jsonl, text, walk, Format, IngestOptions, InputFile, RawArticle, SidecarCache,
};
use crate::article::ArticleId;

/// Bytes read at a time from a JSON Lines or SGML file, and about the size
/// of the pieces cut from it (a piece always ends at a record boundary).
pub const PIECE_BYTES: usize = 256 * 1024;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A part of the input that parses on its own.
#[derive(Debug)]
pub struct Piece {
    slots: u64,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    /// Records already read (or errors).
    Items(Vec<Result<RawArticle, IngestError>>),
    /// One plain-text file, read by whoever parses the piece.
    Text {
        path: PathBuf,
        id: ArticleId,
        sidecar: Option<Arc<Sidecar>>,
        max_bytes: u64,
    },
    /// One HTML page of a WARC crawl, read as an article by whoever parses
    /// the piece.
    WarcPage { path: Arc<Path>, page: WarcPage },
    /// One web page, read by whoever parses the piece.
    Html {
        path: PathBuf,
        id: ArticleId,
        max_bytes: u64,
    },
    /// Whole lines of a JSON Lines file.
    Jsonl {
        path: Arc<Path>,
        bytes: Vec<u8>,
        first_line: usize,
        cap: usize,
    },
    /// Whole records of an SGML file.
    Sgml {
        path: Arc<Path>,
        bytes: Bytes,
        first_line: usize,
        decoding: Decoding,
        cap: usize,
    },
    /// A whole SGML file for the whole-file reader (UTF-16, or no record).
    SgmlFile { path: PathBuf, bytes: Vec<u8> },
    /// A whole feed file.
    Feed { path: PathBuf, bytes: Vec<u8> },
}

/// A range of a buffer that several pieces share.
#[derive(Debug)]
struct Bytes {
    data: Arc<Vec<u8>>,
    start: usize,
    end: usize,
}

impl Bytes {
    fn whole(data: Vec<u8>) -> Self {
        let end = data.len();
        Bytes {
            data: Arc::new(data),
            start: 0,
            end,
        }
    }

    fn as_slice(&self) -> &[u8] {
        self.data.get(self.start..self.end).unwrap_or_default()
    }
}

impl Piece {
    /// Records already read, one slot each.
    pub fn items(items: Vec<Result<RawArticle, IngestError>>) -> Piece {
        Piece {
            slots: items.len() as u64,
            kind: Kind::Items(items),
        }
    }

    fn error(origin: Origin, kind: IngestErrorKind) -> Piece {
        Piece::items(vec![Err(IngestError::new(origin, kind))])
    }

    /// At least as many as the records [`Piece::parse`] returns.
    pub fn slots(&self) -> u64 {
        self.slots
    }

    /// The records of the piece, in input order (never more than
    /// [`Piece::slots`]).
    pub fn parse(self) -> Vec<Result<RawArticle, IngestError>> {
        let slots = usize::try_from(self.slots).unwrap_or(usize::MAX);
        let mut items = match self.kind {
            Kind::Items(items) => items,
            Kind::Text {
                path,
                id,
                sidecar,
                max_bytes,
            } => vec![read_text(&path, id, sidecar.as_deref(), max_bytes)],
            Kind::Html {
                path,
                id,
                max_bytes,
            } => vec![html::read_file(&path, id, max_bytes)],
            Kind::Jsonl {
                path,
                bytes,
                first_line,
                cap,
            } => jsonl::parse_chunk(&bytes, &path, first_line, cap),
            Kind::Sgml {
                path,
                bytes,
                first_line,
                decoding,
                cap,
            } => reuters::parse_chunk(bytes.as_slice(), &path, first_line, decoding, cap),
            Kind::SgmlFile { path, bytes } => reuters::parse_sgml(&bytes, &path),
            Kind::Feed { path, bytes } => feed::parse(&bytes, &path),
            Kind::WarcPage { path, page } => vec![warc::article(&path, page)],
        };
        // The counts are upper bounds by construction; should one ever be
        // short, the records past it are dropped rather than numbered into
        // the next piece's slots.
        debug_assert!(
            items.len() <= slots,
            "{} items in {slots} slots",
            items.len()
        );
        items.truncate(slots);
        items
    }
}

/// Reads one plain-text file (an article) as `id`.
fn read_text(
    path: &Path,
    id: ArticleId,
    sidecar: Option<&Sidecar>,
    max_bytes: u64,
) -> Result<RawArticle, IngestError> {
    match read_limited(path, max_bytes) {
        Ok(bytes) => text::parse(&bytes, path, id, sidecar),
        Err(kind) => Err(IngestError::new(
            Origin {
                path: path.to_path_buf(),
                line: None,
            },
            kind,
        )),
    }
}

/// The pieces of every input under some paths, in input order.
pub struct Pieces {
    files: std::vec::IntoIter<Result<InputFile, IngestError>>,
    options: IngestOptions,
    sidecars: SidecarCache,
    queued: VecDeque<Piece>,
    current: Option<Streamed>,
    /// A CSV file being read, a row at a time.
    rows: Option<CsvRows<File>>,
    /// A WARC file being read, a record at a time.
    crawl: Option<(Arc<Path>, WarcPages<AnyReader>)>,
    /// Records of the WARC files read so far that hold no page.
    records_skipped: usize,
}

impl std::fmt::Debug for Pieces {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pieces").finish_non_exhaustive()
    }
}

impl Pieces {
    /// The pieces of the files under `paths` (walked in a stable order, as
    /// [`super::read_inputs`] reads them).
    pub fn new(paths: &[PathBuf], options: &IngestOptions) -> Pieces {
        Pieces {
            files: walk(paths).into_iter(),
            options: options.clone(),
            sidecars: SidecarCache::with_limit(options.max_file_bytes),
            queued: VecDeque::new(),
            current: None,
            rows: None,
            crawl: None,
            records_skipped: 0,
        }
    }

    /// Records of the WARC files read so far that held no HTML page
    /// (requests, metadata, responses that are not HTTP, not 200 or not
    /// HTML): counted, not reported one by one.
    pub fn records_skipped(&self) -> usize {
        self.records_skipped
    }

    /// Starts on the next file: queues its first pieces or opens it for
    /// streaming.
    fn open(&mut self, file: InputFile) {
        let origin = Origin {
            path: file.path.clone(),
            line: None,
        };
        if file.format == Format::Text {
            let (sidecar, problems) = self.sidecars.for_file_shared(&file.path);
            if !problems.is_empty() {
                self.queued
                    .push_back(Piece::items(problems.into_iter().map(Err).collect()));
            }
            self.queued.push_back(Piece {
                slots: 1,
                kind: Kind::Text {
                    path: file.path,
                    id: file.id,
                    sidecar,
                    max_bytes: self.options.max_file_bytes,
                },
            });
            return;
        }
        if file.format == Format::Html {
            self.queued.push_back(Piece {
                slots: 1,
                kind: Kind::Html {
                    path: file.path,
                    id: file.id,
                    max_bytes: self.options.max_file_bytes,
                },
            });
            return;
        }
        let opened = File::open(&file.path).and_then(|f| Ok((f.metadata()?.len(), f)));
        let (size, handle) = match opened {
            Ok(opened) => opened,
            Err(err) => {
                let kind = IngestErrorKind::Unreadable(err.to_string());
                self.queued.push_back(Piece::error(origin, kind));
                return;
            }
        };
        let max_bytes = self.options.max_file_bytes;
        let cap = usize::try_from(max_bytes).unwrap_or(usize::MAX);
        match file.format {
            Format::JsonLines => {
                self.current = Some(Streamed::new(file.path, handle, Format::JsonLines, cap));
            }
            Format::ReutersSgml if size <= max_bytes => {
                let mut bytes = Vec::new();
                if let Err(err) = (&handle).read_to_end(&mut bytes) {
                    let kind = IngestErrorKind::Unreadable(err.to_string());
                    self.queued.push_back(Piece::error(origin, kind));
                    return;
                }
                self.queued.extend(sgml_pieces(file.path, bytes));
            }
            Format::ReutersSgml => {
                self.current = Some(Streamed::new(file.path, handle, Format::ReutersSgml, cap));
            }
            Format::Csv => {
                drop(handle);
                match CsvRows::open(&file.path, &self.options.csv_map, max_bytes) {
                    Ok(rows) => self.rows = Some(rows),
                    Err(err) => {
                        let kind = IngestErrorKind::Unreadable(err.to_string());
                        self.queued.push_back(Piece::error(origin, kind));
                    }
                }
            }
            Format::Feed if size > max_bytes => {
                let kind = IngestErrorKind::TooLarge {
                    size,
                    limit: max_bytes,
                };
                self.queued.push_back(Piece::error(origin, kind));
            }
            Format::Feed => {
                let mut bytes = Vec::new();
                if let Err(err) = (&handle).take(max_bytes).read_to_end(&mut bytes) {
                    let kind = IngestErrorKind::Unreadable(err.to_string());
                    self.queued.push_back(Piece::error(origin, kind));
                    return;
                }
                self.queued.push_back(Piece {
                    slots: feed::count_items(&bytes) as u64,
                    kind: Kind::Feed {
                        path: file.path,
                        bytes,
                    },
                });
            }
            Format::Warc => {
                drop(handle);
                match WarcPages::open(&file.path, max_bytes) {
                    Ok(pages) => self.crawl = Some((Arc::from(file.path.as_path()), pages)),
                    Err(err) => {
                        let kind = IngestErrorKind::Unreadable(err.to_string());
                        self.queued.push_back(Piece::error(origin, kind));
                    }
                }
            }
            Format::Text | Format::Html => {}
        }
    }

    /// The next rows of the CSV file being read, about a piece's worth.
    fn next_rows(&mut self) -> Option<Piece> {
        let rows = self.rows.as_mut()?;
        let mut items = Vec::new();
        let mut bytes = 0;
        for item in rows.by_ref() {
            bytes += item.as_ref().map_or(0, |raw| raw.input_bytes);
            items.push(item);
            if bytes >= PIECE_BYTES || items.len() >= CSV_ROWS_PER_PIECE {
                return Some(Piece::items(items));
            }
        }
        self.rows = None;
        (!items.is_empty()).then(|| Piece::items(items))
    }
}

/// Rows of a CSV file in one piece at most.
const CSV_ROWS_PER_PIECE: usize = 1024;

impl Iterator for Pieces {
    type Item = Piece;

    fn next(&mut self) -> Option<Piece> {
        loop {
            if let Some(piece) = self.queued.pop_front() {
                return Some(piece);
            }
            if self.rows.is_some() {
                if let Some(piece) = self.next_rows() {
                    return Some(piece);
                }
                continue;
            }
            if let Some((path, pages)) = &mut self.crawl {
                match pages.next() {
                    Some(Ok(page)) => {
                        let path = Arc::clone(path);
                        return Some(Piece {
                            slots: 1,
                            kind: Kind::WarcPage { path, page },
                        });
                    }
                    Some(Err(err)) => return Some(Piece::items(vec![Err(err)])),
                    None => {
                        self.records_skipped += pages.skips().total();
                        self.crawl = None;
                    }
                }
                continue;
            }
            if let Some(streamed) = &mut self.current {
                match streamed.next() {
                    Some(piece) => return Some(piece),
                    None => self.current = None,
                }
                continue;
            }
            match self.files.next()? {
                Ok(file) => self.open(file),
                Err(err) => return Some(Piece::items(vec![Err(err)])),
            }
        }
    }
}

/// The pieces of an SGML file read whole: cut at record starts about every
/// [`PIECE_BYTES`], decoded as the whole file is.
fn sgml_pieces(path: PathBuf, mut bytes: Vec<u8>) -> Vec<Piece> {
    let utf16 = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF");
    let starts = if utf16 {
        Vec::new()
    } else {
        if bytes.starts_with(BOM) {
            bytes.drain(..BOM.len());
        }
        reuters::record_starts(&bytes)
    };
    if starts.is_empty() {
        // UTF-16, or no record: the whole-file reader says what it is.
        return vec![Piece {
            slots: reuters::count_items(&bytes) as u64,
            kind: Kind::SgmlFile { path, bytes },
        }];
    }
    let decoding = Decoding::of(&bytes);
    let path: Arc<Path> = Arc::from(path);
    let data = Arc::new(bytes);
    let mut pieces = Vec::new();
    let (mut start, mut first, mut line) = (0, 0, 1);
    while first < starts.len() {
        // The records from `first` up to the first one starting a piece's
        // length further on.
        let limit = start + PIECE_BYTES;
        let next = starts[first..]
            .iter()
            .position(|&s| s >= limit)
            .map_or(starts.len(), |i| first + i)
            .max(first + 1);
        let end = starts.get(next).copied().unwrap_or(data.len());
        pieces.push(Piece {
            slots: (next - first) as u64,
            kind: Kind::Sgml {
                path: Arc::clone(&path),
                bytes: Bytes {
                    data: Arc::clone(&data),
                    start,
                    end,
                },
                first_line: line,
                decoding,
                cap: usize::MAX,
            },
        });
        line += reuters::count_newline_bytes(data.get(start..end).unwrap_or_default());
        (start, first) = (end, next);
    }
    pieces
}

/// A JSON Lines or SGML file read in blocks, cut into pieces of whole
/// records.
struct Streamed {
    path: Arc<Path>,
    file: File,
    format: Format,
    /// The per-record limit (`--max-file-mb`).
    cap: usize,
    /// Bytes read and not yet cut into a piece: for JSON Lines, from a line
    /// start; for SGML, from a record start (or, before the first record,
    /// the unread tail of what precedes it).
    buffer: Vec<u8>,
    /// The line `buffer` starts on.
    line: usize,
    /// Bytes at the start of the file (to name its encoding when it holds no
    /// record).
    head: Vec<u8>,
    first_read: bool,
    /// Whether anything but white space was read.
    any_text: bool,
    /// Whether any record started (SGML) or any line was cut (JSON Lines).
    any_record: bool,
    /// A record over the limit being skipped: its line and bytes so far.
    skipping: Option<(usize, u64)>,
    eof: bool,
    done: bool,
}

impl Streamed {
    fn new(path: PathBuf, file: File, format: Format, cap: usize) -> Self {
        Streamed {
            path: Arc::from(path),
            file,
            format,
            cap,
            buffer: Vec::new(),
            line: 1,
            head: Vec::new(),
            first_read: true,
            any_text: false,
            any_record: false,
            skipping: None,
            eof: false,
            done: false,
        }
    }

    fn origin(&self, line: Option<usize>) -> Origin {
        Origin {
            path: self.path.to_path_buf(),
            line,
        }
    }

    /// Reads the next block onto `buffer`; false at the end of the file.
    fn read_block(&mut self) -> Result<bool, IngestError> {
        let before = self.buffer.len();
        let read = (&self.file)
            .take(PIECE_BYTES as u64)
            .read_to_end(&mut self.buffer);
        if let Err(err) = read {
            return Err(IngestError::new(
                self.origin(None),
                IngestErrorKind::Unreadable(err.to_string()),
            ));
        }
        let block = &self.buffer[before..];
        if !self.any_text {
            self.any_text = !block.iter().all(u8::is_ascii_whitespace);
        }
        if self.head.len() < 1024 {
            let take = block.len().min(1024 - self.head.len());
            self.head.extend_from_slice(&block[..take]);
        }
        if self.first_read {
            self.first_read = false;
            if self.buffer.starts_with(BOM) {
                self.buffer.drain(..BOM.len());
            }
        }
        Ok(self.buffer.len() > before)
    }

    /// Moves `buffer[..end]` into a piece's bytes, counting its lines.
    fn take(&mut self, end: usize) -> (Vec<u8>, usize) {
        let rest = self.buffer.split_off(end);
        let bytes = std::mem::replace(&mut self.buffer, rest);
        let first_line = self.line;
        self.line += reuters::count_newline_bytes(&bytes);
        (bytes, first_line)
    }

    /// Drops `buffer[..end]`, counting its lines.
    fn drop_front(&mut self, end: usize) {
        self.line += reuters::count_newline_bytes(&self.buffer[..end]);
        self.buffer.drain(..end);
    }

    fn next(&mut self) -> Option<Piece> {
        if self.done {
            return None;
        }
        loop {
            if !self.eof {
                match self.read_block() {
                    Ok(more) => self.eof = !more,
                    Err(err) => {
                        self.done = true;
                        return Some(Piece::items(vec![Err(err)]));
                    }
                }
            }
            let piece = match self.format {
                Format::JsonLines => self.next_jsonl(),
                _ => self.next_sgml(),
            };
            if piece.is_some() {
                return piece;
            }
            if self.eof {
                self.done = true;
                return self.end();
            }
        }
    }

    /// The error for a file that ended without any record, if it did.
    fn end(&mut self) -> Option<Piece> {
        if self.any_record {
            return None;
        }
        let kind = match self.format {
            Format::JsonLines => IngestErrorKind::Empty,
            _ if self.head.starts_with(b"\xFF\xFE") || self.head.starts_with(b"\xFE\xFF") => {
                // UTF-16 cannot be cut into records without decoding it
                // whole; such a file is read whole, up to the size limit.
                IngestErrorKind::Encoding(format!(
                    "UTF-16 SGML larger than {} bytes (--max-file-mb)",
                    self.cap
                ))
            }
            _ => reuters::no_records_error(&self.head, self.any_text),
        };
        Some(Piece::error(self.origin(None), kind))
    }

    /// A piece of whole lines, an over-long line's error, or nothing yet.
    fn next_jsonl(&mut self) -> Option<Piece> {
        if let Some((line, skipped)) = self.skipping {
            let newline = self.buffer.iter().position(|&b| b == b'\n');
            let Some(at) = newline.or(self.eof.then_some(self.buffer.len())) else {
                let len = self.buffer.len();
                self.skipping = Some((line, skipped + len as u64));
                self.buffer.clear();
                return None;
            };
            let size = skipped + at as u64;
            self.buffer.drain(..(at + 1).min(self.buffer.len()));
            self.line = line + 1;
            self.skipping = None;
            let len = usize::try_from(size).unwrap_or(usize::MAX);
            let kind =
                jsonl::line_too_long(len, self.cap).unwrap_or(IngestErrorKind::RecordTooLarge {
                    size,
                    limit: self.cap as u64,
                });
            return Some(Piece::error(self.origin(Some(line)), kind));
        }
        let end = match self.buffer.iter().rposition(|&b| b == b'\n') {
            // Lines are cut a piece's length at a time.
            Some(last) if self.buffer.len() >= PIECE_BYTES / 2 || self.eof => last + 1,
            Some(_) => return None,
            None if self.eof && !self.buffer.is_empty() => self.buffer.len(),
            None => {
                if self.buffer.len() > self.cap.min(jsonl::MAX_LINE_BYTES) {
                    // One line longer than any accepted: skip to its end
                    // without holding it.
                    self.any_record = true;
                    self.skipping = Some((self.line, self.buffer.len() as u64));
                    self.buffer.clear();
                }
                return None;
            }
        };
        let (bytes, first_line) = self.take(end);
        let slots = reuters::count_newline_bytes(&bytes) as u64 + 1;
        if !bytes.iter().all(u8::is_ascii_whitespace) {
            self.any_record = true;
        }
        Some(Piece {
            slots,
            kind: Kind::Jsonl {
                path: Arc::clone(&self.path),
                bytes,
                first_line,
                cap: self.cap,
            },
        })
    }

    /// A piece of whole records, an over-long record's error, or nothing
    /// yet.
    fn next_sgml(&mut self) -> Option<Piece> {
        if self.head.starts_with(b"\xFF\xFE") || self.head.starts_with(b"\xFE\xFF") {
            // Refused by `end`.
            self.buffer.clear();
            self.eof = true;
            return None;
        }
        let starts = reuters::record_starts(&self.buffer);
        let tail = RECORD_START.len() - 1;
        if let Some((line, skipped)) = self.skipping {
            // Skipping a record over the limit, up to the next record.
            let Some(&next) = starts.first() else {
                let keep = if self.eof { 0 } else { tail };
                let cut = self.buffer.len().saturating_sub(keep);
                self.skipping = Some((line, skipped + cut as u64));
                self.drop_front(cut);
                if !self.eof {
                    return None;
                }
                self.skipping = None;
                return Some(self.too_large(line, skipped + cut as u64));
            };
            self.skipping = None;
            self.drop_front(next);
            return Some(self.too_large(line, skipped + next as u64));
        }
        let Some(&first) = starts.first() else {
            // No record starts here: nothing to keep but a tag's beginning.
            let keep = if self.eof { 0 } else { tail };
            let cut = self.buffer.len().saturating_sub(keep);
            self.drop_front(cut);
            return None;
        };
        self.any_record = true;
        if first > 0 {
            self.drop_front(first);
            return self.next_sgml();
        }
        // Whole records: up to the last record start, once a piece's length
        // is read (or everything at the end of the file).
        let end = if self.eof {
            self.buffer.len()
        } else if starts.len() > 1 && self.buffer.len() >= PIECE_BYTES / 2 {
            starts[starts.len() - 1]
        } else if starts.len() == 1 && self.buffer.len() > self.cap {
            // One record longer than the limit: skip it.
            let line = self.line;
            let len = self.buffer.len() as u64;
            self.skipping = Some((line, len - tail as u64));
            let cut = self.buffer.len() - tail;
            self.drop_front(cut);
            return None;
        } else {
            return None;
        };
        let records = starts.iter().take_while(|&&s| s < end).count();
        let (bytes, first_line) = self.take(end);
        Some(Piece {
            slots: records as u64,
            kind: Kind::Sgml {
                path: Arc::clone(&self.path),
                bytes: Bytes::whole(bytes),
                first_line,
                decoding: Decoding::PerRecord,
                cap: self.cap,
            },
        })
    }

    fn too_large(&self, line: usize, size: u64) -> Piece {
        Piece::error(
            self.origin(Some(line)),
            IngestErrorKind::RecordTooLarge {
                size,
                limit: self.cap as u64,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a reader gave, comparably: (line, id or error).
    fn summary(items: &[Result<RawArticle, IngestError>]) -> Vec<(Option<usize>, String)> {
        items
            .iter()
            .map(|item| match item {
                Ok(raw) => (raw.origin.line, format!("{}|{}", raw.id, raw.text)),
                Err(err) => (err.origin.line, err.kind.to_string()),
            })
            .collect()
    }

    fn pieces_of(path: &Path, max_file_bytes: u64) -> Vec<Piece> {
        let options = IngestOptions {
            max_file_bytes,
            ..IngestOptions::default()
        };
        Pieces::new(&[path.to_path_buf()], &options).collect()
    }

    fn read_all(path: &Path, max_file_bytes: u64) -> Vec<Result<RawArticle, IngestError>> {
        pieces_of(path, max_file_bytes)
            .into_iter()
            .flat_map(Piece::parse)
            .collect()
    }

    /// A JSON Lines file of several pieces (a byte-order mark, CRLF and
    /// blank lines, malformed lines, multi-byte text on piece boundaries)
    /// reads exactly as the whole-file reader reads it, in more than one
    /// piece, with lines numbered across pieces.
    #[test]
    fn a_jsonl_file_in_pieces_reads_as_a_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut text = String::from("\u{feff}");
        for i in 0..6000 {
            match i % 97 {
                0 => text.push_str("\r\n"),
                1 => text.push_str("{not json\n"),
                _ => text.push_str(&format!(
                    "{{\"id\":\"a{i}\",\"body\":\"Caf\u{e9} \u{1F600} story number {i} about grain.\"}}\r\n"
                )),
            }
        }
        let path = dir.path().join("many.jsonl");
        std::fs::write(&path, &text).unwrap();
        let pieces = pieces_of(&path, 1 << 30);
        assert!(pieces.len() > 1, "{} piece(s)", pieces.len());
        let streamed = read_all(&path, 1 << 30);
        let whole = jsonl::parse(text.as_bytes(), &path);
        assert_eq!(summary(&streamed), summary(&whole));
        assert_eq!(streamed.len(), 6000 - 62);
    }

    /// `--max-file-mb` does not refuse a JSON Lines file: it is read line
    /// by line, and only a line over the limit is refused, by its number
    /// and size, without being held whole.
    #[test]
    fn a_jsonl_file_over_the_size_limit_is_streamed_and_only_long_lines_refused() {
        let dir = tempfile::tempdir().unwrap();
        let line = |id: &str, body: &str| format!("{{\"id\":\"{id}\",\"body\":\"{body}\"}}\n");
        let long = line("long", &"word ".repeat(200_000));
        let text = line("a", "First story.")
            + &long
            + &line("b", "Second story.")
            + &line("c", &"grain ".repeat(100_000))
            + "{\"id\":\"d\",\"body\":\"Last, without a newline.\"}";
        let path = dir.path().join("big.jsonl");
        std::fs::write(&path, &text).unwrap();
        let limit = 700_000;
        assert!(text.len() as u64 > limit);
        let items = read_all(&path, limit);
        let got = summary(&items);
        assert_eq!(got.len(), 5, "{got:?}");
        assert_eq!(got[0].1, "a|First story.");
        assert_eq!(got[1].0, Some(2));
        assert_eq!(
            got[1].1,
            format!(
                "record too large ({} bytes; limit {limit} bytes)",
                long.len() - 1
            )
        );
        assert_eq!(got[2], (Some(3), "b|Second story.".to_string()));
        assert!(got[3].1.starts_with("c|grain"), "{:?}", &got[3].1[..10]);
        assert_eq!(got[4], (Some(5), "d|Last, without a newline.".to_string()));
        // Over 4 MiB, the JSON Lines line limit's own message.
        let huge = line("huge", &"x".repeat(5 << 20));
        std::fs::write(&path, huge + &line("e", "After.")).unwrap();
        let got = summary(&read_all(&path, 64 << 20));
        assert!(
            got[0].1.contains("exceeds the 4194304-byte limit"),
            "{got:?}"
        );
        assert_eq!(got[1], (Some(2), "e|After.".to_string()));
    }

    /// A JSON Lines file of blank lines only is one "empty file" error.
    #[test]
    fn a_blank_jsonl_file_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("blank.jsonl");
        std::fs::write(&path, "\n  \r\n\n").unwrap();
        let got = summary(&read_all(&path, 1 << 30));
        assert_eq!(got, [(None, "empty file".to_string())]);
    }

    /// An invented SGML record.
    fn story(newid: usize, body: &str) -> String {
        let tag = "REUTERS";
        format!("<{tag} NEWID=\"{newid}\">\n<TEXT><TITLE>STORY {newid}</TITLE>\n<BODY>{body}\n</BODY></TEXT>\n</{tag}>\n")
    }

    /// An SGML file read whole (under the limit) in several pieces, Latin-1
    /// included, reads as the whole-file reader reads it; over the limit it
    /// is streamed and reads the same, record by record, a record over the
    /// limit refused by its line.
    #[test]
    fn an_sgml_file_in_pieces_reads_as_a_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut bytes = b"<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n".to_vec();
        for i in 0..3000 {
            let body = format!("Grain sold in caf\u{e9} number {i}, said the ministry of trade.");
            // Latin-1: one byte per char.
            bytes.extend(story(i, &body).chars().map(|c| c as u32 as u8));
        }
        let path = dir.path().join("reut.sgm");
        std::fs::write(&path, &bytes).unwrap();
        let whole = reuters::parse_sgml(&bytes, &path);
        assert_eq!(whole.len(), 3000);
        let pieces = pieces_of(&path, 1 << 30);
        assert!(pieces.len() > 1, "{} piece(s)", pieces.len());
        assert_eq!(summary(&read_all(&path, 1 << 30)), summary(&whole));
        // Streamed: over the limit, each record decoded on its own (all
        // Latin-1 here, so the same text).
        let streamed = read_all(&path, 100_000);
        assert_eq!(summary(&streamed), summary(&whole));
        // One record over the limit.
        let mut big = bytes.clone();
        let huge = story(9999, &"harvest ".repeat(20_000));
        big.extend(huge.bytes());
        big.extend(story(10_000, "After the big one.").bytes());
        std::fs::write(&path, &big).unwrap();
        let got = summary(&read_all(&path, 100_000));
        assert_eq!(got.len(), 3002);
        let line = 2 + 3000 * 5;
        assert_eq!(
            got[3000],
            (
                Some(line),
                format!(
                    "record too large ({} bytes; limit 100000 bytes)",
                    huge.len()
                )
            )
        );
        assert_eq!(got[3001].0, Some(line + 5));
        assert!(
            got[3001].1.starts_with("reuters-10000|After"),
            "{:?}",
            got[3001]
        );
    }

    /// A streamed SGML file without a record says why, as a whole file
    /// does.
    #[test]
    fn a_streamed_sgml_file_without_records_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("none.sgm");
        std::fs::write(&path, "no records here\n".repeat(50_000)).unwrap();
        let got = summary(&read_all(&path, 1000));
        assert_eq!(got, [(None, "no <REUTERS> records found".to_string())]);
        std::fs::write(&path, " \n".repeat(50_000)).unwrap();
        assert_eq!(
            summary(&read_all(&path, 1000)),
            [(None, "empty file".to_string())]
        );
    }

    /// A CSV file of many pieces reads as the whole-file reader reads it
    /// (ragged rows and multi-line cells included), lines numbered across
    /// pieces; a feed over the limit is refused by its size.
    #[test]
    fn a_csv_file_in_pieces_reads_as_a_whole_file_and_big_feeds_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut text = String::from("id,body\n");
        for i in 0..3000 {
            match i % 101 {
                0 => text.push_str("x,ragged,row\n"),
                1 => text.push_str(&format!("m{i},\"two\nlines {i}\"\n")),
                _ => text.push_str(&format!("a{i},Grain story {i}.\n")),
            }
        }
        let path = dir.path().join("many.csv");
        std::fs::write(&path, &text).unwrap();
        let pieces = pieces_of(&path, 1 << 30);
        assert!(pieces.len() > 1, "{} piece(s)", pieces.len());
        let whole = super::super::csv::parse(
            text.as_bytes(),
            &path,
            &super::super::CsvMap::default(),
            1 << 30,
        );
        assert_eq!(summary(&read_all(&path, 1 << 30)), summary(&whole));
        assert_eq!(whole.iter().filter(|i| i.is_err()).count(), 30);
        let feed = dir.path().join("big.rss");
        let items = "<item><title>t</title><description>d</description></item>".repeat(100);
        std::fs::write(
            &feed,
            format!("<rss version=\"2.0\"><channel><title>T</title>{items}</channel></rss>"),
        )
        .unwrap();
        assert_eq!(read_all(&feed, 1 << 20).len(), 100);
        let got = summary(&read_all(&feed, 1000));
        assert_eq!(got.len(), 1);
        assert!(got[0].1.starts_with("file too large"), "{got:?}");
    }
}
