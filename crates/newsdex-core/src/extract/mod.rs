//! Metadata extraction: runs every extractor over a cleaned [`Article`] and
//! fills its [`Metadata`].
//!
//! Each extractor is built once and then only reads text, so one
//! [`Extractor`] is shared by every indexing thread. Nothing is compiled or
//! loaded per document: the gazetteers and word lists (`gazetteer/`) are
//! parsed, and their automata compiled, once per process, on first use.
//!
//! Every extractor is linear in its text: a rule reads a bounded stretch
//! around a match, and a text is never rescanned per match (the tests in
//! `hostile_inputs.rs` feed each shape that once was quadratic).

pub(crate) mod countries;
#[cfg(test)]
pub(crate) mod hostile_inputs;
mod input;
pub(crate) mod labels;
pub mod language;
pub(crate) mod orgs;
pub(crate) mod people;
pub(crate) mod quotes;
pub(crate) mod source;
pub(crate) mod votes;
mod words;

pub use countries::{Country, CountryRegistry, CountryTagger, CountryTags};
pub use orgs::{KnownOrg, OrgExtractor, OrgRegistry};
pub use people::{slug, PeopleExtractor};
pub use quotes::QuoteExtractor;
pub use source::SourceRegistry;

use std::sync::OnceLock;

use crate::article::{Article, Metadata};

pub use input::{ExtractInput, MAX_EXTRACT_BYTES};

/// All extractors, built once.
#[derive(Debug)]
pub struct Extractor {
    countries: countries::CountryTagger,
    people: people::PeopleExtractor,
    orgs: orgs::OrgExtractor,
    votes: votes::VoteExtractor,
    quotes: quotes::QuoteExtractor,
}

impl Extractor {
    /// Builds every extractor (compiles gazetteers and patterns).
    pub fn new() -> Self {
        Extractor {
            countries: countries::CountryTagger::new(),
            people: people::PeopleExtractor::new(),
            orgs: orgs::OrgExtractor::new(),
            votes: votes::VoteExtractor::new(),
            quotes: quotes::QuoteExtractor::new(),
        }
    }

    /// The process-wide extractor, built on first use.
    pub fn shared() -> &'static Extractor {
        static SHARED: OnceLock<Extractor> = OnceLock::new();
        SHARED.get_or_init(Extractor::new)
    }

    /// The country tagger (also resolves user input to countries).
    pub fn countries(&self) -> &countries::CountryTagger {
        &self.countries
    }

    /// Runs every extractor over `article` and returns its metadata. Reference
    /// labels already on the article are kept.
    pub fn extract(&self, article: &Article) -> Metadata {
        let input = ExtractInput::from_article(article);
        // The body's words, found once for the extractors that read words.
        let body_words = words::tokenize(input.body);
        let tags = self.countries.tag_with(&input, Some(&body_words));
        let orgs = self.orgs.extract_with(&input, Some(&body_words));
        let people = self
            .people
            .extract_with(&input, Some(body_words), &self.countries);
        let votes = self.votes.extract(&input, &self.countries);
        let quotes = self.quotes.extract(&input, &people);
        Metadata {
            countries_mentioned: tags.mentioned,
            countries_about: tags.about,
            people,
            orgs,
            votes,
            quotes,
            reference: article.metadata.reference.clone(),
        }
    }
}

impl Default for Extractor {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Person;

    /// CPU time of the calling thread on Linux (what a loaded machine
    /// disturbs least), wall-clock time elsewhere.
    fn thread_time() -> std::time::Duration {
        static START: OnceLock<std::time::Instant> = OnceLock::new();
        std::fs::read_to_string("/proc/thread-self/schedstat")
            .ok()
            .and_then(|s| s.split_whitespace().next()?.parse().ok())
            .map(std::time::Duration::from_nanos)
            .unwrap_or_else(|| START.get_or_init(std::time::Instant::now).elapsed())
    }

    /// The shared Reuters half's stories as read, and cleaned (`None`,
    /// with a visible skip, when the corpus is absent).
    fn cleaned_stories() -> Option<(Vec<crate::ingest::RawArticle>, Vec<Article>)> {
        let raws = crate::test_corpus::stories()?;
        let articles = raws
            .iter()
            .filter_map(|raw| crate::clean::clean(raw.clone()).ok())
            .collect();
        Some((raws, articles))
    }

    /// Single-thread cost of cleaning and of each extractor on the shared
    /// Reuters half (cleaned stories; the best of a few rounds of thread
    /// CPU time):
    /// `cargo test -p newsdex-core --release --lib -- --ignored extractor_throughput --nocapture`.
    #[test]
    #[ignore]
    fn extractor_throughput() {
        let Some((raws, articles)) = cleaned_stories() else {
            return;
        };
        let rounds = 5;
        let best = |f: &dyn Fn() -> usize| {
            (0..rounds)
                .map(|_| {
                    let start = thread_time();
                    std::hint::black_box(f());
                    thread_time() - start
                })
                .min()
                .unwrap_or_default()
                .as_secs_f64()
        };
        let cleaning = best(&|| {
            raws.iter()
                .map(|raw| usize::from(crate::clean::clean(raw.clone()).is_ok()))
                .sum()
        });
        eprintln!(
            "cleaning   {:>8.1} us/story (clone included)",
            cleaning * 1e6 / raws.len() as f64
        );
        let mb = articles
            .iter()
            .map(|a| a.title.len() + a.body.len())
            .sum::<usize>() as f64
            / 1e6;
        let x = Extractor::new();
        let inputs: Vec<ExtractInput<'_>> =
            articles.iter().map(ExtractInput::from_article).collect();
        let people: Vec<Vec<Person>> = inputs
            .iter()
            .map(|i| x.people.extract(i, &x.countries))
            .collect();
        let time = |name: &str, f: &dyn Fn(usize) -> usize| {
            let n = (0..inputs.len()).map(f).sum::<usize>();
            let secs = best(&|| (0..inputs.len()).map(f).sum());
            eprintln!(
                "{name:<10} {:>8.1} MB/s  {:>7.1} us/story  ({n} found)",
                mb / secs,
                secs * 1e6 / inputs.len() as f64,
            );
        };
        eprintln!("{} stories, {mb:.1} MB of title + body", inputs.len());
        time("countries", &|i| {
            x.countries.tag(&inputs[i]).mentioned.len()
        });
        time("people", &|i| {
            x.people.extract(&inputs[i], &x.countries).len()
        });
        time("orgs", &|i| x.orgs.extract(&inputs[i]).len());
        // As `Extractor::extract` runs them: the body's words found once
        // and read by countries, organisations and people.
        time("words", &|i| words::tokenize(inputs[i].body).len());
        let body_words: Vec<Vec<words::Word<'_>>> =
            inputs.iter().map(|i| words::tokenize(i.body)).collect();
        time("orgs pass", &|i| {
            x.orgs.extract_with(&inputs[i], Some(&body_words[i])).len()
        });
        time("votes", &|i| {
            x.votes.extract(&inputs[i], &x.countries).len()
        });
        time("quotes", &|i| {
            x.quotes.extract(&inputs[i], &people[i]).len()
        });
        time("all", &|i| {
            let m = x.extract(&articles[i]);
            m.people.len() + m.quotes.len()
        });
        // Cleaning and extraction of whole stories on 1 and 2 threads: CPU
        // time per story should not grow with the threads (no shared state
        // is written per story).
        for workers in [1, 2] {
            let per_story = (0..rounds)
                .map(|_| {
                    let cpu: std::time::Duration = std::thread::scope(|scope| {
                        let threads: Vec<_> = (0..workers)
                            .map(|w| {
                                let (raws, x) = (&raws, &x);
                                scope.spawn(move || {
                                    let mine: Vec<_> =
                                        raws.iter().skip(w).step_by(workers).cloned().collect();
                                    let start = thread_time();
                                    for raw in mine {
                                        if let Ok(article) = crate::clean::clean(raw) {
                                            std::hint::black_box(x.extract(&article));
                                        }
                                    }
                                    thread_time() - start
                                })
                            })
                            .collect();
                        threads.into_iter().filter_map(|t| t.join().ok()).sum()
                    });
                    cpu.as_secs_f64() * 1e6 / raws.len() as f64
                })
                .fold(f64::INFINITY, f64::min);
            eprintln!("clean+extract, {workers} thread(s): {per_story:>7.1} us CPU/story");
        }
    }

    /// One pass of each extractor over the shared Reuters half, for a
    /// profiler (instruction counts do not depend on the machine's load):
    /// `valgrind --tool=callgrind target/release/deps/newsdex_core-* --ignored extractor_profile`,
    /// then `callgrind_annotate --inclusive=yes`.
    #[test]
    #[ignore]
    fn extractor_profile() {
        let Some((_, articles)) = cleaned_stories() else {
            return;
        };
        let x = Extractor::new();
        let n: usize = articles
            .iter()
            .map(|a| std::hint::black_box(x.extract(a)).people.len())
            .sum();
        eprintln!("{} stories, {n} people", articles.len());
    }

    /// Issue 13, item 5: extracting from a text of "a a a ..." held 20
    /// bytes per byte of text (the people extractor's word list). Past
    /// [`MAX_EXTRACT_BYTES`] an article costs no more.
    #[test]
    fn memory_is_bounded_per_article() {
        use crate::article::{ArticleId, Source};
        use crate::growth::{assert_linear, measure};
        let article = |n: usize| Article {
            id: ArticleId("a".into()),
            source: Source::unknown(),
            title: "a ".repeat(n / 4),
            published: None,
            dateline: None,
            body: "é a".repeat(n / 8),
            captions: Vec::new(),
            url: None,
            authors: Vec::new(),
            language: None,
            metadata: Metadata::default(),
        };
        let x = Extractor::shared();
        x.extract(&article(1000));
        let n = 16 * MAX_EXTRACT_BYTES;
        let (_, peak, _) = measure(|| x.extract(&article(n)));
        assert!(
            peak < 2 * 20 * MAX_EXTRACT_BYTES,
            "{peak} bytes held to extract from {n} bytes"
        );
        assert_linear("extractors on short words", 1 << 18, article, |a| {
            std::hint::black_box(x.extract(a));
        });
    }
}
