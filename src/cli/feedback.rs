//! `kbmatch feedback` (a "this fixed it" record appended to a feedback
//! file) and the feedback options of `kbmatch serve`.
use crate::{Error, FeedbackLog, KnowledgeBase, Result};
use std::io::Read;
use std::path::PathBuf;
#[cfg(feature = "serve")]
use std::sync::Arc;

/// `kbmatch gaps`'s arguments.
#[derive(Debug, clap::Args)]
pub struct GapsArgs {
    /// The files.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
    /// JSON on stdout: {"questions", "unanswered", "groups": [{"count", "words", "examples", "closest"}]}.
    #[arg(long)]
    json: bool,
}

/// `kbmatch feedback`'s arguments.
#[derive(Debug, clap::Args)]
pub struct FeedbackArgs {
    /// What was pasted or asked (several words are joined with spaces;
    /// none or `-`: stdin).
    #[arg(value_name = "TEXT")]
    text: Vec<String>,
    /// The article that fixed it: Q219324, KB219324, a doc path.
    #[arg(long, value_name = "ID")]
    article: String,
    /// The desk's ticket number.
    #[arg(long, value_name = "NUMBER")]
    ticket: Option<String>,
    /// The feedback file to append to (created if missing).
    #[arg(long, value_name = "FILE")]
    file: PathBuf,
    /// Print the record as JSON on stdout.
    #[arg(long)]
    json: bool,
}

/// Check the record against the index and append it to the file.
pub(super) fn record(kb: &KnowledgeBase, args: FeedbackArgs) -> Result<()> {
    let FeedbackArgs { text, article, ticket, file, json } = args;
    let (article, ticket, file) = (article.as_str(), ticket.as_deref(), file.as_path());
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

/// `kbmatch serve`'s options for the desk: feedback and the question log.
#[cfg(feature = "serve")]
#[derive(Debug, clap::Args)]
pub struct DeskArgs {
    /// Record "this fixed it" (POST /api/feedback, the page's button)
    /// in FILE, JSON Lines; `kbmatch index --corpus FILE` reads it as
    /// tickets that cite the article. Off without it.
    #[arg(long, value_name = "FILE")]
    feedback: Option<PathBuf>,
    /// The token a feedback post must carry (Authorization: Bearer
    /// TOKEN); without one every post is refused (403).
    #[arg(
        long,
        value_name = "TOKEN",
        env = "KBMATCH_FEEDBACK_TOKEN",
        hide_env_values = true,
        conflicts_with = "feedback_token_file"
    )]
    feedback_token: Option<String>,
    /// The token, read from the first line of FILE.
    #[arg(long, value_name = "FILE")]
    feedback_token_file: Option<PathBuf>,
    /// Append each question asked to FILE, JSON Lines {"query", "at"},
    /// for `kbmatch gaps FILE`. Off without it.
    #[arg(long, value_name = "FILE")]
    log_questions: Option<PathBuf>,
    /// Report what no article answers on the page (GET /api/gaps) over
    /// FILE as well as the question log: a ticket export, a feedback file
    /// or a list of questions (repeatable).
    #[arg(long, value_name = "FILE")]
    gaps_file: Vec<PathBuf>,
}

#[cfg(feature = "serve")]
impl DeskArgs {
    /// The server's options with the feedback file opened, its token
    /// (given, or read from the first line of a file) and the question log
    /// opened.
    pub(super) fn apply(self, options: crate::serve::ServeOptions) -> Result<crate::serve::ServeOptions> {
        let token = match (self.feedback_token, &self.feedback_token_file) {
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
        if self.feedback.is_some() && token.is_none() {
            eprintln!("note: no --feedback-token: feedback posts are refused (403) until one is given");
        }
        let feedback = self.feedback.map(FeedbackLog::open).transpose()?.map(Arc::new);
        let log_questions = self.log_questions.map(FeedbackLog::open).transpose()?.map(Arc::new);
        Ok(crate::serve::ServeOptions {
            feedback,
            feedback_token: token,
            log_questions,
            gaps_files: self.gaps_file,
            ..options
        })
    }
}

/// `kbmatch gaps`: the report, as text or JSON; whether it has a group.
pub(super) fn gaps(kb: &KnowledgeBase, args: &GapsArgs) -> Result<bool> {
    let (files, json) = (&args.files, args.json);
    let report = kb.gaps(files)?;
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "{} of {} questions have no likely answer; {} groups (by {}), largest first:",
            report.unanswered,
            report.questions,
            report.groups.len(),
            report.grouped_by
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
