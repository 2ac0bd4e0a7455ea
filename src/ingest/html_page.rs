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
use super::document::{Document, SkipReason};
use super::markdown_doc::doc_id;
use super::text::{collapse, letter, trim_raw};
use crate::article::{ArticleKind, Section, SourceFormat};
use html5gum::{DefaultEmitter, Token, Tokenizer};
use regex::Regex;
use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

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

// ---------------------------------------------------------------------------
// The page as an arena of elements and a list of events

/// What an element is to this reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
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
    fn is_block(self) -> bool {
        !matches!(self, Kind::Inline | Kind::Link | Kind::Code | Kind::Skip | Kind::Title)
    }
}

/// Elements that have no end tag.
const VOID: &[&[u8]] = &[
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"param", b"source",
    b"track", b"wbr", b"keygen", b"frame", b"basefont", b"bgsound", b"image",
];

/// Why an element is chrome rather than content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chrome {
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
struct Node {
    parent: u32,
    /// Interned tag name (see [`Page::names`]).
    name: u16,
    kind: Kind,
    chrome: Chrome,
    /// This element or an ancestor gives no text.
    skip: bool,
    /// The nearest block element, itself included.
    block: u32,
    /// Characters (not white space) of text whose nearest block is this element.
    own_text: u32,
    own_commas: u32,
    /// Characters, link characters, links and words of the element's own
    /// text; after [`parse`], of its whole subtree.
    text: u32,
    link_text: u32,
    links: u32,
    words: u32,
    /// The class and id words weigh the element as a content candidate.
    class_weight: i8,
    /// `<ol start>` and whether its items are lettered (`type="a"`).
    ol_start: u32,
    ol_letters: bool,
}

/// One event of the page, in order.
#[derive(Debug, Clone)]
enum Event {
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
struct Page {
    nodes: Vec<Node>,
    events: Vec<Event>,
    /// The first `<title>`.
    title: Option<String>,
    /// `<h1>` texts with their elements, in order.
    h1: Vec<(u32, String)>,
    /// The texts of the page's `<h1>` to `<h3>` (at most [`MAX_HEADINGS`]),
    /// lower case, white space collapsed: what a `<title>` may start with.
    headings: Vec<String>,
    /// `og:site_name` and `application-name` meta values.
    site_names: Vec<String>,
    /// The `<title>` being read.
    open_title: Option<String>,
    /// The outermost heading being read: its element, level and text.
    open_heading: Option<(u32, u8, String)>,
    /// Links inside headings, with their heading.
    heading_links: Vec<(u32, u32)>,
}

/// Headings remembered for telling a title's site suffix.
const MAX_HEADINGS: usize = 200;
/// How far down the open elements an implied end (`<li>` closing the
/// previous `<li>`) is looked for.
const IMPLIED_END_REACH: usize = 24;

/// Class or id words that mark chrome on any site.
static CHROME_CLASS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(^|[-_ ])(ads?|advert\w*|banner|breadcrumbs?|comments?|comment-\w+|cookies?|disqus|footer|masthead|menu|navbar|navigation|pager|pagination|popup|promo|related|replies|share|sharing|sidebar|skip-?links?|social|sponsor\w*|subscribe|toolbar|tooltip|header|search|searchbox|login|signin)([-_ ]|$)",
    )
    .expect("static regex")
});
/// Class or id words that mark content; they outweigh a chrome word.
static CONTENT_CLASS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(^|[-_ ])(article|body|content|entry|main|post|story|text|page-content|wiki-content)([-_ ]|$)")
        .expect("static regex")
});

/// ARIA roles of chrome.
const CHROME_ROLES: &[&str] = &[
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
fn parse(html: &str) -> Page {
    let mut emitter = DefaultEmitter::default();
    // Script and style bodies are raw text, a title's is text: without the
    // switch a `<` in a script would read as a tag.
    emitter.naively_switch_states(true);
    let mut names: HashMap<Vec<u8>, u16> = HashMap::new();
    let mut open_count: Vec<u32> = Vec::new();
    let mut page = Page {
        nodes: vec![Node::new(0, 0, Kind::Root, Chrome::None, false, 0)],
        ..Page::default()
    };
    names.insert(Vec::new(), 0);
    open_count.push(0);
    let link_name = intern(&mut names, &mut open_count, b"a");
    let mut stack: Vec<u32> = vec![0];

    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name: &[u8] = &tag.name;
                let attr = |key: &str| tag.attributes.get(key.as_bytes()).map(|v| String::from_utf8_lossy(v));
                if name == b"meta" {
                    let key = attr("property").or_else(|| attr("name")).unwrap_or_default().to_ascii_lowercase();
                    if (key == "og:site_name" || key == "application-name")
                        && let Some(v) = attr("content")
                    {
                        page.site_names.push(normalize(&v));
                    }
                }
                let top = *stack.last().unwrap_or(&0);
                if name == b"br" || name == b"hr" {
                    if !page.nodes[top as usize].skip {
                        page.events.push(if name == b"br" { Event::Br(top) } else { Event::Rule(top) });
                    }
                    continue;
                }
                if VOID.contains(&name) {
                    continue;
                }
                if tag.self_closing {
                    // `<div/>` in XHTML: an element without content.
                    continue;
                }
                let role = attr("role").unwrap_or_default().trim().to_ascii_lowercase();
                let kind = match Kind::of(name) {
                    Kind::Block if role == "main" => Kind::Main,
                    kind => kind,
                };
                close_implied(&mut page, &mut stack, &mut open_count, kind, name, &names);
                let parent = *stack.last().unwrap_or(&0);
                let weight = if tag.attributes.is_empty() { 0 } else { class_weight(&class_words(&attr)) };
                let chrome = chrome_of(name, &attr, weight);
                let skip = kind == Kind::Skip || page.nodes[parent as usize].skip;
                let id = page.nodes.len() as u32;
                let block = if kind.is_block() { id } else { page.nodes[parent as usize].block };
                let name_id = intern(&mut names, &mut open_count, name);
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
                stack.push(id);
                open_count[name_id as usize] += 1;
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
            Token::EndTag(tag) => {
                let name: &[u8] = &tag.name;
                if name == b"br" {
                    let top = *stack.last().unwrap_or(&0);
                    page.events.push(Event::Br(top));
                    continue;
                }
                let Some(&name_id) = names.get(name) else { continue };
                if open_count[name_id as usize] == 0 {
                    continue;
                }
                while stack.len() > 1 {
                    let Some(id) = stack.pop() else { break };
                    let closed = page.nodes[id as usize].name;
                    open_count[closed as usize] -= 1;
                    page.events.push(Event::Close(id));
                    finish_capture(&mut page, id);
                    if closed == name_id {
                        break;
                    }
                }
            }
            Token::String(s) => {
                let s = String::from_utf8_lossy(&s).into_owned();
                let top = *stack.last().unwrap_or(&0);
                if let Some(t) = page.open_title.as_mut() {
                    t.push_str(&s);
                }
                if page.nodes[top as usize].skip {
                    continue;
                }
                if let Some((_, _, h)) = page.open_heading.as_mut() {
                    h.push_str(&s);
                }
                let in_link = open_count[link_name as usize] > 0;
                count_text(&mut page, top, &s, in_link);
                page.events.push(Event::Text(top, s));
            }
            _ => {}
        }
    }
    while let Some(id) = stack.pop() {
        if id != 0 {
            page.events.push(Event::Close(id));
            finish_capture(&mut page, id);
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
    page
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
fn intern(names: &mut HashMap<Vec<u8>, u16>, open_count: &mut Vec<u32>, name: &[u8]) -> u16 {
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
fn close_implied(
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
fn pop_one(page: &mut Page, stack: &mut Vec<u32>, open_count: &mut [u32]) {
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
fn finish_capture(page: &mut Page, id: u32) {
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
fn count_text(page: &mut Page, node: u32, text: &str, in_link: bool) {
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
fn chrome_of<'a>(name: &[u8], attr: &impl Fn(&str) -> Option<std::borrow::Cow<'a, str>>, weight: i8) -> Chrome {
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
fn class_words<'a>(attr: &impl Fn(&str) -> Option<std::borrow::Cow<'a, str>>) -> String {
    let id = attr("id").unwrap_or_default();
    let id = if id.split(['-', '_']).count() > 3 { "" } else { id.as_ref() };
    format!("{} {id}", attr("class").unwrap_or_default())
}

/// A content candidate's bonus or malus from its class and id words.
fn class_weight(classes: &str) -> i8 {
    if CONTENT_CLASS.is_match(classes) {
        25
    } else if CHROME_CLASS.is_match(classes) {
        -25
    } else {
        0
    }
}

// ---------------------------------------------------------------------------
// Choosing the content

/// The content of a page.
#[derive(Debug)]
struct Content {
    /// Whether each element's text belongs to the content.
    kept: Vec<bool>,
    /// Whether each element is or lies in chrome other than a header (for
    /// the fallback title).
    navish: Vec<bool>,
}

/// The longest link text (characters, white space aside) that may be an
/// action ("Edit", "Back to top") rather than content.
const MAX_ACTION_LINK: u32 = 20;

/// The shortest paragraph that counts as prose.
const MIN_PARAGRAPH: u32 = 25;

/// Mark chrome, score the candidates, pick the content.
fn choose_content(page: &Page) -> Content {
    let nodes = &page.nodes;
    let n = nodes.len();
    // Prose per subtree, chrome included: chrome holding half the page's
    // prose is not chrome.
    let own_prose = |i: usize| {
        let node = &nodes[i];
        let prose_kind = node.kind.is_block() && !matches!(node.kind, Kind::Heading(_) | Kind::Caption);
        if prose_kind && !node.skip && node.own_text >= MIN_PARAGRAPH { node.own_text } else { 0 }
    };
    let mut prose_all: Vec<u32> = (0..n).map(own_prose).collect();
    for i in (1..n).rev() {
        let p = nodes[i].parent as usize;
        prose_all[p] = prose_all[p].saturating_add(prose_all[i]);
    }
    let total = prose_all[0].max(1);

    // A short link beside a heading's words: "edit", a permalink sign.
    let mut action = vec![false; n];
    for &(l, h) in &page.heading_links {
        let (link, heading) = (&nodes[l as usize], &nodes[h as usize]);
        action[l as usize] = link.words <= 2 && link.text <= MAX_ACTION_LINK && heading.text > link.text;
    }
    let mut dropped = vec![false; n];
    let mut navish = vec![false; n];
    for i in 1..n {
        let node = &nodes[i];
        let p = node.parent as usize;
        let small = prose_all[i].saturating_mul(2) <= total;
        let chrome = small && (node.chrome != Chrome::None || is_link_block(node) || action[i]);
        dropped[i] = node.skip || dropped[p] || chrome;
        let titled = matches!(node.chrome, Chrome::Header | Chrome::Class) && !is_link_block(node);
        navish[i] = node.skip || navish[p] || (chrome && !titled);
    }

    // Prose, text and link text of each subtree without its chrome.
    let mut prose: Vec<u32> = (0..n).map(|i| if dropped[i] { 0 } else { own_prose(i) }).collect();
    let mut text: Vec<(u32, u32)> = vec![(0, 0); n];
    // Own text and link text of each element (before the subtree totals).
    let mut own: Vec<(u32, u32)> = nodes.iter().map(|x| (x.text, x.link_text)).collect();
    for i in (1..n).rev() {
        let p = nodes[i].parent as usize;
        own[p].0 = own[p].0.saturating_sub(nodes[i].text);
        own[p].1 = own[p].1.saturating_sub(nodes[i].link_text);
    }
    for i in 0..n {
        if !dropped[i] {
            text[i] = own[i];
        }
    }
    for i in (1..n).rev() {
        let p = nodes[i].parent as usize;
        prose[p] = prose[p].saturating_add(prose[i]);
        text[p] = (text[p].0.saturating_add(text[i].0), text[p].1.saturating_add(text[i].1));
    }
    let link_density = |t: (u32, u32)| if t.0 == 0 { 0.0 } else { t.1 as f32 / t.0 as f32 };

    let scope = scope(page, &dropped, &prose);
    let mut inside = vec![false; n];
    inside[scope] = true;
    for i in scope + 1..n {
        inside[i] = inside[nodes[i].parent as usize] && !dropped[i];
    }

    // Readability's scoring: each paragraph scores its parent, half its
    // grandparent, a sixth the next.
    let mut score: Vec<f32> = vec![0.0; n];
    let mut scored = vec![false; n];
    for i in scope..n {
        if !inside[i] || own_prose(i) == 0 {
            continue;
        }
        let node = &nodes[i];
        let points = 1.0 + node.own_commas.min(50) as f32 + (node.own_text as f32 / 100.0).min(3.0);
        let mut at = i;
        for divider in [1.0, 2.0, 6.0] {
            if at == scope {
                break;
            }
            at = nodes[at].parent as usize;
            if !scored[at] {
                scored[at] = true;
                score[at] = initial_score(&nodes[at]);
            }
            score[at] += points / divider;
        }
    }
    let mut top = scope;
    let mut best = f32::MIN;
    for i in scope..n {
        if scored[i] && inside[i] {
            let s = score[i] * (1.0 - link_density(text[i]));
            if s > best {
                best = s;
                top = i;
            }
        }
    }
    // Content sits in a container: a list, paragraph or quote that won is
    // part of one.
    while top != scope && !matches!(nodes[top].kind, Kind::Block | Kind::Main | Kind::Article | Kind::Cell) {
        top = nodes[top].parent as usize;
    }
    // Grow to the parent while it adds prose of its own.
    while top != scope {
        let p = nodes[top].parent as usize;
        let extra_prose = prose[p].saturating_sub(prose[top]);
        let extra = (text[p].0.saturating_sub(text[top].0), text[p].1.saturating_sub(text[top].1));
        if extra_prose.saturating_mul(3) >= prose[top] && link_density(extra) < 0.33 {
            top = p;
        } else {
            break;
        }
    }

    let mut kept = vec![false; n];
    kept[top] = !dropped[top];
    for i in top + 1..n {
        kept[i] = kept[nodes[i].parent as usize] && !dropped[i];
    }
    if top != 0 && text[top].0 == 0 {
        // Nothing there after all: the whole page without its chrome.
        for i in 0..n {
            kept[i] = !dropped[i];
        }
    }
    Content { kept, navish }
}

/// A block of short links: a menu, a breadcrumb trail, an "Edit" link.
fn is_link_block(node: &Node) -> bool {
    let blockish = matches!(node.kind, Kind::Block | Kind::P | Kind::Ul | Kind::Ol | Kind::Li | Kind::Table);
    if !blockish || node.text == 0 {
        return false;
    }
    let density = node.link_text as f32 / node.text as f32;
    let menu = node.links >= 3 && density >= 0.6 && node.words < node.links * 5;
    let lone = node.kind != Kind::Li
        && node.links == 1
        && node.link_text == node.text
        && node.words <= 2
        && node.text <= MAX_ACTION_LINK;
    menu || lone
}

/// Where the content is looked for: the `<main>` with most prose (when it
/// holds a quarter of the page's), the one `<article>` in it with most of
/// its prose, else the body.
fn scope(page: &Page, dropped: &[bool], prose: &[u32]) -> usize {
    let nodes = &page.nodes;
    // The element of `kind` with most prose inside `within`.
    let biggest = |kind: Kind, within: usize| {
        let mut inside = vec![false; nodes.len()];
        inside[within] = true;
        let mut best: Option<usize> = None;
        for i in within + 1..nodes.len() {
            inside[i] = inside[nodes[i].parent as usize];
            if inside[i] && nodes[i].kind == kind && !dropped[i] && best.is_none_or(|b| prose[i] > prose[b]) {
                best = Some(i);
            }
        }
        best
    };
    let body = nodes.iter().position(|x| x.kind == Kind::Body).unwrap_or(0);
    let mut scope = body;
    if let Some(main) = biggest(Kind::Main, body)
        && prose[main].saturating_mul(4) >= prose[body]
    {
        scope = main;
    }
    if let Some(article) = biggest(Kind::Article, scope)
        && prose[article].saturating_mul(2) > prose[scope]
    {
        scope = article;
    }
    scope
}

/// A candidate's starting score, by element and class words.
fn initial_score(node: &Node) -> f32 {
    let by_kind = match node.kind {
        Kind::Block | Kind::Body | Kind::Main | Kind::Article => 5.0,
        Kind::Pre | Kind::Cell | Kind::Blockquote => 3.0,
        Kind::Ol | Kind::Ul | Kind::Li => -3.0,
        Kind::Heading(_) => -5.0,
        _ => 0.0,
    };
    by_kind + node.class_weight as f32
}

/// The first `<h1>` of the page outside its navigation and sidebars.
fn page_h1(page: &Page, navish: &[bool]) -> Option<String> {
    page.h1.iter().find(|(id, _)| !navish[*id as usize]).map(|(_, t)| t.clone())
}

/// Separators between a page's title and its site's name.
const TITLE_SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " · ", " :: ", " » "];

/// A `<title>` without its site suffix: cut where the part before is a
/// heading of the page, or the part after is the site's declared name; a
/// last ` | ` part of a few words is a site name too.
fn strip_site_suffix(title: &str, headings: &[String], site_names: &[String]) -> String {
    let title = title.trim();
    let mut cuts: Vec<usize> =
        TITLE_SEPARATORS.iter().flat_map(|sep| title.match_indices(sep).map(|(i, _)| i)).collect();
    cuts.sort_unstable();
    for &cut in cuts.iter().rev() {
        let head = title[..cut].trim();
        if headings.contains(&normalize(head)) {
            return head.to_owned();
        }
    }
    for &cut in &cuts {
        let tail = title[cut..].trim_start_matches([' ', '|', '-', '–', '—', '·', ':', '»']);
        if site_names.contains(&normalize(tail)) && cut > 0 {
            return title[..cut].trim().to_owned();
        }
    }
    if let Some((head, site)) = title.rsplit_once(" | ")
        && site.split_whitespace().count() <= 4
        && !head.trim().is_empty()
    {
        return head.trim().to_owned();
    }
    title.to_owned()
}

/// Lower case, white space collapsed.
fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

// ---------------------------------------------------------------------------
// Writing the content as text

/// The content as text.
#[derive(Debug, Default)]
struct Rendered {
    body: String,
    sections: Vec<Section>,
    emphasized: Vec<String>,
    first_h1: Option<String>,
}

/// An open list.
#[derive(Debug)]
struct List {
    ordered: bool,
    letters: bool,
    next: u32,
}

/// A table being read (only the outermost; nested tables' text runs on in
/// the cell).
#[derive(Debug, Default)]
struct TableText {
    depth: usize,
    rows: Vec<Vec<String>>,
    row: Vec<String>,
    cell: Option<String>,
    caption: String,
    in_caption: bool,
}

/// The text builder.
#[derive(Debug, Default)]
struct Writer {
    /// Finished blocks: the separator before each (`\n` for the next line
    /// of an unordered list, else a blank line) and its text.
    blocks: Vec<(&'static str, String)>,
    /// Section names and their blocks.
    sections: Vec<(String, Vec<(&'static str, String)>)>,
    cur: String,
    /// Inside `<pre>`: white space kept.
    pre: usize,
    lists: Vec<List>,
    /// The marker waiting for an item's first text, and its indentation.
    marker: Option<(String, usize)>,
    /// The indentation of the block being built.
    indent: usize,
    /// The block being built starts a list item: `Some(true)` an unordered one.
    item: Option<bool>,
    /// The last finished block was an unordered item's first line at this
    /// indentation.
    last_bullet: Option<usize>,
    heading: Option<(u8, String)>,
    code: Option<String>,
    code_depth: usize,
    quote: Option<String>,
    quote_depth: usize,
    table: TableText,
    emphasized: Vec<String>,
    first_h1: Option<String>,
}

/// Write the kept events as text.
fn render(page: &Page, kept: &[bool]) -> Rendered {
    let mut w = Writer { sections: vec![("BODY".to_owned(), Vec::new())], ..Writer::default() };
    for event in &page.events {
        match event {
            Event::Open(id) if kept[*id as usize] => w.open(&page.nodes[*id as usize]),
            Event::Close(id) if kept[*id as usize] => w.close(&page.nodes[*id as usize]),
            Event::Text(id, text) if kept[*id as usize] => w.text(text),
            Event::Br(id) if kept[*id as usize] => w.line_break(),
            Event::Rule(id) if kept[*id as usize] => w.para_break(),
            _ => {}
        }
    }
    w.para_break();
    w.finish()
}

impl Writer {
    fn open(&mut self, node: &Node) {
        if self.table.depth > 0 {
            self.open_in_table(node);
            return;
        }
        match node.kind {
            Kind::Heading(level) => {
                self.para_break();
                self.heading = Some((level, String::new()));
            }
            Kind::Ol | Kind::Ul => {
                self.para_break();
                let letters = node.ol_letters || (node.kind == Kind::Ol && self.lists.iter().any(|l| l.ordered));
                self.lists.push(List { ordered: node.kind == Kind::Ol, letters, next: node.ol_start });
            }
            Kind::Li => self.start_item(),
            Kind::Table => {
                self.para_break();
                self.table = TableText { depth: 1, ..TableText::default() };
            }
            Kind::Pre => {
                self.para_break();
                self.pre += 1;
                self.start_code();
            }
            Kind::Code => self.start_code(),
            Kind::Blockquote => {
                self.para_break();
                self.quote_depth += 1;
                if self.quote_depth == 1 {
                    self.quote = Some(String::new());
                }
            }
            k if k.is_block() => self.para_break(),
            _ => {}
        }
    }

    fn close(&mut self, node: &Node) {
        if self.table.depth > 0 {
            self.close_in_table(node);
            return;
        }
        match node.kind {
            Kind::Heading(_) => self.end_heading(),
            Kind::Ol | Kind::Ul => {
                self.para_break();
                self.lists.pop();
                self.marker = None;
            }
            Kind::Li => {
                self.para_break();
                self.marker = None;
            }
            Kind::Pre => {
                self.end_code(true);
                self.para_break();
                self.pre = self.pre.saturating_sub(1);
            }
            Kind::Code => self.end_code(false),
            Kind::Blockquote => {
                self.para_break();
                self.quote_depth = self.quote_depth.saturating_sub(1);
                if self.quote_depth == 0
                    && let Some(q) = self.quote.take()
                {
                    let q = collapse(&q).replace('\n', " ");
                    // A note (`[!NOTE] ...`, as GitHub and DocFX write them) quotes no message.
                    if !ALERT.is_match(&q) {
                        self.emphasize(q);
                    }
                }
            }
            k if k.is_block() => self.para_break(),
            _ => {}
        }
    }

    fn open_in_table(&mut self, node: &Node) {
        let t = &mut self.table;
        match node.kind {
            Kind::Table => t.depth += 1,
            Kind::Tr if t.depth == 1 => {
                let row = std::mem::take(&mut t.row);
                if !row.is_empty() {
                    t.rows.push(row);
                }
            }
            Kind::Cell if t.depth == 1 => {
                if let Some(cell) = t.cell.take() {
                    t.row.push(collapse(&cell).replace('\n', " "));
                }
                t.cell = Some(String::new());
            }
            Kind::Caption if t.depth == 1 => t.in_caption = true,
            Kind::Code | Kind::Pre => self.start_code(),
            k if k.is_block() => self.text(" "),
            _ => {}
        }
    }

    fn close_in_table(&mut self, node: &Node) {
        match node.kind {
            Kind::Table => {
                self.table.depth -= 1;
                if self.table.depth == 0 {
                    self.end_table();
                }
            }
            Kind::Cell if self.table.depth == 1 => {
                let t = &mut self.table;
                if let Some(cell) = t.cell.take() {
                    t.row.push(collapse(&cell).replace('\n', " "));
                }
            }
            Kind::Tr if self.table.depth == 1 => {
                let t = &mut self.table;
                if let Some(cell) = t.cell.take() {
                    t.row.push(collapse(&cell).replace('\n', " "));
                }
                let row = std::mem::take(&mut t.row);
                if !row.is_empty() {
                    t.rows.push(row);
                }
            }
            Kind::Caption => self.table.in_caption = false,
            Kind::Code => self.end_code(false),
            Kind::Pre => self.end_code(true),
            k if k.is_block() => self.text(" "),
            _ => {}
        }
    }

    /// Lay the table out: one row a line, cells padded to their column.
    fn end_table(&mut self) {
        let mut t = std::mem::take(&mut self.table);
        if let Some(cell) = t.cell.take() {
            t.row.push(collapse(&cell).replace('\n', " "));
        }
        if !t.row.is_empty() {
            t.rows.push(std::mem::take(&mut t.row));
        }
        let caption = collapse(&t.caption).replace('\n', " ");
        if !caption.is_empty() {
            self.cur = caption;
            self.para_break();
        }
        for row in &mut t.rows {
            while row.last().is_some_and(String::is_empty) {
                row.pop();
            }
        }
        t.rows.retain(|r| !r.is_empty());
        let columns = t.rows.iter().map(Vec::len).max().unwrap_or(0);
        // Columns empty in every row (spacers) go.
        for c in (0..columns).rev() {
            if t.rows.iter().all(|r| r.get(c).is_none_or(String::is_empty)) {
                for r in &mut t.rows {
                    if c < r.len() {
                        r.remove(c);
                    }
                }
            }
        }
        let columns = t.rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut widths = vec![0usize; columns];
        for row in &t.rows {
            for (i, cell) in row.iter().enumerate() {
                widths[i] = widths[i].max(cell.chars().count().min(MAX_COLUMN));
            }
        }
        let mut lines = Vec::with_capacity(t.rows.len());
        for row in &t.rows {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                line.push_str(cell);
                if i + 1 < row.len() {
                    let pad = widths[i].saturating_sub(cell.chars().count()) + 2;
                    line.extend(std::iter::repeat_n(' ', pad));
                }
            }
            lines.push(line);
        }
        if lines.is_empty() {
            return;
        }
        let pad = self.list_pad();
        let text = lines.iter().map(|l| format!("{pad}{}", l.trim_end())).collect::<Vec<_>>().join("\n");
        self.push_block("\n\n", text);
    }

    /// Add text to the open heading, cell or block, and to open captures.
    fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        // Line breaks in the source are spaces, except in `<pre>`.
        let text = if self.pre > 0 { text.to_owned() } else { text.replace(['\n', '\r', '\t'], " ") };
        if let Some(code) = self.code.as_mut() {
            code.push_str(&text);
        }
        if let Some(q) = self.quote.as_mut() {
            q.push_str(&text);
        }
        if self.table.depth > 0 {
            let t = &mut self.table;
            let cell = if t.in_caption {
                &mut t.caption
            } else if let Some(cell) = t.cell.as_mut() {
                cell
            } else if text.trim().is_empty() {
                // White space between rows and cells.
                return;
            } else {
                t.cell.insert(String::new())
            };
            cell.push_str(&text.replace('\n', " "));
            return;
        }
        if let Some((_, heading)) = self.heading.as_mut() {
            heading.push_str(&text.replace('\n', " "));
            return;
        }
        if self.cur.is_empty() {
            if self.pre == 0 && text.trim().is_empty() {
                return;
            }
            self.start_block();
        }
        self.cur.push_str(&text);
    }

    /// `<br>`: a new line in a block, a space in a heading or a cell.
    fn line_break(&mut self) {
        if self.table.depth > 0 || self.heading.is_some() {
            self.text(" ");
        } else if !self.cur.is_empty() {
            self.cur.push('\n');
            if let Some(code) = self.code.as_mut() {
                code.push('\n');
            }
        }
    }

    /// The first text of a block: the waiting item marker, the indentation.
    fn start_block(&mut self) {
        match self.marker.take() {
            Some((marker, indent)) => {
                self.item = Some(marker == "- ");
                self.cur.push_str(&marker);
                self.indent = indent;
            }
            None => {
                self.item = None;
                self.indent = self.list_pad().len();
            }
        }
    }

    /// Indentation of text inside the open list items.
    fn list_pad(&self) -> String {
        "   ".repeat(self.lists.len())
    }

    fn start_item(&mut self) {
        self.para_break();
        let depth = self.lists.len().saturating_sub(1);
        let marker = match self.lists.last_mut() {
            Some(list) if list.ordered => {
                let n = list.next;
                list.next = list.next.saturating_add(1);
                if list.letters { format!("{}. ", letter(n)) } else { format!("{n}. ") }
            }
            _ => "- ".to_owned(),
        };
        self.marker = Some((marker, depth * 3));
    }

    /// Finish the block being built.
    fn para_break(&mut self) {
        let item = self.item.take();
        if self.cur.is_empty() {
            return;
        }
        let cur = std::mem::take(&mut self.cur);
        let text = if self.pre > 0 { trim_raw(&cur) } else { collapse(&cur) };
        if text.is_empty() {
            return;
        }
        // Lines after an item's first sit under its text, not its marker.
        let pad = " ".repeat(self.indent);
        let hang = if item.is_some() { "   " } else { "" };
        let mut out = String::with_capacity(text.len() + 16);
        for (i, line) in text.lines().enumerate() {
            if i > 0 {
                out.push('\n');
                out.push_str(hang);
            }
            out.push_str(&pad);
            out.push_str(line);
        }
        let bullet = item == Some(true);
        let sep = if bullet && self.last_bullet == Some(self.indent) { "\n" } else { "\n\n" };
        let indent = self.indent;
        self.push_block(sep, out);
        self.last_bullet = bullet.then_some(indent);
    }

    fn push_block(&mut self, sep: &'static str, text: String) {
        self.last_bullet = None;
        if let Some((_, blocks)) = self.sections.last_mut() {
            blocks.push((sep, text.clone()));
        }
        self.blocks.push((sep, text));
    }

    fn end_heading(&mut self) {
        let Some((level, text)) = self.heading.take() else {
            return;
        };
        let name = collapse(&text).replace('\n', " ");
        // What an edit link that went left behind: `Cause [ ]`.
        let name = name.trim_end_matches(['[', ']', '|', ' ']).to_owned();
        if name.is_empty() {
            return;
        }
        if level == 1 && self.first_h1.is_none() {
            self.first_h1 = Some(name.clone());
        }
        self.blocks.push(("\n\n", name.clone()));
        self.sections.push((name, Vec::new()));
        self.last_bullet = None;
    }

    fn start_code(&mut self) {
        self.code_depth += 1;
        if self.code_depth == 1 {
            self.code = Some(String::new());
        }
    }

    /// Close a code capture; a `<pre>` keeps its lines, inline code is one line.
    fn end_code(&mut self, block: bool) {
        if self.code_depth == 0 {
            return;
        }
        self.code_depth -= 1;
        if self.code_depth == 0
            && let Some(code) = self.code.take()
        {
            let text = if block { trim_raw(&code) } else { collapse(&code).replace('\n', " ") };
            self.emphasize(text);
        }
    }

    fn emphasize(&mut self, text: String) {
        if !text.trim().is_empty() {
            self.emphasized.push(text);
        }
    }

    fn finish(self) -> Rendered {
        let join = |blocks: &[(&str, String)]| {
            let mut out = String::new();
            for (i, (sep, text)) in blocks.iter().enumerate() {
                if i > 0 {
                    out.push_str(sep);
                }
                out.push_str(text);
            }
            out
        };
        let sections = self
            .sections
            .iter()
            .enumerate()
            .filter(|(i, (_, blocks))| *i > 0 || !blocks.is_empty())
            .map(|(_, (name, blocks))| Section { name: name.clone(), text: join(blocks) })
            .collect();
        Rendered { body: join(&self.blocks), sections, emphasized: self.emphasized, first_h1: self.first_h1 }
    }
}

/// The marker that opens a GitHub or DocFX note.
static ALERT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\[![A-Z]+\]").expect("static regex"));

/// Widest a table column is padded to.
const MAX_COLUMN: usize = 40;



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
