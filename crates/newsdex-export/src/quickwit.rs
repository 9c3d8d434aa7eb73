//! Quickwit 0.9: an index config (doc mapping) and the NDJSON document of
//! each article.
//!
//! Quickwit's tokenizers (`raw`, `default`, `en_stem`, `whitespace`, …)
//! cannot fold newsdex's acronyms and spelling variants, join hyphenated
//! words, or stem as rust-stemmers does. So each text field travels twice:
//! the original, stored and not indexed, for display (`title`, `body`,
//! `caption`, `quote`), and newsdex's own terms of it, space-joined, indexed
//! with the `whitespace` tokenizer with positions (`title_terms`, …,
//! [`crate::fields::terms_field`]; what the terms are is said in
//! [`crate::terms`]). A query is analysed by newsdex the same way
//! ([`crate::terms::terms`]) before it is sent, so both sides see the same
//! terms.
//!
//! Facets are `raw`-tokenized text with a fast column (term filters and
//! terms aggregations), `source` and `language` also tags (split pruning);
//! `vote_path` and `org_path` hold every level of the paths, since Quickwit
//! has no path tokenizer. `published` is a fast `datetime`, but not the
//! index's `timestamp_field`: Quickwit refuses a document without its
//! timestamp field (quickwit-oss/quickwit#5356), and an article's day may
//! be unknown; with only dated articles, adding `timestamp_field:
//! published` to the config gives time pruning. The display objects
//! (`people`, `orgs`, `quotes`, `votes`) are arrays of objects, which
//! Quickwit's `object` type does not take: they are left to the `dynamic`
//! mode, stored and not indexed.
//!
//! The page followed: <https://quickwit.io/docs/configuration/index-config>
//! (version 0.9: field types and their parameters, tokenizers, `mode`,
//! `dynamic_mapping`, `tag_fields`, index id and field name rules).

use newsdex_core::Article;
use serde::Serialize;
use serde_json::{json, Value};

use crate::document::{levels, Common, DayFormat};
use crate::exporter::Options;
use crate::fields;
use crate::terms::pre_analysed;

/// The index config version written.
pub const CONFIG_VERSION: &str = "0.9";

/// The document of one article: the shared fields and the Quickwit-only
/// ones.
#[derive(Serialize)]
struct QuickwitDocument<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    title_terms: String,
    body_terms: String,
    caption_terms: Vec<String>,
    quote_terms: Vec<String>,
    vote_path: Vec<String>,
    org_path: Vec<String>,
}

impl<'a> QuickwitDocument<'a> {
    fn of(article: &'a Article, dup_group: Option<u64>) -> Self {
        let common = Common::of(article, dup_group, DayFormat::Rfc3339);
        let language = article.language.as_deref();
        let each = |texts: &[&str]| -> Vec<String> {
            texts.iter().map(|t| pre_analysed(language, t)).collect()
        };
        let captions: Vec<&str> = article.captions.iter().map(String::as_str).collect();
        QuickwitDocument {
            title_terms: pre_analysed(language, &article.title),
            body_terms: pre_analysed(language, &article.body),
            caption_terms: each(&captions),
            quote_terms: each(&common.quote),
            vote_path: levels(&common.vote),
            org_path: levels(&common.org),
            common,
        }
    }
}

/// The index config for an index called `options.name`.
///
/// ```
/// use newsdex_export::{quickwit, Options};
/// let config = quickwit::index_config(&Options::default());
/// assert_eq!(config["version"], "0.9");
/// assert_eq!(config["index_id"], "newsdex");
/// let body_terms = config["doc_mapping"]["field_mappings"]
///     .as_array().unwrap().iter().find(|f| f["name"] == "body_terms").unwrap();
/// assert_eq!(body_terms["tokenizer"], "whitespace");
/// ```
pub fn index_config(options: &Options) -> Value {
    let display = |name: &str, array: bool| json!({ "name": name, "type": text_type(array), "indexed": false, "stored": true });
    let facet = |name: &str, array: bool| {
        json!({
            "name": name,
            "type": text_type(array),
            "tokenizer": "raw",
            "fast": true,
            "stored": true,
        })
    };
    let terms = |name: &str, array: bool| {
        json!({
            "name": name,
            "type": text_type(array),
            "tokenizer": "whitespace",
            "record": "position",
            "fieldnorms": true,
            "stored": false,
        })
    };
    let mut mappings = vec![
        facet(fields::ID, false),
        display(fields::URL, false),
        facet(fields::SOURCE, false),
        display(fields::SOURCE_NAME, false),
        facet(fields::LANGUAGE, false),
        json!({
            "name": fields::PUBLISHED,
            "type": "datetime",
            "input_formats": ["rfc3339"],
            "output_format": "rfc3339",
            "fast": true,
            "fast_precision": "seconds",
            "indexed": true,
            "stored": true,
        }),
        display(fields::DATELINE, false),
        display(fields::AUTHORS, true),
    ];
    for field in fields::TEXT {
        let array = is_multi_valued(field);
        mappings.push(display(field, array));
        if let Some(terms_field) = fields::terms_field(field) {
            mappings.push(terms(terms_field, array));
        }
    }
    for field in [
        fields::COUNTRY,
        fields::ABOUT,
        fields::PERSON,
        fields::ORG,
        fields::VOTE,
        fields::SAID_BY,
        fields::VOTE_PATH,
        fields::ORG_PATH,
    ] {
        mappings.push(facet(field, true));
    }
    mappings.push(facet(fields::DUP_GROUP, false));
    let default_search: Vec<&str> = fields::TEXT
        .into_iter()
        .filter_map(fields::terms_field)
        .collect();
    json!({
        "version": CONFIG_VERSION,
        "index_id": options.name,
        "doc_mapping": {
            "mode": "dynamic",
            "dynamic_mapping": { "indexed": false, "stored": true, "fast": false },
            "field_mappings": mappings,
            "tag_fields": [fields::SOURCE, fields::LANGUAGE],
            "store_source": false,
        },
        "search_settings": { "default_search_fields": default_search },
    })
}

fn text_type(array: bool) -> &'static str {
    if array {
        "array<text>"
    } else {
        "text"
    }
}

/// Whether the text field holds one value per caption or quote.
fn is_multi_valued(field: &str) -> bool {
    field == fields::CAPTION || field == fields::QUOTE
}

/// The NDJSON document of `article` in near-duplicate group `dup_group`.
///
/// ```
/// use newsdex_core::{Article, ArticleId, Metadata, Source};
/// let article = Article {
///     id: ArticleId("a1".into()),
///     source: Source { id: "ft".into(), name: "Financial Times".into() },
///     title: "U.N. truce".into(),
///     published: Some(time::macros::date!(2024 - 03 - 05)),
///     dateline: None,
///     body: "Immediate cease fire.".into(),
///     captions: vec![],
///     url: None,
///     authors: vec![],
///     language: None,
///     metadata: Metadata::default(),
/// };
/// let doc = newsdex_export::quickwit::document(&article, None);
/// assert_eq!(doc["title_terms"], "un truce");
/// assert_eq!(doc["body_terms"], "immedi ceasefir");
/// assert_eq!(doc["published"], "2024-03-05T00:00:00Z");
/// ```
pub fn document(article: &Article, dup_group: Option<u64>) -> Value {
    serde_json::to_value(QuickwitDocument::of(article, dup_group)).unwrap_or(Value::Null)
}

/// The NDJSON line of `article`, ending with `\n`, appended to `out`.
pub(crate) fn ndjson_line(
    out: &mut Vec<u8>,
    article: &Article,
    dup_group: Option<u64>,
) -> serde_json::Result<()> {
    serde_json::to_writer(&mut *out, &QuickwitDocument::of(article, dup_group))?;
    out.push(b'\n');
    Ok(())
}

/// Checks `name` against Quickwit's rule for index ids: ASCII letters,
/// digits, `-` and `_`, starting with a letter, 3 to 255 characters.
pub(crate) fn check_name(name: &str) -> Result<(), &'static str> {
    let valid = (3..=255).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(())
    } else {
        Err("ASCII letters, digits, `-` and `_`, starting with a letter, 3 to 255 characters")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_ids_follow_quickwit_rules() {
        assert!(check_name("newsdex").is_ok());
        assert!(check_name("news_2024-03").is_ok());
        for bad in ["ab", "1news", "news.x", "news dex", "nëws", ""] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
    }
}
