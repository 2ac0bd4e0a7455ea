//! Reader: rendered KB web page (see [`crate::article::SourceFormat::KbHtml`]).
//!
//! The article is the text of the `<pre>` block (its `<code>` may be split
//! into syntax-highlighting `<span>`s); the title is the `<h2>` that starts
//! with the article id, else the `<title>`. Everything else is site chrome.
//! html5gum is a tokenizer: no tree is built, so nesting depth costs nothing.
use super::document::{Document, SkipReason};
use super::kb_document::kb_page_document;
use super::text::{canonical_kb_body, split_kb_title};
use crate::article::SourceFormat;
use html5gum::{DefaultEmitter, Token, Tokenizer};
use std::path::Path;

/// What the page holds, as far as this reader cares.
#[derive(Debug, Default)]
pub(crate) struct PageText {
    /// Text of the first `<pre>` block, entities decoded once by the tokenizer.
    pub pre: Option<String>,
    /// Text of every `<h2>`, in order.
    pub h2: Vec<String>,
    /// Text of `<title>`.
    pub title: Option<String>,
}

/// Tokenize a page and collect the `<pre>`, `<h2>` and `<title>` texts.
pub(crate) fn scan(html: &str) -> PageText {
    let mut emitter = DefaultEmitter::default();
    // Script and style bodies are raw text, not markup: without the switch a
    // `<` in analytics code would read as a tag.
    emitter.naively_switch_states(true);
    let mut page = PageText::default();
    let mut pre_depth = 0usize;
    let mut pre_done = false;
    let mut pre = String::new();
    let mut h2: Option<String> = None;
    let mut title: Option<String> = None;
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(tag) => match tag.name.as_slice() {
                b"pre" if !pre_done && !tag.self_closing => pre_depth += 1,
                b"h2" => h2 = Some(String::new()),
                b"title" if page.title.is_none() => title = Some(String::new()),
                b"br" if pre_depth > 0 => pre.push('\n'),
                _ => {}
            },
            Token::EndTag(tag) => match tag.name.as_slice() {
                b"pre" if pre_depth > 0 => {
                    pre_depth -= 1;
                    if pre_depth == 0 {
                        pre_done = true;
                        page.pre = Some(std::mem::take(&mut pre));
                    }
                }
                b"h2" => page.h2.extend(h2.take().map(|t| t.trim().to_owned())),
                b"title" => page.title = title.take().map(|t| t.trim().to_owned()),
                _ => {}
            },
            Token::String(s) => {
                let s = String::from_utf8_lossy(&s);
                if pre_depth > 0 {
                    pre.push_str(&s);
                }
                if let Some(h) = h2.as_mut() {
                    h.push_str(&s);
                }
                if let Some(t) = title.as_mut() {
                    t.push_str(&s);
                }
            }
            _ => {}
        }
    }
    if page.pre.is_none() && pre_depth > 0 {
        page.pre = Some(pre);
    }
    page
}

/// Read one file of this format.
pub fn read(text: &str, path: &Path) -> Result<Document, SkipReason> {
    let page = scan(text);
    let pre = page.pre.ok_or_else(|| SkipReason::Malformed {
        format: "KB HTML page",
        why: "no <pre> block holds the article".into(),
    })?;
    // A `<pre>` starts with an ignorable newline.
    let pre = pre.strip_prefix('\n').unwrap_or(&pre);
    let body = canonical_kb_body(pre.lines());

    let heading = page.h2.iter().find_map(|h| split_kb_title(h));
    let head_title = page.title.as_deref().and_then(|t| {
        // `Q319207: Title | KnowledgeBase Archive`: the site name goes.
        let t = t.rsplit_once(" | ").map_or(t, |(title, _site)| title);
        split_kb_title(t)
    });
    let doc = kb_page_document(SourceFormat::KbHtml, body, [heading, head_title], path);
    doc.ok_or_else(|| SkipReason::Malformed {
        format: "KB HTML page",
        why: "no Qnnnnnn article id in the article, heading, title or path".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A synthetic page in the archive's rendered layout: site chrome, a
    /// second `<h2>` in the header, highlighting spans, entities, a script.
    const HTML: &str = r#"<!DOCTYPE html>
<html lang="en-US">
<head><title>Q900001: SMS: Widget Service Stops &quot;Early&quot; | KnowledgeBase Archive</title>
<script>if (a < b) { document.write("<pre>nope</pre>"); }</script></head>
<body><header><h1><a href="/">KnowledgeBase Archive</a></h1><h2>An Archive of Old Articles</h2></header>
<a href="https://github.com/x" class="button"><span>View on GitHub</span></a>
<section id="main_content"><div>
<h2 id="q900001">Q900001: SMS: Widget Service Stops &quot;Early&quot;</h2>
<div class="highlighter-rouge"><div class="highlight"><pre class="highlight"><code><span class="n">Article</span><span class="p">:</span> Q900001
Product(s): Microsoft Systems Management Server
Version(s): winnt:1.2,2.0
Operating System(s): 
Keyword(s): kbsms200 kbWidget
Last Modified: 01-FEB-2001

SYMPTOMS
========

The widget service stops and logs:

  Widget error &lt;code&gt; on server %1.

=====
</code></pre></div></div>
<p>THE INFORMATION PROVIDED IN THE MICROSOFT KNOWLEDGE BASE IS PROVIDED "AS IS".</p>
</div></section><footer>Maintained by someone.</footer></body></html>
"#;

    #[test]
    fn reads_synthetic_html() {
        let doc = read(HTML, Path::new("docs/kb/900/Q900001/index.html")).unwrap();
        assert_eq!(doc.id, "Q900001");
        assert_eq!(doc.format, SourceFormat::KbHtml);
        assert_eq!(doc.title.as_deref(), Some("SMS: Widget Service Stops \"Early\""));
        // The same canonical body the page and the text file give.
        assert_eq!(
            doc.body,
            "Article: Q900001\nProduct(s): Microsoft Systems Management Server\nVersion(s): winnt:1.2,2.0\nOperating System(s):\nKeyword(s): kbsms200 kbWidget\nLast Modified: 01-FEB-2001\n\nSYMPTOMS\n========\n\nThe widget service stops and logs:\n\n  Widget error <code> on server %1.\n\n====="
        );
        assert_eq!(doc.meta.keywords, ["kbsms200", "kbWidget"]);
    }

    #[test]
    fn title_falls_back_to_head_title() {
        let html = "<html><head><title>Q900004: Only &amp; Here | Site</title></head><body><pre>Some text.</pre></body></html>";
        let doc = read(html, Path::new("x.html")).unwrap();
        assert_eq!(
            (doc.id.as_str(), doc.title.as_deref(), doc.body.as_str()),
            ("Q900004", Some("Only & Here"), "Some text.")
        );
    }

    #[test]
    fn deep_nesting_is_fine() {
        let html = format!(
            "<html><head><title>Q900005: Deep</title></head><body>{}<pre><code>Article: Q900005\nDeep text.</code></pre>{}</body></html>",
            "<div>".repeat(20_000),
            "</div>".repeat(20_000)
        );
        let doc = read(&html, Path::new("x.html")).unwrap();
        assert_eq!(doc.body, "Article: Q900005\nDeep text.");
    }

    #[test]
    fn no_pre_is_malformed() {
        assert!(matches!(
            read("<html><h2>Q1234: T</h2></html>", Path::new("x.html")),
            Err(SkipReason::Malformed { .. })
        ));
    }
}
