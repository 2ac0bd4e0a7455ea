//! A numbered item's lines as a step: its text, its lettered or nested
//! sub-steps and its code lines verbatim.
use crate::article::Step;
use regex::Regex;
use std::sync::LazyLock;
use super::context::{REFERENCE, starts_note};
use super::lists::RawLine;


// A sub-step's marker: `a.`, `b)`, `(c)` or a nested `1.`.
pub(super) static SUB_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\(([a-z])\)|([a-z])[.)]|(\d{1,2})[.)])\s+(\S.*)$").expect("valid regex")
});

/// A top-level item's lines as a step: its own text, its sub-steps (the
/// lettered or nested numbered items at one indentation, in sequence; a
/// deeper list stays inside its sub-step) and its code lines.
pub(super) fn structure(lines: &[RawLine]) -> Step {
    let mut step = Step { text: String::new(), substeps: Vec::new(), code: Vec::new() };
    // The kind of marker the sub-steps use (letter or number), the last
    // one, and the indentation of the markers.
    let mut marker: Option<(bool, u32, usize)> = None;
    let mut prev_code = false;
    let mut code_indent = 0;
    // Where the program whose source the step quotes starts (its first
    // line's indentation), while its lines go on.
    let mut program: Option<usize> = None;
    // Under a table's header and rule: its rows are code as a lead-in's
    // lines are.
    let mut table = false;
    for (k, line) in lines.iter().enumerate() {
        let t = line.text.as_str();
        if k == 0 {
            step.text = t.to_string();
            continue;
        }
        if let Some((next, text)) = next_sub_step(t, line.indent, marker) {
            marker = Some(next);
            step.substeps.push(text);
            prev_code = false;
            continue;
        }
        // A code line wrapped: the rest of a key (`\Parameters`) or a
        // command's argument indented under it is the same line.
        if prev_code && !line.blank_before && continues_code(t, line.indent, code_indent) {
            if let Some(last) = step.code.last_mut() {
                if !t.starts_with('\\') {
                    last.push(' ');
                }
                last.push_str(t);
            }
            continue;
        }
        // A program's source goes on, blank lines between or not, until a
        // line left of its start, a note or a sentence of prose: every line
        // of it is a code line (`End Sub`, `{`, a comment).
        if let Some(at) = program {
            if line.indent >= at && !starts_note(t) && !reads_as_prose(t) {
                step.code.push(t.to_string());
                prev_code = true;
                continue;
            }
            program = None;
        }
        // A rule under the line just taken for code: that line is the
        // table's header (`Copy   To`), and neither is code; the rows under
        // them are.
        if prev_code && !line.blank_before && is_rule(t) {
            let header = step.code.pop().unwrap_or_default();
            add_text(&mut step, &header);
            add_text(&mut step, t);
            table = true;
            continue;
        }
        // What a line "type the following command:" or "add this value:"
        // introduces, on its own and not a sentence, is code too; a bullet,
        // a table's rule or a reference to another article is not.
        let said = step.substeps.last().unwrap_or(&step.text);
        let introduced = {
            (said.ends_with(':') || table || (prev_code && line.blank_before))
                && !t.ends_with(['.', ':'])
                && t.split_whitespace().count() <= 8
                && !starts_note(t)
                && !is_bullet_or_rule(t)
                && !REFERENCE.is_match(t)
        };
        // A registry key is code right under the sentence that leads into
        // it too.
        let key_led_in = said.ends_with(':') && is_registry_key(t);
        if (line.blank_before || prev_code || key_led_in) && (looks_like_code(t) || introduced) {
            if said.to_lowercase().contains("code") || is_program_line(t) {
                program = Some(line.indent);
            }
            step.code.push(t.to_string());
            prev_code = true;
            code_indent = line.indent;
            continue;
        }
        prev_code = false;
        table = false;
        add_text(&mut step, t);
    }
    step
}

/// The sub-step a line opens when its marker follows the last one's
/// (`b.` after `a.`, at the same indentation; the first must be `a.` or
/// `1.`): the marker's kind (lettered or not), number and indentation, and
/// the sub-step's text.
fn next_sub_step(t: &str, indent: usize, last: Option<(bool, u32, usize)>) -> Option<((bool, u32, usize), String)> {
    let c = SUB_ITEM.captures(t)?;
    let (lettered, n) = match (c.get(1).or(c.get(2)), c.get(3)) {
        (Some(l), _) => (true, u32::from(l.as_str().as_bytes()[0] - b'a') + 1),
        (None, Some(d)) => (false, d.as_str().parse().unwrap_or(0)),
        (None, None) => (false, 0),
    };
    let follows = match last {
        None => n == 1,
        Some((kind, last, at)) => kind == lettered && n == last + 1 && indent.abs_diff(at) <= 1,
    };
    follows.then(|| ((lettered, n, indent), c[4].to_string()))
}

/// A line that is neither a sub-step nor code, added to the step's text or
/// its last sub-step's.
fn add_text(step: &mut Step, t: &str) {
    let into = step.substeps.last_mut().unwrap_or(&mut step.text);
    into.push(' ');
    into.push_str(t);
}

/// Whether a line right under a code line goes on with it: the rest of a
/// registry key or path (`\Parameters`, not a UNC path's `\\server`), or a
/// lone path indented deeper than the code line (a command's destination);
/// a program's lines, each on its own, stay lines.
fn continues_code(t: &str, indent: usize, code_indent: usize) -> bool {
    let lone_path = !t.contains(' ') && (t.contains(":\\") || t.starts_with("\\\\"));
    (t.starts_with('\\') && !t.starts_with("\\\\") && !t.contains(' ')) || (indent > code_indent && lone_path)
}

/// How a program's comment opens: never a sentence of prose, whatever its
/// words.
const COMMENT: [&str; 5] = ["//", "/*", "*", "'", "#"];

/// A line of a program's source rather than a command or a setting: a
/// comment (`//`, `/*`, `'`) or a preprocessor line (`#include`), a brace
/// or a `;`, a member (`CMainFrame::OnCreate`), a call or declaration
/// (`void F(int x)`).
fn is_program_line(t: &str) -> bool {
    COMMENT.iter().any(|p| t.starts_with(p))
        || t.contains(['{', '}', ';'])
        || t.contains("::")
        || (t.ends_with(')') && t.contains('(') && !t.contains(" (without"))
}

/// A line of prose, not of a program: no comment, words alone (a letter,
/// then lower-case letters, a stop or a comma after) four in five of its
/// tokens at least, most words after the first lower-case, and six tokens
/// or more, or fewer ending a sentence ("Save the file."). `Dim X As Long,
/// Y As Long`, `End Sub` and `Debug.Print "Done."` are not.
fn reads_as_prose(t: &str) -> bool {
    if COMMENT.iter().any(|p| t.starts_with(p)) {
        return false;
    }
    let tokens: Vec<&str> = t.split_whitespace().collect();
    let word = |w: &str| {
        let w = w.trim_end_matches(['.', ',', ':', '?']);
        let mut c = w.chars();
        c.next().is_some_and(|f| f.is_ascii_alphabetic()) && c.all(|c| c.is_ascii_lowercase() || c == '\'')
    };
    let words = tokens.iter().filter(|w| word(w)).count();
    let lower = tokens.iter().skip(1).filter(|w| w.starts_with(|c: char| c.is_ascii_lowercase())).count();
    let sentence = t.ends_with(['.', ':', '?']) && tokens.len() >= 2;
    words * 5 >= tokens.len() * 4 && lower * 5 >= tokens.len().saturating_sub(1) * 3 && (tokens.len() >= 6 || sentence)
}

/// A bullet (`- Power Fail Signal`) or a table's rule (`+-----+`): text
/// laid out, not code.
fn is_bullet_or_rule(t: &str) -> bool {
    t.starts_with("- ") || t.starts_with("* ") || is_rule(t)
}

/// A table's rule, one for each column or across them all (`+-----+`,
/// `----------    --------`).
fn is_rule(t: &str) -> bool {
    t.bytes().filter(|b| *b != b' ').count() >= 3 && t.bytes().all(|b| matches!(b, b'-' | b'+' | b'=' | b'|' | b' '))
}

/// A registry key, quoted or not: `HKEY_LOCAL_MACHINE\...`, `HKLM\...`,
/// `HKCU:\Software` (a hive's short name, with or without what follows it;
/// `HKU` only before a backslash).
fn is_registry_key(t: &str) -> bool {
    let upper = t.trim_start_matches(['"', '\'', '`']).to_ascii_uppercase();
    ["HKEY_", "HKLM", "HKCU", "HKCR", "HKU\\"].iter().any(|k| upper.starts_with(k))
}

/// A line shown on its own that is a command, a registry key or a path
/// rather than words: `HKEY_LOCAL_MACHINE\...`, `C:\SMS`, `net stop
/// spooler`, `"change user /install" (without the quotation marks)`.
pub(super) fn looks_like_code(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    let Some(first) = words.first() else { return false };
    let bare = first.trim_start_matches(['"', '\'', '`']);
    if is_registry_key(bare) {
        return true;
    }
    if words.len() > 10 || t.ends_with([':', ',', ';']) || starts_note(t) {
        return false;
    }
    // A quoted command (`" sys c: " (without the quotation marks)`).
    if t.starts_with('"') && (t.ends_with('"') || t.ends_with("(without the quotation marks)")) {
        return true;
    }
    let sentence_end = t.ends_with('.') && !t.ends_with("..");
    let path = |w: &str| {
        let w = w.trim_matches(['"', '\'', '`']);
        w.contains(":\\") || w.starts_with(['\\', '%', '<']) || (w.contains('\\') && !w.contains(' ')) || w.contains('/') && !w.starts_with("http") && w.len() > 2 && w.starts_with('/')
    };
    let switch = words.iter().skip(1).any(|w| {
        let w = w.trim_matches(['"', '\'', '`']);
        (w.starts_with('/') || w.starts_with('-')) && w.len() > 1 && w[1..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '?')
    });
    if path(bare) || switch || words.iter().any(|w| w.contains(":\\")) {
        return !sentence_end || words.len() <= 3;
    }
    // A short lower-case command line (`regedit`, `net stop spooler`).
    !sentence_end && words.len() <= 6 && bare.starts_with(|c: char| c.is_ascii_lowercase())
}
