//! Steps 2b and 5b, only where the index was given a sentence encoder
//! ([`crate::encoder`]): a description's articles found and re-ranked by
//! meaning. The [`Limits::sentence_nearest`] stored articles nearest the
//! paste's sentence vector (exact dot products over every vector stored,
//! [`SentenceVectors::nearest`]) are added as candidates beside the words'
//! ([`add_candidates`]), so that an article that shares no word with the
//! description is ranked too. Then the best [`Limits::sentence_candidates`]
//! by the weighted sum, and those of the nearest that the sum ranked
//! lower, are fused: each gains [`Weights::sentence`] times its cosine
//! with the paste, and they are put in that order at the top (score
//! fusion, the weight fitted on the training descriptions). A paste with
//! an ID or code, or whose first hit quotes its message or holds its ID
//! or code, keeps the sum's order and gets no candidate by meaning, since
//! its lexical evidence already says which article it is.
//!
//! A description whose first hit by the words is already likely enough
//! ([`Weights::sentence_below`]), or that the desk's tickets citing it
//! asked with the paste's words ([`super::links::asked`]), keeps the sum's
//! order too.
//!
//! Confidence stays the lexical evidence's: each candidate keeps the
//! confidence calibrated in the sum's order, and where the encoder moved a
//! candidate up, no hit is shown surer than the one above it. An article
//! the encoder moved to the top gets the chance that such a moved article
//! is right ([`MovedFirst`], fitted by `benches/fit/fit_sentence.py` on
//! training descriptions and questions no article answers, kept in
//! `sentences.json`), but never more than the words gave their own first
//! hit: a cosine between two unrelated texts is never near zero, so the
//! encoder alone never makes an article it moved surer than the words'
//! own first. The words' first hit kept first gets the chance of
//! [`KeptFirst`], fitted on the same sets: its words' chance, cosine and
//! cosine's lead together, so that the words and meaning agreeing make it
//! surer, and another candidate nearer in meaning less sure.
//!
//! [`Limits::sentence_candidates`]: super::weights::Limits::sentence_candidates
//! [`Limits::sentence_nearest`]: super::weights::Limits::sentence_nearest
//! [`SentenceVectors::nearest`]: crate::index::sentences::SentenceVectors::nearest

use std::sync::LazyLock;

use serde::Deserialize;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Searcher, Term};

use super::rank::Scored;
use super::retrieve::{self, Retrieval};
use super::weights::Weights;
use crate::encoder::{PASTE_TOKENS, cosine};
use crate::error::Result;
use crate::index::KbIndex;

/// A description read by the sentence model: its vector, and the
/// candidates found by meaning alone.
#[derive(Debug, Clone, Default)]
pub struct Meaning {
    /// The paste's sentence vector.
    pub vector: Vec<f32>,
    /// The articles [`add_candidates`] found nearest in meaning.
    pub nearest: Vec<DocAddress>,
    /// The paste's content words, to tell whether the desk's tickets asked
    /// its first hit with them ([`super::links::asked`]).
    pub words: std::collections::BTreeSet<String>,
}

/// The paste read by the sentence model, where the index has one and the
/// paste names no ID, code or number (else its words say which article it
/// is): `None` otherwise.
pub fn read(index: &KbIndex, paste: &str, analysis: &super::query::QueryAnalysis, has_code: bool) -> Result<Option<Meaning>> {
    let Some(vectors) = index.sentences() else {
        return Ok(None);
    };
    let named = has_code
        || !analysis.codes.is_empty()
        || analysis.bare_number.is_some()
        || analysis.article_number.is_some()
        || !analysis.signals.message_ids.is_empty()
        || !analysis.signals.event_ids.is_empty()
        || !analysis.signals.error_codes.is_empty()
        || !analysis.signals.articles.is_empty();
    if named {
        return Ok(None);
    }
    let vector = vectors.model().encode(&[paste], PASTE_TOKENS)?.pop().unwrap_or_default();
    Ok(Some(Meaning { vector, nearest: Vec::new(), words: super::links::paste_words(paste) }))
}

/// Add the [`Limits::sentence_nearest`] stored articles nearest the paste
/// in meaning to `candidates` (with the words' score each has, often none),
/// within the search's filter; kept in `meaning.nearest`.
///
/// [`Limits::sentence_nearest`]: super::weights::Limits::sentence_nearest
pub fn add_candidates(
    index: &KbIndex,
    searcher: &Searcher,
    retrieval: &Retrieval,
    meaning: &mut Meaning,
    candidates: &mut Vec<(f32, DocAddress)>,
    most: usize,
) -> Result<()> {
    let Some(vectors) = index.sentences() else {
        return Ok(());
    };
    if most == 0 {
        return Ok(());
    }
    let nearest = vectors.nearest(&meaning.vector, most);
    if nearest.is_empty() {
        return Ok(());
    }
    let field = index.fields().id;
    let clauses: Vec<(Occur, Box<dyn Query>)> = nearest
        .iter()
        .map(|(_, id)| {
            let term = Term::from_field_text(field, id);
            (Occur::Should, Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>)
        })
        .collect();
    let query: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
    let query = match &retrieval.filter {
        Some(filter) => retrieve::within(&**filter, query),
        None => query,
    };
    let found = searcher.search(&*query, &tantivy::collector::DocSetCollector)?;
    let mut found: Vec<DocAddress> = found.into_iter().collect();
    found.sort_unstable();
    meaning.nearest = found.clone();
    retrieve::add_scored(searcher, retrieval, found, candidates)?;
    Ok(())
}

/// How meaning re-ranks the best candidates.
#[derive(Debug, Clone, PartialEq)]
pub struct Reranked {
    /// The candidates re-ranked, in their new order: positions in the
    /// sum's order. The rest follow them in the sum's order.
    pub order: Vec<usize>,
    /// Each of them's cosine with the paste, in the new order.
    pub cosines: Vec<f32>,
}

impl Reranked {
    /// Whether any candidate moved.
    pub fn moved(&self) -> bool {
        self.order.iter().enumerate().any(|(at, &i)| at != i)
    }

    /// The confidence of the first hit after re-ranking, from `chances`,
    /// each candidate's by the words in the sum's order: where meaning put
    /// another candidate first, [`MovedFirst`]'s chance, never above the
    /// words' first hit's; where the words' first stayed first,
    /// [`KeptFirst`]'s (meaning agreeing or not with the words). `None`
    /// where nothing was re-ranked.
    pub fn first_chance(&self, chances: &[f32]) -> Option<f32> {
        let top = *self.order.first()?;
        let best_other = self.cosines[1..].iter().copied().fold(f32::MIN, f32::max);
        let lead = self.cosines[0] - best_other;
        if top == 0 {
            return Some(FITTED.kept_first.chance(chances[0], self.cosines[0], lead));
        }
        let chance = FITTED.moved_first.chance(chances[top], chances[0], self.cosines[0], lead);
        Some(chance.min(chances[0]))
    }

    /// The positions of every candidate in the new order: those re-ranked,
    /// then the rest of the `count` in the sum's order.
    pub fn full_order(&self, count: usize) -> Vec<usize> {
        let mut taken = vec![false; count];
        for &i in &self.order {
            taken[i] = true;
        }
        self.order.iter().copied().chain((0..count).filter(|&i| !taken[i])).collect()
    }
}

/// The fitted values: `benches/fit/fit_sentence.py` writes this file.
const SENTENCES_JSON: &str = include_str!("sentences.json");

/// What `sentences.json` holds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Fitted {
    /// Which dump and sets the fit read (for people; not read here).
    #[serde(rename = "about")]
    _about: String,
    moved_first: MovedFirst,
    kept_first: KeptFirst,
}

/// The chance that an article the encoder moved to the top is right: a
/// logistic model, `1 / (1 + e^-(bias + Σ weight × input))`, over the
/// log-odds of its chance by the words and of the words' first hit's, its
/// cosine with the paste, and its cosine's lead over the best of the other
/// candidates weighed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MovedFirst {
    /// The intercept.
    pub bias: f32,
    /// The weight of the log-odds of the article's own chance by the words.
    pub chance: f32,
    /// The weight of the log-odds of the words' first hit's chance.
    pub first_chance: f32,
    /// The weight of its cosine with the paste.
    pub cosine: f32,
    /// The weight of its cosine's lead over the other candidates' best.
    pub cosine_lead: f32,
}

/// The chance that the words' first hit is right where meaning re-ranked
/// the candidates and kept it first: a logistic model over the log-odds of
/// its chance by the words, its cosine with the paste and its cosine's lead
/// over the best of the other candidates weighed (an article the words and
/// meaning both put first is likelier right than the words alone say; one
/// meaning finds unlike the paste, less).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeptFirst {
    /// The intercept.
    pub bias: f32,
    /// The weight of the log-odds of its chance by the words.
    pub chance: f32,
    /// The weight of its cosine with the paste.
    pub cosine: f32,
    /// The weight of its cosine's lead over the other candidates' best.
    pub cosine_lead: f32,
}

impl KeptFirst {
    /// The chance, 0..1.
    pub fn chance(&self, chance: f32, cosine: f32, cosine_lead: f32) -> f32 {
        let z = self.bias + self.chance * log_odds(chance) + self.cosine * cosine + self.cosine_lead * cosine_lead;
        1.0 / (1.0 + (-z).exp())
    }
}

/// The fitted models, read once.
static FITTED: LazyLock<Fitted> = LazyLock::new(|| {
    serde_json::from_str::<Fitted>(SENTENCES_JSON).expect("src/matcher/sentences.json is valid (a test checks it)")
});

impl MovedFirst {
    /// The chance, 0..1.
    pub fn chance(&self, chance: f32, first_chance: f32, cosine: f32, cosine_lead: f32) -> f32 {
        let z = self.bias
            + self.chance * log_odds(chance)
            + self.first_chance * log_odds(first_chance)
            + self.cosine * cosine
            + self.cosine_lead * cosine_lead;
        1.0 / (1.0 + (-z).exp())
    }
}

/// The log-odds of a chance, kept within 1e-4 of 0 and 1 (what the fit
/// computes too).
fn log_odds(p: f32) -> f32 {
    let p = p.clamp(1e-4, 1.0 - 1e-4);
    (p / (1.0 - p)).ln()
}

/// How meaning re-ranks `ranked` (best first by the weighted sum), as the
/// file's doc says: the best [`Limits::sentence_candidates`] and those of
/// `meaning.nearest` ranked lower, fused. `None` where the index has no
/// encoder or the paste's words already say which article it is.
///
/// [`Limits::sentence_candidates`]: super::weights::Limits::sentence_candidates
pub fn rerank(
    index: &KbIndex,
    searcher: &Searcher,
    meaning: &Meaning,
    ranked: &[&Scored],
    first_chance: f32,
    weights: &Weights,
) -> Result<Option<Reranked>> {
    let Some(vectors) = index.sentences() else {
        return Ok(None);
    };
    let depth = weights.limits.sentence_candidates.min(ranked.len());
    let Some(first) = ranked.first() else {
        return Ok(None);
    };
    if depth < 2 || first.query.has_id > 0.0 || first.features.is_specific() || first_chance >= weights.sentence_below {
        return Ok(None);
    }
    let pool: Vec<usize> =
        (0..ranked.len()).filter(|&i| i < depth || meaning.nearest.contains(&ranked[i].address)).collect();
    // The text is all the encoder reads: no remediation is read out of it.
    let articles =
        pool.iter().map(|&i| index.stored_article_at(searcher, ranked[i].address)).collect::<Result<Vec<_>>>()?;
    // A first hit that tickets asked with the paste's words keeps its place
    // too: the desk's own words already say which article it is (its
    // vector is of its text, not of how it was asked).
    if super::links::asked(&meaning.words, &articles[0]).is_some() {
        return Ok(None);
    }
    let article_vectors = vectors.of_articles(&articles.iter().collect::<Vec<_>>())?;
    let cosines: Vec<f32> = article_vectors.iter().map(|v| cosine(&meaning.vector, v)).collect();
    let combined = |k: usize| ranked[pool[k]].score + weights.sentence * cosines[k];
    let mut by: Vec<usize> = (0..pool.len()).collect();
    // Stable: equal sums keep the weighted sum's order.
    by.sort_by(|&a, &b| combined(b).total_cmp(&combined(a)));
    Ok(Some(Reranked { order: by.iter().map(|&k| pool[k]).collect(), cosines: by.iter().map(|&k| cosines[k]).collect() }))
}

/// Where meaning moved the order: no hit surer than the one above it.
pub fn cap<'a>(chances: impl Iterator<Item = &'a mut f32>) {
    let mut ceiling = f32::INFINITY;
    for chance in chances {
        *chance = chance.min(ceiling);
        ceiling = *chance;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_chance_is_left_above_the_one_before_it() {
        let mut chances = [0.4, 0.8, 0.1, 0.3];
        cap(chances.iter_mut());
        assert_eq!(chances, [0.4, 0.4, 0.1, 0.1]);
    }

    #[test]
    fn the_fitted_file_reads_and_an_article_moved_first_is_never_surer_than_the_words_first() {
        let fitted: Fitted = serde_json::from_str(SENTENCES_JSON).expect("sentences.json");
        let model = fitted.moved_first;
        // More alike than the rest, the moved article is likelier right.
        assert!(model.chance(0.2, 0.5, 0.6, 0.2) > model.chance(0.2, 0.5, 0.6, 0.0));
        let moved = Reranked { order: vec![2, 0, 1], cosines: vec![0.9, 0.3, 0.2] };
        let chances = [0.05, 0.04, 0.03];
        assert_eq!(moved.first_chance(&chances), Some(model.chance(0.03, 0.05, 0.9, 0.6).min(0.05)));
        assert!(moved.first_chance(&chances).is_some_and(|c| c <= 0.05));
        // Kept first: the kept model's chance, surer where meaning agrees.
        let kept = Reranked { order: vec![0, 2, 1], cosines: vec![0.3, 0.9, 0.2] };
        assert_eq!(kept.first_chance(&chances), Some(fitted.kept_first.chance(0.05, 0.3, -0.6)));
        let agreed = Reranked { order: vec![0, 2, 1], cosines: vec![0.8, 0.4, 0.2] };
        assert!(agreed.first_chance(&chances) > kept.first_chance(&chances));
        assert_eq!(Reranked { order: vec![], cosines: vec![] }.first_chance(&chances), None);
    }

    #[test]
    fn an_order_moved_is_told_from_the_same_order() {
        let same = Reranked { order: vec![0, 1, 2], cosines: vec![0.2; 3] };
        let moved = Reranked { order: vec![0, 2, 1], cosines: vec![0.2; 3] };
        assert_eq!((same.moved(), moved.moved()), (false, true));
    }

    #[test]
    fn an_article_found_by_meaning_alone_moves_up_and_the_rest_follow_in_order() {
        let fused = Reranked { order: vec![0, 4, 1], cosines: vec![0.5, 0.6, 0.2] };
        assert!(fused.moved());
        assert_eq!(fused.full_order(6), [0, 4, 1, 2, 3, 5]);
    }
}
