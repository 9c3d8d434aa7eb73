//! `newsdex show ID`: one cleaned article with all its metadata.

use std::fmt::Write;
use std::process::ExitCode;

use newsdex_query::render::text::{printable, printable_line};

use super::{open_for_reading, UsageError};
use crate::cli::ShowCmd;
use crate::output::{print, Output};

pub fn run(cmd: ShowCmd, out: Output) -> anyhow::Result<ExitCode> {
    let index = open_for_reading(&cmd.index, out)?;
    let Some(article) = index.article(&cmd.id)? else {
        return Err(UsageError(format!(
            "no article with id `{}` in the index",
            printable_line(&cmd.id)
        ))
        .into());
    };
    if cmd.json {
        print(&newsdex_query::render::json::to_string_pretty(&article)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    // Each metadata value is article text: its control characters and bidi
    // overrides are shown, never passed to the terminal, and a newline in
    // it cannot start a line of its own.
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
    // The body keeps its paragraphs (newlines) and tabs.
    let _ = writeln!(text, "\n{}", printable(&article.body));
    print(&text)?;
    Ok(ExitCode::SUCCESS)
}
