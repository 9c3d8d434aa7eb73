//! Output of the research tools: concordances ([`kwic_text`],
//! [`kwic_json`], [`kwic_csv`]), timelines ([`timeline_text`],
//! [`timeline_json`], [`timeline_csv`]) and full exports ([`CsvExport`],
//! [`JsonlExport`], sinks for [`crate::export()`]).
//!
//! Text for people goes through [`printable_line`]; CSV cells through
//! [`printable`] (a control character in article text is spelled out, not
//! written raw); JSON is terminal-safe ([`to_string_pretty`]).

use std::fmt::Write as _;
use std::io::Write;

use serde::Serialize;

use crate::export::{ExportHeader, ExportRow, ExportSink};
use crate::kwic::Kwic;
use crate::printable::{printable, printable_line};
use crate::render::json::{to_string_line, to_string_pretty};
use crate::snippet::escape_html;
use crate::timeline::Timeline;

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// Widest left and right context shown in a text concordance, in
/// characters (longer contexts are cut at the far end, with `…`).
pub const KWIC_COLUMN: usize = 50;

fn chars(text: &str) -> usize {
    text.chars().count()
}

/// The last `width` characters of `text`, `…` first when cut.
fn tail(text: &str, width: usize) -> String {
    let n = chars(text);
    if n <= width {
        return text.to_string();
    }
    let skip = n - width + 1;
    format!("…{}", text.chars().skip(skip).collect::<String>())
}

/// The first `width` characters of `text`, `…` last when cut.
fn head(text: &str, width: usize) -> String {
    if chars(text) <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A concordance as aligned text: left context right-aligned, the keyword
/// in its own column (bold on a terminal), the right context, then the
/// article's id, source and date; a count line last.
pub fn kwic_text(kwic: &Kwic, color: bool) -> String {
    let (bold, dim, reset) = if color {
        (BOLD, DIM, RESET)
    } else {
        ("", "", "")
    };
    let rows: Vec<(String, String, String, String)> = kwic
        .lines
        .iter()
        .map(|line| {
            (
                tail(&printable_line(&line.left), KWIC_COLUMN),
                printable_line(&line.keyword).into_owned(),
                head(&printable_line(&line.right), KWIC_COLUMN),
                format!(
                    "{} · {} · {}",
                    printable_line(&line.id),
                    printable_line(&line.source),
                    printable_line(line.published.as_deref().unwrap_or("undated"))
                ),
            )
        })
        .collect();
    let left_width = rows.iter().map(|r| chars(&r.0)).max().unwrap_or(0);
    let key_width = rows.iter().map(|r| chars(&r.1)).max().unwrap_or(0);
    let right_width = rows.iter().map(|r| chars(&r.2)).max().unwrap_or(0);
    let mut out = String::new();
    for (left, keyword, right, about) in &rows {
        let pad_left = left_width - chars(left);
        let pad_key = key_width - chars(keyword);
        let pad_right = right_width - chars(right);
        let _ = writeln!(
            out,
            "{:pad_left$}{left}  {bold}{keyword}{reset}{:pad_key$}  {right}{:pad_right$}  {dim}{about}{reset}",
            "", "", ""
        );
    }
    let _ = writeln!(
        out,
        "{dim}{} occurrence{} in {} matching article{}{reset}",
        kwic.lines.len(),
        if kwic.lines.len() == 1 { "" } else { "s" },
        kwic.articles,
        if kwic.articles == 1 { "" } else { "s" },
    );
    out
}

/// A concordance as one JSON object: `query`, `parsed_query`,
/// `fingerprint`, `articles` and `lines`, each line `{"left", "keyword",
/// "right", "id", "source", "published", "field", "offset"}` (`offset`: the
/// keyword's byte offset in the field's stored text).
pub fn kwic_json(kwic: &Kwic) -> serde_json::Result<String> {
    to_string_pretty(kwic)
}

/// A concordance as CSV: a header row (`id`, `source`, `published`,
/// `field`, `offset`, `left`, `keyword`, `right`), then one row per line;
/// every cell quoted.
pub fn kwic_csv(kwic: &Kwic) -> std::io::Result<String> {
    let mut writer = csv_writer(Vec::new());
    writer.write_record([
        "id",
        "source",
        "published",
        "field",
        "offset",
        "left",
        "keyword",
        "right",
    ])?;
    for line in &kwic.lines {
        writer.write_record([
            printable(&line.id).as_ref(),
            printable(&line.source).as_ref(),
            line.published.as_deref().unwrap_or(""),
            line.field.as_str(),
            line.offset.to_string().as_str(),
            printable(&line.left).as_ref(),
            printable(&line.keyword).as_ref(),
            printable(&line.right).as_ref(),
        ])?;
    }
    into_string(writer)
}

fn csv_writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(out)
}

fn into_string(writer: csv::Writer<Vec<u8>>) -> std::io::Result<String> {
    let bytes = writer
        .into_inner()
        .map_err(|err| std::io::Error::other(err.to_string()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Widest bar of a text timeline, in characters.
pub const BAR_WIDTH: usize = 40;

fn bar(value: f64, max: f64) -> String {
    if max <= 0.0 || value <= 0.0 {
        return String::new();
    }
    // Eighths of a block for the last character.
    let eighths = ((value / max) * (BAR_WIDTH * 8) as f64).round() as usize;
    let eighths = eighths.max(1);
    let mut out = "█".repeat(eighths / 8);
    const PARTS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    out.push_str(PARTS[eighths % 8]);
    out
}

fn figure(
    timeline: &Timeline,
    bucket: &crate::timeline::TimelineBucket,
    series: Option<&str>,
) -> String {
    let count = match series {
        None => bucket.count,
        Some(value) => bucket.series.get(value).copied().unwrap_or(0),
    };
    match bucket.indexed {
        Some(all) if timeline.normalized => {
            format!("{:.1}% ({count}/{all})", bucket.value(series) * 100.0)
        }
        _ => count.to_string(),
    }
}

/// A timeline as a bar chart of text: one line per period (its label, a
/// bar, the count; with `--normalize` the share of the period's articles),
/// and under each period one line per split value with articles in it;
/// then the total.
pub fn timeline_text(timeline: &Timeline, color: bool) -> String {
    let (bold, dim, reset) = if color {
        (BOLD, DIM, RESET)
    } else {
        ("", "", "")
    };
    let max = timeline
        .buckets
        .iter()
        .map(|b| b.value(None))
        .fold(0.0, f64::max);
    let label_width = timeline
        .buckets
        .iter()
        .map(|b| chars(&b.label))
        .max()
        .unwrap_or(0);
    let labels: std::collections::BTreeMap<&str, String> = timeline
        .series
        .iter()
        .map(|s| (s.value.as_str(), printable_line(&s.label).into_owned()))
        .collect();
    let series_width = labels.values().map(|l| chars(l)).max().unwrap_or(0);
    let mut out = String::new();
    for bucket in &timeline.buckets {
        let _ = writeln!(
            out,
            "{bold}{:label_width$}{reset}  {:BAR_WIDTH$}  {}",
            bucket.label,
            bar(bucket.value(None), max),
            figure(timeline, bucket, None)
        );
        for series in &timeline.series {
            if !bucket.series.contains_key(&series.value) {
                continue;
            }
            let name = labels
                .get(series.value.as_str())
                .cloned()
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "{:label_width$}  {dim}{name:>series_width$}{reset} {}  {}",
                "",
                bar(bucket.value(Some(&series.value)), max),
                figure(timeline, bucket, Some(&series.value))
            );
        }
    }
    let _ = writeln!(
        out,
        "{dim}{} matching article{}{}{}{reset}",
        timeline.total,
        if timeline.total == 1 { "" } else { "s" },
        if timeline.undated > 0 {
            format!(", {} undated (in no period)", timeline.undated)
        } else {
            String::new()
        },
        if timeline.normalized {
            "; shares of every article indexed in each period"
        } else {
            ""
        }
    );
    out
}

/// A timeline as one JSON object: `query`, `parsed_query`, `fingerprint`,
/// `interval`, `split`, `normalized`, `total`, `undated`, `gaps_filled`,
/// `buckets` (`{"start", "label", "count", "indexed"?, "share"?,
/// "series"?}`) and `series` (`{"value", "label", "total"}`).
pub fn timeline_json(timeline: &Timeline) -> serde_json::Result<String> {
    to_string_pretty(timeline)
}

/// A timeline as CSV: one row per period, `period`, `start`, `count`,
/// with `--normalize` `indexed` and `share`, then one column per split
/// value (its count, or its share when normalised); every cell quoted.
pub fn timeline_csv(timeline: &Timeline) -> std::io::Result<String> {
    let mut writer = csv_writer(Vec::new());
    let mut header = vec![
        "period".to_string(),
        "start".to_string(),
        "count".to_string(),
    ];
    if timeline.normalized {
        header.extend(["indexed".to_string(), "share".to_string()]);
    }
    header.extend(
        timeline
            .series
            .iter()
            .map(|s| printable(&s.value).into_owned()),
    );
    writer.write_record(&header)?;
    for bucket in &timeline.buckets {
        let mut row = vec![
            bucket.label.clone(),
            bucket.start.clone(),
            bucket.count.to_string(),
        ];
        if timeline.normalized {
            row.push(bucket.indexed.unwrap_or(0).to_string());
            row.push(format!("{}", bucket.value(None)));
        }
        for series in &timeline.series {
            row.push(if timeline.normalized {
                format!("{}", bucket.value(Some(&series.value)))
            } else {
                bucket
                    .series
                    .get(&series.value)
                    .copied()
                    .unwrap_or(0)
                    .to_string()
            });
        }
        writer.write_record(&row)?;
    }
    into_string(writer)
}

/// The columns of a CSV export, in order.
pub const EXPORT_COLUMNS: [&str; 10] = [
    "id",
    "url",
    "source",
    "source_name",
    "published",
    "title",
    "snippet",
    "countries",
    "people",
    "votes",
];

/// A CSV export sink: one header row ([`EXPORT_COLUMNS`]), then one row per
/// hit, every cell quoted; lists joined by `; `; the snippet with matched
/// words in `[brackets]`. Rows are written as they come.
pub struct CsvExport<W: Write> {
    writer: csv::Writer<W>,
}

impl<W: Write> CsvExport<W> {
    /// Writes to `out`.
    pub fn new(out: W) -> Self {
        CsvExport {
            writer: csv_writer(out),
        }
    }

    /// Flushes and returns the writer.
    pub fn finish(self) -> std::io::Result<W> {
        self.writer
            .into_inner()
            .map_err(|err| std::io::Error::other(err.to_string()))
    }
}

impl<W: Write> ExportSink for CsvExport<W> {
    fn start(&mut self, _header: &ExportHeader) -> std::io::Result<()> {
        self.writer.write_record(EXPORT_COLUMNS)?;
        Ok(())
    }

    fn row(&mut self, row: &ExportRow) -> std::io::Result<()> {
        let snippet = row.snippet.marked("[", "]", |s| printable(s).into_owned());
        self.writer.write_record([
            printable(&row.id).as_ref(),
            printable(row.url.as_deref().unwrap_or("")).as_ref(),
            printable(&row.source).as_ref(),
            printable(&row.source_name).as_ref(),
            row.published.as_deref().unwrap_or(""),
            printable(&row.title).as_ref(),
            snippet.as_str(),
            printable(&row.countries.join("; ")).as_ref(),
            printable(&row.people.join("; ")).as_ref(),
            printable(&row.votes.join("; ")).as_ref(),
        ])?;
        Ok(())
    }
}

/// A JSON Lines export sink: a first line `{"export": {"query",
/// "parsed_query", "fingerprint", "total"}}`, then one object per hit with
/// `id`, `url`, `source`, `source_name`, `published`, `title`, `snippet`
/// (HTML-escaped, matches in `<mark>`), `snippet_field`, `countries`,
/// `people` and `votes` (lists of strings). Terminal-safe as `--json`.
pub struct JsonlExport<W: Write> {
    out: W,
}

impl<W: Write> JsonlExport<W> {
    /// Writes to `out`.
    pub fn new(out: W) -> Self {
        JsonlExport { out }
    }

    /// Flushes and returns the writer.
    pub fn finish(mut self) -> std::io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

impl<W: Write> ExportSink for JsonlExport<W> {
    fn start(&mut self, header: &ExportHeader) -> std::io::Result<()> {
        #[derive(Serialize)]
        struct Wire<'a> {
            export: &'a ExportHeader,
        }
        let line = to_string_line(&Wire { export: header }).map_err(std::io::Error::other)?;
        writeln!(self.out, "{line}")
    }

    fn row(&mut self, row: &ExportRow) -> std::io::Result<()> {
        #[derive(Serialize)]
        struct Wire<'a> {
            id: &'a str,
            url: Option<&'a str>,
            source: &'a str,
            source_name: &'a str,
            published: Option<&'a str>,
            title: &'a str,
            snippet: String,
            snippet_field: &'a str,
            countries: &'a [String],
            people: &'a [String],
            votes: &'a [String],
        }
        let line = to_string_line(&Wire {
            id: &row.id,
            url: row.url.as_deref(),
            source: &row.source,
            source_name: &row.source_name,
            published: row.published.as_deref(),
            title: &row.title,
            snippet: row.snippet.marked("<mark>", "</mark>", escape_html),
            snippet_field: &row.snippet.field,
            countries: &row.countries,
            people: &row.people,
            votes: &row.votes,
        })
        .map_err(std::io::Error::other)?;
        writeln!(self.out, "{line}")
    }
}
