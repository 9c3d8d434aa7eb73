//! Query translation: a newsdex search (query text in the news query
//! language, filters, order, page, facet counts) as the request an engine
//! answers, with newsdex's semantics.
//!
//! ```text
//! SearchRequest ──parse──▶ QueryAst ──lower (resolve values, analyse words)──▶ Node ──spell──▶ OpenSearch Query DSL | Quickwit query string
//! ```
//!
//! `lower.rs` settles what the query means exactly as `newsdex search`
//! plans it; `opensearch.rs` and `quickwit.rs` spell it, each with a table
//! of what becomes what. A construct an engine cannot express exactly is an
//! [`ExportError::Unsupported`] naming it, its place in the query and why;
//! nothing is approximated.

mod lower;
mod opensearch;
mod quickwit;
mod resolve;

use newsdex_core::schema::Facet;
use newsdex_core::NewsIndex;
use newsdex_query::SearchRequest;
use serde::Serialize;
use serde_json::Value;

use crate::error::Result;
use crate::{fields, Engine};
use lower::TextField;
use resolve::Values;

/// Most values a facet lists when the request asks for all of them
/// (`facet_limit` 0): within OpenSearch's default `search.max_buckets`
/// (65,535) and tantivy's default bucket limit (65,000).
pub const MAX_BUCKETS: usize = 65_000;

/// A search translated for an engine: the body to send.
///
/// ```
/// use newsdex_export::{translate, Engine};
/// use newsdex_query::SearchRequest;
/// let request = SearchRequest::new("\"immediate ceasefire\" -Kirby").filter("country".parse()?, "Qatar");
/// let quickwit = translate(&request, Engine::Quickwit)?;
/// assert_eq!(
///     quickwit.query_string(),
///     Some("((title_terms:\"immedi ceasefir\"^2 OR body_terms:\"immedi ceasefir\" OR caption_terms:\"immedi ceasefir\") \
///           AND NOT (title_terms:\"kirbi\"^2 OR body_terms:\"kirbi\" OR caption_terms:\"kirbi\")) AND country:\"qa\"")
/// );
/// let opensearch = translate(&request, Engine::OpenSearch)?;
/// assert_eq!(opensearch.body["query"]["bool"]["filter"][0], serde_json::json!({"terms": {"country": ["qa"]}}));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Translation {
    /// The engine it is for.
    #[serde(skip)]
    pub engine: Engine,
    /// The request body: for OpenSearch/Elasticsearch the search body
    /// (`query`, `size`, `from`, `sort`, `track_total_hits`, `aggs`,
    /// `highlight`); for Quickwit the search request (`query` in its query
    /// language, `max_hits`, `start_offset`, `sort_by`, `aggs`).
    pub body: Value,
}

impl Translation {
    /// Quickwit's query-language string (the body's `query`); `None` for
    /// OpenSearch, whose query is the body's `query` object.
    pub fn query_string(&self) -> Option<&str> {
        match self.engine {
            Engine::Quickwit => self.body.get("query").and_then(Value::as_str),
            Engine::OpenSearch => None,
        }
    }

    /// The path to `POST` the body to, for an index (or alias) named
    /// `index`: `/{index}/_search`, or Quickwit's `/api/v1/{index}/search`.
    pub fn endpoint(&self, index: &str) -> String {
        match self.engine {
            Engine::OpenSearch => format!("/{index}/_search"),
            Engine::Quickwit => format!("/api/v1/{index}/search"),
        }
    }
}

/// Translates `request` for `engine` without a newsdex index: facet values
/// are resolved by newsdex's registries, and words analysed for English
/// (and undetected-language) articles. See [`Translator`] for the rest.
///
/// Errors: the query or filter error `newsdex search` would give
/// ([`ExportError::Query`](crate::ExportError::Query), with its span), or
/// [`ExportError::Unsupported`](crate::ExportError::Unsupported) for a
/// construct the engine cannot express.
pub fn translate(request: &SearchRequest, engine: Engine) -> Result<Translation> {
    Translator::new(engine).translate(request)
}

/// Translates searches for one engine, optionally with a newsdex index of
/// the same articles at hand.
///
/// What it reads of a [`SearchRequest`]: `query`, `filters`, `sort`,
/// `limit`, `offset`, `facets` and `facet_limit`; for OpenSearch also
/// `explain` and the snippet settings `snippet_chars` and `snippets` (as
/// `highlight`). `collapse` is refused by both engines and `explain` by
/// Quickwit; `context_words` shapes newsdex's own snippets and is not sent.
///
/// ```
/// use newsdex_export::{Engine, Translator};
/// use newsdex_query::SearchRequest;
/// let translator = Translator::new(Engine::Quickwit).languages(["fr"]);
/// let translation = translator.translate(&SearchRequest::new("quote:chevaux").facets(false))?;
/// assert_eq!(translation.query_string(), Some("(quote_terms:\"chevaux\" OR quote_terms:\"cheval\")"));
/// # Ok::<(), newsdex_export::ExportError>(())
/// ```
#[derive(Clone)]
pub struct Translator<'a> {
    engine: Engine,
    index: Option<&'a NewsIndex>,
    languages: Vec<String>,
}

impl std::fmt::Debug for Translator<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Translator")
            .field("engine", &self.engine)
            .field("index", &self.index.map(|_| "NewsIndex"))
            .field("languages", &self.languages)
            .finish()
    }
}

impl<'a> Translator<'a> {
    /// A translator for `engine` that needs no index.
    pub fn new(engine: Engine) -> Self {
        Translator {
            engine,
            index: None,
            languages: Vec::new(),
        }
    }

    /// Resolves facet values against `index` exactly as `newsdex search`
    /// does (a surname to the people it names, an outlet's name, a part of
    /// an organisation's slug, "did you mean" errors), and analyses words
    /// for the languages of its articles. Without an index, values the
    /// registries do not know are taken as the stored values they spell
    /// (see `docs/scale-out.md`).
    pub fn index(mut self, index: &'a NewsIndex) -> Self {
        self.index = Some(index);
        self
    }

    /// The languages (ISO 639-1 codes) of the articles in the cluster,
    /// when there is no index to read them from: Quickwit's pre-analysed
    /// fields hold each article's tokens by its own language's chain, so a
    /// word is looked up once per distinct analysis, as search does. Empty
    /// (the default): English and undetected only. Ignored with
    /// [`Translator::index`].
    pub fn languages<S: Into<String>>(mut self, codes: impl IntoIterator<Item = S>) -> Self {
        self.languages = codes.into_iter().map(Into::into).collect();
        self
    }

    /// Translates one search.
    pub fn translate(&self, request: &SearchRequest) -> Result<Translation> {
        let ast = newsdex_query::syntax::parse(&request.query)?;
        let values = match self.index {
            Some(index) => Values::Index(index),
            None => Values::Registries,
        };
        let lowered = lower::lower(ast.as_ref(), &request.filters, values, &self.languages)?;
        let body = match self.engine {
            Engine::OpenSearch => opensearch::request(&lowered, request)?,
            Engine::Quickwit => quickwit::request(&lowered, request)?,
        };
        Ok(Translation {
            engine: self.engine,
            body,
        })
    }
}

/// The exported field of a facet.
fn facet_field(facet: Facet) -> &'static str {
    match facet {
        Facet::Source => fields::SOURCE,
        Facet::Country => fields::COUNTRY,
        Facet::About => fields::ABOUT,
        Facet::Person => fields::PERSON,
        Facet::Vote => fields::VOTE,
        Facet::SaidBy => fields::SAID_BY,
        Facet::Language => fields::LANGUAGE,
        Facet::Org => fields::ORG,
    }
}

/// The field a facet's filters match and its counts read: the facet's
/// own, or for `vote` and `org` the field holding every level of their
/// paths (`vote_path`), so that `vetoed` matches and counts `vetoed/ru`.
/// One `terms` aggregation per facet, keyed by the facet's name, over the
/// field its filters use (every level of `vote` and `org`), with the
/// request's facet limit (0: [`MAX_BUCKETS`]): the same body for OpenSearch
/// and Quickwit, whose aggregation APIs share this shape.
fn facet_aggregations(request: &SearchRequest) -> Value {
    let size = if request.facet_limit == 0 {
        MAX_BUCKETS
    } else {
        request.facet_limit.min(MAX_BUCKETS)
    };
    Value::Object(
        Facet::ALL
            .iter()
            .map(|&facet| {
                let terms = serde_json::json!({"terms": {
                    "field": filter_field(facet),
                    "size": size,
                    "show_term_doc_count_error": true,
                }});
                (facet.as_str().to_string(), terms)
            })
            .collect(),
    )
}

fn filter_field(facet: Facet) -> &'static str {
    let field = facet_field(facet);
    fields::path_field(field).unwrap_or(field)
}

/// The exported field of a text field.
fn text_field(field: TextField) -> &'static str {
    match field {
        TextField::Title => fields::TITLE,
        TextField::Body => fields::BODY,
        TextField::Caption => fields::CAPTION,
        TextField::Quote => fields::QUOTE,
    }
}
