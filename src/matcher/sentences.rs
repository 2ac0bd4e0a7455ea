//! Step 5b, only where the index was given a sentence encoder (`--model`,
//! [`crate::encoder`]): a description's best candidates re-ranked by
//! meaning. Each of the best [`Limits::sentence_candidates`] by the
//! weighted sum gains [`Weights::sentence`] times the cosine between the
//! paste's sentence vector and the article's, and they are put in that
//! order; a paste with an ID or code, or whose first hit quotes its
//! message or holds its ID or code, keeps the sum's order, since its
//! lexical evidence already says which article it is.
//!
//! Confidence stays the lexical evidence's: each candidate keeps the
//! confidence calibrated in the sum's order, and where the encoder moved a
//! candidate up, no hit is shown surer than the one above it. A cosine
//! between two unrelated texts is never near zero, so the encoder alone
//! never makes an answer sure (the questions no article answers).
//!
//! [`Limits::sentence_candidates`]: super::weights::Limits::sentence_candidates

use tantivy::Searcher;

use super::Candidate;
use super::evidence::Evidence;
use super::weights::Weights;
use crate::encoder::{PASTE_TOKENS, cosine};
use crate::error::Result;
use crate::index::KbIndex;

/// Re-rank `ranked` (best first, calibrated) by meaning, as the file's
/// doc says; nothing changes where the index has no encoder.
pub fn rerank(index: &KbIndex, searcher: &Searcher, paste: &str, ranked: &mut [Candidate], weights: &Weights) -> Result<()> {
    let Some(vectors) = index.sentences() else {
        return Ok(());
    };
    let depth = weights.limits.sentence_candidates.min(ranked.len());
    let Some(first) = ranked.first() else {
        return Ok(());
    };
    if depth < 2 || first.scored.query.has_id > 0.0 || first.scored.features.is_specific() {
        return Ok(());
    }
    let articles =
        ranked[..depth].iter().map(|c| index.article_at(searcher, c.scored.address)).collect::<Result<Vec<_>>>()?;
    let article_vectors = vectors.of_articles(&articles.iter().collect::<Vec<_>>())?;
    let paste_vector = vectors.model().encode(&[paste], PASTE_TOKENS)?.pop().unwrap_or_default();
    let cosines: Vec<f32> = article_vectors.iter().map(|v| cosine(&paste_vector, v)).collect();
    let mut order: Vec<usize> = (0..depth).collect();
    // Stable: equal sums keep the weighted sum's order.
    let combined = |i: usize| ranked[i].scored.score + weights.sentence * cosines[i];
    order.sort_by(|&a, &b| combined(b).total_cmp(&combined(a)));
    for (i, candidate) in ranked[..depth].iter_mut().enumerate() {
        candidate.scored.why.push(Evidence::Meaning { cosine: cosines[i] });
    }
    if order.iter().enumerate().all(|(at, &i)| at == i) {
        return Ok(());
    }
    let top: Vec<Candidate> = order.iter().map(|&i| ranked[i].clone()).collect();
    ranked[..depth].clone_from_slice(&top);
    let mut ceiling = f32::INFINITY;
    for candidate in ranked.iter_mut() {
        candidate.confidence.chance = candidate.confidence.chance.min(ceiling);
        ceiling = candidate.confidence.chance;
    }
    Ok(())
}
