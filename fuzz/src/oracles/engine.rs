//! What must hold when the engine ingests any JSON Lines file: every non-blank line is
//! accounted for (stored, known, or a failure naming the file and line), every failure names
//! the file, every stored article is in a story, and no stored article keeps a link that is
//! not an http(s) URL.
//!
//! Shared: the fuzz target and the engine crate's property tests (by `#[path]`).

#![allow(dead_code)]

use std::path::Path;

use tidings_engine::Engine;
use tidings_extract::links;
use tidings_store::{SqliteStore, Store};

/// A fresh engine over an in-memory store.
pub fn engine() -> Result<Engine<SqliteStore>, String> {
    let store = SqliteStore::in_memory().map_err(|e| format!("in-memory store: {e}"))?;
    Engine::new(store).map_err(|e| format!("engine: {e}"))
}

/// Writes `bytes` as `name` in `dir`, ingests it and checks the report and the store.
pub fn ingest_jsonl(
    engine: &Engine<SqliteStore>,
    dir: &Path,
    name: &str,
    bytes: &[u8],
) -> Result<String, String> {
    let path = dir.join(name);
    std::fs::write(&path, bytes).map_err(|e| format!("writing {}: {e}", path.display()))?;
    let lines = String::from_utf8_lossy(bytes)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count();
    let report = engine.ingest_paths(std::slice::from_ref(&path), |_| {});
    let _ = std::fs::remove_file(&path);
    let accounted = report.added.len() + report.known + report.failed.len();
    if accounted < lines {
        return Err(format!(
            "{lines} lines but {} stored, {} known and {} failed: {:?}",
            report.added.len(),
            report.known,
            report.failed.len(),
            report.failed
        ));
    }
    for failure in &report.failed {
        if !failure.contains(name) && !failure.starts_with("re-placing") {
            return Err(format!("failure does not name the file: {failure}"));
        }
    }
    for &id in &report.added {
        let stored = engine
            .store()
            .article(id)
            .map_err(|e| format!("reading article {id}: {e}"))?
            .ok_or_else(|| format!("article {id} reported stored is not in the store"))?;
        if stored.story_id.is_none() {
            return Err(format!("article {id} is in no story"));
        }
        let a = &stored.article;
        for (field, value) in [
            ("url", &a.url),
            ("canonical_url", &a.canonical_url),
            ("image", &a.image),
        ] {
            if let Some(v) = value
                && !links::is_web_url(v)
            {
                return Err(format!("article {id} stored with {field} {v:?}"));
            }
        }
    }
    Ok(match (report.added.is_empty(), report.failed.is_empty()) {
        (false, true) => "all stored",
        (false, false) => "some stored",
        (true, _) if report.known > 0 => "known",
        (true, _) => "none stored",
    }
    .to_owned())
}
