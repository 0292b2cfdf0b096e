//! The SQLite store: schema versions, round trips, ordering, search, boilerplate counts.

use tidings_extract::boilerplate::Policy;
use tidings_extract::{Article, Published};
use tidings_store::{
    ArticleId, CachedImage, EntityMention, NewArticle, SourceFetch, SourceKind, SqliteStore, Store,
    StoreError, StoryDigestRecord, StoryId, StoryOrder,
};

fn new(identity: &str, title: &str, published: Option<&str>, body: &[&str]) -> NewArticle {
    on_site(identity, "example.org", title, published, body)
}

fn on_site(
    identity: &str,
    site: &str,
    title: &str,
    published: Option<&str>,
    body: &[&str],
) -> NewArticle {
    let paragraphs: Vec<String> = body.iter().map(|s| s.to_string()).collect();
    NewArticle {
        identity: identity.into(),
        source: "test".into(),
        site: Some(site.into()),
        article: Article {
            title: Some(title.into()),
            published: published.and_then(Published::from_iso),
            authors: vec!["Jane Doe".into()],
            tags: vec!["Iran".into()],
            paragraphs: paragraphs.clone(),
            ..Article::default()
        },
        clean_paragraphs: paragraphs,
        ingested_at: "2026-11-22T10:00:00Z".into(),
    }
}

#[test]
fn reopening_keeps_data_and_schema_version() {
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let store = SqliteStore::open_dir(dir.path()).unwrap();
        store
            .insert_article(&new(
                "url:a",
                "First",
                Some("2026-03-05T10:00:00+02:00"),
                &["Body one."],
            ))
            .unwrap()
    };
    let store = SqliteStore::open_dir(dir.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), 7);
    let a = store.article(id).unwrap().unwrap();
    assert_eq!(a.article.title.as_deref(), Some("First"));
    assert_eq!(
        a.article.published.unwrap().to_iso(),
        "2026-03-05T10:00:00+02:00",
        "time zone kept"
    );
    assert_eq!(a.article.authors, ["Jane Doe"]);
    assert_eq!(a.article.tags, ["Iran"]);
    assert_eq!(store.find_by_identity("url:a").unwrap(), Some(id));
    assert_eq!(store.find_by_identity("url:b").unwrap(), None);
}

#[test]
fn a_newer_schema_is_refused_not_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tidings.db");
    drop(SqliteStore::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    match SqliteStore::open(&path) {
        Err(StoreError::TooNew { found: 99, .. }) => {}
        other => panic!("expected TooNew, got {:?}", other.err()),
    }
}

#[test]
fn duplicate_identity_is_rejected() {
    let store = SqliteStore::in_memory().unwrap();
    store
        .insert_article(&new("url:a", "A", None, &["x"]))
        .unwrap();
    assert!(
        store
            .insert_article(&new("url:a", "A again", None, &["y"]))
            .is_err()
    );
    assert_eq!(store.count_articles().unwrap(), 1);
}

#[test]
fn newest_first_with_ingest_time_for_undated() {
    let store = SqliteStore::in_memory().unwrap();
    store
        .insert_article(&new("1", "Old", Some("2020-01-01"), &["a"]))
        .unwrap();
    store
        .insert_article(&new("2", "Undated", None, &["b"]))
        .unwrap(); // ingested 2026-11-22
    store
        .insert_article(&new("3", "Mid", Some("2024-05-01T12:00:00Z"), &["c"]))
        .unwrap();
    let titles: Vec<_> = store
        .articles(10, 0)
        .unwrap()
        .into_iter()
        .map(|a| a.title.unwrap())
        .collect();
    assert_eq!(titles, ["Undated", "Mid", "Old"]);
    assert_eq!(
        store.latest_article_time().unwrap(),
        Some(1_795_341_600),
        "2026-11-22T10:00:00Z"
    );
    assert_eq!(
        store.articles(1, 1).unwrap()[0].title.as_deref(),
        Some("Mid")
    );
}

#[test]
fn search_ranks_title_matches_and_survives_odd_queries() {
    let store = SqliteStore::in_memory().unwrap();
    store
        .insert_article(&new(
            "1",
            "Netanyahu demands explanation",
            None,
            &["Talks with Iran."],
        ))
        .unwrap();
    store
        .insert_article(&new(
            "2",
            "Iran rejects reports",
            None,
            &["Netanyahu asked the White House."],
        ))
        .unwrap();
    let hits = store.search("netanyahu", 10).unwrap();
    assert_eq!(hits.len(), 2);
    assert_eq!(
        hits[0].title.as_deref(),
        Some("Netanyahu demands explanation")
    );
    assert!(hits[1].snippet.contains("[Netanyahu]"));
    for odd in ["AND", "\"", "(*)", "x OR", "-Iran", "NEAR(", "Ира́н"] {
        assert!(store.search(odd, 10).is_ok(), "query {odd:?} broke search");
    }
    assert_eq!(store.search("nonexistentword", 10).unwrap().len(), 0);
    assert_eq!(store.search("netan*", 10).unwrap().len(), 2);
}

#[test]
fn blocks_are_learned_by_the_policy() {
    let store = SqliteStore::in_memory().unwrap();
    let policy = Policy::default();
    let block = vec![(42u64, "Subscribe".to_string())];
    let mut learned = Vec::new();
    for i in 0..3 {
        store
            .insert_article(&new(&i.to_string(), "t", None, &["x"]))
            .unwrap();
        learned.push(
            store
                .record_site_blocks("example.org", &block, &policy)
                .unwrap(),
        );
    }
    assert_eq!(learned, [vec![], vec![], vec![42]]);
    assert_eq!(store.site_boilerplate("example.org").unwrap(), [42]);
    let sources = store.sources().unwrap();
    assert_eq!(
        (
            sources[0].site.as_str(),
            sources[0].articles,
            sources[0].boilerplate_blocks
        ),
        ("example.org", 3, 1)
    );
    assert!(store.site_boilerplate("other.org").unwrap().is_empty());
    // Learned once: not reported again.
    store.insert_article(&new("3", "t", None, &["x"])).unwrap();
    assert!(
        store
            .record_site_blocks("example.org", &block, &policy)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn stories_count_outlets_not_copies_and_merges_redirect() {
    let store = SqliteStore::in_memory().unwrap();
    let a = store
        .insert_article(&on_site(
            "a",
            "csr.example",
            "Iran rejects reports",
            Some("2026-03-05"),
            &["x"],
        ))
        .unwrap();
    let b = store
        .insert_article(&on_site(
            "b",
            "unn.example",
            "Secret talks",
            Some("2026-03-05T12:00:00Z"),
            &["y"],
        ))
        .unwrap();
    let copy = store
        .insert_article(&on_site(
            "c",
            "mirror.example",
            "Iran rejects reports",
            Some("2026-03-06"),
            &["x"],
        ))
        .unwrap();
    let other = store
        .insert_article(&on_site(
            "d",
            "csr.example",
            "Storm hits coast",
            Some("2026-03-07"),
            &["z"],
        ))
        .unwrap();
    store.assign_story(a, 1, None).unwrap();
    store.assign_story(copy, 1, Some(a)).unwrap();
    store.assign_story(b, 2, None).unwrap();
    store.assign_story(other, 3, None).unwrap();
    let one = store.story(1).unwrap().unwrap();
    assert_eq!(
        one.summary.outlet_names,
        ["csr.example"],
        "copies are not outlets"
    );
    assert_eq!(store.count_stories().unwrap(), 3);
    assert_eq!(store.count_stories_after(1).unwrap(), 2);
    assert_eq!(store.article(copy).unwrap().unwrap().duplicate_of, Some(a));
    assert_eq!(store.article(b).unwrap().unwrap().story_id, Some(2));
    store
        .set_article_quotes(a, &serde_json::json!([{"text": "“x”"}]))
        .unwrap();
    assert!(store.story_records(1).unwrap()[0].quotes.is_some());
    store
        .update_article_body(a, &["new text".to_string()])
        .unwrap();
    assert!(
        store.story_records(1).unwrap()[0].quotes.is_none(),
        "stale quotes dropped with the old text"
    );
    assert_eq!(
        (one.summary.articles, one.summary.outlets),
        (2, 1),
        "a copy is not another outlet"
    );
    assert_eq!(
        one.summary.headline.as_deref(),
        Some("Iran rejects reports")
    );
    assert_eq!(one.articles[1].duplicate_of, Some(a));
    store.merge_stories(1, 2).unwrap();
    let merged = store.story(2).unwrap().unwrap();
    assert_eq!(
        merged.summary.id, 1,
        "the merged id redirects to the older story"
    );
    assert_eq!((merged.summary.articles, merged.summary.outlets), (3, 2));
    assert_eq!(merged.summary.outlet_names, ["csr.example", "unn.example"]);
    let ids: Vec<_> = merged.articles.iter().map(|x| x.id).collect();
    assert_eq!(ids, [a, b, copy], "oldest first");
    assert_eq!(store.resolve_story(2).unwrap(), Some(1));
    assert_eq!(store.resolve_story(99).unwrap(), None);
    // Chains stay one hop: merging 1 into 3 sends 2 to 3 as well.
    store.merge_stories(3, 1).unwrap();
    assert_eq!(store.resolve_story(2).unwrap(), Some(3));
    assert_eq!(store.max_story_id().unwrap(), 3);
    let listed: Vec<_> = store
        .stories(StoryOrder::Coverage, 10, 0)
        .unwrap()
        .into_iter()
        .map(|s| (s.id, s.outlets))
        .collect();
    assert_eq!(listed, [(3, 2)]);
    let window = store.articles_since(0).unwrap();
    assert_eq!(window.len(), 4);
    assert!(window.iter().all(|r| r.story == Some(3)));
    assert_eq!(
        store.articles_since(1_772_800_000).unwrap().len(),
        1,
        "only 2026-03-07 is after"
    );
}

fn mention(key: &str, name: &str, kind: &str, count: u32) -> EntityMention {
    EntityMention {
        key: key.into(),
        name: name.into(),
        kind: kind.into(),
        count,
    }
}

#[test]
fn entities_follow_stories_and_merges_and_views_count() {
    let store = SqliteStore::in_memory().unwrap();
    let a = store
        .insert_article(&on_site("a", "x.example", "A", Some("2026-03-05"), &["x"]))
        .unwrap();
    let b = store
        .insert_article(&on_site("b", "y.example", "B", Some("2026-03-06"), &["y"]))
        .unwrap();
    store.assign_story(a, 1, None).unwrap();
    store.assign_story(b, 2, None).unwrap();
    store
        .add_story_entities(
            1,
            &[
                mention("iran", "Iran", "place", 5),
                mention("benjamin netanyahu", "Benjamin Netanyahu", "person", 2),
            ],
        )
        .unwrap();
    store
        .add_story_entities(2, &[mention("iran", "Iran", "place", 1)])
        .unwrap();
    let top = store.top_entities(10).unwrap();
    assert_eq!(
        (top[0].name.as_str(), top[0].count, top[0].mentions),
        ("Iran", 2, 6)
    );
    assert_eq!(
        store
            .entity_stories("iran", 10, 0)
            .unwrap()
            .iter()
            .map(|s| s.id)
            .collect::<Vec<_>>(),
        [2, 1]
    );
    assert!(store.entity("nobody").unwrap().is_none());
    store.record_story_view(2).unwrap();
    store.merge_stories(1, 2).unwrap();
    let e = store.story_entities(1, 10).unwrap();
    assert_eq!(
        (e[0].key.as_str(), e[0].count, e[0].mentions),
        ("iran", 2, 6),
        "merged story sums its parts"
    );
    assert_eq!(
        store.entity("iran").unwrap().unwrap().count,
        1,
        "one story now"
    );
    store.record_story_view(2).unwrap(); // the old id still counts, for the new story
    assert_eq!(store.story(1).unwrap().unwrap().summary.views, 2);
    assert_eq!(store.stories(StoryOrder::Views, 1, 0).unwrap()[0].id, 1);
}

/// A story's first and last times.
fn span(s: &tidings_store::StoryDetail) -> (i64, i64) {
    (s.summary.first_seen, s.summary.last_updated)
}

/// Stores an article on `site` published on `day`, whose text is its title.
fn dated(store: &SqliteStore, id: &str, site: &str, title: &str, day: &str) -> ArticleId {
    store
        .insert_article(&on_site(id, site, title, Some(day), &[title]))
        .unwrap()
}

/// A story's article ids (oldest first) and its counts of articles and outlets.
fn story_shape(store: &SqliteStore, id: StoryId) -> (Vec<ArticleId>, i64, i64) {
    let s = store.story(id).unwrap().unwrap();
    let ids = s.articles.iter().map(|a| a.id).collect();
    (ids, s.summary.articles, s.summary.outlets)
}

/// A story's entities as (key, articles, mentions), most mentioned first.
fn entity_counts(store: &SqliteStore, id: StoryId) -> Vec<(String, i64, i64)> {
    store
        .story_entities(id, 10)
        .unwrap()
        .into_iter()
        .map(|e| (e.key, e.count, e.mentions))
        .collect()
}

/// A story holding two events splits in two: the listed reports and their copies move to
/// the new story, counts, times and entities follow for both, the old story keeps its views
/// and digest; a taken id, an unknown story or a split that would empty or not touch the
/// story change nothing; a merged-away id is followed.
#[test]
fn a_split_moves_reports_and_copies_to_a_new_story() {
    let store = SqliteStore::in_memory().unwrap();
    let article =
        |id: &str, site: &str, title: &str, day: &str| dated(&store, id, site, title, day);
    let a = article("a", "x.example", "Quake hits city", "2026-03-01");
    let b = article("b", "y.example", "Quake toll rises", "2026-03-02");
    let c = article("c", "x.example", "Election called", "2026-03-03");
    let d = article("d", "z.example", "Vote date set", "2026-03-04");
    let copy = article("e", "mirror.example", "Election called", "2026-03-05");
    let other = article("f", "w.example", "Storm", "2026-03-06");
    for (id, dup) in [(a, None), (b, None), (c, None), (d, None), (copy, Some(c))] {
        store.assign_story(id, 1, dup).unwrap();
    }
    store.open_story(other, 2, None).unwrap();
    let quake = |n| mention("quake", "Quake", "other", n);
    let vote = |n| mention("vote", "Vote", "other", n);
    store.add_story_entities(1, &[quake(2), vote(1)]).unwrap();
    store.add_story_entities(1, &[quake(1)]).unwrap();
    store.add_story_entities(1, &[vote(3)]).unwrap();
    store.record_story_view(1).unwrap();
    store
        .set_story_digest(
            1,
            &StoryDigestRecord {
                headline: "Quake and vote".into(),
                short: "s".into(),
                long: "l".into(),
                digest: serde_json::json!({}),
            },
        )
        .unwrap();
    assert_eq!(story_shape(&store, 1), (vec![a, b, c, d, copy], 5, 3));

    // Refused, nothing changed: the new id is taken (a story, or a merged story's redirect).
    let before = (story_shape(&store, 1), entity_counts(&store, 1));
    let err = store.split_story(1, 2, &[c, d], &[vote(4)]).unwrap_err();
    assert!(matches!(err, StoreError::StoryExists(2)), "{err}");
    let err = store.split_story(99, 5, &[c, d], &[]).unwrap_err();
    assert!(matches!(err, StoreError::UnknownStory(99)), "{err}");
    let err = store.split_story(1, 5, &[other], &[]).unwrap_err();
    assert!(
        matches!(err, StoreError::BadSplit(1, _)),
        "nothing to move: {err}"
    );
    let err = store.split_story(1, 5, &[a, b, c, d], &[]).unwrap_err();
    assert!(
        matches!(err, StoreError::BadSplit(1, _)),
        "nothing left: {err}"
    );
    assert_eq!((story_shape(&store, 1), entity_counts(&store, 1)), before);
    assert_eq!(store.story(5).unwrap().map(|s| s.summary.id), None);
    assert_eq!(store.count_stories().unwrap(), 2);

    // The split: the copy follows its original; an article of another story stays there.
    store
        .split_story(1, 5, &[c, d, other], &[vote(1), vote(3)])
        .unwrap();
    assert_eq!(story_shape(&store, 1), (vec![a, b], 2, 2));
    assert_eq!(story_shape(&store, 5), (vec![c, d, copy], 3, 2));
    assert_eq!(story_shape(&store, 2), (vec![other], 1, 1));
    assert_eq!(store.article(copy).unwrap().unwrap().story_id, Some(5));
    assert_eq!(store.article(copy).unwrap().unwrap().duplicate_of, Some(c));
    let (old, new) = (
        store.story(1).unwrap().unwrap(),
        store.story(5).unwrap().unwrap(),
    );
    assert_eq!(old.summary.outlet_names, ["x.example", "y.example"]);
    assert_eq!(new.summary.outlet_names, ["x.example", "z.example"]);
    assert_eq!(
        span(&old),
        (1_772_323_200, 1_772_409_600),
        "2026-03-01 to 2026-03-02"
    );
    assert_eq!(
        span(&new),
        (1_772_496_000, 1_772_668_800),
        "2026-03-03 to 2026-03-05"
    );
    assert_eq!((old.summary.views, new.summary.views), (1, 0));
    assert_eq!(old.summary.headline.as_deref(), Some("Quake and vote"));
    assert!(
        old.digest.is_some(),
        "kept until the engine writes it again"
    );
    assert_eq!(new.summary.headline.as_deref(), Some("Election called"));
    assert!(new.digest.is_none());
    assert_eq!(entity_counts(&store, 1), [("quake".to_string(), 2, 3)]);
    assert_eq!(entity_counts(&store, 5), [("vote".to_string(), 2, 4)]);
    // Each side says where the other event went.
    assert_eq!((old.split_from, old.split_off.clone()), (None, vec![5]));
    assert_eq!((new.split_from, new.split_off.clone()), (Some(1), vec![]));
    assert_eq!(store.count_stories().unwrap(), 3);
    assert_eq!(store.max_story_id().unwrap(), 5);
    assert_eq!(
        store.reserve_story_id().unwrap(),
        6,
        "the new id is never given again"
    );

    // A story merged away is followed to the story it went into.
    store.merge_stories(2, 5).unwrap();
    store.split_story(5, 7, &[d], &[vote(3)]).unwrap();
    assert_eq!(story_shape(&store, 2), (vec![c, copy, other], 3, 2));
    assert_eq!(story_shape(&store, 7), (vec![d], 1, 1));
    assert_eq!(entity_counts(&store, 2), [("vote".to_string(), 1, 1)]);
    assert_eq!(entity_counts(&store, 7), [("vote".to_string(), 1, 3)]);
    // Splits are followed through merges: story 1's split-off went into story 2.
    assert_eq!(store.story(1).unwrap().unwrap().split_off, vec![2]);
    assert_eq!(store.story(7).unwrap().unwrap().split_from, Some(2));
    assert_eq!(store.story(2).unwrap().unwrap().split_off, vec![7]);
    // ... and the merged id is taken for good.
    let err = store.split_story(2, 5, &[c], &[]).unwrap_err();
    assert!(matches!(err, StoreError::StoryExists(5)), "{err}");
}

/// Reports that fit another story better move there with their copies and mentions; both
/// stories keep their ids, views and digests, counts and times follow; a move that would
/// empty the story, touch none of its reports, stay in place or name an unknown story
/// changes nothing; merged-away ids are followed.
#[test]
fn reports_move_to_a_story_that_fits_them_better() {
    let store = SqliteStore::in_memory().unwrap();
    let article =
        |id: &str, site: &str, title: &str, day: &str| dated(&store, id, site, title, day);
    let a = article("a", "x.example", "Quake hits city", "2026-03-01");
    let b = article("b", "y.example", "Second quake hits city", "2026-03-02");
    let c = article("c", "x.example", "Quake toll rises", "2026-03-03");
    let copy = article(
        "d",
        "mirror.example",
        "Second quake hits city",
        "2026-03-04",
    );
    let e = article("e", "z.example", "Second quake: aftershocks", "2026-03-05");
    store.open_story(a, 1, None).unwrap();
    for (id, dup) in [(b, None), (c, None), (copy, Some(b))] {
        store.assign_story(id, 1, dup).unwrap();
    }
    store.open_story(e, 2, None).unwrap();
    // A stray copy in story 1 of a report of story 2: it is not the clusterer's to move.
    let stray = article(
        "g",
        "mirror2.example",
        "Second quake: aftershocks",
        "2026-03-07",
    );
    store.assign_story(stray, 1, Some(e)).unwrap();
    let quake = |n| mention("quake", "Quake", "other", n);
    let second = |n| mention("aftershock", "Aftershock", "other", n);
    store.add_story_entities(1, &[quake(2)]).unwrap();
    store.add_story_entities(1, &[quake(1), second(2)]).unwrap();
    store.add_story_entities(1, &[quake(1)]).unwrap();
    store.add_story_entities(2, &[second(1)]).unwrap();
    store.record_story_view(2).unwrap();

    // Refused, nothing changed.
    let before = (
        story_shape(&store, 1),
        story_shape(&store, 2),
        entity_counts(&store, 1),
        entity_counts(&store, 2),
    );
    let shapes = |store: &SqliteStore| {
        (
            story_shape(store, 1),
            story_shape(store, 2),
            entity_counts(store, 1),
            entity_counts(store, 2),
        )
    };
    let err = store.move_articles(99, 2, &[b], &[]).unwrap_err();
    assert!(matches!(err, StoreError::UnknownStory(99)), "{err}");
    let err = store.move_articles(1, 98, &[b], &[]).unwrap_err();
    assert!(matches!(err, StoreError::UnknownStory(98)), "{err}");
    let err = store.move_articles(1, 1, &[b], &[]).unwrap_err();
    assert!(
        matches!(err, StoreError::BadMove(1, _)),
        "same story: {err}"
    );
    let err = store.move_articles(1, 2, &[e], &[]).unwrap_err();
    assert!(
        matches!(err, StoreError::BadMove(1, _)),
        "none in it: {err}"
    );
    let err = store
        .move_articles(1, 2, &[a, b, c, stray], &[])
        .unwrap_err();
    assert!(
        matches!(err, StoreError::BadMove(1, _)),
        "nothing left: {err}"
    );
    assert_eq!(shapes(&store), before);

    // The move: the copy follows its original, the mentions go with the report.
    let moved = store
        .move_articles(1, 2, &[b], &[quake(1), second(2)])
        .unwrap();
    assert_eq!(moved, 2, "the report and its copy");
    assert_eq!(story_shape(&store, 1), (vec![a, c, stray], 3, 1));
    assert_eq!(store.article(stray).unwrap().unwrap().story_id, Some(1));
    // The copy is not another outlet.
    assert_eq!(story_shape(&store, 2), (vec![b, copy, e], 3, 2));
    assert_eq!(store.article(copy).unwrap().unwrap().story_id, Some(2));
    assert_eq!(store.article(copy).unwrap().unwrap().duplicate_of, Some(b));
    assert_eq!(entity_counts(&store, 1), [("quake".to_string(), 2, 3)]);
    assert_eq!(
        entity_counts(&store, 2),
        [
            ("aftershock".to_string(), 2, 3),
            ("quake".to_string(), 1, 1)
        ]
    );
    let (one, two) = (
        store.story(1).unwrap().unwrap(),
        store.story(2).unwrap().unwrap(),
    );
    assert_eq!(
        span(&one),
        (1_772_323_200, 1_772_841_600),
        "2026-03-01 to 2026-03-07"
    );
    assert_eq!(
        span(&two),
        (1_772_409_600, 1_772_668_800),
        "2026-03-02 to 2026-03-05"
    );
    assert_eq!((one.summary.views, two.summary.views), (0, 1));
    // A move is not a split: neither story says it split.
    assert_eq!((one.split_from, one.split_off.len()), (None, 0));
    assert_eq!((two.split_from, two.split_off.len()), (None, 0));
    assert_eq!(store.count_stories().unwrap(), 2);

    // Merged-away ids are followed on both sides.
    let f = article("f", "w.example", "Quake relief", "2026-03-06");
    store.open_story(f, 3, None).unwrap();
    store.merge_stories(1, 3).unwrap();
    // A copy listed with its original (as the clusterer lists them) moves once.
    let late_copy = article("h", "mirror3.example", "Quake toll rises", "2026-03-08");
    store.assign_story(late_copy, 1, Some(c)).unwrap();
    let moved = store
        .move_articles(3, 2, &[c, late_copy], &[quake(1)])
        .unwrap();
    assert_eq!(moved, 2);
    assert_eq!(story_shape(&store, 1), (vec![a, f, stray], 3, 2));
    assert_eq!(
        story_shape(&store, 2),
        (vec![b, c, copy, e, late_copy], 5, 3)
    );
    // Sizes (copies included) follow redirects and leave out what is no story.
    assert_eq!(
        store.story_sizes(&[1, 2, 3, 99]).unwrap(),
        [(1, 3), (2, 5), (3, 3)]
    );
}

fn fetch(at: &str, error: Option<&str>, next: i64) -> SourceFetch {
    SourceFetch {
        at: at.into(),
        error: error.map(str::to_owned),
        kind: None,
        title: None,
        etag: None,
        last_modified: None,
        next_fetch: next,
    }
}

#[test]
fn sources_keep_their_health() {
    let store = SqliteStore::in_memory().unwrap();
    let (s, is_new) = store
        .add_source("https://a.example/feed.xml", "2026-11-22T10:00:00Z")
        .unwrap();
    assert!(is_new);
    assert_eq!(s.kind, None);
    assert_eq!(s.next_fetch, 0, "due at once");
    let (again, is_new) = store
        .add_source("https://a.example/feed.xml", "2026-11-23T10:00:00Z")
        .unwrap();
    assert!(!is_new);
    assert_eq!(again.id, s.id);
    assert_eq!(again.added, "2026-11-22T10:00:00Z");
    let (other, _) = store
        .add_source("https://b.example/page", "2026-11-22T10:00:00Z")
        .unwrap();

    // A success: kind, title, validators, due later.
    store
        .record_source_fetch(
            s.id,
            &SourceFetch {
                kind: Some(SourceKind::Feed),
                title: Some("A feed".into()),
                etag: Some(Some("\"e1\"".into())),
                last_modified: Some(None),
                ..fetch("2026-11-22T10:01:00Z", None, 5000)
            },
        )
        .unwrap();
    // Two failures: counted, the error kept, validators and kind untouched.
    store
        .record_source_fetch(s.id, &fetch("2026-11-22T11:00:00Z", Some("HTTP 500"), 6000))
        .unwrap();
    store
        .record_source_fetch(
            s.id,
            &fetch("2026-11-22T12:00:00Z", Some("timed out"), 7000),
        )
        .unwrap();
    let got = store.source(s.id).unwrap().unwrap();
    assert_eq!(got.kind, Some(SourceKind::Feed));
    assert_eq!(got.title.as_deref(), Some("A feed"));
    assert_eq!(got.etag.as_deref(), Some("\"e1\""));
    assert_eq!(got.last_ok.as_deref(), Some("2026-11-22T10:01:00Z"));
    assert_eq!(got.last_fetch.as_deref(), Some("2026-11-22T12:00:00Z"));
    assert_eq!(got.last_error.as_deref(), Some("timed out"));
    assert_eq!(got.consecutive_failures, 2);
    assert_eq!(got.next_fetch, 7000);

    // Due: the other one (never fetched) first; ours only from 7000 on.
    let due: Vec<i64> = store
        .due_sources(6999, 10)
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(due, [other.id]);
    let due: Vec<i64> = store
        .due_sources(7000, 10)
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(due, [other.id, s.id]);

    // A success resets the failures and clears the error.
    store
        .record_source_fetch(s.id, &fetch("2026-11-22T13:00:00Z", None, 9000))
        .unwrap();
    let got = store.source(s.id).unwrap().unwrap();
    assert_eq!(got.consecutive_failures, 0);
    assert_eq!(got.last_error, None);
    assert_eq!(got.etag.as_deref(), Some("\"e1\""), "kept on a 304");

    // Articles are counted by source URL; deleting a source keeps them.
    let mut a = new("url:x", "X", None, &["Body."]);
    a.source = "https://a.example/feed.xml".into();
    store.insert_article(&a).unwrap();
    assert_eq!(store.source(s.id).unwrap().unwrap().articles, 1);
    assert_eq!(store.list_sources().unwrap().len(), 2);
    assert!(store.delete_source(s.id).unwrap());
    assert!(!store.delete_source(s.id).unwrap());
    assert_eq!(store.list_sources().unwrap().len(), 1);
    assert_eq!(store.count_articles().unwrap(), 1);
    // The outlets list is unchanged in meaning.
    assert_eq!(store.sources().unwrap()[0].site, "example.org");
}

#[test]
fn images_are_kept_by_hash_and_url() {
    let store = SqliteStore::in_memory().unwrap();
    let img = CachedImage {
        hash: "ab".repeat(32),
        content_type: "image/png".into(),
        bytes: b"\x89PNG\r\n\x1a\nrest".to_vec(),
    };
    store
        .put_image("https://a.example/1.png", &img, "2026-11-22T10:00:00Z")
        .unwrap();
    // The same bytes under a second URL are stored once.
    store
        .put_image("https://cdn.example/1.png", &img, "2026-11-22T10:00:00Z")
        .unwrap();
    assert_eq!(
        store.image_for_url("https://cdn.example/1.png").unwrap(),
        Some(img.hash.clone())
    );
    assert_eq!(
        store.image_for_url("https://a.example/2.png").unwrap(),
        None
    );
    let got = store.image(&img.hash).unwrap().unwrap();
    assert_eq!(got.bytes, img.bytes);
    assert_eq!(got.content_type, "image/png");
    assert!(store.image("00").unwrap().is_none());
}

#[test]
fn replacing_an_extraction_keeps_id_and_story() {
    let store = SqliteStore::in_memory().unwrap();
    let id = store
        .insert_article(&new("url:r", "Teaser", None, &["Only a summary."]))
        .unwrap();
    store.assign_story(id, 1, None).unwrap();
    let full = Article {
        title: Some("Full title".into()),
        paragraphs: vec!["First paragraph of the page.".into(), "Second.".into()],
        ..Article::default()
    };
    store
        .replace_article(id, &full, &full.paragraphs[..1])
        .unwrap();
    let got = store.article(id).unwrap().unwrap();
    assert_eq!(got.article.title.as_deref(), Some("Full title"));
    assert_eq!(got.article.paragraphs, ["First paragraph of the page."]);
    assert_eq!(got.story_id, Some(1));
    assert_eq!(got.identity, "url:r");
    assert_eq!(store.search("paragraph", 5).unwrap().len(), 1);
    assert!(store.search("summary", 5).unwrap().is_empty());
    assert_eq!(store.site_articles("example.org").unwrap()[0].1.len(), 2);
}

/// Story ids are handed out once, across connections (processes), and a new story never
/// silently joins one that exists.
#[test]
fn story_ids_are_reserved_once_and_new_stories_never_join() {
    let dir = tempfile::tempdir().unwrap();
    let one = SqliteStore::open_dir(dir.path()).unwrap();
    let two = SqliteStore::open_dir(dir.path()).unwrap();
    let ids = [
        one.reserve_story_id().unwrap(),
        two.reserve_story_id().unwrap(),
        one.reserve_story_id().unwrap(),
    ];
    assert_eq!(ids, [1, 2, 3]);
    let a = one
        .insert_article(&new("a", "Volcano erupts", None, &["lava"]))
        .unwrap();
    let b = two
        .insert_article(&new("b", "Rates rise", None, &["bank"]))
        .unwrap();
    one.open_story(a, ids[0], None).unwrap();
    let err = two.open_story(b, ids[0], None).unwrap_err();
    assert!(matches!(err, StoreError::StoryExists(1)), "{err}");
    assert_eq!(
        two.article(b).unwrap().unwrap().story_id,
        None,
        "nothing changed"
    );
    assert_eq!(one.story(1).unwrap().unwrap().articles.len(), 1);
    // Joining an existing story is what assign_story is for.
    two.assign_story(b, ids[0], None).unwrap();
    assert_eq!(one.story(1).unwrap().unwrap().articles.len(), 2);
    assert_eq!(one.reserve_story_id().unwrap(), 4);
}

/// Re-extraction replaces an article in place: what the new extraction lacks stays, a new
/// date moves the article in time.
#[test]
fn replace_article_keeps_what_the_new_extraction_lacks() {
    let store = SqliteStore::in_memory().unwrap();
    let mut first = new("a", "Ferry line opens", Some("2026-03-03"), &["old text"]);
    first.article.canonical_url = Some("https://news.example/ferry".into());
    first.article.site_name = Some("Harbour News".into());
    let id = store.insert_article(&first).unwrap();
    store.assign_story(id, 1, None).unwrap();
    let replacement = Article {
        published: Published::from_iso("2026-03-05"),
        paragraphs: vec!["new text here".into()],
        ..Article::default()
    };
    store
        .replace_article(id, &replacement, &["new text here".to_owned()])
        .unwrap();
    let a = store.article(id).unwrap().unwrap();
    assert_eq!(a.article.title.as_deref(), Some("Ferry line opens"));
    assert_eq!(
        a.article.canonical_url.as_deref(),
        Some("https://news.example/ferry")
    );
    assert_eq!(a.article.site_name.as_deref(), Some("Harbour News"));
    assert_eq!(a.article.text(), "new text here");
    let moved = Published::from_iso("2026-03-05").unwrap().timestamp();
    assert_eq!(store.latest_article_time().unwrap(), Some(moved));
    assert_eq!(store.story(1).unwrap().unwrap().summary.last_updated, moved);
}

/// Serving an image never waits for another process's write lock: noting its last use is
/// skipped while a writer holds the database (it would otherwise wait out the busy timeout,
/// 10 s, and stall the page).
#[test]
fn serving_an_image_does_not_wait_for_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_dir(dir.path()).unwrap();
    let image = CachedImage {
        hash: format!("{:064}", 7),
        content_type: "image/png".into(),
        bytes: vec![7; 64],
    };
    store
        .put_image("https://img.example/7.png", &image, "2026-11-22T10:00:00Z")
        .unwrap();
    let writer = rusqlite::Connection::open(dir.path().join("tidings.db")).unwrap();
    // Last used long ago: serving it would note a new use.
    writer
        .execute_batch("UPDATE images SET used = 1000")
        .unwrap();
    writer.execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = std::time::Instant::now();
    let served = store.image(&image.hash).unwrap();
    let waited = started.elapsed();
    writer.execute_batch("COMMIT").unwrap();
    assert_eq!(served.map(|i| i.bytes), Some(image.bytes.clone()));
    assert!(
        waited < std::time::Duration::from_secs(5),
        "waited {waited:?} for the writer"
    );
    // The use was not noted then; it is on the next serve.
    let used = |db: &rusqlite::Connection| -> i64 {
        db.query_row("SELECT used FROM images", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(used(&writer), 1000);
    store.image(&image.hash).unwrap();
    assert!(used(&writer) > 1000);
}

/// The image cache is bounded: images no article shows go first, then the least recently
/// served until the rest fits.
#[test]
fn image_cache_evicts_unreferenced_then_least_recently_used() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_dir(dir.path()).unwrap();
    let image = |n: u8| CachedImage {
        hash: format!("{n:064}"),
        content_type: "image/png".into(),
        bytes: vec![n; 120],
    };
    for n in 1..=4u8 {
        let url = format!("https://img.example/{n}.png");
        if n < 4 {
            // Images 1-3 are shown by an article; image 4 by none.
            let mut a = new(&format!("a{n}"), "Title", None, &["text"]);
            a.article.image = Some(url.clone());
            store.insert_article(&a).unwrap();
        }
        store
            .put_image(&url, &image(n), "2026-11-22T10:00:00Z")
            .unwrap();
    }
    let db = rusqlite::Connection::open(dir.path().join("tidings.db")).unwrap();
    db.execute_batch("UPDATE images SET used = 1000 * CAST(substr(hash, 64) AS INTEGER);")
        .unwrap();
    // Image 1, the oldest, is served again: now the most recently used.
    assert!(store.image(&image(1).hash).unwrap().is_some());
    let (removed, kept) = store.prune_images(250).unwrap();
    assert_eq!((removed, kept), (2, 240));
    let cached = |n: u8| store.image(&image(n).hash).unwrap().is_some();
    assert_eq!(
        [cached(1), cached(2), cached(3), cached(4)],
        [true, false, true, false]
    );
    assert_eq!(
        store.image_for_url("https://img.example/2.png").unwrap(),
        None
    );
    assert!(
        store
            .image_for_url("https://img.example/3.png")
            .unwrap()
            .is_some()
    );
    // Within the bound: nothing more goes.
    assert_eq!(store.prune_images(250).unwrap(), (0, 240));
}
