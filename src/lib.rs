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
//! use kbmatch::KnowledgeBase;
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
//! let kb = KnowledgeBase::build(&[&corpus], dir.path().join("index"))?;
//! let hits = kb.search(
//!     "2011-08-03 10:02:10 ERROR The Print Spooler service terminated unexpectedly, error 1067",
//!     5,
//! )?;
//! assert_eq!(hits[0].id, "spooler-stops.md");
//! assert_eq!(hits[0].steps[1], "Restart the Print Spooler service.");
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
//! The stages, each usable on its own: [`ingest`] (files -> documents),
//! [`extract`] (documents -> [`Article`]s), [`index`] (articles -> a tantivy
//! index), [`matcher`] (pasted text -> ranked [`Hit`]s), [`logs`] (the one log
//! entry reader and classifier, `.evtx` files), [`scan`] (whole logs ->
//! findings), [`serve`] (the offline web page and HTTP API) and
//! [`cli`] (the `kbmatch` command).
#![warn(missing_docs)]

pub mod api;
pub mod article;
pub mod cli;
pub mod eval;
pub mod error;
pub mod extract;
pub mod index;
pub mod ingest;
pub mod logs;
pub mod matcher;
pub mod scan;
pub mod serve;

pub use api::KnowledgeBase;
pub use article::Article;
pub use error::{Error, Result};
pub use matcher::Hit;
pub use scan::{Finding, ScanReport};
