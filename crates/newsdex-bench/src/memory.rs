//! Peak resident memory of this process, from `/proc/self/status`
//! (`VmHWM`), with a reset between engines through `/proc/self/clear_refs`
//! (Linux ≥ 4.0), and the CPU time it used, from `/proc/self/stat`.
//! Elsewhere, `None`.

/// Resets the peak to the current resident size, so the next
/// [`peak_rss_bytes`] measures only what follows. Returns whether the reset
/// worked (when not, the peak covers the whole process lifetime).
pub fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Peak resident memory (`VmHWM`) in bytes.
pub fn peak_rss_bytes() -> Option<u64> {
    status_kib("VmHWM:").map(|kib| kib * 1024)
}

/// Current resident memory (`VmRSS`) in bytes.
pub fn current_rss_bytes() -> Option<u64> {
    status_kib("VmRSS:").map(|kib| kib * 1024)
}

fn status_kib(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    line[key.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// CPU time this process has used so far, user + system, over all its
/// threads (living and ended), in seconds: fields 14 and 15 of
/// `/proc/self/stat`, in clock ticks of 1/100 s (`USER_HZ`, 100 on every
/// Linux architecture newsdex builds for).
pub fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) may hold spaces: count from after it.
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some((user + system) as f64 / 100.0)
}

/// Total size of the files under `dir`, in bytes.
pub fn dir_size(dir: &std::path::Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(|e| e.ok())
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => dir_size(&e.path()),
            Ok(_) => e.metadata().map(|m| m.len()).unwrap_or(0),
            Err(_) => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_memory_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(current_rss_bytes().unwrap_or(0) > 0);
            assert!(peak_rss_bytes().unwrap_or(0) >= current_rss_bytes().unwrap_or(0) / 2);
            let before = cpu_seconds().unwrap();
            let started = std::time::Instant::now();
            let mut x = 0u64;
            while started.elapsed().as_millis() < 300 {
                x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(7));
            }
            let used = cpu_seconds().unwrap() - before;
            assert!(
                (0.1..=5.0).contains(&used),
                "{used} s of CPU in a 0.3 s spin"
            );
        }
    }
}
