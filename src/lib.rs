//! kbmatch: offline knowledge-base search and symptom matcher.
//!
//! Paste a log line, an error message, a status message ID or a few words,
//! and get the knowledge-base article that fixes it — its numbered steps
//! and its hotfix files — and why it matched. Everything runs offline over
//! an index built from a folder of articles (KB pages, KB text files, KB
//! web pages, saved pages, blog posts, Markdown runbooks).
//!
//! [`KnowledgeBase`] is the front door:
//!
//! ```
//! use kbmatch::{BuildOptions, Evidence, KnowledgeBase, SearchOptions};
//!
//! # fn main() -> kbmatch::Result<()> {
//! let dir = tempfile::tempdir().expect("temp dir");
//! let corpus = dir.path().join("corpus");
//! std::fs::create_dir(&corpus).expect("corpus dir");
//! std::fs::write(
//!     corpus.join("spooler-stops.md"),
//!     "# Print spooler stops after a driver update\n\n\
//!      ## Symptoms\n\n\
//!      The System log shows:\n\n\
//!      `The Print Spooler service terminated unexpectedly, error 1067`\n\n\
//!      ## Resolution\n\n\
//!      1. Remove the new printer driver from the print server.\n\
//!      2. Restart the Print Spooler service.\n",
//! )
//! .expect("write article");
//!
//! let (kb, report) = KnowledgeBase::build(&[&corpus], dir.path().join("index"), &BuildOptions::default())?;
//! assert_eq!((report.articles, report.skipped.len()), (1, 0));
//! let hits = kb.search(
//!     "2011-08-03 10:02:10 ERROR The Print Spooler service terminated unexpectedly, error 1067",
//!     &SearchOptions::default().limit(3),
//! )?;
//! assert_eq!(hits[0].id, "spooler-stops.md");
//! assert_eq!(hits[0].steps[1], "Restart the Print Spooler service.");
//! assert!(matches!(&hits[0].evidence[0], Evidence::Message { word_for_word: true, .. }));
//!
//! let article = kb.article("spooler-stops.md")?;
//! assert_eq!(article.title, "Print spooler stops after a driver update");
//!
//! let log = "ok\nThe Print Spooler service terminated unexpectedly, error 1067\n";
//! let report = kb.scan(log.as_bytes())?;
//! assert_eq!(report.findings[0].count, 1);
//! assert_eq!(report.findings[0].hits[0].id, "spooler-stops.md");
//! # Ok(())
//! # }
//! ```
//!
//! [`KnowledgeBase::build`] reports what it indexed and every file it
//! skipped ([`BuildReport`]); [`SearchOptions`] limits a search to kinds and
//! products of article, to confident hits, and carries the matcher's
//! [`Settings`]; each [`Hit`] says why it matched as [`Evidence`] values (and
//! in words, `why`). Long tasks report their [`Progress`] to a function you
//! give; the library draws nothing and installs nothing process-wide.
//!
//! The crate's features are all for the `kbmatch` command and are on by
//! default: `cli` (clap), `serve` (axum, hyper, tokio), `mcp` (rmcp, tokio), `progress`
//! (indicatif) and `allocator` (mimalloc). A library user turns them off:
//! `kbmatch = { version = "0.1", default-features = false }`.
#![warn(missing_docs)]

/// The stage modules: private to the crate, public (and hidden from the
/// documentation) only with the `internals` feature, which the crate's own
/// tests, examples, benchmarks and fuzz targets turn on to reach a stage
/// directly. Nothing else should: the public API is what `cargo doc` shows.
macro_rules! stages {
    ($($stage:ident),* $(,)?) => {
        $(
            #[cfg(feature = "internals")]
            #[doc(hidden)]
            pub mod $stage;
            #[cfg(not(feature = "internals"))]
            mod $stage;
        )*
    };
}

stages!(article, encoder, extract, index, ingest, logs, matcher, scan);
// Scoring query sets: for `kbmatch eval` and the tests.
#[cfg(any(feature = "cli", feature = "internals"))]
stages!(eval);

mod api;
#[cfg(feature = "cli")]
#[doc(hidden)]
pub mod cli;
mod error;
mod feedback;
mod gaps;
#[cfg(feature = "mcp")]
#[doc(hidden)]
pub mod mcp;
mod progress;
#[cfg(feature = "serve")]
#[doc(hidden)]
pub mod serve;

#[cfg(feature = "cli")]
pub use api::note_caught_panic;
pub use api::{CodeAnswer, KnowledgeBase, MatchAnswer, Meaning, ProductCount, Stats, decode_text, read_paste};
pub use article::{
    Article, ArticleKind, CodeFact, EventId, FactKind, HotfixFile, Link, Procedure, Section, Signals, Step,
};
pub use encoder::SentenceModel;
pub use error::{Error, IndexError, Result};
pub use extract::codes::Forms;
pub use feedback::{Feedback, FeedbackLog};
pub use gaps::{Closest, GapGroup, GapsReport};
pub use index::sentences::SentenceReport;
pub use index::{BuildOptions, BuildReport, Change};
pub use ingest::{SkipReason, Skipped, TicketColumns};
pub use matcher::evidence::Evidence;
pub use matcher::options::{SearchOptions, Settings};
pub use matcher::{Hit, HitCode, PastedCode};
pub use progress::{BuildProgress, Progress};
pub use scan::{
    EventKey, FileRead, Finding, Flood, Message, Place, Role, ScanOptions, ScanReport, Template, TemplateReport,
    Timeline, Unmatched, templates as log_templates,
};
