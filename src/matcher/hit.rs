//! What a match answers: the hits, and the paste's error code decoded.
//! Plain values (the contract's JSON); the matcher fills them.

use super::evidence::Evidence;
use crate::article::{ArticleKind, HotfixFile};
use serde::{Deserialize, Serialize};

/// One ranked answer: the contract's `Hit`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Hit {
    /// Article id.
    pub id: String,
    /// `kb`, `blog` or `doc`.
    pub kind: ArticleKind,
    /// Title.
    pub title: String,
    /// Ranking score (higher is better; comparable within one query).
    pub score: f64,
    /// 0..1, comparable across queries: near 1 only for specific evidence.
    pub confidence: f64,
    /// Short reasons, most important first: the [`Hit::evidence`] in words.
    pub why: Vec<String>,
    /// The reasons as data, most important first.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// The section the steps come from.
    pub steps_section: Option<String>,
    /// Remediation steps: the main procedure's top-level steps.
    pub steps: Vec<String>,
    /// The remediation's procedures, structured (title, sub-steps, code).
    #[serde(default)]
    pub procedures: Vec<crate::article::Procedure>,
    /// Hotfix file rows.
    pub hotfix_files: Vec<HotfixFile>,
    /// The file the article was read from (the first of its sources).
    pub source: Option<String>,
    /// Whether the hit rests on specific evidence (the same message, or the
    /// same message ID, event ID or error code) rather than words alone:
    /// what makes a log message a `scan` finding.
    #[serde(skip)]
    pub specific: bool,
    /// Whether the hit quotes the same message (word for word or by its
    /// template): the evidence that makes a routine log message a `scan`
    /// finding (an article naming it as a symptom).
    #[serde(skip)]
    pub same_message: bool,
    /// The IDs and codes the hit shares with the paste, as signal terms
    /// (`event:7023:service control manager`): an event log record is the
    /// same event only with the same source.
    #[serde(skip)]
    pub shared_signals: Vec<String>,
    /// The error code of the paste, decoded, and how this article writes
    /// it; absent when the paste holds no code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<HitCode>,
}

/// An error code of the paste, decoded: what it is and every form of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PastedCode {
    /// The code as the paste writes it (`0x800705AA`).
    pub pasted: String,
    /// What it is (`Win32 error 1450`).
    pub decoded: String,
    /// Every form of it, with the name and message the corpus gives.
    pub forms: crate::extract::codes::Forms,
    /// The normalised codes that stand for it in the index (`win32:1450`,
    /// `0x800705aa`, `name:ERROR_NO_SYSTEM_RESOURCES`).
    #[serde(skip)]
    pub codes: Vec<String>,
    /// Whether the paste leaves no doubt which code it is: an HRESULT, an
    /// NTSTATUS, `System error 1450`; not a bare `error 24`, which may be
    /// any program's.
    #[serde(skip)]
    pub sure: bool,
}

/// The paste's error code as one hit holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HitCode {
    /// The code as the paste writes it.
    pub pasted: String,
    /// What it is (`Win32 error 1450`).
    pub decoded: String,
    /// How the article writes it (`System error 1450`), if it quotes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quoted: Option<String>,
}
