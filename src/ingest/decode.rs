//! Bytes -> text: UTF-8, else Latin-1 (Windows-1252); refuses binary, empty
//! and oversized files.
use super::SkipReason;
use std::path::Path;

/// Largest file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Read a file as text.
pub fn read_text(path: &Path) -> Result<String, SkipReason> {
    todo!("{path:?}")
}

/// Decode bytes as text (see module docs).
pub fn decode(bytes: &[u8]) -> Result<String, SkipReason> {
    todo!("{}", bytes.len())
}
