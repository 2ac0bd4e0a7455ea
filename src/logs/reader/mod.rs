//! The streaming log entry reader: push lines, take finished entries.
//!
//! One grammar for every log wrapper kbmatch knows: SMS/ConfigMgr
//! component-log lines (`message~  $$<COMPONENT><time><thread=..>`, a
//! message wrapped before its tail), CMTrace records (`<![LOG[...]LOG]!><...>`,
//! also over several lines), ConfigMgr client lines copied from a viewer
//! (tab-separated), event-viewer text blocks (labelled fields, then the
//! description; the XML view after it skipped), timestamped lines with a
//! severity, `[ERROR]` and `Error:` prefixes, plain text. Component, times,
//! thread and severity are context, not the message.
//!
//! A paste and a log file differ in one thing, the [`Layout`]: in a paste,
//! lines of plain text run on into one message (a wrapped error dialog); in
//! a log file each plain line is an entry of its own unless the grammar says
//! it continues (an SMS message wrapped before its tail, an indented line
//! after a timestamped one, a CMTrace record, an event block).
//!
//! Every entry's message has its white space collapsed (wrapped lines are
//! joined with one space), which is also how article messages are stored, so
//! the two compare directly.

use super::entry::{LogEntry, collapse};
use regex::Regex;
use std::collections::VecDeque;
use std::sync::LazyLock;

/// Most lines one entry of a log file takes (a CMTrace record, an event
/// block, plain lines waiting for an SMS tail); past it the entry ends.
pub const MAX_ENTRY_LINES: usize = 64;
/// In a log file with no SMS tail so far, plain lines held back in case a
/// tail follows (past it they are entries of their own).
const PLAIN_LINES_WITHOUT_TAIL: usize = 4;

/// How lines of plain text go together (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A pasted excerpt: plain lines up to a blank line are one message.
    Paste,
    /// A log file: one entry a line unless the grammar says otherwise.
    Log,
}

/// A finished entry with the lines it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// The entry.
    pub entry: LogEntry,
    /// Its lines as written (an event block's XML view left out).
    pub raw: String,
    /// 1-based line number of its last line.
    pub last_line: usize,
}

/// A CMTrace record: `<![LOG[message]LOG]!><time="..." component="..." type="3" ...>`.
static CMTRACE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<!\[LOG\[(.*?)\]LOG\]!>(<[^>]*>?)?").expect("cmtrace pattern"));

/// `name="value"` attributes of a CMTrace record.
static ATTR_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"([A-Za-z]+)\s*=\s*"([^"]*)""#).expect("attribute pattern"));

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

/// The Windows servicing and setup grammar (CBS.log, DISM.log, setupact.log,
/// setuperr.log, the `panther` logs): `2019-04-17 10:07:47, Error
/// [0x0f0070] CBS    message`. The severity is the log's field; the
/// bracketed message number is context.
static SERVICING_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*([0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}(?:[.,][0-9]+)?),[ \t]+(Info|Warning|Error|Perf|Verbose|Debug|Trace|Fatal|Critical)[ \t]+(?:\[0x[0-9A-Fa-f]+\][ \t]+)?(?:([A-Z][A-Z0-9_]{1,15})(?:[ \t]+|$))?(.*)$",
    )
    .expect("servicing log pattern")
});

/// DISM's process and thread ids inside the message (`DISM Provider Store:
/// PID=1884 TID=1248 message`): context, not the message.
static PID_TID_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)PID=[0-9]+(?:[ \t]+TID=[0-9]+)?[ \t]*").expect("pid pattern"));

/// A CSI line's sequence number and time (`00000001@2019/4/17:14:07:47.810
/// WcpInitialize ...`, `00000002 Shim considered ...`).
static CSI_SEQUENCE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[0-9a-fA-F]{8}(?:@[^ \t]+)?[ \t]+").expect("csi sequence pattern"));

/// A line written by a process under its id (`[1884] [0x80070002]
/// FIOReadFileIntoBuffer:(1381): ...`, DISM's WIM lines).
static PROCESS_LINE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[[0-9]{1,6}\][ \t]+(\S.*)$").expect("process line pattern"));

/// A Windows Installer verbose log line: `MSI (s) (7C:44) [10:02:03:123]:
/// message`; the process and thread ids are context.
static MSI_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^MSI[ \t]+\(([A-Za-z])\)[ \t]+\([0-9A-Fa-f]{1,8}[:!][0-9A-Fa-f]{1,8}\)[ \t]+\[([0-9:.]+)\]:[ \t]*(.*)$")
        .expect("msi pattern")
});

/// WindowsUpdate.log, as Windows 7-8.1 write it (`2015-03-12\t08:45:01:123\t
/// 964\t1a4c\tAgent\t  * message`) and as `Get-WindowsUpdateLog` writes it
/// (`2019/01/07 10:37:40.7264286 1084  13180 Agent  message`): date, time,
/// process, thread, component, message; `WARNING:` and `FATAL:` at the start
/// of the message are its severity.
static WINDOWS_UPDATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^([0-9]{4}[/-][0-9]{2}[/-][0-9]{2})[ \t]+([0-9]{2}:[0-9]{2}:[0-9]{2}[:.][0-9]+)[ \t]+[0-9]+[ \t]+[0-9A-Fa-f]+[ \t]+([A-Za-z][A-Za-z0-9_]*)[ \t]+(.*)$",
    )
    .expect("windows update pattern")
});

/// WindowsUpdate.log's own severity at the start of a message.
static WU_SEVERITY_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[*\s]*(FATAL|WARNING|ERROR):[ \t]*").expect("windows update severity pattern"));

/// `[ERROR] message`, `[WARN] message`.
static BRACKET_SEVERITY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*\[(error|err|warning|warn|info|information|debug|fatal|critical|verbose|trace)\][ \t]*:?[ \t]*",
    )
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
    "success audit",
    "failure audit",
    "audit success",
    "audit failure",
    "informational",
    "information",
    "warning",
    "critical",
    "verbose",
    "error",
];

/// An event-viewer block starts here, whatever came before (a description
/// runs up to the next block).
static EVENT_BLOCK_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*(?:log\s*name|event\s*type)\s*:").expect("event block pattern"));

/// Split pasted text into entries; a multi-line entry is one entry.
pub fn parse(text: &str) -> Vec<LogEntry> {
    let mut reader = EntryReader::new(Layout::Paste);
    for line in text.split('\n') {
        reader.push_line(line);
    }
    reader.finish();
    std::iter::from_fn(|| reader.next_entry()).map(|p| p.entry).collect()
}

/// The entry being built while walking lines.
#[derive(Debug)]
enum Building {
    None,
    /// Plain or timestamped lines: the message's pieces and the raw lines.
    Text {
        entry: LogEntry,
        pieces: Vec<String>,
        raw: Vec<String>,
        stamped: bool,
    },
    /// An event-viewer block; `description` once its description began.
    Event {
        entry: LogEntry,
        pieces: Vec<String>,
        raw: Vec<String>,
        description: bool,
    },
}

/// The streaming entry reader (see the module docs).
#[derive(Debug)]
pub struct EntryReader {
    layout: Layout,
    /// Lines pushed so far.
    line_no: usize,
    building: Building,
    /// The XML view after an event's description repeats it: skipped.
    skipping_xml: bool,
    /// An unclosed CMTrace record: the line number of its first line and its lines.
    cmtrace: Option<(usize, String, usize)>,
    /// An SMS tail was seen: plain lines are probably wrapped messages.
    sms_seen: bool,
    out: VecDeque<Parsed>,
}

impl EntryReader {
    /// A reader for text of the given layout.
    pub fn new(layout: Layout) -> Self {
        EntryReader {
            layout,
            line_no: 0,
            building: Building::None,
            skipping_xml: false,
            cmtrace: None,
            sms_seen: false,
            out: VecDeque::new(),
        }
    }

    /// Lines pushed so far.
    pub fn lines(&self) -> usize {
        self.line_no
    }

    /// The next finished entry, in the order of their first lines' ends.
    pub fn next_entry(&mut self) -> Option<Parsed> {
        self.out.pop_front()
    }

    /// Push the next line (its `\r\n` or `\n` may be there or not).
    pub fn push_line(&mut self, line: &str) {
        self.line_no += 1;
        let no = self.line_no;
        let line = line.strip_suffix('\n').unwrap_or(line);
        let line = line.strip_suffix('\r').unwrap_or(line);
        if let Some((first, mut text, count)) = self.cmtrace.take() {
            text.push('\n');
            text.push_str(line);
            if has_record_end(&text) || count + 1 >= MAX_ENTRY_LINES {
                self.cmtrace_chunk(first, &text);
            } else {
                self.cmtrace = Some((first, text, count + 1));
            }
            return;
        }
        if line.contains("<![LOG[") {
            if has_record_end(line) {
                self.cmtrace_chunk(no, line);
            } else {
                self.cmtrace = Some((no, line.to_string(), 1));
            }
            return;
        }
        self.text_line(line, no);
    }

    /// The input ended: finish what is open.
    pub fn finish(&mut self) {
        if let Some((first, text, _)) = self.cmtrace.take() {
            self.cmtrace_chunk(first, &text);
        }
        self.end_building();
    }

    /// Lines holding CMTrace records, and any text around them.
    fn cmtrace_chunk(&mut self, first: usize, text: &str) {
        let mut last = 0;
        let line_of = |offset: usize| first + text[..offset].bytes().filter(|&b| b == b'\n').count();
        for c in CMTRACE_RE.captures_iter(text) {
            let Some(whole) = c.get(0) else { continue };
            self.text_around(&text[last..whole.start()], line_of(last));
            self.end_building();
            let line = line_of(whole.start());
            let mut e = LogEntry { message: collapse(&c[1]), line, ..Default::default() };
            let (mut date, mut time) = (None, None);
            if let Some(attrs) = c.get(2) {
                for a in ATTR_RE.captures_iter(attrs.as_str()) {
                    let Some(v) = a.get(2).map(|m| m.as_str().trim()) else { continue };
                    if v.is_empty() {
                        continue;
                    }
                    match a[1].to_ascii_lowercase().as_str() {
                        "component" => e.component = Some(v.to_string()),
                        "type" => e.severity = Some(v.to_string()),
                        "date" => date = Some(v),
                        "time" => time = Some(v),
                        _ => {}
                    }
                }
            }
            e.time = match (date, time) {
                (Some(d), Some(t)) => Some(format!("{d} {t}")),
                (d, t) => d.or(t).map(str::to_string),
            };
            if !e.message.is_empty() {
                let raw = text[whole.start()..whole.end()].trim().to_string();
                self.emit(e, raw, line_of(whole.end()));
            }
            last = whole.end();
        }
        self.text_around(&text[last..], line_of(last));
    }

    /// Text before or after a CMTrace record: lines of their own.
    fn text_around(&mut self, text: &str, first: usize) {
        for (k, piece) in text.split('\n').enumerate() {
            if !piece.trim().is_empty() {
                self.text_line(piece, first + k);
            }
        }
    }

    fn emit(&mut self, entry: LogEntry, raw: String, last_line: usize) {
        self.out.push_back(Parsed { entry, raw, last_line });
    }

    /// End the entry being built.
    fn end_building(&mut self) {
        match std::mem::replace(&mut self.building, Building::None) {
            Building::None => {}
            Building::Text { entry, raw, stamped: false, .. }
                if self.layout == Layout::Log && entry.severity.is_none() && entry.component.is_none() =>
            {
                // Plain lines of a log that no SMS tail claimed: each its own entry.
                for (k, line) in raw.into_iter().enumerate() {
                    let e = LogEntry { message: collapse(&line), line: entry.line + k, ..Default::default() };
                    if !e.message.is_empty() {
                        let no = e.line;
                        self.emit(e, line.trim().to_string(), no);
                    }
                }
            }
            Building::Text { mut entry, pieces, raw, .. } | Building::Event { mut entry, pieces, raw, .. } => {
                entry.message = collapse(&pieces.join(" "));
                if !entry.message.is_empty() || entry.event_id.is_some() {
                    let last = entry.line + raw.len().saturating_sub(1);
                    self.emit(entry, raw.join("\n").trim().to_string(), last);
                }
            }
        }
    }

    /// One line that holds no CMTrace record: the first reading that takes
    /// it, in order, else it continues the entry being built.
    fn text_line(&mut self, line: &str, no: usize) {
        if line.trim().is_empty() {
            self.blank_line();
            return;
        }
        let taken = self.skipped_xml(line)
            || self.description_line(line)
            || self.sms_line(line, no)
            || self.client_line(line, no)
            || self.grammar(line, no)
            || self.event_line(line, no)
            || self.foreign_line(line, no)
            || self.stamped_line(line, no);
        if !taken {
            self.continuation(line, no);
        }
    }

    fn blank_line(&mut self) {
        // Blank lines between `Description:` and its text belong to the block.
        if let Building::Event { description: true, pieces, .. } = &self.building
            && pieces.iter().all(|p| p.trim().is_empty())
            && !self.skipping_xml
        {
            return;
        }
        self.end_building();
        self.skipping_xml = false;
    }

    /// A line of an event's XML view, skipped up to the next block.
    fn skipped_xml(&mut self, line: &str) -> bool {
        if !self.skipping_xml {
            return false;
        }
        if EVENT_BLOCK_RE.is_match(line) {
            self.skipping_xml = false;
            return false;
        }
        true
    }

    /// Inside an event description everything is description text, up to
    /// its XML view or the next block.
    fn description_line(&mut self, line: &str) -> bool {
        let Building::Event { description: true, pieces, raw, .. } = &mut self.building else { return false };
        if EVENT_BLOCK_RE.is_match(line) {
            return false;
        }
        if line.trim_start().to_ascii_lowercase().starts_with("event xml:") {
            self.end_building();
            self.skipping_xml = true;
        } else {
            pieces.push(line.to_string());
            raw.push(line.to_string());
            self.bound();
        }
        true
    }

    /// A line with an SMS tail: an entry, with the lines without a tail
    /// before it as the start of its message.
    fn sms_line(&mut self, line: &str, no: usize) -> bool {
        let Some((message, component, time)) = sms_tail(line) else { return false };
        self.sms_seen = true;
        // Lines without a tail before this one are the start of its message.
        let (mut entry, mut pieces, mut raw) = match std::mem::replace(&mut self.building, Building::None) {
            Building::Text { entry, pieces, raw, .. } if entry.component.is_none() && entry.severity.is_none() => {
                (entry, pieces, raw)
            }
            other => {
                self.building = other;
                self.end_building();
                (LogEntry { line: no, ..Default::default() }, Vec::new(), Vec::new())
            }
        };
        pieces.push(message.to_string());
        raw.push(line.to_string());
        entry.component = (!component.is_empty()).then(|| component.to_string());
        entry.time = time.map(str::to_string);
        entry.message = collapse(&pieces.join(" "));
        let last = entry.line + raw.len() - 1;
        if !entry.message.is_empty() {
            self.emit(entry, raw.join("\n").trim().to_string(), last);
        }
        true
    }

    /// A client log's line: an entry of its own.
    fn client_line(&mut self, line: &str, no: usize) -> bool {
        let Some(c) = CLIENT_RE.captures(line) else { return false };
        self.end_building();
        let entry = LogEntry {
            message: collapse(&c[1]),
            component: Some(c[2].trim().to_string()),
            time: Some(c[3].to_string()),
            line: no,
            ..Default::default()
        };
        if !entry.message.is_empty() {
            self.emit(entry, line.trim().to_string(), no);
        }
        true
    }

    /// A line of one of the servicing, setup, installer or update logs'
    /// grammars: an entry, or the start of one when it is stamped.
    fn grammar(&mut self, line: &str, no: usize) -> bool {
        let Some((mut entry, stamped)) = grammar_line(line, no) else { return false };
        self.end_building();
        if stamped {
            let message = std::mem::take(&mut entry.message);
            self.building = Building::Text { entry, pieces: vec![message], raw: vec![line.to_string()], stamped };
        } else {
            entry.message = collapse(&entry.message);
            if !entry.message.is_empty() {
                self.emit(entry, line.trim().to_string(), no);
            }
        }
        true
    }

    /// An event-viewer block's header line, or text after its header lines
    /// without a `Description:` label.
    fn event_line(&mut self, line: &str, no: usize) -> bool {
        if EVENT_START_RE.is_match(line) || matches!(self.building, Building::Event { .. }) && LABEL_RE.is_match(line) {
            let (mut entry, mut pieces, mut raw) = match std::mem::replace(&mut self.building, Building::None) {
                Building::Event { entry, pieces, raw, .. } => (entry, pieces, raw),
                other => {
                    self.building = other;
                    self.end_building();
                    (LogEntry { line: no, ..Default::default() }, Vec::new(), Vec::new())
                }
            };
            let description = event_fields(line, &mut entry, &mut pieces);
            raw.push(line.to_string());
            self.building = Building::Event { entry, pieces, raw, description };
            self.bound();
            return true;
        }
        if let Building::Event { pieces, raw, description, .. } = &mut self.building {
            // Text after the header lines without a `Description:` label.
            pieces.push(line.to_string());
            raw.push(line.to_string());
            *description = true;
            self.bound();
            return true;
        }
        false
    }

    /// Other systems' wrappers (syslog, Apache, log4j, ...), in a log file.
    fn foreign_line(&mut self, line: &str, no: usize) -> bool {
        if self.layout != Layout::Log {
            return false;
        }
        let Some(mut entry) = super::wrappers::read(line, no) else { return false };
        self.end_building();
        let message = std::mem::take(&mut entry.message);
        self.building = Building::Text { entry, pieces: vec![message], raw: vec![line.to_string()], stamped: true };
        true
    }

    /// A timestamped line, or one that starts with `Error:` and its kin:
    /// the start of an entry.
    fn stamped_line(&mut self, line: &str, no: usize) -> bool {
        let starts = stamp(line).map(|(message, severity, time)| (message.to_string(), severity, time)).or_else(|| {
            // `Error: ...` is kept in the message: articles quote it with the word.
            BARE_SEVERITY_RE.captures(line).map(|c| (line.to_string(), Some(c[1].to_ascii_lowercase()), None))
        });
        let Some((message, severity, time)) = starts else { return false };
        self.end_building();
        let severity_in_message = severity.is_some() && message == line;
        let entry = LogEntry { severity, severity_in_message, time, line: no, ..Default::default() };
        self.building = Building::Text { entry, pieces: vec![message], raw: vec![line.to_string()], stamped: true };
        true
    }

    /// A line no reading takes: it continues the text being built, or
    /// starts a plain entry.
    fn continuation(&mut self, line: &str, no: usize) {
        let log = self.layout == Layout::Log;
        match &mut self.building {
            // In a log, only an indented line continues a timestamped one.
            Building::Text { stamped: true, .. } if log && !line.starts_with([' ', '\t']) => {
                self.end_building();
                self.building = plain(line, no);
            }
            Building::Text { pieces, raw, .. } => {
                pieces.push(line.to_string());
                raw.push(line.to_string());
                self.bound();
            }
            _ => self.building = plain(line, no),
        }
    }

    /// Keep a log file's entry within its bounds: plain lines waiting for a
    /// tail beyond their room become entries of their own; any other entry
    /// ends at [`MAX_ENTRY_LINES`].
    fn bound(&mut self) {
        if self.layout != Layout::Log {
            return;
        }
        let room = if self.sms_seen { MAX_ENTRY_LINES } else { PLAIN_LINES_WITHOUT_TAIL };
        match &mut self.building {
            Building::Text { entry, pieces, raw, stamped: false }
                if entry.severity.is_none() && entry.component.is_none() && raw.len() > room =>
            {
                let line = raw.remove(0);
                pieces.remove(0);
                let at = entry.line;
                entry.line += 1;
                let e = LogEntry { message: collapse(&line), line: at, ..Default::default() };
                if !e.message.is_empty() {
                    self.emit(e, line.trim().to_string(), at);
                }
            }
            Building::Text { raw, .. } | Building::Event { raw, .. } if raw.len() >= MAX_ENTRY_LINES => {
                self.end_building()
            }
            _ => {}
        }
    }
}

/// A line of a log whose grammar gives its fields: servicing and setup
/// logs, Windows Installer, Windows Update, a process's own lines. The
/// entry (its message not yet collapsed) and whether indented lines after it
/// continue it.
fn grammar_line(line: &str, no: usize) -> Option<(LogEntry, bool)> {
    if let Some(c) = SERVICING_RE.captures(line) {
        let component = c.get(3).map(|m| m.as_str().to_string());
        let mut message = c.get(4).map_or("", |m| m.as_str());
        if component.as_deref() == Some("CSI") {
            message = CSI_SEQUENCE_RE.find(message).map_or(message, |m| &message[m.end()..]);
        }
        let message = PID_TID_RE.replace(message, "").into_owned();
        let entry = LogEntry {
            message,
            component,
            severity: Some(c[2].to_ascii_lowercase()),
            time: Some(c[1].to_string()),
            line: no,
            ..Default::default()
        };
        return Some((entry, true));
    }
    if let Some(c) = MSI_RE.captures(line) {
        let entry = LogEntry {
            message: c[3].to_string(),
            component: Some(format!("MSI ({})", &c[1])),
            time: Some(c[2].to_string()),
            line: no,
            ..Default::default()
        };
        return Some((entry, false));
    }
    if let Some(c) = WINDOWS_UPDATE_RE.captures(line) {
        let text = &c[4];
        let (severity, message) = match WU_SEVERITY_RE.captures(text) {
            Some(w) => (Some(w[1].to_ascii_lowercase()), &text[w.get(0).map_or(0, |m| m.end())..]),
            None => (None, text.trim_start_matches(['*', ' ', '\t'])),
        };
        let entry = LogEntry {
            message: message.to_string(),
            component: Some(c[3].to_string()),
            severity,
            time: Some(format!("{} {}", &c[1], &c[2])),
            line: no,
            ..Default::default()
        };
        return Some((entry, false));
    }
    if let Some(c) = PROCESS_LINE_RE.captures(line) {
        return Some((LogEntry { message: c[1].to_string(), line: no, ..Default::default() }, false));
    }
    None
}

/// A plain line starting an entry.
fn plain(line: &str, no: usize) -> Building {
    Building::Text {
        entry: LogEntry { line: no, ..Default::default() },
        pieces: vec![line.to_string()],
        raw: vec![line.to_string()],
        stamped: false,
    }
}

/// Whether the last CMTrace record begun in the text has ended.
fn has_record_end(text: &str) -> bool {
    text.rfind("<![LOG[").is_some_and(|start| text[start..].contains("]LOG]!>"))
}

/// The SMS component-log tail, `message~  $$<COMPONENT><date time><thread=..>`
/// at the end of a line (the time and thread parts optional): the message
/// before it, the component and the time.
fn sms_tail(line: &str) -> Option<(&str, &str, Option<&str>)> {
    let mut from = 0;
    while let Some(at) = line[from..].find("$$<") {
        let start = from + at;
        if let Some((component, time)) = tail_fields(&line[start + 3..]) {
            let message = line[..start].trim_end_matches(|c: char| c.is_whitespace() || c == '~');
            return Some((message, component.trim(), time));
        }
        from = start + 3;
    }
    None
}

/// `COMPONENT><time><thread=..>` to the end of the line.
fn tail_fields(rest: &str) -> Option<(&str, Option<&str>)> {
    let (component, time, used) = tail_parts(rest)?;
    rest[used..].trim().is_empty().then_some((component, time))
}

/// `COMPONENT>`, then `<time>` and `<thread=..>` where written, at the start
/// of `rest` (what follows `$$<`): the component, the time and how many
/// bytes the tail takes. A time or thread wrapped onto the next line (an
/// article's quoted log, joined: `$$<COMPONENT> <Fri Mar 26 ...>`) is read
/// past the space when it holds a digit.
fn tail_parts(rest: &str) -> Option<(&str, Option<&str>, usize)> {
    let end = rest.find(['<', '>'])?;
    if rest.as_bytes()[end] != b'>' {
        return None;
    }
    let component = &rest[..end];
    let mut used = end + 1;
    let mut time = None;
    let next = |is_thread: bool, used: &mut usize| {
        let at = &rest[*used..];
        let spaced = at.trim_start();
        let (inner, skipped) = match bracketed(at) {
            Some(inner) => (inner, 0),
            None => (bracketed(spaced).filter(|i| i.contains(|c: char| c.is_ascii_digit()))?, at.len() - spaced.len()),
        };
        (inner.starts_with("thread=") == is_thread).then(|| {
            *used += skipped + inner.len() + 2;
            inner
        })
    };
    if let Some(inner) = next(false, &mut used) {
        time = Some(inner);
    }
    next(true, &mut used);
    Some((component, time, used))
}

/// The messages of SMS component-log lines as an article quotes them, its
/// lines wrapped where the page ended (a tail on a line of its own, a time
/// on the next): the text before each `$$<COMPONENT><time><thread=..>`
/// tail, in order, and any text after the last, each with its white space
/// collapsed; none unless a line ends in a tail or its start
/// ([`ends_in_tail`]): `G$$<TrustedDomainName>` in a sentence is no log.
pub fn sms_messages(lines: &[impl AsRef<str>]) -> Vec<String> {
    if !lines.iter().any(|line| ends_in_tail(line.as_ref())) {
        return Vec::new();
    }
    let joined: Vec<&str> = lines.iter().map(AsRef::as_ref).collect();
    split_tails(&joined.join(" ")).into_iter().map(collapse).collect()
}

/// Whether a line ends in an SMS tail or in the start of one, the rest
/// wrapped onto the next line: `$$<COMPONENT>` then nothing, a `<time>`
/// (whole or cut: `<Wed Jun 18`) or the time left out (`...<thread=1720>`),
/// or a component name cut (`$$<Hardware Inventory`); a component's name
/// starts with a letter (`$$<5` is no tail).
fn ends_in_tail(line: &str) -> bool {
    line.match_indices("$$<").any(|(at, _)| {
        let rest = &line[at + 3..];
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return false;
        }
        let Some(end) = rest.find(['<', '>']) else { return true };
        rest[end..].strip_prefix('>').is_some_and(|after| {
            let after = after.trim_end().trim_start_matches('.');
            after.is_empty() || after.starts_with('<')
        })
    })
}

/// The text before each tail of [`sms_messages`]' joined lines.
fn split_tails(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut from, mut search) = (0, 0);
    while let Some(at) = text[search..].find("$$<") {
        let start = search + at;
        search = start + 3;
        if let Some((_, _, used)) = tail_parts(&text[search..]) {
            out.push(text[from..start].trim_matches(|c: char| c.is_whitespace() || c == '~'));
            from = search + used;
            search = from;
        }
    }
    if !out.is_empty() {
        out.push(&text[from..]);
    }
    out.into_iter().filter_map(wrapped_line).collect()
}

/// One line's message from [`sms_messages`], less what a page's wrapping
/// left of a tail: the end of the line before's tail at its start, to its
/// thread (`1997~><thread=12E> ~Trusted domain`), the page's line breaks
/// (`<BR/>`); none when nothing else is left, or only a tail cut short
/// (`<Fri Feb`).
fn wrapped_line(piece: &str) -> Option<&str> {
    let mut line = piece;
    if let Some(at) = line.find("thread=")
        && (at == 0 || matches!(line.as_bytes()[at - 1], b'<' | b'>'))
        && let Some(end) = line[at..].find('>')
    {
        line = &line[at + end + 1..];
    }
    loop {
        line = line.trim_matches(|c: char| c.is_whitespace() || c == '~');
        match line.strip_prefix("<BR/>") {
            Some(rest) => line = rest,
            None => break,
        }
    }
    let cut_short = line.starts_with('<') && !line.contains('>');
    (line.contains(char::is_alphabetic) && !cut_short).then_some(line)
}

/// The text inside a leading `<...>` with no `<` or `>` in it.
fn bracketed(s: &str) -> Option<&str> {
    let r = s.strip_prefix('<')?;
    let end = r.find(['<', '>'])?;
    (r.as_bytes()[end] == b'>').then(|| &r[..end])
}

/// A line's message after a leading timestamp / `[ERROR]` prefix, the
/// severity and the timestamp.
fn stamp(line: &str) -> Option<(&str, Option<String>, Option<String>)> {
    if let Some(c) = STAMP_RE.captures(line) {
        let end = c.get(0).map_or(0, |m| m.end());
        // A bare number such as `12:30:00` with nothing after it is not a log line.
        if end > 0 && end < line.len() {
            let severity = c.get(1);
            let stamp_end = severity.map_or(end, |m| m.start());
            let stamp = line[..stamp_end].trim_start().trim_start_matches(['[', '<']);
            let time = stamp[..stamp.find([']', '>', '[']).unwrap_or(stamp.len())].trim().trim_end_matches('-').trim();
            let time = (!time.is_empty()).then(|| time.to_string());
            return Some((&line[end..], severity.map(|m| m.as_str().to_ascii_lowercase()), time));
        }
    }
    if let Some(c) = BRACKET_SEVERITY_RE.captures(line) {
        let end = c.get(0).map_or(0, |m| m.end());
        return Some((&line[end..], Some(c[1].to_ascii_lowercase()), None));
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
            "computer" if !field.is_empty() => e.computer = Some(field.to_string()),
            "date" | "time" if !field.is_empty() => {
                e.time = Some(match e.time.take() {
                    Some(before) => format!("{before} {field}"),
                    None => field.to_string(),
                })
            }
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
mod tests;
