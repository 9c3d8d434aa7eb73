// # A load test for `newsdex serve`
//
// N clients (threads, each with one keep-alive connection) send searches
// with facets to a running `newsdex serve` for S seconds, then print the
// throughput, latency percentiles and errors. Localhost only: the URL must
// name 127.0.0.1, ::1 or localhost.
//
// Each answer is checked for consistency with one commit: a 200 with JSON,
// `total` equal to the sum of the `source` facet's counts (every article
// has one source), a page of `min(limit, total)` hits, and, per client and
// query, a `total` that never goes down while a concurrent `newsdex index`
// only adds articles.
//
//     cargo run --release -p newsdex-serve --example load -- \
//         --url http://127.0.0.1:7700 --clients 32 --seconds 10
//
// `--write-articles FILE N` writes N invented articles as JSON Lines
// instead (for the concurrent indexer: see scripts/serve-load.sh).
// ---

use std::collections::HashMap;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

/// Queries sent in turn (with facets, as the page asks them).
const QUERIES: &[&str] = &[
    "oil",
    "wheat OR corn",
    "\"interest rates\"",
    "trade deficit",
    "bank*",
    "dollar -yen",
    "profit",
    "gold",
    "opec",
    "coffee",
    "shares",
    "tonnes",
];

const LIMIT: usize = 10;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str| -> Option<String> {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
    };
    if let Some(file) = value("--write-articles") {
        let count: usize = args
            .iter()
            .position(|a| a == "--write-articles")
            .and_then(|i| args.get(i + 2))
            .and_then(|n| n.parse().ok())
            .unwrap_or(1000);
        write_articles(&file, count);
        return;
    }
    let url = value("--url").unwrap_or_else(|| "http://127.0.0.1:7700".into());
    let clients: usize = value("--clients")
        .and_then(|v| v.parse().ok())
        .unwrap_or(32);
    let seconds: u64 = value("--seconds")
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let local = ["http://127.0.0.1:", "http://localhost:", "http://[::1]:"];
    if !local.iter().any(|prefix| url.starts_with(prefix)) || seconds > 60 {
        eprintln!("load: only a localhost URL and at most 60 seconds");
        std::process::exit(2);
    }

    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let outcomes: Vec<Outcome> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..clients)
            .map(|client| {
                let url = url.clone();
                scope.spawn(move || run_client(&url, client, deadline))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let elapsed = started.elapsed().as_secs_f64();
    let mut latencies: Vec<Duration> = outcomes
        .iter()
        .flat_map(|o| o.latencies.iter().copied())
        .collect();
    latencies.sort_unstable();
    let errors: usize = outcomes.iter().map(|o| o.errors).sum();
    let inconsistent: usize = outcomes.iter().map(|o| o.inconsistent).sum();
    let first_problem = outcomes.iter().find_map(|o| o.first_problem.clone());
    let max_total = outcomes.iter().map(|o| o.max_total).max().unwrap_or(0);
    let ms = |q: f64| -> f64 {
        if latencies.is_empty() {
            return 0.0;
        }
        let at = ((latencies.len() as f64 - 1.0) * q).round() as usize;
        latencies[at].as_secs_f64() * 1000.0
    };
    let report = serde_json::json!({
        "clients": clients,
        "seconds": elapsed,
        "requests": latencies.len() + errors,
        "ok": latencies.len(),
        "errors": errors,
        "inconsistent": inconsistent,
        "searches_per_s": latencies.len() as f64 / elapsed,
        "p50_ms": ms(0.50),
        "p90_ms": ms(0.90),
        "p99_ms": ms(0.99),
        "max_ms": ms(1.0),
        "largest_total_seen_for_*": max_total,
    });
    println!("{report}");
    if let Some(problem) = first_problem {
        eprintln!("load: first problem: {problem}");
    }
}

#[derive(Default)]
struct Outcome {
    latencies: Vec<Duration>,
    errors: usize,
    inconsistent: usize,
    first_problem: Option<String>,
    max_total: u64,
}

fn run_client(url: &str, client: usize, deadline: Instant) -> Outcome {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into();
    let mut outcome = Outcome::default();
    let mut last_total: HashMap<usize, u64> = HashMap::new();
    let mut turn = client;
    while Instant::now() < deadline {
        // Every eighth search is `*` (every article), to see commits land.
        let which = turn % (QUERIES.len() + 1);
        turn += 1;
        let query = QUERIES.get(which).copied().unwrap_or("*");
        let target = format!("{url}/api/search?q={}&limit={LIMIT}", encode(query));
        let sent = Instant::now();
        let answer = agent.get(&target).call();
        let problem = |outcome: &mut Outcome, what: String, error: bool| {
            if error {
                outcome.errors += 1;
            } else {
                outcome.inconsistent += 1;
            }
            outcome.first_problem.get_or_insert(what);
        };
        let mut response = match answer {
            Ok(response) => response,
            Err(err) => {
                problem(&mut outcome, format!("{query}: {err}"), true);
                continue;
            }
        };
        let status = response.status().as_u16();
        let mut body = Vec::new();
        let read = response.body_mut().as_reader().read_to_end(&mut body);
        let took = sent.elapsed();
        if status != 200 || read.is_err() {
            problem(&mut outcome, format!("{query}: status {status}"), true);
            continue;
        }
        outcome.latencies.push(took);
        let Ok(json) = serde_json::from_slice::<serde_json::Value>(&body) else {
            problem(&mut outcome, format!("{query}: not JSON"), false);
            continue;
        };
        let total = json["total"].as_u64().unwrap_or(u64::MAX);
        let sources: u64 = json["facets"]["source"]
            .as_array()
            .map(|counts| counts.iter().filter_map(|c| c["count"].as_u64()).sum())
            .unwrap_or(0);
        let listed_all = json["facet_values"]["source"].as_u64()
            == json["facets"]["source"].as_array().map(|a| a.len() as u64);
        let hits = json["hits"].as_array().map_or(0, Vec::len) as u64;
        if (listed_all && sources != total) || hits != total.min(LIMIT as u64) {
            problem(
                &mut outcome,
                format!("{query}: total {total}, sources {sources}, hits {hits}"),
                false,
            );
            continue;
        }
        let last = last_total.entry(which).or_insert(0);
        if total < *last {
            problem(
                &mut outcome,
                format!("{query}: total went down from {last} to {total}"),
                false,
            );
        }
        *last = total;
        if query == "*" {
            outcome.max_total = outcome.max_total.max(total);
        }
    }
    outcome
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Invented articles (no corpus text): trade and commodity words the
/// queries above find, under a source of their own.
fn write_articles(path: &str, count: usize) {
    let words = [
        "oil", "wheat", "corn", "interest", "rates", "trade", "deficit", "bank", "dollar",
        "profit", "gold", "coffee", "shares", "tonnes", "harbour", "freight",
    ];
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("create the file"));
    for i in 0..count {
        let pick = |k: usize| words[(i * 7 + k * 5) % words.len()];
        let body = format!(
            "Invented report {i}: {} and {} moved as {} traders met. \
             The {} figures for {} were revised, and {} markets closed mixed.",
            pick(0),
            pick(1),
            pick(2),
            pick(3),
            pick(4),
            pick(5)
        );
        let line = serde_json::json!({
            "id": format!("load-{i}"),
            "source": "loadtest",
            "source_name": "Load test",
            "title": format!("Invented {} report {i}", pick(6)),
            "published": format!("2026-11-{:02}", i % 28 + 1),
            "body": body,
        });
        writeln!(out, "{line}").expect("write");
    }
    out.flush().expect("write");
}
