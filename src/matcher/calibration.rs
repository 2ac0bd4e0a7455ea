//! Confidence: the chance that a hit answers the paste, from a logistic
//! model over its evidence, one model per kind of evidence (the same
//! message, an ID or code, words alone: how sure each makes a hit differs
//! too much for one curve), times the chance that the corpus answers the
//! paste at all (a forest of boosted trees over the first hit's evidence).
//! The models are fitted by `benches/fit/fit.py` on
//! training queries (generated from the archive and written by people who
//! never saw the matcher) and kept in `fitted.json`; `kbmatch eval` reports
//! how well it is calibrated on any query set.
//!
//! In detail: Applied by `mod.rs` to the ranked list: the confidence, the
//! chance that the corpus answers the paste at all (the `answered` model, a
//! forest of boosted trees (`Forest`), over the first hit's inputs: the share
//! of the paste's content words it holds, by their rarity in the corpus and in
//! the archive (`background.rs`), the share no article and not the archive
//! knows, the corpus's size, how far the paste falls short of three content
//! words and that times the lead, how near the hit's subject is to the paste's
//! (`meaning`, alone and times the share held), ...; skipped when that hit has
//! specific evidence) times a logistic model per kind of evidence (the same
//! message, an ID or code, words alone) over a hit's features and its lead over
//! its rivals (and whether the first two hits alone quote the paste's message
//! alike, `agreeing_pair`: two articles on one fix), its chance through the
//! first-hit map, a rising line through points fitted on the training queries'
//! first hits; the models are `fitted.json`, written by `benches/fit/fit.py`
//! from the inputs `eval --features` dumps.

use super::features::{Features, QueryFeatures, SAME_MESSAGE};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// The fitted values: `benches/fit/fit.py` writes this file.
pub const FITTED_JSON: &str = include_str!("fitted.json");

/// What `fitted.json` holds.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Fitted {
    /// Which dumps the fit read (for people; not read here).
    #[serde(default, rename = "about")]
    _about: String,
    /// The confidence models.
    #[serde(default)]
    calibration: Models,
}

/// The fitted models, read once.
pub static FITTED: LazyLock<Models> = LazyLock::new(|| {
    let fitted: Fitted =
        serde_json::from_str(FITTED_JSON).expect("src/matcher/fitted.json is valid (a test checks it)");
    fitted.calibration.check().expect("fitted.json's models name known inputs (a test checks it)");
    fitted.calibration
});

/// One model per kind of evidence ([`kind_of`]).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Models {
    /// Hits that quote the pasted message (word for word or by template).
    #[serde(default)]
    pub message: Model,
    /// Other hits for a paste that names an ID or code.
    #[serde(default)]
    pub id: Model,
    /// Hits on words alone.
    #[serde(default)]
    pub words: Model,
    /// The points `(chance, share right)` of the map every model's chance
    /// goes through (see [`Models::recalibrate`]), in increasing order.
    #[serde(default)]
    pub first_hit_map: Vec<(f32, f32)>,
    /// The chance that the corpus answers the paste at all, from its first
    /// hit's inputs: fitted on corpora of every size, with questions none of
    /// them answers; the models above say how likely a hit is the answer
    /// when there is one (fitted on the whole archive, which answers every
    /// training query).
    #[serde(default)]
    pub answered: Forest,
}

/// Which model weighs a hit: `message`, `id` or `words`.
pub fn kind_of(f: &Features, q: &QueryFeatures) -> &'static str {
    if f.verbatim > 0.0 || f.message >= SAME_MESSAGE {
        "message"
    } else if f.strong > 0.0 || q.has_id > 0.0 {
        "id"
    } else {
        "words"
    }
}

impl Models {
    /// Check that every weight of every model names an input, and that the
    /// first-hit map's points rise, within 0..1.
    pub fn check(&self) -> Result<(), String> {
        self.message.check().and(self.id.check()).and(self.words.check())?;
        let in_range = self.first_hit_map.iter().all(|&(x, y)| (0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y));
        let rising = self.first_hit_map.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1);
        if in_range && rising { Ok(()) } else { Err("the first-hit map's points must rise within 0..1".to_string()) }
    }

    /// A model's chance through the first-hit map: the straight line
    /// between the map's points (from (0, 0) to the first; the last point's
    /// value past it); the chance itself when the map is empty. The models
    /// are fitted on first and second hits together, and a first hit is
    /// right more often than they say (on the training queries, 0.83 of the
    /// hits they give 0.75); the map, fitted on first hits alone (isotonic
    /// regression, `benches/fit/fit.py`), says how often. It rises, so the
    /// order of the hits is kept.
    pub fn recalibrate(&self, chance: f32) -> f32 {
        let mut from = (0.0, 0.0);
        for &(x, y) in &self.first_hit_map {
            if chance <= x {
                return if x > from.0 { from.1 + (y - from.1) * (chance - from.0) / (x - from.0) } else { y };
            }
            from = (x, y);
        }
        if self.first_hit_map.is_empty() { chance } else { from.1 }
    }

    /// The model for a kind of evidence.
    pub fn model(&self, kind: &str) -> &Model {
        match kind {
            "message" => &self.message,
            "id" => &self.id,
            _ => &self.words,
        }
    }
}

/// A logistic model: `1 / (1 + e^-(bias + Σ weight × input))`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Model {
    /// The intercept.
    #[serde(default)]
    pub bias: f32,
    /// A weight per input, by the names of [`INPUTS`].
    #[serde(default)]
    pub weights: BTreeMap<String, f32>,
}

/// The model's inputs, by name; [`inputs`] computes them in this order and
/// `benches/fit/fit.py` computes them the same way from a feature dump.
pub const INPUTS: [&str; 28] = [
    "score",
    "margin",
    "sqrt_margin",
    "has_id",
    "matched_id",
    "missed_id",
    "signal_rarity",
    "verbatim",
    "message",
    "coverage",
    "title_coverage",
    "standout",
    "bare_number",
    "words",
    "listing",
    "content",
    "informative",
    "corrected",
    "content_words",
    "corpus",
    "familiar",
    "matched",
    "foreign",
    "few_words",
    "few_margin",
    "meaning",
    "meaning_content",
    "agrees",
];

/// The inputs of a hit scored `score`, whose best rival scored `other`
/// (the runner-up for the first hit, the first hit for the others), and
/// that rival quotes the paste's message as it does where no third hit
/// does (`agrees`, [`agreeing_pair`]): what the models weigh, and what
/// `kbmatch eval --features` writes for the fit.
pub fn inputs(f: &Features, q: &QueryFeatures, score: f32, other: Option<f32>, agrees: bool) -> [f32; 28] {
    let matched_id = f32::from(u8::from(f.strong > 0.0));
    // A lone candidate stands as far from its rivals as its own score.
    let margin = score - other.unwrap_or(0.0);
    // The first steps of a lead count more than the later ones.
    let sqrt_margin = margin.max(0.0).sqrt();
    [
        score,
        margin,
        sqrt_margin,
        q.has_id,
        matched_id,
        // The paste names an ID or code this article lacks.
        q.has_id * (1.0 - matched_id),
        f.signal_rarity,
        f.verbatim,
        f.message,
        f.coverage,
        f.title_coverage,
        q.standout * f.text,
        q.bare_number,
        q.words,
        f.listing,
        f.content,
        f.informative,
        f.corrected,
        q.content_words,
        q.corpus,
        f.familiar,
        f.matched,
        q.foreign,
        q.few_words,
        // A lead on one or two words: the only article holding a rare word
        // leads by its whole score, and that says little about the question.
        q.few_words * sqrt_margin,
        // How near the article's subject is to the paste's (for a paste
        // with no ID or code), and that as far as the article holds the
        // paste's words: an article that holds "time", "zone" and
        // "auckland" in passing, about something else, answers little.
        // The answered model weighs them; the kinds' models do not.
        f.meaning,
        f.meaning * f.content,
        // Two articles that alone quote the paste's message: a runbook and
        // the blog post it was written from, one fix for two products. A
        // lead between them says less about which answers than a lead
        // over an article on something else.
        f32::from(u8::from(agrees)),
    ]
}

/// A hit as the "does the corpus answer it" model weighs it: one that
/// shares only a common code with a paste that says more than the code
/// (0x80070057 after "Failed to get the environment variable", where the
/// article quotes it after another step's message: [`Features::pointing`]
/// under 1, not the same message) is weighed as if the paste named no code,
/// its score without the code's part (`score_of` gives a feature set's).
/// Hundreds of failures end in such a code; whether the corpus answers
/// rests on the words. A paste that is the code alone keeps it, unless it
/// is a short number alone (`42`), which says neither whose nor what ID it
/// is and never points at an article for sure (`rank::UNSURE_POINTING`).
fn uncoded(f: &Features, q: &QueryFeatures, score: f32, score_of: impl Fn(&Features) -> f32) -> (Features, QueryFeatures, f32) {
    if f.strong > 0.0 && !f.is_specific() && (q.few_words < 1.0 || q.short_number > 0.0) {
        let without = Features { strong: 0.0, signal_rarity: 0.0, pointing: 0.0, ..*f };
        (without, QueryFeatures { has_id: 0.0, ..*q }, score - score_of(f) + score_of(&without))
    } else {
        (*f, *q, score)
    }
}

/// Whether two hits quote the paste's message alike: each the same message
/// ([`Features::is_same_message`]), as closely, both word for word or
/// neither.
fn quote_alike(a: &Features, b: &Features) -> bool {
    a.is_same_message()
        && b.is_same_message()
        && (a.message - b.message).abs() < ALIKE
        && (a.verbatim > 0.0) == (b.verbatim > 0.0)
}

/// How far apart two hits' message similarities may be and still quote the
/// message alike.
const ALIKE: f32 = 0.02;

/// Whether the first two hits quote the paste's message alike and the third
/// does not: a message quoted by many articles (`The service did not
/// respond to the start or control request`) is a common symptom, not a
/// pair that agrees.
pub fn agreeing_pair(ranked: &[(Features, QueryFeatures, f32)]) -> bool {
    match ranked {
        [first, second, rest @ ..] => {
            quote_alike(&first.0, &second.0) && rest.first().is_none_or(|third| !quote_alike(&first.0, &third.0))
        }
        _ => false,
    }
}

impl Model {
    /// Check that every weight names an input.
    pub fn check(&self) -> Result<(), String> {
        match self.weights.keys().find(|name| !INPUTS.contains(&name.as_str())) {
            Some(name) => Err(format!("unknown calibration input {name:?}")),
            None => Ok(()),
        }
    }

    /// The calibrated chance, 0..1.
    pub fn predict(&self, inputs: &[f32; 28]) -> f32 {
        let mut z = self.bias;
        for (name, value) in INPUTS.iter().zip(inputs) {
            z += self.weights.get(*name).copied().unwrap_or(0.0) * value;
        }
        1.0 / (1.0 + (-z).exp())
    }
}

/// A forest of regression trees (gradient boosting): the log-odds are
/// `base` plus, from each tree, the value of the leaf the inputs reach. It
/// can weigh one input by another ("two common words" are little evidence
/// on eleven articles and some on sixty thousand), which a logistic model
/// cannot. `fitted.json` writes a tree as its nodes, the root first: a
/// split `[input name, threshold, left, right]` (an input at or under the
/// threshold goes to the node at `left`) or a leaf's value.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(try_from = "WrittenForest")]
pub struct Forest {
    /// The log-odds before any tree.
    base: f32,
    /// Each tree's nodes, the root first; every split leads to later nodes
    /// of its tree (checked when read), so a walk from the root ends.
    trees: Vec<Vec<Node>>,
}

/// One node of a [`Forest`]'s tree.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Node {
    /// Go to `left` when the input (by its place in [`INPUTS`]) is at or
    /// under `threshold`, else to `right`.
    Split { input: usize, threshold: f64, left: usize, right: usize },
    /// Add this to the log-odds.
    Leaf(f32),
}

/// A forest as `fitted.json` writes it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WrittenForest {
    base: f32,
    trees: Vec<Vec<WrittenNode>>,
}

/// A node as `fitted.json` writes it.
#[derive(Deserialize)]
#[serde(untagged)]
enum WrittenNode {
    Split(String, f64, usize, usize),
    Leaf(f32),
}

impl TryFrom<WrittenForest> for Forest {
    type Error = String;

    /// Name each split's input by its place in [`INPUTS`], and check that
    /// every split leads forward to a node of its tree (so that a walk from
    /// the root ends at a leaf).
    fn try_from(written: WrittenForest) -> Result<Self, String> {
        let mut trees = Vec::with_capacity(written.trees.len());
        for (t, nodes) in written.trees.into_iter().enumerate() {
            let count = nodes.len();
            let tree = nodes
                .into_iter()
                .enumerate()
                .map(|(at, node)| match node {
                    WrittenNode::Leaf(value) => Ok(Node::Leaf(value)),
                    WrittenNode::Split(name, threshold, left, right) => {
                        let input = INPUTS
                            .iter()
                            .position(|known| *known == name)
                            .ok_or_else(|| format!("unknown calibration input {name:?}"))?;
                        if left <= at || right <= at || left >= count || right >= count {
                            return Err(format!("tree {t}, node {at}: a split must lead to later nodes of its tree"));
                        }
                        Ok(Node::Split { input, threshold, left, right })
                    }
                })
                .collect::<Result<Vec<_>, String>>()?;
            if tree.is_empty() {
                return Err(format!("tree {t} has no node"));
            }
            trees.push(tree);
        }
        Ok(Forest { base: written.base, trees })
    }
}

impl Forest {
    /// The chance, 0..1: the logistic of the base plus each tree's leaf.
    pub fn predict(&self, inputs: &[f32; 28]) -> f32 {
        let mut z = f64::from(self.base);
        for tree in &self.trees {
            let mut at = 0;
            loop {
                match tree[at] {
                    Node::Split { input, threshold, left, right } => {
                        at = if f64::from(inputs[input]) <= threshold { left } else { right };
                    }
                    Node::Leaf(value) => {
                        z += f64::from(value);
                        break;
                    }
                }
            }
        }
        (1.0 / (1.0 + (-z).exp())) as f32
    }
}

/// How sure one hit is, and what that rests on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Confidence {
    /// The kind of evidence, which chose the model ([`kind_of`]).
    pub kind: &'static str,
    /// The model's inputs ([`inputs`], named by [`INPUTS`]).
    pub inputs: [f32; 28],
    /// The calibrated chance that the hit answers the paste, 0..0.99: the
    /// chance that the corpus answers it at all ([`Models::answered`]) times
    /// the chance that this hit is that answer.
    pub chance: f32,
}

/// The confidence of each ranked hit, best first, from its features, its
/// paste's and its score: its own evidence and how far its score stands
/// from the best of the others (the runner-up's, for the first), times the
/// chance, read from the first hit, that the corpus answers the paste.
pub fn confidences(ranked: &[(Features, QueryFeatures, f32)], score_of: impl Fn(&Features) -> f32) -> Vec<Confidence> {
    let models = &*FITTED;
    let best = ranked.first().map(|r| r.2).unwrap_or(0.0);
    let second = ranked.get(1).map(|r| r.2);
    let pair = agreeing_pair(ranked);
    let mut out: Vec<Confidence> = ranked
        .iter()
        .enumerate()
        .map(|(i, (f, q, score))| {
            let other = if i == 0 { second } else { Some(best) };
            let kind = kind_of(f, q);
            let inputs = inputs(f, q, *score, other, pair && i < 2);
            let chance = models.recalibrate(models.model(kind).predict(&inputs)).clamp(0.0, 0.99);
            Confidence { kind, inputs, chance }
        })
        .collect();
    // A first hit quoting the same message or holding the paste's ID or code
    // is itself the sign that the corpus answers the paste; one that shares
    // only a common code with it is no sign ([`uncoded`]).
    let answered = match ranked.first() {
        None => 0.0,
        Some((f, _, _)) if f.is_specific() => 1.0,
        Some((f, q, score)) => {
            // Its lead is measured over its rival read the same way.
            let (f, q, score) = uncoded(f, q, *score, &score_of);
            let second = ranked.get(1).map(|(f, q, score)| uncoded(f, q, *score, &score_of).2);
            models.answered.predict(&inputs(&f, &q, score, second, pair))
        }
    };
    for confidence in &mut out {
        confidence.chance *= answered;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_common_code_beside_more_words_is_weighed_as_no_code() {
        let score_of = |f: &Features| 2.0 * f.strong + f.text;
        let common = Features { strong: 0.5, signal_rarity: 0.2, pointing: 0.4, text: 1.0, ..Features::default() };
        let line = QueryFeatures { has_id: 1.0, few_words: 0.0, ..QueryFeatures::default() };
        let (f, q, score) = uncoded(&common, &line, 2.5, score_of);
        assert_eq!((f.strong, f.signal_rarity, f.pointing, f.text, q.has_id, score), (0.0, 0.0, 0.0, 1.0, 0.0, 1.5));
        // The code alone, a code few articles quote, or the same message: kept.
        let alone = QueryFeatures { few_words: 1.0, ..line };
        assert_eq!(uncoded(&common, &alone, 2.5, score_of), (common, alone, 2.5));
        // A short number alone ("42") is read without it.
        let number = QueryFeatures { bare_number: 1.0, short_number: 1.0, ..alone };
        assert_eq!(uncoded(&common, &number, 2.5, score_of).2, 1.5);
        // A longer one ("2328", a status message's) keeps it.
        let longer = QueryFeatures { short_number: 0.0, ..number };
        assert_eq!(uncoded(&common, &longer, 2.5, score_of), (common, longer, 2.5));
        let rare = Features { pointing: 1.0, ..common };
        assert_eq!(uncoded(&rare, &line, 2.5, score_of), (rare, line, 2.5));
        let same = Features { message: SAME_MESSAGE, ..common };
        assert_eq!(uncoded(&same, &line, 2.5, score_of), (same, line, 2.5));
    }

    #[test]
    fn the_model_is_a_logistic_over_the_named_inputs() {
        let model = Model {
            bias: -1.0,
            weights: [("margin".to_string(), 2.0), ("matched_id".to_string(), 1.0)].into_iter().collect(),
        };
        let f = Features { strong: 1.0, ..Features::default() };
        let q = QueryFeatures::default();
        // z = -1 + 2 × (3 - 2.5) + 1 × 1 = 1
        let p = model.predict(&inputs(&f, &q, 3.0, Some(2.5), false));
        assert!((p - 1.0 / (1.0 + (-1.0f32).exp())).abs() < 1e-6, "{p}");
        assert_eq!(model.check(), Ok(()));
        let bad = Model { bias: 0.0, weights: [("nonsense".to_string(), 1.0)].into_iter().collect() };
        assert_eq!(bad.check(), Err("unknown calibration input \"nonsense\"".to_string()));
    }

    #[test]
    fn two_hits_agree_when_they_alone_quote_the_message_alike() {
        let q = QueryFeatures::default();
        let template = Features { message: 1.0, ..Features::default() };
        let word_for_word = Features { message: 1.0, verbatim: 1.0, ..Features::default() };
        let words = Features { text: 1.0, ..Features::default() };
        let hit = |f: Features, score: f32| (f, q, score);
        // The runbook and the blog post it came from, then an article on
        // something else.
        assert!(agreeing_pair(&[hit(template, 5.0), hit(template, 4.8), hit(words, 1.4)]));
        assert!(agreeing_pair(&[hit(template, 5.0), hit(template, 4.8)]));
        // A third quotes it too: a common message.
        assert!(!agreeing_pair(&[hit(template, 5.0), hit(template, 4.8), hit(template, 4.1)]));
        // One word for word, the other by template; the other on words.
        assert!(!agreeing_pair(&[hit(word_for_word, 5.0), hit(template, 4.8)]));
        assert!(!agreeing_pair(&[hit(template, 5.0), hit(words, 1.4)]));
        assert!(!agreeing_pair(&[hit(template, 5.0)]));
        // The input is the last of the model's.
        assert_eq!(inputs(&template, &q, 5.0, Some(4.8), true)[27], 1.0);
        assert_eq!(INPUTS[27], "agrees");
    }

    #[test]
    fn a_forest_adds_the_leaf_each_tree_reaches() {
        // Tree 1 splits on coverage (place 9), then on corpus (19); tree 2
        // is a single leaf.
        let written = r#"{"base": -1.0, "trees": [
            [["coverage", 0.5, 1, 2], -2.0, ["corpus", 0.25, 3, 4], 0.5, 1.5],
            [0.25]
        ]}"#;
        let forest: Forest = serde_json::from_str(written).unwrap();
        let chance = |coverage: f32, corpus: f32| {
            let mut inputs = [0.0; 28];
            inputs[9] = coverage;
            inputs[19] = corpus;
            forest.predict(&inputs)
        };
        let logistic = |z: f32| 1.0 / (1.0 + (-z).exp());
        // At the threshold goes left: -1 - 2 + 0.25.
        assert!((chance(0.5, 0.9) - logistic(-2.75)).abs() < 1e-6);
        assert!((chance(0.8, 0.25) - logistic(-0.25)).abs() < 1e-6);
        assert!((chance(0.8, 0.9) - logistic(0.75)).abs() < 1e-6);
        // An input the matcher does not compute, a split leading back.
        let unknown = r#"{"base": 0.0, "trees": [[["nonsense", 0.5, 1, 2], 0.0, 1.0]]}"#;
        let error = serde_json::from_str::<Forest>(unknown).unwrap_err().to_string();
        assert!(error.contains("unknown calibration input \"nonsense\""), "{error}");
        let looping = r#"{"base": 0.0, "trees": [[["coverage", 0.5, 0, 1], 0.0]]}"#;
        let error = serde_json::from_str::<Forest>(looping).unwrap_err().to_string();
        assert!(error.contains("tree 0, node 0: a split must lead to later nodes of its tree"), "{error}");
        // No tree: the base alone.
        assert_eq!(Forest::default().predict(&[0.0; 28]), 0.5);
    }

    #[test]
    fn the_first_hit_map_is_a_line_through_its_points() {
        let models = Models { first_hit_map: vec![(0.5, 0.4), (0.75, 0.9), (0.9, 0.95)], ..Models::default() };
        assert_eq!(models.check(), Ok(()));
        // From (0, 0) to the first point, between points, past the last.
        assert_eq!(models.recalibrate(0.25), 0.2);
        assert_eq!(models.recalibrate(0.5), 0.4);
        assert_eq!(models.recalibrate(0.625), 0.65);
        assert_eq!(models.recalibrate(0.75), 0.9);
        assert_eq!(models.recalibrate(0.99), 0.95);
        // No map: the model's own chance.
        assert_eq!(Models::default().recalibrate(0.37), 0.37);
        let falling = Models { first_hit_map: vec![(0.5, 0.6), (0.7, 0.5)], ..Models::default() };
        assert_eq!(falling.check(), Err("the first-hit map's points must rise within 0..1".to_string()));
    }

    #[test]
    fn the_fitted_models_name_known_inputs() {
        FITTED.check().expect("fitted.json's calibration names known inputs");
        assert!(!FITTED.first_hit_map.is_empty(), "fitted.json holds the first-hit map");
    }

    #[test]
    fn the_fitting_script_names_the_inputs_in_this_order() {
        // benches/fit/fit.py reads the inputs from a feature dump by
        // position and writes each weight by name: its list must be this.
        let script = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/benches/fit/fit.py")).unwrap();
        let start = script.find("\nINPUTS = [").expect("the list in fit.py") + "\nINPUTS = [".len();
        let end = start + script[start..].find(']').unwrap();
        let names: Vec<&str> =
            script[start..end].split(',').map(|s| s.trim().trim_matches('"')).filter(|s| !s.is_empty()).collect();
        assert_eq!(names, INPUTS);
    }

    #[test]
    fn the_kind_of_evidence_chooses_the_model() {
        let words = Features { text: 1.0, coverage: 0.8, ..Features::default() };
        let no_id = QueryFeatures::default();
        let id = QueryFeatures { has_id: 1.0, ..QueryFeatures::default() };
        assert_eq!(kind_of(&words, &no_id), "words");
        // A paste naming a code: the article that lacks it is weighed as an ID answer too.
        assert_eq!(kind_of(&words, &id), "id");
        assert_eq!(kind_of(&Features { strong: 1.0, ..words }, &no_id), "id");
        // The same message outweighs the rest.
        assert_eq!(kind_of(&Features { message: SAME_MESSAGE, strong: 1.0, ..words }, &id), "message");
        assert_eq!(kind_of(&Features { verbatim: 1.0, ..words }, &no_id), "message");
    }
}
