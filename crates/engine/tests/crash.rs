//! What a crash, a concurrent writer or a slow document leaves behind: articles stored but not
//! placed are placed by the next run, two engines on one store store each document once with
//! no false failures, a document past its time budget fails (named) and the run goes on, a
//! source whose processing never finished backs off.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tidings_cluster::Config as ClusterConfig;
use tidings_engine::extraction::{self, Limits};
use tidings_engine::{Engine, EngineError, FetchStatus, Outcome, Settings, fetching};
use tidings_extract::{Article, Published};
use tidings_store::{NewArticle, SqliteStore, Store, StoryOrder};

/// An engine on the store in `dir`, coordinating with other processes through `dir`.
fn coordinated(dir: &Path, settings: Settings) -> Engine<SqliteStore> {
    let store = SqliteStore::open_dir(dir).expect("store");
    let settings = Settings {
        state_dir: Some(dir.to_path_buf()),
        ..settings
    };
    Engine::with_settings(store, ClusterConfig::default(), settings).expect("engine")
}

/// Report `n` of event `event`: reports of one event share their words.
fn report(event: usize, n: usize, day: &str) -> Article {
    let words: Vec<String> = (0..40).map(|w| format!("e{event}w{w}")).collect();
    Article {
        url: Some(format!("https://site{n}.example/event{event}")),
        title: Some(words[..6].join(" ")),
        published: Published::from_iso(day),
        paragraphs: vec![format!("{} report{n}.", words.join(" "))],
        site_name: Some(format!("Site {n}")),
        ..Article::default()
    }
}

/// What a process killed between storing an article and placing it leaves: the article, in
/// no story.
fn store_unplaced(store: &SqliteStore, identity: &str, article: Article) -> i64 {
    let clean = article.paragraphs.clone();
    store
        .insert_article(&NewArticle {
            identity: identity.into(),
            source: "killed run".into(),
            site: Some("site9.example".into()),
            article,
            clean_paragraphs: clean,
            ingested_at: "2026-03-05T10:00:00Z".into(),
        })
        .expect("insert")
}

/// Every article in a story, every story's count its members'.
fn assert_whole(store: &SqliteStore) {
    let mut members = 0;
    for s in store
        .stories(StoryOrder::Latest, 10_000, 0)
        .expect("stories")
    {
        let detail = store
            .story(s.id)
            .expect("story")
            .expect("listed story exists");
        assert_eq!(
            s.articles as usize,
            detail.articles.len(),
            "story {} counts {} articles but holds {}",
            s.id,
            s.articles,
            detail.articles.len()
        );
        members += detail.articles.len();
    }
    assert!(store.unplaced_articles(10).expect("db").is_empty());
    assert_eq!(members as u64, store.count_articles().expect("db"));
}

/// The reproduction: an article stored by a run that was killed before placing it, dated
/// years before the rest (outside the clustering window), was never placed; a re-run skipped
/// it as known. Now the next engine places it on start.
#[test]
fn an_article_a_killed_run_stored_but_did_not_place_is_placed_by_the_next() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let engine = Engine::new(SqliteStore::open_dir(dir.path()).expect("store")).expect("e");
        for n in 0..3 {
            engine
                .ingest_article(report(1, n, "2026-03-05T10:00:00Z"), "test")
                .expect("ingest");
        }
        let orphan = store_unplaced(
            engine.store(),
            "url:old",
            report(2, 9, "2019-01-01T10:00:00Z"),
        );
        assert_eq!(
            engine.store().article(orphan).unwrap().unwrap().story_id,
            None
        );
    }
    // A re-run: a new engine, as `tidings ingest` starts one.
    let engine = Engine::new(SqliteStore::open_dir(dir.path()).expect("store")).expect("e");
    assert_whole(engine.store());
    // Again while an engine runs: with a state directory, each ingestion run places first.
    let engine = coordinated(dir.path(), Settings::default());
    let late = store_unplaced(
        engine.store(),
        "url:late",
        report(1, 7, "2026-03-05T11:00:00Z"),
    );
    let report = engine.ingest_paths(&[], |_| {});
    assert_eq!(report.repaired, 1, "{:?}", report.failed);
    let placed = engine.store().article(late).unwrap().unwrap();
    let story = placed.story_id.expect("placed");
    assert_eq!(
        engine.store().story(story).unwrap().unwrap().articles.len(),
        4,
        "it joined its event's story"
    );
    assert_whole(engine.store());
}

/// Two engines (two `tidings ingest` of the same files) at once: each document stored once,
/// every other sighting "already known", none a failure ("UNIQUE constraint failed").
#[test]
fn two_engines_ingesting_the_same_documents_store_each_once() {
    for lock in [true, false] {
        let dir = tempfile::tempdir().expect("tempdir");
        let engines: Vec<Engine<SqliteStore>> = (0..2)
            .map(|_| match lock {
                true => coordinated(dir.path(), Settings::default()),
                // Without the lock the store's unique identity still decides: known.
                false => {
                    Engine::new(SqliteStore::open_dir(dir.path()).expect("store")).expect("engine")
                }
            })
            .collect();
        let docs = 40;
        let outcomes: Vec<(usize, usize)> = std::thread::scope(|scope| {
            let handles: Vec<_> = engines
                .iter()
                .map(|engine| {
                    scope.spawn(move || {
                        let (mut added, mut known) = (0, 0);
                        for i in 0..docs {
                            let article = report(i % 8, i, "2026-03-05T10:00:00Z");
                            match engine.ingest_article(article, "test") {
                                Ok((Outcome::Added(_), _)) => added += 1,
                                Ok((Outcome::Known(_), _)) => known += 1,
                                Err(e) => panic!("document {i} failed (lock {lock}): {e}"),
                            }
                        }
                        (added, known)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("join"))
                .collect()
        });
        let added: usize = outcomes.iter().map(|o| o.0).sum();
        let known: usize = outcomes.iter().map(|o| o.1).sum();
        assert_eq!((added, known), (docs, docs), "lock {lock}");
        let store = engines[0].store();
        assert_eq!(store.count_articles().unwrap(), docs as u64);
        assert_whole(store);
    }
}

/// The watchdog: a document whose extraction runs past the budget fails, named, at once;
/// the extraction is asked to stop; one that panics fails instead of ending the run.
#[test]
fn extraction_past_its_budget_fails_named_and_is_asked_to_stop() {
    let limits = Limits {
        budget: Duration::from_millis(20),
        stack_bytes: 256 * 1024,
    };
    let (saw_stop, stopped) = std::sync::mpsc::channel();
    let result: Result<(), EngineError> =
        extraction::bounded(Path::new("slow.html"), limits, move |stop: &AtomicBool| {
            // A page that never ends, but checks its flag.
            while !stop.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(1));
            }
            let _ = saw_stop.send(());
            Ok(())
        });
    let e = result.expect_err("past its budget");
    assert!(
        e.to_string().starts_with("slow.html: ") && e.to_string().contains("time budget of 20 ms"),
        "{e}"
    );
    stopped
        .recv_timeout(Duration::from_secs(60))
        .expect("the extraction saw its stop flag");

    // (Printing the panic's backtrace may take longer than 20 ms.)
    let patient = Limits {
        budget: Duration::from_secs(120),
        ..limits
    };
    let panicked: Result<(), EngineError> =
        extraction::bounded(Path::new("bug.html"), patient, |_| panic!("a bug"));
    let e = panicked.expect_err("a panic is a failure");
    assert!(e.to_string().contains("bug.html") && e.to_string().contains("panicked"));
    let fine = extraction::bounded(Path::new("ok.html"), limits, |_| Ok(7));
    assert_eq!(fine.expect("in budget"), 7);
}

/// `ingest DIR` with a document past its budget: it fails, named; the files after it are read.
#[test]
fn a_document_past_its_budget_fails_and_the_run_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    // A large page: its extraction takes far longer than no time at all.
    let big: String = (0..20_000)
        .map(|i| format!("<p>Paragraph {i} of a very long page about nothing in particular.</p>"))
        .collect();
    std::fs::write(
        docs.join("a-big.html"),
        format!("<html><body>{big}</body></html>"),
    )
    .unwrap();
    std::fs::write(docs.join("b-bad.html"), "").unwrap();
    let engine = Engine::with_settings(
        SqliteStore::in_memory().expect("store"),
        ClusterConfig::default(),
        Settings {
            extract_budget: Duration::ZERO,
            ..Settings::default()
        },
    )
    .expect("engine");
    let report = engine.ingest_paths(&[docs], |_| {});
    let failed = report.failed.join("\n");
    assert_eq!(report.failed.len(), 2, "{failed}");
    assert!(
        report.failed[0].contains("a-big.html") && report.failed[0].contains("time budget"),
        "{failed}"
    );
    assert!(
        report.failed[1].contains("b-bad.html"),
        "read after it: {failed}"
    );
}

/// A local HTTP server answering every request with `body` as `content_type`.
fn serve(body: String, content_type: &'static str) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for mut conn in listener.incoming().flatten() {
            let mut buf = [0u8; 8192];
            let _ = conn.read(&mut buf);
            let _ = write!(
                conn,
                "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
                 Connection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    format!("http://{addr}/page.html")
}

fn fetcher() -> tidings_fetch::BlockingFetcher {
    tidings_fetch::BlockingFetcher::new(tidings_fetch::Config {
        allow_hosts: vec!["127.0.0.1".into()],
        host_delay: Duration::ZERO,
        ..tidings_fetch::Config::default()
    })
    .expect("fetcher")
}

/// A fetched page past the budget fails the fetch like any failure: it backs off.
#[test]
fn a_fetched_page_past_its_budget_backs_its_source_off() {
    let big: String = (0..20_000)
        .map(|i| format!("<p>Paragraph {i} of a very long page about nothing in particular.</p>"))
        .collect();
    let url = serve(format!("<html><body>{big}</body></html>"), "text/html");
    let engine = Engine::with_settings(
        SqliteStore::in_memory().expect("store"),
        ClusterConfig::default(),
        Settings {
            extract_budget: Duration::ZERO,
            ..Settings::default()
        },
    )
    .expect("engine")
    .with_fetcher(fetcher());
    let (source, _) = engine.add_source(&url).expect("add");
    let now = chrono::Utc::now().timestamp();
    let reports = engine.fetch_due(now, 10).expect("fetch");
    let FetchStatus::Failed(why) = &reports[0].status else {
        panic!("{:?}", reports[0].status)
    };
    assert!(
        why.contains("time budget") && why.contains("page.html"),
        "{why}"
    );
    let s = engine.store().source(source.id).unwrap().unwrap();
    assert_eq!(s.consecutive_failures, 1);
    assert!(s.next_fetch > now + 60, "backed off, not retried at once");
    assert_eq!(fetching::error_category(why), "too slow to read");
    assert!(engine.fetch_due(now, 10).expect("fetch").is_empty());
}

/// A process that died while processing a source's page (killed, or crashed by the page)
/// leaves its attempt note: the next fetch round counts the attempt as failed and backs the
/// source off, instead of fetching it (and crashing) again at once.
#[test]
fn a_source_whose_processing_never_finished_backs_off() {
    let url = serve(
        format!(
            "<html><body><article><h1>Harbour dredging finished</h1>{}</article></body></html>",
            "<p>The harbour authority said on Tuesday that dredging of the channel was \
             finished and that larger ferries could now dock at the island.</p>"
                .repeat(4)
        ),
        "text/html",
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = coordinated(dir.path(), Settings::default()).with_fetcher(fetcher());
    let (source, _) = engine.add_source(&url).expect("add");
    // A dead process's note: its file is there, no one holds its lock.
    let attempts = dir.path().join(tidings_engine::coordination::ATTEMPTS_DIR);
    std::fs::create_dir_all(&attempts).unwrap();
    std::fs::write(attempts.join("4242-1.attempt"), format!("{}\n", source.id)).unwrap();

    let now = chrono::Utc::now().timestamp();
    assert!(
        engine.fetch_due(now, 10).expect("fetch").is_empty(),
        "not fetched again at once"
    );
    let s = engine.store().source(source.id).unwrap().unwrap();
    assert_eq!(s.consecutive_failures, 1);
    assert_eq!(s.last_error.as_deref(), Some(fetching::UNFINISHED));
    assert!(s.next_fetch > now + 60, "backed off");
    assert_eq!(std::fs::read_dir(&attempts).unwrap().count(), 0);
    // Fetched on purpose, it works and its health is good again; no note is left behind.
    let r = engine.fetch_source(source.id).expect("fetch");
    assert!(matches!(r.status, FetchStatus::Fetched { .. }), "{r:?}");
    let s = engine.store().source(source.id).unwrap().unwrap();
    assert_eq!(s.consecutive_failures, 0);
    drop(engine);
    assert_eq!(std::fs::read_dir(&attempts).unwrap().count(), 0);
}
