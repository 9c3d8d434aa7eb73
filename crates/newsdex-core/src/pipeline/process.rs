//! The per-article pipeline, run on the worker threads: content hash,
//! cleaning and extraction.

use std::path::PathBuf;

use crate::article::Article;
use crate::clean::Cleaner;
use crate::extract::{language, Extractor};
use crate::ingest::{IngestError, IngestOptions, Origin, RawArticle};

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
        raw.language.as_deref().unwrap_or("\u{0}"),
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

/// Cleans and extracts one raw article: the whole per-article pipeline
/// (source, cleaning, language, metadata). What `newsdex index` writes and
/// `newsdex extract` prints.
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
    let declared = raw.language.take();
    let mut article = Cleaner::shipped().clean(raw)?;
    article.language =
        language::decide(declared.as_deref(), &article.title, &article.body).map(str::to_string);
    article.metadata = Extractor::shared().extract(&article);
    Ok(article)
}

/// Adds to `raw.warnings` what the pipeline warns about before cleaning: a
/// text longer than the extractors read, a declared language that names
/// none. `newsdex index` and `newsdex extract` report the same.
pub(crate) fn note_warnings(raw: &mut RawArticle) {
    let limit = crate::extract::MAX_EXTRACT_BYTES;
    if raw.text.len() > limit || raw.title.as_ref().is_some_and(|t| t.len() > limit) {
        raw.warnings.push(format!(
            "longer than {} MiB: metadata (people, countries, votes, quotes) comes from its first {} MiB",
            limit >> 20,
            limit >> 20
        ));
    }
    if let Some(warning) = language::unknown_declaration(raw.language.as_deref()) {
        raw.warnings.push(warning);
    }
}

/// One article read, cleaned and extracted by [`extract_inputs`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Extracted {
    /// The article as the index would receive it.
    pub article: Article,
    /// Where it was read.
    pub origin: Origin,
    /// Non-fatal problems met reading it (what `newsdex index` warns about).
    pub warnings: Vec<String>,
}

/// Reads `paths` with the readers `newsdex index` uses
/// ([`crate::ingest::read_inputs`]) and runs each article through the same
/// per-article pipeline ([`crate::clean_and_extract`]), in input order, on
/// the calling thread, writing nothing: what `newsdex extract` prints. An
/// input that cannot be read, or holds no article, is an `Err` item and the
/// next one follows. Check the paths first with
/// [`crate::ingest::check_inputs`], as indexing does.
///
/// ```
/// use newsdex_core::{extract_inputs, ingest::IngestOptions};
/// let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join("a.txt"), "Truce talks\n\nThe cease-fire held in Gaza on Monday.")?;
/// let items: Vec<_> = extract_inputs(&[dir.path().into()], &IngestOptions::default()).collect();
/// let extracted = items[0].as_ref().unwrap();
/// assert_eq!(extracted.article.title, "Truce talks");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn extract_inputs(
    paths: &[PathBuf],
    options: &IngestOptions,
) -> impl Iterator<Item = std::result::Result<Extracted, IngestError>> {
    crate::ingest::read_inputs(paths, options).map(|item| {
        let mut raw = item?;
        note_warnings(&mut raw);
        let warnings = std::mem::take(&mut raw.warnings);
        let origin = raw.origin.clone();
        let article = process(raw)?;
        Ok(Extracted {
            article,
            origin,
            warnings,
        })
    })
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
