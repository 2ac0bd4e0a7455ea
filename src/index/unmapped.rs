//! The build's view of a generation folder: tantivy's own directory for
//! everything, except that files are read with positioned reads instead of
//! being mapped into memory.
//!
//! A build's merges read every byte of the segments they merge (a merge at
//! 600,000 articles reads a gigabyte). Read through a memory map, each page
//! read stays mapped in the build's process until the merge ends, so the
//! build's memory held the whole merge's input at once. Read with `pread`,
//! the bytes are copied into buffers that are freed as the merge goes on,
//! and the file's pages stay in the kernel's page cache, shared and
//! reclaimable, where they belong. Searching keeps the memory map
//! ([`super::open`]): a question reads a few pages of postings, many times.

use std::fs::File;
use std::ops::Range;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, OwnedBytes, WatchCallback, WatchHandle, WritePtr,
};
use tantivy::HasLen;

/// A folder whose files are written as [`MmapDirectory`] writes them and
/// read with positioned reads.
#[derive(Debug, Clone)]
pub(super) struct UnmappedDirectory {
    root: PathBuf,
    inner: MmapDirectory,
}

impl UnmappedDirectory {
    /// The directory of an existing folder.
    pub(super) fn open(root: &Path) -> tantivy::Result<Self> {
        Ok(UnmappedDirectory { root: root.to_path_buf(), inner: MmapDirectory::open(root)? })
    }
}

/// One open file and its length (a segment file never changes once
/// written). tantivy-common's `WrapFile` reads the same way but refuses an
/// empty range, which nothing in `FileSlice` rules out.
#[derive(Debug)]
struct ReadFile {
    file: File,
    len: usize,
}

impl HasLen for ReadFile {
    fn len(&self) -> usize {
        self.len
    }
}

impl FileHandle for ReadFile {
    fn read_bytes(&self, range: Range<usize>) -> std::io::Result<OwnedBytes> {
        if range.end > self.len || range.start > range.end {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("bytes {range:?} of a file of {} bytes", self.len),
            ));
        }
        let mut buffer = vec![0; range.len()];
        self.file.read_exact_at(&mut buffer, range.start as u64)?;
        Ok(OwnedBytes::new(buffer))
    }
}

impl Directory for UnmappedDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let full = self.root.join(path);
        let opened = File::open(&full).and_then(|file| {
            let len = usize::try_from(file.metadata()?.len()).map_err(std::io::Error::other)?;
            Ok(ReadFile { file, len })
        });
        match opened {
            Ok(file) => Ok(Arc::new(file)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(OpenReadError::FileDoesNotExist(path.to_path_buf())),
            Err(e) => Err(OpenReadError::wrap_io_error(e, full)),
        }
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> std::io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_bytes_asked_for_and_refuses_a_range_past_the_end() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("seg.idx"), b"0123456789").unwrap();
        let directory = UnmappedDirectory::open(dir.path()).unwrap();
        let handle = directory.get_file_handle(Path::new("seg.idx")).unwrap();
        assert_eq!(handle.len(), 10);
        assert_eq!(handle.read_bytes(2..5).unwrap().as_slice(), b"234");
        assert_eq!(handle.read_bytes(10..10).unwrap().as_slice(), b"");
        assert!(handle.read_bytes(8..11).is_err());
        assert!(matches!(
            directory.get_file_handle(Path::new("gone.idx")),
            Err(OpenReadError::FileDoesNotExist(path)) if path == Path::new("gone.idx")
        ));
    }
}
