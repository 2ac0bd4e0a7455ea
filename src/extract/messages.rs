//! Messages an article quotes, kept as templates with their placeholders.
//!
//! KB articles quote a message as a block indented two more spaces than the
//! sentence that leads into it ("you receive the following error message:"),
//! blocks each under a short line naming its case ("For version 1.0:"), or
//! one bulleted item per message ("- Remote server disconnected."); list
//! items do the same with their hanging indent ("6. ... You may see" /
//! "   a dialog box ..."). Articles also quote inline ("the message
//! "Starting MS-DOS..." appears", "a "Path too long" error message"), list
//! status messages as `Message ID: 2328 - text`, and blog posts put messages
//! in bold (passed in as `emphasized`) or in the paragraph after a lead-in
//! that ends with a colon. A quoted SMS component log is read line by line
//! (`crate::logs::sms_messages`, the log grammar's): each line's message is
//! one, as a paste of one or two of its lines shows it.
//!
//! Every message has its white space collapsed: wrapped lines are joined with
//! one space, which is also how pasted log entries are stored.
use crate::article::Section;
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

/// Words in the sentence before an indented block that say the block is
/// something the product printed.
static LEAD_IN_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:errors?|messages?|warnings?|appears?|appeared|displayed|displays|logged|logs?|log\s+files?|entry|entries|text|following|similar|reports?|reported|returns?|returned|states?|says|reads|prompts?|dialog|event|output|generated|occurs?|shows?|lists?|records?|contains?|fails?\s+with|you\s+(?:may\s+|might\s+|will\s+|then\s+|also\s+|can\s+)?(?:see|receive|get|notice|observe))(?-u:\b)|\.log(?-u:\b)",
    )
    .expect("lead-in pattern")
});

/// Lead-ins to what is not a message: references, file tables, procedures.
static NOT_LEAD_IN_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)knowledge\s*base|(?-u:\b)articles?(?-u:\b)|file\s+attributes|following\s+(?:steps|procedure|methods?|files?|table|products?|versions?|keys?|values?|lines?|sections?|settings|options|syntax|code|command)|registry|hotfix|for\s+more\s+information|additional\s+information",
    )
    .expect("not lead-in pattern")
});

/// Words that make a lead-in a lead-in whatever else it says.
static STRONG_LEAD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:errors?|messages?|warnings?|logged|appears?|displayed)(?-u:\b)|\.log(?-u:\b)")
        .expect("strong lead-in pattern")
});

/// The narrower lead-in for a list item's own first line, whose hanging
/// lines then carry the message.
static LINE_LEAD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:errors?|messages?|warnings?|appears?|displayed|logged|log\s+files?|you\s+(?:may\s+|might\s+|will\s+|then\s+|also\s+)?(?:see|receive|get|notice|observe))(?-u:\b)|\.log(?-u:\b)",
    )
    .expect("line lead-in pattern")
});

/// A lead-in that introduces code or a command rather than a message.
static CODE_LEAD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:code|sample|script|syntax|statements?|commands?|type\s+the\s+following|macro|program\s+listing|procedure)(?-u:\b)")
        .expect("code lead-in pattern")
});

/// The stricter lead-in for a non-indented paragraph after a colon (blogs).
static STRICT_LEAD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:errors?|messages?|logged|log|event|warnings?|exception|entry|entries|output)(?-u:\b)|\.log(?-u:\b)")
        .expect("strict lead-in pattern")
});

/// `Message ID: 2328 - SMS Distribution Manager failed to ...`.
static MESSAGE_ID_LINE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:status\s+)?message\s+id\s*:?\s*[0-9]{1,5}\s*(?:-|–|:)\s*(\S.*)$")
        .expect("message id line pattern")
});

/// A quoted stretch of text: `"Unable to open the site database"`.
static QUOTE_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"["“]([^"“”]{12,400})["”]"#).expect("quote pattern"));

/// A word just before a quote that says the quote is a message.
static QUOTE_LEAD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:errors?|messages?|msg|warnings?|text|states?|says?|reads?|prompts?|following|displays?|reports?|returns?|receive|see)(?-u:\b)",
    )
    .expect("quote lead-in pattern")
});

/// What a quote is, said right after it: `"Path too long" error message`,
/// `the "Update Conflict" message`.
static QUOTE_NAMED_AFTER_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^,?\s+(?:error\s+)?(?:messages?|errors?|warnings?)(?-u:\b)").expect("quote named after pattern"));

/// A list marker: `1.`, `a.`, `-`, `*`.
static LIST_MARKER_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[0-9]{1,2}[.)]|[a-z][.)]|[-*•])\s").expect("list marker pattern"));

/// The description in an event block: `... Description: text`.
static DESCRIPTION_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)description\s*:\s*(\S.*)$").expect("description pattern"));

/// A reference to another article: `Q256986 Title`.
static KB_REFERENCE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^Q[0-9]{5,7}(?-u:\b)").expect("kb reference pattern"));

/// Messages longer than this are whole passages, not messages.
const MAX_MESSAGE_CHARS: usize = 1500;

/// One line of a section: its indentation (columns) and its text.
struct Line<'a> {
    indent: usize,
    text: &'a str,
}

/// A line as the log grammar reads it ([`logs::sms_messages`]): its text.
impl AsRef<str> for Line<'_> {
    fn as_ref(&self) -> &str {
        self.text
    }
}

/// The quoted messages of an article, in order, de-duplicated.
pub fn extract(sections: &[Section], emphasized: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for s in sections {
        section_messages(&s.text, &mut out);
    }
    for e in emphasized {
        let m = collapse(e);
        if looks_like_message(&m) && !m.ends_with(':') && m.split(' ').count() >= 3 {
            out.push(m);
        }
    }
    let mut seen = HashSet::new();
    out.retain(|m| seen.insert(m.to_lowercase()));
    out
}

fn indent_of(line: &str) -> usize {
    let mut col = 0;
    for c in line.chars() {
        match c {
            ' ' => col += 1,
            '\t' => col = (col / 8 + 1) * 8,
            _ => break,
        }
    }
    col
}

/// Paragraphs: runs of non-blank lines.
fn paragraphs(text: &str) -> Vec<Vec<Line<'_>>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for raw in text.lines() {
        if raw.trim().is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        cur.push(Line { indent: indent_of(raw), text: raw.trim() });
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

use crate::logs::{self, collapse};

/// The lines' words joined by single spaces: `collapse` of the lines joined
/// with a space, built without the joined copy.
fn join(lines: &[Line<'_>]) -> String {
    let mut out = String::with_capacity(lines.iter().map(|l| l.text.len() + 1).sum());
    for w in lines.iter().flat_map(|l| l.text.split_whitespace()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// The end of a paragraph: where its lead-in, if any, is.
fn tail(lines: &[Line<'_>]) -> String {
    let from = lines.len().saturating_sub(4);
    let t = join(&lines[from..]);
    let cut = t.len().saturating_sub(300);
    let cut = t.ceil_char_boundary(cut);
    t[cut..].to_string()
}

fn section_messages(text: &str, out: &mut Vec<String>) {
    let paras = paragraphs(text);
    let mut k = 0;
    while k < paras.len() {
        let p = &paras[k];
        if push_logged(p, out) {
            k += 1;
            continue;
        }
        inline_messages(p, out);
        let base = p[0].indent;
        // A paragraph of the quoted block: indented under the lead-in.
        let indented = |q: &[Line<'_>]| q[0].indent >= base + 2;
        let next_indented = paras.get(k + 1).is_some_and(|n| indented(n) || is_bare_marker(n));
        let ends_with_colon = p.last().is_some_and(|l| l.text.ends_with(':'));
        // Only a paragraph that something could follow is read for a lead-in.
        let lead = if next_indented || ends_with_colon { tail(p) } else { String::new() };
        let is_lead_in = !lead.is_empty()
            && LEAD_IN_RE.is_match(&lead)
            && (!NOT_LEAD_IN_RE.is_match(&lead) || STRONG_LEAD_RE.is_match(&lead));
        // Indented paragraphs right after the lead-in are the quoted block.
        let mut j = k + 1;
        if is_lead_in {
            let code = CODE_LEAD_RE.is_match(&lead) && !STRICT_LEAD_RE.is_match(&lead);
            // Only a lead-in that names a message carries on past a line
            // naming the case ("... the following error may appear:").
            let carries_on = !code && STRONG_LEAD_RE.is_match(&lead);
            while let Some(pj) = paras.get(j) {
                if indented(pj) || is_bare_marker(pj) {
                    if !code && !is_bare_marker(pj) {
                        block_messages(pj, out);
                    }
                } else if !(carries_on && is_qualifier(pj) && paras.get(j + 1).is_some_and(|n| indented(n))) {
                    break;
                }
                j += 1;
            }
            // Blog style: the message is the next, unindented paragraph.
            if j == k + 1
                && lead.ends_with(':')
                && STRICT_LEAD_RE.is_match(&lead)
                && !CODE_LEAD_RE.is_match(&lead)
                && let Some(next) = paras.get(k + 1)
                && logs::sms_messages(next).is_empty()
            {
                let m = join(next);
                if next.len() <= 4 && m.len() <= 400 && !LIST_MARKER_RE.is_match(next[0].text) && !m.ends_with(':') {
                    push_message(m, out);
                }
            }
            // "... one of the following error messages:" then a bulleted
            // item per message at the lead-in's own indentation.
            // The items are still read as paragraphs after (one that ends
            // in a colon may lead into a block of its own).
            if j == k + 1 && BULLETED_LEAD_RE.is_match(&lead) && !NOT_BULLETED_LEAD_RE.is_match(&lead) {
                let items = paras[j..].iter().map_while(|p| bulleted_item(p, base));
                for item in items.take_while(|item| !item.ends_with(':')) {
                    push_message(item, out);
                }
            }
        }
        k = if j > k + 1 { j } else { k + 1 };
    }
}

/// A lead-in that says the messages follow, one per bulleted item ("you
/// may receive one of the following error messages:").
static BULLETED_LEAD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)following\s+(?:error\s+|warning\s+)?messages?(?-u:\b)").expect("bulleted lead-in pattern")
});

/// What a lead-in naming messages introduces when it is not the messages:
/// the ways to avoid them, their causes, their kinds.
static NOT_BULLETED_LEAD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:avoid|solutions?|ways|types|kinds|described|fix|reasons?|causes?|covers)").expect("not bulleted lead-in pattern")
});

/// A bulleted item ("- Remote server disconnected.") at `indent`, its
/// wrapped lines joined, without its bullet.
fn bulleted_item(p: &[Line<'_>], indent: usize) -> Option<String> {
    if p[0].indent != indent {
        return None;
    }
    let item = join(p);
    item.strip_prefix("- ").or_else(|| item.strip_prefix("* ")).map(str::to_string)
}

/// A short line that says which case the quoted block under it is ("For
/// version 1.0:", "On Windows NT:", "At the site server:") between a lead-in
/// and its blocks: the lead-in carries on past it ("the following error may
/// appear:" / "For version 1.0:" / the message / "For version 7.0:" / the
/// other). Not a list item, and not a line that leads into code,
/// commands or what it announces itself ("Unregister the library as
/// follows:", [`NOT_A_CASE`]).
fn is_qualifier(p: &[Line<'_>]) -> bool {
    let t = p[0].text;
    p.len() == 1
        && t.ends_with(':')
        && t.split_whitespace().count() <= QUALIFIER_WORDS
        && !LIST_MARKER_RE.is_match(t)
        && !CODE_LEAD_RE.is_match(t)
        && !NOT_LEAD_IN_RE.is_match(t)
        && t != "To:"
        && !NOT_A_CASE.iter().any(|w| t.to_lowercase().contains(w))
}

/// Words of a short line ending in a colon that announce what follows
/// rather than name a case: a command to type, a correction ("On page
/// 274, change:", "This should read:").
const NOT_A_CASE: [&str; 4] = ["follow", "type", "change", "should read"];

/// The most words of a line that qualifies a quoted block ([`is_qualifier`]).
const QUALIFIER_WORDS: usize = 8;

/// A paragraph that is only a bullet (`-`), as when each quoted message of
/// a block is its own list item.
fn is_bare_marker(p: &[Line<'_>]) -> bool {
    p.len() == 1 && matches!(p[0].text, "-" | "*" | "•" | "o")
}

/// Messages inside one paragraph: `Message ID: N - text` lines, quotes after
/// a lead-in word, and a list item's hanging lines after a lead-in.
fn inline_messages(p: &[Line<'_>], out: &mut Vec<String>) {
    for (i, l) in p.iter().enumerate() {
        // Cheap test first: most lines name no message ID.
        if !l.text.contains("ID") && !l.text.contains("id") && !l.text.contains("Id") {
            continue;
        }
        if let Some(c) = MESSAGE_ID_LINE_RE.captures(l.text) {
            let more: Vec<&str> = p[i + 1..].iter().take_while(|x| x.indent > l.indent).map(|x| x.text).collect();
            push_message(collapse(&format!("{} {}", &c[1], more.join(" "))), out);
        }
    }
    // Two single-character searches (memchr) rather than one over a set of
    // characters, which decodes every character.
    if p.iter().any(|l| l.text.contains('"') || l.text.contains('“')) {
        let joined = join(p);
        let joined = joined.as_str();
        for c in QUOTE_RE.captures_iter(joined) {
            let Some(whole) = c.get(0) else { continue };
            // The lead word comes shortly before, in the same sentence.
            let from = joined.ceil_char_boundary(whole.start().saturating_sub(50));
            let before = &joined[from..whole.start()];
            let before = before.rsplit(['.', '"', '“', '”']).next().unwrap_or("");
            let q = collapse(&c[1]);
            let named_after = QUOTE_NAMED_AFTER_RE.is_match(&joined[whole.end()..]);
            if (QUOTE_LEAD_RE.is_match(before) || named_after) && q.split(' ').count() >= 3 {
                push_message(q, out);
            }
        }
    }
    // A list item (hanging indent) whose first line leads in.
    if p.len() >= 2
        && p[1..].iter().all(|l| l.indent >= p[0].indent + 2)
        && LINE_LEAD_RE.is_match(p[0].text)
        && !MESSAGE_ID_LINE_RE.is_match(p[0].text)
    {
        let m = join(&p[1..]);
        if m.split(' ').count() >= 3 {
            push_message(m, out);
        }
    }
}

/// A component log quoted in a paragraph (`message  $$<COMPONENT><time>`,
/// lead-in or none: the tails say what it is): each line's message is one,
/// as a paste of one or two of its lines shows it ([`logs::sms_messages`]).
/// Whether it was one.
fn push_logged(p: &[Line<'_>], out: &mut Vec<String>) -> bool {
    let lines = logs::sms_messages(p);
    let found = !lines.is_empty();
    for message in lines {
        push_message(message, out);
    }
    found
}

/// One indented paragraph of a quoted block.
fn block_messages(p: &[Line<'_>], out: &mut Vec<String>) {
    let m = join(p);
    if let Some(c) = MESSAGE_ID_LINE_RE.captures(&m) {
        push_message(collapse(&c[1]), out);
        return;
    }
    if push_logged(p, out) {
        return;
    }
    if looks_like_code(p) {
        return;
    }
    // An event block: the description is what a pasted event shows.
    if let Some(c) = DESCRIPTION_RE.captures(&m)
        && m.to_ascii_lowercase().contains("event")
    {
        push_message(collapse(&c[1]), out);
    }
    push_message(m, out);
}

/// A code's system text as a task sequence writes it after a failure
/// (`The parameter is incorrect. (Error: 80070057; Source: Windows)`):
/// the code rendered, the same after every failure that ends in it, not a
/// message of its own.
static CODE_RENDERING_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^()]{1,100}\(Error: (?:0x)?[0-9A-Fa-f]{1,8}; Source: [A-Za-z ]{1,20}\)\.?$").expect("code rendering pattern")
});

fn push_message(m: String, out: &mut Vec<String>) {
    if looks_like_message(&m) {
        out.push(m);
    }
}

/// Not a registry key, path, URL or file name alone; has words; not a passage.
fn looks_like_message(m: &str) -> bool {
    if m.is_empty() || m.chars().count() > MAX_MESSAGE_CHARS {
        return false;
    }
    if !m.chars().any(char::is_alphabetic) {
        return false;
    }
    if KB_REFERENCE_RE.is_match(m)
        || CODE_RENDERING_RE.is_match(m)
        || m.contains("--------")
        || m.contains("========")
        || m.starts_with("+-")
    {
        return false;
    }
    let up = m.to_ascii_uppercase();
    let single = !m.contains(' ');
    // A lone word (`or`, `-and/or-`) joins quoted messages; it is not one.
    if single && !m.contains(':') {
        return false;
    }
    if (up.starts_with("HKEY_") || up.starts_with("HKLM\\") || up.starts_with("HKCU\\"))
        && (single || !m.contains(". "))
    {
        return false;
    }
    if single {
        let is_path = m.contains('\\') || m.contains('/') || m.contains("://");
        let is_file = m.rsplit_once('.').is_some_and(|(s, e)| !s.is_empty() && (1..=4).contains(&e.len()));
        if is_path || is_file {
            return false;
        }
    }
    true
}

/// Source code: several lines ending in `;`, `{` or `}`, or assignment lines.
fn looks_like_code(p: &[Line<'_>]) -> bool {
    let codey = p
        .iter()
        .filter(|l| {
            let t = l.text;
            t.ends_with(';') || t.ends_with('{') || t == "}" || t.starts_with("//") || t.starts_with("#include")
        })
        .count();
    codey >= 2 || (p.len() == 1 && codey == 1 && p[0].text.contains('('))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sec(text: &str) -> Vec<Section> {
        vec![Section { name: "SYMPTOMS".into(), text: text.into() }]
    }

    #[test]
    fn a_codes_text_as_a_task_sequence_writes_it_is_no_message() {
        let text = "SMSTS.log shows:\n\n  Failed to run the action: Format Disk.\n\n  \
                    The parameter is incorrect. (Error: 80070057; Source: Windows)\n";
        assert_eq!(extract(&sec(text), &[]), vec!["Failed to run the action: Format Disk."]);
    }

    #[test]
    fn indented_block_after_lead_in_is_joined() {
        let text = "When the sender starts, the following error message may appear in the\nSender.log file:\n\n  Cannot connect to the remote site <site code>; the\n  address is not valid.\n\nThis happens when the address is wrong.\n";
        assert_eq!(
            extract(&sec(text), &[]),
            vec!["Cannot connect to the remote site <site code>; the address is not valid."]
        );
    }

    #[test]
    fn a_quoted_component_log_gives_a_message_per_line() {
        // Sitecomp.log as Q227010 quotes it: tails wrapped onto the next line.
        let text = "The Sitecomp.log will show information similar to the following:\n\n   \
                    Starting bootstrap operations...\n   $$<SMS_SITE_COMPONENT_MANAGER>\n   \
                    <Fri Mar 26 10:43:41.547 1999 Eastern Standard Time><thread=281 (0x119)>\n   \
                    Component file list item in the install map does not contain Srvboot.exe.\n   \
                    $$<SMS_SITE_COMPONENT_MANAGER><Fri Mar 26 10:43:41.547 1999><thread=281 (0x119)>\n   \
                    Bootstrap operations aborted.  $$<SMS_SITE_COMPONENT_MANAGER>\n   \
                    <Fri Mar 26 10:43:41.547 1999 Eastern Standard Time><thread=281 (0x119)>\n";
        assert_eq!(
            extract(&sec(text), &[]),
            vec![
                "Starting bootstrap operations...",
                "Component file list item in the install map does not contain Srvboot.exe.",
                "Bootstrap operations aborted."
            ]
        );
        // Written at the lead-in's own indentation: the tails say it is a log.
        let text = "For example, you may see the following text in the Dataloader log:\n\n\
                    CGroup::DefineAttributes - couldn't defined attribute  $$<SMS_INVENTORY_DATA_LOADER>\n\
                    131.24.25.0  $$<SMS_INVENTORY_DATA_LOADER>\n\
                    ~Cannot process MIF XGY6OD1Q5.MIF, moving it to BADMIFS\n\n\
                    Type G$$<TrustedDomainName> in the box.\n";
        assert_eq!(
            extract(&sec(text), &[]),
            vec!["CGroup::DefineAttributes - couldn't defined attribute", "Cannot process MIF XGY6OD1Q5.MIF, moving it to BADMIFS"]
        );
    }

    #[test]
    fn a_line_naming_the_case_carries_the_lead_in_to_its_blocks() {
        let text = "When you open another's book, the following error may appear:\n\nFor version 1.0:\n\n  \
                    The schedule file could not be opened.\n\nFor version 7.0:\n\n  The schedule cannot be opened.\n\n\
                    Unregister the library as follows:\n\n  regsvr32 -u mfc42.dll\n\n\
                    The files are in one of the following folders:\n\n  C:\\Office\\Templates\n\n\
                    Windows 2000:\n\n  C:\\Documents and Settings\\Templates\n";
        assert_eq!(extract(&sec(text), &[]), vec!["The schedule file could not be opened.", "The schedule cannot be opened."]);
    }

    #[test]
    fn bulleted_messages_at_the_lead_ins_indentation() {
        let text = "When you connect, you may receive one of the following error messages:\n\n\
                    - Remote server disconnected.\n\n- There was no answer at the number\n  you are dialing.\n\n\
                    CAUSE follows.\n\nThe following error messages have two causes:\n\n- The modem hangs up.\n";
        assert_eq!(
            extract(&sec(text), &[]),
            vec!["Remote server disconnected.", "There was no answer at the number you are dialing."]
        );
    }

    #[test]
    fn several_messages_in_one_block() {
        let text = "You may receive one of these error messages:\n\n  Setup Error 721\n  The files are damaged.\n\n  Setup Error 722\n  The disk is full.\n\nCAUSE follows.\n";
        assert_eq!(
            extract(&sec(text), &[]),
            vec!["Setup Error 721 The files are damaged.", "Setup Error 722 The disk is full."]
        );
    }

    #[test]
    fn placeholders_are_kept_as_written() {
        let text = "The status message reads:\n\n  Distribution Manager failed to copy package %1 from <source path>, xxx retries.\n";
        assert_eq!(
            extract(&sec(text), &[]),
            vec!["Distribution Manager failed to copy package %1 from <source path>, xxx retries."]
        );
    }

    #[test]
    fn message_id_lines_keep_the_text_after_the_id() {
        let text = "Look in the status viewer for:\n\n  Message ID: 2328 - SMS Distribution Manager failed to copy package <package ID>\n    from the source.\n";
        assert_eq!(
            extract(&sec(text), &[]),
            vec!["SMS Distribution Manager failed to copy package <package ID> from the source."]
        );
        let text = "Status messages:\nMessage ID: 4404 - Inbox Manager could not copy a file.\n";
        assert_eq!(extract(&sec(text), &[]), vec!["Inbox Manager could not copy a file."]);
    }

    #[test]
    fn event_block_gives_whole_block_and_description() {
        let text = "The following event is logged:\n\n  Event ID: 2000\n  Source: Srv\n  Description: The server's call to a system service failed.\n";
        assert_eq!(
            extract(&sec(text), &[]),
            vec![
                "The server's call to a system service failed.",
                "Event ID: 2000 Source: Srv Description: The server's call to a system service failed."
            ]
        );
    }

    #[test]
    fn list_item_hanging_lines_after_a_lead_in() {
        let text = "1. Stop the service.\n\n2. Make sure clients poll the server. You may see\n  a box saying the client is being reconfigured.\n\n3. Restart.\n";
        assert_eq!(extract(&sec(text), &[]), vec!["a box saying the client is being reconfigured."]);
    }

    #[test]
    fn inline_quoted_message() {
        let text = "When you start the tool, you receive the error message \"Unable to open the site database\" and\nthe tool quits.\n";
        assert_eq!(extract(&sec(text), &[]), vec!["Unable to open the site database"]);
    }

    #[test]
    fn quoted_message_named_after_the_quote() {
        let text = "Opening the folder gives a \"Failed to get Inbox\" error message, and \"Out of memory\"\nerrors follow; \"Save As\" appears and \"the quick brown fox\" is text.\n";
        assert_eq!(extract(&sec(text), &[]), vec!["Failed to get Inbox", "Out of memory"]);
    }

    #[test]
    fn registry_keys_paths_and_code_are_not_messages() {
        let text = "Locate the following registry key and the error value:\n\n  HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components\n\nThe log file is in:\n\n  C:\\SMS\\Logs\\distmgr.log\n\nUse the following sample code:\n\n  x = Open(a);\n  y = Close(b);\n";
        assert_eq!(extract(&sec(text), &[]), Vec::<String>::new());
    }

    #[test]
    fn references_and_tables_are_not_messages() {
        let text = "For more information, click the article number below:\n\n  Q123456 How to Do Something\n\nThe following error message files have these attributes:\n\n  Date Time Version File name\n  --------------------------------\n  01-Mar-2001 17:45 2.0.1 Distmgr.dll\n";
        assert_eq!(extract(&sec(text), &[]), Vec::<String>::new());
    }

    #[test]
    fn blocks_without_lead_in_are_skipped() {
        let text = "To install it, follow these steps\n\n  Run the setup program now\n";
        assert_eq!(extract(&sec(text), &[]), Vec::<String>::new());
    }

    #[test]
    fn blog_paragraph_after_colon_and_emphasized() {
        let text = "I found this error in the setup log:\n\nERROR: Failed to write string to registry on the SQL server\n\nThen I fixed it.\n";
        let emph = vec![
            "distmgr.log".to_string(),
            "Cause:".to_string(),
            "The inbox monitor took too long to complete a cycle.".to_string(),
        ];
        assert_eq!(
            extract(&sec(text), &emph),
            vec![
                "ERROR: Failed to write string to registry on the SQL server",
                "The inbox monitor took too long to complete a cycle."
            ]
        );
    }

    #[test]
    fn bulleted_messages_each_in_its_own_item() {
        let text = "You may get one of the following error messages:\n\n- \n\n  The first message text here.\n\n- \n\n  The second message text here.\n";
        assert_eq!(extract(&sec(text), &[]), vec!["The first message text here.", "The second message text here."]);
    }

    #[test]
    fn duplicates_removed_in_order() {
        let text = "You see this message:\n\n  Access is denied.\n\nLater you see this message again:\n\n  access is   denied.\n";
        assert_eq!(extract(&sec(text), &[]), vec!["Access is denied."]);
    }

    #[test]
    fn empty_input() {
        assert_eq!(extract(&[], &[]), Vec::<String>::new());
        assert_eq!(extract(&sec(""), &["".to_string()]), Vec::<String>::new());
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn extract_never_panics(s in ".{0,400}", e in ".{0,100}") {
                let _ = extract(&super::sec(&s), &[e]);
            }

            #[test]
            fn extract_never_panics_on_indented_text(s in "(\n|  |\t|error message:|- |1\\. |Message ID: 12 - |\"|[a-z ]){0,150}") {
                for m in extract(&super::sec(&s), &[]) {
                    prop_assert!(!m.is_empty());
                }
            }
        }
    }
}
