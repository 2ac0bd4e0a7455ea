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

use super::rank::Scored;
use super::weights::Weights;
use crate::encoder::{PASTE_TOKENS, cosine};
use crate::error::Result;
use crate::index::KbIndex;

/// How meaning re-ranks the best candidates.
#[derive(Debug, Clone, PartialEq)]
pub struct Reranked {
    /// The best candidates' new order: positions in the sum's order.
    pub order: Vec<usize>,
    /// Each of them's cosine with the paste, in the sum's order.
    pub cosines: Vec<f32>,
}

impl Reranked {
    /// Whether any candidate moved.
    pub fn moved(&self) -> bool {
        self.order.iter().enumerate().any(|(at, &i)| at != i)
    }
}

/// How meaning re-ranks `ranked` (best first by the weighted sum), as the
/// file's doc says; `None` where the index has no encoder or the paste's
/// words already say which article it is.
pub fn rerank(
    index: &KbIndex,
    searcher: &Searcher,
    paste: &str,
    ranked: &[&Scored],
    weights: &Weights,
) -> Result<Option<Reranked>> {
    let Some(vectors) = index.sentences() else {
        return Ok(None);
    };
    let depth = weights.limits.sentence_candidates.min(ranked.len());
    let Some(first) = ranked.first() else {
        return Ok(None);
    };
    if depth < 2 || first.query.has_id > 0.0 || first.features.is_specific() {
        return Ok(None);
    }
    // The text is all the encoder reads: no remediation is read out of it.
    let articles =
        ranked[..depth].iter().map(|c| index.stored_article_at(searcher, c.address)).collect::<Result<Vec<_>>>()?;
    let article_vectors = vectors.of_articles(&articles.iter().collect::<Vec<_>>())?;
    let paste_vector = vectors.model().encode(&[paste], PASTE_TOKENS)?.pop().unwrap_or_default();
    let cosines: Vec<f32> = article_vectors.iter().map(|v| cosine(&paste_vector, v)).collect();
    let combined = |i: usize| ranked[i].score + weights.sentence * cosines[i];
    let mut order: Vec<usize> = (0..depth).collect();
    // Stable: equal sums keep the weighted sum's order.
    order.sort_by(|&a, &b| combined(b).total_cmp(&combined(a)));
    Ok(Some(Reranked { order, cosines }))
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
    fn an_order_moved_is_told_from_the_same_order() {
        let same = Reranked { order: vec![0, 1, 2], cosines: vec![0.2; 3] };
        let moved = Reranked { order: vec![0, 2, 1], cosines: vec![0.2; 3] };
        assert_eq!((same.moved(), moved.moved()), (false, true));
    }
}
