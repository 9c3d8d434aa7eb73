//! Golden files: `assert_golden("translate/word.json", &actual)` compares
//! `actual` with `tests/golden/translate/word.json`; `NEWSDEX_BLESS=1 cargo
//! test -p newsdex-export` rewrites the files instead (review the diff
//! before committing). A missing golden file fails with the text it would
//! hold.

use std::path::PathBuf;

/// The folder holding the golden files.
pub fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Whether this run rewrites golden files (`NEWSDEX_BLESS` set, as the
/// export's golden tests read it).
pub fn blessing() -> bool {
    std::env::var_os("NEWSDEX_BLESS").is_some()
}

/// Compares `actual` with the golden file `relative` (under
/// `tests/golden/`), or writes it when blessing. Line endings are
/// normalised; the file ends with one newline.
pub fn assert_golden(relative: &str, actual: &str) {
    let path = golden_dir().join(relative);
    let mut actual = actual.replace("\r\n", "\n");
    if !actual.ends_with('\n') {
        actual.push('\n');
    }
    if blessing() {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create golden folder");
        }
        std::fs::write(&path, &actual).expect("write golden file");
        return;
    }
    let expected = match std::fs::read_to_string(&path) {
        Ok(text) => text.replace("\r\n", "\n"),
        Err(err) => panic!(
            "golden file {} unreadable ({err}); run with NEWSDEX_BLESS=1 to write it. It would hold:\n{actual}",
            path.display()
        ),
    };
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(e, a)| e != a)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the golden file at line {} (NEWSDEX_BLESS=1 rewrites it after review)\n--- expected\n{expected}\n--- actual\n{actual}",
            path.display(),
            first + 1
        );
    }
}
