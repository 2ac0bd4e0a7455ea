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

use crate::error::Result;
use crate::index::KbIndex;
use std::io::BufRead;
use std::path::PathBuf;

mod drain;
mod report;
mod scanner;
mod timeline;
mod triage;

pub use report::{
    EventKey, FileRead, Finding, Flood, Message, Place, Role, ScanOptions, ScanReport, Template, TemplateReport, Unmatched,
};
// The constants and stages are the crate's API with `internals` only.
#[cfg_attr(not(feature = "internals"), allow(unused_imports))]
pub use report::MAX_MESSAGES;
#[cfg_attr(not(feature = "internals"), allow(unused_imports))]
pub use scanner::{FAILURE_SECONDS, FAILURE_WINDOW, FOLDER_EXTENSIONS, MAX_LINE_BYTES, Scanner, expand};
pub use timeline::Timeline;
#[cfg_attr(not(feature = "internals"), allow(unused_imports))]
pub use triage::{FLOOD_Z, MAX_MATCHED, ROUTINE_MATCHED, code_alone_cap, triage};

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

#[cfg(test)]
mod tests;

/// Every entry of the logs (files, folders as [`crate::KnowledgeBase::scan_paths`] reads them,
/// `-` for stdin) in its template, with its lines: the grouping the scan's
/// report is built on, without matching (no index needed).
pub fn templates(paths: &[PathBuf], progress: Option<&crate::Progress<u64>>) -> Result<TemplateReport> {
    let mut scanner = Scanner::new();
    scanner.keep_lines = true;
    for path in expand(paths)? {
        scanner.read_path(&path, progress)?;
    }
    Ok(triage::templates(scanner))
}
