//! Issue 16: CSV/TSV exports and RSS/Atom feeds through the real binary:
//! good records indexed and searchable by source, bad ones reported by file
//! and line while the rest is indexed, and `--csv-map`. Every input is
//! invented.

use std::path::Path;

use crate::util::{newsdex, Run};

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).expect("write");
}

fn index(home: &Path, args: &[&str]) -> Run {
    let ix = home.join("ix").to_string_lossy().into_owned();
    let mut all = vec!["index", "--index", &ix];
    all.extend_from_slice(args);
    let run = newsdex(home, &all);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

fn search(home: &Path, query: &str, args: &[&str]) -> Vec<String> {
    let ix = home.join("ix").to_string_lossy().into_owned();
    let mut all = vec!["search", "--json", query, "--index", &ix];
    all.extend_from_slice(args);
    let run = newsdex(home, &all);
    assert_eq!(run.code, 0, "search {query:?}: {}", run.stderr);
    run.hit_ids()
}

const CSV: &str = "id,title,text,publish_date,media_name,authors\n\
    c1,Barley deal,\"Barley exporters signed a quarterly contract.\n\nShipments start in May.\",2024-03-25,npr,Jane Roe\n\
    c2,Ragged,Too many cells,2024-03-26,npr,Ann Lee,extra\n\
    ,Oat harvest,Oat growers reported a record harvest across the plains.,2024-03-27 09:30:00,Invented Wire,\n";

const RSS: &str = r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Invented Valley Courier</title><link>https://valley.test/</link><language>en</language>
<item><title>Sorghum prices</title><link>https://valley.test/s</link><guid>courier-1</guid>
<pubDate>Tue, 26 Mar 2024 08:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>Sorghum prices climbed at the county auction.</p><script>ads()</script>]]></content:encoded></item>
<item><title>Millet</title><link>https://valley.test/m</link><description>Millet stocks &amp; reserves were counted.</description></item>
</channel></rss>"#;

/// A folder with a CSV (one ragged row) and a feed: the good rows and
/// items are searchable, `--source` filters both, the ragged row is
/// reported by file and line, and the run exits 2 as for other readers'
/// bad records. A non-feed `.xml` in the folder is not read.
#[test]
fn csv_and_feed_in_a_folder_are_indexed_and_bad_rows_reported() {
    let home = tempfile::tempdir().expect("tempdir");
    let input = home.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    write(&input, "export.csv", CSV);
    write(&input, "courier.rss", RSS);
    write(
        &input,
        "settings.xml",
        "<?xml version=\"1.0\"?><settings><barley/></settings>",
    );
    let run = index(home.path(), &[input.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    let out = format!("{}{}", run.stdout, run.stderr);
    assert!(
        out.contains("export.csv:5: malformed record: ragged row: 7 fields where the header has 6"),
        "{out}"
    );
    assert!(!out.contains("settings.xml"), "{out}");
    assert!(out.contains("indexed 4 new"), "{out}");
    assert_eq!(search(home.path(), "barley", &[]), ["c1"]);
    assert_eq!(search(home.path(), "oat", &[]), ["export-3"]);
    assert_eq!(search(home.path(), "sorghum", &[]), ["courier-1"]);
    assert_eq!(
        search(home.path(), "millet", &[]),
        ["https://valley.test/m"]
    );
    assert!(
        search(home.path(), "ads", &[]).is_empty(),
        "script text indexed"
    );
    assert_eq!(search(home.path(), "", &["--source", "npr"]), ["c1"]);
    assert_eq!(
        search(home.path(), "", &["--source", "invented-valley-courier"]),
        ["courier-1", "https://valley.test/m"]
    );
}

/// A named `.xml` that is not a feed, a CSV without a body column and a
/// CSV whose last quote never closes: each one clear line naming the file,
/// exit 2, the good rows before the open quote indexed.
#[test]
fn bad_csv_and_feed_files_are_named() {
    let home = tempfile::tempdir().expect("tempdir");
    let dir = home.path();
    write(
        dir,
        "notes.xml",
        "<?xml version=\"1.0\"?><notes><n>x</n></notes>",
    );
    write(dir, "nohead.csv", "Wheat rose.,2024-03-25\n");
    write(
        dir,
        "open.csv",
        "title,body\nRye,Rye futures rallied.\nSpelt,\"Spelt never closes\nmore\n",
    );
    let paths: Vec<String> = ["notes.xml", "nohead.csv", "open.csv"]
        .iter()
        .map(|n| dir.join(n).to_string_lossy().into_owned())
        .collect();
    let args: Vec<&str> = paths.iter().map(String::as_str).collect();
    let run = index(dir, &args);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let out = format!("{}{}", run.stdout, run.stderr);
    assert!(
        out.contains("notes.xml: malformed record: not an RSS or Atom feed"),
        "{out}"
    );
    assert!(
        out.contains("nohead.csv:1: malformed record: no body column"),
        "{out}"
    );
    assert!(
        out.contains("open.csv:3: malformed record: unterminated quote"),
        "{out}"
    );
    assert!(
        !out.contains("Error {") && !out.contains("ErrorKind"),
        "{out}"
    );
    assert_eq!(search(dir, "rye", &[]), ["open-1"]);
}

/// `--csv-map` names columns; an unknown field is a usage error (exit 2,
/// nothing indexed), and a mapped column missing from the header names the
/// file and the column.
#[test]
fn csv_map_happy_path_and_bad_usage() {
    let home = tempfile::tempdir().expect("tempdir");
    let dir = home.path();
    write(
        dir,
        "cms.csv",
        "slug,story,outlet_code\nk1,Kale growers expanded their fields.,npr\n",
    );
    let csv = dir.join("cms.csv").to_string_lossy().into_owned();
    let run = index(
        dir,
        &[
            &csv,
            "--csv-map",
            "id=slug",
            "--csv-map",
            "body=story",
            "--csv-map",
            "source=outlet_code",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(search(dir, "kale", &["--source", "npr"]), ["k1"]);

    let run = index(dir, &[&csv, "--csv-map", "colour=story"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown field `colour`"),
        "{}",
        run.stderr
    );
    let run = index(dir, &[&csv, "--csv-map", "body"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is not FIELD=COLUMN"), "{}", run.stderr);

    let run = index(dir, &[&csv, "--csv-map", "body=article"]);
    assert_eq!(run.code, 2);
    let out = format!("{}{}", run.stdout, run.stderr);
    assert!(
        out.contains("cms.csv:1: malformed record: --csv-map body=article: no column `article`"),
        "{out}"
    );
}

/// One invented WARC record, gzipped on its own (as crawlers write them).
fn warc_record(kind: &str, uri: &str, block: &str, declared_len: Option<usize>) -> Vec<u8> {
    use std::io::Write;
    let len = declared_len.unwrap_or(block.len());
    let record = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-03-25T10:00:00Z\r\n\
         Content-Length: {len}\r\n\r\n{block}\r\n\r\n"
    );
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(record.as_bytes()).expect("gzip");
    gz.finish().expect("gzip")
}

fn warc_page(title: &str, sentence: &str) -> String {
    let story = format!("<p>{sentence} Officials expect more news next week.</p>").repeat(4);
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n\
         <html lang=\"en\"><head><title>{title}</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/m\">Markets</a></nav>\
         <article><h1>{title}</h1>{story}</article><footer>Invented Media</footer></body></html>"
    )
}

/// A crawl: its HTML pages become articles (id = target URI) and are
/// searchable, the other records are counted in the summary, and a
/// truncated last record is reported by file and record while every page
/// before it is indexed.
#[test]
fn a_warc_crawl_is_indexed_page_by_page() {
    let home = tempfile::tempdir().expect("tempdir");
    let input = home.path().join("crawl.warc.gz");
    let mut bytes = Vec::new();
    bytes.extend(warc_record("warcinfo", "", "software: invented", None));
    bytes.extend(warc_record(
        "request",
        "https://ft.com/a",
        "GET /a HTTP/1.1",
        None,
    ));
    bytes.extend(warc_record(
        "response",
        "https://www.ft.com/content/quinoa",
        &warc_page(
            "Quinoa exports",
            "Quinoa exporters shipped a record cargo from the southern port.",
        ),
        None,
    ));
    bytes.extend(warc_record(
        "response",
        "https://ft.com/gone",
        "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\ngone",
        None,
    ));
    bytes.extend(warc_record(
        "response",
        "https://news.test/teff",
        &warc_page(
            "Teff harvest",
            "Teff farmers brought in an early harvest after the rains.",
        ),
        None,
    ));
    // A last record that declares more bytes than the file holds.
    bytes.extend(warc_record(
        "response",
        "https://news.test/cut",
        &warc_page("Cut", "Spelt"),
        Some(1 << 20),
    ));
    std::fs::write(&input, bytes).expect("write");

    let run = index(home.path(), &[&input.to_string_lossy()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stdout.contains("indexed 2 new"), "{}", run.stdout);
    assert!(
        run.stdout.contains("3 crawl records without a page"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("crawl.warc.gz:6"), "{}", run.stdout);
    assert_eq!(
        search(home.path(), "quinoa", &[]),
        ["https://www.ft.com/content/quinoa"]
    );
    assert_eq!(search(home.path(), "teff", &[]), ["https://news.test/teff"]);
    // The outlet from the URL's domain through the source registry.
    assert_eq!(
        search(home.path(), "", &["--source", "ft"]),
        ["https://www.ft.com/content/quinoa"]
    );
    // Navigation is not story text.
    assert!(search(home.path(), "markets", &[]).is_empty());
}
