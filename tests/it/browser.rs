//! The search page in a real browser: headless Chromium loads the served page
//! with a query in its address (as a shared link would), the page's script
//! runs the search, and the rendered DOM must show the best article with its
//! steps and hotfix rows. Screenshots are kept in `target/browser/`.
//!
//! Needs Debian's `chromium` (`apt-get install -y chromium chromium-driver`);
//! set `CHROMIUM` to use another binary.

use crate::common;

use kbmatch::KnowledgeBase;
use kbmatch::serve::{ServeOptions, Server};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

const SEED_LINE: &str = "Cannot update the package server [\"Display=\\\\DP02\\\"]MSWNET:[\"SMS_SITE=SYD\"]\\\\DP02\\ for package SYD00045, error = 8~  $$<SMS_DISTRIBUTION_MANAGER><08-03-2011 10:02:10.123-600><thread=4404 (0x1134)>";

/// Chromium's flags for a headless run on this closed network: without the
/// background-networking ones its connections are refused, many at a time.
const HEADLESS: [&str; 9] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
];

fn chromium() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".into())
}

/// Run headless Chromium on `url` with extra arguments; its stdout.
fn run_chromium(url: &str, extra: &[String]) -> String {
    let profile = tempfile::tempdir().expect("profile dir");
    let mut child = Command::new(chromium())
        .args(HEADLESS)
        .arg("--virtual-time-budget=5000")
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e} (apt-get install -y chromium chromium-driver)", chromium()));
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut out);
        out
    });
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium took more than 90 s on {url}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    reader.join().expect("reader")
}

fn dump_dom(url: &str) -> String {
    run_chromium(url, &["--dump-dom".into()])
}

fn screenshot(url: &str, file: &Path, height: u32) {
    std::fs::create_dir_all(file.parent().expect("parent")).expect("screenshot dir");
    let _ = std::fs::remove_file(file);
    run_chromium(url, &[format!("--screenshot={}", file.display()), format!("--window-size=1280,{height}")]);
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    assert!(size > 10_000, "no screenshot at {} ({size} bytes)", file.display());
}

/// Text as the serialised DOM writes it.
fn html_text(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('\u{a0}', "&nbsp;")
}

fn artifacts() -> PathBuf {
    common::repo().join("target/browser")
}

/// A corpus indexed in a temp folder and served on a free port.
struct Served {
    _dir: tempfile::TempDir,
    kb: Arc<KnowledgeBase>,
    server: Server,
    /// `http://127.0.0.1:PORT/`.
    base: String,
}

fn serve(corpus: PathBuf) -> Served {
    let dir = tempfile::tempdir().expect("temp dir");
    let (kb, _) =
        KnowledgeBase::build(&[corpus], dir.path().join("index"), &kbmatch::BuildOptions::default()).expect("index");
    let kb = Arc::new(kb);
    let server =
        Server::start(kb.clone(), "127.0.0.1:0".parse().expect("addr"), ServeOptions::default()).expect("start");
    let base = format!("http://{}/", server.addr());
    Served { _dir: dir, kb, server, base }
}

/// The best hit's card: from the first hit to the second.
fn best_card(dom: &str) -> &str {
    let start = dom.find("<li class=\"hit best\">").expect("a best hit on the page");
    let rest = &dom[start..];
    let end = rest[1..].find("<li class=\"hit").map_or(rest.len(), |e| e + 1);
    &rest[..end]
}

#[test]
#[ignore = "needs chromium: run by .ci/run"]
fn page_shows_the_fix_for_pasted_log_lines() {
    let Served { _dir, kb, server, base } = serve(common::repo().join("corpus"));

    // 1. The seed log line: the article the matcher puts first, with its steps.
    let want = kb.search(SEED_LINE, &kbmatch::SearchOptions::default().limit(10)).expect("search");
    let best = &want[0];
    assert!(
        [
            "/kbmatch-notes/2011/08/05/package-stuck-install-pending-after-dp-power-cycle/",
            "runbooks/dp-package-install-pending.md",
        ]
        .contains(&best.id.as_str()),
        "the matcher's best hit for the seed line: {}",
        best.id
    );
    let url = format!("{base}?q={}", common::percent_encode(SEED_LINE));
    let dom = dump_dom(&url);
    let card = best_card(&dom);
    assert!(card.contains(&html_text(&best.title)), "best title {}", best.title);
    assert!(card.contains(&format!("<code>{}</code>", html_text(&best.id))));
    assert!(card.contains(">Copy steps</button>"));
    assert!(!card.contains("class=\"fix\" hidden"), "the best hit's fix is open");
    assert!(!best.steps.is_empty());
    for (n, step) in best.steps.iter().enumerate() {
        assert!(card.contains(&format!("<li>{}</li>", html_text(step))), "step {}: {step}", n + 1);
    }
    for row in &best.hotfix_files {
        assert!(card.contains(&format!("<td>{}</td>", html_text(&row.file))), "{row:?}");
    }
    let likely = want.iter().filter(|h| h.confidence >= 0.5).count();
    let weaker = want.len() - likely;
    let status = [
        match likely {
            0 => String::new(),
            1 => "1 likely match".into(),
            n => format!("{n} likely matches, best first"),
        },
        match weaker {
            0 => String::new(),
            1 => "1 weaker match".into(),
            n => format!("{n} weaker matches"),
        },
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join("; ");
    assert!(dom.contains(&format!(">{status}.</p>")), "status line: {status}");
    screenshot(&url, &artifacts().join("page.png"), 900);

    // A question the sample corpus cannot answer: the page says so once,
    // above the closest articles; the status line counts them.
    let france = "what is the capital of France";
    let closest = kb.search(france, &kbmatch::SearchOptions::default().limit(10)).expect("search");
    assert!(closest.iter().all(|h| h.confidence < 0.5), "{closest:?}");
    let dom = dump_dom(&format!("{base}?q={}", common::percent_encode(france)));
    assert!(dom.contains(">No article is likely to answer this. Closest:</h2>"), "no-answer heading");
    assert_eq!(dom.matches("No article is likely to answer this").count(), 1, "said once");
    assert!(dom.contains(&format!(">{} weaker matches.</p>", closest.len())), "no-answer status");
    assert!(best_card(&dom).contains("class=\"fix\" hidden"), "the closest article's steps are not shown as the fix");

    // 2. A status message ID: Q900001 with its hotfix rows.
    let url = format!("{base}?q=2328");
    let dom = dump_dom(&url);
    let card = best_card(&dom);
    assert!(card.contains("<code>Q900001</code>"), "{card}");
    assert!(card.contains("<td>Distmgr.dll</td><td>2.00.1493.3257</td><td class=\"num\">231,312</td>"), "{card}");
    assert!(card.contains("<td>Baseutil.dll</td><td>2.00.1493.3253</td>"));
    screenshot(&url, &artifacts().join("q2328.png"), 900);

    // 3. The whole article, opened from a shared link, with its references.
    let url = format!("{base}?q=2328&id=Q900001");
    let dom = dump_dom(&url);
    assert!(dom.contains("<h2 class=\"article-title\" id=\"article-title\" tabindex=\"-1\">SMS: Distribution Manager Retries Create Many Package Jobs</h2>"));
    assert!(dom.contains("<h3>MORE INFORMATION</h3>"));
    assert!(dom.contains(">Q319207</a>"), "referenced articles are links");
    screenshot(&url, &artifacts().join("article.png"), 1400);

    // 4. The product filter offers the index's products; a link with one
    // shows only that product's articles (the seed line's first KB article:
    // none quotes the line, so the one that shares its words and its
    // component, SMS_DISTRIBUTION_MANAGER).
    let url =
        format!("{base}?q={}&product=Microsoft%20Systems%20Management%20Server", common::percent_encode(SEED_LINE));
    let dom = dump_dom(&url);
    assert!(
        dom.contains(
            "<option value=\"Microsoft Systems Management Server\">Microsoft Systems Management Server (7)</option>"
        ),
        "the product filter's options"
    );
    assert!(best_card(&dom).contains("<code>Q900001</code>"), "{}", best_card(&dom));

    server.stop().expect("stop");
}

/// An article that gives several ways to fix its problem shows each as its
/// own block, "Method 1" to "Method 3", each with its own "Copy steps"; a
/// step's lettered sub-steps are a list inside it and its commands a code
/// block (issue #26).
#[test]
#[ignore = "needs chromium: run by .ci/run"]
fn page_shows_each_procedure_with_its_substeps_and_code() {
    let Served { _dir, kb, server, base } = serve(common::repo().join("corpus"));

    // Q900001: the workaround, then the installer, then the manual way.
    let article = kb.article("Q900001").expect("Q900001");
    assert_eq!(article.procedures.iter().map(|p| p.steps.len()).collect::<Vec<_>>(), [4, 4, 5]);
    let dom = dump_dom(&format!("{base}?id=Q900001"));
    assert_eq!(dom.matches("<div class=\"steps-block procedure\">").count(), 3);
    assert_eq!(dom.matches(">Copy steps</button>").count(), 3);
    for (n, procedure) in article.procedures.iter().enumerate() {
        let head =
            format!("<h3>Method {}<span class=\"from\"> from {}</span></h3>", n + 1, html_text(&procedure.section));
        assert!(dom.contains(&head), "{head}");
        let title = procedure.title.as_deref().expect("each is introduced");
        assert!(dom.contains(&format!("<p class=\"procedure-title\">{}</p>", html_text(title))), "{title}");
        for step in &procedure.steps {
            assert!(dom.contains(&format!("<li>{}</li>", html_text(&step.text))), "{}", step.text);
        }
    }
    screenshot(&format!("{base}?id=Q900001"), &artifacts().join("procedures.png"), 1600);

    // Q900003: one procedure whose steps have lettered sub-steps and commands.
    let article = kb.article("Q900003").expect("Q900003");
    let dom = dump_dom(&format!("{base}?id=Q900003"));
    assert_eq!(dom.matches(">Copy steps</button>").count(), 1);
    assert!(dom.contains("<h3>Steps<span class=\"from\"> from WORKAROUND</span></h3>"));
    let with_subs = article.procedures[0].steps.iter().filter(|s| !s.substeps.is_empty()).count();
    let with_code = article.procedures[0].steps.iter().filter(|s| !s.code.is_empty()).count();
    assert_eq!(dom.matches("<ol class=\"substeps\" type=\"a\">").count(), with_subs);
    assert_eq!(dom.matches("<pre class=\"step-code\"><code>").count(), with_code);
    for step in &article.procedures[0].steps {
        for sub in &step.substeps {
            assert!(dom.contains(&format!("<li>{}</li>", html_text(sub))), "{sub}");
        }
        if !step.code.is_empty() {
            let block = format!("<pre class=\"step-code\"><code>{}</code></pre>", html_text(&step.code.join("\n")));
            assert!(dom.contains(&block), "{block}");
        }
    }
    server.stop().expect("stop");
}

/// The seeds the procedures were asked for: Q319207's two ways to install
/// its hotfix as two blocks of 4 and 5 steps, and Q287717's step 4 with its
/// sub-steps a-f and its registry keys as code.
#[test]
#[ignore = "needs chromium and ../shared/seeds: run by .ci/run"]
fn page_shows_the_seeds_procedures() {
    let Served { _dir, server, base, .. } = serve(common::shared().join("seeds"));

    let dom = dump_dom(&format!("{base}?id=Q319207"));
    assert_eq!(dom.matches(">Copy steps</button>").count(), 2);
    let blocks: Vec<&str> = dom.split("<div class=\"steps-block procedure\">").skip(1).collect();
    assert_eq!(blocks.len(), 2);
    let top_steps = |block: &str| {
        let list = &block[block.find("<ol class=\"steps\">").expect("a list")..];
        list[..list.find("</ol>").expect("its end")].matches("<li>").count()
    };
    assert_eq!((top_steps(blocks[0]), top_steps(blocks[1])), (4, 5));
    assert!(blocks[0].starts_with("<div class=\"block-head\"><h3>Method 1"));
    assert!(blocks[1].starts_with("<div class=\"block-head\"><h3>Method 2"));

    let dom = dump_dom(&format!("{base}?id=Q287717"));
    let subs = &dom[dom.find("<ol class=\"substeps\" type=\"a\">").expect("step 4's sub-steps")..];
    assert_eq!(subs[..subs.find("</ol>").expect("their end")].matches("<li>").count(), 6, "sub-steps a-f");
    let code = &dom[dom.find("<pre class=\"step-code\"><code>").expect("step 4's code")..];
    let code = &code[..code.find("</code>").expect("its end")];
    assert!(
        code.contains("HKEY_LOCAL_MACHINE/Software/Microsoft/SMS\nHKEY_LOCAL_MACHINE/Software/Microsoft/NAL"),
        "{code}"
    );
    server.stop().expect("stop");
}

/// A minimal WebDriver client (JSON over HTTP/1.1 on loopback).
struct WebDriver {
    addr: std::net::SocketAddr,
    session: String,
    process: std::process::Child,
    _profile: tempfile::TempDir,
}

impl WebDriver {
    /// A chromedriver with a browser session. Starting one can fail by bad
    /// luck (the port noted free is taken again before chromedriver binds
    /// it; the browser is slow to come up on a loaded machine): tried three
    /// times, each with a new port, before the test fails.
    fn start() -> WebDriver {
        for _ in 0..2 {
            if let Ok(driver) = std::panic::catch_unwind(WebDriver::start_once) {
                return driver;
            }
            eprintln!("chromedriver did not give a session; trying again on another port");
        }
        WebDriver::start_once()
    }

    fn start_once() -> WebDriver {
        // A free port for chromedriver: bind port 0, note it, let it go.
        let port = std::net::TcpListener::bind("127.0.0.1:0").expect("free port").local_addr().expect("addr").port();
        let driver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let process = Command::new(&driver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {driver}: {e} (apt-get install -y chromium-driver)"));
        let addr: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().expect("addr");
        let profile = tempfile::tempdir().expect("profile dir");
        let profile_path = profile.path().to_path_buf();
        let mut driver = WebDriver { addr, session: String::new(), process, _profile: profile };
        let started = Instant::now();
        while std::net::TcpStream::connect(addr).is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let mut args: Vec<String> = HEADLESS.iter().map(|flag| flag.to_string()).collect();
        args.push("--window-size=1280,900".into());
        args.push(format!("--user-data-dir={}", profile_path.display()));
        let mut options = serde_json::json!({ "args": args });
        if let Ok(binary) = std::env::var("CHROMIUM") {
            options["binary"] = binary.into();
        }
        let caps = serde_json::json!({ "capabilities": { "alwaysMatch": { "goog:chromeOptions": options } } });
        let answer = driver.call("POST", "/session", Some(caps));
        driver.session = answer["value"]["sessionId"].as_str().expect("session id").to_string();
        driver
    }

    /// One WebDriver command; its JSON answer.
    fn call(&self, method: &str, path: &str, body: Option<serde_json::Value>) -> serde_json::Value {
        use std::io::{Read, Write};
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let mut stream = std::net::TcpStream::connect(self.addr).expect("connect chromedriver");
        stream.set_read_timeout(Some(Duration::from_secs(60))).expect("timeout");
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            self.addr,
            body.len()
        );
        stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body.as_bytes())).expect("send");
        // chromedriver may keep the connection open: read by Content-Length.
        let mut raw = Vec::new();
        let mut chunk = [0u8; 16 * 1024];
        let body_start = loop {
            if let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                break end + 4;
            }
            let n = stream.read(&mut chunk).expect("read");
            assert!(n > 0, "{method} {path}: connection closed early");
            raw.extend_from_slice(&chunk[..n]);
        };
        let head = String::from_utf8_lossy(&raw[..body_start]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse().ok())
            .expect("content-length");
        while raw.len() < body_start + length {
            let n = stream.read(&mut chunk).expect("read");
            assert!(n > 0, "{method} {path}: connection closed early");
            raw.extend_from_slice(&chunk[..n]);
        }
        let body = &raw[body_start..body_start + length];
        serde_json::from_slice(body)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}: {}", String::from_utf8_lossy(body)))
    }

    fn session_call(&self, method: &str, path: &str, body: serde_json::Value) -> serde_json::Value {
        let answer = self.call(method, &format!("/session/{}{path}", self.session), Some(body));
        assert!(answer["value"].get("error").is_none(), "{method} {path}: {answer}");
        answer["value"].clone()
    }

    fn script(&self, script: &str) -> serde_json::Value {
        self.script_with(script, serde_json::json!([]))
    }

    /// A script given `arguments`.
    fn script_with(&self, script: &str, args: serde_json::Value) -> serde_json::Value {
        self.session_call("POST", "/execute/sync", serde_json::json!({ "script": script, "args": args }))
    }

    /// The page as a PNG file.
    fn screenshot(&self, file: &Path) {
        std::fs::create_dir_all(file.parent().expect("parent")).expect("screenshot dir");
        let shot = self.call("GET", &format!("/session/{}/screenshot", self.session), None);
        let png = decode_base64(shot["value"].as_str().expect("a screenshot"));
        assert!(png.len() > 10_000, "a screenshot of {} bytes", png.len());
        std::fs::write(file, png).expect("write the screenshot");
    }

    fn element(&self, css: &str) -> String {
        let found = self.session_call("POST", "/element", serde_json::json!({ "using": "css selector", "value": css }));
        found.as_object().and_then(|o| o.values().next()).and_then(|v| v.as_str()).expect("element id").to_string()
    }

    /// Wait until the script returns something other than null.
    fn wait_for(&self, script: &str) -> serde_json::Value {
        let started = Instant::now();
        loop {
            let value = self.script(script);
            if !value.is_null() {
                return value;
            }
            assert!(started.elapsed() < Duration::from_secs(30), "timed out waiting for: {script}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for WebDriver {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                self.call("DELETE", &format!("/session/{}", self.session), None)
            }));
        }
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// A person pastes the seed line, presses Enter, opens the best article and
/// comes back with Escape — by keyboard, through chromedriver.
#[test]
#[ignore = "needs chromium: run by .ci/run"]
fn paste_enter_open_and_back_by_keyboard() {
    let Served { _dir, kb, server, base } = serve(common::repo().join("corpus"));
    let best = kb.search(SEED_LINE, &kbmatch::SearchOptions::default().limit(10)).expect("search").remove(0);

    let driver = WebDriver::start();
    driver.session_call("POST", "/url", serde_json::json!({ "url": base }));
    // The paste box has the focus on arrival.
    assert_eq!(driver.script("return document.activeElement.id"), "q");
    let q = driver.element("#q");
    // Shift+Enter is a new line, Enter submits (\u{E008} = Shift, \u{E007} = Enter).
    let typed = format!("first line\u{E008}\u{E007}\u{E008}{SEED_LINE}");
    driver.session_call("POST", &format!("/element/{q}/value"), serde_json::json!({ "text": typed }));
    assert_eq!(driver.script("return document.querySelector('.hit') === null"), true, "nothing searched yet");
    assert_eq!(driver.script("return document.getElementById('q').value.split('\\n').length"), 2);
    driver.session_call("POST", "/actions", serde_json::json!({ "actions": [
        { "type": "key", "id": "keyboard", "actions": [ { "type": "keyDown", "value": "\u{E007}" }, { "type": "keyUp", "value": "\u{E007}" } ] }
    ]}));
    let title =
        driver.wait_for("const t = document.querySelector('.hit.best .hit-title'); return t ? t.textContent : null");
    assert_eq!(title, best.title.as_str());
    let steps = driver.script("return [...document.querySelectorAll('.hit.best .steps li')].map(li => li.textContent)");
    assert_eq!(steps, serde_json::json!(best.steps));
    // The query is in the address, so the link can be shared.
    let search = driver.script("return new URLSearchParams(location.search).get('q')");
    assert_eq!(search, format!("first line\n{SEED_LINE}").as_str());

    // Open the whole article with the keyboard: focus its link, press Enter.
    driver.script("document.querySelector('.hit.best .button-link').focus(); return null");
    driver.session_call("POST", "/actions", serde_json::json!({ "actions": [
        { "type": "key", "id": "keyboard", "actions": [ { "type": "keyDown", "value": "\u{E007}" }, { "type": "keyUp", "value": "\u{E007}" } ] }
    ]}));
    let heading = driver.wait_for("const h = document.getElementById('article-title'); return h && document.activeElement === h ? h.textContent : null");
    assert_eq!(heading, best.title.as_str());
    assert_eq!(driver.script("return new URLSearchParams(location.search).get('id')"), best.id.as_str());
    // Escape goes back to the results.
    driver.session_call("POST", "/actions", serde_json::json!({ "actions": [
        { "type": "key", "id": "keyboard", "actions": [ { "type": "keyDown", "value": "\u{E00C}" }, { "type": "keyUp", "value": "\u{E00C}" } ] }
    ]}));
    driver.wait_for(
        "return document.getElementById('article').hidden && !document.getElementById('results').hidden ? true : null",
    );
    drop(driver);
    server.stop().expect("stop");
}

/// An index of one article is "1 article" in the page's heading.
#[test]
#[ignore = "needs chromium: run by .ci/run"]
fn one_article_is_counted_as_one_article() {
    let Served { _dir, server: _server, base, .. } = serve(common::repo().join("corpus/saved/Q900002.txt"));
    let dom = dump_dom(&base);
    assert!(dom.contains("· 1 article, indexed "), "{dom}");
    assert!(!dom.contains("1 articles"), "{dom}");
}

/// Standard base64 (WebDriver's screenshots), padding and all.
fn decode_base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    for quad in text.trim_end_matches('=').as_bytes().chunks(4) {
        let mut bits = 0u32;
        for (k, &c) in quad.iter().enumerate() {
            bits |= u32::from(value(c)) << (18 - 6 * k);
        }
        out.extend_from_slice(&bits.to_be_bytes()[1..quad.len()]);
    }
    out
}

/// A person drops a real DISM log on the page: the report says first what
/// failed, in the library's order, and draws the log's timeline, its
/// failures at the end; each message's article opens in a tab of its own.
#[test]
#[ignore = "needs chromium and ../shared/logs: run by .ci/run"]
fn a_dropped_log_is_reported_with_its_timeline() {
    let log = common::shared().join("logs/findingsanity__dism.log");
    let bytes =
        std::fs::read(&log).unwrap_or_else(|e| panic!("{}: {e}: put ../shared beside the repository", log.display()));
    let Served { _dir, kb, server, base } = serve(common::repo().join("corpus"));
    let mut options = kbmatch::ScanOptions::default();
    options.name = "findingsanity__dism.log".into();
    let report = kb.scan_bytes(bytes.clone(), &options).expect("scan");
    let timeline = report.timeline.clone().expect("the DISM log writes times");
    assert_eq!((timeline.start.as_str(), timeline.end.as_str()), ("2019-04-17T10:07:38", "2019-04-17T10:07:47"));

    let driver = WebDriver::start();
    driver.session_call("POST", "/url", serde_json::json!({ "url": base }));
    driver.wait_for("return document.getElementById('kb-size').textContent || null");
    // The file dragged onto the page and dropped, as a browser hands it over.
    driver.script_with(
        "const dt = new DataTransfer();
         dt.items.add(new File([new Uint8Array(arguments[0])], arguments[1], { type: 'text/plain' }));
         for (const type of ['dragenter', 'dragover', 'drop']) {
           document.body.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
         }
         return null;",
        serde_json::json!([bytes, "findingsanity__dism.log"]),
    );
    driver.wait_for("return document.querySelector('#scan .scan-item') ? true : null");
    assert_eq!(
        driver.script("return document.getElementById('scan-title').textContent"),
        "Log report: findingsanity__dism.log"
    );
    assert_eq!(driver.script("return document.getElementById('drop-veil').hidden"), true);

    // The messages in the report's order, noise last, each with its role.
    let mut want: Vec<(u64, String, String)> = report
        .findings
        .iter()
        .map(|f| &f.message)
        .chain(report.unmatched.iter().map(|u| &u.0))
        .map(|m| {
            (
                m.rank,
                m.template.clone(),
                serde_json::to_value(m.role).expect("role").as_str().expect("role").to_string(),
            )
        })
        .collect();
    want.sort();
    let want: Vec<serde_json::Value> = want
        .into_iter()
        .map(|(_, template, role)| serde_json::json!([template, format!("scan-item role-{role}")]))
        .collect();
    let shown = driver.script(
        "return [...document.querySelectorAll('#scan .scan-item')].map(li => [li.querySelector('.template').textContent, li.className])",
    );
    assert_eq!(shown, serde_json::Value::Array(want));
    let first = driver.script("return document.querySelector('#scan .scan-item .where').textContent");
    assert!(first.as_str().is_some_and(|t| t.starts_with("Failed ")), "{first}");

    // One bar group a bucket, the failures marked where the log has them.
    let buckets = driver.script("return document.querySelectorAll('.timeline svg g.bucket').length");
    assert_eq!(buckets, timeline.entries.len());
    let marked = driver.script(
        "return [...document.querySelectorAll('.timeline svg g.bucket')].map(g => g.querySelector('.bar-failures') !== null)",
    );
    assert_eq!(marked, serde_json::json!(timeline.failures.iter().map(|&n| n > 0).collect::<Vec<_>>()));
    assert_eq!(
        driver.script("return document.querySelector('.timeline-note').firstChild.textContent"),
        "The failures start at 10:07:47."
    );
    driver.screenshot(&artifacts().join("scan.png"));
    drop(driver);
    server.stop().expect("stop");
}

/// "This fixed it": a person asks, presses the button on the article that
/// fixed it, gives the desk's token and a ticket number; the page says it
/// was recorded, the feedback file holds the record, and the next build
/// of the corpus with that file names the ticket in the article's `why`,
/// on the page too.
#[test]
#[ignore = "needs chromium: run by .ci/run"]
fn this_fixed_it_is_recorded_and_the_next_build_names_the_ticket() {
    const TOKEN: &str = "desk-token-1234";
    const PASTE: &str = "Distribution Manager retries the package and creates many package jobs";
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = common::repo().join("corpus");
    let (kb, _) =
        KnowledgeBase::build(&[&corpus], dir.path().join("index"), &kbmatch::BuildOptions::default()).expect("index");
    let best = kb.search(PASTE, &kbmatch::SearchOptions::default().limit(10)).expect("search").remove(0);
    assert_eq!(best.id, "Q900001");
    assert!(!best.why.iter().any(|w| w.starts_with("asked like this")), "{:?}", best.why);
    let file = dir.path().join("feedback.jsonl");
    let options = ServeOptions {
        feedback: Some(Arc::new(kbmatch::FeedbackLog::open(&file).expect("feedback file"))),
        feedback_token: Some(TOKEN.into()),
        ..ServeOptions::default()
    };
    let server = Server::start(Arc::new(kb), "127.0.0.1:0".parse().expect("addr"), options).expect("start");
    let base = format!("http://{}/", server.addr());

    let driver = WebDriver::start();
    driver.session_call(
        "POST",
        "/url",
        serde_json::json!({ "url": format!("{base}?q={}", common::percent_encode(PASTE)) }),
    );
    driver.wait_for("return document.querySelector('.hit.best .fixed-it') ? true : null");
    // The token, then the ticket number, as the person types them into the prompts.
    driver.script(&format!("window.prompt = (m) => m.startsWith('The desk') ? '{TOKEN}' : 'INC0031204'; return null"));
    let button = driver.element(".hit.best .fixed-it");
    driver.session_call("POST", &format!("/element/{button}/click"), serde_json::json!({}));
    let said =
        driver.wait_for("const n = document.querySelector('.hit.best .recorded'); return n && n.textContent || null");
    assert_eq!(said, "Recorded: Q900001 fixed it. Thank you.");
    assert_eq!(driver.script("return document.querySelector('.hit.best .fixed-it').disabled"), true);
    driver.screenshot(&artifacts().join("fixed-it.png"));
    server.stop().expect("stop");

    let records: Vec<serde_json::Value> = std::fs::read_to_string(&file)
        .expect("the feedback file")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a whole record"))
        .collect();
    assert_eq!(records.len(), 1);
    assert_eq!(
        (&records[0]["article"], &records[0]["ticket"], &records[0]["paste"]),
        (&serde_json::json!("Q900001"), &serde_json::json!("INC0031204"), &serde_json::json!(PASTE))
    );

    // The next build reads the file as tickets: the link is in `why`.
    let (kb, _) = KnowledgeBase::build(&[corpus, file], dir.path().join("index2"), &kbmatch::BuildOptions::default())
        .expect("second build");
    let best = kb.search(PASTE, &kbmatch::SearchOptions::default().limit(10)).expect("search").remove(0);
    assert_eq!(best.id, "Q900001");
    assert!(best.why.iter().any(|w| w == "asked like this in 1 ticket: INC0031204"), "{:?}", best.why);
    let server =
        Server::start(Arc::new(kb), "127.0.0.1:0".parse().expect("addr"), ServeOptions::default()).expect("start");
    let base = format!("http://{}/", server.addr());
    driver.session_call(
        "POST",
        "/url",
        serde_json::json!({ "url": format!("{base}?q={}", common::percent_encode(PASTE)) }),
    );
    let why = driver.wait_for("const w = document.querySelector('.hit.best .why'); return w ? w.textContent : null");
    assert!(why.as_str().is_some_and(|w| w.contains("asked like this in 1 ticket: INC0031204")), "{why}");
    drop(driver);
    server.stop().expect("stop");
}

/// What no article answers, on the page: the link appears when the server
/// keeps a question log, and opens the report of `GET /api/gaps`, its
/// groups largest first with their examples as searches.
#[test]
#[ignore = "needs chromium: run by .ci/run"]
fn the_page_lists_what_no_article_answers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (kb, _) = KnowledgeBase::build(
        &[common::repo().join("corpus")],
        dir.path().join("index"),
        &kbmatch::BuildOptions::default(),
    )
    .expect("index");
    let log = dir.path().join("questions.jsonl");
    let asked =
        ["coffee machine leaks water", "the coffee machine leaks water again", "2328", "projector shows no picture"];
    std::fs::write(
        &log,
        asked.iter().map(|q| format!("{}\n", serde_json::json!({ "query": q, "at": 1 }))).collect::<String>(),
    )
    .expect("log");
    let report = kb.gaps(std::slice::from_ref(&log)).expect("gaps");
    let options = ServeOptions {
        log_questions: Some(Arc::new(kbmatch::FeedbackLog::open(&log).expect("log"))),
        ..ServeOptions::default()
    };
    let server = Server::start(Arc::new(kb), "127.0.0.1:0".parse().expect("addr"), options).expect("start");
    let base = format!("http://{}/", server.addr());

    let driver = WebDriver::start();
    driver.session_call("POST", "/url", serde_json::json!({ "url": base }));
    driver.wait_for("return document.getElementById('gaps-link').hidden ? null : true");
    let link = driver.element("#gaps-link");
    driver.session_call("POST", &format!("/element/{link}/click"), serde_json::json!({}));
    driver.wait_for("return document.querySelector('#gaps .gap-group') ? true : null");
    assert_eq!(driver.script("return new URLSearchParams(location.search).get('gaps')"), "1");
    let summary = driver.script("return document.querySelector('.gaps-summary').textContent");
    assert_eq!(
        summary,
        "3 questions of 4 have no likely answer: 2 groups (by words), largest first. Each is an article the desk \
         could write next."
    );
    let shown = driver.script(
        "return [...document.querySelectorAll('#gaps .gap-group')].map(g => [g.querySelector('.gap-count').textContent, \
         [...g.querySelectorAll('.gap-examples a')].map(a => a.textContent)])",
    );
    let want: Vec<serde_json::Value> =
        report.groups.iter().map(|g| serde_json::json!([format!("{} ×", g.count), g.examples])).collect();
    assert_eq!(shown, serde_json::Value::Array(want));
    assert_eq!(report.groups[0].count, 2);
    driver.screenshot(&artifacts().join("gaps.png"));
    drop(driver);
    server.stop().expect("stop");
}
