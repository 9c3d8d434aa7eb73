//! Text and CSV output of `newsdex stories` and `newsdex coverage` (their
//! `--json` is the [`crate::Stories`] and [`crate::Coverage`] objects
//! through [`super::json::to_string_pretty`]). Article text reaches the
//! terminal only through [`printable_line`].

use std::fmt::Write;

use crate::coverage::Coverage;
use crate::printable::printable_line;
use crate::stories::{Stories, StoryArticle};

fn article_line(article: &StoryArticle) -> String {
    format!(
        "{} · {} · {}",
        printable_line(&article.id),
        printable_line(&article.source),
        article.published.as_deref().unwrap_or("undated")
    )
}

/// One block per story: headline, first report, each outlet's first
/// article and delay, shared entities, timeline.
pub fn stories(found: &Stories) -> String {
    let mut out = String::new();
    for story in &found.stories {
        let title = if story.headline.is_empty() {
            "(no title)".into()
        } else {
            printable_line(&story.headline)
        };
        let _ = writeln!(
            out,
            "{:>3}. {title}\n     {} article{} · first reported by {} ({})",
            story.rank,
            story.articles,
            if story.articles == 1 { "" } else { "s" },
            printable_line(&story.first.source_name),
            article_line(&story.first),
        );
        for outlet in &story.outlets {
            let delay = match outlet.delay_days {
                Some(0) => "same day".to_string(),
                Some(1) => "+1 day".to_string(),
                Some(d) => format!("+{d} days"),
                None => "undated".to_string(),
            };
            let _ = writeln!(
                out,
                "     - {}: {} ({delay}, {} article{})",
                printable_line(&outlet.article.source_name),
                printable_line(&outlet.article.id),
                outlet.articles,
                if outlet.articles == 1 { "" } else { "s" },
            );
        }
        for (what, list) in [
            ("people", &story.people),
            ("countries", &story.countries),
            ("votes", &story.votes),
        ] {
            if !list.is_empty() {
                let _ = writeln!(out, "     {what}: {}", printable_line(&list.join(", ")));
            }
        }
        let _ = writeln!(out, "     timeline: {}\n", printable_line(&story.timeline));
    }
    let _ = writeln!(
        out,
        "{} matching article{} in {} stor{} (window {} day{}{})",
        found.articles,
        if found.articles == 1 { "" } else { "s" },
        found.total,
        if found.total == 1 { "y" } else { "ies" },
        found.window_days,
        if found.window_days == 1 { "" } else { "s" },
        if found.stories.len() < found.total {
            format!(", showing {}", found.stories.len())
        } else {
            String::new()
        }
    );
    out
}

/// A table: value, label, matches, total, share.
pub fn coverage(found: &Coverage) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:>8} {:>8} {:>7}  {}",
        "matches", "of", "share", found.by
    );
    for row in &found.rows {
        let _ = writeln!(
            out,
            "{:>8} {:>8} {:>6.1}%  {} ({})",
            row.matches,
            row.total,
            row.share * 100.0,
            printable_line(&row.value),
            printable_line(&row.label)
        );
    }
    let _ = writeln!(
        out,
        "{} matching article{}; share = matches / articles holding the value{}",
        found.matches,
        if found.matches == 1 { "" } else { "s" },
        if found.normalized {
            " (sorted by share)"
        } else {
            ""
        }
    );
    out
}

/// CSV with a header: `value,label,matches,total,share`.
pub fn coverage_csv(found: &Coverage) -> String {
    let field = |text: &str| {
        let text = printable_line(text);
        if text.contains([',', '"', '\n']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.into_owned()
        }
    };
    let mut out = String::from("value,label,matches,total,share\n");
    for row in &found.rows {
        let _ = writeln!(
            out,
            "{},{},{},{},{:.6}",
            field(&row.value),
            field(&row.label),
            row.matches,
            row.total,
            row.share
        );
    }
    out
}

/// What `newsdex show` adds after an article: its near-duplicates and its
/// story.
pub fn related(copies: &[newsdex_core::Article], story: Option<&crate::stories::Story>) -> String {
    let mut out = String::new();
    if copies.is_empty() {
        out.push_str("\nnear-duplicates: none\n");
    } else {
        let _ = writeln!(out, "\nnear-duplicates ({}):", copies.len());
        for copy in copies {
            let _ = writeln!(
                out,
                "  {} · {} · {}",
                printable_line(copy.id.as_str()),
                printable_line(&copy.source.id),
                copy.published
                    .map_or_else(|| "undated".to_string(), |d| d.to_string())
            );
        }
    }
    if let Some(story) = story {
        let _ = writeln!(
            out,
            "story: {} ({} article{}, first reported by {} on {})",
            printable_line(&story.headline),
            story.articles,
            if story.articles == 1 { "" } else { "s" },
            printable_line(&story.first.source_name),
            story.first.published.as_deref().unwrap_or("an unknown day"),
        );
        let _ = writeln!(
            out,
            "  articles: {}",
            printable_line(&story.members.join(", "))
        );
        let _ = writeln!(out, "  timeline: {}", printable_line(&story.timeline));
    }
    out
}
