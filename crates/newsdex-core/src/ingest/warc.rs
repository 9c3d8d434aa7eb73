//! WARC crawls (`.warc`, `.warc.gz`): the HTML pages of their HTTP 200
//! responses, streamed record by record in constant memory.
//!
//! [`WarcPages`] reads one record at a time from a buffered reader (through
//! flate2's `MultiGzDecoder` when the file starts with a gzip member: one
//! member per record is the common case, one member for the whole file
//! works too) and yields a [`WarcPage`] for each `response` record whose
//! HTTP status is 200 and whose content type is HTML. Every other record
//! (`warcinfo`, `request`, `metadata`, a response that is not HTTP, not 200
//! or not HTML) is counted in [`WarcSkips`] and skipped without being held.
//! A record whose block exceeds the size limit is reported by number and
//! skipped. A record whose declared `Content-Length` runs past the end of
//! the file (a truncated last record), a truncated or corrupt gzip stream,
//! and a header that is not WARC end the file with an error naming the
//! record; every page before it has been yielded.
//!
//! [`article`] turns a page into a [`super::RawArticle`] with the HTML page
//! reader ([`super::html`]), the record's target URI as the id and URL
//! hint, its date as the date hint and the HTTP charset.

use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::bufread::MultiGzDecoder;

use super::error::{IngestError, IngestErrorKind, Origin};
use super::html::{self, PageHints};
use super::RawArticle;
use crate::article::ArticleId;

/// Longest WARC or HTTP header block read (64 KiB); a longer one is
/// malformed.
pub const MAX_HEADER_BYTES: usize = 64 * 1024;

/// One HTML page of a crawl.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarcPage {
    /// `WARC-Target-URI`.
    pub uri: String,
    /// `WARC-Date`, as written (ISO 8601), when present.
    pub date: Option<String>,
    /// The HTTP body (transfer and content encodings undone).
    pub body: Vec<u8>,
    /// The charset of the HTTP `Content-Type`, when it names one.
    pub charset: Option<String>,
    /// The record's number in the file, from 1.
    pub record_number: usize,
}

/// Records skipped because they hold no HTML page, by why.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WarcSkips {
    /// Records of a type other than `response` (`warcinfo`, `request`,
    /// `metadata`, `resource`, …).
    pub not_response: usize,
    /// Responses whose block is not an HTTP response.
    pub not_http: usize,
    /// HTTP responses with a status other than 200.
    pub not_ok: usize,
    /// HTTP 200 responses whose content type is not HTML.
    pub not_html: usize,
}

impl WarcSkips {
    /// All records skipped.
    pub fn total(&self) -> usize {
        self.not_response + self.not_http + self.not_ok + self.not_html
    }
}

/// Whether `path` names a WARC file (`.warc` or `.warc.gz`).
pub fn is_warc_path(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    name.ends_with(".warc") || name.ends_with(".warc.gz")
}

/// The pages of one WARC file, record by record.
pub struct WarcPages<R> {
    input: R,
    path: PathBuf,
    max_record_bytes: u64,
    record: usize,
    skips: WarcSkips,
    /// Set by a record's error that leaves the reader in step (a record
    /// over the limit, a bad HTTP body): the next record is read.
    in_step: bool,
    done: bool,
}

impl<R> std::fmt::Debug for WarcPages<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WarcPages")
            .field("path", &self.path)
            .field("record", &self.record)
            .field("skips", &self.skips)
            .finish_non_exhaustive()
    }
}

/// A reader of plain or gzipped WARC bytes.
pub type AnyReader = BufReader<Box<dyn Read + Send>>;

impl WarcPages<AnyReader> {
    /// Opens the WARC file at `path`, gzipped or not (told by its first
    /// bytes); records with a block over `max_record_bytes` are refused.
    pub fn open(path: &Path, max_record_bytes: u64) -> io::Result<Self> {
        let file = std::fs::File::open(path)?;
        Ok(WarcPages::from_reader(file, path, max_record_bytes))
    }

    /// Reads WARC bytes, gzipped or not, from `input`.
    pub fn from_reader(
        input: impl Read + Send + 'static,
        path: &Path,
        max_record_bytes: u64,
    ) -> Self {
        let mut buffered = BufReader::new(input);
        let gzipped = buffered
            .fill_buf()
            .is_ok_and(|head| head.starts_with(&[0x1f, 0x8b]));
        let inner: Box<dyn Read + Send> = if gzipped {
            Box::new(MultiGzDecoder::new(buffered))
        } else {
            Box::new(buffered)
        };
        WarcPages {
            input: BufReader::new(inner),
            path: path.to_path_buf(),
            max_record_bytes,
            record: 0,
            skips: WarcSkips::default(),
            in_step: false,
            done: false,
        }
    }
}

impl<R: BufRead> WarcPages<R> {
    /// Records skipped so far.
    pub fn skips(&self) -> WarcSkips {
        self.skips
    }

    /// Records read so far.
    pub fn records(&self) -> usize {
        self.record
    }

    fn error(&self, kind: IngestErrorKind) -> IngestError {
        IngestError::new(
            Origin {
                path: self.path.clone(),
                line: (self.record > 0).then_some(self.record),
            },
            kind,
        )
    }

    /// An input error: a gzip stream that ends early or is corrupt is named
    /// as such.
    fn io_error(&self, err: &io::Error) -> IngestError {
        let kind = match err.kind() {
            io::ErrorKind::UnexpectedEof => IngestErrorKind::Malformed(format!(
                "WARC record {}: the (gzip) stream ends in the middle of the record",
                self.record
            )),
            io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData => IngestErrorKind::Malformed(
                format!("WARC record {}: corrupt gzip stream ({err})", self.record),
            ),
            _ => IngestErrorKind::Unreadable(err.to_string()),
        };
        self.error(kind)
    }

    /// Reads one line (with its end) into `line`, refusing one longer than
    /// the header limit; `Ok(false)` at the end of the input.
    fn line(&mut self, line: &mut Vec<u8>) -> Result<bool, IngestError> {
        line.clear();
        let read = (&mut self.input)
            .take(MAX_HEADER_BYTES as u64 + 1)
            .read_until(b'\n', line);
        match read {
            Ok(0) => Ok(false),
            Ok(_) if line.len() > MAX_HEADER_BYTES => {
                Err(self.error(IngestErrorKind::Malformed(format!(
                    "WARC record {}: header line longer than {MAX_HEADER_BYTES} bytes",
                    self.record
                ))))
            }
            Ok(_) => Ok(true),
            Err(err) => Err(self.io_error(&err)),
        }
    }

    /// The next record's headers, or `None` at the end of the input.
    fn headers(&mut self) -> Result<Option<Vec<(String, String)>>, IngestError> {
        let mut line = Vec::new();
        // Blank lines end the previous record.
        loop {
            if !self.line(&mut line)? {
                return Ok(None);
            }
            if !line.iter().all(u8::is_ascii_whitespace) {
                break;
            }
        }
        self.record += 1;
        if !line.starts_with(b"WARC/") {
            return Err(self.error(IngestErrorKind::Malformed(format!(
                "WARC record {}: no `WARC/1.x` version line where a record should start",
                self.record
            ))));
        }
        let mut headers = Vec::new();
        let mut bytes = line.len();
        loop {
            if !self.line(&mut line)? {
                return Err(self.error(IngestErrorKind::Malformed(format!(
                    "WARC record {}: the file ends inside the record's header",
                    self.record
                ))));
            }
            bytes += line.len();
            if bytes > MAX_HEADER_BYTES {
                return Err(self.error(IngestErrorKind::Malformed(format!(
                    "WARC record {}: header longer than {MAX_HEADER_BYTES} bytes",
                    self.record
                ))));
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                return Ok(Some(headers));
            }
            if let Some((name, value)) = text.split_once(':') {
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
            }
        }
    }

    /// Skips `len` bytes of block; an error when the input ends first.
    fn skip_block(&mut self, len: u64) -> Result<(), IngestError> {
        let copied = io::copy(&mut (&mut self.input).take(len), &mut io::sink())
            .map_err(|err| self.io_error(&err))?;
        if copied < len {
            return Err(self.truncated(len, copied));
        }
        Ok(())
    }

    fn truncated(&self, declared: u64, found: u64) -> IngestError {
        self.error(IngestErrorKind::Malformed(format!(
            "WARC record {} declares a {declared}-byte block but the file ends after {found} \
             (truncated record; the records before it are read)",
            self.record
        )))
    }

    /// The next page, a record's error, or `None` at the end.
    fn step(&mut self) -> Option<Result<WarcPage, IngestError>> {
        loop {
            let headers = match self.headers() {
                Ok(Some(headers)) => headers,
                Ok(None) => return None,
                Err(err) => return Some(Err(err)),
            };
            let get = |name: &str| {
                headers
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.as_str())
            };
            let Some(len) = get("content-length").and_then(|l| l.parse::<u64>().ok()) else {
                return Some(Err(self.error(IngestErrorKind::Malformed(format!(
                    "WARC record {}: no valid Content-Length",
                    self.record
                )))));
            };
            let is_response = get("warc-type").is_some_and(|t| t.eq_ignore_ascii_case("response"));
            let uri = get("warc-target-uri")
                .unwrap_or_default()
                .trim_matches(['<', '>'])
                .to_string();
            let date = get("warc-date").map(str::to_string);
            if !is_response {
                if let Err(err) = self.skip_block(len) {
                    return Some(Err(err));
                }
                self.skips.not_response += 1;
                continue;
            }
            if len > self.max_record_bytes {
                if let Err(err) = self.skip_block(len) {
                    return Some(Err(err));
                }
                self.in_step = true;
                return Some(Err(self.error(IngestErrorKind::RecordTooLarge {
                    size: len,
                    limit: self.max_record_bytes,
                })));
            }
            let mut block = Vec::new();
            let read = (&mut self.input).take(len).read_to_end(&mut block);
            if let Err(err) = read {
                return Some(Err(self.io_error(&err)));
            }
            if (block.len() as u64) < len {
                return Some(Err(self.truncated(len, block.len() as u64)));
            }
            match http_page(&block, self.max_record_bytes) {
                Http::Page { body, charset } => {
                    return Some(Ok(WarcPage {
                        uri,
                        date,
                        body,
                        charset,
                        record_number: self.record,
                    }))
                }
                Http::Other => self.skips.not_http += 1,
                Http::NotOk => self.skips.not_ok += 1,
                Http::NotHtml => self.skips.not_html += 1,
                Http::Bad(why) => {
                    self.in_step = true;
                    return Some(Err(self.error(IngestErrorKind::Malformed(format!(
                        "WARC record {}: {why}",
                        self.record
                    )))));
                }
            }
        }
    }
}

impl<R: BufRead> Iterator for WarcPages<R> {
    type Item = Result<WarcPage, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        self.in_step = false;
        let item = self.step();
        // Errors that leave the reader out of step end the file.
        self.done = match &item {
            None => true,
            Some(Err(_)) => !self.in_step,
            Some(Ok(_)) => false,
        };
        item
    }
}

/// What an HTTP response block holds.
/// (`Other`: not an HTTP response.)
enum Http {
    Page {
        body: Vec<u8>,
        charset: Option<String>,
    },
    Other,
    NotOk,
    NotHtml,
    Bad(String),
}

/// Reads an HTTP response block.
fn http_page(block: &[u8], limit: u64) -> Http {
    if !block.starts_with(b"HTTP/") {
        return Http::Other;
    }
    let (head, body) = match find(block, b"\r\n\r\n") {
        Some(at) => (&block[..at], &block[at + 4..]),
        None => match find(block, b"\n\n") {
            Some(at) => (&block[..at], &block[at + 2..]),
            None => (block, &[][..]),
        },
    };
    let head = String::from_utf8_lossy(head);
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse::<u16>().ok());
    match status {
        Some(200) => {}
        Some(_) => return Http::NotOk,
        None => return Http::Other,
    }
    let mut content_type = None;
    let (mut chunked, mut encoding) = (false, None);
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => content_type = Some(value.to_string()),
            "transfer-encoding" => chunked = value.to_ascii_lowercase().contains("chunked"),
            "content-encoding" => encoding = Some(value.to_ascii_lowercase()),
            _ => {}
        }
    }
    let Some(content_type) = content_type else {
        return Http::NotHtml;
    };
    let mut parts = content_type.split(';');
    let mime = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
    if mime != "text/html" && mime != "application/xhtml+xml" {
        return Http::NotHtml;
    }
    let charset = parts.find_map(|p| {
        let (name, value) = p.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']).to_string())
            .filter(|c| !c.is_empty())
    });
    let body = if chunked {
        match dechunk(body) {
            Some(body) => body,
            None => return Http::Bad("malformed chunked HTTP body".to_string()),
        }
    } else {
        body.to_vec()
    };
    let body = match encoding.as_deref() {
        Some("gzip" | "x-gzip") => {
            match read_limited(flate2::read::MultiGzDecoder::new(&body[..]), limit) {
                Ok(body) => body,
                Err(why) => return Http::Bad(format!("HTTP body: gzip {why}")),
            }
        }
        Some("deflate") => match read_limited(flate2::read::ZlibDecoder::new(&body[..]), limit) {
            Ok(body) => body,
            Err(why) => return Http::Bad(format!("HTTP body: deflate {why}")),
        },
        _ => body,
    };
    Http::Page { body, charset }
}

/// Reads all of `input`, up to `limit` bytes.
fn read_limited(input: impl Read, limit: u64) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    input
        .take(limit.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| format!("decoding failed: {e}"))?;
    if out.len() as u64 > limit {
        return Err(format!("body over the {limit}-byte limit"));
    }
    Ok(out)
}

/// Undoes HTTP chunked transfer encoding; `None` when malformed.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let end = find(body, b"\n")?;
        let size_line = std::str::from_utf8(&body[..end]).ok()?;
        let size_text = size_line.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        body = &body[end + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size..)?;
        body = body.strip_prefix(b"\r").unwrap_or(body);
        body = body.strip_prefix(b"\n").unwrap_or(body);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The article of one page of the WARC file at `path`: the page read by the
/// HTML page reader, its id the record's target URI (a page fetched twice
/// keeps its last version, as any id read twice does), its date hint the
/// record's `WARC-Date`, errors naming the record's number.
pub(crate) fn article(path: &Path, page: WarcPage) -> Result<RawArticle, IngestError> {
    let origin = Origin {
        path: path.to_path_buf(),
        line: Some(page.record_number),
    };
    let hints = PageHints {
        url: Some(page.uri.clone()),
        date: page
            .date
            .as_deref()
            .and_then(|d| crate::dates::parse_day(d).ok()),
        charset: page.charset.clone(),
    };
    let mut raw = html::read_page(&page.body, ArticleId(page.uri), origin, &hints)?;
    raw.input_bytes = page.body.len();
    Ok(raw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// One invented WARC record.
    pub(super) fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-03-25T10:00:00Z\r\n\
             WARC-Record-ID: <urn:uuid:x>\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    pub(super) fn http(status: &str, content_type: &str, body: &str) -> Vec<u8> {
        format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nServer: x\r\n\r\n{body}")
            .into_bytes()
    }

    pub(super) fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    /// An invented crawl: warcinfo, request, a page, a 404, an image, a
    /// non-HTTP response, a metadata record and a second page.
    fn crawl() -> Vec<Vec<u8>> {
        vec![
            record("warcinfo", "", b"software: invented\r\n"),
            record(
                "request",
                "https://a.test/1",
                b"GET /1 HTTP/1.1\r\nHost: a.test\r\n\r\n",
            ),
            record(
                "response",
                "https://a.test/1",
                &http(
                    "200 OK",
                    "text/html; charset=\"windows-1252\"",
                    "<html><p>Caf\u{e9} page one.</p></html>",
                ),
            ),
            record(
                "response",
                "https://a.test/missing",
                &http("404 Not Found", "text/html", "gone"),
            ),
            record(
                "response",
                "https://a.test/x.png",
                &http("200 OK", "image/png", "PNG"),
            ),
            record(
                "response",
                "dns:a.test",
                b"20240325100000\na.test. 300 IN A 10.0.0.1\n",
            ),
            record("metadata", "https://a.test/1", b"fetchTimeMs: 12\r\n"),
            record(
                "response",
                "https://a.test/2",
                &http("200 OK", "application/xhtml+xml", "<p>Page two.</p>"),
            ),
        ]
    }

    fn read(bytes: Vec<u8>, limit: u64) -> (Vec<Result<WarcPage, IngestError>>, WarcSkips) {
        let mut pages =
            WarcPages::from_reader(io::Cursor::new(bytes), Path::new("crawl.warc.gz"), limit);
        let items: Vec<_> = pages.by_ref().collect();
        (items, pages.skips())
    }

    /// Pages come out of HTTP 200 HTML responses only, with URI, date,
    /// body and charset; every other record is counted by why; plain,
    /// gzipped per record and gzipped whole read the same.
    #[test]
    fn pages_of_200_html_responses_and_counts_of_the_rest() {
        let records = crawl();
        let plain = records.concat();
        let per_record: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
        let whole = gzip(&plain);
        for bytes in [plain, per_record, whole] {
            let (items, skips) = read(bytes, 1 << 20);
            let pages: Vec<&WarcPage> = items.iter().map(|i| i.as_ref().unwrap()).collect();
            assert_eq!(pages.len(), 2);
            assert_eq!(pages[0].uri, "https://a.test/1");
            assert_eq!(pages[0].date.as_deref(), Some("2024-03-25T10:00:00Z"));
            assert_eq!(pages[0].charset.as_deref(), Some("windows-1252"));
            assert_eq!(
                pages[0].body,
                "<html><p>Caf\u{e9} page one.</p></html>".as_bytes()
            );
            assert_eq!(pages[0].record_number, 3);
            assert_eq!(
                (pages[1].record_number, pages[1].charset.as_ref()),
                (8, None)
            );
            assert_eq!(
                skips,
                WarcSkips {
                    not_response: 3,
                    not_http: 1,
                    not_ok: 1,
                    not_html: 1,
                }
            );
            assert_eq!(skips.total(), 6);
        }
    }

    /// A last record whose declared length runs past the end of the file
    /// is reported by file and record; the pages before it are kept.
    #[test]
    fn a_truncated_last_record_is_reported_and_the_rest_kept() {
        let mut bytes = crawl().concat();
        let last = record(
            "response",
            "https://a.test/3",
            &http("200 OK", "text/html", &"<p>long</p>".repeat(100)),
        );
        bytes.extend_from_slice(&last[..last.len() - 500]);
        let (items, _) = read(bytes, 1 << 20);
        assert_eq!(items.iter().filter(|i| i.is_ok()).count(), 2);
        let err = items.last().unwrap().as_ref().unwrap_err().to_string();
        assert!(
            err.starts_with("crawl.warc.gz:9: malformed record: WARC record 9 declares a"),
            "{err}"
        );
        assert!(err.contains("truncated record"), "{err}");
    }

    /// A gzip stream cut short ends the file with an error naming the
    /// record; the pages before it are kept.
    #[test]
    fn a_truncated_gzip_stream_is_reported() {
        let mut bytes: Vec<u8> = crawl().iter().flat_map(|r| gzip(r)).collect();
        let last = gzip(&record(
            "response",
            "https://a.test/3",
            &http("200 OK", "text/html", &"<p>x</p>".repeat(500)),
        ));
        bytes.extend_from_slice(&last[..last.len() / 2]);
        let (items, _) = read(bytes, 1 << 20);
        assert_eq!(items.iter().filter(|i| i.is_ok()).count(), 2);
        let err = items.last().unwrap().as_ref().unwrap_err().to_string();
        assert!(
            err.starts_with("crawl.warc.gz:9: ") && err.contains("WARC record 9"),
            "{err}"
        );
    }

    /// Bytes that are not WARC, and a record over the limit (skipped, the
    /// next read), say so by record.
    #[test]
    fn non_warc_input_and_records_over_the_limit() {
        let (items, _) = read(b"<html>not a crawl</html>".to_vec(), 1 << 20);
        let err = items[0].as_ref().unwrap_err().to_string();
        assert!(
            err.contains("WARC record 1: no `WARC/1.x` version line"),
            "{err}"
        );
        let mut bytes = record(
            "response",
            "https://a.test/big",
            &http("200 OK", "text/html", &"x".repeat(5000)),
        );
        bytes.extend(record(
            "response",
            "https://a.test/small",
            &http("200 OK", "text/html", "<p>ok</p>"),
        ));
        let (items, _) = read(bytes, 1000);
        assert!(matches!(
            items[0].as_ref().unwrap_err().kind,
            IngestErrorKind::RecordTooLarge { .. }
        ));
        assert_eq!(items[1].as_ref().unwrap().uri, "https://a.test/small");
    }

    /// Chunked and gzip-encoded HTTP bodies are undone.
    #[test]
    fn http_encodings_are_undone() {
        let block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<p>He\r\n7;x=y\r\nllo</p>\r\n0\r\n\r\n";
        let Http::Page { body, .. } = http_page(block, 1 << 20) else {
            panic!("not a page")
        };
        assert_eq!(body, b"<p>Hello</p>");
        let mut block =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
                .to_vec();
        block.extend(gzip(b"<p>Zipped</p>"));
        let Http::Page { body, .. } = http_page(&block, 1 << 20) else {
            panic!("not a page")
        };
        assert_eq!(body, b"<p>Zipped</p>");
    }

    /// Many records and one huge record read in linear time, and memory
    /// that does not grow with the number of records.
    #[test]
    fn records_read_in_linear_time_and_constant_memory() {
        let run = |bytes: &Vec<u8>| {
            let pages = WarcPages::from_reader(
                io::Cursor::new(bytes.clone()),
                Path::new("p.warc"),
                1 << 30,
            );
            std::hint::black_box(pages.count());
        };
        let page = record(
            "response",
            "https://a.test/p",
            &http("200 OK", "text/html", "<p>Grain rose.</p>"),
        );
        crate::growth::assert_linear(
            "WARC many records",
            1 << 16,
            |n| page.repeat(n / page.len() + 1),
            run,
        );
        crate::growth::assert_linear(
            "WARC huge record",
            1 << 16,
            |n| {
                record(
                    "response",
                    "https://a.test/h",
                    &http("200 OK", "text/html", &"w".repeat(n)),
                )
            },
            run,
        );
    }
}

#[cfg(test)]
mod file_tests {
    use super::tests::{gzip, http, record};
    use super::*;

    /// A `.warc.gz` file on disk is opened by path and read to the end.
    #[test]
    fn a_warc_file_is_opened_by_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("crawl.WARC.gz");
        assert!(is_warc_path(&path) && is_warc_path(Path::new("a.warc")));
        assert!(!is_warc_path(Path::new("a.gz")));
        let block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>x</p>";
        let mut record = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://a.test/\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        record.extend_from_slice(block);
        record.extend_from_slice(b"\r\n\r\n");
        std::fs::write(&path, &record).unwrap();
        let mut pages = WarcPages::open(&path, 1 << 20).unwrap();
        assert_eq!(pages.next().unwrap().unwrap().body, b"<p>x</p>");
        assert!(pages.next().is_none());
        assert_eq!(pages.records(), 1);
    }

    /// An invented news page with enough story for the main-text reader.
    fn news_page(title: &str, sentence: &str) -> String {
        let story = format!("<p>{sentence} It was the first such step this year.</p>").repeat(4);
        format!(
            "<html lang=\"en\"><head><title>{title}</title></head><body>\
             <nav><a href=\"/\">Home</a> <a href=\"/w\">World</a> <a href=\"/s\">Sport</a></nav>\
             <article><h1>{title}</h1>{story}</article>\
             <footer>Copyright Invented Media. All rights reserved.</footer></body></html>"
        )
    }

    #[test]
    fn pages_become_articles_and_the_other_records_are_counted() {
        use super::super::stream::{Piece, Pieces};
        use super::super::IngestOptions;
        let records = [
            record("warcinfo", "", b"software: invented\r\n"),
            record("request", "https://news.test/a", b"GET /a HTTP/1.1\r\n\r\n"),
            record(
                "response",
                "https://news.test/2024/03/25/harbour",
                &http(
                    "200 OK",
                    "text/html; charset=utf-8",
                    &news_page(
                        "Harbour reopens",
                        "The harbour reopened on Tuesday after a week of storms, port officials said.",
                    ),
                ),
            ),
            record(
                "response",
                "https://news.test/missing",
                &http("404 Not Found", "text/html", "gone"),
            ),
            record(
                "response",
                "https://news.test/bridge",
                &http(
                    "200 OK",
                    "text/html",
                    &news_page(
                        "Bridge closes",
                        "The old bridge closed for repairs on Monday, the city council said after a vote.",
                    ),
                ),
            ),
        ];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("crawl.warc.gz");
        let bytes: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
        std::fs::write(&path, bytes).unwrap();

        let mut pieces = Pieces::new(std::slice::from_ref(&path), &IngestOptions::default());
        let items: Vec<_> = pieces.by_ref().flat_map(Piece::parse).collect();
        let articles: Vec<RawArticle> = items.into_iter().map(Result::unwrap).collect();
        let ids: Vec<&str> = articles.iter().map(|a| a.id.0.as_str()).collect();
        assert_eq!(
            ids,
            [
                "https://news.test/2024/03/25/harbour",
                "https://news.test/bridge"
            ]
        );
        assert_eq!(articles[0].title.as_deref(), Some("Harbour reopens"));
        assert!(articles[0].text.contains("harbour reopened on Tuesday"));
        assert!(!articles[0].text.contains("Sport"), "{}", articles[0].text);
        assert!(!articles[0].text.contains("Copyright"));
        // The second page's URL has no date: the record's WARC-Date gives it.
        let day = time::macros::date!(2024 - 03 - 25);
        assert_eq!(articles[1].published, Some(day));
        assert_eq!(articles[1].url.as_deref(), Some("https://news.test/bridge"));
        assert_eq!(articles[0].origin.line, Some(3));
        // warcinfo, request and the 404.
        assert_eq!(pieces.records_skipped(), 3);
    }
}
