//! Bad queries: empty, huge, binary, invalid UTF-8, control characters,
//! long pastes, and broken `match --batch` lines. Each gets a clear answer
//! (exit 0/1, or exit 2 with a message), in bounded time, without a panic.

use crate::common::reliability as reliability_util;

use reliability_util::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

/// A query the good corpus answers, and its article.
const QUERY: &str = "Widget Collector could not open the widget queue file wdgqueue.dat, error = 0x80070020";
const QUERY_ID: &str = "Q955001";

/// One index of the good corpus shared by the tests of this file (built
/// once; the tests only read it).
fn shared_index() -> &'static Path {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, index) = DIR.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        write_good_corpus(&tmp.path().join("good"));
        let run = kbmatch(tmp.path(), ["index", "--corpus", "good", "--index", "index"], None, Duration::from_secs(60));
        run.assert_code(0);
        let index = tmp.path().join("index");
        (tmp, index)
    });
    index
}

fn cwd() -> &'static Path {
    shared_index().parent().unwrap()
}

/// `match` with these arguments (after `--index DIR`) and this stdin.
fn match_run(args: &[&str], stdin: Option<&[u8]>) -> Run {
    let index = shared_index().to_str().unwrap();
    let mut all = vec!["match", "--index", index];
    all.extend(args);
    kbmatch(cwd(), all, stdin, Duration::from_secs(60))
}

const EMPTY_QUERY: &str =
    "kbmatch: error: the query is empty: paste a log line, an error message, a message ID or a few words";

/// A case: what it is, the arguments after `match --index DIR`, stdin.
type Case<'a> = (&'a str, Vec<&'a str>, Option<&'a [u8]>);

#[test]
fn empty_queries_exit_2_with_a_clear_message() {
    let cases: [Case; 7] = [
        ("empty argument", vec![""], None),
        ("blank argument", vec!["  \t "], None),
        ("control characters only", vec!["\u{1b}\u{7}\u{8}"], None),
        ("empty stdin", vec![], Some(b"")),
        ("stdin with `-`", vec!["-"], Some(b"\n\n   \r\n")),
        ("zero-width and replacement characters", vec!["\u{feff}\u{fffd}"], None),
        ("empty --json", vec!["--json", ""], None),
    ];
    for (what, args, stdin) in cases {
        let run = match_run(&args, stdin);
        run.assert_no_panic();
        assert_eq!(run.stdout, "", "{what}: nothing on stdout");
        if what.starts_with("zero-width") {
            // A byte-order mark is not a control character to the query
            // analysis: it is searched for, and nothing matches.
            assert_eq!(run.code, Some(1), "{what}: {}", run.stderr);
            assert_eq!(run.stderr.trim(), "no article matches: try fewer or other words, or the error code alone");
            continue;
        }
        assert_eq!(run.code, Some(2), "{what}: {}", run.stderr);
        assert_eq!(run.stderr.trim(), EMPTY_QUERY, "{what}");
    }
}

#[test]
fn a_paste_of_megabytes_is_answered_in_bounded_time() {
    // 8 MB: far above the analysed prefix (256 KiB); the known message first.
    let mut paste = format!("{QUERY}\n");
    let filler = "Widget collector heartbeat: queue length 12, all components healthy.\n";
    while paste.len() < 8 * 1024 * 1024 {
        paste.push_str(filler);
    }
    let run = match_run(&["--json"], Some(paste.as_bytes()));
    run.assert_code(0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["results"][0]["id"], QUERY_ID);
    eprintln!("8 MB paste answered in {:.2} s", run.seconds);
    assert!(run.seconds < 30.0, "{:.1} s", run.seconds);
}

/// A 10,000-line log excerpt (1.3 MB) with one error line among routine
/// ones. Only the first `MAX_QUERY_BYTES` (256 KiB, about 2,000 of these
/// lines) are analysed, so the error is placed within them.
#[test]
fn ten_thousand_log_lines_are_answered() {
    let mut paste = String::new();
    for i in 0..10_000 {
        if i == 1_500 {
            paste.push_str(&format!(
                "{QUERY}  $$<SMS_WIDGET_COLLECTOR><Mon Mar 03 10:12:00.000 2003 GMT><thread=1234 (0x4D2)>\n"
            ));
        } else {
            paste.push_str(&format!(
                "Heartbeat {i} from the gadget poller, nothing to report.  $$<SMS_GADGET_POLLER><Mon Mar 03 10:12:00.000 2003 GMT><thread=99 (0x63)>\n"
            ));
        }
    }
    let run = match_run(&["--json"], Some(paste.as_bytes()));
    run.assert_code(0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["results"][0]["id"], QUERY_ID);
    eprintln!("10,000-line paste ({} KB) answered in {:.2} s", paste.len() / 1024, run.seconds);
}

#[test]
fn binary_junk_and_invalid_utf8_on_stdin_are_not_errors() {
    // Binary junk: an answer or none, but no error and no panic.
    let run = match_run(&[], Some(&junk(200_000, 5)));
    run.assert_no_panic();
    assert!(matches!(run.code, Some(0 | 1)), "exit {:?}: {}", run.code, run.stderr);

    // Invalid UTF-8 around a real message: the paste is read as
    // Windows-1252 (the one decoding policy), and the message is still found.
    let mut paste = b"\xc3\x28 garbage \x80\x81 ".to_vec();
    paste.extend_from_slice(QUERY.as_bytes());
    paste.extend_from_slice(b" \xed\xa0\x80 \xf8\x88\x80\x80\x80\n");
    let run = match_run(&["--json"], Some(&paste));
    run.assert_code(0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["results"][0]["id"], QUERY_ID);
    assert!(json["query"].as_str().unwrap().starts_with("\u{c3}( garbage \u{20ac}"), "{}", json["query"]);

    // UTF-16 with its byte-order mark (as Notepad saves it): decoded.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(QUERY.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let run = match_run(&["--json"], Some(&utf16));
    run.assert_code(0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["results"][0]["id"], QUERY_ID);

    // UTF-16 (as PowerShell pipes it): NUL bytes between the letters.
    let utf16: Vec<u8> = QUERY.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    let run = match_run(&[], Some(&utf16));
    run.assert_no_panic();
    assert!(matches!(run.code, Some(0 | 1)), "exit {:?}: {}", run.code, run.stderr);
}

#[test]
fn control_characters_in_the_query_are_ignored() {
    // Terminal colours, bells, backspaces and a DEL around the message.
    let query = format!("\u{1b}[31m{}\u{7}\u{8}\u{7f}\u{1b}[0m", QUERY.replace(' ', " \u{1} "));
    let run = match_run(&["--json", &query], None);
    run.assert_code(0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["results"][0]["id"], QUERY_ID);
    // Text output: the control characters of the query are not echoed raw.
    let run = match_run(&[&query], None);
    run.assert_code(0);
    assert!(run.stdout.contains(QUERY_ID));
}

#[test]
fn odd_but_valid_queries_are_answered() {
    let queries = [
        "2328",
        "0",
        "99999999999999999999999",
        "0x",
        "0xFFFFFFFFFFFFFFFFFFFF",
        "error = ",
        "\"",
        "((((((((((",
        "*:* AND OR NOT title:x",
        "+-!^~\"*?:\\/",
        "<![LOG[]LOG]!><time=\"\" component=\"\" type=\"\">",
        "Event ID:",
        "$$<><><>",
        "Q",
        "KB",
        "ÄÖÜ ß 日本語 🚀",
        "a",
    ];
    for query in queries {
        let run = match_run(&["--json", query], None);
        run.assert_no_panic();
        assert!(matches!(run.code, Some(0 | 1)), "{query:?}: exit {:?}: {}", run.code, run.stderr);
        let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{query:?}: {e}"));
        assert!(json["results"].is_array(), "{query:?}");
    }
    // A very long single word and a very long line without spaces.
    let word = "x".repeat(100_000);
    let run = match_run(&[], Some(word.as_bytes()));
    run.assert_no_panic();
    assert!(matches!(run.code, Some(0 | 1)));
    // `show` with odd ids.
    for id in ["", "Q", "../../etc/passwd", "Q99999999999", "\u{1}x", "%", "/"] {
        let run =
            kbmatch(cwd(), ["show", "--index", shared_index().to_str().unwrap(), id], None, Duration::from_secs(30));
        run.assert_no_panic();
        assert!(matches!(run.code, Some(2)), "show {id:?}: {:?}", run.code);
        assert!(run.stderr.contains("no article") || run.stderr.contains("error"), "show {id:?}: {}", run.stderr);
    }
}

/// Batch input lines, and what each must give (blank lines get an error
/// object too, so that positions line up).
fn batch_cases() -> Vec<(Vec<u8>, Option<serde_json::Value>)> {
    use serde_json::{Value, json};
    let err = |qid: Value| Some(json!({ "qid": qid, "error": "" }));
    let ok = |qid: Value| Some(json!({ "qid": qid, "results": [] }));
    vec![
        (format!(r#"{{"qid": 1, "query": "{QUERY}"}}"#).into_bytes(), ok(json!(1))),
        (b"not json at all".to_vec(), err(Value::Null)),
        (br#"{"qid": 2}"#.to_vec(), err(json!(2))),
        (br#"{"qid": 3, "query": 42}"#.to_vec(), err(json!(3))),
        (br#"{"qid": 4, "query": null}"#.to_vec(), err(json!(4))),
        (br#"{"qid": 5, "query": ["a", "b"]}"#.to_vec(), err(json!(5))),
        (br#"{"qid": 6, "query": ""}"#.to_vec(), err(json!(6))),
        (br#"{"qid": 7, "query": "   "}"#.to_vec(), err(json!(7))),
        (b"".to_vec(), err(Value::Null)),
        (b"   \t".to_vec(), err(Value::Null)),
        (br#"[1, 2, 3]"#.to_vec(), err(Value::Null)),
        (br#""just a string""#.to_vec(), err(Value::Null)),
        (br#"{"qid": "eight", "query": "print spooler stuck", "limit": 0}"#.to_vec(), ok(json!("eight"))),
        (br#"{"qid": {"nested": [9]}, "query": "spooler", "limit": 100000}"#.to_vec(), ok(json!({"nested": [9]}))),
        (br#"{"query": "spooler"}"#.to_vec(), ok(Value::Null)),
        (br#"{"qid": 10, "query": "spooler""#.to_vec(), err(Value::Null)),
        // Invalid UTF-8 inside the query string: decoded lossily, answered.
        ([&br#"{"qid": 11, "query": "spooler "#[..], b"\xff\xfe", br#""}"#].concat(), ok(json!(11))),
        // CRLF line end.
        (format!("{{\"qid\": 12, \"query\": \"{QUERY}\"}}\r").into_bytes(), ok(json!(12))),
        (br#"{"qid": 13, "query": "\u0000\u0007"}"#.to_vec(), err(json!(13))),
        (b"\0\0\0".to_vec(), err(Value::Null)),
        (
            [br#"{"qid": 14, "query": ""#.as_slice(), "widget ".repeat(50_000).as_bytes(), br#""}"#].concat(),
            ok(json!(14)),
        ),
        (format!(r#"{{"qid": 15, "query": "{QUERY}"}}"#).into_bytes(), ok(json!(15))),
    ]
}

#[test]
fn batch_answers_every_line_in_order() {
    let cases = batch_cases();
    let mut input = Vec::new();
    for (line, _) in &cases {
        input.extend_from_slice(line);
        input.push(b'\n');
    }
    let expected: Vec<&serde_json::Value> = cases.iter().filter_map(|(_, e)| e.as_ref()).collect();
    for source in ["stdin", "file"] {
        let run = if source == "stdin" {
            match_run(&["--batch"], Some(&input))
        } else {
            let file = tempfile::NamedTempFile::new().unwrap();
            std::fs::write(file.path(), &input).unwrap();
            match_run(&["--batch", file.path().to_str().unwrap()], None)
        };
        run.assert_code(0);
        assert_eq!(run.stderr, "", "{source}: batch errors go to stdout");
        let lines: Vec<&str> = run.stdout.lines().collect();
        assert_eq!(lines.len(), expected.len(), "{source}: one output line per input line:\n{}", run.stdout);
        for (i, (line, want)) in lines.iter().zip(&expected).enumerate() {
            let got: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{source} line {i}: {e}: {line}"));
            assert_eq!(got["qid"], want["qid"], "{source} line {i}: {line}");
            if want.get("error").is_some() {
                let why = got["error"].as_str().unwrap_or_else(|| panic!("{source} line {i}: no error: {line}"));
                assert!(!why.is_empty());
                assert!(got.get("results").is_none(), "{source} line {i}");
            } else {
                assert!(got["results"].is_array(), "{source} line {i}: {line}");
                assert!(got.get("error").is_none(), "{source} line {i}: {line}");
            }
        }
        // The answered lines found what they asked for.
        let first: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
        assert_eq!(first["results"][0]["id"], QUERY_ID);
        let last: serde_json::Value = serde_json::from_str(lines[lines.len() - 1]).unwrap();
        assert_eq!(last["results"][0]["id"], QUERY_ID);
        // limit 0 is raised to 1; a huge limit is capped at 100.
        let eight = lines
            .iter()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .find(|v| v["qid"] == "eight")
            .unwrap();
        assert_eq!(eight["results"].as_array().unwrap().len(), 1);
    }
    eprintln!(
        "batch: {} input lines ({} bad, 2 blank)",
        cases.len(),
        expected.iter().filter(|e| e.get("error").is_some()).count()
    );
}

#[test]
fn batch_error_messages_say_what_is_wrong() {
    let input = b"not json\n{\"qid\": 2}\n{\"qid\": 3, \"query\": 42}\n{\"qid\": 6, \"query\": \"\"}\n";
    let run = match_run(&["--batch", "-"], Some(input));
    // No line found anything: exit 1, like a `match` with no result.
    run.assert_code(1);
    let errors: Vec<String> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["error"].as_str().unwrap().to_string())
        .collect();
    assert!(errors[0].starts_with("not a JSON object: "), "{}", errors[0]);
    assert_eq!(errors[1], "missing \"query\" (a string)");
    assert_eq!(errors[2], "missing \"query\" (a string)");
    assert_eq!(errors[3], "the query is empty: paste a log line, an error message, a message ID or a few words");

    // An empty batch: nothing out, exit 1.
    let run = match_run(&["--batch"], Some(b""));
    run.assert_code(1);
    assert_eq!(run.stdout, "");
    // A batch file that does not exist: exit 2, named.
    let run = match_run(&["--batch", "no-such-queries.jsonl"], None);
    run.assert_code(2);
    assert!(run.stderr.contains("no-such-queries.jsonl"), "{}", run.stderr);
}

#[test]
fn a_closed_stdout_is_not_an_error() {
    // `kbmatch match ... | head -c 10`: the reader goes away early.
    use std::process::Stdio;
    let index = shared_index().to_str().unwrap();
    let mut child = command(cwd(), ["match", "--limit", "100", "--index", index, "widget spooler backup"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let (code, _, stderr) = {
        child.stdout = None;
        let status = child.wait().unwrap();
        let mut err = String::new();
        use std::io::Read;
        child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
        (status.code(), (), err)
    };
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(matches!(code, Some(0 | 1)), "exit {code:?}: {stderr}");
}
