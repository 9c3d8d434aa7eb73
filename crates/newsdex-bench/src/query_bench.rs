//! `newsdex bench query`: a fixed query set run in-process with warm-up,
//! p50/p99 latency per query, against newsdex and (where it can express the
//! query) SQLite FTS5 holding the same articles.
//!
//! Every newsdex query is a full [`newsdex_query::search`]: top 10 hits with
//! snippets, the total count and facet counts over all hits — what `newsdex
//! search --json` computes. Every FTS5 query fetches the top 10 by `rank`
//! (BM25) with a `snippet()` of the body, plus `count(*)` of the matches.
//!
//! The FTS5 table is filled from the articles stored in the newsdex index
//! (title, cleaned body, date), so both engines search the same texts.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use newsdex_core::schema::Facet;
use newsdex_core::stored::article as from_document;
use newsdex_core::NewsIndex;
use newsdex_query::{search, SearchCache, SearchRequest, Sort};
use rusqlite::{params, Connection};
use serde::Serialize;
use tantivy::{DocAddress, TantivyDocument};

use crate::corpus::Corpus;
use crate::engines::fts5;
use crate::error::{Error, Result};
use crate::memory::dir_size;
use crate::stats::{median, percentile};
use crate::Progress;

/// One query of the benchmark set.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct BenchQuery {
    /// Short name.
    pub name: &'static str,
    /// newsdex query text.
    pub query: &'static str,
    /// Facet filter (field, value), if any.
    pub filter: Option<(Facet, &'static str)>,
    /// Order.
    pub sort: Sort,
    /// The FTS5 `MATCH` expression, when FTS5 can express the query.
    pub fts5: Option<&'static str>,
}

/// The query set. Words are chosen for Reuters-21578 (1987 business news),
/// and every query also runs (with few or no hits) on the bundled articles.
///
/// | name | newsdex | FTS5 |
/// |---|---|---|
/// | term | `oil` | `oil` |
/// | rare term | `copra` | `copra` |
/// | two-term AND | `oil prices` | `oil prices` |
/// | phrase | `"interest rates"` | `"interest rates"` |
/// | phrase with slop | `"oil prices"~3` (in order) | `NEAR(oil prices, 3)` (any order) |
/// | prefix | `petro*` | `petro*` |
/// | fuzzy | `goverment~1` | — |
/// | facet-filtered term | `oil`, country `us` | — (no facets) |
/// | facet counts | `said` (most stories), counts of every facet | — (no facets) |
/// | date-sorted | `oil`, newest first | `oil`, `ORDER BY published DESC` |
pub const QUERY_SET: [BenchQuery; 10] = [
    BenchQuery {
        name: "term",
        query: "oil",
        filter: None,
        sort: Sort::Relevance,
        fts5: Some("oil"),
    },
    BenchQuery {
        name: "rare term",
        query: "copra",
        filter: None,
        sort: Sort::Relevance,
        fts5: Some("copra"),
    },
    BenchQuery {
        name: "two-term AND",
        query: "oil prices",
        filter: None,
        sort: Sort::Relevance,
        fts5: Some("oil prices"),
    },
    BenchQuery {
        name: "phrase",
        query: "\"interest rates\"",
        filter: None,
        sort: Sort::Relevance,
        fts5: Some("\"interest rates\""),
    },
    BenchQuery {
        name: "phrase with slop",
        query: "\"oil prices\"~3",
        filter: None,
        sort: Sort::Relevance,
        fts5: Some("NEAR(oil prices, 3)"),
    },
    BenchQuery {
        name: "prefix",
        query: "petro*",
        filter: None,
        sort: Sort::Relevance,
        fts5: Some("petro*"),
    },
    BenchQuery {
        name: "fuzzy",
        query: "goverment~1",
        filter: None,
        sort: Sort::Relevance,
        fts5: None,
    },
    BenchQuery {
        name: "facet-filtered term",
        query: "oil",
        filter: Some((Facet::Country, "us")),
        sort: Sort::Relevance,
        fts5: None,
    },
    BenchQuery {
        name: "facet counts",
        query: "said",
        filter: None,
        sort: Sort::Relevance,
        fts5: None,
    },
    BenchQuery {
        name: "date-sorted",
        query: "oil",
        filter: None,
        sort: Sort::Date,
        fts5: Some("oil"),
    },
];

impl BenchQuery {
    /// The newsdex request: top 10 with snippets and facet counts.
    pub fn request(&self) -> SearchRequest {
        let mut request = SearchRequest::new(self.query).sort(self.sort).facets(true);
        if let Some((field, value)) = self.filter {
            request = request.filter(field, value);
        }
        request
    }
}

/// Settings of a query benchmark.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct QueryBenchOptions {
    /// Untimed runs of each query first.
    pub warmup: usize,
    /// Timed runs of each query.
    pub iterations: usize,
    /// Also time `newsdex search` as a whole process with this executable
    /// (the index must be on disk).
    pub process_exe: Option<PathBuf>,
    /// Whole-process runs.
    pub process_runs: usize,
}

impl Default for QueryBenchOptions {
    fn default() -> Self {
        QueryBenchOptions {
            warmup: 20,
            iterations: 200,
            process_exe: None,
            process_runs: 20,
        }
    }
}

/// Latency figures in microseconds.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Latency {
    /// Median.
    pub p50_us: f64,
    /// 99th percentile.
    pub p99_us: f64,
}

impl Latency {
    fn of(mut samples: Vec<f64>) -> Latency {
        samples.sort_by(f64::total_cmp);
        Latency {
            p50_us: percentile(&samples, 50.0),
            p99_us: percentile(&samples, 99.0),
        }
    }
}

/// Figures for one query.
#[derive(Debug, Clone, Serialize)]
pub struct QueryFigures {
    /// The query.
    pub query: BenchQuery,
    /// newsdex's total hit count.
    pub hits: usize,
    /// newsdex latency of a one-shot [`newsdex_query::search`] (what one
    /// `newsdex search` process runs).
    pub newsdex: Latency,
    /// newsdex latency through a [`SearchCache`] kept across the runs, as a
    /// long-lived process (`newsdex serve`) holds one.
    pub newsdex_cached: Latency,
    /// FTS5's match count, when expressible.
    pub fts5_hits: Option<usize>,
    /// FTS5 latency, when expressible.
    pub fts5: Option<Latency>,
    /// FTS5 p50 ÷ newsdex p50 (target ≥ 5).
    pub speedup_vs_fts5: Option<f64>,
}

/// The report of `newsdex bench query`.
#[derive(Debug, Clone, Serialize)]
pub struct QueryBenchReport {
    /// Index directory (`null` for an index in memory).
    pub index: Option<PathBuf>,
    /// Articles in the index.
    pub articles: u64,
    /// Bytes of the index directory (`null` for an index in memory).
    pub index_bytes: Option<u64>,
    /// Bytes of the FTS5 database holding the same articles.
    pub fts5_bytes: u64,
    /// Untimed runs per query.
    pub warmup: usize,
    /// Timed runs per query.
    pub iterations: usize,
    /// Per-query figures, in [`QUERY_SET`] order.
    pub queries: Vec<QueryFigures>,
    /// Median wall time of `newsdex search --index DIR oil` as a whole
    /// process (start, open, search, print), in milliseconds.
    pub process_search_ms: Option<f64>,
}

/// Builds a newsdex index of `paths` in `dir` (for `bench query` without
/// `--index`).
pub fn build_index(paths: &[PathBuf], dir: &Path) -> Result<NewsIndex> {
    let index = NewsIndex::open_or_create(dir)?;
    index.indexer().index_paths(paths)?;
    Ok(index)
}

/// Builds a newsdex index in `dir` of `corpus` `repeat` times over, copy
/// `k` under distinct ids (for `bench query --repeat K`: an archive-sized
/// index from a small corpus, as `bench index --repeat` builds it).
pub fn build_repeated_index(corpus: &Corpus, repeat: usize, dir: &Path) -> Result<NewsIndex> {
    if repeat == 0 {
        return Err(Error::Usage("--repeat must be at least 1".into()));
    }
    let index = NewsIndex::open_or_create(dir)?;
    index
        .indexer()
        .index_stream(corpus.repeated(repeat).map(Ok))?;
    Ok(index)
}

/// Fills a new FTS5 database at `path` with every article stored in `index`.
pub fn fts5_from_index(index: &NewsIndex, path: &Path) -> Result<Connection> {
    let mut conn = fts5::create(path)?;
    let searcher = index.searcher()?;
    let tx = conn.transaction()?;
    {
        let mut insert =
            tx.prepare("INSERT INTO docs (id, title, body, published) VALUES (?1, ?2, ?3, ?4)")?;
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            for doc_id in segment.doc_ids_alive() {
                let doc: TantivyDocument = searcher.doc(DocAddress::new(ord as u32, doc_id))?;
                let article = from_document(index.schema(), &doc)?;
                insert.execute(params![
                    article.id.as_str(),
                    article.title,
                    article.body,
                    article.published.map(|d| d.to_string())
                ])?;
            }
        }
    }
    tx.commit()?;
    Ok(conn)
}

/// Runs the query set against `index` and an FTS5 copy of its articles.
pub fn run(
    index: &NewsIndex,
    options: &QueryBenchOptions,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<QueryBenchReport> {
    if options.iterations == 0 {
        return Err(Error::Usage("--iterations must be at least 1".into()));
    }
    let fts_dir = tempfile::Builder::new()
        .prefix("newsdex-bench-fts5-")
        .tempdir()
        .map_err(|e| Error::io("cannot create a temporary directory", e))?;
    progress(Progress {
        stage: "copying articles to FTS5",
        done: 0,
        total: 1,
    });
    let fts_path = fts_dir.path().join("fts5.db");
    let conn = fts5_from_index(index, &fts_path)?;
    let fts5_bytes = dir_size(fts_dir.path());
    let total = QUERY_SET.len() as u64;
    let mut queries = Vec::new();
    for (i, query) in QUERY_SET.iter().enumerate() {
        progress(Progress {
            stage: "queries",
            done: i as u64,
            total,
        });
        let request = query.request();
        let mut hits = 0;
        for _ in 0..options.warmup {
            hits = search(index, &request)?.total;
        }
        let mut samples = Vec::with_capacity(options.iterations);
        for _ in 0..options.iterations {
            let started = Instant::now();
            let results = search(index, &request)?;
            samples.push(micros(started.elapsed()));
            hits = results.total;
        }
        let newsdex = Latency::of(samples);
        let cache = SearchCache::default();
        for _ in 0..options.warmup {
            cache.search(index, &request)?;
        }
        let mut samples = Vec::with_capacity(options.iterations);
        for _ in 0..options.iterations {
            let started = Instant::now();
            let results = cache.search(index, &request)?;
            samples.push(micros(started.elapsed()));
            if results.total != hits {
                return Err(Error::Inconsistent(format!(
                    "query {}: {} hits through the cache, {hits} without",
                    query.name, results.total
                )));
            }
        }
        let newsdex_cached = Latency::of(samples);
        let (fts5_hits, fts5) = match query.fts5 {
            Some(expr) => {
                let (count, latency) = time_fts5(&conn, expr, query.sort, options)?;
                (Some(count), Some(latency))
            }
            None => (None, None),
        };
        let speedup_vs_fts5 = fts5.map(|l| {
            if newsdex.p50_us > 0.0 {
                l.p50_us / newsdex.p50_us
            } else {
                0.0
            }
        });
        queries.push(QueryFigures {
            query: *query,
            hits,
            newsdex,
            newsdex_cached,
            fts5_hits,
            fts5,
            speedup_vs_fts5,
        });
    }
    progress(Progress {
        stage: "queries",
        done: total,
        total,
    });
    let process_search_ms = match (&options.process_exe, index.path()) {
        (Some(exe), Some(dir)) => Some(time_process(exe, dir, options.process_runs)?),
        _ => None,
    };
    Ok(QueryBenchReport {
        index: index.path().map(Path::to_path_buf),
        articles: index.num_articles()?,
        index_bytes: index.path().map(dir_size),
        fts5_bytes,
        warmup: options.warmup,
        iterations: options.iterations,
        queries,
        process_search_ms,
    })
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// Times one FTS5 query: top 10 with a snippet, plus the match count.
fn time_fts5(
    conn: &Connection,
    expr: &str,
    sort: Sort,
    options: &QueryBenchOptions,
) -> Result<(usize, Latency)> {
    let order = match sort {
        Sort::Relevance => "rank",
        Sort::Date => "published DESC",
    };
    let top_sql = format!(
        "SELECT id, title, snippet(docs, 2, '<mark>', '</mark>', '…', 32) \
         FROM docs WHERE docs MATCH ?1 ORDER BY {order} LIMIT 10"
    );
    let count_sql = "SELECT count(*) FROM docs WHERE docs MATCH ?1";
    let once = || -> Result<usize> {
        let mut top = conn.prepare_cached(&top_sql)?;
        let rows = top.query_map([expr], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
            ))
        })?;
        let mut shown = 0;
        for row in rows {
            row?;
            shown += 1;
        }
        let mut count = conn.prepare_cached(count_sql)?;
        let total: i64 = count.query_row([expr], |row| row.get(0))?;
        Ok(usize::try_from(total).unwrap_or(shown))
    };
    let mut hits = 0;
    for _ in 0..options.warmup {
        hits = once()?;
    }
    let mut samples = Vec::with_capacity(options.iterations);
    for _ in 0..options.iterations {
        let started = Instant::now();
        hits = once()?;
        samples.push(micros(started.elapsed()));
    }
    Ok((hits, Latency::of(samples)))
}

/// Median wall time of `exe search --index dir oil --json`, in ms.
fn time_process(exe: &Path, dir: &Path, runs: usize) -> Result<f64> {
    let mut samples = Vec::new();
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let status = Command::new(exe)
            .args(["search", "--index"])
            .arg(dir)
            .args(["oil", "--json", "--quiet"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| Error::io(format!("cannot run {}", exe.display()), e))?;
        samples.push(started.elapsed().as_secs_f64() * 1e3);
        if !status.success() {
            return Err(Error::Usage(format!(
                "`{} search --index {} oil` failed ({status})",
                exe.display(),
                dir.display()
            )));
        }
    }
    Ok(median(&samples))
}

impl fmt::Display for QueryBenchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} articles; {} warm-up + {} timed runs per query; latencies in µs (top 10 + snippets + facet counts)",
            self.articles, self.warmup, self.iterations
        )?;
        let mib = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
        if let Some(bytes) = self.index_bytes {
            write!(f, "index {:.1} MiB, ", mib(bytes))?;
        }
        writeln!(f, "FTS5 database {:.1} MiB", mib(self.fts5_bytes))?;
        writeln!(f)?;
        writeln!(
            f,
            "{:<20} {:<18} {:>7} {:>9} {:>9} {:>10} {:>10} {:>7} {:>9} {:>9} {:>8}",
            "query",
            "text",
            "hits",
            "p50",
            "p99",
            "cached p50",
            "cached p99",
            "fts hits",
            "fts p50",
            "fts p99",
            "speedup"
        )?;
        for q in &self.queries {
            let opt = |v: Option<f64>, prec: usize| {
                v.map_or_else(|| "—".to_string(), |v| format!("{v:.prec$}"))
            };
            writeln!(
                f,
                "{:<20} {:<18} {:>7} {:>9.0} {:>9.0} {:>10.0} {:>10.0} {:>7} {:>9} {:>9} {:>8}",
                q.query.name,
                q.query.query,
                q.hits,
                q.newsdex.p50_us,
                q.newsdex.p99_us,
                q.newsdex_cached.p50_us,
                q.newsdex_cached.p99_us,
                q.fts5_hits
                    .map_or_else(|| "—".to_string(), |h| h.to_string()),
                opt(q.fts5.map(|l| l.p50_us), 0),
                opt(q.fts5.map(|l| l.p99_us), 0),
                q.speedup_vs_fts5
                    .map_or_else(|| "—".to_string(), |s| format!("{s:.1}×")),
            )?;
        }
        if let Some(ms) = self.process_search_ms {
            write!(
                f,
                "\n`newsdex search` as a whole process: {ms:.1} ms median"
            )?;
        }
        Ok(())
    }
}
