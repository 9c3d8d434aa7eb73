//! Fuzz target `ingest_sgml`: see `newsdex_core::fuzzing::ingest_sgml`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| newsdex_core::fuzzing::ingest_sgml(data));
