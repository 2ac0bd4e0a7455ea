//! Identifiers in text: status message IDs, event IDs, error codes, registry
//! keys, log/program/library file names, component names, KB references.
//! Used on articles and on pasted queries alike, so both sides normalise the
//! same way and compare as plain strings.
//!
//! It runs over the whole archive at index time: every pattern is compiled
//! once, each is one linear pass over the text, and only the (rare) matches
//! do any further work.
use super::codes::{self, CodeFact, Mention};
use crate::article::{EventId, Signals};
use regex::Regex;
use std::sync::LazyLock;

/// `status message 2302`, `status messages 615, 616 and 620`, `message ID: 2328`,
/// `Message Number: 41301`.
static MSG_ID_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(?:status\s+messages?(?:\s+ids?)?|messages?\s+ids?|message\s+(?:number|no\.?)|msg\s*id)\s*(?:[:#=]\s*)?([0-9]{1,5}(?:\s*(?:,|&|-|\band\b|\bor\b|\bto\b|\bthrough\b)\s*(?:and\s+|or\s+)?[0-9]{1,5})*)(?-u:\b)",
    )
    .expect("message id pattern")
});

/// The SMS status-message form `ID=3400: SMS Scheduler does not ...`.
static ID_EQ_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)id\s*=\s*([0-9]{3,5})\s*:").expect("id= pattern"));

/// `Event ID: 4014`, `EventID 4065`, `event 1000`, `events 1007, 1008 and 7023`.
static EVENT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)events?(\s*(?:ids?|identifiers?|numbers?|codes?))?\s*(?:[:=#]\s*)?([0-9]{1,5}(?:\s*(?:,|&|\band\b|\bor\b|\bto\b|\bthrough\b)\s*(?:and\s+|or\s+)?[0-9]{1,5})*)(?-u:\b)",
    )
    .expect("event pattern")
});

/// `Source: MSExchangeIS`, `Event Source: Application Popup`.
static SOURCE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)source\s*:[ \t]*([A-Za-z][A-Za-z0-9_.\-/]*(?: [A-Za-z0-9(][A-Za-z0-9_.\-/()]*){0,4})")
        .expect("source pattern")
});

/// Hex numbers written with `0x` (or Visual Basic's `&H`), optionally as a
/// STOP code.
static HEX_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?-u:\b)(stop\s*(?:error\s*)?(?:code\s*)?:?\s*)?0x|&h)([0-9a-f]{1,16})(?-u:\b)")
        .expect("hex pattern")
});

/// STOP codes written without `0x`: `STOP: c000021a`.
static STOP_BARE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)stop\s*(?:error\s*)?:?\s*([0-9a-f]{8})(?-u:\b)").expect("stop pattern"));

/// A mail server's reply code and its enhanced status code (RFC 3463):
/// `451 4.4.0`, `550-5.7.1` (of one class: [`codes::smtp_status`]), not a
/// version `5.0.2195`.
static SMTP_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)([245][0-9]{2})[ -]([245]\.[0-9]{1,3}\.[0-9]{1,3})(?-u:\b)").expect("smtp pattern")
});

/// Words that, shortly before eight hex digits, make them an error code.
const BARE_HEX_KEYWORDS: &[&str] =
    &["error", "err", "code", "hresult", "hr", "returned", "returns", "status", "result", "id no"];

/// Words that, shortly before a hex number of at most four digits
/// (`error 0x5AA`), make it a Win32 error number. Not `status` or `hr`: a
/// small NTSTATUS or HRESULT is no Win32 error.
const WIN32_HEX_KEYWORDS: &[&str] = &["error", "err", "code", "returned", "returns", "result", "win32", "winerror"];

/// Symbolic error names: `ERROR_NO_SYSTEM_RESOURCES`, `STATUS_ACCESS_VIOLATION`
/// (not `PRINTER_STATUS_BUSY`: a name starts at a word boundary).
static NAME_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:ERROR|STATUS|RPC_S|RPC_X|EPT_S)_[A-Z0-9_]{3,}(?-u:\b)").expect("error name pattern")
});

/// A word that may be a bug check's symbolic name: capitals and digits,
/// two words or more joined by underscores (`IRQL_NOT_LESS_OR_EQUAL`,
/// `PROCESS1_INITIALIZATION_FAILED`). Read as one only where the text says
/// so ([`names_a_bug_check`]).
static BUG_CHECK_NAME_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?-u:\b)").expect("bug check name pattern"));

/// What a text writes just before a bug check's name (`Stop code:
/// CRITICAL_PROCESS_DIED`, the blue screen of Windows 8 and later), or
/// just after it (`PROCESS1_INITIALIZATION_FAILED stop error`), lower-cased.
const BUG_CHECK_BEFORE: &[&str] = &["stop code", "stop error", "bugcheck", "bug check", "bug check code"];
const BUG_CHECK_AFTER: &[&str] = &["stop error", "stop code", "bugcheck", "bug check", "blue screen"];

/// How far after its STOP code (and the code's parameters) a name on the
/// same line is still the code's name, in bytes.
const BUG_CHECK_REACH: usize = 120;

/// A row of a Win32 error table, as the archive's lists of Windows NT
/// error codes print them: the number (with C's `L` suffix or without) at
/// the start of a line, then the symbolic name (`1314L ERROR_PRIVILEGE_NOT_HELD`).
static TABLE_ROW_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*([0-9]{1,5})L?[ \t]+(?:ERROR|RPC_S|RPC_X|EPT_S)_[A-Z0-9_]{3,}(?-u:\b)")
        .expect("table row pattern")
});

/// Decimal Win32/DOS/application error numbers: `error = 8`, `Win32 Error = 3`,
/// `error code 5`, `return code = 2`, `win32 return = 2453`, `Error 43:`,
/// `net helpmsg 1450`, `GetLastError() returned 1450`.
static WIN32_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(?:net\s+helpmsg|getlasterror\s*(?:\(\s*\))?\s*(?:returned|returns|=|:|is|was)?|(?:error|errno|lasterror)(?:\s*(?:codes?|numbers?|no\.?|num|status|value|messages?))?\s*(?:[:=#\-]|\bis\b|\bwas\b)?|(?:return|exit|status|result)\s*(?:code|value|status)\s*(?:[:=#]|\bis\b|\bwas\b)?|return\s*=)\s*\(?([0-9]{1,6})(?-u:\b)",
    )
    .expect("win32 pattern")
});

/// Registry keys from the hive name to the end of the path.
static REG_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(?-u:\b)(?:HKEY_[A-Z_]+|HKLM|HKCU|HKCR|HKU|HKCC)(?:\\[^\\\r\n\t"',;()\[\]|]*)+"#)
        .expect("registry pattern")
});

/// The extension of a log, program or library file name; the name before it
/// is read back from the text (a pattern that could start at every word
/// is several times slower over the archive).
static EXT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\.(log|exe|dll|sys|vxd|386|ocx|cpl|mof|mfl|ini|bat|cmd|sql|inf|drv|msi|msp|msc|vbs|ps1|cab|hlp|chm|tlb|scr|nlm|pif)(?-u:\b)",
    )
    .expect("extension pattern")
});

/// SMS/ConfigMgr component names.
static COMPONENT_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)((?:SMS|CCM)_[A-Za-z0-9_]+)").expect("component pattern"));

/// `Q256986`.
static Q_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?-u:\b)Q([0-9]{5,7})(?-u:\b)").expect("Q pattern"));

/// `KB 256986`, `KB2617545`, `Knowledge Base article 256986`, `article ID 256986`.
static KB_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(?:kb|knowledge\s*base(?:\s+article)?|kb\s+article|article\s+(?:id|number)?)\s*(?:[:#]\s*)?Q?([0-9]{5,7})(?-u:\b)",
    )
    .expect("kb pattern")
});

/// Names that look like components but are shares, NAL keys or file stems.
const NOT_COMPONENTS: &[&str] = &["SMS_SHR", "SMS_SITE", "SMS_DEF", "SMS_PKG", "SMS_CPSC", "SMS_OCS"];

/// Every signal found in the text.
pub fn extract(text: &str) -> Signals {
    extract_and_mention(text).0
}

/// Every error code a text mentions, with where it stands, in the order
/// the patterns find them: what [`extract`] lists as `error_codes`.
pub fn code_mentions(text: &str) -> Vec<Mention> {
    let mut mentions = Vec::new();
    error_codes(&text.to_ascii_lowercase(), text, &mut mentions);
    mentions
}

/// [`extract`], and what the text says about the codes it mentions (their
/// names and messages, see [`codes::learn`]): for the index, which learns
/// them from the articles.
pub fn extract_with_code_facts(text: &str) -> (Signals, Vec<CodeFact>) {
    let (signals, mentions) = extract_and_mention(text);
    let facts = if mentions.is_empty() { Vec::new() } else { codes::learn(text, &mentions) };
    (signals, facts)
}

/// [`extract`], and where each error code stands (see [`code_mentions`]).
pub fn extract_and_mention(text: &str) -> (Signals, Vec<Mention>) {
    let mut s = Signals::default();
    // Keyword patterns run case-sensitively over a lower-cased copy: ASCII
    // lower-casing keeps every byte offset, and literal keywords let the
    // regex engine skip ahead instead of trying every position.
    let lower = text.to_ascii_lowercase();
    message_ids(&lower, &mut s.message_ids);
    event_ids(&lower, text, &mut s.event_ids);
    let mut mentions = Vec::new();
    error_codes(&lower, text, &mut mentions);
    s.error_codes = mentions.iter().filter(|m| !m.listed).map(|m| m.code.clone()).collect();
    registry_keys(text, &mut s.registry_keys);
    file_names(&lower, &mut s.log_files, &mut s.file_names);
    components(text, &mut s.components);
    articles(text, &lower, &mut s.articles);

    sort_dedup(&mut s.message_ids);
    sort_dedup(&mut s.error_codes);
    sort_dedup(&mut s.registry_keys);
    sort_dedup(&mut s.log_files);
    sort_dedup(&mut s.file_names);
    sort_dedup(&mut s.components);
    sort_dedup(&mut s.articles);
    crate::article::EventId::settle(&mut s.event_ids);
    (s, mentions)
}

fn sort_dedup<T: Ord>(v: &mut Vec<T>) {
    v.sort();
    v.dedup();
}

/// True when a number ending at `end` continues as a date, time, version or
/// decimal (`10/25/93`, `12:03`, `4.0`), or is a count (`5 seconds`, `1 of 3`):
/// then it is not an identifier.
fn continues_as_other_number(text: &str, end: usize) -> bool {
    // Only the next few bytes matter; bounding them keeps long runs linear.
    let rest = &text.as_bytes()[end.min(text.len())..];
    let rest = &rest[..rest.len().min(24)];
    if rest.len() >= 2 && matches!(rest[0], b'/' | b'.' | b':' | b',') && rest[1].is_ascii_digit() {
        return true;
    }
    let mut i = 0;
    while i < rest.len() && rest[i] == b' ' {
        i += 1;
    }
    let word_end = rest[i..].iter().position(|b| !b.is_ascii_alphabetic()).map_or(rest.len(), |p| p + i);
    let word = &rest[i..word_end];
    if rest.get(i) == Some(&b'%') {
        return true;
    }
    const UNITS: &[&[u8]] = &[
        b"of", b"second", b"seconds", b"minute", b"minutes", b"hour", b"hours", b"times", b"bytes", b"kb", b"mb",
        b"percent", b"days", b"ms",
    ];
    UNITS.iter().any(|u| word.eq_ignore_ascii_case(u))
}

/// Numbers in a list such as `615, 616 and 620` or a range `2000 through 2010`.
/// Small ranges are expanded; large ones keep their ends only.
fn number_list(list: &str, out: &mut Vec<u32>) {
    let mut prev: Option<u32> = None;
    let mut range_pending = false;
    for tok in list.split(|c: char| c == ',' || c == '&' || c.is_whitespace()) {
        if tok.is_empty() {
            continue;
        }
        let t = tok.to_ascii_lowercase();
        if t == "to" || t == "through" || t == "-" {
            range_pending = true;
            continue;
        }
        // `2000-2010` arrives as one token.
        let parts: Vec<&str> = t.split('-').collect();
        for (k, p) in parts.iter().enumerate() {
            if p.is_empty() {
                range_pending = true;
                continue;
            }
            let Ok(n) = p.parse::<u32>() else { continue };
            if (range_pending || k > 0)
                && let Some(a) = prev
                && n > a
                && n - a <= 50
            {
                out.extend(a + 1..n);
            }
            out.push(n);
            prev = Some(n);
            range_pending = false;
        }
    }
}

fn message_ids(text: &str, out: &mut Vec<u32>) {
    for c in MSG_ID_RE.captures_iter(text) {
        let Some(m) = c.get(1) else { continue };
        if continues_as_other_number(text, m.end()) {
            continue;
        }
        let mut v = Vec::new();
        number_list(m.as_str(), &mut v);
        out.extend(v.into_iter().filter(|&n| n > 0));
    }
    for c in ID_EQ_RE.captures_iter(text) {
        if let Ok(n) = c[1].parse::<u32>() {
            out.push(n);
        }
    }
}

fn event_ids(lower: &str, text: &str, out: &mut Vec<EventId>) {
    for c in EVENT_RE.captures_iter(lower) {
        let (Some(whole), Some(m)) = (c.get(0), c.get(2)) else { continue };
        let keyword = c.get(1).is_some();
        if continues_as_other_number(text, m.end()) {
            continue;
        }
        let mut ids = Vec::new();
        number_list(m.as_str(), &mut ids);
        // A bare `event 3` is more often prose than an ID.
        ids.retain(|&n| keyword || n >= 10);
        if ids.is_empty() {
            continue;
        }
        let source = source_near(text, whole.start(), whole.end());
        out.extend(ids.into_iter().map(|id| EventId { id, source: source.clone() }));
    }
}

/// Words that end an event source's name in a one-line event header.
const SOURCE_STOP_WORDS: &[&str] = &[
    "description",
    "category",
    "type",
    "event",
    "time",
    "date",
    "user",
    "computer",
    "level",
    "keywords",
    "task",
    "id",
    "log",
    "eventid",
    "and",
    "or",
    "the",
    "with",
    "is",
    "was",
];

/// The event source named in the same paragraph, nearest to the event ID.
fn source_near(text: &str, start: usize, end: usize) -> Option<String> {
    let lo = text.floor_char_boundary(start.saturating_sub(300));
    let hi = text.ceil_char_boundary(end.saturating_add(300));
    // Stay inside the paragraph: a blank line ends it.
    let before = &text[lo..start];
    let lo = match before.rfind("\n\n").or_else(|| before.rfind("\n \n")) {
        Some(p) => lo + p + 1,
        None => lo,
    };
    let after = &text[end..hi];
    let hi = match after.find("\n\n").or_else(|| after.find("\n \n")) {
        Some(p) => end + p,
        None => hi,
    };
    let window = &text[lo..hi];
    let mut best: Option<(usize, String)> = None;
    for c in SOURCE_RE.captures_iter(window) {
        let Some(m) = c.get(1) else { continue };
        let mut words = Vec::new();
        for w in m.as_str().split(' ') {
            if SOURCE_STOP_WORDS.iter().any(|s| w.eq_ignore_ascii_case(s)) {
                break;
            }
            words.push(w);
        }
        let name = words.join(" ");
        let name = name.trim_end_matches(['.', ',', ')', '(']);
        if name.is_empty() {
            continue;
        }
        let pos = lo + m.start();
        let dist = pos.abs_diff(start);
        if best.as_ref().is_none_or(|(d, _)| dist < *d) {
            best = Some((dist, name.to_string()));
        }
    }
    best.map(|(_, n)| n)
}

/// `0x` + 8 lower-case digits; longer values keep their significant digits.
fn norm_hex(digits: &str) -> String {
    let d = digits.trim_start_matches('0').to_ascii_lowercase();
    if d.len() <= 8 { format!("0x{d:0>8}") } else { format!("0x{d}") }
}

/// Log lines give a thread as `4404 (0x1134)`: the hex repeats the decimal
/// before it. That is a thread ID unless an error word precedes the decimal
/// (`Error code 64 (0x40)`).
fn is_thread_id(text: &str, hex_start: usize, hex_digits: &str) -> bool {
    let before = text[..hex_start].trim_end();
    let Some(before) = before.strip_suffix('(') else { return false };
    let before = before.trim_end();
    let digits_start = before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (Ok(dec), Ok(hex)) = (before[digits_start..].parse::<u64>(), u64::from_str_radix(hex_digits, 16)) else {
        return false;
    };
    if dec != hex {
        return false;
    }
    let head = before[..digits_start].trim_end_matches([' ', '=', ':', '#']);
    let word_start = head.trim_end_matches(|c: char| c.is_ascii_alphabetic()).len();
    let word = head[word_start..].to_ascii_lowercase();
    !matches!(word.as_str(), "error" | "code" | "status" | "result" | "return" | "hr" | "hresult" | "err")
}

/// Whether one of `keywords` stands on the same line within 32 bytes
/// before `start`.
fn keyword_before(text: &str, start: usize, keywords: &[&str]) -> bool {
    let from = text.floor_char_boundary(start.saturating_sub(32));
    let before = text[from..start].rsplit('\n').next().unwrap_or("");
    keywords.iter().any(|k| contains_word(before, k))
}

/// Whether the word right before `start`, past separators (`error 0x5`,
/// `error: 0x5`, `returned = 0x5`), is one of `keywords`.
fn keyword_just_before(text: &str, start: usize, keywords: &[&str]) -> bool {
    let head = text[..start].trim_end_matches([' ', '\t', ':', '=', '#', '(', '-']);
    let word_start = head.trim_end_matches(|c: char| c.is_ascii_alphanumeric()).len();
    keywords.contains(&&head[word_start..])
}

/// The start of a mention that a word such as `System` or `Win32` opens
/// (`System error 53`): for saying how an article writes a code.
fn with_qualifier(text: &str, start: usize) -> usize {
    let head = text[..start].trim_end_matches(' ');
    let word_start = head.trim_end_matches(|c: char| c.is_ascii_alphanumeric()).len();
    let word = &head[word_start..];
    let qualifies = ["system", "win32", "net", "winerror", "unexpected"].contains(&word);
    if qualifies && head.len() < start { word_start } else { start }
}

/// The error codes of a text, with where each stands. `text` is the
/// lower-cased copy, `original` the text as written (for names).
fn error_codes(text: &str, original: &str, out: &mut Vec<Mention>) {
    hex_codes(text, out);
    decimal_codes(text, out);
    smtp_codes(text, out);
    win32_codes(text, out);
    // Names are written in capitals: read from the text as written.
    let named = ["error_", "status_", "rpc_s_", "rpc_x_", "ept_s_"].iter().any(|p| text.contains(p));
    if named {
        named_codes(original, out);
    }
    bug_check_names(text, original, out);
}

/// A code read from a text at `start..end`, not from a list of codes.
fn push(out: &mut Vec<Mention>, start: usize, end: usize, code: String) {
    out.push(Mention { start, end, code, listed: false });
}

/// `0x`-written codes (a STOP code after `STOP`; a small one after `error`
/// is Win32's as well) and bare STOP codes.
fn hex_codes(text: &str, out: &mut Vec<Mention>) {
    for c in HEX_RE.captures_iter(text) {
        let Some(whole) = c.get(0) else { continue };
        if is_thread_id(text, whole.start(), &c[2]) {
            continue;
        }
        let hex = norm_hex(&c[2]);
        if c.get(1).is_some() {
            push(out, whole.start(), whole.end(), format!("stop:{hex}"));
            continue;
        }
        // `error 0x5AA` is Win32 error 1450; a STOP code's parameters are not.
        let small = u32::from_str_radix(&c[2], 16).ok().filter(|&v| (1..=0xffff).contains(&v) && c[2].len() <= 8);
        if let Some(n) = small
            && keyword_just_before(text, whole.start(), WIN32_HEX_KEYWORDS)
            && !keyword_before(text, whole.start(), &["stop"])
        {
            push(out, whole.start(), whole.end(), format!("win32:{n}"));
        }
        push(out, whole.start(), whole.end(), hex);
    }
    for c in STOP_BARE_RE.captures_iter(text) {
        let (Some(whole), d) = (c.get(0), &c[1]) else { continue };
        if d.bytes().any(|b| b.is_ascii_digit()) {
            push(out, whole.start(), whole.end(), format!("stop:{}", norm_hex(d)));
        }
    }
}

/// Codes written as numbers without `0x`: a 32-bit code in decimal
/// (`-2147023446`, `error 2147943850`), or hex digits after a keyword.
fn decimal_codes(text: &str, out: &mut Vec<Mention>) {
    let bytes = text.as_bytes();
    for (start, end) in number_words(text) {
        let d = &text[start..end];
        if d.len() == 10 {
            // A 32-bit code as a decimal: `-2147023446`, or `error 2147943850`.
            let signed =
                start > 0 && bytes[start - 1] == b'-' && (start == 1 || !bytes[start - 2].is_ascii_alphanumeric());
            let code = if signed {
                codes::signed_decimal(d)
            } else if keyword_before(text, start, BARE_HEX_KEYWORDS) && !continues_as_other_number(text, end) {
                codes::unsigned_decimal(d)
            } else {
                None
            };
            if let Some(code) = code {
                push(out, start - usize::from(signed), end, code);
            }
            continue;
        }
        // A GUID's first or middle group is not a code.
        if bytes.get(end) == Some(&b'-') || (start > 0 && bytes[start - 1] == b'-') {
            continue;
        }
        let has_letter = d.bytes().any(|b| b.is_ascii_alphabetic());
        let has_digit = d.bytes().any(|b| b.is_ascii_digit());
        if !(has_digit && (has_letter || d.starts_with('8'))) {
            continue;
        }
        // The keyword must be on the same line, within a few words.
        if keyword_before(text, start, BARE_HEX_KEYWORDS) {
            push(out, start, end, norm_hex(d));
        }
    }
}

/// SMTP status codes after their reply code (`451 4.4.0`).
fn smtp_codes(text: &str, out: &mut Vec<Mention>) {
    for c in SMTP_RE.captures_iter(text) {
        let Some(whole) = c.get(0) else { continue };
        if !continues_as_other_number(text, whole.end())
            && let Some(code) = codes::smtp_status(&c[1], &c[2])
        {
            push(out, whole.start(), whole.end(), code);
        }
    }
}

/// Win32 errors by number (`error 1703`; `System error 1703` also as its
/// HRESULT).
fn win32_codes(text: &str, out: &mut Vec<Mention>) {
    for c in WIN32_RE.captures_iter(text) {
        let (Some(whole), Some(m)) = (c.get(0), c.get(1)) else { continue };
        if continues_as_other_number(text, m.end()) {
            continue;
        }
        if let Ok(n) = m.as_str().parse::<u64>()
            && n > 0
        {
            let start = with_qualifier(text, whole.start());
            push(out, start, m.end(), format!("win32:{n}"));
            // `error 1703` may be any program's error 1703; `System error
            // 1703`, `net helpmsg 1703`, `Win32 error 1703` are Win32's, as
            // sure as its HRESULT `0x800706A7`, and match it as such.
            let sure =
                ["system", "win32", "winerror", "net", "getlasterror"].iter().any(|w| text[start..].starts_with(w));
            if sure && let Some(hr) = u32::try_from(n).ok().and_then(codes::hresult_from_win32) {
                push(out, start, m.end(), format!("0x{hr:08x}"));
            }
        }
    }
}

/// Codes by their symbolic names (`ERROR_ACCESS_DENIED`), and the codes
/// of a table's rows that name them.
fn named_codes(original: &str, out: &mut Vec<Mention>) {
    for m in NAME_RE.find_iter(original) {
        if let Some(code) = codes::name_code(m.as_str()) {
            push(out, m.start(), m.end(), code);
        }
    }
    // A table row names its number's code: Win32's, as sure as its HRESULT.
    for c in TABLE_ROW_RE.captures_iter(original) {
        let Some(m) = c.get(1) else { continue };
        let Some((n, hr)) = m.as_str().parse::<u32>().ok().and_then(|n| Some((n, codes::hresult_from_win32(n)?)))
        else {
            continue;
        };
        for code in [format!("win32:{n}"), format!("0x{hr:08x}")] {
            out.push(Mention { start: m.start(), end: m.end(), code, listed: true });
        }
    }
}

/// A bug check's name where the text says it is one or writes it after
/// its STOP code: `name:IRQL_NOT_LESS_OR_EQUAL`, whose number the index
/// learns from the articles that write both (`codes::learn`).
fn bug_check_names(text: &str, original: &str, out: &mut Vec<Mention>) {
    let stops: Vec<(usize, usize)> =
        out.iter().filter(|m| m.code.starts_with("stop:")).map(|m| (m.start, m.end)).collect();
    // Only a text with a STOP code or one of the words can name one.
    if stops.is_empty() && !BUG_CHECK_BEFORE.iter().chain(BUG_CHECK_AFTER).any(|w| text.contains(w)) {
        return;
    }
    for m in BUG_CHECK_NAME_RE.find_iter(original) {
        // Error names are read above; components and registry roots
        // are what they are.
        let other = codes::name_code(m.as_str()).is_some()
            || COMPONENT_RE.is_match(m.as_str())
            || m.as_str().starts_with("HKEY_")
            || original[m.end()..].starts_with('\\');
        if !other && names_a_bug_check(text, m.start(), m.end(), &stops) {
            out.push(Mention { start: m.start(), end: m.end(), code: format!("name:{}", m.as_str()), listed: false });
        }
    }
}

/// Whether the name at `start..end` of `text` (lower-cased) is a bug
/// check's: the text says so around it ([`BUG_CHECK_BEFORE`],
/// [`BUG_CHECK_AFTER`]), or it follows a STOP code on its line, with only
/// the code's parameters between (`STOP: 0x0000007B (0xF741B84C,
/// 0xC0000034, 0x00000000, 0x00000000) INACCESSIBLE_BOOT_DEVICE`).
fn names_a_bug_check(text: &str, start: usize, end: usize, stops: &[(usize, usize)]) -> bool {
    let line_start = text[..start].rfind('\n').map_or(0, |p| p + 1);
    let before = text[line_start..start].trim_end_matches([' ', '\t', ':', '"', '(', '=', '-']);
    let after = text[end..].trim_start_matches([' ', '\t', '"', ')']);
    let parameters = |gap: &str| gap.bytes().all(|b| b" \t(),:x0123456789abcdef".contains(&b));
    BUG_CHECK_BEFORE.iter().any(|w| before.ends_with(w))
        || BUG_CHECK_AFTER.iter().any(|w| after.starts_with(w))
        || stops.iter().any(|&(s, e)| s >= line_start && e <= start && start - e <= BUG_CHECK_REACH && parameters(&text[e..start]))
}

/// Eight lower-case hex digits without `0x` as a word of their own, with at
/// least one decimal digit among them: byte ranges, in order. Counted as a
/// code only where the text before says so (see [`BARE_HEX_KEYWORDS`]).
///
/// These are the matches of `(?-u:\b)[0-9a-f]{8}(?-u:\b)` that hold a
/// digit (the caller drops the others). Hex digits are ASCII word bytes, so
/// such a match is exactly a maximal run of ASCII word bytes (`[0-9A-Za-z_]`)
/// that is eight hex digits long; runs are disjoint, so reading the run
/// around each digit, left to right, finds them all in order. Digits are
/// rare in prose, and whole blocks without one are skipped by a test the
/// compiler vectorises: the pattern, with no literal to skip to, ran its
/// automaton over every byte and was the dearest of the signals.
#[cfg(test)]
fn bare_hex_words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    number_words(text).filter(|&(start, end)| end - start == 8)
}

/// [`bare_hex_words`], and the runs of ten decimal digits (a 32-bit code
/// written in decimal, `-2147023446`), found in the same pass.
fn number_words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    const BLOCK: usize = 32;
    let b = text.as_bytes();
    let is_word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    std::iter::from_fn(move || {
        loop {
            while i + BLOCK <= b.len() && !b[i..i + BLOCK].iter().fold(false, |any, c| any | c.is_ascii_digit()) {
                i += BLOCK;
            }
            let digit = i + b[i..].iter().position(u8::is_ascii_digit)?;
            let mut start = digit;
            while start > 0 && is_word(b[start - 1]) {
                start -= 1;
            }
            let mut end = digit + 1;
            while end < b.len() && is_word(b[end]) {
                end += 1;
            }
            i = end;
            if end - start == 8 && b[start..end].iter().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f')) {
                return Some((start, end));
            }
            if end - start == 10 && b[start..end].iter().all(u8::is_ascii_digit) {
                return Some((start, end));
            }
        }
    })
}

/// `word` occurs in `hay` with no letter or digit on either side.
fn contains_word(hay: &str, word: &str) -> bool {
    let b = hay.as_bytes();
    let mut from = 0;
    while let Some(p) = hay[from..].find(word) {
        let start = from + p;
        let end = start + word.len();
        let before_ok = start == 0 || !b[start - 1].is_ascii_alphanumeric();
        let after_ok = end >= b.len() || !b[end].is_ascii_alphanumeric();
        if before_ok && after_ok {
            return true;
        }
        from = end;
    }
    false
}

/// Log and program/library file names: the extension is found by pattern,
/// the name is read back over name characters.
fn file_names(lower: &str, logs: &mut Vec<String>, files: &mut Vec<String>) {
    let b = lower.as_bytes();
    let name_char = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'$' | b'~' | b'-');
    for c in EXT_RE.captures_iter(lower) {
        let (Some(m), Some(ext)) = (c.get(0), c.get(1)) else { continue };
        let mut start = m.start();
        while start > 0 && name_char(b[start - 1]) {
            start -= 1;
        }
        // A name starts with a letter, digit, `_` or `$`.
        while start < m.start() && !(b[start].is_ascii_alphanumeric() || matches!(b[start], b'_' | b'$')) {
            start += 1;
        }
        if start == m.start() {
            continue;
        }
        let name = lower[start..m.end()].to_string();
        if ext.as_str() == "log" { logs.push(name) } else { files.push(name) }
    }
}

fn registry_keys(text: &str, out: &mut Vec<String>) {
    for m in REG_RE.find_iter(text) {
        let first = trim_key(m.as_str());
        let mut key = first.to_string();
        // A key that wraps onto the next indented line: it runs to the end of
        // its line and either ends with `\` or the next line starts with one.
        let mut pos = m.start() + first.len();
        for _ in 0..3 {
            let rest = &text[pos..];
            let Some(nl) = rest.find('\n') else { break };
            if !rest[..nl].trim().is_empty() {
                break;
            }
            let next_start = pos + nl + 1;
            let next_line = text[next_start..].split('\n').next().unwrap_or("");
            let t = next_line.trim_start();
            if t.is_empty() || !(key.ends_with('\\') || t.starts_with('\\')) {
                break;
            }
            let cont = trim_key(t.split(['\t', '"', '\'', ',', ';', '(', ')']).next().unwrap_or(""));
            if cont.is_empty() {
                break;
            }
            if key.ends_with('\\') && cont.starts_with('\\') {
                key.pop();
            }
            key.push_str(cont);
            pos = next_start + (next_line.len() - t.len()) + cont.len();
        }
        let key = key.trim_end_matches('\\');
        if key.contains('\\') {
            out.push(key.to_string());
        }
    }
}

/// Cut a matched key where prose resumes: `. `, `: `, or a space before a
/// lower-case word (`...\SMS key, and then`).
fn trim_key(s: &str) -> &str {
    let b = s.as_bytes();
    let mut end = b.len();
    for i in 0..b.len() {
        let next = b.get(i + 1).copied();
        let cut = match b[i] {
            b'.' | b':' => next.is_none_or(|n| n == b' '),
            b' ' => next.is_none_or(|n| n.is_ascii_lowercase() || n == b' ' || n == b'-' || n == b'('),
            b'<' | b'>' => false,
            _ => false,
        };
        if cut {
            end = i;
            break;
        }
    }
    s[..end].trim_end_matches([' ', '.', ':'])
}

fn components(text: &str, out: &mut Vec<String>) {
    let bytes = text.as_bytes();
    for c in COMPONENT_RE.captures_iter(text) {
        let Some(m) = c.get(1) else { continue };
        let name = m.as_str().trim_end_matches('_');
        if name.len() < 7 {
            continue;
        }
        let next = bytes.get(m.end()).copied();
        let after = bytes.get(m.end() + 1).copied();
        if next == Some(b'=') || next == Some(b'.') && after.is_some_and(|a| a.is_ascii_alphanumeric()) {
            continue;
        }
        if m.start() > 0 && matches!(bytes[m.start() - 1], b'\\' | b'/' | b'$') {
            continue;
        }
        // `<Sms_root_folder>` is a placeholder for a path; log wrappers
        // write components in capitals (`$$<SMS_DESPOOLER>`).
        let placeholder = m.start() > 0 && bytes[m.start() - 1] == b'<' && name.bytes().any(|b| b.is_ascii_lowercase());
        if placeholder {
            continue;
        }
        let up = name.to_ascii_uppercase();
        if NOT_COMPONENTS.contains(&up.as_str()) {
            continue;
        }
        out.push(up);
    }
}

fn articles(text: &str, lower: &str, out: &mut Vec<String>) {
    for c in Q_RE.captures_iter(text).chain(KB_RE.captures_iter(lower)) {
        if let Ok(n) = c[1].parse::<u64>()
            && n > 0
        {
            out.push(format!("Q{n}"));
        }
    }
}

#[cfg(test)]
mod tests;
