//! The static files, compiled in: one stylesheet, one script, the service worker, the web app
//! manifest and the icon.

use axum::Router;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::AppState;

const CSS: &str = include_str!("assets/app.css");
const JS: &str = include_str!("assets/app.js");
const SW: &str = include_str!("assets/sw.js");
const MANIFEST: &str = include_str!("assets/manifest.webmanifest");
const ICON: &str = include_str!("assets/icon.svg");

fn file(kind: &'static str, cache: &'static str, body: &'static str) -> Response {
    (
        [(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, cache)],
        body,
    )
        .into_response()
}

const DAY: &str = "public, max-age=86400";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/static/app.css",
            get(|| async { file("text/css; charset=utf-8", DAY, CSS) }),
        )
        .route(
            "/static/app.js",
            get(|| async { file("text/javascript; charset=utf-8", DAY, JS) }),
        )
        .route(
            "/static/icon.svg",
            get(|| async { file("image/svg+xml", DAY, ICON) }),
        )
        .route(
            "/sw.js",
            get(|| async { file("text/javascript; charset=utf-8", "no-cache", SW) }),
        )
        .route(
            "/manifest.webmanifest",
            get(|| async { file("application/manifest+json", DAY, MANIFEST) }),
        )
}
