//! No client can hold the server with sockets (issue 11): over real connections, silent,
//! idle, trickling and half-sent ones are closed, each client and all together are capped,
//! and `/events` streams outlive the idle timeout but count. Each test starts a server with
//! small limits of its own.

mod common;

use std::time::Duration;

use common::net::{
    Server, closed_within, connect, connect_from, exchange_from, loopback, read_head, read_one,
    read_to_end, request, serve, still_open,
};
use common::{Fixture, fixture_with};
use tidings_web::{Config, Limits};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

/// Long enough never to be the reason a test's connection closes.
const NEVER: Duration = Duration::from_secs(300);
/// How long a test waits for something that should happen within a second at most.
const WAIT: Duration = Duration::from_secs(10);

/// A server over the seed fixture with `limits` (the server stops first, then the store
/// goes).
struct Up {
    server: Server,
    _fixture: Fixture,
}

fn up(limits: Limits) -> Up {
    let fixture = fixture_with(Config {
        poll_interval: Duration::from_millis(100),
        page_cache: Duration::ZERO,
        limits,
        ..Config::default()
    });
    Up {
        server: serve(fixture.state.clone()),
        _fixture: fixture,
    }
}

/// Limits that close nothing unless a test says so.
fn lenient() -> Limits {
    Limits {
        header_timeout: NEVER,
        idle_timeout: NEVER,
        stall_timeout: NEVER,
        body_timeout: NEVER,
        read_timeout: NEVER,
        per_client: 1000,
        max_connections: Some(1000),
    }
}

/// An `/events` stream from `from`, its head read (so the server holds it as an answer
/// being sent).
async fn event_stream(u: &Up, from: u8) -> TcpStream {
    let mut s = connect_from(u.server.addr, loopback(from)).await;
    s.write_all(b"GET /events HTTP/1.1\r\nHost: tidings.test\r\n\r\n")
        .await
        .expect("write");
    let head = read_head(&mut s).await.expect("events head");
    assert_eq!(head.status, 200, "{head:?}");
    assert_eq!(head.media_type(), "text/event-stream", "{head:?}");
    s
}

/// A GET of `/healthz` from `from` on its own connection.
async fn health_from(u: &Up, from: u8) -> std::io::Result<common::net::Answer> {
    exchange_from(
        u.server.addr,
        loopback(from),
        &request("GET", "/healthz", &[], ""),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silent_and_idle_connections_are_closed() {
    let u = up(Limits {
        idle_timeout: Duration::from_millis(300),
        ..lenient()
    });
    // Connected, nothing sent.
    let mut silent = connect(u.server.addr).await;
    assert!(closed_within(&mut silent, WAIT).await, "silent connection");
    // One request answered, then nothing: the kept-alive connection goes too.
    let mut kept = connect(u.server.addr).await;
    kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: tidings.test\r\n\r\n")
        .await
        .expect("write");
    let a = read_one(&mut kept).await.expect("answer");
    assert_eq!(a.status, 200, "{a:?}");
    assert!(closed_within(&mut kept, WAIT).await, "idle kept-alive one");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_head_trickled_in_is_cut_off() {
    let u = up(Limits {
        header_timeout: Duration::from_secs(1),
        ..lenient()
    });
    let mut s = connect(u.server.addr).await;
    s.write_all(b"GET / HTTP/1.1\r\nHost: tidings.test\r\nX-Slow: ")
        .await
        .expect("write");
    // A byte of a header value every 100 ms, for up to 60 s: never idle, never done.
    let mut cut = false;
    for _ in 0..600 {
        if s.write_all(b"a").await.is_err() || !still_open(&s) {
            cut = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(cut, "a head sent over 60 s was still being read");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_half_sent_body_is_answered_408_and_the_connection_closed() {
    let u = up(Limits {
        body_timeout: Duration::from_millis(500),
        ..lenient()
    });
    let mut s = connect(u.server.addr).await;
    s.write_all(
        b"POST /api/v1/sources HTTP/1.1\r\nHost: tidings.test\r\n\
          Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"url\":",
    )
    .await
    .expect("write");
    let a = read_to_end(&mut s).await.expect("an answer, then the end");
    assert_eq!(a.status, 408, "{a:?}");
    assert_eq!(a.header("connection"), Some("close"), "{a:?}");
    assert_eq!(a.json()["error"]["status"], 408, "{a:?}");
    // A body declared too long is refused before it is read.
    let mut s = connect(u.server.addr).await;
    s.write_all(
        b"POST /api/v1/sources HTTP/1.1\r\nHost: tidings.test\r\n\
          Content-Type: application/json\r\nContent-Length: 10000000\r\n\r\n",
    )
    .await
    .expect("write");
    let a = read_to_end(&mut s).await.expect("answer");
    assert_eq!(a.status, 413, "{a:?}");
    assert_eq!(a.json()["error"]["status"], 413, "{a:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_client_keeps_a_few_connections_event_streams_included() {
    let u = up(Limits {
        per_client: 3,
        ..lenient()
    });
    // Three streams from one address: its share.
    let streams = [
        event_stream(&u, 2).await,
        event_stream(&u, 2).await,
        event_stream(&u, 2).await,
    ];
    // A fourth connection from it is refused (a stream is never closed to make room).
    let mut fourth = connect_from(u.server.addr, loopback(2)).await;
    let a = read_to_end(&mut fourth).await.expect("refusal");
    assert_eq!(a.status, 503, "{a:?}");
    assert_eq!(a.media_type(), "text/plain", "{a:?}");
    assert!(a.body.contains("your address"), "{a:?}");
    // Another address is served.
    let a = health_from(&u, 3).await.expect("other client");
    assert_eq!(a.status, 200, "{a:?}");
    assert!(streams.iter().all(still_open), "the streams stay");

    // Connections that wait for a request make room: the one waiting the longest goes.
    let mut waiting = Vec::new();
    for _ in 0..3 {
        waiting.push(connect_from(u.server.addr, loopback(4)).await);
        // Accepted in order: each waits longer than the next.
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let a = health_from(&u, 4)
        .await
        .expect("a fourth from the same client");
    assert_eq!(a.status, 200, "{a:?}");
    assert!(
        closed_within(&mut waiting[0], WAIT).await,
        "the oldest went"
    );
    assert!(
        still_open(&waiting[1]) && still_open(&waiting[2]),
        "the others stay"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_clients_together_keep_at_most_the_global_cap() {
    let u = up(Limits {
        max_connections: Some(4),
        ..lenient()
    });
    let streams = [
        event_stream(&u, 2).await,
        event_stream(&u, 3).await,
        event_stream(&u, 4).await,
    ];
    let mut idle = connect_from(u.server.addr, loopback(5)).await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    // Full: the one connection waiting for a request makes room for a newcomer.
    let a = health_from(&u, 6).await.expect("a newcomer");
    assert_eq!(a.status, 200, "{a:?}");
    assert!(closed_within(&mut idle, WAIT).await, "the waiting one went");
    // Full of answers being sent: a newcomer is refused, whoever it is.
    let _fourth = event_stream(&u, 7).await;
    let mut refused = connect_from(u.server.addr, loopback(8)).await;
    let a = read_to_end(&mut refused).await.expect("refusal");
    assert_eq!(a.status, 503, "{a:?}");
    assert!(a.body.contains("too many connections"), "{a:?}");
    assert!(a.header("retry-after").is_some(), "{a:?}");
    assert!(streams.iter().all(still_open), "the streams stay");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn event_streams_outlive_the_idle_timeout() {
    let u = up(Limits {
        idle_timeout: Duration::from_millis(200),
        ..lenient()
    });
    let stream = event_stream(&u, 2).await;
    let mut idle = connect_from(u.server.addr, loopback(3)).await;
    assert!(closed_within(&mut idle, WAIT).await, "the idle one goes");
    // Ten idle timeouts later the stream is still there.
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(still_open(&stream), "the event stream was closed as idle");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crowd_of_slow_clients_does_not_lock_others_out() {
    let u = up(Limits {
        max_connections: Some(16),
        per_client: 4,
        header_timeout: Duration::from_secs(60),
        ..lenient()
    });
    // 80 connections from 20 addresses, each with half a request head, trickling.
    let mut slow = Vec::new();
    for i in 0..80u8 {
        let mut s = connect_from(u.server.addr, loopback(10 + i / 4)).await;
        let _ = s
            .write_all(b"GET / HTTP/1.1\r\nHost: tidings.test\r\nX-Slow: ")
            .await;
        slow.push(s);
    }
    for i in 0..20 {
        for s in &mut slow {
            let _ = s.write_all(b"a").await;
        }
        let a = health_from(&u, 1).await.expect("a normal request");
        assert_eq!(a.status, 200, "request {i}: {a:?}");
        let front = exchange_from(u.server.addr, loopback(1), &request("GET", "/", &[], ""))
            .await
            .expect("the front page");
        assert_eq!(front.status, 200, "front page {i}");
    }
    let open = slow.iter().filter(|s| still_open(s)).count();
    assert!(
        open <= 16,
        "{open} slow connections held at once, past the cap of 16"
    );
}
