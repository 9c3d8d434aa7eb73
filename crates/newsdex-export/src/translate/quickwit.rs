//! The lowered query as a Quickwit 0.9 search request: a query-language
//! string over the pre-analysed `*_terms` fields, in the body of
//! `POST /api/v1/{index}/search`.
//!
//! Quickwit's tokenizers cannot stem or fold spelling variants, so the
//! export indexes each text field a second time as newsdex's own tokens
//! (`title_terms`, …: space-joined, whitespace tokenizer, positions
//! recorded), and the query's words are analysed here, by newsdex: both
//! sides see the same terms.
//!
//! | newsdex | Quickwit query language |
//! |---|---|
//! | word, phrase | `title_terms:"tok tok"^2 OR body_terms:… OR caption_terms:…` (one field when scoped), one alternative per analysis (the articles' languages) |
//! | `"a b"~1` | `title_terms:"a b"~1`…: with two words and a slop of 1 Quickwit's slop is newsdex's |
//! | `a b`, `AND`, `OR`, `NOT`, `-` | `AND`, `OR`, `NOT`, fully parenthesised; `NOT x` alone: `(* AND NOT x)` |
//! | `Rafa*` | `title_terms:rafa*`… with newsdex's unstemmed, folded prefix |
//! | `published:…`, `--from/--to` | `published:[FROM TO DAY-AFTER-LAST}` in RFC 3339 (what Quickwit's datetime ranges take) |
//! | `country:…`, `--country`… | `country:"qa"` on the raw-tokenized facet fields; `vote` and `org` on `vote_path` and `org_path`, which hold every level of the paths, so `vetoed` matches `vetoed/ru`; `field:*`: exists |
//! | facet counts | `aggs`: a `terms` aggregation per facet (`size` the facet limit), `vote_path` and `org_path` for `vote` and `org` so that every level is counted, as newsdex counts them |
//! | fuzzy words, `w/N`, `near/N`, `/s`, `/p` | refused: Quickwit 0.9's query language has no fuzzy term and no proximity (span) query |
//! | other sloppy phrases (`"a b"~2`, `"a b c"~1`) | refused: Quickwit's slop lets words swap places (a transposition costs 2), and tantivy's sloppy match of three words or more depends on the segment; newsdex keeps the words in order |

use newsdex_query::{SearchRequest, Sort};
use serde_json::{json, Map, Value};
use time::Date;

use super::lower::{Lowered, Node, Spans, TextField, TextKind, TextLeaf};
use super::{facet_aggregations, facet_field, filter_field, text_field};
use crate::error::{ExportError, Result};
use crate::{fields, Engine};

/// The request body for `POST /api/v1/{index}/search`.
pub(crate) fn request(lowered: &Lowered, request: &SearchRequest) -> Result<Value> {
    if request.collapse {
        return Err(unsupported(
            "collapse (one hit per near-duplicate group)",
            "Quickwit has no field collapsing",
            None,
        ));
    }
    if request.explain {
        return Err(unsupported(
            "explain (how each hit scored)",
            "Quickwit's search API returns no score explanation",
            None,
        ));
    }
    let mut parts = Vec::new();
    if let Some(query) = &lowered.query {
        parts.push(node(query)?);
    }
    for filter in &lowered.filters {
        parts.push(node(filter)?);
    }
    let query = match parts.len() {
        0 => "*".to_string(),
        1 => parts.remove(0),
        _ => parts.join(" AND "),
    };
    let mut body = Map::new();
    body.insert("query".into(), json!(query));
    body.insert("max_hits".into(), json!(request.limit));
    if request.offset > 0 {
        body.insert("start_offset".into(), json!(request.offset));
    }
    let sort_by = match request.sort {
        Sort::Relevance => "_score".to_string(),
        Sort::Date => format!("-{}", fields::PUBLISHED),
    };
    body.insert("sort_by".into(), json!(sort_by));
    if request.facets {
        body.insert("aggs".into(), facet_aggregations(request));
    }
    Ok(Value::Object(body))
}

fn unsupported(construct: &str, why: &str, span: Option<std::ops::Range<usize>>) -> ExportError {
    ExportError::Unsupported {
        construct: construct.to_string(),
        engine: Engine::Quickwit,
        span,
        why: why.to_string(),
    }
}

/// `a OP b OP c`, parenthesised when more than one.
fn joined(parts: Vec<String>, op: &str) -> String {
    if parts.len() == 1 {
        return parts.into_iter().next().unwrap_or_default();
    }
    format!("({})", parts.join(&format!(" {op} ")))
}

fn node(node: &Node) -> Result<String> {
    Ok(match node {
        Node::All => "*".to_string(),
        Node::Nothing => "(* AND NOT *)".to_string(),
        Node::And { must, must_not } => {
            let mut parts: Vec<String> = must.iter().map(self::node).collect::<Result<_>>()?;
            for excluded in must_not {
                parts.push(format!("NOT {}", self::node(excluded)?));
            }
            joined(parts, "AND")
        }
        Node::AllBut(excluded) => {
            let mut parts = vec!["*".to_string()];
            for excluded in excluded {
                parts.push(format!("NOT {}", self::node(excluded)?));
            }
            joined(parts, "AND")
        }
        Node::Or(clauses) => joined(clauses.iter().map(self::node).collect::<Result<_>>()?, "OR"),
        Node::Text(leaf) => text(leaf)?,
        Node::Near { tree, .. } => {
            let (op, span) = match tree {
                Spans::Near { op, span, .. } => (op.to_string(), Some(span.clone())),
                _ => ("proximity".to_string(), None),
            };
            return Err(unsupported(
                &format!("proximity `{op}`"),
                "Quickwit 0.9's query language has no proximity (span) query; a phrase \
                 with a slop would also match the words out of order",
                span,
            ));
        }
        Node::Facet { facet, values } => {
            let field = filter_field(*facet);
            let any = values
                .iter()
                .map(|value| Ok(format!("{field}:{}", quoted(value)?)))
                .collect::<Result<_>>()?;
            joined(any, "OR")
        }
        Node::FacetAny { facet } => format!("{}:*", facet_field(*facet)),
        Node::Published { from, to } => {
            if from.is_none() && to.is_none() {
                return Ok(format!("{}:*", fields::PUBLISHED));
            }
            let lower = from.map_or("[*".to_string(), |d| format!("[{}", midnight(d)));
            let upper = match to {
                None => "*]".to_string(),
                Some(to) => match to.next_day() {
                    Some(next) => format!("{}}}", midnight(next)),
                    None => format!("{}]", midnight(*to)),
                },
            };
            format!("{}:{lower} TO {upper}", fields::PUBLISHED)
        }
    })
}

/// A day's first instant in RFC 3339, as Quickwit's datetime ranges take.
fn midnight(day: Date) -> String {
    format!("{day}T00:00:00Z")
}

/// The pre-analysed field of a text field.
fn terms_field(field: TextField) -> &'static str {
    fields::terms_field(text_field(field)).unwrap_or(fields::BODY_TERMS)
}

fn boosted(clause: String, field: TextField) -> String {
    match field.boost() {
        Some(boost) => format!("{clause}^{boost}"),
        None => clause,
    }
}

fn text(leaf: &TextLeaf) -> Result<String> {
    let mut per_field = Vec::with_capacity(leaf.fields.len());
    for &field in &leaf.fields {
        let name = terms_field(field);
        let clause = match &leaf.kind {
            TextKind::Words { analyses, slop, .. } => {
                let mut any = Vec::with_capacity(analyses.len());
                for tokens in analyses {
                    let phrase = quoted(&tokens.join(" "))?;
                    any.push(match (*slop, tokens.len()) {
                        (0, _) | (_, 1) => format!("{name}:{phrase}"),
                        // Two words one position apart at most: no room for
                        // a transposition (it costs 2).
                        (1, 2) => format!("{name}:{phrase}~1"),
                        (slop, _) => {
                            return Err(unsupported(
                                &format!("a phrase with slop {slop}"),
                                "Quickwit's sloppy phrase lets the words swap places (a \
                                 transposition costs 2 of the slop) and, with three words or \
                                 more, tantivy's sloppy phrase match depends on the segment's \
                                 term statistics (docs/upstream/tantivy-phrase-slop.md); newsdex \
                                 keeps the words in order. Only a two-word phrase with ~1 \
                                 translates exactly",
                                Some(leaf.span.clone()),
                            ))
                        }
                    });
                }
                joined(any, "OR")
            }
            TextKind::Prefix { prefix } => format!("{name}:{}*", bare(prefix)?),
            TextKind::Fuzzy { .. } => {
                return Err(unsupported(
                    "a fuzzy word",
                    "Quickwit 0.9's query language has no fuzzy term query",
                    Some(leaf.span.clone()),
                ))
            }
        };
        per_field.push(boosted(clause, field));
    }
    Ok(joined(per_field, "OR"))
}

/// Characters Quickwit's query language reserves (its query-language
/// reference, "Escaping Special Characters"), plus `~` and the quote.
const RESERVED: &[char] = &[
    '+', '^', '`', ':', '{', '}', '"', '[', ']', '(', ')', '~', '!', '\\', '*', '<', '>', '=',
];

/// `value` in double quotes. Terms and facet values never hold a quote or
/// a backslash; one that did is refused rather than mangled.
fn quoted(value: &str) -> Result<String> {
    if value.contains(['"', '\\']) {
        return Err(unsupported(
            &format!("the term `{value}`"),
            "it holds a quote or a backslash, which a quoted term cannot",
            None,
        ));
    }
    Ok(format!("\"{value}\""))
}

/// `value` as a bare word (before `*`): no reserved character, no space,
/// not starting with `-`.
fn bare(value: &str) -> Result<String> {
    let fits = !value.is_empty()
        && !value.starts_with('-')
        && !value
            .chars()
            .any(|c| c.is_whitespace() || RESERVED.contains(&c));
    if !fits {
        return Err(unsupported(
            &format!("the prefix `{value}`"),
            "it holds a character Quickwit's query language reserves",
            None,
        ));
    }
    Ok(value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsdex_query::syntax::Proximity;

    #[test]
    fn values_are_quoted_or_refused() {
        assert_eq!(quoted("vetoed/ru").unwrap(), "\"vetoed/ru\"");
        assert!(quoted("a\"b").is_err());
        assert_eq!(bare("un/security-council").unwrap(), "un/security-council");
        for bad in ["-x", "a b", "a:b", "a*", ""] {
            assert!(bare(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn proximity_names_its_operator() {
        let err = node(&Node::Near {
            fields: vec![TextField::Body],
            tree: Spans::Near {
                op: Proximity::Within { distance: 3 },
                left: Box::new(Spans::Or(Vec::new())),
                right: Box::new(Spans::Or(Vec::new())),
                span: 2..5,
            },
        })
        .unwrap_err();
        assert!(
            matches!(&err, ExportError::Unsupported { span: Some(s), .. } if *s == (2..5)),
            "{err}"
        );
        assert!(err.to_string().contains("w/3"), "{err}");
    }
}
