//! Articles that quote a stretch of the paste's message: found by its
//! three-word windows in the articles' quoted messages, whatever else the
//! paste holds. A path's or a server's words (`Inetpub`, `wwwroot`,
//! `default.asp`) are rarer than a message's own words and pull articles
//! that merely name them first; the article that quotes `File <path> is
//! already open` holds none of them and would not be re-ranked at all.

use std::collections::HashSet;

use tantivy::query::{Occur, PhraseQuery, Query};
use tantivy::{DocAddress, Searcher, Term};

use super::retrieve::{self, Retrieval};
use super::weights::Limits;
use crate::index::KbIndex;

/// Add the `quoted_candidates` articles whose quoted messages hold most of
/// the paste's three-word runs (the first `max_quoted_runs` with a word in
/// at most `quoted_run_articles` articles' messages) to the candidates,
/// scored as the others are.
pub fn add_candidates(
    index: &KbIndex,
    searcher: &Searcher,
    retrieval: &Retrieval,
    candidates: &mut Vec<(f32, DocAddress)>,
    limits: &Limits,
) -> tantivy::Result<()> {
    let most = limits.quoted_candidates;
    if most == 0 {
        return Ok(());
    }
    let field = index.fields().messages;
    let mut seen = HashSet::new();
    let mut windows: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for run in &retrieval.runs {
        for window in run.windows(3) {
            let base = window[0].0;
            if window[2].0 - base != 2 || windows.len() >= limits.max_quoted_runs {
                continue;
            }
            let words: Vec<&str> = window.iter().map(|(_, t)| t.as_str()).collect();
            if !seen.insert(words) {
                continue;
            }
            let terms: Vec<(usize, Term)> =
                window.iter().map(|(pos, t)| (pos - base, Term::from_field_text(field, t))).collect();
            let rarest = terms.iter().map(|(_, term)| retrieval.stats.doc_freq(term)).min().unwrap_or(0);
            if rarest > limits.quoted_run_articles as u64 {
                continue;
            }
            windows.push((Occur::Should, Box::new(PhraseQuery::new_with_offset(terms))));
        }
    }
    retrieve::add_best_of(searcher, retrieval, windows, most, candidates)
}
