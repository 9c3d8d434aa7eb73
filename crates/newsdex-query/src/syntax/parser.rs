//! Recursive-descent parser over [`super::lexer`] tokens. Each function
//! implements the grammar rule named in its doc comment (see [`super`]).

use std::ops::Range;

use super::ast::{Leaf, LeafKind, Proximity, QueryAst};
use super::lexer::{lex, Token, TokenKind};
use crate::error::{QueryError, QueryErrorKind};

/// Deepest nesting of parentheses and prefixes accepted.
pub const MAX_DEPTH: usize = 32;

/// Largest edit distance for fuzzy words.
pub const MAX_FUZZY_DISTANCE: u8 = 2;

/// Parses a query; `Ok(None)` for a blank query.
pub fn parse(input: &str) -> Result<Option<QueryAst>, QueryError> {
    let tokens = lex(input)?;
    if tokens.is_empty() {
        return Ok(None);
    }
    let mut parser = Parser {
        tokens,
        pos: 0,
        depth: 0,
        len: input.len(),
    };
    let ast = parser.or_expr()?;
    if let Some(token) = parser.peek() {
        let message = match token.kind {
            TokenKind::RParen => "unmatched `)`".to_string(),
            _ => "unexpected input".to_string(),
        };
        return Err(QueryError::at(
            QueryErrorKind::Syntax(message),
            token.span.clone(),
        ));
    }
    Ok(Some(ast))
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
    len: usize,
}

fn syntax(message: impl Into<String>, span: Range<usize>) -> QueryError {
    QueryError::at(QueryErrorKind::Syntax(message.into()), span)
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.pos).cloned();
        self.pos += usize::from(token.is_some());
        token
    }

    /// Where the last token taken ends.
    fn previous_end(&self) -> usize {
        self.pos
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .map_or(0, |t| t.span.end)
    }

    fn end_span(&self) -> Range<usize> {
        self.len..self.len
    }

    fn enter(&mut self, span: &Range<usize>) -> Result<(), QueryError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(QueryError::at(
                QueryErrorKind::TooDeep(MAX_DEPTH),
                span.clone(),
            ));
        }
        Ok(())
    }

    /// `or_expr := and_expr ("OR" and_expr)*`
    fn or_expr(&mut self) -> Result<QueryAst, QueryError> {
        let mut clauses = vec![self.and_expr()?];
        while let Some(Token {
            kind: TokenKind::Or,
            span,
        }) = self.peek().cloned()
        {
            self.next();
            if self.at_clause_end() {
                return Err(syntax("expected a term after OR", span));
            }
            clauses.push(self.and_expr()?);
        }
        Ok(if clauses.len() == 1 {
            clauses.remove(0)
        } else {
            QueryAst::Or { clauses }
        })
    }

    fn at_clause_end(&self) -> bool {
        matches!(
            self.peek().map(|t| &t.kind),
            None | Some(TokenKind::RParen)
                | Some(TokenKind::Or)
                | Some(TokenKind::And)
                | Some(TokenKind::Proximity(_))
        )
    }

    /// `and_expr := near (["AND"] near)*` — bare juxtaposition means AND.
    fn and_expr(&mut self) -> Result<QueryAst, QueryError> {
        if let Some(token) = self.peek() {
            if matches!(
                token.kind,
                TokenKind::And | TokenKind::Or | TokenKind::Proximity(_)
            ) {
                return Err(syntax(
                    "expected a term before this operator",
                    token.span.clone(),
                ));
            }
        }
        let mut clauses = vec![self.near()?];
        loop {
            match self.peek().map(|t| (t.kind.clone(), t.span.clone())) {
                None | Some((TokenKind::RParen, _)) | Some((TokenKind::Or, _)) => break,
                Some((TokenKind::And, span)) => {
                    self.next();
                    if self.at_clause_end() {
                        return Err(syntax("expected a term after AND", span));
                    }
                }
                Some(_) => {}
            }
            clauses.push(self.near()?);
        }
        Ok(if clauses.len() == 1 {
            clauses.remove(0)
        } else {
            QueryAst::And { clauses }
        })
    }

    /// `near := unary (PROXIMITY unary)*`, left to right.
    fn near(&mut self) -> Result<QueryAst, QueryError> {
        let start = self.peek().map_or(self.len, |t| t.span.start);
        let mut left = self.unary()?;
        let mut left_span = start..self.previous_end();
        let mut links = 0;
        while let Some(Token {
            kind: TokenKind::Proximity(op),
            span,
        }) = self.peek().cloned()
        {
            self.next();
            self.enter(&span)?;
            links += 1;
            check_side(&left, left_span.clone(), op)?;
            if self.at_clause_end() {
                return Err(syntax(format!("expected a term after `{op}`"), span));
            }
            let right_start = self.peek().map_or(self.len, |t| t.span.start);
            let right = self.unary()?;
            let right_span = right_start..self.previous_end();
            check_side(&right, right_span.clone(), op)?;
            left = QueryAst::Near {
                op,
                left: Box::new(left),
                right: Box::new(right),
                span,
            };
            left_span = start..right_span.end;
        }
        self.depth -= links;
        Ok(left)
    }

    /// `unary := ("NOT" | "-") unary | "+" unary | primary`
    fn unary(&mut self) -> Result<QueryAst, QueryError> {
        let Some(token) = self.peek().cloned() else {
            return Err(syntax("expected a term", self.end_span()));
        };
        match token.kind {
            TokenKind::Not | TokenKind::Minus => {
                self.next();
                self.enter(&token.span)?;
                if self.at_clause_end() {
                    return Err(syntax("expected a term after NOT / -", token.span));
                }
                let clause = self.unary()?;
                self.depth -= 1;
                Ok(QueryAst::Not {
                    clause: Box::new(clause),
                })
            }
            TokenKind::Plus => {
                self.next();
                self.enter(&token.span)?;
                let clause = self.unary()?;
                self.depth -= 1;
                Ok(clause)
            }
            _ => self.primary(None),
        }
    }

    /// `primary := "(" or_expr ")" | FIELD ":" primary | range | atom`
    fn primary(&mut self, field: Option<(String, Range<usize>)>) -> Result<QueryAst, QueryError> {
        let Some(token) = self.next() else {
            return Err(match field {
                Some((name, span)) => syntax(format!("expected a value after `{name}:`"), span),
                None => syntax("expected a term", self.end_span()),
            });
        };
        match token.kind {
            TokenKind::LParen => {
                self.enter(&token.span)?;
                if matches!(self.peek().map(|t| &t.kind), Some(TokenKind::RParen)) {
                    return Err(syntax("empty parentheses", token.span));
                }
                let inner = self.or_expr()?;
                self.depth -= 1;
                match self.next() {
                    Some(Token {
                        kind: TokenKind::RParen,
                        ..
                    }) => Ok(match field {
                        Some((name, _)) => scope(inner, &name),
                        None => inner,
                    }),
                    _ => Err(syntax("missing closing `)` for this `(`", token.span)),
                }
            }
            TokenKind::Field(name) => {
                if field.is_some() {
                    return Err(syntax("a field cannot contain another field", token.span));
                }
                let at_value = self.peek().is_some_and(|t| {
                    !matches!(t.kind, TokenKind::RParen | TokenKind::Or | TokenKind::And)
                });
                if !at_value {
                    return Err(syntax(
                        format!("expected a value after `{name}:`"),
                        token.span,
                    ));
                }
                self.primary(Some((name, token.span)))
            }
            TokenKind::LBracket => self.range(token.span, field.map(|f| f.0)),
            TokenKind::Phrase(text) => {
                let mut span = token.span;
                let slop = match self.adjacent_tilde(&span) {
                    Some((number, tilde_span)) => {
                        span.end = tilde_span.end;
                        number.ok_or_else(|| {
                            syntax(
                                "`~` after a phrase needs a number, e.g. \"a b\"~2",
                                tilde_span,
                            )
                        })?
                    }
                    None => 0,
                };
                if text.trim().is_empty() {
                    return Err(syntax("empty phrase", span));
                }
                Ok(leaf(
                    field.map(|f| f.0),
                    LeafKind::Phrase { text, slop },
                    span,
                ))
            }
            TokenKind::Word(text) => self.word(text, token.span, field.map(|f| f.0)),
            TokenKind::RParen => Err(syntax("unmatched `)`", token.span)),
            TokenKind::RBracket | TokenKind::To | TokenKind::Tilde(_) => {
                Err(syntax("unexpected token", token.span))
            }
            TokenKind::And
            | TokenKind::Or
            | TokenKind::Not
            | TokenKind::Minus
            | TokenKind::Plus
            | TokenKind::Proximity(_) => Err(syntax("expected a term", token.span)),
        }
    }

    fn adjacent_tilde(&mut self, before: &Range<usize>) -> Option<(Option<u32>, Range<usize>)> {
        match self.peek() {
            Some(Token {
                kind: TokenKind::Tilde(number),
                span,
            }) if span.start == before.end => {
                let out = (*number, span.clone());
                self.next();
                Some(out)
            }
            _ => None,
        }
    }

    /// `atom := WORD | WORD "*" | WORD "~" [N] | "*"`
    fn word(
        &mut self,
        text: String,
        span: Range<usize>,
        field: Option<String>,
    ) -> Result<QueryAst, QueryError> {
        if text == "*" {
            return Ok(match field {
                None => QueryAst::All,
                Some(_) => leaf(
                    field,
                    LeafKind::Range {
                        lower: None,
                        upper: None,
                    },
                    span,
                ),
            });
        }
        if let Some((number, tilde)) = self.adjacent_tilde(&span) {
            let distance = number.unwrap_or(2);
            if distance == 0 || distance > u32::from(MAX_FUZZY_DISTANCE) {
                return Err(syntax(
                    format!("fuzzy distance must be 1 or {MAX_FUZZY_DISTANCE}"),
                    tilde,
                ));
            }
            let span = span.start..tilde.end;
            return Ok(leaf(
                field,
                LeafKind::Fuzzy {
                    text,
                    distance: distance as u8,
                },
                span,
            ));
        }
        if let Some(prefix) = text.strip_suffix('*') {
            if prefix.is_empty() || prefix.contains('*') {
                return Err(syntax(
                    "a prefix needs at least one letter before `*`",
                    span,
                ));
            }
            return Ok(leaf(
                field,
                LeafKind::Prefix {
                    text: prefix.to_string(),
                },
                span,
            ));
        }
        if text.contains('*') {
            return Err(syntax("`*` is only allowed at the end of a word", span));
        }
        Ok(leaf(field, LeafKind::Word { text }, span))
    }

    /// `range := "[" (WORD | "*") "TO" (WORD | "*") "]"` (inclusive)
    fn range(&mut self, open: Range<usize>, field: Option<String>) -> Result<QueryAst, QueryError> {
        let bound = |parser: &mut Parser| -> Result<Option<String>, QueryError> {
            match parser.next() {
                Some(Token {
                    kind: TokenKind::Word(w),
                    ..
                }) => Ok((w != "*").then_some(w)),
                Some(t) => Err(syntax("expected a range bound", t.span)),
                None => Err(syntax("unclosed range: expected `[a TO b]`", open.clone())),
            }
        };
        let lower = bound(self)?;
        match self.next() {
            Some(Token {
                kind: TokenKind::To,
                ..
            }) => {}
            Some(t) => return Err(syntax("expected `TO` in range", t.span)),
            None => return Err(syntax("unclosed range: expected `[a TO b]`", open)),
        }
        let upper = bound(self)?;
        match self.next() {
            Some(Token {
                kind: TokenKind::RBracket,
                span,
            }) => Ok(leaf(
                field,
                LeafKind::Range { lower, upper },
                open.start..span.end,
            )),
            Some(t) => Err(syntax("expected `]`", t.span)),
            None => Err(syntax("unclosed range: expected `]`", open)),
        }
    }
}

/// Fails unless `side` (spanning `span`) can be a side of `op`: a word,
/// phrase, prefix or fuzzy word, an OR of sides, or another proximity.
fn check_side(side: &QueryAst, span: Range<usize>, op: Proximity) -> Result<(), QueryError> {
    let message = match side {
        QueryAst::Leaf(leaf) => match leaf.kind {
            LeafKind::Range { .. } => format!("a range cannot be a side of `{op}`"),
            _ => return Ok(()),
        },
        QueryAst::Near { .. } => return Ok(()),
        QueryAst::Or { clauses } => {
            for clause in clauses {
                check_side(clause, span.clone(), op)?;
            }
            return Ok(());
        }
        QueryAst::Not { .. } => format!("a side of `{op}` cannot be negated"),
        QueryAst::And { .. } => {
            format!("a group beside `{op}` may join alternatives with OR only, not AND")
        }
        QueryAst::All => format!("`*` cannot be a side of `{op}`"),
    };
    Err(syntax(message, span))
}

fn leaf(field: Option<String>, kind: LeafKind, span: Range<usize>) -> QueryAst {
    QueryAst::Leaf(Leaf { field, kind, span })
}

/// Applies a field to every unscoped leaf of `ast` (`title:(a OR b)`).
fn scope(ast: QueryAst, field: &str) -> QueryAst {
    match ast {
        QueryAst::All => QueryAst::All,
        QueryAst::And { clauses } => QueryAst::And {
            clauses: clauses.into_iter().map(|c| scope(c, field)).collect(),
        },
        QueryAst::Or { clauses } => QueryAst::Or {
            clauses: clauses.into_iter().map(|c| scope(c, field)).collect(),
        },
        QueryAst::Not { clause } => QueryAst::Not {
            clause: Box::new(scope(*clause, field)),
        },
        QueryAst::Leaf(mut leaf) => {
            leaf.field.get_or_insert_with(|| field.to_string());
            QueryAst::Leaf(leaf)
        }
        QueryAst::Near {
            op,
            left,
            right,
            span,
        } => QueryAst::Near {
            op,
            left: Box::new(scope(*left, field)),
            right: Box::new(scope(*right, field)),
            span,
        },
    }
}
