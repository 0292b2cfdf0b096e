//! Page metadata: JSON-LD, OpenGraph, meta tags, `<time>`, bylines.
//!
//! Each field is read from the most reliable source the page has:
//! - title: the visible headline when it agrees with `og:title` / JSON-LD `headline` /
//!   `<title>` (whole, or one part of it around " | ", " - ", …), else `og:title`, JSON-LD
//!   `headline`, `<title>` with the site name cut off ([`title`]).
//! - authors: JSON-LD `author`, author meta tags, `itemprop=author`, `rel=author`, byline
//!   elements; "By" dropped, "A and B" split, site names dropped ([`authors`]).
//! - published / modified: JSON-LD, meta tags, `<time>`, dates in the URL, dates written near
//!   the headline ([`when`]).
//! - the rest from OpenGraph, meta tags and JSON-LD, URLs made absolute.

mod authors;
mod jsonld;
mod title;
mod when;

use scraper::{ElementRef, Html, Selector};
use url::Url;

use crate::{Published, links};
use jsonld::JsonLd;

/// What a page says about itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<Published>,
    pub modified: Option<Published>,
    pub site_name: Option<String>,
    pub canonical_url: Option<String>,
    pub language: Option<String>,
    pub image: Option<String>,
    pub section: Option<String>,
    pub tags: Vec<String>,
    pub description: Option<String>,
}

/// Reads the metadata of a parsed page. `url` resolves relative links.
pub fn from_html(doc: &Html, url: Option<&str>) -> Metadata {
    let page = Page::new(doc, url);
    let language = page.language();
    let declared_site = page.declared_site_name();
    let (title, title_site) = title::title(&page, declared_site.as_deref());
    let site_name = declared_site
        .or(title_site)
        .or_else(|| page.host().map(|h| h.trim_start_matches("www.").to_owned()));
    let authors = authors::authors(&page, site_name.as_deref());
    let (published, modified) = when::dates(&page, language.as_deref());
    Metadata {
        title,
        authors,
        published,
        modified,
        site_name,
        canonical_url: page.canonical_url(),
        language,
        image: page.image(),
        section: page.section(),
        tags: page.tags(),
        description: page.description(),
    }
}

/// Every date the page offers, as `(source, ISO date)` pairs: JSON-LD, meta keys, `<time>`,
/// the URL, the visible text and the dates written around the headline. For diagnostics.
pub fn date_evidence(doc: &Html, url: Option<&str>) -> Vec<(String, String)> {
    let page = Page::new(doc, url);
    when::evidence(&page, page.language().as_deref())
}

/// A parsed page with its meta tags and JSON-LD gathered once.
pub(crate) struct Page<'a> {
    pub doc: &'a Html,
    pub url: Option<Url>,
    /// `(key, content)` of every `<meta>`: key is the lower-cased `property`, `name`,
    /// `itemprop` or `http-equiv`.
    pub metas: Vec<(String, String)>,
    pub ld: JsonLd,
    /// The page's text up to 800 bytes after its headline, with the headline's span
    /// (computed once, on first use: [`when`] reads it several times).
    pub(crate) headline_text: std::cell::OnceCell<Option<(String, usize, usize)>>,
}

impl<'a> Page<'a> {
    pub fn new(doc: &'a Html, url: Option<&str>) -> Page<'a> {
        let sel = Selector::parse("meta").unwrap();
        let mut metas = Vec::new();
        for m in doc.select(&sel) {
            let e = m.value();
            let Some(content) = e.attr("content").or_else(|| e.attr("value")) else {
                continue;
            };
            let content = clean_text(content);
            if content.is_empty() {
                continue;
            }
            for attr in ["property", "name", "itemprop", "http-equiv"] {
                if let Some(k) = e.attr(attr) {
                    for k in k.split_whitespace() {
                        metas.push((k.to_ascii_lowercase(), content.clone()));
                    }
                }
            }
        }
        Page {
            doc,
            url: url.and_then(|u| Url::parse(u).ok()),
            metas,
            ld: JsonLd::from_html(doc),
            headline_text: std::cell::OnceCell::new(),
        }
    }

    /// The first non-empty content of a meta key.
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.metas
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// All contents of a meta key.
    pub fn metas<'b>(&'b self, key: &'b str) -> impl Iterator<Item = &'b str> + 'b {
        self.metas
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn first_meta(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|k| self.meta(k)).map(str::to_owned)
    }

    pub fn host(&self) -> Option<String> {
        self.url
            .as_ref()
            .and_then(|u| u.host_str())
            .map(|h| h.to_ascii_lowercase())
    }

    /// Makes a link absolute against the page URL (and `<base href>`); only a web URL is kept
    /// ([`links::web_url`]), whatever the base (`#` against a `javascript:` page address is
    /// a `javascript:` URL).
    pub fn absolute(&self, link: &str) -> Option<String> {
        let link = link.trim();
        if link.is_empty() {
            return None;
        }
        if let Ok(u) = Url::parse(link) {
            return links::web_url(u.as_str());
        }
        let base = self.base_url()?;
        base.join(link)
            .ok()
            .and_then(|u| links::web_url(u.as_str()))
    }

    fn base_url(&self) -> Option<Url> {
        let sel = Selector::parse("base[href]").unwrap();
        let base_href = self.doc.select(&sel).next().and_then(|b| b.attr("href"));
        match (&self.url, base_href) {
            (Some(u), Some(b)) => u.join(b).ok().or_else(|| Some(u.clone())),
            (Some(u), None) => Some(u.clone()),
            (None, Some(b)) => Url::parse(b).ok(),
            (None, None) => None,
        }
    }

    /// The site name the page declares.
    pub fn declared_site_name(&self) -> Option<String> {
        if let Some(s) = self.meta("og:site_name") {
            return Some(s.to_owned());
        }
        if let Some(a) = self.ld.article()
            && let Some(p) = self.ld.publisher(a)
        {
            return Some(p);
        }
        if let Some(w) = self.ld.of_type("website").next()
            && let Some(n) = self.ld.string(w, "name")
        {
            return Some(n);
        }
        if let Some(o) = self
            .ld
            .of_type("newsmediaorganization")
            .chain(self.ld.of_type("organization"))
            .next()
            && let Some(n) = self.ld.string(o, "name")
        {
            return Some(n);
        }
        self.first_meta(&[
            "application-name",
            "apple-mobile-web-app-title",
            "twitter:site",
        ])
        .filter(|s| !s.starts_with('@'))
    }

    pub fn language(&self) -> Option<String> {
        let sel = Selector::parse("html").unwrap();
        let html_lang = self
            .doc
            .select(&sel)
            .next()
            .and_then(|h| h.attr("lang").or_else(|| h.attr("xml:lang")));
        let ld_lang = self
            .ld
            .article()
            .and_then(|a| self.ld.string(a, "inLanguage"));
        [
            html_lang.map(str::to_owned),
            self.first_meta(&["og:locale", "content-language", "language", "dc.language"]),
            ld_lang,
        ]
        .into_iter()
        .flatten()
        .find_map(|l| normalize_language(&l))
    }

    pub fn canonical_url(&self) -> Option<String> {
        let sel = Selector::parse("link[rel][href]").unwrap();
        let canonical = self
            .doc
            .select(&sel)
            .find(|l| {
                l.attr("rel").is_some_and(|r| {
                    r.split_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical"))
                })
            })
            .and_then(|l| l.attr("href"))
            .and_then(|h| self.absolute(h));
        canonical
            .or_else(|| self.meta("og:url").and_then(|u| self.absolute(u)))
            .or_else(|| {
                self.ld
                    .article()
                    .and_then(|a| self.ld.string(a, "url"))
                    .and_then(|u| self.absolute(&u))
            })
    }

    pub fn image(&self) -> Option<String> {
        self.first_meta(&[
            "og:image",
            "og:image:url",
            "og:image:secure_url",
            "twitter:image",
            "twitter:image:src",
        ])
        .or_else(|| self.ld.article().and_then(|a| self.ld.image(a)))
        .and_then(|u| self.absolute(&u))
    }

    pub fn section(&self) -> Option<String> {
        self.first_meta(&["article:section", "parsely-section", "section"])
            .or_else(|| {
                self.ld
                    .article()
                    .and_then(|a| self.ld.string(a, "articleSection"))
            })
            .filter(|s| s.chars().count() <= 80)
    }

    pub fn tags(&self) -> Vec<String> {
        let mut raw: Vec<String> = Vec::new();
        raw.extend(self.metas("article:tag").map(str::to_owned));
        for key in ["news_keywords", "keywords", "parsely-tags"] {
            for v in self.metas(key) {
                raw.extend(v.split([',', ';']).map(str::to_owned));
            }
        }
        if let Some(a) = self.ld.article() {
            for k in self.ld.strings(a, "keywords") {
                raw.extend(k.split(',').map(str::to_owned));
            }
        }
        let mut out: Vec<String> = Vec::new();
        for t in raw {
            let t = clean_text(&t);
            if t.is_empty() || t.chars().count() > 60 {
                continue;
            }
            if !out.iter().any(|o| o.to_lowercase() == t.to_lowercase()) {
                out.push(t);
            }
            if out.len() >= 50 {
                break;
            }
        }
        out
    }

    pub fn description(&self) -> Option<String> {
        self.first_meta(&["og:description", "description", "twitter:description"])
            .or_else(|| {
                self.ld
                    .article()
                    .and_then(|a| self.ld.string(a, "description"))
            })
    }
}

/// `en-US`, `en_GB`, `EN` → `en`; `None` for values that are not language codes.
pub fn normalize_language(l: &str) -> Option<String> {
    let primary = l.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    let ok = (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_lowercase());
    ok.then_some(primary)
}

/// The visible text of an element (scripts and styles left out), white space collapsed.
pub(crate) fn element_text(e: ElementRef<'_>) -> String {
    let mut out = String::new();
    push_text(e, &mut out);
    clean_text(&out)
}

/// [`element_text`] of an element whose text can be at most `max_chars` long, `None` for one
/// that is clearly longer (its raw text has more than `10 × max_chars + 2,000` non-space bytes:
/// entities and white space can shrink the raw text, not that much). Wrappers of a whole page
/// are not collected just to be rejected.
pub(crate) fn element_text_within(e: ElementRef<'_>, max_chars: usize) -> Option<String> {
    let mut out = String::new();
    let mut budget = max_chars.saturating_mul(10).saturating_add(2000);
    push_text_bounded(e, &mut out, &mut budget).then(|| clean_text(&out))
}

/// [`push_text`] that gives up (`false`) once `budget` non-space bytes are spent.
/// Iterative (a stack of the open elements' children), so a deep tree costs heap, not call
/// stack.
fn push_text_bounded(e: ElementRef<'_>, out: &mut String, budget: &mut usize) -> bool {
    // Per open element: its children still to read, and whether it is a block (a space
    // follows it).
    let mut open = vec![(e.children(), false)];
    while let Some((children, _)) = open.last_mut() {
        let Some(child) = children.next() else {
            if let Some((_, true)) = open.pop() {
                out.push(' ');
            }
            continue;
        };
        if let Some(t) = child.value().as_text() {
            let cost = t.bytes().filter(|b| !b.is_ascii_whitespace()).count();
            let Some(left) = budget.checked_sub(cost) else {
                return false;
            };
            *budget = left;
            out.push_str(t);
        } else if let Some(ce) = ElementRef::wrap(child) {
            let name = ce.value().name();
            if matches!(name, "script" | "style" | "noscript" | "template" | "svg") {
                continue;
            }
            let block = matches!(
                name,
                "br" | "p" | "div" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "td" | "tr"
            );
            if block {
                out.push(' ');
            }
            open.push((child.children(), block));
        }
    }
    true
}

/// The text of an element, blocks separated by spaces (no budget).
fn push_text(e: ElementRef<'_>, out: &mut String) {
    let mut unlimited = usize::MAX;
    push_text_bounded(e, out, &mut unlimited);
}

/// Decodes the HTML entities JSON-LD strings often carry and collapses white space.
pub(crate) fn clean_text(s: &str) -> String {
    let decoded = if s.contains('&') {
        decode_entities(s)
    } else {
        s.to_owned()
    };
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..].find(';').map(|e| e + 1).filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = if let Some(num) = name.strip_prefix('#') {
                let n = if let Some(hex) = num.strip_prefix(['x', 'X']) {
                    u32::from_str_radix(hex, 16).ok()
                } else {
                    num.parse().ok()
                };
                n.and_then(char::from_u32)
            } else {
                match name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some(' '),
                    "rsquo" => Some('’'),
                    "lsquo" => Some('‘'),
                    "rdquo" => Some('”'),
                    "ldquo" => Some('“'),
                    "ndash" => Some('–'),
                    "mdash" => Some('—'),
                    "hellip" => Some('…'),
                    _ => None,
                }
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(html: &str, url: &str) -> Metadata {
        from_html(&Html::parse_document(html), Some(url))
    }

    /// Found by the `html` property (seed 0x909b458527e53393): `<link rel=canonical
    /// href="#">` on a page fetched as `javascript:alert(1)` gave the canonical URL
    /// `javascript:alert(1)#`.
    #[test]
    fn links_relative_to_a_script_address_are_dropped() {
        let html = r##"<html><head><link rel="canonical" href="#">
            <meta property="og:image" content="/a.png"><base href="javascript:x()//">
            </head><body></body></html>"##;
        for url in ["javascript:alert(1)", "https://planet.example/a"] {
            let m = meta(html, url);
            assert_eq!(m.canonical_url, None, "{url}");
            assert_eq!(m.image, None, "{url}");
        }
        let m = meta(
            r#"<link rel="canonical" href="/news/storm"><meta property="og:image" content="JavaScript:x()">"#,
            "data:text/html,x",
        );
        assert_eq!((m.canonical_url, m.image), (None, None));
    }

    #[test]
    fn open_graph_and_meta_tags() {
        let m = meta(
            r#"<html lang="en-US"><head>
            <title>Storm hits coast | Daily Planet</title>
            <meta property="og:title" content="Storm hits coast">
            <meta property="og:site_name" content="Daily Planet">
            <meta property="og:image" content="/img/storm.jpg">
            <meta property="og:description" content="A storm.">
            <meta property="article:section" content="Weather">
            <meta property="article:tag" content="storm">
            <meta property="article:tag" content="Coast">
            <meta name="keywords" content="storm, weather, coast">
            <meta property="article:published_time" content="2026-03-05T10:00:00+02:00">
            <meta property="article:modified_time" content="2026-03-06T08:00:00Z">
            <link rel="canonical" href="/news/storm">
            </head><body><h1>Storm hits coast</h1></body></html>"#,
            "https://planet.example/news/storm?x=1",
        );
        assert_eq!(m.title.as_deref(), Some("Storm hits coast"));
        assert_eq!(m.site_name.as_deref(), Some("Daily Planet"));
        assert_eq!(m.language.as_deref(), Some("en"));
        assert_eq!(
            m.image.as_deref(),
            Some("https://planet.example/img/storm.jpg")
        );
        assert_eq!(
            m.canonical_url.as_deref(),
            Some("https://planet.example/news/storm")
        );
        assert_eq!(m.description.as_deref(), Some("A storm."));
        assert_eq!(m.section.as_deref(), Some("Weather"));
        assert_eq!(m.tags, vec!["storm", "Coast", "weather"]);
        assert_eq!(
            m.published.map(|p| p.to_iso()).as_deref(),
            Some("2026-03-05T10:00:00+02:00")
        );
        assert_eq!(
            m.modified.map(|p| p.to_iso()).as_deref(),
            Some("2026-03-06T08:00:00+00:00")
        );
    }

    #[test]
    fn json_ld_graph_and_references() {
        let m = meta(
            r#"<html><head><title>x</title>
            <script type="application/ld+json">{ broken json </script>
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","@id":"https://s.example/#website","name":"Sample Site"},
              {"@type":["NewsArticle"],"headline":"Council approves budget &amp; plan",
               "author":[{"@id":"https://s.example/#p1"},{"@type":"Person","name":"Bo Li"}],
               "datePublished":"2026-03-05T09:30:00-05:00","dateModified":"2026-03-05T11:00:00-05:00",
               "publisher":{"@id":"https://s.example/#org"},
               "image":{"@type":"ImageObject","url":"https://s.example/a.jpg"},
               "articleSection":["Politics"],"keywords":"budget, council","inLanguage":"fr-FR"},
              {"@type":"Person","@id":"https://s.example/#p1","name":"Ann Smith"},
              {"@type":"Organization","@id":"https://s.example/#org","name":"Sample News"}
            ]}</script></head><body></body></html>"#,
            "https://s.example/a",
        );
        assert_eq!(m.title.as_deref(), Some("Council approves budget & plan"));
        assert_eq!(m.authors, vec!["Ann Smith", "Bo Li"]);
        assert_eq!(
            m.published.map(|p| p.to_iso()).as_deref(),
            Some("2026-03-05T09:30:00-05:00")
        );
        assert_eq!(m.site_name.as_deref(), Some("Sample News"));
        assert_eq!(m.image.as_deref(), Some("https://s.example/a.jpg"));
        assert_eq!(m.section.as_deref(), Some("Politics"));
        assert_eq!(m.tags, vec!["budget", "council"]);
        assert_eq!(m.language.as_deref(), Some("fr"));
    }

    #[test]
    fn json_ld_tolerates_breakage() {
        let v = jsonld::parse_tolerant("<!-- {\"@type\":\"Article\",\"headline\":\"a\nb\",} -->");
        assert!(v.is_some());
        let ld = JsonLd::from_strs(&[
            r#"[{"@type":"BreadcrumbList"},{"@type":"BlogPosting","headline":"Hi"}]"#,
        ]);
        let a = ld.article().unwrap();
        assert_eq!(ld.string(a, "headline").as_deref(), Some("Hi"));
        assert!(JsonLd::from_strs(&["{nope"]).article().is_none());
    }

    #[test]
    fn language_normalized() {
        assert_eq!(normalize_language("EN_gb").as_deref(), Some("en"));
        assert_eq!(normalize_language("de").as_deref(), Some("de"));
        assert_eq!(normalize_language("x"), None);
        let m = meta(
            r#"<html><head><meta property="og:locale" content="de_DE"></head></html>"#,
            "https://a.example/",
        );
        assert_eq!(m.language.as_deref(), Some("de"));
    }

    #[test]
    fn site_name_falls_back_to_host() {
        let m = meta(
            "<html><head><title>Hello</title></head></html>",
            "https://www.news.example/x",
        );
        assert_eq!(m.site_name.as_deref(), Some("news.example"));
    }

    #[test]
    fn entities_decoded() {
        assert_eq!(
            clean_text("Tom &amp; Jerry&#8217;s  \n show"),
            "Tom & Jerry’s show"
        );
        assert_eq!(clean_text("A & B"), "A & B");
    }
}
