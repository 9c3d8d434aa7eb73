//! Per-article metadata kept beside plain-text articles in `articles.toml`:
//! source id and name, publication date, and a title where the text has none.
//!
//! ```toml
//! [[article]]
//! id = "004_06944581988b0e46"     # the file stem (name without extension)
//! source = "ft"
//! source_name = "Financial Times"
//! published = "2024-03-25"        # or unquoted: published = 2024-03-25
//! title = "UN Security Council demands Gaza ceasefire"   # optional
//! url = "https://…"                                      # optional
//! authors = ["…"]                                         # optional
//! ```
//!
//! One bad entry loses only itself: each `[[article]]` is read on its own,
//! and what cannot be used is listed in [`Sidecar::problems`] with its line
//! and the entry's id. An entry whose only fault is its date keeps its other
//! fields. A file that is not TOML at all is one problem, and no entries.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

/// Name of the metadata file looked for in each directory.
pub const SIDECAR_FILE_NAME: &str = "articles.toml";

/// One article's metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SidecarEntry {
    /// The article file's stem (its name without the extension).
    pub id: String,
    /// Source id, e.g. `ft`.
    pub source: Option<String>,
    /// Source name, e.g. `Financial Times`.
    pub source_name: Option<String>,
    /// Publication date, `YYYY-MM-DD` (a TOML date, quoted or not) or RFC
    /// 3339; `None` after [`Sidecar::parse`] when it is not a date.
    pub published: Option<String>,
    /// Headline, for texts that have none.
    pub title: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Bylines.
    #[serde(default)]
    pub authors: Vec<String>,
}

/// Something in an `articles.toml` that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SidecarProblem {
    /// 1-based line where it is, when known.
    pub line: Option<usize>,
    /// What is wrong, naming the entry by its id (one line).
    pub message: String,
}

/// The `article` entries of a file, each with its span (for its line).
#[derive(Deserialize)]
struct Entries {
    #[serde(default)]
    article: Option<toml::Spanned<Vec<toml::Spanned<toml::Value>>>>,
}

/// The metadata of one directory, by file stem.
#[derive(Debug, Clone, Default)]
pub struct Sidecar {
    entries: HashMap<String, SidecarEntry>,
    problems: Vec<SidecarProblem>,
}

impl Sidecar {
    /// Parses an `articles.toml`. Never fails as a whole: the usable entries
    /// are kept and the rest is listed in [`Sidecar::problems`].
    pub fn parse(text: &str) -> Self {
        let mut sidecar = Sidecar::default();
        // Offsets of the line breaks, found once: a line is a binary search
        // (counting from the start for each entry made many entries
        // quadratic).
        let breaks: Vec<usize> = text
            .bytes()
            .enumerate()
            .filter_map(|(i, b)| (b == b'\n').then_some(i))
            .collect();
        let line_at = |offset: usize| 1 + breaks.partition_point(|&b| b < offset);
        let error_problem = |err: toml::de::Error| SidecarProblem {
            line: err.span().map(|span| line_at(span.start)),
            message: one_line(err.message()),
        };
        // The whole file as a table first: syntax errors and unknown keys.
        let table: toml::Table = match toml::from_str(text) {
            Ok(table) => table,
            Err(err) => {
                sidecar.problems.push(error_problem(err));
                return sidecar;
            }
        };
        for key in table.keys().filter(|k| k.as_str() != "article") {
            sidecar.problems.push(SidecarProblem {
                line: None,
                message: format!("unknown key `{key}` (entries are [[article]] tables)"),
            });
        }
        let entries = match toml::from_str::<Entries>(text) {
            Ok(Entries {
                article: Some(list),
            }) => list.into_inner(),
            Ok(Entries { article: None }) => Vec::new(),
            Err(err) => {
                let mut problem = error_problem(err);
                problem.message =
                    format!("`article` must be [[article]] tables: {}", problem.message);
                sidecar.problems.push(problem);
                return sidecar;
            }
        };
        let mut lines: HashMap<String, usize> = HashMap::new();
        for (n, spanned) in entries.into_iter().enumerate() {
            let line = line_at(spanned.span().start);
            let value = spanned.into_inner();
            let name = match value.get("id").and_then(toml::Value::as_str) {
                Some(id) => format!("entry `{id}`"),
                None => format!("entry {} (no id)", n + 1),
            };
            let mut problem = |message: String| {
                sidecar.problems.push(SidecarProblem {
                    line: Some(line),
                    message: format!("{name}: {message}"),
                })
            };
            // Through `toml::Value`, a TOML date reads as its text.
            let mut entry: SidecarEntry = match value.try_into() {
                Ok(entry) => entry,
                Err(err) => {
                    problem(one_line(err.message()));
                    continue;
                }
            };
            if let Some(published) = &entry.published {
                if crate::dates::parse_day(published).is_err() {
                    problem(format!(
                        "`published` {published:?} is not a date (YYYY-MM-DD or RFC 3339); \
                         the entry's other fields are used"
                    ));
                    entry.published = None;
                }
            }
            if let Some(earlier) = lines.insert(entry.id.clone(), line) {
                problem(format!(
                    "repeats the entry at line {earlier}; this later one is used"
                ));
            }
            sidecar.entries.insert(entry.id.clone(), entry);
        }
        sidecar
    }

    /// Loads `dir/articles.toml`; `Ok(None)` when there is none, an error
    /// when it cannot be read or is larger than `max_bytes`.
    pub fn load_from_dir(
        dir: &Path,
        max_bytes: u64,
    ) -> Result<Option<Self>, super::error::IngestErrorKind> {
        use super::error::IngestErrorKind;
        let path = dir.join(SIDECAR_FILE_NAME);
        match std::fs::metadata(&path) {
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(IngestErrorKind::Unreadable(err.to_string())),
            Ok(meta) if meta.len() > max_bytes => {
                return Err(IngestErrorKind::TooLarge {
                    size: meta.len(),
                    limit: max_bytes,
                })
            }
            Ok(_) => {}
        }
        match std::fs::read(&path) {
            Ok(bytes) => {
                let (text, _) = super::raw::decode(&bytes);
                Ok(Some(Self::parse(&text)))
            }
            Err(err) => Err(IngestErrorKind::Unreadable(err.to_string())),
        }
    }

    /// The entry for a file stem.
    pub fn get(&self, stem: &str) -> Option<&SidecarEntry> {
        self.entries.get(stem)
    }

    /// What could not be used, in file order.
    pub fn problems(&self) -> &[SidecarProblem] {
        &self.problems
    }
}

/// A message on one line (TOML's can span several).
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_entries_and_reports_bad_ones() {
        let sidecar = Sidecar::parse(
            "[[article]]\nid = \"a\"\nsource = \"ft\"\npublished = \"2024-03-25\"\n",
        );
        assert_eq!(sidecar.get("a").unwrap().source.as_deref(), Some("ft"));
        assert!(sidecar.problems().is_empty());
        let sidecar = Sidecar::parse(
            "[[article]]\nid = \"a\"\nsource = \"ft\"\npublished = \"25/03/2024\"\n",
        );
        let a = sidecar.get("a").unwrap();
        assert_eq!(
            (a.source.as_deref(), a.published.as_deref()),
            (Some("ft"), None)
        );
        assert_eq!(sidecar.problems().len(), 1);
        assert!(sidecar.problems()[0].message.contains("not a date"));
        let sidecar = Sidecar::parse("[[article]]\nid = \"a\"\nsauce = 1\n");
        assert!(sidecar.get("a").is_none());
        assert_eq!(sidecar.problems()[0].line, Some(1));
        assert!(
            sidecar.problems()[0].message.contains("entry `a`"),
            "{:?}",
            sidecar.problems()
        );
    }

    /// Issue 13, item 7: `published = 2024-03-25` (a TOML date) is a date,
    /// not "invalid type: map".
    #[test]
    fn unquoted_toml_dates_are_dates() {
        let sidecar = Sidecar::parse(
            "[[article]]\nid = \"a\"\npublished = 2024-03-25\n\n\
             [[article]]\nid = \"b\"\npublished = 2024-03-25T10:00:00Z\n\n\
             [[article]]\nid = \"c\"\npublished = 10:00:00\n",
        );
        let date = |id| {
            sidecar
                .get(id)
                .unwrap()
                .published
                .as_deref()
                .and_then(|text| crate::dates::parse_day(text).ok())
        };
        assert_eq!(date("a"), Some(time::macros::date!(2024 - 03 - 25)));
        assert_eq!(date("b"), Some(time::macros::date!(2024 - 03 - 25)));
        assert_eq!(date("c"), None);
        assert_eq!(sidecar.problems().len(), 1, "{:?}", sidecar.problems());
        assert!(sidecar.problems()[0].message.contains("entry `c`"));
    }

    /// Problems are one line each, keyed by entry, with the line of the
    /// entry; unknown top-level keys and repeated ids are reported too.
    #[test]
    fn problems_name_their_entry_and_line() {
        let sidecar = Sidecar::parse(
            "stray = 1\n[[article]]\nid = \"a\"\n\n[[article]]\nsource = \"ft\"\n\n\
             [[article]]\nid = \"a\"\nsource = \"npr\"\n",
        );
        let problems: Vec<_> = sidecar
            .problems()
            .iter()
            .map(|p| (p.line, p.message.as_str()))
            .collect();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].1.contains("`stray`"), "{problems:?}");
        assert_eq!(problems[1].0, Some(5), "{problems:?}");
        assert!(problems[1].1.contains("entry 2 (no id)"), "{problems:?}");
        assert_eq!(problems[2].0, Some(8), "{problems:?}");
        assert!(
            problems[2].1.contains("repeats the entry at line 2"),
            "{problems:?}"
        );
        assert_eq!(sidecar.get("a").unwrap().source.as_deref(), Some("npr"));
        let broken = Sidecar::parse("[[article]]\nid = \"a\"\nsource = \n");
        assert_eq!(broken.problems().len(), 1);
        assert_eq!(broken.problems()[0].line, Some(3));
        assert!(!broken.problems()[0].message.contains('\n'));
    }

    /// Issue 13, item 4: pathological sidecars parse in linear time and
    /// memory: deep nesting (refused), a huge line, many escapes, many
    /// entries.
    #[test]
    fn pathological_sidecars_parse_in_linear_time() {
        let run = |text: &String| {
            let _ = std::hint::black_box(Sidecar::parse(text));
        };
        // 1 MiB and 4 MiB.
        let size = 1 << 20;
        crate::growth::assert_linear(
            "TOML deep nesting",
            size,
            |n| format!("x = {}", "[".repeat(n)),
            run,
        );
        crate::growth::assert_linear(
            "TOML deep inline tables",
            size,
            |n| format!("x = {}", "{a=".repeat(n / 3)),
            run,
        );
        crate::growth::assert_linear(
            "TOML huge line",
            size,
            |n| {
                format!(
                    "[[article]]\nid = \"a\"\ntitle = \"{}\"\n",
                    "word ".repeat(n / 5)
                )
            },
            run,
        );
        crate::growth::assert_linear(
            "TOML many escapes",
            size,
            |n| {
                format!(
                    "[[article]]\nid = \"a\"\ntitle = \"{}\"\n",
                    "\\u00e9\\n\\\"".repeat(n / 10)
                )
            },
            run,
        );
        crate::growth::assert_linear(
            "TOML many entries",
            size,
            |n| {
                (0..n / 40)
                    .map(|i| format!("[[article]]\nid = \"a{i}\"\nsource = \"ft\"\n"))
                    .collect::<String>()
            },
            run,
        );
    }
}
