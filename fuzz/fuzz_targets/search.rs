//! Fuzz target `search`: see `newsdex_query::fuzzing::search_all`.
#![no_main]

libfuzzer_sys::fuzz_target!(init: newsdex_query::fuzzing::warm_up(), |data: &[u8]| newsdex_query::fuzzing::search_all(data));
