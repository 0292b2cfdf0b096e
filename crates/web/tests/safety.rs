//! Output safety and answers (issue 11), over a real socket: what a hostile stored row can
//! make the reader give out, the answer to a wrong method, every error in its route's format,
//! and the cap on search words.

mod common;

use common::fixture;
use common::net::{Answer, get, send, serve};
use scraper::{Html, Selector};
use tidings_extract::Article;

/// Markup as text, the way a hostile feed item sends it (escaped once in its feed).
const HOSTILE: &str = "&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt; \
A hostile standfirst long enough to be the story's short version.";

/// Fails when `html`, read as an HTML fragment, holds an element that loads or runs anything
/// or any event handler attribute.
fn assert_inert_html(what: &str, html: &str) {
    let doc = Html::parse_fragment(html);
    let any = Selector::parse("*").expect("selector");
    for el in doc.select(&any) {
        let name = el.value().name();
        assert!(
            !matches!(name, "img" | "script" | "svg" | "iframe" | "object"),
            "{what}: live <{name}> in {html:?}"
        );
        for (attr, _) in el.value().attrs() {
            assert!(
                !attr.to_ascii_lowercase().starts_with("on"),
                "{what}: event handler {attr} in {html:?}"
            );
        }
    }
}

#[tokio::test]
async fn rss_descriptions_carry_no_live_markup() {
    let f = fixture();
    f.add_article(
        Article {
            title: Some("A hostile item".into()),
            description: Some(HOSTILE.into()),
            paragraphs: vec!["Body text of the hostile item.".into()],
            ..Article::default()
        },
        7,
    );
    let server = serve(f.state.clone());
    for uri in [
        "/feeds/latest.rss",
        "/feeds/top.rss",
        "/feeds/search.rss?q=hostile",
    ] {
        let a = get(server.addr, uri).await;
        assert_eq!(a.status, 200, "{uri}: {a:?}");
        let feed = feed_rs::parser::parse(a.body.as_bytes())
            .unwrap_or_else(|e| panic!("{uri}: {e}\n{}", a.body));
        let entry = feed
            .entries
            .iter()
            .find(|e| e.links.iter().any(|l| l.href.ends_with("/story/7")))
            .unwrap_or_else(|| panic!("{uri}: no entry for story 7\n{}", a.body));
        let summary = entry
            .summary
            .as_ref()
            .map(|s| s.content.clone())
            .unwrap_or_default();
        // What a feed reader gets as the item's HTML.
        assert_inert_html(uri, &summary);
        // The words are all there, the markup shown as text.
        let text: String = Html::parse_fragment(&summary)
            .root_element()
            .text()
            .collect();
        assert!(
            text.contains("<img src=x onerror=alert(1)><script>alert(2)</script> A hostile"),
            "{uri}: {text:?}"
        );
        let channel = feed
            .description
            .as_ref()
            .map(|d| d.content.clone())
            .unwrap_or_default();
        assert_inert_html(uri, &channel);
    }
    // A search for markup: the channel's description names it as text.
    let a = get(server.addr, "/feeds/search.rss?q=%3Cimg%20onerror%3D1%3E").await;
    assert_eq!(a.status, 200, "{a:?}");
    let feed = feed_rs::parser::parse(a.body.as_bytes()).expect("search feed parses");
    let channel = feed.description.map(|d| d.content).unwrap_or_default();
    assert_inert_html("search channel", &channel);
    assert!(channel.contains("&lt;img"), "{channel}");
}

#[tokio::test]
async fn stored_script_and_data_urls_are_never_served() {
    let f = fixture();
    let id = f.add_article(
        Article {
            title: Some("Stored before the engine refused such URLs".into()),
            url: Some("javascript:alert(document.cookie)".into()),
            canonical_url: Some("data:text/html,<script>alert(1)</script>".into()),
            image: Some("JaVaScRiPt:alert('img')".into()),
            paragraphs: vec!["Some words of the article body.".into()],
            ..Article::default()
        },
        7,
    );
    let ok = f.add_article(
        Article {
            title: Some("Fine".into()),
            url: Some(" https://news.example/a b ".into()),
            paragraphs: vec!["Words.".into()],
            ..Article::default()
        },
        7,
    );
    let server = serve(f.state.clone());
    let v = get(server.addr, &format!("/api/v1/articles/{id}"))
        .await
        .json();
    for field in ["url", "canonical_url", "image"] {
        assert!(v["article"][field].is_null(), "{field}: {v}");
    }
    let v = get(server.addr, "/api/v1/stories/7").await.json();
    let line = v["articles"]
        .as_array()
        .and_then(|a| a.iter().find(|a| a["id"] == id))
        .unwrap_or_else(|| panic!("article {id} in story 7: {v}"));
    assert!(line["url"].is_null(), "{line}");
    assert!(line["image"].is_null(), "{line}");
    for uri in [
        format!("/article/{id}"),
        "/story/7".into(),
        "/feeds/latest.rss".into(),
        "/feeds/latest.atom".into(),
        "/feeds/latest.json".into(),
        format!("/api/v1/articles/{id}"),
        "/api/v1/stories/7".into(),
    ] {
        let a = get(server.addr, &uri).await;
        assert_eq!(a.status, 200, "{uri}");
        let lower = a.body.to_ascii_lowercase();
        assert!(!lower.contains("javascript:"), "{uri}: {}", a.body);
        assert!(!lower.contains("data:text"), "{uri}: {}", a.body);
    }
    // A web link stored with an article is still served (normalised), as a link on its page.
    let v = get(server.addr, &format!("/api/v1/articles/{ok}"))
        .await
        .json();
    assert_eq!(v["article"]["url"], "https://news.example/a%20b", "{v}");
    let page = get(server.addr, &format!("/article/{ok}")).await.body;
    assert!(
        page.contains("href=\"https://news.example/a%20b\""),
        "{page}"
    );
}

/// The format a route answers in.
#[derive(Debug, Clone, Copy)]
enum Format {
    Json,
    Text,
    Html,
}

/// Fails unless `a` is an error answer with `status` in `format`, its message saying
/// something; returns the message.
fn assert_error(what: &str, a: &Answer, status: u16, format: Format) -> String {
    assert_eq!(a.status, status, "{what}: {a:?}");
    match format {
        Format::Json => {
            assert_eq!(a.media_type(), "application/json", "{what}: {a:?}");
            let v = a.json();
            assert_eq!(v["error"]["status"], status, "{what}: {v}");
            let m = v["error"]["message"].as_str().unwrap_or_default();
            assert!(!m.is_empty(), "{what}: {v}");
            m.to_owned()
        }
        Format::Text => {
            assert_eq!(a.media_type(), "text/plain", "{what}: {a:?}");
            assert!(
                a.body.starts_with(&format!("{status} ")),
                "{what}: {}",
                a.body
            );
            a.body.clone()
        }
        Format::Html => {
            assert_eq!(a.media_type(), "text/html", "{what}: {a:?}");
            let doc = Html::parse_document(&a.body);
            let h1 = Selector::parse("h1").expect("selector");
            let heading: String = doc
                .select(&h1)
                .next()
                .map(|h| h.text().collect())
                .unwrap_or_default();
            assert!(
                heading.starts_with(&status.to_string()),
                "{what}: {}",
                a.body
            );
            doc.root_element().text().collect()
        }
    }
}

#[tokio::test]
async fn wrong_methods_get_405_with_allow_in_the_routes_format() {
    let f = fixture();
    let server = serve(f.state.clone());
    for (method, path, format) in [
        ("POST", "/", Format::Html),
        ("PUT", "/story/1", Format::Html),
        ("DELETE", "/search?q=x", Format::Html),
        ("POST", "/healthz", Format::Html),
        ("POST", "/api/v1/stories", Format::Json),
        ("DELETE", "/api/v1/search?q=x", Format::Json),
        ("PATCH", "/api/v1/stories/1", Format::Json),
        ("POST", "/feeds/top.rss", Format::Text),
        ("DELETE", "/feeds/entity/x.atom", Format::Text),
    ] {
        let what = format!("{method} {path}");
        let a = send(server.addr, method, path, &[], "{}").await;
        let message = assert_error(&what, &a, 405, format);
        let allow = a
            .header("allow")
            .unwrap_or_else(|| panic!("{what}: no Allow: {a:?}"));
        assert!(allow.contains("GET"), "{what}: Allow {allow}");
        assert!(!allow.contains(method), "{what}: Allow {allow}");
        assert!(message.contains(method), "{what}: {message}");
        assert!(!message.contains("allowed: )"), "{what}: {message}");
    }
    // A write route still takes its method, and asks for the admin token.
    let a = send(server.addr, "POST", "/api/v1/sources", &[], "{}").await;
    assert_error("POST /api/v1/sources", &a, 403, Format::Json);
    // HEAD is a GET without its body.
    let a = send(server.addr, "HEAD", "/", &[], "").await;
    assert_eq!(a.status, 200, "{a:?}");
    assert!(a.body.is_empty(), "{a:?}");
}

#[tokio::test]
async fn error_answers_come_in_their_routes_format() {
    let f = fixture();
    let server = serve(f.state.clone());
    for (path, status, format) in [
        ("/api/v1/nothing", 404, Format::Json),
        ("/api/v1/stories/999999", 404, Format::Json),
        ("/api/v1/stories/abc", 400, Format::Json),
        ("/api/v1/stories?limit=abc", 400, Format::Json),
        ("/api/v1/search", 400, Format::Json),
        ("/feeds/nothing.rss", 404, Format::Text),
        ("/feeds/top.docx", 404, Format::Text),
        ("/feeds/search.rss", 400, Format::Text),
        // Two `q`s: axum's own rejection of the query string, in our format.
        ("/feeds/search.rss?q=a&q=b", 400, Format::Text),
        ("/feeds/entity/nobody-at-all.json", 404, Format::Text),
        ("/feeds/", 404, Format::Text),
        ("/nothing", 404, Format::Html),
        ("/story/999999", 404, Format::Html),
        ("/article/abc", 400, Format::Html),
        ("/search?q=a&q=b", 400, Format::Html),
        ("/entity/nobody-at-all", 404, Format::Html),
    ] {
        let a = get(server.addr, path).await;
        assert_error(path, &a, status, format);
    }
}

#[tokio::test]
async fn long_queries_are_refused_in_the_routes_format() {
    let f = fixture();
    let server = serve(f.state.clone());
    let long = "harbour+".repeat(80); // 640 bytes
    let huge = "minister+".repeat(5_000); // the 5,000-word search of the issue
    for q in [&long, &huge] {
        for (path, format) in [
            ("/api/v1/search", Format::Json),
            ("/api/v1/stories", Format::Json),
            ("/search", Format::Html),
            ("/feeds/search.rss", Format::Text),
            ("/feeds/search.json", Format::Text),
        ] {
            let uri = format!("{path}?q={q}");
            let what = format!("{path} with {} bytes of q", q.len());
            let a = get(server.addr, &uri).await;
            let message = assert_error(&what, &a, 400, format);
            assert!(
                message.contains("bytes") && message.contains("512"),
                "{what}: {message}"
            );
        }
    }
    // Under the byte cap, past the store's cap on terms: the store's refusal, in format.
    let words: Vec<String> = (0..40).map(|i| format!("w{i}")).collect();
    let many = words.join("+");
    let a = get(server.addr, &format!("/api/v1/search?q={many}")).await;
    let message = assert_error("40 words", &a, 400, Format::Json);
    assert!(message.contains("32"), "{message}");
    let a = get(server.addr, &format!("/feeds/search.rss?q={many}")).await;
    assert_error("40 words, feed", &a, 400, Format::Text);
    // Sixty times "the" (249 bytes) is a search like any other.
    let the = vec!["the"; 60].join("+");
    for path in ["/api/v1/search", "/search", "/feeds/search.rss"] {
        let a = get(server.addr, &format!("{path}?q={the}")).await;
        assert_eq!(a.status, 200, "{path}: {a:?}");
    }
    let v = get(server.addr, &format!("/api/v1/search?q={the}"))
        .await
        .json();
    assert!(v["hits"].is_array(), "{v}");
}
