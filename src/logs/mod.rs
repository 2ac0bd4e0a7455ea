//! Logs: the one place that knows how log entries are written and what makes
//! one a problem.
//!
//! - [`reader`]: a streaming entry reader. Lines are pushed in one at a time
//!   and finished [`LogEntry`]s come out (SMS/ConfigMgr component lines,
//!   CMTrace records, event-viewer text blocks, timestamped lines, plain
//!   text). `match` reads a paste with it ([`reader::parse`]), `scan` reads
//!   whole logs with it; the grammar of every wrapper is there and nowhere
//!   else. [`sms_messages`] reads an article's quoted component log the
//!   same way, for `extract::messages`.
//! - [`wrappers`]: the line wrappers of other systems' logs (syslog, RFC
//!   5424, Apache and nginx error logs, headers ending in a level word,
//!   piped and key=value lines), read by structure; the reader asks them
//!   for a log file's lines the Microsoft grammars do not read.
//! - [`evtx`]: Windows event log files (`.evtx`), each record an entry.
//! - [`entry`]: [`LogEntry`] and [`LogEntry::class`], the one classifier of an entry (the level its
//!   wrapper gives, and whether its words say something failed), used by the
//!   matcher to pick a paste's informative lines and by `scan` to tell
//!   problems from routine lines.
//!
//! Bytes become text by the one decoding policy of
//! [`crate::ingest::decode`].

pub mod entry;
pub mod evtx;
pub mod reader;
pub mod wrappers;

pub use entry::{Class, Level, LogEntry, collapse, says_failure, says_failure_where, seconds};
pub use reader::{EntryReader, Layout, Parsed, parse, sms_messages};
