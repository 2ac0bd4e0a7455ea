//! Take a pasted block apart: SMS/ConfigMgr component-log lines, CMTrace
//! lines, event-viewer entries, timestamped lines with a severity, plain text.
//! Component, timestamps, thread and severity are context, not the message.
//!
//! Every entry's message has its white space collapsed (wrapped lines are
//! joined with one space), which is also how article messages are stored, so
//! the two compare directly.

use regex::Regex;
use std::sync::LazyLock;

/// One log entry found in pasted text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LogEntry {
    /// The message itself, wrapper removed.
    pub message: String,
    /// Component (`SMS_DISTRIBUTION_MANAGER`, CMTrace `component=`), if given.
    pub component: Option<String>,
    /// Severity word or CMTrace type (`error`, `warning`, `3`), if given.
    pub severity: Option<String>,
    /// Event source (event-viewer `Source:`), if given.
    pub event_source: Option<String>,
    /// Event ID (event-viewer `Event ID:`), if given.
    pub event_id: Option<u32>,
    /// 1-based line number of the entry's first line in the pasted text.
    pub line: usize,
}

/// A CMTrace record: `<![LOG[message]LOG]!><time="..." component="..." type="3" ...>`.
static CMTRACE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)<!\[LOG\[(.*?)\]LOG\]!>(<[^>]*>?)?").expect("cmtrace pattern")
});

/// `name="value"` attributes of a CMTrace record.
static ATTR_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"([A-Za-z]+)\s*=\s*"([^"]*)""#).expect("attribute pattern"));

/// The SMS component-log tail: `message~  $$<COMPONENT><date time><thread=..>`.
static SMS_TAIL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.*?)[\s~]*\$\$<([^<>]*)>(?:<[^<>]*>)?(?:<thread=[^<>]*>)?\s*$").expect("sms tail pattern")
});

/// ConfigMgr client log line as copied from a viewer: message, component,
/// date and time, thread, separated by tabs (or runs of spaces).
static CLIENT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(.*?)(?:\t+|\s{2,})([A-Za-z][A-Za-z0-9_ .\-]*?)(?:\t+|\s{2,})([0-9]{1,4}[/.\-][0-9]{1,2}[/.\-][0-9]{2,4}\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:[.,][0-9]+)?(?:\s*[AaPp][Mm])?)(?:\t+|\s{2,})([0-9]+\s*\(0x[0-9A-Fa-f]+\))\s*$",
    )
    .expect("client log pattern")
});

/// A leading timestamp (date and time, date, or time; bare, bracketed or in
/// angle brackets), then any `[SERVER]`/`[thread]` brackets, then an optional
/// severity word.
static STAMP_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:<[0-9]{1,4}[/.\-][0-9]{1,2}[/.\-][0-9]{2,4}(?:[ T]+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:[.,][0-9]+)?)?>|\[?[0-9]{1,4}[/.\-][0-9]{1,2}[/.\-][0-9]{2,4}(?:[ T]+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:[.,][0-9]+)?(?:\s?[AP]M)?(?:Z|[+\-][0-9]{2}:?[0-9]{2}|[+\-][0-9]{3})?)?\]?|\[?[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:[.,][0-9]+)?(?:\s?[AP]M)?\]?)[ \t]*(?:\[[^\]\n]{1,40}\][ \t]*)*(?:-[ \t]*)?(?:(error|err|warning|warn|info|information|informational|debug|fatal|critical|verbose|trace|notice|severe)(?-u:\b)[ \t]*:?)?[ \t]*",
    )
    .expect("timestamp pattern")
});

/// `[ERROR] message`, `[WARN] message`.
static BRACKET_SEVERITY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*\[(error|err|warning|warn|info|information|debug|fatal|critical|verbose|trace)\][ \t]*:?[ \t]*")
        .expect("bracket severity pattern")
});

/// `Error: message` at the start of a line.
static BARE_SEVERITY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(error|warning|fatal error|fatal|critical)\s*:\s*\S").expect("severity pattern")
});

/// Event-viewer field labels. `Event ID 7022` (no colon) counts when a number follows.
static LABEL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[\s;,])(event\s*type|event\s*source|event\s*category|event\s*id|eventid|log\s*name|task\s*category|source|category|type|level|date|time|user|computer|keywords|opcode|description)(\s*:|\s+[0-9])",
    )
    .expect("label pattern")
});

/// A line that starts an event-viewer block.
static EVENT_START_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:event\s*type\s*:|event\s*source\s*:|event\s*id\s*:?\s*[0-9]|eventid\s*:?\s*[0-9]|log\s*name\s*:|source\s*:)")
        .expect("event start pattern")
});

/// Most words of an event source written on one line with its message
/// ("Service Control Manager", "Microsoft Windows Search Service").
const MAX_SOURCE_WORDS: usize = 4;

/// Event-viewer severities, longest first.
const EVENT_LEVELS: &[&str] = &[
    "success audit", "failure audit", "audit success", "audit failure", "informational", "information",
    "warning", "critical", "verbose", "error",
];

/// Split pasted text into entries; a multi-line entry is one entry.
pub fn parse(text: &str) -> Vec<LogEntry> {
    let mut out = Vec::new();
    let mut last = 0;
    let mut line_at = LineCounter::new(text);
    for c in CMTRACE_RE.captures_iter(text) {
        let Some(whole) = c.get(0) else { continue };
        parse_lines(&text[last..whole.start()], line_at.line_of(last), &mut out);
        let mut e = LogEntry { message: collapse(&c[1]), line: line_at.line_of(whole.start()), ..Default::default() };
        if let Some(attrs) = c.get(2) {
            for a in ATTR_RE.captures_iter(attrs.as_str()) {
                let v = a[2].trim();
                if v.is_empty() {
                    continue;
                }
                match a[1].to_ascii_lowercase().as_str() {
                    "component" => e.component = Some(v.to_string()),
                    "type" => e.severity = Some(v.to_string()),
                    _ => {}
                }
            }
        }
        if !e.message.is_empty() {
            out.push(e);
        }
        last = whole.end();
    }
    parse_lines(&text[last..], line_at.line_of(last), &mut out);
    out
}

/// Line numbers of byte offsets, for offsets asked in increasing order.
struct LineCounter<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter { text, pos: 0, line: 1 }
    }

    fn line_of(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset > self.pos {
            self.line += self.text.as_bytes()[self.pos..offset].iter().filter(|&&b| b == b'\n').count();
            self.pos = offset;
        }
        self.line
    }
}

/// Collapse all white space runs to one space and trim.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// The entry being built while walking lines.
enum Building {
    None,
    /// Plain (or timestamped) lines joined into one message.
    Text(LogEntry, Vec<String>),
    /// An event-viewer block; `in_description` once `Description:` was seen.
    Event(LogEntry, Vec<String>, bool),
}

fn finish(b: Building, out: &mut Vec<LogEntry>) {
    match b {
        Building::None => {}
        Building::Text(mut e, lines) | Building::Event(mut e, lines, _) => {
            e.message = collapse(&lines.join(" "));
            if !e.message.is_empty() || e.event_id.is_some() {
                out.push(e);
            }
        }
    }
}

fn parse_lines(text: &str, first_line: usize, out: &mut Vec<LogEntry>) {
    let mut cur = Building::None;
    // The XML view after an event's description repeats it: skipped.
    let mut skipping_xml = false;
    for (i, raw) in text.split('\n').enumerate() {
        let line_no = first_line + i;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            finish(std::mem::replace(&mut cur, Building::None), out);
            skipping_xml = false;
            continue;
        }
        if skipping_xml {
            continue;
        }
        // Inside an event description everything is description text.
        if let Building::Event(_, lines, true) = &mut cur {
            if line.trim_start().to_ascii_lowercase().starts_with("event xml:") {
                finish(std::mem::replace(&mut cur, Building::None), out);
                skipping_xml = true;
            } else {
                lines.push(line.to_string());
            }
            continue;
        }
        if let Some(c) = SMS_TAIL_RE.captures(line) {
            // Lines without a tail before this one are the start of its message.
            let (mut e, mut lines) = match std::mem::replace(&mut cur, Building::None) {
                Building::Text(e, lines) if e.component.is_none() && e.severity.is_none() => (e, lines),
                other => {
                    finish(other, out);
                    (LogEntry { line: line_no, ..Default::default() }, Vec::new())
                }
            };
            lines.push(c[1].trim_end_matches(['~', ' ', '\t']).to_string());
            let comp = c[2].trim();
            e.component = (!comp.is_empty()).then(|| comp.to_string());
            finish(Building::Text(e, lines), out);
            continue;
        }
        if let Some(c) = CLIENT_RE.captures(line) {
            finish(std::mem::replace(&mut cur, Building::None), out);
            let e = LogEntry { component: Some(c[2].trim().to_string()), line: line_no, ..Default::default() };
            finish(Building::Text(e, vec![c[1].to_string()]), out);
            continue;
        }
        if EVENT_START_RE.is_match(line) || matches!(cur, Building::Event(..)) && LABEL_RE.is_match(line) {
            let (mut e, mut lines) = match std::mem::replace(&mut cur, Building::None) {
                Building::Event(e, lines, _) => (e, lines),
                other => {
                    finish(other, out);
                    (LogEntry { line: line_no, ..Default::default() }, Vec::new())
                }
            };
            let in_desc = event_fields(line, &mut e, &mut lines);
            cur = Building::Event(e, lines, in_desc);
            continue;
        }
        if let Building::Event(_, lines, in_desc) = &mut cur {
            // Text after the header lines without a `Description:` label.
            lines.push(line.to_string());
            *in_desc = true;
            continue;
        }
        if let Some(m) = stamp(line) {
            finish(std::mem::replace(&mut cur, Building::None), out);
            let e = LogEntry { severity: m.1, line: line_no, ..Default::default() };
            cur = Building::Text(e, vec![m.0.to_string()]);
            continue;
        }
        if let Some(c) = BARE_SEVERITY_RE.captures(line) {
            // Kept in the message: articles quote `Error: ...` with the word.
            finish(std::mem::replace(&mut cur, Building::None), out);
            let e = LogEntry {
                severity: Some(c[1].to_ascii_lowercase()),
                line: line_no,
                ..Default::default()
            };
            cur = Building::Text(e, vec![line.to_string()]);
            continue;
        }
        match &mut cur {
            Building::Text(_, lines) => lines.push(line.to_string()),
            _ => cur = Building::Text(LogEntry { line: line_no, ..Default::default() }, vec![line.to_string()]),
        }
    }
    finish(cur, out);
}

/// A line's message after a leading timestamp / `[ERROR]` prefix, and the severity.
fn stamp(line: &str) -> Option<(&str, Option<String>)> {
    if let Some(c) = STAMP_RE.captures(line) {
        let end = c.get(0).map_or(0, |m| m.end());
        // A bare number such as `12:30:00` with nothing after it is not a log line.
        if end > 0 && end < line.len() {
            return Some((&line[end..], c.get(1).map(|m| m.as_str().to_ascii_lowercase())));
        }
    }
    if let Some(c) = BRACKET_SEVERITY_RE.captures(line) {
        let end = c.get(0).map_or(0, |m| m.end());
        return Some((&line[end..], Some(c[1].to_ascii_lowercase())));
    }
    None
}

/// Read the labelled fields of one event-viewer line into `e`; text that is
/// the event's message goes to `lines`. Returns true once `Description:` began.
fn event_fields(line: &str, e: &mut LogEntry, lines: &mut Vec<String>) -> bool {
    let labels: Vec<(usize, usize, String)> = LABEL_RE
        .captures_iter(line)
        .filter_map(|c| {
            let name = c.get(1)?;
            let sep = c.get(2)?;
            let label = collapse(&name.as_str().to_ascii_lowercase()).replace(' ', "");
            let digit_form = !sep.as_str().trim_start().starts_with(':');
            if digit_form && label != "eventid" {
                return None;
            }
            // For `Event ID 7022` the value starts at the digit.
            let value_start = if digit_form { sep.end() - 1 } else { sep.end() };
            Some((name.start(), value_start, label))
        })
        .collect();
    if labels.is_empty() {
        lines.push(line.to_string());
        return false;
    }
    let before = line[..labels[0].0].trim();
    if !before.is_empty() {
        lines.push(before.to_string());
    }
    for (k, (_, vstart, label)) in labels.iter().enumerate() {
        let vend = labels.get(k + 1).map_or(line.len(), |l| l.0);
        let value = line.get(*vstart..vend).unwrap_or("").trim();
        let is_last = k + 1 == labels.len();
        if label == "description" {
            lines.push(line.get(*vstart..).unwrap_or("").to_string());
            return true;
        }
        let (field, rest) = if is_last { split_value(label, value) } else { (value, "") };
        match label.as_str() {
            "eventid" => {
                let digits: String = field.chars().take_while(char::is_ascii_digit).collect();
                e.event_id = digits.parse().ok();
            }
            "source" | "eventsource" if !field.is_empty() => e.event_source = Some(field.to_string()),
            "type" | "eventtype" | "level" if !field.is_empty() => e.severity = Some(field.to_ascii_lowercase()),
            _ => {}
        }
        if !rest.is_empty() {
            lines.push(rest.to_string());
            return true;
        }
    }
    false
}

/// The last field on a one-line event header runs into the message: take the
/// field's own value and return the rest as message text.
fn split_value<'a>(label: &str, value: &'a str) -> (&'a str, &'a str) {
    let first_word_end = value.find(char::is_whitespace).unwrap_or(value.len());
    let (field, rest) = match label {
        "eventid" => {
            let end = value.find(|c: char| !c.is_ascii_digit()).unwrap_or(value.len());
            (&value[..end], &value[end..])
        }
        "type" | "eventtype" | "level" => {
            let lower = value.to_ascii_lowercase();
            match EVENT_LEVELS.iter().find(|l| lower.starts_with(*l)) {
                Some(l) if value.is_char_boundary(l.len()) => (&value[..l.len()], &value[l.len()..]),
                _ => (&value[..first_word_end], &value[first_word_end..]),
            }
        }
        "source" | "eventsource" => match value.find("  ").or_else(|| value.find('\t')) {
            Some(p) => (&value[..p], &value[p..]),
            // A source is a name of a few words; a longer run is the source
            // and the message with nothing between them, and where one ends
            // cannot be told ("Service Control Manager The Windows Internet
            // Name Service hung"): the whole run is the message, so that none
            // of its words is lost, and the source is left unknown.
            None if value.split_whitespace().count() > MAX_SOURCE_WORDS => ("", value),
            None => (value, ""),
        },
        "time" => {
            // `01:24:15 PM`
            let rest = &value[first_word_end..];
            let t = rest.trim_start();
            if t.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("am") || p.eq_ignore_ascii_case("pm")) {
                let cut = value.len() - t.len() + 2;
                (&value[..cut], &value[cut..])
            } else {
                (&value[..first_word_end], rest)
            }
        }
        _ => (&value[..first_word_end], &value[first_word_end..]),
    };
    (field.trim(), rest.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(message: &str, line: usize) -> LogEntry {
        LogEntry { message: message.to_string(), line, ..Default::default() }
    }

    #[test]
    fn sms_component_log_line() {
        let got = parse(
            "Cannot update the package server [\"Display=\\\\DP02\\\"]MSWNET:[\"SMS_SITE=SYD\"]\\\\DP02\\ for package SYD00045, error = 8~  $$<SMS_DISTRIBUTION_MANAGER><08-03-2011 10:02:10.123-600><thread=4404 (0x1134)>",
        );
        assert_eq!(
            got,
            vec![LogEntry {
                message: "Cannot update the package server [\"Display=\\\\DP02\\\"]MSWNET:[\"SMS_SITE=SYD\"]\\\\DP02\\ for package SYD00045, error = 8".into(),
                component: Some("SMS_DISTRIBUTION_MANAGER".into()),
                line: 1,
                ..Default::default()
            }]
        );
    }

    #[test]
    fn sms_lines_with_double_tilde_and_short_tail() {
        let got = parse(
            "Return code = 0x2; cannot find the file.~~; Program terminated~  $$<SMS_SCHEDULER><08-23-2001 00:16:52.329-480><thread=8850 (0x2292)>\n\
             Starting cycle $$<Configuration Manager Setup>\n",
        );
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].message, "Return code = 0x2; cannot find the file.~~; Program terminated");
        assert_eq!(got[0].component.as_deref(), Some("SMS_SCHEDULER"));
        assert_eq!((got[1].message.as_str(), got[1].component.as_deref(), got[1].line), ("Starting cycle", Some("Configuration Manager Setup"), 2));
    }

    #[test]
    fn sms_message_wrapped_before_its_tail() {
        let got = parse("Begin processing.~\nLoad of DLL failed~  $$<SMS_EXECUTIVE><01-24-1999 20:28:46.908+600><thread=4764 (0x129C)>");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].message, "Begin processing.~ Load of DLL failed");
        assert_eq!(got[0].line, 1);
    }

    #[test]
    fn cmtrace_records() {
        let got = parse(
            "<![LOG[The product was not registered.]LOG]!><time=\"07:48:31.398-600\" date=\"01-27-2001\" component=\"sms_distribution_manager\" context=\"\" type=\"3\" thread=\"2458\" file=\"distmgr.cpp:3194\">\n\
             <![LOG[Second\nline two]LOG]!><time=\"07:48:32.000-600\" date=\"01-27-2001\" component=\"SMS_EXECUTIVE\" context=\"\" type=\"1\" thread=\"1\" file=\"x.cpp:1\">",
        );
        assert_eq!(
            got,
            vec![
                LogEntry {
                    message: "The product was not registered.".into(),
                    component: Some("sms_distribution_manager".into()),
                    severity: Some("3".into()),
                    line: 1,
                    ..Default::default()
                },
                LogEntry {
                    message: "Second line two".into(),
                    component: Some("SMS_EXECUTIVE".into()),
                    severity: Some("1".into()),
                    line: 2,
                    ..Default::default()
                },
            ]
        );
    }

    #[test]
    fn client_log_tab_separated() {
        let got = parse("Updating policy CCM_Policy_Policy4.PolicyID=\"SMS00001-{7c1e9a02-44d8-4b6e-a3f1-0b5d2e8c9f11}\"\tPolicyAgent_PolicyEvaluator\t03/09/2011 2:14:55 PM\t4012 (0x0FAC)");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].message, "Updating policy CCM_Policy_Policy4.PolicyID=\"SMS00001-{7c1e9a02-44d8-4b6e-a3f1-0b5d2e8c9f11}\"");
        assert_eq!(got[0].component.as_deref(), Some("PolicyAgent_PolicyEvaluator"));
        // The same line as a blog renders it, with runs of spaces for tabs.
        let got = parse("Applying policy SMS00001    PolicyAgent_PolicyEvaluator    16/08/2011 8:23:41 AM    3624 (0x0E28)");
        assert_eq!((got[0].message.as_str(), got[0].component.as_deref()), ("Applying policy SMS00001", Some("PolicyAgent_PolicyEvaluator")));
    }

    #[test]
    fn event_viewer_block() {
        let got = parse(
            "Event Type:\tError\nEvent Source:\tApplication Popup\nEvent Category:\tNone\nEvent ID:\t26\nDate:\t\t10-21-2001\nComputer:\tMEL-SQL01\nDescription:\nThe first line of the\ndescription, wrapped.\n",
        );
        assert_eq!(
            got,
            vec![LogEntry {
                message: "The first line of the description, wrapped.".into(),
                severity: Some("error".into()),
                event_source: Some("Application Popup".into()),
                event_id: Some(26),
                line: 1,
                ..Default::default()
            }]
        );
    }

    #[test]
    fn event_viewer_new_style_with_xml() {
        let got = parse(
            "Log Name:      Application\nSource:        MSExchangeIS\nEvent ID:      9646\nLevel:         Warning\nDescription:\nMapi session exceeded the maximum.\nEvent Xml:\n<Event/>",
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].message, "Mapi session exceeded the maximum.");
        assert_eq!((got[0].event_id, got[0].event_source.as_deref(), got[0].severity.as_deref()), (Some(9646), Some("MSExchangeIS"), Some("warning")));
    }

    #[test]
    fn event_on_one_line() {
        let got = parse("Source: Hyper-V-VMMS  Event ID: 16310  Failed to load the configuration (ID 8D2F41A7)");
        assert_eq!((got[0].message.as_str(), got[0].event_id, got[0].event_source.as_deref()), ("Failed to load the configuration (ID 8D2F41A7)", Some(16310), Some("Hyper-V-VMMS")));
        let got = parse("Event ID: 5000 Source: MSExchangeIS Category: none Type: Error Unable to start the service. Error 4021.");
        assert_eq!((got[0].message.as_str(), got[0].event_id, got[0].severity.as_deref()), ("Unable to start the service. Error 4021.", Some(5000), Some("error")));
        let got = parse("Event ID 7022 Source: Service Control Manager Description: The service hung on startup");
        assert_eq!((got[0].message.as_str(), got[0].event_id, got[0].event_source.as_deref()), ("The service hung on startup", Some(7022), Some("Service Control Manager")));
        // No label or double space between the source and the message: the
        // run is the message (where the source ends cannot be told).
        let got = parse("Event ID 7022 Source: Service Control Manager The Windows Internet Name Service hung on starting.");
        assert_eq!(
            (got[0].message.as_str(), got[0].event_id, got[0].event_source.as_deref()),
            ("Service Control Manager The Windows Internet Name Service hung on starting.", Some(7022), None)
        );
        let got = parse("Event ID 4014 Source: Distributed File System");
        assert_eq!((got[0].message.as_str(), got[0].event_id, got[0].event_source.as_deref()), ("", Some(4014), Some("Distributed File System")));
    }

    #[test]
    fn timestamped_lines_with_severity() {
        let got = parse(
            "2011-08-03 10:02:10 ERROR Cannot connect to the server\n10-18-2003 13:14:15.225 [SERVER01] ERROR Wrote the file\n  and went on\n[WARN] Low disk space\n<03-13-2000 17:40:49>FAILED Sql Script",
        );
        assert_eq!(
            got,
            vec![
                LogEntry { message: "Cannot connect to the server".into(), severity: Some("error".into()), line: 1, ..Default::default() },
                LogEntry { message: "Wrote the file and went on".into(), severity: Some("error".into()), line: 2, ..Default::default() },
                LogEntry { message: "Low disk space".into(), severity: Some("warn".into()), line: 4, ..Default::default() },
                entry("FAILED Sql Script", 5),
            ]
        );
    }

    #[test]
    fn error_prefix_is_kept_in_the_message() {
        let got = parse("Error: 0x2AF9 Occurred while running webhits.exe");
        assert_eq!(got[0].message, "Error: 0x2AF9 Occurred while running webhits.exe");
        assert_eq!(got[0].severity.as_deref(), Some("error"));
    }

    #[test]
    fn plain_paragraphs() {
        let got = parse("Could not load language\nDLL _MIFGEN.DLL\n\n  second   paragraph\r\n");
        assert_eq!(got, vec![entry("Could not load language DLL _MIFGEN.DLL", 1), entry("second paragraph", 4)]);
        assert_eq!(parse(""), Vec::<LogEntry>::new());
        assert_eq!(parse("\n \n"), Vec::<LogEntry>::new());
    }

    #[test]
    fn text_around_cmtrace_records() {
        let got = parse("first words\n<![LOG[inner]LOG]!><time=\"1\" component=\"c\">\nafter");
        assert_eq!(got.iter().map(|e| (e.message.as_str(), e.line)).collect::<Vec<_>>(), vec![("first words", 1), ("inner", 2), ("after", 3)]);
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn parse_never_panics(s in ".{0,400}") {
                for e in parse(&s) {
                    prop_assert!(e.line >= 1);
                }
            }

            #[test]
            fn parse_never_panics_on_log_like_text(s in "(\\$\\$<|<!\\[LOG\\[|\\]LOG\\]!>|Event ID:|Source:|Description:|Type:|\t|\n|~|[a-z0-9 :<>=\"]){0,120}") {
                for e in parse(&s) {
                    prop_assert!(e.line >= 1 && e.line <= s.lines().count().max(1) + 1);
                }
            }
        }
    }
}
