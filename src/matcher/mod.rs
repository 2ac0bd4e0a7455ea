//! Stage 4: pasted text -> entries and signals -> queries -> ranked hits.
//!
//! `query` takes the paste apart ([`crate::logs`], `mask`, signals), `retrieve`
//! finds candidates with one tantivy query, `rank` re-scores them on the
//! evidence (same message, same ID or code) and says why.

pub mod associations;
pub mod calibration;
pub mod codes;
pub mod evidence;
pub mod mask;
pub mod options;
pub mod query;
pub mod rank;
pub mod retrieve;
pub mod spelling;
pub mod synonyms;
pub mod weights;

use crate::article::{Article, ArticleKind, HotfixFile};
use crate::error::Result;
use crate::index::KbIndex;
use evidence::Evidence;
use options::SearchOptions;
use serde::{Deserialize, Serialize};

/// One ranked answer: the contract's `Hit`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
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
    /// Short reasons, most important first: the [`Hit::evidence`] in words.
    pub why: Vec<String>,
    /// The reasons as data, most important first.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
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
    /// Whether the hit quotes the same message (word for word or by its
    /// template): the evidence that makes a routine log message a `scan`
    /// finding (an article naming it as a symptom).
    #[serde(skip)]
    pub same_message: bool,
    /// The IDs and codes the hit shares with the paste, as signal terms
    /// (`event:7023:service control manager`): an event log record is the
    /// same event only with the same source.
    #[serde(skip)]
    pub shared_signals: Vec<String>,
    /// The error code of the paste, decoded, and how this article writes
    /// it; absent when the paste holds no code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<HitCode>,
}

/// An error code of the paste, decoded (see [`crate::extract::codes`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PastedCode {
    /// The code as the paste writes it (`0x800705AA`).
    pub pasted: String,
    /// What it is (`Win32 error 1450`).
    pub decoded: String,
    /// Every form of it, with the name and message the corpus gives.
    pub forms: crate::extract::codes::Forms,
    /// The normalised codes that stand for it in the index (`win32:1450`,
    /// `0x800705aa`, `name:ERROR_NO_SYSTEM_RESOURCES`).
    #[serde(skip)]
    pub codes: Vec<String>,
    /// Whether the paste leaves no doubt which code it is: an HRESULT, an
    /// NTSTATUS, `System error 1450`; not a bare `error 24`, which may be
    /// any program's.
    #[serde(skip)]
    pub sure: bool,
}

/// The paste's error code as one hit holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HitCode {
    /// The code as the paste writes it.
    pub pasted: String,
    /// What it is (`Win32 error 1450`).
    pub decoded: String,
    /// How the article writes it (`System error 1450`), if it quotes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quoted: Option<String>,
}

impl Hit {
    fn new(article: Article, scored: rank::Scored, evidence: Vec<Evidence>, code: Option<HitCode>) -> Hit {
        Hit {
            id: article.id,
            kind: article.kind,
            title: article.title,
            score: (f64::from(scored.score) * 1000.0).round() / 1000.0,
            confidence: (f64::from(scored.confidence) * 100.0).round() / 100.0,
            why: evidence.iter().map(ToString::to_string).collect(),
            evidence,
            steps_section: article.steps_section,
            steps: article.steps,
            hotfix_files: article.hotfix_files,
            source: article.sources.into_iter().next(),
            specific: scored.features.is_specific(),
            same_message: scored.features.is_same_message(),
            shared_signals: scored.shared,
            code,
        }
    }
}

/// Match a pasted text against the index: the best articles, as `options` asks.
pub fn match_text(index: &KbIndex, text: &str, options: &SearchOptions) -> Result<Vec<Hit>> {
    match_with_code(index, text, options).map(|(hits, _)| hits)
}

/// [`match_text`], and the paste's error code decoded, if it holds one.
pub fn match_with_code(index: &KbIndex, text: &str, options: &SearchOptions) -> Result<(Vec<Hit>, Option<PastedCode>)> {
    options.check()?;
    // A damaged index file shows up while searching: reported as damage, not a panic.
    index.guard(|| match_analyzed(index, query::analyze(text)?, options))
}

/// Match log entries already read (see [`query::analyze_entries`]): the
/// best articles, as `options` asks.
pub fn match_entries(
    index: &KbIndex,
    entries: Vec<crate::logs::LogEntry>,
    options: &SearchOptions,
) -> Result<Vec<Hit>> {
    options.check()?;
    index.guard(|| match_analyzed(index, query::analyze_entries(entries)?, options)).map(|(hits, _)| hits)
}

fn match_analyzed(
    index: &KbIndex,
    analysis: query::QueryAnalysis,
    options: &SearchOptions,
) -> Result<(Vec<Hit>, Option<PastedCode>)> {
    let searcher = index.searcher();
    let (retrieval, pasted, mut ranked) = ranked(index, &searcher, analysis, options)?;
    ranked.retain(|scored| f64::from(scored.confidence) >= options.min_confidence);
    ranked.truncate(options.limit);
    rank::name_shared_words(&retrieval, &mut ranked);
    let hits = ranked
        .into_iter()
        .map(|mut scored| {
            let article = index.article_at(&searcher, scored.address)?;
            let mut evidence = std::mem::take(&mut scored.why);
            let code = pasted.as_ref().map(|p| {
                let code = codes::as_quoted(index, p, &article);
                codes::explain(p, &code, &mut evidence);
                code
            });
            Ok(Hit::new(article, scored, evidence, code))
        })
        .collect::<Result<Vec<Hit>>>()?;
    Ok((hits, pasted))
}

/// Every re-ranked candidate of a paste with its evidence as numbers, best
/// first: what `kbmatch eval --features` writes for `benches/fit/fit.py`.
pub fn candidates(index: &KbIndex, text: &str, options: &SearchOptions) -> Result<Vec<rank::Scored>> {
    index.guard(|| {
        let searcher = index.searcher();
        let candidates = options.settings.0.limits.candidates;
        Ok(ranked(index, &searcher, query::analyze(text)?, &options.clone().limit(candidates))?.2)
    })
}

/// Decode an analysed paste's code, retrieve and re-rank: the retrieval,
/// the decoded code and the candidates, best first.
fn ranked(
    index: &KbIndex,
    searcher: &tantivy::Searcher,
    mut analysis: query::QueryAnalysis,
    options: &SearchOptions,
) -> Result<(retrieve::Retrieval, Option<PastedCode>, Vec<rank::Scored>)> {
    let pasted = codes::expand_paste(index, &mut analysis);
    let weights = &options.settings.0;
    let mut retrieval = retrieve::build(index, searcher, &analysis, weights);
    if let Some(filter) = options.filter(index, searcher)? {
        retrieval.restrict(filter);
    }
    let mut candidates = retrieve::search(searcher, &retrieval, weights.limits.candidates.max(options.limit), weights)?;
    if let Some(pasted) = &pasted {
        codes::add_candidates(index, searcher, &retrieval, pasted, &mut candidates, weights.limits.code_candidates)?;
    }
    let ranked = rank::rank(index, searcher, &analysis, &retrieval, &candidates, weights)?;
    Ok((retrieval, pasted, ranked))
}
