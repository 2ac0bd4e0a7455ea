//! Stage 4: pasted text -> entries and signals -> queries -> ranked hits.
//!
//! `query` takes the paste apart (`logline`, `mask`, signals), `retrieve`
//! finds candidates with one tantivy query, `rank` re-scores them on the
//! evidence (same message, same ID or code) and says why.

pub mod calibration;
pub mod logline;
pub mod mask;
pub mod query;
pub mod rank;
pub mod retrieve;
pub mod spelling;
pub mod synonyms;
pub mod weights;

use crate::article::{Article, ArticleKind, HotfixFile};
use crate::error::Result;
use crate::index::KbIndex;
use serde::{Deserialize, Serialize};

/// Candidates re-ranked per query.
const CANDIDATES: usize = 40;

/// One ranked answer: the contract's `Hit`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// Article id.
    pub id: String,
    /// `kb`, `blog` or `doc`.
    pub kind: ArticleKind,
    /// Title.
    pub title: String,
    /// Ranking score (higher is better; comparable within one query).
    pub score: f64,
    /// 0..1, comparable across queries: near 1 only for specific evidence.
    pub confidence: f64,
    /// Short reasons, most important first.
    pub why: Vec<String>,
    /// The section the steps come from.
    pub steps_section: Option<String>,
    /// Remediation steps.
    pub steps: Vec<String>,
    /// Hotfix file rows.
    pub hotfix_files: Vec<HotfixFile>,
    /// The file the article was read from (the first of its sources).
    pub source: Option<String>,
    /// Whether the hit rests on specific evidence (the same message, or the
    /// same message ID, event ID or error code) rather than words alone:
    /// what makes a log message a `scan` finding.
    #[serde(skip)]
    pub specific: bool,
}

impl Hit {
    fn new(article: Article, scored: rank::Scored) -> Hit {
        Hit {
            id: article.id,
            kind: article.kind,
            title: article.title,
            score: (f64::from(scored.score) * 1000.0).round() / 1000.0,
            confidence: (f64::from(scored.confidence) * 100.0).round() / 100.0,
            why: scored.why,
            steps_section: article.steps_section,
            steps: article.steps,
            hotfix_files: article.hotfix_files,
            source: article.sources.into_iter().next(),
            specific: scored.features.is_specific(),
        }
    }
}

/// Match a pasted text against the index: the best `limit` articles.
pub fn match_text(index: &KbIndex, text: &str, limit: usize) -> Result<Vec<Hit>> {
    // A damaged index file shows up while searching: reported as damage, not a panic.
    index.guard(|| match_analyzed(index, text, limit))
}

fn match_analyzed(index: &KbIndex, text: &str, limit: usize) -> Result<Vec<Hit>> {
    let searcher = index.searcher();
    let (retrieval, mut ranked) = ranked(index, &searcher, text, limit)?;
    ranked.truncate(limit);
    rank::name_shared_words(&retrieval, &mut ranked);
    ranked.into_iter().map(|scored| Ok(Hit::new(index.article_at(&searcher, scored.address)?, scored))).collect()
}

/// Every re-ranked candidate of a paste with its evidence as numbers, best
/// first: what `kbmatch eval --features` writes for `benches/fit/fit.py`.
pub fn candidates(index: &KbIndex, text: &str) -> Result<Vec<rank::Scored>> {
    index.guard(|| {
        let searcher = index.searcher();
        Ok(ranked(index, &searcher, text, CANDIDATES)?.1)
    })
}

fn ranked(
    index: &KbIndex,
    searcher: &tantivy::Searcher,
    text: &str,
    limit: usize,
) -> Result<(retrieve::Retrieval, Vec<rank::Scored>)> {
    let analysis = query::analyze(text)?;
    let retrieval = retrieve::build(index, searcher, &analysis);
    let candidates = retrieve::search(searcher, &retrieval, CANDIDATES.max(limit))?;
    let ranked = rank::rank(index, searcher, &analysis, &retrieval, &candidates)?;
    Ok((retrieval, ranked))
}
