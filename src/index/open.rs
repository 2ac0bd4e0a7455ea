//! Open a built index for reading: check its manifest, register analyzers,
//! keep one reader for the life of the process.
//!
//! In detail: `KbIndex`: version and damage checks, article lookup with the
//! remediation filled in (or as stored, `stored_article_at`, where only the
//! text is read: the encoder's candidates), panics on damaged data turned into
//! errors; the tables and article sets read on first use.

use super::analysis;
use super::layout::{self, Manifest};
use super::schema::{Fields, SCHEMA_VERSION};
use crate::article::Article;
use crate::error::{Error, Result};
use crate::extract::EXTRACTOR_VERSION;
use std::cell::{Cell, RefCell};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tantivy::collector::TopDocs;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, FileSlice, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

/// An open index: the articles, searchable.
pub struct KbIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    manifest: Manifest,
    dir: PathBuf,
    generation: PathBuf,
    /// Error-code names and messages, read on first use.
    code_table: std::sync::OnceLock<super::codes::CodeTable>,
    /// The product words and versions the articles apply to, read on first use.
    products: std::sync::OnceLock<super::products::ProductVocabulary>,
    article_totals: std::sync::OnceLock<std::sync::Arc<super::article_totals::ArticleTotals>>,
    /// The tickets' documents, read on first use.
    ticket_docs: std::sync::OnceLock<std::sync::Arc<super::article_totals::TicketDocs>>,
    /// Sets of articles questions asked for, kept for the next ones.
    article_sets: super::article_sets::ArticleSets,
    /// The optional sentence encoder and the articles' vectors, once given.
    sentences: std::sync::OnceLock<super::sentences::SentenceVectors>,
    /// Keeps builds from removing the generation while it is open.
    _hold: layout::ReadLock,
}

impl std::fmt::Debug for KbIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KbIndex").field("generation", &self.generation).finish()
    }
}

impl KbIndex {
    /// Open the index in `dir`. Fails with [`Error::IndexMissing`],
    /// [`Error::IndexOutdated`] or [`Error::IndexDamaged`], each saying to
    /// run `kbmatch index`.
    ///
    /// Opening checks the manifest's versions and opens every segment file
    /// listed in tantivy's `meta.json`, which checks that each exists and
    /// ends with a whole footer: a deleted or truncated file is found here.
    /// Damage inside a file is only found when a search reads it (see
    /// [`KbIndex::guard`]); checking every checksum here would read the
    /// whole index on every `match`.
    pub fn open(dir: &Path) -> Result<KbIndex> {
        let mut attempts = 0;
        loop {
            let generation = layout::current_generation(dir)?.ok_or_else(|| Error::IndexMissing(dir.to_path_buf()))?;
            match Self::open_generation(dir, &generation) {
                Ok(kb) => return Ok(kb),
                // A build may have swapped generations and removed this one
                // between reading `CURRENT` and opening it: if `CURRENT`
                // moved on, open the new one instead.
                Err(Error::IndexDamaged { .. })
                    if attempts < 3 && layout::current_generation(dir).ok().flatten().as_ref() != Some(&generation) =>
                {
                    attempts += 1;
                }
                // What to run about it names the folders the index was
                // built from, where its manifest can still say.
                Err(e) => return Err(e.with_corpus(layout::recorded_corpus(dir).unwrap_or_default())),
            }
        }
    }

    fn open_generation(dir: &Path, generation: &Path) -> Result<KbIndex> {
        if !generation.is_dir() {
            return Err(Error::damaged(dir, format!("generation {} is missing", generation.display())));
        }
        let hold = layout::hold_for_reading(dir, generation)?;
        let manifest = layout::read_manifest(dir, generation)?;
        if manifest.schema_version != SCHEMA_VERSION || manifest.extractor_version != EXTRACTOR_VERSION {
            return Err(Error::IndexOutdated {
                path: dir.to_path_buf(),
                found_schema: manifest.schema_version,
                found_extractor: manifest.extractor_version,
                want_schema: SCHEMA_VERSION,
                want_extractor: EXTRACTOR_VERSION,
                corpus: Vec::new(),
            });
        }
        let damaged = |why: String| Error::damaged(dir, why);
        // Opening runs tantivy over files that may be damaged: a panic in
        // there is damage too, not a crash.
        let opened = quietly(|| {
            let directory = MmapDirectory::open(generation).map_err(|e| damaged(e.to_string()))?;
            let index = Index::open(ReadOnly(directory)).map_err(|e| damaged(e.to_string()))?;
            check_segment_files(&index, generation).map_err(damaged)?;
            analysis::register_analyzers(&index);
            let fields = Fields::from_schema(&index.schema()).map_err(|e| damaged(e.to_string()))?;
            let reader = index
                .reader_builder()
                .reload_policy(ReloadPolicy::Manual)
                .try_into()
                .map_err(|e: tantivy::TantivyError| damaged(e.to_string()))?;
            Ok::<_, Error>((index, fields, reader))
        });
        let (index, fields, reader) = match opened {
            Ok(result) => result?,
            Err(panic) => return Err(damaged(format!("opening it failed: {panic}"))),
        };
        Ok(KbIndex {
            index,
            reader,
            fields,
            manifest,
            dir: dir.to_path_buf(),
            generation: generation.to_path_buf(),
            code_table: std::sync::OnceLock::new(),
            products: std::sync::OnceLock::new(),
            article_totals: std::sync::OnceLock::new(),
            ticket_docs: std::sync::OnceLock::new(),
            article_sets: Default::default(),
            sentences: Default::default(),
            _hold: hold,
        })
    }

    /// The generation `CURRENT` names now, opened, if it is not this one;
    /// `None` while this one is live (or the index folder has no `CURRENT`
    /// any more). Fails as [`KbIndex::open`] does.
    pub fn reopen_if_moved(&self) -> Result<Option<KbIndex>> {
        match layout::current_generation(&self.dir)? {
            Some(live) if live != self.generation => KbIndex::open(&self.dir).map(Some),
            _ => Ok(None),
        }
    }

    /// Run a read of the index (a search, a stored-document fetch) so that
    /// damage found on the way is reported as [`Error::IndexDamaged`]
    /// (saying to rebuild) instead of a panic or a bare I/O error.
    ///
    /// tantivy trusts its files once their footers are whole: a file damaged
    /// inside may make it return an I/O or corruption error, or panic (an
    /// arithmetic overflow, a slice out of range). Both are caught here;
    /// then the index's checksums are verified — only on this failure path,
    /// as it reads every file — to tell damage (the files named) from a bug
    /// (reported as [`Error::Internal`]). Calls may nest.
    pub fn guard<T>(&self, read: impl FnOnce() -> Result<T>) -> Result<T> {
        match quietly(read) {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) if is_data_error(&e) => Err(self.diagnose(&e.to_string()).unwrap_or(e)),
            Ok(Err(e)) => Err(e),
            Err(panic) => Err(self
                .diagnose(&panic)
                .unwrap_or_else(|| Error::Internal(format!("reading the index failed: {panic}")))),
        }
    }

    /// Verify every file of the live generation against its checksum (reads
    /// the whole index). `Ok` if all are sound, else [`Error::IndexDamaged`]
    /// naming the damaged files. For the crate's tests: searches check
    /// the files themselves after a failure.
    #[cfg(feature = "internals")]
    pub fn verify(&self) -> Result<()> {
        match self.diagnose("") {
            Some(damage) => Err(damage),
            None => Ok(()),
        }
    }

    /// After `failure`: `Some(IndexDamaged)` if files fail their checksums
    /// (or cannot be checked), `None` if the index is sound.
    fn diagnose(&self, failure: &str) -> Option<Error> {
        let failure = if failure.is_empty() { String::new() } else { format!(": {failure}") };
        let checked = quietly(|| self.index.validate_checksum());
        let why = match checked {
            Ok(Ok(bad)) if bad.is_empty() => return None,
            Ok(Ok(bad)) => {
                let mut names: Vec<String> = bad.iter().map(|p| p.display().to_string()).collect();
                names.sort();
                format!(
                    "{} failed {} checksum{failure}",
                    names.join(", "),
                    if names.len() == 1 { "its" } else { "their" }
                )
            }
            Ok(Err(e)) => format!("its files cannot be verified ({e}){failure}"),
            Err(panic) => format!("its files cannot be verified ({panic}){failure}"),
        };
        Some(Error::damaged(&self.dir, why).with_corpus(layout::recorded_corpus(&self.dir).unwrap_or_default()))
    }

    /// A searcher over the index (cheap; take one per request).
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// The schema's fields.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// What was recorded when the index was built.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The error-code names and messages the articles give, read from the
    /// index on first use (an unreadable table is an empty one: decoding
    /// still works without it).
    pub fn code_table(&self) -> &super::codes::CodeTable {
        self.read_once(&self.code_table, |searcher| super::codes::CodeTable::read(searcher, self.fields.code_facts))
    }

    /// The product words and their versions that the articles apply to,
    /// as the build wrote them, or read from the index where it wrote none;
    /// on first use (an unreadable list is an empty one: a paste's versions
    /// are then not read).
    pub fn product_vocabulary(&self) -> &super::products::ProductVocabulary {
        use super::products::ProductVocabulary;
        self.read_once(&self.products, |searcher| match ProductVocabulary::load(&self.generation) {
            Some(stored) => Ok(stored),
            None => ProductVocabulary::read(searcher, self.fields.applies),
        })
    }

    /// The articles' own share of the word statistics (see
    /// [`super::article_totals`]), as the build wrote it, or read from the
    /// index where it wrote none; on first use (an unreadable table is an
    /// empty one: the searcher's own field lengths are read then).
    pub fn article_totals(&self) -> std::sync::Arc<super::article_totals::ArticleTotals> {
        use super::article_totals::ArticleTotals;
        let read = |searcher: &tantivy::Searcher| match ArticleTotals::load(&self.generation) {
            Some(stored) => Ok(stored),
            None => ArticleTotals::read(searcher, &self.fields).map_err(|e| tantivy::TantivyError::InternalError(e.to_string())),
        };
        self.read_once(&self.article_totals, |searcher| read(searcher).map(std::sync::Arc::new)).clone()
    }

    /// The tickets' documents (see [`super::article_totals::TicketDocs`]), read
    /// on first use: the same for every search of this generation.
    pub fn ticket_docs(&self) -> tantivy::Result<std::sync::Arc<super::article_totals::TicketDocs>> {
        if let Some(docs) = self.ticket_docs.get() {
            return Ok(docs.clone());
        }
        let docs = std::sync::Arc::new(super::article_totals::TicketDocs::read(&self.searcher(), self.fields.kind)?);
        Ok(self.ticket_docs.get_or_init(|| docs).clone())
    }

    /// The set of articles called `key`, made by `make` the first time it
    /// is asked for (and again once the kept sets outgrow their memory):
    /// see [`super::article_sets`]. `None` where `make` makes none.
    pub fn article_set(
        &self,
        key: &str,
        make: impl FnOnce() -> tantivy::Result<Option<super::article_sets::ArticleSet>>,
    ) -> tantivy::Result<Option<std::sync::Arc<super::article_sets::ArticleSet>>> {
        self.article_sets.get_or_make(key, make)
    }

    /// A table read from the index the first time it is asked for; one that
    /// cannot be read (an error, or a panic in tantivy on damaged data) is
    /// the empty table.
    fn read_once<'a, T: Default>(
        &self,
        cell: &'a std::sync::OnceLock<T>,
        read: impl FnOnce(&tantivy::Searcher) -> tantivy::Result<T>,
    ) -> &'a T {
        cell.get_or_init(|| {
            let searcher = self.searcher();
            quietly(|| read(&searcher)).ok().and_then(Result::ok).unwrap_or_default()
        })
    }

    /// Answer with the sentence encoder `model` as well (see
    /// `matcher::sentences`): the articles' vectors the index folder holds
    /// for it are read now. Once per open index; a second call keeps the
    /// first model.
    pub fn use_sentence_model(&self, model: std::sync::Arc<crate::encoder::SentenceModel>) -> Result<()> {
        if self.sentences.get().is_none() {
            let vectors = super::sentences::SentenceVectors::open(&self.dir, model)?;
            let _ = self.sentences.set(vectors);
        }
        Ok(())
    }

    /// The sentence encoder and the articles' vectors, if the index was
    /// given one.
    pub fn sentences(&self) -> Option<&super::sentences::SentenceVectors> {
        self.sentences.get()
    }

    /// The index folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The name of the generation open (`gen-<time>-<pid>`, as `CURRENT`
    /// names it).
    pub fn generation(&self) -> String {
        self.generation.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    }

    /// Size on disk of the live generation, in bytes.
    pub fn size_bytes(&self) -> u64 {
        layout::folder_bytes(&self.generation)
    }

    /// The stored article at an address, with its remediation filled in.
    pub fn article_at(&self, searcher: &Searcher, address: DocAddress) -> Result<Article> {
        let mut article = self.stored_article_at(searcher, address)?;
        crate::extract::add_remediation(&mut article);
        Ok(article)
    }

    /// The stored article at an address as the index holds it: its text
    /// and facts, without the remediation that [`KbIndex::article_at`]
    /// reads out of its text (steps, procedures, hotfix files), for a
    /// reader that needs only the text.
    pub fn stored_article_at(&self, searcher: &Searcher, address: DocAddress) -> Result<Article> {
        self.guard(|| {
            let doc: TantivyDocument = searcher.doc(address)?;
            let json = doc
                .get_first(self.fields.article)
                .and_then(|v| v.as_str())
                .ok_or_else(|| Error::damaged(&self.dir, "a document has no stored article"))?;
            Ok(serde_json::from_str(json)?)
        })
    }

    /// Every article of the index, in index order, each handed to `each`
    /// (with its remediation filled in).
    pub fn for_each_article(&self, mut each: impl FnMut(Article)) -> Result<()> {
        let searcher = self.searcher();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let alive = segment.alive_bitset();
            for doc in (0..segment.max_doc()).filter(|&d| alive.is_none_or(|a| a.is_alive(d))) {
                each(self.article_at(&searcher, DocAddress::new(ord as u32, doc))?);
            }
        }
        Ok(())
    }

    /// The article with this id (exact; for KB numbers also `q319207`,
    /// `319207` and `KB319207`).
    pub fn article(&self, id: &str) -> Result<Article> {
        self.guard(|| {
            let searcher = self.searcher();
            for candidate in id_variants(id) {
                let term = Term::from_field_text(self.fields.id, &candidate);
                let query = TermQuery::new(term, IndexRecordOption::Basic);
                let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
                if let Some((_, address)) = top.first() {
                    return self.article_at(&searcher, *address);
                }
            }
            Err(Error::ArticleNotFound(id.to_string()))
        })
    }
}

/// A published generation's folder, for reading only.
///
/// tantivy's reader takes a lock file (`.tantivy-meta.lock`) while it opens
/// the segments, so that a writer's clean-up cannot delete them meanwhile.
/// A published generation never has a writer, and taking the lock needs
/// write access: a user who may only read the index (a shared folder, an
/// index built by another account) would be refused. So locks are granted
/// without a file; everything else goes to the real folder.
#[derive(Debug, Clone)]
struct ReadOnly(MmapDirectory);

impl Directory for ReadOnly {
    fn get_file_handle(&self, path: &Path) -> std::result::Result<Arc<dyn FileHandle>, OpenReadError> {
        self.0.get_file_handle(path)
    }
    fn open_read(&self, path: &Path) -> std::result::Result<FileSlice, OpenReadError> {
        self.0.open_read(path)
    }
    fn delete(&self, path: &Path) -> std::result::Result<(), DeleteError> {
        self.0.delete(path)
    }
    fn exists(&self, path: &Path) -> std::result::Result<bool, OpenReadError> {
        self.0.exists(path)
    }
    fn open_write(&self, path: &Path) -> std::result::Result<WritePtr, OpenWriteError> {
        self.0.open_write(path)
    }
    fn atomic_read(&self, path: &Path) -> std::result::Result<Vec<u8>, OpenReadError> {
        self.0.atomic_read(path)
    }
    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.0.atomic_write(path, data)
    }
    fn sync_directory(&self) -> std::io::Result<()> {
        self.0.sync_directory()
    }
    fn acquire_lock(&self, _lock: &Lock) -> std::result::Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }
    fn watch(&self, callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.0.watch(callback)
    }
}

/// Every file of every segment is there. tantivy opens the others itself
/// (checking each footer) but takes a missing positions file for a schema
/// without positions, which would only fail at the first phrase query.
fn check_segment_files(index: &Index, generation: &Path) -> std::result::Result<(), String> {
    use tantivy::index::SegmentComponent as C;
    let metas = index.searchable_segment_metas().map_err(|e| e.to_string())?;
    for meta in &metas {
        let mut components = vec![C::Postings, C::Positions, C::FastFields, C::FieldNorms, C::Terms, C::Store];
        if meta.has_deletes() {
            components.push(C::Delete);
        }
        for component in components {
            let file = meta.relative_path(component);
            if !generation.join(&file).is_file() {
                return Err(format!("file {} is missing", file.display()));
            }
        }
    }
    Ok(())
}

/// Errors that a damaged file can cause while reading: tantivy's I/O and
/// corruption errors, and a stored article that is not valid JSON.
fn is_data_error(e: &Error) -> bool {
    use tantivy::TantivyError as T;
    matches!(
        e,
        Error::Json(_)
            | Error::Index(crate::error::IndexError(
                T::IoError(_) | T::DataCorruption(_) | T::OpenReadError(_) | T::OpenDirectoryError(_)
            ))
    )
}

thread_local! {
    /// Depth of [`quietly`] calls on this thread: panics inside are caught
    /// and turned into errors, so they must not be printed.
    static QUIET_DEPTH: Cell<u32> = const { Cell::new(0) };
    /// The last quiet panic's message and location.
    static QUIET_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Whether this thread is inside [`quietly`]: a panic now is caught and
/// reported as an error, so a panic hook should not print it (the
/// `kbmatch` command's hook asks; the library installs none).
#[cfg(feature = "cli")]
pub(crate) fn catching_panics() -> bool {
    QUIET_DEPTH.with(Cell::get) > 0
}

/// Keep a caught panic's message with its location, which only a panic
/// hook sees, for the error [`quietly`] returns.
#[cfg(feature = "cli")]
pub(crate) fn note_caught_panic(message: String) {
    QUIET_PANIC.with(|p| *p.borrow_mut() = Some(message));
}

/// Run `f`, catching a panic as `Err(message)` without printing it.
fn quietly<T>(f: impl FnOnce() -> T) -> std::result::Result<T, String> {
    QUIET_DEPTH.with(|d| d.set(d.get() + 1));
    let result = std::panic::catch_unwind(AssertUnwindSafe(f));
    QUIET_DEPTH.with(|d| d.set(d.get() - 1));
    result.map_err(|payload| QUIET_PANIC.with(|p| p.borrow_mut().take()).unwrap_or_else(|| panic_message(&*payload)))
}

/// What a panic says (its `&str` or `String` payload).
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".into())
}

/// The spellings a person may use for an article id.
fn id_variants(id: &str) -> Vec<String> {
    let id = id.trim();
    let mut out = vec![id.to_string()];
    let upper = id.to_uppercase();
    let digits = upper.trim_start_matches("KB").trim_start_matches('Q');
    if !digits.is_empty() && digits.len() <= 8 && digits.bytes().all(|b| b.is_ascii_digit()) {
        out.push(format!("Q{digits:0>6}"));
        out.push(format!("Q{digits}"));
        // A modern article's id (`KB2467702`).
        out.push(format!("KB{}", digits.trim_start_matches('0')));
    }
    if !id.starts_with('/') && !id.contains('/') && !id.contains('.') {
        // A blog slug typed without its slashes: try the permalink form too.
        out.push(format!("/{id}/"));
    }
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::id_variants;

    #[test]
    fn kb_ids_are_found_in_every_spelling() {
        assert!(id_variants("q319207").contains(&"Q319207".to_string()));
        assert!(id_variants("KB319207").contains(&"Q319207".to_string()));
        assert!(id_variants("319207").contains(&"Q319207".to_string()));
        assert!(id_variants("Q0885959").contains(&"KB885959".to_string()));
    }
}
