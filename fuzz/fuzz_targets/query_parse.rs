//! Fuzz target `query_parse`: see `newsdex_query::fuzzing::query_parse`.
#![no_main]

libfuzzer_sys::fuzz_target!(init: newsdex_query::fuzzing::warm_up(), |data: &[u8]| newsdex_query::fuzzing::query_parse(data));
