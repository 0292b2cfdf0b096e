//! A day in the URL's path.

use std::sync::LazyLock;

use regex::Regex;

use crate::Published;
use crate::dates;

static RE_URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/((?:19|20)\d{2})[/_-]?(1[0-2]|0?[1-9])[/_-]?(3[01]|[12]\d|0?[1-9])(?:[^0-9]|$)")
        .unwrap()
});

static RE_URL_MONTH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)/((?:19|20)\d{2})/([a-z]{3,9})/(\d{1,2})(?:/|$)").unwrap());

/// A day in the URL path: `/2026/03/05/`, `/2026-03-05-`, `/20260305/`, `/2026/march/05/`.
pub(crate) fn from_url(url: &str) -> Option<Published> {
    let path_start = url.find("://").map_or(0, |i| i + 3);
    let path = &url[path_start..];
    let path = &path[path.find('/')?..];
    if let Some(c) = RE_URL_MONTH.captures(path)
        && let Some(p) = dates::parse(&format!("{} {} {}", &c[3], &c[2], &c[1]))
    {
        return Some(p);
    }
    for c in RE_URL_DATE.captures_iter(path) {
        let compact = !c[0][1..].contains(['/', '-', '_']) || c[0].len() < 10;
        let (y, m, d) = (&c[1], &c[2], &c[3]);
        if compact && (m.len() != 2 || d.len() != 2) {
            continue;
        }
        let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse()) else {
            continue;
        };
        if !dates::plausible_year(y) {
            continue;
        }
        if let Some(date) = chrono::NaiveDate::from_ymd_opt(y, m, d) {
            return Some(Published::Day(date));
        }
    }
    None
}
