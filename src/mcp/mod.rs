//! `kbmatch mcp`: the knowledge base as a Model Context Protocol server
//! over stdio (the official Rust SDK, `rmcp`), for the assistants a
//! support engineer works in. Tools `match`, `show`, `scan` and `code`
//! answer with the same JSON objects as the command's `--json` (as
//! structured content) and a short text; every article is also a resource,
//! `kb://ID`.
//!
//! What a caller gets wrong never stops the server. An unknown tool is a
//! protocol error (JSON-RPC -32602); arguments that do not fit a tool's
//! input schema (missing, of the wrong type, unknown: the SDK's message)
//! and values the knowledge base cannot use (an unknown id, a path outside
//! the folders allowed with `--allow`, a text over its size limit, a
//! product no article is about) are tool results marked `isError` that say
//! what is wrong, so that the model can correct itself (the specification's
//! tool execution errors); an unknown resource is "resource not found"
//! (-32002, or -32602 from protocol version 2026-07-28 on).

mod tools;

use crate::{Error, KnowledgeBase, Result, Settings};
use rmcp::model::{
    Implementation, ListResourceTemplatesResult, ListResourcesResult, PaginatedRequestParams,
    ReadResourceRequestParams, ReadResourceResponse, ReadResourceResult, Resource, ResourceContents, ResourceTemplate,
    ServerCapabilities, ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData as McpError, RoleServer, ServerHandler, ServiceExt, tool_handler};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The scheme of the articles' resource addresses: `kb://Q319207`.
pub const RESOURCE_PREFIX: &str = "kb://";

/// Articles listed per page of `resources/list`.
const RESOURCES_PAGE: usize = 500;

/// What the server was started with.
#[derive(Debug, Clone, Default)]
pub struct McpOptions {
    /// The folders whose files (and subfolders) `scan` may read by path;
    /// none: `scan` takes the log's text only.
    pub allow: Vec<PathBuf>,
    /// The matcher's settings for every search.
    pub settings: Settings,
}

/// Serve `kb` over stdin and stdout until the client closes them.
/// Fails at once when an `--allow` folder cannot be resolved.
pub fn run(kb: KnowledgeBase, options: McpOptions) -> Result<()> {
    let server = KbServer::new(kb, &options)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io("the MCP server's runtime", e))?;
    runtime.block_on(async move {
        let stdio_error = |e: String| Error::io("<stdio>", std::io::Error::other(e));
        let service = server.serve(rmcp::transport::stdio()).await.map_err(|e| stdio_error(e.to_string()))?;
        service.waiting().await.map_err(|e| stdio_error(e.to_string()))?;
        Ok(())
    })
}

/// Work for the search thread: a call's search, its answer sent back.
type Job = Box<dyn FnOnce(&KnowledgeBase) + Send>;

/// The server: the knowledge base opened once, searched by one thread of
/// its own (a host's calls answered in turn, off the protocol's thread; one
/// thread, so that the memory a search warms up is warmed once), which
/// moves to a build published since before each call.
#[derive(Clone)]
pub struct KbServer {
    jobs: std::sync::mpsc::Sender<Job>,
    /// The `--allow` folders, canonical.
    allow: Arc<[PathBuf]>,
    settings: Settings,
    tool_router: rmcp::handler::server::router::tool::ToolRouter<KbServer>,
}

impl KbServer {
    /// The server over `kb`; the allowed folders resolved (links and `..`
    /// followed) once, here.
    pub fn new(kb: KnowledgeBase, options: &McpOptions) -> Result<KbServer> {
        let allow = options
            .allow
            .iter()
            .map(|dir| match std::fs::canonicalize(dir) {
                Ok(dir) if dir.is_dir() => Ok(dir),
                Ok(_) => Err(Error::Input(format!("--allow {}: not a folder", dir.display()))),
                Err(e) => Err(Error::Input(format!("--allow {}: {e}", dir.display()))),
            })
            .collect::<Result<Vec<_>>>()?;
        let (jobs, queue) = std::sync::mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("kbmatch-mcp-search".into())
            .spawn(move || {
                // A build published since the last call is answered from,
                // as `serve` follows the index; one that cannot be opened is
                // reported once (until the reason changes) and the old kept.
                let mut reported: Option<String> = None;
                for job in queue {
                    match kb.reload_if_changed() {
                        Ok(false) => {}
                        Ok(true) => {
                            eprintln!("kbmatch: now answering from {} ({} articles)", kb.generation(), kb.len());
                            reported = None;
                        }
                        Err(e) => {
                            let why = e.to_string();
                            if reported.as_deref() != Some(why.as_str()) {
                                eprintln!(
                                    "kbmatch: still answering from {}: the new index cannot be opened: {why}",
                                    kb.generation()
                                );
                                reported = Some(why);
                            }
                        }
                    }
                    // A panic (a bug) fails its call only: its answer is never sent.
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(&kb)));
                }
            })
            .map_err(|e| Error::io("the MCP server's search thread", e))?;
        Ok(KbServer { jobs, allow: allow.into(), settings: options.settings.clone(), tool_router: Self::tool_router() })
    }

    /// `work` done on the knowledge base by the search thread.
    async fn on_kb<T: Send + 'static>(
        &self,
        work: impl FnOnce(&KnowledgeBase) -> T + Send + 'static,
    ) -> std::result::Result<T, McpError> {
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |kb| {
            let _ = answer.send(work(kb));
        });
        let failed = || McpError::internal_error("the search failed: this is a bug in kbmatch; please report it", None);
        self.jobs.send(job).map_err(|_| failed())?;
        answered.await.map_err(|_| failed())
    }
}

/// `path` resolved (links and `..` followed) if it is inside one of the
/// `allowed` folders (canonical); else why it may not be read. A folder is
/// refused when it holds a link to something outside them (a scan of a
/// folder reads the files its links point to).
pub fn allowed_path(allowed: &[PathBuf], path: &str) -> std::result::Result<PathBuf, String> {
    if allowed.is_empty() {
        return Err("the server reads no file: it was started without --allow DIR; pass the log's text instead".into());
    }
    let inside = |p: &Path| allowed.iter().any(|dir| p.starts_with(dir));
    let folders = || allowed.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(", ");
    let resolved = std::fs::canonicalize(path).map_err(|e| format!("{path}: {e}"))?;
    if !inside(&resolved) {
        return Err(format!("{path} is outside the folders this server may read ({})", folders()));
    }
    if resolved.is_dir() {
        let entries = std::fs::read_dir(&resolved).map_err(|e| format!("{path}: {e}"))?;
        for entry in entries.flatten() {
            let target = std::fs::canonicalize(entry.path());
            if target.as_deref().is_ok_and(|t| !inside(t)) {
                return Err(format!(
                    "{path} holds {}, a link to outside the folders this server may read ({})",
                    entry.file_name().to_string_lossy(),
                    folders()
                ));
            }
        }
    }
    Ok(resolved)
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for KbServer {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().enable_resources().build())
            .with_server_info(Implementation::new("kbmatch", env!("CARGO_PKG_VERSION")))
            .with_instructions(
                "An offline knowledge base of support articles (KB articles, blog posts, runbooks). Use `match` for \
                 a pasted error message, log line or excerpt, message ID or a few words describing a problem; \
                 `code` for an error code alone (0x800705AA, -2147023446, 1450, ERROR_...); `scan` for a whole \
                 log; `show` (or the resource kb://ID) for an article's full text once you have its id.",
            )
    }

    async fn list_resources(
        &self,
        request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> std::result::Result<ListResourcesResult, McpError> {
        let start = match request.and_then(|r| r.cursor) {
            Some(cursor) => cursor.parse::<usize>().map_err(|_| McpError::invalid_params("unknown cursor", None))?,
            None => 0,
        };
        let (resources, more) = self
            .on_kb(move |kb| {
                let (mut page, mut seen) = (Vec::new(), 0usize);
                kb.for_each_article(|article| {
                    if (start..start + RESOURCES_PAGE).contains(&seen) {
                        page.push(
                            Resource::new(format!("{RESOURCE_PREFIX}{}", article.id), article.id.clone())
                                .with_title(article.title)
                                .with_mime_type("text/plain"),
                        );
                    }
                    seen += 1;
                })
                .map(|()| (page, seen > start + RESOURCES_PAGE))
            })
            .await?
            .map_err(|e| McpError::internal_error(e.to_string(), None))?;
        let mut result = ListResourcesResult::with_all_items(resources);
        result.next_cursor = more.then(|| (start + RESOURCES_PAGE).to_string());
        Ok(result)
    }

    async fn list_resource_templates(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> std::result::Result<ListResourceTemplatesResult, McpError> {
        Ok(ListResourceTemplatesResult::with_all_items(vec![
            ResourceTemplate::new(format!("{RESOURCE_PREFIX}{{id}}"), "article")
                .with_title("A knowledge-base article")
                .with_description(
                    "The whole article: title, sections, numbered steps, hotfix files. The id as `match` gives it \
                     (Q319207, also 319207 or KB319207; a blog permalink; a document path).",
                )
                .with_mime_type("text/plain"),
        ]))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> std::result::Result<ReadResourceResponse, McpError> {
        let Some(id) = request.uri.strip_prefix(RESOURCE_PREFIX) else {
            return Err(McpError::resource_not_found(
                format!("{}: the articles are kb://ID (kb://Q319207)", request.uri),
                None,
            ));
        };
        let id = id.to_string();
        let article = match self.on_kb(move |kb| kb.article(&id)).await? {
            Ok(article) => article,
            Err(e @ Error::ArticleNotFound(_)) => return Err(McpError::resource_not_found(e.to_string(), None)),
            Err(e) => return Err(McpError::internal_error(e.to_string(), None)),
        };
        let json = serde_json::to_string(&article).map_err(|e| McpError::internal_error(e.to_string(), None))?;
        Ok(ReadResourceResult::new(vec![
            ResourceContents::text(crate::cli::render::article(&article), request.uri.clone())
                .with_mime_type("text/plain"),
            ResourceContents::text(json, request.uri).with_mime_type("application/json"),
        ])
        .into())
    }
}

#[cfg(test)]
mod tests {
    use super::allowed_path;

    #[test]
    fn paths_inside_the_allowed_folders_only() {
        let root = tempfile::tempdir().expect("temp dir");
        let root = std::fs::canonicalize(root.path()).expect("canonical");
        let (logs, other) = (root.join("logs"), root.join("other"));
        std::fs::create_dir_all(logs.join("old")).expect("dirs");
        std::fs::create_dir(&other).expect("dir");
        std::fs::write(logs.join("a.log"), "x\n").expect("log");
        std::fs::write(logs.join("old/b.log"), "x\n").expect("log");
        std::fs::write(other.join("secret.log"), "x\n").expect("log");
        let allowed = [logs.clone()];
        let text = |p: &std::path::Path| p.to_str().expect("utf-8").to_string();

        assert_eq!(allowed_path(&allowed, &text(&logs.join("a.log"))), Ok(logs.join("a.log")));
        assert_eq!(allowed_path(&allowed, &text(&logs.join("old"))), Ok(logs.join("old")));
        assert_eq!(allowed_path(&allowed, &text(&logs)), Ok(logs.clone()));
        // `..` out of the folder, and a file outside it.
        let dotdot = text(&logs.join("../other/secret.log"));
        assert!(allowed_path(&allowed, &dotdot).unwrap_err().contains("outside the folders"));
        assert!(allowed_path(&allowed, &text(&other)).unwrap_err().contains("outside the folders"));
        // A sibling whose name merely starts with the allowed one's.
        std::fs::create_dir(root.join("logs2")).expect("dir");
        assert!(allowed_path(&allowed, &text(&root.join("logs2"))).unwrap_err().contains("outside"));
        // Missing: the reason the system gives.
        assert!(allowed_path(&allowed, &text(&logs.join("none.log"))).unwrap_err().contains("none.log"));
        // No folder allowed at all.
        assert!(allowed_path(&[], &text(&logs.join("a.log"))).unwrap_err().contains("--allow"));
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_allowed_folders_are_refused() {
        let root = tempfile::tempdir().expect("temp dir");
        let root = std::fs::canonicalize(root.path()).expect("canonical");
        let (logs, other) = (root.join("logs"), root.join("other"));
        std::fs::create_dir_all(&logs).expect("dir");
        std::fs::create_dir(&other).expect("dir");
        std::fs::write(other.join("secret.log"), "x\n").expect("log");
        std::fs::write(logs.join("a.log"), "x\n").expect("log");
        let allowed = [logs.clone()];
        let text = |p: &std::path::Path| p.to_str().expect("utf-8").to_string();

        // A link inside the folder to a file inside it is fine.
        std::os::unix::fs::symlink(logs.join("a.log"), logs.join("same.log")).expect("link");
        assert_eq!(allowed_path(&allowed, &text(&logs.join("same.log"))), Ok(logs.join("a.log")));
        assert_eq!(allowed_path(&allowed, &text(&logs)), Ok(logs.clone()));
        // A link to a file outside: refused by itself, and the folder holding it too.
        std::os::unix::fs::symlink(other.join("secret.log"), logs.join("out.log")).expect("link");
        assert!(allowed_path(&allowed, &text(&logs.join("out.log"))).unwrap_err().contains("outside the folders"));
        assert!(allowed_path(&allowed, &text(&logs)).unwrap_err().contains("holds out.log, a link to outside"));
        // An allowed folder reached through a link is the folder itself.
        std::os::unix::fs::symlink(&logs, root.join("via")).expect("link");
        let via = [std::fs::canonicalize(root.join("via")).expect("canonical")];
        assert_eq!(allowed_path(&via, &text(&root.join("via/a.log"))), Ok(logs.join("a.log")));
    }
}
