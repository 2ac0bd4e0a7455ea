//! Markdown mixed with raw HTML -> plain text paragraphs, sections and
//! emphasised text. Shared by the blog-post and Markdown readers.
//!
//! pulldown-cmark parses the Markdown; every run of raw HTML it reports is
//! tokenized with html5gum (no tree, so nesting depth is free) and fed
//! through the same builder, so `<ol><li>` and `1.` lists, `<h2>` and `##`
//! headings, `<strong>` and `**` come out alike.
use super::text::{collapse, trim_raw};
use crate::article::Section;
use html5gum::{DefaultEmitter, Token, Tokenizer};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

/// What to record as emphasised text.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Emphasis {
    /// `<strong>`, `<b>`, `<em>`, `<i>`, `**bold**` and `*italics*` (blog
    /// posts quote errors in bold or italics).
    pub strong: bool,
    /// Code spans and blocks, `<code>` (runbooks quote errors as code).
    pub code: bool,
    /// Each line of a Markdown `>` block quote, but not of a `> [!NOTE]`
    /// alert (modern KB articles quote errors and log lines that way).
    pub quote: bool,
}

/// A rendered document.
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    /// Every paragraph (headings included), separated by blank lines.
    pub body: String,
    /// `BODY` for text before the first heading (when there is any), then one
    /// section per heading.
    pub sections: Vec<Section>,
    /// Emphasised text, in order.
    pub emphasized: Vec<String>,
    /// The first level-1 heading.
    pub first_h1: Option<String>,
}

/// Render Markdown (with raw HTML) to text.
pub(crate) fn render(markdown: &str, emphasis: Emphasis) -> Rendered {
    let mut r = Renderer { emphasis, sections: vec![("BODY".to_owned(), Vec::new())], ..Renderer::default() };
    // GFM tells an alert (`> [!NOTE]`) from a quote.
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_GFM;
    let parser = Parser::new_ext(markdown, options);
    for event in parser {
        r.event(event);
    }
    r.flush_html();
    r.para_break();
    r.finish()
}

/// Text captured between a start and an end tag (nesting counted).
#[derive(Debug, Default)]
struct Capture {
    depth: usize,
    buf: String,
}

/// The text builder. Text accumulates in `cur` until a paragraph break.
#[derive(Debug, Default)]
struct Renderer {
    emphasis: Emphasis,
    /// Every finished block, headings included.
    blocks: Vec<String>,
    /// Section names and their blocks.
    sections: Vec<(String, Vec<String>)>,
    /// The block being built.
    cur: String,
    /// The block is preformatted: keep its white space.
    raw: bool,
    /// List marker waiting for the item's first text (`3. `, `- `).
    prefix: Option<String>,
    /// Indentation (list nesting) of the block being built.
    indent: usize,
    /// Open lists: `Some(next number)` for ordered ones.
    lists: Vec<Option<u64>>,
    strong: Capture,
    code: Capture,
    quote: Capture,
    /// Open block quotes: whether each is captured (a quote, not an alert).
    quotes: Vec<bool>,
    /// Open `<span>`s and `<font>`s: whether each colours its text (and so
    /// emphasises it).
    spans: Vec<bool>,
    /// Open heading: its level and text so far.
    heading: Option<(u8, String)>,
    /// Inside a Markdown image (its alt text is not text of the page).
    suppress: usize,
    /// Inside `<script>`/`<style>`; reset after each HTML run so that a
    /// `<script>` mentioned in prose cannot swallow the rest of a post.
    html_suppress: usize,
    emphasized: Vec<String>,
    first_h1: Option<String>,
    /// Raw HTML not yet tokenized (consecutive HTML events are one run, as a
    /// tag may span the lines of an HTML block).
    html: String,
    /// Cells seen in the current table row.
    table_cell: usize,
}

/// HTML elements the builder knows; any other `<word ...>` in a post is
/// text that happens to look like a tag (`<package ID>`, `<MembershipRule>`).
const KNOWN_TAGS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "address",
    "article",
    "aside",
    "audio",
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "button",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "li",
    "link",
    "main",
    "mark",
    "meta",
    "nav",
    "noscript",
    "object",
    "ol",
    "option",
    "p",
    "picture",
    "pre",
    "q",
    "s",
    "samp",
    "script",
    "section",
    "select",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
];

/// The start of a tag: `<name` or `</name`.
static TAG_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<(/?)([A-Za-z][A-Za-z0-9_:-]*)").expect("static regex"));

/// Whether a tag's attributes colour its text with a hue (`style="color:
/// #ff0000"`, `color="red"`): posts show the errors they quote in red as
/// often as in bold. Black, white and greys are no emphasis.
fn coloured(style: Option<String>, color: Option<String>) -> bool {
    let from_style = style.and_then(|style| {
        style.split(';').find_map(|decl| {
            let (property, colour) = decl.split_once(':')?;
            (property.trim() == "color").then(|| colour.trim().to_string())
        })
    });
    from_style.or(color).is_some_and(|colour| is_hue(&colour))
}

/// Whether a CSS colour (`#f00`, `#ff0000`, `rgb(255, 0, 0)`, `red`) has a
/// hue, not black, white or grey.
fn is_hue(colour: &str) -> bool {
    let channels: Vec<u8> = if let Some(hex) = colour.strip_prefix('#') {
        match hex.len() {
            3 => hex.chars().filter_map(|c| c.to_digit(16)).map(|d| (d * 17) as u8).collect(),
            6 => (0..3).filter_map(|i| hex.get(2 * i..2 * i + 2)).filter_map(|h| u8::from_str_radix(h, 16).ok()).collect(),
            _ => Vec::new(),
        }
    } else if let Some(args) = colour.strip_prefix("rgb(").and_then(|r| r.strip_suffix(')')) {
        args.split(',').filter_map(|c| c.trim().parse().ok()).collect()
    } else {
        return !colour.is_empty()
            && !["black", "white", "gray", "grey", "silver", "inherit", "initial", "currentcolor"]
                .iter()
                .any(|grey| colour.ends_with(grey));
    };
    match (channels.iter().max(), channels.iter().min()) {
        (Some(max), Some(min)) if channels.len() == 3 => max - min >= 64,
        _ => false,
    }
}

/// Escape the `<` of tags that are not HTML so the tokenizer keeps them as text.
fn escape_unknown_tags(html: &str) -> Cow<'_, str> {
    TAG_START.replace_all(html, |caps: &regex::Captures<'_>| {
        if KNOWN_TAGS.contains(&caps[2].to_ascii_lowercase().as_str()) {
            caps[0].to_owned()
        } else {
            format!("&lt;{}{}", &caps[1], &caps[2])
        }
    })
}

impl Renderer {
    fn event(&mut self, event: Event<'_>) {
        if let Event::Html(html) | Event::InlineHtml(html) = &event {
            self.html.push_str(html);
            return;
        }
        self.flush_html();
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.push_text(&text, false),
            Event::Code(code) => {
                self.push_text(&code, false);
                if self.emphasis.code && self.suppress == 0 {
                    self.emphasize(collapse(&code));
                }
            }
            Event::SoftBreak | Event::HardBreak => self.push_text("\n", false),
            Event::Rule => self.para_break(),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::BlockQuote(kind) => {
                self.para_break();
                let captured = self.emphasis.quote && kind.is_none();
                self.quote.depth += usize::from(captured);
                self.quotes.push(captured);
            }
            Tag::Paragraph | Tag::Table(_) | Tag::HtmlBlock => self.para_break(),
            Tag::Heading { level, .. } => self.start_heading(level as u8),
            Tag::CodeBlock(_) => {
                self.para_break();
                self.raw = true;
                self.code.depth += 1;
            }
            Tag::List(start) => {
                self.para_break();
                self.lists.push(start);
            }
            Tag::Item => self.start_item(),
            // Blog posts quote errors in bold or in italics alike.
            Tag::Strong | Tag::Emphasis => self.strong.depth += 1,
            Tag::Image { .. } => self.suppress += 1,
            Tag::TableHead | Tag::TableRow => self.table_cell = 0,
            Tag::TableCell => {
                if self.table_cell > 0 {
                    self.push_text(" | ", false);
                }
                self.table_cell += 1;
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::BlockQuote(_) => {
                self.para_break();
                if self.quotes.pop() == Some(true) {
                    self.end_quote();
                }
            }
            TagEnd::Paragraph | TagEnd::Table | TagEnd::HtmlBlock => self.para_break(),
            TagEnd::Heading(_) => self.end_heading(),
            TagEnd::CodeBlock => {
                self.end_code(true);
                self.para_break();
            }
            TagEnd::List(_) => {
                self.para_break();
                self.lists.pop();
            }
            TagEnd::Item => self.end_item(),
            TagEnd::Strong | TagEnd::Emphasis => self.end_strong(),
            TagEnd::Image => self.suppress = self.suppress.saturating_sub(1),
            TagEnd::TableHead | TagEnd::TableRow => self.push_text("\n", false),
            _ => {}
        }
    }

    /// Tokenize the pending HTML run and apply its tags and text.
    fn flush_html(&mut self) {
        if self.html.is_empty() {
            return;
        }
        let html = std::mem::take(&mut self.html);
        let html = escape_unknown_tags(&html);
        let mut emitter = DefaultEmitter::default();
        emitter.naively_switch_states(true);
        for token in Tokenizer::new_with_emitter(html.as_ref(), emitter).flatten() {
            match token {
                Token::StartTag(tag) => {
                    let start = tag
                        .attributes
                        .get(b"start".as_slice())
                        .and_then(|v| String::from_utf8_lossy(v).trim().parse::<u64>().ok());
                    let attribute = |name: &str| {
                        tag.attributes.get(name.as_bytes()).map(|v| String::from_utf8_lossy(v).to_lowercase())
                    };
                    let coloured = coloured(attribute("style"), attribute("color"));
                    self.html_start(&tag.name, tag.self_closing, start, coloured);
                }
                Token::EndTag(tag) => self.html_end(&tag.name),
                Token::String(text) => self.push_text(&String::from_utf8_lossy(&text), true),
                _ => {}
            }
        }
        self.html_suppress = 0;
    }

    fn html_start(&mut self, name: &[u8], self_closing: bool, start: Option<u64>, coloured: bool) {
        match name {
            b"span" | b"font" if !self_closing => {
                self.spans.push(coloured);
                if coloured {
                    self.strong.depth += 1;
                }
            }
            b"br" => self.push_text("\n", false),
            b"p" | b"div" | b"blockquote" | b"section" | b"article" | b"header" | b"footer" | b"center"
            | b"address" | b"figure" | b"figcaption" | b"dl" | b"dt" | b"dd" | b"table" | b"hr" | b"nav" | b"aside"
            | b"main" | b"caption" => self.para_break(),
            b"pre" => {
                self.para_break();
                self.raw = true;
            }
            b"tr" => self.push_text("\n", false),
            b"td" | b"th" => self.push_text(" ", true),
            b"ol" if !self_closing => {
                self.para_break();
                self.lists.push(Some(start.unwrap_or(1)));
            }
            b"ul" if !self_closing => {
                self.para_break();
                self.lists.push(None);
            }
            b"li" => self.start_item(),
            b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => self.start_heading(name[1] - b'0'),
            b"strong" | b"b" | b"em" | b"i" if !self_closing => self.strong.depth += 1,
            b"code" | b"tt" | b"kbd" | b"samp" if !self_closing => self.code.depth += 1,
            b"script" | b"style" | b"noscript" | b"iframe" | b"object" | b"textarea" | b"select" if !self_closing => {
                self.html_suppress += 1
            }
            _ => {}
        }
    }

    fn html_end(&mut self, name: &[u8]) {
        match name {
            b"p" | b"div" | b"blockquote" | b"section" | b"article" | b"header" | b"footer" | b"center"
            | b"address" | b"figure" | b"figcaption" | b"dl" | b"dt" | b"dd" | b"table" | b"nav" | b"aside"
            | b"main" | b"caption" | b"pre" => self.para_break(),
            b"ol" | b"ul" => {
                self.para_break();
                self.lists.pop();
            }
            b"li" => self.end_item(),
            b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => self.end_heading(),
            b"strong" | b"b" | b"em" | b"i" => self.end_strong(),
            b"span" | b"font" if self.spans.pop() == Some(true) => self.end_strong(),
            b"code" | b"tt" | b"kbd" | b"samp" => self.end_code(false),
            b"script" | b"style" | b"noscript" | b"iframe" | b"object" | b"textarea" | b"select" => {
                self.html_suppress = self.html_suppress.saturating_sub(1)
            }
            _ => {}
        }
    }

    /// Add text to the open heading or block, and to open captures.
    fn push_text(&mut self, text: &str, from_html: bool) {
        if self.suppress > 0 || self.html_suppress > 0 || text.is_empty() {
            return;
        }
        // Line breaks in HTML source are spaces, except in `<pre>`.
        let text: Cow<'_, str> = if from_html && !self.raw {
            Cow::Owned(text.replace(['\n', '\r', '\t'], " "))
        } else {
            Cow::Borrowed(text)
        };
        if self.strong.depth > 0 {
            self.strong.buf.push_str(&text);
        }
        if self.code.depth > 0 {
            self.code.buf.push_str(&text);
        }
        if self.quote.depth > 0 {
            self.quote.buf.push_str(&text);
        }
        if let Some((_, heading)) = self.heading.as_mut() {
            heading.push_str(&text);
            return;
        }
        if self.cur.is_empty() {
            if !self.raw && text.trim().is_empty() {
                return;
            }
            if let Some(prefix) = self.prefix.take() {
                self.cur.push_str(&prefix);
                self.indent = self.lists.len().saturating_sub(1);
            }
        }
        self.cur.push_str(&text);
    }

    /// Finish the block being built.
    fn para_break(&mut self) {
        if self.quote.depth > 0 {
            self.quote.buf.push('\n');
        }
        if self.cur.is_empty() {
            self.raw = false;
            return;
        }
        let mut text = if self.raw { trim_raw(&self.cur) } else { collapse(&self.cur) };
        if self.indent > 0 && !text.is_empty() {
            let pad = "   ".repeat(self.indent);
            text = text.lines().map(|l| format!("{pad}{l}")).collect::<Vec<_>>().join("\n");
        }
        self.cur.clear();
        self.raw = false;
        self.indent = 0;
        if !text.is_empty() {
            self.push_block(text);
        }
    }

    fn push_block(&mut self, text: String) {
        if let Some((_, blocks)) = self.sections.last_mut() {
            blocks.push(text.clone());
        }
        self.blocks.push(text);
    }

    fn start_heading(&mut self, level: u8) {
        self.para_break();
        self.heading = Some((level, String::new()));
    }

    fn end_heading(&mut self) {
        let Some((level, text)) = self.heading.take() else {
            return;
        };
        let name = collapse(&text).replace('\n', " ");
        if name.is_empty() {
            return;
        }
        if level == 1 && self.first_h1.is_none() {
            self.first_h1 = Some(name.clone());
        }
        self.blocks.push(name.clone());
        self.sections.push((name, Vec::new()));
    }

    fn start_item(&mut self) {
        self.para_break();
        let marker = match self.lists.last_mut() {
            Some(Some(n)) => {
                let marker = format!("{n}. ");
                *n = n.saturating_add(1);
                marker
            }
            _ => "- ".to_owned(),
        };
        self.prefix = Some(marker);
    }

    fn end_item(&mut self) {
        self.para_break();
        self.prefix = None;
    }

    fn end_strong(&mut self) {
        if self.strong.depth == 0 {
            return;
        }
        self.strong.depth -= 1;
        if self.strong.depth == 0 {
            let text = collapse(&std::mem::take(&mut self.strong.buf)).replace('\n', " ");
            if self.emphasis.strong {
                self.emphasize(text);
            }
        }
    }

    /// Close a code capture; blocks keep their lines, inline code is one line.
    fn end_code(&mut self, block: bool) {
        if self.code.depth == 0 {
            return;
        }
        self.code.depth -= 1;
        if self.code.depth == 0 {
            let buf = std::mem::take(&mut self.code.buf);
            let text = if block { trim_raw(&buf) } else { collapse(&buf).replace('\n', " ") };
            if self.emphasis.code {
                self.emphasize(text);
            }
        }
    }

    /// Close a quote capture: each of its lines is a message.
    fn end_quote(&mut self) {
        self.quote.depth = self.quote.depth.saturating_sub(1);
        if self.quote.depth == 0 {
            let buf = std::mem::take(&mut self.quote.buf);
            for line in buf.lines() {
                self.emphasize(collapse(line));
            }
        }
    }

    fn emphasize(&mut self, text: String) {
        if !text.trim().is_empty() {
            self.emphasized.push(text);
        }
    }

    fn finish(self) -> Rendered {
        let sections = self
            .sections
            .into_iter()
            .enumerate()
            .filter(|(i, (_, blocks))| *i > 0 || !blocks.is_empty())
            .map(|(_, (name, blocks))| Section { name, text: blocks.join("\n\n") })
            .collect();
        Rendered { body: self.blocks.join("\n\n"), sections, emphasized: self.emphasized, first_h1: self.first_h1 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOTH: Emphasis = Emphasis { strong: true, code: true, quote: false };

    #[test]
    fn numbered_paragraphs_keep_their_numbers() {
        let md = "Intro:\n\n1. first step\n\n2. second step\n\n<a href=\"x\"><img src=\"y.png\" alt=\"shot\" /></a>\n\n4.\u{a0} fourth step\n\n5. fifth step\n";
        let r = render(md, BOTH);
        assert_eq!(r.body, "Intro:\n\n1. first step\n\n2. second step\n\n4. fourth step\n\n5. fifth step");
    }

    #[test]
    fn html_lists_headings_and_strong() {
        let md = "<h2>Fix</h2>\n<ol start=\"3\">\n\t<li>Run <strong>tool.exe /x</strong> now.</li>\n\t<li>Reboot &amp; wait</li>\n</ol>\n<ul><li>a note</li></ul>\nAfter that, fine.";
        let r = render(md, BOTH);
        assert_eq!(r.body, "Fix\n\n3. Run tool.exe /x now.\n\n4. Reboot & wait\n\n- a note\n\nAfter that, fine.");
        assert_eq!(r.emphasized, ["tool.exe /x"]);
        assert_eq!(
            r.sections,
            [Section {
                name: "Fix".into(),
                text: "3. Run tool.exe /x now.\n\n4. Reboot & wait\n\n- a note\n\nAfter that, fine.".into()
            }]
        );
    }

    #[test]
    fn text_in_a_colour_is_emphasised_and_black_or_grey_is_not() {
        let md = "But I get this error:\n\n<span style=\"color: #ff0000;\">The user does not have sufficient \
                  permission to perform the operation.</span>\n\n<span style=\"color: #000000;\">Prerequisite check \
                  result:</span> <font color=\"gray\">passed</font>, <font color=\"blue\">see <b>the log</b></font>, \
                  <span>plain</span> <span style=\"color:rgb(200, 30, 30)\">Access is denied.</span>";
        let r = render(md, BOTH);
        assert_eq!(
            r.emphasized,
            [
                "The user does not have sufficient permission to perform the operation.",
                "see the log",
                "Access is denied."
            ]
        );
        assert!(is_hue("#f00") && is_hue("red") && !is_hue("#333333") && !is_hue("black") && !is_hue("#12"));
    }

    #[test]
    fn unknown_tags_are_text() {
        let r = render("Add a <MembershipRule> segment for <package ID>.\n", BOTH);
        assert_eq!(r.body, "Add a <MembershipRule> segment for <package ID>.");
    }

    #[test]
    fn code_and_sections() {
        let md = "Before.\n\n# Title\n\nRun `net stop x` then:\n\n```\n  line one\n  line two\n```\n\n## Next\n\n* item **bold**\n  * nested\n";
        let r = render(md, BOTH);
        assert_eq!(
            r.body,
            "Before.\n\nTitle\n\nRun net stop x then:\n\n  line one\n  line two\n\nNext\n\n- item bold\n\n   - nested"
        );
        assert_eq!(r.first_h1.as_deref(), Some("Title"));
        assert_eq!(r.emphasized, ["net stop x", "  line one\n  line two", "bold"]);
        let names: Vec<&str> = r.sections.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["BODY", "Title", "Next"]);
        assert_eq!(r.sections[0].text, "Before.");
    }

    #[test]
    fn script_in_prose_does_not_swallow_the_rest() {
        let r = render("Add a <script> tag.\n\nNext paragraph.\n", BOTH);
        assert_eq!(r.body, "Add a tag.\n\nNext paragraph.");
    }

    #[test]
    fn deep_html_nesting() {
        let md = format!("{}deep text{}", "<div>".repeat(20_000), "</div>".repeat(20_000));
        assert_eq!(render(&md, BOTH).body, "deep text");
    }
}
