// # Facet counts
//
// See at a glance how the hits for a query spread across outlets, countries,
// votes and people: counts cover every matching article, not just the page.
//
// Run: `cargo run --example facets -- ceasefire`
// ---

use std::path::Path;

use newsdex::core::NewsIndex;
use newsdex::query::{search, SearchRequest};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let query = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "ceasefire".to_string());
    let index = NewsIndex::create_in_ram()?;
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    index.indexer().index_paths(&[data])?;

    // `limit(0)`: only the total and the facet counts are wanted.
    let results = search(&index, &SearchRequest::new(query).limit(0).facets(true))?;
    println!("{} matching articles", results.total);
    for (field, counts) in &results.facets {
        if counts.is_empty() {
            continue;
        }
        println!("\n{field}");
        for count in counts {
            println!("  {:>4}  {:<16} {}", count.count, count.value, count.label);
        }
    }
    Ok(())
}
