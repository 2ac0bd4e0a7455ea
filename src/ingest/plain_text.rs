//! Reader: a plain text note (see [`crate::article::SourceFormat::PlainText`]).
//!
//! Text, not Markdown: backslashes, asterisks and underscores stay as
//! written (`C:\Windows\System32\spool\PRINTERS\*` is a path). The first
//! line is the title where it looks like one (short, no sentence end, on a
//! line of its own), else the file name is. A heading is a short line
//! underlined with `===` or `---`, or a short line ending in `:` on a line
//! of its own after a blank one (`Fix:`). Numbered lines (`1.`, `1)`,
//! `Step 1:`) become `1. text` paragraphs for the steps extractor, and
//! lines indented by a tab or four spaces (commands, quoted messages) are
//! kept as emphasised text.
use super::document::{Document, SkipReason};
use super::markdown_doc::doc_id;
use crate::article::{ArticleKind, Section, SourceFormat};
use regex::Regex;
use std::path::Path;
use std::sync::LazyLock;

/// `1. text`, `1) text`, `Step 1: text`, `Step 1 - text`.
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:(?i:step)\s+)?(\d{1,3})\s*[.):\-]\s+(\S.*)$").expect("static regex")
});

/// Longest line read as a title or heading, in characters.
const MAX_HEADING: usize = 100;

/// Whether a line could be a title or heading: short, some letters, not a
/// sentence.
fn heading_like(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty()
        && line.chars().count() <= MAX_HEADING
        && line.chars().any(char::is_alphabetic)
        && !line.ends_with(['.', ',', ';', '!', '?'])
        && !NUMBERED.is_match(line)
}

/// An underline: `===` or `---` (three or more).
fn underline(line: &str) -> bool {
    let line = line.trim();
    line.len() >= 3 && (line.bytes().all(|b| b == b'=') || line.bytes().all(|b| b == b'-'))
}

/// Read one plain text note; its id is its path relative to `root`.
pub fn read(text: &str, path: &Path, root: &Path) -> Result<Document, SkipReason> {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let first = lines.iter().position(|l| !l.trim().is_empty()).ok_or(SkipReason::Empty)?;
    let next = lines.get(first + 1).copied().unwrap_or("");
    let titled = heading_like(lines[first]) && (next.trim().is_empty() || underline(next));
    let title = titled.then(|| lines[first].trim().to_owned());
    let mut at = if titled { first + 1 + usize::from(underline(next)) } else { first };

    let mut sections: Vec<(String, Vec<String>)> = vec![("BODY".into(), Vec::new())];
    let mut emphasized = Vec::new();
    let mut paragraph: Vec<String> = Vec::new();
    let flush = |paragraph: &mut Vec<String>, sections: &mut Vec<(String, Vec<String>)>| {
        if !paragraph.is_empty() {
            let text = paragraph.join("\n");
            sections.last_mut().expect("never empty").1.push(text);
            paragraph.clear();
        }
    };
    while at < lines.len() {
        let line = lines[at];
        let next = lines.get(at + 1).copied().unwrap_or("");
        let after_blank = at == 0 || lines[at - 1].trim().is_empty();
        if heading_like(line) && underline(next) {
            flush(&mut paragraph, &mut sections);
            sections.push((line.trim().to_owned(), Vec::new()));
            at += 2;
            continue;
        }
        let trimmed = line.trim();
        if after_blank && trimmed.ends_with(':') && heading_like(trimmed.trim_end_matches(':')) && trimmed.len() <= 40 {
            flush(&mut paragraph, &mut sections);
            sections.push((trimmed.trim_end_matches(':').trim().to_owned(), Vec::new()));
            at += 1;
            continue;
        }
        if trimmed.is_empty() {
            flush(&mut paragraph, &mut sections);
        } else if let Some(caps) = NUMBERED.captures(line) {
            flush(&mut paragraph, &mut sections);
            paragraph.push(format!("{}. {}", &caps[1], &caps[2]));
        } else {
            if line.starts_with('\t') || line.starts_with("    ") {
                emphasized.push(trimmed.to_owned());
            }
            paragraph.push(trimmed.to_owned());
        }
        at += 1;
    }
    flush(&mut paragraph, &mut sections);

    let sections: Vec<Section> = sections
        .into_iter()
        .enumerate()
        .filter(|(i, (_, blocks))| *i > 0 || !blocks.is_empty())
        .map(|(_, (name, blocks))| Section { name, text: blocks.join("\n\n") })
        .collect();
    let mut body: Vec<String> = title.iter().cloned().collect();
    for section in &sections {
        if section.name != "BODY" {
            body.push(section.name.clone());
        }
        if !section.text.is_empty() {
            body.push(section.text.clone());
        }
    }
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    Ok(Document {
        id: doc_id(path, root),
        kind: ArticleKind::Doc,
        format: SourceFormat::PlainText,
        title: title.or(stem),
        meta: Default::default(),
        body: body.join("\n\n"),
        sections: Some(sections),
        emphasized,
        source: path.to_path_buf(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A desk's note in its own words.
    const NOTE: &str = "Print jobs stuck in the queue\n\nThe queue shows jobs that never print and the spooler uses\nall the CPU.\n\nFix:\n1. Stop the Print Spooler service.\n2) Delete everything in\n   C:\\Windows\\System32\\spool\\PRINTERS\\*\nStep 3: Start the service again.\n\nNotes\n-----\nThe *.SHD and *.SPL files are the jobs; __do not__ keep them.\n\n\tnet stop spooler\n";

    #[test]
    fn reads_a_note_as_text() {
        let doc = read(NOTE, Path::new("/desk/notes/printing.txt"), Path::new("/desk")).unwrap();
        assert_eq!((doc.id.as_str(), doc.kind, doc.format), ("notes/printing.txt", ArticleKind::Doc, SourceFormat::PlainText));
        assert_eq!(doc.title.as_deref(), Some("Print jobs stuck in the queue"));
        let sections = doc.sections.unwrap();
        assert_eq!(
            sections,
            [
                Section {
                    name: "BODY".into(),
                    text: "The queue shows jobs that never print and the spooler uses\nall the CPU.".into()
                },
                Section {
                    name: "Fix".into(),
                    text: "1. Stop the Print Spooler service.\n\n2. Delete everything in\nC:\\Windows\\System32\\spool\\PRINTERS\\*\n\n3. Start the service again.".into()
                },
                Section {
                    name: "Notes".into(),
                    text: "The *.SHD and *.SPL files are the jobs; __do not__ keep them.\n\nnet stop spooler".into()
                },
            ]
        );
        assert_eq!(doc.emphasized, ["net stop spooler"]);
        assert!(doc.body.starts_with("Print jobs stuck in the queue\n\nThe queue shows"));
    }

    #[test]
    fn a_sentence_is_not_a_title() {
        let doc = read("Restart the agent when it hangs.\nIt comes back.\n", Path::new("agent.txt"), Path::new("agent.txt"))
            .unwrap();
        assert_eq!(doc.title.as_deref(), Some("agent"));
        assert_eq!(doc.body, "Restart the agent when it hangs.\nIt comes back.");
        assert_eq!(read(" \n\n", Path::new("a.txt"), Path::new("a.txt")), Err(SkipReason::Empty));
    }
}
