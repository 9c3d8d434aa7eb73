//! Country tagging measured against Reuters-21578 PLACES labels.
//!
//! Every story of the given SGML files that carries at least one PLACES label
//! is read with the Reuters reader, cleaned, and tagged; its "about" and its
//! "mentioned" countries are compared with the labels mapped to canonical ids
//! through [`CountryTagger::resolve`]. Stories without PLACES are skipped:
//! the collection leaves many stories unlabelled rather than place-less, so
//! an empty label set is no evidence that a story names no country.
//!
//! Scores: micro precision/recall/F1 over all (story, country) pairs; macro
//! scores average the per-country figures over every country that occurs in
//! the reference labels (a country never predicted has precision 0).

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::PathBuf;

use newsdex_core::extract::CountryTagger;
use newsdex_core::ingest::{self, Format, RawArticle};
use newsdex_core::{Error, Result};
use serde::Serialize;

use crate::EvalOptions;

/// How many of the commonest errors a report lists.
const DEFAULT_ERRORS: usize = 20;

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Share of predicted countries that are in the labels.
    pub precision: f64,
    /// Share of labelled countries that were predicted.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl Prf {
    fn from_counts(tp: usize, fp: usize, fn_: usize) -> Prf {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(tp, tp + fp);
        let recall = ratio(tp, tp + fn_);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

/// Micro and macro scores of one task.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Scores {
    /// Over all (story, country) pairs.
    pub micro: Prf,
    /// Averaged over the countries in the reference labels.
    #[serde(rename = "macro")]
    pub macro_: Prf,
}

/// One kind of error, counted over the stories.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlacesError {
    /// `about` or `mentioned`.
    pub task: &'static str,
    /// `false_positive` (predicted, not labelled) or `false_negative`
    /// (labelled, not predicted).
    pub kind: &'static str,
    /// Canonical country id (or the raw label when it does not resolve).
    pub country: String,
    /// In how many stories.
    pub count: usize,
}

/// The result of [`evaluate_places`]. `--json` prints it as one object:
/// `{"about": {"micro": {"precision", "recall", "f1"}, "macro": {...}},
/// "mentioned": {...}, "errors": [{"task", "kind", "country", "count"}],
/// "stories": N, "unresolved_labels": [...]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct PlacesReport {
    /// Scores of the "about" countries.
    pub about: Scores,
    /// Scores of the "mentioned" countries.
    pub mentioned: Scores,
    /// The commonest errors, most frequent first ("about" errors, then
    /// "mentioned" misses).
    pub errors: Vec<PlacesError>,
    /// Stories scored (those with at least one PLACES label).
    pub stories: usize,
    /// PLACES labels that resolve to no known country (scored as misses).
    pub unresolved_labels: Vec<String>,
}

#[derive(Default)]
struct Tally {
    /// Per country: (tp, fp, fn).
    per_country: HashMap<String, (usize, usize, usize)>,
}

impl Tally {
    fn add(&mut self, predicted: &BTreeSet<String>, reference: &BTreeSet<String>) {
        for c in predicted.union(reference) {
            let e = self.per_country.entry(c.clone()).or_default();
            match (predicted.contains(c), reference.contains(c)) {
                (true, true) => e.0 += 1,
                (true, false) => e.1 += 1,
                (false, true) => e.2 += 1,
                (false, false) => {}
            }
        }
    }

    fn scores(&self) -> Scores {
        let (tp, fp, fn_) = self
            .per_country
            .values()
            .fold((0, 0, 0), |acc, e| (acc.0 + e.0, acc.1 + e.1, acc.2 + e.2));
        let labelled: Vec<Prf> = self
            .per_country
            .values()
            .filter(|e| e.0 + e.2 > 0)
            .map(|e| Prf::from_counts(e.0, e.1, e.2))
            .collect();
        let n = labelled.len().max(1) as f64;
        let mean = |f: fn(&Prf) -> f64| labelled.iter().map(f).sum::<f64>() / n;
        Scores {
            micro: Prf::from_counts(tp, fp, fn_),
            macro_: Prf {
                precision: mean(|p| p.precision),
                recall: mean(|p| p.recall),
                f1: mean(|p| p.f1),
            },
        }
    }

    fn errors(&self, task: &'static str, false_positives: bool) -> Vec<PlacesError> {
        let mut out = Vec::new();
        for (country, &(_, fp, fn_)) in &self.per_country {
            if false_positives && fp > 0 {
                out.push(PlacesError {
                    task,
                    kind: "false_positive",
                    country: country.clone(),
                    count: fp,
                });
            }
            if fn_ > 0 {
                out.push(PlacesError {
                    task,
                    kind: "false_negative",
                    country: country.clone(),
                    count: fn_,
                });
            }
        }
        out
    }
}

/// Reads the Reuters-21578 SGML files under `paths` (files or directories),
/// tags every story that has PLACES labels, and scores the tags against them.
pub fn evaluate_places(paths: &[PathBuf], options: &EvalOptions) -> Result<PlacesReport> {
    ingest::check_inputs(paths)?;
    let tagger = CountryTagger::new();
    let mut about = Tally::default();
    let mut mentioned = Tally::default();
    let mut unresolved = BTreeSet::new();
    let mut stories = 0;
    for file in ingest::list_files(paths) {
        let Ok((path, Format::ReutersSgml)) = file else {
            continue;
        };
        let bytes = std::fs::read(&path)
            .map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
        for raw in ingest::parse_bytes(Format::ReutersSgml, &bytes, &path)
            .into_iter()
            .flatten()
        {
            if raw.reference.places.is_empty() {
                continue;
            }
            let mut reference = BTreeSet::new();
            for label in &raw.reference.places {
                match tagger.resolve(label) {
                    Some(c) => reference.insert(c.id),
                    None => {
                        unresolved.insert(label.clone());
                        reference.insert(label.clone())
                    }
                };
            }
            let tags = tag_raw(&tagger, raw, options);
            about.add(&tags.0, &reference);
            mentioned.add(&tags.1, &reference);
            stories += 1;
        }
    }
    let mut errors = about.errors("about", true);
    errors.extend(mentioned.errors("mentioned", false));
    errors.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.country.cmp(&b.country))
    });
    errors.truncate(DEFAULT_ERRORS);
    Ok(PlacesReport {
        about: about.scores(),
        mentioned: mentioned.scores(),
        errors,
        stories,
        unresolved_labels: unresolved.into_iter().collect(),
    })
}

/// Cleans a story as indexing does (unless `options.raw`) and tags it: (about, mentioned).
fn tag_raw(
    tagger: &CountryTagger,
    raw: RawArticle,
    options: &EvalOptions,
) -> (BTreeSet<String>, BTreeSet<String>) {
    let tags = crate::with_cleaned(raw, options, |input| tagger.tag(input));
    (
        tags.about.into_iter().collect(),
        tags.mentioned.into_iter().collect(),
    )
}

impl fmt::Display for PlacesReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Reuters-21578 PLACES: {} stories with labels",
            self.stories
        )?;
        writeln!(
            f,
            "{:<10} {:<6} {:>9} {:>7} {:>7}",
            "task", "avg", "precision", "recall", "f1"
        )?;
        for (task, s) in [("about", &self.about), ("mentioned", &self.mentioned)] {
            for (avg, p) in [("micro", &s.micro), ("macro", &s.macro_)] {
                writeln!(
                    f,
                    "{:<10} {:<6} {:>9.3} {:>7.3} {:>7.3}",
                    task, avg, p.precision, p.recall, p.f1
                )?;
            }
        }
        if !self.errors.is_empty() {
            writeln!(f, "\ncommonest errors:")?;
            for e in &self.errors {
                writeln!(
                    f,
                    "  {:>5}  {:<9} {:<14} {}",
                    e.count, e.task, e.kind, e.country
                )?;
            }
        }
        if !self.unresolved_labels.is_empty() {
            writeln!(
                f,
                "\nunresolved labels: {}",
                self.unresolved_labels.join(", ")
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prf_counts() {
        let p = Prf::from_counts(3, 1, 2);
        assert!((p.precision - 0.75).abs() < 1e-9);
        assert!((p.recall - 0.6).abs() < 1e-9);
        assert_eq!(Prf::from_counts(0, 0, 0), Prf::default());
    }

    #[test]
    fn tally_micro_and_macro() {
        let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        let mut t = Tally::default();
        t.add(&set(&["us", "jp"]), &set(&["us"]));
        t.add(&set(&["gb"]), &set(&["gb", "fr"]));
        let s = t.scores();
        assert!((s.micro.precision - 2.0 / 3.0).abs() < 1e-9);
        assert!((s.micro.recall - 2.0 / 3.0).abs() < 1e-9);
        // Countries in the reference: us (1,1), gb (1,1), fr (0,0).
        assert!((s.macro_.recall - 2.0 / 3.0).abs() < 1e-9);
        let errors = t.errors("about", true);
        assert!(errors
            .iter()
            .any(|e| e.country == "jp" && e.kind == "false_positive"));
        assert!(errors
            .iter()
            .any(|e| e.country == "fr" && e.kind == "false_negative"));
    }

    #[test]
    fn report_serializes_in_the_documented_shape() {
        let json = serde_json::to_value(PlacesReport::default()).unwrap();
        assert!(json["about"]["micro"]["precision"].is_number());
        assert!(json["about"]["macro"]["f1"].is_number());
        assert!(json["mentioned"]["micro"]["recall"].is_number());
        assert!(json["errors"].is_array());
        assert!(json["stories"].is_number());
    }

    #[test]
    fn missing_input_is_a_user_error() {
        let err = evaluate_places(
            &[PathBuf::from("/no/such/reuters/dir")],
            &EvalOptions::default(),
        )
        .unwrap_err();
        assert!(err.is_user_error());
    }

    /// Meets the targets on the shared half of Reuters-21578.
    #[test]
    fn meets_targets_on_the_shared_reuters_half() {
        let Some(dir) = crate::shared_reuters_dir() else {
            return;
        };
        let report = evaluate_places(&[dir], &EvalOptions::default()).unwrap();
        eprintln!("{report}");
        assert!(report.stories > 5000, "{}", report.stories);
        assert!(
            report.unresolved_labels.is_empty(),
            "{:?}",
            report.unresolved_labels
        );
        assert!(
            report.about.micro.f1 >= 0.85,
            "about micro F1 {}",
            report.about.micro.f1
        );
        assert!(
            report.mentioned.micro.recall >= 0.95,
            "mentioned recall {}",
            report.mentioned.micro.recall
        );
    }

    /// One invented Reuters story labelled `france` whose last paragraph
    /// (indented: a new paragraph on the wire) is page furniture naming
    /// another country.
    const STORY: &str = concat!(
        "<REUTERS NEWID=\"1\">\n<DATE> 3-MAR-1987 09:10:11.12</DATE>\n",
        "<PLACES><D>france</D></PLACES>\n<PEOPLE></PEOPLE>\n<TEXT>&#2;\n",
        "<TITLE>FRENCH WHEAT OUTPUT RISES</TITLE>\n",
        "<DATELINE>    PARIS, March 3 - </DATELINE>",
        "<BODY>Wheat output in France rose this year, the farm ministry said.\n",
        "    Copyright Norway Farm Weekly\n",
        " Reuter\n&#3;</BODY></TEXT>\n</REUTERS>\n",
    );

    #[test]
    fn the_raw_option_scores_what_cleaning_removes() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("reut2-900.sgm");
        std::fs::write(&file, STORY).unwrap();
        let paths = [file];
        let cleaned = evaluate_places(&paths, &EvalOptions::default()).unwrap();
        let raw = evaluate_places(&paths, &EvalOptions { raw: true }).unwrap();
        assert_eq!((cleaned.stories, raw.stories), (1, 1));
        // Cleaned: only France is mentioned. Raw: the furniture's Norway too.
        assert_eq!(cleaned.mentioned.micro, Prf::from_counts(1, 0, 0));
        assert_eq!(raw.mentioned.micro, Prf::from_counts(1, 1, 0));
    }
}
