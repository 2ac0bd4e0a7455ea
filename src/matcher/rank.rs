//! Re-ranking: the retrieved candidates scored on the evidence a support
//! engineer trusts — the same message, the same ID or code — on top of BM25.
//!
//! In detail: Each candidate's evidence as `Features`: message similarity,
//! word-for-word messages, exact IDs and codes weighed by how few articles
//! quote them (a code once however many of its forms an article writes, once
//! more when paste and article both write a form that leaves no doubt it is
//! Win32's: `code_credit`), numbers the mask hid, the share of the paste's
//! words (by rarity; its function words weigh nothing,
//! `function_words::is_content`) its title or text holds, read from the
//! postings; for a paste with no ID or code, whether the article only explains
//! (the `shape` field); for a bare ID, whether the article's title holds it;
//! the paste's words the article lacks but holds a word that makes titles say
//! them (`associations`); how near the paste's vector and the article's are
//! (`meaning`, for a paste with no ID or code); the share of the product
//! versions the paste names that the article applies to (`version`) or applies
//! to in other versions only (`other_version`, both from `versions.rs`); the
//! score is the weighted sum; why, with the words each hit shares.

use super::associations;
use super::versions::{self, ProductWords};
use super::evidence::Evidence;
use super::features::{Features, MATCHED_FULL, QueryFeatures};
use super::function_words;
use super::rarity;
use super::mask;
use super::query::QueryAnalysis;
use super::retrieve::{self, Retrieval, is_id_term};
use super::weights::{MILLION_ARTICLES, LISTING_FROM, LISTING_FULL, MAX_SHARED_WORDS, MESSAGE_FIRST, SPECIFIC_TEMPLATE_WORDS, Weights};
use crate::extract::applies::Mention;
use crate::extract::codes;
use crate::index::KbIndex;
use crate::index::analysis::EXPLAINER;
use crate::index::meaning::{self, Model};
use tantivy::query::{EnableScoring, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

/// One candidate with its evidence.
#[derive(Debug, Clone)]
pub struct Scored {
    /// Where the article is.
    pub address: DocAddress,
    /// Article id.
    pub id: String,
    /// Final score (higher is better).
    pub score: f32,
    /// Reasons, most important first.
    pub why: Vec<Evidence>,
    /// Positions in [`Retrieval::words`] of the words the article holds.
    pub held: Vec<usize>,
    /// The evidence as numbers: what the score weighs.
    pub features: Features,
    /// The strong signal terms the article shares with the paste
    /// (`event:7023:service control manager`, `msg:2339`, `err:win32:8`).
    pub shared: Vec<String>,
    /// What the paste itself offers, the same for every candidate.
    pub query: QueryFeatures,
}

/// What one candidate was seen to hold of the paste, before it is
/// weighed.
#[derive(Debug, Clone, Default)]
struct Observed {
    /// BM25 score from retrieval.
    bm25: f32,
    /// Best similarity of a quoted message to a pasted message (0..1).
    message: f32,
    /// The article message that matched best.
    message_text: Option<String>,
    /// Matched strong signals (IDs, codes).
    strong: Vec<String>,
    /// The matched strong signals, each weighed by its specificity (see
    /// [`Weights::code_specificity`]; 1 for IDs).
    strong_weight: f32,
    /// How surely the surest matched strong signal points at the article.
    pointing: f32,
    /// Matched weak signals (names).
    weak: Vec<String>,
    /// Matched class codes ([`retrieve::is_class_code`]): shown, not weighed.
    class_codes: Vec<String>,
    /// A number of the paste found in a quoted message.
    number: Option<String>,
    /// A quoted message that is the pasted one to the letter (case and
    /// spacing aside), or holds all of a cut-short paste, or stands whole in
    /// it: as the article writes it.
    verbatim: Option<String>,
}

/// Which of the paste's words one candidate holds.
#[derive(Debug, Clone, Default)]
struct Held {
    /// In the title or the text: positions in [`Retrieval::words`].
    any: Vec<usize>,
    /// In the title.
    title: Vec<usize>,
}

/// Score candidates, best first (their confidence is the calibration's,
/// which `matcher/mod.rs` applies to the ranked list); `named_versions` are
/// the product versions the paste names ([`versions::named`]).
pub fn rank(
    index: &KbIndex,
    searcher: &Searcher,
    analysis: &QueryAnalysis,
    retrieval: &Retrieval,
    named_versions: &[Mention],
    candidates: &[(f32, DocAddress)],
    weights: &Weights,
) -> tantivy::Result<Vec<Scored>> {
    let addresses: Vec<DocAddress> = candidates.iter().map(|c| c.1).collect();
    let held = held_words(index, searcher, retrieval, &addresses)?;
    let question = Question::new(index, analysis, retrieval, named_versions, candidates, weights);
    let associated = associated_rarity(searcher, question.fields.body, retrieval, &addresses, &held, &question.rarity)?;
    let mut scored = Vec::with_capacity(candidates.len());
    for ((&(bm25, address), held), associated) in candidates.iter().zip(held).zip(associated) {
        scored.push(question.score(searcher, bm25, address, held, associated)?);
    }
    best_first(&mut scored);
    Ok(scored)
}

/// Sort candidates best first; equal scores by id.
pub(crate) fn best_first(scored: &mut [Scored]) {
    scored.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
}

/// What the ranker knows of the question before it looks at a candidate:
/// how the paste was read, its words' rarities, its signal terms' rarities
/// and codes, its content words, its vector and templates. The same for
/// every candidate, worked out once.
struct Question<'a> {
    fields: &'a crate::index::schema::Fields,
    analysis: &'a QueryAnalysis,
    retrieval: &'a Retrieval,
    named_versions: &'a [Mention],
    weights: &'a Weights,
    vocabulary: ProductWords<'a>,
    /// The best candidate's BM25 (at least 1e-3).
    top_bm25: f32,
    /// How the paste was read (its spelling corrections), on every hit.
    readings: Vec<Evidence>,
    /// The pasted entries' messages as [`letters`].
    pasted: Vec<String>,
    /// The paste's templates, read once for every candidate's messages.
    pasted_templates: Vec<mask::Tokens>,
    /// Each searched word's rarity; a function word's is 0.
    rarity: Vec<f32>,
    /// Their sum (at least 1e-3).
    all_rarity: f32,
    /// Each signal term's rarity (idf over the log of the article count, 0..1).
    signal_rarity: Vec<f32>,
    /// Each signal term's specificity: a code hundreds of articles quote
    /// (`error 5`) counts for less; 1 for the others.
    specificity: Vec<f32>,
    /// How surely each signal term points at the articles that hold it.
    pointing: Vec<f32>,
    /// The code each `err:` term stands for.
    same_code: Vec<Option<String>>,
    /// The codes the paste writes in a form that leaves no doubt.
    sure_codes: Vec<String>,
    /// The paste names an ID or code.
    has_strong: bool,
    /// The paste's meaning vector, for a paste with no ID or code.
    paste_meaning: Option<[f32; meaning::DIMS]>,
    /// The paste's content words as the shares weigh them.
    content: Vec<Content>,
    /// Their rarities' sum (at least 1e-3).
    content_rarity: f32,
    /// What the paste offers, the same for every candidate.
    query: QueryFeatures,
}

impl<'a> Question<'a> {
    fn new(
        index: &'a KbIndex,
        analysis: &'a QueryAnalysis,
        retrieval: &'a Retrieval,
        named_versions: &'a [Mention],
        candidates: &[(f32, DocAddress)],
        weights: &'a Weights,
    ) -> Self {
        let fields = index.fields();
        let articles = retrieval.stats.num_docs() as f32;
        let top_bm25 = top_bm25(candidates);
        // A function word ("won't", "any", "no") is searched, for the phrases,
        // but says nothing of what an article is about: no share of the paste.
        let rarity: Vec<f32> = retrieval
            .words
            .iter()
            .map(|w| if function_words::is_content(&w.written, &w.token) { rarity::word_rarity(articles, w.doc_freq) } else { 0.0 })
            .collect();
        let all_rarity: f32 = rarity.iter().sum::<f32>().max(1e-3);
        let SignalWeights { rarity: signal_rarity, specificity, pointing } =
            signal_weights(fields, retrieval, weights, articles);
        let code_of = |term: &str| code_of(index, term);
        let same_code: Vec<Option<String>> = retrieval.signal_terms.iter().map(|t| code_of(t)).collect();
        let sure_codes: Vec<String> = analysis
            .codes
            .iter()
            .filter(|(_, code)| codes::is_sure(code))
            .filter_map(|(_, code)| code_of(&format!("err:{}", code.to_lowercase())))
            .collect();
        let has_strong = retrieval.signal_terms.iter().any(|t| is_strong(retrieval, t));
        // Every word of the paste, those no article holds included (the model
        // knows the archive's words, a small corpus lacks many), and the words
        // meant for the misspelt ones.
        let paste_meaning = if has_strong {
            None
        } else {
            let meant = retrieval.words.iter().map(|w| w.token.as_str());
            Model::get().vector(retrieval.pasted.iter().map(String::as_str).chain(meant))
        };
        let content = content_words(retrieval, articles);
        let content_rarity: f32 = content.iter().map(|c| c.rarity).sum::<f32>().max(1e-3);
        let query = query_features(analysis, retrieval, candidates, weights, has_strong, content.len(), articles);
        Question {
            fields,
            analysis,
            retrieval,
            named_versions,
            weights,
            vocabulary: ProductWords(index.product_vocabulary()),
            top_bm25,
            readings: retrieval
                .corrections
                .iter()
                .map(|(typed, meant)| Evidence::Spelling { typed: typed.clone(), meant: meant.clone() })
                .collect(),
            pasted: analysis.entries.iter().map(|e| letters(&e.message)).collect(),
            pasted_templates: analysis.templates.iter().map(|t| mask::Tokens::of(t)).collect(),
            rarity,
            all_rarity,
            signal_rarity,
            specificity,
            pointing,
            same_code,
            sure_codes,
            has_strong,
            paste_meaning,
            content,
            content_rarity,
            query,
        }
    }

    /// The share of the paste's words' rarity that `words` hold.
    fn share(&self, words: &[usize]) -> f32 {
        words.iter().map(|&i| self.rarity[i]).sum::<f32>() / self.all_rarity
    }

    /// One candidate scored: what its messages and signal terms show, as
    /// features, weighed.
    fn score(
        &self,
        searcher: &Searcher,
        bm25: f32,
        address: DocAddress,
        held: Held,
        associated: f32,
    ) -> tantivy::Result<Scored> {
        let (fields, weights) = (self.fields, self.weights);
        let doc: TantivyDocument = searcher.doc(address)?;
        let id = doc.get_first(fields.id).and_then(|v| v.as_str()).unwrap_or("").to_string();
        let mut observed = Observed { bm25, ..Observed::default() };
        self.observe_messages(&doc, &mut observed);
        let article_terms: Vec<&str> = doc.get_all(fields.signals).filter_map(|v| v.as_str()).collect();
        let rarest = self.observe_signals(&article_terms, &mut observed);
        if self.has_strong && observed.strong.is_empty() {
            // The paste names an ID or code this article lacks: its template
            // matched only because a wildcard swallowed that code.
            observed.message *= weights.message_without_id;
        }
        let features = self.features(&doc, &observed, &article_terms, rarest, &held, associated);
        let score = weights.score(&features);
        let mut why = reasons(&observed, weights.message_floor);
        why.extend(self.readings.iter().cloned());
        let shared = observed.strong.clone();
        Ok(Scored { address, id, score, why, held: held.any, features, shared, query: self.query })
    }

    /// The article's quoted messages against the paste's: a number of the
    /// paste quoted, the same message word for word, the likest template.
    fn observe_messages(&self, doc: &TantivyDocument, observed: &mut Observed) {
        let min_verbatim = self.weights.limits.min_verbatim;
        for message in doc.get_all(self.fields.messages).filter_map(|v| v.as_str()) {
            if observed.number.is_none() {
                observed.number = self.analysis.numbers.iter().find(|n| quotes_number(message, n)).cloned();
            }
            if observed.verbatim.is_none() {
                let quoted = letters(message);
                if self.pasted.iter().any(|p| same_text(&quoted, p, min_verbatim)) {
                    observed.verbatim = Some(message.to_string());
                }
            }
            let template = mask::template_of(message);
            let (words, fixed) = (mask::Tokens::of(&template), fixed_words(&template));
            for query in &self.pasted_templates {
                let similarity = message_similarity(&words, fixed, query);
                if similarity > observed.message {
                    observed.message = similarity;
                    observed.message_text = Some(template.clone());
                }
            }
        }
    }

    /// The paste's signal terms the article holds: strong ones (each code
    /// credited once, [`code_credit`]), class codes, weak ones. Returns the
    /// rarest strong term's rarity.
    fn observe_signals(&self, article_terms: &[&str], observed: &mut Observed) -> f32 {
        let retrieval = self.retrieval;
        let mut rarest = 0.0f32;
        let mut held_codes: Vec<&str> = Vec::new();
        for ((((term, &specific), &rarity), code), &pointing) in retrieval
            .signal_terms
            .iter()
            .zip(&self.specificity)
            .zip(&self.signal_rarity)
            .zip(&self.same_code)
            .zip(&self.pointing)
        {
            if article_terms.contains(&term.as_str()) {
                if is_strong(retrieval, term) {
                    observed.strong.push(term.clone());
                    // A number any program may use (`error 26` after "SQL
                    // Network Interfaces", `exit code 137`) points at no
                    // article for sure, however few quote it, in whatever
                    // form (lists of Windows' codes quote them as HRESULTs);
                    // nor does a short number pasted alone (`42`), which
                    // says neither whose nor what ID it is.
                    let sure = !self.analysis.short_number()
                        && code.as_ref().is_none_or(|c| !c.starts_with("win32:") || self.sure_codes.contains(c));
                    observed.pointing = observed.pointing.max(if sure { pointing } else { pointing.min(UNSURE_POINTING) });
                    match code {
                        Some(code) => held_codes.push(code),
                        None => observed.strong_weight += specific,
                    }
                    rarest = rarest.max(rarity);
                } else if retrieve::is_class_code(term) {
                    observed.class_codes.push(term.clone());
                } else {
                    observed.weak.push(term.clone());
                }
            }
        }
        held_codes.sort_unstable();
        held_codes.dedup();
        for code in held_codes {
            let sure = self.sure_codes.iter().any(|c| c == code);
            let terms = &retrieval.signal_terms;
            let doubt = self.weights.code_form_doubt;
            observed.strong_weight += code_credit(code, terms, &self.same_code, &self.specificity, article_terms, sure, doubt);
        }
        rarest
    }

    /// The evidence about one candidate as the numbers the ranker weighs.
    fn features(
        &self,
        doc: &TantivyDocument,
        observed: &Observed,
        article_terms: &[&str],
        rarest: f32,
        held: &Held,
        associated: f32,
    ) -> Features {
        let (fields, weights, query) = (self.fields, self.weights, &self.query);
        let ids_quoted = article_terms.iter().filter(|t| is_id_term(t)).count();
        // Only for a bare ID: words beside it say which article is meant.
        let titled = self.retrieval.words.is_empty() && {
            let title = doc.get_first(fields.title).and_then(|v| v.as_str()).unwrap_or("").to_lowercase();
            observed.strong.iter().filter_map(|t| id_as_written(t)).any(|id| quotes_number(&title, id))
        };
        let message = ((observed.message - weights.message_floor) / (1.0 - weights.message_floor)).clamp(0.0, 1.0);
        let meaning = match (&self.paste_meaning, doc.get_first(fields.meaning).and_then(|v| v.as_bytes())) {
            // A few words make a vague vector: it counts as the paste has words.
            (Some(paste), Some(stored)) => meaning::similarity(paste, stored) * (1.0 - message) * query.words,
            _ => 0.0,
        };
        let features = Features {
            text: (observed.bm25 / self.top_bm25).clamp(0.0, 1.0),
            coverage: self.share(&held.any),
            title_coverage: self.share(&held.title),
            message,
            strong: observed.strong_weight.min(weights.strong_cap),
            signal_rarity: rarest,
            number: f32::from(u8::from(observed.number.is_some())),
            verbatim: f32::from(u8::from(observed.verbatim.is_some())),
            weak: (observed.weak.len() as f32).min(weights.weak_cap),
            // Nothing for an article quoting a few IDs; from LISTING_FROM on
            // (an error table, a fix list) growing with the log of the
            // count, full at LISTING_FULL.
            listing: (((ids_quoted as f32).max(LISTING_FROM) / LISTING_FROM).ln() / (LISTING_FULL / LISTING_FROM).ln()).min(1.0),
            // A description of a problem wants the article about it; for
            // an ID or code, the one explaining it may be the answer.
            explainer: f32::from(u8::from(
                !self.has_strong && doc.get_first(fields.shape).and_then(|v| v.as_str()) == Some(EXPLAINER),
            )),
            titled_id: f32::from(u8::from(titled)),
            associated: associated / self.all_rarity,
            meaning,
            content: 0.0,
            informative: 0.0,
            corrected: 0.0,
            familiar: 0.0,
            matched: 0.0,
            version: 0.0,
            other_version: 0.0,
            pointing: observed.pointing,
        };
        let (version, other_version) = versions::shares(self.named_versions, || {
            doc.get_all(fields.applies).filter_map(|v| v.as_str()).filter_map(|t| self.vocabulary.mention(t)).collect()
        });
        let features = Features { version, other_version, ..features };
        with_content(features, &self.content, self.content_rarity, &held.any)
    }
}

/// The best candidate's BM25, at least 1e-3: what the others' are relative to.
fn top_bm25(candidates: &[(f32, DocAddress)]) -> f32 {
    candidates.first().map(|c| c.0).unwrap_or(1.0).max(1e-3)
}

/// A signal term of the paste that names its ID or code (not one read from
/// a log wrapper's context).
fn is_strong(retrieval: &Retrieval, term: &str) -> bool {
    is_id_term(term) && !retrieval.context_terms.iter().any(|c| c == term)
}

/// Most that an error number the paste leaves in doubt (a Win32 number not
/// [`codes::is_sure`]: a bare `error 88`, any program's; a short number
/// pasted alone, `42`) points at the articles that quote it
/// ([`Features::pointing`]): never fully, so never specific evidence alone.
const UNSURE_POINTING: f32 = 0.5;

/// What each signal term of the paste weighs, from how many articles hold
/// it (looked up once; an ID's or code's count is the corpus's or the
/// archive's, [`super::background::id_count`], whichever is larger, so
/// that a desk's ten articles do not make access denied specific).
struct SignalWeights {
    /// Its rarity (idf over the log of the article count, 0..1).
    rarity: Vec<f32>,
    /// A code's credit: a code hundreds of articles quote (`error 5`)
    /// counts for less; 1 for the others.
    specificity: Vec<f32>,
    /// How surely an ID or code points at the articles that hold it
    /// ([`Weights::code_specificity`] of its count; see `Features::pointing`).
    pointing: Vec<f32>,
}

fn signal_weights(
    fields: &crate::index::schema::Fields,
    retrieval: &Retrieval,
    weights: &Weights,
    articles: f32,
) -> SignalWeights {
    let terms = &retrieval.signal_terms;
    let doc_freqs: Vec<u64> =
        terms.iter().map(|t| retrieval.stats.doc_freq(&Term::from_field_text(fields.signals, t))).collect();
    let rarity = terms
        .iter()
        .zip(&doc_freqs)
        .map(|(t, &df)| {
            let rarity = rarity::signal_rarity(articles, df);
            if is_id_term(t) { rarity.min(super::background::id_rarity(t)) } else { rarity }
        })
        .collect();
    let quoted: Vec<u64> = terms.iter().zip(&doc_freqs).map(|(t, &df)| df.max(u64::from(super::background::id_count(t)))).collect();
    let specificity =
        terms.iter().zip(&quoted).map(|(t, &n)| if t.starts_with("err:") { weights.code_specificity(n) } else { 1.0 }).collect();
    let pointing =
        terms.iter().zip(&quoted).map(|(t, &n)| if is_id_term(t) { weights.code_specificity(n) } else { 1.0 }).collect();
    SignalWeights { rarity, specificity, pointing }
}

/// The code an `err:` term stands for (`err:0x800703e6`, `err:win32:998`
/// and `err:name:error_noaccess` are one code); `None` for another term.
fn code_of(index: &KbIndex, term: &str) -> Option<String> {
    let code = term.strip_prefix("err:")?;
    // Index terms are lower-case; names are known in capitals.
    let resolved = match code.strip_prefix("name:") {
        Some(name) => index.code_table().resolve(&format!("name:{}", name.to_uppercase())),
        None => index.code_table().resolve(code).or_else(|| codes::identities(code)),
    };
    Some(resolved.unwrap_or_else(|| code.to_string()))
}

/// The paste's content words: which of them the query searched (a word in
/// most articles is left out of it, and out of the shares too), and how
/// rare each is (a word no article holds, the rarest).
fn content_words(retrieval: &Retrieval, articles: f32) -> Vec<Content> {
    retrieval
        .content
        .iter()
        .filter_map(|c| {
            let at = retrieval.words.iter().position(|w| w.token == c.token);
            (at.is_some() || c.doc_freq == 0).then(|| Content {
                at,
                rarity: rarity::word_rarity(articles, c.doc_freq),
                background: c.background,
                corrected: c.corrected,
            })
        })
        .collect()
}

/// What the paste offers, the same for every candidate.
fn query_features(
    analysis: &QueryAnalysis,
    retrieval: &Retrieval,
    candidates: &[(f32, DocAddress)],
    weights: &Weights,
    has_strong: bool,
    content_words: usize,
    articles: f32,
) -> QueryFeatures {
    let top_bm25 = top_bm25(candidates);
    // How far the best text match stands out from the next: a vague query
    // matches many articles about equally well.
    let runner_up = candidates.get(1).map(|c| c.0).unwrap_or(0.0);
    let foreign = retrieval.content.iter().filter(|c| c.foreign).count() as f32;
    QueryFeatures {
        has_id: f32::from(u8::from(has_strong)),
        bare_number: f32::from(u8::from(analysis.bare_number.is_some())),
        short_number: f32::from(u8::from(analysis.short_number())),
        // Full at the most words a query searches.
        words: ((1.0 + retrieval.words.len() as f32).ln() / (1.0 + weights.limits.max_words as f32).ln()).min(1.0),
        standout: ((top_bm25 - runner_up) / top_bm25).clamp(0.0, 1.0),
        content_words: ((1.0 + content_words as f32).ln() / (1.0 + weights.limits.max_words as f32).ln()).min(1.0),
        corpus: (articles.max(1.0).ln() / MILLION_ARTICLES.ln()).min(1.0),
        foreign: foreign / (retrieval.content.len() as f32).max(1.0),
        few_words: (3.0 - content_words as f32).clamp(0.0, 2.0) / 2.0,
    }
}

/// A content word of the paste as the shares below weigh it.
struct Content {
    /// Its place among the searched words (`None`: no article holds it).
    at: Option<usize>,
    /// Its rarity in the corpus searched.
    rarity: f32,
    /// Its rarity in the archive ([`super::background::rarity`]).
    background: f32,
    /// The paste misspelt it.
    corrected: bool,
}

/// The shares of the paste's content words (`content`) that an article
/// holding the searched words `held` holds, and how much of the archive's
/// rarity they carry: a misspelt word's correction counts half.
fn with_content(features: Features, content: &[Content], rarity: f32, held: &[usize]) -> Features {
    if content.is_empty() {
        return features;
    }
    let (mut count, mut weighed, mut corrected, mut familiar) = (0.0f32, 0.0f32, 0.0f32, 0.0f32);
    for word in content {
        if word.at.is_some_and(|at| held.contains(&at)) {
            let credit = if word.corrected { 0.5 } else { 1.0 };
            count += credit;
            weighed += credit * word.rarity;
            familiar += credit * word.background;
            corrected += f32::from(u8::from(word.corrected));
        }
    }
    let n = content.len() as f32;
    let background: f32 = content.iter().map(|w| w.background).sum::<f32>().max(1e-3);
    Features {
        content: count / n,
        informative: weighed / rarity,
        corrected: corrected / n,
        familiar: familiar / background,
        matched: (familiar / MATCHED_FULL).min(1.0),
        ..features
    }
}

/// What an article quoting a code of the paste earns: the code once, as
/// specific as its number is (`error 5` is in hundreds of articles), and,
/// when the paste leaves no doubt which code it is, once more if the
/// article does too (an HRESULT, `System error N`, `net helpmsg N`, all
/// indexed as the HRESULT): the article's `Error 1703` may be any program's
/// error 1703, its `0x800706A7` is Win32's. That second credit is no more
/// specific than the number's as far as `doubt` says
/// ([`super::weights::Weights::code_form_doubt`]): that few articles write
/// access denied as `0x80070005` makes it no rarer a failure. A symbolic
/// name is a form like the number: the tables of names that list every
/// code are no surer of this one. Two forms of one code in one article
/// (`error code 998 (ERROR_NOACCESS)`) are still one code.
fn code_credit(
    code: &str,
    terms: &[String],
    same_code: &[Option<String>],
    specificity: &[f32],
    article_terms: &[&str],
    pasted_sure: bool,
    doubt: f32,
) -> f32 {
    let canonical = format!("err:{code}");
    let mut number = None;
    let (mut held, mut sure) = (None, 0.0f32);
    for ((term, of), &specific) in terms.iter().zip(same_code).zip(specificity) {
        if of.as_deref() != Some(code) {
            continue;
        }
        if *term == canonical {
            number = Some(specific);
        }
        if article_terms.contains(&term.as_str()) {
            held = Some(held.unwrap_or(0.0f32).max(specific));
            if *term != canonical && !term.starts_with("err:name:") {
                sure = sure.max(specific);
            }
        }
    }
    let Some(held) = held else { return 0.0 };
    let number = number.unwrap_or(held);
    number + if pasted_sure { sure - doubt * (sure - number).max(0.0) } else { 0.0 }
}

/// The ID of a signal term (lower case, as index terms are) as a title
/// writes it: the number of a message or event ID, a hex code; `None` for a
/// number of fewer than three digits (a title's "Windows 95" is no error
/// 95) and for names.
fn id_as_written(term: &str) -> Option<&str> {
    let mut parts = term.split(':');
    let id = match (parts.next()?, parts.next()?) {
        ("msg" | "event", n) => n,
        ("err", "win32") => parts.next()?,
        ("err", code) if code.starts_with("0x") => code,
        _ => return None,
    };
    (id.len() >= 3).then_some(id)
}

/// Per candidate, the rarity of the paste's words it lacks, each times the
/// best chance among the words it holds that make titles say that word
/// (see [`super::associations`]); read from the postings of the body (the
/// sections, not the title: the table was learned from the sections).
fn associated_rarity(
    searcher: &Searcher,
    body: tantivy::schema::Field,
    retrieval: &Retrieval,
    addresses: &[DocAddress],
    held: &[Held],
    rarity: &[f32],
) -> tantivy::Result<Vec<f32>> {
    let mut best: Vec<Vec<f32>> = vec![vec![0.0; retrieval.words.len()]; addresses.len()];
    let order = retrieve::index_order(addresses);
    for (w, word) in retrieval.words.iter().enumerate() {
        // A word every candidate holds earns none of them anything.
        if held.iter().all(|h| h.any.contains(&w)) {
            continue;
        }
        for &(source, chance) in associations::sources(&word.token) {
            let query = TermQuery::new(Term::from_field_text(body, source), IndexRecordOption::Basic);
            let scoring = EnableScoring::disabled_from_searcher(searcher);
            retrieve::for_each_match(searcher, &query, scoring, 1.0, addresses, &order, |i, _| {
                best[i][w] = best[i][w].max(chance);
            })?;
        }
    }
    Ok(best
        .iter()
        .zip(held)
        .map(|(chances, held)| {
            let lacked = chances.iter().enumerate().filter(|(w, _)| !held.any.contains(w));
            lacked.map(|(w, chance)| chance * rarity[w]).sum()
        })
        .collect())
}

/// Similarity of a pasted message to an article's template (its `words`,
/// `fixed` of them fixed), discounted for templates with few fixed words
/// ("failed with error <*>" says little).
fn message_similarity(words: &mask::Tokens, fixed: usize, query: &mask::Tokens) -> f32 {
    let similarity = words.matches(query).unwrap_or(0.0) as f32;
    let specificity = (fixed as f32 / SPECIFIC_TEMPLATE_WORDS).min(1.0);
    similarity * (0.5 + 0.5 * specificity)
}

/// How many words of a template are fixed: three letters or more, no wildcard.
fn fixed_words(template: &str) -> usize {
    template.split(|c: char| !c.is_alphanumeric() && c != '*').filter(|w| w.len() >= 3 && !w.contains('*')).count()
}

fn reasons(e: &Observed, message_floor: f32) -> Vec<Evidence> {
    let mut why = Vec::new();
    let message = match &e.verbatim {
        Some(quoted) => Some(Evidence::Message { text: quoted.clone(), similarity: 1.0, word_for_word: true }),
        // A message alike enough to earn credit (see `Weights::message_floor`).
        None => e.message_text.as_ref().filter(|_| e.message >= message_floor).map(|m| Evidence::Message {
            text: m.clone(),
            similarity: e.message,
            word_for_word: false,
        }),
    };
    // The same message is the most telling evidence; a near one comes after
    // the IDs and codes.
    let message_first = e.message >= MESSAGE_FIRST || e.verbatim.is_some();
    if message_first {
        why.extend(message.clone());
    }
    for term in &e.strong {
        why.push(Evidence::of_signal(term));
    }
    if !message_first {
        why.extend(message);
    }
    if let Some(n) = e.number.as_ref().filter(|_| e.verbatim.is_none()) {
        why.push(Evidence::Number { number: n.clone() });
    }
    for term in e.weak.iter().chain(&e.class_codes) {
        why.push(Evidence::of_signal(term));
    }
    why.push(Evidence::TextMatch { bm25: e.bm25 });
    why
}


/// For each article (by address), which of the paste's words its title
/// and text hold (positions in [`Retrieval::words`], in that order).
fn held_words(
    index: &KbIndex,
    searcher: &Searcher,
    retrieval: &Retrieval,
    addresses: &[DocAddress],
) -> tantivy::Result<Vec<Held>> {
    let fields = index.fields();
    let order = retrieve::index_order(addresses);
    let mut held: Vec<Held> = vec![Held::default(); addresses.len()];
    let scoring = || EnableScoring::disabled_from_searcher(searcher);
    for (w, word) in retrieval.words.iter().enumerate() {
        for field in [fields.body, fields.title] {
            let query = TermQuery::new(Term::from_field_text(field, &word.token), IndexRecordOption::Basic);
            retrieve::for_each_match(searcher, &query, scoring(), 1.0, addresses, &order, |i, _| {
                let h = &mut held[i];
                if field == fields.title {
                    h.title.push(w);
                }
                if h.any.last() != Some(&w) {
                    h.any.push(w);
                }
            })?;
        }
    }
    Ok(held)
}

/// Say which of the paste's words each hit holds, rarest first and as the
/// paste writes them, then the rarest of its names' other spellings it
/// holds (`words in common: getfiletime, foxpro, gft`), at most six, just
/// before its text-match reason. One other spelling says the article may
/// write the name so; more would be runs of the same initials (`fttl`,
/// `ttlf` for `FileTimeToLocalFileTime`).
pub fn name_shared_words<'a>(retrieval: &Retrieval, hits: impl IntoIterator<Item = &'a mut Scored>) {
    for hit in hits {
        let mut words: Vec<&str> = Vec::new();
        let held: Vec<_> = hit
            .held
            .iter()
            .filter_map(|&i| retrieval.words.get(i))
            .filter(|word| function_words::tells_something(&word.written))
            .collect();
        let typed = held.iter().filter(|word| !word.alias);
        let alias = held.iter().find(|word| word.alias);
        for word in typed.chain(alias) {
            if words.len() < MAX_SHARED_WORDS && !words.contains(&word.written.as_str()) {
                words.push(&word.written);
            }
        }
        if words.is_empty() {
            continue;
        }
        let at = hit.why.iter().position(|r| matches!(r, Evidence::TextMatch { .. })).unwrap_or(hit.why.len());
        hit.why.insert(at, Evidence::Words { words: words.into_iter().map(String::from).collect() });
    }
}

/// A message folded for comparing as written: lower case, words only, one
/// space between them.
fn letters(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| !c.is_alphanumeric() && c != '_').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Whether a quoted message and a pasted one (both [`letters`]) are the
/// same text: equal, the paste cut short of the quote, or the quote as at
/// least half of a longer paste (a short generic quote such as "HTTP 500
/// internal server error" in a long paste says little).
fn same_text(quoted: &str, pasted: &str, min_verbatim: usize) -> bool {
    if quoted.is_empty() || pasted.is_empty() {
        return false;
    }
    quoted == pasted
        || (pasted.len() >= min_verbatim && quoted.starts_with(pasted))
        || (quoted.len() >= min_verbatim && quoted.len() * 2 >= pasted.len() && contains_words(pasted, quoted))
}

/// `needle` in `haystack`, starting and ending at word boundaries.
fn contains_words(haystack: &str, needle: &str) -> bool {
    occurs_whole(haystack, needle, |c| c == ' ')
}

/// Whether a message holds `number` as a whole number, not inside a longer one.
fn quotes_number(message: &str, number: &str) -> bool {
    occurs_whole(message, number, |c| !c.is_ascii_alphanumeric())
}

/// Whether `needle` stands in `haystack` with a separator (or the text's
/// start and end) on both sides.
fn occurs_whole(haystack: &str, needle: &str, separates: impl Fn(char) -> bool) -> bool {
    haystack.match_indices(needle).any(|(at, _)| {
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + needle.len()..].chars().next();
        before.is_none_or(&separates) && after.is_none_or(&separates)
    })
}

#[cfg(test)]
mod tests {
    use super::{code_credit, id_as_written, letters, quotes_number, same_text};

    #[test]
    fn an_id_is_in_a_title_as_a_whole_word_of_three_digits_or_more() {
        assert_eq!(id_as_written("event:2019"), Some("2019"));
        assert_eq!(id_as_written("event:2019:srv"), Some("2019"));
        assert_eq!(id_as_written("msg:2328"), Some("2328"));
        assert_eq!(id_as_written("err:0x80041001"), Some("0x80041001"));
        assert_eq!(id_as_written("err:win32:1450"), Some("1450"));
        // "Windows 95" is no error 95; names are not IDs.
        assert_eq!(id_as_written("err:win32:95"), None);
        assert_eq!(id_as_written("err:name:error_noaccess"), None);
        assert_eq!(id_as_written("file:distmgr.dll"), None);
        // In the title as the rank reads it: lower-cased, a whole number.
        let titled = |title: &str, id: &str| quotes_number(&title.to_lowercase(), id);
        assert!(titled("Event ID 2019/2020 or \"Insufficient System Resources\" on DC", "2019"));
        assert!(titled("Error 0X80041001 in the Console", "0x80041001"));
        assert!(!titled("Event ID 20190 Appears", "2019"));
    }

    #[test]
    fn a_code_counts_once_and_twice_only_when_both_sides_are_sure() {
        // The paste's forms of Win32 error 1703 and how specific each is.
        let terms: Vec<String> =
            ["err:0x800706a7", "err:name:rpc_s_protseq_not_supported", "err:win32:1703"].map(String::from).to_vec();
        let same_code = vec![Some("win32:1703".to_string()); 3];
        let specificity = [1.0, 0.9, 0.6];
        let credit_doubted = |article: &[&str], sure: bool, doubt: f32| {
            code_credit("win32:1703", &terms, &same_code, &specificity, article, sure, doubt)
        };
        let credit = |article: &[&str], sure: bool| credit_doubted(article, sure, 1.0);
        // `Error 1703` (the number alone): the number's credit, sure paste or not.
        assert_eq!(credit(&["err:win32:1703"], true), 0.6);
        assert_eq!(credit(&["err:win32:1703"], false), 0.6);
        // `0x800706A7` (indexed with its number): twice for `net helpmsg
        // 1703`, once for a bare `error 1703`; the second time no more
        // specific than the number, unless the form's doubt is waived.
        assert_eq!(credit(&["err:0x800706a7", "err:win32:1703"], true), 1.2);
        assert_eq!(credit_doubted(&["err:0x800706a7", "err:win32:1703"], true, 0.0), 1.6);
        assert_eq!(credit(&["err:0x800706a7", "err:win32:1703"], false), 0.6);
        // The number and its name: one code; a name alone is the number.
        assert_eq!(credit(&["err:name:rpc_s_protseq_not_supported", "err:win32:1703"], true), 0.6);
        assert_eq!(credit(&["err:name:rpc_s_protseq_not_supported"], true), 0.6);
        // An article holding none of the forms earns nothing of it.
        assert_eq!(credit(&["err:win32:1704"], true), 0.0);
    }

    #[test]
    fn the_same_text_is_equal_cut_short_or_inside_the_paste_case_and_punctuation_aside() {
        let quoted = letters("Could not load language DLL _MIFGEN.DLL");
        assert_eq!(quoted, "could not load language dll _mifgen dll");
        assert!(same_text(&quoted, &letters("could not load language dll _mifgen.dll"), 20));
        assert!(!same_text(&quoted, &letters("Could not load language DLL MIFGEN.DLL"), 20));
        // Cut short (mid-word too), but long enough to say something.
        assert!(same_text(&quoted, &letters("Could not load language DL"), 20));
        assert!(same_text(&quoted, &letters("could not load language"), 20));
        assert!(!same_text(&quoted, &letters("Could not"), 20));
        // The quote inside a longer paste, at word boundaries only.
        let quoted = letters("The specified path is invalid.");
        assert!(same_text(&quoted, &letters("10-18-2003 [SYD-DP02] ERROR The specified path is invalid."), 20));
        assert!(!same_text(&quoted, &letters("ERROR The specified path is invalidated"), 20));
        let quoted = letters("HTTP 500 - Internal server error");
        assert!(!same_text(
            &quoted,
            &letters("HTTP 500 Internal Server Error http://opsweb01/default.aspx?DisplayMode=Pivot"),
            20
        ));
    }

    #[test]
    fn a_number_is_quoted_only_as_a_whole_number() {
        assert!(quotes_number("(compiler file 'msc1.cpp', line 1786)", "1786"));
        assert!(!quotes_number("(compiler file 'msc1.cpp', line 17860)", "1786"));
        assert!(!quotes_number("error 0x1786 occurred", "1786"));
        assert!(quotes_number("1786: the line", "1786"));
    }
}
