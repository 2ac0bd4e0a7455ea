//! Reader: PDF documents, from their text layer.
//!
//! lopdf parses the file (objects, streams, fonts' encodings); the walk of
//! each page's content stream is ours, so that every piece of text comes
//! with where it stands, its size on the page, and whether its font is bold
//! or monospace. From those:
//! - pieces on one baseline make a line (left to right; a wide gap, as
//!   between table cells, is two spaces), lines are read top to bottom;
//! - a line repeated at the same height on most pages (a running title, a
//!   page number) is a page header or footer, dropped;
//! - lines larger than the body text, or bold short paragraphs, are
//!   headings, hence sections; the title is the first line in the largest
//!   size (else the document information's `Title`, else the file stem);
//! - lines close together make one paragraph (a soft hyphen at a line's end
//!   is dropped and the word joined), a line that starts with `1.` or a
//!   bullet starts a list item (`1. text`, `- text`), as the Markdown reader
//!   writes lists;
//! - monospace text (code) and indented text in a grey or coloured font
//!   (quotations, each line its author broke) are the emphasised text;
//! - a line labelled `Applies to:` or `Original product version:` names
//!   the products, as in the Markdown of the same article.
//!
//! Bounds: lopdf inflates each stream to at most [`MAX_STREAM`] bytes, a
//! page's content to [`MAX_PAGE_CONTENT`], at most [`MAX_PAGES`] pages are
//! read, and the graphics-state stack is capped; nothing recurses on the
//! file's nesting.
mod layout;
#[cfg(test)]
mod tests;

use super::document::{Document, DocumentMeta, SkipReason};
use super::kb_markdown::{PRODUCT_LABELS, push_products};
use super::markdown_doc::doc_id;
use crate::article::{ArticleKind, SourceFormat};
use layout::{Line, lay_out, next_word_fits};
use lopdf::content::Content;
use lopdf::Encoding;
use lopdf::{Dictionary, LoadOptions, Object};
use regex::Regex;
use rustc_hash::FxHashMap;
use std::path::Path;
use std::rc::Rc;
use std::sync::LazyLock;

/// The most any one stream may inflate to.
const MAX_STREAM: usize = 64 << 20;
/// The most one page's content may inflate to.
const MAX_PAGE_CONTENT: usize = 16 << 20;
/// The most pages read from one file.
const MAX_PAGES: usize = 5_000;
/// The deepest `q` (save graphics state) nesting followed.
const MAX_STATE_DEPTH: usize = 256;

const FORMAT: &str = "PDF";

fn malformed(why: impl Into<String>) -> SkipReason {
    SkipReason::Malformed { format: FORMAT, why: why.into() }
}

/// Whether a file is to be read as a PDF: its `%PDF-` header, or its name
/// (a `.pdf` without the header is then skipped as damaged, not read as text).
pub fn is_pdf(bytes: &[u8], path: &Path) -> bool {
    bytes.starts_with(b"%PDF-") || path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

/// Read one PDF file's bytes; its id is its path relative to `root`.
pub fn read(bytes: &[u8], path: &Path, root: &Path) -> Result<Document, SkipReason> {
    // lopdf parses untrusted bytes and is not ours: should it panic on a
    // damaged file, that file is skipped as damaged and the build goes on.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_pdf(bytes, path, root)))
        .unwrap_or_else(|_| Err(malformed("damaged: the PDF parser failed on it")))
}

fn read_pdf(bytes: &[u8], path: &Path, root: &Path) -> Result<Document, SkipReason> {
    let options = LoadOptions { max_decompressed_size: Some(MAX_STREAM), ..LoadOptions::default() };
    let pdf = lopdf::Document::load_mem_with_options(bytes, options).map_err(|e| {
        if bytes.windows(8).any(|w| w == b"/Encrypt") {
            encrypted()
        } else {
            malformed(format!("damaged: {e}"))
        }
    })?;
    // An empty user password decrypts on load; any other leaves the objects unreadable.
    if pdf.trailer.has(b"Encrypt") && !pdf.was_encrypted() {
        return Err(encrypted());
    }
    let pages = pdf.get_pages();
    if pages.is_empty() {
        return Err(malformed("damaged: no pages found"));
    }
    let mut page_lines = Vec::new();
    let mut font_cache = FxHashMap::default();
    for (&number, &page_id) in pages.iter().take(MAX_PAGES) {
        let content = pdf
            .get_page_content_with_limit(page_id, MAX_PAGE_CONTENT)
            .map_err(|e| malformed(format!("page {number}: {e}")))?;
        let Ok(content) = Content::decode(&content) else { continue };
        let fonts = page_fonts(&pdf, page_id, &mut font_cache);
        let runs = page_runs(&content.operations, &fonts);
        let (bottom, top) = page_extent(&pdf, page_id);
        page_lines.push(PageLines { lines: lines_of(runs), bottom, top });
    }
    drop_running_lines(&mut page_lines);
    let lines: Vec<Line> = page_lines.into_iter().enumerate().flat_map(|(i, p)| p.lines.into_iter().map(move |mut l| {
        l.page = i;
        l
    })).collect();
    if lines.iter().all(|l| l.text.trim().is_empty()) {
        return Err(SkipReason::Malformed { format: FORMAT, why: "no text layer (a scanned image?)".into() });
    }
    let products = products(&lines);
    let laid = lay_out(&lines);
    if laid.outline.is_empty() {
        return Err(SkipReason::Empty);
    }
    let (body, sections) = laid.outline.finish();
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    Ok(Document {
        id: doc_id(path, root),
        kind: ArticleKind::Doc,
        format: SourceFormat::Pdf,
        title: laid.title.or_else(|| info_title(&pdf)).or(stem),
        meta: DocumentMeta { products, ..Default::default() },
        body,
        sections: Some(sections),
        emphasized: laid.emphasized,
        source: path.to_path_buf(),
    })
}

/// A line that names the products (`Applies to: A, B`), its label
/// usually in italics, the value after a gap.
static PRODUCT_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^\s*(?:{PRODUCT_LABELS})\s*:\s*(\S.*)$")).expect("static regex"));

/// The products the document's product lines name, as the Markdown reader
/// reads them from the same lines. A value the layout wrapped goes on in
/// the paragraph's next lines (`... System Center 2012` / `Configuration
/// Manager`).
fn products(lines: &[Line]) -> Vec<String> {
    let mut products = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(c) = PRODUCT_LINE.captures(&line.text) else { continue };
        let mut value = c[1].to_owned();
        let mut prev = line;
        for next in &lines[i + 1..] {
            if !wraps_into(prev, next, lines) || PRODUCT_LINE.is_match(&next.text) || next.text.contains(':') {
                break;
            }
            value.push(' ');
            value.push_str(next.text.trim());
            prev = next;
        }
        push_products(&value, &mut products);
    }
    products
}

/// Whether `next` goes on with the words of `prev` that the layout wrapped:
/// the next line of the same paragraph (same page, size and margin, one
/// line's spacing below), whose first word would not have fitted after
/// `prev` short of the page's right edge (`layout::next_word_fits`).
fn wraps_into(prev: &Line, next: &Line, lines: &[Line]) -> bool {
    let right = || lines.iter().filter(|l| l.page == prev.page).map(|l| l.x_end).fold(f32::MIN, f32::max);
    next.page == prev.page
        && (next.size - prev.size).abs() < 0.5
        && (next.x - prev.x).abs() < 1.0
        && prev.y - next.y > 0.0
        && prev.y - next.y <= 1.6 * prev.size
        && !next_word_fits(prev, next, right())
}

fn encrypted() -> SkipReason {
    malformed("encrypted: kbmatch cannot read it; save a copy without a password")
}

/// The document information's `Title`.
fn info_title(pdf: &lopdf::Document) -> Option<String> {
    let info = pdf.trailer.get(b"Info").ok()?;
    let info = match info {
        Object::Reference(id) => pdf.get_dictionary(*id).ok()?,
        Object::Dictionary(d) => d,
        _ => return None,
    };
    let title = decode_text_string(info.get(b"Title").ok()?.as_str().ok()?);
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    (!title.is_empty()).then_some(title)
}

/// A PDF text string: UTF-16BE with its byte-order mark, UTF-8 with its
/// mark, else PDFDocEncoding (read as Latin-1, which it matches in letters).
fn decode_text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        let units: Vec<u16> = rest.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// The page's lowest and highest y (its media box), for telling headers
/// and footers.
fn page_extent(pdf: &lopdf::Document, page_id: lopdf::ObjectId) -> (f32, f32) {
    let mut node = pdf.get_dictionary(page_id).ok();
    // The box may be inherited from the page tree; its depth is bounded.
    for _ in 0..32 {
        let Some(dict) = node else { break };
        if let Ok(Object::Array(b)) = dict.get_deref(b"MediaBox", pdf) {
            let n: Vec<f32> = b.iter().filter_map(|o| o.as_float().ok()).collect();
            if n.len() == 4 {
                return (n[1].min(n[3]), n[1].max(n[3]));
            }
        }
        node = dict.get(b"Parent").and_then(Object::as_reference).and_then(|id| pdf.get_dictionary(id)).ok();
    }
    (0.0, 792.0)
}

/// What the walk needs of one font.
struct Font<'a> {
    encoding: Option<Encoding<'a>>,
    /// Two-byte codes (a composite `Type0` font).
    two_byte: bool,
    widths: FxHashMap<u32, f32>,
    default_width: f32,
    bold: bool,
    mono: bool,
}

/// A page's fonts by resource name. Pages share their fonts: each font
/// dictionary is read once (`cache`, by the dictionary's address in the
/// loaded document, which does not change while it is read).
fn page_fonts<'a>(
    pdf: &'a lopdf::Document,
    page_id: lopdf::ObjectId,
    cache: &mut FxHashMap<usize, Rc<Font<'a>>>,
) -> FxHashMap<Vec<u8>, Rc<Font<'a>>> {
    let Ok(fonts) = pdf.get_page_fonts(page_id) else { return FxHashMap::default() };
    fonts
        .into_iter()
        .map(|(name, dict)| {
            let key = std::ptr::from_ref(dict) as usize;
            (name, cache.entry(key).or_insert_with(|| Rc::new(font(pdf, dict))).clone())
        })
        .collect()
}

fn deref<'a>(pdf: &'a lopdf::Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => pdf.get_object(*id).unwrap_or(o),
        _ => o,
    }
}

fn font<'a>(pdf: &'a lopdf::Document, dict: &'a Dictionary) -> Font<'a> {
    let two_byte = dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|s| s == b"Type0");
    let descendant = two_byte
        .then(|| dict.get(b"DescendantFonts").ok())
        .flatten()
        .and_then(|o| deref(pdf, o).as_array().ok())
        .and_then(|a| a.first())
        .and_then(|o| deref(pdf, o).as_dict().ok());
    let base = dict.get(b"BaseFont").and_then(Object::as_name).map(|n| String::from_utf8_lossy(n).to_ascii_lowercase());
    let base = base.unwrap_or_default();
    let descriptor = descendant
        .unwrap_or(dict)
        .get(b"FontDescriptor")
        .ok()
        .and_then(|o| deref(pdf, o).as_dict().ok());
    let flags = descriptor.and_then(|d| d.get(b"Flags").ok()).and_then(|o| o.as_i64().ok()).unwrap_or(0);
    let weight = descriptor.and_then(|d| d.get(b"FontWeight").ok()).and_then(|o| o.as_float().ok()).unwrap_or(0.0);
    let bold = weight >= 600.0
        || flags & (1 << 18) != 0
        || ["bold", "black", "heavy", "semibold", "demi"].iter().any(|w| base.contains(w));
    let mono = flags & 1 != 0
        || ["mono", "courier", "consolas", "menlo", "monaco", "lucidaconsole", "lucida-console"].iter().any(|m| base.contains(m));
    let mut widths = FxHashMap::default();
    let default_width;
    if let Some(desc) = descendant {
        default_width = desc.get(b"DW").and_then(Object::as_float).unwrap_or(1000.0);
        if let Ok(w) = desc.get(b"W").map(|o| deref(pdf, o)).and_then(Object::as_array) {
            cid_widths(pdf, w, &mut widths);
        }
    } else {
        default_width = descriptor.and_then(|d| d.get(b"MissingWidth").ok()).and_then(|o| o.as_float().ok()).unwrap_or(500.0);
        let first = dict.get(b"FirstChar").and_then(Object::as_i64).unwrap_or(0).max(0) as u32;
        if let Ok(w) = dict.get(b"Widths").map(|o| deref(pdf, o)).and_then(Object::as_array) {
            for (i, o) in w.iter().enumerate().take(256) {
                if let Ok(v) = deref(pdf, o).as_float() {
                    widths.insert(first + i as u32, v);
                }
            }
        }
    }
    Font { encoding: dict.get_font_encoding_with_limit(pdf, MAX_STREAM).ok(), two_byte, widths, default_width, bold, mono }
}

/// A composite font's `W` array: `c [w1 w2 ...]` and `c1 c2 w` entries.
fn cid_widths(pdf: &lopdf::Document, w: &[Object], out: &mut FxHashMap<u32, f32>) {
    let mut i = 0;
    while i < w.len() && out.len() < 65_536 {
        let Ok(first) = w[i].as_i64() else { break };
        let first = first.max(0) as u32;
        match w.get(i + 1).map(|o| deref(pdf, o)) {
            Some(Object::Array(ws)) => {
                for (k, o) in ws.iter().enumerate().take(65_536) {
                    if let Ok(v) = o.as_float() {
                        out.insert(first + k as u32, v);
                    }
                }
                i += 2;
            }
            Some(o) => {
                let (Ok(last), Some(Ok(v))) = (o.as_i64(), w.get(i + 2).map(Object::as_float)) else { break };
                let last = (last.max(0) as u32).min(first.saturating_add(65_536));
                for c in first..=last {
                    out.insert(c, v);
                }
                i += 3;
            }
            None => break,
        }
    }
}

/// A 2-D affine matrix `[a b c d e f]`.
type Matrix = [f32; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m` then `n`.
fn mul(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn translate(tx: f32, ty: f32) -> Matrix {
    [1.0, 0.0, 0.0, 1.0, tx, ty]
}

/// One shown string, placed on the page.
#[derive(Debug, Clone)]
struct Run {
    x: f32,
    x_end: f32,
    /// Baseline, page space (up is larger).
    y: f32,
    size: f32,
    bold: bool,
    mono: bool,
    /// Drawn in black (or near it).
    black: bool,
    text: String,
}

/// The operands of an operation as numbers.
fn numbers(operands: &[Object]) -> Vec<f32> {
    operands.iter().filter_map(|o| o.as_float().ok()).collect()
}

/// Whether a fill colour's components are near black.
fn is_black(op: &str, n: &[f32]) -> bool {
    match (op, n.len()) {
        ("k", 4) => n[3] > 0.8 && n[..3].iter().all(|v| *v < 0.2),
        (_, 1) => n[0] < 0.2,
        (_, 3) => n.iter().all(|v| *v < 0.2),
        _ => true,
    }
}

/// Walk a page's operations: every shown string as a run.
fn page_runs(ops: &[lopdf::content::Operation], fonts: &FxHashMap<Vec<u8>, Rc<Font<'_>>>) -> Vec<Run> {
    let mut pen = Pen::new();
    let mut runs = Vec::new();
    for op in ops {
        match op.operator.as_str() {
            "Tj" | "'" | "\"" | "TJ" => runs.extend(pen.show(op)),
            "Tf" => {
                pen.font =
                    op.operands.first().and_then(|o| o.as_name().ok()).and_then(|name| fonts.get(name)).map(|f| &**f);
                pen.size = op.operands.get(1).and_then(|o| o.as_float().ok()).unwrap_or(0.0);
            }
            _ => pen.apply(op),
        }
    }
    runs
}

/// The graphics and text state a page's operations change: where the
/// text goes, in which font, size and spacing, and whether it is black.
struct Pen<'m, 'd> {
    ctm: Matrix,
    black: bool,
    stack: Vec<(Matrix, bool)>,
    tm: Matrix,
    tlm: Matrix,
    font: Option<&'m Font<'d>>,
    size: f32,
    tc: f32,
    tw: f32,
    th: f32,
    tl: f32,
}

impl<'m, 'd> Pen<'m, 'd> {
    fn new() -> Self {
        Pen {
            ctm: IDENTITY,
            black: true,
            stack: Vec::new(),
            tm: IDENTITY,
            tlm: IDENTITY,
            font: None,
            size: 0.0,
            tc: 0.0,
            tw: 0.0,
            th: 1.0,
            tl: 0.0,
        }
    }

    /// An operation that changes the state and shows nothing.
    fn apply(&mut self, op: &lopdf::content::Operation) {
        let n = || numbers(&op.operands);
        match op.operator.as_str() {
            "q" if self.stack.len() < MAX_STATE_DEPTH => self.stack.push((self.ctm, self.black)),
            "Q" => {
                if let Some((m, b)) = self.stack.pop() {
                    self.ctm = m;
                    self.black = b;
                }
            }
            "cm" => {
                if let [a, b, c, d, e, f] = n()[..] {
                    self.ctm = mul(&[a, b, c, d, e, f], &self.ctm);
                }
            }
            "rg" | "g" | "k" | "sc" | "scn" => self.black = is_black(&op.operator, &n()),
            "BT" => {
                self.tm = IDENTITY;
                self.tlm = IDENTITY;
            }
            "Tc" => self.tc = n().first().copied().unwrap_or(0.0),
            "Tw" => self.tw = n().first().copied().unwrap_or(0.0),
            "Tz" => self.th = n().first().copied().unwrap_or(100.0) / 100.0,
            "TL" => self.tl = n().first().copied().unwrap_or(0.0),
            "Tm" => {
                if let [a, b, c, d, e, f] = n()[..] {
                    self.tm = [a, b, c, d, e, f];
                    self.tlm = self.tm;
                }
            }
            "Td" | "TD" => {
                if let [tx, ty] = n()[..] {
                    if op.operator == "TD" {
                        self.tl = -ty;
                    }
                    self.tlm = mul(&translate(tx, ty), &self.tlm);
                    self.tm = self.tlm;
                }
            }
            "T*" => self.next_line(),
            _ => {}
        }
    }

    fn next_line(&mut self) {
        self.tlm = mul(&translate(0.0, -self.tl), &self.tlm);
        self.tm = self.tlm;
    }

    /// A text-showing operation (`Tj`, `TJ`, `'`, `"`): its run, if it
    /// shows text in a known font.
    fn show(&mut self, op: &lopdf::content::Operation) -> Option<Run> {
        if op.operator != "Tj" && op.operator != "TJ" {
            self.next_line();
        }
        let f = self.font?;
        let (size, th) = (self.size, self.th);
        let start = mul(&self.tm, &self.ctm);
        let mut text = String::new();
        let parts: &[Object] = match op.operator.as_str() {
            "TJ" => op.operands.first().and_then(|o| o.as_array().ok()).map_or(&[], Vec::as_slice),
            _ => op.operands.last().map_or(&[], std::slice::from_ref),
        };
        for part in parts {
            match part {
                Object::String(bytes, _) => {
                    let tx = advance(f, bytes, size, self.tc, self.tw, th);
                    if let Some(enc) = &f.encoding {
                        text.push_str(&enc.bytes_to_string(bytes).unwrap_or_default());
                    }
                    self.tm = mul(&translate(tx, 0.0), &self.tm);
                }
                other => {
                    let Ok(adjust) = other.as_float() else { continue };
                    // A large negative adjustment moves the pen a word's space on.
                    if adjust < -250.0 && !text.ends_with(' ') {
                        text.push(' ');
                    }
                    self.tm = mul(&translate(-adjust / 1000.0 * size * th, 0.0), &self.tm);
                }
            }
        }
        let end = mul(&self.tm, &self.ctm);
        let scale = start[2].hypot(start[3]);
        (!text.trim().is_empty()).then(|| Run {
            x: start[4],
            x_end: end[4],
            y: start[5],
            size: size * scale,
            bold: f.bold,
            mono: f.mono,
            black: self.black,
            text,
        })
    }
}

/// How far a string moves the pen, in text space.
fn advance(f: &Font<'_>, bytes: &[u8], size: f32, tc: f32, tw: f32, th: f32) -> f32 {
    let step = if f.two_byte { 2 } else { 1 };
    bytes
        .chunks(step)
        .map(|c| {
            let code = c.iter().fold(0u32, |a, b| a * 256 + u32::from(*b));
            let w = f.widths.get(&code).copied().unwrap_or(f.default_width) / 1000.0;
            let word = if !f.two_byte && code == 32 { tw } else { 0.0 };
            (w * size + tc + word) * th
        })
        .sum()
}


/// A page's lines, and its extent.
struct PageLines {
    lines: Vec<Line>,
    bottom: f32,
    top: f32,
}

/// Runs grouped by baseline into lines, top to bottom, left to right.
fn lines_of(runs: Vec<Run>) -> Vec<Line> {
    let mut groups: Vec<(f32, f32, Vec<Run>)> = Vec::new();
    // Groups by their baseline in half points: a run finds its line among
    // the nearby baselines whatever order the page drew them in (list
    // markers often come after their items).
    let mut by_height: FxHashMap<i64, Vec<usize>> = FxHashMap::default();
    for run in runs {
        let tolerance = 0.35 * run.size.clamp(1.0, 40.0);
        let lo = ((run.y - tolerance) * 2.0).floor() as i64;
        let hi = ((run.y + tolerance) * 2.0).ceil() as i64;
        let found = (lo..=hi)
            .filter_map(|k| by_height.get(&k))
            .flatten()
            .copied()
            .filter(|&g| (groups[g].0 - run.y).abs() <= tolerance)
            .min_by(|&a, &b| (groups[a].0 - run.y).abs().total_cmp(&(groups[b].0 - run.y).abs()));
        match found {
            Some(g) => {
                groups[g].1 = groups[g].1.max(run.size);
                groups[g].2.push(run);
            }
            None => {
                by_height.entry((run.y * 2.0).round() as i64).or_default().push(groups.len());
                groups.push((run.y, run.size, vec![run]));
            }
        }
    }
    groups.sort_by(|a, b| b.0.total_cmp(&a.0));
    groups
        .into_iter()
        .map(|(y, _, mut runs)| {
            runs.sort_by(|a, b| a.x.total_cmp(&b.x));
            let mut text = String::new();
            let mut prev_end: Option<f32> = None;
            let size = runs.iter().map(|r| r.size).fold(0.0, f32::max);
            for r in &runs {
                if let Some(end) = prev_end {
                    let gap = r.x - end;
                    if gap > 0.8 * size {
                        text.truncate(text.trim_end().len());
                        text.push_str("  ");
                    } else if gap > 0.15 * size && !text.ends_with(' ') && !r.text.starts_with(' ') {
                        text.push(' ');
                    }
                }
                text.push_str(&r.text);
                prev_end = Some(r.x_end);
            }
            let all_mono = runs.iter().all(|r| r.mono);
            let code = if all_mono {
                Vec::new()
            } else {
                runs.iter().filter(|r| r.mono).map(|r| r.text.trim().to_owned()).filter(|t| !t.is_empty()).collect()
            };
            Line {
                page: 0,
                x: runs.first().map_or(0.0, |r| r.x),
                x_end: runs.iter().map(|r| r.x_end).fold(f32::MIN, f32::max),
                y,
                size,
                bold: runs.iter().all(|r| r.bold),
                mono: all_mono,
                black: runs.iter().any(|r| r.black),
                text: text.trim_end().to_owned(),
                code,
            }
        })
        .collect()
}

/// A page number alone: `7`, `Page 7`, `7 of 12`, `- 7 -`.
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[-–\s]*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?[-–\s]*$").expect("static regex")
});

/// Drop page headers and footers: a line in the top or bottom eighth of
/// its page that is a page number, or whose text (digits aside) comes back
/// at the same height on at least half the pages.
fn drop_running_lines(pages: &mut [PageLines]) {
    let in_margin = |l: &Line, p: &PageLines| {
        let band = (p.top - p.bottom) / 8.0;
        l.y > p.top - band || l.y < p.bottom + band
    };
    let key = |l: &Line| {
        let text: String = l.text.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect();
        (text, (l.y / 4.0).round() as i64)
    };
    let mut counts: FxHashMap<(String, i64), usize> = FxHashMap::default();
    for p in pages.iter() {
        let mut seen: Vec<(String, i64)> = p.lines.iter().filter(|l| in_margin(l, p)).map(key).collect();
        seen.sort();
        seen.dedup();
        for k in seen {
            *counts.entry(k).or_default() += 1;
        }
    }
    let repeated = |n: usize| n >= 2 && n * 2 >= pages.len();
    let drop: Vec<Vec<bool>> = pages
        .iter()
        .map(|p| {
            p.lines
                .iter()
                .map(|l| {
                    in_margin(l, p)
                        && (PAGE_NUMBER.is_match(&l.text) || counts.get(&key(l)).is_some_and(|n| repeated(*n)))
                })
                .collect()
        })
        .collect();
    for (p, drop) in pages.iter_mut().zip(drop) {
        let mut keep = drop.into_iter().map(|d| !d);
        p.lines.retain(|_| keep.next().unwrap_or(true));
    }
}
