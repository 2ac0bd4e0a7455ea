//! The best few articles for a union of scored clauses, found without
//! reading every posting: MaxScore pruning (Turtle and Flood, 1995).
//!
//! Each clause knows the most it can add to an article's score (its
//! [`Clause::bound`]). Once the best `k` are known, the clauses whose bounds
//! together cannot lift an article past the `k`-th are *non-essential*: an
//! article is looked for only in the postings of the others, and the
//! non-essential ones are asked only about the articles found so, and only
//! while what they could still add would make a difference. The postings of
//! common words, which grow with the corpus, are then jumped through rather
//! than read.
//!
//! The result is exactly what tantivy's plain union of the same clauses
//! ([`Union::query`]) gives: the same articles with the same scores, ties in
//! index order. The union sums a document's scores in clause order, from
//! zero; [`Union::new`] puts the clauses in descending order of bound, so
//! that the essential clauses come first and their sum is the start of the
//! union's, which the non-essential ones then complete in order.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use tantivy::query::{BooleanQuery, BoostQuery, Bm25StatisticsProvider, Bm25Weight, EnableScoring, Occur, Query, Scorer, Weight};
use tantivy::{DocAddress, DocId, DocSet, Score, SeekDangerResult, Searcher, TERMINATED, Term};

/// Slack on every bound: sums taken in another order may differ in their
/// last bits, and a bound a hair too low would lose an article.
const SLACK: f32 = 1e-4;

/// Documents read at once from the essential clauses' postings (as
/// tantivy's buffered union does).
const WINDOW: u32 = 4096;

/// One clause of a union and the most it can add to a score.
pub struct Clause {
    /// The clause, scored as the union scores it (boost included).
    pub query: Box<dyn Query>,
    /// No article gets more than this from the clause.
    pub bound: f32,
}

impl Clause {
    /// A clause scored by BM25 over `terms` (one word, or a phrase's
    /// words) times `boost`: tantivy's weight for those terms is the most
    /// its score approaches. A bound that cannot be read (the statistics
    /// failed) is infinite: the clause is then always read. `statistics`
    /// are those the union is searched with ([`Union::best`]).
    pub fn bm25(statistics: &dyn Bm25StatisticsProvider, query: Box<dyn Query>, terms: &[Term], boost: f32) -> Clause {
        let bound = Bm25Weight::for_terms(statistics, terms).map_or(f32::INFINITY, |w| w.boost_by(boost).max_score());
        Clause { query, bound }
    }

    /// A clause whose every match scores `score`.
    pub fn constant(query: Box<dyn Query>, score: f32) -> Clause {
        Clause { query, bound: score }
    }
}

/// Clauses whose scores add up, largest bound first.
#[derive(Default)]
pub struct Union {
    clauses: Vec<Clause>,
}

impl Union {
    /// The union of `clauses`, put in descending order of bound (equal
    /// bounds in the order given).
    pub fn new(mut clauses: Vec<Clause>) -> Union {
        clauses.sort_by(|a, b| b.bound.total_cmp(&a.bound));
        Union { clauses }
    }

    /// The union as one tantivy query, for scoring given documents.
    pub fn query(&self) -> Box<dyn Query> {
        let should = self.clauses.iter().map(|c| (Occur::Should, c.query.box_clone())).collect();
        // When every clause is a plain word, tantivy's own search would
        // prune with Block-WAND and could order equal scores otherwise; a
        // boost of 1 keeps the scores and the plain union.
        Box::new(BoostQuery::new(Box::new(BooleanQuery::new(should)), 1.0))
    }

    /// The best `k` documents that any clause matches (and `filter`, when
    /// given, matches too), with their scores by `statistics`, best first;
    /// equal scores in index order.
    pub fn best(
        &self,
        searcher: &Searcher,
        statistics: &dyn Bm25StatisticsProvider,
        filter: Option<&dyn Query>,
        k: usize,
    ) -> tantivy::Result<Vec<(f32, DocAddress)>> {
        let mut top = Top { k, heap: BinaryHeap::with_capacity(k + 1) };
        if k == 0 || self.clauses.is_empty() {
            return Ok(Vec::new());
        }
        let scoring = EnableScoring::enabled_from_statistics_provider(statistics, searcher);
        let weights: Vec<Box<dyn Weight>> =
            self.clauses.iter().map(|c| c.query.weight(scoring)).collect::<Result<_, _>>()?;
        let filter = filter.map(|f| f.weight(EnableScoring::disabled_from_searcher(searcher))).transpose()?;
        for (ord, reader) in searcher.segment_readers().iter().enumerate() {
            let mut cursors = Vec::with_capacity(weights.len());
            for (clause, weight) in self.clauses.iter().zip(&weights) {
                let seeker = Seeker::new(weight.scorer(reader, 1.0)?);
                if seeker.doc() != TERMINATED {
                    cursors.push(Cursor { bound: clause.bound.max(0.0) * (1.0 + SLACK), seeker });
                }
            }
            let filter = match &filter {
                Some(weight) => Some(Seeker::new(weight.scorer(reader, 1.0)?)),
                None => None,
            };
            let segment = Segment { ord: ord as u32, alive: reader.alive_bitset(), filter };
            segment.collect(cursors, &mut top);
        }
        let mut found: Vec<(f32, DocAddress)> = top.heap.into_iter().map(|e| (e.score, e.address)).collect();
        found.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        Ok(found)
    }
}

/// A scorer asked about documents in increasing order, each once: whether
/// it matches each, jumping from one to the next (`seek_danger`) without
/// looking for matches between them, which is what makes a phrase, or a
/// common word's long postings, cheap to ask.
pub struct Seeker {
    /// No match lies before it; while the scorer is only advanced, its
    /// document (`seek_danger` may leave the scorer between documents).
    next: DocId,
    scorer: Box<dyn Scorer>,
}

impl Seeker {
    /// A scorer on its first document.
    pub fn new(scorer: Box<dyn Scorer>) -> Seeker {
        Seeker { next: scorer.doc(), scorer }
    }

    /// A scorer that `Weight::scorer_danger` made and asked about `target`
    /// (`result`), and whether it matches `target`.
    pub fn settled(result: SeekDangerResult, target: DocId, scorer: Box<dyn Scorer>) -> (Seeker, bool) {
        let mut seeker = Seeker { next: target, scorer };
        let matched = seeker.settle(result, target);
        (seeker, matched)
    }

    /// Whether the scorer matches `doc`, which is past every document
    /// asked before.
    pub fn matches(&mut self, doc: DocId) -> bool {
        if doc < self.next {
            return false;
        }
        let result = self.scorer.seek_danger(doc);
        self.settle(result, doc)
    }

    fn settle(&mut self, result: SeekDangerResult, target: DocId) -> bool {
        match result {
            SeekDangerResult::Found => {
                self.next = target + 1;
                true
            }
            SeekDangerResult::SeekLowerBound(bound) => {
                self.next = bound;
                false
            }
        }
    }

    /// The score of the document last matched.
    pub fn score(&mut self) -> Score {
        self.scorer.score()
    }

    /// The scorer's document, while it has only been advanced.
    fn doc(&self) -> DocId {
        self.next
    }

    /// Move the scorer (only ever advanced) to its next document.
    fn advance(&mut self) {
        self.next = self.scorer.advance();
    }
}

/// A clause's scorer in one segment: advanced through its postings while
/// the clause is essential, asked about documents once it is not.
struct Cursor {
    bound: f32,
    seeker: Seeker,
}

struct Segment<'a> {
    ord: u32,
    alive: Option<&'a tantivy::fastfield::AliveBitSet>,
    filter: Option<Seeker>,
}

impl Segment<'_> {
    /// Whether the document counts: not deleted, and matched by the filter.
    fn admits(&mut self, doc: DocId) -> bool {
        !self.alive.is_some_and(|alive| alive.is_deleted(doc)) && self.filter.as_mut().is_none_or(|f| f.matches(doc))
    }

    /// Offer every document of the segment that may make the cut.
    fn collect(mut self, mut cursors: Vec<Cursor>, top: &mut Top) {
        // rest[i]: the sum of the bounds of cursors[i..], the most the
        // clauses from i on can add.
        let mut rest = vec![0.0f32; cursors.len() + 1];
        for i in (0..cursors.len()).rev() {
            rest[i] = rest[i + 1] + cursors[i].bound;
        }
        let size = |seeker: &Seeker| seeker.scorer.size_hint();
        if self.filter.as_ref().is_some_and(|f| size(f) < cursors.iter().map(|c| size(&c.seeker)).sum()) {
            return self.collect_filtered(cursors, &rest, top);
        }
        let mut sums = vec![0.0f32; WINDOW as usize];
        let mut seen = vec![0u64; WINDOW as usize / 64];
        loop {
            // The essential clauses: all but the tail whose bounds together
            // cannot lift a document past the k-th.
            let essential = match top.threshold() {
                None => cursors.len(),
                Some(t) => rest.iter().position(|&r| r <= t).unwrap_or(cursors.len()),
            };
            let Some(start) = cursors[..essential].iter().map(|c| c.seeker.doc()).min() else { break };
            if start == TERMINATED {
                break;
            }
            let end = start.saturating_add(WINDOW).min(TERMINATED);
            // Each essential clause's matches in the window, in clause order:
            // each document's sum is the start of the union's.
            for Cursor { seeker, .. } in &mut cursors[..essential] {
                while seeker.doc() < end {
                    let at = (seeker.doc() - start) as usize;
                    let (word, bit) = (at / 64, 1u64 << (at % 64));
                    if seen[word] & bit == 0 {
                        seen[word] |= bit;
                        sums[at] = 0.0;
                    }
                    sums[at] += seeker.score();
                    seeker.advance();
                }
            }
            for (word, slot) in seen.iter_mut().enumerate() {
                let mut bits = std::mem::take(slot);
                while bits != 0 {
                    let at = word * 64 + bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    let doc = start + at as DocId;
                    if !self.admits(doc) {
                        continue;
                    }
                    let clauses = (&mut cursors[essential..], &rest[essential..]);
                    if let Some(score) = complete(Some(sums[at]), doc, clauses, top) {
                        top.offer(score, DocAddress::new(self.ord, doc));
                    }
                }
            }
        }
    }

    /// When the filter matches fewer documents than the clauses do: each
    /// of its documents is looked up in every clause.
    fn collect_filtered(self, mut cursors: Vec<Cursor>, rest: &[f32], top: &mut Top) {
        let Some(mut filter) = self.filter else { return };
        while filter.doc() != TERMINATED {
            let doc = filter.doc();
            if !self.alive.is_some_and(|alive| alive.is_deleted(doc))
                && let Some(score) = complete(None, doc, (&mut cursors, rest), top)
            {
                top.offer(score, DocAddress::new(self.ord, doc));
            }
            filter.advance();
        }
    }
}

/// A document's whole score: `found` (what the essential clauses gave it,
/// `None` if no clause has matched it yet) plus the clauses that match it
/// of `cursors` (with `rest`, the sums of their bounds), in clause order;
/// `None` as soon as what they could still add cannot make the cut, or if
/// no clause matches it.
fn complete(found: Option<f32>, doc: DocId, (cursors, rest): (&mut [Cursor], &[f32]), top: &Top) -> Option<f32> {
    let threshold = top.threshold();
    let (mut sum, mut matched) = (found.unwrap_or(0.0), found.is_some());
    for (i, cursor) in cursors.iter_mut().enumerate() {
        if threshold.is_some_and(|t| (sum + rest[i]) * (1.0 + SLACK) <= t) {
            return None;
        }
        if cursor.seeker.matches(doc) {
            sum += cursor.seeker.score();
            matched = true;
        }
    }
    // Not k yet: every document a clause matches is kept.
    (matched && threshold.is_none_or(|t| sum > t)).then_some(sum)
}

/// The best `k` seen so far; the worst of them on top.
struct Top {
    k: usize,
    heap: BinaryHeap<Entry>,
}

impl Top {
    /// The score a document must beat to get in, once `k` are in.
    fn threshold(&self) -> Option<f32> {
        (self.heap.len() >= self.k).then(|| self.heap.peek().map_or(f32::MIN, |e| e.score))
    }

    /// Keep the document if it is among the best `k`. Documents come in
    /// index order, so an equal score never displaces an earlier one.
    fn offer(&mut self, score: Score, address: DocAddress) {
        if let Some(threshold) = self.threshold()
            && score <= threshold
        {
            return;
        }
        self.heap.push(Entry { score, address });
        if self.heap.len() > self.k {
            self.heap.pop();
        }
    }
}

/// A found document; "greater" is worse, so that the heap's top is the
/// one to drop.
struct Entry {
    score: Score,
    address: DocAddress,
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        other.score.total_cmp(&self.score).then(self.address.cmp(&other.address))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Entry {}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use tantivy::collector::TopDocs;
    use tantivy::indexer::NoMergePolicy;
    use tantivy::query::{ConstScoreQuery, PhraseQuery, TermQuery};
    use tantivy::schema::{Field, IndexRecordOption, STRING, Schema, TEXT};
    use tantivy::{Index, IndexWriter, TantivyDocument};

    const WORDS: [&str; 6] = ["disk", "full", "queue", "retry", "site", "error"];

    struct Corpus {
        index: Index,
        a: Field,
        b: Field,
        tag: Field,
    }

    /// Documents of a few words (word ids into `WORDS`) in two fields,
    /// tagged `t0` .. `t2`, written as several segments; `deleted` tags
    /// are deleted afterwards.
    fn corpus(docs: &[(Vec<usize>, Vec<usize>, usize)], per_segment: usize, deleted: Option<usize>) -> Corpus {
        let mut schema = Schema::builder();
        let (a, b, tag) = (schema.add_text_field("a", TEXT), schema.add_text_field("b", TEXT), schema.add_text_field("tag", STRING));
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.set_merge_policy(Box::new(NoMergePolicy));
        let text = |ids: &[usize]| ids.iter().map(|&i| WORDS[i]).collect::<Vec<_>>().join(" ");
        for (i, (in_a, in_b, t)) in docs.iter().enumerate() {
            let mut doc = TantivyDocument::default();
            doc.add_text(a, text(in_a));
            doc.add_text(b, text(in_b));
            doc.add_text(tag, format!("t{t}"));
            writer.add_document(doc).unwrap();
            if (i + 1) % per_segment == 0 {
                writer.commit().unwrap();
            }
        }
        if let Some(t) = deleted {
            writer.delete_term(Term::from_field_text(tag, &format!("t{t}")));
        }
        writer.commit().unwrap();
        Corpus { index, a, b, tag }
    }

    /// A clause: 0 a word of field a, 1 of field b, 2 a two-word phrase of
    /// field b, 3 a tag at a constant score.
    fn clause(searcher: &Searcher, c: &Corpus, (kind, word, boost): (u8, usize, f32)) -> Clause {
        let (w1, w2) = (WORDS[word], WORDS[(word + 1) % WORDS.len()]);
        match kind {
            0 | 1 => {
                let field = if kind == 0 { c.a } else { c.b };
                let term = Term::from_field_text(field, w1);
                let query = TermQuery::new(term.clone(), IndexRecordOption::WithFreqs);
                Clause::bm25(searcher, Box::new(BoostQuery::new(Box::new(query), boost)), &[term], boost)
            }
            2 => {
                let terms = vec![Term::from_field_text(c.b, w1), Term::from_field_text(c.b, w2)];
                let phrase = PhraseQuery::new_with_offset_and_slop(terms.iter().cloned().enumerate().collect(), 1);
                Clause::bm25(searcher, Box::new(BoostQuery::new(Box::new(phrase), boost)), &terms, boost)
            }
            _ => {
                let tag = TermQuery::new(Term::from_field_text(c.tag, &format!("t{}", word % 3)), IndexRecordOption::Basic);
                Clause::constant(Box::new(ConstScoreQuery::new(Box::new(tag), boost)), boost)
            }
        }
    }

    fn docs() -> impl Strategy<Value = Vec<(Vec<usize>, Vec<usize>, usize)>> {
        let words = || prop::collection::vec(0..WORDS.len(), 0..8);
        prop::collection::vec((words(), words(), 0..3usize), 1..60)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// The pruned search finds what tantivy's plain union finds: the
        /// same documents, the same scores to the bit, the same order.
        #[test]
        fn finds_what_the_plain_union_finds(
            docs in docs(),
            per_segment in 1..25usize,
            deleted in prop::option::of(0..3usize),
            clauses in prop::collection::vec((0..4u8, 0..WORDS.len(), 0.1f32..4.0), 1..10),
            filter in prop::option::of(0..3usize),
            k in 1..12usize,
        ) {
            let c = corpus(&docs, per_segment, deleted);
            let searcher = c.index.reader().unwrap().searcher();
            let union = Union::new(clauses.into_iter().map(|spec| clause(&searcher, &c, spec)).collect());
            let filter: Option<Box<dyn Query>> = filter.map(|t| {
                Box::new(TermQuery::new(Term::from_field_text(c.tag, &format!("t{t}")), IndexRecordOption::Basic)) as Box<dyn Query>
            });
            let plain: Box<dyn Query> = match &filter {
                None => union.query(),
                Some(f) => Box::new(BooleanQuery::new(vec![
                    (Occur::Must, union.query()),
                    (Occur::Must, Box::new(ConstScoreQuery::new(f.box_clone(), 0.0))),
                ])),
            };
            let mut expected = searcher.search(&*plain, &TopDocs::with_limit(k).order_by_score()).unwrap();
            expected.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            let found = union.best(&searcher, &searcher, filter.as_deref(), k).unwrap();
            let bits = |hits: &[(f32, DocAddress)]| hits.iter().map(|(s, a)| (s.to_bits(), *a)).collect::<Vec<_>>();
            prop_assert_eq!(bits(&found), bits(&expected));
        }
    }

    #[test]
    fn asks_for_nothing_and_gets_nothing() {
        let c = corpus(&[(vec![0], vec![1], 0)], 1, None);
        let searcher = c.index.reader().unwrap().searcher();
        let union = Union::new(vec![clause(&searcher, &c, (0, 0, 1.0))]);
        assert_eq!(union.best(&searcher, &searcher, None, 0).unwrap(), vec![]);
        assert_eq!(Union::new(Vec::new()).best(&searcher, &searcher, None, 5).unwrap(), vec![]);
        assert_eq!(union.best(&searcher, &searcher, None, 5).unwrap().len(), 1);
    }
}
