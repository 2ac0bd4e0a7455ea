//! Writing the content as text: headings as sections, lists as `1.`/`-` lines,
//! tables one row a line, `<pre>` as written, emphasised text kept.
use super::super::text::{collapse, letter, trim_raw};
use crate::article::Section;
use regex::Regex;
use std::sync::LazyLock;
use super::page::*;

/// The content as text.
#[derive(Debug, Default)]
pub(super) struct Rendered {
    pub(super) body: String,
    pub(super) sections: Vec<Section>,
    pub(super) emphasized: Vec<String>,
    pub(super) first_h1: Option<String>,
}

/// An open list.
#[derive(Debug)]
pub(super) struct List {
    pub(super) ordered: bool,
    pub(super) letters: bool,
    pub(super) next: u32,
}

/// A table being read (only the outermost; nested tables' text runs on in
/// the cell).
#[derive(Debug, Default)]
pub(super) struct TableText {
    pub(super) depth: usize,
    pub(super) rows: Vec<Vec<String>>,
    pub(super) row: Vec<String>,
    pub(super) cell: Option<String>,
    pub(super) caption: String,
    pub(super) in_caption: bool,
}

/// The text builder.
#[derive(Debug, Default)]
pub(super) struct Writer {
    /// Finished blocks: the separator before each (`\n` for the next line
    /// of an unordered list, else a blank line) and its text.
    pub(super) blocks: Vec<(&'static str, String)>,
    /// Section names and their blocks.
    pub(super) sections: Vec<(String, Vec<(&'static str, String)>)>,
    pub(super) cur: String,
    /// Inside `<pre>`: white space kept.
    pub(super) pre: usize,
    pub(super) lists: Vec<List>,
    /// The marker waiting for an item's first text, and its indentation.
    pub(super) marker: Option<(String, usize)>,
    /// The indentation of the block being built.
    pub(super) indent: usize,
    /// The block being built starts a list item: `Some(true)` an unordered one.
    pub(super) item: Option<bool>,
    /// The last finished block was an unordered item's first line at this
    /// indentation.
    pub(super) last_bullet: Option<usize>,
    pub(super) heading: Option<(u8, String)>,
    pub(super) code: Option<String>,
    pub(super) code_depth: usize,
    pub(super) quote: Option<String>,
    pub(super) quote_depth: usize,
    pub(super) table: TableText,
    pub(super) emphasized: Vec<String>,
    pub(super) first_h1: Option<String>,
}

/// Write the kept events as text.
pub(super) fn render(page: &Page, kept: &[bool]) -> Rendered {
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
pub(super) static ALERT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\[![A-Z]+\]").expect("static regex"));

/// Widest a table column is padded to.
pub(super) const MAX_COLUMN: usize = 40;



