//! Human-readable output: one block per hit (rank, id, source, date,
//! headline, snippet), then facet counts when asked.
//!
//! Article text is data from outside: every piece of it goes through
//! [`printable`] or [`printable_line`] before it reaches a terminal, so an
//! escape sequence in a headline (`\x1b[2J`, `\x1b]0;title\x07`) is shown,
//! not obeyed.

use std::borrow::Cow;
use std::fmt::Write;

use newsdex_core::{Article, IndexStats};

use crate::explain::{QueryExplanation, TermExpansion, TermMatches};
use crate::facets::FacetCount;
pub use crate::printable::{printable, printable_line};
use crate::search::SearchResults;
use crate::syntax::QueryAst;

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// Renders hits (and facets when `show_facets`) as text.
pub fn render(results: &SearchResults, color: bool, show_facets: bool) -> String {
    let mut out = String::new();
    let (bold, dim, reset) = if color {
        (BOLD, DIM, RESET)
    } else {
        ("", "", "")
    };
    for hit in &results.hits {
        let date = printable_line(hit.published.as_deref().unwrap_or("undated"));
        let title = if hit.title.is_empty() {
            Cow::Borrowed("(no title)")
        } else {
            printable_line(&hit.title)
        };
        let _ = writeln!(
            out,
            "{rank:>3}. {bold}{title}{reset}\n     {dim}{id} · {source} · {date}{score}{reset}",
            rank = hit.rank,
            id = printable_line(&hit.id),
            source = printable_line(&hit.source),
            score = hit
                .score
                .map(|s| format!(" · score {s:.2}"))
                .unwrap_or_default(),
        );
        let (open, close) = if color { (BOLD, RESET) } else { ("[", "]") };
        // Highlight markers are added after the text between them is made
        // printable, so they are the only escapes in the line.
        let snippet = hit
            .snippet
            .marked(open, close, |s| printable_line(s).into_owned());
        if !snippet.is_empty() {
            let _ = writeln!(out, "     {snippet}");
        }
        // Further passages (`--snippets N`), one line each.
        for passage in hit.snippets.iter().skip(1) {
            let passage = passage.marked(open, close, |s| printable_line(s).into_owned());
            let _ = writeln!(out, "     … {passage}");
        }
        for term in &hit.matches {
            let _ = writeln!(out, "     {}", printable_line(&matches_line(term)));
        }
        if hit.copies_total > 0 {
            let _ = writeln!(out, "     {dim}{}{reset}", copies_line(hit));
        }
        if let Some(explanation) = &hit.explanation {
            for line in explanation.lines() {
                let _ = writeln!(out, "     {dim}{}{reset}", printable_line(line));
            }
        }
        out.push('\n');
    }
    let shown = results.hits.len();
    let first = results.hits.first().map_or(0, |h| h.rank);
    if let Some(groups) = results.groups {
        let _ = writeln!(out, "{dim}{}{reset}", collapsed_total(results, groups));
    } else {
        let _ = writeln!(
            out,
            "{dim}{} matching article{}{}{reset}",
            results.total,
            if results.total == 1 { "" } else { "s" },
            if shown > 0 && shown < results.total {
                format!(" (showing {first}–{})", first + shown - 1)
            } else {
                String::new()
            }
        );
    }
    if show_facets {
        for field in newsdex_core::schema::Facet::ALL.map(|f| f.as_str()) {
            let Some(counts) = results.facets.get(field).filter(|c| !c.is_empty()) else {
                continue;
            };
            let _ = writeln!(out, "\n{bold}{field}{reset}");
            out.push_str(&facet_lines(counts));
            let distinct = results.facet_values.get(field).copied().unwrap_or(0);
            if distinct > counts.len() {
                let more = distinct - counts.len();
                let _ = writeln!(
                    out,
                    "  {dim}… {more} more (--facet-limit 0 lists all){reset}"
                );
            }
        }
    }
    out
}

/// One query term's forms in a hit (`--explain`):
/// `ceasefire ← "cease-fire" (variant), "ceasefires" (stem)`, a count
/// after a form found more than once.
pub fn matches_line(term: &TermMatches) -> String {
    if term.forms.is_empty() {
        return format!("{} ← (not in this article)", term.term);
    }
    let forms: Vec<String> = term
        .forms
        .iter()
        .map(|f| {
            let times = if f.count > 1 {
                format!(" ×{}", f.count)
            } else {
                String::new()
            };
            format!("\"{}\" ({}){times}", f.text, f.reason)
        })
        .collect();
    format!("{} ← {}", term.term, forms.join(", "))
}

/// The parsed query as an indented tree (`--explain-query`), each word,
/// phrase, prefix or fuzzy word followed by the index terms it looks up.
pub fn query_explanation(explained: &QueryExplanation) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "query: {}", printable_line(&explained.query));
    match &explained.tree {
        None => out.push_str("(blank: filters only)\n"),
        Some(tree) => tree_lines(tree, &explained.terms, 1, &mut out),
    }
    out
}

fn tree_lines(ast: &QueryAst, terms: &[TermExpansion], depth: usize, out: &mut String) {
    let indent = "  ".repeat(depth);
    let mut children = |label: &str, clauses: &[&QueryAst]| {
        let _ = writeln!(out, "{indent}{label}");
        for clause in clauses {
            tree_lines(clause, terms, depth + 1, out);
        }
    };
    match ast {
        QueryAst::All => {
            let _ = writeln!(out, "{indent}* (every article)");
        }
        QueryAst::And { clauses } => children("AND", &clauses.iter().collect::<Vec<_>>()),
        QueryAst::Or { clauses } => children("OR", &clauses.iter().collect::<Vec<_>>()),
        QueryAst::Not { clause } => children("NOT", &[clause]),
        QueryAst::Near {
            op, left, right, ..
        } => children(&op.to_string(), &[left, right]),
        QueryAst::Leaf(leaf) => {
            let found = terms
                .iter()
                .find(|t| t.start == leaf.span.start && t.end == leaf.span.end);
            let line = match found {
                Some(term) if !term.analyses.is_empty() => format!(
                    "{} {} → {}",
                    term.kind,
                    term.term,
                    term.analyses
                        .iter()
                        .map(|a| a.join(" "))
                        .collect::<Vec<_>>()
                        .join(" | ")
                ),
                Some(term) => format!(
                    "{} {} → {}{}",
                    term.kind,
                    term.term,
                    if term.expansions.is_empty() {
                        "(no index term)".to_string()
                    } else {
                        term.expansions.join(", ")
                    },
                    if term.truncated { ", … (cut)" } else { "" }
                ),
                None => format!("filter {}", crate::explain::label(leaf)),
            };
            let _ = writeln!(out, "{indent}{}", printable_line(&line));
        }
    }
}

/// "+2 copies: abc, latimes" (outlets in order of first copy, each once).
fn copies_line(hit: &crate::search::Hit) -> String {
    let mut outlets: Vec<&str> = Vec::new();
    for copy in &hit.copies {
        if !outlets.contains(&copy.source.as_str()) {
            outlets.push(&copy.source);
        }
    }
    let more = if hit.copies_total > hit.copies.len() {
        ", …"
    } else {
        ""
    };
    format!(
        "+{} cop{}: {}{more}",
        hit.copies_total,
        if hit.copies_total == 1 { "y" } else { "ies" },
        printable_line(&outlets.join(", "))
    )
}

/// The count line of a collapsed search: articles and groups, and what
/// the facet counts count.
fn collapsed_total(results: &SearchResults, groups: usize) -> String {
    let shown = results.hits.len();
    let first = results.hits.first().map_or(0, |h| h.rank);
    format!(
        "{} matching article{} in {groups} near-duplicate group{}{} (facets count articles)",
        results.total,
        if results.total == 1 { "" } else { "s" },
        if groups == 1 { "" } else { "s" },
        if shown > 0 && shown < groups {
            format!(", showing groups {first}–{}", first + shown - 1)
        } else {
            String::new()
        }
    )
}

/// One line per facet value: count, value, label (made printable).
pub fn facet_lines(counts: &[FacetCount]) -> String {
    let mut out = String::new();
    for c in counts {
        let value = printable_line(&c.value);
        if c.label == c.value {
            let _ = writeln!(out, "  {:>6}  {value}", c.count);
        } else {
            let label = printable_line(&c.label);
            let _ = writeln!(out, "  {:>6}  {value}  ({label})", c.count);
        }
    }
    out
}

/// `newsdex show`: an article's headline, then one line per metadata field
/// (id, source, date, dateline, authors, url, countries, people, orgs, votes,
/// quotes, captions), then the body. Every value is article text: its
/// control characters and bidi overrides are spelled out, and a newline in
/// a value cannot start a line of its own; the body keeps its paragraphs.
pub fn article(article: &Article) -> String {
    let mut lines: Vec<String> = Vec::new();
    let meta = &article.metadata;
    lines.push(if article.title.is_empty() {
        "(no title)".to_string()
    } else {
        article.title.clone()
    });
    lines.push(format!("id:         {}", article.id));
    lines.push(format!(
        "source:     {} ({})",
        article.source.name, article.source.id
    ));
    if let Some(date) = article.published {
        lines.push(format!("published:  {date}"));
    }
    if let Some(language) = &article.language {
        lines.push(format!("language:   {}", language_label(language)));
    }
    if let Some(dateline) = &article.dateline {
        lines.push(format!("dateline:   {dateline}"));
    }
    if !article.authors.is_empty() {
        lines.push(format!("authors:    {}", article.authors.join(", ")));
    }
    if let Some(url) = &article.url {
        lines.push(format!("url:        {url}"));
    }
    let list = |items: &[String]| {
        if items.is_empty() {
            "-".to_string()
        } else {
            items.join(", ")
        }
    };
    lines.push(format!("about:      {}", list(&meta.countries_about)));
    lines.push(format!("countries:  {}", list(&meta.countries_mentioned)));
    let people: Vec<String> = meta
        .people
        .iter()
        .map(|p| match p.roles.first() {
            Some(role) => format!("{} ({role})", p.name),
            None => p.name.clone(),
        })
        .collect();
    lines.push(format!("people:     {}", list(&people)));
    let orgs: Vec<String> = meta
        .orgs
        .iter()
        .map(|o| format!("{} ({})", o.name, o.slug))
        .collect();
    lines.push(format!("orgs:       {}", list(&orgs)));
    for vote in &meta.votes {
        let ballots: Vec<String> = vote
            .ballots
            .iter()
            .map(|b| format!("{}: {}", b.ballot, b.member))
            .collect();
        lines.push(format!(
            "vote:       {}{}{}{}",
            vote.body.as_deref().unwrap_or("vote"),
            vote.outcome.map(|o| format!(" — {o}")).unwrap_or_default(),
            vote.tally
                .as_deref()
                .map(|t| format!(" ({t})"))
                .unwrap_or_default(),
            if ballots.is_empty() {
                String::new()
            } else {
                format!("; {}", ballots.join(", "))
            }
        ));
    }
    for quote in &meta.quotes {
        lines.push(format!(
            "quote:      “{}” — {}",
            quote.text,
            quote.speaker.as_deref().unwrap_or("unattributed")
        ));
    }
    for caption in &article.captions {
        lines.push(format!("caption:    {caption}"));
    }
    let mut text = String::new();
    for line in &lines {
        text.push_str(&printable_line(line));
        text.push('\n');
    }
    let _ = writeln!(text, "\n{}", printable(&article.body));
    text
}

/// `fr (French)`, or the code alone when it has no name.
fn language_label(code: &str) -> String {
    match newsdex_core::extract::language::name(code) {
        Some(name) => format!("{code} ({name})"),
        None => code.to_string(),
    }
}

/// Characters of the body excerpt [`extracted`] shows.
pub const EXCERPT_CHARS: usize = 300;

/// `newsdex extract`: an article as the index would receive it, in brief:
/// headline, id, source, date, language, countries, people, orgs, then the first
/// [`EXCERPT_CHARS`] characters of the body on one line, then a blank line.
/// Every value is made printable as in [`article`].
pub fn extracted(article: &Article) -> String {
    let meta = &article.metadata;
    let list = |items: &[String]| {
        if items.is_empty() {
            "-".to_string()
        } else {
            items.join(", ")
        }
    };
    let people: Vec<String> = meta.people.iter().map(|p| p.name.clone()).collect();
    let orgs: Vec<String> = meta.orgs.iter().map(|o| o.slug.clone()).collect();
    let body: String = article
        .body
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut excerpt: String = body.chars().take(EXCERPT_CHARS).collect();
    if excerpt.len() < body.len() {
        excerpt.push('…');
    }
    let lines = [
        if article.title.is_empty() {
            "(no title)".to_string()
        } else {
            article.title.clone()
        },
        format!("id:         {}", article.id),
        format!(
            "source:     {} ({})",
            article.source.name, article.source.id
        ),
        format!(
            "published:  {}",
            article.published.map_or("-".to_string(), |d| d.to_string())
        ),
        format!(
            "language:   {}",
            article
                .language
                .as_deref()
                .map_or("-".to_string(), language_label)
        ),
        format!("countries:  {}", list(&meta.countries_mentioned)),
        format!("about:      {}", list(&meta.countries_about)),
        format!("people:     {}", list(&people)),
        format!("orgs:       {}", list(&orgs)),
        format!("body:       {excerpt}"),
    ];
    let mut text = String::new();
    for line in &lines {
        text.push_str(&printable_line(line));
        text.push('\n');
    }
    text.push('\n');
    text
}

/// `newsdex stats`: the index's path, counts, size and analyzer, then its
/// sources with their article counts.
pub fn stats(stats: &IndexStats, sources: &[FacetCount]) -> String {
    let path = stats
        .path
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "(in memory)".to_string());
    let mut text = format!(
        "index:     {}\narticles:  {}\nsegments:  {}\non disk:   {:.1} MiB\nanalyzer:  {}\nsources:\n",
        printable_line(&path),
        stats.articles,
        stats.segments,
        stats.bytes_on_disk as f64 / (1024.0 * 1024.0),
        stats.analyzer,
    );
    text.push_str(&facet_lines(sources));
    text
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::search::Hit;
    use crate::snippet::Snippet;

    const HOSTILE: &str = "a\u{1b}[2J\u{1b}]0;pwned\u{7}\r\u{7f}\u{9b}31m\u{202e}\u{2067}z";

    fn is_unsafe(c: char) -> bool {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    }

    /// Regression (issue 13, item 11): escape sequences in article text
    /// reached the terminal raw, even without colour.
    #[test]
    fn article_text_cannot_drive_the_terminal() {
        let rafah = HOSTILE.len() + 8;
        let highlights = std::iter::once(rafah..rafah + 5).collect();
        let snippet = Snippet {
            field: "body".into(),
            text: format!("before {HOSTILE} Rafah\nafter"),
            highlights,
        };
        let hit = Hit {
            rank: 1,
            id: format!("id{HOSTILE}"),
            source: format!("src{HOSTILE}"),
            source_name: format!("name{HOSTILE}"),
            title: format!("title{HOSTILE}"),
            published: Some(format!("2024{HOSTILE}")),
            language: Some(format!("fr{HOSTILE}")),
            score: Some(1.0),
            snippets: vec![snippet.clone(), snippet.clone()],
            snippet,
            explanation: Some(format!("{{\"description\": \"{HOSTILE}\"}}")),
            matches: Vec::new(),
            copies: Vec::new(),
            copies_total: 0,
        };
        let count = FacetCount {
            value: format!("v{HOSTILE}"),
            label: format!("l{HOSTILE}"),
            count: 1,
        };
        let results = SearchResults {
            query: "rafah".into(),
            total: 1,
            groups: None,
            counts: None,
            hits: vec![hit],
            facets: BTreeMap::from([("source".to_string(), vec![count])]),
            facet_values: BTreeMap::from([("source".to_string(), 1)]),
            expansions_truncated: false,
            fingerprint: crate::fingerprint::Fingerprint {
                format: 1,
                analyzer: "test".into(),
                articles: 1,
                opstamp: 1,
            },
            parsed_query: None,
        };
        let spelled = "titlea\\x1b[2J\\x1b]0;pwned\\x07\\x0d\\x7f\\x9b31m\\u{202e}\\u{2067}z";
        for color in [false, true] {
            let out = render(&results, color, true);
            let own = out.replace(BOLD, "").replace(DIM, "").replace(RESET, "");
            let bad: Vec<char> = own.chars().filter(|&c| is_unsafe(c)).collect();
            assert!(bad.is_empty(), "color {color}: {bad:?} in\n{out}");
            assert!(own.contains(spelled), "{own}");
            let highlighted = if color { "Rafah" } else { "[Rafah]" };
            assert!(own.contains(highlighted), "{own}");
        }
        // Nothing to replace: borrowed as is.
        assert!(matches!(printable("plain\ttext\n"), Cow::Borrowed(_)));
        assert_eq!(printable_line("two\nlines\tand tab"), "two lines and tab");
    }
}
