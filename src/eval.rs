//! Accuracy measurement: run a JSON Lines query set through the matcher and
//! report top-1, hit@5 and MRR@10 per query kind — the measure the project
//! and a support desk use.

use crate::error::{Error, Result};
use crate::index::KbIndex;
use crate::matcher;
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

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    /// Figures over all queries.
    pub overall: Figures,
    /// Figures per query kind.
    pub by_kind: BTreeMap<String, Figures>,
    /// Every query's outcome, in input order.
    pub queries: Vec<QueryOutcome>,
}

/// Parse a JSON Lines query set; blank lines are ignored.
pub fn parse_queries(text: &str) -> Result<Vec<EvalQuery>> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| {
            serde_json::from_str(line)
                .map_err(|e| Error::Input(format!("line {}: not an eval query ({e}): expected {{\"qid\", \"query\", \"expect\": [ids]}}", n + 1)))
        })
        .collect()
}

/// Run every query and score the results.
pub fn evaluate(index: &KbIndex, queries: &[EvalQuery]) -> EvalReport {
    use rayon::prelude::*;
    let outcomes: Vec<QueryOutcome> = queries.par_iter().map(|q| run_one(index, q)).collect();
    let mut by_kind: BTreeMap<String, Vec<&QueryOutcome>> = BTreeMap::new();
    for outcome in &outcomes {
        by_kind.entry(outcome.kind.clone()).or_default().push(outcome);
    }
    EvalReport {
        overall: figures(outcomes.iter()),
        by_kind: by_kind.into_iter().map(|(k, v)| (k, figures(v.into_iter()))).collect(),
        queries: outcomes,
    }
}

fn run_one(index: &KbIndex, query: &EvalQuery) -> QueryOutcome {
    let kind = query.kind.clone().unwrap_or_else(|| "all".into());
    let (rank, got, problem) = match matcher::match_text(index, &query.query, 10) {
        Ok(hits) => {
            let rank = hits.iter().position(|h| query.expect.contains(&h.id)).map(|p| p + 1);
            let got: Vec<(String, f64)> = hits.iter().take(5).map(|h| (h.id.clone(), h.confidence)).collect();
            let problem = match rank {
                Some(1) => None,
                Some(r) => Some(format!("expected article ranked {r}; {} came first", hits[0].id)),
                None if hits.is_empty() => Some("no result".to_string()),
                None => Some(format!("expected article not in the top 10; {} came first", hits[0].id)),
            };
            (rank, got, problem)
        }
        Err(e) => (None, Vec::new(), Some(format!("error: {e}"))),
    };
    QueryOutcome { qid: query.qid.clone(), kind, rank, expect: query.expect.clone(), got, problem }
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
