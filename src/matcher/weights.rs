//! The matcher's weights in one place. The defaults were chosen by measuring
//! `kbmatch eval`; `fitted.json` beside this file, written by
//! `benches/fit/fit.py`, holds the confidence models (see
//! [`super::calibration`]) and any re-ranking weights a fit replaced (none
//! today: the fits tried lost on held-out sets, see `benches/fit/README.md`).
//! A caller changes any of them by name ([`crate::Settings`]; the command's
//! `KBMATCH_WEIGHTS=title=4,message=2.5`) for experiments without rebuilding.

use super::rank::Features;
use std::sync::LazyLock;

/// Weights of the retrieval clauses and of the re-ranking evidence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// A query word in the title.
    pub title: f32,
    /// A query word in a quoted message.
    pub messages: f32,
    /// A query word in SYMPTOMS / CAUSE.
    pub symptoms: f32,
    /// A query word anywhere in the article.
    pub body: f32,
    /// Two query words side by side in the title.
    pub pair_title: f32,
    /// Two query words side by side in SYMPTOMS / CAUSE.
    pub pair_symptoms: f32,
    /// Two query words side by side anywhere.
    pub pair_body: f32,
    /// A run of the pasted message's words found as written in a quoted
    /// message.
    pub phrase_messages: f32,
    /// The same run found as written anywhere in the article: prose quotes
    /// errors too, and a sentence of several words found word for word
    /// says more than the same words apart.
    pub phrase_body: f32,
    /// A synonym of a query word, relative to the word itself.
    pub synonym: f32,
    /// Re-rank: one weight per piece of evidence, by the names of
    /// [`Features`] (`text`, `coverage`, `message`, `strong`, ...): a
    /// candidate's score is the sum of each feature times its weight.
    pub rerank: Features,
    /// Retrieval: a word found in more than this share of the articles is
    /// scored on the candidates only (1 scores every word everywhere).
    pub common_share: f32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            title: 3.0,
            messages: 1.0,
            symptoms: 3.0,
            body: 1.0,
            pair_title: 1.0,
            pair_symptoms: 1.0,
            pair_body: 1.0,
            phrase_messages: 4.0,
            phrase_body: 16.0,
            synonym: 0.5,
            rerank: Features {
                text: 1.0,
                coverage: 1.0,
                title_coverage: 0.0,
                message: 1.5,
                strong: 1.5,
                signal_rarity: 0.0,
                number: 0.25,
                verbatim: 0.5,
                weak: 0.05,
                // Chosen by the grid in benches/fit/grid.sh over the 3,200
                // training queries (0, -0.1, -0.25, -0.4: -0.25 best, +32
                // answers first, most of them codes pasted in another form).
                listing: -0.25,
            },
            common_share: 0.3,
        }
    }
}

/// The fitted values: `benches/fit/fit.py` writes this file.
pub const FITTED_JSON: &str = include_str!("fitted.json");

/// The parts of [`FITTED_JSON`].
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct Fitted {
    /// Re-ranking weights by name (see [`Weights`]).
    #[serde(default)]
    pub rerank: std::collections::BTreeMap<String, f32>,
    /// The confidence model (see [`super::calibration`]).
    #[serde(default)]
    pub calibration: super::calibration::Models,
}

/// The fitted values, read once.
pub static FITTED: LazyLock<Fitted> =
    LazyLock::new(|| serde_json::from_str(FITTED_JSON).expect("src/matcher/fitted.json is valid (a test checks it)"));

impl Weights {
    /// The measured defaults with the fitted re-ranking weights applied.
    pub fn fitted() -> Weights {
        let mut w = Weights::default();
        for (name, value) in &FITTED.rerank {
            if let Some(slot) = w.slot(name) {
                *slot = *value;
            }
        }
        w
    }

    /// A candidate's re-ranking score: each feature times its weight.
    pub fn score(&self, f: &Features) -> f32 {
        self.rerank.values().iter().zip(f.values()).map(|(w, x)| w * x).sum()
    }

    /// The weight called `name`, if there is one.
    pub(crate) fn slot(&mut self, name: &str) -> Option<&mut f32> {
        let w = self;
        Some(match name {
            "title" => &mut w.title,
            "messages" => &mut w.messages,
            "symptoms" => &mut w.symptoms,
            "body" => &mut w.body,
            "pair_title" => &mut w.pair_title,
            "pair_symptoms" => &mut w.pair_symptoms,
            "pair_body" => &mut w.pair_body,
            "phrase_messages" => &mut w.phrase_messages,
            "phrase_body" => &mut w.phrase_body,
            "synonym" => &mut w.synonym,
            "common_share" => &mut w.common_share,
            _ => return w.rerank.get_mut(name),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Weights;

    #[test]
    fn every_fitted_value_names_a_weight_or_a_calibration_input() {
        let fitted = &*super::FITTED;
        let mut w = Weights::default();
        for name in fitted.rerank.keys() {
            assert!(w.slot(name).is_some(), "fitted.json names an unknown weight {name:?}");
        }
        fitted.calibration.check().expect("fitted.json's calibration names known inputs");
    }
}
