//! The library's front door: [`KnowledgeBase`] builds or opens an index and
//! answers searches, article look-ups and log scans.

use crate::article::Article;
use crate::error::Result;
use crate::index::{self, BuildOptions, KbIndex};
use crate::matcher::{self, Hit};
use crate::scan::{self, ScanOptions, ScanReport};
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// An indexed knowledge base, ready to answer. Cheap to share between
/// threads (`&KnowledgeBase` is `Sync`); open it once and keep it.
#[derive(Debug)]
pub struct KnowledgeBase {
    index: KbIndex,
}

impl KnowledgeBase {
    /// Open the index built in `dir` (see [`KbIndex::open`] for the errors).
    pub fn open(dir: impl AsRef<Path>) -> Result<KnowledgeBase> {
        Ok(KnowledgeBase { index: KbIndex::open(dir.as_ref())? })
    }

    /// Index every article under the corpus paths (folders walked
    /// recursively, or single files) into `dir`, then open it. Files that
    /// cannot be read are skipped; an empty corpus is an error.
    pub fn build<P: AsRef<Path>>(corpus: &[P], dir: impl AsRef<Path>) -> Result<KnowledgeBase> {
        let corpus: Vec<PathBuf> = corpus.iter().map(|p| p.as_ref().to_path_buf()).collect();
        index::build(&corpus, dir.as_ref(), &BuildOptions::default())?;
        KnowledgeBase::open(dir)
    }

    /// Wrap an index that is already open.
    pub fn from_index(index: KbIndex) -> KnowledgeBase {
        KnowledgeBase { index }
    }

    /// The articles that match a pasted text (a log line or excerpt, an
    /// error message, a message ID, an error code or a few words), best
    /// first, at most `limit`. Fails with [`crate::Error::EmptyQuery`] on
    /// blank text.
    pub fn search(&self, text: &str, limit: usize) -> Result<Vec<Hit>> {
        matcher::match_text(&self.index, text, limit)
    }

    /// [`KnowledgeBase::search`], and the paste's error code decoded (its
    /// forms, name and message), if it holds one.
    pub fn search_with_code(&self, text: &str, limit: usize) -> Result<(Vec<Hit>, Option<matcher::PastedCode>)> {
        matcher::match_with_code(&self.index, text, limit)
    }

    /// The article with this id (`Q319207`, also `319207` or `KB319207`; a
    /// blog permalink; a document path). Fails with
    /// [`crate::Error::ArticleNotFound`].
    pub fn article(&self, id: &str) -> Result<Article> {
        self.index.article(id)
    }

    /// Triage a whole log read from `reader` with the default options.
    pub fn scan(&self, reader: impl BufRead) -> Result<ScanReport> {
        self.scan_with(reader, &ScanOptions::default())
    }

    /// Triage a whole log with explicit options.
    pub fn scan_with(&self, reader: impl BufRead, options: &ScanOptions) -> Result<ScanReport> {
        scan::scan(&self.index, reader, options)
    }

    /// Triage several logs into one report: files (text, or Windows event
    /// log files, told by content) and folders (their `*.log`, `*.lo_` and
    /// `*.evtx` files).
    pub fn scan_paths(&self, paths: &[std::path::PathBuf]) -> Result<ScanReport> {
        scan::scan_paths(&self.index, paths, &ScanOptions::default())
    }

    /// Number of distinct articles in the index.
    pub fn len(&self) -> u64 {
        self.index.manifest().articles
    }

    /// True when the index holds no article.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The underlying index.
    pub fn index(&self) -> &KbIndex {
        &self.index
    }
}
