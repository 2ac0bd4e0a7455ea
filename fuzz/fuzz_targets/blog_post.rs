//! The `blog_post` reader on arbitrary text (bytes decoded lossily), whatever
//! format detection would say, then extraction of what it read.
#![no_main]
use kbmatch::ingest::blog_post;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let path = Path::new("blog/2011-08-05-post.md");
    if let Ok(doc) = blog_post::read(&text, path) {
        let article = kbmatch::extract::extract(&doc, vec![]);
        assert_eq!(article.id, doc.id);
    }
});
