//! The product versions a paste names ("Windows 11", "Exchange 2019",
//! "sccm 2012 sp1"), read with the corpus's product vocabulary, as evidence:
//! which candidates apply to them (a re-ranking feature), and the articles
//! that do, added to the candidates when the words alone do not find them.
//!
//! In detail: The product versions a paste names, read with `index::products`'
//! vocabulary and `extract::applies`; the shares of them a candidate applies
//! to; the best `version_candidates` (10) articles, by the retrieval query,
//! among those that apply to a named version (an `index::article_sets` set,
//! made once per open index), added to the candidates: taken from the union's
//! own list before the cut to the candidates (`retrieve::Found`) when it holds
//! that many of them or every article the union matched, else found by the
//! union again (`maxscore.rs`, with the set as its filter).

use super::function_words;
use super::query::QueryAnalysis;
use super::retrieve::{self, Retrieval};
use crate::extract::applies::{self, Mention};
use crate::index::KbIndex;
use crate::index::article_sets::ArticleSet;
use crate::index::products::ProductVocabulary;
use tantivy::query::{BooleanQuery, Occur};
use tantivy::{DocAddress, Searcher, Term};

/// The corpus's product words less the function words some product names
/// hold ("Project on the web"): "on windows 8.1" names Windows.
pub struct ProductWords<'a>(pub &'a ProductVocabulary);

impl applies::Vocabulary for ProductWords<'_> {
    fn is_product_word(&self, word: &str) -> bool {
        !function_words::is_function_word(word) && self.0.is_product_word(word)
    }

    fn has_version(&self, word: &str, version: &str) -> bool {
        self.is_product_word(word) && self.0.has_version(word, version)
    }
}

impl ProductWords<'_> {
    /// An `applies` term of an article as a mention: a metadata term as it
    /// stands, one read from its text with the corpus's words.
    pub fn mention(&self, term: &str) -> Option<Mention> {
        Mention::from_term(term).or_else(|| applies::resolve(term, self))
    }
}

/// The product versions the paste's messages name, each once, in order.
pub fn named(index: &KbIndex, analysis: &QueryAnalysis) -> Vec<Mention> {
    let vocabulary = &ProductWords(index.product_vocabulary());
    let mut named: Vec<Mention> = Vec::new();
    for entry in &analysis.entries {
        for mention in applies::in_text(&entry.message, vocabulary) {
            if !named.contains(&mention) {
                named.push(mention);
            }
        }
    }
    named
}

/// The shares of the paste's product versions (`named`) that an article
/// applies to, and that it applies to in other versions only (`(same,
/// other)`); `applies` (the article's mentions) is read only when the paste
/// names one.
pub fn shares(named: &[Mention], applies: impl FnOnce() -> Vec<Mention>) -> (f32, f32) {
    if named.is_empty() {
        return (0.0, 0.0);
    }
    let applies = applies();
    let (mut same, mut other) = (0.0f32, 0.0f32);
    for mention in named {
        let products: Vec<&Mention> = applies.iter().filter(|a| mention.names(a)).collect();
        if products.iter().any(|a| mention.same_version(a)) {
            same += 1.0;
        } else if !products.is_empty() {
            other += 1.0;
        }
    }
    let n = named.len() as f32;
    (same / n, other / n)
}

/// Add to `candidates` the best `most` articles, by the retrieval query,
/// among those that apply to a version the paste names: "workstation
/// service won't start, windows 11" finds the article for Windows 11 even
/// where tens of older articles share more of its words.
pub fn add_candidates(
    index: &KbIndex,
    searcher: &Searcher,
    retrieval: &Retrieval,
    found: &retrieve::Found,
    named: &[Mention],
    candidates: &mut Vec<(f32, DocAddress)>,
    most: usize,
) -> tantivy::Result<()> {
    if named.is_empty() || most == 0 {
        return Ok(());
    }
    let key: Vec<String> = named.iter().map(Mention::term).collect();
    let Some(applying) = index.article_set(&format!("applies:{}", key.join(";")), || applying(index, searcher, named))?
    else {
        return Ok(());
    };
    // The retrieval's own list usually holds enough of them (a paste that
    // names Windows 95 finds Windows 95 articles): the union is run again
    // only when it does not.
    let best = match found.best_within(|address| applying.contains(address), most) {
        Some(best) => best,
        None => {
            let mut filter = applying.query();
            if let Some(kinds) = &retrieval.filter {
                filter = Box::new(BooleanQuery::new(vec![(Occur::Must, filter), (Occur::Must, kinds.box_clone())]));
            }
            retrieval.clauses.best(searcher, &retrieval.stats, Some(&*filter), most)?.into_iter().map(|(_, address)| address).collect()
        }
    };
    retrieve::add_scored(searcher, retrieval, best, candidates)
}

/// The articles that apply to a version the paste names (`named`), if any
/// does: those holding an `applies` term that reads as one of them.
fn applying(index: &KbIndex, searcher: &Searcher, named: &[Mention]) -> tantivy::Result<Option<ArticleSet>> {
    let vocabulary = &ProductWords(index.product_vocabulary());
    let field = index.fields().applies;
    let mut terms: Vec<Term> = Vec::new();
    for mention in named {
        for term in vocabulary.0.terms_of_version(&mention.version) {
            let applies = vocabulary.mention(term).is_some_and(|a| mention.names(&a) && mention.same_version(&a));
            if applies {
                terms.push(Term::from_field_text(field, term));
            }
        }
    }
    if terms.is_empty() {
        return Ok(None);
    }
    ArticleSet::of_terms(searcher, field, &terms).map(Some)
}
