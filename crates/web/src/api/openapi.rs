//! The OpenAPI 3.0 document of the API, built from its route [`table`](super::table), served
//! at `/api/openapi.json`.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::table;

/// The OpenAPI document.
pub fn document() -> Value {
    let mut paths = serde_json::Map::new();
    for r in table() {
        let params: Vec<Value> = r
            .params
            .iter()
            .map(|p| {
                json!({"name": p.name, "in": p.location, "required": p.required,
                       "description": p.description, "schema": p.schema})
            })
            .collect();
        let mut responses = serde_json::Map::new();
        let success = if r.response.is_null() {
            json!({"description": "Done"})
        } else {
            json!({"description": "OK", "content": {"application/json": {"schema": r.response}}})
        };
        responses.insert(r.status.to_string(), success);
        if !r.params.is_empty() || r.body.is_some() {
            responses.insert("400".into(), error_response("Bad parameters or body"));
        }
        if r.path.contains("{id}") || r.path.contains("{key}") {
            responses.insert("404".into(), error_response("No such id or key"));
        }
        let mut op = json!({"operationId": r.operation_id, "summary": r.summary,
                            "parameters": params});
        if r.admin {
            responses.insert(
                "401".into(),
                error_response("No admin token, or a wrong one"),
            );
            responses.insert(
                "403".into(),
                error_response("The server has no admin token: writes are off"),
            );
            responses.insert(
                "422".into(),
                error_response("A URL that cannot be fetched, or a page with no article"),
            );
            responses.insert("502".into(), error_response("The fetch failed"));
            if r.operation_id == "reextractArticle" {
                responses.insert(
                    "409".into(),
                    error_response(
                        "The page now gives no words or under half the stored ones: nothing changed (force=true replaces)",
                    ),
                );
            }
            op["security"] = json!([{"adminToken": []}]);
        }
        if let Some(body) = &r.body {
            op["requestBody"] = json!({"required": true,
                "content": {"application/json": {"schema": body}}});
        }
        op["responses"] = Value::Object(responses);
        let item = paths
            .entry(format!("/api{}", r.path))
            .or_insert_with(|| json!({}));
        item[r.method.as_str().to_ascii_lowercase()] = op;
    }
    let story = json!({"type": "object", "required": ["id", "headline", "short", "long", "outlets"],
        "properties": {
            "id": {"type": "integer"}, "headline": {"type": "string"},
            "short": {"type": "string", "description": "Short version (the digest's, else the first report's standfirst)"},
            "long": {"type": "string"}, "digested": {"type": "boolean"},
            "outlets": {"type": "array", "items": {"type": "string"}},
            "articles": {"type": "integer"}, "first_seen": {"type": "integer"},
            "last_updated": {"type": "integer"}, "views": {"type": "integer"},
            "entities": {"type": "array", "items": {"type": "object", "properties": {
                "key": {"type": "string"}, "name": {"type": "string"}, "kind": {"type": "string"}}}}}});
    let entity = json!({"type": "object", "required": ["key", "name", "kind"], "properties": {
        "key": {"type": "string"}, "name": {"type": "string"},
        "kind": {"type": "string", "description": "person, organisation, place or other"},
        "mentions": {"type": "integer"},
        "count": {"type": "integer", "description": "Stories that mention it"}}});
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Tidings API", "version": env!("CARGO_PKG_VERSION"),
                 "description": "Stories (one per event, across outlets), articles and search.",
                 "license": {"name": "AGPL-3.0-or-later"}},
        "paths": paths,
        "components": {
        "securitySchemes": {"adminToken": {"type": "http", "scheme": "bearer",
            "description": "TIDINGS_ADMIN_TOKEN of the server"}},
        "schemas": {
            "Error": {"type": "object", "required": ["error"], "properties": {"error": {
                "type": "object", "required": ["status", "message"],
                "properties": {"status": {"type": "integer"}, "message": {"type": "string"}}}}},
            "Story": story,
            "Entity": entity,
            "EntityList": {"type": "object", "required": ["entities"], "properties": {
                "entities": {"type": "array", "items": {"$ref": "#/components/schemas/Entity"}}}},
            "EntityStories": {"type": "object", "required": ["entity", "stories"], "properties": {
                "entity": {"$ref": "#/components/schemas/Entity"},
                "stories": {"type": "array", "items": {"$ref": "#/components/schemas/Story"}},
                "next_cursor": {"type": "string", "nullable": true}}},
            "SourceList": {"type": "object", "required": ["sources", "configured"], "properties": {
                "sources": {"type": "array", "description": "Outlets, by what was ingested from them",
                    "items": {"type": "object", "properties": {
                    "site": {"type": "string"}, "name": {"type": "string", "nullable": true},
                    "articles": {"type": "integer"}, "last_ingested": {"type": "string"},
                    "boilerplate_blocks": {"type": "integer"}}}},
                "configured": {"type": "array", "description": "Sources fetched over the network",
                    "items": {"$ref": "#/components/schemas/Source"}}}},
            "Source": {"type": "object", "required": ["id", "url"], "properties": {
                "id": {"type": "integer"}, "url": {"type": "string"},
                "kind": {"type": "string", "enum": ["feed", "page"], "nullable": true},
                "title": {"type": "string", "nullable": true},
                "added": {"type": "string"},
                "last_fetch": {"type": "string", "nullable": true},
                "last_ok": {"type": "string", "nullable": true},
                "last_error": {"type": "string", "nullable": true},
                "consecutive_failures": {"type": "integer"},
                "next_fetch": {"type": "integer", "description": "Unix seconds"},
                "articles": {"type": "integer"}}},
            "SourceAdded": {"type": "object", "required": ["source", "created"], "properties": {
                "source": {"$ref": "#/components/schemas/Source"}, "created": {"type": "boolean"}}},
            "FetchResult": {"type": "object", "required": ["report"], "properties": {
                "report": {"type": "object", "properties": {
                    "source": {"type": "integer"}, "url": {"type": "string"},
                    "status": {"type": "string", "enum": ["fetched", "not_modified", "failed"]},
                    "added": {"type": "array", "items": {"type": "integer"}},
                    "known": {"type": "integer"}, "images": {"type": "integer"},
                    "failed": {"type": "array", "items": {"type": "string"}},
                    "error": {"type": "string"}}},
                "source": {"$ref": "#/components/schemas/Source"}}},
            "StoryPage": {"type": "object", "required": ["stories"], "properties": {
                "stories": {"type": "array", "items": {"$ref": "#/components/schemas/Story"}},
                "next_cursor": {"type": "string", "nullable": true}}},
            "StoryDetail": {"type": "object", "required": ["story", "articles"], "properties": {
                "story": {"$ref": "#/components/schemas/Story"},
                "articles": {"type": "array", "items": {"type": "object"}},
                "digest": {"type": "object", "nullable": true},
                "split_from": {"type": "integer", "nullable": true,
                    "description": "The story this one split off from (it held this event and another)"},
                "split_off": {"type": "array", "items": {"type": "integer"},
                    "description": "Stories that split off this one (reports of another event moved there)"}}},
            "Article": {"type": "object", "required": ["id", "article"], "properties": {
                "id": {"type": "integer"}, "site": {"type": "string", "nullable": true},
                "ingested_at": {"type": "string"}, "views": {"type": "integer"},
                "article": {"type": "object"}}},
            "SearchResult": {"type": "object", "required": ["query", "hits"], "properties": {
                "query": {"type": "string"},
                "hits": {"type": "array", "items": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "title": {"type": "string", "nullable": true},
                    "site_name": {"type": "string", "nullable": true}, "published": {"type": "string", "nullable": true},
                    "snippet": {"type": "string"}, "rank": {"type": "number"},
                    "story_id": {"type": "integer", "nullable": true}}}}}}
        }}
    })
}

fn error_response(what: &str) -> Value {
    json!({"description": what, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
}

pub(super) async fn openapi() -> Response {
    (
        [(header::CACHE_CONTROL, "public, max-age=3600")],
        axum::Json(document()),
    )
        .into_response()
}
