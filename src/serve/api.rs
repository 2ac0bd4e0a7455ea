//! The routes: the page and its assets, `/api/match`, `/api/scan` (a whole
//! log, text or `.evtx`, as the body), `/api/article/*id`, `/api/stats`
//! (with the generation being served), `/api/feedback` and `/api/gaps` (see
//! their files); every error is JSON `{"error":
//! "..."}` with its status.
//!
//! In detail: JSON handlers: `/api/match` writes `KnowledgeBase::answer`'s
//! `MatchAnswer`, `/api/stats` `KnowledgeBase::stats`'s `Stats`, `/api/scan`
//! `KnowledgeBase::scan_bytes`'s `ScanReport` for the log in its body (its own
//! body limit, `ServeOptions::log_limit`; one long slot and one matching slot
//! while it is read; hits' sources relative), `/api/article` looks both
//! spellings up in one `snapshot`; sources shown through `relative_source` and
//! `/api/stats` naming the corpus and index folders by their names only, and
//! the server's own errors (500) saying to try again with the details on
//! stderr, so nothing of the serving machine's folders leaks; a form's POST
//! with a `q` field read as the GET query's fields, any other body as the
//! paste; a body not all arrived within the time limit
//! 408, a search that waited past it 503 with `Retry-After`, one that ran past
//! it 503; matching slots bounded, a long paste (over
//! `ServeOptions::long_paste_bytes`) holding one of the few long slots as well,
//! at most `long_queue` waiting for one and the others refused at once with 503
//! and `Retry-After`, so short questions never queue behind long ones; the
//! limit's bounds are `SearchOptions::MAX_LIMIT`.

use super::options::{MAX_URI_BYTES, ServeOptions};
use crate::{Error, KnowledgeBase, SearchOptions};
use axum::Extension;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{DefaultBodyLimit, Path, RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::Semaphore;

const PAGE_HTML: &str = include_str!("page.html");
const PAGE_CSS: &str = include_str!("page.css");
const PAGE_JS: &str = include_str!("page.js");

/// Longest article id accepted, in bytes.
const MAX_ID_BYTES: usize = 1024;

/// What every handler shares.
#[derive(Clone)]
struct AppState {
    kb: Arc<KnowledgeBase>,
    /// The matcher's settings for every search.
    settings: crate::Settings,
    /// Bounds the queries matched at once.
    queries: Arc<Semaphore>,
    /// Bounds the long pastes matched at once (each holds one of
    /// `queries` too).
    long: Arc<Semaphore>,
    /// Long pastes waiting for a turn now.
    long_waiting: Arc<AtomicUsize>,
    long_paste_bytes: usize,
    long_queue: usize,
    request_timeout: Duration,
    log_limit: usize,
    /// Where each question asked is appended (`--log-questions`), if anywhere.
    questions: Option<Arc<crate::FeedbackLog>>,
    /// What `POST /api/feedback` needs.
    feedback: super::feedback::Feedback,
    /// What `GET /api/gaps` reads, and its last report.
    gaps: super::gaps::Gaps,
}

/// An error answer: a status and `{"error": message}`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
    /// Seconds after which to try again (`Retry-After`), for a 503.
    retry_after: Option<u64>,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError { status, message: message.into(), retry_after: None }
    }

    /// A 503 that says when to try again.
    fn busy(message: impl Into<String>, seconds: u64) -> Self {
        ApiError { retry_after: Some(seconds), ..ApiError::new(StatusCode::SERVICE_UNAVAILABLE, message) }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(serde_json::json!({ "error": self.message }))).into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

impl From<Error> for ApiError {
    /// A client's mistake is told to the client; the server's own trouble
    /// (a damaged index, a file it cannot read) names the serving machine's
    /// folders, so the client is told what it can do and stderr the rest.
    fn from(e: Error) -> Self {
        match e {
            Error::EmptyQuery | Error::Input(_) => ApiError::new(StatusCode::BAD_REQUEST, e.to_string()),
            Error::ArticleNotFound(_) => ApiError::new(StatusCode::NOT_FOUND, e.to_string()),
            _ => {
                eprintln!("kbmatch: a request failed: {e}");
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the server could not answer: try again; if it goes on, its operator finds why on the \
                     server's stderr",
                )
            }
        }
    }
}

macro_rules! from_rejection {
    ($($rejection:ty),*) => {$(
        impl From<$rejection> for ApiError {
            fn from(r: $rejection) -> Self {
                ApiError::new(r.status(), r.body_text())
            }
        }
    )*};
}
from_rejection!(BytesRejection, PathRejection);

/// The router: page, assets, API, JSON 404 and 405.
pub fn router(kb: Arc<KnowledgeBase>, options: &ServeOptions) -> Router {
    let feedback = super::feedback::Feedback {
        kb: kb.clone(),
        log: options.feedback.clone(),
        token: options.feedback_token.as_deref().map(Arc::from),
    };
    let state = AppState {
        kb,
        settings: options.settings.clone(),
        queries: Arc::new(Semaphore::new(options.concurrent_queries.max(1))),
        long: Arc::new(Semaphore::new(options.long_queries.clamp(1, options.concurrent_queries.max(1)))),
        long_waiting: Arc::default(),
        long_paste_bytes: options.long_paste_bytes,
        long_queue: options.long_queue,
        request_timeout: options.request_timeout,
        log_limit: options.log_limit,
        questions: options.log_questions.clone(),
        feedback,
        gaps: super::gaps::Gaps::new(
            options.log_questions.as_ref().map(|l| l.path().to_path_buf()),
            &options.gaps_files,
        ),
    };
    Router::new()
        .route("/", get(page))
        .route("/page.css", get(|| asset("text/css; charset=utf-8", PAGE_CSS)))
        .route("/page.js", get(|| asset("text/javascript; charset=utf-8", PAGE_JS)))
        .route("/api/match", get(match_get).post(match_post))
        .route("/api/scan", post(scan).layer(DefaultBodyLimit::max(options.log_limit)))
        .route("/api/article/{*id}", get(article))
        .route("/api/stats", get(stats))
        .route("/api/feedback", post(feedback_post))
        .route("/api/gaps", get(gaps))
        .fallback(|| async {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "no such page: the API is /api/match, /api/scan, /api/article/ID, /api/stats, /api/feedback \
                 and /api/gaps",
            )
        })
        .method_not_allowed_fallback(|| async {
            ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method not allowed here")
        })
        .layer(DefaultBodyLimit::max(options.body_limit))
        .layer(middleware::from_fn_with_state(state.clone(), time_limit))
        .layer(middleware::map_response(security_headers))
        .with_state(state)
}

/// Marked once a request's body has arrived whole and its work begins: a
/// request past its time limit before that waited on its client (408),
/// after it on the server (503).
#[derive(Debug, Clone, Default)]
struct BodyArrived(Arc<AtomicBool>);

impl BodyArrived {
    fn mark(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Marked once a search has its turn: a request past its time limit
/// before that waited for the other searches (503, try again), after it
/// on its own search (503, a shorter paste).
#[derive(Debug, Clone, Default)]
struct SearchStarted(Arc<AtomicBool>);

/// Every request, its body included, within the time limit.
async fn time_limit(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    // Only `POST /api/match` reads a body; every other request's time is
    // the server's from the start.
    let headers = request.headers();
    let has_body = request.method() == Method::POST
        && (headers.contains_key(header::TRANSFER_ENCODING)
            || headers.get(header::CONTENT_LENGTH).is_some_and(|length| length.as_bytes() != b"0"));
    let arrived = BodyArrived::default();
    if !has_body {
        arrived.mark();
    }
    request.extensions_mut().insert(arrived.clone());
    let started = SearchStarted::default();
    if !matches!(request.uri().path(), "/api/match" | "/api/scan" | "/api/gaps") {
        // Only a search waits for its turn.
        started.0.store(true, Ordering::Relaxed);
    }
    request.extensions_mut().insert(started.clone());
    match tokio::time::timeout(state.request_timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) if !arrived.0.load(Ordering::Relaxed) => body_too_slow(state.request_timeout).into_response(),
        Err(_) if !started.0.load(Ordering::Relaxed) => waited_too_long(state.request_timeout).into_response(),
        Err(_) => too_slow(state.request_timeout).into_response(),
    }
}

/// The whole answer to a request whose target of `length` bytes is longer
/// than the server reads (see `super::read_first_line`).
pub(super) async fn target_too_long(length: usize) -> Response {
    let error = ApiError::new(
        StatusCode::URI_TOO_LONG,
        format!(
            "the address is {length} bytes, more than {}: send a long paste as the body of \
             POST /api/match instead of ?q=",
            MAX_URI_BYTES
        ),
    );
    security_headers(error.into_response()).await
}

/// The search itself ran past the time limit.
fn too_slow(limit: Duration) -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        format!("the search took more than {}: try a shorter paste", seconds(limit)),
    )
}

/// The search waited for its turn past the time limit.
fn waited_too_long(limit: Duration) -> ApiError {
    ApiError::busy(
        format!(
            "the request took more than {} waiting for its turn: the server is busy, try again shortly",
            seconds(limit)
        ),
        RETRY_AFTER_SECONDS,
    )
}

/// What a 503 of a busy server tells a client to wait, in seconds.
const RETRY_AFTER_SECONDS: u64 = 2;

/// The client sent less of the body than it announced before the time limit.
fn body_too_slow(limit: Duration) -> ApiError {
    ApiError::new(
        StatusCode::REQUEST_TIMEOUT,
        format!(
            "the request body did not arrive within {}: send it again, whole (check the connection \
             and the Content-Length)",
            seconds(limit)
        ),
    )
}

/// A time limit as the errors write it: `30 s`, or `0.5 s` below a second.
fn seconds(limit: Duration) -> String {
    if limit.subsec_millis() == 0 { format!("{} s", limit.as_secs()) } else { format!("{} s", limit.as_secs_f64()) }
}

/// The page may load only its own script and style, and nothing from elsewhere.
async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; \
             base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

async fn page() -> Response {
    asset("text/html; charset=utf-8", PAGE_HTML).await
}

async fn asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// A match request's parameters: `q` (GET only; a POST's body is the
/// paste), `limit`, and the filters `kind` and `product`, each repeatable.
#[derive(Debug, Default)]
struct MatchParams {
    q: Option<String>,
    options: crate::SearchOptions,
}

impl MatchParams {
    fn parse(raw: Option<&str>, settings: &crate::Settings) -> Result<MatchParams, ApiError> {
        let bad = |message: String| ApiError::new(StatusCode::BAD_REQUEST, message);
        let mut params = MatchParams { q: None, options: crate::SearchOptions::default().settings(settings.clone()) };
        for (name, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
            let options = std::mem::take(&mut params.options);
            params.options = match name.as_ref() {
                "q" => {
                    params.q = Some(value.into_owned());
                    options
                }
                "limit" => match value.parse::<usize>() {
                    Ok(n @ 1..=SearchOptions::MAX_LIMIT) => options.limit(n),
                    _ => return Err(bad(format!("limit {value}: give 1 to {}", SearchOptions::MAX_LIMIT))),
                },
                "kind" => options.kind(value.parse().map_err(|e: Error| bad(e.to_string()))?),
                "product" => options.product(value.into_owned()),
                "min_confidence" => match SearchOptions::parse_confidence(&value) {
                    Ok(x) => options.min_confidence(x),
                    Err(why) => return Err(bad(format!("min_confidence {why}"))),
                },
                // Other parameters (a cache buster, say) change nothing.
                _ => options,
            };
        }
        Ok(params)
    }
}

async fn feedback_post(
    State(state): State<AppState>,
    Extension(arrived): Extension<BodyArrived>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    arrived.mark();
    super::feedback::record(state.feedback, headers, body)
        .await
        .map_err(|(status, message)| ApiError::new(status, message))
}

/// The gaps report (see [`super::gaps`]): many searches, so it waits for
/// a long slot and a matching slot as a log does.
async fn gaps(
    State(state): State<AppState>,
    Extension(started): Extension<SearchStarted>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let refused = |(status, message): (StatusCode, String)| ApiError::new(status, message);
    if form_urlencoded::parse(raw.as_deref().unwrap_or_default().as_bytes()).any(|(name, _)| name == "check") {
        started.0.store(true, Ordering::Relaxed);
        return Ok(Json(state.gaps.check().map_err(refused)?).into_response());
    }
    state.gaps.check().map_err(refused)?;
    let long = long_turn(&state).await?;
    let permit = state.queries.clone().acquire_owned().await.map_err(|_| busy())?;
    started.0.store(true, Ordering::Relaxed);
    let (kb, gaps) = (state.kb.snapshot(), state.gaps.clone());
    let report = tokio::task::spawn_blocking(move || {
        let _permits = (permit, long);
        gaps.report(&kb)
    })
    .await
    .map_err(|_| busy())?;
    Ok(Json(&*report.map_err(refused)?).into_response())
}

async fn match_get(
    State(state): State<AppState>,
    Extension(started): Extension<SearchStarted>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let params = MatchParams::parse(raw.as_deref(), &state.settings)?;
    run_match(state, started, params.q.unwrap_or_default(), params.options).await
}

/// The body is the paste. A form (`application/x-www-form-urlencoded`, as
/// an HTML form or `curl -d 'q=...'` sends it) holds the GET query's fields
/// when it has a `q` field; without one it is the paste too, as `curl
/// --data-binary @error.txt` and Python's `urllib` send a file (they label
/// every body a form).
async fn match_post(
    State(state): State<AppState>,
    Extension(arrived): Extension<BodyArrived>,
    Extension(started): Extension<SearchStarted>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let params = MatchParams::parse(raw.as_deref(), &state.settings)?;
    let body = body?;
    arrived.mark();
    let is_form = headers.get(header::CONTENT_TYPE).and_then(|t| t.to_str().ok()).is_some_and(|t| {
        t.split(';').next().is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/x-www-form-urlencoded"))
    });
    let text = crate::decode_text(&body);
    if is_form && form_urlencoded::parse(text.as_bytes()).any(|(name, _)| name == "q") {
        // The address's fields first, the form's after: the form's `q` and
        // filters are read as if they were in the address.
        let fields = [raw.as_deref().unwrap_or_default(), &text].join("&");
        let params = MatchParams::parse(Some(&fields), &state.settings)?;
        return run_match(state, started, params.q.unwrap_or_default(), params.options).await;
    }
    run_match(state, started, text.into_owned(), params.options).await
}

async fn run_match(
    state: AppState,
    search_started: SearchStarted,
    query: String,
    options: crate::SearchOptions,
) -> Result<Response, ApiError> {
    let started = std::time::Instant::now();
    if query.trim().is_empty() {
        return Err(Error::EmptyQuery.into());
    }
    if query.len() > KnowledgeBase::MAX_QUERY_BYTES {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            format!(
                "the query is {} bytes, more than {}: paste only the lines around the error, \
                 or triage the whole log with `kbmatch scan`",
                query.len(),
                KnowledgeBase::MAX_QUERY_BYTES
            ),
        ));
    }
    // A long paste waits for one of the few long slots first, then for a
    // slot like any other: short questions never queue behind long ones.
    let long = if query.len() > state.long_paste_bytes { Some(long_turn(&state).await?) } else { None };
    let permit = state.queries.clone().acquire_owned().await.map_err(|_| busy())?;
    search_started.0.store(true, Ordering::Relaxed);
    // One generation for the answer and the corpus its sources are shown in.
    let kb = state.kb.snapshot();
    let questions = state.questions.clone();
    let answer = tokio::task::spawn_blocking(move || {
        // The permits live as long as the work, even if the client is gone.
        let _permits = (permit, long);
        if let Some(log) = &questions {
            let at = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_secs();
            if let Err(e) = log.append_json(&serde_json::json!({ "query": query, "at": at }), false) {
                eprintln!("kbmatch: the question log: {e}");
            }
        }
        let mut answer = kb.answer(&query, &options)?;
        for hit in &mut answer.results {
            hit.source = hit.source.as_deref().map(|source| kb.relative_source(source));
        }
        Ok::<_, Error>(answer)
    })
    .await
    .map_err(|_| busy())?;
    // The timer in `time_limit` ticks in milliseconds: a search that ends
    // past the limit but before the tick is still late.
    if started.elapsed() > state.request_timeout {
        return Err(too_slow(state.request_timeout));
    }
    Ok(Json(answer?).into_response())
}

/// One of the few long slots, for a long paste or a log: refused at once
/// when enough wait already.
async fn long_turn(state: &AppState) -> Result<tokio::sync::OwnedSemaphorePermit, ApiError> {
    let waiting = state.long_waiting.fetch_add(1, Ordering::SeqCst);
    let _left = Leave(&state.long_waiting);
    if waiting >= state.long_queue && state.long.available_permits() == 0 {
        return Err(ApiError::busy(
            format!(
                "the server is matching other long pastes or logs and {waiting} more wait: try again shortly, \
                 or paste only the lines around the error"
            ),
            RETRY_AFTER_SECONDS,
        ));
    }
    state.long.clone().acquire_owned().await.map_err(|_| busy())
}

/// Most hits a scan's finding may ask for (`hits`).
const MAX_SCAN_HITS: usize = 10;

/// A whole log triaged: the body is the log (text in any encoding `scan`
/// reads, or a `.evtx` file), `?name=` names it in the report (its last
/// path part only), `?hits=N` the hits per finding. The answer is the
/// `scan --json` object. A log is many searches: it holds one of the long
/// slots and a matching slot while it is read.
async fn scan(
    State(state): State<AppState>,
    Extension(arrived): Extension<BodyArrived>,
    Extension(started): Extension<SearchStarted>,
    RawQuery(raw): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let bad = |message: String| ApiError::new(StatusCode::BAD_REQUEST, message);
    let mut options = crate::ScanOptions { settings: state.settings.clone(), ..Default::default() };
    for (name, value) in form_urlencoded::parse(raw.as_deref().unwrap_or_default().as_bytes()) {
        match name.as_ref() {
            "name" => options.name = log_name(&value),
            "hits" => match value.parse::<usize>() {
                Ok(n @ 1..=MAX_SCAN_HITS) => options.hits = n,
                _ => return Err(bad(format!("hits {value}: give 1 to {MAX_SCAN_HITS}"))),
            },
            _ => {}
        }
    }
    let body = match body {
        Ok(body) => body,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "the log is larger than {} MiB, the most this server takes: scan the lines around the \
                     failure, or run `kbmatch scan` on the whole file",
                    state.log_limit / (1024 * 1024)
                ),
            ));
        }
        Err(e) => return Err(e.into()),
    };
    arrived.mark();
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(bad("the log is empty: send its text, or its .evtx file, as the body".into()));
    }
    let long = long_turn(&state).await?;
    let permit = state.queries.clone().acquire_owned().await.map_err(|_| busy())?;
    started.0.store(true, Ordering::Relaxed);
    let kb = state.kb.snapshot();
    let report = tokio::task::spawn_blocking(move || {
        let _permits = (permit, long);
        let mut report = kb.scan_bytes(body.into(), &options)?;
        for hit in report.findings.iter_mut().flat_map(|f| &mut f.hits) {
            hit.source = hit.source.as_deref().map(|source| kb.relative_source(source));
        }
        Ok::<_, Error>(report)
    })
    .await
    .map_err(|_| busy())?;
    Ok(Json(report?).into_response())
}

/// A log's name as a report shows it: the last part of the path a browser
/// or client gives, without control characters, 200 bytes at most.
fn log_name(given: &str) -> String {
    let last = given.rsplit(['/', '\\']).next().unwrap_or(given);
    let clean: String = last.chars().filter(|c| !c.is_control()).collect();
    let clean = clean.trim();
    if clean.is_empty() {
        crate::ScanOptions::default().name
    } else {
        clean[..clean.floor_char_boundary(200)].to_string()
    }
}

/// Counts a waiting long paste out when it stops waiting (its turn came,
/// it was refused, or its client left).
struct Leave<'a>(&'a AtomicUsize);

impl Drop for Leave<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn busy() -> ApiError {
    ApiError::busy("the server is shutting down or overloaded: try again", RETRY_AFTER_SECONDS)
}

async fn article(State(state): State<AppState>, id: Result<Path<String>, PathRejection>) -> Result<Response, ApiError> {
    let Path(id) = id?;
    if id.len() > MAX_ID_BYTES || id.chars().any(char::is_control) {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "not an article id"));
    }
    // Both spellings are looked up in the same generation.
    let index = state.kb.snapshot();
    let found = tokio::task::spawn_blocking(move || {
        let mut article = match index.article(&id) {
            // `/api/article/kbmatch-notes/2011/08/05/slug/`: a permalink whose
            // leading slash was taken by the route.
            Err(Error::ArticleNotFound(_)) if id.contains('/') && !id.starts_with('/') => {
                index.article(&format!("/{id}")).map_err(|_| Error::ArticleNotFound(id))
            }
            result => result,
        }?;
        article.sources = article.sources.iter().map(|source| index.relative_source(source)).collect();
        Ok::<_, Error>(article)
    })
    .await
    .map_err(|_| busy())?;
    Ok(Json(found?).into_response())
}

/// The library's stats, with the corpus paths and the index folder by
/// their last names only: nothing of where this machine keeps its files.
async fn stats(State(state): State<AppState>) -> Result<Json<crate::Stats>, ApiError> {
    let mut stats = state.kb.stats()?;
    let last_name = |path: &std::path::Path| path.file_name().map(|name| name.to_string_lossy().into_owned());
    stats.corpus =
        stats.corpus.iter().map(|path| last_name(std::path::Path::new(path)).unwrap_or_else(|| path.clone())).collect();
    stats.index = last_name(&stats.index).unwrap_or_default().into();
    Ok(Json(stats))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_s_own_trouble_names_none_of_its_folders() {
        let damaged = Error::IndexDamaged {
            path: "/srv/kb/index".into(),
            why: "a segment file is missing".into(),
            corpus: vec!["/srv/kb/corpus".into()],
        };
        let answer = ApiError::from(damaged);
        assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!answer.message.contains("/srv"), "{}", answer.message);
        // A client's own mistake is told as it is.
        let empty = ApiError::from(Error::EmptyQuery);
        assert_eq!(
            (empty.status, empty.message.as_str()),
            (StatusCode::BAD_REQUEST, Error::EmptyQuery.to_string().as_str())
        );
    }
}
