//! The reader in a real browser: headless Chromium driven through ChromeDriver (WebDriver, over
//! a small HTTP client here). Needs Debian's `chromium` and `chromium-driver`
//! (`/usr/bin/chromium`, `/usr/bin/chromedriver`; override with `TIDINGS_CHROMIUM` and
//! `TIDINGS_CHROMEDRIVER`); without them the test FAILS and says what to install.
//! Screenshots go to `target/browser-artifacts/`.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tidings_store::Store;
use tidings_web::{AppState, Config};

fn tool(env: &str, default: &str) -> PathBuf {
    let p = std::env::var_os(env).map_or_else(|| PathBuf::from(default), PathBuf::from);
    assert!(
        p.exists(),
        "browser tests need {} ({}). Install Debian's chromium and chromium-driver \
         (apt-get install -y chromium chromium-driver) or set {env}.",
        p.display(),
        if env.contains("DRIVER") {
            "ChromeDriver"
        } else {
            "Chromium"
        }
    );
    p
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A blocking HTTP/1.1 exchange with a local server (`Connection: close`).
fn http(addr: SocketAddr, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
    let payload = body.map(Value::to_string).unwrap_or_default();
    let mut s = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
    s.set_read_timeout(Some(Duration::from_secs(60))).ok();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{payload}",
        payload.len()
    );
    s.write_all(req.as_bytes()).expect("write");
    // Read the head, then exactly the body (the driver may keep the connection open).
    let mut raw = Vec::new();
    let mut buf = [0u8; 16384];
    let (head, mut rest) = loop {
        let n = s
            .read(&mut buf)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        assert!(
            n > 0,
            "{method} {path}: connection closed before the response head"
        );
        raw.extend_from_slice(&buf[..n]);
        if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break (
                String::from_utf8_lossy(&raw[..i]).into_owned(),
                raw[i + 4..].to_vec(),
            );
        }
    };
    let lower = head.to_ascii_lowercase();
    let length = lower
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok());
    let chunked = lower.contains("transfer-encoding: chunked");
    loop {
        let done = match length {
            Some(n) => rest.len() >= n,
            None if chunked => rest.windows(5).any(|w| w == b"0\r\n\r\n"),
            None => false,
        };
        if done {
            break;
        }
        let n = s
            .read(&mut buf)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        if n == 0 {
            break;
        }
        rest.extend_from_slice(&buf[..n]);
    }
    let rest = String::from_utf8_lossy(&rest).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = if chunked { dechunk(&rest) } else { rest };
    (
        status,
        serde_json::from_str(&body).unwrap_or(Value::String(body)),
    )
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].trim_start_matches("\r\n");
    }
    out
}

struct Driver {
    child: Child,
    addr: SocketAddr,
    session: String,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = http(
            self.addr,
            "DELETE",
            &format!("/session/{}", self.session),
            None,
        );
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    fn start() -> Driver {
        let chromium = tool("TIDINGS_CHROMIUM", "/usr/bin/chromium");
        let chromedriver = tool("TIDINGS_CHROMEDRIVER", "/usr/bin/chromedriver");
        let port = free_port();
        let child = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("starting {}: {e}", chromedriver.display()));
        let addr: SocketAddr = ([127, 0, 0, 1], port).into();
        let start = Instant::now();
        while TcpStream::connect(addr).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().expect("profile dir");
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                         "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync",
                         "--disable-dev-shm-usage", "--window-size=1200,900",
                         format!("--user-data-dir={}", profile.path().display())]
            }
        }}});
        let (status, v) = http(addr, "POST", "/session", Some(&caps));
        assert_eq!(status, 200, "new WebDriver session: {v}");
        let session = v["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session id: {v}"))
            .to_owned();
        Driver {
            child,
            addr,
            session,
            _profile: profile,
        }
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let (status, v) = http(
            self.addr,
            method,
            &format!("/session/{}{path}", self.session),
            body.as_ref(),
        );
        assert_eq!(status, 200, "{method} {path}: {v}");
        v["value"].clone()
    }

    fn go(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({"url": url})));
    }

    fn js(&self, script: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
    }

    fn key(&self, k: &str) {
        self.cmd(
            "POST",
            "/actions",
            Some(json!({"actions": [{"type": "key", "id": "kb", "actions": [
                {"type": "keyDown", "value": k}, {"type": "keyUp", "value": k}]}]})),
        );
        self.cmd("DELETE", "/actions", None);
    }

    fn type_text(&self, text: &str) {
        for c in text.chars() {
            self.key(&c.to_string());
        }
    }

    /// Waits until a script returns true.
    fn wait_for(&self, what: &str, script: &str, secs: u64) {
        let start = Instant::now();
        loop {
            if self.js(script) == Value::Bool(true) {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(secs),
                "timed out waiting for {what} ({script})"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn size(&self, width: u32, height: u32) {
        self.cmd(
            "POST",
            "/window/rect",
            Some(json!({"width": width, "height": height})),
        );
    }

    fn screenshot(&self, dir: &Path, name: &str) {
        let b64 = self.cmd("GET", "/screenshot", None);
        let png = base64(b64.as_str().unwrap_or_default());
        assert!(png.starts_with(b"\x89PNG"), "screenshot is a PNG");
        std::fs::write(dir.join(name), png).expect("write screenshot");
    }
}

fn base64(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let (mut out, mut acc, mut bits) = (Vec::new(), 0u32, 0);
    for v in s.bytes().filter_map(val) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

fn artifacts() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"),
        PathBuf::from,
    );
    let dir = target.join("browser-artifacts");
    std::fs::create_dir_all(&dir).expect("artifacts dir");
    dir
}

/// Serves the seed fixture on a free port in a background runtime.
fn serve(state: AppState) -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tidings_web::serve_blocking("127.0.0.1:0", state, |addr| {
            let _ = tx.send(addr);
        });
    });
    rx.recv_timeout(Duration::from_secs(10))
        .expect("server started")
}

#[test]
fn reader_in_headless_chromium() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Arc::new(common::ingest_seeds(dir.path()));
    let state = AppState::new(
        store.clone(),
        Config {
            poll_interval: Duration::from_millis(300),
            ..Config::default()
        },
    );
    let base = format!("http://{}", serve(state));
    let shots = artifacts();
    let d = Driver::start();

    // Front page: one story, two outlets.
    d.go(&format!("{base}/"));
    assert_eq!(
        d.js("return document.querySelectorAll('article.story').length"),
        1
    );
    let outlets = d.js("return document.querySelector('.story .outlets').textContent");
    assert!(
        outlets.as_str().is_some_and(|t| t.starts_with("2 outlets")),
        "{outlets}"
    );
    d.screenshot(&shots, "front-1200.png");

    // j selects the story, o opens it.
    d.key("j");
    assert_eq!(
        d.js("return document.activeElement.classList.contains('current')"),
        true
    );
    d.key("k");
    assert_eq!(
        d.js("return document.querySelectorAll('.story.current').length"),
        1
    );
    d.key("o");
    d.wait_for(
        "the story page",
        "return location.pathname === '/story/1'",
        10,
    );

    // s switches short/long, and the choice is remembered.
    let visible = |id: &str| d.js(&format!("return !document.getElementById('{id}').hidden"));
    assert_eq!(visible("short"), true);
    assert_eq!(visible("long"), false);
    d.key("s");
    assert_eq!(visible("long"), true);
    assert_eq!(visible("short"), false);
    d.screenshot(&shots, "story-long.png");
    d.go(&format!("{base}/story/1"));
    assert_eq!(visible("long"), true, "long remembered across pages");
    d.js("document.querySelector('nav.switch a[data-version=short]').click(); return true");
    assert_eq!(visible("short"), true);
    d.go(&format!("{base}/story/1"));
    assert_eq!(visible("short"), true, "short remembered");

    // / focuses search; a search for Netanyahu finds the story's articles.
    d.key("/");
    assert_eq!(d.js("return document.activeElement.id"), "q");
    d.type_text("Netanyahu");
    d.key("\u{E007}"); // Enter
    d.wait_for(
        "search results",
        "return location.pathname === '/search'",
        10,
    );
    let hits = d.js("return Array.from(document.querySelectorAll('ol.hits a.open')).map(a => a.getAttribute('href'))");
    assert!(
        hits.as_array().is_some_and(|h| !h.is_empty()),
        "search hits: {hits}"
    );
    assert_eq!(
        d.js("return document.querySelectorAll('mark').length > 0"),
        true
    );
    d.screenshot(&shots, "search.png");

    // The reader view: none of the clutter.
    for id in [1, 2] {
        d.go(&format!("{base}/article/{id}?story=1"));
        let text = d.js("return document.querySelector('main').innerText");
        let text = text.as_str().unwrap_or_default();
        for clutter in [
            "App Store",
            "Google Play",
            "Newspin",
            "Latest News",
            "3016 views",
            "US Senate fails",
        ] {
            assert!(!text.contains(clutter), "article {id} shows {clutter:?}");
        }
        assert!(
            text.split_whitespace().count() > 150,
            "article {id} has its text"
        );
    }
    d.screenshot(&shots, "article.png");

    // A live update: another story arrives while the front page is open.
    d.go(&format!("{base}/"));
    d.wait_for(
        "the event stream",
        "return document.getElementById('live') !== null",
        5,
    );
    std::thread::sleep(Duration::from_millis(500));
    // A real second ingest, as `tidings ingest` in another process would do it: its own
    // connection to the same data directory, the file read, extracted, stored and clustered.
    let inbox = tempfile::tempdir().expect("temp dir");
    let page = inbox.path().join("crane.txt");
    std::fs::write(
        &page,
        "Harbour crane falls in the night\n\nMarch 6, 2026\n\nPort Gazette\n\n\
         A harbour crane fell over in the night at the container terminal, the port authority \
         said on Friday. Nobody was hurt, and the terminal reopened in the morning after \
         engineers checked the quay.\n",
    )
    .expect("write page");
    let second = tidings_engine::Engine::new(
        tidings_store::SqliteStore::open_dir(dir.path()).expect("second connection"),
    )
    .expect("engine");
    let report = second.ingest_paths(&[page], |_| {});
    assert_eq!(report.added.len(), 1, "{:?}", report.failed);
    d.wait_for(
        "the new-stories banner",
        "const l = document.getElementById('live'); return !l.hidden && l.textContent.includes('1 new story')",
        15,
    );
    d.screenshot(&shots, "live-banner.png");

    // Phone width: nothing wider than the screen.
    d.size(375, 800);
    for path in ["/", "/story/1", "/article/1", "/search?q=Netanyahu"] {
        d.go(&format!("{base}{path}"));
        let fits = d.js("return document.documentElement.scrollWidth <= window.innerWidth + 1");
        let widths = d.js("return [document.documentElement.scrollWidth, window.innerWidth]");
        assert_eq!(fits, true, "{path} overflows at 375 px: {widths}");
    }
    d.go(&format!("{base}/"));
    d.screenshot(&shots, "front-375.png");
    d.go(&format!("{base}/story/1"));
    d.screenshot(&shots, "story-375.png");

    // Dark theme from the switch.
    d.js("document.querySelector('[data-theme-set=dark]').click(); return true");
    assert_eq!(
        d.js("return document.documentElement.dataset.theme"),
        "dark"
    );
    d.go(&format!("{base}/story/1"));
    assert_eq!(
        d.js("return document.documentElement.dataset.theme"),
        "dark",
        "theme kept"
    );
    d.screenshot(&shots, "story-375-dark.png");

    // The sources page shows each fetched source's health (recorded here as a fetch would).
    let (src, _) = store
        .add_source("https://feeds.example/world.xml", "2026-03-05T08:00:00Z")
        .expect("add source");
    for at in ["2026-03-05T09:00:00Z", "2026-03-05T10:00:00Z"] {
        store
            .record_source_fetch(
                src.id,
                &tidings_store::SourceFetch {
                    at: at.into(),
                    error: Some(
                        "https://feeds.example/world.xml: HTTP 503 Service Unavailable".into(),
                    ),
                    kind: None,
                    title: None,
                    etag: None,
                    last_modified: None,
                    next_fetch: 1_772_701_200,
                },
            )
            .expect("record fetch");
    }
    d.go(&format!("{base}/sources"));
    let row = d.js("const r = document.querySelector('tr[data-source]'); return r && [r.querySelector('.failures').textContent, r.querySelector('.last-error').textContent, r.querySelector('.last-fetch').textContent]");
    assert_eq!(
        row,
        serde_json::json!(["2", "HTTP 503", "2026-03-05T10:00:00Z"]),
        "{row}"
    );
    let fits = d.js("return document.documentElement.scrollWidth <= window.innerWidth + 1");
    assert_eq!(fits, true, "/sources overflows at 375 px");
    d.screenshot(&shots, "sources-375-dark.png");

    // ? opens the help.
    d.key("?");
    assert_eq!(
        d.js("const h = document.getElementById('help'); return !!h && h.open"),
        true
    );
}
