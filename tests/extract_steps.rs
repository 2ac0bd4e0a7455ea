//! Step extraction on real documents: the seeds (always), the hand-checked
//! gold articles of `dev_extract.jsonl` and a corpus-wide run (real corpus
//! only, ignored by default).
use kbmatch::article::{ArticleKind, Section};
use kbmatch::extract::{kb_header, sections, steps};
use std::path::{Path, PathBuf};

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

fn real_corpus() -> PathBuf {
    std::env::var_os("KBMATCH_REAL_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/target/real-corpus")))
}

/// The article text of a Jekyll KB page: the lines between `{% raw %}` and
/// `{% endraw %}`, each without the page's one leading tab.
fn page_body(page: &str) -> String {
    let mut out = Vec::new();
    let mut inside = false;
    for line in page.lines() {
        let t = line.trim();
        if t == "{% raw %}" {
            inside = true;
        } else if t == "{% endraw %}" {
            break;
        } else if inside {
            out.push(line.strip_prefix('\t').unwrap_or(line));
        }
    }
    out.join("\n")
}

fn kb_steps(body: &str) -> (Vec<String>, Option<String>) {
    let secs = sections::split_kb(body);
    steps::extract(&secs, ArticleKind::Kb)
}

fn first_words(s: &str, n: usize) -> String {
    s.split_whitespace().take(n).collect::<Vec<_>>().join(" ")
}

fn seed(prefix: &str) -> String {
    let dir = shared().join("seeds");
    let entry = std::fs::read_dir(&dir)
        .expect("seeds folder beside the repository")
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .expect("seed file");
    std::fs::read_to_string(entry.path()).expect("readable seed")
}

#[test]
fn seed_hotfix_article_has_both_install_procedures() {
    let body = page_body(&seed("001_"));
    let h = kb_header::parse(&body);
    assert_eq!(h.id.as_deref(), Some("Q319207"));
    assert_eq!(h.versions, vec!["2.0"]);
    assert_eq!(h.modified.as_deref(), Some("06-AUG-2002"));
    let secs = sections::split_kb(&body);
    let names: Vec<&str> = secs.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        vec!["INTRODUCTION", "SYMPTOMS", "CAUSE", "RESOLUTION", "WORKAROUND", "STATUS", "MORE INFORMATION"]
    );
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
fn seed_workaround_with_reference_between_steps() {
    let body = page_body(&seed("003_"));
    let (st, from) = kb_steps(&body);
    assert_eq!(st.len(), 4);
    assert_eq!(from.as_deref(), Some("WORKAROUND"));
    assert!(st[3].starts_with("Verify that the secondary sites are completely removed."));
    assert!(st[3].contains(" a. Verify that no SMS or Winmgmt services"));
    assert!(st[3].contains(" f. With User Manager,"));
}

#[test]
fn seeds_without_procedures_have_no_steps() {
    assert_eq!(kb_steps(&page_body(&seed("004_"))), (vec![], None));
    // The saved page has no tab and no raw markers: its text as is.
    let saved = seed("002_");
    assert_eq!(kb_header::parse(&saved).id.as_deref(), Some("Q173073"));
    let secs = sections::split_kb(&saved);
    assert_eq!(secs[0].name, "SYMPTOMS");
    assert!(!secs.last().map(|s| s.text.contains("WARRANTY")).unwrap_or(true));
    assert_eq!(steps::extract(&secs, ArticleKind::Kb), (vec![], None));
}

#[test]
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
    [format!("Q{n:06}"), format!("Q{n}")]
        .iter()
        .map(|q| dir.join(q).join("README.md"))
        .find(|p| p.exists())
}

fn read_kb(root: &Path, id: &str) -> Option<String> {
    let p = kb_page_path(root, id)?;
    let bytes = std::fs::read(p).ok()?;
    Some(page_body(&String::from_utf8_lossy(&bytes)))
}

#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn gold_step_recall_and_precision() {
    let root = real_corpus();
    let gold = std::fs::read_to_string(shared().join("eval/dev_extract.jsonl")).expect("gold file");
    let (mut expected, mut predicted, mut matched) = (0usize, 0usize, 0usize);
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("json line");
        let id = v["id"].as_str().expect("id");
        let want: Vec<String> = v["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .map(|s| first_words(s.as_str().unwrap_or(""), 6))
            .collect();
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
    let root = real_corpus();
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
    let root = real_corpus().join("kb");
    let started = std::time::Instant::now();
    let mut extracting = std::time::Duration::ZERO;
    let (mut articles, mut with_steps, mut total_steps) = (0usize, 0usize, 0usize);
    let mut by_section: std::collections::BTreeMap<String, usize> = Default::default();
    for entry in walkdir::WalkDir::new(&root).into_iter().filter_map(Result::ok) {
        if entry.file_name() != "README.md" {
            continue;
        }
        let Ok(bytes) = std::fs::read(entry.path()) else { continue };
        let body = page_body(&String::from_utf8_lossy(&bytes));
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
