//! The `kb_text` reader on arbitrary text (bytes decoded lossily), whatever
//! format detection would say, then extraction of what it read.
#![no_main]
use kbmatch::ingest::kb_text;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let path = Path::new("txt/900/Q900001.TXT");
    if let Ok(doc) = kb_text::read(&text, path) {
        let article = kbmatch::extract::extract(&doc, vec![]);
        assert_eq!(article.id, doc.id);
    }
});
