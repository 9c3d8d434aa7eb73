//! Publication days, parsed one way everywhere: ingest (`articles.toml`,
//! JSON Lines `published`), the query language (`published:`) and the
//! CLI (`--from`, `--to`) accept and reject the same inputs.

use time::format_description::well_known::{Iso8601, Rfc3339};
use time::{Date, OffsetDateTime, PrimitiveDateTime};

/// Text that is not a day (the error of [`parse_day`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid date {text:?}: expected YYYY-MM-DD or an ISO 8601 / RFC 3339 timestamp")]
pub struct DateError {
    /// The text as given.
    pub text: String,
}

/// Parses a day: `YYYY-MM-DD`, an RFC 3339 timestamp
/// (`2024-03-25T10:00:00Z`) or an ISO 8601 date and time without an offset
/// (`2024-03-25T10:00:00`, common in news APIs' exports), whose date part,
/// as written, is taken.
/// Surrounding whitespace is ignored; anything else is an error.
///
/// ```
/// use newsdex_core::dates::parse_day;
/// assert_eq!(parse_day("2024-03-25")?.to_string(), "2024-03-25");
/// assert_eq!(parse_day("2024-03-25T23:30:00-05:00")?.to_string(), "2024-03-25");
/// assert!(parse_day("2024-03-25garbage").is_err());
/// # Ok::<(), newsdex_core::dates::DateError>(())
/// ```
pub fn parse_day(text: &str) -> Result<Date, DateError> {
    let day = time::macros::format_description!("[year]-[month]-[day]");
    let trimmed = text.trim();
    Date::parse(trimmed, day)
        .or_else(|_| OffsetDateTime::parse(trimmed, &Rfc3339).map(|t| t.date()))
        .or_else(|_| PrimitiveDateTime::parse(trimmed, &Iso8601::DEFAULT).map(|t| t.date()))
        .map_err(|_| DateError {
            text: text.to_string(),
        })
}

/// Inputs [`parse_day`] accepts, for tests of every entry point.
#[doc(hidden)]
pub const ACCEPTED: &[&str] = &[
    "2024-03-25",
    " 2024-03-25 ",
    "2024-02-29",
    "2024-03-25T10:00:00Z",
    "2024-03-25T23:30:00-05:00",
    "2024-03-25T10:00:00",
];

/// Inputs [`parse_day`] rejects, for tests of every entry point.
#[doc(hidden)]
pub const REJECTED: &[&str] = &[
    "2024-03-25garbage",
    "2024-03-25T",
    "2024-03-25 10:00",
    "2023-02-29",
    "2024-13-01",
    "24-03-25",
    "2024/03/25",
    "20240325",
    "yesterday",
    "é",
    "",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_days_and_timestamps_and_rejects_the_rest() {
        for text in ACCEPTED {
            assert!(parse_day(text).is_ok(), "{text:?} should parse");
        }
        for text in REJECTED {
            assert!(parse_day(text).is_err(), "{text:?} should not parse");
        }
        let err = parse_day("2024-03-25garbage").unwrap_err();
        assert!(err.to_string().contains("YYYY-MM-DD"));
    }
}
