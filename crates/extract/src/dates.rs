//! Dates as pages and feeds write them: ISO 8601, RFC 2822, "March 5, 2026", "05.03.26, 23:59".
//!
//! [`parse`] finds the first date in a short text and, right after it (or right before it), a
//! time of day and a time zone. The result keeps what the text gives:
//! [`Published::Zoned`] when an offset or a named zone is written, [`Published::Local`] when only
//! a time is, [`Published::Day`] otherwise.
//!
//! Rules for all-numeric dates:
//! - `2026-03-05`, `2026/03/05`, `2026.03.05`: year, month, day.
//! - `05.03.2026`, `05.03.26`: day, month, year (dots are European).
//! - `05/03/2026`, `05-03-2026`: when one of the first two numbers is above 12 it must be the
//!   day; when both could be a month, they are read month first (US) by [`parse`], day first by
//!   [`parse_with`] with [`DayOrder::DayFirst`] (callers that know the page is not American).
//! - Two-digit years are 2000–2068 for `00`–`68`, 1969–1999 otherwise.
//!
//! Years outside 1990..=2100 and impossible days are rejected.

use std::sync::LazyLock;

use chrono::{Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Weekday};
use regex::Regex;

use crate::Published;

/// How to read an all-numeric date with slashes whose first two numbers could both be a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DayOrder {
    /// `03/05/2026` is March 5 (US).
    #[default]
    MonthFirst,
    /// `03/05/2026` is 3 May (most of the world).
    DayFirst,
}

/// Parses a date or date-time written by a person or a machine, keeping the offset when given.
pub fn parse(text: &str) -> Option<Published> {
    parse_with(text, DayOrder::MonthFirst)
}

/// [`parse`] with an explicit rule for ambiguous slashed dates.
pub fn parse_with(text: &str, order: DayOrder) -> Option<Published> {
    let text = text.trim();
    if text.is_empty() || text.len() > 400 {
        return None;
    }
    if let Some(p) = parse_epoch(text) {
        return Some(p);
    }
    find(text, order).map(|(p, _, _)| p)
}

/// Finds the first date (with its time and zone, when written next to it) in a text of any
/// length; returns it with the byte range of the date part.
pub fn find(text: &str, order: DayOrder) -> Option<(Published, usize, usize)> {
    let found = find_date(text, order)?;
    let (time, zone) = find_time(text, found.start, found.end, found.date);
    let p = match (time, zone) {
        (Some(t), Some(off)) => {
            let local = NaiveDateTime::new(found.date, t);
            match off.from_local_datetime(&local).single() {
                Some(dt) => Published::Zoned(dt),
                None => Published::Local(local),
            }
        }
        (Some(t), None) => Published::Local(NaiveDateTime::new(found.date, t)),
        _ => Published::Day(found.date),
    };
    Some((p, found.start, found.end))
}

/// True when the year is one a news page could plausibly carry.
pub fn plausible_year(y: i32) -> bool {
    (1990..=2100).contains(&y)
}

fn parse_epoch(text: &str) -> Option<Published> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let secs: i64 = match text.len() {
        10 => text.parse().ok()?,
        13 => text.parse::<i64>().ok()? / 1000,
        _ => return None,
    };
    let dt = chrono::DateTime::from_timestamp(secs, 0)?;
    if !plausible_year(dt.year()) {
        return None;
    }
    Some(Published::Zoned(dt.fixed_offset()))
}

struct Found {
    date: NaiveDate,
    start: usize,
    end: usize,
}

/// The first match of `re` in `text` that `read` turns into a date.
fn first_date(
    re: &Regex,
    text: &str,
    read: impl Fn(&regex::Captures<'_>) -> Option<Found>,
) -> Option<Found> {
    re.captures_iter(text).find_map(|c| read(&c))
}

/// A date found over a whole match.
fn whole(c: &regex::Captures<'_>, date: NaiveDate) -> Option<Found> {
    let m = c.get(0)?;
    Some(Found {
        date,
        start: m.start(),
        end: m.end(),
    })
}

/// Month names and abbreviations (English, German, French, Spanish, Italian, Portuguese, Dutch).
const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("januar", 1),
    ("jänner", 1),
    ("janvier", 1),
    ("janv", 1),
    ("enero", 1),
    ("ene", 1),
    ("gennaio", 1),
    ("janeiro", 1),
    ("januari", 1),
    ("february", 2),
    ("feb", 2),
    ("febr", 2),
    ("februar", 2),
    ("février", 2),
    ("fevrier", 2),
    ("févr", 2),
    ("fevr", 2),
    ("febrero", 2),
    ("febbraio", 2),
    ("fevereiro", 2),
    ("fev", 2),
    ("februari", 2),
    ("march", 3),
    ("mar", 3),
    ("märz", 3),
    ("maerz", 3),
    ("mär", 3),
    ("mars", 3),
    ("marzo", 3),
    ("março", 3),
    ("marco", 3),
    ("maart", 3),
    ("mrt", 3),
    ("april", 4),
    ("apr", 4),
    ("avril", 4),
    ("avr", 4),
    ("abril", 4),
    ("abr", 4),
    ("aprile", 4),
    ("may", 5),
    ("mai", 5),
    ("mayo", 5),
    ("maggio", 5),
    ("maio", 5),
    ("mei", 5),
    ("june", 6),
    ("jun", 6),
    ("juni", 6),
    ("juin", 6),
    ("junio", 6),
    ("giugno", 6),
    ("junho", 6),
    ("july", 7),
    ("jul", 7),
    ("juli", 7),
    ("juillet", 7),
    ("juil", 7),
    ("julio", 7),
    ("luglio", 7),
    ("julho", 7),
    ("august", 8),
    ("aug", 8),
    ("août", 8),
    ("aout", 8),
    ("agosto", 8),
    ("ago", 8),
    ("augustus", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("septembre", 9),
    ("septiembre", 9),
    ("setiembre", 9),
    ("settembre", 9),
    ("setembro", 9),
    ("set", 9),
    ("october", 10),
    ("oct", 10),
    ("oktober", 10),
    ("okt", 10),
    ("octobre", 10),
    ("octubre", 10),
    ("ottobre", 10),
    ("outubro", 10),
    ("out", 10),
    ("november", 11),
    ("nov", 11),
    ("novembre", 11),
    ("noviembre", 11),
    ("novembro", 11),
    ("december", 12),
    ("dec", 12),
    ("dezember", 12),
    ("dez", 12),
    ("décembre", 12),
    ("decembre", 12),
    ("déc", 12),
    ("diciembre", 12),
    ("dic", 12),
    ("dicembre", 12),
    ("dezembro", 12),
];

/// Month abbreviations that are also ordinary words; only accepted in tight date shapes
/// (never in "out 5 2026"-like prose).
fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    MONTHS.iter().find(|(n, _)| *n == w).map(|(_, m)| *m)
}

fn month_alternation() -> String {
    let mut names: Vec<&str> = MONTHS.iter().map(|(n, _)| *n).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    names.dedup();
    names.join("|")
}

static RE_YMD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d])(\d{4})([-/.])(\d{1,2})([-/.])(\d{1,2})(?:[^\d]|$)").unwrap()
});
static RE_YMD_COMPACT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})(\d{2})(\d{2})(?:T|$)").unwrap());
static RE_NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[^\d.:/-])(\d{1,2})\s?([-/.])\s?(\d{1,2})\s?([-/.])\s?(\d{4}|\d{2})(?:[^\d]|$)",
    )
    .unwrap()
});
static RE_CJK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?").unwrap()
});
static RE_MDY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b({})\.?\s*(\d{{1,2}})(?:st|nd|rd|th)?\b\.?,?\s*(\d{{4}})\b",
        month_alternation()
    ))
    .unwrap()
});
static RE_DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th|er|º|°)?\.?(?:\s+de|\s*[-/])?\s*\b({})\b\.?(?:\s+de|\s+del|\s*[-/])?,?\s*(\d{{4}}|\d{{2}})\b",
        month_alternation()
    ))
    .unwrap()
});

fn year_from(s: &str) -> Option<i32> {
    let y: i32 = s.parse().ok()?;
    let y = if s.len() == 2 {
        if y <= 68 { 2000 + y } else { 1900 + y }
    } else if s.len() == 4 {
        y
    } else {
        return None;
    };
    plausible_year(y).then_some(y)
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    if !plausible_year(y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

fn find_date(text: &str, order: DayOrder) -> Option<Found> {
    let mut best: Option<Found> = None;
    let mut offer = |f: Found| {
        let better = match &best {
            None => true,
            Some(b) => f.start < b.start || (f.start == b.start && f.end > b.end),
        };
        if better {
            best = Some(f);
        }
    };

    if let Some(c) = RE_YMD_COMPACT.captures(text) {
        let y = c[1].parse().ok();
        let m = c[2].parse().ok();
        let d = c[3].parse().ok();
        if let (Some(y), Some(m), Some(d)) = (y, m, d)
            && let Some(date) = ymd(y, m, d)
        {
            offer(Found {
                date,
                start: 0,
                end: c.get(3).unwrap().end(),
            });
        }
    }
    let found = [
        first_date(&RE_YMD, text, |c| {
            if c[2] != c[4] {
                return None;
            }
            let date = ymd(c[1].parse().ok()?, c[3].parse().ok()?, c[5].parse().ok()?)?;
            Some(Found {
                date,
                start: c.get(1)?.start(),
                end: c.get(5)?.end(),
            })
        }),
        first_date(&RE_NUMERIC, text, |c| {
            if c[2] != c[4] {
                return None;
            }
            let (a, b) = (c[1].parse::<u32>().ok()?, c[3].parse::<u32>().ok()?);
            let y = year_from(&c[5])?;
            let sep = &c[2];
            // Day first when the first number cannot be a month, month first when the second
            // cannot be, else by the separator and the page's order.
            let month_first = a <= 12 && (b > 12 || (sep != "." && order == DayOrder::MonthFirst));
            let (d, m) = if month_first { (b, a) } else { (a, b) };
            let date = ymd(y, m, d)?;
            Some(Found {
                date,
                start: c.get(1)?.start(),
                end: c.get(5)?.end(),
            })
        }),
        first_date(&RE_CJK, text, |c| {
            let date = ymd(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)?;
            whole(c, date)
        }),
        first_date(&RE_MDY, text, |c| {
            let date = ymd(year_from(&c[3])?, month_number(&c[1])?, c[2].parse().ok()?)?;
            whole(c, date)
        }),
        first_date(&RE_DMY, text, |c| {
            let date = ymd(year_from(&c[3])?, month_number(&c[2])?, c[1].parse().ok()?)?;
            whole(c, date)
        }),
    ];
    for f in found.into_iter().flatten() {
        offer(f);
    }
    best
}

static RE_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?:^|[^\d:])
        (\d{1,2})
        (?:
            (?: : | \s?h\s?) (\d{2})
            (?: :(\d{2}) (?:[.,]\d+)? )?
        )?
        \s*
        ( a\.?\s?m\b\.? | p\.?\s?m\b\.? | Uhr\b )?
        ",
    )
    .unwrap()
});

static RE_ZONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        ^\s*\(?
        (?:
            (Z)\b
          | ([+\-−])(\d{2}):?(\d{2})\b
          | ([+\-−])(\d{1,2})\b
          | (?i:(GMT|UTC|UT))(?:\s*([+\-−])(\d{1,2})(?::?(\d{2}))?)?\b
          | ([A-Z]{2,5})\b
        )",
    )
    .unwrap()
});

/// Text allowed between a date and its time: "T", ",", "at", "um", "à", "a las", "-", "|", "·".
static RE_GLUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:\s|[,|·•/@–—-]|T|\bat\b|\bum\b|\bà\b|\ba\s+las\b|\ba\s+la\b|\balle\b|\bkl\.?|\bà\s+partir\s+de\b|\bo\b)*",
    )
    .unwrap()
});

fn find_time(
    text: &str,
    start: usize,
    end: usize,
    date: NaiveDate,
) -> (Option<NaiveTime>, Option<FixedOffset>) {
    let rest = &text[end..];
    let glue = RE_GLUE.find(rest).map_or(0, |m| m.end());
    if let Some((t, z)) = time_at(&rest[glue..], date, true) {
        return (Some(t), z);
    }
    // "10:32 AM EST, March 5, 2026": a time just before the date.
    let before = &text[..start];
    if before.len() <= 60
        && let Some(pos) = before.find(':')
    {
        let from = before[..pos]
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_digit())
            .last()
            .map_or(pos, |(i, _)| i);
        if let Some((t, z)) = time_at(&before[from..], date, false) {
            return (Some(t), z);
        }
    }
    (None, None)
}

/// A time at the very start of `s`, then an optional zone.
fn time_at(
    s: &str,
    date: NaiveDate,
    need_anchor: bool,
) -> Option<(NaiveTime, Option<FixedOffset>)> {
    let c = RE_TIME.captures(s)?;
    let whole = c.get(0)?;
    let hour_m = c.get(1)?;
    if need_anchor && !s[..hour_m.start()].trim().is_empty() {
        return None;
    }
    if whole.start() > 1 {
        return None;
    }
    let minute = c.get(2);
    let ampm = c.get(4).map(|m| m.as_str().to_ascii_lowercase());
    let is_uhr = ampm.as_deref().is_some_and(|a| a.starts_with('u'));
    if minute.is_none() && ampm.is_none() {
        return None;
    }
    let mut hour: u32 = hour_m.as_str().parse().ok()?;
    let minute: u32 = minute.map_or(Some(0), |m| m.as_str().parse().ok())?;
    let second: u32 = c.get(3).map_or(Some(0), |m| m.as_str().parse().ok())?;
    if let Some(a) = ampm.as_deref().filter(|_| !is_uhr) {
        if hour == 0 || hour > 12 {
            return None;
        }
        let pm = a.starts_with('p');
        hour = match (hour, pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
    }
    let time = NaiveTime::from_hms_opt(hour, minute, second.min(59))?;
    let after = &s[whole.end()..];
    let zone = zone_at(after, date);
    Some((time, zone))
}

fn sign_of(s: &str) -> i32 {
    if s == "-" || s == "−" { -1 } else { 1 }
}

fn zone_at(s: &str, date: NaiveDate) -> Option<FixedOffset> {
    let c = RE_ZONE.captures(s)?;
    if c.get(1).is_some() {
        return FixedOffset::east_opt(0);
    }
    if let (Some(sg), Some(h), Some(m)) = (c.get(2), c.get(3), c.get(4)) {
        let h: i32 = h.as_str().parse().ok()?;
        let m: i32 = m.as_str().parse().ok()?;
        if h > 14 || m > 59 {
            return None;
        }
        return FixedOffset::east_opt(sign_of(sg.as_str()) * (h * 3600 + m * 60));
    }
    if let (Some(sg), Some(h)) = (c.get(5), c.get(6)) {
        let h: i32 = h.as_str().parse().ok()?;
        if h > 14 {
            return None;
        }
        return FixedOffset::east_opt(sign_of(sg.as_str()) * h * 3600);
    }
    if c.get(7).is_some() {
        let mut secs = 0;
        if let (Some(sg), Some(h)) = (c.get(8), c.get(9)) {
            let h: i32 = h.as_str().parse().ok()?;
            let m: i32 = c.get(10).map_or(Some(0), |m| m.as_str().parse().ok())?;
            if h > 14 || m > 59 {
                return None;
            }
            secs = sign_of(sg.as_str()) * (h * 3600 + m * 60);
        }
        return FixedOffset::east_opt(secs);
    }
    let name = c.get(11)?.as_str();
    named_zone(name, date).and_then(FixedOffset::east_opt)
}

/// Seconds east of UTC for a zone abbreviation. US generic zones (ET, PT, …) follow US daylight
/// saving time on the given day.
pub fn named_zone(name: &str, date: NaiveDate) -> Option<i32> {
    let h = |x: f32| Some((x * 3600.0) as i32);
    match name.to_ascii_uppercase().as_str() {
        "UTC" | "GMT" | "UT" | "Z" | "WET" => h(0.0),
        "BST" | "WEST" | "CET" | "MEZ" => h(1.0),
        "CEST" | "MESZ" | "EET" | "SAST" => h(2.0),
        "EEST" | "MSK" => h(3.0),
        "IST" => h(5.5),
        "PKT" => h(5.0),
        "ICT" | "WIB" => h(7.0),
        "HKT" | "SGT" | "AWST" | "PHT" => h(8.0),
        "JST" | "KST" => h(9.0),
        "ACST" => h(9.5),
        "AEST" => h(10.0),
        "AEDT" => h(11.0),
        "NZST" => h(12.0),
        "NZDT" => h(13.0),
        "EST" => h(-5.0),
        "EDT" => h(-4.0),
        "CST" => h(-6.0),
        "CDT" => h(-5.0),
        "MST" => h(-7.0),
        "MDT" => h(-6.0),
        "PST" => h(-8.0),
        "PDT" => h(-7.0),
        "AKST" => h(-9.0),
        "AKDT" => h(-8.0),
        "HST" => h(-10.0),
        "AST" => h(-4.0),
        "ADT" => h(-3.0),
        "NST" => h(-3.5),
        "ET" => h(-5.0 + us_dst(date)),
        "CT" => h(-6.0 + us_dst(date)),
        "MT" => h(-7.0 + us_dst(date)),
        "PT" => h(-8.0 + us_dst(date)),
        _ => None,
    }
}

/// 1.0 when US daylight saving time is in force on the day (second Sunday of March to first
/// Sunday of November), else 0.0.
fn us_dst(date: NaiveDate) -> f32 {
    let y = date.year();
    let start = NaiveDate::from_weekday_of_month_opt(y, 3, Weekday::Sun, 2);
    let end = NaiveDate::from_weekday_of_month_opt(y, 11, Weekday::Sun, 1);
    match (start, end) {
        (Some(s), Some(e)) if date >= s && date < e => 1.0,
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> Option<String> {
        parse(s).map(|p| p.to_iso())
    }

    #[test]
    fn iso_8601_and_rfc_3339() {
        assert_eq!(iso("2026-03-05").as_deref(), Some("2026-03-05"));
        assert_eq!(
            iso("2026-03-05T10:00:00+02:00").as_deref(),
            Some("2026-03-05T10:00:00+02:00")
        );
        assert_eq!(
            iso("2026-03-05T10:00:00Z").as_deref(),
            Some("2026-03-05T10:00:00+00:00")
        );
        assert_eq!(
            iso("2026-03-05T10:00:00.123456-05:00").as_deref(),
            Some("2026-03-05T10:00:00-05:00")
        );
        assert_eq!(
            iso("2026-03-05T10:00:00").as_deref(),
            Some("2026-03-05T10:00:00")
        );
        assert_eq!(
            iso("2026-03-05 10:00").as_deref(),
            Some("2026-03-05T10:00:00")
        );
        assert_eq!(
            iso("2026-03-05T10:00:00+0200").as_deref(),
            Some("2026-03-05T10:00:00+02:00")
        );
        assert_eq!(iso("20260305").as_deref(), Some("2026-03-05"));
    }

    #[test]
    fn rfc_2822() {
        assert_eq!(
            iso("Thu, 05 Mar 2026 10:00:00 +0200").as_deref(),
            Some("2026-03-05T10:00:00+02:00")
        );
        assert_eq!(
            iso("Thu, 05 Mar 2026 10:00:00 GMT").as_deref(),
            Some("2026-03-05T10:00:00+00:00")
        );
        assert_eq!(
            iso("Thu, 5 Mar 2026 10:00 EST").as_deref(),
            Some("2026-03-05T10:00:00-05:00")
        );
    }

    #[test]
    fn month_names() {
        assert_eq!(iso("March 5, 2026").as_deref(), Some("2026-03-05"));
        assert_eq!(iso("5 March 2026").as_deref(), Some("2026-03-05"));
        assert_eq!(iso("Mar. 5th, 2026").as_deref(), Some("2026-03-05"));
        assert_eq!(iso("5-Mar-2026").as_deref(), Some("2026-03-05"));
        assert_eq!(
            iso("Mar 5, 2026 10:32 AM EST").as_deref(),
            Some("2026-03-05T10:32:00-05:00")
        );
        assert_eq!(
            iso("Published: March 5, 2026 at 10:32 a.m. ET").as_deref(),
            Some("2026-03-05T10:32:00-05:00")
        );
        // ET follows US daylight saving time.
        assert_eq!(
            iso("July 4, 2026 at 12:05 p.m. ET").as_deref(),
            Some("2026-07-04T12:05:00-04:00")
        );
        assert_eq!(
            iso("10:32 PM PST, March 5, 2026").as_deref(),
            Some("2026-03-05T22:32:00-08:00")
        );
    }

    #[test]
    fn other_languages() {
        assert_eq!(iso("5. März 2026").as_deref(), Some("2026-03-05"));
        assert_eq!(
            iso("5. März 2026, 14:30 Uhr").as_deref(),
            Some("2026-03-05T14:30:00")
        );
        assert_eq!(
            iso("le 5 mars 2026 à 10h30").as_deref(),
            Some("2026-03-05T10:30:00")
        );
        assert_eq!(iso("1er février 2026").as_deref(), Some("2026-02-01"));
        assert_eq!(iso("5 de marzo de 2026").as_deref(), Some("2026-03-05"));
        assert_eq!(iso("17 dicembre 2025").as_deref(), Some("2025-12-17"));
        assert_eq!(iso("2026年3月5日").as_deref(), Some("2026-03-05"));
    }

    #[test]
    fn numeric_dates() {
        assert_eq!(
            iso("05.03.26, 23:59").as_deref(),
            Some("2026-03-05T23:59:00")
        );
        assert_eq!(iso("05.03.2026").as_deref(), Some("2026-03-05"));
        assert_eq!(iso("2026/03/05").as_deref(), Some("2026-03-05"));
        assert_eq!(iso("2026.03.05").as_deref(), Some("2026-03-05"));
        // Ambiguous slashes: month first by default, day first on request.
        assert_eq!(iso("05/03/2026").as_deref(), Some("2026-05-03"));
        assert_eq!(
            parse_with("05/03/2026", DayOrder::DayFirst).map(|p| p.to_iso()),
            Some("2026-03-05".into())
        );
        // Unambiguous either way.
        assert_eq!(iso("25/03/2026").as_deref(), Some("2026-03-25"));
        assert_eq!(iso("03/25/2026").as_deref(), Some("2026-03-25"));
        assert_eq!(iso("03-09-2026").as_deref(), Some("2026-03-09"));
        assert_eq!(
            parse_with("05-03-2026", DayOrder::DayFirst).map(|p| p.to_iso()),
            Some("2026-03-05".into())
        );
    }

    #[test]
    fn epoch_seconds() {
        assert_eq!(
            iso("1772704800").as_deref(),
            Some("2026-03-05T10:00:00+00:00")
        );
    }

    #[test]
    fn rejects_nonsense() {
        assert_eq!(iso(""), None);
        assert_eq!(iso("hello world"), None);
        assert_eq!(iso("1850-03-05"), None);
        assert_eq!(iso("2026-02-30"), None);
        assert_eq!(iso("31.04.2026"), None);
        assert_eq!(iso("March 32, 2026"), None);
        assert_eq!(iso("2150-01-01"), None);
        assert_eq!(iso("12345"), None);
    }
}
