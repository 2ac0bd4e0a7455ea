//! Step extraction on real documents: the project's sample articles
//! (always), the seeds of `../shared/seeds`, the hand-checked gold articles
//! of `dev_extract.jsonl` and a corpus-wide run (all three ignored unless
//! run by `.ci/run`, which has `../shared`).
use crate::common;

use common::shared;
use kbmatch::article::{ArticleKind, Section};
use kbmatch::extract::{kb_header, sections, steps};
use kbmatch::ingest::Document;
use std::path::{Path, PathBuf};

fn kb_steps(body: &str) -> (Vec<String>, Option<String>) {
    let secs = sections::split_kb(body);
    steps::extract(&secs, ArticleKind::Kb)
}

fn first_words(s: &str, n: usize) -> String {
    s.split_whitespace().take(n).collect::<Vec<_>>().join(" ")
}

fn seed(prefix: &str) -> String {
    std::fs::read_to_string(common::seed(prefix)).expect("readable seed")
}

/// A sample file of `corpus/` as the indexer reads it (any format).
fn sample(relative: &str) -> Document {
    let path = common::sample(relative);
    kbmatch::ingest::read_file(&path, &common::repo().join("corpus"), &Default::default())
        .unwrap_or_else(|e| panic!("{relative}: {e}"))
        .documents
        .remove(0)
}

fn heads(steps: &[String], n: usize) -> Vec<String> {
    steps.iter().map(|s| first_words(s, n)).collect()
}

/// The header and sections of Q319207 and of the sample that mirrors it
/// (Q900001): version 2.0 of 06-AUG-2002, seven sections in order.
fn hotfix_article_sections(body: &str, id: &str) -> Vec<Section> {
    let h = kb_header::parse(body);
    assert_eq!(h.id.as_deref(), Some(id));
    assert_eq!(h.versions, vec!["2.0"]);
    assert_eq!(h.modified.as_deref(), Some("06-AUG-2002"));
    let secs = sections::split_kb(body);
    let names: Vec<&str> = secs.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        vec!["INTRODUCTION", "SYMPTOMS", "CAUSE", "RESOLUTION", "WORKAROUND", "STATUS", "MORE INFORMATION"]
    );
    secs
}

// ---- the project's sample articles (they mirror the seeds) ----

/// Q900001 mirrors Q319207: both install procedures of MORE INFORMATION,
/// after the four numbered WORKAROUND steps the seed does not have.
#[test]
fn sample_q900001_has_its_workaround_and_both_install_procedures() {
    let page = std::fs::read_to_string(common::sample("kb/900/Q900001/README.md")).expect("sample page");
    let secs = hotfix_article_sections(&common::page_body(&page), "Q900001");
    assert!(secs[0].text.starts_with("IMPORTANT: Part of this article describes a change to the registry."));
    assert!(!secs[6].text.contains("Additional query words"));
    let (st, from) = steps::extract(&secs, ArticleKind::Kb);
    assert_eq!(
        heads(&st, 4),
        vec![
            // WORKAROUND
            "In the SMS Administrator",
            "Correct the problem on",
            "If the computer has",
            "If the retries must",
            // MORE INFORMATION, Installing with the Hotfix Installer
            "Copy the hotfix folders",
            "Log on to the",
            "Close the SMS Administrator",
            "Start Q319207.exe and complete",
            // MORE INFORMATION, Installing the Hotfix by Hand
            "Close the SMS Administrator",
            "On the site server,",
            "Copy the hotfix version",
            "Copy the hotfix version",
            "Start the four services",
        ]
    );
    assert_eq!(from.as_deref(), Some("WORKAROUND"));
    // Wrapped lines join with single spaces.
    assert_eq!(
        st[10],
        "Copy the hotfix version of Baseutil.dll over the existing file in the <Sms_root_folder>\\Bin\\<Platform> folder."
    );
    assert_eq!(st[12], "Start the four services from step 2 again.");
    // The text-file copy gives the same steps.
    let txt = sample("txt/900/Q900001.TXT");
    assert_eq!(kb_steps(&txt.body), (st, from));
}

/// Q900003 (a rendered web page) mirrors Q287717: a reference paragraph
/// between steps 2 and 3, lettered sub-steps and unindented registry keys
/// inside step 4.
#[test]
fn sample_q900003_workaround_with_reference_between_steps() {
    let doc = sample("html/kb/900/Q900003/index.html");
    let (st, from) = kb_steps(&doc.body);
    assert_eq!(from.as_deref(), Some("WORKAROUND"));
    assert_eq!(
        heads(&st, 4),
        vec![
            "At the parent site,",
            "On the parent site",
            "For each affected secondary",
            "On the computer that",
            "Start the secondary site"
        ]
    );
    assert!(st[1].contains("preinst /delsite:<secondary site code>,<parent site code>"), "{}", st[1]);
    assert!(!st[1].contains("All Preinst.exe switches") && !st.iter().any(|s| s.contains("Q212978")));
    assert!(st[3].starts_with(
        "On the computer that was to become the secondary site server, remove what the failed installation left behind:"
    ));
    assert!(st[3].contains(" a. Make sure that no SMS service and no Windows Management (Winmgmt) service"));
    assert!(st[3].contains("HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\CLISVC"));
    assert!(st[3].contains(" e. With User Manager, delete the accounts"));
    assert_eq!(
        st[4],
        "Start the secondary site installation again from the parent site. You can reuse the same site code."
    );
}

/// Q900002 mirrors the saved page Q173073 (site chrome first, no tab, no raw
/// markers), but unlike the seed it has a procedure: five RESOLUTION steps.
#[test]
fn sample_saved_page_q900002_steps() {
    let saved = std::fs::read_to_string(common::sample("saved/Q900002.txt")).expect("sample saved page");
    assert_eq!(kb_header::parse(&saved).id.as_deref(), Some("Q900002"));
    let secs = sections::split_kb(&saved);
    assert_eq!(secs[0].name, "SYMPTOMS");
    assert!(!secs.last().map(|s| s.text.contains("WARRANTY")).unwrap_or(true));
    let (st, from) = steps::extract(&secs, ArticleKind::Kb);
    assert_eq!(from.as_deref(), Some("RESOLUTION"));
    assert_eq!(
        heads(&st, 4),
        vec![
            "Check whether a job",
            "If no job is",
            "From the client, connect",
            "Apply the latest SMS",
            "Log off and log"
        ]
    );
    assert!(st[2].contains("net use * \\\\<logon server>\\SMS_SHR"), "{}", st[2]);
    assert!(st[2].ends_with("Fix any name resolution, network, or permission error that this shows."), "{}", st[2]);
    // The reader that strips the chrome gives the same steps.
    assert_eq!(kb_steps(&sample("saved/Q900002.txt").body), (st, from));
}

/// Q900004 mirrors Q235788, but unlike the seed it has a numbered
/// WORKAROUND; the paragraph after the list is not a step.
#[test]
fn sample_q900004_workaround_steps() {
    let page = std::fs::read_to_string(common::sample("kb/900/Q900004/README.md")).expect("sample page");
    let (st, from) = kb_steps(&common::page_body(&page));
    assert_eq!(from.as_deref(), Some("WORKAROUND"));
    assert_eq!(
        heads(&st, 4),
        vec![
            "At the child site,",
            "Stop the SMS Executive",
            "Move the .pkg files",
            "Start the SMS Site",
            "At the site where",
            "Wait until the package",
        ]
    );
    assert_eq!(
        st[5],
        "Wait until the package status at the child site shows the new version as installed on every distribution point before you update the package again. Then delete the files from the temporary folder."
    );
}

/// The sample blog post mirrors the seed post: six numbered paragraphs, an
/// image between steps 3 and 4, step 4 written `4.  ` (two spaces).
#[test]
fn sample_blog_post_numbered_paragraphs() {
    // As the seed test does: the body after the front matter, tags removed.
    let post = std::fs::read_to_string(common::sample(
        "blog/2011-08-05-package-stuck-install-pending-after-dp-power-cycle.md",
    ))
    .expect("sample post");
    let body = post.splitn(3, "---").nth(2).expect("front matter");
    let tag = regex::Regex::new(r"<[^>]*>").expect("regex");
    let text = tag.replace_all(body, "").to_string();
    let (st, from) = steps::extract(&[Section { name: "BODY".into(), text }], ArticleKind::Blog);
    let expected = vec![
        "In the ConfigMgr",
        "Check the package",
        "On the secondary",
        "In the site",
        "In the same",
        "Wait another couple",
    ];
    assert_eq!(heads(&st, 3), expected);
    assert_eq!(from.as_deref(), Some("BODY"));
    // The same from the indexer's reader, entities decoded.
    let doc = sample("blog/2011-08-05-package-stuck-install-pending-after-dp-power-cycle.md");
    let (st, from) = steps::extract(&doc.sections.expect("blog sections"), ArticleKind::Blog);
    assert_eq!(heads(&st, 3), expected);
    assert_eq!(from.as_deref(), Some("BODY"));
    assert_eq!(
        st[0],
        "In the ConfigMgr console, remove the secondary site DP from the package\u{2019}s Distribution Points, then give it a couple of hours."
    );
    assert_eq!(
        st[5],
        "Wait another couple of hours so that the change replicates, then put the DP back on the package."
    );
}

// ---- the seeds of ../shared/seeds ----

#[test]
#[ignore = "needs ../shared/seeds beside the repository (or KBMATCH_SHARED): run by .ci/run"]
fn seed_hotfix_article_has_both_install_procedures() {
    let secs = hotfix_article_sections(&common::page_body(&seed("001_")), "Q319207");
    assert!(!secs[6].text.contains("Additional query words"));
    let (st, from) = steps::extract(&secs, ArticleKind::Kb);
    let heads: Vec<String> = st.iter().map(|s| first_words(s, 4)).collect();
    assert_eq!(
        heads,
        vec![
            "Copy the hotfix folder",
            "Log on to the",
            "On the site server,",
            "Run the Q319207.exe tool",
            "On the site server,",
            "Stop the SMS Site",
            "Replace the Baseutil.dll file",
            "Replace the Distmgr.dll file",
            "Restart the SMS Site",
        ]
    );
    assert_eq!(from.as_deref(), Some("MORE INFORMATION"));
    // Wrapped lines join with single spaces.
    assert!(st[6].contains("in the <Sms_root_folder>\\Bin\\<Platform> folder with the version of the file"));
}

#[test]
#[ignore = "needs ../shared/seeds beside the repository (or KBMATCH_SHARED): run by .ci/run"]
fn seed_workaround_with_reference_between_steps() {
    let body = common::page_body(&seed("003_"));
    let (st, from) = kb_steps(&body);
    assert_eq!(st.len(), 4);
    assert_eq!(from.as_deref(), Some("WORKAROUND"));
    assert!(st[3].starts_with("Verify that the secondary sites are completely removed."));
    assert!(st[3].contains(" a. Verify that no SMS or Winmgmt services"));
    assert!(st[3].contains(" f. With User Manager,"));
}

/// Q319207 gives two ways to install its hotfix: two procedures of 4 and 5
/// steps under their own titles; the article's steps are the first.
#[test]
#[ignore = "needs ../shared/seeds beside the repository (or KBMATCH_SHARED): run by .ci/run"]
fn seed_hotfix_article_has_two_procedures() {
    let secs = hotfix_article_sections(&common::page_body(&seed("001_")), "Q319207");
    let (procedures, st, from) = steps::remediation(&secs, ArticleKind::Kb);
    let shape: Vec<(Option<&str>, &str, usize)> =
        procedures.iter().map(|p| (p.title.as_deref(), p.section.as_str(), p.steps.len())).collect();
    assert_eq!(
        shape,
        vec![
            (Some("How to Use the Hotfix Installer:"), "MORE INFORMATION", 4),
            (Some("How to Manually Install the Hotfix:"), "MORE INFORMATION", 5),
        ]
    );
    assert_eq!(
        heads(&st, 4),
        vec!["Copy the hotfix folder", "Log on to the", "On the site server,", "Run the Q319207.exe tool"]
    );
    assert_eq!(from.as_deref(), Some("MORE INFORMATION"));
    assert!(procedures.iter().flat_map(|p| &p.steps).all(|s| s.substeps.is_empty() && s.code.is_empty()));
}

/// Q287717's step 4 has sub-steps a-f, and the registry keys and folders
/// of b and c on their own lines: kept as the step's code, verbatim.
#[test]
#[ignore = "needs ../shared/seeds beside the repository (or KBMATCH_SHARED): run by .ci/run"]
fn seed_sub_steps_and_code_lines_of_a_step() {
    let secs = sections::split_kb(&common::page_body(&seed("003_")));
    let (procedures, _, _) = steps::remediation(&secs, ArticleKind::Kb);
    assert_eq!(procedures.len(), 1);
    assert_eq!(procedures[0].title.as_deref(), Some("To perform the manual cleanup:"));
    let step = &procedures[0].steps[3];
    assert_eq!(
        step.text,
        "Verify that the secondary sites are completely removed. To ensure that the computer is clean of the \
         unsuccessful SMS installation:"
    );
    assert_eq!(step.substeps.len(), 6);
    assert!(step.substeps[0].starts_with("Verify that no SMS or Winmgmt services are running"));
    assert_eq!(step.substeps[1], "Verify that the following SMS registry keys were removed:");
    assert!(
        step.substeps[2]
            .ends_with("NOTE: You may need to restart the computer in order to remove some of these directories.")
    );
    assert!(step.substeps[5].starts_with("With User Manager, make sure"));
    assert_eq!(step.code.len(), 13);
    assert_eq!(step.code[0], "HKEY_LOCAL_MACHINE/Software/Microsoft/SMS");
    assert_eq!(step.code[8], "HKEY_LOCAL_MACHINE/System/CurrentControlSet/Services/CLISVC");
    assert_eq!(step.code[9..], ["<X>:\\SMS", "<X>:\\SMSBootstrap.log", "C:\\SMSSetup.log", "%Winnt%\\MS\\SMS"]);
    // Steps 1-3 have neither.
    assert!(procedures[0].steps[..3].iter().all(|s| s.substeps.is_empty() && s.code.is_empty()));
}

#[test]
#[ignore = "needs ../shared/seeds beside the repository (or KBMATCH_SHARED): run by .ci/run"]
fn seeds_without_procedures_have_no_steps() {
    assert_eq!(kb_steps(&common::page_body(&seed("004_"))), (vec![], None));
    // The saved page has no tab and no raw markers: its text as is.
    let saved = seed("002_");
    assert_eq!(kb_header::parse(&saved).id.as_deref(), Some("Q173073"));
    let secs = sections::split_kb(&saved);
    assert_eq!(secs[0].name, "SYMPTOMS");
    assert!(!secs.last().map(|s| s.text.contains("WARRANTY")).unwrap_or(true));
    assert_eq!(steps::extract(&secs, ArticleKind::Kb), (vec![], None));
}

#[test]
#[ignore = "needs ../shared/seeds beside the repository (or KBMATCH_SHARED): run by .ci/run"]
fn seed_blog_post_numbered_paragraphs() {
    // Simulate the blog reader: the body after the front matter, tags
    // removed, as one section.
    let post = seed("000_");
    let body = post.splitn(3, "---").nth(2).expect("front matter");
    let tag = regex::Regex::new(r"<[^>]*>").expect("regex");
    let text = tag.replace_all(body, "").to_string();
    let (st, from) = steps::extract(&[Section { name: "BODY".into(), text }], ArticleKind::Blog);
    let heads: Vec<String> = st.iter().map(|s| first_words(s, 3)).collect();
    assert_eq!(
        heads,
        vec![
            "remove the DP",
            "make sure the",
            "manually deleted the",
            "deleted from PkgStatus",
            "Verify PkgServer table,",
            "Wait couple of"
        ]
    );
    assert_eq!(from.as_deref(), Some("BODY"));
}

/// `kb/NNN/QNNNNNN/README.md`; folders are named as the id is written.
fn kb_page_path(root: &Path, id: &str) -> Option<PathBuf> {
    let n: u32 = id.trim_start_matches('Q').parse().ok()?;
    let dir = root.join("kb").join(format!("{:03}", n / 1000));
    [format!("Q{n:06}"), format!("Q{n}")].iter().map(|q| dir.join(q).join("README.md")).find(|p| p.exists())
}

fn read_kb(root: &Path, id: &str) -> Option<String> {
    let p = kb_page_path(root, id)?;
    let bytes = std::fs::read(p).ok()?;
    Some(common::page_body(&String::from_utf8_lossy(&bytes)))
}

#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn gold_step_recall_and_precision() {
    let root = common::real_corpus();
    let gold = std::fs::read_to_string(shared().join("eval/dev_extract.jsonl")).expect("gold file");
    let (mut expected, mut predicted, mut matched) = (0usize, 0usize, 0usize);
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("json line");
        let id = v["id"].as_str().expect("id");
        let want: Vec<String> =
            v["steps"].as_array().expect("steps").iter().map(|s| first_words(s.as_str().unwrap_or(""), 6)).collect();
        let body = read_kb(&root, id).unwrap_or_else(|| panic!("{id} not in {}", root.display()));
        let (got, from) = kb_steps(&body);
        let got: Vec<String> = got.iter().map(|s| first_words(s, 6)).collect();
        let mut pool = got.clone();
        let mut hit = 0;
        for w in &want {
            if let Some(k) = pool.iter().position(|g| g == w) {
                pool.remove(k);
                hit += 1;
            }
        }
        expected += want.len();
        predicted += got.len();
        matched += hit;
        let mark = if hit == want.len() && got.len() == want.len() { "ok " } else { "BAD" };
        println!("{mark} {id}: gold {} got {} matched {hit} from {from:?}", want.len(), got.len());
        if mark == "BAD" {
            for g in &pool {
                println!("      extra: {g}");
            }
            for w in want.iter().filter(|w| !got.contains(w)) {
                println!("    missing: {w}");
            }
        }
    }
    let recall = matched as f64 / expected.max(1) as f64;
    let precision = matched as f64 / predicted.max(1) as f64;
    println!("steps: recall {recall:.3} precision {precision:.3} ({matched}/{expected} gold, {predicted} extracted)");
    assert!(recall >= 0.95, "recall {recall:.3}");
    assert!(precision >= 0.95, "precision {precision:.3}");
}

/// Print sections and steps of the articles named in `KBMATCH_DUMP_IDS`
/// (comma-separated), for reading the output by eye.
#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn dump_articles() {
    let root = common::real_corpus();
    let ids = std::env::var("KBMATCH_DUMP_IDS").unwrap_or_default();
    for id in ids.split([',', ' ', '\n']).filter(|s| !s.is_empty()) {
        let Some(body) = read_kb(&root, id) else {
            println!("== {id}: not found");
            continue;
        };
        let secs = sections::split_kb(&body);
        let names: Vec<&str> = secs.iter().map(|s| s.name.as_str()).collect();
        let (st, from) = steps::extract(&secs, ArticleKind::Kb);
        println!("== {id} {names:?}\n   steps from {from:?}:");
        for (k, s) in st.iter().enumerate() {
            let short: String = s.chars().take(110).collect();
            println!("   {:>2}. {short}", k + 1);
        }
    }
}

/// Every KB page of the corpus through the three extractors: no panic, and
/// the time it takes; prints how many articles got steps, by section.
#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn whole_corpus_runs() {
    let root = common::real_corpus().join("kb");
    let started = std::time::Instant::now();
    let mut extracting = std::time::Duration::ZERO;
    let (mut articles, mut with_steps, mut total_steps) = (0usize, 0usize, 0usize);
    let mut by_section: std::collections::BTreeMap<String, usize> = Default::default();
    for entry in walkdir::WalkDir::new(&root).into_iter().filter_map(Result::ok) {
        if entry.file_name() != "README.md" {
            continue;
        }
        let Ok(bytes) = std::fs::read(entry.path()) else { continue };
        let body = common::page_body(&String::from_utf8_lossy(&bytes));
        let t0 = std::time::Instant::now();
        let _ = kb_header::parse(&body);
        let secs = sections::split_kb(&body);
        let (st, from) = steps::extract(&secs, ArticleKind::Kb);
        extracting += t0.elapsed();
        articles += 1;
        if !st.is_empty() {
            with_steps += 1;
            total_steps += st.len();
            *by_section.entry(from.unwrap_or_default()).or_default() += 1;
        }
    }
    println!(
        "{articles} articles in {:.1?} ({:.1?} in the extractors); {with_steps} with steps ({total_steps} steps)",
        started.elapsed(),
        extracting
    );
    let mut v: Vec<_> = by_section.into_iter().collect();
    v.sort_by_key(|e| std::cmp::Reverse(e.1));
    for (s, n) in v.iter().take(25) {
        println!("  {n:>6} {s}");
    }
    assert!(articles > 0, "no pages under {}", root.display());
}
