//! What a process killed between storing an article and placing it leaves behind, and how
//! the store lets the next run find it.

use tidings_extract::{Article, Published};
use tidings_store::{NewArticle, SqliteStore, Store};

fn new(identity: &str, title: &str, published: &str) -> NewArticle {
    let paragraphs = vec![format!("{title}: the body of the report.")];
    NewArticle {
        identity: identity.into(),
        source: "test".into(),
        site: Some("example.org".into()),
        article: Article {
            title: Some(title.into()),
            published: Published::from_iso(published),
            paragraphs: paragraphs.clone(),
            ..Article::default()
        },
        clean_paragraphs: paragraphs,
        ingested_at: "2026-11-22T10:00:00Z".into(),
    }
}

#[test]
fn unplaced_articles_are_found_oldest_first_whatever_their_age() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_dir(dir.path()).unwrap();
    // Stored in this order; the oldest by date is years before the others (outside any
    // clustering window), and is still found.
    let late = store
        .insert_article(&new("url:late", "Late", "2026-03-05T10:00:00Z"))
        .unwrap();
    let placed = store
        .insert_article(&new("url:placed", "Placed", "2026-03-04T10:00:00Z"))
        .unwrap();
    let old = store
        .insert_article(&new("url:old", "Old", "2019-01-01T10:00:00Z"))
        .unwrap();
    let story = store.reserve_story_id().unwrap();
    store.open_story(placed, story, None).unwrap();

    let ids = |limit| -> Vec<i64> {
        store
            .unplaced_articles(limit)
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect()
    };
    assert_eq!(ids(10), vec![old, late]);
    assert_eq!(ids(1), vec![old], "the limit holds");
    let records = store.unplaced_articles(10).unwrap();
    assert_eq!(records[0].title.as_deref(), Some("Old"));
    assert!(records[0].text.contains("the body of the report"));
    assert_eq!(records[0].story, None);

    // Reopened (a new process), the same; placed, they are gone from the list.
    drop(store);
    let store = SqliteStore::open_dir(dir.path()).unwrap();
    assert_eq!(store.unplaced_articles(10).unwrap().len(), 2);
    store.assign_story(old, story, None).unwrap();
    store.assign_story(late, story, None).unwrap();
    assert!(store.unplaced_articles(10).unwrap().is_empty());
    assert_eq!(store.story(story).unwrap().unwrap().summary.articles, 3);
}
