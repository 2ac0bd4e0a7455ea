//! Hotfix file tables: every row names a file, and sizes are positive.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for row in kbmatch::extract::hotfix::extract(&text) {
        assert!(!row.file.trim().is_empty(), "{row:?}");
        assert!(row.size.is_none_or(|s| s > 0), "{row:?}");
    }
});
