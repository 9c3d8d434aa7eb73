//! The types the country modules share: a country, an article's tags, the
//! disambiguation rules, and one mention found in text.

/// Countries found in one article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CountryTags {
    /// Canonical ids of every country mentioned, sorted.
    pub mentioned: Vec<String>,
    /// Canonical ids of the countries the article is about, sorted (a subset
    /// of `mentioned`).
    pub about: Vec<String>,
}

/// A country known to the gazetteer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Country {
    /// Canonical id used in facet values (see the module docs).
    pub id: String,
    /// Human label.
    pub label: String,
}

/// The disambiguation rule attached to an ambiguous alias.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// "Georgia": the Caucasus country only when the article has Caucasus
    /// or Soviet context (Tbilisi, Abkhazia, Russia, Armenia, Azerbaijan,
    /// the USSR) and the mention is not next to a US marker ("Atlanta,",
    /// "Gov.", "Georgia state"); otherwise the US state, which counts as
    /// the United States.
    Georgia,
    /// "Jordan": a person when preceded by a capitalised first name
    /// ("Michael Jordan", "Vernon Jordan") that is not itself a country
    /// mention or a function word ("In Jordan", "Israel and Jordan").
    Surname,
    /// "Chad": a person when followed by a capitalised surname ("Chad
    /// Johnson"), unless that word is a title or noun that goes with the
    /// country ("Chad President", "Chad Basin").
    Forename,
    /// "Turkey": the bird after "Thanksgiving", "Christmas", "roast",
    /// "wild", "smoked" or before "meat", "farm(s)", "production", "prices"
    /// and the like. (Lowercase "turkey" never matches at all.)
    Bird,
}

/// Where in the article a mention was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Zone {
    Dateline,
    Title,
    Lede,
    Body,
}

/// One accepted mention.
#[derive(Debug, Clone, Copy)]
pub(super) struct Hit {
    /// Index of the country in the registry.
    pub(super) country: usize,
    pub(super) zone: Zone,
    /// The alias carried a Georgia rule and still needs the document-level
    /// decision.
    pub(super) georgia: bool,
}
