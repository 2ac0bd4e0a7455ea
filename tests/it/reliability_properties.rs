//! Property tests over the query side and the extractors, end to end:
//! arbitrary input never panics and the outputs keep their invariants.
//!
//! The modules' own proptests check single functions (`logline::parse`
//! never panics, `mask` is idempotent, each extractor never panics); these
//! check what the stages promise to the next one: line numbers in order,
//! query analysis within its limits, and a whole `Article` well formed.

use kbmatch::Error;
use kbmatch::article::{Article, ArticleKind, Section, SourceFormat};
use kbmatch::extract;
use kbmatch::ingest::Document;
use kbmatch::ingest::document::DocumentMeta;
use kbmatch::logs as logline;
use kbmatch::matcher::{function_words, query};
use proptest::prelude::*;
use regex::Regex;
use std::path::PathBuf;
use std::sync::LazyLock;

/// Cases per property (proptest's default is 256).
const CASES: u32 = 512;
/// Cases of the whole-document property.
const DOCUMENT_CASES: u32 = 256;

// ---- strategies ----

/// Pieces of log text in every layout the parser knows, plus noise.
fn log_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<![LOG[Failed to open the queue file, error 0x80070020]LOG]!><time=\"10:12:00.000+000\" date=\"03-03-2003\" component=\"WidgetAgent\" context=\"\" type=\"3\" thread=\"12\" file=\"q.cpp:1\">".to_string()),
        Just("<![LOG[multi\nline\nrecord]LOG]!><time=\"\" component=\"\" type=\"\">".to_string()),
        Just("<![LOG[".to_string()),
        Just("]LOG]!>".to_string()),
        Just("Cannot update the package server for package CEN0042A, error = 8  $$<SMS_DISTRIBUTION_MANAGER><Mon Mar 03 10:12:00.000 2003 GMT><thread=1234 (0x4D2)>".to_string()),
        Just("$$<".to_string()),
        Just("Log Name:      System".to_string()),
        Just("Source:        Srv".to_string()),
        Just("Event ID:      2019".to_string()),
        Just("Event ID: 99999999999".to_string()),
        Just("Level:         Error".to_string()),
        Just("Description:".to_string()),
        Just("The server was unable to allocate from the system nonpaged pool.".to_string()),
        Just("Event Xml:".to_string()),
        Just("<Event xmlns=\"x\"><System/></Event>".to_string()),
        Just("2003-03-03 10:12:00 ERROR Widget queue is locked".to_string()),
        Just("[Warning] disk almost full".to_string()),
        Just(String::new()),
        Just("\r".to_string()),
        Just("\t  ".to_string()),
        "[ -~]{0,40}",
        ".{0,30}",
    ]
}

fn log_text() -> impl Strategy<Value = String> {
    prop::collection::vec(log_piece(), 0..40).prop_map(|pieces| pieces.join("\n"))
}

/// Pieces of article text: KB headers, section names, lists, hotfix
/// tables, identifiers, quoted messages, markup, noise.
fn article_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Article: Q123456".to_string()),
        Just("Product(s): Microsoft Systems Management Server".to_string()),
        Just("Version(s): 2.0".to_string()),
        Just("Keyword(s): kbsms200 kbbug".to_string()),
        Just("Last Modified: 06-AUG-2002".to_string()),
        Just("SYMPTOMS".to_string()),
        Just("CAUSE".to_string()),
        Just("RESOLUTION".to_string()),
        Just("WORKAROUND".to_string()),
        Just("MORE INFORMATION".to_string()),
        Just("STATUS".to_string()),
        Just("========".to_string()),
        Just("=====".to_string()),
        Just(String::new()),
        Just("To resolve this problem, follow these steps:".to_string()),
        Just("Steps to reproduce the behavior:".to_string()),
        Just("1. Stop the widget service.".to_string()),
        Just("   2. Delete the queue file.".to_string()),
        Just("      a. Open the folder.".to_string()),
        Just("3.".to_string()),
        Just("1. 6.6975 --> 6.698".to_string()),
        Just("   Date        Time    Version         Size      File name     Platform".to_string()),
        Just("   -------------------------------------------------------------------".to_string()),
        Just("   03/02/2003  10:12   2.00.1493.4017  118,544   Wdgcoll.dll   Intel".to_string()),
        Just("   Wdgcoll.dll 2.00.1493.4017 0 03/02/2003".to_string()),
        Just("   File name: Distmgr.dll  Size: 0 bytes".to_string()),
        Just("| File | Version | Size |".to_string()),
        Just("+------+---------+------+".to_string()),
        Just("| a.dll | 1.0 | 12 KB |".to_string()),
        Just("Status message ID 2328 and status messages 615 through 620".to_string()),
        Just("Event ID: 4014 Source: MSExchangeIS".to_string()),
        Just("error 0x80041001, error code 0x0, hr=8007000E, STOP 0x0000001E".to_string()),
        Just("0xFFFFFFFFFFFFFFFFFFFFFFFF and Win32 error 5 and error = 0".to_string()),
        Just("HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components".to_string()),
        Just("see distmgr.log, PREINST.EXE and .dll".to_string()),
        Just("SMS_DISTRIBUTION_MANAGER and sms_executive and SMS_".to_string()),
        Just("see Q256986, Q0000000, KB 2617545 and Q123456".to_string()),
        Just("You receive the following error message: \"Cannot update <package ID>, error = %1\"".to_string()),
        Just("   The widget queue cannot be opened.".to_string()),
        Just("<strong>bold</strong> <pre>x</pre> &amp; &lt;".to_string()),
        "[ -~\u{80}-\u{3000}]{0,60}",
        ".{0,40}",
    ]
}

fn article_text() -> impl Strategy<Value = String> {
    prop_oneof![prop::collection::vec(article_piece(), 0..60).prop_map(|p| p.join("\n")), any::<String>(),]
}

fn kind() -> impl Strategy<Value = (ArticleKind, SourceFormat)> {
    prop_oneof![
        Just((ArticleKind::Kb, SourceFormat::KbPage)),
        Just((ArticleKind::Kb, SourceFormat::KbText)),
        Just((ArticleKind::Kb, SourceFormat::KbHtml)),
        Just((ArticleKind::Kb, SourceFormat::KbSavedPage)),
        Just((ArticleKind::Blog, SourceFormat::BlogPost)),
        Just((ArticleKind::Doc, SourceFormat::Markdown)),
    ]
}

fn strings(max: usize) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(".{0,20}", 0..max)
}

fn document() -> impl Strategy<Value = Document> {
    let id =
        prop_oneof!["Q[0-9]{5,7}", "/[a-z0-9-]{1,12}/[a-z0-9/-]{0,20}/", "[a-z0-9_-]{1,12}/[a-z0-9._-]{1,20}\\.md"];
    let sections = prop::option::of(prop::collection::vec(
        (
            prop_oneof![Just("BODY".to_string()), Just("Resolution".to_string()), Just("Steps".to_string()), ".{0,20}"],
            article_text(),
        )
            .prop_map(|(name, text)| Section { name, text }),
        0..6,
    ));
    let meta = (
        strings(3),
        strings(3),
        strings(3),
        prop::option::of(".{0,12}"),
        prop::option::of(".{0,12}"),
        strings(3),
        strings(3),
    )
        .prop_map(|(products, versions, keywords, modified, date, categories, tags)| DocumentMeta {
            products,
            versions,
            keywords,
            modified,
            date,
            categories,
            tags,
            cites: Vec::new(),
        });
    (id, kind(), prop::option::of(".{0,40}"), meta, article_text(), sections, strings(5)).prop_map(
        |(id, (kind, format), title, meta, body, sections, emphasized)| Document {
            source: PathBuf::from(format!("corpus/{id}")),
            id,
            kind,
            format,
            title,
            meta,
            body,
            sections,
            emphasized,
        },
    )
}

// ---- invariants ----

fn strictly_increasing<T: Ord + std::fmt::Debug>(what: &str, v: &[T]) -> Result<(), TestCaseError> {
    prop_assert!(v.windows(2).all(|w| w[0] < w[1]), "{what} not sorted and distinct: {v:?}");
    Ok(())
}

static ERROR_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:(?:stop:)?0x[0-9a-f]{8,}|win32:[1-9][0-9]*|name:[A-Z][A-Z0-9_]*)$").unwrap());
static ARTICLE_REF: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^Q[1-9][0-9]*$").unwrap());

/// `named_components`: components come from text (`SMS_...`, `CCM_...`),
/// not from a log wrapper's `component="..."`, which may be any name.
/// `merged_events`: an event seen with its source is not listed again
/// without it (true of an article's signals).
fn check_signals(
    s: &kbmatch::article::Signals,
    named_components: bool,
    merged_events: bool,
) -> Result<(), TestCaseError> {
    strictly_increasing("message ids", &s.message_ids)?;
    strictly_increasing("event ids", &s.event_ids)?;
    strictly_increasing("error codes", &s.error_codes)?;
    strictly_increasing("registry keys", &s.registry_keys)?;
    strictly_increasing("log files", &s.log_files)?;
    strictly_increasing("file names", &s.file_names)?;
    strictly_increasing("components", &s.components)?;
    strictly_increasing("articles", &s.articles)?;
    for code in &s.error_codes {
        prop_assert!(ERROR_CODE.is_match(code), "error code {code:?}");
    }
    for a in &s.articles {
        prop_assert!(ARTICLE_REF.is_match(a), "article reference {a:?}");
    }
    for log in &s.log_files {
        prop_assert!(log.ends_with(".log") && log.len() > 4 && *log == log.to_lowercase(), "log file {log:?}");
    }
    for file in &s.file_names {
        prop_assert!(!file.is_empty() && *file == file.to_lowercase() && file.contains('.'), "file name {file:?}");
    }
    for c in &s.components {
        prop_assert!(*c == c.to_uppercase() && !c.trim().is_empty(), "component {c:?}");
        prop_assert!(!named_components || c.starts_with("SMS_") || c.starts_with("CCM_"), "component {c:?}");
    }
    for k in &s.registry_keys {
        prop_assert!(!k.trim().is_empty(), "registry key {k:?}");
    }
    // In an article, an event seen with its source is not listed again
    // without it. (A paste may hold the same event twice, once with its
    // source and once without: the query analysis keeps both.)
    for e in s.event_ids.iter().filter(|e| merged_events && e.source.is_none()) {
        prop_assert!(!s.event_ids.iter().any(|o| o.id == e.id && o.source.is_some()), "event {} twice", e.id);
    }
    Ok(())
}

fn check_article(doc: &Document, a: &Article) -> Result<(), TestCaseError> {
    prop_assert_eq!(&a.id, &doc.id);
    prop_assert_eq!(a.kind, doc.kind);
    prop_assert_eq!(&a.title, doc.title.as_ref().unwrap_or(&doc.id));
    if let Some(sections) = &doc.sections {
        prop_assert_eq!(&a.sections, sections);
    }
    for step in &a.steps {
        prop_assert!(!step.trim().is_empty(), "blank step in {:?}", a.steps);
    }
    prop_assert_eq!(a.steps.is_empty(), a.steps_section.is_none(), "steps {:?} from {:?}", &a.steps, &a.steps_section);
    if let Some(section) = &a.steps_section {
        prop_assert!(a.sections.iter().any(|s| &s.name == section), "steps section {section:?} is not a section");
    }
    for row in &a.hotfix_files {
        prop_assert!(!row.file.trim().is_empty(), "hotfix row without a file: {row:?}");
        prop_assert!(row.size.is_none_or(|s| s > 0), "hotfix size must be positive: {row:?}");
        for field in [&row.version, &row.date, &row.time, &row.platform].into_iter().flatten() {
            prop_assert!(!field.trim().is_empty(), "blank hotfix field: {row:?}");
        }
    }
    check_signals(&a.signals, true, true)?;
    prop_assert!(!a.signals.articles.contains(&a.id), "an article references itself");
    for m in &a.messages {
        prop_assert!(!m.trim().is_empty(), "blank message in {:?}", a.messages);
    }
    // What the index stores is what `show` prints: it must round-trip.
    let json = serde_json::to_string(a).unwrap();
    let back: Article = serde_json::from_str(&json).unwrap();
    prop_assert_eq!(&back, a);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    /// Entries come in paste order: line numbers never go back, start at 1
    /// and stay within the text; messages are collapsed white space.
    #[test]
    fn log_entries_keep_line_order(text in prop_oneof![log_text(), any::<String>()]) {
        let entries = logline::parse(&text);
        let lines = text.split('\n').count();
        let mut last = 1;
        for e in &entries {
            prop_assert!(e.line >= last, "line {} after {}: {:?}", e.line, last, entries);
            prop_assert!(e.line <= lines, "line {} of {}", e.line, lines);
            last = e.line;
            prop_assert_eq!(&e.message, &e.message.split_whitespace().collect::<Vec<_>>().join(" "));
            prop_assert!(!e.message.is_empty() || e.event_id.is_some(), "empty entry {:?}", e);
        }
    }

    /// Any paste is analysed without panicking; it fails only when nothing
    /// but white space and control characters is left.
    #[test]
    fn query_analysis_never_panics(text in prop_oneof![log_text(), any::<String>(), article_text()]) {
        let blank = text
            .char_indices()
            .take_while(|(i, _)| *i < kbmatch::matcher::weights::MAX_QUERY_BYTES)
            .all(|(_, c)| c.is_whitespace() || c.is_control() || c == '\u{fffd}');
        match query::analyze(&text) {
            Err(Error::EmptyQuery) => prop_assert!(blank, "{text:?} is not empty"),
            Err(e) => prop_assert!(false, "unexpected error {e}"),
            Ok(a) => {
                prop_assert!(!blank, "{text:?} should be empty");
                prop_assert!(a.entries.len() <= kbmatch::matcher::weights::MAX_ENTRIES);
                for (i, t) in a.templates.iter().enumerate() {
                    prop_assert!(!t.trim().is_empty());
                    prop_assert!(!a.templates[..i].contains(t), "template twice: {t:?}");
                }
                check_signals(&a.signals, true, false)?;
                check_signals(&a.context, false, false)?;
                if let Some(n) = a.bare_number {
                    // What is left once control characters are dropped,
                    // undecodable bytes (U+FFFD) read as spaces, and the
                    // function words ("hi", "please") and punctuation
                    // around it taken away is the number.
                    let cleaned: String = text
                        .chars()
                        .filter(|c| !c.is_control())
                        .map(|c| if c == '\u{fffd}' { ' ' } else { c })
                        .collect();
                    let told: Vec<&str> = cleaned
                        .split(|c: char| !c.is_alphanumeric())
                        .filter(|w| !w.is_empty() && !function_words::is_function_word(&w.to_lowercase()))
                        .collect();
                    prop_assert_eq!(told.len(), 1, "{:?}", told);
                    prop_assert_eq!(told[0].parse::<u32>().ok(), Some(n));
                }
            }
        }
    }

}

proptest! {
    // Whole documents are slower to extract (about 25 ms each in a debug build).
    #![proptest_config(ProptestConfig::with_cases(DOCUMENT_CASES))]

    /// Any document becomes a well-formed article.
    #[test]
    fn any_document_extracts_to_a_well_formed_article(doc in document()) {
        let sources = vec![doc.source.display().to_string()];
        let article = extract::extract(&doc, sources.clone());
        prop_assert_eq!(&article.sources, &sources);
        check_article(&doc, &article)?;
    }
}

/// A paste far larger than the analysed prefix is cut at a character
/// boundary (a multi-byte character straddles the limit here).
#[test]
fn huge_paste_is_cut_at_a_character_boundary() {
    let mut text = "x".repeat(kbmatch::matcher::weights::MAX_QUERY_BYTES - 1);
    text.push('é');
    text.push_str(&"error 0x80041001 ".repeat(1000));
    let a = query::analyze(&text).unwrap();
    assert!(a.signals.error_codes.is_empty(), "text past the limit is ignored");
}
