//! The organisation gazetteers parsed: `orgs.tsv` rows, the company lists
//! and the pattern word lists of `orgs.toml`; slugs and the normal form of
//! user input.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;
use serde::Deserialize;

/// The hand-kept gazetteer.
const ORGS_TSV: &str = include_str!("../gazetteer/orgs.tsv");
/// Companies generated from `pytickersymbols` (see `generate_companies.py`).
const COMPANIES: &str = include_str!("../gazetteer/companies.txt");
/// Hand-kept companies.
const COMPANIES_CURATED: &str = include_str!("../gazetteer/companies_curated.txt");
/// The patterns' word lists.
const WORD_LISTS: &str = include_str!("../gazetteer/orgs.toml");

/// What a gazetteer row gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// The display name (also matched in text).
    Label,
    /// Another name, matched in text.
    Name,
    /// Accepted from users only.
    Input,
}

/// One row of `orgs.tsv`, or a company.
#[derive(Debug, Clone, Copy)]
pub(super) struct Row {
    pub(super) slug: &'static str,
    pub(super) kind: Kind,
    pub(super) text: &'static str,
    /// Same case as written.
    pub(super) exact: bool,
    /// Counts only when the story names the top-level organisation
    /// otherwise.
    pub(super) ctx: bool,
    /// Not matched in an all-capitals headline.
    pub(super) noshout: bool,
}

/// The rows of `orgs.tsv` (in file order). Rows with an unknown kind are
/// skipped (a unit test checks there are none).
pub(super) fn rows() -> impl Iterator<Item = Row> {
    ORGS_TSV.lines().filter_map(parse_row)
}

/// The lines of `orgs.tsv`, rows or not (see [`parse_row`]), with their
/// first column (a row's slug, untrimmed).
pub(super) fn row_lines() -> impl Iterator<Item = (&'static str, &'static str)> {
    crate::extract::labels::lines_and_first_columns(ORGS_TSV)
}

/// One line of `orgs.tsv` as a row; `None` for a blank line, a comment or
/// a line that is no row.
pub(super) fn parse_row(line: &'static str) -> Option<Row> {
    if line.trim().is_empty() || line.starts_with('#') {
        return None;
    }
    let mut cols = line.split('\t');
    let slug = cols.next()?.trim();
    let kind = match cols.next()?.trim() {
        "label" => Kind::Label,
        "name" => Kind::Name,
        "input" => Kind::Input,
        _ => return None,
    };
    let text = cols.next()?.trim();
    let mut row = Row {
        slug,
        kind,
        text,
        exact: false,
        ctx: false,
        noshout: false,
    };
    for flag in cols.flat_map(str::split_whitespace) {
        match flag {
            "exact" => row.exact = true,
            "ctx" => row.ctx = true,
            "noshout" => row.noshout = true,
            _ => return None,
        }
    }
    (!slug.is_empty() && !text.is_empty()).then_some(row)
}

/// The companies of both lists: their names as matched (the second
/// column), generated ones first.
pub(super) fn companies() -> impl Iterator<Item = &'static str> {
    COMPANIES
        .lines()
        .chain(COMPANIES_CURATED.lines())
        .filter_map(company_name)
}

/// The companies' names (as [`companies`] gives them) that may make one of
/// `slugs`: those whose first letter or digit is a slug's first, read
/// without building the others.
pub(super) fn company_names_of<'a>(slugs: &'a [&str]) -> impl Iterator<Item = &'static str> + 'a {
    let mut firsts = [false; 256];
    for slug in slugs {
        if let Some(&b) = slug.as_bytes().first() {
            firsts[usize::from(b)] = true;
        }
    }
    COMPANIES
        .lines()
        .chain(COMPANIES_CURATED.lines())
        .filter(move |line| {
            // The display name (first column) is skipped to the name as
            // matched: its first letter or digit is the slug's first (a
            // name that is not ASCII is always read).
            let name = line.split_once('\t').map_or("", |(_, rest)| rest);
            match name
                .bytes()
                .find(|b| !b.is_ascii() || b.is_ascii_alphanumeric())
            {
                Some(b) if b.is_ascii() => firsts[usize::from(b.to_ascii_lowercase())],
                _ => true,
            }
        })
        .filter_map(company_name)
}

/// The name as matched of a company list's line; `None` for a blank line,
/// a comment or a line without one.
fn company_name(line: &str) -> Option<&str> {
    if line.trim().is_empty() || line.starts_with('#') {
        return None;
    }
    let name = line.split('\t').nth(1)?.trim();
    (!name.is_empty()).then_some(name)
}

/// Whether `words` (as written) are a company's name in the company lists:
/// "Merrill Lynch", "Morgan Stanley". Used by the people extractor, which
/// never takes a company for a person. Names of one word are never looked
/// up (a surname may be a company's too).
pub(crate) fn is_company_name<'a>(words: impl IntoIterator<Item = &'a str>) -> bool {
    static NAMES: OnceLock<FxHashSet<String>> = OnceLock::new();
    let names = NAMES.get_or_init(|| {
        companies()
            .map(normalize)
            .filter(|key| key.contains(' '))
            .collect()
    });
    // The normal form (see `normalize`) built directly: a NUL marks a
    // pending word break.
    let mut key = String::with_capacity(32);
    for word in words {
        if !word.is_ascii() {
            // Every listed name is ASCII (see `generate_companies.py`).
            return false;
        }
        for b in word.bytes() {
            if b.is_ascii_alphanumeric() {
                if key.ends_with('\0') {
                    key.pop();
                    key.push(' ');
                }
                key.push(char::from(b.to_ascii_lowercase()));
            } else if b != b'.' && b != b'\'' && !key.is_empty() && !key.ends_with('\0') {
                key.push('\0');
            }
        }
        if !key.is_empty() && !key.ends_with('\0') {
            key.push('\0');
        }
    }
    if key.ends_with('\0') {
        key.pop();
    }
    key.contains(' ') && names.contains(&key)
}

/// Whether a word is a legal form that ends a company's name ("Corp",
/// "Inc.", "AG"): capitalised and in `orgs.toml`'s `corporate_suffixes`.
pub(crate) fn is_legal_form(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_uppercase())
        && word.len() <= 16
        && word_lists()
            .corporate_suffixes
            .contains(&word.replace('.', "").to_ascii_lowercase())
}

/// `orgs.toml` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WordListsToml {
    corporate_suffixes: Vec<String>,
    party_words: Vec<String>,
    not_name: Vec<String>,
}

/// The patterns' word lists, as sets of folded words.
pub(super) struct WordLists {
    /// Legal forms that end a company's name ("corp").
    pub(super) corporate_suffixes: FxHashSet<String>,
    /// Words that end a party's name ("party").
    pub(super) party_words: FxHashSet<String>,
    /// Words never inside a name found by a pattern ("the").
    pub(super) not_name: FxHashSet<String>,
    /// Bit `len` of entry `first - b'a'`: whether a legal form or party
    /// word of that folded length starts with that letter. Most
    /// capitalised words fail it and are never folded and hashed.
    end_words: [u32; 26],
}

impl WordLists {
    /// Whether `word` may be a legal form or a party word: its first
    /// letter and its length without dots fit one of them.
    #[inline]
    pub(super) fn may_end_name(&self, word: &str) -> bool {
        let bytes = word.as_bytes();
        let Some(first) = bytes.first().filter(|b| b.is_ascii_alphabetic()) else {
            return false;
        };
        let len = bytes.len() - bytes.iter().filter(|b| **b == b'.').count();
        len < 32 && self.end_words[usize::from(first.to_ascii_lowercase() - b'a')] & (1 << len) != 0
    }
}

/// The process-wide word lists, parsed on first use.
pub(super) fn word_lists() -> &'static WordLists {
    static LISTS: OnceLock<WordLists> = OnceLock::new();
    LISTS.get_or_init(|| {
        // Checked by a unit test: a failure here is a broken build.
        let lists: WordListsToml =
            toml::from_str(WORD_LISTS).expect("gazetteer/orgs.toml is a valid word list file");
        let mut end_words = [0u32; 26];
        for word in lists.corporate_suffixes.iter().chain(&lists.party_words) {
            let len = word.len();
            if let Some(first) = word.bytes().next().filter(u8::is_ascii_lowercase) {
                if len < 32 {
                    end_words[usize::from(first - b'a')] |= 1 << len;
                }
            }
        }
        let set = |words: Vec<String>| words.into_iter().collect();
        WordLists {
            corporate_suffixes: set(lists.corporate_suffixes),
            party_words: set(lists.party_words),
            not_name: set(lists.not_name),
            end_words,
        }
    })
}

/// The slug of a name: ASCII-folded, lowercase, apostrophes and dots
/// dropped, every other run of non-alphanumerics one `-`.
///
/// "Diamond Shamrock" → `diamond-shamrock`, "People's Bank" →
/// `peoples-bank`, "Médecins Sans Frontières" → `medecins-sans-frontieres`.
pub(super) fn slug_of(name: &str) -> String {
    let folded = deunicode::deunicode(name);
    let mut out = String::with_capacity(folded.len());
    let mut dash = false;
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else if !matches!(c, '\'' | '.') {
            dash = true;
        }
    }
    out
}

/// Whether [`slug_of`]`(name)` is `slug`, for an ASCII name without
/// building the slug: most names differ from it in their first letter.
pub(super) fn slug_is(name: &str, slug: &str) -> bool {
    if !name.is_ascii() {
        return slug_of(name) == slug;
    }
    let mut want = slug.bytes();
    let mut started = false;
    let mut dash = false;
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() {
            if dash && started && want.next() != Some(b'-') {
                return false;
            }
            dash = false;
            started = true;
            if want.next() != Some(b.to_ascii_lowercase()) {
                return false;
            }
        } else if !matches!(b, b'\'' | b'.') {
            dash = true;
        }
    }
    want.next().is_none()
}

/// The normal form of user input and aliases: lowercase ASCII words
/// separated by one space; `-`, `_` and `/` separate words, dots and
/// apostrophes are dropped ("U.N." → `un`, `un/security-council` → `un
/// security council`).
pub(super) fn normalize(text: &str) -> String {
    slug_of(text).replace('-', " ")
}
