//! `ReadOnlyDirectory`: the view of an index directory that
//! [`NewsIndex::open`](super::NewsIndex::open) reads through, so that
//! searching writes nothing and works where the user may not write.
//!
//! tantivy's reader holds the "meta lock" (`.tantivy-meta.lock`) while it
//! opens segments, so that a writer in another process does not delete
//! them meanwhile. `MmapDirectory` takes it by opening the lock file for
//! writing, creating it if needed, which fails in a read-only directory
//! ("Failed to acquire Lockfile"). Here the lock file is opened read-only
//! (an advisory `flock` needs no write access); when it does not exist or
//! cannot be locked, the reader goes on without it. The lock only guards
//! against a concurrent merge deleting a segment while it is opened, which
//! would make that read fail with an error, never return wrong results.
//! Every write is refused.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use fs4::fs_std::FileExt;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle,
    WritePtr, META_LOCK,
};

/// An index directory opened for reading only.
#[derive(Clone, Debug)]
pub(crate) struct ReadOnlyDirectory {
    inner: MmapDirectory,
    root: PathBuf,
}

impl ReadOnlyDirectory {
    /// Opens `dir` (which must exist) for reading.
    pub(crate) fn open(dir: &Path) -> tantivy::Result<Self> {
        Ok(ReadOnlyDirectory {
            inner: MmapDirectory::open(dir)?,
            root: dir.to_path_buf(),
        })
    }
}

fn read_only() -> io::Error {
    io::Error::new(
        io::ErrorKind::PermissionDenied,
        "index opened for reading only",
    )
}

impl Directory for ReadOnlyDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError {
            io_error: Arc::new(read_only()),
            filepath: path.to_path_buf(),
        })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::wrap_io_error(
            read_only(),
            path.to_path_buf(),
        ))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, _path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(read_only())
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        if lock.filepath != META_LOCK.filepath {
            // The writer lock: there is no writing here.
            return Err(LockError::wrap_io_error(read_only()));
        }
        if let Ok(file) = File::open(self.root.join(&lock.filepath)) {
            if file.lock_exclusive().is_ok() {
                // Closing the file releases the lock.
                return Ok(DirectoryLock::from(Box::new(file)));
            }
        }
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}
