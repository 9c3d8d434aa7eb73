//! Invented pages only.

use std::io::Write;

use super::*;

fn origin(name: &str) -> Origin {
    Origin {
        path: name.into(),
        line: None,
    }
}

fn read(page: &str) -> Result<RawArticle, IngestError> {
    read_bytes(page.as_bytes())
}

fn read_bytes(page: &[u8]) -> Result<RawArticle, IngestError> {
    read_page(
        page,
        ArticleId("p".into()),
        origin("pages/p.html"),
        &PageHints::default(),
    )
}

const STORY: &str =
    "<p>The river authority opened the new flood gates on Monday, three years after the \
    spring floods that closed the valley road for a month and cut off two villages.</p>\
    <p>Engineers said the gates can hold back water a metre higher than the old barrier, \
    and that the work came in under its budget by a small margin.</p>\
    <p>Residents who lost their homes in the floods watched the opening from the bank, \
    some of them still waiting for the insurance money they were promised.</p>\
    <p>The authority said it would publish the river levels every hour from now on, so that \
    farmers downstream can move their animals to higher ground before the water rises.</p>";

/// A news page with furniture around the story and metadata of every kind.
fn full_page() -> String {
    format!(
        r##"<!doctype html><html lang="en-GB"><head>
<meta charset="utf-8">
<title>Flood gates open | Valley Herald</title>
<link rel="canonical" href="https://www.valleyherald.example/2023/11/04/flood-gates">
<meta property="og:title" content="Flood gates open after three years">
<meta property="og:site_name" content="Valley Herald Online">
<meta property="article:published_time" content="2024-02-03T09:00:00+0000">
<script type="application/ld+json">
{{"@context":"https://schema.org","@graph":[
 {{"@type":"Organization","@id":"#org","name":"Valley Herald"}},
 {{"@type":["NewsArticle"],"headline":"Flood gates open after three years",
  "datePublished":"2024-02-05T07:30:00Z","publisher":{{"@id":"#org"}},
  "author":[{{"@type":"Person","name":"Mara  Quinn"}},{{"name":"Tom Ash"}}]}}]}}
</script></head>
<body><header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
<div class="cookie-banner">We use cookies. Accept all?</div>
<article><h1>Flood gates open after three years</h1>
<time datetime="2024-02-07">7 Feb</time>
{STORY}
<figure><img src="g.jpg"><figcaption>The new gates, seen from the east bank.</figcaption></figure>
</article>
<aside class="related"><h3>Related</h3><ul><li><a href="/a">Bridge reopens</a></li><li><a href="/b">Rain due</a></li></ul></aside>
<section id="comments"><p>Comment: great news!</p></section>
<footer>Copyright Valley Herald. All rights reserved.</footer></body></html>"##
    )
}

#[test]
fn main_text_without_furniture_title_or_captions() {
    let raw = read(&full_page()).unwrap();
    assert_eq!(raw.layout, Layout::Fielded);
    let paragraphs: Vec<&str> = raw.text.split("\n\n").collect();
    assert_eq!(paragraphs.len(), 4, "{:?}", raw.text);
    assert!(
        paragraphs[0].starts_with("The river authority opened"),
        "{:?}",
        raw.text
    );
    assert!(paragraphs[3].ends_with("before the water rises."));
    for furniture in [
        "Home",
        "cookies",
        "Related",
        "Comment",
        "Copyright",
        "Flood gates open",
        "east bank",
    ] {
        assert!(
            !raw.text.contains(furniture),
            "{furniture} in {:?}",
            raw.text
        );
    }
    assert_eq!(raw.captions, ["The new gates, seen from the east bank."]);
}

#[test]
fn metadata_of_every_field() {
    let raw = read(&full_page()).unwrap();
    assert_eq!(
        raw.title.as_deref(),
        Some("Flood gates open after three years")
    );
    // JSON-LD datePublished comes before article:published_time and <time>.
    assert_eq!(
        raw.published.map(|d| d.to_string()).as_deref(),
        Some("2024-02-05")
    );
    assert_eq!(raw.authors, ["Mara Quinn", "Tom Ash"]);
    assert_eq!(
        raw.url.as_deref(),
        Some("https://www.valleyherald.example/2023/11/04/flood-gates")
    );
    assert_eq!(raw.language.as_deref(), Some("en-GB"));
    // The JSON-LD publisher (through its @id) is the outlet; neither it nor
    // the URL's domain is in the registry, so it is kept as named.
    let source = raw.source.unwrap();
    assert_eq!(
        (source.id.as_str(), source.name.as_str()),
        ("valley herald", "Valley Herald")
    );
    assert!(raw.warnings.is_empty(), "{:?}", raw.warnings);
}

#[test]
fn dates_fall_back_in_order() {
    let page = |head: &str, body_extra: &str| {
        format!(
            "<html><head>{head}</head><body><article>{body_extra}{STORY}</article></body></html>"
        )
    };
    let day = |page: String| read(&page).unwrap().published.map(|d| d.to_string());
    let meta = r#"<meta property="article:published_time" content="2024-03-01T10:00:00-05:00">"#;
    let time = r#"<time datetime="2024-03-02T08:00">2 March</time>"#;
    let canonical = r#"<link rel="canonical" href="https://example.org/news/2024/03/03/story">"#;
    assert_eq!(
        day(page(&format!("{meta}{canonical}"), time)).as_deref(),
        Some("2024-03-01")
    );
    assert_eq!(day(page(canonical, time)).as_deref(), Some("2024-03-02"));
    assert_eq!(day(page(canonical, "")).as_deref(), Some("2024-03-03"));
    let dashed = r#"<link rel="canonical" href="https://example.org/2024-03-04-story.html">"#;
    assert_eq!(day(page(dashed, "")).as_deref(), Some("2024-03-04"));
    assert_eq!(day(page("", "")), None);
    // A WARC record's URL and date are the last resorts.
    let hints = PageHints {
        url: Some("https://example.org/a/2024/03/05/b".into()),
        date: None,
        charset: None,
    };
    let raw = read_page(
        page("", "").as_bytes(),
        ArticleId("p".into()),
        origin("p"),
        &hints,
    )
    .unwrap();
    assert_eq!(
        raw.published.map(|d| d.to_string()).as_deref(),
        Some("2024-03-05")
    );
    assert_eq!(raw.url, hints.url);
}

#[test]
fn source_by_name_then_domain() {
    let page = |head: &str| {
        format!("<html><head>{head}</head><body><article>{STORY}</article></body></html>")
    };
    let source = |head: &str| read(&page(head)).unwrap().source.map(|s| s.id);
    // A name the registry knows resolves to its id.
    assert_eq!(
        source(r#"<meta property="og:site_name" content="Financial Times">"#).as_deref(),
        Some("ft")
    );
    // No name: the canonical URL's domain, through the registry.
    assert_eq!(
        source(r#"<link rel="canonical" href="https://www.ft.com/content/x">"#).as_deref(),
        Some("ft")
    );
    // An unknown name and a known domain: the domain decides.
    let both = r#"<meta property="og:site_name" content="FT Markets Desk"><link rel="canonical" href="https://markets.ft.com/x">"#;
    assert_eq!(source(both).as_deref(), Some("ft"));
    // Neither known: the bare domain.
    assert_eq!(
        source(r#"<link rel="canonical" href="https://news.example.org/x">"#).as_deref(),
        Some("news.example.org")
    );
    assert_eq!(source(""), None);
}

#[test]
fn title_falls_back_to_the_title_tag_without_the_site_name() {
    let page = format!("<html><head><title>Gates open on the river | Valley Herald</title></head><body><div>{STORY}</div></body></html>");
    assert_eq!(
        read(&page).unwrap().title.as_deref(),
        Some("Gates open on the river")
    );
}

#[test]
fn malformed_and_unclosed_markup_is_read() {
    // (An unclosed <title> would swallow the page, as it does in browsers.)
    let page = "<html><head><title>Broken page</title><body><div><p>The council met on Friday and agreed to \
        rebuild the market hall, which burned down in the summer, at a cost shared with the county.\
        <p>Traders said they would return as soon as the roof was on <b>and <i>the stalls</b> rebuilt, \
        though some have found other places to sell in the meantime.</i><table><td>stray cell";
    let raw = read(page).unwrap();
    assert!(
        raw.text.contains("rebuild the market hall"),
        "{:?}",
        raw.text
    );
    assert!(raw.text.contains("other places to sell"));
}

#[test]
fn a_page_without_main_text_is_an_error_naming_the_file() {
    for page in [
        "<html><head><title>Only a title</title></head><body><nav><a href=/>Home</a></nav></body></html>",
        "<html><body><script>var x = 1;</script></body></html>",
    ] {
        let err = read(page).unwrap_err();
        assert_eq!(err.kind, IngestErrorKind::NoText, "{page}");
        assert!(err.to_string().starts_with("pages/p.html: "), "{err}");
    }
    assert_eq!(read("  \n ").unwrap_err().kind, IngestErrorKind::Empty);
    assert_eq!(
        read_bytes(b"\x00\x01\x02binary\x00").unwrap_err().kind,
        IngestErrorKind::Binary
    );
}

#[test]
fn lying_charsets_are_read_and_warned_about() {
    let latin1 = format!("<html><head><meta charset=\"utf-8\"></head><body><article>{STORY}<p>Caf\u{e9} owners \
        welcomed the gates and said trade would pick up again by the summer season.</p></article></body></html>");
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&latin1);
    let raw = read_bytes(&bytes).unwrap();
    assert!(raw.text.contains("Café owners"), "{:?}", raw.text);
    assert!(
        raw.warnings.iter().any(|w| w.contains("declared UTF-8")),
        "{:?}",
        raw.warnings
    );

    let utf8 = latin1.replace("charset=\"utf-8\"", "charset=\"iso-8859-1\"");
    let raw = read(&utf8).unwrap();
    assert!(raw.text.contains("Café owners"));
    assert!(
        raw.warnings.iter().any(|w| w.contains("bytes are UTF-8")),
        "{:?}",
        raw.warnings
    );
}

#[test]
fn http_charset_hint_decodes_an_undeclared_page() {
    let page = format!("<html><body><article>{STORY}<p>\u{201C}The gates work,\u{201D} said the engineer in charge \
        of the project, standing by the control room.</p></article></body></html>");
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&page);
    let hints = PageHints {
        charset: Some("windows-1252".into()),
        ..PageHints::default()
    };
    let raw = read_page(&bytes, ArticleId("p".into()), origin("p"), &hints).unwrap();
    assert!(
        raw.text.contains("\u{201C}The gates work,\u{201D}"),
        "{:?}",
        raw.text
    );
    assert!(raw.warnings.is_empty());
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

#[test]
fn gzipped_pages_truncated_streams_and_bombs() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("Story.HTML.gz");
    std::fs::write(&good, gzip(full_page().as_bytes())).unwrap();
    let raw = read_file(&good, stem_id(&good), 1 << 20).unwrap();
    assert_eq!(raw.id.as_str(), "Story");
    assert!(raw.text.starts_with("The river authority"));

    let mut cut = gzip(full_page().as_bytes());
    cut.truncate(cut.len() / 2);
    let truncated = dir.path().join("cut.html.gz");
    std::fs::write(&truncated, cut).unwrap();
    let err = read_file(&truncated, stem_id(&truncated), 1 << 20).unwrap_err();
    assert_eq!(
        err.kind,
        IngestErrorKind::Gzip("truncated gzip stream".into())
    );
    assert!(err.to_string().contains("cut.html.gz"), "{err}");

    let plain = dir.path().join("plain.html.gz");
    std::fs::write(&plain, full_page()).unwrap();
    let err = read_file(&plain, stem_id(&plain), 1 << 20).unwrap_err();
    assert_eq!(err.kind, IngestErrorKind::Gzip("not a gzip stream".into()));

    // 8 MiB of spaces inflate from a few KiB; reading stops at the limit.
    let bomb = dir.path().join("bomb.html.gz");
    std::fs::write(&bomb, gzip(&vec![b' '; 8 << 20])).unwrap();
    assert!(std::fs::metadata(&bomb).unwrap().len() < 64 << 10);
    let err = read_file(&bomb, stem_id(&bomb), 1 << 20).unwrap_err();
    assert!(
        matches!(err.kind, IngestErrorKind::TooLarge { limit, .. } if limit == 1 << 20),
        "{err}"
    );
}

#[test]
fn a_page_over_the_size_limit_is_skipped_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.html");
    // A sparse 50 MB file: never read, refused by its size.
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(50 * 1000 * 1000).unwrap();
    let err = read_file(&big, stem_id(&big), crate::ingest::DEFAULT_MAX_FILE_BYTES).unwrap_err();
    assert!(
        matches!(
            err.kind,
            IngestErrorKind::TooLarge {
                size: 50_000_000,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("big.html"));
}

#[test]
fn ids_drop_html_and_gz() {
    for (name, id) in [
        ("a.html", "a"),
        ("b.HTM.gz", "b"),
        ("c.d.html.gz", "c.d"),
        ("e.txt", "e"),
    ] {
        assert_eq!(stem_id(Path::new(name)).as_str(), id, "{name}");
    }
}

#[test]
fn url_dates_and_hosts() {
    let day = |u: &str| meta::date_in_url(u).map(|d| d.to_string());
    assert_eq!(
        day("https://x.org/2024/02/29/a").as_deref(),
        Some("2024-02-29")
    );
    assert_eq!(day("https://x.org/2023/02/29/a"), None);
    let worded = |t: &str| meta::parse_date(t).map(|d| d.to_string());
    assert_eq!(worded("Feb 08, 2022").as_deref(), Some("2022-02-08"));
    assert_eq!(worded("8 February 2022").as_deref(), Some("2022-02-08"));
    assert_eq!(
        worded("Tuesday, March 5, 2024 10:00").as_deref(),
        Some("2024-03-05")
    );
    assert_eq!(worded("2025-07-09 11:50:26").as_deref(), Some("2025-07-09"));
    assert_eq!(worded("Febby 8 2022"), None);
    assert_eq!(worded("February 30, 2022"), None);
    assert_eq!(
        day("https://x.org/news/20240301/a").as_deref(),
        Some("2024-03-01")
    );
    assert_eq!(day("https://x.org/2024/03/a"), None);
    assert_eq!(day("https://x.org/a?d=2024-03-01"), None);
    assert_eq!(
        meta::host("https://WWW.FT.com:443/x").as_deref(),
        Some("ft.com")
    );
    assert_eq!(meta::host("mailto:a"), None);
}

#[test]
fn hostile_bytes_never_panic() {
    let samples: [&[u8]; 6] = [
        b"<",
        b"<html><meta charset=",
        b"<script type=application/ld+json>{\"@type\":\"NewsArticle\",\"author\":[[[[]]]]}</script><p>x",
        b"\xFF\xFE<\x00p\x00>\x00",
        b"<meta charset=\"\xC3\">\xC3\xA9\xE9",
        b"<time datetime=\"2024-02-30\"></time><link rel=canonical href=\"https://\xE9/2024/13/01/\">",
    ];
    for sample in samples {
        let _ = read_bytes(sample);
    }
}

/// Deep nesting costs the tree builder and the main-text scoring time in
/// the square of the depth: a page nested over `MAX_DEPTH` is refused,
/// nested or left open, before it is parsed.
#[test]
fn pages_nested_too_deep_are_refused_before_parsing() {
    let story = "<p>The harbour reopened on Tuesday after a week of storms, officials said.</p>";
    for page in [
        format!(
            "<html><body>{}{story}{}</body></html>",
            "<div>".repeat(600),
            "</div>".repeat(600)
        ),
        format!(
            "<html><body>{}</body></html>",
            format!("<div><span>{story}").repeat(300)
        ),
    ] {
        let started = std::time::Instant::now();
        let err = read(&page).unwrap_err();
        assert!(
            matches!(&err.kind, IngestErrorKind::Malformed(m) if m.contains("nested over 512")),
            "{err}"
        );
        // Refused by the scan, not after a quadratic parse (which takes
        // seconds at this depth even in a release build).
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}

/// What adds no depth is not counted: open `<p>`, `<li>`, `<br>`, table
/// cells, self-closed tags, comments and `<` inside scripts.
#[test]
fn flat_markup_in_any_amount_is_not_too_deep() {
    let story = "The harbour reopened on Tuesday after a week of storms, officials said.";
    let page = format!(
        "<html><body><article><h1>Harbour</h1>{}<ul>{}</ul><table>{}</table>{}<!-- {} -->\
         <script>{}</script></article></body></html>",
        format!("<p>{story}<br><img src=a.jpg><span/>").repeat(700),
        "<li>item".repeat(700),
        "<tr><td>1<td>2".repeat(700),
        "<div>x</div>".repeat(700),
        "<div>".repeat(700),
        "if (a <div) { b = '<div>'; }".repeat(700),
    );
    let raw = read(&page).unwrap();
    assert!(raw.text.contains("harbour reopened"));
}

/// A page with `head` and `body_top` around the story.
fn page_with(head: &str, body_top: &str) -> String {
    format!("<html><head>{head}</head><body>{body_top}<article>{STORY}</article></body></html>")
}

#[test]
fn the_headline_is_the_h1_not_the_logo_nor_an_seo_title() {
    let head = r#"<title>Best pier guide 2025 | Coast Post</title>
        <meta property="og:site_name" content="Coast Post">
        <meta property="og:title" content="Best pier guide 2025 | Coast Post">"#;
    // The logo's <h1> names the site: never the headline. The story's <h1>
    // disagrees with the SEO title: the reader sees the <h1>.
    let page = page_with(
        head,
        "<h1>Coast Post</h1><h1>Pier vote passes after a long night</h1>",
    );
    assert_eq!(
        read(&page).unwrap().title.as_deref(),
        Some("Pier vote passes after a long night")
    );
    // A one- or two-word <h1> ("Menu", "Our blog") is no headline: the
    // metadata's, without the site name.
    let page = page_with(head, "<h1>Our blog</h1>");
    assert_eq!(
        read(&page).unwrap().title.as_deref(),
        Some("Best pier guide 2025")
    );
    // The site name is also recognised as the part after the separator.
    let head = "<title>Pier vote passes | Harbour Weekly</title>";
    let page = page_with(head, "<h1>Harbour Weekly</h1>");
    assert_eq!(
        read(&page).unwrap().title.as_deref(),
        Some("Pier vote passes")
    );
}

#[test]
fn an_h1_agreeing_with_the_metadata_keeps_its_words_and_takes_its_capitals() {
    // The <h1> is the title's head: the <h1>, without the site name.
    let head =
        r#"<meta property="og:title" content="Pier vote passes after a long night - Coast Post">"#;
    let page = page_with(head, "<h1>Pier vote passes after a long night</h1>");
    assert_eq!(
        read(&page).unwrap().title.as_deref(),
        Some("Pier vote passes after a long night")
    );
    // Capitals are styling: an all-capitals <h1> takes the metadata's spelling.
    let page = page_with(head, "<h1>PIER VOTE PASSES AFTER A LONG NIGHT</h1>");
    assert_eq!(
        read(&page).unwrap().title.as_deref(),
        Some("Pier vote passes after a long night")
    );
    // With nothing to take them from, the capitals stay.
    let page = page_with("", "<h1>PIER VOTE PASSES AFTER A LONG NIGHT</h1>");
    assert_eq!(
        read(&page).unwrap().title.as_deref(),
        Some("PIER VOTE PASSES AFTER A LONG NIGHT")
    );
}

#[test]
fn entities_escaped_twice_in_metadata_are_decoded() {
    let head =
        r#"<meta property="og:title" content="Rates &amp;amp; rents rise &#8217;sharply&#8217;">"#;
    assert_eq!(
        read(&page_with(head, "")).unwrap().title.as_deref(),
        Some("Rates & rents rise \u{2019}sharply\u{2019}")
    );
    let head = r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"Rates &amp; rents rise","author":{"name":"Ana &amp; Bo Lima"}}</script>"#;
    let raw = read(&page_with(head, "")).unwrap();
    assert_eq!(raw.title.as_deref(), Some("Rates & rents rise"));
    assert_eq!(raw.authors, ["Ana & Bo Lima"]);
}

#[test]
fn a_day_shown_in_a_byline_is_the_date_when_no_metadata_gives_one() {
    let day = |head: &str, top: &str| {
        read(&page_with(head, top))
            .unwrap()
            .published
            .map(|d| d.to_string())
    };
    let byline = r#"<div class="post-meta">By Ana Lima | Published on 15 August 2025</div>"#;
    assert_eq!(day("", byline).as_deref(), Some("2025-08-15"));
    assert_eq!(
        day(
            "",
            r#"<p class="article-byline__dates">Updated Mar 5, 2025</p>"#
        )
        .as_deref(),
        Some("2025-03-05")
    );
    assert_eq!(
        day("", "<time>Dec 19, 2025</time>").as_deref(),
        Some("2025-12-19")
    );
    // Metadata comes first.
    let meta = r#"<meta property="article:published_time" content="2024-03-01T10:00:00Z">"#;
    assert_eq!(day(meta, byline).as_deref(), Some("2024-03-01"));
    // A date in a paragraph of the story is not a byline.
    assert_eq!(day("", "<p>On 15 August 2025 the gates opened.</p>"), None);
    // A long element marked as meta is not read.
    let long = format!(
        r#"<div class="meta">{} 15 August 2025</div>"#,
        "word ".repeat(40)
    );
    assert_eq!(day("", &long), None);
    // A slashed date whose month could be either number is refused.
    assert_eq!(day("", r#"<span class="date">3/4/2025</span>"#), None);
    assert_eq!(
        day("", r#"<span class="date">24/3/2025</span>"#).as_deref(),
        Some("2025-03-24")
    );
}

#[test]
fn written_days_in_the_forms_bylines_use() {
    let day = |t: &str| meta::written_day(t).map(|d| d.to_string());
    for (text, want) in [
        ("March 5, 2025", Some("2025-03-05")),
        ("Posted Sept. 30th 2024 by Ana", Some("2024-09-30")),
        ("5 March 2025", Some("2025-03-05")),
        ("Last Updated : 20 January 2025", Some("2025-01-20")),
        ("2025-03-05T10:00", Some("2025-03-05")),
        ("17.05.2021", Some("2021-05-17")),
        ("2/24/2026", Some("2026-02-24")),
        ("3/4/2025", None),
        ("February 30, 2025", None),
        ("May 2025", None),
        ("12 May 1850", None),
        ("Updated 5 mins ago", None),
        // The first date written wins.
        (
            "Published 2 Jan 2024, updated 9 Feb 2024",
            Some("2024-01-02"),
        ),
    ] {
        assert_eq!(day(text).as_deref(), want, "{text}");
    }
}

#[test]
fn the_densest_paragraphs_are_found_without_furniture() {
    let page = format!(
        "<html><body><nav><ul><li>Home page of the valley news site today</li></ul></nav>\
         <div class=promo><p>Subscribe to our newsletter for more.</p></div>\
         <div id=main><h2>Gates</h2>{STORY}</div>\
         <footer><p>Copyright Valley Herald, all rights reserved here.</p></footer></body></html>"
    );
    let text = blocks::densest_blocks(&page);
    let paragraphs: Vec<&str> = text.split("\n\n").collect();
    assert_eq!(paragraphs.len(), 4, "{text}");
    assert!(paragraphs[0].starts_with("The river authority opened"));
    assert!(!text.contains("Subscribe") && !text.contains("Copyright"));
    assert_eq!(blocks::densest_blocks("<p>Too short.</p>"), "");
    assert_eq!(blocks::densest_blocks(""), "");
}

#[test]
fn a_story_streamed_into_a_hidden_boundary_is_found_by_density() {
    // React's streaming renderer sends the story in a hidden boundary
    // (`<div hidden id="S:0">`) that a script moves into place; Readability
    // skips hidden nodes and keeps only the visible shell's footer.
    let page = format!(
        "<html><head><title>Gates open</title></head><body>\
         <div id=shell><template id=\"B:0\"></template>\
         <footer><p>Subscribe to the Valley Herald newsletter for the news of the river.</p></footer></div>\
         <div hidden id=\"S:0\"><main><article>{STORY}</article></main></div></body></html>"
    );
    let raw = read(&page).unwrap();
    assert!(
        raw.text.contains("Engineers said the gates") && raw.text.contains("farmers downstream"),
        "{:?}",
        raw.text
    );
    assert!(!raw.text.contains("Subscribe"), "{:?}", raw.text);
}

#[test]
fn a_date_line_in_the_text_is_the_date_when_nothing_marks_one() {
    let day = |head: &str, top: &str| {
        read(&page_with(head, top))
            .unwrap()
            .published
            .map(|d| d.to_string())
    };
    // A short run of text that is a day, with a label or none, in
    // unmarked markup (no class, no <time>).
    let byline = "<div><div><span>Ana Lima</span><span>Updated on 23 Oct 2025</span></div></div>";
    assert_eq!(day("", byline).as_deref(), Some("2025-10-23"));
    assert_eq!(
        day("", "<div>December 15, 2025 · 3 min read</div>").as_deref(),
        Some("2025-12-15")
    );
    // The first one in the page's order.
    let two = "<div><p>Friday, March 7, 2025</p></div><div><p>April 2, 2025</p></div>";
    assert_eq!(day("", two).as_deref(), Some("2025-03-07"));
    // A sentence that mentions a day is no date line; nor is a day in the
    // navigation, the footer or a script.
    assert_eq!(
        day(
            "",
            "<p>The old gates were shut on 15 August 2019 for good.</p>"
        ),
        None
    );
    let furniture = "<nav><a>Archive: May 3, 2024</a></nav>\
        <script>var built = 'May 3, 2024';</script>";
    assert_eq!(day("", furniture), None);
    // Markup that names a date comes first.
    let meta = r#"<meta property="article:published_time" content="2024-03-01T10:00:00Z">"#;
    assert_eq!(day(meta, byline).as_deref(), Some("2024-03-01"));
}

#[test]
fn a_last_modified_day_is_the_last_resort() {
    let day = |head: &str, top: &str| {
        read(&page_with(head, top))
            .unwrap()
            .published
            .map(|d| d.to_string())
    };
    let modified = r#"<meta property="article:modified_time" content="2026-02-07T12:00:00Z">"#;
    // Alone, it is the date.
    assert_eq!(day(modified, "").as_deref(), Some("2026-02-07"));
    // A day the byline shows comes before it: the page's first publication.
    let byline = r#"<p class="byline">Published July 13, 2022</p>"#;
    assert_eq!(day(modified, byline).as_deref(), Some("2022-07-13"));
    // So does a day in the URL's path.
    let canonical = r#"<link rel="canonical" href="https://example.org/2021/05/06/gates">"#;
    assert_eq!(
        day(&format!("{modified}{canonical}"), "").as_deref(),
        Some("2021-05-06")
    );
}

#[test]
fn a_site_name_before_the_headline_is_not_taken_for_the_headline() {
    // `Site | Headline` in one title and `Headline | Site` in another: the
    // headline is not the site's name, and the <h1> that says it wins.
    let head = r#"<title>Gates open on the river: what it means | Valley Herald</title>
        <meta property="og:title" content="Valley Herald | Gates open on the river">"#;
    let page = page_with(head, "<h1>Gates open on the river</h1>");
    assert_eq!(
        read(&page).unwrap().title.as_deref(),
        Some("Gates open on the river")
    );
    // Without an <h1>, the metadata's title without the site's name.
    let head = r#"<meta property="og:title" content="Valley Herald | Gates open on the river">
        <meta property="og:site_name" content="Valley Herald">"#;
    assert_eq!(
        read(&page_with(head, "")).unwrap().title.as_deref(),
        Some("Gates open on the river")
    );
}

#[test]
fn an_h1_loses_a_trailing_site_name_and_a_date() {
    let head = r#"<meta property="og:site_name" content="Valley Herald">"#;
    let page = page_with(head, "<h1>Gates open on the river – Valley Herald</h1>");
    assert_eq!(
        read(&page).unwrap().title.as_deref(),
        Some("Gates open on the river")
    );
    // A tail that is not the site's name stays.
    let page = page_with(head, "<h1>Gates open on the river – what it means</h1>");
    assert_eq!(
        read(&page).unwrap().title.as_deref(),
        Some("Gates open on the river – what it means")
    );
    // A date written into the <h1> beside the metadata's title.
    let head = r#"<meta property="og:title" content="Gates open on the river">"#;
    let page = page_with(head, "<h1>Dec 18 2025 Gates open on the river</h1>");
    assert_eq!(
        read(&page).unwrap().title.as_deref(),
        Some("Gates open on the river")
    );
    // Other words beside it are the <h1>'s own.
    let page = page_with(head, "<h1>Gates open on the river at last</h1>");
    assert_eq!(
        read(&page).unwrap().title.as_deref(),
        Some("Gates open on the river at last")
    );
}

#[test]
fn a_metadata_title_cut_short_gives_way_to_a_whole_one() {
    let head = r#"<script type="application/ld+json">{"@type":"Article","headline":"Gates open on the river (and two villages"}</script>
        <meta property="og:title" content="Gates open on the river (and two villages are safe) - Valley Herald">"#;
    assert_eq!(
        read(&page_with(head, "")).unwrap().title.as_deref(),
        Some("Gates open on the river (and two villages are safe)")
    );
    // A whole title stays first, even when a later one is longer.
    let head = r#"<script type="application/ld+json">{"@type":"Article","headline":"Gates open on the river"}</script>
        <meta property="og:title" content="Gates open on the river at last">"#;
    assert_eq!(
        read(&page_with(head, "")).unwrap().title.as_deref(),
        Some("Gates open on the river")
    );
}

#[test]
fn a_web_page_objects_publication_day_follows_the_article_metadata() {
    let day = |head: &str, top: &str| {
        read(&page_with(head, top))
            .unwrap()
            .published
            .map(|d| d.to_string())
    };
    let graph = r#"<script type="application/ld+json">{"@graph":[
        {"@type":"WebSite","name":"Valley Herald"},
        {"@type":"WebPage","datePublished":"2024-03-17T08:00:00+00:00","dateModified":"2024-05-03"}]}</script>"#;
    // Before a <time> of the page, which may be anything's.
    let time = r#"<time datetime="2024-05-03">May 3</time>"#;
    assert_eq!(day(graph, time).as_deref(), Some("2024-03-17"));
    // After the article's own.
    let meta = r#"<meta property="article:published_time" content="2024-03-01T10:00:00Z">"#;
    assert_eq!(
        day(&format!("{graph}{meta}"), time).as_deref(),
        Some("2024-03-01")
    );
}
