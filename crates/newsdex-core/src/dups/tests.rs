//! Near-duplicates on invented syndicated variants of one article: copies
//! that differ in headline, furniture, one paragraph or typography share a
//! group; a different article on the same event does not; groups do not
//! depend on the thread count or the commits, and survive re-indexing.

use std::collections::BTreeMap;
use std::path::Path;

use super::*;
use crate::ingest::{IngestError, Layout, Origin, RawArticle};
use crate::{ArticleId, NewsIndex};

const PARAGRAPHS: [&str; 8] = [
    "The harbour authority of the invented port of Velmora voted on Tuesday to close the old grain quay for two years, ending a century of shipping from the eastern docks.",
    "“We could not keep patching a wall that the sea has already claimed,” said Ilsa Marrow, who chairs the authority’s board, after the seven-to-two vote in the town hall.",
    "Engineers found last spring that the quay’s timber piles had rotted through in places — some by more than half — and warned that a loaded lorry could break the deck.",
    "Grain merchants, who move about forty thousand tonnes a year through the quay, said the closure would push their barges to the crowded western basin at higher fees.",
    "The authority promised a temporary floating pier by the autumn and said the rebuilt quay would take ships twice the size of those that call at Velmora today.",
    "Fishermen who moor along the eastern docks will keep their berths, the board said, although the road to the quay will be shut to all traffic from next month.",
    "Two board members who voted against the plan said the repairs could have been phased so that part of the quay stayed open through the harvest season.",
    "The rebuilding is expected to cost about ninety million crowns, two thirds of it from a regional fund, and the first piles are to be driven in the spring.",
];

fn body(paragraphs: &[&str]) -> String {
    paragraphs.join("\n\n")
}

fn straight(text: &str) -> String {
    text.replace(['“', '”'], "\"")
        .replace('’', "'")
        .replace(" — ", " -- ")
}

/// (id, headline, body) of the copies that must share one group, then of
/// the other article on the same event.
fn variants() -> Vec<(&'static str, String, String)> {
    let original = body(&PARAGRAPHS);
    let mut dropped = PARAGRAPHS.to_vec();
    dropped.remove(5);
    let mut updated = PARAGRAPHS.to_vec();
    updated
        .push("Late on Tuesday the regional governor said she would not challenge the decision.");
    vec![
        ("wire-1", "Velmora closes grain quay for two years".into(), original.clone()),
        (
            "outlet-b",
            "Century of shipping ends as rotten quay shuts".into(),
            format!("{original}\n\nReporting by Tomas Erl; Editing by Mara Quint\n\nRead more: harbour news every morning in your inbox."),
        ),
        ("outlet-c", "Velmora quay to shut".into(), body(&dropped)),
        ("outlet-d", "Velmora closes grain quay".into(), straight(&original)),
        ("wire-2", "UPDATE 1-Velmora closes grain quay for two years".into(), body(&updated)),
    ]
}

fn other_on_same_event() -> (&'static str, String, String) {
    (
        "outlet-e",
        "Velmora merchants fear costs after quay vote".into(),
        "Grain traders in Velmora warned on Wednesday that moving their barges to the western basin after Tuesday's vote to shut the eastern quay would cost them dearly.\n\nIlsa Marrow, the harbour board's chair, told reporters the floating pier would be ready before the harvest, but merchants said they had heard such promises before.\n\nA spokesman for the barge owners said fees in the western basin were a third higher and that waiting times had already doubled this month.".into(),
    )
}

fn raw(id: &str, title: &str, body: &str, line: usize) -> Result<RawArticle, IngestError> {
    let mut raw = RawArticle::new(
        ArticleId(id.to_string()),
        Origin {
            path: Path::new("wire.jsonl").to_path_buf(),
            line: Some(line),
        },
        Layout::Fielded,
        body.to_string(),
    );
    raw.title = Some(title.to_string());
    Ok(raw)
}

fn groups(index: &NewsIndex, ids: &[&str]) -> BTreeMap<String, u64> {
    ids.iter()
        .map(|id| (id.to_string(), index.dup_group(id).unwrap().unwrap()))
        .collect()
}

#[test]
fn signature_ignores_typography_and_estimates_jaccard() {
    let original = body(&PARAGRAPHS);
    let a = Signature::of("t", &original).unwrap();
    let b = Signature::of("t", &straight(&original)).unwrap();
    assert_eq!(a, b, "quotes and dashes are separators");
    assert_eq!(
        shingle_hashes(&original),
        shingle_hashes(&straight(&original))
    );
    let mut dropped = PARAGRAPHS.to_vec();
    dropped.remove(5);
    let c = Signature::of("t", &body(&dropped)).unwrap();
    let exact = exact_jaccard(&shingle_hashes(&original), &shingle_hashes(&body(&dropped)));
    assert!(exact >= JACCARD_THRESHOLD, "{exact}");
    assert!(
        (a.jaccard(&c) - exact).abs() < 0.15,
        "{} vs {exact}",
        a.jaccard(&c)
    );
    let (_, _, other) = other_on_same_event();
    let d = Signature::of("t", &other).unwrap();
    assert!(a.matches(&d).is_none(), "{}", a.jaccard(&d));
    assert!(Signature::of("t", " — “ ” ").is_none());
    // Another article on the same event shares topic words, far more than
    // an article on something else.
    let unrelated = Signature::of(
        "Orchard growers expect a record apple harvest",
        "Apple growers in the valley expect their largest harvest in a decade after a mild spring without late frosts, the growers' association said on Tuesday. Pickers were hard to find and wages had risen by a tenth since last season.",
    )
    .unwrap();
    assert!(
        a.topic_similarity(&d) > a.topic_similarity(&unrelated) + 0.05,
        "{} vs {}",
        a.topic_similarity(&d),
        a.topic_similarity(&unrelated)
    );
    assert_eq!(a.topic_similarity(&b), 1.0);
    assert_eq!(Signature::from_bytes(&a.to_bytes()).unwrap().mins, a.mins);
    assert!(Signature::from_bytes(&[1, 2, 3]).is_none());
}

#[test]
fn revision_markers_are_read_from_the_headline() {
    for title in [
        "UPDATE 1-Quay shuts",
        "CORRECTED - Quay shuts",
        "REFILE-Quay",
        "Quay shuts (RPT)",
    ] {
        assert!(is_revision(title) || title.ends_with("(RPT)"), "{title}");
    }
    assert!(is_revision("UPDATE 2-Velmora"));
    assert!(!is_revision("Live update on the quay"));
    assert!(!is_revision("Update: the quay"));
}

#[test]
fn syndicated_copies_share_a_group_and_another_article_does_not() {
    let mut inputs = variants();
    inputs.push(other_on_same_event());
    let ids: Vec<&str> = inputs.iter().map(|(id, _, _)| *id).collect();
    let index = NewsIndex::create_in_ram().unwrap();
    let items = inputs
        .iter()
        .enumerate()
        .map(|(n, (id, title, body))| raw(id, title, body, n + 1));
    index.indexer().index_stream(items).unwrap();
    let found = groups(&index, &ids);
    let first = group_of_id("wire-1");
    for id in &ids[..5] {
        assert_eq!(
            found[*id], first,
            "{id} joins the first copy's group: {found:?}"
        );
    }
    assert_eq!(found["outlet-e"], group_of_id("outlet-e"));
    let members: Vec<String> = index
        .group_members(first)
        .unwrap()
        .into_iter()
        .map(|a| a.id.0)
        .collect();
    assert_eq!(members.len(), 5, "{members:?}");
}

#[test]
fn groups_do_not_depend_on_threads_or_commits_and_survive_reindexing() {
    // Many stories, each in a few copies spread over the input, so copies
    // land in different jobs, workers and batches.
    let mut inputs = Vec::new();
    for copy in 0..3 {
        for story in 0..40 {
            let paragraphs: Vec<String> = PARAGRAPHS
                .iter()
                .map(|p| p.replace(" the ", &format!(" the p{story}x ")))
                .collect();
            let refs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
            let mut text = body(&refs);
            if copy == 1 {
                text = straight(&text);
            }
            if copy == 2 {
                text.push_str("\n\nCopyright invented wire service.");
            }
            inputs.push((format!("s{story}-c{copy}"), format!("Story {story}"), text));
        }
    }
    let run = |workers: usize, commit_every: usize| {
        let index = NewsIndex::create_in_ram().unwrap();
        let items = inputs
            .iter()
            .enumerate()
            .map(|(n, (id, title, body))| raw(id, title, body, n + 1));
        index
            .indexer()
            .workers(workers)
            .commit_every(commit_every)
            .index_stream(items)
            .unwrap();
        let ids: Vec<&str> = inputs.iter().map(|(id, _, _)| id.as_str()).collect();
        (groups(&index, &ids), index)
    };
    let (serial, _) = run(1, 0);
    for story in 0..40 {
        for copy in 0..3 {
            assert_eq!(
                serial[&format!("s{story}-c{copy}")],
                group_of_id(&format!("s{story}-c0")),
                "story {story} copy {copy}"
            );
        }
    }
    for (workers, commit_every) in [(2, 7), (4, 25), (3, 1)] {
        let (parallel, _) = run(workers, commit_every);
        assert_eq!(
            parallel, serial,
            "{workers} workers, a commit every {commit_every}"
        );
    }

    // Re-indexing: a new copy joins the committed group, and no existing
    // article changes group (the input again is unchanged and skipped).
    let (before, index) = run(2, 10);
    let paragraphs: Vec<String> = PARAGRAPHS
        .iter()
        .map(|p| p.replace(" the ", " the p7x "))
        .collect();
    let refs: Vec<&str> = paragraphs[..7].iter().map(String::as_str).collect();
    let late = [raw("late-copy", "Port7x quay", &body(&refs), 1)];
    index.indexer().index_stream(late).unwrap();
    let ids: Vec<&str> = inputs.iter().map(|(id, _, _)| id.as_str()).collect();
    assert_eq!(groups(&index, &ids), before);
    assert_eq!(
        index.dup_group("late-copy").unwrap(),
        Some(group_of_id("s7-c0"))
    );
}

#[test]
fn packed_topic_similarity_counts_equal_values_as_a_plain_loop_does() {
    // Values chosen to meet every lane edge: 0, 0x8000, 0xffff, 0x7fff.
    let edges = [0u16, 1, 0x7fff, 0x8000, 0x8001, 0xffff];
    let mut state = 0x1234_5678_9abc_def0u64;
    for round in 0u32..200 {
        let mut a = [0u16; TOPIC_HASHES];
        let mut b = [0u16; TOPIC_HASHES];
        for i in 0..TOPIC_HASHES {
            state = mix64(state);
            a[i] = edges[(state % 6) as usize];
            b[i] = if (state >> 8).is_multiple_of(3) {
                a[i]
            } else if round.is_multiple_of(2) {
                edges[((state >> 16) % 6) as usize]
            } else {
                (state >> 32) as u16
            };
        }
        let equal = a.iter().zip(&b).filter(|(x, y)| x == y).count();
        let packed = TopicSketch::new(&a).similarity(&TopicSketch::new(&b));
        assert_eq!(packed, equal as f64 / TOPIC_HASHES as f64, "round {round}");
    }
    let all = [7u16; TOPIC_HASHES];
    assert_eq!(
        TopicSketch::new(&all).similarity(&TopicSketch::new(&all)),
        1.0
    );
}

#[test]
fn a_copy_cut_by_one_paragraph_of_five_matches_and_a_brief_does_not() {
    let five = &PARAGRAPHS[..5];
    let full = body(five);
    let cut = body(&[five[0], five[1], five[2], five[4]]);
    let exact = exact_jaccard(&shingle_hashes(&full), &shingle_hashes(&cut));
    assert!(exact < JACCARD_THRESHOLD, "exact Jaccard {exact}");
    let whole = Signature::of("Velmora closes grain quay", &full).unwrap();
    let shorter = Signature::of("Quay to close", &cut).unwrap();
    assert!(whole.matches(&shorter).is_some());
    assert!(shorter.matches(&whole).is_some());
    // One paragraph alone is all in the story, but it is a brief, not a copy.
    let brief = Signature::of("Quay vote", five[0]).unwrap();
    assert!(whole.matches(&brief).is_none());
}
