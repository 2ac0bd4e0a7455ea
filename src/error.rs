//! The crate's error type. Every variant says what failed, on which file or
//! input, and what to do next.

use std::borrow::Cow;
use std::path::PathBuf;

/// Result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong in kbmatch.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No index at the given folder.
    #[error("no index at {0}: run `kbmatch index --index {0}` to build one")]
    IndexMissing(PathBuf),
    /// The index was built by another schema or extractor version.
    #[error(
        "the index at {path} is outdated (built by schema {found_schema} / extractor {found_extractor}, \
         this kbmatch needs {want_schema} / {want_extractor}): {}",
        rebuild(path, corpus)
    )]
    IndexOutdated {
        /// The index folder.
        path: PathBuf,
        /// Schema version found.
        found_schema: u32,
        /// Extractor version found.
        found_extractor: u32,
        /// Schema version this build needs.
        want_schema: u32,
        /// Extractor version this build needs.
        want_extractor: u32,
        /// The folders it was built from, when its manifest says: the
        /// command that rebuilds it names them.
        corpus: Vec<PathBuf>,
    },
    /// The index is damaged (missing or truncated files).
    #[error("the index at {path} is damaged ({why}): {}", rebuild(path, corpus))]
    IndexDamaged {
        /// The index folder.
        path: PathBuf,
        /// What is wrong.
        why: String,
        /// The folders it was built from, when its manifest says: the
        /// command that rebuilds it names them.
        corpus: Vec<PathBuf>,
    },
    /// Another `kbmatch index` is building into the same folder.
    #[error("another `kbmatch index` is already building {0}: wait for it to finish, then try again")]
    IndexBusy(PathBuf),
    /// A corpus path does not exist.
    #[error("corpus path {0} does not exist: pass an existing folder or file with --corpus")]
    CorpusMissing(PathBuf),
    /// The corpus held no readable article.
    #[error("no article could be read from {roots}: check the --corpus paths (see the warnings above)")]
    EmptyCorpus {
        /// The corpus paths, joined.
        roots: String,
        /// The files that were skipped, with their reasons.
        skipped: Vec<crate::ingest::Skipped>,
    },
    /// No article with that id.
    #[error("no article {} in the index: check the id (`kbmatch match` lists ids)", shorten(.0))]
    ArticleNotFound(String),
    /// The query was empty after removing white space and control characters.
    #[error("the query is empty: paste a log line, an error message, a message ID or a few words")]
    EmptyQuery,
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Bad input, with what to do about it.
    #[error("{0}")]
    Input(String),
    /// A bug: something failed that should not (a caught panic).
    #[error("internal error: {0}: this is a bug in kbmatch; please report it with the command that caused it")]
    Internal(String),
    /// An error inside the search engine (tantivy) while reading or writing
    /// the index.
    #[error("index error: {0}")]
    Index(IndexError),
    /// JSON (de)serialisation failed.
    #[error("JSON error: {0}")]
    Json(#[from] serde_json::Error),
}

/// An error of the search engine under the index (tantivy's), kept
/// opaque: its message, and the engine's error as its
/// [`source`](std::error::Error::source).
#[derive(Debug)]
pub struct IndexError(pub(crate) tantivy::TantivyError);

impl std::fmt::Display for IndexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for IndexError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

// Lets `?` turn tantivy's errors into ours inside the crate; hidden, as
// tantivy is no part of the API.
#[doc(hidden)]
impl From<tantivy::TantivyError> for Error {
    fn from(e: tantivy::TantivyError) -> Self {
        Error::Index(IndexError(e))
    }
}

/// What to run to rebuild an index: with the folders it was built from
/// when they are known, for `kbmatch index` without `--corpus` reads
/// `./corpus` and would replace the index with whatever is there.
fn rebuild(path: &std::path::Path, corpus: &[PathBuf]) -> String {
    if corpus.is_empty() {
        return format!("run `kbmatch index --index {}` to rebuild it", shell_word(path));
    }
    let folders: Vec<String> = corpus.iter().map(|c| format!("--corpus {}", shell_word(c))).collect();
    format!(
        "run `kbmatch index --index {} {}` to rebuild it from the folders it was built from",
        shell_word(path),
        folders.join(" ")
    )
}

/// A path as one word of a shell command: quoted when it holds a space or
/// a character a shell reads.
fn shell_word(path: &std::path::Path) -> String {
    let text = path.display().to_string();
    if text.chars().any(|c| c.is_whitespace() || "'\"$`&|;<>()*?!#".contains(c)) {
        format!("'{}'", text.replace('\'', "'\\''"))
    } else {
        text
    }
}

impl Error {
    /// An index damaged in the way `why` says (the folders it was built
    /// from are added where it is opened, see [`Error::with_corpus`]).
    pub(crate) fn damaged(path: &std::path::Path, why: impl Into<String>) -> Self {
        Error::IndexDamaged { path: path.to_path_buf(), why: why.into(), corpus: Vec::new() }
    }

    /// The same error, naming `corpus` in its rebuild command if it is an
    /// outdated or damaged index's.
    pub(crate) fn with_corpus(mut self, corpus: Vec<PathBuf>) -> Self {
        if let Error::IndexOutdated { corpus: named, .. } | Error::IndexDamaged { corpus: named, .. } = &mut self {
            *named = corpus;
        }
        self
    }

    /// Wrap an I/O error with the path it happened on.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }
}

/// An id as an error message quotes it: its first 80 characters and an
/// ellipsis when it is longer, so a huge id is not echoed back whole.
fn shorten(id: &str) -> Cow<'_, str> {
    const SHOWN: usize = 80;
    match id.char_indices().nth(SHOWN) {
        Some((end, _)) => Cow::Owned(format!("{}…", &id[..end])),
        None => Cow::Borrowed(id),
    }
}
