//! Evaluation against human labels: how well newsdex's extractors agree with
//! an annotated corpus. Kept apart from the indexing path; the CLI exposes it
//! as `newsdex eval`.

pub mod places;

pub use places::{evaluate_places, PlacesError, PlacesReport, Prf, Scores};
