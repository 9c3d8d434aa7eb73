//! Fuzz target `ingest_jsonl`: see `newsdex_core::fuzzing::ingest_jsonl`.
#![no_main]

libfuzzer_sys::fuzz_target!(init: newsdex_core::fuzzing::warm_up(), |data: &[u8]| newsdex_core::fuzzing::ingest_jsonl(data));
