//! Near-duplicate groups measured against an exact oracle on Reuters-21578,
//! which re-sends and corrects stories.
//!
//! Every story of the given SGML files is indexed as `newsdex index` would
//! (an index in memory, the real pipeline: the groups are the `dup_group`s
//! decided at index time). The oracle is exact: the Jaccard similarity of
//! the 5-word shingle sets of the cleaned bodies, computed by brute force
//! over every pair of a sample ([`SAMPLE`] stories: the first with a body,
//! in `NEWID` order, so re-sends, which follow their original within hours,
//! fall in it with it). Pairs at or above [`JACCARD_THRESHOLD`] are the
//! oracle's near-duplicates.
//!
//! - **recall**: oracle pairs that newsdex put in one group;
//! - **precision**: pairs newsdex put in one group (both in the sample)
//!   that the oracle calls near-duplicates;
//! - **precision, chained**: the same, counting a pair as right when a
//!   chain of oracle pairs links it (a group is the closure of its links).

use std::collections::HashMap;
use std::fmt;

use newsdex_core::dups::{exact_jaccard, shingle_hashes, JACCARD_THRESHOLD};
use newsdex_core::{NewsIndex, Result};
use serde::Serialize;

/// Stories in the oracle's sample.
pub const SAMPLE: usize = 2_000;

/// The result of [`score_duplicates`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct DuplicatesReport {
    /// Stories indexed.
    pub stories: u64,
    /// Near-duplicate groups of two or more stories, over all stories.
    pub groups: usize,
    /// Stories in those groups.
    pub grouped_stories: usize,
    /// Stories in the oracle's sample.
    pub sample: usize,
    /// Pairs of the sample the oracle calls near-duplicates.
    pub oracle_pairs: usize,
    /// Pairs of the sample newsdex put in one group.
    pub grouped_pairs: usize,
    /// Pairs in both.
    pub agreed_pairs: usize,
    /// agreed / grouped.
    pub precision: f64,
    /// Grouped pairs linked by a chain of oracle pairs, over grouped pairs.
    pub precision_chained: f64,
    /// agreed / oracle.
    pub recall: f64,
    /// The Jaccard threshold (5-word shingles).
    pub threshold: f64,
    /// A few grouped pairs the oracle rejects: (id, id, exact Jaccard).
    pub false_pairs: Vec<(String, String, f64)>,
    /// A few oracle pairs newsdex missed: (id, id, exact Jaccard).
    pub missed_pairs: Vec<(String, String, f64)>,
    /// Stories (coverage of one event) `newsdex stories` forms over all
    /// the stories indexed, when the caller counted them (this crate does
    /// not cluster; `newsdex eval duplicates` does).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_stories: Option<usize>,
}

/// Scores the near-duplicate groups of an index of Reuters stories
/// (`reuters-<NEWID>` ids) against the exact oracle. `newsdex eval
/// duplicates` indexes the stories in memory with the same pipeline as
/// `newsdex index`, calls this, then counts the stories the index forms.
pub fn score_duplicates(index: &NewsIndex) -> Result<DuplicatesReport> {
    let mut stories = read_all(index)?;
    stories.sort_by_key(|s| (newid(&s.id), s.id.clone()));
    let mut sizes: HashMap<u64, usize> = HashMap::new();
    for story in &stories {
        *sizes.entry(story.group).or_default() += 1;
    }
    let groups = sizes.values().filter(|&&n| n >= 2).count();
    let grouped_stories = sizes.values().filter(|&&n| n >= 2).sum();

    let sample: Vec<&Story> = stories
        .iter()
        .filter(|s| !s.shingles.is_empty())
        .take(SAMPLE)
        .collect();
    let n = sample.len();
    let mut oracle = Vec::new();
    let mut union = UnionFind::new(n);
    let mut grouped = Vec::new();
    for i in 0..n {
        for j in i + 1..n {
            let (a, b) = (&sample[i].shingles, &sample[j].shingles);
            // Exact bound: J ≤ min/max of the sizes.
            let bound = a.len().min(b.len()) as f64 / a.len().max(b.len()) as f64;
            let jaccard = if bound >= JACCARD_THRESHOLD {
                exact_jaccard(a, b)
            } else {
                0.0
            };
            if jaccard >= JACCARD_THRESHOLD {
                oracle.push((i, j, jaccard));
                union.join(i, j);
            }
            if sample[i].group == sample[j].group {
                grouped.push((i, j, jaccard));
            }
        }
    }
    let agreed = grouped
        .iter()
        .filter(|(_, _, j)| *j >= JACCARD_THRESHOLD)
        .count();
    let chained = grouped
        .iter()
        .filter(|(i, j, _)| union.find(*i) == union.find(*j))
        .count();
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let name = |(i, j, jac): &(usize, usize, f64)| {
        let jac = if *jac > 0.0 {
            *jac
        } else {
            exact_jaccard(&sample[*i].shingles, &sample[*j].shingles)
        };
        (sample[*i].id.clone(), sample[*j].id.clone(), jac)
    };
    Ok(DuplicatesReport {
        stories: stories.len() as u64,
        groups,
        grouped_stories,
        sample: n,
        oracle_pairs: oracle.len(),
        grouped_pairs: grouped.len(),
        agreed_pairs: agreed,
        precision: ratio(agreed, grouped.len()),
        precision_chained: ratio(chained, grouped.len()),
        recall: ratio(agreed, oracle.len()),
        threshold: JACCARD_THRESHOLD,
        false_pairs: grouped
            .iter()
            .filter(|(_, _, j)| *j < JACCARD_THRESHOLD)
            .take(10)
            .map(name)
            .collect(),
        missed_pairs: oracle
            .iter()
            .filter(|(i, j, _)| sample[*i].group != sample[*j].group)
            .take(10)
            .map(name)
            .collect(),
        event_stories: None,
    })
}

struct Story {
    id: String,
    group: u64,
    shingles: Vec<u64>,
}

fn newid(id: &str) -> u64 {
    id.rsplit('-')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(u64::MAX)
}

/// Every article of the index with its group and the shingles of its
/// cleaned body.
fn read_all(index: &NewsIndex) -> Result<Vec<Story>> {
    let searcher = index.searcher()?;
    let schema = index.schema();
    let read = || -> Result<Vec<Story>> {
        let mut out = Vec::new();
        for segment in searcher.segment_readers() {
            let groups = segment
                .fast_fields()
                .u64(newsdex_core::schema::names::DUP_GROUP)?;
            let store = segment
                .get_store_reader(64)
                .map_err(tantivy::TantivyError::from)?;
            for doc in 0..segment.max_doc() {
                if segment.is_deleted(doc) {
                    continue;
                }
                let stored: tantivy::TantivyDocument = store.get(doc)?;
                let article = newsdex_core::stored::article(schema, &stored)?;
                out.push(Story {
                    group: groups.first(doc).unwrap_or_default(),
                    shingles: shingle_hashes(&article.body),
                    id: article.id.0,
                });
            }
        }
        Ok(out)
    };
    index.guard(read).map_err(|err| index.read_error(err))
}

struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.parent[a.max(b)] = a.min(b);
        }
    }
}

impl fmt::Display for DuplicatesReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Reuters-21578 near-duplicates: {} stories, {} groups of two or more ({} stories)",
            self.stories, self.groups, self.grouped_stories
        )?;
        writeln!(
            f,
            "oracle: exact Jaccard >= {} on 5-word shingles, all pairs of {} stories",
            self.threshold, self.sample
        )?;
        writeln!(
            f,
            "pairs: {} oracle, {} grouped, {} in both",
            self.oracle_pairs, self.grouped_pairs, self.agreed_pairs
        )?;
        writeln!(f, "precision              {:.3}", self.precision)?;
        writeln!(f, "precision, chained     {:.3}", self.precision_chained)?;
        writeln!(f, "recall                 {:.3}", self.recall)?;
        if let Some(n) = self.event_stories {
            writeln!(
                f,
                "stories (newsdex stories, default window, all stories): {n}"
            )?;
        }
        for (what, list) in [
            ("grouped, below the threshold", &self.false_pairs),
            ("missed", &self.missed_pairs),
        ] {
            if !list.is_empty() {
                writeln!(f, "{what}:")?;
                for (a, b, j) in list {
                    writeln!(f, "  {a} {b} {j:.3}")?;
                }
            }
        }
        Ok(())
    }
}
