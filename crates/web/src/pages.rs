//! Server-rendered pages. Everything works with no JavaScript: tabs, short/long, paging,
//! search and the theme switch are links and forms; `/static/app.js` only makes them quicker.
//! All text from articles is escaped by maud; source HTML goes through `sanitize_html` (ammonia).

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};
use serde::Deserialize;
use tidings_store::{EntitySummary, StoryId, StoryOrder};

use crate::view::{StoryView, human_time, iso_time, outlet_name, story_view, story_views};
use crate::{AppError, AppState};

mod reader;
mod topics;

pub use reader::{article, search};
pub use topics::{entities, entity, sources};

/// Stories per page.
pub const PAGE_SIZE: usize = 30;

/// The theme chosen with the switch (a cookie), else the system's.
fn theme(headers: &HeaderMap) -> &'static str {
    match crate::http::cookie(headers, "theme") {
        Some("dark") => "dark",
        Some("light") => "light",
        _ => "auto",
    }
}

struct Page<'a> {
    title: &'a str,
    theme: &'static str,
    /// Where the theme switch comes back to.
    path: &'a str,
    /// For the live banner: the highest story id the page knows.
    max_story: Option<StoryId>,
    /// Feeds to announce.
    feeds: &'a [(&'a str, &'a str, &'a str)],
}

fn layout(p: &Page<'_>, main: Markup) -> Response {
    let back = urlencode(p.path);
    let markup = html! {
        (DOCTYPE)
        html lang="en" data-theme=(p.theme) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light dark";
                meta name="referrer" content="no-referrer";
                title { (p.title) " · Tidings" }
                link rel="stylesheet" href="/static/app.css";
                link rel="manifest" href="/manifest.webmanifest";
                link rel="icon" href="/static/icon.svg" type="image/svg+xml";
                @for (kind, title, href) in p.feeds {
                    link rel="alternate" type=(kind) title=(title) href=(href);
                }
                script src="/static/app.js" defer {}
            }
            body data-max-story=[p.max_story] {
                a.skip href="#main" { "Skip to content" }
                header.top {
                    a.brand href="/" { "Tidings" }
                    form.search role="search" action="/search" method="get" {
                        label.vh for="q" { "Search stories" }
                        input #q type="search" name="q" placeholder="Search" autocomplete="off";
                        button type="submit" { "Search" }
                    }
                    nav.theme aria-label="Theme" {
                        @for (value, label) in [("auto", "Auto"), ("light", "Light"), ("dark", "Dark")] {
                            a href={ "/theme?set=" (value) "&back=" (back) }
                                data-theme-set=(value)
                                aria-current=[(p.theme == value).then_some("true")] { (label) }
                        }
                    }
                }
                div #live.live role="status" aria-live="polite" hidden {}
                main #main tabindex="-1" { (main) }
                footer.foot {
                    p {
                        "Feeds: "
                        a href="/feeds/top.rss" { "Top (RSS)" } " · "
                        a href="/feeds/latest.atom" { "Latest (Atom)" } " · "
                        a href="/feeds/latest.json" { "Latest (JSON Feed)" } " · "
                        a href="/api/openapi.json" { "API" }
                    }
                    p { a href="/entities" { "Topics" } " · " a href="/sources" { "Sources" } }
                    p.keys { "Keys: " kbd { "j" } "/" kbd { "k" } " next/previous, " kbd { "o" } " open, "
                        kbd { "s" } " short/long, " kbd { "/" } " search, " kbd { "?" } " help." }
                }
            }
        }
    };
    Html(markup.into_string()).into_response()
}

/// An error as a page.
pub fn error_page(e: &AppError) -> Response {
    let title = e.status.canonical_reason().unwrap_or("Error");
    let mut res = layout(
        &Page {
            title,
            theme: "auto",
            path: "/",
            max_story: None,
            feeds: &[],
        },
        html! {
            h1 { (e.status.as_u16()) " " (title) }
            p { (e.message) }
            p { a href="/" { "Front page" } }
        },
    );
    *res.status_mut() = e.status;
    res
}

/// Unknown paths.
pub async fn not_found(uri: axum::http::Uri) -> Response {
    AppError::not_found(format!("nothing at {}", uri.path())).into_response()
}

#[derive(Debug, Deserialize)]
pub struct PageQuery {
    page: Option<String>,
}

fn page_number(q: &PageQuery) -> Result<usize, AppError> {
    match q.page.as_deref() {
        None | Some("") => Ok(1),
        Some(p) => p
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=10_000).contains(n))
            .ok_or_else(|| AppError::bad_request(format!("page {p:?} is not a page number"))),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Top,
    Latest,
    Popular,
}

impl Tab {
    fn path(self) -> &'static str {
        match self {
            Tab::Top => "/",
            Tab::Latest => "/latest",
            Tab::Popular => "/popular",
        }
    }
    fn label(self) -> &'static str {
        match self {
            Tab::Top => "Top",
            Tab::Latest => "Latest",
            Tab::Popular => "Popular",
        }
    }
}

/// Stories of a tab, as views.
pub async fn tab_stories(
    state: &AppState,
    tab: Tab,
    limit: usize,
    offset: usize,
) -> Result<Vec<StoryView>, AppError> {
    match tab {
        Tab::Top | Tab::Latest => {
            let order = if tab == Tab::Top {
                StoryOrder::Top
            } else {
                StoryOrder::Latest
            };
            state
                .db(move |s| {
                    let list = s.stories(order, limit, offset)?;
                    story_views(s, &list)
                })
                .await
        }
        Tab::Popular => {
            // Reads decay by age: score = reads / (hours since last update + 2)^1.5, over the
            // 500 most recent stories (until the store ranks by decayed reads itself).
            let recent = state.db(|s| s.stories(StoryOrder::Latest, 500, 0)).await?;
            let now = chrono::Utc::now().timestamp();
            let mut scored: Vec<(f64, StoryId)> = recent
                .iter()
                .map(|st| {
                    let reads = st.views.max(0) as f64;
                    let hours = ((now - st.last_updated).max(0) as f64) / 3600.0;
                    (reads / (hours + 2.0).powf(1.5), st.id)
                })
                .filter(|(score, _)| *score > 0.0)
                .collect();
            scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
            let keep: Vec<StoryId> = scored
                .into_iter()
                .skip(offset)
                .take(limit)
                .map(|(_, id)| id)
                .collect();
            let list: Vec<_> = keep
                .iter()
                .filter_map(|id| recent.iter().find(|st| st.id == *id).cloned())
                .collect();
            state.db(move |s| story_views(s, &list)).await
        }
    }
}

/// Entity tabs on list pages.
const ENTITY_TABS: usize = 6;

/// Which tab a list page is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Current<'a> {
    Tab(Tab),
    Entity(&'a str),
    None,
}

/// Top, Latest, Popular, then the most covered entities.
fn tabs_nav(current: Current<'_>, entities: &[EntitySummary]) -> Markup {
    html! {
        nav.tabs aria-label="Stories" {
            @for t in [Tab::Top, Tab::Latest, Tab::Popular] {
                a href=(t.path()) aria-current=[(current == Current::Tab(t)).then_some("page")] { (t.label()) }
            }
            @for e in entities {
                a.entity-tab href={ "/entity/" (path_segment(&e.key)) }
                    aria-current=[(current == Current::Entity(&e.key)).then_some("page")] { (e.name) }
            }
            a.more href="/entities" aria-current=[(current == Current::None).then_some("page")] { "All topics…" }
        }
    }
}

/// The front page's feeds.
const LIST_FEEDS: &[(&str, &str, &str)] = &[
    ("application/rss+xml", "Top stories", "/feeds/top.rss"),
    (
        "application/atom+xml",
        "Latest stories",
        "/feeds/latest.atom",
    ),
    (
        "application/feed+json",
        "Latest stories",
        "/feeds/latest.json",
    ),
];

/// A list page, from the cache when nothing changed (see [`crate::Config::page_cache`]).
async fn tab_page(state: AppState, headers: HeaderMap, tab: Tab, q: PageQuery) -> Response {
    let page = match page_number(&q) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let theme = theme(&headers);
    if page > 3 {
        return render_tab_page(state, theme, tab, page).await;
    }
    let key = format!("{}?page={page}&theme={theme}", tab.path());
    let st = state.clone();
    state
        .cached_page(key, move || render_tab_page(st, theme, tab, page))
        .await
}

async fn render_tab_page(state: AppState, theme: &'static str, tab: Tab, page: usize) -> Response {
    let offset = (page - 1) * PAGE_SIZE;
    let stories = match tab_stories(&state, tab, PAGE_SIZE + 1, offset).await {
        Ok(s) => s,
        Err(e) => return e.into_response(),
    };
    let (max_story, top) = match state
        .db(|s| Ok((s.max_story_id()?, s.top_entities(ENTITY_TABS)?)))
        .await
    {
        Ok((m, t)) => (Some(m), t),
        Err(_) => (None, Vec::new()),
    };
    let more = stories.len() > PAGE_SIZE;
    let path = tab.path();
    let main = html! {
        h1.vh { "Tidings: " (tab.label()) " stories" }
        (tabs_nav(Current::Tab(tab), &top))
        @if stories.is_empty() {
            p.empty {
                @if tab == Tab::Popular { "No story has been read yet." }
                @else { "No stories yet. Ingest some articles: " code { "tidings ingest PATH" } "." }
            }
        } @else {
            ol.stories start=(offset + 1) {
                @for s in stories.iter().take(PAGE_SIZE) {
                    li { (story_card(s)) }
                }
            }
        }
        (pager(path, page, more))
    };
    layout(
        &Page {
            title: tab.label(),
            theme,
            path,
            max_story,
            feeds: LIST_FEEDS,
        },
        main,
    )
}

fn pager(path: &str, page: usize, more: bool) -> Markup {
    html! {
        nav.pager aria-label="Pages" {
            @if page > 1 {
                a rel="prev" href={ (path) "?page=" (page - 1) } { "← Newer" }
            }
            @if more {
                a rel="next" href={ (path) "?page=" (page + 1) } { "More →" }
            }
        }
    }
}

fn story_card(s: &StoryView) -> Markup {
    html! {
        article.story data-story=(s.id) {
            h2 { a.open href={ "/story/" (s.id) } { (s.headline) } }
            @if !s.short.is_empty() { p.short { (s.short) } }
            p.meta {
                span.outlets {
                    (s.outlets.len()) @if s.outlets.len() == 1 { " outlet: " } @else { " outlets: " }
                    (s.outlets.join(", "))
                }
                " · "
                time datetime=(iso_time(s.last_updated)) { (human_time(s.last_updated)) }
            }
            @if !s.entities.is_empty() {
                ul.entities.card-entities aria-label="Top entities" {
                    @for e in &s.entities {
                        li { a href={ "/entity/" (path_segment(&e.key)) } { (e.name) } }
                    }
                }
            }
        }
    }
}

/// `/`: Top (newest day first, most outlets first within a day).
pub async fn front(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<PageQuery>,
) -> Response {
    tab_page(state, headers, Tab::Top, q).await
}

/// `/latest`.
pub async fn latest(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<PageQuery>,
) -> Response {
    tab_page(state, headers, Tab::Latest, q).await
}

/// `/popular`: most read, decaying with age.
pub async fn popular(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<PageQuery>,
) -> Response {
    tab_page(state, headers, Tab::Popular, q).await
}

/// Parses a numeric id from a path.
pub fn parse_id(raw: &str, what: &str) -> Result<i64, AppError> {
    raw.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| AppError::bad_request(format!("{what} id {raw:?} is not a positive number")))
}

#[derive(Debug, Deserialize)]
pub struct StoryQuery {
    v: Option<String>,
}

/// `/story/{id}`: headline, short or long version, every outlet's report, timeline.
pub async fn story(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    Query(q): Query<StoryQuery>,
) -> Result<Response, AppError> {
    let id = parse_id(&raw, "story")?;
    let long = q.v.as_deref() == Some("long");
    let theme = theme(&headers);
    let key = format!("/story/{id}?long={long}&theme={theme}");
    let st = state.clone();
    let res = state
        .cached_page(key, move || async move {
            render_story(st, id, long, theme)
                .await
                .unwrap_or_else(|e| e.into_response())
        })
        .await;
    if res.status() == StatusCode::OK {
        // A read: one more on the story's counter, nothing about the reader.
        state.count_read(id).await;
    }
    Ok(res)
}

async fn render_story(
    state: AppState,
    id: StoryId,
    long: bool,
    theme: &'static str,
) -> Result<Response, AppError> {
    let (detail, view, entities) = state
        .db(move |s| match s.story(id)? {
            Some(d) => {
                let v = story_view(s, &d)?;
                let e = s.story_entities(d.summary.id, 12)?;
                Ok(Some((d, v, e)))
            }
            None => Ok(None),
        })
        .await?
        .ok_or_else(|| AppError::not_found(format!("no story {id}")))?;
    if detail.summary.id != id {
        // Merged into another story: its page is the one to keep.
        return Ok((
            StatusCode::MOVED_PERMANENTLY,
            [(header::LOCATION, format!("/story/{}", detail.summary.id))],
        )
            .into_response());
    }
    let path = format!("/story/{id}");
    let digest = detail
        .digest
        .as_ref()
        .map(crate::digest::parse)
        .unwrap_or_default();
    let long_sourced = view
        .digested
        .then(|| crate::digest::long_with_sources(&digest, id))
        .flatten();
    let mut timeline: Vec<_> = detail.articles.iter().collect();
    timeline.sort_by_key(|a| a.published.clone().unwrap_or_default());
    let lead = detail
        .articles
        .iter()
        .find_map(|a| a.image.as_deref().filter(|h| crate::images::is_hash(h)));
    let main = html! {
        article.storypage data-story=(id) {
            h1 { (view.headline) }
            @if let Some(hash) = lead {
                figure.lead {
                    img src=(crate::images::path(hash)) alt=(view.headline) loading="lazy";
                }
            }
            p.meta {
                (view.outlets.len()) @if view.outlets.len() == 1 { " outlet" } @else { " outlets" }
                ", " (view.articles) @if view.articles == 1 { " report" } @else { " reports" }
                " · first seen " time datetime=(iso_time(view.first_seen)) { (human_time(view.first_seen)) }
                " · updated " time datetime=(iso_time(view.last_updated)) { (human_time(view.last_updated)) }
            }
            nav.switch aria-label="Version" {
                a href={ (path) "?v=short" } data-version="short" aria-current=[(!long).then_some("true")] { "Short" }
                a href={ (path) "?v=long" } data-version="long" aria-current=[long.then_some("true")] { "Long" }
            }
            section #short.version aria-label="Short version" hidden[long] {
                @if view.short.is_empty() { p.empty { "No summary yet." } }
                @else { p { (view.short) } }
            }
            section #long.version aria-label="Long version" hidden[!long] {
                @if let Some(m) = &long_sourced { (m) }
                @else if view.long.is_empty() { p.empty { "No long version yet." } }
                @else {
                    @for para in view.long.split("\n\n").filter(|p| !p.trim().is_empty()) { p { (para) } }
                }
            }
            @if !view.digested {
                p.note { "Summary taken from the first report; a digest across outlets is not computed yet." }
            }
            @if let Some(from) = detail.split_from {
                p.note.split {
                    "Split off " a href={ "/story/" (from) } { "story " (from) }
                    ", which held this event and a look-alike one."
                }
            }
            @if !detail.split_off.is_empty() {
                p.note.split {
                    "Reports of a look-alike event moved to "
                    @for (k, off) in detail.split_off.iter().enumerate() {
                        @if k > 0 { ", " }
                        a href={ "/story/" (off) } { "story " (off) }
                    }
                    "."
                }
            }
            @if let Some(m) = crate::digest::disagreements(&digest, id) { (m) }
            @if let Some(m) = crate::digest::quotes(&digest, id) { (m) }
            @if let Some(m) = crate::digest::sourcing(&digest) { (m) }
            @if !entities.is_empty() {
                section aria-labelledby="entities-h" {
                    h2 #entities-h { "People, organisations, places" }
                    ul.entities {
                        @for e in &entities {
                            li { a href={ "/entity/" (path_segment(&e.key)) } { (e.name) }
                                " " span.kind { "(" (e.kind) ")" } }
                        }
                    }
                }
            }
            section aria-labelledby="reports-h" {
                h2 #reports-h { "Reports" }
                ul.reports {
                    @for a in &detail.articles {
                        li {
                            a.open href={ "/article/" (a.id) "?story=" (id) } {
                                (a.title.as_deref().unwrap_or("(untitled)"))
                            }
                            " — " span.outlet { (outlet_name(a.site_name.as_deref(), a.site.as_deref())) }
                            @if let Some(p) = &a.published { " · " time datetime=(p) { (p) } }
                            @if a.duplicate_of.is_some() { " " span.badge { "copy" } }
                        }
                    }
                }
            }
            section aria-labelledby="timeline-h" {
                h2 #timeline-h { "Timeline" }
                @if let Some(m) = crate::digest::timeline(&digest, id) { (m) }
                @else {
                    ol.timeline {
                        @for a in &timeline {
                            li {
                                time datetime=[a.published.as_deref()] { (a.published.as_deref().unwrap_or("undated")) }
                                " " (outlet_name(a.site_name.as_deref(), a.site.as_deref()))
                                ": " a href={ "/article/" (a.id) "?story=" (id) } { (a.title.as_deref().unwrap_or("(untitled)")) }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(layout(
        &Page {
            title: &view.headline,
            theme,
            path: &path,
            max_story: None,
            feeds: &[],
        },
        main,
    ))
}

#[derive(Debug, Deserialize)]
pub struct ThemeQuery {
    set: Option<String>,
    back: Option<String>,
}

/// `/theme?set=dark|light|auto&back=/path`: the no-JavaScript theme switch (a cookie).
pub async fn theme_switch(Query(q): Query<ThemeQuery>) -> Response {
    let value = match q.set.as_deref() {
        Some("dark") => "dark",
        Some("light") => "light",
        _ => "auto",
    };
    let back = q
        .back
        .filter(|b| b.starts_with('/') && !b.starts_with("//") && !b.contains('\\'))
        .filter(|b| !b.chars().any(|c| c.is_control()))
        .unwrap_or_else(|| "/".to_owned());
    let mut res = (StatusCode::SEE_OTHER, ()).into_response();
    if let Ok(v) = HeaderValue::from_str(&back) {
        res.headers_mut().insert(header::LOCATION, v);
    } else {
        res.headers_mut()
            .insert(header::LOCATION, HeaderValue::from_static("/"));
    }
    res.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static(match value {
            "dark" => "theme=dark; Path=/; SameSite=Lax; Max-Age=31536000",
            "light" => "theme=light; Path=/; SameSite=Lax; Max-Age=31536000",
            _ => "theme=auto; Path=/; SameSite=Lax; Max-Age=0",
        }),
    );
    res
}

/// Percent-encodes one path segment (an entity key may hold spaces, slashes, anything).
pub fn path_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Percent-encodes a query value.
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A table's head row: one column header per name.
pub(crate) fn column_heads(names: &[&str]) -> Markup {
    html! {
        thead { tr { @for n in names { th scope="col" { (n) } } } }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes() {
        assert_eq!(urlencode("a b&c/é"), "a%20b%26c/%C3%A9");
    }
}
