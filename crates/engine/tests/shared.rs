//! Engines sharing a store (two `tidings ingest` at once, `fetch` beside `serve`) place as
//! one engine alone would: each places knowing every article placed before, whichever engine
//! placed it, so two engines ingesting a stream give the stories one engine gives. What a
//! holder that died midway or a damaged journal leaves makes the next one rebuild from the
//! store, and nothing is lost.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use tidings_cluster::Config as ClusterConfig;
use tidings_engine::{Engine, Outcome, Settings};
use tidings_extract::{Article, Published};
use tidings_store::{SqliteStore, Store, StoryOrder};

/// An engine on the store in `dir`, coordinating with other engines through `dir`.
fn coordinated(dir: &Path) -> Engine<SqliteStore> {
    let store = SqliteStore::open_dir(dir).expect("store");
    let settings = Settings {
        state_dir: Some(dir.to_path_buf()),
        ..Settings::default()
    };
    Engine::with_settings(store, ClusterConfig::default(), settings).expect("engine")
}

/// A stream of reports: topics told by several outlets over a few days, each in two
/// look-alike events (the topic's words, each event's own protagonists), so that stories
/// are merged, split and re-placed as they grow; some reports are copies of another
/// outlet's. Seeded: the same stream every run.
fn stream() -> Vec<Article> {
    let mut rng = fastrand::Rng::with_seed(0x5eed_2026);
    let background: Vec<String> = (0..40).map(|w| format!("common{w}")).collect();
    let mut docs: Vec<Article> = Vec::new();
    let topics = 10;
    for i in 0..280usize {
        if i > 0 && rng.f64() < 0.04 {
            // A copy of an earlier report by another outlet, word for word.
            let j = rng.usize(0..docs.len());
            let mut copy = docs[j].clone();
            copy.url = Some(format!("https://copies.example/{i}"));
            copy.site_name = Some("Copies".into());
            docs.push(copy);
            continue;
        }
        // Topics come and go; each has a first event, then a look-alike second one.
        let topic = (i / 28 + rng.usize(0..2)).min(topics - 1);
        let event = usize::from((i % 28) >= 12 || rng.f64() < 0.1);
        // Some reports tell of both events (a bridge between their stories).
        let bridge = rng.f64() < 0.08;
        let words = |n: usize, rng: &mut fastrand::Rng| -> Vec<String> {
            (0..n)
                .map(|_| match rng.f64() {
                    x if x < 0.15 => background[rng.usize(0..background.len())].clone(),
                    x if x < 0.45 => {
                        let e = if bridge { rng.usize(0..2) } else { event };
                        format!("t{topic}e{e}name{}", rng.usize(0..5))
                    }
                    _ => format!("t{topic}word{}", rng.usize(0..12)),
                })
                .collect()
        };
        let body: Vec<String> = (0..4)
            .map(|_| format!("{}.", words(20, &mut rng).join(" ")))
            .collect();
        let site = rng.usize(0..6);
        let hour = i + rng.usize(0..3);
        docs.push(Article {
            url: Some(format!("https://site{site}.example/{i}")),
            title: Some(words(7, &mut rng).join(" ")),
            published: Published::from_iso(&format!(
                "2026-03-{:02}T{:02}:00:00Z",
                1 + hour / 24,
                hour % 24
            )),
            paragraphs: body,
            site_name: Some(format!("Site {site}")),
            ..Article::default()
        });
    }
    docs
}

/// The stories as sets of article URLs (ids differ between stores; the grouping must not).
fn partition(store: &SqliteStore) -> BTreeSet<BTreeSet<String>> {
    let mut groups: BTreeMap<i64, BTreeSet<String>> = BTreeMap::new();
    for s in store
        .stories(StoryOrder::Latest, 10_000, 0)
        .expect("stories")
    {
        let detail = store.story(s.id).expect("story").expect("listed story");
        for a in detail.articles {
            groups
                .entry(s.id)
                .or_default()
                .insert(a.url.clone().unwrap_or_default());
        }
    }
    assert!(store.unplaced_articles(1).expect("db").is_empty());
    groups.into_values().collect()
}

fn ingest(engine: &Engine<SqliteStore>, article: &Article) -> Outcome {
    engine
        .ingest_article(article.clone(), "test")
        .expect("ingest")
        .0
}

/// One engine alone: the stream, then the end-of-batch pass. Returns its stories and what
/// its journal holds of the decisions that change other stories (so the tests below are
/// known to replay them).
fn alone(docs: &[Article]) -> (BTreeSet<BTreeSet<String>>, [usize; 3]) {
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = coordinated(dir.path());
    for d in docs {
        assert!(matches!(ingest(&engine, d), Outcome::Added(_)));
    }
    engine.settle().expect("settle");
    let journal = std::fs::read_to_string(dir.path().join("placing.journal")).unwrap_or_default();
    let mut kinds = [0; 3];
    for line in journal.lines() {
        let entry: serde_json::Value = serde_json::from_str(line).expect("a journal line");
        let a = &entry["place"]["assignment"];
        kinds[0] += usize::from(a.get("merged").is_some());
        kinds[1] += usize::from(a.get("split").is_some());
        let pass = a.get("regroup").or_else(|| entry.get("settle"));
        kinds[2] += usize::from(pass.is_some_and(|p| p.get("moves").is_some()));
    }
    eprintln!("alone: merges, splits, passes with moves: {kinds:?}");
    (partition(engine.store()), kinds)
}

/// The reproduction: two engines taking turns on one store each knew only the articles it
/// placed itself, so stories were split between them. Now they place as one engine does.
#[test]
fn two_engines_taking_turns_place_as_one_engine_alone() {
    let docs = stream();
    let (one, kinds) = alone(&docs);
    let dir = tempfile::tempdir().expect("tempdir");
    let engines = [coordinated(dir.path()), coordinated(dir.path())];
    for (i, d) in docs.iter().enumerate() {
        // Turns of one to four documents.
        let turn = (i * 7 / 3 + i / 5) % 2;
        assert!(matches!(ingest(&engines[turn], d), Outcome::Added(_)));
    }
    for e in &engines {
        e.settle().expect("settle");
    }
    let two = partition(engines[0].store());
    assert_eq!(
        two.len(),
        one.len(),
        "stories: two engines taking turns against one alone"
    );
    assert_eq!(two, one, "the same stories");
    // The stream has merges, splits and re-placement passes for the second engine to follow.
    assert!(
        kinds.iter().all(|&k| k > 0),
        "merges, splits, passes: {kinds:?}"
    );
}

/// Two engines ingesting the same stream at once (as two `tidings ingest` of the same files):
/// each document stored once, and the stories those of one engine alone.
#[test]
fn two_engines_at_once_place_as_one_engine_alone() {
    let docs = stream();
    let (one, _) = alone(&docs);
    let dir = tempfile::tempdir().expect("tempdir");
    let engines = [coordinated(dir.path()), coordinated(dir.path())];
    let added: usize = std::thread::scope(|scope| {
        let handles: Vec<_> = engines
            .iter()
            .map(|engine| {
                let docs = &docs;
                scope.spawn(move || {
                    let mut added = 0;
                    for d in docs {
                        if let Outcome::Added(_) = ingest(engine, d) {
                            added += 1;
                        }
                    }
                    engine.settle().expect("settle");
                    added
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("join")).sum()
    });
    assert_eq!(added, docs.len(), "each stored once");
    assert_eq!(partition(engines[0].store()), one, "the same stories");
}

/// A holder that died while placing leaves the ledger open, and a journal may be damaged:
/// the next engine to place rebuilds from the store and goes on, nothing lost, and the
/// journal starts anew.
#[test]
fn an_open_ledger_or_a_damaged_journal_makes_the_next_placing_rebuild() {
    let docs = stream();
    let dir = tempfile::tempdir().expect("tempdir");
    let engines = [coordinated(dir.path()), coordinated(dir.path())];
    let lock = dir.path().join("placing.lock");
    let journal = dir.path().join("placing.journal");
    for (i, d) in docs.iter().take(120).enumerate() {
        match i {
            // A holder died midway: its ledger is left open.
            40 => {
                let ledger = std::fs::read_to_string(&lock).expect("ledger");
                assert!(ledger.contains("closed"), "{ledger}");
                std::fs::write(&lock, ledger.replace("closed", "open  ")).expect("write");
            }
            // The journal's bytes are not what the ledger says.
            80 => std::fs::write(&journal, "not a journal\n").expect("write"),
            _ => {}
        }
        assert!(matches!(ingest(&engines[i % 2], d), Outcome::Added(_)));
    }
    let store = engines[0].store();
    assert_eq!(store.count_articles().expect("db"), 120);
    assert!(store.unplaced_articles(1).expect("db").is_empty());
    let ledger = std::fs::read_to_string(&lock).expect("ledger");
    assert!(ledger.contains("closed"), "{ledger}");
    let first = std::fs::read_to_string(&journal).expect("journal");
    assert!(
        first.starts_with("{\"epoch\":"),
        "a new epoch: {}",
        &first[..40]
    );
    // And placing goes on knowing what came before: the next report of an event joins the
    // story its earlier reports are in.
    let next = &docs[120];
    let Outcome::Added(id) = ingest(&engines[1], next) else {
        panic!("stored before")
    };
    let story = store.article(id).expect("db").expect("stored").story_id;
    let stories = store
        .stories(StoryOrder::Latest, 10_000, 0)
        .expect("stories");
    assert!(
        stories.len() < 60,
        "{} stories for 121 reports",
        stories.len()
    );
    assert!(story.is_some());
}

/// A clusterer that would decide otherwise than the journal says (it is not in the state the
/// journal's was) is rebuilt from the store, in a new epoch the others then join: nothing is
/// placed by a clusterer out of step with the others.
#[test]
fn a_clusterer_that_decides_otherwise_is_rebuilt_in_a_new_epoch() {
    let docs = stream();
    let dir = tempfile::tempdir().expect("tempdir");
    let engines = [coordinated(dir.path()), coordinated(dir.path())];
    let lock = dir.path().join("placing.lock");
    let journal = dir.path().join("placing.journal");
    for d in &docs[..30] {
        ingest(&engines[0], d);
    }
    // The last placement, journaled as going to a story it did not go to.
    let text = std::fs::read_to_string(&journal).expect("journal");
    let (head, last) = text.trim_end().rsplit_once('\n').expect("entries");
    let mut entry: serde_json::Value = serde_json::from_str(last).expect("entry");
    entry["place"]["assignment"]["story"] = 987_654.into();
    let forged = format!("{head}\n{entry}\n");
    std::fs::write(&journal, &forged).expect("write");
    let ledger = std::fs::read_to_string(&lock).expect("ledger");
    let words: Vec<&str> = ledger.split_whitespace().collect();
    assert_eq!(words.len(), 4, "{ledger}");
    let line = format!("{} {} {} closed", words[0], words[1], forged.len());
    std::fs::write(&lock, format!("{line:<79}\n")).expect("write");

    let Outcome::Added(id) = ingest(&engines[1], &docs[30]) else {
        panic!("stored before")
    };
    let after = std::fs::read_to_string(&lock).expect("ledger");
    assert_ne!(
        after.split_whitespace().nth(1),
        Some(words[1]),
        "a new epoch: {after}"
    );
    // The first engine joins it and goes on; everything is placed.
    for d in &docs[31..40] {
        ingest(&engines[0], d);
    }
    let store = engines[0].store();
    assert!(
        store
            .article(id)
            .expect("db")
            .expect("stored")
            .story_id
            .is_some()
    );
    assert_eq!(store.count_articles().expect("db"), 40);
    assert!(store.unplaced_articles(1).expect("db").is_empty());
    let text = std::fs::read_to_string(&journal).expect("journal");
    assert!(
        !text.contains("987654"),
        "the forged entry went with its epoch"
    );
}
