//! Format detection from content (the file name is only a hint).
use super::SkipReason;
use crate::article::SourceFormat;
use std::path::Path;

/// Which reader should read this text.
pub fn detect(text: &str, path: &Path) -> Result<SourceFormat, SkipReason> {
    todo!("{} {path:?}", text.len())
}
