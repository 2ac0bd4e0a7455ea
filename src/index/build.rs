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
//!
//! In detail: Full or incremental build, parallel read and extract, tantivy
//! writer; a full build reads, merges and indexes a chunk of files at a time
//! within its memory budget (`BuildOptions::memory`, `--memory`): files whose
//! path names a KB number (`merge::key_from_path`) go in that order, so one
//! article's page, text file and web page share a chunk; the other files'
//! documents are held until the chunk of their article; an article still met in
//! two chunks is read again and replaced; what the file list needs of each file
//! read goes to `files-read.jsonl` in the generation as it is read, and is read
//! back at the end; once every chunk is in, the segments are merged into one (a
//! writer thread per `CORES_PER_WRITER_THREAD` (2) cores, so that on a few
//! cores the writer fills one segment and there is nothing to merge), which
//! also takes what was replaced out of the word statistics that rank the
//! articles; an update merges the segments that hold deleted documents once
//! those pass `DELETED_PER_MILLE` (5 %) of the index's documents, so that an
//! updated index ranks as a fresh build would; the stored articles in blocks of
//! `DOCSTORE_BLOCK_BYTES` (4 KB), so that reading a candidate decompresses one
//! or two articles, not four.

use super::chunks::{Accumulated, Chunks, FileRead, add_articles, key_hash};
use super::incremental::{self, Plan, SourceList, SourceRecord, Stamp};
use super::layout::{self, BuildLock, Manifest};
use super::schema::{self, Fields, SCHEMA_VERSION};
use super::unmapped::UnmappedDirectory;
use super::analysis;
use crate::article::ArticleKind;
use crate::error::{Error, Result};
use crate::extract::EXTRACTOR_VERSION;
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
    pub(crate) memory: Option<usize>,
    pub(crate) chunk: Option<(usize, u64)>,
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

    /// The index writer's memory budget in bytes (default: five sixteenths
    /// of [`BuildOptions::memory`]'s, 160 MB).
    pub fn writer_memory(mut self, bytes: usize) -> Self {
        self.writer_memory = Some(bytes);
        self
    }

    /// About how much memory a build may take, in bytes (default
    /// [`BuildOptions::DEFAULT_MEMORY`], 512 MB): five sixteenths for the
    /// index writer, a sixteenth for the files read at a time, the rest for
    /// extracting them and writing segments out. A build's peak follows this
    /// budget more than the corpus: what it holds of each file and article
    /// (its path, a hash of its key) is about 100 bytes, 60 MB at 600,000
    /// articles; what the file list needs of each file read is written to
    /// disk as it goes.
    pub fn memory(mut self, bytes: usize) -> Self {
        self.memory = Some(bytes);
        self
    }

    /// The default memory budget of a build ([`BuildOptions::memory`]).
    pub const DEFAULT_MEMORY: usize = 512 << 20;

    /// The least memory budget: below it the index writer flushes too often.
    pub const MIN_MEMORY: usize = 64 << 20;

    fn budget(&self) -> usize {
        self.memory.unwrap_or(Self::DEFAULT_MEMORY).max(Self::MIN_MEMORY)
    }

    /// Read at most `files` files, or `bytes` of them, at a time, whatever
    /// the budget: for tests of articles whose files fall in several chunks.
    #[doc(hidden)]
    pub fn chunk(mut self, files: usize, bytes: u64) -> Self {
        self.chunk = Some((files.max(1), bytes));
        self
    }

    /// The most files, and about the most bytes of files, read, merged and
    /// indexed at a time.
    fn chunk_limits(&self) -> (usize, u64) {
        self.chunk.unwrap_or((CHUNK_FILES, (self.budget() / 16) as u64))
    }
}

/// The most files read at a time, whatever their size.
const CHUNK_FILES: usize = 4096;

/// The index writer's share of the build's memory budget, in sixteenths.
/// Its buffers fill to their share and are then written out as a segment,
/// which takes about as much again while the next chunk is extracted: at
/// half the budget a 600,000-article build peaked at 1.5 times the budget
/// (758 MB of 512), at five sixteenths at 1.1 times (572 MB; docs/scale.md).
const WRITER_SIXTEENTHS: usize = 5;

/// How many of the build's threads go with each of the index writer's.
/// Each writer thread fills its own segment with its share of the writer's
/// memory; the tokenising and posting it does are a third to a half of a
/// build's CPU (the reading and extracting the rest, on rayon's threads).
/// On two cores one writer thread keeps up and writes the archive
/// (60,335 articles) as one segment, which a question reads in 20 to 28 %
/// less CPU than the four that two threads wrote (docs/scale.md); on more
/// cores the segments are merged into one at the end.
const CORES_PER_WRITER_THREAD: usize = 2;

/// The size of the stored articles' compressed blocks. Ranking reads the
/// stored fields of each of a question's candidates, and a read decompresses
/// the whole block holding it: at tantivy's default of 16 KB a block holds
/// about four of the archive's articles, at 4 KB one or two, and a question
/// on the archive costs 5 % fewer instructions, for an index 8 % larger
/// (1 KB: 7 % and 16 %; docs/scale.md).
const DOCSTORE_BLOCK_BYTES: usize = 4096;

/// The share of an index's documents (in thousandths) that may be deleted
/// ones before an update merges the segments holding them. A deleted
/// document still counts in the word statistics that rank the articles
/// (tantivy's BM25 counts every document of a segment until it is merged):
/// a replaced article's rarest words are counted twice, so that their
/// weight falls by about 5 % in an archive of 60,000 articles (BM25's idf
/// of a word in one article against two), and by far more in a corpus of
/// a few. Merging the segments that hold them costs about as
/// much as the end of a full build (5 to 7 s for the archive, most of it the
/// one big segment), so it waits until deletes are 5 % of the documents:
/// an update of a few files in a corpus of a few hundred or more leaves
/// the big segment alone, and one in a corpus of a few dozen is merged
/// at once. (Such a merge is not quite a fresh build either: tantivy
/// re-estimates a field's total length from the one-byte field norms of
/// the documents kept, 3.9 % short for the archive's bodies; that shifts
/// every article's BM25 alike by a percent or two, where a deleted
/// document's count weighs against the replaced article alone.)
const DELETED_PER_MILLE: u64 = 50;

/// Counts the files found and read, for the caller's progress function.
struct Counter<'a> {
    progress: Option<&'a Progress<BuildProgress>>,
    read: AtomicU64,
    found: u64,
}

impl<'a> Counter<'a> {
    fn new(progress: Option<&'a Progress<BuildProgress>>, found: u64) -> Self {
        Counter { progress, read: AtomicU64::new(0), found }
    }

    fn read_one(&self) {
        let read = self.read.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some(progress) = self.progress {
            progress.report(BuildProgress { read, found: self.found });
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
    /// Seconds per phase (`walk`, `read+extract+index`, `commit`, ... for
    /// a full build; `walk`, `stat`, `read`, `merge`, `extract+index`, ...
    /// for an update), in order.
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

    let (listed, walk_skips) = ingest::walk::list_files(corpus);
    let files: Vec<(PathBuf, u32)> = listed.into_iter().map(|(path, root)| (path, root_index(corpus, &root))).collect();
    run.lap("walk");
    let why = if options.full {
        "--full".to_string()
    } else {
        match run.previous() {
            Ok(previous) => match run.update(&lock, &files, walk_skips.clone(), previous) {
                Ok(Some(summary)) => return Ok(summary),
                Ok(None) => "more than half of the files changed".to_string(),
                Err(e) => format!("the previous index could not be updated: {e}"),
            },
            Err(why) => why,
        }
    };
    run.full(&lock, files, walk_skips, why)
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
        // An index of another layout is rebuilt (said before opening it,
        // whose error tells a user to run the build this is).
        if manifest.schema_version != SCHEMA_VERSION || manifest.extractor_version != EXTRACTOR_VERSION {
            return Err(format!(
                "the previous index was built by schema {} / extractor {}, this kbmatch has {SCHEMA_VERSION} / {EXTRACTOR_VERSION}",
                manifest.schema_version, manifest.extractor_version
            ));
        }
        // A damaged generation is rebuilt whole, never updated or kept.
        super::open::KbIndex::open(self.index_dir).map_err(|e| format!("the previous index is unusable: {e}"))?;
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
            .map(|&i| (Stamp::of(&files[i].0), self.read_one(&files[i], &counter)))
            .collect()
    }

    /// Build from scratch, a chunk of files at a time (at most
    /// [`CHUNK_FILES`], or the budget's bytes of files): each chunk is
    /// read, merged, extracted and added to the index before the next is
    /// read, so that memory holds one chunk of articles, not the corpus.
    ///
    /// One article's files must meet in one chunk. Files whose path names
    /// their article ([`merge::key_from_path`]: the archive's page, text
    /// file and web page of one KB number) go in that order, a chunk never
    /// ending between two of one article. The others are read first and
    /// their documents held (up to the chunk's bytes again), each joining the
    /// chunk that meets its article, the rest added at the end. An article
    /// whose documents still fall in two chunks is added from its first,
    /// then, once every file is read, replaced by the article merged from
    /// all its files, read again; the segments holding what was replaced
    /// are merged, so that the index ranks as if it had been added once.
    fn full(
        mut self,
        lock: &BuildLock,
        files: Vec<(PathBuf, u32)>,
        mut skipped: Vec<Skipped>,
        why: String,
    ) -> Result<BuildReport> {
        let (building, name) = layout::start_generation(self.index_dir, lock)?;
        let schema = schema::build_schema();
        let fields = Fields::from_schema(&schema)?;
        let settings = tantivy::IndexSettings { docstore_blocksize: DOCSTORE_BLOCK_BYTES, ..Default::default() };
        let index = tantivy::Index::create(UnmappedDirectory::open(&building)?, schema, settings)?;
        analysis::register_analyzers(&index);
        let mut writer = self.writer(&index)?;
        // Segments are merged once every chunk is in (see `merge_segments`).
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        let (acc, mut read_skips) = self.read_in_chunks(&files, &building, &writer, &fields)?;
        self.lap("read+extract+index");
        // Skips in walk order, as an update lists them.
        read_skips.sort_by_key(|(i, _)| *i);
        skipped.extend(read_skips.into_iter().map(|(_, skip)| skip));
        let acc = self.replace_met_again(acc, &files, &writer, &fields)?;
        let Accumulated { reads, sources, .. } = acc;
        writer.commit()?;
        super::links::relink(&index, &mut writer, &fields)?;
        self.lap("links");
        merge_segments(&index, &mut writer)?;
        writer.wait_merging_threads()?;
        let (articles, by_kind) = count_by_kind(&index, &fields)?;
        self.lap("commit");
        if articles == 0 {
            drop(index);
            layout::clean_up(self.index_dir, lock)?;
            return Err(Error::EmptyCorpus { roots: self.roots.join(", "), skipped });
        }
        // The file list in walk order, as an update writes it.
        let mut records = reads.finish()?;
        records.sort_unstable_by_key(|record| record.file);
        let records = records
            .into_iter()
            .filter_map(|read| {
                let (path, root) = &files[read.file];
                Some(SourceRecord::new(path, *root, read.stamp?, read.ids.iter().map(String::as_str)))
            })
            .collect();
        let manifest = self.manifest(articles, by_kind, sources, skipped.len() as u64);
        self.publish(lock, building, &name, manifest, records, skipped, Change::Full(why))
    }

    /// Read, merge, extract and add the files a chunk at a time (see
    /// [`Builder::full`]), each chunk added while the next is read. Returns
    /// what was added and the files skipped, by position in `files`.
    fn read_in_chunks(
        &self,
        files: &[(PathBuf, u32)],
        building: &Path,
        writer: &IndexWriter,
        fields: &Fields,
    ) -> Result<(Accumulated, Vec<(usize, Skipped)>)> {
        let counter = Counter::new(self.options.progress.as_ref(), files.len() as u64);
        let hints: Vec<Option<u64>> =
            files.iter().map(|(path, _)| merge::key_from_path(path).map(|key| key_hash(&key))).collect();
        let mut order: Vec<usize> = (0..files.len()).collect();
        // Unnamed files first, in walk order; then the named, by name.
        order.sort_by_key(|&i| hints[i]);
        let (chunk_files, chunk_bytes) = self.options.chunk_limits();
        let mut chunks = Chunks { acc: Accumulated::new(building)?, held: Default::default(), held_bytes: 0, chunk_bytes };
        let mut next = order.into_iter().peekable();
        let mut next_chunk = || {
            let mut chunk: Vec<(usize, Option<Stamp>)> = Vec::new();
            let mut bytes = 0;
            while let Some(&i) = next.peek() {
                let full = !chunk.is_empty() && (bytes >= chunk_bytes || chunk.len() >= chunk_files);
                let same_article = chunk.last().is_some_and(|&(last, _)| hints[last].is_some() && hints[last] == hints[i]);
                // Named and unnamed files never share a chunk.
                let other_side = chunk.last().is_some_and(|&(last, _)| hints[last].is_some() != hints[i].is_some());
                if (full && !same_article) || other_side {
                    break;
                }
                next.next();
                let stamp = Stamp::of(&files[i].0);
                bytes += stamp.map_or(0, |s| s.size);
                chunk.push((i, stamp));
            }
            chunk
        };
        let read_chunk = |chunk: &[(usize, Option<Stamp>)]| -> Vec<_> {
            chunk.par_iter().map(|&(i, _)| self.read_one(&files[i], &counter)).collect()
        };
        // The files skipped while reading, by position in `files`.
        let mut read_skips: Vec<(usize, Skipped)> = Vec::new();
        // Add a chunk's documents.
        let mut add_chunk = |chunk: Vec<(usize, Option<Stamp>)>, reads: Vec<std::result::Result<DocumentsRead, SkipReason>>| -> Result<()> {
            let Some(&(first, _)) = chunk.first() else { return Ok(()) };
            let mut documents = Vec::new();
            for ((i, stamp), read) in chunk.into_iter().zip(reads) {
                let path = &files[i].0;
                match read {
                    Ok(mut docs) => {
                        let ids = docs.documents.iter().map(|d| d.id.clone()).collect();
                        chunks.acc.reads.push(&FileRead { file: i, stamp, ids })?;
                        read_skips.extend(row_skips(path, &mut docs).map(|skip| (i, skip)));
                        chunks.acc.sources += docs.documents.len() as u64;
                        documents.append(&mut docs.documents);
                    }
                    Err(reason) => read_skips.push((i, Skipped { path: path.clone(), reason })),
                }
            }
            let documents = chunks.place(documents, hints[first].is_none());
            chunks.acc.add(writer, fields, documents)
        };
        // Each chunk is added while the next is read.
        let mut chunk = next_chunk();
        let mut reads = read_chunk(&chunk);
        while !chunk.is_empty() {
            let upcoming = next_chunk();
            let (upcoming_reads, added) = rayon::join(|| read_chunk(&upcoming), || add_chunk(chunk, reads));
            added?;
            (chunk, reads) = (upcoming, upcoming_reads);
        }
        let Chunks { mut acc, held, .. } = chunks;
        let rest: Vec<_> = held.into_values().flatten().collect();
        let rest = acc.place(rest);
        acc.add(writer, fields, rest)?;
        Ok((acc, read_skips))
    }

    /// An article met in two chunks, added from its first, replaced by the
    /// article merged from all its files, read again.
    fn replace_met_again(
        &mut self,
        mut acc: Accumulated,
        files: &[(PathBuf, u32)],
        writer: &IndexWriter,
        fields: &Fields,
    ) -> Result<Accumulated> {
        if acc.again.is_empty() {
            return Ok(acc);
        }
        let (which, ids) = acc.met_again()?;
        let quiet = Counter::new(None, 0);
        let reads: Vec<_> = which.par_iter().map(|&i| self.read_one(&files[i], &quiet)).collect();
        let documents: Vec<_> = reads
            .into_iter()
            .filter_map(std::result::Result::ok)
            .flat_map(|docs| docs.documents)
            .filter(|doc| acc.again.contains(&*merge::key(&doc.id)))
            .collect();
        // Deletes first: a delete applies to the documents added before it.
        for id in &ids {
            writer.delete_term(Term::from_field_text(fields.id, id));
        }
        add_articles(writer, fields, merge::merge(documents))?;
        // What was replaced leaves the word statistics when the
        // segments are merged into one below.
        self.lap("merge across chunks");
        Ok(acc)
    }

    /// Read one file, counted.
    fn read_one(&self, (path, root): &(PathBuf, u32), counter: &Counter<'_>) -> std::result::Result<DocumentsRead, SkipReason> {
        let root = self.corpus.get(*root as usize).map_or(Path::new(""), PathBuf::as_path);
        let read = ingest::read_file(path, root, &self.options.read);
        counter.read_one();
        read
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
            skipped.extend(skips_again(files, fresh));
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
        self.read_cosources(files, &unchanged, &mut affected, &mut fresh);
        self.lap("read");
        let (records, documents, sources) = gather(files, fresh, &unchanged, &mut skipped);
        let merged = merge::merge(documents);
        let rewritten = merged.len() as u64;
        let still: BTreeSet<&str> = merged.iter().map(|m| m.doc.id.as_str()).collect();
        let deleted = affected.iter().filter(|id| !still.contains(id.as_str())).count() as u64;
        self.lap("merge");

        let (building, name) = layout::start_generation(self.index_dir, lock)?;
        // The files written again below are not linked: a write through a link
        // would change the live generation's.
        let written_again = [layout::MANIFEST, incremental::SOURCES, super::products::FILE, super::article_totals::FILE];
        incremental::link_generation(&previous.generation, &building, &written_again)?;
        let index = tantivy::Index::open(UnmappedDirectory::open(&building)?)?;
        analysis::register_analyzers(&index);
        let fields = Fields::from_schema(&index.schema())?;
        let mut writer = self.writer(&index)?;
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        self.lap("link");
        // Deletes first: a delete applies to the documents added before it.
        for id in &affected {
            writer.delete_term(Term::from_field_text(fields.id, id));
        }
        add_articles(&writer, &fields, merged)?;
        self.lap("extract+index");
        writer.commit()?;
        super::links::relink(&index, &mut writer, &fields)?;
        merge_after_update(&index, &mut writer)?;
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

    /// An affected article's unchanged sources are read again too, so
    /// that it is merged from all of them (found by the merge's key: a
    /// modern `KB2467702` and the archive's `Q2467702` are one article),
    /// and their old documents are replaced.
    fn read_cosources(
        &self,
        files: &[(PathBuf, u32)],
        unchanged: &[Option<SourceRecord>],
        affected: &mut BTreeSet<String>,
        fresh: &mut [Option<Read>],
    ) {
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
    }

    fn writer(&self, index: &tantivy::Index) -> Result<IndexWriter> {
        let threads = (rayon::current_num_threads() / CORES_PER_WRITER_THREAD).clamp(1, 8);
        let memory = self.options.writer_memory.unwrap_or(self.options.budget() / 16 * WRITER_SIXTEENTHS).max((threads * 16) << 20);
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
        let fields = Fields::from_schema(&index.schema())?;
        super::products::ProductVocabulary::read(&searcher, fields.applies)?.write(&building)?;
        super::article_totals::ArticleTotals::read(&searcher, &fields)?.write(&building)?;
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

/// Merge a full build's segments into one once every article is in.
/// The index is read-only until the next build, and a question reads the
/// archive in one segment in 20 to 28 % less CPU than in four
/// (docs/scale.md); a merge at the end also holds no memory beside the
/// indexing's. A replaced article's old document leaves the word
/// statistics here too.
fn merge_segments(index: &tantivy::Index, writer: &mut IndexWriter) -> Result<()> {
    // Only the ids outlive the list (see `segment_ids`).
    let segments = segment_ids(index, |metas| {
        let merge = metas.len() > 1 || metas.iter().any(|m| m.has_deletes());
        metas.iter().filter(|_| merge).map(|m| m.id()).collect()
    })?;
    if !segments.is_empty() {
        writer.merge(&segments).wait()?;
    }
    Ok(())
}

/// The ids of the index's segments that `pick` picks from their metas.
/// Only the ids are kept: tantivy counts a segment's files as living while
/// any of its metas is held, and removes a merge's inputs when the merge
/// ends, so a meta held across the merge keeps the merged segments' files
/// in the index folder for good (a build commits nothing after its last
/// merge): ten stale segments beside the merged one doubled the 600k index.
fn segment_ids(
    index: &tantivy::Index,
    pick: impl FnOnce(&[tantivy::SegmentMeta]) -> Vec<tantivy::index::SegmentId>,
) -> Result<Vec<tantivy::index::SegmentId>> {
    Ok(pick(&index.searchable_segment_metas()?))
}

/// After an update, merge its segments as tantivy's log merge policy
/// would (an update adds a small segment), and merge the segments that
/// hold deleted documents once those are more than `DELETED_PER_MILLE` of
/// the index's documents. Run here rather than by the writer, so that the
/// two never ask for the same segment.
fn merge_after_update(index: &tantivy::Index, writer: &mut IndexWriter) -> Result<()> {
    use tantivy::indexer::{LogMergePolicy, MergePolicy};
    let with_deletes = segment_ids(index, |metas| {
        let deleted: u64 = metas.iter().map(|m| u64::from(m.num_deleted_docs())).sum();
        let all: u64 = metas.iter().map(|m| u64::from(m.max_doc())).sum();
        let merge = deleted * 1000 > all * DELETED_PER_MILLE;
        metas.iter().filter(|m| merge && m.has_deletes()).map(|m| m.id()).collect()
    })?;
    if !with_deletes.is_empty() {
        writer.merge(&with_deletes).wait()?;
    }
    let candidates = LogMergePolicy::default().compute_merge_candidates(&index.searchable_segment_metas()?);
    for candidate in candidates {
        writer.merge(&candidate.0).wait()?;
    }
    Ok(())
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
/// The files read again that are skipped again, when nothing changed.
fn skips_again(files: &[(PathBuf, u32)], fresh: Vec<Option<Read>>) -> Vec<Skipped> {
    let mut skipped = Vec::new();
    for (i, read) in fresh.into_iter().enumerate() {
        match read {
            Some((_, Err(reason))) => skipped.push(Skipped { path: files[i].0.clone(), reason }),
            Some((_, Ok(mut docs))) => skipped.extend(row_skips(&files[i].0, &mut docs)),
            None => {}
        }
    }
    skipped
}

/// An update's file list, the documents read, and how many documents the
/// files hold (read or unchanged); the files and rows skipped go to
/// `skipped`.
fn gather(
    files: &[(PathBuf, u32)],
    fresh: Vec<Option<Read>>,
    unchanged: &[Option<SourceRecord>],
    skipped: &mut Vec<Skipped>,
) -> (Vec<SourceRecord>, Vec<ingest::Document>, u64) {
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
    (records, documents, sources)
}

