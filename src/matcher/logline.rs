//! Take a pasted block apart: SMS/ConfigMgr component-log lines, CMTrace
//! lines, event-viewer entries, timestamped lines with a severity, plain text.
//! Component, timestamps, thread and severity are context, not the message.

/// One log entry found in pasted text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LogEntry {
    /// The message itself, wrapper removed.
    pub message: String,
    /// Component (`SMS_DISTRIBUTION_MANAGER`, CMTrace `component=`), if given.
    pub component: Option<String>,
    /// Severity word or CMTrace type (`error`, `warning`, `3`), if given.
    pub severity: Option<String>,
    /// Event source (event-viewer `Source:`), if given.
    pub event_source: Option<String>,
    /// Event ID (event-viewer `Event ID:`), if given.
    pub event_id: Option<u32>,
    /// 1-based line number of the entry's first line in the pasted text.
    pub line: usize,
}

/// Split pasted text into entries; a multi-line entry is one entry.
pub fn parse(text: &str) -> Vec<LogEntry> {
    todo!("{}", text.len())
}
