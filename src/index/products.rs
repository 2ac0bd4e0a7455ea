//! The corpus's product vocabulary: which words name products and which
//! versions each comes with, read from the index's `applies` terms (what
//! the articles apply to, see [`crate::extract::applies`]). The matcher
//! reads a paste's product-and-version mentions with it.
//!
//! A build reads it once and writes it beside the index ([`FILE`]): reading
//! every `applies` term again at each opening was four fifths of a one-line
//! `kbmatch match` on the archive, and grew with the corpus.

use crate::extract::applies::{FROM_TEXT, Mention, Vocabulary};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use tantivy::Searcher;
use tantivy::schema::Field;

/// The file in a generation that holds its vocabulary.
pub const FILE: &str = "products.json";

/// The vocabulary as [`FILE`] holds it, in sorted order.
#[derive(Serialize, Deserialize)]
struct Stored {
    words: Vec<String>,
    versions: Vec<String>,
    terms: BTreeMap<String, BTreeSet<String>>,
}

/// The product words and the versions each comes with.
#[derive(Debug, Default)]
pub struct ProductVocabulary {
    words: FxHashSet<String>,
    /// `word version`: a product named with `word` has that version (a
    /// release's base too: `2012` for `2012 r2`).
    versions: FxHashSet<String>,
    /// Every `applies` term, by the first word of its version (`2012` for
    /// `2012 r2`): where the articles that apply to a version are found.
    terms: FxHashMap<String, BTreeSet<String>>,
}

impl ProductVocabulary {
    /// Read every live `applies` term of the index.
    pub fn read(searcher: &Searcher, field: Field) -> tantivy::Result<ProductVocabulary> {
        let mut vocabulary = ProductVocabulary::default();
        super::terms::for_each_live_term(searcher, field, |term, _| {
            if let Some(mention) = Mention::from_term(term) {
                vocabulary.add(&mention);
            }
            let version = term.trim_start_matches(FROM_TEXT).split('|').nth(1).unwrap_or_default();
            let base = version.split(' ').next().unwrap_or_default();
            if !base.is_empty() {
                vocabulary.terms.entry(base.to_string()).or_default().insert(term.to_string());
            }
        })?;
        Ok(vocabulary)
    }

    /// Write the vocabulary into a generation folder.
    pub fn write(&self, generation: &Path) -> crate::error::Result<()> {
        let sorted = |set: &FxHashSet<String>| {
            let mut all: Vec<String> = set.iter().cloned().collect();
            all.sort_unstable();
            all
        };
        let stored = Stored {
            words: sorted(&self.words),
            versions: sorted(&self.versions),
            terms: self.terms.iter().map(|(base, terms)| (base.clone(), terms.clone())).collect(),
        };
        let path = generation.join(FILE);
        std::fs::write(&path, serde_json::to_vec(&stored)?).map_err(|e| crate::error::Error::io(&path, e))
    }

    /// The vocabulary a build wrote into a generation folder; `None` where
    /// there is none (an index of an older kbmatch) or it cannot be read.
    pub fn load(generation: &Path) -> Option<ProductVocabulary> {
        let bytes = std::fs::read(generation.join(FILE)).ok()?;
        let stored: Stored = serde_json::from_slice(&bytes).ok()?;
        Some(ProductVocabulary {
            words: stored.words.into_iter().collect(),
            versions: stored.versions.into_iter().collect(),
            terms: stored.terms.into_iter().collect(),
        })
    }

    fn add(&mut self, mention: &Mention) {
        let base = mention.version.split(' ').next().unwrap_or_default();
        let names = mention.words.iter().chain((!mention.initials.is_empty()).then_some(&mention.initials));
        for word in names {
            self.words.insert(word.clone());
            self.versions.insert(format!("{word} {}", mention.version));
            self.versions.insert(format!("{word} {base}"));
        }
    }
}

impl ProductVocabulary {
    /// The `applies` terms whose version starts with the first word of
    /// `version` (`2012` for `2012 r2`): those that may apply to it.
    pub fn terms_of_version(&self, version: &str) -> impl Iterator<Item = &str> {
        let base = version.split(' ').next().unwrap_or_default();
        self.terms.get(base).into_iter().flatten().map(String::as_str)
    }
}

impl Vocabulary for ProductVocabulary {
    fn is_product_word(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    fn has_version(&self, word: &str, version: &str) -> bool {
        self.versions.contains(&format!("{word} {version}"))
    }
}
