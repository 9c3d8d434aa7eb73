//! Reading an index that may be damaged or unreadable.
//!
//! tantivy trusts its files: one flipped byte in a segment can make it panic
//! (an offset past the end of a slice) instead of returning an error, and
//! several of its errors print their causes with `Debug`. Every read of a
//! [`NewsIndex`](super::NewsIndex) goes through [`catch`] and [`read_error`],
//! which turn both into typed [`Error`]s naming the index directory:
//! [`Error::IndexCorrupted`] when files fail their checksums or are missing,
//! [`Error::PermissionDenied`] when they cannot be read, and
//! [`Error::Tantivy`] (reworded by `tantivy_message::describe`) otherwise.
//!
//! A caught panic would still print "thread 'main' panicked at ..." through
//! the default panic hook. The first guarded read therefore installs a hook
//! that stays silent while a guarded read runs on the current thread and
//! hands every other panic to the hook that was there before.

use std::cell::Cell;
use std::io;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Once;

use tantivy::directory::error::{LockError, OpenDirectoryError, OpenReadError, OpenWriteError};
use tantivy::{Index, TantivyError};

use crate::error::Error;
use crate::tantivy_message::one_line;

thread_local! {
    /// Guarded reads running on this thread (they may nest).
    static GUARDED: Cell<usize> = const { Cell::new(0) };
}

/// Installs, once per process, the panic hook that keeps guarded panics
/// quiet.
fn install_quiet_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if GUARDED.with(Cell::get) == 0 {
                previous(info);
            }
        }));
    });
}

/// Runs `f`. A panic inside it comes back as `Err` with the panic's
/// message, and prints nothing.
pub(crate) fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    struct Depth;
    impl Drop for Depth {
        fn drop(&mut self) {
            GUARDED.with(|depth| depth.set(depth.get().saturating_sub(1)));
        }
    }
    install_quiet_hook();
    GUARDED.with(|depth| depth.set(depth.get() + 1));
    let _depth = Depth;
    panic::catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string())
    })
}

/// What a panic while reading the index in `path` means: damage when the
/// files say so (or when there is no index to check), otherwise a bug.
pub(crate) fn panic_error(path: &Path, index: Option<&Index>, message: String) -> Error {
    let detail = match index {
        Some(index) => damage(index),
        None => Some("tantivy could not read its files".to_string()),
    };
    match detail {
        Some(detail) => Error::IndexCorrupted {
            path: path.to_path_buf(),
            detail,
        },
        None => Error::ReadPanic {
            path: path.to_path_buf(),
            message: one_line(&message),
        },
    }
}

/// Maps a tantivy error met while reading the index in `path` (opened as
/// `index`, when it got that far) to a typed error.
pub(crate) fn read_error(path: &Path, index: Option<&Index>, err: TantivyError) -> Error {
    let path = path.to_path_buf();
    if io_kind(&err) == Some(io::ErrorKind::PermissionDenied) {
        return Error::PermissionDenied { path };
    }
    let corrupted = |detail: String| Error::IndexCorrupted {
        path: path.clone(),
        detail,
    };
    match &err {
        TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(file)) => {
            return corrupted(format!("{} is missing", file.display()));
        }
        TantivyError::DataCorruption(_) => {
            return corrupted(
                index
                    .and_then(damage)
                    .or_else(|| damaged_json(&path))
                    .unwrap_or_else(|| "damaged data".into()),
            );
        }
        _ => {}
    }
    // Errors that damaged files can cause: the checksums decide.
    let about_data = matches!(
        err,
        TantivyError::IoError(_)
            | TantivyError::OpenReadError(_)
            | TantivyError::IncompatibleIndex(_)
            | TantivyError::DeserializeError(_)
            | TantivyError::InternalError(_)
            | TantivyError::SystemError(_)
    );
    match index.filter(|_| about_data).and_then(damage) {
        Some(detail) => corrupted(detail),
        None if io_kind(&err) == Some(io::ErrorKind::InvalidData) => corrupted(damaged_file(&err)),
        None => Error::Tantivy(err),
    }
}

/// Which files of `index` are damaged, as a phrase; `None` when every
/// file passes its checksum (or cannot be read for lack of permission,
/// which says nothing about its contents).
pub(crate) fn damage(index: &Index) -> Option<String> {
    match catch(|| index.validate_checksum()) {
        Ok(Ok(files)) => {
            let mut names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
            names.sort();
            match names.as_slice() {
                [] => None,
                [one] => Some(format!("{one} fails its checksum")),
                [first, rest @ ..] => Some(format!(
                    "{first} and {} more files fail their checksums",
                    rest.len()
                )),
            }
        }
        Ok(Err(err)) if io_kind(&err) == Some(io::ErrorKind::PermissionDenied) => None,
        Ok(Err(err)) => Some(damaged_file(&err)),
        Err(_) => Some("its files cannot be checked".to_string()),
    }
}

/// Which file an error on damaged data concerns, as a phrase (tantivy's
/// own words for the damage, such as a JSON parser's, say nothing useful).
fn damaged_file(err: &TantivyError) -> String {
    match err {
        TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(file)) => {
            format!("{} is missing", file.display())
        }
        TantivyError::OpenReadError(OpenReadError::IoError { filepath, .. }) => {
            format!("{} is damaged", filepath.display())
        }
        _ => "damaged data".to_string(),
    }
}

/// Which of tantivy's JSON files in `dir` (the commit point and the list of
/// files it manages, which carry no checksum) does not parse, if one.
fn damaged_json(dir: &Path) -> Option<String> {
    ["meta.json", ".managed.json"].into_iter().find_map(|name| {
        let bytes = std::fs::read(dir.join(name)).ok()?;
        serde_json::from_slice::<serde_json::Value>(&bytes)
            .is_err()
            .then(|| format!("{name} is damaged"))
    })
}

/// The kind of the I/O error behind `err`, if there is one.
fn io_kind(err: &TantivyError) -> Option<io::ErrorKind> {
    let io_error: &io::Error = match err {
        TantivyError::IoError(e) => e,
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, .. }) => io_error,
        TantivyError::OpenWriteError(OpenWriteError::IoError { io_error, .. }) => io_error,
        TantivyError::OpenDirectoryError(OpenDirectoryError::IoError { io_error, .. }) => io_error,
        TantivyError::OpenDirectoryError(OpenDirectoryError::FailedToCreateTempDir(e)) => e,
        TantivyError::LockFailure(LockError::IoError(e), _) => e,
        _ => return None,
    };
    Some(io_error.kind())
}

/// The directory to name in messages about an index without one (in RAM).
pub(crate) fn display_path(path: Option<&Path>) -> PathBuf {
    path.map_or_else(|| PathBuf::from("(in memory)"), Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tantivy_message::describe;
    use std::sync::Arc;

    #[test]
    fn a_caught_panic_is_a_value() {
        let caught = catch(|| -> u8 { panic!("boom {}", 1) });
        assert_eq!(caught, Err("boom 1".to_string()));
        assert_eq!(catch(|| 7), Ok(7));
        GUARDED.with(|depth| assert_eq!(depth.get(), 0));
    }

    #[test]
    fn messages_hold_no_debug_output() {
        let denied = || Arc::new(io::Error::from(io::ErrorKind::PermissionDenied));
        let custom = Arc::new(io::Error::new(io::ErrorKind::InvalidData, "bad footer"));
        let errors = [
            TantivyError::OpenReadError(OpenReadError::FileDoesNotExist("meta.json".into())),
            TantivyError::OpenReadError(OpenReadError::IoError {
                io_error: custom.clone(),
                filepath: "a.idx".into(),
            }),
            TantivyError::IoError(custom),
            TantivyError::LockFailure(LockError::IoError(denied()), Some("x".into())),
            TantivyError::LockFailure(LockError::LockBusy, None),
            TantivyError::OpenDirectoryError(OpenDirectoryError::IoError {
                io_error: denied(),
                directory_path: "/ix".into(),
            }),
        ];
        for err in &errors {
            let text = describe(err);
            for leak in ["{", "Custom", "FileDoesNotExist", "IoError", "\""] {
                assert!(!text.contains(leak), "{text}");
            }
        }
        assert_eq!(describe(&errors[0]), "meta.json does not exist");
        assert_eq!(describe(&errors[1]), "cannot read a.idx: bad footer");
    }

    #[test]
    fn permission_and_missing_files_are_told_apart() {
        let path = Path::new("/ix");
        let denied = TantivyError::OpenReadError(OpenReadError::IoError {
            io_error: Arc::new(io::Error::from(io::ErrorKind::PermissionDenied)),
            filepath: ".managed.json".into(),
        });
        let err = read_error(path, None, denied);
        assert_eq!(
            err.to_string(),
            "cannot read index at /ix: permission denied"
        );
        let missing =
            TantivyError::OpenReadError(OpenReadError::FileDoesNotExist("a.store".into()));
        assert_eq!(
            read_error(path, None, missing).to_string(),
            "index corrupted at /ix: re-index (a.store is missing)"
        );
    }
}
