//! The index folder on disk. A build writes a new generation beside the
//! current one and swaps it in by replacing the `CURRENT` pointer file
//! atomically (write + rename), so readers always see a whole index and a
//! killed build leaves the previous one untouched.
//!
//! ```text
//! index/
//!   CURRENT            name of the live generation, e.g. "gen-1732261234-5678"
//!   gen-.../           a complete tantivy index + kbmatch.json manifest
//!     products.txt     the product vocabulary, read once by the build
//!     article_totals.json  the articles' field lengths, tickets left out
//!     readers.lock     held shared (OS lock) by every process reading it
//!   building-.../      a build in progress (or left by a killed build)
//!   build.lock         held (flock) by the one running build
//! ```

use super::schema::SCHEMA_VERSION;
use crate::error::{Error, Result};
use crate::extract::EXTRACTOR_VERSION;
use serde::{Deserialize, Serialize};
use std::fs;
use std::path::{Path, PathBuf};

/// Name of the pointer file.
const CURRENT: &str = "CURRENT";
/// The new pointer while it is written, before it replaces [`CURRENT`].
const CURRENT_TMP: &str = "CURRENT.tmp";
/// Name of the manifest inside a generation.
pub const MANIFEST: &str = "kbmatch.json";
/// Name of the build lock file.
const LOCK: &str = "build.lock";
/// Name of the readers' lock file inside a generation: every reader holds
/// it shared, and a build removes an old generation only if it can hold it
/// exclusively.
const READERS: &str = "readers.lock";

/// What kbmatch records about an index it built.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`crate::index::schema::SCHEMA_VERSION`] at build time.
    pub schema_version: u32,
    /// [`crate::extract::EXTRACTOR_VERSION`] at build time.
    pub extractor_version: u32,
    /// Distinct articles.
    pub articles: u64,
    /// Articles per kind.
    pub by_kind: std::collections::BTreeMap<String, u64>,
    /// Files read.
    pub sources: u64,
    /// Files skipped.
    pub skipped: u64,
    /// The corpus paths it was built from.
    pub corpus: Vec<String>,
    /// Unix time of the build.
    pub built_at: u64,
    /// The ticket export columns the build was told (`--ticket-columns`,
    /// as written back by `TicketColumns`'s `Display`); none when empty. A
    /// build told others reads every file again.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub ticket_columns: String,
}

/// The live generation's folder, if the index has one.
pub fn current_generation(index_dir: &Path) -> Result<Option<PathBuf>> {
    let pointer = index_dir.join(CURRENT);
    match fs::read_to_string(&pointer) {
        Ok(name) => {
            let name = name.trim();
            if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
                return Err(Error::damaged(index_dir, format!("{CURRENT} holds an invalid generation name {name:?}")));
            }
            Ok(Some(index_dir.join(name)))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        // Not text: the pointer was overwritten with something else.
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
            Err(Error::damaged(index_dir, format!("{CURRENT} does not hold a generation name")))
        }
        Err(e) => Err(Error::io(pointer, e)),
    }
}

/// The corpus paths the live generation was built from, as that build was
/// given them, read from its manifest whatever version wrote it (an
/// outdated index is rebuilt from them); `None` without a readable one.
pub fn recorded_corpus(index_dir: &Path) -> Option<Vec<PathBuf>> {
    #[derive(Deserialize)]
    struct Recorded {
        corpus: Vec<String>,
    }
    let generation = current_generation(index_dir).ok()??;
    let text = fs::read_to_string(generation.join(MANIFEST)).ok()?;
    let recorded: Recorded = serde_json::from_str(&text).ok()?;
    (!recorded.corpus.is_empty()).then(|| recorded.corpus.into_iter().map(PathBuf::from).collect())
}

/// Read a generation's manifest.
pub fn read_manifest(index_dir: &Path, generation: &Path) -> Result<Manifest> {
    let path = generation.join(MANIFEST);
    let text = fs::read_to_string(&path)
        .map_err(|e| Error::damaged(index_dir, format!("cannot read {}: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| {
        // A manifest written by another version may have other fields: if
        // its versions can be read and differ, it is outdated, not damaged.
        #[derive(Deserialize)]
        struct Versions {
            schema_version: u32,
            extractor_version: u32,
        }
        match serde_json::from_str::<Versions>(&text) {
            Ok(v) if v.schema_version != SCHEMA_VERSION || v.extractor_version != EXTRACTOR_VERSION => {
                Error::IndexOutdated {
                    path: index_dir.to_path_buf(),
                    found_schema: v.schema_version,
                    found_extractor: v.extractor_version,
                    want_schema: SCHEMA_VERSION,
                    want_extractor: EXTRACTOR_VERSION,
                    corpus: Vec::new(),
                }
            }
            _ => Error::damaged(index_dir, format!("{} is not a kbmatch manifest: {e}", path.display())),
        }
    })
}

/// The exclusive right to build into an index folder; released on drop.
#[derive(Debug)]
pub struct BuildLock {
    _file: fs::File,
}

/// How long a build waits for a lock that another holder is about to let go.
///
/// A lock released by a build that just ended can stay held for a moment
/// longer: a child process that another thread of the same program is
/// starting shares every open file from fork to exec, the lock's included.
/// A build that really holds the lock holds it for far longer than this.
const LOCK_GRACE: std::time::Duration = std::time::Duration::from_millis(500);

/// Take the build lock, or fail with [`Error::IndexBusy`] if another build
/// still holds it after [`LOCK_GRACE`]. The lock is an OS file lock, so a
/// killed build never leaves it stale.
pub fn lock(index_dir: &Path) -> Result<BuildLock> {
    fs::create_dir_all(index_dir).map_err(|e| Error::io(index_dir, e))?;
    let path = index_dir.join(LOCK);
    let file =
        fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(|e| Error::io(&path, e))?;
    let deadline = std::time::Instant::now() + LOCK_GRACE;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(BuildLock { _file: file }),
            Err(fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            Err(fs::TryLockError::WouldBlock) => return Err(Error::IndexBusy(index_dir.to_path_buf())),
            Err(fs::TryLockError::Error(e)) => return Err(Error::io(&path, e)),
        }
    }
}

/// A fresh folder for a build in progress. Leftovers of killed builds are
/// removed first (the caller holds the lock, so none of them is live).
pub fn start_generation(index_dir: &Path, _lock: &BuildLock) -> Result<(PathBuf, String)> {
    remove_stale(index_dir, None)?;
    let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let name = format!("gen-{stamp}-{}", std::process::id());
    let building = index_dir.join(format!("building-{name}"));
    fs::create_dir_all(&building).map_err(|e| Error::io(&building, e))?;
    Ok((building, name))
}

/// Make a finished build live: move it to its generation name, then point
/// `CURRENT` at it (atomic rename), then remove older generations.
///
/// The manifest and the folders are flushed to disk before `CURRENT` moves
/// (tantivy flushes its own files on commit), so that after a power cut
/// `CURRENT` never names a generation whose files did not reach the disk.
/// A process killed at any point leaves either the old `CURRENT` (and a
/// leftover the next build removes) or the new one.
pub fn publish(index_dir: &Path, building: &Path, name: &str, _lock: &BuildLock) -> Result<PathBuf> {
    let readers = building.join(READERS);
    fs::write(&readers, b"").map_err(|e| Error::io(&readers, e))?;
    readable_like_manifest(building);
    sync_file(&building.join(MANIFEST))?;
    sync_dir(building);
    let generation = index_dir.join(name);
    fs::rename(building, &generation).map_err(|e| Error::io(&generation, e))?;
    let tmp = index_dir.join(CURRENT_TMP);
    fs::write(&tmp, name).map_err(|e| Error::io(&tmp, e))?;
    sync_file(&tmp)?;
    fs::rename(&tmp, index_dir.join(CURRENT)).map_err(|e| Error::io(index_dir.join(CURRENT), e))?;
    sync_dir(index_dir);
    remove_stale(index_dir, Some(name))?;
    Ok(generation)
}

/// tantivy writes `meta.json` and `.managed.json` readable by their owner
/// only (they are written through a private temporary file), while its
/// other files follow the umask: an index built by one account could then
/// not be opened by another that may read everything else. Give every file
/// the read permissions the manifest got from the umask.
fn readable_like_manifest(building: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let Ok(manifest) = fs::metadata(building.join(MANIFEST)) else { return };
        let read_bits = manifest.permissions().mode() & 0o444;
        for entry in fs::read_dir(building).into_iter().flatten().flatten() {
            if let Ok(meta) = entry.metadata()
                && meta.is_file()
                && meta.permissions().mode() & read_bits != read_bits
            {
                let mode = meta.permissions().mode() | read_bits;
                let _ = fs::set_permissions(entry.path(), fs::Permissions::from_mode(mode));
            }
        }
    }
    #[cfg(not(unix))]
    let _ = building;
}

/// Flush a file's contents to disk (a missing file is left to the reader
/// to report).
fn sync_file(path: &Path) -> Result<()> {
    match fs::File::open(path) {
        Ok(file) => file.sync_all().map_err(|e| Error::io(path, e)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Flush a folder's entries (renames, new files) to disk, where the system
/// allows it (not on Windows, where folders cannot be opened as files).
fn sync_dir(path: &Path) {
    if let Ok(dir) = fs::File::open(path) {
        let _ = dir.sync_all();
    }
}

/// Remove what killed builds left behind (unfinished builds, old
/// generations, a stray pointer) when a build keeps the live generation.
pub fn clean_up(index_dir: &Path, _lock: &BuildLock) -> Result<()> {
    remove_stale(index_dir, None)
}

/// Remove unfinished builds and generations other than `keep` (and the one
/// `CURRENT` points at) that no process reads any more; a generation still
/// read is left for a later build to remove.
fn remove_stale(index_dir: &Path, keep: Option<&str>) -> Result<()> {
    let live = current_generation(index_dir).ok().flatten();
    let entries = match fs::read_dir(index_dir) {
        Ok(entries) => entries,
        Err(e) => return Err(Error::io(index_dir, e)),
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let is_live = live.as_deref() == Some(path.as_path()) || keep == Some(name.as_str());
        if name.starts_with("building-") && !is_live {
            let _ = fs::remove_dir_all(&path);
        } else if name.starts_with("gen-") && !is_live {
            remove_if_unread(&path);
        } else if name == CURRENT_TMP {
            // A pointer written by a build killed before it swapped it in.
            let _ = fs::remove_file(&path);
        }
    }
    Ok(())
}

/// Remove an old generation unless a reader holds its [`READERS`] lock.
///
/// While the exclusive lock is held, every file but the lock file goes
/// (Windows cannot remove a folder whose file is still open); then the
/// lock is let go and the rest removed. A reader that comes in between
/// finds no manifest, as it would a removed generation, and reads
/// `CURRENT` again. A generation without the lock file (built by an older
/// kbmatch, or half removed) or on a file system without locks is removed
/// as before: there, a reader keeps the files it has open on Unix only.
fn remove_if_unread(generation: &Path) {
    let readers = generation.join(READERS);
    if let Ok(file) = fs::File::open(&readers) {
        match file.try_lock() {
            Ok(()) => {
                for entry in fs::read_dir(generation).into_iter().flatten().flatten() {
                    if entry.file_name() != READERS {
                        let path = entry.path();
                        let _ = fs::remove_file(&path).or_else(|_| fs::remove_dir_all(&path));
                    }
                }
            }
            Err(fs::TryLockError::WouldBlock) => return,
            Err(fs::TryLockError::Error(_)) => {}
        }
    }
    let _ = fs::remove_dir_all(generation);
}

/// A reader's hold on a generation: while it lives, builds leave the
/// generation on disk. Released on drop.
#[derive(Debug)]
pub struct ReadLock {
    _file: Option<fs::File>,
}

/// Hold `generation` for reading, before opening it. Fails with
/// [`Error::IndexDamaged`] if a build is removing it. A generation without
/// the lock file is given one if the folder is writable; if it is not, or
/// the file system has no locks, the hold is empty (and the generation
/// unprotected, as before this lock existed).
pub fn hold_for_reading(index_dir: &Path, generation: &Path) -> Result<ReadLock> {
    let path = generation.join(READERS);
    let file =
        fs::File::open(&path).or_else(|_| fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path));
    let Ok(file) = file else { return Ok(ReadLock { _file: None }) };
    match file.try_lock_shared() {
        Ok(()) => Ok(ReadLock { _file: Some(file) }),
        Err(fs::TryLockError::WouldBlock) => {
            Err(Error::damaged(index_dir, format!("generation {} is being removed by a build", generation.display())))
        }
        Err(fs::TryLockError::Error(_)) => Ok(ReadLock { _file: None }),
    }
}

/// Total size in bytes of the files in a folder (not recursive).
pub fn folder_bytes(folder: &Path) -> u64 {
    fs::read_dir(folder)
        .map(|entries| {
            entries.flatten().filter_map(|e| e.metadata().ok()).filter(|m| m.is_file()).map(|m| m.len()).sum()
        })
        .unwrap_or(0)
}
