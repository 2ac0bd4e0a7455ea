//! Build an index from corpus folders: walk, read and extract in parallel,
//! write a new generation, swap it in.
//!
//! A build over the same corpus roots as the live generation is
//! incremental (see [`super::incremental`]): files whose size and
//! modification time are unchanged are not read again; if nothing changed
//! the live generation is kept as it is; otherwise the new generation
//! starts as hard links to the old one's (immutable) segment files, the
//! articles of changed, added and removed files are deleted, re-read from
//! all their sources, re-extracted and added, and the result is published
//! like a full build. A different schema or extractor version, other
//! roots, or `--full` mean a full build.

use super::incremental::{self, Plan, SourceList, SourceRecord, Stamp};
use super::layout::{self, BuildLock, Manifest};
use super::schema::{self, Fields, SCHEMA_VERSION};
use super::{analysis, document};
use crate::article::ArticleKind;
use crate::error::{Error, Result};
use crate::extract::{self, EXTRACTOR_VERSION};
use crate::ingest::{self, DocumentsRead, ReadOptions, SkipReason, Skipped, TicketColumns, merge};
use crate::progress::{BuildProgress, Progress};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;
use tantivy::schema::IndexRecordOption;
use tantivy::{IndexWriter, Term};

/// How to build: `BuildOptions::default()`, then the setters.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub(crate) progress: Option<Progress<BuildProgress>>,
    pub(crate) writer_memory: Option<usize>,
    pub(crate) full: bool,
    pub(crate) read: ReadOptions,
}

impl BuildOptions {
    /// Report each file read to `progress` (default: no report).
    pub fn progress(mut self, progress: Progress<BuildProgress>) -> Self {
        self.progress = Some(progress);
        self
    }

    /// Build from scratch even if the live index could be updated for the
    /// files that changed (default: false, update).
    pub fn full(mut self, full: bool) -> Self {
        self.full = full;
        self
    }

    /// The columns of ticket exports, named where their names are not the
    /// usual ones (default: none named, every role detected).
    pub fn ticket_columns(mut self, columns: TicketColumns) -> Self {
        self.read.ticket_columns = columns;
        self
    }

    /// The index writer's memory budget in bytes (default: 256 MB).
    pub fn writer_memory(mut self, bytes: usize) -> Self {
        self.writer_memory = Some(bytes);
        self
    }
}

/// Counts the files found and read, for the caller's progress function.
struct Counter<'a> {
    progress: Option<&'a Progress<BuildProgress>>,
    read: AtomicU64,
    found: AtomicU64,
}

impl<'a> Counter<'a> {
    fn new(progress: Option<&'a Progress<BuildProgress>>, found: u64) -> Self {
        Counter { progress, read: AtomicU64::new(0), found: AtomicU64::new(found) }
    }

    fn found_one(&self) {
        self.found.fetch_add(1, Ordering::Relaxed);
    }

    fn read_one(&self) {
        let read = self.read.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some(progress) = self.progress {
            progress.report(BuildProgress { read, found: self.found.load(Ordering::Relaxed) });
        }
    }
}

/// How a build related to the previous generation.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Change {
    /// Built from scratch, for this reason.
    Full(String),
    /// The previous generation, updated for the files that changed.
    Updated {
        /// Files read before whose size or time changed.
        changed: u64,
        /// Files not read before that gave a document.
        added: u64,
        /// Files read before that are gone.
        removed: u64,
        /// Articles re-extracted (all sources of each re-read).
        rewritten: u64,
        /// Articles that no longer have any source.
        deleted: u64,
    },
    /// No file changed: the previous generation stays live, untouched.
    Unchanged,
}

impl Change {
    /// One line for the user.
    pub fn note(&self) -> String {
        match self {
            Change::Full(why) => format!("full build ({why})"),
            Change::Updated { changed, added, removed, rewritten, deleted } => format!(
                "updated the previous index: {changed} files changed, {added} added, {removed} removed; \
                 {rewritten} articles re-extracted, {deleted} deleted"
            ),
            Change::Unchanged => "nothing changed since the last build: the index is up to date".into(),
        }
    }
}

/// What a build did: the articles indexed, and every file skipped with
/// its reason.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct BuildReport {
    /// Distinct articles in the index (one per KB number, blog permalink
    /// or document).
    pub articles: u64,
    /// Articles per kind: `kb`, `blog`, `doc`, `ticket` (kinds without any left out).
    pub by_kind: BTreeMap<String, u64>,
    /// Files the articles were read from.
    pub sources: u64,
    /// Files that were not indexed, with their reasons.
    pub skipped: Vec<Skipped>,
    /// Built from scratch, updated for the files that changed, or unchanged.
    pub change: Change,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Seconds per phase (`walk`, `read`, `merge`, `extract+index`,
    /// `commit`, ...), in order.
    pub timings: Vec<(&'static str, f64)>,
    /// The manifest of the live generation.
    #[doc(hidden)]
    pub manifest: Manifest,
    /// The live generation's folder.
    #[doc(hidden)]
    pub generation: PathBuf,
}

impl BuildReport {
    fn new(manifest: Manifest, skipped: Vec<Skipped>, generation: PathBuf, change: Change, run: &mut Run<'_>) -> Self {
        BuildReport {
            articles: manifest.articles,
            by_kind: manifest.by_kind.clone(),
            sources: manifest.sources,
            skipped,
            change,
            seconds: run.started.elapsed().as_secs_f64(),
            timings: std::mem::take(&mut run.timings),
            manifest,
            generation,
        }
    }
}

/// Build an index of every article under `corpus` into `index_dir`.
/// Bad files are skipped (listed in the summary); the previous index stays
/// live until the new one is complete.
pub fn build(corpus: &[PathBuf], index_dir: &Path, options: &BuildOptions) -> Result<BuildReport> {
    let mut run = Run {
        corpus,
        index_dir,
        options,
        started: Instant::now(),
        started_ns: incremental::now_ns(),
        roots: corpus.iter().map(|p| p.display().to_string()).collect(),
        timings: Vec::new(),
        lap: Instant::now(),
    };
    for root in corpus {
        if !root.exists() {
            return Err(Error::CorpusMissing(root.clone()));
        }
    }
    let lock = layout::lock(index_dir)?;

    if !options.full {
        match run.previous() {
            Ok(previous) => {
                let (listed, skipped) = ingest::walk::list_files(corpus);
                let files: Vec<(PathBuf, u32)> =
                    listed.into_iter().map(|(path, root)| (path, root_index(corpus, &root))).collect();
                run.lap("walk");
                let why = match run.update(&lock, &files, skipped.clone(), previous) {
                    Ok(Some(summary)) => return Ok(summary),
                    Ok(None) => "more than half of the files changed".to_string(),
                    Err(e) => format!("the previous index could not be updated: {e}"),
                };
                let all: Vec<usize> = (0..files.len()).collect();
                let reads = run.read(&files, &all);
                run.lap("read");
                return run.full(&lock, files, skipped, reads, why);
            }
            Err(why) => {
                let (files, skipped, reads) = run.walk_and_read();
                return run.full(&lock, files, skipped, reads, why);
            }
        }
    }
    let (files, skipped, reads) = run.walk_and_read();
    run.full(&lock, files, skipped, reads, "--full".to_string())
}

/// Position of a walk root among the corpus roots.
fn root_index(corpus: &[PathBuf], root: &Path) -> u32 {
    let at = corpus.iter().position(|r| r == root).unwrap_or(0);
    u32::try_from(at).unwrap_or(0)
}

/// The generation a build can start from.
struct Previous {
    generation: PathBuf,
    manifest: Manifest,
    sources: SourceList,
}

/// One build's inputs and clock.
struct Run<'a> {
    corpus: &'a [PathBuf],
    index_dir: &'a Path,
    options: &'a BuildOptions,
    started: Instant,
    started_ns: i64,
    roots: Vec<String>,
    timings: Vec<(&'static str, f64)>,
    lap: Instant,
}

/// One file read: its stamp taken before the read, and its documents.
type Read = (Option<Stamp>, std::result::Result<DocumentsRead, SkipReason>);

/// Skipped entries for a file's broken rows.
fn row_skips(path: &Path, read: &mut DocumentsRead) -> impl Iterator<Item = Skipped> {
    let path = path.to_path_buf();
    std::mem::take(&mut read.skipped_rows).into_iter().map(move |reason| Skipped { path: path.clone(), reason })
}

impl Run<'_> {
    fn lap(&mut self, phase: &'static str) {
        let now = Instant::now();
        self.timings.push((phase, (now - self.lap).as_secs_f64()));
        self.lap = now;
    }

    /// The live generation, if this build may update it; else why not.
    fn previous(&self) -> std::result::Result<Previous, String> {
        let generation = match layout::current_generation(self.index_dir) {
            Ok(Some(generation)) => generation,
            Ok(None) => return Err("no previous index".into()),
            Err(e) => return Err(format!("the previous index is unusable: {e}")),
        };
        let manifest = layout::read_manifest(self.index_dir, &generation)
            .map_err(|e| format!("the previous index is unusable: {e}"))?;
        // A damaged generation is rebuilt whole, never updated or kept.
        super::open::KbIndex::open(self.index_dir).map_err(|e| format!("the previous index is unusable: {e}"))?;
        if manifest.schema_version != SCHEMA_VERSION || manifest.extractor_version != EXTRACTOR_VERSION {
            return Err(format!(
                "the previous index was built by schema {} / extractor {}, this kbmatch has {SCHEMA_VERSION} / {EXTRACTOR_VERSION}",
                manifest.schema_version, manifest.extractor_version
            ));
        }
        if manifest.corpus != self.roots {
            return Err("the corpus paths differ from the previous build's".into());
        }
        if manifest.ticket_columns != self.options.read.ticket_columns.to_string() {
            return Err("the ticket columns differ from the previous build's".into());
        }
        let sources = SourceList::read(&generation)
            .filter(|s| s.roots == self.roots)
            .ok_or_else(|| "the previous index has no usable list of its files".to_string())?;
        Ok(Previous { generation, manifest, sources })
    }

    /// Read files (by position in `files`) in parallel, each stamped first.
    fn read(&self, files: &[(PathBuf, u32)], which: &[usize]) -> Vec<Read> {
        let counter = Counter::new(self.options.progress.as_ref(), which.len() as u64);
        which
            .par_iter()
            .map(|&i| {
                let (path, root) = &files[i];
                let stamp = Stamp::of(path);
                let root = self.corpus.get(*root as usize).map_or(Path::new(""), PathBuf::as_path);
                let read = ingest::read_file(path, root, &self.options.read);
                counter.read_one();
                (stamp, read)
            })
            .collect()
    }

    /// Walk the corpus and read every file, the reads starting while the
    /// walk is still listing (it mostly waits on the file system). Files,
    /// walk skips and reads come in walk order, as from a walk then a read.
    fn walk_and_read(&mut self) -> (Vec<(PathBuf, u32)>, Vec<Skipped>, Vec<Read>) {
        let corpus = self.corpus;
        let options = &self.options.read;
        let counter = Counter::new(self.options.progress.as_ref(), 0);
        let (tx, rx) = std::sync::mpsc::channel::<(usize, PathBuf, u32)>();
        let (files, skipped, mut reads) = std::thread::scope(|scope| {
            let counter = &counter;
            let walker = scope.spawn(move || {
                let mut files = Vec::new();
                let mut skipped = Vec::new();
                ingest::walk::walk_files(
                    corpus,
                    |path, root| {
                        let at = root_index(corpus, root);
                        // The receiver lives until the walk ends.
                        let _ = tx.send((files.len(), path.clone(), at));
                        files.push((path, at));
                        counter.found_one();
                    },
                    |skip| skipped.push(skip),
                );
                (files, skipped)
            });
            let reads: Vec<(usize, Read)> = rx
                .into_iter()
                .par_bridge()
                .map(|(i, path, root)| {
                    let stamp = Stamp::of(&path);
                    let root = corpus.get(root as usize).map_or(Path::new(""), PathBuf::as_path);
                    let read = ingest::read_file(&path, root, options);
                    counter.read_one();
                    (i, (stamp, read))
                })
                .collect();
            let (files, skipped) = walker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (files, skipped, reads)
        });
        reads.sort_unstable_by_key(|(i, _)| *i);
        self.lap("walk+read");
        (files, skipped, reads.into_iter().map(|(_, read)| read).collect())
    }

    /// Build from scratch from the files read.
    fn full(
        mut self,
        lock: &BuildLock,
        files: Vec<(PathBuf, u32)>,
        mut skipped: Vec<Skipped>,
        reads: Vec<Read>,
        why: String,
    ) -> Result<BuildReport> {
        let mut records = Vec::with_capacity(reads.len());
        let mut documents = Vec::with_capacity(reads.len());
        for ((path, root), (stamp, read)) in files.into_iter().zip(reads) {
            match read {
                Ok(mut docs) => {
                    if let Some(stamp) = stamp {
                        records.push(SourceRecord::new(&path, root, stamp, docs.documents.iter().map(|d| d.id.as_str())));
                    }
                    skipped.extend(row_skips(&path, &mut docs));
                    documents.extend(docs.documents);
                }
                Err(reason) => skipped.push(Skipped { path, reason }),
            }
        }
        let sources = documents.len() as u64;
        let merged = merge::merge(documents);
        if merged.is_empty() {
            return Err(Error::EmptyCorpus { roots: self.roots.join(", "), skipped });
        }
        self.lap("merge");

        let (building, name) = layout::start_generation(self.index_dir, lock)?;
        let schema = schema::build_schema();
        let fields = Fields::from_schema(&schema)?;
        let index = tantivy::Index::create_in_dir(&building, schema)?;
        analysis::register_analyzers(&index);
        let mut writer = self.writer(&index)?;
        let articles = merged.len() as u64;
        let by_kind = add_articles(&writer, &fields, merged)?;
        self.lap("extract+index");
        writer.commit()?;
        writer.wait_merging_threads()?;
        self.lap("commit");
        let manifest = self.manifest(articles, by_kind, sources, skipped.len() as u64);
        self.publish(lock, building, &name, manifest, records, skipped, Change::Full(why))
    }

    /// Update the previous generation; `Ok(None)` if so much changed that a
    /// full build is the better way.
    fn update(
        &mut self,
        lock: &BuildLock,
        files: &[(PathBuf, u32)],
        mut skipped: Vec<Skipped>,
        previous: Previous,
    ) -> Result<Option<BuildReport>> {
        let stamps: Vec<Option<Stamp>> = files.par_iter().map(|(path, _)| Stamp::of(path)).collect();
        let Plan { unchanged, to_read, was_recorded, mut affected, changed, removed } =
            incremental::plan(&previous.sources, files, &stamps);
        self.lap("stat");
        // Past half the files a full build costs about the same and leaves
        // no deleted documents behind; below a few hundred files an update
        // is cheap whatever the share.
        if to_read.len() > 256 && to_read.len() * 2 > files.len() {
            return Ok(None);
        }

        // Changed, new and previously skipped files.
        let mut fresh: Vec<Option<Read>> = (0..files.len()).map(|_| None).collect();
        let mut added = 0;
        for ((&i, recorded), read) in to_read.iter().zip(was_recorded).zip(self.read(files, &to_read)) {
            if let Ok(docs) = &read.1 {
                affected.extend(docs.documents.iter().map(|d| d.id.clone()));
                added += u64::from(!recorded);
            }
            fresh[i] = Some(read);
        }
        if affected.is_empty() {
            // Nothing changed (files skipped before are skipped again).
            for (i, read) in fresh.into_iter().enumerate() {
                match read {
                    Some((_, Err(reason))) => skipped.push(Skipped { path: files[i].0.clone(), reason }),
                    Some((_, Ok(mut docs))) => skipped.extend(row_skips(&files[i].0, &mut docs)),
                    None => {}
                }
            }
            self.lap("read");
            layout::clean_up(self.index_dir, lock)?;
            return Ok(Some(BuildReport::new(
                previous.manifest,
                skipped,
                previous.generation,
                Change::Unchanged,
                self,
            )));
        }
        // An affected article's unchanged sources are read again too, so
        // that it is merged from all of them (found by the merge's key: a
        // modern `KB2467702` and the archive's `Q2467702` are one article),
        // and their old documents are replaced.
        let keys: BTreeSet<String> = affected.iter().map(|id| merge::key(id).into_owned()).collect();
        let cosources: Vec<usize> = unchanged
            .iter()
            .enumerate()
            .filter(|(_, record)| record.as_ref().is_some_and(|r| r.4.iter().any(|id| keys.contains(&*merge::key(id)))))
            .map(|(i, _)| i)
            .collect();
        for &i in &cosources {
            affected.extend(unchanged[i].iter().flat_map(|r| r.4.iter().cloned()));
        }
        for (&i, read) in cosources.iter().zip(self.read(files, &cosources)) {
            fresh[i] = Some(read);
        }
        self.lap("read");

        let mut records = Vec::with_capacity(files.len());
        let mut documents = Vec::new();
        let mut sources = 0;
        for (i, ((path, root), read)) in files.iter().zip(fresh).enumerate() {
            match (read, &unchanged[i]) {
                (Some((stamp, Ok(mut docs))), _) => {
                    if let Some(stamp) = stamp {
                        records.push(SourceRecord::new(path, *root, stamp, docs.documents.iter().map(|d| d.id.as_str())));
                    }
                    skipped.extend(row_skips(path, &mut docs));
                    sources += docs.documents.len() as u64;
                    documents.extend(docs.documents);
                }
                (Some((_, Err(reason))), _) => skipped.push(Skipped { path: path.clone(), reason }),
                (None, Some(record)) => {
                    sources += record.4.len() as u64;
                    records.push(record.clone());
                }
                (None, None) => {}
            }
        }
        let merged = merge::merge(documents);
        let rewritten = merged.len() as u64;
        let still: BTreeSet<&str> = merged.iter().map(|m| m.doc.id.as_str()).collect();
        let deleted = affected.iter().filter(|id| !still.contains(id.as_str())).count() as u64;
        self.lap("merge");

        let (building, name) = layout::start_generation(self.index_dir, lock)?;
        incremental::link_generation(&previous.generation, &building, &[layout::MANIFEST, incremental::SOURCES, super::products::FILE])?;
        let index = tantivy::Index::open_in_dir(&building)?;
        analysis::register_analyzers(&index);
        let fields = Fields::from_schema(&index.schema())?;
        let mut writer = self.writer(&index)?;
        self.lap("link");
        // Deletes first: a delete applies to the documents added before it.
        for id in &affected {
            writer.delete_term(Term::from_field_text(fields.id, id));
        }
        add_articles(&writer, &fields, merged)?;
        self.lap("extract+index");
        writer.commit()?;
        writer.wait_merging_threads()?;
        let (articles, by_kind) = count_by_kind(&index, &fields)?;
        self.lap("commit");
        if articles == 0 {
            return Err(Error::EmptyCorpus { roots: self.roots.join(", "), skipped });
        }
        let manifest = self.manifest(articles, by_kind, sources, skipped.len() as u64);
        let change = Change::Updated { changed, added, removed, rewritten, deleted };
        self.publish(lock, building, &name, manifest, records, skipped, change).map(Some)
    }

    fn writer(&self, index: &tantivy::Index) -> Result<IndexWriter> {
        let threads = rayon::current_num_threads().clamp(1, 8);
        let memory = self.options.writer_memory.unwrap_or(256 << 20).max((threads * 16) << 20);
        Ok(index.writer_with_num_threads(threads, memory)?)
    }

    fn manifest(&self, articles: u64, by_kind: BTreeMap<String, u64>, sources: u64, skipped: u64) -> Manifest {
        Manifest {
            schema_version: SCHEMA_VERSION,
            extractor_version: EXTRACTOR_VERSION,
            articles,
            by_kind,
            sources,
            skipped,
            corpus: self.roots.clone(),
            ticket_columns: self.options.read.ticket_columns.to_string(),
            built_at: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0),
        }
    }

    /// Write the manifest and the file list, then make the generation live.
    #[allow(clippy::too_many_arguments)]
    fn publish(
        &mut self,
        lock: &BuildLock,
        building: PathBuf,
        name: &str,
        manifest: Manifest,
        records: Vec<SourceRecord>,
        skipped: Vec<Skipped>,
        change: Change,
    ) -> Result<BuildReport> {
        SourceList::new(self.roots.clone(), self.started_ns, records).write(&building)?;
        let index = tantivy::Index::open_in_dir(&building)?;
        let searcher = index.reader_builder().reload_policy(tantivy::ReloadPolicy::Manual).try_into()?.searcher();
        let applies = Fields::from_schema(&index.schema())?.applies;
        super::products::ProductVocabulary::read(&searcher, applies)?.write(&building)?;
        drop((searcher, index));
        self.lap("products");
        let manifest_path = building.join(layout::MANIFEST);
        std::fs::write(&manifest_path, serde_json::to_vec_pretty(&manifest)?)
            .map_err(|e| Error::io(&manifest_path, e))?;
        let generation = layout::publish(self.index_dir, &building, name, lock)?;
        self.lap("publish");
        Ok(BuildReport::new(manifest, skipped, generation, change, self))
    }
}

/// Extract every merged document (in parallel) and add it to the writer;
/// articles per kind.
fn add_articles(writer: &IndexWriter, fields: &Fields, merged: Vec<merge::Merged>) -> Result<BTreeMap<String, u64>> {
    merged
        .into_par_iter()
        .map(|m| {
            let article = extract::searchable(&m.doc, m.sources);
            let doc = document::to_document(fields, &article)?;
            writer.add_document(doc)?;
            Ok(article.kind.as_str())
        })
        .try_fold(BTreeMap::<String, u64>::new, |mut counts, kind: Result<&str>| {
            *counts.entry(kind?.to_string()).or_default() += 1;
            Ok::<_, Error>(counts)
        })
        .try_reduce(BTreeMap::new, |mut a, b| {
            for (k, v) in b {
                *a.entry(k).or_default() += v;
            }
            Ok(a)
        })
}

/// Live articles in a committed index, in all and per kind.
fn count_by_kind(index: &tantivy::Index, fields: &Fields) -> Result<(u64, BTreeMap<String, u64>)> {
    let reader = index.reader_builder().reload_policy(tantivy::ReloadPolicy::Manual).try_into()?;
    let searcher: tantivy::Searcher = tantivy::IndexReader::searcher(&reader);
    let mut by_kind = BTreeMap::new();
    for kind in ArticleKind::ALL {
        let term = Term::from_field_text(fields.kind, kind.as_str());
        let query = tantivy::query::TermQuery::new(term, IndexRecordOption::Basic);
        let count = searcher.search(&query, &tantivy::collector::Count)? as u64;
        if count > 0 {
            by_kind.insert(kind.as_str().to_string(), count);
        }
    }
    Ok((searcher.num_docs(), by_kind))
}
