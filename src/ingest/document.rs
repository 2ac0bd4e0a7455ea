//! What a reader makes of one file: a [`Document`], or the reason it was
//! skipped. Plain values: every reader, the merge and extract share them.
//!
//! In detail: What a reader makes of a file: `Document`, its metadata,
//! `SkipReason`, `ReadOptions`.

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
    /// Article id: `Q319207`, a blog permalink, a doc's path relative to
    /// its corpus root (with `/` separators), or a ticket's own number.
    pub id: String,
    /// `kb`, `blog`, `doc` or `ticket`.
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
    /// One row of a file that holds many articles (a ticket export) could
    /// not be read; the file's other rows were.
    #[error("line {line}: {why}")]
    BadRow {
        /// The line the row starts on (1 = the file's first line).
        line: u64,
        /// What is wrong with it.
        why: String,
    },
}

/// A file that was not indexed, or one row of it ([`SkipReason::BadRow`]), and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file.
    pub path: PathBuf,
    /// Why it was skipped.
    pub reason: SkipReason,
}

/// `path: reason`, or `path:line: reason` for a row, the way compilers
/// and grep name a place in a file.
impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.reason {
            SkipReason::BadRow { line: 0, why } => write!(f, "{}: {why}", self.path.display()),
            SkipReason::BadRow { line, why } => write!(f, "{}:{line}: {why}", self.path.display()),
            reason => write!(f, "{}: {reason}", self.path.display()),
        }
    }
}

/// What one file gave: its documents (one for most files, one per ticket
/// for a ticket export) and the rows of it that could not be read, each a
/// [`SkipReason::BadRow`]. A file that gives no document at all is a
/// [`SkipReason`] instead.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocumentsRead {
    /// The documents, in file order.
    pub documents: Vec<Document>,
    /// The rows skipped, in file order.
    pub skipped_rows: Vec<SkipReason>,
}

/// How to read files: what cannot be told from their content.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReadOptions {
    /// The columns of ticket exports, where the user named them.
    pub ticket_columns: TicketColumns,
}

/// The columns of a ticket export named by the user
/// (`--ticket-columns id=Number,title=Summary,problem=Details,fix=Notes`);
/// a role left out is detected from the column names as usual. Names are
/// compared case and punctuation aside.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TicketColumns {
    /// The ticket's own id.
    pub id: Option<String>,
    /// Its short description.
    pub title: Option<String>,
    /// What describes the problem.
    pub problem: Option<String>,
    /// The fix (close notes, resolution).
    pub fix: Option<String>,
}

impl TicketColumns {
    /// The keys `--ticket-columns` takes.
    pub const KEYS: [&'static str; 4] = ["id", "title", "problem", "fix"];

    /// Whether no column is named.
    pub fn is_empty(&self) -> bool {
        self == &TicketColumns::default()
    }
}

/// `id=COL,title=COL,problem=COL,fix=COL`, any of them, in any order.
impl std::str::FromStr for TicketColumns {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut columns = TicketColumns::default();
        for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((key, column)) = pair.split_once('=') else {
                return Err(format!("{pair:?} is not KEY=COLUMN: write id=COL,title=COL,problem=COL,fix=COL"));
            };
            let (key, column) = (key.trim().to_ascii_lowercase(), column.trim());
            if column.is_empty() {
                return Err(format!("{key}= names no column"));
            }
            let slot = match key.as_str() {
                "id" => &mut columns.id,
                "title" => &mut columns.title,
                "problem" => &mut columns.problem,
                "fix" => &mut columns.fix,
                _ => return Err(format!("unknown key {key:?}: the keys are id, title, problem and fix")),
            };
            if slot.replace(column.to_string()).is_some() {
                return Err(format!("{key}= is given twice"));
            }
        }
        if columns.is_empty() {
            return Err("no column named: write id=COL,title=COL,problem=COL,fix=COL".into());
        }
        Ok(columns)
    }
}

/// The form [`TicketColumns::from_str`](std::str::FromStr) reads; empty when none is named.
impl std::fmt::Display for TicketColumns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let named = [&self.id, &self.title, &self.problem, &self.fix];
        let pairs: Vec<String> = Self::KEYS
            .iter()
            .zip(named)
            .filter_map(|(key, column)| column.as_ref().map(|c| format!("{key}={c}")))
            .collect();
        f.write_str(&pairs.join(","))
    }
}
