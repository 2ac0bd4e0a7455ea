//! A full build's chunks (see `build::Run::full`): the log of the files
//! read (`files-read.jsonl` in the generation, read back at the end), the
//! articles added so far, and the documents held until the chunk of their
//! article; and how merged documents are extracted and added to the writer.
use super::incremental::Stamp;
use super::schema::Fields;
use super::document;
use crate::error::{Error, Result};
use crate::extract::{self};
use crate::ingest::{self, merge};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use tantivy::IndexWriter;

/// The hash of an article's merge key: what a full build keeps of each
/// article it added (two keys of one hash would only send both articles
/// through the re-read of articles met again, which gives the same index).
pub(super) fn key_hash(key: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    key.hash(&mut hasher);
    hasher.finish()
}

/// A file a full build read: what its file list needs of it.
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct FileRead {
    /// Position in the build's list of files (which holds the path).
    pub(super) file: usize,
    /// Size and time before the read; `None` if they could not be taken
    /// (the file list leaves the file out, so that the next build reads it).
    pub(super) stamp: Option<Stamp>,
    /// The ids of its documents.
    pub(super) ids: Vec<String>,
}

/// The files a full build has read, written as they are read to a file in
/// the generation being built and read back at the end, for the file list
/// and for articles met again: held in memory, they grew with the corpus
/// (115 MB of the build's peak at 600,000 files).
pub(super) struct ReadLog {
    pub(super) path: PathBuf,
    pub(super) out: std::io::BufWriter<std::fs::File>,
}

impl ReadLog {
    const FILE: &'static str = "files-read.jsonl";

    pub(super) fn create(building: &Path) -> Result<Self> {
        let path = building.join(Self::FILE);
        let file = std::fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
        Ok(ReadLog { out: std::io::BufWriter::new(file), path })
    }

    pub(super) fn push(&mut self, read: &FileRead) -> Result<()> {
        use std::io::Write;
        serde_json::to_writer(&mut self.out, read)
            .map_err(std::io::Error::from)
            .and_then(|()| self.out.write_all(b"\n"))
            .map_err(|e| Error::io(&self.path, e))
    }

    /// Each file read so far, in the order read.
    pub(super) fn each(&mut self, mut f: impl FnMut(FileRead)) -> Result<()> {
        use std::io::{BufRead, Write};
        self.out.flush().map_err(|e| Error::io(&self.path, e))?;
        let file = std::fs::File::open(&self.path).map_err(|e| Error::io(&self.path, e))?;
        for line in std::io::BufReader::new(file).lines() {
            f(serde_json::from_str(&line.map_err(|e| Error::io(&self.path, e))?)?);
        }
        Ok(())
    }

    /// Every file read, and the log gone from the generation.
    pub(super) fn finish(mut self) -> Result<Vec<FileRead>> {
        let mut reads = Vec::new();
        self.each(|read| reads.push(read))?;
        std::fs::remove_file(&self.path).map_err(|e| Error::io(&self.path, e))?;
        Ok(reads)
    }
}

/// What a full build has added so far.
pub(super) struct Accumulated {
    /// The hashes of the merge keys of the articles added.
    pub(super) added: rustc_hash::FxHashSet<u64>,
    /// The keys of articles met again after they were added.
    pub(super) again: BTreeSet<String>,
    /// The files read.
    pub(super) reads: ReadLog,
    /// Documents read.
    pub(super) sources: u64,
}

impl Accumulated {
    /// Nothing added yet; the log of files read in the generation `building`.
    pub(super) fn new(building: &Path) -> Result<Self> {
        Ok(Accumulated { added: Default::default(), again: BTreeSet::new(), reads: ReadLog::create(building)?, sources: 0 })
    }

    /// The documents of articles not added yet; those of articles already
    /// added are noted in `again`.
    pub(super) fn place(&mut self, documents: Vec<ingest::Document>) -> Vec<ingest::Document> {
        documents
            .into_iter()
            .filter(|doc| {
                let key = merge::key(&doc.id);
                if !self.added.contains(&key_hash(&key)) {
                    return true;
                }
                self.again.insert(key.into_owned());
                false
            })
            .collect()
    }

    /// Merge documents into articles and add them.
    pub(super) fn add(&mut self, writer: &IndexWriter, fields: &Fields, documents: Vec<ingest::Document>) -> Result<()> {
        let merged = merge::merge(documents);
        self.added.extend(merged.iter().map(|m| key_hash(&merge::key(&m.doc.id))));
        add_articles(writer, fields, merged)?;
        Ok(())
    }

    /// The files (by position) that hold a document of an article met
    /// again, and those documents' ids.
    pub(super) fn met_again(&mut self) -> Result<(Vec<usize>, BTreeSet<String>)> {
        let mut files = Vec::new();
        let mut ids = BTreeSet::new();
        let again = &self.again;
        self.reads.each(|read| {
            let mut holds = false;
            for id in read.ids.into_iter().filter(|id| again.contains(&*merge::key(id))) {
                ids.insert(id);
                holds = true;
            }
            if holds {
                files.push(read.file);
            }
        })?;
        Ok((files, ids))
    }
}

/// A full build's chunks: the documents of unnamed files held until the
/// chunk of their article (see [`Run::full`]).
pub(super) struct Chunks {
    pub(super) acc: Accumulated,
    pub(super) held: rustc_hash::FxHashMap<String, Vec<ingest::Document>>,
    pub(super) held_bytes: u64,
    pub(super) chunk_bytes: u64,
}

impl Chunks {
    /// A chunk's documents to add now: an unnamed chunk's are held while
    /// the held ones take less than a chunk's bytes; a named chunk's take
    /// along the held ones of their articles.
    pub(super) fn place(&mut self, documents: Vec<ingest::Document>, unnamed: bool) -> Vec<ingest::Document> {
        let mut documents = self.acc.place(documents);
        if unnamed {
            let mut now = Vec::new();
            for doc in documents {
                if self.held_bytes < self.chunk_bytes {
                    self.held_bytes += doc.body.len() as u64;
                    self.held.entry(merge::key(&doc.id).into_owned()).or_default().push(doc);
                } else {
                    now.push(doc);
                }
            }
            return now;
        }
        if !self.held.is_empty() {
            let keys: BTreeSet<String> = documents.iter().map(|doc| merge::key(&doc.id).into_owned()).collect();
            for key in keys {
                if let Some(joining) = self.held.remove(&key) {
                    documents.extend(joining);
                }
            }
        }
        documents
    }
}


/// Extract every merged document (in parallel) and add it to the writer;
/// articles per kind.
pub(super) fn add_articles(writer: &IndexWriter, fields: &Fields, merged: Vec<merge::Merged>) -> Result<BTreeMap<String, u64>> {
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
