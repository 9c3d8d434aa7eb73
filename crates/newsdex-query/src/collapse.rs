//! `--collapse`: one hit per near-duplicate group (the `dup_group` decided
//! at index time, see `newsdex_core::dups`), its earliest copy shown and the
//! other matching copies listed.
//!
//! One collector reads each hit's group, score and date from fast fields
//! during the same pass that counts and facets the hits; groups are ranked
//! by their best member's score (or, sorted by date, their newest member),
//! and only the page's groups have their documents read.

use newsdex_core::schema::names;
use newsdex_core::schema::NewsSchema;
use newsdex_core::stored::hit as hit_from_document;
use rustc_hash::FxHashMap;
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DateTime, DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::error::Result;

/// What a collapsed search's `total` and facet counts count
/// ([`crate::SearchResults::counts`]); serialised as `"articles"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Counted {
    /// Matching articles, each copy of a group counted (not groups).
    Articles,
}

/// Copies a collapsed hit lists at most (the count covers all).
pub const MAX_COPIES_LISTED: usize = 50;

/// Another matching article of a collapsed hit's near-duplicate group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Copy {
    /// Article id.
    pub id: String,
    /// Source id.
    pub source: String,
    /// Source name.
    pub source_name: String,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
}

/// A matching article as the collector saw it.
#[derive(Debug, Clone, Copy)]
pub struct Member {
    group: u64,
    score: Score,
    /// Seconds since the epoch; `i64::MAX` when undated.
    date: i64,
    address: DocAddress,
}

impl Member {
    /// Earliest first, undated last, then in index order.
    fn order(&self) -> (i64, DocAddress) {
        (self.date, self.address)
    }
}

/// Collects every hit's group, score and date.
pub struct GroupCollector {
    /// Whether the query's scores are wanted (sorting by relevance).
    pub scored: bool,
}

/// [`GroupCollector`] on one segment.
pub struct GroupSegmentCollector {
    segment: SegmentOrdinal,
    groups: Column<u64>,
    dates: Column<DateTime>,
    members: Vec<Member>,
}

impl Collector for GroupCollector {
    type Fruit = Vec<Member>;
    type Child = GroupSegmentCollector;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<GroupSegmentCollector> {
        Ok(GroupSegmentCollector {
            segment,
            groups: reader.fast_fields().u64(names::DUP_GROUP)?,
            dates: reader.fast_fields().date(names::PUBLISHED)?,
            members: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.scored
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Member>>) -> tantivy::Result<Vec<Member>> {
        Ok(fruits.concat())
    }
}

impl SegmentCollector for GroupSegmentCollector {
    type Fruit = Vec<Member>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let address = DocAddress::new(self.segment, doc);
        // An article without a group (none after format 6) is its own.
        let group = self
            .groups
            .first(doc)
            .unwrap_or(u64::MAX - ((u64::from(self.segment) << 32) | u64::from(doc)));
        let date = self
            .dates
            .first(doc)
            .map_or(i64::MAX, |d| d.into_timestamp_secs());
        self.members.push(Member {
            group,
            score,
            date,
            address,
        });
    }

    fn harvest(self) -> Vec<Member> {
        self.members
    }
}

/// One page of collapsed hits.
#[derive(Debug, Default)]
pub struct Page {
    /// Groups matching.
    pub groups: usize,
    /// For each group of the page: the score (relevance only) and its
    /// matching members, earliest first (then in index order).
    pub hits: Vec<(Option<f32>, Vec<Member>)>,
}

/// A group as ranked: its best score, newest date and earliest member.
struct Ranked {
    group: u64,
    best: f32,
    /// Seconds; `i64::MIN` when no member is dated.
    newest: i64,
    first: (i64, DocAddress),
}

/// Groups `members` and cuts the page `offset..offset + limit` of groups:
/// by best score, or (`by_date`) newest member first; ties by the earliest
/// member. One pass sums up each group, only the page's groups are sorted,
/// and only their members are gathered.
pub fn page(members: Vec<Member>, by_date: bool, offset: usize, limit: usize) -> Page {
    let mut slot_of: FxHashMap<u64, usize> = FxHashMap::default();
    let mut ranked: Vec<Ranked> = Vec::new();
    for member in &members {
        let newest = if member.date == i64::MAX {
            i64::MIN
        } else {
            member.date
        };
        let slot = *slot_of.entry(member.group).or_insert_with(|| {
            ranked.push(Ranked {
                group: member.group,
                best: f32::NEG_INFINITY,
                newest: i64::MIN,
                first: member.order(),
            });
            ranked.len() - 1
        });
        let entry = &mut ranked[slot];
        entry.best = entry.best.max(member.score);
        entry.newest = entry.newest.max(newest);
        entry.first = entry.first.min(member.order());
    }
    let count = ranked.len();
    let order = |a: &Ranked, b: &Ranked| {
        let key = if by_date {
            b.newest.cmp(&a.newest)
        } else {
            b.best.total_cmp(&a.best)
        };
        key.then_with(|| a.first.1.cmp(&b.first.1))
    };
    let wanted = offset.saturating_add(limit).min(count);
    if wanted == 0 {
        return Page {
            groups: count,
            hits: Vec::new(),
        };
    }
    if wanted < count {
        ranked.select_nth_unstable_by(wanted - 1, order);
        ranked.truncate(wanted);
    }
    ranked.sort_unstable_by(order);
    let shown: Vec<Ranked> = ranked.into_iter().skip(offset).collect();
    let at: FxHashMap<u64, usize> = shown
        .iter()
        .enumerate()
        .map(|(i, r)| (r.group, i))
        .collect();
    let mut hits: Vec<(Option<f32>, Vec<Member>)> = shown
        .iter()
        .map(|r| ((!by_date).then_some(r.best), Vec::new()))
        .collect();
    for member in members {
        if let Some(&i) = at.get(&member.group) {
            hits[i].1.push(member);
        }
    }
    for (_, members) in &mut hits {
        members.sort_by_key(Member::order);
    }
    Page {
        groups: count,
        hits,
    }
}

/// The shown copy of a group's matching `members` (earliest first) and
/// the others as listed: the earliest day first, then the smallest id (a
/// day is all a date says, and the id does not depend on how the index was
/// built). Reads at most [`MAX_COPIES_LISTED`] + 1 documents.
pub fn resolve(
    searcher: &Searcher,
    schema: &NewsSchema,
    members: &[Member],
) -> Result<(DocAddress, Vec<Copy>)> {
    let mut read = Vec::with_capacity(members.len().min(MAX_COPIES_LISTED + 1));
    for member in members.iter().take(MAX_COPIES_LISTED + 1) {
        let doc: tantivy::TantivyDocument = searcher.doc(member.address)?;
        let hit = hit_from_document(schema, &doc)?;
        read.push((member.date, member.address, hit));
    }
    read.sort_by(|a, b| (a.0, a.2.id.as_str()).cmp(&(b.0, b.2.id.as_str())));
    let Some(first) = read.first().map(|r| r.1) else {
        return Ok((DocAddress::new(0, 0), Vec::new()));
    };
    let copies = read
        .into_iter()
        .skip(1)
        .take(MAX_COPIES_LISTED)
        .map(|(_, _, hit)| Copy {
            id: hit.id.0,
            source: hit.source.id,
            source_name: hit.source.name,
            published: hit.published.map(|d| d.to_string()),
        })
        .collect();
    Ok((first, copies))
}
