//! `kbmatch serve` over the embedded corpus, on a free loopback port, driven
//! by a tiny std-only HTTP/1.1 client.

use crate::common;

use kbmatch::KnowledgeBase;
use kbmatch::serve::{MAX_URI_BYTES, ServeOptions, Server};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

/// One answer: status, headers (lower-case names), body.
#[derive(Debug)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
    fn json(&self) -> serde_json::Value {
        assert_eq!(self.header("content-type"), Some("application/json"), "{self:?}");
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Send one request on a new connection and read the whole answer.
fn request(addr: SocketAddr, method: &str, target: &str, body: &[u8]) -> std::io::Result<Answer> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    stream.set_write_timeout(Some(Duration::from_secs(30)))?;
    let head = format!(
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    read_answer(&mut stream)
}

fn read_answer(stream: &mut TcpStream) -> std::io::Result<Answer> {
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    parse_answer(&raw).ok_or_else(|| std::io::Error::other(format!("bad answer: {}", String::from_utf8_lossy(&raw))))
}

fn parse_answer(raw: &[u8]) -> Option<Answer> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    if headers.iter().any(|(n, v)| n == "transfer-encoding" && v.contains("chunked")) {
        body = dechunk(&body)?;
    }
    Some(Answer { status, headers, body })
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size = usize::from_str_radix(std::str::from_utf8(&data[..line_end]).ok()?.trim(), 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}

fn get(addr: SocketAddr, target: &str) -> Answer {
    request(addr, "GET", target, b"").unwrap_or_else(|e| panic!("GET {target}: {e}"))
}

const SEED_LINE: &str = "Cannot update the package server [\"Display=\\\\DP02\\\"]MSWNET:[\"SMS_SITE=SYD\"]\\\\DP02\\ for package SYD00045, error = 8~  $$<SMS_DISTRIBUTION_MANAGER><08-03-2011 10:02:10.123-600><thread=4404 (0x1134)>";
const BLOG_ID: &str = "/kbmatch-notes/2011/08/05/package-stuck-install-pending-after-dp-power-cycle/";

/// One server for the whole file, over an index of the embedded corpus.
struct Fixture {
    server: Server,
    kb: Arc<KnowledgeBase>,
    _dir: tempfile::TempDir,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let corpus = common::repo().join("corpus");
        let (kb, _) = KnowledgeBase::build(&[corpus], dir.path().join("index"), &kbmatch::BuildOptions::default())
            .expect("index");
        let kb = Arc::new(kb);
        let options = ServeOptions { header_timeout: Duration::from_secs(1), ..ServeOptions::default() };
        let server = Server::start(kb.clone(), "127.0.0.1:0".parse().expect("addr"), options).expect("start");
        Fixture { server, kb, _dir: dir }
    })
}

#[test]
fn binds_loopback_on_a_free_port() {
    let addr = fixture().server.addr();
    assert!(addr.ip().is_loopback());
    assert_ne!(addr.port(), 0);
}

#[test]
fn match_get_and_post_answer_hits() {
    let f = fixture();
    let addr = f.server.addr();
    let want = f.kb.search(SEED_LINE, &kbmatch::SearchOptions::default().limit(5)).expect("search");

    let answer = get(addr, &format!("/api/match?q={}", common::percent_encode(SEED_LINE)));
    assert_eq!(answer.status, 200);
    let json = answer.json();
    assert_eq!(json["query"], SEED_LINE);
    let ids: Vec<&str> =
        json["results"].as_array().expect("results").iter().map(|h| h["id"].as_str().unwrap_or("")).collect();
    assert_eq!(ids, want.iter().map(|h| h.id.as_str()).collect::<Vec<_>>());
    assert!(ids.contains(&BLOG_ID));
    // Scores keep their short form in JSON: 0.95, not 0.949999988079071.
    assert_eq!(json["results"][0]["confidence"].to_string(), want[0].confidence.to_string());

    let answer = request(addr, "POST", "/api/match?limit=1", b"2328").expect("post");
    assert_eq!(answer.status, 200);
    let json = answer.json();
    assert_eq!(json["query"], "2328");
    let results = json["results"].as_array().expect("results");
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["id"], "Q900001");
    let rows: Vec<(&str, &str)> = results[0]["hotfix_files"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| (r["file"].as_str().unwrap_or(""), r["version"].as_str().unwrap_or("")))
        .collect();
    assert!(rows.contains(&("Distmgr.dll", "2.00.1493.3257")), "{rows:?}");
}

#[test]
fn match_takes_kind_and_product_filters_and_stats_list_the_products() {
    let addr = fixture().server.addr();
    let kinds = |target: &str| -> Vec<String> {
        let answer = get(addr, target);
        assert_eq!(answer.status, 200, "{target}");
        let json = answer.json();
        json["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|h| h["kind"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let q = common::percent_encode(SEED_LINE);
    assert_eq!(kinds(&format!("/api/match?q={q}&kind=doc")), ["doc", "doc", "doc"]);
    assert_eq!(kinds(&format!("/api/match?q={q}&kind=blog&kind=doc&limit=2")), ["blog", "doc"]);
    assert_eq!(kinds(&format!("/api/match?q={q}&product=Microsoft+Systems+Management+Server")), ["kb"; 5]);
    let posted = request(addr, "POST", "/api/match?kind=kb&limit=1", SEED_LINE.as_bytes()).expect("post");
    // No KB article of the sample quotes the line: the first by its words
    // and the line's component, SMS_DISTRIBUTION_MANAGER.
    assert_eq!(posted.json()["results"][0]["id"], "Q900001");
    // Every hit carries its reasons as data.
    let answer = get(addr, "/api/match?q=2328&limit=1");
    assert_eq!(answer.json()["results"][0]["evidence"][0], serde_json::json!({"kind": "message_id", "id": 2328}));

    let unknown = get(addr, &format!("/api/match?q={q}&product=Exchange"));
    assert_eq!(unknown.status, 400);
    assert_eq!(
        unknown.json()["error"],
        "no product of the index is called \"Exchange\"; its products are: Microsoft Systems Management Server"
    );
    let kind = get(addr, &format!("/api/match?q={q}&kind=faq"));
    assert_eq!(
        (kind.status, kind.json()["error"].as_str()),
        (400, Some("unknown kind \"faq\": give kb, blog, doc or ticket"))
    );

    let stats = get(addr, "/api/stats").json();
    assert_eq!(stats["products"], serde_json::json!([{"name": "Microsoft Systems Management Server", "articles": 7}]));
}

#[test]
fn articles_by_id_including_permalinks_with_slashes() {
    let addr = fixture().server.addr();
    let json = get(addr, "/api/article/Q900001").json();
    assert_eq!((json["id"].as_str(), json["kind"].as_str()), (Some("Q900001"), Some("kb")));
    assert_eq!(json["sources"].as_array().map(Vec::len), Some(2));
    for key in [
        "title",
        "products",
        "versions",
        "keywords",
        "modified",
        "sections",
        "steps",
        "steps_section",
        "hotfix_files",
        "signals",
    ] {
        assert!(json.get(key).is_some(), "{key}");
    }
    // The same article by its other spellings.
    assert_eq!(get(addr, "/api/article/q900001").json()["id"], "Q900001");
    // A permalink, percent-encoded whole or with its slashes as written.
    assert_eq!(get(addr, &format!("/api/article/{}", common::percent_encode(BLOG_ID))).json()["id"], BLOG_ID);
    assert_eq!(get(addr, &format!("/api/article{BLOG_ID}")).json()["id"], BLOG_ID);
    // A document path.
    let doc = "runbooks/dp-package-install-pending.md";
    assert_eq!(get(addr, &format!("/api/article/{doc}")).json()["id"], doc);
}

#[test]
fn errors_are_json_with_the_right_status() {
    let addr = fixture().server.addr();
    let check = |answer: Answer, status: u16| {
        assert_eq!(answer.status, status, "{}", answer.text());
        let json = answer.json();
        assert!(json["error"].as_str().is_some_and(|e| !e.is_empty()), "{json}");
    };
    check(get(addr, "/api/match?q="), 400);
    check(get(addr, "/api/match?q=%20%0A%09"), 400);
    check(get(addr, "/api/match"), 400);
    check(request(addr, "POST", "/api/match", b"   \n").expect("post"), 400);
    check(get(addr, "/api/match?q=x&limit=0"), 400);
    check(get(addr, "/api/match?q=x&limit=many"), 400);
    check(get(addr, "/api/article/Q123456"), 404);
    check(get(addr, "/api/nothing-here"), 404);
    check(get(addr, "/etc/passwd"), 404);
    check(request(addr, "DELETE", "/api/match", b"").expect("delete"), 405);
    // A query longer than the matcher reads, in a body the server accepts.
    check(request(addr, "POST", "/api/match", &vec![b'a'; 300 * 1024]).expect("post"), 400);
}

#[test]
fn path_tricks_never_reach_the_file_system() {
    let addr = fixture().server.addr();
    for target in [
        "/api/article/../../../../etc/passwd",
        "/api/article/..%2F..%2F..%2Fetc%2Fpasswd",
        "/api/article/%2E%2E/%2E%2E/Cargo.toml",
        "/api/article/corpus/kb/900/Q900001/README.md",
        "/api/article/..",
    ] {
        let answer = get(addr, target);
        assert_eq!(answer.status, 404, "{target}: {}", answer.text());
        assert!(answer.json()["error"].is_string());
    }
    for target in ["/api/article/Q900001%00", "/api/article/%FF%FE"] {
        let answer = get(addr, target);
        assert_eq!(answer.status, 400, "{target}: {}", answer.text());
        assert!(answer.json()["error"].is_string());
    }
}

#[test]
fn oversized_body_gets_413_json() {
    let addr = fixture().server.addr();
    let body = vec![b'x'; 2 * 1024 * 1024];
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
    let head = format!(
        "POST /api/match HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).expect("head");
    // The server answers before reading the body; write what it takes.
    let mut writer = stream.try_clone().expect("clone");
    let sender = std::thread::spawn(move || {
        let _ = writer.set_write_timeout(Some(Duration::from_secs(10)));
        let _ = writer.write_all(&body);
    });
    let answer = read_answer(&mut stream).expect("answer");
    let _ = sender.join();
    assert_eq!(answer.status, 413, "{}", answer.text());
    assert!(answer.json()["error"].as_str().is_some_and(|e| e.contains("length limit")));
}

#[test]
fn page_and_assets_are_self_contained() {
    let addr = fixture().server.addr();
    let page = get(addr, "/");
    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(page.header("content-security-policy").is_some_and(|c| c.contains("default-src 'none'")));
    let html = page.text();
    assert!(html.contains("<textarea id=\"q\""));
    for (path, kind) in [("/page.css", "text/css"), ("/page.js", "text/javascript")] {
        let asset = get(addr, path);
        assert_eq!(asset.status, 200);
        assert!(asset.header("content-type").is_some_and(|c| c.starts_with(kind)));
        let text = asset.text();
        assert!(!text.contains("http://") && !text.contains("https://") && !text.contains("@import"), "{path}");
    }
    assert!(!html.contains("http://") && !html.contains("https://"));
    let stats = get(addr, "/api/stats").json();
    assert_eq!(stats["articles"], fixture().kb.len());
}

/// `kbmatch` run on the fixture's index: its stdout as JSON.
fn command_json(args: &[&str]) -> serde_json::Value {
    let index = fixture().kb.stats().expect("stats").index;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kbmatch"))
        .args(args)
        .arg("--index")
        .arg(index)
        .output()
        .expect("run kbmatch");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {out:?}"))
}

/// One stats answer: `/api/stats`, `kbmatch stats --json` and the
/// library's `stats()` are the same object, with every field either had.
#[test]
fn api_stats_and_the_command_s_stats_are_the_library_s_one_answer() {
    let served = get(fixture().server.addr(), "/api/stats").json();
    for field in [
        "articles",
        "by_kind",
        "sources",
        "schema_version",
        "extractor_version",
        "index_bytes",
        "skipped",
        "corpus",
        "built_at",
        "generation",
        "products",
    ] {
        assert!(served.get(field).is_some(), "/api/stats lacks {field}: {served}");
    }
    assert_eq!(served["by_kind"], serde_json::json!({"kb": 7, "blog": 1, "doc": 3}));
    // The server names the corpus and index folders by their names only.
    assert_eq!((&served["corpus"], &served["index"]), (&serde_json::json!(["corpus"]), &serde_json::json!("index")));
    let by_name = |mut stats: serde_json::Value| {
        stats["corpus"] = serde_json::json!(["corpus"]);
        stats["index"] = serde_json::json!("index");
        stats
    };
    assert_eq!(served, by_name(serde_json::to_value(fixture().kb.stats().expect("stats")).expect("JSON")));
    assert_eq!(by_name(command_json(&["stats", "--json"])), served);
}

/// One match answer: `/api/match` and `kbmatch match --json` write the same
/// object for the same paste, its decoded code included.
#[test]
fn api_match_and_the_command_s_match_json_are_the_same_answer() {
    let addr = fixture().server.addr();
    for paste in ["0x80041001", "Despooler failed to execute the instruction, error code = 38a", "2328"] {
        let served = get(addr, &format!("/api/match?limit=3&q={}", common::percent_encode(paste))).json();
        assert_eq!(served["query"], paste);
        // The command shows sources as the build was given them; the
        // server, relative to the corpus folder.
        let mut command = command_json(&["match", "--json", "--limit", "3", paste]);
        let corpus = format!("{}/", common::repo().join("corpus").display());
        for hit in command["results"].as_array_mut().expect("results") {
            let relative = hit["source"].as_str().and_then(|s| s.strip_prefix(&corpus)).map(str::to_string);
            hit["source"] = serde_json::json!(relative);
        }
        assert_eq!(command, served, "{paste}");
    }
}

/// A distribution manager log in the embedded corpus's terms: the seed
/// message three times over an hour, for three packages, among routine lines.
fn distmgr_log() -> String {
    let line = |message: &str, time: &str| {
        format!("{message}  $$<SMS_DISTRIBUTION_MANAGER><08-03-2011 {time}.123-600><thread=4404 (0x1134)>\n")
    };
    let failure = |package: &str| {
        format!(
            "Cannot update the package server [\"Display=\\\\DP02\\\"]MSWNET:[\"SMS_SITE=SYD\"]\\\\DP02\\ for package {package}, error = 8~"
        )
    };
    [
        line("Processing package SYD00045", "10:02:09"),
        line(&failure("SYD00045"), "10:02:10"),
        line("Processing package SYD00046", "10:32:09"),
        line(&failure("SYD00046"), "10:32:10"),
        line("Processing package SYD00047", "11:02:09"),
        line(&failure("SYD00047"), "11:02:10"),
    ]
    .concat()
}

/// One scan report: `POST /api/scan` with a log as its body and `kbmatch
/// scan --json` on the same file write the same object (the server's
/// sources relative to its corpus), its timeline included.
#[test]
fn api_scan_and_the_command_s_scan_json_are_the_same_report() {
    let addr = fixture().server.addr();
    let log = distmgr_log();
    let served =
        request(addr, "POST", "/api/scan?name=C%3A%5CSMS%5CLogs%5Cdistmgr.log", log.as_bytes()).expect("post").json();
    // The name is the file's, not the sender's folders.
    assert_eq!(
        served["files"],
        serde_json::json!([{"file": "distmgr.log", "format": "text", "lines": 6, "entries": 6, "damaged": 0}])
    );
    let findings = served["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{served}");
    assert_eq!(findings[0]["template"], "Cannot update the package server <*> for package <*>, error = 8");
    assert_eq!(
        (&findings[0]["count"], &findings[0]["first_time"], &findings[0]["last_time"]),
        (&serde_json::json!(3), &serde_json::json!("2011-08-03T10:02:10"), &serde_json::json!("2011-08-03T11:02:10"))
    );
    assert_eq!(findings[0]["hits"][0]["source"].as_str().map(|s| s.starts_with('/')), Some(false));
    // An hour in 60 buckets of 61 seconds: the three failures in the first,
    // the middle and the last.
    let timeline = &served["timeline"];
    assert_eq!(
        (&timeline["start"], &timeline["end"], &timeline["bucket_seconds"]),
        (&serde_json::json!("2011-08-03T10:02:09"), &serde_json::json!("2011-08-03T11:02:10"), &serde_json::json!(61))
    );
    let problems: Vec<u64> = serde_json::from_value(timeline["problems"].clone()).expect("problems");
    let at: Vec<usize> = problems.iter().enumerate().filter(|&(_, &n)| n > 0).map(|(k, _)| k).collect();
    assert_eq!((problems.len(), at), (60, vec![0, 29, 59]));

    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("distmgr.log"), &log).expect("write the log");
    let index = fixture().kb.stats().expect("stats").index;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kbmatch"))
        .args(["scan", "--json", "distmgr.log", "--index"])
        .arg(index)
        .current_dir(dir.path())
        .output()
        .expect("run kbmatch");
    let mut command: serde_json::Value = serde_json::from_slice(&out.stdout).expect("scan --json");
    let corpus = format!("{}/", common::repo().join("corpus").display());
    for hit in command["findings"]
        .as_array_mut()
        .expect("findings")
        .iter_mut()
        .flat_map(|f| f["hits"].as_array_mut().expect("hits"))
    {
        let relative = hit["source"].as_str().and_then(|s| s.strip_prefix(&corpus)).map(str::to_string);
        hit["source"] = serde_json::json!(relative);
    }
    assert_eq!(command, served);
}

/// What a scan refuses, said in JSON: an empty log, a bad number of hits,
/// a GET.
#[test]
fn api_scan_refusals_are_json() {
    let addr = fixture().server.addr();
    for (answer, status, says) in [
        (request(addr, "POST", "/api/scan", b" \n").expect("post"), 400, "the log is empty"),
        (request(addr, "POST", "/api/scan?hits=0", b"x").expect("post"), 400, "hits 0: give 1 to 10"),
        (get(addr, "/api/scan"), 405, "method not allowed"),
    ] {
        assert_eq!(answer.status, status, "{}", answer.text());
        let error = answer.json()["error"].as_str().expect("error").to_string();
        assert!(error.starts_with(says), "{error}");
    }
}

#[test]
fn concurrent_clients_all_succeed() {
    let f = fixture();
    let addr = f.server.addr();
    const CLIENTS: usize = 8;
    const PER_CLIENT: usize = 50;
    let queries = [
        SEED_LINE,
        "2328",
        "0x80041001",
        "Despooler failed to execute the instruction, error code = 38a",
        "query timed out",
    ];
    let started = Instant::now();
    let workers: Vec<_> = (0..CLIENTS)
        .map(|c| {
            std::thread::spawn(move || {
                let mut failures = Vec::new();
                for i in 0..PER_CLIENT {
                    let q = queries[(c + i) % queries.len()];
                    let answer = match i % 3 {
                        0 => request(addr, "GET", &format!("/api/match?q={}&limit=3", common::percent_encode(q)), b""),
                        1 => request(addr, "POST", "/api/match?limit=3", q.as_bytes()),
                        _ => request(addr, "GET", "/api/article/Q900006", b""),
                    };
                    match answer {
                        Ok(a) if a.status == 200 && a.json().is_object() => {}
                        Ok(a) => failures.push(format!("{}: {}", a.status, a.text())),
                        Err(e) => failures.push(e.to_string()),
                    }
                }
                failures
            })
        })
        .collect();
    let failures: Vec<String> = workers.into_iter().flat_map(|w| w.join().expect("client thread")).collect();
    let seconds = started.elapsed().as_secs_f64();
    let total = CLIENTS * PER_CLIENT;
    eprintln!(
        "{total} requests from {CLIENTS} clients in {seconds:.2} s: {:.0} requests/s, {} failures",
        total as f64 / seconds,
        failures.len()
    );
    assert!(failures.is_empty(), "{failures:?}");
}

#[test]
fn a_stalled_client_does_not_block_others() {
    let addr = fixture().server.addr();
    // Half a request line, then nothing: the server must drop it after the
    // header timeout (1 s here) and keep serving everyone else meanwhile.
    let mut stalled = TcpStream::connect(addr).expect("connect");
    stalled.write_all(b"GET /api/match?q=23").expect("partial");
    let mut idle = TcpStream::connect(addr).expect("connect idle");
    let started = Instant::now();
    for _ in 0..5 {
        assert_eq!(get(addr, "/api/match?q=2328").status, 200);
    }
    assert!(started.elapsed() < Duration::from_secs(20));
    for stream in [&mut stalled, &mut idle] {
        stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
        let mut rest = Vec::new();
        let waited = Instant::now();
        // The server closes the connection (possibly after a 408).
        let _ = stream.read_to_end(&mut rest);
        assert!(waited.elapsed() < Duration::from_secs(9), "connection kept open");
        if !rest.is_empty() {
            assert!(String::from_utf8_lossy(&rest).starts_with("HTTP/1.1 408"), "{}", String::from_utf8_lossy(&rest));
        }
    }
}

#[test]
fn slow_requests_get_503_json_and_the_server_goes_on() {
    let f = fixture();
    // A server whose time limit is zero: anything that has to wait for the
    // matcher runs out of time; the shared index is the same.
    let options = ServeOptions { request_timeout: Duration::ZERO, ..ServeOptions::default() };
    let server = Server::start(f.kb.clone(), "127.0.0.1:0".parse().expect("addr"), options).expect("start");
    let answer = get(server.addr(), "/api/match?q=2328");
    assert_eq!(answer.status, 503, "{}", answer.text());
    assert!(answer.json()["error"].as_str().is_some_and(|e| e.contains("took more than")));
    // Nothing to wait for: answered at once.
    assert_eq!(get(server.addr(), "/api/stats").status, 200);
    server.stop().expect("stop");
    // The other server is unaffected.
    assert_eq!(get(f.server.addr(), "/api/match?q=2328").status, 200);
}

/// An index of the sample corpus plus a folder of extra articles, both in
/// a temporary folder, rebuilt with the `kbmatch index` command.
struct LiveIndex {
    dir: tempfile::TempDir,
}

impl LiveIndex {
    fn new() -> LiveIndex {
        let live = LiveIndex { dir: tempfile::tempdir().expect("temp dir") };
        std::fs::create_dir(live.extra()).expect("extra corpus");
        live.reindex();
        live
    }

    fn extra(&self) -> std::path::PathBuf {
        self.dir.path().join("extra")
    }

    fn index(&self) -> std::path::PathBuf {
        self.dir.path().join("index")
    }

    /// Run `kbmatch index` over both folders.
    fn reindex(&self) {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_kbmatch"))
            .arg("index")
            .arg("--corpus")
            .arg(common::repo().join("corpus"))
            .arg("--corpus")
            .arg(self.extra())
            .arg("--index")
            .arg(self.index())
            .output()
            .expect("run kbmatch index");
        assert!(out.status.success(), "kbmatch index failed: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// The name `CURRENT` holds.
    fn current(&self) -> String {
        std::fs::read_to_string(self.index().join("CURRENT")).expect("CURRENT").trim().to_string()
    }

    /// A runbook no other article resembles.
    fn add_article(&self) {
        std::fs::write(
            self.extra().join("quuxbridge.md"),
            "# Quuxbridge relay refuses fibblewidget tokens\n\n## Symptoms\n\n\
             The relay log shows `quuxbridge: fibblewidget token refused`.\n\n\
             ## Resolution\n\n1. Restart the quuxbridge relay.\n",
        )
        .expect("write article");
    }

    fn serve(&self, follow: Option<Duration>) -> (Server, Arc<KnowledgeBase>) {
        let kb = Arc::new(KnowledgeBase::open(self.index()).expect("open"));
        let options = ServeOptions { follow, ..ServeOptions::default() };
        (Server::start(kb.clone(), "127.0.0.1:0".parse().expect("addr"), options).expect("start"), kb)
    }
}

const NEW_ARTICLE_QUERY: &str = "/api/match?q=quuxbridge%20fibblewidget%20token%20refused&limit=3";

fn answers_new_article(answer: &Answer) -> bool {
    answer.json()["results"].as_array().is_some_and(|hits| hits.iter().any(|h| h["id"] == "quuxbridge.md"))
}

#[test]
fn a_new_generation_is_served_within_seconds_and_no_request_fails() {
    let live = LiveIndex::new();
    let (server, _kb) = live.serve(ServeOptions::default().follow);
    let addr = server.addr();
    let first = live.current();
    assert_eq!(get(addr, "/api/stats").json()["generation"], first.as_str());
    assert!(!answers_new_article(&get(addr, NEW_ARTICLE_QUERY)));

    // Clients ask, in a loop, for the new article and for an old one, while
    // the index is rebuilt under the server.
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let clients: Vec<_> = (0..2)
        .map(|c| {
            let stop = stop.clone();
            std::thread::spawn(move || {
                let (mut sent, mut failures, mut seen_new) = (0usize, Vec::new(), None::<Instant>);
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let target = if (sent + c) % 2 == 0 { NEW_ARTICLE_QUERY } else { "/api/article/Q900001" };
                    sent += 1;
                    match request(addr, "GET", target, b"") {
                        Ok(a) if a.status == 200 => {
                            if target == NEW_ARTICLE_QUERY && seen_new.is_none() && answers_new_article(&a) {
                                seen_new = Some(Instant::now());
                            }
                        }
                        Ok(a) => failures.push(format!("{target}: {} {}", a.status, a.text())),
                        Err(e) => failures.push(format!("{target}: {e}")),
                    }
                }
                (sent, failures, seen_new)
            })
        })
        .collect();

    live.add_article();
    let build_started = Instant::now();
    live.reindex();
    let published = Instant::now();
    let second = live.current();
    assert_ne!(first, second);
    // Answered within 5 s of the build's end (the server looks every second).
    let deadline = published + Duration::from_secs(5);
    while get(addr, "/api/stats").json()["generation"] != second.as_str() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let switched = published.elapsed();
    // Keep the clients going a little past the switch.
    std::thread::sleep(Duration::from_millis(500));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let results: Vec<_> = clients.into_iter().map(|c| c.join().expect("client thread")).collect();
    let sent: usize = results.iter().map(|r| r.0).sum();
    let failures: Vec<&String> = results.iter().flat_map(|r| &r.1).collect();
    let seen_new = results.iter().filter_map(|r| r.2).min();
    eprintln!(
        "build {:.2} s; the server moved to the new generation {:.2} s after it was published, \
         first answered the new article {}; {sent} requests, {} failed",
        (published - build_started).as_secs_f64(),
        switched.as_secs_f64(),
        seen_new
            .map_or("never".into(), |t| format!("{:.2} s after", t.saturating_duration_since(published).as_secs_f64())),
        failures.len()
    );
    assert!(
        switched < Duration::from_secs(5),
        "still on the old generation {:.1} s after the build",
        switched.as_secs_f64()
    );
    assert!(seen_new.is_some_and(|t| t < deadline), "the new article was not answered within 5 s");
    assert!(answers_new_article(&get(addr, NEW_ARTICLE_QUERY)));
    assert!(failures.is_empty(), "{} of {sent} requests failed: {failures:?}", failures.len());
    assert!(sent >= 10, "only {sent} requests were sent");
}

#[test]
fn an_old_generation_is_removed_only_after_the_server_moved_off_it() {
    let live = LiveIndex::new();
    // Not following on its own: the test says when the server moves.
    let (server, kb) = live.serve(None);
    let addr = server.addr();
    let first = live.current();
    live.add_article();
    live.reindex();
    let second = live.current();
    assert_ne!(first, second);
    // The build could not remove the generation the server reads.
    assert!(live.index().join(&first).join("kbmatch.json").is_file(), "{first} removed under the server");
    assert_eq!(get(addr, "/api/stats").json()["generation"], first.as_str());
    assert!(!answers_new_article(&get(addr, NEW_ARTICLE_QUERY)));

    // A request in flight holds the generation it started on, as this does.
    let in_flight = kb.snapshot();
    assert!(kb.reload_if_changed().expect("reload"));
    assert_eq!(get(addr, "/api/stats").json()["generation"], second.as_str());
    assert!(answers_new_article(&get(addr, NEW_ARTICLE_QUERY)));
    live.reindex();
    assert!(live.index().join(&first).join("kbmatch.json").is_file(), "{first} removed under a request");
    assert_eq!(in_flight.generation(), first);
    assert_eq!(in_flight.stats().expect("stats").generation, first);
    assert!(in_flight.article("quuxbridge.md").is_err() && in_flight.article("Q900001").is_ok());
    drop(in_flight);
    // The next build (nothing changed) removes it; the live one stays.
    live.reindex();
    assert_eq!(live.current(), second);
    assert!(!live.index().join(&first).exists(), "{first} left behind after the server moved off it");
    assert!(live.index().join(&second).join("kbmatch.json").is_file());
    assert_eq!(get(addr, "/api/article/quuxbridge.md").status, 200);
}

#[test]
fn a_generation_that_cannot_be_opened_keeps_the_old_one_served() {
    let live = LiveIndex::new();
    let (server, kb) = live.serve(None);
    let first = live.current();
    live.add_article();
    live.reindex();
    let second = live.current();
    std::fs::remove_file(live.index().join(&second).join("kbmatch.json")).expect("damage the new generation");
    let error = kb.reload_if_changed().expect_err("a damaged generation");
    assert!(error.to_string().contains("kbmatch index"), "{error}");
    assert_eq!(get(server.addr(), "/api/stats").json()["generation"], first.as_str());
    assert_eq!(get(server.addr(), "/api/match?q=2328").status, 200);
}

/// A GET of `path` with a query string `bytes` long, on a raw connection.
fn get_long_query(addr: SocketAddr, path: &str, bytes: usize) -> std::io::Result<Answer> {
    request(addr, "GET", &format!("{path}?q={}", "a".repeat(bytes)), b"")
}

#[test]
fn a_query_string_over_the_limit_gets_a_json_414() {
    let addr = fixture().server.addr();
    // The longest target read, then one byte more, and far more: where
    // hyper alone would answer a bare 414 and close the connection.
    let at_limit = MAX_URI_BYTES - "/api/match?q=".len();
    assert_eq!(get_long_query(addr, "/api/match", at_limit).expect("at the limit").status, 200);
    for bytes in [at_limit + 1, 200 * 1024, 2 * 1024 * 1024] {
        let answer =
            get_long_query(addr, "/api/match", bytes).unwrap_or_else(|e| panic!("{bytes} bytes: no answer: {e}"));
        assert_eq!(answer.status, 414, "{bytes} bytes: {}", answer.text());
        let json = answer.json();
        let error = json["error"].as_str().unwrap_or_default();
        assert!(error.contains(&format!("the address is {} bytes", bytes + "/api/match?q=".len())), "{error}");
        assert!(error.contains("POST /api/match"), "{error}");
    }
    // Under the limit, answered as before; the page too.
    assert_eq!(get_long_query(addr, "/api/match", 20 * 1024).expect("20 KiB").status, 200);
    assert_eq!(get_long_query(addr, "/", 20 * 1024).expect("the page").status, 200);
    assert_eq!(get_long_query(addr, "/", 200 * 1024).expect("the page").status, 414);
    // The server goes on.
    assert_eq!(get(addr, "/api/match?q=2328").status, 200);
}

#[test]
fn the_binary_follows_the_index_and_says_why_when_it_cannot() {
    use std::io::BufRead;
    let live = LiveIndex::new();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kbmatch"))
        .args(["serve", "--addr", "127.0.0.1:0", "--index"])
        .arg(live.index())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run kbmatch serve");
    let pipe = child.stderr.take().expect("stderr");
    let _child = common::Running(child);
    let (lines, stderr) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(pipe).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    // Generous: a loaded machine may take a while to start a debug build.
    let next_line = || stderr.recv_timeout(Duration::from_secs(30)).expect("a line on stderr");
    let announced = next_line();
    let addr: SocketAddr = announced
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.trim_end_matches('/').parse().ok())
        .unwrap_or_else(|| panic!("no address in {announced:?}"));
    let first = live.current();

    // A generation that cannot be opened: said once, the old one kept.
    std::fs::create_dir(live.index().join("gen-0-0")).expect("empty generation");
    // Swapped in as a build swaps it (written aside, then renamed): a
    // server polling between truncating and writing `CURRENT` would read
    // it empty and say so first.
    let pointer = live.index().join("CURRENT.next");
    std::fs::write(&pointer, "gen-0-0").expect("the new pointer");
    std::fs::rename(&pointer, live.index().join("CURRENT")).expect("point at it");
    let said = next_line();
    assert!(said.starts_with(&format!("kbmatch: still serving {first}: the new index cannot be opened:")), "{said}");
    assert_eq!(get(addr, "/api/stats").json()["generation"], first.as_str());
    assert_eq!(get(addr, "/api/match?q=2328").status, 200);

    // A build puts things right.
    live.add_article();
    live.reindex();
    let said = next_line();
    let articles = get(addr, "/api/stats").json()["articles"].clone();
    assert!(said.starts_with(&format!("kbmatch: now serving {} ({articles} articles)", live.current())), "{said}");
    assert!(answers_new_article(&get(addr, NEW_ARTICLE_QUERY)));
}

#[test]
fn min_confidence_keeps_only_hits_that_sure_and_says_whether_one_is_likely() {
    let addr = fixture().server.addr();
    let q = common::percent_encode(SEED_LINE);
    let all = get(addr, &format!("/api/match?q={q}&limit=5")).json();
    assert_eq!(all["likely_answer"], true);
    let kept = get(addr, &format!("/api/match?q={q}&limit=5&min_confidence=0.5")).json();
    let sure: Vec<&serde_json::Value> =
        all["results"].as_array().unwrap().iter().filter(|h| h["confidence"].as_f64().unwrap() >= 0.5).collect();
    assert_eq!(kept["results"].as_array().unwrap().iter().collect::<Vec<_>>(), sure);
    // "the" names nothing: no hit is likely, and none is that sure.
    let vague = get(addr, "/api/match?q=the").json();
    assert_eq!(vague["likely_answer"], false);
    assert_eq!(get(addr, "/api/match?q=the&min_confidence=0.5").json()["results"], serde_json::json!([]));
    let bad = get(addr, "/api/match?q=the&min_confidence=2");
    assert_eq!(
        (bad.status, bad.json()["error"].as_str()),
        (400, Some("min_confidence 2: give a confidence from 0 to 1, such as 0.9"))
    );
}

/// Nothing of the serving machine leaks: no answer, the page included,
/// names the folder the corpus lies in or the index's; sources are shown
/// relative to the corpus folder they were indexed from.
#[test]
fn no_answer_shows_where_the_serving_machine_keeps_its_files() {
    let f = fixture();
    let addr = f.server.addr();
    let hits = get(addr, "/api/match?q=2328&limit=3").json();
    assert_eq!(hits["results"][0]["id"], "Q900001");
    assert_eq!(hits["results"][0]["source"], "kb/900/Q900001/README.md");
    let article = get(addr, "/api/article/Q900001").json();
    assert_eq!(article["sources"], serde_json::json!(["kb/900/Q900001/README.md", "txt/900/Q900001.TXT"]));
    assert_eq!(
        get(addr, &format!("/api/article{BLOG_ID}")).json()["sources"],
        serde_json::json!(["blog/2011-08-05-package-stuck-install-pending-after-dp-power-cycle.md"])
    );
    let corpus = common::repo().join("corpus").display().to_string();
    let index = f.kb.stats().expect("stats").index.display().to_string();
    let answers = [
        get(addr, "/api/match?q=2328"),
        get(addr, &format!("/api/match?q={}", common::percent_encode(SEED_LINE))),
        request(addr, "POST", "/api/match", SEED_LINE.as_bytes()).expect("post"),
        get(addr, "/api/article/Q900001"),
        get(addr, "/api/article/runbooks/dp-package-install-pending.md"),
        get(addr, "/api/article/Q123456"),
        get(addr, "/api/stats"),
        get(addr, "/"),
        get(addr, "/page.js"),
        get(addr, "/page.css"),
        // Errors, too, say nothing of the machine.
        get(addr, "/api/match?q=2328&kind=faq"),
        get(addr, "/api/match?q="),
        get(addr, "/nowhere"),
        get(addr, "/api/article/..%2F..%2Fetc%2Fpasswd"),
        request(addr, "DELETE", "/api/match", b"").expect("delete"),
        request(addr, "POST", "/api/match", &vec![b'a'; KnowledgeBase::MAX_QUERY_BYTES + 1]).expect("post"),
    ];
    for answer in answers {
        let body = answer.text();
        assert!(!body.contains(&corpus) && !body.contains(&index), "{body}");
    }
}

/// An unknown id is quoted in the 404 cut to 80 characters; a huge one is
/// not echoed back.
#[test]
fn a_long_unknown_id_is_not_echoed_back_whole() {
    let addr = fixture().server.addr();
    let answer = get(addr, &format!("/api/article/Q{}", "9".repeat(999)));
    assert_eq!(answer.status, 404, "{}", answer.text());
    assert_eq!(
        answer.json()["error"],
        format!("no article Q{}… in the index: check the id (`kbmatch match` lists ids)", "9".repeat(79))
    );
    let huge = get(addr, &format!("/api/article/Q{}", "9".repeat(60 * 1024)));
    assert!(huge.status == 400 || huge.status == 404, "{}", huge.status);
    assert!(huge.body.len() < 200, "{}", huge.text());
}

/// A client that announces a body and stops sending it gets a 408 that
/// says so, not the 503 of a search that ran too long.
#[test]
fn a_body_that_stops_arriving_gets_408() {
    let options = ServeOptions { request_timeout: Duration::from_millis(500), ..ServeOptions::default() };
    let server = Server::start(fixture().kb.clone(), "127.0.0.1:0".parse().expect("addr"), options).expect("start");
    let addr = server.addr();
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    let head = format!(
        "POST /api/match HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).expect("head");
    stream.write_all(b"status message 2328").expect("part of the body");
    let answer = read_answer(&mut stream).expect("answer");
    assert_eq!(answer.status, 408, "{}", answer.text());
    assert_eq!(
        answer.json()["error"],
        "the request body did not arrive within 0.5 s: send it again, whole (check the connection and the \
         Content-Length)"
    );
    // A whole body on the same server is answered.
    let whole = request(addr, "POST", "/api/match", b"2328").expect("post");
    assert_eq!(whole.status, 200, "{}", whole.text());
}

/// A form's POST is read as its fields, like the GET query's.
#[test]
fn a_form_post_is_read_as_its_fields() {
    let addr = fixture().server.addr();
    let form = |body: &str| {
        let mut stream = TcpStream::connect(addr).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
        let head = format!(
            "POST /api/match HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(head.as_bytes()).expect("request");
        read_answer(&mut stream).expect("answer")
    };
    let posted = form("q=2328&limit=1");
    assert_eq!(posted.status, 200, "{}", posted.text());
    let posted = posted.json();
    assert_eq!(posted["query"], "2328");
    assert_eq!(posted, get(addr, "/api/match?q=2328&limit=1").json());
    assert_eq!(posted["results"].as_array().map(Vec::len), Some(1));
    assert_eq!(posted["results"][0]["id"], "Q900001");
    let docs = form("q=package+install+pending&kind=doc").json();
    assert_eq!(docs, get(addr, "/api/match?q=package+install+pending&kind=doc").json());
    assert!(docs["results"].as_array().is_some_and(|r| !r.is_empty() && r.iter().all(|hit| hit["kind"] == "doc")));
    let kind = form("q=2328&kind=faq");
    assert_eq!(
        (kind.status, kind.json()["error"].as_str()),
        (400, Some("unknown kind \"faq\": give kb, blog, doc or ticket"))
    );
    // Percent-encoded and `+` for spaces, as a browser sends them.
    assert_eq!(form("q=status+message%202328").json()["query"], "status message 2328");
    let bad = form("q=2328&min_confidence=2");
    assert_eq!(
        (bad.status, bad.json()["error"].as_str()),
        (400, Some("min_confidence 2: give a confidence from 0 to 1, such as 0.9"))
    );
    // Without a `q` field a form-labelled body is the paste itself.
    let paste = form("limit=3");
    assert_eq!(paste.status, 200, "{}", paste.text());
    assert_eq!(paste.json()["query"], "limit=3");
}

/// The ids of an answer's hits.
fn hit_ids(answer: &serde_json::Value) -> Vec<String> {
    answer["results"].as_array().expect("results").iter().map(|h| h["id"].as_str().expect("id").to_string()).collect()
}

/// `curl --data-binary @error.txt http://HOST/api/match` and Python's
/// `urllib.request.urlopen(url, data)` label the file they post a form
/// (`application/x-www-form-urlencoded`, their default): a body with no `q`
/// field is the paste, answered as the same text in the address is. The
/// requests below are what curl 8 and Python 3 send, header for header.
#[test]
fn a_file_posted_with_curl_or_urllib_defaults_is_the_paste() {
    let f = fixture();
    let addr = f.server.addr();
    let paste = format!("{SEED_LINE}\n");
    let want = hit_ids(&get(addr, &format!("/api/match?q={}", common::percent_encode(&paste))).json());
    assert_eq!(want.len(), 5, "{want:?}");
    let send = |head: String| {
        let mut stream = TcpStream::connect(addr).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
        stream.write_all(head.as_bytes()).expect("request");
        stream.write_all(paste.as_bytes()).expect("body");
        read_answer(&mut stream).expect("answer")
    };
    let curl = send(format!(
        "POST /api/match HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: curl/8.14.1\r\nAccept: */*\r\n\
         Content-Length: {}\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n",
        paste.len()
    ));
    assert_eq!(curl.status, 200, "{}", curl.text());
    let curl = curl.json();
    assert_eq!(curl["query"], paste.as_str());
    assert_eq!(hit_ids(&curl), want);
    let urllib = send(format!(
        "POST /api/match HTTP/1.1\r\nAccept-Encoding: identity\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nHost: {addr}\r\nUser-Agent: Python-urllib/3.13\r\nConnection: close\r\n\r\n",
        paste.len()
    ));
    assert_eq!(urllib.status, 200, "{}", urllib.text());
    assert_eq!(hit_ids(&urllib.json()), want);
}

/// The same with the real clients, as a user runs them.
#[test]
#[ignore = "needs curl and python3: run by .ci/run"]
fn a_file_posted_by_the_real_curl_and_urllib_is_the_paste() {
    let f = fixture();
    let addr = f.server.addr();
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("error.txt");
    std::fs::write(&file, format!("{SEED_LINE}\n")).expect("write");
    let want = hit_ids(&get(addr, &format!("/api/match?q={}", common::percent_encode(SEED_LINE))).json());
    let url = format!("http://{addr}/api/match");
    let curl = std::process::Command::new("curl")
        .args(["-sS", "--fail-with-body", "--data-binary"])
        .arg(format!("@{}", file.display()))
        .arg(&url)
        .output()
        .expect("curl");
    assert!(curl.status.success(), "{}", String::from_utf8_lossy(&curl.stdout));
    let curl: serde_json::Value = serde_json::from_slice(&curl.stdout).expect("JSON");
    assert_eq!(hit_ids(&curl), want);
    let script = "import sys, urllib.request\n\
                  data = open(sys.argv[1], 'rb').read()\n\
                  sys.stdout.write(urllib.request.urlopen(sys.argv[2], data).read().decode())\n";
    let python =
        std::process::Command::new("python3").args(["-c", script]).arg(&file).arg(&url).output().expect("python3");
    assert!(python.status.success(), "{}", String::from_utf8_lossy(&python.stderr));
    let urllib: serde_json::Value = serde_json::from_slice(&python.stdout).expect("JSON");
    assert_eq!(hit_ids(&urllib), want);
}

/// `lines` distinct lines of made-up words: a long paste with nothing in
/// it that an article holds.
fn long_paste(lines: usize, seed: u64) -> String {
    let mut seed = seed;
    let mut word = || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (0..6).map(|i| char::from(b'a' + ((seed >> (8 + 5 * i)) % 26) as u8)).collect::<String>()
    };
    (0..lines).map(|_| (0..9).map(|_| word()).collect::<Vec<_>>().join(" ")).collect::<Vec<_>>().join("\n")
}

/// Long pastes take one long slot at a time here and none may wait: those
/// that find it taken are refused at once with 503 and `Retry-After`,
/// while short questions are answered beside them.
#[test]
fn long_pastes_past_the_queue_get_503_with_retry_after_and_short_ones_go_on() {
    let options = ServeOptions { long_queries: 1, long_queue: 0, ..ServeOptions::default() };
    let server = Server::start(fixture().kb.clone(), "127.0.0.1:0".parse().expect("addr"), options).expect("start");
    let addr = server.addr();
    let pastes: Vec<String> = (0..8).map(|i| long_paste(3000, i)).collect();
    assert!(pastes.iter().all(|p| p.len() > 64 * 1024 && p.len() <= KnowledgeBase::MAX_QUERY_BYTES));
    let answers: Vec<Answer> = std::thread::scope(|scope| {
        let long: Vec<_> = pastes
            .iter()
            .map(|paste| scope.spawn(move || request(addr, "POST", "/api/match", paste.as_bytes()).expect("post")))
            .collect();
        for _ in 0..5 {
            let short = get(addr, "/api/match?q=2328&limit=1");
            assert_eq!((short.status, short.json()["results"][0]["id"].as_str()), (200, Some("Q900001")));
        }
        long.into_iter().map(|t| t.join().expect("client")).collect()
    });
    let refused: Vec<&Answer> = answers.iter().filter(|a| a.status == 503).collect();
    assert!(answers.iter().all(|a| a.status == 200 || a.status == 503), "{:?}", answers);
    assert!(!refused.is_empty() && refused.len() < answers.len(), "{} of 8 refused", refused.len());
    for answer in refused {
        assert_eq!(answer.header("retry-after"), Some("2"));
        let error = answer.json()["error"].as_str().unwrap_or_default().to_string();
        assert!(error.starts_with("the server is matching other long pastes"), "{error}");
    }
    server.stop().expect("stop");
}
