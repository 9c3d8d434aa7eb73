//! The article model: plain serde data that flows from ingestion through
//! cleaning and extraction into the index, and back out of it for display.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use time::Date;

/// A name that is none of a closed set's (the error of `str::parse` on
/// [`Ballot`], [`VoteOutcome`] and [`VoteKind`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} `{name}` (expected one of: {expected})")]
pub struct UnknownName {
    /// What was being named, e.g. `ballot`.
    pub what: &'static str,
    /// The name as given.
    pub name: String,
    /// The valid names, comma separated.
    pub expected: String,
}

/// `as_str`, `ALL`, `Display` and `FromStr` for a fieldless enum whose
/// names are its serde names.
macro_rules! named {
    ($type:ident, $what:literal, [$($variant:ident => $name:literal),+ $(,)?]) => {
        impl $type {
            /// Every value, in order.
            pub const ALL: [$type; [$($name),+].len()] = [$($type::$variant),+];

            /// The name, as stored in JSON and in the `vote` facet.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($type::$variant => $name),+
                }
            }
        }

        impl std::fmt::Display for $type {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $type {
            type Err = UnknownName;

            fn from_str(name: &str) -> Result<Self, Self::Err> {
                $type::ALL
                    .into_iter()
                    .find(|v| v.as_str() == name)
                    .ok_or_else(|| UnknownName {
                        what: $what,
                        name: name.to_string(),
                        expected: $type::ALL.map($type::as_str).join(", "),
                    })
            }
        }
    };
}

/// A stable article identifier. Re-indexing an article with the same id
/// replaces it (articles are upserted by id).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ArticleId(pub String);

impl ArticleId {
    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ArticleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The outlet that published an article.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Source {
    /// Short lowercase id used as the facet value, e.g. `ft`. `unknown` when
    /// neither metadata nor the text tells.
    pub id: String,
    /// Human name, e.g. `Financial Times`.
    pub name: String,
}

impl Source {
    /// The id used when no metadata or rule decides the source.
    pub const UNKNOWN_ID: &'static str = "unknown";

    /// The source that could not be decided.
    pub fn unknown() -> Self {
        Source {
            id: Self::UNKNOWN_ID.to_string(),
            name: "Unknown source".to_string(),
        }
    }

    /// Whether this is [`Source::unknown`].
    pub fn is_unknown(&self) -> bool {
        self.id == Self::UNKNOWN_ID
    }
}

/// A cleaned article with its extracted metadata: what the index stores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Stable id (file stem, JSONL `id`, or `reuters-<NEWID>`).
    pub id: ArticleId,
    /// Publishing outlet.
    pub source: Source,
    /// Headline (may be empty when neither text nor metadata has one).
    pub title: String,
    /// Publication date, when known.
    pub published: Option<Date>,
    /// Dateline ("WASHINGTON", "JERUSALEM"), when the story has one.
    pub dateline: Option<String>,
    /// Searchable body text, page furniture and captions removed; paragraphs
    /// separated by a blank line.
    pub body: String,
    /// Photo captions and credits, kept out of the body.
    pub captions: Vec<String>,
    /// Canonical URL, when known.
    pub url: Option<String>,
    /// Bylines, when known.
    pub authors: Vec<String>,
    /// Language, an ISO 639-1 code (`en`, `fr`): the one the input declares,
    /// else the one detected from title and body; `None` when neither
    /// tells (a short or mixed text). Decides how the text is analysed
    /// (see [`crate::analysis::Analysis`]).
    #[serde(default)]
    pub language: Option<String>,
    /// What the extractors found.
    pub metadata: Metadata,
}

/// Metadata extracted from an article's text (countries, people, votes,
/// quotes), plus reference labels supplied by an annotated corpus.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    /// Countries the article mentions (canonical country ids, sorted).
    pub countries_mentioned: Vec<String>,
    /// Countries the article is about (a subset of `countries_mentioned`).
    pub countries_about: Vec<String>,
    /// People named in the article.
    pub people: Vec<Person>,
    /// Organisations named in the article, in order of first mention.
    #[serde(default)]
    pub orgs: Vec<Org>,
    /// Vote events reported in the article.
    pub votes: Vec<VoteEvent>,
    /// Quoted statements.
    pub quotes: Vec<Quote>,
    /// Human labels shipped with the input (e.g. Reuters PLACES/PEOPLE);
    /// used for evaluation, never produced by newsdex itself.
    #[serde(default, skip_serializing_if = "ReferenceLabels::is_empty")]
    pub reference: ReferenceLabels,
}

/// A person mentioned in an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// Canonical slug, e.g. `antony-blinken`.
    pub slug: String,
    /// Fullest name seen in the article, e.g. `Antony Blinken`.
    pub name: String,
    /// Titles and roles seen with the name, e.g. `Secretary of State`.
    pub roles: Vec<String>,
}

/// An organisation named in an article (the `org` facet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Org {
    /// Canonical slug, e.g. `hamas`, `un/security-council` (a `/` makes a
    /// hierarchy: the facet `un` holds every UN body).
    pub slug: String,
    /// Display name, e.g. `UN Security Council`.
    pub name: String,
}

/// How a member voted, or the outcome of a vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ballot {
    /// Voted in favour.
    For,
    /// Voted against.
    Against,
    /// Abstained.
    Abstained,
    /// Vetoed (a "no" vote by a member with veto power).
    Vetoed,
}

/// Outcome of a vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoteOutcome {
    /// The measure was adopted / passed.
    Adopted,
    /// The measure failed / was vetoed / was rejected.
    Failed,
}

named!(Ballot, "ballot", [
    For => "for",
    Against => "against",
    Abstained => "abstained",
    Vetoed => "vetoed",
]);

named!(VoteOutcome, "vote outcome", [Adopted => "adopted", Failed => "failed"]);

/// The head of a `vote` facet path: an outcome (`adopted`, `failed`) or
/// a ballot kind (`vetoed/ru`, `against/dz`, `abstained/gy`, `for/fr`).
///
/// ```
/// use newsdex_core::{Ballot, VoteKind};
/// assert_eq!("vetoed".parse::<VoteKind>(), Ok(VoteKind::Vetoed));
/// assert_eq!(VoteKind::from(Ballot::For).to_string(), "for");
/// assert!("veto".parse::<VoteKind>().unwrap_err().to_string().contains("vetoed"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoteKind {
    /// The measure was adopted.
    Adopted,
    /// The measure failed.
    Failed,
    /// A member vetoed.
    Vetoed,
    /// A member voted against.
    Against,
    /// A member abstained.
    Abstained,
    /// A member voted for.
    For,
}

named!(VoteKind, "vote kind", [
    Adopted => "adopted",
    Failed => "failed",
    Vetoed => "vetoed",
    Against => "against",
    Abstained => "abstained",
    For => "for",
]);

impl From<VoteOutcome> for VoteKind {
    fn from(outcome: VoteOutcome) -> Self {
        match outcome {
            VoteOutcome::Adopted => VoteKind::Adopted,
            VoteOutcome::Failed => VoteKind::Failed,
        }
    }
}

impl From<Ballot> for VoteKind {
    fn from(ballot: Ballot) -> Self {
        match ballot {
            Ballot::For => VoteKind::For,
            Ballot::Against => VoteKind::Against,
            Ballot::Abstained => VoteKind::Abstained,
            Ballot::Vetoed => VoteKind::Vetoed,
        }
    }
}

/// One vote event reported in an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteEvent {
    /// The voting body, e.g. `UN Security Council`, `House`, `shareholders`.
    pub body: Option<String>,
    /// Outcome, when reported.
    pub outcome: Option<VoteOutcome>,
    /// Tally as reported, e.g. `14-0` or `11 in favour`.
    pub tally: Option<String>,
    /// Per-member ballots: canonical country id (or member name) and ballot.
    pub ballots: Vec<MemberBallot>,
}

impl VoteEvent {
    /// Hierarchical `vote` facet paths (without the field) of this event:
    /// `adopted`, `failed`, `vetoed/ru`, `against/dz`, `abstained/gy`,
    /// `for/fr`.
    pub fn facet_paths(&self) -> Vec<String> {
        self.outcome
            .map(|outcome| VoteKind::from(outcome).to_string())
            .into_iter()
            .chain(
                self.ballots
                    .iter()
                    .map(|b| format!("{}/{}", VoteKind::from(b.ballot), b.member)),
            )
            .collect()
    }

    /// The facet paths of all `events`, sorted, each once.
    pub fn facet_paths_of(events: &[VoteEvent]) -> Vec<String> {
        let paths: BTreeSet<String> = events.iter().flat_map(VoteEvent::facet_paths).collect();
        paths.into_iter().collect()
    }
}

/// A member's ballot in a [`VoteEvent`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberBallot {
    /// Canonical country id when the member is a country, else its name.
    pub member: String,
    /// How it voted.
    pub ballot: Ballot,
}

/// A quoted statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The words inside the quotation marks.
    pub text: String,
    /// Slug of the speaker, when resolved to a person.
    pub speaker: Option<String>,
}

/// Human-assigned labels that come with an annotated corpus.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferenceLabels {
    /// Reuters PLACES (lowercase corpus labels, e.g. `usa`, `west-germany`).
    pub places: Vec<String>,
    /// Reuters PEOPLE (lowercase corpus labels, e.g. `reagan`).
    pub people: Vec<String>,
    /// Reuters TOPICS.
    pub topics: Vec<String>,
    /// Reuters ORGS (lowercase corpus labels, e.g. `ec`, `opec`).
    #[serde(default)]
    pub orgs: Vec<String>,
}

impl ReferenceLabels {
    /// Whether no label is present.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
            && self.people.is_empty()
            && self.topics.is_empty()
            && self.orgs.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vote_names_round_trip_and_match_serde() {
        for kind in VoteKind::ALL {
            assert_eq!(kind.as_str().parse::<VoteKind>(), Ok(kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
        for ballot in Ballot::ALL {
            assert_eq!(serde_json::to_value(ballot).unwrap(), ballot.as_str());
            assert_eq!(VoteKind::from(ballot).as_str(), ballot.as_str());
        }
        for outcome in VoteOutcome::ALL {
            assert_eq!(serde_json::to_value(outcome).unwrap(), outcome.as_str());
            assert_eq!(VoteKind::from(outcome).as_str(), outcome.as_str());
        }
        assert!("Vetoed".parse::<Ballot>().is_err());
    }

    #[test]
    fn facet_paths_of_events_are_sorted_and_unique() {
        let event = |outcome, ballots: &[(&str, Ballot)]| VoteEvent {
            body: None,
            outcome,
            tally: None,
            ballots: ballots
                .iter()
                .map(|(member, ballot)| MemberBallot {
                    member: member.to_string(),
                    ballot: *ballot,
                })
                .collect(),
        };
        let events = [
            event(Some(VoteOutcome::Failed), &[("ru", Ballot::Vetoed)]),
            event(None, &[("ru", Ballot::Vetoed), ("gy", Ballot::Abstained)]),
        ];
        assert_eq!(events[0].facet_paths(), ["failed", "vetoed/ru"]);
        assert_eq!(
            VoteEvent::facet_paths_of(&events),
            ["abstained/gy", "failed", "vetoed/ru"]
        );
    }
}
