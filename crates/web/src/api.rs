//! The JSON API under `/api/v1` and its OpenAPI 3.0 document at `/api/openapi.json`.
//!
//! One table ([`table`]) holds every API route — method, path, handler and documentation —
//! so the document describes exactly the routes the router serves. Errors are
//! `{"error": {"status", "message"}}`: 400 for bad parameters, 404 for unknown ids. The
//! writes ([`crate::admin`]) are in the table too, documented with the `adminToken` bearer
//! scheme and their 401 / 403 answers.

use std::collections::{HashMap, HashSet};

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::Method;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, delete, get, post};
use serde_json::{Value, json};
use tidings_store::{StoryId, StoryOrder};

use crate::feeds::search_story_ids;
use crate::view::{StoryView, story_view, web_links, web_story_article};
use crate::{AppError, AppState};

mod openapi;

pub use openapi::document;
use openapi::openapi;

/// An API error answered as JSON.
struct ApiError(AppError);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.json()
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

type ApiResult = Result<Response, ApiError>;

/// A query parameter of a route, for the document.
pub struct Param {
    pub name: &'static str,
    pub location: &'static str,
    pub required: bool,
    pub schema: Value,
    pub description: &'static str,
}

/// One API route: method, path (relative to `/api`), its handler and its documentation.
pub struct Route {
    pub method: Method,
    pub path: &'static str,
    pub handler: MethodRouter<AppState>,
    pub operation_id: &'static str,
    pub summary: &'static str,
    pub params: Vec<Param>,
    /// An admin write: needs the admin token.
    pub admin: bool,
    /// The JSON request body's schema, for writes that take one.
    pub body: Option<Value>,
    /// The success status.
    pub status: u16,
    /// The success schema (a `$ref` or an inline schema; `null` for no body).
    pub response: Value,
}

fn id_param(what: &'static str) -> Param {
    Param {
        name: "id",
        location: "path",
        required: true,
        schema: json!({"type": "integer", "minimum": 1}),
        description: what,
    }
}

fn query(name: &'static str, required: bool, schema: Value, description: &'static str) -> Param {
    Param {
        name,
        location: "query",
        required,
        schema,
        description,
    }
}

/// Every API route, in the order the document lists them.
pub fn table() -> Vec<Route> {
    vec![
        Route {
            method: Method::GET,
            path: "/v1/stories",
            handler: get(stories),
            operation_id: "listStories",
            summary: "Stories, filtered, with cursor pagination",
            params: vec![
                query(
                    "order",
                    false,
                    json!({"type": "string", "enum": ["latest", "top", "coverage", "popular"], "default": "latest"}),
                    "latest: most recently updated; top: newest day first, most outlets first within a day; coverage: most outlets, then most recent; popular: most read",
                ),
                query(
                    "since",
                    false,
                    json!({"type": "string"}),
                    "Only stories updated at or after this time (RFC 3339 or Unix seconds)",
                ),
                query(
                    "q",
                    false,
                    json!({"type": "string"}),
                    "Only stories with an article matching these words (full-text search)",
                ),
                query(
                    "entity",
                    false,
                    json!({"type": "string"}),
                    "Only stories mentioning this entity (its key, as /api/v1/entities gives it)",
                ),
                query(
                    "source",
                    false,
                    json!({"type": "string"}),
                    "Only stories reported by this outlet (site key such as unn.ua, or outlet name)",
                ),
                query(
                    "topic",
                    false,
                    json!({"type": "string"}),
                    "Only stories with an article filed under this topic: its section or one of its tags, as the outlet gives them (any case)",
                ),
                query(
                    "limit",
                    false,
                    json!({"type": "integer", "minimum": 1, "maximum": 100, "default": 20}),
                    "Stories per page",
                ),
                query(
                    "cursor",
                    false,
                    json!({"type": "string"}),
                    "The next_cursor of the previous page",
                ),
            ],
            admin: false,
            body: None,
            status: 200,
            response: json!({"$ref": "#/components/schemas/StoryPage"}),
        },
        Route {
            method: Method::GET,
            path: "/v1/stories/{id}",
            handler: get(story),
            operation_id: "getStory",
            summary: "One story with its articles and digest (a merged story's id gives the story that absorbed it)",
            params: vec![id_param("Story id")],
            admin: false,
            body: None,
            status: 200,
            response: json!({"$ref": "#/components/schemas/StoryDetail"}),
        },
        Route {
            method: Method::GET,
            path: "/v1/articles/{id}",
            handler: get(article),
            operation_id: "getArticle",
            summary: "One article: metadata and clean text",
            params: vec![id_param("Article id")],
            admin: false,
            body: None,
            status: 200,
            response: json!({"$ref": "#/components/schemas/Article"}),
        },
        Route {
            method: Method::GET,
            path: "/v1/search",
            handler: get(search),
            operation_id: "search",
            summary: "Full-text search over articles, best first",
            params: vec![
                query(
                    "q",
                    true,
                    json!({"type": "string", "minLength": 1}),
                    "Words (all must match); \"phrases\" and prefix* work",
                ),
                query(
                    "limit",
                    false,
                    json!({"type": "integer", "minimum": 1, "maximum": 100, "default": 20}),
                    "Hits at most",
                ),
            ],
            admin: false,
            body: None,
            status: 200,
            response: json!({"$ref": "#/components/schemas/SearchResult"}),
        },
        Route {
            method: Method::GET,
            path: "/v1/entities",
            handler: get(entities),
            operation_id: "listEntities",
            summary: "People, organisations and places, in the most stories first",
            params: vec![query(
                "limit",
                false,
                json!({"type": "integer", "minimum": 1, "maximum": 500, "default": 50}),
                "Entities at most",
            )],
            admin: false,
            body: None,
            status: 200,
            response: json!({"$ref": "#/components/schemas/EntityList"}),
        },
        Route {
            method: Method::GET,
            path: "/v1/entities/{key}",
            handler: get(entity),
            operation_id: "getEntity",
            summary: "One entity and the stories that mention it, newest first, with cursor pagination",
            params: vec![
                Param {
                    name: "key",
                    location: "path",
                    required: true,
                    schema: json!({"type": "string", "minLength": 1}),
                    description: "Entity key (lower case), as /api/v1/entities gives it",
                },
                query(
                    "limit",
                    false,
                    json!({"type": "integer", "minimum": 1, "maximum": 100, "default": 20}),
                    "Stories per page",
                ),
                query(
                    "cursor",
                    false,
                    json!({"type": "string"}),
                    "The next_cursor of the previous page",
                ),
            ],
            admin: false,
            body: None,
            status: 200,
            response: json!({"$ref": "#/components/schemas/EntityStories"}),
        },
        Route {
            method: Method::GET,
            path: "/v1/sources",
            handler: get(sources),
            operation_id: "listSources",
            summary: "The outlets (sites) articles came from, most articles first, and the configured sources fetched over the network with their health. Without the admin token a source's url is its host and path and its last_error a short category (\"timeout\", \"HTTP 404\"…); with it, the full values",
            params: vec![],
            admin: false,
            body: None,
            status: 200,
            response: json!({"$ref": "#/components/schemas/SourceList"}),
        },
        Route {
            method: Method::POST,
            path: "/v1/sources",
            handler: post(crate::admin::add_source),
            operation_id: "addSource",
            summary: "Adds a source to fetch (a feed or a page; its first fetch tells which). 201 when new, 200 when the URL is one already",
            params: vec![],
            admin: true,
            body: Some(
                json!({"type": "object", "required": ["url"], "additionalProperties": false,
                "properties": {"url": {"type": "string", "format": "uri", "description": "http or https"}}}),
            ),
            status: 201,
            response: json!({"$ref": "#/components/schemas/SourceAdded"}),
        },
        Route {
            method: Method::DELETE,
            path: "/v1/sources/{id}",
            handler: delete(crate::admin::delete_source),
            operation_id: "deleteSource",
            summary: "Stops fetching a source; its articles stay",
            params: vec![id_param("Source id")],
            admin: true,
            body: None,
            status: 204,
            response: Value::Null,
        },
        Route {
            method: Method::POST,
            path: "/v1/sources/{id}/fetch",
            handler: post(crate::admin::fetch_source),
            operation_id: "fetchSource",
            summary: "Fetches a source now: new articles are stored and put in stories; its health is recorded",
            params: vec![id_param("Source id")],
            admin: true,
            body: None,
            status: 200,
            response: json!({"$ref": "#/components/schemas/FetchResult"}),
        },
        Route {
            method: Method::POST,
            path: "/v1/articles/{id}/reextract",
            handler: post(crate::admin::reextract),
            operation_id: "reextractArticle",
            summary: "Fetches an article's page again and replaces its extraction (same id and story; the raw page is not stored, so this needs its URL to answer). A feed item's summary becomes its full page",
            params: vec![
                id_param("Article id"),
                query(
                    "force",
                    false,
                    json!({"type": "boolean", "default": false}),
                    "Replace the stored text even when the page now gives no words or under half as many (else 409)",
                ),
            ],
            admin: true,
            body: None,
            status: 200,
            response: json!({"type": "object", "required": ["article", "url"], "properties": {
                "article": {"type": "integer"}, "url": {"type": "string"},
                "words_before": {"type": "integer"}, "words_after": {"type": "integer"}}}),
        },
        Route {
            method: Method::GET,
            path: "/openapi.json",
            handler: get(openapi),
            operation_id: "openapi",
            summary: "This document",
            params: vec![],
            admin: false,
            body: None,
            status: 200,
            response: json!({"type": "object"}),
        },
    ]
}

/// The `/api` router, built from [`table`] (methods of one path merge). Each handler sits
/// behind the admin gate ([`crate::admin::gate`]); a method a path does not take is answered
/// 405 with `Allow` before the gate.
pub fn routes(state: &AppState) -> Router<AppState> {
    let mut r = Router::new();
    for route in table() {
        let gate = axum::middleware::from_fn_with_state(state.clone(), crate::admin::gate);
        r = r.route(route.path, route.handler.route_layer(gate));
    }
    r.fallback(|uri: axum::http::Uri| async move {
        AppError::not_found(format!("no API route {}", uri.path())).json()
    })
}

type Params = Query<HashMap<String, String>>;

fn known(params: &HashMap<String, String>, allowed: &[&str]) -> Result<(), ApiError> {
    match params.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(AppError::bad_request(format!(
            "unknown parameter {k:?} (known: {})",
            allowed.join(", ")
        ))
        .into()),
        None => Ok(()),
    }
}

fn limit(params: &HashMap<String, String>) -> Result<usize, ApiError> {
    match params.get("limit") {
        None => Ok(20),
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=100).contains(n))
            .ok_or_else(|| {
                AppError::bad_request(format!("limit {v:?} must be a number from 1 to 100")).into()
            }),
    }
}

fn parse_since(v: &str) -> Result<i64, ApiError> {
    if let Ok(n) = v.parse::<i64>() {
        return Ok(n);
    }
    chrono::DateTime::parse_from_rfc3339(v)
        .map(|t| t.timestamp())
        .or_else(|_| {
            chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").map(|d| {
                d.and_hms_opt(0, 0, 0)
                    .map_or(0, |t| t.and_utc().timestamp())
            })
        })
        .map_err(|_| {
            AppError::bad_request(format!(
                "since {v:?} is neither RFC 3339, a date (YYYY-MM-DD) nor Unix seconds"
            ))
            .into()
        })
}

/// Stories scanned per request at most (a filtered page may end early with a cursor).
const SCAN: usize = 5_000;

fn cursor(p: &HashMap<String, String>) -> Result<usize, ApiError> {
    match p.get("cursor") {
        None => Ok(0),
        Some(c) => c
            .strip_prefix('c')
            .and_then(|n| n.parse::<usize>().ok())
            .ok_or_else(|| {
                AppError::bad_request(format!("cursor {c:?} is not one we gave")).into()
            }),
    }
}

fn nonempty(p: &HashMap<String, String>, name: &str) -> Option<String> {
    p.get(name)
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

async fn stories(State(state): State<AppState>, Query(p): Params) -> ApiResult {
    known(
        &p,
        &[
            "order", "since", "q", "entity", "topic", "source", "limit", "cursor",
        ],
    )?;
    let limit = limit(&p)?;
    let order = match p.get("order").map(String::as_str) {
        None | Some("latest") => StoryOrder::Latest,
        Some("top") => StoryOrder::Top,
        Some("coverage") => StoryOrder::Coverage,
        Some("popular") => StoryOrder::Views,
        Some(o) => {
            return Err(AppError::bad_request(format!(
                "order {o:?} must be latest, top, coverage or popular"
            ))
            .into());
        }
    };
    let since = p.get("since").map(|v| parse_since(v)).transpose()?;
    let start = cursor(&p)?;
    let source = nonempty(&p, "source").map(|s| s.to_lowercase());
    let entity = nonempty(&p, "entity").map(|s| s.to_lowercase());
    let topic = nonempty(&p, "topic");
    let q = crate::http::search_words(p.get("q").map(String::as_str))?;
    let (views, next) = state
        .db(move |s| {
            // Each filter given (words, entity, topic) narrows to the stories it names.
            let mut required: Vec<HashSet<StoryId>> = Vec::new();
            if let Some(q) = &q {
                required.push(search_story_ids(s, q, 500)?.into_iter().collect());
            }
            if let Some(k) = &entity {
                required.push(
                    s.entity_stories(k, SCAN, 0)?
                        .iter()
                        .map(|st| st.id)
                        .collect(),
                );
            }
            if let Some(t) = &topic {
                required.push(s.topic_stories(t, SCAN)?.into_iter().collect());
            }
            // An outlet is asked for by site key or name; stories list outlets by name.
            let names: Option<HashSet<String>> = source.as_ref().map(|src| {
                let mut names: HashSet<String> = HashSet::from([src.clone()]);
                if let Ok(all) = s.sources() {
                    for so in all {
                        let site = so.site.to_lowercase();
                        let name = so.name.as_deref().map(str::to_lowercase);
                        if site == *src || name.as_deref() == Some(src.as_str()) {
                            names.insert(site);
                            names.extend(name);
                        }
                    }
                }
                names
            });
            let mut out: Vec<StoryView> = Vec::new();
            let mut pos = start;
            let mut exhausted = false;
            'scan: while out.len() < limit && pos < start + SCAN {
                let page = s.stories(order, 100, pos)?;
                if page.is_empty() {
                    exhausted = true;
                    break;
                }
                for st in &page {
                    pos += 1;
                    if let Some(since) = since
                        && st.last_updated < since
                    {
                        if order == StoryOrder::Latest {
                            exhausted = true;
                            break 'scan;
                        }
                        continue;
                    }
                    if required.iter().any(|ids| !ids.contains(&st.id))
                        || names.as_ref().is_some_and(|names| {
                            !st.outlet_names
                                .iter()
                                .any(|n| names.contains(&n.trim().to_lowercase()))
                        })
                    {
                        continue;
                    }
                    // The whole story for its long version.
                    let Some(d) = s.story(st.id)? else { continue };
                    out.push(story_view(s, &d)?);
                    if out.len() == limit {
                        break 'scan;
                    }
                }
            }
            let next = if exhausted {
                None
            } else if out.len() == limit {
                // There may be more: check cheaply that one more story exists.
                (!s.stories(order, 1, pos)?.is_empty()).then(|| format!("c{pos}"))
            } else {
                Some(format!("c{pos}"))
            };
            Ok((out, next))
        })
        .await?;
    Ok(axum::Json(json!({"stories": views, "next_cursor": next})).into_response())
}

async fn entities(State(state): State<AppState>, Query(p): Params) -> ApiResult {
    known(&p, &["limit"])?;
    let limit = match p.get("limit") {
        None => 50,
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=500).contains(n))
            .ok_or_else(|| {
                AppError::bad_request(format!("limit {v:?} must be a number from 1 to 500"))
            })?,
    };
    let list = state.db(move |s| s.top_entities(limit)).await?;
    Ok(axum::Json(json!({"entities": list})).into_response())
}

async fn entity(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(p): Params,
) -> ApiResult {
    known(&p, &["limit", "cursor"])?;
    let limit = limit(&p)?;
    let start = cursor(&p)?;
    let k = key.trim().to_lowercase();
    let found = state
        .db(move |s| match s.entity(&k)? {
            Some(e) => {
                let list = s.entity_stories(&k, limit + 1, start)?;
                let more = list.len() > limit;
                let mut views = Vec::new();
                for st in list.iter().take(limit) {
                    if let Some(d) = s.story(st.id)? {
                        views.push(story_view(s, &d)?);
                    }
                }
                Ok(Some((e, views, more)))
            }
            None => Ok(None),
        })
        .await?;
    let (e, views, more) =
        found.ok_or_else(|| AppError::not_found(format!("no entity {key:?}")))?;
    let next = more.then(|| format!("c{}", start + limit));
    Ok(axum::Json(json!({"entity": e, "stories": views, "next_cursor": next})).into_response())
}

async fn sources(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    Query(p): Params,
) -> ApiResult {
    known(&p, &[])?;
    let (outlets, configured) = state.db(|s| Ok((s.sources()?, s.list_sources()?))).await?;
    // A source's URL may carry a key in its query, its error names addresses: readers get
    // the short forms, the admin the full values.
    let admin =
        state.config().admin_token.as_deref().is_some_and(|a| {
            crate::http::bearer(&headers).is_some_and(|t| crate::http::same(t, a))
        });
    let configured: Vec<Value> = configured
        .into_iter()
        .map(|mut c| {
            if !admin {
                c.url = tidings_engine::fetching::public_source_url(&c.url);
                c.last_error = c
                    .last_error
                    .as_deref()
                    .map(tidings_engine::fetching::error_category);
            }
            let mut v = json!(c);
            // Validators are the server's business, not the reader's.
            if let Some(o) = v.as_object_mut() {
                o.remove("etag");
                o.remove("last_modified");
            }
            v
        })
        .collect();
    Ok(axum::Json(json!({"sources": outlets, "configured": configured})).into_response())
}

fn path_id(raw: &str, what: &str) -> Result<i64, ApiError> {
    crate::pages::parse_id(raw, what).map_err(ApiError)
}

async fn story(State(state): State<AppState>, Path(raw): Path<String>) -> ApiResult {
    let id = path_id(&raw, "story")?;
    let found = state
        .db(move |s| match s.story(id)? {
            Some(d) => {
                let v = story_view(s, &d)?;
                Ok(Some((d, v)))
            }
            None => Ok(None),
        })
        .await?;
    let (d, v) = found.ok_or_else(|| AppError::not_found(format!("no story {id}")))?;
    Ok(axum::Json(json!({
        "story": v,
        "requested_id": id,
        "articles": d.articles.into_iter().map(web_story_article).collect::<Vec<_>>(),
        "digest": d.digest,
        "split_from": d.split_from,
        "split_off": d.split_off,
    }))
    .into_response())
}

async fn article(State(state): State<AppState>, Path(raw): Path<String>) -> ApiResult {
    let id = path_id(&raw, "article")?;
    let a = state
        .db(move |s| s.article(id))
        .await?
        .ok_or_else(|| AppError::not_found(format!("no article {id}")))?;
    // The identity key and the local source path stay on the server.
    Ok(axum::Json(json!({
        "id": a.id,
        "site": a.site,
        "ingested_at": a.ingested_at,
        "views": a.views,
        "article": web_links(a.article),
    }))
    .into_response())
}

async fn search(State(state): State<AppState>, Query(p): Params) -> ApiResult {
    known(&p, &["q", "limit"])?;
    let limit = limit(&p)?;
    let q = crate::http::search_words(p.get("q").map(String::as_str))?
        .ok_or_else(|| AppError::bad_request("q (the words to find) is required"))?;
    let qq = q.clone();
    let hits = state.db(move |s| s.search(&qq, limit)).await?;
    Ok(axum::Json(json!({"query": q, "hits": hits})).into_response())
}
