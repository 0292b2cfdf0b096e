//! Author names: JSON-LD, meta tags, `itemprop=author`, `rel=author`, byline elements.

use std::sync::LazyLock;

use regex::Regex;
use scraper::{ElementRef, Selector};

use super::{Page, element_text, element_text_within};
use crate::dates;

/// "By", "Written by", "Von", "Par", "Autor:" and the like at the start of a byline.
static RE_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:(?:written|posted|reported|published|reviewed|edited|words|story|text|photos?|article|compiled|curated)\s*by|(?:by|von|par|por|door|autor(?:in|es)?|authors?|auteurs?|geschrieben\s+von|escrito\s+por|écrit\s+par|posted\s+on\s+\S+\s+by)\b)\s*[:\-–]?\s*",
    )
    .unwrap()
});

/// Where a byline stops being names.
static RE_STOP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\s*(?:[|•·\n]|\s[–—-]\s|\bupdated\b|\bpublished\b|\bposted\b|\bon\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|\d)|\blast\s+updated\b|\bread\s+more\b|\bfollow\b|\bemail\b|\btwitter\b|\d+\s*min(?:ute)?s?\s+read\b|\bshare\b)",
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

/// Author names, in page order, without "By". Site names posing as authors are dropped when a
/// person is named anywhere; when the page names only its site (or company), that is the author.
pub(crate) fn authors(page: &Page<'_>, site: Option<&str>) -> Vec<String> {
    let site_key = site.map(site_squash).filter(|s| !s.is_empty());
    let host_key = page.host().map(|h| {
        let h = h.trim_start_matches("www.");
        let labels: Vec<&str> = h.split('.').collect();
        squash(
            labels
                .get(labels.len().saturating_sub(2))
                .copied()
                .unwrap_or(h),
        )
    });
    let is_site = |name: &str| {
        let n = site_squash(name);
        if n.is_empty() {
            return false;
        }
        site_key.as_ref().is_some_and(|s| n == *s)
            || host_key.as_ref().is_some_and(|h| {
                h.len() >= 4
                    && (n == *h
                        || (h.len() >= 6
                            && n.len() >= 6
                            && (n.contains(h.as_str()) || h.contains(n.as_str()))))
            })
    };
    let dedup = |names: Vec<String>| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for n in names {
            if !out.iter().any(|o| o.to_lowercase() == n.to_lowercase()) {
                out.push(n);
            }
        }
        out
    };

    let mut site_only: Vec<String> = Vec::new();
    for source in 0..7 {
        let found = match source {
            0 => from_json_ld(page),
            1 => from_meta(page),
            2 => from_elements(page, "[itemprop~=author]", true),
            3 => from_elements(
                page,
                "[rel~=author], a[href*=\"/author/\"], a[href*=\"/authors/\"]",
                true,
            ),
            4 => from_elements(
                page,
                "[class*=byline i], [id*=byline i], [class*=author i], [class*=writer i], \
                 [data-testid*=byline i], address",
                false,
            ),
            5 => from_labels(page),
            _ => Vec::new(),
        };
        let (sites, people): (Vec<String>, Vec<String>) =
            found.into_iter().partition(|n| is_site(n));
        let people = dedup(people);
        if !people.is_empty() {
            return people;
        }
        if site_only.is_empty() {
            site_only = dedup(sites);
        }
    }
    site_only
}

/// Cleans a name the page declares in structured data: "By" dropped, URLs refused, kept as
/// written otherwise (lower case, initials, degrees).
fn structured_names(raw: &str) -> Vec<String> {
    static RE_STRUCT_SPLIT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\s*(?:;|&|\band\b|\bund\b)\s*").unwrap());
    let t = RE_BY.replace(raw.trim(), "");
    let t = t.trim();
    if t.is_empty() || t.contains("://") || t.starts_with("www.") || t.chars().count() > 120 {
        return Vec::new();
    }
    RE_STRUCT_SPLIT
        .split(t)
        .map(tidy)
        .filter(|p| !p.is_empty() && p.chars().any(char::is_alphabetic))
        .collect()
}

/// Trims punctuation around a name, keeping the period of "Jr." / "Ph.D." and balanced
/// parentheses.
fn tidy(p: &str) -> String {
    let mut p = p
        .trim()
        .trim_matches(|c: char| c.is_whitespace() || ",;:|-–—\"“”[]".contains(c))
        .to_owned();
    let opens = p.matches('(').count();
    let closes = p.matches(')').count();
    if opens != closes {
        p = p
            .trim_matches(|c: char| c == '(' || c == ')' || c.is_whitespace())
            .to_owned();
    }
    if p.ends_with('.') {
        let last = p.split_whitespace().last().unwrap_or("");
        let letters = last.chars().filter(|c| c.is_alphabetic()).count();
        if letters > 3 && last.matches('.').count() == 1 {
            p.pop();
        }
    }
    p.trim().to_owned()
}

fn from_json_ld(page: &Page<'_>) -> Vec<String> {
    let Some(article) = page.ld.article() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, _ty) in page.ld.authors(article) {
        out.extend(structured_names(&name));
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
            if v.starts_with('@') {
                continue;
            }
            if key == "twitter:data1"
                && page
                    .meta("twitter:label1")
                    .is_none_or(|l| !l.to_lowercase().contains("written"))
            {
                continue;
            }
            out.extend(structured_names(v));
        }
        if !out.is_empty() {
            return out;
        }
    }
    Vec::new()
}

/// Names from byline elements. With `all`, every matching element counts (several
/// `itemprop=author`); otherwise the first element that names someone.
fn from_elements(page: &Page<'_>, selector: &str, all: bool) -> Vec<String> {
    let Ok(sel) = Selector::parse(selector) else {
        return Vec::new();
    };
    let name_sel = Selector::parse("[itemprop~=name]").unwrap();
    let mut out: Vec<String> = Vec::new();
    for e in page.doc.select(&sel).take(60) {
        if matches!(
            e.value().name(),
            "body" | "html" | "img" | "script" | "style"
        ) || in_noise(e)
        {
            continue;
        }
        let names = if let Some(c) = e.attr("content") {
            structured_names(c)
        } else if let Some(n) = e.select(&name_sel).next() {
            match n.attr("content") {
                Some(c) => structured_names(c),
                None => split_names(&element_text(n)),
            }
        } else {
            byline_names(e)
        };
        if names.is_empty() {
            continue;
        }
        if !all {
            return names;
        }
        for n in names {
            if !out.iter().any(|o| o.eq_ignore_ascii_case(&n)) {
                out.push(n);
            }
        }
        if out.len() >= 6 {
            break;
        }
    }
    out
}

/// "Written by" / "Author:" labels whose name is in the next element.
fn from_labels(page: &Page<'_>) -> Vec<String> {
    static RE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^(?:written\s+by|posted\s+by|by|authors?|autor(?:in)?|auteur|von|words)\s*:?$",
        )
        .unwrap()
    });
    let sel = Selector::parse("p, span, div, dt, strong, b, small, label, h4, h5, h6").unwrap();
    for e in page.doc.select(&sel) {
        let Some(t) = element_text_within(e, 20) else {
            continue;
        };
        if t.len() > 20 || !RE_LABEL.is_match(&t) || in_noise(e) {
            continue;
        }
        if let Some(next) = e.next_siblings().filter_map(ElementRef::wrap).next() {
            let names = byline_names(next);
            if !names.is_empty() {
                return names;
            }
        }
    }
    Vec::new()
}

/// The text nodes of an element, trimmed, scripts left out; `false` (and what was read so far)
/// once they pass `max_bytes`. Iterative: a deep tree costs heap, not call stack.
fn text_chunks(e: ElementRef<'_>, out: &mut Vec<String>, max_bytes: usize) -> bool {
    let mut bytes = 0usize;
    let mut open = vec![e.children()];
    while let Some(children) = open.last_mut() {
        let Some(child) = children.next() else {
            open.pop();
            continue;
        };
        if let Some(t) = child.value().as_text() {
            let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
            if !t.is_empty() {
                bytes += t.len();
                out.push(t);
                if bytes > max_bytes {
                    return false;
                }
            }
        } else if let Some(ce) = ElementRef::wrap(child) {
            if matches!(
                ce.value().name(),
                "script" | "style" | "noscript" | "svg" | "button"
            ) {
                continue;
            }
            open.push(child.children());
        }
    }
    true
}

/// Names from a byline element, reading its text pieces: "By" + "Ann Smith" join, as do names
/// around "and" / ","; a piece that follows without a connector ("USA TODAY", a job title)
/// ends the byline.
fn byline_names(e: ElementRef<'_>) -> Vec<String> {
    static RE_CONNECTOR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)^(?:,|;|&|and|und|et|y|e|,\s*and|with)$").unwrap());
    let mut chunks = Vec::new();
    // Longer than 300 bytes, it is not a byline.
    if !text_chunks(e, &mut chunks, 300) {
        return Vec::new();
    }
    let mut groups: Vec<String> = Vec::new();
    let mut glue_next = false;
    for c in chunks {
        let is_conn = RE_CONNECTOR.is_match(&c);
        let is_prefix = RE_BY.replace(&c, "").trim().is_empty();
        let starts_conn = c.starts_with([',', '&']) || c.to_lowercase().starts_with("and ");
        match groups.last_mut() {
            Some(last) if glue_next || is_conn || starts_conn => {
                last.push(' ');
                last.push_str(&c);
            }
            _ => groups.push(c.clone()),
        }
        glue_next = is_conn
            || is_prefix
            || c.ends_with(',')
            || c.ends_with('&')
            || c.to_lowercase().ends_with(" and");
    }
    for g in groups {
        let names = split_names(&g);
        if !names.is_empty() {
            return names;
        }
    }
    Vec::new()
}

/// True inside comment sections, related-article lists, sidebars and footers.
fn in_noise(e: ElementRef<'_>) -> bool {
    e.ancestors()
        .filter_map(ElementRef::wrap)
        .take(15)
        .any(|a| {
            let v = a.value();
            if matches!(v.name(), "footer" | "aside" | "nav") {
                return true;
            }
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
                || s.contains("widget")
                || s.contains("recommend")
                || s.contains("popular")
        })
}

/// Letters and digits only, lower-case, without a leading "the".
fn site_squash(s: &str) -> String {
    let q = squash(s);
    q.strip_prefix("the")
        .filter(|r| r.len() >= 3)
        .map(str::to_owned)
        .unwrap_or(q)
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
    let t = t.trim().trim_end_matches([',', ':', '-', '|']).trim();
    if t.is_empty() || t.chars().count() > 150 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for part in RE_SPLIT.split(t) {
        let p = tidy(part);
        let p = RE_BY.replace(&p, "");
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

    #[test]
    fn site_name_only_when_nobody_else() {
        let n = names(
            r#"<meta property="og:site_name" content="The Herald"><meta name="author" content="The Herald">"#,
        );
        assert_eq!(n, vec!["The Herald"]);
    }

    #[test]
    fn written_by_label_and_pieces() {
        let n = names(r#"<div><p>Written by</p><p>Edzel Tabing</p></div>"#);
        assert_eq!(n, vec!["Edzel Tabing"]);
        let n = names(
            r#"<div class="byline"><a href="/p/bt">Brian Truitt</a><span>USA TODAY</span></div>"#,
        );
        assert_eq!(n, vec!["Brian Truitt"]);
        let n = names(r#"<div class="byline">By <a>Ann Smith</a> and <a>Bo Li</a></div>"#);
        assert_eq!(n, vec!["Ann Smith", "Bo Li"]);
    }

    #[test]
    fn declared_names_kept_as_written() {
        let n = names(r#"<meta name="author" content="kirstin boatto">"#);
        assert_eq!(n, vec!["kirstin boatto"]);
        assert_eq!(tidy("Genevieve Carlton, Ph.D."), "Genevieve Carlton, Ph.D.");
        assert_eq!(
            tidy("Jean-Luc Aufranc (CNXSoft)"),
            "Jean-Luc Aufranc (CNXSoft)"
        );
    }
}
