//! The word statistics a search weighs words by (how many articles there
//! are, how many hold a term, how long a field runs) with the tickets left
//! out: a desk's tickets are its callers' words, not its knowledge, and
//! however many it indexes they change no word's weight, so no answer
//! about anything else moves or grows surer because tickets came in.
//! Tickets are scored with the articles' statistics too. Where an index
//! holds no tickets these are the searcher's own.
use crate::article::ArticleKind;
use std::collections::HashMap;
use std::sync::Mutex;
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
    /// How many tokens the tickets hold, per field asked about.
    ticket_tokens: Mutex<HashMap<Field, u64>>,
}

impl Statistics {
    /// The statistics of `searcher`'s index less the documents whose
    /// `kind` is a ticket.
    pub fn of(searcher: &Searcher, kind: Field) -> tantivy::Result<Statistics> {
        let ticket = Term::from_field_text(kind, ArticleKind::Ticket.as_str());
        let (mut tickets, mut alive) = (Vec::new(), 0);
        for reader in searcher.segment_readers() {
            let mut docs = Vec::new();
            if let Some(mut postings) = reader.inverted_index(kind)?.read_postings(&ticket, IndexRecordOption::Basic)? {
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
            ticket_tokens: Mutex::default(),
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
    /// among them.
    pub fn without_tickets(&self, term: &Term, doc_freq: u64) -> u64 {
        if doc_freq == 0 || self.tickets.iter().all(Vec::is_empty) {
            return doc_freq;
        }
        let mut known = self.held_by_tickets.lock().unwrap_or_else(|p| p.into_inner());
        let held = *known.entry(term.clone()).or_insert_with(|| self.count_tickets_holding(term));
        doc_freq.saturating_sub(held)
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
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let all = self.searcher.total_num_tokens(field)?;
        if self.tickets.iter().all(Vec::is_empty) {
            return Ok(all);
        }
        let mut known = self.ticket_tokens.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(&tokens) = known.get(&field) {
            return Ok(all.saturating_sub(tokens));
        }
        let mut tokens = 0;
        for (reader, tickets) in self.searcher.segment_readers().iter().zip(&self.tickets) {
            if tickets.is_empty() {
                continue;
            }
            let norms = reader.get_fieldnorms_reader(field)?;
            tokens += tickets.iter().map(|&d| u64::from(norms.fieldnorm(d))).sum::<u64>();
        }
        known.insert(field, tokens);
        Ok(all.saturating_sub(tokens))
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        let tickets: u64 = self.tickets.iter().map(|t| t.len() as u64).sum();
        Ok(self.searcher.total_num_docs()?.saturating_sub(tickets))
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        Ok(self.without_tickets(term, self.searcher.doc_freq(term)?))
    }
}
