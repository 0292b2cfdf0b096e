//! Feed dates, with the offset written in the feed.
//!
//! feed-rs only gives UTC instants, so the raw date text is captured while feed-rs parses
//! (through its timestamp-parser hook, [`DateLog`]) and parsed with [`crate::dates::parse`]
//! (falling back to RFC 3339 / RFC 2822 here).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};

use crate::Published;

use super::text::collapse_whitespace;

/// Raw date texts met while feed-rs parses, by the UTC instant they were turned into.
#[derive(Default, Clone)]
pub(super) struct DateLog(Arc<Mutex<HashMap<DateTime<Utc>, Published>>>);

impl DateLog {
    /// Parses a date feed-rs met and remembers its offset; the instant for feed-rs.
    pub(super) fn record(&self, text: &str) -> Option<DateTime<Utc>> {
        let published = parse_date(text)?;
        let instant = to_utc(&published)?;
        if let Ok(mut map) = self.0.lock() {
            map.entry(instant).or_insert(published);
        }
        Some(instant)
    }

    /// The dates met, by instant.
    pub(super) fn into_map(self) -> HashMap<DateTime<Utc>, Published> {
        match self.0.lock() {
            Ok(mut map) => std::mem::take(&mut *map),
            Err(_) => HashMap::new(),
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
