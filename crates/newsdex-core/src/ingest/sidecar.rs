//! Per-article metadata kept beside plain-text articles in `articles.toml`:
//! source id and name, publication date, and a title where the text has none.
//!
//! ```toml
//! [[article]]
//! id = "004_06944581988b0e46"     # the file stem
//! source = "ft"
//! source_name = "Financial Times"
//! published = "2024-03-25"
//! title = "UN Security Council demands Gaza ceasefire"   # optional
//! url = "https://…"                                      # optional
//! authors = ["…"]                                         # optional
//! ```

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

/// Name of the metadata file looked for in each directory.
pub const SIDECAR_FILE_NAME: &str = "articles.toml";

/// One article's metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SidecarEntry {
    /// Article id (file stem).
    pub id: String,
    /// Source id, e.g. `ft`.
    pub source: Option<String>,
    /// Source name, e.g. `Financial Times`.
    pub source_name: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Headline, for texts that have none.
    pub title: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Bylines.
    #[serde(default)]
    pub authors: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SidecarFile {
    #[serde(default)]
    article: Vec<SidecarEntry>,
}

/// The metadata of one directory, by article id.
#[derive(Debug, Clone, Default)]
pub struct Sidecar {
    entries: HashMap<String, SidecarEntry>,
}

impl Sidecar {
    /// Parses an `articles.toml`; the error names the problem.
    pub fn parse(text: &str) -> Result<Self, String> {
        let file: SidecarFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut entries = HashMap::new();
        for entry in file.article {
            if let Some(published) = &entry.published {
                crate::dates::parse_day(published).map_err(|_| {
                    format!(
                        "article {}: bad date {published:?} (want YYYY-MM-DD)",
                        entry.id
                    )
                })?;
            }
            entries.insert(entry.id.clone(), entry);
        }
        Ok(Sidecar { entries })
    }

    /// Loads `dir/articles.toml`; `Ok(None)` when there is none.
    pub fn load_from_dir(dir: &Path) -> Result<Option<Self>, String> {
        let path = dir.join(SIDECAR_FILE_NAME);
        match std::fs::read_to_string(&path) {
            Ok(text) => Self::parse(&text)
                .map(Some)
                .map_err(|e| format!("{}: {e}", path.display())),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(err) => Err(format!("{}: {err}", path.display())),
        }
    }

    /// The entry for an article id.
    pub fn get(&self, id: &str) -> Option<&SidecarEntry> {
        self.entries.get(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_entries_and_rejects_bad_dates() {
        let sidecar = Sidecar::parse(
            "[[article]]\nid = \"a\"\nsource = \"ft\"\npublished = \"2024-03-25\"\n",
        )
        .unwrap();
        assert_eq!(sidecar.get("a").unwrap().source.as_deref(), Some("ft"));
        let err =
            Sidecar::parse("[[article]]\nid = \"a\"\npublished = \"25/03/2024\"\n").unwrap_err();
        assert!(err.contains("bad date"), "{err}");
        assert!(Sidecar::parse("[[article]]\nid = \"a\"\nsauce = 1\n").is_err());
    }
}
