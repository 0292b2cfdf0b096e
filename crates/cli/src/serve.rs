//! `tidings serve`: the web reader, JSON API and feeds over the data directory.

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result};
use tidings_store::SqliteStore;
use tidings_web::{AppState, Config};

/// Serves `data` on `listen` until Ctrl-C / SIGTERM. Tokens and the public URL come from
/// `TIDINGS_READ_TOKEN`, `TIDINGS_ADMIN_TOKEN` and `TIDINGS_PUBLIC_URL`.
pub fn run(data: &Path, listen: &str) -> Result<std::process::ExitCode> {
    let store = SqliteStore::open_dir(data)
        .with_context(|| format!("opening the data directory {}", data.display()))?;
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let config = Config {
        read_token: env("TIDINGS_READ_TOKEN"),
        admin_token: env("TIDINGS_ADMIN_TOKEN"),
        public_url: env("TIDINGS_PUBLIC_URL"),
        ..Config::default()
    };
    let protected = config.read_token.is_some();
    let state = AppState::new(Arc::new(store), config);
    tidings_web::serve_blocking(listen, state, |addr| {
        eprintln!(
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
