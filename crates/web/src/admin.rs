//! Admin writes (documented in [`crate::api::table`] beside the reads) and the background
//! fetch loop.
//!
//! Every write needs `Authorization: Bearer <TIDINGS_ADMIN_TOKEN>`: without an admin token
//! configured the server refuses writes (403), with a missing or wrong token it asks for one
//! (401). Only the header counts — never the read token, the cookie or a query parameter, so
//! a page cannot make a reader's browser write. The engine does the work on the blocking
//! pool; its errors map to statuses: bad input 400/422, unknown ids 404, a failed fetch 502,
//! no engine or no fetcher 503.
//!
//! - `POST /api/v1/sources` `{"url": …}`: adds a source (201, or 200 when the URL is one
//!   already); it is due at once, and its first fetch tells feed from page.
//! - `POST /api/v1/sources/{id}/fetch`: fetches it now; answers the report and its health.
//! - `DELETE /api/v1/sources/{id}`: stops fetching it (204); its articles stay.
//! - `POST /api/v1/articles/{id}/reextract`: the raw page is not stored, so the article's
//!   URL is fetched again and extracted; the article keeps its id and story (see
//!   `tidings_engine::Engine::reextract`). A new body with no words or under half the
//!   stored one's is refused (409, nothing changed) unless `?force=true`.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use tidings_engine::{EngineError, FetchReport, FetchStatus, Writes};
use tidings_fetch::FetchError;

use crate::{AppError, AppState};

/// An admin error, answered as JSON (a 401 with its `WWW-Authenticate`).
pub struct AdminError(AppError);

impl IntoResponse for AdminError {
    fn into_response(self) -> Response {
        let mut res = self.0.json();
        if self.0.status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"tidings-admin\""),
            );
        }
        res
    }
}

impl From<AppError> for AdminError {
    fn from(e: AppError) -> Self {
        AdminError(e)
    }
}

/// An admin answer or its error.
type AdminResult = Result<Response, AdminError>;

/// Checks the admin token and that the server can write; gives the engine.
pub fn require_admin(state: &AppState, headers: &HeaderMap) -> Result<Arc<dyn Writes>, AdminError> {
    let Some(expected) = state.config().admin_token.as_deref() else {
        return Err(AppError::new(
            StatusCode::FORBIDDEN,
            "this server has no admin token: writes are off (start it with TIDINGS_ADMIN_TOKEN set)",
        )
        .into());
    };
    if !crate::http::bearer(headers).is_some_and(|t| crate::http::same(t, expected)) {
        return Err(AppError::new(
            StatusCode::UNAUTHORIZED,
            "writes need the admin token: Authorization: Bearer TOKEN",
        )
        .into());
    }
    state.writes().ok_or_else(|| {
        AppError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "this server was started without the engine: it cannot write",
        )
        .into()
    })
}

/// The admin gate in front of every API handler: any request under `/api/` other than a read
/// (GET, HEAD) needs the admin token, whatever its handler does (each admin handler checks
/// again, through [`require_admin`], so a route added later is closed twice over). It stands
/// behind the routing: a method a route does not take gets 405, not 401/403.
pub async fn gate(
    State(state): State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let read = matches!(*req.method(), Method::GET | Method::HEAD);
    if read || !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    match require_admin(&state, req.headers()) {
        Ok(_) => next.run(req).await,
        Err(e) => e.into_response(),
    }
}

/// Runs an engine call on the blocking pool (it fetches and writes synchronously).
async fn run<T, F>(engine: Arc<dyn Writes>, f: F) -> Result<T, AdminError>
where
    T: Send + 'static,
    F: FnOnce(&dyn Writes) -> Result<T, EngineError> + Send + 'static,
{
    match tokio::task::spawn_blocking(move || f(engine.as_ref())).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(engine_error(&e).into()),
        Err(e) => {
            tracing::error!("engine task: {e}");
            Err(AppError::internal("the engine task failed").into())
        }
    }
}

/// The status an engine error answers with.
fn engine_error(e: &EngineError) -> AppError {
    let status = match e {
        EngineError::NotFound(_) => StatusCode::NOT_FOUND,
        EngineError::Fetch(
            FetchError::BadUrl { .. } | FetchError::Scheme { .. } | FetchError::Blocked { .. },
        ) => StatusCode::UNPROCESSABLE_ENTITY,
        EngineError::Fetch(FetchError::Client(_)) | EngineError::NoFetcher => {
            StatusCode::SERVICE_UNAVAILABLE
        }
        EngineError::Fetch(_) => StatusCode::BAD_GATEWAY,
        EngineError::Refused(_) => StatusCode::CONFLICT,
        EngineError::NoUrl(_) | EngineError::Extract(..) | EngineError::Invalid(..) => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        EngineError::Io(..) | EngineError::Store(_) => {
            tracing::error!("admin write: {e}");
            return AppError::internal("the store failed; see the server log");
        }
    };
    AppError::new(status, e.to_string())
}

fn path_id(raw: &str, what: &str) -> Result<i64, AdminError> {
    Ok(crate::pages::parse_id(raw, what)?)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AddSource {
    url: String,
}

/// `POST /api/v1/sources`.
pub async fn add_source(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> AdminResult {
    let engine = require_admin(&state, &headers)?;
    let req: AddSource = serde_json::from_slice(&body).map_err(|e| {
        AppError::bad_request(format!(
            "the body must be JSON {{\"url\": \"https://…\"}}: {e}"
        ))
    })?;
    let (source, created) = run(engine, move |w| w.add_source(&req.url)).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let mut res = (
        status,
        axum::Json(json!({"source": source, "created": created})),
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("/api/v1/sources/{}", source.id)) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    Ok(res)
}

/// `POST /api/v1/sources/{id}/fetch`.
pub async fn fetch_source(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> AdminResult {
    let engine = require_admin(&state, &headers)?;
    let id = path_id(&raw, "source")?;
    let report = run(engine, move |w| w.fetch_source(id)).await?;
    let source = state.db(move |s| s.source(id)).await?;
    Ok(axum::Json(json!({"report": report_json(&report), "source": source})).into_response())
}

/// `DELETE /api/v1/sources/{id}`.
pub async fn delete_source(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> AdminResult {
    let engine = require_admin(&state, &headers)?;
    let id = path_id(&raw, "source")?;
    if run(engine, move |w| w.delete_source(id)).await? {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(AppError::not_found(format!("no source {id}")).into())
    }
}

/// `POST /api/v1/articles/{id}/reextract`.
pub async fn reextract(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> AdminResult {
    let engine = require_admin(&state, &headers)?;
    let id = path_id(&raw, "article")?;
    let force = query
        .as_deref()
        .unwrap_or("")
        .split('&')
        .any(|kv| matches!(kv, "force=true" | "force=1"));
    let done = run(engine, move |w| w.reextract(id, force)).await?;
    Ok(axum::Json(json!({
        "article": done.article,
        "url": done.url,
        "words_before": done.words_before,
        "words_after": done.words_after,
    }))
    .into_response())
}

/// A fetch report as JSON.
pub fn report_json(r: &FetchReport) -> Value {
    let status = match &r.status {
        FetchStatus::Fetched {
            added,
            known,
            failed,
            images,
        } => json!({"status": "fetched", "added": added, "known": known,
                    "failed": failed, "images": images}),
        FetchStatus::NotModified => json!({"status": "not_modified"}),
        FetchStatus::Failed(e) => json!({"status": "failed", "error": e}),
    };
    let mut v = json!({"source": r.source, "url": r.url});
    if let (Some(v), Value::Object(s)) = (v.as_object_mut(), status) {
        v.extend(s);
    }
    v
}

/// Sources fetched per round of the loop at most.
const PER_ROUND: usize = 50;

/// Every `every`, fetches the sources that are due (none configured: nothing to do, one
/// cheap query). New stories reach open pages through `/events`, which watches the store.
pub async fn fetch_loop(engine: Arc<dyn Writes>, every: Duration) {
    let mut tick = tokio::time::interval(every.max(Duration::from_secs(1)));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if engine.stopping() {
            return;
        }
        let e = Arc::clone(&engine);
        let now = chrono::Utc::now().timestamp();
        match tokio::task::spawn_blocking(move || e.fetch_due(now, PER_ROUND)).await {
            Ok(Ok(reports)) if !reports.is_empty() => {
                let failed = reports
                    .iter()
                    .filter(|r| matches!(r.status, FetchStatus::Failed(_)))
                    .count();
                tracing::info!(fetched = reports.len(), failed, "fetch round");
            }
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::error!("fetch round: {e}"),
            Err(e) => tracing::error!("fetch task: {e}"),
        }
    }
}
