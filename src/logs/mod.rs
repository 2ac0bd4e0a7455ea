//! Logs: the one place that knows how log entries are written and what makes
//! one a problem.
//!
//! - [`reader`]: a streaming entry reader. Lines are pushed in one at a time
//!   and finished [`LogEntry`]s come out (SMS/ConfigMgr component lines,
//!   CMTrace records, event-viewer text blocks, timestamped lines, plain
//!   text). `match` reads a paste with it ([`reader::parse`]), `scan` reads
//!   whole logs with it; the grammar of every wrapper is there and nowhere
//!   else.
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

pub use entry::{Class, Level, LogEntry, collapse, says_failure, seconds};
pub use reader::{EntryReader, Layout, Parsed, parse};
