//! `newsdex bench scaling`: the index benchmark at growing corpus sizes
//! (`--repeat` 1, 4, 16 by default), with throughput and peak memory drawn
//! against corpus size as an SVG chart (plotters, SVG backend only), and a
//! threads series: tantivy threads = newsdex workers = 1, 2, 4 … up to the
//! core count, at 1× and 16× by default.

use std::path::Path;

use plotters::prelude::*;
use serde::Serialize;

use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::index_bench::{self, IndexBenchOptions, IndexBenchReport};
use crate::Progress;

/// Default corpus sizes, in copies of the corpus.
pub const DEFAULT_REPEATS: [usize; 3] = [1, 4, 16];

/// The figures at one corpus size (medians over the runs).
#[derive(Debug, Clone, Serialize)]
pub struct ScalingPoint {
    /// Copies of the corpus.
    pub repeat: usize,
    /// Articles indexed.
    pub articles: u64,
    /// MB of article text indexed.
    pub text_mb: f64,
    /// MB/s: newsdex, raw-tantivy, FTS5.
    pub mb_per_s: [f64; 3],
    /// Peak resident MiB while each engine ran (the in-memory corpus
    /// included): newsdex, raw-tantivy, FTS5.
    pub peak_mib: [f64; 3],
    /// Peak minus resident memory at the engine's start (what indexing
    /// added), in MiB: newsdex, raw-tantivy, FTS5.
    pub added_mib: [f64; 3],
}

/// One point of the threads series (medians over the runs).
#[derive(Debug, Clone, Serialize)]
pub struct ThreadsPoint {
    /// Copies of the corpus.
    pub repeat: usize,
    /// tantivy indexing threads, and as many newsdex workers.
    pub threads: usize,
    /// Writer heap, in MiB (raised to 16 MiB per thread where needed).
    pub heap_mib: f64,
    /// MB/s of text: newsdex, raw-tantivy, FTS5 (one thread whatever the
    /// setting).
    pub mb_per_s: [f64; 3],
    /// newsdex ÷ raw tantivy, throughput.
    pub newsdex_vs_raw_tantivy: f64,
    /// newsdex ÷ FTS5, throughput.
    pub newsdex_vs_fts5: f64,
    /// newsdex MB/s ÷ newsdex MB/s with one thread at the same size.
    pub newsdex_speedup: f64,
    /// Cores kept busy ((user + system) ÷ wall): newsdex, raw-tantivy.
    pub cores_busy: [f64; 2],
    /// Cleaning + extraction time per article, summed over the workers, in
    /// microseconds (waiting for a core included).
    pub clean_extract_us_per_article: f64,
    /// Cleaning + extraction CPU time per article, summed over the workers,
    /// in microseconds: what the work itself costs, which shared state
    /// would make grow with the thread count.
    pub clean_extract_cpu_us_per_article: f64,
}

/// The thread counts of the series: powers of two up to `max`, and `max`.
pub fn thread_counts(max: usize) -> Vec<usize> {
    let max = max.max(1);
    let mut counts: Vec<usize> = std::iter::successors(Some(1usize), |&n| n.checked_mul(2))
        .take_while(|&n| n < max)
        .collect();
    counts.push(max);
    counts
}

/// The report of `newsdex bench scaling`.
#[derive(Debug, Clone, Serialize)]
pub struct ScalingReport {
    /// tantivy writer heap, in MiB.
    pub heap_mib: f64,
    /// One point per corpus size.
    pub points: Vec<ScalingPoint>,
    /// The threads series: one point per corpus size and thread count.
    pub threads: Vec<ThreadsPoint>,
    /// newsdex MB/s at the largest size ÷ at the smallest (target ≥ 0.9).
    pub newsdex_throughput_largest_vs_smallest: f64,
    /// The full index benchmark reports, one per size.
    pub reports: Vec<IndexBenchReport>,
}

/// Runs the index benchmark once per size in `repeats`, then once per
/// size in `thread_repeats` (none: no threads series) and thread count in
/// [`thread_counts`]`(max_threads)`.
pub fn run(
    corpus: &Corpus,
    repeats: &[usize],
    thread_repeats: &[usize],
    max_threads: usize,
    options: &IndexBenchOptions,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<ScalingReport> {
    if repeats.is_empty() {
        return Err(Error::Usage("give at least one corpus size".into()));
    }
    let mut reports = Vec::new();
    for &repeat in repeats {
        let mut options = options.clone();
        options.repeat = repeat;
        reports.push(index_bench::run(corpus, &options, progress)?);
    }
    let mut threads = Vec::new();
    for &repeat in thread_repeats.iter().filter(|&&r| r > 0) {
        let mut one_thread = 0.0;
        for count in thread_counts(max_threads) {
            let mut options = options.clone();
            options.repeat = repeat;
            options.threads = count;
            options.workers = count;
            options.heap_bytes = options.heap_bytes.max(count * 16 * 1024 * 1024);
            let report = index_bench::run(corpus, &options, progress)?;
            let m = &report.median;
            if count == 1 {
                one_thread = m.newsdex.mb_per_s;
            }
            threads.push(ThreadsPoint {
                repeat,
                threads: count,
                heap_mib: options.heap_bytes as f64 / 1048576.0,
                mb_per_s: [&m.newsdex, &m.raw_tantivy, &m.fts5].map(|e| e.mb_per_s),
                newsdex_vs_raw_tantivy: m.ratios.newsdex_vs_raw_tantivy,
                newsdex_vs_fts5: m.ratios.newsdex_vs_fts5,
                newsdex_speedup: if one_thread > 0.0 {
                    m.newsdex.mb_per_s / one_thread
                } else {
                    0.0
                },
                cores_busy: [&m.newsdex, &m.raw_tantivy].map(|e| e.cores_busy.unwrap_or(0.0)),
                clean_extract_us_per_article: m.newsdex.clean_extract_s.unwrap_or(0.0) * 1e6
                    / m.newsdex.docs.max(1) as f64,
                clean_extract_cpu_us_per_article: m.newsdex.clean_extract_cpu_s.unwrap_or(0.0)
                    * 1e6
                    / m.newsdex.docs.max(1) as f64,
            });
        }
    }
    let mib = |b: Option<u64>| b.unwrap_or(0) as f64 / 1048576.0;
    let points: Vec<ScalingPoint> = reports
        .iter()
        .map(|r| {
            let m = &r.median;
            let engines = [&m.newsdex, &m.raw_tantivy, &m.fts5];
            ScalingPoint {
                repeat: r.settings.repeat,
                articles: m.newsdex.docs,
                text_mb: r.corpus.text_bytes as f64 * r.settings.repeat as f64 / 1e6,
                mb_per_s: engines.map(|e| e.mb_per_s),
                peak_mib: engines.map(|e| mib(e.peak_rss_bytes)),
                added_mib: engines.map(|e| mib(e.peak_rss_bytes) - mib(e.start_rss_bytes)),
            }
        })
        .collect();
    let first = points.first().map_or(0.0, |p| p.mb_per_s[0]);
    let last = points.last().map_or(0.0, |p| p.mb_per_s[0]);
    Ok(ScalingReport {
        threads,
        heap_mib: options.heap_bytes as f64 / 1048576.0,
        newsdex_throughput_largest_vs_smallest: if first > 0.0 { last / first } else { 0.0 },
        points,
        reports,
    })
}

const ENGINES: [(&str, RGBColor); 3] = [
    ("newsdex", RGBColor(0x1f, 0x77, 0xb4)),
    ("raw-tantivy", RGBColor(0xff, 0x7f, 0x0e)),
    ("SQLite FTS5", RGBColor(0x2c, 0xa0, 0x2c)),
];

/// Draws throughput (left) and peak memory (right) against corpus size.
pub fn draw_svg(report: &ScalingReport, path: &Path) -> Result<()> {
    draw(report, path).map_err(|e| Error::Chart(e.to_string()))
}

fn draw(
    report: &ScalingReport,
    path: &Path,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::new(path, (960, 400)).into_drawing_area();
    root.fill(&WHITE)?;
    let (left, right) = root.split_horizontally(480);
    let sizes: Vec<f64> = report.points.iter().map(|p| p.text_mb).collect();
    let x_min = sizes
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min)
        .max(0.01)
        / 1.5;
    let x_max = sizes.iter().copied().fold(0.0, f64::max).max(x_min * 2.0) * 1.5;
    let max_of = |f: &dyn Fn(&ScalingPoint) -> [f64; 3]| {
        report.points.iter().flat_map(f).fold(0.0, f64::max)
    };
    let y_speed = max_of(&|p| p.mb_per_s) * 1.2 + 1.0;
    let y_mem = max_of(&|p| p.peak_mib).max(report.heap_mib) * 1.2 + 1.0;
    for (area, title, y_label, y_max, pick) in [
        (
            &left,
            "Indexing throughput",
            "MB of text per second",
            y_speed,
            (&|p: &ScalingPoint| p.mb_per_s) as &dyn Fn(&ScalingPoint) -> [f64; 3],
        ),
        (
            &right,
            "Peak resident memory",
            "MiB (process, corpus in memory included)",
            y_mem,
            &|p: &ScalingPoint| p.peak_mib,
        ),
    ] {
        let mut chart = ChartBuilder::on(area)
            .caption(title, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(56)
            .build_cartesian_2d((x_min..x_max).log_scale(), 0.0..y_max)?;
        chart
            .configure_mesh()
            .x_desc("corpus size, MB of text (log scale)")
            .y_desc(y_label)
            .x_label_formatter(&|x| format!("{x:.0}"))
            .draw()?;
        for (i, (name, color)) in ENGINES.iter().enumerate() {
            let series: Vec<(f64, f64)> = report
                .points
                .iter()
                .map(|p| (p.text_mb, pick(p)[i]))
                .collect();
            let color = *color;
            chart
                .draw_series(LineSeries::new(series.clone(), color.stroke_width(2)))?
                .label(*name)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], color));
            chart.draw_series(
                series
                    .into_iter()
                    .map(|(x, y)| Circle::new((x, y), 3, color.filled())),
            )?;
        }
        if title.starts_with("Peak") {
            let heap = report.heap_mib;
            chart
                .draw_series(LineSeries::new(
                    vec![(x_min, heap), (x_max, heap)],
                    BLACK.mix(0.5).stroke_width(1),
                ))?
                .label("writer heap budget")
                .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], BLACK.mix(0.5)));
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK.mix(0.3))
            .position(SeriesLabelPosition::LowerRight)
            .draw()?;
    }
    root.present()?;
    Ok(())
}

impl std::fmt::Display for ScalingReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{:>6} {:>9} {:>8} | {:>8} {:>8} {:>8} | {:>9} {:>9} {:>9} | {:>9}",
            "repeat",
            "articles",
            "text MB",
            "newsdex",
            "tantivy",
            "fts5",
            "peak nd",
            "peak tv",
            "peak fts",
            "nd added"
        )?;
        for p in &self.points {
            writeln!(
                f,
                "{:>6} {:>9} {:>8.1} | {:>8.2} {:>8.2} {:>8.2} | {:>9.0} {:>9.0} {:>9.0} | {:>9.0}",
                p.repeat,
                p.articles,
                p.text_mb,
                p.mb_per_s[0],
                p.mb_per_s[1],
                p.mb_per_s[2],
                p.peak_mib[0],
                p.peak_mib[1],
                p.peak_mib[2],
                p.added_mib[0]
            )?;
        }
        write!(
            f,
            "(MB/s of text; peak resident MiB; writer heap {:.0} MiB) newsdex throughput at the largest size ÷ smallest: {:.2}",
            self.heap_mib, self.newsdex_throughput_largest_vs_smallest
        )?;
        if self.threads.is_empty() {
            return Ok(());
        }
        writeln!(f)?;
        writeln!(f)?;
        writeln!(
            f,
            "{:>6} {:>7} | {:>8} {:>8} {:>8} | {:>7} {:>7} {:>8} | {:>8} {:>8} | {:>11} {:>8}",
            "repeat",
            "threads",
            "newsdex",
            "tantivy",
            "fts5",
            "nd/tv",
            "nd/fts5",
            "speedup",
            "cores nd",
            "cores tv",
            "µs/article",
            "µs CPU"
        )?;
        for p in &self.threads {
            writeln!(
                f,
                "{:>6} {:>7} | {:>8.2} {:>8.2} {:>8.2} | {:>7.2} {:>7.2} {:>8.2} | {:>8.2} {:>8.2} | {:>11.0} {:>8.0}",
                p.repeat,
                p.threads,
                p.mb_per_s[0],
                p.mb_per_s[1],
                p.mb_per_s[2],
                p.newsdex_vs_raw_tantivy,
                p.newsdex_vs_fts5,
                p.newsdex_speedup,
                p.cores_busy[0],
                p.cores_busy[1],
                p.clean_extract_us_per_article,
                p.clean_extract_cpu_us_per_article
            )?;
        }
        write!(
            f,
            "(threads series: tantivy threads = newsdex workers; MB/s of text; speedup over 1 thread; cores = CPU time ÷ wall; µs/article = clean+extract summed over workers, µs CPU = the part of it on a core)"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_counts_double_up_to_the_core_count() {
        assert_eq!(thread_counts(1), [1]);
        assert_eq!(thread_counts(2), [1, 2]);
        assert_eq!(thread_counts(8), [1, 2, 4, 8]);
        assert_eq!(thread_counts(12), [1, 2, 4, 8, 12]);
        assert_eq!(thread_counts(0), [1]);
    }

    #[test]
    fn the_threads_series_has_a_point_per_size_and_count() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.txt"),
            "Truce talks\n\nThe cease-fire held.",
        )
        .unwrap();
        std::fs::write(dir.path().join("b.txt"), "Grain\n\nWheat prices rose.").unwrap();
        let corpus = Corpus::load(&[dir.path().into()]).unwrap();
        let options = IndexBenchOptions::default();
        let report = run(&corpus, &[1], &[1, 2], 2, &options, &mut |_| {}).unwrap();
        let points: Vec<(usize, usize)> = report
            .threads
            .iter()
            .map(|p| (p.repeat, p.threads))
            .collect();
        assert_eq!(points, [(1, 1), (1, 2), (2, 1), (2, 2)]);
        for p in &report.threads {
            assert!(p.mb_per_s.iter().all(|&v| v > 0.0), "{p:?}");
            assert!(p.heap_mib >= 128.0);
        }
        assert!((report.threads[0].newsdex_speedup - 1.0).abs() < 1e-9);
        assert!(report.to_string().contains("threads series"));
    }
}
