//! Publication and modification dates: JSON-LD, meta tags, `<time>`, `itemprop`, the URL, and
//! dates written near the headline.

use scraper::Selector;

mod elements;
mod url;
mod visible;

use super::{Page, element_text_within};
use crate::Published;
use crate::dates::{self, DayOrder};
use elements::{from_elements, in_noise};
pub(crate) use url::from_url;
use visible::{
    date_under_headline, floor_char, from_visible_text, labelled_update, text_around_headline,
};

/// Meta keys carrying the publication date, most reliable first.
const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "og:published_time",
    "published_time",
    "datepublished",
    "article.published",
    "parsely-pub-date",
    "sailthru.date",
    "publish-date",
    "publish_date",
    "publishdate",
    "pubdate",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "citation_publication_date",
    "citation_online_date",
    "citation_date",
    "prism.publicationdate",
    "date",
    "original-publish-date",
    "release_date",
    "datecreated",
    "article:post_date",
    "cxenseparse:recs:publishtime",
    "bt:pubdate",
    "analyticsattributes.articledate",
    "content_date",
    "created",
    "creation_date",
    "published",
    "publication_date",
    "publicationdate",
    "article_date_original",
    "originalpublicationdate",
];

const MODIFIED_KEYS: &[&str] = &[
    "article:modified_time",
    "og:article:modified_time",
    "og:updated_time",
    "datemodified",
    "dc.date.modified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
    "parsely-updated",
    "modified",
];

/// How slashed dates are read on this page: month first for American English and pages that
/// do not say, day first elsewhere.
fn day_order(lang: Option<&str>, page: &Page<'_>) -> DayOrder {
    let sel = Selector::parse("html").unwrap();
    let full = page
        .doc
        .select(&sel)
        .next()
        .and_then(|h| h.attr("lang"))
        .unwrap_or("")
        .to_ascii_lowercase();
    let host = page.host().unwrap_or_default();
    let tld = host.rsplit('.').next().unwrap_or("");
    let national = tld.len() == 2 && tld != "us" && tld != "io" && tld != "co" && tld != "ai";
    match lang {
        _ if full.ends_with("us") => DayOrder::MonthFirst,
        _ if national => DayOrder::DayFirst,
        None => DayOrder::MonthFirst,
        Some("en") if full.is_empty() || full == "en" || full.ends_with("us") => {
            DayOrder::MonthFirst
        }
        _ => DayOrder::DayFirst,
    }
}

/// Where the publication date was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// JSON-LD, meta tags, `itemprop` / `<time>` markup: what the page declares.
    Declared,
    /// The URL path.
    Url,
    /// Text near the headline or in date-ish elements.
    Visible,
}

/// `(published, modified)`.
pub(crate) fn dates(page: &Page<'_>, lang: Option<&str>) -> (Option<Published>, Option<Published>) {
    let order = day_order(lang, page);
    let parse = |s: &str| dates::parse_with(s, order);
    let modified = modified(page, &parse);
    let found = published(page, order, &parse);
    let source = found.map(|(_, s)| s);
    let mut published = found.map(|(p, _)| p);
    let shown = shown_dates(page, order);
    // A page that shows readers only its update date (the publication date in its metadata
    // appears nowhere near the headline) is dated by what it shows.
    if let (Some(p), Some(m)) = (published, modified)
        && m.date() > p.date()
        && shown.contains(&m.date())
        && !shown.contains(&p.date())
    {
        published = Some(m);
    }
    if let Some(p) = published
        && source == Some(Source::Declared)
    {
        published = Some(local_twin(page, p, &parse));
    }
    let url_day = page
        .url
        .as_ref()
        .and_then(|u| from_url(u.as_str()))
        .map(|p| p.date());
    if let (Some(p), Some(u)) = (published, url_day) {
        published = Some(local_day_from_url(p, u));
    }
    // Declared dates that the page neither shows nor puts in its URL, later than the first
    // date written under the headline, are often the time the page was last rebuilt or
    // migrated: the date readers see is the one the article gives itself.
    if let (Some(p), Some(Source::Declared)) = (published, source)
        && let Some(h) = date_under_headline(page, order)
        && (p.date() - h).num_days() > 1
        && !shown.contains(&p.date())
        && url_day != Some(p.date())
    {
        published = Some(Published::Day(h));
    }
    (published, modified)
}

/// A UTC time whose day is one off the day in the URL is read as the URL's (local) day when
/// some time zone within ten hours of UTC makes them agree: `/2025/12/18/` with
/// `2025-12-19T02:41Z` is an American evening.
fn local_day_from_url(p: Published, url_day: chrono::NaiveDate) -> Published {
    use chrono::Timelike;
    let Published::Zoned(t) = p else {
        return p;
    };
    if t.offset().local_minus_utc() != 0 {
        return p;
    }
    let hour = t.hour();
    match (url_day - t.date_naive()).num_days() {
        -1 if hour < 10 => Published::Day(url_day),
        1 if hour >= 14 => Published::Day(url_day),
        _ => p,
    }
}

/// A UTC time that another publication key of the page gives in local time ("sailthru.date"
/// `2016-12-22T18:47` next to `2016-12-23T00:47Z`) is the local one: its day is the one the
/// publisher's readers saw.
fn local_twin(
    page: &Page<'_>,
    p: Published,
    parse: &dyn Fn(&str) -> Option<Published>,
) -> Published {
    let Published::Zoned(t) = p else {
        return p;
    };
    if t.offset().local_minus_utc() != 0 {
        return p;
    }
    let utc = t.naive_utc();
    let ld = &page.ld;
    let from_ld = ld.article().into_iter().flat_map(|a| {
        ["datePublished", "dateCreated"]
            .into_iter()
            .filter_map(move |k| ld.string(a, k))
    });
    let from_meta = PUBLISHED_KEYS
        .iter()
        .flat_map(|k| page.metas(k))
        .map(str::to_owned);
    from_ld
        .chain(from_meta)
        .filter_map(|v| parse(&v))
        .find(|q| {
            let wall = match q {
                Published::Zoned(z) if z.offset().local_minus_utc() != 0 => z.naive_local(),
                Published::Local(l) => *l,
                _ => return false,
            };
            let secs = (wall - utc).num_seconds();
            let whole = (secs as f64 / 1800.0).round() as i64 * 1800;
            whole != 0 && whole.abs() <= 14 * 3600 && (secs - whole).abs() <= 60
        })
        .unwrap_or(p)
}

/// Every date the page offers, by source (diagnostics: `meta_eval --evidence`).
pub(crate) fn evidence(page: &Page<'_>, lang: Option<&str>) -> Vec<(String, String)> {
    let order = day_order(lang, page);
    let parse = |s: &str| dates::parse_with(s, order);
    let mut out: Vec<(String, String)> = Vec::new();
    let mut push = |k: &str, p: Option<Published>| {
        if let Some(p) = p {
            out.push((k.to_owned(), p.to_iso()));
        }
    };
    let ld = &page.ld;
    if let Some(a) = ld.article() {
        for key in ["datePublished", "dateCreated", "uploadDate", "dateModified"] {
            push(
                &format!("ld.{key}"),
                ld.string(a, key).and_then(|s| parse(&s)),
            );
        }
    }
    if let Some(w) = ld.page() {
        push(
            "ldpage.datePublished",
            ld.string(w, "datePublished").and_then(|s| parse(&s)),
        );
        push(
            "ldpage.dateModified",
            ld.string(w, "dateModified").and_then(|s| parse(&s)),
        );
    }
    for k in PUBLISHED_KEYS {
        for v in page.metas(k) {
            push(&format!("meta.pub.{k}"), parse(v));
        }
    }
    for k in MODIFIED_KEYS {
        for v in page.metas(k) {
            push(&format!("meta.mod.{k}"), parse(v));
        }
    }
    push("elements", from_elements(page, &parse));
    push("published", published(page, order, &parse).map(|(p, _)| p));
    push("url", page.url.as_ref().and_then(|u| from_url(u.as_str())));
    push("visible", from_visible_text(page, order));
    for d in shown_dates(page, order) {
        out.push(("shown".into(), d.to_string()));
    }
    if let Some((text, start, end)) = text_around_headline(page) {
        let a = floor_char(text, start.saturating_sub(300));
        let b = floor_char(text, (end + 800).min(text.len()));
        for (side, from, to) in [("before", a, start), ("after", end, b)] {
            let mut rest = &text[from..to];
            for _ in 0..6 {
                let Some((p, s, e)) = dates::find(rest, order) else {
                    break;
                };
                let before = rest[..s].to_lowercase();
                let lf = floor_char(&before, before.len().saturating_sub(30));
                let label = &before[lf..];
                let kind = if ["updat", "modif", "revis", "reviewed"]
                    .iter()
                    .any(|w| label.contains(w))
                {
                    "upd"
                } else if ["publi", "posted", "written", "on "]
                    .iter()
                    .any(|w| label.contains(w))
                {
                    "pub"
                } else {
                    "none"
                };
                out.push((format!("head.{side}.{kind}"), p.date().to_string()));
                rest = &rest[e..];
            }
        }
    }
    out
}

/// The days written near the headline and in the byline.
fn shown_dates(page: &Page<'_>, order: DayOrder) -> Vec<chrono::NaiveDate> {
    let mut out = Vec::new();
    let mut scan = |text: &str| {
        let mut rest = text;
        for _ in 0..12 {
            let Some((p, start, end)) = dates::find(rest, order) else {
                break;
            };
            // "Updated March 5" is not the date the page gives itself.
            if !labelled_update(&rest[..start]) {
                out.push(p.date());
            }
            rest = &rest[end..];
        }
    };
    if let Some((text, start, end)) = text_around_headline(page) {
        let a = floor_char(text, start.saturating_sub(300));
        let b = floor_char(text, (end + 800).min(text.len()));
        scan(&text[a..b]);
    }
    let sel = Selector::parse(
        "[class*=date i], [class*=byline i], [class*=publish i], [class*=meta i], time",
    )
    .unwrap();
    for e in page.doc.select(&sel).take(100) {
        if in_noise(e) {
            continue;
        }
        if let Some(t) = element_text_within(e, 200)
            && t.chars().count() <= 200
        {
            scan(&t);
        }
    }
    out
}

fn modified(page: &Page<'_>, parse: &dyn Fn(&str) -> Option<Published>) -> Option<Published> {
    if let Some(a) = page.ld.article()
        && let Some(p) = page.ld.string(a, "dateModified").and_then(|s| parse(&s))
    {
        return Some(p);
    }
    MODIFIED_KEYS
        .iter()
        .flat_map(|k| page.metas(k))
        .find_map(parse)
}

fn published(
    page: &Page<'_>,
    order: DayOrder,
    parse: &dyn Fn(&str) -> Option<Published>,
) -> Option<(Published, Source)> {
    let ld = &page.ld;
    if let Some(a) = ld.article() {
        for key in ["datePublished", "dateCreated", "uploadDate"] {
            if let Some(p) = ld.string(a, key).and_then(|s| parse(&s)) {
                return Some((p, Source::Declared));
            }
        }
    }
    if let Some(p) = PUBLISHED_KEYS
        .iter()
        .flat_map(|k| page.metas(k))
        .find_map(parse)
    {
        return Some((p, Source::Declared));
    }
    // Site-specific keys that still say what they hold ("w-published-date").
    if let Some(p) = page
        .metas
        .iter()
        .filter(|(k, _)| {
            (k.contains("publish") || k.contains("pubdate") || k.contains("pub_date"))
                && !k.contains("update")
                && !k.contains("modif")
        })
        .find_map(|(_, v)| parse(v))
    {
        return Some((p, Source::Declared));
    }
    if let Some(p) = from_elements(page, parse) {
        return Some((p, Source::Declared));
    }
    // A page object's date (often the page's own creation).
    if let Some(w) = ld.page()
        && let Some(p) = ld.string(w, "datePublished").and_then(|s| parse(&s))
    {
        return Some((p, Source::Declared));
    }
    if let Some(p) = page.url.as_ref().and_then(|u| from_url(u.as_str())) {
        return Some((p, Source::Url));
    }
    from_visible_text(page, order).map(|p| (p, Source::Visible))
}

#[cfg(test)]
mod tests {
    use super::super::from_html;
    use super::*;
    use scraper::Html;

    fn published(html: &str, url: &str) -> Option<String> {
        from_html(&Html::parse_document(html), Some(url))
            .published
            .map(|p| p.to_iso())
    }

    #[test]
    fn json_ld_first() {
        let p = published(
            r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2026-03-05T10:00:00Z"}</script>
            <meta property="article:published_time" content="2026-03-04">"#,
            "https://a.example/",
        );
        assert_eq!(p.as_deref(), Some("2026-03-05T10:00:00+00:00"));
    }

    #[test]
    fn meta_keys() {
        for key in [
            "parsely-pub-date",
            "sailthru.date",
            "DC.date",
            "pubdate",
            "date",
        ] {
            let p = published(
                &format!(r#"<meta name="{key}" content="2026-03-05">"#),
                "https://a.example/",
            );
            assert_eq!(p.as_deref(), Some("2026-03-05"), "{key}");
        }
    }

    #[test]
    fn time_and_itemprop() {
        let p = published(
            r#"<body><aside><time datetime="2020-01-01">x</time></aside>
            <article><header><time datetime="2026-03-05T10:00">March 5</time></header></article></body>"#,
            "https://a.example/",
        );
        assert_eq!(p.as_deref(), Some("2026-03-05T10:00:00"));
        let p = published(
            r#"<span itemprop="datePublished" content="2026-03-05">5 March</span>"#,
            "https://a.example/",
        );
        assert_eq!(p.as_deref(), Some("2026-03-05"));
    }

    #[test]
    fn url_dates() {
        assert_eq!(
            from_url("https://a.example/2026/03/05/storm").map(|p| p.to_iso()),
            Some("2026-03-05".into())
        );
        assert_eq!(
            from_url("https://a.example/news/20260305/storm").map(|p| p.to_iso()),
            Some("2026-03-05".into())
        );
        // Two-digit months and days are read whole ("12/18", not "1" then "2").
        assert_eq!(
            from_url("https://a.example/2025/12/18/storm").map(|p| p.to_iso()),
            Some("2025-12-18".into())
        );
        assert_eq!(
            from_url("https://a.example/2025/11/30/storm").map(|p| p.to_iso()),
            Some("2025-11-30".into())
        );
        assert_eq!(from_url("https://a.example/2026/03/storm"), None);
        assert_eq!(from_url("https://a.example/item/12345678"), None);
    }

    #[test]
    fn utc_time_read_as_the_url_day() {
        // An evening in America is the next day in UTC; the URL keeps the local day.
        let html =
            r#"<meta property="article:published_time" content="2025-12-19T02:41:41+00:00">"#;
        let p = published(html, "https://a.example/2025/12/18/storm");
        assert_eq!(p.as_deref(), Some("2025-12-18"));
        // A UTC noon is no time zone's previous day.
        let html =
            r#"<meta property="article:published_time" content="2025-12-19T12:00:00+00:00">"#;
        let p = published(html, "https://a.example/2025/12/18/storm");
        assert_eq!(p.as_deref(), Some("2025-12-19T12:00:00+00:00"));
    }

    #[test]
    fn utc_time_with_a_local_twin() {
        let p = published(
            r#"<meta property="article:published_time" content="2016-12-23T00:47:31+00:00">
            <meta name="sailthru.date" content="2016-12-22T18:47:00">"#,
            "https://a.example/",
        );
        assert_eq!(p.as_deref(), Some("2016-12-22T18:47:00"));
        // Different instants are not twins.
        let p = published(
            r#"<meta property="article:published_time" content="2016-12-23T00:47:31+00:00">
            <meta name="sailthru.date" content="2016-12-22T11:02:00">"#,
            "https://a.example/",
        );
        assert_eq!(p.as_deref(), Some("2016-12-23T00:47:31+00:00"));
    }

    #[test]
    fn declared_date_later_than_the_byline() {
        // Metadata stamped when the site was rebuilt; the byline shows the article's date.
        let html = r#"<script type="application/ld+json">{"@type":"BlogPosting","datePublished":"Jun 24, 2025","dateModified":"Jun 24, 2025"}</script>
            <body><h1>Yoga prices</h1><p>Ann Smith August 25, 2024</p><p>Body</p></body>"#;
        assert_eq!(
            published(html, "https://a.example/").as_deref(),
            Some("2024-08-25")
        );
        // Not when the byline date is an update, nor when the page shows the declared date.
        let html = r#"<script type="application/ld+json">{"@type":"BlogPosting","datePublished":"2024-01-10"}</script>
            <body><h1>Yoga prices</h1><p>Updated: August 25, 2023</p><p>Body</p></body>"#;
        assert_eq!(
            published(html, "https://a.example/").as_deref(),
            Some("2024-01-10")
        );
        let html = r#"<script type="application/ld+json">{"@type":"BlogPosting","datePublished":"2024-01-10"}</script>
            <body><h1>Yoga prices</h1><p>August 25, 2023</p><div class="date">Jan 10, 2024</div></body>"#;
        assert_eq!(
            published(html, "https://a.example/").as_deref(),
            Some("2024-01-10")
        );
        // Nor when the URL confirms the declared day.
        let html = r#"<meta property="article:published_time" content="2024-01-10">
            <body><h1>Yoga prices</h1><p>August 25, 2023</p></body>"#;
        assert_eq!(
            published(html, "https://a.example/2024/01/10/yoga").as_deref(),
            Some("2024-01-10")
        );
    }

    #[test]
    fn visible_text_near_headline() {
        let p = published(
            r#"<body><h1>Storm</h1><p>Posted on March 5, 2026 by Ann</p><p>Body</p></body>"#,
            "https://a.example/",
        );
        assert_eq!(p.as_deref(), Some("2026-03-05"));
        let p = published(
            r#"<body><h1>Storm</h1><div class="post-date">05.03.26, 23:59</div></body>"#,
            "https://a.example/",
        );
        assert_eq!(p.as_deref(), Some("2026-03-05T23:59:00"));
    }
}
