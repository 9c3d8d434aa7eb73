//! The per-article pipeline, run on the worker threads: content hash,
//! cleaning and extraction.

use crate::article::Article;
use crate::clean::Cleaner;
use crate::extract::Extractor;
use crate::ingest::{IngestError, RawArticle};

/// Content hash of a raw article plus the versions of what turns it into a
/// document: the same input indexed by the same newsdex hashes the same.
/// The first 64 bits of a BLAKE3 hash (what the `hash` fast field holds): a
/// changed article goes unnoticed with probability 2^-64.
pub fn content_hash(raw: &RawArticle) -> u64 {
    let mut hasher = blake3::Hasher::new();
    for part in [
        crate::analysis::ANALYZER_VERSION,
        env!("CARGO_PKG_VERSION"),
        raw.id.as_str(),
        raw.title.as_deref().unwrap_or("\u{0}"),
        &raw.text,
        raw.dateline.as_deref().unwrap_or("\u{0}"),
        raw.url.as_deref().unwrap_or("\u{0}"),
    ] {
        hasher.update(part.as_bytes());
        hasher.update(&[0xff]);
    }
    if let Some(source) = &raw.source {
        hasher.update(source.id.as_bytes());
        hasher.update(source.name.as_bytes());
    }
    hasher.update(format!("{:?}{:?}{:?}", raw.published, raw.authors, raw.reference).as_bytes());
    let digest = hasher.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest.as_bytes()[..8]);
    u64::from_le_bytes(first)
}

/// Cleans and extracts one raw article: the whole per-article pipeline.
pub fn process(mut raw: RawArticle) -> std::result::Result<Article, IngestError> {
    let registry = crate::extract::source::SourceRegistry::shipped();
    match &mut raw.source {
        // Before cleaning: the copyright lines that tell are furniture.
        None => raw.source = Some(registry.detect(&raw.text)),
        // A bare id ("ft" in JSON Lines) gets the registry's name.
        Some(source) if source.name == source.id => {
            if let Some(name) = registry.name(&source.id) {
                source.name = name.to_string();
            }
        }
        Some(_) => {}
    }
    let mut article = Cleaner::shipped().clean(raw)?;
    article.metadata = Extractor::shared().extract(&article);
    Ok(article)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::ingest::{parse_bytes, Format};

    /// Issue 13, item 4: a whole text file of each shape that once was
    /// quadratic (vote words, a repeated country name, runs of `&`, a long
    /// sentence of quote marks) reads, cleans and extracts in linear time
    /// and memory at 1 MiB and 4 MiB. The extractors read at most
    /// `MAX_EXTRACT_BYTES` of a text; reading and cleaning take all of it.
    #[test]
    fn megabytes_of_hostile_text_go_through_the_pipeline_in_linear_time() {
        let shapes = [
            ("vote words", "abstention from "),
            ("country name", "Georgia ÉÉÉÉ "),
            ("ampersands", "&&&& "),
            ("quote marks", "\u{201c}He said\u{201d} she said, "),
        ];
        for (name, unit) in shapes {
            crate::growth::assert_linear(
                name,
                1 << 20,
                |n| format!("Title\n\n{}", unit.repeat(n / unit.len())).into_bytes(),
                |bytes| {
                    for raw in parse_bytes(Format::Text, bytes, Path::new("hostile.txt")) {
                        let _ = std::hint::black_box(raw.map(super::process));
                    }
                },
            );
        }
    }
}
