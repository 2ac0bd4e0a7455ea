//! How rare a term is among the articles, by the number that hold it: the
//! one place for the rarity formulas. Each serves its own scale, so they
//! are kept apart (changing one changes the answers the fitted models were
//! fitted on): BM25's idf for the exact terms retrieval scores beside the
//! words' own BM25, a word's weight in the share of the paste an article
//! holds, and a signal's rarity on 0..1.

/// BM25's inverse document frequency, as tantivy scores words: what an
/// exact term (an ID, a code) adds beside the words' BM25.
pub fn idf(articles: f32, doc_freq: f32) -> f32 {
    (1.0 + (articles - doc_freq + 0.5) / (doc_freq + 0.5)).ln()
}

/// A paste's word's weight in the share of the paste an article holds
/// (`coverage`): never below the log of 2, so that a word every article
/// holds still counts a little.
pub fn word_rarity(articles: f32, doc_freq: u64) -> f32 {
    (1.0 + articles / (doc_freq as f32).max(1.0)).ln()
}

/// An ID's or code's rarity on 0..1: its idf over the log of the article
/// count (1 for a term one article holds, 0 for one every article holds).
pub fn signal_rarity(articles: f32, doc_freq: u64) -> f32 {
    ((articles.max(2.0) / doc_freq.max(1) as f32).ln() / articles.max(2.0).ln()).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rarer_terms_weigh_more_on_every_scale() {
        assert!(idf(1000.0, 1.0) > idf(1000.0, 10.0));
        assert!(word_rarity(1000.0, 1) > word_rarity(1000.0, 10));
        assert_eq!(signal_rarity(1000.0, 1), 1.0);
        assert_eq!(signal_rarity(1000.0, 1000), 0.0);
        assert!((word_rarity(1000.0, 1000) - 2f32.ln()).abs() < 1e-6);
    }
}
