//! The articles' sentence vectors, for the optional encoder
//! ([`crate::encoder`]): kept by the hash of the text each was made from
//! (`encoder::article_text`), so a vector is found for an article whatever
//! generation holds it, an article whose text changed is simply not found
//! (and encoded again), and a build with `--model` encodes only the texts
//! it has not met. Written beside the generations as `sentences.bin`: the
//! model's fingerprint, then one record per text (its hash, the id of the
//! article it was made for, and its [`DIMENSIONS`] numbers, little-endian;
//! a file of the first format, `KBSENT01`, has no ids and is still read);
//! read whole when the index is given the model. The ids let a question
//! find the articles nearest it in meaning over every stored vector
//! ([`SentenceVectors::nearest`]), whatever words they share.
//!
//! In detail: The articles' sentence vectors under the optional encoder:
//! `sentences.bin` beside the generations, one record per text keyed by the
//! hash of the text it was made from, with its article's id (so any generation finds its articles'
//! vectors and a changed article is simply not found), written whole through a
//! renamed temporary file by `encode_articles` (`index --model`), which encodes
//! only the texts the last file lacks (and writes the file every `CHECKPOINT`
//! (4,096) articles encoded and when a build stops on an error, the last file's
//! vectors not met yet kept too, so that a build stopped half-way encodes only
//! the rest next time); `SentenceVectors`, given to an open index by
//! `KbIndex::use_sentence_model`, reads the file once and encodes an article a
//! question meets without a vector, keeping it in memory (encoded with its lock
//! released, so that questions answered at once under `serve` do not wait on
//! one another's encoding).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use super::nearest;
use crate::article::Article;
use crate::encoder::{ARTICLE_TOKENS, DIMENSIONS, SentenceModel, article_text};
use crate::error::{Error, Result};

/// The file's name, in the index folder.
pub const FILE: &str = "sentences.bin";

/// The file's first eight bytes: the format with ids, and the first one.
const MAGIC: &[u8; 8] = b"KBSENT02";
const MAGIC_WITHOUT_IDS: &[u8; 8] = b"KBSENT01";

/// A stored vector: the id of the article it was made for (empty where
/// the file did not say) and its numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The article's id.
    pub id: Box<str>,
    /// Its [`DIMENSIONS`] numbers, of length one.
    pub vector: Box<[f32]>,
}

/// Articles encoded between two progress reports and two flushes of the
/// batch to the encoder.
const CHUNK: usize = 256;

/// Articles encoded between two writes of the file during a build (about
/// two minutes of encoding on two cores): a build stopped half-way keeps
/// what it encoded, and the next one encodes only the rest.
const CHECKPOINT: u64 = 4_096;

/// The hash a text's vector is kept under.
pub fn text_hash(text: &str) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    text.hash(&mut hasher);
    hasher.finish()
}

/// The vectors of one index folder under one model: those the file holds
/// (one row each of a matrix, for [`SentenceVectors::nearest`]) and those
/// encoded since it was read (an article met by a question before a build
/// wrote its vector).
#[derive(Debug)]
pub struct SentenceVectors {
    model: Arc<SentenceModel>,
    /// Each stored text's row in `matrix`.
    rows: HashMap<u64, usize>,
    /// The stored vectors, one after the other.
    matrix: Vec<f32>,
    /// Each row's article id (empty where the file did not say).
    ids: Vec<Box<str>>,
    fresh: Mutex<HashMap<u64, Box<[f32]>>>,
    /// `matrix` in integers, made when a question first looks for the
    /// nearest articles.
    quantized: OnceLock<nearest::Quantized>,
}

impl SentenceVectors {
    /// The vectors of the index folder `dir` for `model` (none if its file
    /// is missing or was made by another model).
    pub fn open(dir: &Path, model: Arc<SentenceModel>) -> Result<SentenceVectors> {
        let stored = read(&dir.join(FILE), model.fingerprint())?.unwrap_or_default();
        let mut rows = HashMap::with_capacity(stored.len());
        let mut matrix = Vec::with_capacity(stored.len() * DIMENSIONS);
        let mut ids = Vec::with_capacity(stored.len());
        let mut sorted: Vec<(u64, Record)> = stored.into_iter().collect();
        sorted.sort_unstable_by_key(|(hash, _)| *hash);
        for (hash, record) in sorted {
            rows.insert(hash, ids.len());
            matrix.extend_from_slice(&record.vector);
            ids.push(record.id);
        }
        Ok(SentenceVectors { model, rows, matrix, ids, fresh: Mutex::new(HashMap::new()), quantized: OnceLock::new() })
    }

    /// The model.
    pub fn model(&self) -> &SentenceModel {
        &self.model
    }

    /// Vectors the file held when opened.
    pub fn stored(&self) -> usize {
        self.ids.len()
    }

    fn row(&self, row: usize) -> &[f32] {
        &self.matrix[row * DIMENSIONS..(row + 1) * DIMENSIONS]
    }

    /// The `most` stored articles nearest `vector` in meaning, by the dot
    /// product with every stored vector ([`nearest::nearest`]: a first
    /// pass in integers, the exact one for its short list): (cosine,
    /// article id), nearest first. Only vectors stored with their
    /// article's id take part; none is encoded.
    pub fn nearest(&self, vector: &[f32], most: usize) -> Vec<(f32, &str)> {
        let quantized = self.quantized.get_or_init(|| nearest::Quantized::of(&self.matrix));
        nearest::nearest(&self.matrix, quantized, vector, most, |row| !self.ids[row].is_empty())
            .into_iter()
            .map(|(score, row)| (score, &*self.ids[row]))
            .collect()
    }

    /// Each article's vector, encoding (and keeping) those not met before.
    pub fn of_articles(&self, articles: &[&Article]) -> Result<Vec<Box<[f32]>>> {
        let texts: Vec<String> = articles.iter().map(|a| article_text(a)).collect();
        let hashes: Vec<u64> = texts.iter().map(|t| text_hash(t)).collect();
        let lock_fresh = || self.fresh.lock().unwrap_or_else(|e| e.into_inner());
        let missing: Vec<usize> = {
            let fresh = lock_fresh();
            (0..texts.len()).filter(|&i| !self.rows.contains_key(&hashes[i]) && !fresh.contains_key(&hashes[i])).collect()
        };
        // Encoded with the lock released: questions answered at once (under
        // `serve`) wait for no one's encoding but their own; two that meet
        // the same article at once each encode it, to the same vector.
        let mut encoded = Vec::new();
        if !missing.is_empty() {
            let batch: Vec<&str> = missing.iter().map(|&i| texts[i].as_str()).collect();
            let vectors = self.model.encode(&batch, ARTICLE_TOKENS)?;
            encoded.extend(missing.iter().zip(vectors).map(|(&i, vector)| (hashes[i], vector.into_boxed_slice())));
        }
        let mut fresh = lock_fresh();
        fresh.extend(encoded);
        Ok(hashes
            .iter()
            .map(|h| match self.rows.get(h) {
                Some(&row) => self.row(row).into(),
                None => fresh.get(h).cloned().unwrap_or_default(),
            })
            .collect())
    }
}

/// What [`crate::KnowledgeBase::encode_articles`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct SentenceReport {
    /// Articles in the index.
    pub articles: u64,
    /// Articles encoded now.
    pub encoded: u64,
    /// Articles whose vector the last file already held.
    pub reused: u64,
}

/// Give every article a vector in the index folder `dir`'s file: the
/// articles of `each_article` (every article of the index, in turn) whose
/// text the file does not hold yet are encoded, a chunk at a time, and the
/// file is written anew with exactly the current articles' vectors. Every
/// [`CHECKPOINT`] articles encoded, and before an error is returned, the
/// file is written with what is known so far (the vectors of the last file
/// not met yet kept too), so that stopping a long build loses little.
/// `progress` hears (articles seen, articles encoded) after each chunk.
pub fn encode_articles(
    dir: &Path,
    model: &SentenceModel,
    each_article: impl FnOnce(&mut dyn FnMut(Article)) -> Result<()>,
    progress: &dyn Fn(u64, u64),
) -> Result<SentenceReport> {
    let mut old = read(&dir.join(FILE), model.fingerprint())?.unwrap_or_default();
    let mut kept: HashMap<u64, Record> = HashMap::new();
    let mut report = SentenceReport::default();
    // Each text waiting for the encoder: its hash, itself, its article's id.
    let mut pending: Vec<(u64, String, Box<str>)> = Vec::new();
    let mut failure = None;
    let path = dir.join(FILE);
    let fingerprint = model.fingerprint();
    let flush = |pending: &mut Vec<(u64, String, Box<str>)>,
                 kept: &mut HashMap<u64, Record>,
                 report: &mut SentenceReport,
                 old: &HashMap<u64, Record>| {
        let texts: Vec<&str> = pending.iter().map(|(_, t, _)| t.as_str()).collect();
        let vectors = model.encode(&texts, ARTICLE_TOKENS)?;
        let before = report.encoded;
        for ((hash, _, id), vector) in pending.drain(..).zip(vectors) {
            kept.insert(hash, Record { id, vector: vector.into_boxed_slice() });
            report.encoded += 1;
        }
        if before / CHECKPOINT != report.encoded / CHECKPOINT {
            write(&path, fingerprint, kept.iter().chain(old.iter()))?;
        }
        progress(report.articles, report.encoded);
        Ok::<(), Error>(())
    };
    let walked = each_article(&mut |article| {
        if failure.is_some() {
            return;
        }
        report.articles += 1;
        let text = article_text(&article);
        let hash = text_hash(&text);
        if kept.contains_key(&hash) || pending.iter().any(|(h, _, _)| *h == hash) {
            return;
        }
        let id: Box<str> = article.id.as_str().into();
        match old.remove(&hash) {
            Some(record) => {
                kept.insert(hash, Record { id, vector: record.vector });
                report.reused += 1;
            }
            None => pending.push((hash, text, id)),
        }
        if pending.len() >= CHUNK {
            failure = flush(&mut pending, &mut kept, &mut report, &old).err();
        }
    });
    // The articles read but not encoded yet are encoded whatever stopped
    // the walk over the index, unless the encoder did.
    let finished = match failure {
        Some(error) => Err(error),
        None => {
            let flushed = if pending.is_empty() { Ok(()) } else { flush(&mut pending, &mut kept, &mut report, &old) };
            walked.and(flushed)
        }
    };
    if let Err(error) = finished {
        // What was encoded before the error is kept for the next build; the
        // error said is the one that stopped the build, not a failure to
        // keep its work.
        if report.encoded > 0 {
            let _ = write(&path, fingerprint, kept.iter().chain(old.iter()));
        }
        return Err(error);
    }
    write(&path, fingerprint, kept.iter())?;
    Ok(report)
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.to_path_buf(), source }
}

fn damaged(path: &Path, why: &str) -> Error {
    Error::Input(format!("{}: {why}: build the index again with --model to write it anew", path.display()))
}

/// The file's vectors, if it exists and was made by the model of this
/// fingerprint.
fn read(path: &Path, fingerprint: u64) -> Result<Option<HashMap<u64, Record>>> {
    let mut bytes = Vec::new();
    match std::fs::File::open(path) {
        Ok(mut file) => file.read_to_end(&mut bytes).map_err(io(path))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(path)(e)),
    };
    if bytes.len() < 24 || (&bytes[..8] != MAGIC && &bytes[..8] != MAGIC_WITHOUT_IDS) {
        return Err(damaged(path, "not a sentence vector file"));
    }
    let with_ids = &bytes[..8] == MAGIC;
    let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
    if word(8) != fingerprint {
        return Ok(None);
    }
    let count = usize::try_from(word(16)).map_err(|_| damaged(path, "too many vectors"))?;
    let numbers = 4 * DIMENSIONS;
    let mut vectors = HashMap::with_capacity(count);
    let mut at = 24;
    for _ in 0..count {
        let id_len = if with_ids { 2 } else { 0 };
        let head = bytes.get(at..at + 8 + id_len).ok_or_else(|| damaged(path, "truncated"))?;
        let hash = u64::from_le_bytes(head[..8].try_into().expect("8 bytes"));
        let id_len = if with_ids { usize::from(u16::from_le_bytes([head[8], head[9]])) } else { 0 };
        at += head.len();
        let id = bytes.get(at..at + id_len).ok_or_else(|| damaged(path, "truncated"))?;
        let id = std::str::from_utf8(id).map_err(|_| damaged(path, "an article id is not UTF-8"))?.into();
        at += id_len;
        let vector = bytes.get(at..at + numbers).ok_or_else(|| damaged(path, "truncated"))?;
        let vector = vector.chunks_exact(4).map(|b| f32::from_le_bytes(b.try_into().expect("4 bytes"))).collect();
        at += numbers;
        vectors.insert(hash, Record { id, vector });
    }
    if at != bytes.len() {
        return Err(damaged(path, "longer than its vectors"));
    }
    Ok(Some(vectors))
}

/// Write the file whole, through a temporary file renamed over it, so a
/// reader meets the old file or the new one.
fn write<'a>(path: &Path, fingerprint: u64, records: impl Iterator<Item = (&'a u64, &'a Record)>) -> Result<()> {
    let temporary = PathBuf::from(format!("{}.tmp", path.display()));
    let file = std::fs::File::create(&temporary).map_err(io(&temporary))?;
    let mut out = BufWriter::new(file);
    let mut sorted: Vec<_> = records.collect();
    sorted.sort_unstable_by_key(|(hash, _)| **hash);
    let mut put = |bytes: &[u8]| out.write_all(bytes).map_err(io(&temporary));
    put(MAGIC)?;
    put(&fingerprint.to_le_bytes())?;
    put(&(sorted.len() as u64).to_le_bytes())?;
    for (hash, record) in sorted {
        // An id is a KB number, a permalink or a path: never 64 KiB long,
        // but one that is would be written as none (its vector kept, not
        // found by meaning) rather than wrong.
        let id = if record.id.len() > usize::from(u16::MAX) { "" } else { &*record.id };
        put(&hash.to_le_bytes())?;
        put(&(id.len() as u16).to_le_bytes())?;
        put(id.as_bytes())?;
        for x in record.vector.iter() {
            put(&x.to_le_bytes())?;
        }
    }
    out.into_inner().map_err(|e| io(&temporary)(e.into_error()))?.sync_all().map_err(io(&temporary))?;
    std::fs::rename(&temporary, path).map_err(io(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, vector: Box<[f32]>) -> Record {
        Record { id: id.into(), vector }
    }

    #[test]
    fn the_file_gives_back_what_was_written_for_its_model_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(FILE);
        let mut vectors = HashMap::new();
        vectors.insert(7u64, record("Q319207", vec![0.5f32; DIMENSIONS].into_boxed_slice()));
        vectors.insert(3u64, record("", (0..DIMENSIONS).map(|i| i as f32).collect::<Box<[f32]>>()));
        write(&path, 42, vectors.iter()).expect("written");
        assert_eq!(std::fs::metadata(&path).expect("file").len(), 24 + 2 * (8 + 2 + 4 * DIMENSIONS as u64) + 7);
        let back = read(&path, 42).expect("read").expect("same model");
        assert_eq!(back, vectors);
        assert_eq!(read(&path, 43).expect("read"), None, "another model's vectors are not used");
        assert_eq!(read(&dir.path().join("none.bin"), 42).expect("read"), None);
    }

    #[test]
    fn a_file_of_the_first_format_is_read_without_ids() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(FILE);
        let mut bytes = MAGIC_WITHOUT_IDS.to_vec();
        bytes.extend(5u64.to_le_bytes());
        bytes.extend(1u64.to_le_bytes());
        bytes.extend(9u64.to_le_bytes());
        bytes.extend((0..DIMENSIONS).flat_map(|_| 0.25f32.to_le_bytes()));
        std::fs::write(&path, bytes).expect("written");
        let back = read(&path, 5).expect("read").expect("same model");
        assert_eq!(back[&9], record("", vec![0.25f32; DIMENSIONS].into_boxed_slice()));
    }

    #[test]
    fn a_cut_file_is_refused_with_what_to_do() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(FILE);
        let mut vectors = HashMap::new();
        vectors.insert(1u64, record("Q1", vec![0.0f32; DIMENSIONS].into_boxed_slice()));
        write(&path, 9, vectors.iter()).expect("written");
        let bytes = std::fs::read(&path).expect("read");
        std::fs::write(&path, &bytes[..bytes.len() - 4]).expect("cut");
        let error = read(&path, 9).expect_err("refused").to_string();
        assert!(error.ends_with("truncated: build the index again with --model to write it anew"), "{error}");
    }
}
