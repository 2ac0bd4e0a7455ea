//! What a generation was built from, file by file, and how a re-index uses
//! it: a file whose size and modification time are unchanged is not read
//! again, and only the articles that changed files belong to are
//! re-extracted.
//!
//! Each generation holds `sources.json` beside the manifest: the corpus
//! roots and one record per file that gave a document (path, root, size,
//! modification time, article id). Skipped files are not recorded, so a
//! re-index reads them again (there are few, and one that became readable
//! is then a new article).

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

/// Name of the per-file record inside a generation.
pub const SOURCES: &str = "sources.json";

/// Version of the [`SourceList`] format; another version means a full build.
const SOURCES_VERSION: u32 = 2;

/// A file's size and modification time: what says "unchanged" without
/// reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// Length in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch (negative before it).
    pub mtime_ns: i64,
}

impl Stamp {
    /// The stamp of a file (following symlinks, as the walk does); `None`
    /// if it cannot be read, which counts as changed.
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = fs::metadata(path).ok()?;
        let mtime_ns = match meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_nanos()).unwrap_or(i64::MAX),
            Err(before) => -i64::try_from(before.duration().as_nanos()).unwrap_or(i64::MAX),
        };
        Some(Stamp { size: meta.len(), mtime_ns })
    }
}

/// One file that gave documents: `[path, root, size, mtime_ns, [id, ...]]` in JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRecord(
    /// The file's path as the walk found it.
    pub String,
    /// Index of its corpus root in [`SourceList::roots`].
    pub u32,
    /// Its size in bytes.
    pub u64,
    /// Its modification time in nanoseconds since the epoch.
    pub i64,
    /// The article ids of its documents (one for most files, one per
    /// ticket for an export of tickets).
    pub Vec<String>,
);

impl SourceRecord {
    /// The record of a file read with this stamp into documents with these ids.
    pub fn new<'a>(path: &Path, root: u32, stamp: Stamp, ids: impl IntoIterator<Item = &'a str>) -> SourceRecord {
        let ids = ids.into_iter().map(str::to_string).collect();
        SourceRecord(path.to_string_lossy().into_owned(), root, stamp.size, stamp.mtime_ns, ids)
    }

    fn stamp(&self) -> Stamp {
        Stamp { size: self.2, mtime_ns: self.3 }
    }
}

/// Every file a generation was built from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceList {
    /// `SOURCES_VERSION`.
    pub version: u32,
    /// The corpus roots, as given.
    pub roots: Vec<String>,
    /// When the build started (ns since the epoch): a file modified at or
    /// after it may have changed again after it was read within the same
    /// clock tick, so it is never trusted as unchanged.
    pub started_ns: i64,
    /// One record per file that gave a document, in walk order.
    pub files: Vec<SourceRecord>,
}

impl SourceList {
    /// A new list for a build that started at `started_ns`.
    pub fn new(roots: Vec<String>, started_ns: i64, files: Vec<SourceRecord>) -> SourceList {
        SourceList { version: SOURCES_VERSION, roots, started_ns, files }
    }

    /// Write the list into a generation folder.
    pub fn write(&self, generation: &Path) -> Result<()> {
        use std::io::Write;
        let path = generation.join(SOURCES);
        // Written as it is serialised: at 600,000 files the text is 60 MB.
        let file = fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
        let mut out = std::io::BufWriter::new(file);
        serde_json::to_writer(&mut out, self).map_err(|e| Error::io(&path, e.into()))?;
        out.flush().map_err(|e| Error::io(&path, e))
    }

    /// Read a generation's list; `None` if it has none or one this version
    /// cannot use (then the caller builds from scratch).
    pub fn read(generation: &Path) -> Option<SourceList> {
        let bytes = fs::read(generation.join(SOURCES)).ok()?;
        let list: SourceList = serde_json::from_slice(&bytes).ok()?;
        (list.version == SOURCES_VERSION).then_some(list)
    }
}

/// The current time in nanoseconds since the epoch.
pub fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// What changed between a generation's files and the files found now.
#[derive(Debug, Default)]
pub struct Plan {
    /// Per listed file (by position): its old record if it is unchanged.
    pub unchanged: Vec<Option<SourceRecord>>,
    /// Positions of the listed files that must be read: changed, new, or
    /// skipped last time.
    pub to_read: Vec<usize>,
    /// For each of `to_read`: whether the old list had it (changed rather than new).
    pub was_recorded: Vec<bool>,
    /// Article ids of changed and removed files' old documents.
    pub affected: BTreeSet<String>,
    /// Recorded files that changed.
    pub changed: u64,
    /// Recorded files no longer found.
    pub removed: u64,
}

/// Compare the listed files (with their stamps, taken now) to the old list.
pub fn plan(old: &SourceList, files: &[(PathBuf, u32)], stamps: &[Option<Stamp>]) -> Plan {
    let mut recorded: HashMap<(&str, u32), &SourceRecord> =
        old.files.iter().map(|r| ((r.0.as_str(), r.1), r)).collect();
    let mut plan = Plan { unchanged: Vec::with_capacity(files.len()), ..Plan::default() };
    let mut paths = Vec::with_capacity(files.len());
    for (path, _) in files {
        paths.push(path.to_string_lossy());
    }
    for (i, ((_, root), stamp)) in files.iter().zip(stamps).enumerate() {
        let key = (paths[i].as_ref(), *root);
        match recorded.remove(&key) {
            Some(record) if Some(record.stamp()) == *stamp && record.stamp().mtime_ns < old.started_ns => {
                plan.unchanged.push(Some(record.clone()));
            }
            Some(record) => {
                plan.changed += 1;
                plan.affected.extend(record.4.iter().cloned());
                plan.unchanged.push(None);
                plan.to_read.push(i);
                plan.was_recorded.push(true);
            }
            None => {
                plan.unchanged.push(None);
                plan.to_read.push(i);
                plan.was_recorded.push(false);
            }
        }
    }
    for record in recorded.into_values() {
        plan.removed += 1;
        plan.affected.extend(record.4.iter().cloned());
    }
    plan
}

/// Fill `building` with the files of `generation` except those named in
/// `except`: hard links where the file system allows (tantivy never
/// rewrites a file, it writes new ones and renames over `meta.json`, so the
/// old generation stays intact), copies otherwise.
pub fn link_generation(generation: &Path, building: &Path, except: &[&str]) -> Result<u64> {
    let mut bytes = 0;
    let entries = fs::read_dir(generation).map_err(|e| Error::io(generation, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(generation, e))?;
        let name = entry.file_name();
        let name_str = name.to_string_lossy();
        // tantivy's lock files belong to the process that holds them.
        if except.contains(&name_str.as_ref()) || name_str.ends_with(".lock") {
            continue;
        }
        if !entry.file_type().map_err(|e| Error::io(entry.path(), e))?.is_file() {
            continue;
        }
        let from = entry.path();
        let to = building.join(&name);
        if fs::hard_link(&from, &to).is_err() {
            bytes += fs::copy(&from, &to).map_err(|e| Error::io(&to, e))?;
        }
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(path: &str, stamp: Stamp, id: &str) -> SourceRecord {
        SourceRecord::new(Path::new(path), 0, stamp, [id])
    }

    #[test]
    fn plan_finds_changed_new_and_removed_files() {
        let s = |size, mtime_ns| Some(Stamp { size, mtime_ns });
        let old = SourceList::new(
            vec!["c".into()],
            1_000,
            vec![
                record("c/a.md", Stamp { size: 10, mtime_ns: 100 }, "a"),
                record("c/b.md", Stamp { size: 20, mtime_ns: 200 }, "b"),
                record("c/gone.md", Stamp { size: 30, mtime_ns: 300 }, "g"),
                record("c/late.md", Stamp { size: 40, mtime_ns: 1_000 }, "l"),
            ],
        );
        let files: Vec<(PathBuf, u32)> =
            ["c/a.md", "c/b.md", "c/new.md", "c/late.md"].iter().map(|p| (PathBuf::from(p), 0)).collect();
        let stamps = [s(10, 100), s(21, 250), s(5, 500), s(40, 1_000)];
        let plan = plan(&old, &files, &stamps);
        assert_eq!(plan.unchanged[0], Some(record("c/a.md", Stamp { size: 10, mtime_ns: 100 }, "a")));
        assert_eq!(plan.unchanged[1..], [None, None, None]);
        // b changed; new.md is new; late.md was modified as the last build
        // started, so it is read again.
        assert_eq!(plan.to_read, [1, 2, 3]);
        assert_eq!(plan.was_recorded, [true, false, true]);
        assert_eq!(plan.changed, 2);
        assert_eq!(plan.removed, 1);
        assert_eq!(plan.affected.iter().map(String::as_str).collect::<Vec<_>>(), ["b", "g", "l"]);
    }

    #[test]
    fn source_list_round_trips_as_compact_json() {
        let dir = tempfile::tempdir().unwrap();
        let list = SourceList::new(
            vec!["corpus".into()],
            7,
            vec![record("corpus/x.md", Stamp { size: 3, mtime_ns: -5 }, "x.md")],
        );
        list.write(dir.path()).unwrap();
        let text = fs::read_to_string(dir.path().join(SOURCES)).unwrap();
        assert_eq!(text, r#"{"version":2,"roots":["corpus"],"started_ns":7,"files":[["corpus/x.md",0,3,-5,["x.md"]]]}"#);
        assert_eq!(SourceList::read(dir.path()), Some(list));
    }

    #[test]
    fn linked_generation_leaves_out_lock_and_named_files() {
        let dir = tempfile::tempdir().unwrap();
        let (old, new) = (dir.path().join("old"), dir.path().join("new"));
        fs::create_dir_all(&old).unwrap();
        fs::create_dir_all(&new).unwrap();
        for name in ["meta.json", "abc.idx", ".tantivy-writer.lock", "kbmatch.json"] {
            fs::write(old.join(name), name).unwrap();
        }
        link_generation(&old, &new, &["kbmatch.json"]).unwrap();
        let mut names: Vec<String> =
            fs::read_dir(&new).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        assert_eq!(names, ["abc.idx", "meta.json"]);
        assert_eq!(fs::read_to_string(new.join("abc.idx")).unwrap(), "abc.idx");
    }
}
