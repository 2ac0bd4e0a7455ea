//! KB sections, header and steps; the first byte picks the article kind.
#![no_main]
use kbmatch::article::ArticleKind;
use kbmatch::extract::{kb_header, sections, steps};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let kind = [ArticleKind::Kb, ArticleKind::Blog, ArticleKind::Doc][pick as usize % 3];
    let text = String::from_utf8_lossy(rest);
    let secs = sections::split_kb(&text);
    let _ = kb_header::parse(&text);
    let (found, section) = steps::extract(&secs, kind);
    assert_eq!(found.is_empty(), section.is_none());
    for step in &found {
        assert!(!step.trim().is_empty(), "{found:?}");
    }
});
