//! # tidings-extract
//!
//! Raw documents in, clean [`Article`]s out. Pure: no I/O, no clock, no global state.
//!
//! Inputs and their entry points:
//! - HTML pages: [`extract_html`] — charset detection ([`decode`]), caps on size, tags,
//!   attributes and depth ([`bound`]), main-content detection ([`content`]), metadata from
//!   JSON-LD / OpenGraph / meta tags / `<time>` / bylines ([`metadata`]), then news clutter
//!   removal ([`clutter`]).
//! - Plain-text captures of pages (like the seeds): [`extract_text_capture`] ([`capture`]).
//! - Feeds (RSS 0.9x/1.0/2.0, Atom, JSON Feed): [`extract_feed`] ([`feed`]), one article per item.
//! - Per-site boilerplate learning ([`boilerplate`]): blocks that recur on many pages of one site
//!   are learned by the engine from the pages it stores and dropped from that site's articles.
//!
//! # A time budget per document
//!
//! Each entry point has a `*_cancellable` twin ([`extract_html_cancellable`],
//! [`extract_html_str_cancellable`], [`extract_text_capture_cancellable`],
//! [`extract_feed_cancellable`]) taking a caller-owned `&AtomicBool`. The crate has no clock: a
//! caller with a time budget sets the flag from another thread (a watchdog) once the budget is
//! spent, and the extraction returns [`ExtractError::Stopped`] at its next check (between
//! stages and inside long loops). A flag set after the last check changes nothing: the article
//! is returned. The plain entry points are the same with a flag nobody sets.

pub mod boilerplate;
pub mod bound;
pub mod budget;
pub mod capture;
pub mod clutter;
pub mod content;
pub mod dates;
pub mod decode;
pub mod feed;
pub mod links;
pub mod metadata;

mod article;

pub use article::{Article, Published};
pub use budget::Cancel;

use std::sync::atomic::AtomicBool;

use thiserror::Error;

/// Why a document could not be turned into an article.
#[derive(Debug, Error)]
#[non_exhaustive]
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
    /// The caller's stop flag was set (its time budget for the document ran out) before the
    /// extraction finished.
    #[error("extraction stopped before it finished (the time budget for the document ran out)")]
    Stopped,
    /// The page's tree stays deeper than the limit even once its deep elements are unwrapped
    /// ([`bound`]); pages only get there through constructs the bounding pass does not follow.
    #[error("document nested too deeply: {depth} levels, the limit is {limit}")]
    TooDeep {
        /// Levels of the tree.
        depth: usize,
        /// [`bound::MAX_TREE_DEPTH`].
        limit: usize,
    },
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
    extract_html_with(bytes, url, charset_hint, Cancel::never())
}

/// [`extract_html`] that stops with [`ExtractError::Stopped`] once `stop` is set.
pub fn extract_html_cancellable(
    bytes: &[u8],
    url: Option<&str>,
    charset_hint: Option<&str>,
    stop: &AtomicBool,
) -> Result<Article, ExtractError> {
    extract_html_with(bytes, url, charset_hint, Cancel::new(stop))
}

/// [`extract_html`] under a [`Cancel`].
pub fn extract_html_with(
    bytes: &[u8],
    url: Option<&str>,
    charset_hint: Option<&str>,
    cancel: Cancel<'_>,
) -> Result<Article, ExtractError> {
    cancel.check()?;
    let html = decode::decode_html(bytes, charset_hint)?;
    extract_html_str_with(&html, url, cancel)
}

/// Extracts an article from an already decoded HTML string.
pub fn extract_html_str(html: &str, url: Option<&str>) -> Result<Article, ExtractError> {
    extract_html_str_with(html, url, Cancel::never())
}

/// [`extract_html_str`] that stops with [`ExtractError::Stopped`] once `stop` is set.
pub fn extract_html_str_cancellable(
    html: &str,
    url: Option<&str>,
    stop: &AtomicBool,
) -> Result<Article, ExtractError> {
    extract_html_str_with(html, url, Cancel::new(stop))
}

/// [`extract_html_str`] under a [`Cancel`].
pub fn extract_html_str_with(
    html: &str,
    url: Option<&str>,
    cancel: Cancel<'_>,
) -> Result<Article, ExtractError> {
    cancel.check()?;
    if html.trim().is_empty() {
        return Err(ExtractError::Empty);
    }
    // Scripts (but JSON-LD), styles, SVG and comments: half the bytes, no text; every parser
    // below gets the page without them.
    let stripped = content::strip_raw_blocks(html);
    cancel.check()?;
    // Caps on size, tags, attributes and depth: every stage below is then linear in the page
    // and walks a tree of bounded depth.
    let bound::Parsed { html, doc } = bound::parse(&stripped)?;
    let html: &str = &html;
    cancel.check()?;
    let meta = metadata::from_html(&doc, url);
    cancel.check()?;
    let paragraphs = content::main_paragraphs_with(html, &doc, url, cancel)?;
    cancel.check()?;
    let mut article = Article::from_metadata(meta, url);
    article.paragraphs = paragraphs;
    clutter::clean_article(&mut article);
    Ok(article)
}

/// Extracts an article from a plain-text capture of a page (title, date, outlet, byline, body
/// and the page's clutter as lines of text).
pub fn extract_text_capture(text: &str, url: Option<&str>) -> Result<Article, ExtractError> {
    extract_text_capture_with(text, url, Cancel::never())
}

/// [`extract_text_capture`] that stops with [`ExtractError::Stopped`] once `stop` is set.
pub fn extract_text_capture_cancellable(
    text: &str,
    url: Option<&str>,
    stop: &AtomicBool,
) -> Result<Article, ExtractError> {
    extract_text_capture_with(text, url, Cancel::new(stop))
}

/// [`extract_text_capture`] under a [`Cancel`].
pub fn extract_text_capture_with(
    text: &str,
    url: Option<&str>,
    cancel: Cancel<'_>,
) -> Result<Article, ExtractError> {
    cancel.check()?;
    if text.trim().is_empty() {
        return Err(ExtractError::Empty);
    }
    capture::extract(text, url)
}

/// Extracts one article per item of a feed (RSS 0.9x/1.0/2.0, Atom or JSON Feed).
pub fn extract_feed(bytes: &[u8], url: Option<&str>) -> Result<Vec<Article>, ExtractError> {
    feed::extract(bytes, url)
}

/// [`extract_feed`] that stops with [`ExtractError::Stopped`] once `stop` is set: checked
/// before each parse of the feed (a feed that fails as a whole is parsed again, repaired or
/// item by item) and before its items are turned into articles ([`feed::extract_with`]).
pub fn extract_feed_cancellable(
    bytes: &[u8],
    url: Option<&str>,
    stop: &AtomicBool,
) -> Result<Vec<Article>, ExtractError> {
    feed::extract_with(bytes, url, Cancel::new(stop))
}
