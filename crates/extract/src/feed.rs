//! Feeds (RSS 0.9x/1.0/2.0, Atom, JSON Feed) to articles, with feed-rs.
//!
//! One [`Article`] per item:
//! - `title`: plain text (entities decoded, markup stripped);
//! - `url`: the item link (`rel=alternate` first, then a plain link, then a GUID that is a
//!   URL), resolved against `xml:base` / the feed URL;
//! - `guid`: the item's id as the feed gives it (never invented);
//! - `authors`, `tags` (categories), `site_name` (the feed title), `language` (primary
//!   subtag of the item's or the feed's language);
//! - `published`: the item's publication date, else its update date; `modified`: its update
//!   date. Dates keep the offset written in the feed: feed-rs only gives UTC instants, so the
//!   raw date text is captured while feed-rs parses (through its timestamp-parser hook) and
//!   parsed with [`crate::dates::parse`] (falling back to RFC 3339 / RFC 2822 here). When
//!   the raw text cannot be recovered the instant is kept as `Zoned` with `+00:00`;
//! - `image`: `media:thumbnail`, image `media:content` / enclosure, JSON Feed `image`, else
//!   the first `<img>` of the content;
//! - `description`: the item summary as plain text;
//! - `paragraphs`: the blocks of the full content (`content:encoded`, Atom `content`,
//!   `content_html` / `content_text`); an item with only a summary keeps the summary as its
//!   body with `partial = true`.
//!
//! Items with neither a title nor any text are skipped. Input that is not a feed, or broken
//! XML/JSON, is an [`ExtractError::Feed`] with the reason.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};
use ego_tree::iter::Edge;
use feed_rs::model::{Entry, Feed, FeedType, Link};
use feed_rs::parser::{ParseErrorKind, ParseFeedError};
use scraper::{Html, Node};
use url::Url;

use crate::{Article, ExtractError, Published, decode};

/// How far into the input [`looks_like_feed`] looks.
const SNIFF_BYTES: usize = 4096;

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
    match root_element_name(text) {
        Some(name) => {
            let local = name.rsplit(':').next().unwrap_or(name);
            local == "rss" || local == "feed" || local == "RDF"
        }
        None => false,
    }
}

/// The name of the first element of an XML text, after the prolog (declaration, processing
/// instructions, comments, doctype).
fn root_element_name(mut text: &str) -> Option<&str> {
    loop {
        text = text.trim_start();
        if let Some(rest) = text.strip_prefix("<?") {
            text = rest.split_once("?>")?.1;
        } else if let Some(rest) = text.strip_prefix("<!--") {
            text = rest.split_once("-->")?.1;
        } else if let Some(rest) = text.strip_prefix("<!") {
            text = rest.split_once('>')?.1;
        } else if let Some(rest) = text.strip_prefix('<') {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .unwrap_or(rest.len());
            let name = rest.get(..end)?;
            return (!name.is_empty()).then_some(name);
        } else {
            return None;
        }
    }
}

/// One article per feed item.
pub fn extract(bytes: &[u8], url: Option<&str>) -> Result<Vec<Article>, ExtractError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ExtractError::Empty);
    }
    if let Some(kind) = decode::binary_kind(bytes) {
        return Err(ExtractError::Binary(kind));
    }
    let base = url.and_then(|u| Url::parse(u).ok());
    let dates = DateLog::default();
    let head = bytes.get(..SNIFF_BYTES).unwrap_or(bytes);
    let atom03 = head
        .windows(ATOM_03_NS.len())
        .any(|w| w == ATOM_03_NS.as_bytes());
    let upgraded;
    let bytes = if atom03 {
        upgraded = upgrade_atom_03(&decode::decode_text(bytes, None)?);
        upgraded.as_bytes()
    } else {
        bytes
    };
    let feed = match parse(bytes, url, &dates) {
        Ok(feed) => feed,
        Err(first) => {
            // A second chance for what feed-rs refuses but a reader accepts: a wrong (or
            // missing) XML encoding declaration, `<rss>` without a known version, a JSON Feed
            // with a bare version number or no title.
            let text = decode::decode_text(bytes, None)?;
            let repaired = repair(&text);
            if repaired.as_bytes() == bytes {
                return Err(first);
            }
            parse(repaired.as_bytes(), url, &dates).map_err(|_| first)?
        }
    };
    let item_images = if feed.feed_type == FeedType::JSON {
        json_item_images(bytes)
    } else if feed.entries.iter().any(|e| media_image(e).is_none()) {
        raw_thumbnails(bytes, feed.entries.len())
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

/// Raw date texts met while feed-rs parses, by the UTC instant they were turned into.
#[derive(Default, Clone)]
struct DateLog(Arc<Mutex<HashMap<DateTime<Utc>, Published>>>);

impl DateLog {
    fn record(&self, text: &str) -> Option<DateTime<Utc>> {
        let published = parse_date(text)?;
        let instant = to_utc(&published)?;
        if let Ok(mut map) = self.0.lock() {
            map.entry(instant).or_insert(published);
        }
        Some(instant)
    }

    fn into_map(self) -> HashMap<DateTime<Utc>, Published> {
        match self.0.lock() {
            Ok(mut map) => std::mem::take(&mut *map),
            Err(_) => HashMap::new(),
        }
    }
}

fn parse(bytes: &[u8], url: Option<&str>, dates: &DateLog) -> Result<Feed, ExtractError> {
    let log = dates.clone();
    let parser = feed_rs::parser::Builder::new()
        .base_uri(url)
        // Never invent ids (the default makes a random UUID for items without link/title).
        .id_generator(|_, _, _| String::new())
        .timestamp_parser(move |text| log.record(text))
        .build();
    // feed-rs is not expected to panic, but a parser bug must not take the caller down.
    match catch_unwind(AssertUnwindSafe(|| parser.parse(bytes))) {
        Ok(Ok(feed)) => Ok(feed),
        Ok(Err(error)) => Err(ExtractError::Feed(describe(&error))),
        Err(_) => Err(ExtractError::Feed(
            "the feed parser failed on this input".to_owned(),
        )),
    }
}

fn describe(error: &ParseFeedError) -> String {
    match error {
        ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot) => {
            "not a feed: no <rss>, <feed> or <rdf:RDF> root element and not a JSON Feed".to_owned()
        }
        ParseFeedError::ParseError(kind) => format!("invalid feed structure: {kind}"),
        ParseFeedError::XmlReader(e) => format!("malformed XML: {e}"),
        ParseFeedError::JsonSerde(e) => format!("malformed JSON Feed: {e}"),
        ParseFeedError::JsonUnsupportedVersion(v) => format!("unsupported JSON Feed version {v:?}"),
        ParseFeedError::IoError(e) => format!("unreadable feed: {e}"),
    }
}

const ATOM_03_NS: &str = "http://purl.org/atom/ns#";

/// Atom 0.3 (obsolete since 2005, but still met) rewritten as Atom 1.0, which feed-rs reads:
/// the namespace, `issued`/`modified` → `published`/`updated`, MIME `type`s and `mode`s of
/// text constructs → `text`/`html`. The text is decoded already (no XML declaration kept).
fn upgrade_atom_03(text: &str) -> String {
    let repaired = repair(text);
    if repaired.contains("mode=\"base64\"") || repaired.contains("mode='base64'") {
        // Base64 text constructs would come out as base64 gibberish: leave the feed as it is.
        return repaired;
    }
    let mut out = repaired.replace(ATOM_03_NS, "http://www.w3.org/2005/Atom");
    for (old, new) in [
        ("<issued>", "<published>"),
        ("</issued>", "</published>"),
        ("<modified>", "<updated>"),
        ("</modified>", "</updated>"),
    ] {
        out = out.replace(old, new);
    }
    let Ok(attrs) = regex::Regex::new(
        r#"\stype\s*=\s*["'](text/html|text/plain|application/xhtml\+xml)["']|\smode\s*=\s*["'](escaped|xml|base64)["']"#,
    ) else {
        return out;
    };
    attrs
        .replace_all(&out, |caps: &regex::Captures| {
            match caps.get(1).map(|m| m.as_str()) {
                Some("text/html") => " type=\"html\"".to_owned(),
                Some("text/plain") => " type=\"text\"".to_owned(),
                Some(_) => " type=\"xhtml\"".to_owned(),
                None => String::new(),
            }
        })
        .into_owned()
}

/// The decoded feed, made acceptable to feed-rs where a reader would accept it: the XML
/// declaration dropped (the text is UTF-8 now), `<rss>` given version 2.0 when it has none or
/// one feed-rs does not know, a JSON Feed given the canonical version URL and a title.
fn repair(text: &str) -> String {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        return repair_json_feed(trimmed).unwrap_or_else(|| text.to_owned());
    }
    let mut body = trimmed;
    if body.starts_with("<?xml")
        && let Some((_, rest)) = body.split_once("?>")
    {
        body = rest;
    }
    let mut out = body.to_owned();
    if root_element_name(body) == Some("rss")
        && let Some(start) = out.find("<rss")
        && let Some(len) = out.get(start..).and_then(|t| t.find('>'))
    {
        let tag = out.get(start..start + len).unwrap_or_default();
        let known = [
            "version=\"2.0\"",
            "version='2.0'",
            "version=\"0.91\"",
            "version=\"0.92\"",
        ];
        if !known.iter().any(|k| tag.contains(k))
            && let Ok(version) = regex::Regex::new(r#"\sversion\s*=\s*("[^"]*"|'[^']*')"#)
        {
            // Drop a version feed-rs does not know (e.g. "0.94", "2.01") and say 2.0.
            let attrs = version.replace(tag.get(4..).unwrap_or_default(), "");
            let new_tag = format!("<rss version=\"2.0\"{attrs}");
            out.replace_range(start..start + len, &new_tag);
        }
    }
    out
}

fn repair_json_feed(text: &str) -> Option<String> {
    let mut value: serde_json::Value = serde_json::from_str(text).ok()?;
    let object = value.as_object_mut()?;
    let version = object.get("version").and_then(|v| v.as_str()).unwrap_or("");
    if !version.starts_with("https://jsonfeed.org/version/1") {
        // "1", "1.0", "1.1", "http://jsonfeed.org/version/1.1": a JSON Feed 1.x all the same.
        let number = if version.ends_with("1.1") { "1.1" } else { "1" };
        let canonical = format!("https://jsonfeed.org/version/{number}");
        object.insert("version".to_owned(), serde_json::Value::String(canonical));
    }
    if !object.get("title").is_some_and(|t| t.is_string()) {
        object.insert("title".to_owned(), serde_json::Value::String(String::new()));
    }
    serde_json::to_string(&value).ok()
}

/// `image` (else `banner_image`) of each JSON Feed item, in item order (feed-rs drops them).
fn json_item_images(bytes: &[u8]) -> Vec<Option<String>> {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        return Vec::new();
    };
    let Some(items) = value.get("items").and_then(|i| i.as_array()) else {
        return Vec::new();
    };
    items
        .iter()
        .map(|item| {
            ["image", "banner_image"]
                .iter()
                .find_map(|key| item.get(key).and_then(|v| v.as_str()))
                .map(str::to_owned)
        })
        .collect()
}

/// `media:thumbnail` URLs of each `<item>` / `<entry>`, in document order, read from the raw
/// XML: feed-rs drops a thumbnail that has no `media:content` beside it. Empty when the items
/// found do not line up one to one with the parsed entries.
fn raw_thumbnails(bytes: &[u8], entries: usize) -> Vec<Option<String>> {
    let text = String::from_utf8_lossy(bytes);
    let (Ok(item), Ok(thumbnail)) = (
        regex::Regex::new(r"<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)[\s>]"),
        regex::Regex::new(
            r#"<[A-Za-z_][\w.-]*:thumbnail\b[^>]*?\burl\s*=\s*(?:"([^"]*)"|'([^']*)')"#,
        ),
    ) else {
        return Vec::new();
    };
    let starts: Vec<usize> = item.find_iter(&text).map(|m| m.start()).collect();
    if starts.len() != entries {
        return Vec::new();
    }
    starts
        .iter()
        .enumerate()
        .map(|(i, &start)| {
            let end = starts.get(i + 1).copied().unwrap_or(text.len());
            let block = text.get(start..end)?;
            let caps = thumbnail.captures(block)?;
            let url = caps.get(1).or_else(|| caps.get(2))?.as_str().trim();
            (!url.is_empty()).then(|| url.replace("&amp;", "&"))
        })
        .collect()
}

fn entry_article(
    entry: &Entry,
    atom: bool,
    feed_base: Option<&Url>,
    dates: &HashMap<DateTime<Utc>, Published>,
    item_image: Option<String>,
) -> Article {
    let entry_base = entry
        .base
        .as_deref()
        .and_then(|b| resolve(b, feed_base))
        .and_then(|b| Url::parse(&b).ok());
    let base = entry_base.as_ref().or(feed_base);

    let guid = Some(entry.id.trim())
        .filter(|id| !id.is_empty())
        .map(str::to_owned);
    let title = entry
        .title
        .as_ref()
        .map(|t| text_of(t, atom))
        .filter(|t| !t.is_empty());

    let mut first_img = None;
    let mut paragraphs = Vec::new();
    if let Some(content) = &entry.content
        && let Some(body) = content.body.as_deref()
    {
        let kind = content.content_type.as_str();
        if kind.contains("html") || kind.contains("xml") {
            let blocks = html_blocks(body);
            paragraphs = blocks.paragraphs;
            first_img = blocks.first_img;
        } else if kind.starts_with("text/") {
            paragraphs = text_paragraphs(body);
        }
    }
    let summary = entry.summary.as_ref().map(|s| html_blocks(&s.content));
    let description = summary
        .as_ref()
        .map(|s| s.paragraphs.join(" "))
        .filter(|d| !d.is_empty());
    let mut partial = false;
    if paragraphs.is_empty()
        && let Some(summary) = &summary
        && !summary.paragraphs.is_empty()
    {
        paragraphs.clone_from(&summary.paragraphs);
        partial = true;
    }
    if first_img.is_none() {
        first_img = summary.and_then(|s| s.first_img);
    }

    let lookup = |instant: &DateTime<Utc>| {
        dates
            .get(instant)
            .copied()
            .unwrap_or_else(|| Published::Zoned(instant.fixed_offset()))
    };
    let published = entry.published.or(entry.updated).as_ref().map(lookup);
    // feed-rs copies an RSS item's pubDate into `updated`: only a distinct date is a change.
    let modified = entry
        .updated
        .filter(|u| entry.published.is_some_and(|p| p != *u))
        .as_ref()
        .map(lookup);

    let url = item_link(entry, guid.as_deref(), base);
    let image = media_image(entry)
        .or(item_image)
        .or_else(|| {
            entry
                .links
                .iter()
                .find(|l| {
                    l.rel.as_deref() == Some("enclosure")
                        && l.media_type
                            .as_deref()
                            .is_some_and(|m| m.starts_with("image/"))
                })
                .map(|l| l.href.clone())
        })
        .or(first_img)
        .and_then(|src| resolve(&src, base));

    let mut tags: Vec<String> = Vec::new();
    for category in &entry.categories {
        let tag = category.label.as_deref().unwrap_or(&category.term);
        let tag = collapse_whitespace(tag);
        if !tag.is_empty() && !tags.contains(&tag) {
            tags.push(tag);
        }
    }

    Article {
        url,
        guid,
        title,
        authors: person_names(&entry.authors),
        published,
        modified,
        language: entry.language.as_deref().and_then(language_code),
        image,
        tags,
        description,
        paragraphs,
        partial,
        ..Article::default()
    }
}

/// The item's link: `rel=alternate` (HTML first), else a plain link, else a GUID that is a URL.
fn item_link(entry: &Entry, guid: Option<&str>, base: Option<&Url>) -> Option<String> {
    let usable = |l: &&Link| !l.href.trim().is_empty();
    let html_type = |l: &Link| l.media_type.as_deref().is_none_or(|m| m.contains("html"));
    let alternate = |l: &Link| l.rel.as_deref() == Some("alternate");
    let links = &entry.links;
    links
        .iter()
        .filter(usable)
        .find(|l| alternate(l) && html_type(l))
        .or_else(|| links.iter().filter(usable).find(|l| alternate(l)))
        .or_else(|| {
            links
                .iter()
                .filter(usable)
                .find(|l| l.rel.is_none() && l.target.is_none() && html_type(l))
        })
        .map(|l| l.href.trim())
        .or_else(|| {
            guid.filter(|g| {
                let lower = g.to_ascii_lowercase();
                lower.starts_with("http://") || lower.starts_with("https://")
            })
        })
        .and_then(|href| resolve(href, base))
}

fn media_image(entry: &Entry) -> Option<String> {
    let thumbnail = entry
        .media
        .iter()
        .flat_map(|m| &m.thumbnails)
        .map(|t| t.image.uri.trim())
        .find(|uri| !uri.is_empty());
    if let Some(uri) = thumbnail {
        return Some(uri.to_owned());
    }
    entry
        .media
        .iter()
        .flat_map(|m| &m.content)
        .filter_map(|c| {
            let url = c.url.as_ref()?;
            let is_image = match &c.content_type {
                Some(kind) => kind.ty().as_str() == "image",
                None => has_image_extension(url.path()),
            };
            is_image.then(|| url.to_string())
        })
        .next()
}

fn has_image_extension(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// Absolute form of a link, resolved against `base`; kept as written when it cannot be.
fn resolve(href: &str, base: Option<&Url>) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    match Url::parse(href) {
        Ok(url) => Some(url.to_string()),
        Err(url::ParseError::RelativeUrlWithoutBase) => match base.map(|b| b.join(href)) {
            Some(Ok(url)) => Some(url.to_string()),
            _ => Some(href.to_owned()),
        },
        Err(_) => Some(href.to_owned()),
    }
}

fn person_names(people: &[feed_rs::model::Person]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for person in people {
        let name = person
            .name
            .as_deref()
            .map(plain_text)
            .filter(|n| !n.is_empty())
            .or_else(|| person.email.as_deref().map(collapse_whitespace));
        if let Some(name) = name.filter(|n| !n.is_empty())
            && !names.contains(&name)
        {
            names.push(name);
        }
    }
    names
}

/// `en-US` → `en`; anything that is not a language tag → `None`.
fn language_code(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?;
    let ok = (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic());
    ok.then(|| primary.to_ascii_lowercase())
}

// ---------------------------------------------------------------------------------------------
// Dates

/// A feed date, with its offset: [`crate::dates::parse`], else RFC 3339 / RFC 2822 here.
fn parse_date(text: &str) -> Option<Published> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    crate::dates::parse(text).or_else(|| fallback_date(text))
}

fn fallback_date(text: &str) -> Option<Published> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(Published::Zoned(t));
    }
    if let Some(t) = rfc2822_lenient(text) {
        return Some(Published::Zoned(t));
    }
    const ZONED: [&str; 4] = [
        "%Y-%m-%dT%H:%M:%S%.f%:z",
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f %z",
    ];
    for format in ZONED {
        if let Ok(t) = DateTime::parse_from_str(text, format) {
            return Some(Published::Zoned(t));
        }
    }
    const LOCAL: [&str; 3] = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
    ];
    for format in LOCAL {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Some(Published::Local(t));
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .map(Published::Day)
}

/// RFC 2822 as feeds write it: also with `UTC`, a wrong weekday, or no seconds.
fn rfc2822_lenient(text: &str) -> Option<DateTime<FixedOffset>> {
    if let Ok(t) = DateTime::parse_from_rfc2822(text) {
        return Some(t);
    }
    let mut fixed = collapse_whitespace(text);
    for (zone, offset) in [(" UTC", " +0000"), (" Z", " +0000")] {
        if let Some(stripped) = fixed.strip_suffix(zone) {
            fixed = format!("{stripped}{offset}");
        }
    }
    // Drop the weekday: a wrong one makes the strict parser refuse the date.
    let without_weekday = match fixed.split_once(',') {
        Some((day, rest)) if day.chars().all(|c| c.is_ascii_alphabetic()) => rest.trim(),
        _ => fixed.as_str(),
    };
    DateTime::parse_from_rfc2822(without_weekday)
        .ok()
        .or_else(|| DateTime::parse_from_str(without_weekday, "%d %b %Y %H:%M %z").ok())
}

fn to_utc(published: &Published) -> Option<DateTime<Utc>> {
    Some(match published {
        Published::Zoned(t) => t.with_timezone(&Utc),
        Published::Local(t) => t.and_utc(),
        Published::Day(d) => d.and_hms_opt(0, 0, 0)?.and_utc(),
    })
}

// ---------------------------------------------------------------------------------------------
// Text

/// The blocks of an HTML fragment as paragraphs, and its first image.
struct Blocks {
    paragraphs: Vec<String>,
    first_img: Option<String>,
}

/// Elements whose text is not article text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "head",
    "title", "button", "select", "textarea", "form",
];

/// Elements that start and end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "table",
    "tr",
    "td",
    "th",
    "caption",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "nav",
    "main",
    "address",
    "details",
    "summary",
    "center",
];

/// Splits an HTML fragment into paragraphs at block elements; scripts and styles dropped,
/// white space collapsed. Iterative, so deep nesting cannot overflow the stack.
fn html_blocks(html: &str) -> Blocks {
    let fragment = Html::parse_fragment(html);
    let mut blocks = Blocks {
        paragraphs: Vec::new(),
        first_img: None,
    };
    let mut current = String::new();
    let mut skip_depth = 0usize;
    for edge in fragment.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(element) => {
                    let name = element.name();
                    if skip_depth > 0 || SKIPPED.contains(&name) {
                        skip_depth += 1;
                    } else if BLOCKS.contains(&name) {
                        flush(&mut current, &mut blocks.paragraphs);
                    } else if name == "img" && blocks.first_img.is_none() {
                        blocks.first_img = element
                            .attr("src")
                            .map(str::trim)
                            .filter(|s| !s.is_empty() && !s.starts_with("data:"))
                            .map(str::to_owned);
                    }
                }
                Node::Text(text) if skip_depth == 0 => current.push_str(text),
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(element) = node.value() {
                    if skip_depth > 0 {
                        skip_depth -= 1;
                    } else if BLOCKS.contains(&element.name()) {
                        flush(&mut current, &mut blocks.paragraphs);
                    }
                }
            }
        }
    }
    flush(&mut current, &mut blocks.paragraphs);
    blocks
}

fn flush(current: &mut String, paragraphs: &mut Vec<String>) {
    let paragraph = collapse_whitespace(current);
    current.clear();
    if !paragraph.is_empty() {
        paragraphs.push(paragraph);
    }
}

/// Plain text of a feed text construct. Atom says whether it is `text` or `html`; RSS and
/// JSON Feed titles say nothing and often carry entities or tags, so those are sniffed.
fn text_of(text: &feed_rs::model::Text, atom: bool) -> String {
    let kind = text.content_type.as_str();
    if kind.contains("html") || kind.contains("xml") {
        html_blocks(&text.content).paragraphs.join(" ")
    } else if atom {
        collapse_whitespace(&text.content)
    } else {
        plain_text(&text.content)
    }
}

/// Plain text of a title / name that may hold markup or entities.
fn plain_text(text: &str) -> String {
    if looks_like_markup(text) {
        html_blocks(text).paragraphs.join(" ")
    } else {
        collapse_whitespace(text)
    }
}

fn looks_like_markup(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(2).any(|w| match w {
        [b'<', next] => next.is_ascii_alphabetic() || matches!(next, b'/' | b'!'),
        [b'&', next] => next.is_ascii_alphanumeric() || *next == b'#',
        _ => false,
    })
}

/// Paragraphs of plain text: separated by blank lines.
fn text_paragraphs(text: &str) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            flush(&mut current, &mut paragraphs);
        } else {
            current.push(' ');
            current.push_str(line);
        }
    }
    flush(&mut current, &mut paragraphs);
    paragraphs
}

fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_split_and_scripts_drop() {
        let blocks = html_blocks(
            "<p>One <b>bold</b>\n word.</p><script>var x = 1;</script>Loose<br>Line<div><p>Nested</p></div><img src='/a.png'>",
        );
        assert_eq!(
            blocks.paragraphs,
            ["One bold word.", "Loose", "Line", "Nested"]
        );
        assert_eq!(blocks.first_img.as_deref(), Some("/a.png"));
    }

    #[test]
    fn plain_text_decodes_entities() {
        assert_eq!(
            plain_text("Fish &amp;amp; <i>chips</i>"),
            "Fish &amp; chips"
        );
        assert_eq!(plain_text("AT&T  wins"), "AT&T wins");
        assert_eq!(plain_text("a < b"), "a < b");
    }

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

    #[test]
    fn dates_keep_offsets() {
        let zoned = |s: &str| match parse_date(s) {
            Some(Published::Zoned(t)) => Some(t.to_rfc3339()),
            _ => None,
        };
        assert_eq!(
            zoned("Thu, 05 Mar 2026 10:00:00 +0200").as_deref(),
            Some("2026-03-05T10:00:00+02:00")
        );
        assert_eq!(
            zoned("Mon, 05 Mar 2026 10:00:00 UTC").as_deref(),
            Some("2026-03-05T10:00:00+00:00")
        );
        assert_eq!(
            zoned("2026-03-05T10:00:00-05:00").as_deref(),
            Some("2026-03-05T10:00:00-05:00")
        );
    }

    #[test]
    fn language_codes() {
        assert_eq!(language_code("en-US").as_deref(), Some("en"));
        assert_eq!(language_code("DE").as_deref(), Some("de"));
        assert_eq!(language_code("english please"), None);
    }
}
