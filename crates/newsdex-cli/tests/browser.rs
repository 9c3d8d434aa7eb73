//! The search page in a real browser: headless Chromium (Debian's
//! `chromium` and `chromium-driver`) driven through WebDriver by
//! fantoccini, against `newsdex serve` on an index of the bundled articles,
//! one invented hostile article and an invented story in two copies.
//! Screenshots go to `target/browser-tests/`.
//!
//! Without a browser the test fails when `CI` is set (`.ci/run` installs
//! both packages) and prints `SKIPPED: …` otherwise.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

use crate::serve::{write_copies, Server};
use crate::util::{data_dir, newsdex};

/// Flags Chromium needs on these machines (no GPU, no sandbox as root, no
/// network but localhost).
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,1000",
];

/// The browser and its driver, or `None` (after printing `SKIPPED: …`)
/// when run by hand without them. In CI their absence fails the test.
fn browser() -> Option<(PathBuf, PathBuf)> {
    let find = |env: &str, names: &[&str]| -> Option<PathBuf> {
        if let Some(path) = std::env::var_os(env) {
            return Some(PathBuf::from(path));
        }
        let path = std::env::var_os("PATH").unwrap_or_default();
        std::env::split_paths(&path)
            .chain([PathBuf::from("/usr/bin")])
            .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
            .find(|candidate| candidate.is_file())
    };
    let chromium = find(
        "NEWSDEX_CHROMIUM",
        &["chromium", "chromium-browser", "google-chrome"],
    );
    let driver = find("NEWSDEX_CHROMEDRIVER", &["chromedriver"]);
    match (chromium, driver) {
        (Some(chromium), Some(driver)) => Some((chromium, driver)),
        _ if std::env::var_os("CI").is_some() => panic!(
            "no chromium and chromedriver found, and CI is set: \
             apt-get install -y chromium chromium-driver (.ci/run does)"
        ),
        _ => {
            println!(
                "SKIPPED: browser tests: no chromium and chromedriver \
                 (apt-get install -y chromium chromium-driver)"
            );
            None
        }
    }
}

/// A chromedriver on a free localhost port, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start(driver: &Path) -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not listen"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where screenshots go: `target/browser-tests/`.
fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/browser-tests");
    std::fs::create_dir_all(&dir).expect("artifacts dir");
    dir
}

async fn screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.expect("screenshot");
    std::fs::write(artifacts().join(format!("{name}.png")), png).expect("save screenshot");
}

/// Runs `script` until it returns `expected`, for up to 10 s.
async fn until(client: &Client, script: &str, expected: Value) {
    let started = Instant::now();
    loop {
        let got = client.execute(script, vec![]).await.expect("script");
        if got == expected {
            return;
        }
        if started.elapsed() > Duration::from_secs(10) {
            let _ = screenshot(client, "timeout").await;
            panic!("`{script}` returned {got}, expected {expected}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

const TOTAL: &str =
    "const t = document.getElementById('total'); return t ? Number(t.dataset.total) : null;";
const HIT_IDS: &str = "return [...document.querySelectorAll('#hits li')].map(li => li.dataset.id);";

async fn click(client: &Client, css: &str) {
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
}

#[test]
fn the_page_searches_filters_shows_articles_and_never_runs_their_markup() {
    let Some((chromium, driver)) = browser() else {
        return;
    };
    // The bundled articles and an invented hostile one in a temp index.
    let dir = tempfile::tempdir().unwrap();
    let hostile = dir.path().join("hostile");
    std::fs::create_dir(&hostile).unwrap();
    std::fs::write(
        hostile.join("hostile.txt"),
        "Harbour <script>window.__pwned = 1</script> notice\n\n\
         The harbour board met. <img src=x onerror=\"window.__pwned = 2\"> \
         The harbour <b>master</b> spoke.\n",
    )
    .unwrap();
    write_copies(&hostile);
    let index = dir.path().join("index");
    let run = newsdex(
        dir.path(),
        &[
            "index",
            "--quiet",
            "--index",
            index.to_str().unwrap(),
            data_dir().to_str().unwrap(),
            hostile.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let server = Server::start(index.to_str().unwrap());
    let driver = Driver::start(&driver);
    let profile = tempfile::tempdir().unwrap();

    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({"binary": chromium, "args": args}),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&driver.url)
            .await
            .expect("a WebDriver session");
        let result = scenarios(&client, &server).await;
        let _ = client.close().await;
        result
    });
}

/// The coverage chart's bars: `[label, count]` each.
const BARS: &str = "return [...document.querySelectorAll('#timeline svg[role=img] rect.bar')]
    .map(r => [r.dataset.label, Number(r.dataset.count)]);";

/// `[label, count]` of each bucket of `/api/timeline?{params}`.
fn buckets(server: &Server, params: &str) -> Value {
    let timeline = server.get(&format!("/api/timeline?{params}")).json();
    timeline["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| json!([b["label"], b["count"]]))
        .collect()
}

async fn scenarios(client: &Client, server: &Server) {
    let base = server.base.as_str();
    // 1. Type `ceasefire`, tick the source ft: one hit.
    client.goto(&format!("{base}/")).await.unwrap();
    let q = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#q"))
        .await
        .unwrap();
    q.send_keys("ceasefire\n").await.unwrap();
    until(client, TOTAL, json!(5)).await;
    // The coverage chart: one bar per bucket of the query's timeline (four
    // days on the bundled five, two of them empty), summarised for screen
    // readers in the SVG's <title> and a table of the same counts.
    let days = buckets(server, "q=ceasefire&interval=day");
    assert_eq!(days.as_array().unwrap().len(), 4, "{days}");
    until(client, BARS, days.clone()).await;
    until(
        client,
        "const s = document.querySelector('#timeline svg');
         const t = document.getElementById(s.getAttribute('aria-labelledby'));
         return [s.getAttribute('role'), t.tagName, document.getElementById('timeline').dataset.interval];",
        json!(["img", "title", "day"]),
    )
    .await;
    until(
        client,
        "return [...document.querySelectorAll('#timeline table tbody tr')]
           .map(tr => [tr.cells[0].textContent, Number(tr.cells[1].textContent)]);",
        days,
    )
    .await;
    until(
        client,
        "return document.querySelector('#timeline svg title').textContent;",
        json!("Coverage over time, articles per day: 5 articles from 2024-03-22 to 2024-03-25; most on 2024-03-22 (3)."),
    )
    .await;
    // (docs/search-page.png)
    screenshot(client, "0-ceasefire").await;
    click(client, "input[name=source][value=ft]").await;
    until(client, TOTAL, json!(1)).await;
    until(client, HIT_IDS, json!(["004_06944581988b0e46"])).await;
    // The URL holds the search; the other sources still count (OR).
    let url = client.current_url().await.unwrap();
    assert!(
        url.as_str().contains("q=ceasefire") && url.as_str().contains("source=ft"),
        "{url}"
    );
    until(
        client,
        "return document.querySelectorAll('input[name=source]').length;",
        json!(5),
    )
    .await;
    until(
        client,
        "return [...document.querySelectorAll('#hits mark')].every(m => /cease/i.test(m.textContent));",
        json!(true),
    )
    .await;
    // The coverage chart follows the filters: one bar per day of the
    // timeline of `ceasefire` in ft.
    until(
        client,
        BARS,
        buckets(server, "q=ceasefire&source=ft&interval=day"),
    )
    .await;
    screenshot(client, "1-ceasefire-ft").await;

    // Every control has a label.
    until(
        client,
        "return [...document.querySelectorAll('input, select')].filter(e => !e.labels || !e.labels.length).map(e => e.id || e.name);",
        json!([]),
    )
    .await;

    // 2. Untick ft (with the keyboard: space on the box, which keeps the
    // focus through the update), tick the country Guyana: 002.
    client
        .find(Locator::Css("input[name=source][value=ft]"))
        .await
        .unwrap()
        .send_keys(" ")
        .await
        .unwrap();
    until(client, TOTAL, json!(5)).await;
    until(
        client,
        "const a = document.activeElement; return [a.name, a.value, a.checked];",
        json!(["source", "ft", false]),
    )
    .await;
    click(client, "input[name=country][value=gy]").await;
    until(client, TOTAL, json!(1)).await;
    until(client, HIT_IDS, json!(["002_f1aa1cb7bbfa5214"])).await;
    screenshot(client, "2-ceasefire-guyana").await;
    // Reloading the URL gives the same page.
    client.refresh().await.unwrap();
    until(client, HIT_IDS, json!(["002_f1aa1cb7bbfa5214"])).await;
    until(
        client,
        "return document.querySelector('input[name=country][value=gy]').checked;",
        json!(true),
    )
    .await;

    // 3. Open 004: John Kirby's quote marked with his name.
    client.goto(&format!("{base}/?q=ceasefire")).await.unwrap();
    click(client, "#hits li[data-id^='004'] a.title").await;
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#article mark.quote[data-speaker=john-kirby]"))
        .await
        .unwrap();
    until(
        client,
        "const m = [...document.querySelectorAll('#article .body mark.quote[data-speaker=john-kirby]')]
           .find(m => m.textContent.includes('a ceasefire and the release of hostages come together'));
         return m ? m.nextElementSibling.textContent : null;",
        json!("— John Kirby"),
    )
    .await;
    until(
        client,
        "const g = document.querySelector('#article .speaker-quotes[data-speaker=john-kirby]');
         return g ? [g.querySelector('h4').textContent, g.querySelectorAll('blockquote').length] : null;",
        json!(["John Kirby", 2]),
    )
    .await;
    let url = client.current_url().await.unwrap();
    assert!(
        url.as_str().contains("article=004_06944581988b0e46"),
        "{url}"
    );
    screenshot(client, "3-article-004").await;
    // A person link filters by that person.
    click(client, "#article .people a.filter[data-value=john-kirby]").await;
    until(
        client,
        "return document.getElementById('article').hidden;",
        json!(true),
    )
    .await;
    until(
        client,
        "return document.querySelector('input[name=person][value=john-kirby]').checked;",
        json!(true),
    )
    .await;

    // 4. Article text holding <script> and onerror= shows as text.
    client.goto(&format!("{base}/?q=harbour")).await.unwrap();
    until(client, HIT_IDS, json!(["hostile"])).await;
    until(
        client,
        "return document.querySelector('#hits li a.title').textContent;",
        json!("Harbour <script>window.__pwned = 1</script> notice"),
    )
    .await;
    click(client, "#hits li[data-id=hostile] a.title").await;
    until(
        client,
        "const b = document.querySelector('#article .body'); return b ? b.textContent.includes('<img src=x onerror=\"window.__pwned = 2\">') : false;",
        json!(true),
    )
    .await;
    screenshot(client, "4-hostile-article").await;
    until(
        client,
        "return [window.__pwned === undefined,
                 document.querySelectorAll('main script, main img, main b').length,
                 document.querySelector('#article h2').textContent];",
        json!([
            true,
            0,
            "Harbour <script>window.__pwned = 1</script> notice"
        ]),
    )
    .await;

    // 5. Collapse copies: the two copies of the invented story are one hit,
    // "+1 copy" naming the other outlet; the total still counts articles;
    // the box is held in the URL.
    client
        .goto(&format!("{base}/?q=observatory"))
        .await
        .unwrap();
    until(client, TOTAL, json!(3)).await;
    const SORTED_IDS: &str =
        "return [...document.querySelectorAll('#hits li')].map(li => li.dataset.id).sort();";
    until(
        client,
        SORTED_IDS,
        json!(["brenn-post-1", "coast-daily-1", "vesk-wire-1"]),
    )
    .await;
    click(client, "#collapse").await;
    until(client, SORTED_IDS, json!(["coast-daily-1", "vesk-wire-1"])).await;
    until(
        client,
        "const g = document.getElementById('groups'); return g ? Number(g.dataset.groups) : null;",
        json!(2),
    )
    .await;
    until(client, TOTAL, json!(3)).await;
    until(
        client,
        "const c = document.querySelector('#hits li[data-id=vesk-wire-1] .copies');
         return c ? [c.firstChild.textContent, [...c.querySelectorAll('a.copy')].map(a => [a.dataset.id, a.textContent])] : null;",
        json!(["+1 copy: ", [["brenn-post-1", "brennpost (2025-02-04)"]]]),
    )
    .await;
    let url = client.current_url().await.unwrap();
    assert!(url.as_str().contains("collapse=true"), "{url}");
    screenshot(client, "5-collapse-copies").await;
    client.refresh().await.unwrap();
    until(
        client,
        "return document.getElementById('collapse').checked;",
        json!(true),
    )
    .await;
    until(client, SORTED_IDS, json!(["coast-daily-1", "vesk-wire-1"])).await;
    // Unticked: every copy again.
    click(client, "#collapse").await;
    until(
        client,
        SORTED_IDS,
        json!(["brenn-post-1", "coast-daily-1", "vesk-wire-1"]),
    )
    .await;
}
