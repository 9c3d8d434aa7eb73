//! Near-duplicate collapsing, stories and coverage, on the bundled five and
//! on invented syndicated copies of one article.

use std::collections::BTreeSet;
use std::path::Path;

use newsdex_core::schema::Facet;
use newsdex_core::NewsIndex;
use newsdex_query::{coverage, search, stories, SearchRequest, StoriesRequest};

const PARAGRAPHS: [&str; 7] = [
    "The council of the invented town of Orrick Bay voted on Thursday to close the old ferry pier for eighteen months, ending the last crossing to the island of Tamsey.",
    "“We cannot ask passengers to walk on boards the tide has already eaten,” said Wendell Okafor, the council’s transport chair, after a nine-to-four vote.",
    "Surveyors found in March that the pier’s iron frame had rusted through below the waterline — in places to a third of its thickness — and advised closing it.",
    "About three hundred islanders use the ferry each day to reach jobs, schools and the clinic on the mainland, and many said the decision left them stranded.",
    "The council said a chartered boat would run twice a day from the fishing harbour until the new pier opens, at no extra cost to season-ticket holders.",
    "Four councillors who voted against the closure said the pier could have stayed open for foot passengers while the frame was repaired in stages.",
    "The new pier is to cost about forty million crowns, half of it from a national fund for island transport, with work starting in the autumn.",
];

fn jsonl_line(id: &str, source: &str, day: &str, title: &str, body: &str) -> String {
    serde_json::json!({"id": id, "source": source, "published": day, "title": title, "body": body})
        .to_string()
}

/// Five copies of one wire story (headline rewritten, furniture added, a
/// paragraph dropped, quotes and dashes made straight, an update), one
/// different article on the same event, one article on another event.
fn invented() -> (tempfile::TempDir, NewsIndex) {
    let body = |paragraphs: &[&str]| paragraphs.join("\n\n");
    let original = body(&PARAGRAPHS);
    let mut dropped = PARAGRAPHS.to_vec();
    dropped.remove(4);
    let straight = original
        .replace(['“', '”'], "\"")
        .replace('’', "'")
        .replace(" — ", " -- ");
    let mut updated = PARAGRAPHS.to_vec();
    updated.push("On Friday the island's school said lessons would start an hour later until the charter boat timetable settles.");
    let lines = [
        jsonl_line("wire-1", "wire", "2025-05-07", "Orrick Bay shuts ferry pier", &original),
        jsonl_line("daily-1", "daily", "2025-05-08", "Islanders stranded as rusted pier closes", &format!("{original}\n\nReporting by Ana Ruiz; Editing by Tom Bell\n\nSign up for our morning newsletter.")),
        jsonl_line("herald-1", "herald", "2025-05-09", "Ferry pier to close", &body(&dropped)),
        jsonl_line("post-1", "post", "2025-05-09", "Orrick Bay pier closing", &straight),
        jsonl_line("wire-2", "wire", "2025-05-09", "UPDATE 1-Orrick Bay shuts ferry pier", &body(&updated)),
        jsonl_line("gazette-1", "gazette", "2025-05-09", "Tamsey islanders count the cost of the pier vote", "Shopkeepers on Tamsey said on Friday that Thursday's vote to shut the Orrick Bay ferry pier would cut them off from mainland customers for a year and a half.\n\nWendell Okafor, who chairs the council's transport committee, promised that the chartered boat from the fishing harbour would keep to the ferry's old timetable, but islanders said it carried half as many passengers.\n\nThe island's clinic asked the council for a second daily crossing for patients, and the pier closure will be discussed again at the council's June meeting."),
        jsonl_line("farm-1", "daily", "2025-05-20", "Orchard growers expect a record apple harvest", "Apple growers in the valley expect their largest harvest in a decade after a mild spring without late frosts, the growers' association said on Tuesday.\n\nThe association said pickers were hard to find and that wages had risen by a tenth since last season, while cold-store operators were adding capacity.\n\nExport prices are expected to fall slightly as neighbouring regions also report heavy crops."),
    ];
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("wire.jsonl"), lines.join("\n")).unwrap();
    let index = NewsIndex::create_in_ram().unwrap();
    index.indexer().index_paths(&[dir.path().into()]).unwrap();
    (dir, index)
}

fn bundled() -> NewsIndex {
    let index = NewsIndex::create_in_ram().unwrap();
    index
        .indexer()
        .index_paths(&[Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")])
        .unwrap();
    index
}

fn prefixes(ids: &[String]) -> BTreeSet<String> {
    ids.iter().map(|id| id[..3].to_string()).collect()
}

#[test]
fn collapse_shows_one_hit_per_group_earliest_copy_first() {
    let (_dir, index) = invented();
    let plain = search(&index, &SearchRequest::new("pier")).unwrap();
    assert_eq!(plain.total, 6);
    assert_eq!(plain.groups, None);
    let collapsed = search(&index, &SearchRequest::new("pier").collapse(true)).unwrap();
    assert_eq!(collapsed.total, 6, "the total still counts articles");
    assert_eq!(collapsed.groups, Some(2));
    assert_eq!(collapsed.hits.len(), 2);
    let copies = collapsed.hits.iter().find(|h| h.copies_total > 0).unwrap();
    // wire-1 (7 May) is the earliest copy.
    assert_eq!(copies.id, "wire-1");
    assert_eq!(copies.copies_total, 4);
    let ids: BTreeSet<&str> = copies.copies.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        BTreeSet::from(["daily-1", "herald-1", "post-1", "wire-2"])
    );
    let listed: Vec<&str> = copies.copies.iter().map(|c| c.id.as_str()).collect();
    // Earliest first; on one day (9 May), by id.
    assert_eq!(listed, ["daily-1", "herald-1", "post-1", "wire-2"]);
    let other = collapsed.hits.iter().find(|h| h.copies_total == 0).unwrap();
    assert_eq!(other.id, "gazette-1");
    // Facets count articles either way.
    assert_eq!(collapsed.facets["source"], plain.facets["source"]);
    // Paging counts groups.
    let second = search(
        &index,
        &SearchRequest::new("pier").collapse(true).limit(1).offset(1),
    )
    .unwrap();
    assert_eq!(second.hits.len(), 1);
    assert_eq!(second.hits[0].rank, 2);
    assert_eq!(second.hits[0].id, collapsed.hits[1].id);
}

#[test]
fn copies_and_another_article_on_the_event_make_one_story() {
    let (_dir, index) = invented();
    let found = stories(&index, &StoriesRequest::new(SearchRequest::new(""))).unwrap();
    assert_eq!(found.articles, 7);
    assert_eq!(found.total, 2, "{:#?}", found.stories);
    let story = &found.stories[0];
    let members: BTreeSet<&str> = story.members.iter().map(String::as_str).collect();
    assert_eq!(
        members,
        BTreeSet::from([
            "wire-1",
            "daily-1",
            "herald-1",
            "post-1",
            "wire-2",
            "gazette-1"
        ])
    );
    assert_eq!(story.first.id, "wire-1");
    assert_eq!(story.first.source, "wire");
    let delays: Vec<(&str, Option<i64>)> = story
        .outlets
        .iter()
        .map(|o| (o.article.source.as_str(), o.delay_days))
        .collect();
    assert_eq!(
        delays,
        [
            ("wire", Some(0)),
            ("daily", Some(1)),
            ("gazette", Some(2)),
            ("herald", Some(2)),
            ("post", Some(2))
        ]
    );
    assert_eq!(
        story.timeline,
        "2025-05-07 ×1 → 2025-05-08 ×1 → 2025-05-09 ×4"
    );
    assert_eq!(found.stories[1].members, ["farm-1"]);
}

#[test]
fn stories_do_not_depend_on_how_segments_hold_the_articles() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&data)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 5);
    // One folder per article, with the folder's metadata (source, date),
    // so that each commit makes a segment of one article.
    let dir = tempfile::tempdir().unwrap();
    let folders: Vec<std::path::PathBuf> = files
        .iter()
        .map(|file| {
            let folder = dir.path().join(file.file_stem().unwrap());
            std::fs::create_dir(&folder).unwrap();
            std::fs::copy(file, folder.join(file.file_name().unwrap())).unwrap();
            std::fs::copy(data.join("articles.toml"), folder.join("articles.toml")).unwrap();
            folder
        })
        .collect();
    let stories_of = |order: &[std::path::PathBuf]| -> Vec<BTreeSet<String>> {
        let index = NewsIndex::create_in_ram().unwrap();
        for folder in order {
            index
                .indexer()
                .index_paths(std::slice::from_ref(folder))
                .unwrap();
        }
        let found = stories(&index, &StoriesRequest::new(SearchRequest::new(""))).unwrap();
        let mut sets: Vec<BTreeSet<String>> =
            found.stories.iter().map(|s| prefixes(&s.members)).collect();
        sets.sort();
        sets
    };
    let forward = stories_of(&folders);
    assert_eq!(forward.len(), 2, "{forward:?}");
    let mut reversed = folders.clone();
    reversed.reverse();
    assert_eq!(stories_of(&reversed), forward);
    let mut rotated = folders.clone();
    rotated.rotate_left(2);
    assert_eq!(stories_of(&rotated), forward);
}

#[test]
fn the_bundled_five_are_two_stories() {
    let index = bundled();
    let found = stories(&index, &StoriesRequest::new(SearchRequest::new(""))).unwrap();
    assert_eq!(found.articles, 5);
    let sets: Vec<BTreeSet<String>> = found.stories.iter().map(|s| prefixes(&s.members)).collect();
    assert_eq!(
        sets,
        [
            BTreeSet::from(["000".into(), "001".into(), "002".into()]),
            BTreeSet::from(["003".into(), "004".into()]),
        ],
        "{:#?}",
        found.stories
    );
    let failed = &found.stories[0];
    assert!(failed.first.id.starts_with("000"), "{:?}", failed.first);
    assert!(
        failed.votes.iter().any(|v| v.starts_with("vetoed")),
        "{:?}",
        failed.votes
    );
    let adopted = &found.stories[1];
    assert!(
        adopted.votes.iter().any(|v| v == "adopted"),
        "{:?}",
        adopted.votes
    );
    assert!(
        adopted.people.iter().any(|p| p.contains("kirby")),
        "{:?}",
        adopted.people
    );
}

#[test]
fn coverage_counts_matches_and_their_share_of_each_value() {
    let (_dir, index) = invented();
    let found = coverage(&index, &SearchRequest::new("pier"), Facet::Source, false).unwrap();
    assert_eq!(found.matches, 6);
    let rows: Vec<(&str, u64, u64)> = found
        .rows
        .iter()
        .map(|r| (r.value.as_str(), r.matches, r.total))
        .collect();
    // `daily` has two articles, one on the pier.
    assert_eq!(rows[0], ("wire", 2, 2));
    assert!(rows.contains(&("daily", 1, 2)), "{rows:?}");
    let normalized = coverage(&index, &SearchRequest::new("pier"), Facet::Source, true).unwrap();
    assert_eq!(normalized.rows.last().unwrap().value, "daily");
    assert!((normalized.rows.last().unwrap().share - 0.5).abs() < 1e-9);
}
