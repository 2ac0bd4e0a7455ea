//! Shared helpers for integration tests.
#![allow(dead_code)]

#[cfg(feature = "cli")]
pub mod reliability;

use std::path::PathBuf;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the repository (`KBMATCH_SHARED` overrides it). A
/// fresh clone has none: every test that reads it is `#[ignore]`d with the
/// reason, and `.ci/run` runs them with `--ignored`.
pub fn shared() -> PathBuf {
    std::env::var_os("KBMATCH_SHARED").map(PathBuf::from).unwrap_or_else(|| repo().join("../shared"))
}

/// The seed file of `../shared/seeds` whose name starts with `prefix`
/// (`"001_"`), with a message that says where it was looked for.
pub fn seed(prefix: &str) -> PathBuf {
    let dir = shared().join("seeds");
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| {
            panic!("no seeds at {} ({e}): put ../shared beside the repository or set KBMATCH_SHARED", dir.display())
        })
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no seed {prefix}* in {}", dir.display()))
        .path()
}

/// A file of the project's own sample corpus (`corpus/`), which mirrors the
/// seeds (see docs/corpus.md) and ships with the repository.
pub fn sample(relative: &str) -> PathBuf {
    repo().join("corpus").join(relative)
}

/// The ids of the sample corpus's 11 articles (its 12 files, the same KB
/// article in two formats merged), sorted.
pub const SAMPLE_IDS: [&str; 11] = [
    "/kbmatch-notes/2011/08/05/package-stuck-install-pending-after-dp-power-cycle/",
    "Q900001",
    "Q900002",
    "Q900003",
    "Q900004",
    "Q900005",
    "Q900006",
    "Q900007",
    "runbooks/dp-package-install-pending.md",
    "runbooks/inventoryagent-80041001-after-mof-edit.md",
    "runbooks/sms-executive-site-database-errors-679-3304.md",
];

/// The unpacked real corpus (`kb/`, `txt/`, `docs/`, `blog/`), as `.ci/run` leaves it.
pub fn real_corpus() -> PathBuf {
    let dir =
        std::env::var_os("KBMATCH_REAL_CORPUS").map(PathBuf::from).unwrap_or_else(|| repo().join("target/real-corpus"));
    assert!(
        dir.join("kb").is_dir(),
        "the real corpus is not unpacked at {}: run `bash .ci/run` (it unpacks ../shared/corpus there)",
        dir.display()
    );
    dir
}

/// The article text of a Jekyll KB page of the archive: the lines between
/// `{% raw %}` and `{% endraw %}`, each without the page's one leading tab.
pub fn page_body(page: &str) -> String {
    let mut out = Vec::new();
    let mut inside = false;
    for line in page.lines() {
        let t = line.trim();
        if t == "{% raw %}" {
            inside = true;
        } else if t == "{% endraw %}" {
            break;
        } else if inside {
            out.push(line.strip_prefix('\t').unwrap_or(line));
        }
    }
    out.join("\n")
}

/// The real-corpus index folder: `KBMATCH_REAL_INDEX`, else the one
/// `.ci/run` builds in `target/real-index`.
pub fn real_index_dir() -> PathBuf {
    std::env::var_os("KBMATCH_REAL_INDEX").map(PathBuf::from).unwrap_or_else(|| repo().join("target/real-index"))
}

/// The index of the real corpus + seeds, as `.ci/run` builds it.
pub fn real_index() -> kbmatch::index::KbIndex {
    let dir = real_index_dir();
    kbmatch::index::KbIndex::open(&dir).unwrap_or_else(|e| {
        panic!("cannot open the real-corpus index at {}: {e}\nrun `bash .ci/run`, which builds it", dir.display())
    })
}

/// [`real_index`] as the library's front door opens it.
pub fn real_kb() -> kbmatch::KnowledgeBase {
    let dir = real_index_dir();
    kbmatch::KnowledgeBase::open(&dir).unwrap_or_else(|e| {
        panic!("cannot open the real-corpus index at {}: {e}\nrun `bash .ci/run`, which builds it", dir.display())
    })
}

/// Percent-encode a query value (every byte but the unreserved ones).
pub fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A Windows event log file of `../shared/evtx` (see its README), with a
/// message that says where it was looked for.
pub fn evtx(name: &str) -> PathBuf {
    let path = shared().join("evtx").join(name);
    assert!(path.is_file(), "no {} : put ../shared beside the repository or set KBMATCH_SHARED", path.display());
    path
}

/// A corpus of the given files (name, text), indexed in a temp folder
/// (kept while the knowledge base is used).
pub fn desk<N: AsRef<str>, T: AsRef<str>>(files: &[(N, T)]) -> (tempfile::TempDir, kbmatch::KnowledgeBase) {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("corpus dir");
    for (name, text) in files {
        std::fs::write(corpus.join(name.as_ref()), text.as_ref()).expect("write article");
    }
    let (kb, _) =
        kbmatch::KnowledgeBase::build(&[&corpus], dir.path().join("index"), &kbmatch::BuildOptions::default())
            .expect("build");
    (dir, kb)
}

/// The `kbmatch` command run in the repository root with `args`, without
/// the index, corpus and model the caller's environment may name.
#[cfg(feature = "cli")]
pub fn kbmatch_in_repo(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kbmatch"))
        .args(args)
        .current_dir(repo())
        .env_remove("KBMATCH_INDEX")
        .env_remove("KBMATCH_CORPUS")
        .env_remove("KBMATCH_MODEL")
        .output()
        .unwrap()
}

/// The four rows of the `Date Time Version Size File name Platform` table
/// that Q319207 and its sample mirror Q900001 both carry.
pub fn q319207_rows() -> Vec<kbmatch::article::HotfixFile> {
    let r = |file: &str, version: &str, size: u64, time: &str, platform: &str| kbmatch::article::HotfixFile {
        file: file.into(),
        version: Some(version.into()),
        size: Some(size),
        date: Some("1-Mar-2001".into()),
        time: Some(time.into()),
        platform: Some(platform.into()),
        folder: None,
    };
    vec![
        r("Baseutil.dll", "2.00.1493.3253", 811792, "17:25", "Alpha"),
        r("Distmgr.dll", "2.00.1493.3257", 360720, "17:45", "Alpha"),
        r("Baseutil.dll", "2.00.1493.3253", 527296, "17:25", "I386"),
        r("Distmgr.dll", "2.00.1493.3257", 231312, "17:45", "I386"),
    ]
}

/// A command's stdout read as one JSON value, with the output shown when it
/// is not JSON.
pub fn stdout_json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

/// A path as the `&str` a command line takes.
pub fn path_str(path: &std::path::Path) -> &str {
    path.to_str().unwrap()
}

/// A child process killed when the test ends, passed or not (a server a
/// failed assertion left running would hold the test's output open).
pub struct Running(pub std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
