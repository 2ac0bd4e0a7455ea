//! The page as an arena of elements and a list of events: html5gum tokens read
//! into a flat list of elements (each knows its parent) and the events between
//! them, with chrome marked.
use super::super::text::collapse;
use html5gum::{DefaultEmitter, Token, Tokenizer};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// What an element is to this reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// The document itself (node 0).
    Root,
    Body,
    Main,
    Article,
    /// A block that breaks paragraphs: `<div>`, `<section>`, `<dl>`, ...
    Block,
    P,
    Heading(u8),
    Ol,
    Ul,
    Li,
    Table,
    Tr,
    Cell,
    Caption,
    Pre,
    /// `<code>`, `<kbd>`, `<samp>`, `<tt>`.
    Code,
    Blockquote,
    Link,
    /// Any other element: its text runs on in the block around it.
    Inline,
    /// Gives no text at all: scripts, styles, `<head>`, form controls.
    Skip,
    Title,
}

impl Kind {
    fn of(name: &[u8]) -> Kind {
        match name {
            b"body" => Kind::Body,
            b"main" => Kind::Main,
            b"article" => Kind::Article,
            b"p" => Kind::P,
            b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => Kind::Heading(name[1] - b'0'),
            b"ol" => Kind::Ol,
            b"ul" | b"menu" | b"dir" => Kind::Ul,
            b"li" => Kind::Li,
            b"table" => Kind::Table,
            b"tr" => Kind::Tr,
            b"td" | b"th" => Kind::Cell,
            b"caption" => Kind::Caption,
            b"pre" | b"listing" | b"xmp" | b"plaintext" => Kind::Pre,
            b"code" | b"kbd" | b"samp" | b"tt" => Kind::Code,
            b"blockquote" => Kind::Blockquote,
            b"a" => Kind::Link,
            b"title" => Kind::Title,
            b"div" | b"section" | b"header" | b"footer" | b"nav" | b"aside" | b"address" | b"center" | b"dl"
            | b"dt" | b"dd" | b"figure" | b"figcaption" | b"fieldset" | b"legend" | b"details" | b"summary"
            | b"hgroup" | b"form" | b"dialog" | b"html" | b"thead" | b"tbody" | b"tfoot" | b"search" => Kind::Block,
            b"script" | b"style" | b"noscript" | b"template" | b"svg" | b"math" | b"iframe" | b"object" | b"canvas"
            | b"head" | b"select" | b"textarea" | b"button" | b"option" | b"optgroup" | b"datalist" | b"audio"
            | b"video" | b"map" | b"frameset" | b"noframes" => Kind::Skip,
            _ => Kind::Inline,
        }
    }

    /// Whether the element starts and ends a paragraph.
    pub(super) fn is_block(self) -> bool {
        !matches!(self, Kind::Inline | Kind::Link | Kind::Code | Kind::Skip | Kind::Title)
    }
}

/// Elements that have no end tag.
pub(super) const VOID: &[&[u8]] = &[
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"param", b"source",
    b"track", b"wbr", b"keygen", b"frame", b"basefont", b"bgsound", b"image",
];

/// Why an element is chrome rather than content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Chrome {
    None,
    /// `<header>` or `role="banner"`: chrome, but the page's title may sit there.
    Header,
    /// `<nav>`, `<aside>`, `<footer>`, a chrome role.
    Site,
    /// A chrome class or id word (`sidebar`, `breadcrumbs`).
    Class,
    /// `hidden`, `aria-hidden="true"`, `display: none`.
    Hidden,
}

/// One element.
#[derive(Debug, Clone)]
pub(super) struct Node {
    pub(super) parent: u32,
    /// Interned tag name (see [`Page::names`]).
    pub(super) name: u16,
    pub(super) kind: Kind,
    pub(super) chrome: Chrome,
    /// This element or an ancestor gives no text.
    pub(super) skip: bool,
    /// The nearest block element, itself included.
    pub(super) block: u32,
    /// Characters (not white space) of text whose nearest block is this element.
    pub(super) own_text: u32,
    pub(super) own_commas: u32,
    /// Characters, link characters, links and words of the element's own
    /// text; after [`parse`], of its whole subtree.
    pub(super) text: u32,
    pub(super) link_text: u32,
    pub(super) links: u32,
    pub(super) words: u32,
    /// The class and id words weigh the element as a content candidate.
    pub(super) class_weight: i8,
    /// `<ol start>` and whether its items are lettered (`type="a"`).
    pub(super) ol_start: u32,
    pub(super) ol_letters: bool,
}

/// One event of the page, in order.
#[derive(Debug, Clone)]
pub(super) enum Event {
    Open(u32),
    Close(u32),
    /// Text inside the element.
    Text(u32, String),
    /// `<br>` inside the element.
    Br(u32),
    /// `<hr>` inside the element.
    Rule(u32),
}

/// A tokenized page.
#[derive(Debug, Default)]
pub(super) struct Page {
    pub(super) nodes: Vec<Node>,
    pub(super) events: Vec<Event>,
    /// The first `<title>`.
    pub(super) title: Option<String>,
    /// `<h1>` texts with their elements, in order.
    pub(super) h1: Vec<(u32, String)>,
    /// The texts of the page's `<h1>` to `<h3>` (at most [`MAX_HEADINGS`]),
    /// lower case, white space collapsed: what a `<title>` may start with.
    pub(super) headings: Vec<String>,
    /// `og:site_name` and `application-name` meta values.
    pub(super) site_names: Vec<String>,
    /// The `<title>` being read.
    pub(super) open_title: Option<String>,
    /// The outermost heading being read: its element, level and text.
    pub(super) open_heading: Option<(u32, u8, String)>,
    /// Links inside headings, with their heading.
    pub(super) heading_links: Vec<(u32, u32)>,
}

/// Headings remembered for telling a title's site suffix.
pub(super) const MAX_HEADINGS: usize = 200;
/// How far down the open elements an implied end (`<li>` closing the
/// previous `<li>`) is looked for.
pub(super) const IMPLIED_END_REACH: usize = 24;

/// Class or id words that mark chrome on any site.
pub(super) static CHROME_CLASS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(^|[-_ ])(ads?|advert\w*|banner|breadcrumbs?|comments?|comment-\w+|cookies?|disqus|footer|masthead|menu|navbar|navigation|pager|pagination|popup|promo|related|replies|share|sharing|sidebar|skip-?links?|social|sponsor\w*|subscribe|toolbar|tooltip|header|search|searchbox|login|signin)([-_ ]|$)",
    )
    .expect("static regex")
});
/// Class or id words that mark content; they outweigh a chrome word.
pub(super) static CONTENT_CLASS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(^|[-_ ])(article|body|content|entry|main|post|story|text|page-content|wiki-content)([-_ ]|$)")
        .expect("static regex")
});

/// ARIA roles of chrome.
pub(super) const CHROME_ROLES: &[&str] = &[
    "navigation",
    "complementary",
    "search",
    "contentinfo",
    "menu",
    "menubar",
    "toolbar",
    "dialog",
    "alertdialog",
    "tooltip",
];

/// Tokenize the page into elements and events.
pub(super) fn parse(html: &str) -> Page {
    let mut emitter = DefaultEmitter::default();
    // Script and style bodies are raw text, a title's is text: without the
    // switch a `<` in a script would read as a tag.
    emitter.naively_switch_states(true);
    let mut builder = Builder::new();
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(tag) => builder.start_tag(&tag),
            Token::EndTag(tag) => builder.end_tag(&tag.name),
            Token::String(s) => builder.text(String::from_utf8_lossy(&s).into_owned()),
            _ => {}
        }
    }
    builder.finish()
}

/// The page as it is read: the elements still open, and each element
/// name's number and how many of it are open.
struct Builder {
    page: Page,
    names: HashMap<Vec<u8>, u16>,
    open_count: Vec<u32>,
    stack: Vec<u32>,
    link_name: u16,
}

impl Builder {
    fn new() -> Self {
        let mut names: HashMap<Vec<u8>, u16> = HashMap::new();
        let mut open_count: Vec<u32> = Vec::new();
        let page = Page { nodes: vec![Node::new(0, 0, Kind::Root, Chrome::None, false, 0)], ..Page::default() };
        names.insert(Vec::new(), 0);
        open_count.push(0);
        let link_name = intern(&mut names, &mut open_count, b"a");
        Builder { page, names, open_count, stack: vec![0], link_name }
    }

    fn top(&self) -> u32 {
        *self.stack.last().unwrap_or(&0)
    }

    fn start_tag(&mut self, tag: &html5gum::StartTag<()>) {
        let name: &[u8] = &tag.name;
        let attr = |key: &str| tag.attributes.get(key.as_bytes()).map(|v| String::from_utf8_lossy(v));
        let page = &mut self.page;
        if name == b"meta" {
            let key = attr("property").or_else(|| attr("name")).unwrap_or_default().to_ascii_lowercase();
            if (key == "og:site_name" || key == "application-name")
                && let Some(v) = attr("content")
            {
                page.site_names.push(normalize(&v));
            }
        }
        let top = *self.stack.last().unwrap_or(&0);
        if name == b"br" || name == b"hr" {
            if !page.nodes[top as usize].skip {
                page.events.push(if name == b"br" { Event::Br(top) } else { Event::Rule(top) });
            }
            return;
        }
        // `<div/>` in XHTML: an element without content.
        if VOID.contains(&name) || tag.self_closing {
            return;
        }
        let role = attr("role").unwrap_or_default().trim().to_ascii_lowercase();
        let kind = match Kind::of(name) {
            Kind::Block if role == "main" => Kind::Main,
            kind => kind,
        };
        close_implied(page, &mut self.stack, &mut self.open_count, kind, name, &self.names);
        let parent = *self.stack.last().unwrap_or(&0);
        let weight = if tag.attributes.is_empty() { 0 } else { class_weight(&class_words(&attr)) };
        let chrome = chrome_of(name, &attr, weight);
        let skip = kind == Kind::Skip || page.nodes[parent as usize].skip;
        let id = page.nodes.len() as u32;
        let block = if kind.is_block() { id } else { page.nodes[parent as usize].block };
        let name_id = intern(&mut self.names, &mut self.open_count, name);
        let mut node = Node::new(parent, name_id, kind, chrome, skip, block);
        node.class_weight = weight;
        if kind == Kind::Ol {
            node.ol_start = attr("start").and_then(|s| s.trim().parse().ok()).unwrap_or(1);
            node.ol_letters = attr("type").is_some_and(|t| t.trim().eq_ignore_ascii_case("a"));
        }
        if kind == Kind::Link && !skip {
            node.links = 1;
            if let Some((heading, _, _)) = page.open_heading {
                page.heading_links.push((id, heading));
            }
        }
        page.nodes.push(node);
        page.events.push(Event::Open(id));
        self.stack.push(id);
        self.open_count[name_id as usize] += 1;
        if let Kind::Heading(level) = kind
            && page.open_heading.is_none()
            && !skip
        {
            page.open_heading = Some((id, level, String::new()));
        }
        if kind == Kind::Title && page.title.is_none() && page.open_title.is_none() {
            page.open_title = Some(String::new());
        }
    }

    fn end_tag(&mut self, name: &[u8]) {
        if name == b"br" {
            let top = self.top();
            self.page.events.push(Event::Br(top));
            return;
        }
        let Some(&name_id) = self.names.get(name) else { return };
        if self.open_count[name_id as usize] == 0 {
            return;
        }
        while self.stack.len() > 1 {
            let Some(id) = self.stack.pop() else { break };
            let closed = self.page.nodes[id as usize].name;
            self.open_count[closed as usize] -= 1;
            self.page.events.push(Event::Close(id));
            finish_capture(&mut self.page, id);
            if closed == name_id {
                break;
            }
        }
    }

    fn text(&mut self, s: String) {
        let top = self.top();
        let page = &mut self.page;
        if let Some(t) = page.open_title.as_mut() {
            t.push_str(&s);
        }
        if page.nodes[top as usize].skip {
            return;
        }
        if let Some((_, _, h)) = page.open_heading.as_mut() {
            h.push_str(&s);
        }
        let in_link = self.open_count[self.link_name as usize] > 0;
        count_text(page, top, &s, in_link);
        page.events.push(Event::Text(top, s));
    }

    /// The elements left open closed, and each element's subtree totals.
    fn finish(mut self) -> Page {
        let page = &mut self.page;
        while let Some(id) = self.stack.pop() {
            if id != 0 {
                page.events.push(Event::Close(id));
                finish_capture(page, id);
            }
        }
        // Subtree totals: children come after their parents.
        for i in (1..page.nodes.len()).rev() {
            let n = &page.nodes[i];
            let (p, text, link_text, links, words) = (n.parent as usize, n.text, n.link_text, n.links, n.words);
            let parent = &mut page.nodes[p];
            parent.text = parent.text.saturating_add(text);
            parent.link_text = parent.link_text.saturating_add(link_text);
            parent.links = parent.links.saturating_add(links);
            parent.words = parent.words.saturating_add(words);
        }
        self.page
    }
}

impl Node {
    fn new(parent: u32, name: u16, kind: Kind, chrome: Chrome, skip: bool, block: u32) -> Node {
        Node {
            parent,
            name,
            kind,
            chrome,
            skip,
            block,
            own_text: 0,
            own_commas: 0,
            text: 0,
            link_text: 0,
            links: 0,
            words: 0,
            class_weight: 0,
            ol_start: 1,
            ol_letters: false,
        }
    }
}

/// The id of a tag name (new names get the next one; past `u16::MAX`
/// names all share the last, which only makes end tags of rare made-up
/// elements close a little more).
pub(super) fn intern(names: &mut HashMap<Vec<u8>, u16>, open_count: &mut Vec<u32>, name: &[u8]) -> u16 {
    if let Some(&id) = names.get(name) {
        return id;
    }
    if names.len() >= u16::MAX as usize {
        return u16::MAX - 1;
    }
    let id = names.len() as u16;
    names.insert(name.to_vec(), id);
    open_count.push(0);
    id
}

/// Close the elements a start tag ends without an end tag: a paragraph
/// before a block, the previous item, cell or row.
pub(super) fn close_implied(
    page: &mut Page,
    stack: &mut Vec<u32>,
    open_count: &mut [u32],
    kind: Kind,
    name: &[u8],
    names: &HashMap<Vec<u8>, u16>,
) {
    let top_kind = |stack: &Vec<u32>, page: &Page| page.nodes[*stack.last().unwrap_or(&0) as usize].kind;
    if kind.is_block() && top_kind(stack, page) == Kind::P {
        pop_one(page, stack, open_count);
    }
    // The element this start tag closes, and the elements it cannot close past.
    let (closes, boundary): (&[&[u8]], &[Kind]) = match name {
        b"li" => (&[b"li"], &[Kind::Ol, Kind::Ul, Kind::Table]),
        b"dt" | b"dd" => (&[b"dt", b"dd"], &[Kind::Table, Kind::Ol, Kind::Ul]),
        b"td" | b"th" => (&[b"td", b"th"], &[Kind::Tr, Kind::Table]),
        b"tr" => (&[b"tr"], &[Kind::Table]),
        b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => (&[b"h1", b"h2", b"h3", b"h4", b"h5", b"h6"], &[]),
        b"body" => (&[b"head"], &[]),
        _ => return,
    };
    let close_ids: Vec<u16> = closes.iter().filter_map(|c| names.get(*c).copied()).collect();
    let reach = stack.len().saturating_sub(IMPLIED_END_REACH).max(1);
    let Some(pos) = (reach..stack.len()).rev().find_map(|i| {
        let n = &page.nodes[stack[i] as usize];
        if close_ids.contains(&n.name) {
            Some(Some(i))
        } else if boundary.contains(&n.kind) {
            Some(None)
        } else {
            None
        }
    }) else {
        return;
    };
    if let Some(pos) = pos {
        while stack.len() > pos {
            pop_one(page, stack, open_count);
        }
    }
}

/// Close the innermost open element.
pub(super) fn pop_one(page: &mut Page, stack: &mut Vec<u32>, open_count: &mut [u32]) {
    if stack.len() <= 1 {
        return;
    }
    if let Some(id) = stack.pop() {
        open_count[page.nodes[id as usize].name as usize] -= 1;
        page.events.push(Event::Close(id));
        finish_capture(page, id);
    }
}

/// A closed element may end the title or the heading being captured.
pub(super) fn finish_capture(page: &mut Page, id: u32) {
    if page.nodes[id as usize].kind == Kind::Title
        && let Some(t) = page.open_title.take()
    {
        page.title = Some(collapse(&t).replace('\n', " "));
    }
    if page.open_heading.as_ref().is_some_and(|(h, _, _)| *h == id)
        && let Some((h, level, text)) = page.open_heading.take()
    {
        let text = collapse(&text).replace('\n', " ");
        if text.is_empty() {
            return;
        }
        if page.headings.len() < MAX_HEADINGS && level <= 3 {
            page.headings.push(normalize(&text));
        }
        if level == 1 {
            page.h1.push((h, text));
        }
    }
}

/// Count a text's characters, commas, words and link characters.
pub(super) fn count_text(page: &mut Page, node: u32, text: &str, in_link: bool) {
    let chars = text.chars().filter(|c| !c.is_whitespace()).count() as u32;
    if chars == 0 {
        return;
    }
    let words = text.split_whitespace().count() as u32;
    let commas = text.matches(',').count() as u32;
    let block = page.nodes[node as usize].block as usize;
    let b = &mut page.nodes[block];
    b.own_text = b.own_text.saturating_add(chars);
    b.own_commas = b.own_commas.saturating_add(commas);
    let n = &mut page.nodes[node as usize];
    n.text = n.text.saturating_add(chars);
    n.words = n.words.saturating_add(words);
    if in_link {
        n.link_text = n.link_text.saturating_add(chars);
    }
}

/// What a start tag's name and attributes say about chrome.
pub(super) fn chrome_of<'a>(name: &[u8], attr: &impl Fn(&str) -> Option<std::borrow::Cow<'a, str>>, weight: i8) -> Chrome {
    let hidden = attr("hidden").is_some()
        || attr("aria-hidden").is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
        || attr("style").is_some_and(|s| {
            let s: String = s.to_ascii_lowercase().split_whitespace().collect();
            s.contains("display:none") || s.contains("visibility:hidden")
        });
    if hidden {
        return Chrome::Hidden;
    }
    let role = attr("role").unwrap_or_default().trim().to_ascii_lowercase();
    if matches!(name, b"header") || role == "banner" {
        return Chrome::Header;
    }
    if matches!(name, b"nav" | b"aside" | b"footer" | b"dialog" | b"search") || CHROME_ROLES.contains(&role.as_str())
    {
        return Chrome::Site;
    }
    // Class words mark containers; headings and paragraphs carry ids made
    // of their own words (`id="share-a-printer"`).
    if !matches!(Kind::of(name), Kind::Block | Kind::Ul | Kind::Ol | Kind::Table)
        || matches!(name, b"html" | b"body" | b"main" | b"article")
        || role == "main"
        || role == "article"
    {
        return Chrome::None;
    }
    if weight < 0 { Chrome::Class } else { Chrome::None }
}

/// An element's class words and its id, unless the id is a slug of a
/// heading's words (more than three of them).
pub(super) fn class_words<'a>(attr: &impl Fn(&str) -> Option<std::borrow::Cow<'a, str>>) -> String {
    let id = attr("id").unwrap_or_default();
    let id = if id.split(['-', '_']).count() > 3 { "" } else { id.as_ref() };
    format!("{} {id}", attr("class").unwrap_or_default())
}

/// A content candidate's bonus or malus from its class and id words.
pub(super) fn class_weight(classes: &str) -> i8 {
    if CONTENT_CLASS.is_match(classes) {
        25
    } else if CHROME_CLASS.is_match(classes) {
        -25
    } else {
        0
    }
}

/// Lower case, white space collapsed.
pub(super) fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}
