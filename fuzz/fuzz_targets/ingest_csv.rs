//! Fuzz target `ingest_csv`: see `newsdex_core::fuzzing::ingest_csv`.
#![no_main]

libfuzzer_sys::fuzz_target!(init: newsdex_core::fuzzing::warm_up(), |data: &[u8]| newsdex_core::fuzzing::ingest_csv(data));
