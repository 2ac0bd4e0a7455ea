//! The Word and PDF readers over `../shared/corpus/formats/{docx,pdf}`,
//! checked against the same articles' Markdown originals in
//! `../shared/corpus/modern/` (ignored unless run by `.ci/run`: they need
//! the real corpus). Prints, per format, how many files were read, how
//! many titles equal the original's, how many of its sections and
//! remediation steps were found, and the reading speed.
use crate::common;

use kbmatch::article::{ArticleKind, SourceFormat};
use kbmatch::extract::steps;
use kbmatch::ingest::{Document, ReadOptions};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Every Markdown original under `modern/`, by file stem.
fn originals() -> HashMap<String, PathBuf> {
    let mut out = HashMap::new();
    let mut stack = vec![common::shared().join("corpus/modern")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.insert(path.file_stem().unwrap().to_string_lossy().into_owned(), path);
            }
        }
    }
    out
}

/// Read a file that holds one article.
fn read_file(path: &Path, root: &Path) -> Result<Vec<Document>, kbmatch::ingest::SkipReason> {
    kbmatch::ingest::read_file(path, root, &ReadOptions::default()).map(|read| read.documents)
}

fn read_one(path: &Path) -> Document {
    let mut docs = read_file(path, path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(docs.len(), 1);
    docs.remove(0)
}

/// The front matter's `title:` of a Markdown original.
fn front_title(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    let line = text.lines().take_while(|l| !l.is_empty()).find_map(|l| l.strip_prefix("title:"))?;
    Some(line.trim().trim_matches(['"', '\'']).to_owned())
}

/// Words of a text, for comparing what two readers made of one paragraph.
fn words(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ").to_lowercase()
}

/// One format's figures against the originals.
#[derive(Debug, Default)]
struct Figures {
    files: usize,
    read: usize,
    title_is_h1: usize,
    title_is_front: usize,
    sections_original: usize,
    sections_found: usize,
    steps_original: usize,
    steps_found: usize,
    bytes: u64,
    seconds: f64,
}

/// Read every file of `formats/<format>`, compare with the originals.
fn figures(format: &str, expected: SourceFormat) -> (Figures, HashMap<String, Document>) {
    let dir = common::shared().join("corpus/formats").join(format);
    let originals = originals();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    let mut f = Figures { files: files.len(), ..Figures::default() };
    let mut docs = HashMap::new();
    let start = Instant::now();
    for path in &files {
        f.bytes += std::fs::metadata(path).unwrap().len();
        if let Ok(mut read) = read_file(path, &dir) {
            f.read += 1;
            docs.insert(path.file_stem().unwrap().to_string_lossy().into_owned(), read.remove(0));
        }
    }
    f.seconds = start.elapsed().as_secs_f64();
    for (stem, doc) in &docs {
        assert_eq!((doc.kind, doc.format), (ArticleKind::Doc, expected), "{stem}");
        let md = originals.get(stem).unwrap_or_else(|| panic!("no original for {stem}"));
        let original = read_one(md);
        f.title_is_h1 += usize::from(doc.title == original.title);
        f.title_is_front += usize::from(doc.title == front_title(md));
        let names: Vec<String> = doc.sections.iter().flatten().map(|s| words(&s.name)).collect();
        for s in original.sections.iter().flatten().filter(|s| s.name != "BODY") {
            f.sections_original += 1;
            f.sections_found += usize::from(names.contains(&words(&s.name)));
        }
        let (want, _) = steps::extract(original.sections.as_deref().unwrap_or_default(), ArticleKind::Doc);
        let (got, _) = steps::extract(doc.sections.as_deref().unwrap_or_default(), ArticleKind::Doc);
        let got: Vec<String> = got.iter().map(|s| words(s)).collect();
        f.steps_original += want.len();
        f.steps_found += want.iter().filter(|s| got.contains(&words(s))).count();
    }
    println!(
        "{format}: {}/{} read; titles = H1 {}, = front-matter title {}; sections {}/{} ({:.0} %); steps {}/{} ({:.0} %); {:.1} MB/s, {:.0} articles/s",
        f.read,
        f.files,
        f.title_is_h1,
        f.title_is_front,
        f.sections_found,
        f.sections_original,
        100.0 * f.sections_found as f64 / f.sections_original.max(1) as f64,
        f.steps_found,
        f.steps_original,
        100.0 * f.steps_found as f64 / f.steps_original.max(1) as f64,
        f.bytes as f64 / 1e6 / f.seconds,
        f.read as f64 / f.seconds,
    );
    (f, docs)
}

/// Steps found by the steps extractor in a document.
fn step_count(doc: &Document) -> usize {
    steps::extract(doc.sections.as_deref().unwrap_or_default(), ArticleKind::Doc).0.len()
}

/// The named documents have the original's title and as many steps (the
/// figure checked too).
fn same_as_original(docs: &HashMap<String, Document>, cases: &[(&str, &str, usize)]) {
    let originals = originals();
    for (stem, title, steps) in cases {
        let doc = &docs[*stem];
        let original = read_one(&originals[*stem]);
        assert_eq!(doc.title.as_deref(), Some(*title), "{stem}");
        assert_eq!(front_title(&originals[*stem]).as_deref(), Some(*title), "{stem}");
        assert_eq!((step_count(doc), step_count(&original)), (*steps, *steps), "{stem}");
    }
}

#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn word_documents_read_like_their_originals() {
    let (f, docs) = figures("docx", SourceFormat::Docx);
    assert_eq!((f.read, f.files), (65, 65));
    assert_eq!(f.title_is_front, 65, "the Title paragraph is pandoc's metadata title");
    assert!(f.sections_found * 100 >= f.sections_original * 85, "{f:?}");
    assert!(f.steps_found * 100 >= f.steps_original * 95, "{f:?}");
    same_as_original(
        &docs,
        &[
            ("clients-not-receive-policy-data", "ConfigMgr clients don't receive policy data", 4),
            ("cmg-communication-error", "Configuration Manager Clients Can't Communicate with CMG", 8),
            ("error-1058-displayed-when-service-stops", "Error 1058 is displayed when a service suddenly stops", 13),
        ],
    );
    let doc = &docs["client-installation-error-1603"];
    assert!(doc.emphasized.iter().any(|e| e == "%systemroot%\\installer"));
}

#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn pdf_documents_read_like_their_originals() {
    let (f, docs) = figures("pdf", SourceFormat::Pdf);
    assert_eq!((f.read, f.files), (65, 65));
    assert_eq!(f.title_is_front, 65, "the largest first line is pandoc's title block");
    assert!(f.sections_found * 100 >= f.sections_original * 80, "{f:?}");
    assert!(f.steps_found * 100 >= f.steps_original * 85, "{f:?}");
    same_as_original(
        &docs,
        &[
            (
                "delivery-emails-with-pictures-delayed",
                "Delay in delivering emails with image attachments in Exchange Server 2016",
                7,
            ),
            ("event-9519-error-0x80004005-mount-database", "Event ID 9519 when you mount a database", 12),
            ("http-error-405-website", "Resolve HTTP 405.0 errors in IIS 7.0 and later", 9),
        ],
    );
}
