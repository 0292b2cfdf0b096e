//! Stories as articles arrive: the seeds fold into one story with two outlets, copies do not
//! count as outlets, and story ids survive a restart.

use std::path::{Path, PathBuf};

use tidings_engine::{Engine, Outcome};
use tidings_extract::Article;
use tidings_store::{SqliteStore, Store, StoryOrder};

fn seed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../extract/tests/fixtures/seeds")
        .join(name)
}

fn added(engine: &Engine<SqliteStore>, path: &Path) -> i64 {
    let mut report = tidings_engine::Report::default();
    engine.ingest_file(path, &mut report);
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    report.added[0]
}

#[test]
fn seeds_make_one_story_with_two_outlets_and_ids_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let csr = {
        let engine = Engine::new(SqliteStore::open_dir(dir.path()).unwrap()).unwrap();
        added(&engine, &seed("csrjournal-2026-03-05.txt"))
    };
    // A new process: the clusterer is rebuilt from the store.
    let engine = Engine::new(SqliteStore::open_dir(dir.path()).unwrap()).unwrap();
    let unn = added(&engine, &seed("unn-2026-03-05.txt"));
    let store = engine.store();
    let stories = store.stories(StoryOrder::Coverage, 10, 0).unwrap();
    assert_eq!(stories.len(), 1, "{stories:?}");
    assert_eq!((stories[0].articles, stories[0].outlets), (2, 2));
    let detail = store.story(stories[0].id).unwrap().unwrap();
    let short = detail
        .summary
        .short
        .clone()
        .expect("the digest is written as the story changes");
    assert!(short.split_whitespace().count() <= 60, "{short}");
    let digest = detail.digest.expect("digest JSON stored");
    assert_eq!(digest["short"].as_str(), Some(short.as_str()));
    assert!(detail.long.is_some_and(|l| l.len() > short.len()));
    // Quotes are found once and kept with each article for the next refresh.
    let records = store.story_records(stories[0].id).unwrap();
    let kept: Vec<String> = records
        .iter()
        .flat_map(|r| {
            r.quotes
                .as_ref()
                .and_then(|q| q.as_array())
                .cloned()
                .unwrap_or_default()
        })
        .filter_map(|q| q["text"].as_str().map(str::to_owned))
        .collect();
    assert!(
        kept.iter()
            .any(|q| q.contains("No message has been sent from Iran to the US")),
        "{kept:?}"
    );
    let speakers = digest["quotes"].as_array().map_or(0, Vec::len);
    assert!(
        speakers >= 3,
        "quotes grouped by speaker in the digest: {speakers}"
    );
    let story = store.story(stories[0].id).unwrap().unwrap();
    let ids: Vec<i64> = story.articles.iter().map(|a| a.id).collect();
    assert!(ids.contains(&csr) && ids.contains(&unn));
    assert!(
        story.articles.iter().all(|a| a.duplicate_of.is_none()),
        "different words are not copies"
    );

    // The CSR article republished by another site is a copy: same story, not another outlet.
    let text = std::fs::read_to_string(seed("csrjournal-2026-03-05.txt")).unwrap();
    let mut copy =
        tidings_extract::extract_text_capture(&text, Some("https://mirror.example/iran")).unwrap();
    copy.site_name = Some("Mirror".into());
    let (outcome, _) = engine.ingest_article(copy, "test").unwrap();
    let Outcome::Added(copy_id) = outcome else {
        panic!("copy under a new URL is a new document")
    };
    let story = store.story(stories[0].id).unwrap().unwrap();
    assert_eq!((story.summary.articles, story.summary.outlets), (3, 2));
    let copy_row = story.articles.iter().find(|a| a.id == copy_id).unwrap();
    assert_eq!(copy_row.duplicate_of, Some(csr));
}

#[test]
fn unrelated_articles_open_their_own_stories() {
    let engine = Engine::new(SqliteStore::in_memory().unwrap()).unwrap();
    added(&engine, &seed("unn-2026-03-05.txt"));
    let other = Article {
        url: Some("https://sport.example/final".into()),
        title: Some("Local club wins the cup final after extra time".into()),
        paragraphs: vec![
            "The local football club won the cup final on Saturday after a goal in extra time, \
             its first trophy in twenty years. Thousands of fans celebrated in the town square."
                .into(),
        ],
        ..Article::default()
    };
    engine.ingest_article(other, "test").unwrap();
    let stories = engine.store().stories(StoryOrder::Latest, 10, 0).unwrap();
    assert_eq!(stories.len(), 2);
    assert!(stories.iter().all(|s| s.articles == 1 && s.outlets == 1));
}

/// Two engines on one database (`serve`'s fetch loop beside a `tidings ingest`): the second
/// never gives a new story an id the first already used.
#[test]
fn two_engines_on_one_database_do_not_reuse_story_ids() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = Engine::new(SqliteStore::open_dir(dir.path()).expect("store")).expect("engine");
    let b = Engine::new(SqliteStore::open_dir(dir.path()).expect("store")).expect("engine");
    let article = |title: &str, body: &str| Article {
        url: Some(format!("https://{}.example/x", title.len())),
        title: Some(title.into()),
        paragraphs: vec![body.into()],
        ..Article::default()
    };
    let (first, _) = a
        .ingest_article(
            article(
                "Volcano erupts on remote island",
                "Lava flowed from the volcano on the remote island on Monday, officials said.",
            ),
            "test",
        )
        .expect("ingest");
    let (second, _) = b
        .ingest_article(
            article(
                "Central bank raises interest rates again",
                "The central bank raised its main interest rate by a quarter point on Thursday.",
            ),
            "test",
        )
        .expect("ingest");
    let story_of = |o: Outcome| match o {
        Outcome::Added(id) => a
            .store()
            .article(id)
            .expect("db")
            .and_then(|x| x.story_id)
            .expect("a story"),
        other => panic!("{other:?}"),
    };
    assert_ne!(story_of(first), story_of(second));
    assert_eq!(a.store().count_stories().expect("db"), 2);
}

/// An article about nothing else: its words (made-up, lower case) appear in no other.
fn unrelated(n: usize) -> Article {
    let word = |k: usize| -> String {
        let mut k = n * 64 + k + 1;
        let mut w = String::from("q");
        while k > 0 {
            w.push(char::from(b'a' + (k % 26) as u8));
            k /= 26;
        }
        w
    };
    let body: Vec<String> = (0..40).map(word).collect();
    Article {
        url: Some(format!("https://site{n}.example/story")),
        title: Some((40..46).map(word).collect::<Vec<_>>().join(" ")),
        paragraphs: vec![format!("{}.", body.join(" "))],
        ..Article::default()
    }
}

/// Two engines (two processes) ingesting at the same time on one database: each new story
/// gets an id of its own, so unrelated articles never end up in one story.
#[test]
fn two_engines_ingesting_at_once_never_share_a_story() {
    let dir = tempfile::tempdir().expect("tempdir");
    let engines: Vec<Engine<SqliteStore>> = (0..2)
        .map(|_| Engine::new(SqliteStore::open_dir(dir.path()).expect("store")).expect("engine"))
        .collect();
    let per_engine = 30;
    std::thread::scope(|scope| {
        for (e, engine) in engines.iter().enumerate() {
            scope.spawn(move || {
                for i in 0..per_engine {
                    let (outcome, _) = engine
                        .ingest_article(unrelated(e * per_engine + i), "test")
                        .expect("ingest");
                    assert!(matches!(outcome, Outcome::Added(_)));
                }
            });
        }
    });
    let store = engines[0].store();
    let stories = store.stories(StoryOrder::Latest, 1000, 0).expect("db");
    let shared: Vec<_> = stories.iter().filter(|s| s.articles != 1).collect();
    assert!(
        shared.is_empty(),
        "stories shared by unrelated articles: {shared:?}"
    );
    assert_eq!(stories.len(), 2 * per_engine);
    // Ids are reserved only for stories actually opened: 1..=60, no gaps, even with the two
    // processes taking turns (each renumbers its new story to the id the store gave).
    let mut ids: Vec<i64> = stories.iter().map(|s| s.id).collect();
    ids.sort_unstable();
    assert_eq!(ids, (1..=2 * per_engine as i64).collect::<Vec<_>>());
}

/// Articles that join a story take no story id: ids count stories, not articles.
#[test]
fn story_ids_have_no_gaps() {
    let engine = Engine::new(SqliteStore::in_memory().unwrap()).unwrap();
    added(&engine, &seed("unn-2026-03-05.txt"));
    added(&engine, &seed("csrjournal-2026-03-05.txt"));
    for n in 0..3 {
        engine.ingest_article(unrelated(n), "test").unwrap();
    }
    let stories = engine.store().stories(StoryOrder::Latest, 10, 0).unwrap();
    let mut ids: Vec<i64> = stories.iter().map(|s| s.id).collect();
    ids.sort_unstable();
    assert_eq!(ids, vec![1, 2, 3, 4]);
    assert_eq!(engine.store().max_story_id().unwrap(), 4);
}

/// Another process merged a story away: an article the clusterer still puts in the old story
/// joins the one it went into (the old id is not brought back as a second story).
#[test]
fn an_article_for_a_story_merged_elsewhere_joins_where_it_went() {
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = Engine::new(SqliteStore::open_dir(dir.path()).expect("store")).expect("engine");
    let (first, _) = engine.ingest_article(unrelated(1), "test").expect("ingest");
    let (other, _) = engine.ingest_article(unrelated(2), "test").expect("ingest");
    let story_of = |o: Outcome| match o {
        Outcome::Added(id) => engine
            .store()
            .article(id)
            .expect("db")
            .and_then(|a| a.story_id)
            .expect("a story"),
        o => panic!("{o:?}"),
    };
    let (gone, keep) = (story_of(first), story_of(other));
    assert_ne!(gone, keep);
    // Another process folds the first story into the second.
    let elsewhere = SqliteStore::open_dir(dir.path()).expect("store");
    elsewhere.merge_stories(keep, gone).expect("merge");
    // A copy of the first article: the clusterer (which did not see the merge) says `gone`.
    let mut copy = unrelated(1);
    copy.url = Some("https://copies.example/story".into());
    let (added, _) = engine.ingest_article(copy, "test").expect("ingest");
    assert_eq!(story_of(added), keep);
    let store = engine.store();
    assert_eq!(store.count_stories().expect("db"), 1);
    assert_eq!(store.resolve_story(gone).expect("db"), Some(keep));
    let detail = store.story(keep).expect("db").expect("story");
    assert_eq!(detail.articles.len(), 3);
    assert!(detail.summary.short.is_some(), "its digest was written");
}

/// One report of one of two eruptions: the topic is shared, each event has its own places and
/// people, each report its own words (no two are copies).
fn eruption(event: char, n: usize) -> Article {
    const ICELAND: [(&str, &str); 5] = [
        (
            "Volcano erupts near Grindavik in Iceland",
            "A volcano erupted near Grindavik on the Reykjanes peninsula in Iceland late in the \
             evening, sending lava towards the small fishing town. Police chief Ulfar \
             Ludviksson said the town had been evacuated in time.",
        ),
        (
            "Iceland evacuates Grindavik as lava flows",
            "Lava fountains lit up the sky over the Reykjanes peninsula as the eruption near \
             Grindavik grew. Ulfar Ludviksson told Icelandic radio that nobody remained in the \
             town and that barriers were holding the flow back.",
        ),
        (
            "Eruption on Reykjanes threatens Grindavik",
            "Icelandic authorities closed the road to the Blue Lagoon after a fissure opened \
             north of Grindavik. Geologists at the Icelandic Met Office said the eruption on \
             Reykjanes could last several weeks.",
        ),
        (
            "Grindavik residents watch the lava from Reykjavik",
            "Families from Grindavik followed the eruption on television in Reykjavik, unsure \
             when they could go home. Ludviksson said the harbour and the power plant at \
             Svartsengi were being watched closely.",
        ),
        (
            "Lava reaches the edge of Grindavik",
            "The lava flow from the Reykjanes fissure reached the defensive walls at the edge \
             of Grindavik overnight. Iceland's prime minister thanked the rescue teams and \
             promised help for the town's fishermen.",
        ),
    ];
    const JAVA: [(&str, &str); 5] = [
        (
            "Volcano erupts on Java in Indonesia",
            "Mount Merapi on the Indonesian island of Java erupted at dawn, covering villages \
             near Yogyakarta in grey ash. Governor Hamengkubuwono said rice farmers on the \
             slopes had been moved to shelters.",
        ),
        (
            "Merapi spews ash over Yogyakarta",
            "Ash from Merapi drifted over Yogyakarta and Magelang as the eruption went on. \
             Indonesian officials closed the airport at Solo and handed out masks in the \
             villages of central Java.",
        ),
        (
            "Indonesia raises alert for Merapi",
            "Indonesia's volcanology agency raised the alert for Merapi to its highest level \
             after hot clouds swept down the southern slope. Hamengkubuwono asked Javanese \
             villagers to stay away from the rivers.",
        ),
        (
            "Java villagers flee Merapi's hot clouds",
            "Thousands of villagers around Merapi spent the night in schools and mosques in \
             Sleman while the mountain rumbled. Soldiers helped carry the elderly down from \
             Kaliurang, Indonesian television showed.",
        ),
        (
            "Merapi eruption disrupts flights over Java",
            "Airlines cancelled flights to Yogyakarta and Solo as the ash cloud from Merapi \
             spread across central Java. Indonesia's transport ministry said the airports \
             would reopen once the wind turned.",
        ),
    ];
    let (title, body) = if event == 'a' {
        ICELAND[n % 5]
    } else {
        JAVA[n % 5]
    };
    Article {
        url: Some(format!("https://{event}{n}.example/eruption")),
        title: Some(title.into()),
        language: Some("en".into()),
        published: tidings_extract::Published::from_iso(&format!("2026-03-10T{:02}:00:00Z", n + 1)),
        paragraphs: vec![body.into()],
        ..Article::default()
    }
}

/// A story that turns out to hold two events splits in two as articles arrive (clusterer
/// settings that make every eruption join one story, then split it): the second event's
/// reports and their copies move to a new story, both digests are written again, entities
/// follow, and a restart keeps both stories. Both orders: the article that tips the split
/// moves with the new story, or stays in the old one.
#[test]
fn a_story_of_two_events_splits_in_two() {
    let config = tidings_cluster::Config {
        join_threshold: 0.01,
        short_join_threshold: 0.01,
        conflict_veto: false,
        split_min_docs: 4,
        split_min_share: 0.2,
        split_ratio: 1.5,
        ..tidings_cluster::Config::default()
    };
    // (event, report number); a copy is ('c', n): a copy of report b1 on another site.
    let orders: [&[(char, usize)]; 2] = [
        &[
            ('a', 0),
            ('a', 1),
            ('a', 2),
            ('b', 1),
            ('c', 1),
            ('b', 2),
            ('b', 3),
        ],
        &[
            ('a', 0),
            ('b', 1),
            ('c', 1),
            ('b', 2),
            ('a', 1),
            ('a', 2),
            ('b', 3),
        ],
    ];
    for order in orders {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut ids = std::collections::HashMap::new();
        {
            let store = SqliteStore::open_dir(dir.path()).expect("store");
            let engine = Engine::with_config(store, config.clone()).expect("engine");
            for &(event, n) in order {
                let article = if event == 'c' {
                    let mut copy = eruption('b', n);
                    copy.url = Some(format!("https://copies.example/{n}"));
                    copy
                } else {
                    eruption(event, n)
                };
                let (outcome, _) = engine.ingest_article(article, "test").expect("ingest");
                let Outcome::Added(id) = outcome else {
                    panic!("{outcome:?}")
                };
                ids.insert((event, n), id);
            }
        }
        // A new process: the clusterer is rebuilt from the stored, split stories.
        let engine = Engine::with_config(
            SqliteStore::open_dir(dir.path()).expect("store"),
            config.clone(),
        )
        .expect("engine");
        let store = engine.store();
        let story_of = |key: (char, usize)| {
            store
                .article(ids[&key])
                .expect("db")
                .and_then(|a| a.story_id)
                .expect("a story")
        };
        let (first, second) = (story_of(('a', 0)), story_of(('b', 1)));
        assert!(second > first, "{order:?}: the new story has the newer id");
        for &key in ids.keys() {
            let want = if key.0 == 'a' { first } else { second };
            assert_eq!(story_of(key), want, "{order:?}: {key:?}");
        }
        let stories = store.stories(StoryOrder::Latest, 10, 0).expect("db");
        assert_eq!(stories.len(), 2, "{order:?}: {stories:?}");
        let shape = |id| {
            let s = store.story(id).expect("db").expect("story");
            (s.summary.articles, s.summary.outlets)
        };
        assert_eq!(shape(first), (3, 3), "{order:?}");
        assert_eq!(
            shape(second),
            (4, 3),
            "{order:?}: the copy is not an outlet"
        );
        for (id, mine, theirs) in [
            (first, "Iceland", "Indonesia"),
            (second, "Indonesia", "Iceland"),
        ] {
            let s = store.story(id).expect("db").expect("story");
            let long = s.long.expect("digest written");
            assert!(long.contains(mine), "{order:?}: story {id}: {long}");
            assert!(!long.contains(theirs), "{order:?}: story {id}: {long}");
            let names = entity_names(store, id);
            assert!(
                names.iter().any(|n| n.contains(mine)),
                "{order:?}: {names:?}"
            );
            assert!(
                !names.iter().any(|n| n.contains(theirs)),
                "{order:?}: {names:?}"
            );
        }
        // The next report of the second event joins its own story.
        let (outcome, _) = engine
            .ingest_article(eruption('b', 4), "test")
            .expect("ingest");
        let Outcome::Added(late) = outcome else {
            panic!("{outcome:?}")
        };
        let late = store.article(late).expect("db").and_then(|a| a.story_id);
        assert_eq!(late, Some(second), "{order:?}");
    }
}

include!("../../cluster/tests/fixtures/title_defences.rs");

/// The names of a story's entities, most mentioned first.
fn entity_names(store: &SqliteStore, story: i64) -> Vec<String> {
    store
        .story_entities(story, 50)
        .expect("db")
        .into_iter()
        .map(|e| e.name)
        .collect()
}

/// The time of the `n`th report of a stream: a minute apart from 2026-03-10.
fn minute(n: usize) -> String {
    format!("2026-03-10T{:02}:{:02}:00Z", n / 60, n % 60)
}

/// Ingests reports (event, (title, body)) as articles, each on its own site, a minute apart;
/// returns the engine and the article ids in order.
fn ingest_defences(
    dir: &Path,
    stream: &[(char, (String, String))],
) -> (Engine<SqliteStore>, Vec<i64>) {
    let engine = Engine::new(SqliteStore::open_dir(dir).expect("store")).expect("engine");
    let ids = stream
        .iter()
        .enumerate()
        .map(|(n, (event, (title, body)))| {
            let article = Article {
                url: Some(format!("https://{event}{n}.example/fight")),
                title: Some(title.clone()),
                language: Some("en".into()),
                published: tidings_extract::Published::from_iso(&minute(n)),
                paragraphs: vec![body.clone()],
                ..Article::default()
            };
            match engine.ingest_article(article, "test").expect("ingest").0 {
                Outcome::Added(id) => id,
                other => panic!("{other:?}"),
            }
        })
        .collect();
    (engine, ids)
}

/// The stories of each event's articles, in the store.
fn stored_stories(
    store: &SqliteStore,
    stream: &[(char, (String, String))],
    ids: &[i64],
    event: char,
) -> std::collections::BTreeSet<i64> {
    stream
        .iter()
        .zip(ids)
        .filter(|((e, _), _)| *e == event)
        .map(|(_, &id)| {
            store
                .article(id)
                .expect("db")
                .and_then(|a| a.story_id)
                .expect("a story")
        })
        .collect()
}

/// The engine's re-placement (`settle`, run after every ingestion and fetch round): a report
/// that joined the look-alike event's story moves to its own event's story in the store, with
/// its mentions; both digests are written again; a restart keeps it; a second pass changes
/// nothing. A report alone in a story its event outgrew is folded into that story as a merge.
#[test]
fn reports_move_to_their_events_story_and_the_store_follows() {
    // As in the cluster test: one report of the second fight joins the first fight's story.
    let stream = two_defences();
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let (engine, ids) = ingest_defences(dir.path(), &stream);
        let store = engine.store();
        let (h, b) = (
            stored_stories(store, &stream, &ids, 'h'),
            stored_stories(store, &stream, &ids, 'b'),
        );
        assert_eq!(h.len(), 1, "{h:?}");
        assert!(
            !h.is_disjoint(&b),
            "the test needs a misplaced report: {h:?} {b:?}"
        );
        let changed = engine.settle().expect("settle");
        let (h, b) = (
            stored_stories(store, &stream, &ids, 'h'),
            stored_stories(store, &stream, &ids, 'b'),
        );
        assert_eq!((h.len(), b.len()), (1, 1), "{h:?} {b:?}");
        assert_ne!(h, b);
        let (h, b) = (*h.first().unwrap(), *b.first().unwrap());
        let mut sorted = changed.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, [h.min(b), h.max(b)]);
        // (story, articles, its city and country, the other fight's)
        let sides = [
            (h, 6, ("Hamburg", "Germany"), ("Bern", "Switzerland")),
            (b, 7, ("Bern", "Switzerland"), ("Hamburg", "Germany")),
        ];
        for (id, n, mine, theirs) in sides {
            let s = store.story(id).expect("db").expect("story");
            assert_eq!((s.summary.articles, s.summary.outlets), (n, n));
            let long = s.long.expect("digest written");
            assert!(long.contains(mine.0), "story {id}: {long}");
            assert!(!long.contains(theirs.0), "story {id}: {long}");
            let names = entity_names(store, id);
            assert!(names.iter().any(|n| n == mine.1), "{names:?}");
            assert!(!names.iter().any(|n| n == theirs.1), "{names:?}");
        }
    }
    // A new process rebuilds the clusterer from the store: nothing left to move.
    let engine = Engine::new(SqliteStore::open_dir(dir.path()).expect("store")).expect("engine");
    assert_eq!(engine.settle().expect("settle"), Vec::<i64>::new());
    assert_eq!(engine.store().count_stories().expect("db"), 2);

    // A short report of the second fight first: it opens a story, most of its fight opens
    // another, and the pass folds them into the older one.
    let lone = (
        "Tony Thompson".to_string(),
        format!("{} {}", BERN[4], BERN[6]),
    );
    let stream: Vec<(char, (String, String))> =
        std::iter::once(('b', lone)).chain(stream).collect();
    let dir = tempfile::tempdir().expect("tempdir");
    let (engine, ids) = ingest_defences(dir.path(), &stream);
    let store = engine.store();
    assert!(stored_stories(store, &stream, &ids, 'b').len() > 1);
    engine.settle().expect("settle");
    let b = stored_stories(store, &stream, &ids, 'b');
    assert_eq!(b.len(), 1, "{b:?}");
    let first = store.article(ids[0]).expect("db").and_then(|a| a.story_id);
    assert_eq!(b.first().copied(), first, "the older story's id is kept");
    assert_eq!(store.count_stories().expect("db"), 2);
}

/// Ingests one article of plain text, `day` days and `hour` hours after 2026-03-01.
fn add_text(engine: &Engine<SqliteStore>, n: usize, day: u32, hour: u32, body: &str) -> i64 {
    let article = Article {
        url: Some(format!("https://r{n}.example/x")),
        language: Some("en".into()),
        published: tidings_extract::Published::from_iso(&format!(
            "2026-03-{:02}T{hour:02}:00:00Z",
            1 + day
        )),
        paragraphs: vec![body.to_string()],
        ..Article::default()
    };
    match engine.ingest_article(article, "test").expect("ingest").0 {
        Outcome::Added(id) => id,
        other => panic!("{other:?}"),
    }
}

/// After a restart the clusterer holds only the window's reports: a story the window cut
/// comes back with a few of its reports, and must not be judged (split, re-placed, folded)
/// by those.
#[test]
fn a_story_the_window_cut_is_not_re_placed_after_a_restart() {
    const OWN: [&str; 12] = [
        "alder", "birch", "cedar", "dogwood", "elm", "fir", "gum", "hazel", "ilex", "juniper",
        "kapok", "larch",
    ];
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ids = Vec::new();
    let stories_of = |store: &SqliteStore, ids: &[i64]| -> Vec<i64> {
        ids.iter()
            .map(|&i| {
                store
                    .article(i)
                    .expect("db")
                    .and_then(|a| a.story_id)
                    .expect("story")
            })
            .collect()
    };
    let before = {
        let engine =
            Engine::new(SqliteStore::open_dir(dir.path()).expect("store")).expect("engine");
        // A story over four days, its last report on the fifth also naming what comes next.
        for (n, word) in OWN.iter().enumerate().take(8) {
            let body = format!("pax quill quorn quist {word}.");
            ids.push(add_text(
                &engine,
                n,
                n as u32 / 2,
                1 + 11 * (n as u32 % 2),
                &body,
            ));
        }
        ids.push(add_text(
            &engine,
            8,
            4,
            1,
            "pax quill quorn quist vex wand alder.",
        ));
        // Another story that day, sharing two of that report's words.
        for (n, word) in OWN.iter().enumerate().skip(9) {
            let body = format!("vex wand yarn zinc {word}.");
            ids.push(add_text(&engine, n, 4, n as u32 - 6, &body));
        }
        // Unrelated, a week later: after a restart the window starts on the fifth day.
        ids.push(add_text(
            &engine,
            12,
            11,
            0,
            "completely different words here.",
        ));
        let store = engine.store();
        let stories = stories_of(store, &ids);
        assert!(stories[..9].iter().all(|&s| s == stories[0]), "{stories:?}");
        assert!(
            stories[9..12].iter().all(|&s| s == stories[9]),
            "{stories:?}"
        );
        assert_ne!(stories[0], stories[9]);
        stories
    };
    let engine = Engine::new(SqliteStore::open_dir(dir.path()).expect("store")).expect("engine");
    assert_eq!(engine.settle().expect("settle"), Vec::<i64>::new());
    assert_eq!(stories_of(engine.store(), &ids), before);
}

/// A pass due in the middle of ingestion (`refine_every`) runs inside `place`: the store
/// follows it, and ends with the stories a clusterer alone gives the same stream.
#[test]
fn a_pass_during_ingestion_leaves_the_store_as_the_clusterer() {
    // Unrelated reports first, so that the pass falls among the two title defences.
    let filler = (0..19).map(|k| {
        let words: Vec<String> = (0..12).map(|j| format!("filler{k}word{j}")).collect();
        (
            'f',
            (format!("Filler {k}"), format!("{}.", words.join(" "))),
        )
    });
    let stream: Vec<(char, (String, String))> = filler.chain(two_defences()).collect();
    let mut c = tidings_cluster::Clusterer::new(tidings_cluster::Config::default());
    let mut alone = tidings_cluster::BatchStories::new();
    let mut moves = 0;
    for (n, (_, (title, body))) in stream.iter().enumerate() {
        let at = tidings_extract::Published::from_iso(&minute(n)).expect("time");
        let features = tidings_text::analyze(Some(title), body, Some("en"));
        let got = c.assign(n as u64, &features, at.timestamp());
        moves += got.regroup.as_ref().map_or(0, |r| r.moves.len());
        alone.push(&got);
    }
    assert!(moves > 0, "the test needs a pass that moves a report");
    let dir = tempfile::tempdir().expect("tempdir");
    let (engine, ids) = ingest_defences(dir.path(), &stream);
    let store = engine.store();
    // The same partition (ids differ: the store hands them out).
    let groups = |story: &dyn Fn(usize) -> i64| {
        let mut by: std::collections::BTreeMap<i64, Vec<usize>> = Default::default();
        for n in 0..stream.len() {
            by.entry(story(n)).or_default().push(n);
        }
        by.into_values().collect::<std::collections::BTreeSet<_>>()
    };
    let stored = groups(&|n| {
        store
            .article(ids[n])
            .expect("db")
            .and_then(|a| a.story_id)
            .expect("story")
    });
    let expected = groups(&|n| alone.story(n, &c).expect("recorded") as i64);
    assert_eq!(stored, expected);
    assert_eq!(stored_stories(store, &stream, &ids, 'b').len(), 1);
}

/// Another process moved a report the clusterer means to move: the store refuses the pass's
/// move, and the clusterer is rebuilt from the store, so that what comes next (here a copy
/// of that report) goes where the store has the report, not where the clusterer thought.
#[test]
fn a_refused_move_brings_the_clusterer_back_to_the_store() {
    let mut stream = two_defences();
    stream.push((
        'u',
        (
            "Harbour".into(),
            "The harbour reopened after repairs.".into(),
        ),
    ));
    let dir = tempfile::tempdir().expect("tempdir");
    let (engine, ids) = ingest_defences(dir.path(), &stream);
    let store = engine.store();
    let story = |id: i64| {
        store
            .article(id)
            .expect("db")
            .and_then(|a| a.story_id)
            .expect("story")
    };
    // The misplaced report of the second fight, in the first fight's story.
    let hamburg = story(ids[0]);
    let n = (0..stream.len())
        .find(|&n| stream[n].0 == 'b' && story(ids[n]) == hamburg)
        .expect("the test needs a misplaced report");
    // Another process moves it to an unrelated story behind this engine's back.
    let unrelated = story(*ids.last().unwrap());
    store
        .move_articles(hamburg, unrelated, &[ids[n]], &[])
        .expect("move");
    // The pass wants it in the second fight's story; the store refuses (it is not in the
    // first fight's any more).
    assert_eq!(engine.settle().expect("settle"), Vec::<i64>::new());
    assert_eq!(story(ids[n]), unrelated);
    // A copy of it joins its original where the store has it.
    let (title, body) = &stream[n].1;
    let copy = Article {
        url: Some("https://copies.example/fight".into()),
        title: Some(title.clone()),
        language: Some("en".into()),
        published: tidings_extract::Published::from_iso(&minute(stream.len())),
        paragraphs: vec![body.clone()],
        ..Article::default()
    };
    let Outcome::Added(copy) = engine.ingest_article(copy, "test").expect("ingest").0 else {
        panic!("not added")
    };
    let stored = store.article(copy).expect("db").expect("article");
    assert_eq!(stored.duplicate_of, Some(ids[n]));
    assert_eq!(stored.story_id, Some(unrelated));
}
