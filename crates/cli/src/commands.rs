//! The store-backed commands: ingest, articles, article, search.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use tidings_engine::{Engine, Settings};
use tidings_store::{SqliteStore, Store};

/// Opens the store of a data directory.
pub fn open_store(data: &Path) -> Result<SqliteStore> {
    SqliteStore::open_dir(data)
        .with_context(|| format!("cannot open the data directory {}", data.display()))
}

/// An engine over the data directory's store, with these settings (coordinating with the
/// other processes on the directory through it).
pub fn engine(data: &Path, settings: &Settings) -> Result<Engine<SqliteStore>> {
    let store = open_store(data)?;
    Engine::with_settings(store, tidings_cluster::Config::default(), settings.clone())
        .with_context(|| format!("cannot start the engine on {}", data.display()))
}

/// `tidings ingest PATH...`: a progress bar on a terminal, each failure named on stderr, a
/// one-line summary at the end. Exits non-zero when anything failed (the rest is stored).
pub fn ingest(data: &Path, settings: &Settings, paths: &[PathBuf]) -> Result<ExitCode> {
    let engine = engine(data, settings)?;
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} files {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        Some(bar)
    } else {
        None
    };
    let report = engine.ingest_paths(paths, |p| {
        if let Some(bar) = &bar {
            bar.set_length(p.total as u64);
            bar.set_position(p.done as u64);
            bar.set_message(p.file.display().to_string());
        }
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    for reason in &report.failed {
        err!("failed: {reason}");
    }
    let recleaned = if report.recleaned > 0 {
        format!(
            ", {} cleaned again with newly learned site boilerplate",
            report.recleaned
        )
    } else {
        String::new()
    };
    if report.repaired > 0 {
        err!(
            "tidings: placed {} stored articles an earlier run had left in no story",
            report.repaired
        );
    }
    let failed = match report.failed.len() {
        0 => String::new(),
        1 => " (named above)".to_owned(),
        _ => " (each named above)".to_owned(),
    };
    out!(
        "ingested {}, skipped {} already known, failed {}{failed}{recleaned}",
        report.added.len(),
        report.known,
        report.failed.len()
    );
    Ok(if report.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `tidings articles`: newest first.
pub fn articles(data: &Path, limit: usize, offset: usize, json: bool) -> Result<ExitCode> {
    let store = open_store(data)?;
    let rows = store.articles(limit, offset)?;
    if json {
        out!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(ExitCode::SUCCESS);
    }
    if rows.is_empty() {
        out!("no articles yet: try `tidings ingest PATH` or `tidings demo`");
    }
    for a in rows {
        let date = a.published.as_deref().unwrap_or(&a.ingested_at);
        out!(
            "{:>6}  {:<10}  {:<24}  {}{}",
            a.id,
            date.get(..10).unwrap_or(date),
            clip(a.site_name.as_deref().unwrap_or("-"), 24),
            a.title.as_deref().unwrap_or("(untitled)"),
            if a.partial { "  [summary only]" } else { "" }
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `tidings article ID`.
pub fn article(data: &Path, id: i64, json: bool) -> Result<ExitCode> {
    let store = open_store(data)?;
    let Some(stored) = store.article(id)? else {
        err!("tidings: no article with id {id}");
        return Ok(ExitCode::FAILURE);
    };
    let a = &stored.article;
    if json {
        let value = serde_json::json!({
            "id": stored.id,
            "url": a.url,
            "canonical_url": a.canonical_url,
            "guid": a.guid,
            "title": a.title,
            "authors": a.authors,
            "published": a.published.as_ref().map(|p| p.to_iso()),
            "modified": a.modified.as_ref().map(|p| p.to_iso()),
            "site_name": a.site_name,
            "language": a.language,
            "image": a.image,
            "section": a.section,
            "tags": a.tags,
            "description": a.description,
            "partial": a.partial,
            "source": stored.source,
            "ingested_at": stored.ingested_at,
            "paragraphs": a.paragraphs,
            "text": a.text(),
        });
        out!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(ExitCode::SUCCESS);
    }
    out!("{}", a.title.as_deref().unwrap_or("(untitled)"));
    let mut meta = Vec::new();
    if let Some(s) = &a.site_name {
        meta.push(s.clone());
    }
    if !a.authors.is_empty() {
        meta.push(format!("by {}", a.authors.join(", ")));
    }
    if let Some(p) = &a.published {
        meta.push(p.to_iso());
    }
    if let Some(l) = &a.language {
        meta.push(l.clone());
    }
    out!("{}", meta.join(" · "));
    if let Some(u) = a.canonical_url.as_ref().or(a.url.as_ref()) {
        out!("{u}");
    }
    if let Some(s) = &a.section {
        out!("section: {s}");
    }
    if !a.tags.is_empty() {
        out!("tags: {}", a.tags.join(", "));
    }
    if a.partial {
        out!("(summary only: the feed carried no full text)");
    }
    out!();
    out!("{}", a.text());
    Ok(ExitCode::SUCCESS)
}

/// `tidings search QUERY`.
pub fn search(data: &Path, query: &str, limit: usize, json: bool) -> Result<ExitCode> {
    let store = open_store(data)?;
    let hits = store.search(query, limit)?;
    if json {
        out!("{}", serde_json::to_string_pretty(&hits)?);
        return Ok(ExitCode::SUCCESS);
    }
    if hits.is_empty() {
        out!("no article matches {query:?}");
    }
    for h in hits {
        out!(
            "{:>6}  {}  ({})\n        {}",
            h.id,
            h.title.as_deref().unwrap_or("(untitled)"),
            h.site_name.as_deref().unwrap_or("-"),
            h.snippet.replace('\n', " ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(n - 1).collect();
        out.push('…');
        out
    }
}
