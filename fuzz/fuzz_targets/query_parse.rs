//! Fuzz target `query_parse`: see `newsdex_query::fuzzing::query_parse`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| newsdex_query::fuzzing::query_parse(data));
