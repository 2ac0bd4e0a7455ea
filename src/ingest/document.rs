//! What a reader makes of one file: a [`Document`], or the reason it was
//! skipped. Plain values: every reader, the merge and extract share them.

use crate::article::{ArticleKind, Section, SourceFormat};
use std::path::PathBuf;

/// Metadata a reader found outside the article body (front matter, header lines).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentMeta {
    /// Products (KB text `PRODUCT :`).
    pub products: Vec<String>,
    /// Versions (KB text `PROD/VER:`).
    pub versions: Vec<String>,
    /// Keywords (KB text `KEYWORDS:`).
    pub keywords: Vec<String>,
    /// Last-modified date as written.
    pub modified: Option<String>,
    /// Blog post date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Blog categories.
    pub categories: Vec<String>,
    /// Blog tags.
    pub tags: Vec<String>,
}

/// One file read by one reader: the unit that extract turns into an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Article id: `Q319207`, a blog permalink, or a doc's path relative to
    /// its corpus root (with `/` separators).
    pub id: String,
    /// `kb`, `blog` or `doc`.
    pub kind: ArticleKind,
    /// The format the file was read as.
    pub format: SourceFormat,
    /// Title without the `Q319207: ` prefix, where the file gives one.
    pub title: Option<String>,
    /// Metadata found outside the body.
    pub meta: DocumentMeta,
    /// The article text. For KB formats: the original plain-text article
    /// (header block `Article: Q...`, underlined section names), de-indented
    /// by the page's tab, LF line ends, HTML entities decoded. For blog posts
    /// and Markdown: the body rendered to plain text, paragraphs separated
    /// by blank lines.
    pub body: String,
    /// Sections, when the format itself marks them (Markdown headings);
    /// `None` for KB formats, whose sections extract derives from `body`.
    pub sections: Option<Vec<Section>>,
    /// Text the format emphasises as a quoted message (blog `<strong>`,
    /// Markdown code spans/blocks), in order.
    pub emphasized: Vec<String>,
    /// The file, as given on the command line or found in the walk.
    pub source: PathBuf,
}

/// Why a file was skipped. Shown to the user with its path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SkipReason {
    /// The file could not be opened or read.
    #[error("cannot read: {0}")]
    Unreadable(String),
    /// The file is empty or holds only white space.
    #[error("empty file")]
    Empty,
    /// The file holds binary data (NUL bytes or mostly non-text).
    #[error("binary content, not an article")]
    Binary,
    /// The file is larger than the reader accepts.
    #[error("file too large ({0} bytes; the limit is {1} bytes)")]
    TooLarge(u64, u64),
    /// The content matches no known format.
    #[error("unknown format: {0}")]
    UnknownFormat(String),
    /// The content looked like a known format but is broken.
    #[error("malformed {format}: {why}")]
    Malformed {
        /// The format it looked like.
        format: &'static str,
        /// What is wrong.
        why: String,
    },
}

/// A file that was not indexed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file.
    pub path: PathBuf,
    /// Why it was skipped.
    pub reason: SkipReason,
}
