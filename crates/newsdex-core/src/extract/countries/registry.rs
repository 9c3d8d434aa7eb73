//! The registry: the gazetteer's countries, their ids, the aliases user
//! input may name them by (`--country russia`, `RU`, `West Germany`) and
//! the successors of historical states; "did you mean" suggestions and the
//! list of every country. Never compiles the tagging automaton.

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

use super::gazetteer::{self, normalize};
use super::model::Country;

/// Labels read without the registry, kept for the searches after.
static READ: crate::extract::labels::LabelMemo = std::sync::Mutex::new(None);

/// The registry [`CountryRegistry::shared`] builds on first use.
static SHARED: OnceLock<CountryRegistry> = OnceLock::new();

/// The countries known to the gazetteer, looked up by id or by any alias.
/// Cheap to build (the gazetteer's tables only): what resolving user input
/// and labelling facets need, without the tagger's automaton.
#[derive(Debug, Clone)]
pub struct CountryRegistry {
    countries: Vec<Country>,
    /// Lowercase id → index.
    by_id: FxHashMap<String, usize>,
    /// Normalised alias (see [`normalize`]) → index, for user input; built
    /// the first time input is resolved (labelling facets never needs it).
    by_alias: OnceLock<FxHashMap<String, usize>>,
    /// Historical state → its successors' indices (see `successor` rows).
    successors: Vec<(usize, Vec<usize>)>,
}

impl CountryRegistry {
    /// Parses the shipped gazetteers' countries and aliases.
    pub fn new() -> Self {
        let gazetteer::Entries {
            countries,
            by_id,
            successors,
        } = gazetteer::entries();
        CountryRegistry {
            countries,
            by_id,
            by_alias: OnceLock::new(),
            successors,
        }
    }

    /// The process-wide registry, built on first use: what resolving
    /// `--country` input and labelling facets (every `search`) share,
    /// without building an [`Extractor`](crate::extract::Extractor).
    pub fn shared() -> &'static CountryRegistry {
        SHARED.get_or_init(CountryRegistry::new)
    }

    /// The labels of the countries with canonical ids `ids`, in order, as
    /// [`label`](Self::label) gives them (`None` for an unknown id). Until
    /// the [`shared`](Self::shared) registry is built, reads only the
    /// gazetteer rows of those ids, without building it, and keeps what it
    /// read for the next call: labelling the few facet values one search
    /// shows costs a small part of building the registry.
    pub fn labels_of(ids: &[&str]) -> Vec<Option<String>> {
        match SHARED.get() {
            Some(registry) => ids
                .iter()
                .map(|id| registry.label(id).map(str::to_string))
                .collect(),
            None => crate::extract::labels::memoised_labels(ids, &READ, gazetteer::labels_of),
        }
    }

    /// Resolves user input (id, ISO code, name, adjective, Reuters label,
    /// alias; any case, `-` or space) to a country: `russia`, `RU`, `ru`,
    /// `Russian`, `west-germany`, `West Germany`.
    pub fn resolve(&self, alias: &str) -> Option<Country> {
        self.lookup(alias).cloned()
    }

    /// The country user input names (see [`resolve`](Self::resolve)),
    /// borrowed.
    pub fn lookup(&self, alias: &str) -> Option<&Country> {
        let by_alias = self.aliases();
        let find = |key: &str| self.by_id.get(key).or_else(|| by_alias.get(key));
        // One plain word (what the extractors ask about, word by word):
        // its normal form is its lowercase, built on the stack.
        let mut buf = [0u8; 32];
        let plain = alias.len() <= buf.len() && alias.bytes().all(|b| b.is_ascii_alphanumeric());
        let found = if plain {
            for (to, from) in buf.iter_mut().zip(alias.bytes()) {
                *to = from.to_ascii_lowercase();
            }
            std::str::from_utf8(&buf[..alias.len()]).ok().and_then(find)
        } else {
            find(&normalize(alias))
        };
        found.map(|&i| &self.countries[i])
    }

    /// The country with canonical id `id`.
    pub fn by_id(&self, id: &str) -> Option<Country> {
        self.by_id.get(id).map(|&i| self.countries[i].clone())
    }

    /// The label of the country with canonical id `id`.
    pub fn label(&self, id: &str) -> Option<&str> {
        self.by_id
            .get(id)
            .map(|&i| self.countries[i].label.as_str())
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
            .aliases()
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

    /// The alias table, built on first use.
    fn aliases(&self) -> &FxHashMap<String, usize> {
        self.by_alias
            .get_or_init(|| gazetteer::aliases(&self.countries, &self.by_id))
    }

    /// The index of the country with canonical id `id`.
    pub(super) fn index(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Every country, by index.
    pub(super) fn countries(&self) -> &[Country] {
        &self.countries
    }

    /// The id → index table.
    pub(super) fn ids(&self) -> &FxHashMap<String, usize> {
        &self.by_id
    }

    /// Historical states and their successors' indices.
    pub(super) fn successors(&self) -> &[(usize, Vec<usize>)] {
        &self.successors
    }
}

impl Default for CountryRegistry {
    fn default() -> Self {
        Self::new()
    }
}
