//! Retrieval finds candidates with one query and adds the word pairs'
//! phrase scores to those candidates only. That shortcut must give the
//! scores the whole query would give the same articles.

use kbmatch::KnowledgeBase;
use kbmatch::matcher::{query, retrieve};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query};

#[test]
fn pairs_scored_on_candidates_equal_the_whole_query() {
    let dir = tempfile::tempdir().unwrap();
    let kb = KnowledgeBase::build(&[concat!(env!("CARGO_MANIFEST_DIR"), "/corpus")], dir.path()).unwrap();
    let index = kb.index();
    let searcher = index.searcher();
    let pastes = [
        "Distribution Manager failed to copy package files to the distribution point",
        "the collection evaluator query times out on a large site",
        "status manager deletes status message files as corrupt",
    ];
    for paste in pastes {
        let analysis = query::analyze(paste).unwrap();
        let retrieval = retrieve::build(index, &searcher, &analysis);
        assert!(!retrieval.pairs.is_empty(), "{paste}: no word pairs");
        let fast = retrieve::search(&searcher, &retrieval, 5).unwrap();

        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, retrieval.query.box_clone())];
        for (pair, boost) in &retrieval.pairs {
            clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(pair.clone()), *boost))));
        }
        let whole = searcher
            .search(&BooleanQuery::new(clauses), &TopDocs::with_limit(5).order_by_score())
            .unwrap();
        assert_eq!(fast.len(), whole.len(), "{paste}");
        for ((fast_score, fast_doc), (whole_score, whole_doc)) in fast.iter().zip(&whole) {
            assert_eq!(fast_doc, whole_doc, "{paste}");
            assert!((fast_score - whole_score).abs() < 1e-3, "{paste}: {fast_score} vs {whole_score}");
        }
    }
}
