//! Honest confidence: a question no article answers gets a first hit under
//! 0.5 (`likely_answer` false) on the corpus the user has, small or large;
//! a specific answer stays confident. Each case is one a user tried (issue
//! #24's table). Before the confidence knew that a question may have no
//! answer, every one of them was answered at 0.86 to 0.99.

use common::desk;
use kbmatch::{BuildOptions, KnowledgeBase, MatchAnswer, SearchOptions};
use std::path::Path;

use crate::common;

/// The embedded sample corpus (`corpus/`), indexed in a temp folder.
fn sample() -> (tempfile::TempDir, KnowledgeBase) {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let (kb, _) = KnowledgeBase::build(&[&corpus], dir.path().join("index"), &BuildOptions::default()).expect("build");
    (dir, kb)
}

fn first(kb: &KnowledgeBase, paste: &str) -> (f64, bool) {
    let answer = kb.answer(paste, &SearchOptions::default()).expect("answer");
    (answer.results.first().map_or(0.0, |hit| hit.confidence), answer.likely_answer)
}

#[track_caller]
fn not_likely(kb: &KnowledgeBase, paste: &str) {
    let (confidence, likely) = first(kb, paste);
    assert!(confidence < MatchAnswer::LIKELY && !likely, "{paste:?}: first hit at {confidence}");
}

#[test]
fn questions_the_sample_corpus_cannot_answer_are_not_likely_answered() {
    let (_dir, kb) = sample();
    // Measured when written: 0.41, 0.14 and 0.34 (0.99 each before); with
    // the archive's rarities 0.18, 0.04, 0.12, and 0.02 and 0.21 for the
    // two questions about things the archive does not know; "hadnlis" 0.16
    // (0.96 while a word stemmed to a function word's stem, "hadn" of
    // "hadn't", was content); "the server is slow" 0.07 since whether the
    // corpus answers is a forest of trees (0.62 from a logistic model, 0.85
    // before the confidence weighed questions of one or two words: both its
    // words are in one article of eleven).
    for paste in [
        "the server is slow",
        "outlook keeps crashing when I open a calendar",
        "what is the capital of France",
        "STOP 0x0000000A IRQL_NOT_LESS_OR_EQUAL",
        "how to descale a nespresso vertuo",
        "kubernetes pod stuck in CrashLoopBackOff",
        "hadnlis",
    ] {
        not_likely(&kb, paste);
    }
}

/// The paste of the README's first command (`cargo run --release -- match '...'`).
fn readme_paste() -> String {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).expect("README.md");
    let line = readme.lines().find(|l| l.starts_with("$ cargo run --release -- match '")).expect("the first command");
    let paste = line.trim_start_matches("$ cargo run --release -- match '");
    paste.strip_suffix('\'').expect("a paste in single quotes").to_string()
}

#[test]
fn the_readme_first_command_is_answered_surely_with_the_hotfix_files() {
    let (_dir, kb) = sample();
    let answer = kb.answer(&readme_paste(), &SearchOptions::default()).expect("answer");
    let first = &answer.results[0];
    // 0.99 when written: the same message, the file name aside, and error 32.
    assert_eq!(first.id, "Q900005");
    assert!(answer.likely_answer && first.confidence >= 0.9, "{}", first.confidence);
    assert!(answer.results[1..].iter().all(|hit| hit.confidence < 0.1), "{:?}", answer.results);
    let files: Vec<(&str, Option<&str>)> =
        first.hotfix_files.iter().map(|f| (f.file.as_str(), f.version.as_deref())).collect();
    assert_eq!(
        files,
        [
            ("Inboxast.dll", Some("2.0.1493.3206")),
            ("Inboxmgr.dll", Some("2.0.1493.3206")),
            ("Inboxast.dll", Some("2.0.1493.3206")),
            ("Inboxmgr.dll", Some("2.0.1493.3206"))
        ]
    );
    assert_eq!(first.procedures.len(), 2);
}

#[test]
fn a_line_two_notes_quote_is_answered_by_the_one_about_it_less_surely() {
    let (_dir, kb) = sample();
    let paste = r#"Cannot update the package server ["Display=\\DP02\"]MSWNET:["SMS_SITE=SYD"]\\DP02\ for package SYD00045, error = 8~  $$<SMS_DISTRIBUTION_MANAGER><08-03-2011 10:02:10.123-600><thread=4404 (0x1134)>"#;
    let answer = kb.answer(paste, &SearchOptions::default()).expect("answer");
    assert_eq!(answer.results[0].id, "/kbmatch-notes/2011/08/05/package-stuck-install-pending-after-dp-power-cycle/");
    // 0.80 (0.81, 0.80, 0.73, 0.75, 0.77 before): the same message, on a corpus
    // of eleven articles, where the runbook written from the note quotes
    // it too (0.63).
    assert!(answer.likely_answer && answer.results[0].confidence >= 0.7, "{}", answer.results[0].confidence);
    assert_eq!(answer.results[1].id, "runbooks/dp-package-install-pending.md");
}

const RUNBOOK: &str = "# Package stuck in Install Pending\n\n## Symptoms\n\nA package stays in Install Pending on the \
     distribution point after the site server restarts.\n\n## Resolution\n\n1. Restart the SMS_EXECUTIVE service.\n\
     2. Refresh the package on the distribution point.\n";

#[test]
fn a_desks_own_corpus_does_not_answer_an_unrelated_question() {
    let articles: Vec<(String, String)> = (1..=6)
        .map(|n| (format!("runbook-{n}.md"), RUNBOOK.replace("Install Pending", &format!("state {n}"))))
        .collect();
    let (_dir, kb) = desk(&articles);
    not_likely(&kb, "outlook keeps crashing when I open a calendar");
    // The question it does answer.
    let (confidence, _) =
        first(&kb, "package stays in state 3 on the distribution point after the site server restarts");
    assert!(confidence > first(&kb, "outlook keeps crashing when I open a calendar").0);
}

#[test]
fn a_lone_function_word_is_no_question_on_a_corpus_of_two_runbooks() {
    let (_dir, kb) = desk(&[("a.md", RUNBOOK), ("b.md", RUNBOOK.replace("Install Pending", "Retrying").as_str())]);
    not_likely(&kb, "the");
}

/// "How" and "why" hold a question together and name nothing: the answer
/// does not give them as words in common (it named "how" before).
#[test]
fn question_words_are_not_named_as_words_in_common() {
    let (_dir, kb) = sample();
    let answer = kb.answer("how do I bake sourdough bread", &SearchOptions::default()).expect("answer");
    let named: Vec<&str> = answer
        .results
        .iter()
        .flat_map(|hit| &hit.why)
        .filter_map(|w| w.strip_prefix("words in common: "))
        .flat_map(|words| words.split(", "))
        .collect();
    // Nothing in common: "bread" is a word (six archive articles hold it),
    // not a typo of "read" (one with its first letter changed).
    assert_eq!((answer.results.len(), named), (5, Vec::<&str>::new()));
    let answer = kb.answer("why does the despooler fail", &SearchOptions::default()).expect("answer");
    let named: Vec<&str> = answer.results[0].why.iter().filter_map(|w| w.strip_prefix("words in common: ")).collect();
    assert_eq!(named, ["despooler, fail"]);
}

/// A runbook about one step that fails with a code, in the desk's words.
fn step_runbook(step: &str, message: &str, code: &str) -> String {
    format!(
        "# {step} step fails with error {code}\n\n## Symptoms\n\nThe task sequence stops at the {step} step. \
         The log says:\n\n    {message} (Error: {code})\n\n## Resolution\n\n1. Check the {step} step's settings.\n\
         2. Run the task sequence again.\n"
    )
}

/// A common code (0x80070057, "the parameter is incorrect", quoted by 42
/// archive articles in one form or another) shared with an article about
/// another step is no specific evidence, and the hit is not said to be the
/// answer however few articles the desk has; a code few articles anywhere
/// quote, with the same message, is.
#[test]
fn a_common_code_beside_another_message_is_no_specific_evidence() {
    let (_dir, kb) = desk(&[
        (
            "driver.md",
            step_runbook("Apply Driver Package", "Failed to run DISM to stage the driver package", "0x80070057"),
        ),
        (
            "network.md",
            step_runbook("Apply Network Settings", "Failed to join the domain with the account given", "0x87d00324"),
        ),
    ]);
    let answer = kb
        .answer(
            "TSManager: Failed to get the environment variable _SMSTSAdvertID. 0x80070057",
            &SearchOptions::default(),
        )
        .expect("answer");
    let first = &answer.results[0];
    assert_eq!((first.id.as_str(), first.specific, answer.likely_answer), ("driver.md", false, false));
    let answer = kb
        .answer("Failed to join the domain with the account given (Error: 0x87d00324)", &SearchOptions::default())
        .expect("answer");
    let first = &answer.results[0];
    assert_eq!((first.id.as_str(), first.specific, answer.likely_answer), ("network.md", true, true));
}

/// The task sequence engine ends every failed step's line with the same
/// advice and the code's own text ("This is usually caused by a problem
/// with the program. Please check the Microsoft Knowledge Base ...", "The
/// parameter is incorrect. (Error: 80070057; Source: Windows)"): a runbook
/// quoting another step's line is not the same message, and is not said to
/// answer a step it does not name; the same step's line is.
#[test]
fn the_advice_and_the_codes_text_after_a_failed_step_are_no_message() {
    let advice = "This is usually caused by a problem with the program. Please check the Microsoft Knowledge Base to \
                  determine if this is a known issue or contact Microsoft Support Services for further assistance.";
    let code_text = "The parameter is incorrect. (Error: 80070057; Source: Windows)";
    let runbook = format!(
        "# Apply Driver Package step fails with error 80070057\n\n## Symptoms\n\nThe task sequence stops. \
         SMSTS.log shows:\n\n> Failed to run the action: Apply Driver Package. {advice}  \n> {code_text}\n\n\
         ## Resolution\n\n1. Update the boot images.\n2. Run the task sequence again.\n"
    );
    let (_dir, kb) = desk(&[
        ("driver.md", runbook.as_str()),
        ("printing.md", "# Printing stops\n\n## Symptoms\n\nJobs stay in the queue and nothing prints.\n"),
    ]);
    let other = format!("Failed to save the current environment block. {advice}\n{code_text}");
    let answer = kb.answer(&other, &SearchOptions::default()).expect("answer");
    let first = &answer.results[0];
    assert_eq!((first.id.as_str(), first.same_message), ("driver.md", false));
    let same = format!("Failed to run the action: Apply Driver Package. {advice}\n{code_text}");
    let answer = kb.answer(&same, &SearchOptions::default()).expect("answer");
    let first = &answer.results[0];
    assert_eq!((first.id.as_str(), first.same_message, answer.likely_answer), ("driver.md", true, true));
}

/// A number pasted alone ("42") says neither whose it is nor what ID: the
/// one article naming event 42 is still found first, but nothing says it
/// answers; "Event ID 42" says what the number is.
#[test]
fn a_number_pasted_alone_is_no_sign_that_an_article_answers() {
    let (_dir, kb) = desk(&[
        (
            "sleep.md",
            "# The computer does not wake from sleep\n\n## Symptoms\n\nThe system log records event ID 42 from \
             Kernel-Power before the screen stays black.\n",
        ),
        ("printing.md", "# Printing stops\n\n## Symptoms\n\nJobs stay in the queue and nothing prints.\n"),
    ]);
    let alone = kb.answer("42", &SearchOptions::default()).expect("answer");
    let first = &alone.results[0];
    assert_eq!((first.id.as_str(), first.specific, alone.likely_answer), ("sleep.md", false, false));
    let named = kb.answer("Event ID 42", &SearchOptions::default()).expect("answer");
    let first = &named.results[0];
    assert_eq!((first.id.as_str(), first.specific, named.likely_answer), ("sleep.md", true, true));
}

/// A bare error number is any program's ("Logon balancing error 88" is
/// SAP's, "exit code 137" a killed process's): an article that quotes the
/// same number about another program is no specific evidence, however few
/// quote it; the number written as its HRESULT leaves no doubt which code
/// it is.
#[test]
fn a_bare_error_number_is_no_specific_evidence_where_its_hresult_is() {
    let (_dir, kb) = desk(&[
        (
            "ts-errors.md",
            "# Terminal server error messages\n\n## Symptoms\n\nThe client shows one of these:\n\n\
             - Error 88: The network session to the terminal server was reset.\n\
             - Error 91: The terminal server license has expired.\n",
        ),
        ("printing.md", "# Printing stops\n\n## Symptoms\n\nJobs stay in the queue and nothing prints.\n"),
    ]);
    let answer = kb
        .answer("Logon balancing error 88: cannot connect to message server (rc=-10)", &SearchOptions::default())
        .expect("answer");
    let first = &answer.results[0];
    assert_eq!((first.id.as_str(), first.specific), ("ts-errors.md", false));
    let answer = kb.answer("The session failed with 0x80070058", &SearchOptions::default()).expect("answer");
    let first = &answer.results[0];
    assert_eq!((first.id.as_str(), first.specific), ("ts-errors.md", true));
}
