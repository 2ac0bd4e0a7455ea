//! Walk corpus roots (folders recursively, or single files) and read every
//! file in parallel.
use super::{Document, Skipped};
use std::path::PathBuf;

/// Every file under the given roots, with the root it was found under.
/// Unwalkable entries (symlink loops, vanished files) are reported as skipped.
pub fn list_files(roots: &[PathBuf]) -> (Vec<(PathBuf, PathBuf)>, Vec<Skipped>) {
    todo!("{roots:?}")
}

/// Read all files in parallel; `progress` is called once per file read.
pub fn read_all(
    files: &[(PathBuf, PathBuf)],
    progress: &(dyn Fn(u64) + Sync),
) -> (Vec<Document>, Vec<Skipped>) {
    todo!("{} {:p}", files.len(), progress)
}
