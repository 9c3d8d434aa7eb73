//! Why a hit matched, word by word (`--explain`), and what a query was
//! understood as (`--explain-query`).
//!
//! The planner records, for every word, phrase, prefix and fuzzy word of a
//! query, the index terms it looks up in each text field
//! ([`crate::plan::PlannedLeaf`]). [`term_matches`] re-analyses a hit's
//! title, body and captions with its language's indexing chain and reports,
//! per query term, the surface forms whose terms are among them, each with
//! the reason it matched ([`MatchReason`]): `ceasefire ← "cease-fire"
//! (variant), "ceasefires" (stem)`. The words of a phrase are reported
//! wherever they occur in the article. Terms under a `NOT` are left out (a
//! hit holds none of them as asked).
//!
//! [`explain_query`] plans a query without running it and returns its tree
//! with each term's analyses (for words and phrases, the term sequence of
//! each language's analysis) and expansions (for prefixes and fuzzy words,
//! the index terms they stand for).

use std::collections::{BTreeMap, BTreeSet};

use newsdex_core::analysis::{unstemmed_terms, Analysis};
use newsdex_core::NewsIndex;
use serde::Serialize;
use tantivy::schema::Field;

use crate::error::Result;
use crate::plan::{plan, PlannedLeaf};
use crate::request::Filters;
use crate::syntax::{self, Leaf, LeafKind, QueryAst};

/// Why a word of an article matched a query term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MatchReason {
    /// Written as in the query (letter case aside).
    Exact,
    /// Another spelling of the same word: hyphens, dots, accents, a folded
    /// variant ("cease-fire", "cease fire" for `ceasefire`; "U.N." for
    /// `UN`).
    Variant,
    /// Another word with the same stem ("ceasefires" for `ceasefire`).
    Stem,
    /// A word starting with a prefix (`Rafa*`).
    Prefix,
    /// A word within the edit distance of a fuzzy word (`Netanyahoo~2`).
    Fuzzy,
}

impl MatchReason {
    /// The reason as one lower-case word.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchReason::Exact => "exact",
            MatchReason::Variant => "variant",
            MatchReason::Stem => "stem",
            MatchReason::Prefix => "prefix",
            MatchReason::Fuzzy => "fuzzy",
        }
    }
}

impl std::fmt::Display for MatchReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One way a query term was written in an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SurfaceForm {
    /// The words as the article writes them (the first occurrence's case).
    pub text: String,
    /// Why they match.
    #[serde(rename = "why")]
    pub reason: MatchReason,
    /// How often they occur in the article's title, body and captions.
    pub count: usize,
}

/// The surface forms of one query term in one article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct TermMatches {
    /// The term as written in the query (`ceasefire`, `"security
    /// council"`, `veto*`, `title:gaza`).
    pub term: String,
    /// Its forms in the article, exact matches first, then variants,
    /// stems, prefix and fuzzy matches, each most frequent first; empty
    /// when the article matched through another part of the query.
    pub forms: Vec<SurfaceForm>,
}

/// A query as understood: its tree and what each term looks up.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct QueryExplanation {
    /// The query text as given.
    pub query: String,
    /// The parsed tree (`None` for a blank query); its JSON form is the
    /// one pinned in the syntax module's tests.
    pub tree: Option<QueryAst>,
    /// Each word, phrase, prefix and fuzzy word, in query order.
    pub terms: Vec<TermExpansion>,
}

/// What one query term looks up in the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct TermExpansion {
    /// The term as written.
    pub term: String,
    /// `word`, `phrase`, `prefix` or `fuzzy`.
    pub kind: &'static str,
    /// Byte range of the term in the query.
    pub start: usize,
    /// End of that range.
    pub end: usize,
    /// For a word or phrase: the index terms, in order, of each distinct
    /// analysis (English, then each other language in the index).
    pub analyses: Vec<Vec<String>>,
    /// For a prefix or fuzzy word: the index terms it stands for, in any
    /// text field.
    pub expansions: Vec<String>,
    /// Whether the expansions were cut at [`crate::MAX_EXPANSIONS`] in a
    /// field.
    pub truncated: bool,
}

/// Parses and plans `query` against `index` without searching, and says
/// what each term looks up.
///
/// ```
/// use newsdex_core::NewsIndex;
/// let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join("a.txt"), "Truce\n\nThe cease-fire held in Rafah.")?;
/// let index = NewsIndex::create_in_ram()?;
/// index.indexer().index_paths(&[dir.path().into()])?;
/// let explained = newsdex_query::explain_query(&index, "ceasefires w/3 Raf*")?;
/// assert_eq!(explained.terms[0].analyses, [["ceasefir"]]);
/// assert_eq!(explained.terms[1].expansions, ["rafah"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn explain_query(index: &NewsIndex, query: &str) -> Result<QueryExplanation> {
    let searcher = index.searcher()?;
    let tree = syntax::parse(query)?;
    let terms = match &tree {
        Some(ast) => {
            let planned = plan(Some(ast), &Filters::default(), index.schema(), &searcher)?;
            planned.leaves.iter().map(expansion_of).collect()
        }
        None => Vec::new(),
    };
    Ok(QueryExplanation {
        query: query.to_string(),
        tree,
        terms,
    })
}

fn expansion_of(planned: &PlannedLeaf) -> TermExpansion {
    let leaf = &planned.leaf;
    let expands = matches!(leaf.kind, LeafKind::Prefix { .. } | LeafKind::Fuzzy { .. });
    let expansions: BTreeSet<&String> = if expands {
        planned.terms.values().flatten().collect()
    } else {
        BTreeSet::new()
    };
    TermExpansion {
        term: label(leaf),
        kind: kind_name(&leaf.kind),
        start: leaf.span.start,
        end: leaf.span.end,
        analyses: planned.analyses.clone(),
        expansions: expansions.into_iter().cloned().collect(),
        truncated: planned.truncated,
    }
}

fn kind_name(kind: &LeafKind) -> &'static str {
    match kind {
        LeafKind::Word { .. } => "word",
        LeafKind::Phrase { .. } => "phrase",
        LeafKind::Prefix { .. } => "prefix",
        LeafKind::Fuzzy { .. } => "fuzzy",
        LeafKind::Range { .. } => "range",
    }
}

/// A leaf as the user would write it.
pub(crate) fn label(leaf: &Leaf) -> String {
    let field = leaf
        .field
        .as_deref()
        .map(|f| format!("{f}:"))
        .unwrap_or_default();
    let term = match &leaf.kind {
        LeafKind::Word { text } => text.clone(),
        LeafKind::Phrase { text, slop: 0 } => format!("\"{text}\""),
        LeafKind::Phrase { text, slop } => format!("\"{text}\"~{slop}"),
        LeafKind::Prefix { text } => format!("{text}*"),
        LeafKind::Fuzzy { text, distance } => format!("{text}~{distance}"),
        LeafKind::Range { lower, upper } => format!(
            "[{} TO {}]",
            lower.as_deref().unwrap_or("*"),
            upper.as_deref().unwrap_or("*")
        ),
    };
    format!("{field}{term}")
}

/// The spans of the leaves under a `NOT` in `ast`.
pub(crate) fn negated_spans(ast: &QueryAst) -> BTreeSet<(usize, usize)> {
    fn walk(ast: &QueryAst, negated: bool, out: &mut BTreeSet<(usize, usize)>) {
        match ast {
            QueryAst::All => {}
            QueryAst::Leaf(leaf) => {
                if negated {
                    out.insert((leaf.span.start, leaf.span.end));
                }
            }
            QueryAst::Not { clause } => walk(clause, !negated, out),
            QueryAst::And { clauses } | QueryAst::Or { clauses } => {
                clauses.iter().for_each(|c| walk(c, negated, out));
            }
            QueryAst::Near { left, right, .. } => {
                walk(left, negated, out);
                walk(right, negated, out);
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(ast, false, &mut out);
    out
}

/// The surface forms of each (not negated) planned leaf in one article's
/// text fields, analysed by `analysis` (see the module documentation).
pub(crate) fn term_matches(
    leaves: &[PlannedLeaf],
    negated: &BTreeSet<(usize, usize)>,
    analysis: Analysis,
    texts: &[(Field, &str)],
) -> Vec<TermMatches> {
    let wanted: Vec<&PlannedLeaf> = leaves
        .iter()
        .filter(|p| !negated.contains(&(p.leaf.span.start, p.leaf.span.end)))
        .collect();
    // Per leaf: folded surface → (first surface, reason, count).
    let mut found: Vec<BTreeMap<String, (String, MatchReason, usize)>> =
        vec![BTreeMap::new(); wanted.len()];
    let written: Vec<Written> = wanted.iter().map(|p| Written::of(&p.leaf)).collect();
    let mut analyzer = analysis.indexing();
    for &(field, text) in texts {
        let per_leaf: Vec<Option<&BTreeSet<String>>> =
            wanted.iter().map(|p| p.terms.get(&field)).collect();
        if per_leaf.iter().all(Option::is_none) {
            continue;
        }
        let mut stream = analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            for (i, terms) in per_leaf.iter().enumerate() {
                if !terms.is_some_and(|t| t.contains(&token.text)) {
                    continue;
                }
                let Some(surface) = text.get(token.offset_from..token.offset_to) else {
                    continue;
                };
                let key = surface.to_lowercase();
                let entry = found[i].entry(key).or_insert_with(|| {
                    let reason = written[i].reason(surface);
                    (surface.to_string(), reason, 0)
                });
                entry.2 += 1;
            }
        }
    }
    wanted
        .iter()
        .zip(found)
        .map(|(planned, forms)| {
            let mut forms: Vec<SurfaceForm> = forms
                .into_values()
                .map(|(text, reason, count)| SurfaceForm {
                    text,
                    reason,
                    count,
                })
                .collect();
            forms.sort_by(|a, b| {
                (a.reason, std::cmp::Reverse(a.count)).cmp(&(b.reason, std::cmp::Reverse(b.count)))
            });
            TermMatches {
                term: label(&planned.leaf),
                forms,
            }
        })
        .collect()
}

/// A query term's words as written, lower-cased, and as normalised without
/// stemming (spelling variants folded): what a surface form is told apart
/// by.
struct Written {
    kind: WrittenKind,
    lower: BTreeSet<String>,
    normalised: BTreeSet<String>,
}

enum WrittenKind {
    Words,
    Prefix,
    Fuzzy,
}

impl Written {
    fn of(leaf: &Leaf) -> Written {
        let (kind, text) = match &leaf.kind {
            LeafKind::Word { text } | LeafKind::Phrase { text, .. } => (WrittenKind::Words, text),
            LeafKind::Prefix { text } => (WrittenKind::Prefix, text),
            LeafKind::Fuzzy { text, .. } => (WrittenKind::Fuzzy, text),
            LeafKind::Range { lower, .. } => (WrittenKind::Words, lower.as_ref().unwrap_or(&EMPTY)),
        };
        Written {
            kind,
            lower: text.split_whitespace().map(str::to_lowercase).collect(),
            normalised: normalised(text).into_iter().collect(),
        }
    }

    fn reason(&self, surface: &str) -> MatchReason {
        if self.lower.contains(&surface.to_lowercase()) {
            return MatchReason::Exact;
        }
        match self.kind {
            WrittenKind::Prefix => MatchReason::Prefix,
            WrittenKind::Fuzzy => MatchReason::Fuzzy,
            WrittenKind::Words => {
                let form = normalised(surface).join(" ");
                if self.normalised.contains(&form) {
                    MatchReason::Variant
                } else {
                    MatchReason::Stem
                }
            }
        }
    }
}

static EMPTY: String = String::new();

/// The words of `text` lower-cased, folded and with spelling variants
/// joined, unstemmed.
fn normalised(text: &str) -> Vec<String> {
    unstemmed_terms(text).into_iter().map(|(_, t)| t).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons() {
        let leaf = |text: &str| Leaf {
            field: None,
            kind: LeafKind::Word { text: text.into() },
            span: 0..text.len(),
        };
        let ceasefire = Written::of(&leaf("ceasefire"));
        assert_eq!(ceasefire.reason("Ceasefire"), MatchReason::Exact);
        assert_eq!(ceasefire.reason("cease-fire"), MatchReason::Variant);
        assert_eq!(ceasefire.reason("cease fire"), MatchReason::Variant);
        assert_eq!(ceasefire.reason("ceasefires"), MatchReason::Stem);
        assert_eq!(
            Written::of(&leaf("UN")).reason("U.N."),
            MatchReason::Variant
        );
        let prefix = Written::of(&Leaf {
            field: None,
            kind: LeafKind::Prefix {
                text: "Rafa".into(),
            },
            span: 0..5,
        });
        assert_eq!(prefix.reason("Rafah"), MatchReason::Prefix);
    }
}
