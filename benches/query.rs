//! # The benchmark query set on a fixed index
//!
//! Every query of `newsdex_bench::query_bench::QUERY_SET` (term, rare term,
//! AND, phrase, slop, prefix, fuzzy, facet filter, facet counts,
//! date-sorted) as a full `newsdex_query::search` (top 10, snippets, facet
//! counts). The index holds the first two Reuters-21578 files when
//! `../shared/corpus/reuters21578` is present, else the bundled articles.
//!
//! ```sh
//! cargo bench --bench query
//! ```

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};
use newsdex::query::search;
use newsdex_bench::query_bench::{build_index, QUERY_SET};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn corpus() -> Vec<PathBuf> {
    let reuters = root().join(newsdex_bench::corpus::REUTERS_DIR);
    let files: Vec<PathBuf> = ["reut2-000.sgm", "reut2-001.sgm"]
        .iter()
        .map(|f| reuters.join(f))
        .filter(|p| p.is_file())
        .collect();
    if files.is_empty() {
        eprintln!(
            "newsdex: Reuters-21578 not found at {}; querying the bundled articles",
            reuters.display()
        );
        vec![root().join("data")]
    } else {
        files
    }
}

fn queries(c: &mut Criterion) {
    let dir = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(err) => {
            eprintln!("newsdex: SKIPPED query benches: no temp dir: {err}");
            return;
        }
    };
    let index = match build_index(&corpus(), dir.path()) {
        Ok(index) => index,
        Err(err) => {
            eprintln!("newsdex: SKIPPED query benches: {err}");
            return;
        }
    };
    let mut group = c.benchmark_group("query");
    for query in QUERY_SET {
        let request = query.request();
        group.bench_function(query.name, |b| {
            b.iter(|| black_box(search(&index, &request).map(|r| r.total)))
        });
    }
    group.finish();
}

criterion_group!(benches, queries);
criterion_main!(benches);
