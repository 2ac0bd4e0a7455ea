//! The `markdown_doc` reader on arbitrary text (bytes decoded lossily), whatever
//! format detection would say, then extraction of what it read.
#![no_main]
use kbmatch::ingest::markdown_doc;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let path = Path::new("runbooks/notes.md");
    if let Ok(doc) = markdown_doc::read(&text, path, Path::new("")) {
        let article = kbmatch::extract::extract(&doc, vec![]);
        assert_eq!(article.id, doc.id);
    }
});
