//! URL parameters → a [`SearchRequest`] or a [`TimelineRequest`], with the
//! bounds every request keeps. The names are the CLI's flags: `q`, `from`,
//! `to` and one repeatable parameter per facet field (`source=ft&source=npr`:
//! OR within a field, AND across fields, as the repeated `--source` flags)
//! for both; `sort`, `limit`, `offset`, `facets`, `facet_limit`,
//! `snippet_chars` and `collapse` for a search; `interval`, `split` and
//! `normalize` for a timeline.

use newsdex_core::dates::parse_day;
use newsdex_core::schema::Facet;
use newsdex_query::{Filters, Interval, SearchRequest, Sort, TimelineRequest};

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

/// The query and filter parameters every endpoint that searches takes
/// (besides one per facet field).
const QUERY_NAMES: &[&str] = &["q", "from", "to"];

/// A search's own parameters.
const SEARCH_NAMES: &[&str] = &[
    "sort",
    "limit",
    "offset",
    "facets",
    "facet_limit",
    "snippet_chars",
    "collapse",
];

/// A timeline's own parameters.
const TIMELINE_NAMES: &[&str] = &["interval", "split", "normalize"];

/// The query text and filters the parameters `q`, `from`, `to` and the
/// facet fields build, whichever endpoint they came to.
#[derive(Debug, Default)]
struct QueryParams {
    query: String,
    filters: Filters,
    filter_values: usize,
}

impl QueryParams {
    /// Takes one parameter: `Ok(true)` when it is a query or filter
    /// parameter, `Ok(false)` when it is none of them.
    fn take(&mut self, name: &str, value: &str) -> Result<bool, ApiError> {
        match name {
            "q" => self.query = value.to_string(),
            "from" | "to" if value.is_empty() => {}
            "from" => self.filters.from = Some(day(name, value)?),
            "to" => self.filters.to = Some(day(name, value)?),
            other => {
                let Ok(field) = other.parse::<Facet>() else {
                    return Ok(false);
                };
                self.filter_values += 1;
                if self.filter_values > MAX_FILTER_VALUES {
                    return Err(too_many_filter_values());
                }
                self.filters
                    .facets
                    .entry(field)
                    .or_default()
                    .push(value.to_string());
            }
        }
        Ok(true)
    }
}

/// The 400 for a parameter no endpoint parameter list names.
fn unknown(name: &str, own: &[&str]) -> ApiError {
    let fields: Vec<&str> = Facet::ALL.iter().map(|f| f.as_str()).collect();
    let names: Vec<&str> = QUERY_NAMES.iter().chain(own).copied().collect();
    ApiError::bad_request(format!(
        "unknown parameter `{name}` (parameters: {}, and the facet fields {})",
        names.join(", "),
        fields.join(", ")
    ))
}

fn too_many_filter_values() -> ApiError {
    ApiError::bad_request(format!(
        "too many filter values: at most {MAX_FILTER_VALUES}"
    ))
}

/// Builds the search the parameters describe, refusing unknown names and
/// values out of bounds.
pub fn search_request(pairs: &[(String, String)]) -> Result<SearchRequest, ApiError> {
    let mut request = SearchRequest::new("");
    let mut common = QueryParams::default();
    for (name, value) in pairs {
        if common.take(name, value)? {
            continue;
        }
        match name.as_str() {
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
            "facets" => request.facets = boolean(name, value)?,
            "collapse" => request.collapse = boolean(name, value)?,
            other => return Err(unknown(other, SEARCH_NAMES)),
        }
    }
    request.query = common.query;
    request.filters = common.filters;
    check(&request)?;
    Ok(request)
}

/// Builds the timeline the parameters describe: the query and filters as
/// for a search, `interval` (`day`, the default, `week`, `month`, `year`),
/// `split` (a facet field) and `normalize`.
pub fn timeline_request(pairs: &[(String, String)]) -> Result<TimelineRequest, ApiError> {
    let mut common = QueryParams::default();
    let mut interval = Interval::Day;
    let mut split = None;
    let mut normalize = false;
    for (name, value) in pairs {
        if common.take(name, value)? {
            continue;
        }
        match name.as_str() {
            "interval" => {
                interval = match value.as_str() {
                    "day" => Interval::Day,
                    "week" => Interval::Week,
                    "month" => Interval::Month,
                    "year" => Interval::Year,
                    _ => {
                        return Err(ApiError::bad_request(format!(
                            "interval: expected day, week, month or year, not `{}`",
                            clipped(value)
                        )))
                    }
                }
            }
            "split" if value.is_empty() => split = None,
            "split" => {
                split = Some(value.parse::<Facet>().map_err(
                    |err: newsdex_core::schema::UnknownFacet| {
                        ApiError::bad_request(format!("split: {err}"))
                    },
                )?);
            }
            "normalize" => normalize = boolean(name, value)?,
            other => return Err(unknown(other, TIMELINE_NAMES)),
        }
    }
    check_query(&common.query)?;
    let mut request = TimelineRequest::new(common.query)
        .filters(common.filters)
        .interval(interval)
        .normalize(normalize);
    if let Some(facet) = split {
        request = request.split(facet);
    }
    Ok(request)
}

/// The bounds on a request however it came (URL or JSON body).
pub fn check(request: &SearchRequest) -> Result<(), ApiError> {
    check_query(&request.query)?;
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
        return Err(too_many_filter_values());
    }
    if request.explain {
        return Err(ApiError::bad_request("explain is not served over HTTP"));
    }
    Ok(())
}

/// The bound on query text.
fn check_query(query: &str) -> Result<(), ApiError> {
    if query.len() > MAX_QUERY_BYTES {
        return Err(ApiError::bad_request(format!(
            "query too long: {} bytes, at most {MAX_QUERY_BYTES}",
            query.len()
        )));
    }
    Ok(())
}

fn boolean(name: &str, value: &str) -> Result<bool, ApiError> {
    match value {
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        _ => Err(ApiError::bad_request(format!(
            "{name}: expected true or false, not `{}`",
            clipped(value)
        ))),
    }
}

/// At most 40 characters of a bad value, for a message.
fn clipped(value: &str) -> String {
    value.chars().take(40).collect()
}

fn number(name: &str, value: &str, min: usize, max: usize) -> Result<usize, ApiError> {
    match value.parse::<usize>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(ApiError::bad_request(format!(
            "{name}: expected a number from {min} to {max}, not `{}`",
            clipped(value)
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
            ("collapse", "true"),
        ]))
        .unwrap();
        let expected = SearchRequest::new("ceasefire")
            .filter(Facet::Source, "ft")
            .filter(Facet::Source, "npr")
            .filter(Facet::Country, "gy")
            .sort(Sort::Date)
            .limit(5)
            .offset(10)
            .from(time::macros::date!(2024 - 03 - 01))
            .collapse(true);
        assert_eq!(request, expected);
        assert!(!search_request(&pairs(&[("q", "a")])).unwrap().collapse);
    }

    #[test]
    fn timeline_parameters_take_the_search_filters_and_their_own() {
        let request = timeline_request(&pairs(&[
            ("q", "ceasefire"),
            ("source", "ft"),
            ("source", "npr"),
            ("to", "2024-03-31"),
            ("interval", "week"),
            ("split", "country"),
            ("normalize", "1"),
        ]))
        .unwrap();
        let search = search_request(&pairs(&[
            ("q", "ceasefire"),
            ("source", "ft"),
            ("source", "npr"),
            ("to", "2024-03-31"),
        ]))
        .unwrap();
        let expected = TimelineRequest::new("ceasefire")
            .filters(search.filters)
            .interval(Interval::Week)
            .split(Facet::Country)
            .normalize(true);
        assert_eq!(request, expected);
        let plain = timeline_request(&pairs(&[("q", "a"), ("split", "")])).unwrap();
        assert_eq!(plain, TimelineRequest::new("a"));
        let long = "a".repeat(MAX_QUERY_BYTES + 1);
        for (query, says) in [
            (vec![("interval", "hour")], "interval: expected day, week"),
            (vec![("split", "colour")], "split: "),
            (
                vec![("normalize", "yes")],
                "normalize: expected true or false",
            ),
            (vec![("q", long.as_str())], "query too long"),
            (vec![("from", "2024-02-30")], "from: "),
            // A search's own parameters are not a timeline's.
            (vec![("limit", "5")], "unknown parameter `limit`"),
            (vec![("collapse", "true")], "unknown parameter `collapse`"),
        ] {
            let err = timeline_request(&pairs(&query)).unwrap_err();
            assert_eq!(err.status, 400);
            assert!(err.error.starts_with(says), "{query:?}: {}", err.error);
        }
        let many: Vec<(String, String)> = (0..=MAX_FILTER_VALUES)
            .map(|i| ("country".to_string(), format!("c{i}")))
            .collect();
        assert!(timeline_request(&many)
            .unwrap_err()
            .error
            .starts_with("too many filter values"));
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
            (
                vec![("collapse", "maybe")],
                "collapse: expected true or false",
            ),
            (vec![("interval", "week")], "unknown parameter `interval`"),
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
