//! RSS 2.0, RSS 1.0 (RDF) and Atom feeds: one article per item, read with
//! `feed-rs`.
//!
//! Each item gives: its title; its link as the URL; `pubDate`/`published`,
//! else `updated`, as the publication day (the day in UTC: feed-rs keeps
//! timestamps in UTC); its authors (an Atom feed's own authors when the
//! entry names none); `content:encoded` or `<content>`, else `description`
//! or `<summary>`, as the body, its HTML turned into paragraphs by
//! [`super::markup`] (figure captions go to the captions); the channel's
//! `language`. The source comes from the channel: its title when the
//! source registry knows it (`Financial Times` is `ft`), else the title as
//! the name and a slug of it as the id; a channel without a title is named
//! by its link's domain. An item's id is its `guid`/`<id>`, else its link,
//! else `<file stem>-<n>` (n counting items from 1).
//!
//! A feed is read whole, so a file over the size limit is refused. XML
//! entities other than the five predefined ones and character references
//! are never expanded: a document type's internal entities (an
//! entity-expansion bomb) and external entities (which would read a file)
//! stay as written, and no file or URL is ever opened.

use std::path::Path;

use feed_rs::model::{Entry, Feed, FeedType, Link, Text};

use super::error::{IngestError, IngestErrorKind};
use super::markup::fragment_text;
use super::{Layout, Origin, RawArticle};
use crate::article::{ArticleId, Source};
use crate::extract::source::SourceRegistry;

/// Bytes at the start of an `.xml` file searched for its root element.
pub const SNIFF_BYTES: usize = 64 * 1024;

/// The root element of an XML document in `head` (its first bytes), past
/// the declaration, comments, processing instructions and a document type
/// (internal subset included); `None` when `head` ends before it.
pub fn root_element(head: &[u8]) -> Option<&str> {
    let mut rest = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    loop {
        let start = rest.iter().position(|b| !b.is_ascii_whitespace())?;
        rest = &rest[start..];
        if rest.starts_with(b"<?") {
            rest = after(rest, b"?>")?;
        } else if rest.starts_with(b"<!--") {
            rest = after(rest, b"-->")?;
        } else if rest.starts_with(b"<!") {
            // `<!DOCTYPE name [ ... ]>`: to the `>` outside brackets.
            let mut depth = 0usize;
            let end = rest.iter().position(|&b| {
                match b {
                    b'[' => depth += 1,
                    b']' => depth = depth.saturating_sub(1),
                    b'>' if depth == 0 => return true,
                    _ => {}
                }
                false
            })?;
            rest = &rest[end + 1..];
        } else if rest.starts_with(b"<") {
            let name = &rest[1..];
            let end = name
                .iter()
                .position(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
                .unwrap_or(name.len());
            return std::str::from_utf8(&name[..end]).ok();
        } else {
            return Some("");
        }
    }
}

fn after<'a>(bytes: &'a [u8], end: &[u8]) -> Option<&'a [u8]> {
    let at = bytes.windows(end.len()).position(|w| w == end)?;
    Some(&bytes[at + end.len()..])
}

/// Whether a root element is a feed's: `rss`, `feed` or `rdf:RDF` (any
/// prefix).
pub fn is_feed_root(name: &str) -> bool {
    let local = name.rsplit(':').next().unwrap_or(name);
    matches!(local, "rss" | "feed" | "RDF")
}

/// Whether the file at `path` starts like a feed (what a directory walk
/// asks of an `.xml` file).
pub fn looks_like_feed(path: &Path) -> bool {
    use std::io::Read;
    let Ok(file) = std::fs::File::open(path) else {
        // Unreadable: taken, so that the reader reports it.
        return true;
    };
    let mut head = Vec::new();
    if file
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .is_err()
    {
        return true;
    }
    root_element(&head).is_some_and(is_feed_root)
}

/// An upper bound on the items of a feed: the times `item` or `entry`
/// occurs in it (any case), plus one.
pub fn count_items(bytes: &[u8]) -> usize {
    let count = |word: &[u8]| {
        bytes
            .windows(word.len())
            .filter(|w| w.eq_ignore_ascii_case(word))
            .count()
    };
    count(b"item") + count(b"entry") + 1
}

/// Every item of a feed file's bytes, as articles (or one error for a file
/// that is not a feed).
pub fn parse(bytes: &[u8], path: &Path) -> Vec<Result<RawArticle, IngestError>> {
    let origin = |line| Origin {
        path: path.to_path_buf(),
        line,
    };
    let fail = |kind| vec![Err(IngestError::new(origin(None), kind))];
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return fail(IngestErrorKind::Empty);
    }
    match root_element(&bytes[..bytes.len().min(SNIFF_BYTES)]) {
        Some(root) if is_feed_root(root) => {}
        Some(root) if !root.is_empty() => {
            return fail(IngestErrorKind::Malformed(format!(
                "not an RSS or Atom feed (its root element is <{root}>, not <rss>, <feed> or <rdf:RDF>)"
            )))
        }
        _ => {
            return fail(IngestErrorKind::Malformed(
                "not an RSS or Atom feed (no XML root element)".to_string(),
            ))
        }
    }
    // Ids feed-rs would make up (a hash of link and title) are left empty:
    // ours are the link or the item's number.
    let parser = feed_rs::parser::Builder::new()
        .id_generator(|_, _, _| String::new())
        .build();
    let feed = match parser.parse(bytes).or_else(|err| match versioned(bytes) {
        // feed-rs takes `<rss>` only with a version it knows; one without
        // a version is read as RSS 2.0.
        Some(patched) => parser.parse(&patched[..]).map_err(|_| err),
        None => Err(err),
    }) {
        Ok(feed) => feed,
        Err(err) => {
            return fail(IngestErrorKind::Malformed(format!(
                "not a well-formed feed: {err}"
            )))
        }
    };
    let channel = Channel::of(&feed);
    let stem = super::text::stem_id(path).0;
    let mut out = Vec::with_capacity(feed.entries.len());
    for (index, entry) in feed.entries.iter().enumerate() {
        let number = index + 1;
        out.push(Ok(item(
            entry,
            &channel,
            &feed,
            || format!("{stem}-{number}"),
            origin(Some(number)),
        )));
    }
    if out.is_empty() {
        return fail(IngestErrorKind::NoRecords("feed item"));
    }
    out
}

/// `bytes` with `version="2.0"` added to a root `<rss>` tag that has no
/// version; `None` when the root is not such a tag.
fn versioned(bytes: &[u8]) -> Option<Vec<u8>> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let name = root_element(head).filter(|n| *n == "rss")?;
    let at = (name.as_ptr() as usize).checked_sub(head.as_ptr() as usize)? + name.len();
    let tag_end = at + bytes.get(at..)?.iter().position(|&b| b == b'>')?;
    if bytes[at..tag_end].windows(8).any(|w| w == b"version=") {
        return None;
    }
    let mut patched = Vec::with_capacity(bytes.len() + 16);
    patched.extend_from_slice(&bytes[..at]);
    patched.extend_from_slice(b" version=\"2.0\"");
    patched.extend_from_slice(&bytes[at..]);
    Some(patched)
}

/// What every item of a feed shares.
struct Channel {
    source: Option<Source>,
    language: Option<String>,
}

impl Channel {
    fn of(feed: &Feed) -> Channel {
        let title = feed.title.as_ref().map(plain).filter(|t| !t.is_empty());
        let source = match title {
            Some(title) => Some(
                SourceRegistry::shipped()
                    .resolve(&title)
                    .cloned()
                    .unwrap_or_else(|| Source {
                        id: slug(&title),
                        name: title,
                    }),
            ),
            None => link_of(&feed.links).and_then(domain).map(|domain| Source {
                id: domain.clone(),
                name: domain,
            }),
        };
        Channel {
            source: source.filter(|s| !s.id.is_empty()),
            language: feed.language.clone().filter(|l| !l.trim().is_empty()),
        }
    }
}

/// One item as an article.
fn item(
    entry: &Entry,
    channel: &Channel,
    feed: &Feed,
    numbered: impl FnOnce() -> String,
    origin: Origin,
) -> RawArticle {
    let link = link_of(&entry.links).map(str::to_string);
    let id = Some(entry.id.trim())
        .filter(|id| !id.is_empty())
        .map(str::to_string)
        .or_else(|| link.clone())
        .unwrap_or_else(numbered);
    let mut captions = Vec::new();
    let mut body = String::new();
    let mut input_bytes = 0;
    if let Some(content) = entry.content.as_ref().and_then(|c| c.body.as_ref()) {
        input_bytes += content.len();
        let html = content.contains('<') || content.contains('&');
        let text = if html {
            let got = fragment_text(content);
            captions = got.captions;
            got.text
        } else {
            content.trim().to_string()
        };
        body = text;
    }
    if body.trim().is_empty() {
        if let Some(summary) = &entry.summary {
            input_bytes += summary.content.len();
            let got = fragment_text(&summary.content);
            captions = got.captions;
            body = got.text;
        }
    }
    let mut raw = RawArticle::new(ArticleId(id), origin, Layout::Fielded, body);
    raw.input_bytes = input_bytes.max(1);
    raw.title = entry.title.as_ref().map(plain).filter(|t| !t.is_empty());
    raw.url = link;
    raw.published = entry
        .published
        .or(entry.updated)
        .and_then(|t| time::OffsetDateTime::from_unix_timestamp(t.timestamp()).ok())
        .map(time::OffsetDateTime::date);
    let mut authors: Vec<String> = entry.authors.iter().filter_map(person).collect();
    if authors.is_empty() && feed.feed_type == FeedType::Atom {
        authors = feed.authors.iter().filter_map(person).collect();
    }
    raw.authors = authors;
    raw.captions = captions;
    raw.source = channel.source.clone();
    raw.language = entry
        .language
        .clone()
        .filter(|l| !l.trim().is_empty())
        .or_else(|| channel.language.clone());
    raw
}

/// A text element as one line of plain text (markup removed).
fn plain(text: &Text) -> String {
    let content = &text.content;
    if content.contains('<') || content.contains('&') {
        fragment_text(content)
            .text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        content.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// A person's name: `name`, or inside the parentheses of RSS's
/// `jane@example.com (Jane Roe)` (which feed-rs keeps as the email of a
/// person named `author`); an email address alone is no name.
fn person(person: &feed_rs::model::Person) -> Option<String> {
    let from_email = |text: &str| -> Option<String> {
        let (open, close) = (text.find('(')?, text.rfind(')')?);
        (open < close && text[..open].contains('@'))
            .then(|| text[open + 1..close].trim().to_string())
    };
    let name = person.name.trim();
    let name = if name.is_empty() || name == "author" || name.contains('@') {
        from_email(name).or_else(|| person.email.as_deref().and_then(from_email))?
    } else {
        name.to_string()
    };
    (!name.is_empty()).then_some(name)
}

/// The page link among `links`: the first without a `rel` or with
/// `rel="alternate"`, else the first.
fn link_of(links: &[Link]) -> Option<&str> {
    links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or_else(|| links.first())
        .map(|l| l.href.trim())
        .filter(|h| !h.is_empty())
}

/// The host of a URL, without `www.` and lowercased.
fn domain(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest
        .split(['/', '?', '#'])
        .next()?
        .rsplit('@')
        .next()?
        .split(':')
        .next()?
        .to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

/// A source id from a name: ASCII (transliterated), lowercase, words joined
/// by `-`.
pub(crate) fn slug(name: &str) -> String {
    let ascii = deunicode::deunicode(name).to_lowercase();
    ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, name: &str) -> Vec<Result<RawArticle, IngestError>> {
        parse(text.as_bytes(), Path::new(name))
    }

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- an invented feed -->
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Invented Daily Gazette</title>
  <link>https://www.gazette.test/</link>
  <language>fr</language>
  <item>
    <title>Grain &amp; oil</title>
    <link>https://www.gazette.test/a/1</link>
    <guid isPermaLink="false">gazette-1</guid>
    <pubDate>Mon, 25 Mar 2024 10:00:00 +0000</pubDate>
    <dc:creator>Jane Roe</dc:creator>
    <description>Short summary.</description>
    <content:encoded><![CDATA[<p>Wheat rose.</p><script>track()</script><figure><img src="x.jpg"><figcaption>A silo at dawn.</figcaption></figure><p>Maize<br>fell.</p>]]></content:encoded>
  </item>
  <item>
    <title>Second</title>
    <link>https://www.gazette.test/a/2</link>
    <description>&lt;p&gt;Only a &lt;b&gt;description&lt;/b&gt;.&lt;/p&gt;</description>
    <author>ann@gazette.test (Ann Lee)</author>
  </item>
  <item>
    <title>Third</title>
    <description>No link, no guid.</description>
  </item>
</channel>
</rss>"#;

    /// RSS items map title, link, guid, date, authors, content over
    /// description (HTML cleaned, captions apart), channel source and
    /// language; ids fall back to the link, then the item number.
    #[test]
    fn rss_items_map_to_articles() {
        let items = read(RSS, "gazette.rss");
        let got: Vec<&RawArticle> = items.iter().map(|i| i.as_ref().unwrap()).collect();
        assert_eq!(got.len(), 3);
        let a = got[0];
        assert_eq!(a.id.as_str(), "gazette-1");
        assert_eq!(a.title.as_deref(), Some("Grain & oil"));
        assert_eq!(a.url.as_deref(), Some("https://www.gazette.test/a/1"));
        assert_eq!(a.published, Some(time::macros::date!(2024 - 03 - 25)));
        assert_eq!(a.authors, ["Jane Roe"]);
        assert_eq!(a.text, "Wheat rose.\n\nMaize\nfell.");
        assert_eq!(a.captions, ["A silo at dawn."]);
        let source = a.source.as_ref().unwrap();
        assert_eq!(
            (source.id.as_str(), source.name.as_str()),
            ("invented-daily-gazette", "Invented Daily Gazette")
        );
        assert_eq!(a.language.as_deref(), Some("fr"));
        assert_eq!(a.origin.line, Some(1));
        let b = got[1];
        assert_eq!(b.id.as_str(), "https://www.gazette.test/a/2");
        assert_eq!(b.text, "Only a description.");
        assert_eq!(b.authors, ["Ann Lee"]);
        assert_eq!(got[2].id.as_str(), "gazette-3");
        assert_eq!(got[2].text, "No link, no guid.");
    }

    /// Atom entries: id, alternate link, published else updated, the
    /// feed's authors when an entry has none, content over summary, and a
    /// known outlet's title mapped through the source registry.
    #[test]
    fn atom_entries_map_to_articles() {
        let atom = r#"<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Financial Times</title>
  <id>urn:feed</id>
  <updated>2024-03-27T00:00:00Z</updated>
  <author><name>Desk Writer</name></author>
  <entry>
    <id>urn:entry:1</id>
    <title type="html">Rates &lt;em&gt;held&lt;/em&gt;</title>
    <link rel="alternate" href="https://ft.test/1"/>
    <updated>2024-03-26T09:00:00Z</updated>
    <summary>Summary text.</summary>
    <content type="html">&lt;p&gt;Central banks held rates.&lt;/p&gt;</content>
  </entry>
  <entry>
    <id>urn:entry:2</id>
    <title>Plain</title>
    <published>2024-03-24T23:30:00-05:00</published>
    <author><name>Bo Kim</name></author>
    <summary>Only summary.</summary>
  </entry>
</feed>"#;
        let items = read(atom, "ft.atom");
        let got: Vec<&RawArticle> = items.iter().map(|i| i.as_ref().unwrap()).collect();
        assert_eq!(got[0].id.as_str(), "urn:entry:1");
        assert_eq!(got[0].title.as_deref(), Some("Rates held"));
        assert_eq!(got[0].url.as_deref(), Some("https://ft.test/1"));
        assert_eq!(got[0].published, Some(time::macros::date!(2024 - 03 - 26)));
        assert_eq!(got[0].text, "Central banks held rates.");
        assert_eq!(got[0].authors, ["Desk Writer"]);
        assert_eq!(got[0].source.as_ref().unwrap().id, "ft");
        // The day in UTC.
        assert_eq!(got[1].published, Some(time::macros::date!(2024 - 03 - 25)));
        assert_eq!(got[1].authors, ["Bo Kim"]);
        assert_eq!(got[1].text, "Only summary.");
    }

    /// RSS 1.0 (RDF) feeds are feeds; a channel without a title is named by
    /// its link's domain; an `<rss>` without a version is RSS 2.0.
    #[test]
    fn rdf_feeds_and_untitled_channels() {
        let bare = read(
            "<?xml version=\"1.0\"?>\n<rss><channel><title>T</title><item><description>No version.</description></item></channel></rss>",
            "bare.rss",
        );
        assert_eq!(bare[0].as_ref().unwrap().text, "No version.");
        let rdf = r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
  <channel rdf:about="https://www.wire.test/"><link>https://www.wire.test/</link><description>d</description></channel>
  <item rdf:about="https://www.wire.test/x"><title>X</title><link>https://www.wire.test/x</link><description>Wire copy.</description></item>
</rdf:RDF>"#;
        let items = read(rdf, "wire.xml");
        let a = items[0].as_ref().unwrap();
        assert_eq!(a.text, "Wire copy.");
        assert_eq!(a.source.as_ref().unwrap().id, "wire.test");
    }

    /// Not a feed, malformed XML, no items: one clear error each, naming
    /// the file.
    #[test]
    fn bad_feeds_are_one_clear_error() {
        let cases = [
            (
                "<?xml version=\"1.0\"?><config><a/></config>",
                "not an RSS or Atom feed (its root element is <config>",
            ),
            (
                "plain words",
                "not an RSS or Atom feed (no XML root element)",
            ),
            (
                "<rss><channel><title>T</title><item><title>x</item></channel></rss>",
                "not a well-formed feed",
            ),
            (
                "<rss version=\"2.0\"><channel><title>T</title></channel></rss>",
                "no feed item records found",
            ),
            ("  \n", "empty file"),
        ];
        for (text, want) in cases {
            let errs: Vec<String> = read(text, "bad.xml")
                .into_iter()
                .map(|i| i.unwrap_err().to_string())
                .collect();
            assert_eq!(errs.len(), 1, "{text}: {errs:?}");
            assert!(
                errs[0].starts_with("bad.xml: ") && errs[0].contains(want),
                "{text}: {errs:?}"
            );
        }
    }

    /// An entity-expansion bomb ("billion laughs") does not expand: it is
    /// read quickly, and the text holds no expansion.
    #[test]
    fn an_entity_bomb_does_not_expand() {
        let mut dtd = String::from("<!ENTITY lol \"lol\">\n");
        for i in 1..10 {
            let prev = if i == 1 {
                "lol".to_string()
            } else {
                format!("lol{}", i - 1)
            };
            dtd.push_str(&format!(
                "<!ENTITY lol{i} \"{}\">\n",
                format!("&{prev};").repeat(10)
            ));
        }
        let bomb = format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n{dtd}]>\n<rss version=\"2.0\"><channel><title>Bomb</title>\
             <item><title>t &lol9;</title><guid>b1</guid><description>Body &lol9; end.</description></item></channel></rss>"
        );
        let started = std::time::Instant::now();
        let items = read(&bomb, "bomb.rss");
        assert!(started.elapsed().as_secs() < 5);
        for item in &items {
            match item {
                Ok(raw) => {
                    assert!(raw.text.len() < 100, "expanded: {} bytes", raw.text.len());
                    assert!(!raw.text.contains("lollol"), "{}", raw.text);
                }
                Err(err) => assert!(err.to_string().starts_with("bomb.rss"), "{err}"),
            }
        }
    }

    /// An external entity is never resolved: the file it names is not
    /// read into any field.
    #[test]
    fn an_external_entity_reads_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let secret = dir.path().join("secret.txt");
        std::fs::write(&secret, "TOPSECRETMARKER").unwrap();
        let url = format!("file://{}", secret.display());
        let xxe = format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [ <!ENTITY xxe SYSTEM \"{url}\"> ]>\n\
             <rss version=\"2.0\"><channel><title>&xxe;</title>\
             <item><title>&xxe;</title><guid>x1</guid><description>Before &xxe; after.</description></item></channel></rss>"
        );
        for item in read(&xxe, "xxe.rss") {
            let shown = format!("{item:?}");
            assert!(!shown.contains("TOPSECRETMARKER"), "{shown}");
        }
    }

    #[test]
    fn root_elements_are_found_past_the_prolog() {
        assert_eq!(root_element(b"\xEF\xBB\xBF<?xml version='1.0'?>\n<!-- c -->\n<!DOCTYPE x [<!ENTITY a '>'>]>\n<rdf:RDF a='b'>"), Some("rdf:RDF"));
        assert_eq!(root_element(b"<feed/>"), Some("feed"));
        assert_eq!(root_element(b"<?xml "), None);
        assert!(is_feed_root("rss") && is_feed_root("atom:feed") && !is_feed_root("html"));
        assert_eq!(slug("Le Café du Commerce!"), "le-cafe-du-commerce");
        assert_eq!(
            domain("https://user@www.Example.test:8080/a?b").as_deref(),
            Some("example.test")
        );
    }

    /// Many items and one huge item read in linear time and memory.
    #[test]
    fn feeds_read_in_linear_time() {
        let run = |text: &String| {
            std::hint::black_box(parse(text.as_bytes(), Path::new("p.rss")));
        };
        let wrap = |items: String| {
            format!("<rss version=\"2.0\"><channel><title>Lin</title>{items}</channel></rss>")
        };
        crate::growth::assert_linear(
            "feed many items",
            1 << 18,
            |n| {
                wrap(
                    "<item><title>T</title><description>Grain rose.</description></item>"
                        .repeat(n / 70),
                )
            },
            run,
        );
        crate::growth::assert_linear(
            "feed huge item",
            1 << 18,
            |n| {
                wrap(format!(
                    "<item><title>T</title><description>{}</description></item>",
                    "&lt;p&gt;Grain rose.&lt;/p&gt; ".repeat(n / 32)
                ))
            },
            run,
        );
    }
}
