//! Token positions that carry sentences and paragraphs.
//!
//! Every text field is indexed with positions in which the paragraph, the
//! word within the paragraph and the sentence within the paragraph can be
//! read back, so that the query side decides "same sentence" (`/s`), "same
//! paragraph" (`/p`) and "within N words" (`w/N`, `near/N`) from the
//! positions of the two sides alone:
//!
//! ```text
//! position = paragraph << (WORD_BITS + SENTENCE_BITS) | word << SENTENCE_BITS | sentence
//! ```
//!
//! - `word` counts the words of the paragraph from 0, across its
//!   sentences, so word distances inside a paragraph are exact
//!   ([`word_of`]);
//! - `sentence` counts the sentence ends passed in the paragraph, so two
//!   words of one paragraph share a sentence exactly when their low bits
//!   agree ([`sentence_of`]); consecutive words of one sentence are
//!   [`WORD_STEP`] apart, and a sentence end adds one more, so an exact
//!   phrase never matches across a sentence end (unless the query's phrase
//!   holds one too: its words get positions by the same rules);
//! - each paragraph starts a fresh slot of `1 << WORD_BITS` words, of which
//!   at most [`PARAGRAPH_WORDS`] are used, so words of two paragraphs are
//!   always more than [`PARAGRAPH_GAP`] words apart: no phrase, and no
//!   proximity up to [`PARAGRAPH_GAP`] words, matches across a paragraph
//!   break.
//!
//! **Overflow**, each documented and tested:
//! - a paragraph of more than [`PARAGRAPH_WORDS`] words continues in the
//!   next slot, as if a paragraph break stood there;
//! - the sentences past the [`SENTENCES_PER_PARAGRAPH`]th of one paragraph
//!   count as one sentence with it (`/s` is lenient there, `/p` exact);
//! - text past the [`MAX_PARAGRAPHS`]th paragraph slot of a field is
//!   indexed at one last position ([`LAST_POSITION`]): its words are found,
//!   but not by phrases or proximity. Positions stay below `2^31`, well
//!   inside tantivy's `u32` with room for its gap between field values.

/// Bits of the sentence number within a paragraph.
pub const SENTENCE_BITS: u32 = 5;
/// Bits of the word number within a paragraph slot.
pub const WORD_BITS: u32 = 12;
/// Bits of the paragraph slot number.
pub const PARAGRAPH_BITS: u32 = 14;

/// Sentences told apart within one paragraph.
pub const SENTENCES_PER_PARAGRAPH: u32 = 1 << SENTENCE_BITS;
/// Distance between the positions of two consecutive words of a sentence.
pub const WORD_STEP: u32 = 1 << SENTENCE_BITS;
/// Words between the last word of one paragraph and the first of the next,
/// at least: proximity distances are capped below it.
pub const PARAGRAPH_GAP: u32 = 256;
/// Words a paragraph slot holds before the text continues in the next one.
pub const PARAGRAPH_WORDS: u32 = (1 << WORD_BITS) - PARAGRAPH_GAP;
/// Paragraph slots of one field value.
pub const MAX_PARAGRAPHS: u32 = 1 << PARAGRAPH_BITS;
/// The position of every word past the last paragraph slot.
pub const LAST_POSITION: u32 = (1 << (PARAGRAPH_BITS + WORD_BITS + SENTENCE_BITS)) - 1;

// Room above every position for tantivy's gap between the values of a
// field, without overflowing u32.
const _: () = assert!(LAST_POSITION <= u32::MAX / 2);

/// The position of the `word`th word (from 0) of paragraph slot
/// `paragraph`, in its `sentence`th sentence; [`LAST_POSITION`] past the
/// last slot, the sentence saturated at the last one told apart.
///
/// ```
/// use newsdex_core::analysis::positions::{encode, paragraph_of, sentence_of, word_of};
/// let p = encode(2, 7, 1);
/// assert_eq!((paragraph_of(p), word_of(p) % 4096, sentence_of(p) % 32), (2, 7, 1));
/// ```
pub fn encode(paragraph: u32, word: u32, sentence: u32) -> u32 {
    if paragraph >= MAX_PARAGRAPHS || word >= (1 << WORD_BITS) {
        return LAST_POSITION;
    }
    let sentence = sentence.min(SENTENCES_PER_PARAGRAPH - 1);
    (paragraph << (WORD_BITS + SENTENCE_BITS)) | (word << SENTENCE_BITS) | sentence
}

/// A number that grows by one per word of a paragraph and jumps by more
/// than [`PARAGRAPH_GAP`] at a paragraph break: word distances are
/// differences of it.
pub fn word_of(position: u32) -> u32 {
    position >> SENTENCE_BITS
}

/// The paragraph slot of a position.
pub fn paragraph_of(position: u32) -> u32 {
    position >> (WORD_BITS + SENTENCE_BITS)
}

/// A number that is equal for two positions exactly when they are in the
/// same sentence of the same paragraph.
pub fn sentence_of(position: u32) -> u32 {
    (paragraph_of(position) << SENTENCE_BITS) | (position & (SENTENCES_PER_PARAGRAPH - 1))
}

/// What stands between two words of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Boundary {
    /// Nothing: the same sentence.
    #[default]
    None,
    /// A sentence end.
    Sentence,
    /// A paragraph break (a blank line).
    Paragraph,
}

/// Where the next word of a text goes: the paragraph slot, word and
/// sentence counters of [`encode`], moved on by words and boundaries.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PositionCounter {
    paragraph: u32,
    word: u32,
    sentence: u32,
}

impl PositionCounter {
    /// Passes a boundary before the next word.
    pub(crate) fn cross(&mut self, boundary: Boundary) {
        match boundary {
            Boundary::None => {}
            Boundary::Sentence => self.sentence = self.sentence.saturating_add(1),
            Boundary::Paragraph => self.next_paragraph(),
        }
    }

    fn next_paragraph(&mut self) {
        self.paragraph = self.paragraph.saturating_add(1);
        self.word = 0;
        self.sentence = 0;
    }

    /// The position of the next word.
    pub(crate) fn position(&self) -> u32 {
        encode(self.paragraph, self.word, self.sentence)
    }

    /// Moves past the word just placed.
    pub(crate) fn advance(&mut self) {
        self.word += 1;
        if self.word >= PARAGRAPH_WORDS {
            self.next_paragraph();
        }
    }
}

/// Titles and other words written with a full stop that never end a
/// sentence (compared in lower case).
const ABBREVIATIONS: &[&str] = &[
    "adm", "apr", "assn", "atty", "aug", "ave", "blvd", "bros", "capt", "cmdr", "co", "col",
    "corp", "dec", "dept", "dr", "est", "etc", "feb", "fig", "ft", "gen", "gov", "hon", "inc",
    "jan", "jr", "jul", "jun", "lt", "ltd", "maj", "mar", "messrs", "mr", "mrs", "ms", "mt", "no",
    "nos", "nov", "oct", "pres", "prof", "rep", "rev", "sen", "sep", "sept", "sgt", "sr", "st",
    "supt", "univ", "vol", "vs",
];

/// What separates the word ending at byte `word_end` from the next one,
/// starting at `next_start`: a paragraph break when the separator holds a
/// blank line; a sentence end when it holds `.`, `!`, `?` or `…`, then
/// (after closing quotes or brackets) white space, the next word starts
/// with a capital or a digit, and a `.` does not close an abbreviation
/// ("Mr.", "Oct.", an initial "J."; dotted acronyms such as "U.N." keep
/// their dots inside the word, so they never end a sentence). A single
/// line break is not a boundary (hard-wrapped text).
pub(crate) fn boundary_between(text: &str, word_end: usize, next_start: usize) -> Boundary {
    let Some(separator) = text.get(word_end..next_start) else {
        return Boundary::None;
    };
    let bytes = separator.as_bytes();
    let mut newline = false;
    let mut terminator: Option<usize> = None;
    let mut spaced_after_terminator = false;
    for (i, c) in separator.char_indices() {
        match c {
            '\n' if newline => return Boundary::Paragraph,
            '\n' => newline = true,
            c if c.is_whitespace() => {
                spaced_after_terminator |= terminator.is_some();
            }
            '.' | '!' | '?' | '…' => {
                newline = false;
                if terminator.is_none() {
                    terminator = Some(i);
                }
            }
            '"' | '\'' | '”' | '’' | ')' | ']' if !spaced_after_terminator => newline = false,
            _ => {
                newline = false;
                if !spaced_after_terminator {
                    terminator = None;
                }
            }
        }
    }
    let Some(at) = terminator else {
        return Boundary::None;
    };
    if !spaced_after_terminator {
        return Boundary::None;
    }
    let next_is_start = text[next_start..]
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    if !next_is_start {
        return Boundary::None;
    }
    if at == 0 && bytes.first() == Some(&b'.') && is_abbreviation(&text[..word_end]) {
        return Boundary::None;
    }
    Boundary::Sentence
}

/// Whether the word at the end of `before` is an abbreviation: one letter
/// (an initial, "p.m.") or one of [`ABBREVIATIONS`].
fn is_abbreviation(before: &str) -> bool {
    let mut letters = 0;
    let mut start = before.len();
    for (i, c) in before.char_indices().rev() {
        if !c.is_alphabetic() {
            break;
        }
        letters += 1;
        start = i;
        if letters > 6 {
            return false;
        }
    }
    let word = &before[start..];
    match letters {
        0 => false,
        1 => true,
        _ => ABBREVIATIONS.contains(&word.to_lowercase().as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn between(text: &str) -> Boundary {
        // The separator is the run of non-alphanumeric chars after the
        // first word.
        let end = text.find(|c: char| !c.is_alphanumeric()).unwrap();
        let next = end + text[end..].find(char::is_alphanumeric).unwrap();
        boundary_between(text, end, next)
    }

    #[test]
    fn sentence_ends_and_abbreviations() {
        assert_eq!(between("Gaza. The"), Boundary::Sentence);
        assert_eq!(between("said.” But"), Boundary::Sentence);
        assert_eq!(between("why? Because"), Boundary::Sentence);
        assert_eq!(between("2023. 34 died"), Boundary::Sentence);
        assert_eq!(between("Mr. Blinken"), Boundary::None);
        assert_eq!(between("Oct. 7"), Boundary::None);
        assert_eq!(between("J. Blinken"), Boundary::None);
        assert_eq!(between("Gaza, The"), Boundary::None);
        assert_eq!(between("e.g. the"), Boundary::None);
        assert_eq!(between("war. the"), Boundary::None);
        assert_eq!(between("3.The"), Boundary::None);
        assert_eq!(between("Gaza\nThe"), Boundary::None);
    }

    #[test]
    fn blank_lines_break_paragraphs() {
        assert_eq!(between("Gaza\n\nThe"), Boundary::Paragraph);
        assert_eq!(between("Gaza.\r\n \r\nthe"), Boundary::Paragraph);
        assert_eq!(between("Mr.\n\nBlinken"), Boundary::Paragraph);
    }

    #[test]
    fn encoding_reads_back() {
        for (paragraph, word, sentence) in [(0, 0, 0), (3, 100, 4), (MAX_PARAGRAPHS - 1, 5, 31)] {
            let p = encode(paragraph, word, sentence);
            assert_eq!(paragraph_of(p), paragraph);
            assert_eq!(word_of(p) & ((1 << WORD_BITS) - 1), word);
            assert_eq!(sentence_of(p) & (SENTENCES_PER_PARAGRAPH - 1), sentence);
        }
        // Sentences past the last told apart share it.
        assert_eq!(encode(0, 9, 40), encode(0, 9, 31));
        assert_eq!(encode(MAX_PARAGRAPHS, 0, 0), LAST_POSITION);
    }

    #[test]
    fn overflowing_paragraphs_continue_in_the_next_slot() {
        let mut counter = PositionCounter::default();
        for _ in 0..PARAGRAPH_WORDS {
            counter.advance();
        }
        let p = counter.position();
        assert_eq!(paragraph_of(p), 1);
        assert_eq!(
            word_of(p) - word_of(encode(0, PARAGRAPH_WORDS - 1, 0)),
            PARAGRAPH_GAP + 1
        );
        let mut counter = PositionCounter::default();
        for _ in 0..MAX_PARAGRAPHS + 3 {
            counter.cross(Boundary::Paragraph);
        }
        assert_eq!(counter.position(), LAST_POSITION);
        counter.advance();
        assert_eq!(counter.position(), LAST_POSITION);
    }
}
