//! Stage 1: files -> [`Document`]s. Detects each file's format from its
//! content, reads it with the matching reader (one file per format), and
//! merges the documents that are the same article seen in several formats.

use crate::article::{ArticleKind, Section, SourceFormat};
use std::path::{Path, PathBuf};

pub mod blog_post;
pub mod decode;
pub mod detect;
pub mod kb_html;
pub mod kb_page;
pub mod kb_saved_page;
pub mod kb_text;
pub mod markdown_doc;
pub mod merge;
mod render;
mod text;
pub mod walk;

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

/// A KB article as every KB reader returns it: kind `kb`, the canonical
/// body (see [`text::canonical_kb_body`]), no sections of the format's own
/// (extract finds them in the body) and nothing emphasised.
fn kb_document(
    format: SourceFormat,
    id: String,
    title: Option<String>,
    meta: DocumentMeta,
    body: String,
    path: &Path,
) -> Document {
    Document {
        id,
        kind: ArticleKind::Kb,
        format,
        title,
        meta,
        body,
        sections: None,
        emphasized: Vec::new(),
        source: path.to_path_buf(),
    }
}

/// A KB article read from one of the archive's pages (the Jekyll source, the
/// rendered HTML, a rendered page saved as text), whose body is the original
/// article with its header block.
///
/// `headings` are the `Q319207: Title` lines the page shows around the
/// article (as [`text::split_kb_title`] splits them), most trusted first;
/// only the first one present counts. The id is the body's `Article:` line's,
/// else that heading's, else the one the path names; the title is that
/// heading's, `None` when it is empty; the metadata comes from the header
/// block. `None` when nothing names the article's id.
fn kb_page_document(
    format: SourceFormat,
    body: String,
    headings: impl IntoIterator<Item = Option<(String, String)>>,
    path: &Path,
) -> Option<Document> {
    let heading = headings.into_iter().flatten().next();
    let id = text::article_line_id(&body)
        .or_else(|| heading.as_ref().map(|(id, _)| id.clone()))
        .or_else(|| text::kb_id_from_path(path))?;
    let title = heading.map(|(_, t)| t).filter(|t| !t.is_empty());
    let meta = text::kb_header_meta(&body);
    Some(kb_document(format, id, title, meta, body, path))
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

/// Read one file: decode, detect the format, run its reader.
/// `root` is the corpus root the file was found under (doc ids are relative to it).
pub fn read_file(path: &Path, root: &Path) -> Result<Document, SkipReason> {
    let text = decode::read_text(path)?;
    read_text(&text, path, root)
}

/// Detect the format of already-decoded text and run its reader.
/// The text may come from anywhere (a paste, a test), so the byte-order mark
/// and CR line ends that [`decode::decode`] would have removed are removed
/// here too.
pub fn read_text(text: &str, path: &Path, root: &Path) -> Result<Document, SkipReason> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let normalized;
    let text = if text.contains('\r') {
        normalized = decode::normalize_newlines(text);
        normalized.as_str()
    } else {
        text
    };
    if text.trim().is_empty() {
        return Err(SkipReason::Empty);
    }
    let format = detect::detect(text, path)?;
    match format {
        SourceFormat::KbPage => kb_page::read(text, path),
        SourceFormat::KbText => kb_text::read(text, path),
        SourceFormat::KbHtml => kb_html::read(text, path),
        SourceFormat::KbSavedPage => kb_saved_page::read(text, path),
        SourceFormat::BlogPost => blog_post::read(text, path),
        SourceFormat::Markdown => markdown_doc::read(text, path, root),
    }
}
