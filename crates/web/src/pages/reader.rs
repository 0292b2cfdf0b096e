//! The reader's own pages: one article's reader view, and full-text search.

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

use super::{Page, layout, parse_id, theme, urlencode};
use crate::view::{outlet_name, sanitize_html, web_links};
use crate::{AppError, AppState};

#[derive(Debug, Deserialize)]
pub struct ArticleQuery {
    story: Option<String>,
}

/// `/article/{id}`: the reader view.
pub async fn article(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    Query(q): Query<ArticleQuery>,
) -> Result<Response, AppError> {
    let id = parse_id(&raw, "article")?;
    let (stored, image) = state
        .db(move |s| {
            let Some(a) = s.article(id)? else {
                return Ok(None);
            };
            // The lead image only when cached here: no request leaves for its site.
            let image = match a.article.image.as_deref() {
                Some(url) => s.image_for_url(url)?,
                None => None,
            };
            Ok(Some((a, image)))
        })
        .await?
        .ok_or_else(|| AppError::not_found(format!("no article {id}")))?;
    let back_story = q
        .story
        .as_deref()
        .and_then(|s| s.parse::<i64>().ok())
        .filter(|n| *n > 0);
    let a = &web_links(stored.article);
    let title = a.title.clone().unwrap_or_else(|| "(untitled)".to_owned());
    let outlet = outlet_name(a.site_name.as_deref(), stored.site.as_deref());
    let original = a.canonical_url.as_deref().or(a.url.as_deref());
    let path = format!("/article/{id}");
    let main = html! {
        article.reader {
            @if let Some(sid) = back_story {
                p.back { a href={ "/story/" (sid) } { "← Back to the story" } }
            }
            h1 { (title) }
            p.meta {
                span.outlet { (outlet) }
                @if !a.authors.is_empty() { " · by " (a.authors.join(", ")) }
                @if let Some(p) = &a.published { " · " time datetime=(p.to_iso()) { (p.to_iso()) } }
                @if let Some(s) = &a.section { " · " (s) }
                " · " (a.word_count()) " words"
                @if a.partial { " · " span.badge { "summary only" } }
            }
            @if let Some(d) = &a.description {
                div.standfirst { (PreEscaped(sanitize_html(d))) }
            }
            @if let Some(hash) = &image {
                figure.lead {
                    img src=(crate::images::path(hash)) alt=(title) loading="lazy";
                }
            }
            div.body {
                @for para in &a.paragraphs { p { (para) } }
            }
            @if !a.tags.is_empty() {
                p.tags { "Tags: " (a.tags.join(", ")) }
            }
            @if let Some(u) = original {
                p.original { "Original: " a href=(u) rel="noopener noreferrer nofollow" { (host_of(u)) } }
            }
        }
    };
    Ok(layout(
        &Page {
            title: &title,
            theme: theme(&headers),
            path: &path,
            max_story: None,
            feeds: &[],
        },
        main,
    ))
}

fn host_of(url: &str) -> &str {
    url.split_once("://")
        .map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or(rest))
        .unwrap_or(url)
}

#[derive(Debug, Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
}

/// `/search?q=`: full-text search over articles.
pub async fn search(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<SearchQuery>,
) -> Result<Response, AppError> {
    let query = crate::http::search_words(q.q.as_deref())?.unwrap_or_default();
    let hits = if query.is_empty() {
        Vec::new()
    } else {
        let qq = query.clone();
        state.db(move |s| s.search(&qq, 50)).await?
    };
    let title = if query.is_empty() {
        "Search".to_owned()
    } else {
        format!("Search: {query}")
    };
    let feed = format!("/feeds/search.rss?q={}", urlencode(&query));
    let main = html! {
        h1 { "Search" }
        form.bigsearch role="search" action="/search" method="get" {
            label for="q2" { "Words to find (all must match; \"phrases\" and prefix* work)" }
            input #q2 type="search" name="q" value=(query);
            button type="submit" { "Search" }
        }
        @if !query.is_empty() {
            p.meta {
                (hits.len()) @if hits.len() == 1 { " result" } @else { " results" }
                " · " a href=(feed) { "feed of this search" }
            }
            ol.hits {
                @for h in &hits {
                    li {
                        article.story data-article=(h.id) {
                            h2 { a.open href={ "/article/" (h.id) } { (h.title.as_deref().unwrap_or("(untitled)")) } }
                            p.snippet { (snippet(&h.snippet)) }
                            p.meta {
                                (h.site_name.as_deref().unwrap_or("unknown outlet"))
                                @if let Some(p) = &h.published { " · " (p) }
                                @if let Some(sid) = h.story_id { " · " a href={ "/story/" (sid) } { "the story" } }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(layout(
        &Page {
            title: &title,
            theme: theme(&headers),
            path: "/search",
            max_story: None,
            feeds: &[],
        },
        main,
    ))
}

/// The store's snippet marks matches between `[` and `]`.
fn snippet(s: &str) -> Markup {
    let mut parts = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let (before, after) = rest.split_at(open);
        match after[1..].find(']') {
            Some(close) => {
                parts.push((before, false));
                parts.push((&after[1..1 + close], true));
                rest = &after[close + 2..];
            }
            None => break,
        }
    }
    html! {
        @for (text, mark) in parts {
            @if mark { mark { (text) } } @else { (text) }
        }
        (rest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_mark_matches_and_escape() {
        let m = snippet("a [b] <c> [d").into_string();
        assert_eq!(m, "a <mark>b</mark> &lt;c&gt; [d");
    }
}
