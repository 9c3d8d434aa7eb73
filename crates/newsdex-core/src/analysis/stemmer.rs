//! `NewsStemmer`: a tantivy token filter around rust-stemmers' Snowball
//! stemmers (English for `news_en`; another language's for articles in it,
//! see [`super::Analysis`]).
//!
//! tantivy 0.27's own `Stemmer` moved to another Snowball port; newsdex keeps
//! rust-stemmers so that stems stay exactly what they were, and records the
//! analyzer version in each index (see [`super::ANALYZER_VERSION`]).
//!
//! Stemming is the costliest step of analysis, and news vocabulary repeats,
//! so each tokenizer instance (one per indexing thread) keeps a bounded cache
//! of word → stem.

use std::sync::Arc;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Token filter that stems words with a rust-stemmers Snowball stemmer.
#[derive(Clone)]
pub struct NewsStemmer {
    stemmer: Arc<Stemmer>,
    algorithm: Algorithm,
    elide: bool,
}

impl std::fmt::Debug for NewsStemmer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NewsStemmer({:?})", self.algorithm)
    }
}

impl NewsStemmer {
    /// The Snowball English (Porter2) stemmer.
    pub fn english() -> Self {
        Self::snowball(Algorithm::English, false)
    }

    /// The Snowball stemmer `algorithm`; with `elide`, a leading elided
    /// article or pronoun ("l'", "d'", "qu'", "dell'") is dropped first, so
    /// "l'école" stems as "école" (French, Italian, Catalan).
    pub fn snowball(algorithm: Algorithm, elide: bool) -> Self {
        NewsStemmer {
            stemmer: Arc::new(Stemmer::create(algorithm)),
            algorithm,
            elide,
        }
    }

    /// Stems one lowercase word.
    pub fn stem<'a>(&self, word: &'a str) -> std::borrow::Cow<'a, str> {
        self.stemmer.stem(word)
    }
}

impl TokenFilter for NewsStemmer {
    type Tokenizer<T: Tokenizer> = NewsStemmerTokenizer<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> NewsStemmerTokenizer<T> {
        NewsStemmerTokenizer {
            stemmer: self.stemmer,
            elide: self.elide,
            inner,
            cache: FxHashMap::default(),
        }
    }
}

/// Most words a stem cache holds before it is emptied.
const STEM_CACHE_WORDS: usize = 100_000;

/// A tokenizer wrapped by [`NewsStemmer`].
#[derive(Clone)]
pub struct NewsStemmerTokenizer<T> {
    stemmer: Arc<Stemmer>,
    elide: bool,
    inner: T,
    cache: FxHashMap<String, String>,
}

impl<T: Tokenizer> Tokenizer for NewsStemmerTokenizer<T> {
    type TokenStream<'a> = NewsStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        if self.cache.len() > STEM_CACHE_WORDS {
            self.cache.clear();
        }
        NewsStemmerStream {
            stemmer: &self.stemmer,
            elide: self.elide,
            cache: &mut self.cache,
            tail: self.inner.token_stream(text),
        }
    }
}

/// Token stream of [`NewsStemmerTokenizer`].
pub struct NewsStemmerStream<'a, S> {
    stemmer: &'a Stemmer,
    elide: bool,
    cache: &'a mut FxHashMap<String, String>,
    tail: S,
}

impl<S: TokenStream> TokenStream for NewsStemmerStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if self.elide {
            if let Some(at) = elision(&token.text) {
                token.text.drain(..at);
            }
        }
        // Digits have no stem; skip the work.
        if token.text.bytes().all(|b| b.is_ascii_digit()) {
            return true;
        }
        if let Some(stem) = self.cache.get(token.text.as_str()) {
            token.text.clear();
            token.text.push_str(stem);
            return true;
        }
        let stem = self.stemmer.stem(&token.text).into_owned();
        let word = std::mem::replace(&mut token.text, stem);
        self.cache.insert(word, token.text.clone());
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Elided words of French, Italian and Catalan (Lucene's `ElisionFilter`
/// lists), lowercase, without their apostrophe.
const ELISIONS: &[&str] = &[
    "l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu", "all",
    "dall", "dell", "nell", "sull", "coll", "pell", "gl", "agl", "dagl", "degl", "negl", "sugl",
    "un", "v",
];

/// Where the word starts after a leading elision ("l'", "qu'"): the byte
/// after the apostrophe, when something follows it. The tokenizer has
/// already straightened apostrophes.
fn elision(word: &str) -> Option<usize> {
    let at = word.find('\'')?;
    let (head, rest) = (&word[..at], &word[at + 1..]);
    (!rest.is_empty() && ELISIONS.contains(&head)).then_some(at + 1)
}

#[cfg(test)]
mod tests {
    use super::elision;

    #[test]
    fn elisions_are_cut_only_before_a_word() {
        assert_eq!(elision("l'ecole"), Some(2));
        assert_eq!(elision("qu'il"), Some(3));
        assert_eq!(elision("dell'anno"), Some(5));
        assert_eq!(elision("l'"), None);
        assert_eq!(elision("aujourd'hui"), None);
        assert_eq!(elision("ecole"), None);
    }
}
