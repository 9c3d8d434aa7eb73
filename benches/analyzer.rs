//! # The `news_en` analyzer's tokens per second
//!
//! Runs the indexing analyzer (tokenizer, spelling variants, ASCII folding,
//! Snowball stemming) over the bundled articles' text, and over a Reuters
//! sample when `../shared/corpus/reuters21578` is present. Throughput is in
//! tokens.
//!
//! ```sh
//! cargo bench --bench analyzer
//! ```

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsdex::core::analysis::news_analyzer;
use newsdex::core::ingest::{parse_bytes, read_inputs, Format, IngestOptions};
use tantivy::tokenizer::TokenStream;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn count_tokens(texts: &[String]) -> u64 {
    let mut analyzer = news_analyzer();
    let mut n = 0u64;
    for text in texts {
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            n += 1;
            black_box(&stream.token().text);
        }
    }
    n
}

fn bench_texts(c: &mut Criterion, name: &str, texts: &[String]) {
    let tokens = count_tokens(texts);
    let mut group = c.benchmark_group("analyzer");
    group.throughput(Throughput::Elements(tokens));
    group.bench_function(name, |b| b.iter(|| count_tokens(texts)));
    group.finish();
}

fn analyzer(c: &mut Criterion) {
    let bundled: Vec<String> = read_inputs(&[root().join("data")], &IngestOptions::default())
        .filter_map(Result::ok)
        .map(|a| a.text)
        .collect();
    bench_texts(c, "bundled", &bundled);
    let path = root()
        .join(newsdex_bench::corpus::REUTERS_DIR)
        .join("reut2-000.sgm");
    match std::fs::read(&path) {
        Ok(bytes) => {
            let texts: Vec<String> = parse_bytes(Format::ReutersSgml, &bytes, &path)
                .into_iter()
                .filter_map(Result::ok)
                .take(500)
                .map(|a| a.text)
                .collect();
            bench_texts(c, "reuters", &texts);
        }
        Err(_) => eprintln!(
            "newsdex: SKIPPED analyzer/reuters: {} not found",
            path.display()
        ),
    }
}

criterion_group!(benches, analyzer);
criterion_main!(benches);
