//! What hostile requests do to everyone else (issue 11, "no request can stall another"):
//! `tidings serve`'s web layer over a store made costly to search, as a separate process
//! (optionally under `ulimit -n`), against
//!
//! - **search**: three 5,000-word searches (page, API, feed) and one 60 x "the" search, each
//!   sent again 10 ms after it is answered, for 10 s;
//! - **legal**: the costliest searches under the caps (32 common words, 4 prefixes, "the"),
//!   the same way;
//! - **slow**: 1,000 slow clients (4 per address on 250 loopback addresses) each sending
//!   half a request head and a byte a second, reconnecting 1-2 s after the server closes
//!   them, for 30 s; **slow-one**: the same 1,000 all from 127.0.0.1, the probes' address;
//!
//! while probes fetch `/healthz` and `/` (a new connection each, 10 ms apart) from 127.0.0.1.
//! Each phase prints every attack's answer times and statuses and the probes' latencies;
//! the end prints the medians over the runs.
//!
//! ```text
//! cargo bench -p tidings-web --bench hostile_load -- [--runs 3] [--fds 0,256]
//!     [--articles 4000] [--long 20] [--slow 1000] [--hold 30] [--search 10] [--data DIR]
//!     [--phases search,legal,slow,slow-one]
//! ```
//!
//! `--fds 0,256`: one server with the inherited descriptor limit, one under `ulimit -n 256`.
//! `--data DIR` keeps (or reuses) the seeded store. Everything listens on loopback only.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tidings_extract::Article;
use tidings_store::{NewArticle, SqliteStore, Store};
use tidings_web::{AppState, Config};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpSocket;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// Words by how common they are (the first ones in nearly every article).
const VOCABULARY: &[&str] = &[
    "the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "as", "was", "with", "be",
    "by", "on", "not", "he", "this", "are", "or", "his", "from", "at", "which", "but", "have",
    "an", "had", "they", "you", "were", "their", "one", "all", "we", "can", "her", "has", "there",
    "been", "if", "more", "when", "will", "would", "who", "so", "no", "she", "other", "its", "may",
    "these", "about", "than", "them", "some", "time", "could", "council", "river", "minister",
    "budget", "harbour", "election", "strike", "bridge", "court", "market", "storm", "school",
    "hospital", "railway", "treaty", "border", "factory", "festival", "drought",
];

struct Opts {
    runs: usize,
    fds: Vec<u64>,
    articles: usize,
    long: usize,
    slow: usize,
    hold: Duration,
    search: Duration,
    data: Option<PathBuf>,
    phases: Vec<String>,
}

fn opts() -> Result<Opts, Error> {
    let mut o = Opts {
        runs: 3,
        fds: vec![0, 256],
        articles: 4000,
        long: 20,
        slow: 1000,
        hold: Duration::from_secs(30),
        search: Duration::from_secs(10),
        data: None,
        phases: ["search", "legal", "slow", "slow-one"]
            .map(String::from)
            .to_vec(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{a} needs a value"));
        let num = |v: String| {
            v.parse::<u64>()
                .map_err(|_| format!("{a}: {v:?} is not a number"))
        };
        match a.as_str() {
            "--bench" => {}
            "--runs" => o.runs = num(value()?)? as usize,
            "--articles" => o.articles = num(value()?)? as usize,
            "--long" => o.long = num(value()?)? as usize,
            "--slow" => o.slow = num(value()?)? as usize,
            "--hold" => o.hold = Duration::from_secs(num(value()?)?),
            "--search" => o.search = Duration::from_secs(num(value()?)?),
            "--data" => o.data = Some(PathBuf::from(value()?)),
            "--phases" => o.phases = value()?.split(',').map(String::from).collect(),
            "--fds" => {
                o.fds = value()?
                    .split(',')
                    .map(|v| num(v.to_owned()))
                    .collect::<Result<_, _>>()?
            }
            other => return Err(format!("unknown option {other:?}").into()),
        }
    }
    Ok(o)
}

fn main() -> Result<(), Error> {
    let mut args = std::env::args().skip(1);
    if args.next().as_deref() == Some("--serve") {
        let dir = PathBuf::from(args.next().ok_or("--serve DIR")?);
        return serve_child(&dir);
    }
    let o = opts()?;
    raise_fd_limit();
    let tmp = tempfile::tempdir()?;
    let dir = o.data.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    seed(&dir, &o)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    // (fds, phase, figure) -> one value per run.
    let mut figures: BTreeMap<(u64, String, String), Vec<f64>> = BTreeMap::new();
    for run in 1..=o.runs {
        for &fds in &o.fds {
            let mut server = Server::start(&dir, fds)?;
            println!(
                "== run {run}, descriptors {}: server {} (connection cap {})",
                if fds == 0 {
                    "inherited".into()
                } else {
                    fds.to_string()
                },
                server.addr,
                server.cap
            );
            let results = rt.block_on(phases(server.addr, &o));
            server.stop();
            for (phase, fig, v) in results {
                figures.entry((fds, phase, fig)).or_default().push(v);
            }
        }
    }
    println!("\n== medians over {} runs", o.runs);
    for ((fds, phase, fig), mut v) in figures {
        v.sort_by(f64::total_cmp);
        let fds = if fds == 0 {
            "inherited".into()
        } else {
            format!("ulimit {fds}")
        };
        println!(
            "{fds:>10}  {phase:<9} {fig:<28} {:>9.1}   runs {v:?}",
            v[v.len() / 2]
        );
    }
    Ok(())
}

/// The server side: serves `dir` on a free loopback port until stdin closes.
fn serve_child(dir: &Path) -> Result<(), Error> {
    let store = SqliteStore::open_dir(dir)?;
    let state = AppState::new(Arc::new(store), Config::default());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        // As `tidings serve` binds.
        let listener = tidings_web::conn::bind("127.0.0.1:0").await?;
        println!(
            "listening {} {}",
            listener.local_addr()?,
            tidings_web::conn::default_max_connections()
        );
        std::io::stdout().flush()?;
        let stop = async {
            let _ = tokio::task::spawn_blocking(|| {
                let mut line = String::new();
                std::io::stdin().lock().read_line(&mut line)
            })
            .await;
        };
        tidings_web::serve_until(listener, state, stop).await
    })?;
    rt.shutdown_timeout(Duration::from_secs(5));
    Ok(())
}

/// The server process, under `ulimit -n fds` when `fds` is not 0.
struct Server {
    child: Child,
    addr: SocketAddr,
    cap: usize,
}

impl Server {
    fn start(dir: &Path, fds: u64) -> Result<Server, Error> {
        let exe = std::env::current_exe()?;
        let mut cmd = if fds == 0 {
            let mut c = Command::new(&exe);
            c.arg("--serve").arg(dir);
            c
        } else {
            let mut c = Command::new("sh");
            c.arg("-c")
                .arg(format!("ulimit -n {fds} && exec \"$0\" --serve \"$1\""))
                .arg(&exe)
                .arg(dir);
            c
        };
        let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).spawn()?;
        let mut line = String::new();
        let out = child.stdout.take().ok_or("no stdout")?;
        std::io::BufReader::new(out).read_line(&mut line)?;
        let mut parts = line.split_whitespace().skip(1);
        let addr = parts
            .next()
            .ok_or_else(|| format!("server said {line:?}"))?;
        let cap = parts.next().and_then(|c| c.parse().ok()).unwrap_or(0);
        Ok(Server {
            child,
            addr: addr.parse()?,
            cap,
        })
    }

    fn stop(&mut self) {
        drop(self.child.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        eprintln!("server {} did not stop; killing it", self.child.id());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            self.stop();
        }
    }
}

fn raise_fd_limit() {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let mut l = getrlimit(Resource::Nofile);
    if l.current < l.maximum {
        l.current = l.maximum;
        let _ = setrlimit(Resource::Nofile, l);
    }
}

/// A small deterministic random source (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// A word, common ones far more often (about Zipf's law).
    fn word(&mut self) -> &'static str {
        let r = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        let i = ((VOCABULARY.len() as f64).powf(r) - 1.0) as usize;
        VOCABULARY[i.min(VOCABULARY.len() - 1)]
    }
    fn words(&mut self, n: usize) -> String {
        (0..n).map(|_| self.word()).collect::<Vec<_>>().join(" ")
    }
}

/// Fills `dir` with `articles` articles of ~300 common words and `long` of 20,000, two to a
/// story (unless it holds articles already).
fn seed(dir: &Path, o: &Opts) -> Result<(), Error> {
    let store = SqliteStore::open_dir(dir)?;
    let have = store.count_articles()?;
    if have > 0 {
        println!("== store {}: {have} articles already", dir.display());
        return Ok(());
    }
    let started = Instant::now();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let total = o.articles + o.long;
    for i in 0..total {
        // Every `step`-th article (of the first `long` such) has 20,000 words.
        let step = (total / o.long.max(1)).max(1);
        let (paragraphs, words) = if o.long > 0 && i % step == 0 && i / step < o.long {
            (200, 100)
        } else {
            (5, 60)
        };
        let paragraphs: Vec<String> = (0..paragraphs).map(|_| rng.words(words)).collect();
        let title = format!("Story {i}: {}", rng.words(8));
        let article = Article {
            title: Some(title),
            url: Some(format!("https://outlet{}.example/{i}", i % 40)),
            paragraphs: paragraphs.clone(),
            ..Article::default()
        };
        let id = store.insert_article(&NewArticle {
            identity: format!("url:https://outlet{}.example/{i}", i % 40),
            source: "hostile_load".into(),
            site: Some(format!("outlet{}.example", i % 40)),
            clean_paragraphs: paragraphs,
            article,
            ingested_at: "2026-03-05T10:00:00Z".into(),
        })?;
        store.assign_story(id, (i / 2 + 1) as i64, None)?;
    }
    println!(
        "== seeded {}: {} articles in {:.1} s",
        dir.display(),
        store.count_articles()?,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// 127.0.0.N.
fn loopback(n: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(127, 0, 0, n))
}

/// One GET on a new connection from `from`: its status and time, or what went wrong.
async fn fetch(addr: SocketAddr, from: IpAddr, path: &str) -> Result<(u16, Duration), String> {
    let started = Instant::now();
    let exchange = async {
        let socket = TcpSocket::new_v4().map_err(|e| format!("socket: {e}"))?;
        socket
            .bind(SocketAddr::new(from, 0))
            .map_err(|e| format!("bind: {e}"))?;
        let mut s = socket
            .connect(addr)
            .await
            .map_err(|e| format!("connect: {e}"))?;
        let req = format!("GET {path} HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n");
        s.write_all(req.as_bytes())
            .await
            .map_err(|e| format!("write: {e}"))?;
        let mut raw = Vec::new();
        s.read_to_end(&mut raw)
            .await
            .map_err(|e| format!("read: {e}"))?;
        let head = String::from_utf8_lossy(&raw[..raw.len().min(32)]).into_owned();
        head.split(' ')
            .nth(1)
            .and_then(|s| s.parse::<u16>().ok())
            .ok_or_else(|| format!("no status in {head:?}"))
    };
    match tokio::time::timeout(Duration::from_secs(30), exchange).await {
        Ok(Ok(status)) => Ok((status, started.elapsed())),
        Ok(Err(e)) => Err(e),
        Err(_) => Err("no answer in 30 s".into()),
    }
}

/// GETs `path` again and again, 10 ms after each answer, until `until`: each answer.
async fn repeat(
    addr: SocketAddr,
    path: String,
    until: Instant,
) -> Vec<Result<(u16, Duration), String>> {
    let mut out = Vec::new();
    while Instant::now() < until {
        out.push(fetch(addr, loopback(1), &path).await);
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    out
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

type Figures = Vec<(String, String, f64)>;

/// Prints and returns the figures of one set of answers: ms at p50/p99/max of the good
/// ones, and how many were not.
fn summarise(
    phase: &str,
    name: &str,
    answers: &[Result<(u16, Duration), String>],
    ok: &[u16],
) -> Figures {
    let mut ms: Vec<f64> = Vec::new();
    let mut statuses: BTreeMap<String, usize> = BTreeMap::new();
    for a in answers {
        match a {
            Ok((s, d)) => {
                *statuses.entry(s.to_string()).or_default() += 1;
                if ok.contains(s) {
                    ms.push(d.as_secs_f64() * 1000.0);
                }
            }
            Err(e) => *statuses.entry(e.clone()).or_default() += 1,
        }
    }
    ms.sort_by(f64::total_cmp);
    let failed = answers.len() - ms.len();
    println!(
        "  {phase:<9} {name:<26} n={:<5} p50 {:>7.1} ms  p99 {:>7.1} ms  max {:>7.1} ms  not ok {failed}  {statuses:?}",
        answers.len(),
        percentile(&ms, 0.5),
        percentile(&ms, 0.99),
        percentile(&ms, 1.0),
    );
    let f = |fig: &str, v: f64| (phase.to_owned(), format!("{name} {fig}"), v);
    vec![
        f("p50 ms", percentile(&ms, 0.5)),
        f("p99 ms", percentile(&ms, 0.99)),
        f("max ms", percentile(&ms, 1.0)),
        f("not ok", failed as f64),
    ]
}

/// Probes of `/healthz` and `/` while `attack` runs; the probes' figures.
async fn probed<F: std::future::Future<Output = Figures>>(
    addr: SocketAddr,
    phase: &str,
    until: Instant,
    attack: F,
) -> Figures {
    let health = tokio::spawn(repeat(addr, "/healthz".into(), until));
    let front = tokio::spawn(repeat(addr, "/".into(), until));
    let mut figs = attack.await;
    let health = health.await.unwrap_or_default();
    let front = front.await.unwrap_or_default();
    figs.extend(summarise(phase, "probe /healthz", &health, &[200]));
    figs.extend(summarise(phase, "probe /", &front, &[200]));
    figs
}

/// Searches, each sent again 10 ms after its answer, in parallel, until `until`.
async fn searches(
    addr: SocketAddr,
    phase: &str,
    until: Instant,
    paths: Vec<(String, String)>,
) -> Figures {
    let tasks: Vec<_> = paths
        .into_iter()
        .map(|(name, path)| (name, tokio::spawn(repeat(addr, path, until))))
        .collect();
    let mut figs = Vec::new();
    for (name, t) in tasks {
        let answers = t.await.unwrap_or_default();
        figs.extend(summarise(phase, &name, &answers, &[200, 400]));
    }
    figs
}

/// What the slow clients saw.
#[derive(Default)]
struct SlowStats {
    connects: AtomicUsize,
    connect_errors: AtomicUsize,
    refused: AtomicUsize,
    closed: AtomicUsize,
    open: AtomicUsize,
    peak: AtomicUsize,
}

/// One slow client: half a head, then a byte a second; a second or so (`jitter` more) after
/// the server closes it, again.
async fn slow_client(
    addr: SocketAddr,
    from: IpAddr,
    jitter: Duration,
    until: Instant,
    st: Arc<SlowStats>,
) {
    // The clients start over a second and keep a pace of their own, as a crowd would.
    tokio::time::sleep(jitter).await;
    while Instant::now() < until {
        let socket = TcpSocket::new_v4().and_then(|s| s.bind(SocketAddr::new(from, 0)).map(|()| s));
        let stream = match socket {
            Ok(s) => tokio::time::timeout(Duration::from_secs(5), s.connect(addr)).await,
            Err(e) => Ok(Err(e)),
        };
        let Ok(Ok(mut s)) = stream else {
            st.connect_errors.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        };
        st.connects.fetch_add(1, Ordering::Relaxed);
        let open = st.open.fetch_add(1, Ordering::Relaxed) + 1;
        st.peak.fetch_max(open, Ordering::Relaxed);
        let _ = s
            .write_all(b"GET / HTTP/1.1\r\nHost: bench\r\nX-Slow: ")
            .await;
        let mut buf = [0u8; 512];
        loop {
            tokio::select! {
                r = s.read(&mut buf) => {
                    match r {
                        Ok(n) if n > 0 && buf[..n].starts_with(b"HTTP/1.1 503") => {
                            st.refused.fetch_add(1, Ordering::Relaxed);
                        }
                        _ => { st.closed.fetch_add(1, Ordering::Relaxed); }
                    }
                    break;
                }
                () = tokio::time::sleep(Duration::from_secs(1)) => {
                    if Instant::now() >= until || s.write_all(b"a").await.is_err() {
                        break;
                    }
                }
            }
        }
        st.open.fetch_sub(1, Ordering::Relaxed);
        drop(s);
        tokio::time::sleep(Duration::from_secs(1) + jitter).await;
    }
}

/// `n` slow clients from `addresses` loopback addresses (127.0.0.2 on; 1 means 127.0.0.1)
/// until `until`.
async fn slow_crowd(
    addr: SocketAddr,
    phase: &str,
    n: usize,
    addresses: usize,
    until: Instant,
) -> Figures {
    let st = Arc::new(SlowStats::default());
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let from = if addresses <= 1 {
                loopback(1)
            } else {
                loopback(2 + (i % addresses) as u8)
            };
            let jitter = Duration::from_millis((i * 7919 % 1000) as u64);
            tokio::spawn(slow_client(addr, from, jitter, until, Arc::clone(&st)))
        })
        .collect();
    for t in tasks {
        let _ = t.await;
    }
    let get = |a: &AtomicUsize| a.load(Ordering::Relaxed) as f64;
    println!(
        "  {phase:<9} slow clients {n}: connections {}, closed by the server {}, refused (503) {}, connect errors {}, peak open (client side) {}",
        get(&st.connects),
        get(&st.closed),
        get(&st.refused),
        get(&st.connect_errors),
        get(&st.peak)
    );
    let f = |fig: &str, v: f64| (phase.to_owned(), fig.to_owned(), v);
    vec![
        f("slow connections made", get(&st.connects)),
        f("slow closed by server", get(&st.closed)),
        f("slow refused 503", get(&st.refused)),
    ]
}

/// Every phase against one server.
async fn phases(addr: SocketAddr, o: &Opts) -> Figures {
    // Warm the page cache and the readers.
    let _ = fetch(addr, loopback(1), "/").await;
    let _ = fetch(addr, loopback(1), "/search?q=council").await;
    let mut rng = Rng(42);
    let huge: String = (0..5000).map(|_| rng.word()).collect::<Vec<_>>().join("+");
    let the = vec!["the"; 60].join("+");
    let mut figs = Vec::new();

    let on = |phase: &str| o.phases.iter().any(|p| p == phase);
    if on("search") {
        let until = Instant::now() + o.search;
        let attack = searches(
            addr,
            "search",
            until,
            vec![
                ("5000 words /search".into(), format!("/search?q={huge}")),
                ("5000 words /api".into(), format!("/api/v1/search?q={huge}")),
                (
                    "5000 words /feeds".into(),
                    format!("/feeds/search.rss?q={huge}"),
                ),
                ("60x the /search".into(), format!("/search?q={the}")),
            ],
        );
        figs.extend(probed(addr, "search", until, attack).await);
    }

    let common32 = VOCABULARY[..32].join("+");
    if on("legal") {
        let until = Instant::now() + o.search;
        let attack = searches(
            addr,
            "legal",
            until,
            vec![
                (
                    "32 common words /api".into(),
                    format!("/api/v1/search?q={common32}"),
                ),
                ("4 prefixes /search".into(), "/search?q=t*+a*+o*+s*".into()),
                ("the /api".into(), "/api/v1/search?q=the".into()),
            ],
        );
        figs.extend(probed(addr, "legal", until, attack).await);
    }

    for (phase, addresses) in [("slow", 250), ("slow-one", 1)] {
        if !on(phase) {
            continue;
        }
        let until = Instant::now() + o.hold;
        let attack = slow_crowd(addr, phase, o.slow, addresses, until);
        figs.extend(probed(addr, phase, until, attack).await);
        // Let the server close what is left before the next phase.
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    figs
}
