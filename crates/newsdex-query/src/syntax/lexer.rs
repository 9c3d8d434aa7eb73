//! Tokens of the query language, each with its byte span.

use std::ops::Range;

use crate::error::{QueryError, QueryErrorKind};

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
                        _ => TokenKind::Word(text),
                    }
                };
                tokens.push(Token { kind, span });
            }
        }
    }
    Ok(tokens)
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
    fn unclosed_quote_points_at_it() {
        let err = lex("war \"unclosed").unwrap_err();
        assert_eq!(err.span, Some(4..13));
    }
}
