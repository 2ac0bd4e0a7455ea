//! The index folder on disk. A build writes a new generation beside the
//! current one and swaps it in by replacing the `CURRENT` pointer file
//! atomically (write + rename), so readers always see a whole index and a
//! killed build leaves the previous one untouched.
//!
//! ```text
//! index/
//!   CURRENT            name of the live generation, e.g. "gen-1732261234-5678"
//!   gen-.../           a complete tantivy index + kbmatch.json manifest
//!   building-.../      a build in progress (or left by a killed build)
//!   build.lock         held (flock) by the one running build
//! ```

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fs;
use std::path::{Path, PathBuf};

/// Name of the pointer file.
const CURRENT: &str = "CURRENT";
/// Name of the manifest inside a generation.
pub const MANIFEST: &str = "kbmatch.json";
/// Name of the build lock file.
const LOCK: &str = "build.lock";

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
}

/// The live generation's folder, if the index has one.
pub fn current_generation(index_dir: &Path) -> Result<Option<PathBuf>> {
    let pointer = index_dir.join(CURRENT);
    match fs::read_to_string(&pointer) {
        Ok(name) => {
            let name = name.trim();
            if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
                return Err(Error::IndexDamaged {
                    path: index_dir.to_path_buf(),
                    why: format!("{CURRENT} holds an invalid generation name {name:?}"),
                });
            }
            Ok(Some(index_dir.join(name)))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(pointer, e)),
    }
}

/// Read a generation's manifest.
pub fn read_manifest(index_dir: &Path, generation: &Path) -> Result<Manifest> {
    let path = generation.join(MANIFEST);
    let text = fs::read_to_string(&path).map_err(|e| Error::IndexDamaged {
        path: index_dir.to_path_buf(),
        why: format!("cannot read {}: {e}", path.display()),
    })?;
    serde_json::from_str(&text).map_err(|e| Error::IndexDamaged {
        path: index_dir.to_path_buf(),
        why: format!("{} is not a kbmatch manifest: {e}", path.display()),
    })
}

/// The exclusive right to build into an index folder; released on drop.
#[derive(Debug)]
pub struct BuildLock {
    _file: fs::File,
}

/// Take the build lock, or fail with [`Error::IndexBusy`] if another build holds it.
/// The lock is an OS file lock, so a killed build never leaves it stale.
pub fn lock(index_dir: &Path) -> Result<BuildLock> {
    fs::create_dir_all(index_dir).map_err(|e| Error::io(index_dir, e))?;
    let path = index_dir.join(LOCK);
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(&path, e))?;
    match file.try_lock() {
        Ok(()) => Ok(BuildLock { _file: file }),
        Err(fs::TryLockError::WouldBlock) => Err(Error::IndexBusy(index_dir.to_path_buf())),
        Err(fs::TryLockError::Error(e)) => Err(Error::io(&path, e)),
    }
}

/// A fresh folder for a build in progress. Leftovers of killed builds are
/// removed first (the caller holds the lock, so none of them is live).
pub fn start_generation(index_dir: &Path, _lock: &BuildLock) -> Result<(PathBuf, String)> {
    remove_stale(index_dir, None)?;
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let name = format!("gen-{stamp}-{}", std::process::id());
    let building = index_dir.join(format!("building-{name}"));
    fs::create_dir_all(&building).map_err(|e| Error::io(&building, e))?;
    Ok((building, name))
}

/// Make a finished build live: move it to its generation name, then point
/// `CURRENT` at it (atomic rename), then remove older generations.
pub fn publish(index_dir: &Path, building: &Path, name: &str, _lock: &BuildLock) -> Result<PathBuf> {
    let generation = index_dir.join(name);
    fs::rename(building, &generation).map_err(|e| Error::io(&generation, e))?;
    let tmp = index_dir.join(format!("{CURRENT}.tmp"));
    fs::write(&tmp, name).map_err(|e| Error::io(&tmp, e))?;
    if let Ok(file) = fs::File::open(&tmp) {
        let _ = file.sync_all();
    }
    fs::rename(&tmp, index_dir.join(CURRENT)).map_err(|e| Error::io(index_dir.join(CURRENT), e))?;
    remove_stale(index_dir, Some(name))?;
    Ok(generation)
}

/// Remove unfinished builds and generations other than `keep` (and the one
/// `CURRENT` points at). Readers that still have an old generation open keep
/// their open files (POSIX semantics).
fn remove_stale(index_dir: &Path, keep: Option<&str>) -> Result<()> {
    let live = current_generation(index_dir).ok().flatten();
    let entries = match fs::read_dir(index_dir) {
        Ok(entries) => entries,
        Err(e) => return Err(Error::io(index_dir, e)),
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let is_ours = name.starts_with("gen-") || name.starts_with("building-");
        let is_live = live.as_deref() == Some(path.as_path()) || keep == Some(name.as_str());
        if is_ours && !is_live {
            let _ = fs::remove_dir_all(&path);
        }
    }
    Ok(())
}

/// Total size in bytes of the files in a folder (not recursive).
pub fn folder_bytes(folder: &Path) -> u64 {
    fs::read_dir(folder)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}
