//! The gazetteer: `gazetteer/countries.tsv` and `gazetteer/curated.tsv`
//! parsed into countries, the aliases user input may name them by
//! ([`entries`], all a registry needs), and the text patterns the tagger
//! searches for ([`patterns`]: one per alias, ambiguous aliases settled by
//! rank or dropped).

use rustc_hash::FxHashMap;

use super::model::{Country, Rule};

/// The generated gazetteer (ISO 3166-1 names, capitals, demonyms, cities).
const GENERATED_TSV: &str = include_str!("../gazetteer/countries.tsv");
/// The hand-curated gazetteer, applied after the generated one.
const CURATED_TSV: &str = include_str!("../gazetteer/curated.tsv");

/// How an alias may match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Flags {
    /// Same case as written ("US" but not "us").
    pub(super) exact: bool,
    /// Lowercase text matches too ("yen").
    pub(super) anycase: bool,
    /// Only inside a dateline ("Conn.").
    pub(super) dateline_only: bool,
    /// A disambiguation rule.
    pub(super) rule: Option<Rule>,
    /// A weak cue (a currency): counts as a passing mention wherever it is.
    pub(super) minor: bool,
}

/// One pattern of the automaton.
#[derive(Debug, Clone)]
pub(super) struct Pattern {
    /// As written in the gazetteer (for `exact`).
    pub(super) text: String,
    /// Country index, `None` for a block.
    pub(super) country: Option<usize>,
    pub(super) flags: Flags,
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
    rows_of(tsv).filter_map(move |line| parse_row(line, curated))
}

/// The lines of a gazetteer that hold rows (not blank, not comments).
fn rows_of(tsv: &str) -> impl Iterator<Item = &str> {
    tsv.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

/// One row of a gazetteer (see [`rows_of`]); `None` when it has no text.
fn parse_row(line: &str, curated: bool) -> Option<Row<'_>> {
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
}

/// Normalises user input and aliases for
/// [`CountryRegistry::resolve`](super::CountryRegistry::resolve):
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

/// The labels of the countries with ids `ids`, as [`entries`] gives them
/// (`None` for an id no row names), from the rows of those ids only: what
/// labelling a few facet values needs, without building the countries.
pub(super) fn labels_of(ids: &[&str]) -> Vec<Option<String>> {
    let mut labels: FxHashMap<&str, Option<&str>> = ids.iter().map(|&id| (id, None)).collect();
    for (tsv, curated) in [(GENERATED_TSV, false), (CURATED_TSV, true)] {
        for (line, id) in crate::extract::labels::lines_and_first_columns(tsv) {
            // Only the id is read of a row no one asked about; the rest of
            // `rows_of` and `parse_row` applies to the rows asked about.
            let Some(label) = labels.get_mut(crate::extract::labels::trimmed(id)) else {
                continue;
            };
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let Some(row) = parse_row(line, curated) else {
                continue;
            };
            if row.id == "-" || row.id == "*" || row.kind == "drop" {
                continue;
            }
            // The first row names the country; a label row (the last) wins.
            if label.is_none() || row.kind == "label" {
                *label = Some(row.text);
            }
        }
    }
    ids.iter()
        .map(|id| labels.get(id).copied().flatten().map(str::to_string))
        .collect()
}

/// The rows of both gazetteers, the generated ones first.
fn rows() -> Vec<Row<'static>> {
    parse_rows(GENERATED_TSV, false)
        .chain(parse_rows(CURATED_TSV, true))
        .collect()
}

/// The countries of the gazetteer, their ids and successors.
pub(super) struct Entries {
    pub(super) countries: Vec<Country>,
    /// Lowercase id → index.
    pub(super) by_id: FxHashMap<String, usize>,
    /// Historical state → its successors' indices.
    pub(super) successors: Vec<(usize, Vec<usize>)>,
}

/// Parses the countries, their ids and successors (no aliases, no text
/// patterns): what labelling a facet value needs.
pub(super) fn entries() -> Entries {
    let rows = rows();

    // Countries and labels (the last label given wins).
    let mut countries: Vec<Country> = Vec::new();
    let mut by_id: FxHashMap<String, usize> = FxHashMap::default();
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

    let successors = rows
        .iter()
        .filter(|row| row.kind == "successor")
        .filter_map(|row| {
            let hist = *by_id.get(row.id)?;
            let succ = row
                .text
                .split_whitespace()
                .filter_map(|s| by_id.get(s).copied())
                .collect();
            Some((hist, succ))
        })
        .collect();

    Entries {
        countries,
        by_id,
        successors,
    }
}

/// Normalised alias (see [`normalize`]) → index of `countries`, for user
/// input: ids, codes, labels, names, ... (not dateline abbreviations or
/// blocks). The first claim by the best kind wins.
pub(super) fn aliases(
    countries: &[Country],
    by_id: &FxHashMap<String, usize>,
) -> FxHashMap<String, usize> {
    let rows = rows();
    let mut by_alias: FxHashMap<String, (usize, u8)> = FxHashMap::default();
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
    by_alias.into_iter().map(|(k, (i, _))| (k, i)).collect()
}

/// The text patterns of the gazetteer, sorted by their lowercase text;
/// `by_id` maps ids to country indices (see [`entries`]).
pub(super) fn patterns(by_id: &FxHashMap<String, usize>) -> Vec<Pattern> {
    let rows = rows();

    // Rows per country: a rough size used to break alias ties.
    let mut sizes = vec![0usize; by_id.len()];
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
    let mut cands: FxHashMap<String, Candidate> = FxHashMap::default();
    for row in &rows {
        if matches!(row.kind, "drop" | "code" | "successor") {
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
        // Labels from the ISO list are often "Korea, Republic of": only
        // curated labels and names are text patterns.
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
                        // "French" (France, and four French territories):
                        // the country with the larger gazetteer entry wins;
                        // a true tie is dropped.
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
    keys.into_iter()
        .map(|k| &cands[k])
        .filter(|c| !c.ambiguous)
        .map(|c| Pattern {
            text: c.text.clone(),
            country: c.country,
            flags: c.flags,
        })
        .collect()
}
