//! `kbmatch feedback` (a "this fixed it" record appended to a feedback
//! file) and the feedback options of `kbmatch serve`.
use crate::{Error, FeedbackLog, KnowledgeBase, Result};
use std::io::Read;
use std::path::Path;
#[cfg(feature = "serve")]
use std::sync::Arc;

/// Check the record against the index and append it to `file`.
pub(super) fn record(
    kb: &KnowledgeBase,
    text: &[String],
    article: &str,
    ticket: Option<&str>,
    file: &Path,
    json: bool,
) -> Result<()> {
    let paste = if text.is_empty() || (text.len() == 1 && text[0] == "-") {
        let mut bytes = Vec::new();
        let limit = crate::feedback::MAX_PASTE_BYTES as u64 + 1;
        std::io::stdin().lock().take(limit).read_to_end(&mut bytes).map_err(|e| Error::io("<stdin>", e))?;
        crate::decode_text(&bytes).into_owned()
    } else {
        text.join(" ")
    };
    let record = kb.feedback(&paste, article, ticket)?;
    FeedbackLog::open(file)?.append(&record)?;
    if json {
        println!("{}", serde_json::to_string(&record)?);
    } else {
        println!("recorded: {} fixed {} ({})", record.article, record.id, file.display());
    }
    Ok(())
}

/// The feedback file opened for the server, and its token (given, or read
/// from the first line of a file).
#[cfg(feature = "serve")]
pub(super) fn serve_options(
    file: Option<&Path>,
    token: Option<String>,
    token_file: Option<&Path>,
) -> Result<(Option<Arc<FeedbackLog>>, Option<String>)> {
    let token = match (token, token_file) {
        (Some(token), _) => Some(token),
        (None, Some(path)) => {
            let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
            Some(text.lines().next().unwrap_or("").trim().to_string())
        }
        (None, None) => None,
    };
    if token.as_deref().is_some_and(|t| t.trim().len() < 8) {
        return Err(Error::Input("the feedback token is shorter than 8 characters: give a longer one".into()));
    }
    if file.is_some() && token.is_none() {
        eprintln!("note: no --feedback-token: feedback posts are refused (403) until one is given");
    }
    let log = file.map(FeedbackLog::open).transpose()?.map(Arc::new);
    Ok((log, token))
}

/// `kbmatch gaps`: the report, as text or JSON; whether it has a group.
pub(super) fn gaps(kb: &KnowledgeBase, files: &[std::path::PathBuf], json: bool) -> Result<bool> {
    let report = kb.gaps(files)?;
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "{} of {} questions have no likely answer; {} groups, largest first:",
            report.unanswered,
            report.questions,
            report.groups.len()
        );
        for group in &report.groups {
            println!("\n{} × {}", group.count, group.words.join(", "));
            for example in &group.examples {
                println!("  - {example}");
            }
            if let Some(c) = &group.closest {
                println!("  closest: {} {} ({:.2})", c.id, c.title, c.confidence);
            }
        }
    }
    Ok(!report.groups.is_empty())
}
