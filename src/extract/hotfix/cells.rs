//! A row's cells: each word typed (date, time, version, size, file name, text)
//! with its units and suffixes (`4:14 pm`, `18,197 bytes`, `20 KB`).

use std::sync::LazyLock;

use regex::Regex;

use super::lines::{Chunk, chunks};

/// The type of a cell of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
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
pub(super) struct Cell {
    pub(super) kind: Kind,
    pub(super) text: String,
    pub(super) start: usize,
}

pub(super) static DATE: LazyLock<Regex> = LazyLock::new(|| {
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
pub(super) static MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?$").expect("valid regex")
});
pub(super) static TIME: LazyLock<Regex> = LazyLock::new(|| {
    // `11.31am`: a dot instead of the colon only with the am/pm suffix.
    Regex::new(r"^\d{1,2}(?::\d{2}(?::\d{2})?(?:[aApP]\.?(?:[mM]\.?)?)?|\.\d{2}[aApP]\.?(?:[mM]\.?)?)$")
        .expect("valid regex")
});
pub(super) static AMPM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[aApP]\.?(?:[mM]\.?)?|midnight|noon)$").expect("valid regex"));
pub(super) static VERSION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d+(?:[.:]\d+)*\.\d+(?:[.:]\d+)*[a-zA-Z]?$").expect("valid regex"));
/// Digits with thousands commas, loosely (`8,1012` is a typo for a size).
pub(super) static SIZE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d[\d,]*$").expect("valid regex"));
pub(super) static SIZE_BYTES: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d[\d,]*[bB]$").expect("valid regex"));
pub(super) static SIZE_APPROX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\d[\d,.]*(?:kb|k|mb|kbytes)$").expect("valid regex"));
pub(super) static UNIT_BYTES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:bytes?|b)$").expect("valid regex"));
pub(super) static UNIT_APPROX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:kb|k|mb|kbytes)$").expect("valid regex"));
pub(super) static BUILD_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:shp|qfe|gdr|ldr|rtm|beta)$").expect("valid regex"));
/// `1815`: a time without its colon, only meaningful in a time column.
pub(super) static BARE_TIME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[01]\d|2[0-3])[0-5]\d$").expect("valid regex"));
/// `185.760`: thousands written with dots, only meaningful in a size column.
pub(super) static DOT_THOUSANDS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,3}(?:\.\d{3})+$").expect("valid regex"));
/// `22.36`: a time written with a dot, only meaningful in a time column.
pub(super) static DOT_TIME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{1,2}\.\d{2}$").expect("valid regex"));
pub(super) static X_PLACEHOLDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[xX]+(?:[/:.\-][xX]+)+$").expect("valid regex"));
pub(super) static FILE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z0-9_$~#@!&%{}()\-+\\:.]*\.[A-Za-z0-9_$~\-]{1,8}$").expect("valid regex"));

/// The type of one word.
pub(super) fn classify(word: &str) -> Kind {
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
pub(super) fn is_placeholder(s: &str) -> bool {
    matches!(s.to_ascii_lowercase().as_str(), "none" | "n/a" | "na" | "-" | "--" | "---" | "unknown" | "not applicable")
        || X_PLACEHOLDER.is_match(s)
}

/// Cut a chunk into typed cells. Leading typed words (`6/2/97 11:14a`,
/// `Winsrv.dll x86`) become cells of their own, with their units and
/// suffixes (`4:14 pm`, `18,197 bytes`, `20 KB`); from the first plain word
/// on, the rest of the chunk is one text cell (`Windows 95 (all)`).
pub(super) fn cells_of(chunk: &Chunk) -> Vec<Cell> {
    let words = chunk.words();
    let mut out: Vec<Cell> = Vec::new();
    let mut k = 0;
    while k < words.len() {
        let pos = words[k].1;
        let (kind, text, used) = typed_cell(&words, k);
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

/// The typed cell that starts at word `k`: its kind, its text (with its
/// units and suffixes: `4:14 pm`, `18,197 bytes`, `October 6, 2000`) and
/// how many words it takes.
fn typed_cell(words: &[(&str, usize)], k: usize) -> (Kind, String, usize) {
    let word = |k: usize| words.get(k).map(|(w, _)| *w);
    let w = words[k].0;
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
    (kind, text, used)
}

/// Typed cells of a whole row line.
pub(super) fn row_cells(line: &str) -> Vec<Cell> {
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
pub(super) fn size_value(text: &str) -> Option<u64> {
    let exact = text.split_once('(').map_or(text, |(_, inside)| inside);
    let digits: String = exact.split(' ').next().unwrap_or("").chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 15 {
        return None;
    }
    digits.parse().ok()
}
