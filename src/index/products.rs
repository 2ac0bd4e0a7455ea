//! The corpus's product vocabulary: which words name products and which
//! versions each comes with, read from the index's `applies` terms (what
//! the articles apply to, see [`crate::extract::applies`]). The matcher
//! reads a paste's product-and-version mentions with it.
//!
//! A build reads it once and writes it beside the index ([`FILE`]): reading
//! every `applies` term again at each opening was four fifths of a one-line
//! `kbmatch match` on the archive, and grew with the corpus. The vocabulary
//! is one sorted list of lines, the file as it is written, looked up by
//! binary search: opening reads the file and notes where each line starts.

use crate::error::{Error, Result};
use crate::extract::applies::{FROM_TEXT, Mention, Vocabulary};
use std::collections::HashMap;
use std::path::Path;
use tantivy::Searcher;
use tantivy::schema::Field;

/// The file in a generation that holds its vocabulary.
pub const FILE: &str = "products.txt";

/// The first line of [`FILE`]: what the rest is.
const HEADER: &str = "kbmatch product vocabulary 1";

/// A product word: `w <word>`.
const WORD: &str = "w ";
/// A version a product word comes with: `v <word> <version>` (a release's
/// base too: `2012` for `2012 r2`).
const VERSION: &str = "v ";
/// An `applies` term, by the first word of its version: `t <base>\t<term>`,
/// where the articles that apply to a version are found.
const TERM: &str = "t ";

/// The product words, the versions each comes with, and the `applies`
/// terms by version: sorted lines.
#[derive(Debug, Default)]
pub struct ProductVocabulary {
    text: String,
    /// Where each line of `text` starts and ends, in sorted order.
    lines: Vec<(u32, u32)>,
    /// The product words (its `w` lines), each with the versions it comes
    /// with (its `v` lines): a few thousand, asked about for each word
    /// around a version in a paste and in the articles' text.
    products: HashMap<String, Vec<String>>,
}

impl ProductVocabulary {
    /// Read every live `applies` term of the index.
    pub fn read(searcher: &Searcher, field: Field) -> tantivy::Result<ProductVocabulary> {
        let mut lines: Vec<String> = Vec::new();
        super::terms::for_each_live_term(searcher, field, |term, _| {
            if let Some(mention) = Mention::from_term(term) {
                let base = mention.version.split(' ').next().unwrap_or_default();
                let names = mention.words.iter().chain((!mention.initials.is_empty()).then_some(&mention.initials));
                for word in names {
                    lines.push(format!("{WORD}{word}"));
                    lines.push(format!("{VERSION}{word} {}", mention.version));
                    lines.push(format!("{VERSION}{word} {base}"));
                }
            }
            let version = term.trim_start_matches(FROM_TEXT).split('|').nth(1).unwrap_or_default();
            let base = version.split(' ').next().unwrap_or_default();
            if !base.is_empty() {
                lines.push(format!("{TERM}{base}\t{term}"));
            }
        })?;
        lines.sort_unstable();
        lines.dedup();
        // A line holds no line break: an `applies` term is one line of text.
        lines.retain(|line| !line.contains('\n'));
        Ok(ProductVocabulary::of_sorted(lines.join("\n")))
    }

    /// The vocabulary of `text`: sorted lines, one per entry.
    fn of_sorted(text: String) -> ProductVocabulary {
        let mut lines = Vec::new();
        let mut start = 0usize;
        for end in memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]) {
            if end > start {
                lines.push((start as u32, end as u32));
            }
            start = end + 1;
        }
        let mut products: HashMap<String, Vec<String>> = HashMap::new();
        for &span in &lines[lines.partition_point(|&span| &text[span.0 as usize..span.1 as usize] < VERSION)..] {
            let line = &text[span.0 as usize..span.1 as usize];
            if let Some(word) = line.strip_prefix(WORD) {
                products.entry(word.to_string()).or_default();
            } else if let Some((word, version)) = line.strip_prefix(VERSION).and_then(|v| v.split_once(' ')) {
                products.entry(word.to_string()).or_default().push(version.to_string());
            }
        }
        ProductVocabulary { text, lines, products }
    }

    /// Write the vocabulary into a generation folder.
    pub fn write(&self, generation: &Path) -> Result<()> {
        let path = generation.join(FILE);
        std::fs::write(&path, format!("{HEADER}\n{}\n", self.text)).map_err(|e| Error::io(&path, e))
    }

    /// The vocabulary a build wrote into a generation folder; `None` where
    /// there is none (an index of an older kbmatch) or it is not one.
    pub fn load(generation: &Path) -> Option<ProductVocabulary> {
        let text = std::fs::read_to_string(generation.join(FILE)).ok()?;
        let body = text.strip_prefix(HEADER)?.strip_prefix('\n')?;
        // Over 4 GiB, line offsets would not fit: read the terms instead.
        (text.len() < u32::MAX as usize).then(|| ProductVocabulary::of_sorted(body.to_string()))
    }

    fn text_of(&self, (start, end): (u32, u32)) -> &str {
        &self.text[start as usize..end as usize]
    }

    fn line(&self, i: usize) -> &str {
        self.text_of(self.lines[i])
    }

    /// The index of the first line not below `key`.
    fn first_from(&self, key: &str) -> usize {
        self.lines.partition_point(|&span| self.text_of(span) < key)
    }

    /// The `applies` terms whose version starts with the first word of
    /// `version` (`2012` for `2012 r2`): those that may apply to it.
    pub fn terms_of_version(&self, version: &str) -> impl Iterator<Item = &str> {
        let base = version.split(' ').next().unwrap_or_default();
        let prefix = format!("{TERM}{base}\t");
        let from = self.first_from(&prefix);
        (from..self.lines.len()).map(|i| self.line(i)).map_while(move |line| line.strip_prefix(prefix.as_str()))
    }
}

impl Vocabulary for ProductVocabulary {
    fn is_product_word(&self, word: &str) -> bool {
        self.products.contains_key(word)
    }

    fn has_version(&self, word: &str, version: &str) -> bool {
        self.products.get(word).is_some_and(|versions| versions.iter().any(|v| v == version))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary(lines: &[&str]) -> ProductVocabulary {
        let mut lines: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        lines.sort();
        ProductVocabulary::of_sorted(lines.join("\n"))
    }

    #[test]
    fn looks_up_words_versions_and_the_terms_of_a_version() {
        let v = vocabulary(&[
            "w exchange",
            "w server",
            "v exchange 2016",
            "v server 2012 r2",
            "v server 2012",
            "t 2012\tserver|2012 r2|",
            "t 2012\tserver|2012|",
            "t 2016\texchange|2016|",
            "t 20\tother|20|",
        ]);
        assert!(v.is_product_word("exchange"));
        assert!(!v.is_product_word("exch"));
        assert!(!v.is_product_word("exchanges"));
        assert!(v.has_version("server", "2012 r2"));
        assert!(!v.has_version("server", "2016"));
        assert_eq!(v.terms_of_version("2012 r2").collect::<Vec<_>>(), ["server|2012 r2|", "server|2012|"]);
        assert_eq!(v.terms_of_version("20").collect::<Vec<_>>(), ["other|20|"]);
        assert_eq!(v.terms_of_version("2019").count(), 0);
    }

    #[test]
    fn what_is_written_is_what_is_loaded() {
        let dir = tempfile::tempdir().unwrap();
        let v = vocabulary(&["w word", "v word 7", "t 7\tword|7|"]);
        v.write(dir.path()).unwrap();
        let loaded = ProductVocabulary::load(dir.path()).unwrap();
        let lines = |v: &ProductVocabulary| (0..v.lines.len()).map(|i| v.line(i).to_string()).collect::<Vec<_>>();
        assert_eq!(lines(&loaded), ["t 7\tword|7|", "v word 7", "w word"]);
        assert_eq!(lines(&loaded), lines(&v));
        std::fs::write(dir.path().join(FILE), "not a vocabulary\n").unwrap();
        assert!(ProductVocabulary::load(dir.path()).is_none());
    }
}
