//! An article as an export document: the fields both engines share
//! ([`crate::fields`]), with the facet values newsdex's own facet fields
//! hold ([`Facet::values_of`], the function the index builds them with).
//!
//! Every extracted field travels: the text (title, body, each caption, each
//! quote), the facets (`source`, `language`, `country`, `about`, `person`,
//! `org`, `vote`, `said_by`), the display objects newsdex shows (`people`
//! with names and roles, `orgs`, `quotes` with speakers, `votes` with
//! bodies, tallies and ballots, exactly as newsdex serialises them), the
//! URL, bylines, dateline, day of publication and source name, and the
//! near-duplicate group when the article comes from an index.

use newsdex_core::schema::Facet;
use newsdex_core::{Article, Org, Person, Quote, VoteEvent};
use serde::Serialize;

/// How the engine reads a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DayFormat {
    /// `2024-03-05` (OpenSearch `strict_date`).
    Date,
    /// `2024-03-05T00:00:00Z` (Quickwit `rfc3339`).
    Rfc3339,
}

/// The shared fields of one exported article (field names in
/// [`crate::fields`]; empty optional fields are left out).
#[derive(Debug, Serialize)]
pub(crate) struct Common<'a> {
    pub id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
    pub source: &'a str,
    pub source_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dateline: Option<&'a str>,
    pub authors: &'a [String],
    pub title: &'a str,
    pub body: &'a str,
    pub caption: &'a [String],
    pub quote: Vec<&'a str>,
    pub country: Vec<String>,
    pub about: Vec<String>,
    pub person: Vec<String>,
    pub org: Vec<String>,
    pub vote: Vec<String>,
    pub said_by: Vec<String>,
    pub people: &'a [Person],
    pub orgs: &'a [Org],
    pub quotes: &'a [Quote],
    pub votes: &'a [VoteEvent],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dup_group: Option<String>,
}

impl<'a> Common<'a> {
    /// The shared fields of `article`, in near-duplicate group `dup_group`.
    pub fn of(article: &'a Article, dup_group: Option<u64>, days: DayFormat) -> Self {
        let meta = &article.metadata;
        let values = |facet: Facet| facet.values_of(article);
        Common {
            id: article.id.as_str(),
            url: article.url.as_deref(),
            source: &article.source.id,
            source_name: &article.source.name,
            language: values(Facet::Language).into_iter().next(),
            published: article.published.and_then(|day| day_text(day, days)),
            dateline: article.dateline.as_deref(),
            authors: &article.authors,
            title: &article.title,
            body: &article.body,
            caption: &article.captions,
            quote: meta.quotes.iter().map(|q| q.text.as_str()).collect(),
            country: values(Facet::Country),
            about: values(Facet::About),
            person: values(Facet::Person),
            org: values(Facet::Org),
            vote: values(Facet::Vote),
            said_by: values(Facet::SaidBy),
            people: &meta.people,
            orgs: &meta.orgs,
            quotes: &meta.quotes,
            votes: &meta.votes,
            dup_group: dup_group.map(|group| group.to_string()),
        }
    }
}

/// `day` as the engine reads it; `None` for a year outside 0000–9999,
/// which neither engine's day format holds (the article is exported
/// without a day rather than refused).
fn day_text(day: time::Date, format: DayFormat) -> Option<String> {
    let year = day.year();
    if !(0..=9999).contains(&year) {
        return None;
    }
    let date = format!("{year:04}-{:02}-{:02}", u8::from(day.month()), day.day());
    Some(match format {
        DayFormat::Date => date,
        DayFormat::Rfc3339 => format!("{date}T00:00:00Z"),
    })
}

/// Every level of hierarchical facet values, each once, in order:
/// `vetoed/ru` → `vetoed`, `vetoed/ru` (what a hierarchical facet
/// matches and counts in newsdex).
pub(crate) fn levels(values: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in values {
        let mut end = 0;
        for part in value.split('/') {
            end += part.len();
            let level = &value[..end];
            if !level.is_empty() && !out.iter().any(|l| l == level) {
                out.push(level.to_string());
            }
            end += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_of_paths_are_each_prefix_once() {
        let values = vec![
            "vetoed/ru".to_string(),
            "vetoed/us".to_string(),
            "adopted".to_string(),
        ];
        assert_eq!(
            levels(&values),
            ["vetoed", "vetoed/ru", "vetoed/us", "adopted"]
        );
        assert!(levels(&[]).is_empty());
        // Odd slashes never panic and give no empty level.
        let odd = vec!["/a//b/".to_string(), "é/ü".to_string()];
        assert_eq!(levels(&odd), ["/a", "/a/", "/a//b", "/a//b/", "é", "é/ü"]);
    }

    #[test]
    fn days_outside_four_digit_years_are_left_out() {
        let day = time::macros::date!(2024 - 03 - 05);
        assert_eq!(
            day_text(day, DayFormat::Date).as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(
            day_text(day, DayFormat::Rfc3339).as_deref(),
            Some("2024-03-05T00:00:00Z")
        );
        let before = time::Date::from_calendar_date(-1, time::Month::March, 5).unwrap();
        assert_eq!(day_text(before, DayFormat::Date), None);
    }
}
