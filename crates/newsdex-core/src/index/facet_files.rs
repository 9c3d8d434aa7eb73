//! Where the [`FacetTable`]s and [`FacetDictionary`]s of an index live: one
//! file per segment (`<segment id>.facets`) and one per set of segments
//! (`facets-<hash of their ids>.dict`), in the index directory beside
//! tantivy's files.
//!
//! They are not among the files tantivy manages: its garbage collection
//! deletes every managed file that no segment lists. newsdex keeps its own
//! list, `newsdex-facets.json`, and [`FacetFiles::refresh`] (run by the
//! writer after each commit and after the merges at the end) writes the
//! files the committed segments lack and deletes those no committed segment
//! needs. Every file is written whole under a temporary name and renamed,
//! and the list names a file before it is written and after it is deleted,
//! so a killed writer leaves no file unlisted.
//!
//! Reading writes nothing. A file that is missing or does not read (an
//! index written before the tables, a writer killed between its commit and
//! the refresh, a damaged file) is `None`: searches then count through
//! tantivy's columns, slower and with the same counts.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use tantivy::directory::{Directory, MmapDirectory, RamDirectory};
use tantivy::index::SegmentId;
use tantivy::{Searcher, SegmentReader};

use super::facet_table::{FacetDictionary, FacetTable};
use crate::error::{Error, Result};

/// newsdex's list of the facet files it wrote.
const LIST: &str = "newsdex-facets.json";

/// The facet files of one index, and those opened so far.
pub(crate) struct FacetFiles {
    dir: Box<dyn Directory>,
    /// Held while refreshing, so that two commits do not both edit the list.
    refreshing: Mutex<()>,
    /// The tables and dictionary opened, kept mapped (as tantivy keeps a
    /// searcher's segment files) so that the searches after the first do
    /// not map them again and fault their pages in anew.
    opened: Mutex<Opened>,
}

#[derive(Default)]
struct Opened {
    tables: HashMap<SegmentId, Arc<FacetTable>>,
    dictionary: Option<Arc<FacetDictionary>>,
}

/// The file of `segment`'s table.
fn table_path(segment: SegmentId) -> PathBuf {
    PathBuf::from(format!("{}.facets", segment.uuid_string()))
}

/// The file of the dictionary of `segments` (in any order).
fn dictionary_path(segments: &[SegmentId]) -> PathBuf {
    let mut ids: Vec<String> = segments.iter().map(SegmentId::uuid_string).collect();
    ids.sort_unstable();
    let hash = blake3::hash(ids.join(",").as_bytes());
    let hex = hash.to_hex();
    PathBuf::from(format!("facets-{}.dict", &hex.as_str()[..16]))
}

impl FacetFiles {
    /// The facet files of the index in `dir`. Opening writes nothing.
    pub(crate) fn on_disk(dir: &Path) -> tantivy::Result<Self> {
        Ok(FacetFiles {
            dir: Box::new(MmapDirectory::open(dir)?),
            refreshing: Mutex::new(()),
            opened: Mutex::default(),
        })
    }

    /// Facet files kept in memory, for an index in memory.
    pub(crate) fn in_ram() -> Self {
        FacetFiles {
            dir: Box::new(RamDirectory::create()),
            refreshing: Mutex::new(()),
            opened: Mutex::default(),
        }
    }

    /// The table kept for `segment`, if one reads and agrees with it.
    pub(crate) fn table(&self, segment: &SegmentReader) -> Option<Arc<FacetTable>> {
        let id = segment.segment_id();
        // The map is replaced whole or added to: a poisoned lock holds a
        // good one.
        let mut opened = self.opened.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(table) = opened.tables.get(&id) {
            return Some(Arc::clone(table));
        }
        let file = self.dir.open_read(&table_path(id)).ok()?;
        let table = FacetTable::from_bytes(file.read_bytes().ok()?)
            .filter(|table| table.max_doc() == segment.max_doc())
            .map(Arc::new)?;
        opened.tables.insert(id, Arc::clone(&table));
        Some(table)
    }

    /// The dictionary kept for exactly `segments`, if one reads. The tables
    /// of other segments (merged away) are let go.
    pub(crate) fn dictionary(&self, segments: &[SegmentId]) -> Option<Arc<FacetDictionary>> {
        let mut opened = self.opened.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(dictionary) = opened.dictionary.as_ref().filter(|d| d.is_of(segments)) {
            return Some(Arc::clone(dictionary));
        }
        let file = self.dir.open_read(&dictionary_path(segments)).ok()?;
        let dictionary =
            FacetDictionary::from_bytes(file.read_bytes().ok()?).filter(|d| d.is_of(segments))?;
        let dictionary = Arc::new(dictionary);
        opened.dictionary = Some(Arc::clone(&dictionary));
        opened.tables.retain(|id, _| segments.contains(id));
        Some(dictionary)
    }

    /// The files listed as written.
    fn listed(&self) -> BTreeSet<String> {
        self.dir
            .atomic_read(Path::new(LIST))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    fn write_list(&self, files: &BTreeSet<String>) -> Result<()> {
        let json = serde_json::to_vec(files).unwrap_or_default();
        self.write(Path::new(LIST), &json)
    }

    fn write(&self, path: &Path, bytes: &[u8]) -> Result<()> {
        self.dir
            .atomic_write(path, bytes)
            .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))
    }

    /// Writes the table of every segment of `searcher` that has none and
    /// the dictionary of its segments, then deletes the files of segments
    /// it no longer holds (merged away).
    pub(crate) fn refresh(&self, searcher: &Searcher) -> Result<()> {
        let _one_at_a_time = self
            .refreshing
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let segments = searcher.segment_readers();
        let ids: Vec<SegmentId> = segments.iter().map(SegmentReader::segment_id).collect();
        let dictionary = dictionary_path(&ids);
        let needed: BTreeSet<String> = ids
            .iter()
            .map(|&id| table_path(id))
            .chain([dictionary.clone()])
            .map(|path| path.display().to_string())
            .collect();
        let listed = self.listed();
        if !needed.is_subset(&listed) {
            self.write_list(&listed.union(&needed).cloned().collect())?;
        }
        let mut tables = Vec::with_capacity(segments.len());
        for segment in segments {
            let table = match self.table(segment) {
                Some(table) => table,
                None => {
                    let table = FacetTable::build(segment)?;
                    self.write(&table_path(segment.segment_id()), table.as_bytes())?;
                    Arc::new(table)
                }
            };
            tables.push((segment.segment_id(), table));
        }
        if self.dictionary(&ids).is_none() {
            let tables: Vec<(SegmentId, &FacetTable)> = tables
                .iter()
                .map(|(id, table)| (*id, table.as_ref()))
                .collect();
            self.write(&dictionary, FacetDictionary::build(&tables)?.as_bytes())?;
        }
        let stale: Vec<String> = listed.difference(&needed).cloned().collect();
        for file in &stale {
            // A file already gone is what was wanted; one that cannot be
            // deleted now (open elsewhere, on some systems) stays listed
            // and is tried again at the next refresh.
            let _ = self.dir.delete(Path::new(file.as_str()));
        }
        let left: BTreeSet<String> = needed
            .into_iter()
            .chain(
                stale
                    .into_iter()
                    .filter(|file| self.dir.exists(Path::new(file.as_str())).unwrap_or(true)),
            )
            .collect();
        if left != listed {
            self.write_list(&left)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::writer::WriterOptions;
    use crate::NewsIndex;
    use tantivy::directory::OwnedBytes;

    fn names(dir: &Path) -> BTreeSet<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".facets") || name.ends_with(".dict"))
            .collect()
    }

    fn article(i: usize) -> crate::Article {
        let outlet = if i.is_multiple_of(2) { "ft" } else { "bbc" };
        crate::Article {
            id: crate::ArticleId(format!("a{i}")),
            source: crate::Source {
                id: outlet.to_string(),
                name: outlet.to_uppercase(),
            },
            published: None,
            dateline: None,
            title: format!("Talks {i}"),
            body: format!("Negotiators from France met in Doha for the {i}th time."),
            captions: Vec::new(),
            url: None,
            authors: Vec::new(),
            language: None,
            metadata: crate::Metadata::default(),
        }
    }

    /// Each commit leaves one table per live segment and the dictionary of
    /// the live segments, and nothing of segments merged away.
    #[test]
    fn each_commit_keeps_the_files_of_its_segments_only() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("ix");
        let index = NewsIndex::open_or_create(&dir).unwrap();
        let mut writer = index.writer(&WriterOptions::default().threads(1)).unwrap();
        for i in 0..40 {
            writer.upsert(&article(i), i as u64).unwrap();
            if i % 10 == 9 {
                writer.commit().unwrap();
                let searcher = index.searcher().unwrap();
                let segments = searcher.segment_readers();
                let ids: Vec<SegmentId> = segments.iter().map(|s| s.segment_id()).collect();
                let mut expected: BTreeSet<String> = ids
                    .iter()
                    .map(|&id| table_path(id).display().to_string())
                    .collect();
                expected.insert(dictionary_path(&ids).display().to_string());
                assert_eq!(names(&dir), expected);
                for segment in segments {
                    assert!(index.facet_table(segment).is_some());
                }
                assert!(index.facet_dictionary(&ids).is_some());
            }
        }
        writer.finish().unwrap();
        let searcher = index.searcher().unwrap();
        let ids: Vec<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(|s| s.segment_id())
            .collect();
        assert_eq!(names(&dir).len(), ids.len() + 1);
        assert!(index.facet_dictionary(&ids).is_some());
    }

    /// Tables read back as built: each document's values are its facet
    /// values, and the dictionary numbers every term once per field.
    #[test]
    fn a_table_holds_each_documents_values() {
        let index = NewsIndex::create_in_ram().unwrap();
        let mut writer = index.writer(&WriterOptions::default().threads(1)).unwrap();
        for i in 0..6 {
            writer.upsert(&article(i), i as u64).unwrap();
        }
        writer.finish().unwrap();
        let searcher = index.searcher().unwrap();
        let segment = &searcher.segment_readers()[0];
        let table = index.facet_table(segment).unwrap();
        let source = crate::schema::Facet::ALL
            .iter()
            .position(|&f| f == crate::schema::Facet::Source)
            .unwrap();
        let sources = table.ids_of_field(source);
        let terms: Vec<&[u8]> = sources.clone().map(|id| table.term(id).unwrap()).collect();
        assert_eq!(terms, [b"bbc".as_slice(), b"ft".as_slice()]);
        for doc in 0..segment.max_doc() {
            let held: Vec<u32> = FacetTable::ids(table.values_of(doc))
                .filter(|&id| sources.contains(&(id as usize)))
                .collect();
            assert_eq!(held.len(), 1, "one outlet per article");
        }
        // A copy of the table's bytes with one byte less does not read.
        let bytes = table.as_bytes();
        let short = tantivy::directory::OwnedBytes::new(bytes[..bytes.len() - 1].to_vec());
        assert!(FacetTable::from_bytes(short).is_none());
        let ids = [segment.segment_id()];
        let dictionary = index.facet_dictionary(&ids).unwrap();
        let numbers = dictionary.numbers_of(segment.segment_id()).unwrap();
        assert_eq!(numbers.len(), table.num_ids());
        for id in 0..table.num_ids() {
            let number = numbers.get(id).unwrap() as usize;
            assert_eq!(dictionary.term(number), table.term(id));
        }
    }

    /// Whatever byte of a table or dictionary is damaged, reading it gives
    /// `None` or a table whose every read is bounds-checked: never a panic.
    #[test]
    fn a_damaged_table_or_dictionary_never_panics() {
        let index = NewsIndex::create_in_ram().unwrap();
        let mut writer = index.writer(&WriterOptions::default().threads(1)).unwrap();
        for i in 0..4 {
            writer.upsert(&article(i), i as u64).unwrap();
        }
        writer.finish().unwrap();
        let searcher = index.searcher().unwrap();
        let segment = &searcher.segment_readers()[0];
        let table = index.facet_table(segment).unwrap();
        let dictionary = index.facet_dictionary(&[segment.segment_id()]).unwrap();
        let mut read = 0;
        for at in 0..table.as_bytes().len() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut bytes = table.as_bytes().to_vec();
                bytes[at] ^= flip;
                let Some(damaged) = FacetTable::from_bytes(OwnedBytes::new(bytes)) else {
                    continue;
                };
                read += 1;
                for doc in 0..damaged.max_doc() + 2 {
                    let _ = FacetTable::ids(damaged.values_of(doc)).count();
                }
                for id in 0..damaged.num_ids() + 2 {
                    let _ = damaged.term(id);
                }
                for field in 0..10 {
                    let _ = damaged.ids_of_field(field);
                }
            }
        }
        assert!(read > 0, "no damaged table read back at all");
        for at in 0..dictionary.as_bytes().len() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut bytes = dictionary.as_bytes().to_vec();
                bytes[at] ^= flip;
                let Some(damaged) = FacetDictionary::from_bytes(OwnedBytes::new(bytes)) else {
                    continue;
                };
                for id in 0..damaged.num_terms() + 2 {
                    let _ = damaged.term(id);
                }
                if let Some(numbers) = damaged.numbers_of(segment.segment_id()) {
                    for id in 0..numbers.len() + 2 {
                        let _ = numbers.get(id);
                    }
                }
            }
        }
    }
}
