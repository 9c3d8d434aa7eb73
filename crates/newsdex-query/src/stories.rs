//! `newsdex stories`: the matching articles grouped into stories, meaning
//! coverage of one event.
//!
//! Each article's features come from fast fields, never the stored
//! documents: its day, its near-duplicate group, its topic signature
//! (`dup_sig`: a MinHash of its distinct words) and its entities, the
//! `person`, `about` and `vote` facet values. Two articles are linked
//! when their similarity, `(content + entities) / 2 × time`, reaches
//! [`LINK_THRESHOLD`]:
//!
//! - *content*: 1 for near-duplicates (one `dup_group`), else the
//!   estimated Jaccard similarity of their topic words over
//!   [`TOPIC_SATURATION`], capped at 1;
//! - *entities*: the cosine of their entity sets, each entity weighted by
//!   its inverse document frequency among the matches (an entity every
//!   match holds says nothing of which event);
//! - *time*: `1 − days apart / (window + 1)`, and 0 beyond the window.
//!
//! Articles are taken in date order (undated last; one day's articles in the order of their content hash, the same whatever the segments hold); each
//! joins the story of its most similar earlier article within the window
//! when that link is strong enough, else starts a story. Candidates are the
//! earlier articles sharing an entity (entities held by more than
//! [`COMMON_ENTITY_SHARE`] of the matches excepted) plus the
//! [`RECENT_CANDIDATES`] most recent ones, so the work grows with the
//! matches times a constant.

use std::collections::{BTreeMap, HashMap, HashSet};

use newsdex_core::dups::{Signature, TopicSketch};
use newsdex_core::schema::{names, NewsSchema};
use newsdex_core::stored::hit as hit_from_document;
use newsdex_core::NewsIndex;
use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::schema::Facet as TantivyFacet;
use tantivy::{DocAddress, Searcher};

use crate::error::{Result, SearchError};
use crate::plan::plan;
use crate::request::SearchRequest;
use crate::syntax;

/// Default `--window`: days between two articles of one story at most.
pub const DEFAULT_WINDOW_DAYS: u32 = 2;

/// Similarity at which two articles are of one story.
pub const LINK_THRESHOLD: f64 = 0.35;

/// Topic-word Jaccard similarity counted as full content similarity.
pub const TOPIC_SATURATION: f64 = 0.3;

/// Entities held by more than this share of the matches do not propose
/// candidates (they still count in the similarity).
pub const COMMON_ENTITY_SHARE: f64 = 0.05;

/// The most recent earlier articles always compared.
pub const RECENT_CANDIDATES: usize = 200;

/// Member ids a story lists at most.
pub const MAX_MEMBERS_LISTED: usize = 100;

/// What to cluster: the articles a search request matches (its query and
/// filters; paging, sort and facets are ignored).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StoriesRequest {
    /// The query and filters.
    pub search: SearchRequest,
    /// Days between two articles of one story at most.
    pub window_days: u32,
    /// Stories returned, the largest first (`0`: all).
    pub limit: usize,
}

impl StoriesRequest {
    /// Stories of the articles `search` matches, default window, ten
    /// stories.
    pub fn new(search: SearchRequest) -> Self {
        StoriesRequest {
            search,
            window_days: DEFAULT_WINDOW_DAYS,
            limit: 10,
        }
    }

    /// Sets the window in days.
    pub fn window(mut self, days: u32) -> Self {
        self.window_days = days;
        self
    }

    /// Sets how many stories are returned (`0`: all).
    pub fn limit(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }
}

/// An article as a story shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct StoryArticle {
    /// Article id.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Source id.
    pub source: String,
    /// Source name.
    pub source_name: String,
    /// Publication day, `YYYY-MM-DD`.
    pub published: Option<String>,
}

/// An outlet's first article in a story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct OutletFirst {
    /// The article.
    pub article: StoryArticle,
    /// Days after the story's first article (`None` when either is
    /// undated).
    pub delay_days: Option<i64>,
    /// The outlet's articles in the story.
    pub articles: usize,
}

/// One story: the coverage of one event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Story {
    /// 1-based rank (largest story first).
    pub rank: usize,
    /// The representative headline: the article most similar to the rest.
    pub headline: String,
    /// The article it comes from.
    pub representative: StoryArticle,
    /// The first article ("first reported by"): earliest day, then index
    /// order.
    pub first: StoryArticle,
    /// Each outlet's first article and its delay, in order of appearance.
    pub outlets: Vec<OutletFirst>,
    /// Articles in the story.
    pub articles: usize,
    /// Member ids, earliest first (at most 100: the first members in date order).
    pub members: Vec<String>,
    /// People named by at least two of its articles (most shared first).
    pub people: Vec<String>,
    /// Countries at least two of its articles are about.
    pub countries: Vec<String>,
    /// Vote facet values at least two of its articles hold.
    pub votes: Vec<String>,
    /// First and last day.
    pub first_day: Option<String>,
    /// Last day.
    pub last_day: Option<String>,
    /// One line: articles per day (`2024-03-22 ×3 → 2024-03-23 ×1`).
    pub timeline: String,
}

/// The answer to a [`StoriesRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Stories {
    /// The query text as given.
    pub query: String,
    /// Matching articles.
    pub articles: usize,
    /// Stories they form.
    pub total: usize,
    /// The window in days.
    pub window_days: u32,
    /// The largest stories.
    pub stories: Vec<Story>,
}

/// An article's features.
struct Item {
    address: DocAddress,
    /// Days since the epoch; `None` when undated.
    day: Option<i64>,
    /// The article's content hash (the `hash` fast field, which covers its
    /// id): the order of one day's articles, the same however the index's
    /// segments hold them.
    key: u64,
    group: u64,
    /// Its topic sketch ([`Signature::topic`]), packed for comparing.
    topic: Option<TopicSketch>,
    /// Entity ids, sorted.
    entities: Vec<u32>,
    source: u32,
}

/// Entity names: `p:slug`, `c:id`, `v:path`, and sources `s:id`.
#[derive(Default)]
struct Names {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

impl Names {
    /// Renumbers the entities in name order (ids were given in reading
    /// order, which follows the segments), so that sums over an article's
    /// entities run in the same order whatever the index's layout.
    fn renumber_by_name(&mut self, items: &mut [Item]) {
        let mut order: Vec<u32> =
            (0..u32::try_from(self.names.len()).unwrap_or(u32::MAX)).collect();
        order.sort_by(|&a, &b| self.names[a as usize].cmp(&self.names[b as usize]));
        let mut new_id = vec![0u32; order.len()];
        for (rank, &old) in order.iter().enumerate() {
            new_id[old as usize] = u32::try_from(rank).unwrap_or(u32::MAX);
        }
        let renumber = |id: u32| new_id.get(id as usize).copied().unwrap_or(id);
        for item in items.iter_mut() {
            for e in &mut item.entities {
                *e = renumber(*e);
            }
            item.entities.sort_unstable();
            item.source = renumber(item.source);
        }
        self.names = order
            .iter()
            .map(|&old| std::mem::take(&mut self.names[old as usize]))
            .collect();
        self.ids = self
            .names
            .iter()
            .enumerate()
            .map(|(i, name)| (name.clone(), u32::try_from(i).unwrap_or(u32::MAX)))
            .collect();
    }

    fn id(&mut self, name: String) -> u32 {
        if let Some(&id) = self.ids.get(&name) {
            return id;
        }
        let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.push(name.clone());
        self.ids.insert(name, id);
        id
    }
}

/// Groups the articles `request` matches into stories.
///
/// ```
/// use newsdex_core::NewsIndex;
/// use newsdex_query::{stories, SearchRequest, StoriesRequest};
/// let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join("a.txt"), "Truce\n\nThe cease-fire held in Rafah.")?;
/// let index = NewsIndex::create_in_ram()?;
/// index.indexer().index_paths(&[dir.path().into()])?;
/// let found = stories(&index, &StoriesRequest::new(SearchRequest::new("ceasefire")))?;
/// assert_eq!((found.articles, found.total), (1, 1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn stories(index: &NewsIndex, request: &StoriesRequest) -> Result<Stories> {
    index
        .guard(|| run(index, request))
        .map_err(|err| match err {
            SearchError::Tantivy(err) => SearchError::Core(index.read_error(err)),
            SearchError::Core(err) => SearchError::Core(index.read_error(err)),
            // A dictionary block that cannot be read is a damaged index.
            SearchError::Io(err) => {
                SearchError::Core(index.read_error(tantivy::TantivyError::from(err)))
            }
            other => other,
        })
}

fn run(index: &NewsIndex, request: &StoriesRequest) -> Result<Stories> {
    let searcher = index.searcher()?;
    let schema = index.schema();
    let search = &request.search;
    let text = if search.query.trim().is_empty() && search.filters.is_empty() {
        "*"
    } else {
        search.query.as_str()
    };
    let ast = syntax::parse(text)?;
    let plan = plan(ast.as_ref(), &search.filters, schema, &searcher)?;
    let mut docs: Vec<DocAddress> = searcher
        .search(plan.query.as_ref(), &DocSetCollector)?
        .into_iter()
        .collect();
    docs.sort_unstable();
    let mut names = Names::default();
    let mut items = features(&searcher, &docs, &mut names)?;
    names.renumber_by_name(&mut items);
    // Date order, then an order of each article's own: stories must not
    // depend on which segment holds which article (index order does).
    items.sort_by_key(|item| (item.day.unwrap_or(i64::MAX), item.key, item.address));
    let story_of = cluster(&items, request.window_days, names.names.len());

    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, &story) in story_of.iter().enumerate() {
        members.entry(story).or_default().push(i);
    }
    let mut ranked: Vec<Vec<usize>> = members.into_values().collect();
    // Largest first, then the earliest.
    ranked.sort_by_key(|m| (std::cmp::Reverse(m.len()), m[0]));
    let total = ranked.len();
    let take = if request.limit == 0 {
        total
    } else {
        request.limit
    };
    let mut out = Vec::new();
    for (rank, story) in ranked.into_iter().take(take).enumerate() {
        out.push(describe(
            &searcher,
            schema,
            &items,
            &names,
            &story,
            rank + 1,
            request.window_days,
        )?);
    }
    Ok(Stories {
        query: search.query.clone(),
        articles: items.len(),
        total,
        window_days: request.window_days,
        stories: out,
    })
}

/// Reads every hit's features from fast fields, segment by segment. The
/// dictionary-encoded columns (signatures, facets) are read in ordinal
/// order, each dictionary block once, not one lookup per hit.
fn features(searcher: &Searcher, docs: &[DocAddress], names: &mut Names) -> Result<Vec<Item>> {
    const FIELDS: [(&str, &str); 4] = [
        (names::PERSON, "p:"),
        (names::ABOUT, "c:"),
        (names::VOTE, "v:"),
        (names::SOURCE, "s:"),
    ];
    let mut items = Vec::with_capacity(docs.len());
    let mut start = 0;
    while start < docs.len() {
        let ord = docs[start].segment_ord;
        let end = start + docs[start..].partition_point(|d| d.segment_ord == ord);
        let segment = searcher.segment_reader(ord);
        let fast = segment.fast_fields();
        let groups = fast.u64(names::DUP_GROUP)?;
        let hashes = fast.u64(names::HASH)?;
        let dates = fast.date(names::PUBLISHED)?;
        let sigs = fast.bytes(names::DUP_SIG)?;
        let first = items.len();
        // (signature ordinal, item)
        let mut sig_ords: Vec<(u64, usize)> = Vec::new();
        for address in &docs[start..end] {
            let doc = address.doc_id;
            if let Some(o) = sigs.as_ref().and_then(|sigs| sigs.ords().first(doc)) {
                sig_ords.push((o, items.len()));
            }
            items.push(Item {
                address: *address,
                day: dates
                    .first(doc)
                    .map(|d| d.into_timestamp_secs().div_euclid(86_400)),
                key: hashes.first(doc).unwrap_or(0),
                group: groups.first(doc).unwrap_or(u64::MAX - items.len() as u64),
                topic: None,
                entities: Vec::new(),
                source: u32::MAX,
            });
        }
        if let Some(sigs) = &sigs {
            sig_ords.sort_unstable();
            let ords: Vec<u64> = sig_ords.iter().map(|&(o, _)| o).collect();
            let mut at = sig_ords.iter();
            sigs.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
                if let Some(&(_, item)) = at.next() {
                    items[item].topic =
                        Signature::from_bytes(bytes).map(|sig| TopicSketch::new(&sig.topic));
                }
            })?;
        }
        for (field, prefix) in FIELDS {
            let reader = segment.facet_reader(field)?;
            // (item, ordinal) of every value of the segment's hits.
            let mut held: Vec<(usize, u64)> = Vec::new();
            for (at, address) in docs[start..end].iter().enumerate() {
                held.extend(reader.facet_ords(address.doc_id).map(|o| (first + at, o)));
            }
            let mut wanted: Vec<u64> = held.iter().map(|&(_, o)| o).collect();
            wanted.sort_unstable();
            wanted.dedup();
            let mut ids: Vec<u32> = Vec::with_capacity(wanted.len());
            let mut failed = None;
            reader
                .facet_dict()
                .sorted_ords_to_term_cb(&wanted, |bytes| {
                    match TantivyFacet::from_encoded(bytes.to_vec()) {
                        Ok(facet) => {
                            ids.push(names.id(format!("{prefix}{}", facet.to_path().join("/"))))
                        }
                        Err(err) => failed = Some(err),
                    }
                })?;
            if let Some(err) = failed {
                return Err(SearchError::Tantivy(tantivy::TantivyError::InternalError(
                    format!("a {field} facet value is not UTF-8: {err}"),
                )));
            }
            for (item, o) in held {
                let Some(&id) = wanted.binary_search(&o).ok().and_then(|at| ids.get(at)) else {
                    continue;
                };
                if prefix == "s:" {
                    items[item].source = id;
                } else {
                    items[item].entities.push(id);
                }
            }
        }
        for item in &mut items[first..] {
            item.entities.sort_unstable();
            item.entities.dedup();
        }
        start = end;
    }
    Ok(items)
}

/// What the similarity of two items needs: their entities' weights
/// (indexed by entity id) and norms, and the window.
struct Scorer<'a> {
    items: &'a [Item],
    weights: Vec<f64>,
    norms: Vec<f64>,
    window: u32,
}

impl Scorer<'_> {
    /// The time factor of two items `days` apart: `1 − days / (window +
    /// 1)`, 0 beyond the window.
    fn time(&self, days: i64) -> f64 {
        if days > i64::from(self.window) {
            return 0.0;
        }
        1.0 - days as f64 / (f64::from(self.window) + 1.0)
    }

    /// The content similarity of items `ia` and `ib`.
    fn content(&self, ia: usize, ib: usize) -> f64 {
        let (a, b) = (&self.items[ia], &self.items[ib]);
        if a.group == b.group {
            return 1.0;
        }
        match (&a.topic, &b.topic) {
            (Some(x), Some(y)) => (x.similarity(y) / TOPIC_SATURATION).min(1.0),
            _ => 0.0,
        }
    }

    /// The weighted cosine of the entity sets of items `ia` and `ib`.
    fn entities(&self, ia: usize, ib: usize) -> f64 {
        let (a, b) = (&self.items[ia], &self.items[ib]);
        let (mut i, mut j, mut shared) = (0, 0, 0.0);
        while i < a.entities.len() && j < b.entities.len() {
            match a.entities[i].cmp(&b.entities[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    let w = self
                        .weights
                        .get(a.entities[i] as usize)
                        .copied()
                        .unwrap_or(0.0);
                    shared += w * w;
                    i += 1;
                    j += 1;
                }
            }
        }
        let norm = self.norms[ia] * self.norms[ib];
        if norm > 0.0 {
            shared / norm
        } else {
            0.0
        }
    }

    /// The similarity of items `ia` and `ib`, `days` apart (see the
    /// module's doc).
    fn similarity(&self, ia: usize, ib: usize, days: i64) -> f64 {
        let time = self.time(days);
        if time == 0.0 {
            return 0.0;
        }
        link(self.content(ia, ib), self.entities(ia, ib), time)
    }
}

/// The similarity of a link from its parts (see the module's doc).
fn link(content: f64, entities: f64, time: f64) -> f64 {
    (content + entities) / 2.0 * time
}

/// Above any similarity a link's content similarity and time factor allow:
/// the entity cosine is at most 1 (plus rounding).
fn similarity_bound(content: f64, time: f64) -> f64 {
    link(content, 1.0 + 1e-9, time)
}

/// The story of each item (items in date order, entities numbered below
/// `entities`): an index into items of the story's first article.
fn cluster(items: &[Item], window: u32, entities: usize) -> Vec<usize> {
    let n = items.len();
    let mut df = vec![0usize; entities];
    for item in items {
        for &e in &item.entities {
            if let Some(d) = df.get_mut(e as usize) {
                *d += 1;
            }
        }
    }
    let weights: Vec<f64> = df
        .iter()
        .map(|&d| ((n as f64 + 1.0) / (d as f64 + 0.5)).ln().max(0.0))
        .collect();
    let norms: Vec<f64> = items
        .iter()
        .map(|item| {
            item.entities
                .iter()
                .map(|&e| weights.get(e as usize).copied().unwrap_or(0.0).powi(2))
                .sum::<f64>()
                .sqrt()
        })
        .collect();
    let scorer = Scorer {
        items,
        weights,
        norms,
        window,
    };
    let common = ((n as f64) * COMMON_ENTITY_SHARE).max(20.0) as usize;
    let mut holders: Vec<Vec<usize>> = vec![Vec::new(); entities];
    let mut story_of = vec![0usize; n];
    // `seen[j] == i`: item `j` was already compared with item `i`.
    let mut seen = vec![usize::MAX; n];
    for i in 0..n {
        let item = &items[i];
        let mut best: Option<(f64, usize)> = None;
        if let Some(day) = item.day {
            // Compares `j` with `i`; false once `j` is beyond the window, and
            // so is every earlier item (items are in date order, and the
            // lists are walked from the latest).
            let mut compare = |j: usize, best: &mut Option<(f64, usize)>| -> bool {
                let Some(other_day) = items[j].day else {
                    return true;
                };
                let days = day - other_day;
                if days > i64::from(window) {
                    return false;
                }
                if seen[j] == i {
                    return true;
                }
                seen[j] = i;
                let time = scorer.time(days);
                let floor = best.map_or(LINK_THRESHOLD, |(s, _)| s.max(LINK_THRESHOLD));
                if similarity_bound(1.0, time) < floor {
                    return true;
                }
                let content = scorer.content(i, j);
                if similarity_bound(content, time) < floor {
                    return true;
                }
                let sim = link(content, scorer.entities(i, j), time);
                let better = match *best {
                    None => true,
                    Some((s, k)) => sim > s || (sim == s && story_of[j] < story_of[k]),
                };
                if sim >= LINK_THRESHOLD && better {
                    *best = Some((sim, j));
                }
                true
            };
            for j in (i.saturating_sub(RECENT_CANDIDATES)..i).rev() {
                if !compare(j, &mut best) {
                    break;
                }
            }
            for &e in &item.entities {
                let e = e as usize;
                if df.get(e).is_none_or(|&d| d > common) {
                    continue;
                }
                for &j in holders[e].iter().rev() {
                    if !compare(j, &mut best) {
                        break;
                    }
                }
            }
        }
        story_of[i] = best.map_or(i, |(_, j)| story_of[j]);
        for &e in &item.entities {
            if let Some(list) = holders.get_mut(e as usize) {
                list.push(i);
            }
        }
    }
    story_of
}

fn story_article(
    searcher: &Searcher,
    schema: &NewsSchema,
    address: DocAddress,
) -> Result<StoryArticle> {
    let doc: tantivy::TantivyDocument = searcher.doc(address)?;
    let hit = hit_from_document(schema, &doc)?;
    Ok(StoryArticle {
        id: hit.id.0,
        title: hit.title,
        source: hit.source.id,
        source_name: hit.source.name,
        published: hit.published.map(|d| d.to_string()),
    })
}

fn day_label(day: i64) -> String {
    time::Date::from_julian_day(i32::try_from(day + 2_440_588).unwrap_or(0))
        .map(|d| d.to_string())
        .unwrap_or_default()
}

fn describe(
    searcher: &Searcher,
    schema: &NewsSchema,
    items: &[Item],
    names: &Names,
    story: &[usize],
    rank: usize,
    window: u32,
) -> Result<Story> {
    // The representative: the member most similar to the others (the
    // first when alone or tied).
    let mut df: HashMap<u32, usize> = HashMap::new();
    for &i in story {
        for &e in &items[i].entities {
            *df.entry(e).or_default() += 1;
        }
    }
    // Every entity two members share is one of the story's: weight 1.
    let scorer = Scorer {
        items,
        weights: vec![1.0; names.names.len()],
        norms: items
            .iter()
            .map(|item| (item.entities.len() as f64).sqrt())
            .collect(),
        window,
    };
    let sample: Vec<usize> = story.iter().copied().take(200).collect();
    let mut representative = story[0];
    let mut best = f64::NEG_INFINITY;
    for &i in &sample {
        let total: f64 = sample
            .iter()
            .filter(|&&j| j != i)
            .map(|&j| {
                let days = match (items[i].day, items[j].day) {
                    (Some(a), Some(b)) => (a - b).abs(),
                    _ => 0,
                };
                scorer.similarity(i, j, days.min(i64::from(window)))
            })
            .sum();
        if total > best {
            best = total;
            representative = i;
        }
    }
    // Members read (the first MAX_MEMBERS_LISTED in date order), then put
    // in order of day and id: a day is all a date says, and the id does
    // not depend on how the index was built.
    let mut read: Vec<(Option<i64>, StoryArticle, usize)> = Vec::new();
    for &i in story.iter().take(MAX_MEMBERS_LISTED) {
        read.push((
            items[i].day,
            story_article(searcher, schema, items[i].address)?,
            i,
        ));
    }
    read.sort_by(|a, b| {
        (a.0.unwrap_or(i64::MAX), a.1.id.as_str()).cmp(&(b.0.unwrap_or(i64::MAX), b.1.id.as_str()))
    });
    let first = read[0].1.clone();
    let first_day = read[0].0;
    let representative_article = match read.iter().find(|r| r.2 == representative) {
        Some(r) => r.1.clone(),
        None => story_article(searcher, schema, items[representative].address)?,
    };
    let mut counts: HashMap<u32, usize> = HashMap::new();
    for &i in story {
        *counts.entry(items[i].source).or_default() += 1;
    }
    let mut outlet_firsts: Vec<OutletFirst> = Vec::new();
    let mut listed: HashSet<u32> = HashSet::new();
    for (day, article, i) in &read {
        if listed.insert(items[*i].source) {
            outlet_firsts.push(OutletFirst {
                article: article.clone(),
                delay_days: match (day, first_day) {
                    (Some(a), Some(b)) => Some(a - b),
                    _ => None,
                },
                articles: counts.get(&items[*i].source).copied().unwrap_or(0),
            });
        }
    }
    let members: Vec<String> = read.iter().map(|r| r.1.id.clone()).collect();
    let mut shared: Vec<(usize, &str)> = df
        .iter()
        .filter(|(_, &d)| d >= 2 || story.len() == 1)
        .map(|(&e, &d)| (d, names.names[e as usize].as_str()))
        .collect();
    shared.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let pick = |prefix: &str| -> Vec<String> {
        shared
            .iter()
            .filter_map(|(_, name)| name.strip_prefix(prefix))
            .map(str::to_string)
            .collect()
    };
    let mut days: BTreeMap<Option<i64>, usize> = BTreeMap::new();
    for &i in story {
        *days.entry(items[i].day).or_default() += 1;
    }
    let timeline = days
        .iter()
        .map(|(day, count)| {
            let label = day.map_or_else(|| "undated".to_string(), day_label);
            format!("{label} ×{count}")
        })
        .collect::<Vec<_>>()
        .join(" → ");
    let dated: Vec<i64> = days.keys().flatten().copied().collect();
    Ok(Story {
        rank,
        headline: representative_article.title.clone(),
        representative: representative_article,
        first,
        outlets: outlet_firsts,
        articles: story.len(),
        members,
        people: pick("p:"),
        countries: pick("c:"),
        votes: pick("v:"),
        first_day: dated.first().map(|&d| day_label(d)),
        last_day: dated.last().map(|&d| day_label(d)),
        timeline,
    })
}
