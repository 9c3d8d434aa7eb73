//! `newsdex serve`: the real binary on an ephemeral port, asked over real
//! HTTP. Hits must be those of `newsdex search --json` on the same index,
//! timelines those of `newsdex timeline --json`.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

use crate::util::{data_dir, newsdex, BundledIndex};

/// A running `newsdex serve`, stopped when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub base: String,
    agent: ureq::Agent,
}

/// A response: status, content type and body.
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl Server {
    /// `newsdex serve --index INDEX` on a free localhost port.
    pub fn start(index: &str) -> Server {
        Server::start_with(index, "127.0.0.1:0").0
    }

    /// Starts the server on `addr`; returns it with what it printed on
    /// stderr before listening.
    pub fn start_with(index: &str, addr: &str) -> (Server, String) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsdex"))
            .args(["serve", "--index", index, "--addr", addr])
            .env_remove("NEWSDEX_INDEX")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start newsdex serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("read the address");
        let Some(base) = line
            .trim()
            .strip_prefix("listening on ")
            .map(|url| url.trim_end_matches('/').to_string())
        else {
            let _ = child.kill();
            let mut stderr = String::new();
            let _ = child
                .stderr
                .take()
                .map(|mut s| s.read_to_string(&mut stderr));
            panic!("newsdex serve did not start: {line:?}\n{stderr}");
        };
        // The messages printed before listening (the index, a warning).
        let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
        let mut before = String::new();
        loop {
            let mut line = String::new();
            if stderr.read_line(&mut line).unwrap_or(0) == 0 {
                break;
            }
            before.push_str(&line);
            if line.contains("Ctrl-C") {
                break;
            }
        }
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        (Server { child, base, agent }, before)
    }

    /// GET `path` (with its query string).
    pub fn get(&self, path: &str) -> Reply {
        self.get_with(path, &[])
    }

    /// GET `path` with extra request headers.
    pub fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        let mut request = self.agent.get(format!("{}{path}", self.base));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        reply(request.call().expect("GET"))
    }

    /// Waits (at most 30 s) until `/api/health` counts `articles`: a commit
    /// is served once the server has warmed it.
    pub fn wait_for_articles(&self, articles: u64) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            let health = self.get("/api/health").json();
            if health["articles"] == articles {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the server never served {articles} articles: {health}"
            );
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    /// POST `body` as JSON to `path`.
    pub fn post_json(&self, path: &str, body: &str) -> Reply {
        let response = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .send(body)
            .expect("POST");
        reply(response)
    }
}

fn reply(mut response: ureq::http::Response<ureq::Body>) -> Reply {
    let status = response.status().as_u16();
    let headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or_default().to_string()))
        .collect();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let mut bytes = Vec::new();
    response
        .body_mut()
        .as_reader()
        .read_to_end(&mut bytes)
        .expect("read the body");
    Reply {
        status,
        content_type,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Percent-encodes a query parameter value.
pub fn encode(value: &str) -> String {
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

/// The fields of a hit both outputs share (the API's snippet is structured,
/// the CLI's marked up).
fn hit_summary(hit: &Value) -> Value {
    serde_json::json!([
        hit["rank"],
        hit["id"],
        hit["source"],
        hit["source_name"],
        hit["title"],
        hit["published"],
        hit["language"],
        hit["score"],
    ])
}

#[test]
fn search_answers_the_hits_facets_and_totals_of_the_cli() {
    let bundled = BundledIndex::new();
    let server = Server::start(&bundled.index());
    for (query, params, flags) in [
        ("ceasefire", "", vec![]),
        ("ceasefire", "&source=ft", vec!["--source", "ft"]),
        (
            "Kirby OR Guyana",
            "&sort=date&limit=2",
            vec!["--sort", "date", "--limit", "2"],
        ),
        (
            "ceasefire",
            "&source=ft&source=npr&country=russia&offset=1",
            vec![
                "--source",
                "ft",
                "--source",
                "npr",
                "--country",
                "russia",
                "--offset",
                "1",
            ],
        ),
        ("", "&country=guyana", vec!["--country", "guyana"]),
        (
            "Rafa*",
            "&from=2024-03-23&to=2024-03-25",
            vec!["--from", "2024-03-23", "--to", "2024-03-25"],
        ),
    ] {
        let api = server.get(&format!("/api/search?q={}{params}", encode(query)));
        assert_eq!(api.status, 200, "{query} {params}: {}", api.body);
        assert!(api.content_type.starts_with("application/json"));
        let api = api.json();
        let cli = bundled.search(query, &flags);
        assert_eq!(cli.code, 0, "{}", cli.stderr);
        let cli = cli.json();
        assert_eq!(api["total"], cli["total"], "{query} {params}");
        let summary = |v: &Value| -> Vec<Value> {
            v["hits"]
                .as_array()
                .unwrap()
                .iter()
                .map(hit_summary)
                .collect()
        };
        assert_eq!(summary(&api), summary(&cli), "{query} {params}");
        assert_eq!(api["facets"], cli["facets"], "{query} {params}");
        assert_eq!(api["facet_values"], cli["facet_values"], "{query} {params}");
        // The snippet: the CLI's marked text, rebuilt from the API's ranges.
        for (a, c) in api["hits"]
            .as_array()
            .unwrap()
            .iter()
            .zip(cli["hits"].as_array().unwrap())
        {
            assert_eq!(marked(&a["snippet"]), c["snippet"].as_str().unwrap());
            assert_eq!(a["snippet"]["field"], c["snippet_field"]);
        }
    }
    // The same request as a JSON body: the library's SearchRequest.
    let get = server
        .get("/api/search?q=ceasefire&source=ft&sort=date")
        .json();
    let post = server.post_json(
        "/api/search",
        r#"{"query": "ceasefire", "filters": {"facets": {"source": ["ft"]}}, "sort": "date"}"#,
    );
    assert_eq!(post.status, 200, "{}", post.body);
    assert_eq!(post.json(), get);
}

/// A snippet object as the CLI's `--json` writes it: HTML-escaped, with
/// `<mark>` around each highlight.
fn marked(snippet: &Value) -> String {
    let text = snippet["text"].as_str().unwrap();
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let mut out = String::new();
    let mut at = 0;
    for range in snippet["highlights"].as_array().unwrap() {
        let (start, end) = (
            range["start"].as_u64().unwrap() as usize,
            range["end"].as_u64().unwrap() as usize,
        );
        out.push_str(&escape(&text[at..start]));
        out.push_str("<mark>");
        out.push_str(&escape(&text[start..end]));
        out.push_str("</mark>");
        at = end;
    }
    out.push_str(&escape(&text[at..]));
    out
}

/// Writes into `dir` an invented story in two copies (a wire report and a
/// paper's reprint with a credit line, near-duplicates) and one different
/// report on the same event: three `observatory` articles in two groups.
pub fn write_copies(dir: &Path) {
    let paragraphs = [
        "The observatory on Mount Caldor, in the invented province of Vesk, will close its old dome for two winters while engineers replace the telescope mount, its director said on Monday.",
        "Astronomers had warned since the spring that the mount's gears slipped on cold nights, spoiling long exposures of faint galaxies and wasting scarce observing time.",
        "The provincial science board approved a budget of twelve million marks for the repair, about a third of it from a fund for mountain research stations.",
        "Visiting schools will still be able to use the small solar telescope in the lower building, and the public lecture series will move to the town library in Brenn.",
        "Staff who run the night shifts will spend the closure at a partner observatory on the coast, where they plan to test a new camera before it comes back to Caldor.",
        "Local hoteliers said the closure would cost them winter guests, though the board promised the dome would reopen in time for the comet expected in two years.",
    ];
    let body = paragraphs.join("\n\n");
    let lines = [
        serde_json::json!({"id": "vesk-wire-1", "source": "veskwire", "published": "2025-02-03",
            "title": "Caldor observatory to shut dome for repairs", "body": body}),
        serde_json::json!({"id": "brenn-post-1", "source": "brennpost", "published": "2025-02-04",
            "title": "Observatory closure leaves hoteliers worried",
            "body": format!("{body}\n\nReporting by Ilse Marr; editing by Jon Pell.")}),
        serde_json::json!({"id": "coast-daily-1", "source": "coastdaily", "published": "2025-02-06",
            "title": "Schoolchildren still welcome at observatory",
            "body": "Teachers in Brenn said on Thursday that school trips to the Caldor observatory would go ahead at the solar telescope while the main dome is shut.\n\nThe science board said the lower building would open three days a week and that guides would explain the repair work on the mount."}),
    ];
    let text: Vec<String> = lines.iter().map(Value::to_string).collect();
    std::fs::write(dir.join("copies.jsonl"), text.join("\n") + "\n").unwrap();
}

#[test]
fn timeline_answers_the_counts_of_the_cli() {
    let bundled = BundledIndex::new();
    let server = Server::start(&bundled.index());
    for (query, params, flags) in [
        ("ceasefire", "", vec![]),
        (
            "ceasefire",
            "&source=ft&source=npr",
            vec!["--source", "ft", "--source", "npr"],
        ),
        ("Kirby OR Guyana", "&interval=week", vec!["--by", "week"]),
        (
            "",
            "&country=guyana&interval=month",
            vec!["--country", "guyana", "--by", "month"],
        ),
        (
            "ceasefire",
            "&split=source&normalize=true",
            vec!["--split", "source", "--normalize"],
        ),
        (
            "Rafa*",
            "&from=2024-03-23&to=2024-03-25&interval=year",
            vec!["--from", "2024-03-23", "--to", "2024-03-25", "--by", "year"],
        ),
        ("nosuchwordanywhere", "", vec![]),
    ] {
        let reply = server.get(&format!("/api/timeline?q={}{params}", encode(query)));
        assert_eq!(reply.status, 200, "{query} {params}: {}", reply.body);
        assert!(reply.content_type.starts_with("application/json"));
        let api = reply.json();
        let mut args = vec!["timeline", "--json", query];
        args.extend_from_slice(&flags);
        let cli = bundled.run(&args);
        assert_eq!(cli.code, 0, "{}", cli.stderr);
        // The library's Timeline, field for field.
        assert_eq!(api, cli.json(), "{query} {params}");
        // Its shape: buckets of {start, label, count} adding up to the
        // total with the undated, and the total the search's.
        let buckets = api["buckets"].as_array().unwrap();
        let sum: u64 = buckets
            .iter()
            .map(|b| {
                assert!(b["start"].is_string() && b["label"].is_string(), "{b}");
                b["count"].as_u64().unwrap()
            })
            .sum();
        assert_eq!(sum + api["undated"].as_u64().unwrap(), api["total"]);
        let without = |params: &str| -> String {
            params
                .split('&')
                .filter(|p| {
                    !["interval=", "split=", "normalize="]
                        .iter()
                        .any(|name| p.starts_with(name))
                })
                .collect::<Vec<_>>()
                .join("&")
        };
        let search = server
            .get(&format!(
                "/api/search?q={}{}",
                encode(query),
                without(params)
            ))
            .json();
        assert_eq!(api["total"], search["total"], "{query} {params}");
    }
    // On the bundled five, day by day: 3 on the 22nd, 2 on the 25th.
    let days = server.get("/api/timeline?q=ceasefire").json();
    let counts: Vec<(&str, u64)> = days["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["label"].as_str().unwrap(), b["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        counts,
        [
            ("2024-03-22", 3),
            ("2024-03-23", 0),
            ("2024-03-24", 0),
            ("2024-03-25", 2)
        ]
    );

    // A bad query: 400 with /api/search's message and position.
    for query in ["(a OR", "title:\"unclosed", "nosuchfield:x"] {
        let timeline = server.get(&format!("/api/timeline?q={}", encode(query)));
        let search = server.get(&format!("/api/search?q={}", encode(query)));
        assert_eq!(timeline.status, 400, "{query}: {}", timeline.body);
        assert_eq!(timeline.json(), search.json(), "{query}");
    }
    assert_eq!(server.get("/api/timeline?q=(a%20OR").json()["position"], 4);
    // Bad and unbounded parameters, and a search's own, are refused.
    let long = "a".repeat(newsdex_serve::MAX_QUERY_BYTES + 1);
    for (path, says) in [
        (format!("/api/timeline?q={long}"), "query too long"),
        (
            "/api/timeline?q=a&interval=hour".to_string(),
            "interval: expected day, week, month or year",
        ),
        ("/api/timeline?q=a&split=colour".to_string(), "split: "),
        (
            "/api/timeline?q=a&normalize=maybe".to_string(),
            "normalize: expected true or false",
        ),
        (
            "/api/timeline?q=a&limit=5".to_string(),
            "unknown parameter `limit`",
        ),
        ("/api/timeline?q=a&source=fx".to_string(), "unknown source"),
        ("/api/timeline?q=a&from=yesterday".to_string(), "from: "),
        ("/api/timeline".to_string(), "empty query"),
    ] {
        let reply = server.get(&path);
        assert_eq!(reply.status, 400, "{path}: {}", reply.body);
        let error = reply.json()["error"].as_str().unwrap().to_string();
        assert!(error.starts_with(says), "{path}: {error}");
    }
}

#[test]
fn collapse_answers_the_groups_of_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let copies = dir.path().join("copies");
    std::fs::create_dir(&copies).unwrap();
    write_copies(&copies);
    let index = dir.path().join("index");
    let index = index.to_str().unwrap();
    let run = newsdex(
        dir.path(),
        &[
            "index",
            "--quiet",
            "--index",
            index,
            data_dir().to_str().unwrap(),
            copies.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let server = Server::start(index);
    let cli = |query: &str, flags: &[&str]| -> Value {
        let mut args = vec!["search", "--json", "--collapse", query, "--index", index];
        args.extend_from_slice(flags);
        let run = newsdex(dir.path(), &args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.json()
    };
    for (query, params, flags) in [
        ("observatory", "", vec![]),
        (
            "observatory",
            "&limit=1&offset=1",
            vec!["--limit", "1", "--offset", "1"],
        ),
        (
            "observatory OR ceasefire",
            "&sort=date",
            vec!["--sort", "date"],
        ),
        (
            "telescope",
            "&source=brennpost",
            vec!["--source", "brennpost"],
        ),
    ] {
        let reply = server.get(&format!(
            "/api/search?q={}&collapse=true{params}",
            encode(query)
        ));
        assert_eq!(reply.status, 200, "{query} {params}: {}", reply.body);
        let api = reply.json();
        let cli = cli(query, &flags);
        for field in ["total", "groups", "counts", "facets", "facet_values"] {
            assert_eq!(api[field], cli[field], "{field}: {query} {params}");
        }
        let hits = |v: &Value| -> Vec<Value> {
            v["hits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|hit| {
                    serde_json::json!([
                        hit_summary(hit),
                        hit["copies_total"].as_u64().unwrap_or(0),
                        hit["copies"].as_array().cloned().unwrap_or_default()
                    ])
                })
                .collect()
        };
        assert_eq!(hits(&api), hits(&cli), "{query} {params}");
    }
    // What they say: two groups of three articles, which the totals count.
    let collapsed = server.get("/api/search?q=observatory&collapse=true").json();
    assert_eq!(collapsed["total"], 3);
    assert_eq!(collapsed["groups"], 2);
    assert_eq!(collapsed["counts"], "articles");
    let first = &collapsed["hits"][0];
    assert_eq!(first["id"], "vesk-wire-1");
    assert_eq!(first["copies_total"], 1);
    assert_eq!(
        first["copies"],
        serde_json::json!([{"id": "brenn-post-1", "source": "brennpost",
            "source_name": "brennpost", "published": "2025-02-04"}])
    );
    // Without collapse: every article a hit, no groups.
    let plain = server.get("/api/search?q=observatory").json();
    assert_eq!(plain["hits"].as_array().unwrap().len(), 3);
    assert!(plain["groups"].is_null() && plain["counts"].is_null());
    assert_eq!(
        server
            .get("/api/search?q=observatory&collapse=false")
            .json()["hits"],
        plain["hits"]
    );
    // The same as a JSON SearchRequest.
    let post = server.post_json(
        "/api/search",
        r#"{"query": "observatory", "collapse": true}"#,
    );
    assert_eq!(post.status, 200, "{}", post.body);
    assert_eq!(post.json(), collapsed);
    let bad = server.get("/api/search?q=observatory&collapse=maybe");
    assert_eq!(bad.status, 400);
    assert!(bad.json()["error"]
        .as_str()
        .unwrap()
        .starts_with("collapse: expected true or false"));
}

#[test]
fn errors_are_json_with_the_status_and_the_clis_message() {
    let bundled = BundledIndex::new();
    let server = Server::start(&bundled.index());

    // A bad query: 400, the CLI's first error line and its position.
    for query in [
        "(a OR",
        "title:\"unclosed",
        "nosuchfield:x",
        "published:[2024-13-01 TO *]",
    ] {
        let reply = server.get(&format!("/api/search?q={}", encode(query)));
        assert_eq!(reply.status, 400, "{query}: {}", reply.body);
        let cli = bundled.search(query, &[]);
        assert_eq!(cli.code, 2);
        let first = cli.stderr.lines().find(|l| l.contains("error:")).unwrap();
        let message = first.strip_prefix("newsdex: error: ").unwrap();
        assert_eq!(reply.json()["error"], message, "{query}");
        if let Some(at) = message
            .rsplit("at position ")
            .next()
            .and_then(|p| p.parse::<u64>().ok())
        {
            assert_eq!(reply.json()["position"], at, "{query}");
        }
    }
    let reply = server.get("/api/search?q=(a%20OR");
    assert_eq!(reply.json()["position"], 4);
    assert_eq!(reply.json()["span"], serde_json::json!([3, 5]));

    // An unknown filter value: the CLI's "did you mean".
    let reply = server.get("/api/search?q=ceasefire&source=fx");
    assert_eq!(reply.status, 400);
    assert_eq!(
        reply.json()["error"],
        "unknown source `fx`; did you mean ft?"
    );

    // Bounds and bad parameters.
    let long = "a".repeat(newsdex_serve::MAX_QUERY_BYTES + 1);
    for (path, says) in [
        (format!("/api/search?q={long}"), "query too long"),
        (
            format!("/api/search?q=a&limit={}", newsdex_serve::MAX_LIMIT + 1),
            "limit: expected a number",
        ),
        ("/api/search?q=a&sort=random".to_string(), "sort: "),
        (
            "/api/search?q=a&colour=red".to_string(),
            "unknown parameter `colour`",
        ),
        ("/api/search?q=a&from=yesterday".to_string(), "from: "),
        ("/api/search".to_string(), "empty query"),
    ] {
        let reply = server.get(&path);
        assert_eq!(reply.status, 400, "{path}: {}", reply.body);
        assert!(reply.content_type.starts_with("application/json"));
        let error = reply.json()["error"].as_str().unwrap().to_string();
        assert!(error.starts_with(says), "{path}: {error}");
    }
    let reply = server.post_json("/api/search", r#"{"query": "a", "limit": 100000}"#);
    assert_eq!(reply.status, 400);
    assert!(reply.json()["error"]
        .as_str()
        .unwrap()
        .starts_with("limit: "));
    let reply = server.post_json("/api/search", r#"{"qery": "a"}"#);
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert!(reply.json()["error"].as_str().unwrap().contains("qery"));

    // Missing things: 404 as JSON.
    for path in [
        "/api/articles/no-such-article",
        "/api/facets/colour",
        "/api/nothing",
        "/etc/passwd",
        "/../Cargo.toml",
        "/assets/app.js",
    ] {
        let reply = server.get(path);
        assert_eq!(reply.status, 404, "{path}: {}", reply.body);
        assert!(reply.json()["error"].is_string(), "{path}");
    }
    assert_eq!(
        server.get("/api/articles/no-such-article").json()["error"],
        "no article with id `no-such-article` in the index"
    );

    // A body over the limit: 413. Last, because the server answers without
    // reading the body and then closes the connection, which the client's
    // pool may still hand to the next request ("peer disconnected").
    let big = format!(
        r#"{{"query": "{}"}}"#,
        "a".repeat(newsdex_serve::MAX_BODY_BYTES)
    );
    assert_eq!(server.post_json("/api/search", &big).status, 413);
}

#[test]
fn articles_facets_stats_and_health_mirror_the_cli() {
    let bundled = BundledIndex::new();
    let server = Server::start(&bundled.index());
    let id = "004_06944581988b0e46";
    let article = server.get(&format!("/api/articles/{id}"));
    assert_eq!(article.status, 200);
    let article = article.json();
    let extract = newsdex(
        bundled.dir.path(),
        &[
            "extract",
            "--json",
            &format!("{}/{id}.txt", crate::util::data_dir().display()),
        ],
    )
    .json();
    for field in [
        "id",
        "title",
        "body",
        "source",
        "published",
        "people",
        "quotes",
        "countries",
    ] {
        assert_eq!(article[field], extract[field], "{field}");
    }
    assert!(article["vote_facets"]
        .as_array()
        .unwrap()
        .iter()
        .any(|v| v.as_str().unwrap().contains('/')));

    // `newsdex facets` lists the 10 most frequent values; the API all of
    // them unless `facet_limit` says otherwise.
    for field in ["source", "country", "vote"] {
        let api = server
            .get(&format!("/api/facets/{field}?facet_limit=10"))
            .json();
        let cli = bundled.run(&["facets", field, "--json"]).json();
        assert_eq!(api, cli, "{field}");
    }
    let all = server.get("/api/facets/country").json();
    let everything = bundled.search("*", &["--facet-limit", "0"]).json();
    assert_eq!(all["country"], everything["facets"]["country"]);
    assert!(all["country"].as_array().unwrap().len() > 10);
    // Facet counts over a query's matches.
    let api = server
        .get("/api/facets/source?q=ceasefire&country=guyana")
        .json();
    let cli = bundled.search("ceasefire", &["--country", "guyana"]).json();
    assert_eq!(api["source"], cli["facets"]["source"]);

    let stats = server.get("/api/stats").json();
    let cli = bundled.run(&["stats", "--json"]).json();
    assert_eq!(stats, cli);
    assert_eq!(
        server.get("/api/health").json(),
        serde_json::json!({"status": "ok", "articles": 5})
    );
}

#[test]
fn the_page_is_embedded_compressed_and_locked_down() {
    let bundled = BundledIndex::new();
    let server = Server::start(&bundled.index());
    for (path, kind) in [
        ("/", "text/html"),
        ("/api", "text/html"),
        ("/app.js", "text/javascript"),
        ("/style.css", "text/css"),
    ] {
        let reply = server.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert!(
            reply.content_type.starts_with(kind),
            "{path}: {}",
            reply.content_type
        );
        assert!(!reply.body.is_empty());
        let csp = reply.header("content-security-policy").unwrap_or_default();
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    }
    // No CDN: every script and style the page loads is its own.
    let page = server.get("/").body;
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "{page}"
    );
    // The API page names every endpoint.
    let api = server.get("/api").body;
    for endpoint in [
        "/api/search",
        "/api/articles/",
        "/api/facets/",
        "/api/stats",
        "/api/health",
        "/api/timeline",
        "collapse=true",
    ] {
        assert!(api.contains(endpoint), "{endpoint}");
    }
    let gzipped = server.get_with("/api/search?q=ceasefire", &[("accept-encoding", "gzip")]);
    assert_eq!(gzipped.header("content-encoding"), Some("gzip"));
}

#[test]
fn a_commit_from_a_concurrent_indexer_is_served_without_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    std::fs::write(
        articles.join("a.txt"),
        "Harbour talks\n\nThe harbour talks went on.",
    )
    .unwrap();
    let index = dir.path().join("index");
    let index = index.to_str().unwrap();
    let run = |path: &Path| {
        newsdex(
            dir.path(),
            &["index", "--quiet", "--index", index, path.to_str().unwrap()],
        )
    };
    assert_eq!(run(&articles).code, 0);
    let server = Server::start(index);
    // Asked twice: the second answer comes from the server's answer
    // cache, which the commit below must end.
    for _ in 0..2 {
        assert_eq!(server.get("/api/search?q=harbour").json()["total"], 1);
        assert_eq!(server.get("/api/search?q=lighthouse").json()["total"], 0);
    }

    std::fs::write(
        articles.join("b.txt"),
        "Lighthouse keepers\n\nThe harbour lighthouse keepers met.",
    )
    .unwrap();
    assert_eq!(run(&articles).code, 0);
    // The commit is served once the server has warmed it (milliseconds).
    server.wait_for_articles(2);
    let after = server.get("/api/search?q=harbour");
    assert_eq!(after.json()["total"], 2);
    // Both questions were answered on the new commit before it was served.
    assert_eq!(after.header("x-newsdex-answer"), Some("warmed"));
    let lighthouse = server.get("/api/search?q=lighthouse");
    assert_eq!(lighthouse.json()["total"], 1);
    assert_eq!(lighthouse.header("x-newsdex-answer"), Some("warmed"));
    assert_eq!(
        server
            .get("/api/search?q=keepers")
            .header("x-newsdex-answer"),
        Some("searched")
    );
    assert_eq!(
        server
            .get("/api/search?q=keepers")
            .header("x-newsdex-answer"),
        Some("kept")
    );
}

#[test]
fn commits_are_served_warmed_in_order_and_each_answer_from_one() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first");
    let more = dir.path().join("more");
    std::fs::create_dir(&first).unwrap();
    std::fs::create_dir(&more).unwrap();
    std::fs::write(
        first.join("a.txt"),
        "Harbour talks\n\nThe harbour talks went on.",
    )
    .unwrap();
    let added = 12;
    for i in 0..added {
        std::fs::write(
            more.join(format!("{i:02}.txt")),
            format!("Harbour report {i}\n\nThe harbour pilots met for the {i}th time."),
        )
        .unwrap();
    }
    let index = dir.path().join("index");
    let index = index.to_str().unwrap();
    let args = |path: &Path| -> Vec<String> {
        ["index", "--quiet", "--commit-every", "1", "--index", index]
            .map(String::from)
            .into_iter()
            .chain([path.to_str().unwrap().to_string()])
            .collect()
    };
    let indexed = Command::new(env!("CARGO_BIN_EXE_newsdex"))
        .args(args(&first))
        .env_remove("NEWSDEX_INDEX")
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(indexed.success());
    let server = Server::start(index);
    let ask = || {
        let reply = server.get("/api/search?q=harbour");
        assert_eq!(reply.status, 200, "{}", reply.body);
        let generation: u64 = reply
            .header("x-newsdex-generation")
            .and_then(|g| g.parse().ok())
            .expect("a generation header");
        let answer = reply
            .header("x-newsdex-answer")
            .unwrap_or_default()
            .to_string();
        let json = reply.json();
        let total = json["total"].as_u64().unwrap();
        let opstamp = json["fingerprint"]["opstamp"].as_u64().unwrap();
        (generation, answer, total, opstamp)
    };
    let (mut last, how, total, _) = ask();
    assert_eq!((how.as_str(), total), ("searched", 1));
    assert_eq!(ask().1, "kept");

    // One commit per article while the question is asked again and again.
    let mut indexer = Command::new(env!("CARGO_BIN_EXE_newsdex"))
        .args(args(&more))
        .env_remove("NEWSDEX_INDEX")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    // (generation, how it was answered, total, opstamp)
    type Seen = (u64, String, u64, u64);
    let mut seen: Vec<Seen> = Vec::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let done = indexer.try_wait().unwrap().is_some();
        let answer = ask();
        seen.push(answer);
        if done && seen.last().is_some_and(|a| a.2 == 1 + added) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "never served: {:?}",
            seen.last()
        );
    }
    assert!(indexer.wait().unwrap().success());
    // What was seen, as runs of equal answers (for the messages).
    let mut runs: Vec<(usize, &Seen)> = Vec::new();
    for answer in &seen {
        match runs.last_mut() {
            Some((count, last)) if *last == answer => *count += 1,
            _ => runs.push((1, answer)),
        }
    }
    let seen_runs = format!("{runs:?}");
    let mut generations = 0;
    let mut last_opstamp = 0;
    let mut commits = std::collections::HashMap::new();
    for (generation, how, total, opstamp) in &seen {
        // Never an older commit after a newer one.
        assert!(*generation >= last, "{seen_runs}");
        if *generation > last {
            generations += 1;
            // The first answer of each new commit was warmed before it
            // was served, and it names that commit (a merge makes a new
            // generation of the same commit).
            assert_eq!(how, "warmed", "{seen_runs}");
            assert!(*opstamp >= last_opstamp, "{seen_runs}");
        }
        last = *generation;
        last_opstamp = *opstamp;
        // One commit per generation: the same total and opstamp.
        let first = commits.entry(*generation).or_insert((*total, *opstamp));
        assert_eq!(*first, (*total, *opstamp), "{seen_runs}");
    }
    assert!(generations >= 1, "{seen_runs}");
    // Totals only grow (the indexer only adds).
    assert!(seen.windows(2).all(|w| w[0].2 <= w[1].2), "{seen_runs}");
}

#[test]
fn only_localhost_goes_without_a_warning() {
    let bundled = BundledIndex::new();
    let (_local, said) = Server::start_with(&bundled.index(), "127.0.0.1:0");
    assert!(!said.contains("warning"), "{said}");
    let (open, said) = Server::start_with(&bundled.index(), "0.0.0.0:0");
    assert!(
        said.contains("warning: serving on 0.0.0.0:0") && said.contains("no authentication"),
        "{said}"
    );
    assert!(open.base.starts_with("http://0.0.0.0:"), "{}", open.base);
}
