//! The lowered query as an OpenSearch/Elasticsearch search request body
//! (Query DSL, OpenSearch 2.x and Elasticsearch 8.x alike).
//!
//! | newsdex | Query DSL |
//! |---|---|
//! | word, phrase | `multi_match` of type `phrase` over `title^2`, `body`, `caption` with `tie_breaker` 1 (the fields' scores add up, as newsdex's do), or `match_phrase` in one field; analysed by the index's own search analyzer. A word is a phrase: one that analyses to several tokens ("U.S.-led") matches them in a row, as in newsdex |
//! | `"…"~N` | `span_near` of newsdex's tokens (`span_term`), `in_order`, `slop` N, per field: Lucene's sloppy `match_phrase` would let the words swap places (a transposition costs 2) and match words standing at one position, which newsdex's in-order slop never does |
//! | `a b`, `a AND b`, `OR`, `NOT`, `-` | `bool` `must` / `should` (`minimum_should_match` 1) / `must_not`; `NOT x` alone: `match_all` but `x` |
//! | `Rafa*` | `prefix` with newsdex's unstemmed, folded prefix (prefix queries are not analysed) and `rewrite: top_terms_boost_50`: the first 50 terms in term order, per shard, as newsdex keeps the first [`MAX_EXPANSIONS`] |
//! | `Netanyahoo~2` | `fuzzy` with newsdex's stemmed token, `fuzziness` 1 or 2, `max_expansions` 50, `transpositions` true (a transposition is one edit, as in newsdex), `prefix_length` 0 |
//! | `w/N` | `span_near`, `in_order`, `slop` N − 1 (Lucene's slop counts the positions between the spans; `w/1` is the next word) |
//! | `near/N` | `span_or` of the two ordered `span_near`s (an unordered `span_near` would also accept overlapping spans, which `near/N` does not) |
//! | sides of a proximity | `span_term` (newsdex's tokens: span queries are not analysed), `span_near` (a phrase, `slop` its slop, in order), `span_multi` over `prefix`/`fuzzy` as above, `span_or` |
//! | `/s`, `/p` | refused: the index has no sentence or paragraph positions |
//! | `published:…`, `--from/--to` | `range` on `published`, `gte` the first day, `lt` the day after the last (`format: strict_date`); open at both ends: `exists` |
//! | `country:…`, `--country`… | `terms` on the keyword field with the resolved values; `vote` and `org` on `vote_path` and `org_path` (every level of the paths, `path_hierarchy`), so `vetoed` matches `vetoed/ru`; `field:*`: `exists` |
//! | facet counts | a `terms` aggregation per facet (`size` the facet limit, `show_term_doc_count_error`), on `vote_path` and `org_path` for `vote` and `org` so that every level is counted as newsdex counts it; `track_total_hits: true` for the exact total |
//!
//! [`MAX_EXPANSIONS`]: newsdex_query::MAX_EXPANSIONS

use newsdex_query::syntax::Proximity;
use newsdex_query::{SearchRequest, Sort, MAX_EXPANSIONS};
use serde_json::{json, Map, Value};

use super::lower::{Lowered, Node, Spans, TextField, TextKind, TextLeaf};
use super::{facet_aggregations, facet_field, filter_field, text_field};
use crate::error::{ExportError, Result};
use crate::{fields, Engine};

/// The request body for `POST /{index}/_search`.
pub(crate) fn request(lowered: &Lowered, request: &SearchRequest) -> Result<Value> {
    let query = lowered.query.as_ref().map(node).transpose()?;
    let filters: Vec<Value> = lowered.filters.iter().map(node).collect::<Result<_>>()?;
    let query = match (query, filters.is_empty()) {
        (Some(query), true) => query,
        (None, true) => json!({"match_all": {}}),
        (query, false) => {
            let mut bool_query = Map::new();
            if let Some(query) = query {
                bool_query.insert("must".into(), json!([query]));
            }
            bool_query.insert("filter".into(), Value::Array(filters));
            json!({"bool": bool_query})
        }
    };
    if request.collapse {
        return Err(unsupported(
            "collapse (one hit per near-duplicate group)",
            "field collapsing shows each group's best-scoring copy and puts every article \
             without a group in one group; newsdex shows the earliest copy and lists the others",
        ));
    }
    let mut body = Map::new();
    body.insert("query".into(), query);
    body.insert("size".into(), json!(request.limit));
    if request.offset > 0 {
        body.insert("from".into(), json!(request.offset));
    }
    if request.sort == Sort::Date {
        body.insert(
            "sort".into(),
            json!([{fields::PUBLISHED: {"order": "desc", "missing": "_last"}}]),
        );
    }
    body.insert("track_total_hits".into(), json!(true));
    if request.explain {
        body.insert("explain".into(), json!(true));
    }
    if request.facets {
        body.insert("aggs".into(), facet_aggregations(request));
    }
    if request.limit > 0 {
        let fragment = json!({
            "fragment_size": request.snippet_chars,
            "number_of_fragments": request.snippets.max(1),
        });
        body.insert(
            "highlight".into(),
            json!({
                "pre_tags": ["<mark>"],
                "post_tags": ["</mark>"],
                "fields": {
                    fields::BODY: fragment,
                    fields::CAPTION: fragment,
                    fields::TITLE: {"number_of_fragments": 0},
                },
            }),
        );
    }
    Ok(Value::Object(body))
}

fn unsupported(construct: &str, why: &str) -> ExportError {
    ExportError::Unsupported {
        construct: construct.to_string(),
        engine: Engine::OpenSearch,
        span: None,
        why: why.to_string(),
    }
}

fn any_of(mut clauses: Vec<Value>) -> Value {
    if clauses.len() == 1 {
        return clauses.remove(0);
    }
    json!({"bool": {"should": clauses, "minimum_should_match": 1}})
}

fn node(node: &Node) -> Result<Value> {
    Ok(match node {
        Node::All => json!({"match_all": {}}),
        Node::Nothing => json!({"match_none": {}}),
        Node::And { must, must_not } => {
            let mut bool_query = Map::new();
            let must: Vec<Value> = must.iter().map(self::node).collect::<Result<_>>()?;
            bool_query.insert("must".into(), Value::Array(must));
            if !must_not.is_empty() {
                let must_not: Vec<Value> =
                    must_not.iter().map(self::node).collect::<Result<_>>()?;
                bool_query.insert("must_not".into(), Value::Array(must_not));
            }
            json!({"bool": bool_query})
        }
        Node::AllBut(excluded) => {
            let excluded: Vec<Value> = excluded.iter().map(self::node).collect::<Result<_>>()?;
            json!({"bool": {"must": [{"match_all": {}}], "must_not": excluded}})
        }
        Node::Or(clauses) => {
            let clauses: Vec<Value> = clauses.iter().map(self::node).collect::<Result<_>>()?;
            json!({"bool": {"should": clauses, "minimum_should_match": 1}})
        }
        Node::Text(leaf) => text(leaf),
        Node::Near { fields, tree } => {
            let mut per_field = Vec::with_capacity(fields.len());
            for &field in fields {
                let mut query = spans(tree, field)?;
                if let (Some(boost), Some(inner)) = (field.boost(), span_body(&mut query)) {
                    inner.insert("boost".into(), json!(boost));
                }
                per_field.push(query);
            }
            any_of(per_field)
        }
        Node::Facet { facet, values } => json!({"terms": {filter_field(*facet): values}}),
        Node::FacetAny { facet } => json!({"exists": {"field": facet_field(*facet)}}),
        Node::Published { from, to } => {
            if from.is_none() && to.is_none() {
                return Ok(json!({"exists": {"field": fields::PUBLISHED}}));
            }
            let mut range = Map::new();
            if let Some(from) = from {
                range.insert("gte".into(), json!(from.to_string()));
            }
            if let Some(to) = to {
                match to.next_day() {
                    Some(next) => range.insert("lt".into(), json!(next.to_string())),
                    None => range.insert("lte".into(), json!(to.to_string())),
                };
            }
            range.insert("format".into(), json!("strict_date"));
            json!({"range": {fields::PUBLISHED: range}})
        }
    })
}

/// The object inside a one-key query (`{"span_near": {…}}` → `{…}`).
fn span_body(query: &mut Value) -> Option<&mut Map<String, Value>> {
    query
        .as_object_mut()
        .and_then(|outer| outer.values_mut().next())
        .and_then(Value::as_object_mut)
}

fn text(leaf: &TextLeaf) -> Value {
    match &leaf.kind {
        TextKind::Words { slop, .. } if *slop > 0 => any_of(
            leaf.fields
                .iter()
                .map(|&field| {
                    let mut query = words_spans(&leaf.kind, field);
                    if let (Some(boost), Some(inner)) = (field.boost(), span_body(&mut query)) {
                        inner.insert("boost".into(), json!(boost));
                    }
                    query
                })
                .collect(),
        ),
        TextKind::Words { text, .. } => {
            if let [field] = leaf.fields.as_slice() {
                let mut options = Map::new();
                options.insert("query".into(), json!(text));
                if let Some(boost) = field.boost() {
                    options.insert("boost".into(), json!(boost));
                }
                return json!({"match_phrase": {text_field(*field): options}});
            }
            let fields: Vec<String> = leaf
                .fields
                .iter()
                .map(|f| match f.boost() {
                    Some(boost) => format!("{}^{boost}", text_field(*f)),
                    None => text_field(*f).to_string(),
                })
                .collect();
            let mut options = Map::new();
            options.insert("query".into(), json!(text));
            options.insert("type".into(), json!("phrase"));
            options.insert("fields".into(), json!(fields));
            options.insert("tie_breaker".into(), json!(1.0));
            json!({"multi_match": options})
        }
        TextKind::Prefix { .. } | TextKind::Fuzzy { .. } => any_of(
            leaf.fields
                .iter()
                .map(|&field| expanding(&leaf.kind, field, field.boost()))
                .collect(),
        ),
    }
}

/// A `prefix` or `fuzzy` query in `field`, boosted by `boost` (a `Words`
/// kind never comes here).
fn expanding(kind: &TextKind, field: TextField, boost: Option<f32>) -> Value {
    let (query, mut options) = match kind {
        TextKind::Fuzzy { term, distance } => (
            "fuzzy",
            json!({
                "value": term,
                "fuzziness": distance,
                "max_expansions": MAX_EXPANSIONS,
                "prefix_length": 0,
                "transpositions": true,
            }),
        ),
        TextKind::Prefix { prefix } => (
            "prefix",
            json!({
                "value": prefix,
                "rewrite": format!("top_terms_boost_{MAX_EXPANSIONS}"),
            }),
        ),
        TextKind::Words { .. } => return json!({"match_none": {}}),
    };
    if let (Some(boost), Some(options)) = (boost, options.as_object_mut()) {
        options.insert("boost".into(), json!(boost));
    }
    json!({query: {text_field(field): options}})
}

/// A word or phrase as a span query in `field`: a `span_term` per token
/// (span queries are not analysed, so the tokens are newsdex's: the index
/// holds every article as `news_en` analyses it, the English tokens, which
/// come first), in a `span_near` in order with the phrase's slop when there
/// are several.
fn words_spans(kind: &TextKind, field: TextField) -> Value {
    let TextKind::Words { analyses, slop, .. } = kind else {
        return json!({"match_none": {}});
    };
    let name = text_field(field);
    let tokens = analyses.first().map(Vec::as_slice).unwrap_or_default();
    let terms: Vec<Value> = tokens
        .iter()
        .map(|t| json!({"span_term": {name: t}}))
        .collect();
    match <[Value; 1]>::try_from(terms) {
        Ok([term]) => term,
        Err(terms) => json!({"span_near": {
            "clauses": terms,
            "slop": slop,
            "in_order": true,
        }}),
    }
}

/// A side of a proximity as a span query in `field`.
fn spans(tree: &Spans, field: TextField) -> Result<Value> {
    Ok(match tree {
        Spans::Leaf { kind, .. } => match kind {
            TextKind::Words { .. } => words_spans(kind, field),
            TextKind::Prefix { .. } | TextKind::Fuzzy { .. } => {
                json!({"span_multi": {"match": expanding(kind, field, None)}})
            }
        },
        Spans::Or(children) => {
            let clauses: Vec<Value> = children
                .iter()
                .map(|c| spans(c, field))
                .collect::<Result<_>>()?;
            json!({"span_or": {"clauses": clauses}})
        }
        Spans::Near {
            op,
            left,
            right,
            span,
        } => {
            let (left, right) = (spans(left, field)?, spans(right, field)?);
            let ordered = |first: &Value, second: &Value, distance: u32| {
                json!({"span_near": {
                    "clauses": [first, second],
                    "slop": distance.saturating_sub(1),
                    "in_order": true,
                }})
            };
            match op {
                Proximity::Within { distance } => ordered(&left, &right, *distance),
                Proximity::Near { distance } => json!({"span_or": {"clauses": [
                    ordered(&left, &right, *distance),
                    ordered(&right, &left, *distance),
                ]}}),
                Proximity::Sentence | Proximity::Paragraph => {
                    let unit = if *op == Proximity::Sentence {
                        "sentence"
                    } else {
                        "paragraph"
                    };
                    return Err(ExportError::Unsupported {
                        construct: format!("`{op}` (same {unit})"),
                        engine: Engine::OpenSearch,
                        span: Some(span.clone()),
                        why: format!(
                            "the exported text carries no {unit} boundaries in its positions, \
                             so no span query can tell whether two words share a {unit}"
                        ),
                    });
                }
            }
        }
    })
}
