//! No crash loses or orphans anything: `tidings ingest` and `tidings fetch` killed with
//! SIGKILL at random moments, many times, then run to completion, leave every document
//! stored once, every article in a story (a copy in its original's), every story's counts
//! equal to its members and SQLite's integrity checks passing. Two ingests of the same files
//! at once store each document once with no failures, and give the stories one ingest gives.
//! A process killed while processing a source's page leaves that source backed off, not due
//! again at once.
//!
//! `TIDINGS_CRASH_TRIALS=N` runs N trials of each kind (default 25 ingest and 12 fetch
//! trials, each with one to three kills); `TIDINGS_CRASH_SEED=S` picks the kill moments.

#![cfg(unix)]

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// xorshift64*: seeded, so a failing trial can be run again.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn seed() -> u64 {
    std::env::var("TIDINGS_CRASH_SEED")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0x7157_2026)
}

fn trials(default: usize) -> usize {
    std::env::var("TIDINGS_CRASH_TRIALS")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(default)
}

fn tidings(data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tidings"));
    c.arg("--data")
        .arg(data)
        .env_remove("TIDINGS_FETCH_ALLOW_PRIVATE")
        .env("TIDINGS_FETCH_ALLOW_HOSTS", "127.0.0.1")
        .env("TIDINGS_LOG", "error");
    c
}

fn run(data: &Path, args: &[&str]) -> Output {
    tidings(data).args(args).output().expect("run tidings")
}

fn spawn(data: &Path, args: &[&str]) -> Child {
    tidings(data)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn tidings")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Invented names, so that reports of one event share words no other event has.
const NAMES: [&str; 12] = [
    "Varnholt",
    "Quillmere",
    "Astrabane",
    "Dunmorrow",
    "Kelvathi",
    "Oresund",
    "Bramwick",
    "Tavistri",
    "Holmgard",
    "Zerenka",
    "Marrowfen",
    "Esterlund",
];
const THINGS: [&str; 12] = [
    "ferry line",
    "steel plant",
    "water treaty",
    "rail tunnel",
    "school strike",
    "flood barrier",
    "copper mine",
    "port tariff",
    "wind farm",
    "election recount",
    "bridge collapse",
    "grain deal",
];

/// A report of event `e` by outlet `site`, dated in the event's own year (2019-2026, so
/// the oldest events are far outside the clustering window of the newest).
struct Doc {
    site: usize,
    event: usize,
    title: String,
    date: String,
    paragraphs: Vec<String>,
}

fn corpus() -> Vec<Doc> {
    let mut docs = Vec::new();
    for event in 0..NAMES.len() {
        let (name, thing) = (NAMES[event], THINGS[event]);
        let place = NAMES[(event + 5) % NAMES.len()];
        let date = format!(
            "{}-0{}-1{}T09:00:00Z",
            2019 + event % 8,
            1 + event % 9,
            event % 10
        );
        for site in 0..3 {
            let paragraphs = vec![
                format!(
                    "Minister {name} said on Tuesday that the {thing} near {place} would go \
                     ahead after eleven weeks of talks, according to outlet {site}."
                ),
                format!(
                    "Officials in {place} confirmed that {name} had signed the {thing} \
                     agreement, and that work would begin within a month."
                ),
                format!(
                    "Critics of the {thing} said {name} had ignored the concerns of \
                     residents in {place}, who plan to protest at the site."
                ),
                format!(
                    "The {thing} is expected to cost several hundred million, {name} told \
                     reporters in {place} late on Tuesday."
                ),
            ];
            docs.push(Doc {
                site,
                event,
                title: format!("{name} approves the {thing} near {place} (report {site})"),
                date: date.clone(),
                paragraphs,
            });
        }
        // Every third event is republished word for word by a fourth outlet: a copy.
        if event % 3 == 0 {
            let copy = Doc {
                site: 3,
                ..docs[docs.len() - 1].clone_doc()
            };
            docs.push(copy);
        }
    }
    docs
}

/// `n` rounds of the corpus, each about other events (fewer than 200 documents for 4 rounds:
/// one fetch stores them all).
fn rounds(n: usize) -> Vec<Doc> {
    let mut docs = Vec::new();
    for round in 0..n {
        for mut d in corpus() {
            d.title = format!("{} (part {round})", d.title);
            d.event += 100 * round;
            docs.push(d);
        }
    }
    docs
}

impl Doc {
    fn clone_doc(&self) -> Doc {
        Doc {
            site: self.site,
            event: self.event,
            title: self.title.clone(),
            date: self.date.clone(),
            paragraphs: self.paragraphs.clone(),
        }
    }

    /// The identity the engine gives it (its normalised URL).
    fn identity(&self) -> String {
        format!("url:site{}.example/news/{}", self.site, self.event)
    }

    fn url(&self) -> String {
        format!("https://site{}.example/news/{}", self.site, self.event)
    }

    fn html(&self) -> String {
        let body: String = self
            .paragraphs
            .iter()
            .map(|p| format!("<p>{p}</p>"))
            .collect();
        format!(
            "<!doctype html><html><head><title>{t}</title>\
             <link rel=\"canonical\" href=\"{u}\">\
             <meta property=\"og:site_name\" content=\"Outlet {s}\">\
             <meta property=\"article:published_time\" content=\"{d}\"></head>\
             <body><article><h1>{t}</h1>{body}</article></body></html>",
            t = self.title,
            u = self.url(),
            s = self.site,
            d = self.date,
        )
    }

    fn json_line(&self) -> String {
        serde_json::json!({
            "url": self.url(),
            "title": self.title,
            "text": self.paragraphs.join("\n\n"),
            "published": self.date,
            "source": format!("Outlet {}", self.site),
        })
        .to_string()
    }

    fn rss_item(&self) -> String {
        let body: String = self
            .paragraphs
            .iter()
            .map(|p| format!("<p>{p}</p>"))
            .collect();
        format!(
            "<item><title>{}</title><link>{}</link><guid>{}</guid><pubDate>{}</pubDate>\
             <description><![CDATA[{body}]]></description></item>",
            self.title,
            self.url(),
            self.url(),
            chrono::DateTime::parse_from_rfc3339(&self.date)
                .map(|d| d.to_rfc2822())
                .unwrap_or_default()
        )
    }
}

/// The corpus as files: half HTML pages, half JSON Lines (three files).
fn write_corpus(dir: &Path, docs: &[Doc]) {
    std::fs::create_dir_all(dir).unwrap();
    let mut lines = vec![String::new(); 3];
    for (i, d) in docs.iter().enumerate() {
        if i % 2 == 0 {
            std::fs::write(dir.join(format!("page-{i:03}.html")), d.html()).unwrap();
        } else {
            lines[i % 3].push_str(&d.json_line());
            lines[i % 3].push('\n');
        }
    }
    for (n, l) in lines.iter().enumerate() {
        std::fs::write(dir.join(format!("lines-{n}.jsonl")), l).unwrap();
    }
}

/// What must hold after any number of kills and one completed run, checked with SQLite
/// itself (not through the store: it is what is on disk that must be whole).
fn check_whole(data: &Path, expected: &BTreeSet<String>, what: &str) {
    let db = rusqlite::Connection::open(data.join("tidings.db")).expect("open db");
    let q = |sql: &str| -> i64 {
        db.query_row(sql, [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{what}: {sql}: {e}"))
    };
    let integrity: String = db
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    assert_eq!(integrity, "ok", "{what}");
    db.execute_batch("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')")
        .unwrap_or_else(|e| panic!("{what}: the full-text index disagrees: {e}"));
    // Every document stored once.
    let mut stmt = db.prepare("SELECT identity FROM articles").unwrap();
    let stored: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let distinct: BTreeSet<String> = stored.iter().cloned().collect();
    assert_eq!(
        distinct.len(),
        stored.len(),
        "{what}: a document stored twice"
    );
    assert_eq!(&distinct, expected, "{what}: documents stored");
    // Every article in a story that exists; a copy in its original's.
    assert_eq!(
        q("SELECT count(*) FROM articles WHERE story_id IS NULL"),
        0,
        "{what}: articles in no story"
    );
    assert_eq!(
        q(
            "SELECT count(*) FROM articles a LEFT JOIN stories s ON s.id = a.story_id
           WHERE s.id IS NULL"
        ),
        0,
        "{what}: articles in a story that does not exist"
    );
    assert_eq!(
        q(
            "SELECT count(*) FROM articles c JOIN articles o ON o.id = c.duplicate_of
           WHERE c.story_id IS NOT o.story_id"
        ),
        0,
        "{what}: a copy outside its original's story"
    );
    // Story counts equal their members; no story is empty.
    assert_eq!(
        q("SELECT count(*) FROM stories s WHERE s.articles !=
             (SELECT count(*) FROM articles a WHERE a.story_id = s.id)
           OR s.outlets != (SELECT count(DISTINCT coalesce(site, 'article:' || id))
             FROM articles a WHERE a.story_id = s.id AND a.duplicate_of IS NULL)
           OR s.articles = 0"),
        0,
        "{what}: a story whose counts are not its members'"
    );
}

/// Articles in no story right now (what a kill left, before the re-run).
fn unplaced(data: &Path) -> i64 {
    let Ok(db) = rusqlite::Connection::open(data.join("tidings.db")) else {
        return 0;
    };
    db.query_row(
        "SELECT count(*) FROM articles WHERE story_id IS NULL",
        [],
        |r| r.get(0),
    )
    .unwrap_or(0)
}

/// Kills `args` at random moments (1-3 times, each within `span`), then runs it to
/// completion; returns how many kills there were and how many left an article in no story.
fn kill_then_complete(rng: &mut Rng, data: &Path, args: &[&str], span: Duration) -> (usize, usize) {
    let (mut kills, mut orphaning) = (0, 0);
    for _ in 0..1 + rng.below(3) {
        kills += 1;
        let at = Duration::from_micros(rng.below(span.as_micros() as u64));
        let mut child = spawn(data, args);
        std::thread::sleep(at);
        // Killed mid-run, or already done (a moment past its end): both fine.
        let _ = child.kill();
        let _ = child.wait();
        if unplaced(data) > 0 {
            orphaning += 1;
        }
    }
    let done = run(data, args);
    assert!(
        done.status.success(),
        "{args:?} after kills: {}",
        text(&done)
    );
    (kills, orphaning)
}

#[test]
fn ingest_killed_at_random_moments_loses_and_orphans_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let docs = corpus();
    let files = dir.path().join("docs");
    write_corpus(&files, &docs);
    let expected: BTreeSet<String> = docs.iter().map(Doc::identity).collect();
    let files = files.to_str().unwrap().to_owned();
    let args = ["ingest", files.as_str()];
    // One clean run says how long a run takes: kills land anywhere in it.
    let clean = dir.path().join("clean");
    let t = Instant::now();
    let o = run(&clean, &args);
    let span = t.elapsed();
    assert!(o.status.success(), "{}", text(&o));
    check_whole(&clean, &expected, "clean run");

    let mut rng = Rng(seed());
    let (n, mut kills, mut orphaning) = (trials(25), 0, 0);
    for trial in 0..n {
        let data = dir.path().join(format!("trial-{trial}"));
        let (k, o) = kill_then_complete(&mut rng, &data, &args, span);
        (kills, orphaning) = (kills + k, orphaning + o);
        check_whole(
            &data,
            &expected,
            &format!("ingest trial {trial} (seed {})", seed()),
        );
        let _ = std::fs::remove_dir_all(&data);
    }
    eprintln!(
        "ingest: {n} trials, {kills} kills (a run {span:?}); {orphaning} kills left an article in no story, \
         each placed by the re-run"
    );
}

/// A local HTTP server answering every request with `body` as an RSS feed.
fn serve_feed(body: String) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for mut conn in listener.incoming().flatten() {
            let body = body.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                let _ = conn.read(&mut buf);
                let _ = write!(
                    conn,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\
                     Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    format!("http://{addr}/feed.xml")
}

fn feed(docs: &[Doc]) -> String {
    let items: String = docs.iter().map(Doc::rss_item).collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>\
         <link>https://wire.example/</link><description>All of it</description>{items}\
         </channel></rss>"
    )
}

#[test]
fn fetch_killed_at_random_moments_loses_and_orphans_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let docs = corpus();
    let url = serve_feed(feed(&docs));
    let expected: BTreeSet<String> = docs.iter().map(Doc::identity).collect();
    let args = ["fetch", "--all"];
    let clean = dir.path().join("clean");
    assert!(run(&clean, &["sources", "add", &url]).status.success());
    let t = Instant::now();
    let o = run(&clean, &args);
    let span = t.elapsed();
    assert!(o.status.success(), "{}", text(&o));
    check_whole(&clean, &expected, "clean fetch");

    let mut rng = Rng(seed() ^ 0xfe7c);
    let (n, mut kills, mut orphaning) = (trials(12), 0, 0);
    for trial in 0..n {
        let data = dir.path().join(format!("trial-{trial}"));
        assert!(run(&data, &["sources", "add", &url]).status.success());
        let (k, o) = kill_then_complete(&mut rng, &data, &args, span);
        (kills, orphaning) = (kills + k, orphaning + o);
        check_whole(
            &data,
            &expected,
            &format!("fetch trial {trial} (seed {})", seed()),
        );
        let o = run(&data, &["sources", "--json"]);
        let sources: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
        assert_eq!(sources[0]["consecutive_failures"], 0, "{sources}");
        let _ = std::fs::remove_dir_all(&data);
    }
    eprintln!(
        "fetch: {n} trials, {kills} kills (a run {span:?}); {orphaning} kills left an article in no story, \
         each placed by the re-run"
    );
}

/// Two `tidings ingest` of the same files at once reported ~92 false "UNIQUE constraint
/// failed" failures, and split stories. Now each document is stored once, by one of them;
/// none fails; the stories are those of one ingest alone.
#[test]
fn two_ingests_of_the_same_files_at_once_store_each_once() {
    let dir = tempfile::tempdir().unwrap();
    // Enough documents for the two runs to overlap.
    let docs = rounds(4);
    let files = dir.path().join("docs");
    write_corpus(&files, &docs);
    let expected: BTreeSet<String> = docs.iter().map(Doc::identity).collect();
    let data = dir.path().join("data");
    // The store exists before both start (as when `serve` runs), so they race on documents.
    assert!(run(&data, &["sources"]).status.success());
    let files = files.to_str().unwrap();
    let both: Vec<Child> = (0..2)
        .map(|_| {
            tidings(&data)
                .args(["ingest", files])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    let mut added = 0;
    for child in both {
        let o = child.wait_with_output().expect("wait");
        let out = text(&o);
        assert!(o.status.success(), "{out}");
        assert!(!out.contains("UNIQUE"), "{out}");
        let summary = String::from_utf8_lossy(&o.stdout);
        let n: usize = summary
            .trim()
            .strip_prefix("ingested ")
            .and_then(|s| s.split(',').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("summary: {summary}"));
        assert!(
            summary.contains(&format!(
                "skipped {} already known, failed 0",
                docs.len() - n
            )),
            "{summary}"
        );
        added += n;
    }
    assert_eq!(added, docs.len(), "each document stored by exactly one");
    check_whole(&data, &expected, "two ingests at once");
    // The stories are one ingest's: each process places knowing every article placed
    // before, whichever placed it (they used to split every event in two: 24 against 12).
    let alone = dir.path().join("alone");
    assert!(run(&alone, &["ingest", files]).status.success());
    let (two, one) = (stories(&data), stories(&alone));
    assert_eq!(
        two.len(),
        one.len(),
        "stories: two ingests at once against one ingest alone"
    );
    assert_eq!(two, one, "the same stories");
}

/// The stories of a data directory, each as the identities of its articles (ids may differ
/// between two stores; the grouping must not).
fn stories(data: &Path) -> BTreeSet<BTreeSet<String>> {
    let db = rusqlite::Connection::open(data.join("tidings.db")).expect("open db");
    let mut stmt = db
        .prepare("SELECT story_id, identity FROM articles ORDER BY story_id")
        .unwrap();
    let mut groups: std::collections::BTreeMap<Option<i64>, BTreeSet<String>> = Default::default();
    for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap() {
        let (story, identity) = row.unwrap();
        groups.entry(story).or_default().insert(identity);
    }
    groups.into_values().collect()
}

/// A process killed while it processes a source's page (as one crashed by the page would
/// die) leaves that attempt noted: the next `tidings fetch` (as `serve` on restart) records
/// it as a failure and does not fetch the source again at once.
#[test]
fn a_source_whose_processing_was_cut_short_backs_off() {
    let dir = tempfile::tempdir().unwrap();
    // Many items, so that processing them takes a while.
    let docs = rounds(4);
    let url = serve_feed(feed(&docs));
    let attempts = |data: &Path| data.join("attempts");
    for attempt in 0..10 {
        let data = dir.path().join(format!("data-{attempt}"));
        assert!(run(&data, &["sources", "add", &url]).status.success());
        let mut child = spawn(&data, &["fetch"]);
        // Wait until the process notes it is processing source 1, then kill it.
        let started = Instant::now();
        let mut noted = false;
        while started.elapsed() < Duration::from_secs(60) {
            if let Ok(entries) = std::fs::read_dir(attempts(&data)) {
                noted = entries.flatten().any(|e| {
                    e.path().extension().is_some_and(|x| x == "attempt")
                        && std::fs::read_to_string(e.path()).is_ok_and(|t| t.trim() == "1")
                });
            }
            if noted || child.try_wait().ok().flatten().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        let _ = child.kill();
        let _ = child.wait();
        // The kill must have found it still processing (the note still names the source).
        let still = std::fs::read_dir(attempts(&data))
            .map(|es| {
                es.flatten()
                    .any(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.trim() == "1"))
            })
            .unwrap_or(false);
        if !(noted && still) {
            continue; // it finished first: try again
        }
        let o = run(&data, &["fetch"]);
        let out = text(&o);
        assert!(
            out.contains("nothing due"),
            "not fetched again at once: {out}"
        );
        let o = run(&data, &["sources", "--json"]);
        let sources: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
        assert_eq!(sources[0]["consecutive_failures"], 1, "{sources}");
        let error = sources[0]["last_error"].as_str().unwrap_or("");
        assert!(error.contains("process ended"), "{error}");
        // Fetched on purpose, it completes, and nothing is lost or orphaned.
        let o = run(&data, &["fetch", "--all"]);
        assert!(o.status.success(), "{}", text(&o));
        let expected: BTreeSet<String> = docs.iter().map(Doc::identity).collect();
        check_whole(&data, &expected, "after the cut-short attempt");
        return;
    }
    panic!("in 10 tries the kill never caught the fetch processing its source");
}
