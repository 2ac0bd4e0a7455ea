//! The word statistics a search weighs words by (how many articles there
//! are, how many hold a term, how long a field runs), the articles' alone:
//! the tickets left out, and the tickets' problems that linked articles
//! hold ([`super::article_totals`]). A desk's tickets are its callers'
//! words, not its knowledge: however many it indexes, they change no
//! word's weight, so no answer about anything else moves or grows surer
//! because tickets came in. Tickets are scored with these statistics too.
use super::article_totals::ArticleTotals;
use super::open::KbIndex;
use crate::article::ArticleKind;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tantivy::query::{Bm25StatisticsProvider, EnableScoring};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Searcher, TERMINATED, Term};

/// The articles' statistics of a searcher's index (see the module).
pub struct Statistics {
    searcher: Searcher,
    /// Per segment, the tickets' documents in order, deleted ones too (the
    /// term statistics count those).
    tickets: Vec<Vec<DocId>>,
    /// How many tickets are not deleted.
    alive: u64,
    /// How many tickets hold a term, per term asked about.
    held_by_tickets: Mutex<HashMap<Term, u64>>,
    /// The articles' own field lengths and what their tickets' words add.
    totals: Arc<ArticleTotals>,
    /// The fields `totals` counts, with the names it knows them by.
    named: [(Field, &'static str); 4],
}

impl Statistics {
    /// The statistics of `index` as `searcher` reads it.
    pub fn of(index: &KbIndex, searcher: &Searcher) -> tantivy::Result<Statistics> {
        let fields = index.fields();
        let ticket = Term::from_field_text(fields.kind, ArticleKind::Ticket.as_str());
        let (mut tickets, mut alive) = (Vec::new(), 0);
        for reader in searcher.segment_readers() {
            let mut docs = Vec::new();
            if let Some(mut postings) = reader.inverted_index(fields.kind)?.read_postings(&ticket, IndexRecordOption::Basic)? {
                while postings.doc() != TERMINATED {
                    docs.push(postings.doc());
                    postings.advance();
                }
            }
            alive += docs.iter().filter(|&&d| reader.alive_bitset().is_none_or(|b| b.is_alive(d))).count() as u64;
            tickets.push(docs);
        }
        Ok(Statistics {
            searcher: searcher.clone(),
            tickets,
            alive,
            held_by_tickets: Mutex::default(),
            totals: index.article_totals(),
            named: [(fields.title, "title"), (fields.messages, "messages"), (fields.symptoms, "symptoms"), (fields.body, "body")],
        })
    }

    /// The number of articles (tickets left out).
    pub fn num_docs(&self) -> u64 {
        self.searcher.num_docs().saturating_sub(self.alive)
    }

    /// The number of articles holding `term` (0 where it cannot be read).
    pub fn doc_freq(&self, term: &Term) -> u64 {
        self.without_tickets(term, self.searcher.doc_freq(term).unwrap_or(0))
    }

    /// `doc_freq`, the number of documents holding `term`, less the tickets
    /// among them and the articles that hold it only through their
    /// tickets' words.
    pub fn without_tickets(&self, term: &Term, doc_freq: u64) -> u64 {
        if doc_freq == 0 || self.tickets.iter().all(Vec::is_empty) {
            return doc_freq;
        }
        let mut known = self.held_by_tickets.lock().unwrap_or_else(|p| p.into_inner());
        let held = *known.entry(term.clone()).or_insert_with(|| self.count_tickets_holding(term));
        let through_tickets = match (self.name(term.field()), term.value().as_str()) {
            (Some(name), Some(text)) => self.totals.asked(name, text),
            _ => 0,
        };
        doc_freq.saturating_sub(held + through_tickets)
    }

    /// The name [`ArticleTotals`] knows `field` by, if it counts it.
    fn name(&self, field: Field) -> Option<&'static str> {
        self.named.iter().find(|(f, _)| *f == field).map(|(_, name)| *name)
    }

    /// How many tickets hold `term`: each ticket looked for in the term's
    /// postings (a desk holds far fewer tickets than a common word has
    /// articles).
    fn count_tickets_holding(&self, term: &Term) -> u64 {
        let mut held = 0;
        for (reader, tickets) in self.searcher.segment_readers().iter().zip(&self.tickets) {
            if tickets.is_empty() {
                continue;
            }
            let Ok(index) = reader.inverted_index(term.field()) else { continue };
            let Ok(Some(mut postings)) = index.read_postings(term, IndexRecordOption::Basic) else { continue };
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
    /// other: none of those is weighed by BM25).
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        match self.name(field).and_then(|name| self.totals.tokens(name)) {
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
