//! Request counting and `/metrics` in the Prometheus text format.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;

#[derive(Default)]
pub struct Metrics {
    /// (route, status) -> (count, total seconds).
    requests: Mutex<BTreeMap<(String, u16), (u64, f64)>>,
}

/// Counts every request by its route pattern (not its path: ids don't make new series).
pub async fn count(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let start = Instant::now();
    let res = next.run(req).await;
    let secs = start.elapsed().as_secs_f64();
    if let Ok(mut map) = state.inner.metrics.requests.lock() {
        let e = map
            .entry((route, res.status().as_u16()))
            .or_insert((0, 0.0));
        e.0 += 1;
        e.1 += secs;
    }
    res
}

fn label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// `/metrics`.
pub async fn metrics(State(state): State<AppState>) -> Response {
    let counts = state
        .db(|s| {
            let articles = s.count_articles()?;
            let stories = s.count_stories()?;
            let max_id = s.max_story_id()?;
            let sources = s.list_sources()?;
            let failing = sources
                .iter()
                .filter(|c| c.consecutive_failures > 0)
                .count();
            Ok((articles, stories, max_id, (sources.len(), failing)))
        })
        .await;
    let mut out = String::new();
    out.push_str("# HELP tidings_http_requests_total HTTP requests answered, by route and status.\n# TYPE tidings_http_requests_total counter\n");
    let snapshot: Vec<_> = state
        .inner
        .metrics
        .requests
        .lock()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), *v)).collect())
        .unwrap_or_default();
    for ((route, status), (n, _)) in &snapshot {
        let _ = writeln!(
            out,
            "tidings_http_requests_total{{route=\"{}\",status=\"{status}\"}} {n}",
            label(route)
        );
    }
    out.push_str("# HELP tidings_http_request_seconds_total Time spent answering, by route and status.\n# TYPE tidings_http_request_seconds_total counter\n");
    for ((route, status), (_, secs)) in &snapshot {
        let _ = writeln!(
            out,
            "tidings_http_request_seconds_total{{route=\"{}\",status=\"{status}\"}} {secs}",
            label(route)
        );
    }
    match counts {
        Ok((articles, stories, max_id, (sources, failing))) => {
            let _ = writeln!(
                out,
                "# HELP tidings_sources Sources fetched over the network.\n# TYPE tidings_sources gauge\ntidings_sources {sources}"
            );
            let _ = writeln!(
                out,
                "# HELP tidings_sources_failing Sources whose last fetch failed.\n# TYPE tidings_sources_failing gauge\ntidings_sources_failing {failing}"
            );
            let _ = writeln!(
                out,
                "# HELP tidings_articles Stored articles.\n# TYPE tidings_articles gauge\ntidings_articles {articles}"
            );
            let _ = writeln!(
                out,
                "# HELP tidings_stories Stories (merged ones not counted).\n# TYPE tidings_stories gauge\ntidings_stories {stories}"
            );
            let _ = writeln!(
                out,
                "# HELP tidings_story_id_max Highest story id given.\n# TYPE tidings_story_id_max gauge\ntidings_story_id_max {max_id}"
            );
            let _ = writeln!(
                out,
                "# HELP tidings_store_up Whether the store answers.\n# TYPE tidings_store_up gauge\ntidings_store_up 1"
            );
        }
        Err(_) => {
            let _ = writeln!(
                out,
                "# HELP tidings_store_up Whether the store answers.\n# TYPE tidings_store_up gauge\ntidings_store_up 0"
            );
        }
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        out,
    )
        .into_response()
}
