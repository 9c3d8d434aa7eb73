//! Analysis per language: which chain an article's text goes through,
//! decided by its language (an ISO 639-1 code).
//!
//! - English, and text whose language is unknown, go through `news_en`
//!   (the field's own analyzer), exactly as before languages were told
//!   apart.
//! - A language with a Snowball stemmer in rust-stemmers goes through the
//!   same tokenizer and ASCII folding as English, then (French, Italian,
//!   Catalan) the elision of "l'", "qu'"…, then that language's stemmer.
//!   Folding first, as for English, means a word typed with or without its
//!   accents stems alike ("accordée" = "accordee"), at the price of the
//!   few stemmer rules that read accents.
//! - Any other language is tokenized and folded, never stemmed.
//!
//! A non-English article is never run through the English stemmer. The
//! index holds one vocabulary per field; the query side analyses a word
//! once per [`Analysis`] of the languages present in the index and matches
//! any of the results (see `newsdex_query::plan`).

use rust_stemmers::Algorithm;
use tantivy::tokenizer::{
    AsciiFoldingFilter, PreTokenizedString, TextAnalyzer, Token, TokenStream,
};

use super::stemmer::NewsStemmer;
use super::tokenizer::NewsTokenizer;
use super::variants::VariantTable;

/// The analysis chain for the text of one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Analysis {
    /// `news_en`: English, and any text of unknown language.
    English,
    /// The Snowball stemmer of the language with this ISO 639-1 code
    /// (after the tokenizer and ASCII folding).
    Snowball(&'static str),
    /// Tokenized and folded, not stemmed: a language rust-stemmers has no
    /// stemmer for.
    Unstemmed,
}

/// ISO 639-1 codes of the languages rust-stemmers stems, with their
/// algorithm (Norwegian for both written standards).
const SNOWBALL: &[(&str, Algorithm)] = &[
    ("ar", Algorithm::Arabic),
    ("da", Algorithm::Danish),
    ("de", Algorithm::German),
    ("el", Algorithm::Greek),
    ("es", Algorithm::Spanish),
    ("fi", Algorithm::Finnish),
    ("fr", Algorithm::French),
    ("hu", Algorithm::Hungarian),
    ("it", Algorithm::Italian),
    ("nb", Algorithm::Norwegian),
    ("nl", Algorithm::Dutch),
    ("nn", Algorithm::Norwegian),
    ("no", Algorithm::Norwegian),
    ("pt", Algorithm::Portuguese),
    ("ro", Algorithm::Romanian),
    ("ru", Algorithm::Russian),
    ("sv", Algorithm::Swedish),
    ("ta", Algorithm::Tamil),
    ("tr", Algorithm::Turkish),
];

/// Languages whose articles and pronouns elide before a vowel.
const ELIDING: &[&str] = &["ca", "fr", "it"];

impl Analysis {
    /// The chain for an article in `language` (an ISO 639-1 code, or
    /// `None` when unknown).
    ///
    /// ```
    /// use newsdex_core::analysis::Analysis;
    /// assert_eq!(Analysis::of(None), Analysis::English);
    /// assert_eq!(Analysis::of(Some("en")), Analysis::English);
    /// assert_eq!(Analysis::of(Some("fr")), Analysis::Snowball("fr"));
    /// assert_eq!(Analysis::of(Some("pl")), Analysis::Unstemmed);
    /// ```
    pub fn of(language: Option<&str>) -> Analysis {
        match language {
            None | Some("en") => Analysis::English,
            Some(code) => SNOWBALL
                .iter()
                .find(|(c, _)| *c == code)
                .map_or(Analysis::Unstemmed, |(c, _)| Analysis::Snowball(c)),
        }
    }

    /// The analyzer that indexes text of this chain (`news_en` for
    /// [`Analysis::English`]).
    pub fn indexing(self) -> TextAnalyzer {
        self.build(NewsTokenizer::for_indexing(VariantTable::shared()))
    }

    /// The analyzer for query words (one token per position).
    pub fn query(self) -> TextAnalyzer {
        self.build(NewsTokenizer::for_queries(VariantTable::shared()))
    }

    /// The terms a query's `text` analyses to under this chain, with
    /// positions ([`super::query_terms`] for [`Analysis::English`]).
    ///
    /// ```
    /// use newsdex_core::analysis::Analysis;
    /// let terms = Analysis::of(Some("fr")).query_terms("les chevaux");
    /// assert_eq!(terms, vec![(0, "le".to_string()), (32, "cheval".to_string())]);
    /// ```
    pub fn query_terms(self, text: &str) -> Vec<(usize, String)> {
        terms_with(&mut self.query(), text)
    }

    fn build(self, tokenizer: NewsTokenizer) -> TextAnalyzer {
        match self.algorithm() {
            // Stemming after folding, for English as for the others.
            Some((_, Algorithm::English)) => TextAnalyzer::builder(tokenizer)
                .filter(AsciiFoldingFilter)
                .filter(NewsStemmer::english())
                .build(),
            Some((code, algorithm)) => TextAnalyzer::builder(tokenizer)
                .filter(AsciiFoldingFilter)
                .filter(NewsStemmer::snowball(algorithm, ELIDING.contains(&code)))
                .build(),
            None => TextAnalyzer::builder(tokenizer)
                .filter(AsciiFoldingFilter)
                .build(),
        }
    }

    fn algorithm(self) -> Option<(&'static str, Algorithm)> {
        match self {
            Analysis::English => Some(("en", Algorithm::English)),
            Analysis::Snowball(code) => SNOWBALL.iter().find(|(c, _)| *c == code).copied(),
            Analysis::Unstemmed => None,
        }
    }
}

/// The terms `analyzer` makes of `text`, with positions.
pub(crate) fn terms_with(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push((token.position, token.text.clone()));
    }
    out
}

/// `text` analysed by `analyzer` as a pre-tokenized string, what a
/// document field takes to bypass the field's own analyzer.
pub fn pre_tokenize(analyzer: &mut TextAnalyzer, text: &str) -> PreTokenizedString {
    let mut stream = analyzer.token_stream(text);
    let mut tokens: Vec<Token> = Vec::new();
    while stream.advance() {
        tokens.push(stream.token().clone());
    }
    PreTokenizedString {
        text: text.to_string(),
        tokens,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(analysis: Analysis, text: &str) -> Vec<String> {
        let mut analyzer = analysis.query();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push(token.text.clone());
        }
        out
    }

    #[test]
    fn each_language_stems_with_its_own_stemmer_then_folds() {
        let fr = Analysis::of(Some("fr"));
        // Folded before stemming: with or without accents, one stem.
        assert_eq!(terms(fr, "élections"), terms(fr, "elections"));
        assert_eq!(terms(fr, "accordée"), terms(fr, "accordee"));
        assert_eq!(terms(fr, "l'école des écoles"), vec!["ecol", "de", "ecol"]);
        // French plurals English stemming leaves alone.
        assert_eq!(terms(fr, "chevaux journaux"), vec!["cheval", "journal"]);
        assert_eq!(
            terms(Analysis::English, "chevaux journaux"),
            vec!["chevaux", "journaux"]
        );
        assert_eq!(
            terms(Analysis::of(Some("de")), "Verhandlungen"),
            vec!["verhandl"]
        );
        // No Snowball stemmer for Polish: words are only folded.
        assert_eq!(terms(Analysis::of(Some("pl")), "Wyborów"), vec!["wyborow"]);
    }

    #[test]
    fn every_snowball_language_builds() {
        for (code, _) in SNOWBALL {
            let analysis = Analysis::of(Some(code));
            assert_eq!(analysis, Analysis::Snowball(code));
            assert!(!terms(analysis, "word").is_empty(), "{code}");
        }
    }

    #[test]
    fn pre_tokenized_text_keeps_positions_and_offsets() {
        let mut analyzer = Analysis::of(Some("fr")).indexing();
        let pre = pre_tokenize(&mut analyzer, "Le cessez-le-feu tient");
        let words: Vec<(usize, &str)> = pre
            .tokens
            .iter()
            .map(|t| {
                (
                    t.position / super::super::positions::WORD_STEP as usize,
                    t.text.as_str(),
                )
            })
            .collect();
        // The hyphenated word and its parts share one position.
        assert!(words.contains(&(1, "cessezlefeu")), "{words:?}");
        assert!(words.contains(&(1, "feu")), "{words:?}");
        assert_eq!(words.last().map(|w| w.0), Some(2));
    }
}
