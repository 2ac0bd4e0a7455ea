//! `kbmatch scan`: triage whole logs. Each log is read as a stream by the
//! one entry reader ([`crate::logs`]; a Windows event log file record by
//! record) and only per-message aggregates are kept, so logs of any size
//! scan in bounded memory.
//!
//! Every entry is classified by the one classifier ([`LogEntry::class`]) and
//! grouped with the entries of the same message, its variable parts masked
//! ([`mask::mask`]; an event record by provider, event ID and masked
//! insertion strings). Then each distinct message worth it is matched once,
//! as the analysed entry it is (no text round trip): every problem (error,
//! warning, words of failure), the messages repeated far more often than
//! the log's others (floods, see [`FLOOD_Z`]) and the most frequent routine
//! ones. What makes a finding is the evidence kind the ranker gives each
//! hit: a problem needs specific evidence ([`Hit::specific`]: the same
//! message, or the same message ID, event ID or error code); a routine
//! message needs an article quoting that very message ([`Hit::same_message`]:
//! an article naming it as the symptom, as Q319207 names status message 2339
//! repeated). Several files make one report, each message saying which
//! files and lines it came from.

use crate::error::{Error, Result};
use crate::index::KbIndex;
use crate::ingest::decode::TextLines;
use crate::logs::{self, EntryReader, Layout, Level, LogEntry, Parsed};
use crate::matcher::{self, Hit, mask};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

mod timeline;
pub use timeline::Timeline;

/// Longest line kept, in bytes; the rest of a longer line is skipped so a
/// log without line breaks cannot fill memory.
pub const MAX_LINE_BYTES: usize = 16 * 1024;
/// Most distinct messages kept (over all files); entries of a new message
/// beyond it are counted in [`ScanReport::dropped`] only.
pub const MAX_MESSAGES: usize = 50_000;
/// Most problem messages matched against the index (the most frequent);
/// the rest are reported as unmatched.
pub const MAX_MATCHED: usize = 500;
/// Most routine messages matched (the most frequent, floods first): an
/// article may name one as its symptom.
pub const ROUTINE_MATCHED: usize = 50;
/// A message is a flood when the robust z-score of its count's logarithm
/// among the log's distinct messages (0.6745 × (x − median) / median
/// absolute deviation, Iglewicz and Hoaglin's outlier test) is above this;
/// the deviation is taken as at least log10(2), so that a log whose messages
/// all occur equally often still needs a message about 36 times the median
/// count to call it a flood.
pub const FLOOD_Z: f64 = 3.5;
/// Longest example kept per message, in bytes.
const MAX_EXAMPLE_BYTES: usize = 4096;
/// How far back, in entries of the same file, a failure point (an entry
/// whose words say an operation ended in failure, or one the log itself
/// calls an error) looks for the problems that led to it; two failure points
/// this close are one failure (a cascade).
pub const FAILURE_WINDOW: u64 = 64;
/// How far back in time a failure point looks, in seconds (when the log
/// writes times): a problem a minute before the failure, or a failure of a
/// run an hour earlier, is not part of it.
pub const FAILURE_SECONDS: i64 = 60;
/// Most failures (cascades) remembered, and most problems remembered per failure.
const MAX_CASCADES: usize = 256;
const MAX_CASCADE_MEMBERS: usize = 256;
/// A message that ends failures with no words of an operation ending this
/// many times (in one failure or several) is one the log repeats, not what
/// made it fail.
const RECURRING_FAILURES: usize = 3;
/// How alike a routine message and an article's quoted one must be for the
/// article to name it as its symptom (a routine line inside a longer
/// quoted excerpt is not).
const VERY_MESSAGE: f32 = 0.95;
/// Files of a folder that are scanned: logs, rotated logs, event logs.
pub const FOLDER_EXTENSIONS: &[&str] = &["log", "lo_", "evtx"];

/// Where in one file a message occurs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Place {
    /// The file as named on the command line (`-` or `<stdin>` for stdin).
    pub file: String,
    /// Entries of the message in this file.
    pub count: u64,
    /// 1-based line of the first one (an event log: its record's position).
    pub first_line: u64,
    /// 1-based line of the last one.
    pub last_line: u64,
}

/// A message repeated far more often than the log's others: its count a
/// robust outlier among theirs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Flood {
    /// Its entries per hour over the log's time span.
    pub per_hour: f64,
    /// The log's time span in seconds, first to last time written (0 when
    /// the log writes no times, then `per_hour` is 0 too).
    pub span_seconds: i64,
}

/// One distinct message of the logs, where it came from and how often: what
/// a [`Finding`] and an [`Unmatched`] message both say.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Message {
    /// The message with its variable parts masked as `<*>`.
    pub template: String,
    /// How many entries have this message (over all files).
    pub count: u64,
    /// 1-based line of the first such entry (in the first file that has it).
    pub first_line: u64,
    /// 1-based line of the last such entry (in the first file that has it).
    pub last_line: u64,
    /// The first such entry as written in the log.
    pub example: String,
    /// `error`, `warning` (as the log writes it), `failure` (its words say
    /// so, in a log that writes no level of its own, or say an operation
    /// ended in failure) or `routine` (an informational line, whatever its
    /// words).
    pub level: String,
    /// The files and lines it came from.
    pub files: Vec<Place>,
    /// Set when it floods the log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flood: Option<Flood>,
    /// What it is in the log's story (see [`Role`]).
    #[serde(default)]
    pub role: Role,
    /// Its place in the report, findings and unmatched messages together
    /// (1 is what a person should read first).
    #[serde(default)]
    pub rank: u64,
    /// Event source and ID, for an event log record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<EventKey>,
    /// When the first such entry was written, where the log writes times
    /// (as [`Timeline::start`]: `2019-04-10T12:01:07`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_time: Option<String>,
    /// When the last such entry was written, the same way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_time: Option<String>,
}

/// What a message is in the log's story, read from where it stands: the
/// report lists failures first, then their causes, then other problems, then
/// the noise.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Role {
    /// It says an operation ended in failure (`CcmSetup failed with error
    /// code 0x80190194`, `Return value 3`), or it is the last error of a
    /// run of errors where nothing says so.
    Failed,
    /// A problem just before a failure (within 64 entries
    /// and 60 seconds) that the log does not write where nothing
    /// fails: what led to it. An informational line whose words say
    /// something failed is a cause only so.
    Cause,
    /// An error, warning or message of failure, apart from any failure.
    #[default]
    Problem,
    /// A problem the log writes where nothing fails as often as where
    /// something does (a log with a failure only): routine for this log.
    Noise,
    /// A routine message an article names as its symptom, or a flood.
    Routine,
}

/// One distinct message of the logs that matches an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Finding {
    /// The message.
    #[serde(flatten)]
    pub message: Message,
    /// The matching articles, best first (only those with the evidence).
    /// A hit that rests on an error code alone, with no message in common,
    /// has its confidence capped by how many articles quote the code: 0.6
    /// for one article, 0.15 less each time their number doubles, 0.2 at
    /// least.
    pub hits: Vec<Hit>,
    /// Whether the first hit is likely to answer the message (its confidence
    /// at least 0.5); when not, the hits are only the closest.
    pub likely_answer: bool,
}

impl std::ops::Deref for Finding {
    type Target = Message;
    fn deref(&self) -> &Message {
        &self.message
    }
}

/// An event log record's provider and event ID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EventKey {
    /// Provider (source).
    pub source: Option<String>,
    /// Event ID.
    pub id: Option<u32>,
}

/// A problem message (or a flood) that no article matches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
#[non_exhaustive]
pub struct Unmatched(pub Message);

impl std::ops::Deref for Unmatched {
    type Target = Message;
    fn deref(&self) -> &Message {
        &self.0
    }
}

/// One file read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FileRead {
    /// The file as named.
    pub file: String,
    /// `text` or `evtx`.
    pub format: String,
    /// Lines read (an event log: records).
    pub lines: u64,
    /// Entries found.
    pub entries: u64,
    /// Damaged parts skipped (event logs).
    pub damaged: u64,
}

/// Triaged logs: the contract's `scan --json` object, extended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ScanReport {
    /// Lines read (an event log's records count as lines).
    pub lines: u64,
    /// Log entries found (a multi-line entry counts once).
    pub entries: u64,
    /// Messages that match an article, in the report's order (see [`Message::rank`]).
    pub findings: Vec<Finding>,
    /// Problem messages, causes and floods that match no article, in the
    /// report's order (see [`Message::rank`]).
    pub unmatched: Vec<Unmatched>,
    /// Each file read.
    pub files: Vec<FileRead>,
    /// Entries not grouped because [`ScanOptions::MAX_MESSAGES`] distinct
    /// messages were kept.
    pub dropped: u64,
    /// What went wrong while reading and was skipped (a damaged event log
    /// chunk), one line each; the CLI prints them on stderr.
    pub warnings: Vec<String>,
    /// The entries, problems and failures over the logs' time span; absent
    /// when they write no times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Timeline>,
}

/// How to scan.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ScanOptions {
    /// Most hits kept per finding.
    pub hits: usize,
    /// Told the number of lines read of each text log every 65,536 lines
    /// (default: none).
    pub progress: Option<crate::Progress<u64>>,
    /// The log's name, for a single stream.
    pub name: String,
    /// The matcher's settings (default: [`crate::Settings::default`]).
    pub settings: crate::Settings,
}

impl ScanOptions {
    /// Most distinct messages a scan keeps; the entries of others are
    /// counted in [`ScanReport::dropped`].
    pub const MAX_MESSAGES: usize = MAX_MESSAGES;
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions { hits: 3, progress: None, name: "<log>".into(), settings: Default::default() }
    }
}

/// Scan one log stream (text; UTF-16 with a byte-order mark is decoded,
/// other bytes as UTF-8, else Windows-1252).
pub fn scan<R: BufRead>(index: &KbIndex, reader: R, options: &ScanOptions) -> Result<ScanReport> {
    let mut scanner = Scanner::new();
    scanner.read_text(&options.name, reader, options.progress.as_ref())?;
    triage(index, scanner, options)
}

/// Scan one log's bytes, named `options.name`: an event log file when they
/// start with its magic, else text (decoded as [`scan`] does).
pub fn scan_bytes(index: &KbIndex, bytes: Vec<u8>, options: &ScanOptions) -> Result<ScanReport> {
    let mut scanner = Scanner::new();
    scanner.read_bytes(&options.name, bytes)?;
    triage(index, scanner, options)
}

/// Scan several logs into one report: files (text or event log, told by
/// content) and folders (their `*.log`, `*.lo_` and `*.evtx` files).
pub fn scan_paths(index: &KbIndex, paths: &[PathBuf], options: &ScanOptions) -> Result<ScanReport> {
    let mut scanner = Scanner::new();
    for path in expand(paths)? {
        scanner.read_path(&path, options.progress.as_ref())?;
    }
    triage(index, scanner, options)
}

/// Files named, and the log files of folders named (sorted by name).
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| Error::io(path, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .filter(|p| {
                    p.extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| FOLDER_EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
                })
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(Error::io(
                    path,
                    std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        "the folder has no *.log, *.lo_ or *.evtx file to scan",
                    ),
                ));
            }
            out.extend(found);
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

/// One distinct message and where it occurs.
#[derive(Debug, Clone)]
struct Group {
    template: String,
    class: logs::Class,
    count: u64,
    places: Vec<(usize, Place)>,
    example: String,
    /// The first entry, matched as it is.
    entry: LogEntry,
    /// When its first and last entries were written (seconds).
    times: Option<(i64, i64)>,
    /// Entries of it that a failure point claimed (see [`FAILURE_WINDOW`]).
    claimed: u64,
    /// Entries of it (problems) that no failure point claimed.
    apart: u64,
}

/// A problem entry waiting for a failure point.
#[derive(Debug, Clone, Copy)]
struct Recent {
    group: usize,
    position: u64,
    line: u64,
    time: Option<i64>,
}

/// One failure: the failure points within reach of each other and the
/// problems they claimed, in the order of the log.
#[derive(Debug, Clone, Default)]
struct Cascade {
    /// Problems claimed: (group, line).
    members: Vec<(usize, u64)>,
    /// Failure points: (group, line, whether its words say an operation ended).
    points: Vec<(usize, u64, bool)>,
}

/// Reads logs and keeps per-message aggregates.
#[derive(Debug, Default)]
pub struct Scanner {
    groups: Vec<Group>,
    /// Each group's key -> its index.
    keys: HashMap<String, usize>,
    /// Routine messages by shape (see [`shape`]) -> their group.
    shapes: HashMap<String, usize>,
    /// Problem entries of the current file not yet claimed by a failure point.
    recent: std::collections::VecDeque<Recent>,
    /// Entries read of the current file.
    position: u64,
    /// The last failure point of the current file: its position and time.
    last_failure: Option<(u64, Option<i64>)>,
    /// The last time the current file wrote, in seconds.
    clock: Option<i64>,
    cascades: Vec<Cascade>,
    files: Vec<FileRead>,
    dropped: u64,
    warnings: Vec<String>,
    /// The entries, problems and failure points over time.
    timeline: timeline::Clock,
}

/// A routine message's shape: its words holding a digit made one. Routine
/// lines differing only there (a package ID, a count) are the same message;
/// the shape spares masking each of them (the first is masked, and shapes
/// whose templates agree are one group).
fn shape(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    for word in message.split(' ') {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.bytes().any(|b| b.is_ascii_digit()) {
            out.push('#');
        } else {
            out.push_str(word);
        }
    }
    out
}

/// A routine group's template with each word holding a digit that the
/// mask kept (`CEN0000`, a short ID) made a wildcard once another message
/// of the same shape (`first`'s) writes another word there (`CEN0004`):
/// the template stands for all of them, not for the first.
fn unmask_varying(template: &mut String, first: &str, other: &str) {
    for (was, now) in first.split(' ').zip(other.split(' ')) {
        if was != now && was.bytes().any(|b| b.is_ascii_digit()) {
            let masked = template.split(' ').map(|word| if word == was { mask::WILDCARD } else { word });
            let masked = masked.collect::<Vec<_>>().join(" ");
            *template = masked;
        }
    }
}

impl Scanner {
    /// An empty scanner.
    pub fn new() -> Self {
        Scanner::default()
    }

    /// Read a file: an event log file when it starts with its magic, else text.
    pub fn read_path(&mut self, path: &Path, progress: Option<&crate::Progress<u64>>) -> Result<()> {
        let name = path.display().to_string();
        if name == "-" {
            return self.read_text("<stdin>", std::io::stdin().lock(), progress);
        }
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if !meta.is_file() {
            return Err(Error::io(
                path,
                std::io::Error::other("not a regular file: give a log file or a folder of logs"),
            ));
        }
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let mut reader = std::io::BufReader::with_capacity(256 * 1024, file);
        // The first bytes, looked at without consuming them.
        let head = reader.fill_buf().map_err(|e| Error::io(path, e))?;
        if logs::evtx::is_evtx(head) {
            return self.read_evtx(path);
        }
        self.read_text(&name, reader, progress)
    }

    /// Read a text log.
    pub fn read_text<R: BufRead>(
        &mut self,
        name: &str,
        reader: R,
        progress: Option<&crate::Progress<u64>>,
    ) -> Result<()> {
        let file = self.files.len();
        self.files.push(FileRead { file: name.to_string(), format: "text".into(), lines: 0, entries: 0, damaged: 0 });
        let io_error = |e| Error::io(name, e);
        let mut lines = TextLines::new(reader, MAX_LINE_BYTES).map_err(io_error)?;
        let mut reader = EntryReader::new(Layout::Log);
        let mut line = String::new();
        while lines.next_line(&mut line).map_err(io_error)? {
            reader.push_line(&line);
            while let Some(parsed) = reader.next_entry() {
                self.add(file, parsed);
            }
            let n = reader.lines();
            if n.is_multiple_of(65_536)
                && let Some(progress) = progress
            {
                progress.report(n as u64);
            }
        }
        reader.finish();
        while let Some(parsed) = reader.next_entry() {
            self.add(file, parsed);
        }
        self.files[file].lines = reader.lines() as u64;
        self.end_file();
        Ok(())
    }

    /// Read a Windows event log file.
    pub fn read_evtx(&mut self, path: &Path) -> Result<()> {
        self.read_records(&path.display().to_string(), |entry, warning| logs::evtx::read(path, entry, warning))
    }

    /// Read a whole Windows event log file already in memory (an upload).
    pub fn read_evtx_bytes(&mut self, name: &str, bytes: Vec<u8>) -> Result<()> {
        self.read_records(name, move |entry, warning| logs::evtx::read_bytes(name, bytes, entry, warning))
    }

    /// Read one log's bytes: an event log file when they start with its
    /// magic, else text.
    pub fn read_bytes(&mut self, name: &str, bytes: Vec<u8>) -> Result<()> {
        if logs::evtx::is_evtx(&bytes) {
            self.read_evtx_bytes(name, bytes)
        } else {
            self.read_text(name, std::io::Cursor::new(bytes), None)
        }
    }

    /// Read an event log's records, as `read` hands them over.
    fn read_records(
        &mut self,
        name: &str,
        read: impl FnOnce(&mut dyn FnMut(LogEntry), &mut dyn FnMut(String)) -> Result<logs::evtx::EvtxRead>,
    ) -> Result<()> {
        let file = self.files.len();
        self.files.push(FileRead { file: name.to_string(), format: "evtx".into(), lines: 0, entries: 0, damaged: 0 });
        let mut records = Vec::new();
        let mut warnings = Vec::new();
        // Records are handed over as they come; a chunk's worth at most waits here.
        let read = read(
            &mut |entry| {
                records.push(entry);
                if records.len() >= 1024 {
                    for entry in records.drain(..) {
                        let line = entry.line;
                        self.add(file, Parsed { raw: describe_record(&entry), entry, last_line: line });
                    }
                }
            },
            &mut |w| warnings.push(w),
        );
        for entry in records {
            let line = entry.line;
            self.add(file, Parsed { raw: describe_record(&entry), entry, last_line: line });
        }
        let read = read?;
        self.files[file].lines = read.records;
        self.files[file].damaged = read.damaged;
        self.warnings.extend(warnings);
        self.end_file();
        Ok(())
    }

    /// Count one entry.
    fn add(&mut self, file: usize, parsed: Parsed) {
        let Parsed { entry, raw, last_line: _ } = parsed;
        if entry.message.is_empty() && entry.event_id.is_none() {
            return;
        }
        self.files[file].entries += 1;
        self.position += 1;
        // A line with no time of its own (a process's `[1884] ...` line)
        // stands at the time of the last line that had one.
        let time = entry.time.as_deref().and_then(logs::seconds).or(self.clock);
        self.clock = time;
        let class = entry.class();
        let failure_point = class.ends || (class.stated && class.level == Level::Error);
        if let Some(t) = time {
            self.timeline.count(t, class.is_problem(), failure_point);
        }
        let line = entry.line as u64;
        let Some(group) = self.group_of(file, &entry, class, &raw) else {
            self.dropped += 1;
            return;
        };
        if let Some(t) = time {
            let times = &mut self.groups[group].times;
            *times = Some(times.map_or((t, t), |(first, _)| (first, t)));
        }
        if entry.record {
            return;
        }
        self.expire(time);
        let candidate = class.is_problem() || class.is_quiet_failure();
        if failure_point {
            let joins = self.last_failure.is_some_and(|(position, at)| {
                self.position - position <= FAILURE_WINDOW && within_seconds(at, time)
            });
            // Past the bound, a new failure's claims still count, unrecorded.
            let open = joins || self.cascades.len() < MAX_CASCADES;
            if !joins && open {
                self.cascades.push(Cascade::default());
            }
            for r in std::mem::take(&mut self.recent) {
                self.groups[r.group].claimed += 1;
                if let Some(c) = self.cascades.last_mut().filter(|c| open && c.members.len() < MAX_CASCADE_MEMBERS) {
                    c.members.push((r.group, r.line));
                }
            }
            if let Some(c) = self.cascades.last_mut().filter(|c| open && c.points.len() < MAX_CASCADE_MEMBERS) {
                c.points.push((group, line, class.ends));
            }
            self.last_failure = Some((self.position, time));
        }
        if candidate {
            self.recent.push_back(Recent { group, position: self.position, line, time });
        }
    }

    /// Problems too far back for a failure point at this position and time
    /// to claim: counted apart from any failure.
    fn expire(&mut self, now: Option<i64>) {
        while let Some(r) = self.recent.front() {
            if self.position - r.position <= FAILURE_WINDOW && within_seconds(r.time, now) {
                break;
            }
            self.groups[r.group].apart += 1;
            self.recent.pop_front();
        }
    }

    /// A file ended: its waiting problems were apart from any failure.
    fn end_file(&mut self) {
        for r in std::mem::take(&mut self.recent) {
            self.groups[r.group].apart += 1;
        }
        self.position = 0;
        self.last_failure = None;
        self.clock = None;
    }

    /// The group of an entry, counted; None when the table is full and the
    /// message is new.
    fn group_of(&mut self, file: usize, entry: &LogEntry, class: logs::Class, raw: &str) -> Option<usize> {
        let mut shape_of = None;
        let key = if entry.record {
            format!(
                "{}\u{1f}{}\u{1f}{}",
                entry.event_source.as_deref().unwrap_or(""),
                entry.event_id.map_or(String::new(), |id| id.to_string()),
                mask::mask(&entry.message)
            )
        } else if class.is_problem() || class.is_quiet_failure() {
            mask::mask(&entry.message)
        } else {
            let shape = shape(&entry.message);
            match self.shapes.get(&shape) {
                Some(&g) => {
                    let group = &mut self.groups[g];
                    unmask_varying(&mut group.template, &group.entry.message, &entry.message);
                    return Some(self.count(g, file, entry.line as u64));
                }
                None => {
                    shape_of = Some(shape);
                    format!("\u{1e}{}", mask::mask(&entry.message))
                }
            }
        };
        let line = entry.line as u64;
        if let Some(&g) = self.keys.get(&key) {
            if let Some(shape) = shape_of.filter(|_| self.shapes.len() < MAX_MESSAGES) {
                self.shapes.insert(shape, g);
            }
            if key.starts_with('\u{1e}') {
                let group = &mut self.groups[g];
                unmask_varying(&mut group.template, &group.entry.message, &entry.message);
            }
            return Some(self.count(g, file, line));
        }
        if self.groups.len() >= MAX_MESSAGES {
            return None;
        }
        let template = if entry.record {
            key.rsplit('\u{1f}').next().unwrap_or("").to_string()
        } else {
            key.trim_start_matches('\u{1e}').to_string()
        };
        let g = self.groups.len();
        self.groups.push(Group {
            template,
            class,
            count: 1,
            places: vec![(file, Place { file: String::new(), count: 1, first_line: line, last_line: line })],
            example: truncate(raw, MAX_EXAMPLE_BYTES),
            entry: entry.clone(),
            times: None,
            claimed: 0,
            apart: 0,
        });
        self.keys.insert(key, g);
        if let Some(shape) = shape_of.filter(|_| self.shapes.len() < MAX_MESSAGES) {
            self.shapes.insert(shape, g);
        }
        Some(g)
    }

    /// One more entry of a group.
    fn count(&mut self, g: usize, file: usize, line: u64) -> usize {
        let group = &mut self.groups[g];
        group.count += 1;
        match group.places.last_mut() {
            Some((f, place)) if *f == file => {
                place.count += 1;
                place.last_line = line;
            }
            _ => group.places.push((file, Place { file: String::new(), count: 1, first_line: line, last_line: line })),
        }
        g
    }
}

/// Whether two times (seconds, when the log writes them) are within
/// [`FAILURE_SECONDS`] of each other.
fn within_seconds(earlier: Option<i64>, later: Option<i64>) -> bool {
    match (earlier, later) {
        (Some(a), Some(b)) => (b - a).abs() <= FAILURE_SECONDS,
        _ => true,
    }
}

/// An event record as one line for a person: level, time, source, ID, computer, strings.
fn describe_record(e: &LogEntry) -> String {
    let mut parts = Vec::new();
    for (label, value) in [
        ("Level", e.severity.clone()),
        ("Time", e.time.clone()),
        ("Source", e.event_source.clone()),
        ("Event ID", e.event_id.map(|id| id.to_string())),
        ("Computer", e.computer.clone()),
    ] {
        if let Some(v) = value {
            parts.push(format!("{label}: {v}"));
        }
    }
    if !e.message.is_empty() {
        parts.push(format!("Strings: {}", e.message));
    }
    truncate(&parts.join("  "), MAX_EXAMPLE_BYTES)
}

/// The level of a message's class, as reported.
fn level_name(class: logs::Class) -> &'static str {
    match class.level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Routine if (class.failure && !class.stated) || class.ends => "failure",
        Level::Routine => "routine",
    }
}

/// Whether a hit is evidence enough to make a message a finding: for a
/// routine message, the same message; for a problem, specific evidence
/// ([`Hit::specific`]); and an event log record is the same event only from
/// the same source (event IDs are numbered per provider: event 27 of one
/// driver is not event 27 of another).
fn is_evidence(entry: &LogEntry, problem: bool, hit: &Hit) -> bool {
    if hit.same_message {
        return true;
    }
    if !problem || !hit.specific {
        return false;
    }
    if !entry.record {
        return true;
    }
    let same_event = match (&entry.event_source, entry.event_id) {
        (Some(source), Some(id)) => format!("event:{id}:{}", source.to_lowercase()),
        (None, Some(id)) => format!("event:{id}"),
        _ => String::new(),
    };
    hit.shared_signals.iter().any(|t| !t.starts_with("event:") || *t == same_event)
}

/// Which counts are floods (see [`FLOOD_Z`]).
fn floods(counts: &[u64]) -> Vec<bool> {
    let logs: Vec<f64> = counts.iter().map(|&c| (c.max(1) as f64).log10()).collect();
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        let n = v.len();
        if n == 0 {
            0.0
        } else if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        }
    };
    let m = median(&mut logs.clone());
    let mad = median(&mut logs.iter().map(|x| (x - m).abs()).collect()).max(2f64.log10());
    logs.iter().map(|x| 0.6745 * (x - m) / mad > FLOOD_Z).collect()
}

/// The most confidence a hit may keep when it rests on an error code alone
/// (no message, message ID or event ID in common) that `articles` articles
/// quote: 0.6 for a code one article quotes, 0.15 less each time the number
/// doubles, never under 0.2. A log writes many codes that many articles
/// quote (`0x80070002`, `0x80004005`), and the same code comes from many
/// programs doing many things: an article quoting it is not thereby about
/// this log's problem, and is a likely answer (0.5 or more) only when no
/// other article quotes the code.
pub fn code_alone_cap(articles: u64) -> f64 {
    (0.6 - 0.15 * (articles.max(1) as f64).log2()).max(0.2)
}

/// A hit's confidence capped when the code alone is its evidence (see
/// [`code_alone_cap`]): no message, message ID or event ID in common, or
/// the only message in common is the code's own (`The system cannot find
/// the file specified.` beside `0x80070002`), which says what the code
/// means, not what the log was doing.
fn honest(index: &KbIndex, searcher: &tantivy::Searcher, hit: &mut Hit) {
    let code_message = hit.same_message && quotes_only_the_codes_message(index, hit);
    if (hit.same_message && !code_message) || hit.shared_signals.iter().any(|t| !t.starts_with("err:")) {
        return;
    }
    if hit.shared_signals.is_empty() && !code_message {
        return;
    }
    let field = index.fields().signals;
    let articles = hit
        .shared_signals
        .iter()
        .map(|t| searcher.doc_freq(&tantivy::Term::from_field_text(field, t)).unwrap_or(0))
        .max()
        .unwrap_or(u64::MAX);
    hit.confidence = hit.confidence.min(code_alone_cap(articles));
}

/// Whether a hit quotes the message itself: word for word, or its template
/// with at least [`VERY_MESSAGE`] similarity.
fn quotes_the_very_message(hit: &Hit) -> bool {
    hit.evidence.iter().any(|e| {
        matches!(e, crate::Evidence::Message { similarity, word_for_word, .. } if *word_for_word || *similarity >= VERY_MESSAGE)
    })
}

/// Whether every message a hit has in common with the entry is the
/// message of the entry's error code, as the index's table of codes gives it.
fn quotes_only_the_codes_message(index: &KbIndex, hit: &Hit) -> bool {
    let Some(code) = hit.code.as_ref().and_then(|c| crate::extract::codes::parse_alone(&c.pasted)) else {
        return false;
    };
    let Some(meaning) = index.code_table().forms(&code).and_then(|f| f.message) else { return false };
    let plain = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    let meaning = plain(&meaning);
    let mut messages = hit.evidence.iter().filter_map(|e| match e {
        crate::Evidence::Message { text, .. } => Some(plain(text)),
        _ => None,
    });
    messages.next().is_some_and(|m| m == meaning) && messages.all(|m| m == meaning)
}

/// Where each message stands in the log's failures: for each group, its
/// role and the order it comes in ((strength, place in its failure,
/// latest failure first) — lower first), for the groups that are part of a
/// failure.
fn failure_roles(groups: &[Group], cascades: &[Cascade]) -> HashMap<usize, (Role, (u8, usize, std::cmp::Reverse<usize>))> {
    let novel = |g: usize| groups[g].claimed > 0 && groups[g].claimed >= groups[g].apart;
    let end_of = |c: &Cascade| -> Option<(usize, bool)> {
        let strong = c.points.iter().any(|p| p.2);
        c.points.iter().rev().find(|p| p.2 || !strong).map(|p| (p.0, strong))
    };
    // A message that is the whole story of several failures where nothing
    // says an operation ended is one the log repeats.
    let mut weak_ends: HashMap<usize, usize> = HashMap::new();
    for c in cascades {
        if let Some((g, false)) = end_of(c) {
            *weak_ends.entry(g).or_default() += c.points.iter().filter(|p| p.0 == g).count();
        }
    }
    let mut roles: HashMap<usize, (Role, (u8, usize, std::cmp::Reverse<usize>))> = HashMap::new();
    let mut offer = |g: usize, role: Role, key: (u8, usize, std::cmp::Reverse<usize>)| {
        let slot = roles.entry(g).or_insert((role, key));
        if key < slot.1 {
            *slot = (role, key);
        }
    };
    for (n, c) in cascades.iter().enumerate() {
        let Some((end, strong)) = end_of(c) else { continue };
        if !strong && weak_ends.get(&end).is_some_and(|&k| k >= RECURRING_FAILURES) {
            continue;
        }
        let tier = u8::from(!strong);
        offer(end, Role::Failed, (tier, 0, std::cmp::Reverse(n)));
        // The problems and failure points before the end, in the log's order:
        // the first one the log does not write elsewhere is the likeliest cause.
        let mut before: Vec<(u64, usize)> =
            c.members.iter().map(|&(g, line)| (line, g)).chain(c.points.iter().map(|p| (p.1, p.0))).collect();
        before.sort_unstable();
        let mut place = 1;
        let mut seen = std::collections::HashSet::new();
        for (_, g) in before {
            if g == end || !novel(g) || !seen.insert(g) {
                continue;
            }
            offer(g, Role::Cause, (tier, place, std::cmp::Reverse(n)));
            place += 1;
        }
    }
    roles
}

/// Match the distinct messages worth it and sort them into findings and
/// unmatched messages, in the order a person should read them: what
/// failed, what led to it, other problems, routine symptoms and floods,
/// then the noise (see [`Role`]).
pub fn triage(index: &KbIndex, scanner: Scanner, options: &ScanOptions) -> Result<ScanReport> {
    let Scanner { groups, files, dropped, warnings, timeline, cascades, .. } = scanner;
    let span = timeline.span();
    let roles = failure_roles(&groups, &cascades);
    let has_failure = !roles.is_empty();
    let counts: Vec<u64> = groups.iter().map(|g| g.count).collect();
    let flooding = floods(&counts);
    let role_of = |n: usize, g: &Group, flood: bool| -> Option<Role> {
        if let Some((role, _)) = roles.get(&n) {
            return Some(*role);
        }
        if g.class.is_problem() {
            // In a log with a failure, a problem it repeats apart from it is noise.
            let noise = has_failure && g.count >= 2 && g.apart > g.claimed;
            return Some(if noise { Role::Noise } else { Role::Problem });
        }
        if g.class.is_quiet_failure() && !flood {
            return None;
        }
        Some(Role::Routine)
    };
    let assigned: Vec<Option<Role>> =
        groups.iter().enumerate().zip(&flooding).map(|((n, g), &flood)| role_of(n, g, flood)).collect();
    // Which to match: every part of a failure, the most frequent problems,
    // the floods and the most frequent routine messages.
    let mut by_count: Vec<usize> = (0..groups.len()).collect();
    by_count.sort_by(|&a, &b| {
        groups[b]
            .count
            .cmp(&groups[a].count)
            .then(groups[a].places[0].0.cmp(&groups[b].places[0].0))
            .then(groups[a].places[0].1.first_line.cmp(&groups[b].places[0].1.first_line))
    });
    let mut chosen = vec![false; groups.len()];
    let (mut problems, mut routine) = (0, 0);
    for &n in &by_count {
        chosen[n] = match assigned[n] {
            None => false,
            Some(Role::Failed | Role::Cause) => true,
            Some(Role::Problem | Role::Noise) => {
                problems += 1;
                problems <= MAX_MATCHED
            }
            Some(Role::Routine) => {
                routine += 1;
                flooding[n] || (!groups[n].class.is_quiet_failure() && routine <= ROUTINE_MATCHED)
            }
        };
    }
    let search = crate::SearchOptions::default().limit(options.hits.max(1)).settings(options.settings.clone());
    let matched: Vec<Vec<Hit>> = groups
        .par_iter()
        .zip(&chosen)
        .map(|(g, &chosen)| {
            if !chosen {
                return Ok(Vec::new());
            }
            match matcher::match_entries(index, vec![g.entry.clone()], &search) {
                Err(Error::EmptyQuery) => Ok(Vec::new()),
                other => other,
            }
        })
        .collect::<Result<_>>()?;
    let searcher = index.searcher();
    let span_seconds = span.map_or(0, |(a, b)| b - a);
    // (order key, finding or unmatched)
    let mut entries: Vec<((u8, (u8, usize, std::cmp::Reverse<usize>), std::cmp::Reverse<u64>), Result<Finding, Unmatched>)> =
        Vec::new();
    for (n, ((group, mut hits), flood)) in groups.into_iter().zip(matched).zip(flooding).enumerate() {
        let Some(role) = assigned[n] else { continue };
        let problem = group.class.is_problem() || matches!(role, Role::Failed | Role::Cause);
        // A message is a finding on the evidence, not on words in common;
        // a routine one only on the very message, not a longer one quoting
        // it among others (a log excerpt whose point is another line).
        hits.retain(|h| is_evidence(&group.entry, problem, h) && (problem || quotes_the_very_message(h)));
        for hit in &mut hits {
            honest(index, &searcher, hit);
        }
        if hits.is_empty() && role == Role::Routine && !flood {
            continue;
        }
        let flood = flood.then(|| Flood {
            per_hour: if span_seconds > 0 {
                (group.count as f64 * 3600.0 / span_seconds as f64 * 10.0).round() / 10.0
            } else {
                0.0
            },
            span_seconds,
        });
        let places: Vec<Place> =
            group.places.into_iter().map(|(f, place)| Place { file: files[f].file.clone(), ..place }).collect();
        let event =
            group.entry.record.then(|| EventKey { source: group.entry.event_source.clone(), id: group.entry.event_id });
        let (first_line, last_line) = (places[0].first_line, places[0].last_line);
        let best = hits.first().map_or(0.0, |h| h.confidence);
        // Failures and causes in their order; then problems, the log's own
        // level first (an error with no article above a warning with one),
        // then the likelier article, then the more frequent.
        let tier = match role {
            Role::Failed | Role::Cause => 0,
            Role::Problem => 1,
            Role::Routine => 2,
            Role::Noise => 3,
        };
        let within = match roles.get(&n) {
            Some((_, key)) => *key,
            None => (u8::MAX - level_rank(group.class), 1000 - (best * 1000.0) as usize, std::cmp::Reverse(0)),
        };
        let key = (tier, within, std::cmp::Reverse(group.count));
        let message = Message {
            template: group.template,
            count: group.count,
            first_line,
            last_line,
            example: group.example,
            level: level_name(group.class).to_string(),
            files: places,
            flood,
            role,
            rank: 0,
            event,
            first_time: group.times.map(|(first, _)| timeline::civil(first)),
            last_time: group.times.map(|(_, last)| timeline::civil(last)),
        };
        entries.push((
            key,
            if hits.is_empty() {
                Err(Unmatched(message))
            } else {
                Ok(Finding { likely_answer: best >= 0.5, message, hits })
            },
        ));
    }
    entries.sort_by(|a, b| {
        let first = |e: &Result<Finding, Unmatched>| match e {
            Ok(f) => f.first_line,
            Err(u) => u.first_line,
        };
        a.0.cmp(&b.0).then(first(&a.1).cmp(&first(&b.1)))
    });
    let mut findings = Vec::new();
    let mut unmatched = Vec::new();
    for (rank, (_, e)) in entries.into_iter().enumerate() {
        match e {
            Ok(mut f) => {
                f.message.rank = rank as u64 + 1;
                findings.push(f);
            }
            Err(mut u) => {
                u.0.rank = rank as u64 + 1;
                unmatched.push(u);
            }
        }
    }
    Ok(ScanReport {
        lines: files.iter().map(|f| f.lines).sum(),
        entries: files.iter().map(|f| f.entries).sum(),
        findings,
        unmatched,
        files,
        dropped,
        warnings,
        timeline: timeline.timeline(),
    })
}

/// The level as an order: the log's error, its warning, words of failure, routine.
fn level_rank(class: logs::Class) -> u8 {
    match class.level {
        Level::Error => 3,
        Level::Warning => 2,
        Level::Routine if class.failure || class.ends => 1,
        Level::Routine => 0,
    }
}

/// At most `max` bytes of `s`, cut at a character boundary.
fn truncate(s: &str, max: usize) -> String {
    s[..s.floor_char_boundary(max)].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scanner(text: &str) -> Scanner {
        let mut s = Scanner::new();
        s.read_text("a.log", text.as_bytes(), None).expect("in-memory read");
        s
    }

    fn counts(s: &Scanner) -> Vec<(String, u64, u64, u64)> {
        let mut v: Vec<_> = s
            .groups
            .iter()
            .filter(|g| g.class.is_problem())
            .map(|g| (g.template.clone(), g.count, g.places[0].1.first_line, g.places[0].1.last_line))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn sms_lines_grouped_by_template() {
        let log = "\
Cannot update the package server [\"Display=\\\\DP02\\\"]MSWNET:[\"SMS_SITE=SYD\"]\\\\DP02\\ for package SYD00045, error = 8~  $$<SMS_DISTRIBUTION_MANAGER><08-03-2011 10:02:10.123-600><thread=4404 (0x1134)>
Sleeping for 60 minutes~  $$<SMS_DISTRIBUTION_MANAGER><08-03-2011 10:02:11.000-600><thread=4404 (0x1134)>
Cannot update the package server [\"Display=\\\\DP07\\\"]MSWNET:[\"SMS_SITE=MEL\"]\\\\DP07\\ for package MEL0001A, error = 8~  $$<SMS_DISTRIBUTION_MANAGER><08-03-2011 11:02:10.123-600><thread=4404 (0x1134)>
";
        let s = scanner(log);
        assert_eq!((s.files[0].lines, s.files[0].entries), (3, 3));
        assert_eq!(
            counts(&s),
            vec![("Cannot update the package server <*> for package <*>, error = 8".to_string(), 2, 1, 3)]
        );
        // The log's time span: first to last time written.
        assert_eq!(s.timeline.span().map(|(a, b)| b - a), Some(3600));
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
        let s = scanner(log);
        assert_eq!((s.files[0].lines, s.files[0].entries), (14, 5));
        assert_eq!(
            counts(&s),
            vec![
                ("Begin processing.~ Load of DLL failed".to_string(), 1, 1, 1),
                ("Cannot connect at Foo.Bar()".to_string(), 1, 12, 12),
                ("Failed to open the file".to_string(), 1, 3, 3),
                ("The server was unable to allocate from the system nonpaged pool.".to_string(), 1, 5, 5),
            ]
        );
        let event = s.groups.iter().find(|g| g.template.starts_with("The server")).unwrap();
        assert_eq!(event.example.lines().count(), 5);
        assert_eq!((event.entry.event_id, event.entry.event_source.as_deref()), (Some(2019), Some("Srv")));
    }

    #[test]
    fn plain_lines_are_entries_of_their_own() {
        let s = scanner("starting\nfailed to connect to db01\nfailed to connect to db02\ndone, 0 errors\nerror = 0\n");
        assert_eq!((s.files[0].lines, s.files[0].entries), (5, 5));
        assert_eq!(
            counts(&s),
            vec![
                ("failed to connect to db01".to_string(), 1, 2, 2),
                ("failed to connect to db02".to_string(), 1, 3, 3)
            ]
        );
    }

    #[test]
    fn long_lines_and_bad_bytes_are_bounded() {
        let mut log = vec![b'x'; MAX_LINE_BYTES * 3];
        log.extend_from_slice(b"\nerror \xff\xfe here\r\n");
        let mut s = Scanner::new();
        s.read_text("a.log", &log[..], None).unwrap();
        assert_eq!((s.files[0].lines, s.files[0].entries), (2, 2));
        // Not UTF-8: Windows-1252, as every text kbmatch reads.
        assert_eq!(counts(&s)[0].0, "error \u{ff}\u{fe} here");
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let text = "ok\r\nfailed to start the service\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let mut s = Scanner::new();
        s.read_text("a.log", &bytes[..], None).unwrap();
        assert_eq!(counts(&s), vec![("failed to start the service".to_string(), 1, 2, 2)]);
    }

    #[test]
    fn routine_lines_differing_in_numbers_are_one_message() {
        let log = (0..300).map(|n| format!("Processing package SYD{n:05} (priority Medium)~  $$<SMS_DISTRIBUTION_MANAGER><08-03-2011 10:{:02}:00.000-600><thread=1 (0x1)>\n", n % 60)).collect::<String>();
        let s = scanner(&log);
        assert_eq!(s.groups.len(), 1);
        let g = s.groups.iter().next().unwrap();
        assert_eq!((g.template.as_str(), g.count), ("Processing package <*> (priority Medium)", 300));
    }

    #[test]
    fn a_group_over_several_short_ids_shows_none_of_them() {
        let line = |id: &str| {
            format!("Package {id} has been updated successfully.  $$<SMS_DISTRIBUTION_MANAGER><08-03-2011 10:01:10.123-600><thread=4404 (0x1134)>\n")
        };
        let s = scanner(&["CEN0000", "CEN0001", "CEN0002", "CEN0003", "CEN0004"].map(line).concat());
        let templates: Vec<(&str, u64)> = s.groups.iter().map(|g| (g.template.as_str(), g.count)).collect();
        assert_eq!(templates, [("Package <*> has been updated successfully.", 5)]);
        // One ID alone is the message's own.
        let s = scanner(&line("CEN0000").repeat(3));
        assert_eq!(s.groups.iter().next().map(|g| g.template.as_str()), Some("Package CEN0000 has been updated successfully."));
    }

    #[test]
    fn floods_stand_out_of_the_counts() {
        // Twenty messages a few times each, one a thousand times.
        let mut counts: Vec<u64> = (1..=20).map(|n| n % 5 + 1).collect();
        counts.push(1000);
        let f = floods(&counts);
        assert_eq!(f.iter().filter(|&&x| x).count(), 1);
        assert!(f[20]);
        // All alike: none; a message 36 times the median of equal counts is.
        assert!(!floods(&[7, 7, 7, 7]).iter().any(|&x| x));
        assert_eq!(floods(&[1, 1, 1, 1, 35, 40]), vec![false, false, false, false, false, true]);
        assert!(floods(&[]).is_empty());
    }

    #[test]
    fn the_table_of_messages_is_bounded_and_what_it_drops_is_counted() {
        let mut s = Scanner::new();
        let word = |n: usize| (0..4).map(|k| (b'a' + (n / 26usize.pow(k) % 26) as u8) as char).collect::<String>();
        let log = (0..MAX_MESSAGES + 10).map(|n| format!("failed to reach host {}\n", word(n))).collect::<String>();
        s.read_text("a.log", log.as_bytes(), None).unwrap();
        assert_eq!(s.groups.len() as u64 + s.dropped, (MAX_MESSAGES + 10) as u64);
        assert_eq!(s.groups.len(), MAX_MESSAGES);
    }

    proptest::proptest! {
        /// Any input reads without panicking, and every line is counted.
        #[test]
        fn read_never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2000)) {
            let mut s = Scanner::new();
            s.read_text("a.log", &bytes[..], None).expect("in-memory read");
            let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
            if !utf16 {
                let lines = bytes.split(|&b| b == b'\n').count() as u64 - u64::from(bytes.ends_with(b"\n") || bytes.is_empty());
                proptest::prop_assert_eq!(s.files[0].lines, lines);
            }
        }
    }

    /// A servicing log of four runs, the last of which fails, in the
    /// project's own words (the shape of a DISM.log: severities in a field,
    /// process and thread ids, a process's own lines, a hive that never
    /// unloads in any run).
    pub(crate) fn servicing_runs() -> String {
        let mut log = String::new();
        for run in 1..=4 {
            let t = |s: u32| format!("2024-03-05 09:{:02}:{s:02}", run * 5);
            let pid = 1000 + run;
            log += &format!("{}, Info                  DISM   DISM.EXE: Starting the session\n", t(0));
            log += &format!("{}, Info                  CBS    Failed to unload offline hive: {{bf1a281b-ad7b-4476-ac95-f47682990ce7}}C:/Windows/System32/config/SOFTWARE, still in use. [HRESULT = 0x80070005 - E_ACCESSDENIED]\n", t(1));
            log += &format!("{}, Warning               DISM   DISM Provider Store: PID={pid} TID={} Failed to load the provider: X:\\dism\\Siloed.dll. - GetProvider(hr:0x8007007e)\n", t(1), pid + 7);
            log += &format!("[{pid}] [0x80070002] ReadFileIntoBuffer:(1381): The system cannot find the file specified.\n");
            if run == 4 {
                log += &format!("{}, Info                  CBS    Failed to load component schema hive [HRESULT = 0x80070020 - ERROR_SHARING_VIOLATION]\n", t(2));
                log += &format!("{}, Error                 CBS    Failed to open the offline store [HRESULT = 0x80070020 - ERROR_SHARING_VIOLATION]\n", t(2));
                log += &format!("{}, Error                 DISM   DISM.EXE: Unattend processing ran but failed. HRESULT=80004005\n", t(3));
            }
            log += &format!("{}, Info                  DISM   DISM.EXE: Ending the session\n", t(4));
        }
        log
    }

    #[test]
    fn the_failure_its_causes_and_the_noise_of_a_servicing_log() {
        let s = scanner(&servicing_runs());
        assert_eq!((s.files[0].lines, s.files[0].entries), (23, 23));
        let roles = failure_roles(&s.groups, &s.cascades);
        let mut got: Vec<(usize, Role, String, u64, u64, u64)> = roles
            .iter()
            .map(|(&g, (role, key))| (key.1, *role, s.groups[g].template.clone(), s.groups[g].count, s.groups[g].claimed, s.groups[g].apart))
            .collect();
        got.sort_by_key(|r| r.0);
        assert_eq!(
            got,
            vec![
                (0, Role::Failed, "DISM.EXE: Unattend processing ran but failed. HRESULT=80004005".into(), 1, 0, 1),
                (
                    1,
                    Role::Cause,
                    "Failed to load component schema hive [HRESULT = 0x80070020 - ERROR_SHARING_VIOLATION]".into(),
                    1,
                    1,
                    0
                ),
                (
                    2,
                    Role::Cause,
                    "Failed to open the offline store [HRESULT = 0x80070020 - ERROR_SHARING_VIOLATION]".into(),
                    1,
                    1,
                    0
                ),
            ]
        );
        // Identical messages that differ only in ids, process ids and paths are one group each,
        // written in every run: claimed once (the failing run), apart three times.
        let counts = |template: &str| {
            let g = s.groups.iter().find(|g| g.template == template).expect(template);
            (g.count, g.claimed, g.apart, level_name(g.class))
        };
        assert_eq!(
            counts("Failed to unload offline hive: <*>, still in use. [HRESULT = 0x80070005 - E_ACCESSDENIED]"),
            (4, 1, 3, "routine")
        );
        assert_eq!(
            counts("DISM Provider Store: Failed to load the provider: <*>\\Siloed.dll. - GetProvider(hr:0x8007007e)"),
            (4, 1, 3, "warning")
        );
        assert_eq!(
            counts("[0x80070002] ReadFileIntoBuffer:(<*>): The system cannot find the file specified."),
            (4, 1, 3, "failure")
        );
    }

    #[test]
    fn a_code_alone_is_a_likely_answer_only_when_one_article_quotes_it() {
        assert_eq!(
            [1, 2, 4, 8, 1000].map(|n| (code_alone_cap(n) * 100.0).round() / 100.0),
            [0.6, 0.45, 0.3, 0.2, 0.2]
        );
    }

    #[test]
    fn a_flag_is_not_a_failure_and_package_names_are_masked() {
        let s = scanner(
            "2023-06-01 10:00:00, Info                  CBS    Blocked system sleep; prior state: 0x80000000\n\
             2024-01-25 16:35:37, Error                 SYSPRP Package Adobe.XD_57.1.12.2_x64__pc75e8sa7ep4e was installed for a user, but not provisioned for all users.\n\
             2024-01-25 16:56:11, Error                 SYSPRP Package Microsoft.LanguageExperiencePackes-ES_19041.69.236.0_neutral__8wekyb3d8bbwe was installed for a user, but not provisioned for all users.\n\
             2023-06-01 10:00:01, Info                  CBS    Exec: Installing Package_for_KB5005565~31bf3856ad364e35~amd64~~19041.1237.1.8 for KB5005565\n\
             2023-06-01 10:00:02, Info                  CBS    Exec: Installing Package_for_KB5006670~31bf3856ad364e35~amd64~~19041.1288.1.7 for KB5006670\n",
        );
        let rows: Vec<(String, u64, &str)> =
            s.groups.iter().map(|g| (g.template.clone(), g.count, level_name(g.class))).collect();
        assert_eq!(
            rows,
            vec![
                ("Blocked system sleep; prior state: 0x80000000".to_string(), 1, "routine"),
                (
                    "Package <*> was installed for a user, but not provisioned for all users.".to_string(),
                    2,
                    "error"
                ),
                ("Exec: Installing <*> for KB<*>".to_string(), 2, "routine"),
            ]
        );
    }

    #[test]
    fn empty_input() {
        let s = scanner("");
        assert_eq!((s.files[0].lines, s.files[0].entries, s.groups.len()), (0, 0, 0));
    }
}
