//! Feeds (RSS 0.90/0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed) to articles, with feed-rs.
//!
//! One [`Article`] per item:
//! - `title`: plain text (entities decoded, markup stripped);
//! - `url`: the item link (`rel=alternate` first, then a plain link, then a GUID that is a
//!   URL), resolved against `xml:base` / the feed URL; only an absolute `http`/`https` URL
//!   is kept ([`crate::links::web_url`]);
//! - `guid`: the item's id as the feed gives it (never invented);
//! - `authors`, `tags` (categories), `site_name` (the feed title), `language` (primary
//!   subtag of the item's or the feed's language);
//! - `published`: the item's publication date, else its update date; `modified`: its update
//!   date. Dates keep the offset written in the feed ([`dates`]). When the raw text cannot be
//!   recovered the instant is kept as `Zoned` with `+00:00`;
//! - `image`: `media:thumbnail`, image `media:content` / enclosure, JSON Feed `image`, else
//!   the first `<img>` of the content; the first of these that is a web URL;
//! - `description`: the item summary as plain text;
//! - `paragraphs`: the blocks of the full content (`content:encoded`, Atom `content`,
//!   `content_html` / `content_text`); an item with only a summary keeps the summary as its
//!   body with `partial = true`.
//!
//! Items with neither a title, any text nor a link are skipped. Feeds are read as they are
//! ([`parse`]): a construct feed-rs refuses costs that construct (or, failing that, its item),
//! not the feed. Input that is not a feed, or too broken to read any item from, is an
//! [`ExtractError::Feed`] with the reason, and so is a feed whose items were all lost.
//!
//! Bounds: a feed over [`MAX_FEED_BYTES`] is refused; elements nested deeper than
//! [`MAX_XML_DEPTH`] are unwrapped and items past the first [`MAX_ITEMS`] dropped before
//! feed-rs parses; no walk over the document here recurses over its depth; XML entities
//! declared in a doctype are never expanded; reading a failed feed item by item parses at
//! most a fixed number of bytes in all.

mod dates;
mod depth;
mod entry;
mod items;
mod parse;
mod repair;
mod scan;
mod text;
mod truncated;

use feed_rs::model::FeedType;
use url::Url;

use crate::budget::Cancel;
use crate::{Article, ExtractError, decode};

pub use depth::{MAX_ITEMS, MAX_XML_DEPTH};

use dates::DateLog;
use entry::{
    entry_article, json_item_images, language_code, media_image, person_names, raw_thumbnails,
};
use text::text_of;

/// How far into the input [`looks_like_feed`] looks.
const SNIFF_BYTES: usize = 4096;

/// The largest feed read; a larger one is refused (a feed is rarely over a few MiB).
pub const MAX_FEED_BYTES: usize = 64 * 1024 * 1024;

/// Whether the bytes look like a feed: an XML document whose root is `<rss>`, `<feed>` or
/// `<rdf:RDF>`, or a JSON object naming a `https://jsonfeed.org/version/...`.
pub fn looks_like_feed(bytes: &[u8]) -> bool {
    let head = bytes.get(..SNIFF_BYTES).unwrap_or(bytes);
    let text: String = match encoding_rs::Encoding::for_bom(head) {
        Some((encoding, bom_len)) => encoding
            .decode_without_bom_handling(head.get(bom_len..).unwrap_or_default())
            .0
            .into_owned(),
        None => String::from_utf8_lossy(head).into_owned(),
    };
    let text = text.trim_start();
    if text.starts_with('{') {
        return text.contains("jsonfeed.org/version") && text.contains("\"version\"");
    }
    match scan::root_element_name(text) {
        Some(name) => {
            let local = name.rsplit(':').next().unwrap_or(name);
            local == "rss" || local == "feed" || local == "RDF"
        }
        None => false,
    }
}

/// One article per feed item.
pub fn extract(bytes: &[u8], url: Option<&str>) -> Result<Vec<Article>, ExtractError> {
    extract_with(bytes, url, Cancel::never())
}

/// [`extract`] under a [`Cancel`]: checked before each parse (a feed that fails as a whole is
/// parsed again, repaired or item by item) and before the items are turned into articles.
pub fn extract_with(
    bytes: &[u8],
    url: Option<&str>,
    cancel: Cancel<'_>,
) -> Result<Vec<Article>, ExtractError> {
    cancel.check()?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ExtractError::Empty);
    }
    if bytes.len() > MAX_FEED_BYTES {
        return Err(ExtractError::Feed(format!(
            "feed too large: {} bytes (the limit is {} MiB)",
            bytes.len(),
            MAX_FEED_BYTES / (1024 * 1024)
        )));
    }
    if let Some(kind) = decode::binary_kind(bytes)
        && parse::utf32_text(bytes).is_none()
    {
        return Err(ExtractError::Binary(kind));
    }
    // Only a web URL is a base: anything else would make feed-rs refuse the whole feed.
    let base = url
        .and_then(|u| Url::parse(u).ok())
        .filter(|u| matches!(u.scheme(), "http" | "https"));
    let dates = DateLog::default();
    let parse::Parsed { feed, source } = parse::read(bytes, base.as_ref(), &dates, cancel)?;
    cancel.check()?;
    if feed.entries.is_empty()
        && let Some(reason) = parse::unread_items(&source)
    {
        return Err(ExtractError::Feed(reason));
    }
    let item_images = if feed.feed_type == FeedType::JSON {
        json_item_images(&source)
    } else if feed.entries.iter().any(|e| media_image(e).is_none()) {
        raw_thumbnails(&source, feed.entries.len())
    } else {
        Vec::new()
    };
    let dates = dates.into_map();
    let atom = feed.feed_type == FeedType::Atom;
    let site_name = feed
        .title
        .as_ref()
        .map(|t| text_of(t, atom))
        .filter(|t| !t.is_empty());
    let feed_language = feed.language.as_deref().and_then(language_code);
    let inherits_authors = matches!(feed.feed_type, FeedType::Atom | FeedType::JSON);
    let feed_authors = person_names(&feed.authors);

    let mut articles = Vec::with_capacity(feed.entries.len());
    for (index, entry) in feed.entries.iter().enumerate() {
        let item_image = item_images.get(index).cloned().flatten();
        let mut article = entry_article(entry, atom, base.as_ref(), &dates, item_image);
        // Nothing to show and nothing to fetch: skipped. (A link-only item is kept: the
        // engine can fetch the page it points to.)
        if article.title.is_none()
            && article.paragraphs.is_empty()
            && article.description.is_none()
            && article.url.is_none()
        {
            continue;
        }
        article.site_name.clone_from(&site_name);
        if article.language.is_none() {
            article.language.clone_from(&feed_language);
        }
        if article.authors.is_empty() && inherits_authors {
            article.authors.clone_from(&feed_authors);
        }
        articles.push(article);
    }
    Ok(articles)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        assert!(looks_like_feed(
            b"<?xml version='1.0'?>\n<!-- x --><rss version='2.0'>"
        ));
        assert!(looks_like_feed(
            b"<feed xmlns='http://www.w3.org/2005/Atom'>"
        ));
        assert!(looks_like_feed(b"\xef\xbb\xbf<rdf:RDF xmlns:rdf='x'>"));
        assert!(looks_like_feed(
            br#"{"version": "https://jsonfeed.org/version/1.1", "items": []}"#
        ));
        assert!(!looks_like_feed(b"<!DOCTYPE html><html><body>feed</body>"));
        assert!(!looks_like_feed(br#"{"version": "1"}"#));
        assert!(!looks_like_feed(b""));
    }
}
