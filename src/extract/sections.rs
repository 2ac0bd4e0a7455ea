//! Sections of a KB article: names underlined with `=====`.
//!
//! Almost every KB section name is upper case (`SYMPTOMS`, `MORE
//! INFORMATION`), but long articles (readme files, guides) use their own,
//! sometimes Title Case, names; what marks a section is the `=` underline of
//! the same length as the name, after a blank line. Sub-headings underlined
//! with `-----` stay inside their section's text: the steps extractor reads
//! them as the context of the procedures below them.
use crate::article::Section;

/// Name of the text between the header box and the first section, when it
/// holds anything (old articles without sections are all introduction).
pub const INTRODUCTION: &str = "INTRODUCTION";

/// Longest line taken as a section name; longer ones are prose that happens
/// to sit above a rule.
const MAX_NAME_CHARS: usize = 80;

/// How far the underline length may differ from the name's.
const UNDERLINE_SLACK: usize = 3;

/// Split a KB article body into sections, in order.
///
/// The header block, the "applies to" box and the trailing footer
/// (`Additional query words:`, `Keywords :` ..., the disclaimer) are not
/// part of any section. Each section's text is de-indented by its common
/// leading indentation (relative indentation is kept: indented lines are
/// quoted messages, registry keys and step continuations), line ends are
/// trimmed and surrounding blank lines dropped.
pub fn split_kb(body: &str) -> Vec<Section> {
    let lines: Vec<&str> = body.lines().map(|l| l.trim_end()).collect();
    let end = footer_start(&lines);
    let lines = &lines[..end];
    let start = content_start(lines);

    let mut sections = Vec::new();
    let mut name = INTRODUCTION.to_string();
    let mut from = start;
    let mut i = start;
    while i < lines.len() {
        if is_heading(lines, i) {
            push_section(&mut sections, &name, &lines[from..i]);
            name = lines[i].split_whitespace().collect::<Vec<_>>().join(" ");
            i += 2;
            from = i;
        } else {
            i += 1;
        }
    }
    push_section(&mut sections, &name, &lines[from.min(lines.len())..]);
    sections
}

fn push_section(out: &mut Vec<Section>, name: &str, lines: &[&str]) {
    let text = dedent(lines);
    // The introduction exists only when it says something; named sections
    // are kept even when empty, so the article's outline stays whole.
    if name == INTRODUCTION && out.is_empty() && text.is_empty() {
        return;
    }
    out.push(Section { name: name.to_string(), text });
}

fn is_rule(line: &str, ch: u8) -> bool {
    let t = line.trim();
    t.len() >= 3 && t.bytes().all(|b| b == ch)
}

/// Line `i` is a section name: underlined by `=` of about its length,
/// preceded by a blank line (or the start), short, and not prose.
fn is_heading(lines: &[&str], i: usize) -> bool {
    let Some(under) = lines.get(i + 1) else { return false };
    if !is_rule(under, b'=') {
        return false;
    }
    let name = lines[i].trim();
    let n = name.chars().count();
    if n == 0 || n > MAX_NAME_CHARS || n.abs_diff(under.trim().len()) > UNDERLINE_SLACK {
        return false;
    }
    if i > 0 && !lines[i - 1].trim().is_empty() && !is_rule(lines[i - 1], b'-') {
        return false;
    }
    if !name.chars().any(char::is_alphabetic)
        || name.ends_with('.')
        || name.contains("   ")
        || name.to_ascii_lowercase().starts_with("additional query words")
    {
        return false;
    }
    true
}

/// Index of the first footer line, or `lines.len()`.
fn footer_start(lines: &[&str]) -> usize {
    let mut end = lines.len();
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_start();
        if t.starts_with(super::kb_header::QUERY_WORDS)
            || t.starts_with("THE INFORMATION PROVIDED IN THE MICROSOFT KNOWLEDGE BASE")
            || t.starts_with("Copyright Microsoft Corporation")
        {
            end = i;
            break;
        }
        // The footer's long rule followed by `Keywords :` and friends.
        if t.len() >= 40 && is_rule(t, b'=') && next_is_footer_field(&lines[i + 1..]) {
            end = i;
            break;
        }
    }
    end
}

fn next_is_footer_field(rest: &[&str]) -> bool {
    let Some(next) = rest.iter().find(|l| !l.trim().is_empty()) else { return true };
    let Some((key, _)) = next.split_once(':') else { return false };
    matches!(
        key.trim().to_ascii_lowercase().as_str(),
        "keywords" | "technology" | "version" | "issue type" | "solution type" | "hardware" | "platform"
    )
}

/// Index of the first line after the header block and the "applies to"
/// box (and any page chrome before the header).
fn content_start(lines: &[&str]) -> usize {
    const HEADER_KEYS: [&str; 12] = [
        "article:",
        "product(s):",
        "version(s):",
        "operating system(s):",
        "keyword(s):",
        "last modified:",
        "document:",
        "title   :",
        "product :",
        "prod/ver:",
        "oper/sys:",
        "keywords:",
    ];
    let is_header = |l: &str| {
        let t = l.trim_start().to_ascii_lowercase();
        HEADER_KEYS.iter().any(|k| t.starts_with(k))
    };
    // Page chrome of a saved page may come first: start at `Article:` if it
    // is near the top.
    let header = lines.iter().take(13).position(|l| {
        let t = l.trim_start();
        t.starts_with("Article:") || t.starts_with("DOCUMENT:")
    });
    let mut i = header.unwrap_or(0);
    if header.is_some() {
        while i < lines.len() && is_header(lines[i]) {
            i += 1;
        }
    }
    skip_applies_to_box(lines, i)
}

/// From `i`, skip blank lines, the text files' long `=====` rule and the
/// "applies to" box; return where the article text starts (`i` when there
/// is no box).
fn skip_applies_to_box(lines: &[&str], i: usize) -> usize {
    let applies_to = |k: usize| {
        lines.get(k).is_some_and(|l| l.trim_start().starts_with("The information in this article applies to"))
    };
    // Some old pages keep a few short leftover header lines (`3.00 3.10`,
    // `WINDOWS`, `kbprg`) between the header and the box; the text files
    // have a long `=====` rule there.
    let Some(j) = (i..lines.len().min(i + 12)).find(|&k| applies_to(k)) else { return i };
    let between = &lines[i..j];
    let opener = j > i && is_rule(lines[j - 1], b'-');
    let leftovers_only = between[..between.len() - usize::from(opener)]
        .iter()
        .all(|l| is_rule(l, b'=') || (l.trim().len() < 40 && !is_rule(l, b'-')));
    if !leftovers_only {
        return i;
    }
    // The box closes with a dash rule; without one, it ends at the first
    // line that is neither blank, a `- product` item nor its continuation.
    let mut k = j + 1;
    while k < lines.len() && k <= j + 80 {
        let l = lines[k];
        if is_rule(l, b'-') {
            return k + 1;
        }
        let t = l.trim_start();
        if !(t.is_empty() || t.starts_with('-') || l.starts_with(' ')) {
            return k;
        }
        k += 1;
    }
    k.min(lines.len())
}

/// Remove the common leading indentation, drop surrounding blank lines.
fn dedent(lines: &[&str]) -> String {
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    let (Some(first), Some(last)) = (first, last) else { return String::new() };
    let body = &lines[first..=last];
    let indent = body
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    let mut out = String::new();
    for (n, l) in body.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        // Blank lines may be shorter than the indent; the leading run is
        // ASCII white space, so slicing at `indent` is on a char boundary.
        if l.len() >= indent && !l.trim().is_empty() {
            out.push_str(&l[indent..]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &[Section]) -> Vec<&str> {
        s.iter().map(|s| s.name.as_str()).collect()
    }

    const ARTICLE: &str = "\
Article: Q900001
Product(s): Microsoft Systems Management Server
Version(s): 2.0
Operating System(s): 
Keyword(s): kbsms200
Last Modified: 01-FEB-2002

-------------------------------------------------------------------------------
The information in this article applies to:

- Microsoft Systems Management Server version 2.0 
-------------------------------------------------------------------------------

SYMPTOMS
========

The sender stops and the site server logs this message:

  Cannot connect to the outbox.

CAUSE
=====

A bad job file.

RESOLUTION
==========

To resolve this problem, follow these steps:

1. Stop the sender.

Restarting the Sender
---------------------

2. Start the sender.

MORE INFORMATION
================

Nothing more.


Additional query words: prodsms

======================================================================
Keywords          : kbsms200 
Technology        : kbSMSSearch kbSMS200
Version           : :2.0
Issue type        : kbbug

=============================================================================

THE INFORMATION PROVIDED IN THE MICROSOFT KNOWLEDGE BASE IS PROVIDED \"AS IS\".

Copyright Microsoft Corporation 1986-2002.
";

    #[test]
    fn splits_named_sections_and_drops_header_and_footer() {
        let s = split_kb(ARTICLE);
        assert_eq!(names(&s), vec!["SYMPTOMS", "CAUSE", "RESOLUTION", "MORE INFORMATION"]);
        assert_eq!(
            s[0].text,
            "The sender stops and the site server logs this message:\n\n  Cannot connect to the outbox."
        );
        assert_eq!(s[1].text, "A bad job file.");
        assert_eq!(
            s[2].text,
            "To resolve this problem, follow these steps:\n\n1. Stop the sender.\n\n\
             Restarting the Sender\n---------------------\n\n2. Start the sender."
        );
        assert_eq!(s[3].text, "Nothing more.");
    }

    #[test]
    fn introduction_only_when_it_has_content() {
        let with_note = ARTICLE.replace(
            "SYMPTOMS\n",
            "IMPORTANT: back up the registry first.\n\n  Q256986 Description of the Registry\n\nSYMPTOMS\n",
        );
        let s = split_kb(&with_note);
        assert_eq!(names(&s)[..2], ["INTRODUCTION", "SYMPTOMS"]);
        assert_eq!(s[0].text, "IMPORTANT: back up the registry first.\n\n  Q256986 Description of the Registry");
    }

    #[test]
    fn old_article_without_sections_or_box() {
        let body = "Article: Q40002\nProduct(s): See article\nVersion(s): 4.00\n\
                    Operating System(s): MS-DOS\nKeyword(s): ENDUSER\nLast Modified: 16-DEC-1989\n\n\
                    The editor hangs when you press BACKSPACE.\n\n   IF x=0 GOTO label\n";
        let s = split_kb(body);
        assert_eq!(names(&s), vec!["INTRODUCTION"]);
        assert_eq!(s[0].text, "The editor hangs when you press BACKSPACE.\n\n   IF x=0 GOTO label");
    }

    #[test]
    fn common_indentation_is_removed_relative_kept() {
        let body = "SUMMARY\n=======\n\n    First line.\n      indented more.\n    Back.\n";
        let s = split_kb(body);
        assert_eq!(s[0].text, "First line.\n  indented more.\nBack.");
    }

    #[test]
    fn title_case_names_and_tables_are_told_apart() {
        let body = "Table of Contents\n=================\n\nOne.\n\n\
                    File           Description\n==========================\nx.dll  a file\n\n\
                    The long sentence of prose ends here.\n======================================\n";
        let s = split_kb(body);
        assert_eq!(names(&s), vec!["Table of Contents"]);
        assert!(s[0].text.contains("File           Description"));
        assert!(s[0].text.contains("prose ends here."));
    }

    #[test]
    fn leftover_header_lines_before_the_box_are_skipped() {
        let body = "Article: Q70001\nProduct(s): Microsoft Windows SDK\nVersion(s): WINDOWS:3.1\n\
                    Last Modified: 10-JUN-1999\n\n3.00 3.10\nWINDOWS\nkbprg\n\n-----\n\
                    The information in this article applies to:\n\n- Microsoft Windows SDK 3.1\n-----\n\n\
                    SUMMARY\n=======\n\nText.\n";
        let s = split_kb(body);
        assert_eq!(names(&s), vec!["SUMMARY"]);
    }

    #[test]
    fn text_file_header_is_skipped() {
        let body = "DOCUMENT:Q107244  27-JUL-2001  [sms]\nTITLE   :A readme\nPRODUCT :SMS\n\
                    PROD/VER:winnt:1.0\nOPER/SYS:\nKEYWORDS:smsgeneral\n\n\
                    ======================================================================\n\
                    -----------------------------\nThe information in this article applies to:\n\n \
                    - Microsoft Systems Management Server version 1.0 \n-----------------------------\n\n\
                    SUMMARY\n=======\n\nA readme.\n";
        let s = split_kb(body);
        assert_eq!(names(&s), vec!["SUMMARY"]);
        assert_eq!(s[0].text, "A readme.");
    }

    proptest::proptest! {
        #[test]
        fn any_text_splits_without_panic(s in "(?s).{0,400}") {
            let secs = split_kb(&s);
            let _ = crate::extract::steps::extract(&secs, crate::article::ArticleKind::Kb);
            let _ = crate::extract::kb_header::parse(&s);
        }

        #[test]
        fn article_shaped_text_keeps_trimmed_sections(lines in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::strategy::Just("SYMPTOMS".to_string()),
                proptest::strategy::Just("========".to_string()),
                proptest::strategy::Just(String::new()),
                proptest::strategy::Just("  1. Stop the service.".to_string()),
                proptest::strategy::Just("2. Start it.".to_string()),
                proptest::strategy::Just("Additional query words: x".to_string()),
                "[ -~\u{80}-\u{3000}]{0,30}",
            ],
            0..60,
        )) {
            let body = lines.join("\n");
            let secs = split_kb(&body);
            for s in &secs {
                proptest::prop_assert!(!s.text.starts_with('\n') && !s.text.ends_with('\n'));
                proptest::prop_assert!(!s.text.contains("Additional query words"));
            }
            let _ = crate::extract::steps::extract(&secs, crate::article::ArticleKind::Kb);
        }
    }

    #[test]
    fn large_input_is_linear() {
        // About 1.5 MB of sections, numbered steps and wrapped lines.
        let unit = "RESOLUTION\n==========\n\nTo fix it, follow these steps:\n\n\
                    1. Stop the service on the\n  server.\n\n2. Start it.\n\n";
        let body = unit.repeat(15_000);
        let started = std::time::Instant::now();
        let secs = split_kb(&body);
        let (steps, _) = crate::extract::steps::extract(&secs, crate::article::ArticleKind::Kb);
        assert_eq!(secs.len(), 15_000);
        assert_eq!(steps.len(), 30_000);
        // One long section with one endless step.
        let long = format!("RESOLUTION\n==========\n\n1. Go\n{}", "  more text here\n".repeat(100_000));
        let secs = split_kb(&long);
        let (steps, _) = crate::extract::steps::extract(&secs, crate::article::ArticleKind::Kb);
        assert_eq!(steps.len(), 1);
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "{:?}", started.elapsed());
    }

    #[test]
    fn odd_input_does_not_panic() {
        assert!(split_kb("").is_empty());
        assert!(split_kb("\n\n\n").is_empty());
        let s = split_kb("=====\n=====\nÄÖ\n===\n\u{0}");
        assert!(s.len() <= 2);
        let s = split_kb("Article: Q1\n");
        assert!(s.is_empty());
        // Multi-byte characters in the indentation run are not sliced.
        let s = split_kb("X\n=\n\u{3000}ä\n  b\n");
        assert_eq!(s.len(), 1);
    }
}
