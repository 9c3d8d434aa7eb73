//! The text of an article as the extractors see it, and the bound on how
//! much of it they read.

use crate::article::Article;

/// The text of an article as the extractors see it.
#[derive(Debug, Clone, Copy)]
pub struct ExtractInput<'a> {
    /// Headline.
    pub title: &'a str,
    /// Dateline, when the story has one ("WASHINGTON").
    pub dateline: Option<&'a str>,
    /// Cleaned body text (paragraphs separated by blank lines).
    pub body: &'a str,
    /// Photo captions.
    pub captions: &'a [String],
}

/// Most bytes of an article's title, and of its body, that the extractors
/// read (1 MiB, a hundred times a long news story); the rest is indexed and
/// stored but not mined for metadata. This bounds the time and memory one
/// article can cost: the extractors hold per-word structures (the people
/// extractor about 40 bytes a word, 20 times a text of "a a a ...").
pub const MAX_EXTRACT_BYTES: usize = 1 << 20;

impl<'a> ExtractInput<'a> {
    /// The extractor view of an article: its title and body up to
    /// [`MAX_EXTRACT_BYTES`] each.
    pub fn from_article(article: &'a Article) -> Self {
        ExtractInput {
            title: head(&article.title, MAX_EXTRACT_BYTES),
            dateline: article.dateline.as_deref(),
            body: head(&article.body, MAX_EXTRACT_BYTES),
            captions: &article.captions,
        }
    }
}

/// The longest prefix of `text` of at most `max` bytes ending on a char
/// boundary.
fn head(text: &str, max: usize) -> &str {
    &text[..floor_char_boundary(text, max)]
}

/// The largest char boundary of `s` at or before `i` (`str::floor_char_boundary`
/// is newer than the crate's MSRV).
pub(crate) fn floor_char_boundary(s: &str, i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    let mut i = i;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_char_boundary_never_splits_a_char() {
        let s = "aé€";
        assert_eq!(
            (0..=8)
                .map(|i| floor_char_boundary(s, i))
                .collect::<Vec<_>>(),
            [0, 1, 1, 3, 3, 3, 6, 6, 6]
        );
        assert_eq!(head(s, 5), "aé");
    }
}
