//! `/images/{hash}`: lead images from the local cache, so pages show them without a request
//! to a third party (the CSP allows images from this server only).
//!
//! The engine keeps only raster images it fetched and checked by their bytes (PNG, JPEG,
//! GIF, WebP, AVIF; never SVG), under the SHA-256 of their bytes. The hash names the
//! content, so an answer never changes: it is cached for a year, `immutable`; `nosniff` (set
//! on every response) keeps browsers to the type given.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::{AppError, AppState};

/// Whether a string is a SHA-256 in lower-case hex.
pub fn is_hash(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The local address of a cached image.
pub fn path(hash: &str) -> String {
    format!("/images/{hash}")
}

/// `/images/{hash}`.
pub async fn image(
    State(state): State<AppState>,
    Path(hash): Path<String>,
) -> Result<Response, AppError> {
    if !is_hash(&hash) {
        return Err(AppError::not_found("no such image"));
    }
    let h = hash.clone();
    let img = state
        .db(move |s| s.image(&h))
        .await?
        .ok_or_else(|| AppError::not_found("no such image"))?;
    // Only the types the engine accepts are served as images, whatever is stored.
    if !tidings_fetch::image::IMAGE_TYPES.contains(&img.content_type.as_str()) {
        return Err(AppError::not_found("no such image"));
    }
    let mut res = img.bytes.into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&img.content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    Ok(res)
}
