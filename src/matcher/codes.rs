//! The paste's error codes: their other forms added to the query (a name's
//! number and a number's name, from the index's table), the code decoded
//! for the user, and how each hit writes it. The decoding rules themselves
//! are in [`crate::extract::codes`].

use super::query::QueryAnalysis;
use super::rank::describe_signal;
use super::{HitCode, PastedCode};
use crate::article::Article;
use crate::extract::codes::{self, Code};
use crate::extract::signals;
use crate::index::KbIndex;

/// Add to the paste's signals the other forms of its codes that the index
/// knows, and decode its main code: the first HRESULT or NTSTATUS, else
/// the first Win32 number or name, else any other.
pub fn expand_paste(index: &KbIndex, analysis: &mut QueryAnalysis) -> Option<PastedCode> {
    if analysis.codes.is_empty() {
        return None;
    }
    let table = index.code_table();
    let mut added: Vec<String> = Vec::new();
    for code in &analysis.signals.error_codes {
        added.extend(table.expand(code));
    }
    analysis.signals.error_codes.extend(added);
    analysis.signals.error_codes.sort();
    analysis.signals.error_codes.dedup();

    let (written, code) = analysis.codes.iter().min_by_key(|(_, code)| priority(code))?;
    let forms = table.forms(code)?;
    let canonical = table.resolve(code);
    let decoded = match canonical.as_deref().and_then(Code::of) {
        Some(decoded) => decoded.describe(),
        None => code.trim_start_matches("name:").to_string(),
    };
    let mut all = vec![code.clone()];
    all.extend(table.expand(code));
    all.extend(canonical);
    all.sort();
    all.dedup();
    Some(PastedCode { pasted: written.clone(), decoded, forms, codes: all })
}

/// Which of a paste's codes is the one to decode: lower first.
fn priority(code: &str) -> u8 {
    match Code::of(code) {
        Some(Code::HResult(_) | Code::NtStatus(_)) => 0,
        Some(Code::Win32(_)) if !code.starts_with("win32:") && code.len() == 10 => 0,
        Some(Code::Win32(_)) => 1,
        Some(Code::Name) => 2,
        _ => 3,
    }
}

/// The paste's code as an article holds it: the first place the article
/// writes any of its forms.
pub fn as_quoted(index: &KbIndex, pasted: &PastedCode, article: &Article) -> HitCode {
    let table = index.code_table();
    let quoted = article.sections.iter().find_map(|section| {
        signals::code_mentions(&section.text)
            .into_iter()
            .filter(|m| {
                let same = |c: &str| pasted.codes.iter().any(|p| p == c);
                same(&m.code)
                    || codes::identities(&m.code).is_some_and(|c| same(&c))
                    || table.resolve(&m.code).is_some_and(|c| same(&c))
            })
            .min_by_key(|m| m.start)
            .map(|m| section.text[m.start..m.end].split_whitespace().collect::<Vec<_>>().join(" "))
    });
    HitCode { pasted: pasted.pasted.clone(), decoded: pasted.decoded.clone(), quoted }
}

/// Say in a hit's reasons which form matched which: the reasons that name
/// the code's forms one by one (`error code 0x800705aa`, `error number
/// 1450`) become one, `0x800705AA = Win32 error 1450, quoted as System
/// error 1450`, where the first of them stood.
pub fn explain(pasted: &PastedCode, code: &HitCode, why: &mut Vec<String>) {
    let described: Vec<String> = pasted.codes.iter().map(|c| describe_signal(&format!("err:{}", c.to_lowercase()))).collect();
    let first = why.iter().position(|r| described.contains(r));
    why.retain(|r| !described.contains(r));
    let line = match &code.quoted {
        Some(quoted) if quoted.eq_ignore_ascii_case(&code.pasted) => {
            format!("error code {} as written ({})", code.pasted, code.decoded)
        }
        Some(quoted) => format!("{} = {}, quoted as {quoted}", code.pasted, code.decoded),
        None if first.is_some() => format!("{} = {}", code.pasted, code.decoded),
        None => return,
    };
    why.insert(first.unwrap_or(0).min(why.len()), line);
}
