//! Evaluation against human labels: how well newsdex's extractors agree with
//! an annotated corpus. Kept apart from the indexing path; the CLI exposes it
//! as `newsdex eval`.

use crate::extract::ExtractInput;
use crate::ingest::RawArticle;

pub mod people;
pub mod places;

pub use people::{evaluate_people, PeopleError, PeopleReport};
pub use places::{evaluate_places, PlacesError, PlacesReport, Prf, Scores};

/// Runs `f` on a story as indexing would see it: cleaned, or, when
/// cleaning rejects it, its raw title, dateline and text. With
/// `NEWSDEX_EVAL_RAW` set, always the raw text (to measure what cleaning
/// changes).
fn with_cleaned<R>(raw: RawArticle, f: impl FnOnce(&ExtractInput<'_>) -> R) -> R {
    let cleaned = if std::env::var_os("NEWSDEX_EVAL_RAW").is_some() {
        None
    } else {
        crate::clean::clean(raw.clone()).ok()
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
