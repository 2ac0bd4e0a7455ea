//! "This fixed it": a desk's record that an article answered a paste,
//! appended to a JSON Lines file the desk owns. The next index build reads
//! the file as it reads a ticket export (`ingest::tickets`): each record a
//! ticket whose problem is the paste and whose citation is the article, so
//! that the article learns the paste's words (`index::links`).
//!
//! Each record is one line written by one `write` of the whole line under
//! a lock and made durable (`fsync`) before it is acknowledged, so records
//! never interleave and an acknowledged one survives a crash; a line torn
//! by a crash is ended by the next writer, and skipped with a warning when
//! the file is read.
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// The longest paste a record holds, in bytes.
pub const MAX_PASTE_BYTES: usize = 64 * 1024;
/// The longest ticket number, in bytes.
pub const MAX_TICKET_BYTES: usize = 64;
/// The longest article id, in bytes.
pub const MAX_ARTICLE_BYTES: usize = 1024;

/// One "this fixed it" record, as the file holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Feedback {
    /// The record's own id: the ticket number where one was given, else
    /// `FB-<milliseconds>-<n>`.
    pub id: String,
    /// The desk's ticket number, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    /// The article that fixed it, as the index names it.
    pub article: String,
    /// What was pasted or asked.
    pub paste: String,
    /// When it was recorded, seconds since 1970 (UTC).
    pub recorded_at: u64,
}

/// Records made by this process, for ids of their own.
static MADE: AtomicU64 = AtomicU64::new(0);

impl Feedback {
    /// A record, its input checked (the article is checked by
    /// [`crate::KnowledgeBase::feedback`]): a paste neither empty nor over
    /// `MAX_PASTE_BYTES` (64 KiB), a ticket number of one line and at most
    /// `MAX_TICKET_BYTES` (64); [`Error::Input`] saying what is wrong.
    pub fn new(paste: &str, article: &str, ticket: Option<&str>) -> Result<Feedback> {
        let paste = paste.trim();
        if paste.is_empty() {
            return Err(Error::Input("the paste is empty: give the text the article answered".into()));
        }
        if paste.len() > MAX_PASTE_BYTES {
            return Err(Error::Input(format!(
                "the paste is {} bytes, more than {MAX_PASTE_BYTES}: give the part that tells the problem",
                paste.len()
            )));
        }
        if article.trim().is_empty() || article.len() > MAX_ARTICLE_BYTES {
            return Err(Error::Input("give the id of the article that fixed it".into()));
        }
        let ticket = ticket.map(str::trim).filter(|t| !t.is_empty());
        if ticket.is_some_and(|t| t.len() > MAX_TICKET_BYTES || t.chars().any(char::is_control)) {
            return Err(Error::Input(format!(
                "the ticket number must be one line of at most {MAX_TICKET_BYTES} bytes"
            )));
        }
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        let id = match ticket {
            Some(ticket) => ticket.to_string(),
            None => format!("FB-{}-{}", now.as_millis(), MADE.fetch_add(1, Ordering::Relaxed)),
        };
        Ok(Feedback {
            id,
            ticket: ticket.map(str::to_string),
            article: article.trim().to_string(),
            paste: paste.to_string(),
            recorded_at: now.as_secs(),
        })
    }
}

/// A feedback file open for appending, shared by every writer of a process.
#[derive(Debug)]
pub struct FeedbackLog {
    path: PathBuf,
    file: Mutex<std::fs::File>,
}

impl FeedbackLog {
    /// Open (or create) the file for appending. A last line torn by a
    /// crash is ended here, so that the next record starts a line.
    pub fn open(path: impl AsRef<Path>) -> Result<FeedbackLog> {
        let path = path.as_ref().to_path_buf();
        let io = |e| Error::io(&path, e);
        let mut file = std::fs::OpenOptions::new().create(true).append(true).read(true).open(&path).map_err(io)?;
        let len = file.metadata().map_err(io)?.len();
        if len > 0 {
            let mut last = [0u8; 1];
            file.seek(SeekFrom::Start(len - 1)).map_err(io)?;
            file.read_exact(&mut last).map_err(io)?;
            if last[0] != b'\n' {
                file.write_all(b"\n").map_err(io)?;
                file.sync_data().map_err(io)?;
            }
        }
        Ok(FeedbackLog { path, file: Mutex::new(file) })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Append one record as one whole line, durable when this returns.
    pub fn append(&self, record: &Feedback) -> Result<()> {
        self.append_json(record, true)
    }

    /// Append any value as one whole JSON line (the server's question log,
    /// `serve --log-questions`), made durable first where `durable`.
    pub fn append_json<T: Serialize>(&self, value: &T, durable: bool) -> Result<()> {
        let mut line = serde_json::to_vec(value)?;
        line.push(b'\n');
        let file = self.file.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let io = |e| Error::io(&self.path, e);
        (&*file).write_all(&line).map_err(io)?;
        if durable { file.sync_data().map_err(io) } else { Ok(()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_input_is_refused_with_what_to_do() {
        assert!(matches!(Feedback::new("  ", "Q1", None), Err(Error::Input(_))));
        assert!(matches!(Feedback::new(&"x".repeat(MAX_PASTE_BYTES + 1), "Q1", None), Err(Error::Input(_))));
        assert!(matches!(Feedback::new("disk full", "", None), Err(Error::Input(_))));
        assert!(matches!(Feedback::new("disk full", "Q1", Some("INC1\nINC2")), Err(Error::Input(_))));
        let f = Feedback::new(" disk full ", "Q1", Some("INC0031204")).unwrap();
        assert_eq!(
            (f.id.as_str(), f.paste.as_str(), f.ticket.as_deref()),
            ("INC0031204", "disk full", Some("INC0031204"))
        );
        assert!(Feedback::new("disk full", "Q1", None).unwrap().id.starts_with("FB-"));
    }

    #[test]
    fn a_torn_last_line_is_ended_before_the_next_record() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("feedback.jsonl");
        std::fs::write(&path, "{\"id\":\"FB-1\",\"arti").unwrap();
        let log = FeedbackLog::open(&path).unwrap();
        log.append(&Feedback::new("disk full", "Q1", Some("INC1")).unwrap()).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0], "{\"id\":\"FB-1\",\"arti");
        assert!(
            lines[1].starts_with("{\"id\":\"INC1\",\"ticket\":\"INC1\",\"article\":\"Q1\",\"paste\":\"disk full\"")
        );
    }
}
