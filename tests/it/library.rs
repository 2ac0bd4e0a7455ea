//! The library as a tool that embeds it sees it (`default-features =
//! false`): build with a progress function and read the report, search with
//! options, read the evidence. Nothing here needs the command.

use crate::common;

use kbmatch::{
    ArticleKind, BuildOptions, BuildProgress, Change, Error, Evidence, KnowledgeBase, Progress, SearchOptions,
    SkipReason,
};
use std::sync::{Arc, Mutex};

const SEED_LINE: &str = r#"Cannot update the package server ["Display=\\DP02\"]MSWNET:["SMS_SITE=SYD"]\\DP02\ for package SYD00045, error = 8~  $$<SMS_DISTRIBUTION_MANAGER><08-03-2011 10:02:10.123-600><thread=4404 (0x1134)>"#;

/// The sample corpus plus an empty file and a binary one, indexed into a
/// temporary folder; with what the progress function was told.
fn build() -> (tempfile::TempDir, KnowledgeBase, kbmatch::BuildReport, Vec<BuildProgress>) {
    let dir = tempfile::tempdir().unwrap();
    let extra = dir.path().join("extra");
    std::fs::create_dir(&extra).unwrap();
    std::fs::write(extra.join("empty.md"), "  \n").unwrap();
    std::fs::write(extra.join("dump.txt"), b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff").unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let options = BuildOptions::default().progress(Progress::new(move |p| sink.lock().unwrap().push(p)));
    let (kb, report) =
        KnowledgeBase::build(&[common::repo().join("corpus"), extra], dir.path().join("index"), &options).unwrap();
    let seen = seen.lock().unwrap().clone();
    (dir, kb, report, seen)
}

#[test]
fn a_build_reports_its_articles_every_skipped_file_and_its_progress() {
    let (_dir, kb, report, seen) = build();
    assert_eq!((report.articles, report.sources), (11, 12));
    assert_eq!(report.by_kind.get("kb"), Some(&7));
    assert_eq!(report.change, Change::Full("no previous index".into()));
    let mut skipped: Vec<(String, SkipReason)> = report
        .skipped
        .iter()
        .map(|s| (s.path.file_name().unwrap().to_string_lossy().into_owned(), s.reason.clone()))
        .collect();
    skipped.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(skipped, [("dump.txt".to_string(), SkipReason::Binary), ("empty.md".to_string(), SkipReason::Empty)]);
    // One report per file read; the last has read every file found.
    assert_eq!(seen.len(), 14);
    let last = seen.iter().max_by_key(|p| p.read).unwrap();
    assert_eq!((last.read, last.found), (14, 14));
    assert_eq!(kb.len(), 11);
}

#[test]
fn search_options_limit_kinds_products_and_confidence() {
    let (_dir, kb, _, _) = build();
    let kinds = |options: &SearchOptions| -> Vec<ArticleKind> {
        kb.search(SEED_LINE, options).unwrap().iter().map(|h| h.kind).collect()
    };
    use ArticleKind::{Blog, Doc, Kb};
    assert_eq!(kinds(&SearchOptions::default()), [Blog, Doc, Kb, Kb, Kb]);
    assert_eq!(kinds(&SearchOptions::default().limit(2)), [Blog, Doc]);
    assert_eq!(kinds(&SearchOptions::default().kind(Doc)), [Doc, Doc, Doc]);
    assert_eq!(kinds(&SearchOptions::default().product("systems management server")), [Kb; 5]);
    // Only the two articles quoting the message reach 0.3 (the others are
    // below 0.05).
    assert_eq!(kinds(&SearchOptions::default().min_confidence(0.3)), [Blog, Doc]);

    assert_eq!(
        kb.products().unwrap().into_iter().collect::<Vec<_>>(),
        [("Microsoft Systems Management Server".to_string(), 7)]
    );
    let unknown = kb.search(SEED_LINE, &SearchOptions::default().product("Exchange")).unwrap_err();
    assert!(matches!(&unknown, Error::Input(_)), "{unknown:?}");
    assert_eq!(
        unknown.to_string(),
        "no product of the index is called \"Exchange\"; its products are: Microsoft Systems Management Server"
    );
    let unsure = kb.search(SEED_LINE, &SearchOptions::default().min_confidence(1.5)).unwrap_err();
    assert_eq!(unsure.to_string(), "minimum confidence 1.5: give a number from 0 to 1");
}

#[test]
fn each_hit_says_why_as_evidence_values_and_in_words() {
    let (_dir, kb, _, _) = build();
    let hits = kb.search("2328", &SearchOptions::default().limit(1)).unwrap();
    assert_eq!(hits[0].id, "Q900001");
    assert_eq!(hits[0].evidence[0], Evidence::MessageId { id: 2328 });
    let words: Vec<String> = hits[0].evidence.iter().map(ToString::to_string).collect();
    assert_eq!(words, hits[0].why);

    let hits = kb.search(SEED_LINE, &SearchOptions::default().limit(1)).unwrap();
    let Evidence::Message { text, word_for_word, .. } = &hits[0].evidence[0] else {
        panic!("the seed line's best hit quotes its message: {:?}", hits[0].evidence)
    };
    assert_eq!(text, "Cannot update the package server <*> for package <*>, error = 8");
    assert!(!word_for_word);
    assert!(hits[0].evidence.iter().any(|e| matches!(e, Evidence::ErrorCode { code, .. } if code == "win32:8")));
}

#[test]
fn settings_are_a_value_and_change_the_ranking() {
    let (_dir, kb, _, _) = build();
    let first = |options: &SearchOptions| kb.search("package server error", options).unwrap()[0].score;
    let settings: kbmatch::Settings =
        "text=0, coverage=0, message=0, strong=0, number=0, verbatim=0, weak=0, meaning=0, associated=0"
            .parse()
            .unwrap();
    let default = first(&SearchOptions::default());
    let without_text = first(&SearchOptions::default().settings(settings));
    assert!(default > 0.0);
    assert_eq!(without_text, 0.0);
}

/// A knowledge base of KB archive pages (see [`kb_archive_page`]), built in
/// a temporary folder that lives as long as the first value.
fn knowledge_base_of(pages: &[String]) -> (tempfile::TempDir, KnowledgeBase, kbmatch::BuildReport) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for (i, page) in pages.iter().enumerate() {
        std::fs::write(corpus.join(format!("page{i}.md")), page).unwrap();
    }
    let (kb, report) = KnowledgeBase::build(&[&corpus], dir.path().join("index"), &BuildOptions::default()).unwrap();
    (dir, kb, report)
}

/// Each hit's id and score for `paste`, in rank order: with the default
/// weights (`None`), or with the ones named changed (`Some("meaning=0")`).
fn scores(kb: &KnowledgeBase, paste: &str, settings: Option<&str>) -> Vec<(String, f64)> {
    let mut options = SearchOptions::default();
    if let Some(settings) = settings {
        options = options.settings(settings.parse().unwrap());
    }
    kb.search(paste, &options).unwrap().into_iter().map(|h| (h.id, h.score)).collect()
}

/// What each article's score gains from `before` to `after`, by id; every
/// article found after was found before.
fn gains(before: &[(String, f64)], after: &[(String, f64)]) -> Vec<(String, f64)> {
    let before_score =
        |id: &str| before.iter().find(|(b, _)| b == id).unwrap_or_else(|| panic!("{id} not found before")).1;
    let mut gains: Vec<(String, f64)> =
        after.iter().map(|(id, score)| (id.clone(), score - before_score(id))).collect();
    gains.sort_by(|a, b| a.0.cmp(&b.0));
    gains
}

/// A KB archive page (Jekyll front matter, the article between `raw` tags)
/// with the given sections.
fn kb_archive_page(id: &str, title: &str, sections: &[(&str, &str)]) -> String {
    let mut body = String::new();
    for (name, text) in sections {
        body.push_str(&format!("\t{name}\n\t{}\n\t\n\t{text}\n\t\n", "=".repeat(name.len())));
    }
    format!(
        "---\nlayout: page\ntitle: \"{id}: {title}\"\npermalink: /kb/900/{id}/\n---\n\n## {id}: {title}\n\n{{% raw %}}\n\n\
         \tArticle: {id}\n\tProduct(s): Microsoft Mail\n\tVersion(s): 3.2\n\tLast Modified: 01-MAR-1999\n\t\n{body}{{% endraw %}}\n"
    )
}

/// For a description with no ID or code, an article that only explains
/// (no SYMPTOMS, no CAUSE) counts for less by the `explainer` weight (0.2)
/// than the same article would; the article about the problem keeps its
/// score, and a paste that names a code changes nothing.
#[test]
fn an_explainer_counts_for_less_for_a_description_only() {
    let explainer = kb_archive_page(
        "Q900901",
        "How the Spooler Delivers Queued Messages from the Outbox",
        &[
            ("SUMMARY", "The mail spooler delivers queued messages from the outbox to the postoffice."),
            ("MORE INFORMATION", "Queued messages stay in the outbox until the spooler checks the postoffice."),
        ],
    );
    let problem = kb_archive_page(
        "Q900902",
        "Spooler Never Delivers Queued Messages from the Outbox",
        &[
            ("SYMPTOMS", "Queued messages stay in the outbox and the mail spooler never delivers them."),
            ("CAUSE", "The spooler loses its place in the outbox when it restarts."),
            ("RESOLUTION", "Restart the mail client to deliver the messages."),
        ],
    );
    let (_dir, kb, report) = knowledge_base_of(&[explainer, problem]);
    assert_eq!(report.articles, 2);
    let paste = "queued messages stay in the outbox, the spooler never delivers them to the postoffice";
    let before = scores(&kb, paste, Some("explainer=0"));
    let after = scores(&kb, paste, None);
    assert_eq!(before.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), ["Q900902", "Q900901"]);
    assert_eq!(after.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), ["Q900902", "Q900901"]);
    // The problem article keeps its score; the explainer loses the weight.
    assert_eq!(after[0].1, before[0].1);
    assert!((before[1].1 - after[1].1 - 0.2).abs() < 2e-3, "{before:?} -> {after:?}");
    // A paste that names a code is not a description: nothing changes.
    let coded = "error 1450 queued messages stay in the outbox";
    assert_eq!(scores(&kb, coded, None), scores(&kb, coded, Some("explainer=0")));
}

/// A word of the paste that an article lacks counts for it when the
/// article holds a word that, across the archive, makes titles say it
/// (`associated`; "hang" from "respond"): the spooler article that says
/// "stops responding" rises above the one that shares more of the paste's
/// other words but not its problem.
#[test]
fn a_paste_word_counts_for_an_article_saying_it_another_way() {
    let pages = [
        kb_archive_page(
            "Q900911",
            "Spooler Stops Responding When a Job Is Sent",
            &[("SYMPTOMS", "The spooler stops responding when a job is sent to a printer.")],
        ),
        kb_archive_page(
            "Q900912",
            "Spooler Holds Every Job Sent to a Shared Printer",
            &[("SYMPTOMS", "The print spooler holds every job sent to a shared printer until the queue is purged.")],
        ),
        // So that "hang" is a word of this archive at all.
        kb_archive_page("Q900913", "Setup Hangs on a Slow Network", &[("SYMPTOMS", "Setup hangs on a slow network.")]),
    ];
    let (_dir, kb, _) = knowledge_base_of(&pages);
    let paste = "print spooler hangs when a job is sent to a shared printer";
    let before = scores(&kb, paste, Some("associated=0"));
    let after = scores(&kb, paste, None);
    assert_eq!(before.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), ["Q900912", "Q900911", "Q900913"]);
    assert_eq!(after.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), ["Q900911", "Q900912", "Q900913"]);
    let gain = |id: &str| gains(&before, &after).into_iter().find(|(i, _)| i == id).unwrap().1;
    // The setup article has the paste's "hangs" itself: nothing to add.
    assert_eq!(gain("Q900913"), 0.0);
    assert!(gain("Q900911") > 2.0 * gain("Q900912"), "{before:?} -> {after:?}");
}

/// A KB article's `Additional query words:` are searched as its words: a
/// paste using a word only that footer holds finds it, above its twin
/// without the footer (which a tie would put first, by id), and the
/// article keeps the words without the `kb...` filing tags.
#[test]
fn additional_query_words_find_the_article() {
    let symptoms = [("SYMPTOMS", "The screen redraws slowly when a window is moved.")];
    let tagged = kb_archive_page("Q900922", "Screen Redraws Slowly When a Window Moves", &symptoms).replace(
        "{% endraw %}",
        "\tAdditional query words: flicker kbdisplay\n\t\n\t=====================================================\n\
         \tKeywords          : kbdisplay\n{% endraw %}",
    );
    let plain = kb_archive_page("Q900921", "Screen Redraws Slowly When a Window Moves", &symptoms);
    // A third article, so that the two's shared words are not in most
    // articles (words in more than 70 % are left out of a query).
    let other = kb_archive_page("Q900923", "Printer Prints Blank Pages", &[("SYMPTOMS", "Every page prints blank.")]);
    let (_dir, kb, _) = knowledge_base_of(&[tagged, plain, other]);
    let ids = |paste: &str| -> Vec<String> {
        kb.search(paste, &SearchOptions::default()).unwrap().into_iter().map(|h| h.id).collect()
    };
    assert_eq!(ids("screen flicker when a window moves"), ["Q900922", "Q900921"]);
    assert_eq!(ids("flicker"), ["Q900922"]);
    assert_eq!(kb.article("Q900922").unwrap().query_words, ["flicker"]);
    assert!(kb.article("Q900921").unwrap().query_words.is_empty());
}

/// Every article of the index, once each, one at a time.
#[test]
fn every_article_can_be_read_in_turn() {
    let (_dir, kb, _, _) = build();
    let mut ids: Vec<String> = Vec::new();
    kb.for_each_article(|article| ids.push(article.id)).unwrap();
    assert_eq!(ids.len() as u64, kb.len());
    ids.sort();
    assert_eq!(ids, common::SAMPLE_IDS);
}

/// What a paste is about counts beside the words it shares (`meaning`,
/// word vectors learned from the archive): for a paste that says
/// "sluggish" and "takes ages", words neither article holds, the article
/// about a computer that runs slowly gains more than its twin about one
/// that restarts; a paste naming a message ID gains nothing.
#[test]
fn what_a_paste_is_about_counts_beside_its_words() {
    let pages = [
        kb_archive_page(
            "Q900921",
            "Computer Performance Degrades",
            &[("SYMPTOMS", "The computer runs slowly and programs take a long time to start.")],
        ),
        kb_archive_page(
            "Q900922",
            "Computer Restarts Unexpectedly",
            &[("SYMPTOMS", "The computer restarts without warning.")],
        ),
    ];
    let (_dir, kb, _) = knowledge_base_of(&pages);
    let meaning_gains = |paste: &str| gains(&scores(&kb, paste, Some("meaning=0")), &scores(&kb, paste, None));
    let paste = "the machine is really sluggish, everything takes ages";
    let described = meaning_gains(paste);
    assert_eq!(described.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), ["Q900921", "Q900922"]);
    assert!(described[0].1 > described[1].1 + 0.02, "{described:?}");
    let hits = kb.search(paste, &SearchOptions::default()).unwrap();
    assert_eq!(hits[0].id, "Q900921");
    assert!(meaning_gains("the machine is really sluggish, error 2328").iter().all(|(_, gain)| *gain == 0.0));
}

/// A paste that names a KB article by its number (`Q900911`, `KB900911`, a
/// lone `900911`) gets that article first, on its number, not the articles
/// that refer to it; a modern article with the same number is the same
/// article, found by both forms.
#[test]
fn an_article_number_finds_the_article_itself() {
    let named = kb_archive_page(
        "Q900911",
        "Mail Spooler Stops After a Restart",
        &[("SYMPTOMS", "The spooler stops after the server restarts.")],
    );
    let referring = kb_archive_page(
        "Q900912",
        "Mail Spooler Fixes",
        &[("MORE INFORMATION", "See Q900911. Q900911 is fixed by Q900911's update; also Q900911.")],
    );
    let (dir, _kb, _) = knowledge_base_of(&[named, referring]);
    let modern = "---\ntitle: Mail spooler stops after restart\nms.date: 5/2/2024\nappliesto:\n  - Mail Server 2019\n---\n\
                  # Mail spooler stops\n\n_Original KB number:_ &nbsp; 900911\n\n## Resolution\n\n1. Start the spooler.\n";
    std::fs::write(dir.path().join("corpus/spooler.md"), modern).unwrap();
    let (kb, report) =
        KnowledgeBase::build(&[dir.path().join("corpus")], dir.path().join("index"), &BuildOptions::default()).unwrap();
    assert_eq!((report.articles, report.sources), (2, 3));
    for paste in ["Q900911", "KB900911", "900911", "kb900911 spooler"] {
        let hits = kb.search(paste, &SearchOptions::default()).unwrap();
        assert_eq!(hits[0].id, "Q900911", "{paste}");
        assert!(hits[0].evidence.contains(&Evidence::ArticleNumber { number: 900911 }), "{paste}");
        assert!(hits[0].confidence >= 0.9, "{paste}: {}", hits[0].confidence);
    }
    let article = kb.article("KB900911").unwrap();
    assert_eq!(article.id, "Q900911");
    assert_eq!(article.products, ["Microsoft Mail", "Mail Server 2019"]);
    assert_eq!(article.sources.len(), 2);
}

/// A paste of 256 KiB (a log excerpt pasted whole) is answered by the
/// error it holds, wherever it lies: its telling lines are analysed first.
#[test]
fn a_long_paste_finds_the_error_it_holds_wherever_it_lies() {
    let (_dir, kb, _, _) = build();
    let mut seed = 11u64;
    let mut word = || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (0..6).map(|i| char::from(b'a' + ((seed >> (8 + 5 * i)) % 26) as u8)).collect::<String>()
    };
    let mut lines: Vec<String> = (0..4500).map(|_| (0..9).map(|_| word()).collect::<Vec<_>>().join(" ")).collect();
    lines.insert(2500, SEED_LINE.to_string());
    let paste: String = lines.join("\n")[..KnowledgeBase::MAX_QUERY_BYTES].to_string();
    assert!(paste.find("Cannot update").is_some_and(|at| at > 150 * 1024));
    let hits = kb.search(&paste, &SearchOptions::default().limit(1)).unwrap();
    // The line's own answer.
    assert_eq!(hits[0].id, "/kbmatch-notes/2011/08/05/package-stuck-install-pending-after-dp-power-cycle/");
    assert_eq!(hits[0].id, kb.search(SEED_LINE, &SearchOptions::default().limit(1)).unwrap()[0].id);
    assert!(
        matches!(&hits[0].evidence[0], Evidence::Message { text, .. } if text == "Cannot update the package server <*> for package <*>, error = 8"),
        "{:?}",
        hits[0].evidence
    );
}

/// A modern article in the platform's layout, applying to `product`.
fn modern_article(number: u32, title: &str, product: &str, symptoms: &str) -> String {
    format!(
        "---\ntitle: {title}\nms.date: 5/2/2024\n---\n# {title}\n\n_Original KB number:_ &nbsp; {number}\n\n\
         _Applies to:_ &nbsp; {product}\n\n## Symptoms\n\n{symptoms}\n\n## Resolution\n\n1. Restart the spooler.\n"
    )
}

/// An article for the version a question names is considered even where
/// more articles than are re-ranked share more of its words: the search
/// among the articles for that version adds it to the candidates.
#[test]
fn the_article_for_the_named_version_is_found_past_the_candidates_the_words_find() {
    let older = "The mail spooler stops after a restart: outbound messages wait in the SMTP queue for hours and the \
                 queue grows.";
    let mut pages: Vec<String> = (0..8)
        .map(|i| {
            modern_article(920001 + i, &format!("Mail spooler stops after restart {i}"), "Mail Server 2010", older)
        })
        .collect();
    // The same problem on the new version, told at length: its words weigh
    // less in a longer text, so the words alone rank it below the others.
    let at_length =
        format!("{older} {}", "Administrators see this on busy relay servers during the night. ".repeat(12));
    pages.push(modern_article(920009, "Mail spooler stops after restart", "Mail Server 2022", &at_length));
    let (_dir, kb, _) = knowledge_base_of(&pages);
    let paste = "mail spooler stops after a restart, outbound messages wait in the SMTP queue for hours and the queue \
                 grows, Mail Server 2022";
    let ids = |settings: &str| -> Vec<String> {
        let options = SearchOptions::default().limit(2).settings(settings.parse().unwrap());
        kb.search(paste, &options).unwrap().into_iter().map(|h| h.id).collect()
    };
    // Two candidates by the words: two of the older articles.
    let by_words = ids("candidates=2,pre_candidates_per_hit=1,version_candidates=0");
    assert_eq!(by_words.len(), 2);
    assert!(by_words.iter().all(|id| id != "KB920009"), "{by_words:?}");
    // The article for the named version is considered too, and its version
    // puts it above the older ones that share as much of the question.
    assert_eq!(ids("candidates=2,pre_candidates_per_hit=1")[0], "KB920009");
    // Found among what the words found before the cut to two (every one
    // of the nine: the search for the version is not run again), it is
    // considered the same way.
    assert_eq!(ids("candidates=2,pre_candidates_per_hit=10")[0], "KB920009");
}

/// On a corpus of a few articles, a word most of them hold is still part
/// of the question: "mail spooler ... on Mail Server 2022" over five
/// articles was searched as "2022" alone (every other word is in four of
/// the five, and words in most articles are left out of a query), found one
/// article, and called it 0.96 sure on that one number.
#[test]
fn a_small_corpus_searches_every_word_of_the_question() {
    let older = "The mail spooler stops after a restart, messages wait in the queue and the queue grows.";
    let mut pages: Vec<String> = (0..4)
        .map(|i| {
            modern_article(930001 + i, &format!("Mail spooler stops after restart {i}"), "Mail Server 2010", older)
        })
        .collect();
    pages.push(modern_article(
        930009,
        "Outgoing messages are not delivered",
        "Mail Server 2022",
        "After the server restarts, messages are not delivered.",
    ));
    let (_dir, kb, _) = knowledge_base_of(&pages);
    let paste = "mail spooler stops after a restart and messages wait in the queue on Mail Server 2022";
    let hits = kb.search(paste, &SearchOptions::default()).unwrap();
    let ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["KB930009", "KB930001", "KB930002", "KB930003", "KB930004"]);
    let words = |i: usize| match &hits[i].evidence[0] {
        Evidence::Words { words } => words.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(words(0), ["2022", "mail", "spooler", "restart", "messages", "server"]);
    assert_eq!(words(1), ["stops", "wait", "queue", "mail", "spooler", "restart"]);
    // Neither is sure: one holds the version and little of the problem, the
    // others the problem on another version.
    assert!(hits.iter().all(|h| h.confidence < 0.9), "{:?}", hits.iter().map(|h| h.confidence).collect::<Vec<_>>());
}

/// A pasted row is cut at its column gaps, and its message field found word
/// for word in an article's title counts for that article where titles are
/// weighed (`phrase_title`, off by default: the training queries gain
/// nothing from it), and for no other (see the query analysis's
/// `a_row_of_columns_is_cut_into_its_fields_for_the_phrases`).
#[test]
fn a_pasted_rows_message_found_in_a_title_counts_for_that_article() {
    let pages = [
        modern_article(
            940001,
            "451 4.4.0 DNS query failed error in the message queue",
            "Mail Server 2019",
            "Mail to some remote domains stays in the queue. Create a send connector for each such domain.",
        ),
        modern_article(
            940002,
            "DNS server does not answer queries after an update",
            "Mail Server 2019",
            "Each DNS query failed after the update, until the DNS server was restarted.",
        ),
    ];
    let (_dir, kb, _) = knowledge_base_of(&pages);
    let row = "HUB01\\2391   DnsConnectorDelivery   Retry   47   fabrikam.net   451 4.4.0 DNS query failed";
    let gained = gains(&scores(&kb, row, Some("phrase_title=0")), &scores(&kb, row, Some("phrase_title=2")));
    let gained: Vec<(&str, bool)> = gained.iter().map(|(id, g)| (id.as_str(), *g > 0.01)).collect();
    assert_eq!(gained, [("KB940001", true), ("KB940002", false)]);
}

/// The product and version a question names weigh in ranking: of two
/// articles on the same problem, the one for the named version comes
/// first, whichever it is; a question naming no version (or one no article
/// knows) leaves them as their words rank them.
#[test]
fn the_version_a_question_names_puts_its_article_first() {
    let symptoms = "The mail spooler stops after the server restarts and messages wait in the queue.";
    let pages = [
        modern_article(910001, "Mail spooler stops after a restart", "Mail Server 2016", symptoms),
        modern_article(910002, "Mail spooler stops after a restart", "Mail Server 2019", symptoms),
        modern_article(
            910003,
            "Address book is empty",
            "Mail Server 2019, Mail Server 2022",
            "The address book shows nothing.",
        ),
    ];
    let (_dir, kb, _) = knowledge_base_of(&pages);
    let first = |paste: &str| scores(&kb, paste, None)[0].0.clone();
    assert_eq!(first("mail spooler stops after restart on Mail Server 2019"), "KB910002");
    assert_eq!(first("mail server 2016: spooler stops after a restart"), "KB910001");
    // Through the version's words the corpus writes ("server 2019").
    assert_eq!(first("spooler stops after restart since we moved to server 2019"), "KB910002");
    for paste in ["mail spooler stops after restart", "mail spooler stops after restart on mail server 2023"] {
        let hits = scores(&kb, paste, None);
        assert_eq!(hits[0].1, hits[1].1, "{paste}: {hits:?}");
    }
    // What the named version adds: its weight, to the articles for it only.
    let paste = "mail spooler stops after restart on Mail Server 2019";
    let mut gained = gains(&scores(&kb, paste, Some("version=0")), &scores(&kb, paste, None));
    gained.sort_by(|a, b| a.0.cmp(&b.0));
    let gained: Vec<(&str, f64)> = gained.iter().map(|(id, g)| (id.as_str(), (g * 1000.0).round() / 1000.0)).collect();
    assert_eq!(gained[..2], [("KB910001", 0.0), ("KB910002", 0.15)]);
}

/// The product vocabulary a build writes beside the index is the one the
/// index holds: an index of an older kbmatch, which has no such file, reads
/// it from the index and answers a named version the same.
#[test]
fn a_named_version_is_read_alike_with_and_without_the_stored_vocabulary() {
    let symptoms = "The mail spooler stops after the server restarts and messages wait in the queue.";
    let pages = [
        modern_article(910001, "Mail spooler stops after a restart", "Mail Server 2016", symptoms),
        modern_article(910002, "Mail spooler stops after a restart", "Mail Server 2019", symptoms),
    ];
    let (dir, kb, report) = knowledge_base_of(&pages);
    let stored = report.generation.join("products.txt");
    assert!(stored.is_file(), "{}", stored.display());
    let pastes =
        ["mail spooler stops after restart on Mail Server 2019", "mail server 2016: spooler stops after a restart"];
    let answers = |kb: &KnowledgeBase| pastes.map(|paste| scores(kb, paste, None));
    let with_file = answers(&kb);
    assert_eq!(with_file.each_ref().map(|hits| hits[0].0.as_str()), ["KB910002", "KB910001"]);
    drop(kb);
    std::fs::remove_file(&stored).unwrap();
    let without = KnowledgeBase::open(dir.path().join("index")).unwrap();
    assert_eq!(answers(&without), with_file);
}
