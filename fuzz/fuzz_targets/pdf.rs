//! The PDF reader on arbitrary bytes, then extraction of what it read: a
//! broken file is a skip reason, never a panic (lopdf's own panics are
//! caught by the reader).
#![no_main]
use kbmatch::ingest::pdf;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("guides/runbook.pdf");
    if let Ok(doc) = pdf::read(data, path, Path::new("guides")) {
        let article = kbmatch::extract::extract(&doc, vec![]);
        assert_eq!(article.id, doc.id);
    }
});
