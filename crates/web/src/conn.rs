//! The accept loop and what it allows each connection, so that no client can hold the server
//! with sockets it opens and leaves idle, half-sent or unread.
//!
//! - The head of every request must arrive within [`Limits::header_timeout`] of the
//!   connection being ready for it (hyper's header read timeout: it runs while a kept-alive
//!   connection waits for its next request too), so a client sending a header byte every few
//!   seconds is cut off.
//! - A connection with no request under way and nothing received or sent for
//!   [`Limits::idle_timeout`] is closed; one whose answer is being sent but has not moved for
//!   [`Limits::stall_timeout`] too (a client that never reads). A live `/events` stream sends
//!   a comment every 15 s, so it is never idle or stalled.
//! - A request's body and a read's answer have their own bounds ([`crate::limits`]).
//! - Each client (an IPv4 address, or an IPv6 /64, what one subscriber usually holds) keeps
//!   [`Limits::per_client`] connections at most, `/events` streams included; all clients
//!   together [`Limits::max_connections`], by default a number safely below the process's
//!   file-descriptor limit (the store, the fetcher and the logs need some). At either cap the
//!   connection of that scope that waits for a request the longest is closed to make room;
//!   when every one is in a request, the newcomer gets a 503 and is closed.
//!
//! Accept errors (out of descriptors, say) never end the loop. On shutdown the loop stops
//! accepting, asks every connection to finish its request and close, and waits a few seconds
//! for them.

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::{Pin, pin};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, HttpBody};
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::{Notify, watch};

/// What the server allows each connection and each request; [`Limits::default`] is what
/// `tidings serve` uses.
#[derive(Debug, Clone)]
pub struct Limits {
    /// How long the head of a request may take to arrive, counted from when the connection is
    /// ready for it (accepted, or done with its previous request).
    pub header_timeout: Duration,
    /// How long a connection with no request under way may stay silent.
    pub idle_timeout: Duration,
    /// How long an answer being sent may stay without a byte leaving.
    pub stall_timeout: Duration,
    /// How long a request's body may take to arrive, whole (408 past it).
    pub body_timeout: Duration,
    /// How long a read (GET, HEAD) may take before its answer starts (503 past it).
    pub read_timeout: Duration,
    /// Connections one client may hold at once.
    pub per_client: usize,
    /// Connections all clients together may hold at once; `None`: [`default_max_connections`].
    pub max_connections: Option<usize>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(5),
            stall_timeout: Duration::from_secs(60),
            body_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(20),
            per_client: 32,
            max_connections: None,
        }
    }
}

/// File descriptors kept for everything but connections: the store's files, the fetcher's
/// sockets, logs, the runtime. A sixteenth of the limit is kept on top.
const RESERVED_FDS: u64 = 64;
/// Connections at most whatever the descriptor limit (each holds buffers).
const CONNECTIONS_CAP: u64 = 10_000;
/// Bytes of a request head at most (hyper answers 431 past it). Long enough for a search URL
/// the store then refuses with its own message.
const MAX_HEAD_BYTES: usize = 64 * 1024;
/// How long a shutting-down server waits for its connections to finish.
const DRAIN: Duration = Duration::from_secs(5);

/// Connections the kernel holds for accepting at most (it caps this at `net.core.somaxconn`):
/// a burst of connections should wait there rather than have their SYNs dropped, which costs
/// each client a second or more of retransmission. Tokio's own is 1,024.
const BACKLOG: u32 = 4096;

/// A listener on `listen` (`host:port`; port 0 picks a free one) with a deep accept queue
/// ([`BACKLOG`]): the first of its addresses that can be bound.
pub async fn bind(listen: &str) -> std::io::Result<TcpListener> {
    let mut failed = None;
    for addr in tokio::net::lookup_host(listen).await? {
        let listener = (|| {
            let socket = if addr.is_ipv4() {
                TcpSocket::new_v4()?
            } else {
                TcpSocket::new_v6()?
            };
            // As std and tokio do: a restarted server can bind while old sockets linger.
            #[cfg(unix)]
            socket.set_reuseaddr(true)?;
            socket.bind(addr)?;
            socket.listen(BACKLOG)
        })();
        match listener {
            Ok(l) => return Ok(l),
            Err(e) => failed = Some(e),
        }
    }
    Err(failed.unwrap_or_else(|| {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, "no address to listen on")
    }))
}

/// The connection cap for this process: its file-descriptor limit less what the rest of the
/// server needs (64 and a sixteenth), between 16 and 10,000; 1,024 where the limit is unknown.
pub fn default_max_connections() -> usize {
    let Some(fds) = fd_limit() else { return 1024 };
    let free = fds.saturating_sub(RESERVED_FDS + fds / 16);
    usize::try_from(free.clamp(16, CONNECTIONS_CAP)).unwrap_or(1024)
}

#[cfg(unix)]
fn fd_limit() -> Option<u64> {
    rustix::process::getrlimit(rustix::process::Resource::Nofile).current
}

#[cfg(not(unix))]
fn fd_limit() -> Option<u64> {
    None
}

/// Whom a connection counts against: an IPv4 address (IPv4-mapped IPv6 included) or an IPv6
/// /64.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Client {
    V4(u32),
    V6(u64),
}

fn client_of(ip: IpAddr) -> Client {
    match ip {
        IpAddr::V4(v4) => Client::V4(u32::from(v4)),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => Client::V4(u32::from(v4)),
            None => Client::V6((u128::from(v6) >> 64) as u64),
        },
    }
}

/// One connection's state, shared by its task, its IO and its requests.
struct Conn {
    client: Client,
    /// The tracker's epoch, for the times below.
    epoch: Instant,
    /// Milliseconds since the tracker's epoch of the last byte received or sent.
    last_io: AtomicU64,
    /// Milliseconds since the tracker's epoch since which it waits for a request: when it
    /// was accepted, or when its last answer was sent. Bytes of a head trickling in do not
    /// move it, so a slow client cannot make its connections look new.
    waiting_since: AtomicU64,
    /// Requests whose handler is running (their answer not started).
    handling: AtomicUsize,
    /// Answers being sent.
    sending: AtomicUsize,
    evicted: AtomicBool,
    evict: Notify,
}

impl Conn {
    /// Whether no request is under way on it.
    fn waiting(&self) -> bool {
        self.handling.load(Ordering::Relaxed) == 0 && self.sending.load(Ordering::Relaxed) == 0
    }
}

/// Every open connection, by id, and the count per client.
#[derive(Default)]
struct Registry {
    next: u64,
    conns: HashMap<u64, Arc<Conn>>,
    clients: HashMap<Client, usize>,
}

impl Registry {
    /// Forgets a connection (once).
    fn remove(&mut self, id: u64) {
        if let Some(c) = self.conns.remove(&id)
            && let Some(n) = self.clients.get_mut(&c.client)
        {
            *n -= 1;
            if *n == 0 {
                self.clients.remove(&c.client);
            }
        }
    }

    /// Closes the connection (of `client`, or of anyone) waiting for a request the longest;
    /// false when every one is in a request.
    fn evict_one(&mut self, client: Option<Client>) -> bool {
        let victim = self
            .conns
            .iter()
            .filter(|(_, c)| client.is_none_or(|k| c.client == k) && c.waiting())
            .min_by_key(|(id, c)| (c.waiting_since.load(Ordering::Relaxed), **id))
            .map(|(id, c)| (*id, Arc::clone(c)));
        let Some((id, c)) = victim else { return false };
        c.evicted.store(true, Ordering::Relaxed);
        c.evict.notify_one();
        self.remove(id);
        true
    }
}

/// The connections of one server.
struct Tracker {
    limits: Limits,
    max: usize,
    epoch: Instant,
    registry: Mutex<Registry>,
}

/// Why a connection was refused.
#[derive(Debug, Clone, Copy)]
enum Refused {
    Client,
    Full,
}

impl Tracker {
    fn now_ms(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Room for a new connection from `ip`, made by closing a waiting one at a cap.
    fn admit(self: &Arc<Self>, ip: IpAddr) -> Result<Slot, Refused> {
        let client = client_of(ip);
        let mut reg = self.registry.lock().map_err(|_| Refused::Full)?;
        if reg.clients.get(&client).copied().unwrap_or(0) >= self.limits.per_client
            && !reg.evict_one(Some(client))
        {
            return Err(Refused::Client);
        }
        if reg.conns.len() >= self.max && !reg.evict_one(None) {
            return Err(Refused::Full);
        }
        let id = reg.next;
        reg.next += 1;
        let conn = Arc::new(Conn {
            client,
            epoch: self.epoch,
            last_io: AtomicU64::new(self.now_ms()),
            waiting_since: AtomicU64::new(self.now_ms()),
            handling: AtomicUsize::new(0),
            sending: AtomicUsize::new(0),
            evicted: AtomicBool::new(false),
            evict: Notify::new(),
        });
        reg.conns.insert(id, Arc::clone(&conn));
        *reg.clients.entry(client).or_insert(0) += 1;
        Ok(Slot {
            tracker: Arc::clone(self),
            id,
            conn,
        })
    }

    fn open(&self) -> usize {
        self.registry.lock().map_or(0, |r| r.conns.len())
    }

    /// Whether a connection has been silent too long for what it is doing.
    fn expired(&self, c: &Conn) -> bool {
        if c.handling.load(Ordering::Relaxed) > 0 {
            // The request's own bounds apply (body, read time).
            return false;
        }
        let silent = Duration::from_millis(
            self.now_ms()
                .saturating_sub(c.last_io.load(Ordering::Relaxed)),
        );
        if c.sending.load(Ordering::Relaxed) > 0 {
            silent >= self.limits.stall_timeout
        } else {
            silent >= self.limits.idle_timeout
        }
    }
}

/// A connection's place in the registry, given up when dropped.
struct Slot {
    tracker: Arc<Tracker>,
    id: u64,
    conn: Arc<Conn>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Ok(mut reg) = self.tracker.registry.lock() {
            reg.remove(self.id);
        }
    }
}

/// The socket, noting when a byte moves.
struct Tracked {
    inner: TcpStream,
    conn: Arc<Conn>,
    tracker: Arc<Tracker>,
}

impl Tracked {
    fn touch(&self) {
        self.conn
            .last_io
            .store(self.tracker.now_ms(), Ordering::Relaxed);
    }
}

impl AsyncRead for Tracked {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let res = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(res, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.touch();
        }
        res
    }
}

impl AsyncWrite for Tracked {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let res = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(res, Poll::Ready(Ok(n)) if n > 0) {
            self.touch();
        }
        res
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let res = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(res, Poll::Ready(Ok(n)) if n > 0) {
            self.touch();
        }
        res
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Counts one request's handler or answer while alive.
struct Busy {
    conn: Arc<Conn>,
    sending: bool,
}

impl Busy {
    fn new(conn: &Arc<Conn>, sending: bool) -> Busy {
        let counter = if sending {
            &conn.sending
        } else {
            &conn.handling
        };
        counter.fetch_add(1, Ordering::Relaxed);
        Busy {
            conn: Arc::clone(conn),
            sending,
        }
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        let counter = if self.sending {
            &self.conn.sending
        } else {
            &self.conn.handling
        };
        if counter.fetch_sub(1, Ordering::Relaxed) == 1 && self.conn.waiting() {
            // Its last answer is out: from now on it waits for a request.
            let now = u64::try_from(self.conn.epoch.elapsed().as_millis()).unwrap_or(u64::MAX);
            self.conn.waiting_since.store(now, Ordering::Relaxed);
        }
    }
}

/// An answer's body, counted as being sent until hyper is done with it.
struct Sending {
    body: Body,
    _busy: Busy,
}

impl HttpBody for Sending {
    type Data = <Body as HttpBody>::Data;
    type Error = <Body as HttpBody>::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

/// Serves `app` on `listener` under `limits` until `shutdown` completes, then lets the open
/// connections finish (a few seconds at most).
pub(crate) async fn run(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let max = limits
        .max_connections
        .unwrap_or_else(default_max_connections);
    let tracker = Arc::new(Tracker {
        limits,
        max: max.max(1),
        epoch: Instant::now(),
        registry: Mutex::new(Registry::default()),
    });
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut shutdown = pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => accepted,
        };
        let (stream, addr) = match accepted {
            Ok(a) => a,
            Err(e) => {
                // Out of descriptors, or a connection reset before it was accepted: wait a
                // moment (closing connections free descriptors) and go on.
                tracing::warn!("accepting a connection: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        match tracker.admit(addr.ip()) {
            Ok(slot) => {
                let _ = stream.set_nodelay(true);
                let task = connection(stream, addr, slot, app.clone(), stop_rx.clone());
                tokio::spawn(task);
                // Let the new connection read the request it may have sent already before
                // more are accepted: in a burst of connections at a cap, one not yet read
                // could otherwise become the longest waiting and be closed unanswered.
                tokio::task::yield_now().await;
            }
            Err(why) => refuse(&stream, why),
        }
    }
    drop(listener);
    let _ = stop_tx.send(true);
    let deadline = Instant::now() + DRAIN;
    while tracker.open() > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Answers a connection there is no room for with a 503 (as far as the socket takes it at
/// once) and closes it.
fn refuse(stream: &TcpStream, why: Refused) {
    let text = match why {
        Refused::Client => "too many connections from your address; close some and try again\n",
        Refused::Full => "the server has too many connections; try again in a moment\n",
    };
    tracing::debug!(?why, "connection refused");
    // What the client sent already is read first: closing a socket with unread bytes resets
    // it, and the client might not see the answer.
    let mut sent = [0u8; 4096];
    for _ in 0..4 {
        if !matches!(stream.try_read(&mut sent), Ok(n) if n > 0) {
            break;
        }
    }
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\n\
         retry-after: 5\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{text}",
        text.len()
    );
    let _ = stream.try_write(answer.as_bytes());
}

/// Serves one connection until it ends, is evicted, expires or the server stops.
async fn connection(
    stream: TcpStream,
    addr: SocketAddr,
    slot: Slot,
    app: Router,
    mut stop: watch::Receiver<bool>,
) {
    let tracker = Arc::clone(&slot.tracker);
    let conn = Arc::clone(&slot.conn);
    let io = TokioIo::new(Tracked {
        inner: stream,
        conn: Arc::clone(&conn),
        tracker: Arc::clone(&tracker),
    });
    let on = Arc::clone(&conn);
    let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
        req.extensions_mut().insert(ConnectInfo(addr));
        let handling = Busy::new(&on, false);
        let on = Arc::clone(&on);
        let mut app = app.clone();
        async move {
            let res = match tower_service::Service::call(&mut app, req).await {
                Ok(res) => res,
                Err(never) => match never {},
            };
            drop(handling);
            let busy = Busy::new(&on, true);
            Ok::<_, Infallible>(res.map(|body| Sending { body, _busy: busy }))
        }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(tracker.limits.header_timeout)
        .max_buf_size(MAX_HEAD_BYTES);
    let mut served = pin!(builder.serve_connection(io, service));
    let every = (tracker
        .limits
        .idle_timeout
        .min(tracker.limits.stall_timeout)
        / 4)
    .clamp(Duration::from_millis(10), Duration::from_secs(1));
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut stopping = false;
    loop {
        tokio::select! {
            done = served.as_mut() => {
                if let Err(e) = done {
                    tracing::debug!(%addr, "connection: {e}");
                }
                break;
            }
            () = conn.evict.notified() => break,
            _ = stop.changed(), if !stopping => {
                stopping = true;
                served.as_mut().graceful_shutdown();
            }
            _ = tick.tick() => {
                if conn.evicted.load(Ordering::Relaxed) || tracker.expired(&conn) {
                    break;
                }
            }
        }
    }
    drop(slot);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clients_are_addresses_and_v6_nets() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().expect("ip");
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().expect("ip");
        let c: IpAddr = "2001:db8:1:3::1".parse().expect("ip");
        assert_eq!(client_of(a), client_of(b));
        assert_ne!(client_of(a), client_of(c));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().expect("ip");
        let v4: IpAddr = "192.0.2.7".parse().expect("ip");
        assert_eq!(client_of(mapped), client_of(v4));
    }

    #[test]
    fn connection_cap_stays_below_the_descriptor_limit() {
        let max = default_max_connections() as u64;
        assert!((16..=CONNECTIONS_CAP).contains(&max), "{max}");
        if let Some(fds) = fd_limit() {
            assert!(max < fds || fds < 80, "{max} of {fds}");
        }
    }

    fn tracker(per_client: usize, max: usize) -> Arc<Tracker> {
        Arc::new(Tracker {
            limits: Limits {
                per_client,
                ..Limits::default()
            },
            max,
            epoch: Instant::now(),
            registry: Mutex::new(Registry::default()),
        })
    }

    #[test]
    fn a_cap_closes_a_waiting_connection_or_refuses() {
        let t = tracker(2, 3);
        let one: IpAddr = "192.0.2.1".parse().expect("ip");
        let two: IpAddr = "192.0.2.2".parse().expect("ip");
        let a = t.admit(one).expect("first");
        let b = t.admit(one).expect("second");
        let _in_request = Busy::new(&a.conn, false);
        // The client's third: its waiting connection (b) makes room, not the busy one.
        let c = t.admit(one).expect("third, by closing a waiting one");
        assert!(b.conn.evicted.load(Ordering::Relaxed));
        assert!(!a.conn.evicted.load(Ordering::Relaxed));
        let _also = Busy::new(&c.conn, true);
        assert!(matches!(t.admit(one), Err(Refused::Client)));
        // Another client: room (2 open of 3).
        let d = t.admit(two).expect("other client");
        let _busy = Busy::new(&d.conn, false);
        assert!(matches!(t.admit(two), Err(Refused::Full)));
        drop(b);
        assert_eq!(t.open(), 3);
        drop(a);
        assert_eq!(t.open(), 2);
        assert!(t.admit(two).is_ok());
    }

    #[test]
    fn the_connection_waiting_the_longest_goes_whatever_its_bytes() {
        let t = tracker(2, 10);
        let ip: IpAddr = "192.0.2.1".parse().expect("ip");
        let first = t.admit(ip).expect("first");
        let second = t.admit(ip).expect("second");
        // The first one trickles a head in: its bytes do not make it new.
        first
            .conn
            .last_io
            .store(t.now_ms() + 60_000, Ordering::Relaxed);
        let _third = t.admit(ip).expect("third");
        assert!(first.conn.evicted.load(Ordering::Relaxed));
        assert!(!second.conn.evicted.load(Ordering::Relaxed));
    }

    #[test]
    fn an_answer_sent_restarts_the_wait() {
        let t = tracker(2, 10);
        let ip: IpAddr = "192.0.2.1".parse().expect("ip");
        let a = t.admit(ip).expect("a");
        let b = t.admit(ip).expect("b");
        std::thread::sleep(Duration::from_millis(5));
        // `a` handles a request and sends its answer: now `b` has waited longer.
        drop(Busy::new(&a.conn, false));
        drop(Busy::new(&a.conn, true));
        let _c = t.admit(ip).expect("c");
        assert!(b.conn.evicted.load(Ordering::Relaxed));
        assert!(!a.conn.evicted.load(Ordering::Relaxed));
    }
}
