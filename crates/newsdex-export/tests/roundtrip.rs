//! A round trip: the export parsed back holds the articles it was made
//! from (ids, fields, facet values) and, from an index, the index's own
//! counts: every facet value counted over the exported documents equals
//! newsdex's facet count, levels of hierarchical facets included.

use std::collections::BTreeMap;

use newsdex_core::schema::Facet;
use newsdex_core::Article;
use newsdex_export::{fields, Engine, Options};
use newsdex_query::{search, SearchRequest};
use serde_json::Value;

use crate::util::{
    bundled_articles, bundled_index, documents, export_articles, export_from_index, strings,
};

/// The facet values of an exported document (the single-valued `source`
/// and `language` as one-element lists).
fn facet_values(doc: &Value, facet: Facet) -> Vec<String> {
    let value = &doc[facet.as_str()];
    match value {
        Value::String(one) => vec![one.clone()],
        Value::Null => Vec::new(),
        _ => strings(value),
    }
}

/// Checks an exported document against the article it was made from.
fn same_article(engine: Engine, doc: &Value, article: &Article) {
    let id = article.id.as_str();
    assert_eq!(doc[fields::ID], id);
    assert_eq!(doc[fields::TITLE], article.title.as_str(), "{id}");
    assert_eq!(doc[fields::BODY], article.body.as_str(), "{id}");
    assert_eq!(strings(&doc[fields::CAPTION]), article.captions, "{id}");
    let quotes: Vec<String> = article
        .metadata
        .quotes
        .iter()
        .map(|q| q.text.clone())
        .collect();
    assert_eq!(strings(&doc[fields::QUOTE]), quotes, "{id}");
    assert_eq!(doc[fields::SOURCE_NAME], article.source.name.as_str());
    assert_eq!(doc[fields::URL].as_str(), article.url.as_deref());
    assert_eq!(doc[fields::DATELINE].as_str(), article.dateline.as_deref());
    assert_eq!(strings(&doc[fields::AUTHORS]), article.authors);
    let day = article.published.map(|d| match engine {
        Engine::OpenSearch => d.to_string(),
        Engine::Quickwit => format!("{d}T00:00:00Z"),
    });
    assert_eq!(doc[fields::PUBLISHED].as_str(), day.as_deref(), "{id}");
    for facet in Facet::ALL {
        assert_eq!(
            facet_values(doc, facet),
            facet.values_of(article),
            "{id} {facet}"
        );
    }
    // The display objects are newsdex's own serialisation, whole.
    let meta = serde_json::to_value(&article.metadata).unwrap();
    assert_eq!(doc[fields::PEOPLE], meta["people"], "{id}");
    assert_eq!(doc[fields::ORGS], meta["orgs"], "{id}");
    assert_eq!(doc[fields::QUOTES], meta["quotes"], "{id}");
    assert_eq!(doc[fields::VOTES], meta["votes"], "{id}");
    let speakers: Vec<String> = article
        .metadata
        .quotes
        .iter()
        .filter_map(|q| q.speaker.clone())
        .collect();
    for speaker in speakers {
        assert!(facet_values(doc, Facet::SaidBy).contains(&speaker));
    }
}

#[test]
fn an_export_of_paths_holds_each_article_whole() {
    let articles = bundled_articles();
    assert_eq!(articles.len(), 5);
    for engine in [Engine::OpenSearch, Engine::Quickwit] {
        let dir = tempfile::tempdir().unwrap();
        let summary = export_articles(engine, dir.path(), &articles, &Options::default());
        let docs = documents(engine, &summary);
        assert_eq!(docs.len(), articles.len());
        assert_eq!(summary.articles, articles.len() as u64);
        for ((id, doc), article) in docs.iter().zip(&articles) {
            assert_eq!(id, article.id.as_str());
            same_article(engine, doc, article);
            assert!(
                doc.get(fields::DUP_GROUP).is_none(),
                "no group without an index"
            );
        }
    }
}

/// Counts of every facet value over `docs`, hierarchical facets at every
/// level (as newsdex counts them).
fn counts_of(docs: &[(String, Value)], facet: Facet) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for (_, doc) in docs {
        let mut values = facet_values(doc, facet);
        if facet.is_hierarchical() {
            let mut levels = Vec::new();
            for value in &values {
                let parts: Vec<&str> = value.split('/').collect();
                for end in 1..=parts.len() {
                    let level = parts[..end].join("/");
                    if !levels.contains(&level) {
                        levels.push(level);
                    }
                }
            }
            values = levels;
        }
        for value in values {
            *counts.entry(value).or_insert(0) += 1;
        }
    }
    counts
}

#[test]
fn an_export_of_an_index_matches_its_ids_groups_fields_and_counts() {
    let (dir, index) = bundled_index();
    let results = search(&index, &SearchRequest::new("*").facets(true).facet_limit(0)).unwrap();
    for engine in [Engine::OpenSearch, Engine::Quickwit] {
        let out = dir.path().join(engine.as_str());
        let summary = export_from_index(engine, &out, &index);
        let docs = documents(engine, &summary);
        assert_eq!(docs.len() as u64, index.num_articles().unwrap());
        assert_eq!(summary.articles, docs.len() as u64);
        for (id, doc) in &docs {
            let article = index.article(id).unwrap().expect("an indexed id");
            same_article(engine, doc, &article);
            let group = index.dup_group(id).unwrap().map(|g| g.to_string());
            assert_eq!(doc[fields::DUP_GROUP].as_str(), group.as_deref(), "{id}");
        }
        for facet in Facet::ALL {
            let newsdex: BTreeMap<String, u64> = results
                .facets
                .get(facet.as_str())
                .map(|counts| counts.iter().map(|c| (c.value.clone(), c.count)).collect())
                .unwrap_or_default();
            assert_eq!(counts_of(&docs, facet), newsdex, "{engine:?} {facet}");
        }
        if engine == Engine::Quickwit {
            // The levels field holds the levels newsdex counts.
            for (id, doc) in &docs {
                let mut levels = strings(&doc[fields::VOTE_PATH]);
                levels.sort();
                let mut want: Vec<String> = counts_of(&[(id.clone(), doc.clone())], Facet::Vote)
                    .into_keys()
                    .collect();
                want.sort();
                assert_eq!(levels, want, "{id}");
            }
        }
    }
    // Something to count: the bundled five have people, countries, votes.
    for facet in [Facet::Country, Facet::Person, Facet::Vote, Facet::Source] {
        assert!(
            results
                .facets
                .get(facet.as_str())
                .is_some_and(|c| !c.is_empty()),
            "{facet}"
        );
    }
}
