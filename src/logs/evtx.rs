//! Windows event log files (`.evtx`), read with the `evtx` crate: each
//! record is a [`LogEntry`] with its provider (source), event ID, level,
//! time, computer and insertion strings (`EventData` / `UserData`: a record
//! holds those, not the rendered description, which lives in the provider's
//! message files on the machine that wrote it).
//!
//! A damaged chunk or record is skipped with a warning naming the file and
//! the chunk; the rest is read. The parser reads one 64 KiB chunk at a time,
//! so a large file is read in bounded memory.

use super::entry::LogEntry;
use crate::error::{Error, Result};
use std::path::Path;

/// The first bytes of an event log file.
pub const MAGIC: &[u8; 8] = b"ElfFile\0";

/// Whether these bytes start an event log file.
pub fn is_evtx(head: &[u8]) -> bool {
    head.starts_with(MAGIC)
}

/// What reading an event log file found besides its records.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvtxRead {
    /// Records read.
    pub records: u64,
    /// Damaged chunks or records skipped (each also a warning).
    pub damaged: u64,
}

/// Read every readable record of an event log file, in record order,
/// handing each to `entry` and each damaged part, described, to `warning`.
/// Only the chunks the file header counts are read: past them lie leftovers
/// of the log's earlier life that Windows does not show either.
pub fn read(path: &Path, entry: impl FnMut(LogEntry), warning: impl FnMut(String)) -> Result<EvtxRead> {
    let parser = evtx::EvtxParser::from_path(path).map_err(|e| unreadable(path, e))?;
    read_parser(&path.display().to_string(), parser, entry, warning)
}

/// [`read`] for a whole event log file already in memory (an upload),
/// named `name` in warnings and errors.
pub fn read_bytes(
    name: &str,
    bytes: Vec<u8>,
    entry: impl FnMut(LogEntry),
    warning: impl FnMut(String),
) -> Result<EvtxRead> {
    let parser = evtx::EvtxParser::from_buffer(bytes).map_err(|e| unreadable(Path::new(name), e))?;
    read_parser(name, parser, entry, warning)
}

fn unreadable(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::io(path, std::io::Error::new(std::io::ErrorKind::InvalidData, format!("not a readable event log file: {e}")))
}

fn read_parser<T: std::io::Read + std::io::Seek>(
    name: &str,
    parser: evtx::EvtxParser<T>,
    mut entry: impl FnMut(LogEntry),
    mut warning: impl FnMut(String),
) -> Result<EvtxRead> {
    let settings = evtx::ParserSettings::new().num_threads(1).separate_json_attributes(false);
    let mut parser = parser.with_configuration(settings.clone());
    let chunk_count = u64::from(parser.header().chunk_count);
    let settings = std::sync::Arc::new(settings);
    let mut read = EvtxRead::default();
    let mut chunks = parser.chunks();
    loop {
        // The parser is not ours: a panic on damaged data is one more damaged part.
        let next = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| chunks.next()));
        let mut chunk = match next {
            Ok(None) => break,
            Ok(Some(Ok(chunk))) => chunk,
            Ok(Some(Err(e))) => {
                read.damaged += 1;
                warning(format!("{name}: skipped a damaged chunk: {e}"));
                continue;
            }
            Err(_) => {
                read.damaged += 1;
                warning(format!(
                    "{name}: the event log parser failed after record {}; the rest is not read",
                    read.records
                ));
                break;
            }
        };
        let number = chunk.number.unwrap_or(0);
        if number >= chunk_count {
            continue;
        }
        let records = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut out = Vec::new();
            match chunk.parse(settings.clone()) {
                Ok(mut parsed) => {
                    for record in parsed.iter() {
                        out.push(record.and_then(|r| r.into_json_value()).map(|r| r.data).map_err(|e| e.to_string()));
                    }
                }
                Err(e) => out.push(Err(e.to_string())),
            }
            out
        }));
        match records {
            Ok(records) => {
                for record in records {
                    match record {
                        Ok(data) => {
                            read.records += 1;
                            entry(record_entry(&data, read.records as usize));
                        }
                        Err(e) => {
                            read.damaged += 1;
                            warning(format!("{name}: chunk {number}: skipped a damaged record: {e}"));
                        }
                    }
                }
            }
            Err(_) => {
                read.damaged += 1;
                warning(format!("{name}: chunk {number}: the event log parser failed on it; skipped"));
            }
        }
    }
    Ok(read)
}

/// A record (as the parser's JSON) as an entry; `position` is its 1-based
/// place in the file.
pub fn record_entry(record: &serde_json::Value, position: usize) -> LogEntry {
    let event = &record["Event"];
    let system = &event["System"];
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => Some(s.trim().to_string()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Object(o) => o.get("#text").and_then(|t| match t {
            serde_json::Value::String(s) => Some(s.trim().to_string()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        }),
        _ => None,
    };
    let provider = &system["Provider"]["#attributes"];
    let source = text(&provider["EventSourceName"]).or_else(|| text(&provider["Name"])).filter(|s| !s.is_empty());
    let event_id = text(&system["EventID"]).and_then(|id| id.parse::<u32>().ok()).map(|id| id & 0xFFFF);
    let level = text(&system["Level"]).and_then(|l| l.parse::<u8>().ok()).map(level_name);
    let mut strings = Vec::new();
    for part in ["EventData", "UserData"] {
        insertion_strings(&event[part], &mut strings);
    }
    LogEntry {
        message: super::entry::collapse(&strings.join(" ")),
        component: None,
        severity: level.map(str::to_string),
        event_source: source,
        event_id,
        time: text(&system["TimeCreated"]["#attributes"]["SystemTime"]),
        computer: text(&system["Computer"]).filter(|c| !c.is_empty()),
        severity_in_message: false,
        record: true,
        foreign: false,
        line: position,
    }
}

/// The names of the event levels.
fn level_name(level: u8) -> &'static str {
    match level {
        1 => "critical",
        2 => "error",
        3 => "warning",
        5 => "verbose",
        _ => "information",
    }
}

/// The strings of an `EventData` or `UserData` element, in order; the
/// attributes and binary data are not text.
fn insertion_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
        serde_json::Value::Number(n) => out.push(n.to_string()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| insertion_strings(v, out)),
        serde_json::Value::Object(fields) => {
            for (key, v) in fields {
                if key != "#attributes" && key != "Binary" {
                    insertion_strings(v, out);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_as_an_entry() {
        let record = serde_json::json!({"Event": {
            "System": {
                "Provider": {"#attributes": {"Name": "Service Control Manager", "Guid": "{555908d1}"}},
                "EventID": {"#attributes": {"Qualifiers": 16384}, "#text": 7045},
                "Level": 4,
                "TimeCreated": {"#attributes": {"SystemTime": "2016-07-08T18:12:51.681640Z"}},
                "Computer": "WIN-01"
            },
            "EventData": {"ServiceName": "Sysmon", "ImagePath": "C:\\Windows\\Sysmon.exe", "Binary": "00FF", "StartType": "auto start"}
        }});
        let e = record_entry(&record, 3);
        assert_eq!(
            e,
            LogEntry {
                message: "Sysmon C:\\Windows\\Sysmon.exe auto start".into(),
                severity: Some("information".into()),
                event_source: Some("Service Control Manager".into()),
                event_id: Some(7045),
                time: Some("2016-07-08T18:12:51.681640Z".into()),
                computer: Some("WIN-01".into()),
                record: true,
                line: 3,
                ..Default::default()
            }
        );
        // A record with nothing in it is still an entry, of its provider and ID.
        let e = record_entry(&serde_json::json!({"Event": {"System": {"EventID": 6005, "Level": 2}}}), 1);
        assert_eq!((e.event_id, e.severity.as_deref(), e.message.as_str()), (Some(6005), Some("error"), ""));
        assert_eq!(record_entry(&serde_json::json!(null), 1).event_id, None);
    }

    #[test]
    fn magic() {
        assert!(is_evtx(b"ElfFile\0\0\0\0"));
        assert!(!is_evtx(b"ElfFile"));
        assert!(!is_evtx(b"Sleeping for 60 minutes"));
    }

    #[test]
    fn a_file_that_is_no_event_log_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.evtx");
        std::fs::write(&path, b"ElfFile\0 and then nothing of the rest").unwrap();
        let mut warnings = Vec::new();
        let got = read(&path, |_| {}, |w| warnings.push(w));
        assert!(got.is_err() || got.as_ref().is_ok_and(|r| r.records == 0), "{got:?}");
    }
}
