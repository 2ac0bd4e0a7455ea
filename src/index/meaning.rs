//! What a paste and an article are about, beyond the words they share: a
//! vector of 64 numbers for each, learned from the archive itself, so that
//! "nothing comes back the other way" and "moves only in one direction"
//! land near each other though they share no word.
//!
//! Each analysed word has a vector; a text's vector is the sum of its
//! distinct known words' vectors (each already weighed by how rare the word
//! is in the archive), scaled to length 1, and two texts are as alike as
//! their vectors' cosine. The word vectors were trained to put each of the
//! archive's 56,000 titles and 39,000 lists of additional query words
//! nearest the article they belong to, against the other articles the
//! lexical matcher ranks beside it: the siblings that share its words
//! (`benches/fit/fit_meaning.py` writes `meaning.bin`;
//! `benches/fit/README.md`, "What a text is about", says how and what it
//! gained).
//!
//! The index stores each article's vector ([`article_vector`], from its
//! title and the sections that tell the problem); the matcher makes the
//! paste's and, in re-ranking only ([`crate::matcher::rank`]), gives each
//! candidate the cosine of the two as its `meaning` feature.

use super::analysis::{describes_the_problem, for_each_token};
use crate::article::Article;
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// Dimensions of a vector.
pub const DIMS: usize = 64;
/// Most analysed words of an article's description read for its vector:
/// the opening of a long post or README says what it is about.
pub const ARTICLE_WORDS: usize = 400;

/// The file's first bytes.
const MAGIC: &[u8] = b"KBMEANING1\n";
/// The model: [`MAGIC`], the dimensions and the word count (u32, little
/// end first), the words (a length byte, then the bytes; sorted), one
/// scale per word (f32), then each word's vector as `DIMS` signed bytes
/// (times its scale).
const MODEL: &[u8] = include_bytes!("meaning.bin");

/// The word vectors.
pub struct Model {
    /// Each word's row.
    rows: FxHashMap<&'static str, usize>,
    /// Each word's scale.
    scales: Vec<f32>,
    /// Each word's vector, `DIMS` signed bytes.
    vectors: &'static [u8],
}

static THE_MODEL: LazyLock<Model> = LazyLock::new(|| parse(MODEL).expect("meaning.bin is written by fit_meaning.py"));

/// Read a model file; `None` if it is not one.
fn parse(bytes: &'static [u8]) -> Option<Model> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let (dims, rest) = rest.split_first_chunk::<4>()?;
    let (count, mut rest) = rest.split_first_chunk::<4>()?;
    if u32::from_le_bytes(*dims) as usize != DIMS {
        return None;
    }
    let count = u32::from_le_bytes(*count) as usize;
    let mut words = Vec::with_capacity(count);
    for _ in 0..count {
        let (&len, after) = rest.split_first()?;
        let (word, after) = after.split_at_checked(len as usize)?;
        words.push(std::str::from_utf8(word).ok()?);
        rest = after;
    }
    let (scales, vectors) = rest.split_at_checked(count * 4)?;
    let scales = scales.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
    let rows = words.iter().enumerate().map(|(row, word)| (*word, row)).collect();
    (vectors.len() == count * DIMS && words.is_sorted()).then_some(Model { rows, scales, vectors })
}

impl Model {
    /// The model `fit_meaning.py` wrote.
    pub fn get() -> &'static Model {
        &THE_MODEL
    }


    /// The vector of a text given as analysed words (repeats count once):
    /// length 1, or `None` when it holds no word the model knows.
    pub fn vector<'a>(&self, words: impl IntoIterator<Item = &'a str>) -> Option<[f32; DIMS]> {
        self.sum(words.into_iter().filter_map(|w| self.rows.get(w).copied()).collect())
    }

    /// The sum of the rows' vectors (repeats count once), of length 1.
    fn sum(&self, mut known: Vec<usize>) -> Option<[f32; DIMS]> {
        known.sort_unstable();
        known.dedup();
        let mut sum = [0f32; DIMS];
        for i in known {
            let row = &self.vectors[i * DIMS..(i + 1) * DIMS];
            for (s, &b) in sum.iter_mut().zip(row) {
                *s += self.scales[i] * f32::from(b as i8);
            }
        }
        let norm = sum.iter().map(|x| x * x).sum::<f32>().sqrt();
        (norm > 0.0).then(|| sum.map(|x| x / norm))
    }
}

/// A vector of length 1 as the index stores it: each number times 127,
/// one signed byte.
pub fn to_bytes(vector: &[f32; DIMS]) -> Vec<u8> {
    vector.iter().map(|x| (x * 127.0).round().clamp(-127.0, 127.0) as i8 as u8).collect()
}

/// How alike a paste's vector and an article's stored one are: their
/// cosine (-1..1), 0 when the article has none.
pub fn similarity(paste: &[f32; DIMS], stored: &[u8]) -> f32 {
    if stored.len() != DIMS {
        return 0.0;
    }
    let dot: f32 = paste.iter().zip(stored).map(|(p, &b)| p * f32::from(b as i8)).sum();
    dot / 127.0
}

/// The analysed words an article's vector is made of, each handed to
/// `each` with whether it is the title's: its title's, then those of the
/// sections that tell the problem (all of a post without them),
/// [`ARTICLE_WORDS`] at most.
fn for_each_article_word(article: &Article, mut each: impl FnMut(bool, &str)) {
    for_each_token(&article.title, |word| {
        each(true, word);
        true
    });
    let told: Vec<&str> = article
        .sections
        .iter()
        .filter(|s| describes_the_problem(article.kind, &s.name))
        .map(|s| s.text.as_str())
        .collect();
    let texts: Vec<&str> =
        if told.is_empty() { article.sections.iter().map(|s| s.text.as_str()).collect() } else { told };
    let mut read = 0;
    for text in texts {
        for_each_token(text, |word| {
            each(false, word);
            read += 1;
            read < ARTICLE_WORDS
        });
        if read >= ARTICLE_WORDS {
            break;
        }
    }
}

/// The analysed words an article's vector is made of: its title's, and
/// those of the sections that tell the problem (all of a post without
/// them), [`ARTICLE_WORDS`] at most. `fit_meaning.py` learns from the same
/// words (`benches/fit/src/bin/meaning_text.rs` writes them).
#[cfg(feature = "internals")]
pub fn article_words(article: &Article) -> (Vec<String>, Vec<String>) {
    let (mut title, mut described) = (Vec::new(), Vec::new());
    for_each_article_word(article, |in_title, word| {
        if in_title { &mut title } else { &mut described }.push(word.to_string())
    });
    (title, described)
}

/// The vector the index stores for an article (see [`to_bytes`]); `None`
/// when it holds no word the model knows.
pub fn article_vector(article: &Article) -> Option<Vec<u8>> {
    let model = Model::get();
    let mut rows = Vec::new();
    for_each_article_word(article, |_, word| rows.extend(model.rows.get(word).copied()));
    model.sum(rows).map(|v| to_bytes(&v))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vector(text: &str) -> [f32; DIMS] {
        let words: Vec<String> = super::super::analysis::tokens(text).into_iter().map(|(_, t)| t).collect();
        Model::get().vector(words.iter().map(String::as_str)).unwrap()
    }

    fn cosine(a: &str, b: &str) -> f32 {
        similarity(&vector(a), &to_bytes(&vector(b)))
    }

    #[test]
    fn the_committed_model_reads_and_knows_the_archive_words() {
        let model = Model::get();
        assert!(model.rows.len() > 10_000, "{}", model.rows.len());
        assert!(Model::get().vector(["thisisnoword"]).is_none());
        let v = vector("the print spooler hangs");
        let length: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((length - 1.0).abs() < 1e-4, "{length}");
        // The same text stored and compared is alike to within the bytes' rounding.
        assert!(cosine("the print spooler hangs", "the print spooler hangs") > 0.98);
    }

    #[test]
    fn a_problem_in_other_words_is_nearer_than_another_problem() {
        // Facts of the committed model (retrained by the fit): no word of
        // the first pair is shared, yet they are nearer than the second.
        let near = cosine("server hangs", "the computer stops responding");
        let far = cosine("server hangs", "the printer prints garbled characters");
        assert!(near > far + 0.1, "{near} vs {far}");
    }

    #[test]
    fn a_new_model_comes_with_a_new_schema_version() {
        // An index stores each article's vector by the model it was built
        // with: refitting `meaning.bin` must bump SCHEMA_VERSION so that
        // old indexes are rebuilt. Then write both new values here.
        let fingerprint =
            MODEL.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
        assert_eq!((crate::index::schema::SCHEMA_VERSION, fingerprint), (8, 13_262_963_183_064_746_584));
    }

    #[test]
    fn a_file_that_is_no_model_is_refused() {
        assert!(parse(b"not a model").is_none());
        let mut bytes = MAGIC.to_vec();
        bytes.extend(64u32.to_le_bytes());
        bytes.extend(1u32.to_le_bytes());
        bytes.extend([1, b'a']);
        bytes.extend(1f32.to_le_bytes());
        bytes.extend([0u8; 10]); // too few vector bytes
        assert!(parse(Box::leak(bytes.into_boxed_slice())).is_none());
    }
}
