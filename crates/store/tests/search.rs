//! Searches cannot hold the store: hostile queries are answered at once (hits or a clear
//! refusal), a search stops at its time budget leaving its connection usable, and reads go
//! on while searches run and while the writer waits for a lock.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use tidings_extract::Article;
use tidings_store::search::{MAX_PREFIX_TERMS, MAX_QUERY_BYTES, MAX_TERMS};
use tidings_store::{
    ArticleId, DEFAULT_SEARCH_BUDGET, NewArticle, SqliteStore, Store, StoreError, StoryId,
};

fn new(identity: &str, title: &str, body: &str) -> NewArticle {
    NewArticle {
        identity: identity.into(),
        source: "test".into(),
        site: Some("example.org".into()),
        article: Article {
            title: Some(title.into()),
            paragraphs: vec![body.into()],
            ..Article::default()
        },
        clean_paragraphs: vec![body.into()],
        ingested_at: "2026-11-22T10:00:00Z".into(),
    }
}

/// `n` articles about the same things (every one holds "the", "news" and "talks"), all in
/// one story; returns the story.
fn fill(store: &SqliteStore, n: usize) -> StoryId {
    let story = store.reserve_story_id().unwrap();
    for i in 0..n {
        let id: ArticleId = store
            .insert_article(&new(
                &format!("url:{i}"),
                &format!("The talks, day {i}"),
                &format!(
                    "The news of the talks on day {i}: the ministers met again, and the \
                     talks went on into the night at the {} hotel.",
                    ["Grand", "Palace", "Central"][i % 3]
                ),
            ))
            .unwrap();
        if i == 0 {
            store.open_story(id, story, None).unwrap();
        } else {
            store.assign_story(id, story, None).unwrap();
        }
    }
    story
}

fn bad_query(r: Result<Vec<tidings_store::SearchHit>, StoreError>) -> (String, String) {
    match r {
        Err(StoreError::BadQuery(q, why)) => (q, why),
        other => panic!("expected BadQuery, got {other:?}"),
    }
}

fn ids(hits: &[tidings_store::SearchHit]) -> Vec<ArticleId> {
    hits.iter().map(|h| h.id).collect()
}

/// The reproductions, each answered: sixty "the" as "the" (it used to cost sixty
/// times the snippet work per hit), 200 `a*` and 5,000 words refused by the length cap with
/// the cap in the message and the query clipped.
#[test]
fn hostile_queries_get_hits_or_a_clear_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_dir(dir.path()).unwrap();
    fill(&store, 30);

    let the = store.search("the", 20).unwrap();
    assert_eq!(the.len(), 20);
    let the60 = store.search(&vec!["the"; 60].join(" "), 20).unwrap();
    assert_eq!(ids(&the60), ids(&the));
    assert!(the60[0].snippet.contains("[The]") || the60[0].snippet.contains("[the]"));

    let a150 = store.search(&vec!["a*"; 150].join(" "), 20).unwrap();
    assert_eq!(ids(&a150), ids(&store.search("a*", 20).unwrap()));
    assert!(!a150.is_empty());
    let (shown, why) = bad_query(store.search(&vec!["a*"; 200].join(" "), 20));
    assert!(why.contains("599 bytes") && why.contains("512"), "{why}");
    assert!(shown.chars().count() <= 61, "{shown}");

    let words: Vec<String> = (0..5_000).map(|i| format!("word{i}")).collect();
    let (shown, why) = bad_query(store.search(&words.join(" "), 20));
    assert!(why.contains(&format!("at most {MAX_QUERY_BYTES}")), "{why}");
    assert!(shown.starts_with("word0 word1 ") && shown.ends_with('…'));

    // The store still answers after each refusal.
    assert_eq!(store.search("hotel", 50).unwrap().len(), 30);
}

#[test]
fn term_and_prefix_caps_are_enforced_through_the_store() {
    let store = SqliteStore::in_memory().unwrap();
    fill(&store, 3);
    let terms: Vec<String> = (0..=MAX_TERMS).map(|i| format!("w{i}")).collect();
    let (_, why) = bad_query(store.search(&terms.join(" "), 10));
    assert!(why.contains("more than 32 different words"), "{why}");
    assert!(store.search(&terms[..MAX_TERMS].join(" "), 10).is_ok());
    let prefixes: Vec<String> = (0..=MAX_PREFIX_TERMS).map(|i| format!("p{i}*")).collect();
    let (_, why) = bad_query(store.search(&prefixes.join(" "), 10));
    assert!(why.contains("prefix"), "{why}");
    // Repeats of the allowed ones do not count.
    let repeated = format!(
        "{0} {0} talks talks",
        prefixes[..MAX_PREFIX_TERMS].join(" ")
    );
    assert!(store.search(&repeated, 10).is_ok());
}

/// A search over budget stops with BadQuery, and the connection it ran on serves the next
/// searches and reads (and, in memory, writes) as before. A zero budget stops any search
/// that runs past SQLite's first progress check (a thousand steps), which ranking two
/// thousand hits does.
#[test]
fn a_search_over_its_budget_stops_and_leaves_the_store_usable() {
    let dir = tempfile::tempdir().unwrap();
    let on_disk = SqliteStore::open_dir(dir.path()).unwrap();
    let in_memory = SqliteStore::in_memory().unwrap();
    for store in [&on_disk, &in_memory] {
        let story = fill(store, 2_000);
        assert_eq!(store.search_budget(), DEFAULT_SEARCH_BUDGET);
        store.set_search_budget(Duration::ZERO);
        // Stopped again and again on the same connection, which stays usable.
        for _ in 0..20 {
            let (shown, why) = bad_query(store.search("the talks", 10));
            assert_eq!(shown, "the talks");
            assert!(why.contains("took longer than 0 ms"), "{why}");
        }
        store.set_search_budget(DEFAULT_SEARCH_BUDGET);
        let hits = store.search("the talks", 10).unwrap();
        assert_eq!(hits.len(), 10);
        assert!(hits.iter().all(|h| h.snippet.contains('[')));
        assert_eq!(store.story(story).unwrap().unwrap().articles.len(), 2_000);
        let id = store
            .insert_article(&new("url:after", "After the budget", "Written after."))
            .unwrap();
        store.assign_story(id, story, None).unwrap();
        assert_eq!(store.search("written", 10).unwrap().len(), 1);
    }
}

/// While the store's writer waits for another process's write lock (holding the writer's
/// connection), two searches in parallel threads and a third thread reading the story all
/// finish: none of them waits for the writer. Before the read pool they all queued behind
/// it until its busy timeout (10 s) failed the write. The writer's state is a flag, not a
/// clock: it must still be waiting when the reads are back.
#[test]
fn searches_and_reads_go_on_while_the_writer_waits() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_dir(dir.path()).unwrap();
    let story = fill(&store, 50);
    let blocker = rusqlite::Connection::open(dir.path().join("tidings.db")).unwrap();
    blocker.execute_batch("BEGIN IMMEDIATE").unwrap();

    let writer_done = AtomicBool::new(false);
    let (tx, rx) = mpsc::channel::<String>();
    std::thread::scope(|s| {
        let writer = s.spawn(|| {
            let r = store.record_story_view(story);
            writer_done.store(true, Ordering::SeqCst);
            r
        });
        // Let the writer take its connection first (were it slower, the reads would only
        // pass for a weaker reason, never fail for a wrong one).
        std::thread::sleep(Duration::from_millis(200));
        for q in ["talks", "grand hotel"] {
            let tx = tx.clone();
            let store = &store;
            s.spawn(move || {
                let hits = store.search(q, 10).unwrap();
                tx.send(format!("{q}: {}", hits.len())).unwrap();
            });
        }
        let reader_tx = tx.clone();
        let store_ref = &store;
        s.spawn(move || {
            let detail = store_ref.story(story).unwrap().unwrap();
            let listed = store_ref.stories(tidings_store::StoryOrder::Latest, 5, 0);
            reader_tx
                .send(format!(
                    "story: {} {}",
                    detail.articles.len(),
                    listed.unwrap().len()
                ))
                .unwrap();
        });
        drop(tx);
        let mut got: Vec<String> = rx.iter().collect();
        got.sort();
        let still_waiting = !writer_done.load(Ordering::SeqCst);
        blocker.execute_batch("ROLLBACK").unwrap();
        assert_eq!(got, ["grand hotel: 10", "story: 50 1", "talks: 10"]);
        assert!(still_waiting, "the reads waited for the writer");
        writer.join().unwrap().unwrap();
    });
    assert_eq!(store.story(story).unwrap().unwrap().summary.views, 1);
}

/// More readers at once than the pool holds: they take turns, all finish, all see the data.
#[test]
fn more_readers_than_connections_take_turns() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_dir(dir.path()).unwrap();
    let story = fill(&store, 10);
    let counts: Vec<usize> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..24)
            .map(|i| {
                let store = &store;
                s.spawn(move || {
                    let mut n = 0;
                    for _ in 0..10 {
                        n += if i % 2 == 0 {
                            store.search("talks", 20).unwrap().len()
                        } else {
                            store.story(story).unwrap().unwrap().articles.len()
                        };
                    }
                    n
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(counts, vec![100; 24]);
}
