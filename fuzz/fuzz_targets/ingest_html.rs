//! Fuzz target `ingest_html`: see `newsdex_core::fuzzing::ingest_html`.
#![no_main]

libfuzzer_sys::fuzz_target!(init: newsdex_core::fuzzing::warm_up(), |data: &[u8]| newsdex_core::fuzzing::ingest_html(data));
