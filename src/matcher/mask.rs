//! Mask what varies between one site and the next (servers, UNC paths,
//! package IDs, site codes, GUIDs, dates, times, addresses, counters) and keep
//! what identifies the problem (message and event IDs, error codes, component,
//! log and file names, registry keys, the fixed words).
//!
//! A pasted message goes through [`mask`]; an article's quoted message goes
//! through [`template_of`], which first turns the article's placeholders
//! (`<package ID>`, `%1`, `xxxx`) into the same wildcard. When both describe
//! the same message, [`Tokens::matches`] scores them close to 1.

use super::function_words;
use super::weights::MAX_MESSAGE_TOKENS;
use crate::logs::collapse;
use regex::{Captures, Regex};
use std::sync::LazyLock;

/// The placeholder that masked parts are replaced with.
pub const WILDCARD: &str = "<*>";

/// SMS NAL paths: `["Display=\\DP02\"]MSWNET:["SMS_SITE=SYD"]\\DP02\`.
static NAL_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\["[^"\]\n]*"\](?:[A-Za-z_]+:\["[^"\]\n]*"\])*[^\s,;"']*"#).expect("nal pattern"));

/// The host part of a URL.
static URL_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)(?-u:\b)(https?|ftp)://[^/\s"'<>]+"#).expect("url pattern"));

/// UNC paths (`\\SERVER\share\dir\file`) and drive paths (`C:\dir\file`,
/// also after a placeholder: `<*>:\dir`).
static PATH_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\\\\(?:<\*>|[^\s\\"',;|<>]+)(?:\\[^\s\\"',;|]*)*|(?:(?-u:\b)[A-Za-z]|<\*>):+\\(?:[^\s\\"',;|]*\\?)*"#)
        .expect("path pattern")
});

/// The advice Windows writes after any failure, which tells nothing of
/// which: the task sequence engine's ("This is usually caused by a problem
/// with the program. Please check the Microsoft Knowledge Base to
/// determine if this is a known issue or contact Microsoft Support
/// Services for further assistance.") and the event log's ("For more
/// information, see Help and Support Center at http://...").
static ADVICE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\bThis is usually caused by a problem with the program\.\s*|\bPlease check the Microsoft Knowledge Base\b[^.]*\.\s*|\bFor more information, see Help and Support Center at\s+\S+",
    )
    .expect("advice pattern")
});

/// A message without the advice Windows writes after any failure
/// ([`ADVICE_RE`]): what it says of this failure.
pub fn without_advice(message: &str) -> std::borrow::Cow<'_, str> {
    ADVICE_RE.replace_all(message, "")
}

/// GUIDs, with or without braces.
static GUID_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}?")
        .expect("guid pattern")
});

/// Package full names that name one build of one package: an Appx package
/// (`Adobe.XD_57.1.12.2_x64__pc75e8sa7ep4e`: name, version, architecture,
/// resource, publisher id), a servicing package
/// (`Package_for_KB5005565~31bf3856ad364e35~amd64~~19041.1237.1.8`) and a
/// WinSxS component (`amd64_microsoft-windows-servicingstack_31bf3856ad364e35_6.1.7601.23505_none_681aa442f6fed7f0`).
static PACKAGE_NAME_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:[a-z0-9][a-z0-9.\-]*_[0-9]+(?:\.[0-9]+){1,3}_(?:x86|x64|arm|arm64|neutral)_[a-z0-9.\-~]*_[a-z0-9]{13}|[a-z][a-z0-9_.\-]*~[0-9a-f]{16}~[a-z0-9]*~[a-z0-9\-]*~[0-9.]+|(?:amd64|x86|wow64|msil|arm64)_[a-z0-9_.\-]+?_[0-9a-f]{16}_[0-9.]+_[a-z0-9\-]+_[0-9a-f]{16})(?-u:\b)",
    )
    .expect("package name pattern")
});

/// WMI namespaces (`root\ccm\policy\machine\actualconfig`), not inside a
/// registry key: which one varies.
static NAMESPACE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)(^|[\s'"(\[=:])root(?:\\[A-Za-z0-9_]+)+"#).expect("namespace pattern"));

/// KB numbers of updates (`KB5005565`): which update varies, the message does not.
static KB_NUMBER_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)KB[0-9]{6,7}(?-u:\b)").expect("kb number pattern"));

/// Drive paths written with forward slashes (`C:/Windows/System32/config/SOFTWARE`).
static SLASH_PATH_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:(?-u:\b)[A-Za-z]|<\*>):/[^\s"',;|<>]*"#).expect("slash path pattern")
});

/// Dates with `-` or `/` (dotted ones are too often versions).
static DATE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)[0-9]{1,4}[/\-][0-9]{1,2}[/\-][0-9]{2,4}(?-u:\b)").expect("date pattern"));

/// Times, with seconds, fractions, AM/PM and an SMS time-zone bias.
static TIME_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:[.,][0-9]{1,3})?(?:\s?[AP]M(?-u:\b))?(?:[+\-][0-9]{3,4})?",
    )
    .expect("time pattern")
});

/// IPv4 addresses.
static IP_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}(?-u:\b)").expect("ip pattern")
});

/// IPv4 addresses as articles write them for any address: `w.x.y.z`,
/// `x.x.x.x`, `www.xxx.yyy.zzz` (each part one letter, up to three times;
/// see [`is_address_placeholder`]).
static IP_PLACEHOLDER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[A-Za-z]{1,3}\.[A-Za-z]{1,3}\.[A-Za-z]{1,3}\.[A-Za-z]{1,3}(?-u:\b)").expect("ip placeholder pattern")
});

/// Whether four dotted letters stand for an IP address: each part one
/// letter written one to three times (`a.b.c.d`, `nnn.nnn.nnn.nnn`), not a
/// host name (`www.abc.co.uk`).
fn is_address_placeholder(text: &str) -> bool {
    text.split('.').all(|part| part.bytes().all(|b| b.eq_ignore_ascii_case(&part.as_bytes()[0])))
}

/// Segment:offset addresses in crash dialogs (`0137:00403c07`).
static SEGOFF_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)[0-9A-Fa-f]{4}:[0-9A-Fa-f]{4,8}(?-u:\b)").expect("segment pattern"));

/// Candidates for package IDs: 3 characters of site code, 5 hex digits.
static PKG_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)[A-Za-z0-9]{3}[0-9A-Fa-f]{5}(?-u:\b)").expect("package pattern"));

/// Site codes where the text says they are one.
static SITE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)((?-u:\b)site\s*code\s*[:=]?\s*|SMS_SITE=|(?-u:\b)SMS:)[A-Za-z0-9]{3}(?-u:\b)")
        .expect("site pattern")
});
/// `site SYD`: an upper-case three-character code after the word.
static SITE_WORD_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)([Ss]ite\s+)[A-Z0-9]{3}(?-u:\b)").expect("site word pattern"));

/// `DOMAIN\user` as a token of its own.
static USER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(^|[\s"'(\[])([A-Za-z][A-Za-z0-9.\-]{0,30}\\[A-Za-z$_][A-Za-z0-9._$\-]{0,30})([\s"'),;:\]]|$)"#)
        .expect("user pattern")
});

/// Integers of four or more digits (counters, sizes, durations); shorter ones
/// are as often error numbers (`),126`) as counts.
static NUMBER_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?-u:\b)[0-9]{4,}(?-u:\b)").expect("number pattern"));

/// Runs of wildcards, and white space.
static WILDCARD_RUN_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<\*>(?:\s*<\*>)+").expect("wildcard run pattern"));

/// Article placeholders: `<package ID>`, `<site server NAL path>`, `<line #>`.
static ANGLE_PLACEHOLDER_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<[A-Za-z][^<>\n]{0,60}>").expect("angle placeholder pattern"));
/// printf-style and numbered inserts: `%1`, `%s`, `%ld`, `%ws`.
static PERCENT_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"%(?:[0-9]{1,2}|l?[sdiuxSX]|ws|ls|lu|ld|lx|I64d)(?-u:\b)").expect("percent pattern"));
/// `xxx`, `XXXX`, and `EBUxxx` (a name whose end is left open).
static XXX_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)([A-Za-z]*?)(?:[xX]{3,}|xx|XX)(?-u:\b)").expect("xxx pattern"));
/// `[error code]`, `[instance name]`: lower-case words in square brackets.
static BRACKET_PLACEHOLDER_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[[a-z][a-z_#\-]*(?: [a-z_#\-]+)+\]").expect("bracket placeholder pattern"));
/// A stand-alone ellipsis: `error on line ..., token ...`.
static ELLIPSIS_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(^|[\s(\[=:])(?:\.{3,}|…)").expect("ellipsis pattern"));

/// Words after which a number identifies the problem and is kept.
const KEEP_NUMBER_AFTER: &[&str] = &[
    "id", "ids", "error", "errors", "err", "code", "codes", "event", "events", "message", "messages", "msg", "status",
    "return", "exit", "stop", "windows", "win", "server", "office", "sql", "sms", "version", "build", "level", "state",
    "no", "number", "hresult", "nt", "exchange", "type", "lnk", "port", "sp", "win32",
];

/// The message with its variable parts replaced by [`WILDCARD`].
pub fn mask(message: &str) -> String {
    let advised = without_advice(message);
    let message = advised.trim();
    let mut s = mask_once(message);
    // Nothing masked: the message is its own fixed point (most of an
    // article's quoted messages once their placeholders are wildcards).
    if s == message {
        return s;
    }
    // Masking can bring new neighbours together; a second pass settles them,
    // which is what makes the function idempotent.
    for _ in 0..3 {
        let t = mask_once(&s);
        if t == s {
            break;
        }
        s = t;
    }
    s
}

fn mask_once(message: &str) -> String {
    let s = NAL_RE.replace_all(message, WILDCARD);
    let s = URL_RE.replace_all(&s, "$1://<*>");
    let s = GUID_RE.replace_all(&s, WILDCARD);
    let s = PACKAGE_NAME_RE.replace_all(&s, WILDCARD);
    let s = KB_NUMBER_RE.replace_all(&s, "KB<*>");
    let s = NAMESPACE_RE.replace_all(&s, "${1}<*>");
    let s = PATH_RE.replace_all(&s, |c: &Captures| mask_path(&c[0]));
    let s = SLASH_PATH_RE.replace_all(&s, |c: &Captures| mask_path(&c[0].replace('/', "\\")));
    let s = USER_RE.replace_all(&s, |c: &Captures| {
        if is_user(&c[2]) { format!("{}{WILDCARD}{}", &c[1], &c[3]) } else { c[0].to_string() }
    });
    let s = DATE_RE.replace_all(&s, WILDCARD);
    let s = TIME_RE.replace_all(&s, WILDCARD);
    let s = IP_RE.replace_all(&s, WILDCARD);
    let s = IP_PLACEHOLDER_RE.replace_all(&s, |c: &Captures| {
        if is_address_placeholder(&c[0]) { WILDCARD.to_string() } else { c[0].to_string() }
    });
    let s = SEGOFF_RE.replace_all(&s, WILDCARD);
    let s = SITE_RE.replace_all(&s, "$1<*>");
    let s = SITE_WORD_RE.replace_all(&s, "$1<*>");
    let s = PKG_RE.replace_all(&s, |c: &Captures| {
        let t = &c[0];
        if is_package_id(t) { WILDCARD.to_string() } else { t.to_string() }
    });
    let s = mask_numbers(&s);
    let s = WILDCARD_RUN_RE.replace_all(&s, WILDCARD);
    collapse(&s)
}

/// The words of the parts [`mask`] hides as varying from site to site: a
/// path's folders and server, a URL's host (`\\localhost`,
/// `http://servername`, `C:\SMS\inboxes`), a WMI namespace's
/// (`root\ccm\policy`), the two halves of what looks
/// like `DOMAIN\user` (`dataldr.box\process`, `system32\spool`: as often a
/// folder as an account). They leave the template, but a description that
/// names them may be naming what the article is about.
pub fn hidden_words(message: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let hosts = URL_RE.find_iter(message).map(|m| m.as_str().split_once("://").map_or("", |(_, host)| host));
    let users = USER_RE.captures_iter(message).filter_map(|c| c.get(2)).map(|m| m.as_str()).filter(|t| is_user(t));
    let namespaces = NAMESPACE_RE.find_iter(message).map(|m| m.as_str());
    let found = hosts.chain(PATH_RE.find_iter(message).map(|m| m.as_str())).chain(namespaces).chain(users);
    for word in found.flat_map(|m| m.split(|c: char| !c.is_alphanumeric())) {
        if word.len() > 1 && !out.iter().any(|w| w.eq_ignore_ascii_case(word)) {
            out.push(word.to_string());
        }
    }
    out
}

/// Whether a `DOMAIN\user`-shaped token ([`USER_RE`]) is masked as one: not
/// a registry key (`HKLM\Software`) nor a file (`system32\ntdll.dll`).
fn is_user(token: &str) -> bool {
    let up = token.to_ascii_uppercase();
    let is_key = up.starts_with("HKEY") || up.starts_with("HKLM") || up.starts_with("HKCU");
    let last = token.rsplit('\\').next().unwrap_or("");
    let has_ext = last.rsplit_once('.').is_some_and(|(_, e)| (1..=4).contains(&e.len()));
    !is_key && !has_ext
}

/// Paths keep their file name (`<*>\distmgr.dll`): it says which program or
/// library failed, while the folder and server vary.
fn mask_path(path: &str) -> String {
    let trimmed = path.trim_end_matches(['.', ':', ')']);
    let tail = &path[trimmed.len()..];
    let last = trimmed.rsplit('\\').next().unwrap_or("");
    let is_file = !trimmed.ends_with('\\')
        && last.rsplit_once('.').is_some_and(|(stem, ext)| {
            !stem.is_empty() && (1..=4).contains(&ext.len()) && ext.bytes().all(|b| b.is_ascii_alphanumeric())
        });
    if is_file && last != trimmed { format!("{WILDCARD}\\{last}{tail}") } else { format!("{WILDCARD}{tail}") }
}

/// Three characters of site code (with a letter) and five hex digits (with a
/// digit); not an error code written without `0x` (`C0020017`, `80041001`).
fn is_package_id(t: &str) -> bool {
    let b = t.as_bytes();
    if b.len() != 8 {
        return false;
    }
    let letter_in_site = b[..3].iter().any(u8::is_ascii_alphabetic);
    let digit_in_number = b[3..].iter().any(u8::is_ascii_digit);
    let all_hex = b.iter().all(u8::is_ascii_hexdigit);
    let code_like = all_hex && matches!(b[0], b'8' | b'C' | b'c' | b'0' | b'D' | b'd');
    letter_in_site && digit_in_number && !code_like
}

/// Mask long integers unless a keyword before them says they are an ID,
/// an error code or a product version, and unless they are part of a dotted
/// or dashed number.
fn mask_numbers(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for m in NUMBER_RE.find_iter(s) {
        let prev = m.start().checked_sub(1).map(|i| b[i]);
        let prev2 = m.start().checked_sub(2).map(|i| b[i]);
        let next = b.get(m.end()).copied();
        let next2 = b.get(m.end() + 1).copied();
        let joined_before =
            matches!(prev, Some(b'.' | b'-' | b'/' | b',' | b':')) && prev2.is_some_and(|c| c.is_ascii_alphanumeric());
        let joined_after =
            matches!(next, Some(b'.' | b'-' | b'/' | b',' | b':')) && next2.is_some_and(|c| c.is_ascii_digit());
        if joined_before || joined_after || keyword_before(&s[..m.start()]) {
            continue;
        }
        out.push_str(&s[last..m.start()]);
        out.push_str(WILDCARD);
        last = m.end();
    }
    out.push_str(&s[last..]);
    out
}

/// Is the word before this position (skipping `=`, `:`, `#`, `(`) a keyword?
fn keyword_before(before: &str) -> bool {
    let t = before.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '=' | ':' | '#' | '(' | '-'));
    let word = &t[t.trim_end_matches(|c: char| c.is_ascii_alphanumeric()).len()..];
    KEEP_NUMBER_AFTER.iter().any(|k| word.eq_ignore_ascii_case(k))
}

/// Words after which a number in any system's log is the problem's
/// identifier and kept by [`mask_log`] (an error number, an exit code);
/// after others (`port 22`, `state 6`) it is a value.
const LOG_KEEP_NUMBER_AFTER: &[&str] =
    &["error", "errors", "err", "code", "codes", "hresult", "hr", "status", "exit", "return", "win32", "event", "msg"];

/// Dates written with the month's name (`Sun Jul 10 03:55:15 2005`, `Jul 10 2005`).
static NAMED_DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),? +)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +[0-9]{1,2}(?:,? +[0-9]{4})?(?: +[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?(?: +[0-9]{4})?(?-u:\b)")
        .expect("named date pattern")
});

/// A masked quantity with its unit and its restatement (`<*> bytes (<*> KB)`, `<<*> sec`): one value.
static QUANTITY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<?<\*> (?:bytes|KB|MB|GB|kB|sec|secs|seconds|ms)(?-u:\b)(?: \(<\*> ?(?:bytes|[KMGT]B)\))?").expect("quantity pattern")
});

/// Words after `user` that are no user name.
const NOT_A_NAME: &[&str] = &["from", "by", "for", "to", "on", "at", "in", "of", "with", "and", "is", "was"];

/// Keys of `key=value` fields whose value is a host (an address), masked by
/// [`mask_log`]; other fields' values without digits are left to the
/// grouping (a place taking more than a few words is a value there,
/// [`crate::scan`]'s Drain step), as a user name in `user=root` is.
const LOG_HOST_KEYS: &[&str] = &["rhost", "host", "hostname"];

/// A device, interface or protocol name: two to six lower-case letters and
/// one digit (`eth0`, `alt0`, `wl0`, `tty2`, `ssh2`), a constant of its
/// message rather than a value.
pub fn is_device_name(word: &str) -> bool {
    let b = word.as_bytes();
    (3..=7).contains(&b.len())
        && b[b.len() - 1].is_ascii_digit()
        && b[..b.len() - 1].iter().all(u8::is_ascii_lowercase)
}

/// A message of any system's log with its variables masked, for grouping
/// a log's lines into templates as Drain does: what [`mask`] masks, then
/// every word holding a digit (counts, ports, process ids, block ids such as
/// `blk_-123`, `IP:port`, hex, node names) unless it is a number or a hex
/// code after an error word ([`LOG_KEEP_NUMBER_AFTER`]: a hex word alone
/// is as often an address as an error code), Unix paths, a
/// user name after `user` or between `for` and `from`, and the value of a
/// `rhost=` field; device names (`eth0`, [`is_device_name`]) stay. Runs of
/// wildcards become one.
pub fn mask_log(message: &str) -> String {
    let dated = NAMED_DATE_RE.replace_all(message, WILDCARD);
    let masked = mask(&dated);
    let words: Vec<&str> = masked.split(' ').collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut at = 0;
    for (i, word) in words.iter().enumerate() {
        let next = words.get(i + 1).copied().unwrap_or("");
        out.push(mask_log_word(&masked[..at], word, next));
        at += word.len() + 1;
    }
    // A device name among values is one of them (`an1 an2 ... an10`, `port <*> ssh2`),
    // and so is one in a list of device names (`dadmin2 dadmin3 dadmin4`):
    // one sweep each way carries a value along a run.
    let n = out.len();
    fn bare_of(w: &str) -> &str {
        w.trim_matches(|c: char| !c.is_ascii_alphanumeric())
    }
    for i in (0..n).chain((0..n).rev()) {
        if !is_device_name(bare_of(&out[i])) {
            continue;
        }
        let beside = |j: Option<usize>| {
            j.and_then(|j| out.get(j)).is_some_and(|w| w.contains(WILDCARD) || is_device_name(bare_of(w)))
        };
        if beside(i.checked_sub(1)) || beside(i.checked_add(1)) {
            let bare = bare_of(&out[i]).to_string();
            out[i] = out[i].replacen(&bare, WILDCARD, 1);
        }
    }
    let out = out.join(" ");
    let out = QUANTITY_RE.replace_all(&out, WILDCARD);
    let out = WILDCARD_RUN_RE.replace_all(&out, WILDCARD);
    out.into_owned()
}

/// Whether [`mask_log`] keeps a number or hex code after this text: it ends
/// in an error word ([`LOG_KEEP_NUMBER_AFTER`]: `error = 8`, `HRESULT 0x80070005`).
pub fn log_keeps_code_after(prefix: &str) -> bool {
    let t = prefix.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '=' | ':' | '#' | '(' | '-'));
    let keyword = t[t.trim_end_matches(|c: char| c.is_ascii_alphanumeric()).len()..].to_ascii_lowercase();
    LOG_KEEP_NUMBER_AFTER.contains(&keyword.as_str())
}

/// One word of [`mask_log`], knowing the text before it and the next word.
fn mask_log_word(prefix: &str, word: &str, next: &str) -> String {
    let plain = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_ascii_lowercase();
    let before = prefix.trim_end().rsplit(' ').next().unwrap_or("");
    let bare = word.trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | '"' | '\'' | ',' | ';' | ':'));
    if bare.starts_with('/') && bare.len() > 1 {
        return word.replacen(bare, WILDCARD, 1);
    }
    let name_like = !bare.is_empty() && bare.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
    let named = plain(before) == "user" && !NOT_A_NAME.contains(&plain(word).as_str());
    if name_like && (named || (plain(before) == "for" && plain(next) == "from")) {
        return word.replacen(bare, WILDCARD, 1);
    }
    if let Some((key, value)) = word.split_once('=')
        && !value.is_empty()
        && LOG_HOST_KEYS.contains(&key.to_ascii_lowercase().as_str())
    {
        return format!("{key}={WILDCARD}");
    }
    // A wildcard glued to other characters (`blk_-<*>`, `<*>:<*>`) is part of one value.
    let glued = word.replace(WILDCARD, "0");
    if !glued.bytes().any(|b| b.is_ascii_digit()) || is_device_name(bare) {
        return word.to_string();
    }
    let number = bare.trim_start_matches('-');
    if log_keeps_code_after(prefix)
        && !number.is_empty()
        && (number.bytes().all(|b| b.is_ascii_digit()) || number.starts_with("0x"))
    {
        return word.to_string();
    }
    mask_digit_runs(&glued)
}

/// Each run of name characters holding a digit made a wildcard:
/// `sshd[24200]:` -> `sshd[<*>]:`, `(HWID=1973)` -> `(HWID=<*>)`,
/// `10.251.73.220:50010` -> `<*>`.
fn mask_digit_runs(word: &str) -> String {
    let is_part = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | '/' | '@' | '#' | '$' | '+');
    let mut out = String::with_capacity(word.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        // Names before a `:` or `/` are the word's (`onExtend:123`, `HTTP/1.1`).
        let mut name_end = 0;
        for (i, c) in run.char_indices() {
            if matches!(c, ':' | '/') {
                if run[name_end..i].bytes().any(|b| b.is_ascii_digit()) {
                    break;
                }
                name_end = i + 1;
            }
        }
        out.push_str(&run[..name_end]);
        run.replace_range(..name_end, "");
        if run.bytes().any(|b| b.is_ascii_digit()) {
            // Punctuation closing a run is the word's, not the value's (`3200.`, `port:`).
            let kept = run.trim_end_matches(['.', ':', '-']);
            let tail = run[kept.len()..].to_string();
            out.push_str(WILDCARD);
            out.push_str(&tail);
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in word.chars() {
        if is_part(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// An article's quoted message in the masked form: its placeholders become
/// wildcards and its concrete values are masked as [`mask`] masks a paste.
pub fn template_of(article_message: &str) -> String {
    let s = BRACKET_PLACEHOLDER_RE.replace_all(article_message, WILDCARD);
    let s = ANGLE_PLACEHOLDER_RE.replace_all(&s, |c: &Captures| {
        let inner = &c[0];
        // `<http://...>` is a link, not a placeholder.
        if inner.contains("://") || inner.contains('@') { inner.to_string() } else { WILDCARD.to_string() }
    });
    let s = PERCENT_RE.replace_all(&s, WILDCARD);
    let s = XXX_RE.replace_all(&s, "$1<*>");
    let s = ELLIPSIS_RE.replace_all(&s, "$1<*>");
    mask(&s)
}

/// One token of a masked message, lower-cased.
#[derive(Debug)]
struct Tok {
    text: String,
    /// `<*>` on its own.
    wild: bool,
    /// A word glued to a wildcard (`ebu<*>`): matches words with this prefix.
    prefix: bool,
    weight: f32,
    /// Letters present, for a cheap test before the edit distance.
    letters: u64,
    /// Written as a program's name for something (`ReleaseRequest`,
    /// `GetTsRegValue`, `_SMSTSAdvertID`: [`is_a_name`]).
    named: bool,
}


fn tokenize(s: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    for written in
        s.split(|c: char| !(c.is_alphanumeric() || matches!(c, '<' | '>' | '*' | '_' | '.' | '$' | '-' | '\'')))
    {
        if out.len() >= MAX_MESSAGE_TOKENS {
            break;
        }
        let named = is_a_name(written);
        let lower = written.to_lowercase();
        let mut rest = lower.as_str();
        while !rest.is_empty() {
            let (piece, wild_follows, next) = match rest.find(WILDCARD) {
                Some(0) => {
                    out.push(Tok {
                        text: String::new(),
                        wild: true,
                        prefix: false,
                        weight: 0.0,
                        letters: 0,
                        named: false,
                    });
                    rest = &rest[WILDCARD.len()..];
                    continue;
                }
                Some(p) => (&rest[..p], true, &rest[p..]),
                None => (rest, false, ""),
            };
            let word = piece.trim_matches(|c: char| !c.is_alphanumeric());
            if !word.is_empty() {
                out.push(Tok { named, ..word_tok(word, wild_follows) });
            }
            rest = next;
        }
    }
    out.truncate(MAX_MESSAGE_TOKENS);
    out
}

fn word_tok(word: &str, prefix: bool) -> Tok {
    let weight = if function_words::is_commonest(word) {
        0.25
    } else if word.bytes().all(|b| b.is_ascii_digit()) {
        0.6
    } else if word.chars().count() <= 2 {
        0.4
    } else {
        1.0
    };
    let letters = word.bytes().fold(0u64, |m, b| m | 1u64 << (b % 64));
    Tok { text: word.to_string(), wild: false, prefix, weight, letters, named: false }
}

/// Whether a word as written is a program's name for something: a small
/// letter followed by a capital (`ReleaseRequest`, `GetTsRegValue`) or an
/// underscore in a word with letters (`_SMSTSAdvertID`, `SMS_EXECUTIVE`).
fn is_a_name(written: &str) -> bool {
    let word = written.trim_matches(|c: char| !c.is_alphanumeric() && c != '_');
    let b = word.as_bytes();
    b.windows(2).any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase())
        || (word.contains('_') && word.bytes().any(|c| c.is_ascii_alphabetic()) && !word.contains(WILDCARD))
}

/// How alike two words are (0..1): exact, a truncated last word, or a typo.
fn word_sim(t: &Tok, q: &Tok, q_is_last: bool) -> f32 {
    if t.text == q.text {
        return 1.0;
    }
    if t.prefix && q.text.starts_with(&t.text) {
        return 0.9;
    }
    // A paste cut short ends in part of a word.
    if q_is_last && !q.text.is_empty() && t.text.starts_with(&q.text) {
        return 0.8;
    }
    let (lt, lq) = (t.text.len(), q.text.len());
    if lt < 4 || lq < 4 || lt.abs_diff(lq) > 2 || (t.letters ^ q.letters).count_ones() > 4 {
        return 0.0;
    }
    let d = strsim::osa_distance(&t.text, &q.text);
    let sim = 1.0 - d as f32 / lt.max(lq) as f32;
    if sim >= 0.7 { sim } else { 0.0 }
}

/// [`Tokens::matches`] on a template and a masked paste as written, read
/// once for this one comparison (the tests' and the fuzzer's shorthand).
#[cfg(any(test, feature = "internals"))]
pub fn matches_template(template: &str, masked_query: &str) -> Option<f64> {
    Tokens::of(template).matches(&Tokens::of(masked_query))
}

/// A template or a masked paste read into the words [`Tokens::matches`]
/// aligns: read once, then aligned with as many others as need be (a
/// question's templates with every message of every candidate).
#[derive(Debug)]
pub struct Tokens(Vec<Tok>);

impl Tokens {
    /// The words of a template or of a masked paste.
    pub fn of(text: &str) -> Tokens {
        Tokens(tokenize(text))
    }

    /// How well a pasted, masked message matches an article message template
    /// (see [`template_of`]), from 0 to 1; `None` when nothing lines up.
    ///
    /// Token-level local alignment, case-insensitive: a wildcard on either side
    /// stands for the other side's words, typos count nearly in full, and a paste
    /// cut short or a template quoted inside a longer paste still score high.
    pub fn matches(&self, masked_query: &Tokens) -> Option<f64> {
        align(&self.0, &masked_query.0)
    }
}

fn align(t: &[Tok], q: &[Tok]) -> Option<f64> {
    let wt: f32 = t.iter().map(|x| x.weight).sum();
    let wq: f32 = q.iter().map(|x| x.weight).sum();
    if wt <= 0.0 || wq <= 0.0 {
        return None;
    }
    let m = q.len();
    // Each cell: (alignment score, credit from words that really matched,
    // the pasted word the alignment starts at). Wildcards earn credit only
    // next to real matches, so the second value keeps a wildcard-rich
    // template from matching anything.
    let mut prev = vec![(0f32, 0f32, 0usize); m + 1];
    let mut cur = vec![(0f32, 0f32, 0usize); m + 1];
    let mut best = (0f32, 0f32, 0usize);
    for ti in t {
        cur[0] = (0.0, 0.0, 0);
        for j in 1..=m {
            let qj = &q[j - 1];
            let (diag_gain, real_gain) = match (ti.wild, qj.wild) {
                (true, true) => (0.0, 0.0),
                // The wildcard stands for this word: part credit.
                (true, false) => (0.6 * qj.weight, 0.0),
                (false, true) => (0.6 * ti.weight, 0.0),
                (false, false) => {
                    let s = word_sim(ti, qj, j == m);
                    let w = (ti.weight + qj.weight) / 2.0;
                    if s > 0.0 { (s * w, s * w) } else { (-0.6 * w, 0.0) }
                }
            };
            let from = prev[j - 1];
            let start = if from.0 > 0.0 { from.2 } else { j - 1 };
            let diag = (from.0 + diag_gain, from.1 + real_gain, start);
            // Skip a template word (a wildcard may stand for nothing).
            let up = (prev[j].0 - if ti.wild { 0.0 } else { 0.5 * ti.weight }, prev[j].1, prev[j].2);
            // Skip a pasted word; a wildcard goes on taking words, for little credit.
            let left_gain = if ti.wild {
                0.1 * qj.weight
            } else if qj.wild {
                0.0
            } else {
                -0.5 * qj.weight
            };
            let left = (cur[j - 1].0 + left_gain, cur[j - 1].1, cur[j - 1].2);
            let mut h = diag;
            if up.0 > h.0 {
                h = up;
            }
            if left.0 > h.0 {
                h = left;
            }
            if h.0 <= 0.0 {
                h = (0.0, 0.0, j);
            }
            cur[j] = h;
            if h.0 > best.0 {
                best = h;
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let (total, real, start) = best;
    if real <= 0.0 {
        return None;
    }
    let cq = (total / wq).min(1.0);
    let ct = (total / wt).min(1.0);
    let f1 = 2.0 * cq * ct / (cq + ct);
    // A paste cut short is a fragment of the template, and a template may be
    // quoted inside a longer paste: both count when the shorter side has
    // enough words to be telling. A paste that opens with a name the
    // template lacks ("ReleaseRequest failed with error code 0x80004005"
    // against "... BITS 2.5 or later is required ... failed with error
    // code 0x80004005") is another message ending alike, no fragment.
    let named_before = q[..start.min(m)].iter().any(|w| w.named);
    let fragment = if named_before { 0.0 } else { 0.9 * cq * (wq / 4.0).min(1.0) };
    // A template quoted inside a longer paste counts less than a fragment:
    // what the paste adds around it (a URL, a second sentence) may belong to
    // another article.
    let inside = 0.75 * ct * (wt / 4.0).min(1.0);
    // Too few real words matched: the rest is wildcards lining up.
    let anchored = (real / 2.0).min(1.0);
    let score = (f1.max(fragment).max(inside) * anchored).clamp(0.0, 1.0);
    Some(f64::from(score))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_MESSAGE: &str = "Cannot update the package server [\"Display=\\\\DP02\\\"]MSWNET:[\"SMS_SITE=SYD\"]\\\\DP02\\ for package SYD00045, error = 8";

    #[test]
    fn log_variables_of_any_system_are_masked() {
        // Ports, addresses and a user name between `for` and `from`; the
        // wildcards of neighbouring variables (a port, `ssh2`) made one.
        assert_eq!(mask_log("Failed password for root from 173.234.31.186 port 38926 ssh2"), "Failed password for <*> from <*> port <*>");
        // Block ids, IP:port, sizes.
        assert_eq!(
            mask_log("BLOCK* NameSystem.addStoredBlock: blockMap updated: 10.251.73.220:50010 is added to blk_-7128370237687728475 size 67108864"),
            "BLOCK* NameSystem.addStoredBlock: blockMap updated: <*> is added to <*> size <*>"
        );
        // Short counts and ids glued to words, values of fields.
        assert_eq!(
            mask_log("Component \\042alt0\\042 is in the unavailable state (HWID=3180)"),
            "Component \\<*>\\<*> is in the unavailable state (HWID=<*>)"
        );
        assert_eq!(mask_log("mod_jk child workerEnv in error state 6"), "mod_jk child workerEnv in error state <*>");
        // Unix paths, hex.
        assert_eq!(mask_log("workerEnv.init() ok /etc/httpd/conf/workers2.properties"), "workerEnv.init() ok <*>");
        assert_eq!(mask_log("listenerCallback - route = 0x0 port = 11"), "listenerCallback - route = <*> port = <*>");
        // User names after `user`, and `user=`/`rhost=` fields.
        assert_eq!(mask_log("session opened for user cyrus by (uid=0)"), "session opened for user <*> by (uid=<*>)");
        assert_eq!(
            mask_log("authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4 user=root"),
            "authentication failure; logname= uid=<*> euid=<*> tty=NODEVssh ruser= rhost=<*> user=root"
        );
        // Device and interface names are the message's; a hex word alone is an address.
        assert_eq!(
            mask_log("NIFF: node node-69 detected a failed network connection on network 5.5.226.0 via interface alt0"),
            "NIFF: node <*> detected a failed network connection on network <*> via interface alt0"
        );
        assert_eq!(mask_log("instruction address: 0x80012345"), "instruction address: <*>");
        assert_eq!(mask_log("failed to resolve name an1 an2 an3 an10 an11"), "failed to resolve name <*>");
        assert_eq!(mask_log("failed to resolve name dadmin2 dadmin3 dadmin4"), "failed to resolve name <*>");
        assert_eq!(mask_log("link up on eth0 with tty2 idle"), "link up on eth0 with tty2 idle");
        // What identifies a problem stays: error numbers and codes.
        assert_eq!(mask_log("install failed, error = 8, hresult 0x80070005"), "install failed, error = 8, hresult 0x80070005");
        // A quantity with its unit is one value.
        assert_eq!(mask_log("exit code 1603 after 35 seconds"), "exit code 1603 after <*>");
        assert_eq!(
            mask_log("proxy.example.com:5070 close, 1190 bytes (1.16 KB) sent, 0 bytes received, lifetime <1 sec"),
            "proxy.example.com:<*> close, <*> sent, <*> received, lifetime <*>"
        );
    }

    #[test]
    fn seed_log_line() {
        assert_eq!(mask(SEED_MESSAGE), "Cannot update the package server <*> for package <*>, error = 8");
    }

    #[test]
    fn the_advice_after_any_failure_is_no_part_of_the_message() {
        assert_eq!(
            mask(
                "Failed to run the action: Format Disk. This is usually caused by a problem with the program. Please \
                 check the Microsoft Knowledge Base to determine if this is a known issue or contact Microsoft Support \
                 Services for further assistance."
            ),
            "Failed to run the action: Format Disk."
        );
        assert_eq!(
            mask("The service stopped. For more information, see Help and Support Center at http://go.microsoft.com/fwlink/events.asp."),
            "The service stopped."
        );
    }

    #[test]
    fn a_paste_opening_with_a_name_the_template_lacks_is_no_fragment() {
        let t = template_of(
            "This computer lacks the transfer service the client needs: version 2.5 or later is required. A state \
             message with topic type 800 was sent to the fallback status point. Setup failed with error code 0x80004005",
        );
        let score = |paste: &str| (matches_template(&t, &mask(paste)).unwrap() * 1000.0).round() / 1000.0;
        // The end of the message, cut from its start: a fragment.
        assert_eq!(score("Setup failed with error code 0x80004005"), 0.9);
        assert_eq!(score("failed with error code 0x80004005"), 0.9);
        // Another program's message that ends alike: under the same
        // message's 0.36, the words in common only.
        assert_eq!(score("ReleaseRequest failed with error code 0x80004005"), 0.269);
        assert_eq!(score("GetTsRegValue() failed with error code 0x80004005"), 0.269);
        // A plain word before it names nothing: the fragment, less the word.
        assert_eq!(score("Installation failed with error code 0x80004005"), 0.729);
    }

    #[test]
    fn seed_template_equals_masked_paste() {
        let t =
            template_of("Cannot update the package server <site server NAL path> for package <package ID>, error = 8");
        assert_eq!(t, "Cannot update the package server <*> for package <*>, error = 8");
        assert_eq!(t, mask(SEED_MESSAGE));
        let s = matches_template(&t, &mask(SEED_MESSAGE)).unwrap();
        assert!(s > 0.99, "{s}");
    }

    #[test]
    fn unc_and_drive_paths_keep_the_file_name() {
        assert_eq!(
            mask("Could not load file from logon server \\\\SYD-DP02\\SMS_SHR\\X86.BIN\\409\\_OSW16RC.DLL"),
            "Could not load file from logon server <*>\\_OSW16RC.DLL"
        );
        assert_eq!(
            mask("Checking share \\\\SERVER1\\VOL1\\SMS\\logon.srv on SERVER1; no share"),
            "Checking share <*>\\logon.srv on SERVER1; no share"
        );
        assert_eq!(
            mask("Load of DLL failed (C:\\WINNT\\MS\\SMS\\CORE\\BIN\\cliex32.dll),126"),
            "Load of DLL failed (<*>\\cliex32.dll),126"
        );
        assert_eq!(mask("Executing command: C:\\MS\\SMS\\TEMP\\"), "Executing command: <*>");
        assert_eq!(mask("service on \\\\CENPRI01."), "service on <*>.");
    }

    #[test]
    fn guids_dates_times_addresses() {
        assert_eq!(mask("policy {7c1e9a02-44d8-4b6e-a3f1-0b5d2e8c9f11} at 03/09/2011 2:14:55 PM"), "policy <*> at <*>");
        assert_eq!(mask("<03-13-2000 17:40:49>FAILED from 10.1.2.3"), "<<*>>FAILED from <*>");
        assert_eq!(mask("fault in module KERNEL32.DLL at 0017:C00031A5."), "fault in module KERNEL32.DLL at <*>.");
        assert_eq!(mask("see http://opsweb01.contoso.com/default.aspx?x=1"), "see http://<*>/default.aspx?x=1");
        // An article's stand-in for any address is an address; a host name is not.
        assert_eq!(mask("to itself -- IP address w.x.y.z. The"), "to itself -- IP address <*>. The");
        assert_eq!(mask("gateway a.b.c.d or nnn.nnn.nnn.nnn"), "gateway <*> or <*>");
        assert_eq!(mask("host www.abc.co.uk"), "host www.abc.co.uk");
    }

    #[test]
    fn package_ids_and_site_codes() {
        assert_eq!(
            mask("package PR100012 at site code SYD and SMS_SITE=CEN, site ABC"),
            "package <*> at site code <*> and SMS_SITE=<*>, site <*>"
        );
        assert_eq!(mask("PolicySource=\"SMS:PR1\""), "PolicySource=\"SMS:<*>\"");
        // Error codes without 0x and ordinary words stay.
        assert_eq!(
            mask("ID no: C0020017 error 80041001 KERNEL32 SNDVOL32 embedded"),
            "ID no: C0020017 error 80041001 KERNEL32 SNDVOL32 embedded"
        );
    }

    #[test]
    fn domain_users() {
        assert_eq!(mask("Logon failure for CORP\\svc_sccm, account"), "Logon failure for <*>, account");
        assert_eq!(mask("see HKLM\\Software and dir\\file.exe"), "see HKLM\\Software and dir\\file.exe");
    }

    #[test]
    fn numbers_kept_or_masked() {
        assert_eq!(
            mask("SMS Outbox Monitor took 4012 seconds. This exceeds its interval of 1800 seconds by 2212 seconds."),
            "SMS Outbox Monitor took <*> seconds. This exceeds its interval of <*> seconds by <*> seconds."
        );
        assert_eq!(
            mask(
                "Message ID: 2328, Event ID 4014, error = 8, error code 1326, Win32 Error = 3, Windows 2000, version 2.00.1493.3257, 0x80041001"
            ),
            "Message ID: 2328, Event ID 4014, error = 8, error code 1326, Win32 Error = 3, Windows 2000, version 2.00.1493.3257, 0x80041001"
        );
        assert_eq!(mask("retry in 10 seconds"), "retry in 10 seconds");
    }

    #[test]
    fn wildcards_and_space_collapse() {
        assert_eq!(mask("copy \\\\a\\b   \\\\c\\d\n  done"), "copy <*> done");
    }

    #[test]
    fn template_placeholders() {
        assert_eq!(
            template_of("SMS Scheduler has no address at site %2 for site %1."),
            "SMS Scheduler has no address at site <*> for site <*>."
        );
        assert_eq!(
            template_of("Build xxx; EBUxxx caused a fault at segment XXXX:xxxx"),
            "Build <*>; EBU<*> caused a fault at segment <*>:<*>"
        );
        assert_eq!(template_of("syntax error on line ..., token ..."), "syntax error on line <*>, token <*>");
        assert_eq!(template_of("Can't load x.dll (error code=[error code])."), "Can't load x.dll (error code=<*>).");
        assert_eq!(template_of("file (<drive>:\\Sms\\Logs\\Sched.log)"), "file (<*>\\Sched.log)");
        assert_eq!(template_of("Available at <http://windowsupdate.microsoft.com>."), "Available at <http://<*>>.");
    }

    fn score(template: &str, paste: &str) -> f64 {
        matches_template(&template_of(template), &mask(paste)).unwrap_or(0.0)
    }

    #[test]
    fn similarity_same_message_with_values() {
        let s = score(
            "Cannot find collection <collection_ID> in the collection source, skip it.",
            "Cannot find collection SYD-DP02 in the collection source, skip it.",
        );
        assert!(s > 0.95, "{s}");
        let s = score(
            "at site %2 for site %1. Files cannot be sent from site %2",
            "at site prdsite4 for site cenpri01. files cannot be sent from site prdsite4",
        );
        assert!(s > 0.9, "{s}");
    }

    #[test]
    fn similarity_cut_short_lower_case_and_typos() {
        let t = "Cannot find collection <collection_ID> in the collection source, skip it.";
        let s = score(t, "Cannot find collection SYD-DP02 in the c");
        assert!(s > 0.7, "{s}");
        let s = score(
            "The SMS registry indicates no outbox for the sender to scan.",
            "the sms registry indicaets no outbox for the sender to scan.",
        );
        assert!(s > 0.9, "{s}");
    }

    #[test]
    fn similarity_template_inside_longer_paste() {
        // Clearly alike, but less than the same message: the rest of the
        // paste may be what tells two articles apart.
        let s = score(
            "The product was not registered at this site.",
            "Editing failed. The product was not registered at this site. Contact your administrator for a new token today.",
        );
        assert!(s > 0.7 && s <= 0.75, "{s}");
    }

    #[test]
    fn similarity_unrelated_is_low() {
        let s = score(
            "Cannot update the package server <site server NAL path> for package <package ID>, error = 8",
            "The joystick is not responding. Please correct your settings.",
        );
        assert!(s < 0.3, "{s}");
        assert_eq!(matches_template("", "x"), None);
        assert_eq!(matches_template("<*>", "<*>"), None);
    }

    #[test]
    fn similarity_is_bounded_for_long_input() {
        let long = "word ".repeat(3000);
        let t = std::time::Instant::now();
        let _ = matches_template(&long, &long);
        assert!(t.elapsed().as_millis() < 2000);
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn mask_never_panics_and_is_idempotent(s in ".{0,300}") {
                let m = mask(&s);
                prop_assert_eq!(mask(&m), m);
            }

            #[test]
            fn mask_is_idempotent_on_log_like_text(s in "[A-Za-z0-9 <>*\\\\:/.,;\\-_\"\\[\\]=~$%{}()#\n\t]{0,300}") {
                let m = mask(&s);
                prop_assert_eq!(mask(&m), m);
            }

            #[test]
            fn template_and_similarity_never_panic(a in "[A-Za-z0-9 <>*\\\\:/.,;\\-_\"\\[\\]=~$%{}()#\n\t]{0,300}", b in ".{0,200}") {
                let t = template_of(&a);
                if let Some(x) = matches_template(&t, &mask(&b)) {
                    prop_assert!((0.0..=1.0).contains(&x));
                }
                let _ = matches_template(&b, &a);
            }
        }
    }
}
