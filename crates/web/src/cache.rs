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
const ENTRIES: usize = 512;

/// What the store looks like, cheaply: highest story id, articles, latest story update.
type Stamp = (StoryId, u64, i64);

struct Entry {
    stamp: Stamp,
    body: Bytes,
    made: Instant,
    checked: Instant,
    /// One request is checking the store (or re-rendering); the others get this copy meanwhile.
    refreshing: bool,
}

#[derive(Default)]
pub struct PageCache {
    map: Mutex<HashMap<String, Entry>>,
    /// Reads not yet written to the store, by story.
    reads: Mutex<HashMap<StoryId, u64>>,
    /// When reads were last written.
    flushed: Mutex<Option<Instant>>,
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
        if let Ok(mut map) = cache.map.lock()
            && let Some(e) = map.get_mut(&key)
        {
            let fresh_enough = e.checked.elapsed() < fresh && e.made.elapsed() < MAX_AGE;
            if fresh_enough || e.refreshing {
                return html(e.body.clone());
            }
            // This request refreshes; the others keep getting the kept copy meanwhile.
            e.refreshing = true;
        }
        let Some(stamp) = self.stamp().await else {
            self.done_refreshing(&key);
            return render().await;
        };
        if let Ok(mut map) = cache.map.lock()
            && let Some(e) = map.get_mut(&key)
            && e.stamp == stamp
            && e.made.elapsed() < MAX_AGE
        {
            e.checked = Instant::now();
            e.refreshing = false;
            return html(e.body.clone());
        }
        let res = render().await;
        if res.status() != StatusCode::OK {
            if let Ok(mut map) = cache.map.lock() {
                map.remove(&key);
            }
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
                    refreshing: false,
                },
            );
        }
        Response::from_parts(parts, axum::body::Body::from(bytes))
    }
}

impl AppState {
    fn done_refreshing(&self, key: &str) {
        if let Ok(mut map) = self.inner.pages.map.lock()
            && let Some(e) = map.get_mut(key)
        {
            e.refreshing = false;
        }
    }

    /// Counts one read of a story. With the page cache on, reads are gathered and written to
    /// the store at most once per [`crate::Config::page_cache`] period (one write per story,
    /// not one per request); with it off, each read is written at once.
    pub(crate) async fn count_read(&self, id: StoryId) {
        let period = self.config().page_cache;
        let cache = &self.inner.pages;
        if let Ok(mut reads) = cache.reads.lock() {
            *reads.entry(id).or_insert(0) += 1;
        }
        let due = match cache.flushed.lock() {
            Ok(mut last) => {
                let due = period.is_zero() || last.is_none_or(|t| t.elapsed() >= period);
                if due {
                    *last = Some(Instant::now());
                }
                due
            }
            Err(_) => true,
        };
        if !due {
            return;
        }
        let pending: Vec<(StoryId, u64)> = match cache.reads.lock() {
            Ok(mut reads) => reads.drain().collect(),
            Err(_) => return,
        };
        let state = self.clone();
        let write = async move {
            state
                .db(move |s| {
                    for (story, n) in pending {
                        for _ in 0..n {
                            s.record_story_view(story)?;
                        }
                    }
                    Ok(())
                })
                .await
        };
        if period.is_zero() {
            if let Err(e) = write.await {
                tracing::warn!("reads not counted: {}", e.message);
            }
        } else {
            tokio::spawn(async move {
                if let Err(e) = write.await {
                    tracing::warn!("reads not counted: {}", e.message);
                }
            });
        }
    }
}
