//! Query analysis against real material: the seed log line and the
//! project's sample blog post (always), the seeds of `../shared/seeds` and
//! the KB archive with the development queries (ignored unless run by
//! `.ci/run`, which has `../shared` and the unpacked corpus).
//!
//! The archive tests read `KBMATCH_REAL_CORPUS` (a folder holding `kb/`),
//! defaulting to `target/real-corpus`, and the development queries from
//! `../shared/eval/`. They print their figures; run them with
//! `cargo test --release --test query_analysis -- --ignored --nocapture`.

use crate::common;

use common::shared;
use kbmatch::article::Section;
use kbmatch::extract::{messages, signals};
use kbmatch::logs as logline;
use kbmatch::matcher::mask;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn corpus_root() -> PathBuf {
    std::env::var_os("KBMATCH_REAL_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/target/real-corpus")))
}

/// The article text of a KB archive page: between `{% raw %}` and
/// `{% endraw %}`, without the page's tab, with the common entities decoded.
/// (A stand-in for the ingest reader, so this test depends on this branch only.)
fn kb_body(page: &str) -> String {
    let start = page.find("{% raw %}").map_or(0, |p| p + "{% raw %}".len());
    let end = page.rfind("{% endraw %}").filter(|&e| e >= start).unwrap_or(page.len());
    page[start..end]
        .lines()
        .map(|l| l.strip_prefix('\t').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// Every KB page: id -> path.
fn kb_pages(root: &Path) -> HashMap<String, PathBuf> {
    let mut map = HashMap::new();
    for e in walkdir::WalkDir::new(root.join("kb")).into_iter().filter_map(Result::ok) {
        if e.file_name() == "README.md"
            && let Some(id) = e.path().parent().and_then(|p| p.file_name()).and_then(|n| n.to_str())
        {
            map.insert(id.to_string(), e.path().to_path_buf());
        }
    }
    map
}

fn article_messages(path: &Path) -> Vec<String> {
    let page = std::fs::read(path).unwrap_or_default();
    let body = kb_body(&String::from_utf8_lossy(&page));
    messages::extract(&[Section { name: "BODY".into(), text: body }], &[])
}

/// The best similarity between any entry of a paste and any template.
fn best_score(query: &str, templates: &[String]) -> f64 {
    // Each entry of the paste, and the paste as a whole (as the matcher does).
    let mut candidates: Vec<String> = logline::parse(query).into_iter().map(|e| e.message).collect();
    candidates.push(query.split_whitespace().collect::<Vec<_>>().join(" "));
    let mut best = 0.0f64;
    for c in &candidates {
        let q = mask::mask(c);
        for t in templates {
            if let Some(s) = mask::matches_template(t, &q) {
                best = best.max(s);
            }
        }
    }
    best
}

#[test]
fn seed_log_line_takes_apart_and_masks() {
    let line = "Cannot update the package server [\"Display=\\\\DP02\\\"]MSWNET:[\"SMS_SITE=SYD\"]\\\\DP02\\ for package SYD00045, error = 8~  $$<SMS_DISTRIBUTION_MANAGER><08-03-2011 10:02:10.123-600><thread=4404 (0x1134)>";
    let entries = logline::parse(line);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].component.as_deref(), Some("SMS_DISTRIBUTION_MANAGER"));
    let masked = mask::mask(&entries[0].message);
    assert_eq!(masked, "Cannot update the package server <*> for package <*>, error = 8");
    let s = signals::extract(line);
    assert_eq!(s.error_codes, vec!["win32:8"]);
    assert_eq!(s.components, vec!["SMS_DISTRIBUTION_MANAGER"]);
}

/// The `<strong>` texts of a blog post, `&lt;` and `&gt;` decoded.
fn strong_texts(post: &str) -> Vec<String> {
    post.split("<strong>")
        .skip(1)
        .filter_map(|s| s.split("</strong>").next())
        .map(|s| s.replace("&lt;", "<").replace("&gt;", ">"))
        .collect()
}

#[test]
fn sample_blog_post_quotes_the_same_message() {
    // The sample post (it mirrors the seed post) quotes the message in bold,
    // with its placeholders written as HTML entities, and the log line
    // itself in a <pre>.
    let post = std::fs::read_to_string(common::sample(
        "blog/2011-08-05-package-stuck-install-pending-after-dp-power-cycle.md",
    ))
    .expect("the sample blog post");
    let msgs = messages::extract(&[], &strong_texts(&post));
    let quoted = msgs.iter().find(|m| m.starts_with("Cannot update")).expect("the quoted message");
    assert_eq!(quoted, "Cannot update the package server <server NAL path> for package <package ID>, error = 8");
    let template = mask::template_of(quoted);
    assert_eq!(template, "Cannot update the package server <*> for package <*>, error = 8");
    // The log line of the <pre> masks to that template.
    let line = r#"Cannot update the package server ["Display=\\BRSEC01\"]MSWNET:["SMS_SITE=S12"]\\BRSEC01\ for package CEN0042A, error = 8"#;
    assert!(post.contains(&format!("<pre>{line}</pre>")));
    assert_eq!(mask::mask(line), template);
    let s = signals::extract(&post);
    for log in ["distmgr.log", "despool.log", "sender.log"] {
        assert!(s.log_files.contains(&log.to_string()), "{log}: {:?}", s.log_files);
    }
    assert!(s.error_codes.contains(&"win32:8".to_string()), "{:?}", s.error_codes);
}

#[test]
#[ignore = "needs ../shared/seeds beside the repository (or KBMATCH_SHARED): run by .ci/run"]
fn seed_blog_post_quotes_the_same_message() {
    // The seed blog post quotes the message in bold, with its placeholders
    // written as HTML entities.
    let dir = shared().join("seeds");
    let Some(post) = std::fs::read_dir(&dir)
        .expect("the seeds beside the repository")
        .filter_map(Result::ok)
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .find(|t| t.contains("Install Pending"))
    else {
        panic!("the seed blog post");
    };
    let msgs = messages::extract(&[], &strong_texts(&post));
    let template = mask::template_of(msgs.iter().find(|m| m.starts_with("Cannot update")).expect("the quoted message"));
    assert_eq!(template, "Cannot update the package server <*> for package <*>, error = 8");
    let s = signals::extract(&post);
    assert!(s.log_files.contains(&"distmgr.log".to_string()), "{:?}", s.log_files);
    assert!(s.error_codes.contains(&"win32:8".to_string()), "{:?}", s.error_codes);
}

#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn signals_and_messages_over_the_archive() {
    let pages = kb_pages(&corpus_root());
    assert!(pages.len() > 50_000, "KB archive not found under {:?}", corpus_root());
    let bodies: Vec<String> =
        pages.values().map(|p| kb_body(&String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()))).collect();
    let bytes: usize = bodies.iter().map(String::len).sum();

    let t = Instant::now();
    let mut with = [0usize; 6];
    for b in &bodies {
        let s = signals::extract(b);
        with[0] += usize::from(!s.message_ids.is_empty());
        with[1] += usize::from(!s.event_ids.is_empty());
        with[2] += usize::from(!s.error_codes.is_empty());
        with[3] += usize::from(!s.registry_keys.is_empty());
        with[4] += usize::from(!s.log_files.is_empty());
        with[5] += usize::from(!s.file_names.is_empty());
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "signals: {} articles, {:.1} MB in {:.2} s = {:.1} MB/s",
        bodies.len(),
        bytes as f64 / 1e6,
        secs,
        bytes as f64 / 1e6 / secs
    );
    println!(
        "articles with message IDs {}, event IDs {}, error codes {}, registry keys {}, log files {}, file names {}",
        with[0], with[1], with[2], with[3], with[4], with[5]
    );

    let t = Instant::now();
    let (mut with_msg, mut total) = (0usize, 0usize);
    for b in &bodies {
        let m = messages::extract(&[Section { name: "BODY".into(), text: b.clone() }], &[]);
        with_msg += usize::from(!m.is_empty());
        total += m.len();
    }
    println!(
        "messages: {with_msg} of {} articles quote at least one ({total} messages) in {:.2} s",
        bodies.len(),
        t.elapsed().as_secs_f64()
    );
    assert!(with_msg * 3 > bodies.len(), "too few articles with messages: {with_msg}");
}

#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn dev_text_queries_match_a_message_of_their_article() {
    let pages = kb_pages(&corpus_root());
    assert!(pages.len() > 50_000, "KB archive not found under {:?}", corpus_root());
    let queries = std::fs::read_to_string(shared().join("eval/dev_text.jsonl")).expect("dev_text.jsonl");
    let (mut n, mut covered) = (0usize, 0usize);
    let t = Instant::now();
    for line in queries.lines().filter(|l| !l.trim().is_empty()) {
        let q: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let query = q["query"].as_str().unwrap_or("");
        let expect: Vec<&str> =
            q["expect"].as_array().map(|a| a.iter().filter_map(|v| v.as_str()).collect()).unwrap_or_default();
        let mut templates = Vec::new();
        for id in &expect {
            if let Some(p) = pages.get(*id) {
                templates.extend(article_messages(p).iter().map(|m| mask::template_of(m)));
            }
        }
        let best = best_score(query, &templates);
        n += 1;
        if best >= 0.75 {
            covered += 1;
        } else {
            println!("MISS {:?} best {best:.2}: {}", expect, query.replace('\n', " | "));
        }
    }
    let pct = 100.0 * covered as f64 / n.max(1) as f64;
    println!(
        "dev_text: {covered} of {n} queries ({pct:.1}%) match a message of their article at >= 0.75 ({:.2} s)",
        t.elapsed().as_secs_f64()
    );
    assert!(pct >= 85.0, "coverage {pct:.1}%");
}

#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn dev_text_queries_rank_their_article_first_among_a_sample() {
    // Message similarity alone, over the expected articles and a fixed sample
    // of others: how often the expected article's message scores highest.
    let pages = kb_pages(&corpus_root());
    assert!(pages.len() > 50_000, "KB archive not found under {:?}", corpus_root());
    let queries = std::fs::read_to_string(shared().join("eval/dev_text.jsonl")).expect("dev_text.jsonl");
    let parsed: Vec<(String, Vec<String>)> = queries
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let q: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
            let expect = q["expect"]
                .as_array()
                .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
                .unwrap_or_default();
            (q["query"].as_str().unwrap_or("").to_string(), expect)
        })
        .collect();
    let mut ids: Vec<&String> = pages.keys().collect();
    ids.sort();
    let mut pool: Vec<&String> = ids.iter().step_by(40).copied().collect();
    pool.extend(parsed.iter().flat_map(|(_, e)| e.iter()).filter_map(|id| pages.get_key_value(id).map(|(k, _)| k)));
    pool.sort();
    pool.dedup();
    let templates: Vec<(&String, String)> = pool
        .iter()
        .flat_map(|id| article_messages(&pages[*id]).into_iter().map(move |m| (*id, mask::template_of(&m))))
        .collect();
    let t = Instant::now();
    let (mut top1, mut calls) = (0usize, 0usize);
    for (query, expect) in &parsed {
        let mut candidates: Vec<String> = logline::parse(query).into_iter().map(|e| mask::mask(&e.message)).collect();
        candidates.push(mask::mask(query));
        let mut best: Option<(f64, &String)> = None;
        for (id, tpl) in &templates {
            for c in &candidates {
                calls += 1;
                if let Some(s) = mask::matches_template(tpl, c)
                    && best.is_none_or(|(b, _)| s > b)
                {
                    best = Some((s, id));
                }
            }
        }
        if best.is_some_and(|(_, id)| expect.contains(id)) {
            top1 += 1;
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "rank: {top1} of {} queries put their article first among {} articles ({} templates); {calls} comparisons, {:.1} µs each",
        parsed.len(),
        pool.len(),
        templates.len(),
        secs * 1e6 / calls.max(1) as f64
    );
}

#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn dev_ids_queries_find_their_ids_in_their_article() {
    // Every ID a query names should be among its expected article's signals.
    let pages = kb_pages(&corpus_root());
    assert!(pages.len() > 50_000, "KB archive not found under {:?}", corpus_root());
    let queries = std::fs::read_to_string(shared().join("eval/dev_ids.jsonl")).expect("dev_ids.jsonl");
    let (mut n, mut found) = (0usize, 0usize);
    for line in queries.lines().filter(|l| !l.trim().is_empty()) {
        let q: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let query = q["query"].as_str().unwrap_or("");
        let qs = signals::extract(query);
        let expect: Vec<&str> =
            q["expect"].as_array().map(|a| a.iter().filter_map(|v| v.as_str()).collect()).unwrap_or_default();
        let hit = expect.iter().filter_map(|id| pages.get(*id)).any(|p| {
            let body = kb_body(&String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()));
            let s = signals::extract(&body);
            let msg = !qs.message_ids.is_empty() && qs.message_ids.iter().all(|m| s.message_ids.contains(m));
            let ev = !qs.event_ids.is_empty() && qs.event_ids.iter().all(|e| s.event_ids.iter().any(|x| x.id == e.id));
            let err = !qs.error_codes.is_empty() && qs.error_codes.iter().all(|c| s.error_codes.contains(c));
            msg || ev || err
        });
        n += 1;
        if hit {
            found += 1;
        } else {
            println!("MISS {expect:?}: {query} -> {qs:?}");
        }
    }
    println!("dev_ids: {found} of {n} queries' IDs found in their article's signals");
    assert!(found * 100 >= n * 95, "{found} of {n}");
}

#[test]
fn a_hex_value_of_an_address_or_a_register_is_no_error_code() {
    let codes = |paste: &str| kbmatch::matcher::query::analyze(paste).unwrap().signals.error_codes;
    let kvm = "kvm: -device vfio-pci,host=0000:01:00.0,id=hostpci0,bus=pci.0,addr=0x10: vfio 0000:01:00.0: \
               failed to open /dev/vfio/12: No such file or directory";
    assert_eq!(codes(kvm), Vec::<String>::new());
    let go = "panic: runtime error: invalid memory address or nil pointer dereference\n\
              [signal SIGSEGV: segmentation violation addr=0x80070010 pc=0x8007001f]";
    assert_eq!(codes(go), Vec::<String>::new());
    // The same numbers where the paste calls them errors are codes.
    assert_eq!(codes("vfio setup failed with error 0x10"), vec!["0x00000010", "win32:16"]);
    assert_eq!(codes("handler failed: hr=0x80070010"), vec!["0x80070010"]);
}
