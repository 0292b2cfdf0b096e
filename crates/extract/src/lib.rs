//! # tidings-extract
//!
//! Raw documents in, clean [`Article`]s out. Pure: no I/O, no clock, no global state.
//!
//! Inputs and their entry points:
//! - HTML pages: [`extract_html`] — charset detection ([`decode`]), main-content detection
//!   ([`content`]), metadata from JSON-LD / OpenGraph / meta tags / `<time>` / bylines
//!   ([`metadata`]), then news clutter removal ([`clutter`]).
//! - Plain-text captures of pages (like the seeds): [`extract_text_capture`] ([`capture`]).
//! - Feeds (RSS 0.9x/1.0/2.0, Atom, JSON Feed): [`extract_feed`] ([`feed`]), one article per item.
//! - Per-site boilerplate learning ([`boilerplate`]): blocks that recur on many pages of one site
//!   are learned by the engine from the pages it stores and dropped from that site's articles.

pub mod boilerplate;
pub mod capture;
pub mod clutter;
pub mod content;
pub mod dates;
pub mod decode;
pub mod feed;
pub mod metadata;

mod article;

pub use article::{Article, Published};

use thiserror::Error;

/// Why a document could not be turned into an article.
#[derive(Debug, Error)]
pub enum ExtractError {
    /// The input has no bytes (or only white space).
    #[error("empty document")]
    Empty,
    /// The input is not text (e.g. an image or an archive).
    #[error("not a text document: {0}")]
    Binary(String),
    /// Nothing that looks like an article body was found.
    #[error("no article content found")]
    NoContent,
    /// A feed could not be parsed.
    #[error("feed could not be parsed: {0}")]
    Feed(String),
}

/// Extracts an article from an HTML page.
///
/// `charset_hint` is the charset from the transport (HTTP `Content-Type`), if any; the bytes
/// are decoded with [`decode::decode_html`], which checks declared charsets against the bytes.
pub fn extract_html(
    bytes: &[u8],
    url: Option<&str>,
    charset_hint: Option<&str>,
) -> Result<Article, ExtractError> {
    let html = decode::decode_html(bytes, charset_hint)?;
    extract_html_str(&html, url)
}

/// Extracts an article from an already decoded HTML string.
pub fn extract_html_str(html: &str, url: Option<&str>) -> Result<Article, ExtractError> {
    if html.trim().is_empty() {
        return Err(ExtractError::Empty);
    }
    // Scripts (but JSON-LD), styles, SVG and comments: half the bytes, no text; every parser
    // below gets the page without them.
    let stripped = content::strip_raw_blocks(html);
    let html: &str = &stripped;
    let doc = scraper::Html::parse_document(html);
    let meta = metadata::from_html(&doc, url);
    let paragraphs = content::main_paragraphs(html, &doc, url);
    let mut article = Article::from_metadata(meta, url);
    article.paragraphs = paragraphs;
    clutter::clean_article(&mut article);
    Ok(article)
}

/// Extracts an article from a plain-text capture of a page (title, date, outlet, byline, body
/// and the page's clutter as lines of text).
pub fn extract_text_capture(text: &str, url: Option<&str>) -> Result<Article, ExtractError> {
    if text.trim().is_empty() {
        return Err(ExtractError::Empty);
    }
    capture::extract(text, url)
}

/// Extracts one article per item of a feed (RSS 0.9x/1.0/2.0, Atom or JSON Feed).
pub fn extract_feed(bytes: &[u8], url: Option<&str>) -> Result<Vec<Article>, ExtractError> {
    feed::extract(bytes, url)
}
