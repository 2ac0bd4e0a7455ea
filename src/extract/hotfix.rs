//! Hotfix file tables in all their layouts.
//!
//! KB articles list the files a fix installs as plain-text tables whose
//! layout changed over the years: the columns come in any order (`Date Time
//! Version Size File name Platform`, `File name Version Date/Time Size
//! Destination folder`, `Version Size File name`, ...), the header may be
//! underlined with `----` or `====` or not at all, tables may be boxed with
//! `+---+` and `|`, a cell may hold a date and a time, and the last column may
//! wrap onto the next line.
//!
//! Column positions in the header are not reliable on their own (sizes are
//! right-aligned, some rows are shifted against their header, times hold a
//! space: `4:14 pm`), so each row is cut into typed cells (date, time,
//! version, size, file name, text) and the cells are aligned to the header's
//! columns in order by a small dynamic programme that rewards type matches and,
//! as a tie-breaker, position matches. A row only counts when every cell found
//! a column and the row has a file name and typed attributes, which keeps prose
//! out.
//!
//! Also read: tables without a header row right under a sentence promising
//! file attributes (boxed or not: the columns then come from the first row's
//! cell types), row groups separated by blank lines or labelled
//! (`Pan-Chinese`), wrapped description columns, and units (`18,197 bytes`,
//! `157,285b`, `144KB (147,728 bytes)`).
//!
//! Conventions: sizes are bytes; a rounded size (`20 KB`, `1.79 MB`) gives no
//! size; `N/A`, `none`, `xx:xx` cells are empty; a platform in brackets
//! (`(x86)`, `<Alpha>`) is given without them; language, locale, folder,
//! destination and description columns are read but not kept. Tables in an
//! article that never speaks of a fix, an update or a patch (disk contents,
//! sample downloads, directory listings) and tables whose only attribute is a
//! rounded size (download listings) are skipped.

use std::sync::LazyLock;

use regex::Regex;

use crate::article::HotfixFile;

/// Every row of every hotfix file table in the text, in order.
///
/// A hotfix file table is a header line naming a file-name column and at
/// least one of version, size, date or time columns, followed (after an
/// optional underline) by rows that fit those columns. Tables listing the
/// contents of a product's disks, a sample download or a directory listing
/// are not hotfix tables and yield nothing.
///
/// Cost: fast whole-text searches (`candidates`) find the few lines where
/// a table can start (a line naming a file column, a box rule, the lines
/// after a sentence promising file attributes); only those are parsed, so an
/// article without any costs little more than the searches.
pub fn extract(body: &str) -> Vec<HotfixFile> {
    let found = candidates(body);
    if found.is_empty() {
        return Vec::new();
    }
    let lines: Vec<&str> = body.lines().collect();
    let base = body.as_ptr() as usize;
    let starts: Vec<usize> = lines.iter().map(|l| l.as_ptr() as usize - base).collect();
    // Candidate lines by kind, in line order.
    let mut todo: Vec<(usize, Start)> = Vec::with_capacity(found.len());
    for (offset, kind) in found {
        let line = starts.partition_point(|&s| s <= offset).saturating_sub(1);
        match kind {
            Start::LeadIn => {
                // The rows of a headerless table start within a few lines.
                for n in line + 1..(line + 5).min(lines.len()) {
                    todo.push((n, Start::LeadIn));
                }
            }
            kind => todo.push((line, kind)),
        }
    }
    todo.sort_unstable();
    todo.dedup();

    let mut out = Vec::new();
    // Whether the article talks about a fix at all; asked once, lazily.
    let mut fix_article: Option<bool> = None;
    // First line not yet read as part of a table.
    let mut free = 0;
    for (i, kind) in todo {
        if i < free {
            continue;
        }
        let raw = lines[i];
        let header = match kind {
            Start::FileWord if may_be_header(raw) => {
                let line = clean_line(raw);
                parse_header(&line, false)
                    .or_else(|| announces_attributes(&lines, i).then(|| parse_header(&line, true)).flatten())
                    .map(|h| (h, i + 1))
            }
            Start::BoxRule => headerless_box(&lines, i).map(|h| (h, i)),
            Start::LeadIn if i > 0 && lines[i - 1].trim().is_empty() => headerless_plain(&lines, i).map(|h| (h, i)),
            _ => None,
        };
        let Some((header, first_row)) = header else {
            continue;
        };
        let (rows, next) = read_rows(&header, &lines, first_row);
        if !rows.is_empty()
            && !is_download_listing(&header, &rows)
            && (*fix_article.get_or_insert_with(|| is_fix_article(body)) || announces_attributes(&lines, i))
        {
            out.extend(rows);
        }
        free = next.max(i + 1);
    }
    out
}

/// Why a line was picked as a place where a table may start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Start {
    /// It names a file column: `File name`, `Filename`, `Name`, `File`.
    FileWord,
    /// It is a box rule `+----+`: a box without a header row may follow.
    BoxRule,
    /// It follows a sentence promising file attributes or time stamps.
    LeadIn,
}

static FILE_WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)file|name").expect("valid regex"));
/// Lead-ins are sentences, so their words are matched in lower case only; a
/// case-insensitive `attributes` would slow the search down.
static LEAD_IN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"attributes|time ?stamp").expect("valid regex"));
static BOX_RULE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\+-").expect("valid regex"));

/// Byte offsets where a table may start, with the reason. These searches are
/// the cheap pre-check: literal searches over the whole text, run before any
/// line is split or parsed. Each trigger is then judged by its own line
/// alone (a header that parses, a rule, a sentence ending in a colon), still
/// without splitting the text.
fn candidates(body: &str) -> Vec<(usize, Start)> {
    let mut found = Vec::new();
    for (re, kind) in [(&*FILE_WORD, Start::FileWord), (&*BOX_RULE, Start::BoxRule), (&*LEAD_IN, Start::LeadIn)] {
        // Several triggers on one line are judged once.
        let mut line_end = 0;
        for m in re.find_iter(body) {
            if m.start() < line_end {
                continue;
            }
            let start = body[..m.start()].rfind('\n').map_or(0, |p| p + 1);
            line_end = body[m.start()..].find('\n').map_or(body.len(), |p| m.start() + p);
            let line = &body[start..line_end];
            let keep = match kind {
                Start::FileWord => may_be_header(line) && parse_header(&clean_line(line), true).is_some(),
                Start::BoxRule => line.trim_start().starts_with('+') && is_rule(line),
                Start::LeadIn => line.trim_end().ends_with(':'),
            };
            if keep {
                found.push((m.start(), kind));
            }
        }
    }
    found
}

/// What a look at a header candidate's bytes tells about it.
#[derive(Debug, Default, Clone, Copy)]
struct Scan {
    /// `version`, `size`, `date`, `time`, `bytes`, `platform` in any case
    /// (via `ver`, `ize`, `ate`, `ime`, `yte`, `atf`).
    attr_word: bool,
}

/// One pass over the bytes of a line, looking at lower-cased trigrams.
fn scan(line: &str) -> Scan {
    let mut seen = Scan::default();
    let (mut a, mut b) = (0u8, 0u8);
    for &byte in line.as_bytes() {
        let c = byte | 0x20;
        if let (b'v', b'e', b'r')
        | (b'i', b'z', b'e')
        | (b'a', b't', b'e')
        | (b'i', b'm', b'e')
        | (b'y', b't', b'e')
        | (b'a', b't', b'f') = (a, b, c)
        {
            seen.attr_word = true;
            break;
        }
        a = b;
        b = c;
    }
    seen
}

/// Whether a line naming a file column can be a header: it also names an
/// attribute column, or it is short enough to be a lone `File name`.
fn may_be_header(line: &str) -> bool {
    line.len() < 400 && (line.trim().len() <= 24 || scan(line).attr_word) && few_unknown_words(line)
}

/// Words that occur in column labels.
static LABEL_WORD_SET: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut words: Vec<&str> = LABELS.iter().flat_map(|(l, _)| l.split(' ')).collect();
    words.sort_unstable();
    words.dedup();
    words
});

/// A header is made of column labels, with at most one short unknown column
/// (see [`parse_header`]); a sentence has many other words. Counting them is
/// much cheaper than parsing.
fn few_unknown_words(line: &str) -> bool {
    let mut unknown = 0;
    for word in line.split([' ', '|', '\t', '+']).filter(|w| !w.is_empty() && !w.starts_with('-')) {
        if !LABEL_WORD_SET.iter().any(|l| l.eq_ignore_ascii_case(word)) {
            unknown += 1;
            if unknown > 3 {
                return false;
            }
        }
    }
    true
}

// ---------------------------------------------------------------------------
// Lines

static BR_MARKUP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)<\s*br\s*/?\s*>").expect("valid regex"));

/// A line with `<BR>` markup removed and tabs expanded, so that character
/// positions of header and rows can be compared.
fn clean_line(raw: &str) -> String {
    let stripped = if raw.contains('<') { BR_MARKUP.replace_all(raw, "").into_owned() } else { raw.to_string() };
    let mut out = String::with_capacity(stripped.len());
    let mut col = 0usize;
    for ch in stripped.chars() {
        match ch {
            '\t' => {
                let n = 8 - col % 8;
                out.extend(std::iter::repeat_n(' ', n));
                col += n;
            }
            '\r' | '\u{a0}' => {
                out.push(' ');
                col += 1;
            }
            c => {
                out.push(c);
                col += 1;
            }
        }
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out
}

/// Whether a line is only `----`, `====`, `+---+` or `|   |` drawing.
fn is_rule(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3
        && t.chars().all(|c| matches!(c, '-' | '=' | '+' | '_' | '|' | ' '))
        && t.chars().filter(|&c| c == '-' || c == '=' || c == '_').count() >= 3
}

/// Whether a line is drawn as a box row (`| a | b |`).
fn is_boxed(line: &str) -> bool {
    line.trim_start().starts_with('|')
}

/// A stretch of text on a line with its character span.
#[derive(Debug, Clone)]
struct Chunk {
    text: String,
    start: usize,
}

impl Chunk {
    /// The chunk's words, each with the character position it starts at on
    /// the line.
    fn words(&self) -> Vec<(&str, usize)> {
        let mut words = Vec::new();
        let mut offset = 0;
        for w in self.text.split(' ') {
            if !w.is_empty() {
                words.push((w, self.start + offset));
            }
            offset += w.chars().count() + 1;
        }
        words
    }
}

/// Cut a line into chunks: box cells for `| a | b |` lines, otherwise runs
/// of words separated by single spaces (two or more spaces separate chunks).
fn chunks(line: &str) -> Vec<Chunk> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    if is_boxed(line) {
        let mut start = None::<usize>;
        let mut buf = String::new();
        for (pos, &c) in chars.iter().enumerate() {
            if c == '|' {
                if let Some(s) = start.take() {
                    let t = buf.trim();
                    out.push(Chunk { text: t.to_string(), start: s + (buf.len() - buf.trim_start().len()) });
                }
                buf.clear();
                start = Some(pos + 1);
            } else {
                buf.push(c);
            }
        }
        // A box row always ends with `|`; text after the last bar is junk.
        return out;
    }
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == ' ' {
            i += 1;
            continue;
        }
        let s = i;
        let mut e = i;
        while e < chars.len() {
            if chars[e] == ' ' {
                let two = chars.get(e + 1).is_none_or(|&c| c == ' ');
                if two {
                    break;
                }
            }
            e += 1;
        }
        out.push(Chunk { text: chars[s..e].iter().collect(), start: s });
        i = e;
    }
    out
}

// ---------------------------------------------------------------------------
// Header

/// What a header column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    File,
    Version,
    Size,
    Date,
    Time,
    DateTime,
    Platform,
    /// Language, folder, destination, description, ...: read but not kept.
    Other,
}

/// Header labels, as lower-case word sequences, longest first within a kind
/// does not matter: matching tries every label and keeps the longest.
const LABELS: &[(&str, Col)] = &[
    ("file name and path", Col::File),
    ("path and file name", Col::File),
    ("file name", Col::File),
    ("file names", Col::File),
    ("filename", Col::File),
    ("filenames", Col::File),
    ("file", Col::File),
    ("files", Col::File),
    ("name", Col::File),
    ("version", Col::Version),
    ("versions", Col::Version),
    ("file version", Col::Version),
    ("current version", Col::Version),
    ("product version", Col::Version),
    ("version number", Col::Version),
    ("version#", Col::Version),
    ("version #", Col::Version),
    ("ver", Col::Version),
    ("ver.", Col::Version),
    ("size", Col::Size),
    ("file size", Col::Size),
    ("size (bytes)", Col::Size),
    ("size(bytes)", Col::Size),
    ("size in bytes", Col::Size),
    ("bytes", Col::Size),
    ("date", Col::Date),
    ("file date", Col::Date),
    ("modified date", Col::Date),
    ("date modified", Col::Date),
    ("time", Col::Time),
    ("file time", Col::Time),
    ("date/time", Col::DateTime),
    ("time/date", Col::DateTime),
    ("date and time", Col::DateTime),
    ("platform", Col::Platform),
    ("platforms", Col::Platform),
    ("processor", Col::Platform),
    ("operating system", Col::Platform),
    ("destination folder", Col::Other),
    ("destination", Col::Other),
    ("folder", Col::Other),
    ("folder installed in", Col::Other),
    ("target directory", Col::Other),
    ("directory", Col::Other),
    ("location", Col::Other),
    ("path", Col::Other),
    ("language", Col::Other),
    ("locale", Col::Other),
    ("description", Col::Other),
    ("component", Col::Other),
    ("notes", Col::Other),
    ("note", Col::Other),
    ("comments", Col::Other),
];

/// One header column: its kind and where its label starts.
#[derive(Debug, Clone, Copy)]
struct Column {
    kind: Col,
    start: usize,
}

/// A parsed table header.
#[derive(Debug, Clone)]
struct Header {
    cols: Vec<Column>,
    boxed: bool,
}

/// [`LABELS`] split into words once.
static LABEL_WORDS: LazyLock<Vec<(Vec<&'static str>, Col)>> =
    LazyLock::new(|| LABELS.iter().map(|&(label, kind)| (label.split(' ').collect(), kind)).collect());

/// Longest label matching `words` from its first word: (word count, kind).
fn match_label(words: &[&str]) -> Option<(usize, Col)> {
    let mut best: Option<(usize, Col)> = None;
    for (lw, kind) in LABEL_WORDS.iter() {
        let kind = *kind;
        if lw.len() > words.len() || best.is_some_and(|(n, _)| n >= lw.len()) {
            continue;
        }
        if lw.iter().zip(words).all(|(a, b)| b.eq_ignore_ascii_case(a)) {
            best = Some((lw.len(), kind));
        }
    }
    best
}

/// Read a header line: every chunk must be made of column labels, apart from
/// at most one short unknown column; there must be exactly one file-name
/// column and at least one typed attribute column. With `file_only`, a lone
/// `File name` column will do (the lead-in announced file attributes).
fn parse_header(line: &str, file_only: bool) -> Option<Header> {
    let boxed = is_boxed(line);
    let mut cols = Vec::new();
    let mut unknown = 0;
    for chunk in chunks(line) {
        if chunk.text.is_empty() {
            continue;
        }
        // Word spans inside the chunk, so each label keeps its own position.
        let words = chunk.words();
        let texts: Vec<&str> = words.iter().map(|(w, _)| *w).collect();
        let mut k = 0;
        let mut parsed = Vec::new();
        let mut ok = true;
        while k < texts.len() {
            match match_label(&texts[k..]) {
                Some((n, kind)) => {
                    parsed.push(Column { kind, start: words[k].1 });
                    k += n;
                }
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if ok {
            cols.extend(parsed);
        } else {
            if texts.len() > 3 || chunk.text.ends_with(['.', ',', ';', ':']) {
                return None;
            }
            unknown += 1;
            cols.push(Column { kind: Col::Other, start: chunk.start });
        }
    }
    if unknown > 1 {
        return None;
    }
    let files = cols.iter().filter(|c| c.kind == Col::File).count();
    let typed = cols
        .iter()
        .filter(|c| matches!(c.kind, Col::Version | Col::Size | Col::Date | Col::Time | Col::DateTime))
        .count();
    // Bare `Name`/`File` is a common word: ask for a fuller header around it.
    let lower = line.to_ascii_lowercase();
    let file_word = lower.contains("file name") || lower.contains("filename");
    let file_only_ok =
        file_only && file_word && cols.iter().all(|c| matches!(c.kind, Col::File | Col::Platform | Col::Other));
    if files != 1 || (typed == 0 && !file_only_ok) {
        return None;
    }
    if !file_word && typed < 2 {
        return None;
    }
    Some(Header { cols, boxed })
}

// ---------------------------------------------------------------------------
// Cells

/// The type of a cell of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Date,
    Time,
    Version,
    /// A size in bytes (`811,792`, `18,197 bytes`, `157,285b`).
    Size,
    /// A rounded size (`18KB`, `1.79 MB`): fills the size column, gives no
    /// byte count.
    ApproxSize,
    File,
    /// `N/A`, `none`, `xx/xx/xx`: a cell deliberately left empty.
    Placeholder,
    Text,
}

/// One typed cell of a row.
#[derive(Debug, Clone)]
struct Cell {
    kind: Kind,
    text: String,
    start: usize,
}

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^(?:
            \d{1,2}[-/]\d{1,2}[-/]\d{2,4}
          | \d{1,2}-[A-Za-z]{3,9}-\d{2,4}
          | [A-Za-z]{3,9}-\d{1,2}-\d{2,4}
          | \d{4}[-/]\d{1,2}[-/]\d{1,2}
        )$",
    )
    .expect("valid regex")
});
static MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?$").expect("valid regex")
});
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    // `11.31am`: a dot instead of the colon only with the am/pm suffix.
    Regex::new(r"^\d{1,2}(?::\d{2}(?::\d{2})?(?:[aApP]\.?(?:[mM]\.?)?)?|\.\d{2}[aApP]\.?(?:[mM]\.?)?)$")
        .expect("valid regex")
});
static AMPM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[aApP]\.?(?:[mM]\.?)?|midnight|noon)$").expect("valid regex"));
static VERSION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d+(?:[.:]\d+)*\.\d+(?:[.:]\d+)*[a-zA-Z]?$").expect("valid regex"));
/// Digits with thousands commas, loosely (`8,1012` is a typo for a size).
static SIZE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d[\d,]*$").expect("valid regex"));
static SIZE_BYTES: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d[\d,]*[bB]$").expect("valid regex"));
static SIZE_APPROX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\d[\d,.]*(?:kb|k|mb|kbytes)$").expect("valid regex"));
static UNIT_BYTES: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^(?:bytes?|b)$").expect("valid regex"));
static UNIT_APPROX: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^(?:kb|k|mb|kbytes)$").expect("valid regex"));
static BUILD_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:shp|qfe|gdr|ldr|rtm|beta)$").expect("valid regex"));
/// `1815`: a time without its colon, only meaningful in a time column.
static BARE_TIME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:[01]\d|2[0-3])[0-5]\d$").expect("valid regex"));
/// `185.760`: thousands written with dots, only meaningful in a size column.
static DOT_THOUSANDS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{1,3}(?:\.\d{3})+$").expect("valid regex"));
/// `22.36`: a time written with a dot, only meaningful in a time column.
static DOT_TIME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{1,2}\.\d{2}$").expect("valid regex"));
static X_PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[xX]+(?:[/:.\-][xX]+)+$").expect("valid regex"));
static FILE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z0-9_$~#@!&%{}()\-+\\:.]*\.[A-Za-z0-9_$~\-]{1,8}$").expect("valid regex"));

/// The type of one word.
fn classify(word: &str) -> Kind {
    if word.is_empty() || word.len() > 260 {
        return Kind::Text;
    }
    if is_placeholder(word) {
        return Kind::Placeholder;
    }
    let first = word.as_bytes()[0];
    if first.is_ascii_digit() {
        if TIME.is_match(word) {
            return Kind::Time;
        }
        if DATE.is_match(word) {
            return Kind::Date;
        }
        // Before versions: `17.7K` is a size, not version 17.7 build K.
        if SIZE_APPROX.is_match(word) {
            return Kind::ApproxSize;
        }
        if VERSION.is_match(word) {
            return Kind::Version;
        }
        if SIZE.is_match(word) || SIZE_BYTES.is_match(word) {
            return Kind::Size;
        }
    } else if first.is_ascii_alphabetic() && DATE.is_match(word) {
        return Kind::Date;
    }
    // Versions were ruled out above, so a dotted word with a letter is a file.
    if word.contains('.')
        && !word.starts_with('.')
        && word.bytes().any(|b| b.is_ascii_alphabetic())
        && FILE.is_match(word)
    {
        return Kind::File;
    }
    Kind::Text
}

/// `none`, `n/a`, `-`, `xx:xx`: an explicitly empty cell.
fn is_placeholder(s: &str) -> bool {
    matches!(s.to_ascii_lowercase().as_str(), "none" | "n/a" | "na" | "-" | "--" | "---" | "unknown" | "not applicable")
        || X_PLACEHOLDER.is_match(s)
}

/// Cut a chunk into typed cells. Leading typed words (`6/2/97 11:14a`,
/// `Winsrv.dll x86`) become cells of their own, with their units and
/// suffixes (`4:14 pm`, `18,197 bytes`, `20 KB`); from the first plain word
/// on, the rest of the chunk is one text cell (`Windows 95 (all)`).
fn cells_of(chunk: &Chunk) -> Vec<Cell> {
    let words = chunk.words();
    let word = |k: usize| words.get(k).map(|(w, _)| *w);
    let mut out: Vec<Cell> = Vec::new();
    let mut k = 0;
    while k < words.len() {
        let (w, pos) = words[k];
        let mut kind = classify(w);
        let mut text = w.to_string();
        let mut used = 1;
        // `October 6, 2000`
        if kind == Kind::Text
            && MONTH.is_match(w)
            && word(k + 1).is_some_and(|d| {
                let d = d.trim_end_matches(',');
                !d.is_empty() && d.len() <= 2 && d.bytes().all(|b| b.is_ascii_digit())
            })
            && word(k + 2).is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
        {
            kind = Kind::Date;
            text = format!("{w} {} {}", word(k + 1).unwrap_or(""), word(k + 2).unwrap_or(""));
            used = 3;
        }
        // `29 May 2001`
        if kind == Kind::Size
            && w.len() <= 2
            && word(k + 1).is_some_and(|m| MONTH.is_match(m))
            && word(k + 2).is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
        {
            kind = Kind::Date;
            text = format!("{w} {} {}", word(k + 1).unwrap_or(""), word(k + 2).unwrap_or(""));
            used = 3;
        }
        let next = word(k + used);
        match kind {
            Kind::Time if next.is_some_and(|n| AMPM.is_match(n)) => {
                text = format!("{text} {}", next.unwrap_or(""));
                used += 1;
            }
            Kind::Size if next.is_some_and(|n| UNIT_BYTES.is_match(n)) => {
                text = format!("{text} {}", next.unwrap_or(""));
                used += 1;
            }
            // `66.560 bytes`: thousands written with a dot.
            Kind::Version if DOT_THOUSANDS.is_match(w) && next.is_some_and(|n| UNIT_BYTES.is_match(n)) => {
                kind = Kind::Size;
                text = format!("{text} {}", next.unwrap_or(""));
                used += 1;
            }
            Kind::Size | Kind::Version if next.is_some_and(|n| UNIT_APPROX.is_match(n)) => {
                kind = Kind::ApproxSize;
                text = format!("{text} {}", next.unwrap_or(""));
                used += 1;
            }
            // `5.0.2195.4555 shp`: a build tag written after the version.
            Kind::Version if next.is_some_and(|n| BUILD_TAG.is_match(n)) => {
                text = format!("{text} {}", next.unwrap_or(""));
                used += 1;
            }
            // `1.2(build 786)`: a version with a note glued to it.
            Kind::Text if w.contains('(') && VERSION.is_match(&w[..w.find('(').unwrap_or(0)]) => {
                let mut end = k;
                while end < words.len() && !words[end].0.ends_with(')') {
                    end += 1;
                }
                if end < words.len() {
                    kind = Kind::Version;
                    text = words[k..=end].iter().map(|(w, _)| *w).collect::<Vec<_>>().join(" ");
                    used = end + 1 - k;
                }
            }
            _ => {}
        }
        // `144KB (147,728 bytes)`: the rounded size with the exact one.
        if kind == Kind::ApproxSize
            && word(k + used).is_some_and(|n| n.starts_with('(') && SIZE.is_match(&n[1..]))
            && word(k + used + 1).is_some_and(|n| n.eq_ignore_ascii_case("bytes)"))
        {
            kind = Kind::Size;
            text = format!("{text} {} {}", word(k + used).unwrap_or(""), word(k + used + 1).unwrap_or(""));
            used += 2;
        }
        // `(version 3.5.34)` after a size.
        if kind == Kind::Text
            && w.eq_ignore_ascii_case("(version")
            && let Some(v) = word(k + 1).and_then(|v| v.strip_suffix(')'))
            && VERSION.is_match(v)
        {
            kind = Kind::Version;
            text = v.to_string();
            used = 2;
        }
        if kind == Kind::Text {
            let rest: Vec<&str> = words[k..].iter().map(|(w, _)| *w).collect();
            let text = rest.join(" ");
            out.push(Cell {
                // `Not Applicable`
                kind: if is_placeholder(&text) { Kind::Placeholder } else { Kind::Text },
                text,
                start: pos,
            });
            break;
        }
        out.push(Cell { kind, text, start: pos });
        k += used;
    }
    out
}

/// Typed cells of a whole row line.
fn row_cells(line: &str) -> Vec<Cell> {
    let mut out: Vec<Cell> = Vec::new();
    for cell in chunks(line).iter().filter(|c| !c.text.is_empty()).flat_map(cells_of) {
        // `64  KB`: a unit set apart from its number.
        if let Some(prev) = out.last_mut()
            && matches!(prev.kind, Kind::Size | Kind::Version)
            && cell.kind == Kind::Text
        {
            let unit = if UNIT_BYTES.is_match(&cell.text) && prev.kind == Kind::Size {
                Some(Kind::Size)
            } else if UNIT_APPROX.is_match(&cell.text) {
                Some(Kind::ApproxSize)
            } else {
                None
            };
            if let Some(kind) = unit {
                prev.kind = kind;
                prev.text = format!("{} {}", prev.text, cell.text);
                continue;
            }
        }
        out.push(cell);
    }
    out
}

/// Bytes in a size cell: `811,792`, `18,197 bytes`, `157,285b`, `185.760`,
/// `144KB (147,728 bytes)`.
fn size_value(text: &str) -> Option<u64> {
    let exact = text.split_once('(').map_or(text, |(_, inside)| inside);
    let digits: String = exact.split(' ').next().unwrap_or("").chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 15 {
        return None;
    }
    digits.parse().ok()
}

// ---------------------------------------------------------------------------
// Alignment

/// Score of putting cells `group` into a column, or `None` if they cannot go
/// there. Type matches score high; fallbacks that only make sense in one
/// column (a dotted size, a dotted time, a bare number as version) score low
/// so that they never beat a real match.
fn group_score(group: &[Cell], col: Col) -> Option<f32> {
    use Kind as K;
    let kinds: Vec<Kind> = group.iter().map(|c| c.kind).collect();
    let first = &group[0].text;
    let s = match (col, kinds.as_slice()) {
        (_, [K::Placeholder]) if col != Col::File => 1.0,
        (Col::File, [K::File]) => 4.0,
        (Col::File, [K::File, K::Text]) if group[1].text.starts_with('(') => 3.0,
        (Col::File, [K::Text]) if is_bare_name(first) => 0.5,
        (Col::Version, [K::Version]) => 4.0,
        (Col::Version, [K::Size]) if !first.contains(',') => 1.0,
        (Col::Size, [K::Size]) => 4.0,
        (Col::Size, [K::ApproxSize]) => 4.0,
        (Col::Size, [K::Version]) if DOT_THOUSANDS.is_match(first) => 3.0,
        (Col::Date, [K::Date]) => 4.0,
        (Col::Date, [K::Date, K::Time]) => 7.0,
        (Col::Date, [K::Date, K::Placeholder]) => 5.0,
        (Col::Time, [K::Time]) => 4.0,
        (Col::Time, [K::Version]) if DOT_TIME.is_match(first) => 2.0,
        (Col::Time, [K::Size]) if BARE_TIME.is_match(first) => 1.5,
        (Col::DateTime, [K::Date, K::Time]) => 8.0,
        (Col::DateTime, [K::Date]) => 4.0,
        (Col::DateTime, [K::Time]) => 3.0,
        (Col::Platform, [K::Text]) => 2.0,
        // `OSR2.1 & OSR2.5`: a platform that merely looks like a file name.
        (Col::Platform, [K::File]) => 0.5,
        (Col::Platform, [K::File, K::Text]) => 1.0,
        (Col::Other, [K::Text]) => 1.5,
        (Col::Other, [K::File]) => 1.0,
        (Col::Other, [_]) => 0.5,
        (Col::Other, [K::Size, K::Text]) => 1.0,
        _ => return None,
    };
    Some(s)
}

/// A word that can stand in the file column without an extension
/// (`Makefile`); only ever a weak match.
fn is_bare_name(s: &str) -> bool {
    !s.contains(' ')
        && s.len() <= 40
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '\\' | '$'))
}

/// Align cells to columns in order. Returns, per column, the range of cells
/// it holds, or `None` when some cell fits no column.
fn align(header: &Header, cells: &[Cell]) -> Option<Vec<Option<(usize, usize)>>> {
    let n = header.cols.len();
    let m = cells.len();
    if m == 0 || m > 40 {
        return None;
    }
    // best[i][j]: best score having placed cells[..i] into columns[..j].
    let neg = f32::NEG_INFINITY;
    let mut best = vec![vec![neg; n + 1]; m + 1];
    let mut back = vec![vec![(usize::MAX, usize::MAX); n + 1]; m + 1];
    best[0][0] = 0.0;
    for i in 0..=m {
        for j in 0..n {
            let cur = best[i][j];
            if cur == neg {
                continue;
            }
            // Leave column j empty.
            if cur > best[i][j + 1] {
                best[i][j + 1] = cur;
                back[i][j + 1] = (i, j);
            }
            for len in 1..=2usize {
                if i + len > m {
                    break;
                }
                if let Some(s) = group_score(&cells[i..i + len], header.cols[j].kind) {
                    let next = header.cols.get(j + 1).map(|c| c.start);
                    let s = s + position_bonus(cells[i].start, header.cols[j].start, next);
                    if cur + s > best[i + len][j + 1] {
                        best[i + len][j + 1] = cur + s;
                        back[i + len][j + 1] = (i, j);
                    }
                }
            }
        }
    }
    if best[m][n] == neg {
        return None;
    }
    let mut assign = vec![None; n];
    let (mut i, mut j) = (m, n);
    while i > 0 || j > 0 {
        let (pi, pj) = back[i][j];
        if pi == usize::MAX {
            return None;
        }
        if pi < i {
            assign[pj] = Some((pi, i));
        }
        i = pi;
        j = pj;
    }
    Some(assign)
}

/// Small reward for a cell that starts under its column's label: decides
/// between two text columns (Platform vs Language) without outweighing
/// types.
fn position_bonus(cell: usize, col: usize, next: Option<usize>) -> f32 {
    let lo = col.saturating_sub(3);
    let hi = next.unwrap_or(usize::MAX);
    if cell >= lo && cell < hi { 0.5 } else { 0.0 }
}

// ---------------------------------------------------------------------------
// Rows

/// A parsed row and where its wrapping text column starts.
struct Row {
    file: HotfixFile,
    /// When the last filled column holds text (a platform, a description),
    /// where that text starts and whether it is the platform: such a column
    /// may wrap onto the next lines.
    wrap: Option<(usize, bool)>,
}

/// A platform as written, without wrapping `(x86)` or `<x86>` brackets.
fn clean_platform(text: &str) -> String {
    let t = text.trim();
    let inner = t
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .or_else(|| t.strip_prefix('<').and_then(|r| r.strip_suffix('>')));
    match inner {
        Some(i) if !i.contains(['(', ')', '<', '>']) && !i.trim().is_empty() => i.trim().to_string(),
        _ => t.to_string(),
    }
}

/// Build a row from aligned cells, or `None` when the line is not a row.
/// `lenient` (the table already has rows) also takes a file with nothing
/// but a description (`Regsvr32.exe   For registration purposes only.`).
fn make_row(header: &Header, cells: &[Cell], lenient: bool) -> Option<Row> {
    match align(header, cells) {
        Some(assign) => row_from(header, cells, &assign, lenient),
        // A remark after the last column (`-   Renamed to Compver.ini`).
        None => {
            let (last, rest) = cells.split_last()?;
            let last_col = header.cols.last()?.start;
            if last.kind != Kind::Text || last.start <= last_col || rest.is_empty() {
                return None;
            }
            row_from(header, rest, &align(header, rest)?, lenient)
        }
    }
}

/// Fill a row from cells aligned to the header's columns.
fn row_from(header: &Header, cells: &[Cell], assign: &[Option<(usize, usize)>], lenient: bool) -> Option<Row> {
    let mut file = HotfixFile::default();
    let mut typed_found = 0;
    let mut placeholders = 0;
    let mut real_file = false;
    let mut platform_filled = false;
    let mut wrap = None;
    for (col, a) in header.cols.iter().zip(assign) {
        let Some((s, e)) = *a else { continue };
        let group = &cells[s..e];
        wrap = None;
        if group.iter().all(|c| c.kind == Kind::Placeholder) {
            placeholders += 1;
            continue;
        }
        match col.kind {
            Col::File => {
                real_file = group[0].kind == Kind::File;
                file.file = group[0].text.clone();
            }
            Col::Version => {
                file.version = Some(group[0].text.clone());
                typed_found += 1;
            }
            Col::Size => {
                if group[0].kind != Kind::ApproxSize {
                    file.size = size_value(&group[0].text);
                }
                typed_found += 1;
            }
            Col::Date | Col::DateTime | Col::Time => {
                for c in group {
                    match c.kind {
                        Kind::Date => file.date = Some(c.text.clone()),
                        Kind::Time | Kind::Version | Kind::Size => file.time = Some(c.text.clone()),
                        _ => {}
                    }
                }
                typed_found += 1;
            }
            Col::Platform => {
                let text: Vec<&str> = group.iter().map(|c| c.text.as_str()).collect();
                file.platform = Some(clean_platform(&text.join(" ")));
                platform_filled = true;
                wrap = Some((group[0].start, true));
            }
            Col::Other => {
                if group.iter().all(|c| c.kind == Kind::Text) {
                    wrap = Some((group[0].start, false));
                }
            }
        }
    }
    if file.file.is_empty() || is_file_placeholder(&file.file) {
        return None;
    }
    // The file plus placeholders, or plus a platform when the header has
    // nothing else to offer (`File Name  Platform`).
    let typed_cols =
        header.cols.iter().any(|c| matches!(c.kind, Col::Version | Col::Size | Col::Date | Col::Time | Col::DateTime));
    let only_file = cells.len() == 1 + placeholders || !typed_cols;
    let ok = match typed_found {
        // Nothing but the file (attributes to come, or `N/A`): only a real
        // file name alone on its line, never a sentence.
        0 => real_file && (only_file || (lenient && !platform_filled)),
        // Box cells are unambiguous, so a name without extension will do.
        1 => real_file || header.boxed,
        _ => true,
    };
    ok.then_some(Row { file, wrap })
}

/// `xxxxxxxx.xxx`: a file name still to be filled in.
fn is_file_placeholder(s: &str) -> bool {
    s.chars().all(|c| matches!(c, 'x' | 'X' | '.'))
}

/// Whether a short line of plain text can label a group of rows inside a
/// table (`Pan-Chinese`, `Intel:`).
fn is_group_label(line: &str) -> bool {
    let t = line.trim();
    let words = t.split_whitespace().count();
    (1..=4).contains(&words) && !t.ends_with(['.', ',']) && row_cells(line).iter().all(|c| c.kind == Kind::Text)
}

/// Read the rows under a header starting at line `start`. Returns the rows
/// and the index of the first line after the table.
fn read_rows(header: &Header, lines: &[&str], start: usize) -> (Vec<HotfixFile>, usize) {
    let mut rows: Vec<HotfixFile> = Vec::new();
    let mut last_wrap: Option<(usize, bool)> = None;
    // Index of the line after the last line that belongs to the table.
    let mut end = start;
    let mut blanks = 0;
    let mut i = start;
    while i < lines.len() {
        let line = clean_line(lines[i]);
        if line.trim().is_empty() {
            blanks += 1;
            // Blank lines may separate row groups (Intel rows, Alpha rows)
            // but two in a row end the table.
            if blanks > 1 && !rows.is_empty() || blanks > 2 {
                break;
            }
            last_wrap = None;
            i += 1;
            continue;
        }
        if is_rule(&line) {
            // A rule after a gap belongs to whatever comes next.
            if blanks > 0 && !rows.is_empty() {
                break;
            }
            i += 1;
            end = i;
            continue;
        }
        // `|     |     |`: an empty box row between two rows.
        if header.boxed && is_boxed(&line) && chunks(&line).iter().all(|c| c.text.is_empty()) {
            i += 1;
            continue;
        }
        if header.boxed && is_boxed(&line) && blanks == 0 && box_continuation(header, &line, &mut rows) {
            i += 1;
            end = i;
            continue;
        }
        let cells = row_cells(&line);
        // The last column wrapped: text alone, indented under that column.
        if blanks == 0
            && let (Some((col, is_platform)), Some(prev)) = (last_wrap, rows.last_mut())
        {
            let indent = line.len() - line.trim_start().len();
            if cells.len() == 1 && cells[0].kind == Kind::Text && indent + 2 >= col && indent <= col + 2 {
                if is_platform && let Some(p) = prev.platform.as_mut() {
                    p.push(' ');
                    p.push_str(&cells[0].text);
                }
                i += 1;
                end = i;
                continue;
            }
        }
        if let Some(row) = make_row(header, &cells, !rows.is_empty()) {
            rows.push(row.file);
            last_wrap = row.wrap;
            blanks = 0;
            i += 1;
            end = i;
            continue;
        }
        // The next line, past a box rule, is a row.
        let next_is_row = || {
            let skip = usize::from(lines.get(i + 1).is_some_and(|l| is_rule(l)));
            lines.get(i + 1 + skip).is_some_and(|l| make_row(header, &row_cells(&clean_line(l)), false).is_some())
        };
        // A group label (`Pan-Chinese`) counts only when a row follows.
        if (rows.is_empty() || blanks > 0) && is_group_label(&line) && next_is_row() {
            blanks = 0;
            i += 1;
            continue;
        }
        // One garbled row (a typo in a cell) must not cut the table short:
        // skip a line naming a file when a good row follows it.
        if blanks == 0 && cells.iter().any(|c| c.kind == Kind::File) && next_is_row() {
            i += 1;
            continue;
        }
        break;
    }
    (rows, end.max(start))
}

/// A box row whose file cell is empty continues the previous row's cells
/// (`| | Edition |`). Returns whether the line was consumed.
fn box_continuation(header: &Header, line: &str, rows: &mut [HotfixFile]) -> bool {
    let cs = chunks(line);
    if cs.len() != header.cols.len() {
        return false;
    }
    let Some(file_idx) = header.cols.iter().position(|c| c.kind == Col::File) else {
        return false;
    };
    if !cs[file_idx].text.is_empty() || cs.iter().all(|c| c.text.is_empty()) {
        return false;
    }
    let Some(prev) = rows.last_mut() else {
        return false;
    };
    for (col, c) in header.cols.iter().zip(&cs) {
        if c.text.is_empty() {
            continue;
        }
        if col.kind == Col::Platform
            && let Some(p) = prev.platform.as_mut()
        {
            p.push(' ');
            p.push_str(&c.text);
        }
    }
    true
}

// ---------------------------------------------------------------------------
// Context

static FIX_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:hot ?fix(?:es)?|fix(?:es|ed)?|qfe|patch(?:es)?|update[ds]?|service pack|upgrade)\b")
        .expect("valid regex")
});

/// Whether the article is about a fix, an update or a service pack. File
/// tables in articles that never say so list a product's disks, a sample's
/// contents or a directory: not hotfix tables.
fn is_fix_article(body: &str) -> bool {
    FIX_WORDS.is_match(body)
}

/// A table whose only attribute is a rounded size (`44KB`, `9.45 MB`) lists
/// the files of a download or a sample, not the attributes of fixed files.
fn is_download_listing(header: &Header, rows: &[HotfixFile]) -> bool {
    let only_size = header.cols.iter().all(|c| matches!(c.kind, Col::File | Col::Size | Col::Platform | Col::Other));
    let has_size = header.cols.iter().any(|c| c.kind == Col::Size);
    has_size && only_size && rows.iter().all(|r| r.size.is_none())
}

/// Whether the few lines before line `at` announce file attributes ("This
/// fix should have the following file attributes or later:"), possibly with
/// a `Component:` line in between.
fn announces_attributes(lines: &[&str], at: usize) -> bool {
    lines[at.saturating_sub(6)..at].iter().any(|l| {
        let lower = l.to_ascii_lowercase();
        lower.contains("attributes")
    })
}

/// The sentence right before line `at` (over blank and `Component:` lines)
/// ends with a colon and promises file attributes or time stamps: "This fix
/// should have the following time stamp:".
fn promises_attributes(lines: &[&str], at: usize) -> bool {
    for l in lines[at.saturating_sub(4)..at].iter().rev() {
        let t = l.trim();
        if t.is_empty() || t.starts_with("Component:") {
            continue;
        }
        if !t.ends_with(':') {
            return false;
        }
        let lower = t.to_ascii_lowercase();
        return lower.contains("attributes") || lower.contains("time stamp") || lower.contains("timestamp");
    }
    false
}

/// A table without a header right under a sentence promising file
/// attributes: `  02/03/98  09:27p   46,288 Eventlog.dll (Intel)`. The
/// columns are read off the first row's cell types; every cell must be
/// typed, apart from a platform at the end.
fn headerless_plain(lines: &[&str], at: usize) -> Option<Header> {
    let raw = lines[at];
    if raw.len() > 200 || !raw.contains('.') || !raw.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    if !promises_attributes(lines, at) {
        return None;
    }
    let line = clean_line(raw);
    if is_boxed(&line) {
        return None;
    }
    let cells = row_cells(&line);
    let mut cols = Vec::new();
    for (n, c) in cells.iter().enumerate() {
        let kind = match c.kind {
            Kind::File => Col::File,
            Kind::Version => Col::Version,
            Kind::Size | Kind::ApproxSize => Col::Size,
            Kind::Date => Col::Date,
            Kind::Time => Col::Time,
            Kind::Text if n + 1 == cells.len() && is_platform_note(&c.text) => Col::Platform,
            _ => return None,
        };
        cols.push(Column { kind, start: c.start });
    }
    let files = cols.iter().filter(|c| c.kind == Col::File).count();
    let typed = cols.iter().filter(|c| matches!(c.kind, Col::Version | Col::Size | Col::Date | Col::Time)).count();
    (files == 1 && typed >= 2).then_some(Header { cols, boxed: false })
}

/// `(Intel)`, `Alpha`, `x86`: a short platform name after a headerless row.
fn is_platform_note(text: &str) -> bool {
    let t = text.trim_start_matches('(').trim_end_matches(')');
    let lower = t.to_ascii_lowercase();
    let known = ["intel", "alpha", "x86", "i386", "ix86", "mips", "ppc", "powerpc", "power pc"];
    (text.starts_with('(') && text.ends_with(')') && t.split_whitespace().count() <= 3)
        || known.contains(&lower.as_str())
}

/// A boxed table without a header row, right under a sentence announcing
/// file attributes: `+----+` then `| Snabase.exe | 01/24/00 | 08:09p |`.
/// The columns are read off the first row's cell types.
fn headerless_box(lines: &[&str], rule: usize) -> Option<Header> {
    if !is_rule(lines[rule]) {
        return None;
    }
    let row = clean_line(lines.get(rule + 1)?);
    if !is_boxed(&row) {
        return None;
    }
    // The line before the rule must not be a box row (we'd be mid-table) and
    // the lead-in must announce files.
    if rule.checked_sub(1).is_some_and(|p| is_boxed(lines[p])) || !announces_attributes(lines, rule) {
        return None;
    }
    let mut cols = Vec::new();
    for chunk in chunks(&row) {
        let cells = cells_of(&chunk);
        let kind = match cells.iter().map(|c| c.kind).collect::<Vec<_>>().as_slice() {
            [Kind::File] => Col::File,
            [Kind::Version] => Col::Version,
            [Kind::Size] | [Kind::ApproxSize] => Col::Size,
            [Kind::Date] => Col::Date,
            [Kind::Time] => Col::Time,
            [Kind::Date, Kind::Time] => Col::DateTime,
            _ => return None,
        };
        cols.push(Column { kind, start: chunk.start });
    }
    let files = cols.iter().filter(|c| c.kind == Col::File).count();
    (files == 1 && cols.len() >= 2).then_some(Header { cols, boxed: true })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row from its six fields; `None` where the table has nothing.
    fn row(
        file: &str,
        version: Option<&str>,
        size: Option<u64>,
        date: Option<&str>,
        time: Option<&str>,
        platform: Option<&str>,
    ) -> HotfixFile {
        HotfixFile {
            file: file.into(),
            version: version.map(Into::into),
            size,
            date: date.map(Into::into),
            time: time.map(Into::into),
            platform: platform.map(Into::into),
        }
    }

    const LEAD: &str = "The English version of this fix should have the following file attributes or\nlater:\n\n";

    #[test]
    fn date_time_version_size_file_platform() {
        let body = format!(
            "{LEAD}  Date        Time   Version         Size     File name     Platform
  ------------------------------------------------------------------
  2-Apr-2001  09:10  2.00.1493.3300  811,792  Baseutil.dll  Alpha
  2-Apr-2001  17:45  2.00.1493.3301  231,312  Distmgr.dll   I386

NOTE: Because of file dependencies, later fixes may hold more files.
"
        );
        assert_eq!(
            extract(&body),
            vec![
                row(
                    "Baseutil.dll",
                    Some("2.00.1493.3300"),
                    Some(811792),
                    Some("2-Apr-2001"),
                    Some("09:10"),
                    Some("Alpha")
                ),
                row(
                    "Distmgr.dll",
                    Some("2.00.1493.3301"),
                    Some(231312),
                    Some("2-Apr-2001"),
                    Some("17:45"),
                    Some("I386")
                ),
            ]
        );
    }

    #[test]
    fn file_version_datetime_size_destination_folder() {
        let body = "\
The update installs these files:

  File name     Version    Date/Time        Size     Destination folder
  ---------------------------------------------------------------------
  Vredir.vxd    4.00.1116  7/3/97  9:54a    156,801  Windows\\System
  Nwnet32.dll   4.00.953   7/3/97 10:02a     22,016  Windows\\System

";
        assert_eq!(
            extract(body),
            vec![
                row("Vredir.vxd", Some("4.00.1116"), Some(156801), Some("7/3/97"), Some("9:54a"), None),
                row("Nwnet32.dll", Some("4.00.953"), Some(22016), Some("7/3/97"), Some("10:02a"), None),
            ]
        );
    }

    #[test]
    fn version_size_file_name_without_dates() {
        let body = format!(
            "{LEAD}  Version      Size        File name      Platform
  ------------------------------------------------
  2.0.91.11    1,204,112   Smsinstl.exe   x86
  2.0.91.11    1,611,760   Smsinstl.exe   Alpha
"
        );
        assert_eq!(
            extract(&body),
            vec![
                row("Smsinstl.exe", Some("2.0.91.11"), Some(1204112), None, None, Some("x86")),
                row("Smsinstl.exe", Some("2.0.91.11"), Some(1611760), None, None, Some("Alpha")),
            ]
        );
    }

    #[test]
    fn file_name_size_date_time_version_platform_with_pm_times() {
        let body = format!(
            "{LEAD}  File Name    Size     Date       Time     Version     Platform
  --------------------------------------------------------------
  Fp30reg.dll  52,048   1/9/2001   3:22 PM  3.0.2.4812  x86
"
        );
        assert_eq!(
            extract(&body),
            vec![row("Fp30reg.dll", Some("3.0.2.4812"), Some(52048), Some("1/9/2001"), Some("3:22 PM"), Some("x86"))]
        );
    }

    #[test]
    fn date_version_file_name_without_time_or_size() {
        let body = format!(
            "{LEAD}  Date         Version       File name
  --------------------------------------
  14-Mar-2002  3.0.0.790     Pdm.dll
  14-Mar-2002  3.0.0.790     PVBLoad.exe
"
        );
        assert_eq!(
            extract(&body),
            vec![
                row("Pdm.dll", Some("3.0.0.790"), None, Some("14-Mar-2002"), None, None),
                row("PVBLoad.exe", Some("3.0.0.790"), None, Some("14-Mar-2002"), None, None),
            ]
        );
    }

    #[test]
    fn equals_underline_and_long_version() {
        let body = format!(
            "{LEAD}  File Name       Size    Date       File Version
  =====================================================
  Xprint.dll      61,440  2/7/2001   2.00.00.0001001100
"
        );
        assert_eq!(
            extract(&body),
            vec![row("Xprint.dll", Some("2.00.00.0001001100"), Some(61440), Some("2/7/2001"), None, None)]
        );
    }

    #[test]
    fn header_without_underline() {
        let body = format!(
            "{LEAD}  File name      Version
  Async.exe      5.5.2654.40
  Xtnmsg.dll     5.5.2654.40

STATUS
"
        );
        assert_eq!(
            extract(&body),
            vec![
                row("Async.exe", Some("5.5.2654.40"), None, None, None, None),
                row("Xtnmsg.dll", Some("5.5.2654.40"), None, None, None, None),
            ]
        );
    }

    #[test]
    fn boxed_table_with_placeholder_and_empty_row() {
        let body = format!(
            "{LEAD}Component: Message Transfer Agent (MTA)

+---------------------------+
| File name    | Version    | 
+---------------------------+
| Dcprods.cat  | N/A        | 
+---------------------------+
|              |            | 
+---------------------------+
| Emsmta.exe   | 5.5.2660.0 | 
+---------------------------+

STATUS
"
        );
        assert_eq!(
            extract(&body),
            vec![
                row("Dcprods.cat", None, None, None, None, None),
                row("Emsmta.exe", Some("5.5.2660.0"), None, None, None, None),
            ]
        );
    }

    #[test]
    fn boxed_table_with_name_header_and_wrapped_cell() {
        let body = format!(
            "{LEAD}+--------------------------------------------------------------------+
| Name         | Size      | Date        | Time  | Version   | Platform |
+--------------------------------------------------------------------+
| Asp.dll      | 333,080   | Dec-03-2001 | 00:49 | 5.00.0990 | x86      |
+--------------------------------------------------------------------+
| Vip.386      | 80,409    | 09/23/99    | 02:39 | none      | Windows  |
|              |           |             |       |           | 98 SE    |
+--------------------------------------------------------------------+
"
        );
        assert_eq!(
            extract(&body),
            vec![
                row("Asp.dll", Some("5.00.0990"), Some(333080), Some("Dec-03-2001"), Some("00:49"), Some("x86")),
                row("Vip.386", None, Some(80409), Some("09/23/99"), Some("02:39"), Some("Windows 98 SE")),
            ]
        );
    }

    #[test]
    fn headerless_boxed_table_under_attributes_sentence() {
        let body = format!(
            "{LEAD}Component: Internet Mail Service

+---------------------------+
| Imcmsg.dll   | 5.5.2659.0 | 
+---------------------------+
| Msexcimc.exe | 5.5.2659.0 | 
+---------------------------+
"
        );
        assert_eq!(
            extract(&body),
            vec![
                row("Imcmsg.dll", Some("5.5.2659.0"), None, None, None, None),
                row("Msexcimc.exe", Some("5.5.2659.0"), None, None, None, None),
            ]
        );
    }

    #[test]
    fn last_column_wraps_onto_next_line() {
        let body = format!(
            "{LEAD}  Date      Time    Version    Size    File name  Platform
  -----------------------------------------------------------------
  10/02/99  01:15p  4.10.1700  75,901  Vip.386    Windows 95 (all)
  10/02/99  11:05a  4.10.2230  80,415  Vip.386    Windows 98 Second
                                                  Edition

NOTE: something else.
"
        );
        assert_eq!(
            extract(&body),
            vec![
                row(
                    "Vip.386",
                    Some("4.10.1700"),
                    Some(75901),
                    Some("10/02/99"),
                    Some("01:15p"),
                    Some("Windows 95 (all)")
                ),
                row(
                    "Vip.386",
                    Some("4.10.2230"),
                    Some(80415),
                    Some("10/02/99"),
                    Some("11:05a"),
                    Some("Windows 98 Second Edition")
                ),
            ]
        );
    }

    #[test]
    fn two_tables_one_spelled_filename_with_trailing_spaces() {
        let body = "\
IIS 4.0:

The English version of this fix has the file attributes (or later) that are
listed in the following table.

  Date         Time   Version       Size  File name
  ----------------------------------------------------
  02-May-2002  08:12  4.2.780.1  330,704  Asp.dll          
  02-May-2002  08:11  4.2.780.1   88,040  Wam.dll

IIS 5.0:

To resolve this problem, obtain the latest service pack.

  Date         Time   Version        Size     Filename
  ------------------------------------------------------
  21-Apr-2002  22:57  5.0.2195.5630  348,960  W3svc.dll       
";
        assert_eq!(
            extract(body),
            vec![
                row("Asp.dll", Some("4.2.780.1"), Some(330704), Some("02-May-2002"), Some("08:12"), None),
                row("Wam.dll", Some("4.2.780.1"), Some(88040), Some("02-May-2002"), Some("08:11"), None),
                row("W3svc.dll", Some("5.0.2195.5630"), Some(348960), Some("21-Apr-2002"), Some("22:57"), None),
            ]
        );
    }

    #[test]
    fn table_without_version_and_platform_family_words() {
        let body = format!(
            "{LEAD}  Date       Time   File name   Platform
  ---------------------------------------------
  12-Feb-01  08:40  Update.sql  Intel and Alpha
"
        );
        assert_eq!(
            extract(&body),
            vec![row("Update.sql", None, None, Some("12-Feb-01"), Some("08:40"), Some("Intel and Alpha"))]
        );
    }

    #[test]
    fn br_markup_is_not_part_of_values() {
        let body = format!(
            "{LEAD}  Date      Time    Version      Size    File name     Platform
  -------------------------------------------------------------<BR>
  11-02-99  3:17PM  4.2.731.1   82,400   w3svc.dll     x86<BR/>
  11-02-99  3:17PM  4.2.731.1   127,248  w3svc.dll     alpha<br>
"
        );
        assert_eq!(
            extract(&body),
            vec![
                row("w3svc.dll", Some("4.2.731.1"), Some(82400), Some("11-02-99"), Some("3:17PM"), Some("x86")),
                row("w3svc.dll", Some("4.2.731.1"), Some(127248), Some("11-02-99"), Some("3:17PM"), Some("alpha")),
            ]
        );
    }

    #[test]
    fn language_and_locale_columns_are_not_platforms() {
        let body = format!(
            "{LEAD}  Date      Time      Version   Size    File name  Locale
  -----------------------------------------------------------------
  07/30/98   8:40pm   4.00.953  462,600 User.exe   French (Standard)

File Name     Size        Date          File Version     Language
--------------------------------------------------------------------------------
Mscal32.dll     216,400   03-Jan-2000   7.05.1462.0009   001031 German (Germany)
"
        );
        assert_eq!(
            extract(&body),
            vec![
                row("User.exe", Some("4.00.953"), Some(462600), Some("07/30/98"), Some("8:40pm"), None),
                row("Mscal32.dll", Some("7.05.1462.0009"), Some(216400), Some("03-Jan-2000"), None, None),
            ]
        );
    }

    #[test]
    fn operating_system_column_gives_platform() {
        let body = format!(
            "{LEAD}  Date         Time   Version        Size    File name     Operating system
  -------------------------------------------------------------------------
  09-Mar-2002  11:02  5.1.2600.40    55,560  OHCI1394.SYS  Windows XP
"
        );
        assert_eq!(
            extract(&body),
            vec![row(
                "OHCI1394.SYS",
                Some("5.1.2600.40"),
                Some(55560),
                Some("09-Mar-2002"),
                Some("11:02"),
                Some("Windows XP")
            )]
        );
    }

    #[test]
    fn rows_shifted_against_header_and_times_with_a_space() {
        let body = format!(
            "{LEAD}  Date      Time                 Size      File name     Platform
  -------------------------------------------------------------
10/27/1999   4:20 pm              175,400   Winsrv.dll     x86
10/27/1999   4:19 pm              314,150   Winsrv.dll     Alpha
"
        );
        assert_eq!(
            extract(&body),
            vec![
                row("Winsrv.dll", None, Some(175400), Some("10/27/1999"), Some("4:20 pm"), Some("x86")),
                row("Winsrv.dll", None, Some(314150), Some("10/27/1999"), Some("4:19 pm"), Some("Alpha")),
            ]
        );
    }

    #[test]
    fn row_groups_labels_units_and_bracketed_platforms() {
        let body = format!(
            "{LEAD}  Date      Time                 Size          File name     Platform
  -------------------------------------------------------------
  Traditional Chinese
  03/20/99  05:10p         69,140 bytes   Ftpsvc2.dll   (x86)
  03/20/99  05:10p             105 KB     Ftpsvc2.dll   <Alpha>

  Korean
  03/20/99  05:11p             157,290b   Ftpsvc2.dll   x86

NOTE: Apply the files above to the server.
"
        );
        assert_eq!(
            extract(&body),
            vec![
                row("Ftpsvc2.dll", None, Some(69140), Some("03/20/99"), Some("05:10p"), Some("x86")),
                row("Ftpsvc2.dll", None, None, Some("03/20/99"), Some("05:10p"), Some("Alpha")),
                row("Ftpsvc2.dll", None, Some(157290), Some("03/20/99"), Some("05:11p"), Some("x86")),
            ]
        );
    }

    #[test]
    fn long_dates_and_odd_times() {
        let body = format!(
            "{LEAD}  Date             Time        Version         Size        File name
  --------------------------------------------------------------------------
  October 9, 2000  3:32:23 PM  2.00.1493.2160  4,188,700   Smsprov.dll
  30 May 2001      1816        5.0.2195.3610     246,100   Httpext.dll
  12-July-2001     11.31am     4.0.1381.7100     343,400   Rpcrt4.dll
"
        );
        assert_eq!(
            extract(&body),
            vec![
                row(
                    "Smsprov.dll",
                    Some("2.00.1493.2160"),
                    Some(4188700),
                    Some("October 9, 2000"),
                    Some("3:32:23 PM"),
                    None
                ),
                row("Httpext.dll", Some("5.0.2195.3610"), Some(246100), Some("30 May 2001"), Some("1816"), None),
                row("Rpcrt4.dll", Some("4.0.1381.7100"), Some(343400), Some("12-July-2001"), Some("11.31am"), None),
            ]
        );
    }

    #[test]
    fn rounded_size_with_exact_bytes_in_brackets() {
        let body = format!(
            "{LEAD}+------------------------------------------------------+
| File name    | Version     | Size                     |
+------------------------------------------------------+
| OLEPro32.dll | 5.0.4275.1  | 160KB (164,120 bytes)    |
+------------------------------------------------------+
| VBRun60.inf  | N/A         | 1.04KB (1,072 bytes)     |
+------------------------------------------------------+
"
        );
        assert_eq!(
            extract(&body),
            vec![
                row("OLEPro32.dll", Some("5.0.4275.1"), Some(164120), None, None, None),
                row("VBRun60.inf", None, Some(1072), None, None, None),
            ]
        );
    }

    #[test]
    fn headerless_rows_under_attributes_sentence() {
        let body = "\
Windows NT 4.0

This fix should have the following time stamp:

  02/05/98  09:31p               46,300 Eventlog.dll (Intel)
  02/05/98  09:30p               81,424 Eventlog.dll (Alpha)

The English version of this fix should have the following file attributes:

  Listen.exe     7/30/98    6:20p    72,511 bytes (version 3.0.5)

NOTE: This text is not a row: 1/2/99 A.dll 4.0.0.
";
        assert_eq!(
            extract(body),
            vec![
                row("Eventlog.dll", None, Some(46300), Some("02/05/98"), Some("09:31p"), Some("Intel")),
                row("Eventlog.dll", None, Some(81424), Some("02/05/98"), Some("09:30p"), Some("Alpha")),
                row("Listen.exe", Some("3.0.5"), Some(72511), Some("7/30/98"), Some("6:20p"), None),
            ]
        );
    }

    #[test]
    fn wrapped_descriptions_are_read_past() {
        let body = "\
The following table lists the files installed by the Library Files Update:

  Filename       Version       Description
  -----------------------------------------------------------------------
  Msvcrt.dll     6.00.8400     Run-time library with no dependencies.
  Oleaut32.dll   2.30.4270     Automation library that goes with the
                               class library and the Basic run-time.
  Regsvr32.exe                 Registers the two libraries above and
                               nothing else.

STATUS
";
        assert_eq!(
            extract(body),
            vec![
                row("Msvcrt.dll", Some("6.00.8400"), None, None, None, None),
                row("Oleaut32.dll", Some("2.30.4270"), None, None, None, None),
                row("Regsvr32.exe", None, None, None, None, None),
            ]
        );
    }

    #[test]
    fn file_name_only_table_after_attributes_sentence() {
        let body = format!("{LEAD}  File name\n  ---------\n  Ole32.dll\n  Rpcss.exe\n\nWORKAROUND\n");
        assert_eq!(
            extract(&body),
            vec![row("Ole32.dll", None, None, None, None, None), row("Rpcss.exe", None, None, None, None, None),]
        );
    }

    #[test]
    fn prose_and_listings_give_no_rows() {
        // A sentence that names the columns is no header.
        let prose = "To check the file name, version and size of the file, open its\n\
                     properties. The file name Setup.exe 1.2.3.4 is shown there.\n";
        assert_eq!(extract(prose), vec![]);
        // A sample's contents in an article that never mentions a fix.
        let sample = "The Grid.exe sample contains the following files:

  File name      Size     Date
  ------------------------------
  Grid.frm       12,288   4/2/99
  Readme.txt      2,048   4/2/99
";
        assert_eq!(extract(sample), vec![]);
        // A download listing with rounded sizes only.
        let listing = "This update is in the following files:

  FileName                  Size
  ------------------------------
  Readme.txt                 5KB
  Setup.exe                 52KB
";
        assert_eq!(extract(listing), vec![]);
    }

    #[test]
    fn junk_does_not_panic() {
        let junk = [
            "",
            "\u{0}\u{1}\u{fffd}File name Version\n|||\n+--+\n| é | ü |\n",
            "File name  Version\n----\n\u{a0}\u{a0}x.dll\t1.2\n",
            "| File name | Version |\n| a.dll |\n| b.dll | 1.0 | 2.0 | 3.0 |\n",
            "  Date  Time  File name\n  --\n  1/1/1 1:1 ..........\n",
        ];
        for j in junk {
            let _ = extract(j);
        }
        let big =
            format!("{LEAD}  File name    Version\n  ---------------------\n{}", "  A.dll  1.0.0\n".repeat(20_000));
        assert_eq!(extract(&big).len(), 20_000);
        let long_line = format!("File name Version {}\n", "x ".repeat(1_000_000));
        assert_eq!(extract(&long_line), vec![]);
        // Huge rows and triggers on one line stay linear.
        let huge_row = format!(
            "{LEAD}  File name    Version\n  ---------------------\n  {}\n",
            "A.dll  1.0.0  <BR>  ".repeat(100_000)
        );
        assert_eq!(extract(&huge_row), vec![]);
        let triggers = "file name +- attributes: time stamp ".repeat(100_000);
        assert_eq!(extract(&triggers), vec![]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// Table-like noise (bars, rules, dates, versions, names) never
        /// panics, whatever its shape.
        #[test]
        fn table_noise_does_not_panic(s in "(File name|Version|Size|Date|Time|Platform|\\| |\\+---\\+|----|\n|  |1/2/99|9:54a|4.00.950|811,792|A.dll|x86|N/A|é|\t){0,60}") {
            let _ = extract(&s);
        }
    }
}
