//! Sets of articles that questions ask for by something other than their
//! words ("the articles that apply to Windows 95"), made once per open
//! index and asked for again. A generation never changes once built, so a
//! set stays true for as long as the index is open.
//!
//! Making such a set can cost more than the rest of a question: at 603,350
//! articles the articles that apply to Windows 95 are those holding any of
//! 4,955 `applies` terms (each way a text writes the version). A server
//! or a batch meets the same few product versions again and again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tantivy::index::SegmentId;
use tantivy::query::{BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{BitSet, DocAddress, DocId, DocSet, Score, Searcher, SegmentReader, TantivyError, Term};

/// The most memory the sets of one open index take (one bit per article
/// and set: 75 KB a set at 600,000 articles). Past it they are dropped and
/// made again as asked for.
const MAX_BYTES: usize = 32 << 20;

/// A set of articles: one bit per document of each segment.
#[derive(Debug)]
pub struct ArticleSet {
    /// In the searcher's segment order.
    segments: Vec<(SegmentId, BitSet)>,
}

impl ArticleSet {
    /// The articles that hold any of `terms` (all of one field), looked up
    /// one by one: for the few thousand terms a product version may have,
    /// cheaper than building them into one automaton.
    pub fn of_terms(searcher: &Searcher, field: Field, terms: &[Term]) -> tantivy::Result<ArticleSet> {
        let mut segments = Vec::with_capacity(searcher.segment_readers().len());
        for reader in searcher.segment_readers() {
            let mut set = BitSet::with_max_value(reader.max_doc());
            let inverted = reader.inverted_index(field)?;
            for term in terms {
                let Some(info) = inverted.get_term_info(term)? else { continue };
                let mut postings = inverted.read_block_postings_from_terminfo(&info, IndexRecordOption::Basic)?;
                while !postings.docs().is_empty() {
                    for &doc in postings.docs() {
                        set.insert(doc);
                    }
                    postings.advance();
                }
            }
            segments.push((reader.segment_id(), set));
        }
        Ok(ArticleSet { segments })
    }

    /// Whether the set holds the article at `address` (of a searcher of
    /// the same open index).
    pub fn contains(&self, address: DocAddress) -> bool {
        self.segments.get(address.segment_ord as usize).is_some_and(|(_, set)| set.contains(address.doc_id))
    }

    /// The set as a query (every article in it scores 1).
    pub fn query(self: &Arc<Self>) -> Box<dyn Query> {
        Box::new(InSet(Arc::clone(self)))
    }

    fn bytes(&self) -> usize {
        self.segments.iter().map(|(_, set)| set.max_value() as usize / 8 + 64).sum()
    }
}

/// The sets of one open index, by key.
#[derive(Debug, Default)]
pub struct ArticleSets {
    sets: Mutex<(HashMap<String, Arc<ArticleSet>>, usize)>,
}

impl ArticleSets {
    /// The set called `key`, made by `make` if it is not kept (`None`: no
    /// set, and nothing kept).
    pub fn get_or_make(
        &self,
        key: &str,
        make: impl FnOnce() -> tantivy::Result<Option<ArticleSet>>,
    ) -> tantivy::Result<Option<Arc<ArticleSet>>> {
        if let Some(set) = self.lock().0.get(key) {
            return Ok(Some(Arc::clone(set)));
        }
        // Made outside the lock: another thread may make the same set meanwhile.
        let Some(set) = make()? else { return Ok(None) };
        let set = Arc::new(set);
        let mut kept = self.lock();
        let bytes = set.bytes();
        if kept.1 + bytes > MAX_BYTES {
            *kept = Default::default();
        }
        if bytes <= MAX_BYTES && kept.0.insert(key.to_string(), Arc::clone(&set)).is_none() {
            kept.1 += bytes;
        }
        Ok(Some(set))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, (HashMap<String, Arc<ArticleSet>>, usize)> {
        // A panic while the map was held leaves it whole (an insert is one step).
        self.sets.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// An [`ArticleSet`] as a tantivy query.
#[derive(Clone, Debug)]
struct InSet(Arc<ArticleSet>);

impl Query for InSet {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for InSet {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let id = reader.segment_id();
        let (_, set) = self.0.segments.iter().find(|(segment, _)| *segment == id).ok_or_else(|| {
            TantivyError::InvalidArgument(format!("segment {} is not in the article set", id.uuid_string()))
        })?;
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(set.clone()), boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) == doc {
            Ok(Explanation::new("in the article set", 1.0))
        } else {
            Err(TantivyError::InvalidArgument(format!("document {doc} is not in the article set")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::DocSetCollector;
    use tantivy::indexer::NoMergePolicy;
    use tantivy::schema::{STRING, Schema};
    use tantivy::{Index, IndexWriter, TantivyDocument};

    /// Documents tagged with the given terms, written as two segments.
    fn index(docs: &[&[&str]]) -> (Index, Field) {
        let mut schema = Schema::builder();
        let tag = schema.add_text_field("tag", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.set_merge_policy(Box::new(NoMergePolicy));
        for (i, tags) in docs.iter().enumerate() {
            let mut doc = TantivyDocument::default();
            tags.iter().for_each(|t| doc.add_text(tag, t));
            writer.add_document(doc).unwrap();
            if i == 2 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        (index, tag)
    }

    #[test]
    fn holds_the_articles_with_any_of_the_terms_in_every_segment() {
        let (index, tag) = index(&[&["a"], &["b"], &["c", "a"], &["b", "d"], &["d"], &[]]);
        let searcher = index.reader().unwrap().searcher();
        let sizes: Vec<u32> = searcher.segment_readers().iter().map(|r| r.max_doc()).collect();
        assert_eq!(sizes, [3, 3]);
        let terms: Vec<Term> = ["a", "d", "missing"].iter().map(|t| Term::from_field_text(tag, t)).collect();
        let set = Arc::new(ArticleSet::of_terms(&searcher, tag, &terms).unwrap());
        let mut held: Vec<DocAddress> = Vec::new();
        for (ord, reader) in searcher.segment_readers().iter().enumerate() {
            held.extend((0..reader.max_doc()).map(|doc| DocAddress::new(ord as u32, doc)).filter(|&a| set.contains(a)));
        }
        // Four of the six: what tantivy's own query for the terms finds,
        // and what the set finds as a query.
        assert_eq!(held.len(), 4);
        let found = |query: &dyn Query| -> Vec<DocAddress> {
            let mut found: Vec<DocAddress> = searcher.search(query, &DocSetCollector).unwrap().into_iter().collect();
            found.sort();
            found
        };
        assert_eq!(held, found(&tantivy::query::TermSetQuery::new(terms)));
        assert_eq!(held, found(&*set.query()));
        assert!(!set.contains(DocAddress::new(9, 0)), "a segment the set does not know holds nothing");
    }

    #[test]
    fn a_set_is_made_once_and_no_set_is_not_kept() {
        let (index, tag) = index(&[&["a"], &["b"]]);
        let searcher = index.reader().unwrap().searcher();
        let sets = ArticleSets::default();
        let mut made = 0;
        let mut make = || {
            made += 1;
            ArticleSet::of_terms(&searcher, tag, &[Term::from_field_text(tag, "a")]).map(Some)
        };
        let first = sets.get_or_make("a", &mut make).unwrap().unwrap();
        let again = sets.get_or_make("a", &mut make).unwrap().unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        assert_eq!(made, 1);
        let mut none = 0;
        for _ in 0..2 {
            assert!(sets.get_or_make("none", || { none += 1; Ok(None) }).unwrap().is_none());
        }
        assert_eq!(none, 2);
    }
}
