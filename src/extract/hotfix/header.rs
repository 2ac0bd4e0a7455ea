//! A table's header: column labels (`File name`, `Version`, `Date/Time`, ...)
//! read into typed columns with the positions they start at.

use std::sync::LazyLock;

use super::lines::{chunks, is_boxed};

/// What a header column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Col {
    File,
    Version,
    Size,
    Date,
    Time,
    DateTime,
    Platform,
    /// Destination folder, directory, location, path.
    Folder,
    /// Language, description, component, notes, ...: read but not kept.
    Other,
}

/// Header labels, as lower-case word sequences, longest first within a kind
/// does not matter: matching tries every label and keeps the longest.
pub(super) const LABELS: &[(&str, Col)] = &[
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
    ("destination folder", Col::Folder),
    ("destination", Col::Folder),
    ("folder", Col::Folder),
    ("folder installed in", Col::Folder),
    ("target directory", Col::Folder),
    ("directory", Col::Folder),
    ("location", Col::Folder),
    ("path", Col::Folder),
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
pub(super) struct Column {
    pub(super) kind: Col,
    pub(super) start: usize,
}

/// A parsed table header.
#[derive(Debug, Clone)]
pub(super) struct Header {
    pub(super) cols: Vec<Column>,
    pub(super) boxed: bool,
}

/// [`LABELS`] split into words once.
pub(super) static LABEL_WORDS: LazyLock<Vec<(Vec<&'static str>, Col)>> =
    LazyLock::new(|| LABELS.iter().map(|&(label, kind)| (label.split(' ').collect(), kind)).collect());

/// Longest label matching `words` from its first word: (word count, kind).
pub(super) fn match_label(words: &[&str]) -> Option<(usize, Col)> {
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
pub(super) fn parse_header(line: &str, file_only: bool) -> Option<Header> {
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
        file_only && file_word && cols.iter().all(|c| matches!(c.kind, Col::File | Col::Platform | Col::Folder | Col::Other));
    if files != 1 || (typed == 0 && !file_only_ok) {
        return None;
    }
    if !file_word && typed < 2 {
        return None;
    }
    Some(Header { cols, boxed })
}
