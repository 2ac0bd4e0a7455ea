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
/// opening of its problem). 64 rather than 96: a third less work per
/// article (87 s against 120 s of CPU for the archive's 2,820 SMS
/// articles), and the SMS own-words questions answered from those articles
/// alone as well (top-1 0.922 against 0.911, hit@5 1.000 both). Part of
/// the vectors' [`SentenceModel::fingerprint`]: vectors read another way
/// are encoded again.
pub const ARTICLE_TOKENS: usize = 64;

/// Word pieces of a paste the encoder reads.
pub const PASTE_TOKENS: usize = 64;

/// Words of an article's problem section that follow its title in the
/// text encoded.
const ARTICLE_WORDS: usize = 70;

/// The sections that state an article's problem, the first found taken.
const PROBLEM_SECTIONS: [&str; 3] = ["SYMPTOMS", "SUMMARY", "CAUSE"];

/// The folder beside the index folder where a model is looked for when
/// none is named ([`SentenceModel::default_dir`]).
pub const DEFAULT_FOLDER: &str = "model";

/// Texts encoded in one forward pass.
const BATCH: usize = 32;

/// A sentence encoder loaded from a model folder.
pub struct SentenceModel {
    dir: PathBuf,
    fingerprint: u64,
    config: Architecture,
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
    /// wrong: no such folder, a file missing, a model of another
    /// architecture, a file damaged; or, in a kbmatch built without the
    /// `encoder` feature, how to build one with it.
    pub fn load(dir: impl AsRef<Path>) -> Result<SentenceModel> {
        let dir = dir.as_ref().to_path_buf();
        let fingerprint = fingerprint(&dir)?;
        let config = check_config(&dir)?;
        #[cfg(feature = "encoder")]
        {
            let run = run::Encoder::load(&dir)?;
            Ok(SentenceModel { dir, fingerprint, config, run })
        }
        #[cfg(not(feature = "encoder"))]
        {
            let _ = (fingerprint, config);
            Err(Error::Input(format!(
                "{}: this kbmatch was built without the sentence encoder; build it with \
                 `cargo build --release --features encoder` to use --model",
                dir.display()
            )))
        }
    }

    /// The folder a model is looked for in when none is named (no
    /// `--model`, no `KBMATCH_MODEL`): `model` beside the index folder
    /// `index_dir` (`./model` for `./index`). Beside the index rather
    /// than in the user's data folder: a desk copies the two folders
    /// together, every user of the index finds the same model, and an
    /// index in a folder of its own (a test's, CI's) finds none by
    /// accident.
    pub fn default_dir(index_dir: &Path) -> PathBuf {
        index_dir.parent().unwrap_or(Path::new("")).join(DEFAULT_FOLDER)
    }

    /// What the model is, for people: `bert, 6 layers, 384 wide`.
    pub fn description(&self) -> String {
        format!("{}, {} layers, {} wide", self.config.model_type, self.config.num_hidden_layers, self.config.hidden_size)
    }

    /// The model's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What tells this model's vectors from another's: its files' sizes
    /// and its configuration, hashed, plus the word pieces read of an
    /// article (`ARTICLE_TOKENS`), so that vectors made another way are
    /// not taken for these.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint.wrapping_add(ARTICLE_TOKENS as u64)
    }

    /// Each text's vector (length one), reading at most `tokens` word
    /// pieces of each. The texts go through the encoder shortest first, so
    /// that a batch's texts are padded to about their own length (a text's
    /// vector does not depend on its batch: the padding is masked).
    pub fn encode(&self, texts: &[&str], tokens: usize) -> Result<Vec<Vec<f32>>> {
        #[cfg(feature = "encoder")]
        {
            use rayon::prelude::*;
            let mut order: Vec<usize> = (0..texts.len()).collect();
            order.sort_by_key(|&i| texts[i].len());
            let mut out = vec![Vec::new(); texts.len()];
            // The batches run at once on every core: candle runs a matrix
            // product on all of them, but its other steps (GELU, softmax,
            // layer norms) on one.
            let batches: Vec<&[usize]> = order.chunks(BATCH).collect();
            let vectors: Vec<Result<Vec<Vec<f32>>>> = batches
                .par_iter()
                .map(|batch| {
                    let batch_texts: Vec<&str> = batch.iter().map(|&i| texts[i]).collect();
                    self.run
                        .encode(&batch_texts, tokens)
                        .map_err(|e| Error::Internal(format!("the sentence encoder failed: {e}")))
                })
                .collect();
            for (batch, vectors) in batches.iter().zip(vectors) {
                for (&i, vector) in batch.iter().zip(vectors?) {
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

/// What the folder's files should be, said with each error.
const WHAT_A_MODEL_IS: &str = "a model folder holds config.json, tokenizer.json and model.safetensors of a \
     sentence-transformers BERT model 384 wide: all-MiniLM-L6-v2, installed by tools/install-model.sh (see the README)";

fn fingerprint(dir: &Path) -> Result<u64> {
    use std::hash::{Hash, Hasher};
    if !dir.is_dir() {
        let what = if dir.exists() { "not a folder" } else { "no such folder" };
        return Err(Error::Input(format!("{}: {what}; {WHAT_A_MODEL_IS}", dir.display())));
    }
    let missing: Vec<&str> = MODEL_FILES.into_iter().filter(|name| !dir.join(name).is_file()).collect();
    if missing.len() == MODEL_FILES.len() {
        return Err(Error::Input(format!("{}: no model there; {WHAT_A_MODEL_IS}", dir.display())));
    }
    if !missing.is_empty() {
        return Err(Error::Input(format!(
            "{}: the model is incomplete: no {} there; {WHAT_A_MODEL_IS}",
            dir.display(),
            missing.join(", no ")
        )));
    }
    let mut hasher = rustc_hash::FxHasher::default();
    for name in MODEL_FILES {
        let path = dir.join(name);
        let meta = std::fs::metadata(&path).map_err(|source| Error::Io { path: path.clone(), source })?;
        meta.len().hash(&mut hasher);
    }
    let config = std::fs::read(dir.join("config.json")).map_err(|source| Error::Io { path: dir.join("config.json"), source })?;
    config.hash(&mut hasher);
    Ok(hasher.finish())
}

/// The part of `config.json` that says which architecture the model is.
#[derive(Debug, Clone, serde::Deserialize)]
struct Architecture {
    #[serde(default)]
    model_type: String,
    #[serde(default)]
    hidden_size: usize,
    #[serde(default)]
    num_hidden_layers: usize,
}

/// `config.json` read: a BERT model [`DIMENSIONS`] wide, or an error
/// saying what it is instead.
fn check_config(dir: &Path) -> Result<Architecture> {
    let path = dir.join("config.json");
    let text = std::fs::read_to_string(&path).map_err(|source| Error::Io { path: path.clone(), source })?;
    let config: Architecture = serde_json::from_str(&text)
        .map_err(|e| Error::Input(format!("{}: damaged: not a model's configuration ({e})", path.display())))?;
    if config.model_type != "bert" || config.hidden_size != DIMENSIONS {
        let kind = if config.model_type.is_empty() { "unnamed" } else { config.model_type.as_str() };
        return Err(Error::Input(format!(
            "{}: a model of another architecture ({kind}, {} wide); kbmatch runs BERT sentence encoders \
             {DIMENSIONS} wide (all-MiniLM-L6-v2)",
            path.display(),
            config.hidden_size
        )));
    }
    Ok(config)
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

    use crate::error::{Error, Result};

    type Failure = Box<dyn std::error::Error + Send + Sync>;

    pub struct Encoder {
        tokenizer: Tokenizer,
        model: BertModel,
    }

    impl Encoder {
        /// The model in `dir`, whose configuration was checked: an error
        /// names the file that cannot be used and why.
        pub fn load(dir: &Path) -> Result<Encoder> {
            let damaged = |name: &str, e: &dyn std::fmt::Display| {
                Error::Input(format!("{}: damaged: {e}", dir.join(name).display()))
            };
            let config: Config = serde_json::from_str(
                &std::fs::read_to_string(dir.join("config.json")).map_err(|e| damaged("config.json", &e))?,
            )
            .map_err(|e| damaged("config.json", &e))?;
            let weights = std::fs::read(dir.join("model.safetensors")).map_err(|e| damaged("model.safetensors", &e))?;
            let vars = VarBuilder::from_buffered_safetensors(weights, DType::F32, &Device::Cpu)
                .map_err(|e| damaged("model.safetensors", &e))?;
            let mut tokenizer = Tokenizer::from_file(dir.join("tokenizer.json")).map_err(|e| damaged("tokenizer.json", &e))?;
            // The file may pad and cut on its own (to 128 pieces): each text
            // is cut and padded here instead, its padding masked.
            tokenizer.with_padding(None);
            tokenizer.with_truncation(None).map_err(|e| damaged("tokenizer.json", &e))?;
            let model = BertModel::load(vars, &config).map_err(|e| {
                Error::Input(format!(
                    "{}: not the weights config.json describes ({e})",
                    dir.join("model.safetensors").display()
                ))
            })?;
            Ok(Encoder { tokenizer, model })
        }

        pub fn encode(&self, texts: &[&str], tokens: usize) -> std::result::Result<Vec<Vec<f32>>, Failure> {
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

    /// A configuration of the architecture kbmatch runs.
    const BERT_CONFIG: &str = r#"{"model_type": "bert", "hidden_size": 384, "num_hidden_layers": 6,
        "vocab_size": 4, "intermediate_size": 8, "num_attention_heads": 12, "max_position_embeddings": 8,
        "type_vocab_size": 2, "hidden_act": "gelu", "layer_norm_eps": 1e-12, "pad_token_id": 0,
        "hidden_dropout_prob": 0.1, "initializer_range": 0.02}"#;

    /// A tokenizer file the tokenizers crate reads.
    #[cfg(feature = "encoder")]
    const TOKENIZER: &str = r#"{"version": "1.0", "truncation": null, "padding": null, "added_tokens": [],
        "normalizer": null, "pre_tokenizer": {"type": "Whitespace"}, "post_processor": null, "decoder": null,
        "model": {"type": "WordLevel", "vocab": {"[UNK]": 0, "disk": 1}, "unk_token": "[UNK]"}}"#;

    /// A safetensors file with no tensor.
    #[cfg(feature = "encoder")]
    fn no_tensors() -> Vec<u8> {
        let mut bytes = 2u64.to_le_bytes().to_vec();
        bytes.extend_from_slice(b"{}");
        bytes
    }

    /// The error loading a folder of these files gives, the folder's path
    /// written DIR.
    fn load_error(files: &[(&str, &[u8])]) -> String {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, bytes) in files {
            std::fs::write(dir.path().join(name), bytes).expect("written");
        }
        let error = SentenceModel::load(dir.path()).expect_err("refused").to_string();
        error.replace(&dir.path().display().to_string(), "DIR")
    }

    const HOW: &str = "a model folder holds config.json, tokenizer.json and model.safetensors of a sentence-transformers \
                       BERT model 384 wide: all-MiniLM-L6-v2, installed by tools/install-model.sh (see the README)";

    #[test]
    fn a_missing_or_empty_folder_says_what_a_model_folder_holds() {
        let dir = tempfile::tempdir().expect("temp dir");
        let gone = dir.path().join("model");
        let error = SentenceModel::load(&gone).expect_err("no folder").to_string();
        assert_eq!(error, format!("{}: no such folder; {HOW}", gone.display()));
        assert_eq!(load_error(&[]), format!("DIR: no model there; {HOW}"));
    }

    #[test]
    fn a_partial_folder_names_the_files_it_lacks() {
        assert_eq!(
            load_error(&[("config.json", BERT_CONFIG.as_bytes())]),
            format!("DIR: the model is incomplete: no tokenizer.json, no model.safetensors there; {HOW}")
        );
    }

    #[test]
    fn a_model_of_another_architecture_is_named() {
        let roberta = br#"{"model_type": "roberta", "hidden_size": 768}"#;
        let files = [("config.json", &roberta[..]), ("tokenizer.json", b"{}"), ("model.safetensors", b"")];
        assert_eq!(
            load_error(&files),
            "DIR/config.json: a model of another architecture (roberta, 768 wide); kbmatch runs BERT sentence \
             encoders 384 wide (all-MiniLM-L6-v2)"
        );
    }

    #[test]
    fn a_damaged_configuration_is_named() {
        let files = [("config.json", &b"{\"model_type\": \"bert\", "[..]), ("tokenizer.json", b"{}"), ("model.safetensors", b"")];
        assert_eq!(
            load_error(&files),
            "DIR/config.json: damaged: not a model's configuration (EOF while parsing a value at line 1 column 23)"
        );
    }

    #[cfg(feature = "encoder")]
    #[test]
    fn damaged_weights_or_word_pieces_are_named() {
        let config = BERT_CONFIG.as_bytes();
        let cut = load_error(&[("config.json", config), ("tokenizer.json", TOKENIZER.as_bytes()), ("model.safetensors", b"\x10\0\0")]);
        assert!(cut.starts_with("DIR/model.safetensors: damaged: "), "{cut}");
        let tensors = no_tensors();
        let pieces = load_error(&[("config.json", config), ("tokenizer.json", b"{\"version\""), ("model.safetensors", &tensors)]);
        assert!(pieces.starts_with("DIR/tokenizer.json: damaged: "), "{pieces}");
        let empty = load_error(&[("config.json", config), ("tokenizer.json", TOKENIZER.as_bytes()), ("model.safetensors", &tensors)]);
        assert!(empty.starts_with("DIR/model.safetensors: not the weights config.json describes ("), "{empty}");
    }

    #[test]
    fn the_default_folder_is_model_beside_the_index() {
        assert_eq!(SentenceModel::default_dir(Path::new("index")), Path::new("model"));
        assert_eq!(SentenceModel::default_dir(Path::new("/srv/kb/index")), Path::new("/srv/kb/model"));
    }

    #[cfg(not(feature = "encoder"))]
    #[test]
    fn without_the_feature_a_model_is_refused_with_how_to_get_it() {
        let files = [("config.json", BERT_CONFIG.as_bytes()), ("tokenizer.json", b"{}"), ("model.safetensors", b"")];
        assert_eq!(
            load_error(&files),
            "DIR: this kbmatch was built without the sentence encoder; build it with `cargo build --release \
             --features encoder` to use --model"
        );
    }
}
