//! `GET /api/gaps`: the report of `kbmatch gaps` over the questions the
//! server logged (`serve --log-questions FILE`) and the files it was given
//! (`serve --gaps-file FILE`: ticket exports, feedback files, lists), for
//! the page's "What no article answers". 404 when it has neither;
//! `?check=1` answers `{"on": true, "files": N}` without making the
//! report. A report is kept until the generation served or one of its
//! files (its length or time) changes, so that reloading the page costs
//! nothing.
use crate::{GapsReport, KnowledgeBase};
use axum::http::StatusCode;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// What tells a report made earlier still true: the generation and each
/// file's length and modification time.
type Key = (String, Vec<(u64, Option<SystemTime>)>);

/// The last report made, with what it was made from.
type Made = Option<(Key, Arc<GapsReport>)>;

/// The report's sources and the last report made.
#[derive(Clone, Default)]
pub(super) struct Gaps {
    files: Arc<[PathBuf]>,
    last: Arc<Mutex<Made>>,
}

impl Gaps {
    /// The question log first (where kept), then the other files.
    pub(super) fn new(log: Option<PathBuf>, others: &[PathBuf]) -> Gaps {
        Gaps { files: log.into_iter().chain(others.iter().cloned()).collect(), last: Arc::default() }
    }

    /// Whether the report is on, and how many files it reads.
    pub(super) fn check(&self) -> Result<serde_json::Value, (StatusCode, String)> {
        self.off()?;
        Ok(serde_json::json!({ "on": true, "files": self.files.len() }))
    }

    fn off(&self) -> Result<(), (StatusCode, String)> {
        if self.files.is_empty() {
            return Err((
                StatusCode::NOT_FOUND,
                "the gaps report is off: start the server with --log-questions FILE (the questions it is \
                 asked) or --gaps-file FILE (ticket exports, feedback files, lists)"
                    .into(),
            ));
        }
        Ok(())
    }

    /// The report, made again only when the generation or a file changed.
    /// Blocking: run it on the blocking pool. A file that cannot be read
    /// yet (a question log before its first question) is left out with a
    /// warning.
    pub(super) fn report(&self, kb: &KnowledgeBase) -> Result<Arc<GapsReport>, (StatusCode, String)> {
        self.off()?;
        let key: Key = (
            kb.generation().to_string(),
            self.files
                .iter()
                .map(|f| std::fs::metadata(f).map_or((u64::MAX, None), |m| (m.len(), m.modified().ok())))
                .collect(),
        );
        let mut last = self.last.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((made, report)) = last.as_ref()
            && *made == key
        {
            return Ok(report.clone());
        }
        let (readable, missing): (Vec<PathBuf>, Vec<PathBuf>) = self.files.iter().cloned().partition(|f| f.is_file());
        let mut report = kb.gaps(&readable).map_err(|e| {
            eprintln!("kbmatch: the gaps report failed: {e}");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "the gaps report could not be made: try again; the server's stderr says why".to_string(),
            )
        })?;
        for file in missing {
            let name = file.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            report.warnings.push(format!("{name}: no such file yet"));
        }
        // The files by their names only: nothing of where the server keeps them.
        for warning in &mut report.warnings {
            for file in self.files.iter() {
                if let (Some(parent), Some(name)) = (file.parent(), file.file_name()) {
                    let whole = file.display().to_string();
                    if !parent.as_os_str().is_empty() && warning.starts_with(&whole) {
                        *warning = format!("{}{}", name.to_string_lossy(), &warning[whole.len()..]);
                    }
                }
            }
        }
        let report = Arc::new(report);
        *last = Some((key, report.clone()));
        Ok(report)
    }
}
