//! Author names: JSON-LD, meta tags, `itemprop=author`, `rel=author`, byline elements.

use std::sync::LazyLock;

use regex::Regex;
use scraper::{ElementRef, Selector};

use super::{Page, element_text};
use crate::dates;

/// "By", "Written by", "Von", "Par", "Autor:" and the like at the start of a byline.
static RE_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:(?:written|posted|reported|published|reviewed|edited|words|story|text|photos?|article)\s+by|by|von|par|por|door|di|da|av|autor(?:in|es)?|authors?|auteurs?|geschrieben\s+von|escrito\s+por|écrit\s+par|posted\s+on\s+\S+\s+by)\b\s*[:\-–]?\s*",
    )
    .unwrap()
});

/// Where a byline stops being names.
static RE_STOP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\s*(?:[|•·\n]|\s[–—-]\s|\bupdated\b|\bpublished\b|\bposted\b|\bon\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|\d)|\bread\s+more\b|\bfollow\b|\bemail\b|\btwitter\b|\d+\s*min(?:ute)?s?\s+read\b|\bshare\b)",
    )
    .unwrap()
});

/// Separators between names.
static RE_SPLIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\be\b)\s*").unwrap()
});

/// Words that show a text is not a person's name.
static RE_NOT_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:https?:|www\.|\.com\b|@|\bshare\b|\bcomments?\b|\bsubscribe\b|\bnewsletter\b|\bfollow\b|\bview\s+all\b|\bposts?\b|\barticles?\b|\bmin\s+read\b|\bclick\b|\bprofile\b|\bmenu\b|\bsearch\b|\bsign\s+in\b|\blog\s*in\b|\bcookies?\b|\bprivacy\b)",
    )
    .unwrap()
});

/// Author names, in page order, without "By"; site names posing as authors are dropped.
pub(crate) fn authors(page: &Page<'_>, site: Option<&str>) -> Vec<String> {
    let site_key = site.map(squash).filter(|s| !s.is_empty());
    let host_key = page
        .host()
        .map(|h| squash(h.trim_start_matches("www.").split('.').next().unwrap_or("")));
    let is_site = |name: &str| {
        let n = squash(name);
        site_key.as_ref().is_some_and(|s| n == *s)
            || host_key.as_ref().is_some_and(|h| h.len() >= 4 && n == *h)
    };
    let accept = |names: Vec<String>| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for n in names {
            if is_site(&n) {
                continue;
            }
            if !out.iter().any(|o| o.to_lowercase() == n.to_lowercase()) {
                out.push(n);
            }
        }
        out
    };

    for source in 0..6 {
        let found = match source {
            0 => from_json_ld(page),
            1 => from_meta(page),
            2 => from_elements(page, "[itemprop~=author]"),
            3 => from_elements(
                page,
                "[rel~=author], a[href*=\"/author/\"], a[href*=\"/authors/\"]",
            ),
            4 => from_elements(
                page,
                "[class*=byline i], [id*=byline i], [class*=author i], [class*=writer i], \
                 [data-testid*=byline i], address",
            ),
            _ => Vec::new(),
        };
        let found = accept(found);
        if !found.is_empty() {
            return found;
        }
    }
    Vec::new()
}

fn from_json_ld(page: &Page<'_>) -> Vec<String> {
    let Some(article) = page.ld.article() else {
        return Vec::new();
    };
    let people = page.ld.authors(article);
    let mut out = Vec::new();
    for (name, _ty) in people {
        if name.starts_with("http") {
            continue;
        }
        out.extend(split_names(&name));
    }
    out
}

fn from_meta(page: &Page<'_>) -> Vec<String> {
    for key in [
        "author",
        "article:author",
        "og:article:author",
        "parsely-author",
        "sailthru.author",
        "dc.creator",
        "dcterms.creator",
        "citation_author",
        "byl",
        "twitter:data1",
        "cxenseparse:author",
    ] {
        let mut out = Vec::new();
        for v in page.metas(key) {
            if v.contains("://") || v.starts_with('@') || v.starts_with("www.") {
                continue;
            }
            if key == "twitter:data1"
                && page
                    .meta("twitter:label1")
                    .is_none_or(|l| !l.to_lowercase().contains("written"))
            {
                continue;
            }
            out.extend(split_names(v));
        }
        if !out.is_empty() {
            return out;
        }
    }
    Vec::new()
}

fn from_elements(page: &Page<'_>, selector: &str) -> Vec<String> {
    let Ok(sel) = Selector::parse(selector) else {
        return Vec::new();
    };
    let name_sel = Selector::parse("[itemprop~=name]").unwrap();
    for e in page.doc.select(&sel).take(40) {
        if in_comments(e) {
            continue;
        }
        let text = if let Some(c) = e.attr("content") {
            c.to_owned()
        } else if let Some(n) = e.select(&name_sel).next() {
            n.attr("content")
                .map(str::to_owned)
                .unwrap_or_else(|| element_text(n))
        } else {
            element_text(e)
        };
        if text.is_empty() || text.chars().count() > 200 {
            continue;
        }
        let names = split_names(&text);
        if !names.is_empty() {
            return names;
        }
    }
    Vec::new()
}

/// True inside comment sections, where bylines are commenters.
fn in_comments(e: ElementRef<'_>) -> bool {
    e.ancestors()
        .filter_map(ElementRef::wrap)
        .take(12)
        .any(|a| {
            let v = a.value();
            let s = format!(
                "{} {}",
                v.attr("class").unwrap_or(""),
                v.attr("id").unwrap_or("")
            )
            .to_lowercase();
            s.contains("comment")
                || s.contains("related")
                || s.contains("sidebar")
                || s.contains("footer")
        })
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A byline to names: "By", dates and trailing clutter dropped, "A, B and C" split.
pub(crate) fn split_names(text: &str) -> Vec<String> {
    let mut t = text.trim().to_owned();
    // Repeatedly drop "By" prefixes ("By: By Ann").
    for _ in 0..3 {
        let stripped = RE_BY.replace(&t, "").into_owned();
        if stripped == t {
            break;
        }
        t = stripped;
    }
    if let Some(m) = RE_STOP.find(&t)
        && m.start() > 0
    {
        t.truncate(m.start());
    }
    // A date inside the byline ends it.
    if let Some(pos) = date_start(&t) {
        t.truncate(pos);
    }
    let t = t.trim().trim_end_matches([',', '.', ':', '-', '|']).trim();
    if t.is_empty() || t.chars().count() > 150 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for part in RE_SPLIT.split(t) {
        let p = part
            .trim()
            .trim_matches(|c: char| c.is_whitespace() || ",.;:|-–—()[]".contains(c))
            .trim();
        let p = RE_BY.replace(p, "");
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        if !looks_like_name(p) {
            // Degrees and titles after a name ("Dylan Bailey, MS, RD") are kept as written.
            if !out.is_empty()
                && p.chars().count() <= 6
                && p.chars().all(|c| c.is_alphabetic() || c == '.')
            {
                out.push(p.to_owned());
                continue;
            }
            return Vec::new();
        }
        out.push(p.to_owned());
    }
    out
}

fn date_start(t: &str) -> Option<usize> {
    dates::find(t, dates::DayOrder::MonthFirst).map(|(_, start, _)| start)
}

fn looks_like_name(p: &str) -> bool {
    let words = p.split_whitespace().count();
    if words == 0 || words > 5 || p.chars().count() > 60 {
        return false;
    }
    if p.chars().any(|c| c.is_ascii_digit()) || RE_NOT_NAME.is_match(p) {
        return false;
    }
    let letters = p.chars().filter(|c| c.is_alphabetic()).count();
    if letters * 2 < p.chars().count() {
        return false;
    }
    // Most words capitalised (for scripts with case).
    let cased: Vec<&str> = p
        .split_whitespace()
        .filter(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_lowercase() || c.is_uppercase())
        })
        .collect();
    if !cased.is_empty() {
        let upper = cased
            .iter()
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .count();
        if upper * 2 < cased.len() {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::from_html;
    use super::*;
    use scraper::Html;

    fn names(html: &str) -> Vec<String> {
        from_html(
            &Html::parse_document(html),
            Some("https://www.herald.example/x"),
        )
        .authors
    }

    #[test]
    fn byline_splitting() {
        assert_eq!(
            split_names("By Ann Smith and Bo Li"),
            vec!["Ann Smith", "Bo Li"]
        );
        assert_eq!(
            split_names("BY JOSH HASKELL, DAVID CAPLAN and PATRICK REEVELL"),
            vec!["JOSH HASKELL", "DAVID CAPLAN", "PATRICK REEVELL"]
        );
        assert_eq!(
            split_names("By Ann Smith | March 5, 2026"),
            vec!["Ann Smith"]
        );
        assert_eq!(split_names("Ann Smith March 5, 2026"), vec!["Ann Smith"]);
        assert_eq!(split_names("Von Hans Müller"), vec!["Hans Müller"]);
        assert_eq!(split_names("Written by: Ann Smith"), vec!["Ann Smith"]);
        assert!(split_names("Share this article on Twitter").is_empty());
        assert!(split_names("https://herald.example/ann").is_empty());
    }

    #[test]
    fn json_ld_author_objects() {
        let n = names(
            r#"<script type="application/ld+json">{"@type":"Article","headline":"h",
            "author":{"@type":"Person","name":"Ann Smith"}}</script>"#,
        );
        assert_eq!(n, vec!["Ann Smith"]);
    }

    #[test]
    fn meta_author_and_url_skipped() {
        let n = names(
            r#"<meta property="article:author" content="https://facebook.com/ann">
            <meta name="author" content="Ann Smith">"#,
        );
        assert_eq!(n, vec!["Ann Smith"]);
    }

    #[test]
    fn byline_elements() {
        let n = names(
            r#"<div class="post-byline">By <a rel="author">Ann Smith</a> on March 5, 2026</div>"#,
        );
        assert_eq!(n, vec!["Ann Smith"]);
        let n =
            names(r#"<span itemprop="author" itemscope><span itemprop="name">Bo Li</span></span>"#);
        assert_eq!(n, vec!["Bo Li"]);
    }

    #[test]
    fn site_name_is_not_an_author() {
        let n = names(
            r#"<meta property="og:site_name" content="The Herald"><meta name="author" content="The Herald">
            <span class="byline">By Cy Young</span>"#,
        );
        assert_eq!(n, vec!["Cy Young"]);
    }
}
