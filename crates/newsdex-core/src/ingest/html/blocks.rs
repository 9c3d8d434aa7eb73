//! The fallback main-text finder: the element holding the most words in
//! paragraph-like blocks, the classic text-density heuristic that
//! Readability refines. [`super::read_page`] asks it only when the
//! Readability port finds almost nothing (fewer than
//! [`FALLBACK_BELOW_WORDS`] words), as it does on pages whose story sits
//! among markup that Readability scores as furniture.

use std::collections::HashMap;

use dom_query::{Document, NodeId};

use super::meta::squash;

/// Below this many words, the extractor's text is compared with this
/// module's.
pub const FALLBACK_BELOW_WORDS: usize = 150;

/// Blocks that carry running text.
const BLOCK_NAMES: [&str; 6] = ["p", "li", "h2", "h3", "blockquote", "pre"];
/// The same, as a selector.
const BLOCKS: &str = "p, li, h2, h3, blockquote, pre";

/// Elements that are never the story: removed before counting.
const FURNITURE: &str = "script, style, noscript, nav, header, footer, aside, form, figcaption";

/// A block shorter than this many words (a list item: 8) is not counted.
const MIN_BLOCK_WORDS: usize = 4;
const MIN_LIST_ITEM_WORDS: usize = 8;

/// The text of the element whose paragraph-like children (and, at half
/// weight, grandchildren) hold the most words: its blocks of
/// [`MIN_BLOCK_WORDS`] words or more, one paragraph each. Linear in the
/// page: the text read is capped at four times the page's length.
pub fn densest_blocks(html: &str) -> String {
    let doc = Document::from(html);
    doc.select(FURNITURE).remove();
    let budget = html.len().saturating_mul(4);
    let mut read = 0usize;
    let mut words_under: HashMap<NodeId, usize> = HashMap::new();
    let blocks = doc.select(BLOCKS);
    for block in blocks.nodes() {
        let text = block.text();
        read += text.len();
        if read > budget {
            break;
        }
        let words = text.split_whitespace().count();
        let is_item = block.node_name().is_some_and(|n| n.as_ref() == "li");
        if words < MIN_BLOCK_WORDS || (is_item && words < MIN_LIST_ITEM_WORDS) {
            continue;
        }
        if let Some(parent) = block.parent() {
            *words_under.entry(parent.id).or_default() += words;
            if let Some(grandparent) = parent.parent() {
                *words_under.entry(grandparent.id).or_default() += words / 2;
            }
        }
    }
    // The most words; among equals, the element first in the page.
    let Some(best) = words_under
        .iter()
        .max_by_key(|(id, words)| (**words, std::cmp::Reverse(**id)))
        .map(|(id, _)| *id)
    else {
        return String::new();
    };
    let Some(container) = blocks
        .nodes()
        .iter()
        .filter_map(|b| b.parent())
        .chain(blocks.nodes().iter().filter_map(|b| b.parent()?.parent()))
        .find(|n| n.id == best)
    else {
        return String::new();
    };
    let mut out = String::new();
    let mut read = 0usize;
    for block in container.descendants_it() {
        let is_block = block
            .node_name()
            .is_some_and(|n| BLOCK_NAMES.contains(&n.as_ref()));
        if !is_block {
            continue;
        }
        let text = squash(&block.text());
        read += text.len();
        if read > budget {
            break;
        }
        if text.split_whitespace().count() < MIN_BLOCK_WORDS {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&text);
    }
    out
}
