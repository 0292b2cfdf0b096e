//! Admin writes (sources, fetch now, re-extract) under the admin token, the sources page's
//! health, and lead images from the local cache — against a local feed server, no real
//! network.

mod common;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use common::{Fixture, body_text, fixture_with};
use tidings_engine::Engine;
use tidings_extract::Article;
use tidings_fetch::BlockingFetcher;
use tidings_store::{SqliteStore, Store};
use tidings_web::Config;

const TOKEN: &str = "admin-secret";
const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

fn page(title: &str) -> String {
    let body: String = (1..=6)
        .map(|i| {
            format!(
                "<p>Paragraph {i}: the harbour authority said on Tuesday that the new ferry \
                 line would open in spring, after months of talks with the operators.</p>"
            )
        })
        .collect();
    format!(
        "<!doctype html><html><head><title>{title}</title></head>\
         <body><article><h1>{title}</h1>{body}</article></body></html>"
    )
}

/// `/feed.xml` modes: 0 a feed of two items (one real PNG, one SVG posing as a PNG), 1 HTTP 503
/// (and `/a1` in mode 2 a paywall's teaser).
async fn feed(State((mode, base)): State<(Arc<AtomicU8>, String)>) -> Response {
    if mode.load(Ordering::SeqCst) == 1 {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    let body = format!(
        r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
<title>Harbour News</title><link>{base}/</link><description>News</description>
<item><title>Ferry line to open in spring</title><link>{base}/a1</link>
<pubDate>Tue, 03 Mar 2026 10:00:00 GMT</pubDate>
<description>The harbour authority said the new ferry line would open in spring.</description>
<media:content url="{base}/img/lead.png" medium="image" type="image/png"/></item>
<item><title>Island school gets a new roof</title><link>{base}/a2</link>
<pubDate>Tue, 03 Mar 2026 12:00:00 GMT</pubDate>
<description>Workers began replacing the roof of the island school after storms.</description>
<media:content url="{base}/img/evil.png" medium="image" type="image/png"/></item>
</channel></rss>"#
    );
    ([(header::CONTENT_TYPE, "application/rss+xml")], body).into_response()
}

async fn server() -> (SocketAddr, Arc<AtomicU8>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let mode = Arc::new(AtomicU8::new(0));
    let app = Router::new()
        .route("/feed.xml", get(feed))
        .route(
            "/a1",
            get(
                |State((mode, _)): State<(Arc<AtomicU8>, String)>| async move {
                    // Mode 2: the page is now a paywall's teaser.
                    let body = if mode.load(Ordering::SeqCst) == 2 {
                        "<!doctype html><html><head><title>Ferry line</title></head><body>\
                         <article><h1>Ferry line</h1><p>Subscribe to read.</p></article>\
                         </body></html>"
                            .to_owned()
                    } else {
                        page("Ferry line")
                    };
                    ([(header::CONTENT_TYPE, "text/html")], body)
                },
            ),
        )
        .route(
            "/img/lead.png",
            get(|| async { ([(header::CONTENT_TYPE, "image/png")], PNG) }),
        )
        .route(
            "/img/evil.png",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "image/svg+xml")],
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
                )
            }),
        )
        .with_state((mode.clone(), format!("http://{addr}")));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (addr, mode)
}

/// The seed fixture with the admin token and an engine that may fetch from 127.0.0.1.
fn admin_fixture(admin_token: Option<&str>, read_token: Option<&str>) -> Fixture {
    let f = fixture_with(Config {
        admin_token: admin_token.map(str::to_owned),
        read_token: read_token.map(str::to_owned),
        page_cache: Duration::ZERO,
        ..Config::default()
    });
    let fetcher = BlockingFetcher::new(tidings_fetch::Config {
        allow_hosts: vec!["127.0.0.1".into()],
        host_delay: Duration::ZERO,
        ..tidings_fetch::Config::default()
    })
    .expect("fetcher");
    let engine = Engine::new(SqliteStore::open_dir(f.dir.path()).expect("store"))
        .expect("engine")
        .with_fetcher(fetcher);
    let state = f.state.clone().with_writes(Arc::new(engine));
    Fixture { state, ..f }
}

async fn send(
    f: &Fixture,
    method: &str,
    uri: &str,
    token: Option<&str>,
    body: &str,
) -> (u16, serde_json::Value) {
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let res = f
        .request(req.body(Body::from(body.to_owned())).expect("request"))
        .await;
    let status = res.status().as_u16();
    let text = body_text(res).await;
    let v = if text.is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{uri}: not JSON ({e}): {text}"))
    };
    (status, v)
}

/// A bodiless request with the admin token.
async fn admin(f: &Fixture, method: &str, uri: &str) -> (u16, serde_json::Value) {
    send(f, method, uri, Some(TOKEN), "").await
}

#[tokio::test]
async fn writes_need_the_admin_token() {
    // No admin token configured: writes are off, and say why.
    let f = admin_fixture(None, None);
    let (status, v) = send(
        &f,
        "POST",
        "/api/v1/sources",
        Some("x"),
        r#"{"url":"https://a.example/"}"#,
    )
    .await;
    assert_eq!(status, 403, "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("no admin token")),
        "{v}"
    );
    // Configured: missing or wrong token is 401; the read token never writes.
    let f = admin_fixture(Some(TOKEN), Some("reader"));
    for token in [None, Some("wrong"), Some("reader")] {
        let (status, v) = send(
            &f,
            "POST",
            "/api/v1/sources",
            token,
            r#"{"url":"https://a.example/"}"#,
        )
        .await;
        assert_eq!(status, 401, "{token:?}: {v}");
        assert!(v["error"]["message"].is_string(), "{v}");
        let (status, _) = send(&f, "POST", "/api/v1/articles/1/reextract", token, "").await;
        assert_eq!(status, 401, "{token:?}");
        let (status, _) = send(&f, "DELETE", "/api/v1/sources/1", token, "").await;
        assert_eq!(status, 401, "{token:?}");
    }
    assert!(
        f.json_with("/api/v1/sources", "reader").await["configured"]
            .as_array()
            .is_some_and(Vec::is_empty),
        "nothing was added"
    );
    // The admin token works, and opens the read gate too.
    let (status, v) = send(
        &f,
        "POST",
        "/api/v1/sources",
        Some(TOKEN),
        r#"{"url":"https://a.example/feed"}"#,
    )
    .await;
    assert_eq!(status, 201, "{v}");
    assert_eq!(v["created"], true);
    // A token but no engine: the server cannot write.
    let plain = fixture_with(Config {
        admin_token: Some(TOKEN.into()),
        ..Config::default()
    });
    let (status, _) = send(
        &plain,
        "POST",
        "/api/v1/sources",
        Some(TOKEN),
        r#"{"url":"https://a.example/"}"#,
    )
    .await;
    assert_eq!(status, 503);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sources_are_added_fetched_and_show_their_health() {
    let (addr, mode) = server().await;
    let f = admin_fixture(Some(TOKEN), None);
    let url = format!("http://{addr}/feed.xml");
    let body = serde_json::json!({ "url": url }).to_string();
    let (status, v) = send(&f, "POST", "/api/v1/sources", Some(TOKEN), &body).await;
    assert_eq!(status, 201, "{v}");
    let id = v["source"]["id"].as_i64().expect("id");
    let (status, v) = send(&f, "POST", "/api/v1/sources", Some(TOKEN), &body).await;
    assert_eq!(
        (status, &v["created"]),
        (200, &serde_json::Value::Bool(false))
    );
    // Bad input: named, refused, nothing added.
    let (status, v) = send(
        &f,
        "POST",
        "/api/v1/sources",
        Some(TOKEN),
        r#"{"url":"file:///etc/passwd"}"#,
    )
    .await;
    assert_eq!(status, 422, "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("file:///etc/passwd")),
        "{v}"
    );
    let (status, _) = send(&f, "POST", "/api/v1/sources", Some(TOKEN), "not json").await;
    assert_eq!(status, 400);
    let (status, _) = send(&f, "POST", "/api/v1/sources/999/fetch", Some(TOKEN), "").await;
    assert_eq!(status, 404);

    // Fetch now: two items become articles; the real image is cached, the SVG is not.
    let (status, v) = admin(&f, "POST", &format!("/api/v1/sources/{id}/fetch")).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["report"]["status"], "fetched", "{v}");
    let added: Vec<i64> = v["report"]["added"]
        .as_array()
        .expect("added")
        .iter()
        .filter_map(|x| x.as_i64())
        .collect();
    assert_eq!(added.len(), 2, "{v}");
    assert_eq!(v["report"]["images"], 1, "{v}");
    assert_eq!(v["source"]["kind"], "feed");
    assert_eq!(v["source"]["consecutive_failures"], 0);

    let (_, list) = f.json("/api/v1/sources").await;
    let c = &list["configured"][0];
    assert_eq!(
        c["url"],
        format!("{addr}/feed.xml"),
        "readers: host and path"
    );
    let list = f.json_with("/api/v1/sources", TOKEN).await;
    assert_eq!(
        list["configured"][0]["url"],
        url.as_str(),
        "the admin: all of it"
    );
    assert_eq!(c["articles"], 2);
    assert!(
        c["last_fetch"].is_string() && c["last_error"].is_null(),
        "{c}"
    );
    assert!(c.get("etag").is_none(), "validators stay on the server");

    // The lead image is shown from the cache, never linked to its site.
    let mut shown = 0;
    for a in &added {
        let (status, html) = f.text(&format!("/article/{a}")).await;
        assert_eq!(status, 200);
        assert!(
            !html.contains(&format!("{addr}/img")),
            "no third-party image: {html}"
        );
        if let Some(i) = html.find("<img src=\"/images/") {
            shown += 1;
            let hash: String = html[i + 18..].chars().take(64).collect();
            assert!(html.contains("loading=\"lazy\""));
            let res = f.get(&format!("/images/{hash}")).await;
            assert_eq!(res.status(), 200);
            assert_eq!(res.headers()[header::CONTENT_TYPE], "image/png");
            assert_eq!(res.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
            assert!(
                res.headers()[header::CACHE_CONTROL]
                    .to_str()
                    .is_ok_and(|c| c.contains("immutable"))
            );
            let bytes = axum::body::to_bytes(res.into_body(), 1 << 20)
                .await
                .expect("body");
            assert_eq!(&bytes[..], PNG);
        }
    }
    assert_eq!(
        shown, 1,
        "one article has a cached image, the SVG one shows none"
    );
    // Its story's page shows it too.
    let stories: Vec<i64> = added
        .iter()
        .filter_map(|a| f.store.article(*a).ok().flatten().and_then(|a| a.story_id))
        .collect();
    let mut on_story_pages = 0;
    for st in &stories {
        let (_, html) = f.text(&format!("/story/{st}")).await;
        assert!(!html.contains(&format!("{addr}/img")), "{html}");
        on_story_pages += usize::from(html.contains("<img src=\"/images/"));
    }
    assert!(
        on_story_pages >= 1,
        "a story page shows the cached lead image"
    );
    assert_eq!(
        f.get(&format!("/images/{}", "0".repeat(64))).await.status(),
        404
    );
    assert_eq!(f.get("/images/..%2Fetc%2Fpasswd").await.status(), 404);

    // The sources page shows the health.
    let (_, html) = f.text("/sources").await;
    assert!(
        html.contains("Fetched sources") && html.contains(&format!("{addr}/feed.xml")),
        "{html}"
    );
    assert!(html.contains("Harbour News"));
    // A failing fetch: reported, recorded, shown; nothing stored is lost.
    mode.store(1, Ordering::SeqCst);
    let (status, v) = admin(&f, "POST", &format!("/api/v1/sources/{id}/fetch")).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["report"]["status"], "failed");
    assert!(
        v["report"]["error"]
            .as_str()
            .is_some_and(|e| e.contains("503")),
        "{v}"
    );
    assert_eq!(v["source"]["consecutive_failures"], 1);
    let (_, html) = f.text("/sources").await;
    assert!(html.contains("HTTP 503"), "{html}");
    assert!(html.contains("class=\"failing\""));
    for a in &added {
        assert_eq!(f.get(&format!("/article/{a}")).await.status(), 200);
    }

    // Re-extract: the feed item's summary becomes its page; no URL at all is refused.
    let first = added[0].min(added[1]);
    let (status, v) = admin(&f, "POST", &format!("/api/v1/articles/{first}/reextract")).await;
    assert_eq!(status, 200, "{v}");
    assert!(
        v["words_after"].as_i64() > v["words_before"].as_i64(),
        "{v}"
    );
    let (_, html) = f.text(&format!("/article/{first}")).await;
    assert!(html.contains("Paragraph 6"), "{html}");
    // The page shrinks to a teaser: refused (409), the text kept, unless forced.
    mode.store(2, Ordering::SeqCst);
    let path = format!("/api/v1/articles/{first}/reextract");
    let (status, v) = send(&f, "POST", &path, Some(TOKEN), "").await;
    assert_eq!(status, 409, "{v}");
    let (_, html) = f.text(&format!("/article/{first}")).await;
    assert!(html.contains("Paragraph 6"), "kept: {html}");
    let (status, v) = send(&f, "POST", &format!("{path}?force=true"), Some(TOKEN), "").await;
    assert_eq!(status, 200, "{v}");
    let (_, html) = f.text(&format!("/article/{first}")).await;
    assert!(!html.contains("Paragraph 6"), "forced: {html}");
    mode.store(0, Ordering::SeqCst);
    let no_url = f.add_article(
        Article {
            title: Some("No URL".into()),
            paragraphs: vec!["Text.".into()],
            ..Article::default()
        },
        1,
    );
    let (status, v) = admin(&f, "POST", &format!("/api/v1/articles/{no_url}/reextract")).await;
    assert_eq!(status, 422, "{v}");

    // Delete: gone from the list, its articles stay.
    let (status, _) = admin(&f, "DELETE", &format!("/api/v1/sources/{id}")).await;
    assert_eq!(status, 204);
    let (status, _) = admin(&f, "DELETE", &format!("/api/v1/sources/{id}")).await;
    assert_eq!(status, 404);
    let (_, list) = f.json("/api/v1/sources").await;
    assert_eq!(list["configured"].as_array().map(Vec::len), Some(0));
    assert_eq!(f.get(&format!("/article/{}", added[0])).await.status(), 200);
}

/// Readers see a source's host and path and its error's category; the admin token shows
/// the full values (API only); titles and errors are escaped on the page.
#[tokio::test]
async fn public_reads_show_only_a_sources_host_path_and_error_category() {
    let f = admin_fixture(Some(TOKEN), None);
    let secret_url = "https://user:pw@feeds.example/world.xml?key=s3cret";
    let secret_error = "https://feeds.example/world.xml?key=s3cret: refused: the host resolves \
                        to the non-public address 10.0.0.7 (set TIDINGS_FETCH_ALLOW_PRIVATE=1)";
    let (blocked, _) = f
        .store
        .add_source(secret_url, "2026-03-05T08:00:00Z")
        .expect("add");
    let (hostile, _) = f
        .store
        .add_source("https://evil.example/feed", "2026-03-05T08:00:00Z")
        .expect("add");
    for (id, title, error) in [
        (blocked.id, "World", secret_error),
        (
            hostile.id,
            "<script>alert(1)</script> Evil",
            "https://evil.example/feed: feed could not be parsed: <script>alert(2)</script>",
        ),
    ] {
        f.store
            .record_source_fetch(
                id,
                &tidings_store::SourceFetch {
                    at: "2026-03-05T09:00:00Z".into(),
                    error: Some(error.into()),
                    kind: None,
                    title: Some(title.into()),
                    etag: None,
                    last_modified: None,
                    next_fetch: 0,
                },
            )
            .expect("record");
    }
    for token in [None, Some("wrong"), Some("reader")] {
        let v = match token {
            None => f.json("/api/v1/sources").await.1,
            Some(t) => f.json_with("/api/v1/sources", t).await,
        };
        let text = v.to_string();
        for leak in ["s3cret", "10.0.0.7", "user:pw", "alert(2)"] {
            assert!(!text.contains(leak), "{token:?}: {leak} in {text}");
        }
        let c = &v["configured"];
        assert_eq!(c[0]["url"], "feeds.example/world.xml", "{v}");
        assert_eq!(c[0]["last_error"], "blocked address", "{v}");
        assert_eq!(c[1]["last_error"], "parse error", "{v}");
    }
    let v = f.json_with("/api/v1/sources", TOKEN).await;
    assert_eq!(v["configured"][0]["url"], secret_url);
    assert_eq!(v["configured"][0]["last_error"], secret_error);
    let (_, html) = f.text("/sources").await;
    for leak in ["s3cret", "10.0.0.7", "user:pw", "<script>alert", "alert(2)"] {
        assert!(!html.contains(leak), "{leak} in {html}");
    }
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt; Evil"),
        "{html}"
    );
    assert!(html.contains("blocked address") && html.contains("parse error"));
}

/// Every admin route of the API table, with no read token configured (so no read gate to
/// answer for it): 403 while the server has no admin token, 401 without the right one.
#[tokio::test]
async fn every_admin_route_checks_the_admin_token_itself() {
    let routes: Vec<(String, String)> = tidings_web::api::table()
        .into_iter()
        .filter(|r| r.admin)
        .map(|r| {
            (
                r.method.as_str().to_owned(),
                format!("/api{}", r.path.replace("{id}", "1")),
            )
        })
        .collect();
    assert!(routes.len() >= 4, "{routes:?}");
    let body = r#"{"url":"https://a.example/"}"#;
    let off = admin_fixture(None, None);
    let on = admin_fixture(Some(TOKEN), None);
    for (method, path) in &routes {
        for token in [None, Some("x"), Some(TOKEN)] {
            let (status, v) = send(&off, method, path, token, body).await;
            assert_eq!(status, 403, "{method} {path} {token:?}, writes off: {v}");
        }
        for token in [None, Some("wrong"), Some("reader"), Some("admin-secre")] {
            let (status, v) = send(&on, method, path, token, body).await;
            assert_eq!(status, 401, "{method} {path} {token:?}: {v}");
        }
    }
    // A method a route does not take is a 405 (in JSON), whoever asks: the routing answers
    // before any token is looked at, and nothing runs.
    for (f, method, path) in [
        (&on, "POST", "/api/v1/stories"),
        (&off, "PUT", "/api/v1/sources/1"),
        (&on, "DELETE", "/api/v1/search"),
    ] {
        for token in [None, Some(TOKEN)] {
            let (status, v) = send(f, method, path, token, body).await;
            assert_eq!(status, 405, "{method} {path} {token:?}: {v}");
            assert_eq!(v["error"]["status"], 405, "{v}");
            let message = v["error"]["message"].as_str().unwrap_or_default();
            assert!(message.contains(method), "{message}");
        }
    }
    assert!(
        on.store.list_sources().expect("db").is_empty(),
        "nothing was written"
    );
}
