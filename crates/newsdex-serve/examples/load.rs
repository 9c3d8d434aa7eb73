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
// only adds articles, and per client an `x-newsdex-generation` that never
// goes down.
//
//     cargo run --release -p newsdex-serve --example load -- \
//         --url http://127.0.0.1:7700 --clients 32 --seconds 10
//
// `--rate R` paces the clients to R searches/s in all (each sends on a
// schedule, as wrk2 and `oha -q` do) instead of sending the next search as
// soon as an answer arrives; a latency is then counted from when the search
// was due, so an answer that kept the next one waiting counts that wait
// too (no "coordinated omission").
//
// `--write-articles FILE N` writes N invented articles as JSON Lines
// instead (for the concurrent indexer: see scripts/serve-load.sh).
// `--trace FILE` also writes one CSV line per answer: when it was sent (ms
// since the start), its latency (ms), the client, and the server's
// `x-newsdex-generation` and `x-newsdex-answer` headers (to see where the
// slow answers fall).
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
    let rate: Option<f64> = value("--rate").and_then(|v| v.parse().ok());
    // Each client's time between two searches when paced.
    let every = rate
        .filter(|r| *r > 0.0)
        .map(|r| Duration::from_secs_f64(clients as f64 / r));
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
                let pace = every.map(|every| Pace {
                    every,
                    first: started + every.mul_f64(client as f64 / clients as f64),
                });
                scope.spawn(move || run_client(&url, client, started, deadline, pace))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let elapsed = started.elapsed().as_secs_f64();
    if let Some(file) = value("--trace") {
        let mut out =
            std::io::BufWriter::new(std::fs::File::create(file).expect("create the trace"));
        writeln!(out, "sent_ms,latency_ms,client,generation,answer").expect("write");
        let mut lines: Vec<&Traced> = outcomes.iter().flat_map(|o| &o.traced).collect();
        lines.sort_by(|a, b| a.sent.total_cmp(&b.sent));
        for t in lines {
            writeln!(
                out,
                "{:.3},{:.3},{},{},{}",
                t.sent, t.latency, t.client, t.generation, t.answer
            )
            .expect("write");
        }
    }
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
        "rate": rate,
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

/// One answer as `--trace` writes it.
struct Traced {
    sent: f64,
    latency: f64,
    client: usize,
    generation: String,
    answer: String,
}

/// The fields of an `/api/search` answer that are checked.
#[derive(serde::Deserialize)]
struct Answer {
    total: u64,
    hits: Vec<serde::de::IgnoredAny>,
    facets: SourceCounts,
    facet_values: SourceValues,
}

#[derive(serde::Deserialize)]
struct SourceCounts {
    #[serde(default)]
    source: Vec<Count>,
}

#[derive(serde::Deserialize)]
struct Count {
    count: u64,
}

#[derive(serde::Deserialize)]
struct SourceValues {
    source: Option<u64>,
}

#[derive(Default)]
struct Outcome {
    traced: Vec<Traced>,
    latencies: Vec<Duration>,
    errors: usize,
    inconsistent: usize,
    first_problem: Option<String>,
    max_total: u64,
}

/// When a paced client sends: at `first`, then every `every`.
#[derive(Clone, Copy)]
struct Pace {
    first: Instant,
    every: Duration,
}

fn run_client(
    url: &str,
    client: usize,
    started: Instant,
    deadline: Instant,
    pace: Option<Pace>,
) -> Outcome {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into();
    let mut outcome = Outcome::default();
    let mut last_total: HashMap<usize, u64> = HashMap::new();
    let mut last_generation = 0;
    let mut turn = client;
    let mut due = pace.map(|p| p.first);
    while Instant::now() < deadline {
        // Every eighth search is `*` (every article), to see commits land.
        let which = turn % (QUERIES.len() + 1);
        turn += 1;
        let query = QUERIES.get(which).copied().unwrap_or("*");
        let target = format!("{url}/api/search?q={}&limit={LIMIT}", encode(query));
        let sent = match (due, pace) {
            (Some(at), Some(pace)) => {
                std::thread::sleep(at.saturating_duration_since(Instant::now()));
                due = Some(at + pace.every);
                at
            }
            _ => Instant::now(),
        };
        if sent >= deadline {
            break;
        }
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
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string()
        };
        outcome.traced.push(Traced {
            sent: (sent - started).as_secs_f64() * 1000.0,
            latency: took.as_secs_f64() * 1000.0,
            client,
            generation: header("x-newsdex-generation"),
            answer: header("x-newsdex-answer"),
        });
        // Never an answer from an older commit after a newer one.
        if let Ok(generation) = header("x-newsdex-generation").parse::<u64>() {
            if generation < last_generation {
                problem(
                    &mut outcome,
                    format!("{query}: generation {generation} after {last_generation}"),
                    false,
                );
            }
            last_generation = last_generation.max(generation);
        }
        // Only the fields checked are decoded (the rest is skipped): the
        // clients share the two cores with the server.
        let Ok(json) = serde_json::from_slice::<Answer>(&body) else {
            problem(&mut outcome, format!("{query}: not JSON"), false);
            continue;
        };
        let total = json.total;
        let sources: u64 = json.facets.source.iter().map(|c| c.count).sum();
        let listed_all = json.facet_values.source == Some(json.facets.source.len() as u64);
        let hits = json.hits.len() as u64;
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
