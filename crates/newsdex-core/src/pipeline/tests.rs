//! The pipeline's guarantees under parallelism: the later of two
//! duplicates wins whichever worker finishes first, within one input,
//! across files and across workers, with commits in between; the counts
//! are those of a serial run.

use std::collections::HashMap;
use std::path::Path;

use crate::ingest::{IngestError, Layout, Origin, RawArticle};
use crate::{ArticleId, IngestReport, NewsIndex};

/// Versions of each id in the generated inputs.
const VERSIONS: usize = 6;

/// `ids` ids, each in [`VERSIONS`] versions, interleaved so that the
/// versions of one id are far apart and land in different jobs (and so on
/// different workers). Earlier versions are much longer, so they take
/// longer to analyse and tend to finish after the later ones: a pipeline
/// that let the last finished version win would keep an earlier one.
/// Returns (id, version, body) in input order.
fn versions(ids: usize) -> Vec<(String, usize, String)> {
    let mut out = Vec::new();
    for version in 0..VERSIONS {
        for i in 0..ids {
            // Shuffle ids within a round (a fixed permutation).
            let i = (i * 7 + version * 3) % ids;
            let id = format!("story-{i:03}");
            let filler = "The harbour committee met again to discuss the quay. "
                .repeat(1 + 20 * (VERSIONS - 1 - version));
            let body = format!("{filler}Marker zq{i}v{version} closes version {version}.");
            out.push((id, version, body));
        }
    }
    out
}

/// The version each id must end with: its last in input order.
fn last_versions(inputs: &[(String, usize, String)]) -> HashMap<String, usize> {
    inputs
        .iter()
        .map(|(id, version, _)| (id.clone(), *version))
        .collect()
}

fn raw(id: &str, body: &str, at: &Path, line: usize) -> RawArticle {
    RawArticle::new(
        ArticleId(id.to_string()),
        Origin {
            path: at.to_path_buf(),
            line: Some(line),
        },
        Layout::Fielded,
        body.to_string(),
    )
}

/// Every id holds exactly the version `expected` names, once.
fn assert_last_versions_kept(index: &NewsIndex, expected: &HashMap<String, usize>) {
    assert_eq!(index.num_articles().unwrap(), expected.len() as u64);
    for (id, version) in expected {
        let article = index.article(id).unwrap().unwrap();
        let number = id.trim_start_matches("story-").trim_start_matches('0');
        let number = if number.is_empty() { "0" } else { number };
        let marker = format!("zq{number}v{version}");
        assert!(
            article.body.contains(&marker),
            "{id} kept the wrong version: expected {marker}, body ends {:?}",
            &article.body[article.body.len().saturating_sub(40)..]
        );
    }
}

/// The counts a serial run gives for all-new ids whose versions all
/// differ: the first version of each id is added, every later one updates
/// it and is a duplicate.
fn assert_serial_counts(report: &IngestReport, ids: usize, total: usize) {
    assert_eq!(report.added, ids, "{report:?}");
    assert_eq!(report.updated, total - ids);
    assert_eq!(report.unchanged, 0);
    assert_eq!(report.duplicates, total - ids);
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
}

#[test]
fn duplicates_across_workers_and_commits_keep_the_last_version() {
    let inputs = versions(24);
    let expected = last_versions(&inputs);
    for (workers, commit_every) in [(4, 0), (3, 7), (2, 25)] {
        let index = NewsIndex::create_in_ram().unwrap();
        let items = inputs.iter().enumerate().map(|(n, (id, _, body))| {
            Ok::<_, IngestError>(raw(id, body, Path::new("stream.jsonl"), n + 1))
        });
        let (report, stats) = index
            .indexer()
            .workers(workers)
            .commit_every(commit_every)
            .index_stream(items)
            .unwrap();
        assert_serial_counts(&report, expected.len(), inputs.len());
        // The workers' CPU time is measured, and never more than their
        // wall time (give or take the clocks' steps).
        if cfg!(unix) {
            let cpu = stats.clean_extract_cpu;
            assert!(cpu > std::time::Duration::ZERO);
            assert!(
                cpu <= stats.clean_extract.mul_f64(1.05) + std::time::Duration::from_millis(20)
            );
        }
        assert_last_versions_kept(&index, &expected);

        // The same input again: every version is read again, each one
        // differing from the version before it, and the last is kept.
        let items = inputs.iter().enumerate().map(|(n, (id, _, body))| {
            Ok::<_, IngestError>(raw(id, body, Path::new("stream.jsonl"), n + 1))
        });
        let (again, _) = index
            .indexer()
            .workers(workers)
            .commit_every(commit_every)
            .index_stream(items)
            .unwrap();
        assert_eq!(again.updated, inputs.len(), "{again:?}");
        assert_eq!((again.added, again.unchanged), (0, 0));
        assert_last_versions_kept(&index, &expected);
    }
}

/// An id whose content goes A → B → A in one run, with A already indexed:
/// a serial run updates twice and ends with A; so must the parallel one,
/// although the last version equals what the index held at the start.
#[test]
fn a_version_back_to_the_stored_one_still_wins() {
    let index = NewsIndex::create_in_ram().unwrap();
    let a = "Widgets sold well in the first version.";
    let b = "Gadgets sold badly in the second version.";
    let at = Path::new("f.jsonl");
    let first = [Ok::<_, IngestError>(raw("x", a, at, 1))];
    index.indexer().index_stream(first).unwrap();
    for workers in [1, 2, 4] {
        // B ends the first job and A starts the second, so that with two
        // workers A is looked at while B is still being analysed.
        let items = (0..32).map(|n| {
            Ok(match n {
                14 => raw("x", b, at, n),
                16 => raw("x", a, at, n),
                _ => raw(
                    &format!("pad-{workers}-{n}"),
                    "Sprockets were counted at the depot on Monday.",
                    at,
                    n,
                ),
            })
        });
        let (report, _) = index
            .indexer()
            .workers(workers)
            .index_stream(items)
            .unwrap();
        assert_eq!(report.updated, 2, "{report:?}");
        assert_eq!(report.duplicates, 1);
        assert_eq!(index.article("x").unwrap().unwrap().body, a);
    }
}

/// The same id in several files and several times in one file: the last
/// one read wins (files are read in path order).
#[test]
fn duplicates_across_files_keep_the_last_version() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = versions(24);
    let expected = last_versions(&inputs);
    // Three files of two rounds each: every id is twice in each file.
    let per_file = inputs.len() / 3;
    for (file, chunk) in inputs.chunks(per_file).enumerate() {
        let text: String = chunk
            .iter()
            .map(|(id, _, body)| serde_json::json!({"id": id, "body": body}).to_string() + "\n")
            .collect();
        std::fs::write(dir.path().join(format!("part-{file}.jsonl")), text).unwrap();
    }
    for (workers, commit_every) in [(4, 0), (3, 11)] {
        let index = NewsIndex::create_in_ram().unwrap();
        let report = index
            .indexer()
            .workers(workers)
            .commit_every(commit_every)
            .index_paths(&[dir.path().to_path_buf()])
            .unwrap();
        assert_serial_counts(&report, expected.len(), inputs.len());
        assert_last_versions_kept(&index, &expected);
        // The duplicate warning names the earlier place.
        let (at, warning) = &report.warnings[0];
        assert!(at.contains("part-0.jsonl:"), "{at}");
        assert!(warning.contains("also read at") && warning.contains("part-0.jsonl:"));
    }
}

/// Every commit holds exactly the first articles of the input, in whole
/// batches, however the workers race: seen from the event of the first
/// article after each commit, the index holds the first k·N ids and not
/// the next one.
#[test]
fn each_commit_holds_exactly_the_first_whole_batches() {
    const BATCH: usize = 23;
    let index = NewsIndex::create_in_ram().unwrap();
    let id = |i: usize| format!("c-{i:04}");
    let items = (0..300).map(|i| {
        let body = format!("Barge number {i} unloaded grain at the quay before noon.");
        Ok::<_, IngestError>(raw(&id(i), &body, Path::new("c.jsonl"), i + 1))
    });
    let mut seen = 0;
    let mut checked = 0;
    let (report, _) = index
        .indexer()
        .workers(4)
        .commit_every(BATCH)
        .on_event(|event| {
            if let crate::Event::Article(_) = event {
                seen += 1;
                if seen > 1 && (seen - 1) % BATCH == 0 {
                    let committed = seen - 1;
                    assert_eq!(index.num_articles().unwrap(), committed as u64);
                    assert!(index.article(&id(committed - 1)).unwrap().is_some());
                    assert!(index.article(&id(committed)).unwrap().is_none());
                    checked += 1;
                }
            }
        })
        .index_stream(items)
        .unwrap();
    assert_eq!(report.added, 300);
    assert_eq!(checked, 300 / BATCH);
    assert_eq!(index.num_articles().unwrap(), 300);
}
