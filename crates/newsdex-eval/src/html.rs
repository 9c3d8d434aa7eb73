//! `newsdex eval html`: web-page extraction scored against a WCXB-format
//! folder (`html/NAME.html.gz` pages, `ground-truth/NAME.json` gold with
//! `ground_truth.{main_content,title,author,publish_date}`).
//!
//! Each page goes through the path indexing uses: [`ingest::read_inputs`]
//! (the HTML reader) then [`newsdex_core::clean`]. The body is scored as
//! the benchmark scores it: word-level precision, recall and F1 against
//! `main_content`, per page, averaged over pages. Words are the
//! whitespace-separated tokens of each side, lowercased, with leading and
//! trailing non-alphanumeric characters stripped (a token of punctuation
//! alone is dropped), compared as multisets. A page that fails to read or
//! clean is counted as failed and scored as an empty article: body 0 where
//! the gold has text and 1 where its gold is empty too, and a miss for each
//! title, date or author its gold gives.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Instant;

use newsdex_core::ingest::{self, IngestOptions};
use newsdex_core::{Error, Result};
use serde::Serialize;

use crate::places::Prf;

/// Figures of one `eval html` run.
#[derive(Debug, Clone, Serialize)]
pub struct HtmlReport {
    /// Pages scored (those with a gold file).
    pub pages: usize,
    /// Pages that could not be read or cleaned (scored 0).
    pub failed: usize,
    /// Body words against `main_content`, averaged per page.
    pub body: Prf,
    /// Exact title matches / pages whose gold has a title, whitespace
    /// collapsed and typographic quotes folded to ASCII (`’` = `'`), as the
    /// gold writes the same title either way.
    pub title: Accuracy,
    /// Exact title matches with whitespace collapsed only.
    pub title_strict: Accuracy,
    /// Same publication day / pages whose gold has a date.
    pub date: Accuracy,
    /// Same set of author names (case-insensitive) / pages whose gold has an author.
    pub author: Accuracy,
    /// Median milliseconds per page for reading, extracting and cleaning,
    /// in this build (a debug build is many times slower).
    pub median_ms: f64,
    /// The failures, by page and why.
    pub failures: Vec<String>,
    /// Every title, date and author miss, by page.
    pub misses: Vec<Miss>,
}

/// One page's title, date or author that differs from its gold.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    /// The page's name (`0042` for `html/0042.html.gz`).
    pub page: String,
    /// `title`, `date` or `author`.
    pub field: &'static str,
    /// What newsdex read (empty when it read none, or the page failed).
    pub ours: String,
    /// What the gold gives.
    pub gold: String,
}

/// Hits among the pages the gold gives a value for.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Accuracy {
    /// Pages where ours matches the gold.
    pub correct: usize,
    /// Pages whose gold has the field.
    pub total: usize,
    /// `correct / total` (0 when `total` is 0).
    pub accuracy: f64,
}

impl Accuracy {
    fn add(&mut self, hit: bool) {
        self.total += 1;
        self.correct += usize::from(hit);
    }

    fn finish(mut self) -> Self {
        self.accuracy = if self.total == 0 {
            0.0
        } else {
            self.correct as f64 / self.total as f64
        };
        self
    }
}

/// Scores the HTML reader on the WCXB-format folder `dir`.
///
/// # Errors
/// [`Error::MissingInput`] when `dir/html` does not exist, an I/O error
/// when it cannot be listed.
pub fn evaluate_html(dir: &Path) -> Result<HtmlReport> {
    let html_dir = dir.join("html");
    ingest::check_inputs(std::slice::from_ref(&html_dir))?;
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&html_dir)
        .map_err(|e| Error::io(format!("listing {}", html_dir.display()), e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| ingest::Format::of(p) == Some(ingest::Format::Html))
        .collect();
    pages.sort();
    let options = IngestOptions::default();
    let (mut p, mut r, mut f) = (0.0, 0.0, 0.0);
    let mut title = Accuracy::default();
    let mut title_strict = Accuracy::default();
    let mut date = Accuracy::default();
    let mut author = Accuracy::default();
    let mut times = Vec::new();
    let mut failures = Vec::new();
    let mut misses = Vec::new();
    let mut scored = 0;
    for page in &pages {
        let name = page
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = name.split('.').next().unwrap_or_default().to_string();
        let Some(gold) = read_gold(&dir.join("ground-truth").join(format!("{stem}.json"))) else {
            continue;
        };
        scored += 1;
        let start = Instant::now();
        let article = ingest::read_inputs(std::slice::from_ref(page), &options)
            .next()
            .map(|raw| raw.and_then(newsdex_core::clean));
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        // A page that fails is scored as an empty article: a miss where the
        // gold has text, title, date or author, and right where it has none.
        let article = match article {
            Some(Ok(article)) => Some(article),
            Some(Err(err)) => {
                failures.push(err.to_string());
                None
            }
            None => {
                failures.push(format!("{}: nothing read", page.display()));
                None
            }
        };
        let body = article.as_ref().map_or("", |a| a.body.as_str());
        let scores = word_prf(body, &gold.main_content);
        p += scores.0;
        r += scores.1;
        f += scores.2;
        let mut miss = |field, tally: &mut Accuracy, hit: bool, ours: &str, gold: &str| {
            if !hit {
                misses.push(Miss {
                    page: stem.clone(),
                    field,
                    ours: ours.to_string(),
                    gold: gold.to_string(),
                });
            }
            tally.add(hit);
        };
        if let Some(gold_title) = gold.title.as_deref().map(squash).filter(|t| !t.is_empty()) {
            let ours = article
                .as_ref()
                .map(|a| squash(&a.title))
                .unwrap_or_default();
            title_strict.add(ours == gold_title);
            let hit = fold_quotes(&ours) == fold_quotes(&gold_title);
            miss("title", &mut title, hit, &ours, &gold_title);
        }
        if let Some(gold_date) = gold.publish_date.as_deref().and_then(|d| d.get(..10)) {
            let ours = article
                .as_ref()
                .and_then(|a| a.published)
                .map(|d| d.to_string())
                .unwrap_or_default();
            miss("date", &mut date, ours == gold_date, &ours, gold_date);
        }
        if let Some(gold_author) = gold.author.as_deref().filter(|a| !a.trim().is_empty()) {
            let ours = article
                .as_ref()
                .map(|a| a.authors.join(", "))
                .unwrap_or_default();
            miss(
                "author",
                &mut author,
                names(gold_author) == names(&ours),
                &ours,
                gold_author,
            );
        }
    }
    let n = scored.max(1) as f64;
    times.sort_by(f64::total_cmp);
    Ok(HtmlReport {
        pages: scored,
        failed: failures.len(),
        body: Prf {
            precision: p / n,
            recall: r / n,
            f1: f / n,
        },
        title: title.finish(),
        title_strict: title_strict.finish(),
        date: date.finish(),
        author: author.finish(),
        median_ms: times.get(times.len() / 2).copied().unwrap_or(0.0),
        failures,
        misses,
    })
}

#[derive(serde::Deserialize)]
struct GoldFile {
    ground_truth: Gold,
}

#[derive(serde::Deserialize)]
struct Gold {
    #[serde(default)]
    main_content: String,
    title: Option<String>,
    author: Option<String>,
    publish_date: Option<String>,
}

fn read_gold(path: &Path) -> Option<Gold> {
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str::<GoldFile>(&text)
        .ok()
        .map(|g| g.ground_truth)
}

/// The benchmark's words of `text`: whitespace tokens, lowercased, outer
/// punctuation stripped, empty ones dropped, counted.
pub fn words(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for token in text.split_whitespace() {
        let word = token
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if !word.is_empty() {
            *counts.entry(word).or_insert(0) += 1;
        }
    }
    counts
}

/// Word-level (precision, recall, F1) of `ours` against `gold` (1, 1, 1
/// when both are empty).
pub fn word_prf(ours: &str, gold: &str) -> (f64, f64, f64) {
    let ours = words(ours);
    let gold = words(gold);
    let n_ours: usize = ours.values().sum();
    let n_gold: usize = gold.values().sum();
    if n_ours == 0 && n_gold == 0 {
        return (1.0, 1.0, 1.0);
    }
    let common: usize = ours
        .iter()
        .map(|(w, c)| (*c).min(gold.get(w).copied().unwrap_or(0)))
        .sum();
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let (p, r) = (ratio(common, n_ours), ratio(common, n_gold));
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` with typographic single and double quotes as ASCII ones.
fn fold_quotes(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
            c => c,
        })
        .collect()
}

/// Author names of a byline list (`A, B and C`), lowercased, sorted.
fn names(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .replace(" and ", ",")
        .replace(['&', ';'], ",")
        .split(',')
        .map(|n| squash(n).to_lowercase())
        .filter(|n| !n.is_empty())
        .collect();
    out.sort();
    out.dedup();
    out
}

impl fmt::Display for HtmlReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "WCXB pages: {} ({} failed)", self.pages, self.failed)?;
        writeln!(
            f,
            "body words (per page, averaged): P {:.3}  R {:.3}  F1 {:.3}",
            self.body.precision, self.body.recall, self.body.f1
        )?;
        for (name, a) in [
            ("title", self.title),
            ("title¹", self.title_strict),
            ("date", self.date),
            ("author", self.author),
        ] {
            writeln!(
                f,
                "{name:<7} exact: {:.3} ({}/{} pages with gold)",
                a.accuracy, a.correct, a.total
            )?;
        }
        writeln!(f, "¹ title without folding typographic quotes (’ ≠ ')")?;
        writeln!(
            f,
            "median per page: {:.2} ms (read, extract, clean)",
            self.median_ms
        )?;
        for failure in self.failures.iter().take(20) {
            writeln!(f, "failed: {failure}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercased_tokens_without_outer_punctuation() {
        let counts = words("The cat, the CAT! — \"dog's\" 3.5%");
        assert_eq!(counts["the"], 2);
        assert_eq!(counts["cat"], 2);
        assert_eq!(counts["dog's"], 1);
        assert_eq!(counts["3.5"], 1);
        assert!(!counts.contains_key("—"));
    }

    #[test]
    fn prf_counts_repeated_words_once_each() {
        let (p, r, f) = word_prf("a a b", "a b c d");
        assert!((p - 2.0 / 3.0).abs() < 1e-9);
        assert!((r - 0.5).abs() < 1e-9);
        assert!((f - 2.0 * p * r / (p + r)).abs() < 1e-9);
        assert_eq!(word_prf("", ""), (1.0, 1.0, 1.0));
        assert_eq!(word_prf("x", ""), (0.0, 0.0, 0.0));
    }

    #[test]
    fn author_lists_compare_as_sets_of_names() {
        assert_eq!(names("Ana Lima and Bo Chen"), names("bo chen, Ana  Lima"));
        assert_ne!(names("Ana Lima"), names("Ana Lima, Bo Chen"));
    }

    /// An empty WCXB-format folder (`html/`, `ground-truth/`) and a story
    /// body for its invented pages.
    fn wcxb_folder() -> (tempfile::TempDir, &'static str) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("html")).unwrap();
        std::fs::create_dir_all(dir.path().join("ground-truth")).unwrap();
        let body = "The harbour council voted on Tuesday to rebuild the old pier after storms damaged it last winter. \
                    Fishermen said the repairs could not wait another season, and the mayor agreed to fund them.";
        (dir, body)
    }

    /// A WCXB-format folder of invented pages scores through the indexing path.
    #[test]
    fn scores_an_invented_folder() {
        let (dir, body) = wcxb_folder();
        let page = format!(
            "<html lang=en><head><title>Pier vote | Coast Post</title>\
             <meta property=\"article:published_time\" content=\"2024-05-02T08:00:00Z\">\
             <meta name=author content=\"Ana Lima\"></head><body><nav>Home News Sport</nav>\
             <article><h1>Pier vote</h1><p>{body}</p><p>{body}</p></article></body></html>"
        );
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, page.as_bytes()).unwrap();
        std::fs::write(dir.path().join("html/0001.html.gz"), gz.finish().unwrap()).unwrap();
        let gold = serde_json::json!({"ground_truth": {"title": "Pier vote", "author": "Ana Lima",
            "publish_date": "2024-05-02", "main_content": format!("{body}\n\n{body}")}});
        std::fs::write(dir.path().join("ground-truth/0001.json"), gold.to_string()).unwrap();
        std::fs::write(
            dir.path().join("html/0002.html.gz"),
            b"\x1f\x8b\x08\x00broken",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("ground-truth/0002.json"),
            r#"{"ground_truth": {"main_content": "x"}}"#,
        )
        .unwrap();
        // A page with no article text whose gold has none either: right about
        // the body, wrong about the title its gold gives.
        std::fs::write(
            dir.path().join("html/0003.html"),
            "<html><head><title>Index</title></head><body><nav>Home</nav></body></html>",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("ground-truth/0003.json"),
            r#"{"ground_truth": {"main_content": "", "title": "Index of pages"}}"#,
        )
        .unwrap();
        let report = evaluate_html(dir.path()).unwrap();
        assert_eq!(report.pages, 3);
        assert_eq!(report.failed, 2);
        assert!(
            report.failures[0].contains("0002.html.gz"),
            "{:?}",
            report.failures
        );
        // A perfect page, a failed one with gold text, and a failed one
        // without: (1 + 0 + 1) / 3.
        assert!((report.body.f1 - 2.0 / 3.0).abs() < 1e-9, "{report}");
        assert_eq!((report.title.correct, report.title.total), (1, 2));
        assert_eq!((report.date.correct, report.date.total), (1, 1));
        assert_eq!((report.author.correct, report.author.total), (1, 1));
    }

    /// Titles compare with typographic quotes folded (`title`) and as
    /// written (`title_strict`); every miss is listed with both sides.
    #[test]
    fn titles_fold_typographic_quotes_and_misses_are_listed() {
        let (dir, body) = wcxb_folder();
        for (name, h1, gold) in [
            (
                "0001",
                "Mayor\u{2019}s \u{201C}new\u{201D} pier",
                "Mayor's \"new\" pier",
            ),
            ("0002", "Mayor backs the pier", "Mayor backs pier"),
        ] {
            let page = format!(
                "<html lang=en><head><title>x</title></head><body>\
                 <article><h1>{h1}</h1><p>{body}</p><p>{body}</p></article></body></html>"
            );
            std::fs::write(dir.path().join(format!("html/{name}.html")), page).unwrap();
            let gold = serde_json::json!({"ground_truth": {"title": gold, "main_content": body}});
            std::fs::write(
                dir.path().join(format!("ground-truth/{name}.json")),
                gold.to_string(),
            )
            .unwrap();
        }
        let report = evaluate_html(dir.path()).unwrap();
        assert_eq!(
            (report.title.correct, report.title.total),
            (1, 2),
            "{report}"
        );
        assert_eq!(
            (report.title_strict.correct, report.title_strict.total),
            (0, 2)
        );
        assert_eq!(report.misses.len(), 1, "{:?}", report.misses);
        let miss = &report.misses[0];
        assert_eq!((miss.page.as_str(), miss.field), ("0002", "title"));
        assert_eq!(
            (miss.ours.as_str(), miss.gold.as_str()),
            ("Mayor backs the pier", "Mayor backs pier")
        );
    }
}
