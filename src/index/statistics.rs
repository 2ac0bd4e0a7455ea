//! The word statistics a search weighs words by (how many articles there
//! are, how many hold a term, how long a field runs), the articles' alone:
//! the tickets left out, and the tickets' problems that linked articles
//! hold ([`super::article_totals`]). A desk's tickets are its callers'
//! words, not its knowledge: however many it indexes, they change no
//! word's weight, so no answer about anything else moves or grows surer
//! because tickets came in. Tickets are scored with these statistics too.
use super::article_totals::{ArticleTotals, TicketDocs};
use super::open::KbIndex;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tantivy::query::{Bm25StatisticsProvider, EnableScoring};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, Searcher, TERMINATED, Term};

/// Who holds a term, as the articles count it ([`Statistics::holders`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holders {
    /// The documents holding it less the tickets among them: the articles
    /// holding it, a linked article's tickets' words its own (what a paste
    /// may share with it).
    pub articles: u64,
    /// The articles whose own text holds it (their tickets' words left
    /// out): what the articles would count without the tickets.
    pub own: u64,
    /// What it weighs by: `own`, so that the tickets change no word's
    /// weight; for a term no article's own text holds, `articles` (it finds
    /// them by their tickets' words), or for one only tickets hold, the
    /// tickets (as many as the articles at most): no word weighs more for
    /// being the tickets' alone.
    pub weighed: u64,
}

/// The articles' statistics of a searcher's index (see the module).
pub struct Statistics {
    searcher: Searcher,
    /// The tickets' documents.
    tickets: Arc<TicketDocs>,
    /// How many tickets hold a term, per term asked about.
    tickets_holding: Mutex<HashMap<Term, u64>>,
    /// The articles' own field lengths and what their tickets' words add.
    totals: Arc<ArticleTotals>,
    /// The fields `totals` counts, with the names it knows them by.
    named: [(Field, &'static str); 4],
}

impl Statistics {
    /// The statistics of `index` as `searcher` (one of its searchers) reads it.
    pub fn of(index: &KbIndex, searcher: &Searcher) -> tantivy::Result<Statistics> {
        let fields = index.fields();
        Ok(Statistics {
            searcher: searcher.clone(),
            tickets: index.ticket_docs()?,
            tickets_holding: Mutex::default(),
            totals: index.article_totals(),
            named: [(fields.title, "title"), (fields.messages, "messages"), (fields.symptoms, "symptoms"), (fields.body, "body")],
        })
    }

    /// The number of live articles (tickets left out); in an index of
    /// tickets alone, of tickets.
    pub fn num_docs(&self) -> u64 {
        let articles = self.searcher.num_docs().saturating_sub(self.tickets.alive);
        if articles == 0 { self.searcher.num_docs() } else { articles }
    }

    /// The number a term weighs by ([`Statistics::without_tickets`]; 0
    /// where it cannot be read).
    pub fn doc_freq(&self, term: &Term) -> u64 {
        self.without_tickets(term, self.searcher.doc_freq(term).unwrap_or(0))
    }

    /// What a term weighs by ([`Holders::weighed`]).
    pub fn without_tickets(&self, term: &Term, doc_freq: u64) -> u64 {
        self.holders(term, doc_freq).weighed
    }

    /// Who holds `term`, which `doc_freq` documents hold, as the articles
    /// count (see [`Holders`]): read once for all three counts.
    pub fn holders(&self, term: &Term, doc_freq: u64) -> Holders {
        // At most the articles there are: the index counts a replaced
        // document among those holding a term until a merge drops it.
        let articles = doc_freq.saturating_sub(self.held_by_tickets(term, doc_freq)).min(self.num_docs());
        let through_tickets = match (self.name(term.field()), term.value().as_str()) {
            (Some(name), Some(text)) if doc_freq > 0 => self.totals.asked(name, text),
            _ => 0,
        };
        let own = articles.saturating_sub(through_tickets);
        let weighed = match own {
            0 if articles > 0 => articles,
            0 => doc_freq.min(self.num_docs()),
            own => own,
        };
        Holders { articles, own, weighed }
    }

    /// How many tickets hold `term`, which `doc_freq` documents hold
    /// (counted once per search).
    fn held_by_tickets(&self, term: &Term, doc_freq: u64) -> u64 {
        if doc_freq == 0 || self.tickets.is_empty() {
            return 0;
        }
        let mut known = self.tickets_holding.lock().unwrap_or_else(|p| p.into_inner());
        *known.entry(term.clone()).or_insert_with(|| self.count_tickets_holding(term))
    }

    /// The name [`ArticleTotals`] knows `field` by, if it counts it.
    fn name(&self, field: Field) -> Option<&'static str> {
        self.named.iter().find(|(f, _)| *f == field).map(|(_, name)| *name)
    }

    /// How many tickets hold `term`, walking the shorter of the two lists
    /// in each segment: each ticket looked for in the term's postings, or
    /// each document of a rare term looked for among the tickets. Either way
    /// no more than the smaller of the term's articles and the tickets.
    fn count_tickets_holding(&self, term: &Term) -> u64 {
        let mut held = 0;
        for (reader, tickets) in self.searcher.segment_readers().iter().zip(&self.tickets.per_segment) {
            if tickets.is_empty() {
                continue;
            }
            let Ok(index) = reader.inverted_index(term.field()) else { continue };
            let Ok(Some(mut postings)) = index.read_postings(term, IndexRecordOption::Basic) else { continue };
            if (postings.size_hint() as usize) < tickets.len() {
                while postings.doc() != TERMINATED {
                    held += u64::from(tickets.binary_search(&postings.doc()).is_ok());
                    postings.advance();
                }
                continue;
            }
            for &doc in tickets {
                if postings.doc() == TERMINATED {
                    break;
                }
                if postings.doc() <= doc && postings.seek(doc) == doc {
                    held += 1;
                }
            }
        }
        held
    }

    /// Scoring by these statistics, for `Query::weight`.
    pub fn scoring(&self) -> EnableScoring<'_> {
        EnableScoring::enabled_from_statistics_provider(self, &self.searcher)
    }
}

impl Bm25StatisticsProvider for Statistics {
    /// The articles' tokens in a prose field (the searcher's count in any
    /// other, none of which is weighed by BM25, and where the articles hold
    /// none: an index of tickets alone).
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        match self.name(field).and_then(|name| self.totals.tokens(name)).filter(|&tokens| tokens > 0) {
            Some(tokens) => Ok(tokens),
            None => self.searcher.total_num_tokens(field),
        }
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.num_docs())
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        Ok(self.without_tickets(term, self.searcher.doc_freq(term)?))
    }
}
