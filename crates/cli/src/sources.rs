//! `tidings sources [add URL | remove ID]` and `tidings fetch [--all | ID]`: sources fetched
//! over the network, with their health.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use tidings_engine::{Engine, FetchReport, FetchStatus, Schedule, Settings};
use tidings_fetch::BlockingFetcher;
use tidings_store::{SqliteStore, Store};

use crate::commands::open_store;

/// An engine that fetches, configured from the environment (`TIDINGS_FETCH_ALLOW_PRIVATE`,
/// `TIDINGS_FETCH_ALLOW_HOSTS`; `TIDINGS_IMAGE_CACHE_MB`, default 256, bounds the image
/// cache).
pub fn fetching_engine(data: &Path, settings: &Settings) -> Result<Engine<SqliteStore>> {
    let fetcher = BlockingFetcher::new(tidings_fetch::Config::from_env())
        .context("cannot start the fetcher")?;
    let mut schedule = Schedule::default();
    if let Some(mb) = std::env::var("TIDINGS_IMAGE_CACHE_MB")
        .ok()
        .filter(|v| !v.trim().is_empty())
    {
        let mb: u64 = mb.trim().parse().with_context(|| {
            format!("TIDINGS_IMAGE_CACHE_MB={mb:?} is not a number of megabytes")
        })?;
        schedule.image_cache_bytes = mb.saturating_mul(1024 * 1024);
    }
    Ok(crate::commands::engine(data, settings)?
        .with_fetcher(fetcher)
        .with_schedule(schedule))
}

/// `tidings sources`: the configured sources and their health.
pub fn list(data: &Path, json: bool) -> Result<ExitCode> {
    let store = open_store(data)?;
    let sources = store.list_sources()?;
    if json {
        out!("{}", serde_json::to_string_pretty(&sources)?);
        return Ok(ExitCode::SUCCESS);
    }
    if sources.is_empty() {
        out!("No sources yet. Add one: tidings sources add URL");
        return Ok(ExitCode::SUCCESS);
    }
    for s in &sources {
        let kind = s.kind.map_or("?", |k| k.as_str());
        let health = match (&s.last_fetch, &s.last_error) {
            (None, _) => "never fetched".to_owned(),
            (Some(at), None) => format!("ok, last fetch {at}"),
            (Some(at), Some(e)) => format!(
                "FAILING ({} in a row), last fetch {at}: {e}",
                s.consecutive_failures
            ),
        };
        out!(
            "{:>4}  {kind:<4}  {:>5} articles  {}  — {health}",
            s.id,
            s.articles,
            s.url
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `tidings sources add URL`: checked (http or https), not fetched yet.
pub fn add(data: &Path, settings: &Settings, url: &str) -> Result<ExitCode> {
    let engine = crate::commands::engine(data, settings)?;
    let (source, created) = engine.add_source(url)?;
    if created {
        out!(
            "added source {} {} (due now: tidings fetch)",
            source.id,
            source.url
        );
    } else {
        out!("already a source: {} {}", source.id, source.url);
    }
    Ok(ExitCode::SUCCESS)
}

/// `tidings sources remove ID`: its articles stay.
pub fn remove(data: &Path, id: i64) -> Result<ExitCode> {
    if open_store(data)?.delete_source(id)? {
        out!("removed source {id} (its articles stay)");
        Ok(ExitCode::SUCCESS)
    } else {
        bail!("no source {id}")
    }
}

/// `tidings fetch`: the due sources; `--all`: every source; `ID`: that one. Exits non-zero
/// when every fetch failed.
pub fn fetch(data: &Path, settings: &Settings, id: Option<i64>, all: bool) -> Result<ExitCode> {
    let engine = fetching_engine(data, settings)?;
    let reports = match (id, all) {
        (Some(id), _) => vec![engine.fetch_source(id)?],
        (None, true) => {
            let mut out = Vec::new();
            for s in engine.store().list_sources()? {
                out.push(engine.fetch_source(s.id)?);
            }
            out
        }
        (None, false) => engine.fetch_due(chrono::Utc::now().timestamp(), usize::MAX)?,
    };
    if reports.is_empty() {
        out!("nothing due (tidings fetch --all fetches every source now)");
        return Ok(ExitCode::SUCCESS);
    }
    for r in &reports {
        print_report(r)?;
    }
    let failed = reports
        .iter()
        .filter(|r| matches!(r.status, FetchStatus::Failed(_)))
        .count();
    Ok(if failed == reports.len() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn print_report(r: &FetchReport) -> Result<()> {
    match &r.status {
        FetchStatus::Fetched {
            added,
            known,
            failed,
            images,
        } => {
            out!(
                "{} {}: {} new, {known} already known, {} failed, {images} images cached",
                r.source,
                r.url,
                added.len(),
                failed.len()
            );
            for f in failed {
                err!("failed: {f}");
            }
        }
        FetchStatus::NotModified => out!("{} {}: not modified", r.source, r.url),
        FetchStatus::Failed(e) => out!("{} {}: FAILED: {e}", r.source, r.url),
    }
    Ok(())
}
