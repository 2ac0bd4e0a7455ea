//! Retrieval finds candidates with one query and adds the word pairs'
//! phrase scores and the common words' scores to those candidates only.
//! That shortcut must give the scores the whole query would give the same
//! articles.

use kbmatch::KnowledgeBase;
use kbmatch::index::KbIndex;
use kbmatch::matcher::{query, retrieve};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query};

use crate::common;

/// The embedded corpus, indexed in a temporary folder (kept while the
/// knowledge base is used), and the same index open for the stages.
fn embedded() -> (tempfile::TempDir, KnowledgeBase, KbIndex) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
    let (kb, _) = KnowledgeBase::build(&[corpus], dir.path(), &kbmatch::BuildOptions::default()).unwrap();
    let index = KbIndex::open(dir.path()).unwrap();
    (dir, kb, index)
}

/// The retrieval query the matcher builds for a paste.
fn retrieval_of(index: &KbIndex, paste: &str) -> retrieve::Retrieval {
    let weights = kbmatch::matcher::weights::Weights::default();
    retrieve::build(index, &index.searcher(), &query::analyze(paste).unwrap(), &weights).unwrap()
}

#[test]
fn pairs_scored_on_candidates_equal_the_whole_query() {
    let (_dir, _kb, index) = embedded();
    let searcher = index.searcher();
    let pastes = [
        "Distribution Manager failed to copy package files to the distribution point",
        "the collection evaluator query times out on a large site",
        "status manager deletes status message files as corrupt",
    ];
    for paste in pastes {
        let retrieval = retrieval_of(&index, paste);
        assert!(!retrieval.pairs.is_empty(), "{paste}: no word pairs");
        assert!(!retrieval.on_candidates.is_empty(), "{paste}: no common words");
        let fast = retrieve::search(&searcher, &retrieval, 5, &kbmatch::matcher::weights::Weights::default()).unwrap();

        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, retrieval.query())];
        for (pair, boost) in &retrieval.pairs {
            clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(pair.clone()), *boost))));
        }
        for (word, boost) in &retrieval.on_candidates {
            clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(word.clone()), *boost))));
        }
        // Weighed by the articles' statistics, as the matcher weighs them.
        let collector = TopDocs::with_limit(5).order_by_score();
        let whole = searcher
            .search_with_statistics_provider(&BooleanQuery::new(clauses), &collector, &retrieval.stats)
            .unwrap();
        assert_eq!(fast.len(), whole.len(), "{paste}");
        for ((fast_score, fast_doc), (whole_score, whole_doc)) in fast.iter().zip(&whole) {
            assert_eq!(fast_doc, whole_doc, "{paste}");
            assert!((fast_score - whole_score).abs() < 1e-3, "{paste}: {fast_score} vs {whole_score}");
        }
    }
}

/// The words a hit is said to share with the paste (read from the postings,
/// candidate after candidate) are exactly the paste's words that the article's title,
/// sections and other spellings hold (as the index reads them: `SMSClient`
/// holds `client`), rarest first, at most six, function
/// words and single letters left out.
#[test]
fn the_words_in_common_are_those_the_article_holds() {
    let (_dir, kb, index) = embedded();
    let pastes = [
        "Distribution Manager failed to copy package files to the distribution point",
        "collection evaluator query times out on a large site",
        "clients stop reporting inventory after the site server was renamed",
    ];
    for paste in pastes {
        let retrieval = retrieval_of(&index, paste);
        let hits = kb.search(paste, &kbmatch::SearchOptions::default().limit(5)).unwrap();
        assert!(hits.len() >= 3, "{paste}");
        for hit in &hits {
            let article = kb.article(&hit.id).unwrap();
            let mut text = vec![article.title.clone()];
            text.extend(article.sections.iter().map(|s| s.text.clone()));
            text.push(kbmatch::extract::aliases::of_article(&article).join(" "));
            let held: std::collections::HashSet<String> =
                text.iter().flat_map(|t| kbmatch::index::analysis::index_tokens(t)).map(|(_, token)| token).collect();
            let expected: Vec<&str> = retrieval
                .words
                .iter()
                .filter(|w| held.contains(&w.token) && kbmatch::matcher::function_words::tells_something(&w.written))
                .map(|w| w.written.as_str())
                .take(6)
                .collect();
            let named = hit.why.iter().find_map(|r| r.strip_prefix("words in common: "));
            let named: Vec<&str> = named.map(|n| n.split(", ").collect()).unwrap_or_default();
            assert_eq!(named, expected, "{paste}: {}", hit.id);
            assert!(!named.is_empty(), "{paste}: {} shares no word", hit.id);
        }
    }
}

/// A function word the paste holds ("won't", "any", "no") is searched, but
/// is no share of what an article answers: the article about the
/// workstation service comes first, not the one about another service
/// that says "won't" and "any" as the paste does.
#[test]
fn function_words_are_no_share_of_the_paste() {
    let articles = [
        (
            "ftp.md",
            "# The FTP service won't start\n\nThe FTP publishing service won't start and no error is written to any log.\n",
        ),
        (
            "workstation.md",
            "# Workstation service fails to start\n\nThe Workstation service fails to start; shared folders cannot be reached.\n",
        ),
        ("print.md", "# Print spooler stops\n\nThe print spooler stops when a job is sent to a shared printer.\n"),
        ("dns.md", "# DNS client cache\n\nThe DNS client service keeps a cache of lookups.\n"),
    ];
    let (_dir, kb) = common::desk(&articles);
    let answer = kb
        .answer("workstation service won't start, no access to any shares", &kbmatch::SearchOptions::default())
        .unwrap();
    let ids: Vec<&str> = answer.results.iter().take(2).map(|hit| hit.id.as_str()).collect();
    assert_eq!(ids, ["workstation.md", "ftp.md"]);
}

/// A large corpus holds its own typos: a word a few of its articles
/// misspell ("servr") is also read as the word hundreds of articles
/// write, and the reading is said, while the articles that share the typo
/// are still found by it; a word those few articles alone hold, with no
/// far commoner neighbour, is taken as written.
#[test]
fn a_typo_a_few_articles_share_is_read_as_the_word_most_write() {
    let mut articles: Vec<(String, String)> = (0..200)
        .map(|n| {
            (format!("queue-{n}.md"), format!("# Print queue {n}\n\nThe print server holds job {n} in its queue.\n"))
        })
        .collect();
    articles.push(("cooling.md".into(), "# Room too warm\n\nThe servr room overheats; the fans stop.\n".into()));
    articles.push(("zebra.md".into(), "# Zebra labels\n\nThe zebra label printer jams.\n".into()));
    let (_dir, kb) = common::desk(&articles);
    let why = |paste: &str| kb.answer(paste, &kbmatch::SearchOptions::default()).unwrap().results[0].why.clone();
    assert!(
        why("print servr holds the job").iter().any(|w| w == r#"read "servr" as "server""#),
        "{:?}",
        why("print servr holds the job")
    );
    let first = |paste: &str| kb.answer(paste, &kbmatch::SearchOptions::default()).unwrap().results[0].id.clone();
    assert_eq!(first("servr"), "cooling.md");
    // "zebra": one article, no neighbour 200 times commoner.
    assert!(why("zebra labels jam").iter().all(|w| !w.starts_with("read ")), "{:?}", why("zebra labels jam"));
}

/// The paste's names are searched in their other spellings too (the
/// initials of `QueueEventUpdateReaderYield` are `qeury`), but the person
/// typed none of them: no such spelling is read as a typo of a common word
/// ("query"), and the hit says no such reading; it names the words typed
/// and one such spelling.
#[test]
fn a_names_initials_are_never_read_as_a_typo() {
    let mut articles: Vec<(String, String)> = (0..200)
        .map(|n| (format!("query-{n}.md"), format!("# Slow query {n}\n\nThe report query {n} runs for an hour.\n")))
        .collect();
    articles.push((
        "yield.md".into(),
        "# Reader stops\n\nThe QueueEventUpdateReaderYield routine stops after an update.\n".into(),
    ));
    let (_dir, kb) = common::desk(&articles);
    let answer = kb.answer("QueueEventUpdateReaderYield stops", &kbmatch::SearchOptions::default()).unwrap();
    assert_eq!(answer.results[0].id, "yield.md");
    assert!(
        answer.results.iter().all(|hit| hit.why.iter().all(|w| !w.starts_with("read "))),
        "{:?}",
        answer.results[0].why
    );
    // The words in common: those typed, then one other spelling, not every
    // run of the initials (`qeu`, `eur`, `ury`, `qeur`, `eury`, `qeury`).
    assert_eq!(answer.results[0].why[0], "words in common: queueeventupdatereaderyield, stops, qeu");
}

/// An article that quotes the pasted message with a placeholder for its
/// path (`File <path> is already open`) holds none of the path's words:
/// articles that name the same folders outrank it on the words alone,
/// and a search that keeps the best few misses it. The message's own runs
/// of words, searched in the quoted messages, add it to the candidates.
#[test]
fn an_article_quoting_the_message_is_a_candidate_whatever_words_the_path_adds() {
    let mut articles: Vec<(String, String)> = (0..40)
        .map(|n| (format!("spool-{n}.md"), format!("# Print spooler {n}\n\nThe spooler holds job {n} in its queue.\n")))
        .collect();
    // The shorter, the better the match: site-0 first.
    articles.extend((0..4).map(|n| {
        let text = format!(
            "# Orders site {n} setup\n\nCopy default.asp to D:\\Inetpub\\wwwroot\\Orders and open the site {n}. \
             If the orders page is already there, the file error goes away.{}\n",
            " Keep a backup.".repeat(n)
        );
        (format!("site-{n}.md"), text)
    }));
    let waiting = "Wait a minute and shadow the project again. ".repeat(40);
    articles.push((
        "shadow.md".into(),
        format!(
            "# Shadowed files are not updated\n\nThe web server keeps each page it serves open for a minute. A \
             shadow copy fails with the error:\n\n    File <path being shadowed to> is already open\n\n{waiting}\n"
        ),
    ));
    let (dir, kb) = common::desk(&articles);
    drop(kb);
    let index = KbIndex::open(&dir.path().join("index")).unwrap();
    let searcher = index.searcher();
    let retrieval = retrieval_of(&index, r#"Error "File D:\Inetpub\wwwroot\Orders\default.asp is already open""#);
    let weights = kbmatch::matcher::weights::Weights::default();
    let ids = |candidates: &[(f32, tantivy::DocAddress)]| -> Vec<String> {
        let mut ids: Vec<String> =
            candidates.iter().map(|c| index.stored_article_at(&searcher, c.1).unwrap().id).collect();
        ids.sort();
        ids
    };
    let (mut candidates, _) = retrieve::search_listed(&searcher, &retrieval, 1, &weights).unwrap();
    assert_eq!(ids(&candidates), ["site-0.md"]);
    let limits = kbmatch::matcher::weights::Limits { quoted_candidates: 1, ..weights.limits };
    kbmatch::matcher::quoted::add_candidates(&index, &searcher, &retrieval, &mut candidates, &limits).unwrap();
    assert_eq!(ids(&candidates), ["shadow.md", "site-0.md"]);
}
