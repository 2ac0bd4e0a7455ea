//! What the links between tickets and articles (`index::links`) change in
//! an answer: a ticket that cites an article the corpus holds never comes
//! above that article (it follows it, no surer than it; where the article
//! is not among the candidates, as where the search's filter leaves it
//! out, the ticket keeps its place; a search for tickets alone keeps them
//! as found); a ticket linked for its
//! words is its article's match: the article is a candidate whenever the
//! ticket is, and takes the ticket's evidence where it matches the paste
//! better (a short ticket's words are not drowned in a long article,
//! [`lift`]); a ticket none of whose links is asked (one that shares too
//! little with every article it cites: mis-linked, by its own words) comes
//! after every article, so that its citation points no paste to a wrong
//! answer; an article asked like the paste in its tickets says so
//! (`Evidence::Asked`).
use super::evidence::Evidence;
use super::function_words::tells_something;
use super::rank::{Scored, best_first};
use super::retrieve::{for_each_match, index_order};
use crate::article::{Article, ArticleKind};
use crate::error::Result;
use crate::index::analysis::tokens;
use crate::index::document::LINKED;
use crate::index::links::first_with;
use crate::index::open::KbIndex;
use std::collections::BTreeSet;
use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

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

/// What the links of the candidate tickets say (see [`candidate_links`]).
#[derive(Debug, Default)]
pub(crate) struct CandidateLinks {
    /// Each ticket linked for its words (`asked`) with the address of an
    /// article it was asked like that the search's filter admits: a ticket
    /// linked to two articles is listed with each.
    pub asked: Vec<(DocAddress, DocAddress)>,
    /// The linked tickets none of whose links is asked.
    pub doubtful: Vec<DocAddress>,
}

/// The links of the candidate tickets: the pairs of asked ticket and
/// article that `filter` (the search's kinds, products, ...) admits, and
/// the tickets whose every link is doubtful.
pub(crate) fn candidate_links(
    index: &KbIndex,
    searcher: &Searcher,
    candidates: &[(f32, DocAddress)],
    filter: Option<&dyn Query>,
) -> Result<CandidateLinks> {
    let fields = index.fields();
    let matching = |query: &dyn Query, addresses: &[DocAddress]| -> Result<Vec<DocAddress>> {
        let mut found = Vec::new();
        let scoring = EnableScoring::disabled_from_searcher(searcher);
        for_each_match(searcher, query, scoring, 1.0, addresses, &index_order(addresses), |i, _| {
            found.push(addresses[i]);
        })?;
        Ok(found)
    };
    let addresses: Vec<DocAddress> = candidates.iter().map(|c| c.1).collect();
    // Linked tickets only: a linked article's stored text is not read here.
    let term = |field, value: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
    };
    let linked_tickets = BooleanQuery::new(vec![
        (Occur::Must, term(fields.kind, ArticleKind::Ticket.as_str())),
        (Occur::Must, term(fields.shape, LINKED)),
    ]);
    let mut links = CandidateLinks::default();
    for ticket in matching(&linked_tickets, &addresses)? {
        let cited = linked_articles(index, searcher, ticket)?;
        if !cited.iter().any(|(_, asked)| *asked) {
            links.doubtful.push(ticket);
        }
        for (id, asked) in cited {
            if asked && let Some(article) = first_with(searcher, Term::from_field_text(fields.id, &id))? {
                links.asked.push((ticket, article));
            }
        }
    }
    if let Some(filter) = filter {
        let articles: Vec<DocAddress> = links.asked.iter().map(|p| p.1).collect();
        let admitted = matching(filter, &articles)?;
        links.asked.retain(|p| admitted.contains(&p.1));
    }
    Ok(links)
}

/// Each article takes the evidence and score of an asked ticket of its
/// (`links.asked`, from [`candidate_links`]) that matches the paste better
/// than its own text does: the ticket's words are the article's as asked,
/// and a short ticket's are not drowned in a long article. The tickets
/// stay candidates, rivals of their article when the confidence weighs the
/// first hit's lead, so that a ticket's words make no answer surer than
/// the ticket itself would be. The list best first again, the doubtful
/// tickets last where `among_articles` (a search that may find articles,
/// [`doubtful_last`]).
pub(crate) fn lift(scored: &mut [Scored], links: &CandidateLinks, among_articles: bool) {
    let at = |s: &[Scored], address: DocAddress| s.iter().position(|c| c.address == address);
    for &(ticket, article) in &links.asked {
        let (Some(t), Some(a)) = (at(scored, ticket), at(scored, article)) else { continue };
        if scored[t].score > scored[a].score {
            let (address, id) = (scored[a].address, scored[a].id.clone());
            scored[a] = Scored { address, id, ..scored[t].clone() };
        }
    }
    best_first(scored);
    if among_articles {
        doubtful_last(scored, |s| s.address, &links.doubtful);
    }
}

/// The `doubtful` tickets of a list after everything else, each list's
/// order kept: a ticket that cites an article it shares too little with
/// would point the paste to that article.
pub(crate) fn doubtful_last<T>(list: &mut [T], address: impl Fn(&T) -> DocAddress, doubtful: &[DocAddress]) {
    list.sort_by_key(|item| doubtful.contains(&address(item)));
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
        // A ticket waits for its article only where that is a candidate
        // (an asked ticket's always is, unless the search's filter leaves
        // it out, see `candidate_links`): else it is a ticket without a link.
        let candidate = |id: &String| candidates.iter().any(|(_, c)| c == id);
        let targets: Vec<String> = links.into_iter().filter(|(t, _)| candidate(t)).map(|(t, _)| t).collect();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::features::{Features, QueryFeatures};

    fn scored(doc: u32, id: &str, score: f32, coverage: f32) -> Scored {
        Scored {
            address: DocAddress::new(0, doc),
            id: id.into(),
            score,
            why: Vec::new(),
            held: Vec::new(),
            features: Features { coverage, ..Features::default() },
            shared: Vec::new(),
            query: QueryFeatures::default(),
        }
    }

    fn order(list: &[Scored]) -> Vec<(&str, f32, f32)> {
        list.iter().map(|s| (s.id.as_str(), s.score, s.features.coverage)).collect()
    }

    #[test]
    fn an_article_takes_its_asked_tickets_better_match_and_keeps_its_own_place_otherwise() {
        // Q2 (doc 2) is matched better by its ticket (doc 9) than by its own
        // long text: it takes the ticket's score and evidence, keeps its id
        // and address, and comes above Q1. The ticket stays a candidate.
        let mut list = vec![scored(1, "Q1", 2.0, 0.5), scored(9, "INC9", 2.5, 0.9), scored(2, "Q2", 1.0, 0.2)];
        let links = CandidateLinks { asked: vec![(DocAddress::new(0, 9), DocAddress::new(0, 2))], doubtful: Vec::new() };
        lift(&mut list, &links, true);
        assert_eq!(order(&list), [("INC9", 2.5, 0.9), ("Q2", 2.5, 0.9), ("Q1", 2.0, 0.5)]);
        assert_eq!(list[1].address, DocAddress::new(0, 2));
        // A ticket that matches worse than its article changes nothing; nor
        // does one whose article is no candidate.
        let mut list = vec![scored(2, "Q2", 3.0, 0.8), scored(9, "INC9", 2.5, 0.9), scored(8, "INC8", 2.4, 0.9)];
        let asked = vec![(DocAddress::new(0, 9), DocAddress::new(0, 2)), (DocAddress::new(0, 8), DocAddress::new(0, 7))];
        lift(&mut list, &CandidateLinks { asked, doubtful: Vec::new() }, true);
        assert_eq!(order(&list), [("Q2", 3.0, 0.8), ("INC9", 2.5, 0.9), ("INC8", 2.4, 0.9)]);
    }

    #[test]
    fn a_ticket_whose_every_link_is_doubtful_comes_after_the_articles_unless_tickets_alone_are_asked_for() {
        // INC7 matches the paste best but cites an article it shares too
        // little with; INC5, a ticket without a link, keeps its place.
        let list = vec![
            scored(7, "INC7", 3.0, 0.9),
            scored(8, "INC8", 2.8, 0.9),
            scored(1, "Q1", 2.0, 0.5),
            scored(5, "INC5", 1.5, 0.4),
            scored(2, "Q2", 1.0, 0.2),
        ];
        let links = CandidateLinks { asked: Vec::new(), doubtful: vec![DocAddress::new(0, 7), DocAddress::new(0, 8)] };
        let mut among_articles = list.clone();
        lift(&mut among_articles, &links, true);
        let ids = |l: &[Scored]| l.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&among_articles), ["Q1", "INC5", "Q2", "INC7", "INC8"]);
        let mut tickets_alone = list.clone();
        lift(&mut tickets_alone, &links, false);
        assert_eq!(ids(&tickets_alone), ["INC7", "INC8", "Q1", "INC5", "Q2"]);
    }
}
