//! A page's metadata, read from its parsed DOM before the main-text
//! extractor changes it: JSON-LD (`<script type="application/ld+json">`,
//! its `NewsArticle`/`Article` object), `<meta>` tags (Open Graph,
//! `article:*`, Dublin Core, `author`), the canonical link, `<html lang>`,
//! `<time datetime>`, headings and `<figcaption>`s.

use std::collections::HashMap;

use dom_query::{Document, NodeRef};
use serde_json::Value;
use time::Date;

/// Largest JSON-LD block parsed (bytes); larger ones are skipped.
const MAX_JSON_LD_BYTES: usize = 1024 * 1024;

/// What a page says about itself.
#[derive(Debug, Default)]
pub struct PageMeta {
    /// The headline.
    pub title: Option<String>,
    /// The publication day, by the first of: the JSON-LD article's
    /// `datePublished`, `article:published_time` (and the like), the JSON-LD
    /// `WebPage`'s `datePublished`, `itemprop=datePublished`, `<time datetime>`.
    pub published: Option<Date>,
    /// A day written in the page's text where no metadata gives a
    /// publication day: a byline's (see [`shown_date`]), else the first
    /// date line (see [`date_line`]); `None` when `published` is set.
    pub shown_date: Option<Date>,
    /// The day the page was last changed (JSON-LD `dateModified`,
    /// `article:modified_time`…): the date of last resort, after the URL's
    /// and the text's (a page that gives only this often shows its first
    /// publication in its byline).
    pub modified: Option<Date>,
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
    /// The `datePublished` of the page's `WebPage` object, for pages whose
    /// JSON-LD describes the page but no article.
    page_published: Option<String>,
    authors: Vec<String>,
    publisher: Option<String>,
    url: Option<String>,
    language: Option<String>,
}

/// The elements every page's metadata is read from, in document order,
/// gathered in one walk of the DOM (a `Document::select` for each kind
/// walked the whole tree each time: 2.8M of the 34M instructions a median
/// WCXB page took to read).
#[derive(Default)]
struct Marked<'a> {
    /// `meta[content]`.
    metas: Vec<NodeRef<'a>>,
    /// `script[type]`.
    scripts: Vec<NodeRef<'a>>,
    /// `h1`.
    h1s: Vec<NodeRef<'a>>,
    /// The first `head title`.
    head_title: Option<NodeRef<'a>>,
    /// The first `link[rel=canonical]` with an `href`, trimmed.
    canonical: Option<String>,
    /// The first `html[lang]`'s `lang`, trimmed.
    lang: Option<String>,
    /// `figcaption`.
    figcaptions: Vec<NodeRef<'a>>,
    /// The first `body`, where the shown-date searches start.
    body: Option<NodeRef<'a>>,
}

impl<'a> Marked<'a> {
    fn of(doc: &'a Document) -> Self {
        let mut marked = Marked::default();
        for node in doc.root().descendants_it() {
            let Some(name) = node.qual_name_ref() else {
                continue;
            };
            match &*name.local {
                "meta" if node.has_attr("content") => marked.metas.push(node),
                "script" if node.has_attr("type") => marked.scripts.push(node),
                "h1" => marked.h1s.push(node),
                "figcaption" => marked.figcaptions.push(node),
                "title"
                    if marked.head_title.is_none()
                        && node.ancestors_it(None).any(|a| a.has_name("head")) =>
                {
                    marked.head_title = Some(node)
                }
                // `rel` values match ASCII case-insensitively, as selectors
                // match them in HTML documents.
                "link" if marked.canonical.is_none() => {
                    let canonical = node
                        .attr("rel")
                        .is_some_and(|r| r.eq_ignore_ascii_case("canonical"));
                    if canonical {
                        marked.canonical = node.attr("href").map(|h| h.trim().to_string());
                    }
                }
                "body" if marked.body.is_none() => marked.body = Some(node),
                "html" if marked.lang.is_none() => {
                    marked.lang = node.attr("lang").map(|l| l.trim().to_string());
                }
                _ => {}
            }
        }
        marked
    }
}

/// Reads the metadata of `doc`.
pub fn read(doc: &Document) -> PageMeta {
    let marked = Marked::of(doc);
    let metas = meta_tags(&marked.metas);
    let meta = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| metas.get(*k).filter(|v| !v.is_empty()).cloned())
    };
    let ld = json_ld(&marked.scripts);

    let h1s: Vec<String> = marked
        .h1s
        .iter()
        .map(|h| clean(&h.text()))
        .filter(|t| !t.is_empty())
        .collect();
    let title_tag = marked.head_title.map(|t| clean(&t.text()));
    let declared: Vec<String> = [ld.headline.clone()]
        .into_iter()
        .chain(
            ["og:title", "twitter:title", "dc.title"]
                .iter()
                .map(|k| metas.get(*k).cloned()),
        )
        .chain([title_tag])
        .flatten()
        .map(|t| clean(&t))
        .filter(|t| !t.is_empty())
        .collect();
    let site_name = ld
        .publisher
        .clone()
        .or_else(|| meta(&["og:site_name", "application-name"]))
        .map(|s| clean(&s));
    let title = pick_title(&h1s, &declared, site_name.as_deref());

    let published = ld
        .published
        .as_deref()
        .and_then(parse_date)
        .or_else(|| {
            [
                "article:published_time",
                "og:article:published_time",
                "datepublished",
                "og:published_time",
                "publish-date",
                "publish_date",
                "published-date",
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
        .or_else(|| ld.page_published.as_deref().and_then(parse_date))
        .or_else(|| {
            // `[itemprop=datePublished]`, walked lazily.
            let day = doc
                .root()
                .descendants_it()
                .filter(|n| n.attr("itemprop").is_some_and(|p| &*p == "datePublished"))
                .find_map(|n| n.attr("content").or_else(|| n.attr("datetime")))
                .and_then(|v| parse_date(&v));
            day
        })
        .or_else(|| {
            // `time[datetime]`, walked lazily.
            let day = doc
                .root()
                .descendants_it()
                .filter(|n| n.has_name("time"))
                .find_map(|t| t.attr("datetime").and_then(|v| parse_date(&v)));
            day
        });
    // When the page was last changed: used only when nothing else gives a day.
    let modified = ld.modified.as_deref().and_then(parse_date).or_else(|| {
        ["article:modified_time", "og:updated_time", "datemodified"]
            .iter()
            .find_map(|k| metas.get(*k).and_then(|v| parse_date(v)))
    });
    let shown_date = if published.is_none() {
        marked
            .body
            .and_then(|body| shown_date(&body).or_else(|| date_line(&body)))
    } else {
        None
    };

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
    let authors = dedup(authors.into_iter().map(|a| clean(&a)).collect());

    let url = marked
        .canonical
        .filter(|u| is_absolute(u))
        .or_else(|| meta(&["og:url"]).filter(|u| is_absolute(u)))
        .or_else(|| ld.url.filter(|u| is_absolute(u)));
    let language = marked
        .lang
        .filter(|l| !l.is_empty())
        .or_else(|| meta(&["content-language", "og:locale", "dc.language", "language"]))
        .or(ld.language);
    let captions = dedup(
        marked
            .figcaptions
            .iter()
            .map(|c| squash(&c.text()))
            .filter(|t| !t.is_empty())
            .collect(),
    );
    PageMeta {
        title,
        published,
        shown_date,
        modified,
        authors,
        site_name,
        url,
        language,
        captions,
    }
}

/// The headline. Pages name it twice: in metadata (JSON-LD `headline`,
/// `og:title`, `twitter:title`, `dc.title`, `<title>`), often with the
/// site's name or an SEO variant, and in a visible `<h1>`, which some pages
/// also put on their logo or menu. In order:
///
/// 1. the first `<h1>` that a metadata title agrees with: equal to it, to one
///    of its separator-delimited parts (`Headline | Site`), or its start when
///    covering at least half of it; an all-capitals `<h1>` (capitals are
///    usually styling) takes the metadata's spelling;
/// 2. when the two disagree, the first `<h1>` that reads like a headline (three
///    words or more): what the reader sees over the story;
/// 3. else the first metadata title without a trailing site name.
///
/// An `<h1>` equal to the site's name, or to a metadata title's site part
/// (see [`site_part`]), is the logo, never the headline. An `<h1>` ending
/// with the declared site name (`Headline – Site`) is read without it, and
/// one that is a metadata title with a date before or after it (`Dec 18 2025
/// Headline`) is that title.
fn pick_title(h1s: &[String], declared: &[String], site: Option<&str>) -> Option<String> {
    let site_key = site.map(key).filter(|k| !k.is_empty());
    // Every title's last part may name the site; a first part that does
    // (`Site | Headline`) makes its title's last part the headline.
    let last_parts: Vec<String> = site_key
        .iter()
        .cloned()
        .chain(
            declared
                .iter()
                .filter_map(|t| match title_parts(t).as_slice() {
                    [_, .., last] => Some(key(last)),
                    _ => None,
                }),
        )
        .collect();
    let mut site_keys: Vec<String> = site_key.iter().cloned().collect();
    for title in declared {
        site_keys.extend(site_part(title, &last_parts).map(key));
    }
    let h1s: Vec<String> = h1s
        .iter()
        .map(|h| without_site_name(h, site_key.as_deref()))
        .filter(|h| {
            let k = key(h);
            !k.is_empty() && !site_keys.contains(&k) && h.split_whitespace().count() <= 40
        })
        .collect();
    let h1s: Vec<&String> = h1s.iter().collect();
    let spelled = |h1: &str| -> String {
        let shouting = h1.chars().any(char::is_alphabetic) && !h1.chars().any(char::is_lowercase);
        if shouting {
            let k = key(h1);
            for title in declared {
                if let Some(part) = std::iter::once(title.as_str())
                    .chain(title_parts(title))
                    .find(|p| key(p) == k)
                {
                    return part.to_string();
                }
            }
        }
        h1.to_string()
    };
    for h1 in &h1s {
        let k = key(h1);
        if k.chars().count() < 4 {
            continue;
        }
        if let Some(title) = declared
            .iter()
            .flat_map(|t| std::iter::once(t.as_str()).chain(title_parts(t)))
            .find(|t| dated(h1, t))
        {
            return Some(title.to_string());
        }
        let agrees = declared.iter().any(|title| {
            let t = key(title);
            t == k
                || title_parts(title).iter().any(|p| key(p) == k)
                || (t.starts_with(&k) && 2 * k.len() >= t.len())
        });
        if agrees {
            return Some(spelled(h1));
        }
    }
    if let Some(h1) = h1s.first() {
        if h1.split_whitespace().count() >= 3 || declared.is_empty() {
            return Some(spelled(h1));
        }
    }
    // A metadata title cut short (`… (Including`, `…`) gives way to a later
    // one that it starts.
    let stripped: Vec<String> = declared
        .iter()
        .map(|t| strip_site_suffix(t, &site_keys))
        .collect();
    let first = stripped.first()?;
    if looks_truncated(first) {
        let head = first.trim_end_matches(['…', '.', ' ']);
        if let Some(whole) = stripped
            .iter()
            .filter(|t| t.len() > first.len() && t.starts_with(head))
            .find(|t| !looks_truncated(t))
        {
            return Some(whole.clone());
        }
    }
    Some(first.clone())
}

/// The part of a metadata title that names the site, when it has
/// separators: the last part (`Headline | Site`), or the first when it is
/// among `site_names` (the site's name, the page's titles' last parts):
/// `Site | Headline` beside `Headline | Site`.
fn site_part<'t>(title: &'t str, site_names: &[String]) -> Option<&'t str> {
    match title_parts(title).as_slice() {
        [first, .., last] => {
            let (f, l) = (key(first), key(last));
            Some(if f != l && site_names.contains(&f) {
                first
            } else {
                last
            })
        }
        _ => None,
    }
}

/// `h1` without a trailing separator and `site` (`Headline – Site` →
/// `Headline`); as it was otherwise.
fn without_site_name(h1: &str, site: Option<&str>) -> String {
    let Some(site) = site else {
        return h1.to_string();
    };
    TITLE_SEPARATORS
        .iter()
        .filter_map(|sep| h1.rsplit_once(sep))
        .find(|(head, tail)| key(tail) == site && !key(head).is_empty())
        .map_or_else(|| h1.to_string(), |(head, _)| head.trim().to_string())
}

/// Whether `h1` is `title` with a written day before or after it and
/// nothing else (`Dec 18 2025 Headline`).
fn dated(h1: &str, title: &str) -> bool {
    if title.split_whitespace().count() < 2 || h1.len() <= title.len() {
        return false;
    }
    let rest = h1
        .strip_prefix(title)
        .or_else(|| h1.strip_suffix(title))
        .map(|r| r.trim_matches(|c: char| c.is_whitespace() || "|-–—·•:,".contains(c)));
    rest.is_some_and(|r| written_day(r).is_some() && other_words(r) == 0)
}

/// Whether a title looks cut short: it ends with an ellipsis, or opens a
/// bracket it never closes.
fn looks_truncated(title: &str) -> bool {
    let opens = title.matches(['(', '[']).count();
    let closes = title.matches([')', ']']).count();
    title.ends_with('…') || title.ends_with("...") || opens > closes
}

/// The separators pages put between a headline and the site's name.
const TITLE_SEPARATORS: [&str; 8] = [" | ", " - ", " – ", " — ", " · ", " • ", " :: ", " » "];

/// A title cut at every separator: `A | B - C` → `[A, B, C]`.
fn title_parts(title: &str) -> Vec<&str> {
    let mut parts = vec![title];
    for sep in TITLE_SEPARATORS {
        parts = parts.into_iter().flat_map(|p| p.split(sep)).collect();
    }
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// `Headline | Site` → `Headline`: the first part, when it has two words or
/// more and there is more than one part; `Site | Headline` → `Headline`
/// when the first part is one of `site_keys` (see [`site_part`]).
fn strip_site_suffix(title: &str, site_keys: &[String]) -> String {
    let parts = title_parts(title);
    match parts.as_slice() {
        [site, headline, ..] if site_keys.contains(&key(site)) => headline.to_string(),
        [head, _, ..] if head.split_whitespace().count() >= 2 => head.to_string(),
        _ => title.trim().to_string(),
    }
}

/// Metadata text as a reader sees it: HTML entities a page escaped twice
/// (`&amp;amp;`, `&#8217;` inside JSON-LD) decoded, whitespace collapsed.
fn clean(text: &str) -> String {
    let text = squash(text);
    if text.contains('&') && text.contains(';') {
        squash(&html_escape::decode_html_entities(&text))
    } else {
        text
    }
}

/// How many elements [`shown_date`] looks at, at most.
const MAX_DATE_ELEMENTS: usize = 400;
/// The longest text [`shown_date`] reads a date from (characters): a byline
/// or a date line, never a paragraph.
const MAX_DATE_TEXT_CHARS: usize = 80;
/// Words in an element's class or id that mark a date or byline.
const DATE_CLASS_WORDS: [&str; 9] = [
    "date",
    "publish",
    "posted",
    "pubdate",
    "timestamp",
    "byline",
    "meta",
    "updated",
    "time",
];

/// The first day written in a short visible text that the page marks as a
/// date: a `<time>` without `datetime`, an `itemprop` date, or an element
/// whose class or id names a date, a byline or post metadata ("Published
/// on 15 August 2025", "Updated Mar 5, 2025"), in document order. Only
/// used when no metadata gives a day: the page's own words, not a guess
/// from its body.
fn shown_date(body: &NodeRef<'_>) -> Option<Date> {
    // `body time, body [itemprop], body [class], body [id]`, walked lazily:
    // the search usually ends within the first few hundred elements.
    body.descendants_it()
        .filter(|node| {
            node.is_element()
                && (node.has_name("time")
                    || node.has_attr("itemprop")
                    || node.has_attr("class")
                    || node.has_attr("id"))
        })
        .take(MAX_DATE_ELEMENTS)
        .filter(|node| {
            let is_time = node.node_name().is_some_and(|n| n.as_ref() == "time");
            let itemprop = node.attr("itemprop").is_some_and(|p| {
                let p = p.to_ascii_lowercase();
                p == "datepublished" || p == "datecreated" || p == "datemodified"
            });
            let named = || {
                let mut names = node
                    .attr("class")
                    .map(|c| c.to_ascii_lowercase())
                    .unwrap_or_default();
                names.push(' ');
                names.push_str(
                    &node
                        .attr("id")
                        .map(|c| c.to_ascii_lowercase())
                        .unwrap_or_default(),
                );
                DATE_CLASS_WORDS.iter().any(|w| names.contains(w))
            };
            is_time || itemprop || named()
        })
        .find_map(|node| {
            let text = short_text(&node)?;
            written_day(&text)
        })
}

/// An element's text when it is short ([`MAX_DATE_TEXT_CHARS`] at most,
/// whitespace collapsed), read by a walk that stops early: a large
/// container costs no more than a small one.
fn short_text(node: &dom_query::NodeRef<'_>) -> Option<String> {
    const MAX_NODES: usize = 64;
    let mut text = String::new();
    for (seen, child) in node.descendants_it().enumerate() {
        if seen >= MAX_NODES {
            return None;
        }
        if child.is_text() {
            text.push_str(&child.text());
            text.push(' ');
            if text.len() > 4 * MAX_DATE_TEXT_CHARS {
                return None;
            }
        }
    }
    let text = squash(&text);
    (!text.is_empty() && text.chars().count() <= MAX_DATE_TEXT_CHARS).then_some(text)
}

/// How many nodes [`date_line`] visits, at most.
const MAX_DATE_LINE_NODES: usize = 20_000;
/// The longest text run [`date_line`] reads (characters).
const MAX_DATE_LINE_CHARS: usize = 60;
/// Most words besides the date's own in a date line: a label ("Last
/// updated on"), a reading time ("3 min read").
const MAX_DATE_LINE_OTHER_WORDS: usize = 3;
/// Elements whose text is never the page's date line.
const NOT_DATE_LINES: [&str; 8] = [
    "script", "style", "noscript", "template", "nav", "footer", "select", "textarea",
];

/// The first date line of the page's visible text, in document order: a
/// short run of text ([`MAX_DATE_LINE_CHARS`] at most) that is a written day
/// with at most [`MAX_DATE_LINE_OTHER_WORDS`] other words ("December 15,
/// 2025", "Updated on 23 Oct 2025", "Published: 03/24/2025"), outside
/// scripts, navigation and footers. A sentence that mentions a day is not a
/// date line. What htmldate's extensive search does last; the page's
/// markup marks nothing as its date, but a byline shows it.
fn date_line(body: &NodeRef<'_>) -> Option<Date> {
    // Depth-first, in document order: each entry is the next node to visit
    // at one level.
    let mut stack = vec![body.first_child()];
    let mut seen = 0usize;
    while let Some(slot) = stack.last_mut() {
        let Some(node) = slot.take() else {
            stack.pop();
            continue;
        };
        *slot = node.next_sibling();
        seen += 1;
        if seen > MAX_DATE_LINE_NODES {
            return None;
        }
        if node.is_text() {
            let text = node.text();
            if text.len() > 4 * MAX_DATE_LINE_CHARS || !text.bytes().any(|b| b.is_ascii_digit()) {
                continue;
            }
            let text = squash(&text);
            if text.chars().count() > MAX_DATE_LINE_CHARS
                || other_words(&text) > MAX_DATE_LINE_OTHER_WORDS
            {
                continue;
            }
            if let Some(day) = written_day(&text) {
                return Some(day);
            }
        } else if node.is_element() {
            let skip = node
                .node_name()
                .is_some_and(|n| NOT_DATE_LINES.contains(&n.as_ref()));
            if !skip {
                stack.push(node.first_child());
            }
        }
    }
    None
}

/// Words of `text` that are not part of a written date: those with a
/// letter, no digit, and not a month's or weekday's name or abbreviation.
fn other_words(text: &str) -> usize {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().any(char::is_alphabetic) && !w.chars().any(|c| c.is_ascii_digit()))
        .filter(|w| {
            let lower = w.to_lowercase();
            !(lower.chars().count() >= 3 && is_date_word(&lower))
        })
        .count()
}

/// Whether `word` (lowercased) is a month's or weekday's name, whole or
/// abbreviated ("sept", "tues", "thurs").
fn is_date_word(word: &str) -> bool {
    MONTH_NAMES
        .iter()
        .chain(&WEEKDAY_NAMES)
        .any(|n| n.starts_with(word))
        || word == "tues"
        || word == "thurs"
}

/// The months' names, in order.
const MONTH_NAMES: [&str; 12] = [
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

/// The weekdays' names.
const WEEKDAY_NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Lowercased letters and digits only, for comparing titles.
fn key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Every `<meta>`'s `name`/`property`/`http-equiv`/`itemprop`, lowercased,
/// to its `content` (the first one of each key).
fn meta_tags(metas: &[NodeRef<'_>]) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for node in metas {
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
fn json_ld(scripts: &[NodeRef<'_>]) -> JsonLd {
    let mut objects = Vec::new();
    for script in scripts {
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
    let text = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .map(squash)
            .filter(|s| !s.is_empty())
    };
    let page_published = objects
        .iter()
        .filter(|o| is_web_page(o))
        .find_map(|o| text(o.get("datePublished")));
    let Some(article) = objects.iter().find(|o| is_article(o)) else {
        return JsonLd {
            page_published,
            ..JsonLd::default()
        };
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
        page_published,
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

/// Whether a JSON-LD object is typed as a web page (`WebPage` and its
/// kinds: `ItemPage`, `AboutPage`…).
fn is_web_page(object: &Value) -> bool {
    let page_type = |t: &str| t.rsplit(['/', ':']).next().unwrap_or(t).ends_with("Page");
    match object.get("@type") {
        Some(Value::String(t)) => page_type(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(page_type),
        _ => false,
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
            month = MONTH_NAMES
                .iter()
                .position(|m| lower.get(..3) == m.get(..3))
                .filter(|&i| {
                    MONTH_NAMES[i].starts_with(lower.trim_end_matches('.')) || lower == "sept"
                })
                .map(|i| i as u8 + 1);
        }
    }
    let month = time::Month::try_from(month?).ok()?;
    Date::from_calendar_date(year?, month, day?).ok()
}

/// The first day written in a short text, in any of the forms bylines use:
/// `March 5, 2025`, `Mar 5th 2025`, `5 March 2025`, `2025-03-05`,
/// `05.03.2025` (day first, as written with dots) and `3/24/2025` or
/// `24/3/2025` when only one reading is a date (`3/4/2025` is refused:
/// the month could be either). Years outside 1900–2100 are not dates.
pub fn written_day(text: &str) -> Option<Date> {
    use regex::Regex;
    use std::sync::OnceLock;
    const MONTH: &str = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
    static PATTERNS: OnceLock<[Regex; 5]> = OnceLock::new();
    let [month_first, day_first, iso, dotted, slashed] = PATTERNS.get_or_init(|| {
        let re = |p: String| Regex::new(&p).expect("date patterns are valid");
        [
            re(format!(
                r"(?i)\b{MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"
            )),
            re(format!(
                r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}\.?,?\s+(\d{{4}})\b"
            )),
            re(r"\b(\d{4})-(\d{2})-(\d{2})(?:T|\b)".to_string()),
            re(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b".to_string()),
            re(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b".to_string()),
        ]
    });
    let month_number = |name: &str| {
        let name = name.to_ascii_lowercase();
        [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ]
        .iter()
        .position(|m| name.starts_with(m))
        .map(|i| i as u32 + 1)
    };
    let number = |s: &str| s.parse::<u32>().ok();
    let day = |year: u32, month: u32, day: u32| -> Option<Date> {
        if !(1900..=2100).contains(&year) {
            return None;
        }
        let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
        Date::from_calendar_date(year as i32, month, u8::try_from(day).ok()?).ok()
    };
    let mut found: Vec<(usize, Date)> = Vec::new();
    for caps in month_first.captures_iter(text) {
        let at = caps.get(0).map_or(0, |m| m.start());
        if let Some(d) = day(
            number(&caps[3])?,
            month_number(&caps[1])?,
            number(&caps[2])?,
        ) {
            found.push((at, d));
            break;
        }
    }
    for caps in day_first.captures_iter(text) {
        let at = caps.get(0).map_or(0, |m| m.start());
        if let Some(d) = day(
            number(&caps[3])?,
            month_number(&caps[2])?,
            number(&caps[1])?,
        ) {
            found.push((at, d));
            break;
        }
    }
    for caps in iso.captures_iter(text) {
        let at = caps.get(0).map_or(0, |m| m.start());
        if let Some(d) = day(number(&caps[1])?, number(&caps[2])?, number(&caps[3])?) {
            found.push((at, d));
            break;
        }
    }
    for caps in dotted.captures_iter(text) {
        let at = caps.get(0).map_or(0, |m| m.start());
        if let Some(d) = day(number(&caps[3])?, number(&caps[2])?, number(&caps[1])?) {
            found.push((at, d));
            break;
        }
    }
    for caps in slashed.captures_iter(text) {
        let at = caps.get(0).map_or(0, |m| m.start());
        let (a, b, year) = (number(&caps[1])?, number(&caps[2])?, number(&caps[3])?);
        let read = match (a > 12, b > 12) {
            (true, false) => day(year, b, a),
            (false, true) => day(year, a, b),
            _ => None,
        };
        if let Some(d) = read {
            found.push((at, d));
            break;
        }
    }
    found.into_iter().min_by_key(|(at, _)| *at).map(|(_, d)| d)
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
