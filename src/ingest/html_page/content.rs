//! Choosing the content: the container that paragraphs and link density score
//! best, grown to its parent while the parent adds prose of its own; the title.
use super::page::*;

/// The content of a page.
#[derive(Debug)]
pub(super) struct Content {
    /// Whether each element's text belongs to the content.
    pub(super) kept: Vec<bool>,
    /// Whether each element is or lies in chrome other than a header (for
    /// the fallback title).
    pub(super) navish: Vec<bool>,
}

/// The longest link text (characters, white space aside) that may be an
/// action ("Edit", "Back to top") rather than content.
pub(super) const MAX_ACTION_LINK: u32 = 20;

/// The shortest paragraph that counts as prose.
pub(super) const MIN_PARAGRAPH: u32 = 25;

/// Mark chrome, score the candidates, pick the content.
pub(super) fn choose_content(page: &Page) -> Content {
    let nodes = &page.nodes;
    let n = nodes.len();
    let (dropped, navish) = mark_chrome(page);
    let (prose, text) = totals_without_chrome(nodes, &dropped);
    let scope = scope(page, &dropped, &prose);
    let mut inside = vec![false; n];
    inside[scope] = true;
    for i in scope + 1..n {
        inside[i] = inside[nodes[i].parent as usize] && !dropped[i];
    }
    let top = best_container(nodes, scope, &inside, &prose, &text);
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

/// An element's own prose: its own text when it is a paragraph-like block
/// of [`MIN_PARAGRAPH`] characters or more, else 0.
fn own_prose(node: &Node) -> u32 {
    let prose_kind = node.kind.is_block() && !matches!(node.kind, Kind::Heading(_) | Kind::Caption);
    if prose_kind && !node.skip && node.own_text >= MIN_PARAGRAPH { node.own_text } else { 0 }
}

/// Which elements are dropped as chrome (or lie in it), and which are
/// chrome other than a header (for the fallback title).
fn mark_chrome(page: &Page) -> (Vec<bool>, Vec<bool>) {
    let nodes = &page.nodes;
    let n = nodes.len();
    // Prose per subtree, chrome included: chrome holding half the page's
    // prose is not chrome.
    let mut prose_all: Vec<u32> = nodes.iter().map(own_prose).collect();
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
    (dropped, navish)
}

/// Prose, and (text, link text), of each subtree without its chrome.
fn totals_without_chrome(nodes: &[Node], dropped: &[bool]) -> (Vec<u32>, Vec<(u32, u32)>) {
    let n = nodes.len();
    let mut prose: Vec<u32> = (0..n).map(|i| if dropped[i] { 0 } else { own_prose(&nodes[i]) }).collect();
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
    (prose, text)
}

/// The share of a (text, link text) pair that is links.
fn link_density(t: (u32, u32)) -> f32 {
    if t.0 == 0 { 0.0 } else { t.1 as f32 / t.0 as f32 }
}

/// Readability's scoring: each paragraph scores its parent, half its
/// grandparent, a sixth the next; the best container, weighed down by its
/// link density, grown to its parent while the parent adds prose of its own.
fn best_container(nodes: &[Node], scope: usize, inside: &[bool], prose: &[u32], text: &[(u32, u32)]) -> usize {
    let n = nodes.len();
    let mut score: Vec<f32> = vec![0.0; n];
    let mut scored = vec![false; n];
    for i in scope..n {
        if !inside[i] || own_prose(&nodes[i]) == 0 {
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
    top
}

/// A block of short links: a menu, a breadcrumb trail, an "Edit" link.
pub(super) fn is_link_block(node: &Node) -> bool {
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
pub(super) fn scope(page: &Page, dropped: &[bool], prose: &[u32]) -> usize {
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
pub(super) fn initial_score(node: &Node) -> f32 {
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
pub(super) fn page_h1(page: &Page, navish: &[bool]) -> Option<String> {
    page.h1.iter().find(|(id, _)| !navish[*id as usize]).map(|(_, t)| t.clone())
}

/// Separators between a page's title and its site's name.
pub(super) const TITLE_SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " · ", " :: ", " » "];

/// A `<title>` without its site suffix: cut where the part before is a
/// heading of the page, or the part after is the site's declared name; a
/// last ` | ` part of a few words is a site name too.
pub(super) fn strip_site_suffix(title: &str, headings: &[String], site_names: &[String]) -> String {
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


