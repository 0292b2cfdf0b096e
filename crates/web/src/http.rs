//! Errors, security headers, the read-token gate and `/healthz`.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::AppState;
use crate::errors::RouteFormat;

/// A failed request: its status and a message for people. API routes answer it as
/// `{"error": {"status", "message"}}`, pages as an HTML page.
#[derive(Debug, Clone)]
pub struct AppError {
    pub status: StatusCode,
    pub message: String,
}

impl AppError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> AppError {
        AppError {
            status,
            message: message.into(),
        }
    }
    pub fn not_found(message: impl Into<String>) -> AppError {
        AppError::new(StatusCode::NOT_FOUND, message)
    }
    pub fn bad_request(message: impl Into<String>) -> AppError {
        AppError::new(StatusCode::BAD_REQUEST, message)
    }
    pub fn internal(message: impl Into<String>) -> AppError {
        AppError::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
    /// The JSON form.
    pub fn json(&self) -> Response {
        crate::errors::render(self, RouteFormat::Json)
    }
}

/// Handlers' errors render as HTML pages; under `/api/` and `/feeds/` the
/// [`crate::errors::in_route_format`] middleware renders them again in the route's format.
impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        crate::errors::render(&self, RouteFormat::Html)
    }
}

/// Bytes of search words the web layer passes to the store at most: the store's own cap
/// ([`tidings_store::search::MAX_QUERY_BYTES`]), checked here first so that a long query is
/// refused before it takes a blocking thread or a reader, on every route that reads `q`.
pub const MAX_QUERY_BYTES: usize = tidings_store::search::MAX_QUERY_BYTES;

/// Search words from a request (`q`), trimmed; `None` when there are none; a 400 when they
/// are longer than [`MAX_QUERY_BYTES`].
pub fn search_words(q: Option<&str>) -> Result<Option<String>, AppError> {
    let q = q.map(str::trim).unwrap_or("");
    if q.len() > MAX_QUERY_BYTES {
        return Err(AppError::bad_request(format!(
            "the search words (q) are {} bytes long; at most {MAX_QUERY_BYTES} are read. \
             Use fewer words",
            q.len()
        )));
    }
    Ok((!q.is_empty()).then(|| q.to_owned()))
}

pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
img-src 'self' data:; connect-src 'self'; manifest-src 'self'; worker-src 'self'; \
font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Adds the security headers to every response.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    );
    res
}

pub const TOKEN_COOKIE: &str = "tidings_token";

/// With a read token configured, lets through only requests that carry it (`/healthz` and the
/// static files needed to show the "token needed" page are always open).
pub async fn read_token(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(expected) = state.config().read_token.clone() else {
        return next.run(req).await;
    };
    let path = req.uri().path();
    if path == "/healthz" {
        return next.run(req).await;
    }
    // The admin token opens reads too (it can write, so it may read).
    let admin = state.config().admin_token.as_deref();
    if bearer(req.headers())
        .is_some_and(|t| same(t, &expected) || admin.is_some_and(|a| same(t, a)))
        || cookie(req.headers(), TOKEN_COOKIE).is_some_and(|t| same(t, &expected))
    {
        return next.run(req).await;
    }
    // `?token=` once: set the cookie and go on to the same page without the token in the URL.
    if let Some(given) = query_param(req.uri().query().unwrap_or(""), "token")
        && same(&given, &expected)
    {
        let mut res =
            (StatusCode::SEE_OTHER, [(header::LOCATION, path.to_owned())]).into_response();
        if let Ok(v) = HeaderValue::from_str(&format!(
            "{TOKEN_COOKIE}={given}; Path=/; HttpOnly; SameSite=Strict; Max-Age=31536000"
        )) {
            res.headers_mut().insert(header::SET_COOKIE, v);
        }
        return res;
    }
    let err = AppError::new(
        StatusCode::UNAUTHORIZED,
        "this server needs a read token: Authorization: Bearer TOKEN, or open any page once with ?token=TOKEN",
    );
    let mut res = if path.starts_with("/api/") {
        err.json()
    } else {
        err.into_response()
    };
    res.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"tidings\""),
    );
    res
}

/// The bearer token of a request, if any.
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Compares without stopping at the first difference.
pub(crate) fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// One query parameter, percent-decoded.
pub fn query_param(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        (k == name).then(|| percent_decode(v))
    })
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `/healthz`: the store answers.
pub async fn healthz(State(state): State<AppState>) -> Response {
    match state.db(|s| s.count_articles()).await {
        Ok(n) => (
            [(header::CACHE_CONTROL, "no-store")],
            axum::Json(json!({"status": "ok", "articles": n})),
        )
            .into_response(),
        Err(e) => AppError::new(StatusCode::SERVICE_UNAVAILABLE, e.message).json(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_query_params() {
        assert_eq!(
            query_param("a=1&token=x%20y+z", "token").as_deref(),
            Some("x y z")
        );
        assert_eq!(query_param("token=%", "token").as_deref(), Some("%"));
        assert_eq!(query_param("token=%4", "token").as_deref(), Some("%4"));
        assert_eq!(query_param("token=%zz", "token").as_deref(), Some("%zz"));
        assert_eq!(query_param("a=1", "token"), None);
    }

    #[test]
    fn compares_tokens() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "abcd"));
    }
}
