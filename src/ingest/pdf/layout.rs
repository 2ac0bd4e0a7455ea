//! The lines of a PDF laid out as a document: the body text's size,
//! spacing and margin read from the lines; lines into paragraphs; each
//! paragraph a heading, a code block, a table row, a list item or text.
use super::super::outline::Outline;
use regex::Regex;
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// One line of text on a page.
#[derive(Debug, Clone)]
pub(super) struct Line {
    pub(super) page: usize,
    pub(super) x: f32,
    /// Where the line's last piece ends.
    pub(super) x_end: f32,
    pub(super) y: f32,
    pub(super) size: f32,
    pub(super) bold: bool,
    pub(super) mono: bool,
    pub(super) black: bool,
    pub(super) text: String,
    /// Monospace pieces of a line that is not all monospace (code spans).
    pub(super) code: Vec<String>,
}


/// The document's words (lower case) and how often each is written.
type Words = FxHashMap<String, usize>;

/// A list item's marker at a line's start: `1.`, `1)`, a bullet.
static MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:(\d{1,3})[.)]|([•◦▪‣∙·○●■□–-]))\s+(\S.*)$").expect("static regex"));

/// The most common value of `values` (rounded to half points), weighted.
fn mode(values: impl Iterator<Item = (f32, usize)>) -> Option<f32> {
    let mut counts: FxHashMap<i64, usize> = FxHashMap::default();
    for (v, w) in values {
        *counts.entry((v * 2.0).round() as i64).or_default() += w;
    }
    counts.into_iter().max_by_key(|&(v, n)| (n, -v)).map(|(v, _)| v as f32 / 2.0)
}

/// The body text's left margin: the leftmost edge that at least
/// [`MARGIN_LINES`] lines start at (all the lines' most common edge when
/// none has so many). Indented quotations, nested lists and table cells
/// stand right of it however many lines they hold.
fn left_margin(xs: impl Iterator<Item = f32>) -> f32 {
    let mut counts: FxHashMap<i64, usize> = FxHashMap::default();
    for x in xs {
        *counts.entry((x * 2.0).round() as i64).or_default() += 1;
    }
    let most = counts.values().copied().max().unwrap_or(0);
    let need = MARGIN_LINES.min(most);
    counts.into_iter().filter(|&(_, n)| n >= need && n > 0).map(|(x, _)| x).min().map_or(0.0, |x| x as f32 / 2.0)
}

/// How many lines must start at an edge for it to be the left margin.
const MARGIN_LINES: usize = 3;

/// The document's text laid out.
#[derive(Debug, Default)]
pub(super) struct Laid {
    pub(super) outline: Outline,
    pub(super) emphasized: Vec<String>,
    pub(super) title: Option<String>,
}

/// What a paragraph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Heading,
    Code,
    /// A table's row: cells parted by wide gaps.
    Row,
    Text,
}

/// Lines into headings and paragraphs.
pub(super) fn lay_out(lines: &[Line]) -> Laid {
    let metrics = Metrics::of(lines);
    let words = word_set(lines);
    let mut laid = Laid::default();
    // The left edges of the open lists' markers, outermost first: a list
    // item's depth is the number of markers left of its own, and text set
    // in under a nested item belongs to it (indented as the Markdown
    // reader indents nested lists, so the steps extractor keeps sub-items
    // with their step).
    let mut markers: Vec<f32> = Vec::new();
    for (k, pl) in paragraphs(lines, &metrics) {
        let first = pl[0];
        for line in &pl {
            laid.emphasized.extend(line.code.iter().cloned());
        }
        let short_bold = k == Kind::Text
            && pl.len() <= 2
            && pl.iter().all(|l| l.bold)
            && first.size >= metrics.body * 0.95
            && !MARKER.is_match(&first.text);
        let item = (k == Kind::Text).then(|| MARKER.captures(&first.text)).flatten().is_some();
        if k == Kind::Heading || short_bold || (!item && first.x <= metrics.margin + 1.0) {
            markers.clear();
        }
        let depth = if item {
            markers.retain(|&x| x < first.x - 1.0);
            let depth = markers.len();
            markers.push(first.x);
            depth
        } else {
            markers.iter().filter(|&&x| x + 1.0 < first.x).count().saturating_sub(1)
        };
        let paragraph = Paragraph { kind: k, lines: &pl, short_bold, depth };
        paragraph.write(&metrics, &words, &mut laid);
    }
    laid
}

/// What the document's lines say of its layout: the body text's size,
/// line spacing and left margin, the largest size, the right edge.
struct Metrics {
    body: f32,
    spacing: f32,
    margin: f32,
    largest: f32,
    right_edge: f32,
}

impl Metrics {
    fn of(lines: &[Line]) -> Self {
        // The body text is the prose: a document of much code in a smaller
        // monospace size still has its prose's size as the body's.
        let prose = |l: &&Line| !l.mono;
        let body = mode(lines.iter().filter(prose).map(|l| (l.size, l.text.chars().count())))
            .or_else(|| mode(lines.iter().map(|l| (l.size, l.text.chars().count()))))
            .unwrap_or(10.0);
        let spacing = mode(lines.windows(2).filter_map(|w| {
            let d = w[0].y - w[1].y;
            let body_line = |l: &Line| (l.size - body).abs() < 0.5;
            (w[0].page == w[1].page && body_line(&w[0]) && body_line(&w[1]) && d > 0.8 * body && d < 3.0 * body)
                .then_some((d, 1))
        }))
        .unwrap_or(1.2 * body);
        let margin = left_margin(lines.iter().filter(|l| (l.size - body).abs() < 0.5).map(|l| l.x));
        let largest = lines.iter().map(|l| l.size).fold(0.0, f32::max);
        let right_edge = lines.iter().map(|l| l.x_end).fold(0.0, f32::max);
        Metrics { body, spacing, margin, largest, right_edge }
    }

    /// What a line is by its font and shape.
    fn kind(&self, l: &Line) -> Kind {
        if l.mono {
            Kind::Code
        } else if l.size >= self.body * 1.12 {
            Kind::Heading
        } else if l.text.trim().contains("  ") && !MARKER.is_match(&l.text) {
            Kind::Row
        } else {
            Kind::Text
        }
    }
}

/// Lines into paragraphs: a line goes on the paragraph before it when it is
/// of its kind, size and weight, close below it (or runs on across a page
/// break), and starts no list item.
fn paragraphs<'l>(lines: &'l [Line], metrics: &Metrics) -> Vec<(Kind, Vec<&'l Line>)> {
    let mut paras: Vec<(Kind, Vec<&Line>)> = Vec::new();
    for line in lines {
        let k = metrics.kind(line);
        let continues = paras.last().is_some_and(|(pk, pl)| {
            let prev = pl[pl.len() - 1];
            let alike = *pk == k && (prev.size - line.size).abs() < 0.5 && prev.bold == line.bold;
            let close = if prev.page == line.page {
                let gap = prev.y - line.y;
                gap > 0.0 && gap <= metrics.spacing.max(1.2 * line.size) * 1.25
            } else {
                // A paragraph runs on across a page break when it had not ended.
                !prev.text.ends_with(['.', ':', '!', '?']) && line.text.starts_with(char::is_lowercase)
            };
            let new_item = k != Kind::Code && MARKER.is_match(&line.text);
            alike && close && !new_item
        });
        match paras.last_mut() {
            Some((_, pl)) if continues => pl.push(line),
            _ => paras.push((k, vec![line])),
        }
    }
    paras
}

/// One paragraph as [`lay_out`] writes it.
struct Paragraph<'p, 'l> {
    kind: Kind,
    lines: &'p [&'l Line],
    /// Short bold text of the body's size: a heading.
    short_bold: bool,
    /// Its list depth (its text indented by three spaces a level).
    depth: usize,
}

impl Paragraph<'_, '_> {
    fn indent(&self, text: String) -> String {
        if self.depth == 0 {
            return text;
        }
        let pad = "   ".repeat(self.depth);
        text.lines().map(|l| format!("{pad}{l}")).collect::<Vec<_>>().join("\n")
    }

    /// The paragraph as a heading or a block of the outline.
    fn write(&self, metrics: &Metrics, words: &Words, laid: &mut Laid) {
        let (pl, first) = (self.lines, self.lines[0]);
        match self.kind {
            Kind::Heading => {
                let name = join_lines(pl, words);
                if laid.title.is_none() && (first.size - metrics.largest).abs() < 0.5 {
                    laid.title = Some(name.clone());
                }
                laid.outline.heading(name);
            }
            _ if self.short_bold && join_lines(pl, words).chars().count() < 120 => {
                laid.outline.heading(join_lines(pl, words))
            }
            Kind::Code => {
                // A code line that reaches the right edge was wrapped by the
                // layout, not by its author: it runs on in the next line.
                let mut text = String::new();
                for (i, l) in pl.iter().enumerate() {
                    if i > 0 && pl[i - 1].x_end < metrics.right_edge - 0.7 * l.size {
                        text.push('\n');
                    }
                    text.push_str(&l.text);
                }
                laid.emphasized.push(text.clone());
                laid.outline.block(self.indent(text));
            }
            Kind::Row => {
                let text = pl.iter().map(|l| squeeze(&l.text)).collect::<Vec<_>>().join("\n");
                laid.outline.block(self.indent(text));
            }
            Kind::Text => {
                // A quotation: set in from the margin, in grey or a colour.
                // Its lines broken by their author (an error's lines, a
                // log's) are each a message, as the Markdown reader takes
                // each line of a `>` block.
                if pl.iter().all(|l| !l.black && l.x > metrics.margin + metrics.body) {
                    let quoted: Vec<String> = hard_lines(pl).iter().map(|part| join_lines(part, words)).collect();
                    laid.emphasized.extend(quoted.iter().cloned());
                    laid.outline.block(self.indent(quoted.join("\n")));
                    return;
                }
                let text = join_lines(pl, words);
                let text = match MARKER.captures(&text) {
                    Some(c) => match c.get(1) {
                        Some(n) => format!("{}. {}", n.as_str(), &c[3]),
                        None => format!("- {}", &c[3]),
                    },
                    None => text,
                };
                laid.outline.block(self.indent(text));
            }
        }
    }
}

/// A paragraph's lines joined with spaces. A word broken at a line's end
/// by a soft hyphen is joined; one broken by a hyphen (layout engines draw
/// their hyphenation as plain hyphens) is joined without it when the
/// document writes the whole word elsewhere (`ser-` `vice`), else keeps
/// it (`client-` `side`).
fn join_lines(lines: &[&Line], words: &Words) -> String {
    let mut out = String::new();
    for line in lines {
        let text = squeeze(&line.text);
        if out.ends_with('\u{ad}') {
            out.pop();
        } else if out.ends_with('-') && text.starts_with(char::is_alphabetic) {
            let (head, tail) = (last_letters(&out[..out.len() - 1]), first_letters(&text));
            if !head.is_empty() && words.contains_key(&format!("{head}{tail}").to_lowercase()) {
                out.pop();
            }
        } else if !out.is_empty() && !broken_word(&out, &text, words) {
            out.push(' ');
        }
        out.push_str(&text);
    }
    out.replace('\u{ad}', "")
}

/// Whether a line's last letters and the next line's first are one word
/// the layout broke where it could not hyphenate (a long name overflowing
/// its line: `ThreadAbo` `rtException`): the two pieces are written
/// nowhere else in the document, the whole word is.
fn broken_word(out: &str, next: &str, words: &Words) -> bool {
    let (head, tail) = (last_letters(out).to_lowercase(), first_letters(next).to_lowercase());
    let once = |w: &str| words.get(w).copied().unwrap_or(0) <= 1;
    head.chars().count() >= 2
        && tail.chars().count() >= 2
        && once(&head)
        && once(&tail)
        && words.contains_key(&format!("{head}{tail}"))
}

/// The letters `text` ends with.
fn last_letters(text: &str) -> &str {
    &text[text.trim_end_matches(char::is_alphabetic).len()..]
}

/// The letters `text` starts with.
fn first_letters(text: &str) -> &str {
    &text[..text.len() - text.trim_start_matches(char::is_alphabetic).len()]
}

/// A paragraph's lines in runs its author wrote as lines: a line ends one
/// where the next line's first word would have fitted after it, short of
/// the paragraph's right edge (the layout wraps a line only when the next
/// word does not fit).
fn hard_lines<'p, 'l>(lines: &'p [&'l Line]) -> Vec<&'p [&'l Line]> {
    let right = lines.iter().map(|l| l.x_end).fold(f32::MIN, f32::max);
    let mut parts = Vec::new();
    let mut start = 0;
    for i in 1..lines.len() {
        if next_word_fits(lines[i - 1], lines[i], right) {
            parts.push(&lines[start..i]);
            start = i;
        }
    }
    parts.push(&lines[start..]);
    parts
}

/// Whether `next`'s first word would have fitted after `prev`, short of
/// `right` (the right edge): where it would, the author broke the line, not
/// the layout. A word's width is over-estimated (0.6 of the size a
/// character, as wide as the wide fonts' average): a doubtful break is the
/// layout's.
pub(super) fn next_word_fits(prev: &Line, next: &Line, right: f32) -> bool {
    let word = next.text.split_whitespace().next().map_or(0, |w| w.chars().count());
    prev.x_end + (0.3 + 0.6 * word as f32) * next.size < right
}

/// White space made single spaces, except the two spaces that part table
/// cells; trimmed.
fn squeeze(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blanks = 0;
    for c in text.trim().chars() {
        if c.is_whitespace() {
            blanks += 1;
            continue;
        }
        if blanks > 0 {
            out.push_str(if blanks > 1 { "  " } else { " " });
            blanks = 0;
        }
        out.push(c);
    }
    out
}

/// Every word of the document, lower-cased, and how often it is written:
/// the words a line's end may have broken.
fn word_set(lines: &[Line]) -> Words {
    let mut words = Words::default();
    for w in lines.iter().flat_map(|l| l.text.split(|c: char| !c.is_alphabetic())).filter(|w| w.len() > 2) {
        *words.entry(w.to_lowercase()).or_default() += 1;
    }
    words
}
