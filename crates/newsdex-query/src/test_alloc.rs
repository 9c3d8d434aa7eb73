//! Test support: the unit-test binary counts the bytes each thread holds
//! (`newsdex_testkit::CountingAlloc`), so a test can measure its own peak.

pub use newsdex_testkit::peak_bytes;

#[global_allocator]
static ALLOC: newsdex_testkit::CountingAlloc = newsdex_testkit::CountingAlloc;
