//! The learned re-ranker for pastes that name no ID or code and that no
//! candidate quotes as its message ([`Ranker::applies`]): a forest of
//! small regression trees that adds to each candidate's weighted sum
//! ([`super::weights::Weights::score`]) what the sum misses, such as how a
//! candidate's evidence compares with the best among the others.
//!
//! `ranker.json` beside this file is written by `benches/fit/fit_ranker.py`
//! (LightGBM's LambdaRank over the training queries' feature dumps, the
//! settings chosen by cross-validation; see `benches/fit/README.md`). The
//! trees are kept as LightGBM keeps them: per node an input, a threshold
//! (`input <= threshold` goes left) and two children, a child below zero
//! being the leaf `!child`.

use super::rank::{Features, QueryFeatures};
use serde::Deserialize;
use std::sync::LazyLock;

/// The fitted forest: `benches/fit/fit_ranker.py` writes this file.
pub const RANKER_JSON: &str = include_str!("ranker.json");

/// One input of the forest, resolved from its name in `ranker.json`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Input {
    /// A feature of the candidate (an index into [`Features::values`]).
    Feature(usize),
    /// The feature minus the best value among the candidates.
    Gap(usize),
    /// A feature of the paste: [`QueryFeatures::bare_number`], `words`, `standout`.
    BareNumber,
    Words,
    Standout,
    /// The candidate's weighted sum.
    Score,
    /// The weighted sum minus the best candidate's.
    ScoreGap,
}

impl Input {
    /// The input called `name` (a name of [`Features::NAMES`], the same
    /// with `_gap`, `bare_number`, `words`, `standout`, `score`, `score_gap`).
    fn named(name: &str) -> Option<Input> {
        let feature = |n: &str| Features::NAMES.iter().position(|f| *f == n);
        Some(match name {
            "score" => Input::Score,
            "score_gap" => Input::ScoreGap,
            "bare_number" => Input::BareNumber,
            "words" => Input::Words,
            "standout" => Input::Standout,
            _ => match name.strip_suffix("_gap") {
                Some(base) => Input::Gap(feature(base)?),
                None => Input::Feature(feature(name)?),
            },
        })
    }
}

#[derive(Debug, Deserialize)]
struct Tree {
    feature: Vec<usize>,
    threshold: Vec<f64>,
    left: Vec<i32>,
    right: Vec<i32>,
    leaf: Vec<f64>,
}

impl Tree {
    fn value(&self, inputs: &[f64]) -> f64 {
        if self.feature.is_empty() {
            return self.leaf.first().copied().unwrap_or(0.0);
        }
        let mut node = 0i32;
        while node >= 0 {
            let at = node as usize;
            node = if inputs[self.feature[at]] <= self.threshold[at] { self.left[at] } else { self.right[at] };
        }
        self.leaf[!node as usize]
    }

    /// Whether every node and leaf the tree points at exists.
    fn is_whole(&self, inputs: usize) -> bool {
        let nodes = self.feature.len();
        let child_ok = |c: i32| if c >= 0 { (c as usize) < nodes } else { (!c as usize) < self.leaf.len() };
        self.threshold.len() == nodes
            && self.left.len() == nodes
            && self.right.len() == nodes
            && self.feature.iter().all(|&f| f < inputs)
            && self.left.iter().chain(&self.right).all(|&c| child_ok(c))
            && !self.leaf.is_empty()
    }
}

#[derive(Debug, Deserialize)]
struct RankerFile {
    scale: f32,
    inputs: Vec<String>,
    trees: Vec<Tree>,
}

/// The forest and how it meets the weighted sum.
#[derive(Debug)]
pub struct Ranker {
    /// What the weighted sum counts for beside the forest.
    scale: f32,
    inputs: Vec<Input>,
    trees: Vec<Tree>,
}

static RANKER: LazyLock<Ranker> =
    LazyLock::new(|| Ranker::parse(RANKER_JSON).expect("src/matcher/ranker.json is valid (a test checks it)"));

impl Ranker {
    /// The fitted ranker, read once.
    pub fn get() -> &'static Ranker {
        &RANKER
    }

    /// Reads a ranker file, or says what is wrong with it.
    pub fn parse(json: &str) -> Result<Ranker, String> {
        let file: RankerFile = serde_json::from_str(json).map_err(|e| format!("not a ranker file: {e}"))?;
        let inputs = file
            .inputs
            .iter()
            .map(|n| Input::named(n).ok_or_else(|| format!("unknown ranker input {n:?}")))
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(at) = file.trees.iter().position(|t| !t.is_whole(inputs.len())) {
            return Err(format!("ranker tree {at} points at a node, leaf or input it lacks"));
        }
        Ok(Ranker { scale: file.scale, inputs, trees: file.trees })
    }

    /// Whether the ranker re-scores these candidates: the paste names no
    /// ID or code, and none of them quotes the pasted message (the weighted
    /// sum has the answer there: the same message is near-proof). What it
    /// was fitted on, too (`fit_ranker.py`'s `load`).
    pub fn applies(query: &QueryFeatures, candidates: &[Features]) -> bool {
        query.has_id == 0.0 && !candidates.is_empty() && !candidates.iter().any(Features::is_same_message)
    }

    /// The candidates' new scores, from their features and weighted sums
    /// (`scores`, in the same order): `weight` of the way from the sum to
    /// the fitted ranking (0 leaves the sums, 1 is the ranking as fitted).
    pub fn rescore(&self, query: &QueryFeatures, features: &[Features], scores: &[f32], weight: f32) -> Vec<f32> {
        let values: Vec<[f32; 14]> = features.iter().map(Features::values).collect();
        let best = |i: usize| values.iter().map(|v| v[i]).fold(f32::NEG_INFINITY, f32::max);
        let best_values: Vec<f32> = (0..Features::NAMES.len()).map(best).collect();
        let best_score = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        values
            .iter()
            .zip(scores)
            .map(|(v, &score)| {
                let inputs: Vec<f64> = self
                    .inputs
                    .iter()
                    .map(|input| {
                        f64::from(match *input {
                            Input::Feature(i) => v[i],
                            Input::Gap(i) => v[i] - best_values[i],
                            Input::BareNumber => query.bare_number,
                            Input::Words => query.words,
                            Input::Standout => query.standout,
                            Input::Score => score,
                            Input::ScoreGap => score - best_score,
                        })
                    })
                    .collect();
                let forest: f64 = self.trees.iter().map(|t| t.value(&inputs)).sum();
                score + weight * ((self.scale - 1.0) * score + forest as f32)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features(text: f32, meaning: f32) -> Features {
        Features { text, meaning, ..Features::default() }
    }

    /// One tree: meaning's gap to the best above -0.05 earns 1, else 0.
    const ONE_TREE: &str = r#"{"scale":0.5,"inputs":["text","meaning_gap"],
        "trees":[{"feature":[1],"threshold":[-0.05],"left":[-1],"right":[-2],"leaf":[0.0,1.0]}]}"#;

    #[test]
    fn the_fitted_ranker_reads_and_names_known_inputs() {
        let ranker = Ranker::parse(RANKER_JSON).expect("ranker.json parses");
        assert!(!ranker.trees.is_empty());
        assert!(ranker.inputs.contains(&Input::Score));
    }

    #[test]
    fn the_fitting_script_reads_the_features_in_this_order() {
        // benches/fit/fit_ranker.py reads a feature dump by position and
        // names the inputs it writes by these names.
        assert_eq!(crate::matcher::weights::script_list("fit_ranker.py", "FEATURES"), Features::NAMES);
        for name in crate::matcher::weights::script_list("fit_ranker.py", "QUERY") {
            assert!(Input::named(&name).is_some(), "{name}");
        }
    }

    #[test]
    fn a_tree_reads_gaps_to_the_best_candidate() {
        let ranker = Ranker::parse(ONE_TREE).unwrap();
        let query = QueryFeatures::default();
        let candidates = [features(1.0, 0.2), features(0.8, 0.6)];
        // Sums 2 and 1.5: halved, then the second (the best meaning) earns 1.
        assert_eq!(ranker.rescore(&query, &candidates, &[2.0, 1.5], 1.0), vec![1.0, 1.75]);
        // Weight 0 leaves the sums as they are.
        assert_eq!(ranker.rescore(&query, &candidates, &[2.0, 1.5], 0.0), vec![2.0, 1.5]);
    }

    #[test]
    fn ids_codes_and_quoted_messages_are_left_to_the_weighted_sum() {
        let words = QueryFeatures::default();
        let id = QueryFeatures { has_id: 1.0, ..QueryFeatures::default() };
        let plain = features(1.0, 0.3);
        assert!(Ranker::applies(&words, &[plain]));
        assert!(!Ranker::applies(&id, &[plain]));
        assert!(!Ranker::applies(&words, &[]));
        let quoted = Features { verbatim: 1.0, ..plain };
        assert!(!Ranker::applies(&words, &[plain, quoted]));
        let alike = Features { message: crate::matcher::weights::SAME_MESSAGE, ..plain };
        assert!(!Ranker::applies(&words, &[alike, plain]));
        let half_alike = Features { message: 0.2, ..plain };
        assert!(Ranker::applies(&words, &[half_alike, plain]));
    }

    #[test]
    fn a_broken_ranker_file_is_refused_with_the_reason() {
        let unknown = ONE_TREE.replace("meaning_gap", "colour");
        assert_eq!(Ranker::parse(&unknown).unwrap_err(), "unknown ranker input \"colour\"");
        let dangling = ONE_TREE.replace("\"left\":[-1]", "\"left\":[3]");
        assert_eq!(Ranker::parse(&dangling).unwrap_err(), "ranker tree 0 points at a node, leaf or input it lacks");
        assert!(Ranker::parse("{").unwrap_err().starts_with("not a ranker file"));
    }
}
