//! Tables without a header row right under a sentence promising file
//! attributes, boxed or not: the columns come from the first row's cell types.

use super::cells::{Kind, cells_of, row_cells};
use super::context::{announces_attributes, promises_attributes};
use super::header::{Col, Column, Header};
use super::lines::{chunks, clean_line, is_boxed, is_rule};

/// A table without a header right under a sentence promising file
/// attributes: `  02/03/98  09:27p   46,288 Eventlog.dll (Intel)`. The
/// columns are read off the first row's cell types; every cell must be
/// typed, apart from a platform at the end.
pub(super) fn headerless_plain(lines: &[&str], at: usize) -> Option<Header> {
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
pub(super) fn is_platform_note(text: &str) -> bool {
    let t = text.trim_start_matches('(').trim_end_matches(')');
    let lower = t.to_ascii_lowercase();
    let known = ["intel", "alpha", "x86", "i386", "ix86", "mips", "ppc", "powerpc", "power pc"];
    (text.starts_with('(') && text.ends_with(')') && t.split_whitespace().count() <= 3)
        || known.contains(&lower.as_str())
}

/// A boxed table without a header row, right under a sentence announcing
/// file attributes: `+----+` then `| Snabase.exe | 01/24/00 | 08:09p |`.
/// The columns are read off the first row's cell types.
pub(super) fn headerless_box(lines: &[&str], rule: usize) -> Option<Header> {
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
