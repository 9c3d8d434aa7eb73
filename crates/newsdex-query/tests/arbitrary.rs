//! Generators shared by the property tests: query text built from every
//! operator, field, range and oddity the grammar knows, facet filters, and
//! whole search requests.

use newsdex_core::schema::Facet;
use newsdex_query::{SearchRequest, Sort};
use proptest::prelude::*;

/// Pieces of queries: every operator, field, range and oddity the grammar
/// knows, plus words from the bundled articles and hostile text.
const QUERY_PARTS: &[&str] = &[
    "ceasefire",
    "cease-fire",
    "Rafah",
    "Kirby",
    "U.N.",
    "US",
    "us",
    "Gaza",
    "immediate",
    "AND",
    "OR",
    "NOT",
    "TO",
    "and",
    "(",
    ")",
    "\"",
    "\"immediate ceasefire\"",
    "w/3",
    "W/1",
    "near/5",
    "/s",
    "/p",
    "w/",
    "w/0",
    "near/x",
    "w/201",
    "veto*",
    "\"security council\"",
    "~",
    "~2",
    "~0",
    "~99999999999999999999",
    "*",
    "Rafa*",
    "*fah",
    "+",
    "-",
    ":",
    "title:",
    "body:",
    "caption:",
    "quote:",
    "source:",
    "source:ft",
    "country:",
    "country:qatar",
    "about:",
    "person:",
    "vote:vetoed/china",
    "said_by:",
    "published:",
    "published:[2024-03-25 TO *]",
    "published:[* TO 2024-03-22]",
    "published:2024-02-30",
    "published:[2024-03-25 TO",
    "[",
    "]",
    "{",
    "}",
    "nosuchfield:",
    "\\",
    " ",
    "  ",
    "\t",
    "\n",
    "\u{0}",
    "\u{202e}",
    "\u{1F600}",
    "\u{5e9}\u{5dc}\u{5d5}\u{5dd}",
    "e\u{301}",
    "\u{feff}",
    "ß",
    "İ",
    "ﬁ",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
];

/// Arbitrary strings, printable strings, and pieces of queries glued
/// together or separated by spaces.
pub fn query_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,60}",
        proptest::collection::vec(proptest::sample::select(QUERY_PARTS), 0..16)
            .prop_map(|parts| parts.concat()),
        proptest::collection::vec(proptest::sample::select(QUERY_PARTS), 0..12)
            .prop_map(|parts| parts.join(" ")),
    ]
}

/// Facet filters: real values, aliases, near-misses and junk.
fn filter() -> impl Strategy<Value = (Facet, String)> {
    let fields = proptest::sample::select(Facet::ALL.to_vec());
    let values = prop_oneof![
        proptest::sample::select(vec![
            "ft",
            "Financial Times",
            "fx",
            "russia",
            "RU",
            "Russian",
            "qatar",
            "vetoed",
            "vetoed/china",
            "vetoed/",
            "/",
            "kirby",
            "",
            " ",
            "\u{0}",
            "\u{1F600}",
        ])
        .prop_map(str::to_string),
        "\\PC{0,12}",
    ];
    (fields, values)
}

/// Requests over every query, filter, paging and sort (`explain` is covered
/// by `known_tantivy_debug_asserts_are_fine_in_release`).
pub fn request() -> impl Strategy<Value = SearchRequest> {
    (
        query_text(),
        proptest::collection::vec(filter(), 0..3),
        0usize..30,
        prop_oneof![Just(0usize), 0usize..20, Just(usize::MAX / 2)],
        any::<bool>(),
        prop_oneof![Just(0usize), 1usize..400],
    )
        .prop_map(|(query, filters, limit, offset, by_date, snippet)| {
            let mut request = SearchRequest::new(query)
                .limit(limit)
                .offset(offset)
                .facets(true)
                .snippet_chars(snippet);
            if by_date {
                request = request.sort(Sort::Date);
            }
            for (field, value) in filters {
                request = request.filter(field, value);
            }
            request
        })
}
