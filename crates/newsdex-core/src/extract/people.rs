//! People extraction: the person names an article mentions, with their
//! titles and roles, one canonical slug per person.
//!
//! # What counts as a person
//!
//! The text is split into words and then into *runs*: consecutive
//! capitalised words (with initials such as `J.`, name particles such as
//! `von`, and `of`/`the` inside a role such as "Chancellor of the
//! Exchequer"). A run is split into a role part and a name part at its last
//! role or organisation word ([`ROLE_HEADS`], [`ROLE_WORDS`]). The name part
//! is a person when
//!
//! 1. a role comes with it, in the run ("Prime Minister Benjamin
//!    Netanyahu", "President Reagan") or just before it in lowercase
//!    ("national security adviser Jake Sullivan");
//! 2. it has two to four words and starts with a *name lead*, a given name
//!    or a Chinese family name from `gazetteer/given_names.txt` (generated
//!    from the faker person lists) and `gazetteer/names_curated.txt`
//!    ("Carl Icahn", "Wang Bingqian");
//! 3. it has two to four words and a role follows it in apposition ("Vassily
//!    Nebenzia, Russia's ambassador to the U.N."), or a speech verb is next
//!    to it ("said Tzachi Hanegbi", "Ron Dermer told").
//!
//! A one-word name with a role ("President Reagan") is linked to the full
//! name with that surname in the same article ("Ronald Reagan"), so both
//! mentions make one person; so are surname-only mentions in the headline.
//! All-caps headlines (Reuters: "TREASURY'S BAKER SAYS ...") and briefs
//! with no body ("Sumita says ...") have their own rules, see
//! [`PeopleExtractor::headline`].
//!
//! # Slugs
//!
//! A slug is the name's words folded to ASCII (`deunicode`), lowercased and
//! joined by `-`, without initials and suffixes: "António Guterres" →
//! `antonio-guterres`, "Antony J. Blinken" → `antony-blinken`, "Linda
//! Thomas-Greenfield" → `linda-thomas-greenfield`. Search accepts any
//! hyphen-separated part of a slug (`--person blinken`).

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use super::countries::CountryTagger;
use super::ExtractInput;
use crate::article::Person;

/// Generated name leads (see `gazetteer/generate_names.py`).
const GIVEN_NAMES: &str = include_str!("gazetteer/given_names.txt");
/// Hand-curated name leads.
const CURATED_NAMES: &str = include_str!("gazetteer/names_curated.txt");

/// Most words a name may have ("Karl Otto Poehl", "Charles E. Schumer").
pub const MAX_NAME_WORDS: usize = 4;

/// A body shorter than this ("Blah blah blah.", the filler of Reuters
/// briefs) is no evidence about the headline's words.
const MIN_BODY_WORDS: usize = 8;

/// Words that end a role: the person's name follows them.
pub const ROLE_HEADS: &[&str] = &[
    "president",
    "president-elect",
    "vice-president",
    "minister",
    "secretary",
    "secretary-general",
    "undersecretary",
    "under-secretary",
    "chairman",
    "chairwoman",
    "chair",
    "governor",
    "gov",
    "senator",
    "sen",
    "rep",
    "representative",
    "congressman",
    "congresswoman",
    "ambassador",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "adviser",
    "advisor",
    "director",
    "director-general",
    "chief",
    "king",
    "queen",
    "prince",
    "princess",
    "sheikh",
    "emir",
    "pope",
    "gen",
    "surgeon",
    "admiral",
    "adm",
    "colonel",
    "col",
    "captain",
    "capt",
    "lt",
    "judge",
    "justice",
    "mayor",
    "chancellor",
    "premier",
    "envoy",
    "commissioner",
    "leader",
    "treasurer",
    "economist",
    "analyst",
    "officer",
    "attorney",
    "dr",
    "mr",
    "mrs",
    "ms",
    "sir",
    "dame",
    "lord",
    "lady",
    "ceo",
    "head",
    "founder",
    "investor",
    "financier",
    "deputy",
    "speaker",
    "rabbi",
    "imam",
    "ayatollah",
    "cardinal",
    "archbishop",
    "bishop",
    "professor",
    "prof",
    "negotiator",
    "diplomat",
    "official",
    "coordinator",
    "manager",
    "executive",
    "vice-chairman",
    "governor-general",
    "premier-elect",
    "mediator",
    "counsel",
    "reporter",
    "correspondent",
    "editor",
    "columnist",
];

/// Words that may stand in a role or an organisation's name but never in a
/// person's ("Secretary of *State*", "*Bundesbank* President",
/// "*Exchequer*").
pub const ROLE_WORDS: &[&str] = &[
    "state",
    "states",
    "foreign",
    "finance",
    "financial",
    "defence",
    "defense",
    "trade",
    "security",
    "national",
    "council",
    "house",
    "white",
    "exchequer",
    "treasury",
    "bank",
    "bundesbank",
    "reserve",
    "federal",
    "board",
    "department",
    "ministry",
    "affairs",
    "interior",
    "home",
    "economy",
    "economic",
    "economics",
    "energy",
    "agriculture",
    "agricultural",
    "commerce",
    "labor",
    "labour",
    "health",
    "education",
    "transport",
    "transportation",
    "oil",
    "petroleum",
    "industry",
    "industries",
    "international",
    "monetary",
    "fund",
    "assistant",
    "acting",
    "former",
    "senior",
    "united",
    "nations",
    "european",
    "commission",
    "community",
    "central",
    "party",
    "communist",
    "opposition",
    "majority",
    "minority",
    "senate",
    "congress",
    "parliament",
    "parliamentary",
    "government",
    "cabinet",
    "war",
    "army",
    "navy",
    "force",
    "forces",
    "staff",
    "joint",
    "chiefs",
    "mission",
    "office",
    "court",
    "supreme",
    "high",
    "world",
    "prime",
    "general",
    "first",
    "republican",
    "democratic",
    "democrat",
    "justice",
    "attorney",
    "trade",
    "representative",
    "military",
    "intelligence",
    "agency",
    "service",
    "services",
    "company",
    "corporation",
    "group",
    "association",
    "union",
    "organisation",
    "organization",
    "institute",
    "university",
    "committee",
    "authority",
    "administration",
    "mossad",
    "pentagon",
    "kremlin",
    "vatican",
    "the",
    "of",
    "for",
    "and",
];

/// Words that make a capitalised run a company or an institution, never a
/// person ("Salomon Brothers", "Nikko Securities", "General Motors",
/// "Chase Manhattan", "Lawson Products").
pub const ORG_WORDS: &[&str] = &[
    "brothers",
    "bros",
    "securities",
    "capital",
    "markets",
    "market",
    "exchange",
    "stock",
    "trust",
    "guaranty",
    "chemical",
    "chemicals",
    "motors",
    "motor",
    "electric",
    "aluminium",
    "aluminum",
    "broadcasting",
    "holdings",
    "holding",
    "industries",
    "industrial",
    "products",
    "corp",
    "corporation",
    "inc",
    "co",
    "cos",
    "ltd",
    "plc",
    "llc",
    "bancorp",
    "bancshares",
    "financial",
    "insurance",
    "assurance",
    "airlines",
    "airways",
    "air",
    "systems",
    "communications",
    "telecommunications",
    "energy",
    "oil",
    "petroleum",
    "steel",
    "mining",
    "mines",
    "resources",
    "foods",
    "food",
    "stores",
    "partners",
    "associates",
    "investments",
    "investment",
    "investors",
    "fund",
    "funds",
    "manhattan",
    "hotels",
    "works",
    "glass",
    "aircraft",
    "engineering",
    "engineers",
    "international",
    "services",
    "technologies",
    "technology",
    "electronics",
    "pharmaceuticals",
    "pharmaceutical",
    "laboratories",
    "labs",
    "pipeline",
    "railroad",
    "railway",
    "telephone",
    "telegraph",
    "power",
    "gas",
    "utilities",
    "realty",
    "properties",
    "development",
    "enterprises",
    "company",
    "companies",
    "cement",
    "paper",
    "mills",
    "manufacturing",
    "auto",
    "automotive",
    "equipment",
    "machinery",
    "brewing",
    "entertainment",
    "media",
    "publishing",
    "shipping",
    "lines",
    "credit",
    "savings",
    "loan",
    "bank",
    "banking",
    "banque",
    "banca",
    "generale",
    "canada",
    "america",
    "europe",
    "pacific",
    "atlantic",
    "american",
    "national",
    "federal",
    "general",
    "united",
    "consolidated",
    "trading",
    "traders",
    "ventures",
    "management",
    "advisers",
    "advisors",
    "research",
    "software",
    "computer",
    "computers",
    "data",
    "instruments",
    "devices",
    "semiconductor",
    "medical",
    "health",
    "healthcare",
    "hospital",
    "care",
    "university",
    "college",
    "institute",
    "foundation",
    "council",
    "committee",
    "commission",
    "agency",
    "board",
    "bureau",
    "department",
    "ministry",
    "office",
    "service",
    "union",
    "federation",
    "association",
    "society",
    "club",
    "party",
    "league",
    "center",
    "centre",
    "news",
    "post",
    "times",
    "journal",
    "street",
    "stores",
    "cash",
    "signs",
    "average",
    "index",
    "composite",
    "trade",
    "reserve",
    "treasury",
];

/// Capitalised words that never belong to a name and split runs ("On
/// Friday Blinken said").
const NOT_NAME: &[&str] = &[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "by",
    "to",
    "for",
    "from",
    "with",
    "and",
    "but",
    "or",
    "if",
    "as",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "our",
    "this",
    "that",
    "these",
    "those",
    "there",
    "here",
    "when",
    "while",
    "after",
    "before",
    "since",
    "under",
    "over",
    "during",
    "despite",
    "although",
    "though",
    "because",
    "so",
    "yet",
    "still",
    "also",
    "not",
    "no",
    "yes",
    "all",
    "some",
    "many",
    "most",
    "more",
    "both",
    "each",
    "every",
    "other",
    "another",
    "such",
    "what",
    "which",
    "who",
    "whom",
    "whose",
    "why",
    "how",
    "where",
    "then",
    "now",
    "today",
    "tonight",
    "yesterday",
    "tomorrow",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "image",
    "photo",
    "reuters",
    "ap",
    "afp",
    "getty",
    "images",
    "associated",
    "press",
    "news",
    "times",
    "post",
    "journal",
    "inc",
    "corp",
    "co",
    "ltd",
    "plc",
    "llc",
    "ag",
    "sa",
    "nv",
    "spa",
    "said",
    "says",
    "told",
    "according",
    "islam",
    "islamic",
    "christian",
    "jewish",
    "muslim",
    "arab",
    "god",
    "allah",
    "christmas",
    "easter",
    "ramadan",
    "hamas",
    "hezbollah",
    "hizbollah",
    "al",
    "qaeda",
    "taliban",
    "nato",
    "opec",
    "gatt",
    "imf",
    "street",
    "avenue",
    "road",
    "square",
    "city",
    "county",
    "province",
    "island",
    "islands",
    "river",
    "sea",
    "ocean",
    "gulf",
    "bay",
    "mount",
    "lake",
    "valley",
    "northern",
    "southern",
    "eastern",
    "western",
    "new",
    "old",
    "great",
    "little",
    "saint",
    "st",
    "fort",
    "port",
    "cape",
    "hospital",
    "airport",
    "station",
    "church",
    "mosque",
    "temple",
    "school",
    "college",
    "center",
    "centre",
    "hall",
    "tower",
    "building",
    "palace",
    "stadium",
    "bridge",
    "strip",
    "plan",
    "act",
    "bill",
    "accord",
    "treaty",
    "agreement",
    "day",
    "week",
    "year",
    "month",
];

/// Suffixes left out of slugs and names' surnames.
const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

/// Lowercase particles that may sit inside a name ("Richard von
/// Weizsaecker", "Miguel de la Madrid").
const PARTICLES: &[&str] = &[
    "de", "da", "das", "do", "dos", "del", "della", "der", "den", "di", "du", "van", "von", "la",
    "le", "bin", "ibn", "al", "el", "ter", "ten", "y", "zu",
];

/// Verbs that attribute speech: a name next to one is a person.
pub const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "tells",
    "added",
    "adds",
    "wrote",
    "writes",
    "stated",
    "noted",
    "explained",
    "argued",
    "insisted",
    "warned",
    "declared",
    "announced",
    "stressed",
    "tweeted",
    "asked",
    "replied",
    "acknowledged",
    "continued",
    "urged",
    "predicted",
    "cautioned",
    "commented",
    "remarked",
    "posted",
];

/// Verbs that follow a person at the start of a headline ("Sumita says",
/// "VOLCKER SEES").
const HEADLINE_VERBS: &[&str] = &[
    "says",
    "said",
    "sees",
    "expects",
    "forecasts",
    "urges",
    "vows",
    "warns",
    "predicts",
    "denies",
    "confirms",
    "rejects",
    "opposes",
    "backs",
    "wants",
    "favours",
    "favors",
    "reiterates",
    "maintains",
    "proposes",
    "criticises",
    "criticizes",
    "defends",
    "hopes",
    "fears",
    "doubts",
    "welcomes",
    "announces",
    "admits",
    "pledges",
    "calls",
    "asks",
    "tells",
    "dismisses",
    "supports",
    "blames",
    "threatens",
    "seeks",
    "stresses",
    "insists",
    "rules",
    "meets",
    "resigns",
    "quits",
    "confident",
    "optimistic",
    "pessimistic",
];

/// Singular nouns that head news headlines ("REPORT SAYS", "Company
/// sees"): never a person's name.
const HEADLINE_SUBJECTS: &[&str] = &[
    "company",
    "government",
    "official",
    "spokesman",
    "spokeswoman",
    "report",
    "study",
    "survey",
    "poll",
    "analyst",
    "economist",
    "bank",
    "firm",
    "group",
    "unit",
    "ministry",
    "minister",
    "agency",
    "industry",
    "paper",
    "newspaper",
    "treasury",
    "fed",
    "opec",
    "gatt",
    "congress",
    "senate",
    "house",
    "court",
    "union",
    "board",
    "market",
    "dealer",
    "trader",
    "source",
    "committee",
    "commission",
    "council",
    "cabinet",
    "parliament",
    "state",
    "city",
    "army",
    "police",
    "military",
    "president",
    "premier",
    "chairman",
    "leader",
    "envoy",
    "everyone",
    "nobody",
    "one",
    "it",
    "he",
    "she",
    "who",
];

/// The word lists as hash sets, built once per process.
struct Lexicon {
    role_heads: FxHashSet<&'static str>,
    role_words: FxHashSet<&'static str>,
    org_words: FxHashSet<&'static str>,
    not_name: FxHashSet<&'static str>,
    suffixes: FxHashSet<&'static str>,
    headline_verbs: FxHashSet<&'static str>,
    headline_subjects: FxHashSet<&'static str>,
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let set = |words: &[&'static str]| words.iter().copied().collect();
        Lexicon {
            role_heads: set(ROLE_HEADS),
            role_words: set(ROLE_WORDS),
            org_words: set(ORG_WORDS),
            not_name: set(NOT_NAME),
            suffixes: set(SUFFIXES),
            headline_verbs: set(HEADLINE_VERBS),
            headline_subjects: set(HEADLINE_SUBJECTS),
        }
    })
}

/// Calls `f` with the lookup key of `word` (see [`fold_key`]); short ASCII
/// words, nearly all of them, are folded on the stack.
fn with_key<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 32];
    if word.is_ascii() && word.len() <= buf.len() {
        let mut n = 0;
        for b in word.bytes().filter(|b| *b != b'.') {
            buf[n] = b.to_ascii_lowercase();
            n += 1;
        }
        if let Ok(key) = std::str::from_utf8(&buf[..n]) {
            return f(key);
        }
    }
    f(&fold_key(word))
}

/// Whether the lookup key of `word` is in `set`.
fn key_in(set: &FxHashSet<&'static str>, word: &str) -> bool {
    with_key(word, |key| set.contains(key))
}

/// The process-wide name-lead set, parsed once.
fn leads() -> &'static FxHashSet<&'static str> {
    static LEADS: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    LEADS.get_or_init(|| {
        GIVEN_NAMES
            .lines()
            .chain(CURATED_NAMES.lines())
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// Finds person names in article text. Build once, share everywhere.
#[derive(Debug, Default)]
pub struct PeopleExtractor {}

/// One word of the text.
#[derive(Debug, Clone, Copy)]
struct Word<'a> {
    /// The word without a trailing possessive `'s` and without a trailing
    /// dot (except on initials and abbreviations).
    text: &'a str,
    /// Byte offset of the word in its text.
    start: usize,
    /// Byte offset after the word (possessive included).
    end: usize,
    /// Followed by `'s` / `’s`.
    possessive: bool,
    /// Separated from the previous word by spaces only (a single line break
    /// is a space; punctuation or a blank line is not).
    joined: bool,
}

/// A person candidate: name words and the role seen with them.
#[derive(Debug, Clone)]
struct Candidate {
    /// Name words as written ("Antony", "J.", "Blinken").
    words: Vec<String>,
    /// Role ("Secretary of State"), when one came with the name.
    role: Option<String>,
}

impl PeopleExtractor {
    /// Builds the extractor. The word lists are parsed once per process, on
    /// first use, so programs that never extract (`newsdex search`) never
    /// pay for them.
    pub fn new() -> Self {
        PeopleExtractor {}
    }

    /// People named in one article, in order of first mention. Country and
    /// city names (through `countries`) are never taken for one-word names.
    ///
    /// ```
    /// use newsdex_core::extract::{countries::CountryTagger, people::PeopleExtractor, ExtractInput};
    /// let input = ExtractInput {
    ///     title: "",
    ///     dateline: None,
    ///     body: "Secretary of State Antony Blinken met Prime Minister Benjamin Netanyahu. \
    ///            Blinken said the talks were frank.",
    ///     captions: &[],
    /// };
    /// let people = PeopleExtractor::new().extract(&input, &CountryTagger::new());
    /// let slugs: Vec<&str> = people.iter().map(|p| p.slug.as_str()).collect();
    /// assert_eq!(slugs, ["antony-blinken", "benjamin-netanyahu"]);
    /// assert_eq!(people[0].roles, ["Secretary of State"]);
    /// ```
    pub fn extract(&self, input: &ExtractInput<'_>, countries: &CountryTagger) -> Vec<Person> {
        let mut candidates = Vec::new();
        let shouting = !input.title.chars().any(char::is_lowercase);
        if !shouting {
            self.text_candidates(input.title, countries, &mut candidates);
        }
        self.text_candidates(input.body, countries, &mut candidates);
        for caption in input.captions {
            self.text_candidates(caption, countries, &mut candidates);
        }
        // A brief's body is its headline again (Reuters BRIEF stories):
        // then there is no body to check headline words against.
        let own_body = input.body.trim() != input.title.trim()
            && input.body.split_whitespace().count() >= MIN_BODY_WORDS;
        let body_words = BodyWords::new(if own_body { input.body } else { "" });
        self.headline(
            input.title,
            shouting,
            &body_words,
            countries,
            &mut candidates,
        );
        merge(candidates)
    }

    /// Candidates from running (mixed-case) text.
    fn text_candidates(&self, text: &str, countries: &CountryTagger, out: &mut Vec<Candidate>) {
        let words = tokenize(text);
        let leads = leads();
        let mut i = 0;
        while i < words.len() {
            let Some(run_end) = run_at(&words, i) else {
                i += 1;
                continue;
            };
            let run = &words[i..run_end];
            i = run_end;

            // Split the run at its last role or organisation word.
            let split = run
                .iter()
                .rposition(|w| is_role_word(w.text) || is_acronym(w.text))
                .map_or(0, |r| r + 1);
            let mut name = &run[split..];
            // A run that ends on a possessive is a name only up to it
            // ("Netanyahu's office").
            if name.is_empty() || name.len() > MAX_NAME_WORDS + 1 {
                continue;
            }
            // Drop a trailing suffix for the checks below.
            let core_len = name.len()
                - usize::from(
                    name.len() > 1 && key_in(&lexicon().suffixes, name[name.len() - 1].text),
                );
            name = &name[..core_len];
            // A place glued to the end is no part of the name ("George
            // Shultz China's troubles").
            while name.len() > 1 && is_country_name(name[name.len() - 1].text, countries) {
                name = &name[..name.len() - 1];
            }
            if name.len() > MAX_NAME_WORDS
                || !is_cap(name[name.len() - 1].text)
                || PARTICLES.contains(&name[0].text)
            {
                continue;
            }
            let role_in_run = run[..split].iter().any(|w| is_role_head(w.text));
            let role = if role_in_run {
                Some(join_words(text, &run[..split]))
            } else if name[0].joined && i - run.len() > 0 {
                role_before(text, &words, i - run.len())
            } else {
                None
            };

            let accepted = if role.is_some() {
                name.len() > 1 || !is_place(name[0].text, countries)
            } else if name.len() >= 2 {
                key_in(leads, name[0].text)
                    || apposition_follows(text, name[name.len() - 1].end)
                    || speech_next_to(&words, i - run.len() + split, i)
            } else {
                false
            };
            if !accepted
                || (name.len() > 1 && is_place_word(name[0].text, countries))
                || name.iter().any(|w| key_in(&lexicon().org_words, w.text))
                || company_follows(text, &words, i)
                || is_credit(text, &words, i)
                || (name.len() > 1 && is_place(&join_words(text, name), countries))
            {
                continue;
            }
            out.push(Candidate {
                words: name.iter().map(|w| w.text.to_string()).collect(),
                role,
            });
        }
    }

    /// Candidates from a headline. Mixed-case headlines have had the
    /// running-text rules already; this adds the headline shapes:
    ///
    /// - `NAME says|sees|expects ...` at the start ("Sumita says", "VOLCKER
    ///   SEES"), when NAME is not a place, a headline noun ("REPORT SAYS"),
    ///   an acronym, or a word the body uses in lowercase;
    /// - `... - NAME` / `..., NAME` at the end ("... - Subroto");
    /// - in all-caps headlines, `ROLE NAME` ("PRESIDENT REAGAN"),
    ///   `ORG'S NAME VERB` ("TREASURY'S BAKER SAYS") and `LEAD NAME`
    ///   ("CARL ICAHN SAYS").
    fn headline(
        &self,
        title: &str,
        shouting: bool,
        body: &BodyWords,
        countries: &CountryTagger,
        out: &mut Vec<Candidate>,
    ) {
        let words = tokenize(title);
        if words.is_empty() {
            return;
        }
        let usable = |w: &Word<'_>| {
            let key = fold_key(w.text);
            let lex = lexicon();
            key.len() >= 3
                && w.text.chars().all(|c| c.is_alphabetic() || c == '-')
                && !lex.not_name.contains(key.as_str())
                && !lex.headline_subjects.contains(key.as_str())
                && !is_role_word(w.text)
                && !lex.headline_verbs.contains(key.as_str())
                && !is_place(w.text, countries)
                && !body.contains_word(&key)
                && (body.is_empty() || body.contains_word(&title_case(w.text)))
                && (shouting || !is_acronym(w.text))
        };
        let push = |out: &mut Vec<Candidate>, words: &[&Word<'_>], role: Option<String>| {
            out.push(Candidate {
                words: words.iter().map(|w| title_case(w.text)).collect(),
                role,
            });
        };
        let verb_at = |k: usize| {
            words
                .get(k)
                .is_some_and(|w| w.joined && key_in(&lexicon().headline_verbs, w.text))
        };

        // NAME VERB at the start.
        if verb_at(1) && usable(&words[0]) && !words[0].possessive {
            push(out, &[&words[0]], None);
        }
        // ... - NAME / ..., NAME at the end.
        let last = &words[words.len() - 1];
        if words.len() > 2 && !last.joined {
            let gap = &title[words[words.len() - 2].end..last.start];
            if (gap.contains('-') || gap.contains(',')) && usable(last) {
                push(out, &[last], None);
            }
        }
        if !shouting {
            return;
        }
        let leads = leads();
        for k in 0..words.len().saturating_sub(1) {
            let (a, b) = (&words[k], &words[k + 1]);
            if !b.joined || !usable(b) {
                continue;
            }
            let role_then_name = is_role_head(a.text) && !a.possessive;
            let org_then_name = a.possessive && verb_at(k + 2);
            if (role_then_name || org_then_name) && !b.possessive {
                push(out, &[b], Some(title_case(a.text)));
            } else if key_in(leads, a.text)
                && !a.possessive
                && (k == 0 || !words[k - 1].joined || !is_role_head(words[k - 1].text))
            {
                push(out, &[a, b], None);
            }
        }
    }
}

/// A body searched for whole words: "does the body use this headline word
/// in lowercase (an ordinary word) or capitalised (a name)?".
struct BodyWords<'a> {
    text: &'a str,
}

impl<'a> BodyWords<'a> {
    fn new(text: &'a str) -> Self {
        BodyWords { text }
    }

    fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Whether `word` appears as a whole word, in exactly this case.
    fn contains_word(&self, word: &str) -> bool {
        let bytes = self.text.as_bytes();
        self.text.match_indices(word).any(|(i, m)| {
            let before = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
            let after = i + m.len() >= bytes.len() || !bytes[i + m.len()].is_ascii_alphanumeric();
            before && after
        })
    }
}

/// Splits text into words (see [`Word`]).
fn tokenize(text: &str) -> Vec<Word<'_>> {
    let bytes = text.as_bytes();
    let mut words = Vec::new();
    let mut prev_end = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((start, c)) = iter.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, c)) = iter.peek() {
            if c.is_alphanumeric() {
                end = i + c.len_utf8();
                iter.next();
            } else if matches!(c, '-' | '\'' | '’' | '.')
                && text[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric)
            {
                // Inner punctuation: "Thomas-Greenfield", "O'Brien", "U.S".
                end = i + c.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        let mut word = &text[start..end];
        let mut word_end = end;
        // A trailing dot belongs to initials and abbreviations.
        if bytes.get(end) == Some(&b'.')
            && (is_initial_letter(word) || word.contains('.') || is_abbreviation(word))
        {
            word_end = end + 1;
            word = &text[start..word_end];
            while iter.peek().is_some_and(|&(i, _)| i < word_end) {
                iter.next();
            }
        }
        // Possessive: "Netanyahu's", "Blinken’s".
        let mut possessive = false;
        for suffix in ["'s", "’s", "'S", "’S"] {
            if let Some(stem) = word.strip_suffix(suffix) {
                if !stem.is_empty() {
                    word = stem;
                    possessive = true;
                }
                break;
            }
        }
        let gap = &text[prev_end..start];
        let joined = !words.is_empty()
            && gap.chars().all(char::is_whitespace)
            && gap.matches('\n').count() < 2;
        words.push(Word {
            text: word,
            start,
            end: word_end,
            possessive,
            joined,
        });
        prev_end = word_end;
    }
    words
}

fn is_initial_letter(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.next().is_none()
}

fn is_abbreviation(word: &str) -> bool {
    matches!(
        word,
        "Mr" | "Mrs"
            | "Ms"
            | "Dr"
            | "Sen"
            | "Rep"
            | "Gov"
            | "Gen"
            | "Lt"
            | "Col"
            | "Capt"
            | "Adm"
            | "Sgt"
            | "Jr"
            | "Sr"
            | "St"
            | "Prof"
    )
}

/// An initial: "J.".
fn is_initial(word: &str) -> bool {
    word.len() == 2 && word.ends_with('.') && word.starts_with(|c: char| c.is_ascii_uppercase())
}

/// A capitalised word with lowercase letters: "Blinken", "Thomas-Greenfield",
/// "McDonald", not "UN" or "U.S.".
fn is_cap(word: &str) -> bool {
    word.starts_with(char::is_uppercase) && word.chars().any(char::is_lowercase)
}

/// An all-caps word or dotted abbreviation: "UN", "U.S.", "NATO".
fn is_acronym(word: &str) -> bool {
    word.chars().any(char::is_alphabetic)
        && !word.chars().any(char::is_lowercase)
        && !is_initial(word)
}

/// Lowercase ASCII fold of a word, dots dropped: "António" → "antonio",
/// "Gov." → "gov".
fn fold_key(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    if word.is_ascii() {
        out.extend(
            word.chars()
                .filter(|c| *c != '.')
                .map(|c| c.to_ascii_lowercase()),
        );
    } else {
        for c in deunicode::deunicode(word).chars() {
            if c != '.' {
                out.push(c.to_ascii_lowercase());
            }
        }
    }
    out
}

fn is_role_head(word: &str) -> bool {
    key_in(&lexicon().role_heads, word)
}

fn is_role_word(word: &str) -> bool {
    let lex = lexicon();
    with_key(word, |key| {
        lex.role_heads.contains(key) || lex.role_words.contains(key)
    })
}

/// Whether a word may be part of a name run.
fn name_like(word: &Word<'_>) -> bool {
    (is_cap(word.text) || is_initial(word.text)) && !key_in(&lexicon().not_name, word.text)
}

/// The end of the run of name-like words starting at `i`, if one starts
/// there. Role connectors (`of`, `the`) and acronyms ("UN", "U.S.") may sit
/// inside a run when a role word precedes them; particles inside a name.
fn run_at(words: &[Word<'_>], i: usize) -> Option<usize> {
    let starts = name_like(&words[i])
        || is_acronym(words[i].text)
            && words.get(i + 1).is_some_and(|w| w.joined && is_cap(w.text));
    if !starts {
        return None;
    }
    let mut end = i + 1;
    let mut seen_role = is_role_word(words[i].text);
    while end < words.len() && !words[end - 1].possessive {
        let w = &words[end];
        if !w.joined {
            break;
        }
        let next_cap = words
            .get(end + 1)
            .is_some_and(|n| n.joined && is_cap(n.text));
        let connector = seen_role
            && matches!(w.text, "of" | "the")
            && (next_cap || words.get(end + 1).is_some_and(|n| n.text == "the"));
        let particle = PARTICLES.contains(&w.text) && next_cap;
        if name_like(w) || connector || particle || (is_acronym(w.text) && next_cap && seen_role) {
            seen_role |= is_role_word(w.text);
            end += 1;
        } else {
            break;
        }
    }
    Some(end)
}

/// The lowercase role right before the word at `i` ("national security
/// adviser" Jake Sullivan), if there is one.
fn role_before(text: &str, words: &[Word<'_>], i: usize) -> Option<String> {
    let head = &words[i - 1];
    if !words[i].joined || head.possessive || !is_role_head(head.text) {
        return None;
    }
    let mut start = i - 1;
    while start > 0 && i - start < 5 {
        let w = &words[start - 1];
        if !words[start].joined
            || w.possessive
            || !(is_role_word(w.text) || is_cap(w.text) || is_acronym(w.text))
            || matches!(w.text, "the" | "of" | "and" | "for")
        {
            break;
        }
        start -= 1;
    }
    Some(join_words(text, &words[start..i]))
}

/// Whether a role follows a name in apposition: ", Russia’s ambassador to
/// the U.N.", ", the US National Security Council spokesperson".
fn apposition_follows(text: &str, end: usize) -> bool {
    let Some(rest) = text[end..].strip_prefix(',') else {
        return false;
    };
    let clause = rest
        .split([',', '.', ';', ':', '(', '“', '"'])
        .next()
        .unwrap_or("");
    clause.split_whitespace().take(8).any(|w| {
        is_role_head(w.trim_end_matches(['’', '\'']))
            || is_role_head(w.trim_end_matches("'s").trim_end_matches("’s"))
    })
}

/// Whether the name ending before word `next` is a photo credit or a byline
/// rather than a person in the story: "Angela Weiss/AFP", "(Alexi Rosenfeld
/// / Getty Images)", "Jaclyn Diaz reported from Jerusalem", "Laura King
/// contributed to this report".
fn is_credit(text: &str, words: &[Word<'_>], next: usize) -> bool {
    let end = words[next - 1].end;
    if text[end..].trim_start_matches(' ').starts_with('/') {
        return true;
    }
    let after = |k: usize| words.get(next + k).map(|w| w.text);
    matches!(
        (after(0), after(1)),
        (Some("reported" | "reporting"), Some("from" | "in" | "by")) | (Some("contributed"), _)
    )
}

/// Whether a company marker follows the name ending before word `next`:
/// "Merrill Lynch and Co", "Morgan Stanley Inc", "Texaco <TX>".
fn company_follows(text: &str, words: &[Word<'_>], next: usize) -> bool {
    if text[words[next - 1].end..]
        .trim_start()
        .starts_with(['<', '&'])
    {
        return true;
    }
    let org = |k: usize| {
        words
            .get(next + k)
            .is_some_and(|w| w.joined && key_in(&lexicon().org_words, w.text))
    };
    org(0) || (words.get(next).is_some_and(|w| w.joined && w.text == "and") && org(1))
}

/// Whether a speech verb is right before the name or right after it.
fn speech_next_to(words: &[Word<'_>], start: usize, end: usize) -> bool {
    let is_verb = |w: &Word<'_>| SPEECH_VERBS.contains(&w.text);
    (start > 0 && words[start].joined && is_verb(&words[start - 1]))
        || words.get(end).is_some_and(|w| w.joined && is_verb(w))
}

/// Whether a one-word name is a country, demonym or city instead.
fn is_place(word: &str, countries: &CountryTagger) -> bool {
    countries.resolve(word).is_some()
}

/// Whether a word is a country's own name ("China"; not "Ziyang", a
/// Chinese city that is also a given name).
fn is_country_name(word: &str, countries: &CountryTagger) -> bool {
    countries
        .resolve(word)
        .is_some_and(|c| c.label.eq_ignore_ascii_case(word))
}

/// Whether the first word of a multi-word name is a place ("Gaza City";
/// but "Zhao Ziyang" and "Kenneth Douglas" are people though Ziyang and
/// Douglas are cities too).
fn is_place_word(word: &str, countries: &CountryTagger) -> bool {
    !is_initial(word) && word.len() > 2 && is_place(word, countries)
}

/// The text from the first to the last of `words`, whitespace collapsed.
fn join_words(text: &str, words: &[Word<'_>]) -> String {
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return String::new();
    };
    let end = if last.possessive {
        last.start + last.text.len()
    } else {
        last.end
    };
    text[first.start..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// "REAGAN" → "Reagan", "THOMAS-GREENFIELD" → "Thomas-Greenfield".
fn title_case(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut upper = true;
    for c in word.chars() {
        if upper {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        upper = !c.is_alphanumeric();
    }
    out
}

/// The slug of a name: folded words without initials and suffixes.
///
/// ```
/// use newsdex_core::extract::people::slug;
/// assert_eq!(slug(&["António", "Guterres"]), "antonio-guterres");
/// assert_eq!(slug(&["Antony", "J.", "Blinken"]), "antony-blinken");
/// assert_eq!(slug(&["Richard", "von", "Weizsäcker"]), "richard-von-weizsacker");
/// assert_eq!(slug(&["Linda", "Thomas-Greenfield"]), "linda-thomas-greenfield");
/// ```
pub fn slug<S: AsRef<str>>(words: &[S]) -> String {
    let mut out = String::new();
    for word in words {
        let word = word.as_ref();
        if is_initial(word) || is_initial_letter(word) {
            continue;
        }
        let key = fold_key(word);
        if SUFFIXES.contains(&key.as_str()) {
            continue;
        }
        let part: String = key
            .chars()
            .filter_map(|c| match c {
                'a'..='z' | '0'..='9' => Some(c),
                '-' | ' ' => Some('-'),
                _ => None,
            })
            .collect();
        let part = part.trim_matches('-');
        if part.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(part);
    }
    out
}

/// The surname key of a name: the slug of its last word.
fn surname_key<S: AsRef<str>>(words: &[S]) -> String {
    words
        .iter()
        .rev()
        .map(|w| slug(std::slice::from_ref(w)))
        .find(|s| !s.is_empty())
        .unwrap_or_default()
}

/// Merges candidates into people: one person per slug; one-word names are
/// linked to the full name with the same surname when the article has one.
fn merge(candidates: Vec<Candidate>) -> Vec<Person> {
    let mut people: Vec<(Person, String, usize)> = Vec::new(); // person, surname, words
    let add_role = |person: &mut Person, role: &Option<String>| {
        if let Some(role) = role {
            if !person.roles.iter().any(|r| r.eq_ignore_ascii_case(role)) {
                person.roles.push(role.clone());
            }
        }
    };
    // Full names first, so one-word mentions can link to them wherever they
    // stand in the text.
    for c in candidates.iter().filter(|c| c.words.len() > 1) {
        let slug = slug(&c.words);
        if slug.is_empty() {
            continue;
        }
        if let Some((person, _, n)) = people.iter_mut().find(|(p, _, _)| p.slug == slug) {
            if c.words.len() > *n {
                person.name = c.words.join(" ");
                *n = c.words.len();
            }
            add_role(person, &c.role);
            continue;
        }
        let mut person = Person {
            slug,
            name: c.words.join(" "),
            roles: Vec::new(),
        };
        add_role(&mut person, &c.role);
        people.push((person, surname_key(&c.words), c.words.len()));
    }
    for c in candidates.iter().filter(|c| c.words.len() == 1) {
        let key = surname_key(&c.words);
        if key.is_empty() {
            continue;
        }
        // The surname, or else the first word of a two-word name (Chinese
        // names put the family name first: "DENG SAYS" is Deng Xiaoping).
        let linked = people
            .iter()
            .position(|(p, s, _)| *s == key || p.slug == key)
            .or_else(|| {
                people
                    .iter()
                    .position(|(p, _, n)| *n == 2 && p.slug.split('-').next() == Some(key.as_str()))
            });
        if let Some(i) = linked {
            add_role(&mut people[i].0, &c.role);
            continue;
        }
        let mut person = Person {
            slug: key.clone(),
            name: c.words[0].clone(),
            roles: Vec::new(),
        };
        add_role(&mut person, &c.role);
        people.push((person, key, 1));
    }
    people.into_iter().map(|(p, _, _)| p).collect()
}

/// The surname of a person ("antony-blinken" → "blinken"), for linking
/// mentions and quote speakers.
pub fn surname_of(person: &Person) -> &str {
    person
        .name
        .rsplit(' ')
        .find(|w| !key_in(&lexicon().suffixes, w))
        .unwrap_or(&person.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people(body: &str) -> Vec<Person> {
        people_with_title("", body)
    }

    fn people_with_title(title: &str, body: &str) -> Vec<Person> {
        let input = ExtractInput {
            title,
            dateline: None,
            body,
            captions: &[],
        };
        PeopleExtractor::new().extract(&input, &CountryTagger::new())
    }

    fn slugs(people: &[Person]) -> Vec<&str> {
        people.iter().map(|p| p.slug.as_str()).collect()
    }

    #[test]
    fn roles_before_names() {
        let p = people(
            "UN Secretary General Antonio Guterres spoke. Israeli Prime Minister Benjamin \
             Netanyahu replied. State Department spokesman Matthew Miller said so. \
             Chancellor of the Exchequer Nigel Lawson agreed with Bank of Japan Governor \
             Satoshi Sumita.",
        );
        assert_eq!(
            slugs(&p),
            [
                "antonio-guterres",
                "benjamin-netanyahu",
                "matthew-miller",
                "nigel-lawson",
                "satoshi-sumita"
            ]
        );
        assert_eq!(p[0].roles, ["UN Secretary General"]);
        assert_eq!(p[1].roles, ["Israeli Prime Minister"]);
        assert_eq!(p[2].roles, ["State Department spokesman"]);
        assert_eq!(p[3].roles, ["Chancellor of the Exchequer"]);
        assert_eq!(p[4].roles, ["Bank of Japan Governor"]);
    }

    #[test]
    fn lowercase_roles_and_apposition() {
        let p = people(
            "He met national security adviser Jake Sullivan and defence minister Yoav \
             Gallant. Vassily Nebenzia, Russia’s ambassador to the U.N., said no. Tzachi \
             Hanegbi, a close confidant, did not. Gaza Strip Rafah, a city, did not.",
        );
        assert_eq!(
            slugs(&p),
            [
                "jake-sullivan",
                "yoav-gallant",
                "vassily-nebenzia",
                "tzachi-hanegbi"
            ]
        );
        assert_eq!(p[0].roles, ["national security adviser"]);
    }

    #[test]
    fn surname_mentions_link_to_the_full_name() {
        let p = people(
            "President Talbot spoke on Monday. Later, Walter Talbot told reporters. \
             Treasury Secretary Helen Marsh agreed, Marsh said.",
        );
        assert_eq!(slugs(&p), ["walter-talbot", "helen-marsh"]);
        assert_eq!(p[0].roles, ["President"]);
    }

    #[test]
    fn diacritics_initials_and_hyphens() {
        let p = people(
            "UN secretary-general António Guterres wrote on X. Secretary of State Antony J. \
             Blinken and US Ambassador Linda Thomas-Greenfield agreed.",
        );
        assert_eq!(
            slugs(&p),
            [
                "antonio-guterres",
                "antony-blinken",
                "linda-thomas-greenfield"
            ]
        );
        assert_eq!(p[1].name, "Antony J. Blinken");
    }

    #[test]
    fn places_organisations_and_days_are_not_people() {
        let p = people(
            "The Security Council met in Gaza City on Friday. The White House and Hamas \
             said the United States would abstain. Prime Minister Israel was no person.",
        );
        assert!(p.is_empty(), "{p:?}");
    }

    #[test]
    fn reuters_headlines() {
        // Invented headlines in the shapes of Reuters-21578 titles.
        let p = people_with_title("TREASURY'S HALVORSEN SAYS DOLLAR WILL HOLD", "");
        assert_eq!(slugs(&p), ["halvorsen"]);
        let p = people_with_title("PRESIDENT TALBOT SAYS HE WILL SIGN FARM BILL", "");
        assert_eq!(slugs(&p), ["talbot"]);
        let p = people_with_title("GRETA OKAFOR SAYS SHE WILL BID FOR AIRLINE", "");
        assert_eq!(slugs(&p), ["greta-okafor"]);
        let p = people_with_title("Kowalczyk says the zloty slide is only temporary", "");
        assert_eq!(slugs(&p), ["kowalczyk"]);
        let p = people_with_title("Output stays under the agreed ceiling - Ramdani", "");
        assert_eq!(slugs(&p), ["ramdani"]);
        let p = people_with_title(
            "LINDQVIST SEES SLOWER GROWTH",
            "Central bank governor Erik Lindqvist said growth would slow this year.",
        );
        assert_eq!(slugs(&p), ["erik-lindqvist"]);
        let p = people_with_title(
            "ZHOU SAYS REFORMS WILL GO ON",
            "Chinese Premier Zhou Minghua told visiting Foreign Minister Anna Berg \
             China's reforms would go on.",
        );
        assert_eq!(slugs(&p), ["zhou-minghua", "anna-berg"]);
        let p = people_with_title("HALVORSEN SAYS DEFICIT IS KEY", "****** Blah blah blah.");
        assert_eq!(slugs(&p), ["halvorsen"]);
        let p = people_with_title(
            "USDA SAYS CORN STOCKS RISE",
            "The USDA reported on Tuesday that stored corn was up sharply from a year ago.",
        );
        assert!(p.is_empty(), "{p:?}");
        for title in [
            "REPORT SAYS U.S. TRADE GAP WIDENS",
            "JAPAN SAYS IT WILL CUT TARIFFS",
            "TEXACO <TX> SAYS IT FILES SUIT",
            "Company sees higher profit",
            "OPEC SAYS OUTPUT WITHIN CEILING",
        ] {
            assert!(people_with_title(title, "").is_empty(), "{title}");
        }
    }

    #[test]
    fn headline_word_used_in_lowercase_in_the_body_is_no_name() {
        let p = people_with_title("Output seen rising", "output rose in March");
        assert!(p.is_empty());
    }

    #[test]
    fn companies_are_not_people() {
        let p = people(
            "Morgan Stanley and Co said so. Salomon Brothers Inc agreed, as did Nikko \
             Securities, General Motors, General Electric, Merrill Lynch Capital Markets \
             and Chase Manhattan. Dow Chemical <DOW> said Ivory Coast cocoa rose.",
        );
        assert!(p.is_empty(), "{p:?}");
    }

    #[test]
    fn credits_and_bylines_are_not_people() {
        let p = people(
            "Angela Weiss/AFP via Getty Images. (Evelyn Hockstein/Associated Press) \
             (Alexi Rosenfeld / Getty Images file). Jaclyn Diaz reported from Jerusalem. \
             Laura King contributed to this report.",
        );
        assert!(p.is_empty(), "{p:?}");
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in [
            "",
            "’s",
            "Mr.",
            "A. B. C.",
            "Secretary of",
            "J. ’s Smith’s",
            "President",
            "\u{301}É",
        ] {
            let _ = people_with_title(text, text);
        }
    }
}
