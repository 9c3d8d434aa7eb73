//! One-line messages for tantivy's errors, without their Debug output.
//! Its own module so that both `error` and `index::guard` use it without
//! importing each other.

use tantivy::directory::error::{LockError, OpenDirectoryError, OpenReadError, OpenWriteError};
use tantivy::TantivyError;

/// A tantivy error in one line of plain words: tantivy's own messages for
/// file, directory and lock errors print their causes with `Debug`
/// (`IoError { io_error: Custom { .. } }`).
pub(crate) fn describe(err: &TantivyError) -> String {
    let text = match err {
        TantivyError::OpenReadError(e) => match e {
            OpenReadError::FileDoesNotExist(file) => format!("{} does not exist", file.display()),
            OpenReadError::IoError { io_error, filepath } => {
                format!("cannot read {}: {io_error}", filepath.display())
            }
            OpenReadError::IncompatibleIndex(_) => {
                "files written by an incompatible version of tantivy".to_string()
            }
        },
        TantivyError::OpenWriteError(e) => match e {
            OpenWriteError::FileAlreadyExists(file) => {
                format!("{} already exists", file.display())
            }
            OpenWriteError::IoError { io_error, filepath } => {
                format!("cannot write {}: {io_error}", filepath.display())
            }
        },
        TantivyError::OpenDirectoryError(e) => match e {
            OpenDirectoryError::DoesNotExist(dir) => {
                format!("directory {} does not exist", dir.display())
            }
            OpenDirectoryError::NotADirectory(dir) => {
                format!("{} is not a directory", dir.display())
            }
            OpenDirectoryError::FailedToCreateTempDir(io_error) => {
                format!("cannot create a temporary directory: {io_error}")
            }
            OpenDirectoryError::IoError {
                io_error,
                directory_path,
            } => format!(
                "cannot open directory {}: {io_error}",
                directory_path.display()
            ),
        },
        TantivyError::LockFailure(LockError::LockBusy, _) => {
            "the index is locked by another writer".to_string()
        }
        TantivyError::LockFailure(LockError::IoError(io_error), _) => {
            format!("cannot take the index lock: {io_error}")
        }
        TantivyError::IoError(io_error) => io_error.to_string(),
        TantivyError::DataCorruption(_) => "damaged data".to_string(),
        TantivyError::IncompatibleIndex(_) => {
            "files written by an incompatible version of tantivy".to_string()
        }
        // The other variants print their (string) payload with `Display`.
        other => other.to_string(),
    };
    one_line(&text)
}

/// `text` on one line.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
