//! A person candidate, as the rules find it and linking merges it.

/// Most words a name may have ("Karl Otto Poehl", "Charles E. Schumer").
pub const MAX_NAME_WORDS: usize = 4;

/// A person candidate: name words and the role seen with them.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    /// Name words as written ("Antony", "J.", "Blinken").
    pub(super) words: Vec<String>,
    /// Role ("Secretary of State"), when one came with the name.
    pub(super) role: Option<String>,
    /// A company's name, not a person's ("Diamond Shamrock" before
    /// "Corp"): the same words elsewhere in the story are no person either.
    pub(super) company: bool,
    /// No evidence of its own: kept only when linking ties it to another
    /// mention (see `linking::merge`).
    pub(super) weak: bool,
}
