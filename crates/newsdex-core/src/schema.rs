//! `NewsSchema`: the tantivy schema, with field names and handles.
//!
//! | field | kind | what |
//! |---|---|---|
//! | `id` | exact string, stored | article id (upsert key) |
//! | `source` | facet, stored | `/ft` |
//! | `title`, `body`, `caption` | text (`news_en`; another language's chain for an article in it) | searchable text (shown from `article`) |
//! | `quote` | text (likewise) | quoted statements |
//! | `published` | date, indexed, fast, stored | publication day (UTC midnight) |
//! | `country`, `about`, `person`, `vote`, `said_by` | facets | extracted metadata |
//! | `org` | facet (hierarchical: `/un/security-council`) | organisations |
//! | `language` | facet | ISO 639-1 code (`/fr`), declared or detected |
//! | `article` | stored JSON | the whole [`crate::Article`] for display |
//! | `hash` | u64, fast | content hash (skip unchanged re-indexing, read by id without the doc store) |
//! | `dup_band` | u64, indexed | the article's LSH band keys (near-duplicate candidates, [`crate::dups`]) |
//! | `dup_sig` | bytes, fast | its MinHash signature ([`crate::dups::Signature::to_bytes`]) |
//! | `dup_group` | u64, indexed, fast | its near-duplicate group: a hash of the group's first-indexed member's id |

use tantivy::schema::{
    DateOptions, DateTimePrecision, FacetOptions, Field, IndexRecordOption, Schema,
    TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};

use serde::{Deserialize, Serialize};

use crate::analysis::NEWS_ANALYZER;
use crate::article::{Article, VoteEvent};

/// Field names.
pub mod names {
    /// Article id.
    pub const ID: &str = "id";
    /// Source facet.
    pub const SOURCE: &str = "source";
    /// Headline.
    pub const TITLE: &str = "title";
    /// Body text.
    pub const BODY: &str = "body";
    /// Captions and credits.
    pub const CAPTION: &str = "caption";
    /// Quoted statements.
    pub const QUOTE: &str = "quote";
    /// Publication date.
    pub const PUBLISHED: &str = "published";
    /// Countries mentioned (facet).
    pub const COUNTRY: &str = "country";
    /// Countries the article is about (facet).
    pub const ABOUT: &str = "about";
    /// People (facet).
    pub const PERSON: &str = "person";
    /// Votes (facet).
    pub const VOTE: &str = "vote";
    /// Speakers of quotes (facet).
    pub const SAID_BY: &str = "said_by";
    /// Language (facet).
    pub const LANGUAGE: &str = "language";
    /// Organisations (facet).
    pub const ORG: &str = "org";
    /// Stored article JSON.
    pub const ARTICLE: &str = "article";
    /// Content hash.
    pub const HASH: &str = "hash";
    /// Near-duplicate LSH band keys.
    pub const DUP_BAND: &str = "dup_band";
    /// Near-duplicate MinHash signature.
    pub const DUP_SIG: &str = "dup_sig";
    /// Near-duplicate group id.
    pub const DUP_GROUP: &str = "dup_group";
}

/// The newsdex schema with a handle for every field.
#[derive(Debug, Clone)]
pub struct NewsSchema {
    /// The tantivy schema.
    pub schema: Schema,
    /// `id`.
    pub id: Field,
    /// `source`.
    pub source: Field,
    /// `title`.
    pub title: Field,
    /// `body`.
    pub body: Field,
    /// `caption`.
    pub caption: Field,
    /// `quote`.
    pub quote: Field,
    /// `published`.
    pub published: Field,
    /// `country`.
    pub country: Field,
    /// `about`.
    pub about: Field,
    /// `person`.
    pub person: Field,
    /// `vote`.
    pub vote: Field,
    /// `said_by`.
    pub said_by: Field,
    /// `language`.
    pub language: Field,
    /// `org`.
    pub org: Field,
    /// `article`.
    pub article: Field,
    /// `hash`.
    pub hash: Field,
    /// `dup_band`.
    pub dup_band: Field,
    /// `dup_sig`.
    pub dup_sig: Field,
    /// `dup_group`.
    pub dup_group: Field,
}

/// A facet field of the index, typed: what `--source`, `--country`, …
/// filter on and what `newsdex facets` lists.
///
/// ```
/// use newsdex_core::schema::Facet;
/// assert_eq!("said_by".parse::<Facet>().unwrap(), Facet::SaidBy);
/// assert_eq!("said-by".parse::<Facet>().unwrap(), Facet::SaidBy);
/// assert_eq!(Facet::Source.to_string(), "source");
/// let err = "colour".parse::<Facet>().unwrap_err();
/// assert!(err.to_string().contains("source, country, about, person, vote, said_by"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Facet {
    /// `source`: the publishing outlet.
    Source,
    /// `country`: countries mentioned.
    Country,
    /// `about`: countries the article is about.
    About,
    /// `person`: people named.
    Person,
    /// `vote`: vote outcomes and ballots (`vetoed/ru`).
    Vote,
    /// `said_by`: speakers of quotes.
    SaidBy,
    /// `language`: ISO 639-1 code of the article's language.
    Language,
    /// `org`: organisations named (`hamas`, `un/security-council`).
    Org,
}

impl Facet {
    /// Every facet field, in display order.
    pub const ALL: [Facet; 8] = [
        Facet::Source,
        Facet::Country,
        Facet::About,
        Facet::Person,
        Facet::Vote,
        Facet::SaidBy,
        Facet::Language,
        Facet::Org,
    ];

    /// The field name in the schema, e.g. `said_by`.
    pub fn as_str(self) -> &'static str {
        match self {
            Facet::Source => names::SOURCE,
            Facet::Country => names::COUNTRY,
            Facet::About => names::ABOUT,
            Facet::Person => names::PERSON,
            Facet::Vote => names::VOTE,
            Facet::SaidBy => names::SAID_BY,
            Facet::Language => names::LANGUAGE,
            Facet::Org => names::ORG,
        }
    }

    /// Whether values hold country ids (`country`, `about`).
    pub fn is_country(self) -> bool {
        matches!(self, Facet::Country | Facet::About)
    }

    /// Whether values are paths whose every level is a value too
    /// (`vetoed/ru` is also `vetoed`; `un/security-council` also `un`).
    pub fn is_hierarchical(self) -> bool {
        matches!(self, Facet::Vote | Facet::Org)
    }

    /// The values of this facet for `article`, as the index holds them and
    /// `newsdex facets` prints them: the source id, the language code,
    /// country ids, person slugs, org slugs (`un/security-council`), vote
    /// paths (`vetoed/ru`, [`VoteEvent::facet_paths_of`]) and the speakers'
    /// slugs; each once, in the article's order, empty values left out. A
    /// hierarchical value also stands for each of its levels
    /// ([`Facet::is_hierarchical`]). The index builds its facet fields from
    /// this, so an export that uses it holds the same values.
    ///
    /// ```
    /// use newsdex_core::schema::Facet;
    /// let article: newsdex_core::Article = serde_json::from_str(r#"{
    ///     "id": "a", "source": {"id": "ft", "name": "FT"}, "title": "", "published": null,
    ///     "dateline": null, "body": "", "captions": [], "url": null, "authors": [],
    ///     "metadata": {"countries_mentioned": [], "countries_about": [], "people": [],
    ///     "votes": [], "quotes": [{"text": "No.", "speaker": "kim"}, {"text": "Yes.", "speaker": "kim"}]}
    /// }"#)?;
    /// assert_eq!(Facet::Source.values_of(&article), ["ft"]);
    /// assert_eq!(Facet::SaidBy.values_of(&article), ["kim"]);
    /// assert!(Facet::Language.values_of(&article).is_empty());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn values_of(self, article: &Article) -> Vec<String> {
        let meta = &article.metadata;
        let values: Vec<String> = match self {
            Facet::Source => vec![article.source.id.clone()],
            Facet::Language => article.language.iter().cloned().collect(),
            Facet::Country => meta.countries_mentioned.clone(),
            Facet::About => meta.countries_about.clone(),
            Facet::Person => meta.people.iter().map(|p| p.slug.clone()).collect(),
            Facet::Org => meta.orgs.iter().map(|o| o.slug.clone()).collect(),
            Facet::Vote => VoteEvent::facet_paths_of(&meta.votes),
            Facet::SaidBy => meta
                .quotes
                .iter()
                .filter_map(|q| q.speaker.clone())
                .collect(),
        };
        let mut seen = std::collections::HashSet::new();
        values
            .into_iter()
            .filter(|v| !v.is_empty() && seen.insert(v.clone()))
            .collect()
    }
}

impl std::fmt::Display for Facet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not a facet field (the error of `str::parse::<Facet>`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown facet field `{name}` (fields: {})", facet_names())]
pub struct UnknownFacet {
    /// The name as given.
    pub name: String,
}

fn facet_names() -> String {
    Facet::ALL.map(Facet::as_str).join(", ")
}

impl std::str::FromStr for Facet {
    type Err = UnknownFacet;

    /// The facet field called `name` as in the schema, or with `-` for
    /// `_` as the CLI flags spell it (`said-by`).
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        let same = |field: &str| {
            field.len() == name.len()
                && field
                    .bytes()
                    .zip(name.bytes())
                    .all(|(f, n)| f == n || (f == b'_' && n == b'-'))
        };
        Facet::ALL
            .into_iter()
            .find(|f| same(f.as_str()))
            .ok_or_else(|| UnknownFacet {
                name: name.to_string(),
            })
    }
}

/// The full-text fields.
pub const TEXT_FIELDS: [&str; 4] = [names::TITLE, names::BODY, names::CAPTION, names::QUOTE];

impl NewsSchema {
    /// Builds the schema.
    pub fn new() -> Self {
        let mut builder = Schema::builder();
        let text = |stored: bool| {
            let indexing = TextFieldIndexing::default()
                .set_tokenizer(NEWS_ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions);
            let options = TextOptions::default().set_indexing_options(indexing);
            if stored {
                options.set_stored()
            } else {
                options
            }
        };
        let facet = FacetOptions::default();
        let id = builder.add_text_field(names::ID, STRING | STORED);
        let source = builder.add_facet_field(names::SOURCE, facet.clone().set_stored());
        // The text fields are not stored: the stored `article` JSON holds
        // them already (storing both doubled the doc store).
        let title = builder.add_text_field(names::TITLE, text(false));
        let body = builder.add_text_field(names::BODY, text(false));
        let caption = builder.add_text_field(names::CAPTION, text(false));
        let quote = builder.add_text_field(names::QUOTE, text(false));
        let published = builder.add_date_field(
            names::PUBLISHED,
            DateOptions::default()
                .set_indexed()
                .set_fast()
                .set_stored()
                .set_precision(DateTimePrecision::Seconds),
        );
        let country = builder.add_facet_field(names::COUNTRY, facet.clone());
        let about = builder.add_facet_field(names::ABOUT, facet.clone());
        let person = builder.add_facet_field(names::PERSON, facet.clone());
        let vote = builder.add_facet_field(names::VOTE, facet.clone());
        let said_by = builder.add_facet_field(names::SAID_BY, facet.clone());
        let language = builder.add_facet_field(names::LANGUAGE, facet.clone());
        let org = builder.add_facet_field(names::ORG, facet);
        let article = builder.add_text_field(names::ARTICLE, STORED);
        // A fast field only: change detection reads it by document id (a
        // term lookup on `id`), never through the doc store.
        let hash = builder.add_u64_field(names::HASH, FAST);
        let dup_band = builder.add_u64_field(names::DUP_BAND, INDEXED);
        let dup_sig = builder.add_bytes_field(names::DUP_SIG, FAST);
        let dup_group = builder.add_u64_field(names::DUP_GROUP, INDEXED | FAST);
        NewsSchema {
            schema: builder.build(),
            id,
            source,
            title,
            body,
            caption,
            quote,
            published,
            country,
            about,
            person,
            vote,
            said_by,
            language,
            org,
            article,
            hash,
            dup_band,
            dup_sig,
            dup_group,
        }
    }

    /// The index field of `facet`.
    pub fn facet(&self, facet: Facet) -> Field {
        match facet {
            Facet::Source => self.source,
            Facet::Country => self.country,
            Facet::About => self.about,
            Facet::Person => self.person,
            Facet::Vote => self.vote,
            Facet::SaidBy => self.said_by,
            Facet::Language => self.language,
            Facet::Org => self.org,
        }
    }

    /// The facet field called `name`, if it is one.
    pub fn facet_field(&self, name: &str) -> Option<Field> {
        name.parse().ok().map(|facet| self.facet(facet))
    }

    /// The full-text field called `name`, if it is one.
    pub fn text_field(&self, name: &str) -> Option<Field> {
        Some(match name {
            names::TITLE => self.title,
            names::BODY => self.body,
            names::CAPTION => self.caption,
            names::QUOTE => self.quote,
            _ => return None,
        })
    }
}

impl Default for NewsSchema {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_facet_parses_from_its_name_and_has_a_field() {
        let schema = NewsSchema::new();
        for facet in Facet::ALL {
            assert_eq!(facet.as_str().parse::<Facet>(), Ok(facet));
            assert_eq!(
                schema.facet_field(facet.as_str()),
                Some(schema.facet(facet))
            );
        }
        assert!("title".parse::<Facet>().is_err());
        // The CLI's flag spelling is accepted; nothing looser is.
        assert_eq!("said-by".parse::<Facet>(), Ok(Facet::SaidBy));
        for wrong in ["said by", "saidby", "said_by_", "Said_by", "-"] {
            assert!(wrong.parse::<Facet>().is_err(), "{wrong}");
        }
    }
}
