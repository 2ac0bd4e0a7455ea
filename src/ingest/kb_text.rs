//! Reader: see [`crate::article::SourceFormat`].
use super::{Document, SkipReason};
use std::path::Path;

/// Read one file of this format.
pub fn read(text: &str, path: &Path) -> Result<Document, SkipReason> {
    todo!("{} {path:?}", text.len())
}
