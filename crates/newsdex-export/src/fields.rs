//! The exported document's field names: the contract between the export
//! (mappings, bulk and NDJSON files) and the translation (queries and
//! aggregations). One list for both engines.
//!
//! Text fields keep newsdex's names (`title`, `body`, `caption`, `quote`).
//! Facet fields keep newsdex's facet names and values (`source`, `country`,
//! `about`, `person`, `org`, `vote`, `said_by`, `language`), so a filter or
//! an aggregation reads the values `newsdex facets` prints.

/// Article id (also the engine's document `_id`).
pub const ID: &str = "id";
/// Canonical URL.
pub const URL: &str = "url";
/// Source id (facet).
pub const SOURCE: &str = "source";
/// Source display name.
pub const SOURCE_NAME: &str = "source_name";
/// Headline (text).
pub const TITLE: &str = "title";
/// Body (text).
pub const BODY: &str = "body";
/// Captions (text, one value each).
pub const CAPTION: &str = "caption";
/// Quoted speech (text, one value per quote).
pub const QUOTE: &str = "quote";
/// Publication date (`YYYY-MM-DD`).
pub const PUBLISHED: &str = "published";
/// Countries mentioned (facet, ids).
pub const COUNTRY: &str = "country";
/// Countries the article is about (facet, ids).
pub const ABOUT: &str = "about";
/// People named (facet, slugs).
pub const PERSON: &str = "person";
/// Organisations named (facet, slugs).
pub const ORG: &str = "org";
/// Vote outcomes (facet, paths such as `vetoed/ru`).
pub const VOTE: &str = "vote";
/// Speakers of quotes (facet, slugs).
pub const SAID_BY: &str = "said_by";
/// Language (facet, ISO 639-1).
pub const LANGUAGE: &str = "language";
/// Near-duplicate group, when the index has one for the article.
pub const DUP_GROUP: &str = "dup_group";
