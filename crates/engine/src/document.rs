//! Raw documents: reading files (gzip included), telling their kind, and JSON Lines records.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::EngineError;

/// Files larger than this (after decompression) are refused rather than read into memory.
pub const MAX_DOCUMENT_BYTES: u64 = 256 * 1024 * 1024;

/// What a file holds, and so which extractor reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// An HTML page.
    Html,
    /// A plain-text capture of a page.
    Text,
    /// An RSS, Atom or JSON feed.
    Feed,
    /// JSON Lines of `{url, html | text, title?, published?, source?}`.
    JsonLines,
}

/// One line of a JSON Lines import.
#[derive(Debug, Clone, Deserialize)]
pub struct JsonRecord {
    /// Where the document lives; required.
    pub url: Option<String>,
    /// The page as HTML.
    pub html: Option<String>,
    /// The page as a plain-text capture.
    pub text: Option<String>,
    /// A title that overrides the extracted one.
    pub title: Option<String>,
    /// A publication date that is used when the page has none.
    pub published: Option<String>,
    /// The outlet name, used when the page names none.
    pub source: Option<String>,
}

/// Reads a file, decompressing `.gz`, refusing files over [`MAX_DOCUMENT_BYTES`].
pub fn read_file(path: &Path) -> Result<Vec<u8>, EngineError> {
    let io = |e: std::io::Error| EngineError::Io(path.to_path_buf(), e);
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    if is_gzip_name(path) {
        flate2::read::MultiGzDecoder::new(file)
            .take(MAX_DOCUMENT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| EngineError::Invalid(path.to_path_buf(), format!("bad gzip data: {e}")))?;
    } else {
        file.take(MAX_DOCUMENT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(io)?;
    }
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(EngineError::Invalid(
            path.to_path_buf(),
            format!("larger than {} MiB", MAX_DOCUMENT_BYTES / (1024 * 1024)),
        ));
    }
    Ok(bytes)
}

fn is_gzip_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

/// The file name's extension that tells the kind (`page.html.gz` → `html`), lower-case.
fn kind_extension(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    Some(name.rsplit_once('.')?.1.to_owned())
}

/// Whether `ingest` of a directory should pick this file up.
pub fn is_ingestible(path: &Path) -> bool {
    matches!(
        kind_extension(path).as_deref(),
        Some(
            "html"
                | "htm"
                | "xhtml"
                | "txt"
                | "xml"
                | "rss"
                | "atom"
                | "rdf"
                | "json"
                | "jsonl"
                | "ndjson"
        )
    )
}

/// Tells a file's kind from its name, and from its first bytes where the name is ambiguous.
pub fn kind_of(path: &Path, bytes: &[u8]) -> DocKind {
    match kind_extension(path).as_deref() {
        Some("html" | "htm" | "xhtml") => DocKind::Html,
        Some("txt") => DocKind::Text,
        Some("jsonl" | "ndjson") => DocKind::JsonLines,
        Some("xml" | "rss" | "atom" | "rdf") => DocKind::Feed,
        _ => sniff(bytes),
    }
}

/// Tells a document's kind from its first bytes.
pub fn sniff(bytes: &[u8]) -> DocKind {
    if tidings_extract::feed::looks_like_feed(bytes) {
        return DocKind::Feed;
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with('{') && head.contains("\"url\"") {
        DocKind::JsonLines
    } else if head.starts_with('<') || head.contains("<html") || head.contains("<body") {
        DocKind::Html
    } else {
        DocKind::Text
    }
}

/// Parses one JSON line, checking its required fields.
pub fn parse_record(line: &str) -> Result<JsonRecord, String> {
    let record: JsonRecord =
        serde_json::from_str(line).map_err(|e| format!("not a JSON object: {e}"))?;
    if record.url.as_deref().is_none_or(|u| u.trim().is_empty()) {
        return Err("missing field \"url\"".into());
    }
    if record.html.is_none() && record.text.is_none() {
        return Err("needs \"html\" or \"text\"".into());
    }
    Ok(record)
}

/// Every ingestible file under the given paths (directories recursively, in name order),
/// plus errors for paths that do not exist.
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<(PathBuf, String)>) {
    let mut files = Vec::new();
    let mut missing = Vec::new();
    for path in paths {
        if path.is_dir() {
            for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
                match entry {
                    Ok(e) if e.file_type().is_file() && is_ingestible(e.path()) => {
                        files.push(e.into_path())
                    }
                    Ok(_) => {}
                    Err(e) => missing.push((path.clone(), e.to_string())),
                }
            }
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            missing.push((path.clone(), "no such file or directory".into()));
        }
    }
    (files, missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_names_and_bytes() {
        assert_eq!(kind_of(Path::new("a/page.HTML.gz"), b""), DocKind::Html);
        assert_eq!(kind_of(Path::new("seed.txt"), b"<html>"), DocKind::Text);
        assert_eq!(kind_of(Path::new("x.jsonl"), b""), DocKind::JsonLines);
        assert_eq!(
            kind_of(Path::new("noext"), b"<!doctype html><html>"),
            DocKind::Html
        );
        assert_eq!(
            kind_of(Path::new("noext"), b"Just some words"),
            DocKind::Text
        );
        let json_feed =
            br#"{"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": []}"#;
        assert_eq!(kind_of(Path::new("feed.json"), json_feed), DocKind::Feed);
        assert_eq!(
            kind_of(
                Path::new("noext"),
                b"<?xml version=\"1.0\"?><rss version=\"2.0\">"
            ),
            DocKind::Feed
        );
        assert!(is_ingestible(Path::new("x/y.htm")));
        assert!(!is_ingestible(Path::new("x/y.png")));
    }

    #[test]
    fn records_need_url_and_content() {
        assert!(parse_record(r#"{"url":"https://a.example/1","text":"Hi"}"#).is_ok());
        assert_eq!(
            parse_record(r#"{"text":"Hi"}"#).unwrap_err(),
            "missing field \"url\""
        );
        assert_eq!(
            parse_record(r#"{"url":"https://a.example/1"}"#).unwrap_err(),
            "needs \"html\" or \"text\""
        );
        assert!(
            parse_record("{not json")
                .unwrap_err()
                .starts_with("not a JSON object")
        );
    }
}
