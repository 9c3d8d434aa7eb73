//! HTML fragments (a feed item's `content:encoded` or `description`) as
//! plain text: paragraphs separated by blank lines, captions apart.
//!
//! The fragment is parsed by html5ever (through `scraper`), as a browser
//! would, so unclosed tags, stray `</p>`s and entities are handled by the
//! HTML5 rules rather than by patterns. Block elements (`<p>`, `<div>`,
//! headings, list items, …) end a paragraph; `<br>` is a line break;
//! `<script>`, `<style>`, `<iframe>` and the like are dropped with their
//! content; `<figcaption>` goes to the captions. White space is collapsed
//! as a browser displays it. The tree is walked without recursion, so
//! nesting depth costs no stack.

use scraper::node::Node;
use scraper::Html;

/// A fragment's text and captions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FragmentText {
    /// Paragraphs separated by blank lines; lines within a paragraph by
    /// `\n` (from `<br>`).
    pub text: String,
    /// Each `<figcaption>`'s text, in order.
    pub captions: Vec<String>,
}

/// Elements whose content is never text.
const DROPPED: &[&str] = &[
    "script", "style", "iframe", "noscript", "template", "object", "embed", "svg", "math",
    "canvas", "video", "audio", "select", "button", "head",
];

/// Elements that end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "nav",
    "blockquote",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "figure",
    "hr",
    "address",
    "details",
    "summary",
    "form",
    "fieldset",
    "center",
    "body",
    "html",
];

/// Turns an HTML fragment into paragraphs of text and its captions.
///
/// ```
/// use newsdex_core::ingest::markup::fragment_text;
/// let got = fragment_text("<p>Grain &amp; oil<br>rose.</p><script>x()</script><p>Talks <b>ended</b>.</p>\
///     <figure><img src=a.jpg><figcaption>A silo.</figcaption></figure>");
/// assert_eq!(got.text, "Grain & oil\nrose.\n\nTalks ended.");
/// assert_eq!(got.captions, ["A silo."]);
/// ```
pub fn fragment_text(html: &str) -> FragmentText {
    let fragment = Html::parse_fragment(html);
    let mut out = Collector::default();
    let mut dropped = 0usize;
    let mut caption_depth = 0usize;
    for edge in fragment.root_element().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) => match node.value() {
                Node::Element(element) => {
                    let name = element.name();
                    if DROPPED.contains(&name) {
                        dropped += 1;
                    } else if dropped > 0 {
                    } else if name == "figcaption" {
                        caption_depth += 1;
                    } else if name == "br" {
                        out.line_break(caption_depth > 0);
                    } else if BLOCKS.contains(&name) && caption_depth == 0 {
                        out.end_paragraph();
                    } else if matches!(name, "td" | "th") {
                        out.push_text(" ", caption_depth > 0);
                    }
                }
                Node::Text(text) if dropped == 0 => out.push_text(text, caption_depth > 0),
                _ => {}
            },
            ego_tree::iter::Edge::Close(node) => {
                if let Node::Element(element) = node.value() {
                    let name = element.name();
                    if DROPPED.contains(&name) {
                        dropped = dropped.saturating_sub(1);
                    } else if dropped > 0 {
                    } else if name == "figcaption" {
                        caption_depth = caption_depth.saturating_sub(1);
                        if caption_depth == 0 {
                            out.end_caption();
                        }
                    } else if BLOCKS.contains(&name) && caption_depth == 0 {
                        out.end_paragraph();
                    }
                }
            }
        }
    }
    out.end_paragraph();
    out.end_caption();
    FragmentText {
        text: out.paragraphs.join("\n\n"),
        captions: out.captions,
    }
}

/// Text as it is walked: the paragraph and caption being read.
#[derive(Default)]
struct Collector {
    paragraphs: Vec<String>,
    current: String,
    captions: Vec<String>,
    caption: String,
}

impl Collector {
    fn push_text(&mut self, text: &str, in_caption: bool) {
        let target = if in_caption {
            &mut self.caption
        } else {
            &mut self.current
        };
        // White space of any kind is a space here; lines come from `<br>`.
        target.extend(
            text.chars()
                .map(|c| if c.is_whitespace() { ' ' } else { c }),
        );
    }

    fn line_break(&mut self, in_caption: bool) {
        if in_caption {
            self.caption.push(' ');
        } else {
            self.current.push('\n');
        }
    }

    fn end_paragraph(&mut self) {
        let paragraph = collapse(&std::mem::take(&mut self.current));
        if !paragraph.is_empty() {
            self.paragraphs.push(paragraph);
        }
    }

    fn end_caption(&mut self) {
        let caption = collapse(&std::mem::take(&mut self.caption)).replace('\n', " ");
        if !caption.is_empty() {
            self.captions.push(caption);
        }
    }
}

/// Collapses runs of spaces in each line, trims lines and drops empty ones.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split('\n') {
        let mut words = line.split(' ').filter(|w| !w.is_empty()).peekable();
        if words.peek().is_none() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        for (i, word) in words.enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_breaks_entities_and_dropped_elements() {
        let got = fragment_text(
            "<h2>Harvest  news</h2>\n<div>Wheat &eacute;t&#233; <i>rose</i>\n 3%.<br/>Maize fell.</div>\
             <style>p{color:red}</style><iframe src=x>frame text</iframe>\
             <ul><li>One</li><li>Two</li></ul><p>Unclosed <b>bold",
        );
        assert_eq!(
            got.text,
            "Harvest news\n\nWheat été rose 3%.\nMaize fell.\n\nOne\n\nTwo\n\nUnclosed bold"
        );
        assert!(got.captions.is_empty());
    }

    #[test]
    fn captions_are_kept_apart_and_text_without_markup_is_one_paragraph() {
        let got = fragment_text(
            "Lead text <figure><img src=x.jpg><figcaption>Farmers <br>at work.</figcaption></figure> after.",
        );
        assert_eq!(got.text, "Lead text\n\nafter.");
        assert_eq!(got.captions, ["Farmers at work."]);
        assert_eq!(fragment_text("just words &lt;b&gt;").text, "just words <b>");
        assert_eq!(fragment_text("").text, "");
    }

    /// Many paragraphs and deep inline nesting read in linear time and
    /// memory (the walk uses no recursion).
    #[test]
    fn fragments_read_in_linear_time() {
        let run = |html: &String| {
            std::hint::black_box(fragment_text(html));
        };
        crate::growth::assert_linear(
            "markup deep inline nesting",
            1 << 13,
            |n| "<span>".repeat(n / 6) + "deep",
            run,
        );
        crate::growth::assert_linear(
            "markup many paragraphs",
            1 << 15,
            |n| "<p>Grain &amp; oil rose.</p>".repeat(n / 28),
            run,
        );
    }
}
