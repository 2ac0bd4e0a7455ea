//! Reader: any HTML page that is not a rendered KB article (see
//! [`crate::article::SourceFormat::HtmlPage`]): a support desk's exported
//! wiki pages and saved web pages.
//!
//! The page's main content is found the way readability tools find it, by
//! structure and by density rather than by one site's class names:
//!
//! 1. The page is tokenized with html5gum into a flat list of elements (each
//!    knows its parent, so the tree is an arena walked with loops: nesting
//!    depth costs nothing, and no function recurses) and a list of events
//!    (an element opens or closes, text, a line break).
//! 2. Chrome is marked: `<nav>`, `<header>`, `<footer>`, `<aside>`, ARIA
//!    roles such as `navigation` or `search`, hidden elements, class or id
//!    words that every kind of site uses for chrome (`sidebar`,
//!    `breadcrumb`, `comment`, ...), and blocks made of short links (menus,
//!    breadcrumbs). Scripts, styles, forms' controls and buttons never give
//!    text. Chrome that holds half the page's prose is kept all the same.
//! 3. Within the `<main>` (or the one `<article>`, else the body), every
//!    paragraph of 25 characters or more scores its container and the
//!    container's ancestors; the best container, weighed down by the share
//!    of its text that is links, is the content. It grows to its parent
//!    while the parent adds prose of its own (a third as much again, few
//!    links), so an article split over several blocks is read whole.
//!
//! The content is then written as plain text: headings are sections,
//! ordered-list items `1. text` paragraphs (nested ones `a. text`,
//! indented), unordered items `- text` lines, tables one row a line with
//! cells padded to columns (two spaces at least between them), `<pre>`
//! kept as written; `<pre>`, `<code>` and `<blockquote>` text is also kept
//! as emphasised text. The title is the content's first `<h1>`, else the
//! page's, else the `<title>` without a site suffix.
mod content;
mod page;
mod writer;

use super::document::{Document, SkipReason};
use super::markdown_doc::doc_id;
use crate::article::{ArticleKind, SourceFormat};
use content::{choose_content, page_h1, strip_site_suffix};
use page::parse;
use std::path::Path;
use writer::render;

/// Read one HTML page; its id is its path relative to `root`.
pub fn read(text: &str, path: &Path, root: &Path) -> Result<Document, SkipReason> {
    let page = parse(text);
    let content = choose_content(&page);
    let rendered = render(&page, &content.kept);
    if rendered.body.is_empty() {
        return Err(SkipReason::Malformed { format: "HTML page", why: "the page holds no text".into() });
    }
    let title = rendered
        .first_h1
        .clone()
        .or_else(|| page_h1(&page, &content.navish))
        .or_else(|| page.title.as_deref().map(|t| strip_site_suffix(t, &page.headings, &page.site_names)))
        .filter(|t| !t.is_empty())
        .or_else(|| path.file_stem().map(|s| s.to_string_lossy().into_owned()));
    Ok(Document {
        id: doc_id(path, root),
        kind: ArticleKind::Doc,
        format: SourceFormat::HtmlPage,
        title,
        meta: Default::default(),
        body: rendered.body,
        sections: Some(rendered.sections),
        emphasized: rendered.emphasized,
        source: path.to_path_buf(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    /// A synthetic runbook as a page body: intro, a quoted message, a code
    /// block, numbered steps with lettered sub-steps, a bullet list, a table.
    const ARTICLE: &str = r#"<h1 id="gadget-service-stops-after-the-nightly-update">Gadget service stops
after the nightly update</h1>
<p>The gadget service on a branch server stops, and the console shows an error.</p>
<p><em>Applies to:</em>&nbsp; Gadget Server 3.1<br />
<em>Original KB number:</em>&nbsp; 4242</p>
<h2 id="symptoms">Symptoms</h2>
<p>The application log records:</p>
<blockquote><p>Gadget service terminated unexpectedly with code 0x80070422.</p></blockquote>
<blockquote><p>[!NOTE] Only branch servers are affected.</p></blockquote>
<pre><code>gadgetctl status
  state: stopped</code></pre>
<h2 id="resolution">Resolution</h2>
<ol type="1">
<li>Open <strong>Services</strong>.</li>
<li><p>Set the start type:</p>
<ol type="a"><li>Right-click <b>Gadget</b>.</li><li>Select <code>Automatic</code>.</li></ol></li>
<li>Restart the server &amp; check again.</li>
</ol>
<ul><li>Every site is affected.</li><li>Clients need no restart.</li></ul>
<table><thead><tr><th>File</th><th>Version</th></tr></thead>
<tbody><tr><td>gadget.dll</td><td>3.1.7.2</td></tr><tr><td>gadgetsvc.exe</td><td>3.1.7.10</td></tr></tbody></table>"#;

    /// The body every form of the runbook gives.
    const BODY: &str = "Gadget service stops after the nightly update\n\n\
        The gadget service on a branch server stops, and the console shows an error.\n\n\
        Applies to: Gadget Server 3.1\nOriginal KB number: 4242\n\n\
        Symptoms\n\n\
        The application log records:\n\n\
        Gadget service terminated unexpectedly with code 0x80070422.\n\n\
        [!NOTE] Only branch servers are affected.\n\n\
        gadgetctl status\n  state: stopped\n\n\
        Resolution\n\n\
        1. Open Services.\n\n\
        2. Set the start type:\n\n\
        \x20  a. Right-click Gadget.\n\n\
        \x20  b. Select Automatic.\n\n\
        3. Restart the server & check again.\n\n\
        - Every site is affected.\n- Clients need no restart.\n\n\
        File           Version\ngadget.dll     3.1.7.2\ngadgetsvc.exe  3.1.7.10";

    /// The runbook as a converter's standalone page: a title block, a style.
    fn standalone() -> String {
        format!(
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\" /><title>Gadget stops</title>\
             <style>p {{ margin: 1em }} a < b</style></head><body>\n\
             <header id=\"title-block-header\"><h1 class=\"title\">Gadget stops</h1></header>\n{ARTICLE}\n</body></html>"
        )
    }

    /// The runbook inside a wiki's chrome.
    fn wiki() -> String {
        let links: String =
            ["Desk home", "Rota", "Known issues", "Printers", "Phones"].iter().map(|l| format!("<li><a href=\"/p\">{l}</a></li>")).collect();
        format!(
            "<!DOCTYPE html><html><head><title>Gadget stops - Ops space - Team Wiki</title>\
             <script>var w = {{\"user\": \"kim\"}}; if (a < b) {{ w.x = 1; }}</script></head><body>\
             <header><div class=\"brand\">Team Wiki</div><nav><a href=\"/\">Spaces</a> <a href=\"/people\">People</a></nav>\
             <form class=\"search-form\"><input name=\"q\" placeholder=\"Find pages\"><button>Go</button></form></header>\
             <div id=\"sidebar\"><h3>Shortcuts</h3><ul>{links}</ul></div>\
             <div id=\"page\"><div class=\"breadcrumbs\"><a href=\"/o\">Ops space</a> &gt; <a href=\"/r\">Runbooks</a></div>\
             <h1 id=\"page-title\">Gadget stops</h1><div class=\"page-info\">Written by Robin Park, changed on May 2, 2024</div>\
             <p><a href=\"/edit\">Edit</a></p>\
             <div class=\"page-body\">{ARTICLE}</div>\
             <div class=\"comments\"><h2>1 Comment</h2><p>Robin Park: this fixed our second branch as well, thank you.</p></div></div>\
             <footer>Hosted by the wiki team - Privacy - Help</footer></body></html>"
        )
    }

    fn read_html(html: &str) -> Document {
        read(html, Path::new("/srv/desk/pages/gadget.html"), Path::new("/srv/desk")).unwrap()
    }

    #[test]
    fn reads_a_standalone_page() {
        let doc = read_html(&standalone());
        assert_eq!(doc.id, "pages/gadget.html");
        assert_eq!((doc.kind, doc.format), (ArticleKind::Doc, SourceFormat::HtmlPage));
        assert_eq!(doc.title.as_deref(), Some("Gadget service stops after the nightly update"));
        assert_eq!(doc.body, BODY);
        assert_eq!(
            doc.emphasized,
            [
                "Gadget service terminated unexpectedly with code 0x80070422.",
                "gadgetctl status\n  state: stopped",
                "Automatic"
            ]
        );
        let sections = doc.sections.unwrap();
        let names: Vec<&str> = sections.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Gadget service stops after the nightly update", "Symptoms", "Resolution"]);
        assert_eq!(
            sections[2].text,
            "1. Open Services.\n\n2. Set the start type:\n\n   a. Right-click Gadget.\n\n   b. Select Automatic.\n\n\
             3. Restart the server & check again.\n\n- Every site is affected.\n- Clients need no restart.\n\n\
             File           Version\ngadget.dll     3.1.7.2\ngadgetsvc.exe  3.1.7.10"
        );
    }

    #[test]
    fn a_wiki_page_reads_like_its_standalone_page() {
        let doc = read_html(&wiki());
        let plain = read_html(&standalone());
        assert_eq!((&doc.title, &doc.body, &doc.sections), (&plain.title, &plain.body, &plain.sections));
        assert_eq!(doc.emphasized, plain.emphasized);
        for chrome in ["Team Wiki", "Spaces", "Find pages", "Shortcuts", "Rota", "Ops space", "Robin Park", "Edit", "Privacy", "kim"] {
            assert!(!doc.body.contains(chrome), "{chrome}");
        }
    }

    #[test]
    fn title_from_the_page_or_its_title_element() {
        // No `<h1>` in the content: the page's own `<h1>`, outside it.
        let html = "<html><body><div class=\"header-bar\"><h1>Badge reset</h1></div>\
                    <div><p>Hold the badge on the reader for ten seconds, then wait for the green light.</p></div></body></html>";
        assert_eq!(read_html(html).title.as_deref(), Some("Badge reset"));
        // No `<h1>` at all: the `<title>` without the site's name.
        let html = "<html><head><title>Badge reset | Facilities desk</title></head>\
                    <body><p>Hold the badge on the reader for ten seconds.</p></body></html>";
        let doc = read_html(html);
        assert_eq!((doc.title.as_deref(), doc.body.as_str()), (Some("Badge reset"), "Hold the badge on the reader for ten seconds."));
        // Nothing: the file name.
        assert_eq!(read_html("<p>Just a line of text.</p>").title.as_deref(), Some("gadget"));
    }

    #[test]
    fn site_suffixes() {
        let headings = ["badge reset".to_owned()];
        assert_eq!(strip_site_suffix("Badge reset - Facilities - Wiki", &headings, &[]), "Badge reset");
        assert_eq!(strip_site_suffix("Badge reset | Facilities desk", &[], &[]), "Badge reset");
        assert_eq!(strip_site_suffix("Printer jams — Desk", &[], &["desk".to_owned()]), "Printer jams");
        // A dash that is part of the title stays.
        assert_eq!(strip_site_suffix("Error 5 - Access denied", &[], &[]), "Error 5 - Access denied");
        assert_eq!(strip_site_suffix("A | title of many different words here", &[], &[]), "A | title of many different words here");
    }

    #[test]
    fn chrome_inside_the_content_is_dropped() {
        let html = "<html><body><main><h1>Printer jams</h1>\
            <ul class=\"toc\"><li><a href=\"#a\">Cause</a></li><li><a href=\"#b\">Fix</a></li><li><a href=\"#c\">More</a></li></ul>\
            <p>The tray sensor reports paper where there is none, so the printer stops with a jam light.</p>\
            <div hidden>Hidden text that nobody sees.</div><div style=\"display: none\">Collapsed text.</div>\
            <div role=\"navigation\">Previous page Next page</div><aside>Most read this week</aside>\
            <p>Clean the sensor with a dry cloth, see <a href=\"/clean\">cleaning the sensor of a printer safely</a>.</p>\
            <button>Copy</button><p><a href=\"/share\">Share</a></p></main>\
            <div><p>Promoted: the new printer fleet arrives in spring, ask the desk for a demonstration slot.</p></div>\
            </body></html>";
        assert_eq!(
            read_html(html).body,
            "Printer jams\n\nThe tray sensor reports paper where there is none, so the printer stops with a jam light.\n\n\
             Clean the sensor with a dry cloth, see cleaning the sensor of a printer safely."
        );
    }

    #[test]
    fn edit_links_in_headings_are_dropped() {
        let html = "<body><div id=\"content\"><h1>Printer jams</h1>\
            <h2><span class=\"headline\">Cause</span><span class=\"edit-section\">[<a href=\"/e\">edit</a>]</span></h2>\
            <p>The tray sensor reports paper where there is none.</p>\
            <h2>Fix <a href=\"#fix\">¶</a></h2><p>Clean the sensor with a dry cloth.</p>\
            <h2><a href=\"/sensors\">Sensors of the tray</a></h2><p>Each tray has one sensor.</p></div></body>";
        let doc = read_html(html);
        let names: Vec<String> = doc.sections.unwrap().into_iter().map(|s| s.name).collect();
        assert_eq!(names, ["Printer jams", "Cause", "Fix", "Sensors of the tray"]);
    }

    #[test]
    fn implied_end_tags() {
        let html = "<body><h2>Unclosed heading<h2>Next heading</h2><p>First paragraph<p>Second paragraph<ul><li>one<li>two</ul>\
                    <table><tr><td>a<td>bb<tr><td>ccc<td>d</table><ol start=\"4\"><li>four<li>five</ol></body>";
        assert_eq!(
            read_html(html).body,
            "Unclosed heading\n\nNext heading\n\nFirst paragraph\n\nSecond paragraph\n\n- one\n- two\n\na    bb\nccc  d\n\n4. four\n\n5. five"
        );
    }

    #[test]
    fn broken_markup_never_panics() {
        for html in [
            "<",
            "</div></div></p>",
            "<table><td>x",
            "<ol><li>a<li>b",
            "<pre>unclosed\n  code",
            "<h1>unclosed heading",
            "<title>only a title",
            "<br><br/><hr>",
            "<a href=x>only a link</a>",
            "<div/><p/>text<table><table><tr><td><ol><li><table><td>deep</table>",
            "<script>never closed",
            "<svg><title>t</title></svg><p>after the svg</p>",
            "&#0; &#xD800; &bogus; &amp",
        ] {
            let _ = read(html, Path::new("x.html"), Path::new("x.html"));
        }
        assert!(matches!(
            read("<html><script>x()</script></html>", Path::new("x.html"), Path::new("x.html")),
            Err(SkipReason::Malformed { .. })
        ));
    }

    #[test]
    fn deep_nesting_is_read_in_bounded_time() {
        let n = 100_000;
        let html = format!("<html><body>{}<p>Deep text in a nested page.</p>{}</body></html>", "<div>".repeat(n), "</div>".repeat(n));
        let start = Instant::now();
        assert_eq!(read_html(&html).body, "Deep text in a nested page.");
        // Never closed, and stray end tags.
        let html = format!("{}<p>Still read.</p>{}", "<div><span><li>".repeat(n / 3), "</b></i>".repeat(n));
        assert!(read_html(&html).body.contains("Still read."));
        assert!(start.elapsed() < Duration::from_secs(30), "{:?}", start.elapsed());
    }
}

