// # Ingesting JSON Lines
//
// Feed articles from a JSON Lines file (one object per line), see how a
// malformed line is reported with its line number while the others are
// indexed, and how re-indexing the same file updates in place.
//
// Run: `cargo run --example ingest_jsonl`
// ---

use newsdex::core::NewsIndex;
use newsdex::query::{search, SearchRequest};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let feed = dir.path().join("feed.jsonl");
    std::fs::write(
        &feed,
        concat!(
            r#"{"id": "w1", "source": "wire", "title": "Crossing reopens", "published": "2024-03-26", "body": "The Rafah crossing reopened for aid trucks."}"#,
            "\n",
            "{this line is not JSON\n",
            r#"{"id": "w2", "source": "wire", "title": "Talks resume", "published": "2024-03-27", "body": "Negotiators met in Doha to discuss a cease-fire."}"#,
            "\n"
        ),
    )?;

    let index = NewsIndex::create_in_ram()?;
    let report = index.indexer().index_paths(std::slice::from_ref(&feed))?;
    println!("added {}, skipped {}", report.added, report.skipped.len());
    for err in &report.skipped {
        println!("  skipped {err}");
    }

    // Same file again: nothing changes, nothing is duplicated.
    let again = index.indexer().index_paths(&[feed])?;
    println!(
        "second run: {} unchanged; {} articles in the index",
        again.unchanged,
        index.num_articles()?
    );

    let results = search(&index, &SearchRequest::new("ceasefire"))?;
    for hit in results.hits {
        println!("{} {}: {}", hit.id, hit.title, hit.snippet.text);
    }
    Ok(())
}
