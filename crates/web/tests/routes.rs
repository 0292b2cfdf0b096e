//! Feeds, the read token, the theme switch, health and metrics, live events and static
//! files, over the seed story.

mod common;

use axum::body::Body;
use axum::http::{Request, header};
use common::{body_text, fixture, fixture_with};
use futures_util::StreamExt;
use tidings_extract::Article;
use tidings_web::Config;

#[tokio::test]
async fn feeds_parse_back() {
    let f = fixture();
    for (uri, kind) in [
        ("/feeds/top.rss", feed_rs::model::FeedType::RSS2),
        ("/feeds/latest.atom", feed_rs::model::FeedType::Atom),
        ("/feeds/latest.json", feed_rs::model::FeedType::JSON),
        ("/feeds/top.atom", feed_rs::model::FeedType::Atom),
        (
            "/feeds/search.json?q=Netanyahu",
            feed_rs::model::FeedType::JSON,
        ),
        (
            "/feeds/search.rss?q=Netanyahu",
            feed_rs::model::FeedType::RSS2,
        ),
        (
            "/feeds/search.atom?q=Netanyahu",
            feed_rs::model::FeedType::Atom,
        ),
    ] {
        let (status, body) = f.text(uri).await;
        assert_eq!(status, 200, "{uri}: {body}");
        let feed = feed_rs::parser::parse(body.as_bytes())
            .unwrap_or_else(|e| panic!("{uri}: {e}\n{body}"));
        assert_eq!(feed.feed_type, kind, "{uri}");
        assert_eq!(feed.entries.len(), 1, "{uri}: {body}");
        let e = &feed.entries[0];
        assert!(
            e.title
                .as_ref()
                .is_some_and(|t| t.content.contains("Netanyahu") || !t.content.is_empty())
        );
        assert!(
            e.links.iter().any(|l| l.href.ends_with("/story/1")),
            "{uri}: {:?}",
            e.links
        );
        let summary = e
            .summary
            .as_ref()
            .map(|s| s.content.clone())
            .unwrap_or_default();
        assert!(
            summary.contains("Outlets: "),
            "{uri}: short version and outlets: {summary}"
        );
        assert!(summary.contains("UNN"), "{uri}: {summary}");
        if kind != feed_rs::model::FeedType::RSS2 {
            assert_eq!(e.authors.len(), 2, "{uri}: outlets as authors");
        }
    }
    let (_, body) = f.text("/feeds/search.rss?q=zzzyxwq").await;
    let feed = feed_rs::parser::parse(body.as_bytes()).expect("empty search feed parses");
    assert!(feed.entries.is_empty());
    assert_eq!(f.text("/feeds/search.rss").await.0, 400);
    assert_eq!(f.text("/feeds/top.pdf").await.0, 404);
    assert_eq!(f.text("/feeds/nothing.rss").await.0, 404);
}

#[tokio::test]
async fn read_token_closes_everything_but_healthz() {
    let f = fixture_with(Config {
        read_token: Some("s3cret".into()),
        ..Config::default()
    });
    assert_eq!(f.get("/").await.status(), 401);
    assert_eq!(f.get("/static/app.css").await.status(), 401);
    let (status, v) = f.json("/api/v1/stories").await;
    assert_eq!(status, 401);
    assert_eq!(v["error"]["status"], 401);
    assert_eq!(f.get("/healthz").await.status(), 200);
    let with = |h: &str, v: &str| {
        Request::get("/story/1")
            .header(h, v)
            .body(Body::empty())
            .expect("request")
    };
    assert_eq!(
        f.request(with("authorization", "Bearer s3cret"))
            .await
            .status(),
        200
    );
    assert_eq!(
        f.request(with("authorization", "Bearer wrong"))
            .await
            .status(),
        401
    );
    assert_eq!(
        f.request(with("cookie", "a=b; tidings_token=s3cret"))
            .await
            .status(),
        200
    );
    let res = f.get("/story/1?token=s3cret").await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers().get(header::LOCATION).map(|v| v.as_bytes()),
        Some(&b"/story/1"[..])
    );
    let cookie = res
        .headers()
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        cookie.starts_with("tidings_token=s3cret;") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    assert_eq!(f.get("/story/1?token=nope").await.status(), 401);
}

#[tokio::test]
async fn theme_switch_works_without_script() {
    let f = fixture();
    let res = f.get("/theme?set=dark&back=/story/1").await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers().get(header::LOCATION).map(|v| v.as_bytes()),
        Some(&b"/story/1"[..])
    );
    let res = f.get("/theme?set=dark&back=//evil.example").await;
    assert_eq!(
        res.headers().get(header::LOCATION).map(|v| v.as_bytes()),
        Some(&b"/"[..])
    );
    let req = Request::get("/")
        .header("cookie", "theme=dark")
        .body(Body::empty())
        .expect("request");
    let html = body_text(f.request(req).await).await;
    assert!(html.contains("<html lang=\"en\" data-theme=\"dark\">"));
}

#[tokio::test]
async fn healthz_and_metrics() {
    let f = fixture();
    let (status, v) = f.json("/healthz").await;
    assert_eq!(status, 200);
    assert_eq!(v["status"], "ok");
    f.text("/story/1").await;
    f.text("/story/1").await;
    f.text("/story/999").await;
    let (status, text) = f.text("/metrics").await;
    assert_eq!(status, 200);
    assert!(
        text.contains("tidings_http_requests_total{route=\"/story/{id}\",status=\"200\"} 2"),
        "{text}"
    );
    assert!(
        text.contains("tidings_http_requests_total{route=\"/story/{id}\",status=\"404\"} 1"),
        "{text}"
    );
    assert!(text.contains("tidings_articles 2"), "{text}");
    assert!(text.contains("tidings_stories 1"), "{text}");
    assert!(text.contains("tidings_sources 0\n"), "{text}");
    assert!(text.contains("tidings_sources_failing 0\n"), "{text}");
}

#[tokio::test]
async fn events_announce_new_stories() {
    let f = fixture();
    let res = f.get("/events?since=1").await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"text/event-stream"))
    );
    let mut body = res.into_body().into_data_stream();
    let first = next_event(&mut body).await;
    assert!(
        first.contains("event: stories") && first.contains("\"new\":0"),
        "{first}"
    );
    f.add_article(
        Article {
            title: Some("A new story arrives".into()),
            paragraphs: vec!["Something else happened.".into()],
            ..Article::default()
        },
        2,
    );
    let second = next_event(&mut body).await;
    assert!(
        second.contains("\"new\":1") && second.contains("\"max_id\":2"),
        "{second}"
    );
}

async fn next_event(body: &mut axum::body::BodyDataStream) -> String {
    let mut text = String::new();
    loop {
        let chunk = tokio::time::timeout(std::time::Duration::from_secs(10), body.next())
            .await
            .expect("an event within 10 s")
            .expect("stream open")
            .expect("chunk");
        text.push_str(&String::from_utf8_lossy(&chunk));
        if text.contains("\n\n") && text.contains("data:") {
            return text;
        }
    }
}

#[tokio::test]
async fn static_files_and_manifest() {
    let f = fixture();
    let (status, js) = f.text("/static/app.js").await;
    assert_eq!(status, 200);
    for feature in [
        "\"j\"",
        "\"k\"",
        "\"s\"",
        "\"/\"",
        "\"?\"",
        "EventSource",
        "localStorage",
        "serviceWorker",
    ] {
        assert!(js.contains(feature), "app.js lacks {feature}");
    }
    let (_, manifest) = f.json("/manifest.webmanifest").await;
    assert_eq!(manifest["start_url"], "/");
    let (_, css) = f.text("/static/app.css").await;
    assert!(css.contains("prefers-color-scheme: dark"));
    let (_, sw) = f.text("/sw.js").await;
    assert!(sw.contains("caches"));
}
