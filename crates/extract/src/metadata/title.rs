//! The headline: the visible heading when the page's declared titles agree with it, else the
//! declared title with the site name cut off.

use std::sync::LazyLock;

use regex::Regex;
use scraper::{ElementRef, Selector};

use super::{Page, element_text, element_text_within};

/// Separators between a headline and a site name in `<title>` and `og:title`.
static RE_SEP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s+[|\-–—·•»«/~:]+\s+|\s*\|\s*|\s+::\s+").unwrap());

/// Returns the headline and, when a site name was cut from a title, that site name.
pub(crate) fn title(page: &Page<'_>, site: Option<&str>) -> (Option<String>, Option<String>) {
    let site_keys = site_keys(page, site);

    let ld_headline = page.ld.article().and_then(|a| {
        page.ld
            .string(a, "headline")
            .or_else(|| page.ld.string(a, "name"))
    });
    let title_tag = {
        let sel = Selector::parse("title").unwrap();
        page.doc
            .select(&sel)
            .map(element_text)
            .find(|t| !t.is_empty())
    };
    let declared: Vec<String> = [
        page.meta("og:title").map(str::to_owned),
        ld_headline.clone(),
        page.meta("twitter:title").map(str::to_owned),
        title_tag.clone(),
        page.first_meta(&["parsely-title", "dc.title", "sailthru.title", "headline"]),
    ]
    .into_iter()
    .flatten()
    .filter(|t| !t.is_empty())
    .collect();

    // Variants of each declared title: whole, and each run of its parts.
    let mut variants: Vec<String> = Vec::new();
    for d in &declared {
        variants.push(norm(d));
        for v in part_runs(d) {
            variants.push(norm(&v));
        }
    }

    // A visible heading that one of the declared titles agrees with.
    let mut best: Option<String> = None;
    for h in headings(page) {
        let n = norm(&h);
        if n.chars().count() < 3 || is_site_like(&h, &site_keys) {
            continue;
        }
        if variants.contains(&n)
            && best
                .as_ref()
                .is_none_or(|b| h.split_whitespace().count() > b.split_whitespace().count())
        {
            best = Some(h);
        }
    }

    let cut_site = title_tag
        .as_deref()
        .and_then(|t| site_from_title(t, &site_keys));
    if let Some(h) = best {
        return (Some(h), cut_site);
    }
    // No agreement: the page's own headline, when it has a clear one.
    if let Some(h) = main_heading(page, &site_keys) {
        return (Some(h), cut_site);
    }

    let chosen = [
        page.meta("og:title").map(str::to_owned),
        ld_headline,
        page.meta("twitter:title").map(str::to_owned),
        title_tag,
    ]
    .into_iter()
    .flatten()
    .map(|t| strip_site(&t, &site_keys))
    .find(|t| !t.is_empty());
    if chosen.is_some() {
        return (chosen, cut_site);
    }
    let h = headings(page).into_iter().find(|h| !h.is_empty());
    (h, cut_site)
}

/// `<h1>`s read by [`main_heading`] (the first ones); a real page has a few.
const MAX_H1: usize = 64;

/// The one `<h1>` that reads like a headline: in the article or main content when the page has
/// several, not in navigation, footers or asides, not the site name.
fn main_heading(page: &Page<'_>, site_keys: &[String]) -> Option<String> {
    let sel = Selector::parse("h1").unwrap();
    let mut cands: Vec<(bool, String)> = Vec::new();
    let mut total = 0;
    for h in page.doc.select(&sel) {
        total += 1;
        // A page with more has no one headline; the count is all that is read of the rest.
        if total > MAX_H1 {
            continue;
        }
        let mut in_main = false;
        let mut noise = false;
        for a in h.ancestors().filter_map(ElementRef::wrap) {
            let v = a.value();
            let n = v.name();
            let attrs = format!(
                "{} {}",
                v.attr("class").unwrap_or(""),
                v.attr("id").unwrap_or("")
            )
            .to_lowercase();
            if n == "article"
                || n == "main"
                || attrs.contains("article")
                || attrs.contains("post")
                || attrs.contains("entry")
                || attrs.contains("content")
            {
                in_main = true;
            }
            if matches!(n, "nav" | "footer" | "aside")
                || attrs.contains("sidebar")
                || attrs.contains("footer")
                || attrs.contains("menu")
                || attrs.contains("logo")
                || attrs.contains("modal")
                || attrs.contains("cookie")
            {
                noise = true;
            }
        }
        // Longer than this, its text is more than 300 characters anyway.
        let Some(t) = element_text_within(h, 300) else {
            continue;
        };
        let words = t.split_whitespace().count();
        if noise || t.chars().count() < 4 || t.chars().count() > 300 || words > 40 {
            continue;
        }
        if is_site_like(&t, site_keys) {
            continue;
        }
        cands.push((in_main, t));
    }
    if total > 4 {
        return cands.into_iter().find(|(m, _)| *m).map(|(_, t)| t);
    }
    cands
        .iter()
        .find(|(m, _)| *m)
        .or_else(|| cands.first())
        .map(|(_, t)| t.clone())
}

/// The page's visible headline candidates, best first.
fn headings(page: &Page<'_>) -> Vec<String> {
    let sel = Selector::parse(
        "h1, [itemprop~=headline], [class*=entry-title], [class*=post-title], \
         [class*=article-title], [class*=headline], [class*=page-title], h2",
    )
    .unwrap();
    page.doc
        .select(&sel)
        .filter_map(|h| element_text_within(h, 400))
        .filter(|t| !t.is_empty() && t.chars().count() <= 400)
        .take(30)
        .collect()
}

/// Lower-case, collapsed, without surrounding punctuation and quotes.
pub(crate) fn norm(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| match c {
            '’' | '‘' | '`' | '´' => '\'',
            '“' | '”' | '„' => '"',
            '\u{a0}' => ' ',
            _ => c,
        })
        .collect();
    s.to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| c.is_whitespace() || "|-–—:".contains(c))
        .to_owned()
}

/// Letters and digits only, lower-case: "The Verge" and "theverge" compare equal.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Keys a part of a title is compared with to tell a site name: the declared site name and the
/// host's labels ("nytimes", "nytimes.com").
fn site_keys(page: &Page<'_>, site: Option<&str>) -> Vec<String> {
    let mut keys = Vec::new();
    if let Some(s) = site {
        let k = squash(s);
        if k.len() >= 2 {
            keys.push(k);
        }
    }
    if let Some(host) = page.host() {
        let host = host.trim_start_matches("www.");
        let labels: Vec<&str> = host.split('.').collect();
        if labels.len() >= 2 {
            // The registrable-ish label: "nytimes" in "www.nytimes.com", "bbc" in "bbc.co.uk".
            let main = if labels.len() >= 3
                && labels[labels.len() - 1].len() == 2
                && labels[labels.len() - 2].len() <= 3
            {
                labels[labels.len() - 3]
            } else {
                labels[labels.len() - 2]
            };
            let k = squash(main);
            if k.len() >= 3 {
                keys.push(k);
            }
        }
        keys.push(squash(host));
    }
    keys
}

fn is_site_like(part: &str, keys: &[String]) -> bool {
    let p = squash(part);
    if p.is_empty() {
        return false;
    }
    keys.iter().any(|k| {
        p == *k
            || (k.len() >= 4 && p.contains(k.as_str()) && p.len() <= k.len() + 16)
            || (p.len() >= 4 && k.contains(p.as_str()))
    })
}

/// The parts of a title between separators, with their byte ranges.
fn parts(t: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for m in RE_SEP.find_iter(t) {
        if m.start() > start {
            out.push((start, m.start()));
        }
        start = m.end();
    }
    if start < t.len() {
        out.push((start, t.len()));
    }
    out
}

/// Parts of a title whose runs are compared with the headings: a real title has a handful
/// (the runs of `n` parts are `n²/2` strings; a title of 2,000 parts would be 2 million).
const MAX_TITLE_PARTS: usize = 12;

/// Titles longer than this have no runs compared with the headings: a heading of at most 400
/// characters ([`headings`]) is never one of their runs of real length.
const MAX_TITLE_BYTES: usize = 4_000;

/// Every contiguous run of parts shorter than the whole ("A | B | C" → "A", "A | B", "B", …),
/// among the first [`MAX_TITLE_PARTS`] parts of a title of at most [`MAX_TITLE_BYTES`].
fn part_runs(t: &str) -> Vec<String> {
    let mut out = Vec::new();
    if t.len() > MAX_TITLE_BYTES {
        return out;
    }
    let p = parts(t);
    if p.len() < 2 {
        return out;
    }
    let considered = p.len().min(MAX_TITLE_PARTS);
    for i in 0..considered {
        for j in i..considered {
            if i == 0 && j == p.len() - 1 {
                continue;
            }
            out.push(t[p[i].0..p[j].1].to_owned());
        }
    }
    out
}

/// Cuts the site name from a title: leading and trailing parts that look like the site name;
/// failing that, a short last part after a " | " / " - " when the rest is longer.
pub(crate) fn strip_site(t: &str, keys: &[String]) -> String {
    let p = parts(t);
    if p.len() < 2 {
        return t.trim().to_owned();
    }
    let mut lo = 0;
    let mut hi = p.len();
    while hi - lo > 1 && is_site_like(&t[p[hi - 1].0..p[hi - 1].1], keys) {
        hi -= 1;
    }
    while hi - lo > 1 && is_site_like(&t[p[lo].0..p[lo].1], keys) {
        lo += 1;
    }
    if lo == 0 && hi == p.len() {
        // No part names the site: a short trailing part after a pipe-like separator is taken
        // for one.
        let last = &t[p[hi - 1].0..p[hi - 1].1];
        let sep = &t[p[hi - 2].1..p[hi - 1].0];
        let head_len = t[p[0].0..p[hi - 2].1].split_whitespace().count();
        let last_words = last.split_whitespace().count();
        if sep.contains(['|', '–', '—', '-', '·', '•', '»'])
            && last_words <= 4
            && head_len > last_words
            && !sep.contains(':')
        {
            hi -= 1;
        }
    }
    t[p[lo].0..p[hi - 1].1].trim().to_owned()
}

/// The site name cut off a `<title>`, when there is one.
fn site_from_title(t: &str, keys: &[String]) -> Option<String> {
    let p = parts(t);
    if p.len() < 2 {
        return None;
    }
    let last = t[p[p.len() - 1].0..].trim();
    let first = t[..p[0].1].trim();
    if is_site_like(last, keys) {
        Some(last.to_owned())
    } else if is_site_like(first, keys) {
        Some(first.to_owned())
    } else {
        let s = strip_site(t, keys);
        (s.len() < t.trim().len() && t.trim().starts_with(&s)).then(|| last.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Metadata, from_html};
    use super::*;
    use scraper::Html;

    fn meta(html: &str) -> Metadata {
        from_html(
            &Html::parse_document(html),
            Some("https://www.dailyplanet.example/a"),
        )
    }

    #[test]
    fn suffix_rule() {
        let keys = vec!["dailyplanet".to_owned()];
        assert_eq!(
            strip_site("Storm hits coast | Daily Planet", &keys),
            "Storm hits coast"
        );
        assert_eq!(
            strip_site("Daily Planet - Storm hits coast", &keys),
            "Storm hits coast"
        );
        assert_eq!(
            strip_site("Storm hits coast - World - Daily Planet", &keys),
            "Storm hits coast - World"
        );
        // Unknown site: a short trailing part after a pipe goes.
        assert_eq!(
            strip_site("Storm hits the coast | Herald", &[]),
            "Storm hits the coast"
        );
        // A colon belongs to the headline.
        assert_eq!(
            strip_site("Storm: what to know", &[]),
            "Storm: what to know"
        );
        assert_eq!(strip_site("Plain headline", &[]), "Plain headline");
    }

    #[test]
    fn heading_agreeing_with_title_wins() {
        let m = meta(
            "<html><head><title>Storm hits coast, 3 dead – Daily Planet</title></head>\
             <body><h1>Daily Planet</h1><h1>Storm hits coast, 3 dead</h1></body></html>",
        );
        assert_eq!(m.title.as_deref(), Some("Storm hits coast, 3 dead"));
        assert_eq!(m.site_name.as_deref(), Some("Daily Planet"));
    }

    #[test]
    fn og_title_preferred_over_bare_title() {
        let m = meta(
            r#"<html><head><title>Home of news | Storm</title>
            <meta property="og:title" content="Storm hits coast | Daily Planet"></head>
            <body><p>No heading</p></body></html>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Storm hits coast"));
    }

    #[test]
    fn visible_headline_preferred_over_seo_title() {
        let m = meta(
            r#"<html><head><title>Best storm tips 2026 | Daily Planet</title>
            <meta property="og:title" content="Best storm tips 2026"></head>
            <body><nav><h1>Menu</h1></nav><article><h1>Ten ways to get ready for a storm</h1></article></body></html>"#,
        );
        assert_eq!(
            m.title.as_deref(),
            Some("Ten ways to get ready for a storm")
        );
    }
}
