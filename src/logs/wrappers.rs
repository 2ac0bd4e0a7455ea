//! The line wrappers of other systems' logs, read by their structure: BSD
//! syslog (also behind a collector's own leading fields) and its RFC 5424
//! form, Apache and nginx error logs, lines whose header ends in a level
//! word (log4j, Java, Python, Hadoop, OpenStack: fields, `LEVEL`, a
//! `[thread]`, a dotted logger), `time|component|pid|message` lines, a
//! bracketed time before `program - message`, leading fields ending in a
//! Unix time, and key=value lines with a `msg=` field. What a wrapper holds (time, host, program, process id,
//! level, logger) is context; the message is what is left.
//!
//! The reader asks these after the Microsoft grammars, for a log file only
//! (a paste keeps its own reading, see [`super::reader::Layout`]).

use super::entry::LogEntry;
use regex::Regex;
use std::sync::LazyLock;

/// BSD syslog: `Jun 14 15:16:01 host program(sub)[pid]: message`, after up
/// to six leading fields of a collector (`- 1131566461 2005.11.09 dn228`),
/// with an optional `<PRI>`; the program and its colon may be absent.
static SYSLOG_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:<[0-9]{1,3}>)?(?:\S+ +){0,6}?((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +[0-9]{1,2} [0-9]{2}:[0-9]{2}:[0-9]{2}) +(\S+) +(?:([^\s:\[\]]+(?:\([^)\s]*\))?(?:\[[0-9]+\])?): *)?(.*)$",
    )
    .expect("syslog pattern")
});

/// RFC 5424: `<PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD]|- message`.
static RFC5424_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^<[0-9]{1,3}>1 (\S+) \S+ (\S+) \S+ \S+ (?:-|(?:\[[^\]]*\])+) ?(.*)$").expect("rfc 5424 pattern")
});

/// Apache's error log: `[Sun Dec 04 04:47:44 2005] [module:level] [pid N:tid M] [client IP:port] message`.
static APACHE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\[((?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [^\]]+)\] \[(?:[A-Za-z0-9_.\-]+:)?([A-Za-z]+)\] (?:\[pid [0-9]+(?::tid [0-9]+)?\] )?(?:\[client [^\]]+\] )?(.*)$",
    )
    .expect("apache pattern")
});

/// nginx's error log: `2023/01/02 10:00:00 [error] 123#45: *6 message`.
static NGINX_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([0-9]{4}/[0-9]{2}/[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}) \[([a-z]+)\] [0-9]+#[0-9]+: (?:\*[0-9]+ )?(.*)$")
        .expect("nginx pattern")
});

/// `time|component|pid|message`: up to three fields without spaces before
/// the message, the first with a digit.
static PIPED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([^|\s]*[0-9][^|\s]*)\|([^|\s]+)\|(?:[^|\s]+\|)?(.*)$").expect("piped pattern")
});

/// A bracketed time, then `program - message` (`[10.30 16:49:06] chrome.exe - message`).
static BRACKET_PROGRAM_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\[([0-9][0-9.:/\- ]*[0-9])\] +([^\s\[\]]+(?: [^\s\[\]]+){0,2}?) +- +(.*)$").expect("bracket program pattern")
});

/// Leading fields ending in a Unix time (seconds, 9 or 10 digits) and an
/// optional short flag: `134681 node-246 unix.hw state_change.unavailable
/// 1077804742 1 message`. The first field holds a digit or is a dash (a
/// record number, a time); at most five more come before the time.
static EPOCH_FIELDS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:-|\S*[0-9]\S*)((?: +\S+){0,5}?) +(1[0-9]{9}|[1-9][0-9]{8}) +(?:-?[0-9]{1,2} +)?(\S.*)$")
        .expect("epoch fields pattern")
});

/// A `key=value` field (the value quoted or not).
static KEY_VALUE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?:^|\s)([A-Za-z_][A-Za-z0-9_.]*)=("(?:[^"\\]|\\.)*"|\S*)"#).expect("key value pattern"));

/// Level words a header ends with, written in capitals as loggers write them.
const LEVELS: &[&str] =
    &["TRACE", "DEBUG", "INFO", "NOTICE", "WARN", "WARNING", "ERROR", "SEVERE", "FATAL", "CRITICAL", "CRIT", "ALERT", "EMERG"];

/// Most fields before a header's level word.
const MAX_HEADER_FIELDS: usize = 10;

/// The entry of one line of a log file in a wrapper of another system, if
/// the line is in one.
pub fn read(line: &str, no: usize) -> Option<LogEntry> {
    let entry = |message: &str, component: Option<&str>, severity: Option<&str>, time: Option<&str>| LogEntry {
        message: message.trim().to_string(),
        component: component.map(str::to_string),
        severity: severity.map(str::to_ascii_lowercase),
        time: time.map(str::to_string),
        foreign: true,
        line: no,
        ..Default::default()
    };
    let first = line.as_bytes().first().copied()?;
    if first == b'[' {
        if let Some(c) = APACHE_RE.captures(line) {
            return Some(entry(&c[3], None, Some(&c[2]), Some(&c[1])));
        }
        if let Some(c) = BRACKET_PROGRAM_RE.captures(line) {
            return Some(entry(&c[3], Some(&c[2]), None, Some(&c[1])));
        }
    }
    if first == b'<'
        && let Some(c) = RFC5424_RE.captures(line)
    {
        return Some(entry(&c[3], Some(&c[2]), None, Some(&c[1])));
    }
    if first.is_ascii_digit()
        && let Some(c) = NGINX_RE.captures(line)
    {
        return Some(entry(&c[3], None, Some(&c[2]), Some(&c[1])));
    }
    if let Some(e) = leveled(line, no) {
        return Some(e);
    }
    if let Some(c) = SYSLOG_RE.captures(line) {
        let program = c.get(3).map(|m| m.as_str());
        return Some(entry(&c[4], program, None, Some(&c[1])));
    }
    if line.contains('|')
        && let Some(c) = PIPED_RE.captures(line)
    {
        return Some(entry(&c[3], Some(&c[2]), None, Some(&c[1])));
    }
    if let Some(c) = EPOCH_FIELDS_RE.captures(line) {
        // The fields without digits name the component (`unix.hw state_change.unavailable`).
        let named: Vec<&str> = c[1].split_whitespace().filter(|f| !f.bytes().any(|b| b.is_ascii_digit())).collect();
        let component = (!named.is_empty()).then(|| named.join(" "));
        return Some(entry(&c[3], component.as_deref(), None, Some(&c[2])));
    }
    key_values(line, no)
}

/// Whether a header field can stand before a level word: it holds a digit
/// (a date, a time, a process id, a node name), is a dash or a pipe, or is
/// a short word in capitals (`RAS KERNEL`).
fn is_header_field(field: &str) -> bool {
    field.bytes().any(|b| b.is_ascii_digit())
        || field == "-"
        || field == "|"
        || (field.len() <= 12 && field.bytes().all(|b| b.is_ascii_uppercase() || b == b'_'))
}

/// A line whose header ends in a level word: `2015-10-18 18:01:47,978 INFO
/// [main] org.apache.hadoop.Foo: message`, `081109 203615 148 INFO
/// dfs.DataNode: message`, `... - WARN  [thread:Class@688] - message`,
/// `... 25746 INFO nova.api.server [req-1 - - -] message`.
fn leveled(line: &str, no: usize) -> Option<LogEntry> {
    let mut rest = line;
    let mut fields = Vec::new();
    let level = loop {
        if fields.len() > MAX_HEADER_FIELDS {
            return None;
        }
        let t = rest.trim_start();
        let end = t.find([' ', '\t']).unwrap_or(t.len());
        let field = &t[..end];
        if field.is_empty() {
            return None;
        }
        let bare = field.trim_matches(['[', ']', ':']);
        if !fields.is_empty() && LEVELS.contains(&bare) {
            rest = &t[end..];
            break bare;
        }
        if !is_header_field(field) {
            return None;
        }
        fields.push(field);
        rest = &t[end..];
    };
    let mut rest = rest.trim_start();
    // A thread or context in brackets (nested: `[QuorumPeer[myid=1]/0:0:2181:Class@774]`).
    rest = skip_bracketed(rest);
    rest = rest.strip_prefix("- ").unwrap_or(rest).trim_start();
    let mut component = None;
    // A dotted logger name: `org.apache.Foo:`, `dfs.DataNode$PacketResponder:`, `nova.api.server [..]`.
    let end = rest.find(' ').unwrap_or(rest.len());
    let logger = &rest[..end];
    let name = logger.trim_end_matches(':');
    let is_logger = (name.contains('.') || name.contains('$'))
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'$' | b'_' | b'@' | b'-'))
        && name.bytes().next().is_some_and(|b| b.is_ascii_alphabetic());
    let after = rest[end..].trim_start();
    if is_logger && (logger.ends_with(':') || after.starts_with('[') || after.starts_with("- ")) {
        component = Some(name.to_string());
        rest = skip_bracketed(after);
        rest = rest.strip_prefix("- ").unwrap_or(rest).trim_start();
    }
    let time = fields.iter().filter(|f| f.bytes().any(|b| b.is_ascii_digit())).take(2).copied().collect::<Vec<_>>();
    Some(LogEntry {
        message: rest.trim().to_string(),
        component,
        severity: Some(level.to_ascii_lowercase()),
        time: (!time.is_empty()).then(|| time.join(" ")),
        foreign: true,
        line: no,
        ..Default::default()
    })
}

/// The text after one bracketed part at its start (brackets nested), or
/// the text itself.
fn skip_bracketed(text: &str) -> &str {
    if !text.starts_with('[') {
        return text;
    }
    let mut depth = 0usize;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return text[i + 1..].trim_start();
                }
            }
            _ => {}
        }
    }
    text
}

/// A key=value line with a message field: `time=... level=error msg="..."
/// key=value ...`; the message is `msg`'s value, the level `level`'s.
fn key_values(line: &str, no: usize) -> Option<LogEntry> {
    if !line.contains("msg=") && !line.contains("message=") {
        return None;
    }
    let (mut message, mut severity, mut time) = (None, None, None);
    let mut fields = 0;
    for c in KEY_VALUE_RE.captures_iter(line) {
        fields += 1;
        let value = c[2].trim_matches('"').replace("\\\"", "\"");
        match c[1].to_ascii_lowercase().as_str() {
            "msg" | "message" => message = Some(value),
            "level" | "lvl" | "severity" => severity = Some(value.to_ascii_lowercase()),
            "time" | "ts" | "timestamp" => time = Some(value),
            _ => {}
        }
    }
    let message = message.filter(|_| fields >= 2)?;
    Some(LogEntry { message, severity, time, foreign: true, line: no, ..Default::default() })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (message, component, severity, time) of an entry.
    type Fields = (String, Option<String>, Option<String>, Option<String>);

    /// (message, component, severity, time) of a line.
    fn fields(line: &str) -> Option<Fields> {
        read(line, 1).map(|e| (e.message, e.component, e.severity, e.time))
    }

    fn some(m: &str, c: Option<&str>, s: Option<&str>, t: Option<&str>) -> Option<Fields> {
        Some((m.to_string(), c.map(str::to_string), s.map(str::to_string), t.map(str::to_string)))
    }

    #[test]
    fn syslog_with_and_without_a_collectors_fields() {
        assert_eq!(
            fields("Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown"),
            some("check pass; user unknown", Some("sshd(pam_unix)[19939]"), None, Some("Jun 14 15:16:01"))
        );
        assert_eq!(
            fields("- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond[2916]: (root) CMD (run-parts /etc/cron.hourly)"),
            some("(root) CMD (run-parts /etc/cron.hourly)", Some("crond[2916]"), None, Some("Nov 9 12:01:01"))
        );
        assert_eq!(
            fields("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - 'su root' failed for lonvick on /dev/pts/8"),
            some("'su root' failed for lonvick on /dev/pts/8", Some("su"), None, Some("2003-10-11T22:14:15.003Z"))
        );
    }

    #[test]
    fn apache_nginx_and_bracketed_program_lines() {
        assert_eq!(
            fields("[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6"),
            some("mod_jk child workerEnv in error state 6", None, Some("error"), Some("Sun Dec 04 04:47:44 2005"))
        );
        assert_eq!(
            fields("2023/01/02 10:00:00 [error] 123#45: *6 open() \"/x\" failed (2: No such file or directory)"),
            some("open() \"/x\" failed (2: No such file or directory)", None, Some("error"), Some("2023/01/02 10:00:00"))
        );
        assert_eq!(
            fields("[10.30 16:49:06] chrome.exe - proxy.example.com:5070 open through proxy proxy.example.com:5070 HTTPS"),
            some("proxy.example.com:5070 open through proxy proxy.example.com:5070 HTTPS", Some("chrome.exe"), None, Some("10.30 16:49:06"))
        );
    }

    #[test]
    fn headers_ending_in_a_level() {
        assert_eq!(
            fields("2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Executing with tokens:"),
            some("Executing with tokens:", Some("org.apache.hadoop.mapreduce.v2.app.MRAppMaster"), Some("info"), Some("2015-10-18 18:01:47,978"))
        );
        assert_eq!(
            fields("2015-07-29 17:41:44,747 - WARN  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:Election@774] - Notification time out: 3200"),
            some("Notification time out: 3200", None, Some("warn"), Some("2015-07-29 17:41:44,747"))
        );
        assert_eq!(
            fields("081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating"),
            some("PacketResponder 1 for block blk_38865049064139660 terminating", Some("dfs.DataNode$PacketResponder"), Some("info"), Some("081109 203615"))
        );
        assert_eq!(
            fields("- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL FATAL data TLB error interrupt"),
            some("data TLB error interrupt", None, Some("fatal"), Some("1117838570 2005.06.03"))
        );
        // Prose with a level word inside is no header.
        assert_eq!(fields("the job wrote ERROR twice"), None);
    }

    #[test]
    fn leading_fields_ending_in_a_unix_time() {
        assert_eq!(
            fields("134681 node-246 unix.hw state_change.unavailable 1077804742 1 Component State Change: Component is unavailable"),
            some("Component State Change: Component is unavailable", Some("unix.hw state_change.unavailable"), None, Some("1077804742"))
        );
        assert_eq!(
            fields("2561 node-70 node status 1074119817 -1 not responding"),
            some("not responding", Some("node status"), None, Some("1074119817"))
        );
        // A long number inside prose is no time of a header.
        assert_eq!(fields("copied the file of size 1077804742 bytes to the share"), None);
    }

    #[test]
    fn piped_and_key_value_lines() {
        assert_eq!(
            fields("20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579"),
            some("onStandStepChanged 3579", Some("Step_LSC"), None, Some("20171223-22:15:29:606"))
        );
        assert_eq!(
            fields(r#"time=2024-01-02T10:00:00Z level=error msg="dial tcp 10.0.0.5:5432: connection refused" db=main"#),
            some("dial tcp 10.0.0.5:5432: connection refused", None, Some("error"), Some("2024-01-02T10:00:00Z"))
        );
    }
}
