//! Command-line definition (clap derive). Doc comments are the help text.

use std::path::PathBuf;

use clap::builder::RangedU64ValueParser;
use clap::{Args, Parser, Subcommand, ValueEnum};
use newsdex_core::{MAX_HEAP_MB, MAX_THREADS, MIN_HEAP_MB};

/// newsdex: full-text search for news articles.
///
/// Index articles (plain text, JSON Lines, Reuters-21578 SGML, web pages,
/// WARC crawls, RSS/Atom feeds, CSV/TSV), then search them with phrases,
/// proximity, Boolean operators, fields, prefixes, fuzzy words and date
/// ranges, filtered and counted by source, country, vote, person, org and
/// language.
#[derive(Debug, Parser)]
#[command(
    name = "newsdex",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Print no progress or messages on stderr (errors still print).
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// When to colour output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// When to use ANSI colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When stdout is a terminal and NO_COLOR is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The index to use.
#[derive(Debug, Clone, Args)]
pub struct IndexArg {
    /// Index directory (must hold an index, except for `newsdex index`).
    /// Default: $NEWSDEX_INDEX, else `.newsdex/index` in the nearest folder
    /// (this one or a parent) that has a `.newsdex`, else `index` in the
    /// platform data directory (~/.local/share/newsdex on Linux). A default
    /// index that does not exist yet is built from the seed paths on first
    /// use. Every command names the index it used on stderr.
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Make this folder (or DIR) a newsdex project: `.newsdex/` with a
    /// commented `config.toml` and an empty index.
    ///
    /// Commands run in the folder or below it then use `.newsdex/index`.
    /// Where `.newsdex` exists already, says so and changes nothing.
    Init(InitCmd),
    /// Index articles (files, directories, JSON Lines, Reuters SGML, CSV/TSV, RSS/Atom feeds).
    ///
    /// Articles are upserted by id: indexing the same files again updates
    /// them in place. Unchanged articles are skipped by content hash. Exit
    /// code 2 when any input was skipped (the others are still indexed).
    Index(IndexCmd),
    /// Search the index.
    ///
    /// Query language: words (AND by default), "phrases", "phrase"~N
    /// (proximity), OR, NOT / -word, +word, (groups), field:word (title,
    /// body, caption, quote, source, country, about, person, vote, said_by,
    /// language), prefix*, fuzzy~2, published:[2024-03-22 TO 2024-03-24], * (all).
    Search(SearchCmd),
    /// Print the articles of files as the index would receive them (after
    /// cleaning and extraction), writing no index.
    ///
    /// Reads PATHs exactly as `newsdex index` does. Human-readable by
    /// default; with --json one JSON object per line (fields in the README).
    /// Inputs that cannot be read are reported on stderr and skipped (exit
    /// code 2); the others are printed.
    Extract(ExtractCmd),
    /// Write articles for a cluster: OpenSearch/Elasticsearch (an index
    /// template and `_bulk` files) or Quickwit (an index config and NDJSON
    /// files).
    ///
    /// Reads PATHs as `newsdex index` does (cleaned and extracted, nothing
    /// indexed), or, without PATHs, every article of the index (--index, or
    /// the default one) with its near-duplicate group. OUT is a folder,
    /// created when missing, that must be empty unless --force; it receives
    /// template.json (or index-config.json) and bulk-0001.ndjson,
    /// bulk-0002.ndjson, ... of at most --shard-mb MiB each. Inputs that
    /// cannot be read are reported on stderr and skipped (exit code 2).
    Export(ExportCmd),
    /// List the values of a facet field with their article counts.
    Facets(FacetsCmd),
    /// Show one article with all its metadata.
    Show(ShowCmd),
    /// Summarise the index.
    Stats(StatsCmd),
    /// Concordance: every occurrence of the query's words in every matching
    /// article, keyword centred, with the words each side.
    ///
    /// One line per occurrence (words matched through stemming, spelling
    /// variants, prefixes or fuzziness included), then the article's id,
    /// source and date. Text, --json or --csv.
    Kwic(crate::research_cli::KwicCmd),
    /// Matching articles counted per day, week, month or year: a bar chart,
    /// --json or --csv, and with the `charts` feature --svg/--png files.
    ///
    /// Counts cover every hit. --split draws one series per facet value;
    /// --normalize divides each period by every article indexed in it.
    Timeline(crate::research_cli::TimelineCmd),
    /// Group the matching articles into stories (coverage of one event).
    ///
    /// Signals: content (near-duplicates, shared words), date proximity
    /// (within --window days) and shared people, countries and votes. Each
    /// story shows a representative headline, who reported first, each
    /// outlet's first article and delay, shared entities and a timeline.
    Stories(StoriesCmd),
    /// How much of each outlet's, country's or person's articles match a
    /// query.
    Coverage(CoverageCmd),
    /// Print the request an OpenSearch/Elasticsearch or Quickwit cluster
    /// answers for a search, with newsdex's semantics (no index needed).
    ///
    /// Takes the query and filters of `newsdex search` and prints the
    /// engine's search request body as JSON: Query DSL with facet `terms`
    /// aggregations for OpenSearch, a query-language string over the
    /// pre-analysed `*_terms` fields for Quickwit (its body for
    /// `/api/v1/INDEX/search`). A construct the engine cannot express
    /// (fuzzy words and proximity on Quickwit, `/s` and `/p` on both) is an
    /// error (exit code 2), never an approximation. docs/scale-out.md has
    /// the details.
    Translate(TranslateCmd),
    /// Measure newsdex's extractors against an annotated corpus.
    #[cfg(feature = "eval")]
    #[command(subcommand)]
    Eval(EvalCmd),
    /// Benchmark indexing and query speed against raw tantivy and SQLite FTS5.
    ///
    /// The corpus defaults to Reuters-21578 at ../shared/corpus/reuters21578
    /// (relative to the newsdex project) when present, else the bundled
    /// articles. Build with --release for meaningful figures.
    #[cfg(feature = "bench")]
    #[command(subcommand)]
    Bench(BenchCmd),
    /// Serve a search page and a JSON API over HTTP (read-only).
    ///
    /// Open the printed address in a browser; `GET /api` lists the API's
    /// endpoints. Commits made meanwhile by `newsdex index` are searched at
    /// once. There is no authentication: keep the default, localhost, or
    /// expect a warning. Stops on Ctrl-C.
    #[cfg(feature = "serve")]
    Serve(ServeCmd),
}

/// `newsdex serve`.
#[cfg(feature = "serve")]
#[derive(Debug, Args)]
pub struct ServeCmd {
    #[command(flatten)]
    pub index: IndexArg,
    /// Address to listen on (port 0: any free port; the address is printed).
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:7700")]
    pub addr: std::net::SocketAddr,
    /// MiB of search answers kept for the current commit (an identical
    /// search is answered from them until the next commit); 0 keeps none.
    #[arg(long, value_name = "MIB", default_value_t = 32)]
    pub answer_cache_mb: usize,
}

/// `newsdex bench`.
#[cfg(feature = "bench")]
#[derive(Debug, Subcommand)]
pub enum BenchCmd {
    /// Index a corpus with newsdex, raw tantivy and SQLite FTS5, side by side.
    ///
    /// The corpus is read once into memory (read+parse is timed and reported
    /// for newsdex), then indexed REPEAT times over with distinct ids by each
    /// engine in a fresh temporary directory. Reports docs/s, MB/s of text,
    /// newsdex's time split, peak resident memory, index size on disk, and
    /// the newsdex/raw-tantivy and newsdex/FTS5 ratios.
    Index(BenchIndexCmd),
    /// Time a fixed query set (p50/p99) against newsdex and SQLite FTS5.
    ///
    /// Queries: term, rare term, two-term AND, phrase, phrase with slop,
    /// prefix, fuzzy, facet-filtered term, facet counts, date-sorted. Each
    /// runs in-process after a warm-up, with snippets and facet counts.
    Query(BenchQueryCmd),
    /// Run the index benchmark at several corpus sizes and draw a chart.
    Scaling(BenchScalingCmd),
}

/// Settings shared by `bench index` and `bench scaling`.
#[cfg(feature = "bench")]
#[derive(Debug, Clone, Args)]
pub struct BenchIndexArgs {
    /// Files or directories to index. Default: Reuters-21578 when present,
    /// else the bundled articles.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// tantivy indexing threads (0: one per core, as many as --heap-mb allows
    /// at 15 MB each: 8 with 128 MiB; at most 64).
    #[arg(
        long,
        value_name = "N",
        default_value_t = 0,
        value_parser = RangedU64ValueParser::<usize>::new().range(0..=MAX_THREADS as u64)
    )]
    pub threads: usize,
    /// tantivy writer memory budget in MiB (15 to 4095, and at least 15 per thread).
    #[arg(
        long,
        value_name = "MIB",
        default_value_t = 128,
        value_parser = RangedU64ValueParser::<usize>::new()
            .range(MIN_HEAP_MB as u64..=MAX_HEAP_MB as u64)
    )]
    pub heap_mb: usize,
    /// newsdex worker threads: parsing, cleaning, extraction, writing (0: one
    /// per core).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub workers: usize,
    /// Articles per commit (tantivy) and per transaction (FTS5).
    #[arg(long, value_name = "N", default_value_t = newsdex_core::DEFAULT_COMMIT_EVERY)]
    pub commit_every: usize,
    /// Run every engine this many times; figures are medians.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub runs: usize,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `newsdex bench index`.
#[cfg(feature = "bench")]
#[derive(Debug, Args)]
pub struct BenchIndexCmd {
    #[command(flatten)]
    pub args: BenchIndexArgs,
    /// Index the corpus this many times over (distinct ids).
    #[arg(long, value_name = "K", default_value_t = 1)]
    pub repeat: usize,
}

/// `newsdex bench scaling`.
#[cfg(feature = "bench")]
#[derive(Debug, Args)]
pub struct BenchScalingCmd {
    #[command(flatten)]
    pub args: BenchIndexArgs,
    /// Corpus sizes, in copies of the corpus.
    #[arg(long, value_name = "K,K,...", value_delimiter = ',', default_values_t = [1, 4, 16])]
    pub repeats: Vec<usize>,
    /// Corpus sizes of the threads series (tantivy threads = newsdex workers
    /// = 1, 2, 4 … up to the core count); 0 skips the series.
    #[arg(long, value_name = "K,K,...", value_delimiter = ',', default_values_t = [1, 16])]
    pub thread_repeats: Vec<usize>,
    /// Most threads in the threads series (0: the core count).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub max_threads: usize,
    /// Write the chart (throughput and peak memory vs corpus size) here.
    #[arg(long, value_name = "FILE", default_value = "docs/scaling.svg")]
    pub svg: PathBuf,
}

/// `newsdex bench query`.
#[cfg(feature = "bench")]
#[derive(Debug, Args)]
pub struct BenchQueryCmd {
    /// Corpus to index into a temporary index when --index is not given.
    /// Default: Reuters-21578 when present, else the bundled articles.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Existing index to query (it is not modified).
    #[arg(long, value_name = "DIR", conflicts_with = "repeat")]
    pub index: Option<PathBuf>,
    /// Index the corpus K times over (copies under distinct ids): an
    /// archive-sized index from a small corpus. Default: the files as they
    /// are.
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub repeat: Option<u32>,
    /// Untimed runs of each query first.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub warmup: usize,
    /// Timed runs of each query.
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub iterations: usize,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `newsdex eval`.
#[cfg(feature = "eval")]
#[derive(Debug, Subcommand)]
pub enum EvalCmd {
    /// Score the country tagger against Reuters-21578 PLACES labels.
    ///
    /// Reads every `.sgm` file under DIR, tags the stories that carry PLACES
    /// labels, and prints micro and macro precision, recall and F1 for the
    /// "about" and the "mentioned" countries, plus the 20 commonest errors.
    /// Exit code 2 when DIR does not exist.
    Places(EvalPlacesCmd),
    /// Score the people extractor against Reuters-21578 PEOPLE labels.
    ///
    /// Reads every `.sgm` file under DIR, extracts people from every story,
    /// and prints recall (labelled people found) and precision (extracted
    /// people of the PEOPLE vocabulary that are labelled), plus the
    /// commonest misses and false positives. Exit code 2 when DIR does not
    /// exist.
    People(EvalPlacesCmd),
    /// Score the organisation extractor against Reuters-21578 ORGS labels.
    ///
    /// Reads every `.sgm` file under DIR, extracts organisations from every
    /// story, and prints recall (labelled organisations found) and precision
    /// (extracted organisations of the ORGS vocabulary that are labelled),
    /// plus the commonest misses and false positives. Exit code 2 when DIR
    /// does not exist.
    Orgs(EvalPlacesCmd),
    /// Score the web-page reader against WCXB gold pages.
    ///
    /// Reads every page of DIR/html (`NAME.html.gz`) the way `newsdex index`
    /// does (HTML reader, then cleaning) and compares it with
    /// DIR/ground-truth/NAME.json: word-level precision, recall and F1 of
    /// the body against `main_content`, averaged per page; title, date and
    /// author accuracy where the gold has them; pages that failed. Exit
    /// code 2 when DIR/html does not exist.
    Html(EvalHtmlCmd),
    /// Score near-duplicate groups against an exact Jaccard oracle.
    ///
    /// Indexes every `.sgm` story under DIR in memory, then compares the
    /// groups decided at index time with brute-force Jaccard on 5-word
    /// shingles over all pairs of a 2,000-story sample.
    Duplicates(EvalDuplicatesCmd),
}

/// `newsdex eval duplicates`.
#[cfg(feature = "eval")]
#[derive(Debug, Args)]
pub struct EvalDuplicatesCmd {
    /// Reuters-21578 directory (or SGML files), e.g. ../shared/corpus/reuters21578.
    #[arg(long, value_name = "DIR", required = true)]
    pub reuters: Vec<PathBuf>,
    /// Print the figures as one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `newsdex eval html`.
#[cfg(feature = "eval")]
#[derive(Debug, Args)]
pub struct EvalHtmlCmd {
    /// WCXB-format folder (`html/`, `ground-truth/`). Default:
    /// ../shared/corpus/wcxb-articles beside the newsdex project.
    #[arg(long, value_name = "DIR")]
    pub wcxb: Option<PathBuf>,
    /// Print the figures as one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `newsdex eval places` and `newsdex eval people`.
#[cfg(feature = "eval")]
#[derive(Debug, Args)]
pub struct EvalPlacesCmd {
    /// Reuters-21578 directory (or SGML files), e.g. ../shared/corpus/reuters21578.
    #[arg(long, value_name = "DIR", required = true)]
    pub reuters: Vec<PathBuf>,
    /// Score the raw story text instead of the cleaned article that
    /// indexing stores (to measure what cleaning changes).
    #[arg(long)]
    pub raw: bool,
    /// Print the figures as one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `newsdex init`.
#[derive(Debug, Args)]
pub struct InitCmd {
    /// The folder to create `.newsdex` in. Default: the current folder.
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// `newsdex index`.
#[derive(Debug, Args)]
pub struct IndexCmd {
    /// Files or directories to index. Default: the seed paths
    /// ($NEWSDEX_DATA, else `seed` in .newsdex/config.toml).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub index: IndexArg,
    /// Commit after this many articles (a crash loses at most one batch).
    #[arg(long, value_name = "N", default_value_t = newsdex_core::DEFAULT_COMMIT_EVERY)]
    pub commit_every: usize,
    /// tantivy indexing threads (0: one per core, as many as --heap-mb allows
    /// at 15 MB each: 8 with 128 MiB; at most 64).
    #[arg(
        long,
        value_name = "N",
        default_value_t = 0,
        value_parser = RangedU64ValueParser::<usize>::new().range(0..=MAX_THREADS as u64)
    )]
    pub threads: usize,
    /// Worker threads: parsing, cleaning, extraction, writing (0: one per
    /// core).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub workers: usize,
    /// Writer memory budget in MiB (15 to 4095, and at least 15 per thread).
    #[arg(
        long,
        value_name = "MIB",
        default_value_t = 128,
        value_parser = RangedU64ValueParser::<usize>::new()
            .range(MIN_HEAP_MB as u64..=MAX_HEAP_MB as u64)
    )]
    pub heap_mb: usize,
    /// Skip plain-text files, web pages and feeds, and records of JSON Lines,
    /// SGML, CSV and WARC files (which are streamed at any size), larger
    /// than this many MiB.
    #[arg(long, value_name = "MIB", default_value_t = 32)]
    pub max_file_mb: u64,
    /// Name the CSV/TSV column of a field, over the header names newsdex
    /// recognises (repeatable): FIELD is one of id, title, body (or text),
    /// published, source, source_name, url, authors, language.
    #[arg(long, value_name = "FIELD=COLUMN", value_parser = parse_csv_map)]
    pub csv_map: Vec<(newsdex_core::ingest::CsvField, String)>,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

/// The engine `newsdex export` writes for and `newsdex translate`
/// translates for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EngineArg {
    /// OpenSearch 2.x or Elasticsearch 8.x: template.json and `_bulk` files.
    #[value(alias = "elasticsearch")]
    Opensearch,
    /// Quickwit 0.9: index-config.json and NDJSON documents.
    Quickwit,
}

/// `newsdex export`.
#[derive(Debug, Args)]
pub struct ExportCmd {
    /// The engine to write for.
    #[arg(long = "to", value_enum, value_name = "ENGINE")]
    pub to: EngineArg,
    /// The folder to write into.
    #[arg(value_name = "OUT")]
    pub out: PathBuf,
    /// Files or directories to read; without them, the index is exported.
    #[arg(value_name = "PATH", conflicts_with = "index")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub index: IndexArg,
    /// Most MiB per NDJSON file (fractions allowed); an article larger than
    /// that gets a file of its own.
    #[arg(long, value_name = "MIB", default_value_t = newsdex_export::DEFAULT_SHARD_MB as f64)]
    pub shard_mb: f64,
    /// The index name: `_index` of every bulk action and the template's
    /// pattern (OpenSearch), or the `index_id` (Quickwit).
    #[arg(long, value_name = "NAME", default_value = "newsdex")]
    pub name: String,
    /// Replace an export already in OUT (its template or config and NDJSON
    /// files; other files are left alone).
    #[arg(long)]
    pub force: bool,
    /// Skip plain-text files, web pages and feeds, and records of JSON Lines,
    /// SGML, CSV and WARC files, larger than this many MiB (as `newsdex
    /// index`).
    #[arg(long, value_name = "MIB", default_value_t = 32)]
    pub max_file_mb: u64,
}

/// `newsdex extract`.
#[derive(Debug, Args)]
pub struct ExtractCmd {
    /// Files or directories to read.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// Skip plain-text files, web pages and feeds, and records of JSON Lines,
    /// SGML, CSV and WARC files, larger than this many MiB (as `newsdex
    /// index`).
    #[arg(long, value_name = "MIB", default_value_t = 32)]
    pub max_file_mb: u64,
    /// Print one JSON object per article per line (JSON Lines).
    #[arg(long)]
    pub json: bool,
}

/// One `--csv-map FIELD=COLUMN`.
fn parse_csv_map(entry: &str) -> Result<(newsdex_core::ingest::CsvField, String), String> {
    newsdex_core::ingest::CsvMap::parse_entry(entry)
}

/// `newsdex search`.
#[derive(Debug, Args)]
pub struct SearchCmd {
    /// The query (see `newsdex search --help`). May be omitted when filters
    /// are given: all matching articles are listed.
    #[arg(value_name = "QUERY", default_value = "")]
    pub query: String,
    #[command(flatten)]
    pub index: IndexArg,
    #[command(flatten)]
    pub filters: crate::research_cli::FilterArgs,
    /// Result order.
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,
    /// Hits to show.
    #[arg(long, short = 'n', default_value_t = newsdex_query::DEFAULT_LIMIT)]
    pub limit: usize,
    /// Hits to skip (paging).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Show facet counts (always included in --json).
    #[arg(long)]
    pub facets: bool,
    /// Values listed per facet field, most frequent first (0: all).
    #[arg(long, value_name = "N", default_value_t = newsdex_query::DEFAULT_FACET_LIMIT)]
    pub facet_limit: usize,
    /// Show how each hit matched: each query term's forms in the article
    /// and why (exact, variant, stem, prefix, fuzzy), and the score's
    /// breakdown.
    #[arg(long)]
    pub explain: bool,
    /// Print the parsed query tree and what each term looks up in the
    /// index (analyses, prefix and fuzzy expansions) instead of searching.
    #[arg(long)]
    pub explain_query: bool,
    /// One hit per near-duplicate group: its earliest copy, with "+N
    /// copies" naming their outlets (--limit and --offset count groups).
    #[arg(long)]
    pub collapse: bool,
    /// Print one JSON object (format documented in the README).
    #[arg(long)]
    pub json: bool,
    /// Passages per hit, best first, each with its matched words marked.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub snippets: usize,
    /// Words of context each side of the matches in a passage (instead of
    /// a passage of about 200 characters).
    #[arg(long, value_name = "W")]
    pub context: Option<usize>,
    /// Every hit, streamed in index order without a page limit (needs
    /// --format).
    #[arg(long, requires = "format", conflicts_with_all = ["json", "limit", "offset", "facets", "sort", "explain"])]
    pub all: bool,
    /// With --all: csv (quoted cells, one header row) or jsonl (a header
    /// object with the index fingerprint, then one object per hit).
    #[arg(long, value_enum, requires = "all")]
    pub format: Option<crate::research_cli::ExportFormat>,
}

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Best match first.
    Relevance,
    /// Newest first.
    Date,
}

/// `newsdex translate`.
#[derive(Debug, Args)]
pub struct TranslateCmd {
    /// The query (as `newsdex search` takes it). May be omitted when
    /// filters are given.
    #[arg(value_name = "QUERY", default_value = "")]
    pub query: String,
    /// The engine to translate for (or `--to ENGINE`, as `newsdex export`
    /// names it; `--to DATE` stays the last publication day, as in
    /// `newsdex search`).
    #[arg(long, value_enum, value_name = "ENGINE")]
    pub engine: Option<EngineArg>,
    #[command(flatten)]
    pub filters: crate::research_cli::FilterArgs,
    /// Result order.
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,
    /// Hits to ask for.
    #[arg(long, short = 'n', default_value_t = newsdex_query::DEFAULT_LIMIT)]
    pub limit: usize,
    /// Hits to skip (paging).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Values counted per facet field, most frequent first (0: all, up to
    /// 65,000).
    #[arg(long, value_name = "N", default_value_t = newsdex_query::DEFAULT_FACET_LIMIT)]
    pub facet_limit: usize,
    /// Resolve facet values against this newsdex index as `newsdex search`
    /// does (a surname to the people it names, any outlet's name) and
    /// analyse words for its articles' languages. Without it, values that
    /// newsdex's registries do not know (countries, votes, languages, known
    /// outlets and organisations) are taken as stored values, and words are
    /// analysed as English.
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
}

/// `newsdex facets`.
#[derive(Debug, Args)]
pub struct FacetsCmd {
    /// The facet field (source, country, about, person, vote, said_by,
    /// language, org);
    /// all of them when omitted.
    #[arg(value_name = "FIELD")]
    pub field: Option<String>,
    #[command(flatten)]
    pub index: IndexArg,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `newsdex show`.
#[derive(Debug, Args)]
pub struct ShowCmd {
    /// Article id.
    pub id: String,
    #[command(flatten)]
    pub index: IndexArg,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `newsdex stories`.
#[derive(Debug, Args)]
pub struct StoriesCmd {
    /// Query (default: every article).
    #[arg(default_value = "")]
    pub query: String,
    #[command(flatten)]
    pub filters: crate::research_cli::FilterArgs,
    /// Days between two articles of one story at most.
    #[arg(long, value_name = "DAYS", default_value_t = newsdex_query::DEFAULT_WINDOW_DAYS)]
    pub window: u32,
    /// Stories listed, the largest first (0: all).
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub limit: usize,
    #[command(flatten)]
    pub index: IndexArg,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// What `newsdex coverage` counts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ByArg {
    /// The outlet.
    Source,
    /// Countries mentioned.
    Country,
    /// People named.
    Person,
}

/// `newsdex coverage`.
#[derive(Debug, Args)]
pub struct CoverageCmd {
    /// Query.
    pub query: String,
    /// The facet to count by.
    #[arg(long, value_enum)]
    pub by: ByArg,
    /// Order by share of each value's articles instead of by matches.
    #[arg(long)]
    pub normalize: bool,
    #[command(flatten)]
    pub filters: crate::research_cli::FilterArgs,
    #[command(flatten)]
    pub index: IndexArg,
    /// Print one JSON object.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV (`value,label,matches,total,share`).
    #[arg(long)]
    pub csv: bool,
}

/// `newsdex stats`.
#[derive(Debug, Args)]
pub struct StatsCmd {
    #[command(flatten)]
    pub index: IndexArg,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}
