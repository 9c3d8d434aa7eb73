//! The query AST: what the parser produces and the planner consumes.

use std::collections::BTreeSet;
use std::ops::Range;

use serde::Serialize;

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum QueryAst {
    /// Every article (`*`).
    All,
    /// All of these.
    And {
        /// Operands.
        clauses: Vec<QueryAst>,
    },
    /// Any of these.
    Or {
        /// Operands.
        clauses: Vec<QueryAst>,
    },
    /// Not this.
    Not {
        /// Operand.
        clause: Box<QueryAst>,
    },
    /// A leaf: a word, phrase, prefix, fuzzy word or range, maybe scoped to a
    /// field.
    Leaf(Leaf),
    /// Two query parts near each other in one text field (`A w/3 B`,
    /// `A near/5 B`, `A /s B`, `A /p B`). Each side is a word, phrase,
    /// prefix, fuzzy word, an OR of those, or another proximity.
    Near {
        /// How near.
        op: Proximity,
        /// The first side.
        left: Box<QueryAst>,
        /// The second side.
        right: Box<QueryAst>,
        /// Byte range of the operator in the query text.
        #[serde(skip)]
        span: Range<usize>,
    },
}

impl QueryAst {
    /// The fields written before `:` in the leaves of this query (`title`
    /// in `title:gaza w/3 rafah`), each once.
    ///
    /// ```
    /// let ast = newsdex_query::syntax::parse("title:gaza w/3 title:rafah")?.unwrap();
    /// assert_eq!(ast.leaf_fields().into_iter().collect::<Vec<_>>(), ["title"]);
    /// # Ok::<(), newsdex_query::QueryError>(())
    /// ```
    pub fn leaf_fields(&self) -> BTreeSet<String> {
        fn walk(ast: &QueryAst, out: &mut BTreeSet<String>) {
            match ast {
                QueryAst::Leaf(leaf) => out.extend(leaf.field.clone()),
                QueryAst::Near { left, right, .. } => {
                    walk(left, out);
                    walk(right, out);
                }
                QueryAst::Or { clauses } | QueryAst::And { clauses } => {
                    clauses.iter().for_each(|c| walk(c, out));
                }
                QueryAst::Not { clause } => walk(clause, out),
                QueryAst::All => {}
            }
        }
        let mut out = BTreeSet::new();
        walk(self, &mut out);
        out
    }
}

/// A proximity operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Proximity {
    /// `w/N`: the right side starts within `distance` words after the left
    /// side ends (1: the next word), in the same paragraph.
    Within {
        /// Most words from the end of the left side to the start of the
        /// right one.
        distance: u32,
    },
    /// `near/N`: as [`Proximity::Within`], in either order.
    Near {
        /// Most words between the end of one side and the start of the
        /// other.
        distance: u32,
    },
    /// `/s`: both sides in one sentence.
    Sentence,
    /// `/p`: both sides in one paragraph.
    Paragraph,
}

impl std::fmt::Display for Proximity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Proximity::Within { distance } => write!(f, "w/{distance}"),
            Proximity::Near { distance } => write!(f, "near/{distance}"),
            Proximity::Sentence => f.write_str("/s"),
            Proximity::Paragraph => f.write_str("/p"),
        }
    }
}

/// A leaf of the query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Leaf {
    /// The field written before `:`, if any.
    pub field: Option<String>,
    /// What to match.
    pub kind: LeafKind,
    /// Byte range of the leaf in the query text.
    #[serde(skip)]
    pub span: Range<usize>,
}

/// What a leaf matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LeafKind {
    /// A word (analyzed: stemmed, variants folded).
    Word {
        /// As written.
        text: String,
    },
    /// Words in order; `slop` extra positions allowed between them (`~N`).
    Phrase {
        /// As written, without quotes.
        text: String,
        /// Allowed slop.
        slop: u32,
    },
    /// Words starting with `text` (`Rafa*`).
    Prefix {
        /// As written, without `*`.
        text: String,
    },
    /// Words within `distance` edits of `text` (`Netanyahoo~2`).
    Fuzzy {
        /// As written.
        text: String,
        /// Maximum edit distance (1 or 2).
        distance: u8,
    },
    /// An inclusive range (`[a TO b]`); `None` is an open end (`*`).
    Range {
        /// Lower bound.
        lower: Option<String>,
        /// Upper bound.
        upper: Option<String>,
    },
}
