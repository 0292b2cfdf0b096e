//! Every error answer in its route's format: JSON (`{"error": {"status", "message"}}`) under
//! `/api/`, plain text under `/feeds/` (a feed reader shows it as it is), an HTML page
//! elsewhere.
//!
//! Handlers answer with an [`AppError`], which renders itself and records what it is in the
//! response's extensions. The [`in_route_format`] middleware, outside every route, looks at
//! each error answer: one already in its route's format goes out as it is; one in another
//! format (a page handler's error under `/feeds/`, say) is rendered again from the recorded
//! error; one that is not ours at all (axum's 405 with its `Allow` header, its rejections of a
//! bad query string or path, a panic) gets our format with its message, status and headers.

use std::panic::AssertUnwindSafe;

use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt;
use serde_json::json;

use crate::AppError;

/// The format of a route's answers, by its path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RouteFormat {
    /// `/api/…`: JSON.
    Json,
    /// `/feeds/…`: plain text.
    Text,
    /// Pages: HTML.
    Html,
}

impl RouteFormat {
    /// The format of the answers under `path`.
    pub fn of(path: &str) -> RouteFormat {
        if path == "/api" || path.starts_with("/api/") {
            RouteFormat::Json
        } else if path.starts_with("/feeds/") {
            RouteFormat::Text
        } else {
            RouteFormat::Html
        }
    }
}

/// Marks a response as an error already rendered in a format.
#[derive(Clone, Copy, Debug)]
struct Rendered(RouteFormat);

/// An error response in `format`, marked with what it is.
pub(crate) fn render(e: &AppError, format: RouteFormat) -> Response {
    let mut res = match format {
        RouteFormat::Json => (
            e.status,
            axum::Json(json!({"error": {"status": e.status.as_u16(), "message": e.message}})),
        )
            .into_response(),
        RouteFormat::Text => (
            e.status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!(
                "{} {}: {}\n",
                e.status.as_u16(),
                e.status.canonical_reason().unwrap_or("Error"),
                e.message
            ),
        )
            .into_response(),
        RouteFormat::Html => crate::pages::error_page(e),
    };
    res.extensions_mut().insert(Rendered(format));
    res.extensions_mut().insert(e.clone());
    res
}

/// Bytes of a foreign error body read for its message at most.
const MESSAGE_BYTES: usize = 4096;

/// Puts every error answer in its route's format, and answers a handler's panic with a 500
/// in that format instead of dropping the connection.
pub async fn in_route_format(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let method = req.method().clone();
    let format = RouteFormat::of(&path);
    let res = match AssertUnwindSafe(next.run(req)).catch_unwind().await {
        Ok(res) => res,
        Err(_) => {
            tracing::error!(%method, path, "a handler panicked");
            return render(
                &AppError::internal("the server failed on this request; see the server log"),
                format,
            );
        }
    };
    if !(res.status().is_client_error() || res.status().is_server_error())
        || res
            .extensions()
            .get::<Rendered>()
            .is_some_and(|r| r.0 == format)
    {
        return res;
    }
    let (parts, body) = res.into_parts();
    let err = match parts.extensions.get::<AppError>() {
        Some(e) => e.clone(),
        None => {
            let text = match parts.headers.get(header::CONTENT_TYPE) {
                Some(t) if t.as_bytes().starts_with(b"text/plain") => {
                    axum::body::to_bytes(body, MESSAGE_BYTES)
                        .await
                        .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
                        .unwrap_or_default()
                }
                _ => String::new(),
            };
            AppError::new(
                parts.status,
                foreign_message(parts.status, &method, &path, &parts.headers, text),
            )
        }
    };
    let mut out = render(&err, format);
    // Headers that say something about the error (`Allow`, `WWW-Authenticate`,
    // `Retry-After`, `Connection: close`) stay; the body's own do not.
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE
            && name != header::CONTENT_LENGTH
            && !out.headers().contains_key(name)
        {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    out
}

/// The message of an error answer that is not ours.
fn foreign_message(
    status: StatusCode,
    method: &Method,
    path: &str,
    headers: &axum::http::HeaderMap,
    text: String,
) -> String {
    if status == StatusCode::METHOD_NOT_ALLOWED {
        let allowed = headers
            .get(header::ALLOW)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .replace(',', ", ");
        // axum's method router adds `Allow` outside this middleware (after its layers run),
        // so the header is often not here yet; the answer carries it all the same.
        return if allowed.is_empty() {
            format!("{method} is not allowed on {path} (see the Allow header)")
        } else {
            format!("{method} is not allowed on {path} (allowed: {allowed})")
        };
    }
    if text.is_empty() {
        status.canonical_reason().unwrap_or("error").to_owned()
    } else {
        text
    }
}

/// `Connection: close`, for answers given before a request was read to its end.
pub(crate) fn close(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_path() {
        assert_eq!(RouteFormat::of("/api/v1/stories"), RouteFormat::Json);
        assert_eq!(RouteFormat::of("/api"), RouteFormat::Json);
        assert_eq!(RouteFormat::of("/feeds/top.rss"), RouteFormat::Text);
        assert_eq!(RouteFormat::of("/apiary"), RouteFormat::Html);
        assert_eq!(RouteFormat::of("/story/1"), RouteFormat::Html);
    }

    #[test]
    fn names_the_allowed_methods() {
        let mut h = axum::http::HeaderMap::new();
        h.insert(header::ALLOW, HeaderValue::from_static("GET,HEAD"));
        assert_eq!(
            foreign_message(
                StatusCode::METHOD_NOT_ALLOWED,
                &Method::POST,
                "/",
                &h,
                String::new()
            ),
            "POST is not allowed on / (allowed: GET, HEAD)"
        );
    }
}
