//! Peak resident memory of this process, from `/proc/self/status`
//! (`VmHWM`), with a reset between engines through `/proc/self/clear_refs`
//! (Linux ≥ 4.0). Elsewhere, `None`.

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
        }
    }
}
