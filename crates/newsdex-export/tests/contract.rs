//! Every JSON the export emits, checked against the request structure the
//! engines document for the parts used. No server is reachable here, so
//! the structure is written down below, each part with the page it comes
//! from: required keys, types, allowed values, and that every name used is
//! defined (an analyzer's filters, a mapping's analyzers, `copy_to`
//! targets, the fields of every document under `dynamic: strict`).

use std::collections::BTreeSet;

use newsdex_export::{Engine, Options};
use serde_json::{Map, Value};

use crate::util::{bundled_articles, bundled_index, export_articles, export_from_index, lines};

/// Fails unless every key of `object` is in `allowed` and every key of
/// `required` is present.
fn keys(object: &Value, what: &str, allowed: &[&str], required: &[&str]) -> Map<String, Value> {
    let map = object
        .as_object()
        .unwrap_or_else(|| panic!("{what} is an object: {object}"))
        .clone();
    for key in map.keys() {
        assert!(
            allowed.contains(&key.as_str()),
            "{what}: unknown key `{key}`"
        );
    }
    for key in required {
        assert!(map.contains_key(*key), "{what}: `{key}` is required");
    }
    map
}

fn string<'a>(value: &'a Value, what: &str) -> &'a str {
    value
        .as_str()
        .unwrap_or_else(|| panic!("{what} is a string: {value}"))
}

fn strings<'a>(value: &'a Value, what: &str) -> Vec<&'a str> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("{what} is an array: {value}"))
        .iter()
        .map(|v| string(v, what))
        .collect()
}

fn boolean(value: &Value, what: &str) {
    assert!(value.is_boolean(), "{what} is a boolean: {value}");
}

// ---------------------------------------------------------------------------
// OpenSearch / Elasticsearch
// ---------------------------------------------------------------------------

/// Built-in token filters and analyzers the template names without
/// defining them.
/// <https://docs.opensearch.org/docs/latest/analyzers/token-filters/index/>
const BUILTIN_FILTERS: &[&str] = &["lowercase", "asciifolding", "flatten_graph"];
/// <https://docs.opensearch.org/docs/latest/analyzers/supported-analyzers/index/>
const BUILTIN_ANALYZERS: &[&str] = &["standard", "simple", "whitespace", "keyword"];
/// <https://docs.opensearch.org/docs/latest/analyzers/tokenizers/index/>
const BUILTIN_TOKENIZERS: &[&str] = &["whitespace", "standard", "keyword"];
/// The `snowball` filter's languages.
/// <https://docs.opensearch.org/docs/latest/analyzers/token-filters/snowball/>
const SNOWBALL_LANGUAGES: &[&str] = &[
    "Arabic",
    "Armenian",
    "Basque",
    "Catalan",
    "Danish",
    "Dutch",
    "English",
    "Estonian",
    "Finnish",
    "French",
    "German",
    "German2",
    "Hungarian",
    "Italian",
    "Irish",
    "Kp",
    "Lithuanian",
    "Lovins",
    "Norwegian",
    "Porter",
    "Portuguese",
    "Romanian",
    "Russian",
    "Spanish",
    "Swedish",
    "Turkish",
];

/// A custom token filter's definition.
fn check_filter(name: &str, filter: &Value) {
    let what = format!("filter {name}");
    let kind = string(&filter["type"], &what);
    match kind {
        // Synonym rules in the Solr format: `a b => c` or `a, b`.
        // <https://docs.opensearch.org/docs/latest/analyzers/token-filters/synonym/>
        // <https://docs.opensearch.org/docs/latest/analyzers/token-filters/synonym-graph/>
        "synonym" | "synonym_graph" => {
            let map = keys(
                filter,
                &what,
                &[
                    "type",
                    "synonyms",
                    "synonyms_path",
                    "expand",
                    "lenient",
                    "format",
                    "updateable",
                ],
                &["type"],
            );
            let rules = strings(&map["synonyms"], &what);
            assert!(!rules.is_empty(), "{what}: rules");
            for rule in rules {
                let (from, to) = rule
                    .split_once(" => ")
                    .unwrap_or_else(|| panic!("{what}: {rule}"));
                assert!(
                    !from.trim().is_empty() && !to.trim().is_empty(),
                    "{what}: {rule}"
                );
                assert!(
                    !to.contains(' '),
                    "{what}: a contraction to one word: {rule}"
                );
            }
        }
        // <https://docs.opensearch.org/docs/latest/analyzers/token-filters/word-delimiter-graph/>
        "word_delimiter_graph" => {
            let flags = [
                "adjust_offsets",
                "catenate_all",
                "catenate_numbers",
                "catenate_words",
                "generate_number_parts",
                "generate_word_parts",
                "ignore_keywords",
                "preserve_original",
                "split_on_case_change",
                "split_on_numerics",
                "stem_english_possessive",
            ];
            let mut allowed = flags.to_vec();
            allowed.extend([
                "type",
                "protected_words",
                "protected_words_path",
                "type_table",
            ]);
            let map = keys(filter, &what, &allowed, &["type"]);
            for flag in flags {
                if let Some(value) = map.get(flag) {
                    boolean(value, &format!("{what}.{flag}"));
                }
            }
            for entry in strings(&map["type_table"], &what) {
                let (chars, kind) = entry.split_once(" => ").expect("`c => TYPE`");
                assert_eq!(chars.chars().count(), 1, "{what}: {entry}");
                assert!(
                    [
                        "ALPHA",
                        "ALPHANUM",
                        "DIGIT",
                        "LOWER",
                        "UPPER",
                        "SUBWORD_DELIM"
                    ]
                    .contains(&kind),
                    "{what}: {entry}"
                );
            }
        }
        // <https://docs.opensearch.org/docs/latest/analyzers/token-filters/snowball/>
        "snowball" => {
            let map = keys(filter, &what, &["type", "language"], &["type", "language"]);
            let language = string(&map["language"], &what);
            assert!(SNOWBALL_LANGUAGES.contains(&language), "{what}: {language}");
            assert_eq!(
                language, "English",
                "Porter2, as rust-stemmers (not `Porter`)"
            );
        }
        // <https://docs.opensearch.org/docs/latest/analyzers/token-filters/length/>
        "length" => {
            let map = keys(filter, &what, &["type", "min", "max"], &["type"]);
            for bound in ["min", "max"] {
                if let Some(value) = map.get(bound) {
                    assert!(value.is_u64(), "{what}.{bound} is a whole number");
                }
            }
        }
        other => panic!("{what}: a filter type the export does not use: {other}"),
    }
}

/// A character filter's definition.
fn check_char_filter(name: &str, filter: &Value) {
    let what = format!("char_filter {name}");
    match string(&filter["type"], &what) {
        // <https://docs.opensearch.org/docs/latest/analyzers/character-filters/mapping-character-filter/>
        "mapping" => {
            let map = keys(
                filter,
                &what,
                &["type", "mappings", "mappings_path"],
                &["type"],
            );
            for mapping in strings(&map["mappings"], &what) {
                assert!(mapping.contains(" => "), "{what}: {mapping}");
            }
        }
        // <https://docs.opensearch.org/docs/latest/analyzers/character-filters/pattern-replace-character-filter/>
        "pattern_replace" => {
            let map = keys(
                filter,
                &what,
                &["type", "pattern", "replacement", "flags"],
                &["type", "pattern"],
            );
            let pattern = string(&map["pattern"], &what);
            // Balanced groups: a Java regex that compiles at least parses.
            let opened = pattern.matches('(').count() - pattern.matches("\\(").count();
            let closed = pattern.matches(')').count() - pattern.matches("\\)").count();
            assert_eq!(opened, closed, "{what}: {pattern}");
            let replacement = string(&map["replacement"], &what);
            // Group references in the replacement exist in the pattern.
            let groups = opened - pattern.matches("(?").count();
            for (i, _) in replacement.match_indices('$') {
                let digit = replacement[i + 1..]
                    .chars()
                    .next()
                    .and_then(|c| c.to_digit(10));
                let group = digit.unwrap_or_else(|| panic!("{what}: `$` then a group"));
                assert!(
                    (1..=groups as u32).contains(&group),
                    "{what}: ${group} of {groups}"
                );
            }
        }
        other => panic!("{what}: a char filter type the export does not use: {other}"),
    }
}

/// `template.settings.analysis`: every analyzer names a defined or built-in
/// tokenizer, char filters and filters.
/// <https://docs.opensearch.org/docs/latest/analyzers/custom-analyzer/>
fn check_analysis(analysis: &Value) -> BTreeSet<String> {
    let map = keys(
        analysis,
        "analysis",
        &[
            "analyzer",
            "tokenizer",
            "filter",
            "char_filter",
            "normalizer",
        ],
        &["analyzer"],
    );
    let defined = |section: &str| -> BTreeSet<String> {
        map.get(section)
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    let filters = defined("filter");
    let char_filters = defined("char_filter");
    let tokenizers = defined("tokenizer");
    for (name, filter) in map["filter"].as_object().unwrap() {
        check_filter(name, filter);
    }
    for (name, filter) in map["char_filter"].as_object().unwrap() {
        check_char_filter(name, filter);
    }
    // <https://docs.opensearch.org/docs/latest/analyzers/tokenizers/path-hierarchy/>
    for (name, tokenizer) in map["tokenizer"].as_object().unwrap() {
        let what = format!("tokenizer {name}");
        let t = keys(
            tokenizer,
            &what,
            &[
                "type",
                "delimiter",
                "replacement",
                "buffer_size",
                "reverse",
                "skip",
            ],
            &["type"],
        );
        assert_eq!(string(&t["type"], &what), "path_hierarchy");
        assert_eq!(string(&t["delimiter"], &what).chars().count(), 1, "{what}");
    }
    for (name, analyzer) in map["analyzer"].as_object().unwrap() {
        let what = format!("analyzer {name}");
        let a = keys(
            analyzer,
            &what,
            &[
                "type",
                "tokenizer",
                "char_filter",
                "filter",
                "position_increment_gap",
            ],
            &["type", "tokenizer"],
        );
        assert_eq!(string(&a["type"], &what), "custom");
        let tokenizer = string(&a["tokenizer"], &what);
        assert!(
            tokenizers.contains(tokenizer) || BUILTIN_TOKENIZERS.contains(&tokenizer),
            "{what}: tokenizer {tokenizer}"
        );
        if let Some(list) = a.get("char_filter") {
            for used in strings(list, &what) {
                assert!(char_filters.contains(used), "{what}: char filter {used}");
            }
        }
        if let Some(list) = a.get("filter") {
            let used = strings(list, &what);
            for filter in &used {
                assert!(
                    filters.contains(*filter) || BUILTIN_FILTERS.contains(filter),
                    "{what}: filter {filter}"
                );
            }
            // A synonym filter's rules are parsed by the filters before it:
            // word_delimiter_graph there is refused
            // (opensearch-project/OpenSearch#16263).
            let position = |kind: &str| {
                used.iter()
                    .position(|f| map["filter"][*f]["type"].as_str() == Some(kind))
            };
            let synonyms = position("synonym").or(position("synonym_graph"));
            if let (Some(s), Some(w)) = (synonyms, position("word_delimiter_graph")) {
                assert!(s < w, "{what}: synonyms before word_delimiter_graph");
            }
            // A graph filter at index time is followed by flatten_graph;
            // synonym_graph is for search analyzers only.
            // <https://docs.opensearch.org/docs/latest/analyzers/token-filters/flatten-graph/>
            if name == newsdex_export::opensearch::INDEX_ANALYZER {
                assert!(
                    position("synonym_graph").is_none(),
                    "{what}: no synonym_graph"
                );
                let w = position("word_delimiter_graph").expect("hyphens");
                assert_eq!(used.get(w + 1), Some(&"flatten_graph"), "{what}");
            }
        }
    }
    defined("analyzer")
}

/// The field types and parameters the mapping uses.
/// <https://docs.opensearch.org/docs/latest/field-types/supported-field-types/index/>
fn check_mappings(mappings: &Value, analyzers: &BTreeSet<String>) -> Map<String, Value> {
    // <https://docs.opensearch.org/docs/latest/field-types/mappings/>
    let map = keys(
        mappings,
        "mappings",
        &["dynamic", "_meta", "properties", "_source"],
        &["properties"],
    );
    let dynamic = &map["dynamic"];
    assert!(
        dynamic.is_boolean()
            || ["strict", "true", "false", "runtime"].contains(&dynamic.as_str().unwrap_or("")),
        "dynamic: {dynamic}"
    );
    let properties = map["properties"].as_object().unwrap().clone();
    let analyzer_known = |name: &str| analyzers.contains(name) || BUILTIN_ANALYZERS.contains(&name);
    for (field, mapping) in &properties {
        let what = format!("mapping of {field}");
        match string(&mapping["type"], &what) {
            // <https://docs.opensearch.org/docs/latest/field-types/supported-field-types/text/>
            "text" => {
                let m = keys(
                    mapping,
                    &what,
                    &[
                        "type",
                        "analyzer",
                        "search_analyzer",
                        "fielddata",
                        "index",
                        "index_options",
                        "position_increment_gap",
                    ],
                    &["type"],
                );
                for key in ["analyzer", "search_analyzer"] {
                    if let Some(name) = m.get(key) {
                        let name = string(name, &what);
                        assert!(analyzer_known(name), "{what}: {key} {name} is defined");
                    }
                }
                if let Some(value) = m.get("fielddata") {
                    boolean(value, &what);
                }
            }
            // <https://docs.opensearch.org/docs/latest/field-types/supported-field-types/keyword/>
            // <https://docs.opensearch.org/docs/latest/field-types/mapping-parameters/copy-to/>
            "keyword" => {
                let m = keys(
                    mapping,
                    &what,
                    &[
                        "type",
                        "index",
                        "doc_values",
                        "copy_to",
                        "ignore_above",
                        "normalizer",
                        "store",
                    ],
                    &["type"],
                );
                for flag in ["index", "doc_values"] {
                    if let Some(value) = m.get(flag) {
                        boolean(value, &what);
                    }
                }
                if let Some(target) = m.get("copy_to") {
                    let target = string(target, &what);
                    assert!(
                        properties.contains_key(target),
                        "{what}: copy_to {target} is mapped"
                    );
                }
            }
            // <https://docs.opensearch.org/docs/latest/field-types/supported-field-types/date/>
            "date" => {
                let m = keys(mapping, &what, &["type", "format"], &["type"]);
                assert_eq!(string(&m["format"], &what), "strict_date");
            }
            // <https://docs.opensearch.org/docs/latest/field-types/supported-field-types/object/>
            "object" => {
                let m = keys(
                    mapping,
                    &what,
                    &["type", "enabled", "properties"],
                    &["type"],
                );
                boolean(&m["enabled"], &what);
            }
            other => panic!("{what}: a type the export does not use: {other}"),
        }
    }
    properties
}

/// One document against the strict mapping: every field mapped, each
/// value of the mapped type.
fn check_document(doc: &Value, properties: &Map<String, Value>) {
    let fields = doc.as_object().expect("a document is an object");
    for (field, value) in fields {
        let mapping = properties
            .get(field)
            .unwrap_or_else(|| panic!("`{field}` is mapped (dynamic: strict)"));
        // A field may hold one value or an array of them.
        let values: Vec<&Value> = match value {
            Value::Array(items) => items.iter().collect(),
            one => vec![one],
        };
        match mapping["type"].as_str().unwrap() {
            "keyword" | "text" => {
                for v in values {
                    assert!(v.is_string(), "{field}: a string: {v}");
                }
            }
            "date" => {
                for v in values {
                    let day = v.as_str().expect("a day");
                    let ok = day.len() == 10
                        && day.bytes().enumerate().all(|(i, b)| {
                            if i == 4 || i == 7 {
                                b == b'-'
                            } else {
                                b.is_ascii_digit()
                            }
                        });
                    assert!(ok, "{field}: strict_date yyyy-MM-dd: {day}");
                }
            }
            "object" => {
                for v in values {
                    assert!(v.is_object(), "{field}: objects: {v}");
                }
            }
            other => panic!("{field}: {other}"),
        }
    }
}

/// `_bulk`: an action line `{"index": {"_index", "_id"}}` then the
/// document, every line ending with a newline; `_id` at most 512 bytes.
/// <https://docs.opensearch.org/docs/latest/api-reference/document-apis/bulk/>
fn check_bulk(lines: &[Value], name: &str, properties: &Map<String, Value>) {
    assert!(!lines.is_empty());
    assert_eq!(lines.len() % 2, 0, "action and document pairs");
    for pair in lines.chunks(2) {
        let action = keys(&pair[0], "action", &["index"], &["index"]);
        let target = keys(
            &action["index"],
            "index action",
            &["_index", "_id"],
            &["_index", "_id"],
        );
        assert_eq!(string(&target["_index"], "_index"), name);
        let id = string(&target["_id"], "_id");
        assert!(
            !id.is_empty() && id.len() <= 512,
            "_id of 1 to 512 bytes: {id}"
        );
        check_document(&pair[1], properties);
    }
}

/// The composable index template.
/// <https://docs.opensearch.org/docs/latest/im-plugin/index-templates/>
fn check_template(template: &Value, name: &str) -> Map<String, Value> {
    let map = keys(
        template,
        "template.json",
        &[
            "index_patterns",
            "template",
            "priority",
            "composed_of",
            "version",
            "_meta",
            "data_stream",
        ],
        &["index_patterns"],
    );
    let patterns = strings(&map["index_patterns"], "index_patterns");
    assert!(
        patterns.contains(&name),
        "the index name matches: {patterns:?}"
    );
    assert!(map["priority"].is_u64(), "priority is a whole number");
    let inner = keys(
        &map["template"],
        "template",
        &["settings", "mappings", "aliases"],
        &["settings", "mappings"],
    );
    let settings = keys(
        &inner["settings"],
        "settings",
        &[
            "analysis",
            "index",
            "number_of_shards",
            "number_of_replicas",
        ],
        &[],
    );
    let analyzers = check_analysis(&settings["analysis"]);
    check_mappings(&inner["mappings"], &analyzers)
}

#[test]
fn the_opensearch_template_and_bulk_follow_the_documented_structure() {
    let dir = tempfile::tempdir().unwrap();
    let options = Options::named("news-archive");
    let summary = export_articles(
        Engine::OpenSearch,
        &dir.path().join("paths"),
        &bundled_articles(),
        &options,
    );
    let template: Value =
        serde_json::from_str(&std::fs::read_to_string(&summary.definition).unwrap()).unwrap();
    let properties = check_template(&template, "news-archive");
    check_bulk(&lines(&summary), "news-archive", &properties);
    // From an index, with near-duplicate groups.
    let (index_dir, index) = bundled_index();
    let summary = export_from_index(Engine::OpenSearch, &index_dir.path().join("out"), &index);
    let lines = lines(&summary);
    check_bulk(&lines, "newsdex", &properties);
    assert!(lines
        .iter()
        .skip(1)
        .step_by(2)
        .all(|doc| doc["dup_group"].is_string()));
}

// ---------------------------------------------------------------------------
// Quickwit 0.9
// ---------------------------------------------------------------------------

/// The index config, doc mapping and field mappings.
/// <https://quickwit.io/docs/configuration/index-config>
fn check_quickwit_config(config: &Value, name: &str) -> Map<String, Value> {
    let map = keys(
        config,
        "index-config.json",
        &[
            "version",
            "index_id",
            "index_uri",
            "doc_mapping",
            "indexing_settings",
            "search_settings",
            "retention",
        ],
        &["version", "index_id", "doc_mapping"],
    );
    assert_eq!(string(&map["version"], "version"), "0.9");
    // Index ids: ASCII letters, digits, `-`, `_`; a letter first; 3 to 255.
    let id = string(&map["index_id"], "index_id");
    assert_eq!(id, name);
    assert!(id.len() >= 3 && id.starts_with(|c: char| c.is_ascii_alphabetic()));
    let mapping = keys(
        &map["doc_mapping"],
        "doc_mapping",
        &[
            "field_mappings",
            "mode",
            "dynamic_mapping",
            "tag_fields",
            "store_source",
            "timestamp_field",
            "partition_key",
            "max_num_partitions",
            "index_field_presence",
            "tokenizers",
            "store_document_size",
        ],
        &["field_mappings"],
    );
    let mode = string(&mapping["mode"], "mode");
    assert!(
        ["dynamic", "lenient", "strict"].contains(&mode),
        "mode {mode}"
    );
    if let Some(dynamic) = mapping.get("dynamic_mapping") {
        assert_eq!(mode, "dynamic", "dynamic_mapping only in dynamic mode");
        let d = keys(
            dynamic,
            "dynamic_mapping",
            &[
                "indexed",
                "stored",
                "tokenizer",
                "record",
                "fast",
                "expand_dots",
            ],
            &[],
        );
        for (key, value) in &d {
            if ["indexed", "stored", "fast", "expand_dots"].contains(&key.as_str()) {
                boolean(value, key);
            }
        }
    }
    let mut fields = Map::new();
    for field in mapping["field_mappings"].as_array().unwrap() {
        let name = string(&field["name"], "field name").to_string();
        // `^[@$_\-a-zA-Z][@$_/\.\-a-zA-Z0-9]{0,254}$`, not a reserved name.
        assert!(
            name.starts_with(|c: char| c.is_ascii_alphabetic() || "@$_-".contains(c))
                && name.len() <= 255
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "@$_/.-".contains(c))
                && !["_source", "_dynamic", "_field_presence"].contains(&name.as_str()),
            "field name {name}"
        );
        assert!(
            !name.contains('.'),
            "{name}: no dot (it would need escaping in queries)"
        );
        let what = format!("field {name}");
        match string(&field["type"], &what) {
            "text" | "array<text>" => {
                let f = keys(
                    field,
                    &what,
                    &[
                        "name",
                        "type",
                        "description",
                        "stored",
                        "indexed",
                        "tokenizer",
                        "record",
                        "fieldnorms",
                        "fast",
                    ],
                    &["name", "type"],
                );
                let indexed = f
                    .get("indexed")
                    .map(|v| v.as_bool().unwrap())
                    .unwrap_or(true);
                if !indexed {
                    for key in ["tokenizer", "record", "fieldnorms", "fast"] {
                        assert!(
                            !f.contains_key(key),
                            "{what}: `{key}` on a field not indexed"
                        );
                    }
                }
                if let Some(tokenizer) = f.get("tokenizer") {
                    let tokenizer = string(tokenizer, &what);
                    assert!(
                        [
                            "raw",
                            "raw_lowercase",
                            "default",
                            "en_stem",
                            "whitespace",
                            "chinese_compatible",
                            "lowercase"
                        ]
                        .contains(&tokenizer),
                        "{what}: tokenizer {tokenizer}"
                    );
                }
                if let Some(record) = f.get("record") {
                    assert!(
                        ["basic", "freq", "position"].contains(&string(record, &what)),
                        "{what}"
                    );
                }
                for flag in ["stored", "indexed", "fieldnorms", "fast"] {
                    if let Some(value) = f.get(flag) {
                        boolean(value, &format!("{what}.{flag}"));
                    }
                }
            }
            "datetime" => {
                let f = keys(
                    field,
                    &what,
                    &[
                        "name",
                        "type",
                        "description",
                        "input_formats",
                        "output_format",
                        "stored",
                        "indexed",
                        "fast",
                        "fast_precision",
                    ],
                    &["name", "type"],
                );
                for format in strings(&f["input_formats"], &what) {
                    assert!(
                        ["iso8601", "rfc2822", "rfc3339", "unix_timestamp"].contains(&format)
                            || format.contains('%')
                    );
                }
                assert!(["seconds", "milliseconds", "microseconds", "nanoseconds"]
                    .contains(&string(&f["fast_precision"], &what)));
            }
            other => panic!("{what}: a type the export does not use: {other}"),
        }
        fields.insert(name, field.clone());
    }
    for tag in strings(&mapping["tag_fields"], "tag_fields") {
        assert!(fields.contains_key(tag), "tag field {tag} is mapped");
        assert_eq!(fields[tag]["tokenizer"], "raw", "tag field {tag} is raw");
    }
    let search = keys(
        &map["search_settings"],
        "search_settings",
        &["default_search_fields"],
        &[],
    );
    for field in strings(&search["default_search_fields"], "default_search_fields") {
        assert!(
            fields.contains_key(field),
            "default search field {field} is mapped"
        );
        assert_ne!(fields[field]["indexed"], false, "{field} is indexed");
    }
    fields
}

/// One NDJSON document against the field mappings: a mapped field holds a
/// value of its type (unmapped ones go to the dynamic field).
fn check_quickwit_document(doc: &Value, fields: &Map<String, Value>) {
    for (name, value) in doc.as_object().expect("an object") {
        let Some(mapping) = fields.get(name) else {
            continue;
        };
        match mapping["type"].as_str().unwrap() {
            "text" => assert!(value.is_string(), "{name}: a string: {value}"),
            "array<text>" => {
                assert!(value.is_array(), "{name}: an array: {value}");
                strings(value, name);
            }
            "datetime" => {
                let text = string(value, name);
                assert!(
                    text.len() == 20 && text.ends_with("T00:00:00Z"),
                    "{name}: RFC 3339: {text}"
                );
            }
            other => panic!("{name}: {other}"),
        }
    }
    // The pre-analysed fields are whitespace-separated terms.
    for name in ["title_terms", "body_terms"] {
        let text = string(&doc[name], name);
        assert!(
            !text.contains("  ") && !text.starts_with(' ') && !text.ends_with(' '),
            "{name}"
        );
        assert!(text
            .split(' ')
            .all(|t| t.chars().all(|c| !c.is_whitespace())));
    }
}

#[test]
fn the_quickwit_config_and_documents_follow_the_documented_structure() {
    let dir = tempfile::tempdir().unwrap();
    let summary = export_articles(
        Engine::Quickwit,
        &dir.path().join("paths"),
        &bundled_articles(),
        &Options::named("news_archive"),
    );
    let config: Value =
        serde_json::from_str(&std::fs::read_to_string(&summary.definition).unwrap()).unwrap();
    let fields = check_quickwit_config(&config, "news_archive");
    for doc in lines(&summary) {
        check_quickwit_document(&doc, &fields);
    }
    let (index_dir, index) = bundled_index();
    let summary = export_from_index(Engine::Quickwit, &index_dir.path().join("out"), &index);
    for doc in lines(&summary) {
        check_quickwit_document(&doc, &fields);
        assert!(doc["dup_group"].is_string());
    }
}

#[test]
fn names_the_engines_refuse_are_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    for (engine, name) in [
        (Engine::OpenSearch, "News"),
        (Engine::OpenSearch, "_news"),
        (Engine::Quickwit, "news.archive"),
        (Engine::Quickwit, "n"),
    ] {
        let out = dir.path().join(format!("{}-{name}", engine.as_str()));
        let err =
            newsdex_export::Exporter::create(engine, &out, &Options::named(name)).unwrap_err();
        assert!(err.is_user_error());
        assert!(err.to_string().contains(name), "{err}");
        assert!(!out.exists(), "nothing written for {name}");
    }
}
