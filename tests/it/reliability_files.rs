//! Bad files in a corpus: the build goes on, every good article is indexed,
//! every bad file is named in a `warning:` line with its reason, nothing
//! panics, and time and memory stay bounded.

use crate::common::reliability as reliability_util;

use kbmatch::ingest::{self, SkipReason};
use reliability_util::*;
use std::path::Path;
use std::time::Duration;

/// Size of the oversized file: well above `decode::MAX_FILE_BYTES`.
const HUGE_BYTES: usize = 50 * 1024 * 1024;
/// Levels of HTML nesting in the deep files.
const DEPTH: usize = 20_000;

/// Whether this process can read a file whose permissions forbid it
/// (true for root, which is how the tests often run in containers).
fn permissions_do_not_bind(dir: &Path) -> bool {
    let probe = dir.join("probe");
    std::fs::write(&probe, "x").unwrap();
    set_mode(&probe, 0o000);
    let readable = std::fs::read(&probe).is_ok();
    std::fs::remove_file(&probe).unwrap();
    readable
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// One bad file: its name, and what its warning must say.
struct Bad {
    name: &'static str,
    reason: &'static str,
}

/// The bad files written by [`write_bad_files`] (on Unix).
fn write_bad_files(root: &Path) -> Vec<Bad> {
    let mut bad = Vec::new();

    // Random bytes with a Markdown name.
    std::fs::write(root.join("random.md"), junk(4096, 7)).unwrap();
    bad.push(Bad { name: "random.md", reason: "binary content" });

    // Random bytes without a single NUL, so the control-byte share decides.
    let no_nul: Vec<u8> = junk(4096, 11).into_iter().map(|b| b.max(1)).collect();
    std::fs::write(root.join("random-no-nul.txt"), no_nul).unwrap();
    bad.push(Bad { name: "random-no-nul.txt", reason: "binary content" });

    std::fs::write(root.join("empty.md"), "").unwrap();
    bad.push(Bad { name: "empty.md", reason: "empty file" });

    std::fs::write(root.join("blank.md"), " \r\n\t\n\u{feff}").unwrap();
    bad.push(Bad { name: "blank.md", reason: "empty file" });

    std::fs::write(root.join("nul-bytes.txt"), b"Widget notes\0\0 with NUL bytes in the middle\n").unwrap();
    bad.push(Bad { name: "nul-bytes.txt", reason: "binary content" });

    // Front matter that never closes.
    std::fs::write(
        root.join("open-front-matter.md"),
        "---\ntitle: 'A post whose front matter never ends'\ndate: 2012-01-01\n\nThe body starts here.\n",
    )
    .unwrap();
    bad.push(Bad { name: "open-front-matter.md", reason: "never closes" });

    // 20,000 levels of HTML with no text in them.
    let deep =
        format!("<html><body>{}<img src=\"x.png\">{}</body></html>\n", "<div>".repeat(DEPTH), "</div>".repeat(DEPTH));
    std::fs::write(root.join("deep.html"), deep).unwrap();
    bad.push(Bad { name: "deep.html", reason: "holds no text" });

    // 20,000 unclosed tags around a script that never ends.
    let unclosed = format!("<html><body>{}<script>var article = 'Q955999';\n", "<span>".repeat(DEPTH));
    std::fs::write(root.join("unclosed.html"), unclosed).unwrap();
    bad.push(Bad { name: "unclosed.html", reason: "holds no text" });

    // A Word document that is not a zip, a damaged PDF and an encrypted one.
    std::fs::write(root.join("runbook.docx"), "Widget runbook saved as text under a .docx name\n").unwrap();
    bad.push(Bad { name: "runbook.docx", reason: "not a readable zip archive" });
    std::fs::write(root.join("damaged.pdf"), "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 9 0 R\n").unwrap();
    bad.push(Bad { name: "damaged.pdf", reason: "damaged" });
    std::fs::write(
        root.join("locked.pdf"),
        "%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R /Encrypt 2 0 R>>\n%%EOF\n",
    )
    .unwrap();
    bad.push(Bad { name: "locked.pdf", reason: "encrypted" });
    // A ticket export whose second row's quote never closes: that row is
    // named by its line, the other two tickets are read (counted below).
    std::fs::write(
        root.join("tickets.csv"),
        "number,short_description,description,close_notes\n\
         INC0001,Widget queue stalls,The queue stops at night,Restart the widget service\n\
         INC0002,\"Widget console blank,The console shows nothing,Clear the cache\n\
         INC0003,Widget agent offline,The agent stops reporting,Reinstall the widget agent\n",
    )
    .unwrap();
    bad.push(Bad { name: "tickets.csv", reason: "tickets.csv:3" });

    // 50 MB of text, written in chunks so the test itself stays small.
    {
        use std::io::Write;
        let line = "The widget service wrote another routine line to its log file.\n";
        let mut file = std::io::BufWriter::new(std::fs::File::create(root.join("huge.txt")).unwrap());
        let mut written = 0;
        while written < HUGE_BYTES {
            file.write_all(line.as_bytes()).unwrap();
            written += line.len();
        }
        file.flush().unwrap();
    }
    bad.push(Bad { name: "huge.txt", reason: "file too large" });

    #[cfg(unix)]
    {
        // A symlink loop and a dangling symlink.
        std::os::unix::fs::symlink(".", root.join("loop")).unwrap();
        bad.push(Bad { name: "loop", reason: "symlink loop" });
        std::os::unix::fs::symlink("no-such-target.md", root.join("dangling.md")).unwrap();
        bad.push(Bad { name: "dangling.md", reason: "cannot read" });

        // A named pipe: opening it would block for ever.
        let fifo = root.join("pipe.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            bad.push(Bad { name: "pipe.md", reason: "not a regular file" });
        } else {
            eprintln!("note: mkfifo is not available: the named-pipe case was not tried");
        }

        // A file nobody may read. Root reads it anyway: then it is a good
        // (doc) article, and the test counts it as one.
        let locked = root.join("locked.md");
        std::fs::write(&locked, "# Locked notes\n\nNobody may read this widget note.\n").unwrap();
        set_mode(&locked, 0o000);
        if !permissions_do_not_bind(root) {
            bad.push(Bad { name: "locked.md", reason: "Permission denied" });
        } else {
            eprintln!(
                "note: running as root: chmod 000 does not stop reads; the named pipe, the dangling symlink and the vanishing file stand in for an unreadable file"
            );
        }
    }

    // A folder with a file's name: walked, not read, not a warning.
    std::fs::create_dir_all(root.join("folder.md")).unwrap();
    bad
}

#[test]
fn bad_files_are_skipped_with_a_warning_and_good_ones_indexed() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    write_good_corpus(&corpus);
    // A Latin-1 document (0xE9 = é) is a good article too.
    std::fs::write(
        corpus.join("cafe-latin1.txt"),
        b"Caf\xe9 server notes\r\n\r\nThe caf\xe9 widget server stops at night.\r\n",
    )
    .unwrap();
    // So is a blog post whose body nests 20,000 levels of HTML.
    std::fs::write(
        corpus.join("blog/2012-05-06-deep-post.md"),
        format!(
            "---\ntitle: 'A post with very deep markup'\ndate: 2012-05-06T10:00:00+10:00\npermalink: /reliab-notes/deep/\n---\n{}<strong>Widget error = 5</strong> when the queue is full{}\n",
            "<div>".repeat(DEPTH),
            "</div>".repeat(DEPTH)
        ),
    )
    .unwrap();
    // And a Markdown note with 20,000 levels of block quotes.
    std::fs::write(
        corpus.join("runbooks/deep-quote.md"),
        format!("# Deep quote\n\n{} widget text\n", ">".repeat(DEPTH)),
    )
    .unwrap();
    let bad = write_bad_files(&corpus);
    let locked_is_good = !bad.iter().any(|b| b.name == "locked.md") && cfg!(unix);

    let index = tmp.path().join("index");
    let run = kbmatch_measured(
        tmp.path(),
        ["index", "--corpus", "corpus", "--index", "index"],
        None,
        Duration::from_secs(60),
    );
    run.assert_code(0);
    eprintln!(
        "bad files: {} tried; index run {:.2} s, peak memory {}",
        bad.len(),
        run.seconds,
        run.max_rss_kb
            .map_or("not measured (no /usr/bin/time)".to_string(), |kb| format!("{:.1} MB", kb as f64 / 1024.0))
    );
    for b in &bad {
        let named = run.stderr.lines().filter(|l| l.starts_with("warning:") && l.contains(b.name)).collect::<Vec<_>>();
        assert_eq!(named.len(), 1, "one warning for {}:\n{}", b.name, run.stderr);
        assert!(named[0].contains(b.reason), "warning for {} should say {:?}: {}", b.name, b.reason, named[0]);
    }
    let warnings = run.stderr.lines().filter(|l| l.starts_with("warning:")).count();
    assert_eq!(warnings, bad.len(), "only the bad files are warned about:\n{}", run.stderr);
    // Peak memory: the 50 MB file is refused before it is read.
    if let Some(kb) = run.max_rss_kb {
        assert!(kb < 300 * 1024, "peak memory {kb} KiB");
    }

    let extra = usize::from(locked_is_good);
    let stats = stats(tmp.path(), &index);
    assert_eq!(stats["articles"], 6 + 2 + extra, "{stats}");
    assert_eq!(stats["by_kind"]["ticket"], 2);
    assert_eq!(stats["by_kind"]["kb"], 1);
    assert_eq!(stats["by_kind"]["blog"], 2);
    assert_eq!(stats["by_kind"]["doc"], 3 + extra);
    assert_eq!(stats["skipped"], bad.len());

    // Every good article is there, and the Latin-1 text reads as é.
    for id in GOOD_IDS.iter().chain(&["/reliab-notes/deep/", "runbooks/deep-quote.md"]) {
        let run = kbmatch(tmp.path(), ["show", "--json", "--index", "index", id], None, Duration::from_secs(30));
        run.assert_code(0);
    }
    let run =
        kbmatch(tmp.path(), ["show", "--json", "--index", "index", "cafe-latin1.txt"], None, Duration::from_secs(30));
    run.assert_code(0);
    let article: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(article["title"], "Café server notes");
    assert_eq!(article["sections"][0]["text"], "The café widget server stops at night.");

    // The deep blog post kept its quoted message.
    let run =
        kbmatch(tmp.path(), ["match", "--json", "--index", "index", "Widget error = 5"], None, Duration::from_secs(30));
    run.assert_code(0);
    let hits: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(hits["results"][0]["id"], "/reliab-notes/deep/");
}

/// Only bad files: the build fails with exit 2 and says why, and the
/// previous index is untouched.
#[test]
fn a_corpus_of_only_bad_files_fails_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let good = tmp.path().join("good");
    write_good_corpus(&good);
    let run = kbmatch(tmp.path(), ["index", "--corpus", "good", "--index", "index"], None, Duration::from_secs(30));
    run.assert_code(0);

    let bad = tmp.path().join("bad");
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::write(bad.join("random.md"), junk(2048, 3)).unwrap();
    std::fs::write(bad.join("empty.md"), "").unwrap();
    let run = kbmatch(tmp.path(), ["index", "--corpus", "bad", "--index", "index"], None, Duration::from_secs(30));
    run.assert_code(2);
    assert!(run.stderr.contains("no article could be read from bad"), "{}", run.stderr);
    assert_eq!(stats(tmp.path(), &tmp.path().join("index"))["articles"], 3);

    // A corpus path that does not exist.
    let run = kbmatch(tmp.path(), ["index", "--corpus", "nowhere", "--index", "index"], None, Duration::from_secs(30));
    run.assert_code(2);
    assert!(run.stderr.contains("corpus path nowhere does not exist"), "{}", run.stderr);
}

/// The bad files' warnings are printed even when no good file is left, so
/// "see the warnings above" points at them.
#[test]
fn a_corpus_of_only_bad_files_names_them() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad");
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::write(bad.join("random.md"), junk(2048, 3)).unwrap();
    let run = kbmatch(tmp.path(), ["index", "--corpus", "bad", "--index", "index"], None, Duration::from_secs(30));
    run.assert_code(2);
    assert!(run.stderr.contains("warning: skipped bad/random.md: binary content"), "{}", run.stderr);
}

/// A file that vanishes between the listing and the read is skipped with
/// its reason, and the rest is read.
#[test]
fn a_file_that_vanishes_during_the_walk_is_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().to_path_buf();
    write_good_corpus(&root);
    std::fs::write(root.join("gone.md"), "# Soon gone\n\nThis note is deleted after the listing.\n").unwrap();
    let (files, walk_skips) = ingest::walk::list_files(std::slice::from_ref(&root));
    assert!(walk_skips.is_empty(), "{walk_skips:?}");
    assert_eq!(files.len(), 4);
    std::fs::remove_file(root.join("gone.md")).unwrap();

    assert!(matches!(
        ingest::read_file(&root.join("gone.md"), &root, &Default::default()),
        Err(SkipReason::Unreadable(why)) if why.contains("No such file")
    ));
    let (docs, skipped) = ingest::walk::read_all(&files, &|_| {});
    assert_eq!(docs.len(), 3);
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].path, root.join("gone.md"));
    assert!(skipped[0].reason.to_string().starts_with("cannot read: No such file"), "{}", skipped[0].reason);
}

/// A file replaced by a folder or a named pipe after the listing is
/// refused at once instead of blocking the build.
#[cfg(unix)]
#[test]
fn a_file_replaced_by_a_pipe_after_listing_does_not_block() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().to_path_buf();
    std::fs::write(root.join("swap.md"), "# Swap\n\nReplaced after the listing.\n").unwrap();
    std::fs::write(root.join("dir.md"), "# Dir\n\nReplaced after the listing.\n").unwrap();
    let (files, _) = ingest::walk::list_files(std::slice::from_ref(&root));
    assert_eq!(files.len(), 2);
    std::fs::remove_file(root.join("swap.md")).unwrap();
    std::fs::remove_file(root.join("dir.md")).unwrap();
    std::fs::create_dir(root.join("dir.md")).unwrap();
    let made = std::process::Command::new("mkfifo").arg(root.join("swap.md")).status();
    let (docs, skipped) =
        within(Duration::from_secs(10), "reading a named pipe", move || ingest::walk::read_all(&files, &|_| {}));
    assert!(docs.is_empty());
    let reasons: Vec<String> = skipped.iter().map(|s| s.reason.to_string()).collect();
    assert_eq!(reasons[0], "cannot read: a folder");
    if made.is_ok_and(|s| s.success()) {
        assert_eq!(reasons[1], "cannot read: not a regular file");
    }
}

/// Files just under the size limit are read in bounded time (linear work).
#[test]
fn a_large_text_file_under_the_limit_is_indexed_in_bounded_time() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    // About 2 MB of prose paragraphs with a heading every 200 lines.
    let mut text = String::from("# Widget log notes\n\n");
    for i in 0..20_000 {
        if i % 200 == 0 {
            text.push_str(&format!("\n## Part {i}\n\n"));
        }
        text.push_str(&format!("Line {i} says the widget queue was checked and found healthy.\n"));
    }
    std::fs::write(corpus.join("big-notes.md"), &text).unwrap();
    let run = kbmatch_measured(
        tmp.path(),
        ["index", "--corpus", "corpus", "--index", "index"],
        None,
        Duration::from_secs(60),
    );
    run.assert_code(0);
    eprintln!(
        "{:.1} MB Markdown file indexed in {:.2} s, peak memory {:?} KiB",
        text.len() as f64 / 1e6,
        run.seconds,
        run.max_rss_kb
    );
    assert_eq!(stats(tmp.path(), &tmp.path().join("index"))["articles"], 1);
}
