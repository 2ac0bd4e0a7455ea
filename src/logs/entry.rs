//! A log entry, whatever wrote it, and the one classifier of entries: the
//! level its wrapper gives and whether its words say something failed;
//! times as logs write them.
//!
//! In detail: `LogEntry`, the one classifier `LogEntry::class`: the wrapper's
//! level, whether the log states it in a field of its own (then words of
//! failure do not make an informational entry a problem), whether the words say
//! something failed (a hex value after `state`/`flags`/`mask` is not a code:
//! `extract::codes::is_value_before`) and whether they say an operation ended
//! in failure; times as logs write them.

use regex::Regex;
use std::sync::LazyLock;

/// One log entry: the message and what its wrapper says about it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LogEntry {
    /// The message itself, wrapper removed, white space collapsed. For an
    /// event log record: its insertion strings.
    pub message: String,
    /// Component (`SMS_DISTRIBUTION_MANAGER`, CMTrace `component=`), if given.
    pub component: Option<String>,
    /// Severity word or level as written (`error`, `warning`, CMTrace `3`), if given.
    pub severity: Option<String>,
    /// Event source (event-viewer `Source:`, an event record's provider), if given.
    pub event_source: Option<String>,
    /// Event ID (event-viewer `Event ID:`, an event record's ID), if given.
    pub event_id: Option<u32>,
    /// When it was written, as the log writes it, if given.
    pub time: Option<String>,
    /// The computer that wrote it (event-viewer `Computer:`, an event record's), if given.
    pub computer: Option<String>,
    /// Whether the severity was read from the message's own first word
    /// (`Error: ...`, `[WARN] ...`, `FATAL: ...`) rather than a field of the
    /// log's lines.
    pub severity_in_message: bool,
    /// Whether this is a record of a Windows event log file: its event ID
    /// and source are what the record is (evidence), not a text wrapper's
    /// context.
    pub record: bool,
    /// Whether another system's wrapper was read ([`super::wrappers`]):
    /// then its variables are masked as any log's ([`crate::matcher::mask::mask_log`]).
    pub foreign: bool,
    /// 1-based line number of the entry's first line (for an event log
    /// file, the record's position in it).
    pub line: usize,
}

/// The level a log's wrapper gives an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// No level, or an informational, verbose or success one.
    Routine,
    /// Warning (CMTrace type 2, event level 3).
    Warning,
    /// Error, critical, fatal, failure audit (CMTrace type 3, event levels 1 and 2).
    Error,
}

/// What an entry says about a problem: the one classifier of `match` and `scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Class {
    /// The level its wrapper gives it.
    pub level: Level,
    /// Whether its message says something failed (`failed`, `cannot`,
    /// `access denied`, an HRESULT failure code), not that nothing did
    /// (`0 errors`, `error = 0`).
    pub failure: bool,
    /// Whether the log states the entry's level in a field of its own (a
    /// CBS/DISM `, Info`, a CMTrace `type="1"`, an event's level): then the
    /// level is the log's word, and words of failure in an informational
    /// entry do not make it a problem.
    pub stated: bool,
    /// Whether its words say an operation ended in failure (`failed with
    /// error code`, `exiting with code 1603`, `Return value 3`, `processed
    /// the command line but failed`, `halting`): the point a log's failure
    /// is read back from.
    pub ends: bool,
}

impl Class {
    /// A problem: an error or warning, or a message of failure where the
    /// log states no level of its own.
    pub fn is_problem(&self) -> bool {
        self.level > Level::Routine || (self.failure && !self.stated) || self.ends
    }

    /// An informational entry whose words say something failed (`, Info
    /// CBS Failed to load SMI schema hive [HRESULT = 0x80070020]`): routine
    /// by the log's own word, yet a possible cause when it comes just before
    /// a failure and nowhere else.
    pub fn is_quiet_failure(&self) -> bool {
        self.stated && self.level == Level::Routine && self.failure
    }
}

/// Words of failure that make an entry a problem.
static FAILURE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:errors?|fail|fails|failed|failure|failures|cannot|can't|could\s+not|couldn't|unable|denied|invalid|timed\s+out|timeout|corrupt|corrupted|exception|fatal|critical|missing|abort|aborted|exceeded|unexpected|unexpectedly|not\s+(?:found|available|responding|accessible|enough|supported|valid|recognized|registered))(?-u:\b)|(?-u:\b)0x[89a-fA-F][0-9a-fA-F]{7}(?-u:\b)",
    )
    .expect("failure pattern")
});
/// Failure words that say all went well (`0 errors`, `error = 0`).
static NEGATED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:no|0|zero|without)\s+(?:errors?|failures?)(?-u:\b)|(?-u:\b)error\s*(?:code\s*)?[=:]?\s*0(?:[\s,.;)]|$)")
        .expect("negated pattern")
});

/// Words that say an operation ended in failure (see [`Class::ends`]).
static ENDS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:failed\s+with\s+(?:(?:error|exit|return)\s+)?(?:code|status|hresult|error)|(?:exit(?:ing|ed)?|returning|returned|terminat(?:ed|ing))\s+with\s+(?:(?:error|exit|return)\s+)?(?:code|status)\s*[:=]?\s*(?:0x0*[1-9a-f]|-?[1-9])|return\s+value\s+3(?-u:\b)|but\s+failed|halting|aborting|hit\s+failure|(?:execution|installation|setup|operation|action|sequence)\s+failed|(?:engine|installation)\s+failed!?)",
    )
    .expect("ends pattern")
});

impl LogEntry {
    /// The level of the entry and whether its words say something failed.
    pub fn class(&self) -> Class {
        Class {
            level: self.level(),
            failure: says_failure(&self.message),
            stated: self.states_level(),
            ends: ENDS_RE.is_match(&self.message),
        }
    }

    /// Whether the log states the entry's level in a field of its own
    /// (see [`Class::stated`]): a severity the grammar took from its field,
    /// not `Error:` written at the start of a message.
    pub fn states_level(&self) -> bool {
        self.severity.is_some() && !self.severity_in_message
    }

    /// The level the wrapper gives (see [`Level`]).
    pub fn level(&self) -> Level {
        let Some(severity) = self.severity.as_deref() else { return Level::Routine };
        match severity.trim().to_ascii_lowercase().as_str() {
            "3" | "error" | "err" | "fatal" | "fatal error" | "critical" | "severe" | "stop" | "failure audit"
            | "audit failure" => Level::Error,
            "2" | "warning" | "warn" => Level::Warning,
            _ => Level::Routine,
        }
    }
}

/// Whether a message says something failed (see [`Class::failure`]). A
/// hex number the message calls a state, flags or a mask is a value, not a
/// failure code (`prior state: 0x80000000`).
pub fn says_failure(message: &str) -> bool {
    says_failure_where(message, |before| !crate::extract::codes::is_value_before(before))
}

/// Whether a message says something failed, a hex number that looks like a
/// failure code (`0x80070005`) counting only where `code_after(the text
/// before it)` holds (another system's log, whose hex words are as often
/// addresses: [`says_failure`]'s rule for the Microsoft logs).
pub fn says_failure_where(message: &str, code_after: impl Fn(&str) -> bool) -> bool {
    let failing = |text: &str| {
        FAILURE_RE.find_iter(text).any(|m| !m.as_str().starts_with("0x") || code_after(&text[..m.start()]))
    };
    if !failing(message) {
        return false;
    }
    !NEGATED_RE.is_match(message) || failing(&NEGATED_RE.replace_all(message, " "))
}

/// Collapse all white space runs to one space and trim: how messages are
/// compared (a wrapped line is joined with one space).
pub fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Seconds since 1970-01-01 of a time as logs write it: `08-03-2011
/// 10:02:10.123-600` (SMS: month-day-year, the bias after the time ignored),
/// `2011-08-03 10:02:10`, `2011-08-03T10:02:10.5Z` (an event record),
/// `03/09/2011 2:14:55 PM`. Only differences are used (a log's time span), so
/// the time zone does not matter. None when it is not a date and time.
pub fn seconds(time: &str) -> Option<i64> {
    static TIME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)([0-9]{1,4})[/.\-]([0-9]{1,2})[/.\-]([0-9]{1,4})[ T]+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?(?:[.,][0-9]+)?\s*(AM|PM)?")
            .expect("time pattern")
    });
    let c = TIME.captures(time)?;
    let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<i64>().ok());
    let (a, b, y) = (n(1)?, n(2)?, n(3)?);
    // Year first (ISO), else month first (US, as SMS writes it), unless the
    // first number cannot be a month.
    let (year, month, day) = if a > 31 {
        (a, b, y)
    } else if a > 12 {
        (y, b, a)
    } else {
        (y, a, b)
    };
    let year = if year < 100 { 2000 + year } else { year };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut hour = n(4)?;
    match c.get(7).map(|m| m.as_str().to_ascii_uppercase()) {
        Some(p) if p == "PM" && hour < 12 => hour += 12,
        Some(p) if p == "AM" && hour == 12 => hour = 0,
        _ => {}
    }
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + hour * 3600 + n(5)? * 60 + n(6).unwrap_or(0))
}

/// Days since 1970-01-01 of a date of the proleptic Gregorian calendar.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(severity: Option<&str>, message: &str) -> Class {
        LogEntry { message: message.into(), severity: severity.map(str::to_string), ..Default::default() }.class()
    }

    #[test]
    fn levels_and_failure_words() {
        assert_eq!(class(Some("3"), "Sleeping"), Class { level: Level::Error, failure: false, stated: true, ends: false });
        assert_eq!(
            class(Some("Warning"), "Low disk"),
            Class { level: Level::Warning, failure: false, stated: true, ends: false }
        );
        assert_eq!(
            class(Some("1"), "Failed to open the file"),
            Class { level: Level::Routine, failure: true, stated: true, ends: false }
        );
        assert_eq!(
            class(None, "The RPC server is not available"),
            Class { level: Level::Routine, failure: true, stated: false, ends: false }
        );
        for routine in
            ["Processed 12 status messages, 0 errors", "error = 0", "done without errors", "Sleeping for 60 minutes"]
        {
            assert!(!class(None, routine).is_problem(), "{routine}");
        }
        assert!(class(None, "0 errors, then the copy failed").is_problem());
        assert!(class(None, "returned 0x80070005").is_problem());
        assert!(!class(None, "returned 0x00000000").is_problem());
    }

    #[test]
    fn the_logs_own_level_decides_and_words_say_what_ended() {
        let class = |severity: Option<&str>, in_message: bool, message: &str| {
            LogEntry {
                message: message.into(),
                severity: severity.map(str::to_string),
                severity_in_message: in_message,
                ..Default::default()
            }
            .class()
        };
        // `, Info` with words of failure: not a problem, a quiet failure.
        let info = class(Some("info"), false, "Failed to load SMI schema hive [HRESULT = 0x80070020]");
        assert_eq!(info, Class { level: Level::Routine, failure: true, stated: true, ends: false });
        assert!(!info.is_problem() && info.is_quiet_failure());
        // No level of its own: the words decide, as before.
        assert!(class(None, false, "Failed to load SMI schema hive").is_problem());
        // `Error:` written in the message is the words', not a field.
        assert!(!class(Some("error"), true, "Error: it broke").stated);
        // What ends an operation, and what does not.
        for ends in [
            "CcmSetup failed with error code 0x80190194",
            "DISM Unattend Manager processed the command line but failed. HRESULT=80004005",
            "Action ended 10:02:04: InstallFinalize. Return value 3.",
            "An error occurred while running registry sysprep DLLs, halting sysprep execution. dwRet = 0x3cf2",
            "Task Sequence Engine exiting with code 0x80004005",
            "Product: Contoso Agent -- Installation failed.",
        ] {
            assert!(class(Some("1"), false, ends).ends, "{ends}");
        }
        for not in ["Exiting with code 0", "Return value 1.", "Failed to connect to policy namespace. Error 0x8004100e"] {
            assert!(!class(None, false, not).ends, "{not}");
        }
        // A state or flags value is not a failure code.
        assert!(!says_failure("Blocked system sleep; prior state: 0x80000000"));
        assert!(says_failure("The alternate source path directory could not be accessed [0x8007010b]"));
        assert!(says_failure("Wait returned 0x80070005"));
    }

    #[test]
    fn times_as_logs_write_them() {
        let sms = seconds("08-03-2011 10:02:10.123-600").unwrap();
        assert_eq!(seconds("2011-08-03 10:02:10").unwrap(), sms);
        assert_eq!(seconds("2011-08-03T10:02:10.1234567Z").unwrap(), sms);
        assert_eq!(seconds("08/03/2011 10:02:10 PM").unwrap(), sms + 12 * 3600);
        assert_eq!(seconds("1970-01-01 00:00:00"), Some(0));
        assert_eq!(seconds("2011-08-04 10:02:10").unwrap() - sms, 86_400);
        assert_eq!(seconds("10:02:10"), None);
        assert_eq!(seconds("13-13-2011 10:02"), None);
    }
}
