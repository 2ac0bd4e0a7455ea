//! The articles' own share of what BM25 weighs by, for
//! [`super::statistics`]: which documents are tickets ([`TicketDocs`]); per
//! prose field, how many tokens the articles
//! hold (tickets left out, and the tickets' problems that linked articles
//! hold in `body` and `symptoms`, see `document::to_document`), and per
//! term the linked articles that hold it only through those problems.
//!
//! A field's tokens are the sum of the articles' field lengths as the index
//! keeps them (its fieldnorms): tantivy counts a field's tokens exactly
//! only while no document of a segment was ever replaced, and from the
//! fieldnorms after a merge that dropped one, so that an index whose build
//! linked a ticket (which writes its article again) and one that linked
//! none would weigh every word otherwise. Summed from the fieldnorms, the
//! same articles weigh the same in both (and in an updated index once its
//! segments are merged).
//!
//! A build reads them from the finished index and writes them beside it
//! ([`FILE`], JSON); an index whose file is missing or unreadable reads
//! them on first use.
use super::analysis::index_tokens;
use super::document::{LINKED, to_document};
use super::schema::Fields;
use crate::article::{Article, ArticleKind};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocId, DocSet, Searcher, TERMINATED, TantivyDocument, Term};

/// The tickets' documents of an index: per segment, in order, deleted ones
/// too (the term statistics count those), and how many are live. The same
/// for every search of a generation: read once ([`super::open::KbIndex::ticket_docs`]).
#[derive(Debug, Default)]
pub struct TicketDocs {
    pub(crate) per_segment: Vec<Vec<DocId>>,
    pub(crate) alive: u64,
}

impl TicketDocs {
    /// Read them from the documents whose `kind` is a ticket.
    pub fn read(searcher: &Searcher, kind: Field) -> tantivy::Result<TicketDocs> {
        let ticket = Term::from_field_text(kind, ArticleKind::Ticket.as_str());
        let mut docs = TicketDocs::default();
        for reader in searcher.segment_readers() {
            let mut segment = Vec::new();
            if let Some(mut postings) = reader.inverted_index(kind)?.read_postings(&ticket, IndexRecordOption::Basic)? {
                while postings.doc() != TERMINATED {
                    segment.push(postings.doc());
                    postings.advance();
                }
            }
            docs.alive += segment.iter().filter(|&&d| reader.alive_bitset().is_none_or(|b| b.is_alive(d))).count() as u64;
            docs.per_segment.push(segment);
        }
        Ok(docs)
    }

    /// Whether document `doc` of the segment at `segment` is a ticket.
    pub fn holds(&self, segment: usize, doc: DocId) -> bool {
        self.per_segment.get(segment).is_some_and(|docs| docs.binary_search(&doc).is_ok())
    }

    /// Whether the index holds no ticket.
    pub fn is_empty(&self) -> bool {
        self.per_segment.iter().all(Vec::is_empty)
    }
}

/// The file in a generation that holds them.
pub const FILE: &str = "article_totals.json";

/// One prose field's totals.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldTotals {
    /// The tokens the articles hold in the field, their tickets' words
    /// left out.
    pub tokens: u64,
    /// Per term, the linked articles whose field holds it only through
    /// their tickets' words.
    pub asked: BTreeMap<String, u64>,
}

/// The prose fields' totals, by field name.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleTotals {
    pub fields: BTreeMap<String, FieldTotals>,
}

impl ArticleTotals {
    /// Read the index: every live article's field lengths, and every linked
    /// article's fields with and without its asked tickets' problems.
    pub fn read(searcher: &Searcher, fields: &Fields) -> Result<ArticleTotals> {
        let mut totals = ArticleTotals::default();
        let tickets = TicketDocs::read(searcher, fields.kind)?;
        for (name, field) in prose_fields(fields) {
            let mut tokens = 0;
            for (ord, reader) in searcher.segment_readers().iter().enumerate() {
                let norms = reader.get_fieldnorms_reader(field)?;
                let articles = reader.doc_ids_alive().filter(|&doc| !tickets.holds(ord, doc));
                tokens += articles.map(|doc| u64::from(norms.fieldnorm(doc))).sum::<u64>();
            }
            totals.fields.insert(name.to_string(), FieldTotals { tokens, asked: BTreeMap::new() });
        }
        let linked = TermQuery::new(Term::from_field_text(fields.shape, LINKED), IndexRecordOption::Basic);
        for address in searcher.search(&linked, &DocSetCollector)? {
            let doc: TantivyDocument = searcher.doc(address)?;
            let json = doc.get_first(fields.article).and_then(|v| v.as_str()).unwrap_or("{}");
            let article: Article = serde_json::from_str(json)?;
            if article.kind != ArticleKind::Ticket {
                totals.take_out_asked(fields, article)?;
            }
        }
        Ok(totals)
    }

    /// Take a linked article's asked tickets' problems out of the totals.
    fn take_out_asked(&mut self, fields: &Fields, mut article: Article) -> Result<()> {
        let texts: Vec<String> =
            std::mem::take(&mut article.links).into_iter().filter(|l| l.asked && !l.text.is_empty()).map(|l| l.text).collect();
        if texts.is_empty() {
            return Ok(());
        }
        let own = to_document(fields, &article)?;
        let (mut tokens, mut words) = (0, BTreeSet::new());
        for text in &texts {
            let found = index_tokens(text);
            tokens += found.len() as u64;
            words.extend(found.into_iter().map(|(_, w)| w));
        }
        // `to_document` adds them to these two.
        for (name, field) in [("body", fields.body), ("symptoms", fields.symptoms)] {
            let held = own_words(&own, field);
            let totals = self.fields.entry(name.to_string()).or_default();
            totals.tokens = totals.tokens.saturating_sub(tokens);
            for word in words.iter().filter(|w| !held.contains(*w)) {
                *totals.asked.entry(word.clone()).or_default() += 1;
            }
        }
        Ok(())
    }

    /// The tokens the articles hold in `field` (by its name), if it is a
    /// prose field.
    pub fn tokens(&self, field: &str) -> Option<u64> {
        self.fields.get(field).map(|f| f.tokens)
    }

    /// The linked articles whose `field` holds `term` only through their
    /// tickets' words.
    pub fn asked(&self, field: &str, term: &str) -> u64 {
        self.fields.get(field).and_then(|f| f.asked.get(term)).copied().unwrap_or(0)
    }

    /// Write them into a generation folder (a new file, renamed into
    /// place: never through a link to another generation's).
    pub fn write(&self, generation: &Path) -> Result<()> {
        let (path, fresh) = (generation.join(FILE), generation.join(format!("{FILE}.tmp")));
        std::fs::write(&fresh, serde_json::to_vec(self)?).map_err(|e| Error::io(&fresh, e))?;
        std::fs::rename(&fresh, &path).map_err(|e| Error::io(&path, e))
    }

    /// What a build wrote into a generation folder; `None` where it wrote
    /// nothing or it is not that.
    pub fn load(generation: &Path) -> Option<ArticleTotals> {
        serde_json::from_slice(&std::fs::read(generation.join(FILE)).ok()?).ok()
    }
}

/// The fields BM25 weighs words in, by name.
fn prose_fields(fields: &Fields) -> [(&'static str, Field); 4] {
    [("title", fields.title), ("messages", fields.messages), ("symptoms", fields.symptoms), ("body", fields.body)]
}

/// The tokens an article's document holds in `field`.
fn own_words(doc: &TantivyDocument, field: Field) -> BTreeSet<String> {
    doc.get_all(field).filter_map(|v| v.as_str()).flat_map(index_tokens).map(|(_, w)| w).collect()
}
