//! The matcher's weights, thresholds and limits in one place: one
//! [`Weights`] value (the library's `Settings`), a doc line per value, and
//! the fixed constants of ranking beside it. The defaults were chosen by
//! measuring `kbmatch eval` on the training sets (one weight at a time:
//! `benches/fit/grid.sh`; each grid and its counts are in
//! `benches/fit/README.md`, "The default weights"); the fitted confidence
//! models are the calibration's (`fitted.json`, see [`super::calibration`]). A caller
//! changes any weight or limit by name ([`crate::Settings`]; the command's
//! `KBMATCH_WEIGHTS=title=4,message=2.5`) for experiments without
//! rebuilding.

use super::features::Features;
use super::named_fields::named_fields;

named_fields! {
    /// Weights of the retrieval clauses and of the re-ranking evidence.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct Weights of f32 {
        /// A query word in the title.
        title,
        /// A query word in a quoted message.
        messages,
        /// A query word in SYMPTOMS / CAUSE.
        symptoms,
        /// A query word anywhere in the article.
        body,
        /// Two query words side by side in the title.
        pair_title,
        /// Two query words side by side in SYMPTOMS / CAUSE.
        pair_symptoms,
        /// Two query words side by side anywhere.
        pair_body,
        /// A run of the pasted message's words found as written in a quoted
        /// message.
        phrase_messages,
        /// The same run found as written anywhere in the article: prose quotes
        /// errors too, and a sentence of several words found word for word
        /// says more than the same words apart.
        phrase_body,
        /// The same run found as written in the title: a modern article is
        /// often titled with the error it is about ("451 4.4.0 DNS query
        /// failed ...").
        phrase_title,
        /// A synonym of a query word, relative to the word itself.
        synonym,
        /// Retrieval: a word found in more than this share of the articles is
        /// scored on the candidates only (1 scores every word everywhere).
        common_share,
        /// Retrieval: a word found in more than this share of the articles is
        /// left out of the query, when rarer ones are there ("the", "to": they
        /// say nothing and their postings cost the most).
        max_word_share,
        /// Retrieval: a message ID, event ID or error code of the paste
        /// (`msg:`, `event:`, `err:` terms): near-proof of the article.
        signal_id,
        /// Retrieval: a registry key of the paste.
        signal_registry,
        /// Retrieval: a file, program or library name of the paste.
        signal_name,
        /// Retrieval: a component or log file name of the paste.
        signal_component,
        /// Retrieval: any identifier taken from a log wrapper rather than from
        /// the message (the component that logged a line says little about
        /// which problem it is).
        signal_context,
        /// Re-rank: message likeness (0..1) below which a quoted template earns
        /// nothing; credit grows from here to full at 1 (half-alike messages
        /// are common by chance: a few words around wildcards).
        message_floor,
        /// Re-rank: the share of a message's credit kept when the paste names
        /// an ID or code the article lacks (its template matched only because
        /// a wildcard swallowed that code).
        message_without_id,
        /// Re-rank: most credit for IDs and codes held (two IDs' worth).
        strong_cap,
        /// Re-rank: most weak signals (names, components) counted.
        weak_cap,
        /// Re-rank: a code quoted by at most this many articles points at them
        /// (full credit)...
        code_specific_articles,
        /// ... and one quoted by this many or more (`error 5`, `error 2`) says
        /// little about which one: it gets [`Weights::code_generic_credit`]
        /// (between the two, the credit falls with the log of the count).
        code_generic_articles,
        /// The credit of a code hundreds of articles quote.
        code_generic_credit,
        /// Re-rank: the share lost of a code's second credit (the article
        /// writes the paste's sure form of it, see `rank::code_credit`)
        /// where that form is quoted by fewer articles than the code's
        /// number: 0 gives the form its own specificity, 1 no more than the
        /// number's (`0x80070005`, written so in 30 archive articles, is
        /// access denied, which 121 quote).
        code_form_doubt,
        /// Re-rank, with the optional sentence encoder (`--model`) only: a
        /// description's best candidates gain this times the cosine between
        /// the paste's sentence vector and the article's
        /// (`super::sentences`).
        sentence,
        /// With the optional sentence encoder only: a description is re-ranked
        /// by meaning only when its first hit's confidence by the words is
        /// below this (words that already make an answer likely are not
        /// second-guessed by a cosine; 1 or more re-ranks every description).
        sentence_below,
    }
    and {
        /// Re-rank: one weight per piece of evidence, by the names of
        /// [`Features`] (`text`, `coverage`, `message`, `strong`, ...): a
        /// candidate's score is the sum of each feature times its weight.
        rerank: Features,
        /// How much work a query does and what it considers.
        limits: Limits,
    }
}

named_fields! {
    /// Counts that bound a query's work: every one measured on the dev sets
    /// when it was set (the answers do not change above it; the time does).
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct Limits of usize {
        /// Candidates re-ranked per query (and dumped by `eval --features`).
        candidates,
        /// Articles that quote a pasted code in another form, added to the
        /// candidates when the words do not find them.
        code_candidates,
        /// Articles that apply to a product version the paste names, added to
        /// the candidates when the words do not find them.
        version_candidates,
        /// Articles whose quoted messages hold most of the paste's three-word
        /// runs, added to the candidates when the words do not find them.
        quoted_candidates,
        /// Candidates found without the word pairs, for every one kept after
        /// them (the pairs are scored on those only).
        pre_candidates_per_hit,
        /// Most distinct words of a paste used in the query (the rarest ones).
        max_words,
        /// Most synonyms added to a query.
        max_expansions,
        /// Most pairs of adjacent words scored.
        max_pairs,
        /// Most runs of a pasted message searched as phrases.
        max_phrases,
        /// Most three-word runs of a pasted message searched in the quoted
        /// messages for [`Limits::quoted_candidates`].
        max_quoted_runs,
        /// A three-word run is searched in the quoted messages only when one
        /// of its words is in at most this many articles' messages: a run of
        /// common words ("the system cannot") finds hundreds and costs the
        /// most, on a corpus of any size.
        quoted_run_articles,
        /// Most misspelt words read as the words meant, per paste.
        max_corrections,
        /// Shortest text (in bytes, case and punctuation folded) that counts as
        /// the same message word for word when an article's message starts
        /// with it, or stands in a longer paste.
        min_verbatim,
        /// With the optional sentence encoder: the best candidates by the
        /// weighted sum that its cosine re-ranks.
        sentence_candidates,
        /// With the optional sentence encoder: the articles nearest a
        /// description in meaning (over every stored vector) added as
        /// candidates beside the words' and re-ranked with the best by the
        /// weighted sum; 0 turns it off.
        sentence_nearest,
    }
}

impl Limits {
    /// The limit called `name`, if there is one.
    pub(crate) fn slot(&mut self, name: &str) -> Option<&mut usize> {
        self.named_mut(name)
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            candidates: 40,
            code_candidates: 20,
            version_candidates: 10,
            quoted_candidates: 10,
            pre_candidates_per_hit: 3,
            max_words: 48,
            max_expansions: 16,
            max_pairs: 24,
            max_phrases: 4,
            max_quoted_runs: 16,
            quoted_run_articles: 600,
            max_corrections: 6,
            min_verbatim: 20,
            // The depth past which the sentence cosine found no answer more.
            sentence_candidates: 10,
            // As many as the words' best that meaning re-ranks (not fitted).
            sentence_nearest: 10,
        }
    }
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
            // Off: a title phrase adds nothing the title words and the body
            // phrase do not already give.
            phrase_title: 0.0,
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
                // A shared component or file name tips a near tie; more
                // would let a common component outweigh the message.
                weak: 0.5,
                // A list of codes (an error table, a fix list) quotes the
                // code but is about none of them: below the article about one.
                listing: -0.25,
                // An article that explains or lists is rarely the fix for a
                // described symptom: a little below one that describes it.
                explainer: -0.2,
                // The least that puts the article titled with a bare
                // event ID above those that only list it.
                titled_id: 0.25,
                // A word the archive's titles say for the article's own
                // words counts nearly as much as the word itself would.
                associated: 3.0,
                // What the texts are about re-orders descriptions a little;
                // it never outweighs a quoted message.
                meaning: 0.5,
                // For the confidence only (see calibration.rs): the order
                // is the evidence's above.
                content: 0.0,
                informative: 0.0,
                corrected: 0.0,
                familiar: 0.0,
                matched: 0.0,
                // A version the paste names says which of two articles on
                // the same problem, not what the problem is: a tie-breaker.
                version: 0.15,
                // Off: the archive's metadata often lists one version where
                // the text is about several.
                other_version: 0.0,
                // For specific evidence only (see Features::is_specific):
                // `strong` weighs the codes.
                pointing: 0.0,
            },
            common_share: 0.3,
            max_word_share: 0.7,
            signal_id: 6.0,
            signal_registry: 3.0,
            signal_name: 1.5,
            signal_component: 1.0,
            signal_context: 1.0,
            message_floor: 0.5,
            message_without_id: 0.6,
            strong_cap: 2.0,
            weak_cap: 3.0,
            code_specific_articles: 10.0,
            code_generic_articles: 300.0,
            code_generic_credit: 0.2,
            // Grid over the training sets (benches/fit/grid.sh): 0 -> 3,043
            // answers first, 1 -> 3,044 (a blog post over the dozen articles
            // that quote the paste's 0x80070005); the dev sets the same.
            code_form_doubt: 1.0,
            // The sentence cosine re-ranks every description (a gate above
            // any confidence), weighing about two strong pieces of evidence.
            sentence: 3.0,
            sentence_below: 2.0,
            limits: Limits::default(),
        }
    }
}

impl Weights {
    /// A candidate's re-ranking score: each feature times its weight.
    pub fn score(&self, f: &Features) -> f32 {
        self.rerank.values().iter().zip(f.values()).map(|(w, x)| w * x).sum()
    }

    /// The weight called `name`, if there is one (the re-ranking weights
    /// by the names of [`Features`]).
    pub(crate) fn slot(&mut self, name: &str) -> Option<&mut f32> {
        if Features::NAMES.contains(&name) {
            return self.rerank.get_mut(name);
        }
        self.named_mut(name)
    }

    /// Every setting's name: the weights, the re-ranking weights, the limits.
    pub(crate) fn names() -> Vec<&'static str> {
        [&Weights::NAMES[..], &Features::NAMES[..], &Limits::NAMES[..]].concat()
    }

    /// How specific an error code is, [`Weights::code_generic_credit`]..1,
    /// by the number of articles that quote it.
    pub fn code_specificity(&self, doc_freq: u64) -> f32 {
        let (low, high) = (self.code_specific_articles.ln(), self.code_generic_articles.ln());
        let df = (doc_freq.max(1) as f32).ln();
        (1.0 - (df - low) / (high - low)).clamp(self.code_generic_credit, 1.0)
    }
}

// Fixed constants of the matcher: not settings (the fitted confidence
// models, or what a paste may cost, assume them), a doc line each.

/// Fewest articles that hold a word left out of the query as common
/// ([`Weights::max_word_share`]): what that saves is the cost of long
/// posting lists, and on a small corpus a word most of its few articles
/// hold is still part of the question (and of the shares the confidence
/// weighs).
pub const COMMON_WORD_ARTICLES: u64 = 1_000;
/// Longest pasted text analysed, in bytes; the rest is ignored (a paste that
/// large is a log: `kbmatch scan` is the tool for it).
pub const MAX_QUERY_BYTES: usize = 256 * 1024;
/// Longest text analysed of one paste, in bytes: a longer paste is
/// analysed by its distinct lines that carry evidence, up to this (see
/// `query::digest`), so that what a question costs has a ceiling.
pub const MAX_ANALYSED_BYTES: usize = 16 * 1024;
/// Longest line of a long paste analysed, in bytes (the rest of it is
/// dropped: a line that long is data, not a message).
pub const MAX_ANALYSED_LINE_BYTES: usize = 2 * 1024;
/// Most log entries used from one paste (the most informative ones).
pub const MAX_ENTRIES: usize = 24;
/// Most tokens of a message compared for likeness: the score only needs
/// the gist, and the alignment stays bounded for any input.
pub const MAX_MESSAGE_TOKENS: usize = 400;
/// Fixed words (three letters or more, no wildcard) that make a quoted
/// template fully specific: one with fewer earns less of its likeness
/// ("failed with error <*>" says little).
pub const SPECIFIC_TEMPLATE_WORDS: f32 = 6.0;
/// Message likeness from which the same message is the first reason given
/// (a near one comes after the IDs and codes).
pub const MESSAGE_FIRST: f32 = 0.8;
/// IDs and codes an article may quote before it counts as a list of them
/// (`Features::listing` is 0 up to here)...
pub const LISTING_FROM: f32 = 4.0;
/// ... and the count at which it fully does (an error table, a fix list).
pub const LISTING_FULL: f32 = 100.0;
/// Most words named by the reason that says which words a hit shares.
pub const MAX_SHARED_WORDS: usize = 6;
/// Shortest word corrected as a typo: shorter words have too many neighbours.
pub const SPELLING_MIN_LETTERS: usize = 5;
/// Longest word corrected (a longer unknown "word" is an identifier).
pub const SPELLING_MAX_LETTERS: usize = 16;
/// Most unknown words of one paste looked up as typos (each try looks up
/// hundreds of spellings): a paste of made-up words costs no more.
pub const SPELLING_MAX_TRIES: usize = 64;
/// Most articles a word may be in and still be read as a typo, where a
/// spelling one edit away is in [`SPELLING_RARE_RATIO`] times as many: an
/// archive of 60,000 articles holds its own typos ("servr" is in 2 of its
/// articles, "server" in 22,316).
pub const SPELLING_RARE_ARTICLES: u64 = 5;
/// How many times as many articles the spelling one edit away must be in.
pub const SPELLING_RARE_RATIO: u64 = 200;
/// ... and how many times that ratio where the edit changes the first
/// letter of a word the archive knows (a prior, not fitted: typing errors
/// fall after a word's first letter far more often than on it).
pub const SPELLING_FIRST_LETTER: u64 = 10;
/// The corpus size at which `QueryFeatures::corpus` is full (its scale).
pub const MILLION_ARTICLES: f32 = 1_000_000.0;
