//! The JSON API over the seed story: lists, filters and cursors, story, article and search,
//! and the OpenAPI document against the routes served.

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::Request;
use common::{fixture, fixture_with};
use tidings_extract::Article;
use tidings_web::Config;

#[tokio::test]
async fn api_lists_and_filters_stories_with_cursors() {
    let f = fixture();
    for n in 0..5 {
        f.add_article(
            Article {
                title: Some(format!("Extra story number {n} about harbour cranes")),
                paragraphs: vec![format!("Paragraph about harbour cranes, number {n}.")],
                ..Article::default()
            },
            10 + n,
        );
    }
    let (status, v) = f.json("/api/v1/stories?limit=2").await;
    assert_eq!(status, 200);
    let mut seen: Vec<i64> = Vec::new();
    let mut page = v;
    loop {
        let stories = page["stories"].as_array().cloned().unwrap_or_default();
        assert!(stories.len() <= 2);
        seen.extend(stories.iter().filter_map(|s| s["id"].as_i64()));
        match page["next_cursor"].as_str() {
            Some(c) => {
                page = f
                    .json(&format!("/api/v1/stories?limit=2&cursor={c}"))
                    .await
                    .1
            }
            None => break,
        }
    }
    seen.sort_unstable();
    assert_eq!(seen, vec![1, 10, 11, 12, 13, 14]);

    let (_, v) = f.json("/api/v1/stories?q=Netanyahu").await;
    let ids: Vec<i64> = v["stories"]
        .as_array()
        .map(|a| a.iter().filter_map(|s| s["id"].as_i64()).collect())
        .unwrap_or_default();
    assert_eq!(ids, vec![1]);
    assert_eq!(v["stories"][0]["outlets"].as_array().map(Vec::len), Some(2));

    let (_, v) = f.json("/api/v1/stories?source=unn").await;
    assert_eq!(v["stories"].as_array().map(Vec::len), Some(1), "{v}");
    // Topics are the outlets' own sections and tags: UNN files the seed under "News of the
    // World" and tags it "White House".
    for topic in ["news%20of%20the%20world", "White%20House"] {
        let (status, v) = f.json(&format!("/api/v1/stories?topic={topic}")).await;
        assert_eq!(status, 200);
        let ids: Vec<i64> = v["stories"]
            .as_array()
            .map(|a| a.iter().filter_map(|s| s["id"].as_i64()).collect())
            .unwrap_or_default();
        assert_eq!(ids, vec![1], "topic {topic}: {v}");
    }
    let (_, v) = f.json("/api/v1/stories?topic=gardening").await;
    assert_eq!(v["stories"].as_array().map(Vec::len), Some(0), "{v}");
    let (_, v) = f.json("/api/v1/stories?since=2030-01-01T00:00:00Z").await;
    assert_eq!(v["stories"].as_array().map(Vec::len), Some(0), "{v}");
    let (_, v) = f
        .json("/api/v1/stories?since=0&order=coverage&limit=1")
        .await;
    assert_eq!(v["stories"][0]["id"], 1, "top = most outlets: {v}");

    for bad in [
        "/api/v1/stories?limit=0",
        "/api/v1/stories?limit=x",
        "/api/v1/stories?order=best",
        "/api/v1/stories?since=yesterday",
        "/api/v1/stories?cursor=zz",
        "/api/v1/stories?colour=red",
        "/api/v1/stories/abc",
        "/api/v1/articles/-1",
        "/api/v1/search",
        "/api/v1/search?q=",
    ] {
        let (status, v) = f.json(bad).await;
        assert_eq!(status, 400, "{bad}: {v}");
        assert_eq!(v["error"]["status"], 400);
        assert!(
            v["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty())
        );
    }
    for missing in [
        "/api/v1/stories/999",
        "/api/v1/articles/999",
        "/api/v1/nothing",
        "/api/v2/stories",
    ] {
        let (status, v) = f.json(missing).await;
        assert_eq!(status, 404, "{missing}: {v}");
        assert_eq!(v["error"]["status"], 404);
    }
}

#[tokio::test]
async fn api_story_article_and_search() {
    let f = fixture();
    let (status, v) = f.json("/api/v1/stories/1").await;
    assert_eq!(status, 200);
    assert_eq!(v["story"]["id"], 1);
    assert_eq!(v["articles"].as_array().map(Vec::len), Some(2));
    assert!(
        v["story"]["short"].as_str().is_some_and(|s| !s.is_empty()),
        "fallback short: {v}"
    );
    let (status, v) = f.json("/api/v1/articles/1").await;
    assert_eq!(status, 200);
    assert!(
        v["article"]["paragraphs"]
            .as_array()
            .is_some_and(|p| !p.is_empty())
    );
    assert!(v.get("source").is_none(), "no server paths");
    let (status, v) = f.json("/api/v1/search?q=Netanyahu&limit=5").await;
    assert_eq!(status, 200);
    let hits = v["hits"].as_array().cloned().unwrap_or_default();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h["story_id"] == 1), "{v}");
}

#[tokio::test]
async fn openapi_document_is_valid_and_lists_exactly_the_served_routes() {
    let f = fixture_with(Config {
        admin_token: Some("admin-secret".into()),
        page_cache: Duration::ZERO,
        ..Config::default()
    });
    let (status, doc) = f.json("/api/openapi.json").await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    let text = serde_json::to_string(&doc).unwrap_or_default();
    let parsed: openapiv3::OpenAPI =
        serde_json::from_str(&text).expect("a valid OpenAPI 3 document");
    assert_eq!(parsed.info.title, "Tidings API");
    // Every (method, path) documented is served, and nothing else.
    let mut documented: Vec<(String, String)> = Vec::new();
    for (path, item) in &parsed.paths.paths {
        let openapiv3::ReferenceOr::Item(item) = item else {
            panic!("{path}: reference")
        };
        for (method, _) in item.iter() {
            documented.push((method.to_uppercase(), path.clone()));
        }
    }
    documented.sort();
    let mut served: Vec<(String, String)> = tidings_web::api::table()
        .iter()
        .map(|r| (r.method.to_string(), format!("/api{}", r.path)))
        .collect();
    served.sort();
    assert_eq!(documented, served);
    assert!(
        served.iter().any(|(m, _)| m == "POST"),
        "the writes are documented"
    );
    assert!(
        parsed
            .components
            .as_ref()
            .is_some_and(|c| c.security_schemes.contains_key("adminToken"))
    );
    // Every documented GET answers (ids and keys filled in) with its documented success;
    // every write answers 401 without the token, and documents that and its security.
    let (_, entities) = f.json("/api/v1/entities?limit=1").await;
    let key = entities["entities"][0]["key"]
        .as_str()
        .expect("the seeds have entities")
        .to_owned();
    for (path, item) in &parsed.paths.paths {
        let openapiv3::ReferenceOr::Item(item) = item else {
            panic!("{path}: reference")
        };
        let uri = path
            .replace("{id}", "1")
            .replace("{key}", &tidings_web::pages::path_segment(&key));
        for (method, op) in item.iter() {
            if method == "get" {
                let uri = if uri.ends_with("/search") {
                    format!("{uri}?q=Netanyahu")
                } else {
                    uri.clone()
                };
                let res = f.get(&uri).await;
                assert_eq!(res.status().as_u16(), 200, "{uri}");
                assert!(
                    op.responses
                        .responses
                        .contains_key(&openapiv3::StatusCode::Code(200))
                );
                assert!(op.security.is_none(), "{uri}: reads are public");
            } else {
                let req = Request::builder()
                    .method(method.to_uppercase().as_str())
                    .uri(&uri)
                    .header("content-type", "application/json")
                    .body(Body::from(r#"{"url":"https://example.org/feed"}"#))
                    .expect("request");
                let res = f.request(req).await;
                assert_eq!(res.status().as_u16(), 401, "{method} {uri}");
                assert!(
                    op.responses
                        .responses
                        .contains_key(&openapiv3::StatusCode::Code(401)),
                    "{method} {uri}"
                );
                assert!(op.security.is_some(), "{method} {uri}: security documented");
            }
        }
    }
    // Every `$ref` resolves.
    for r in text.match_indices("\"$ref\":\"#/components/schemas/") {
        let name: String = text[r.0 + r.1.len()..]
            .chars()
            .take_while(|c| *c != '"')
            .collect();
        assert!(
            doc["components"]["schemas"].get(&name).is_some(),
            "dangling $ref {name}"
        );
    }
    // And nothing else under /api answers.
    assert_eq!(f.get("/api/v1/entity").await.status(), 404);
    assert_eq!(f.get("/api/v1").await.status(), 404);
}
