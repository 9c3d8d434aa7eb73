//! Timelines of coverage: matching articles counted per day, week, month or
//! year, optionally split by a facet (one series per source, country,
//! person…) and normalised by everything indexed in each period.
//!
//! Counts are exact over every hit: a collector reads each matching
//! document's `published` fast field (and the split facet's ordinals), never
//! a page of top hits.

use std::collections::{BTreeMap, HashMap};

use newsdex_core::schema::{names, Facet};
use newsdex_core::NewsIndex;
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::fastfield::FacetReader;
use tantivy::query::AllQuery;
use tantivy::{DateTime, DocId, Score, SegmentOrdinal, SegmentReader};
use time::{Date, Duration, Month};

use crate::error::Result;
use crate::facets::{source_labels, Labels};
use crate::fingerprint::Fingerprint;
use crate::request::Filters;
use crate::syntax::QueryAst;
use crate::whole::{guarded, Prepared};

/// Timelines longer than this many periods list only the periods that
/// have articles (an index spanning centuries counted by day would
/// otherwise be mostly zeros).
pub const MAX_FILLED_PERIODS: usize = 20_000;

/// The width of a timeline's periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Interval {
    /// Calendar days (UTC).
    #[default]
    Day,
    /// ISO weeks, Monday to Sunday.
    Week,
    /// Calendar months.
    Month,
    /// Calendar years.
    Year,
}

impl Interval {
    /// The first day of the period holding `date`.
    pub fn start(self, date: Date) -> Date {
        match self {
            Interval::Day => date,
            Interval::Week => {
                date - Duration::days(i64::from(date.weekday().number_days_from_monday()))
            }
            Interval::Month => date.replace_day(1).unwrap_or(date),
            Interval::Year => {
                Date::from_calendar_date(date.year(), Month::January, 1).unwrap_or(date)
            }
        }
    }

    /// The first day of the period after the one starting on `start`.
    fn next(self, start: Date) -> Option<Date> {
        match self {
            Interval::Day => start.next_day(),
            Interval::Week => start.checked_add(Duration::days(7)),
            Interval::Month => {
                let (year, month) = match start.month() {
                    Month::December => (start.year().checked_add(1)?, Month::January),
                    month => (start.year(), month.next()),
                };
                Date::from_calendar_date(year, month, 1).ok()
            }
            Interval::Year => {
                Date::from_calendar_date(start.year().checked_add(1)?, Month::January, 1).ok()
            }
        }
    }

    /// The period's name: `2024-03-22`, `2024-W12` (ISO week), `2024-03`,
    /// `2024`.
    pub fn label(self, start: Date) -> String {
        match self {
            Interval::Day => start.to_string(),
            Interval::Week => {
                let (year, week, _) = start.to_iso_week_date();
                format!("{year}-W{week:02}")
            }
            Interval::Month => format!("{}-{:02}", start.year(), u8::from(start.month())),
            Interval::Year => start.year().to_string(),
        }
    }
}

/// A timeline request: build it, then pass it to [`timeline()`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TimelineRequest {
    /// Query text in the newsdex query language (may be empty when filters
    /// are given, or `*`).
    pub query: String,
    /// Facet and date filters.
    pub filters: Filters,
    /// Period width.
    pub interval: Interval,
    /// One series per value of this facet.
    pub split: Option<Facet>,
    /// Divide each period's counts by every article indexed in it.
    pub normalize: bool,
}

impl TimelineRequest {
    /// A daily timeline of `query`, not split, not normalised.
    pub fn new(query: impl Into<String>) -> Self {
        TimelineRequest {
            query: query.into(),
            filters: Filters::default(),
            interval: Interval::Day,
            split: None,
            normalize: false,
        }
    }

    /// Only matching articles that pass these filters.
    pub fn filters(mut self, filters: Filters) -> Self {
        self.filters = filters;
        self
    }

    /// Sets the period width.
    pub fn interval(mut self, interval: Interval) -> Self {
        self.interval = interval;
        self
    }

    /// Splits the counts by the values of `facet`.
    pub fn split(mut self, facet: Facet) -> Self {
        self.split = Some(facet);
        self
    }

    /// Turns normalisation on or off.
    pub fn normalize(mut self, on: bool) -> Self {
        self.normalize = on;
        self
    }
}

/// One period of a timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct TimelineBucket {
    /// First day of the period, `YYYY-MM-DD`.
    pub start: String,
    /// The period's name (see [`Interval::label`]).
    pub label: String,
    /// Matching articles published in the period.
    pub count: u64,
    /// Every article indexed in the period (only when normalised).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indexed: Option<u64>,
    /// `count / indexed` (only when normalised; 0 when nothing is indexed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
    /// Split value → matching articles of the period holding it (values
    /// with none left out; empty when not split).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub series: BTreeMap<String, u64>,
}

impl TimelineBucket {
    /// What a chart plots for `series` (the whole count when `None`): the
    /// count, or its share of the period's articles when normalised.
    pub fn value(&self, series: Option<&str>) -> f64 {
        let count = match series {
            None => self.count,
            Some(value) => self.series.get(value).copied().unwrap_or(0),
        };
        match self.indexed {
            Some(0) => 0.0,
            Some(all) => count as f64 / all as f64,
            None => count as f64,
        }
    }
}

/// One value of the split facet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Series {
    /// The value, as the facet's filter flag takes it (`ft`, `ru`).
    pub value: String,
    /// Its label (`Financial Times`, `Russia`).
    pub label: String,
    /// Matching articles holding it, dated or not.
    pub total: u64,
}

/// Counts of matching articles per period.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Timeline {
    /// The query text as given.
    pub query: String,
    /// The query as parsed.
    pub parsed_query: Option<QueryAst>,
    /// The index the counts came from.
    pub fingerprint: Fingerprint,
    /// Period width.
    pub interval: Interval,
    /// The split facet.
    pub split: Option<Facet>,
    /// Whether periods carry `indexed` and `share`.
    pub normalized: bool,
    /// Matching articles: the buckets' counts plus `undated`.
    pub total: u64,
    /// Matching articles without a publication date (in no period).
    pub undated: u64,
    /// Whether periods without articles between the first and the last are
    /// listed (with count 0): yes unless there are more than
    /// [`MAX_FILLED_PERIODS`].
    pub gaps_filled: bool,
    /// The periods, oldest first.
    pub buckets: Vec<TimelineBucket>,
    /// The split's values, most articles first (then by label).
    pub series: Vec<Series>,
}

/// The timeline of `request`.
///
/// ```
/// use newsdex_core::NewsIndex;
/// use newsdex_query::{timeline, Interval, TimelineRequest};
/// let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join("a.jsonl"), concat!(
///     r#"{"id": "a", "published": "2024-03-01", "body": "Truce talks began."}"#, "\n",
///     r#"{"id": "b", "published": "2024-03-20", "body": "The truce held."}"#, "\n",
///     r#"{"id": "c", "published": "2024-05-02", "body": "The truce collapsed."}"#, "\n"))?;
/// let index = NewsIndex::create_in_ram()?;
/// index.indexer().index_paths(&[dir.path().into()])?;
/// let months = timeline(&index, &TimelineRequest::new("truce").interval(Interval::Month))?;
/// let counts: Vec<(&str, u64)> = months.buckets.iter().map(|b| (b.label.as_str(), b.count)).collect();
/// assert_eq!(counts, [("2024-03", 2), ("2024-04", 0), ("2024-05", 1)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn timeline(index: &NewsIndex, request: &TimelineRequest) -> Result<Timeline> {
    guarded(index, || run(index, request))
}

fn run(index: &NewsIndex, request: &TimelineRequest) -> Result<Timeline> {
    let prepared = Prepared::new(index, &request.query, &request.filters)?;
    let searcher = &prepared.searcher;
    let collector = PeriodCollector {
        interval: request.interval,
        split: request.split.map(|f| f.as_str().to_string()),
    };
    let counts = searcher.search(prepared.plan.query.as_ref(), &collector)?;
    let indexed = if request.normalize {
        let all = PeriodCollector {
            interval: request.interval,
            split: None,
        };
        Some(searcher.search(&AllQuery, &all)?)
    } else {
        None
    };

    // Periods: first to last, gaps filled when not too many.
    let mut starts: Vec<i32> = counts.periods.keys().filter_map(|p| *p).collect();
    starts.sort_unstable();
    let (first, last) = (starts.first().copied(), starts.last().copied());
    let mut gaps_filled = false;
    if let (Some(first), Some(last)) = (first, last) {
        let mut filled = Vec::new();
        let mut at = Date::from_julian_day(first).ok();
        while let Some(day) = at {
            if day.to_julian_day() > last || filled.len() > MAX_FILLED_PERIODS {
                break;
            }
            filled.push(day.to_julian_day());
            at = request.interval.next(day);
        }
        if filled.len() <= MAX_FILLED_PERIODS {
            starts = filled;
            gaps_filled = true;
        }
    } else {
        gaps_filled = true;
    }

    let mut per_period: HashMap<i32, BTreeMap<String, u64>> = HashMap::new();
    let mut series_totals: BTreeMap<String, u64> = BTreeMap::new();
    for ((period, value), count) in &counts.split {
        *series_totals.entry(value.clone()).or_default() += count;
        if let Some(period) = period {
            per_period
                .entry(*period)
                .or_default()
                .insert(value.clone(), *count);
        }
    }
    let buckets = starts
        .iter()
        .filter_map(|&julian| {
            let start = Date::from_julian_day(julian).ok()?;
            let count = counts.periods.get(&Some(julian)).copied().unwrap_or(0);
            let all = indexed
                .as_ref()
                .map(|all| all.periods.get(&Some(julian)).copied().unwrap_or(0));
            Some(TimelineBucket {
                start: start.to_string(),
                label: request.interval.label(start),
                count,
                indexed: all,
                share: all.map(|all| {
                    if all == 0 {
                        0.0
                    } else {
                        count as f64 / all as f64
                    }
                }),
                series: per_period.remove(&julian).unwrap_or_default(),
            })
        })
        .collect();

    let series = match request.split {
        Some(facet) => {
            let source_names = if facet == Facet::Source {
                source_labels(
                    searcher,
                    index.schema(),
                    &series_totals.keys().cloned().collect(),
                )?
            } else {
                BTreeMap::new()
            };
            let labels = Labels::new(
                series_totals.keys().map(|value| (facet, value.as_str())),
                source_names,
            );
            let mut series: Vec<Series> = series_totals
                .into_iter()
                .map(|(value, total)| Series {
                    label: labels.label(facet, &value),
                    value,
                    total,
                })
                .collect();
            series.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.label.cmp(&b.label)));
            series
        }
        None => Vec::new(),
    };
    Ok(Timeline {
        query: request.query.clone(),
        parsed_query: prepared.parsed_query,
        fingerprint: prepared.fingerprint,
        interval: request.interval,
        split: request.split,
        normalized: request.normalize,
        total: counts.periods.values().sum(),
        undated: counts.periods.get(&None).copied().unwrap_or(0),
        gaps_filled,
        buckets,
        series,
    })
}

/// Counts matching documents per period (by the julian day of its first
/// day; `None`: undated), and per period and value of a split facet.
struct PeriodCollector {
    interval: Interval,
    split: Option<String>,
}

/// What [`PeriodCollector`] counts.
#[derive(Default)]
struct PeriodCounts {
    periods: HashMap<Option<i32>, u64>,
    split: HashMap<(Option<i32>, String), u64>,
}

struct PeriodSegmentCollector {
    interval: Interval,
    dates: Option<Column<DateTime>>,
    split: Option<FacetReader>,
    periods: HashMap<Option<i32>, u64>,
    split_counts: HashMap<(Option<i32>, u64), u64>,
}

impl Collector for PeriodCollector {
    type Fruit = PeriodCounts;
    type Child = PeriodSegmentCollector;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<PeriodSegmentCollector> {
        let dates = reader
            .fast_fields()
            .column_opt::<DateTime>(names::PUBLISHED)?;
        let split = match &self.split {
            Some(field) => Some(reader.facet_reader(field)?),
            None => None,
        };
        Ok(PeriodSegmentCollector {
            interval: self.interval,
            dates,
            split,
            periods: HashMap::new(),
            split_counts: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<PeriodCounts>) -> tantivy::Result<PeriodCounts> {
        let mut merged = PeriodCounts::default();
        for fruit in fruits {
            for (period, count) in fruit.periods {
                *merged.periods.entry(period).or_default() += count;
            }
            for (key, count) in fruit.split {
                *merged.split.entry(key).or_default() += count;
            }
        }
        Ok(merged)
    }
}

/// Days from the julian day number to the Unix epoch.
const UNIX_EPOCH_JULIAN_DAY: i64 = 2_440_588;

impl PeriodSegmentCollector {
    fn period_of(&self, doc: DocId) -> Option<i32> {
        let date = self.dates.as_ref()?.first(doc)?;
        let day = date.into_timestamp_secs().div_euclid(86_400) + UNIX_EPOCH_JULIAN_DAY;
        let date = Date::from_julian_day(i32::try_from(day).ok()?).ok()?;
        Some(self.interval.start(date).to_julian_day())
    }
}

impl SegmentCollector for PeriodSegmentCollector {
    type Fruit = PeriodCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let period = self.period_of(doc);
        *self.periods.entry(period).or_default() += 1;
        if let Some(reader) = &self.split {
            for ord in reader.facet_ords(doc) {
                *self.split_counts.entry((period, ord)).or_default() += 1;
            }
        }
    }

    fn harvest(self) -> PeriodCounts {
        let mut split = HashMap::new();
        if let Some(reader) = &self.split {
            let mut names: HashMap<u64, String> = HashMap::new();
            let mut facet = tantivy::schema::Facet::root();
            for ((period, ord), count) in self.split_counts {
                let name = names.entry(ord).or_insert_with(|| {
                    if reader.facet_from_ord(ord, &mut facet).is_ok() {
                        facet.to_path_string().trim_start_matches('/').to_string()
                    } else {
                        String::new()
                    }
                });
                if !name.is_empty() {
                    *split.entry((period, name.clone())).or_default() += count;
                }
            }
        }
        PeriodCounts {
            periods: self.periods,
            split,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index_of(lines: &[(&str, &str, Option<&str>, &str)]) -> NewsIndex {
        let dir = tempfile::tempdir().unwrap();
        let mut text = String::new();
        for (id, source, published, body) in lines {
            let published = published.map_or("null".to_string(), |d| format!("\"{d}\""));
            text.push_str(&format!(
                "{{\"id\": \"{id}\", \"source\": \"{source}\", \"published\": {published}, \"body\": \"{body}\"}}\n"
            ));
        }
        std::fs::write(dir.path().join("a.jsonl"), text).unwrap();
        let index = NewsIndex::create_in_ram().unwrap();
        index.indexer().index_paths(&[dir.path().into()]).unwrap();
        index
    }

    fn sample() -> NewsIndex {
        index_of(&[
            ("a", "ft", Some("2024-03-18"), "The truce held."),
            ("b", "npr", Some("2024-03-24"), "A truce at last."),
            ("c", "ft", Some("2024-03-25"), "Truce talks failed."),
            ("d", "ft", Some("2024-04-02"), "Wheat prices rose."),
            ("e", "npr", None, "The truce, undated."),
            ("f", "npr", Some("2025-01-01"), "Truce anniversary."),
        ])
    }

    #[test]
    fn periods_count_every_hit_and_sum_to_the_total() {
        let index = sample();
        let weeks = timeline(
            &index,
            &TimelineRequest::new("truce").interval(Interval::Week),
        )
        .unwrap();
        assert_eq!(weeks.total, 5);
        assert_eq!(weeks.undated, 1);
        let sum: u64 = weeks.buckets.iter().map(|b| b.count).sum();
        assert_eq!(sum + weeks.undated, weeks.total);
        // 2024-03-18 and 2024-03-24 are the same ISO week (Monday to Sunday).
        assert_eq!(weeks.buckets[0].label, "2024-W12");
        assert_eq!(weeks.buckets[0].start, "2024-03-18");
        assert_eq!(weeks.buckets[0].count, 2);
        assert_eq!(weeks.buckets[1].label, "2024-W13");
        assert!(weeks.gaps_filled);
        let years = timeline(
            &index,
            &TimelineRequest::new("truce").interval(Interval::Year),
        )
        .unwrap();
        let counts: Vec<(&str, u64)> = years
            .buckets
            .iter()
            .map(|b| (b.label.as_str(), b.count))
            .collect();
        assert_eq!(counts, [("2024", 3), ("2025", 1)]);
    }

    #[test]
    fn a_split_counts_each_value_and_normalising_divides_by_the_period() {
        let index = sample();
        let months = timeline(
            &index,
            &TimelineRequest::new("truce")
                .interval(Interval::Month)
                .split(Facet::Source)
                .normalize(true),
        )
        .unwrap();
        let march = &months.buckets[0];
        assert_eq!(march.label, "2024-03");
        assert_eq!(march.series["ft"], 2);
        assert_eq!(march.series["npr"], 1);
        let april = &months.buckets[1];
        // April: one article indexed ("d"), none matching.
        assert_eq!((april.count, april.indexed), (0, Some(1)));
        assert_eq!(april.share, Some(0.0));
        assert_eq!(march.indexed, Some(3));
        assert_eq!(march.share, Some(1.0));
        assert!((march.value(Some("npr")) - 1.0 / 3.0).abs() < 1e-9);
        // Series, most articles first; the undated one counts in its total.
        let series: Vec<(&str, u64)> = months
            .series
            .iter()
            .map(|s| (s.value.as_str(), s.total))
            .collect();
        assert_eq!(series, [("npr", 3), ("ft", 2)]);
        // Gaps filled through 2025-01.
        assert_eq!(months.buckets.len(), 11);
        assert_eq!(months.buckets.last().unwrap().label, "2025-01");
    }

    #[test]
    fn intervals_start_and_step_on_calendar_boundaries() {
        let date = |s: &str| newsdex_core::dates::parse_day(s).unwrap();
        assert_eq!(Interval::Week.start(date("2024-03-24")), date("2024-03-18"));
        assert_eq!(
            Interval::Month.start(date("2024-02-29")),
            date("2024-02-01")
        );
        assert_eq!(
            Interval::Month.next(date("2024-12-01")),
            Some(date("2025-01-01"))
        );
        assert_eq!(Interval::Year.label(date("1987-01-01")), "1987");
        // ISO week 1 of 2025 starts on 2024-12-30.
        assert_eq!(Interval::Week.label(date("2024-12-30")), "2025-W01");
    }
}
