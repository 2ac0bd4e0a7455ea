//! Format detection from content (the file name is only a hint).
//!
//! Checks run from the most specific layout to the least: front matter
//! (KB page or blog post), the KB text header, HTML, the saved KB page, and
//! last plain Markdown. The extension only decides whether text that matches
//! no KB or blog layout is a Markdown document or something else entirely.
use super::document::SkipReason;
use super::text::{FrontMatter, split_front_matter};
use crate::article::SourceFormat;
use regex::Regex;
use std::path::Path;
use std::sync::LazyLock;

/// How far into a file the layout marks are looked for.
const HEAD_BYTES: usize = 4096;

/// Extensions of Markdown documents.
const MARKDOWN_EXTENSIONS: &[&str] = &["md", "markdown", "mdown", "mkd", "mkdn"];
/// Extensions of plain text notes (text, not Markdown).
const TEXT_EXTENSIONS: &[&str] = &["txt", "text"];

/// Extensions of HTML pages.
const HTML_EXTENSIONS: &[&str] = &["html", "htm", "xhtml", "shtml"];

/// Extensions of files that are text but not articles (data, code, logs).
const NOT_ARTICLE_EXTENSIONS: &[&str] = &[
    "json", "xml", "yaml", "yml", "toml", "csv", "tsv", "log", "ini", "cfg", "conf", "reg", "ps1", "psm1", "psd1",
    "bat", "cmd", "sh", "py", "rs", "c", "h", "cpp", "cs", "js", "ts", "css", "sql", "mof", "vbs", "pl", "rb",
];

/// Extensions of tables that may be a service desk's ticket export.
const TABLE_EXTENSIONS: &[&str] = &["csv", "tsv"];
/// Extensions of JSON that may be a ticket export.
const JSON_EXTENSIONS: &[&str] = &["json", "jsonl", "ndjson"];

/// `Q319207: Title` on a line of its own.
static KB_TITLE_LINE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^\s*Q\d{3,8}:\s*\S").expect("static regex"));
/// `Article: Q319207` on a line of its own.
static ARTICLE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^[ \t]*Article:[ \t]*Q\d{3,8}\b").expect("static regex"));
/// A KB id in a page heading or title.
static KB_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?m)(?:^##\s*|^title:\s*["']?)Q\d{3,8}:"#).expect("static regex"));
/// Front-matter keys a blog post has and a KB page does not.
static BLOG_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^(permalink|date|categories|tags|author|guid|layout:\s*post)\b").expect("static regex")
});
/// A KB id in an HTML `<title>` or `<h2>`.
static HTML_KB_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)<(?:title|h2)\b[^>]*>\s*Q\d{3,8}:").expect("static regex"));

/// The first `max` bytes of `text`, cut at a character boundary.
fn head(text: &str, max: usize) -> &str {
    &text[..text.floor_char_boundary(max)]
}

/// Which reader should read this text.
pub fn detect(text: &str, path: &Path) -> Result<SourceFormat, SkipReason> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match split_front_matter(text) {
        FrontMatter::Unclosed => {
            return Err(SkipReason::Malformed {
                format: "front matter",
                why: "the --- block that opens the file never closes".into(),
            });
        }
        FrontMatter::Closed { yaml, rest } => {
            if rest.contains("{% raw %}") && (KB_TITLE.is_match(yaml) || KB_TITLE.is_match(head(rest, HEAD_BYTES))) {
                return Ok(SourceFormat::KbPage);
            }
            // Before the blog test: these articles name an `author:` too.
            if super::kb_markdown::is_kb_markdown(yaml, rest) {
                return Ok(SourceFormat::KbMarkdown);
            }
            if BLOG_KEY.is_match(yaml) {
                return Ok(SourceFormat::BlogPost);
            }
            // Front matter with only a title (or nothing useful) is a document.
            return Ok(SourceFormat::Markdown);
        }
        FrontMatter::None => {}
    }

    let start = head(text.trim_start(), HEAD_BYTES);
    if start.starts_with("DOCUMENT:") || (start.starts_with("TITLE   :") && start.contains("\nPRODUCT :")) {
        return Ok(SourceFormat::KbText);
    }
    let lower = start.to_ascii_lowercase();
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    // An HTML file starts with markup; a Markdown runbook that shows `<html>`
    // in an example further down is still Markdown. A page saved without
    // `<html>` (a wiki's exported fragment) is told by its name.
    let html_page = lower.contains("<html") || lower.contains("<!doctype html") || HTML_EXTENSIONS.contains(&ext.as_str());
    if lower.starts_with('<') && html_page {
        // Only the part up to the article is looked at for the title; the
        // `<pre>` may sit anywhere.
        if HTML_KB_TITLE.is_match(head(text, 64 * 1024)) && text.contains("<pre") {
            return Ok(SourceFormat::KbHtml);
        }
        return Ok(SourceFormat::HtmlPage);
    }
    // A saved page: chrome lines, then the article's header block
    // (`Article:` followed by `Product(s):`) near the top.
    let top = head(text, 2 * HEAD_BYTES);
    if let Some(article) = ARTICLE_LINE.find(top)
        && top[article.end()..].lines().take(4).any(|l| l.trim_start().starts_with("Product(s):"))
    {
        let before = &top[..article.start()];
        // The heading line right above the article, or nothing but short
        // chrome lines: a document that merely quotes an `Article:` line
        // further down is not a saved page.
        let last_line = before.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("");
        if before.trim().is_empty() || KB_TITLE_LINE.is_match(last_line) || is_chrome_only(before) {
            return Ok(SourceFormat::KbSavedPage);
        }
    }

    if MARKDOWN_EXTENSIONS.contains(&ext.as_str()) {
        return Ok(SourceFormat::Markdown);
    }
    if TEXT_EXTENSIONS.contains(&ext.as_str()) {
        return Ok(SourceFormat::PlainText);
    }
    // A table or JSON records may be a ticket export: its reader tells
    // from the columns, and refuses the rest with `not_an_article`.
    if TABLE_EXTENSIONS.contains(&ext.as_str()) {
        return Ok(SourceFormat::TicketCsv);
    }
    if JSON_EXTENSIONS.contains(&ext.as_str()) && text.trim_start().starts_with(['[', '{']) {
        return Ok(SourceFormat::TicketJson);
    }
    if NOT_ARTICLE_EXTENSIONS.contains(&ext.as_str()) {
        return Err(not_an_article(&ext));
    }
    if looks_like_prose(text) {
        // Headings or markup at the start of a line: written as Markdown.
        let markdown = head(text, 16 * 1024).lines().any(|l| l.starts_with("# ") || l.starts_with("## ") || l.starts_with('<'));
        return Ok(if markdown { SourceFormat::Markdown } else { SourceFormat::PlainText });
    }
    Err(SkipReason::UnknownFormat(
        "text that is neither a KB article, a blog post nor prose or Markdown (give documents a .md or .txt name)"
            .into(),
    ))
}

/// Why a data or code file is skipped.
pub(super) fn not_an_article(ext: &str) -> SkipReason {
    SkipReason::UnknownFormat(format!(
        "a .{ext} file is not an article (articles are KB pages, KB text or HTML, blog posts, or .md/.txt documents)"
    ))
}

/// Whether the lines before a saved page's `Article:` line are short site
/// chrome (titles, buttons) rather than a document that merely quotes one.
fn is_chrome_only(before: &str) -> bool {
    let lines: Vec<&str> = before.lines().filter(|l| !l.trim().is_empty()).collect();
    lines.len() <= 8 && lines.iter().all(|l| l.len() <= 80)
}

/// Markdown headings, or mostly lines of words: a document someone wrote.
fn looks_like_prose(text: &str) -> bool {
    let sample = head(text, 16 * 1024);
    let lines: Vec<&str> = sample.lines().map(str::trim).filter(|l| !l.is_empty()).take(200).collect();
    if lines.is_empty() {
        return false;
    }
    if lines.iter().any(|l| l.starts_with("# ") || l.starts_with("## ")) {
        return true;
    }
    let wordy = lines
        .iter()
        .filter(|l| {
            let letters = l.chars().filter(|c| c.is_alphabetic() || *c == ' ').count();
            letters * 10 >= l.chars().count() * 7 && l.split_whitespace().count() >= 3
        })
        .count();
    wordy * 2 >= lines.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str, path: &str) -> Result<SourceFormat, SkipReason> {
        detect(text, Path::new(path))
    }

    #[test]
    fn formats() {
        assert_eq!(
            d("---\ntitle: \"Q1234: T\"\n---\n## Q1234: T\n{% raw %}\n\tx\n{% endraw %}\n", "a.md"),
            Ok(SourceFormat::KbPage)
        );
        assert_eq!(d("---\ntitle: Post\ndate: 2011-08-03\n---\nText.\n", "a.md"), Ok(SourceFormat::BlogPost));
        assert_eq!(d("---\ntitle: Runbook\n---\n# Runbook\n", "a.md"), Ok(SourceFormat::Markdown));
        assert_eq!(d("DOCUMENT:Q1234  01-JAN-2000  [sms]\nTITLE   :T\n", "Q1234.TXT"), Ok(SourceFormat::KbText));
        assert_eq!(
            d("<!DOCTYPE html><html><title>Q1234: T | S</title><pre>x</pre></html>", "i.html"),
            Ok(SourceFormat::KbHtml)
        );
        assert_eq!(
            d("Archive\n\nView on GitHub\n\nQ1234: T\n\nArticle: Q1234\nProduct(s): P\n", "s.txt"),
            Ok(SourceFormat::KbSavedPage)
        );
        assert_eq!(d("Article: Q1234\nProduct(s): P\n", "s"), Ok(SourceFormat::KbSavedPage));
        assert_eq!(d("# Runbook\n\nRestart the service.\n", "r.md"), Ok(SourceFormat::Markdown));
        assert_eq!(d("Restart the service when it hangs.\n", "notes"), Ok(SourceFormat::PlainText));
        assert_eq!(d("Restart the service when it hangs.\n", "notes.txt"), Ok(SourceFormat::PlainText));
        assert_eq!(d("# Restart\n\nWhen it hangs.\n", "notes"), Ok(SourceFormat::Markdown));
        assert_eq!(d("# Fix\n\nArticle: Q1234 explains it.\n", "f.md"), Ok(SourceFormat::Markdown));
        assert_eq!(d("# Web\n\nThe page starts with <html> and then:\n", "w.md"), Ok(SourceFormat::Markdown));
        assert_eq!(d("<!-- saved -->\n<html><title>Q1234: T</title><pre>x</pre>", "p.htm"), Ok(SourceFormat::KbHtml));
        // Any other page is read for its main content.
        assert_eq!(d("<html><body><p>hello</p></body></html>", "x.html"), Ok(SourceFormat::HtmlPage));
        assert_eq!(d("<!DOCTYPE html><title>Q1234: T</title><p>No pre.</p>", "x"), Ok(SourceFormat::HtmlPage));
        assert_eq!(d("<h1>Exported</h1><p>A fragment.</p>", "page.htm"), Ok(SourceFormat::HtmlPage));
        assert_eq!(d("<h1>Not a page</h1> without an HTML name.", "notes"), Ok(SourceFormat::Markdown));
    }

    #[test]
    fn unknown_and_malformed() {
        assert!(matches!(d("key = 1", "x.json"), Err(SkipReason::UnknownFormat(_))));
        assert_eq!(d("{\"a\": 1}", "x.json"), Ok(SourceFormat::TicketJson));
        assert_eq!(d("id,title\n1,x\n", "x.csv"), Ok(SourceFormat::TicketCsv));
        assert!(matches!(d("0x1f 0x22 ;; ++ --\n=== ###\n", "x.bin"), Err(SkipReason::UnknownFormat(_))));
        assert_eq!(
            d("---\ntitle: never closed\n\nText\n", "a.md"),
            Err(SkipReason::Malformed {
                format: "front matter",
                why: "the --- block that opens the file never closes".into()
            })
        );
    }
}
