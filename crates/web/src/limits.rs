//! Bounds on one request, inside the connection's own ([`crate::conn`]): its body is read
//! whole, within [`Limits::body_timeout`] and up to [`BODY_LIMIT`] bytes, before any handler
//! sees it (no route takes more than a small JSON body, so none streams one); a read (GET,
//! HEAD) is answered within [`Limits::read_timeout`] or given up with a 503. The store bounds
//! its own work; this bounds what the web layer waits for.

use axum::body::{Body, HttpBody};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;

use crate::conn::Limits;
use crate::errors::close;
use crate::{AppError, AppState};

/// Bytes of a request body at most (413 past it).
pub const BODY_LIMIT: usize = 64 * 1024;

/// The middleware.
pub async fn bound(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Limits {
        body_timeout,
        read_timeout,
        ..
    } = state.config().limits;
    let (parts, body) = req.into_parts();
    let body = if body.is_end_stream() {
        body
    } else {
        let declared = parts
            .headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > BODY_LIMIT as u64) {
            return too_large();
        }
        match tokio::time::timeout(body_timeout, read_body(body)).await {
            Err(_) => {
                return close(
                    AppError::new(
                        StatusCode::REQUEST_TIMEOUT,
                        format!("the request body did not arrive within {:?}", body_timeout),
                    )
                    .into_response(),
                );
            }
            Ok(Err(res)) => return *res,
            Ok(Ok(bytes)) => Body::from(bytes),
        }
    };
    let req = Request::from_parts(parts, body);
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return next.run(req).await;
    }
    match tokio::time::timeout(read_timeout, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            let mut res = AppError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("this took longer than {read_timeout:?}; try again later"),
            )
            .into_response();
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("10"));
            res
        }
    }
}

/// The whole body, or the answer for one too large or broken off.
async fn read_body(body: Body) -> Result<Vec<u8>, Box<Response>> {
    let mut stream = body.into_data_stream();
    let mut out = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| {
            Box::new(close(
                AppError::bad_request(format!("the request body could not be read: {e}"))
                    .into_response(),
            ))
        })?;
        if out.len() + chunk.len() > BODY_LIMIT {
            return Err(Box::new(too_large()));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}

fn too_large() -> Response {
    close(
        AppError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("a request body may hold {BODY_LIMIT} bytes at most"),
        )
        .into_response(),
    )
}
