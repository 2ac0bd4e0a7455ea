//! Quoted messages: the text before the first NUL byte is a section, the
//! lines after it are emphasised strings (as a blog post's `<strong>`).
#![no_main]
use kbmatch::article::Section;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (body, rest) = text.split_once('\0').unwrap_or((&text, ""));
    let sections = vec![
        Section { name: "SYMPTOMS".into(), text: body.to_string() },
        Section { name: "MORE INFORMATION".into(), text: rest.to_string() },
    ];
    let emphasized: Vec<String> = rest.lines().map(str::to_string).collect();
    for m in kbmatch::extract::messages::extract(&sections, &emphasized) {
        assert!(!m.trim().is_empty());
    }
});
