//! `kbmatch scan`: triage a whole log. The log is read as a stream, line by
//! line, and only per-message aggregates are kept, so a log of any size
//! scans in bounded memory.
//!
//! Lines are grouped into entries (an SMS message wrapped before its `$$<`
//! tail, a CMTrace record spanning lines, an event-viewer block and a
//! timestamped line with its indented continuation lines each make one
//! entry) and every entry goes through [`logline::parse`]. Entries that look
//! like errors or warnings are grouped by their masked template
//! ([`mask::mask`]); each distinct template is matched once, and the ones
//! with a confident article become [`Finding`]s. Routine entries are only
//! counted.

use crate::error::{Error, Result};
use crate::index::KbIndex;
use crate::matcher::logline::{self, LogEntry};
use crate::matcher::{self, Hit, mask};
use rayon::prelude::*;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::{BufRead, Read};
use std::sync::LazyLock;

/// Lowest confidence of a hit that makes a message a finding, besides its
/// specific evidence (see [`crate::matcher::rank::Features::is_specific`]):
/// none by default, a caller may ask for more.
pub const MIN_CONFIDENCE: f64 = 0.0;
/// Longest line kept, in bytes; the rest of a longer line is skipped so a
/// log without line breaks cannot fill memory.
pub const MAX_LINE_BYTES: usize = 16 * 1024;
/// Most distinct error-looking templates kept; entries with a new template
/// beyond it are counted in [`ScanSummary::overflow`] only.
pub const MAX_TEMPLATES: usize = 50_000;
/// Most distinct templates matched against the index (the most frequent);
/// the rest are reported as unmatched.
pub const MAX_MATCHED: usize = 500;
/// Most lines grouped into one entry.
const MAX_ENTRY_LINES: usize = 64;
/// Longest example kept per template, in bytes.
const MAX_EXAMPLE_BYTES: usize = 4096;

/// One distinct message of the log that matches an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Finding {
    /// The message with its variable parts masked as `<*>`.
    pub template: String,
    /// How many entries of the log have this template.
    pub count: u64,
    /// 1-based line of the first such entry.
    pub first_line: u64,
    /// 1-based line of the last such entry.
    pub last_line: u64,
    /// The first such entry as written in the log.
    pub example: String,
    /// The matching articles, best first (only confident ones).
    pub hits: Vec<Hit>,
}

/// An error-looking message that no article matches confidently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Unmatched {
    /// The message with its variable parts masked as `<*>`.
    pub template: String,
    /// How many entries of the log have this template.
    pub count: u64,
    /// 1-based line of the first such entry.
    pub first_line: u64,
    /// 1-based line of the last such entry.
    pub last_line: u64,
    /// The first such entry as written in the log.
    pub example: String,
}

/// A triaged log: the contract's `scan --json` object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ScanReport {
    /// Lines read.
    pub lines: u64,
    /// Log entries found (a multi-line entry counts once).
    pub entries: u64,
    /// Messages that match an article, most important (confidence x count) first.
    pub findings: Vec<Finding>,
    /// Error-looking messages that match no article, most frequent first.
    pub unmatched: Vec<Unmatched>,
}

/// How to scan.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ScanOptions {
    /// Most hits kept per finding.
    pub hits: usize,
    /// Lowest confidence that makes a finding.
    pub min_confidence: f64,
    /// Told the number of lines read every 65,536 lines (default: none).
    pub progress: Option<crate::Progress<u64>>,
    /// The log's name for error messages.
    pub name: String,
    /// The matcher's settings (default: [`crate::Settings::default`]).
    pub settings: crate::Settings,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions { hits: 3, min_confidence: MIN_CONFIDENCE, progress: None, name: "<log>".into(), settings: Default::default() }
    }
}

/// One distinct error-looking message and where it occurs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateStats {
    /// The masked message.
    pub template: String,
    /// Entries with this template.
    pub count: u64,
    /// Line of the first one.
    pub first_line: u64,
    /// Line of the last one.
    pub last_line: u64,
    /// The first one as written.
    pub example: String,
}

/// What reading a log found, before matching.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScanSummary {
    /// Lines read.
    pub lines: u64,
    /// Entries found.
    pub entries: u64,
    /// Error-looking entries.
    pub error_entries: u64,
    /// Distinct error-looking templates, most frequent first (then by first line).
    pub templates: Vec<TemplateStats>,
    /// Error-looking entries not kept because [`MAX_TEMPLATES`] was reached.
    pub overflow: u64,
}

/// Scan a log: read it, group it, match each distinct error-looking message
/// once. Invalid UTF-8 is decoded lossily; UTF-16 with a byte-order mark is
/// decoded.
pub fn scan<R: BufRead>(index: &KbIndex, reader: R, options: &ScanOptions) -> Result<ScanReport> {
    let summary = read_log(reader, options)?;
    triage(index, summary, options)
}

/// Read a whole log into a [`ScanSummary`] (no index needed).
pub fn read_log<R: BufRead>(mut reader: R, options: &ScanOptions) -> Result<ScanSummary> {
    let io_error = |e| Error::io(&options.name, e);
    let bom = reader.fill_buf().map_err(io_error)?;
    let utf16 = match bom {
        [0xFF, 0xFE, ..] => Some(encoding_rs::UTF_16LE),
        [0xFE, 0xFF, ..] => Some(encoding_rs::UTF_16BE),
        _ => None,
    };
    match utf16 {
        Some(encoding) => {
            reader.consume(2);
            read_lines(std::io::BufReader::new(Utf16Reader::new(reader, encoding)), options)
        }
        None => read_lines(reader, options),
    }
}

fn read_lines<R: BufRead>(mut reader: R, options: &ScanOptions) -> Result<ScanSummary> {
    let mut aggregator = Aggregator::default();
    let mut buf = Vec::new();
    while read_line_bounded(&mut reader, &mut buf).map_err(|e| Error::io(&options.name, e))? {
        aggregator.push_line(&String::from_utf8_lossy(&buf));
        if aggregator.lines % 65_536 == 0
            && let Some(progress) = &options.progress
        {
            progress.report(aggregator.lines);
        }
    }
    Ok(aggregator.finish())
}


/// Read one line (without its `\n` / `\r\n`) into `buf`, keeping at most
/// [`MAX_LINE_BYTES`]. Returns false at the end of the input.
fn read_line_bounded<R: BufRead>(reader: &mut R, buf: &mut Vec<u8>) -> std::io::Result<bool> {
    buf.clear();
    let mut any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        any = true;
        let (take, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (i, true),
            None => (available.len(), false),
        };
        let room = MAX_LINE_BYTES.saturating_sub(buf.len());
        buf.extend_from_slice(&available[..take.min(room)]);
        reader.consume(if done { take + 1 } else { take });
        if done {
            break;
        }
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(any)
}

/// Match the distinct error-looking templates of a summary and sort them into
/// findings and unmatched messages.
pub fn triage(index: &KbIndex, summary: ScanSummary, options: &ScanOptions) -> Result<ScanReport> {
    let mut templates = summary.templates;
    let rest = templates.split_off(templates.len().min(MAX_MATCHED));
    let search = crate::SearchOptions::default().limit(options.hits.max(1)).settings(options.settings.clone());
    let matched: Vec<Vec<Hit>> = templates
        .par_iter()
        .map(|t| matcher::match_text(index, &t.example, &search))
        .collect::<Result<_>>()?;
    let mut findings = Vec::new();
    let mut unmatched = Vec::new();
    for (stats, mut hits) in templates.into_iter().zip(matched) {
        // A message is a finding on the evidence, not on words in common.
        hits.retain(|h| h.specific && h.confidence >= options.min_confidence);
        if hits.is_empty() {
            unmatched.push(stats.into());
        } else {
            let TemplateStats { template, count, first_line, last_line, example } = stats;
            findings.push(Finding { template, count, first_line, last_line, example, hits });
        }
    }
    unmatched.extend(rest.into_iter().map(Unmatched::from));
    let importance = |f: &Finding| f.hits[0].confidence * f.count as f64;
    findings.sort_by(|a, b| importance(b).total_cmp(&importance(a)).then(a.first_line.cmp(&b.first_line)));
    unmatched.sort_by(|a: &Unmatched, b| b.count.cmp(&a.count).then(a.first_line.cmp(&b.first_line)));
    Ok(ScanReport { lines: summary.lines, entries: summary.entries, findings, unmatched })
}

impl From<TemplateStats> for Unmatched {
    fn from(t: TemplateStats) -> Self {
        Unmatched { template: t.template, count: t.count, first_line: t.first_line, last_line: t.last_line, example: t.example }
    }
}

/// An event-viewer block starts here whatever came before.
static EVENT_BLOCK_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*(?:log\s*name|event\s*type)\s*:").expect("event block pattern"));
/// An event-viewer block may start here (a pasted block begins with any label).
static EVENT_START_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:event\s*type\s*:|event\s*source\s*:|event\s*id\s*:?\s*[0-9]|eventid\s*:?\s*[0-9]|log\s*name\s*:|source\s*:)")
        .expect("event start pattern")
});
/// Any event-viewer field label at the start of a line.
static EVENT_LABEL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:event\s*type|event\s*source|event\s*category|event\s*id|eventid|log\s*name|task\s*category|source|category|type|level|date|time|user|computer|keywords|opcode)\s*:")
        .expect("event label pattern")
});
static DESCRIPTION_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*description\s*:\s*(\S?)").expect("description pattern"));
static EVENT_XML_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*event\s*xml\s*:").expect("event xml pattern"));
/// The tail of an SMS component-log line: `$$<COMPONENT><date time><thread=..>`.
static SMS_TAIL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\$\$<[^<>]*>(?:<[^<>]*>)?(?:<thread=[^<>]*>)?\s*$").expect("sms tail pattern")
});
/// A line that starts an entry of its own: a leading date or time, a
/// `[SEVERITY]` or `Error:` prefix.
static STAMP_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:[<\[]?[0-9]{1,4}[/.\-][0-9]{1,2}[/.\-][0-9]{2,4}|[<\[]?[0-9]{1,2}:[0-9]{2}:[0-9]{2}|\[(?:error|err|warning|warn|info|information|debug|fatal|critical|verbose|trace)\]|(?:error|warning|fatal error|fatal|critical)\s*:)",
    )
    .expect("stamp pattern")
});
/// Words of failure that make an entry worth matching.
static FAILURE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:errors?|fail|fails|failed|failure|failures|cannot|can't|could\s+not|couldn't|unable|denied|invalid|timed\s+out|timeout|corrupt|corrupted|exception|fatal|critical|not\s+found|missing|abort|aborted)(?-u:\b)|(?-u:\b)0x[89a-fA-F][0-9a-fA-F]{7}(?-u:\b)",
    )
    .expect("failure pattern")
});
/// Failure words that say all went well (`0 errors`, `error = 0`).
static NEGATED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:no|0|zero|without)\s+(?:errors?|failures?)(?-u:\b)|(?-u:\b)error\s*(?:code\s*)?[=:]?\s*0(?:[\s,.;)]|$)")
        .expect("negated pattern")
});

/// A CMTrace `type="2"` or `type="3"` attribute (warning, error).
static CMTRACE_ALERT_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)type\s*=\s*"\s*[23]\s*""#).expect("cmtrace type pattern"));

/// Is this line certainly one routine entry: an SMS component-log line or
/// a lone CMTrace record with a message, no severity and no failure word
/// anywhere? Most lines of a log are, and they need no parsing.
fn is_routine_record(line: &str) -> bool {
    // The same conditions under which `logline::parse` makes exactly one
    // entry with a message and no severity; anything else is parsed.
    let sms = || {
        let message = line.split("$$<").next().unwrap_or("");
        !line.contains("<![LOG[")
            && line.matches("$$<").count() == 1
            && SMS_TAIL_RE.is_match(line)
            && !message.trim_matches(|c: char| c.is_whitespace() || c == '~').is_empty()
    };
    let cmtrace = || {
        let Some((message, attributes)) =
            line.trim().strip_prefix("<![LOG[").and_then(|r| r.split_once("]LOG]!>"))
        else {
            return false;
        };
        !message.trim().is_empty()
            && !message.contains("<![LOG[")
            && attributes.starts_with('<')
            && attributes.find('>') == Some(attributes.len() - 1)
            && !CMTRACE_ALERT_RE.is_match(attributes)
    };
    (sms() || cmtrace()) && !FAILURE_RE.is_match(line)
}

/// Does this entry look like an error or a warning?
pub fn is_error_like(entry: &LogEntry) -> bool {
    let severity = entry.severity.as_deref().unwrap_or("").to_ascii_lowercase();
    if matches!(
        severity.as_str(),
        "3" | "2" | "error" | "err" | "fatal" | "critical" | "warning" | "warn" | "failure audit" | "audit failure"
    ) {
        return true;
    }
    if !FAILURE_RE.is_match(&entry.message) {
        return false;
    }
    !NEGATED_RE.is_match(&entry.message) || FAILURE_RE.is_match(&NEGATED_RE.replace_all(&entry.message, " "))
}

/// The entry being grouped.
#[derive(Debug, Default)]
enum Open {
    #[default]
    None,
    /// A CMTrace record whose `]LOG]!>` has not come yet.
    Cmtrace,
    /// An event-viewer block: whether `Description:` was seen, whether its
    /// text began, whether the XML view is being skipped.
    Event { description: bool, text: bool, xml: bool },
    /// A timestamped line taking indented continuation lines.
    Stamped,
}

/// Groups lines into entries and aggregates the error-looking ones.
#[derive(Debug, Default)]
pub struct Aggregator {
    lines: u64,
    entries: u64,
    error_entries: u64,
    overflow: u64,
    templates: HashMap<String, TemplateStats>,
    /// Lines of the open entry with the line number of the first.
    open: Open,
    open_lines: Vec<String>,
    open_first: u64,
    /// Plain lines that may be the start of an SMS message wrapped before its tail.
    pending: Vec<String>,
    pending_first: u64,
    /// An SMS `$$<` tail was seen: plain lines are probably wrapped messages.
    sms: bool,
}

impl Aggregator {
    /// Feed one line (without its line break).
    pub fn push_line(&mut self, line: &str) {
        self.lines += 1;
        let n = self.lines;
        let blank = line.trim().is_empty();
        match self.open {
            Open::Cmtrace => {
                self.open_lines.push(line.to_string());
                if line.contains("]LOG]!>") || self.open_lines.len() >= MAX_ENTRY_LINES {
                    self.close_open();
                }
                return;
            }
            Open::Event { description, text, xml } if !EVENT_BLOCK_RE.is_match(line) => {
                if blank {
                    if text || !description {
                        self.close_open();
                    }
                    return;
                }
                if xml {
                    return;
                }
                if EVENT_XML_RE.is_match(line) {
                    self.open = Open::Event { description, text, xml: true };
                    return;
                }
                if !(text && EVENT_START_RE.is_match(line)) {
                    let text = text || description || DESCRIPTION_RE.captures(line).is_some_and(|c| !c[1].is_empty())
                        || !EVENT_LABEL_RE.is_match(line) && !DESCRIPTION_RE.is_match(line);
                    let description = description || DESCRIPTION_RE.is_match(line);
                    self.open = Open::Event { description, text, xml: false };
                    self.open_lines.push(line.to_string());
                    if self.open_lines.len() >= MAX_ENTRY_LINES {
                        self.close_open();
                    }
                    return;
                }
            }
            Open::Stamped if !blank && line.starts_with([' ', '\t']) && !STAMP_RE.is_match(line) => {
                self.open_lines.push(line.to_string());
                if self.open_lines.len() >= MAX_ENTRY_LINES {
                    self.close_open();
                }
                return;
            }
            _ => {}
        }
        if blank {
            self.flush();
            return;
        }
        if line.contains("<![LOG[") {
            self.flush();
            self.start(Open::Cmtrace, line, n);
            if line.contains("]LOG]!>") {
                self.close_open();
            }
        } else if EVENT_START_RE.is_match(line) {
            self.flush();
            let description = DESCRIPTION_RE.is_match(line);
            self.start(Open::Event { description, text: false, xml: false }, line, n);
        } else if line.contains("$$<") && SMS_TAIL_RE.is_match(line) {
            self.close_open();
            self.sms = true;
            let first = if self.pending.is_empty() { n } else { self.pending_first };
            let mut lines = std::mem::take(&mut self.pending);
            lines.push(line.to_string());
            self.entry_chunk(first, &lines);
        } else if STAMP_RE.is_match(line) {
            self.flush();
            self.start(Open::Stamped, line, n);
        } else {
            self.close_open();
            if self.pending.is_empty() {
                self.pending_first = n;
            }
            self.pending.push(line.to_string());
            // Without SMS tails so far, plain lines are most likely entries of their own.
            let room = if self.sms { MAX_ENTRY_LINES } else { 4 };
            if self.pending.len() > room {
                let first = self.pending.remove(0);
                let at = self.pending_first;
                self.pending_first += 1;
                self.entry_chunk(at, &[first]);
            }
        }
    }

    /// Everything read so far, aggregated.
    pub fn finish(mut self) -> ScanSummary {
        self.flush();
        let mut templates: Vec<TemplateStats> = self.templates.into_values().collect();
        templates.sort_by(|a, b| b.count.cmp(&a.count).then(a.first_line.cmp(&b.first_line)));
        ScanSummary {
            lines: self.lines,
            entries: self.entries,
            error_entries: self.error_entries,
            templates,
            overflow: self.overflow,
        }
    }

    fn start(&mut self, open: Open, line: &str, n: u64) {
        self.open = open;
        self.open_lines.push(line.to_string());
        self.open_first = n;
    }

    /// End the open entry and any pending plain lines (each an entry of its own).
    fn flush(&mut self) {
        self.close_open();
        let first = self.pending_first;
        for (k, line) in std::mem::take(&mut self.pending).into_iter().enumerate() {
            self.entry_chunk(first + k as u64, &[line]);
        }
    }

    fn close_open(&mut self) {
        if !matches!(self.open, Open::None) {
            self.open = Open::None;
            let lines = std::mem::take(&mut self.open_lines);
            self.entry_chunk(self.open_first, &lines);
        }
    }

    /// Parse the lines of one entry (usually one) and aggregate them.
    fn entry_chunk(&mut self, first_line: u64, lines: &[String]) {
        if let [line] = lines
            && is_routine_record(line)
        {
            self.entries += 1;
            return;
        }
        let text = lines.join("\n");
        let entries = logline::parse(&text);
        for (k, entry) in entries.iter().enumerate() {
            if entry.message.is_empty() {
                continue;
            }
            self.entries += 1;
            if !is_error_like(entry) {
                continue;
            }
            self.error_entries += 1;
            let template = mask::mask(&entry.message);
            let line = first_line + entry.line.saturating_sub(1) as u64;
            if let Some(stats) = self.templates.get_mut(&template) {
                stats.count += 1;
                stats.last_line = line;
                continue;
            }
            if self.templates.len() >= MAX_TEMPLATES {
                self.overflow += 1;
                continue;
            }
            // The entry's own lines: up to the next entry of the chunk.
            let from = entry.line.saturating_sub(1).min(lines.len());
            let to = entries.get(k + 1).map_or(lines.len(), |e| e.line.saturating_sub(1)).clamp(from, lines.len());
            let example = truncate(lines[from..to.max(from + 1).min(lines.len())].join("\n").trim(), MAX_EXAMPLE_BYTES);
            let stats = TemplateStats { template: template.clone(), count: 1, first_line: line, last_line: line, example };
            self.templates.insert(template, stats);
        }
    }
}

/// Width of the human report.
const WIDTH: usize = 80;
/// Unmatched messages shown in the human report.
const SHOWN_UNMATCHED: usize = 20;

/// The report for a person, readable at 80 columns: findings with their
/// best articles, then the error-looking messages nothing matched.
pub fn render(report: &ScanReport) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let wrap = |out: &mut String, text: &str, first: &str, rest: &str, max_lines: usize| {
        // Two columns kept for the ` …` of a cut text.
        let options = textwrap::Options::new(WIDTH - 2).initial_indent(first).subsequent_indent(rest);
        let lines = textwrap::wrap(text, options);
        for (k, line) in lines.iter().enumerate().take(max_lines) {
            let more = k + 1 == max_lines && lines.len() > max_lines;
            let _ = writeln!(out, "{line}{}", if more { " …" } else { "" });
        }
    };
    let _ = writeln!(
        out,
        "{} in {} lines ({} entries)",
        plural(report.findings.len() as u64, "finding"),
        report.lines,
        report.entries
    );
    for (n, f) in report.findings.iter().enumerate() {
        let _ = writeln!(out);
        let lines = if f.first_line == f.last_line {
            format!("line {}", f.first_line)
        } else {
            format!("lines {}-{}", f.first_line, f.last_line)
        };
        let _ = writeln!(out, "{:>2}. {} x, {lines}", n + 1, f.count);
        wrap(&mut out, &f.template, "    ", "    ", 4);
        let example = f.example.lines().next().unwrap_or("");
        wrap(&mut out, &format!("e.g. {example}"), "    ", "      ", 2);
        for hit in &f.hits {
            let head = format!("{:>3.0}%  {}  {}", hit.confidence * 100.0, hit.id, hit.title);
            wrap(&mut out, &head, "    ", "           ", 3);
            let why: Vec<&str> = hit.why.iter().take(2).map(String::as_str).collect();
            if !why.is_empty() {
                wrap(&mut out, &format!("why: {}", why.join("; ")), "           ", "             ", 2);
            }
        }
    }
    if !report.unmatched.is_empty() {
        let _ = writeln!(out, "\nError-looking messages that match no article ({}):", report.unmatched.len());
        for u in report.unmatched.iter().take(SHOWN_UNMATCHED) {
            wrap(&mut out, &u.template, &format!("{:>7} x  ", u.count), "            ", 2);
        }
        if report.unmatched.len() > SHOWN_UNMATCHED {
            let _ = writeln!(out, "    ... and {} more (--json lists them all)", report.unmatched.len() - SHOWN_UNMATCHED);
        }
    }
    if !report.findings.is_empty() {
        let _ = writeln!(out, "\n`kbmatch show ID` prints an article with its steps and hotfix files.");
    }
    out
}

fn plural(n: u64, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

/// At most `max` bytes of `s`, cut at a character boundary.
fn truncate(s: &str, max: usize) -> String {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].to_string()
}

/// A reader that decodes UTF-16 to UTF-8 as it goes.
struct Utf16Reader<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    raw: Vec<u8>,
    out: String,
    pos: usize,
    done: bool,
}

impl<R: Read> Utf16Reader<R> {
    fn new(inner: R, encoding: &'static encoding_rs::Encoding) -> Self {
        Utf16Reader {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            raw: vec![0; 64 * 1024],
            out: String::new(),
            pos: 0,
            done: false,
        }
    }
}

impl<R: Read> Read for Utf16Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.pos >= self.out.len() && !self.done {
            let n = self.inner.read(&mut self.raw)?;
            self.done = n == 0;
            self.out.clear();
            self.pos = 0;
            let needed = self.decoder.max_utf8_buffer_length(n).unwrap_or(n * 3 + 16);
            self.out.reserve(needed);
            let _ = self.decoder.decode_to_string(&self.raw[..n], &mut self.out, self.done);
        }
        let rest = &self.out.as_bytes()[self.pos..];
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(text: &str) -> ScanSummary {
        read_log(text.as_bytes(), &ScanOptions::default()).expect("in-memory read")
    }

    fn counts(s: &ScanSummary) -> Vec<(&str, u64, u64, u64)> {
        s.templates.iter().map(|t| (t.template.as_str(), t.count, t.first_line, t.last_line)).collect()
    }

    #[test]
    fn sms_lines_grouped_by_template() {
        let log = "\
Cannot update the package server [\"Display=\\\\DP02\\\"]MSWNET:[\"SMS_SITE=SYD\"]\\\\DP02\\ for package SYD00045, error = 8~  $$<SMS_DISTRIBUTION_MANAGER><08-03-2011 10:02:10.123-600><thread=4404 (0x1134)>
Sleeping for 60 minutes~  $$<SMS_DISTRIBUTION_MANAGER><08-03-2011 10:02:11.000-600><thread=4404 (0x1134)>
Cannot update the package server [\"Display=\\\\DP07\\\"]MSWNET:[\"SMS_SITE=MEL\"]\\\\DP07\\ for package MEL0001A, error = 8~  $$<SMS_DISTRIBUTION_MANAGER><08-03-2011 11:02:10.123-600><thread=4404 (0x1134)>
";
        let s = summary(log);
        assert_eq!((s.lines, s.entries, s.error_entries), (3, 3, 2));
        assert_eq!(counts(&s), vec![("Cannot update the package server <*> for package <*>, error = 8", 2, 1, 3)]);
        assert!(s.templates[0].example.starts_with("Cannot update the package server [\"Display=\\\\DP02"));
    }

    #[test]
    fn multi_line_entries_stay_together() {
        let log = "\
Begin processing.~
Load of DLL failed~  $$<SMS_EXECUTIVE><01-24-1999 20:28:46.908+600><thread=4764 (0x129C)>
<![LOG[Failed to open
the file]LOG]!><time=\"07:48:31.398-600\" date=\"01-27-2001\" component=\"x\" context=\"\" type=\"3\" thread=\"1\" file=\"a.cpp:1\">
Event Type:\tError
Event Source:\tSrv
Event ID:\t2019
Description:

The server was unable to allocate from the system nonpaged pool.

2011-08-03 10:02:10 ERROR Cannot connect
   at Foo.Bar()
plain routine line
";
        let s = summary(log);
        assert_eq!(s.lines, 14);
        assert_eq!(s.entries, 5);
        assert_eq!(
            counts(&s),
            vec![
                ("Begin processing.~ Load of DLL failed", 1, 1, 1),
                ("Failed to open the file", 1, 3, 3),
                ("The server was unable to allocate from the system nonpaged pool.", 1, 5, 5),
                ("Cannot connect at Foo.Bar()", 1, 12, 12),
            ]
        );
        assert_eq!(s.templates[2].example.lines().count(), 5);
    }

    #[test]
    fn plain_lines_are_entries_of_their_own() {
        let s = summary("starting\nfailed to connect to db01\nfailed to connect to db02\ndone, 0 errors\nerror = 0\n");
        assert_eq!((s.lines, s.entries), (5, 5));
        assert_eq!(counts(&s), vec![("failed to connect to db01", 1, 2, 2), ("failed to connect to db02", 1, 3, 3)]);
    }

    #[test]
    fn long_lines_and_bad_bytes_are_bounded() {
        let mut log = vec![b'x'; MAX_LINE_BYTES * 3];
        log.extend_from_slice(b"\nerror \xff\xfe here\r\n");
        let s = read_log(&log[..], &ScanOptions::default()).expect("read");
        assert_eq!((s.lines, s.entries), (2, 2));
        assert_eq!(s.templates[0].template, "error \u{fffd}\u{fffd} here");
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let text = "ok\r\nfailed to start the service\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let s = read_log(&bytes[..], &ScanOptions::default()).expect("read");
        assert_eq!(counts(&s), vec![("failed to start the service", 1, 2, 2)]);
    }

    #[test]
    fn routine_records_skip_parsing_only_when_certain() {
        let sms = "Sleeping for 60 minutes~  $$<SMS_DISTRIBUTION_MANAGER><08-03-2011 10:02:11.000-600><thread=4404 (0x1134)>";
        let cm = "<![LOG[Collection task completed]LOG]!><time=\"1\" component=\"c\" type=\"1\" thread=\"1\">";
        assert!(is_routine_record(sms));
        assert!(is_routine_record(cm));
        for not_certain in [
            "Load of DLL failed~  $$<SMS_EXECUTIVE><01-24-1999 20:28:46.908+600><thread=4764 (0x129C)>",
            "~  $$<SMS_EXECUTIVE><01-24-1999 20:28:46.908+600><thread=4764 (0x129C)>",
            "<![LOG[Disk almost full]LOG]!><time=\"1\" component=\"c\" type=\"2\" thread=\"1\">",
            "<![LOG[   ]LOG]!><time=\"1\" component=\"c\" type=\"1\">",
            "<![LOG[a]LOG]!><time=\"1\" file=\"a>b\">",
            "plain routine line",
        ] {
            assert!(!is_routine_record(not_certain), "{not_certain}");
        }
        // Both ways give the same counts.
        for line in [sms, cm] {
            let parsed = logline::parse(line);
            assert_eq!(parsed.len(), 1);
            assert!(!is_error_like(&parsed[0]));
        }
    }

    proptest::proptest! {
        /// The shortcut never changes a count: a line it calls routine is
        /// one entry that is not error-like.
        #[test]
        fn routine_shortcut_agrees_with_the_parser(
            line in "(\\$\\$<|<!\\[LOG\\[|\\]LOG\\]!>|<thread=1>|<SMS_X>|type=\"[123]\"|>|<|~| |\t|failed|warn|ok|Event ID: 5|Source: x|2011-08-03 10:02:10 |\\[ERROR\\]|[a-z0-9=\"]){0,30}"
        ) {
            if is_routine_record(&line) {
                let entries = logline::parse(&line);
                proptest::prop_assert_eq!(entries.len(), 1, "{:?}", entries);
                proptest::prop_assert!(!is_error_like(&entries[0]));
            }
        }

        /// Any input reads without panicking, and every line is counted.
        #[test]
        fn read_log_never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2000)) {
            let s = read_log(&bytes[..], &ScanOptions::default()).expect("in-memory read");
            let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
            if !utf16 {
                let lines = bytes.split(|&b| b == b'\n').count() as u64 - u64::from(bytes.ends_with(b"\n") || bytes.is_empty());
                proptest::prop_assert_eq!(s.lines, lines);
            }
        }
    }

    #[test]
    fn empty_input() {
        assert_eq!(summary(""), ScanSummary::default());
    }
}
