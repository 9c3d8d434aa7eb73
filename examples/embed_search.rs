// # Embedding newsdex
//
// Index the bundled articles into a temporary directory and search them with
// the query language, the way an application embeds newsdex.
//
// Run: `cargo run --example embed_search`
// ---

use std::path::Path;

use newsdex::core::schema::Facet;
use newsdex::core::NewsIndex;
use newsdex::query::{search, SearchRequest, Sort};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // # Build an index
    //
    // `open_or_create` makes the directory and an empty index; `indexer().index_paths`
    // reads, cleans, extracts and writes every article, reporting bad inputs
    // in the returned report instead of stopping.
    let dir = tempfile::tempdir()?;
    let index = NewsIndex::open_or_create(&dir.path().join("index"))?;
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let report = index.indexer().index_paths(&[data])?;
    println!(
        "indexed {} articles ({} skipped)",
        report.articles(),
        report.skipped.len()
    );

    // ---
    // # Search
    //
    // A phrase with slop 2, newest first, only from two outlets.
    let request = SearchRequest::new("\"immediate ceasefire\"~2")
        .filter(Facet::Source, "ft")
        .filter(Facet::Source, "npr")
        .sort(Sort::Date);
    let results = search(&index, &request)?;
    println!("{} hits for {}", results.total, results.query);
    for hit in &results.hits {
        println!(
            "{}. {} [{}] {}",
            hit.rank,
            hit.id,
            hit.source,
            hit.published.as_deref().unwrap_or("undated")
        );
        // Highlights are byte ranges; wrap them in any markup you like.
        println!("   {}", hit.snippet.marked("*", "*", |s| s.to_string()));
    }
    Ok(())
}
