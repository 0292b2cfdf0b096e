//! # tidings-web
//!
//! The reader Tidings serves: one axum server over a [`Store`], with
//!
//! - server-rendered HTML pages that work with no JavaScript ([`pages`]): the front page (Top,
//!   Latest, Popular and the most covered entities as tabs), a story page (short/long, who said
//!   what, disagreements side by side, sourcing, timeline: the digest, read leniently), the
//!   article reader view, search, entity pages and an entity index, the sources page;
//! - a JSON API under `/api/v1` with its OpenAPI document at `/api/openapi.json` ([`api`]);
//! - outgoing feeds: RSS 2.0, Atom and JSON Feed for Top, Latest, any search and any entity
//!   ([`feeds`]);
//! - server-sent events at `/events` telling open pages how many stories are new ([`events`]);
//! - admin writes under `/api/v1` ([`admin`]): add, fetch and delete sources, re-extract an
//!   article — only with [`Config::admin_token`] (`Authorization: Bearer`), only when the
//!   server was given the engine ([`AppState::with_writes`]); the read token never writes;
//! - cached lead images at `/images/{hash}` ([`images`]): fetched once by the engine, served
//!   from the store, so pages show images without a request to a third party;
//! - a background task fetching due sources ([`Config::fetch_every`]); open pages learn of
//!   the new stories through the events below, as with any ingest;
//! - `/healthz` and `/metrics` (Prometheus text format);
//! - one CSS file, one small script (keyboard, short/long memory, live banner, theme switch), a
//!   web app manifest and a service worker that keeps the front page and opened stories.
//!
//! Every response carries a strict Content-Security-Policy (`default-src 'self'`, no inline
//! script, nothing from third parties), `nosniff`, `Referrer-Policy: no-referrer` and
//! `frame-ancestors 'none'`. An optional read token ([`Config::read_token`]) closes everything
//! but `/healthz` to anyone without it (bearer header, cookie, or `?token=` once, which sets the
//! cookie).
//!
//! The store is synchronous: every call runs on tokio's blocking pool. The first pages of Top,
//! Latest and Popular are kept rendered for a moment ([`Config::page_cache`]) and re-rendered
//! only when the store changed: the front page answers from memory under load.

pub mod admin;
pub mod api;
mod assets;
mod cache;
pub mod conn;
mod digest;
pub mod errors;
pub mod events;
pub mod feeds;
mod http;
pub mod images;
mod limits;
mod metrics;
pub mod pages;
mod view;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::routing::get;
use tidings_engine::Writes;
use tidings_store::{Store, StoreError};

pub use conn::Limits;
pub use http::AppError;

/// How the server behaves; [`Config::default`] is what `tidings serve` uses with no options.
#[derive(Debug, Clone)]
pub struct Config {
    /// When set, every route but `/healthz` needs this token (`Authorization: Bearer`, the
    /// `tidings_token` cookie, or `?token=` which sets the cookie).
    pub read_token: Option<String>,
    /// The token write routes need (`Authorization: Bearer`); unset, writes are refused
    /// (403). It opens the read gate too.
    pub admin_token: Option<String>,
    /// How often `/events` looks at the store for new stories.
    pub poll_interval: Duration,
    /// The public base URL (`https://news.example.org`) used for absolute links in feeds; when
    /// unset, the request's `Host` is used.
    pub public_url: Option<String>,
    /// How long a rendered list page (Top, Latest, Popular; first pages) is served again without
    /// looking at the store. Past that, the store's state (highest story id, article count,
    /// latest update) is checked and the page re-rendered only when it changed, or when it is
    /// older than `cache::MAX_AGE` (digests, reads). `Duration::ZERO` turns the cache off.
    pub page_cache: Duration,
    /// How often the background task looks for due sources and fetches them (when the server
    /// was given the engine); `None` turns it off.
    pub fetch_every: Option<Duration>,
    /// Timeouts and connection caps ([`conn`]).
    pub limits: Limits,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            read_token: None,
            admin_token: None,
            poll_interval: Duration::from_secs(5),
            public_url: None,
            page_cache: Duration::from_secs(1),
            fetch_every: None,
            limits: Limits::default(),
        }
    }
}

/// What every handler shares: the store, the configuration and request counters.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
    /// The engine, for writes (admin routes, the fetch loop); `None` serves reads only.
    writes: Option<Arc<dyn Writes>>,
}

struct Inner {
    store: Arc<dyn Store>,
    config: Config,
    metrics: metrics::Metrics,
    pages: cache::PageCache,
    /// Set when the server stops: `/events` streams end on it.
    stopping: tokio::sync::watch::Sender<bool>,
}

impl AppState {
    /// State over a store with a configuration.
    pub fn new(store: Arc<dyn Store>, config: Config) -> AppState {
        AppState {
            inner: Arc::new(Inner {
                store,
                config,
                metrics: metrics::Metrics::default(),
                pages: cache::PageCache::default(),
                stopping: tokio::sync::watch::Sender::new(false),
            }),
            writes: None,
        }
    }

    /// The same state, writing through `engine` (which should write to the same data).
    pub fn with_writes(mut self, engine: Arc<dyn Writes>) -> AppState {
        self.writes = Some(engine);
        self
    }

    /// The engine, when writes are possible.
    pub(crate) fn writes(&self) -> Option<Arc<dyn Writes>> {
        self.writes.clone()
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Completes once the server is stopping.
    pub(crate) async fn stopped(&self) {
        let mut rx = self.inner.stopping.subscribe();
        let _ = rx.wait_for(|stopping| *stopping).await;
    }

    /// Runs a store call on the blocking pool.
    pub(crate) async fn db<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Store) -> Result<T, StoreError> + Send + 'static,
    {
        let store = Arc::clone(&self.inner.store);
        match tokio::task::spawn_blocking(move || f(store.as_ref())).await {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(StoreError::BadQuery(q, why))) => Err(AppError::bad_request(format!(
                "bad search query {q:?}: {why}"
            ))),
            Ok(Err(e)) => {
                tracing::error!("store: {e}");
                Err(AppError::internal("the store failed; see the server log"))
            }
            Err(e) => {
                tracing::error!("store task: {e}");
                Err(AppError::internal("the store task failed"))
            }
        }
    }
}

/// The whole application: pages, API, feeds, events, health, metrics and static files, behind
/// the request bounds ([`limits`]), the read-token check, request counting, error answers in
/// each route's format ([`errors`]) and the security headers.
pub fn router(state: AppState) -> Router {
    let app = Router::new()
        .route("/", get(pages::front))
        .route("/latest", get(pages::latest))
        .route("/popular", get(pages::popular))
        .route("/story/{id}", get(pages::story))
        .route("/article/{id}", get(pages::article))
        .route("/search", get(pages::search))
        .route("/entity/{key}", get(pages::entity))
        .route("/entities", get(pages::entities))
        .route("/sources", get(pages::sources))
        .route("/theme", get(pages::theme_switch))
        .route("/events", get(events::events))
        .route("/healthz", get(http::healthz))
        .route("/metrics", get(metrics::metrics))
        .route("/images/{hash}", get(images::image))
        .merge(feeds::routes())
        .merge(assets::routes())
        .nest("/api", api::routes(&state))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            limits::bound,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            http::read_token,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::count,
        ))
        .layer(axum::middleware::from_fn(errors::in_route_format))
        .layer(axum::middleware::from_fn(http::security_headers));
    app.with_state(state)
}

/// Serves until the process gets Ctrl-C / SIGTERM (with the fetch loop, when configured).
/// On the signal the engine is asked to stop fetching: a fetch round in progress ends before
/// its next source or image.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    serve_until(listener, state, shutdown()).await
}

/// Serves until `stop` completes, then stops accepting, ends the `/events` streams, lets the
/// open requests finish (a few seconds at most) and asks the engine to stop fetching. Each
/// connection is held to [`Config::limits`] ([`conn`]); handlers can read the client's
/// address as `ConnectInfo<SocketAddr>`.
pub async fn serve_until(
    listener: tokio::net::TcpListener,
    state: AppState,
    stop: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let writes = state.writes();
    if let (Some(every), Some(engine)) = (state.config().fetch_every, writes.clone()) {
        tokio::spawn(admin::fetch_loop(engine, every));
    }
    let limits = state.config().limits.clone();
    let app = router(state.clone());
    conn::run(listener, app, limits, async move {
        stop.await;
        state.inner.stopping.send_replace(true);
        if let Some(engine) = writes {
            engine.request_stop();
        }
    })
    .await;
    Ok(())
}

/// How long a shutting-down server waits for work on the blocking pool (a fetch under way,
/// which stops at its next source) before it exits anyway.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(5);

/// Binds `listen` and serves on a new tokio runtime until Ctrl-C / SIGTERM; `on_bound` gets
/// the address actually bound (port 0 picks a free one). For callers without a runtime.
pub fn serve_blocking(
    listen: &str,
    state: AppState,
    on_bound: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let served = rt.block_on(async {
        let listener = conn::bind(listen).await.map_err(|e| {
            std::io::Error::new(e.kind(), format!("cannot listen on {listen}: {e}"))
        })?;
        on_bound(listener.local_addr()?);
        serve(listener, state).await
    });
    // Dropping the runtime would wait for a fetch round on the blocking pool to finish.
    rt.shutdown_timeout(SHUTDOWN_GRACE);
    served
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
