//! The corpus's product vocabulary: which words name products and which
//! versions each comes with, read from the index's `applies` terms (what
//! the articles apply to, see [`crate::extract::applies`]). The matcher
//! reads a paste's product-and-version mentions with it.

use crate::extract::applies::{FROM_TEXT, Mention, Vocabulary};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeSet;
use tantivy::Searcher;
use tantivy::schema::Field;

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
