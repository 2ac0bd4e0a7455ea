//! Walk corpus roots (folders recursively, or single files) and read every
//! file in parallel.
//!
//! What is left out, and how:
//! - hidden files and folders (`.git`, `.DS_Store`) are skipped silently:
//!   they are never articles, and listing every file under `.git` would bury
//!   the skips that matter;
//! - files whose extension says they are not text (images, archives, fonts,
//!   executables, style sheets and scripts of a saved site) are skipped
//!   silently too, for the same reason: a blog export is full of images;
//! - everything else is read, and a file that turns out to be empty, binary,
//!   too large or of no known format is reported as [`Skipped`];
//! - entries the walk cannot follow (symlink loops, dangling symlinks,
//!   unreadable folders, vanished files, missing roots) and entries that are
//!   neither files nor folders (named pipes, sockets, devices) are reported
//!   as [`Skipped`] with an [`SkipReason::Unreadable`] reason.
use super::document::{SkipReason, Skipped};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Extensions of files that are never articles.
const NOT_TEXT_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "bmp", "ico", "svg", "webp", "tif", "tiff", "zip", "gz", "tgz", "bz2", "xz", "7z",
    "rar", "tar", "cab", "msi", "exe", "dll", "so", "css", "js", "map", "woff", "woff2", "ttf", "eot", "otf",
    "mp3", "mp4", "avi", "mov", "wav", "pck", "pkg", "iso", "class", "jar", "pyc", "o", "a", "lib", "db", "sqlite",
];

/// Whether a file's extension says it is not an article.
fn is_not_text(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| NOT_TEXT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Whether a walked entry is hidden (the root itself never is: `.` or
/// `../shared` are fine roots); `below`: how many levels under its root the
/// walk that met it started.
fn is_hidden(entry: &walkdir::DirEntry, below: usize) -> bool {
    entry.depth() + below > 0 && entry.file_name().to_str().is_some_and(|n| n.starts_with('.'))
}

/// What a walked entry is to a build (the one rule of both walks), `below`
/// levels under its root as [`is_hidden`] counts: a file to read (a file
/// given as a root always; else one whose extension does not say it is no
/// article), a folder, an entry that is neither (a FIFO, socket or device:
/// opening a FIFO would block the build for ever, and none of them is an
/// article), or nothing for a file left out silently.
fn classify(entry: walkdir::DirEntry, below: usize) -> Option<Found> {
    let file_type = entry.file_type();
    if file_type.is_file() {
        (entry.depth() + below == 0 || !is_not_text(entry.path())).then(|| Found::File(entry.into_path()))
    } else if file_type.is_dir() {
        Some(Found::Folder(entry.into_path()))
    } else {
        let reason = SkipReason::Unreadable(not_regular(&file_type).into());
        Some(Found::Odd(Skipped { path: entry.into_path(), reason }))
    }
}

/// The files under some roots, each with its root, and the entries the
/// walk could not follow: what [`list_files`] gives.
pub type Listing = (Vec<(PathBuf, PathBuf)>, Vec<Skipped>);

/// Every file under the given roots, with the root it was found under.
/// Unwalkable entries (symlink loops, vanished files) are reported as skipped.
/// Files come in walk order, sorted by name within each folder, so runs
/// are reproducible.
pub fn list_files(roots: &[PathBuf]) -> Listing {
    list_in_parallel(roots).unwrap_or_else(|| list_serially(roots))
}

/// [`list_files`] by the one walk of [`walk_files`], following links.
fn list_serially(roots: &[PathBuf]) -> Listing {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    walk_files(roots, |path, root| files.push((path, root.clone())), |skip| skipped.push(skip));
    (files, skipped)
}

/// What a walk that follows no link lists.
enum Found {
    /// A file a build reads.
    File(PathBuf),
    /// A folder (walked apart when it is a root's own).
    Folder(PathBuf),
    /// An entry that is neither file nor folder.
    Odd(Skipped),
}

/// [`list_files`] with the folders of each root walked in parallel (a
/// corpus of many folders is listed in a fraction of the time), or `None`
/// where the walk meets a symbolic link or an entry it cannot read: the
/// walk of [`walk_files`] then lists them, following links and telling
/// loops and errors as it does. With no link to follow, following links
/// changes nothing, so both give the same list in the same order: each
/// folder's walk in name order, put back in the order of its root's
/// entries.
fn list_in_parallel(roots: &[PathBuf]) -> Option<Listing> {
    use rayon::prelude::*;
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for root in roots {
        if std::fs::symlink_metadata(root).ok()?.file_type().is_symlink() {
            return None;
        }
        let own = plain_walk(WalkDir::new(root).max_depth(1), 0)?;
        let walked: Vec<Vec<Found>> = own
            .into_par_iter()
            .map(|found| match found {
                Found::Folder(folder) if folder != *root => plain_walk(WalkDir::new(&folder), 1),
                found => Some(vec![found]),
            })
            .collect::<Option<_>>()?;
        for found in walked.into_iter().flatten() {
            match found {
                Found::File(path) => files.push((path, root.clone())),
                Found::Odd(skip) => skipped.push(skip),
                Found::Folder(_) => {}
            }
        }
    }
    Some((files, skipped))
}

/// One walk that follows no link, in name order, of a folder `below`
/// levels under its root (hidden entries left out as [`walk_files`] leaves
/// them); `None` at a link or an entry it cannot read.
fn plain_walk(walker: WalkDir, below: usize) -> Option<Vec<Found>> {
    let mut listed = Vec::new();
    for entry in walker.sort_by_file_name().into_iter().filter_entry(|e| !is_hidden(e, below)) {
        let entry = entry.ok()?;
        if entry.file_type().is_symlink() {
            return None;
        }
        listed.extend(classify(entry, below));
    }
    Some(listed)
}

/// [`list_files`] as a stream: `found` gets each file (with its root) and
/// `unwalkable` each entry the walk cannot follow, in walk order, as the
/// walk goes. A build reads files while the walk is still listing them
/// (the walk is mostly waiting on the file system).
pub fn walk_files(roots: &[PathBuf], mut found: impl FnMut(PathBuf, &PathBuf), mut unwalkable: impl FnMut(Skipped)) {
    for root in roots {
        let walker = WalkDir::new(root).follow_links(true).sort_by_file_name().into_iter();
        for entry in walker.filter_entry(|e| !is_hidden(e, 0)) {
            match entry {
                Ok(entry) => match classify(entry, 0) {
                    Some(Found::File(path)) => found(path, root),
                    Some(Found::Odd(skip)) => unwalkable(skip),
                    Some(Found::Folder(_)) | None => {}
                },
                Err(err) => {
                    let path = err.path().map_or_else(|| root.clone(), Path::to_path_buf);
                    let why = if let Some(ancestor) = err.loop_ancestor() {
                        format!("symlink loop back to {}", ancestor.display())
                    } else if let Some(io) = err.io_error() {
                        io.to_string()
                    } else {
                        err.to_string()
                    };
                    unwalkable(Skipped { path, reason: SkipReason::Unreadable(why) });
                }
            }
        }
    }
}

/// Why a walked entry that is neither a file nor a folder is not read.
fn not_regular(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "not a regular file (a named pipe)";
        }
        if file_type.is_socket() {
            return "not a regular file (a socket)";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "not a regular file (a device)";
        }
    }
    let _ = file_type;
    "not a regular file"
}

/// Read all files in parallel; `progress` is called once per file read,
/// with the number of files just read (always 1), so it can feed a progress
/// bar's `inc`. Documents and skips keep the order of `files`. For the
/// crate's tests: a build reads the files itself, a batch at a time.
#[cfg(feature = "internals")]
pub fn read_all(
    files: &[(PathBuf, PathBuf)],
    progress: &(dyn Fn(u64) + Sync),
) -> (Vec<super::Document>, Vec<Skipped>) {
    use super::{DocumentsRead, ReadOptions, read_file};
    use rayon::prelude::*;
    let options = ReadOptions::default();
    let results: Vec<(PathBuf, Result<DocumentsRead, SkipReason>)> = files
        .par_iter()
        .map(|(path, root)| {
            let result = read_file(path, root, &options);
            progress(1);
            (path.clone(), result)
        })
        .collect();
    let mut docs = Vec::with_capacity(results.len());
    let mut skipped = Vec::new();
    for (path, result) in results {
        match result {
            Ok(read) => {
                docs.extend(read.documents);
                skipped.extend(read.skipped_rows.into_iter().map(|reason| Skipped { path: path.clone(), reason }));
            }
            Err(reason) => skipped.push(Skipped { path, reason }),
        }
    }
    (docs, skipped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    #[test]
    fn walks_reads_and_skips() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(root.join(".git/config"), "x").unwrap();
        std::fs::write(root.join("sub/runbook.md"), "# Restart\n\nRestart it.\n").unwrap();
        std::fs::write(root.join("picture.png"), [0x89, b'P', b'N', b'G', 0]).unwrap();
        std::fs::write(root.join("empty.md"), "").unwrap();
        // PDF and Word files are articles too: walked, read by their magic bytes.
        std::fs::write(root.join("guide.pdf"), "%PDF-1.7\nnothing more").unwrap();
        let (files, skipped) = list_files(&[root.clone(), root.join("missing")]);
        let names: Vec<String> =
            files.iter().map(|(p, _)| p.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/")).collect();
        assert_eq!(names, ["empty.md", "guide.pdf", "sub/runbook.md"]);
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].path, root.join("missing"));

        let count = AtomicU64::new(0);
        let (docs, skipped) = read_all(&files, &|n| {
            count.fetch_add(n, Ordering::Relaxed);
        });
        assert_eq!(count.load(Ordering::Relaxed), 3);
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].id, "sub/runbook.md");
        assert_eq!(skipped.len(), 2);
        assert_eq!(skipped[0], Skipped { path: root.join("empty.md"), reason: SkipReason::Empty });
        assert_eq!(skipped[1].path, root.join("guide.pdf"));
        assert!(matches!(&skipped[1].reason, SkipReason::Malformed { format: "PDF", why } if why.starts_with("damaged")));
    }

    #[test]
    fn folders_walked_in_parallel_give_the_serial_walks_list() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        for folder in ["b/y", "a", ".hidden", "c/d/e"] {
            std::fs::create_dir_all(root.join(folder)).unwrap();
        }
        for file in ["z.md", "b/y/x.md", "b/w.md", "a/v.txt", ".hidden/h.md", "c/.h.md", "c/img.png", "c/d/e/u.md", "c/t.md", "0.md"] {
            std::fs::write(root.join(file), "A note about widgets.\n").unwrap();
        }
        let single = dir.path().join("single.md");
        std::fs::write(&single, "One file as a root.\n").unwrap();
        let roots = [root.clone(), single.clone()];
        let (files, skipped) = list_in_parallel(&roots).expect("no link, no error: walked in parallel");
        let names: Vec<String> =
            files.iter().map(|(p, _)| p.strip_prefix(dir.path()).unwrap().to_string_lossy().replace('\\', "/")).collect();
        let want = ["corpus/0.md", "corpus/a/v.txt", "corpus/b/w.md", "corpus/b/y/x.md", "corpus/c/d/e/u.md", "corpus/c/t.md", "corpus/z.md"];
        assert_eq!(names, want.into_iter().chain(["single.md"]).collect::<Vec<_>>());
        assert!(files.iter().take(7).all(|(_, r)| *r == root) && files[7].1 == single);
        assert!(skipped.is_empty());
        assert_eq!((files, skipped), list_serially(&roots));
    }

    #[cfg(unix)]
    #[test]
    fn a_link_or_a_missing_root_leaves_the_walk_to_the_serial_one() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::write(root.join("a/b/note.md"), "A note about widgets.\n").unwrap();
        assert!(list_in_parallel(std::slice::from_ref(&root)).is_some());
        assert!(list_in_parallel(&[root.join("missing")]).is_none());
        std::os::unix::fs::symlink(root.join("a/b/note.md"), root.join("a/b/link.md")).unwrap();
        assert!(list_in_parallel(std::slice::from_ref(&root)).is_none());
        let (files, _) = list_files(std::slice::from_ref(&root));
        assert_eq!(files.len(), 2, "the link is followed by the serial walk");
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loop_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::os::unix::fs::symlink(&root, root.join("a/back")).unwrap();
        std::fs::write(root.join("a/note.md"), "A note about widgets.\n").unwrap();
        let (files, skipped) = list_files(std::slice::from_ref(&root));
        assert_eq!(files.len(), 1);
        assert_eq!(skipped.len(), 1);
        assert!(matches!(&skipped[0].reason, SkipReason::Unreadable(why) if why.starts_with("symlink loop")));
    }
}
