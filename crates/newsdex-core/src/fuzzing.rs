//! Entry points for coverage-guided fuzzing. The cargo-fuzz targets in
//! `fuzz/` call these, and so does the ordinary test suite, which replays the
//! saved fuzz corpus and every regression input (`fuzz/corpus/TARGET/`,
//! `fuzz/regressions/TARGET/`), so CI checks them without a nightly
//! toolchain.
//!
//! Each function reads outside input the way `newsdex index` does, then runs
//! every article it yields through cleaning, extraction and its near-duplicate
//! signature. The property is that none of them panics (libFuzzer also flags
//! inputs over 1 s or 512 MB).
//! Not part of the supported API: compiled for tests and with the `fuzzing`
//! feature only.

use std::path::Path;

use crate::ingest::{csv, feed, html, jsonl, reuters, text, warc, CsvMap, RawArticle, Sidecar};
use crate::{ArticleId, IngestError};

/// A fuzz target: bytes in, no panic out.
pub type Target = fn(&[u8]);

/// The fuzz targets of newsdex-core, by name (the folder names under
/// `fuzz/corpus/`).
pub const TARGETS: &[(&str, Target)] = &[
    ("ingest_text", ingest_text),
    ("ingest_jsonl", ingest_jsonl),
    ("ingest_sgml", ingest_sgml),
    ("ingest_sidecar", ingest_sidecar),
    ("ingest_csv", ingest_csv),
    ("ingest_feed", ingest_feed),
    ("ingest_warc", ingest_warc),
    ("ingest_html", ingest_html),
];

fn fuzz_id() -> ArticleId {
    ArticleId("fuzz".to_string())
}

fn process_all(items: Vec<Result<RawArticle, IngestError>>) {
    for raw in items.into_iter().flatten() {
        if let Ok(article) = crate::pipeline::process(raw) {
            // The near-duplicate signature reads the cleaned text as the
            // worker does.
            let _ = crate::dups::Signature::of(&article.title, &article.body);
        }
    }
}

/// Builds what every target shares and builds once per process (the
/// extractors' word lists and automata, the cleaning rules), so that the
/// first input of each fuzzing process is not charged for it: libFuzzer's
/// 1 s timeout is for one input's own work. The targets call it as their
/// `init`.
pub fn warm_up() {
    ingest_text(b"Warm-up headline\n\nThe United Nations Security Council voted 14-0-1 on Monday, \"We welcome it,\" said Jane Doe, a spokeswoman in Washington.");
}

/// One plain-text article file, cleaned and extracted.
pub fn ingest_text(data: &[u8]) {
    process_all(vec![text::parse(
        data,
        Path::new("fuzz.txt"),
        fuzz_id(),
        None,
    )]);
}

/// A JSON Lines file, every article cleaned and extracted.
pub fn ingest_jsonl(data: &[u8]) {
    process_all(jsonl::parse(data, Path::new("fuzz.jsonl")));
}

/// A Reuters-21578 SGML file, every story cleaned and extracted.
pub fn ingest_sgml(data: &[u8]) {
    process_all(reuters::parse_sgml(data, Path::new("fuzz.sgm")));
}

/// One web page file (gzipped or not), cleaned and extracted.
pub fn ingest_html(data: &[u8]) {
    process_all(vec![html::parse_file_bytes(
        data.to_vec(),
        Path::new("fuzz.html"),
        fuzz_id(),
        crate::ingest::DEFAULT_MAX_FILE_BYTES,
    )]);
}

/// An `articles.toml` sidecar, then a text article that it describes.
pub fn ingest_sidecar(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let sidecar = Sidecar::parse(&text);
    let article = b"A title\n\nA body sentence for the sidecar's article.";
    process_all(vec![text::parse(
        article,
        Path::new("fuzz.txt"),
        fuzz_id(),
        Some(&sidecar),
    )]);
}

/// A CSV file (and the same bytes as TSV), every row cleaned and
/// extracted; records are limited to 64 KiB so the limit is exercised.
pub fn ingest_csv(data: &[u8]) {
    for name in ["fuzz.csv", "fuzz.tsv"] {
        process_all(csv::parse(
            data,
            Path::new(name),
            &CsvMap::default(),
            64 * 1024,
        ));
    }
}

/// An RSS or Atom feed, every item cleaned and extracted.
pub fn ingest_feed(data: &[u8]) {
    process_all(feed::parse(data, Path::new("fuzz.rss")));
}

/// A WARC file (plain or gzipped), read page by page with records limited
/// to 64 KiB, each page read by the HTML page reader as indexing does.
pub fn ingest_warc(data: &[u8]) {
    let path = Path::new("fuzz.warc");
    let pages = warc::WarcPages::from_reader(std::io::Cursor::new(data.to_vec()), path, 64 * 1024);
    process_all(
        pages
            .map(|page| page.and_then(|page| warc::article(path, page)))
            .collect(),
    );
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    /// The `fuzz/` folder of the workspace.
    fn fuzz_dir() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
    }

    /// Every saved corpus and regression input of each core target runs
    /// through its target function without panicking.
    #[test]
    fn saved_fuzz_inputs_replay() {
        let mut replayed = 0;
        for (name, target) in super::TARGETS {
            for kind in ["corpus", "regressions"] {
                let dir = fuzz_dir().join(kind).join(name);
                let Ok(entries) = std::fs::read_dir(&dir) else {
                    continue;
                };
                for entry in entries.flatten() {
                    let data = std::fs::read(entry.path()).expect("read fuzz input");
                    target(&data);
                    replayed += 1;
                }
            }
        }
        eprintln!("replayed {replayed} saved fuzz inputs");
        assert!(
            replayed > 0,
            "no saved fuzz inputs under {}",
            fuzz_dir().display()
        );
    }
}
