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

mod align;
mod candidates;
mod cells;
mod context;
mod header;
mod headerless;
mod lines;
mod rows;
#[cfg(test)]
mod tests;

use self::candidates::{Start, candidates, may_be_header};
use self::context::{announces_attributes, is_download_listing, is_fix_article};
use self::header::parse_header;
use self::headerless::{headerless_box, headerless_plain};
use self::lines::clean_line;
use self::rows::read_rows;
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
