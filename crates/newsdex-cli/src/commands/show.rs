//! `newsdex show ID`: one cleaned article with all its metadata, its
//! near-duplicates and its story.

use std::process::ExitCode;

use newsdex_core::{Article, NewsIndex};
use newsdex_query::render::text::printable_line;
use newsdex_query::{stories, SearchRequest, StoriesRequest, Story, DEFAULT_WINDOW_DAYS};

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
    let copies = near_duplicates(&index, &article)?;
    let story = story_of(&index, &article)?;
    if cmd.json {
        let mut value = serde_json::to_value(&article)?;
        if let Some(object) = value.as_object_mut() {
            object.insert("near_duplicates".into(), serde_json::to_value(&copies)?);
            object.insert("story".into(), serde_json::to_value(&story)?);
        }
        print(&newsdex_query::render::json::to_string_pretty(&value)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut text = newsdex_query::render::text::article(&article);
    text.push_str(&newsdex_query::render::stories::related(
        &copies,
        story.as_ref(),
    ));
    print(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// The other articles of its near-duplicate group, earliest first.
fn near_duplicates(index: &NewsIndex, article: &Article) -> anyhow::Result<Vec<Article>> {
    let Some(group) = index.dup_group(article.id.as_str())? else {
        return Ok(Vec::new());
    };
    let mut members = index.group_members(group)?;
    members.retain(|m| m.id != article.id);
    Ok(members)
}

/// The story it belongs to among the articles within the default window of
/// its day (none for an undated article).
fn story_of(index: &NewsIndex, article: &Article) -> anyhow::Result<Option<Story>> {
    let Some(day) = article.published else {
        return Ok(None);
    };
    let window = time::Duration::days(i64::from(DEFAULT_WINDOW_DAYS));
    let (Some(from), Some(to)) = (day.checked_sub(window), day.checked_add(window)) else {
        return Ok(None);
    };
    let search = SearchRequest::new("*").from(from).to(to);
    let found = stories(index, &StoriesRequest::new(search).limit(0))?;
    Ok(found
        .stories
        .into_iter()
        .find(|s| s.members.iter().any(|m| m == article.id.as_str())))
}
