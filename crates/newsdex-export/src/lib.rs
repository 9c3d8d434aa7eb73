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
//! allows) and Quickwit (a doc mapping and NDJSON with a pre-analysed copy
//! of each text field, so both sides see newsdex's own terms).
//! `docs/scale-out.md` gives the architecture and sizing.
#![deny(missing_docs)]
#![doc(test(attr(deny(warnings))))]

mod error;
pub mod fields;
pub mod terms;
mod translate;

pub use error::{ExportError, Result};
pub use translate::{translate, Translation, Translator, MAX_BUCKETS};

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
