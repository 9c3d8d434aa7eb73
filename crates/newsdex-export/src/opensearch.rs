//! OpenSearch/Elasticsearch: an index template whose analyzer reproduces
//! newsdex's `news_en` as far as the engine allows, and the `_bulk` lines of
//! each article.
//!
//! The parts used are common to OpenSearch 2.x and Elasticsearch 8.x. The
//! pages followed:
//!
//! - composable index templates (`index_patterns`, `priority`,
//!   `template.settings`, `template.mappings`):
//!   <https://docs.opensearch.org/docs/latest/im-plugin/index-templates/>;
//! - `_bulk` (an action line, then the document, every line ending with
//!   `\n`; `_id` at most 512 bytes):
//!   <https://docs.opensearch.org/docs/latest/api-reference/document-apis/bulk/>;
//! - the `mapping` and `pattern_replace` character filters (Java regular
//!   expressions):
//!   <https://docs.opensearch.org/docs/latest/analyzers/character-filters/pattern-replace-character-filter/>;
//! - `synonym` and `synonym_graph` (a graph filter belongs in a search
//!   analyzer; the rules are parsed by the filters before it, and
//!   `word_delimiter_graph` there is an error, opensearch-project/OpenSearch#16263):
//!   <https://docs.opensearch.org/docs/latest/analyzers/token-filters/synonym-graph/>;
//! - `word_delimiter_graph` (`catenate_*`, `type_table`, and `flatten_graph`
//!   after it at index time):
//!   <https://docs.opensearch.org/docs/latest/analyzers/token-filters/word-delimiter-graph/>,
//!   <https://docs.opensearch.org/docs/latest/analyzers/token-filters/flatten-graph/>;
//! - `snowball` with `language: English` (Porter2; `Porter` and the
//!   `stemmer` filter's `english` are the older Porter):
//!   <https://docs.opensearch.org/docs/latest/analyzers/token-filters/snowball/>;
//! - the `path_hierarchy` tokenizer:
//!   <https://docs.opensearch.org/docs/latest/analyzers/tokenizers/path-hierarchy/>;
//! - `keyword`, `date` (`strict_date`), `copy_to`, `fielddata`, and objects
//!   with `enabled: false`:
//!   <https://docs.opensearch.org/docs/latest/field-types/supported-field-types/index/>.
//!
//! ## The analyzer
//!
//! `news_en` indexes, `news_en_query` analyses queries (`search_analyzer`).
//! Both run the same character filters, which do what newsdex's tokenizer
//! does to the raw, case-sensitive text:
//!
//! 1. `news_apostrophe`: `’` → `'`;
//! 2. `news_acronyms`: a dotted acronym of 2 to 8 capitals loses its dots
//!    ("U.N." → `UN`, "U.S.-led" → `US-led`);
//! 3. `news_usa`: `US` and `USA` in capitals become `USA` (the pronoun
//!    "us" stays), so "U.S.", "US", "USA", "U.S.A." are one term;
//! 4. `news_digit_groups`: a comma between digits goes ("1,200" → `1200`);
//! 5. `news_separators`: every character that is neither a letter, a mark,
//!    a digit, whitespace, a hyphen nor an apostrophe becomes a space, and
//!    so does a hyphen or apostrophe not between two word characters (a
//!    dot between digits stays: "3.5").
//!
//! Then the `whitespace` tokenizer and `lowercase`; the spelling variants
//! (`synonym` at index time, `synonym_graph` at query time, the same rules
//! generated from newsdex's variant table by [`synonym_rules`]: `cease fire
//! => ceasefire`); `word_delimiter_graph` for hyphenated words (each part
//! and the parts joined: "cease-fire" → `cease`, `fire`, `ceasefire`),
//! followed at index time by `flatten_graph`; words longer than 64
//! characters dropped; `asciifolding`; and `snowball` English.
//!
//! What the engine does differently from `news_en` is listed in
//! [`crate::DIFFERENCES`].

use newsdex_core::analysis::{VariantTable, ANALYZER_VERSION, MAX_WORD_BYTES};
use newsdex_core::Article;
use serde::Serialize;
use serde_json::{json, Value};

use crate::document::{Common, DayFormat};
use crate::exporter::Options;
use crate::fields;

/// The analyzer of the text fields at index time.
pub const INDEX_ANALYZER: &str = "news_en";
/// The analyzer of the text fields at query time (`search_analyzer`).
pub const SEARCH_ANALYZER: &str = "news_en_query";
/// The analyzer of [`fields::VOTE_PATH`] and [`fields::ORG_PATH`]: every
/// level of a path (`vetoed`, `vetoed/ru`).
pub const PATH_ANALYZER: &str = "news_path";
/// Longest `_id` the engine takes, in bytes; a longer article id is
/// replaced by its hash there ([`document_id`]).
pub const MAX_ID_BYTES: usize = 512;

/// The character filters, in order (see the module docs).
const CHAR_FILTERS: [&str; 5] = [
    "news_apostrophe",
    "news_acronyms",
    "news_usa",
    "news_digit_groups",
    "news_separators",
];

/// A word character in newsdex's sense (a letter, a mark or a digit).
const WORD: &str = r"\p{L}\p{M}\p{N}";
/// newsdex's hyphens (`-`, U+2010, U+2011).
const HYPHENS: &str = r"\-\u2010\u2011";
/// Most capitals of a dotted acronym the character filter joins.
const ACRONYM_LETTERS: usize = 8;

/// The index template: settings (the analysis) and mappings, for indices
/// named `options.name` or starting with `options.name` and `-` (a
/// rollover or a reindex target).
///
/// ```
/// use newsdex_export::{opensearch, Options};
/// let template = opensearch::template(&Options::default());
/// assert_eq!(template["index_patterns"][0], "newsdex");
/// let analyzer = &template["template"]["settings"]["analysis"]["analyzer"]["news_en"];
/// assert_eq!(analyzer["tokenizer"], "whitespace");
/// assert_eq!(template["template"]["mappings"]["properties"]["vote"]["type"], "keyword");
/// ```
pub fn template(options: &Options) -> Value {
    json!({
        "index_patterns": [options.name, format!("{}-*", options.name)],
        "priority": 200,
        "template": {
            "settings": { "analysis": analysis(&VariantTable::shipped()) },
            "mappings": mappings(),
        }
    })
}

/// The rules of the `synonym` and `synonym_graph` filters, generated from
/// a variant table: one contraction per variant (`cease fire =>
/// ceasefire`), sorted. The template uses the table newsdex's analyzer
/// uses ([`VariantTable::shipped`]), so the two never drift apart.
///
/// ```
/// use newsdex_core::analysis::VariantTable;
/// let table = VariantTable::parse("airstrike = air strike\nceasefire = cease fire");
/// let rules = newsdex_export::opensearch::synonym_rules(&table);
/// assert_eq!(rules, ["air strike => airstrike", "cease fire => ceasefire"]);
/// ```
pub fn synonym_rules(table: &VariantTable) -> Vec<String> {
    table
        .rules()
        .into_iter()
        .map(|(words, canonical)| {
            let words: Vec<String> = words.iter().map(|w| escape_rule_word(w)).collect();
            format!("{} => {}", words.join(" "), escape_rule_word(&canonical))
        })
        .collect()
}

/// A word of a Solr-format synonym rule with its special characters
/// (`,`, `=`, `>`, `\`) escaped.
fn escape_rule_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if matches!(c, ',' | '=' | '>' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `settings.analysis`: the character filters, filters, tokenizer and
/// analyzers (see the module docs).
fn analysis(variants: &VariantTable) -> Value {
    let rules = synonym_rules(variants);
    // Two capitals, then up to ACRONYM_LETTERS - 2 more, each after a dot;
    // a final dot or none, then neither a word character nor a dot (a
    // longer acronym is left whole rather than joined in part).
    let optional = r"(?:\.(\p{Lu}))?".repeat(ACRONYM_LETTERS - 2);
    let acronym =
        format!(r"(?<![{WORD}.])(\p{{Lu}})\.(\p{{Lu}}){optional}(?:\.(?![{WORD}.])|(?![{WORD}.]))");
    let replacement: String = (1..=ACRONYM_LETTERS).map(|g| format!("${g}")).collect();
    let separators = format!(
        r"[{HYPHENS}'](?![{WORD}])|(?<![{WORD}])[{HYPHENS}']|(?!(?<=[0-9])\.(?=[0-9]))[^{WORD}\s'{HYPHENS}]"
    );
    let text_analyzer = |variant_filter: &str, index: bool| {
        let mut filters = vec!["lowercase", variant_filter, "news_hyphens"];
        if index {
            filters.push("flatten_graph");
        }
        filters.extend(["news_long_words", "asciifolding", "news_stemmer"]);
        json!({
            "type": "custom",
            "char_filter": CHAR_FILTERS,
            "tokenizer": "whitespace",
            "filter": filters,
        })
    };
    json!({
        "char_filter": {
            "news_apostrophe": { "type": "mapping", "mappings": ["\u{2019} => '"] },
            "news_acronyms": {
                "type": "pattern_replace",
                "pattern": acronym,
                "replacement": replacement,
            },
            "news_usa": {
                "type": "pattern_replace",
                "pattern": format!("(?<![{WORD}'])USA?(?![{WORD}'])"),
                "replacement": "USA",
            },
            "news_digit_groups": {
                "type": "pattern_replace",
                "pattern": "(?<=[0-9]),(?=[0-9])",
                "replacement": "",
            },
            "news_separators": {
                "type": "pattern_replace",
                "pattern": separators,
                "replacement": " ",
            },
        },
        "filter": {
            "news_variants": { "type": "synonym", "synonyms": rules },
            "news_variants_graph": { "type": "synonym_graph", "synonyms": rules },
            "news_hyphens": {
                "type": "word_delimiter_graph",
                "generate_word_parts": true,
                "generate_number_parts": true,
                "catenate_words": true,
                "catenate_numbers": true,
                "catenate_all": true,
                "preserve_original": false,
                "split_on_case_change": false,
                "split_on_numerics": false,
                "stem_english_possessive": false,
                "type_table": ["' => ALPHA", ". => DIGIT"],
            },
            "news_long_words": { "type": "length", "min": 1, "max": MAX_WORD_BYTES },
            "news_stemmer": { "type": "snowball", "language": "English" },
        },
        "tokenizer": {
            "news_path_levels": { "type": "path_hierarchy", "delimiter": "/" },
        },
        "analyzer": {
            INDEX_ANALYZER: text_analyzer("news_variants", true),
            SEARCH_ANALYZER: text_analyzer("news_variants_graph", false),
            PATH_ANALYZER: { "type": "custom", "tokenizer": "news_path_levels" },
        },
    })
}

/// `mappings`: strict (a field not listed is an error, never a guess),
/// the text fields analysed by `news_en`, facets as `keyword`, the path
/// levels of `vote` and `org` copied to a `path_hierarchy` field, the day
/// as a `date`, display-only fields neither indexed nor aggregatable.
fn mappings() -> Value {
    let text = json!({
        "type": "text",
        "analyzer": INDEX_ANALYZER,
        "search_analyzer": SEARCH_ANALYZER,
    });
    let facet = json!({ "type": "keyword" });
    let display = json!({ "type": "keyword", "index": false, "doc_values": false });
    let object = json!({ "type": "object", "enabled": false });
    let levels = json!({
        "type": "text",
        "analyzer": PATH_ANALYZER,
        "search_analyzer": "keyword",
        "fielddata": true,
    });
    let copied = |to: &str| json!({ "type": "keyword", "copy_to": to });
    let mut properties = serde_json::Map::new();
    let mut put = |name: &str, mapping: &Value| {
        properties.insert(name.to_string(), mapping.clone());
    };
    put(fields::ID, &facet);
    put(fields::URL, &display);
    put(fields::SOURCE, &facet);
    put(fields::SOURCE_NAME, &display);
    put(fields::LANGUAGE, &facet);
    put(
        fields::PUBLISHED,
        &json!({ "type": "date", "format": "strict_date" }),
    );
    put(fields::DATELINE, &display);
    put(fields::AUTHORS, &display);
    for field in fields::TEXT {
        put(field, &text);
    }
    for field in [
        fields::COUNTRY,
        fields::ABOUT,
        fields::PERSON,
        fields::SAID_BY,
    ] {
        put(field, &facet);
    }
    put(fields::VOTE, &copied(fields::VOTE_PATH));
    put(fields::ORG, &copied(fields::ORG_PATH));
    put(fields::VOTE_PATH, &levels);
    put(fields::ORG_PATH, &levels);
    for field in [fields::PEOPLE, fields::ORGS, fields::QUOTES, fields::VOTES] {
        put(field, &object);
    }
    put(fields::DUP_GROUP, &facet);
    json!({
        "dynamic": "strict",
        "_meta": {
            "generator": "newsdex export",
            "newsdex_analyzer": ANALYZER_VERSION,
        },
        "properties": properties,
    })
}

/// The document of `article` in near-duplicate group `dup_group` (what
/// follows its action line in a `_bulk` file).
///
/// ```
/// use newsdex_core::{Article, ArticleId, Metadata, Source};
/// let article = Article {
///     id: ArticleId("a1".into()),
///     source: Source { id: "ft".into(), name: "Financial Times".into() },
///     title: "Truce holds".into(),
///     published: Some(time::macros::date!(2024 - 03 - 05)),
///     dateline: None,
///     body: "The cease-fire held.".into(),
///     captions: vec![],
///     url: None,
///     authors: vec![],
///     language: Some("en".into()),
///     metadata: Metadata::default(),
/// };
/// let doc = newsdex_export::opensearch::document(&article, Some(7));
/// assert_eq!(doc["published"], "2024-03-05");
/// assert_eq!(doc["source"], "ft");
/// assert_eq!(doc["dup_group"], "7");
/// ```
pub fn document(article: &Article, dup_group: Option<u64>) -> Value {
    serde_json::to_value(Common::of(article, dup_group, DayFormat::Date)).unwrap_or(Value::Null)
}

/// The engine's `_id` of an article: its id, or, when that is longer than
/// [`MAX_ID_BYTES`], `blake3:` and the id's BLAKE3 hash in hex (the `id`
/// field keeps the id whole).
///
/// ```
/// use newsdex_export::opensearch::document_id;
/// assert_eq!(document_id("reuters-12"), "reuters-12");
/// let long = "x".repeat(600);
/// assert!(document_id(&long).starts_with("blake3:"));
/// assert_eq!(document_id(&long).len(), 7 + 64);
/// ```
pub fn document_id(id: &str) -> String {
    if id.len() <= MAX_ID_BYTES {
        id.to_string()
    } else {
        format!("blake3:{}", blake3::hash(id.as_bytes()).to_hex())
    }
}

/// The two `_bulk` lines of `article` (action, then document), each ending
/// with `\n`, appended to `out`.
pub(crate) fn bulk_lines(
    out: &mut Vec<u8>,
    index: &str,
    article: &Article,
    dup_group: Option<u64>,
) -> serde_json::Result<()> {
    #[derive(Serialize)]
    struct Action<'a> {
        index: Target<'a>,
    }
    #[derive(Serialize)]
    struct Target<'a> {
        #[serde(rename = "_index")]
        index: &'a str,
        #[serde(rename = "_id")]
        id: String,
    }
    let action = Action {
        index: Target {
            index,
            id: document_id(article.id.as_str()),
        },
    };
    serde_json::to_writer(&mut *out, &action)?;
    out.push(b'\n');
    serde_json::to_writer(&mut *out, &Common::of(article, dup_group, DayFormat::Date))?;
    out.push(b'\n');
    Ok(())
}

/// Checks `name` against the engine's rules for index names: lowercase,
/// none of `\ / * ? " < > | , #`, space or `:`, not starting with `-`, `_`
/// or `+`, not `.` or `..`, at most 255 bytes.
pub(crate) fn check_name(name: &str) -> Result<(), &'static str> {
    if name.is_empty() || name.len() > 255 {
        return Err("1 to 255 bytes");
    }
    if name == "." || name == ".." {
        return Err("not `.` or `..`");
    }
    if name.starts_with(['-', '_', '+']) {
        return Err("not starting with `-`, `_` or `+`");
    }
    if name.chars().any(char::is_uppercase) {
        return Err("lowercase only");
    }
    if name.chars().any(|c| {
        matches!(
            c,
            '\\' | '/' | '*' | '?' | '"' | '<' | '>' | '|' | ',' | '#' | ':'
        ) || c.is_whitespace()
    }) {
        return Err("none of \\ / * ? \" < > | , # : or spaces");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_names_follow_the_engine_rules() {
        assert!(check_name("newsdex").is_ok());
        assert!(check_name("news-2024.03").is_ok());
        for bad in ["", "News", "a b", "a/b", "_x", "-x", "..", "a:b", "a#b"] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
        assert!(check_name(&"a".repeat(256)).is_err());
    }

    #[test]
    fn rule_words_with_special_characters_are_escaped() {
        let table = VariantTable::parse("a,b = x y\nc = p\\ q");
        assert_eq!(synonym_rules(&table), ["p\\\\ q => c", "x y => a\\,b"]);
    }
}
