//! "This fixed it": `POST /api/feedback` on a server over the sample
//! corpus (403 without the token, 400 for bad input with nothing written,
//! concurrent posts each recorded whole), and the next build reading the
//! feedback file as links.

use crate::common;

use kbmatch::KnowledgeBase;
use kbmatch::serve::{ServeOptions, Server};
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

const TOKEN: &str = "desk-token-1234";

/// Status and body of one POST /api/feedback.
fn post(addr: SocketAddr, token: Option<&str>, body: &str) -> (u16, serde_json::Value) {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
    let head = format!(
        "POST /api/feedback HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\n{auth}Content-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw);
    let status = text.split(' ').nth(1).unwrap().parse().unwrap();
    let body = text.split_once("\r\n\r\n").unwrap().1;
    (status, serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}")))
}

struct Fixture {
    server: Server,
    file: PathBuf,
    _dir: tempfile::TempDir,
}

fn start(token: Option<&str>) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let corpus = common::repo().join("corpus");
    let (kb, _) = KnowledgeBase::build(&[corpus], dir.path().join("index"), &kbmatch::BuildOptions::default()).unwrap();
    let file = dir.path().join("feedback.jsonl");
    let options = ServeOptions {
        feedback: Some(Arc::new(kbmatch::FeedbackLog::open(&file).unwrap())),
        feedback_token: token.map(str::to_string),
        ..ServeOptions::default()
    };
    let server = Server::start(Arc::new(kb), "127.0.0.1:0".parse().unwrap(), options).unwrap();
    Fixture { server, file, _dir: dir }
}

fn lines(file: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(file).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

const GOOD: &str =
    r#"{"paste": "package stuck in install pending on the DP", "article": "Q900001", "ticket": "INC0031204"}"#;

#[test]
fn without_a_token_nothing_is_written() {
    let f = start(None);
    let (status, body) = post(f.server.addr(), Some(TOKEN), GOOD);
    assert_eq!(status, 403);
    assert_eq!(body["error"], "feedback needs a token and the server has none: start it with --feedback-token");
    let f2 = start(Some(TOKEN));
    assert_eq!(post(f2.server.addr(), None, GOOD).0, 403);
    assert_eq!(post(f2.server.addr(), Some("another-token"), GOOD).0, 403);
    assert!(lines(&f.file).is_empty());
    assert!(lines(&f2.file).is_empty());
}

#[test]
fn bad_input_is_a_400_and_nothing_is_written() {
    let f = start(Some(TOKEN));
    let big = format!(r#"{{"paste": "{}", "article": "Q900001"}}"#, "x".repeat(64 * 1024 + 1));
    let cases = [
        ("not json", "the body is not JSON"),
        ("[1, 2]", "the body must be a JSON object {paste, article, ticket?}"),
        (r#"{"paste": 5, "article": "Q900001"}"#, "\"paste\" must be a string"),
        (r#"{"paste": "disk full"}"#, "the body has no \"article\": give it as a string"),
        (r#"{"paste": "disk full", "article": "Q900001", "ticket": 7}"#, "\"ticket\" must be a string"),
        (r#"{"paste": "disk full", "article": "Q123456789"}"#, "no article Q123456789 in the index"),
        (r#"{"paste": "  ", "article": "Q900001"}"#, "the paste is empty"),
        (big.as_str(), "the paste is 65537 bytes, more than 65536"),
    ];
    for (body, says) in cases {
        let (status, answer) = post(f.server.addr(), Some(TOKEN), body);
        assert_eq!(status, 400, "{body:.60}: {answer}");
        assert!(answer["error"].as_str().unwrap().starts_with(says), "{body:.60}: {answer}");
    }
    assert!(lines(&f.file).is_empty());
    let (status, answer) = post(f.server.addr(), Some(TOKEN), GOOD);
    assert_eq!(status, 201, "{answer}");
    assert_eq!(answer["recorded"]["article"], "Q900001");
    assert_eq!(answer["recorded"]["id"], "INC0031204");
    assert_eq!(lines(&f.file).len(), 1);
}

#[test]
fn concurrent_posts_are_each_recorded_whole_and_read_back_as_links() {
    let f = start(Some(TOKEN));
    let addr = f.server.addr();
    let clients: Vec<_> = (0..16)
        .map(|client| {
            std::thread::spawn(move || {
                for i in 0..63 {
                    let body = serde_json::json!({
                        "paste": format!("client {client} post {i}: package stuck in install pending {}", "x".repeat(i * 37)),
                        "article": "Q900001",
                        "ticket": format!("INC{client:02}{i:04}"),
                    });
                    let (status, answer) = post(addr, Some(TOKEN), &body.to_string());
                    assert_eq!(status, 201, "{answer}");
                }
            })
        })
        .collect();
    for client in clients {
        client.join().unwrap();
    }
    let records = lines(&f.file);
    assert_eq!(records.len(), 16 * 63);
    let tickets: BTreeSet<String> = records.iter().map(|r| r["ticket"].as_str().unwrap().to_string()).collect();
    assert_eq!(tickets.len(), 16 * 63);
    assert!(tickets.contains("INC150062"));

    // The next build reads the file as tickets that cite the article.
    let dir = tempfile::tempdir().unwrap();
    let corpus = [common::repo().join("corpus"), f.file.clone()];
    let (kb, _) = KnowledgeBase::build(&corpus, dir.path().join("index"), &kbmatch::BuildOptions::default()).unwrap();
    let article = kb.article("Q900001").unwrap();
    assert_eq!(article.links.len(), 16 * 63);
    assert_eq!(article.links[0].id, "INC000000");
}

#[test]
fn a_torn_last_line_is_skipped_with_a_warning_when_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("feedback.jsonl");
    let whole = r#"{"id":"INC1","ticket":"INC1","article":"Q900001","paste":"package stuck in install pending","recorded_at":1}"#;
    std::fs::write(&file, format!("{whole}\n{{\"id\":\"INC2\",\"arti")).unwrap();
    let corpus = [common::repo().join("corpus"), file.clone()];
    let (kb, report) =
        KnowledgeBase::build(&corpus, dir.path().join("index"), &kbmatch::BuildOptions::default()).unwrap();
    assert_eq!(report.skipped.len(), 1, "{:?}", report.skipped);
    assert_eq!(report.skipped[0].to_string().split(": ").next().unwrap(), format!("{}:2", file.display()));
    let links: Vec<String> = kb.article("Q900001").unwrap().links.into_iter().map(|l| l.id).collect();
    assert_eq!(links, ["INC1"]);
}

/// The status of one POST /api/feedback with the token, or `None` when the
/// server gave no whole answer.
fn try_post(addr: SocketAddr, body: &str) -> Option<u16> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    let head = format!(
        "POST /api/feedback HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nAuthorization: Bearer {TOKEN}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).ok()?;
    stream.write_all(body.as_bytes()).ok()?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).ok()?;
    String::from_utf8_lossy(&raw).split(' ').nth(1)?.parse().ok()
}

/// A free loopback port (bound, then let go for the server).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

#[test]
fn a_server_killed_among_posts_keeps_every_acknowledged_record_whole() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    KnowledgeBase::build(&[common::repo().join("corpus")], &index, &kbmatch::BuildOptions::default()).unwrap();
    let file = dir.path().join("feedback.jsonl");
    let addr: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
    let mut server = common::Running(
        std::process::Command::new(env!("CARGO_BIN_EXE_kbmatch"))
            .args(["serve", "--index", index.to_str().unwrap(), "--addr", &addr.to_string()])
            .args(["--feedback", file.to_str().unwrap(), "--feedback-token", TOKEN])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let started = std::time::Instant::now();
    while TcpStream::connect(addr).is_err() {
        assert!(started.elapsed() < Duration::from_secs(30), "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    let acknowledged = Arc::new(std::sync::Mutex::new(BTreeSet::new()));
    let clients: Vec<_> = (0..16)
        .map(|client| {
            let acknowledged = acknowledged.clone();
            std::thread::spawn(move || {
                for i in 0..63 {
                    let ticket = format!("INC{client:02}{i:04}");
                    let body = serde_json::json!({"paste": format!("package stuck {}", "x".repeat(i * 37)), "article": "Q900001", "ticket": ticket});
                    // A post the killed server never answers ends the client.
                    let Some(status) = try_post(addr, &body.to_string()) else { return };
                    if status == 201 {
                        acknowledged.lock().unwrap().insert(ticket);
                    }
                }
            })
        })
        .collect();
    // Killed in the middle: once a hundred records are acknowledged.
    while acknowledged.lock().unwrap().len() < 100 {
        assert!(started.elapsed() < Duration::from_secs(120), "the posts were not acknowledged");
        std::thread::sleep(Duration::from_millis(5));
    }
    server.0.kill().unwrap(); // SIGKILL
    server.0.wait().unwrap();
    for client in clients {
        client.join().unwrap();
    }
    let text = std::fs::read_to_string(&file).unwrap();
    let mut written = BTreeSet::new();
    for line in text.lines() {
        // A line is one write(2): a killed process never leaves half of one
        // (a crash of the machine may; the reader skips that, see above).
        let record: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("torn ({e}): {line:.80}"));
        assert!(written.insert(record["ticket"].as_str().unwrap().to_string()), "duplicated: {line:.80}");
    }
    let acknowledged = acknowledged.lock().unwrap();
    assert!(!acknowledged.is_empty());
    assert!(acknowledged.is_subset(&written), "{} acknowledged, {} written", acknowledged.len(), written.len());
    // The next build reads every whole record as a link.
    let (kb, _) = KnowledgeBase::build(
        &[common::repo().join("corpus"), file.clone()],
        dir.path().join("index2"),
        &kbmatch::BuildOptions::default(),
    )
    .unwrap();
    assert_eq!(kb.article("Q900001").unwrap().links.len(), written.len());
}
