//! The evidence as numbers: what the ranker weighs ([`Features`], one per
//! candidate; the same shape holds the weights) and what the paste itself
//! offers ([`QueryFeatures`]), with their names, the one list of them that
//! `kbmatch eval --features` writes and `KBMATCH_WEIGHTS` reads. A leaf:
//! the ranker fills them, the weights and the confidence model read them.

use super::named_fields::named_fields;

/// Least [`Features::message`] that counts as the same message (a quoted
/// message about 70 % alike to the pasted one, wildcards aside): what makes
/// a hit's evidence specific ([`Features::is_specific`], what `scan`
/// reports) and picks the confidence model of "the same message". Fixed
/// with the fitted models, so not a setting: refit after changing it.
pub const SAME_MESSAGE: f32 = 0.36;

named_fields! {
    /// The evidence about one candidate as the numbers the ranker weighs; the
    /// same shape holds the weights ([`super::weights::Weights::rerank`]).
    #[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
    pub struct Features of f32 {
        /// BM25 relative to the best candidate's (0..1).
        text,
        /// Share of the paste's words' rarity that the title or text holds.
        coverage,
        /// The same share held by the title alone: a phrase of the paste that
        /// is the article's title says more than scattered words.
        title_coverage,
        /// A quoted message like the pasted one: nothing at half alike, 1 at
        /// the same message.
        message,
        /// Matching message IDs, event IDs or error codes (two at most), each
        /// weighed by how few articles quote it ([`super::weights::Weights::code_specificity`]).
        strong,
        /// Rarity of the rarest matched ID or code (its idf over the log of the
        /// article count, 0..1): an ID in hundreds of articles says little.
        signal_rarity,
        /// A number of the paste found in a quoted message (0 or 1).
        number,
        /// A quoted message that is the paste word for word (0 or 1).
        verbatim,
        /// Matching names (components, files, logs; three at most).
        weak,
        /// How many IDs and codes the article quotes, on a log scale (0..1):
        /// fix lists and READMEs quote dozens, the article about one problem a few.
        listing,
        /// The article explains, lists or shows how rather than describing a
        /// problem (0 or 1; see [`crate::index::analysis::is_explainer`]), and the
        /// paste names no ID or code (0 then).
        explainer,
        /// The paste is an ID alone (no words) and the article has it in its
        /// title (0 or 1): the article about that event or code, where others
        /// only list it.
        titled_id,
        /// Share of the paste's words' rarity that the article lacks but holds
        /// a word that makes the archive's titles say it, each weighed by that
        /// chance (see [`super::associations`]): "hangs" for an article that
        /// says "stops responding".
        associated,
        /// How alike the paste and the article are in what they are about
        /// (the cosine of their vectors, see [`crate::index::meaning`]), for a paste
        /// that names no ID or code; less as the article quotes the pasted
        /// message (times 1 - `message`) and as the paste has fewer words
        /// (times [`QueryFeatures::words`]): "moves only in one direction" for
        /// an article that says "nothing comes back the other way".
        meaning,
        /// Share of the paste's content words the article holds, those no
        /// article holds counted too (a word the paste misspelt counts half):
        /// how much of the question the article answers, whatever the corpus.
        content,
        /// The same share weighed by each word's rarity, a word no article
        /// holds as rare as can be.
        informative,
        /// Share of the paste's content words the article holds only as the
        /// correction of a misspelt word.
        corrected,
        /// [`Features::informative`] with each word weighed by its rarity in the
        /// archive ([`super::background::rarity`]) rather than in the corpus
        /// searched: the same on ten articles as on sixty thousand.
        familiar,
        /// How much the article holds of the paste, in the archive's rarities:
        /// the sum of the held content words' ([`super::background::rarity`],
        /// a correction's half), over [`MATCHED_FULL`], at most 1. Two common
        /// words ("server", "slow") are little, whatever the share.
        matched,
        /// Share of the product versions the paste names ("Windows 11",
        /// "Exchange 2019", "sccm 2012 sp1") that the article applies to (its
        /// products and versions, a post's categories, the versions its title
        /// names; see [`crate::extract::applies`]); 0 for a paste naming none.
        version,
        /// Share of the product versions the paste names whose product the
        /// article applies to in other versions only ("Windows 11" for an
        /// article about Windows NT 4.0); 0 for a paste naming none, and for
        /// an article that names no version of that product.
        other_version,
        /// How surely the IDs and codes it holds point at it: 1 for an ID or
        /// code few articles quote (at most
        /// [`super::weights::Weights::code_specific_articles`], in the
        /// corpus and in the archive); less for a common one (0x80070057,
        /// access denied, event 7000), as a code's credit falls, and for a
        /// bare error number any program may use (`error 88`, `exit code
        /// 137`) and a short number pasted alone (`42`): at most one half,
        /// see `rank::UNSURE_POINTING`; 0 when it
        /// holds none. Only a full one makes the evidence specific
        /// ([`Features::is_specific`]).
        pointing,
    }
}

/// The archive rarity [`Features::matched`] is full at: about three rare
/// words (a rarity of 1 is a word one article of the archive holds).
pub const MATCHED_FULL: f32 = 3.0;

/// What the paste offers, the same for every candidate (for calibration).
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct QueryFeatures {
    /// The paste names an ID or a code (1) or not (0).
    pub has_id: f32,
    /// The paste is a lone number (1) or not (0).
    pub bare_number: f32,
    /// The paste is a lone number of one to three digits (1) or not (0):
    /// no model's input, read where the corpus is asked whether it answers
    /// ([`super::calibration`]).
    pub short_number: f32,
    /// How many words were searched, on a log scale (0..1).
    pub words: f32,
    /// How far the best text match stands out from the next (0..1).
    pub standout: f32,
    /// How many content words the paste has, on a log scale (0..1): a
    /// question of one or two words says little, whatever it matches.
    pub content_words: f32,
    /// How many articles the index holds, on a log scale (0 for one, 1 for
    /// a million): the larger the corpus, the likelier that it holds the
    /// answer to a question its words only approach.
    pub corpus: f32,
    /// Share of the paste's content words that neither the corpus nor the
    /// archive knows ([`super::retrieve::ContentWord::foreign`]): a
    /// question about a product or a thing no article is about.
    pub foreign: f32,
    /// How far the paste falls short of three content words: 1 for one,
    /// 0.5 for two, 0 for three or more. One or two words hardly single
    /// out an answer, however rare: of the training questions whose first
    /// hit rests on words alone, the corpus answered 13 % of those with
    /// one content word, 16 % with two and 30 to 43 % with more.
    pub few_words: f32,
}

impl Features {
    /// Whether the evidence is specific: the same message (word for word or
    /// by its template), or a matching message ID, event ID or error code
    /// few articles quote. A common code shared with an article that quotes
    /// another message is not: hundreds of failures end in it.
    pub fn is_specific(&self) -> bool {
        self.is_same_message() || self.pointing >= 1.0
    }

    /// Whether the article quotes the same message, word for word or by its template.
    pub fn is_same_message(&self) -> bool {
        self.verbatim > 0.0 || self.message >= SAME_MESSAGE
    }

    /// The feature called `name` (one of [`Features::NAMES`]).
    pub fn get_mut(&mut self, name: &str) -> Option<&mut f32> {
        self.named_mut(name)
    }

    /// The values, in the order of [`Features::NAMES`].
    pub fn values(&self) -> [f32; Features::COUNT] {
        let mut copy = *self;
        copy.fields_mut().map(|v| *v)
    }
}
