//! What the links between tickets and articles (`index::links`) change in
//! an answer: a ticket that cites an article the corpus holds never comes
//! above that article (it follows it, no surer than it; where the article
//! is not among the candidates, a ticket linked for its words is left out,
//! its article having its words, and a mis-linked one keeps its place; a
//! search for tickets alone keeps them as found); an article asked like
//! the paste in its tickets says so (`Evidence::Asked`).
use super::evidence::Evidence;
use super::function_words::tells_something;
use crate::article::{Article, ArticleKind};
use crate::error::Result;
use crate::index::analysis::tokens;
use crate::index::document::LINKED;
use crate::index::open::KbIndex;
use std::collections::BTreeSet;
use tantivy::schema::Value;
use tantivy::{DocAddress, Searcher, TantivyDocument};

/// The least number of the paste's content words a ticket's problem must
/// hold for the article to say it was asked like this.
const ASKED_SHARED_WORDS: usize = 2;

/// The articles a candidate ticket is linked to, each with whether the
/// link is `asked` (not mis-linked); none for anything else.
fn linked_articles(index: &KbIndex, searcher: &Searcher, address: DocAddress) -> Result<Vec<(String, bool)>> {
    let fields = index.fields();
    let doc: TantivyDocument = searcher.doc(address)?;
    let is = |field, value: &str| doc.get_all(field).any(|v| v.as_str() == Some(value));
    if !is(fields.kind, ArticleKind::Ticket.as_str()) || !is(fields.shape, LINKED) {
        return Ok(Vec::new());
    }
    Ok(index.stored_article_at(searcher, address)?.links.into_iter().map(|l| (l.id, l.asked)).collect())
}

/// The order of the candidates (given as address and id, best first) with
/// each linked ticket after the article it cites: the positions kept, each
/// with the position of the article whose confidence caps it. Stops once
/// `limit` are placed.
pub(crate) fn tickets_after_articles(
    index: &KbIndex,
    searcher: &Searcher,
    candidates: &[(DocAddress, &str)],
    limit: usize,
) -> Result<Vec<(usize, Option<usize>)>> {
    let mut placed: Vec<(usize, Option<usize>)> = Vec::new();
    let mut waiting: Vec<(usize, Vec<String>)> = Vec::new();
    for (at, &(address, id)) in candidates.iter().enumerate() {
        if placed.len() >= limit {
            break;
        }
        let links = linked_articles(index, searcher, address)?;
        // A mis-linked ticket waits for its article only where that is a
        // candidate: else it is a ticket without a link.
        let candidate = |id: &String| candidates.iter().any(|(_, c)| c == id);
        let targets: Vec<String> = links.into_iter().filter(|(t, asked)| *asked || candidate(t)).map(|(t, _)| t).collect();
        if targets.is_empty() {
            placed.push((at, None));
            let (follow, wait): (Vec<_>, Vec<_>) = waiting.into_iter().partition(|(_, t)| t.iter().any(|t| t == id));
            placed.extend(follow.into_iter().map(|(ticket, _)| (ticket, Some(at))));
            waiting = wait;
            continue;
        }
        let above = placed.iter().find(|(p, _)| targets.iter().any(|t| t == candidates[*p].1));
        match above {
            Some(&(article, _)) => placed.push((at, Some(article))),
            None => waiting.push((at, targets)),
        }
    }
    Ok(placed)
}

/// The paste's content words, analysed.
pub(crate) fn paste_words(paste: &str) -> BTreeSet<String> {
    tokens(paste).into_iter().map(|(_, w)| w).filter(|w| tells_something(w)).collect()
}

/// `Evidence::Asked` for an article whose tickets asked with the paste's
/// words (at least [`ASKED_SHARED_WORDS`] of them, or all where it has
/// fewer), naming those tickets.
pub(crate) fn asked(paste: &BTreeSet<String>, article: &Article) -> Option<Evidence> {
    let need = ASKED_SHARED_WORDS.min(paste.len()).max(1);
    let shares = |text: &str| {
        let words: BTreeSet<String> = tokens(text).into_iter().map(|(_, w)| w).collect();
        words.intersection(paste).count() >= need
    };
    let tickets: Vec<String> =
        article.links.iter().filter(|l| l.asked && shares(&l.text)).map(|l| l.id.clone()).collect();
    (!tickets.is_empty()).then_some(Evidence::Asked { tickets })
}
