//! Tests over the real corpus in ../shared: the whole KB archive, the SMS
//! articles as text files and HTML pages, the blog posts, the seeds and the
//! modern articles, indexed by `.ci/run`. Run with `cargo test --release -- --ignored`.

use crate::common;

use kbmatch::article::ArticleKind;

#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn whole_archive_gives_one_article_per_kb_number_and_permalink() {
    let index = common::real_index();
    let manifest = index.manifest();
    // The 260 modern articles add 255: five are archive articles.
    assert_eq!(manifest.articles, 60_375 + 255);
    assert_eq!(manifest.by_kind.get("kb"), Some(&(60_335 + 255)));
    assert_eq!(manifest.by_kind.get("blog"), Some(&40));
    // 60,335 pages + 2,820 text files + 2,820 HTML pages + 40 posts + 5 seeds
    // + 260 modern articles. `file` calls txt/202/Q202086.TXT "data" for the
    // two DEL bytes in its title, but it is a whole article: it is read, not
    // skipped.
    assert_eq!(manifest.sources, 60_335 + 2_820 + 2_820 + 40 + 5 + 260);
    assert_eq!(manifest.skipped, 0);
}

#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn q319207_merges_its_four_sources_with_hotfix_rows_and_steps() {
    let index = common::real_index();
    let article = index.article("Q319207").unwrap();
    assert_eq!(article.kind, ArticleKind::Kb);
    assert_eq!(article.title, "SMS: Retrying a Package Update May Create Many Jobs");
    let sources: Vec<String> = article
        .sources
        .iter()
        .map(|s| std::path::Path::new(s).file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(sources.len(), 4, "{:?}", article.sources);
    assert!(sources.contains(&"Q319207.TXT".to_string()));
    assert!(sources.contains(&"README.md".to_string()));
    assert!(sources.contains(&"index.html".to_string()));
    assert!(sources.contains(&"001_140ee502e5c0a53c.txt".to_string()));

    assert_eq!(article.hotfix_files, common::q319207_rows());
    // The installer procedure (4 steps) and the manual one (5 steps); `steps`
    // is the first.
    let sizes: Vec<usize> = article.procedures.iter().map(|p| p.steps.len()).collect();
    assert_eq!(sizes, [4, 5], "{:#?}", article.procedures);
    assert_eq!(article.steps.len(), 4, "{:#?}", article.steps);
    assert!(article.steps[0].starts_with("Copy the hotfix folder structure to a share"));
    assert!(article.procedures[1].steps[4].text.starts_with("Restart the SMS Site Component Manager"));
    assert_eq!(article.signals.message_ids, vec![2302, 2328, 2339]);
}

/// Each seed scenario, pasted as a person would, finds its article first.
#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn every_seed_scenario_finds_its_article_first() {
    let index = common::real_index();
    let cases = [
        (
            r#"Cannot update the package server ["Display=\\DP02\"]MSWNET:["SMS_SITE=SYD"]\\DP02\ for package SYD00045, error = 8~  $$<SMS_DISTRIBUTION_MANAGER><08-03-2011 10:02:10.123-600><thread=4404 (0x1134)>"#,
            "/2011/08/03/sccm-package-stuck-at-install-pending-state/",
        ),
        (
            "package stuck at install pending after the DP was rebooted",
            "/2011/08/03/sccm-package-stuck-at-install-pending-state/",
        ),
        (
            r"Message ID: 2328 - SMS Distribution Manager failed to copy package SYD00045 from \\SRC01\pkg to \\DP02\SMSPKGD$.",
            "Q319207",
        ),
        ("status message 2339", "Q319207"),
        (
            "A package is currently being installed in the background. This is routine, however please wait until it has completed before starting any new packages.",
            "Q173073",
        ),
        ("secondary site installation stops responding and the parent site takes a long time to report it", "Q287717"),
        (
            r"distribution manager not processing .pkg files in distmgr.box\incoming, package never reaches the distribution points",
            "Q235788",
        ),
    ];
    for (paste, expected) in cases {
        let hits = kbmatch::matcher::match_text(&index, paste, &kbmatch::SearchOptions::default().limit(3)).unwrap();
        assert_eq!(hits[0].id, expected, "paste: {paste}\nhits: {:?}", hits.iter().map(|h| &h.id).collect::<Vec<_>>());
    }
}

/// The word-for-word message, and a one-line event whose source runs into
/// its message, beat look-alikes.
#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn the_same_message_word_for_word_beats_a_look_alike() {
    let index = common::real_index();
    // Q125623 quotes "Could not load language DLL MIFGEN.DLL": the same
    // template once punctuation is gone, but not the same text.
    let hits = kbmatch::matcher::match_text(
        &index,
        "could not load language dll _mifgen.dll",
        &kbmatch::SearchOptions::default().limit(3),
    )
    .unwrap();
    let ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids[..2], ["Q185807", "Q125623"]);
    assert_eq!(hits[0].why[0], "the same message, word for word: Could not load language DLL _MIFGEN.DLL");
    // No label between the source and the message: the message's words
    // are still searched (before, only the event ID was, and eight
    // articles with event 7022 tied).
    let paste = "Event ID 7022 Source: Service Control Manager The Windows Internet Name Service hung on starting.";
    let hits = kbmatch::matcher::match_text(&index, paste, &kbmatch::SearchOptions::default().limit(3)).unwrap();
    assert_eq!(hits[0].id, "Q205100", "{:?}", hits.iter().map(|h| &h.id).collect::<Vec<_>>());
    assert!(hits[0].why.contains(&"event id 7022".to_string()), "{:?}", hits[0].why);
}

/// A sentence of the paste found word for word in an article's prose puts
/// it first: "RAS Manual Dial" holds the paste's rarest words in its title
/// and shares more of them, but Q116053 has the sentence itself (its words
/// as a phrase: 347.9, where the words alone give it 194.8).
/// "RAS Manual Dial" only explains (no SYMPTOMS, no CAUSE), so for this
/// paste without an ID it comes after an article about a problem; second
/// is the dialing-out error, nearest in what it is about (`meaning`).
#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn a_sentence_found_word_for_word_beats_its_words_apart() {
    assert_first_two(
        "Or, when you try to manually dial a RAS server, the following error message appears after you choose the Done button:",
        [
            ("Q116053", ["words in common: ras, dial, done, manually, choose, button", "text match (BM25 342.9)"]),
            ("Q152605", ["words in common: ras, dial, choose, button, try, appears", "text match (BM25 219.4)"]),
        ],
    );
}

/// An article that holds all of the paste's telling words beats one that
/// holds fewer of them more often: "PCM Executes Mandatory Jobs over Slow
/// Links" has more BM25 (the paste's "slow links" is in its title), but
/// not "inventory", "modem" or "taken". Without the coverage weight it
/// comes first; with it, and with what the articles are about (`meaning`),
/// the other slow-link article (Netspeed over a compressing modem link)
/// is second.
#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn the_article_holding_all_the_words_beats_one_repeating_a_few() {
    assert_first_two(
        "inventory still gets taken on clients dialing in over modem even though we set no inventory on slow links",
        [
            ("Q192494", ["words in common: inventory, slow, taken, modem, links, clients", "text match (BM25 191.0)"]),
            ("Q142267", ["words in common: inventory, slow, dialing, links, clients, set", "text match (BM25 168.9)"]),
        ],
    );
}

/// A description in other words than its article's: "Access Violation
/// Importing Key/Certificate into Key Manager" (Q159001) is first by what
/// the paste is about (`meaning`): "bring in" is its "importing", "crashes
/// with Dr. Watson" its "access violation"; on its words alone "XCLN:
/// Application Conversion Assistant May Crash with Dr. Watson" is. A
/// training query (benches/queries/train/own_words_c.jsonl).
#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn a_description_in_other_words_finds_its_article_by_what_it_is_about() {
    let index = common::real_index();
    let paste = "key manager crashes with Dr. Watson when I bring in a certificate for the web server";
    let first =
        |options: kbmatch::SearchOptions| kbmatch::matcher::match_text(&index, paste, &options).unwrap()[0].id.clone();
    assert_eq!(first(kbmatch::SearchOptions::default()), "Q159001");
    let words_alone: kbmatch::Settings = "meaning=0".parse().unwrap();
    assert_eq!(first(kbmatch::SearchOptions::default().settings(words_alone)), "Q198565");
}

/// A bare event ID that many articles name: the articles with it in their
/// title come first (six of them), then those that only name it (SFM's
/// printer limit, Q136151, came second before, by its number alone).
#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn a_bare_event_id_finds_the_articles_titled_with_it_first() {
    let index = common::real_index();
    let hits =
        kbmatch::matcher::match_text(&index, "Event ID 2019", &kbmatch::SearchOptions::default().limit(7)).unwrap();
    let ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["Q133384", "Q141122", "Q145906", "Q148261", "Q272194", "Q272568", "Q136151"]);
    assert!(hits[..6].iter().all(|h| h.title.contains("2019")));
    assert!(!hits[6].title.contains("2019"));
}

/// A modern article that heads its symptoms in its own words ("Error
/// occurs when you send email to specific remote domains") under a title
/// that names the failure is about a problem, not an explainer: a queue
/// viewer's row quoting that title finds it first (7th when it was docked
/// as an explainer, after five Windows NT DNS articles).
#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn a_modern_article_titled_with_its_failure_is_no_explainer() {
    let index = common::real_index();
    let row = "EXCH-HUB01\\2391   DnsConnectorDelivery   Retry   47   fabrikam.example   451 4.4.0 DNS query failed";
    let hits = kbmatch::matcher::match_text(&index, row, &kbmatch::SearchOptions::default().limit(3)).unwrap();
    assert_eq!(hits[0].id, "Exchange/ExchangeServer/mailflow/dns-query-failed.md");
    assert_eq!(hits[0].title, "451 4.4.0 DNS query failed Exchange Server error in message queue");
}

/// The blue screen of Windows 8 and later names its bug check without a
/// number (`Stop code: PROCESS1_INITIALIZATION_FAILED`): the name is the
/// STOP code that the archive's articles write beside it, and the articles
/// quoting that code, or the name as a stop error, are found by it.
#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn a_bug_check_named_on_a_blue_screen_is_its_stop_code() {
    let kb = common::real_kb();
    let paste = "Your PC ran into a problem and needs to restart. We're just collecting some error info, and then \
                 we'll restart for you.\nStop code: PROCESS1_INITIALIZATION_FAILED";
    let answer = kb.answer(paste, &kbmatch::SearchOptions::default().limit(3)).unwrap();
    assert_eq!(answer.code.as_ref().map(|c| c.decoded.as_str()), Some("STOP 0x0000006B"));
    let ids: Vec<&str> = answer.results.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["Q115579", "Q163240", "KB3083796"]);
    for hit in &answer.results {
        assert!(
            hit.why[0].starts_with("PROCESS1_INITIALIZATION_FAILED = STOP 0x0000006B"),
            "{}: {:?}",
            hit.id,
            hit.why
        );
    }
    // The name alone, asked as a code.
    let answer = kb.code("IRQL_NOT_LESS_OR_EQUAL", &kbmatch::SearchOptions::default().limit(1)).unwrap();
    assert_eq!(answer.code.map(|c| c.decoded), Some("STOP 0x0000000A".to_string()));
}

/// The first two hits for a paste are exactly these articles, with exactly
/// these reasons, a text match's BM25 within 0.5 of the figure given (its
/// tenths move with every article's field lengths: 219.4 or 219.5 as a
/// quoted log is read line by line or not).
fn assert_first_two(paste: &str, expected: [(&str, [&str; 2]); 2]) {
    let index = common::real_index();
    let hits = kbmatch::matcher::match_text(&index, paste, &kbmatch::SearchOptions::default().limit(2)).unwrap();
    let bm25 = |why: &str| why.strip_prefix("text match (BM25 ")?.strip_suffix(')')?.parse::<f64>().ok();
    let got: Vec<(&str, Vec<String>)> = hits
        .iter()
        .zip(&expected)
        .map(|(h, (_, want))| {
            // A BM25 near the one given reads as given; any other as it is.
            let why = h.why.iter().zip(want.iter().chain(std::iter::repeat(&"")));
            let why = why.map(|(w, given)| match (bm25(w), bm25(given)) {
                (Some(a), Some(b)) if (a - b).abs() <= 0.5 => given.to_string(),
                _ => w.clone(),
            });
            (h.id.as_str(), why.collect())
        })
        .collect();
    let want: Vec<(&str, Vec<String>)> =
        expected.iter().map(|(id, why)| (*id, why.iter().map(|w| w.to_string()).collect())).collect();
    assert_eq!(got, want, "paste: {paste}");
}

/// Accuracy on the development query sets stays at least where it is
/// (figures measured when these floors were set: text 0.981, ids 1.000,
/// nl 0.900 / hit@5 1.000, blog 0.880 / hit@5 0.960; nl_wide 0.800 /
/// 0.955, codes 0.923 / 1.000).
#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn accuracy_on_the_dev_sets_does_not_regress() {
    let index = common::real_kb();
    let floors = [
        ("dev_text", 0.95, 0.98),
        ("dev_ids", 0.95, 0.98),
        ("dev_nl", 0.86, 0.95),
        ("dev_nl_wide", 0.76, 0.92),
        ("dev_blog", 0.84, 0.92),
        ("dev_codes", 0.84, 0.95),
    ];
    for (set, top1, hit5) in floors {
        assert_accuracy(&index, &common::shared().join(format!("eval/{set}.jsonl")), top1, hit5);
    }
}

/// The same on the project's held-out sets, written without seeing the
/// matcher (`benches/queries`; measured when the floors were set:
/// own-words SMS 0.878 / hit@5 0.978, blog posts 0.967 / 0.967, own words
/// across the archive 0.892 / 0.992, codes in another form 0.975 / 1.000;
/// the 600 own-words descriptions of `own_words_archive`, added later,
/// 0.900 / 0.978).
#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn accuracy_on_the_held_out_sets_does_not_regress() {
    let index = common::real_kb();
    let floors = [
        ("own_words_sms", 0.84, 0.95),
        ("blog_posts", 0.93, 0.95),
        ("own_words_wide", 0.85, 0.97),
        // 0.975 on the archive alone; with the modern articles, 3 of the
        // 40 codes are first answered by a modern article quoting the same
        // code (0x534 in "Event 1202 with status 0x534 logged"), which the
        // set, written for the archive, does not list.
        ("codes_other_form", 0.87, 0.95),
        ("own_words_archive", 0.87, 0.96),
    ];
    for (set, top1, hit5) in floors {
        assert_accuracy(&index, &common::repo().join(format!("benches/queries/{set}.jsonl")), top1, hit5);
    }
}

/// The first hit's confidence says how often it is right, over every dev
/// set together, within what issue #12 asks (ECE at most 0.05, at least
/// 97 % of the answers at 0.9 or more right). Measured when the floors were
/// set, with the first-hit map: ECE 0.041; 76 % of first hits at 0.9 or
/// more, 99.4 % of those right (logistic models alone: 0.053, 70 %,
/// 99.7 %; before the fitted models: 0.192, 36 %, 98.7 %). With the chance
/// that the corpus answers at all (issue #24): 0.042, 77.5 %, 99.4 %.
#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn confidence_is_calibrated_over_the_dev_sets() {
    let kb = common::real_kb();
    let mut queries = Vec::new();
    for set in ["dev_text", "dev_ids", "dev_nl", "dev_nl_wide", "dev_blog", "dev_codes"] {
        let text = std::fs::read_to_string(common::shared().join(format!("eval/{set}.jsonl"))).unwrap();
        queries.extend(kbmatch::eval::parse_queries(&text).unwrap());
    }
    let calibration = kbmatch::eval::evaluate(&kb, &queries, &kbmatch::Settings::default()).calibration;
    println!("{calibration:?}");
    assert!(calibration.ece <= 0.05, "ECE {:.3}", calibration.ece);
    assert!(calibration.precision_at_90 >= 0.97, "right at >= 0.9: {:.3}", calibration.precision_at_90);
    assert!(calibration.coverage_at_90 >= 0.7, "first hits at >= 0.9: {:.3}", calibration.coverage_at_90);
}

/// A query set scored on the real index: every query answered, top-1 and
/// hit@5 at least the floors given.
fn assert_accuracy(index: &kbmatch::KnowledgeBase, path: &std::path::Path, top1: f64, hit5: f64) {
    let set = path.file_stem().unwrap().to_string_lossy();
    let queries = kbmatch::eval::parse_queries(&std::fs::read_to_string(path).unwrap()).unwrap();
    let report = kbmatch::eval::evaluate(index, &queries, &kbmatch::Settings::default());
    let overall = &report.overall;
    println!("{set}: top-1 {:.3}, hit@5 {:.3}, MRR@10 {:.3}", overall.top1, overall.hit5, overall.mrr10);
    assert_eq!(overall.queries, queries.len(), "{set}: every query answered");
    assert!(overall.top1 >= top1, "{set}: top-1 {:.3} < {top1}", overall.top1);
    assert!(overall.hit5 >= hit5, "{set}: hit@5 {:.3} < {hit5}", overall.hit5);
}

/// Common words are scored on the candidates that the rarer evidence finds
/// (half a query's time saved). Over the dev queries the answers are those
/// of scoring every word everywhere: the same first hit and the same rank
/// of the expected article, query by query.
#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn common_words_on_the_candidates_change_no_dev_answer() {
    let index = common::real_index_dir();
    let answers = |weights: &str| -> Vec<(String, serde_json::Value, serde_json::Value)> {
        let mut out = Vec::new();
        for set in ["dev_text", "dev_ids", "dev_nl", "dev_blog"] {
            let output = std::process::Command::new(env!("CARGO_BIN_EXE_kbmatch"))
                .args(["eval", "--json", "--index"])
                .arg(&index)
                .arg(common::shared().join(format!("eval/{set}.jsonl")))
                .env("KBMATCH_WEIGHTS", weights)
                .output()
                .unwrap();
            let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
            for query in report["queries"].as_array().unwrap() {
                let first = query["got"][0][0].clone();
                out.push((query["qid"].as_str().unwrap().to_string(), query["rank"].clone(), first));
            }
        }
        out
    };
    let shortcut = answers("");
    let everywhere = answers("common_share=1");
    assert_eq!(shortcut.len(), 294);
    assert_eq!(shortcut, everywhere);
}

/// The SDK header's NTSTATUS names (`src/extract/ntstatus_names.txt`) agree
/// with every name the archive itself states for one of those numbers.
#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn the_header_names_agree_with_the_archive() {
    let index = common::real_index();
    let table = index.code_table();
    let text = std::fs::read_to_string(common::repo().join("src/extract/ntstatus_names.txt")).unwrap();
    let (mut stated, mut disagree) = (0, Vec::new());
    for line in text.lines().filter(|l| l.starts_with("0x")) {
        let (value, name) = line.split_once(' ').unwrap();
        let canonical = value.to_ascii_lowercase();
        if let Some(learned) = table.known(&canonical).and_then(|k| k.name.clone()) {
            stated += 1;
            if learned != name {
                disagree.push(format!("{value}: header {name}, archive {learned}"));
            }
        }
    }
    println!("the archive names {stated} of the header's values");
    assert!(stated >= 10, "the archive names only {stated} of them");
    assert!(disagree.is_empty(), "{disagree:#?}");
}

/// Questions the archive cannot answer (issue #24's table, on the whole
/// archive): none is attached at 0.9, the confidence a desk attaches at.
/// Measured when written: 0.67, 0.85 and 0.40 (0.99, 0.93 and 0.68 before
/// the confidence knew that a question may have no answer); 0.21, 0.73 and
/// 0.21 with the archive's rarities ("nespresso", "vertuo", "kubernetes"
/// and "crashloopbackoff" are words no article knows).
#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn questions_the_archive_cannot_answer_are_not_answered_confidently() {
    let kb = common::real_kb();
    for (paste, below) in [
        ("how to descale a nespresso vertuo", kbmatch::MatchAnswer::LIKELY),
        ("git pull origin main\nfatal: refusing to merge unrelated histories", 0.9),
        ("kubernetes pod stuck in CrashLoopBackOff", kbmatch::MatchAnswer::LIKELY),
    ] {
        let answer = kb.answer(paste, &kbmatch::SearchOptions::default()).expect("answer");
        let confidence = answer.results.first().map_or(0.0, |hit| hit.confidence);
        assert!(confidence < below, "{paste:?}: {confidence}");
    }
}

/// Over every question of `dev_none` (no article answers them), on the
/// whole archive: none at 0.9 or more (3.7 % before), 1.3 % at 0.5 or
/// more (20 % before the answered model, 12.5 % before the archive's
/// rarities, 6.2 % before the subject's nearness was weighed, 3.7 % before
/// the answered model was a forest).
#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn no_question_without_an_answer_is_answered_confidently() {
    let kb = common::real_kb();
    let text = std::fs::read_to_string(common::shared().join("eval/dev_none.jsonl")).unwrap();
    let queries = kbmatch::eval::parse_queries(&text).unwrap();
    let none = kbmatch::eval::evaluate(&kb, &queries, &kbmatch::Settings::default()).unanswerable.expect("a none set");
    assert_eq!(none.queries, 80);
    assert!(none.at_90 <= 0.01, "at >= 0.9: {:.3}", none.at_90);
    assert!(none.at_50 <= 0.05, "at >= 0.5: {:.3}", none.at_50);
}

/// Modern KB articles indexed with the archive: the front matter's title,
/// the KB number as the id (and the archive's `Q` form, one article with
/// both sources, where the archive has the number), products, date, and
/// steps where the Resolution (or Workaround) has a numbered list.
#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn modern_articles_keep_their_title_number_products_date_and_steps() {
    let index = common::real_index();
    // id, title, products, date, steps section, steps, sources.
    type Case<'a> = (&'a str, &'a str, &'a [&'a str], Option<&'a str>, Option<&'a str>, usize, usize);
    let cases: [Case; 12] = [
        (
            "KB3091334",
            "Expiration date and time for the message have passed error",
            &["Outlook 2013", "Microsoft Outlook 2010"],
            None,
            Some("Resolution"),
            5,
            1,
        ),
        (
            "KB2742012",
            "Event ID 9646 if service account opens MAPI sessions",
            &["Exchange Server 2013 Enterprise Edition", "Exchange Server 2010 Enterprise"],
            Some("2024-01-30"),
            None,
            0,
            1,
        ),
        (
            "Q218814",
            "DNS Server Logs Event 7062: \"DNS Server Encountered a Packet...\"",
            &["Microsoft Windows NT", "Windows Server 2012 R2"],
            Some("2021-12-21"),
            Some("RESOLUTION"),
            4,
            2,
        ),
        (
            "KB2467702",
            "Error 1603 installing the Configuration Manager client",
            &["Configuration Manager"],
            Some("2023-12-05"),
            None,
            0,
            1,
        ),
        (
            "KB4015968",
            "Error 1603 installing Configuration Manager client",
            &["Configuration Manager (LTSB)", "Configuration Manager (current branch)"],
            Some("2020-06-01"),
            None,
            0,
            1,
        ),
        (
            "KB3205797",
            "Client piloting package fails after a site expansion",
            &[
                "Configuration Manager (current branch - version 1511)",
                "Configuration Manager (current branch - version 1602)",
                "Configuration Manager (current branch - version 1606)",
                "Configuration Manager (current branch - version 1610)",
                "Configuration Manager (LTSB - version 1606)",
            ],
            Some("2023-12-05"),
            None,
            0,
            1,
        ),
        ("KB2488396", "Hardware inventory process fails", &["Configuration Manager"], Some("2023-12-05"), None, 0, 1),
        (
            "KB2800707",
            "Unhandled exception when launching the console",
            &["Microsoft System Center 2012 Configuration Manager"],
            Some("2023-12-05"),
            Some("Resolution"),
            4,
            1,
        ),
        (
            "KB885959",
            "Error 633 the modem is already in use",
            &["Windows Server 2003"],
            Some("2021-09-24"),
            Some("Workaround"),
            6,
            1,
        ),
        ("KB2021074", "Delayed Write Failed error", &["Windows Server 2012 R2"], Some("2020-10-09"), None, 0, 1),
        (
            "KB2895815",
            "Logon scripts don't run for five minutes",
            &["Windows 10 - all editions"],
            Some("2020-10-14"),
            None,
            0,
            1,
        ),
        (
            "KB2555663",
            "Cached user logon fails with LSASRV event 45058",
            &["Windows 7 Service Pack 1"],
            Some("2020-09-08"),
            Some("Resolution"),
            3,
            1,
        ),
    ];
    for (id, title, products, date, steps_section, steps, sources) in cases {
        let article = index.article(id).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(article.id, id);
        assert_eq!(article.kind, ArticleKind::Kb, "{id}");
        assert_eq!(article.title, title, "{id}");
        assert_eq!(article.products, products, "{id}");
        assert_eq!(article.date.as_deref(), date, "{id}");
        assert_eq!(article.steps_section.as_deref(), steps_section, "{id}");
        assert_eq!((article.steps.len(), article.sources.len()), (steps, sources), "{id}");
    }
    // Every form of the number finds the article itself first.
    let kb = common::real_kb();
    for paste in ["KB2467702", "Q2467702", "2467702"] {
        let hits = kb.search(paste, &kbmatch::SearchOptions::default()).unwrap();
        assert_eq!(hits[0].id, "KB2467702", "{paste}");
    }
    assert_eq!(index.article("Q885959").unwrap().id, "KB885959");
}
