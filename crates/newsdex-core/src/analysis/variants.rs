//! Spelling variants news outlets disagree on, folded to one token.
//!
//! Two kinds of rule, both applied identically at index and query time:
//! - multi-word variants from `variants.txt` ("cease fire" → `ceasefire`);
//! - acronyms: dotted forms are joined ("U.N." → `un`), and the upper-case
//!   forms of the United States ("US", "U.S.", "USA", "U.S.A.") become the
//!   token `usa`, so the pronoun "us" (written in lower or title case) never
//!   matches the country. A headline in ALL CAPS that says "US" meaning the
//!   pronoun is the accepted cost of that rule.

use rustc_hash::FxHashMap;

/// The shipped variant table.
const VARIANTS: &str = include_str!("variants.txt");

/// Folds multi-word variants to their canonical token.
#[derive(Debug, Clone, Default)]
pub struct VariantTable {
    /// First word → list of (remaining words, canonical), longest first.
    by_first: FxHashMap<String, Vec<(Vec<String>, String)>>,
    /// Longest variant, in words.
    max_words: usize,
}

impl VariantTable {
    /// The table shipped with newsdex.
    pub fn shipped() -> Self {
        Self::parse(VARIANTS)
    }

    /// Parses a table in the `variants.txt` format. Malformed lines (no `=`)
    /// are ignored; the shipped table is checked by a test.
    pub fn parse(text: &str) -> Self {
        let mut table = VariantTable::default();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split('=').map(str::trim);
            let Some(canonical) = parts.next().filter(|c| !c.is_empty()) else {
                continue;
            };
            for variant in parts {
                let words: Vec<String> = variant
                    .split_whitespace()
                    .map(|w| w.to_lowercase())
                    .collect();
                if words.len() < 2 {
                    continue;
                }
                table.max_words = table.max_words.max(words.len());
                table
                    .by_first
                    .entry(words[0].clone())
                    .or_default()
                    .push((words[1..].to_vec(), canonical.to_lowercase()));
            }
        }
        for list in table.by_first.values_mut() {
            list.sort_by_key(|entry| std::cmp::Reverse(entry.0.len()));
        }
        table
    }

    /// If `words[0..]` starts a variant, returns (words consumed, canonical).
    pub fn fold<'a>(&'a self, words: &[&str]) -> Option<(usize, &'a str)> {
        let first = words.first()?;
        let candidates = self.by_first.get(*first)?;
        candidates.iter().find_map(|(rest, canonical)| {
            let matches = rest.len() < words.len()
                && rest.iter().zip(&words[1..]).all(|(want, got)| want == got);
            matches.then_some((rest.len() + 1, canonical.as_str()))
        })
    }

    /// Whether some variant starts with `word` (a cheap pre-check).
    pub fn is_head(&self, word: &str) -> bool {
        self.by_first.contains_key(word)
    }

    /// Longest variant in words (how far the tokenizer must look ahead).
    pub fn max_words(&self) -> usize {
        self.max_words
    }

    /// Every rule of the table as (variant words, canonical token), sorted:
    /// what another engine's synonym rules are generated from (see
    /// `newsdex-export`), so that they never drift from this table.
    ///
    /// ```
    /// use newsdex_core::analysis::VariantTable;
    /// let table = VariantTable::parse("ceasefire = cease fire = cease - fire");
    /// let rules = table.rules();
    /// assert_eq!(rules[0], (vec!["cease".to_string(), "-".into(), "fire".into()], "ceasefire".to_string()));
    /// assert_eq!(rules.len(), 2);
    /// ```
    pub fn rules(&self) -> Vec<(Vec<String>, String)> {
        let mut rules: Vec<(Vec<String>, String)> = self
            .by_first
            .iter()
            .flat_map(|(first, list)| {
                list.iter().map(move |(rest, canonical)| {
                    let words = std::iter::once(first).chain(rest).cloned().collect();
                    (words, canonical.clone())
                })
            })
            .collect();
        rules.sort();
        rules
    }
}

impl VariantTable {
    /// The shipped table, parsed once per process and shared.
    pub(crate) fn shared() -> std::sync::Arc<VariantTable> {
        static TABLE: std::sync::OnceLock<std::sync::Arc<VariantTable>> =
            std::sync::OnceLock::new();
        TABLE
            .get_or_init(|| std::sync::Arc::new(VariantTable::shipped()))
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_table_parses_every_line() {
        let table = VariantTable::shipped();
        let lines = VARIANTS
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .count();
        let entries: usize = table.by_first.values().map(Vec::len).sum();
        assert_eq!(entries, lines);
        assert_eq!(
            table.fold(&["cease", "fire", "now"]),
            Some((2, "ceasefire"))
        );
        assert_eq!(table.fold(&["cease"]), None);
        assert_eq!(table.fold(&["fire", "cease"]), None);
    }
}
