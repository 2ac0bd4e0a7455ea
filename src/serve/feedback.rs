//! `POST /api/feedback`: "this fixed it", `{"paste": "...", "article":
//! "Q219324", "ticket": "INC0031204"}` (ticket optional), appended to the
//! server's feedback file (`serve --feedback FILE`) as one whole line
//! (see [`crate::FeedbackLog`]). Writing needs the token the server was
//! given (`--feedback-token`), sent as `Authorization: Bearer TOKEN` or
//! `X-Kbmatch-Token: TOKEN`: without one configured, or with another, 403
//! and nothing written. Bad input is a 400 with a JSON error, and nothing
//! written; a record is 201 with the record.
use crate::{FeedbackLog, KnowledgeBase};
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::sync::Arc;

/// The header that may carry the token, besides `Authorization: Bearer`.
pub const TOKEN_HEADER: &str = "x-kbmatch-token";

/// What the route needs of the server: the knowledge base, the file and the token.
#[derive(Clone)]
pub(super) struct Feedback {
    pub(super) kb: Arc<KnowledgeBase>,
    pub(super) log: Option<Arc<FeedbackLog>>,
    pub(super) token: Option<Arc<str>>,
}

/// Whether two byte strings are equal, in a time that does not tell where
/// they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

fn token_sent(headers: &HeaderMap) -> Option<&str> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")));
    bearer.or_else(|| headers.get(TOKEN_HEADER).and_then(|v| v.to_str().ok())).map(str::trim)
}

/// A field that must be a string (or, where optional, absent or null).
fn text<'a>(body: &'a Value, name: &str, optional: bool) -> Result<Option<&'a str>, Refusal> {
    match body.get(name) {
        Some(Value::String(s)) => Ok(Some(s)),
        None | Some(Value::Null) if optional => Ok(None),
        None => Err(bad(format!("the body has no \"{name}\": give it as a string"))),
        Some(_) => Err(bad(format!("\"{name}\" must be a string"))),
    }
}

fn bad(message: String) -> Refusal {
    (StatusCode::BAD_REQUEST, message)
}

/// A refusal: its status and what to tell the client.
pub(super) type Refusal = (StatusCode, String);

fn refuse(status: StatusCode, message: &str) -> Refusal {
    (status, message.to_string())
}

/// Check the token and the body, then record.
pub(super) async fn record(
    state: Feedback,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Refusal> {
    let Some(log) = state.log.clone() else {
        return Err(refuse(
            StatusCode::NOT_FOUND,
            "feedback is off: the server records it when started with --feedback FILE and --feedback-token",
        ));
    };
    let Some(token) = state.token.as_deref() else {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            "feedback needs a token and the server has none: start it with --feedback-token",
        ));
    };
    if !token_sent(&headers).is_some_and(|sent| same(sent.as_bytes(), token.as_bytes())) {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            "feedback needs the server's token: send it as Authorization: Bearer TOKEN",
        ));
    }
    let body = body.map_err(|r| (r.status(), r.body_text()))?;
    let value: Value = serde_json::from_slice(&body)
        .map_err(|e| bad(format!("the body is not JSON ({e}): send {{\"paste\": ..., \"article\": ...}}")))?;
    if !value.is_object() {
        return Err(bad("the body must be a JSON object {paste, article, ticket?}".into()));
    }
    let paste = text(&value, "paste", false)?.unwrap_or_default().to_string();
    let article = text(&value, "article", false)?.unwrap_or_default().to_string();
    let ticket = text(&value, "ticket", true)?.map(str::to_string);
    let kb = state.kb.clone();
    let written = tokio::task::spawn_blocking(move || {
        let record = kb.feedback(&paste, &article, ticket.as_deref())?;
        log.append(&record)?;
        Ok::<_, crate::Error>(record)
    })
    .await
    .map_err(|e| failed(&crate::Error::Internal(e.to_string())))?;
    let record = written.map_err(|e| match e {
        crate::Error::Input(message) => bad(message),
        e => failed(&e),
    })?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "recorded": record }))).into_response())
}

/// The server's own trouble: told on stderr, the client told to try again.
fn failed(e: &crate::Error) -> Refusal {
    eprintln!("kbmatch: a feedback post failed: {e}");
    refuse(
        StatusCode::INTERNAL_SERVER_ERROR,
        "the feedback could not be recorded: try again; the server's stderr says why",
    )
}
