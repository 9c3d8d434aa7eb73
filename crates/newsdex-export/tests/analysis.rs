//! What the exported files carry of newsdex's analysis: the synonym rules
//! are generated from the analyzer's own variant table, and each article's
//! pre-analysed fields hold the terms newsdex indexes for it.

use std::collections::BTreeMap;

use newsdex_core::analysis::{query_terms, VariantTable};
use newsdex_core::{Article, NewsIndex};
use newsdex_export::{fields, opensearch, Engine, Options};
use serde_json::Value;
use tantivy::collector::TopDocs;
use tantivy::postings::Postings;
use tantivy::query::TermQuery;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocSet, Term};

use crate::util::{bundled_index, documents, export_from_index};

fn template_rules(template: &Value, filter: &str) -> Vec<String> {
    let rules = &template["template"]["settings"]["analysis"]["filter"][filter]["synonyms"];
    rules
        .as_array()
        .unwrap_or_else(|| panic!("{filter} has synonyms"))
        .iter()
        .map(|r| r.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_template_synonyms_are_the_analyzers_variant_table() {
    let template = opensearch::template(&Options::default());
    let shipped = opensearch::synonym_rules(&VariantTable::shipped());
    assert!(!shipped.is_empty());
    // Both filters, index and query time, carry the generated rules.
    assert_eq!(template_rules(&template, "news_variants"), shipped);
    assert_eq!(template_rules(&template, "news_variants_graph"), shipped);
    // Each rule is what newsdex's analyzer does: the variant's words
    // analyse to the canonical word's term.
    for rule in &shipped {
        let (words, canonical) = rule.split_once(" => ").expect("a contraction");
        let folded: Vec<String> = query_terms(words).into_iter().map(|(_, t)| t).collect();
        let wanted: Vec<String> = query_terms(canonical).into_iter().map(|(_, t)| t).collect();
        assert_eq!(folded, wanted, "{rule}");
        assert_eq!(folded.len(), 1, "{rule} folds to one term");
    }
}

#[test]
fn changing_the_variant_table_changes_the_rules() {
    let before = VariantTable::parse("ceasefire = cease fire\nairstrike = air strike");
    let after =
        VariantTable::parse("ceasefire = cease fire = cease the fire\nlockdown = lock down");
    assert_eq!(
        opensearch::synonym_rules(&before),
        ["air strike => airstrike", "cease fire => ceasefire"]
    );
    assert_eq!(
        opensearch::synonym_rules(&after),
        [
            "cease fire => ceasefire",
            "cease the fire => ceasefire",
            "lock down => lockdown"
        ]
    );
}

/// The terms tantivy holds for document `doc` in `field`, by position.
fn indexed_terms(
    index: &NewsIndex,
    address: DocAddress,
    field: Field,
) -> BTreeMap<u32, Vec<String>> {
    let searcher = index.searcher().unwrap();
    let segment = searcher.segment_reader(address.segment_ord);
    let inverted = segment.inverted_index(field).unwrap();
    let mut stream = inverted.terms().stream().unwrap();
    let mut by_position: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    let mut positions = Vec::new();
    while stream.advance() {
        let term = String::from_utf8(stream.key().to_vec()).unwrap();
        let mut postings = inverted
            .read_postings_from_terminfo(stream.value(), IndexRecordOption::WithFreqsAndPositions)
            .unwrap();
        // A posting list starts on its first document, which may be past
        // this one.
        if postings.doc() > address.doc_id || postings.seek(address.doc_id) != address.doc_id {
            continue;
        }
        positions.clear();
        postings.positions(&mut positions);
        for &position in &positions {
            by_position.entry(position).or_default().push(term.clone());
        }
    }
    by_position
}

fn address_of(index: &NewsIndex, id: &str) -> DocAddress {
    let searcher = index.searcher().unwrap();
    let query = TermQuery::new(
        Term::from_field_text(index.schema().id, id),
        IndexRecordOption::Basic,
    );
    let hits = searcher
        .search(&query, &TopDocs::with_limit(1).order_by_score())
        .unwrap();
    hits[0].1
}

/// The pre-analysed terms of one field of a Quickwit document, in order
/// (the values of a caption or quote list one after the other).
fn exported_terms(doc: &Value, field: &str) -> Vec<String> {
    let value = &doc[fields::terms_field(field).unwrap()];
    let texts: Vec<&str> = match value {
        Value::String(text) => vec![text.as_str()],
        Value::Array(items) => items.iter().map(|v| v.as_str().unwrap()).collect(),
        other => panic!("{field}: {other}"),
    };
    texts
        .iter()
        .flat_map(|t| t.split(' ').filter(|w| !w.is_empty()))
        .map(str::to_string)
        .collect()
}

#[test]
fn each_pre_analysed_field_holds_the_terms_newsdex_indexes() {
    let (dir, index) = bundled_index();
    let out = dir.path().join("quickwit");
    let summary = export_from_index(Engine::Quickwit, &out, &index);
    let docs = documents(Engine::Quickwit, &summary);
    assert_eq!(docs.len(), 5);
    let schema = index.schema();
    let mut shared_positions = 0;
    let mut compared = 0;
    for (id, doc) in &docs {
        let address = address_of(&index, id);
        let article: Article = index.article(id).unwrap().unwrap();
        for field in fields::TEXT {
            let indexed = indexed_terms(&index, address, schema.text_field(field).unwrap());
            let exported = exported_terms(doc, field);
            // One exported term per indexed position, in order, each among
            // the terms indexed there (the others at a position are the
            // parts of a hyphenated word).
            assert_eq!(
                exported.len(),
                indexed.len(),
                "{id} {field}: {exported:?} vs {indexed:?}"
            );
            for (term, (position, there)) in exported.iter().zip(&indexed) {
                assert!(
                    there.contains(term),
                    "{id} {field} at {position}: {term} not in {there:?}"
                );
                if there.len() > 1 {
                    shared_positions += 1;
                }
            }
            compared += exported.len();
        }
        // The language the terms were analysed in is the article's.
        assert_eq!(doc["language"].as_str(), article.language.as_deref());
    }
    assert!(compared > 500, "the bundled five have text: {compared}");
    assert!(
        shared_positions > 0,
        "some hyphenated word put its parts at its position"
    );
}
