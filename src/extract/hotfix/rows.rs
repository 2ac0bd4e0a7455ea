//! Rows under a header: a row built from its aligned cells, and the lines of a
//! table read one after the other (wrapped columns, row groups, box rows).

use crate::article::HotfixFile;

use super::align::align;
use super::cells::{Cell, Kind, row_cells, size_value};
use super::header::{Col, Header};
use super::lines::{chunks, clean_line, is_boxed, is_rule};

/// A parsed row and where its wrapping text column starts.
pub(super) struct Row {
    pub(super) file: HotfixFile,
    /// When the last filled column holds text (a platform, a description),
    /// where that text starts and whether it is the platform: such a column
    /// may wrap onto the next lines.
    pub(super) wrap: Option<(usize, bool)>,
}

/// A platform as written, without wrapping `(x86)` or `<x86>` brackets.
pub(super) fn clean_platform(text: &str) -> String {
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

/// The platform a destination folder names by one of its parts
/// (`SMS\Bin\I386`, `%windir%\system32\x64`), as written.
fn folder_platform(folder: &str) -> Option<String> {
    const PLATFORMS: [&str; 9] = ["i386", "x86", "alpha", "axp", "ia64", "x64", "amd64", "mips", "ppc"];
    folder
        .split(['\\', '/'])
        .map(str::trim)
        .find(|part| PLATFORMS.iter().any(|p| part.eq_ignore_ascii_case(p)))
        .map(str::to_string)
}

/// Build a row from aligned cells, or `None` when the line is not a row.
/// `lenient` (the table already has rows) also takes a file with nothing
/// but a description (`Regsvr32.exe   For registration purposes only.`).
pub(super) fn make_row(header: &Header, cells: &[Cell], lenient: bool) -> Option<Row> {
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
pub(super) fn row_from(
    header: &Header,
    cells: &[Cell],
    assign: &[Option<(usize, usize)>],
    lenient: bool,
) -> Option<Row> {
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
            Col::Folder => {
                let text: Vec<&str> = group.iter().map(|c| c.text.as_str()).collect();
                file.folder = Some(text.join(" "));
                if group.iter().all(|c| c.kind == Kind::Text) {
                    wrap = Some((group[0].start, false));
                }
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
    if !header.cols.iter().any(|c| c.kind == Col::Platform) {
        file.platform = file.folder.as_deref().and_then(folder_platform);
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
pub(super) fn is_file_placeholder(s: &str) -> bool {
    s.chars().all(|c| matches!(c, 'x' | 'X' | '.'))
}

/// Whether a short line of plain text can label a group of rows inside a
/// table (`Pan-Chinese`, `Intel:`).
pub(super) fn is_group_label(line: &str) -> bool {
    let t = line.trim();
    let words = t.split_whitespace().count();
    (1..=4).contains(&words) && !t.ends_with(['.', ',']) && row_cells(line).iter().all(|c| c.kind == Kind::Text)
}

/// Read the rows under a header starting at line `start`. Returns the rows
/// and the index of the first line after the table.
pub(super) fn read_rows(header: &Header, lines: &[&str], start: usize) -> (Vec<HotfixFile>, usize) {
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
pub(super) fn box_continuation(header: &Header, line: &str, rows: &mut [HotfixFile]) -> bool {
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
