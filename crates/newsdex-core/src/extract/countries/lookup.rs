//! Lookup: user input (`--country russia`, `RU`, `West Germany`) resolved
//! to countries, "did you mean" suggestions, and the list of every country.
//! Needs only the gazetteer, never the tagging automaton.

use super::gazetteer::normalize;
use super::{Country, CountryTagger};

impl CountryTagger {
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
