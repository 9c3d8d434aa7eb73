//! Tokens of the query language, each with its byte span.

use std::ops::Range;

use super::ast::Proximity;
use crate::error::{QueryError, QueryErrorKind};

/// Largest distance of `w/N` and `near/N`: below the gap newsdex leaves
/// between paragraphs (`newsdex_core::analysis::positions::PARAGRAPH_GAP`),
/// so no proximity reaches across a paragraph break.
pub const MAX_PROXIMITY: u32 = 200;

const _: () = assert!(MAX_PROXIMITY < newsdex_core::analysis::positions::PARAGRAPH_GAP);

/// A token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Where it is.
    pub span: Range<usize>,
}

/// Kinds of token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenKind {
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `[`
    LBracket,
    /// `]`
    RBracket,
    /// `AND` or `&&`
    And,
    /// `OR` or `||`
    Or,
    /// `NOT`
    Not,
    /// `-` directly before a term
    Minus,
    /// `+` directly before a term
    Plus,
    /// `name:`
    Field(String),
    /// `TO` inside a range
    To,
    /// A quoted phrase (without quotes).
    Phrase(String),
    /// `~` directly after a word or phrase, with its number if any.
    Tilde(Option<u32>),
    /// A bare word; `*` at its end is kept.
    Word(String),
    /// A proximity operator: `w/N`, `near/N`, `/s`, `/p`.
    Proximity(Proximity),
}

fn is_special(c: char) -> bool {
    matches!(c, '(' | ')' | '[' | ']' | '"' | '“' | '”' | '~') || c.is_whitespace()
}

/// Splits a query into tokens.
pub fn lex(input: &str) -> Result<Vec<Token>, QueryError> {
    let mut tokens = Vec::new();
    let mut chars = input.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let single = |kind| Token {
            kind,
            span: start..start + c.len_utf8(),
        };
        match c {
            '(' | ')' | '[' | ']' => {
                chars.next();
                tokens.push(single(match c {
                    '(' => TokenKind::LParen,
                    ')' => TokenKind::RParen,
                    '[' => TokenKind::LBracket,
                    _ => TokenKind::RBracket,
                }));
            }
            '"' | '“' | '”' => {
                chars.next();
                let mut text = String::new();
                let mut end = None;
                for (i, ch) in chars.by_ref() {
                    if matches!(ch, '"' | '”' | '“') {
                        end = Some(i + ch.len_utf8());
                        break;
                    }
                    text.push(ch);
                }
                let Some(end) = end else {
                    return Err(QueryError::at(
                        QueryErrorKind::Syntax("unclosed quotation mark".into()),
                        start..input.len(),
                    ));
                };
                tokens.push(Token {
                    kind: TokenKind::Phrase(text),
                    span: start..end,
                });
            }
            '~' => {
                chars.next();
                let mut digits = String::new();
                let mut end = start + 1;
                while let Some(&(i, d)) = chars.peek() {
                    if !d.is_ascii_digit() {
                        break;
                    }
                    digits.push(d);
                    end = i + 1;
                    chars.next();
                }
                let number = if digits.is_empty() {
                    None
                } else {
                    Some(digits.parse::<u32>().map_err(|_| {
                        QueryError::at(
                            QueryErrorKind::Syntax("number after `~` is too large".into()),
                            start..end,
                        )
                    })?)
                };
                tokens.push(Token {
                    kind: TokenKind::Tilde(number),
                    span: start..end,
                });
            }
            '-' | '+' => {
                chars.next();
                let next_is_term = chars
                    .peek()
                    .is_some_and(|&(_, n)| !n.is_whitespace() && n != ')');
                if next_is_term {
                    tokens.push(single(if c == '-' {
                        TokenKind::Minus
                    } else {
                        TokenKind::Plus
                    }));
                } else {
                    return Err(QueryError::at(
                        QueryErrorKind::Syntax(format!("`{c}` must be followed by a term")),
                        start..start + 1,
                    ));
                }
            }
            _ => {
                let mut end = start;
                let mut text = String::new();
                while let Some(&(i, ch)) = chars.peek() {
                    if is_special(ch) {
                        break;
                    }
                    if ch == ':' && !text.is_empty() && is_field_name(&text) {
                        chars.next();
                        end = i + 1;
                        text.push(':');
                        break;
                    }
                    text.push(ch);
                    end = i + ch.len_utf8();
                    chars.next();
                }
                let span = start..end;
                let kind = if let Some(name) = text.strip_suffix(':').filter(|n| is_field_name(n)) {
                    TokenKind::Field(name.to_string())
                } else {
                    match text.as_str() {
                        "AND" | "&&" => TokenKind::And,
                        "OR" | "||" => TokenKind::Or,
                        "NOT" => TokenKind::Not,
                        "TO" => TokenKind::To,
                        _ => match proximity(&text, &span)? {
                            Some(op) => TokenKind::Proximity(op),
                            None => TokenKind::Word(text),
                        },
                    }
                };
                tokens.push(Token { kind, span });
            }
        }
    }
    Ok(tokens)
}

/// The proximity operator a word spells, if any: `w/N`, `near/N` (any
/// case), `/s`, `/p`. A word starting `w/` or `near/` without a valid
/// distance is an error, never a search for the word.
fn proximity(text: &str, span: &Range<usize>) -> Result<Option<Proximity>, QueryError> {
    match text {
        "/s" | "/S" => return Ok(Some(Proximity::Sentence)),
        "/p" | "/P" => return Ok(Some(Proximity::Paragraph)),
        _ => {}
    }
    let Some((name, number)) = text.split_once('/') else {
        return Ok(None);
    };
    let near = if name.eq_ignore_ascii_case("w") {
        false
    } else if name.eq_ignore_ascii_case("near") {
        true
    } else {
        return Ok(None);
    };
    let error = |message: String| {
        Err(QueryError::at(
            QueryErrorKind::Syntax(message),
            span.clone(),
        ))
    };
    let written = format!("{}/", if near { "near" } else { "w" });
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return error(format!(
            "`{written}` needs a number of words, e.g. {written}5"
        ));
    }
    match number.parse::<u32>() {
        Ok(distance) if (1..=MAX_PROXIMITY).contains(&distance) => Ok(Some(if near {
            Proximity::Near { distance }
        } else {
            Proximity::Within { distance }
        })),
        _ => error(format!(
            "the distance of `{written}N` must be 1 to {MAX_PROXIMITY} words"
        )),
    }
}

/// A field name: ASCII letters and underscores.
fn is_field_name(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_alphabetic() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(input: &str) -> Vec<TokenKind> {
        lex(input).unwrap().into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn tokens() {
        use TokenKind::*;
        assert_eq!(
            kinds("title:Rafa* AND -\"cease fire\"~2 (a OR b)"),
            vec![
                Field("title".into()),
                Word("Rafa*".into()),
                And,
                Minus,
                Phrase("cease fire".into()),
                Tilde(Some(2)),
                LParen,
                Word("a".into()),
                Or,
                Word("b".into()),
                RParen
            ]
        );
        assert_eq!(
            kinds("U.S.-led cease-fire"),
            vec![Word("U.S.-led".into()), Word("cease-fire".into())]
        );
        assert_eq!(
            kinds("published:[2024-03-22 TO *]"),
            vec![
                Field("published".into()),
                LBracket,
                Word("2024-03-22".into()),
                To,
                Word("*".into()),
                RBracket
            ]
        );
        // A colon inside a word that is not a field name stays in the word.
        assert_eq!(kinds("10:30"), vec![Word("10:30".into())]);
    }

    #[test]
    fn proximity_operators() {
        use TokenKind::*;
        assert_eq!(
            kinds("a w/3 b NEAR/5 c /s d /p e"),
            vec![
                Word("a".into()),
                Proximity(super::Proximity::Within { distance: 3 }),
                Word("b".into()),
                Proximity(super::Proximity::Near { distance: 5 }),
                Word("c".into()),
                Proximity(super::Proximity::Sentence),
                Word("d".into()),
                Proximity(super::Proximity::Paragraph),
                Word("e".into()),
            ]
        );
        assert_eq!(
            kinds("24/7 and/or"),
            vec![Word("24/7".into()), Word("and/or".into())]
        );
        for bad in ["w/", "w/0", "w/x", "near/", "w/201", "w/99999999999"] {
            let err = lex(&format!("a {bad} b")).unwrap_err();
            assert_eq!(err.span, Some(2..2 + bad.len()), "{bad}");
        }
    }

    #[test]
    fn unclosed_quote_points_at_it() {
        let err = lex("war \"unclosed").unwrap_err();
        assert_eq!(err.span, Some(4..13));
    }
}
