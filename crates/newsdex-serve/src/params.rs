//! URL parameters → a [`SearchRequest`], with the bounds every request
//! keeps. The names are the CLI's flags: `q`, `sort`, `limit`, `offset`,
//! `from`, `to`, `facets`, `facet_limit`, `snippet_chars`, and one
//! repeatable parameter per facet field (`source=ft&source=npr`: OR within
//! a field, AND across fields, as the repeated `--source` flags).

use newsdex_core::dates::parse_day;
use newsdex_core::schema::Facet;
use newsdex_query::{SearchRequest, Sort};

use crate::error::ApiError;

/// Longest query text accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 2_000;
/// Most hits one page may hold (`limit`).
pub const MAX_LIMIT: usize = 100;
/// Deepest page start (`offset`).
pub const MAX_OFFSET: usize = 10_000;
/// Most values listed per facet field (`facet_limit`; `0`, all of them,
/// is accepted by `/api/facets/{field}` only).
pub const MAX_FACET_LIMIT: usize = 1_000;
/// Longest snippet, in characters.
pub const MAX_SNIPPET_CHARS: usize = 2_000;
/// Most filter values in one request, over all fields.
pub const MAX_FILTER_VALUES: usize = 100;

/// Parameters that are not a facet field.
const NAMES: &[&str] = &[
    "q",
    "sort",
    "limit",
    "offset",
    "from",
    "to",
    "facets",
    "facet_limit",
    "snippet_chars",
];

/// Builds the request the parameters describe, refusing unknown names and
/// values out of bounds.
pub fn search_request(pairs: &[(String, String)]) -> Result<SearchRequest, ApiError> {
    let mut request = SearchRequest::new("");
    let mut filter_values = 0;
    for (name, value) in pairs {
        match name.as_str() {
            "q" => request.query = value.clone(),
            "sort" => {
                request.sort = match value.as_str() {
                    "relevance" => Sort::Relevance,
                    "date" => Sort::Date,
                    _ => {
                        return Err(ApiError::bad_request(format!(
                            "sort: expected relevance or date, not `{value}`"
                        )))
                    }
                }
            }
            "limit" => request.limit = number(name, value, 0, MAX_LIMIT)?,
            "offset" => request.offset = number(name, value, 0, MAX_OFFSET)?,
            "facet_limit" => request.facet_limit = number(name, value, 1, MAX_FACET_LIMIT)?,
            "snippet_chars" => {
                request.snippet_chars = number(name, value, 1, MAX_SNIPPET_CHARS)?;
            }
            "facets" => {
                request.facets = match value.as_str() {
                    "true" | "1" => true,
                    "false" | "0" => false,
                    _ => {
                        return Err(ApiError::bad_request(format!(
                            "facets: expected true or false, not `{value}`"
                        )))
                    }
                }
            }
            "from" | "to" if value.is_empty() => {}
            "from" => request.filters.from = Some(day(name, value)?),
            "to" => request.filters.to = Some(day(name, value)?),
            other => {
                let Ok(field) = other.parse::<Facet>() else {
                    let fields: Vec<&str> = Facet::ALL.iter().map(|f| f.as_str()).collect();
                    return Err(ApiError::bad_request(format!(
                        "unknown parameter `{other}` (parameters: {}, and the facet fields {})",
                        NAMES.join(", "),
                        fields.join(", ")
                    )));
                };
                filter_values += 1;
                if filter_values > MAX_FILTER_VALUES {
                    return Err(ApiError::bad_request(format!(
                        "too many filter values: at most {MAX_FILTER_VALUES}"
                    )));
                }
                request = request.filter(field, value.clone());
            }
        }
    }
    check(&request)?;
    Ok(request)
}

/// The bounds on a request however it came (URL or JSON body).
pub fn check(request: &SearchRequest) -> Result<(), ApiError> {
    if request.query.len() > MAX_QUERY_BYTES {
        return Err(ApiError::bad_request(format!(
            "query too long: {} bytes, at most {MAX_QUERY_BYTES}",
            request.query.len()
        )));
    }
    let bounds = [
        ("limit", request.limit, 0, MAX_LIMIT),
        ("offset", request.offset, 0, MAX_OFFSET),
        ("facet_limit", request.facet_limit, 1, MAX_FACET_LIMIT),
        ("snippet_chars", request.snippet_chars, 1, MAX_SNIPPET_CHARS),
    ];
    for (name, value, min, max) in bounds {
        if value < min || value > max {
            return Err(ApiError::bad_request(format!(
                "{name}: {value} is out of range ({min} to {max})"
            )));
        }
    }
    let values: usize = request.filters.facets.values().map(Vec::len).sum();
    if values > MAX_FILTER_VALUES {
        return Err(ApiError::bad_request(format!(
            "too many filter values: at most {MAX_FILTER_VALUES}"
        )));
    }
    if request.explain {
        return Err(ApiError::bad_request("explain is not served over HTTP"));
    }
    Ok(())
}

fn number(name: &str, value: &str, min: usize, max: usize) -> Result<usize, ApiError> {
    match value.parse::<usize>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(ApiError::bad_request(format!(
            "{name}: expected a number from {min} to {max}, not `{}`",
            value.chars().take(40).collect::<String>()
        ))),
    }
}

fn day(name: &str, value: &str) -> Result<time::Date, ApiError> {
    // The CLI's message, with the parameter's name for the flag's.
    parse_day(value).map_err(|err| ApiError::bad_request(format!("{name}: {err}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(query: &[(&str, &str)]) -> Vec<(String, String)> {
        query
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn parameters_build_the_request_the_cli_flags_would() {
        let request = search_request(&pairs(&[
            ("q", "ceasefire"),
            ("source", "ft"),
            ("source", "npr"),
            ("country", "gy"),
            ("sort", "date"),
            ("limit", "5"),
            ("offset", "10"),
            ("from", "2024-03-01"),
            ("to", ""),
        ]))
        .unwrap();
        let expected = SearchRequest::new("ceasefire")
            .filter(Facet::Source, "ft")
            .filter(Facet::Source, "npr")
            .filter(Facet::Country, "gy")
            .sort(Sort::Date)
            .limit(5)
            .offset(10)
            .from(time::macros::date!(2024 - 03 - 01));
        assert_eq!(request, expected);
    }

    #[test]
    fn out_of_bounds_and_unknown_parameters_are_refused() {
        let long = "a".repeat(MAX_QUERY_BYTES + 1);
        let limit = (MAX_LIMIT + 1).to_string();
        let offset = (MAX_OFFSET + 1).to_string();
        for (query, says) in [
            (vec![("q", long.as_str())], "query too long"),
            (vec![("limit", limit.as_str())], "limit: expected a number"),
            (
                vec![("offset", offset.as_str())],
                "offset: expected a number",
            ),
            (vec![("limit", "-1")], "limit: expected a number"),
            (vec![("sort", "random")], "sort: expected relevance or date"),
            (vec![("from", "2024-13-01")], "from: "),
            (vec![("colour", "red")], "unknown parameter `colour`"),
        ] {
            let err = search_request(&pairs(&query)).unwrap_err();
            assert_eq!(err.status, 400);
            assert!(err.error.starts_with(says), "{query:?}: {}", err.error);
        }
        let many: Vec<(String, String)> = (0..=MAX_FILTER_VALUES)
            .map(|i| ("source".to_string(), format!("s{i}")))
            .collect();
        assert!(search_request(&many).is_err());
    }
}
