//! Evaluation against human labels: how well newsdex's extractors agree with
//! an annotated corpus. Kept apart from the indexing path; the CLI exposes it
//! as `newsdex eval`.

pub mod people;
pub mod places;

pub use people::{evaluate_people, PeopleError, PeopleReport};
pub use places::{evaluate_places, PlacesError, PlacesReport, Prf, Scores};
