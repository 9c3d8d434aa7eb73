//! Organisation extraction on invented sentences.

use super::*;
use crate::extract::input::ExtractInput;

fn slugs(title: &str, body: &str) -> Vec<String> {
    let input = ExtractInput {
        title,
        dateline: None,
        body,
        captions: &[],
    };
    OrgExtractor::new()
        .extract(&input)
        .into_iter()
        .map(|o| o.slug)
        .collect()
}
