//! The articles' sentence vectors, for the optional encoder
//! ([`crate::encoder`]): kept by the hash of the text each was made from
//! (`encoder::article_text`), so a vector is found for an article whatever
//! generation holds it, an article whose text changed is simply not found
//! (and encoded again), and a build with `--model` encodes only the texts
//! it has not met. Written beside the generations as `sentences.bin`: the
//! model's fingerprint, then one record per text (its hash and its
//! [`DIMENSIONS`] numbers, little-endian); read whole when a question first
//! needs it.
//!
//! In detail: The articles' sentence vectors under the optional encoder:
//! `sentences.bin` beside the generations, one record per text keyed by the
//! hash of the text it was made from (so any generation finds its articles'
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
use std::sync::{Arc, Mutex};

use crate::article::Article;
use crate::encoder::{ARTICLE_TOKENS, DIMENSIONS, SentenceModel, article_text};
use crate::error::{Error, Result};

/// The file's name, in the index folder.
pub const FILE: &str = "sentences.bin";

const MAGIC: &[u8; 8] = b"KBSENT01";

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
/// and those encoded since it was read (an article met by a question
/// before a build wrote its vector).
#[derive(Debug)]
pub struct SentenceVectors {
    model: Arc<SentenceModel>,
    stored: HashMap<u64, Box<[f32]>>,
    fresh: Mutex<HashMap<u64, Box<[f32]>>>,
}

impl SentenceVectors {
    /// The vectors of the index folder `dir` for `model` (none if its file
    /// is missing or was made by another model).
    pub fn open(dir: &Path, model: Arc<SentenceModel>) -> Result<SentenceVectors> {
        let stored = read(&dir.join(FILE), model.fingerprint())?.unwrap_or_default();
        Ok(SentenceVectors { model, stored, fresh: Mutex::new(HashMap::new()) })
    }

    /// The model.
    pub fn model(&self) -> &SentenceModel {
        &self.model
    }

    /// Vectors the file held when opened.
    pub fn stored(&self) -> usize {
        self.stored.len()
    }

    /// Each article's vector, encoding (and keeping) those not met before.
    pub fn of_articles(&self, articles: &[&Article]) -> Result<Vec<Box<[f32]>>> {
        let texts: Vec<String> = articles.iter().map(|a| article_text(a)).collect();
        let hashes: Vec<u64> = texts.iter().map(|t| text_hash(t)).collect();
        let lock_fresh = || self.fresh.lock().unwrap_or_else(|e| e.into_inner());
        let missing: Vec<usize> = {
            let fresh = lock_fresh();
            (0..texts.len()).filter(|&i| !self.stored.contains_key(&hashes[i]) && !fresh.contains_key(&hashes[i])).collect()
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
        Ok(hashes.iter().map(|h| self.stored.get(h).or_else(|| fresh.get(h)).cloned().unwrap_or_default()).collect())
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
    let mut kept: HashMap<u64, Box<[f32]>> = HashMap::new();
    let mut report = SentenceReport::default();
    let mut pending: Vec<(u64, String)> = Vec::new();
    let mut failure = None;
    let path = dir.join(FILE);
    let fingerprint = model.fingerprint();
    let flush = |pending: &mut Vec<(u64, String)>,
                 kept: &mut HashMap<u64, Box<[f32]>>,
                 report: &mut SentenceReport,
                 old: &HashMap<u64, Box<[f32]>>| {
        let texts: Vec<&str> = pending.iter().map(|(_, t)| t.as_str()).collect();
        let vectors = model.encode(&texts, ARTICLE_TOKENS)?;
        let before = report.encoded;
        for ((hash, _), vector) in pending.drain(..).zip(vectors) {
            kept.insert(hash, vector.into_boxed_slice());
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
        if kept.contains_key(&hash) || pending.iter().any(|(h, _)| *h == hash) {
            return;
        }
        match old.remove(&hash) {
            Some(vector) => {
                kept.insert(hash, vector);
                report.reused += 1;
            }
            None => pending.push((hash, text)),
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
fn read(path: &Path, fingerprint: u64) -> Result<Option<HashMap<u64, Box<[f32]>>>> {
    let mut bytes = Vec::new();
    match std::fs::File::open(path) {
        Ok(mut file) => file.read_to_end(&mut bytes).map_err(io(path))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(path)(e)),
    };
    if bytes.len() < 24 || &bytes[..8] != MAGIC {
        return Err(damaged(path, "not a sentence vector file"));
    }
    let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
    if word(8) != fingerprint {
        return Ok(None);
    }
    let count = usize::try_from(word(16)).map_err(|_| damaged(path, "too many vectors"))?;
    let record = 8 + 4 * DIMENSIONS;
    if count.checked_mul(record).and_then(|n| n.checked_add(24)) != Some(bytes.len()) {
        return Err(damaged(path, "truncated"));
    }
    let mut vectors = HashMap::with_capacity(count);
    for r in bytes[24..].chunks_exact(record) {
        let hash = u64::from_le_bytes(r[..8].try_into().expect("8 bytes"));
        let vector = r[8..].chunks_exact(4).map(|b| f32::from_le_bytes(b.try_into().expect("4 bytes"))).collect();
        vectors.insert(hash, vector);
    }
    Ok(Some(vectors))
}

/// Write the file whole, through a temporary file renamed over it, so a
/// reader meets the old file or the new one.
fn write<'a>(path: &Path, fingerprint: u64, vectors: impl Iterator<Item = (&'a u64, &'a Box<[f32]>)>) -> Result<()> {
    let temporary = PathBuf::from(format!("{}.tmp", path.display()));
    let file = std::fs::File::create(&temporary).map_err(io(&temporary))?;
    let mut out = BufWriter::new(file);
    let mut sorted: Vec<_> = vectors.collect();
    sorted.sort_unstable_by_key(|(hash, _)| **hash);
    let mut put = |bytes: &[u8]| out.write_all(bytes).map_err(io(&temporary));
    put(MAGIC)?;
    put(&fingerprint.to_le_bytes())?;
    put(&(sorted.len() as u64).to_le_bytes())?;
    for (hash, vector) in sorted {
        put(&hash.to_le_bytes())?;
        for x in vector.iter() {
            put(&x.to_le_bytes())?;
        }
    }
    out.into_inner().map_err(|e| io(&temporary)(e.into_error()))?.sync_all().map_err(io(&temporary))?;
    std::fs::rename(&temporary, path).map_err(io(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_gives_back_what_was_written_for_its_model_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(FILE);
        let mut vectors = HashMap::new();
        vectors.insert(7u64, vec![0.5f32; DIMENSIONS].into_boxed_slice());
        vectors.insert(3u64, (0..DIMENSIONS).map(|i| i as f32).collect::<Box<[f32]>>());
        write(&path, 42, vectors.iter()).expect("written");
        assert_eq!(std::fs::metadata(&path).expect("file").len(), 24 + 2 * (8 + 4 * DIMENSIONS as u64));
        let back = read(&path, 42).expect("read").expect("same model");
        assert_eq!(back, vectors);
        assert_eq!(read(&path, 43).expect("read"), None, "another model's vectors are not used");
        assert_eq!(read(&dir.path().join("none.bin"), 42).expect("read"), None);
    }

    #[test]
    fn a_cut_file_is_refused_with_what_to_do() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(FILE);
        let mut vectors = HashMap::new();
        vectors.insert(1u64, vec![0.0f32; DIMENSIONS].into_boxed_slice());
        write(&path, 9, vectors.iter()).expect("written");
        let bytes = std::fs::read(&path).expect("read");
        std::fs::write(&path, &bytes[..bytes.len() - 4]).expect("cut");
        let error = read(&path, 9).expect_err("refused").to_string();
        assert!(error.ends_with("truncated: build the index again with --model to write it anew"), "{error}");
    }
}
