//! One raw document to articles: the same code for `ingest` and `extract --batch`.
//!
//! The engine extracts each document under [`Limits`] ([`extract_file_within`],
//! [`extract_owned_within`]): on a thread of its own with an explicit stack, waited for at
//! most a time budget. A document past its budget fails with an error naming it, and the run
//! goes on; its stop flag is set, so the extraction gives up at its next check and its
//! thread (not waited for) ends soon after. The plain entry points ([`extract_file`], [`extract_bytes`]) run on the
//! caller's thread with no budget (the batch modes measure with them).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use tidings_extract::{Article, ExtractError, Published};

use crate::document::{self, DocKind, JsonRecord};
use crate::{EngineError, Settings};

/// What one document's extraction runs under (from [`Settings`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The longest it may take.
    pub budget: Duration,
    /// The stack size of its thread.
    pub stack_bytes: usize,
}

impl From<&Settings> for Limits {
    fn from(s: &Settings) -> Limits {
        Limits {
            budget: s.extract_budget,
            stack_bytes: s.extract_stack_bytes,
        }
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::from(&Settings::default())
    }
}

/// Runs `job` (one document's extraction) on a thread of its own with `limits.stack_bytes`
/// of stack, and waits for it at most `limits.budget`. Past the budget the job's stop flag
/// is set and the document fails with an error naming `name`; the thread is not waited for.
/// A job that panics fails the same way instead of ending the run.
pub fn bounded<T: Send + 'static>(
    name: &Path,
    limits: Limits,
    job: impl FnOnce(&AtomicBool) -> Result<T, EngineError> + Send + 'static,
) -> Result<T, EngineError> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    let (done, result) = mpsc::sync_channel(1);
    std::thread::Builder::new()
        .name("tidings-extract".into())
        .stack_size(limits.stack_bytes)
        .spawn(move || {
            // The receiver is gone when the budget ran out: the result is not wanted.
            let _ = done.send(job(&flag));
        })
        .map_err(|e| {
            EngineError::Invalid(
                name.to_path_buf(),
                format!("no thread to extract it on: {e}"),
            )
        })?;
    match result.recv_timeout(limits.budget) {
        Ok(r) => r,
        Err(RecvTimeoutError::Timeout) => {
            stop.store(true, Ordering::SeqCst);
            tracing::warn!(
                "{}: extraction ran past its budget of {}; skipped",
                name.display(),
                show_duration(limits.budget)
            );
            Err(EngineError::Invalid(
                name.to_path_buf(),
                format!(
                    "extraction took longer than its time budget of {}; skipped",
                    show_duration(limits.budget)
                ),
            ))
        }
        Err(RecvTimeoutError::Disconnected) => Err(EngineError::Invalid(
            name.to_path_buf(),
            "the extractor failed on it (it panicked: a bug); skipped".into(),
        )),
    }
}

/// "15 s", "250 ms".
fn show_duration(d: Duration) -> String {
    if d.subsec_millis() == 0 && d.as_secs() > 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{} ms", d.as_millis())
    }
}

/// [`extract_file`] under [`Limits`]: the file is read on the caller's thread, each of its
/// documents (the page, the feed, each JSON line) extracted under [`bounded`].
pub fn extract_file_within(
    path: &Path,
    url: Option<&str>,
    limits: Limits,
) -> Result<(Vec<Article>, Vec<EngineError>), EngineError> {
    let bytes = document::read_file(path)?;
    let kind = document::kind_of(path, &bytes);
    extract_owned_within(path, kind, bytes, url, limits)
}

/// [`extract_bytes`] under [`Limits`], for a document the caller hands over.
pub fn extract_owned_within(
    path: &Path,
    kind: DocKind,
    bytes: Vec<u8>,
    url: Option<&str>,
    limits: Limits,
) -> Result<(Vec<Article>, Vec<EngineError>), EngineError> {
    if kind == DocKind::JsonLines {
        return Ok(json_lines(path, &bytes, |at, record| {
            let name = at.to_path_buf();
            bounded(at, limits, move |stop| {
                stoppable::record(&record, stop)
                    .map(finish)
                    .map_err(|e| EngineError::Extract(name, e))
            })
        }));
    }
    let name = path.to_path_buf();
    let url = url.map(str::to_owned);
    bounded(path, limits, move |stop| {
        extract_one(&name, kind, &bytes, url.as_deref(), stop)
    })
}

/// Extracts the articles of one file (one for a page, one per item for a feed, one per line
/// for JSON Lines). Errors of single JSON lines are returned beside the articles.
pub fn extract_file(
    path: &Path,
    url: Option<&str>,
) -> Result<(Vec<Article>, Vec<EngineError>), EngineError> {
    let bytes = document::read_file(path)?;
    let kind = document::kind_of(path, &bytes);
    extract_bytes(path, kind, &bytes, url)
}

/// Extracts the articles of a document already in memory; `path` names it in errors.
pub fn extract_bytes(
    path: &Path,
    kind: DocKind,
    bytes: &[u8],
    url: Option<&str>,
) -> Result<(Vec<Article>, Vec<EngineError>), EngineError> {
    if kind == DocKind::JsonLines {
        return Ok(json_lines(path, bytes, |at, record| {
            extract_record(&record)
                .map(finish)
                .map_err(|e| EngineError::Extract(at.to_path_buf(), e))
        }));
    }
    extract_one(path, kind, bytes, url, &AtomicBool::new(false))
}

/// A page, a capture or a feed (not JSON Lines: each of its lines is a document).
fn extract_one(
    path: &Path,
    kind: DocKind,
    bytes: &[u8],
    url: Option<&str>,
    stop: &AtomicBool,
) -> Result<(Vec<Article>, Vec<EngineError>), EngineError> {
    let named = |e: ExtractError| EngineError::Extract(path.to_path_buf(), e);
    match kind {
        DocKind::Html => {
            let article = stoppable::html(bytes, url, stop).map_err(named)?;
            Ok((vec![finish(article)], Vec::new()))
        }
        DocKind::Text => {
            let text = tidings_extract::decode::decode_text(bytes, None).map_err(named)?;
            let article = stoppable::text(&text, url, stop).map_err(named)?;
            Ok((vec![finish(article)], Vec::new()))
        }
        DocKind::Feed => {
            let articles = stoppable::feed(bytes, url, stop).map_err(named)?;
            Ok((articles.into_iter().map(finish).collect(), Vec::new()))
        }
        DocKind::JsonLines => Ok(json_lines(path, bytes, |at, record| {
            stoppable::record(&record, stop)
                .map(finish)
                .map_err(|e| EngineError::Extract(at.to_path_buf(), e))
        })),
    }
}

/// The extractor's entry points under a stop flag: set, the extraction returns
/// [`ExtractError::Stopped`] at its next check and its thread ends.
mod stoppable {
    use std::sync::atomic::AtomicBool;

    use tidings_extract::{Article, ExtractError};

    use crate::document::JsonRecord;

    pub fn html(
        bytes: &[u8],
        url: Option<&str>,
        stop: &AtomicBool,
    ) -> Result<Article, ExtractError> {
        tidings_extract::extract_html_cancellable(bytes, url, None, stop)
    }

    pub fn text(text: &str, url: Option<&str>, stop: &AtomicBool) -> Result<Article, ExtractError> {
        tidings_extract::extract_text_capture_cancellable(text, url, stop)
    }

    pub fn feed(
        bytes: &[u8],
        url: Option<&str>,
        stop: &AtomicBool,
    ) -> Result<Vec<Article>, ExtractError> {
        tidings_extract::extract_feed_cancellable(bytes, url, stop)
    }

    pub fn record(record: &JsonRecord, stop: &AtomicBool) -> Result<Article, ExtractError> {
        super::extract_record_with(
            record,
            |html, url| html_str(html, url, stop),
            |t, url| text(t, url, stop),
        )
    }

    fn html_str(html: &str, url: Option<&str>, stop: &AtomicBool) -> Result<Article, ExtractError> {
        tidings_extract::extract_html_str_cancellable(html, url, stop)
    }
}

/// The documents of a JSON Lines file, each extracted by `extract` (given the line's name,
/// `file.jsonl:N`, and its record); a bad line is an error naming it, the others go on.
fn json_lines(
    path: &Path,
    bytes: &[u8],
    mut extract: impl FnMut(&Path, JsonRecord) -> Result<Article, EngineError>,
) -> (Vec<Article>, Vec<EngineError>) {
    let mut articles = Vec::new();
    let mut errors = Vec::new();
    let text = String::from_utf8_lossy(bytes);
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at: PathBuf = path.with_file_name(format!(
            "{}:{}",
            path.file_name()
                .map_or_else(String::new, |f| f.to_string_lossy().into_owned()),
            n + 1
        ));
        match document::parse_record(line) {
            Ok(record) => match extract(&at, record) {
                Ok(article) => articles.push(article),
                Err(e) => errors.push(e),
            },
            Err(reason) => errors.push(EngineError::Invalid(at, reason)),
        }
    }
    (articles, errors)
}

/// Extracts one JSON Lines record; its own title, date and source fill what the page lacks
/// (the title overrides).
pub fn extract_record(record: &JsonRecord) -> Result<Article, ExtractError> {
    extract_record_with(
        record,
        tidings_extract::extract_html_str,
        tidings_extract::extract_text_capture,
    )
}

/// [`extract_record`] with the given extractors of HTML and of text captures.
fn extract_record_with(
    record: &JsonRecord,
    html: impl FnOnce(&str, Option<&str>) -> Result<Article, ExtractError>,
    text: impl FnOnce(&str, Option<&str>) -> Result<Article, ExtractError>,
) -> Result<Article, ExtractError> {
    let url = record.url.as_deref();
    let mut article = match (&record.html, &record.text) {
        (Some(h), _) => html(h, url)?,
        (None, Some(t)) => text(t, url)?,
        (None, None) => return Err(ExtractError::Empty),
    };
    if let Some(title) = record.title.as_deref().filter(|t| !t.trim().is_empty()) {
        article.title = Some(title.trim().to_owned());
    }
    if article.published.is_none() {
        article.published = record
            .published
            .as_deref()
            .and_then(tidings_extract::dates::parse);
    }
    if article.site_name.is_none() {
        article.site_name = record.source.clone();
    }
    Ok(article)
}

/// Completes an extracted article: the language from the text when the page did not say.
pub fn finish(mut article: Article) -> Article {
    if article.language.is_none() {
        let sample = format!(
            "{}\n{}",
            article.title.as_deref().unwrap_or(""),
            article.text()
        );
        article.language = tidings_text::detect_language(&sample).map(str::to_owned);
    }
    article
}

/// The ISO text of a publication time, for JSON output.
pub fn published_iso(p: Option<&Published>) -> Option<String> {
    p.map(Published::to_iso)
}
