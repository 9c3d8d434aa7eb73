//! Command-line definitions of the research tools: `newsdex kwic`,
//! `newsdex timeline` and the filters they share with `search` (clap
//! derive; doc comments are the help text).

#[cfg(feature = "charts")]
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::cli::IndexArg;

/// Facet and date filters: those of `newsdex search`, shared by the research
/// tools and `newsdex translate`.
#[derive(Debug, Clone, Args)]
pub struct FilterArgs {
    /// Only these sources (id or name; repeatable: any of them).
    #[arg(long, value_name = "SOURCE")]
    pub source: Vec<String>,
    /// Only articles mentioning these countries (name, code or adjective).
    #[arg(long, value_name = "COUNTRY")]
    pub country: Vec<String>,
    /// Only articles about these countries.
    #[arg(long, value_name = "COUNTRY")]
    pub about: Vec<String>,
    /// Only articles reporting these votes: adopted, failed, vetoed,
    /// vetoed/COUNTRY, against/COUNTRY, abstained/COUNTRY, for/COUNTRY.
    #[arg(long, value_name = "VOTE")]
    pub vote: Vec<String>,
    /// Only articles naming these people (slug, name or surname).
    #[arg(long, value_name = "PERSON")]
    pub person: Vec<String>,
    /// Only articles naming these organisations (slug, name or acronym:
    /// `hamas`, `un-security-council`, `"Security Council"`, `un`).
    #[arg(long, value_name = "ORG")]
    pub org: Vec<String>,
    /// Only articles quoting these people.
    #[arg(long, value_name = "PERSON")]
    pub said_by: Vec<String>,
    /// Only articles in these languages (ISO 639-1 code, tag or name:
    /// `fr`, `fr-CA`, `French`).
    #[arg(long, value_name = "LANGUAGE")]
    pub language: Vec<String>,
    /// Published on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Published on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
}

/// `newsdex kwic`.
#[derive(Debug, Args)]
pub struct KwicCmd {
    /// The query (as `newsdex search` takes it).
    #[arg(value_name = "QUERY")]
    pub query: String,
    #[command(flatten)]
    pub index: IndexArg,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Words of context each side of the keyword.
    #[arg(long, value_name = "W", default_value_t = newsdex_query::DEFAULT_KWIC_CONTEXT)]
    pub context: usize,
    /// Line order.
    #[arg(long, value_enum, default_value_t = KwicSortArg::Date)]
    pub sort: KwicSortArg,
    /// Print one JSON object (lines, parsed query, index fingerprint).
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV: a header row, then one row per line.
    #[arg(long)]
    pub csv: bool,
}

/// Concordance order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KwicSortArg {
    /// Oldest article first, then by id and position.
    Date,
    /// By source, then by date.
    Source,
    /// By the words left of the keyword, nearest first.
    Left,
    /// By the words right of the keyword.
    Right,
}

/// `newsdex timeline`.
#[derive(Debug, Args)]
pub struct TimelineCmd {
    /// The query (as `newsdex search` takes it; may be omitted when filters
    /// are given).
    #[arg(value_name = "QUERY", default_value = "")]
    pub query: String,
    #[command(flatten)]
    pub index: IndexArg,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Period width.
    #[arg(long, value_enum, default_value_t = IntervalArg::Day)]
    pub by: IntervalArg,
    /// One series per value of this facet (source, country, person, about,
    /// said_by, vote, language).
    #[arg(long, value_name = "FACET")]
    pub split: Option<String>,
    /// Divide each period's counts by every article indexed in it.
    #[arg(long)]
    pub normalize: bool,
    /// Print one JSON object (periods, series, parsed query, index
    /// fingerprint).
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV: a header row, then one row per period.
    #[arg(long)]
    pub csv: bool,
    /// Also draw the chart as SVG into FILE.
    #[cfg(feature = "charts")]
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
    /// Also draw the chart as PNG into FILE.
    #[cfg(feature = "charts")]
    #[arg(long, value_name = "FILE")]
    pub png: Option<PathBuf>,
}

/// Timeline period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IntervalArg {
    /// Calendar days.
    Day,
    /// ISO weeks (Monday to Sunday).
    Week,
    /// Calendar months.
    Month,
    /// Calendar years.
    Year,
}

/// `newsdex search --all --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// CSV: UTF-8, every cell quoted, one header row.
    Csv,
    /// JSON Lines: a header object, then one object per hit.
    Jsonl,
}
