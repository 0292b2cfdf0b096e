//! Sources over the network, against a local server (no real network): a feed fetched into
//! stories with its health recorded, 304s, failures that lose nothing, pages, lead images,
//! re-extraction.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tidings_engine::{Engine, EngineError, FetchStatus};
use tidings_fetch::{BlockingFetcher, Config};
use tidings_store::{SourceKind, SqliteStore, Store};

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

fn paragraphs(topic: &str) -> String {
    (1..=6)
        .map(|i| {
            format!(
                "<p>Paragraph {i} about the {topic}: the harbour authority said on Tuesday that \
                 the new ferry line would open in spring, and the mayor welcomed the decision \
                 after months of talks with operators and residents of the island.</p>"
            )
        })
        .collect()
}

fn page(title: &str, image: &str) -> String {
    format!(
        "<!doctype html><html><head><title>{title}</title>\
         <meta property=\"og:title\" content=\"{title}\">\
         <meta property=\"og:site_name\" content=\"Harbour News\">\
         <meta property=\"og:image\" content=\"{image}\"></head>\
         <body><article><h1>{title}</h1>{}</article></body></html>",
        paragraphs(title)
    )
}

/// Server modes for `/feed.xml`: 0 normal (with an ETag), 1 HTTP 500, 2 not a feed.
#[derive(Clone)]
struct Srv {
    mode: Arc<AtomicU8>,
    base: String,
}

async fn feed(State(s): State<Srv>, headers: HeaderMap) -> Response {
    match s.mode.load(Ordering::SeqCst) {
        1 => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        2 => {
            return (
                [(header::CONTENT_TYPE, "application/rss+xml")],
                "<html>maintenance</html>",
            )
                .into_response();
        }
        _ => {}
    }
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v == "\"f1\"")
    {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    let b = &s.base;
    let body = format!(
        r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
<title>Harbour News</title><link>{b}/</link><description>News</description>
<item><title>Ferry line to open in spring</title><link>{b}/a1</link><guid>{b}/a1</guid>
<pubDate>Tue, 03 Mar 2026 10:00:00 GMT</pubDate>
<description>The harbour authority said the new ferry line would open in spring.</description>
<media:content url="{b}/img/lead.png" medium="image" type="image/png"/></item>
<item><title>Island school gets a new roof</title><link>{b}/a2</link><guid>{b}/a2</guid>
<pubDate>Tue, 03 Mar 2026 12:00:00 GMT</pubDate>
<description>Workers began replacing the roof of the island school on Tuesday after storms.</description>
<media:content url="{b}/img/fake.png" medium="image" type="image/png"/></item>
</channel></rss>"#
    );
    (
        [
            (header::CONTENT_TYPE, "application/rss+xml"),
            (header::ETAG, "\"f1\""),
        ],
        body,
    )
        .into_response()
}

async fn server() -> (SocketAddr, Arc<AtomicU8>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let mode = Arc::new(AtomicU8::new(0));
    let state = Srv {
        mode: mode.clone(),
        base: format!("http://{addr}"),
    };
    let base = state.base.clone();
    let app = Router::new()
        .route("/feed.xml", get(feed))
        .route(
            "/a1",
            get({
                let b = base.clone();
                move || async move {
                    (
                        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                        page("Ferry line to open in spring", &format!("{b}/img/lead.png")),
                    )
                }
            }),
        )
        .route(
            "/page.html",
            get(move || async move {
                (
                    [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                    page("Harbour dredging finished", &format!("{base}/img/lead.png")),
                )
            }),
        )
        .route(
            "/img/lead.png",
            get(|| async { ([(header::CONTENT_TYPE, "image/png")], PNG) }),
        )
        // HTML that claims to be a PNG.
        .route(
            "/img/fake.png",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "image/png")],
                    "<html><script>alert(1)</script></html>",
                )
            }),
        )
        .with_state(state);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (addr, mode)
}

fn engine() -> Engine<SqliteStore> {
    engine_on(SqliteStore::in_memory().expect("store"))
}

/// An engine on this store, fetching from the local test servers without delay.
fn engine_on(store: SqliteStore) -> Engine<SqliteStore> {
    let fetcher = BlockingFetcher::new(Config {
        allow_hosts: vec!["127.0.0.1".into()],
        host_delay: Duration::ZERO,
        ..Config::default()
    })
    .expect("fetcher");
    Engine::new(store).expect("engine").with_fetcher(fetcher)
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

#[test]
fn a_feed_is_fetched_into_stories_with_its_health() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let (addr, mode) = rt.block_on(server());
    let engine = engine();
    let store = engine.store();
    let url = format!("http://{addr}/feed.xml");
    let (source, new) = engine.add_source(&url).expect("add");
    assert!(new);
    assert_eq!(source.kind, None);

    let reports = engine.fetch_due(now(), 10).expect("fetch");
    assert_eq!(reports.len(), 1);
    let FetchStatus::Fetched {
        added,
        known,
        failed,
        images,
    } = &reports[0].status
    else {
        panic!("{:?}", reports[0].status)
    };
    assert_eq!((added.len(), *known), (2, 0), "{failed:?}");
    // One real PNG cached; the HTML dressed as a PNG refused.
    assert_eq!(*images, 1);
    let lead = format!("http://{addr}/img/lead.png");
    let hash = store.image_for_url(&lead).expect("db").expect("cached");
    let img = store.image(&hash).expect("db").expect("image");
    assert_eq!(img.content_type, "image/png");
    assert_eq!(img.bytes, PNG);
    assert_eq!(
        store
            .image_for_url(&format!("http://{addr}/img/fake.png"))
            .expect("db"),
        None
    );
    // Each item is an article in a story.
    for id in added {
        let a = store.article(*id).expect("db").expect("article");
        assert_eq!(a.source, url);
        assert!(a.story_id.is_some());
    }
    let s = store.source(source.id).expect("db").expect("source");
    assert_eq!(s.kind, Some(SourceKind::Feed));
    assert_eq!(s.title.as_deref(), Some("Harbour News"));
    assert_eq!(s.etag.as_deref(), Some("\"f1\""));
    assert_eq!(s.consecutive_failures, 0);
    assert!(s.last_ok.is_some() && s.last_error.is_none());
    assert_eq!(s.articles, 2);
    assert!(s.next_fetch > now() + 60, "not due again at once");
    assert!(engine.fetch_due(now(), 10).expect("fetch").is_empty());

    // Fetched again: the validators make it a 304.
    let again = engine.fetch_source(source.id).expect("fetch");
    assert_eq!(again.status, FetchStatus::NotModified);

    // The server fails: the health says so, nothing stored is lost, the next try backs off.
    let texts: Vec<String> = added
        .iter()
        .map(|id| store.article(*id).expect("db").expect("a").article.text())
        .collect();
    mode.store(1, Ordering::SeqCst);
    let failed = engine.fetch_source(source.id).expect("fetch");
    let FetchStatus::Failed(why) = &failed.status else {
        panic!("{:?}", failed.status)
    };
    assert!(why.contains("500") && why.contains(&url), "{why}");
    mode.store(2, Ordering::SeqCst);
    let broken = engine.fetch_source(source.id).expect("fetch");
    assert!(
        matches!(broken.status, FetchStatus::Failed(_)),
        "{broken:?}"
    );
    let s = store.source(source.id).expect("db").expect("source");
    assert_eq!(s.consecutive_failures, 2);
    assert!(s.last_error.is_some());
    assert_eq!(s.etag.as_deref(), Some("\"f1\""), "validators kept");
    assert_eq!(store.count_articles().expect("db"), 2);
    for (id, text) in added.iter().zip(&texts) {
        assert_eq!(
            &store.article(*id).expect("db").expect("a").article.text(),
            text
        );
    }
    // Back to normal: one success resets the count.
    mode.store(0, Ordering::SeqCst);
    engine.fetch_source(source.id).expect("fetch");
    let s = store.source(source.id).expect("db").expect("source");
    assert_eq!(s.consecutive_failures, 0);
    assert_eq!(s.last_error, None);
}

#[test]
fn a_page_source_and_reextraction() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let (addr, _) = rt.block_on(server());
    let engine = engine();
    let store = engine.store();
    let (page, _) = engine
        .add_source(&format!("http://{addr}/page.html"))
        .expect("add");
    let r = engine.fetch_source(page.id).expect("fetch");
    let FetchStatus::Fetched { added, .. } = &r.status else {
        panic!("{r:?}")
    };
    assert_eq!(added.len(), 1);
    let s = store.source(page.id).expect("db").expect("source");
    assert_eq!(s.kind, Some(SourceKind::Page));
    assert_eq!(s.title.as_deref(), Some("Harbour dredging finished"));

    // A feed item carries a summary only; re-extraction reads its page.
    let (feed, _) = engine
        .add_source(&format!("http://{addr}/feed.xml"))
        .expect("add");
    let r = engine.fetch_source(feed.id).expect("fetch");
    let FetchStatus::Fetched { added, .. } = &r.status else {
        panic!("{r:?}")
    };
    let first = added
        .iter()
        .copied()
        .find(|id| {
            store
                .article(*id)
                .ok()
                .flatten()
                .and_then(|a| a.article.url)
                .is_some_and(|u| u.ends_with("/a1"))
        })
        .expect("the /a1 item");
    let before = store.article(first).expect("db").expect("a");
    assert!(before.article.partial);
    let done = engine.reextract(first, false).expect("reextract");
    assert!(done.words_after > done.words_before * 3, "{done:?}");
    let after = store.article(first).expect("db").expect("a");
    assert_eq!(after.id, before.id);
    assert_eq!(after.story_id, before.story_id);
    assert_eq!(after.identity, before.identity);
    assert!(after.article.text().contains("Paragraph 6 about"));

    // An article whose page is gone keeps what it had.
    let other = added.iter().copied().find(|id| *id != first).expect("a2");
    let text = store.article(other).expect("db").expect("a").article.text();
    let err = engine.reextract(other, false).expect_err("404");
    assert!(matches!(err, EngineError::Fetch(_)), "{err}");
    assert_eq!(
        store.article(other).expect("db").expect("a").article.text(),
        text
    );
}

#[test]
fn bad_urls_and_no_fetcher_are_refused_clearly() {
    let engine = Engine::new(SqliteStore::in_memory().expect("store")).expect("engine");
    for bad in ["file:///etc/passwd", "javascript:alert(1)", "not a url"] {
        let err = engine.add_source(bad).expect_err("refused");
        assert!(matches!(err, EngineError::Fetch(_)), "{bad}: {err}");
    }
    assert!(engine.store().list_sources().expect("db").is_empty());
    let (s, _) = engine.add_source("https://example.org/feed").expect("add");
    let err = engine.fetch_source(s.id).expect_err("no fetcher");
    assert!(matches!(err, EngineError::NoFetcher), "{err}");
    let err = engine.fetch_due(now(), 10).expect_err("no fetcher");
    assert!(matches!(err, EngineError::NoFetcher), "{err}");
    let s = engine.store().source(s.id).expect("db").expect("source");
    assert_eq!(s.consecutive_failures, 0, "not the source's failure");
    let err = engine.fetch_source(999).expect_err("no such source");
    assert!(matches!(err, EngineError::NotFound(_)), "{err}");
}

#[test]
fn private_addresses_are_refused_by_default() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let (addr, _) = rt.block_on(server());
    let fetcher = BlockingFetcher::new(Config::default()).expect("fetcher");
    let engine = Engine::new(SqliteStore::in_memory().expect("store"))
        .expect("engine")
        .with_fetcher(fetcher);
    let (s, _) = engine
        .add_source(&format!("http://{addr}/feed.xml"))
        .expect("add");
    let r = engine.fetch_source(s.id).expect("fetch");
    let FetchStatus::Failed(why) = &r.status else {
        panic!("{r:?}")
    };
    assert!(why.contains("non-public"), "{why}");
    assert_eq!(engine.store().count_articles().expect("db"), 0);
}

/// What `/dyn` serves: content type, body, ETag ("" for none) and status.
#[derive(Clone, Default)]
struct Dyn(Arc<std::sync::Mutex<(String, String, String, u16)>>);

impl Dyn {
    fn set(&self, content_type: &str, body: String, etag: &str, status: u16) {
        let mut d = self.0.lock().expect("lock");
        *d = (content_type.into(), body, etag.into(), status);
    }
}

async fn dyn_body(State(d): State<Dyn>, headers: HeaderMap) -> Response {
    let (ct, body, etag, status) = d.0.lock().expect("lock").clone();
    if status != 200 {
        return StatusCode::from_u16(status)
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            .into_response();
    }
    if !etag.is_empty()
        && headers
            .get(header::IF_NONE_MATCH)
            .is_some_and(|v| v.as_bytes() == etag.as_bytes())
    {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    let mut res = ([(header::CONTENT_TYPE, ct)], body).into_response();
    if !etag.is_empty()
        && let Ok(v) = etag.parse()
    {
        res.headers_mut().insert(header::ETAG, v);
    }
    res
}

async fn dyn_server() -> (SocketAddr, Dyn) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let d = Dyn::default();
    let app = Router::new()
        .route("/dyn", get(dyn_body))
        .with_state(d.clone());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (addr, d)
}

/// An RSS feed of `n` items, each on its own matter, linking to `/item/{base}{i}`.
fn rss(addr: SocketAddr, from: usize, n: usize) -> String {
    let items: String = (from..from + n)
        .map(|i| {
            format!(
                "<item><title>Item {i}</title><link>http://{addr}/item/{i}</link>\
                 <guid>http://{addr}/item/{i}</guid>\
                 <description>Report number {i} on the matter of item {i}.</description></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Dyn</title>\
         <link>http://{addr}/</link><description>d</description>{items}</channel></rss>"
    )
}

fn added_of(r: &tidings_engine::FetchReport) -> usize {
    match &r.status {
        FetchStatus::Fetched { added, .. } => added.len(),
        other => panic!("{other:?}"),
    }
}

/// An item the store failed on is not hidden by a 304 on the next fetch: the validators of a
/// fetch that left items behind are not saved.
#[test]
fn items_that_failed_to_store_come_back_next_fetch() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let (addr, d) = rt.block_on(dyn_server());
    d.set("application/rss+xml", rss(addr, 0, 2), "\"v1\"", 200);
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = engine_on(SqliteStore::open_dir(dir.path()).expect("store"));
    // The store refuses item 1 (as a full disk would).
    let db = rusqlite::Connection::open(dir.path().join("tidings.db")).expect("db");
    db.execute_batch(
        "CREATE TRIGGER refuse BEFORE INSERT ON articles WHEN NEW.url LIKE '%/item/1'
         BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
    )
    .expect("trigger");
    let (s, _) = engine
        .add_source(&format!("http://{addr}/dyn"))
        .expect("add");
    let r = engine.fetch_source(s.id).expect("fetch");
    let FetchStatus::Fetched { added, failed, .. } = &r.status else {
        panic!("{r:?}")
    };
    assert_eq!(added.len(), 1);
    assert!(failed.iter().any(|f| f.contains("disk full")), "{failed:?}");
    let src = engine.store().source(s.id).expect("db").expect("source");
    assert_eq!(src.etag, None, "validators not saved");
    db.execute_batch("DROP TRIGGER refuse;").expect("drop");
    let r = engine.fetch_source(s.id).expect("fetch");
    assert_eq!(added_of(&r), 1, "item 1 fetched again: {r:?}");
    assert_eq!(engine.store().count_articles().expect("db"), 2);
    let src = engine.store().source(s.id).expect("db").expect("source");
    assert_eq!(src.etag.as_deref(), Some("\"v1\""));
    assert_eq!(
        engine.fetch_source(s.id).expect("fetch").status,
        FetchStatus::NotModified
    );
}

/// A feed with more new items than one fetch takes keeps the rest for the next fetches.
#[test]
fn new_items_per_fetch_are_capped_and_the_rest_come_next_time() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let (addr, d) = rt.block_on(dyn_server());
    d.set("application/rss+xml", rss(addr, 0, 5), "\"v1\"", 200);
    let engine = engine().with_schedule(tidings_engine::Schedule {
        items_per_fetch: 2,
        ..tidings_engine::Schedule::default()
    });
    let (s, _) = engine
        .add_source(&format!("http://{addr}/dyn"))
        .expect("add");
    let counts: Vec<usize> = (0..3)
        .map(|_| added_of(&engine.fetch_source(s.id).expect("fetch")))
        .collect();
    assert_eq!(counts, [2, 2, 1]);
    assert_eq!(engine.store().count_articles().expect("db"), 5);
    assert_eq!(
        engine.fetch_source(s.id).expect("fetch").status,
        FetchStatus::NotModified
    );
}

/// Whether a URL is a feed or a page is told again by each new body.
#[test]
fn a_page_that_becomes_a_feed_is_read_as_a_feed() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let (addr, d) = rt.block_on(dyn_server());
    d.set(
        "text/html; charset=utf-8",
        page("Harbour dredging finished", "/x.png"),
        "",
        200,
    );
    let engine = engine();
    let (s, _) = engine
        .add_source(&format!("http://{addr}/dyn"))
        .expect("add");
    assert_eq!(added_of(&engine.fetch_source(s.id).expect("fetch")), 1);
    let kind = |e: &Engine<SqliteStore>| e.store().source(s.id).expect("db").expect("s").kind;
    assert_eq!(kind(&engine), Some(SourceKind::Page));
    d.set("application/rss+xml", rss(addr, 0, 3), "", 200);
    assert_eq!(added_of(&engine.fetch_source(s.id).expect("fetch")), 3);
    assert_eq!(kind(&engine), Some(SourceKind::Feed));
}

/// Failures in a row push the next fetch further away each time.
#[test]
fn next_fetch_backs_off_after_repeated_failures() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let (addr, d) = rt.block_on(dyn_server());
    d.set("text/plain", String::new(), "", 503);
    let engine = engine();
    let (s, _) = engine
        .add_source(&format!("http://{addr}/dyn"))
        .expect("add");
    let mut waits = Vec::new();
    for _ in 0..4 {
        let r = engine.fetch_source(s.id).expect("fetch");
        assert!(matches!(r.status, FetchStatus::Failed(_)), "{r:?}");
        let src = engine.store().source(s.id).expect("db").expect("source");
        waits.push(src.next_fetch - now());
    }
    assert!(
        waits.windows(2).all(|w| w[1] > w[0] + 1000),
        "the wait grows: {waits:?}"
    );
    assert!(waits[3] > 4 * 3600 - 60, "{waits:?}");
}

/// A re-extraction that would leave the article with less than half its words (a paywall's
/// teaser, an error page served with 200) is refused and changes nothing, unless forced.
#[test]
fn reextraction_that_would_shrink_the_body_is_refused_unless_forced() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let (addr, d) = rt.block_on(dyn_server());
    d.set(
        "text/html; charset=utf-8",
        page("Harbour dredging finished", "/x.png"),
        "",
        200,
    );
    let engine = engine();
    let (s, _) = engine
        .add_source(&format!("http://{addr}/dyn"))
        .expect("add");
    let r = engine.fetch_source(s.id).expect("fetch");
    let FetchStatus::Fetched { added, .. } = &r.status else {
        panic!("{r:?}")
    };
    let id = added[0];
    let text = engine
        .store()
        .article(id)
        .expect("db")
        .expect("a")
        .article
        .text();
    for teaser in [
        "<p>Subscribe to read the rest of this article today.</p>",
        "",
    ] {
        d.set(
            "text/html; charset=utf-8",
            format!(
                "<!doctype html><html><head><title>Harbour</title></head><body><article>\
                 {teaser}</article></body></html>"
            ),
            "",
            200,
        );
        match engine.reextract(id, false) {
            Err(EngineError::Refused(why)) => assert!(why.contains("words"), "{why}"),
            // A page with no text at all may not extract: refused as well.
            Err(EngineError::Extract(..) | EngineError::Invalid(..)) if teaser.is_empty() => {}
            other => panic!("{other:?}"),
        }
        let after = engine.store().article(id).expect("db").expect("a");
        assert_eq!(after.article.text(), text, "nothing changed");
        assert_eq!(
            after.article.title.as_deref(),
            Some("Harbour dredging finished")
        );
    }
    d.set(
        "text/html; charset=utf-8",
        "<!doctype html><html><head><title>Harbour</title></head><body><article>\
         <p>Subscribe to read the rest of this article today.</p></article></body></html>"
            .into(),
        "",
        200,
    );
    let done = engine.reextract(id, true).expect("forced");
    assert!(done.words_after < done.words_before, "{done:?}");
    assert!(
        engine
            .store()
            .article(id)
            .expect("db")
            .expect("a")
            .article
            .text()
            .contains("Subscribe")
    );
}

/// A server shutting down asks the engine to stop: the fetch round starts no further source.
#[test]
fn a_stopped_engine_starts_no_further_source() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let (addr, d) = rt.block_on(dyn_server());
    d.set("application/rss+xml", rss(addr, 0, 1), "", 200);
    let engine = engine();
    engine
        .add_source(&format!("http://{addr}/dyn"))
        .expect("add");
    engine
        .add_source(&format!("http://{addr}/dyn?2"))
        .expect("add");
    engine.request_stop();
    assert!(engine.fetch_due(now(), 10).expect("round").is_empty());
    assert_eq!(engine.store().count_articles().expect("db"), 0);
}

/// A store error on one source does not stop the round: the next sources are still fetched.
#[test]
fn one_sources_store_error_does_not_stop_the_round() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let (addr, d) = rt.block_on(dyn_server());
    d.set("application/rss+xml", rss(addr, 0, 1), "", 200);
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = engine_on(SqliteStore::open_dir(dir.path()).expect("store"));
    let (first, _) = engine
        .add_source(&format!("http://{addr}/dyn?first"))
        .expect("add");
    let (second, _) = engine
        .add_source(&format!("http://{addr}/dyn?second"))
        .expect("add");
    // The store cannot record the first source's fetch.
    let db = rusqlite::Connection::open(dir.path().join("tidings.db")).expect("db");
    db.execute_batch(&format!(
        "CREATE TRIGGER refuse BEFORE UPDATE ON sources WHEN OLD.id = {}
         BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
        first.id
    ))
    .expect("trigger");
    let reports = engine.fetch_due(now(), 10).expect("the round goes on");
    assert_eq!(reports.len(), 2, "{reports:?}");
    assert!(
        matches!(&reports[0].status, FetchStatus::Failed(e) if e.contains("disk full")),
        "{reports:?}"
    );
    assert!(
        matches!(&reports[1].status, FetchStatus::Fetched { .. }),
        "{reports:?}"
    );
    let s = engine.store().source(second.id).expect("db").expect("s");
    assert!(s.last_ok.is_some());
}
