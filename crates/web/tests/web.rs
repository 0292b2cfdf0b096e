//! The reader over the seed story: pages, security headers, hostile article content,
//! merged and split stories, entities, sources, digests and the page cache (the API is in
//! `api.rs`, feeds, tokens, events, health and static files in `routes.rs`).

mod common;

use axum::http::header;
use common::{body_text, empty, fixture, fixture_with};
use tidings_extract::Article;
use tidings_store::Store;
use tidings_web::Config;

/// Every page the tests look at, for the checks that hold on all of them.
const PAGES: &[&str] = &[
    "/",
    "/latest",
    "/popular",
    "/story/1",
    "/story/1?v=long",
    "/article/1",
    "/article/2?story=1",
    "/search?q=Netanyahu",
    "/search",
    "/entities",
    "/sources",
    "/nowhere",
];

#[tokio::test]
async fn front_page_shows_one_story_with_two_outlets() {
    let f = fixture();
    let (status, html) = f.text("/").await;
    assert_eq!(status, 200);
    assert_eq!(html.matches("class=\"story\"").count(), 1, "{html}");
    assert!(html.contains("2 outlets: "), "{html}");
    assert!(html.contains("UNN"), "outlet UNN listed: {html}");
    assert!(html.contains("Iran"), "{html}");
    assert!(html.contains("href=\"/story/1\""));
    assert!(html.contains("aria-current=\"page\">Top<"));
    // Landmarks, skip link, search label.
    for needle in [
        "<header",
        "<main",
        "<footer",
        "role=\"search\"",
        "class=\"skip\"",
        "<label",
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
    let (status, latest) = f.text("/latest").await;
    assert_eq!(status, 200);
    assert!(latest.contains("aria-current=\"page\">Latest<"));
}

#[tokio::test]
async fn empty_store_front_page_says_what_to_do() {
    let f = empty();
    let (status, html) = f.text("/").await;
    assert_eq!(status, 200);
    assert!(html.contains("No stories yet"), "{html}");
    assert!(
        f.text("/popular")
            .await
            .1
            .contains("No story has been read yet")
    );
}

#[tokio::test]
async fn story_page_switches_short_and_long_without_script() {
    let f = fixture();
    let (status, short) = f.text("/story/1").await;
    assert_eq!(status, 200);
    assert!(
        short.contains("<section class=\"version\" id=\"short\" aria-label=\"Short version\">"),
        "{short}"
    );
    assert!(
        short.contains("class=\"version\" id=\"long\" aria-label=\"Long version\" hidden"),
        "{short}"
    );
    assert!(short.contains("href=\"/story/1?v=long\""));
    // Every outlet's report, each opening in the reader view, and a timeline.
    assert_eq!(
        short.matches("class=\"open\" href=\"/article/").count(),
        2,
        "{short}"
    );
    assert!(short.contains("Timeline"));
    // Entities, each its page.
    assert!(short.contains("People, organisations, places"), "{short}");
    assert!(short.contains("href=\"/entity/"), "{short}");
    // The engine's digest of the seeds: the disagreement (Iran denies, US officials say
    // Tehran reached out) side by side, and who said what.
    assert!(short.contains("Where the reports disagree"), "{short}");
    assert!(short.contains("class=\"side\""));
    assert!(short.contains("Iran has dismissed claims"));
    assert!(short.contains("Who said what"));
    assert!(short.contains("Sourcing"));
    let (_, long) = f.text("/story/1?v=long").await;
    assert!(long.contains("class=\"version\" id=\"short\" aria-label=\"Short version\" hidden"));
    assert!(long.contains("<section class=\"version\" id=\"long\" aria-label=\"Long version\">"));
    assert_eq!(f.text("/story/99").await.0, 404);
    assert_eq!(f.text("/story/abc").await.0, 400);
}

#[tokio::test]
async fn reads_make_a_story_popular() {
    let f = fixture();
    assert!(
        f.text("/popular")
            .await
            .1
            .contains("No story has been read yet")
    );
    f.text("/story/1").await;
    let (_, html) = f.text("/popular").await;
    assert!(html.contains("href=\"/story/1\""), "{html}");
}

#[tokio::test]
async fn article_view_is_clean_and_the_original_is_only_a_link() {
    let f = fixture();
    for id in [1, 2] {
        let (status, html) = f.text(&format!("/article/{id}?story=1")).await;
        assert_eq!(status, 200);
        let main = html
            .split("<main")
            .nth(1)
            .and_then(|m| m.split("</main>").next())
            .unwrap_or_default();
        for clutter in [
            "App Store",
            "Google Play",
            "Newspin",
            "Latest News",
            "3016 views",
            "32 views",
            "US Senate fails to vote",
        ] {
            assert!(
                !main.contains(clutter),
                "article {id} shows {clutter:?}: {main}"
            );
        }
        assert!(main.contains("Back to the story"));
        assert!(main.matches("<p>").count() >= 3, "clean paragraphs: {main}");
    }
    assert_eq!(f.text("/article/999").await.0, 404);
}

#[tokio::test]
async fn search_finds_netanyahu() {
    let f = fixture();
    let (status, html) = f.text("/search?q=Netanyahu").await;
    assert_eq!(status, 200);
    assert!(html.contains("<mark>Netanyahu</mark>"), "{html}");
    assert!(html.contains("href=\"/article/"));
    let (_, none) = f.text("/search?q=zzzyxwq").await;
    assert!(none.contains("0 results"));
}

#[tokio::test]
async fn security_headers_and_no_inline_script_everywhere() {
    let f = fixture();
    let mut uris: Vec<&str> = PAGES.to_vec();
    uris.extend([
        "/api/v1/stories",
        "/api/v1/stories/999",
        "/api/openapi.json",
        "/feeds/top.rss",
        "/static/app.css",
        "/static/app.js",
        "/sw.js",
        "/manifest.webmanifest",
        "/healthz",
        "/metrics",
    ]);
    for uri in uris {
        let res = f.get(uri).await;
        let h = res.headers();
        let csp = h
            .get(header::CONTENT_SECURITY_POLICY)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("{uri}: no CSP"));
        assert!(csp.contains("default-src 'self'"), "{uri}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"));
        assert!(!csp.contains("http"), "no third-party origin: {csp}");
        assert_eq!(
            h.get(header::X_CONTENT_TYPE_OPTIONS).map(|v| v.as_bytes()),
            Some(&b"nosniff"[..])
        );
        assert_eq!(
            h.get(header::REFERRER_POLICY).map(|v| v.as_bytes()),
            Some(&b"no-referrer"[..])
        );
        let is_html = h
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        if is_html {
            let html = body_text(res).await;
            assert_no_inline_script(uri, &html);
        }
    }
}

/// Parsed as a browser would: no inline script, no event-handler attribute, no active
/// element (svg, iframe, object, embed, form posting elsewhere), no `javascript:`/`data:` URL,
/// nothing loaded from another origin, no inline style.
fn assert_no_inline_script(uri: &str, html: &str) {
    let doc = scraper::Html::parse_document(html);
    let all = scraper::Selector::parse("*").expect("selector");
    for el in doc.select(&all) {
        let v = el.value();
        let name = v.name();
        assert!(
            ![
                "svg", "math", "iframe", "object", "embed", "frame", "base", "style", "img"
            ]
            .contains(&name),
            "{uri}: <{name}> element"
        );
        if name == "script" {
            assert_eq!(
                v.attr("src"),
                Some("/static/app.js"),
                "{uri}: inline or foreign script"
            );
            assert_eq!(el.inner_html(), "", "{uri}: script with content");
        }
        for (attr, value) in v.attrs() {
            let a = attr.to_ascii_lowercase();
            assert!(
                !a.starts_with("on"),
                "{uri}: <{name} {attr}=...> event handler"
            );
            assert!(
                a != "style" && a != "srcdoc" && a != "formaction",
                "{uri}: {attr} attribute"
            );
            if ["href", "src", "action", "poster", "xlink:href"].contains(&a.as_str()) {
                let url = value.trim().to_ascii_lowercase();
                assert!(
                    !url.starts_with("javascript:")
                        && !url.starts_with("data:")
                        && !url.starts_with("vbscript:"),
                    "{uri}: <{name} {attr}={value:?}>"
                );
                // Only links (a) may point elsewhere; everything loaded is ours.
                if name != "a" {
                    assert!(
                        url.starts_with('/') && !url.starts_with("//"),
                        "{uri}: <{name} {attr}={value:?}> loads from elsewhere"
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn hostile_articles_render_inert() {
    let f = fixture();
    let hostile = Article {
        url: Some("javascript:alert(1)".into()),
        canonical_url: Some("javascript:alert('canonical')".into()),
        title: Some("<script>alert('title')</script><img src=x onerror=alert(1)>".into()),
        authors: vec!["<svg onload=alert(1)>".into()],
        site_name: Some("Evil <b onmouseover=alert(1)>News</b>".into()),
        image: Some("javascript:alert('img')".into()),
        description: Some(
            "<p>Lead <a href=\"javascript:alert(1)\">click</a> <img src=x onerror=alert(2)>\
             <svg><script>alert(3)</script></svg><iframe src=\"https://evil.example\"></iframe>\
             <a href=\"https://fine.example/x\" onclick=\"alert(4)\">fine</a></p>"
                .into(),
        ),
        section: Some("<style>body{display:none}</style>".into()),
        tags: vec!["<script>alert(5)</script>".into()],
        paragraphs: vec![
            "<script>alert('p')</script>".into(),
            "<a href=\"javascript:alert(1)\">link</a> and <svg/onload=alert(1)>".into(),
            "<img src=\"https://tracker.example/p.gif\" onerror=\"alert(1)\">".into(),
            "\"><script>alert(6)</script>".into(),
        ],
        ..Article::default()
    };
    let id = f.add_article(hostile.clone(), 7);
    let mut uris = vec![
        format!("/article/{id}"),
        format!("/article/{id}?story=7%22%3E%3Cscript%3Ealert(1)%3C/script%3E"),
        "/story/7".into(),
        "/story/7?v=long".into(),
        "/".into(),
        "/latest".into(),
        "/search?q=alert".into(),
        "/search?q=%3Cscript%3Ealert(1)%3C/script%3E".into(),
    ];
    uris.push("/nowhere/%3Cscript%3Ealert(1)%3C%2Fscript%3E".into());
    for uri in &uris {
        let (status, html) = f.text(uri).await;
        assert!(status == 200 || status == 404, "{uri}: {status}");
        assert_no_inline_script(uri, &html);
        assert!(!html.contains("<img"), "{uri}: image from the source");
        assert!(!html.contains("<iframe"), "{uri}: iframe");
    }
    let (_, html) = f.text(&format!("/article/{id}")).await;
    // The text is still there, as text.
    assert!(
        html.contains("&lt;script&gt;alert('p')&lt;/script&gt;"),
        "{html}"
    );
    // The sanitized standfirst keeps the safe link, with no handler, and opens no referrer.
    assert!(html.contains("href=\"https://fine.example/x\""), "{html}");
    assert!(html.contains("rel=\"noopener noreferrer nofollow\""));
    // No `javascript:` original link: none is shown.
    assert!(!html.contains("Original:"));
    // The API gives the text as data (JSON-escaped), for clients to escape in turn.
    let (status, v) = f.json(&format!("/api/v1/articles/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(v["article"]["paragraphs"][0], "<script>alert('p')</script>");
}

#[tokio::test]
async fn merged_story_redirects() {
    let f = fixture();
    f.add_article(
        Article {
            title: Some("Later report".into()),
            paragraphs: vec!["More on it.".into()],
            ..Article::default()
        },
        5,
    );
    f.store.merge_stories(1, 5).expect("merge");
    let res = f.get("/story/5").await;
    assert_eq!(res.status(), 301);
    assert_eq!(
        res.headers().get(header::LOCATION).map(|v| v.as_bytes()),
        Some(&b"/story/1"[..])
    );
    let (status, v) = f.json("/api/v1/stories/5").await;
    assert_eq!(status, 200);
    assert_eq!(v["story"]["id"], 1);
}

/// The key of the seed story's most covered entity.
async fn first_entity(f: &common::Fixture) -> (String, String) {
    let (status, v) = f.json("/api/v1/entities").await;
    assert_eq!(status, 200, "{v}");
    let e = &v["entities"][0];
    (
        e["key"].as_str().expect("an entity").to_owned(),
        e["name"].as_str().expect("a name").to_owned(),
    )
}

#[tokio::test]
async fn entity_tabs_pages_feeds_and_api() {
    let f = fixture();
    let (key, name) = first_entity(&f).await;
    let seg = tidings_web::pages::path_segment(&key);
    // Front page: entity tabs, and the card's top entities.
    let (_, front) = f.text("/").await;
    let tabs = front
        .split("<nav class=\"tabs\"")
        .nth(1)
        .and_then(|t| t.split("</nav>").next())
        .unwrap_or_default();
    assert!(tabs.contains(&format!("href=\"/entity/{seg}\"")), "{tabs}");
    assert!(tabs.contains("href=\"/entities\""));
    assert!(
        front.contains("aria-label=\"Top entities\""),
        "card entities: {front}"
    );
    // The entity page lists the seed story and is the current tab.
    let (status, page) = f.text(&format!("/entity/{seg}")).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("data-story=\"1\""), "{page}");
    assert!(page.contains(&format!("href=\"/entity/{seg}\" aria-current=\"page\"")));
    assert!(page.contains(&format!("/feeds/entity/{seg}.rss")));
    assert_eq!(f.text("/entity/no%20such%20thing").await.0, 404);
    assert_eq!(f.text(&format!("/entity/{seg}?page=0")).await.0, 400);
    // The index.
    let (status, index) = f.text("/entities").await;
    assert_eq!(status, 200);
    assert!(index.contains(&name), "{index}");
    // Feeds.
    for (ext, kind) in [
        ("rss", feed_rs::model::FeedType::RSS2),
        ("atom", feed_rs::model::FeedType::Atom),
        ("json", feed_rs::model::FeedType::JSON),
    ] {
        let uri = format!("/feeds/entity/{seg}.{ext}");
        let (status, body) = f.text(&uri).await;
        assert_eq!(status, 200, "{uri}: {body}");
        let feed = feed_rs::parser::parse(body.as_bytes())
            .unwrap_or_else(|e| panic!("{uri}: {e}\n{body}"));
        assert_eq!(feed.feed_type, kind);
        assert_eq!(feed.entries.len(), 1, "{uri}");
        assert!(
            feed.entries[0]
                .links
                .iter()
                .any(|l| l.href.ends_with("/story/1"))
        );
    }
    assert_eq!(f.text("/feeds/entity/nobody.rss").await.0, 404);
    assert_eq!(f.text(&format!("/feeds/entity/{seg}.pdf")).await.0, 404);
    // API.
    let (status, v) = f.json(&format!("/api/v1/entities/{seg}")).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["entity"]["key"], key.as_str());
    assert_eq!(v["stories"][0]["id"], 1);
    assert!(v["next_cursor"].is_null());
    let (status, v) = f.json("/api/v1/entities/nobody").await;
    assert_eq!(status, 404, "{v}");
    assert_eq!(f.json("/api/v1/entities?limit=0").await.0, 400);
    let (_, v) = f.json(&format!("/api/v1/stories?entity={seg}")).await;
    assert_eq!(v["stories"][0]["id"], 1, "{v}");
    assert!(
        v["stories"][0]["entities"]
            .as_array()
            .is_some_and(|a| !a.is_empty())
    );
    let (_, v) = f.json("/api/v1/stories?entity=nobody").await;
    assert_eq!(v["stories"].as_array().map(Vec::len), Some(0), "{v}");
}

#[tokio::test]
async fn sources_page_and_api() {
    let f = fixture();
    let (status, v) = f.json("/api/v1/sources").await;
    assert_eq!(status, 200, "{v}");
    let sources = v["sources"].as_array().cloned().unwrap_or_default();
    assert_eq!(sources.len(), 2, "{v}");
    assert!(sources.iter().all(|s| s["articles"] == 1));
    let (status, page) = f.text("/sources").await;
    assert_eq!(status, 200);
    for s in &sources {
        let site = s["site"].as_str().unwrap_or_default();
        assert!(page.contains(site), "{site}: {page}");
    }
    assert_eq!(f.json("/api/v1/sources?x=1").await.0, 400);
}

#[tokio::test]
async fn story_page_renders_the_digest() {
    let f = fixture();
    let digest = serde_json::json!({
        "headline": "Iran denies sending a message to the US",
        "short": "Iran says no message was sent; US officials say Tehran tried to make contact.",
        "long": "Long version.",
        "long_sentences": [
            {"text": "Iran says no message has been sent.", "article": 1, "outlet": "UNN", "sentence": 0, "verbatim": true},
            {"text": "US officials say Tehran reached out <b>via</b> Gulf intermediaries.", "article": 2, "outlet": "Other", "sentence": 3, "verbatim": true}
        ],
        "quotes": [
            {"speaker": "an anonymous Iranian official", "anonymous": true, "aliases": ["an Iranian source"],
             "outlets": ["UNN"], "quotes": [{"text": "No message has been sent <script>alert(1)</script>", "article": 1,
             "outlet": "UNN", "direct": true, "speaker_as_written": "an Iranian official", "span": [0, 10], "sentence": 0}]},
            {"speaker": "a US official", "anonymous": true, "aliases": [], "outlets": ["Other"],
             "quotes": [{"text": "Tehran tried to make contact", "article": 2, "outlet": "Other", "direct": false,
             "speaker_as_written": null, "span": [0, 5], "sentence": 2}]}
        ],
        "sourcing": [
            {"outlet": "UNN", "articles": 1, "named": 0, "anonymous": 1, "named_sources": [], "anonymous_sources": ["an Iranian official"]},
            {"outlet": "Other", "articles": 1, "named": 1, "anonymous": 2, "named_sources": ["Axios"], "anonymous_sources": ["US officials"]}
        ],
        "disagreements": [
            {"kind": "stance", "matter": ["message", "Iran"], "strength": 2.0, "sides": [
                {"speaker": "Iran", "stance": "deny", "article": 1, "outlet": "UNN", "sentence": 0, "evidence": "No message has been sent."},
                {"speaker": "US officials", "stance": "confirm", "article": 2, "outlet": "Other", "sentence": 3, "evidence": "Tehran tried to make contact."}
            ]},
            {"kind": "stance", "sides": "broken"}
        ],
        "timeline": [
            {"article": 2, "outlet": "Other", "title": "Second <i>report</i>", "published": 1772700000},
            {"article": 1, "outlet": "UNN", "title": "First report", "published": null}
        ],
        "provenance": {"whatever": true}
    });
    f.store
        .set_story_digest(
            1,
            &tidings_store::StoryDigestRecord {
                headline: "Iran denies sending a message to the US".into(),
                short:
                    "Iran says no message was sent; US officials say Tehran tried to make contact."
                        .into(),
                long: "Long version.".into(),
                digest,
            },
        )
        .expect("digest stored");
    let (status, page) = f.text("/story/1").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("<h1>Iran denies sending a message to the US</h1>"));
    assert!(!page.contains("not computed yet"));
    // Quotes by speaker, escaped.
    assert!(page.contains("Who said what"), "{page}");
    assert!(page.contains("an anonymous Iranian official"));
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
    assert!(!page.contains("<script>alert(1)"));
    assert!(page.contains("(reported)"));
    // Disagreements side by side, each side with its evidence and a link to its report.
    let dis = page
        .split("class=\"disagreements\"")
        .nth(1)
        .and_then(|d| d.split("</section>").next())
        .unwrap_or_default();
    assert_eq!(dis.matches("class=\"side\"").count(), 2, "{dis}");
    assert!(
        dis.contains("No message has been sent.") && dis.contains("Tehran tried to make contact.")
    );
    assert!(
        dis.contains("href=\"/article/1?story=1\"") && dis.contains("href=\"/article/2?story=1\"")
    );
    assert!(dis.contains("deny") && dis.contains("confirm"));
    assert_eq!(
        dis.matches("<figure").count(),
        1,
        "the broken one is left out"
    );
    // Sourcing profile.
    assert!(page.contains("Sourcing") && page.contains("Axios") && page.contains("US officials"));
    // Long version with sources; timeline from the digest.
    assert!(page.contains("[UNN]"), "{page}");
    assert!(page.contains("&lt;b&gt;via&lt;/b&gt;"));
    assert!(page.contains("Second &lt;i&gt;report&lt;/i&gt;"));
    assert!(page.contains("undated"));

    // A digest of the wrong shape leaves the page standing.
    for bad in [
        serde_json::json!("not an object"),
        serde_json::json!({"quotes": 5, "disagreements": [1, 2], "timeline": [{"article": "x"}]}),
    ] {
        f.store
            .set_story_digest(
                1,
                &tidings_store::StoryDigestRecord {
                    headline: "H".into(),
                    short: "S".into(),
                    long: "L".into(),
                    digest: bad,
                },
            )
            .expect("digest stored");
        let (status, page) = f.text("/story/1").await;
        assert_eq!(status, 200, "{page}");
        assert!(!page.contains("Who said what"));
        assert!(page.contains("Timeline"));
    }
}

#[tokio::test]
async fn front_page_cache_follows_the_store() {
    let f = fixture_with(Config {
        page_cache: std::time::Duration::from_millis(50),
        ..Config::default()
    });
    let (_, first) = f.text("/").await;
    let (_, again) = f.text("/").await;
    assert_eq!(first, again);
    f.add_article(
        Article {
            title: Some("Harbour cranes stop at dawn".into()),
            paragraphs: vec!["The cranes stopped.".into()],
            ..Article::default()
        },
        7,
    );
    tokio::time::sleep(std::time::Duration::from_millis(80)).await;
    let (status, after) = f.text("/").await;
    assert_eq!(status, 200);
    assert!(after.contains("Harbour cranes stop at dawn"), "{after}");
    assert!(after.contains("data-max-story=\"7\""));
    // Cached pages keep the security headers and the HTML type.
    let res = f.get("/").await;
    assert!(
        res.headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"text/html"))
    );
    assert!(res.headers().get(header::CONTENT_SECURITY_POLICY).is_some());
}

/// A story split in two says so on both sides, on the page and in the API, with links.
#[tokio::test]
async fn a_split_story_links_both_sides() {
    let f = fixture();
    // The second seed report moves to a story of its own, as a split would move it.
    f.store
        .split_story(1, 5, &[2], &[])
        .expect("split the seeds' story");
    let page = body_text(f.get("/story/5").await).await;
    assert!(
        page.contains("Split off <a href=\"/story/1\">story 1</a>"),
        "{page}"
    );
    let page = body_text(f.get("/story/1").await).await;
    assert!(
        page.contains("moved to <a href=\"/story/5\">story 5</a>"),
        "{page}"
    );
    let (status, v) = f.json("/api/v1/stories/5").await;
    assert_eq!(status, 200);
    assert_eq!(
        (v["split_from"].clone(), v["split_off"].clone()),
        (serde_json::json!(1), serde_json::json!([]))
    );
    let (_, v) = f.json("/api/v1/stories/1").await;
    assert_eq!(
        (v["split_from"].clone(), v["split_off"].clone()),
        (serde_json::Value::Null, serde_json::json!([5]))
    );
}
