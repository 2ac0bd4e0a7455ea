//! Pasted text: log entries in line order, masking idempotent, template
//! similarity within 0..1, and the whole query analysis.
#![no_main]
use kbmatch::matcher::{logline, mask, query};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let entries = logline::parse(&text);
    let mut last = 1;
    for e in &entries {
        assert!(e.line >= last, "{entries:?}");
        last = e.line;
        let masked = mask::mask(&e.message);
        assert_eq!(mask::mask(&masked), masked);
        let template = mask::template_of(&e.message);
        if let Some(x) = mask::matches_template(&template, &masked) {
            assert!((0.0..=1.0).contains(&x), "{x}");
        }
    }
    let _ = query::analyze(&text);
});
