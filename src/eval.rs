//! Accuracy measurement: run a JSON Lines query set through the matcher and
//! report top-1, hit@5 and MRR@10 per query kind — the measure the project
//! and a support desk use.

use crate::api::KnowledgeBase;
use crate::error::{Error, Result};
use crate::index::KbIndex;
use crate::matcher;
use crate::matcher::options::{SearchOptions, Settings};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One query of an evaluation set.
#[derive(Debug, Clone, Deserialize)]
pub struct EvalQuery {
    /// Query id.
    pub qid: serde_json::Value,
    /// Query kind (`logline`, `error_text`, `symptom`, ...).
    #[serde(default)]
    pub kind: Option<String>,
    /// The pasted text.
    pub query: String,
    /// Every acceptable article id.
    pub expect: Vec<String>,
}

/// How one query went.
#[derive(Debug, Clone, Serialize)]
pub struct QueryOutcome {
    /// Query id.
    pub qid: serde_json::Value,
    /// Query kind.
    pub kind: String,
    /// Rank (1-based) of the first acceptable article in the top 10, if any.
    pub rank: Option<usize>,
    /// The expected ids.
    pub expect: Vec<String>,
    /// The top ids returned (up to 5), with confidences.
    pub got: Vec<(String, f64)>,
    /// What went wrong, if anything, in words.
    pub problem: Option<String>,
    /// How long the matcher took over it, in milliseconds (wall time, with
    /// the other queries running at once on the other cores).
    pub ms: f64,
}

/// How long the queries took, in milliseconds: the median, the 95th
/// percentile and the slowest.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Latency {
    /// The median.
    pub p50: f64,
    /// The 95th percentile.
    pub p95: f64,
    /// The slowest.
    pub max: f64,
    /// Queries run at once (one per core).
    pub at_once: usize,
}

impl Latency {
    /// The figures of `times` (milliseconds, any order; nearest rank).
    pub fn of(times: impl Iterator<Item = f64>, at_once: usize) -> Latency {
        let mut times: Vec<f64> = times.collect();
        times.sort_by(f64::total_cmp);
        let at = |q: f64| {
            let rank = ((q * times.len() as f64).ceil() as usize).clamp(1, times.len().max(1));
            times.get(rank - 1).copied().unwrap_or(0.0)
        };
        Latency { p50: at(0.5), p95: at(0.95), max: times.last().copied().unwrap_or(0.0), at_once }
    }
}

/// Aggregate figures for a group of queries.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Figures {
    /// Queries.
    pub queries: usize,
    /// Share with an acceptable article first.
    pub top1: f64,
    /// Share with an acceptable article in the top 5.
    pub hit5: f64,
    /// Mean reciprocal rank over the top 10.
    pub mrr10: f64,
}

/// One band of confidence: how many first hits fell in it and how often
/// they were right.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Band {
    /// Lowest confidence in the band.
    pub from: f64,
    /// Confidence below which the band ends (the last band holds 1.0 too).
    pub to: f64,
    /// First hits with a confidence in the band.
    pub count: usize,
    /// Their mean confidence.
    pub mean_confidence: f64,
    /// The share of them that are right.
    pub right: f64,
}

/// How well the first hit's confidence says how often it is right.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Calibration {
    /// Expected calibration error: the bands' gaps between mean confidence
    /// and share right, weighted by their counts.
    pub ece: f64,
    /// Brier score: the mean squared gap between each first hit's
    /// confidence and its outcome (1 right, 0 not). Unlike the ECE it
    /// depends on no band edges: one answer crossing an edge moves the ECE
    /// of a few hundred queries by a few thousandths, the Brier score only
    /// by what that answer's own confidence gained or lost.
    pub brier: f64,
    /// The bands, lowest first ([`BANDS`]).
    pub bands: Vec<Band>,
    /// Share right among first hits with a confidence of 0.9 or more.
    pub precision_at_90: f64,
    /// Share of queries whose first hit has a confidence of 0.9 or more.
    pub coverage_at_90: f64,
}

/// Edges of the confidence bands: finer where a support desk acts.
pub const BANDS: [f64; 7] = [0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0];

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    /// Figures over all queries.
    pub overall: Figures,
    /// Calibration of the first hit's confidence over all queries.
    pub calibration: Calibration,
    /// Figures per query kind.
    pub by_kind: BTreeMap<String, Figures>,
    /// Every query's outcome, in input order.
    pub queries: Vec<QueryOutcome>,
    /// For the queries no article answers (`expect` empty), how many first
    /// hits still claim an answer; absent when the set has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unanswerable: Option<Unanswerable>,
    /// How long the queries took.
    pub latency_ms: Latency,
}

/// How often a question no article answers still gets a confident hit.
#[derive(Debug, Clone, Serialize)]
pub struct Unanswerable {
    /// Queries whose `expect` is empty.
    pub queries: usize,
    /// Share of them whose first hit has a confidence of 0.5 or more.
    pub at_50: f64,
    /// Share of them whose first hit has a confidence of 0.9 or more.
    pub at_90: f64,
}

/// Parse a JSON Lines query set; blank lines are ignored.
pub fn parse_queries(text: &str) -> Result<Vec<EvalQuery>> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| {
            serde_json::from_str(line).map_err(|e| {
                Error::Input(format!(
                    "line {}: not an eval query ({e}): expected {{\"qid\", \"query\", \"expect\": [ids]}}",
                    n + 1
                ))
            })
        })
        .collect()
}

/// Run every query with the matcher's `settings` and score the results.
pub fn evaluate(kb: &KnowledgeBase, queries: &[EvalQuery], settings: &Settings) -> EvalReport {
    use rayon::prelude::*;
    let index = &*kb.current();
    let options = SearchOptions::default().limit(10).settings(settings.clone());
    let outcomes: Vec<QueryOutcome> = queries.par_iter().map(|q| run_one(index, q, &options)).collect();
    let mut by_kind: BTreeMap<String, Vec<&QueryOutcome>> = BTreeMap::new();
    for outcome in &outcomes {
        by_kind.entry(outcome.kind.clone()).or_default().push(outcome);
    }
    let none: Vec<f64> =
        outcomes.iter().filter(|o| o.expect.is_empty()).map(|o| o.got.first().map_or(0.0, |g| g.1)).collect();
    let share = |at: f64| none.iter().filter(|&&c| c >= at).count() as f64 / none.len().max(1) as f64;
    let unanswerable = (!none.is_empty()).then(|| Unanswerable { queries: none.len(), at_50: share(0.5), at_90: share(0.9) });
    EvalReport {
        unanswerable,
        latency_ms: Latency::of(outcomes.iter().map(|o| o.ms), rayon::current_num_threads()),
        overall: figures(outcomes.iter()),
        calibration: calibration(outcomes.iter().map(|o| (o.got.first().map_or(0.0, |g| g.1), o.rank == Some(1)))),
        by_kind: by_kind.into_iter().map(|(k, v)| (k, figures(v.into_iter()))).collect(),
        queries: outcomes,
    }
}

/// Whether a hit's id is one a query expects, as `score.py` compares them:
/// the same id, the same KB number (`Q319207`, `KB319207`, `319207`), or
/// the same last path segment without its extension (a modern article's
/// file name, a blog permalink).
pub fn is_expected(expect: &[String], id: &str) -> bool {
    let key = |id: &str| -> String {
        let last = id.trim_end_matches('/').rsplit('/').next().unwrap_or(id);
        let stem = last.rsplit_once('.').map_or(last, |(stem, _)| stem);
        let digits = stem.trim_start_matches(['Q', 'q']).trim_start_matches("KB").trim_start_matches("kb");
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            format!("kb:{}", digits.trim_start_matches('0'))
        } else {
            stem.to_lowercase()
        }
    };
    let id_key = key(id);
    expect.iter().any(|e| e == id || key(e) == id_key)
}

fn run_one(index: &KbIndex, query: &EvalQuery, options: &SearchOptions) -> QueryOutcome {
    let kind = query.kind.clone().unwrap_or_else(|| "all".into());
    let started = std::time::Instant::now();
    let found = matcher::match_text(index, &query.query, options);
    let ms = (started.elapsed().as_secs_f64() * 1e5).round() / 100.0;
    let (rank, got, problem) = match found {
        Ok(hits) => {
            let rank = hits.iter().position(|h| is_expected(&query.expect, &h.id)).map(|p| p + 1);
            let got: Vec<(String, f64)> = hits.iter().take(5).map(|h| (h.id.clone(), h.confidence)).collect();
            let problem = match rank {
                // A question no article answers has no miss to name.
                _ if query.expect.is_empty() => None,
                Some(1) => None,
                Some(r) => Some(format!("expected article ranked {r}; {} came first", hits[0].id)),
                None if hits.is_empty() => Some("no result".to_string()),
                None => Some(format!("expected article not in the top 10; {} came first", hits[0].id)),
            };
            (rank, got, problem)
        }
        Err(e) => (None, Vec::new(), Some(format!("error: {e}"))),
    };
    QueryOutcome { qid: query.qid.clone(), kind, rank, expect: query.expect.clone(), got, problem, ms }
}

/// For each query, every re-ranked candidate with its features, the kind
/// and inputs of its confidence model, and whether it is expected: one JSON
/// object per query, for `benches/fit/fit.py`.
pub fn candidate_features(kb: &KnowledgeBase, queries: &[EvalQuery], settings: &Settings) -> Vec<serde_json::Value> {
    use rayon::prelude::*;
    let index = &*kb.current();
    let options = SearchOptions::default().settings(settings.clone());
    queries
        .par_iter()
        .map(|q| {
            let candidates = matcher::candidates(index, &q.query, &options).unwrap_or_default();
            let rows: Vec<serde_json::Value> = candidates
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "id": c.scored.id,
                        "expected": is_expected(&q.expect, &c.scored.id),
                        "features": c.scored.features.values(),
                        // The confidence model's kind and inputs, as the
                        // matcher computed them: what the fit reads.
                        "kind": c.confidence.kind,
                        "inputs": c.confidence.inputs,
                        // Specific evidence skips the answered model.
                        "specific": c.scored.features.is_specific(),
                        // The weighted sum, the confidence, and (with the
                        // optional sentence encoder) the cosine of paste
                        // and article: what a fit of the re-ranking by
                        // meaning reads.
                        "score": c.scored.score,
                        "chance": c.confidence.chance,
                        "cosine": c.scored.why.iter().find_map(|e| match e {
                            crate::matcher::evidence::Evidence::Meaning { cosine } => Some(*cosine),
                            _ => None,
                        }),
                    })
                })
                .collect();
            let query = candidates.first().map(|c| c.scored.query).unwrap_or_default();
            serde_json::json!({
                "qid": q.qid,
                "kind": q.kind,
                "query": query,
                // The re-ranking weights that ordered the candidates, so
                // that the fit scores them as the matcher does.
                "weights": settings.0.rerank.values(),
                "candidates": rows,
            })
        })
        .collect()
}

/// Calibration of (confidence, right) pairs, one per query; a query with no
/// hit counts as confidence 0, not right.
pub fn calibration(pairs: impl Iterator<Item = (f64, bool)>) -> Calibration {
    let mut bands: Vec<Band> = BANDS.windows(2).map(|w| Band { from: w[0], to: w[1], ..Band::default() }).collect();
    let (mut n, mut high, mut high_right) = (0usize, 0usize, 0usize);
    let mut squared_gaps = 0.0;
    for (confidence, right) in pairs {
        n += 1;
        squared_gaps += (confidence - f64::from(u8::from(right))).powi(2);
        if confidence >= 0.9 {
            high += 1;
            high_right += usize::from(right);
        }
        // The last band whose lower edge the confidence reaches (1.0 falls
        // in the last band).
        if let Some(band) = bands.iter_mut().rev().find(|b| confidence >= b.from) {
            band.count += 1;
            band.mean_confidence += confidence;
            band.right += f64::from(u8::from(right));
        }
    }
    let mut ece = 0.0;
    for band in &mut bands {
        if band.count > 0 {
            band.mean_confidence /= band.count as f64;
            band.right /= band.count as f64;
            ece += band.count as f64 * (band.mean_confidence - band.right).abs();
        }
    }
    Calibration {
        ece: if n > 0 { ece / n as f64 } else { 0.0 },
        brier: if n > 0 { squared_gaps / n as f64 } else { 0.0 },
        bands,
        precision_at_90: if high > 0 { high_right as f64 / high as f64 } else { 0.0 },
        coverage_at_90: if n > 0 { high as f64 / n as f64 } else { 0.0 },
    }
}

fn figures<'a>(outcomes: impl Iterator<Item = &'a QueryOutcome>) -> Figures {
    let mut f = Figures::default();
    for outcome in outcomes {
        f.queries += 1;
        if let Some(rank) = outcome.rank {
            f.top1 += f64::from(u8::from(rank == 1));
            f.hit5 += f64::from(u8::from(rank <= 5));
            f.mrr10 += 1.0 / rank as f64;
        }
    }
    if f.queries > 0 {
        let n = f.queries as f64;
        f.top1 /= n;
        f.hit5 /= n;
        f.mrr10 /= n;
    }
    f
}

#[cfg(test)]
mod tests {
    use super::{Latency, calibration};

    #[test]
    fn latency_is_read_at_the_nearest_rank() {
        let times = [5.0, 1.0, 4.0, 2.0, 3.0, 10.0, 6.0, 7.0, 8.0, 9.0];
        let latency = Latency::of(times.into_iter(), 2);
        assert_eq!(latency, Latency { p50: 5.0, p95: 10.0, max: 10.0, at_once: 2 });
        assert_eq!(Latency::of(std::iter::empty(), 1), Latency { p50: 0.0, p95: 0.0, max: 0.0, at_once: 1 });
    }

    #[test]
    fn calibration_bands_ece_and_the_share_right_above_ninety() {
        // Four answers at 0.95 (three right), two at 0.6 (one right), one at 0.2 (wrong).
        let pairs = [(0.95, true), (0.95, true), (0.95, true), (0.95, false), (0.6, true), (0.6, false), (0.2, false)];
        let c = calibration(pairs.into_iter());
        let counts: Vec<usize> = c.bands.iter().map(|b| b.count).collect();
        assert_eq!(counts, [1, 2, 0, 0, 0, 4]);
        // |0.2 - 0| × 1 + |0.6 - 0.5| × 2 + |0.95 - 0.75| × 4, over 7.
        assert!((c.ece - (0.2 + 0.2 + 0.8) / 7.0).abs() < 1e-9, "{}", c.ece);
        // 0.05² × 3 + 0.95² + 0.4² + 0.6² + 0.2², over 7.
        let brier = (0.0025 * 3.0 + 0.9025 + 0.16 + 0.36 + 0.04) / 7.0;
        assert!((c.brier - brier).abs() < 1e-9, "{}", c.brier);
        assert_eq!((c.precision_at_90, c.coverage_at_90), (0.75, 4.0 / 7.0));
        assert_eq!(c.bands.last().map(|b| b.to), Some(1.0));
    }
}
