//! Query translation (issue 21): golden requests for every operator and
//! filter of the query language on both engines, refusals with their
//! spans, the engines' documented request schemas, Quickwit's terms as
//! newsdex's analyzer gives them, and resolution against the bundled
//! articles' index.
//!
//! No OpenSearch, Elasticsearch or Quickwit server can run here; what only
//! a live cluster can show, and how to check it, is in docs/scale-out.md.

#[path = "support/golden.rs"]
mod golden;
#[path = "support/schema.rs"]
mod schema;

use std::collections::BTreeSet;
use std::path::PathBuf;

use newsdex_core::analysis::{query_terms, unstemmed_terms};
use newsdex_core::schema::Facet;
use newsdex_core::NewsIndex;
use newsdex_export::{translate, Engine, ExportError, Translator};
use newsdex_query::syntax::{parse, LeafKind, Proximity, QueryAst};
use newsdex_query::{SearchRequest, Sort};
use serde_json::{json, Value};

/// One golden case: a search, translated for both engines.
struct Case {
    name: &'static str,
    query: &'static str,
    filters: &'static [(Facet, &'static str)],
    request: fn(SearchRequest) -> SearchRequest,
}

fn plain(request: SearchRequest) -> SearchRequest {
    request.facets(false)
}

const fn case(name: &'static str, query: &'static str) -> Case {
    Case {
        name,
        query,
        filters: &[],
        request: plain,
    }
}

/// Every operator, leaf kind, field scope and filter of the query language
/// (README's "Query language"), checked by `the_cases_cover_the_language`.
const CASES: &[Case] = &[
    case("word", "ceasefire"),
    case("words_and", "Kirby Guyana"),
    case("and_keyword", "Kirby AND Guyana"),
    case("or", "Kirby OR Guyana"),
    case("not_minus", "ceasefire -Kirby"),
    case("not_keyword", "ceasefire NOT Kirby"),
    case("not_alone", "NOT Kirby"),
    case("not_only", "-Kirby -Guyana"),
    case("required_plus", "+ceasefire +Rafah"),
    case("group", "(Kirby OR Guyana) AND Algeria"),
    case("or_with_not", "Kirby OR NOT Guyana"),
    case("phrase", "\"immediate ceasefire\""),
    case(
        "phrase_variants",
        "\"immediate cease-fire\" U.N. \"cease fire\"",
    ),
    case("phrase_slop_1", "\"immediate ceasefire\"~1"),
    case("phrase_slop_2", "\"immediate ceasefire\"~2"),
    case(
        "phrase_three_words_slop",
        "\"security council resolution\"~1",
    ),
    case("within", "\"security council\" w/3 vote*"),
    case("near", "china near/3 russia"),
    case(
        "near_nested",
        "\"security council\" near/10 (veto* OR \"voted against\")",
    ),
    case("near_chain", "russia w/2 china w/5 veto"),
    case("near_fuzzy", "netanyahoo~1 near/5 blinken"),
    case("near_in_field", "body:(china near/3 russia)"),
    case("near_sloppy_phrase", "\"security council\"~1 w/4 veto"),
    case("sentence", "blinken /s netanyahu"),
    case("paragraph", "blinken /p netanyahu"),
    case(
        "fields",
        "title:veto body:Rafah caption:Hockstein quote:\"ceasefire\"",
    ),
    case("field_group", "title:(veto OR vote)"),
    case("prefix", "Rafa*"),
    case("prefix_title", "title:Secur*"),
    case("fuzzy", "Netanyahoo~2"),
    case("fuzzy_1_in_title", "title:Netanyahoo~1"),
    case("published_from", "ceasefire published:[2024-03-25 TO *]"),
    case("published_day", "published:2024-03-22"),
    case("published_until", "published:[* TO 2024-03-23]"),
    case("published_range", "published:[2024-03-22 TO 2024-03-24]"),
    case("published_any", "published:*"),
    case("all", "*"),
    case("punctuation_only", "..."),
    case("punctuation_dropped", "ceasefire ..."),
    case(
        "facet_scopes",
        "source:npr country:qatar about:israel language:English",
    ),
    case(
        "facet_people",
        "person:\"Linda Thomas-Greenfield\" said_by:\"António Guterres\"",
    ),
    case(
        "facet_org_vote",
        "org:\"Security Council\" vote:vetoed/china OR vote:adopted",
    ),
    case("facet_any", "vote:* -org:*"),
    Case {
        name: "filters",
        query: "ceasefire",
        filters: &[
            (Facet::Source, "Financial Times"),
            (Facet::Source, "npr"),
            (Facet::Country, "Qatari"),
            (Facet::About, "IL"),
            (Facet::Vote, "vetoed/russia"),
            (Facet::Vote, "abstained"),
            (Facet::Person, "Linda Thomas-Greenfield"),
            (Facet::Org, "hamas"),
            (Facet::SaidBy, "Antony J. Blinken"),
            (Facet::Language, "en"),
        ],
        request: |r| {
            r.facets(false)
                .from(time::macros::date!(2024 - 03 - 22))
                .to(time::macros::date!(2024 - 03 - 24))
        },
    },
    Case {
        name: "filters_only",
        query: "",
        filters: &[(Facet::Source, "ft")],
        request: |r| r.facets(false).from(time::macros::date!(2024 - 03 - 25)),
    },
    Case {
        name: "sort_date_paged",
        query: "ceasefire",
        filters: &[],
        request: |r| r.facets(false).sort(Sort::Date).limit(5).offset(10),
    },
    Case {
        name: "facets",
        query: "ceasefire",
        filters: &[],
        request: |r| r,
    },
    Case {
        name: "facets_all_no_hits",
        query: "*",
        filters: &[],
        request: |r| r.limit(0).facet_limit(0),
    },
];

fn request_of(case: &Case) -> SearchRequest {
    let mut request = SearchRequest::new(case.query);
    for (facet, value) in case.filters {
        request = request.filter(*facet, *value);
    }
    (case.request)(request)
}

/// The translation, or the refusal, as the golden file records it.
fn outcome(request: &SearchRequest, engine: Engine) -> Value {
    match translate(request, engine) {
        Ok(translation) => translation.body,
        Err(err @ ExportError::Unsupported { .. }) => json!({"error": err.render(&request.query)}),
        Err(err) => panic!("{:?} for {engine:?}: {err}", request.query),
    }
}

#[test]
fn golden_translations_of_every_operator_and_filter() {
    let mut names = BTreeSet::new();
    for case in CASES {
        assert!(names.insert(case.name), "two cases named {}", case.name);
        let request = request_of(case);
        let filters: Vec<String> = case
            .filters
            .iter()
            .map(|(f, v)| format!("--{} {v}", f.as_str().replace('_', "-")))
            .collect();
        let golden = json!({
            "query": case.query,
            "filters": filters,
            "opensearch": outcome(&request, Engine::OpenSearch),
            "quickwit": outcome(&request, Engine::Quickwit),
        });
        let text = serde_json::to_string_pretty(&golden).unwrap();
        golden::assert_golden(&format!("translate/{}.json", case.name), &text);
    }
    // No golden file is left without its case.
    if !golden::blessing() {
        let dir = golden::golden_dir().join("translate");
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            assert!(
                names.contains(stem.as_str()),
                "stale golden file {}",
                path.display()
            );
        }
    }
}

#[test]
fn every_translation_follows_the_engines_documented_schema() {
    for case in CASES {
        let request = request_of(case);
        if let Ok(t) = translate(&request, Engine::OpenSearch) {
            schema::check_opensearch_body(&t.body)
                .unwrap_or_else(|e| panic!("{}: OpenSearch: {e}\n{:#}", case.name, t.body));
        }
        if let Ok(t) = translate(&request, Engine::Quickwit) {
            schema::check_quickwit_body(&t.body)
                .unwrap_or_else(|e| panic!("{}: Quickwit: {e}\n{:#}", case.name, t.body));
        }
    }
}

/// Walks the AST, collecting what it uses.
fn features(ast: &QueryAst, out: &mut BTreeSet<String>) {
    match ast {
        QueryAst::All => {
            out.insert("all".into());
        }
        QueryAst::And { clauses } => {
            out.insert("and".into());
            clauses.iter().for_each(|c| features(c, out));
        }
        QueryAst::Or { clauses } => {
            out.insert("or".into());
            clauses.iter().for_each(|c| features(c, out));
        }
        QueryAst::Not { clause } => {
            out.insert("not".into());
            features(clause, out);
        }
        QueryAst::Near {
            op, left, right, ..
        } => {
            out.insert(
                match op {
                    Proximity::Within { .. } => "w/N",
                    Proximity::Near { .. } => "near/N",
                    Proximity::Sentence => "/s",
                    Proximity::Paragraph => "/p",
                }
                .into(),
            );
            features(left, out);
            features(right, out);
        }
        QueryAst::Leaf(leaf) => {
            let kind = match &leaf.kind {
                LeafKind::Word { .. } => "word",
                LeafKind::Phrase { slop: 0, .. } => "phrase",
                LeafKind::Phrase { .. } => "phrase~N",
                LeafKind::Prefix { .. } => "prefix",
                LeafKind::Fuzzy { .. } => "fuzzy",
                LeafKind::Range { .. } => "range",
            };
            out.insert(kind.into());
            if let Some(field) = &leaf.field {
                out.insert(format!("{field}:"));
            }
        }
    }
}

#[test]
fn the_cases_cover_the_language() {
    let mut used = BTreeSet::new();
    let mut filters = BTreeSet::new();
    for case in CASES {
        if let Some(ast) = parse(case.query).unwrap() {
            features(&ast, &mut used);
        }
        filters.extend(case.filters.iter().map(|(f, _)| *f));
        let request = request_of(case);
        if request.filters.from.is_some() {
            used.insert("--from".into());
        }
        if request.filters.to.is_some() {
            used.insert("--to".into());
        }
    }
    let mut expected: Vec<String> = [
        "all",
        "and",
        "or",
        "not",
        "w/N",
        "near/N",
        "/s",
        "/p",
        "word",
        "phrase",
        "phrase~N",
        "prefix",
        "fuzzy",
        "range",
        "title:",
        "body:",
        "caption:",
        "quote:",
        "published:",
        "--from",
        "--to",
    ]
    .map(String::from)
    .to_vec();
    expected.extend(Facet::ALL.map(|f| format!("{f}:")));
    for feature in &expected {
        assert!(used.contains(feature), "no case uses {feature}");
    }
    for facet in Facet::ALL {
        assert!(filters.contains(&facet), "no case filters by {facet}");
    }
}

fn unsupported(query: &str, engine: Engine) -> (std::ops::Range<usize>, String) {
    match translate(&SearchRequest::new(query).facets(false), engine) {
        Err(err @ ExportError::Unsupported { .. }) => {
            let ExportError::Unsupported { span, .. } = &err else {
                unreachable!()
            };
            (span.clone().expect("a span"), err.render(query))
        }
        other => panic!("{query} for {engine:?}: expected a refusal, got {other:?}"),
    }
}

#[test]
fn constructs_an_engine_lacks_are_refused_with_their_span() {
    for engine in [Engine::OpenSearch, Engine::Quickwit] {
        let (span, message) = unsupported("ceasefire (blinken /s netanyahu)", engine);
        assert_eq!(span, 19..21, "{message}");
        assert!(
            message.contains("`/s`") && message.contains("position 20"),
            "{message}"
        );
        let (span, _) = unsupported("title:blinken /p title:netanyahu", engine);
        assert_eq!(span, 14..16);
    }
    let quickwit = |query| unsupported(query, Engine::Quickwit);
    assert_eq!(quickwit("gaza china w/3 russia").0, 11..14);
    assert_eq!(quickwit("gaza china near/7 russia").0, 11..17);
    // A leaf's span starts after its `field:`, as search's errors do.
    let (span, message) = quickwit("Rafah title:Netanyahoo~2");
    assert_eq!(span, 12..24);
    assert!(
        message.contains("fuzzy") && message.contains("position 13"),
        "{message}"
    );
    assert_eq!(quickwit("a \"immediate ceasefire\"~2").0, 2..25);
    assert_eq!(quickwit("\"a b c\"~1").0, 0..9);
    // The same queries translate for OpenSearch.
    for query in [
        "china w/3 russia",
        "Netanyahoo~2",
        "\"immediate ceasefire\"~2",
    ] {
        translate(&SearchRequest::new(query), Engine::OpenSearch).unwrap();
    }
    // Query errors are search's own, with search's span.
    match translate(&SearchRequest::new("(a OR"), Engine::Quickwit) {
        Err(ExportError::Query(err)) => assert_eq!(err.span, Some(3..5)),
        other => panic!("{other:?}"),
    }
    match translate(&SearchRequest::new("country:narnia"), Engine::OpenSearch) {
        Err(err @ ExportError::Query(_)) => {
            assert!(err.is_user_error());
            assert!(
                err.render("country:narnia").contains("unknown country"),
                "{err}"
            );
        }
        other => panic!("{other:?}"),
    }
    let collapse = SearchRequest::new("ceasefire").collapse(true);
    for engine in [Engine::OpenSearch, Engine::Quickwit] {
        assert!(matches!(
            translate(&collapse, engine),
            Err(ExportError::Unsupported { span: None, .. })
        ));
    }
}

/// The quoted terms of a Quickwit query, in order.
fn quoted_terms(query: &str) -> Vec<String> {
    query
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

#[test]
fn quickwit_terms_are_the_tokens_newsdex_analyses_the_words_to() {
    // Every spelling variant of the shipped table, and words the tokenizer
    // folds: the query holds exactly what `news_en` gives for the text, so
    // a change of the table (or the stemmer) changes the term sent.
    let variants = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../newsdex-core/src/analysis/variants.txt"),
    )
    .unwrap();
    let mut texts: Vec<String> = [
        "U.S.-led",
        "Israel’s",
        "Thomas-Greenfield",
        "1,200 troops",
        "Élysée",
        "cease-fires",
    ]
    .map(String::from)
    .to_vec();
    for line in variants
        .lines()
        .filter(|l| l.contains('=') && !l.starts_with('#'))
    {
        let forms: Vec<&str> = line.split('=').map(str::trim).collect();
        let folded = query_terms(forms[0]);
        for form in &forms {
            // Each variant folds to its canonical's token.
            assert_eq!(query_terms(form), folded, "{line}");
            texts.push(form.to_string());
        }
    }
    for text in &texts {
        let request = SearchRequest::new(format!("body:\"{text}\"")).facets(false);
        let translation = translate(&request, Engine::Quickwit).unwrap();
        let expected: Vec<String> = query_terms(text).into_iter().map(|(_, t)| t).collect();
        assert_eq!(
            quoted_terms(translation.query_string().unwrap()),
            [expected.join(" ")],
            "{text}"
        );
    }
    // A prefix is normalised without stemming.
    let translation = translate(&SearchRequest::new("body:Négoti*"), Engine::Quickwit).unwrap();
    let prefix = unstemmed_terms("Négoti")[0].1.clone();
    assert_eq!(
        translation.query_string(),
        Some(format!("body_terms:{prefix}*").as_str())
    );
    assert_eq!(prefix, "negoti");
}

fn bundled_index() -> NewsIndex {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let index = NewsIndex::create_in_ram().unwrap();
    index.indexer().index_paths(&[data]).unwrap();
    index
}

#[test]
fn with_the_bundled_index_values_resolve_as_search_resolves_them() {
    let index = bundled_index();
    let with_index = Translator::new(Engine::OpenSearch).index(&index);
    let without = Translator::new(Engine::OpenSearch);
    let filter_values = |translator: &Translator, facet: Facet, input: &str| -> Value {
        let request = SearchRequest::new("").filter(facet, input).facets(false);
        translator.translate(&request).unwrap().body["query"]["bool"]["filter"][0].clone()
    };
    // A surname: the index's people (search's resolution), one call away.
    let people = newsdex_query::resolve_facet(&index, Facet::Person, "kirby").unwrap();
    assert!(
        !people.is_empty() && people.iter().all(|p| p.contains("kirby")),
        "{people:?}"
    );
    assert_eq!(
        filter_values(&with_index, Facet::Person, "kirby"),
        json!({"terms": {"person": people}})
    );
    // Without the index the surname is taken as the slug it spells.
    assert_eq!(
        filter_values(&without, Facet::Person, "kirby"),
        json!({"terms": {"person": ["kirby"]}})
    );
    // What the registries resolve, they resolve as the index does.
    for (facet, input) in [
        (Facet::Country, "Qatari"),
        (Facet::About, "Israel"),
        (Facet::Vote, "vetoed/russia"),
        (Facet::Org, "Security Council"),
        (Facet::Source, "Financial Times"),
        (Facet::Language, "English"),
        (Facet::Person, "Antony Blinken"),
    ] {
        assert_eq!(
            filter_values(&with_index, facet, input),
            filter_values(&without, facet, input),
            "{facet} {input}"
        );
    }
    // A value the index lacks is search's error, with close matches.
    let request = SearchRequest::new("").filter(Facet::Source, "fx");
    match with_index.translate(&request) {
        Err(err @ ExportError::Query(_)) => {
            assert!(err.to_string().contains("did you mean"), "{err}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn queries_over_the_bundled_articles_translate_for_both_engines() {
    let index = bundled_index();
    // README's examples: each translates, or is refused, never fails.
    let queries = [
        "ceasefire",
        "Kirby Guyana",
        "Kirby OR Guyana",
        "ceasefire -Kirby",
        "(Kirby OR Guyana) AND Algeria",
        "\"immediate ceasefire\"",
        "\"immediate ceasefire\"~2",
        "\"security council\" w/3 vote*",
        "china near/3 russia",
        "blinken /s netanyahu",
        "title:veto",
        "source:npr",
        "country:qatar",
        "person:kirby",
        "org:hamas",
        "vote:vetoed/china",
        "said_by:guterres",
        "language:en",
        "Rafa*",
        "Netanyahoo~2",
        "published:[2024-03-25 TO *]",
        "*",
    ];
    for engine in [Engine::OpenSearch, Engine::Quickwit] {
        let translator = Translator::new(engine).index(&index);
        for query in queries {
            match translator.translate(&SearchRequest::new(query)) {
                Ok(t) => {
                    let checked = match engine {
                        Engine::OpenSearch => schema::check_opensearch_body(&t.body),
                        Engine::Quickwit => schema::check_quickwit_body(&t.body),
                    };
                    checked.unwrap_or_else(|e| panic!("{query}: {e}"));
                }
                Err(ExportError::Unsupported { .. }) => {}
                Err(err) => panic!("{query} for {engine:?}: {err}"),
            }
        }
    }
}

#[test]
fn the_translation_names_its_endpoint_and_query_string() {
    let request = SearchRequest::new("Rafah");
    let quickwit = translate(&request, Engine::Quickwit).unwrap();
    assert_eq!(quickwit.endpoint("news"), "/api/v1/news/search");
    assert_eq!(
        quickwit.query_string(),
        Some("(title_terms:\"rafah\"^2 OR body_terms:\"rafah\" OR caption_terms:\"rafah\")")
    );
    let opensearch = translate(&request, Engine::OpenSearch).unwrap();
    assert_eq!(opensearch.endpoint("news"), "/news/_search");
    assert_eq!(opensearch.query_string(), None);
}
