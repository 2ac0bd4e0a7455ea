//! Shared helpers for integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the repository.
pub fn shared() -> PathBuf {
    std::env::var_os("KBMATCH_SHARED").map(PathBuf::from).unwrap_or_else(|| repo().join("../shared"))
}

/// The unpacked real corpus (`kb/`, `txt/`, `docs/`, `blog/`), as `.ci/run` leaves it.
pub fn real_corpus() -> PathBuf {
    let dir = std::env::var_os("KBMATCH_REAL_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target/real-corpus"));
    assert!(
        dir.join("kb").is_dir(),
        "the real corpus is not unpacked at {}: run `bash .ci/run` (it unpacks ../shared/corpus there)",
        dir.display()
    );
    dir
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

/// Percent-encode a query value (every byte but the unreserved ones).
pub fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
