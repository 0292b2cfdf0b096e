//! The fetcher against a local HTTP server (no real network): conditional GET, limits,
//! politeness, redirects and the SSRF guard.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use tidings_fetch::{BlockingFetcher, Config, FetchError, Fetched, Fetcher, Request, Validators};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const FEED: &str =
    r#"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>"#;

async fn feed(headers: HeaderMap) -> Response {
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v == "\"v1\"")
    {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    (
        [
            (header::CONTENT_TYPE, "application/rss+xml"),
            (header::ETAG, "\"v1\""),
        ],
        FEED,
    )
        .into_response()
}

async fn dated(headers: HeaderMap) -> Response {
    const LM: &str = "Wed, 04 Mar 2026 10:00:00 GMT";
    if headers
        .get(header::IF_MODIFIED_SINCE)
        .is_some_and(|v| v == LM)
    {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    ([(header::LAST_MODIFIED, LM)], "page").into_response()
}

async fn user_agent(headers: HeaderMap) -> String {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

/// A server on 127.0.0.1 with the routes the tests use; returns its address.
async fn server() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = Router::new()
        .route("/feed", get(feed))
        .route("/dated", get(dated))
        .route("/ua", get(user_agent))
        .route("/big", get(|| async { vec![b'x'; 2 * 1024 * 1024] }))
        .route("/missing", get(|| async { StatusCode::NOT_FOUND }))
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                "late"
            }),
        )
        .route("/to-feed", get(|| async { Redirect::temporary("/feed") }))
        // Each hop a little under a 400 ms timeout: four of them take longer than twice it.
        .route(
            "/slow-hops/{n}",
            get(
                |axum::extract::Path(n): axum::extract::Path<u32>| async move {
                    tokio::time::sleep(Duration::from_millis(300)).await;
                    if n == 0 {
                        return FEED.into_response();
                    }
                    Redirect::temporary(&format!("/slow-hops/{}", n - 1)).into_response()
                },
            ),
        )
        .route(
            "/to-private",
            get(|| async { Redirect::temporary("http://10.0.0.1/feed") }),
        )
        .route("/loop", get(|| async { Redirect::temporary("/loop") }))
        .route(
            "/to-file",
            get(|| async { Redirect::temporary("file:///etc/passwd") }),
        );
    let port = addr.port();
    let app = app.route(
        "/to-localhost",
        get(move || async move { Redirect::temporary(&format!("http://localhost:{port}/feed")) }),
    );
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    addr
}

/// A raw server that answers every connection with a chunked body of `size` bytes (no
/// Content-Length, so the cap must hold while reading).
async fn chunked_server(size: usize) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = sock.read(&mut buf).await;
                let _ = sock
                    .write_all(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/html\r\n\r\n")
                    .await;
                let chunk = vec![b'y'; 64 * 1024];
                let mut sent = 0;
                while sent < size {
                    let head = format!("{:x}\r\n", chunk.len());
                    if sock.write_all(head.as_bytes()).await.is_err()
                        || sock.write_all(&chunk).await.is_err()
                        || sock.write_all(b"\r\n").await.is_err()
                    {
                        return;
                    }
                    sent += chunk.len();
                }
                let _ = sock.write_all(b"0\r\n\r\n").await;
            });
        }
    });
    addr
}

fn local() -> Config {
    Config {
        allow_hosts: vec!["127.0.0.1".into()],
        host_delay: Duration::ZERO,
        ..Config::default()
    }
}

fn fresh(f: Result<Fetched, FetchError>) -> tidings_fetch::Response {
    match f {
        Ok(Fetched::Fresh(r)) => r,
        other => panic!("expected a fresh answer, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conditional_get_answers_not_modified() {
    let addr = server().await;
    let f = Fetcher::new(local()).expect("fetcher");
    let first = fresh(
        f.get(&format!("http://{addr}/feed"), &Request::default())
            .await,
    );
    assert_eq!(first.body, FEED.as_bytes());
    assert_eq!(first.validators.etag.as_deref(), Some("\"v1\""));
    assert_eq!(first.content_type.as_deref(), Some("application/rss+xml"));
    let again = Request {
        validators: first.validators.clone(),
        ..Request::default()
    };
    assert!(matches!(
        f.get(&format!("http://{addr}/feed"), &again).await,
        Ok(Fetched::NotModified)
    ));
    // Last-Modified works the same way.
    let page = fresh(
        f.get(&format!("http://{addr}/dated"), &Request::default())
            .await,
    );
    assert!(page.validators.last_modified.is_some());
    let again = Request {
        validators: page.validators,
        ..Request::default()
    };
    assert!(matches!(
        f.get(&format!("http://{addr}/dated"), &again).await,
        Ok(Fetched::NotModified)
    ));
    // A stale validator gets the body.
    let stale = Request {
        validators: Validators {
            etag: Some("\"v0\"".into()),
            last_modified: None,
        },
        ..Request::default()
    };
    fresh(f.get(&format!("http://{addr}/feed"), &stale).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sends_a_polite_user_agent_and_names_errors() {
    let addr = server().await;
    let f = Fetcher::new(local()).expect("fetcher");
    let ua = fresh(
        f.get(&format!("http://{addr}/ua"), &Request::default())
            .await,
    );
    let ua = String::from_utf8_lossy(&ua.body).into_owned();
    assert!(ua.starts_with("Tidings/"), "{ua}");
    let url = format!("http://{addr}/missing");
    let err = f.get(&url, &Request::default()).await.expect_err("404");
    assert!(
        matches!(err, FetchError::Status { status: 404, .. }),
        "{err}"
    );
    assert!(err.to_string().contains(&url), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_over_the_cap_are_refused() {
    let addr = server().await;
    let f = Fetcher::new(Config {
        max_bytes: 1024 * 1024,
        ..local()
    })
    .expect("fetcher");
    let err = f
        .get(&format!("http://{addr}/big"), &Request::default())
        .await
        .expect_err("too large");
    assert!(matches!(err, FetchError::TooLarge { .. }), "{err}");
    // Without a Content-Length the cap holds while reading.
    let chunked = chunked_server(3 * 1024 * 1024).await;
    let err = f
        .get(&format!("http://{chunked}/"), &Request::default())
        .await
        .expect_err("too large");
    assert!(matches!(err, FetchError::TooLarge { .. }), "{err}");
    // A per-request cap below the configured one (images) applies too.
    let small = Request {
        max_bytes: Some(10),
        ..Request::default()
    };
    let err = f
        .get(&format!("http://{addr}/feed"), &small)
        .await
        .expect_err("too large");
    assert!(matches!(err, FetchError::TooLarge { max: 10, .. }), "{err}");
    // Under the cap, the whole body.
    let roomy = Fetcher::new(Config {
        max_bytes: 4 * 1024 * 1024,
        ..local()
    })
    .expect("fetcher");
    let all = fresh(
        roomy
            .get(&format!("http://{chunked}/"), &Request::default())
            .await,
    );
    assert_eq!(all.body.len(), 3 * 1024 * 1024);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_servers_time_out() {
    let addr = server().await;
    let f = Fetcher::new(Config {
        timeout: Duration::from_millis(400),
        ..local()
    })
    .expect("fetcher");
    let start = Instant::now();
    let err = f
        .get(&format!("http://{addr}/slow"), &Request::default())
        .await
        .expect_err("timeout");
    assert!(matches!(err, FetchError::Timeout { .. }), "{err}");
    assert!(start.elapsed() < Duration::from_secs(3));
}

/// Redirect hops each under the per-request timeout still meet the whole fetch's deadline
/// (twice the timeout).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_chain_of_redirects_meets_the_overall_deadline() {
    let addr = server().await;
    let f = Fetcher::new(Config {
        timeout: Duration::from_millis(400),
        ..local()
    })
    .expect("fetcher");
    // Two quick hops fit.
    fresh(
        f.get(&format!("http://{addr}/slow-hops/1"), &Request::default())
            .await,
    );
    let start = Instant::now();
    let err = f
        .get(&format!("http://{addr}/slow-hops/4"), &Request::default())
        .await
        .expect_err("past the deadline");
    assert!(matches!(err, FetchError::Timeout { .. }), "{err}");
    let took = start.elapsed();
    assert!(
        took >= Duration::from_millis(700) && took < Duration::from_millis(1300),
        "{took:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_host_is_asked_at_most_once_per_delay() {
    let addr = server().await;
    let f = Fetcher::new(Config {
        host_delay: Duration::from_millis(400),
        ..local()
    })
    .expect("fetcher");
    let start = Instant::now();
    for _ in 0..3 {
        fresh(
            f.get(&format!("http://{addr}/ua"), &Request::default())
                .await,
        );
    }
    let took = start.elapsed();
    assert!(took >= Duration::from_millis(800), "{took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_addresses_are_refused_unless_allowed() {
    let addr = server().await;
    let port = addr.port();
    let guarded = Fetcher::new(Config {
        host_delay: Duration::ZERO,
        ..Config::default()
    })
    .expect("fetcher");
    for url in [
        format!("http://127.0.0.1:{port}/feed"),
        format!("http://[::1]:{port}/feed"),
        format!("http://localhost:{port}/feed"),
        "http://10.1.2.3/feed".to_owned(),
        "http://192.168.0.10/".to_owned(),
        "http://169.254.169.254/latest/meta-data/".to_owned(),
        "http://[fd00::1]/".to_owned(),
        "http://0.0.0.0/".to_owned(),
        // Other spellings of loopback.
        "http://2130706433/".to_owned(),
        "http://0x7f.0.0.1/".to_owned(),
        "http://[::ffff:127.0.0.1]/".to_owned(),
    ] {
        let err = guarded
            .get(&url, &Request::default())
            .await
            .expect_err("refused");
        assert!(matches!(err, FetchError::Blocked { .. }), "{url}: {err}");
        assert!(err.to_string().contains("non-public"), "{err}");
    }
    for url in ["file:///etc/passwd", "ftp://example.org/x", "gopher://x/"] {
        let err = guarded
            .get(url, &Request::default())
            .await
            .expect_err("refused");
        assert!(matches!(err, FetchError::Scheme { .. }), "{url}: {err}");
    }
    // Allowed explicitly, the same server answers.
    let open = Fetcher::new(Config {
        allow_private: true,
        host_delay: Duration::ZERO,
        ..Config::default()
    })
    .expect("fetcher");
    // Private addresses allowed, the cloud metadata address stays refused (before any
    // connection is tried).
    for url in [
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/latest/meta-data/",
    ] {
        let err = open
            .get(url, &Request::default())
            .await
            .expect_err("metadata refused");
        assert!(matches!(err, FetchError::Blocked { .. }), "{url}: {err}");
    }
    fresh(
        open.get(
            &format!("http://127.0.0.1:{port}/feed"),
            &Request::default(),
        )
        .await,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_redirect_hop_is_checked() {
    let addr = server().await;
    let f = Fetcher::new(local()).expect("fetcher");
    let ok = fresh(
        f.get(&format!("http://{addr}/to-feed"), &Request::default())
            .await,
    );
    assert!(ok.url.ends_with("/feed"), "{}", ok.url);
    assert_eq!(ok.body, FEED.as_bytes());
    // 127.0.0.1 is allowed, but not where it redirects to.
    for path in ["/to-private", "/to-localhost"] {
        let err = f
            .get(&format!("http://{addr}{path}"), &Request::default())
            .await
            .expect_err("refused");
        assert!(matches!(err, FetchError::Blocked { .. }), "{path}: {err}");
    }
    let err = f
        .get(&format!("http://{addr}/to-file"), &Request::default())
        .await
        .expect_err("refused");
    assert!(matches!(err, FetchError::Scheme { .. }), "{err}");
    let err = f
        .get(&format!("http://{addr}/loop"), &Request::default())
        .await
        .expect_err("loop");
    assert!(
        matches!(err, FetchError::TooManyRedirects { max: 5, .. }),
        "{err}"
    );
}

#[test]
fn the_blocking_fetcher_works_outside_and_inside_a_runtime() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let addr = rt.block_on(server());
    let f = BlockingFetcher::new(local()).expect("fetcher");
    let r = fresh(f.get(&format!("http://{addr}/feed"), &Request::default()));
    assert_eq!(r.body, FEED.as_bytes());
    // From a runtime's blocking pool, and dropped inside the runtime: no panic.
    let url = format!("http://{addr}/feed");
    let body = rt.block_on(async move {
        let f2 = f.clone();
        let body =
            tokio::task::spawn_blocking(move || fresh(f2.get(&url, &Request::default())).body)
                .await
                .expect("join");
        drop(f);
        body
    });
    assert_eq!(body, FEED.as_bytes());
}
