//! Links between tickets and the articles they cite: after a build's
//! articles are in, each ticket's citations ([`Article::cites`]) are
//! resolved to the articles the index holds, and each linked article is
//! written again with its tickets ([`Article::links`]): their problem text
//! becomes the article's words "as asked" (see `document::to_document`),
//! unless the ticket's problem is far from the article's (a mis-linked
//! ticket, [`ASKED_SIMILARITY`]). Read from the index itself, so that a
//! full build and an update link alike, and an article whose tickets went
//! loses them.
use super::analysis::tokens;
use super::document::{LINKED, to_document};
use super::meaning::{Model, article_vector, similarity as cosine};
use super::schema::Fields;
use crate::article::{Article, ArticleKind, Link};
use crate::error::{Error, Result};
use crate::matcher::background::rarity;
use crate::matcher::function_words::tells_something;
use std::collections::{BTreeMap, BTreeSet};
use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, IndexWriter, Searcher, TantivyDocument, Term};

/// The least similarity ([`similarity`]) of a ticket's problem and the
/// article it cites for its words to be searched as the article's. Chosen
/// on the training tickets of `benches/queries/tickets` (138 tickets
/// written by helpers, 120 true links and 6 mis-linked, with 120 questions
/// by others about the same 60 articles; docs/notes/issue-54.md): the
/// highest threshold at which those questions find their article first
/// most often (0.20 to 0.30 alike, 0.35 lower), so that as few mis-links
/// as may be pass. There, every mis-link is under 0.19 and 117 of the 120
/// true links are at 0.30 or more; on pairs made from the archive (an
/// article's first symptom sentence against its own article and against
/// one drawn at random, `benches/fit/src/bin/link_threshold.rs`) 99.6 % of
/// the own pairs pass and 36 % of the random ones (a mis-link to an
/// article on a neighbouring technical subject may pass; one about another
/// kind of problem, as the training mis-links are, does not). The first
/// choice, 0.45 (the archive pairs' best), kept 29 of the 120 true links
/// out.
pub const ASKED_SIMILARITY: f32 = 0.30;

/// The most articles a runbook's title is looked for among.
const TITLE_CANDIDATES: usize = 20;

/// A ticket's problem as its caller wrote it: its title and the Problem
/// section (`ingest::tickets`).
pub fn problem_text(ticket: &Article) -> String {
    let mut text = ticket.title.clone();
    for section in ticket.sections.iter().filter(|s| s.name == crate::ingest::tickets::PROBLEM) {
        if section.text != ticket.title {
            text.push('\n');
            text.push_str(&section.text);
        }
    }
    text
}

/// How alike a ticket's problem and an article are, 0..1: the mean of
/// the cosine of their meaning vectors (see [`super::meaning`], at least
/// 0), which hears the same problem in other words, and the share of the
/// problem's content words the article holds, each weighed by its rarity
/// in the archive, which hears the same rare names and codes (a caller's
/// `stop 0x1E on faxing server` and the article on the fax board's
/// driver share little meaning the model knows, and `0x1e` and `fax`).
pub fn similarity(problem: &str, article: &Article) -> f32 {
    let words: BTreeSet<String> =
        tokens(problem).into_iter().map(|(_, w)| w).filter(|w| tells_something(w)).collect();
    let meaning = match (Model::get().vector(words.iter().map(String::as_str)), article_vector(article)) {
        (Some(asked), Some(stored)) => cosine(&asked, &stored).max(0.0),
        _ => 0.0,
    };
    let mut held = BTreeSet::new();
    let mut hold = |text: &str| {
        for (_, w) in tokens(text) {
            if words.contains(&w) {
                held.insert(w);
            }
        }
    };
    hold(&article.title);
    article.sections.iter().for_each(|s| hold(&s.text));
    let all: f32 = words.iter().map(|w| rarity(w)).sum();
    let shared: f32 = held.iter().map(|w| rarity(w)).sum();
    let overlap = if all > 0.0 { shared / all } else { 0.0 };
    (meaning + overlap) / 2.0
}

/// Resolve every ticket's citations, write again each article or ticket
/// whose links changed and commit that; the number written again.
pub(crate) fn relink(index: &tantivy::Index, writer: &mut IndexWriter, fields: &Fields) -> Result<u64> {
    let written = write_links(index, writer, fields)?;
    if written > 0 {
        writer.commit()?;
    }
    Ok(written)
}

/// [`relink`] but the commit.
fn write_links(index: &tantivy::Index, writer: &IndexWriter, fields: &Fields) -> Result<u64> {
    let reader = index.reader_builder().reload_policy(tantivy::ReloadPolicy::Manual).try_into()?;
    let searcher: Searcher = tantivy::IndexReader::searcher(&reader);
    let stored = |address: DocAddress| -> Result<Article> {
        let doc: TantivyDocument = searcher.doc(address)?;
        let json = doc.get_first(fields.article).and_then(|v| v.as_str()).unwrap_or("{}");
        serde_json::from_str(json).map_err(Error::from)
    };
    let mut wanted: BTreeMap<DocAddress, Vec<Link>> = BTreeMap::new();
    let tickets = all_with(&searcher, Term::from_field_text(fields.kind, ArticleKind::Ticket.as_str()))?;
    for ticket_at in tickets {
        let ticket = stored(ticket_at)?;
        if ticket.cites.is_empty() {
            continue;
        }
        let problem = problem_text(&ticket);
        let mut targets = BTreeSet::new();
        for cite in &ticket.cites {
            targets.extend(resolve(&searcher, fields, cite)?);
        }
        for target_at in targets {
            let target = stored(target_at)?;
            if target.kind == ArticleKind::Ticket {
                continue;
            }
            let similarity = (similarity(&problem, &target) * 1000.0).round() / 1000.0;
            let asked = similarity >= ASKED_SIMILARITY;
            let text = problem.clone();
            wanted.entry(target_at).or_default().push(Link { id: ticket.id.clone(), similarity, asked, text });
            let back = Link { id: target.id.clone(), similarity, asked, text: String::new() };
            wanted.entry(ticket_at).or_default().push(back);
        }
    }
    let mut check: BTreeSet<DocAddress> = all_with(&searcher, Term::from_field_text(fields.shape, LINKED))?;
    check.extend(wanted.keys().copied());
    let mut written = 0;
    for address in check {
        let mut article = stored(address)?;
        let mut links = wanted.remove(&address).unwrap_or_default();
        links.sort_by(|a, b| a.id.cmp(&b.id));
        links.dedup_by(|a, b| a.id == b.id);
        if article.links != links {
            article.links = links;
            writer.delete_term(Term::from_field_text(fields.id, &article.id));
            writer.add_document(to_document(fields, &article)?)?;
            written += 1;
        }
    }
    Ok(written)
}

/// Every live document holding a term.
fn all_with(searcher: &Searcher, term: Term) -> Result<BTreeSet<DocAddress>> {
    let query = TermQuery::new(term, IndexRecordOption::Basic);
    Ok(searcher.search(&query, &DocSetCollector)?.into_iter().collect())
}

/// The first live document holding a term.
pub(crate) fn first_with(searcher: &Searcher, term: Term) -> Result<Option<DocAddress>> {
    let query = TermQuery::new(term, IndexRecordOption::Basic);
    Ok(searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?.first().map(|(_, a)| *a))
}

/// The article a citation names, if the index holds it: a KB number by
/// the article's own number term; a runbook's path by its id, the path's
/// last folders and name (a cited `\\share\runbooks\vpn.docx` is the
/// corpus's `runbooks/vpn.docx`); a title by the title, case aside.
fn resolve(searcher: &Searcher, fields: &Fields, cite: &str) -> Result<Option<DocAddress>> {
    if let Some(id) = cite.strip_prefix("id:") {
        let key = crate::ingest::merge::key(id);
        return match key.strip_prefix("kb:") {
            Some(number) => first_with(searcher, Term::from_field_text(fields.signals, &format!("kb:{number}"))),
            None => first_with(searcher, Term::from_field_text(fields.id, id)),
        };
    }
    if let Some(number) = cite.strip_prefix("kb:") {
        return first_with(searcher, Term::from_field_text(fields.signals, &format!("kb:{number}")));
    }
    if let Some(path) = cite.strip_prefix("path:") {
        let parts: Vec<&str> = path.split('/').collect();
        for from in 0..parts.len() {
            let id = parts[from..].join("/");
            if let Some(found) = first_with(searcher, Term::from_field_text(fields.id, &id))? {
                return Ok(Some(found));
            }
        }
        return Ok(None);
    }
    if let Some(title) = cite.strip_prefix("title:") {
        let words: Vec<Box<dyn Query>> = tokens(title)
            .into_iter()
            .map(|(_, w)| Box::new(TermQuery::new(Term::from_field_text(fields.title, &w), IndexRecordOption::Basic)) as _)
            .collect();
        if words.is_empty() {
            return Ok(None);
        }
        let query = BooleanQuery::new(words.into_iter().map(|q| (Occur::Must, q)).collect());
        for (_, address) in searcher.search(&query, &TopDocs::with_limit(TITLE_CANDIDATES).order_by_score())? {
            let doc: TantivyDocument = searcher.doc(address)?;
            let stored = doc.get_first(fields.title).and_then(|v| v.as_str()).unwrap_or("");
            if stored.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase() == title {
                return Ok(Some(address));
            }
        }
    }
    Ok(None)
}
