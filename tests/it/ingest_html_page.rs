//! HTML pages that are not KB articles (`SourceFormat::HtmlPage`): a
//! synthetic page's file table read by the hotfix extractor (always), and
//! (ignored unless run by `.ci/run`) the 65 standalone pages and 65 wiki
//! pages of `../shared/corpus/formats/`.
use crate::common;

use kbmatch::article::{ArticleKind, SourceFormat};
use kbmatch::extract::hotfix;
use kbmatch::ingest::{Document, read_file};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Read one file that holds one page.
fn read_page(path: &Path, root: &Path) -> Document {
    let mut docs =
        read_file(path, root, &Default::default()).unwrap_or_else(|e| panic!("{}: {e}", path.display())).documents;
    assert_eq!(docs.len(), 1, "{}", path.display());
    docs.remove(0)
}

/// A page's table of files is laid out so that the hotfix extractor reads it.
#[test]
fn file_table_reaches_the_hotfix_extractor() {
    let html = "<!DOCTYPE html><html><head><title>Gadget fix | Desk</title></head><body>\
        <nav><a href=\"/\">Home</a> <a href=\"/a\">All pages</a> <a href=\"/b\">Recent</a></nav>\
        <h1>Gadget fix</h1><p>This update fixes the gadget service. It installs these files:</p>\
        <table><thead><tr><th>File name</th><th>File version</th><th>File size</th><th>Date</th></tr></thead>\
        <tbody><tr><td>Gadget.dll</td><td>5.1.2600.17</td><td>123,456</td><td>04-Mar-2024</td></tr>\
        <tr><td>Gadgetsvc.exe</td><td>5.1.2600.17</td><td>9,876</td><td>04-Mar-2024</td></tr></tbody></table>\
        </body></html>";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gadget.html");
    std::fs::write(&path, html).unwrap();
    let doc = read_page(&path, dir.path());
    assert_eq!((doc.id.as_str(), doc.format, doc.kind), ("gadget.html", SourceFormat::HtmlPage, ArticleKind::Doc));
    assert_eq!(doc.title.as_deref(), Some("Gadget fix"));
    let files = hotfix::extract(&doc.body);
    let read: Vec<(&str, Option<&str>, Option<u64>)> =
        files.iter().map(|f| (f.file.as_str(), f.version.as_deref(), f.size)).collect();
    assert_eq!(
        read,
        [("Gadget.dll", Some("5.1.2600.17"), Some(123_456)), ("Gadgetsvc.exe", Some("5.1.2600.17"), Some(9_876))]
    );
}

/// The files of one folder of `../shared/corpus/formats/`, sorted.
fn formats_folder(name: &str) -> (PathBuf, Vec<PathBuf>) {
    let root = common::shared().join("corpus/formats");
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(name))
        .unwrap_or_else(|e| panic!("no {name} pages under {} ({e})", root.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.sort();
    (root, files)
}

/// Text of the wiki's chrome (header, sidebar, breadcrumbs, page metadata,
/// labels, comments, footer), as one of its pages shows it.
const WIKI_CHROME: &[&str] = &[
    "Contoso Wiki",
    "Signed in as",
    "Space tools",
    "Service desk home",
    "On-call rota",
    "Escalation matrix",
    "Contact the network team",
    "Recently updated",
    "Printer mapping GPO",
    "IT Operations",
    "Created by Alex Kim",
    "last modified by",
    "known-error",
    "2 Comments",
    "Pat Chen",
    "Worked for us on the second site",
    "screenshot of the console here",
    "Powered by a wiki engine",
    "Terms of use",
    "window.WIKI",
    "float:left",
];

#[test]
#[ignore = "needs the real corpus: run by .ci/run"]
fn formats_html_and_wiki_pages() {
    let mut report = Vec::new();
    for folder in ["html", "wiki"] {
        let (root, files) = formats_folder(folder);
        assert_eq!(files.len(), 65, "{folder}");
        let (mut bytes, mut read, mut h1_titles, mut sections) = (0usize, 0usize, 0usize, 0usize);
        let start = Instant::now();
        for path in &files {
            bytes += std::fs::metadata(path).unwrap().len() as usize;
            let doc = read_page(path, &root);
            read += 1;
            assert_eq!(doc.format, SourceFormat::HtmlPage, "{}", path.display());
            assert_eq!(doc.id, format!("{folder}/{}", path.file_name().unwrap().to_string_lossy()));
            for chrome in WIKI_CHROME {
                assert!(!doc.body.contains(chrome), "{}: chrome {chrome:?} in the body", path.display());
            }
            // The body starts with the article's own heading, the title.
            let title = doc.title.clone().unwrap_or_default();
            if doc.body.starts_with(&format!("{title}\n\n")) {
                h1_titles += 1;
            }
            sections += doc.sections.as_ref().map_or(0, Vec::len);
            let text = std::fs::read_to_string(path).unwrap();
            if text.contains("Original KB number:") {
                assert!(doc.body.contains("Original KB number:"), "{}", path.display());
            }
            assert!(!doc.body.contains("<p>") && !doc.body.contains("&lt;") && !doc.body.contains("&amp;"));
        }
        let secs = start.elapsed().as_secs_f64();
        report.push(format!(
            "{folder}: {read} read, {h1_titles} titled by their <h1>, {:.1} sections each, {:.1} MB/s",
            sections as f64 / read as f64,
            bytes as f64 / 1e6 / secs
        ));
        assert_eq!(h1_titles, read, "{folder}");
    }
    eprintln!("{}", report.join("\n"));

    // A few exact titles: the article's heading, not the wiki's page name
    // or the `<title>` with its site suffix.
    let (root, _) = formats_folder("wiki");
    let title = |rel: &str| read_page(&root.join(rel), &root).title.unwrap_or_default();
    assert_eq!(
        title("wiki/0-byte-file-compression-enabled.html"),
        "A 0-byte file might be returned when compression is enabled on a server that is running IIS"
    );
    assert_eq!(
        title("html/400-bad-request.html"),
        "\"HTTP 400 Bad Request\" error when proxying HTTP requests from an Exchange Server to a previous version of Exchange Server"
    );
}
