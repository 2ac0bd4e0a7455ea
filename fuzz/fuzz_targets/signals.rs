//! Signals: every list sorted and de-duplicated.
#![no_main]
use libfuzzer_sys::fuzz_target;

fn sorted<T: Ord + std::fmt::Debug>(v: &[T]) {
    assert!(v.windows(2).all(|w| w[0] < w[1]), "{v:?}");
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let s = kbmatch::extract::signals::extract(&text);
    sorted(&s.message_ids);
    sorted(&s.event_ids);
    sorted(&s.error_codes);
    sorted(&s.registry_keys);
    sorted(&s.log_files);
    sorted(&s.file_names);
    sorted(&s.components);
    sorted(&s.articles);
});
