//! Cells aligned to the header's columns in order by a small dynamic programme
//! that rewards type matches and, as a tie-breaker, position matches.

use super::cells::{BARE_TIME, Cell, DOT_THOUSANDS, DOT_TIME, Kind};
use super::header::{Col, Header};

/// Score of putting cells `group` into a column, or `None` if they cannot go
/// there. Type matches score high; fallbacks that only make sense in one
/// column (a dotted size, a dotted time, a bare number as version) score low
/// so that they never beat a real match.
pub(super) fn group_score(group: &[Cell], col: Col) -> Option<f32> {
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
        // A folder scores as any other column of text.
        (Col::Other | Col::Folder, [K::Text]) => 1.5,
        (Col::Other | Col::Folder, [K::File]) => 1.0,
        (Col::Other | Col::Folder, [_]) => 0.5,
        (Col::Other | Col::Folder, [K::Size, K::Text]) => 1.0,
        _ => return None,
    };
    Some(s)
}

/// A word that can stand in the file column without an extension
/// (`Makefile`); only ever a weak match.
pub(super) fn is_bare_name(s: &str) -> bool {
    !s.contains(' ')
        && s.len() <= 40
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '\\' | '$'))
}

/// Align cells to columns in order. Returns, per column, the range of cells
/// it holds, or `None` when some cell fits no column.
pub(super) fn align(header: &Header, cells: &[Cell]) -> Option<Vec<Option<(usize, usize)>>> {
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
pub(super) fn position_bonus(cell: usize, col: usize, next: Option<usize>) -> f32 {
    let lo = col.saturating_sub(3);
    let hi = next.unwrap_or(usize::MAX);
    if cell >= lo && cell < hi { 0.5 } else { 0.0 }
}
