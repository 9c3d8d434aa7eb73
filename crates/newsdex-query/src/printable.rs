//! Making outside text safe for a terminal.
//!
//! A leaf module: it imports nothing from the crate, so both
//! [`crate::error`] (whose messages quote user input) and
//! [`crate::render::text`] can use it without an import cycle.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether a terminal could act on `c` rather than show it: C0 controls,
/// DEL, C1 controls (U+0080–U+009F) and the bidirectional embeddings,
/// overrides and isolates (U+202A–U+202E, U+2066–U+2069), which reorder
/// the text after them.
fn is_unprintable(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` safe to print on a terminal: each character a terminal could
/// act on — C0 controls, DEL, C1 controls, bidirectional overrides and
/// isolates (U+202A–U+202E, U+2066–U+2069) — is spelled out (`\x1b`,
/// `\u{202e}`), except `\n` and `\t`, kept for layout. Borrows when
/// nothing changes.
///
/// ```
/// use newsdex_query::render::text::printable;
/// assert_eq!(printable("a\x1b[2Jb\n\tc"), "a\\x1b[2Jb\n\tc");
/// assert_eq!(printable("\u{202e}txt.exe"), "\\u{202e}txt.exe");
/// ```
pub fn printable(text: &str) -> Cow<'_, str> {
    spell_out(text, |c| is_unprintable(c) && c != '\n' && c != '\t')
}

/// [`printable`] for text shown on one line: `\n` and `\t` become spaces
/// as well, and every other control character is spelled out.
///
/// ```
/// use newsdex_query::render::text::printable_line;
/// assert_eq!(printable_line("Title\x1b]0;pwned\x07\nnext"), "Title\\x1b]0;pwned\\x07 next");
/// ```
pub fn printable_line(text: &str) -> Cow<'_, str> {
    let spelled = spell_out(text, |c| is_unprintable(c) && c != '\n' && c != '\t');
    if spelled.contains(['\n', '\t']) {
        Cow::Owned(spelled.replace(['\n', '\t'], " "))
    } else {
        spelled
    }
}

fn spell_out(text: &str, unsafe_char: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !unsafe_char(c) {
            out.push(c);
        } else if u32::from(c) <= 0xff {
            let _ = write!(out, "\\x{:02x}", u32::from(c));
        } else {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
    Cow::Owned(out)
}
