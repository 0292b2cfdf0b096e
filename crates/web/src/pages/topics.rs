//! The pages of what the stories are about and where they come from: an entity's stories,
//! all entities, the sources and their health.

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use maud::html;
use serde::Deserialize;
use tidings_engine::fetching::{error_category, public_source_url};

use super::{
    Current, ENTITY_TABS, PAGE_SIZE, Page, PageQuery, column_heads, layout, page_number, pager,
    path_segment, story_card, tabs_nav, theme, urlencode,
};
use crate::view::{human_time, iso_time, story_views};
use crate::{AppError, AppState};

#[derive(Debug, Deserialize)]
pub struct EntityQuery {
    page: Option<String>,
}

/// `/entity/{key}`: the stories that mention a person, organisation or place, newest first.
pub async fn entity(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(key): Path<String>,
    Query(q): Query<EntityQuery>,
) -> Result<Response, AppError> {
    let page = page_number(&PageQuery { page: q.page })?;
    let offset = (page - 1) * PAGE_SIZE;
    let k = key.trim().to_lowercase();
    let (entity, stories, top, max_story) = state
        .db(move |s| match s.entity(&k)? {
            Some(e) => {
                let list = s.entity_stories(&k, PAGE_SIZE + 1, offset)?;
                let views = story_views(s, &list)?;
                Ok(Some((
                    e,
                    views,
                    s.top_entities(ENTITY_TABS)?,
                    s.max_story_id()?,
                )))
            }
            None => Ok(None),
        })
        .await?
        .ok_or_else(|| AppError::not_found(format!("no entity {key:?}")))?;
    let seg = path_segment(&entity.key);
    let path = format!("/entity/{seg}");
    let more = stories.len() > PAGE_SIZE;
    let main = html! {
        (tabs_nav(Current::Entity(&entity.key), &top))
        h1 { (entity.name) }
        p.meta {
            (entity.kind) " · in " (entity.count) @if entity.count == 1 { " story" } @else { " stories" }
            " · " a href={ "/feeds/entity/" (seg) ".rss" } { "RSS" }
            " · " a href={ "/feeds/entity/" (seg) ".atom" } { "Atom" }
            " · " a href={ "/feeds/entity/" (seg) ".json" } { "JSON Feed" }
            " · " a href={ "/search?q=" (urlencode(&format!("\"{}\"", entity.name))) } { "search the reports" }
        }
        @if stories.is_empty() {
            p.empty { "No stories on this page." }
        } @else {
            ol.stories start=(offset + 1) {
                @for s in stories.iter().take(PAGE_SIZE) {
                    li { (story_card(s)) }
                }
            }
        }
        (pager(&path, page, more))
    };
    let feeds = [
        (
            "application/rss+xml",
            "Stories (RSS)",
            format!("/feeds/entity/{seg}.rss"),
        ),
        (
            "application/atom+xml",
            "Stories (Atom)",
            format!("/feeds/entity/{seg}.atom"),
        ),
        (
            "application/feed+json",
            "Stories (JSON Feed)",
            format!("/feeds/entity/{seg}.json"),
        ),
    ];
    let feeds: Vec<(&str, &str, &str)> =
        feeds.iter().map(|(a, b, c)| (*a, *b, c.as_str())).collect();
    Ok(layout(
        &Page {
            title: &entity.name,
            theme: theme(&headers),
            path: &path,
            max_story: Some(max_story),
            feeds: &feeds,
        },
        main,
    ))
}

/// `/entities`: people, organisations and places, in the most stories first, by kind.
pub async fn entities(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (all, top) = state
        .db(|s| Ok((s.top_entities(300)?, s.top_entities(ENTITY_TABS)?)))
        .await?;
    let kinds = [
        ("person", "People"),
        ("organisation", "Organisations"),
        ("place", "Places"),
        ("other", "Other"),
    ];
    let main = html! {
        (tabs_nav(Current::None, &top))
        h1 { "Topics: people, organisations, places" }
        @if all.is_empty() {
            p.empty { "No entities yet: they come with ingested articles." }
        }
        @for (kind, label) in kinds {
            @let list: Vec<_> = all.iter().filter(|e| e.kind == kind || (kind == "other" && !["person", "organisation", "place"].contains(&e.kind.as_str()))).collect();
            @if !list.is_empty() {
                section aria-label=(label) {
                    h2 { (label) }
                    ul.entity-index {
                        @for e in list {
                            li {
                                a href={ "/entity/" (path_segment(&e.key)) } { (e.name) }
                                " " span.count { "(" (e.count) ")" }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(layout(
        &Page {
            title: "Topics",
            theme: theme(&headers),
            path: "/entities",
            max_story: None,
            feeds: &[],
        },
        main,
    ))
}

/// `/sources`: the sources fetched over the network with their health (last fetch, last
/// success, the last error's category, failures in a row, next fetch; a source shows its
/// host and path, never its query string), then the outlets' sites with what
/// was ingested from them (files or fetching).
pub async fn sources(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (list, configured) = state.db(|s| Ok((s.sources()?, s.list_sources()?))).await?;
    let main = html! {
        h1 { "Sources" }
        section aria-labelledby="fetched-h" {
            h2 #fetched-h { "Fetched sources" }
            @if configured.is_empty() {
                p.empty { "No sources to fetch yet. Add a feed or a page: " code { "tidings sources add URL" } "." }
            } @else {
                table.sources.health {
                    (column_heads(&["Source", "Kind", "Articles", "Last fetch", "Last success", "Failures in a row", "Last error", "Next fetch"]))
                    tbody {
                        @for c in &configured {
                            tr data-source=(c.id) class=[(c.consecutive_failures > 0).then_some("failing")] {
                                th scope="row" {
                                    // Host and path only (a query may carry a key); the error's category only.
                                    @if let Some(t) = c.title.as_deref().filter(|t| !t.trim().is_empty()) {
                                        (t) br; span.url { (public_source_url(&c.url)) }
                                    } @else {
                                        span.url { (public_source_url(&c.url)) }
                                    }
                                }
                                // data-label: the column's name, shown beside each value at phone width.
                                td data-label="Kind" { (c.kind.map_or("not fetched yet", |k| k.as_str())) }
                                td data-label="Articles" { (c.articles) }
                                td.last-fetch data-label="Last fetch" { @if let Some(t) = &c.last_fetch { time datetime=(t) { (t) } } @else { "never" } }
                                td data-label="Last success" { @if let Some(t) = &c.last_ok { time datetime=(t) { (t) } } @else { "never" } }
                                td.failures data-label="Failures in a row" { (c.consecutive_failures) }
                                td.last-error data-label="Last error" { @if let Some(e) = &c.last_error { (error_category(e)) } @else { "none" } }
                                td data-label="Next fetch" { @if c.next_fetch <= 0 { "now" } @else { time datetime=(iso_time(c.next_fetch)) { (human_time(c.next_fetch)) } } }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="outlets-h" {
            h2 #outlets-h { "Outlets" }
            @if list.is_empty() {
                p.empty { "No articles yet. Ingest some: " code { "tidings ingest PATH" } ", or fetch a source." }
            } @else {
                table.sources {
                    (column_heads(&["Outlet", "Site", "Articles", "Last ingested", "Boilerplate blocks learned"]))
                    tbody {
                        @for s in &list {
                            tr {
                                th scope="row" {
                                    a href={ "/api/v1/stories?source=" (urlencode(&s.site)) } {
                                        (s.name.as_deref().filter(|n| !n.trim().is_empty()).unwrap_or(&s.site))
                                    }
                                }
                                td { (s.site) }
                                td { (s.articles) }
                                td { time datetime=(s.last_ingested) { (s.last_ingested) } }
                                td { (s.boilerplate_blocks) }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(layout(
        &Page {
            title: "Sources",
            theme: theme(&headers),
            path: "/sources",
            max_story: None,
            feeds: &[],
        },
        main,
    ))
}
