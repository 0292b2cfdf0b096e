//! What pages, the API and feeds show of a story: its headline, short and long versions (with
//! fallbacks while digests are not computed), its outlets; times; safe links; sanitizing.

use chrono::{DateTime, Utc};
use serde::Serialize;
use tidings_extract::Article;
use tidings_extract::links::web_url;
use tidings_store::{
    EntitySummary, Store, StoreError, StoredArticle, StoryArticle, StoryDetail, StoryId,
    StorySummary,
};

/// A story as the reader shows it.
#[derive(Debug, Clone, Serialize)]
pub struct StoryView {
    pub id: StoryId,
    pub headline: String,
    /// The short version (the digest's, else the first report's standfirst or first paragraph).
    pub short: String,
    /// The long version (the digest's, else the first report's opening paragraphs).
    pub long: String,
    /// Whether `short`/`long` come from a computed digest.
    pub digested: bool,
    /// Distinct outlets, in order of first report.
    pub outlets: Vec<String>,
    pub articles: i64,
    pub first_seen: i64,
    pub last_updated: i64,
    pub views: i64,
    /// Its most mentioned people, organisations and places.
    pub entities: Vec<EntityRef>,
}

/// Words of the short fallback at most (the digest's short version is ≤ 60 words).
const SHORT_WORDS: usize = 60;
/// Paragraphs of the long fallback at most.
const LONG_PARAGRAPHS: usize = 4;

/// An entity as a story card links it.
#[derive(Debug, Clone, Serialize)]
pub struct EntityRef {
    pub key: String,
    pub name: String,
    pub kind: String,
}

impl From<&EntitySummary> for EntityRef {
    fn from(e: &EntitySummary) -> Self {
        EntityRef {
            key: e.key.clone(),
            name: e.name.clone(),
            kind: e.kind.clone(),
        }
    }
}

/// Entities a story card shows.
pub const CARD_ENTITIES: usize = 4;

/// The view of a listed story. `lead` (the first original report) is needed only when the
/// story has no digest yet (no short version): see [`needs_lead`].
pub fn summary_view(
    s: &StorySummary,
    long: Option<&str>,
    lead: Option<&StoredArticle>,
    entities: Vec<EntityRef>,
) -> StoryView {
    let headline = s
        .headline
        .clone()
        .filter(|h| !h.trim().is_empty())
        .or_else(|| lead.and_then(|a| a.article.title.clone()))
        .unwrap_or_else(|| format!("Story {}", s.id));
    let short = match s.short.as_deref().filter(|t| !t.trim().is_empty()) {
        Some(t) => t.to_owned(),
        None => lead.map(short_fallback).unwrap_or_default(),
    };
    let long_text = match long.filter(|t| !t.trim().is_empty()) {
        Some(t) => t.to_owned(),
        None => lead
            .map(|a| {
                a.article
                    .paragraphs
                    .iter()
                    .take(LONG_PARAGRAPHS)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("\n\n")
            })
            .unwrap_or_default(),
    };
    let mut outlets: Vec<String> = Vec::new();
    for name in &s.outlet_names {
        let name = name.trim();
        if !name.is_empty() && !outlets.iter().any(|o| o == name) {
            outlets.push(name.to_owned());
        }
    }
    StoryView {
        id: s.id,
        headline,
        short,
        long: long_text,
        digested: s.short.is_some() && long.is_some(),
        outlets,
        articles: s.articles,
        first_seen: s.first_seen,
        last_updated: s.last_updated,
        views: s.views,
        entities,
    }
}

/// Whether a listed story needs its first report for fallbacks (no headline or no short yet).
pub fn needs_lead(s: &StorySummary) -> bool {
    s.short.as_deref().is_none_or(|t| t.trim().is_empty())
        || s.headline.as_deref().is_none_or(|t| t.trim().is_empty())
}

/// The first original report of a story.
fn lead_of(store: &dyn Store, detail: &StoryDetail) -> Result<Option<StoredArticle>, StoreError> {
    let first = detail
        .articles
        .iter()
        .find(|a| a.duplicate_of.is_none())
        .or(detail.articles.first());
    match first {
        Some(a) => store.article(a.id),
        None => Ok(None),
    }
}

/// The view of one story (its entities included; the lead article is read only while the
/// story has no digest).
pub fn story_view(store: &dyn Store, detail: &StoryDetail) -> Result<StoryView, StoreError> {
    let s = &detail.summary;
    let lead = if needs_lead(s) || detail.long.as_deref().is_none_or(|t| t.trim().is_empty()) {
        lead_of(store, detail)?
    } else {
        None
    };
    let entities = store
        .story_entities(s.id, CARD_ENTITIES)?
        .iter()
        .map(EntityRef::from)
        .collect();
    Ok(summary_view(
        s,
        detail.long.as_deref(),
        lead.as_ref(),
        entities,
    ))
}

/// Views of a list of stories: the list itself carries headlines, short versions and outlets;
/// each story adds one query for its top entities, and one or two more only while it has no
/// digest.
pub fn story_views(store: &dyn Store, list: &[StorySummary]) -> Result<Vec<StoryView>, StoreError> {
    let mut out = Vec::with_capacity(list.len());
    for s in list {
        let lead = if needs_lead(s) {
            match store.story(s.id)? {
                Some(d) => lead_of(store, &d)?,
                None => None,
            }
        } else {
            None
        };
        let entities = store
            .story_entities(s.id, CARD_ENTITIES)?
            .iter()
            .map(EntityRef::from)
            .collect();
        out.push(summary_view(s, None, lead.as_ref(), entities));
    }
    Ok(out)
}

/// The standfirst, else the first paragraph, cut at a sentence end within 60 words.
fn short_fallback(a: &StoredArticle) -> String {
    let text = a
        .article
        .description
        .as_deref()
        .map(plain_text)
        .filter(|d| d.split_whitespace().count() >= 8)
        .or_else(|| a.article.paragraphs.first().cloned())
        .unwrap_or_default();
    cut_words(&text, SHORT_WORDS)
}

/// At most `max` words, ending at the last sentence end if there is one, else with "…".
pub fn cut_words(text: &str, max: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= max {
        return words.join(" ");
    }
    let cut = words[..max].join(" ");
    match cut.rfind(['.', '!', '?']) {
        Some(i) if i > cut.len() / 3 => cut[..=i].to_owned(),
        _ => format!("{cut}…"),
    }
}

/// The outlet's display name.
pub fn outlet_name(site_name: Option<&str>, site: Option<&str>) -> String {
    site_name
        .filter(|s| !s.trim().is_empty())
        .or(site)
        .unwrap_or("unknown outlet")
        .trim()
        .to_owned()
}

/// Unix seconds as a UTC time.
pub fn utc(ts: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(ts, 0).unwrap_or_default()
}

/// "2026-03-05 14:20 UTC".
pub fn human_time(ts: i64) -> String {
    utc(ts).format("%Y-%m-%d %H:%M UTC").to_string()
}

/// RFC 3339 for `<time datetime>` and feeds.
pub fn iso_time(ts: i64) -> String {
    utc(ts).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The URLs of an article as the web layer gives them out (API, pages): only absolute
/// `http(s)` ones, through the one rule Tidings has for links
/// ([`tidings_extract::links::web_url`]); rows stored before the engine refused the others
/// may still hold `javascript:` or `data:` URLs.
pub fn web_links(mut a: Article) -> Article {
    a.url = a.url.as_deref().and_then(web_url);
    a.canonical_url = a.canonical_url.as_deref().and_then(web_url);
    a.image = a.image.as_deref().and_then(web_url);
    a
}

/// A story's article line as the web layer gives it out: its URL only when a web link, its
/// image only as the hash of a cached image (what it is meant to hold).
pub fn web_story_article(mut a: StoryArticle) -> StoryArticle {
    a.url = a.url.as_deref().and_then(web_url);
    a.image = a.image.filter(|h| crate::images::is_hash(h));
    a
}

/// HTML from a source (a feed summary, say), made safe: a few text tags, `http(s)` links that
/// open no referrer, nothing else.
pub fn sanitize_html(html: &str) -> String {
    ammonia::Builder::default()
        .tags(
            [
                "p",
                "br",
                "a",
                "em",
                "strong",
                "b",
                "i",
                "ul",
                "ol",
                "li",
                "blockquote",
                "q",
                "cite",
                "code",
            ]
            .into_iter()
            .collect(),
        )
        .url_schemes(["http", "https"].into_iter().collect())
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(html)
        .to_string()
}

/// HTML reduced to its text (for short versions and feed summaries).
pub fn plain_text(html: &str) -> String {
    if !html.contains('<') && !html.contains('&') {
        return html.trim().to_owned();
    }
    let cleaned = ammonia::Builder::empty().clean(html).to_string();
    let mut out = cleaned
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ");
    out = out.replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_at_sentence_end() {
        let text = "One two three. Four five six seven eight nine ten.";
        assert_eq!(cut_words(text, 6), "One two three.");
        assert_eq!(cut_words("a b c", 6), "a b c");
        assert_eq!(cut_words("a b c d e f g h", 4), "a b c d…");
    }

    #[test]
    fn gives_out_only_web_links() {
        let a = web_links(Article {
            url: Some("javascript:alert(1)".into()),
            canonical_url: Some(" https://x.org/a ".into()),
            image: Some("data:image/png;base64,AAAA".into()),
            ..Article::default()
        });
        assert_eq!(a.url, None);
        assert_eq!(a.canonical_url.as_deref(), Some("https://x.org/a"));
        assert_eq!(a.image, None);
        let line = web_story_article(StoryArticle {
            id: 1,
            title: None,
            site: None,
            site_name: None,
            published: None,
            url: Some("JaVaScRiPt:alert(1)".into()),
            duplicate_of: None,
            image: Some("javascript:alert(1)".into()),
        });
        assert_eq!((line.url, line.image), (None, None));
    }

    #[test]
    fn sanitizes() {
        let out = sanitize_html(
            r#"<p onclick="x()">hi<script>alert(1)</script><a href="javascript:alert(1)">a</a><svg onload=alert(1)></svg><img src=x onerror=alert(1)></p>"#,
        );
        assert!(!out.contains("script"), "{out}");
        assert!(!out.contains("onclick"), "{out}");
        assert!(!out.contains("javascript"), "{out}");
        assert!(!out.contains("svg"), "{out}");
        assert!(!out.contains("onerror"), "{out}");
        assert_eq!(plain_text("<b>a</b> &amp; b"), "a & b");
    }
}
