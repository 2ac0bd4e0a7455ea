//! The Word reader on arbitrary bytes (a zip or not), then extraction of
//! what it read: a broken file is a skip reason, never a panic.
#![no_main]
use kbmatch::ingest::docx;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("guides/runbook.docx");
    if let Ok(doc) = docx::read(data, path, Path::new("guides")) {
        let article = kbmatch::extract::extract(&doc, vec![]);
        assert_eq!(article.id, doc.id);
    }
});
