//! One raw document to articles: the same code for `ingest` and `extract --batch`.

use std::path::Path;

use tidings_extract::{Article, ExtractError, Published};

use crate::EngineError;
use crate::document::{self, DocKind, JsonRecord};

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
    let named = |e: ExtractError| EngineError::Extract(path.to_path_buf(), e);
    match kind {
        DocKind::Html => {
            let article = tidings_extract::extract_html(bytes, url, None).map_err(named)?;
            Ok((vec![finish(article)], Vec::new()))
        }
        DocKind::Text => {
            let text = tidings_extract::decode::decode_text(bytes, None).map_err(named)?;
            let article = tidings_extract::extract_text_capture(&text, url).map_err(named)?;
            Ok((vec![finish(article)], Vec::new()))
        }
        DocKind::Feed => {
            let articles = tidings_extract::extract_feed(bytes, url).map_err(named)?;
            Ok((articles.into_iter().map(finish).collect(), Vec::new()))
        }
        DocKind::JsonLines => Ok(extract_json_lines(path, bytes)),
    }
}

fn extract_json_lines(path: &Path, bytes: &[u8]) -> (Vec<Article>, Vec<EngineError>) {
    let mut articles = Vec::new();
    let mut errors = Vec::new();
    let text = String::from_utf8_lossy(bytes);
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = || {
            path.with_file_name(format!(
                "{}:{}",
                path.file_name()
                    .map_or_else(String::new, |f| f.to_string_lossy().into_owned()),
                n + 1
            ))
        };
        match document::parse_record(line) {
            Ok(record) => match extract_record(&record) {
                Ok(article) => articles.push(finish(article)),
                Err(e) => errors.push(EngineError::Extract(at(), e)),
            },
            Err(reason) => errors.push(EngineError::Invalid(at(), reason)),
        }
    }
    (articles, errors)
}

/// Extracts one JSON Lines record; its own title, date and source fill what the page lacks
/// (the title overrides).
pub fn extract_record(record: &JsonRecord) -> Result<Article, ExtractError> {
    let url = record.url.as_deref();
    let mut article = match (&record.html, &record.text) {
        (Some(html), _) => tidings_extract::extract_html_str(html, url)?,
        (None, Some(text)) => tidings_extract::extract_text_capture(text, url)?,
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
