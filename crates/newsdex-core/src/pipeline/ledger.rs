//! [`Ledger`]: the calling thread's record of the ids read in one run, in
//! input order: where each was read last (to name it when the id comes
//! again) and which version of it a serial run would have in the index by
//! then (to count added, updated and unchanged as a serial run does,
//! whichever worker finished first).
//!
//! About 40 bytes per distinct id (a 128-bit key, no string), for the
//! length of the run.

use std::path::PathBuf;

use rustc_hash::FxHashMap;

use super::claims::IdKey;
use crate::ingest::Origin;

/// What is known of one id.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Index in `paths` of the file it was read from last.
    path: u32,
    /// Line it was read at last (0: none).
    line: u32,
    /// The content hash of its last version indexed in this run.
    current: Option<u64>,
}

/// Ids read in this run, in input order.
#[derive(Debug, Default)]
pub struct Ledger {
    /// Every file an article was read from, consecutive repeats once.
    paths: Vec<PathBuf>,
    ids: FxHashMap<IdKey, Entry>,
}

impl Ledger {
    /// Notes that the id `key` was read at `origin`. Returns where it was
    /// read before, if it was, and the hash of its version indexed earlier in
    /// this run, if any.
    pub fn note(&mut self, key: IdKey, origin: &Origin) -> (Option<Origin>, Option<u64>) {
        // Compared as bytes: `PathBuf`'s `==` parses both into components.
        if self.paths.last().map(|p| p.as_os_str()) != Some(origin.path.as_os_str()) {
            self.paths.push(origin.path.clone());
        }
        let path = u32::try_from(self.paths.len() - 1).unwrap_or(u32::MAX);
        let line = origin.line.and_then(|l| u32::try_from(l).ok()).unwrap_or(0);
        let earlier = self.ids.get(&key).copied();
        let current = earlier.and_then(|e| e.current);
        self.ids.insert(
            key,
            Entry {
                path,
                line,
                current,
            },
        );
        let earlier = earlier.map(|e| Origin {
            path: self.paths[e.path as usize].clone(),
            line: (e.line > 0).then_some(e.line as usize),
        });
        (earlier, current)
    }

    /// Records that the version of `key` with `hash` is now indexed.
    pub fn indexed(&mut self, key: IdKey, hash: u64) {
        if let Some(entry) = self.ids.get_mut(&key) {
            entry.current = Some(hash);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_earlier_place_and_keeps_the_indexed_version() {
        let at = |path: &str, line| Origin {
            path: PathBuf::from(path),
            line,
        };
        let mut ledger = Ledger::default();
        assert_eq!(ledger.note(1, &at("f.jsonl", Some(1))), (None, None));
        ledger.indexed(1, 10);
        assert_eq!(ledger.note(2, &at("f.jsonl", Some(2))), (None, None));
        assert_eq!(
            ledger.note(1, &at("g.txt", None)),
            (Some(at("f.jsonl", Some(1))), Some(10))
        );
        assert_eq!(
            ledger.note(1, &at("h.jsonl", Some(4))),
            (Some(at("g.txt", None)), Some(10))
        );
    }
}
