//! Reading a few keys' labels from a gazetteer without building its
//! registry: a scan that reads only the rows of those keys, and a memo that
//! keeps what was read for the next searches of the process.

/// Each line of `text`, as [`str::lines`] splits it, with its first column
/// (up to the first tab; the whole line without one), read a byte at a
/// time: a scan for a few keys reads little more of the other rows.
pub(crate) fn lines_and_first_columns(text: &str) -> impl Iterator<Item = (&str, &str)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let rest = bytes.get(at..).filter(|rest| !rest.is_empty())?;
        let first = rest
            .iter()
            .position(|&b| b == b'\t' || b == b'\n')
            .unwrap_or(rest.len());
        let len = match rest.get(first) {
            Some(b'\t') => rest[first..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(rest.len(), |end| first + end),
            _ => first,
        };
        let start = at;
        at += len + 1;
        // Both ends fall on ASCII bytes, so on char boundaries.
        let line = text.get(start..start + len)?;
        let line = line.strip_suffix('\r').unwrap_or(line);
        let column = text.get(start..start + first.min(line.len()))?;
        Some((line, column))
    })
}

/// `column.trim()`, without decoding a char when both ends are printable
/// ASCII (as every key of the gazetteers is).
pub(crate) fn trimmed(column: &str) -> &str {
    let printable = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_graphic());
    let bytes = column.as_bytes();
    if printable(bytes.first()) && printable(bytes.last()) {
        column
    } else {
        column.trim()
    }
}

/// Labels read from a gazetteer's rows without building its registry, by
/// key: each key's rows are read once per process.
pub(crate) type LabelMemo = std::sync::Mutex<Option<rustc_hash::FxHashMap<String, Option<String>>>>;

/// The labels of `keys`, in order, from `memo`; the keys not in it yet are
/// looked up with `scan` (all at once) and kept.
pub(crate) fn memoised_labels(
    keys: &[&str],
    memo: &LabelMemo,
    scan: fn(&[&str]) -> Vec<Option<String>>,
) -> Vec<Option<String>> {
    // A panic while another thread held the lock left a map whose entries
    // are each whole, so a poisoned lock is still good.
    let mut memo = memo
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let memo = memo.get_or_insert_with(Default::default);
    let mut missing: Vec<&str> = keys
        .iter()
        .copied()
        .filter(|key| !memo.contains_key(*key))
        .collect();
    if !missing.is_empty() {
        missing.sort_unstable();
        missing.dedup();
        for (key, label) in missing.iter().zip(scan(&missing)) {
            memo.insert((*key).to_string(), label);
        }
    }
    keys.iter()
        .map(|key| memo.get(*key).cloned().flatten())
        .collect()
}
