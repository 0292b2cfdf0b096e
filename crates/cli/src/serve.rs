//! `tidings serve`: the web reader, JSON API and feeds over the data directory, with the
//! engine for admin writes and the background fetch loop.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use tidings_store::SqliteStore;
use tidings_web::{AppState, Config};

/// Serves `data` on `listen` until Ctrl-C / SIGTERM, fetching due sources every
/// `fetch_every` (`None`: never). Tokens and the public URL come from `TIDINGS_READ_TOKEN`,
/// `TIDINGS_ADMIN_TOKEN` and `TIDINGS_PUBLIC_URL`.
pub fn run(
    data: &Path,
    settings: &tidings_engine::Settings,
    listen: &str,
    fetch_every: Option<Duration>,
) -> Result<std::process::ExitCode> {
    let store = SqliteStore::open_dir(data)
        .with_context(|| format!("opening the data directory {}", data.display()))?;
    // Trimmed like the bearer token sent (a token pasted with a newline still matches).
    let env = |name: &str| {
        std::env::var(name)
            .ok()
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let config = Config {
        read_token: env("TIDINGS_READ_TOKEN"),
        admin_token: env("TIDINGS_ADMIN_TOKEN"),
        public_url: env("TIDINGS_PUBLIC_URL"),
        fetch_every,
        ..Config::default()
    };
    let protected = config.read_token.is_some();
    // The engine writes through its own connection to the same database (WAL lets the
    // reader's connection go on meanwhile).
    let engine = crate::sources::fetching_engine(data, settings)?;
    let state = AppState::new(Arc::new(store), config).with_writes(Arc::new(engine));
    tidings_web::serve_blocking(listen, state, |addr| {
        err!(
            "tidings: serving {} on http://{addr}/{}",
            data.display(),
            if protected {
                " (read token required)"
            } else {
                ""
            }
        );
    })?;
    Ok(std::process::ExitCode::SUCCESS)
}
