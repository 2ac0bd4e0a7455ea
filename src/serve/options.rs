//! The server's limits and address: what `kbmatch serve` and the API
//! handlers both read.

use std::time::Duration;

/// The default address: loopback only.
pub const DEFAULT_ADDR: &str = "127.0.0.1:7878";

/// Limits of the server.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Largest request body, in bytes (larger ones get 413), but for a log.
    pub body_limit: usize,
    /// Largest log `POST /api/scan` takes, in bytes (larger ones get 413).
    pub log_limit: usize,
    /// Longest time a request may take, reading its body included: 408
    /// after it when the body had not all arrived, else 503.
    pub request_timeout: Duration,
    /// Longest time a client may take to send a request's headers (on a
    /// new connection: its first line, then the rest of its headers).
    pub header_timeout: Duration,
    /// Most queries matched at the same time; the others wait their turn.
    pub concurrent_queries: usize,
    /// A paste longer than this, in bytes, is a long one: it takes one of
    /// the `long_queries` slots as well, so that short questions always
    /// find the others.
    pub long_paste_bytes: usize,
    /// Most long pastes matched at the same time.
    pub long_queries: usize,
    /// Most long pastes waiting for a turn; past it a long paste gets 503
    /// with `Retry-After` at once, not a long wait.
    pub long_queue: usize,
    /// Most open connections; further clients wait to be accepted.
    pub max_connections: usize,
    /// How often to look for a generation published by a build since
    /// (`None`: keep answering from the one opened).
    pub follow: Option<Duration>,
    /// The matcher's settings for every search.
    pub settings: crate::Settings,
    /// Where `POST /api/feedback` appends its records (`--feedback FILE`);
    /// `None`: feedback is off.
    pub feedback: Option<std::sync::Arc<crate::FeedbackLog>>,
    /// The token a feedback post must carry (`--feedback-token`); `None`:
    /// every post is refused (403).
    pub feedback_token: Option<String>,
    /// Where each question asked is appended, JSON Lines
    /// (`--log-questions FILE`, for `kbmatch gaps`); `None`: not kept.
    pub log_questions: Option<std::sync::Arc<crate::FeedbackLog>>,
    /// Ticket exports, feedback files or lists `GET /api/gaps` reports on
    /// besides the question log (`--gaps-file FILE`, repeatable).
    pub gaps_files: Vec<std::path::PathBuf>,
}

/// The longest request target (path and query string) the server reads, in
/// bytes: hyper's own limit (`MAX_URI_LEN` in its HTTP/1 parser; not
/// configurable). A longer one gets a JSON 414 on a connection's first
/// request (see `super::read_first_line`), hyper's 414 with no body on a later
/// one of a kept-alive connection.
pub const MAX_URI_BYTES: usize = u16::MAX as usize - 1;

impl Default for ServeOptions {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        ServeOptions {
            body_limit: 1024 * 1024,
            log_limit: 32 * 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            header_timeout: Duration::from_secs(10),
            concurrent_queries: (2 * cores).max(4),
            long_paste_bytes: 16 * 1024,
            long_queries: cores.max(2) / 2,
            long_queue: 4,
            max_connections: 1024,
            follow: Some(Duration::from_secs(1)),
            settings: crate::Settings::default(),
            feedback: None,
            feedback_token: None,
            log_questions: None,
            gaps_files: Vec::new(),
        }
    }
}
