//! # HTML extraction per page
//!
//! `parse_bytes(Format::Html, …)`: decoding, html5ever parsing, metadata
//! and main-text extraction (the reader `newsdex index` runs on each page,
//! gzip aside), single-threaded. On the WCXB article pages when
//! `../shared/corpus/wcxb-articles` is present (read in place; skipped with
//! a message otherwise):
//! - `html/median page`: the page of median size, alone (the per-page
//!   median cost the issue targets);
//! - `html/wcxb sample`: every 20th page, one after another (the mean).
//!
//! - `html/median page: html5ever parse only` and `html/median page: parse +
//!   Readability`: the same page through the two crates the reader is built
//!   on (dom_query's html5ever DOM, then dom_smoothie with the reader's
//!   settings), without newsdex's own work (decoding, metadata, captions,
//!   paragraphs): the floor of any reader on these crates, side by side
//!   with the whole reader.
//!
//! Always: `html/invented page`, a small made-up article page.
//!
//! ```sh
//! cargo bench --bench html
//! ```

use std::hint::black_box;
use std::io::Read;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsdex::core::ingest::{parse_bytes, Format};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// Every WCXB page, decompressed, in name order; `None` when absent.
fn wcxb_pages() -> Option<Vec<Vec<u8>>> {
    let dir = root().join(newsdex_testkit::WCXB_DIR).join("html");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    names.sort();
    let pages: Vec<Vec<u8>> = names
        .iter()
        .filter_map(|path| {
            let file = std::fs::File::open(path).ok()?;
            let mut bytes = Vec::new();
            flate2::read::MultiGzDecoder::new(file)
                .read_to_end(&mut bytes)
                .ok()?;
            Some(bytes)
        })
        .collect();
    (!pages.is_empty()).then_some(pages)
}

fn invented_page() -> Vec<u8> {
    let story = "<p>The harbour council voted on Tuesday to rebuild the old pier after the winter \
                 storms, and the fishermen who use it said the work could not wait another season.</p>";
    format!(
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>Pier to be rebuilt | Coast Post</title>\
         <meta property=\"article:published_time\" content=\"2024-05-02T08:00:00Z\"></head><body>\
         <nav><a href=/>Home</a><a href=/news>News</a></nav><article><h1>Pier to be rebuilt</h1>{}</article>\
         <aside><a href=/x>Related story</a></aside><footer>All rights reserved.</footer></body></html>",
        story.repeat(12)
    )
    .into_bytes()
}

fn extract(page: &[u8]) {
    let _ = black_box(parse_bytes(Format::Html, page, Path::new("page.html")));
}

fn html(c: &mut Criterion) {
    let mut group = c.benchmark_group("html");
    let invented = invented_page();
    group.throughput(Throughput::Bytes(invented.len() as u64));
    group.bench_function("invented page", |b| b.iter(|| extract(&invented)));
    match wcxb_pages() {
        Some(mut pages) => {
            let sample: Vec<Vec<u8>> = pages.iter().step_by(20).cloned().collect();
            let bytes: usize = sample.iter().map(Vec::len).sum();
            group.throughput(Throughput::Bytes(bytes as u64));
            group.bench_function(format!("wcxb sample ({} pages)", sample.len()), |b| {
                b.iter(|| sample.iter().for_each(|p| extract(p)))
            });
            pages.sort_by_key(Vec::len);
            let median = &pages[pages.len() / 2];
            group.throughput(Throughput::Bytes(median.len() as u64));
            group.bench_function(format!("median page ({} KiB)", median.len() / 1024), |b| {
                b.iter(|| extract(median))
            });
            let text = String::from_utf8_lossy(median);
            group.bench_function("median page: html5ever parse only", |b| {
                b.iter(|| black_box(dom_query::Document::from(text.as_ref())))
            });
            group.bench_function("median page: parse + Readability", |b| {
                b.iter(|| {
                    let doc = dom_query::Document::from(text.as_ref());
                    let config = dom_smoothie::Config {
                        text_mode: dom_smoothie::TextMode::Formatted,
                        max_elements_to_parse: 200_000, // the reader's MAX_ELEMENTS
                        ..dom_smoothie::Config::default()
                    };
                    let article = dom_smoothie::Readability::with_document(doc, None, Some(config))
                        .and_then(|mut r| r.parse());
                    black_box(article.map(|a| a.text_content.len()).unwrap_or(0))
                })
            });
        }
        None => eprintln!(
            "newsdex: SKIPPED html/wcxb: pages not found at {}",
            root().join(newsdex_testkit::WCXB_DIR).display()
        ),
    }
    group.finish();
}

criterion_group!(benches, html);
criterion_main!(benches);
