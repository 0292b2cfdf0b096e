//! What must hold for any input to the extractors: no panic (the caller runs these in a
//! small-stack thread), a result that is an article or a documented error with a message, an
//! output bounded by the input's size, and links that are web URLs only.
//!
//! Shared: the fuzz targets call these, and so do the extract crate's property tests (by
//! `#[path]`). Each returns `Err(what went wrong)` instead of panicking, so the caller can
//! name the case.

#![allow(dead_code)]

use tidings_extract::{Article, ExtractError, links};

/// The most text an article may carry for an input of `input` bytes: decoding can triple a
/// byte (a lone invalid byte becomes U+FFFD, three bytes), and a few fields (title,
/// description, og: values) may repeat one another.
pub fn output_bound(input: usize) -> usize {
    8 * input + 64 * 1024
}

/// The most heap one extraction may hold at once for an input of `input` bytes: a few DOMs of
/// the page (html5ever's, dom_smoothie's, trafilatura's) of ~100 bytes a node, plus slack.
pub fn heap_bound(input: usize) -> usize {
    1024 * input + 256 * 1024 * 1024
}

/// Bytes of text an article carries, over all its fields.
pub fn article_bytes(a: &Article) -> usize {
    let opt = |s: &Option<String>| s.as_ref().map_or(0, String::len);
    opt(&a.url)
        + opt(&a.canonical_url)
        + opt(&a.guid)
        + opt(&a.title)
        + opt(&a.site_name)
        + opt(&a.language)
        + opt(&a.image)
        + opt(&a.section)
        + opt(&a.description)
        + a.authors.iter().map(String::len).sum::<usize>()
        + a.tags.iter().map(String::len).sum::<usize>()
        + a.paragraphs.iter().map(String::len).sum::<usize>()
}

/// An article is sane for an input of `input` bytes (`url_len`: the caller's URL).
pub fn check_article(a: &Article, input: usize, url_len: usize) -> Result<(), String> {
    let bytes = article_bytes(a);
    let bound = output_bound(input + url_len);
    if bytes > bound {
        return Err(format!(
            "article of {bytes} bytes for an input of {input} bytes (bound {bound})"
        ));
    }
    for (field, value) in [("canonical_url", &a.canonical_url), ("image", &a.image)] {
        if let Some(v) = value
            && !links::is_web_url(v)
        {
            return Err(format!("{field} {v:?} is not an http(s) URL"));
        }
    }
    Ok(())
}

/// An error is one of the documented ones, with a message; gives its variant's name.
pub fn check_error(e: &ExtractError) -> Result<String, String> {
    if e.to_string().trim().is_empty() {
        return Err(format!("error without a message: {e:?}"));
    }
    let debug = format!("{e:?}");
    Ok(debug.split('(').next().unwrap_or("error").to_owned())
}

/// Checks an article and names the outcome: "article", or "no body" when it has no
/// paragraph.
fn outcome(a: &Article, input: usize, url_len: usize) -> Result<String, String> {
    check_article(a, input, url_len)?;
    Ok(if a.paragraphs.is_empty() {
        "no body"
    } else {
        "article"
    }
    .to_owned())
}

/// Runs [`tidings_extract::extract_html`] and checks its result.
pub fn html(bytes: &[u8], url: Option<&str>, hint: Option<&str>) -> Result<String, String> {
    match tidings_extract::extract_html(bytes, url, hint) {
        Ok(a) => outcome(&a, bytes.len(), url.map_or(0, str::len)),
        Err(e) => check_error(&e),
    }
}

/// Runs [`tidings_extract::extract_text_capture`] (after [`tidings_extract::decode::decode_text`],
/// as the engine does) and checks its result.
pub fn text_capture(bytes: &[u8], url: Option<&str>) -> Result<String, String> {
    let text = match tidings_extract::decode::decode_text(bytes, None) {
        Ok(t) => t,
        Err(e) => return check_error(&e),
    };
    if text.len() > 3 * bytes.len() + 16 {
        return Err(format!(
            "{} bytes decoded to {} bytes of text",
            bytes.len(),
            text.len()
        ));
    }
    match tidings_extract::extract_text_capture(&text, url) {
        Ok(a) => outcome(&a, bytes.len(), url.map_or(0, str::len)),
        Err(e) => check_error(&e),
    }
}

/// Runs [`tidings_extract::extract_feed`] and checks every item.
pub fn feed(bytes: &[u8], url: Option<&str>) -> Result<String, String> {
    match tidings_extract::extract_feed(bytes, url) {
        Ok(items) => {
            let total: usize = items.iter().map(article_bytes).sum();
            let bound = output_bound(bytes.len()) + items.len() * url.map_or(0, str::len);
            if total > bound {
                return Err(format!(
                    "{} items of {total} bytes for a feed of {} bytes (bound {bound})",
                    items.len(),
                    bytes.len()
                ));
            }
            for (i, a) in items.iter().enumerate() {
                check_article(a, bytes.len(), url.map_or(0, str::len))
                    .map_err(|e| format!("item {i}: {e}"))?;
            }
            Ok(if items.is_empty() {
                "no items"
            } else {
                "items"
            }
            .to_owned())
        }
        Err(e) => check_error(&e),
    }
}

/// The URLs the extractors are given, from the fuzzer's choice.
pub const PAGE_URLS: &[Option<&str>] = &[
    Some("https://news.example.com/2026/03/05/fire-at-factory"),
    None,
    Some("https://example.com/"),
    Some("not a url"),
    Some("javascript:alert(1)"),
    Some("https://ÿ.example/ü?q=1#f"),
];
