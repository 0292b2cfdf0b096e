//! Rendered list pages kept for a moment (see [`crate::Config::page_cache`]).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tidings_store::{StoryId, StoryOrder};

use crate::AppState;

/// A page is re-rendered at least this often (digests, entities and reads change it without
/// changing the store's stamp).
pub const MAX_AGE: Duration = Duration::from_secs(10);

/// Pages kept at most (the keys are a few paths × pages × themes; this only bounds memory).
const ENTRIES: usize = 64;

/// What the store looks like, cheaply: highest story id, articles, latest story update.
type Stamp = (StoryId, u64, i64);

struct Entry {
    stamp: Stamp,
    body: Bytes,
    made: Instant,
    checked: Instant,
}

#[derive(Default)]
pub struct PageCache {
    map: Mutex<HashMap<String, Entry>>,
}

fn html(body: Bytes) -> Response {
    let mut res = (StatusCode::OK, body).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    res
}

impl AppState {
    async fn stamp(&self) -> Option<Stamp> {
        self.db(|s| {
            let updated = s
                .stories(StoryOrder::Latest, 1, 0)?
                .first()
                .map_or(0, |st| st.last_updated);
            Ok((s.max_story_id()?, s.count_articles()?, updated))
        })
        .await
        .ok()
    }

    /// The page under `key`: kept, or rendered by `render` (and kept when it is a 200).
    pub(crate) async fn cached_page<F, Fut>(&self, key: String, render: F) -> Response
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Response>,
    {
        let fresh = self.config().page_cache;
        if fresh.is_zero() {
            return render().await;
        }
        let cache = &self.inner.pages;
        if let Ok(map) = cache.map.lock()
            && let Some(e) = map.get(&key)
            && e.checked.elapsed() < fresh
            && e.made.elapsed() < MAX_AGE
        {
            return html(e.body.clone());
        }
        let Some(stamp) = self.stamp().await else {
            return render().await;
        };
        if let Ok(mut map) = cache.map.lock()
            && let Some(e) = map.get_mut(&key)
            && e.stamp == stamp
            && e.made.elapsed() < MAX_AGE
        {
            e.checked = Instant::now();
            return html(e.body.clone());
        }
        let res = render().await;
        if res.status() != StatusCode::OK {
            return res;
        }
        let (parts, body) = res.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, 16 << 20).await else {
            return (StatusCode::INTERNAL_SERVER_ERROR, "page too large").into_response();
        };
        if let Ok(mut map) = cache.map.lock() {
            if map.len() >= ENTRIES && !map.contains_key(&key) {
                map.clear();
            }
            let now = Instant::now();
            map.insert(
                key,
                Entry {
                    stamp,
                    body: bytes.clone(),
                    made: now,
                    checked: now,
                },
            );
        }
        Response::from_parts(parts, axum::body::Body::from(bytes))
    }
}
