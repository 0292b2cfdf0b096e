//! One feed-rs entry to one [`Article`]: its link, GUID, title, dates, image, summary and
//! body. Links and images are kept only as absolute `http`/`https` URLs
//! ([`crate::links::web_url`]).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use feed_rs::model::{Entry, Link};
use url::Url;

use crate::links::web_url;
use crate::{Article, Published};

use super::text::{collapse_whitespace, html_blocks, plain_text, text_of, text_paragraphs};

/// Tags kept per item, as for pages' meta tags: a feed item with a million categories
/// must not cost a million comparisons each (the check was quadratic; a fuzzed 113-byte
/// generator input hung it past 60 s).
const MAX_TAGS: usize = 50;
/// Authors kept per item, for the same reason.
const MAX_PEOPLE: usize = 20;

/// `image` (else `banner_image`) of each JSON Feed item, in item order (feed-rs drops them).
pub(super) fn json_item_images(bytes: &[u8]) -> Vec<Option<String>> {
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
pub(super) fn raw_thumbnails(bytes: &[u8], entries: usize) -> Vec<Option<String>> {
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

pub(super) fn entry_article(
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
    let enclosure = entry
        .links
        .iter()
        .find(|l| {
            l.rel.as_deref() == Some("enclosure")
                && l.media_type
                    .as_deref()
                    .is_some_and(|m| m.starts_with("image/"))
        })
        .map(|l| l.href.clone());
    // The first candidate that is a web URL: a `javascript:` thumbnail must not hide a good
    // enclosure behind it.
    let image = [media_image(entry), item_image, enclosure, first_img]
        .into_iter()
        .flatten()
        .find_map(|src| resolve(&src, base));

    let mut tags: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for category in &entry.categories {
        if tags.len() >= MAX_TAGS {
            break;
        }
        let tag = category.label.as_deref().unwrap_or(&category.term);
        let tag = collapse_whitespace(tag);
        if !tag.is_empty() && seen.insert(tag.clone()) {
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

/// The item's link: `rel=alternate` (HTML first), else a plain link, else a GUID that is a URL;
/// the first of each kind that is a web URL.
fn item_link(entry: &Entry, guid: Option<&str>, base: Option<&Url>) -> Option<String> {
    let web = |l: &Link| resolve(&l.href, base);
    let html_type = |l: &&Link| l.media_type.as_deref().is_none_or(|m| m.contains("html"));
    let alternate = |l: &&Link| l.rel.as_deref() == Some("alternate");
    let plain = |l: &&Link| l.rel.is_none() && l.target.is_none();
    let links = &entry.links;
    links
        .iter()
        .filter(alternate)
        .filter(html_type)
        .find_map(web)
        .or_else(|| links.iter().filter(alternate).find_map(web))
        .or_else(|| links.iter().filter(plain).filter(html_type).find_map(web))
        .or_else(|| guid.and_then(web_url))
}

pub(super) fn media_image(entry: &Entry) -> Option<String> {
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

/// The absolute `http`/`https` form of a link, resolved against `base`; `None` for any other
/// scheme (`javascript:`, `data:`, ...) and for a relative link with no base to resolve it by.
fn resolve(href: &str, base: Option<&Url>) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    let absolute = match Url::parse(href) {
        Ok(url) => url,
        Err(url::ParseError::RelativeUrlWithoutBase) => base?.join(href).ok()?,
        Err(_) => return None,
    };
    web_url(absolute.as_str())
}

pub(super) fn person_names(people: &[feed_rs::model::Person]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for person in people {
        if names.len() >= MAX_PEOPLE {
            break;
        }
        let name = person
            .name
            .as_deref()
            .map(plain_text)
            .filter(|n| !n.is_empty())
            .or_else(|| person.email.as_deref().map(collapse_whitespace));
        if let Some(name) = name.filter(|n| !n.is_empty())
            && seen.insert(name.clone())
        {
            names.push(name);
        }
    }
    names
}

/// `en-US` → `en`; anything that is not a language tag → `None`.
pub(super) fn language_code(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?;
    let ok = (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic());
    ok.then(|| primary.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes() {
        assert_eq!(language_code("en-US").as_deref(), Some("en"));
        assert_eq!(language_code("DE").as_deref(), Some("de"));
        assert_eq!(language_code("english please"), None);
    }
}
