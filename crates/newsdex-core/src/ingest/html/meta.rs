//! A page's metadata, read from its parsed DOM before the main-text
//! extractor changes it: JSON-LD (`<script type="application/ld+json">`,
//! its `NewsArticle`/`Article` object), `<meta>` tags (Open Graph,
//! `article:*`, Dublin Core, `author`), the canonical link, `<html lang>`,
//! `<time datetime>`, headings and `<figcaption>`s.

use std::collections::HashMap;

use dom_query::Document;
use serde_json::Value;
use time::Date;

/// Largest JSON-LD block parsed (bytes); larger ones are skipped.
const MAX_JSON_LD_BYTES: usize = 1024 * 1024;

/// What a page says about itself.
#[derive(Debug, Default)]
pub struct PageMeta {
    /// The headline.
    pub title: Option<String>,
    /// The publication day, by the first of: JSON-LD `datePublished`,
    /// `article:published_time` (and the like), `<time datetime>`.
    pub published: Option<Date>,
    /// Bylines.
    pub authors: Vec<String>,
    /// The outlet's name (JSON-LD `publisher`, then `og:site_name`).
    pub site_name: Option<String>,
    /// The canonical URL (`<link rel=canonical>`, `og:url`, JSON-LD `url`),
    /// when absolute.
    pub url: Option<String>,
    /// `<html lang>`, else a `content-language` meta, else JSON-LD
    /// `inLanguage`.
    pub language: Option<String>,
    /// `<figcaption>` texts.
    pub captions: Vec<String>,
}

/// The JSON-LD article object's fields newsdex uses.
#[derive(Debug, Default)]
struct JsonLd {
    headline: Option<String>,
    published: Option<String>,
    modified: Option<String>,
    authors: Vec<String>,
    publisher: Option<String>,
    url: Option<String>,
    language: Option<String>,
}

/// Reads the metadata of `doc`.
pub fn read(doc: &Document) -> PageMeta {
    let metas = meta_tags(doc);
    let meta = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| metas.get(*k).filter(|v| !v.is_empty()).cloned())
    };
    let ld = json_ld(doc);

    let h1s: Vec<String> = doc
        .select("h1")
        .iter()
        .map(|h| squash(&h.text()))
        .filter(|t| !t.is_empty())
        .collect();
    let og_title = meta(&["og:title", "twitter:title", "dc.title"]);
    let title_tag = doc
        .select("head title")
        .iter()
        .next()
        .map(|t| squash(&t.text()))
        .filter(|t| !t.is_empty());
    let title = pick_title(
        &h1s,
        ld.headline.as_deref(),
        og_title.as_deref(),
        title_tag.as_deref(),
    );

    let published = ld
        .published
        .as_deref()
        .and_then(parse_date)
        .or_else(|| {
            [
                "article:published_time",
                "og:article:published_time",
                "datepublished",
                "publish-date",
                "publish_date",
                "pubdate",
                "parsely-pub-date",
                "sailthru.date",
                "dc.date.issued",
                "dc.date",
                "dcterms.created",
                "date",
            ]
            .iter()
            .find_map(|k| metas.get(*k).and_then(|v| parse_date(v)))
        })
        .or_else(|| {
            doc.select("[itemprop=datePublished]")
                .iter()
                .find_map(|n| n.attr("content").or_else(|| n.attr("datetime")))
                .and_then(|v| parse_date(&v))
        })
        .or_else(|| {
            doc.select("time[datetime]")
                .iter()
                .find_map(|t| t.attr("datetime").and_then(|v| parse_date(&v)))
        })
        // A page that gives only when it was last changed: that day.
        .or_else(|| ld.modified.as_deref().and_then(parse_date))
        .or_else(|| {
            ["article:modified_time", "og:updated_time", "datemodified"]
                .iter()
                .find_map(|k| metas.get(*k).and_then(|v| parse_date(v)))
        });

    let mut authors = ld.authors;
    if authors.is_empty() {
        let named = meta(&[
            "author",
            "article:author",
            "dc.creator",
            "parsely-author",
            "sailthru.author",
        ])
        .filter(|a| !looks_like_url(a));
        authors.extend(named);
    }
    if authors.is_empty() {
        authors.extend(
            doc.select("[rel=author], [itemprop=author] [itemprop=name], [itemprop=author]")
                .iter()
                .map(|n| squash(&n.text()))
                .find(|t| !t.is_empty() && t.split_whitespace().count() <= 6),
        );
    }
    let authors = dedup(authors.into_iter().map(|a| squash(&a)).collect());

    let site_name = ld
        .publisher
        .or_else(|| meta(&["og:site_name", "application-name"]));
    let url = doc
        .select("link[rel=canonical]")
        .iter()
        .find_map(|l| l.attr("href").map(|h| h.trim().to_string()))
        .filter(|u| is_absolute(u))
        .or_else(|| meta(&["og:url"]).filter(|u| is_absolute(u)))
        .or_else(|| ld.url.filter(|u| is_absolute(u)));
    let language = doc
        .select("html[lang]")
        .iter()
        .find_map(|h| h.attr("lang").map(|l| l.trim().to_string()))
        .filter(|l| !l.is_empty())
        .or_else(|| meta(&["content-language", "og:locale", "dc.language", "language"]))
        .or(ld.language);
    let captions = dedup(
        doc.select("figcaption")
            .iter()
            .map(|c| squash(&c.text()))
            .filter(|t| !t.is_empty())
            .collect(),
    );
    PageMeta {
        title,
        published,
        authors,
        site_name,
        url,
        language,
        captions,
    }
}

/// The headline: the page's `<h1>` when it agrees with what the metadata
/// calls the title (pages often put a second `<h1>` on the site's logo),
/// else the JSON-LD headline, `og:title`, the first `<h1>`, or the
/// `<title>` without the site name after a separator.
fn pick_title(
    h1s: &[String],
    ld: Option<&str>,
    og: Option<&str>,
    tag: Option<&str>,
) -> Option<String> {
    let declared: Vec<&str> = [ld, og, tag].into_iter().flatten().collect();
    let agrees = |h1: &str| {
        let h = key(h1);
        !h.is_empty() && declared.iter().any(|d| key(d).contains(&h))
    };
    if let Some(h1) = h1s.iter().find(|h| agrees(h)) {
        return Some(h1.clone());
    }
    if let Some(title) = ld.or(og) {
        return Some(squash(title));
    }
    if let Some(h1) = h1s.first() {
        return Some(h1.clone());
    }
    tag.map(strip_site_suffix)
}

/// `Headline | Site` → `Headline` (also ` - `, ` — `, ` · `).
fn strip_site_suffix(title: &str) -> String {
    for sep in [" | ", " - ", " – ", " — ", " · ", " :: "] {
        if let Some(pos) = title.rfind(sep) {
            let head = &title[..pos];
            if head.split_whitespace().count() >= 3 {
                return head.trim().to_string();
            }
        }
    }
    title.trim().to_string()
}

/// Lowercased letters and digits only, for comparing titles.
fn key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Every `<meta>`'s `name`/`property`/`http-equiv`/`itemprop`, lowercased,
/// to its `content` (the first one of each key).
fn meta_tags(doc: &Document) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for node in doc.select("meta[content]").iter() {
        let Some(content) = node.attr("content") else {
            continue;
        };
        for attr in ["property", "name", "http-equiv", "itemprop"] {
            if let Some(key) = node.attr(attr) {
                out.entry(key.trim().to_ascii_lowercase())
                    .or_insert_with(|| content.trim().to_string());
            }
        }
    }
    out
}

/// The first JSON-LD object typed as an article (any `…Article`,
/// `BlogPosting`, `Report`), searched through arrays and `@graph`s.
fn json_ld(doc: &Document) -> JsonLd {
    let mut objects = Vec::new();
    for script in doc.select("script[type]").iter() {
        let is_ld = script
            .attr("type")
            .is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"));
        if !is_ld {
            continue;
        }
        let text = script.text();
        if text.len() > MAX_JSON_LD_BYTES {
            continue;
        }
        if let Ok(value) = serde_json::from_str::<Value>(text.trim()) {
            flatten(value, &mut objects, 0);
        }
    }
    let by_id: HashMap<&str, &Value> = objects
        .iter()
        .filter_map(|o| Some((o.get("@id")?.as_str()?, o)))
        .collect();
    let resolve = |v: &'_ Value| -> Value {
        match v
            .get("@id")
            .and_then(Value::as_str)
            .and_then(|id| by_id.get(id))
        {
            Some(target) if v.as_object().is_some_and(|o| o.len() == 1) => (*target).clone(),
            _ => v.clone(),
        }
    };
    let Some(article) = objects.iter().find(|o| is_article(o)) else {
        return JsonLd::default();
    };
    let text = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .map(squash)
            .filter(|s| !s.is_empty())
    };
    let mut authors = Vec::new();
    if let Some(author) = article.get("author") {
        let list = match author {
            Value::Array(items) => items.clone(),
            one => vec![one.clone()],
        };
        for item in &list {
            let item = resolve(item);
            let name = match &item {
                Value::String(s) => Some(s.clone()),
                Value::Object(_) => item.get("name").and_then(Value::as_str).map(str::to_string),
                _ => None,
            };
            authors.extend(
                name.map(|n| squash(&n))
                    .filter(|n| !n.is_empty() && !looks_like_url(n)),
            );
        }
    }
    let publisher = article
        .get("publisher")
        .map(&resolve)
        .and_then(|p| match &p {
            Value::String(s) => Some(squash(s)),
            Value::Array(items) => items
                .first()
                .and_then(|i| i.get("name"))
                .and_then(Value::as_str)
                .map(squash),
            _ => p.get("name").and_then(Value::as_str).map(squash),
        });
    let url = text(article.get("url")).or_else(|| {
        article.get("mainEntityOfPage").and_then(|m| match m {
            Value::String(s) => Some(s.clone()),
            _ => m.get("@id").and_then(Value::as_str).map(str::to_string),
        })
    });
    let language = text(article.get("inLanguage"));
    JsonLd {
        headline: text(article.get("headline")).or_else(|| text(article.get("name"))),
        published: text(article.get("datePublished")).or_else(|| text(article.get("dateCreated"))),
        modified: text(article.get("dateModified")),
        authors,
        publisher: publisher.filter(|p| !p.is_empty()),
        url,
        language,
    }
}

/// Collects every object of a JSON-LD value (arrays and `@graph`s opened).
fn flatten(value: Value, out: &mut Vec<Value>, depth: usize) {
    if depth > 8 {
        return;
    }
    match value {
        Value::Array(items) => items.into_iter().for_each(|v| flatten(v, out, depth + 1)),
        Value::Object(mut map) => {
            if let Some(graph) = map.remove("@graph") {
                flatten(graph, out, depth + 1);
            }
            out.push(Value::Object(map));
        }
        _ => {}
    }
}

fn is_article(object: &Value) -> bool {
    let article_type = |t: &str| {
        let t = t.rsplit(['/', ':']).next().unwrap_or(t);
        t.ends_with("Article") || t == "BlogPosting" || t == "Report" || t == "LiveBlogPosting"
    };
    match object.get("@type") {
        Some(Value::String(t)) => article_type(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(article_type),
        _ => false,
    }
}

/// A day from a date or timestamp as pages write them in metadata:
/// anything [`crate::dates::parse_day`] reads, a text starting
/// `YYYY-MM-DD` (timestamps with `+0000` offsets, spaces, fractions), or an
/// English date with the month in words (`Feb 08, 2022`, `8 February
/// 2022`, `Tuesday, March 5, 2024 10:00`).
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    crate::dates::parse_day(text)
        .ok()
        .or_else(|| {
            let head = text.get(..10)?;
            crate::dates::parse_day(head).ok()
        })
        .or_else(|| worded_date(text))
}

/// `Feb 08, 2022`, `8 February 2022`: a month name, a day and a four-digit
/// year among the first words.
fn worded_date(text: &str) -> Option<Date> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
        .collect();
    let mut month = None;
    let mut day = None;
    let mut year = None;
    for word in words {
        let lower = word.to_ascii_lowercase();
        let digits = word.bytes().all(|b| b.is_ascii_digit());
        if digits && word.len() == 4 {
            year = year.or(word.parse::<i32>().ok());
        } else if digits && word.len() <= 2 {
            day = day.or(word.parse::<u8>().ok());
        } else if month.is_none() && lower.len() >= 3 {
            let full = [
                "january",
                "february",
                "march",
                "april",
                "may",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december",
            ];
            month = MONTHS
                .iter()
                .position(|m| lower.get(..3) == Some(*m))
                .filter(|&i| full[i].starts_with(lower.trim_end_matches('.')) || lower == "sept")
                .map(|i| i as u8 + 1);
        }
    }
    let month = time::Month::try_from(month?).ok()?;
    Date::from_calendar_date(year?, month, day?).ok()
}

/// A day written in a URL's path: `/2024/03/25/`, `/2024-03-25`,
/// `/20240325/`.
pub fn date_in_url(url: &str) -> Option<Date> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let parts: Vec<&str> = path.split('/').skip(1).collect();
    fn number(s: &str, len: usize) -> Option<&str> {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then_some(s)
    }
    for window in parts.windows(3) {
        if let (Some(y), Some(m), Some(d)) = (
            number(window[0], 4),
            number(window[1], 2),
            number(window[2], 2),
        ) {
            if let Some(day) = parse_date(&format!("{y}-{m}-{d}")) {
                return Some(day);
            }
        }
    }
    for part in &parts {
        let bytes = part.as_bytes();
        for start in 0..bytes.len() {
            let Some(candidate) = part.get(start..start + 10) else {
                break;
            };
            let b = candidate.as_bytes();
            let boundary = start == 0 || !bytes[start - 1].is_ascii_digit();
            if boundary
                && b[4] == b'-'
                && b[7] == b'-'
                && !bytes.get(start + 10).is_some_and(u8::is_ascii_digit)
            {
                if let Some(day) = parse_date(candidate) {
                    return Some(day);
                }
            }
        }
        if let Some(digits) = number(part, 8) {
            let (y, md) = digits.split_at(4);
            let (m, d) = md.split_at(2);
            let year: u32 = y.parse().ok()?;
            if (1990..2100).contains(&year) {
                if let Some(day) = parse_date(&format!("{y}-{m}-{d}")) {
                    return Some(day);
                }
            }
        }
    }
    None
}

/// Whitespace runs collapsed to one space, trimmed.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn looks_like_url(text: &str) -> bool {
    text.starts_with("http://") || text.starts_with("https://") || text.starts_with("//")
}

fn is_absolute(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://")
}

fn dedup(items: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    items
        .into_iter()
        .filter(|i| seen.insert(i.clone()))
        .collect()
}

/// The host of an absolute URL, lowercased, without a leading `www.` or a
/// port.
pub fn host(url: &str) -> Option<String> {
    let (_, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit('@').next()?;
    let host = authority
        .split(':')
        .next()?
        .trim_end_matches('.')
        .to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty() && host.contains('.')).then_some(host)
}
