//! Regressions of issue 13 ("Reliability, round two"), items 9 and 10:
//! damaged, unreadable and read-only index directories, and messages that
//! leaked tantivy's internals. Each test runs the real binary on an index
//! of the bundled articles in its own temporary directory.

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use crate::util::{newsdex, BundledIndex, Run};

/// stderr without the `newsdex: index: DIR` line every command prints first.
fn error_text(run: &Run) -> String {
    run.stderr
        .lines()
        .filter(|line| !line.starts_with("newsdex: index: "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Asserts `run` failed with exit code `code` and one clear line on stderr:
/// no panic, no `Debug` output of an error.
#[track_caller]
fn assert_one_clean_line(run: &Run, code: i32) {
    assert_eq!(run.code, code, "{}", run.stderr);
    // Every command first names its index (`newsdex: index: DIR`).
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|line| !line.starts_with("newsdex: index: "))
        .collect();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(errors[0].starts_with("newsdex: error: "), "{}", run.stderr);
    assert_no_leak(&run.stderr);
}

/// Asserts `text` holds nothing of a dependency's internals.
#[track_caller]
fn assert_no_leak(text: &str) {
    for leak in [
        "panicked",
        "{",
        "Custom",
        "FileDoesNotExist",
        "IoError",
        "Os {",
        "kind:",
        "15000000",
        "memory arena",
    ] {
        assert!(!text.contains(leak), "{leak:?} in {text}");
    }
}

/// The first line of a clap usage error names the option and its range.
#[track_caller]
fn assert_out_of_range(run: &Run, option: &str) {
    assert_eq!(run.code, 2, "{}", run.stderr);
    let text = error_text(run);
    let first = text.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("error: invalid value") && first.contains(option),
        "{option}: {}",
        run.stderr
    );
    assert_no_leak(&run.stderr);
}

/// `--threads 1000` reached tantivy ("The memory arena in bytes per thread
/// needs to be at least 15000000.", exit 1). Values tantivy refuses are
/// usage errors naming the option, for `index` and `bench index`.
#[test]
fn threads_and_heap_out_of_range_are_usage_errors() {
    let home = tempfile::tempdir().expect("tempdir");
    let index = home.path().join("ix");
    let index = index.to_str().unwrap();
    let data = crate::util::data_dir();
    let data = data.to_str().unwrap();
    for command in [&["index", "--index", index][..], &["bench", "index"]] {
        for (option, value) in [
            ("--threads", "1000"),
            ("--threads", "65"),
            ("--heap-mb", "1"),
            ("--heap-mb", "14"),
            ("--heap-mb", "5000"),
        ] {
            let mut args = command.to_vec();
            args.extend([option, value, data]);
            assert_out_of_range(&newsdex(home.path(), &args), option);
        }
    }
    // Each value in range, but too many threads for the budget.
    let run = newsdex(
        home.path(),
        &["index", "--index", index, "--threads", "9", data],
    );
    assert_one_clean_line(&run, 2);
    assert!(
        run.stderr
            .contains("memory budget of 128 MiB is too small for 9 indexing threads"),
        "{}",
        run.stderr
    );
    // The bounds themselves are accepted.
    let run = newsdex(
        home.path(),
        &[
            "index",
            "--quiet",
            "--index",
            index,
            "--threads",
            "1",
            "--heap-mb",
            "15",
            data,
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// Copies the files of `from` (a flat index directory) into `to`.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
    }
}

/// One flipped byte in a segment file made `stats` and `search` panic
/// inside tantivy (`composite_file.rs`, `file_slice.rs`: "attempt to
/// subtract with overflow"). Every read command now gives its results or
/// one line "index corrupted at DIR: re-index (...)", exit 2, whatever
/// file kind and offset is damaged.
#[test]
fn a_flipped_byte_in_any_index_file_gives_one_line_never_a_panic() {
    let bundled = BundledIndex::new();
    let clean = PathBuf::from(bundled.index());
    let some_id = crate::util::bundled(&[""]).remove(0);
    let mut noticed = 0;
    for kind in [
        ".idx",
        ".pos",
        ".term",
        ".store",
        ".fast",
        ".fieldnorm",
        "meta.json",
        // newsdex's facet tables and dictionary.
        ".facets",
        ".dict",
    ] {
        let file = std::fs::read_dir(&clean)
            .expect("read_dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .find(|name| name.ends_with(kind))
            .unwrap_or_else(|| panic!("no {kind} file"));
        let len = std::fs::metadata(clean.join(&file)).expect("stat").len() as usize;
        let mut offsets = vec![0, len / 2];
        offsets.extend([20, 9, 1].iter().filter_map(|back| len.checked_sub(*back)));
        offsets.dedup();
        for offset in offsets {
            let damaged = bundled.dir.path().join(format!("damaged-{file}-{offset}"));
            copy_dir(&clean, &damaged);
            let mut bytes = std::fs::read(damaged.join(&file)).expect("read");
            bytes[offset] ^= 0xff;
            std::fs::write(damaged.join(&file), bytes).expect("write");
            let dir = damaged.to_str().unwrap();
            for args in [
                &["stats"][..],
                &["search", "ceasefire"],
                &["search", "Rafah", "--sort", "date", "--facets"],
                &["facets", "country"],
                &["show", &some_id],
            ] {
                let mut all = args.to_vec();
                all.extend(["--index", dir]);
                let run = newsdex(bundled.dir.path(), &all);
                let what = format!("{file} @{offset}, {}", args.join(" "));
                assert!(!run.stderr.contains("panicked"), "{what}: {}", run.stderr);
                if run.code != 0 {
                    assert_one_clean_line(&run, 2);
                    let expected = format!("newsdex: error: index corrupted at {dir}: re-index (");
                    assert!(
                        error_text(&run).starts_with(&expected),
                        "{what}: {}",
                        run.stderr
                    );
                    noticed += 1;
                }
            }
            std::fs::remove_dir_all(&damaged).expect("rm");
        }
    }
    assert!(noticed > 0, "no damage was ever noticed");
}

/// Name, size and modification time of every file in `dir`.
fn snapshot(dir: &Path) -> BTreeMap<String, (u64, SystemTime)> {
    std::fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| {
            let e = e.expect("entry");
            let meta = e.metadata().expect("stat");
            let name = e.file_name().to_string_lossy().into_owned();
            (name, (meta.len(), meta.modified().expect("mtime")))
        })
        .collect()
}

/// Whether this process runs as root (which ignores file permissions).
fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("Uid:"))?.to_string();
            line.split_whitespace().nth(2).map(|euid| euid == "0")
        })
        .unwrap_or(false)
}

/// Runs `newsdex ARGS` as a user without any right on files made by this
/// test: directly when this process is not root, through `setpriv` as
/// `nobody` when it is; `None` (after printing `SKIPPED: …`) when neither
/// is possible.
fn as_other_user(home: &Path, args: &[&str]) -> Option<Run> {
    if !running_as_root() {
        return Some(newsdex(home, args));
    }
    let output = Command::new("setpriv")
        .args(["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_newsdex"))
        .args(args)
        .env("NEWSDEX_INDEX", home.join("default-index"))
        .env("NO_COLOR", "1")
        .output();
    match output {
        Ok(output) if output.status.code() != Some(127) && !setpriv_failed(&output) => Some(Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }),
        _ => {
            eprintln!("SKIPPED: running as root and cannot run newsdex as nobody (setpriv)");
            None
        }
    }
}

fn setpriv_failed(output: &std::process::Output) -> bool {
    String::from_utf8_lossy(&output.stderr).starts_with("setpriv:")
}

/// Makes `path` and its parents up to `/` traversable by anyone (temporary
/// directories are made 0700).
fn open_up(path: &Path) {
    for dir in path.ancestors() {
        let Ok(meta) = std::fs::metadata(dir) else {
            continue;
        };
        let mode = meta.permissions().mode();
        if mode & 0o005 != 0o005 {
            let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode | 0o005));
        }
    }
}

/// A read-only index directory could not be searched: "Failed to acquire
/// Lockfile" (tantivy's reader opened `.tantivy-meta.lock` for writing).
/// Reading now writes nothing: no file appears or changes, and a user who
/// may read but not write the directory can search it.
#[test]
fn a_read_only_index_can_be_searched_and_reading_writes_nothing() {
    let bundled = BundledIndex::new();
    let dir = PathBuf::from(bundled.index());
    let some_id = crate::util::bundled(&[""]).remove(0);
    std::fs::remove_file(dir.join(".tantivy-meta.lock")).expect("rm lock");
    let before = snapshot(&dir);
    let reads: [&[&str]; 4] = [
        &["search", "ceasefire"],
        &["stats"],
        &["facets", "source"],
        &["show", &some_id],
    ];
    for args in reads {
        let run = bundled.run(args);
        assert_eq!(run.code, 0, "{}: {}", args[0], run.stderr);
        assert_eq!(snapshot(&dir), before, "{} wrote to the index", args[0]);
    }

    // Readable by all (tantivy writes meta.json 0600), writable by none.
    for entry in std::fs::read_dir(&dir).expect("read_dir") {
        let path = entry.expect("entry").path();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    }
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    open_up(&dir);
    let index = bundled.index();
    let home = bundled.dir.path();
    for args in reads {
        let mut all = args.to_vec();
        all.extend(["--index", &index]);
        let Some(run) = as_other_user(home, &all) else {
            break;
        };
        assert_eq!(run.code, 0, "{}: {}", args[0], run.stderr);
        if args[0] == "search" {
            assert!(run.stdout.contains("ceasefire"), "{}", run.stdout);
        }
    }
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

/// Files another user made with mode 0600 (tantivy writes `meta.json` and
/// `.managed.json` so) gave "incompatible newsdex (unreadable index:
/// ...IoError { io_error: Os { code: 13, kind: PermissionDenied ...
/// re-index: delete DIR". An index that could not be read is never called
/// incompatible, nor its deletion advised.
#[test]
fn an_unreadable_index_is_permission_denied_not_incompatible() {
    let bundled = BundledIndex::new();
    let dir = PathBuf::from(bundled.index());
    open_up(&dir);
    let index = bundled.index();
    // Either tantivy's files or every file may be unreadable.
    for unreadable in [&["meta.json", ".managed.json"][..], &[]] {
        for entry in std::fs::read_dir(&dir).expect("read_dir") {
            let path = entry.expect("entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let hidden = unreadable.is_empty() || unreadable.contains(&name.as_str());
            let mode = if hidden { 0o000 } else { 0o644 };
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
        }
        for args in [&["search", "ceasefire"][..], &["stats"]] {
            let mut all = args.to_vec();
            all.extend(["--index", &index]);
            let Some(run) = as_other_user(bundled.dir.path(), &all) else {
                return;
            };
            assert_one_clean_line(&run, 2);
            assert_eq!(
                error_text(&run),
                format!("newsdex: error: cannot read index at {index}: permission denied"),
            );
        }
    }
}

/// A marker without `meta.json` (a first run killed before its first
/// commit) gave `FileDoesNotExist("meta.json")` inside "incompatible":
/// it is "no newsdex index", telling how to create one.
#[test]
fn an_index_never_committed_is_no_index() {
    let bundled = BundledIndex::new();
    let dir = PathBuf::from(bundled.index());
    std::fs::remove_file(dir.join("meta.json")).expect("rm");
    for args in [&["search", "ceasefire"][..], &["stats"]] {
        let run = bundled.run(args);
        assert_one_clean_line(&run, 2);
        assert!(
            run.stderr
                .contains(&format!("no newsdex index in {}", dir.display())),
            "{}",
            run.stderr
        );
    }
    // `index` completes it.
    let run = bundled.run(&["index", "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(bundled.run(&["stats"]).code, 0);
}

/// A `meta.json` that is not JSON was called "incompatible newsdex
/// (unreadable index: Data corrupted: 'Data corruption (in file
/// `\"meta.json\"`)...". It is a corrupted index for every command, and
/// none of them touches it.
#[test]
fn a_damaged_commit_point_is_refused_by_every_command() {
    let bundled = BundledIndex::new();
    let dir = PathBuf::from(bundled.index());
    std::fs::write(dir.join("meta.json"), "{not json").expect("write");
    for args in [&["search", "ceasefire"][..], &["index"], &["stats"]] {
        let run = bundled.run(args);
        assert_one_clean_line(&run, 2);
        assert_eq!(
            error_text(&run),
            format!(
                "newsdex: error: index corrupted at {}: re-index (meta.json is damaged)",
                dir.display()
            )
        );
        assert_eq!(
            std::fs::read(dir.join("meta.json")).expect("read"),
            b"{not json"
        );
    }
}
