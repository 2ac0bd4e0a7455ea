//! Bytes -> decode -> detect -> the detected format's reader -> extract.
//! The first byte picks the file name the text is read under (names are a
//! hint to detection); the rest is the file.
#![no_main]
use kbmatch::ingest::{decode, read_text};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

const NAMES: [&str; 8] = [
    "notes.md",
    "kb/900/Q900001/README.md",
    "txt/900/Q900001.TXT",
    "html/kb/900/Q900003/index.html",
    "saved/Q900002.txt",
    "blog/2011-08-05-post.md",
    "runbook",
    "page.htm",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, file)) = data.split_first() else { return };
    let path = Path::new(NAMES[pick as usize % NAMES.len()]);
    // As the walk reads files: decode (UTF-8, else Windows-1252; binary refused).
    if let Ok(text) = decode::decode(file) {
        if let Ok(doc) = read_text(&text, path, Path::new("")) {
            let _ = kbmatch::extract::extract(&doc, vec![]);
        }
    }
    // And any text at all, decoded lossily.
    let text = String::from_utf8_lossy(file);
    let _ = read_text(&text, path, Path::new(""));
});
