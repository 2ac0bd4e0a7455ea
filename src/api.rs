//! The library's front door: [`KnowledgeBase`] builds or opens an index and
//! answers searches, article look-ups and log scans.

use crate::article::Article;
use crate::error::Result;
use crate::index::{self, BuildOptions, BuildReport, KbIndex};
use crate::matcher::options::SearchOptions;
use crate::matcher::{self, Hit, PastedCode};
use crate::scan::{self, ScanOptions, ScanReport};
use arc_swap::ArcSwap;
use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// An indexed knowledge base, ready to answer. Cheap to share between
/// threads (`&KnowledgeBase` is `Sync`); open it once and keep it.
///
/// It answers from the generation it opened until
/// [`KnowledgeBase::reload_if_changed`] moves it to the one a later build
/// published; each call answers wholly from one generation.
#[derive(Debug)]
pub struct KnowledgeBase {
    index: ArcSwap<KbIndex>,
    /// One reload at a time, so that two never open the same generation.
    reloading: Mutex<()>,
}

impl KnowledgeBase {
    /// Open the index built in `dir`. Fails with [`crate::Error::IndexMissing`],
    /// [`crate::Error::IndexOutdated`] or [`crate::Error::IndexDamaged`],
    /// each saying to build it again.
    pub fn open(dir: impl AsRef<Path>) -> Result<KnowledgeBase> {
        Ok(KnowledgeBase::from_index(KbIndex::open(dir.as_ref())?))
    }

    /// Index every article under the corpus paths (folders walked
    /// recursively, or single files) into `dir`, then open it; with the
    /// report of what the build did. An index already in `dir` built from
    /// the same paths is updated for the files that changed, and stays
    /// usable until the new one is complete. Files that cannot be read are
    /// skipped (each listed in the report with its reason); a corpus with
    /// no readable article is an error.
    pub fn build<P: AsRef<Path>>(
        corpus: &[P],
        dir: impl AsRef<Path>,
        options: &BuildOptions,
    ) -> Result<(KnowledgeBase, BuildReport)> {
        let corpus: Vec<PathBuf> = corpus.iter().map(|p| p.as_ref().to_path_buf()).collect();
        let report = index::build(&corpus, dir.as_ref(), options)?;
        Ok((KnowledgeBase::open(dir)?, report))
    }

    /// Wrap an index that is already open.
    pub(crate) fn from_index(index: KbIndex) -> KnowledgeBase {
        KnowledgeBase { index: ArcSwap::from_pointee(index), reloading: Mutex::new(()) }
    }

    /// Follow the index folder: if a build published a new generation since
    /// this one was opened, open it and answer from it from now on (calls
    /// already running finish on the old one, which is closed when the
    /// last of them ends). `Ok(true)` if it moved. On an error (the new
    /// generation cannot be opened) it keeps answering from the old one.
    /// Cheap when nothing changed (one small file read): call it every
    /// second or so, or before each search.
    pub fn reload_if_changed(&self) -> Result<bool> {
        let _one_at_a_time = self.reloading.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match self.index.load_full().reopen_if_moved()? {
            Some(newer) => {
                // Read now what the first search on it would wait for.
                newer.code_table();
                self.index.store(Arc::new(newer));
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// The articles that match a pasted text (a log line or excerpt, an
    /// error message, a message ID, an error code or a few words), best
    /// first, as `options` asks. Fails with [`crate::Error::EmptyQuery`] on
    /// blank text, and with [`crate::Error::Input`] on options it cannot
    /// follow (a product no article is about).
    pub fn search(&self, text: &str, options: &SearchOptions) -> Result<Vec<Hit>> {
        matcher::match_text(&self.index.load_full(), text, options)
    }

    /// [`KnowledgeBase::search`], and the paste's error code decoded (its
    /// forms, name and message), if it holds one.
    pub fn search_with_code(&self, text: &str, options: &SearchOptions) -> Result<(Vec<Hit>, Option<PastedCode>)> {
        matcher::match_with_code(&self.index.load_full(), text, options)
    }

    /// The article with this id (`Q319207`, also `319207` or `KB319207`; a
    /// blog permalink; a document path). Fails with
    /// [`crate::Error::ArticleNotFound`].
    pub fn article(&self, id: &str) -> Result<Article> {
        self.index.load().article(id)
    }

    /// Every article of the index, each handed to `each` in index order
    /// (an export, statistics over the whole archive): one at a time, so
    /// an archive of any size is read in little memory.
    pub fn for_each_article(&self, each: impl FnMut(Article)) -> Result<()> {
        self.index.load_full().for_each_article(each)
    }

    /// Triage a whole log read from `reader` with the default options.
    pub fn scan(&self, reader: impl BufRead) -> Result<ScanReport> {
        self.scan_with(reader, &ScanOptions::default())
    }

    /// Triage a whole log with explicit options.
    pub fn scan_with(&self, reader: impl BufRead, options: &ScanOptions) -> Result<ScanReport> {
        scan::scan(&self.index.load_full(), reader, options)
    }

    /// The products the articles are about, as they write them (`Microsoft
    /// Exchange`), each with its number of articles: what
    /// [`SearchOptions::product`] can name.
    pub fn products(&self) -> Result<BTreeMap<String, u64>> {
        let index = self.index.load_full();
        index.guard(|| matcher::options::products(&index, &index.searcher()))
    }

    /// Triage several logs into one report: files (text, or Windows event
    /// log files, told by content) and folders (their `*.log`, `*.lo_` and
    /// `*.evtx` files).
    pub fn scan_paths(&self, paths: &[std::path::PathBuf]) -> Result<ScanReport> {
        scan::scan_paths(&self.index.load_full(), paths, &ScanOptions::default())
    }

    /// Number of distinct articles in the index.
    pub fn len(&self) -> u64 {
        self.index.load().manifest().articles
    }

    /// True when the index holds no article.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The generation answering now (calls made with it all read the
    /// same generation; for the crate's own tests and benchmarks).
    #[doc(hidden)]
    pub fn index(&self) -> Arc<KbIndex> {
        self.index.load_full()
    }
}
