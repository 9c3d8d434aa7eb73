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
/// Dateline ("WASHINGTON"), display only.
pub const DATELINE: &str = "dateline";
/// Bylines, display only.
pub const AUTHORS: &str = "authors";
/// People as display objects (`slug`, `name`, `roles`); the facet is
/// [`PERSON`].
pub const PEOPLE: &str = "people";
/// Organisations as display objects (`slug`, `name`); the facet is
/// [`ORG`].
pub const ORGS: &str = "orgs";
/// Quotes as display objects (`text`, `speaker`); the searchable text is
/// [`QUOTE`], the speakers' facet [`SAID_BY`].
pub const QUOTES: &str = "quotes";
/// Vote events as display objects (`body`, `outcome`, `tally`,
/// `ballots`); the facet is [`VOTE`].
pub const VOTES: &str = "votes";

/// Every level of the `vote` paths (`vetoed` and `vetoed/ru` for
/// `vetoed/ru`): what a filter on a level matches. OpenSearch fills it
/// from [`VOTE`] (`copy_to`, `path_hierarchy` analyzer); the Quickwit
/// document holds the levels.
pub const VOTE_PATH: &str = "vote_path";
/// Every level of the `org` slugs (`un` and `un/security-council`), as
/// [`VOTE_PATH`].
pub const ORG_PATH: &str = "org_path";

/// Quickwit: the headline pre-analysed by newsdex (terms space-joined).
pub const TITLE_TERMS: &str = "title_terms";
/// Quickwit: the body pre-analysed by newsdex.
pub const BODY_TERMS: &str = "body_terms";
/// Quickwit: each caption pre-analysed by newsdex.
pub const CAPTION_TERMS: &str = "caption_terms";
/// Quickwit: each quote pre-analysed by newsdex.
pub const QUOTE_TERMS: &str = "quote_terms";

/// The text fields, as newsdex names them.
pub const TEXT: [&str; 4] = [TITLE, BODY, CAPTION, QUOTE];

/// The Quickwit field holding newsdex's terms of the text field `field`
/// (`body` → `body_terms`); `None` for a name that is not a text field.
///
/// ```
/// use newsdex_export::fields;
/// assert_eq!(fields::terms_field("body"), Some(fields::BODY_TERMS));
/// assert_eq!(fields::terms_field("source"), None);
/// ```
pub fn terms_field(field: &str) -> Option<&'static str> {
    Some(match field {
        TITLE => TITLE_TERMS,
        BODY => BODY_TERMS,
        CAPTION => CAPTION_TERMS,
        QUOTE => QUOTE_TERMS,
        _ => return None,
    })
}

/// The field holding every level of the hierarchical facet `field`
/// (`vote` → `vote_path`); `None` for a flat facet.
///
/// ```
/// use newsdex_export::fields;
/// assert_eq!(fields::path_field("vote"), Some(fields::VOTE_PATH));
/// assert_eq!(fields::path_field("country"), None);
/// ```
pub fn path_field(field: &str) -> Option<&'static str> {
    Some(match field {
        VOTE => VOTE_PATH,
        ORG => ORG_PATH,
        _ => return None,
    })
}
