//! Where a table may start: cheap whole-text searches for a file column, a box
//! rule or a sentence promising file attributes, each judged by its own line.

use std::sync::LazyLock;

use regex::Regex;

use super::header::{LABELS, parse_header};
use super::lines::{clean_line, is_rule};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Start {
    /// It names a file column: `File name`, `Filename`, `Name`, `File`.
    FileWord,
    /// It is a box rule `+----+`: a box without a header row may follow.
    BoxRule,
    /// It follows a sentence promising file attributes or time stamps.
    LeadIn,
}

pub(super) static FILE_WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)file|name").expect("valid regex"));
/// Lead-ins are sentences, so their words are matched in lower case only; a
/// case-insensitive `attributes` would slow the search down.
pub(super) static LEAD_IN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"attributes|time ?stamp").expect("valid regex"));
pub(super) static BOX_RULE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\+-").expect("valid regex"));

/// Byte offsets where a table may start, with the reason. These searches are
/// the cheap pre-check: literal searches over the whole text, run before any
/// line is split or parsed. Each trigger is then judged by its own line
/// alone (a header that parses, a rule, a sentence ending in a colon), still
/// without splitting the text.
pub(super) fn candidates(body: &str) -> Vec<(usize, Start)> {
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
pub(super) struct Scan {
    /// `version`, `size`, `date`, `time`, `bytes`, `platform` in any case
    /// (via `ver`, `ize`, `ate`, `ime`, `yte`, `atf`).
    pub(super) attr_word: bool,
}

/// One pass over the bytes of a line, looking at lower-cased trigrams.
pub(super) fn scan(line: &str) -> Scan {
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
pub(super) fn may_be_header(line: &str) -> bool {
    line.len() < 400 && (line.trim().len() <= 24 || scan(line).attr_word) && few_unknown_words(line)
}

/// Words that occur in column labels.
pub(super) static LABEL_WORD_SET: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut words: Vec<&str> = LABELS.iter().flat_map(|(l, _)| l.split(' ')).collect();
    words.sort_unstable();
    words.dedup();
    words
});

/// A header is made of column labels, with at most one short unknown column
/// (see [`parse_header`]); a sentence has many other words. Counting them is
/// much cheaper than parsing.
pub(super) fn few_unknown_words(line: &str) -> bool {
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
