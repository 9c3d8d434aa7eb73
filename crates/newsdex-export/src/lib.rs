//! # newsdex-export
//!
//! newsdex in front of a cluster. At archive scale newsdex keeps its own
//! part (cleaning, extraction, analysis and the news query language) and
//! hands storage, sharding and serving to an engine built for it:
//!
//! ```text
//! articles ──ingest/extract──▶ Article ──export──▶ index template / config + NDJSON shards
//! query text ──parse──▶ QueryAst ──translate──▶ the engine's query (+ facet aggregations)
//! ```
//!
//! Two engines: OpenSearch/Elasticsearch (`_bulk` files and an index
//! template whose analyzer reproduces `news_en` as far as the engine
//! allows, [`opensearch`]) and Quickwit (a doc mapping and NDJSON with a
//! pre-analysed copy of each text field, so both sides see newsdex's own
//! terms, [`quickwit`], [`terms`]). Every exported document carries the
//! same fields ([`fields`]): the text, the facets with the values newsdex's
//! own facet fields hold, the display objects (people, quotes, votes) and
//! the near-duplicate group. What the engines cannot reproduce of newsdex's
//! analysis is listed in [`DIFFERENCES`]. `docs/scale-out.md` gives the
//! architecture and sizing.
//!
//! An [`Exporter`] writes one output folder, an article at a time, in
//! constant memory:
//!
//! ```
//! use newsdex_export::{Engine, Exporter, Options};
//! let dir = tempfile::tempdir()?;
//! let out = dir.path().join("out");
//! let text = "Truce holds\n\nThe cease-fire held on Monday.";
//! std::fs::write(dir.path().join("a.txt"), text)?;
//! let mut exporter = Exporter::create(Engine::OpenSearch, &out, &Options::default())?;
//! let options = newsdex_core::ingest::IngestOptions::default();
//! for item in newsdex_core::extract_inputs(&[dir.path().join("a.txt")], &options) {
//!     exporter.add(&item?.article, None)?;
//! }
//! let summary = exporter.finish()?;
//! assert_eq!((summary.articles, summary.shards.len()), (1, 1));
//! assert!(out.join("template.json").exists() && out.join("bulk-0001.ndjson").exists());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Story ids do not travel: newsdex computes stories per query from the
//! matching articles (`newsdex stories`), so an article has no story of its
//! own to export. The near-duplicate group does (`dup_group`, from an
//! index), and a story can be rebuilt from the exported fields.
#![deny(missing_docs)]
#![doc(test(attr(deny(warnings))))]

mod document;
mod error;
mod exporter;
pub mod fields;
pub mod opensearch;
pub mod quickwit;
pub mod terms;
mod translate;

pub use error::{ExportError, Result};
pub use exporter::{export_index, Exporter, Options, Summary, DEFAULT_SHARD_MB};
pub use translate::{translate, Translation, Translator, MAX_BUCKETS};

/// What the engines cannot reproduce of newsdex's analysis and facets,
/// engine by engine (the text of `crates/newsdex-export/DIFFERENCES.md`,
/// which `docs/scale-out.md` links).
pub const DIFFERENCES: &str = include_str!("../DIFFERENCES.md");

/// The engine an export or a translation is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Engine {
    /// OpenSearch 2.x, or Elasticsearch 8.x (the parts used are common to both).
    OpenSearch,
    /// Quickwit 0.9.
    Quickwit,
}

impl Engine {
    /// The name used on the command line (`opensearch`, `quickwit`).
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::OpenSearch => "opensearch",
            Engine::Quickwit => "quickwit",
        }
    }
}
