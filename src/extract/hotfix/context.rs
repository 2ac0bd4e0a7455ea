//! What the text around a table says: whether the article speaks of a fix and
//! whether a sentence announces or promises file attributes.

use std::sync::LazyLock;

use regex::Regex;

use crate::article::HotfixFile;

use super::header::{Col, Header};

pub(super) static FIX_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:hot ?fix(?:es)?|fix(?:es|ed)?|qfe|patch(?:es)?|update[ds]?|service pack|upgrade)\b")
        .expect("valid regex")
});

/// Whether the article is about a fix, an update or a service pack. File
/// tables in articles that never say so list a product's disks, a sample's
/// contents or a directory: not hotfix tables.
pub(super) fn is_fix_article(body: &str) -> bool {
    FIX_WORDS.is_match(body)
}

/// A table whose only attribute is a rounded size (`44KB`, `9.45 MB`) lists
/// the files of a download or a sample, not the attributes of fixed files.
pub(super) fn is_download_listing(header: &Header, rows: &[HotfixFile]) -> bool {
    let only_size = header.cols.iter().all(|c| matches!(c.kind, Col::File | Col::Size | Col::Platform | Col::Folder | Col::Other));
    let has_size = header.cols.iter().any(|c| c.kind == Col::Size);
    has_size && only_size && rows.iter().all(|r| r.size.is_none())
}

/// Whether the few lines before line `at` announce file attributes ("This
/// fix should have the following file attributes or later:"), possibly with
/// a `Component:` line in between.
pub(super) fn announces_attributes(lines: &[&str], at: usize) -> bool {
    lines[at.saturating_sub(6)..at].iter().any(|l| {
        let lower = l.to_ascii_lowercase();
        lower.contains("attributes")
    })
}

/// The sentence right before line `at` (over blank and `Component:` lines)
/// ends with a colon and promises file attributes or time stamps: "This fix
/// should have the following time stamp:".
pub(super) fn promises_attributes(lines: &[&str], at: usize) -> bool {
    for l in lines[at.saturating_sub(4)..at].iter().rev() {
        let t = l.trim();
        if t.is_empty() || t.starts_with("Component:") {
            continue;
        }
        if !t.ends_with(':') {
            return false;
        }
        let lower = t.to_ascii_lowercase();
        return lower.contains("attributes") || lower.contains("time stamp") || lower.contains("timestamp");
    }
    false
}
