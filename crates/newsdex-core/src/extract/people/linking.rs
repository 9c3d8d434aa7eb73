//! Linking and slugs: candidates merged into people (one per slug, one-word
//! mentions linked to the full name), and the slug and surname of a name.

use rustc_hash::{FxHashMap, FxHashSet};

use super::candidate::Candidate;
use super::tokens::{fold_key, is_initial, is_initial_letter, with_key};
use crate::article::Person;

/// Suffixes left out of slugs and names' surnames. Kept in code, not in the
/// word lists: they are part of the slug format, which indexes store and
/// `--person` input is resolved with (without loading the word lists).
const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

/// Whether a word is a name suffix ("Jr.", "III").
pub(super) fn is_suffix(word: &str) -> bool {
    with_key(word, |key| SUFFIXES.contains(&key))
}

/// The slug of a name: folded words without initials and suffixes.
///
/// ```
/// use newsdex_core::extract::slug;
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

/// The surname of a person ("antony-blinken" → "blinken"), for linking
/// mentions and quote speakers.
pub fn surname_of(person: &Person) -> &str {
    person
        .name
        .rsplit(' ')
        .find(|w| !is_suffix(w))
        .unwrap_or(&person.name)
}

/// A person being merged.
struct Entry {
    person: Person,
    /// Words of the longest name seen.
    words: usize,
    /// The roles already recorded, ASCII-lowercased (roles differing only
    /// in case are one role).
    roles: FxHashSet<String>,
}

impl Entry {
    fn new(slug: String, name: String, words: usize) -> Self {
        Entry {
            person: Person {
                slug,
                name,
                roles: Vec::new(),
            },
            words,
            roles: FxHashSet::default(),
        }
    }

    fn add_role(&mut self, role: &Option<String>) {
        if let Some(role) = role {
            if self.roles.insert(role.to_ascii_lowercase()) {
                self.person.roles.push(role.clone());
            }
        }
    }
}

/// Merges candidates into people: one person per slug; one-word names are
/// linked to the full name with the same surname when the article has one.
/// People are found through hash maps, so merging is linear in the
/// candidates however many people an article names.
pub(super) fn merge(candidates: Vec<Candidate>) -> Vec<Person> {
    let mut people: Vec<Entry> = Vec::new();
    // Slug → person; surname key → first person with it.
    let mut by_slug: FxHashMap<String, usize> = FxHashMap::default();
    let mut by_surname: FxHashMap<String, usize> = FxHashMap::default();
    // Names the story gives a legal form somewhere ("Diamond Shamrock
    // Corp") are a company's wherever they stand.
    let companies: FxHashSet<String> = candidates
        .iter()
        .filter(|c| c.company)
        .map(|c| slug(&c.words))
        .collect();
    // Full names first, so one-word mentions can link to them wherever they
    // stand in the text.
    for c in candidates
        .iter()
        .filter(|c| c.words.len() > 1 && !c.company && !c.weak)
    {
        let slug = slug(&c.words);
        if slug.is_empty() || companies.contains(&slug) {
            continue;
        }
        if let Some(&i) = by_slug.get(&slug) {
            let entry = &mut people[i];
            if c.words.len() > entry.words {
                entry.person.name = c.words.join(" ");
                entry.words = c.words.len();
            }
            entry.add_role(&c.role);
            continue;
        }
        let i = people.len();
        by_slug.insert(slug.clone(), i);
        by_surname.entry(surname_key(&c.words)).or_insert(i);
        let mut entry = Entry::new(slug, c.words.join(" "), c.words.len());
        entry.add_role(&c.role);
        people.push(entry);
    }
    // The first word of each two-word name → first person with it.
    let mut by_first_word: FxHashMap<String, usize> = FxHashMap::default();
    for (i, entry) in people.iter().enumerate() {
        if entry.words == 2 {
            if let Some(first) = entry.person.slug.split('-').next() {
                by_first_word.entry(first.to_string()).or_insert(i);
            }
        }
    }
    // Full names without evidence of their own, by surname: a one-word
    // mention ties them to a person.
    let mut weak_by_surname: FxHashMap<String, &Candidate> = FxHashMap::default();
    for c in candidates.iter().filter(|c| c.words.len() > 1 && c.weak) {
        let slug = slug(&c.words);
        if !slug.is_empty() && !companies.contains(&slug) && !by_slug.contains_key(&slug) {
            weak_by_surname.entry(surname_key(&c.words)).or_insert(c);
        }
    }
    for c in candidates
        .iter()
        .filter(|c| c.words.len() == 1 && !c.company)
    {
        let key = surname_key(&c.words);
        if key.is_empty() {
            continue;
        }
        // The surname, or else the first word of a two-word name (Chinese
        // names put the family name first: "DENG SAYS" is Deng Xiaoping).
        let by_name = match (by_surname.get(&key), by_slug.get(&key)) {
            (Some(&a), Some(&b)) => Some(a.min(b)),
            (a, b) => a.or(b).copied(),
        };
        if let Some(i) = by_name.or_else(|| by_first_word.get(&key).copied()) {
            people[i].add_role(&c.role);
            continue;
        }
        if let Some(full) = weak_by_surname.remove(&key) {
            // "Kerrigan Moss ... Moss said": the full name is the person.
            let slug = slug(&full.words);
            let i = people.len();
            by_slug.insert(slug.clone(), i);
            by_surname.insert(key.clone(), i);
            let mut entry = Entry::new(slug, full.words.join(" "), full.words.len());
            entry.add_role(&full.role);
            entry.add_role(&c.role);
            people.push(entry);
            continue;
        }
        if c.weak {
            // A surname next to a speech verb, tied to no full name.
            continue;
        }
        let i = people.len();
        by_slug.insert(key.clone(), i);
        by_surname.entry(key.clone()).or_insert(i);
        let mut entry = Entry::new(key, c.words[0].clone(), 1);
        entry.add_role(&c.role);
        people.push(entry);
    }
    people.into_iter().map(|e| e.person).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::hostile_inputs::assert_linear;

    /// A distinct capitalised word for each `i`.
    fn word(mut i: usize) -> String {
        let mut out = String::from("B");
        loop {
            out.push(char::from(b'a' + (i % 26) as u8));
            i /= 26;
            if i == 0 {
                break;
            }
        }
        out
    }

    fn candidate(words: &[&str], role: Option<String>) -> Candidate {
        Candidate {
            words: words.iter().map(|w| w.to_string()).collect(),
            role,
            company: false,
            weak: false,
        }
    }

    /// `make(0)`, `make(1)`, … up to about `n` bytes of names and roles.
    fn candidates(n: usize, make: &dyn Fn(usize) -> Candidate) -> Vec<Candidate> {
        let mut out = Vec::new();
        let mut bytes = 0;
        while bytes < n {
            let c = make(out.len());
            bytes += c.words.iter().map(String::len).sum::<usize>();
            bytes += c.role.as_ref().map_or(0, String::len);
            out.push(c);
        }
        out
    }

    #[test]
    fn merging_is_linear_in_the_candidates() {
        // Each candidate was compared with every person before it, and each
        // role with every role of its person.
        let full_names = |i: usize| candidate(&["Anna", &word(i)], None);
        let one_word = |i: usize| candidate(&[&word(i)], Some("Dr".into()));
        let roles = |i: usize| candidate(&["Anna", "Berg"], Some(format!("Dr {}", word(i))));
        let shapes: [(&str, &dyn Fn(usize) -> Candidate); 3] = [
            ("full names", &full_names),
            ("one-word names", &one_word),
            ("roles", &roles),
        ];
        for (name, make) in shapes {
            assert_linear(
                name,
                32 << 10,
                |n| candidates(n, make),
                |c| {
                    std::hint::black_box(merge(c.clone()));
                },
            );
        }
    }

    #[test]
    fn one_word_names_link_to_the_first_full_name_that_fits() {
        let people = merge(vec![
            candidate(&["Deng", "Xiaoping"], None),
            candidate(&["Anna", "Berg"], Some("Minister".into())),
            candidate(&["Carl", "Berg"], None),
            candidate(&["Berg"], Some("minister".into())),
            candidate(&["Deng"], Some("Premier".into())),
            candidate(&["Okafor"], Some("Dr".into())),
            candidate(&["Okafor"], Some("Governor".into())),
        ]);
        let summary: Vec<(&str, &[String])> = people
            .iter()
            .map(|p| (p.slug.as_str(), p.roles.as_slice()))
            .collect();
        assert_eq!(
            summary,
            [
                ("deng-xiaoping", &["Premier".to_string()][..]),
                ("anna-berg", &["Minister".to_string()][..]),
                ("carl-berg", &[][..]),
                ("okafor", &["Dr".to_string(), "Governor".to_string()][..]),
            ]
        );
    }
}
