//! # Cleaning + extraction per article
//!
//! `newsdex_core::clean_and_extract` (cleaning, then countries, people,
//! votes and quotes) on each bundled article, and on a sample of
//! Reuters-21578 when `../shared/corpus/reuters21578` is present (skipped
//! with a message otherwise). Throughput is bytes of raw text.
//!
//! ```sh
//! cargo bench --bench extraction
//! ```

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsdex::core::clean_and_extract as process;
use newsdex::core::ingest::{parse_bytes, read_inputs, Format, IngestOptions, RawArticle};

// ---
// ## Inputs

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn bundled() -> Vec<RawArticle> {
    read_inputs(&[root().join("data")], &IngestOptions::default())
        .filter_map(Result::ok)
        .collect()
}

/// The first `n` stories of the first Reuters file, if the corpus is here.
fn reuters_sample(n: usize) -> Option<Vec<RawArticle>> {
    let path = root()
        .join(newsdex_bench::corpus::REUTERS_DIR)
        .join("reut2-000.sgm");
    let bytes = std::fs::read(&path).ok()?;
    Some(
        parse_bytes(Format::ReutersSgml, &bytes, &path)
            .into_iter()
            .filter_map(Result::ok)
            .take(n)
            .collect(),
    )
}

// ---
// ## Benchmarks

fn bench_articles(c: &mut Criterion, group_name: &str, articles: &[RawArticle]) {
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let mut group = c.benchmark_group(group_name);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function(format!("{} articles", articles.len()), |b| {
        b.iter(|| {
            for raw in articles {
                let _ = black_box(process(raw.clone()));
            }
        })
    });
    group.finish();
}

fn extraction(c: &mut Criterion) {
    // Build the shared automata before timing.
    let articles = bundled();
    if let Some(first) = articles.first() {
        let _ = process(first.clone());
    }
    bench_articles(c, "clean+extract/bundled", &articles);
    match reuters_sample(500) {
        Some(sample) if !sample.is_empty() => {
            bench_articles(c, "clean+extract/reuters", &sample);
        }
        _ => eprintln!(
            "newsdex: SKIPPED clean+extract/reuters: Reuters-21578 not found at {}",
            root().join(newsdex_bench::corpus::REUTERS_DIR).display()
        ),
    }
}

criterion_group!(benches, extraction);
criterion_main!(benches);
