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
//!    another form, `quoted` those whose quoted messages hold the
//!    paste's runs of words, and `versions` those that apply to a product
//!    version the paste names;
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
pub mod links;
pub mod mask;
pub mod maxscore;
pub mod named_fields;
pub mod options;
pub mod query;
pub mod quoted;
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
    let (retrieval, pasted, ranked) = ranked(index, &searcher, analysis, paste, options)?;
    let mut ranked = tickets_after_articles(index, &searcher, ranked, options)?;
    ranked.retain(|c| shown(c.confidence.chance) >= options.min_confidence);
    ranked.truncate(options.limit);
    rank::name_shared_words(&retrieval, ranked.iter_mut().map(|c| &mut c.scored));
    let words = paste.map(links::paste_words).unwrap_or_default();
    let hits = ranked
        .into_iter()
        .map(|mut candidate| {
            let article = index.article_at(&searcher, candidate.scored.address)?;
            let mut evidence = std::mem::take(&mut candidate.scored.why);
            if let Some(asked) = links::asked(&words, &article) {
                let at = evidence.iter().position(|e| matches!(e, Evidence::Words { .. })).unwrap_or(evidence.len());
                evidence.insert(at, asked);
            }
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

/// The candidates with each linked ticket after the article it cites, no
/// surer than it (see [`links`]); as ranked where the search asks for
/// tickets alone.
fn tickets_after_articles(
    index: &KbIndex,
    searcher: &tantivy::Searcher,
    ranked: Vec<Candidate>,
    options: &SearchOptions,
) -> Result<Vec<Candidate>> {
    if !options.finds_articles() {
        return Ok(ranked);
    }
    let keys: Vec<_> = ranked.iter().map(|c| (c.scored.address, c.scored.id.as_str())).collect();
    let order = links::tickets_after_articles(index, searcher, &keys, options.limit)?;
    let mut out: Vec<Candidate> = Vec::with_capacity(order.len());
    for (at, cap) in order {
        let mut candidate = ranked[at].clone();
        if let Some(cap) = cap {
            candidate.confidence.chance = candidate.confidence.chance.min(ranked[cap].confidence.chance);
        }
        out.push(candidate);
    }
    Ok(out)
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
    let mut retrieval = retrieve::build(index, searcher, &analysis, weights)?;
    if let Some(filter) = options.filter(index, searcher)? {
        retrieval.restrict(filter);
    }
    let (mut candidates, found) = retrieve::search_listed(searcher, &retrieval, weights.limits.candidates.max(options.limit), weights)?;
    if let Some(pasted) = &pasted {
        codes::add_candidates(index, searcher, &retrieval, pasted, &mut candidates, weights.limits.code_candidates)?;
    }
    quoted::add_candidates(index, searcher, &retrieval, &mut candidates, &weights.limits)?;
    let named = versions::named(index, &analysis);
    versions::add_candidates(index, searcher, &retrieval, &found, &named, &mut candidates, weights.limits.version_candidates)?;
    let mut meaning = match paste {
        Some(paste) => sentences::read(index, paste, &analysis, pasted.is_some())?,
        None => None,
    };
    if let Some(meaning) = &mut meaning {
        sentences::add_candidates(index, searcher, &retrieval, meaning, &mut candidates, weights.limits.sentence_nearest)?;
    }
    // A ticket linked for its words brings its article (see `links`).
    let links = links::candidate_links(index, searcher, &candidates, retrieval.filter.as_deref())?;
    retrieve::add_scored(searcher, &retrieval, links.asked.iter().map(|p| p.1), &mut candidates)?;
    let mut ranked = rank::rank(index, searcher, &analysis, &retrieval, &named, &candidates, weights)?;
    links::lift(&mut ranked, &links, options.finds_articles());
    let mut ranked = calibrate(ranked, weights);
    if let Some(meaning) = &meaning {
        let scored: Vec<&rank::Scored> = ranked.iter().map(|c| &c.scored).collect();
        let first_chance = ranked.first().map_or(0.0, |c| c.confidence.chance);
        if let Some(reranked) = sentences::rerank(index, searcher, meaning, &scored, first_chance, weights)? {
            ranked = by_meaning(ranked, reranked, weights.sentence > 0.0);
        }
    }
    if options.finds_articles() && !links.doubtful.is_empty() {
        // Meaning may have moved one up again; and one is no surer than
        // the hit above it (its confidence weighed its lead over the first).
        links::doubtful_last(&mut ranked, |c| c.scored.address, &links.doubtful);
        for at in 1..ranked.len() {
            if links.doubtful.contains(&ranked[at].scored.address) {
                let above = ranked[at - 1].confidence.chance;
                ranked[at].confidence.chance = ranked[at].confidence.chance.min(above);
            }
        }
    }
    Ok((retrieval, pasted, ranked))
}

/// The best candidates put in the order meaning gave them (see
/// [`sentences`]), each with its cosine as evidence, the first hit's
/// confidence from `sentences`' fitted models (one for a first hit meaning
/// moved there, one for the words' first kept there) and no confidence
/// above the one before it. With `weighed` false (a cosine that weighs
/// nothing: how `benches/fit/sentence.sh` dumps the words' own chances)
/// the cosines are only told.
fn by_meaning(mut ranked: Vec<Candidate>, reranked: sentences::Reranked, weighed: bool) -> Vec<Candidate> {
    for (&i, cosine) in reranked.order.iter().zip(&reranked.cosines) {
        ranked[i].scored.why.push(Evidence::Meaning { cosine: *cosine });
    }
    if !weighed {
        return ranked;
    }
    let chances: Vec<f32> = ranked.iter().map(|c| c.confidence.chance).collect();
    let first = reranked.first_chance(&chances);
    if reranked.moved() {
        let order = reranked.full_order(ranked.len());
        let mut slots: Vec<Option<Candidate>> = ranked.into_iter().map(Some).collect();
        ranked = order.iter().filter_map(|&i| slots[i].take()).collect();
    }
    if let (Some(chance), Some(top)) = (first, ranked.first_mut()) {
        top.confidence.chance = chance;
    }
    sentences::cap(ranked.iter_mut().map(|c| &mut c.confidence.chance));
    ranked
}

/// Each candidate's confidence (see [`calibration::confidences`]).
fn calibrate(ranked: Vec<rank::Scored>, weights: &weights::Weights) -> Vec<Candidate> {
    let evidence: Vec<_> = ranked.iter().map(|s| (s.features, s.query, s.score)).collect();
    let confidences = calibration::confidences(&evidence, |f| weights.score(f));
    ranked.into_iter().zip(confidences).map(|(scored, confidence)| Candidate { scored, confidence }).collect()
}
