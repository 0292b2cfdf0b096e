//! `/events?since=ID`: server-sent events telling a page how many stories are new since the
//! highest story id it was rendered with. The server looks at the store every
//! [`crate::Config::poll_interval`] and sends a `stories` event whenever the answer changes:
//! `{"new": N, "max_id": M, "updated": UNIX_SECONDS}`.

use std::convert::Infallible;

use axum::extract::{Query, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::StreamExt;
use futures_util::stream::{self, Stream};
use serde::Deserialize;
use serde_json::json;
use tidings_store::{StoryId, StoryOrder};

use crate::AppState;

#[derive(Debug, Deserialize)]
pub struct EventsQuery {
    since: Option<String>,
}

/// How many stories have an id above `since`, the highest id, and the latest update time.
async fn snapshot(state: &AppState, since: StoryId) -> Option<(u64, StoryId, i64)> {
    state
        .db(move |s| {
            let max = s.max_story_id()?;
            let new = if since >= max {
                0
            } else {
                s.count_stories_after(since)?
            };
            let updated = s
                .stories(StoryOrder::Latest, 1, 0)?
                .first()
                .map_or(0, |st| st.last_updated);
            Ok((new, max, updated))
        })
        .await
        .ok()
}

/// The event stream.
pub async fn events(
    State(state): State<AppState>,
    Query(q): Query<EventsQuery>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let since_param = q.since.as_deref().and_then(|s| s.parse::<StoryId>().ok());
    let interval = state.config().poll_interval;
    let stopping = state.clone();
    // `since` missing: count from what the store holds now.
    let since = match since_param {
        Some(s) => s,
        None => snapshot(&state, StoryId::MAX)
            .await
            .map_or(0, |(_, max, _)| max),
    };
    let s = stream::unfold(
        (state, None::<(u64, StoryId, i64)>, true),
        move |(state, last, first)| async move {
            loop {
                if !first {
                    tokio::time::sleep(interval).await;
                }
                let Some(now) = snapshot(&state, since).await else {
                    tokio::time::sleep(interval).await;
                    continue;
                };
                if last != Some(now) {
                    let (new, max, updated) = now;
                    let ev = Event::default()
                        .event("stories")
                        .data(json!({"new": new, "max_id": max, "updated": updated}).to_string());
                    return Some((Ok(ev), (state, Some(now), false)));
                }
            }
        },
    );
    // A stopping server ends the stream, so the connection can close.
    let stop = Box::pin(async move { stopping.stopped().await });
    Sse::new(s.take_until(stop)).keep_alive(KeepAlive::default())
}
