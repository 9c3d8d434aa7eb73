//! Entry points for coverage-guided fuzzing of the query path. The
//! cargo-fuzz targets in `fuzz/` call these, and the ordinary test suite
//! replays the saved fuzz corpus and regressions through them (no nightly
//! needed). Not part of the supported API: compiled for tests and with the
//! `fuzzing` feature only.

use std::sync::OnceLock;

use newsdex_core::NewsIndex;

use crate::{search, SearchRequest, Sort};

/// A fuzz target: bytes in, no panic out.
pub type Target = fn(&[u8]);

/// The fuzz targets of newsdex-query, by name (the folder names under
/// `fuzz/corpus/`).
pub const TARGETS: &[(&str, Target)] = &[("query_parse", query_parse), ("search", search_all)];

/// Invented articles for the fixed index the `search` target queries.
const ARTICLES: &[(&str, &str)] = &[
    ("a.txt", "Council vote fails\n\nRussia and China vetoed the U.N. Security Council draft calling for an immediate cease-fire in Gaza, the envoy said. \"We will not give up,\" Linda Thomas-Greenfield said.\n\nPhoto: A vote in New York. (AFP)"),
    ("b.txt", "Truce talks resume\n\nMediators from Qatar and Egypt met in Doha on Monday to discuss a ceasefire and the release of hostages held in Rafah.\n\nThe talks went on late."),
    ("c.txt", "Resolution adopted\n\nThe Security Council adopted a resolution 14-0-1, with the United States abstaining, demanding a cease fire. John Kirby said the vote was non-binding."),
];

fn fixed_index() -> &'static NewsIndex {
    static INDEX: OnceLock<NewsIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = tempfile_dir();
        for (name, text) in ARTICLES {
            std::fs::write(dir.join(name), text).expect("write fuzz article");
        }
        let index = NewsIndex::create_in_ram().expect("in-RAM index");
        index
            .indexer()
            .index_paths(std::slice::from_ref(&dir))
            .expect("index the fuzz articles");
        let _ = std::fs::remove_dir_all(&dir);
        index
    })
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("newsdex-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Builds the fixed index (and with it the extractors) and the query
/// side's shared state once per process, so that libFuzzer's 1 s timeout
/// is for one input's own work; the targets call it as their `init`.
pub fn warm_up() {
    search_all(b"ceasefire");
}

/// Parses a query: it either parses or fails with a positioned error.
pub fn query_parse(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = crate::syntax::parse(&text);
}

/// A whole search (parse, plan, search, snippets, facets) over a small fixed
/// index. The first byte picks the sort, the paging and explanations. A
/// failure must be the user's (a query error), never an internal one.
pub fn search_all(data: &[u8]) {
    let (flags, query) = data.split_first().unwrap_or((&0, &[]));
    let mut request = SearchRequest::new(String::from_utf8_lossy(query));
    if flags & 1 == 1 {
        request.sort = Sort::Date;
    }
    request.offset = usize::from(flags >> 5);
    request.explain = flags & 2 == 2;
    request.facets = flags & 4 == 4;
    match search(fixed_index(), &request) {
        Ok(results) => assert!(results.hits.len() <= request.limit),
        Err(err) if err.is_user_error() => {}
        Err(err) if is_known_tantivy_debug_assert(&err.to_string()) => {}
        Err(err) => panic!("internal error for query {:?}: {err}", request.query),
    }
}

/// tantivy 0.27's scorers check `debug_assert!`s on `seek` that some
/// queries under `explain` trip in debug builds only (newsdex turns the panic
/// into an internal error); release builds, which users and the fuzzer run,
/// compile them out. See `known_tantivy_debug_asserts_are_fine_in_release`
/// in this crate's integration tests.
fn is_known_tantivy_debug_assert(message: &str) -> bool {
    cfg!(debug_assertions)
        && [
            "target >= self.doc()",
            "doc <= target",
            "should be greater than or equal to doc",
        ]
        .iter()
        .any(|known| message.contains(known))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    /// Every saved corpus and regression input of each query target runs
    /// through its target function without panicking.
    #[test]
    fn saved_fuzz_inputs_replay() {
        let fuzz = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
        let mut replayed = 0;
        for (name, target) in super::TARGETS {
            for kind in ["corpus", "regressions"] {
                let Ok(entries) = std::fs::read_dir(fuzz.join(kind).join(name)) else {
                    continue;
                };
                for entry in entries.flatten() {
                    target(&std::fs::read(entry.path()).expect("read fuzz input"));
                    replayed += 1;
                }
            }
        }
        eprintln!("replayed {replayed} saved fuzz inputs");
        assert!(
            replayed > 0,
            "no saved fuzz inputs under {}",
            fuzz.display()
        );
    }
}
