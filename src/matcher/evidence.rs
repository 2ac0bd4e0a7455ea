//! Why a hit matched, as data: one [`Evidence`] value per reason. The
//! contract's `why` strings are these values as text ([`Evidence`]'s
//! `Display`), so the two never disagree.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One piece of evidence that an article answers the paste. A hit's
/// `evidence` lists them most telling first; its `why` says the same in
/// words. In JSON each is an object tagged by `kind`:
/// `{"kind": "message_id", "id": 2328}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Evidence {
    /// A message the article quotes is the pasted one: word for word, or by
    /// its template (its placeholders, such as `%1`, taken as wildcards).
    Message {
        /// The article's message: as written when word for word, else its
        /// template.
        text: String,
        /// How alike the two are, 0..1 (1 when word for word).
        #[serde(serialize_with = "shortest")]
        similarity: f32,
        /// Whether the paste is the article's message word for word (case
        /// and punctuation aside, or cut short of it).
        word_for_word: bool,
    },
    /// The paste names this KB article by its number (`Q319207`,
    /// `KB2467702`, a lone `2467702`).
    ArticleNumber {
        /// The number (`319207`).
        number: u64,
    },
    /// The same SMS status message ID.
    MessageId {
        /// The ID (`2328`).
        id: u32,
    },
    /// The same event ID.
    EventId {
        /// The ID (`7022`).
        id: u32,
        /// The event source (lower case), when both name the same one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        source: Option<String>,
    },
    /// The same error code, in one of its forms.
    ErrorCode {
        /// The code as the index writes it: `0x800705aa`, `win32:1450` (a
        /// Win32 error number), `stop:0x0000001e`, `name:error_...`.
        code: String,
        /// The paste's code as pasted, when it was decoded (see
        /// [`crate::Hit::code`]).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pasted: Option<String>,
        /// What the pasted code is (`Win32 error 1450`), when decoded.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        decoded: Option<String>,
        /// How the article writes it (`System error 1450`), when it quotes it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        quoted: Option<String>,
    },
    /// A number of the paste (hidden as a variable part) that a message of
    /// the article quotes: `line 1786`.
    Number {
        /// The number as pasted.
        number: String,
    },
    /// The same component (upper case): `SMS_DISTRIBUTION_MANAGER`.
    Component {
        /// The component.
        name: String,
    },
    /// The same log file (lower case): `distmgr.log`.
    LogFile {
        /// The log file.
        name: String,
    },
    /// The same program or library file (lower case): `distmgr.dll`.
    File {
        /// The file.
        name: String,
    },
    /// The same registry key (lower case).
    RegistryKey {
        /// The key.
        key: String,
    },
    /// Words of the paste the article holds, rarest first, as the paste
    /// writes them (at most six; words such as "the" or "has" left out).
    Words {
        /// The words.
        words: Vec<String>,
    },
    /// A word of the paste no article has, read as the likeliest word one
    /// typo away. The same for every hit of a search.
    Spelling {
        /// The word as typed (`volmue`).
        typed: String,
        /// The word searched instead (`volume`).
        meant: String,
    },
    /// With the optional sentence encoder (`--model`): how alike the
    /// paste and the article are in meaning, the cosine of their sentence
    /// vectors (what moved the hit among the description's best).
    Meaning {
        /// The cosine, -1..1.
        #[serde(serialize_with = "shortest")]
        cosine: f32,
    },
    /// Tickets that cite the article as their fix asked with the paste's
    /// words (see [`crate::Link`]): the desk's own words for its problem.
    Asked {
        /// The tickets' numbers, in order.
        tickets: Vec<String>,
    },
    /// The article's text-match score (BM25) for the paste's words.
    TextMatch {
        /// The score.
        #[serde(serialize_with = "shortest")]
        bm25: f32,
    },
}

/// Longest quoted message a reason shows, in characters; a longer one (a
/// whole log excerpt quoted as one block) is cut with an ellipsis.
const MAX_REASON_MESSAGE: usize = 160;

impl Evidence {
    /// The evidence an index signal term (`msg:2328`, `event:7022:srv`,
    /// `err:win32:8`, `comp:sms_distribution_manager`, ...) gives when both
    /// the paste and an article hold it.
    pub(crate) fn of_signal(term: &str) -> Evidence {
        let (kind, value) = term.split_once(':').unwrap_or(("", term));
        let code = || Evidence::ErrorCode { code: value.to_string(), pasted: None, decoded: None, quoted: None };
        match kind {
            "msg" => value.parse().map(|id| Evidence::MessageId { id }).unwrap_or_else(|_| code()),
            "event" => {
                let (id, source) = match value.split_once(':') {
                    Some((id, source)) => (id, Some(source.to_string())),
                    None => (value, None),
                };
                match id.parse() {
                    Ok(id) => Evidence::EventId { id, source },
                    Err(_) => code(),
                }
            }
            "kb" => value.parse().map(|number| Evidence::ArticleNumber { number }).unwrap_or_else(|_| code()),
            "comp" => Evidence::Component { name: value.to_uppercase() },
            "log" => Evidence::LogFile { name: value.to_string() },
            "file" => Evidence::File { name: value.to_string() },
            "reg" => Evidence::RegistryKey { key: value.to_string() },
            _ => code(),
        }
    }

    /// Whether this is about an error code (of the paste's decoded code, or
    /// one of its forms).
    pub(crate) fn error_code(&self) -> Option<&str> {
        match self {
            Evidence::ErrorCode { code, .. } => Some(code),
            _ => None,
        }
    }
}

/// The contract's `why` string of each piece of evidence.
impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Evidence::Message { text, word_for_word: true, .. } => {
                write!(f, "the same message, word for word: {}", Shortened(text))
            }
            Evidence::Message { text, similarity, .. } => {
                write!(f, "message ({:.0}% alike): {}", similarity * 100.0, Shortened(text))
            }
            Evidence::ArticleNumber { number } => write!(f, "the article's own number {number}"),
            Evidence::MessageId { id } => write!(f, "status message id {id}"),
            Evidence::EventId { id, source: None } => write!(f, "event id {id}"),
            Evidence::EventId { id, source: Some(source) } => write!(f, "event id {id} from {source}"),
            Evidence::ErrorCode { pasted: Some(pasted), decoded: Some(decoded), quoted, .. } => match quoted {
                Some(quoted) if quoted.eq_ignore_ascii_case(pasted) && decoded == pasted => {
                    write!(f, "{pasted} as written")
                }
                Some(quoted) if quoted.eq_ignore_ascii_case(pasted) => write!(f, "{pasted} as written ({decoded})"),
                Some(quoted) => write!(f, "{pasted} = {decoded}, quoted as {quoted}"),
                None => write!(f, "{pasted} = {decoded}"),
            },
            Evidence::ErrorCode { code, .. } => match code.split_once(':') {
                Some(("win32", n)) => write!(f, "error number {n}"),
                Some(("stop", stop)) => write!(f, "STOP code {stop}"),
                Some(("smtp", status)) => write!(f, "SMTP status {status}"),
                _ => write!(f, "error code {code}"),
            },
            Evidence::Number { number } => write!(f, "the same number {number}"),
            Evidence::Component { name } => write!(f, "component {name}"),
            Evidence::LogFile { name } => write!(f, "log file {name}"),
            Evidence::File { name } => write!(f, "file {name}"),
            Evidence::RegistryKey { key } => write!(f, "registry key {key}"),
            Evidence::Words { words } => write!(f, "words in common: {}", words.join(", ")),
            Evidence::Spelling { typed, meant } => write!(f, "read \"{typed}\" as \"{meant}\""),
            Evidence::Meaning { cosine } => write!(f, "alike in meaning (sentence model, cosine {cosine:.2})"),
            Evidence::Asked { tickets } => {
                let named = tickets.iter().take(3).map(String::as_str).collect::<Vec<_>>().join(", ");
                let more = if tickets.len() > 3 { ", ..." } else { "" };
                let noun = if tickets.len() == 1 { "ticket" } else { "tickets" };
                write!(f, "asked like this in {} {noun}: {named}{more}", tickets.len())
            }
            Evidence::TextMatch { bm25 } => write!(f, "text match (BM25 {bm25:.1})"),
        }
    }
}

/// An `f32` in JSON as it prints (`105.71417`), not as the `f64` it widens
/// to (`105.71417236328125`) on its way through a `serde_json::Value`.
fn shortest<S: serde::Serializer>(value: &f32, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(value.to_string().parse().unwrap_or(f64::from(*value)))
}

/// A message as a reason shows it: at most [`MAX_REASON_MESSAGE`] characters.
struct Shortened<'a>(&'a str);

impl fmt::Display for Shortened<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.char_indices().nth(MAX_REASON_MESSAGE) {
            Some((at, _)) => write!(f, "{}…", self.0[..at].trim_end()),
            None => f.write_str(self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Evidence;

    /// Each kind of evidence reads as the `why` string the contract has
    /// always had for it.
    #[test]
    fn each_kind_of_evidence_says_what_why_always_said() {
        let why = |e: Evidence| e.to_string();
        let message =
            |text: &str, similarity, word_for_word| Evidence::Message { text: text.into(), similarity, word_for_word };
        assert_eq!(
            why(message("Could not load language DLL _MIFGEN.DLL", 1.0, true)),
            "the same message, word for word: Could not load language DLL _MIFGEN.DLL"
        );
        assert_eq!(
            why(message("failed to copy package <*> from <*> to <*>", 0.874, false)),
            "message (87% alike): failed to copy package <*> from <*> to <*>"
        );
        assert_eq!(why(Evidence::of_signal("msg:2328")), "status message id 2328");
        assert_eq!(why(Evidence::of_signal("kb:319207")), "the article's own number 319207");
        assert_eq!(why(Evidence::of_signal("event:7022")), "event id 7022");
        assert_eq!(why(Evidence::of_signal("event:1035:msexchangeis")), "event id 1035 from msexchangeis");
        assert_eq!(why(Evidence::of_signal("err:0x80041001")), "error code 0x80041001");
        assert_eq!(why(Evidence::of_signal("err:smtp:4.4.0")), "SMTP status 4.4.0");
        assert_eq!(why(Evidence::of_signal("err:win32:8")), "error number 8");
        assert_eq!(why(Evidence::of_signal("err:stop:0x0000001e")), "STOP code 0x0000001e");
        assert_eq!(why(Evidence::of_signal("comp:sms_distribution_manager")), "component SMS_DISTRIBUTION_MANAGER");
        assert_eq!(why(Evidence::of_signal("log:distmgr.log")), "log file distmgr.log");
        assert_eq!(why(Evidence::of_signal("file:distmgr.dll")), "file distmgr.dll");
        assert_eq!(
            why(Evidence::of_signal("reg:hkey_local_machine\\software")),
            "registry key hkey_local_machine\\software"
        );
        assert_eq!(why(Evidence::Number { number: "1786".into() }), "the same number 1786");
        let words = Evidence::Words { words: vec!["dpm".into(), "snapin".into(), "powershell".into()] };
        assert_eq!(why(words), "words in common: dpm, snapin, powershell");
        assert_eq!(
            why(Evidence::Spelling { typed: "volmue".into(), meant: "volume".into() }),
            "read \"volmue\" as \"volume\""
        );
        assert_eq!(why(Evidence::TextMatch { bm25: 17.25 }), "text match (BM25 17.2)");
        let code = |quoted: Option<&str>, decoded: &str| Evidence::ErrorCode {
            code: "win32:1450".into(),
            pasted: Some("0x800705AA".into()),
            decoded: Some(decoded.into()),
            quoted: quoted.map(String::from),
        };
        assert_eq!(
            why(code(Some("System error 1450"), "Win32 error 1450")),
            "0x800705AA = Win32 error 1450, quoted as System error 1450"
        );
        assert_eq!(why(code(Some("0x800705aa"), "Win32 error 1450")), "0x800705AA as written (Win32 error 1450)");
        assert_eq!(why(code(Some("0x800705aa"), "0x800705AA")), "0x800705AA as written");
        assert_eq!(why(code(None, "Win32 error 1450")), "0x800705AA = Win32 error 1450");
    }

    #[test]
    fn evidence_is_json_tagged_by_kind() {
        let json = |e: &Evidence| serde_json::to_string(e).unwrap();
        assert_eq!(json(&Evidence::of_signal("msg:2328")), r#"{"kind":"message_id","id":2328}"#);
        assert_eq!(json(&Evidence::of_signal("kb:319207")), r#"{"kind":"article_number","number":319207}"#);
        assert_eq!(json(&Evidence::of_signal("event:7022")), r#"{"kind":"event_id","id":7022}"#);
        assert_eq!(json(&Evidence::of_signal("err:win32:8")), r#"{"kind":"error_code","code":"win32:8"}"#);
        assert_eq!(json(&Evidence::Words { words: vec!["spooler".into()] }), r#"{"kind":"words","words":["spooler"]}"#);
        let message =
            Evidence::Message { text: "The specified path is invalid.".into(), similarity: 1.0, word_for_word: true };
        assert_eq!(
            json(&message),
            r#"{"kind":"message","text":"The specified path is invalid.","similarity":1.0,"word_for_word":true}"#
        );
        let back: Evidence = serde_json::from_str(&json(&message)).unwrap();
        assert_eq!(back, message);
        // Short through a `serde_json::Value` too, as in `match --json`.
        let score = serde_json::to_value(Evidence::TextMatch { bm25: 105.71417 }).unwrap();
        assert_eq!(score.to_string(), r#"{"kind":"text_match","bm25":105.71417}"#);
    }

    #[test]
    fn a_long_message_is_cut_in_the_reason_but_kept_whole_in_the_evidence() {
        let long = format!("{} end", "é".repeat(200));
        let evidence = Evidence::Message { text: long.clone(), similarity: 1.0, word_for_word: true };
        assert_eq!(evidence.to_string(), format!("the same message, word for word: {}…", "é".repeat(160)));
        assert!(matches!(evidence, Evidence::Message { text, .. } if text == long));
        let short =
            Evidence::Message { text: "There are no more endpoints.".into(), similarity: 1.0, word_for_word: true };
        assert_eq!(short.to_string(), "the same message, word for word: There are no more endpoints.");
    }
}
