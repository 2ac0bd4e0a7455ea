//! Lines of a table: `<BR>` markup and tabs cleaned away, rules and box rows
//! recognised, and a line cut into chunks (box cells or runs of words).

use std::sync::LazyLock;

use regex::Regex;

pub(super) static BR_MARKUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)<\s*br\s*/?\s*>").expect("valid regex"));

/// A line with `<BR>` markup removed and tabs expanded, so that character
/// positions of header and rows can be compared.
pub(super) fn clean_line(raw: &str) -> String {
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
pub(super) fn is_rule(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3
        && t.chars().all(|c| matches!(c, '-' | '=' | '+' | '_' | '|' | ' '))
        && t.chars().filter(|&c| c == '-' || c == '=' || c == '_').count() >= 3
}

/// Whether a line is drawn as a box row (`| a | b |`).
pub(super) fn is_boxed(line: &str) -> bool {
    line.trim_start().starts_with('|')
}

/// A stretch of text on a line with its character span.
#[derive(Debug, Clone)]
pub(super) struct Chunk {
    pub(super) text: String,
    pub(super) start: usize,
}

impl Chunk {
    /// The chunk's words, each with the character position it starts at on
    /// the line.
    pub(super) fn words(&self) -> Vec<(&str, usize)> {
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
pub(super) fn chunks(line: &str) -> Vec<Chunk> {
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
