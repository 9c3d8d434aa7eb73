//! The registry: the gazetteer's organisations, their slugs, labels and the
//! aliases user input may name them by (`--org unsc`, `"Security
//! Council"`, `un-security-council`). Never compiles the matcher.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::gazetteer::{self, normalize, slug_of, Kind};

/// Labels read without the registry, kept for the searches after.
static READ: crate::extract::labels::LabelMemo = std::sync::Mutex::new(None);

/// The registry [`OrgRegistry::shared`] builds on first use.
static SHARED: OnceLock<OrgRegistry> = OnceLock::new();

/// An organisation the gazetteers know.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KnownOrg {
    /// Canonical slug (`un/security-council`).
    pub slug: String,
    /// Display name (`UN Security Council`).
    pub label: String,
}

/// The organisations of the gazetteers, looked up by slug or alias.
///
/// The alias table is built on the first [`OrgRegistry::resolve`]: labelling
/// facet values (every search) needs slugs and labels only, and
/// normalising every alias of thousands of companies is most of the
/// registry's cost.
#[derive(Debug, Clone)]
pub struct OrgRegistry {
    orgs: Vec<KnownOrg>,
    /// Slug → index.
    by_slug: FxHashMap<String, usize>,
    /// Normalised alias (slug, label, names, inputs) → index.
    by_alias: OnceLock<FxHashMap<String, usize>>,
}

impl OrgRegistry {
    /// Parses the shipped gazetteers.
    pub fn new() -> Self {
        let mut registry = OrgRegistry {
            orgs: Vec::new(),
            by_slug: FxHashMap::default(),
            by_alias: OnceLock::new(),
        };
        for row in gazetteer::rows() {
            let index = registry.add(row.slug, row.text);
            if row.kind == Kind::Label {
                registry.orgs[index].label = row.text.to_string();
            }
        }
        for name in gazetteer::companies() {
            let slug = slug_of(name);
            if !slug.is_empty() {
                registry.add(&slug, name);
            }
        }
        registry
    }

    /// The alias table: each gazetteer name that needs no context and each
    /// company name (the first organisation to claim an alias keeps it),
    /// then every slug for itself, `-` for `/` too (`un-security-council`),
    /// over any alias.
    fn aliases(&self) -> &FxHashMap<String, usize> {
        self.by_alias.get_or_init(|| {
            let mut aliases = FxHashMap::default();
            let mut alias = |text: &str, index: usize| {
                let key = normalize(text);
                if !key.is_empty() {
                    aliases.entry(key).or_insert(index);
                }
            };
            for row in gazetteer::rows() {
                // A short name that needs context ("Council") names no
                // organisation on its own.
                if let (false, Some(&index)) = (row.ctx, self.by_slug.get(row.slug)) {
                    alias(row.text, index);
                }
            }
            for name in gazetteer::companies() {
                if let Some(&index) = self.by_slug.get(&slug_of(name)) {
                    alias(name, index);
                }
            }
            for (index, org) in self.orgs.iter().enumerate() {
                aliases.insert(normalize(&org.slug), index);
            }
            aliases
        })
    }

    /// The index of `slug`, added with `label` when new.
    fn add(&mut self, slug: &str, label: &str) -> usize {
        if let Some(&index) = self.by_slug.get(slug) {
            return index;
        }
        self.orgs.push(KnownOrg {
            slug: slug.to_string(),
            label: label.to_string(),
        });
        let index = self.orgs.len() - 1;
        self.by_slug.insert(slug.to_string(), index);
        index
    }

    /// The process-wide registry, built on first use.
    pub fn shared() -> &'static OrgRegistry {
        SHARED.get_or_init(OrgRegistry::new)
    }

    /// The labels of the organisations with slugs `slugs`, in order, as
    /// [`label`](Self::label) gives them (`None` for a slug the gazetteers
    /// do not know). Until the [`shared`](Self::shared) registry is built,
    /// reads only the rows of those slugs and the companies whose name
    /// makes one of them, without building it, and keeps what it read for
    /// the next call: what labelling the few facet values one search shows
    /// needs.
    pub fn labels_of(slugs: &[&str]) -> Vec<Option<String>> {
        match SHARED.get() {
            Some(registry) => slugs
                .iter()
                .map(|slug| registry.label(slug).map(str::to_string))
                .collect(),
            None => crate::extract::labels::memoised_labels(slugs, &READ, scan_labels),
        }
    }

    /// Resolves user input (slug, `-` for `/`, name, acronym; any case) to
    /// an organisation: `un/security-council`, `un-security-council`,
    /// `"Security Council"`, `UNSC`.
    ///
    /// ```
    /// use newsdex_core::extract::OrgRegistry;
    /// let orgs = OrgRegistry::shared();
    /// for input in ["un-security-council", "Security Council", "UNSC", "un/security-council"] {
    ///     assert_eq!(orgs.resolve(input).unwrap().slug, "un/security-council");
    /// }
    /// assert_eq!(orgs.resolve("U.N.").unwrap().slug, "un");
    /// ```
    pub fn resolve(&self, input: &str) -> Option<&KnownOrg> {
        self.aliases()
            .get(&normalize(input))
            .map(|&index| &self.orgs[index])
    }

    /// The organisation with slug `slug`.
    pub fn by_slug(&self, slug: &str) -> Option<&KnownOrg> {
        self.by_slug.get(slug).map(|&index| &self.orgs[index])
    }

    /// The label of `slug`, if the gazetteers know it.
    pub fn label(&self, slug: &str) -> Option<&str> {
        self.by_slug(slug).map(|org| org.label.as_str())
    }

    /// Every known organisation, in gazetteer order.
    pub fn all(&self) -> &[KnownOrg] {
        &self.orgs
    }

    /// The index of `slug`.
    pub(super) fn index(&self, slug: &str) -> Option<usize> {
        self.by_slug.get(slug).copied()
    }
}

/// [`OrgRegistry::labels_of`] without the registry: the rows of `slugs`
/// and the companies whose name makes one of them, as
/// [`OrgRegistry::new`] reads them (the first row of a slug names it, a
/// label row, the last, wins; a company names only a slug no row has, the
/// first such company).
pub(super) fn scan_labels(slugs: &[&str]) -> Vec<Option<String>> {
    let mut labels: FxHashMap<&str, Option<&str>> =
        slugs.iter().map(|&slug| (slug, None)).collect();
    for (line, slug) in gazetteer::row_lines() {
        // Only the slug is read of a row no one asked about.
        let Some(label) = labels.get_mut(crate::extract::labels::trimmed(slug)) else {
            continue;
        };
        if let Some(row) = gazetteer::parse_row(line) {
            if label.is_none() || row.kind == Kind::Label {
                *label = Some(row.text);
            }
        }
    }
    let mut missing: Vec<&str> = labels
        .iter()
        .filter(|(slug, label)| label.is_none() && !slug.is_empty())
        .map(|(&slug, _)| slug)
        .collect();
    if !missing.is_empty() {
        let wanted = missing.clone();
        for name in gazetteer::company_names_of(&wanted) {
            if let Some(at) = missing
                .iter()
                .position(|slug| gazetteer::slug_is(name, slug))
            {
                labels.insert(missing.swap_remove(at), Some(name));
                if missing.is_empty() {
                    break;
                }
            }
        }
    }
    slugs
        .iter()
        .map(|slug| labels.get(slug).copied().flatten().map(str::to_string))
        .collect()
}

impl Default for OrgRegistry {
    fn default() -> Self {
        Self::new()
    }
}
