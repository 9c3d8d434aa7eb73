//! Test support: checks that a function's time and peak allocation grow at
//! most linearly with its input, measured as ratios (never absolute times,
//! since the machines running the tests are shared and noisy).
//!
//! The test binary's global allocator counts bytes per thread, so the peak
//! seen by [`assert_linear`] is the measured closure's own, even while other
//! tests run on other threads.

use std::time::{Duration, Instant};

#[global_allocator]
static ALLOC: newsdex_testkit::CountingAlloc = newsdex_testkit::CountingAlloc;

/// Runs `f` and returns its wall time and the peak bytes it held at once
/// (allocated on this thread above what was held when it started).
pub fn measure<T>(f: impl FnOnce() -> T) -> (Duration, usize, T) {
    let start = Instant::now();
    let (peak, out) = newsdex_testkit::peak_bytes(f);
    (start.elapsed(), peak, out)
}

/// Time and peak-allocation ratios of `run` on an input of `4 * size` bytes
/// over an input of `size` bytes (the best of three runs each).
pub fn growth<I>(size: usize, make: impl Fn(usize) -> I, run: impl Fn(&I)) -> (f64, f64) {
    let best = |n: usize| {
        let input = make(n);
        let mut time = Duration::MAX;
        let mut bytes = usize::MAX;
        for _ in 0..3 {
            let (t, b, ()) = measure(|| run(&input));
            time = time.min(t);
            bytes = bytes.min(b);
        }
        (time.as_secs_f64().max(1e-6), bytes.max(1) as f64)
    };
    let (t1, m1) = best(size);
    let (t4, m4) = best(4 * size);
    (t4 / t1, m4 / m1)
}

/// Serialises growth measurements: measurements running at once on a
/// small machine disturb each other.
static MEASURING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Asserts that `run` grows at most linearly: on 4× the input it may take
/// under 8× the time and hold under 8× the memory (linear is 4×, quadratic
/// 16×). `make(n)` builds a pathological input of about `n` bytes.
///
/// Measurements run one at a time and up to three times: other work on the
/// machine can slow one measurement down, but a quadratic shape (16×) fails
/// every time.
#[track_caller]
pub fn assert_linear<I>(name: &str, size: usize, make: impl Fn(usize) -> I, run: impl Fn(&I)) {
    let _alone = MEASURING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    for attempt in 1..=3 {
        let (time, memory) = growth(size, &make, &run);
        eprintln!("{name}: 4x input -> {time:.2}x time, {memory:.2}x peak memory");
        if time < 8.0 && memory < 8.0 {
            return;
        }
        if attempt == 3 {
            assert!(time < 8.0, "{name}: time grew {time:.1}x on 4x the input");
            assert!(
                memory < 8.0,
                "{name}: peak memory grew {memory:.1}x on 4x the input"
            );
        }
    }
}

#[test]
fn linear_work_passes_and_quadratic_work_is_caught() {
    let linear = |s: &String| {
        std::hint::black_box(s.bytes().filter(|b| *b == b'a').count());
    };
    assert_linear("byte count", 1 << 20, |n| "a".repeat(n), linear);
    // Each byte scans the rest of the input: 16x at 4x the size.
    let quadratic = |s: &Vec<u8>| {
        let mut hits = 0usize;
        for i in 0..s.len() {
            hits += s[i..].iter().filter(|b| **b == s[i]).count();
        }
        std::hint::black_box(hits);
    };
    let (time, _) = growth(4_000, |n| vec![1u8; n], quadratic);
    assert!(time > 8.0, "quadratic work measured as {time:.1}x");
    // Memory held: a copy of the input is linear, a square table is not.
    let (_, memory) = growth(
        1 << 16,
        |n| n,
        |n| {
            std::hint::black_box(vec![0u8; *n]);
        },
    );
    assert!(memory < 8.0, "{memory}");
    let (_, memory) = growth(
        256,
        |n| n,
        |n| {
            std::hint::black_box(vec![0u8; n * n]);
        },
    );
    assert!(memory > 8.0, "{memory}");
}
