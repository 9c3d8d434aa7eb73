//! `Article` ⇄ tantivy document.

use tantivy::schema::{Facet, Field, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DateTime, TantivyDocument};

use serde::Deserialize;
use time::Date;

use crate::analysis::{pre_tokenize, Analysis};
use crate::article::{Article, ArticleId, Source};
use crate::error::{Error, Result};
use crate::schema::{Facet as FacetField, NewsSchema};

/// What separates the values of a multi-valued text field in its one
/// indexed value.
const PARAGRAPH_BREAK: &str = "\n\n";

/// Builds the tantivy document for an article; `hash` is its content hash.
///
/// The text fields of an article in English or of unknown language are
/// analysed by the fields' own analyzer (`news_en`); those of an article in
/// another language are analysed here by its language's chain
/// ([`Analysis`]) and added pre-tokenized, so the English stemmer never
/// sees them.
pub fn to_document(schema: &NewsSchema, article: &Article, hash: u64) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(schema.id, article.id.as_str());
    // Every facet field from the one definition of its values, which an
    // export reuses (`Facet::values_of`).
    for field in FacetField::ALL {
        for value in field.values_of(article) {
            let path = if field.is_hierarchical() {
                facet(&value.split('/').collect::<Vec<_>>())
            } else {
                facet(&[&value])
            };
            doc.add_facet(schema.facet(field), path);
        }
    }
    let mut text = TextAdder::new(article.language.as_deref());
    text.add(&mut doc, schema.title, &article.title);
    text.add(&mut doc, schema.body, &article.body);
    // Several captions (and quotes) are one value, a paragraph each: a
    // value of its own would start at tantivy's next position, outside the
    // paragraph slots that `/s` and `/p` read (analysis::positions).
    if !article.captions.is_empty() {
        text.add(
            &mut doc,
            schema.caption,
            &article.captions.join(PARAGRAPH_BREAK),
        );
    }
    if let Some(date) = article.published {
        let midnight = date.midnight().assume_utc();
        doc.add_date(schema.published, DateTime::from_utc(midnight));
    }
    let meta = &article.metadata;
    if !meta.quotes.is_empty() {
        let quotes: Vec<&str> = meta.quotes.iter().map(|q| q.text.as_str()).collect();
        text.add(&mut doc, schema.quote, &quotes.join(PARAGRAPH_BREAK));
    }
    // Serialising plain data to JSON cannot fail.
    let json = serde_json::to_string(article).unwrap_or_default();
    doc.add_text(schema.article, json);
    doc.add_u64(schema.hash, hash);
    doc
}

/// Adds text to a document's fields: as text for the fields' analyzer, or
/// analysed by the article's language's chain.
struct TextAdder {
    analyzer: Option<TextAnalyzer>,
}

impl TextAdder {
    fn new(language: Option<&str>) -> Self {
        let analyzer = match Analysis::of(language) {
            Analysis::English => None,
            other => Some(other.indexing()),
        };
        TextAdder { analyzer }
    }

    fn add(&mut self, doc: &mut TantivyDocument, field: Field, text: &str) {
        match &mut self.analyzer {
            None => doc.add_text(field, text),
            Some(analyzer) => doc.add_pre_tokenized_text(field, pre_tokenize(analyzer, text)),
        }
    }
}

/// A facet from path segments (each segment may hold any character).
pub fn facet(parts: &[&str]) -> Facet {
    Facet::from_path(parts.iter().copied())
}

/// Reads the stored article back from a document.
pub fn from_document(schema: &NewsSchema, doc: &TantivyDocument) -> Result<Article> {
    read_stored(schema, doc)
}

/// What a search hit shows of a stored article: everything but the
/// metadata, dateline, URL and bylines, read without building them (a
/// third of the cost of [`from_document`] on a Reuters story).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct StoredHit {
    /// Article id.
    pub id: ArticleId,
    /// Publishing outlet.
    pub source: Source,
    /// Headline.
    pub title: String,
    /// Publication date, when known.
    pub published: Option<Date>,
    /// Body text.
    pub body: String,
    /// Photo captions.
    pub captions: Vec<String>,
    /// Language (ISO 639-1), when known: how the text was analysed.
    #[serde(default)]
    pub language: Option<String>,
}

/// Reads the fields of the stored article that a hit shows.
pub fn hit_from_document(schema: &NewsSchema, doc: &TantivyDocument) -> Result<StoredHit> {
    read_stored(schema, doc)
}

fn read_stored<T: serde::de::DeserializeOwned>(
    schema: &NewsSchema,
    doc: &TantivyDocument,
) -> Result<T> {
    let json = doc
        .get_first(schema.article)
        .and_then(|v| v.as_str())
        .ok_or_else(|| Error::InvalidData {
            what: "stored document".into(),
            message: "no stored article".into(),
        })?;
    serde_json::from_str(json).map_err(|e| Error::InvalidData {
        what: "stored document".into(),
        message: e.to_string(),
    })
}
