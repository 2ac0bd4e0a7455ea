//! The `kb_page` reader on arbitrary text (bytes decoded lossily), whatever
//! format detection would say, then extraction of what it read.
#![no_main]
use kbmatch::ingest::kb_page;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let path = Path::new("kb/900/Q900001/README.md");
    if let Ok(doc) = kb_page::read(&text, path) {
        let article = kbmatch::extract::extract(&doc, vec![]);
        assert_eq!(article.id, doc.id);
    }
});
