//! Ticket exports end to end through the `kbmatch` binary: a folder with a
//! ServiceNow export, JSON Lines with a broken line and a Markdown runbook,
//! indexed and searched with `--kind ticket`; named columns; bad options.

use crate::common;

use common::kbmatch_in_repo as kbmatch;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(common::repo().join("tests/fixtures/tickets").join(name)).unwrap()
}

use common::stdout_json as json;

use common::path_str as s;

#[test]
fn a_ticket_export_beside_a_runbook() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    let index = tmp.path().join("index");
    std::fs::create_dir_all(corpus.join("runbooks")).unwrap();
    std::fs::write(corpus.join("incidents.csv"), fixture("servicenow.csv")).unwrap();
    std::fs::write(corpus.join("badges.jsonl"), fixture("badges.jsonl")).unwrap();
    std::fs::write(
        corpus.join("runbooks/printer.md"),
        "# Label printer prints nothing\n\nWhen labels come out blank:\n\n1. Check the ribbon.\n2. Calibrate the printer.\n",
    )
    .unwrap();

    let out = kbmatch(&["index", "--corpus", s(&corpus), "--index", s(&index), "--json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let report = json(&out);
    assert_eq!(report["by_kind"], serde_json::json!({"doc": 1, "ticket": 6}));
    // The broken line is named, with its file; the rest of the file is read.
    let bad = format!("warning: skipped {}:3: ", s(&corpus.join("badges.jsonl")));
    assert!(stderr.contains(&bad), "{stderr}");
    assert_eq!(report["skipped"][0]["line"], 3);

    let out = kbmatch(&[
        "match",
        "--index",
        s(&index),
        "--kind",
        "ticket",
        "--json",
        "label printer prints blank pages, panel says HEAD OPEN",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let hits = json(&out)["results"].clone();
    assert_eq!(hits[0]["id"], "INC0012345");
    assert_eq!(hits[0]["kind"], "ticket");
    assert_eq!(hits[0]["steps_section"], "Resolution");
    assert_eq!(
        hits[0]["steps"],
        serde_json::json!([
            "Opened the print head and reseated the ribbon.",
            "Ran a calibration from the printer's menu.",
            "Printed a test label."
        ])
    );
    assert!(hits.as_array().unwrap().iter().all(|h| h["kind"] == "ticket"));

    let out = kbmatch(&["show", "--index", s(&index), "--json", "INC0012347"]);
    let article = json(&out);
    assert_eq!(article["title"], "Mail client asks for the password again and again");
    assert_eq!(article["sections"].as_array().map(Vec::len), Some(1));
}

#[test]
fn named_columns_and_bad_options() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    let index = tmp.path().join("index");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(
        corpus.join("desk.csv"),
        "Ref;Headline text;What happened;What we did\n\
         R7;Badge printer jams;Cards stick in the feeder of the badge printer.;\"1) Cleaned the rollers\n2) Loaded new cards\"\n\
         R8;Door stays locked;The side door ignores every badge.;Reset the door controller.\n",
    )
    .unwrap();

    // Unrecognised columns: the file is skipped, saying how to name them.
    let out = kbmatch(&["index", "--corpus", s(&corpus), "--index", s(&index)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--ticket-columns id=COL,title=COL,problem=COL,fix=COL"));

    let columns = "id=Ref,title=Headline text,problem=What happened,fix=What we did";
    let out = kbmatch(&["index", "--corpus", s(&corpus), "--index", s(&index), "--ticket-columns", columns]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = kbmatch(&["match", "--index", s(&index), "--kind", "ticket", "--json", "badge printer cards stick"]);
    let hits = json(&out)["results"].clone();
    assert_eq!(hits[0]["id"], "R7");
    assert_eq!(hits[0]["steps"], serde_json::json!(["Cleaned the rollers", "Loaded new cards"]));

    let out = kbmatch(&["index", "--corpus", s(&corpus), "--index", s(&index), "--ticket-columns", "owner=Bob"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("unknown key \"owner\": the keys are id, title, problem and fix"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = kbmatch(&["match", "--index", s(&index), "--kind", "faq", "x"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("give kb, blog, doc or ticket"));
}
