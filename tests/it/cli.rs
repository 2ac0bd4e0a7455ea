//! The `kbmatch` binary end to end on the embedded corpus (`corpus/`): what a
//! person at a terminal and a script see — output, JSON and exit codes.

use crate::common;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

const SEED_LOG_LINE: &str = r#"Cannot update the package server ["Display=\\DP02\"]MSWNET:["SMS_SITE=SYD"]\\DP02\ for package SYD00045, error = 8~  $$<SMS_DISTRIBUTION_MANAGER><08-03-2011 10:02:10.123-600><thread=4404 (0x1134)>"#;
const BLOG_NOTE: &str = "/kbmatch-notes/2011/08/05/package-stuck-install-pending-after-dp-power-cycle/";

/// An index of the embedded corpus, built once for this test binary.
fn index() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = kbmatch(&["index", "--corpus", "corpus", "--index", dir.path().to_str().unwrap()], None);
        assert!(out.status.success(), "index failed: {}", String::from_utf8_lossy(&out.stderr));
        dir
    })
    .path()
}

/// The binary, started in the repository with all three streams piped.
fn spawn(args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_kbmatch"))
        .args(args)
        .current_dir(common::repo())
        .env_remove("KBMATCH_INDEX")
        .env_remove("KBMATCH_CORPUS")
        .env_remove("KBMATCH_MODEL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn kbmatch(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = spawn(args);
    let mut pipe = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        std::io::Write::write_all(&mut pipe, text.as_bytes()).unwrap();
    }
    drop(pipe);
    child.wait_with_output().unwrap()
}

/// Run a command against the embedded-corpus index.
fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--index", index().to_str().unwrap()]);
    kbmatch(&all, stdin)
}

use common::stdout_json as json;

fn ids(results: &Value) -> Vec<String> {
    results.as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn stats_count_articles_per_kind_and_merge_the_two_formats_of_q900001() {
    let out = run(&["stats", "--json"], None);
    assert_eq!(out.status.code(), Some(0));
    let stats = json(&out);
    assert_eq!(stats["articles"], 11);
    assert_eq!(stats["by_kind"], serde_json::json!({"kb": 7, "blog": 1, "doc": 3}));
    assert_eq!(stats["sources"], 12);
    assert_eq!(stats["schema_version"], kbmatch::index::schema::SCHEMA_VERSION);
}

#[test]
fn seed_log_line_finds_the_install_pending_note_with_its_steps() {
    let out = run(&["match", "--json", SEED_LOG_LINE], None);
    assert_eq!(out.status.code(), Some(0));
    let answer = json(&out);
    let best = &answer["results"][0];
    assert_eq!(best["id"], BLOG_NOTE);
    assert_eq!(best["kind"], "blog");
    // The same message is the surest answer of the list (the calibrated
    // confidence of a template match on eleven articles is about 0.7-0.85).
    let confidences: Vec<f64> =
        answer["results"].as_array().unwrap().iter().map(|h| h["confidence"].as_f64().unwrap()).collect();
    assert!(confidences[0] >= 0.7, "{best}");
    assert!(confidences[1..].iter().all(|&c| c < confidences[0]), "{confidences:?}");
    assert_eq!(best["why"][0], "message (100% alike): Cannot update the package server <*> for package <*>, error = 8");
    assert_eq!(best["steps"].as_array().unwrap().len(), 6);
    assert!(best["steps"][0].as_str().unwrap().starts_with("In the ConfigMgr console, remove the secondary site DP"));
}

#[test]
fn each_hit_gives_its_reasons_as_evidence_objects_too() {
    let answer = json(&run(&["match", "--json", "--limit", "1", SEED_LOG_LINE], None));
    let best = &answer["results"][0];
    assert_eq!(
        best["evidence"],
        serde_json::json!([
            {"kind": "message", "text": "Cannot update the package server <*> for package <*>, error = 8",
             "similarity": 1.0, "word_for_word": false},
            {"kind": "error_code", "code": "win32:8", "pasted": "error = 8", "decoded": "error number 8", "quoted": "error = 8"},
            // Every word counts on eleven articles, those most of them hold too.
            {"kind": "words", "words": ["update", "cannot", "package", "error", "server"]},
            {"kind": "text_match", "bm25": best["evidence"][3]["bm25"]},
        ])
    );
    assert_eq!(best["why"][1], "error = 8 as written (error number 8)");
    let id = json(&run(&["match", "--json", "--limit", "1", "2328"], None));
    assert_eq!(id["results"][0]["evidence"][0], serde_json::json!({"kind": "message_id", "id": 2328}));
    assert_eq!(id["results"][0]["why"][0], "status message id 2328");
}

#[test]
fn kind_and_product_filters_keep_only_those_articles() {
    let kinds = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["match", "--json"];
        all.extend(args);
        all.push(SEED_LOG_LINE);
        let answer = json(&run(&all, None));
        answer["results"].as_array().unwrap().iter().map(|h| h["kind"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(kinds(&[]), ["blog", "doc", "kb", "kb", "kb"]);
    assert_eq!(kinds(&["--kind", "doc"]), ["doc", "doc", "doc"]);
    assert_eq!(kinds(&["--kind", "blog", "--kind", "doc"]), ["blog", "doc", "doc", "doc"]);
    // The runbooks and the blog post name no product; the KB articles are
    // about Systems Management Server, named by any run of its words.
    let sms = json(&run(&["match", "--json", "--product", "management server", SEED_LOG_LINE], None));
    // Q900001 names the line's component, SMS_DISTRIBUTION_MANAGER.
    assert_eq!(ids(&sms["results"]), ["Q900001", "Q900004", "Q900002", "Q900005", "Q900007"]);

    let unknown = run(&["match", "--product", "Exchange", SEED_LOG_LINE], None);
    assert_eq!(unknown.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&unknown.stderr),
        "kbmatch: error: no product of the index is called \"Exchange\"; its products are: Microsoft Systems Management Server\n"
    );
    let kind = run(&["match", "--kind", "faq", SEED_LOG_LINE], None);
    assert_eq!(kind.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&kind.stderr).contains("unknown kind \"faq\": give kb, blog, doc or ticket"));
}

#[test]
fn an_unknown_setting_in_kbmatch_weights_is_an_error() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kbmatch"));
    child.args(["match", "2328", "--index"]).arg(index()).env("KBMATCH_WEIGHTS", "titel=4");
    let out = child.output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("kbmatch: error: KBMATCH_WEIGHTS: unknown setting \"titel\""),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn status_message_id_finds_the_article_with_its_hotfix_table() {
    let paste = "Message ID: 2328 - SMS Distribution Manager failed to copy package SYD00045 from \\\\SRC01\\pkg to \\\\DP02\\SMSPKGD$.";
    let out = run(&["match", "--json", paste], None);
    assert_eq!(out.status.code(), Some(0));
    let best = &json(&out)["results"][0];
    assert_eq!(best["id"], "Q900001");
    assert_eq!(best["why"][1], "status message id 2328");
    assert!(best["confidence"].as_f64().unwrap() >= 0.85);
    let rows = best["hotfix_files"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(
        rows[3],
        serde_json::json!({"file": "Distmgr.dll", "version": "2.00.1493.3257", "size": 231312,
                           "date": "1-Mar-2001", "time": "17:45", "platform": "I386", "folder": null})
    );
}

/// The README's first answer: Q900005's procedures under clean heads, and
/// its hotfix rows told apart by their destination folder, the platform
/// read from it (the table has no platform column).
#[test]
fn the_readme_answer_shows_clean_heads_and_each_rows_folder() {
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    let line = readme.lines().find(|l| l.starts_with("$ cargo run --release -- match '")).unwrap();
    let paste = line.trim_start_matches("$ cargo run --release -- match '").trim_end_matches('\'');
    let text = String::from_utf8(run(&["match", paste], None).stdout).unwrap();
    assert!(
        text.contains("\nSteps for Q900005 (RESOLUTION):\n  Procedure 1: Using the Hotfix Installer\n   1. "),
        "{text}"
    );
    assert!(text.contains("\n  Procedure 2: Installing the Hotfix Manually\n"), "{text}");
    let table = text.split("Hotfix files for Q900005:\n").nth(1).unwrap();
    assert_eq!(
        table,
        "  File          Version        Size    Date      Time   Platform  Folder
  ------------  -------------  ------  --------  -----  --------  -------------
  Inboxast.dll  2.0.1493.3206  38784   3/1/2001  1:30p  I386      SMS\\Bin\\I386
  Inboxmgr.dll  2.0.1493.3206  107920  3/1/2001  1:30p  I386      SMS\\Bin\\I386
  Inboxast.dll  2.0.1493.3206  61200   3/1/2001  1:30p  Alpha     SMS\\Bin\\Alpha
  Inboxmgr.dll  2.0.1493.3206  173328  3/1/2001  1:30p  Alpha     SMS\\Bin\\Alpha
"
    );
    let out = run(&["match", "--json", "--limit", "1", paste], None);
    assert_eq!(
        json(&out)["results"][0]["hotfix_files"][2],
        serde_json::json!({"file": "Inboxast.dll", "version": "2.0.1493.3206", "size": 61200, "date": "3/1/2001",
                           "time": "1:30p", "platform": "Alpha", "folder": "SMS\\Bin\\Alpha"})
    );
    // A table whose rows share one folder shows no folder column.
    let q900001 = String::from_utf8(run(&["show", "Q900001"], None).stdout).unwrap();
    assert!(q900001.contains("\nHotfix files\n"), "{q900001}");
    assert!(!q900001.contains("Folder"), "{q900001}");
}

#[test]
fn dialog_text_and_error_code_find_their_articles() {
    let dialog = "a package is currently being installed in the backgound. this is routine";
    assert_eq!(ids(&json(&run(&["match", "--json", dialog], None))["results"])[0], "Q900002");
    let code = json(&run(&["match", "--json", "0x80041001"], None));
    assert_eq!(ids(&code["results"])[0], "runbooks/inventoryagent-80041001-after-mof-edit.md");
    assert_eq!(code["results"][0]["why"][0], "0x80041001 as written (HRESULT 0x80041001, FACILITY_ITF)");
}

#[test]
fn an_acronym_finds_the_article_that_spells_the_name_out() {
    // Q900005 names "Inbox Manager Assistant" and never writes IMA.
    let answer = json(&run(&["match", "--json", "IMA"], None));
    assert_eq!(ids(&answer["results"]), ["Q900005"]);
    // A CamelCase name is read the same way.
    let answer = json(&run(&["match", "--json", "InboxManagerAssistant"], None));
    assert_eq!(ids(&answer["results"])[0], "Q900005");
}

#[test]
fn misspelt_words_are_read_as_the_words_meant_and_the_hit_says_so() {
    let answer = json(&run(&["match", "--json", "--limit", "1", "Colection Evalautor query tiems out"], None));
    let best = &answer["results"][0];
    assert_eq!(best["id"], "Q900007");
    let why: Vec<&str> = best["why"].as_array().unwrap().iter().map(|w| w.as_str().unwrap()).collect();
    assert_eq!(
        why[why.len() - 3..],
        [r#"read "Colection" as "collection""#, r#"read "Evalautor" as "evaluator""#, r#"read "tiems" as "times""#]
    );
    // At the terminal the reading is said once, above the hits.
    let text =
        String::from_utf8(run(&["match", "--limit", "1", "Colection Evalautor query tiems out"], None).stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // The words the article shares with the paste are named, rarest first,
    // the misspelt ones as the words meant.
    // (The confidence comes from the fitted model: its digits are not
    // what this test is about. Three of the paste's five words are read
    // through corrections, so the hit is not likely enough to be called an
    // answer: 0.37 when written.)
    let confidence_at = "      confidence ".len();
    let mut head: Vec<String> = lines[..6].iter().map(|l| l.to_string()).collect();
    head[4].replace_range(confidence_at..confidence_at + 4, "C.CC");
    assert_eq!(
        head,
        [
            "No article is likely to answer this. Closest:",
            r#"Read "Colection" as "collection", read "Evalautor" as "evaluator", read "tiems""#,
            r#"  as "times"."#,
            " 1. Q900007  SMS: Collection Evaluator Query Times Out on Large Collections",
            "      confidence C.CC - words in common: evaluator, query, collection, out,",
            "        times; text match (BM25 124.4)",
        ]
    );
}

#[test]
fn a_paste_over_the_limit_is_cut_and_says_so() {
    let long =
        format!("SMS_DISTRIBUTION_MANAGER status message 2328\n{}", "routine line of a long log\n".repeat(12_000));
    let out = run(&["match", "--json", "-"], Some(&long));
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("the paste is 316 KiB; only its first 256 KiB are matched"), "{stderr}");
    // The routine lines add little: the two answers to the first line alone
    // (scores near 3) come first, in an order their words may change (on
    // eleven articles every word is searched, "line" and "log" too). Below
    // them are weak matches (scores under 1.1).
    let head = json(&run(&["match", "--json", "SMS_DISTRIBUTION_MANAGER status message 2328"], None));
    let mut first_two = ids(&json(&out)["results"])[..2].to_vec();
    first_two.sort();
    assert_eq!(first_two, ["Q900001", "runbooks/dp-package-install-pending.md"]);
    assert_eq!(ids(&head["results"])[..2], ["Q900001", "runbooks/dp-package-install-pending.md"]);
}

#[test]
fn a_paste_on_stdin_is_one_query() {
    let paste = format!("some routine line before\n{SEED_LOG_LINE}\n");
    let out = run(&["match", "--json", "--limit", "1"], Some(&paste));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(ids(&json(&out)["results"]), vec![BLOG_NOTE]);
}

#[test]
fn human_output_lists_hits_then_the_best_hits_steps_and_hotfix_table() {
    let out = run(&["match", "2328"], None);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with(" 1. Q900001  SMS: Distribution Manager Retries"), "{text}");
    assert!(text.contains("\nSteps for Q900001 (WORKAROUND):\n"), "{text}");
    assert!(text.contains("\nHotfix files for Q900001:\n"), "{text}");
    assert!(text.contains("  Distmgr.dll   2.00.1493.3257  231312  1-Mar-2001  17:45  I386\n"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 80), "a line is wider than 80 columns:\n{text}");
}

#[test]
fn show_prints_the_merged_article() {
    let out = run(&["show", "Q900001", "--json"], None);
    assert_eq!(out.status.code(), Some(0));
    let article = json(&out);
    assert_eq!(
        article["sources"],
        serde_json::json!(["corpus/kb/900/Q900001/README.md", "corpus/txt/900/Q900001.TXT"])
    );
    assert_eq!(article["signals"]["message_ids"], serde_json::json!([2302, 2328, 2339]));
    // `steps` is the main procedure (the workaround); `procedures` has it
    // and both ways to install the hotfix, each numbered from 1.
    assert_eq!(article["steps"].as_array().unwrap().len(), 4);
    let procedures = article["procedures"].as_array().unwrap();
    let sizes: Vec<usize> = procedures.iter().map(|p| p["steps"].as_array().unwrap().len()).collect();
    assert_eq!(sizes, vec![4, 4, 5]);
    assert_eq!(procedures[2]["steps"][4]["text"], "Start the four services from step 2 again.");

    let text = String::from_utf8(run(&["show", "q900001"], None).stdout).unwrap();
    assert!(text.starts_with("Q900001: SMS: Distribution Manager Retries"), "{text}");
    assert!(text.contains("\nRemediation steps (from WORKAROUND)\n"), "{text}");
    // Each procedure under its title, numbered from 1, wrapped at 80.
    let steps = &text[text.find("\nRemediation steps").unwrap()..text.find("\nHotfix files").unwrap()];
    // The title's colon gives way to the head's; the section, where it is
    // not the one the line above names, comes after.
    assert!(
        steps.contains("\n  Procedure 1: Repair or remove the failing local distribution point as soon as\n"),
        "{steps}"
    );
    assert!(
        steps.contains("\n  Procedure 2: Installing with the Hotfix Installer (from MORE INFORMATION)\n"),
        "{steps}"
    );
    assert!(!steps.contains(": ("), "{steps}");
    assert!(steps.contains("\n   5. Start the four services from step 2 again.\n"), "{steps}");
    assert!(steps.lines().all(|l| l.chars().count() <= 80), "a line is wider than 80 columns:\n{steps}");
}

/// The runbook's list follows a statement ("Try the cheap steps first;
/// stop as soon as ..."), not a lead-in: the procedure is its section's,
/// which the heading above names once.
#[test]
fn a_lone_procedure_named_by_its_section_is_named_once() {
    let out = run(&["show", "runbooks/dp-package-install-pending.md", "--json"], None);
    assert_eq!(json(&out)["procedures"][0]["title"], "Resolution");
    let text = String::from_utf8(run(&["show", "runbooks/dp-package-install-pending.md"], None).stdout).unwrap();
    assert!(
        text.contains(
            "\nRemediation steps (from Resolution)\n-----------------\n   1. Run Refresh Distribution Points"
        ),
        "{text}"
    );
}

#[test]
fn batch_lines_are_searched_with_the_filters_given() {
    let input = format!("{}\n", serde_json::json!({"qid": 1, "query": SEED_LOG_LINE, "limit": 2}));
    let out = run(&["match", "--batch", "-", "--kind", "doc"], Some(&input));
    assert_eq!(out.status.code(), Some(0));
    let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Only the runbooks (kind doc) answer: the one about the message first.
    let found = ids(&answer["results"]);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0], "runbooks/dp-package-install-pending.md");
    assert!(found.iter().all(|id| id.starts_with("runbooks/")), "{found:?}");
    assert_eq!(answer["results"][0]["evidence"][0]["kind"], "message");
}

#[test]
fn batch_answers_every_line_in_order_with_errors_for_bad_lines() {
    let input = "{\"qid\": 1, \"query\": \"2328\"}\nnot json\n{\"qid\": \"b\"}\n{\"qid\": 3, \"query\": \"\"}\n{\"qid\": 4, \"query\": \"0x80041001\", \"limit\": 1}\n";
    let out = run(&["match", "--batch", "-"], Some(input));
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[0]["qid"], 1);
    assert_eq!(ids(&lines[0]["results"])[0], "Q900001");
    assert_eq!(lines[1]["qid"], Value::Null);
    assert!(lines[1]["error"].as_str().unwrap().starts_with("not a JSON object"));
    assert_eq!(lines[2], serde_json::json!({"qid": "b", "error": "missing \"query\" (a string)"}));
    assert_eq!(lines[3]["qid"], 3);
    assert!(lines[3]["error"].as_str().unwrap().starts_with("the query is empty"));
    assert_eq!(lines[4]["results"].as_array().unwrap().len(), 1);
}

#[test]
fn batch_answers_each_line_before_the_next_is_written() {
    // A tool that embeds kbmatch writes one query, reads its answer, then
    // writes the next: the answer must come while stdin is still open.
    use std::io::{BufRead, BufReader, Write};
    let mut child = spawn(&["match", "--batch", "-", "--index", index().to_str().unwrap()]);
    let mut stdin = child.stdin.take().unwrap();
    let answers = BufReader::new(child.stdout.take().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in answers.lines() {
            let _ = tx.send(line.unwrap());
        }
    });
    for (qid, query, expected) in
        [(1, "2328", "Q900001"), (2, "0x80041001", "runbooks/inventoryagent-80041001-after-mof-edit.md")]
    {
        writeln!(stdin, "{}", serde_json::json!({"qid": qid, "query": query})).unwrap();
        stdin.flush().unwrap();
        let Ok(line) = rx.recv_timeout(std::time::Duration::from_secs(60)) else {
            let _ = child.kill();
            panic!("no answer to query {qid} while stdin is open");
        };
        let answer: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(answer["qid"], qid);
        assert_eq!(ids(&answer["results"])[0], expected);
    }
    drop(stdin);
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

#[test]
fn exit_codes_tell_results_from_nothing_from_errors() {
    let nothing = run(&["match", "zzqxj wvvkq"], None);
    assert_eq!(nothing.status.code(), Some(1));
    assert!(nothing.stdout.is_empty());

    let empty = run(&["match", "   "], None);
    assert_eq!(empty.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&empty.stderr).contains("the query is empty"));

    let unknown = run(&["show", "Q999999"], None);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no article Q999999 in the index"));

    let missing = kbmatch(&["match", "2328", "--index", "/nonexistent/kbmatch-index"], None);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("run `kbmatch index --index /nonexistent/kbmatch-index`")
    );
}

#[test]
fn a_model_folder_that_cannot_be_used_fails_before_any_work_saying_what_it_needs() {
    let work = tempfile::tempdir().unwrap();
    let index = work.path().join("index");
    let out = kbmatch(
        &["index", "--corpus", "corpus", "--index", index.to_str().unwrap(), "--model", "/nonexistent/minilm"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("/nonexistent/minilm: no such folder; a model folder holds config.json, tokenizer.json and model.safetensors"),
        "{stderr}"
    );
    assert!(!index.exists(), "nothing was built");

    let matched = run(&["match", "--model", "/nonexistent/minilm", "package never installs"], None);
    assert_eq!(matched.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&matched.stderr).contains("/nonexistent/minilm: no such folder"));
}

#[cfg(not(feature = "encoder"))]
#[test]
fn a_model_given_to_a_build_without_the_encoder_says_how_to_get_one() {
    let model = tempfile::tempdir().unwrap();
    for name in ["config.json", "tokenizer.json", "model.safetensors"] {
        std::fs::write(model.path().join(name), "{}").unwrap();
    }
    let out = run(&["match", "--model", model.path().to_str().unwrap(), "package never installs"], None);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("this kbmatch was built without the sentence encoder; build it with `cargo build --release --features encoder` to use --model"),
        "{stderr}"
    );
}

#[test]
fn a_missing_default_index_is_built_from_the_default_corpus_first() {
    let work = tempfile::tempdir().unwrap();
    let corpus: PathBuf = common::repo().join("corpus");
    let out = Command::new(env!("CARGO_BIN_EXE_kbmatch"))
        .args(["match", "--json", "2328"])
        .current_dir(work.path())
        .env("KBMATCH_CORPUS", &corpus)
        .env_remove("KBMATCH_INDEX")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The folders named as a user recognises them: `./index`, not `index`.
    let note = format!("note: no index at ./index: building it from {} first\n", corpus.display());
    assert!(stderr.starts_with(&note), "{stderr}");
    assert!(work.path().join("index/CURRENT").is_file());
}

/// Make the index in `dir` look built by an older kbmatch: its manifest's
/// schema version one lower.
fn make_outdated(dir: &Path) {
    let generation = std::fs::read_to_string(dir.join("CURRENT")).unwrap();
    let manifest = dir.join(generation.trim()).join("kbmatch.json");
    let mut recorded: Value = serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    let schema = recorded["schema_version"].as_u64().unwrap();
    recorded["schema_version"] = (schema - 1).into();
    std::fs::write(&manifest, recorded.to_string()).unwrap();
}

/// The README's first command after an upgrade: the default index, built
/// by an older kbmatch, is rebuilt from the corpus it was built from and
/// the paste is matched; a named index is not touched: the error says how
/// to rebuild it.
#[test]
fn an_outdated_index_is_rebuilt_from_the_corpus_it_was_built_from() {
    let work = tempfile::tempdir().unwrap();
    let corpus = work.path().join("notes");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("spooler.md"), "# Spooler stops\n\nThe print spooler stops when a job is sent.\n")
        .unwrap();
    std::fs::write(corpus.join("printer.md"), "# Printer jams\n\nThe printer jams on thick paper.\n").unwrap();
    let in_work = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_kbmatch"))
            .args(args)
            .current_dir(work.path())
            .env_remove("KBMATCH_CORPUS")
            .env_remove("KBMATCH_INDEX")
            .output()
            .unwrap()
    };
    assert!(in_work(&["index", "--corpus", "notes"]).status.success());
    make_outdated(&work.path().join("index"));

    // Named: an error that says what to do, exit 2.
    let named = in_work(&["match", "--index", "index", "spooler stops"]);
    let stderr = String::from_utf8_lossy(&named.stderr);
    assert_eq!(named.status.code(), Some(2));
    assert!(stderr.contains("is outdated (built by schema"), "{stderr}");
    // `kbmatch index --index index` alone would read ./corpus: the command
    // given names the folder the index came from.
    assert!(
        stderr.trim_end().ends_with(
            "run `kbmatch index --index index --corpus notes` to rebuild it from the folders it was built from"
        ),
        "{stderr}"
    );

    // The default index: rebuilt from `notes` (there is no ./corpus here), then matched.
    let out = in_work(&["match", "--json", "spooler stops"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains(
            "note: the index at ./index was built by another kbmatch version: rebuilding it from ./notes first"
        ),
        "{stderr}"
    );
    assert_eq!(ids(&json(&out)["results"])[0], "spooler.md");
}

#[test]
fn code_decodes_any_form_and_finds_the_article_that_quotes_another() {
    let answer = json(&run(&["code", "--json", "-2147217407"], None));
    assert_eq!(answer["forms"]["hresult"], "0x80041001");
    assert_eq!(answer["forms"]["facility"], "FACILITY_ITF");
    assert_eq!(answer["forms"]["signed_decimal"], -2147217407);
    assert_eq!(ids(&answer["results"])[0], "runbooks/inventoryagent-80041001-after-mof-edit.md");
    assert_eq!(answer["results"][0]["code"]["quoted"], "0x80041001");
    let out = run(&["code", "qqzzxx"], None);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
}

/// A support desk's runbook teaches the index a code's name and message:
/// `code` then gives them for any form of the code.
#[test]
fn a_runbook_teaches_the_name_and_message_of_its_code() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(
        corpus.join("vpn.md"),
        "# VPN client fails to connect\n\nThe client logs\n\n    ERROR 812 / hex 0x32c ERROR_VPN_POLICY\n\n\
         and the dialog says: System error 812 has occurred. The connection was prevented because of a policy.\n\n\
         ## Fix\n\n1. Allow the VPN in the policy.\n",
    )
    .unwrap();
    std::fs::write(corpus.join("other.md"), "# Printer\n\nThe printer jams.\n").unwrap();
    let index = tmp.path().join("index");
    let (index_arg, corpus_arg) = (index.to_str().unwrap(), corpus.to_str().unwrap());
    assert!(kbmatch(&["index", "--corpus", corpus_arg, "--index", index_arg], None).status.success());
    let answer = json(&kbmatch(&["code", "--json", "0x8007032C", "--index", index_arg], None));
    assert_eq!(answer["forms"]["win32"], 812);
    assert_eq!(answer["forms"]["name"], "ERROR_VPN_POLICY");
    assert_eq!(answer["forms"]["message"], "The connection was prevented because of a policy.");
    assert_eq!(ids(&answer["results"]), vec!["vpn.md"]);
    // The name alone finds it too, by the number the runbook gave it.
    let answer = json(&kbmatch(&["code", "--json", "ERROR_VPN_POLICY", "--index", index_arg], None));
    assert_eq!(answer["forms"]["hresult"], "0x8007032C");
}

/// `scan FILE.evtx --json` on a real event log file: its entry count, the
/// damage on stderr, and the exit status.
fn scan_evtx(name: &str) -> (Value, String, Option<i32>) {
    let path = common::evtx(name);
    let out = run(&["scan", "--json", path.to_str().unwrap()], None);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (json(&out), stderr, out.status.code())
}

#[test]
#[ignore = "needs ../shared/evtx (run by .ci/run)"]
fn scan_reads_every_record_of_a_windows_event_log_file() {
    let (report, stderr, code) = scan_evtx("system.evtx");
    assert_eq!((report["lines"].as_u64(), report["entries"].as_u64()), (Some(326), Some(326)), "{stderr}");
    assert_eq!(report["files"][0]["format"], "evtx");
    assert_eq!(report["files"][0]["damaged"], 0);
    assert!(matches!(code, Some(0 | 1)), "{stderr}");
    assert!(!stderr.contains("warning:"), "{stderr}");
    // Grouped by provider and event ID (and masked strings): every unmatched
    // group and finding names its event.
    for item in report["findings"].as_array().unwrap().iter().chain(report["unmatched"].as_array().unwrap()) {
        assert!(item["event"]["id"].is_u64(), "{item}");
    }
    let (report, _, _) = scan_evtx("Application_no_crc32.evtx");
    assert_eq!(report["entries"].as_u64(), Some(17));
}

#[test]
#[ignore = "needs ../shared/evtx (run by .ci/run)"]
fn a_damaged_event_log_chunk_is_skipped_with_a_warning_and_the_rest_is_read() {
    // Chunks 6 and 10 are damaged, and one record of chunk 7. ../shared/evtx's
    // README counts 270 readable records, as a parser that gives up on chunk
    // 7 at its damaged record does; the evtx crate goes on to the next
    // record header and reads 31 more of chunk 7's records (their IDs lie in
    // the range its chunk header gives, 47628 to 47705), as its own tests
    // count: 301 records, 3 damaged parts.
    let (report, stderr, code) = scan_evtx("sample_with_a_bad_chunk_magic.evtx");
    assert_eq!(report["entries"].as_u64(), Some(301), "{stderr}");
    assert!(matches!(code, Some(0 | 1)), "{stderr}");
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.starts_with("warning:")).collect();
    assert!(!warnings.is_empty(), "{stderr}");
    assert!(
        warnings.iter().all(|w| w.contains("sample_with_a_bad_chunk_magic.evtx") && w.contains("chunk")),
        "{stderr}"
    );
    assert_eq!(warnings.len(), 3, "{stderr}");
    assert!(
        warnings[0].contains("chunk number 10")
            && warnings[1].contains("chunk number 6")
            && warnings[2].contains("chunk 7"),
        "{stderr}"
    );
    assert_eq!(report["files"][0]["damaged"].as_u64(), Some(3));
}

#[test]
fn scan_takes_several_files_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.log");
    let b = dir.path().join("b.log");
    std::fs::write(&a, format!("{SEED_LOG_LINE}\n")).unwrap();
    let routine =
        "Sleeping for 60 minutes~  $$<SMS_DISTRIBUTION_MANAGER><08-03-2011 10:02:11.000-600><thread=4404 (0x1134)>";
    std::fs::write(&b, format!("{routine}\n{SEED_LOG_LINE}\n")).unwrap();
    let out = run(&["scan", "--json", a.to_str().unwrap(), b.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let report = json(&out);
    assert_eq!((report["lines"].as_u64(), report["entries"].as_u64()), (Some(3), Some(3)));
    let finding = &report["findings"][0];
    assert_eq!(finding["count"], 2);
    assert_eq!(finding["files"][0]["first_line"], 1);
    assert_eq!(finding["files"][1]["first_line"], 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("from 2 files"));
    // `--help` teaches it.
    let help = String::from_utf8_lossy(&kbmatch(&["scan", "--help"], None).stdout).into_owned();
    for taught in ["several", "*.evtx", "flood", "2339"] {
        assert!(help.contains(taught), "{taught}: {help}");
    }
}

#[test]
fn a_first_hit_under_one_half_is_shown_as_the_closest_not_as_the_answer() {
    // "the" names nothing: its hits share only that word.
    let out = run(&["match", "the"], None);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("No article is likely to answer this. Closest:\n"), "{text}");
    let answer = json(&run(&["match", "--json", "the"], None));
    assert_eq!(answer["likely_answer"], false);
    // The seed's log line is answered: no such line, and the JSON says so.
    let out = run(&["match", SEED_LOG_LINE], None);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("No article is likely"));
    assert_eq!(json(&run(&["match", "--json", SEED_LOG_LINE], None))["likely_answer"], true);
}

#[test]
fn min_confidence_keeps_only_hits_that_sure_and_exits_1_when_none_is() {
    let all = json(&run(&["match", "--json", "--limit", "5", SEED_LOG_LINE], None));
    let kept = json(&run(&["match", "--json", "--limit", "5", "--min-confidence", "0.5", SEED_LOG_LINE], None));
    let sure = all["results"].as_array().unwrap().iter().filter(|h| h["confidence"].as_f64().unwrap() >= 0.5).count();
    assert_eq!(kept["results"].as_array().unwrap().len(), sure);
    assert!(sure >= 1 && sure < all["results"].as_array().unwrap().len());
    // Nothing that sure: exit 1, and stderr says why.
    let out = run(&["match", "--min-confidence", "0.9", "the"], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stderr).trim(), "no article matches with a confidence of 0.9 or more");
    // In a batch, every line is held to it.
    let out = run(&["match", "--batch", "-", "--min-confidence", "0.9"], Some("{\"qid\": 1, \"query\": \"the\"}\n"));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), r#"{"qid":1,"results":[],"likely_answer":false}"#);
    // A confidence outside 0..1 is refused by the parser, exit 2.
    let out = run(&["match", "--min-confidence", "1.5", "the"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("give a confidence from 0 to 1"));
}

#[test]
fn show_takes_several_ids_and_names_the_one_it_lacks() {
    let out = run(&["show", "--json", "Q900001", "Q999", "Q900005"], None);
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let ids: Vec<&str> = lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["Q900001", "Q999", "Q900005"]);
    assert!(lines[1]["error"].as_str().unwrap().starts_with("no article Q999 in the index"));
    assert_eq!(lines[0]["title"], "SMS: Distribution Manager Retries Create Many Package Jobs");
}

/// Run from a folder with neither an index nor a corpus, `match` and `scan`
/// (which take no --corpus) say what works instead of suggesting --corpus.
#[test]
fn a_first_run_from_another_folder_names_what_works() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.log"), "Error: the package could not be copied\n").unwrap();
    for args in [&["match", "2328"][..], &["scan", "x.log"]] {
        let out = Command::new(env!("CARGO_BIN_EXE_kbmatch"))
            .args(args)
            .current_dir(dir.path())
            .env_remove("KBMATCH_INDEX")
            .env_remove("KBMATCH_CORPUS")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "kbmatch: error: no index at ./index and no corpus at ./corpus to build it from: build one with \
             `kbmatch index --corpus DIR`, or name an index with --index DIR, or set KBMATCH_INDEX (an index \
             folder) or KBMATCH_CORPUS (a corpus to build it from)\n",
            "{args:?}"
        );
        assert!(out.stdout.is_empty());
        assert!(!dir.path().join("index").exists(), "nothing is built");
    }
}

/// Every `kbmatch show ID` that `--help`, `show --help` and the README give
/// as an example runs on the sample corpus.
#[test]
fn the_examples_of_show_name_articles_of_the_sample_corpus() {
    let help = String::from_utf8(kbmatch(&["--help"], None).stdout).unwrap();
    let show_help = String::from_utf8(kbmatch(&["show", "--help"], None).stdout).unwrap();
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    let mut ids: Vec<String> = [help.as_str(), readme.as_str()]
        .iter()
        .flat_map(|text| text.split("show ").skip(1))
        .filter_map(|rest| rest.split(|c: char| !c.is_ascii_alphanumeric()).next())
        .filter(|id| id.len() > 3 && id.chars().any(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect();
    assert!(ids.iter().any(|id| id == "Q900001"), "{ids:?}");
    // `Article id: Q900001 (also 900001, KB900001)`.
    let spellings = show_help.split("Article id: ").nth(1).expect("the id's help").split(')').next().unwrap();
    ids.extend(spellings.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| w.contains("900")).map(str::to_string));
    assert_eq!(ids.len(), 5, "{ids:?}");
    for id in &ids {
        let out = run(&["show", id], None);
        assert_eq!(out.status.code(), Some(0), "show {id}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// `stats` says its counts in words that agree with them, and names the
/// index folder as such.
#[test]
fn stats_text_reads_as_english() {
    let out = run(&["stats"], None);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "11 articles (1 blog, 3 doc, 7 kb) from 12 files, 0 skipped");
    assert!(lines[1].starts_with(&format!("index folder: {} (", index().display())), "{text}");
    assert_eq!(lines[2], "corpus: corpus");

    let one = tempfile::tempdir().unwrap();
    let one = one.path().to_str().unwrap();
    let built = kbmatch(&["index", "--corpus", "corpus/saved/Q900002.txt", "--index", one], None);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let text = String::from_utf8(kbmatch(&["stats", "--index", one], None).stdout).unwrap();
    assert!(text.starts_with("1 article (1 kb) from 1 file, 0 skipped\nindex folder: "), "{text}");
}

/// A paste far over the limit is read only as far as it is matched: the
/// note says so, and the error in its first 256 KiB is found.
#[test]
fn a_huge_paste_on_stdin_is_matched_by_its_first_256_kib() {
    let noise = "copying files to the distribution point went on as planned for this site\n";
    let mut paste = String::from("Despooler failed to execute the instruction, error code = 38a\n");
    while paste.len() < 8 * 1024 * 1024 {
        paste.push_str(noise);
    }
    let out = run(&["match", "--json", "--limit", "1"], Some(&paste));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "note: the paste is 8192 KiB; only its first 256 KiB are matched. For a whole log, `kbmatch scan LOGFILE` \
         lists every known problem in it.\n"
    );
    assert_eq!(json(&out)["results"][0]["id"], "Q900006");
}

/// `serve --timeout` takes seconds; a time limit of nothing is refused
/// with what to give instead, before anything is served.
#[test]
fn serve_refuses_a_time_limit_of_nothing() {
    for bad in ["0", "100000", "soon"] {
        let out = run(&["serve", "--addr", "127.0.0.1:0", "--timeout", bad], None);
        assert_eq!(out.status.code(), Some(2), "--timeout {bad}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!(
                "{bad} is no time limit: give seconds, more than 0 and at most a day, such as 30 or 2.5"
            )),
            "{stderr}"
        );
    }
}

#[test]
fn the_build_memory_budget_is_a_size_and_too_little_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("index");
    let build = |memory: &str| {
        kbmatch(&["index", "--corpus", "corpus", "--index", at.to_str().unwrap(), "--memory", memory], None)
    };
    for bad in ["10M", "lots", "512X"] {
        let out = build(bad);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("--memory"), "{err}");
    }
    let err = String::from_utf8_lossy(&build("10M").stderr).into_owned();
    assert!(err.contains("\"10M\" is too little: a build needs at least 64M"), "{err}");
    assert!(!at.exists(), "a refused budget builds nothing");
    let out = build("1G");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("indexed 11 articles"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `kbmatch index --help` names every format the build reads.
#[test]
fn index_help_names_every_format_it_reads() {
    let out = kbmatch(&["index", "--help"], None);
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8(out.stdout).unwrap();
    for format in [
        "KB archive page",
        "KB text file",
        "KB web page (HTML)",
        "saved page text",
        "modern KB Markdown",
        "blog post",
        "Markdown",
        "HTML page",
        "Word document            .docx",
        "PDF                      .pdf",
        "plain text               .txt",
        "ticket export            .csv or .json",
    ] {
        assert!(help.contains(&format!("\n  {format}")), "{format} is not named:\n{help}");
    }
}

/// `kbmatch completions bash` is a script bash loads, and it completes the
/// commands and their options.
#[test]
fn bash_completion_completes_commands_and_options() {
    let out = kbmatch(&["completions", "bash"], None);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("kbmatch.bash");
    std::fs::write(&script, &out.stdout).unwrap();
    let complete = |words: &str| {
        let program = format!(
            "source {}; COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); \
             _kbmatch kbmatch \"${{COMP_WORDS[-1]}}\" \"${{COMP_WORDS[-2]}}\"; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            script.display()
        );
        let out = Command::new("bash").args(["-c", &program]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let mut words: Vec<String> = String::from_utf8(out.stdout).unwrap().lines().map(str::to_string).collect();
        words.sort();
        words
    };
    assert_eq!(complete("kbmatch s"), ["scan", "serve", "show", "stats"]);
    assert_eq!(complete("kbmatch index --ti"), ["--ticket-columns"]);
    assert_eq!(complete("kbmatch completions z"), ["zsh"]);
}

/// The other shells' scripts name the command and its commands.
#[test]
fn zsh_fish_and_powershell_completions_are_generated() {
    for (shell, first) in
        [("zsh", "#compdef kbmatch"), ("fish", "# Print an optspec"), ("elvish", ""), ("powershell", "")]
    {
        let out = kbmatch(&["completions", shell], None);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.starts_with(first), "{shell}: {}", &script[..script.len().min(200)]);
        for command in ["index", "match", "scan", "serve", "mcp", "completions", "man"] {
            assert!(script.contains(command), "{shell} lacks {command}");
        }
    }
    let out = kbmatch(&["completions", "tcsh"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid value 'tcsh'"), "{out:?}");
}

/// `kbmatch man` writes a manual page that man reads: kbmatch's, and each
/// command's with its options.
#[test]
fn man_writes_pages_that_man_formats() {
    let page = |args: &[&str]| {
        let out = kbmatch(args, None);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let main = page(&["man"]);
    assert!(main.starts_with(".ie \\n(.g .ds Aq \\(aq"), "{}", &main[..200]);
    assert!(main.contains("\n.TH kbmatch 1  \"kbmatch 0.1.0\" \"kbmatch manual\"\n"), "{main}");
    assert!(main.contains("kbmatch\\-index(1)"), "the commands' pages are named:\n{main}");
    let index = page(&["man", "index"]);
    assert!(index.contains("\n.TH kbmatch-index 1  \"kbmatch 0.1.0\" \"kbmatch manual\"\n"), "{index}");
    assert!(index.contains("\n\\fBkbmatch index\\fR ["), "the synopsis calls it `kbmatch index`:\n{index}");
    assert!(index.contains("\\-\\-ticket\\-columns"), "{index}");
    assert!(index.contains("Word document"), "the formats are in the page");
    // Formatted by man itself, as a user reads it.
    if std::path::Path::new("/usr/bin/groff").exists() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("kbmatch-index.1");
        std::fs::write(&file, &index).unwrap();
        let out = Command::new("groff").args(["-man", "-Tutf8", "-ww"]).arg(&file).output().unwrap();
        assert!(out.status.success() && out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let out = kbmatch(&["man", "nosuch"], None);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("kbmatch: error: no command \"nosuch\": give one of index, match, show,"), "{stderr}");
}
