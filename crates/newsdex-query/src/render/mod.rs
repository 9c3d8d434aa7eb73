//! Rendering results for people ([`text`]) and for programs ([`json`]).

pub mod json;
pub mod research;
pub mod stories;
pub mod text;
