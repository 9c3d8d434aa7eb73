//! Sources: the registry of known outlets (ids, names, aliases) and the
//! detection of an article's outlet from its text when no metadata gives
//! it. Rules live in `rules/sources.toml`; a text gets a source only when
//! exactly one outlet's rules match, else [`Source::unknown`] — never a
//! guess.

use std::sync::OnceLock;

use regex::RegexSet;
use serde::Deserialize;

use crate::article::Source;
use crate::error::{Error, Result};

const SHIPPED: &str = include_str!("rules/sources.toml");

#[derive(Deserialize)]
struct SourcesFile {
    source: Vec<SourceRule>,
}

#[derive(Deserialize)]
struct SourceRule {
    id: String,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    domains: Vec<String>,
    #[serde(default)]
    patterns: Vec<String>,
}

/// The known outlets and their detection rules.
#[derive(Debug)]
pub struct SourceRegistry {
    sources: Vec<(Source, Vec<String>)>,
    /// All patterns of all sources in one set, with the owning source index.
    patterns: RegexSet,
    owner: Vec<usize>,
    /// Web domains (lowercase) and the index of their source.
    domains: Vec<(String, usize)>,
}

impl SourceRegistry {
    /// Parses a registry in the `sources.toml` format.
    pub fn parse(text: &str) -> Result<Self> {
        let invalid = |message: String| Error::InvalidData {
            what: "source rules".into(),
            message,
        };
        let file: SourcesFile = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        let mut sources = Vec::new();
        let mut patterns = Vec::new();
        let mut owner = Vec::new();
        let mut domains = Vec::new();
        for (i, rule) in file.source.into_iter().enumerate() {
            for domain in rule.domains {
                domains.push((domain.trim().to_lowercase(), i));
            }
            for pattern in rule.patterns {
                patterns.push(pattern);
                owner.push(i);
            }
            let source = Source {
                id: rule.id.to_lowercase(),
                name: rule.name,
            };
            sources.push((source, rule.aliases));
        }
        let patterns = RegexSet::new(&patterns).map_err(|e| invalid(e.to_string()))?;
        Ok(SourceRegistry {
            sources,
            patterns,
            owner,
            domains,
        })
    }

    /// The registry shipped with newsdex, built once.
    pub fn shipped() -> &'static SourceRegistry {
        static SHIPPED_REGISTRY: OnceLock<SourceRegistry> = OnceLock::new();
        SHIPPED_REGISTRY.get_or_init(|| {
            // Checked by a unit test: a failure here is a broken build.
            SourceRegistry::parse(SHIPPED).expect("shipped source rules are valid")
        })
    }

    /// Detects the outlet from raw text: the one source whose rules match,
    /// or unknown when none or several do.
    pub fn detect(&self, raw_text: &str) -> Source {
        let mut matched: Vec<usize> = self
            .patterns
            .matches(raw_text)
            .into_iter()
            .map(|i| self.owner[i])
            .collect();
        matched.dedup();
        match matched.as_slice() {
            [one] => self.sources[*one].0.clone(),
            _ => Source::unknown(),
        }
    }

    /// Resolves user input (`ft`, `FT`, `Financial Times`) to a known source.
    pub fn resolve(&self, input: &str) -> Option<&Source> {
        let wanted = input.trim().to_lowercase();
        self.sources
            .iter()
            .find(|(source, aliases)| {
                source.id == wanted
                    || source.name.to_lowercase() == wanted
                    || aliases.iter().any(|a| a.to_lowercase() == wanted)
            })
            .map(|(source, _)| source)
    }

    /// The source a web host belongs to: one of its `domains` or a
    /// subdomain of one (`www.ft.com`, `markets.ft.com` → `ft`).
    pub fn by_domain(&self, host: &str) -> Option<&Source> {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.domains
            .iter()
            .find(|(domain, _)| {
                host == *domain
                    || host
                        .strip_suffix(domain.as_str())
                        .is_some_and(|sub| sub.ends_with('.'))
            })
            .map(|(_, i)| &self.sources[*i].0)
    }

    /// The name of a known source id.
    pub fn name(&self, id: &str) -> Option<&str> {
        self.sources
            .iter()
            .find(|(source, _)| source.id == id)
            .map(|(source, _)| source.name.as_str())
    }
}

/// Detects the publishing outlet from an article's raw text, or
/// [`Source::unknown`] when no rule decides.
///
/// ```
/// use newsdex_core::extract::source::detect_source;
/// let text = "Talks stall\n\nBody.\n\nCopyright The Financial Times Limited 2024. All rights reserved.";
/// assert_eq!(detect_source(text).id, "ft");
/// assert!(detect_source("No clue here.").is_unknown());
/// ```
#[cfg(test)]
pub(crate) fn detect_source(raw_text: &str) -> Source {
    SourceRegistry::shipped().detect(raw_text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Unicode `\b` sends every article with a non-ASCII character to the
    /// regex crate's slowest engine; the shipped rules use `(?-u:\b)`.
    #[test]
    fn shipped_rules_use_ascii_word_boundaries() {
        let bare = SHIPPED.lines().filter(|l| !l.trim_start().starts_with('#'));
        for line in bare {
            assert!(
                !line.replace("(?-u:\\b)", "").contains("\\b"),
                "Unicode word boundary in {line}"
            );
        }
    }

    #[test]
    fn shipped_rules_parse() {
        let registry = SourceRegistry::parse(SHIPPED).unwrap();
        assert!(registry.sources.len() >= 10);
    }

    #[test]
    fn bundled_articles_without_metadata() {
        let abc = include_str!("../../../../data/001_cf887b448339b9f4.txt");
        let ft = include_str!("../../../../data/004_06944581988b0e46.txt");
        assert_eq!(detect_source(abc).id, "abc");
        assert_eq!(detect_source(abc).name, "ABC News");
        assert_eq!(detect_source(ft).id, "ft");
        // 000 (NBC) carries only generic furniture and agency credits: unknown.
        let nbc = include_str!("../../../../data/000_df541e715b24961e.txt");
        assert!(detect_source(nbc).is_unknown());
    }

    #[test]
    fn ambiguous_or_missing_clues_are_unknown() {
        assert!(detect_source("Plain text with no credit line.").is_unknown());
        let both = "Copyright The Financial Times Limited 2024.\nCopyright © 2024, ABC Audio.";
        assert!(
            detect_source(both).is_unknown(),
            "two outlets match: no guess"
        );
        // A photo agency credit is not the publisher.
        assert!(detect_source("Smoke rises © AFP/Getty Images").is_unknown());
    }

    #[test]
    fn resolves_ids_names_and_aliases() {
        let registry = SourceRegistry::shipped();
        for input in ["ft", "FT", "Financial Times", "the financial times"] {
            assert_eq!(
                registry.resolve(input).map(|s| s.id.as_str()),
                Some("ft"),
                "{input}"
            );
        }
        assert_eq!(registry.name("latimes"), Some("Los Angeles Times"));
        assert_eq!(
            registry.by_domain("www.ft.com").map(|s| s.id.as_str()),
            Some("ft")
        );
        assert_eq!(
            registry.by_domain("markets.FT.com").map(|s| s.id.as_str()),
            Some("ft")
        );
        assert!(registry.by_domain("notft.com").is_none());
        assert!(registry.resolve("nonsense").is_none());
    }
}
