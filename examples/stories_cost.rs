// # What collapsing and story clustering cost
//
// Indexes the Reuters-21578 half (REPEAT times over, distinct ids) in
// memory, then times, in this one process, each query without and with
// `--collapse` (medians of 15 runs, top 10 with snippets and facet counts),
// and `stories` over every article. At REPEAT 1 it also times indexing
// with and without near-duplicate detection (after a warm-up run, three
// pairs alternated, same input; `newsdex bench index` has the same ratio).
//
// Run: `cargo run --release --example stories_cost -- ../shared/corpus/reuters21578 [REPEAT]`
// ---

use std::path::PathBuf;
use std::time::{Duration, Instant};

use newsdex::core::ingest::{read_inputs, IngestOptions};
use newsdex::core::{ArticleId, NewsIndex};
use newsdex::query::{search, stories, SearchRequest, StoriesRequest};

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "../shared/corpus/reuters21578".into()),
    );
    let repeat: usize = args.next().map_or(Ok(1), |n| n.parse())?;
    let raw: Vec<_> = read_inputs(&[dir], &IngestOptions::default())
        .filter_map(Result::ok)
        .collect();
    let copies = || {
        (0..repeat).flat_map(|copy| {
            raw.iter().map(move |article| {
                let mut article = article.clone();
                if copy > 0 {
                    article.id = ArticleId(format!("{}-{copy}", article.id.0));
                }
                Ok(article)
            })
        })
    };
    // One run to warm up (word lists, automata), then three pairs
    // alternated, without then with; the median of the three ratios.
    let mut ratios = Vec::new();
    let mut times = (Vec::new(), Vec::new());
    let mut kept = None;
    let runs = if repeat == 1 { 7 } else { 1 };
    for run in 0..runs {
        let near_duplicates = run % 2 == 0;
        let index = NewsIndex::create_in_ram()?;
        let started = Instant::now();
        index
            .indexer()
            .near_duplicates(near_duplicates)
            .index_stream(copies())?;
        let took = started.elapsed();
        if run == 0 {
            kept = Some(index);
            continue;
        }
        if near_duplicates {
            let without: &Duration = times.0.last().ok_or("no run")?;
            ratios.push(took.as_secs_f64() / without.as_secs_f64());
            times.1.push(took);
        } else {
            times.0.push(took);
        }
    }
    let index = kept.ok_or("no index")?;
    ratios.sort_by(f64::total_cmp);
    if ratios.len() == 3 {
        println!(
        "{} articles; indexing without near-duplicates {:.2} s, with {:.2} s (medians of 3): {:.3}x (median of the 3 side-by-side ratios {:.3} {:.3} {:.3})",
        index.num_articles()?,
        median(times.0).as_secs_f64(),
        median(times.1).as_secs_f64(),
        ratios[1],
        ratios[0],
        ratios[1],
        ratios[2],
    );
    } else {
        println!("{} articles", index.num_articles()?);
    }
    for query in ["oil", "said", "oil prices", "*"] {
        let mut plain = Vec::new();
        let mut collapsed = Vec::new();
        let mut groups = 0;
        let mut total = 0;
        for _ in 0..15 {
            let request = SearchRequest::new(query);
            let started = Instant::now();
            total = search(&index, &request)?.total;
            plain.push(started.elapsed());
            let started = Instant::now();
            groups = search(&index, &request.collapse(true))?.groups.unwrap_or(0);
            collapsed.push(started.elapsed());
        }
        let (p, c) = (median(plain), median(collapsed));
        println!(
            "search {query:?}: {total} hits, {groups} groups; {:.2} ms, collapsed {:.2} ms: {:.2}x",
            p.as_secs_f64() * 1e3,
            c.as_secs_f64() * 1e3,
            c.as_secs_f64() / p.as_secs_f64()
        );
    }
    let mut times = Vec::new();
    let mut found = None;
    for _ in 0..5 {
        let started = Instant::now();
        found = Some(stories(
            &index,
            &StoriesRequest::new(SearchRequest::new("")),
        )?);
        times.push(started.elapsed());
    }
    let found = found.ok_or("no run")?;
    println!(
        "stories over {} hits: {} stories, {:.1} ms",
        found.articles,
        found.total,
        median(times).as_secs_f64() * 1e3
    );
    Ok(())
}
