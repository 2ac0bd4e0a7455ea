//! What a scan reports: each message with its count, places and role,
//! the findings (messages with articles) and the unmatched ones.

use super::timeline::Timeline;

/// Most distinct messages kept (over all files); entries of a new message
/// beyond it are counted in [`ScanReport::dropped`] only.
pub const MAX_MESSAGES: usize = 50_000;
use crate::matcher::Hit;
use serde::{Deserialize, Serialize};

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

/// One template of a log's messages and the lines it groups (`scan --templates`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Template {
    /// The message with what varies as `<*>`.
    pub template: String,
    /// Entries of it.
    pub count: u64,
    /// Its level: `error`, `warning`, `failure` or `routine`.
    pub level: String,
    /// Its lines (1-based; each line of a multi-line entry), in the order of
    /// the files in [`Template::files`].
    pub lines: Vec<u64>,
    /// Where it occurs, when several files were read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<Place>,
}

/// Every entry of the logs in its template (`scan --templates --json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TemplateReport {
    /// Lines read.
    pub lines: u64,
    /// Entries found.
    pub entries: u64,
    /// The templates, the most frequent first.
    pub templates: Vec<Template>,
    /// Each file read.
    pub files: Vec<FileRead>,
    /// Entries in no template because [`ScanOptions::MAX_MESSAGES`] were kept.
    pub dropped: u64,
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
