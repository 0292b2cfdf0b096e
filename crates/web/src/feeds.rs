//! Outgoing feeds: `/feeds/{top,latest,search}.{rss,atom,json}` and
//! `/feeds/entity/{key}.{rss,atom,json}` (RSS 2.0, Atom 1.0, JSON Feed 1.1); search takes `?q=`. Each item is a story: its headline, its short version and its
//! outlets (Atom and JSON Feed list them as authors, RSS as categories).

use std::fmt::Write as _;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::json;
use tidings_store::{Store, StoreError, StoryId};

use crate::pages::{Tab, path_segment, tab_stories, urlencode};
use crate::view::{StoryView, iso_time, story_view, story_views, utc};
use crate::{AppError, AppState};

/// Items per feed.
const ITEMS: usize = 50;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/feeds/{file}", get(feed))
        .route("/feeds/entity/{file}", get(entity_feed))
}

fn format_of(file: &str) -> Result<(&str, &str, Format), AppError> {
    let (name, ext) = file
        .rsplit_once('.')
        .ok_or_else(|| AppError::not_found(format!("no feed {file:?}")))?;
    let format = match ext {
        "rss" | "xml" => Format::Rss,
        "atom" => Format::Atom,
        "json" => Format::Json,
        _ => return Err(AppError::not_found(format!("no feed format {ext:?}"))),
    };
    Ok((name, ext, format))
}

/// `/feeds/entity/{key}.{rss,atom,json}`: the stories that mention an entity, newest first.
async fn entity_feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let (key, _, format) = format_of(&file)?;
    let key = key.to_owned();
    let k = key.clone();
    let (entity, stories) = state
        .db(move |s| match s.entity(&k)? {
            Some(e) => {
                let list = s.entity_stories(&k, ITEMS, 0)?;
                Ok(Some((e, story_views(s, &list)?)))
            }
            None => Ok(None),
        })
        .await?
        .ok_or_else(|| AppError::not_found(format!("no entity {key:?}")))?;
    let base = base_url(&state, &headers);
    let feed = Feed {
        title: format!("Tidings: {}", entity.name),
        self_url: format!("{base}/feeds/entity/{}", path_segment(&file)),
        html_url: format!("{base}/entity/{}", path_segment(&key)),
        items: stories.iter().map(|s| Item::story(&base, s)).collect(),
    };
    Ok(feed.response(format))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Rss,
    Atom,
    Json,
}

#[derive(Debug, Deserialize)]
pub struct FeedQuery {
    q: Option<String>,
}

/// The base URL for absolute links: the configured public URL, else the request's host.
pub fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(u) = &state.config().public_url {
        return u.trim_end_matches('/').to_owned();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    format!("http://{host}")
}

/// One feed entry.
struct Item {
    id: String,
    url: String,
    title: String,
    summary: String,
    outlets: Vec<String>,
    published: i64,
    updated: i64,
}

impl Item {
    fn story(base: &str, s: &StoryView) -> Item {
        let url = format!("{base}/story/{}", s.id);
        let outlets = s.outlets.join(", ");
        Item {
            id: url.clone(),
            url,
            title: s.headline.clone(),
            summary: if outlets.is_empty() {
                s.short.clone()
            } else {
                format!("{} (Outlets: {outlets}.)", s.short)
            },
            outlets: s.outlets.clone(),
            published: s.first_seen,
            updated: s.last_updated,
        }
    }
}

/// The stories holding search hits, best hit first, each once (merged ids followed).
pub fn search_story_ids(
    store: &dyn Store,
    query: &str,
    hits: usize,
) -> Result<Vec<StoryId>, StoreError> {
    let mut ids: Vec<StoryId> = Vec::new();
    for h in store.search(query, hits)? {
        if let Some(s) = h.story_id
            && !ids.contains(&s)
        {
            ids.push(s);
        }
    }
    Ok(ids)
}

/// Views of the stories holding search hits, best hit first.
pub fn search_stories(
    store: &dyn Store,
    query: &str,
    limit: usize,
) -> Result<Vec<StoryView>, StoreError> {
    let mut out: Vec<StoryView> = Vec::new();
    for id in search_story_ids(store, query, 200)? {
        if out.len() == limit {
            break;
        }
        if let Some(d) = store.story(id)?
            && !out.iter().any(|v| v.id == d.summary.id)
        {
            out.push(story_view(store, &d)?);
        }
    }
    Ok(out)
}

async fn feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(file): Path<String>,
    Query(q): Query<FeedQuery>,
) -> Result<Response, AppError> {
    let (name, _, format) = format_of(&file)?;
    let base = base_url(&state, &headers);
    let (title, stories, self_path, html_path) = match name {
        "top" => (
            "Tidings: top stories".to_owned(),
            tab_stories(&state, Tab::Top, ITEMS, 0).await?,
            format!("/feeds/{file}"),
            "/".to_owned(),
        ),
        "latest" => (
            "Tidings: latest stories".to_owned(),
            tab_stories(&state, Tab::Latest, ITEMS, 0).await?,
            format!("/feeds/{file}"),
            "/latest".to_owned(),
        ),
        "search" => {
            let query = crate::http::search_words(q.q.as_deref())?
                .ok_or_else(|| AppError::bad_request("a search feed needs ?q=WORDS"))?;
            let qq = query.clone();
            let stories = state.db(move |s| search_stories(s, &qq, ITEMS)).await?;
            (
                format!("Tidings: search for {query}"),
                stories,
                format!("/feeds/{file}?q={}", urlencode(&query)),
                format!("/search?q={}", urlencode(&query)),
            )
        }
        _ => return Err(AppError::not_found(format!("no feed {name:?}"))),
    };
    let items: Vec<Item> = stories.iter().map(|s| Item::story(&base, s)).collect();
    let feed = Feed {
        title,
        self_url: format!("{base}{self_path}"),
        html_url: format!("{base}{html_path}"),
        items,
    };
    Ok(feed.response(format))
}

struct Feed {
    title: String,
    self_url: String,
    html_url: String,
    items: Vec<Item>,
}

fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if !xml_char(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether XML 1.0 allows a character.
fn xml_char(c: char) -> bool {
    !(((c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{FFFE}' | '\u{FFFF}'))
}

/// Plain text as an RSS `<description>`: readers take that element as HTML, so the text is
/// HTML-escaped (markup in it shows as text, never runs) and carried in a CDATA section
/// (escaped, it holds no `>`, so nothing in it can end the section).
fn rss_html(text: &str) -> String {
    let mut html = String::with_capacity(text.len() + 16);
    for c in text.chars().filter(|c| xml_char(*c)) {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            c => html.push(c),
        }
    }
    format!("<![CDATA[{html}]]>")
}

impl Feed {
    fn response(&self, format: Format) -> Response {
        let (kind, body) = match format {
            Format::Rss => ("application/rss+xml; charset=utf-8", self.rss()),
            Format::Atom => ("application/atom+xml; charset=utf-8", self.atom()),
            Format::Json => ("application/feed+json; charset=utf-8", self.json()),
        };
        (
            [
                (header::CONTENT_TYPE, kind),
                (header::CACHE_CONTROL, "public, max-age=60"),
            ],
            body,
        )
            .into_response()
    }

    fn updated(&self) -> i64 {
        self.items.iter().map(|i| i.updated).max().unwrap_or(0)
    }

    fn rss(&self) -> String {
        let mut o = String::new();
        let _ = write!(
            o,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n<title>{}</title>\n<link>{}</link>\n<description>{}</description>\n<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n<lastBuildDate>{}</lastBuildDate>\n<generator>Tidings</generator>\n",
            xml(&self.title),
            xml(&self.html_url),
            rss_html(&self.title),
            xml(&self.self_url),
            utc(self.updated()).to_rfc2822(),
        );
        for i in &self.items {
            let _ = write!(
                o,
                "<item>\n<title>{}</title>\n<link>{}</link>\n<guid isPermaLink=\"true\">{}</guid>\n<pubDate>{}</pubDate>\n<description>{}</description>\n",
                xml(&i.title),
                xml(&i.url),
                xml(&i.id),
                utc(i.updated).to_rfc2822(),
                rss_html(&i.summary),
            );
            for outlet in &i.outlets {
                let _ = writeln!(o, "<category domain=\"outlet\">{}</category>", xml(outlet));
            }
            o.push_str("</item>\n");
        }
        o.push_str("</channel>\n</rss>\n");
        o
    }

    fn atom(&self) -> String {
        let mut o = String::new();
        let _ = write!(
            o,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<id>{}</id>\n<title>{}</title>\n<updated>{}</updated>\n<link rel=\"self\" href=\"{}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<author><name>Tidings</name></author>\n<generator>Tidings</generator>\n",
            xml(&self.self_url),
            xml(&self.title),
            iso_time(self.updated()),
            xml(&self.self_url),
            xml(&self.html_url),
        );
        for i in &self.items {
            let _ = write!(
                o,
                "<entry>\n<id>{}</id>\n<title>{}</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<published>{}</published>\n<updated>{}</updated>\n<summary type=\"text\">{}</summary>\n",
                xml(&i.id),
                xml(&i.title),
                xml(&i.url),
                iso_time(i.published),
                iso_time(i.updated),
                xml(&i.summary),
            );
            for outlet in &i.outlets {
                let _ = writeln!(o, "<author><name>{}</name></author>", xml(outlet));
            }
            o.push_str("</entry>\n");
        }
        o.push_str("</feed>\n");
        o
    }

    fn json(&self) -> String {
        let items: Vec<_> = self
            .items
            .iter()
            .map(|i| {
                json!({
                    "id": i.id,
                    "url": i.url,
                    "title": i.title,
                    "content_text": i.summary,
                    "summary": i.summary,
                    "date_published": iso_time(i.published),
                    "date_modified": iso_time(i.updated),
                    "authors": i.outlets.iter().map(|o| json!({"name": o})).collect::<Vec<_>>(),
                    "_tidings": {"outlets": i.outlets},
                })
            })
            .collect();
        json!({
            "version": "https://jsonfeed.org/version/1.1",
            "title": self.title,
            "home_page_url": self.html_url,
            "feed_url": self.self_url,
            "items": items,
        })
        .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_xml() {
        assert_eq!(xml("a<b>&\"'\u{1}c"), "a&lt;b&gt;&amp;&quot;&apos;c");
    }

    #[test]
    fn rss_descriptions_are_escaped_html_in_cdata() {
        assert_eq!(
            rss_html("<img src=x onerror=alert(1)> & ]]> \u{1}"),
            "<![CDATA[&lt;img src=x onerror=alert(1)&gt; &amp; ]]&gt; ]]>"
        );
    }
}
