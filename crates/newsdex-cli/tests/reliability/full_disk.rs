//! A full disk (or any write error) while indexing: a clear error, exit
//! code 1, the last commit intact, and the same command completes once
//! there is space.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use newsdex_core::NewsIndex;

use super::{committed_in_meta, Corpus, BATCH};
use crate::util::{self, newsdex};

/// Unmounts the tmpfs when the test ends, even on failure.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(dir).ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(dir.to_path_buf()))
    }

    fn resize(&self, size: &str) -> bool {
        Command::new("mount")
            .args(["-o", &format!("remount,size={size}")])
            .arg(&self.0)
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// A full disk while indexing: on a 3 MiB tmpfs (or, where mounting is not
/// allowed, with a 50 KiB file-size limit (`ulimit -f 100`) as the injected write error) the
/// run fails with exit code 1 and a clear "No space left on device" (or
/// "File too large") error, without a panic; the index then holds exactly
/// its last commit (the bundled five plus whole batches) and answers
/// searches; with space again, the same command completes.
#[test]
fn full_disk_keeps_the_last_commit_and_fails_clearly() {
    let corpus = Corpus::generated(3000);
    let home = tempfile::tempdir().expect("tempdir");
    let disk = home.path().join("disk");
    // NEWSDEX_TEST_NO_MOUNT=1 exercises the fallback where mounting works.
    let tmpfs = match std::env::var_os("NEWSDEX_TEST_NO_MOUNT") {
        Some(_) => None,
        None => Tmpfs::mount(&disk, "3m"),
    };
    if tmpfs.is_none() {
        eprintln!(
            "note: cannot mount a tmpfs; injecting write errors with a file-size limit instead"
        );
        std::fs::create_dir_all(&disk).expect("mkdir");
    }
    let index = disk.join("ix");
    let dir = index.to_string_lossy().into_owned();
    let run = newsdex(home.path(), &["index", "--index", &dir]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut args = vec![
        "index".to_string(),
        "--commit-every".into(),
        BATCH.to_string(),
        "--index".into(),
        dir.clone(),
    ];
    args.extend(corpus.file_args());
    let output = match &tmpfs {
        Some(_) => Command::new(env!("CARGO_BIN_EXE_newsdex"))
            .args(&args)
            .output(),
        // SIGXFSZ ignored, so a write past the limit fails with EFBIG.
        None => Command::new("sh")
            .arg("-c")
            .arg("trap '' XFSZ; ulimit -f 100; exec \"$0\" \"$@\"")
            .arg(env!("CARGO_BIN_EXE_newsdex"))
            .args(&args)
            .output(),
    }
    .expect("run newsdex");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let expected = if tmpfs.is_some() {
        "No space left on device"
    } else {
        "File too large"
    };
    assert!(stderr.contains("newsdex: error: index error: "), "{stderr}");
    assert!(stderr.contains(expected), "{stderr}");
    assert_eq!(stderr.matches(expected).count(), 1, "said once: {stderr}");

    let ix = NewsIndex::open(&index).expect("reopen after a full disk");
    let count = ix.num_articles().expect("count");
    assert_eq!(Some(count), committed_in_meta(&index));
    assert!(
        count >= 5 && (count - 5).is_multiple_of(BATCH),
        "{count} is not the bundled five plus whole batches"
    );
    for id in util::bundled(&[""]) {
        assert!(ix.article(&id).expect("lookup").is_some(), "{id} lost");
    }
    let search = newsdex(
        home.path(),
        &["search", "--json", "*", "--limit", "1", "--index", &dir],
    );
    assert_eq!(search.code, 0, "{}", search.stderr);
    assert_eq!(search.json()["total"].as_u64(), Some(count));

    if let Some(tmpfs) = &tmpfs {
        assert!(tmpfs.resize("512m"), "remount larger");
        let run = newsdex(
            home.path(),
            &args.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let ix = NewsIndex::open(&index).expect("reopen");
        assert_eq!(
            ix.num_articles().expect("count"),
            5 + corpus.ids.len() as u64
        );
    }
}
