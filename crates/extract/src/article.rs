//! The extracted article and its publication time.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::metadata::Metadata;

/// When an article was published, as precisely as the source says: a day, a local date-time,
/// or a date-time with its UTC offset (kept as given, not converted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Published {
    /// Date-time with the offset the source gave.
    Zoned(DateTime<FixedOffset>),
    /// Date-time with no time zone given.
    Local(NaiveDateTime),
    /// Only the day is known.
    Day(NaiveDate),
}

impl Published {
    /// The calendar day, as the source gave it.
    pub fn date(&self) -> NaiveDate {
        match self {
            Published::Zoned(t) => t.date_naive(),
            Published::Local(t) => t.date(),
            Published::Day(d) => *d,
        }
    }

    /// ISO 8601 text: `2026-03-05`, `2026-03-05T10:00:00` or `2026-03-05T10:00:00+02:00`.
    pub fn to_iso(&self) -> String {
        match self {
            Published::Zoned(t) => t.to_rfc3339(),
            Published::Local(t) => t.format("%Y-%m-%dT%H:%M:%S").to_string(),
            Published::Day(d) => d.format("%Y-%m-%d").to_string(),
        }
    }

    /// Parses the text written by [`Published::to_iso`].
    pub fn from_iso(s: &str) -> Option<Published> {
        if let Ok(t) = DateTime::parse_from_rfc3339(s) {
            return Some(Published::Zoned(t));
        }
        if let Ok(t) = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S") {
            return Some(Published::Local(t));
        }
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .map(Published::Day)
    }

    /// Seconds since the Unix epoch (UTC; a day or local time counts as UTC), for ordering.
    pub fn timestamp(&self) -> i64 {
        match self {
            Published::Zoned(t) => t.timestamp(),
            Published::Local(t) => t.and_utc().timestamp(),
            Published::Day(d) => d
                .and_hms_opt(0, 0, 0)
                .map_or(0, |t| t.and_utc().timestamp()),
        }
    }
}

/// A clean article: the body as paragraphs and the metadata found on the page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// The URL the document was read from.
    pub url: Option<String>,
    /// The canonical URL the page declares (`<link rel=canonical>`, `og:url`), absolute.
    pub canonical_url: Option<String>,
    /// Feed item GUID / id, when the article came from a feed.
    pub guid: Option<String>,
    /// The headline, without the " | Site name" suffix.
    pub title: Option<String>,
    /// Author names, in page order, without "By".
    pub authors: Vec<String>,
    /// Publication time, with its time zone when the source gave one.
    pub published: Option<Published>,
    /// Last modification time, when the source gave one.
    pub modified: Option<Published>,
    /// The outlet or site name ("The CSR Journal Magazine", "UNN").
    pub site_name: Option<String>,
    /// Language code (ISO 639-1 where known), from the page; the engine fills it from the text
    /// when the page does not say.
    pub language: Option<String>,
    /// The lead image URL, absolute.
    pub image: Option<String>,
    /// The section ("Politics", "World").
    pub section: Option<String>,
    /// Tags / keywords.
    pub tags: Vec<String>,
    /// The standfirst / description, when the page has one.
    pub description: Option<String>,
    /// Body paragraphs (headings and list items are paragraphs too), clutter removed.
    pub paragraphs: Vec<String>,
    /// True when the body is only a feed summary, not the full article.
    pub partial: bool,
}

impl Article {
    /// Builds an article with the metadata found on a page and no body yet.
    pub fn from_metadata(meta: Metadata, url: Option<&str>) -> Article {
        Article {
            url: url.map(str::to_owned),
            canonical_url: meta.canonical_url,
            guid: None,
            title: meta.title,
            authors: meta.authors,
            published: meta.published,
            modified: meta.modified,
            site_name: meta.site_name,
            language: meta.language,
            image: meta.image,
            section: meta.section,
            tags: meta.tags,
            description: meta.description,
            paragraphs: Vec::new(),
            partial: false,
        }
    }

    /// The body as plain text, paragraphs separated by a blank line.
    pub fn text(&self) -> String {
        self.paragraphs.join("\n\n")
    }

    /// Number of words in the body.
    pub fn word_count(&self) -> usize {
        self.paragraphs
            .iter()
            .map(|p| p.split_whitespace().count())
            .sum()
    }
}
