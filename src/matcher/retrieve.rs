//! Candidate retrieval: one tantivy query combining BM25 over the article's
//! prose fields, phrases from the pasted message, and exact signal terms.
//!
//! In detail: One tantivy query: BM25 words per field, phrases, synonyms,
//! misspelt words read as the words meant, signal terms scored by rarity (a
//! code that names a class of failure, an SMTP status code, `is_class_code`,
//! searched as context: shown in `why`, weighed by no feature), for the 120
//! best candidates (a word in more than 70 % of the articles, and in at least
//! `COMMON_WORD_ARTICLES` (1,000), left out when rarer ones are there), read by
//! `maxscore.rs`; then the word pairs' phrase scores and the common words'
//! scores (words in more than 30 % of the articles) added to those candidates
//! only (and, the same way, to candidates found otherwise: `add_scored`), each
//! segment's scorer jumping from one candidate to the next; the whole query if
//! the rarer evidence finds fewer.

use super::query::QueryAnalysis;
use super::function_words;
use super::maxscore::{Clause, Seeker, Union};
use super::rarity;
use super::spelling;
use super::weights::{COMMON_WORD_ARTICLES, SPELLING_MAX_TRIES, SPELLING_RARE_ARTICLES, SPELLING_RARE_RATIO, Weights};
use crate::index::KbIndex;
use crate::index::analysis::{tokens, unstemmed_tokens};
use crate::index::statistics::Statistics;
use crate::article::Signals;
use crate::index::document::signal_terms;
use std::collections::{HashMap, HashSet};
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, EnableScoring, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, Searcher, Term};

/// A query term with where it came from, for explanations.
#[derive(Debug, Clone)]
pub struct QueryWord {
    /// The analysed (lower-cased, stemmed) token.
    pub token: String,
    /// The word as the paste has it, lower-cased (the word meant, for a
    /// misspelt one), for saying which words an article shares.
    pub written: String,
    /// Number of articles whose body holds it.
    pub doc_freq: u64,
    /// One of the paste's names in another spelling, not typed (the
    /// initials `gft` of `GetFileTime`, see [`crate::extract::aliases`]).
    pub alias: bool,
}

/// A content word of the paste (see [`Retrieval::content`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ContentWord {
    /// The analysed token searched (the word meant, for a misspelt one).
    pub token: String,
    /// Whether the paste misspelt it: the token is a correction's, weaker
    /// evidence than a word as written.
    pub corrected: bool,
    /// Number of articles whose body holds it (0: no article does).
    pub doc_freq: u64,
    /// Neither this corpus nor the archive knows the word as written
    /// ([`super::background::knows`]): a question about something else.
    pub foreign: bool,
    /// How rare the word is in the archive ([`super::background::rarity`]),
    /// whatever the corpus searched.
    pub background: f32,
}

/// The retrieval query and the words it uses.
pub struct Retrieval {
    /// The clauses of the query that finds candidates, each with the most
    /// it can add to a score: the search reads them with pruning
    /// ([`Union::best`]); [`Retrieval::query`] is their union.
    pub clauses: Union,
    /// Word pairs with their weights, scored on the candidates only: phrase
    /// queries read positions, too slow to run over every article holding
    /// the two words.
    pub pairs: Vec<(PhraseQuery, f32)>,
    /// Common words (in more than `common_share` of the articles, see
    /// [`super::weights::Weights`]) in each prose field, with their
    /// weights, also scored on the candidates only: scoring their postings
    /// was half the time of a query, and a common word decides the order of
    /// the articles that rarer evidence finds, rarely which are found.
    pub on_candidates: Vec<(TermQuery, f32)>,
    /// The words used, rarest first.
    pub words: Vec<QueryWord>,
    /// The runs of consecutive words of the paste's messages (between
    /// wildcards), each word with its position, as searched.
    pub runs: Vec<Vec<(usize, String)>>,
    /// Every analysed word of the paste as typed (misspelt ones, those no
    /// article holds and the commonest included), in order.
    pub pasted: Vec<String>,
    /// The signal terms used (`msg:2328`, ...), context terms included.
    pub signal_terms: Vec<String>,
    /// Those of them that come from log wrappers (weaker evidence).
    pub context_terms: Vec<String>,
    /// Misspelt words of the paste, as typed, and the words searched instead.
    pub corrections: Vec<(String, String)>,
    /// The paste's content words (its distinct words less the function
    /// words and single letters), each once: what a hit must hold to answer
    /// it, those no article holds included.
    pub content: Vec<ContentWord>,
    /// The articles a search may find, when the caller limits them (to
    /// some kinds or products; see [`Retrieval::restrict`]).
    pub filter: Option<Box<dyn Query>>,
    /// The statistics every word is weighed by: the articles', tickets
    /// left out.
    pub stats: Statistics,
}

impl Retrieval {
    /// Find only the articles that `filter` matches.
    pub fn restrict(&mut self, filter: Box<dyn Query>) {
        self.filter = Some(filter);
    }

    /// The query that finds candidates, as one tantivy query: the union of
    /// the clauses, within the filter if there is one.
    pub fn query(&self) -> Box<dyn Query> {
        match &self.filter {
            Some(filter) => within(&**filter, self.clauses.query()),
            None => self.clauses.query(),
        }
    }
}

/// `query`, matching only the articles `filter` matches, with its own scores.
pub fn within(filter: &dyn Query, query: Box<dyn Query>) -> Box<dyn Query> {
    let filter = Box::new(ConstScoreQuery::new(filter.box_clone(), 0.0));
    Box::new(BooleanQuery::new(vec![(Occur::Must, query), (Occur::Must, filter)]))
}

/// A word with a capital inside it (`PSSnapin`, `DataProtectionManager`)
/// is a name or identifier as written, not a typo.
fn camel_case(word: &str) -> bool {
    word.as_bytes().windows(2).any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase())
}

/// Corrections of the misspelt words of a text, by the stem of the typo
/// (see [`spelling`]), with the word as typed and how many articles hold
/// the typo itself (0, or a few that misspell it too). Counted over every
/// document, tickets too: a word the desk's tickets use (a host's name) is
/// a word of its own.
fn corrections(
    searcher: &Searcher,
    field: Field,
    text: &str,
    stems: &[(usize, String)],
    aliases: &HashSet<String>,
    max_corrections: usize,
) -> HashMap<String, (String, u64, spelling::Correction)> {
    let mut out = HashMap::new();
    let written: HashMap<usize, String> = unstemmed_tokens(text).into_iter().collect();
    // Hundreds of lookups per misspelt word: each segment's term
    // dictionary is opened once.
    let dictionaries: Vec<_> =
        searcher.segment_readers().iter().filter_map(|segment| segment.inverted_index(field).ok()).collect();
    let mut known: HashMap<String, u64> = HashMap::new();
    let mut doc_freq = |term: &str| -> u64 {
        if let Some(&n) = known.get(term) {
            return n;
        }
        let term_key = Term::from_field_text(field, term);
        let n = dictionaries.iter().map(|d| u64::from(d.doc_freq(&term_key).unwrap_or(0))).sum();
        known.insert(term.to_string(), n);
        n
    };
    let one_stem = |candidate: &str| {
        let mut toks = tokens(candidate);
        (toks.len() == 1).then(|| toks.pop().map(|(_, t)| t)).flatten()
    };
    // A word is looked at once, however often the paste repeats it: a log
    // excerpt repeats its unknown words thousands of times, and each try
    // looks up hundreds of spellings.
    let mut tried: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut tries = 0;
    for (position, stem) in stems {
        if out.len() >= max_corrections {
            break;
        }
        let Some(written) = written.get(position) else { continue };
        if !tried.insert(stem.as_str()) {
            continue;
        }
        let word = written.to_lowercase();
        // A function word is no misspelling ("wasnt" is "wasn't").
        let held = doc_freq(stem);
        // The paste's names in their other spellings were not typed: no
        // typo of theirs.
        if camel_case(written)
            || aliases.contains(&word)
            || !spelling::correctable(&word)
            || function_words::is_function_word(&word)
            || held > SPELLING_RARE_ARTICLES
        {
            continue;
        }
        tries += 1;
        if tries > SPELLING_MAX_TRIES {
            break;
        }
        // A word a few articles hold is a typo only where its neighbour is
        // far commoner: those articles misspell it too.
        if let Some(fixed) = spelling::correct(&word, one_stem, &mut doc_freq)
            .filter(|fixed| held == 0 || fixed.doc_freq >= held * SPELLING_RARE_RATIO)
            .filter(|fixed| spelling::much_commoner(stem, &word, fixed, SPELLING_RARE_ARTICLES, SPELLING_RARE_RATIO))
        {
            out.insert(stem.clone(), (written.clone(), held, fixed));
        }
    }
    out
}

/// Whether a signal term is a message ID, event ID or error code: specific
/// evidence for the rank stage, where names are hints.
pub fn is_id_term(term: &str) -> bool {
    matches!(term.split(':').next().unwrap_or(""), "msg" | "event" | "err" | "kb")
}

/// Whether a signal term is a code that names a class of failure
/// ([`crate::extract::codes::names_a_class`]: `err:smtp:5.7.1`): searched
/// and shown as evidence, weighed by no feature.
pub fn is_class_code(term: &str) -> bool {
    term.strip_prefix("err:").is_some_and(crate::extract::codes::names_a_class)
}

/// The articles the paste names by number (`Q319207`, `KB2467702`, a lone
/// `2467702`), as the signal terms of their own numbers (`kb:319207`, see
/// `index::document::article_number_term`).
fn article_number_terms(signals: &Signals, lone: Option<u64>) -> Vec<String> {
    let named = signals.articles.iter().filter_map(|id| crate::article::kb_number(id));
    let mut terms: Vec<String> = named.chain(lone).map(|n| format!("kb:{n}")).collect();
    terms.sort();
    terms.dedup();
    terms
}

/// Weight of a signal term: IDs and codes are near-proof, names are hints.
pub fn signal_weight(term: &str, w: &Weights) -> f32 {
    match term.split(':').next().unwrap_or("") {
        _ if is_id_term(term) => w.signal_id,
        "reg" => w.signal_registry,
        "comp" | "log" => w.signal_component,
        _ => w.signal_name,
    }
}

/// Build the retrieval query for an analysed paste.
pub fn build(index: &KbIndex, searcher: &Searcher, analysis: &QueryAnalysis, w: &Weights) -> tantivy::Result<Retrieval> {
    let fields = index.fields();
    let stats = Statistics::of(index, searcher)?;
    let mut clauses: Vec<Clause> = Vec::new();
    let mut read = read_words(searcher, &stats, fields.body, analysis, w);
    let prose: [(Field, f32); 4] =
        [(fields.title, w.title), (fields.messages, w.messages), (fields.symptoms, w.symptoms), (fields.body, w.body)];
    let on_candidates = word_clauses(&stats, &read.words, prose, w, &mut clauses);
    for word in &read.tickets_only {
        clauses.extend(prose.iter().map(|&(field, boost)| word_clause(&stats, field, &word.token, boost)));
    }
    synonym_clauses(&stats, &read.words, &read.unknown, &mut read.seen, prose, w, &mut clauses);
    let fixed = |token: String| read.fixes.get(&token).map(|(_, _, fix)| fix.stem.clone()).unwrap_or(token);
    let runs = word_runs(analysis, &read.unknown, fixed);
    phrase_clauses(&stats, fields, &runs, w, &mut clauses);
    let pairs = pair_queries(fields, &read.words, &runs, w);
    let (terms, context_terms) = signal_clauses(&stats, fields, analysis, w, &mut clauses);
    if let Some(n) = analysis.bare_number {
        // A lone number is also a word (a message ID quoted in prose).
        clauses.push(word_clause(&stats, fields.body, &n.to_string(), 1.0));
    }

    let clauses = Union::new(clauses);
    let mut read_as: Vec<(String, String)> =
        std::mem::take(&mut read.fixes).into_values().map(|(typed, _, fix)| (typed, fix.word)).collect();
    read_as.sort();
    Ok(Retrieval {
        clauses,
        pairs,
        on_candidates,
        words: read.words,
        runs,
        pasted: read.pasted,
        signal_terms: terms,
        context_terms,
        corrections: read_as,
        content: read.content,
        filter: None,
        stats,
    })
}

/// The paste's words as the query reads them.
struct ReadWords {
    /// The words searched: the rarest distinct tokens, misspelt ones as
    /// the words meant (and as written where a few articles share the typo).
    words: Vec<QueryWord>,
    /// Tokens no article holds.
    unknown: Vec<String>,
    /// Tokens only tickets hold: searched, to find those tickets, and
    /// weighed as the tickets' count says, but no word of the paste's that
    /// an article could share (as without the tickets, where they are
    /// unknown).
    tickets_only: Vec<QueryWord>,
    /// Every token of the paste as typed (stemmed).
    pasted: Vec<String>,
    /// The paste's content words.
    content: Vec<ContentWord>,
    /// The misspelt words, by token: as typed, how many articles hold
    /// them, and the word meant.
    fixes: HashMap<String, (String, u64, spelling::Correction)>,
    /// Every token already searched (words, then synonyms).
    seen: std::collections::HashSet<String>,
}

/// Words: the rarest distinct tokens of the paste, a misspelt word read as
/// the word meant; the words in most articles left out where rarer ones
/// are there.
fn read_words(searcher: &Searcher, stats: &Statistics, body: Field, analysis: &QueryAnalysis, w: &Weights) -> ReadWords {
    let mut seen = std::collections::HashSet::new();
    let mut words: Vec<QueryWord> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    let mut tickets_only: Vec<QueryWord> = Vec::new();
    // A misspelt word is searched as the word meant, everywhere below.
    let stems = tokens(&analysis.words);
    let pasted: Vec<String> = stems.iter().map(|(_, stem)| stem.clone()).collect();
    let aliases: HashSet<String> = analysis.aliases.iter().cloned().collect();
    let fixes = corrections(searcher, body, &analysis.words, &stems, &aliases, w.limits.max_corrections);
    let fixed = |token: String| fixes.get(&token).map(|(_, _, fix)| fix.stem.clone()).unwrap_or(token);
    let mut written: HashMap<usize, String> = unstemmed_tokens(&analysis.words).into_iter().collect();
    let mut content: Vec<ContentWord> = Vec::new();
    for (position, stem) in stems {
        let fix = fixes.get(&stem);
        let corrected = fix.is_some();
        let as_typed = written.remove(&position).map(|w| w.to_lowercase()).unwrap_or_else(|| stem.clone());
        let content_word = function_words::is_content(&as_typed, &stem);
        // A typo a few articles share ("activeex") is searched as written
        // too: those articles may be the answer.
        if let Some(&(_, held, _)) = fix
            && held > 0
            && seen.insert(stem.clone())
        {
            words.push(QueryWord { token: stem.clone(), written: as_typed.clone(), doc_freq: held, alias: false });
        }
        let alias = aliases.contains(&as_typed);
        let as_written = match fix {
            Some((_, _, fix)) => fix.word.clone(),
            None => as_typed,
        };
        let unknown_as_written = content_word && !super::background::knows(&stem);
        let token = fixed(stem);
        if !seen.insert(token.clone()) {
            continue;
        }
        // Held by documents, by articles (their tickets' words theirs), by
        // the articles' own text (what the confidence reads, as it would
        // without the tickets), and weighed by the articles' statistics.
        let term = Term::from_field_text(body, &token);
        let held = searcher.doc_freq(&term).unwrap_or(0);
        let holders = stats.holders(&term, held);
        let doc_freq = holders.weighed;
        if content_word {
            let foreign = unknown_as_written && (corrected || holders.own == 0);
            let background = super::background::rarity(&token);
            content.push(ContentWord { token: token.clone(), corrected, doc_freq: holders.own, foreign, background });
        }
        if held == 0 {
            unknown.push(token);
        } else if holders.articles == 0 {
            tickets_only.push(QueryWord { token, written: as_written, doc_freq, alias });
        } else {
            words.push(QueryWord { token, written: as_written, doc_freq, alias });
        }
    }
    words.sort_by_key(|w| w.doc_freq);
    words.truncate(w.limits.max_words);
    // Words in most articles ("the", "to") say nothing and cost the most:
    // their postings cover tens of thousands of articles in every field.
    // On a small corpus every posting list is short, and a word most of its
    // few articles hold ("server" in 9 of 11) is still part of the question.
    let common = ((stats.num_docs() as f64 * f64::from(w.max_word_share)) as u64).max(COMMON_WORD_ARTICLES);
    if words.iter().any(|w| w.doc_freq <= common) {
        words.retain(|w| w.doc_freq <= common);
    }
    ReadWords { words, unknown, tickets_only, pasted, content, fixes, seen }
}

/// Each word searched in every prose field; a word in more than
/// [`Weights::common_share`] of the articles is returned instead, to be
/// scored on the candidates only.
fn word_clauses(
    stats: &Statistics,
    words: &[QueryWord],
    prose: [(Field, f32); 4],
    w: &Weights,
    clauses: &mut Vec<Clause>,
) -> Vec<(TermQuery, f32)> {
    let widespread = (stats.num_docs() as f64 * f64::from(w.common_share)) as u64;
    let mut on_candidates = Vec::new();
    for word in words {
        for (field, boost) in prose {
            if word.doc_freq > widespread {
                on_candidates.push((plain_term_query(field, &word.token), boost));
            } else {
                clauses.push(word_clause(stats, field, &word.token, boost));
            }
        }
    }
    on_candidates
}

/// Words a person uses for what articles call otherwise.
fn synonym_clauses(
    stats: &Statistics,
    words: &[QueryWord],
    unknown: &[String],
    seen: &mut std::collections::HashSet<String>,
    prose: [(Field, f32); 4],
    w: &Weights,
    clauses: &mut Vec<Clause>,
) {
    let mut expansions = 0;
    for token in words.iter().map(|w| &w.token).chain(unknown.iter()) {
        for synonym in super::synonyms::expand(token) {
            if expansions >= w.limits.max_expansions || !seen.insert(synonym.clone()) {
                continue;
            }
            expansions += 1;
            for (field, boost) in prose {
                clauses.push(word_clause(stats, field, synonym, boost * w.synonym));
            }
        }
    }
}

/// The runs of consecutive words of each template's fields (between
/// wildcards; see `QueryAnalysis::fields`), analysed, misspellings read as
/// the words meant. A word no article has (the stub of a paste cut short,
/// "in a timel") ends a run: no phrase holding it could match.
fn word_runs(analysis: &QueryAnalysis, unknown: &[String], fixed: impl Fn(String) -> String) -> Vec<Vec<(usize, String)>> {
    let unknown_words: std::collections::HashSet<&str> = unknown.iter().map(String::as_str).collect();
    analysis
        .fields
        .iter()
        .flat_map(|template| template.split(super::mask::WILDCARD))
        .flat_map(|run| {
            let toks: Vec<(usize, String)> = tokens(run).into_iter().map(|(pos, t)| (pos, fixed(t))).collect();
            toks.split(|(_, t)| unknown_words.contains(t.as_str())).map(<[_]>::to_vec).collect::<Vec<_>>()
        })
        .filter(|run| !run.is_empty())
        .collect()
}

/// Phrases: the runs of three words or more found verbatim.
fn phrase_clauses(
    stats: &Statistics,
    fields: &crate::index::schema::Fields,
    runs: &[Vec<(usize, String)>],
    w: &Weights,
    clauses: &mut Vec<Clause>,
) {
    let mut phrases = 0;
    for toks in runs {
        if toks.len() < 3 || phrases >= w.limits.max_phrases {
            continue;
        }
        let toks = &toks[..toks.len().min(12)];
        let base = toks[0].0;
        for (field, boost) in
            [(fields.messages, w.phrase_messages), (fields.body, w.phrase_body), (fields.title, w.phrase_title)]
        {
            if boost == 0.0 {
                continue;
            }
            let terms: Vec<(usize, Term)> =
                toks.iter().map(|(pos, t)| (pos - base, Term::from_field_text(field, t))).collect();
            let words: Vec<Term> = terms.iter().map(|(_, term)| term.clone()).collect();
            let phrase = PhraseQuery::new_with_offset_and_slop(terms, 1);
            clauses.push(Clause::bm25(stats, Box::new(BoostQuery::new(Box::new(phrase), boost)), &words, boost));
        }
        phrases += 1;
    }
}

/// Word pairs: two query words side by side in an article ("program
/// groups", "offer manager") say more than the two words apart.
fn pair_queries(
    fields: &crate::index::schema::Fields,
    words: &[QueryWord],
    runs: &[Vec<(usize, String)>],
    w: &Weights,
) -> Vec<(PhraseQuery, f32)> {
    let rare: std::collections::HashSet<&str> = words.iter().map(|w| w.token.as_str()).collect();
    let mut pairs = std::collections::HashSet::new();
    let mut pair_queries: Vec<(PhraseQuery, f32)> = Vec::new();
    for toks in runs {
        for pair in toks.windows(2) {
            let ((p1, a), (p2, b)) = (&pair[0], &pair[1]);
            if p2 - p1 != 1 || a == b || !(rare.contains(a.as_str()) && rare.contains(b.as_str())) {
                continue;
            }
            if pairs.len() >= w.limits.max_pairs || !pairs.insert((a.clone(), b.clone())) {
                continue;
            }
            for (field, boost) in
                [(fields.title, w.pair_title), (fields.symptoms, w.pair_symptoms), (fields.body, w.pair_body)]
            {
                let terms = vec![(0, Term::from_field_text(field, a)), (1, Term::from_field_text(field, b))];
                pair_queries.push((PhraseQuery::new_with_offset_and_slop(terms, 1), boost));
            }
        }
    }
    pair_queries
}

/// Signals: exact identifiers, scored by rarity alone (BM25's length
/// normalisation would let an article that lists 200 error codes lose to
/// one that names a single one). Returns the signal terms searched and,
/// among them, those searched as context.
fn signal_clauses(
    stats: &Statistics,
    fields: &crate::index::schema::Fields,
    analysis: &QueryAnalysis,
    w: &Weights,
    clauses: &mut Vec<Clause>,
) -> (Vec<String>, Vec<String>) {
    let mut signals = analysis.signals.clone();
    if let Some(n) = analysis.bare_number {
        signals.message_ids.push(n);
        signals.event_ids.push(crate::article::EventId { id: n, source: None });
        signals.error_codes.push(format!("win32:{n}"));
    }
    let mut terms = signal_terms(&signals);
    terms.extend(article_number_terms(&signals, analysis.article_number));
    // A class code ([`is_class_code`]) is searched as context, as a log
    // header's component is, and makes no answer specific.
    let (mut context_terms, strong): (Vec<String>, Vec<String>) = terms.into_iter().partition(|t| is_class_code(t));
    terms = strong;
    context_terms.extend(signal_terms(&analysis.context).into_iter().filter(|t| !terms.contains(t)));
    context_terms.sort();
    context_terms.dedup();
    terms.extend(context_terms.iter().cloned());
    let articles = stats.num_docs() as f32;
    for term in &terms {
        let doc_freq = stats.doc_freq(&Term::from_field_text(fields.signals, term));
        if doc_freq == 0 {
            continue;
        }
        let idf = rarity::idf(articles, doc_freq as f32);
        let weight = if context_terms.contains(term) { w.signal_context } else { signal_weight(term, w) };
        let query = ConstScoreQuery::new(term_query(fields.signals, term), weight * idf);
        clauses.push(Clause::constant(Box::new(query), weight * idf));
    }
    (terms, context_terms)
}

/// A word searched in one field, its BM25 score times `boost`.
fn word_clause(stats: &Statistics, field: Field, text: &str, boost: f32) -> Clause {
    let term = Term::from_field_text(field, text);
    Clause::bm25(stats, Box::new(BoostQuery::new(term_query(field, text), boost)), &[term], boost)
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(plain_term_query(field, text))
}

fn plain_term_query(field: Field, text: &str) -> TermQuery {
    TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::WithFreqs)
}

fn boosted(query: Box<dyn Query>, boost: f32) -> (Occur, Box<dyn Query>) {
    (Occur::Should, Box::new(BoostQuery::new(query, boost)))
}

/// The candidates of [`search_listed`] alone.
#[cfg(any(test, feature = "internals"))]
pub fn search(
    searcher: &Searcher,
    retrieval: &Retrieval,
    limit: usize,
    w: &Weights,
) -> tantivy::Result<Vec<(f32, DocAddress)>> {
    Ok(search_listed(searcher, retrieval, limit, w)?.0)
}

/// The best `limit` candidates for a retrieval query: the best few times
/// `limit` found by the query, then re-scored with the word pairs and the
/// common words. If the query without the common words finds fewer than
/// that, the whole query finds them. Beside them, what the query without
/// the common words found before the cut ([`Found`]).
pub fn search_listed(
    searcher: &Searcher,
    retrieval: &Retrieval,
    limit: usize,
    w: &Weights,
) -> tantivy::Result<(Vec<(f32, DocAddress)>, Found)> {
    let wanted = limit * w.limits.pre_candidates_per_hit;
    let best = retrieval.clauses.best(searcher, &retrieval.stats, retrieval.filter.as_deref(), wanted)?;
    let found = Found { every: best.len() < wanted, best };
    let mut candidates = found.best.clone();
    let mut common = retrieval.on_candidates.as_slice();
    if candidates.len() < wanted && !common.is_empty() {
        // Too few: the query with the common words in it finds them (a
        // vague paste, a small corpus). A boost of 1 keeps the plain union.
        let mut whole: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, retrieval.clauses.query())];
        whole.extend(common.iter().map(|(word, boost)| boosted(Box::new(word.clone()), *boost)));
        let whole: Box<dyn Query> = Box::new(BoostQuery::new(Box::new(BooleanQuery::new(whole)), 1.0));
        let whole = match &retrieval.filter {
            Some(filter) => within(&**filter, whole),
            None => whole,
        };
        let collector = tantivy::collector::TopDocs::with_limit(wanted).order_by_score();
        candidates = searcher.search_with_statistics_provider(&*whole, &collector, &retrieval.stats)?;
        common = &[];
    }
    rescore(searcher, retrieval, common, &mut candidates)?;
    best_first(&mut candidates);
    candidates.truncate(limit);
    Ok((candidates, found))
}

/// What the retrieval union alone found for [`search_listed`]: its best few
/// times the limit, best first (equal scores in index order), as
/// [`Union::best`] ranks them.
pub struct Found {
    best: Vec<(f32, DocAddress)>,
    /// The union matched fewer: `best` lists every article it matches.
    every: bool,
}

impl Found {
    /// The union's best `most` among the articles `within` admits, if the
    /// list answers that: when it holds `most` of them, or every article
    /// the union matches. Any other such article ranks below the whole
    /// list, so these are what the union would find with `within` as its
    /// filter, in its order.
    pub fn best_within(&self, within: impl Fn(DocAddress) -> bool, most: usize) -> Option<Vec<DocAddress>> {
        let best: Vec<DocAddress> = self.best.iter().map(|b| b.1).filter(|&a| within(a)).take(most).collect();
        (self.every || best.len() == most).then_some(best)
    }
}

/// Sort candidates best first; equal scores in index order.
fn best_first(candidates: &mut [(f32, DocAddress)]) {
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
}

/// Add the scores of the word pairs and of the `common` words to each
/// candidate's.
fn rescore(
    searcher: &Searcher,
    retrieval: &Retrieval,
    common: &[(TermQuery, f32)],
    candidates: &mut [(f32, DocAddress)],
) -> tantivy::Result<()> {
    let addresses: Vec<DocAddress> = candidates.iter().map(|c| c.1).collect();
    let order = index_order(&addresses);
    let scoring = retrieval.stats.scoring();
    let added = retrieval.pairs.iter().map(|(pair, boost)| (pair as &dyn Query, *boost));
    for (query, boost) in added.chain(common.iter().map(|(word, boost)| (word as &dyn Query, *boost))) {
        for_each_match(searcher, query, scoring, boost, &addresses, &order, |i, score| candidates[i].0 += score)?;
    }
    Ok(())
}

/// Add articles found another way (by a code's other forms, by a version
/// the paste names) to the candidates, those not there yet, scored as
/// [`search_listed`] scores them: the retrieval query, the word pairs and the
/// common words.
pub fn add_scored(
    searcher: &Searcher,
    retrieval: &Retrieval,
    found: impl IntoIterator<Item = DocAddress>,
    candidates: &mut Vec<(f32, DocAddress)>,
) -> tantivy::Result<()> {
    let fresh: Vec<DocAddress> = found.into_iter().filter(|a| !candidates.iter().any(|c| c.1 == *a)).collect();
    if fresh.is_empty() {
        return Ok(());
    }
    let mut scored: Vec<(f32, DocAddress)> = fresh.iter().map(|&a| (0.0, a)).collect();
    let order = index_order(&fresh);
    let scoring = retrieval.stats.scoring();
    for_each_match(searcher, &*retrieval.query(), scoring, 1.0, &fresh, &order, |i, score| scored[i].0 = score)?;
    rescore(searcher, retrieval, &retrieval.on_candidates, &mut scored)?;
    candidates.extend(scored);
    best_first(candidates);
    Ok(())
}

/// Add the best `most` articles that any of `clauses` matches (by the
/// clauses' own scores, within the retrieval's filter) to the candidates
/// with [`add_scored`]: the articles found another way (a code's other
/// forms, the message's runs in the quoted messages).
pub fn add_best_of(
    searcher: &Searcher,
    retrieval: &Retrieval,
    clauses: Vec<(Occur, Box<dyn Query>)>,
    most: usize,
    candidates: &mut Vec<(f32, DocAddress)>,
) -> tantivy::Result<()> {
    if clauses.is_empty() || most == 0 {
        return Ok(());
    }
    let query: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
    let query = match &retrieval.filter {
        Some(filter) => within(&**filter, query),
        None => query,
    };
    let collector = tantivy::collector::TopDocs::with_limit(most).order_by_score();
    let best = searcher.search_with_statistics_provider(&*query, &collector, &retrieval.stats)?;
    add_scored(searcher, retrieval, best.into_iter().map(|(_, address)| address), candidates)
}

/// Positions of `addresses` in index order, for [`for_each_match`].
pub fn index_order(addresses: &[DocAddress]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..addresses.len()).collect();
    order.sort_by_key(|&i| addresses[i]);
    order
}

/// Call `found(i, score)` for each of `addresses` that a query matches
/// (the score is the query's, times `boost`, if scoring is enabled).
/// `order` lists the addresses in index order ([`index_order`]): each
/// segment's scorer is asked about one after the other ([`Seeker`]).
pub fn for_each_match(
    searcher: &Searcher,
    query: &dyn Query,
    scoring: EnableScoring,
    boost: f32,
    addresses: &[DocAddress],
    order: &[usize],
    mut found: impl FnMut(usize, f32),
) -> tantivy::Result<()> {
    let weight = query.weight(scoring)?;
    let mut seeker: Option<(u32, Seeker)> = None;
    for &i in order {
        let DocAddress { segment_ord, doc_id } = addresses[i];
        let matched = match seeker.as_mut() {
            Some((ord, current)) if *ord == segment_ord => current.matches(doc_id),
            _ => {
                let (result, fresh) = weight.scorer_danger(searcher.segment_reader(segment_ord), doc_id, boost)?;
                let (fresh, matched) = Seeker::settled(result, doc_id, fresh);
                seeker = Some((segment_ord, fresh));
                matched
            }
        };
        if matched && let Some((_, current)) = seeker.as_mut() {
            found(i, current.score());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The union's list of `docs` (best first), `every` if it matched no more.
    fn found(docs: &[u32], every: bool) -> Found {
        Found { best: docs.iter().map(|&d| (100.0 - d as f32, DocAddress::new(0, d))).collect(), every }
    }

    fn ids(best: Option<Vec<DocAddress>>) -> Option<Vec<u32>> {
        best.map(|b| b.into_iter().map(|a| a.doc_id).collect())
    }

    #[test]
    fn the_list_answers_a_filter_when_it_holds_enough_of_its_articles_or_all_the_union_matched() {
        let even = |a: DocAddress| a.doc_id.is_multiple_of(2);
        let listed = [1, 2, 3, 4, 5, 6];
        // Two even ones wanted, three listed: the first two.
        assert_eq!(ids(found(&listed, false).best_within(even, 2)), Some(vec![2, 4]));
        assert_eq!(ids(found(&listed, false).best_within(even, 3)), Some(vec![2, 4, 6]));
        // Four wanted: others may rank below the list, unless it is all.
        assert_eq!(ids(found(&listed, false).best_within(even, 4)), None);
        assert_eq!(ids(found(&listed, true).best_within(even, 4)), Some(vec![2, 4, 6]));
        assert_eq!(ids(found(&[1, 3], true).best_within(even, 4)), Some(vec![]));
    }
}
