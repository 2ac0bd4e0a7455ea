//! Tests over the real corpus in ../shared: the whole KB archive, the SMS
//! articles as text files and HTML pages, the blog posts and the seeds,
//! indexed by `.ci/run`. Run with `cargo test --release -- --ignored`.

mod common;

use kbmatch::article::{ArticleKind, HotfixFile};

#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn whole_archive_gives_one_article_per_kb_number_and_permalink() {
    let index = common::real_index();
    let manifest = index.manifest();
    assert_eq!(manifest.articles, 60_375);
    assert_eq!(manifest.by_kind.get("kb"), Some(&60_335));
    assert_eq!(manifest.by_kind.get("blog"), Some(&40));
    // 60,335 pages + 2,819 readable text files + 2,820 HTML pages + 40 posts + 5 seeds.
    assert_eq!(manifest.sources, 60_335 + 2_819 + 2_820 + 40 + 5);
    assert_eq!(manifest.skipped, 1, "the one binary text file is skipped");
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

    let row = |file: &str, version: &str, size: u64, time: &str, platform: &str| HotfixFile {
        file: file.into(),
        version: Some(version.into()),
        size: Some(size),
        date: Some("1-Mar-2001".into()),
        time: Some(time.into()),
        platform: Some(platform.into()),
    };
    assert_eq!(
        article.hotfix_files,
        vec![
            row("Baseutil.dll", "2.00.1493.3253", 811_792, "17:25", "Alpha"),
            row("Distmgr.dll", "2.00.1493.3257", 360_720, "17:45", "Alpha"),
            row("Baseutil.dll", "2.00.1493.3253", 527_296, "17:25", "I386"),
            row("Distmgr.dll", "2.00.1493.3257", 231_312, "17:45", "I386"),
        ]
    );
    // The installer procedure (4 steps) and the manual one (5 steps).
    assert_eq!(article.steps.len(), 9, "{:#?}", article.steps);
    assert!(article.steps[0].starts_with("Copy the hotfix folder structure to a share"));
    assert!(article.steps[8].starts_with("Restart the SMS Site Component Manager"));
    assert_eq!(article.signals.message_ids, vec![2302, 2328, 2339]);
}
