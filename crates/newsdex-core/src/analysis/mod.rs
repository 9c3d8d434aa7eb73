//! Text analysis: the `news_en` analyzer used by every text field, and its
//! query-time twin `news_en_query`; an article in another language is
//! analysed by its language's chain instead ([`Analysis`], `languages.rs`).
//!
//! Pipeline: [`NewsTokenizer`] (words, acronyms, hyphens, spelling variants,
//! lowercase) → tantivy's `AsciiFoldingFilter` ("António" = "Antonio") →
//! [`NewsStemmer`] (rust-stemmers, Snowball English).
//!
//! Both analyzers produce identical tokens except that the indexing one also
//! emits the parts of hyphenated words (at the same position), so
//! `Greenfield` finds "Thomas-Greenfield" while a phrase query has exactly one
//! term per position.

mod languages;
mod locate;
pub mod positions;
mod stemmer;
mod tokenizer;
pub(crate) mod variants;

use std::sync::Arc;

use tantivy::tokenizer::{AsciiFoldingFilter, TextAnalyzer, TokenizerManager};

use languages::terms_with;

pub use languages::{pre_tokenize, Analysis};
pub use locate::TermLocator;
pub use stemmer::NewsStemmer;
pub use tokenizer::{NewsTokenizer, MAX_WORD_BYTES};
pub use variants::VariantTable;

/// Name under which the indexing analyzer is registered.
pub const NEWS_ANALYZER: &str = "news_en";
/// Name under which the query analyzer is registered.
pub const NEWS_QUERY_ANALYZER: &str = "news_en_query";

/// Version of the analysis chain, recorded in every index. Bump it whenever a
/// change alters the tokens produced for some text (tokenizer rules, the
/// variant table, the stemmer crate's version), so an index built with the
/// old analyzer is detected on open instead of silently mixing two
/// vocabularies.
///
/// Version 2: articles not in English are analysed by their language's
/// chain ([`Analysis`]); the `language` facet field. Version 3: positions
/// carry sentences and paragraphs ([`positions`]).
pub const ANALYZER_VERSION: &str =
    "news_en/3 (rust-stemmers 1.2 english; per-language snowball, whatlang 0.18; sentence and paragraph positions)";

/// Builds the indexing analyzer.
pub fn news_analyzer() -> TextAnalyzer {
    Analysis::English.indexing()
}

/// Builds the query analyzer.
pub fn news_query_analyzer() -> TextAnalyzer {
    Analysis::English.query()
}

fn shared_variants() -> Arc<VariantTable> {
    VariantTable::shared()
}

/// Builds the query analyzer without its stemmer: what prefixes and fuzzy
/// words are normalised with (a prefix must not be stemmed).
pub fn news_unstemmed_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(NewsTokenizer::for_queries(shared_variants()))
        .filter(AsciiFoldingFilter)
        .build()
}

/// Registers both analyzers with a tantivy tokenizer manager.
pub fn register(manager: &TokenizerManager) {
    manager.register(NEWS_ANALYZER, news_analyzer());
    manager.register(NEWS_QUERY_ANALYZER, news_query_analyzer());
}

/// The terms `text` analyzes to with the query analyzer, with positions
/// (encoded as in the index, [`positions`]: consecutive words of a sentence
/// are [`positions::WORD_STEP`] apart): what a user's words become before
/// they are looked up.
///
/// ```
/// let terms = newsdex_core::analysis::query_terms("Immediate cease-fires");
/// assert_eq!(terms, vec![(0, "immedi".to_string()), (32, "ceasefir".to_string())]);
/// ```
pub fn query_terms(text: &str) -> Vec<(usize, String)> {
    terms_with(&mut news_query_analyzer(), text)
}

/// Like [`query_terms`], without stemming.
///
/// ```
/// let terms = newsdex_core::analysis::unstemmed_terms("Rafa");
/// assert_eq!(terms, vec![(0, "rafa".to_string())]);
/// ```
pub fn unstemmed_terms(text: &str) -> Vec<(usize, String)> {
    terms_with(&mut news_unstemmed_analyzer(), text)
}
