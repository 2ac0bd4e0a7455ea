//! The scanner: reads logs as streams (text line by line, an event log
//! record by record) and keeps per-message aggregates and the failures
//! (cascades) they make.

use super::report::{FileRead, MAX_MESSAGES, Place};
use super::drain;
use super::timeline;
use crate::error::{Error, Result};
use crate::ingest::decode::TextLines;
use crate::logs::{self, EntryReader, Layout, Level, LogEntry, Parsed};
use crate::matcher::mask;
use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// Longest line kept, in bytes; the rest of a longer line is skipped so a
/// log without line breaks cannot fill memory.
pub const MAX_LINE_BYTES: usize = 16 * 1024;

/// Most distinct masked messages remembered with their template (the
/// others find it again in the parse tree).
const MAX_KEYS: usize = 4 * MAX_MESSAGES;

/// New messages (groups added, or dropped for want of room) between two
/// settles of a full table: settling is a pass over every group, so a full
/// table that settling cannot empty is settled again only after this many
/// more, not for each new message (a 1 GiB log of new values would
/// otherwise settle once a line).
pub(super) const SETTLE_EVERY: usize = MAX_MESSAGES / 8;

/// Longest example kept per message, in bytes.
const MAX_EXAMPLE_BYTES: usize = 4096;

/// How far back, in entries of the same file, a failure point (an entry
/// whose words say an operation ended in failure, or one the log itself
/// calls an error) looks for the problems that led to it; two failure points
/// this close are one failure (a cascade).
pub const FAILURE_WINDOW: u64 = 64;

/// How far back in time a failure point looks, in seconds (when the log
/// writes times): a problem a minute before the failure, or a failure of a
/// run an hour earlier, is not part of it.
pub const FAILURE_SECONDS: i64 = 60;

/// Most failures (cascades) remembered, and most problems remembered per failure.
const MAX_CASCADES: usize = 256;
const MAX_CASCADE_MEMBERS: usize = 256;

/// Files of a folder that are scanned: logs, rotated logs, event logs.
pub const FOLDER_EXTENSIONS: &[&str] = &["log", "lo_", "evtx"];

/// Files named, and the log files of folders named (sorted by name).
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| Error::io(path, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .filter(|p| {
                    p.extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| FOLDER_EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
                })
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(Error::io(
                    path,
                    std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        "the folder has no *.log, *.lo_ or *.evtx file to scan",
                    ),
                ));
            }
            out.extend(found);
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

/// One distinct message and where it occurs.
#[derive(Debug, Clone)]
pub(super) struct Group {
    pub(super) template: String,
    pub(super) class: logs::Class,
    pub(super) count: u64,
    pub(super) places: Vec<(usize, Place)>,
    pub(super) example: String,
    /// The first entry, matched as it is.
    pub(super) entry: LogEntry,
    /// When its first and last entries were written (seconds).
    pub(super) times: Option<(i64, i64)>,
    /// Entries of it that a failure point claimed (see [`FAILURE_WINDOW`]).
    pub(super) claimed: u64,
    /// Entries of it (problems) that no failure point claimed.
    pub(super) apart: u64,
    /// Its lines, in each file (kept only when asked, see [`Scanner::keep_lines`]).
    pub(super) lines: Vec<u64>,
}

/// A problem entry waiting for a failure point.
#[derive(Debug, Clone, Copy)]
pub(super) struct Recent {
    pub(super) group: usize,
    pub(super) position: u64,
    pub(super) line: u64,
    pub(super) time: Option<i64>,
}

/// One failure: the failure points within reach of each other and the
/// problems they claimed, in the order of the log.
#[derive(Debug, Clone, Default)]
pub(super) struct Cascade {
    /// Problems claimed: (group, line).
    pub(super) members: Vec<(usize, u64)>,
    /// Failure points: (group, line, whether its words say an operation ended).
    pub(super) points: Vec<(usize, u64, bool)>,
}

/// Reads logs and keeps per-message aggregates.
#[derive(Debug, Default)]
pub struct Scanner {
    pub(super) groups: Vec<Group>,
    /// Each group's key -> its index.
    pub(super) keys: HashMap<String, usize>,
    /// Routine messages by shape (see [`shape`]) -> their group.
    pub(super) shapes: HashMap<String, usize>,
    /// Problem entries of the current file not yet claimed by a failure point.
    pub(super) recent: std::collections::VecDeque<Recent>,
    /// Entries read of the current file.
    pub(super) position: u64,
    /// The last failure point of the current file: its position and time.
    pub(super) last_failure: Option<(u64, Option<i64>)>,
    /// The last time the current file wrote, in seconds.
    pub(super) clock: Option<i64>,
    pub(super) cascades: Vec<Cascade>,
    pub(super) files: Vec<FileRead>,
    pub(super) dropped: u64,
    pub(super) warnings: Vec<String>,
    /// The entries, problems and failure points over time.
    pub(super) timeline: timeline::Clock,
    /// Text messages' templates as a parse tree (see [`drain`]).
    pub(super) drain: drain::Drain,
    /// Whether each group keeps the numbers of its lines (for a list of templates).
    pub(super) keep_lines: bool,
    /// New messages since the last settle (see [`SETTLE_EVERY`]).
    pub(super) unsettled: usize,
    /// Settles made (the table's, the report's).
    pub(super) settles: usize,
}

/// A routine message's shape: its words holding a digit made one. Routine
/// lines differing only there (a package ID, a count) are the same message;
/// the shape spares masking each of them (the first is masked, and shapes
/// whose templates agree are one group).
fn shape(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    for word in message.split(' ') {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.bytes().any(|b| b.is_ascii_digit()) {
            out.push('#');
        } else {
            out.push_str(word);
        }
    }
    out
}

/// A routine group's template with each word holding a digit that the
/// mask kept (`CEN0000`, a short ID) made a wildcard once another message
/// of the same shape (`first`'s) writes another word there (`CEN0004`):
/// the template stands for all of them, not for the first.
fn unmask_varying(template: &mut String, first: &str, other: &str) {
    for (was, now) in first.split(' ').zip(other.split(' ')) {
        if was != now && was.bytes().any(|b| b.is_ascii_digit()) {
            let masked = template.split(' ').map(|word| if word == was { mask::WILDCARD } else { word });
            let masked = masked.collect::<Vec<_>>().join(" ");
            *template = masked;
        }
    }
}

impl Scanner {
    /// An empty scanner.
    pub fn new() -> Self {
        Scanner::default()
    }

    /// Read a file: an event log file when it starts with its magic, else text.
    pub fn read_path(&mut self, path: &Path, progress: Option<&crate::Progress<u64>>) -> Result<()> {
        let name = path.display().to_string();
        if name == "-" {
            return self.read_text("<stdin>", std::io::stdin().lock(), progress);
        }
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if !meta.is_file() {
            return Err(Error::io(
                path,
                std::io::Error::other("not a regular file: give a log file or a folder of logs"),
            ));
        }
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let mut reader = std::io::BufReader::with_capacity(256 * 1024, file);
        // The first bytes, looked at without consuming them.
        let head = reader.fill_buf().map_err(|e| Error::io(path, e))?;
        if logs::evtx::is_evtx(head) {
            return self.read_evtx(path);
        }
        self.read_text(&name, reader, progress)
    }

    /// Read a text log.
    pub fn read_text<R: BufRead>(
        &mut self,
        name: &str,
        reader: R,
        progress: Option<&crate::Progress<u64>>,
    ) -> Result<()> {
        let file = self.files.len();
        self.files.push(FileRead { file: name.to_string(), format: "text".into(), lines: 0, entries: 0, damaged: 0 });
        let io_error = |e| Error::io(name, e);
        let lines = TextLines::new(reader, MAX_LINE_BYTES).map_err(io_error)?;
        // Two threads: this one reads lines into entries, the other masks and groups them.
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Parsed>>(PIPELINE_BATCHES);
        let scanner = &mut *self;
        let read = std::thread::scope(|scope| {
            scope.spawn(move || {
                for parsed in receive.into_iter().flatten() {
                    scanner.add(file, parsed);
                }
            });
            read_entries(lines, send, progress)
        });
        self.files[file].lines = read.map_err(io_error)? as u64;
        self.end_file();
        Ok(())
    }

    /// Read a Windows event log file.
    pub fn read_evtx(&mut self, path: &Path) -> Result<()> {
        self.read_records(&path.display().to_string(), |entry, warning| logs::evtx::read(path, entry, warning))
    }

    /// Read a whole Windows event log file already in memory (an upload).
    pub fn read_evtx_bytes(&mut self, name: &str, bytes: Vec<u8>) -> Result<()> {
        self.read_records(name, move |entry, warning| logs::evtx::read_bytes(name, bytes, entry, warning))
    }

    /// Read one log's bytes: an event log file when they start with its
    /// magic, else text.
    pub fn read_bytes(&mut self, name: &str, bytes: Vec<u8>) -> Result<()> {
        if logs::evtx::is_evtx(&bytes) {
            self.read_evtx_bytes(name, bytes)
        } else {
            self.read_text(name, std::io::Cursor::new(bytes), None)
        }
    }

    /// Read an event log's records, as `read` hands them over.
    fn read_records(
        &mut self,
        name: &str,
        read: impl FnOnce(&mut dyn FnMut(LogEntry), &mut dyn FnMut(String)) -> Result<logs::evtx::EvtxRead>,
    ) -> Result<()> {
        let file = self.files.len();
        self.files.push(FileRead { file: name.to_string(), format: "evtx".into(), lines: 0, entries: 0, damaged: 0 });
        let mut records = Vec::new();
        let mut warnings = Vec::new();
        // Records are handed over as they come; a chunk's worth at most waits here.
        let read = read(
            &mut |entry| {
                records.push(entry);
                if records.len() >= 1024 {
                    for entry in records.drain(..) {
                        let line = entry.line;
                        self.add(file, Parsed { raw: describe_record(&entry), entry, last_line: line });
                    }
                }
            },
            &mut |w| warnings.push(w),
        );
        for entry in records {
            let line = entry.line;
            self.add(file, Parsed { raw: describe_record(&entry), entry, last_line: line });
        }
        let read = read?;
        self.files[file].lines = read.records;
        self.files[file].damaged = read.damaged;
        self.warnings.extend(warnings);
        self.end_file();
        Ok(())
    }

    /// Count one entry.
    fn add(&mut self, file: usize, parsed: Parsed) {
        let Parsed { entry, raw, last_line } = parsed;
        if entry.message.is_empty() && entry.event_id.is_none() {
            return;
        }
        self.files[file].entries += 1;
        self.position += 1;
        // A line with no time of its own (a process's `[1884] ...` line)
        // stands at the time of the last line that had one.
        let time = entry.time.as_deref().and_then(logs::seconds).or(self.clock);
        self.clock = time;
        let mut class = entry.class();
        if entry.foreign && class.failure {
            // A hex word of another system's log is a failure code only
            // after an error word, as its mask keeps it (`at 0x9285f2e0` is an address).
            class.failure = logs::says_failure_where(&entry.message, mask::log_keeps_code_after);
        }
        let failure_point = class.ends || (class.stated && class.level == Level::Error);
        if let Some(t) = time {
            self.timeline.count(t, class.is_problem(), failure_point);
        }
        let line = entry.line as u64;
        let Some(group) = self.group_of(file, &entry, class, &raw) else {
            self.dropped += 1;
            return;
        };
        if self.keep_lines {
            self.groups[group].lines.extend(line..=(last_line as u64).max(line));
        }
        if let Some(t) = time {
            let times = &mut self.groups[group].times;
            *times = Some(times.map_or((t, t), |(first, _)| (first, t)));
        }
        if entry.record {
            return;
        }
        self.expire(time);
        let candidate = class.is_problem() || class.is_quiet_failure();
        if failure_point {
            let joins = self.last_failure.is_some_and(|(position, at)| {
                self.position - position <= FAILURE_WINDOW && within_seconds(at, time)
            });
            // Past the bound, a new failure's claims still count, unrecorded.
            let open = joins || self.cascades.len() < MAX_CASCADES;
            if !joins && open {
                self.cascades.push(Cascade::default());
            }
            for r in std::mem::take(&mut self.recent) {
                self.groups[r.group].claimed += 1;
                if let Some(c) = self.cascades.last_mut().filter(|c| open && c.members.len() < MAX_CASCADE_MEMBERS) {
                    c.members.push((r.group, r.line));
                }
            }
            if let Some(c) = self.cascades.last_mut().filter(|c| open && c.points.len() < MAX_CASCADE_MEMBERS) {
                c.points.push((group, line, class.ends));
            }
            self.last_failure = Some((self.position, time));
        }
        if candidate {
            self.recent.push_back(Recent { group, position: self.position, line, time });
        }
    }

    /// Problems too far back for a failure point at this position and time
    /// to claim: counted apart from any failure.
    fn expire(&mut self, now: Option<i64>) {
        while let Some(r) = self.recent.front() {
            if self.position - r.position <= FAILURE_WINDOW && within_seconds(r.time, now) {
                break;
            }
            self.groups[r.group].apart += 1;
            self.recent.pop_front();
        }
    }

    /// A file ended: its waiting problems were apart from any failure.
    fn end_file(&mut self) {
        for r in std::mem::take(&mut self.recent) {
            self.groups[r.group].apart += 1;
        }
        self.position = 0;
        self.last_failure = None;
        self.clock = None;
    }

    /// The group of an entry, counted; None when the table is full and the
    /// message is new.
    fn group_of(&mut self, file: usize, entry: &LogEntry, class: logs::Class, raw: &str) -> Option<usize> {
        let mut shape_of = None;
        let key = if entry.record {
            format!(
                "{}\u{1f}{}\u{1f}{}",
                entry.event_source.as_deref().unwrap_or(""),
                entry.event_id.map_or(String::new(), |id| id.to_string()),
                mask::mask(&entry.message)
            )
        } else if class.is_problem() || class.is_quiet_failure() {
            masked(entry)
        } else {
            let shape = shape(&entry.message);
            match self.shapes.get(&shape) {
                Some(&g) => {
                    let group = &mut self.groups[g];
                    unmask_varying(&mut group.template, &group.entry.message, &entry.message);
                    return Some(self.count(g, file, entry.line as u64));
                }
                None => {
                    shape_of = Some(shape);
                    format!("\u{1e}{}", masked(entry))
                }
            }
        };
        let line = entry.line as u64;
        if let Some(&g) = self.keys.get(&key) {
            if let Some(shape) = shape_of.filter(|_| self.shapes.len() < MAX_MESSAGES) {
                self.shapes.insert(shape, g);
            }
            if key.starts_with('\u{1e}') {
                let group = &mut self.groups[g];
                unmask_varying(&mut group.template, &group.entry.message, &entry.message);
            }
            return Some(self.count(g, file, line));
        }
        // A text message joins the template it is one of (see [`drain`]).
        let kind = u8::from(key.starts_with('\u{1e}'));
        let groups = &self.groups;
        let joins = if !entry.foreign {
            None
        } else {
            self.drain.find(kind, key.trim_start_matches('\u{1e}'), |g| groups[g].template.as_str())
        };
        if let Some(g) = joins {
            if self.keys.len() < MAX_KEYS {
                if let Some(shape) = shape_of.filter(|_| self.shapes.len() < MAX_MESSAGES) {
                    self.shapes.insert(shape, g);
                }
                self.keys.insert(key, g);
            }
            return Some(self.count(g, file, line));
        }
        if self.groups.len() >= MAX_MESSAGES && self.unsettled >= SETTLE_EVERY {
            self.settle();
        }
        self.unsettled += 1;
        if self.groups.len() >= MAX_MESSAGES {
            return None;
        }
        let template = if entry.record {
            key.rsplit('\u{1f}').next().unwrap_or("").to_string()
        } else {
            key.trim_start_matches('\u{1e}').to_string()
        };
        let g = self.groups.len();
        self.groups.push(Group {
            template,
            class,
            count: 1,
            places: vec![(file, Place { file: String::new(), count: 1, first_line: line, last_line: line })],
            example: truncate(raw, MAX_EXAMPLE_BYTES),
            entry: entry.clone(),
            times: None,
            claimed: 0,
            apart: 0,
            lines: Vec::new(),
        });
        if entry.foreign {
            self.drain.add(kind, &self.groups[g].template, g);
        }
        self.keys.insert(key, g);
        if let Some(shape) = shape_of.filter(|_| self.shapes.len() < MAX_MESSAGES) {
            self.shapes.insert(shape, g);
        }
        Some(g)
    }

    /// Settle the text messages' templates (see [`drain::settle`]): groups
    /// whose messages differ only in values become one, everything that
    /// pointed at them pointing at it.
    pub fn settle(&mut self) {
        self.unsettled = 0;
        self.settles += 1;
        let kinds: Vec<Option<(u8, &str)>> = self
            .groups
            .iter()
            .map(|g| {
                let routine = !(g.class.is_problem() || g.class.is_quiet_failure());
                g.entry.foreign.then_some((u8::from(routine), g.template.as_str()))
            })
            .collect();
        let (into, templates) = drain::settle(&kinds);
        if into.iter().enumerate().all(|(g, &r)| g == r) {
            return;
        }
        for (g, template) in templates {
            self.groups[g].template = template;
        }
        // Old index -> new index, the joined groups folded into theirs.
        let mut new_index = vec![usize::MAX; self.groups.len()];
        let mut kept: Vec<Group> = Vec::new();
        for (g, group) in std::mem::take(&mut self.groups).into_iter().enumerate() {
            if into[g] == g {
                new_index[g] = kept.len();
                kept.push(group);
            } else {
                let root = new_index[into[g]];
                new_index[g] = root;
                join(&mut kept[root], group);
            }
        }
        self.groups = kept;
        let at = |g: &mut usize| *g = new_index[*g];
        self.keys.values_mut().for_each(at);
        self.shapes.values_mut().for_each(at);
        self.recent.iter_mut().for_each(|r| at(&mut r.group));
        for c in &mut self.cascades {
            c.members.iter_mut().for_each(|m| at(&mut m.0));
            c.points.iter_mut().for_each(|p| at(&mut p.0));
        }
        self.drain = drain::Drain::default();
        for (g, group) in self.groups.iter().enumerate() {
            if group.entry.foreign {
                let routine = !(group.class.is_problem() || group.class.is_quiet_failure());
                self.drain.add(u8::from(routine), &group.template, g);
            }
        }
    }

    /// One more entry of a group.
    fn count(&mut self, g: usize, file: usize, line: u64) -> usize {
        let group = &mut self.groups[g];
        group.count += 1;
        match group.places.last_mut() {
            Some((f, place)) if *f == file => {
                place.count += 1;
                place.last_line = line;
            }
            _ => group.places.push((file, Place { file: String::new(), count: 1, first_line: line, last_line: line })),
        }
        g
    }
}

/// Entries handed from the reading thread to the grouping thread at a time.
const PIPELINE_BATCH: usize = 512;

/// Batches waiting for the grouping thread, at most (memory stays bounded
/// when grouping is the slower).
const PIPELINE_BATCHES: usize = 8;

/// A text log's entries, read line by line and sent in batches; its line count.
fn read_entries<R: BufRead>(
    mut lines: TextLines<R>,
    send: std::sync::mpsc::SyncSender<Vec<Parsed>>,
    progress: Option<&crate::Progress<u64>>,
) -> std::io::Result<usize> {
    let mut reader = EntryReader::new(Layout::Log);
    let mut line = String::new();
    let mut batch = Vec::with_capacity(PIPELINE_BATCH);
    while lines.next_line(&mut line)? {
        reader.push_line(&line);
        while let Some(parsed) = reader.next_entry() {
            batch.push(parsed);
        }
        if batch.len() >= PIPELINE_BATCH && send.send(std::mem::replace(&mut batch, Vec::with_capacity(PIPELINE_BATCH))).is_err() {
            break;
        }
        let n = reader.lines();
        if n.is_multiple_of(65_536)
            && let Some(progress) = progress
        {
            progress.report(n as u64);
        }
    }
    reader.finish();
    while let Some(parsed) = reader.next_entry() {
        batch.push(parsed);
    }
    // The grouping thread ends when the last batch is taken (`send` dropped here).
    let _ = send.send(batch);
    Ok(reader.lines())
}

/// An entry's message masked: as any system's log where another system's
/// wrapper was read, else as the Microsoft logs are (see [`mask`]).
fn masked(entry: &LogEntry) -> String {
    if entry.foreign { mask::mask_log(&entry.message) } else { mask::mask(&entry.message) }
}

/// A group's entries counted in another's (the first of the two in the log).
fn join(into: &mut Group, other: Group) {
    into.count += other.count;
    into.claimed += other.claimed;
    into.apart += other.apart;
    into.times = match (into.times, other.times) {
        (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
        (a, b) => a.or(b),
    };
    for (file, place) in other.places {
        match into.places.iter_mut().find(|(f, _)| *f == file) {
            Some((_, p)) => {
                p.count += place.count;
                p.first_line = p.first_line.min(place.first_line);
                p.last_line = p.last_line.max(place.last_line);
            }
            None => into.places.push((file, place)),
        }
    }
    into.places.sort_by_key(|(f, p)| (*f, p.first_line));
    into.lines.extend(other.lines);
    into.lines.sort_unstable();
}

/// Whether two times (seconds, when the log writes them) are within
/// [`FAILURE_SECONDS`] of each other.
fn within_seconds(earlier: Option<i64>, later: Option<i64>) -> bool {
    match (earlier, later) {
        (Some(a), Some(b)) => (b - a).abs() <= FAILURE_SECONDS,
        _ => true,
    }
}

/// An event record as one line for a person: level, time, source, ID, computer, strings.
pub(super) fn describe_record(e: &LogEntry) -> String {
    let mut parts = Vec::new();
    for (label, value) in [
        ("Level", e.severity.clone()),
        ("Time", e.time.clone()),
        ("Source", e.event_source.clone()),
        ("Event ID", e.event_id.map(|id| id.to_string())),
        ("Computer", e.computer.clone()),
    ] {
        if let Some(v) = value {
            parts.push(format!("{label}: {v}"));
        }
    }
    if !e.message.is_empty() {
        parts.push(format!("Strings: {}", e.message));
    }
    truncate(&parts.join("  "), MAX_EXAMPLE_BYTES)
}

/// At most `max` bytes of `s`, cut at a character boundary.
fn truncate(s: &str, max: usize) -> String {
    s[..s.floor_char_boundary(max)].to_string()
}
