//! Shared test setup: a data directory with the two seed pages ingested and in one story.
#![allow(dead_code)]

pub mod net;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, Response};
use tidings_engine::Engine;
use tidings_store::{NewArticle, SqliteStore, Store, StoryOrder};
use tidings_web::{AppState, Config};
use tower::ServiceExt;

pub fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../extract/tests/fixtures/seeds")
}

/// Ingests the seeds into `dir`. When ingestion does not assign stories (yet), puts the two
/// seed articles in one story by hand, as clustering does.
pub fn ingest_seeds(dir: &Path) -> SqliteStore {
    let engine = Engine::new(SqliteStore::open_dir(dir).expect("open store")).expect("engine");
    let report = engine.ingest_paths(&[seeds()], |_| {});
    assert!(
        report.failed.is_empty(),
        "seed ingest failed: {:?}",
        report.failed
    );
    assert_eq!(report.added.len(), 2, "two seed articles");
    let store = engine.store();
    if store
        .stories(StoryOrder::Latest, 10, 0)
        .expect("stories")
        .is_empty()
    {
        for id in &report.added {
            store.assign_story(*id, 1, None).expect("assign");
        }
    }
    SqliteStore::open_dir(dir).expect("reopen store")
}

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub store: Arc<SqliteStore>,
    pub state: AppState,
}

pub fn fixture_with(config: Config) -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Arc::new(ingest_seeds(dir.path()));
    let state = AppState::new(store.clone(), config);
    Fixture { dir, store, state }
}

pub fn fixture() -> Fixture {
    fixture_with(Config {
        poll_interval: Duration::from_millis(100),
        page_cache: Duration::ZERO,
        ..Config::default()
    })
}

pub fn empty() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Arc::new(SqliteStore::open_dir(dir.path()).expect("store"));
    let state = AppState::new(store.clone(), Config::default());
    Fixture { dir, store, state }
}

impl Fixture {
    pub async fn get(&self, uri: &str) -> Response<Body> {
        self.request(Request::get(uri).body(Body::empty()).expect("request"))
            .await
    }

    pub async fn request(&self, req: Request<Body>) -> Response<Body> {
        tidings_web::router(self.state.clone())
            .oneshot(req)
            .await
            .expect("infallible")
    }

    /// Status and body text.
    pub async fn text(&self, uri: &str) -> (u16, String) {
        let res = self.get(uri).await;
        let status = res.status().as_u16();
        (status, body_text(res).await)
    }

    /// JSON of a GET with a bearer token.
    pub async fn json_with(&self, uri: &str, token: &str) -> serde_json::Value {
        let req = Request::get(uri)
            .header("authorization", format!("Bearer {token}"))
            .body(Body::empty())
            .expect("request");
        let text = body_text(self.request(req).await).await;
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{uri}: not JSON ({e}): {text}"))
    }

    pub async fn json(&self, uri: &str) -> (u16, serde_json::Value) {
        let (status, text) = self.text(uri).await;
        let v =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{uri}: not JSON ({e}): {text}"));
        (status, v)
    }

    /// Stores an article (for hostile-content tests) and puts it in `story`.
    pub fn add_article(&self, article: tidings_extract::Article, story: i64) -> i64 {
        let id = self
            .store
            .insert_article(&NewArticle {
                identity: format!("test:{}", rand_key()),
                source: "test".into(),
                site: Some(format!("site{}.example", rand_key())),
                clean_paragraphs: article.paragraphs.clone(),
                article,
                ingested_at: "2026-03-06T10:00:00Z".into(),
            })
            .expect("insert");
        self.store.assign_story(id, story, None).expect("assign");
        id
    }
}

fn rand_key() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(1);
    N.fetch_add(1, Ordering::Relaxed)
}

pub async fn body_text(res: Response<Body>) -> String {
    let bytes = axum::body::to_bytes(res.into_body(), 16 << 20)
        .await
        .expect("body");
    String::from_utf8(bytes.to_vec()).expect("utf-8 body")
}
