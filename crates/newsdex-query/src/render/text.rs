//! Human-readable output: one block per hit (rank, id, source, date,
//! headline, snippet), then facet counts when asked.

use std::fmt::Write;

use crate::facets::FacetCount;
use crate::search::SearchResults;

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
        let date = hit.published.as_deref().unwrap_or("undated");
        let title = if hit.title.is_empty() {
            "(no title)"
        } else {
            &hit.title
        };
        let _ = writeln!(
            out,
            "{rank:>3}. {bold}{title}{reset}\n     {dim}{id} · {source} · {date}{score}{reset}",
            rank = hit.rank,
            id = hit.id,
            source = hit.source,
            score = hit
                .score
                .map(|s| format!(" · score {s:.2}"))
                .unwrap_or_default(),
        );
        let (open, close) = if color { (BOLD, RESET) } else { ("[", "]") };
        let snippet = hit.snippet.marked(open, close, |s| s.replace('\n', " "));
        if !snippet.is_empty() {
            let _ = writeln!(out, "     {snippet}");
        }
        if let Some(explanation) = &hit.explanation {
            for line in explanation.lines() {
                let _ = writeln!(out, "     {dim}{line}{reset}");
            }
        }
        out.push('\n');
    }
    let shown = results.hits.len();
    let first = results.hits.first().map_or(0, |h| h.rank);
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

/// One line per facet value: count, value, label.
pub fn facet_lines(counts: &[FacetCount]) -> String {
    let mut out = String::new();
    for c in counts {
        if c.label == c.value {
            let _ = writeln!(out, "  {:>6}  {}", c.count, c.value);
        } else {
            let _ = writeln!(out, "  {:>6}  {}  ({})", c.count, c.value, c.label);
        }
    }
    out
}
