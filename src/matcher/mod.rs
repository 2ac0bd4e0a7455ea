//! Stage 4: pasted text -> entries and signals -> queries -> ranked hits.
//!
//! This file is the one place that composes the steps, in the order a
//! paste goes through them; each step is a file that imports only the
//! steps before it and the leaves (`features`, `weights`, `evidence`,
//! `hit`):
//!
//! 1. `query` takes the paste apart ([`crate::logs`], `mask`, signals);
//! 2. `codes` decodes its error code and adds the code's names and numbers;
//! 3. `retrieve` finds candidates with one tantivy query (`synonyms`,
//!    `spelling`), `codes` adds the articles that quote the code in
//!    another form, and `versions` those that apply to a product version
//!    the paste names;
//! 4. `rank` scores each candidate's evidence as `features` (the same
//!    message, the same ID or code, `associations`, meaning, `versions`) weighed by
//!    `weights`, and says why (`evidence`);
//! 5. `calibration` turns each candidate's evidence and its lead over its
//!    rivals into a confidence (the models in `fitted.json`); where the
//!    index has the optional sentence encoder, `sentences` re-ranks a
//!    description's best by meaning;
//! 6. the best become [`Hit`]s, with the article's steps and hotfix files.

pub mod associations;
pub mod background;
pub mod calibration;
pub mod codes;
pub mod evidence;
pub mod features;
pub mod function_words;
pub mod hit;
pub mod mask;
pub mod maxscore;
pub mod named_fields;
pub mod options;
pub mod query;
pub mod rank;
pub mod rarity;
pub mod retrieve;
pub mod sentences;
pub mod spelling;
pub mod synonyms;
pub mod versions;
pub mod weights;

pub use hit::{Hit, HitCode, PastedCode};

use crate::article::Article;
use crate::error::Result;
use crate::index::KbIndex;
use calibration::Confidence;
use evidence::Evidence;
use options::SearchOptions;

/// A re-ranked candidate and how sure it is.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Its evidence and score.
    pub scored: rank::Scored,
    /// Its confidence, and the inputs it rests on.
    pub confidence: Confidence,
}

/// A confidence as the answer shows it, to the hundredth: what
/// `--min-confidence` is held to, so that a hit shown at 0.50 is kept at 0.5.
fn shown(chance: f32) -> f64 {
    (f64::from(chance) * 100.0).round() / 100.0
}

/// A ranked candidate as the answer shows it.
fn hit(article: Article, candidate: Candidate, evidence: Vec<Evidence>, code: Option<HitCode>) -> Hit {
    let Candidate { scored, confidence } = candidate;
    Hit {
        id: article.id,
        kind: article.kind,
        title: article.title,
        score: (f64::from(scored.score) * 1000.0).round() / 1000.0,
        confidence: shown(confidence.chance),
        why: evidence.iter().map(ToString::to_string).collect(),
        evidence,
        steps_section: article.steps_section,
        steps: article.steps,
        procedures: article.procedures,
        hotfix_files: article.hotfix_files,
        source: article.sources.into_iter().next(),
        specific: scored.features.is_specific(),
        same_message: scored.features.is_same_message(),
        shared_signals: scored.shared,
        code,
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
    index.guard(|| match_analyzed(index, query::analyze(text)?, Some(text), options))
}

/// Match log entries already read (see [`query::analyze_entries`]): the
/// best articles, as `options` asks.
pub fn match_entries(
    index: &KbIndex,
    entries: Vec<crate::logs::LogEntry>,
    options: &SearchOptions,
) -> Result<Vec<Hit>> {
    options.check()?;
    index.guard(|| match_analyzed(index, query::analyze_entries(entries)?, None, options)).map(|(hits, _)| hits)
}

fn match_analyzed(
    index: &KbIndex,
    analysis: query::QueryAnalysis,
    paste: Option<&str>,
    options: &SearchOptions,
) -> Result<(Vec<Hit>, Option<PastedCode>)> {
    let searcher = index.searcher();
    let (retrieval, pasted, mut ranked) = ranked(index, &searcher, analysis, paste, options)?;
    ranked.retain(|c| shown(c.confidence.chance) >= options.min_confidence);
    ranked.truncate(options.limit);
    rank::name_shared_words(&retrieval, ranked.iter_mut().map(|c| &mut c.scored));
    let hits = ranked
        .into_iter()
        .map(|mut candidate| {
            let article = index.article_at(&searcher, candidate.scored.address)?;
            let mut evidence = std::mem::take(&mut candidate.scored.why);
            let code = pasted.as_ref().map(|p| {
                let code = codes::as_quoted(index, p, &article);
                codes::explain(p, &code, &mut evidence);
                code
            });
            Ok(hit(article, candidate, evidence, code))
        })
        .collect::<Result<Vec<Hit>>>()?;
    Ok((hits, pasted))
}

/// Every re-ranked candidate of a paste with its evidence as numbers and
/// its confidence's inputs, best first: what `kbmatch eval --features`
/// writes for `benches/fit/fit.py`.
#[cfg(any(feature = "cli", feature = "internals"))]
pub fn candidates(index: &KbIndex, text: &str, options: &SearchOptions) -> Result<Vec<Candidate>> {
    index.guard(|| {
        let searcher = index.searcher();
        let candidates = options.settings.0.limits.candidates;
        Ok(ranked(index, &searcher, query::analyze(text)?, Some(text), &options.clone().limit(candidates))?.2)
    })
}

/// Decode an analysed paste's code, retrieve, re-rank and calibrate (and,
/// with the sentence encoder, re-rank a pasted description by meaning):
/// the retrieval, the decoded code and the candidates, best first.
fn ranked(
    index: &KbIndex,
    searcher: &tantivy::Searcher,
    mut analysis: query::QueryAnalysis,
    paste: Option<&str>,
    options: &SearchOptions,
) -> Result<(retrieve::Retrieval, Option<PastedCode>, Vec<Candidate>)> {
    let pasted = codes::expand_paste(index, &mut analysis);
    let weights = &options.settings.0;
    let mut retrieval = retrieve::build(index, searcher, &analysis, weights);
    if let Some(filter) = options.filter(index, searcher)? {
        retrieval.restrict(filter);
    }
    let (mut candidates, found) = retrieve::search_listed(searcher, &retrieval, weights.limits.candidates.max(options.limit), weights)?;
    if let Some(pasted) = &pasted {
        codes::add_candidates(index, searcher, &retrieval, pasted, &mut candidates, weights.limits.code_candidates)?;
    }
    let named = versions::named(index, &analysis);
    versions::add_candidates(index, searcher, &retrieval, &found, &named, &mut candidates, weights.limits.version_candidates)?;
    let ranked = rank::rank(index, searcher, &analysis, &retrieval, &named, &candidates, weights)?;
    let mut ranked = calibrate(ranked);
    if let Some(paste) = paste {
        let scored: Vec<&rank::Scored> = ranked.iter().map(|c| &c.scored).collect();
        let first_chance = ranked.first().map_or(0.0, |c| c.confidence.chance);
        if let Some(reranked) = sentences::rerank(index, searcher, paste, &scored, first_chance, weights)? {
            by_meaning(&mut ranked, reranked);
        }
    }
    Ok((retrieval, pasted, ranked))
}

/// The best candidates put in the order meaning gave them (see
/// [`sentences`]), each with its cosine as evidence, and, where the order
/// moved, a new first hit's confidence from `sentences`' fitted model and
/// no confidence above the one before it.
fn by_meaning(ranked: &mut [Candidate], reranked: sentences::Reranked) {
    for (candidate, cosine) in ranked.iter_mut().zip(&reranked.cosines) {
        candidate.scored.why.push(Evidence::Meaning { cosine: *cosine });
    }
    if reranked.moved() {
        let chances: Vec<f32> = ranked.iter().map(|c| c.confidence.chance).collect();
        let first = reranked.first_chance(&chances);
        let top: Vec<Candidate> = reranked.order.iter().map(|&i| ranked[i].clone()).collect();
        ranked[..top.len()].clone_from_slice(&top);
        if let Some(chance) = first {
            ranked[0].confidence.chance = chance;
        }
        sentences::cap(ranked.iter_mut().map(|c| &mut c.confidence.chance));
    }
}

/// Each candidate's confidence (see [`calibration::confidences`]).
fn calibrate(ranked: Vec<rank::Scored>) -> Vec<Candidate> {
    let evidence: Vec<_> = ranked.iter().map(|s| (s.features, s.query, s.score)).collect();
    let confidences = calibration::confidences(&evidence);
    ranked.into_iter().zip(confidences).map(|(scored, confidence)| Candidate { scored, confidence }).collect()
}
