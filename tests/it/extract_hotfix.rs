//! Hotfix table extraction on the project's sample articles (always), on the
//! seeds of `../shared/seeds` and, when the real archive is unpacked, on the
//! hand-checked gold and the whole KB archive (ignored unless run by `.ci/run`).

use crate::common;

use std::path::{Path, PathBuf};
use std::time::Instant;

use kbmatch::article::HotfixFile;
use kbmatch::extract::hotfix::extract;

fn seed(name: &str) -> String {
    std::fs::read_to_string(common::seed(name)).expect("readable seed")
}

/// The body of a sample file as the indexer reads it (any format).
fn sample_body(relative: &str) -> String {
    let path = common::sample(relative);
    kbmatch::ingest::read_file(&path, &common::repo().join("corpus"), &Default::default())
        .unwrap_or_else(|e| panic!("{relative}: {e}"))
        .documents
        .remove(0)
        .body
}

/// `kb/NNN/QNNNNNN/README.md` for an article id (`NNN` is the number
/// without its last three digits, zero-padded: `Q68950` is in `068`).
fn kb_page(root: &Path, id: &str) -> PathBuf {
    let number: u64 = id.trim_start_matches('Q').parse().unwrap_or(0);
    root.join("kb").join(format!("{:03}", number / 1000)).join(id).join("README.md")
}

use common::q319207_rows;

/// Q900001 mirrors Q319207 with the same table (RESOLUTION, two-space
/// indent, sizes with thousands separators).
#[test]
fn sample_q900001_gives_its_four_rows() {
    let page = std::fs::read_to_string(common::sample("kb/900/Q900001/README.md")).expect("sample page");
    assert_eq!(extract(&common::page_body(&page)), q319207_rows());
    // The same, read by the indexer's reader.
    assert_eq!(extract(&sample_body("kb/900/Q900001/README.md")), q319207_rows());
}

/// The text-file copy of Q900001 (CRLF, three-space indent) gives the same rows.
#[test]
fn sample_q900001_text_file_gives_the_same_rows() {
    assert_eq!(extract(&sample_body("txt/900/Q900001.TXT")), q319207_rows());
}

/// The samples that mirror the seeds without a hotfix table (the blog post,
/// Q900002, Q900003, Q900004) give no rows; neither do the runbooks.
#[test]
fn samples_without_a_table_have_no_hotfix_rows() {
    for file in [
        "blog/2011-08-05-package-stuck-install-pending-after-dp-power-cycle.md",
        "saved/Q900002.txt",
        "html/kb/900/Q900003/index.html",
        "kb/900/Q900004/README.md",
        "runbooks/dp-package-install-pending.md",
        "runbooks/inventoryagent-80041001-after-mof-edit.md",
        "runbooks/sms-executive-site-database-errors-679-3304.md",
    ] {
        assert_eq!(extract(&sample_body(file)), Vec::<HotfixFile>::new(), "{file}");
    }
}

#[test]
#[ignore = "needs ../shared/seeds beside the repository (or KBMATCH_SHARED): run by .ci/run"]
fn seed_q319207_gives_its_four_rows() {
    assert_eq!(extract(&common::page_body(&seed("001_"))), q319207_rows());
}

#[test]
#[ignore = "needs ../shared/seeds beside the repository (or KBMATCH_SHARED): run by .ci/run"]
fn other_seeds_have_no_hotfix_rows() {
    for name in ["000_", "002_", "003_", "004_"] {
        let text = seed(name);
        let body = if text.contains("{% raw %}") { common::page_body(&text) } else { text };
        assert_eq!(extract(&body), Vec::<HotfixFile>::new(), "seed {name}");
    }
}

/// Row-level precision, recall and F1 against `dev_extract.jsonl`.
#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn gold_rows_f1() {
    let root = common::real_corpus();
    let gold_path = common::shared().join("eval/dev_extract.jsonl");
    let gold = std::fs::read_to_string(gold_path).expect("gold file");
    let (mut tp, mut n_found, mut n_gold) = (0usize, 0usize, 0usize);
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("gold json");
        let id = v["id"].as_str().expect("id");
        let want: Vec<HotfixFile> = serde_json::from_value(v["hotfix_files"].clone()).expect("gold rows");
        let page = std::fs::read_to_string(kb_page(&root, id)).expect("gold article in corpus");
        // The gold gives the contract's six fields; the folder (an extension,
        // docs/contract-extensions.md) is not in it.
        let got: Vec<HotfixFile> =
            extract(&common::page_body(&page)).into_iter().map(|row| HotfixFile { folder: None, ..row }).collect();
        // Multiset match: a found row counts once per equal gold row.
        let mut left = want.clone();
        let mut hit = 0;
        for g in &got {
            if let Some(p) = left.iter().position(|w| w == g) {
                left.remove(p);
                hit += 1;
            }
        }
        if hit != got.len() || hit != want.len() {
            eprintln!("{id}: found {} rows, gold {}, matching {hit}", got.len(), want.len());
            for g in &got {
                if !want.contains(g) {
                    eprintln!("  extra   {g:?}");
                }
            }
            for w in &left {
                eprintln!("  missing {w:?}");
            }
        }
        tp += hit;
        n_found += got.len();
        n_gold += want.len();
    }
    let p = if n_found == 0 { 1.0 } else { tp as f64 / n_found as f64 };
    let r = if n_gold == 0 { 1.0 } else { tp as f64 / n_gold as f64 };
    let f1 = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
    println!("hotfix gold rows: found {n_found}, gold {n_gold}, matching {tp}; P {p:.4} R {r:.4} F1 {f1:.4}");
    assert!(f1 >= 0.98, "F1 {f1:.4} below 0.98");
}

/// Every KB page of the archive: no panic, how many articles yield rows and
/// how long it takes. With `HOTFIX_DUMP=path` every row is written as JSON
/// lines for review.
#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn whole_archive() {
    let root = common::real_corpus().join("kb");
    let mut bodies = Vec::new();
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let entry = entry.expect("walkable corpus");
        if entry.file_name() == "README.md" {
            let id = entry
                .path()
                .parent()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let bytes = std::fs::read(entry.path()).expect("readable page");
            bodies.push((id, common::page_body(&String::from_utf8_lossy(&bytes))));
        }
    }
    // Baseline: only splitting every body into lines.
    let started = Instant::now();
    let lines: usize = bodies.iter().map(|(_, b)| b.lines().count()).sum();
    let baseline = started.elapsed();
    let started = Instant::now();
    let results: Vec<(usize, Vec<HotfixFile>)> = bodies.iter().enumerate().map(|(i, (_, b))| (i, extract(b))).collect();
    let elapsed = started.elapsed();
    let with_rows = results.iter().filter(|(_, r)| !r.is_empty()).count();
    let rows: usize = results.iter().map(|(_, r)| r.len()).sum();
    println!(
        "hotfix archive: {} articles, {with_rows} with rows, {rows} rows, {:.2?} single-threaded \
         (splitting the {lines} lines alone: {:.2?})",
        bodies.len(),
        elapsed,
        baseline
    );
    if let Ok(path) = std::env::var("HOTFIX_DUMP") {
        let mut out = String::new();
        for (i, r) in &results {
            for row in r {
                let v = serde_json::json!({"id": bodies[*i].0, "row": row});
                out.push_str(&v.to_string());
                out.push('\n');
            }
        }
        std::fs::write(path, out).expect("dump written");
    }
    assert!(bodies.len() > 50_000, "expected the whole archive");
}

/// Print the rows of the articles named in `HOTFIX_IDS` (comma-separated),
/// for looking at one layout at a time.
#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn show_articles() {
    let root = common::real_corpus();
    let ids = std::env::var("HOTFIX_IDS").unwrap_or_default();
    for id in ids.split(',').filter(|s| !s.is_empty()) {
        let Ok(page) = std::fs::read_to_string(kb_page(&root, id)) else {
            println!("{id}: not found");
            continue;
        };
        println!("{id}:");
        for row in extract(&common::page_body(&page)) {
            println!("  {row:?}");
        }
    }
}

/// The original text files of the SMS articles give the same rows as their
/// Jekyll pages (CRLF line ends, other indentation, some Latin-1).
#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn text_files_agree_with_pages() {
    let root = common::real_corpus();
    let (mut same, mut differ, mut rows) = (0, 0, 0);
    for entry in walkdir::WalkDir::new(root.join("txt")).sort_by_file_name() {
        let entry = entry.expect("walkable corpus");
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(id) = name.strip_suffix(".TXT") else { continue };
        let Ok(page) = std::fs::read_to_string(kb_page(&root, id)) else { continue };
        let bytes = std::fs::read(entry.path()).expect("readable text file");
        let from_txt = extract(&String::from_utf8_lossy(&bytes));
        let from_page = extract(&common::page_body(&page));
        rows += from_page.len();
        if from_txt == from_page {
            same += 1;
        } else {
            differ += 1;
            eprintln!("{id}: text file {} rows, page {} rows", from_txt.len(), from_page.len());
        }
    }
    println!("hotfix text files: {same} agree with their pages, {differ} differ ({rows} page rows)");
    assert!(differ * 50 <= same, "too many text files disagree");
}
