//! Fuzz target `ingest_sidecar`: see `newsdex_core::fuzzing::ingest_sidecar`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| newsdex_core::fuzzing::ingest_sidecar(data));
