//! The tools: their arguments (with the JSON schemas a host shows the
//! model), and each call answered by the library's public API with the
//! same JSON object as the command's `--json`, plus the command's text.
//!
//! In detail: `match`, `show`, `scan`, `code`: arguments as serde structs with
//! JSON schemas, answers as structured content = the `--json` objects
//! (`MatchAnswer`, `Article`, `ScanReport`, `CodeAnswer`) plus the command's
//! text; a value the knowledge base refuses, or a text past its limit, is an
//! `isError` result.

use super::{KbServer, allowed_path};
use crate::cli::render;
use crate::{ArticleKind, Error, KnowledgeBase, ScanOptions, SearchOptions};
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{CallToolResult, ContentBlock};
use rmcp::schemars::{self, JsonSchema};
use rmcp::{ErrorData as McpError, tool, tool_router};
use serde::Deserialize;
use std::io::Cursor;

/// Longest log text `scan` takes inline, in bytes: half the SDK's longest
/// message line (16 MiB, `rmcp::transport::async_rw`), room for the JSON
/// escapes of the log's text. A longer log is scanned by its path.
pub const MAX_LOG_BYTES: usize = 8 * 1024 * 1024;

/// The name a log given as text has in a scan report (`files`).
pub const INLINE_LOG: &str = "<text>";

/// The arguments of `match`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MatchArgs {
    /// The pasted text: an error message, a log line or excerpt, a status
    /// message ID, or a few words describing the problem (at most 256 KiB).
    pub text: String,
    /// How many articles, 1 to 100 (default 5).
    pub limit: Option<u32>,
    /// Only articles about this product, named by some of its words
    /// ("Exchange", "Systems Management Server").
    pub product: Option<String>,
    /// Only articles of this kind: kb, blog, doc or ticket.
    pub kind: Option<String>,
    /// Only hits at least this sure, 0 to 1: 0.9 to attach the article to a
    /// ticket, 0.5 for more likely right than wrong.
    pub min_confidence: Option<f64>,
}

/// The arguments of `show`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShowArgs {
    /// The article's id as `match` gives it: Q319207 (also 319207 or
    /// KB319207), a blog permalink, a document path.
    pub id: String,
}

/// The arguments of `scan`: the log's text, or its path.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScanArgs {
    /// The whole log's text (at most 8 MiB).
    pub text: Option<String>,
    /// A log file or folder (its *.log, *.lo_ and *.evtx files) on the
    /// server's machine, inside a folder the server was started with
    /// (`--allow DIR`).
    pub path: Option<String>,
}

/// The arguments of `code`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeArgs {
    /// The error code in any form: 0x800705AA, 800705aa, -2147023446,
    /// 1450 (a Windows error number), c0000005, ERROR_NO_SYSTEM_RESOURCES.
    pub code: String,
    /// How many articles, 1 to 100 (default 5).
    pub limit: Option<u32>,
}

/// A call's answer: `value` as structured content, `text` for the hosts
/// that show text only.
fn answered(value: &impl serde::Serialize, text: String) -> Result<CallToolResult, McpError> {
    let value = serde_json::to_value(value).map_err(|e| McpError::internal_error(e.to_string(), None))?;
    let mut result = CallToolResult::success(vec![ContentBlock::text(text)]);
    result.structured_content = Some(value);
    Ok(result)
}

/// What the caller can correct (a tool result marked `isError`), or a
/// failure of the server itself (a protocol error).
fn refused(error: Error) -> Result<CallToolResult, McpError> {
    match error {
        Error::EmptyQuery | Error::Input(_) | Error::ArticleNotFound(_) | Error::Io { .. } => {
            Ok(CallToolResult::error(vec![ContentBlock::text(error.to_string())]))
        }
        other => Err(McpError::internal_error(other.to_string(), None)),
    }
}

/// A tool result marked `isError` with this message.
fn wrong(message: String) -> Result<CallToolResult, McpError> {
    refused(Error::Input(message))
}

/// `text` if it is at most `max` bytes, else what to do instead.
fn within(name: &str, text: &str, max: usize, instead: &str) -> Result<(), String> {
    if text.len() > max {
        return Err(format!("`{name}` is {} bytes, more than {max}: {instead}", text.len()));
    }
    Ok(())
}

/// The search options of `match`'s arguments, checked where the library
/// does not check them itself.
fn search_options(args: &MatchArgs, base: SearchOptions) -> Result<SearchOptions, String> {
    let mut options = base;
    if let Some(limit) = args.limit {
        options = options.limit(limit as usize);
    }
    if let Some(kind) = &args.kind {
        options = options.kind(kind.parse::<ArticleKind>().map_err(|e| e.to_string())?);
    }
    if let Some(product) = &args.product {
        options = options.product(product.clone());
    }
    if let Some(confidence) = args.min_confidence {
        options = options.min_confidence(confidence);
    }
    Ok(options)
}

impl KbServer {
    fn search_options(&self) -> SearchOptions {
        SearchOptions::default().settings(self.settings.clone())
    }
}

#[tool_router(vis = "pub(super)")]
impl KbServer {
    #[tool(
        name = "match",
        description = "Find the knowledge-base articles that fix a problem, from a pasted error message, log \
                       line or log excerpt, status message ID, or a few words describing it. Returns the best \
                       articles first, each with its id, title, confidence (0 to 1: 0.9 or more is almost \
                       surely right, under 0.5 only the closest articles), why it matched, its numbered steps \
                       and hotfix files, and the paste's error code decoded. Use this first for any error text; \
                       use `code` for an error code alone, `scan` for a whole log.",
        annotations(read_only_hint = true, open_world_hint = false)
    )]
    async fn match_text(&self, Parameters(args): Parameters<MatchArgs>) -> Result<CallToolResult, McpError> {
        let instead = "paste the error lines only; for a whole log call `scan`";
        if let Err(why) = within("text", &args.text, KnowledgeBase::MAX_QUERY_BYTES, instead) {
            return wrong(why);
        }
        let options = match search_options(&args, self.search_options()) {
            Ok(options) => options,
            Err(why) => return wrong(why),
        };
        match self.on_kb(move |kb| kb.answer(&args.text, &options)).await? {
            Ok(answer) => {
                let text = match (&answer.results[..], answer.likely_answer) {
                    ([], _) => "No article matches: try fewer or other words, or the error code alone.\n".into(),
                    (hits, true) => render::hits(hits, false),
                    (hits, false) => render::closest(hits, false),
                };
                answered(&answer, text)
            }
            Err(e) => refused(e),
        }
    }

    #[tool(
        name = "show",
        description = "The whole text of one knowledge-base article by its id (as `match`, `code` or `scan` \
                       give it): title, products, sections, numbered steps and hotfix files. Use it after \
                       `match` to read an article in full.",
        annotations(read_only_hint = true, open_world_hint = false)
    )]
    async fn show(&self, Parameters(args): Parameters<ShowArgs>) -> Result<CallToolResult, McpError> {
        match self.on_kb(move |kb| kb.article(&args.id)).await? {
            Ok(article) => answered(&article, render::article(&article)),
            Err(e) => refused(e),
        }
    }

    #[tool(
        name = "scan",
        description = "Triage a whole log (SMS/ConfigMgr component logs, CMTrace logs, event-viewer text \
                       exports, any text log; by path also Windows .evtx files): each distinct problem message \
                       and each message that floods the log, with its count and lines, matched against the \
                       articles. Give `text` (the log itself) or `path` (a file or folder the server may read). \
                       For a few lines, `match` is better.",
        annotations(read_only_hint = true, open_world_hint = false)
    )]
    async fn scan(&self, Parameters(args): Parameters<ScanArgs>) -> Result<CallToolResult, McpError> {
        let options = ScanOptions { settings: self.settings.clone(), ..Default::default() };
        let report = match (args.text, args.path) {
            (Some(text), None) => {
                if let Err(why) = within("text", &text, MAX_LOG_BYTES, "give the log's path instead") {
                    return wrong(why);
                }
                let options = ScanOptions { name: INLINE_LOG.into(), ..options };
                self.on_kb(move |kb| kb.scan_with(Cursor::new(text), &options)).await?
            }
            (None, Some(path)) => {
                let path = match allowed_path(&self.allow, &path) {
                    Ok(path) => path,
                    Err(why) => return wrong(why),
                };
                self.on_kb(move |kb| kb.scan_paths_with(&[path], &options)).await?
            }
            _ => return wrong("give one of `text` (the log itself) and `path` (a log on the server)".into()),
        };
        match report {
            Ok(report) => answered(&report, render::scan(&report)),
            Err(e) => refused(e),
        }
    }

    #[tool(
        name = "code",
        description = "Decode an error code given alone, in any form (0x800705AA, 800705aa, -2147023446, \
                       1450, net helpmsg 1450, c0000005, ERROR_NO_SYSTEM_RESOURCES): its other forms (HRESULT, \
                       Win32, NTSTATUS, symbolic name), its message, and the articles that quote it in any \
                       form. For an error message with text around the code, use `match`.",
        annotations(read_only_hint = true, open_world_hint = false)
    )]
    async fn code(&self, Parameters(args): Parameters<CodeArgs>) -> Result<CallToolResult, McpError> {
        let instead = "give the code alone; for an error message call `match`";
        if let Err(why) = within("code", &args.code, KnowledgeBase::MAX_QUERY_BYTES, instead) {
            return wrong(why);
        }
        let mut options = self.search_options();
        if let Some(limit) = args.limit {
            options = options.limit(limit as usize);
        }
        match self.on_kb(move |kb| kb.code(&args.code, &options)).await? {
            Ok(answer) => {
                let mut text = answer.code.as_ref().map(render::code).unwrap_or_default();
                match (&answer.results[..], &answer.code) {
                    ([], _) => text.push_str("No article quotes it.\n"),
                    (hits, Some(_)) => {
                        text.push_str(&format!("\nArticles that quote it:\n{}", render::hits(hits, false)))
                    }
                    (hits, None) => text.push_str(&format!(
                        "{:?} is no error code kbmatch can decode; the articles that match it as text:\n{}",
                        answer.query,
                        render::hits(hits, false)
                    )),
                }
                answered(&answer, text)
            }
            Err(e) => refused(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, String> {
        serde_json::from_value(value).map_err(|e| e.to_string())
    }

    #[test]
    fn arguments_are_checked_against_their_types() {
        let args: MatchArgs = parse(json!({"text": "error 8", "limit": 3, "kind": "kb"})).expect("valid");
        assert_eq!((args.text.as_str(), args.limit, args.kind.as_deref()), ("error 8", Some(3), Some("kb")));
        assert!(parse::<MatchArgs>(json!({})).unwrap_err().contains("missing field `text`"));
        assert!(parse::<MatchArgs>(json!({"text": 8})).unwrap_err().contains("invalid type: integer `8`"));
        assert!(parse::<MatchArgs>(json!({"text": "x", "limit": "3"})).unwrap_err().contains("invalid type"));
        assert!(parse::<MatchArgs>(json!({"text": "x", "limit": -1})).unwrap_err().contains("invalid value"));
        assert!(parse::<MatchArgs>(json!({"txt": "x"})).unwrap_err().contains("unknown field `txt`"));
        assert!(parse::<ShowArgs>(json!({"id": ["Q1"]})).unwrap_err().contains("invalid type: sequence"));
        assert!(parse::<CodeArgs>(json!({"limit": 2})).unwrap_err().contains("missing field `code`"));
        let scan: ScanArgs = parse(json!({"path": "/var/log/x.log"})).expect("valid");
        assert_eq!((scan.text, scan.path.as_deref()), (None, Some("/var/log/x.log")));
    }

    #[test]
    fn the_schemas_name_the_required_arguments() {
        let schema = serde_json::to_value(schemars::schema_for!(MatchArgs)).expect("schema");
        assert_eq!(schema["required"], json!(["text"]));
        assert_eq!(schema["properties"]["text"]["type"], "string");
        assert_eq!(schema["additionalProperties"], false);
        let schema = serde_json::to_value(schemars::schema_for!(ScanArgs)).expect("schema");
        assert_eq!(schema.get("required"), None);
    }

    #[test]
    fn search_options_from_the_arguments() {
        let args = |value| parse::<MatchArgs>(value).expect("valid");
        let options = search_options(&args(json!({"text": "x"})), SearchOptions::default()).expect("options");
        assert_eq!(options.limit, SearchOptions::DEFAULT_LIMIT);
        let options = search_options(
            &args(json!({"text": "x", "limit": 2, "kind": "blog", "min_confidence": 0.5})),
            SearchOptions::default(),
        )
        .expect("options");
        assert_eq!((options.limit, options.min_confidence), (2, 0.5));
        let wrong_kind = search_options(&args(json!({"text": "x", "kind": "wiki"})), SearchOptions::default());
        assert!(wrong_kind.unwrap_err().contains("wiki"));
    }

    #[test]
    fn texts_over_the_limit_are_refused_with_what_to_do() {
        assert_eq!(within("text", "abc", 3, "x"), Ok(()));
        assert_eq!(within("text", "abcd", 3, "call `scan`"), Err("`text` is 4 bytes, more than 3: call `scan`".into()));
    }
}
