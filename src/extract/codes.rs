//! Error codes in every form they are written: one code, many spellings.
//!
//! Win32 error 1450 is also `0x5AA`, the HRESULT `0x800705AA` (its
//! facility is `FACILITY_WIN32`), the signed decimal `-2147023446` that logs
//! and scripts print, and `ERROR_NO_SYSTEM_RESOURCES`. The numbers and their
//! layouts are facts, decoded here; names and messages are not: they are
//! learned from the corpus at index time (see [`learn`] and
//! [`crate::index::codes`]), so a support desk's runbooks teach kbmatch
//! their codes too.
//!
//! Codes travel as the normalised strings of [`crate::article::Signals`]'s
//! `error_codes` (`0x800705aa`, `win32:1450`, `stop:0x0000000a`,
//! `name:ERROR_NO_SYSTEM_RESOURCES`). [`identities`] gives the other
//! normalised strings one of them also is; the index and the matcher both
//! turn codes into terms through it, so each rule lives here only.
//!
//! In detail: Error codes: one code in every form — Win32 N, its HRESULT
//! `0x8007NNNN`, signed decimal, NTSTATUS, other facilities by layout — decoded
//! to one canonical form; an SMTP status code after its reply code, `451
//! 4.4.0`, as `smtp:4.4.0`; a bug check's name where the text says it is one
//! (`Stop code: NAME`, `NAME stop error`, after its STOP code and parameters)
//! as `name:NAME`, learned as its STOP code's name; the names and messages an
//! article writes beside a code, learned; the SDK header's NTSTATUS names,
//! `ntstatus_names.txt`, for the names articles do not write.

pub use crate::article::{CodeFact, FactKind};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::LazyLock;

/// The facility of an HRESULT whose code is a Win32 error number.
const FACILITY_WIN32: u32 = 7;
/// HRESULT_FROM_NT sets this bit on an NTSTATUS.
const FACILITY_NT_BIT: u32 = 0x1000_0000;

/// HRESULT facility numbers and their symbolic names (`winerror.h`).
const FACILITIES: &[(u32, &str)] = &[
    (0, "FACILITY_NULL"),
    (1, "FACILITY_RPC"),
    (2, "FACILITY_DISPATCH"),
    (3, "FACILITY_STORAGE"),
    (4, "FACILITY_ITF"),
    (7, "FACILITY_WIN32"),
    (8, "FACILITY_WINDOWS"),
    (9, "FACILITY_SECURITY"),
    (10, "FACILITY_CONTROL"),
    (11, "FACILITY_CERT"),
    (12, "FACILITY_INTERNET"),
    (13, "FACILITY_MEDIASERVER"),
    (14, "FACILITY_MSMQ"),
    (15, "FACILITY_SETUPAPI"),
    (16, "FACILITY_SCARD"),
    (17, "FACILITY_COMPLUS"),
    (18, "FACILITY_AAF"),
    (19, "FACILITY_URT"),
    (20, "FACILITY_ACS"),
    (21, "FACILITY_DPLAY"),
    (22, "FACILITY_UMI"),
    (23, "FACILITY_SXS"),
    (24, "FACILITY_WINDOWS_CE"),
    (25, "FACILITY_HTTP"),
    (26, "FACILITY_USERMODE_COMMONLOG"),
    (31, "FACILITY_USERMODE_FILTER_MANAGER"),
    (32, "FACILITY_BACKGROUNDCOPY"),
    (33, "FACILITY_CONFIGURATION"),
    (34, "FACILITY_STATE_MANAGEMENT"),
    (35, "FACILITY_METADIRECTORY"),
    (36, "FACILITY_WINDOWSUPDATE"),
    (37, "FACILITY_DIRECTORYSERVICE"),
    (38, "FACILITY_GRAPHICS"),
    (39, "FACILITY_SHELL"),
    (40, "FACILITY_TPM_SERVICES"),
    (41, "FACILITY_TPM_SOFTWARE"),
    (42, "FACILITY_UI"),
    (48, "FACILITY_PLA"),
    (49, "FACILITY_FVE"),
    (50, "FACILITY_FWP"),
    (51, "FACILITY_WINRM"),
    (52, "FACILITY_NDIS"),
    (53, "FACILITY_USERMODE_HYPERVISOR"),
    (54, "FACILITY_CMI"),
    (55, "FACILITY_USERMODE_VIRTUALIZATION"),
    (56, "FACILITY_USERMODE_VOLMGR"),
    (57, "FACILITY_BCD"),
    (58, "FACILITY_USERMODE_VHD"),
    (60, "FACILITY_SDIAG"),
    (61, "FACILITY_WEBSERVICES"),
    (80, "FACILITY_WINDOWS_DEFENDER"),
    (81, "FACILITY_OPC"),
    (82, "FACILITY_XPS"),
    (83, "FACILITY_RAS"),
];

/// The symbolic name of an HRESULT facility number.
pub fn facility_name(facility: u32) -> Option<&'static str> {
    FACILITIES.iter().find(|(n, _)| *n == facility).map(|(_, name)| *name)
}

/// What a code is, decoded from its number alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// A Win32 error number (`ERROR_*`): `error 1450`, `0x800705AA`.
    Win32(u32),
    /// An HRESULT of a facility other than Win32 (`0x80041001`, FACILITY_ITF),
    /// a success code too (`0x00041301`).
    HResult(u32),
    /// An NTSTATUS (`0xC0000005`), also as HRESULT_FROM_NT (`0xD0000005`).
    NtStatus(u32),
    /// A STOP (bug check) code.
    Stop(u64),
    /// A symbolic name whose number the corpus has not given.
    Name,
    /// A hex number wider than 32 bits.
    Wide(u64),
    /// An SMTP enhanced status code (RFC 3463: class, subject, detail), as
    /// a mail server writes it after its reply code: `451 4.4.0`,
    /// `550 5.7.1`.
    Smtp(u8, u16, u16),
}

impl Code {
    /// Decode a normalised code string (see the module docs).
    pub fn of(code: &str) -> Option<Code> {
        if let Some(n) = code.strip_prefix("win32:") {
            return n.parse().ok().map(Code::Win32);
        }
        if let Some(hex) = code.strip_prefix("stop:") {
            return parse_hex(hex).map(Code::Stop);
        }
        if code.starts_with("name:") {
            return Some(Code::Name);
        }
        if let Some(status) = code.strip_prefix("smtp:") {
            let mut parts = status.split('.').map(str::parse::<u16>);
            return match (parts.next(), parts.next(), parts.next(), parts.next()) {
                (Some(Ok(class @ (2 | 4 | 5))), Some(Ok(subject)), Some(Ok(detail)), None) => {
                    Some(Code::Smtp(class as u8, subject, detail))
                }
                _ => None,
            };
        }
        let value = parse_hex(code)?;
        let Ok(v) = u32::try_from(value) else { return Some(Code::Wide(value)) };
        Some(match v >> 30 {
            // 11: an NTSTATUS error; with the N bit, an NTSTATUS as HRESULT.
            3 => Code::NtStatus(v & !FACILITY_NT_BIT),
            // 10: a failed HRESULT.
            2 if (v >> 16) & 0x7ff == FACILITY_WIN32 && v & 0xffff != 0 => Code::Win32(v & 0xffff),
            2 => Code::HResult(v),
            // 01: an NTSTATUS informational code.
            1 => Code::NtStatus(v),
            // 00, at most 16 bits: a Win32 number written in hex (`0x5AA`).
            0 if v <= 0xffff && v != 0 => Code::Win32(v),
            _ => Code::HResult(v),
        })
    }

    /// The normalised string that every form of this code shares (its
    /// canonical signal), if it has one.
    pub fn canonical(self) -> Option<String> {
        match self {
            Code::Win32(n) => Some(format!("win32:{n}")),
            Code::HResult(v) | Code::NtStatus(v) => Some(format!("0x{v:08x}")),
            Code::Stop(v) => Some(format!("stop:0x{v:08x}")),
            Code::Wide(v) => Some(format!("0x{v:x}")),
            Code::Smtp(class, subject, detail) => Some(format!("smtp:{class}.{subject}.{detail}")),
            Code::Name => None,
        }
    }

    /// The decoded forms, without name and message (see [`Forms::learned`]).
    pub fn forms(self) -> Forms {
        let mut f = Forms::default();
        match self {
            Code::Win32(n) => {
                f.win32 = Some(n);
                f.hex = Some(format!("0x{n:X}"));
                if let Some(hr) = hresult_from_win32(n) {
                    f.hresult = Some(format!("0x{hr:08X}"));
                    f.signed_decimal = Some(i64::from(hr as i32));
                    f.facility = facility_name(FACILITY_WIN32).map(str::to_string);
                    f.severity = Some("failure".into());
                }
            }
            Code::HResult(v) => {
                f.hresult = Some(format!("0x{v:08X}"));
                f.signed_decimal = Some(i64::from(v as i32));
                let facility = (v >> 16) & 0x7ff;
                f.facility =
                    Some(facility_name(facility).map_or_else(|| format!("facility {facility}"), str::to_string));
                f.code = Some(v & 0xffff);
                f.severity = Some(if v >> 31 == 1 { "failure" } else { "success" }.into());
                if v & 0x2000_0000 != 0 {
                    f.customer = Some(true);
                }
            }
            Code::NtStatus(v) => {
                f.ntstatus = Some(format!("0x{v:08X}"));
                f.signed_decimal = Some(i64::from(v as i32));
                f.code = Some(v & 0xffff);
                f.severity = Some(["success", "informational", "warning", "error"][(v >> 30) as usize].into());
                if v >> 30 == 3 {
                    // HRESULT_FROM_NT.
                    f.hresult = Some(format!("0x{:08X}", v | FACILITY_NT_BIT));
                }
            }
            Code::Stop(v) => f.hex = Some(format!("0x{v:08X}")),
            Code::Wide(v) => f.hex = Some(format!("0x{v:X}")),
            Code::Name | Code::Smtp(..) => {}
        }
        f
    }

    /// One line saying what the code is: `Win32 error 1450`,
    /// `HRESULT 0x80041001, FACILITY_ITF`, `NTSTATUS 0xC0000005`.
    pub fn describe(self) -> String {
        match self {
            Code::Win32(n) => format!("Win32 error {n}"),
            Code::HResult(v) => match facility_name((v >> 16) & 0x7ff) {
                Some(facility) => format!("HRESULT 0x{v:08X}, {facility}"),
                None => format!("HRESULT 0x{v:08X}"),
            },
            Code::NtStatus(v) => format!("NTSTATUS 0x{v:08X}"),
            Code::Stop(v) => format!("STOP 0x{v:08X}"),
            Code::Wide(v) => format!("0x{v:X}"),
            Code::Smtp(class, subject, detail) => format!("SMTP status {class}.{subject}.{detail}"),
            Code::Name => "a symbolic error name".into(),
        }
    }
}

/// A mail server's reply code and the enhanced status code written after
/// it (`451` and `4.4.0`) as the normalised code `smtp:4.4.0`, where both
/// are of one class (their first digits): `250 4.0.0` is none.
pub fn smtp_status(reply: &str, status: &str) -> Option<String> {
    let reply_code = reply.len() == 3 && reply.bytes().all(|b| b.is_ascii_digit());
    match Code::of(&format!("smtp:{status}")) {
        Some(code @ Code::Smtp(..)) if reply_code && reply.get(..1) == status.get(..1) => code.canonical(),
        _ => None,
    }
}

/// Whether a normalised code names a class of failure that many causes
/// share rather than one error: an SMTP status code (`smtp:5.7.1`, any
/// refusal to accept a message).
pub fn names_a_class(code: &str) -> bool {
    matches!(Code::of(code), Some(Code::Smtp(..)))
}

/// The HRESULT of a Win32 error (HRESULT_FROM_WIN32: failure, facility
/// Win32, the number as its code): `1450` is `0x800705AA`. None for 0 and
/// for numbers wider than the code field.
pub fn hresult_from_win32(n: u32) -> Option<u32> {
    (1..=0xffff).contains(&n).then_some(0x8000_0000 | (FACILITY_WIN32 << 16) | n)
}

fn parse_hex(text: &str) -> Option<u64> {
    let digits = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")).unwrap_or(text);
    if digits.is_empty() || digits.len() > 16 {
        return None;
    }
    u64::from_str_radix(digits, 16).ok()
}

/// The other normalised strings a normalised code also is: `0x800705aa` is
/// `win32:1450`; `0xd0000005` (HRESULT_FROM_NT) is `0xc0000005`. Empty when
/// the code is its own canonical form.
pub fn identities(code: &str) -> Option<String> {
    let decoded = Code::of(code)?;
    // A hex number of at most 16 bits is a Win32 error only where the text
    // says so (`error 0x5AA`): the signal extractor decides, not the number.
    if matches!(decoded, Code::Win32(_)) && parse_hex(code).is_some_and(|v| v <= 0xffff) {
        return None;
    }
    let canonical = decoded.canonical()?;
    (canonical != code).then_some(canonical)
}

/// A 32-bit value written as a negative decimal (`-2147023446`): its
/// normalised hex code. Only values of ten digits, the failed HRESULTs
/// (`0x8...`) and NTSTATUS errors (`0xC...`), count: a `-1` is no code.
pub fn signed_decimal(digits: &str) -> Option<String> {
    if digits.len() != 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let magnitude: u64 = digits.parse().ok()?;
    if magnitude > 0x8000_0000 {
        return None;
    }
    let value = (magnitude as u32).wrapping_neg();
    Some(format!("0x{value:08x}"))
}

/// An unsigned decimal of ten digits that is a failed HRESULT or NTSTATUS
/// error (`2147943850`): its normalised hex code.
pub fn unsigned_decimal(digits: &str) -> Option<String> {
    if digits.len() != 10 {
        return None;
    }
    let value: u64 = digits.parse().ok()?;
    (0x8000_0000..=0xffff_ffff).contains(&value).then(|| format!("0x{value:08x}"))
}

/// NTSTATUS names as the SDK header defines them (`ntstatus_names.txt`):
/// by canonical code (`0xc0000135`) and by name (`STATUS_DLL_NOT_FOUND`).
struct HeaderNames {
    by_code: HashMap<String, &'static str>,
    by_name: HashMap<&'static str, String>,
}

static NTSTATUS_NAMES: LazyLock<HeaderNames> = LazyLock::new(|| {
    let mut names = HeaderNames { by_code: HashMap::new(), by_name: HashMap::new() };
    for line in include_str!("ntstatus_names.txt").lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((value, name)) = line.split_once(' ') else { continue };
        let Some(canonical) = Code::of(&value.to_ascii_lowercase()).and_then(Code::canonical) else { continue };
        names.by_code.insert(canonical.clone(), name);
        names.by_name.insert(name, canonical);
    }
    names
});

/// The SDK header's name of a canonical code (`0xc0000135` ->
/// `STATUS_DLL_NOT_FOUND`), for codes whose name the corpus does not give.
pub fn header_name(canonical: &str) -> Option<&'static str> {
    NTSTATUS_NAMES.by_code.get(canonical).copied()
}

/// The canonical code of a name the SDK header defines
/// (`STATUS_DLL_NOT_FOUND` -> `0xc0000135`).
pub fn header_code(name: &str) -> Option<&'static str> {
    NTSTATUS_NAMES.by_name.get(name).map(String::as_str)
}

/// A symbolic error name as a normalised code (`name:ERROR_ACCESS_DENIED`),
/// if the word is one: `ERROR_`, `STATUS_` or an RPC error's `RPC_S_`,
/// `RPC_X_`, `EPT_S_`, then capitals.
pub fn name_code(word: &str) -> Option<String> {
    let rest = ["ERROR_", "STATUS_", "RPC_S_", "RPC_X_", "EPT_S_"].iter().find_map(|p| word.strip_prefix(p))?;
    let ok = rest.len() >= 3
        && rest.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        && rest.bytes().any(|b| b.is_ascii_uppercase());
    ok.then(|| format!("name:{word}"))
}

/// A code given alone, in any form: `0x800705AA`, `800705aa`, `0x5AA`,
/// `-2147023446`, `1450`, `c0000005`, `ERROR_NO_SYSTEM_RESOURCES`. Longer
/// text (`System error 1450 has occurred`) is read by the signal
/// extractor instead.
pub fn parse_alone(text: &str) -> Option<String> {
    let t = text.trim().trim_matches(|c: char| matches!(c, '"' | '\'' | '(' | ')' | '.' | ',' | ';'));
    let t = t.strip_prefix("hr=").or_else(|| t.strip_prefix("HR=")).unwrap_or(t);
    if let Some(name) = name_code(t) {
        return Some(name);
    }
    if let Some(digits) = t.strip_prefix('-') {
        return signed_decimal(digits);
    }
    if let Some((reply, status)) = t.split_once([' ', '-'])
        && let Some(code) = smtp_status(reply, status)
    {
        return Some(code);
    }
    if t.len() <= 6 && !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        let n: u32 = t.parse().ok()?;
        return (n > 0).then(|| format!("win32:{n}"));
    }
    if let Some(code) = unsigned_decimal(t) {
        return Some(code);
    }
    let hex = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X"));
    let digits = match hex {
        Some(d) if !d.is_empty() && d.len() <= 16 => d,
        // Without `0x`, only the eight digits of a 32-bit code.
        None if t.len() == 8 && t.bytes().any(|b| b.is_ascii_digit()) => t,
        _ => return None,
    };
    let value = u64::from_str_radix(digits, 16).ok()?;
    let d = format!("{value:x}");
    Some(if d.len() <= 8 { format!("0x{d:0>8}") } else { format!("0x{d}") })
}

/// Every decoded form of a code, as `kbmatch code --json` and the hits give
/// them; `None` fields are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forms {
    /// The code as an HRESULT (`0x800705AA`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hresult: Option<String>,
    /// The HRESULT's facility (`FACILITY_WIN32`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facility: Option<String>,
    /// The Win32 error number (`1450`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub win32: Option<u32>,
    /// The Win32 number (or STOP code) in hex (`0x5AA`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hex: Option<String>,
    /// The 32-bit value as a signed decimal (`-2147023446`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signed_decimal: Option<i64>,
    /// The code as an NTSTATUS (`0xC0000005`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ntstatus: Option<String>,
    /// The severity field: `success`, `failure` (HRESULT); `success`,
    /// `informational`, `warning`, `error` (NTSTATUS).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// The customer bit, when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<bool>,
    /// The code field (the low 16 bits) of an HRESULT or NTSTATUS.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<u32>,
    /// The symbolic name, as the corpus writes it (`ERROR_NO_SYSTEM_RESOURCES`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The message, as the corpus quotes it most often.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// Where a text mentions a code: the byte range of the mention and the
/// normalised code (see [`crate::extract::signals::code_mentions`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Start of the mention.
    pub start: usize,
    /// End of the mention (after the number).
    pub end: usize,
    /// The normalised code.
    pub code: String,
    /// A row of a table of codes: it teaches the code's name and message
    /// but is not what the article is about (a list of every Win32 error
    /// would otherwise answer every code).
    pub listed: bool,
}

/// Longest message learned, in bytes.
const MAX_MESSAGE: usize = 160;
/// Shortest line, in bytes, taken for one wrapped onto the next.
const WRAPPED_LINE: usize = 60;
/// How far from a number a name may stand on its line, in bytes.
const NAME_REACH: usize = 48;

/// What a text says about the codes it mentions: the names written beside
/// a number on the same line (`ERROR 1450 / hex 0x5aa
/// ERROR_NO_SYSTEM_RESOURCES`, `STATUS_ACCOUNT_RESTRICTION (0xC000006E)`,
/// `Const ERROR_ALREADY_EXISTS = 183`), and the message that follows a
/// number (`Error 5: Access is denied`, `System error 53 has occurred. The
/// network path was not found.`, `Win32 error 1061 ("The service ...")`).
/// One fact of each kind per code and text, sorted.
pub fn learn(text: &str, mentions: &[Mention]) -> Vec<CodeFact> {
    let mut facts = Vec::new();
    let names: Vec<&Mention> = mentions.iter().filter(|m| m.code.starts_with("name:")).collect();
    let numbers: Vec<&Mention> = mentions.iter().filter(|m| !m.code.starts_with("name:")).collect();
    // The nearest of `others` on the same line as `m`, close by.
    let nearest = |m: &Mention, others: &[&'_ Mention]| -> Option<usize> {
        let line_start = text[..m.start].rfind('\n').map_or(0, |p| p + 1);
        let line_end = text[m.end..].find('\n').map_or(text.len(), |p| m.end + p);
        let gap = |n: &Mention| if n.start > m.end { n.start - m.end } else { m.start.saturating_sub(n.end) };
        (0..others.len())
            .filter(|&i| others[i].start >= line_start && others[i].end <= line_end)
            .filter(|&i| others[i].end + NAME_REACH >= m.start && m.end + NAME_REACH >= others[i].start)
            .min_by_key(|&i| gap(others[i]))
    };
    for (at, m) in numbers.iter().enumerate() {
        let Some(code) = Code::of(&m.code).and_then(Code::canonical) else { continue };
        // A name on the same line, close by, that is nearer to this number
        // than to any other ("Status 0xC0000234 means STATUS_ACCOUNT_LOCKED_OUT.
        // Status 0xC0000071 means ..." names the first number, not the second).
        let near = nearest(m, &names).map(|i| names[i]).filter(|n| nearest(n, &numbers) == Some(at));
        if let Some(name) = near {
            let name = name.code.trim_start_matches("name:");
            // A STATUS_ name goes with an NTSTATUS, an ERROR_ (or RPC) name
            // with a Win32 number, a bug check's name with a STOP code
            // (`STOP 0xC000021A STATUS_SYSTEM_PROCESS_TERMINATED` too).
            let fits = match Code::of(&m.code) {
                Some(Code::NtStatus(_)) => name.starts_with("STATUS_"),
                Some(Code::Win32(_)) => name_code(name).is_some() && !name.starts_with("STATUS_"),
                Some(Code::Stop(_)) => !name.starts_with("ERROR_"),
                _ => false,
            };
            if fits {
                facts.push(CodeFact { code: code.clone(), kind: FactKind::Name, text: name.to_string() });
            }
        }
        if let Some(message) = message_after(text, m.end) {
            facts.push(CodeFact { code, kind: FactKind::Message, text: message });
        }
    }
    facts.sort();
    facts.dedup_by(|a, b| a.code == b.code && a.kind == b.kind);
    facts
}

/// The message a text gives right after a code's number, if it gives one
/// the way error texts do: after `:`, ` - `, `has occurred.`, `("`, `is "`
/// or `displays the following:`; wrapped lines joined, up to the end of its
/// sentence or quote.
fn message_after(text: &str, end: usize) -> Option<String> {
    let rest = &text[end..];
    let rest = &rest[..rest.floor_char_boundary(400)];
    let lead = rest.trim_start_matches([' ', '\t']);
    let (quoted, after) = if let Some(r) = strip_ci(lead, "has occurred.") {
        (false, r)
    } else if let Some(r) = strip_ci(lead, "displays the following:") {
        (false, r)
    } else if let Some(r) = lead.strip_prefix("(\"").or_else(|| lead.strip_prefix("(&quot;")) {
        (true, r)
    } else if let Some(r) = strip_ci(lead, "is \"") {
        (true, r)
    } else if let Some(r) =
        lead.strip_prefix(':').or_else(|| lead.strip_prefix(" -")).or_else(|| lead.strip_prefix("- "))
    {
        (false, r)
    } else {
        return None;
    };
    // The message may start on the next line, or after a blank one.
    let after = after.trim_start_matches([' ', '\t', '\r']);
    let after = after.strip_prefix('\n').unwrap_or(after).trim_start_matches([' ', '\t', '\r']);
    let after = after.strip_prefix('\n').unwrap_or(after).trim_start();
    let after = after.trim_start_matches(['"', '\'']);
    let first = after.chars().next()?;
    if !first.is_alphabetic() || !(quoted || first.is_uppercase()) {
        return None;
    }
    // A line continues on the next only where it was wrapped: a long one.
    let offset = after.as_ptr() as usize - text.as_ptr() as usize;
    let line_start = text[..offset].rfind('\n').map_or(0, |p| p + 1);
    let mut line_len = offset - line_start;
    let mut message = String::new();
    let mut prev_newline = false;
    for c in after.chars() {
        match c {
            '"' | '\r' => break,
            '\n' if prev_newline || line_len < WRAPPED_LINE => break,
            '\n' => {
                prev_newline = true;
                line_len = 0;
                continue;
            }
            ')' if quoted => break,
            _ => {}
        }
        line_len += c.len_utf8();
        if prev_newline {
            // A wrapped line continues with its indentation dropped.
            if c == ' ' || c == '\t' {
                continue;
            }
            if !message.ends_with(' ') {
                message.push(' ');
            }
            prev_newline = false;
        }
        message.push(c);
        if c == '.' || message.len() > MAX_MESSAGE {
            break;
        }
    }
    let message = message.trim().trim_end_matches(['.', ',', ';', ':', '&']).trim();
    let words = message.split_whitespace().count();
    let letters = message.chars().filter(|c| c.is_alphabetic()).count();
    (message.len() <= MAX_MESSAGE && words >= 3 && letters * 2 > message.len()).then(|| format!("{message}."))
}

fn strip_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

/// Which of a paste's codes is the one to decode: lower first (an HRESULT
/// or NTSTATUS, a Win32 number written as its HRESULT, a Win32 number, a
/// name, anything else).
pub fn priority(code: &str) -> u8 {
    match Code::of(code) {
        Some(Code::HResult(_) | Code::NtStatus(_)) => 0,
        Some(Code::Win32(_)) if !code.starts_with("win32:") && code.len() == 10 => 0,
        Some(Code::Win32(_)) => 1,
        Some(Code::Name) => 2,
        _ => 3,
    }
}

/// Whether a code as pasted is a number that leaves no doubt which code it
/// is: an HRESULT, an NTSTATUS, a Win32 number the text calls Win32's
/// (`System error 1703` is also read as its HRESULT); not a bare `error
/// 1703`, which may be any program's.
pub fn is_sure_number(code: &str) -> bool {
    priority(code) == 0
}

/// Words after which a hex number is a value, not an error code: a state,
/// flags, a mask, an address, a register, a size (`prior state: 0x80000000`,
/// `flags 0x80000000`, QEMU's `addr=0x10`, a Go panic's `pc=0x6a41f2`).
const VALUE_WORDS: &[&str] = &[
    "state",
    "states",
    "flag",
    "flags",
    "mask",
    "attributes",
    "attribute",
    "options",
    "mode",
    "access",
    "address",
    "addr",
    "offset",
    "handle",
    "ptr",
    "pointer",
    "pc",
    "ip",
    "eip",
    "rip",
    "sp",
    "esp",
    "rsp",
    "base",
    "size",
    "length",
    "len",
    "port",
    "irq",
    "bus",
    "slot",
];

/// Whether the text just before a hex number (`text[..start]`) names it a
/// value (see [`VALUE_WORDS`]): the one rule of the log classifier and of the
/// code finder.
pub fn is_value_before(before: &str) -> bool {
    let t = before.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '=' | '(' | '['));
    let word = &t[t.trim_end_matches(|c: char| c.is_ascii_alphabetic()).len()..];
    VALUE_WORDS.iter().any(|w| word.eq_ignore_ascii_case(w))
}

/// Whether a pasted code leaves no doubt which code it is: a sure number
/// ([`is_sure_number`]) or a symbolic name.
pub fn is_sure(code: &str) -> bool {
    is_sure_number(code) || code.starts_with("name:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_hresult_of_facility_win32_is_the_win32_error() {
        assert_eq!(Code::of("0x800705aa"), Some(Code::Win32(1450)));
        assert_eq!(identities("0x800705aa").as_deref(), Some("win32:1450"));
        assert_eq!(identities("win32:1450"), None);
        // A small hex number alone is not taken for a Win32 error.
        assert_eq!(identities("0x00000002"), None);
        let f = Code::Win32(1450).forms();
        assert_eq!(f.hresult.as_deref(), Some("0x800705AA"));
        assert_eq!(f.facility.as_deref(), Some("FACILITY_WIN32"));
        assert_eq!(f.hex.as_deref(), Some("0x5AA"));
        assert_eq!(f.signed_decimal, Some(-2147023446));
        assert_eq!(f.win32, Some(1450));
        // 0x80070000 is no error number.
        assert_eq!(Code::of("0x80070000"), Some(Code::HResult(0x8007_0000)));
    }

    #[test]
    fn other_facilities_are_decoded_by_their_layout() {
        let f = Code::of("0x80041001").unwrap().forms();
        assert_eq!(f.facility.as_deref(), Some("FACILITY_ITF"));
        assert_eq!((f.code, f.severity.as_deref(), f.win32), (Some(0x1001), Some("failure"), None));
        assert_eq!(Code::of("0x800a01a8").unwrap().forms().facility.as_deref(), Some("FACILITY_CONTROL"));
        assert_eq!(Code::of("0x80010105").unwrap().forms().facility.as_deref(), Some("FACILITY_RPC"));
        assert_eq!(Code::of("0x800c0005").unwrap().forms().facility.as_deref(), Some("FACILITY_INTERNET"));
        let success = Code::of("0x00041301").unwrap().forms();
        assert_eq!((success.severity.as_deref(), success.facility.as_deref()), (Some("success"), Some("FACILITY_ITF")));
        assert_eq!(Code::of("0x8fff0001").unwrap().forms().facility.as_deref(), Some("facility 2047"));
        assert_eq!(Code::of("0xa0040001").unwrap().forms().customer, Some(true));
    }

    #[test]
    fn every_line_of_the_header_table_is_one_ntstatus_and_one_name() {
        let lines: Vec<&str> = include_str!("ntstatus_names.txt")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .collect();
        assert_eq!(NTSTATUS_NAMES.by_code.len(), lines.len(), "a value is listed twice or does not parse");
        assert_eq!(NTSTATUS_NAMES.by_name.len(), lines.len(), "a name is listed twice");
        for (code, name) in &NTSTATUS_NAMES.by_code {
            assert!(matches!(Code::of(code), Some(Code::NtStatus(_))), "{code} is not an NTSTATUS");
            assert!(name_code(name).is_some_and(|n| n.starts_with("name:STATUS_")), "{name} is not a STATUS_ name");
        }
        assert_eq!(header_code("STATUS_ACCESS_VIOLATION"), Some("0xc0000005"));
        assert_eq!(header_name("0xc000026c"), Some("STATUS_DRIVER_UNABLE_TO_LOAD"));
        assert_eq!(header_name("win32:5"), None);
    }

    #[test]
    fn ntstatus_codes_and_their_hresult() {
        assert_eq!(Code::of("0xc0000005"), Some(Code::NtStatus(0xc000_0005)));
        // HRESULT_FROM_NT is the same code.
        assert_eq!(identities("0xd0000005").as_deref(), Some("0xc0000005"));
        let f = Code::NtStatus(0xc000_0005).forms();
        assert_eq!(f.ntstatus.as_deref(), Some("0xC0000005"));
        assert_eq!(f.hresult.as_deref(), Some("0xD0000005"));
        assert_eq!(f.signed_decimal, Some(-1073741819));
        assert_eq!(f.severity.as_deref(), Some("error"));
        assert_eq!(Code::of("0x40000003").unwrap().forms().severity.as_deref(), Some("informational"));
    }

    #[test]
    fn signed_decimals_round_trip() {
        assert_eq!(signed_decimal("2147023446").as_deref(), Some("0x800705aa"));
        assert_eq!(signed_decimal("2147023682").as_deref(), Some("0x800704be"));
        assert_eq!(signed_decimal("1073741819").as_deref(), Some("0xc0000005"));
        assert_eq!(signed_decimal("2147483648").as_deref(), Some("0x80000000"));
        assert_eq!(signed_decimal("2147483649"), None);
        assert_eq!(signed_decimal("123"), None);
        assert_eq!(unsigned_decimal("2147943850").as_deref(), Some("0x800705aa"));
        assert_eq!(unsigned_decimal("1234567890"), None);
        // Every form of a Win32 error gives the Win32 error back.
        for n in [1u32, 5, 53, 87, 1450, 1753, 51201, 0xffff] {
            let f = Code::Win32(n).forms();
            let signed = f.signed_decimal.unwrap();
            let from_signed = signed_decimal(&(-signed).to_string()).unwrap();
            let from_hresult = parse_alone(f.hresult.as_deref().unwrap()).unwrap();
            let from_hex = parse_alone(f.hex.as_deref().unwrap()).unwrap();
            for form in [from_signed, from_hresult, from_hex] {
                assert_eq!(Code::of(&form), Some(Code::Win32(n)), "{form}");
            }
        }
    }

    #[test]
    fn a_code_alone_in_any_form() {
        let win32 = |s: &str| parse_alone(s).and_then(|c| Code::of(&c));
        for form in ["0x800705AA", "800705aa", "hr=0x800705aa", "-2147023446", "0x5AA", "1450", "2147943850"] {
            assert_eq!(win32(form), Some(Code::Win32(1450)), "{form}");
        }
        assert_eq!(win32("c0000005"), Some(Code::NtStatus(0xc000_0005)));
        assert_eq!(parse_alone("STATUS_ACCESS_VIOLATION").as_deref(), Some("name:STATUS_ACCESS_VIOLATION"));
        assert_eq!(parse_alone("ERROR_SUCCESS").as_deref(), Some("name:ERROR_SUCCESS"));
        assert_eq!(parse_alone("451 4.4.0").as_deref(), Some("smtp:4.4.0"));
        assert_eq!(parse_alone("550-5.7.26").as_deref(), Some("smtp:5.7.26"));
        assert_eq!(parse_alone("250 4.0.0"), None);
        assert!(names_a_class("smtp:5.7.1") && !names_a_class("win32:5") && !names_a_class("0x80070005"));
        for not_a_code in ["hello", "PRINTER_STATUS_BUSY", "ERROR_", "-1", "0", "deadbeefcafe12345"] {
            assert_eq!(parse_alone(not_a_code), None, "{not_a_code}");
        }
    }

    fn mention(text: &str, needle: &str, code: &str) -> Mention {
        let start = text.find(needle).unwrap();
        Mention { start, end: start + needle.len(), code: code.into(), listed: false }
    }

    #[test]
    fn names_and_messages_are_learned_from_the_text() {
        let text = "  ERROR 1450: / hex 0x5aa ERROR_NO_SYSTEM_RESOURCES\n\
                    System error 53 has occurred.\n\n  The network path was not found.\n\
                    Error 5: Access is denied\n\
                    returns Win32 error 1061 (\"The service cannot accept control messages at this\n  time\").\n\
                    STATUS_ACCOUNT_RESTRICTION (0xC000006E) when the password expired.\n\
                    error 7 when you log on\n\
                    Status 0xC0000234 means STATUS_ACCOUNT_LOCKED_OUT. Status 0xC0000071 means\n\
                    STATUS_PASSWORD_EXPIRED.";
        let mentions = vec![
            mention(text, "ERROR 1450", "win32:1450"),
            mention(text, "0x5aa", "0x000005aa"),
            mention(text, "ERROR_NO_SYSTEM_RESOURCES", "name:ERROR_NO_SYSTEM_RESOURCES"),
            mention(text, "error 53", "win32:53"),
            mention(text, "Error 5", "win32:5"),
            mention(text, "error 1061", "win32:1061"),
            mention(text, "STATUS_ACCOUNT_RESTRICTION", "name:STATUS_ACCOUNT_RESTRICTION"),
            mention(text, "0xC000006E", "0xc000006e"),
            mention(text, "error 7", "win32:7"),
            mention(text, "0xC0000234", "0xc0000234"),
            mention(text, "STATUS_ACCOUNT_LOCKED_OUT", "name:STATUS_ACCOUNT_LOCKED_OUT"),
            mention(text, "0xC0000071", "0xc0000071"),
            mention(text, "STATUS_PASSWORD_EXPIRED", "name:STATUS_PASSWORD_EXPIRED"),
        ];
        let facts: Vec<(String, &str, String)> =
            learn(text, &mentions).into_iter().map(|f| (f.code, f.kind.as_str(), f.text)).collect();
        let fact = |c: &str, k: &'static str, t: &str| (c.to_string(), k, t.to_string());
        assert_eq!(
            facts,
            vec![
                fact("0xc000006e", "name", "STATUS_ACCOUNT_RESTRICTION"),
                // A name nearer to another number names that one only.
                fact("0xc0000234", "name", "STATUS_ACCOUNT_LOCKED_OUT"),
                fact("win32:1061", "message", "The service cannot accept control messages at this time."),
                fact("win32:1450", "name", "ERROR_NO_SYSTEM_RESOURCES"),
                fact("win32:5", "message", "Access is denied."),
                fact("win32:53", "message", "The network path was not found."),
            ]
        );
    }

    #[test]
    fn a_bug_checks_name_is_learned_beside_its_stop_code_only() {
        let text = "STOP 0x0000006B PROCESS1_INITIALIZATION_FAILED\nerror 0x6B INACCESSIBLE_BOOT_DEVICE";
        let mentions = vec![
            mention(text, "STOP 0x0000006B", "stop:0x0000006b"),
            mention(text, "PROCESS1_INITIALIZATION_FAILED", "name:PROCESS1_INITIALIZATION_FAILED"),
            mention(text, "error 0x6B", "win32:107"),
            mention(text, "INACCESSIBLE_BOOT_DEVICE", "name:INACCESSIBLE_BOOT_DEVICE"),
        ];
        let facts: Vec<(String, String)> = learn(text, &mentions).into_iter().map(|f| (f.code, f.text)).collect();
        // A Win32 number's name is an ERROR_ one.
        assert_eq!(facts, [("stop:0x0000006b".to_string(), "PROCESS1_INITIALIZATION_FAILED".to_string())]);
    }
}
