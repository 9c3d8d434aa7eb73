//! The engines' documented request schemas, for the parts newsdex emits,
//! written down as checks: which keys each query type allows, and what
//! type each value has. A request that passes is one the engine's parser
//! accepts as documented; what it then matches is for a live cluster to
//! show (docs/scale-out.md gives the commands).
//!
//! OpenSearch (2.x; Elasticsearch 8.x documents the same keys):
//! - search body: <https://opensearch.org/docs/latest/api-reference/search/>
//! - `bool`: <https://opensearch.org/docs/latest/query-dsl/compound/bool/>
//! - `match_all`, `match_none`: <https://opensearch.org/docs/latest/query-dsl/match-all/>
//! - `match_phrase`: <https://opensearch.org/docs/latest/query-dsl/full-text/match-phrase/>
//! - `multi_match`: <https://opensearch.org/docs/latest/query-dsl/full-text/multi-match/>
//! - `prefix`: <https://opensearch.org/docs/latest/query-dsl/term/prefix/>
//! - `fuzzy`: <https://opensearch.org/docs/latest/query-dsl/term/fuzzy/>
//! - `terms`: <https://opensearch.org/docs/latest/query-dsl/term/terms/>
//! - `exists`: <https://opensearch.org/docs/latest/query-dsl/term/exists/>
//! - `range`: <https://opensearch.org/docs/latest/query-dsl/term/range/>
//! - span queries (`span_term`, `span_near`, `span_or`, `span_multi`):
//!   <https://opensearch.org/docs/latest/query-dsl/span/>, and
//!   <https://www.elastic.co/guide/en/elasticsearch/reference/current/span-queries.html>
//!   ("all span clauses of a `span_near` must be on the same field")
//! - `terms` aggregation: <https://opensearch.org/docs/latest/aggregations/bucket/terms/>
//! - `highlight`: <https://opensearch.org/docs/latest/search-plugins/searching-data/highlight/>
//! - `sort`: <https://opensearch.org/docs/latest/search-plugins/searching-data/sort/>
//!
//! Quickwit 0.9:
//! - search request: <https://quickwit.io/docs/0.9/reference/rest-api> ("Search in an index":
//!   `query`, `start_timestamp`, `end_timestamp`, `start_offset`, `max_hits`, `search_field`,
//!   `snippet_fields`, `sort_by`, `format`, `aggs`, `count_all`; unknown keys are refused)
//! - query language: <https://quickwit.io/docs/0.9/reference/query-language> (term, phrase
//!   with `~slop`, prefix `term*`, range `[a TO b}` with RFC 3339 datetimes, exists `field:*`,
//!   match all `*`, `AND`, `OR`, `NOT`, parentheses, boost `^`)
//! - aggregations: <https://quickwit.io/docs/0.9/reference/aggregation> (`terms`: `field`,
//!   `size`, `segment_size`/`shard_size`/`split_size`, `show_term_doc_count_error`,
//!   `min_doc_count`, `order`)

use serde_json::{Map, Value};

type Checked = Result<(), String>;

fn object<'a>(value: &'a Value, at: &str) -> Result<&'a Map<String, Value>, String> {
    value
        .as_object()
        .ok_or_else(|| format!("{at}: expected an object, got {value}"))
}

fn only_keys(map: &Map<String, Value>, allowed: &[&str], at: &str) -> Checked {
    for key in map.keys() {
        if !allowed.contains(&key.as_str()) {
            return Err(format!(
                "{at}: key `{key}` not allowed here (allowed: {allowed:?})"
            ));
        }
    }
    Ok(())
}

fn required(map: &Map<String, Value>, keys: &[&str], at: &str) -> Checked {
    for key in keys {
        if !map.contains_key(*key) {
            return Err(format!("{at}: key `{key}` missing"));
        }
    }
    Ok(())
}

/// The one `{FIELD: value}` entry of a field-keyed query.
fn one_field<'a>(value: &'a Value, at: &str) -> Result<(&'a str, &'a Value), String> {
    let map = object(value, at)?;
    let mut fields = map.iter().filter(|(k, _)| k.as_str() != "boost");
    match (fields.next(), fields.next()) {
        (Some((field, inner)), None) => Ok((field.as_str(), inner)),
        _ => Err(format!("{at}: expected exactly one field, got {value}")),
    }
}

fn is_uint(value: &Value) -> bool {
    value.as_u64().is_some()
}

fn kind(at: &str, ok: bool, what: &str, value: &Value) -> Checked {
    if ok {
        Ok(())
    } else {
        Err(format!("{at}: expected {what}, got {value}"))
    }
}

/// A key, the check of its value, and what the check wants.
type KeyType<'a> = (&'a str, fn(&Value) -> bool, &'a str);

/// Checks each value of `map` listed in `types`.
fn typed(map: &Map<String, Value>, types: &[KeyType<'_>], at: &str) -> Checked {
    for (key, check, what) in types {
        if let Some(value) = map.get(*key) {
            kind(&format!("{at}.{key}"), check(value), what, value)?;
        }
    }
    Ok(())
}

fn string(v: &Value) -> bool {
    v.is_string()
}
fn number(v: &Value) -> bool {
    v.is_number()
}
fn boolean(v: &Value) -> bool {
    v.is_boolean()
}
fn strings(v: &Value) -> bool {
    v.as_array().is_some_and(|a| a.iter().all(Value::is_string))
}

/// The exported fields a query may name (`newsdex_export::fields`).
pub struct Fields {
    pub text: &'static [&'static str],
    pub keyword: &'static [&'static str],
    pub date: &'static [&'static str],
}

pub const OPENSEARCH_FIELDS: Fields = Fields {
    text: &["title", "body", "caption", "quote", "vote_path", "org_path"],
    keyword: &[
        "source", "country", "about", "person", "vote", "said_by", "language", "org",
    ],
    date: &["published"],
};

/// An OpenSearch search body, as documented (see the module docs).
pub fn check_opensearch_body(body: &Value) -> Checked {
    let map = object(body, "body")?;
    only_keys(
        map,
        &[
            "query",
            "size",
            "from",
            "sort",
            "track_total_hits",
            "aggs",
            "highlight",
            "explain",
        ],
        "body",
    )?;
    required(map, &["query"], "body")?;
    typed(
        map,
        &[
            ("size", is_uint, "a non-negative integer"),
            ("from", is_uint, "a non-negative integer"),
            ("track_total_hits", boolean, "a boolean"),
            ("explain", boolean, "a boolean"),
        ],
        "body",
    )?;
    check_query(&map["query"], "query")?;
    if let Some(sort) = map.get("sort") {
        let sort = sort.as_array().ok_or("sort: expected an array")?;
        for (i, entry) in sort.iter().enumerate() {
            let at = format!("sort[{i}]");
            let (field, options) = one_field(entry, &at)?;
            kind(
                &at,
                OPENSEARCH_FIELDS.date.contains(&field),
                "a date field",
                entry,
            )?;
            let options = object(options, &at)?;
            only_keys(options, &["order", "missing"], &at)?;
            let order = options.get("order").and_then(Value::as_str);
            kind(
                &at,
                matches!(order, Some("asc" | "desc")),
                "order asc|desc",
                entry,
            )?;
            if let Some(missing) = options.get("missing") {
                kind(
                    &at,
                    matches!(missing.as_str(), Some("_last" | "_first")),
                    "missing _last|_first",
                    entry,
                )?;
            }
        }
    }
    if let Some(aggs) = map.get("aggs") {
        for (name, agg) in object(aggs, "aggs")? {
            let at = format!("aggs.{name}");
            let agg = object(agg, &at)?;
            only_keys(agg, &["terms"], &at)?;
            let terms = object(&agg["terms"], &at)?;
            only_keys(
                terms,
                &[
                    "field",
                    "size",
                    "shard_size",
                    "show_term_doc_count_error",
                    "min_doc_count",
                    "order",
                ],
                &at,
            )?;
            required(terms, &["field"], &at)?;
            typed(
                terms,
                &[
                    ("field", string, "a string"),
                    ("size", is_uint, "a positive integer"),
                    ("show_term_doc_count_error", boolean, "a boolean"),
                ],
                &at,
            )?;
            // Keyword fields, or the `path_hierarchy` fields mapped with
            // `fielddata` (every level of `vote` and `org`).
            let field = terms["field"].as_str().unwrap_or_default();
            let aggregatable =
                OPENSEARCH_FIELDS.keyword.contains(&field) || field.ends_with("_path");
            kind(
                &at,
                aggregatable,
                "a keyword or fielddata field",
                &agg["terms"],
            )?;
            kind(
                &at,
                terms.get("size").and_then(Value::as_u64) != Some(0),
                "a size above 0",
                &agg["terms"],
            )?;
        }
    }
    if let Some(highlight) = map.get("highlight") {
        let highlight = object(highlight, "highlight")?;
        only_keys(highlight, &["pre_tags", "post_tags", "fields"], "highlight")?;
        typed(
            highlight,
            &[
                ("pre_tags", strings, "strings"),
                ("post_tags", strings, "strings"),
            ],
            "highlight",
        )?;
        for (field, options) in object(&highlight["fields"], "highlight.fields")? {
            let at = format!("highlight.fields.{field}");
            kind(
                &at,
                OPENSEARCH_FIELDS.text.contains(&field.as_str()),
                "a text field",
                options,
            )?;
            let options = object(options, &at)?;
            only_keys(options, &["fragment_size", "number_of_fragments"], &at)?;
            typed(
                options,
                &[
                    ("fragment_size", is_uint, "an integer"),
                    ("number_of_fragments", is_uint, "an integer"),
                ],
                &at,
            )?;
        }
    }
    Ok(())
}

fn text_field(field: &str, at: &str) -> Checked {
    if OPENSEARCH_FIELDS.text.contains(&field) {
        Ok(())
    } else {
        Err(format!("{at}: `{field}` is not a text field"))
    }
}

/// One query clause of the DSL subset newsdex emits.
pub fn check_query(query: &Value, at: &str) -> Checked {
    let map = object(query, at)?;
    if map.len() != 1 {
        return Err(format!("{at}: a query has exactly one type, got {query}"));
    }
    let (name, inner) = map.iter().next().ok_or("empty query")?;
    let at = format!("{at}.{name}");
    match name.as_str() {
        "bool" => {
            let inner = object(inner, &at)?;
            only_keys(
                inner,
                &[
                    "must",
                    "should",
                    "must_not",
                    "filter",
                    "minimum_should_match",
                    "boost",
                ],
                &at,
            )?;
            for occur in ["must", "should", "must_not", "filter"] {
                if let Some(clauses) = inner.get(occur) {
                    let clauses = clauses
                        .as_array()
                        .ok_or(format!("{at}.{occur}: expected an array"))?;
                    for (i, clause) in clauses.iter().enumerate() {
                        check_query(clause, &format!("{at}.{occur}[{i}]"))?;
                    }
                }
            }
            if let Some(min) = inner.get("minimum_should_match") {
                kind(
                    &at,
                    min.is_u64() || min.is_string(),
                    "an integer or a string",
                    min,
                )?;
            }
        }
        "match_all" | "match_none" => {
            only_keys(object(inner, &at)?, &["boost"], &at)?;
        }
        "multi_match" => {
            let inner = object(inner, &at)?;
            only_keys(
                inner,
                &[
                    "query",
                    "fields",
                    "type",
                    "tie_breaker",
                    "slop",
                    "operator",
                    "analyzer",
                    "boost",
                ],
                &at,
            )?;
            required(inner, &["query", "fields"], &at)?;
            typed(
                inner,
                &[
                    ("query", string, "a string"),
                    ("fields", strings, "field names"),
                    ("tie_breaker", number, "a number"),
                    ("slop", is_uint, "an integer"),
                ],
                &at,
            )?;
            let kinds = [
                "best_fields",
                "most_fields",
                "cross_fields",
                "phrase",
                "phrase_prefix",
                "bool_prefix",
            ];
            if let Some(t) = inner.get("type") {
                kind(
                    &at,
                    t.as_str().is_some_and(|t| kinds.contains(&t)),
                    "a multi_match type",
                    t,
                )?;
            }
            for field in inner["fields"].as_array().into_iter().flatten() {
                let name = field.as_str().unwrap_or_default();
                let (name, boost) = name.split_once('^').unwrap_or((name, "1"));
                text_field(name, &at)?;
                kind(&at, boost.parse::<f32>().is_ok(), "field^boost", field)?;
            }
        }
        "match_phrase" => {
            let (field, options) = one_field(inner, &at)?;
            text_field(field, &at)?;
            let options = object(options, &at)?;
            only_keys(
                options,
                &["query", "slop", "analyzer", "boost", "zero_terms_query"],
                &at,
            )?;
            required(options, &["query"], &at)?;
            typed(
                options,
                &[
                    ("query", string, "a string"),
                    ("slop", is_uint, "an integer"),
                    ("boost", number, "a number"),
                ],
                &at,
            )?;
        }
        "prefix" => {
            let (field, options) = one_field(inner, &at)?;
            text_field(field, &at)?;
            let options = object(options, &at)?;
            only_keys(
                options,
                &["value", "rewrite", "boost", "case_insensitive"],
                &at,
            )?;
            required(options, &["value"], &at)?;
            typed(
                options,
                &[("value", string, "a string"), ("boost", number, "a number")],
                &at,
            )?;
            check_rewrite(options, &at)?;
        }
        "fuzzy" => {
            let (field, options) = one_field(inner, &at)?;
            text_field(field, &at)?;
            let options = object(options, &at)?;
            only_keys(
                options,
                &[
                    "value",
                    "fuzziness",
                    "max_expansions",
                    "prefix_length",
                    "transpositions",
                    "rewrite",
                    "boost",
                ],
                &at,
            )?;
            required(options, &["value"], &at)?;
            typed(
                options,
                &[
                    ("value", string, "a string"),
                    ("max_expansions", is_uint, "an integer"),
                    ("prefix_length", is_uint, "an integer"),
                    ("transpositions", boolean, "a boolean"),
                    ("boost", number, "a number"),
                ],
                &at,
            )?;
            if let Some(f) = options.get("fuzziness") {
                let ok = f.as_u64().is_some_and(|d| d <= 2)
                    || f.as_str().is_some_and(|s| s.starts_with("AUTO"));
                kind(&at, ok, "fuzziness 0, 1, 2 or AUTO", f)?;
            }
        }
        "terms" => {
            let (field, values) = one_field(inner, &at)?;
            let known = OPENSEARCH_FIELDS.keyword.contains(&field)
                || OPENSEARCH_FIELDS.text.contains(&field);
            kind(&at, known, "an exported field", inner)?;
            kind(
                &at,
                strings(values) && values.as_array().is_some_and(|a| !a.is_empty()),
                "values",
                values,
            )?;
        }
        "exists" => {
            let inner = object(inner, &at)?;
            only_keys(inner, &["field", "boost"], &at)?;
            typed(inner, &[("field", string, "a string")], &at)?;
        }
        "range" => {
            let (field, options) = one_field(inner, &at)?;
            kind(
                &at,
                OPENSEARCH_FIELDS.date.contains(&field),
                "a date field",
                inner,
            )?;
            let options = object(options, &at)?;
            only_keys(
                options,
                &["gte", "gt", "lte", "lt", "format", "time_zone", "boost"],
                &at,
            )?;
            for bound in ["gte", "gt", "lte", "lt"] {
                if let Some(day) = options.get(bound) {
                    let ok = day.as_str().is_some_and(|d| {
                        time::Date::parse(
                            d,
                            time::macros::format_description!("[year]-[month]-[day]"),
                        )
                        .is_ok()
                    });
                    kind(&at, ok, "a day in strict_date (yyyy-MM-dd)", day)?;
                }
            }
        }
        name if name.starts_with("span_") => {
            check_span(query, &at, &mut None)?;
        }
        other => {
            return Err(format!(
                "{at}: query type `{other}` is not one newsdex emits"
            ))
        }
    }
    Ok(())
}

fn check_rewrite(options: &Map<String, Value>, at: &str) -> Checked {
    if let Some(rewrite) = options.get("rewrite") {
        let text = rewrite.as_str().unwrap_or_default();
        let sized = ["top_terms_boost_", "top_terms_blended_freqs_", "top_terms_"]
            .iter()
            .find_map(|p| text.strip_prefix(p))
            .is_some_and(|n| n.parse::<u32>().is_ok_and(|n| n > 0));
        let plain = [
            "constant_score",
            "scoring_boolean",
            "constant_score_boolean",
        ]
        .contains(&text);
        kind(at, sized || plain, "a rewrite method", rewrite)?;
    }
    Ok(())
}

/// A span query; every span clause below one `span_near`/`span_or` is on
/// the same field (`field` collects it).
fn check_span(query: &Value, at: &str, field: &mut Option<String>) -> Checked {
    let map = object(query, at)?;
    if map.len() != 1 {
        return Err(format!("{at}: a span query has exactly one type"));
    }
    let (name, inner) = map.iter().next().ok_or("empty span")?;
    let at = format!("{at}.{name}");
    let mut same_field = |name: &str, at: &str| -> Checked {
        text_field(name, at)?;
        match field {
            Some(seen) if seen != name => {
                Err(format!("{at}: span clauses on `{seen}` and `{name}`"))
            }
            _ => {
                *field = Some(name.to_string());
                Ok(())
            }
        }
    };
    match name.as_str() {
        "span_term" => {
            let (name, value) = one_field(inner, &at)?;
            same_field(name, &at)?;
            let ok = value.is_string() || value.get("value").is_some_and(Value::is_string);
            kind(&at, ok, "a term", value)?;
        }
        "span_near" | "span_or" => {
            let inner = object(inner, &at)?;
            let allowed: &[&str] = if name == "span_near" {
                &["clauses", "slop", "in_order", "boost"]
            } else {
                &["clauses", "boost"]
            };
            only_keys(inner, allowed, &at)?;
            required(inner, &["clauses"], &at)?;
            typed(
                inner,
                &[
                    ("slop", is_uint, "an integer"),
                    ("in_order", boolean, "a boolean"),
                    ("boost", number, "a number"),
                ],
                &at,
            )?;
            let clauses = inner["clauses"]
                .as_array()
                .ok_or(format!("{at}.clauses: expected an array"))?;
            kind(&at, !clauses.is_empty(), "clauses", &inner["clauses"])?;
            for (i, clause) in clauses.iter().enumerate() {
                check_span(clause, &format!("{at}.clauses[{i}]"), field)?;
            }
        }
        "span_multi" => {
            let inner = object(inner, &at)?;
            only_keys(inner, &["match", "boost"], &at)?;
            let matched = object(&inner["match"], &at)?;
            let (kind_name, body) = matched.iter().next().ok_or(format!("{at}: empty match"))?;
            kind(
                &at,
                ["prefix", "fuzzy", "wildcard", "regexp", "range"].contains(&kind_name.as_str()),
                "a multi-term query",
                &inner["match"],
            )?;
            let (name, _) = one_field(body, &at)?;
            same_field(name, &at)?;
            check_query(&inner["match"], &at)?;
        }
        other => return Err(format!("{at}: `{other}` is not a span query newsdex emits")),
    }
    Ok(())
}

/// The fields a Quickwit query may name: the pre-analysed text fields, the
/// raw facet fields, the datetime.
pub const QUICKWIT_TEXT: &[&str] = &["title_terms", "body_terms", "caption_terms", "quote_terms"];
pub const QUICKWIT_RAW: &[&str] = &[
    "source",
    "country",
    "about",
    "person",
    "vote",
    "said_by",
    "language",
    "org",
    "vote_path",
    "org_path",
];
pub const QUICKWIT_DATE: &[&str] = &["published"];

/// A Quickwit search request body, as documented (see the module docs).
pub fn check_quickwit_body(body: &Value) -> Checked {
    let map = object(body, "body")?;
    only_keys(
        map,
        &[
            "query",
            "start_timestamp",
            "end_timestamp",
            "start_offset",
            "max_hits",
            "search_field",
            "snippet_fields",
            "sort_by",
            "format",
            "aggs",
            "count_all",
        ],
        "body",
    )?;
    required(map, &["query"], "body")?;
    typed(
        map,
        &[
            ("query", string, "a string"),
            ("max_hits", is_uint, "a non-negative integer"),
            ("start_offset", is_uint, "a non-negative integer"),
            ("sort_by", string, "a string"),
        ],
        "body",
    )?;
    if let Some(sort) = map.get("sort_by").and_then(Value::as_str) {
        for field in sort.split(',') {
            let name = field.trim_start_matches(['+', '-']);
            let ok = name == "_score" || QUICKWIT_DATE.contains(&name);
            kind(
                "sort_by",
                ok,
                "_score or a fast datetime field",
                &map["sort_by"],
            )?;
        }
    }
    if let Some(aggs) = map.get("aggs") {
        for (name, agg) in object(aggs, "aggs")? {
            let at = format!("aggs.{name}");
            let agg = object(agg, &at)?;
            only_keys(agg, &["terms"], &at)?;
            let terms = object(&agg["terms"], &at)?;
            only_keys(
                terms,
                &[
                    "field",
                    "size",
                    "segment_size",
                    "shard_size",
                    "split_size",
                    "show_term_doc_count_error",
                    "min_doc_count",
                    "order",
                ],
                &at,
            )?;
            required(terms, &["field"], &at)?;
            typed(
                terms,
                &[
                    ("size", is_uint, "an integer"),
                    ("show_term_doc_count_error", boolean, "a boolean"),
                ],
                &at,
            )?;
            let field = terms["field"].as_str().unwrap_or_default();
            kind(
                &at,
                QUICKWIT_RAW.contains(&field),
                "a raw (fast) facet field",
                &agg["terms"],
            )?;
        }
    }
    check_quickwit_query(map["query"].as_str().unwrap_or_default())
}

/// Quickwit's query language, the subset newsdex writes, fully
/// parenthesised (no AND and OR mixed at one level, so Quickwit's
/// precedence never decides).
pub fn check_quickwit_query(query: &str) -> Checked {
    let mut parser = QueryParser { text: query, at: 0 };
    parser.expression()?;
    parser.spaces();
    if parser.at != query.len() {
        return Err(format!(
            "unexpected `{}` at byte {} of {query}",
            &query[parser.at..],
            parser.at
        ));
    }
    Ok(())
}

/// The characters the query-language reference lists as reserved.
const RESERVED: &[char] = &[
    '+', '^', '`', ':', '{', '}', '"', '[', ']', '(', ')', '~', '!', '\\', '*', ' ',
];

struct QueryParser<'a> {
    text: &'a str,
    at: usize,
}

impl QueryParser<'_> {
    fn rest(&self) -> &str {
        &self.text[self.at..]
    }

    fn error<T>(&self, what: &str) -> Result<T, String> {
        Err(format!(
            "expected {what} at byte {} of {}",
            self.at, self.text
        ))
    }

    fn spaces(&mut self) {
        while self.rest().starts_with(' ') {
            self.at += 1;
        }
    }

    fn eat(&mut self, token: &str) -> bool {
        if self.rest().starts_with(token) {
            self.at += token.len();
            true
        } else {
            false
        }
    }

    /// `term ((AND|OR) term)*`, one operator kind per level.
    fn expression(&mut self) -> Checked {
        self.term()?;
        let mut op = None;
        loop {
            let before = self.at;
            self.spaces();
            let found = if self.eat("AND ") {
                "AND"
            } else if self.eat("OR ") {
                "OR"
            } else {
                self.at = before;
                return Ok(());
            };
            match op {
                Some(seen) if seen != found => {
                    return self.error("one operator per level (parenthesise)")
                }
                _ => op = Some(found),
            }
            self.spaces();
            self.term()?;
        }
    }

    fn term(&mut self) -> Checked {
        if self.eat("NOT ") {
            self.spaces();
            return self.term();
        }
        if self.eat("(") {
            self.expression()?;
            if !self.eat(")") {
                return self.error("`)`");
            }
            return self.boost();
        }
        if self.eat("*") {
            return Ok(());
        }
        self.clause()
    }

    fn boost(&mut self) -> Checked {
        if self.eat("^") {
            let digits = self
                .rest()
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .count();
            if digits == 0 || self.rest()[..digits].parse::<f64>().is_err() {
                return self.error("a boost");
            }
            self.at += digits;
        }
        Ok(())
    }

    fn clause(&mut self) -> Checked {
        let name_len = self
            .rest()
            .find(':')
            .ok_or(format!("no field in {}", self.rest()))?;
        let field = self.rest()[..name_len].to_string();
        self.at += name_len + 1;
        if QUICKWIT_DATE.contains(&field.as_str()) {
            if self.eat("*") {
                return Ok(());
            }
            return self.range();
        }
        let text = QUICKWIT_TEXT.contains(&field.as_str());
        if !text && !QUICKWIT_RAW.contains(&field.as_str()) {
            return Err(format!("unknown field `{field}` in {}", self.text));
        }
        if self.eat("*") {
            return Ok(());
        }
        if self.eat("\"") {
            let end = self.rest().find('"').ok_or("unclosed quote")?;
            if end == 0 {
                return self.error("a term inside the quotes");
            }
            self.at += end + 1;
            if self.eat("~") {
                let digits = self.rest().chars().take_while(char::is_ascii_digit).count();
                if digits == 0 {
                    return self.error("a slop");
                }
                self.at += digits;
            }
            return self.boost();
        }
        // A bare word must end in `*` here: newsdex writes only prefixes bare.
        let word = self
            .rest()
            .chars()
            .take_while(|c| !RESERVED.contains(c) && !c.is_whitespace())
            .count();
        let len: usize = self.rest().chars().take(word).map(char::len_utf8).sum();
        if len == 0 || self.rest().starts_with('-') {
            return self.error("a word");
        }
        self.at += len;
        if !self.eat("*") {
            return self.error("`*` after a bare word");
        }
        self.boost()
    }

    fn range(&mut self) -> Checked {
        if !(self.eat("[") || self.eat("{")) {
            return self.error("`[` or `{`");
        }
        self.bound()?;
        if !self.eat(" TO ") {
            return self.error("` TO `");
        }
        self.bound()?;
        if !(self.eat("]") || self.eat("}")) {
            return self.error("`]` or `}`");
        }
        Ok(())
    }

    fn bound(&mut self) -> Checked {
        if self.eat("*") {
            return Ok(());
        }
        let len = self
            .rest()
            .find([' ', ']', '}'])
            .unwrap_or(self.rest().len());
        let value = &self.rest()[..len];
        if time::OffsetDateTime::parse(value, &time::format_description::well_known::Rfc3339)
            .is_err()
        {
            return self.error("an RFC 3339 datetime");
        }
        self.at += len;
        Ok(())
    }
}

#[test]
fn the_checks_refuse_what_the_docs_do_not_allow() {
    use serde_json::json;
    let ok = json!({"query": {"match_phrase": {"body": {"query": "a b", "slop": 1}}}});
    assert_eq!(check_opensearch_body(&ok), Ok(()));
    for bad in [
        json!({"query": {"match_phrase": {"body": {"query": "a", "operator": "and"}}}}),
        json!({"query": {"match_phrase": {"source": {"query": "a"}}}}),
        json!({"query": {"span_near": {"clauses": [{"span_term": {"body": "a"}}, {"span_term": {"title": "b"}}], "slop": 0}}}),
        json!({"query": {"fuzzy": {"body": {"value": "a", "fuzziness": 3}}}}),
        json!({"query": {"range": {"published": {"gte": "22/03/2024"}}}}),
        json!({"query": {"match_all": {}}, "sizes": 3}),
        json!({"query": {"terms": {"country": []}}}),
    ] {
        assert!(check_opensearch_body(&bad).is_err(), "{bad}");
    }
    assert_eq!(
        check_quickwit_query("(body_terms:\"a b\"~1 OR title_terms:\"a\"^2) AND NOT vote:vetoed/*"),
        Ok(())
    );
    for bad in [
        "body_terms:a",
        "a OR b",
        "body_terms:\"a\" AND body_terms:\"b\" OR body_terms:\"c\"",
        "published:[2024-03-22 TO *]",
        "(body_terms:\"a\"",
        "nofield:\"a\"",
    ] {
        assert!(check_quickwit_query(bad).is_err(), "{bad}");
    }
}
