//! Reader: Word `.docx` documents (a zip of WordprocessingML parts).
//!
//! The main part (`word/document.xml`, or wherever `_rels/.rels` points)
//! is read as a flat stream of XML events, paragraphs in reading order:
//! - a paragraph's style, resolved through `word/styles.xml` (its name,
//!   outline level and the styles it is based on), makes it a heading
//!   (`Title`, `Heading 1` to `Heading 9`), a code block (pandoc's `Source
//!   Code`, `HTML Preformatted`) or a quotation (`Block Text`, `Quote`);
//! - a numbered paragraph (`w:numPr`, on the paragraph or its style) is a
//!   list item: `word/numbering.xml` says whether its level counts
//!   (`decimal`: `3. text`, numbers running as Word would show them) or is a
//!   bullet (`- text`), as the Markdown reader writes lists;
//! - a table is one block, one row a line, cells separated by two spaces;
//! - code (code paragraphs, runs in a code character style or a monospace
//!   font) and quotations are the emphasised text.
//!
//! The title is the `Title` paragraph, else the first level-1 heading,
//! else `docProps/core.xml`'s title, else the file stem.
//!
//! Zip entries are inflated through a bounded reader, so a decompression
//! bomb costs at most the limit; the XML is read as events with explicit
//! state (no recursion), so deep nesting costs nothing.
use super::document::{Document, SkipReason};
use super::markdown_doc::doc_id;
use super::text::{collapse, letter, trim_raw};
use super::outline::Outline;
use crate::article::{ArticleKind, SourceFormat};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use rustc_hash::FxHashMap;
use std::io::{Cursor, Read};
use std::path::Path;

/// The most a main document part may inflate to.
const MAX_DOCUMENT_XML: u64 = 64 << 20;
/// The most any other part (styles, numbering, properties) may inflate to.
const MAX_OTHER_XML: u64 = 16 << 20;
/// The most `basedOn` links followed from one style (a loop ends there).
const MAX_STYLE_CHAIN: usize = 16;

const FORMAT: &str = "Word document";

fn malformed(why: impl Into<String>) -> SkipReason {
    SkipReason::Malformed { format: FORMAT, why: why.into() }
}

/// Whether a file is to be read as a Word document: its name says `.docx`
/// (a file so named that is no zip is then skipped as a broken document,
/// not read as text), or it is a zip whose directory names
/// `word/document.xml`.
pub fn is_docx(bytes: &[u8], path: &Path) -> bool {
    let named = path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    // The central directory stores names uncompressed: a plain search finds them.
    named || (bytes.starts_with(b"PK\x03\x04") && bytes.windows(17).any(|w| w == b"word/document.xml"))
}

/// Read one `.docx` file's bytes; its id is its path relative to `root`.
pub fn read(bytes: &[u8], path: &Path, root: &Path) -> Result<Document, SkipReason> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| malformed(format!("not a readable zip archive ({e})")))?;
    let main = main_part_name(&mut zip)?;
    let xml = read_part(&mut zip, &main, MAX_DOCUMENT_XML)?
        .ok_or_else(|| malformed(format!("the zip holds no {main}: not a Word document")))?;
    let styles = match read_part(&mut zip, "word/styles.xml", MAX_OTHER_XML)? {
        Some(xml) => Styles::parse(&xml),
        None => Styles::default(),
    };
    let numbering = match read_part(&mut zip, "word/numbering.xml", MAX_OTHER_XML)? {
        Some(xml) => Numbering::parse(&xml),
        None => Numbering::default(),
    };
    let core_title = read_part(&mut zip, "docProps/core.xml", MAX_OTHER_XML)?.and_then(|xml| core_title(&xml));
    let walked = walk(&xml, &styles, &numbering).map_err(malformed)?;
    if walked.outline.is_empty() {
        return Err(SkipReason::Empty);
    }
    let (body, sections) = walked.outline.finish();
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    Ok(Document {
        id: doc_id(path, root),
        kind: ArticleKind::Doc,
        format: SourceFormat::Docx,
        title: walked.title.or(walked.first_h1).or(core_title).or(stem),
        meta: Default::default(),
        body,
        sections: Some(sections),
        emphasized: walked.emphasized,
        source: path.to_path_buf(),
    })
}

/// The main document part: `_rels/.rels`'s office-document target, else
/// `word/document.xml`.
fn main_part_name(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<String, SkipReason> {
    let default = "word/document.xml".to_owned();
    let Some(rels) = read_part(zip, "_rels/.rels", MAX_OTHER_XML)? else {
        return Ok(default);
    };
    let mut reader = Reader::from_str(&rels);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if local(e.name().as_ref()) == "Relationship" => {
                let is_main = attr(&e, "Type").is_some_and(|t| t.ends_with("/officeDocument"));
                if let Some(target) = attr(&e, "Target").filter(|_| is_main) {
                    return Ok(target.trim_start_matches('/').to_owned());
                }
            }
            Ok(Event::Eof) | Err(_) => return Ok(default),
            _ => {}
        }
    }
}

/// One part of the zip as text, inflated at most to `limit` bytes; `None`
/// when the zip has no such part.
fn read_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str, limit: u64) -> Result<Option<String>, SkipReason> {
    let file = match zip.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(malformed(format!("cannot open {name} in the zip ({e})"))),
    };
    let bomb = || malformed(format!("{name} inflates to more than {} MB (a decompression bomb?)", limit >> 20));
    if file.size() > limit {
        return Err(bomb());
    }
    let mut bytes = Vec::new();
    // The declared size may lie: the read itself is bounded too.
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| malformed(format!("cannot inflate {name} ({e})")))?;
    if bytes.len() as u64 > limit {
        return Err(bomb());
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    Ok(Some(String::from_utf8_lossy(bytes).into_owned()))
}

/// An element or attribute name without its namespace prefix.
fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, l)| l)
}

/// An attribute's value, found by its local name, entities resolved.
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find(|a| local(a.key.as_ref()) == name).map(|a| {
        quick_xml::escape::unescape(&a.value).map_or_else(|_| a.value.clone().into_owned(), |v| v.into_owned())
    })
}

/// `docProps/core.xml`'s `dc:title`.
fn core_title(xml: &str) -> Option<String> {
    let mut reader = Reader::from_str(xml);
    let mut inside = false;
    let mut title = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if local(e.name().as_ref()) == "title" => inside = true,
            Ok(Event::End(e)) if local(e.name().as_ref()) == "title" => break,
            Ok(Event::Text(t)) if inside => title.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) if inside => push_ref(&mut title, &r),
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    let title = collapse_line(&title);
    (!title.is_empty()).then_some(title)
}

/// Append the character an entity reference stands for.
fn push_ref(out: &mut String, r: &quick_xml::events::BytesRef<'_>) {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        out.push(c);
    } else if let Some(s) = quick_xml::escape::resolve_xml_entity(&r.xml10_content()) {
        out.push_str(s);
    }
}

/// What a paragraph style makes of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum ParaRole {
    #[default]
    Plain,
    /// `Title` (0) or a heading of level 1 to 9.
    Heading(u8),
    Code,
    Quote,
}

/// One style of `word/styles.xml`, as written.
#[derive(Debug, Default)]
struct RawStyle {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    num: Option<(String, u8)>,
    mono: bool,
}

/// The document's styles, by id.
#[derive(Debug, Default)]
struct Styles {
    by_id: FxHashMap<String, RawStyle>,
}

/// Monospace fonts: text set in them is code.
fn is_mono_font(font: &str) -> bool {
    let f = font.to_ascii_lowercase();
    ["courier", "consolas", "lucida console", "mono", "menlo", "source code"].iter().any(|m| f.contains(m))
}

impl Styles {
    fn parse(xml: &str) -> Styles {
        let mut by_id = FxHashMap::default();
        let mut reader = Reader::from_str(xml);
        let mut cur: Option<(String, RawStyle)> = None;
        let mut num_id = None;
        let mut ilvl = 0u8;
        loop {
            let (e, empty) = match reader.read_event() {
                Ok(Event::Start(e)) => (e, false),
                Ok(Event::Empty(e)) => (e, true),
                Ok(Event::End(e)) if local(e.name().as_ref()) == "style" => {
                    if let Some((id, style)) = cur.take() {
                        by_id.insert(id, style);
                    }
                    continue;
                }
                Ok(Event::Eof) | Err(_) => break,
                _ => continue,
            };
            let name = e.name();
            let tag = local(name.as_ref());
            if tag == "style" {
                if !empty {
                    cur = attr(&e, "styleId").map(|id| (id, RawStyle::default()));
                    num_id = None;
                    ilvl = 0;
                }
                continue;
            }
            let Some((_, style)) = cur.as_mut() else { continue };
            match tag {
                "name" => style.name = attr(&e, "val").unwrap_or_default(),
                "basedOn" => style.based_on = attr(&e, "val"),
                "outlineLvl" => style.outline = attr(&e, "val").and_then(|v| v.parse().ok()),
                "rFonts" => style.mono |= ["ascii", "hAnsi"].iter().any(|a| attr(&e, a).is_some_and(|f| is_mono_font(&f))),
                "ilvl" => ilvl = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(0),
                "numId" => num_id = attr(&e, "val"),
                _ => {}
            }
            if let Some(id) = num_id.clone() {
                style.num = Some((id, ilvl));
            }
        }
        Styles { by_id }
    }

    /// The style and those it is based on, nearest first (bounded).
    fn chain<'a>(&'a self, id: &str) -> impl Iterator<Item = &'a RawStyle> + 'a {
        let mut next = self.by_id.get(id);
        std::iter::from_fn(move || {
            let style = next?;
            next = style.based_on.as_deref().and_then(|b| self.by_id.get(b));
            Some(style)
        })
        .take(MAX_STYLE_CHAIN)
    }

    /// What a paragraph style (by id; pandoc and Word's ids when the styles
    /// part is missing) makes of its paragraphs.
    fn para_role(&self, id: &str) -> ParaRole {
        let mut names: Vec<String> = self.chain(id).map(|s| s.name.to_ascii_lowercase()).collect();
        names.insert(0, id.to_ascii_lowercase());
        for name in &names {
            let squeezed: String = name.chars().filter(|c| !c.is_whitespace()).collect();
            if squeezed == "title" {
                return ParaRole::Heading(0);
            }
            if let Some(n) = squeezed.strip_prefix("heading").and_then(|n| n.parse::<u8>().ok())
                && (1..=9).contains(&n)
            {
                return ParaRole::Heading(n);
            }
            if squeezed.contains("sourcecode") || squeezed.contains("preformatted") || squeezed == "code" {
                return ParaRole::Code;
            }
            if squeezed == "blocktext" || squeezed.contains("quote") {
                return ParaRole::Quote;
            }
        }
        if let Some(level) = self.chain(id).find_map(|s| s.outline).filter(|l| *l < 9) {
            return ParaRole::Heading(level + 1);
        }
        if self.chain(id).any(|s| s.mono) {
            return ParaRole::Code;
        }
        ParaRole::Plain
    }

    /// Whether a character style marks code (pandoc's `Verbatim Char` and
    /// the highlighting tokens based on it, a monospace font).
    fn is_code_char(&self, id: &str) -> bool {
        let lower = id.to_ascii_lowercase();
        lower.contains("verbatim")
            || lower.contains("code")
            || self.chain(id).any(|s| {
                let name = s.name.to_ascii_lowercase();
                s.mono || name.contains("verbatim") || name.contains("code")
            })
    }

    /// The numbering a paragraph style carries.
    fn numbering(&self, id: &str) -> Option<(String, u8)> {
        self.chain(id).find_map(|s| s.num.clone())
    }
}

/// How one list level counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumFormat {
    Decimal,
    LowerLetter,
    UpperLetter,
    LowerRoman,
    UpperRoman,
    Bullet,
}

/// `word/numbering.xml`: each list instance's levels.
#[derive(Debug, Default)]
struct Numbering {
    /// Abstract list id -> each level's format and start.
    abstracts: FxHashMap<String, FxHashMap<u8, (NumFormat, u32)>>,
    /// List instance id -> its abstract list and start overrides.
    nums: FxHashMap<String, (String, FxHashMap<u8, u32>)>,
}

impl Numbering {
    fn parse(xml: &str) -> Numbering {
        let mut n = Numbering::default();
        let mut reader = Reader::from_str(xml);
        let mut abstract_id: Option<String> = None;
        let mut num_id: Option<String> = None;
        let mut ilvl = 0u8;
        let mut in_override = false;
        loop {
            let e = match reader.read_event() {
                Ok(Event::Start(e) | Event::Empty(e)) => e,
                Ok(Event::End(e)) => {
                    match local(e.name().as_ref()) {
                        "abstractNum" => abstract_id = None,
                        "num" => num_id = None,
                        "lvlOverride" => in_override = false,
                        _ => {}
                    }
                    continue;
                }
                Ok(Event::Eof) | Err(_) => break,
                _ => continue,
            };
            let val = || attr(&e, "val");
            match local(e.name().as_ref()) {
                "abstractNum" => abstract_id = attr(&e, "abstractNumId"),
                "num" => num_id = attr(&e, "numId"),
                "lvl" | "lvlOverride" => {
                    ilvl = attr(&e, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                    in_override = local(e.name().as_ref()) == "lvlOverride";
                }
                "abstractNumId" => {
                    if let (Some(num), Some(abs)) = (num_id.clone(), val()) {
                        n.nums.entry(num).or_default().0 = abs;
                    }
                }
                "startOverride" if in_override => {
                    if let (Some(num), Some(start)) = (num_id.clone(), val().and_then(|v| v.parse().ok())) {
                        n.nums.entry(num).or_default().1.insert(ilvl, start);
                    }
                }
                "numFmt" => {
                    if let Some(abs) = abstract_id.clone() {
                        let format = match val().as_deref() {
                            Some("decimal" | "decimalZero" | "decimalEnclosedParen" | "decimalEnclosedFullstop") => {
                                NumFormat::Decimal
                            }
                            Some("lowerLetter") => NumFormat::LowerLetter,
                            Some("upperLetter") => NumFormat::UpperLetter,
                            Some("lowerRoman") => NumFormat::LowerRoman,
                            Some("upperRoman") => NumFormat::UpperRoman,
                            _ => NumFormat::Bullet,
                        };
                        n.abstracts.entry(abs).or_default().entry(ilvl).or_insert((format, 1)).0 = format;
                    }
                }
                "start" => {
                    if let (Some(abs), Some(start)) = (abstract_id.clone(), val().and_then(|v| v.parse().ok())) {
                        n.abstracts.entry(abs).or_default().entry(ilvl).or_insert((NumFormat::Decimal, 1)).1 = start;
                    }
                }
                _ => {}
            }
        }
        n
    }

    /// A list level's format and first number.
    fn level(&self, num_id: &str, ilvl: u8) -> (NumFormat, u32) {
        let Some((abs, overrides)) = self.nums.get(num_id) else {
            return (NumFormat::Bullet, 1);
        };
        let (format, start) = self.abstracts.get(abs).and_then(|l| l.get(&ilvl)).copied().unwrap_or((NumFormat::Bullet, 1));
        (format, overrides.get(&ilvl).copied().unwrap_or(start))
    }
}


/// A number written in lower-case Roman numerals.
fn roman(mut n: u32) -> String {
    const DIGITS: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, digits) in DIGITS {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// Collapse white space (non-breaking spaces included) to single spaces.
fn collapse_line(text: &str) -> String {
    text.split(char::is_whitespace).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// A paragraph being read.
#[derive(Debug, Default)]
struct Para {
    style: Option<String>,
    role: ParaRole,
    num: Option<(String, u8)>,
    text: String,
    /// Code runs not yet closed: emphasised when a plain run or the end comes.
    code: String,
}

/// What a walk of the main part gives.
#[derive(Debug, Default)]
struct Walked {
    outline: Outline,
    emphasized: Vec<String>,
    title: Option<String>,
    first_h1: Option<String>,
}

/// The walk's state: open paragraphs (text boxes nest them), the outermost
/// table's rows, the run being read.
#[derive(Debug)]
struct Walker<'a> {
    styles: &'a Styles,
    numbering: &'a Numbering,
    paras: Vec<Para>,
    /// Open tables; only the outermost one's rows and cells are kept apart.
    tables: usize,
    rows: Vec<String>,
    cells: Vec<String>,
    cell: String,
    in_run: bool,
    in_run_props: bool,
    in_para_props: bool,
    run_code: bool,
    in_text: bool,
    /// Inside `mc:Fallback` (a second copy of content), skipped.
    fallback: usize,
    /// Running numbers per list instance and level.
    counters: FxHashMap<String, [Option<u32>; 9]>,
    out: Walked,
}

/// Walk the main document part.
fn walk(xml: &str, styles: &Styles, numbering: &Numbering) -> Result<Walked, String> {
    let mut w = Walker {
        styles,
        numbering,
        paras: Vec::new(),
        tables: 0,
        rows: Vec::new(),
        cells: Vec::new(),
        cell: String::new(),
        in_run: false,
        in_run_props: false,
        in_para_props: false,
        run_code: false,
        in_text: false,
        fallback: 0,
        counters: FxHashMap::default(),
        out: Walked::default(),
    };
    let mut reader = Reader::from_str(xml);
    let mut saw_body = false;
    loop {
        let event = reader.read_event().map_err(|e| format!("word/document.xml is not well-formed XML ({e})"))?;
        match event {
            Event::Start(e) => {
                saw_body |= local(e.name().as_ref()) == "body";
                w.start(&e, false);
            }
            Event::Empty(e) => w.start(&e, true),
            Event::End(e) => w.end(local(e.name().as_ref())),
            Event::Text(t) if w.in_text && w.fallback == 0 => w.push_text(&t.xml10_content()),
            Event::CData(t) if w.in_text && w.fallback == 0 => w.push_text(&t),
            Event::GeneralRef(r) if w.in_text && w.fallback == 0 => {
                let mut s = String::new();
                push_ref(&mut s, &r);
                w.push_text(&s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_body {
        return Err("word/document.xml has no w:body".into());
    }
    Ok(w.out)
}

impl Walker<'_> {
    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        let name = e.name();
        let tag = local(name.as_ref());
        if tag == "Fallback" {
            if !empty {
                self.fallback += 1;
            }
            return;
        }
        if self.fallback > 0 {
            return;
        }
        match tag {
            "p" if !empty => self.paras.push(Para::default()),
            "pPr" if !empty => self.in_para_props = true,
            "pStyle" if self.in_para_props => {
                if let Some(p) = self.paras.last_mut() {
                    p.style = attr(e, "val");
                    p.role = p.style.as_deref().map_or(ParaRole::Plain, |s| self.styles.para_role(s));
                }
            }
            "ilvl" if self.in_para_props => {
                let level = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(0u8).min(8);
                if let Some(p) = self.paras.last_mut() {
                    let id = p.num.take().map(|(id, _)| id).unwrap_or_default();
                    p.num = Some((id, level));
                }
            }
            "numId" if self.in_para_props => {
                if let (Some(p), Some(id)) = (self.paras.last_mut(), attr(e, "val")) {
                    let level = p.num.take().map_or(0, |(_, l)| l);
                    p.num = Some((id, level));
                }
            }
            "r" if !empty => {
                self.in_run = true;
                self.run_code = false;
            }
            "rPr" if self.in_run && !empty => self.in_run_props = true,
            "rStyle" if self.in_run_props => {
                self.run_code |= attr(e, "val").is_some_and(|s| self.styles.is_code_char(&s))
            }
            "rFonts" if self.in_run_props => {
                self.run_code |= ["ascii", "hAnsi"].iter().any(|a| attr(e, a).is_some_and(|f| is_mono_font(&f)))
            }
            "t" if self.in_run && !empty => self.in_text = true,
            "tab" if self.in_run && !self.in_run_props => self.push_text(" "),
            "br" | "cr" if self.in_run => self.push_text("\n"),
            "noBreakHyphen" if self.in_run => self.push_text("-"),
            "tbl" if !empty => {
                self.tables += 1;
                if self.tables == 1 {
                    self.rows.clear();
                }
            }
            "tr" if self.tables == 1 && !empty => self.cells.clear(),
            "tc" if self.tables == 1 && !empty => self.cell.clear(),
            _ => {}
        }
    }

    fn end(&mut self, tag: &str) {
        if tag == "Fallback" {
            self.fallback = self.fallback.saturating_sub(1);
            return;
        }
        if self.fallback > 0 {
            return;
        }
        match tag {
            "t" => self.in_text = false,
            "rPr" => self.in_run_props = false,
            "pPr" => self.in_para_props = false,
            "r" => {
                self.in_run = false;
                self.in_run_props = false;
                self.in_text = false;
            }
            "p" => self.end_para(),
            "tc" if self.tables == 1 => {
                let cell = collapse_line(&std::mem::take(&mut self.cell));
                self.cells.push(cell);
            }
            "tc" | "tr" if self.tables > 1 => self.cell.push(' '),
            "tr" if self.tables == 1 => {
                let cells = std::mem::take(&mut self.cells);
                let row = cells.iter().map(String::as_str).filter(|c| !c.is_empty()).collect::<Vec<_>>().join("  ");
                if !row.is_empty() {
                    self.rows.push(row);
                }
            }
            "tbl" => {
                self.tables = self.tables.saturating_sub(1);
                if self.tables == 0 {
                    let rows = std::mem::take(&mut self.rows);
                    if !rows.is_empty() {
                        self.push_block(rows.join("\n"));
                    }
                }
            }
            _ => {}
        }
    }

    fn push_text(&mut self, text: &str) {
        let run_code = self.run_code;
        let Some(p) = self.paras.last_mut() else { return };
        // A code or quoted paragraph is emphasised whole: its code runs are its text.
        if run_code && !matches!(p.role, ParaRole::Code | ParaRole::Quote) {
            p.code.push_str(text);
            return;
        }
        if !p.code.is_empty() {
            let code = std::mem::take(&mut p.code);
            p.text.push_str(&code);
            let line = collapse_line(&code);
            if !line.is_empty() {
                self.out.emphasized.push(line);
            }
        }
        p.text.push_str(text);
    }

    fn end_para(&mut self) {
        let Some(mut para) = self.paras.pop() else { return };
        let code_tail = std::mem::take(&mut para.code);
        para.text.push_str(&code_tail);
        let styles = self.styles;
        let role = para.role;
        if !matches!(role, ParaRole::Code | ParaRole::Quote) {
            let code = collapse_line(&code_tail);
            if !code.is_empty() {
                self.out.emphasized.push(code);
            }
        }
        if self.tables > 0 || !self.paras.is_empty() {
            // A cell's (or a text box's) paragraphs run on in its cell or its paragraph.
            let text = collapse_line(&para.text);
            if text.is_empty() {
                return;
            }
            let target = if self.tables > 0 { &mut self.cell } else { &mut self.paras.last_mut().expect("not empty").text };
            if !target.is_empty() {
                target.push(' ');
            }
            target.push_str(&text);
            return;
        }
        match role {
            ParaRole::Heading(level) => {
                let name = collapse_line(&para.text);
                if name.is_empty() {
                    return;
                }
                if level == 0 && self.out.title.is_none() {
                    self.out.title = Some(name.clone());
                }
                if level == 1 && self.out.first_h1.is_none() {
                    self.out.first_h1 = Some(name.clone());
                }
                self.out.outline.heading(name);
            }
            ParaRole::Code => {
                let text = trim_raw(&para.text);
                if !text.is_empty() {
                    self.out.emphasized.push(text.clone());
                    self.push_block(text);
                }
            }
            ParaRole::Quote => {
                let text = collapse(&para.text);
                if !text.is_empty() {
                    self.out.emphasized.push(text.clone());
                    self.push_block(text);
                }
            }
            ParaRole::Plain => {
                let text = collapse(&para.text);
                if text.is_empty() {
                    return;
                }
                let num = para.num.or_else(|| para.style.as_deref().and_then(|s| styles.numbering(s)));
                let marker = num.filter(|(id, _)| id != "0").map(|(id, level)| self.marker(&id, level));
                match marker {
                    Some((marker, level)) => {
                        let pad = "   ".repeat(usize::from(level));
                        let text = text.lines().map(|l| format!("{pad}{l}")).collect::<Vec<_>>().join("\n");
                        self.push_block(format!("{pad}{marker}{}", text.trim_start()));
                    }
                    None => self.push_block(text),
                }
            }
        }
    }

    /// The marker of a list item (`3. `, `b. `, `- `) and its level; the
    /// level's running number advances, deeper levels start again.
    fn marker(&mut self, num_id: &str, level: u8) -> (String, u8) {
        let (format, start) = self.numbering.level(num_id, level);
        let counters = self.counters.entry(num_id.to_owned()).or_default();
        let i = usize::from(level.min(8));
        let n = counters[i].map_or(start, |n| n.saturating_add(1));
        counters[i] = Some(n);
        for deeper in counters.iter_mut().skip(i + 1) {
            *deeper = None;
        }
        let marker = match format {
            NumFormat::Decimal => format!("{n}. "),
            NumFormat::LowerLetter => format!("{}. ", letter(n)),
            NumFormat::UpperLetter => format!("{}. ", letter(n).to_ascii_uppercase()),
            NumFormat::LowerRoman => format!("{}. ", roman(n)),
            NumFormat::UpperRoman => format!("{}. ", roman(n).to_ascii_uppercase()),
            NumFormat::Bullet => "- ".to_owned(),
        };
        (marker, level)
    }

    fn push_block(&mut self, text: String) {
        self.out.outline.block(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Section;
    use std::io::Write;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    /// A `.docx` zip holding the given parts.
    fn docx(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options =
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for (name, text) in parts {
            zip.start_file(*name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn document(body: &str) -> String {
        format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>"#)
    }

    fn para(style: &str, text: &str) -> String {
        format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
    }

    fn item(num: &str, level: u8, text: &str) -> String {
        format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
        )
    }

    /// Styles as a word processor names them: ids that say nothing, names
    /// and outline levels that do.
    fn styles() -> String {
        format!(
            r#"<w:styles {W}>
<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="S1"><w:name w:val="Title"/></w:style>
<w:style w:type="paragraph" w:styleId="S2"><w:name w:val="heading 1"/></w:style>
<w:style w:type="paragraph" w:styleId="S3"><w:name w:val="Fix Heading"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="S4"><w:name w:val="Source Code"/></w:style>
<w:style w:type="paragraph" w:styleId="S5"><w:name w:val="Block Text"/></w:style>
<w:style w:type="character" w:styleId="C1"><w:name w:val="Verbatim Char"/></w:style>
<w:style w:type="character" w:styleId="C2"><w:name w:val="KeywordTok"/><w:basedOn w:val="C1"/></w:style>
</w:styles>"#
        )
    }

    /// List 5: decimal at level 0, letters at level 1; list 6: bullets;
    /// list 7: the decimal list again, started at 4.
    fn numbering() -> String {
        format!(
            r#"<w:numbering {W}>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>
<w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="6"><w:abstractNumId w:val="2"/></w:num>
<w:num w:numId="7"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride></w:num>
</w:numbering>"#
        )
    }

    fn runbook() -> String {
        let body = [
            para("S1", "Widget service will not start"),
            para("S2", "Access denied at start"),
            r#"<w:p><w:r><w:t xml:space="preserve">The console shows </w:t></w:r><w:r><w:rPr><w:rStyle w:val="C1"/></w:rPr><w:t>Error 0x80070005</w:t></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r><w:r><w:t>when it starts.</w:t></w:r></w:p>"#.to_owned(),
            para("S5", "Service widget failed: access denied"),
            para("S3", "Fix"),
            item("5", 0, "Stop the service."),
            item("5", 1, "Open the console."),
            item("5", 1, "Close the console."),
            item("5", 0, "Run the reset:"),
            r#"<w:p><w:pPr><w:pStyle w:val="S4"/></w:pPr><w:r><w:rPr><w:rStyle w:val="C2"/></w:rPr><w:t>widgetctl</w:t></w:r><w:r><w:t xml:space="preserve"> reset</w:t></w:r><w:r><w:br/></w:r><w:r><w:t xml:space="preserve">  --all</w:t></w:r></w:p>"#.to_owned(),
            item("5", 0, "Start the service &amp; wait."),
            item("6", 0, "a note"),
            item("7", 0, "Check the log."),
            r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Code</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Meaning</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>5</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>access</w:t></w:r></w:p><w:p><w:r><w:t>denied</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#.to_owned(),
            r#"<w:p><w:r><w:t>kept</w:t></w:r><w:r><w:delText>dropped</w:delText></w:r><w:r><w:instrText>HYPERLINK x</w:instrText></w:r></w:p>"#.to_owned(),
        ]
        .concat();
        document(&body)
    }

    fn read_parts(parts: &[(&str, &str)], name: &str) -> Result<Document, SkipReason> {
        read(&docx(parts), Path::new(&format!("/kb/docs/{name}")), Path::new("/kb"))
    }

    #[test]
    fn reads_synthetic_runbook() {
        let (doc, styles, numbering) = (runbook(), styles(), numbering());
        let parts = [("word/document.xml", doc.as_str()), ("word/styles.xml", &styles), ("word/numbering.xml", &numbering)];
        let doc = read_parts(&parts, "start.docx").unwrap();
        assert_eq!(doc.id, "docs/start.docx");
        assert_eq!((doc.kind, doc.format), (ArticleKind::Doc, SourceFormat::Docx));
        assert_eq!(doc.title.as_deref(), Some("Widget service will not start"));
        let fix = "1. Stop the service.\n\n   a. Open the console.\n\n   b. Close the console.\n\n2. Run the reset:\n\nwidgetctl reset\n  --all\n\n3. Start the service & wait.\n\n- a note\n\n4. Check the log.\n\nCode  Meaning\n5  access denied\n\nkept";
        assert_eq!(
            doc.sections,
            Some(vec![
                Section { name: "Widget service will not start".into(), text: String::new() },
                Section {
                    name: "Access denied at start".into(),
                    text: "The console shows Error 0x80070005 when it starts.\n\nService widget failed: access denied".into()
                },
                Section { name: "Fix".into(), text: fix.into() },
            ])
        );
        assert_eq!(
            doc.body,
            format!("Widget service will not start\n\nAccess denied at start\n\nThe console shows Error 0x80070005 when it starts.\n\nService widget failed: access denied\n\nFix\n\n{fix}")
        );
        assert_eq!(
            doc.emphasized,
            ["Error 0x80070005", "Service widget failed: access denied", "widgetctl reset\n  --all"]
        );
    }

    #[test]
    fn title_falls_back_to_heading_then_properties_then_stem() {
        // No styles part: pandoc's and Word's style ids are read as they are.
        let doc = document(&[para("Heading2", "Intro"), para("Heading1", "Main heading"), para("Normal", "Text.")].concat());
        let read_doc = read_parts(&[("word/document.xml", &doc)], "a.docx").unwrap();
        assert_eq!(read_doc.title.as_deref(), Some("Main heading"));
        let plain = document(&para("Normal", "Only text."));
        let core = r#"<cp:coreProperties xmlns:cp="urn:cp" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Widget notes &amp; fixes</dc:title></cp:coreProperties>"#;
        let with_core = read_parts(&[("word/document.xml", &plain), ("docProps/core.xml", core)], "b.docx").unwrap();
        assert_eq!(with_core.title.as_deref(), Some("Widget notes & fixes"));
        let bare = read_parts(&[("word/document.xml", &plain)], "restart-notes.docx").unwrap();
        assert_eq!(bare.title.as_deref(), Some("restart-notes"));
        assert_eq!(bare.sections, Some(vec![Section { name: "BODY".into(), text: "Only text.".into() }]));
    }

    #[test]
    fn main_part_named_by_the_package_relationships() {
        let rels = r#"<Relationships xmlns="urn:r"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/main.xml"/></Relationships>"#;
        let doc = document(&para("Normal", "From the main part."));
        let read_doc = read_parts(&[("_rels/.rels", rels), ("word/main.xml", &doc)], "c.docx").unwrap();
        assert_eq!(read_doc.body, "From the main part.");
    }

    #[test]
    fn broken_files_are_skipped_with_a_reason() {
        let why = |r: Result<Document, SkipReason>| match r {
            Err(SkipReason::Malformed { format, why }) => format!("{format}: {why}"),
            other => panic!("{other:?}"),
        };
        let not_zip = read(b"PK\x03\x04 this is not really a zip", Path::new("x.docx"), Path::new("x.docx"));
        assert!(why(not_zip).starts_with("Word document: not a readable zip archive"));
        let no_document = read_parts(&[("word/styles.xml", "<w:styles/>")], "d.docx");
        assert_eq!(why(no_document), "Word document: the zip holds no word/document.xml: not a Word document");
        let broken_xml = read_parts(&[("word/document.xml", "<w:document><w:body><w:p></w:body>")], "e.docx");
        assert!(why(broken_xml).starts_with("Word document: word/document.xml is not well-formed XML"));
        let empty = read_parts(&[("word/document.xml", &document("<w:p/>"))], "f.docx");
        assert_eq!(empty, Err(SkipReason::Empty));
    }

    #[test]
    fn inflating_is_bounded() {
        let big = "x".repeat(5_000);
        let bytes = docx(&[("word/document.xml", &big)]);
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes.as_slice())).unwrap();
        assert!(read_part(&mut zip, "word/document.xml", 10_000).unwrap().is_some());
        match read_part(&mut zip, "word/document.xml", 1_000) {
            Err(SkipReason::Malformed { why, .. }) => assert!(why.contains("decompression bomb"), "{why}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn deep_nesting_costs_no_recursion() {
        let depth = 50_000;
        let open = "<w:tbl><w:tr><w:tc>".repeat(depth);
        let close = "</w:tc></w:tr></w:tbl>".repeat(depth);
        let doc = document(&format!("{open}<w:p><w:r><w:t>deep cell</w:t></w:r></w:p>{close}"));
        let read_doc = read_parts(&[("word/document.xml", &doc)], "deep.docx").unwrap();
        assert_eq!(read_doc.body, "deep cell");
    }

    #[test]
    fn told_by_name_or_content() {
        let zip = docx(&[("word/document.xml", &document(&para("Normal", "Text.")))]);
        assert!(is_docx(&zip, Path::new("notes.bin")));
        assert!(is_docx(b"plain text", Path::new("notes.DOCX")));
        assert!(!is_docx(b"PK\x03\x04 another zip", Path::new("notes.zip")));
    }

    #[test]
    fn numbers_in_words() {
        assert_eq!((letter(1), letter(26), letter(28)), ("a".into(), "z".into(), "ab".into()));
        assert_eq!((roman(4), roman(9), roman(14)), ("iv".into(), "ix".into(), "xiv".into()));
    }
}
