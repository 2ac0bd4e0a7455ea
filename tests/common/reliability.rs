//! Helpers for the reliability tests: run the real `kbmatch` binary with a
//! time limit (and its peak memory where `/usr/bin/time` can tell), and
//! write a small corpus of good articles.
//!
//! The articles below are written for these tests; they only borrow the
//! layouts of the real formats.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The binary under test.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_kbmatch"))
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// Exit code (`None` if killed by a signal).
    pub code: Option<i32>,
    /// Standard output, decoded lossily.
    pub stdout: String,
    /// Standard error, decoded lossily, without the memory line.
    pub stderr: String,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Peak resident memory in KiB, when `/usr/bin/time` measured it.
    pub max_rss_kb: Option<u64>,
}

impl Run {
    /// Fail the test with the whole output if the run panicked.
    pub fn assert_no_panic(&self) {
        assert!(
            !self.stderr.contains("panicked") && !self.stderr.contains("RUST_BACKTRACE"),
            "kbmatch panicked:\n{}",
            self.stderr
        );
    }

    /// Fail the test unless the run exited with `code`.
    pub fn assert_code(&self, code: i32) {
        self.assert_no_panic();
        assert_eq!(
            self.code,
            Some(code),
            "expected exit {code}\n--- stdout\n{}\n--- stderr\n{}",
            truncate(&self.stdout),
            truncate(&self.stderr)
        );
    }
}

fn truncate(s: &str) -> &str {
    let mut end = s.len().min(4000);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// GNU time, if installed: it reports the child's peak memory.
fn gnu_time() -> Option<&'static Path> {
    let p = Path::new("/usr/bin/time");
    p.is_file().then_some(p)
}

const RSS_MARK: &str = "KBMATCH_TEST_MAX_RSS_KB=";

/// A command for the binary, in `cwd`, with the index and corpus
/// environment variables cleared so the caller's shell cannot leak in.
pub fn command<I, S>(cwd: &Path, args: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = Command::new(bin());
    cmd.args(args)
        .current_dir(cwd)
        .env_remove("KBMATCH_INDEX")
        .env_remove("KBMATCH_CORPUS")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Run the binary with `args` in `cwd`, feeding `stdin`, and fail the test
/// if it takes longer than `limit`.
pub fn kbmatch<I, S>(cwd: &Path, args: I, stdin: Option<&[u8]>, limit: Duration) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    run_inner(cwd, args, stdin, limit, false)
}

/// Like [`kbmatch`], and also measure peak memory with `/usr/bin/time` when it
/// is installed.
pub fn kbmatch_measured<I, S>(cwd: &Path, args: I, stdin: Option<&[u8]>, limit: Duration) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    run_inner(cwd, args, stdin, limit, true)
}

fn run_inner<I, S>(cwd: &Path, args: I, stdin: Option<&[u8]>, limit: Duration, measure: bool) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = match (measure, gnu_time()) {
        (true, Some(time)) => {
            let inner = command(cwd, args);
            let mut cmd = Command::new(time);
            cmd.arg("-f").arg(format!("{RSS_MARK}%M")).arg(inner.get_program()).args(inner.get_args());
            cmd.current_dir(cwd)
                .env_remove("KBMATCH_INDEX")
                .env_remove("KBMATCH_CORPUS")
                .env_remove("RUST_BACKTRACE")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            cmd
        }
        _ => command(cwd, args),
    };
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    let started = Instant::now();
    let mut child = cmd.spawn().expect("spawn kbmatch");
    let feeder = stdin.map(|bytes| {
        let mut pipe = child.stdin.take().expect("stdin pipe");
        let bytes = bytes.to_vec();
        // A writer thread, so a child that stops reading early (or writes a
        // lot before reading) cannot deadlock the test.
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        })
    });
    let (code, stdout, stderr) = wait_with_limit(&mut child, limit);
    if let Some(feeder) = feeder {
        let _ = feeder.join();
    }
    let seconds = started.elapsed().as_secs_f64();
    let mut max_rss_kb = None;
    let stderr: String = stderr
        .lines()
        .filter(|line| match line.strip_prefix(RSS_MARK) {
            Some(kb) => {
                max_rss_kb = kb.trim().parse().ok();
                false
            }
            // GNU time's own note when the child exits non-zero.
            None => !line.starts_with("Command exited with non-zero status"),
        })
        .map(|l| format!("{l}\n"))
        .collect();
    Run { code, stdout, stderr, seconds, max_rss_kb }
}

/// Wait for a child, reading its output; kill it and fail the test if it
/// runs longer than `limit`.
pub fn wait_with_limit(child: &mut Child, limit: Duration) -> (Option<i32>, String, String) {
    let mut out = child.stdout.take().expect("stdout pipe");
    let mut err = child.stderr.take().expect("stderr pipe");
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out.read_to_end(&mut buf);
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = err.read_to_end(&mut buf);
        buf
    });
    let deadline = Instant::now() + limit;
    let status = loop {
        match child.try_wait().expect("wait for kbmatch") {
            Some(status) => break status,
            None if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                let err = err_reader.join().unwrap_or_default();
                panic!("kbmatch did not finish within {limit:?}; stderr:\n{}", String::from_utf8_lossy(&err));
            }
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    };
    let stdout = String::from_utf8_lossy(&out_reader.join().unwrap_or_default()).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().unwrap_or_default()).into_owned();
    (status.code(), stdout, stderr)
}

/// Run a closure on another thread and fail if it takes longer than `limit`
/// (the thread is left behind; the test fails anyway).
pub fn within<T: Send + 'static>(limit: Duration, what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(limit).unwrap_or_else(|_| panic!("{what} did not finish within {limit:?}"))
}

/// The ids of the articles [`write_good_corpus`] writes.
pub const GOOD_IDS: [&str; 3] = [
    "Q955001",
    "/reliab-notes/2012/03/04/site-backup-task-fails-after-server-rename/",
    "runbooks/spooler-queue-stuck.md",
];

/// Write three good articles under `root`: a KB archive page, a blog post
/// and a Markdown runbook (our own words, real layouts).
pub fn write_good_corpus(root: &Path) {
    let kb = root.join("kb/955/Q955001");
    std::fs::create_dir_all(&kb).unwrap();
    std::fs::write(kb.join("README.md"), KB_PAGE).unwrap();
    std::fs::create_dir_all(root.join("blog")).unwrap();
    std::fs::write(root.join("blog/2012-03-04-site-backup-task-fails.md"), BLOG_POST).unwrap();
    std::fs::create_dir_all(root.join("runbooks")).unwrap();
    std::fs::write(root.join("runbooks/spooler-queue-stuck.md"), RUNBOOK).unwrap();
}

/// A KB archive page (Jekyll front matter, `{% raw %}` body indented by a tab).
pub const KB_PAGE: &str = "---
layout: page
title: \"Q955001: SMS: Widget Collector Stops With Status Message 4417\"
permalink: /kb/955/Q955001/
---

## Q955001: SMS: Widget Collector Stops With Status Message 4417

{% raw %}

\tArticle: Q955001
\tProduct(s): Microsoft Systems Management Server
\tVersion(s): 2.0
\tOperating System(s): 
\tKeyword(s): kbsms200 kbWidget
\tLast Modified: 14-MAR-2003
\t
\t-------------------------------------------------------------------------------
\tThe information in this article applies to:
\t
\t- Microsoft Systems Management Server version 2.0 
\t-------------------------------------------------------------------------------
\t
\tSYMPTOMS
\t========
\t
\tThe SMS_WIDGET_COLLECTOR component stops shortly after it starts, and the
\tsite status shows status message ID 4417 with the following text:
\t
\t   Widget Collector could not open the widget queue file wdgqueue.dat, error = 0x80070020.
\t
\tCAUSE
\t=====
\t
\tAnother process keeps the queue file open, so the collector cannot lock it.
\t
\tRESOLUTION
\t==========
\t
\tTo resolve this problem, follow these steps:
\t
\t1. Stop the SMS_WIDGET_COLLECTOR component with the SMS Service Manager.
\t
\t2. Delete the wdgqueue.dat file from the SMS\\Inboxes\\Widget.box folder.
\t
\t3. Start the SMS_WIDGET_COLLECTOR component again.
\t
\tThe following files fix the problem for good:
\t
\t   Date        Time    Version         Size      File name     Platform
\t   -------------------------------------------------------------------
\t   03/02/2003  10:12   2.00.1493.4017  118,544   Wdgcoll.dll   Intel
\t
\tAdditional query words: widget collector queue locked
{% endraw %}
";

/// A WordPress blog post exported to Jekyll.
pub const BLOG_POST: &str = "---
id: 7001
title: 'Site backup task fails after the site server was renamed'
date: 2012-03-04T09:15:00+10:00
author: reliability tests
permalink: /reliab-notes/2012/03/04/site-backup-task-fails-after-server-rename/
categories:
  - SCCM
tags:
  - Backup
---
After we renamed a primary site server, the nightly site backup stopped working. The backup log showed this every night:

<strong>Backup task could not reach the snapshot folder on \\\\OLDNAME\\SMSBackup</strong>

The task still pointed at the old server name. We fixed it like this:
<ol>
<li>Open the site maintenance tasks and edit the Backup Site Server task.</li>
<li>Change the destination path to the new server name.</li>
<li>Run the backup once by hand and check smsbkup.log.</li>
</ol>
";

/// A support desk runbook in Markdown.
pub const RUNBOOK: &str = "# Print queue stuck on the branch print server

Runbook for the service desk.

## Symptoms

- Jobs sit in the queue with status `Error - Printing` and never leave it.
- Event ID 372 from source PrintService appears in the System log.

## Resolution

1. Stop the Print Spooler service.
2. Delete the files in `C:\\Windows\\System32\\spool\\PRINTERS`.
3. Start the Print Spooler service and print a test page.
";

/// A deterministic pseudo-random byte generator (xorshift), so the junk
/// the tests feed is the same on every run.
pub fn junk(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.max(1);
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// Parse `stats --json` output.
pub fn stats(cwd: &Path, index: &Path) -> serde_json::Value {
    let run = kbmatch(
        cwd,
        ["stats", "--json", "--index"].iter().map(OsStr::new).chain([index.as_os_str()]),
        None,
        Duration::from_secs(30),
    );
    run.assert_code(0);
    serde_json::from_str(&run.stdout).expect("stats --json is JSON")
}
