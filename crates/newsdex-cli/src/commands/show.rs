//! `newsdex show ID`: one cleaned article with all its metadata.

use std::fmt::Write;
use std::process::ExitCode;

use super::{open_for_reading, UsageError};
use crate::cli::ShowCmd;
use crate::output::{print, Output};

pub fn run(cmd: ShowCmd, out: Output) -> anyhow::Result<ExitCode> {
    let index = open_for_reading(&cmd.index, out)?;
    let Some(article) = index.article(&cmd.id)? else {
        return Err(UsageError(format!("no article with id `{}` in the index", cmd.id)).into());
    };
    if cmd.json {
        print(&serde_json::to_string_pretty(&article)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut text = String::new();
    let meta = &article.metadata;
    let _ = writeln!(
        text,
        "{}",
        if article.title.is_empty() {
            "(no title)"
        } else {
            &article.title
        }
    );
    let _ = writeln!(text, "id:         {}", article.id);
    let _ = writeln!(
        text,
        "source:     {} ({})",
        article.source.name, article.source.id
    );
    if let Some(date) = article.published {
        let _ = writeln!(text, "published:  {date}");
    }
    if let Some(dateline) = &article.dateline {
        let _ = writeln!(text, "dateline:   {dateline}");
    }
    if !article.authors.is_empty() {
        let _ = writeln!(text, "authors:    {}", article.authors.join(", "));
    }
    if let Some(url) = &article.url {
        let _ = writeln!(text, "url:        {url}");
    }
    let list = |items: &[String]| {
        if items.is_empty() {
            "-".to_string()
        } else {
            items.join(", ")
        }
    };
    let _ = writeln!(text, "about:      {}", list(&meta.countries_about));
    let _ = writeln!(text, "countries:  {}", list(&meta.countries_mentioned));
    let people: Vec<String> = meta
        .people
        .iter()
        .map(|p| match p.roles.first() {
            Some(role) => format!("{} ({role})", p.name),
            None => p.name.clone(),
        })
        .collect();
    let _ = writeln!(text, "people:     {}", list(&people));
    for vote in &meta.votes {
        let ballots: Vec<String> = vote
            .ballots
            .iter()
            .map(|b| format!("{}: {}", b.ballot, b.member))
            .collect();
        let _ = writeln!(
            text,
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
        );
    }
    for quote in &meta.quotes {
        let _ = writeln!(
            text,
            "quote:      “{}” — {}",
            quote.text,
            quote.speaker.as_deref().unwrap_or("unattributed")
        );
    }
    for caption in &article.captions {
        let _ = writeln!(text, "caption:    {caption}");
    }
    let _ = writeln!(text, "\n{}", article.body);
    print(&text)?;
    Ok(ExitCode::SUCCESS)
}
