//! # newsdex-eval
//!
//! Evaluation against human labels: how well newsdex's extractors agree with
//! the annotated Reuters-21578 collection.
//!
//! - [`evaluate_places`] scores the country tagger against PLACES labels;
//! - [`evaluate_people`] scores the people extractor against PEOPLE labels;
//! - [`score_duplicates`] scores the near-duplicate groups of an index of
//!   Reuters stories against an exact Jaccard oracle on a sample of them;
//! - [`evaluate_orgs`] scores the organisation extractor against ORGS labels;
//! - [`evaluate_html`] scores the web-page reader against a WCXB-format
//!   folder of gold pages (main text, title, date, author).
//!
//! Kept out of `newsdex-core` (nothing on the indexing path needs it); the
//! CLI exposes it as `newsdex eval places|people|orgs` under its `eval` feature.
//!
//! ```no_run
//! use newsdex_eval::{evaluate_places, EvalOptions};
//! let report = evaluate_places(&["../shared/corpus/reuters21578".into()], &EvalOptions::default())?;
//! println!("about micro F1: {:.3}", report.about.micro.f1);
//! # Ok::<(), newsdex_core::Error>(())
//! ```
#![deny(missing_docs)]
#![doc(test(attr(deny(warnings))))]

use newsdex_core::extract::ExtractInput;
use newsdex_core::ingest::RawArticle;

mod duplicates;
mod html;
mod orgs;
mod people;
mod places;

pub use duplicates::{score_duplicates, DuplicatesReport, SAMPLE};
pub use html::{evaluate_html, word_prf, words, Accuracy, HtmlReport, Miss};
/// Where the WCXB gold pages live, relative to the workspace root (spelled
/// once, in `newsdex-testkit`): `newsdex eval html`'s default.
pub use newsdex_testkit::WCXB_DIR;
pub use orgs::{evaluate_orgs, org_matches, OrgsReport, ORGS_VOCABULARY_FILE};
pub use people::{evaluate_people, matches_label, PeopleError, PeopleReport, VOCABULARY_FILE};
pub use places::{evaluate_places, PlacesError, PlacesReport, Prf, Scores};

/// How an evaluation reads the stories.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct EvalOptions {
    /// Score the extractors on each story's raw text instead of the cleaned
    /// article indexing would store (to measure what cleaning changes).
    /// Default: `false`, the cleaned text. `newsdex eval --raw` sets it.
    pub raw: bool,
}

/// Runs `f` on a story as indexing would see it: cleaned, or, when
/// cleaning rejects it, its raw title, dateline and text. With
/// [`EvalOptions::raw`], always the raw text.
fn with_cleaned<R>(
    raw: RawArticle,
    options: &EvalOptions,
    f: impl FnOnce(&ExtractInput<'_>) -> R,
) -> R {
    let cleaned = if options.raw {
        None
    } else {
        newsdex_core::clean(raw.clone()).ok()
    };
    match cleaned {
        Some(article) => f(&ExtractInput::from_article(&article)),
        None => f(&ExtractInput {
            title: raw.title.as_deref().unwrap_or(""),
            dateline: raw.dateline.as_deref(),
            body: &raw.text,
            captions: &[],
        }),
    }
}

/// The shared Reuters-21578 half, for the tests that need real stories.
/// Never copied into the project: read from `../shared/corpus` and skipped
/// with a visible message when absent.
#[cfg(test)]
fn shared_reuters_dir() -> Option<std::path::PathBuf> {
    newsdex_testkit::reuters_dir()
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsdex_core::ingest::{Layout, Origin};
    use newsdex_core::ArticleId;

    /// An invented web copy whose last paragraph is page furniture.
    fn with_furniture() -> RawArticle {
        RawArticle::new(
            ArticleId("talks".into()),
            Origin {
                path: "talks.txt".into(),
                line: None,
            },
            Layout::PlainText,
            "Truce talks resume\n\nThe talks resumed on Monday.\n\nSHARE NOW\n".to_string(),
        )
    }

    #[test]
    fn stories_are_cleaned_as_indexing_cleans_them_by_default() {
        let body = with_cleaned(with_furniture(), &EvalOptions::default(), |input| {
            input.body.to_string()
        });
        assert!(body.contains("resumed on Monday"), "{body}");
        assert!(!body.contains("SHARE NOW"), "{body}");
    }

    #[test]
    fn the_raw_option_scores_the_text_as_read() {
        let options = EvalOptions { raw: true };
        let body = with_cleaned(with_furniture(), &options, |input| input.body.to_string());
        assert!(body.contains("SHARE NOW"), "{body}");
    }
}
